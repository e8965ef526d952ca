// SPDX-License-Identifier: Apache-2.0
// simulate(): reproducible runs, chance sampling that leaves the picks alone, every policy's
// picks distinct, known figures for the policies whose behaviour is exact, and spec validation.
#include <catch2/catch.hpp>

#include <opswheel/errors.hpp>
#include <opswheel/policies.hpp>
#include <opswheel/simulate.hpp>
#include <opswheel/wheel.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace opswheel;

namespace {

// Weights 1, 2, 3, 1, 2, 3, ... (cycle of `period`).
std::vector<double> cycling(std::size_t n, std::size_t period) {
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = 1.0 + static_cast<double>(i % period);
  return w;
}

SimulationSpec small_spec(std::string policy) {
  SimulationSpec s;
  s.policy = std::move(policy);
  s.weights = cycling(20, 3);
  s.k = 3;
  s.weeks = 120;
  s.runs = 2;
  s.seed = 7;
  s.chance_weeks = 1;  // aws and quota estimate chances from 4,000 draws: keep Debug builds fast
  return s;
}

bool rows_distinct(const PickLog& log) {
  for (std::size_t row = 0; row < log.weeks(); ++row) {
    const auto w = log[row];
    if (std::set<std::uint32_t>(w.begin(), w.end()).size() != w.size()) return false;
  }
  return true;
}

// The ids a replay gives the teams: the starting teams "team-<i>", joiners "join-<serial>" (both
// prefixes five characters long, so the serial reads back from either).
std::string id_of(std::uint32_t serial, std::size_t starting) {
  return (serial < starting ? "team-" : "join-") + std::to_string(serial);
}
std::uint32_t serial_of(const std::string& id) { return static_cast<std::uint32_t>(std::stoul(id.substr(5))); }

// Run `run` of `spec` replayed as simulate.hpp documents: Wheel(policy, seed + r, options), the
// starting teams added in order, then each week the run's changes of that week, in order, and
// accept(suggest(k)). The picks, as serials.
PickLog replay_on_wheel(const SimulationSpec& spec, const SimulationRun& run) {
  const std::size_t n0 = spec.weights.size();
  Wheel wheel(spec.policy, spec.seed + run.index, spec.options);
  for (std::size_t i = 0; i < n0; ++i) wheel.add(id_of(static_cast<std::uint32_t>(i), n0), spec.weights[i]);
  PickLog picks(spec.k);
  auto change = run.changes.begin();
  for (std::size_t t = 1; t <= spec.weeks; ++t) {
    for (; change != run.changes.end() && change->week == t; ++change) {
      const std::string id = id_of(change->team, n0);
      switch (change->kind) {
        case ChangeKind::join: wheel.add(id, change->weight); break;
        case ChangeKind::leave: wheel.remove(id); break;
        case ChangeKind::pause: wheel.pause(id); break;
        case ChangeKind::resume: wheel.resume(id); break;
        case ChangeKind::reweight: wheel.set_weight(id, change->weight); break;
      }
    }
    const Suggestion s = wheel.suggest(spec.k);
    std::vector<std::size_t> week;
    for (const std::string& id : s.picks) week.push_back(serial_of(id));
    picks.append(week);
    wheel.accept(s);
  }
  CHECK(change == run.changes.end());  // every change has a week of the run
  return picks;
}

// The scenario of docs/fairness.md, smaller: every change happens often.
SimulationSpec churn_spec(std::string policy) {
  SimulationSpec s = small_spec(std::move(policy));
  s.weeks = 200;
  s.churn.join_rate = 0.15;
  s.churn.leave_rate = 0.15;
  s.churn.pause_rate = 0.2;
  s.churn.pause_min = 1;
  s.churn.pause_max = 4;
  s.churn.reweight_rate = 0.15;
  s.churn.new_weights = {1, 2, 3, 4, 5};
  return s;
}

}  // namespace

