// SPDX-License-Identifier: Apache-2.0
//
// Fairness, measured: the metrics of docs/fairness.md, computed from a sequence of weekly picks (a
// PickLog, or a run's weeks as they are drawn) and, where available, the teams' chances in some of
// those weeks (a ChanceLog).
//
// This header is the one place each metric is defined, and FairnessMeter the one place each is
// computed: measure_fairness feeds it a PickLog, simulate() feeds it each week of a run (with the
// roster's changes between weeks, under a change model), and the benchmarks' fairness table reads
// what simulate() measured. A gap means here exactly what it means in Wheel::stats().
//
// Notation: T weeks, numbered 1..T. Teams are numbered by serial: 0..N0−1 for the starting roster,
// in its order, then N0, N0+1, … for teams that join, in the order they join; N is the number of
// serials in all (N = N0 on a fixed roster). A team is present from the week it joins (week 1 for
// the starting roster) until it leaves, and eligible in the weeks it is present and not paused:
// only eligible teams are in a week's draw. π_i(u) is team i's share of week u's k picks among the
// teams eligible that week (normally min(1, c·w_i) with Σπ_i = k: detail::exact_shares); on a
// fixed roster it is the same every week, π_i. E_i(t) = Σ π_i(u) over the weeks u <= t in which
// team i was eligible: its expected turns after week t (what Wheel::stats() reports as `expected`;
// π_i·t on a fixed roster). x_i(t) the weeks among 1..t in which team i was picked (a team listed
// twice in one week counts once: the duplicate is reported by `duplicates`, and a team cannot
// present twice at one meeting).
//
// The metrics (FairnessMetrics), each defined once, here:
// - Gaps. A team's gaps are counted on its own clock, the weeks it was eligible (as Wheel's
//   TeamStats counts them, so pauses do not count against it); on a fixed roster that clock is
//   the week number. With turns at clock values c_1 < … < c_m and C eligible weeks in all (up to
//   week T, or until it left), the gaps are c_1 (the wait before the first turn, counted from its
//   clock's 0), c_{j+1} − c_j, and C − c_m when that is > 0 (a team picked in its last eligible
//   week has no open gap). A team never picked has one gap, C (none when C = 0). So turns in
//   weeks 3 and 7 of a 10-week fixed roster give gaps 3, 4 and 3, and every team's gaps sum to C.
// - max_gap: the longest gap of any team, in (eligible) weeks.
// - max_gap_normalised: the longest gap in expected turns: max over all gaps of all teams of the
//   share the team accrued during the gap, E_i at the gap's last week minus E_i at the week before
//   its first. On a fixed roster a gap of g weeks accrues g·π_i, so this is max over teams of
//   (team i's longest gap)·π_i. A perfect rotation gives about 1 (a gap of one period 1/π_i); it
//   is the figure comparable across weights.
// - mean_gap: the mean of all gaps of all teams, pooled, in weeks (open gaps included, as above):
//   ΣC_i / (number of gaps), which is N·T / (number of gaps) on a fixed roster. Because each
//   team's gaps sum to its C_i, it is fixed by the number of turns and open gaps (about N/k for
//   any policy that makes k distinct picks a week on a fixed roster); it is a sanity check rather
//   than a way to tell policies apart.
// - max_deviation: max over teams i and the weeks t in which i was present of |x_i(t) − E_i(t)|
//   (|x_i(t) − π_i·t| on a fixed roster). x_i − E_i falls between turns and rises by 1 at each,
//   so it is computed exactly at the weeks where it can peak: each turn, the week before each
//   turn, and the team's last week (T, or the week before it left).
// - win52: the worst share error over any 52-week window: max over teams i and windows s+1..s+52
//   (s = 0..T−52) throughout which team i was present of |x_i(s+52) − x_i(s) − (E_i(s+52) −
//   E_i(s))|, which is |x_i(s+52) − x_i(s) − 52·π_i| on a fixed roster. NaN when T < 52: there is
//   no full window, and a shorter window's error would not be comparable.
// - certainty: the share of team-weeks, over the weeks in the ChanceLog and the teams eligible in
//   each (a paused team, or one not on the roster, is not in the draw and does not count; on a
//   fixed roster every team counts, whatever its share), in which the team's chance of being
//   picked was exactly 0 or exactly 1 (a team that knows it is safe or due stops preparing).
// - near_certainty: the same with chance <= 0.01 or >= 0.99, so a policy cannot look
//   unpredictable by pushing chances to 0.001 instead of 0.
// - entropy: Σ_i h(p_i) in bits over the eligible teams, h(p) = −p·log2 p − (1−p)·log2(1−p)
//   (h(0) = h(1) = 0), averaged over the weeks in the ChanceLog: how much surprise a week's draw
//   holds.
//   certainty, near_certainty and entropy are NaN when there is no ChanceLog or it is empty.
//   When the chances are Monte Carlo estimates (ChanceLog::samples() > 0), a chance below about
//   1/samples reads as 0, so certainty errs high and entropy low (docs/fairness.md, "Estimated
//   chances").
// - duplicates: the number of (week, team) pairs in which the team is listed more than once
//   (three times in one week is one pair). Must be 0 for every policy.
// - dead_ends: the weeks whose draw could not keep every team within the policy's bound, as the
//   policy counts them (Policy::dead_ends(): 0 for a policy that promises no bound). Only a
//   simulation knows it; measured from picks alone it is NaN.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "detail/serial.hpp"
#include "errors.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// The teams picked each week: a weeks × k matrix of team indices, stored row by row in one
/// std::vector<std::uint32_t> so that it maps onto a numpy array of shape (weeks, k) without a
/// copy. Row r holds week r + 1, in the order the policy drew the picks.
class PickLog {
 public:
  /// An empty log for k picks a week (k >= 1).
  explicit PickLog(std::size_t k = 1) : k_(k) {
    if (k == 0) throw InvalidArgument("a pick log needs k >= 1 picks a week");
  }
  /// A log over existing values (row-major, weeks × k); throws unless values.size() is a
  /// multiple of k.
  PickLog(std::size_t k, std::vector<std::uint32_t> values) : PickLog(k) {
    if (values.size() % k != 0)
      throw InvalidArgument("a pick log of k = " + std::to_string(k) + " needs a multiple of " + std::to_string(k) +
                            " values, not " + std::to_string(values.size()));
    values_ = std::move(values);
  }

