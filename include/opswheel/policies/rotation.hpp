// SPDX-License-Identifier: Apache-2.0
//
// RotationPolicy ("rotation"): a deterministic rotation, the fairness yardstick.
//
// Guarantee: with π_i = min(1, c·w_i), Σπ_i = k (detail/shares.hpp) and x_i(t) the turns of team
// i in the t weeks since the epoch began, |x_i(t) − π_i·t| < 1 for every team and week, with k
// distinct teams a week. For k > 1 the weeks are scheduled by PD² (Anderson & Srinivasan, 2004),
// which is optimal for Pfair scheduling (Baruah, Cohen, Plaxton & Varvel, "Proportionate
// progress", 1996); for k = 1 by Tijdeman's chairman-assignment rule (1980), which tightens the
// bound to 1 − 1/(2N − 2). All of it is integer arithmetic over exact shares (detail/shares.hpp).
//
// An epoch is a run of weeks with the same eligible teams, weights and k: any roster change
// (add, remove, pause, resume, weight) or a week with a different k starts a new epoch, and the
// bound holds within each epoch. Ties between equally urgent teams go to the team that has waited
// longest (across epochs), so a change continues the rotation instead of restarting it in roster
// order; still, across a change a team's wait can stretch to about two of its periods (2/π_i). Accepting picks other than the ones drawn (explicit or pinned picks) is
// recorded as given; the bound then holds again only from the next epoch, and until then the
// rule picks the teams that are furthest behind.
//
// Limit: there is no surprise at all: every team can work out when it is due.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <tuple>
#include <vector>

#include "../detail/epoch.hpp"
#include "../detail/shares.hpp"
#include "../policy.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

class RotationPolicy final : public Policy {
 public:
  std::string_view name() const noexcept override { return "rotation"; }
  std::unique_ptr<Policy> clone() const override { return std::make_unique<RotationPolicy>(*this); }

  /// Weeks since the current epoch began (0 before the first accept of an epoch).
  std::uint64_t epoch_week() const noexcept { return clock_.current().week; }

 protected:
  void on_add(std::size_t) override { clock_.add_member(); }
  void on_remove(std::size_t index) override { clock_.remove_member(index); }
  void on_set_weight(std::size_t, double) override { clock_.restart(); }
  void on_pause(std::size_t) override { clock_.restart(); }
  void on_resume(std::size_t) override { clock_.restart(); }
  void on_reset() override { clock_.restart(); }

  std::vector<std::size_t> do_draw(const Request& request, Rng&) const override {
    std::vector<std::size_t> picks = request.required;
    const auto order = priority_order(clock_.epoch_for(request.k, members_), request);
    picks.insert(picks.end(), order.begin(), order.begin() + static_cast<std::ptrdiff_t>(request.open));
    return picks;
  }

  Chances do_probabilities(std::size_t k) const override {
    Chances c{std::vector<double>(members_.size(), 0.0), true, 0};
    Rng unused(0);
    for (const std::size_t i : do_draw(make_request(k, {}), unused)) c.values[i] = 1.0;
    return c;
  }

  void do_accept(std::span<const std::size_t> picks) override { clock_.accept(picks, members_); }
  void do_save(detail::StateWriter& out) const override { clock_.save(out); }
  void do_load(detail::StateReader& in) override { clock_.load(in, members_.size()); }

 private:
  using i128 = detail::int128;
  using Epoch = detail::Epoch;

  // The open candidates, best first.
  std::vector<std::size_t> priority_order(const Epoch& e, const Request& request) const {
    const i128 one = e.scale;
    const i128 t = static_cast<i128>(e.week);
    std::size_t n_shared = 0;  // teams with a positive share: Tijdeman's N
    for (const auto u : e.units) n_shared += u > 0;
    const bool tijdeman = e.k == 1 && n_shared >= 2;
    const i128 two_n = 2 * static_cast<i128>(n_shared) - 2;

    // A sort key per candidate; smaller is better. Fields unused by a rule stay 0.
    struct Key {
      i128 rank;     // 0: released (PD²) or qualified (Tijdeman); 1: not yet
      i128 num, den; // PD²: deadline/1; Tijdeman: (1 − 1/(2N−2) − lag)/π as a fraction
      i128 b;        // PD²: −b-bit
      i128 group;    // PD²: −group deadline
      std::uint64_t last_turn;  // then the team that has waited longest
      std::size_t index;
    };
    std::vector<Key> keys;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (!is_open(request, i)) continue;
      const i128 a = e.units[i];
      const i128 x = e.turns[i];
      if (a == 0) {  // no share (or a stray pick): last resort, least served first
        keys.push_back({2, x, 1, 0, 0, clock_.last_turn(i), i});
        continue;
      }
      if (tijdeman) {
        const i128 lag = a * (t + 1) - x * one;  // (π_i(t+1) − x_i)·scale
        const bool qualifies = lag * two_n >= one;
        keys.push_back({qualifies ? 0 : 1, one * (two_n - 1) - lag * two_n, two_n * a, 0, 0, clock_.last_turn(i), i});
        continue;
      }
      const i128 release = detail::floor_div(x * one, a);
      const i128 deadline = detail::ceil_div((x + 1) * one, a);
      const i128 b = deadline - detail::floor_div((x + 1) * one, a);
      i128 group = 0;
      if (2 * a >= one && a < one) {  // heavy tasks carry a group deadline
        const i128 g = detail::ceil_div(deadline * (one - a), one);
        group = detail::ceil_div(g * one, one - a);
      }
      keys.push_back({release <= t ? 0 : 1, deadline, 1, -b, -group, clock_.last_turn(i), i});
    }
    const auto better = [](const Key& l, const Key& r) {
      if (l.rank != r.rank) return l.rank < r.rank;
      const i128 lhs = l.num * r.den, rhs = r.num * l.den;
      if (lhs != rhs) return lhs < rhs;
      return std::tie(l.b, l.group, l.last_turn, l.index) < std::tie(r.b, r.group, r.last_turn, r.index);
    };
    const auto end = keys.begin() + static_cast<std::ptrdiff_t>(request.open);
    std::partial_sort(keys.begin(), end, keys.end(), better);
    std::vector<std::size_t> order;
    for (auto it = keys.begin(); it != end; ++it) order.push_back(it->index);
    return order;
  }

  detail::EpochClock clock_;
};

OPSWHEEL_END_NAMESPACE