TEST_CASE("simulate: the same spec gives the same runs, another seed other picks", "[simulate]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    const SimulationSpec spec = small_spec(std::string(name));
    const SimulationResult a = simulate(spec);
    const SimulationResult b = simulate(spec);
    CHECK(a == b);
    REQUIRE(a.runs.size() == 2);
    SimulationSpec no_chances = spec;  // NaN entropy and certainty: still equal
    no_chances.chance_weeks = 0;
    CHECK(simulate(no_chances) == simulate(no_chances));
    CHECK(a.runs[0].picks.weeks() == 120);
    CHECK(a.runs[0].picks.k() == 3);
    if (name == "rotation") continue;  // deterministic: no seed changes it
    CHECK(a.runs[0].picks != a.runs[1].picks);
    SimulationSpec other = spec;
    other.seed = 8;
    other.chance_weeks = 0;
    CHECK(simulate(other).runs[0].picks != a.runs[0].picks);
  }
}

TEST_CASE("simulate: run r on its own is run r of a batch, drawn as documented", "[simulate]") {
  SimulationSpec spec = small_spec("lottery");
  spec.runs = 4;
  const SimulationResult batch = simulate(spec);
  SimulationSpec alone = spec;
  alone.first_run = 2;
  alone.runs = 1;
  const SimulationResult single = simulate(alone);
  REQUIRE(single.runs.size() == 1);
  CHECK(single.runs[0] == batch.runs[2]);
  CHECK(single.runs[0].index == 2);
  CHECK(single.runs[0].seed == spec.seed + 2);
  // The documented loop, by hand: a fresh policy, Rng(seed + r), draw then accept.
  auto policy = make_policy(spec.policy);
  for (const double w : spec.weights) policy->add(w);
  Rng rng(spec.seed + 2);
  PickLog expected(spec.k);
  for (std::size_t t = 0; t < spec.weeks; ++t) {
    const auto picks = policy->draw(spec.k, rng);
    expected.append(picks);
    policy->accept(picks);
  }
  CHECK(single.runs[0].picks == expected);
}

TEST_CASE("simulate: run 0 draws from the seed itself, and the seed wraps", "[simulate]") {
  SimulationSpec spec = small_spec("lottery");
  spec.seed = std::numeric_limits<std::uint64_t>::max();
  spec.chance_weeks = 0;
  const SimulationResult r = simulate(spec);
  CHECK(r.runs[0].seed == std::numeric_limits<std::uint64_t>::max());
  CHECK(r.runs[1].seed == 0);  // seed + 1, mod 2^64
  SimulationSpec zero = spec;
  zero.seed = 0;
  zero.runs = 1;
  CHECK(simulate(zero).runs[0].picks == r.runs[1].picks);
}

TEST_CASE("simulate: run r is reproduced on a Wheel seeded with seed + r, for every policy", "[simulate]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    SimulationSpec spec = small_spec(std::string(name));
    spec.runs = 3;
    spec.chance_weeks = 0;
    spec.options.slack = 1;  // not the default, so the options must reach the wheel too
    const SimulationResult result = simulate(spec);
    for (const SimulationRun& run : result.runs) {
      INFO("run " << run.index);
      CHECK(replay_on_wheel(spec, run) == run.picks);
    }
  }
}

TEST_CASE("simulate: its week is draw then accept, bit for bit, for every policy", "[simulate]") {
  // simulate runs a week through Policy::do_week, which aws overrides with a fused spin and accept;
  // the public calls are the reference. For aws the weights must agree to the last bit too.
  for (const auto name : policy_names) {
    INFO(name);
    auto fused = make_policy(name);
    for (const double w : cycling(40, 5)) fused->add(w);
    auto reference = fused->clone();
    Rng rng_fused(11), rng_reference(11);
    const std::size_t k = 6;
    const auto request = detail::SimulationAccess::request(*fused, k);
    std::vector<std::size_t> picks(k);
    for (int week = 0; week < 400; ++week) {
      detail::SimulationAccess::week(*fused, request, rng_fused, picks);
      const auto expected = reference->draw(k, rng_reference);
      REQUIRE(picks == expected);
      reference->accept(expected);
      if (const auto* aws = dynamic_cast<const AwsPolicy*>(fused.get()))
        REQUIRE(aws->current_weights() == dynamic_cast<const AwsPolicy&>(*reference).current_weights());
    }
  }
}

