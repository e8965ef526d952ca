// SPDX-License-Identifier: Apache-2.0
// The fairness metrics (fairness.hpp) on sequences worked out by hand, at their edges, against a
// brute-force reading of the definitions, and against the Wheel's own per-team gaps.
#include <catch2/catch.hpp>

#include <opswheel/errors.hpp>
#include <opswheel/fairness.hpp>
#include <opswheel/rng.hpp>
#include <opswheel/wheel.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace opswheel;

namespace {

using Weeks = std::vector<std::vector<std::uint32_t>>;

PickLog log_of(std::size_t k, const Weeks& weeks) {
  std::vector<std::uint32_t> flat;
  for (const auto& w : weeks) flat.insert(flat.end(), w.begin(), w.end());
  return PickLog(k, flat);
}

// Week t (1-based) gives picks[t - 1].
PickLog k1_log(const std::vector<std::uint32_t>& picks) {
  return PickLog(1, picks);
}

// The definitions read literally, week by week and window by window: O(N·T²) and obviously right.
struct Reference {
  double max_gap = 0, max_gap_normalised = 0, mean_gap = 0, max_deviation = 0, win52 = 0, duplicates = 0;
};

Reference brute_force(const PickLog& log, const std::vector<double>& shares) {
  const std::size_t n = shares.size(), t_end = log.weeks();
  // in[t][i]: team i presented in week t (1-based); listings beyond the first are duplicates.
  std::vector<std::vector<int>> in(t_end + 1, std::vector<int>(n, 0));
  Reference r;
  for (std::size_t t = 1; t <= t_end; ++t)
    for (const auto i : log[t - 1]) {
      if (in[t][i] == 1) r.duplicates += 1;  // counts the pair once, on its second listing
      ++in[t][i];
    }
  auto x = [&](std::size_t i, std::size_t t) {  // x_i(t)
    double turns = 0;
    for (std::size_t u = 1; u <= t; ++u) turns += in[u][i] > 0 ? 1 : 0;
    return turns;
  };
  double gap_count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // Gaps as the Wheel counts them: one more each week, closed by a turn.
    std::size_t gap = 0, longest = 0;
    for (std::size_t t = 1; t <= t_end; ++t) {
      ++gap;
      if (in[t][i] > 0) {
        longest = std::max(longest, gap);
        gap_count += 1;
        gap = 0;
      }
    }
    longest = std::max(longest, gap);
    if (gap > 0) gap_count += 1;
    r.max_gap = std::max(r.max_gap, static_cast<double>(longest));
    r.max_gap_normalised = std::max(r.max_gap_normalised, static_cast<double>(longest) * shares[i]);
    for (std::size_t t = 1; t <= t_end; ++t)
      r.max_deviation = std::max(r.max_deviation, std::abs(x(i, t) - shares[i] * static_cast<double>(t)));
    for (std::size_t s = 0; s + 52 <= t_end; ++s)
      r.win52 = std::max(r.win52, std::abs(x(i, s + 52) - x(i, s) - 52 * shares[i]));
  }
  r.mean_gap = static_cast<double>(n * t_end) / gap_count;
  if (t_end < 52) r.win52 = std::nan("");
  return r;
}

void check_against_reference(const PickLog& log, const std::vector<double>& shares) {
  const FairnessMetrics m = measure_fairness(log, shares);
  const Reference r = brute_force(log, shares);
  CHECK(m.max_gap == r.max_gap);
  CHECK(m.max_gap_normalised == Approx(r.max_gap_normalised).epsilon(1e-12));
  CHECK(m.mean_gap == Approx(r.mean_gap).epsilon(1e-12));
  CHECK(m.max_deviation == Approx(r.max_deviation).epsilon(1e-12));
  if (std::isnan(r.win52)) CHECK(std::isnan(m.win52));
  else CHECK(m.win52 == Approx(r.win52).epsilon(1e-12));
  CHECK(m.duplicates == r.duplicates);
}

}  // namespace

