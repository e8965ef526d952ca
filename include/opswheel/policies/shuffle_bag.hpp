// SPDX-License-Identifier: Apache-2.0
//
// ShuffleBagPolicy ("shuffle_bag"): every team gets its turns each cycle, in random order.
//
// Guarantee: a cycle puts w_i tokens of team i in the bag (integer weights), and each week draws
// k distinct teams from the bag, team i with chance ∝ its tokens left (capped at 1, exact: the
// pivotal method of detail/sampling.hpp). When fewer than k teams still hold tokens, all of them
// are picked and the rest come from the next cycle's tokens. So over a cycle every team presents
// exactly its w_i turns, and its deviation from its share stays below about one cycle's worth.
// Fractional weights: each cycle adds w_i to a team's credit and turns its whole part into tokens,
// so a weight of 1.5 gives 1 and 2 turns in alternate cycles and long-run shares stay ∝ w. When
// some eligible weight is below 1, every weight is divided by the smallest one for the cycle, so
// the lightest team gets one token a cycle and no cycle is empty.
// A new team joins from the next cycle (it is among the first picks then); a paused team keeps its tokens and gets no
// new ones while paused; reset empties the bag.
//
// Limit: near the end of a cycle the teams still holding tokens are sure to be picked: this is the
// policy's certainty (about half of the team-weeks with 100 equal teams, 7 a week: docs/fairness.md): teams learn when they are
// safe.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "../detail/sampling.hpp"
#include "../detail/shares.hpp"
#define OPSWHEEL_DETAIL_IN_POLICY_HEADER  // the end of policy.hpp says why
#include "../policy.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// "shuffle_bag": every team gets its turns each cycle (w_i of them for an integer weight), in
/// random order.
class ShuffleBagPolicy final : public Policy {
 public:
  std::string_view name() const noexcept override { return "shuffle_bag"; }
  std::unique_ptr<Policy> clone() const override { return std::make_unique<ShuffleBagPolicy>(*this); }

  /// Tokens member `index` has left in the current cycle.
  std::uint64_t tokens(std::size_t index) const { return tokens_.at(index); }

 protected:
  void on_add(std::size_t) override {
    tokens_.push_back(0);  // joins from the next cycle
    credit_.push_back(0.0);
  }
  void on_remove(std::size_t index) override {
    tokens_.erase(tokens_.begin() + static_cast<std::ptrdiff_t>(index));
    credit_.erase(credit_.begin() + static_cast<std::ptrdiff_t>(index));
  }
  void on_set_weight(std::size_t, double) override {}  // takes effect from the next cycle
  void on_pause(std::size_t) override {}
  void on_resume(std::size_t) override {}
  void on_reset() override {
    std::fill(tokens_.begin(), tokens_.end(), 0);
    std::fill(credit_.begin(), credit_.end(), 0.0);
  }

  std::vector<std::size_t> do_draw(const Request& request, Rng& rng) const override {
    const Plan plan = make_plan(request);
    std::vector<std::size_t> picks = request.required;
    picks.insert(picks.end(), plan.sure.begin(), plan.sure.end());
    for (const std::size_t p : detail::pivotal_draw(detail::exact_shares(plan.weights, plan.count), rng))
      picks.push_back(plan.candidates[p]);
    return picks;
  }

  Chances do_probabilities(std::size_t k) const override {
    const Plan plan = make_plan(make_request(k, {}));
    Chances c{std::vector<double>(members_.size(), 0.0), true, 0};
    for (const std::size_t i : plan.sure) c.values[i] = 1.0;
    const auto p = detail::inclusion_probabilities(plan.weights, plan.count);
    for (std::size_t j = 0; j < p.size(); ++j) c.values[plan.candidates[j]] = p[j];
    return c;
  }

  void do_accept(std::span<const std::size_t> picks) override {
    if (std::any_of(picks.begin(), picks.end(), [this](std::size_t i) { return tokens_[i] == 0; })) refill();
    for (const std::size_t i : picks) --tokens_[i];
  }
  void do_save(detail::StateWriter& out) const override {
    out.u64s(tokens_);
    out.f64s(credit_);
  }
  void do_load(detail::StateReader& in) override {
    tokens_ = in.u64s();
    credit_ = in.f64s();
    if (tokens_.size() != members_.size() || credit_.size() != members_.size())
      in.fail("a shuffle bag for " + std::to_string(tokens_.size()) + " members");
  }

 private:
  // One draw: `sure` teams are in for certain (the last tokens of the cycle); `count` more are
  // drawn from `candidates` with chances ∝ `weights` (their tokens).
  struct Plan {
    std::vector<std::size_t> sure;
    std::vector<std::size_t> candidates;
    std::vector<double> weights;
    std::size_t count;
  };

  Plan make_plan(const Request& request) const {
    Plan plan{{}, {}, {}, request.open};
    for (std::size_t i = 0; i < members_.size(); ++i)
      if (is_open(request, i) && tokens_[i] > 0) {
        plan.candidates.push_back(i);
        plan.weights.push_back(static_cast<double>(tokens_[i]));
      }
    if (plan.candidates.size() >= plan.count) return plan;
    // The cycle runs out this week: everyone left is in, the rest come from the next cycle.
    plan.sure = std::move(plan.candidates);
    plan.candidates.clear();
    plan.weights.clear();
    plan.count -= plan.sure.size();
    const double lightest = lightest_eligible_weight();
    for (std::size_t i = 0; i < members_.size(); ++i)
      if (is_open(request, i) && tokens_[i] == 0) {
        plan.candidates.push_back(i);
        plan.weights.push_back(static_cast<double>(cycle_share(i, lightest).first));
      }
    return plan;
  }

  // A cycle's weights are divided by this, so the lightest team gets at least one token.
  double lightest_eligible_weight() const {
    double lightest = 1.0;
    for (const Member& m : members_)
      if (m.eligible) lightest = std::min(lightest, m.weight);
    return lightest;
  }

  // The tokens (whole part) and the credit left over that a new cycle gives member `index`.
  // limits.hpp keeps weight / lightest below 10^12; the cap keeps the conversion to an integer
  // defined whatever the weights (a double past 2^64 has no uint64 value), and a cycle finite.
  std::pair<std::uint64_t, double> cycle_share(std::size_t index, double lightest) const {
    const double credit = std::min(detail::shares_impl::integer_sum_limit, credit_[index] + members_[index].weight / lightest);
    const double whole = std::floor(credit);
    return {static_cast<std::uint64_t>(whole), credit - whole};
  }

  void refill() {
    const double lightest = lightest_eligible_weight();
    for (std::size_t i = 0; i < members_.size(); ++i)
      if (members_[i].eligible) {
        const auto [t, c] = cycle_share(i, lightest);
        tokens_[i] += t;
        credit_[i] = c;
      }
  }

  std::vector<std::uint64_t> tokens_;  // left in the current cycle
  std::vector<double> credit_;         // fractional turns carried to the next cycle
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "../impl/policy_factory-inl.hpp"
#endif