TEST_CASE("simulate: recording chances does not change the picks", "[simulate]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    SimulationSpec with = small_spec(std::string(name));
    with.runs = 1;
    with.chance_weeks = name == "aws" || name == "quota" ? 1 : 3;  // estimated: 4,000 draws each
    SimulationSpec without = with;
    without.chance_weeks = 0;
    const SimulationResult a = simulate(with), b = simulate(without);
    CHECK(a.runs[0].picks == b.runs[0].picks);
    CHECK(a.runs[0].chances.size() == with.chance_weeks);
    CHECK(b.runs[0].chances.empty());
    CHECK(a.runs[0].metrics.chance_weeks == static_cast<double>(with.chance_weeks));
    CHECK(std::isnan(b.runs[0].metrics.entropy));
    CHECK(a.runs[0].metrics.max_deviation == b.runs[0].metrics.max_deviation);
  }
}

TEST_CASE("simulate: chances are recorded in random weeks, not at an interval", "[simulate]") {
  SimulationSpec spec = small_spec("lottery");
  spec.weeks = 200;
  spec.chance_weeks = 20;
  spec.runs = 3;
  const SimulationResult r = simulate(spec);
  std::vector<std::vector<std::size_t>> chosen;
  for (const auto& run : r.runs) {
    const auto weeks = run.chances.weeks();
    REQUIRE(weeks.size() == 20);
    CHECK(weeks.front() >= 1);
    CHECK(weeks.back() <= 200);
    std::set<std::size_t> steps;
    for (std::size_t j = 1; j < weeks.size(); ++j) {
      CHECK(weeks[j] > weeks[j - 1]);
      steps.insert(weeks[j] - weeks[j - 1]);
    }
    CHECK(steps.size() > 1);  // a fixed interval would give one step
    chosen.emplace_back(weeks.begin(), weeks.end());
  }
  CHECK(chosen[0] != chosen[1]);  // each run chooses its own weeks
  // More weeks asked for than there are: every week.
  spec.weeks = 10;
  spec.runs = 1;
  const SimulationResult short_run = simulate(spec);
  const auto all = short_run.runs[0].chances.weeks();
  CHECK(std::vector<std::size_t>(all.begin(), all.end()) == std::vector<std::size_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
}

TEST_CASE("simulate: the chance weeks are uniform over the run", "[simulate]") {
  // 5 of 10 weeks, 4,000 times: each week should be chosen half the time (sd 0.0079; 0.04 is 5 sd).
  Rng rng(11);
  std::vector<double> freq(11, 0.0);
  for (int s = 0; s < 4000; ++s)
    for (const std::size_t t : detail::sample_weeks(10, 5, rng)) freq[t] += 1.0 / 4000;
  for (std::size_t t = 1; t <= 10; ++t) CHECK(freq[t] == Approx(0.5).margin(0.04));
}

TEST_CASE("simulate: no team twice in a week, for every policy", "[simulate]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    SimulationSpec spec = small_spec(std::string(name));
    spec.weights = cycling(30, 3);
    spec.k = 4;
    spec.weeks = 300;
    spec.chance_weeks = 0;
    const SimulationResult r = simulate(spec);
    for (const auto& run : r.runs) {
      CHECK(run.metrics.duplicates == 0);
      CHECK(rows_distinct(run.picks));
    }
  }
}

TEST_CASE("simulate: rotation stays within one turn of its share — lottery does not", "[simulate]") {
  SimulationSpec spec;
  spec.weights = cycling(100, 5);
  spec.k = 7;
  spec.weeks = 500;
  spec.seed = 3;
  spec.chance_weeks = 5;
  spec.policy = "rotation";
  const FairnessMetrics rotation = simulate(spec).mean;
  CHECK(rotation.max_deviation < 1.0);
  CHECK(rotation.max_deviation > 0.5);  // measured, not zero: the metric sees the rotation's lag
  CHECK(rotation.certainty == 1.0);     // deterministic: every chance is 0 or 1
  CHECK(rotation.entropy == 0.0);
  spec.policy = "lottery";
  const FairnessMetrics lottery = simulate(spec).mean;
  CHECK(lottery.max_deviation > 3.0);  // a random walk: about 15 by 500 weeks with this seed
  CHECK(lottery.certainty == 0.0);
}