TEST_CASE("fairness: three teams, one pick a week, worked by hand", "[fairness]") {
  // π = (0.5, 0.25, 0.25) (weights 2, 1, 1 and k = 1); T = 8.
  // week:  1  2  3  4  5  6  7  8
  // pick:  0  1  0  2  0  0  1  0
  const PickLog log = k1_log({0, 1, 0, 2, 0, 0, 1, 0});
  const std::vector<double> shares{0.5, 0.25, 0.25};
  const FairnessMetrics m = measure_fairness(log, shares);
  // Gaps. Team 0, turns 1 3 5 6 8: 1, 2, 2, 1, 2 (no open gap: picked in week 8).
  //       Team 1, turns 2 7:       2, 5, and 1 still open (8 − 7).
  //       Team 2, turn 4:          4, and 4 still open (8 − 4).
  // Longest: 2, 5, 4 → max gap 5; normalised max(2·0.5, 5·0.25, 4·0.25) = 1.25.
  // 5 + 3 + 2 = 10 gaps covering 3 × 8 = 24 team-weeks → mean gap 2.4.
  CHECK(m.weeks == 8);
  CHECK(m.teams == 3);
  CHECK(m.max_gap == 5);
  CHECK(m.max_gap_normalised == Approx(1.25));
  CHECK(m.mean_gap == Approx(2.4));
  // x_i(t) − π_i·t week by week:
  //   team 0: .5 0 .5 0 .5 1 .5 1          (x = 1 1 2 2 3 4 4 5)
  //   team 1: −.25 .5 .25 0 −.25 −.5 .25 0 (x = 0 1 1 1 1 1 2 2)
  //   team 2: −.25 −.5 −.75 0 −.25 −.5 −.75 −1
  // → max |dev| = 1 (team 0 in weeks 6 and 8, team 2 in week 8).
  CHECK(m.max_deviation == Approx(1.0));
  CHECK(std::isnan(m.win52));  // 8 < 52 weeks: no full window
  CHECK(m.duplicates == 0);
  CHECK(std::isnan(m.entropy));  // no chances given
  CHECK(std::isnan(m.certainty));
  CHECK(std::isnan(m.near_certainty));
  CHECK(m.chance_weeks == 0);
  check_against_reference(log, shares);
}

TEST_CASE("fairness: two teams over 60 weeks, where win52 and max deviation differ", "[fairness]") {
  // π = (0.5, 0.5), k = 1, T = 60. Weeks 1–40 alternate (odd weeks team 0, even weeks team 1),
  // then team 0 has weeks 41–50 and team 1 weeks 51–60.
  std::vector<std::uint32_t> picks;
  for (std::uint32_t t = 1; t <= 40; ++t) picks.push_back(t % 2 == 1 ? 0 : 1);
  for (int t = 41; t <= 50; ++t) picks.push_back(0);
  for (int t = 51; t <= 60; ++t) picks.push_back(1);
  const PickLog log = k1_log(picks);
  const std::vector<double> shares{0.5, 0.5};
  const FairnessMetrics m = measure_fairness(log, shares);
  // Deviation: 0 or ±0.5 up to week 40; team 0 then reaches x = 30 at week 50 against
  // 0.5·50 = 25 (team 1: 20 against 25), and both are back at 30 − 30 = 0 by week 60 → 5.
  CHECK(m.max_deviation == Approx(5.0));
  // win52: windows s+1..s+52 for s = 0..8. Team 0 holds (odd weeks in s+1..40) + 10 turns:
  // s = 0 → 20 + 10 = 30, s = 1, 2 → 29, then fewer, down to 16 + 10 = 26 at s = 8. The worst is
  // |30 − 52·0.5| = 4 (team 1, with 52 − 30 = 22 turns, is 4 short in the same window).
  CHECK(m.win52 == Approx(4.0));
  // Gaps. Team 0: 1, then 2 (×19, weeks 3..39), 2 (39→41), 1 (×9, weeks 42..50), open 10.
  //       Team 1: 2, then 2 (×19, weeks 4..40), 11 (40→51), 1 (×9, weeks 52..60), no open gap.
  // Max 11, normalised 11·0.5 = 5.5. Counts 31 + 30 = 61 gaps over 2 × 60 → mean 120/61.
  CHECK(m.max_gap == 11);
  CHECK(m.max_gap_normalised == Approx(5.5));
  CHECK(m.mean_gap == Approx(120.0 / 61.0));
  check_against_reference(log, shares);
}

