// SPDX-License-Identifier: Apache-2.0
//
// Selection benchmarks, side by side in one run:
//   AwsPickAccept_Fast/N, AwsPickAccept_Naive/N   one AWS spin of k = 1 (draw + accept), AwsPolicy
//                                                 against the O(N) reference (tests/support)
//   WheelSuggestAccept/N                          the same through Wheel: suggest(1) + accept, with
//                                                 the events, history, statistics and undo point
//   LotteryWeek                                   LotteryPolicy, N = 100, weights 1..5, draw(7)
//   SumTreeFind/N, SumTreeAdd/N                   SumTree<double> weighted draw and point update
//   PivotalDraw, SampfordDraw,                    the k-of-N samplers, N = 100, k = 7 (Sampford on
//     EfraimidisSpirakisDraw                      tables built outside the loop)
//   SampfordTables                                building those tables (a lottery cache rebuild)
//   RngUniform01, RngBelow                        the Rng calls inside the loops above, for reference
// Every loop draws from one Rng per benchmark that its draws advance, so no iteration repeats the
// previous one. After the run, main() prints the naive / fast ratios and the targets, computed
// from the times measured in this same run. The usual --benchmark_* flags apply.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <naive_aws.hpp>
#include "recording_reporter.hpp"
#include <opswheel/detail/sampling.hpp>
#include <opswheel/detail/shares.hpp>
#include <opswheel/detail/sum_tree.hpp>
#include <opswheel/policies/aws.hpp>
#include <opswheel/policies/lottery.hpp>
#include <opswheel/rng.hpp>
#include <opswheel/wheel.hpp>

