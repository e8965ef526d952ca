// SPDX-License-Identifier: Apache-2.0
//
// Fairness, measured: the metrics of DESIGN §6, computed from a sequence of weekly picks (a
// PickLog) and, where available, the teams' chances in some of those weeks (a ChanceLog).
//
// This header is the one place each metric is defined; simulate() and the benchmarks' fairness
// table call measure_fairness, and a gap means here exactly what it means in Wheel::stats().
//
// Notation: T weeks, numbered 1..T; N teams, numbered 0..N−1 (roster order); π_i the share of a
// week's picks team i should get (normally π_i = min(1, c·w_i) with Σπ_i = k); x_i(t) the weeks
// among 1..t in which team i was picked (a team listed twice in one week counts once: the
// duplicate is reported by `duplicates`, and a team cannot present twice at one meeting).
//
// The metrics (FairnessMetrics), each defined once, here:
// - Gaps. A team's gaps split the T weeks into runs, each ending at one of its turns, plus the
//   run still open at the end: with turns in weeks t_1 < … < t_m the gaps are t_1 (the wait
//   before the first turn, counted from week 0), t_{j+1} − t_j, and T − t_m when that is > 0
//   (a team picked in week T has no open gap). A team never picked has one gap, T. So turns in
//   weeks 3 and 7 of a 10-week horizon give gaps 3, 4 and 3, and every team's gaps sum to T.
//   Wheel's TeamStats counts gaps the same way (`current_gap` is the open gap, `longest_gap` the
//   longest), on a clock of the meetings the team was eligible for, so pauses do not count.
// - max_gap: the longest gap of any team, in weeks.
// - max_gap_normalised: max over teams of (team i's longest gap)·π_i. A perfect rotation gives
//   about 1 (a gap of one period 1/π_i); it is the figure comparable across weights.
// - mean_gap: the mean of all gaps of all teams, pooled, in weeks (open gaps included, as above):
//   N·T / (number of gaps). Because each team's gaps sum to T, it is fixed by the number of
//   turns and open gaps (about N/k for any policy that makes k distinct picks a week); it is a
//   sanity check rather than a way to tell policies apart.
// - max_deviation: max over teams i and weeks t in 1..T of |x_i(t) − π_i·t|. Computed exactly at
//   the weeks where it can peak (each turn, the week before each turn, and week T), which are the
//   only places a piecewise-constant x_i minus a line can reach its extremes.
// - win52: the worst share error over any 52-week window: max over teams i and windows
//   s+1..s+52 (s = 0..T−52) of |x_i(s+52) − x_i(s) − 52·π_i|. NaN when T < 52: there is no
//   full window, and a shorter window's error would not be comparable.
// - certainty: the share of team-weeks, over the weeks in the ChanceLog, in which the team's
//   chance of being picked was exactly 0 or exactly 1 (a team that knows it is safe or due stops
//   preparing). Every team in the log counts, whatever its share.
// - near_certainty: the same with chance <= 0.01 or >= 0.99, so a policy cannot look
//   unpredictable by pushing chances to 0.001 instead of 0.
// - entropy: Σ_i h(p_i) in bits, h(p) = −p·log2 p − (1−p)·log2(1−p) (h(0) = h(1) = 0), averaged
//   over the weeks in the ChanceLog: how much surprise a week's draw holds.
//   certainty, near_certainty and entropy are NaN when there is no ChanceLog or it is empty.
//   When the chances are Monte Carlo estimates (ChanceLog::samples() > 0), a chance below about
//   1/samples reads as 0, so certainty errs high and entropy low (by about 0.6 bits a week at 100
//   samples against 1,000 in the standard scenario; see research/fair-selection.md).
// - duplicates: the number of (week, team) pairs in which the team is listed more than once
//   (three times in one week is one pair). Must be 0 for every policy.
#pragma once

