// SPDX-License-Identifier: Apache-2.0
//
// One quota week (draw(7) + accept) at N teams, weights 1, 2, 3, 4, 5, 1, …:
//   QuotaWeek/N               on a fixed roster: the week-to-week state moves on incrementally
//   QuotaWeekAfterChange/N    right after a weight change, so the week starts a new epoch
//                             (detail/targets.hpp carries every lag; the state is rebuilt)
//   QuotaWeekFarPastBound/N   one pick a week after team 0 was accepted by hand 400 weeks
//                             running: the others are owed more than the weeks hold, so every
//                             week is a dead end that the exact check (detail/quota_flow.hpp)
//                             must turn down
// Target: a week at N = 10,000 within 1 ms. The usual --benchmark_* flags apply.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>

#include <opswheel/policies/quota.hpp>
#include <opswheel/rng.hpp>

namespace {

constexpr std::size_t picks_a_week = 7;

opswheel::QuotaPolicy roster(std::size_t n) {
  opswheel::QuotaPolicy policy;
  for (std::size_t i = 0; i < n; ++i) policy.add(1.0 + static_cast<double>(i % 5));
  return policy;
}

// Warm: a year of weeks first, so that the state is past its first-week build.
void warm(opswheel::QuotaPolicy& policy, opswheel::Rng& rng) {
  for (int t = 0; t < 52; ++t) policy.accept(policy.draw(picks_a_week, rng));
}

void BM_QuotaWeek(benchmark::State& state) {
  opswheel::QuotaPolicy policy = roster(static_cast<std::size_t>(state.range(0)));
  opswheel::Rng rng(1);
  warm(policy, rng);
  for (auto _ : state) {
    const auto picks = policy.draw(picks_a_week, rng);
    policy.accept(picks);
    benchmark::DoNotOptimize(picks.data());
  }
}

void BM_QuotaWeekAfterChange(benchmark::State& state) {
  opswheel::QuotaPolicy policy = roster(static_cast<std::size_t>(state.range(0)));
  opswheel::Rng rng(1);
  warm(policy, rng);
  bool heavier = false;
  for (auto _ : state) {
    heavier = !heavier;
    policy.set_weight(0, heavier ? 2.0 : 1.0);  // team 0's weight alternates: every week changes
    const auto picks = policy.draw(picks_a_week, rng);
    policy.accept(picks);
    benchmark::DoNotOptimize(picks.data());
  }
}

void BM_QuotaWeekFarPastBound(benchmark::State& state) {
  opswheel::QuotaPolicy policy = roster(static_cast<std::size_t>(state.range(0)));
  const std::size_t first[] = {0};
  for (int t = 0; t < 400; ++t) policy.accept(first);
  opswheel::Rng rng(1);
  for (auto _ : state) {
    const auto picks = policy.draw(1, rng);
    policy.accept(picks);
    benchmark::DoNotOptimize(picks.data());
  }
  state.counters["dead_ends"] = static_cast<double>(policy.dead_ends());
}

}  // namespace

BENCHMARK(BM_QuotaWeek)->ArgName("N")->Arg(100)->Arg(10'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QuotaWeekAfterChange)->ArgName("N")->Arg(100)->Arg(10'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QuotaWeekFarPastBound)->ArgName("N")->Arg(100)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