  std::size_t k() const noexcept { return k_; }
  std::size_t weeks() const noexcept { return values_.size() / k_; }
  bool empty() const noexcept { return values_.empty(); }

  /// All picks, row-major (weeks() × k()).
  std::span<const std::uint32_t> values() const noexcept { return values_; }
  const std::uint32_t* data() const noexcept { return values_.data(); }
  /// The picks of week row + 1. Precondition: row < weeks().
  std::span<const std::uint32_t> operator[](std::size_t row) const noexcept {
    return {values_.data() + row * k_, k_};
  }

  /// Room for `weeks` weeks, so appending them does not reallocate.
  void reserve(std::size_t weeks) { values_.reserve(weeks * k_); }

  /// Appends one week's picks (as Policy::draw returns them). Throws InvalidArgument unless there
  /// are exactly k of them and each fits in 32 bits. Duplicates are kept: they are measured.
  void append(std::span<const std::size_t> picks) {
    if (picks.size() != k_)
      throw InvalidArgument("a week of this pick log has " + std::to_string(k_) + " picks, not " +
                            std::to_string(picks.size()));
    for (const std::size_t p : picks)
      if (p > std::numeric_limits<std::uint32_t>::max())
        throw InvalidArgument("team index " + std::to_string(p) + " does not fit a pick log");
    const std::size_t at = values_.size();
    values_.resize(at + k_);
    for (std::size_t j = 0; j < k_; ++j) values_[at + j] = static_cast<std::uint32_t>(picks[j]);
  }

  bool operator==(const PickLog&) const = default;

 private:
  std::size_t k_;
  std::vector<std::uint32_t> values_;
};

/// Each team's chance of being picked, recorded for some of the weeks of a PickLog: the input to
/// entropy and certainty. Row j holds the chances before week weeks()[j] was drawn, by team
/// (serial), NaN for a team that was not in that week's draw (not on the roster yet or any more,
/// or paused): a row has a value for every team the log covers.
class ChanceLog {
 public:
  /// An empty log for `teams` teams.
  explicit ChanceLog(std::size_t teams = 0) : teams_(teams) {}

  std::size_t teams() const noexcept { return teams_; }
  /// How many weeks have chances recorded.
  std::size_t size() const noexcept { return weeks_.size(); }
  bool empty() const noexcept { return weeks_.empty(); }
  /// The recorded weeks (1-based, increasing).
  std::span<const std::size_t> weeks() const noexcept { return weeks_; }
  /// All chances, row-major (size() × teams()).
  std::span<const double> values() const noexcept { return values_; }
  /// The chances recorded for week weeks()[row]. Precondition: row < size().
  std::span<const double> operator[](std::size_t row) const noexcept {
    return {values_.data() + row * teams_, teams_};
  }
  /// The number of draws behind the estimated rows (the largest, if they differ); 0 when every
  /// row is exact.
  std::size_t samples() const noexcept { return samples_; }

