// SPDX-License-Identifier: Apache-2.0
//
// TargetLedger: each team's fair-share target, kept across roster changes, for the policies that
// promise a bound (quota, rotation).
//
// A team's target E_i(t) is its share accumulated over the weeks it was eligible: the sum of
// π_i(u) over the weeks u <= t it was eligible, π_i(u) being its exact share (shares.hpp) among
// that week's eligible teams and k — what Wheel::stats() reports as `expected`. Its lag is
// E_i − x_i (x_i its turns). The policies keep every lag inside the band −(s+1) < lag < s+1 (s the
// slack: 0 for rotation), which for whole turns is ⌊E_i⌋ − s <= x_i <= ⌈E_i⌉ + s.
//
// Epochs. Between two changes of the eligible teams, their weights or k, every share is fixed,
// so after t weeks of the epoch team i's target is (offset_i + units_i·t) / scale turns, counted
// from the epoch's start: the integer arithmetic the policies run on. A change takes effect at the
// next accepted week, where the epoch restarts with every team's lag carried over, rounded to
// 1/scale of the new epoch (scale >= 2^47: a change moves a target by at most 2^-48 of a turn).
// What carries over, and why:
// - A paused team accrues no share, so its lag stays as it was until it comes back.
// - A new team starts at lag 0.
// - A team that leaves takes its lag with it; the others' targets are not touched, so that every
//   target stays what Wheel::stats() reports. The eligible teams' lags then sum to minus the lags
//   of the teams that left (and of those paused) instead of 0, which the band absorbs: the sum
//   moves like a random walk over departures, a tenth of a turn per team after 100 of them at
//   N = 100.
// - A change that changes nothing (a weight set to its value, a pause undone before the next
//   accepted week, a team added and removed again) leaves the ledger as it was, bit for bit.
//
// Debts. A week can leave a team outside the band: a pin or an explicit pick past its upper bound,
// a skip of a team that was due, a week for which no set could keep every bound. The whole turns
// of the excess then move into the team's debt (positive: it presented more than its share,
// negative: less), so that its effective lag is back inside the band, and the debt is paid back a
// little every week the team is eligible: its effective target grows at half its share while it
// owes turns, and at one and a half times its share (never more than one turn a week) while it is
// owed them. The policies keep the effective targets E'_i = E_i + debt_i within the band, so
//     |x_i − E_i| < s + 1 + |debt_i|,  and |debt_i| falls by π_i/2 every eligible week:
// one excess turn is paid back within 2/π_i eligible weeks, spread out: the team keeps its usual
// chances around a target that moves a little slower (or faster). A team with a share of 1
// presents every week and cannot catch up: what it is owed waits until its share is below 1. A
// debt past 64 turns is forgiven: the target keeps the shift.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "../version.hpp"
#include "serial.hpp"
#include "shares.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// ⌊a / b⌋ and ⌈a / b⌉ for b > 0, rounding toward −∞ and +∞ (C++ division truncates).
inline int128 floor_div(int128 a, int128 b) { return a / b - ((a % b != 0) && (a < 0)); }
inline int128 ceil_div(int128 a, int128 b) { return -floor_div(-a, b); }

/// The targets of one epoch (see the top of this header), by member index.
struct Epoch {
  std::size_t k = 0;                  ///< picks a week; 0 before the first week
  std::uint64_t week = 0;             ///< weeks done in the epoch
  std::uint64_t scale = 1;            ///< the denominator of every target
  std::vector<std::uint64_t> units;   ///< π_i·scale; 0 for paused members
  std::vector<std::int64_t> offset;   ///< the effective target at the epoch's start, ·scale
  std::vector<std::uint64_t> turns;   ///< turns within the epoch