namespace {

using opswheel::Rng;

constexpr std::uint64_t seed = 20240601;

// Weights 1, 2, 3, 4, 5, 1, 2, ... (the lottery and sampler inputs).
std::vector<double> cycling_weights(std::size_t n) {
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = 1.0 + static_cast<double>(i % 5);
  return w;
}

std::size_t arg_n(const benchmark::State& state) { return static_cast<std::size_t>(state.range(0)); }

// --- 1. AWS pick + accept ------------------------------------------------------------------------

// One spin of k = 1 (draw + accept) per iteration, on N teams of weight 1. Adding is O(log N)
// for AwsPolicy (SumTree::push_back), so even N = 10^6 is set up quickly.
template <class Aws>
void aws_pick_accept(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  Aws policy;
  for (std::size_t i = 0; i < n; ++i) policy.add(1.0);
  Rng rng(seed);
  for (auto _ : state) {
    const std::vector<std::size_t> picks = policy.draw(1, rng);
    policy.accept(picks);
    benchmark::DoNotOptimize(picks.data());
    benchmark::ClobberMemory();
  }
  state.counters["N"] = static_cast<double>(n);
}

void BM_AwsPickAccept_Fast(benchmark::State& state) { aws_pick_accept<opswheel::AwsPolicy>(state); }
void BM_AwsPickAccept_Naive(benchmark::State& state) { aws_pick_accept<opswheel_test::NaiveAws>(state); }

// A week as a tool records it: Wheel::suggest(1) then accept, on N teams of weight 1 under "aws".
// Each iteration adds two events and a meeting to the wheel, so the run is capped in iterations.
void BM_WheelSuggestAccept(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  opswheel::Wheel wheel("aws", seed);
  for (std::size_t i = 0; i < n; ++i) wheel.add("team-" + std::to_string(i));
  for (auto _ : state) {
    const opswheel::Meeting& m = wheel.accept(wheel.suggest(1));
    benchmark::DoNotOptimize(&m);
  }
  state.counters["N"] = static_cast<double>(n);
}

// An accept alone: Wheel::accept of one explicit id a week (the same team each time), as the
// Python benchmark's "accept alone" calls it. Capped in iterations like the week above.
void BM_WheelAccept(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  opswheel::Wheel wheel("aws", seed);
  for (std::size_t i = 0; i < n; ++i) wheel.add("team-" + std::to_string(i));
  const std::string id = wheel.suggest(1).picks.front();
  for (auto _ : state) {
    const opswheel::Meeting& m = wheel.accept(std::vector<std::string>{id});
    benchmark::DoNotOptimize(&m);
  }
  state.counters["N"] = static_cast<double>(n);
}

// --- 2. One lottery week --------------------------------------------------------------------------

void BM_LotteryWeek(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  opswheel::LotteryPolicy policy;
  for (const double w : cycling_weights(n)) policy.add(w);
  Rng rng(seed);
  for (auto _ : state) {
    std::vector<std::size_t> picks = policy.draw(7, rng);
    benchmark::DoNotOptimize(picks.data());
    benchmark::ClobberMemory();
  }
}

// --- 3. SumTree<double> ---------------------------------------------------------------------------

void BM_SumTreeFind(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  const opswheel::detail::SumTree<double> tree(cycling_weights(n));
  const double total = tree.total();
  Rng rng(seed);
  for (auto _ : state) {
    std::size_t index = tree.find(rng.uniform01() * total);
    benchmark::DoNotOptimize(index);
  }
}

void BM_SumTreeAdd(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  opswheel::detail::SumTree<double> tree(cycling_weights(n));
  Rng rng(seed);
  double delta = 0.25;
  for (auto _ : state) {
    tree.add(rng.below(n), delta);
    delta = -delta;  // keeps the sums bounded
    benchmark::ClobberMemory();
  }
  double check = tree.total();
  benchmark::DoNotOptimize(check);
}

// --- 4. k-of-N samplers ---------------------------------------------------------------------------

void BM_PivotalDraw(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  const auto k = static_cast<std::size_t>(state.range(1));
  const auto shares = opswheel::detail::exact_shares(cycling_weights(n), k);  // outside the loop
  Rng rng(seed);
  for (auto _ : state) {
    std::vector<std::size_t> picks = opswheel::detail::pivotal_draw(shares, rng);
    benchmark::DoNotOptimize(picks.data());
    benchmark::ClobberMemory();
  }
}

void BM_SampfordDraw(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  const auto k = static_cast<std::size_t>(state.range(1));
  const auto shares = opswheel::detail::exact_shares(cycling_weights(n), k);
  const opswheel::detail::SampfordTables tables(shares);  // outside the loop, as the lottery caches them
  if (!tables.preferred()) state.SkipWithError("Sampford's rule would use the pivotal method here");
  Rng rng(seed);
  for (auto _ : state) {
    std::vector<std::size_t> picks = opswheel::detail::sampford_draw(tables, rng);
    benchmark::DoNotOptimize(picks.data());
    benchmark::ClobberMemory();
  }
}

void BM_SampfordTables(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  const auto k = static_cast<std::size_t>(state.range(1));
  const auto shares = opswheel::detail::exact_shares(cycling_weights(n), k);
  for (auto _ : state) {
    opswheel::detail::SampfordTables tables(shares);
    benchmark::DoNotOptimize(&tables);
    benchmark::ClobberMemory();
  }
}

void BM_EfraimidisSpirakisDraw(benchmark::State& state) {
  const std::size_t n = arg_n(state);
  const auto k = static_cast<std::size_t>(state.range(1));
  const std::vector<double> weights = cycling_weights(n);
  Rng rng(seed);
  for (auto _ : state) {
    std::vector<std::size_t> picks = opswheel::detail::efraimidis_spirakis_draw(weights, k, rng);
    benchmark::DoNotOptimize(picks.data());
    benchmark::ClobberMemory();
  }
}

// --- Reference: the Rng calls the loops above make ------------------------------------------------

void BM_RngUniform01(benchmark::State& state) {
  Rng rng(seed);
  for (auto _ : state) {
    double u = rng.uniform01();
    benchmark::DoNotOptimize(u);
  }
}

void BM_RngBelow(benchmark::State& state) {
  Rng rng(seed);
  const auto n = static_cast<std::uint64_t>(state.range(0));
  for (auto _ : state) {
    std::uint64_t r = rng.below(n);
    benchmark::DoNotOptimize(r);
  }
}

}  // namespace