TEST_CASE("simulate: lottery's exact chances give the known entropy", "[simulate]") {
  // 100 teams of equal weight, k = 7: every chance is exactly 0.07 every week, so entropy is
  // 100·h(0.07) = 100·(0.07·log2(1/0.07) + 0.93·log2(1/0.93)) = 36.5924 bits a week.
  SimulationSpec spec;
  spec.policy = "lottery";
  spec.weights.assign(100, 1.0);
  spec.k = 7;
  spec.weeks = 60;
  spec.chance_weeks = 10;
  const SimulationResult r = simulate(spec);
  CHECK(r.shares == std::vector<double>(100, 0.07));
  CHECK(r.mean.entropy == Approx(36.592365090022334));
  CHECK(r.mean.certainty == 0.0);
  CHECK(r.mean.near_certainty == 0.0);
  CHECK(r.runs[0].chances.samples() == 0);  // exact, not estimated
}

TEST_CASE("simulate: each run's metrics measure its picks — the mean is their mean", "[simulate]") {
  SimulationSpec spec = small_spec("shuffle_bag");
  spec.runs = 3;
  const SimulationResult r = simulate(spec);
  std::vector<FairnessMetrics> each;
  for (const auto& run : r.runs) {
    FairnessMetrics from_picks = measure_fairness(run.picks, r.shares, &run.chances);
    CHECK(std::isnan(from_picks.dead_ends));  // picks alone do not say
    from_picks.dead_ends = run.metrics.dead_ends;
    CHECK(run.metrics == from_picks);
    CHECK(run.metrics.dead_ends == 0);  // the bag promises no bound
    each.push_back(run.metrics);
  }
  CHECK(r.mean == mean_metrics(each));
  CHECK(r.mean.weeks == 120);
  CHECK(r.mean.teams == 20);
}

TEST_CASE("simulate: progress is reported up to runs × weeks", "[simulate]") {
  SimulationSpec spec = small_spec("lottery");
  spec.weeks = 2500;
  spec.runs = 2;
  spec.chance_weeks = 0;
  std::vector<std::size_t> seen;
  simulate(spec, [&](std::size_t done, std::size_t total) {
    CHECK(total == 5000);
    seen.push_back(done);
  });
  // Every 1024 weeks of a run, and at the end of each run.
  CHECK(seen == std::vector<std::size_t>{1024, 2048, 2500, 3524, 4548, 5000});
}

TEST_CASE("simulate: a spec that cannot run is refused before any work", "[simulate]") {
  const SimulationSpec good = small_spec("lottery");
  auto refused = [&](auto change) {
    SimulationSpec s = good;
    change(s);
    bool called = false;
    try {
      simulate(s, [&](std::size_t, std::size_t) { called = true; });
    } catch (const Error&) {
      CHECK_FALSE(called);
      throw;
    }
  };
  CHECK_THROWS_WITH(refused([](SimulationSpec& s) { s.policy = "roulette"; }), Catch::Contains("unknown policy 'roulette'"));
  CHECK_THROWS_WITH(refused([](SimulationSpec& s) { s.weights.clear(); }), Catch::Contains("at least one team weight"));
  CHECK_THROWS_WITH(refused([](SimulationSpec& s) { s.weights[2] = 0; }), Catch::Contains("weights[2]"));
  CHECK_THROWS_AS(refused([](SimulationSpec& s) { s.weights[0] = -1; }), InvalidArgument);
  CHECK_THROWS_AS(refused([](SimulationSpec& s) { s.weights[0] = std::nan(""); }), InvalidArgument);
  CHECK_THROWS_AS(refused([](SimulationSpec& s) { s.weights[0] = std::numeric_limits<double>::infinity(); }),
                  InvalidArgument);
  CHECK_THROWS_WITH(refused([](SimulationSpec& s) { s.k = 0; }), Catch::Contains("k must be at least 1"));
  CHECK_THROWS_AS(refused([](SimulationSpec& s) { s.k = 21; }), NotEnoughTeams);
  CHECK_THROWS_WITH(refused([](SimulationSpec& s) { s.weeks = 0; }), Catch::Contains("weeks >= 1"));
  CHECK_THROWS_WITH(refused([](SimulationSpec& s) { s.runs = 0; }), Catch::Contains("runs >= 1"));
  CHECK_THROWS_AS(refused([](SimulationSpec& s) { s.weeks = std::numeric_limits<std::size_t>::max() / 2; }),
                  InvalidArgument);
  CHECK_THROWS_AS(refused([](SimulationSpec& s) { s.first_run = std::numeric_limits<std::size_t>::max(); }),
                  InvalidArgument);
  CHECK_NOTHROW(refused([](SimulationSpec&) {}));
}

