// SPDX-License-Identifier: Apache-2.0
//
// LotteryPolicy ("lottery"): memoryless picks with exact chances.
//
// Guarantee: each week, team i is among the k picks with probability exactly
// π_i = min(1, c·w_i), Σπ_i = k (cap at 1 and redistribute; exact for weights with up to six
// decimal places, otherwise to within 2^-32: detail/shares.hpp), independently of every other
// week. No team is picked twice in a week.
// Drawn by Sampford's method when the week's picks are few against the teams (7 of 100: about
// 1.3 attempts of 7 alias-table draws), otherwise by the pivotal method; both are exact, and which
// one is used depends only on the shares (detail/sampling.hpp). The shares and Sampford's tables
// are built once per roster state and k and kept, so an unconstrained week allocates only the
// vector it returns.
//
// Limit: being memoryless, it promises nothing about waits: with 100 teams and 7 picks a week a
// team can wait 100+ weeks, and its turns drift from its share like a random walk (√t).
// With pinned or skipped teams, the remaining picks get chances ∝ weight among the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "../detail/sampling.hpp"
#include "../detail/shares.hpp"
#define OPSWHEEL_DETAIL_IN_POLICY_HEADER  // the end of policy.hpp says why
#include "../policy.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// "lottery": memoryless picks, team i among a week's k picks with probability exactly π_i.
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
  void do_save(detail::StateWriter&) const override {}
  void do_load(detail::StateReader&) override {}

  std::vector<std::size_t> do_draw(const Request& request, Rng& rng) const override {
    std::vector<std::size_t> picks;  // the one allocation of a cached draw
    picks.reserve(request.k);
    picks.assign(request.required.begin(), request.required.end());
    if (!request.required.empty() || !request.excluded.empty()) {
      // Constrained draws are rare (a pinned or skipped team): tables for this one draw.
      Cache fresh;
      build(request, fresh);
      draw_with(fresh, rng, picks);
      return picks;
    }
    if (cache_.version != members_version_ || cache_.k != request.k) {
      Cache fresh;
      build(request, fresh);
      cache_ = std::move(fresh);  // the same week's tables serve every unconstrained draw
    }
    draw_with(cache_, rng, picks);
    return picks;
  }

  // The shares and Sampford's tables for the open members, for one roster state and k.
  struct Cache {
    std::uint64_t version = ~std::uint64_t{0};
    std::size_t k = 0;
    detail::Shares shares;
    detail::SampfordTables tables;
    std::vector<std::size_t> indices;  // open member j of the shares is roster member indices[j]
    std::vector<std::size_t> scratch;  // the pivotal method's working space
  };

  void build(const Request& request, Cache& c) const {
    std::vector<double> weights;
    eligible_weights(request, weights, c.indices);
    c.shares = detail::exact_shares(weights, request.open);
    c.tables = detail::SampfordTables(c.shares);
    c.scratch.reserve(c.indices.size());
    c.version = members_version_;
    c.k = request.k;
  }

  // Appends the open picks (Sampford or pivotal: detail::exact_draw) as roster indices.
  static void draw_with(Cache& c, Rng& rng, std::vector<std::size_t>& picks) {
    const std::size_t base = picks.size();
    detail::exact_draw(c.shares, c.tables, rng, picks, c.scratch);
    for (std::size_t i = base; i < picks.size(); ++i) picks[i] = c.indices[picks[i]];
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

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "../impl/policy_factory-inl.hpp"
#endif