#include <algorithm>
#include <array>
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
/// entropy and certainty. Row j holds the chances before week weeks()[j] was drawn, by team index.
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
  /// each chance is in [0, 1].
  void add(std::size_t week, std::span<const double> chances, std::size_t samples = 0) {
    if (week == 0) throw InvalidArgument("weeks are numbered from 1");
    if (!weeks_.empty() && week <= weeks_.back())
      throw InvalidArgument("chances for week " + std::to_string(week) + " come after week " +
                            std::to_string(weeks_.back()) + ": record the weeks in increasing order");
    if (chances.size() != teams_)
      throw InvalidArgument("a chance log of " + std::to_string(teams_) + " teams got " +
                            std::to_string(chances.size()) + " chances");
    for (std::size_t i = 0; i < chances.size(); ++i)
      if (!(chances[i] >= 0.0 && chances[i] <= 1.0))  // NaN fails both
        throw InvalidArgument("the chance of team " + std::to_string(i) + " in week " + std::to_string(week) +
                              " is not in [0, 1]");
    weeks_.push_back(week);
    values_.insert(values_.end(), chances.begin(), chances.end());
    samples_ = std::max(samples_, samples);
  }

  bool operator==(const ChanceLog&) const = default;

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
  double teams = 0;           ///< N
  double chance_weeks = 0;    ///< weeks with chances behind certainty, near_certainty, entropy
  double max_gap = 0;         ///< weeks
  double max_gap_normalised = 0;  ///< max_i longest gap_i · π_i; about 1 for a perfect rotation
  double mean_gap = 0;        ///< weeks, pooled over all gaps of all teams
  double max_deviation = 0;   ///< max |x_i(t) − π_i·t|, turns
  double win52 = 0;           ///< turns; NaN when T < 52
  double certainty = 0;       ///< share of team-weeks with chance exactly 0 or 1
  double near_certainty = 0;  ///< share of team-weeks with chance <= 0.01 or >= 0.99
  double entropy = 0;         ///< bits per week
  double duplicates = 0;      ///< (week, team) pairs listed more than once
};

namespace detail {

/// Every figure of FairnessMetrics, for the operations over all of them (mean_metrics, ==): a
/// new figure must be listed here, which the static_assert below enforces.
inline constexpr std::array<double FairnessMetrics::*, 12> fairness_figures{
    &FairnessMetrics::weeks,         &FairnessMetrics::teams,     &FairnessMetrics::chance_weeks,
    &FairnessMetrics::max_gap,       &FairnessMetrics::max_gap_normalised, &FairnessMetrics::mean_gap,
    &FairnessMetrics::max_deviation, &FairnessMetrics::win52,     &FairnessMetrics::certainty,
    &FairnessMetrics::near_certainty, &FairnessMetrics::entropy,  &FairnessMetrics::duplicates};
static_assert(sizeof(FairnessMetrics) == fairness_figures.size() * sizeof(double),
              "detail::fairness_figures must list every figure of FairnessMetrics");

}  // namespace detail