  /// The effective target at week T of the epoch, ·scale: offset_i + units_i·T.
  int128 target(std::size_t i, int128 T) const {
    return static_cast<int128>(offset[i]) + static_cast<int128>(units[i]) * T;
  }
  /// The effective lag after the weeks so far, ·scale.
  int128 lag(std::size_t i) const {
    return target(i, static_cast<int128>(week)) - static_cast<int128>(turns[i]) * static_cast<int128>(scale);
  }
  double lag_turns(std::size_t i) const { return static_cast<double>(lag(i)) / static_cast<double>(scale); }
  bool operator==(const Epoch&) const = default;
};

class TargetLedger {
 public:
  /// Debts past this many turns are forgiven (see the top of this header).
  static constexpr std::int64_t debt_cap_turns = 64;
  /// A ledger for the band −(slack + 1) < lag < slack + 1. Precondition: slack <= max_slack
  /// (limits.hpp), so that lags, debts and their sums fit 64 bits at any scale.
  explicit TargetLedger(unsigned slack = 0) : slack_(slack) {}

  /// A member appended at index size(): lag 0, waiting since now.
  void add_member() {
    epoch_.units.push_back(0);
    epoch_.offset.push_back(0);
    epoch_.turns.push_back(0);
    weights_.push_back(0);  // no weight is 0: the epoch does not hold it until it restarts
    eligible_.push_back(false);
    debt_.push_back(0);
    repaying_.push_back(0);
    turn_lag_.push_back(0);
    waited_.push_back(0);
    lag_.push_back(0);
    changed_ = true;
  }
  /// Member `index` leaves with its lag; later members move down by one.
  void remove_member(std::size_t index) {
    stale_ = stale_ || epoch_.units[index] > 0;  // the others' shares grow
    const auto at = [index](auto& v) { v.erase(v.begin() + static_cast<std::ptrdiff_t>(index)); };
    at(epoch_.units), at(epoch_.offset), at(epoch_.turns), at(weights_), at(eligible_), at(debt_), at(repaying_),
        at(turn_lag_), at(waited_), at(lag_);
    changed_ = true;
  }
  /// A member's weight or eligibility may have changed: the next week checks whether the epoch
  /// still holds.
  void touch() noexcept { changed_ = true; }
  /// Every lag and debt back to 0: targets count from now (the AWS "reset").
  void reset() {
    const std::size_t n = size();
    epoch_ = Epoch{0, 0, 1, std::vector<std::uint64_t>(n, 0), std::vector<std::int64_t>(n, 0),
                   std::vector<std::uint64_t>(n, 0)};
    for (auto* v : {&debt_, &repaying_, &lag_}) std::fill(v->begin(), v->end(), 0);
    std::fill(turn_lag_.begin(), turn_lag_.end(), 0.0);
    std::fill(waited_.begin(), waited_.end(), 0);
    stale_ = true;
  }

  std::size_t size() const noexcept { return weights_.size(); }
  unsigned slack() const noexcept { return slack_; }
  /// The epoch of the accepted weeks so far.
  const Epoch& current() const noexcept { return epoch_; }

  /// The epoch a week of k picks by `members` (a range of {weight, eligible}) belongs to: the
  /// current one when nothing changed since, else the one the change starts. Valid until the next
  /// call.
  template <class Members>
  const Epoch& epoch_for(std::size_t k, const Members& members) const {
    if (holds(k, members)) return epoch_;
    scratch_ = restarted(k, members);
    return scratch_;
  }

  /// Starts an accepted week of k picks by `members`: restarts the epoch first if the members or
  /// k changed, and returns whether it did (current() is then the epoch_for(k, members) of before).
  /// `planned`, when given, is that epoch, kept from a draw since; it is moved from. Call end_week
  /// next.
  template <class Members>
  bool begin_week(std::size_t k, const Members& members, Epoch* planned = nullptr) {
    if (holds(k, members)) return false;
    Epoch next = planned ? std::move(*planned) : restarted(k, members);
    carry_debts(next);
    epoch_ = std::move(next);
    for (std::size_t i = 0; i < members.size(); ++i) {
      weights_[i] = members[i].weight;
      eligible_[i] = members[i].eligible;
      lag_[i] = static_cast<std::int64_t>(epoch_.lag(i));
    }
    stale_ = changed_ = false;
    return true;
  }