// ---- the change model ------------------------------------------------------------------------

TEST_CASE("simulate: a change model that changes nothing draws the fixed roster's runs", "[simulate][churn]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    const SimulationSpec fixed = small_spec(std::string(name));
    SimulationSpec idle = fixed;
    idle.churn.pause_min = 2;  // settings of changes that never happen
    idle.churn.pause_max = 5;
    idle.churn.new_weights = {3, 4};
    const SimulationResult a = simulate(fixed), b = simulate(idle);
    REQUIRE(a.runs.size() == b.runs.size());
    for (std::size_t r = 0; r < a.runs.size(); ++r) {
      CHECK(a.runs[r] == b.runs[r]);
      CHECK(b.runs[r].changes.empty());
      CHECK(b.runs[r].teams == fixed.weights.size());
    }
  }
}

TEST_CASE("simulate: under churn, run r is reproduced on a Wheel from its changes, for every policy", "[simulate][churn]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    SimulationSpec spec = churn_spec(std::string(name));
    spec.chance_weeks = name == "aws" || name == "quota" ? 1 : 5;
    const SimulationResult result = simulate(spec);
    for (const SimulationRun& run : result.runs) {
      INFO("run " << run.index);
      CHECK_FALSE(run.changes.empty());
      CHECK(replay_on_wheel(spec, run) == run.picks);
    }
  }
}

TEST_CASE("simulate: under churn, every week picks k distinct teams in the draw, and the changes keep the rules",
          "[simulate][churn]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    SimulationSpec spec = churn_spec(std::string(name));
    spec.runs = 3;
    spec.chance_weeks = name == "aws" || name == "quota" ? 2 : 20;
    const SimulationResult result = simulate(spec);
    for (const SimulationRun& run : result.runs) {
      INFO("run " << run.index);
      const std::size_t n0 = spec.weights.size();
      // The roster as the changes tell it, rebuilt independently of simulate's bookkeeping.
      std::map<std::uint32_t, bool> on_roster;  // serial -> paused
      for (std::uint32_t i = 0; i < n0; ++i) on_roster[i] = false;
      std::map<std::uint32_t, std::size_t> back;  // paused serial -> the week it is due back
      std::uint32_t next_serial = static_cast<std::uint32_t>(n0);
      std::size_t last_week = 0, chance_row = 0;
      auto change = run.changes.begin();
      for (std::size_t t = 1; t <= spec.weeks; ++t) {
        for (; change != run.changes.end() && change->week == t; ++change) {
          CHECK(change->week >= last_week);
          last_week = change->week;
          switch (change->kind) {
            case ChangeKind::join:
              CHECK(change->team == next_serial++);  // serials in the order of joining
              CHECK(std::count(spec.churn.new_weights.begin(), spec.churn.new_weights.end(), change->weight) == 1);
              on_roster[change->team] = false;
              break;
            case ChangeKind::leave:
              REQUIRE(on_roster.count(change->team) == 1);
              on_roster.erase(change->team);
              back.erase(change->team);
              break;
            case ChangeKind::pause:
              REQUIRE(on_roster.count(change->team) == 1);
              CHECK_FALSE(on_roster[change->team]);  // only an eligible team is paused
              CHECK(change->weeks >= 1);
              CHECK(change->weeks <= 4);
              on_roster[change->team] = true;
              back[change->team] = t + change->weeks;
              break;
            case ChangeKind::resume:
              REQUIRE(back.count(change->team) == 1);
              CHECK(back[change->team] == t);  // exactly when due
              on_roster[change->team] = false;
              back.erase(change->team);
              break;
            case ChangeKind::reweight:
              REQUIRE(on_roster.count(change->team) == 1);
              CHECK(std::count(spec.churn.new_weights.begin(), spec.churn.new_weights.end(), change->weight) == 1);
              break;
          }
        }
        for (const auto& [serial, due] : back) CHECK(due > t);  // no pause overstays
        std::set<std::uint32_t> eligible;
        for (const auto& [serial, paused] : on_roster)
          if (!paused) eligible.insert(serial);
        CHECK(eligible.size() >= spec.k);  // the skip rule
        const auto week = run.picks[t - 1];
        CHECK(std::set<std::uint32_t>(week.begin(), week.end()).size() == spec.k);
        for (const std::uint32_t p : week) CHECK(eligible.count(p) == 1);  // never paused or gone
        if (chance_row < run.chances.size() && run.chances.weeks()[chance_row] == t) {
          const auto row = run.chances[chance_row++];
          for (std::uint32_t i = 0; i < row.size(); ++i) CHECK(std::isnan(row[i]) == (eligible.count(i) == 0));
        }
      }
      CHECK(run.teams == next_serial);
      CHECK(run.metrics.teams == static_cast<double>(run.teams));
      CHECK(run.chances.teams() == run.teams);
      CHECK(run.metrics.duplicates == 0);
    }
  }
}