/// Equal when every figure is equal or NaN in both, so that two identical runs compare equal.
inline bool operator==(const FairnessMetrics& a, const FairnessMetrics& b) noexcept {
  for (const auto field : detail::fairness_figures)
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

/// Measures `picks` against the shares π_i (`shares[i]` for team i; there are shares.size()
/// teams), with entropy and certainty from `chances` when given (nullptr: they are NaN).
/// Throws InvalidArgument when a pick is not a team index, a share is not in [0, 1], or the
/// chances do not fit (another number of teams, a week past the log's last).
/// Cost: O(N + weeks·k), plus O(N) per week of chances.
inline FairnessMetrics measure_fairness(const PickLog& picks, std::span<const double> shares,
                                        const ChanceLog* chances = nullptr) {
  const std::size_t n = shares.size();
  const std::size_t t_end = picks.weeks();
  for (std::size_t i = 0; i < n; ++i)
    if (!(shares[i] >= 0.0 && shares[i] <= 1.0))
      throw InvalidArgument("the share of team " + std::to_string(i) + " is not in [0, 1]");
  for (const std::uint32_t p : picks.values())
    if (p >= n)
      throw InvalidArgument("pick " + std::to_string(p) + " is not a team index (there are " + std::to_string(n) +
                            " shares)");
  if (chances && !chances->empty()) {
    if (chances->teams() != n)
      throw InvalidArgument("the chance log has " + std::to_string(chances->teams()) + " teams but there are " +
                            std::to_string(n) + " shares");
    if (chances->weeks().back() > t_end)
      throw InvalidArgument("the chance log has week " + std::to_string(chances->weeks().back()) +
                            " but the pick log ends at week " + std::to_string(t_end));
  }

  FairnessMetrics m;
  m.weeks = static_cast<double>(t_end);
  m.teams = static_cast<double>(n);

  // One pass over the weeks. `seen[i] == t` marks team i as already counted in week t, so a
  // duplicate is a turn once. Counts are doubles (exact below 2^53): they are only compared with
  // doubles, and an unsigned-to-double conversion per pick would cost more than the rest.
  std::vector<GapTracker> gaps(n);
  std::vector<double> turns(n, 0.0);  // x_i(t)
  std::vector<std::size_t> seen(n, 0), duplicated(n, 0);
  std::uint64_t duplicates = 0;
  double max_dev = 0;
  // win52: window counts x_i(t) − x_i(t − 52); `expired[i] == t` marks a team already removed
  // when week t − 52 leaves the window.
  constexpr std::size_t window = fairness_window_weeks;
  std::vector<double> in_window(n, 0.0);
  std::vector<std::size_t> expired(n, 0);
  double win = 0;
  auto window_error = [&](std::size_t i) { return std::abs(in_window[i] - static_cast<double>(window) * shares[i]); };

  for (std::size_t t = 1; t <= t_end; ++t) {
    const double td = static_cast<double>(t);
    for (const std::uint32_t i : picks[t - 1]) {
      if (seen[i] == t) {
        if (duplicated[i] != t) {
          duplicated[i] = t;
          ++duplicates;
        }
        continue;
      }
      seen[i] = t;
      // x_i is constant between turns and π_i·t grows, so |x_i(t) − π_i·t| peaks at the week
      // before a turn (most behind) or the week of a turn (most ahead).
      const double x = turns[i];
      max_dev = std::max(max_dev, std::max(std::abs(x - shares[i] * (td - 1.0)), std::abs(x + 1.0 - shares[i] * td)));
      turns[i] = x + 1.0;
      gaps[i].turn(t);
      in_window[i] += 1.0;
    }
    if (t < window) continue;
    if (t > window) {
      const std::size_t old = t - window;  // this week leaves the window
      for (const std::uint32_t i : picks[old - 1])
        if (expired[i] != old) {
          expired[i] = old;
          in_window[i] -= 1.0;
          win = std::max(win, window_error(i));
        }
      for (const std::uint32_t i : picks[t - 1]) win = std::max(win, window_error(i));
    } else {
      // The first full window: every team. Later, a team's error changes only when its count
      // does, so only the teams entering or leaving the window need a look.
      for (std::size_t i = 0; i < n; ++i) win = std::max(win, window_error(i));
    }
  }
  if (t_end < window) win = std::numeric_limits<double>::quiet_NaN();  // no full window

  std::uint64_t longest = 0;
  std::uint64_t gap_count = 0;
  double longest_normalised = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t g = gaps[i].longest_gap(t_end);
    longest = std::max(longest, g);
    longest_normalised = std::max(longest_normalised, static_cast<double>(g) * shares[i]);
    gap_count += gaps[i].gap_count(t_end);
    max_dev = std::max(max_dev, std::abs(turns[i] - shares[i] * static_cast<double>(t_end)));
  }
  m.max_gap = static_cast<double>(longest);
  m.max_gap_normalised = longest_normalised;
  m.mean_gap = gap_count == 0 ? std::numeric_limits<double>::quiet_NaN()
                              : static_cast<double>(n) * static_cast<double>(t_end) / static_cast<double>(gap_count);
  m.max_deviation = max_dev;
  m.win52 = win;
  m.duplicates = static_cast<double>(duplicates);

  if (!chances || chances->empty() || n == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m.certainty = m.near_certainty = m.entropy = nan;
    return m;
  }
  std::uint64_t certain = 0, near = 0;
  double bits = 0;
  for (std::size_t row = 0; row < chances->size(); ++row)
    for (const double p : (*chances)[row]) {
      certain += (p == 0.0 || p == 1.0) ? 1 : 0;
      near += (p <= near_certainty_low || p >= near_certainty_high) ? 1 : 0;
      bits += detail::binary_entropy(p);
    }
  const double rows = static_cast<double>(chances->size());
  const double team_weeks = rows * static_cast<double>(n);
  m.chance_weeks = rows;
  m.certainty = static_cast<double>(certain) / team_weeks;
  m.near_certainty = static_cast<double>(near) / team_weeks;
  m.entropy = bits / rows;
  return m;
}

/// The mean of each figure over `runs` (NaN stays NaN). Throws InvalidArgument when empty.
inline FairnessMetrics mean_metrics(std::span<const FairnessMetrics> runs) {
  if (runs.empty()) throw InvalidArgument("a mean needs at least one run");
  FairnessMetrics m;
  for (const auto field : detail::fairness_figures) {
    double sum = 0;
    for (const FairnessMetrics& run : runs) sum += run.*field;
    m.*field = sum / static_cast<double>(runs.size());
  }
  return m;
}

OPSWHEEL_END_NAMESPACE