  /// Records the week's picks (after begin_week). Returns true when targets moved other than by
  /// the week itself (a debt settled, or being paid back): a policy that derives week-to-week
  /// state from the epoch rebuilds it then.
  bool end_week(std::span<const std::size_t> picks) {
    Epoch& e = epoch_;
    const auto one = static_cast<std::int64_t>(e.scale);
    bool moved = false;
    if (debtors_ > 0)
      for (std::size_t i = 0; i < size(); ++i) {  // the week's repayment, in its targets since the last week
        debt_[i] += repaying_[i];
        repaying_[i] = 0;
      }
    ++e.week;
    for (const std::size_t i : picks) {
      ++e.turns[i];
      lag_[i] -= one;
    }
    const std::int64_t band = (static_cast<std::int64_t>(slack_) + 1) * one;
    for (std::size_t i = 0; i < size(); ++i) {
      if (e.units[i] == 0) continue;  // paused: nothing moves
      lag_[i] += static_cast<std::int64_t>(e.units[i]);
      ++waited_[i];
      if (lag_[i] < band && lag_[i] > -band) continue;
      // Outside the band: whole turns of the excess become debt.
      const std::int64_t turns = lag_[i] >= band ? -((lag_[i] - band) / one + 1) : (-band - lag_[i]) / one + 1;
      shift(i, turns * one);
      debt_[i] = std::clamp(debt_[i] + turns * one, -debt_cap_turns * one, debt_cap_turns * one);
      turn_lag_[i] += static_cast<double>(turns);
      ++settled_;
      moved = true;
    }
    for (const std::size_t i : picks) {
      turn_lag_[i] = static_cast<double>(lag_[i]) / static_cast<double>(one);
      waited_[i] = 0;
    }
    // Next week's repayment goes into the targets now, so that the week's draw already sees it;
    // the debt shows it once the week is accepted.
    debtors_ = 0;
    for (std::size_t i = 0; i < size(); ++i) {
      if (debt_[i] == 0) continue;
      ++debtors_;
      if (e.units[i] == 0) continue;
      const auto half = static_cast<std::int64_t>(e.units[i] / 2);  // units are even: see restarted()
      const std::int64_t step = debt_[i] > 0 ? -std::min(debt_[i], half)
                                             : std::min(-debt_[i], std::min(half, one - static_cast<std::int64_t>(e.units[i])));
      repaying_[i] = step;  // 0 for a team owed turns with a share of 1: it catches up once below 1
      shift(i, step);
      moved = moved || step != 0;
    }
    return moved;
  }

  /// Whether a week of `picks` on `e` (current(), or an epoch_for since the last week) leaves
  /// every eligible member inside the band.
  bool keeps_band(const Epoch& e, std::span<const std::size_t> picks) const {
    const auto one = static_cast<std::int64_t>(e.scale);
    const std::int64_t band = (static_cast<std::int64_t>(slack_) + 1) * one;
    picked_.assign(e.units.size(), 0);
    for (const std::size_t i : picks) picked_[i] = 1;
    for (std::size_t i = 0; i < e.units.size(); ++i) {
      if (e.units[i] == 0) continue;
      const std::int64_t now = &e == &epoch_ ? lag_[i] : e.offset[i];  // a new epoch is at its start
      const std::int64_t next = now + static_cast<std::int64_t>(e.units[i]) - (picked_[i] ? one : 0);
      if (next >= band || next <= -band) return false;
    }
    return true;
  }

  /// begin_week and end_week; returns whether targets moved other than by the week itself.
  template <class Members>
  bool accept(std::span<const std::size_t> picks, const Members& members) {
    const bool restarted = begin_week(picks.size(), members);
    return end_week(picks) || restarted;
  }