  /// Records the chances before `week` was drawn. `samples` is how many draws the values were
  /// estimated from, 0 when they are exact (as Chances reports them). Throws InvalidArgument
  /// unless week >= 1 and later than the last recorded week, there is one chance per team, and
  /// each chance is in [0, 1] or NaN (not in the draw).
  void add(std::size_t week, std::span<const double> chances, std::size_t samples = 0) {
    if (week == 0) throw InvalidArgument("weeks are numbered from 1");
    if (!weeks_.empty() && week <= weeks_.back())
      throw InvalidArgument("chances for week " + std::to_string(week) + " come after week " +
                            std::to_string(weeks_.back()) + ": record the weeks in increasing order");
    if (chances.size() != teams_)
      throw InvalidArgument("a chance log of " + std::to_string(teams_) + " teams got " +
                            std::to_string(chances.size()) + " chances");
    for (std::size_t i = 0; i < chances.size(); ++i)
      if (!(chances[i] >= 0.0 && chances[i] <= 1.0) && !std::isnan(chances[i]))
        throw InvalidArgument("the chance of team " + std::to_string(i) + " in week " + std::to_string(week) +
                              " is not in [0, 1] (nor NaN, not in the draw)");
    weeks_.push_back(week);
    values_.insert(values_.end(), chances.begin(), chances.end());
    samples_ = std::max(samples_, samples);
  }

  /// Equal when the weeks, samples and every value are, NaN (not in the draw) matching NaN.
  friend bool operator==(const ChanceLog& a, const ChanceLog& b) noexcept {
    return a.teams_ == b.teams_ && a.weeks_ == b.weeks_ && a.samples_ == b.samples_ &&
           std::equal(a.values_.begin(), a.values_.end(), b.values_.begin(), b.values_.end(),
                      [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); });
  }

 private:
  std::size_t teams_;
  std::vector<std::size_t> weeks_;
  std::vector<double> values_;
  std::size_t samples_ = 0;
};

/// One team's gaps as its weeks pass (definition at the top of this header). `week` is the team's
/// own clock: the week number in a simulation, the number of meetings it was eligible for in a
/// Wheel (so pauses do not count against it).
class GapTracker {
 public:
  /// The team presented in `week` (>= the last turn's week); returns the gap this turn closed.
  /// A second turn in the same week closes no gap and returns 0.
  std::uint64_t turn(std::uint64_t week) noexcept {
    const std::uint64_t gap = week - last_;
    if (gap == 0) return 0;
    longest_closed_ = std::max(longest_closed_, gap);
    ++closed_;
    last_ = week;
    return gap;
  }
  /// The week of the last turn; 0 before the first.
  std::uint64_t last_turn() const noexcept { return last_; }
  /// The gap still open at `now` (>= last_turn()): weeks since the last turn, or since week 0.
  std::uint64_t open_gap(std::uint64_t now) const noexcept { return now - last_; }
  /// The longest gap up to `now`, the open one included.
  std::uint64_t longest_gap(std::uint64_t now) const noexcept { return std::max(longest_closed_, open_gap(now)); }
  /// The number of gaps up to `now`: one per turn, plus the open one when it is > 0.
  std::uint64_t gap_count(std::uint64_t now) const noexcept { return closed_ + (open_gap(now) > 0 ? 1 : 0); }

  void save(detail::StateWriter& out) const {
    for (const std::uint64_t v : {last_, longest_closed_, closed_}) out.u64(v);
  }
  void load(detail::StateReader& in) {
    for (std::uint64_t* v : {&last_, &longest_closed_, &closed_}) *v = in.u64();
  }

 private:
  std::uint64_t last_ = 0;
  std::uint64_t longest_closed_ = 0;
  std::uint64_t closed_ = 0;
};

/// The length of win52's window, in weeks.
inline constexpr std::size_t fairness_window_weeks = 52;
/// near_certainty's thresholds: a chance at or below the first, or at or above the second.
inline constexpr double near_certainty_low = 0.01;
inline constexpr double near_certainty_high = 0.99;

/// The metrics of one pick sequence (definitions at the top of this header). Every figure is a
/// double, so that a mean over runs (mean_metrics) has the same shape; NaN marks a metric that
/// has no value (win52 below 52 weeks; the chance-based metrics without chances).
struct FairnessMetrics {
  double weeks = 0;           ///< T
  double teams = 0;           ///< N: every team on the roster at some time (the serials)
  double chance_weeks = 0;    ///< weeks with chances behind certainty, near_certainty, entropy
  double max_gap = 0;         ///< eligible weeks
  double max_gap_normalised = 0;  ///< the longest gap in expected turns; about 1 for a perfect rotation
  double mean_gap = 0;        ///< weeks, pooled over all gaps of all teams
  double max_deviation = 0;   ///< max |x_i(t) − E_i(t)|, turns
  double win52 = 0;           ///< turns; NaN when T < 52
  double certainty = 0;       ///< share of eligible team-weeks with chance exactly 0 or 1
  double near_certainty = 0;  ///< share of eligible team-weeks with chance <= 0.01 or >= 0.99
  double entropy = 0;         ///< bits per week
  double duplicates = 0;      ///< (week, team) pairs listed more than once
  double dead_ends = 0;       ///< the policy's dead ends (Policy::dead_ends()); NaN from picks alone
};