TEST_CASE("simulate: under churn, the figures agree with the Wheel's statistics of the same weeks", "[simulate][churn]") {
  // The Wheel keeps each team's expected turns and gaps its own way (epochs of meetings); the
  // meter's deviation and gaps are maxima over all teams and weeks, so they bound the Wheel's
  // figures of the teams still on the roster at the end.
  for (const auto name : {"lottery", "rotation", "quota"}) {
    INFO("policy " << name);
    SimulationSpec spec = churn_spec(name);
    spec.runs = 2;
    spec.chance_weeks = 0;
    for (const SimulationRun& run : simulate(spec).runs) {
      const std::size_t n0 = spec.weights.size();
      Wheel wheel(spec.policy, spec.seed + run.index, spec.options);
      for (std::size_t i = 0; i < n0; ++i) wheel.add(id_of(static_cast<std::uint32_t>(i), n0), spec.weights[i]);
      auto change = run.changes.begin();
      for (std::size_t t = 1; t <= spec.weeks; ++t) {
        for (; change != run.changes.end() && change->week == t; ++change) {
          const std::string id = id_of(change->team, n0);
          if (change->kind == ChangeKind::join) wheel.add(id, change->weight);
          if (change->kind == ChangeKind::leave) wheel.remove(id);
          if (change->kind == ChangeKind::pause) wheel.pause(id);
          if (change->kind == ChangeKind::resume) wheel.resume(id);
          if (change->kind == ChangeKind::reweight) wheel.set_weight(id, change->weight);
        }
        wheel.accept(wheel.suggest(spec.k));
      }
      double deviation = 0;
      std::size_t longest = 0;
      for (const TeamStats& st : wheel.stats()) {
        deviation = std::max(deviation, std::abs(st.deviation));
        longest = std::max(longest, st.longest_gap);
      }
      CHECK(deviation <= run.metrics.max_deviation + 1e-9);
      CHECK(static_cast<double>(longest) <= run.metrics.max_gap);
    }
  }
}

