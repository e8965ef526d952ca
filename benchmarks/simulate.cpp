// SPDX-License-Identifier: Apache-2.0
//
// simulate() throughput, in picks per second, on the standard scenario: N = 100 teams, k = 7,
// one run of 2,000 weeks per iteration, chance sampling off (chance_weeks = 0), so the figure is
// the policies' draw + accept plus simulate's own bookkeeping and the metrics.
//   Simulate/<policy>/<weights>   every name in policy_names; weights "equal" (all 1) or
//                                 "1..5" (1, 2, 3, 4, 5, 1, ...)
//   MeasureFairness               measure_fairness alone on one 2,000-week lottery log: the
//                                 metrics' share of a simulation
// Each iteration simulates the next run (first_run = iteration), so no two iterations repeat.
// The "picks" counter is a rate (picks/s). After the run, main() prints each policy's rate
// against the targets: >= 20 M picks/s for lottery and aws, >= 1 M for quota.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <opswheel/fairness.hpp>
#include <opswheel/policies.hpp>
#include <opswheel/simulate.hpp>

namespace {

constexpr std::size_t teams = 100;
constexpr std::size_t picks_a_week = 7;
constexpr std::size_t weeks = 2000;

std::vector<double> weights_named(std::string_view name) {
  std::vector<double> w(teams, 1.0);
  if (name == "1..5")
    for (std::size_t i = 0; i < teams; ++i) w[i] = 1.0 + static_cast<double>(i % 5);
  return w;
}

opswheel::SimulationSpec spec_for(std::string_view policy, std::string_view weights) {
  opswheel::SimulationSpec spec;
  spec.policy = std::string(policy);
  spec.weights = weights_named(weights);
  spec.k = picks_a_week;
  spec.weeks = weeks;
  spec.runs = 1;
  spec.seed = 20240601;
  spec.chance_weeks = 0;
  return spec;
}

void BM_Simulate(benchmark::State& state, std::string policy, std::string weights) {
  opswheel::SimulationSpec spec = spec_for(policy, weights);
  for (auto _ : state) {
    opswheel::SimulationResult r = opswheel::simulate(spec);
    benchmark::DoNotOptimize(r.runs.data());
    ++spec.first_run;
  }
  state.counters["picks"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(weeks * picks_a_week), benchmark::Counter::kIsRate);
}

void BM_MeasureFairness(benchmark::State& state) {
  const opswheel::SimulationResult r = opswheel::simulate(spec_for("lottery", "equal"));
  for (auto _ : state) {
    opswheel::FairnessMetrics m = opswheel::measure_fairness(r.runs[0].picks, r.shares);
    benchmark::DoNotOptimize(m);
  }
  state.counters["picks"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(weeks * picks_a_week), benchmark::Counter::kIsRate);
}

// Forwards to the display reporter the flags ask for and keeps each Simulate benchmark's picks/s
// (the median when --benchmark_repetitions produces one, else the last run).
class RateReporter final : public benchmark::BenchmarkReporter {
 public:
  explicit RateReporter(benchmark::BenchmarkReporter* display) : display_(display) {}
  bool ReportContext(const Context& context) override { return display_->ReportContext(context); }
  void ReportRuns(const std::vector<Run>& runs) override {
    display_->ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      const auto it = run.counters.find("picks");
      if (it == run.counters.end()) continue;
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (run.run_type == Run::RT_Iteration || median) rates_[run.run_name.function_name] = it->second.value;
    }
  }
  void Finalize() override { display_->Finalize(); }
  bool console() const { return dynamic_cast<benchmark::ConsoleReporter*>(display_) != nullptr; }
  const std::map<std::string, double>& rates() const { return rates_; }

 private:
  benchmark::BenchmarkReporter* display_;
  std::map<std::string, double> rates_;
};

void print_summary(const RateReporter& rec, std::FILE* out) {
  if (rec.rates().empty()) return;
  std::fprintf(out, "\nsimulate throughput, N = %zu, k = %zu, %zu weeks (picks per second, this run)\n", teams,
               picks_a_week, weeks);
  for (const auto& [name, rate] : rec.rates()) {
    double target = 0;
    if (name.find("/lottery/") != std::string::npos || name.find("/aws/") != std::string::npos) target = 20e6;
    if (name.find("/quota/") != std::string::npos) target = 1e6;
    std::fprintf(out, "  %-36s %8.2f M/s", name.c_str(), rate / 1e6);
    if (target > 0) std::fprintf(out, "  target >= %.0f M/s: %s", target / 1e6, rate >= target ? "met" : "NOT MET");
    std::fprintf(out, "\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (const auto policy : opswheel::policy_names)
    for (const char* weights : {"equal", "1..5"}) {
      const std::string name = "BM_Simulate/" + std::string(policy) + "/" + weights;
      benchmark::RegisterBenchmark(name.c_str(), BM_Simulate, std::string(policy), std::string(weights))
          ->Unit(benchmark::kMillisecond);
    }
  benchmark::RegisterBenchmark("BM_MeasureFairness", BM_MeasureFairness)->Unit(benchmark::kMicrosecond);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RateReporter reporter(benchmark::CreateDefaultDisplayReporter());
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::fflush(stdout);
  print_summary(reporter, reporter.console() ? stdout : stderr);
  benchmark::Shutdown();
  return 0;
}