TEST_CASE("fairness: a team never picked and a team picked every week", "[fairness]") {
  // π = 1/3 each, k = 1, T = 6, team 0 every week.
  const PickLog log = k1_log({0, 0, 0, 0, 0, 0});
  const std::vector<double> shares{1.0 / 3, 1.0 / 3, 1.0 / 3};
  const FairnessMetrics m = measure_fairness(log, shares);
  // Team 0: six gaps of 1, none open. Teams 1 and 2: one gap each, the whole horizon: 6.
  // → max gap 6, normalised 6/3 = 2; 6 + 1 + 1 = 8 gaps over 18 team-weeks → 2.25.
  CHECK(m.max_gap == 6);
  CHECK(m.max_gap_normalised == Approx(2.0));
  CHECK(m.mean_gap == Approx(2.25));
  // Team 0 ends 6 − 6/3 = 4 ahead; teams 1 and 2 end 2 behind → 4.
  CHECK(m.max_deviation == Approx(4.0));
  check_against_reference(log, shares);
}

TEST_CASE("fairness: a duplicate is one turn and one (week, team) pair", "[fairness]") {
  SECTION("counting a duplicate twice would change the deviation") {
    // π = 2/3 each (k = 2 of 3 teams), T = 2: weeks {0, 0} and {1, 2}.
    const PickLog log = log_of(2, {{0, 0}, {1, 2}});
    const std::vector<double> shares{2.0 / 3, 2.0 / 3, 2.0 / 3};
    const FairnessMetrics m = measure_fairness(log, shares);
    CHECK(m.duplicates == 1);
    // Team 0 presents once in week 1: 1 − 2/3 = 1/3 (twice would be 2 − 2/3 = 4/3), then
    // 1 − 4/3. Teams 1 and 2: −2/3, then 1 − 4/3 = −1/3 → max 2/3.
    CHECK(m.max_deviation == Approx(2.0 / 3));
    // Gaps: team 0: 1 and 1 open; teams 1 and 2: 2 each → max 2 (normalised 4/3); 4 gaps over
    // 6 team-weeks → mean 1.5.
    CHECK(m.max_gap == 2);
    CHECK(m.max_gap_normalised == Approx(4.0 / 3));
    CHECK(m.mean_gap == Approx(1.5));
    check_against_reference(log, shares);
  }
  SECTION("three listings in one week are one pair") {
    // π = 0.75 each (k = 3 of 4), T = 3: {0, 0, 1}, {2, 2, 2}, {1, 3, 0}.
    const PickLog log = log_of(3, {{0, 0, 1}, {2, 2, 2}, {1, 3, 0}});
    const std::vector<double> shares{0.75, 0.75, 0.75, 0.75};
    const FairnessMetrics m = measure_fairness(log, shares);
    CHECK(m.duplicates == 2);  // (week 1, team 0) and (week 2, team 2)
    // Team 3 waits until week 3 (gap 3, normalised 2.25); in week 2 it has x = 0 against 1.5.
    CHECK(m.max_gap == 3);
    CHECK(m.max_gap_normalised == Approx(2.25));
    CHECK(m.max_deviation == Approx(1.5));
    check_against_reference(log, shares);
  }
}

TEST_CASE("fairness: win52 needs a full 52-week window", "[fairness]") {
  // π = (0.5, 0.5), team 0 every week.
  const std::vector<double> shares{0.5, 0.5};
  const FairnessMetrics short_run = measure_fairness(k1_log(std::vector<std::uint32_t>(51, 0)), shares);
  CHECK(std::isnan(short_run.win52));
  CHECK(short_run.max_deviation == Approx(25.5));  // 51 − 25.5 (and team 1 at −25.5)
  // At 52 weeks there is one window, the whole run: |52 − 26| = 26.
  const FairnessMetrics one_window = measure_fairness(k1_log(std::vector<std::uint32_t>(52, 0)), shares);
  CHECK(one_window.win52 == Approx(26.0));
  // A perfect alternation over 104 weeks: every window holds 26 turns each → 0.
  std::vector<std::uint32_t> alternate;
  for (std::uint32_t t = 0; t < 104; ++t) alternate.push_back(t % 2);
  CHECK(measure_fairness(k1_log(alternate), shares).win52 == 0.0);
}

