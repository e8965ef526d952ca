// SPDX-License-Identifier: Apache-2.0
//
// The fair-share reference the bounded policies are held to, computed the plain way, apart from
// the policies' own arithmetic: each team's target is the sum of its share over every week it was
// eligible (what Wheel::stats() calls `expected`), and its lag is that target minus its turns.
// Members are kept by index, as a Policy keeps them, so a test applies each change to both.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <opswheel/detail/shares.hpp>

namespace opswheel_test {

class ShareReference {
 public:
  void add(double weight) { teams_.push_back({weight, true, 0.0, 0}); }
  void remove(std::size_t i) { teams_.erase(teams_.begin() + static_cast<std::ptrdiff_t>(i)); }
  void pause(std::size_t i) { teams_[i].eligible = false; }
  void resume(std::size_t i) { teams_[i].eligible = true; }
  void set_weight(std::size_t i, double weight) { teams_[i].weight = weight; }

  /// A week of k picks: every eligible team's share added to its target, a turn to each pick.
  void week(std::span<const std::size_t> picks, std::size_t k) {
    std::vector<double> weights;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < teams_.size(); ++i)
      if (teams_[i].eligible) {
        weights.push_back(teams_[i].weight);
        index.push_back(i);
      }
    const auto shares = opswheel::detail::inclusion_probabilities(weights, k);
    for (std::size_t j = 0; j < index.size(); ++j) teams_[index[j]].target += shares[j];
    for (const std::size_t i : picks) ++teams_[i].turns;
  }

  std::size_t size() const { return teams_.size(); }
  bool eligible(std::size_t i) const { return teams_[i].eligible; }
  std::size_t eligible_count() const {
    std::size_t n = 0;
    for (const auto& t : teams_) n += t.eligible;
    return n;
  }
  double target(std::size_t i) const { return teams_[i].target; }
  std::size_t turns(std::size_t i) const { return teams_[i].turns; }
  /// Target minus turns: positive when the team is behind its share.
  double lag(std::size_t i) const { return teams_[i].target - static_cast<double>(teams_[i].turns); }

 private:
  struct Team {
    double weight;
    bool eligible;
    double target;
    std::size_t turns;
  };
  std::vector<Team> teams_;
};

}  // namespace opswheel_test