  /// Member i's debt in turns after the last accepted week (see the top of this header):
  /// positive when it presented more than its share. |x_i − E_i| < slack + 1 + |debt|.
  double debt(std::size_t i) const {
    return static_cast<double>(debt_[i]) / static_cast<double>(epoch_.scale);
  }
  /// Member i's effective lag after the last accepted week, E'_i − x_i (E'_i = E_i + debt_i).
  double lag(std::size_t i) const {
    return static_cast<double>(lag_[i] - repaying_[i]) / static_cast<double>(epoch_.scale);
  }
  /// Member i's effective lag right after its last turn (0 when it joined): its age, the share
  /// accrued since, is the lag now minus this.
  double turn_lag(std::size_t i) const { return turn_lag_[i]; }
  /// Weeks member i was eligible since its last turn (or since it joined).
  std::uint64_t waited(std::size_t i) const { return waited_[i]; }
  /// Weeks in which some team left the band and had whole turns moved into its debt.
  std::uint64_t settled() const noexcept { return settled_; }

  void save(StateWriter& out) const {
    out.size(epoch_.k);
    out.u64(epoch_.week);
    out.u64(epoch_.scale);
    out.u64s(epoch_.units);
    out.list(epoch_.offset, [&](std::int64_t v) { out.i64(v); });
    out.u64s(epoch_.turns);
    out.f64s(weights_);
    out.list(eligible_, [&](char v) { out.boolean(v != 0); });
    out.boolean(stale_);
    out.list(debt_, [&](std::int64_t v) { out.i64(v); });
    out.list(repaying_, [&](std::int64_t v) { out.i64(v); });
    out.f64s(turn_lag_);
    out.u64s(waited_);
    out.u64(settled_);
  }
  /// Reads what save() wrote, for a ledger of `members` members.
  void load(StateReader& in, std::size_t members) {
    Epoch e;
    e.k = in.size(0);
    e.week = in.u64();
    e.scale = in.u64();
    e.units = in.u64s();
    e.offset = in.list<std::int64_t>(8, [&] { return in.i64(); });
    e.turns = in.u64s();
    auto weights = in.f64s();
    auto eligible = in.list<char>(8, [&] { return static_cast<char>(in.boolean()); });
    const bool stale = in.boolean();
    auto debt = in.list<std::int64_t>(8, [&] { return in.i64(); });
    auto repaying = in.list<std::int64_t>(8, [&] { return in.i64(); });
    auto turn_lag = in.f64s();
    auto waited = in.u64s();
    const std::uint64_t settled = in.u64();
    const auto fits = [&](const auto& v) { return v.size() == members; };
    if (e.scale == 0 || !fits(e.units) || !fits(e.offset) || !fits(e.turns) || !fits(weights) || !fits(eligible) ||
        !fits(debt) || !fits(repaying) || !fits(turn_lag) || !fits(waited))
      in.fail("target ledger that does not fit " + std::to_string(members) + " members");
    for (std::size_t i = 0; i < members; ++i)
      if (e.units[i] > e.scale) in.fail("a share above 1 in the target ledger");
    epoch_ = std::move(e);
    weights_ = std::move(weights);
    eligible_ = std::move(eligible);
    stale_ = stale;
    debt_ = std::move(debt);
    repaying_ = std::move(repaying);
    turn_lag_ = std::move(turn_lag);
    waited_ = std::move(waited);
    settled_ = settled;
    lag_.resize(members);
    for (std::size_t i = 0; i < members; ++i) lag_[i] = static_cast<std::int64_t>(epoch_.lag(i));
    debtors_ = static_cast<std::size_t>(std::count_if(debt_.begin(), debt_.end(), [](std::int64_t d) { return d != 0; }));
    changed_ = true;
  }

 private:
  // Whether the epoch is the one for a week of k picks by `members`.
  template <class Members>
  bool holds(std::size_t k, const Members& members) const {
    if (stale_ || epoch_.k != k) return false;
    if (!changed_) return true;
    for (std::size_t i = 0; i < members.size(); ++i)
      if (members[i].weight != weights_[i] || static_cast<char>(members[i].eligible) != eligible_[i]) return false;
    changed_ = false;  // changed back: nothing to do until the next change
    return true;
  }

