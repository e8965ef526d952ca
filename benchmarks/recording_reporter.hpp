// SPDX-License-Identifier: Apache-2.0
//
// What the benchmark programs share: a reporter that displays as the flags ask and remembers each
// benchmark's time, so that main() can print ratios and targets from the same run.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace opswheel_bench {

// Forwards every call to the display reporter the flags ask for (--benchmark_format, colour) and
// remembers each benchmark's real time per iteration, in ns: the median when repetitions produce
// aggregates, otherwise the mean of its runs.
class RecordingReporter final : public benchmark::BenchmarkReporter {
 public:
  explicit RecordingReporter(benchmark::BenchmarkReporter* display) : display_(display) {}

  bool ReportContext(const Context& context) override { return display_->ReportContext(context); }

  void ReportRuns(const std::vector<Run>& runs) override {
    display_->ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      const double ns = run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit) * 1e9;
      Record& r = records_[run.run_name.function_name + "/" + run.run_name.args];
      if (run.run_type == Run::RT_Iteration) {
        r.sum_ns += ns;
        ++r.runs;
      } else if (run.aggregate_name == "median" && run.aggregate_unit == benchmark::kTime) {
        r.median_ns = ns;
      }
    }
  }

  void Finalize() override { display_->Finalize(); }

  /// Real time per iteration in ns of `function/args`, if it ran.
  std::optional<double> ns(const std::string& key) const {
    const auto it = records_.find(key);
    if (it == records_.end()) return std::nullopt;
    if (it->second.median_ns) return it->second.median_ns;
    if (it->second.runs == 0) return std::nullopt;
    return it->second.sum_ns / it->second.runs;
  }

  /// Whether the display is the console (so the summary can go to stdout without breaking JSON/CSV).
  bool console() const { return dynamic_cast<benchmark::ConsoleReporter*>(display_) != nullptr; }

 private:
  struct Record {
    double sum_ns = 0;
    int runs = 0;
    std::optional<double> median_ns;
  };
  benchmark::BenchmarkReporter* display_;  // owned by the library (a leaked static)
  std::map<std::string, Record> records_;
};

inline std::string human(double ns) {
  char buf[32];
  if (ns < 1e3) std::snprintf(buf, sizeof buf, "%.1f ns", ns);
  else if (ns < 1e6) std::snprintf(buf, sizeof buf, "%.2f us", ns / 1e3);
  else std::snprintf(buf, sizeof buf, "%.2f ms", ns / 1e6);
  return buf;
}

/// The main() of a benchmark program with a summary: runs what the flags select, then prints
/// `summary` of the times below the table (on stderr when the table is JSON or CSV).
inline int run_with_summary(int argc, char** argv, void (*summary)(const RecordingReporter&, std::FILE*)) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RecordingReporter reporter(benchmark::CreateDefaultDisplayReporter());
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::fflush(stdout);
  summary(reporter, reporter.console() ? stdout : stderr);
  benchmark::Shutdown();
  return 0;
}

}  // namespace opswheel_bench