TEST_CASE("simulate: a leave or pause that would leave fewer than k eligible teams is skipped", "[simulate][churn]") {
  SimulationSpec spec = small_spec("lottery");
  spec.weights.assign(3, 1.0);
  spec.k = 3;  // every team is needed every week
  spec.churn.leave_rate = 1;
  spec.churn.pause_rate = 1;
  spec.churn.reweight_rate = 0.5;
  spec.churn.new_weights = {2};
  const SimulationResult r = simulate(spec);
  for (const SimulationRun& run : r.runs) {
    for (const RosterChange& c : run.changes) CHECK(c.kind == ChangeKind::reweight);
    CHECK_FALSE(run.changes.empty());
    CHECK(run.teams == 3);
  }
  // With more joiners than leavers there is room: teams leave and pause (and the replay, and the
  // test above, check that the eligible never fall below k).
  spec.churn.join_rate = 1;
  spec.churn.leave_rate = 0.5;
  const SimulationResult grown = simulate(spec);
  std::size_t leaves = 0, pauses = 0;
  for (const RosterChange& c : grown.runs[0].changes) {
    leaves += c.kind == ChangeKind::leave;
    pauses += c.kind == ChangeKind::pause;
  }
  CHECK(leaves > 0);
  CHECK(pauses > 0);
  CHECK(replay_on_wheel(spec, grown.runs[0]) == grown.runs[0].picks);
}

TEST_CASE("simulate: under churn the same spec gives the same runs, and a run stands alone", "[simulate][churn]") {
  SimulationSpec spec = churn_spec("shuffle_bag");
  spec.runs = 3;
  const SimulationResult a = simulate(spec), b = simulate(spec);
  CHECK(a == b);  // NaN chances match
  SimulationSpec alone = spec;
  alone.first_run = 1;
  alone.runs = 1;
  CHECK(simulate(alone).runs[0] == a.runs[1]);
  CHECK(a.runs[0].changes != a.runs[1].changes);
  // The changes have their own stream: turning chance sampling off changes no pick or change.
  SimulationSpec quiet = spec;
  quiet.chance_weeks = 0;
  const SimulationResult c = simulate(quiet);
  CHECK(c.runs[2].picks == a.runs[2].picks);
  CHECK(c.runs[2].changes == a.runs[2].changes);
}

TEST_CASE("simulate: a change model out of range is refused, naming the field and value", "[simulate][churn]") {
  const SimulationSpec good = churn_spec("lottery");
  auto refused = [&](auto change) {
    SimulationSpec s = good;
    change(s.churn);
    simulate(s);
  };
  CHECK_THROWS_WITH(refused([](ChurnModel& c) { c.join_rate = 1.5; }), Catch::Contains("join_rate is 1.5"));
  CHECK_THROWS_WITH(refused([](ChurnModel& c) { c.leave_rate = -0.25; }), Catch::Contains("leave_rate is -0.25"));
  CHECK_THROWS_WITH(refused([](ChurnModel& c) { c.pause_rate = std::nan(""); }), Catch::Contains("pause_rate is NaN"));
  CHECK_THROWS_WITH(refused([](ChurnModel& c) { c.reweight_rate = std::numeric_limits<double>::infinity(); }),
                    Catch::Contains("reweight_rate is inf"));
  CHECK_THROWS_WITH(refused([](ChurnModel& c) { c.pause_min = 0; }), Catch::Contains("pause_min is 0"));
  CHECK_THROWS_WITH(refused([](ChurnModel& c) { c.pause_max = 0; }), Catch::Contains("pause_max is 0, below pause_min 1"));
  CHECK_THROWS_WITH(refused([](ChurnModel& c) { c.new_weights = {1, 0}; }), Catch::Contains("new_weights[1]"));
  CHECK_THROWS_AS(refused([](ChurnModel& c) { c.new_weights = {std::nan("")}; }), InvalidArgument);
  CHECK_NOTHROW(refused([](ChurnModel& c) { c.new_weights.clear(); }));  // empty means {1}
  CHECK_NOTHROW(refused([](ChurnModel& c) { c.join_rate = 1; }));
}

TEST_CASE("simulate: the changes do not depend on the policy's picks: every policy meets the same rosters",
          "[simulate][churn]") {
  SimulationSpec spec = churn_spec("lottery");
  spec.chance_weeks = 0;
  const SimulationResult reference = simulate(spec);
  for (const auto name : policy_names) {
    INFO("policy " << name);
    spec.policy = std::string(name);
    const SimulationResult r = simulate(spec);
    for (std::size_t j = 0; j < r.runs.size(); ++j) {
      CHECK(r.runs[j].changes == reference.runs[j].changes);
      CHECK(r.runs[j].teams == reference.runs[j].teams);
    }
  }
}