TEST_CASE("fairness: entropy and certainty from chances recorded by hand", "[fairness]") {
  const PickLog log = log_of(2, {{0, 1}, {2, 3}, {0, 2}});
  const std::vector<double> shares{0.5, 0.5, 0.5, 0.5};
  ChanceLog chances(4);
  // Week 1: h(0.5) + h(0.5) + h(0) + h(1) = 1 + 1 + 0 + 0 = 2 bits; two certain, two near.
  chances.add(1, std::vector<double>{0.5, 0.5, 0.0, 1.0});
  // Week 3: h(0.25) = h(0.75) = 0.5 + 0.75·log2(4/3) = 0.811278…;
  // h(0.005) = h(0.995) = 0.005·log2(200) + 0.995·log2(1/0.995) = 0.045414…;
  // total 1.713386 bits; none certain, two near (0.005 <= 0.01, 0.995 >= 0.99).
  chances.add(3, std::vector<double>{0.25, 0.75, 0.005, 0.995});
  const FairnessMetrics m = measure_fairness(log, shares, &chances);
  CHECK(m.chance_weeks == 2);
  CHECK(m.entropy == Approx((2.0 + 1.713385633585854) / 2));  // 1.856693 bits a week
  CHECK(m.certainty == Approx(2.0 / 8));
  CHECK(m.near_certainty == Approx(4.0 / 8));
}

TEST_CASE("fairness: near-certainty includes its thresholds", "[fairness]") {
  const PickLog log = log_of(2, {{0, 1}});
  ChanceLog chances(4);
  chances.add(1, std::vector<double>{0.01, 0.99, 0.0100001, 0.9899999});
  const FairnessMetrics m = measure_fairness(log, std::vector<double>{0.5, 0.5, 0.5, 0.5}, &chances);
  CHECK(m.certainty == 0.0);
  CHECK(m.near_certainty == Approx(0.5));  // 0.01 and 0.99 count; the two just inside do not
}

TEST_CASE("fairness: agrees with the definitions read literally on random sequences", "[fairness]") {
  // Random logs with duplicates allowed (so that rule is exercised too), over the 52-week edge.
  Rng rng(20240611);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n = 2 + rng.below(6), k = 1 + rng.below(n), weeks = 40 + rng.below(40);
    std::vector<double> shares(n);
    for (double& s : shares) s = rng.uniform01();
    std::vector<std::uint32_t> flat;
    for (std::size_t j = 0; j < weeks * k; ++j) flat.push_back(static_cast<std::uint32_t>(rng.below(n)));
    INFO("trial " << trial << ": n = " << n << ", k = " << k << ", weeks = " << weeks);
    check_against_reference(PickLog(k, flat), shares);
  }
}

TEST_CASE("fairness: gaps are the Wheel's gaps", "[fairness]") {
  // Explicit picks through a Wheel (no pauses), then its per-team longest gaps against max_gap.
  Wheel wheel("lottery", 1);
  for (const char* id : {"a", "b", "c", "d", "e"}) wheel.add(id);
  const Weeks weeks = {{0, 1}, {2, 0}, {0, 1}, {3, 0}, {1, 2}, {0, 1}, {2, 1}, {0, 1}};
  for (const auto& w : weeks) {
    std::vector<std::string> ids;
    for (const auto i : w) ids.push_back(wheel.roster()[i].id);
    wheel.accept(ids);
  }
  // Team e is never picked: its one gap is the whole horizon, 8 (d: 4, then 4 open).
  const FairnessMetrics m = measure_fairness(log_of(2, weeks), std::vector<double>(5, 0.4));
  std::size_t longest = 0;
  for (const auto& s : wheel.stats()) longest = std::max(longest, s.longest_gap);
  CHECK(longest == 8);
  CHECK(m.max_gap == static_cast<double>(longest));
  // The GapTracker, the per-team rule itself, on team d: turn in week 4 of 8.
  GapTracker d;
  CHECK(d.turn(4) == 4);  // the gap the turn closes
  CHECK(d.open_gap(8) == 4);
  CHECK(d.longest_gap(8) == 4);
  CHECK(d.gap_count(8) == 2);
  CHECK(wheel.stats()[3].current_gap == d.open_gap(8));
  CHECK(wheel.stats()[3].longest_gap == d.longest_gap(8));
  // A second turn in the same week closes no gap (gaps of 0 do not exist).
  GapTracker twice;
  CHECK(twice.turn(3) == 3);
  CHECK(twice.turn(3) == 0);
  CHECK(twice.gap_count(3) == 1);
  CHECK(twice.longest_gap(5) == 3);
  CHECK(twice.gap_count(5) == 2);  // 3, and 2 still open
}

