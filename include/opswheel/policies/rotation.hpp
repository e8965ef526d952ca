// SPDX-License-Identifier: Apache-2.0
//
// RotationPolicy ("rotation"): a deterministic rotation, the fairness yardstick.
//
// Guarantee: with x_i(t) the turns of team i after week t and E_i(t) its target — its share
// π_i = min(1, c·w_i) (Σπ_i = k, detail/shares.hpp) summed over the weeks it was eligible, as
// Wheel::stats() reports it (detail/targets.hpp) — |x_i(t) − E_i(t)| < 1 for every team and
// week, with k distinct teams a week. On a fixed roster this is proven: for k > 1 the weeks are
// scheduled by PD² (Anderson & Srinivasan, 2004), which is optimal for Pfair scheduling
// (Baruah, Cohen, Plaxton & Varvel, "Proportionate progress", 1996); for k = 1 by Tijdeman's
// chairman-assignment rule (1980), which tightens the bound to 1 − 1/(2N − 2). All of it is
// integer arithmetic over exact shares.
//
// Across changes (add, remove, pause, resume, weight, k) every team's lag carries over and the
// same rules run on the carried targets: each team's next turn has the window in which its
// target passes its turns; ties between equally urgent teams go to the team that has waited
// longest. That is not proven: a change can leave more teams due at once than there are picks.
// On the standard roster under weekly changes (docs/fairness.md) the bound held every week; on
// small rosters changing in most weeks it can break. A week that would break it counts in
// dead_ends(); the excess, like that of a pin or explicit pick past the bound, becomes the
// team's debt, paid back at half its share a week (|x_i − E_i| < 1 + |debt_i|).
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

#include "../detail/shares.hpp"
#include "../detail/targets.hpp"
#define OPSWHEEL_DETAIL_IN_POLICY_HEADER  // the end of policy.hpp says why
#include "../policy.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// "rotation": a deterministic rotation with |x_i(t) − E_i(t)| < 1, the fairness yardstick.
class RotationPolicy final : public Policy {
 public:
  std::string_view name() const noexcept override { return "rotation"; }
  std::unique_ptr<Policy> clone() const override { return std::make_unique<RotationPolicy>(*this); }

  /// Weeks since the current epoch began (0 before the first accept of an epoch).
  std::uint64_t epoch_week() const noexcept { return ledger_.current().week; }
  /// Team i's unpaid debt in turns (detail/targets.hpp): positive when it presented more than
  /// its share (pins, explicit picks), negative when it was skipped while due.
  double debt(std::size_t index) const override { return ledger_.debt(index); }
  /// Weeks in which a team ended outside its bound and had whole turns moved into its debt.
  std::uint64_t settlements() const noexcept { return ledger_.settled(); }
  /// Team i's lag after the last accepted week: its target plus debt, minus its turns.
  double lag(std::size_t index) const { return ledger_.lag(index); }
  /// Draws whose week leaves some team's lag outside (−1, 1): after a change that left no way to
  /// keep every bound, or with required teams that break it.
  std::uint64_t dead_ends() const noexcept override { return dead_ends_; }

 protected:
  // Roster changes reach the targets at the next accepted week (detail/targets.hpp).
  void on_add(std::size_t) override { ledger_.add_member(); }
  void on_remove(std::size_t index) override { ledger_.remove_member(index); }
  void on_set_weight(std::size_t, double) override { ledger_.touch(); }
  void on_pause(std::size_t) override { ledger_.touch(); }
  void on_resume(std::size_t) override { ledger_.touch(); }
  void on_reset() override { ledger_.reset(); }

  std::vector<std::size_t> do_draw(const Request& request, Rng&) const override {
    const detail::Epoch& e = ledger_.epoch_for(request.k, members_);
    std::vector<std::size_t> picks = week_of(e, request);
    if (!ledger_.keeps_band(e, picks)) ++dead_ends_;
    return picks;
  }

  Chances do_probabilities(std::size_t k) const override {
    Chances c{std::vector<double>(members_.size(), 0.0), true, 0};
    for (const std::size_t i : week_of(ledger_.epoch_for(k, members_), make_request(k, {}))) c.values[i] = 1.0;
    return c;
  }

  void do_accept(std::span<const std::size_t> picks) override { ledger_.accept(picks, members_); }
  void do_save(detail::StateWriter& out) const override {
    ledger_.save(out);
    out.u64(dead_ends_);
  }
  void do_load(detail::StateReader& in) override {
    ledger_.load(in, members_.size());
    dead_ends_ = in.u64();
  }

 private:
  using i128 = detail::int128;
  using Epoch = detail::Epoch;

  std::vector<std::size_t> week_of(const Epoch& e, const Request& request) const {
    std::vector<std::size_t> picks = request.required;
    const auto order = priority_order(e, request);
    picks.insert(picks.end(), order.begin(), order.begin() + static_cast<std::ptrdiff_t>(request.open));
    return picks;
  }

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
      std::uint64_t waited;  // then the team that has waited longest (larger first)
      std::size_t index;
    };
    std::vector<Key> keys;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (!is_open(request, i)) continue;
      const i128 a = e.units[i];
      const i128 x = e.turns[i];
      const i128 start = e.offset[i];  // the effective target at the epoch's start, ·scale
      const std::uint64_t waited = ledger_.waited(i);
      if (a == 0) {  // no share (or a stray pick): last resort, least served first
        keys.push_back({2, x, 1, 0, 0, waited, i});
        continue;
      }
      if (tijdeman) {
        const i128 lag = e.target(i, t + 1) - x * one;  // (e_i(t+1) − x_i)·scale
        const bool qualifies = lag * two_n >= one;
        keys.push_back({qualifies ? 0 : 1, one * (two_n - 1) - lag * two_n, two_n * a, 0, 0, waited, i});
        continue;
      }
      // The next turn's window: released when the target passes x, due when it reaches x + 1.
      const i128 release = detail::floor_div(x * one - start, a);
      const i128 deadline = detail::ceil_div((x + 1) * one - start, a);
      const i128 b = deadline - detail::floor_div((x + 1) * one - start, a);
      i128 group = 0;
      if (2 * a >= one && a < one) {  // heavy tasks carry a group deadline
        const i128 g = detail::ceil_div(deadline * (one - a), one);
        group = detail::ceil_div(g * one, one - a);
      }
      keys.push_back({release <= t ? 0 : 1, deadline, 1, -b, -group, waited, i});
    }
    const auto better = [](const Key& l, const Key& r) {
      if (l.rank != r.rank) return l.rank < r.rank;
      const i128 lhs = l.num * r.den, rhs = r.num * l.den;
      if (lhs != rhs) return lhs < rhs;
      return std::tie(l.b, l.group, r.waited, l.index) < std::tie(r.b, r.group, l.waited, r.index);
    };
    const auto end = keys.begin() + static_cast<std::ptrdiff_t>(request.open);
    std::partial_sort(keys.begin(), end, keys.end(), better);
    std::vector<std::size_t> order;
    for (auto it = keys.begin(); it != end; ++it) order.push_back(it->index);
    return order;
  }

  detail::TargetLedger ledger_{0};  // slack 0: |lag| < 1
  mutable std::uint64_t dead_ends_ = 0;  // a diagnostic, counted by draws (which change no state)
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "../impl/policy_factory-inl.hpp"
#endif