  // Moves member i's effective target by `units` (·scale).
  void shift(std::size_t i, std::int64_t units) {
    epoch_.offset[i] += units;
    lag_[i] += units;
  }

  // The epoch a change starts: shares for k picks among the eligible members, every lag carried
  // over into the new scale.
  template <class Members>
  Epoch restarted(std::size_t k, const Members& members) const {
    std::vector<double> weights;
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < members.size(); ++i)
      if (members[i].eligible) {
        weights.push_back(members[i].weight);
        indices.push_back(i);
      }
    const Shares shares = exact_shares(weights, k);
    // A fine scale (2^47 <= scale < 2^48, shares.scale < 2^40) so that carried lags round
    // finely, and an even one, so that half a share is a whole number of units.
    const int shift = 48 - static_cast<int>(std::bit_width(shares.scale));
    const std::uint64_t scale = shares.scale << shift;
    const auto n = members.size();
    Epoch e{k, 0, scale, std::vector<std::uint64_t>(n, 0), std::vector<std::int64_t>(n, 0),
            std::vector<std::uint64_t>(n, 0)};
    for (std::size_t j = 0; j < indices.size(); ++j) e.units[indices[j]] = shares.units[j] << shift;
    const int128 limit = (static_cast<int128>(slack_) + 1) * scale - 1;
    for (std::size_t i = 0; i < n; ++i) {
      // The lag after the last week is inside the band; rounding must not take it to the edge.
      // The coming week's repayment, already in the offset, may take it past: it is carried apart,
      // and dropped for a team paused now (its target does not move this week).
      const int128 step = e.units[i] > 0 ? carried(repaying_[i], scale) : 0;
      e.offset[i] = static_cast<std::int64_t>(std::clamp(carried(lag_[i] - repaying_[i], scale), -limit, limit) + step);
    }
    return e;
  }

  // Debts and repayments under way, from the current epoch's scale into `next`'s (as restarted
  // carried the repayments into its offsets).
  void carry_debts(const Epoch& next) {
    for (std::size_t i = 0; i < size(); ++i) {
      debt_[i] = static_cast<std::int64_t>(carried(debt_[i], next.scale));
      repaying_[i] = next.units[i] > 0 ? static_cast<std::int64_t>(carried(repaying_[i], next.scale)) : 0;
    }
  }

  // `value` in units of the current scale, in units of `scale`, rounded.
  int128 carried(int128 value, std::uint64_t scale) const {
    return value == 0 ? 0 : rounded_div(value * static_cast<int128>(scale), static_cast<int128>(epoch_.scale));
  }

  // a / b rounded to the nearest integer, halves away from zero; b > 0.
  static int128 rounded_div(int128 a, int128 b) {
    return a >= 0 ? (2 * a + b) / (2 * b) : -((-2 * a + b) / (2 * b));
  }

  unsigned slack_;
  Epoch epoch_;
  std::vector<double> weights_;  // what epoch_ was made for, by member
  std::vector<char> eligible_;
  bool stale_ = true;                // a member with a share left since: the others' shares grow
  std::vector<std::int64_t> debt_;   // by member, ·epoch_.scale
  std::vector<std::int64_t> repaying_;  // the coming week's repayment, already in the offsets
  std::vector<double> turn_lag_;
  std::vector<std::uint64_t> waited_;
  std::uint64_t settled_ = 0;
  // Derived, not saved: kept so that a week costs a few additions per member.
  std::vector<std::int64_t> lag_;  // epoch_.lag(i), ·scale
  std::size_t debtors_ = 0;        // members with a debt
  mutable bool changed_ = true;    // a member may differ from weights_/eligible_
  mutable Epoch scratch_;          // the epoch a draw after a change plans with
  mutable std::vector<char> picked_;  // keeps_band's scratch
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