TEST_CASE("fairness: the mean over runs", "[fairness]") {
  FairnessMetrics a, b;
  a.max_gap = 10;
  b.max_gap = 20;
  a.win52 = std::nan("");
  b.win52 = 3;
  a.entropy = 30;
  b.entropy = 31;
  const std::vector<FairnessMetrics> runs{a, b};
  const FairnessMetrics m = mean_metrics(runs);
  CHECK(m.max_gap == 15);
  CHECK(m.entropy == 30.5);
  CHECK(std::isnan(m.win52));  // one run without a value: no mean
  CHECK_THROWS_AS(mean_metrics({}), InvalidArgument);
  // Comparison: NaN in both is equal, so identical runs compare equal; any other difference is not.
  CHECK(a == a);
  CHECK_FALSE(a == b);
  FairnessMetrics c = a;
  c.duplicates = 1;
  CHECK_FALSE(a == c);
  CHECK_FALSE(b == a);
}

TEST_CASE("fairness: bad input is refused with a reason", "[fairness]") {
  const std::vector<double> shares{0.5, 0.5};
  CHECK_THROWS_AS(PickLog(0), InvalidArgument);
  CHECK_THROWS_WITH(PickLog(3, std::vector<std::uint32_t>{0, 1}), Catch::Contains("multiple of 3"));
  PickLog log(2);
  CHECK_THROWS_WITH(log.append(std::vector<std::size_t>{0}), Catch::Contains("has 2 picks, not 1"));
  log.append(std::vector<std::size_t>{0, 1});
  CHECK(log.weeks() == 1);
  CHECK_THROWS_WITH(measure_fairness(PickLog(1, {0, 2}), shares), Catch::Contains("pick 2 is not a team index"));
  CHECK_THROWS_WITH(measure_fairness(log, std::vector<double>{0.5, 1.5}), Catch::Contains("share of team 1"));
  CHECK_THROWS_AS(measure_fairness(log, std::vector<double>{0.5, std::nan("")}), InvalidArgument);

  ChanceLog chances(2);
  CHECK_THROWS_WITH(chances.add(0, shares), Catch::Contains("numbered from 1"));
  CHECK_THROWS_WITH(chances.add(1, std::vector<double>{0.5}), Catch::Contains("got 1 chances"));
  CHECK_THROWS_WITH(chances.add(1, std::vector<double>{0.5, 1.01}), Catch::Contains("team 1 in week 1"));
  CHECK_THROWS_AS(chances.add(1, std::vector<double>{-0.5, 0.5}), InvalidArgument);
  CHECK_THROWS_AS(chances.add(1, std::vector<double>{std::numeric_limits<double>::infinity(), 0.5}), InvalidArgument);
  CHECK(chances.empty());
  chances.add(2, shares);
  CHECK_THROWS_WITH(chances.add(2, shares), Catch::Contains("increasing order"));
  CHECK_THROWS_WITH(measure_fairness(log, shares, &chances), Catch::Contains("ends at week 1"));
  ChanceLog three(3);
  three.add(1, std::vector<double>{0.5, 0.5, 0.5});
  CHECK_THROWS_WITH(measure_fairness(log, shares, &three), Catch::Contains("3 teams"));
  // NaN marks a team out of the draw (a log of a roster that changed): on a fixed roster every
  // team is in the draw, so measure_fairness refuses it.
  ChanceLog absent(2);
  absent.add(1, std::vector<double>{0.5, std::nan("")});
  CHECK(absent == absent);  // NaN matches NaN
  CHECK_THROWS_WITH(measure_fairness(log, shares, &absent), Catch::Contains("the chance of team 1 in week 1"));
}

// ---- the metrics under roster changes (FairnessMeter fed week by week) ----------------------------