BENCHMARK(BM_AwsPickAccept_Fast)->ArgName("N")->Arg(100)->Arg(10'000)->Arg(1'000'000);
BENCHMARK(BM_AwsPickAccept_Naive)->ArgName("N")->Arg(100)->Arg(10'000);
// About 10 ms a pick at N = 10^6: a short minimum time keeps the default run brief (a few dozen picks).
BENCHMARK(BM_AwsPickAccept_Naive)->ArgName("N")->Arg(1'000'000)->MinTime(0.2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_WheelSuggestAccept)->ArgName("N")->Arg(100)->Arg(10'000)->Iterations(200'000);
BENCHMARK(BM_WheelAccept)->ArgName("N")->Arg(100)->Iterations(200'000);
BENCHMARK(BM_LotteryWeek)->ArgName("N")->Arg(100);
BENCHMARK(BM_SumTreeFind)->ArgName("N")->Arg(1'000)->Arg(1'000'000);
BENCHMARK(BM_SumTreeAdd)->ArgName("N")->Arg(1'000)->Arg(1'000'000);
BENCHMARK(BM_PivotalDraw)->ArgNames({"N", "k"})->Args({100, 7});
BENCHMARK(BM_SampfordDraw)->ArgNames({"N", "k"})->Args({100, 7});
BENCHMARK(BM_SampfordTables)->ArgNames({"N", "k"})->Args({100, 7});
BENCHMARK(BM_EfraimidisSpirakisDraw)->ArgNames({"N", "k"})->Args({100, 7});
BENCHMARK(BM_RngUniform01);
BENCHMARK(BM_RngBelow)->ArgName("n")->Arg(1'000'000);

namespace {

using opswheel_bench::human;
using opswheel_bench::RecordingReporter;

// The ratios and targets, from the times of this run; nothing when no pair ran (e.g. a filter).
void print_summary(const RecordingReporter& rec, std::FILE* out) {
  std::vector<std::string> lines;
  char buf[256];
  for (const char* n : {"100", "10000", "1000000"}) {
    const auto fast = rec.ns(std::string("BM_AwsPickAccept_Fast/N:") + n);
    const auto naive = rec.ns(std::string("BM_AwsPickAccept_Naive/N:") + n);
    if (!fast || !naive) continue;
    const double ratio = *naive / *fast;
    std::snprintf(buf, sizeof buf, "AWS pick+accept: naive / fast = %9.1fx at N=%-7s (naive %s, fast %s)%s", ratio,
                  n, human(*naive).c_str(), human(*fast).c_str(),
                  std::string(n) != "1000000" ? "" : ratio >= 1000 ? "  target >= 1000x: met" : "  target >= 1000x: NOT MET");
    lines.emplace_back(buf);
  }
  for (const char* n : {"100", "10000"}) {
    const auto fast = rec.ns(std::string("BM_AwsPickAccept_Fast/N:") + n);
    const auto wheel = rec.ns(std::string("BM_WheelSuggestAccept/N:") + n + "/iterations:200000");
    if (!fast || !wheel) continue;
    std::snprintf(buf, sizeof buf, "AWS week through Wheel (suggest + accept, recorded): %s at N=%-7s (policy alone %s: %.1fx)",
                  human(*wheel).c_str(), n, human(*fast).c_str(), *wheel / *fast);
    lines.emplace_back(buf);
  }
  if (const auto week = rec.ns("BM_LotteryWeek/N:100")) {
    std::snprintf(buf, sizeof buf, "lottery week (N=100, k=7): %s  target <= 2 us: %s", human(*week).c_str(),
                  *week <= 2000 ? "met" : "NOT MET");
    lines.emplace_back(buf);
  }
  const auto pivotal = rec.ns("BM_PivotalDraw/N:100/k:7");
  const auto es = rec.ns("BM_EfraimidisSpirakisDraw/N:100/k:7");
  if (pivotal && es) {
    std::snprintf(buf, sizeof buf, "samplers (N=100, k=7): pivotal %s, Efraimidis-Spirakis %s (pivotal / ES = %.2fx)",
                  human(*pivotal).c_str(), human(*es).c_str(), *pivotal / *es);
    lines.emplace_back(buf);
  }
  const auto sampford = rec.ns("BM_SampfordDraw/N:100/k:7");
  if (pivotal && sampford) {
    std::snprintf(buf, sizeof buf, "exact samplers (N=100, k=7): pivotal %s, Sampford %s (pivotal / Sampford = %.1fx)",
                  human(*pivotal).c_str(), human(*sampford).c_str(), *pivotal / *sampford);
    lines.emplace_back(buf);
  }
  if (lines.empty()) return;
  std::fprintf(out, "\nSummary (real time per iteration, measured in this run)\n");
  for (const std::string& line : lines) std::fprintf(out, "  %s\n", line.c_str());
}

}  // namespace

int main(int argc, char** argv) { return opswheel_bench::run_with_summary(argc, argv, print_summary); }