namespace detail {

/// A figure of FairnessMetrics and its name (as the JSON and Python faces spell it).
struct FairnessFigure {
  const char* name;
  double FairnessMetrics::*field;
};

/// Every figure of FairnessMetrics, in order, for the operations over all of them (mean_metrics,
/// ==, the bindings' names): a new figure must be listed here, which the static_assert below
/// enforces.
inline constexpr std::array<FairnessFigure, 13> fairness_figures{{
    {"weeks", &FairnessMetrics::weeks},
    {"teams", &FairnessMetrics::teams},
    {"chance_weeks", &FairnessMetrics::chance_weeks},
    {"max_gap", &FairnessMetrics::max_gap},
    {"max_gap_normalised", &FairnessMetrics::max_gap_normalised},
    {"mean_gap", &FairnessMetrics::mean_gap},
    {"max_deviation", &FairnessMetrics::max_deviation},
    {"win52", &FairnessMetrics::win52},
    {"certainty", &FairnessMetrics::certainty},
    {"near_certainty", &FairnessMetrics::near_certainty},
    {"entropy", &FairnessMetrics::entropy},
    {"duplicates", &FairnessMetrics::duplicates},
    {"dead_ends", &FairnessMetrics::dead_ends},
}};
static_assert(sizeof(FairnessMetrics) == fairness_figures.size() * sizeof(double),
              "detail::fairness_figures must list every figure of FairnessMetrics");

}  // namespace detail

/// Equal when every figure is equal or NaN in both, so that two identical runs compare equal.
inline bool operator==(const FairnessMetrics& a, const FairnessMetrics& b) noexcept {
  for (const auto& [name, field] : detail::fairness_figures)
    if (!(a.*field == b.*field || (std::isnan(a.*field) && std::isnan(b.*field)))) return false;
  return true;
}

namespace detail {

/// Binary entropy in bits; 0 at 0 and 1.
inline double binary_entropy(double p) noexcept {
  if (p <= 0.0 || p >= 1.0) return 0.0;
  return -p * std::log2(p) - (1.0 - p) * std::log2(1.0 - p);
}

}  // namespace detail

namespace detail {
struct MeterAccess;  // below: a week of picks known to be valid
}  // namespace detail

/// The metrics, measured week by week: the one implementation of the definitions at the top of
/// this header, for a fixed roster (measure_fairness) and for one that changes (simulate() under a
/// change model) alike.
///
/// Between two weeks the roster may change: join() adds a team (the next serial), leave() ends
/// one, and set_shares() gives every team its share π_i for the weeks that follow, NaN for a team
/// not in the draw (paused, gone, or joined but not given a share yet). Call set_shares() once
/// after a week's changes: a join or leave changes every team's share. chances() records the
/// chances before the next week's draw; week() measures that week's picks. result() may be read
/// at any time.
///
/// How it stays O(1) a pick: between two set_shares() calls (an "epoch", as in Wheel) every
/// eligible team's E_i grows by the same π_i each week, so a team keeps E_i and its own clock as
/// of the epoch's start and works out the rest when it is picked; set_shares() folds the epoch
/// into every team. On a fixed roster there is one epoch and every figure is computed as π_i·t
/// directly. Cost: O(1) per pick, O(N) per set_shares() and per chances(), O(N) per week for the
/// 52 weeks after a set_shares() (a window spanning a change of shares is checked for every team),
/// O(N) for result(): O(N + weeks·k) in all on a fixed roster.
class FairnessMeter {
 public:
  /// shares.size() teams (serials 0..N−1), all present and in the draw with these shares. Throws
  /// InvalidArgument when a share is not in [0, 1].
  explicit FairnessMeter(std::span<const double> shares) {
    for (std::size_t i = 0; i < shares.size(); ++i) check_share(shares[i], i);
    teams_.resize(shares.size());
    roster_.resize(shares.size());
    for (std::size_t i = 0; i < shares.size(); ++i) {
      teams_[i].share = shares[i];
      roster_[i].in_draw = true;
    }
  }

  /// Serials so far (present or gone).
  std::size_t teams() const noexcept { return teams_.size(); }
  /// Weeks measured so far.
  std::size_t weeks() const noexcept { return week_; }

  /// A new team, present from the next week on, not in the draw until set_shares() gives it a
  /// share. Returns its serial, teams() before the call.
  std::uint32_t join() {
    if (teams() >= std::numeric_limits<std::uint32_t>::max())
      throw InvalidArgument("a fairness meter can follow at most 2^32 − 1 teams");
    leave_one_epoch();
    teams_.emplace_back();
    roster_.emplace_back().joined = week_ + 1;
    return static_cast<std::uint32_t>(teams() - 1);
  }