namespace {

// A roster that changes, told week by week: what each week's draw was and who was on the roster.
struct ChurnWeek {
  std::vector<std::uint32_t> joined;  // serials that joined before this week
  std::vector<std::uint32_t> left;    // serials that left before this week
  std::vector<double> shares;         // by serial (all serials so far), NaN when not in the draw
  bool new_shares = false;            // set_shares was called before this week
  std::vector<double> chances;        // empty: none recorded
  std::vector<std::uint32_t> picks;
};

// The definitions at the top of fairness.hpp read literally, from the per-week shares.
FairnessMetrics churn_reference(std::size_t starting, const std::vector<ChurnWeek>& weeks) {
  const std::size_t t_end = weeks.size();
  const std::size_t n = starting + [&] {
    std::size_t j = 0;
    for (const auto& w : weeks) j += w.joined.size();
    return j;
  }();
  const double nan = std::nan("");
  // Per week u (1-based) and team: present, eligible, share, picked.
  std::vector<std::size_t> first(n, 1), last(n, t_end);  // weeks present: first..last
  for (std::size_t u = 1; u <= t_end; ++u) {
    for (const auto s : weeks[u - 1].joined) first[s] = u;
    for (const auto s : weeks[u - 1].left) last[s] = u - 1;
  }
  auto share = [&](std::size_t u, std::size_t i) {
    const auto& sh = weeks[u - 1].shares;
    return i < sh.size() ? sh[i] : nan;
  };
  auto eligible = [&](std::size_t u, std::size_t i) { return u >= first[i] && u <= last[i] && !std::isnan(share(u, i)); };
  auto picked = [&](std::size_t u, std::size_t i) {
    const auto& p = weeks[u - 1].picks;
    return std::find(p.begin(), p.end(), i) != p.end();
  };
  auto x = [&](std::size_t i, std::size_t t) {
    double turns = 0;
    for (std::size_t u = 1; u <= t; ++u) turns += picked(u, i) ? 1 : 0;
    return turns;
  };
  auto expected = [&](std::size_t i, std::size_t t) {
    double e = 0;
    for (std::size_t u = 1; u <= t; ++u)
      if (eligible(u, i)) e += share(u, i);
    return e;
  };
  FairnessMetrics m;
  m.weeks = static_cast<double>(t_end);
  m.teams = static_cast<double>(n);
  double eligible_weeks = 0, gap_count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t t = first[i]; t <= last[i]; ++t)
      m.max_deviation = std::max(m.max_deviation, std::abs(x(i, t) - expected(i, t)));
    // Gaps on the team's clock; each gap's share is E at its end minus E at the turn before.
    std::size_t clock = 0, last_turn_clock = 0, last_turn_week = first[i] - 1;
    double gap_start_expected = 0;
    for (std::size_t u = first[i]; u <= last[i]; ++u) {
      if (!eligible(u, i)) continue;
      ++clock;
      if (!picked(u, i)) continue;
      m.max_gap = std::max(m.max_gap, static_cast<double>(clock - last_turn_clock));
      m.max_gap_normalised = std::max(m.max_gap_normalised, expected(i, u) - gap_start_expected);
      gap_count += 1;
      last_turn_clock = clock;
      last_turn_week = u;
      gap_start_expected = expected(i, u);
    }
    (void)last_turn_week;
    if (clock > last_turn_clock) {
      m.max_gap = std::max(m.max_gap, static_cast<double>(clock - last_turn_clock));
      m.max_gap_normalised = std::max(m.max_gap_normalised, expected(i, last[i]) - gap_start_expected);
      gap_count += 1;
    }
    eligible_weeks += static_cast<double>(clock);
    for (std::size_t s = 0; s + 52 <= t_end; ++s)
      if (first[i] <= s + 1 && last[i] >= s + 52)
        m.win52 = std::max(m.win52, std::abs(x(i, s + 52) - x(i, s) - (expected(i, s + 52) - expected(i, s))));
  }
  m.mean_gap = gap_count == 0 ? nan : eligible_weeks / gap_count;
  m.dead_ends = nan;  // not a pick log's to know
  if (t_end < 52) m.win52 = nan;
  double rows = 0, team_weeks = 0, certain = 0, near = 0, bits = 0;
  for (std::size_t u = 1; u <= t_end; ++u) {
    const auto& row = weeks[u - 1].chances;
    if (row.empty()) continue;
    rows += 1;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (!eligible(u, i)) continue;
      team_weeks += 1;
      certain += (row[i] == 0.0 || row[i] == 1.0) ? 1 : 0;
      near += (row[i] <= 0.01 || row[i] >= 0.99) ? 1 : 0;
      bits += row[i] <= 0 || row[i] >= 1 ? 0 : -row[i] * std::log2(row[i]) - (1 - row[i]) * std::log2(1 - row[i]);
    }
  }
  m.chance_weeks = rows;
  m.certainty = rows == 0 ? nan : certain / team_weeks;
  m.near_certainty = rows == 0 ? nan : near / team_weeks;
  m.entropy = rows == 0 ? nan : bits / rows;
  for (std::size_t u = 1; u <= t_end; ++u) {
    const auto& p = weeks[u - 1].picks;
    for (std::size_t a = 0; a < p.size(); ++a)
      if (std::count(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(a), p[a]) == 1) m.duplicates += 1;
  }
  return m;
}

