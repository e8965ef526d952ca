// SPDX-License-Identifier: Apache-2.0
// simulate(): reproducible runs, chance sampling that leaves the picks alone, every policy's
// picks distinct, known figures for the policies whose behaviour is exact, and spec validation.
#include <catch2/catch.hpp>

#include <opswheel/errors.hpp>
#include <opswheel/policies.hpp>
#include <opswheel/simulate.hpp>
#include <opswheel/wheel.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
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

// Run `run` of `spec` replayed as a Wheel user would: Wheel(policy, seed + r, options), the teams
// added in order as "team-<i>", then suggest(k) and accept each week. The picks, by roster index.
PickLog replay_on_wheel(const SimulationSpec& spec, const SimulationRun& run) {
  Wheel wheel(spec.policy, spec.seed + run.index, spec.options);
  for (std::size_t i = 0; i < spec.weights.size(); ++i) wheel.add("team-" + std::to_string(i), spec.weights[i]);
  PickLog picks(spec.k);
  for (std::size_t t = 1; t <= spec.weeks; ++t) {
    const Suggestion s = wheel.suggest(spec.k);
    std::vector<std::size_t> week;
    for (const std::string& id : s.picks) week.push_back(std::stoul(id.substr(5)));
    picks.append(week);
    wheel.accept(s);
  }
  return picks;
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

TEST_CASE("simulate: rotation stays within one turn of its share; lottery does not", "[simulate]") {
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

TEST_CASE("simulate: each run's metrics measure its picks; the mean is their mean", "[simulate]") {
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