  /// Team `serial` leaves: its figures end with the last week measured. Throws InvalidArgument
  /// unless it is a present team.
  void leave(std::uint32_t serial) {
    if (serial >= teams() || !roster_[serial].present)
      throw InvalidArgument("team " + std::to_string(serial) + " is not on the roster and cannot leave");
    leave_one_epoch();
    const Closing c = closing(serial);
    max_deviation_ = std::max(max_deviation_, c.deviation);
    longest_gap_ = std::max(longest_gap_, c.longest_gap);
    longest_normalised_ = std::max(longest_normalised_, c.longest_normalised);
    gap_count_ += c.gap_count;
    eligible_weeks_ += c.clock;
    roster_[serial].present = false;
    roster_[serial].in_draw = false;
    teams_[serial].share = 0;
  }

  /// The shares of the weeks from the next one on, by serial (one per team so far): π_i in
  /// [0, 1] for a team in the draw, NaN for one that is not. Throws InvalidArgument (and changes
  /// nothing) for another number of shares, a share out of range, or a share for a team that left.
  void set_shares(std::span<const double> shares) {
    if (shares.size() != teams())
      throw InvalidArgument("set_shares needs one share per team (" + std::to_string(teams()) + "), not " +
                            std::to_string(shares.size()));
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (std::isnan(shares[i])) continue;
      if (!roster_[i].present) throw InvalidArgument("team " + std::to_string(i) + " has left and cannot have a share");
      check_share(shares[i], i);
    }
    leave_one_epoch();
    const std::uint64_t span = week_ - epoch_start_;
    if (span > 0) {  // fold the epoch that ends into every team (one of no weeks is just replaced)
      // Keep the epochs a window can still reach (those that end after week_ − 52), and this one.
      std::size_t stale = 0;
      while (stale < past_.size() && (stale + 1 < past_.size() ? past_[stale + 1].start : epoch_start_) + window <= week_)
        ++stale;
      past_.erase(past_.begin(), past_.begin() + static_cast<std::ptrdiff_t>(stale));
      PastEpoch& ended = past_.emplace_back();
      ended.start = epoch_start_;
      ended.expected_base.reserve(teams());
      ended.share.reserve(teams());
      for (std::size_t i = 0; i < teams(); ++i) {
        Team& m = teams_[i];
        TeamOnRoster& r = roster_[i];
        ended.expected_base.push_back(m.expected_base);
        ended.share.push_back(m.share);
        if (!r.in_draw) continue;
        const std::uint64_t clock = r.clock_base + span;
        r.open_gap_share += m.share * static_cast<double>(clock - std::max(m.gaps.last_turn(), r.clock_base));
        m.expected_base += m.share * static_cast<double>(span);
        r.clock_base = clock;
      }
      epoch_start_ = week_;
    }
    for (std::size_t i = 0; i < shares.size(); ++i) {
      roster_[i].in_draw = !std::isnan(shares[i]);
      teams_[i].share = roster_[i].in_draw ? shares[i] : 0.0;
    }
  }

  /// The chances before the next week's draw, by serial (one per team so far). Only the teams in
  /// the draw count, and their chances must be in [0, 1]; the others' entries are not read (NaN
  /// by convention). Throws InvalidArgument (and changes nothing) otherwise.
  void chances(std::span<const double> row) {
    if (row.size() != teams())
      throw InvalidArgument("a chance row needs one chance per team (" + std::to_string(teams()) + "), not " +
                            std::to_string(row.size()));
    for (std::size_t i = 0; i < row.size(); ++i)
      if (roster_[i].in_draw && !(row[i] >= 0.0 && row[i] <= 1.0))  // NaN fails both
        throw InvalidArgument("the chance of team " + std::to_string(i) + " in week " + std::to_string(week_ + 1) +
                              " is not in [0, 1]");
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (!roster_[i].in_draw) continue;
      const double p = row[i];
      certain_ += (p == 0.0 || p == 1.0) ? 1 : 0;
      near_certain_ += (p <= near_certainty_low || p >= near_certainty_high) ? 1 : 0;
      bits_ += detail::binary_entropy(p);
      ++chance_team_weeks_;
    }
    ++chance_rows_;
  }

  /// Measures the next week's picks (serials, in draw order; a team listed twice counts once and
  /// is a duplicate). Throws InvalidArgument (and changes nothing) when a pick is not a team in
  /// the draw.
  void week(std::span<const std::uint32_t> picks) {
    for (const std::uint32_t i : picks)
      if (i >= teams() || !roster_[i].in_draw)
        throw InvalidArgument("pick " + std::to_string(i) + " in week " + std::to_string(week_ + 1) +
                              " is not a team in the draw");
    measure_week(picks);
  }

  /// The metrics of the weeks measured so far (dead ends are not the meter's to know: NaN).
  FairnessMetrics result() const {
    FairnessMetrics m;
    m.weeks = static_cast<double>(week_);
    m.teams = static_cast<double>(teams());
    double deviation = max_deviation_, normalised = longest_normalised_;
    std::uint64_t longest = longest_gap_, gaps = gap_count_, eligible_weeks = eligible_weeks_;
    for (std::size_t i = 0; i < teams(); ++i) {
      if (!roster_[i].present) continue;
      const Closing c = closing(i);
      deviation = std::max(deviation, c.deviation);
      longest = std::max(longest, c.longest_gap);
      normalised = std::max(normalised, c.longest_normalised);
      gaps += c.gap_count;
      eligible_weeks += c.clock;
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m.max_gap = static_cast<double>(longest);
    m.max_gap_normalised = normalised;
    m.mean_gap = gaps == 0 ? nan : static_cast<double>(eligible_weeks) / static_cast<double>(gaps);
    m.max_deviation = deviation;
    m.win52 = week_ < window ? nan : win52_;  // no full window
    m.duplicates = static_cast<double>(duplicates_);
    m.dead_ends = nan;
    if (chance_rows_ == 0 || chance_team_weeks_ == 0) {
      m.certainty = m.near_certainty = m.entropy = nan;
    } else {
      const double team_weeks = static_cast<double>(chance_team_weeks_);
      m.chance_weeks = static_cast<double>(chance_rows_);
      m.certainty = static_cast<double>(certain_) / team_weeks;
      m.near_certainty = static_cast<double>(near_certain_) / team_weeks;
      m.entropy = bits_ / static_cast<double>(chance_rows_);
    }
    return m;
  }

 private:
  friend struct detail::MeterAccess;

  static constexpr std::size_t window = fairness_window_weeks;
  // The ring of recent weeks' turns: the window's 52 weeks and the one leaving it, rounded up to a
  // power of two so that finding a week's slot is a mask, not a division.
  static constexpr std::size_t ring_weeks = std::bit_ceil(window + 1);

  // A team's state that a pick reads and writes, kept apart from the rest: one block of 64 bytes
  // on 64-bit platforms, found with a shift.
  struct Team {
    double share = 0;          // π_i in the current epoch; 0 when not in the draw
    double expected_base = 0;  // E_i at the epoch's start
    double turns = 0;          // x_i (a double: it is only compared with doubles)
    double in_window = 0;      // its turns in the last 52 weeks
    GapTracker gaps;           // on the team's own clock
    std::size_t seen = 0;      // the last week it was picked
  };
  // The rest of it, which roster changes (and a pick after one) read and write.
  struct TeamOnRoster {
    std::uint64_t clock_base = 0;  // its eligible weeks before the epoch
    double open_gap_share = 0;     // the share its open gap accrued in earlier epochs
    std::size_t duplicated = 0;    // the last week it was listed twice
    std::size_t joined = 1;        // its first week present
    bool present = true;
    bool in_draw = false;
  };

  // An epoch that ended, kept while a window reaches into it: E_i(s) for its weeks.
  struct PastEpoch {
    std::size_t start = 0;              // weeks measured when it began
    std::vector<double> expected_base;  // by serial, at its start
    std::vector<double> share;          // by serial; 0 when not in the draw
  };

  // A present team's figures if its weeks ended now.
  struct Closing {
    double deviation;
    std::uint64_t longest_gap, gap_count, clock;
    double longest_normalised;  // its open gap in expected turns, and every gap when one_epoch_
  };

  Closing closing(std::size_t i) const {
    const Team& m = teams_[i];
    const TeamOnRoster& r = roster_[i];
    const std::uint64_t span = week_ - epoch_start_;
    const std::uint64_t clock = r.clock_base + (r.in_draw ? span : 0);
    const double expected = m.expected_base + m.share * static_cast<double>(span);
    const double open_share =
        r.open_gap_share + m.share * static_cast<double>(clock - std::max(m.gaps.last_turn(), r.clock_base));
    const double normalised = one_epoch_ ? m.share * static_cast<double>(m.gaps.longest_gap(clock)) : open_share;
    return {std::abs(m.turns - expected), m.gaps.longest_gap(clock), m.gaps.gap_count(clock), clock, normalised};
  }

  // The roster changes for the first time: every gap closed so far was weighed at π_i a week.
  void leave_one_epoch() {
    if (!one_epoch_) return;
    for (const Team& m : teams_)
      longest_normalised_ =
          std::max(longest_normalised_, m.share * static_cast<double>(m.gaps.longest_gap(m.gaps.last_turn())));
    one_epoch_ = false;
  }

  static void check_share(double share, std::size_t team) {
    if (!(share >= 0.0 && share <= 1.0))  // NaN fails both
      throw InvalidArgument("the share of team " + std::to_string(team) + " is not in [0, 1]");
  }

  // week() for picks known to be teams in the draw (measure_fairness and simulate() check them
  // once for the whole log, or draw them so).
  void measure_week(std::span<const std::uint32_t> picks) {
    one_epoch_ ? measure_week_as<true>(picks) : measure_week_as<false>(picks);
  }

  // measure_week, with OneEpoch when the roster has not changed since the meter was made: then
  // every team's epoch bases are 0, and its gaps are weighed by π_i only when the epoch ends
  // (leave_one_epoch) or the figures are read (closing), as π_i·(its longest gap).
  template <bool OneEpoch>
  void measure_week_as(std::span<const std::uint32_t> picks) {
    const std::size_t t = ++week_;
    const std::uint64_t span = t - epoch_start_;  // weeks of the epoch so far, this one included
    const double span_now = static_cast<double>(span);
    std::uint32_t* const entered = ring_slot(t, picks.size());  // (may widen the ring: first)
    std::uint32_t entered_count = 0;
    // This week's maxima start afresh and join the run's at the end: a chain of dependent max
    // operations through every pick of a run would set the pace otherwise.
    double deviation = 0, normalised = 0;
    for (const std::uint32_t i : picks) {
      Team& m = teams_[i];
      if (m.seen == t) {
        if (roster_[i].duplicated != t) {
          roster_[i].duplicated = t;
          ++duplicates_;
        }
        continue;
      }
      m.seen = t;
      // x_i − E_i peaks at the week before a turn (most behind) or the week of a turn (most ahead).
      const double x = m.turns;
      double before = m.share * (span_now - 1.0), after = m.share * span_now;  // E_i(t − 1), E_i(t)
      if constexpr (!OneEpoch) {
        before += m.expected_base;
        after += m.expected_base;
      }
      deviation = std::max(deviation, std::max(std::abs(x - before), std::abs(x + 1.0 - after)));
      m.turns = x + 1.0;
      if constexpr (OneEpoch) {
        m.gaps.turn(span);
      } else {
        // The gap this turn closes, in expected turns: π_i·gap when it began in this epoch, else
        // what it accrued in earlier epochs and π_i a week in this one.
        TeamOnRoster& r = roster_[i];
        const std::uint64_t clock = r.clock_base + span;
        const std::uint64_t last = m.gaps.last_turn();
        const std::uint64_t gap = m.gaps.turn(clock);
        if (last >= r.clock_base) {
          normalised = std::max(normalised, m.share * static_cast<double>(gap));
        } else {
          normalised = std::max(normalised, r.open_gap_share + m.share * static_cast<double>(clock - r.clock_base));
          r.open_gap_share = 0;
        }
      }
      m.in_window += 1.0;
      entered[entered_count++] = i;
    }
    max_deviation_ = std::max(max_deviation_, deviation);
    longest_normalised_ = std::max(longest_normalised_, normalised);
    ring_count_[t % ring_weeks] = entered_count;
    if (t < window) return;
    // win52 of the window s+1..t: week s leaves the counts.
    const std::size_t s = t - window;
    const std::span<const std::uint32_t> leaving = t > window ? ring_week(s) : std::span<const std::uint32_t>{};
    if (epoch_start_ >= s) {  // the first window of the epoch, or one that spans a change of shares
      for (const std::uint32_t i : leaving) teams_[i].in_window -= 1.0;
      win52_ = std::max(win52_, windows_from_scratch(t));
      return;
    }
    // Within one epoch every team expects 52·π_i turns a window, so a team's error changes only
    // when its count does: only the teams leaving or entering the window need a look (after
    // both, as a team can be among both).
    double worst = 0;
    for (const std::uint32_t i : leaving) {  // deduplicated
      Team& m = teams_[i];
      m.in_window -= 1.0;
      if (OneEpoch || roster_[i].present) worst = std::max(worst, window_error_in_epoch(m.in_window, m.share));
    }
    for (std::uint32_t j = 0; j < entered_count; ++j)
      worst = std::max(worst, window_error_in_epoch(teams_[entered[j]].in_window, teams_[entered[j]].share));
    win52_ = std::max(win52_, worst);
  }

  static double window_error_in_epoch(double in_window, double share) {
    return std::abs(in_window - static_cast<double>(window) * share);
  }

  // The turns of week w, one of the last ring_weeks weeks.
  std::span<const std::uint32_t> ring_week(std::size_t w) const {
    return {ring_.data() + (w % ring_weeks) * ring_stride_, ring_count_[w % ring_weeks]};
  }

  // The worst error of the window ending with week t (>= 52), over every team present throughout
  // it: for the first window of an epoch (every π_i changed) or one that spans a change of shares
  // (ΔE_i is then not 52·π_i). The counts are the window's already.
  double windows_from_scratch(std::size_t t) const {
    const std::size_t s = t - window;
    const double span_now = static_cast<double>(t - epoch_start_);
    double worst = 0;
    for (std::size_t i = 0; i < teams(); ++i) {
      const Team& m = teams_[i];
      if (!roster_[i].present || roster_[i].joined > s + 1) continue;
      worst = std::max(worst, epoch_start_ == s ? window_error_in_epoch(m.in_window, m.share)
                                                : std::abs(m.in_window - (m.expected_base + m.share * span_now -
                                                                          expected_at(i, s))));
    }
    return worst;
  }

  // E_i(s), for a team present at week s + 1 and s at most 52 weeks back.
  double expected_at(std::size_t i, std::size_t s) const {
    if (s >= epoch_start_) return teams_[i].expected_base + teams_[i].share * static_cast<double>(s - epoch_start_);
    for (auto it = past_.rbegin(); it != past_.rend(); ++it)
      if (it->start <= s)
        return i < it->share.size() ? it->expected_base[i] + it->share[i] * static_cast<double>(s - it->start) : 0.0;
    return 0.0;
  }

  // Week t's storage for its turns, `picks` long at least.
  std::uint32_t* ring_slot(std::size_t t, std::size_t picks) {
    if (picks > ring_stride_) {  // a longer week than any before: widen every slot
      std::vector<std::uint32_t> wider(ring_weeks * picks);
      for (std::size_t w = 0; w < ring_weeks; ++w)
        std::copy_n(ring_.begin() + static_cast<std::ptrdiff_t>(w * ring_stride_), ring_count_[w],
                    wider.begin() + static_cast<std::ptrdiff_t>(w * picks));
      ring_ = std::move(wider);
      ring_stride_ = picks;
    }
    return ring_.data() + (t % ring_weeks) * ring_stride_;
  }

  std::size_t week_ = 0;
  std::size_t epoch_start_ = 0;  // weeks measured when the current epoch began
  bool one_epoch_ = true;        // the roster has not changed since the meter was made
  std::vector<Team> teams_;            // by serial
  std::vector<TeamOnRoster> roster_;  // by serial
  std::vector<PastEpoch> past_;  // oldest first; few (at most one per week of the last 52)
  // The last weeks' turns (deduplicated), kept until they leave the 52-week window.
  std::vector<std::uint32_t> ring_;
  std::size_t ring_stride_ = 0;
  std::array<std::uint32_t, ring_weeks> ring_count_{};
  // Figures so far: from closed gaps and the teams that left.
  double max_deviation_ = 0, longest_normalised_ = 0, win52_ = 0;
  std::uint64_t longest_gap_ = 0, gap_count_ = 0, eligible_weeks_ = 0, duplicates_ = 0;
  std::uint64_t chance_rows_ = 0, chance_team_weeks_ = 0, certain_ = 0, near_certain_ = 0;
  double bits_ = 0;
};