FairnessMetrics run_meter(const std::vector<double>& starting, const std::vector<ChurnWeek>& weeks) {
  FairnessMeter meter(starting);
  for (const ChurnWeek& w : weeks) {
    for (const auto s : w.joined) CHECK(meter.join() == s);
    for (const auto s : w.left) meter.leave(s);
    if (w.new_shares) meter.set_shares(w.shares);
    if (!w.chances.empty()) meter.chances(w.chances);
    meter.week(w.picks);
  }
  return meter.result();
}

void check_metrics_close(const FairnessMetrics& got, const FairnessMetrics& want) {
  for (const auto& [name, field] : detail::fairness_figures) {
    INFO(name);
    if (std::isnan(want.*field)) {
      CHECK(std::isnan(got.*field));
    } else {
      CHECK(got.*field == Approx(want.*field).epsilon(1e-9).margin(1e-9));
    }
  }
}

}  // namespace

TEST_CASE("fairness under churn: a join, a pause and a leave, worked by hand", "[fairness][churn]") {
  // k = 1. Weeks 1-2: teams 0 and 1, π = 1/2 each. Week 3-4: team 1 paused, π_0 = 1. Weeks 5-6:
  // team 1 back and team 2 joined, π = 1/3 each. Weeks 7-8: team 0 gone, π = 1/2 for 1 and 2.
  // Picks: 0, 1 | 0, 0 | 2, 1 | 1, 2.
  const double nan = std::nan("");
  FairnessMeter meter(std::vector<double>{0.5, 0.5});
  meter.week(std::vector<std::uint32_t>{0});
  meter.week(std::vector<std::uint32_t>{1});
  meter.set_shares(std::vector<double>{1.0, nan});
  meter.chances(std::vector<double>{1.0, nan});  // only team 0 is in the draw: certain
  meter.week(std::vector<std::uint32_t>{0});
  meter.week(std::vector<std::uint32_t>{0});
  CHECK(meter.join() == 2);
  meter.set_shares(std::vector<double>{1.0 / 3, 1.0 / 3, 1.0 / 3});
  meter.chances(std::vector<double>{0.5, 0.5, 0.0});
  meter.week(std::vector<std::uint32_t>{2});
  meter.week(std::vector<std::uint32_t>{1});
  meter.leave(0);
  meter.set_shares(std::vector<double>{nan, 0.5, 0.5});
  meter.week(std::vector<std::uint32_t>{1});
  meter.week(std::vector<std::uint32_t>{2});
  const FairnessMetrics m = meter.result();
  // Team 0 (weeks 1-6, always eligible): E = .5 1 2 3 3⅓ 3⅔, x = 1 1 2 3 3 3: deviation up to ⅔
  //   when it leaves. Gaps 1, 2, 1 and 2 open, worth E: .5, 1.5, 1, ⅔.
  // Team 1 (paused in weeks 3-4): clock 1 2 - - 3 4 5 6, turns at clock 2, 4, 5: gaps 2, 2, 1
  //   and 1 open, worth 1, ⅔, .5, .5. E(7) = 2⅙ against x(7) = 3: deviation ⅚, the largest.
  // Team 2 (weeks 5-8): clock 1-4, turns at 1 and 4: gaps 1 and 3, worth ⅓ and 1⅓.
  CHECK(m.weeks == 8);
  CHECK(m.teams == 3);
  CHECK(m.max_gap == 3);
  CHECK(m.max_gap_normalised == Approx(1.5));
  CHECK(m.mean_gap == Approx(16.0 / 10));  // (6 + 6 + 4) eligible weeks over 10 gaps
  CHECK(m.max_deviation == Approx(5.0 / 6));
  CHECK(std::isnan(m.win52));
  CHECK(m.duplicates == 0);
  // Chances: 1 team-week in week 3 (team 1 is paused: not counted), 3 in week 5.
  CHECK(m.chance_weeks == 2);
  CHECK(m.certainty == Approx(2.0 / 4));
  CHECK(m.near_certainty == Approx(2.0 / 4));
  CHECK(m.entropy == Approx(1.0));  // (0 + 2 bits) / 2 weeks
}

