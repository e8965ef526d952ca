// SPDX-License-Identifier: Apache-2.0
//
// LotteryPolicy ("lottery"): memoryless picks with exact chances.
//
// Guarantee: each week, team i is among the k picks with probability exactly
// π_i = min(1, c·w_i), Σπ_i = k (cap at 1 and redistribute; exact for weights with up to six
// decimal places, otherwise to within 2^-32: detail/shares.hpp), independently of every other
// week. No team is picked twice in a week.
// Drawn by the pivotal method over a random order of the teams (detail/sampling.hpp).
//
// Limit: being memoryless, it promises nothing about waits: with 100 teams and 7 picks a week a
// team can wait 100+ weeks, and its turns drift from its share like a random walk (√t).
// With pinned or skipped teams, the remaining picks get chances ∝ weight among the rest.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "../detail/sampling.hpp"
#include "../detail/shares.hpp"
#include "../policy.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

class LotteryPolicy final : public Policy {
 public:
  std::string_view name() const noexcept override { return "lottery"; }
  std::unique_ptr<Policy> clone() const override { return std::make_unique<LotteryPolicy>(*this); }

 protected:
  // No memory: roster changes and accepts leave nothing to update.
  void on_add(std::size_t) override {}
  void on_remove(std::size_t) override {}
  void on_set_weight(std::size_t, double) override {}
  void on_pause(std::size_t) override {}
  void on_resume(std::size_t) override {}
  void on_reset() override {}
  void do_accept(std::span<const std::size_t>) override {}

  std::vector<std::size_t> do_draw(const Request& request, Rng& rng) const override {
    const bool plain = request.required.empty() && request.excluded.empty();
    if (!plain || cache_.version != members_version_ || cache_.k != request.k) {
      std::vector<double> weights;
      Cache fresh{members_version_, request.k, {}, {}};
      eligible_weights(request, weights, fresh.indices);
      fresh.shares = detail::exact_shares(weights, request.open);
      if (!plain) return draw_with(fresh, request, rng);
      cache_ = std::move(fresh);  // the same week's shares serve every unconstrained draw
    }
    return draw_with(cache_, request, rng);
  }

  // Shares of the open members for one roster state and k.
  struct Cache {
    std::uint64_t version = ~std::uint64_t{0};
    std::size_t k = 0;
    detail::Shares shares;
    std::vector<std::size_t> indices;
  };

  static std::vector<std::size_t> draw_with(const Cache& c, const Request& request, Rng& rng) {
    std::vector<std::size_t> picks = request.required;
    for (const std::size_t p : detail::pivotal_draw(c.shares, rng)) picks.push_back(c.indices[p]);
    return picks;
  }

  Chances do_probabilities(std::size_t k) const override {
    std::vector<double> weights;
    std::vector<std::size_t> indices;
    eligible_weights(make_request(k, {}), weights, indices);
    Chances c{std::vector<double>(members_.size(), 0.0), true, 0};
    const auto p = detail::inclusion_probabilities(weights, k);
    for (std::size_t j = 0; j < indices.size(); ++j) c.values[indices[j]] = p[j];
    return c;
  }

 private:
  mutable Cache cache_;  // not shared between threads: a Policy is used by one thread at a time
};

OPSWHEEL_END_NAMESPACE