namespace detail {

/// For the library's own callers whose picks are known to be teams in the draw: a week without
/// checking each pick again.
struct MeterAccess {
  static void week(FairnessMeter& meter, std::span<const std::uint32_t> picks) { meter.measure_week(picks); }
};

}  // namespace detail

/// Measures `picks` against the shares π_i (`shares[i]` for team i; there are shares.size()
/// teams) on a fixed roster, with entropy and certainty from `chances` when given (nullptr: they
/// are NaN); dead_ends is NaN (a pick log does not say). Throws InvalidArgument when a pick is not
/// a team index, a share is not in [0, 1], or the chances do not fit (another number of teams, a
/// week past the log's last, a chance that is not in [0, 1]).
/// Cost: O(N + weeks·k), plus O(N) per week of chances.
inline FairnessMetrics measure_fairness(const PickLog& picks, std::span<const double> shares,
                                        const ChanceLog* chances = nullptr) {
  FairnessMeter meter(shares);  // checks the shares
  const std::size_t n = shares.size();
  const std::size_t t_end = picks.weeks();
  for (const std::uint32_t p : picks.values())
    if (p >= n)
      throw InvalidArgument("pick " + std::to_string(p) + " is not a team index (there are " + std::to_string(n) +
                            " shares)");
  const bool with_chances = chances && !chances->empty();
  if (with_chances) {
    if (chances->teams() != n)
      throw InvalidArgument("the chance log has " + std::to_string(chances->teams()) + " teams but there are " +
                            std::to_string(n) + " shares");
    if (chances->weeks().back() > t_end)
      throw InvalidArgument("the chance log has week " + std::to_string(chances->weeks().back()) +
                            " but the pick log ends at week " + std::to_string(t_end));
  }
  std::size_t row = 0;
  for (std::size_t t = 1; t <= t_end; ++t) {
    if (with_chances && row < chances->size() && chances->weeks()[row] == t) meter.chances((*chances)[row++]);
    detail::MeterAccess::week(meter, picks[t - 1]);  // every pick checked above
  }
  return meter.result();
}

/// The mean of each figure over `runs` (NaN stays NaN). Throws InvalidArgument when empty.
inline FairnessMetrics mean_metrics(std::span<const FairnessMetrics> runs) {
  if (runs.empty()) throw InvalidArgument("a mean needs at least one run");
  FairnessMetrics m;
  for (const auto& [name, field] : detail::fairness_figures) {
    double sum = 0;
    for (const FairnessMetrics& run : runs) sum += run.*field;
    m.*field = sum / static_cast<double>(runs.size());
  }
  return m;
}

OPSWHEEL_END_NAMESPACE