TEST_CASE("fairness under churn: agrees with the definitions read literally", "[fairness][churn]") {
  Rng rng(20261126);
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n0 = 2 + rng.below(5), k = 1 + rng.below(3), weeks = 30 + rng.below(120);
    INFO("trial " << trial << ": N0 = " << n0 << ", k = " << k << ", weeks = " << weeks);
    auto draw_share = [&] { return static_cast<double>(1 + rng.below(8)) / 8.0; };
    std::vector<double> shares(n0);
    for (double& s : shares) s = draw_share();
    const std::vector<double> starting = shares;
    std::vector<bool> present(n0, true);
    std::vector<ChurnWeek> log;
    for (std::size_t t = 1; t <= weeks; ++t) {
      ChurnWeek w;
      if (rng.below(8) == 0) {
        w.joined.push_back(static_cast<std::uint32_t>(present.size()));
        present.push_back(true);
        shares.push_back(std::nan(""));
      }
      if (rng.below(10) == 0) {
        const auto s = static_cast<std::uint32_t>(rng.below(present.size()));
        if (present[s] && std::count(present.begin(), present.end(), true) > 1) {
          w.left.push_back(s);
          present[s] = false;
          shares[s] = std::nan("");
        }
      }
      if (!w.joined.empty() || !w.left.empty() || rng.below(4) == 0) {
        w.new_shares = true;
        for (std::size_t i = 0; i < shares.size(); ++i)
          shares[i] = present[i] && rng.below(5) != 0 ? draw_share() : std::nan("");
      }
      w.shares = shares;
      std::vector<std::uint32_t> eligible;
      for (std::size_t i = 0; i < shares.size(); ++i)
        if (!std::isnan(shares[i])) eligible.push_back(static_cast<std::uint32_t>(i));
      for (std::size_t j = 0; j < k && !eligible.empty(); ++j) {
        const auto at = rng.below(eligible.size());
        w.picks.push_back(eligible[at]);
        if (rng.below(10) != 0) eligible.erase(eligible.begin() + static_cast<std::ptrdiff_t>(at));  // else a duplicate may follow
      }
      if (rng.below(6) == 0) {
        w.chances.assign(shares.size(), std::nan(""));
        for (std::size_t i = 0; i < shares.size(); ++i)
          if (!std::isnan(shares[i])) w.chances[i] = rng.below(4) == 0 ? static_cast<double>(rng.below(2)) : rng.uniform01();
      }
      log.push_back(std::move(w));
    }
    check_metrics_close(run_meter(starting, log), churn_reference(n0, log));
  }
}

TEST_CASE("fairness under churn: a roster that never changes measures as measure_fairness does", "[fairness][churn]") {
  // set_shares with the same shares starts a new epoch but changes no figure's definition.
  Rng rng(7);
  const std::vector<double> shares{0.25, 0.5, 0.75, 0.5};
  std::vector<std::uint32_t> flat;
  for (int t = 0; t < 150; ++t)
    for (int j = 0; j < 2; ++j) flat.push_back(static_cast<std::uint32_t>(rng.below(4)));
  const PickLog log(2, flat);
  FairnessMeter meter(shares);
  for (std::size_t t = 0; t < log.weeks(); ++t) {
    if (t % 37 == 0) meter.set_shares(shares);
    meter.week(log[t]);
  }
  check_metrics_close(meter.result(), measure_fairness(log, shares));
}

TEST_CASE("fairness under churn: bad input is refused and changes nothing", "[fairness][churn]") {
  const double nan = std::nan("");
  FairnessMeter meter(std::vector<double>{0.5, 0.5});
  meter.set_shares(std::vector<double>{1.0, nan});
  CHECK_THROWS_WITH(meter.week(std::vector<std::uint32_t>{1}), Catch::Contains("pick 1 in week 1 is not a team in the draw"));
  CHECK_THROWS_WITH(meter.week(std::vector<std::uint32_t>{2}), Catch::Contains("pick 2"));
  CHECK(meter.weeks() == 0);
  CHECK_THROWS_WITH(meter.set_shares(std::vector<double>{0.5}), Catch::Contains("one share per team (2), not 1"));
  CHECK_THROWS_WITH(meter.set_shares(std::vector<double>{0.5, 1.5}), Catch::Contains("share of team 1"));
  CHECK_THROWS_WITH(meter.chances(std::vector<double>{nan, 0.5}), Catch::Contains("the chance of team 0 in week 1"));
  CHECK_NOTHROW(meter.chances(std::vector<double>{0.5, nan}));  // team 1 is not in the draw: not read
  meter.leave(1);
  CHECK_THROWS_WITH(meter.leave(1), Catch::Contains("team 1 is not on the roster"));
  CHECK_THROWS_WITH(meter.set_shares(std::vector<double>{0.5, 0.5}), Catch::Contains("team 1 has left"));
  meter.week(std::vector<std::uint32_t>{0});
  CHECK(meter.result().weeks == 1);
}
