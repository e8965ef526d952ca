// SPDX-License-Identifier: Apache-2.0
//
// The fairness table (DESIGN §6, docs/fairness.md): every policy on the standard scenario,
// N = 100 teams, k = 7 picks a week, 2,000 weeks, with equal weights and with weights 1..5, over
// three seeds, printed as Markdown.
//
// - Seeds 1, 2, 3. Seed s simulates run 0 of SimulationSpec{seed = s}; with weights 1..5 it also
//   draws the weights: team i gets 1 + Rng(derive_seed(weights_seed, s)).below(5).
// - Rows: aws, lottery, shuffle_bag, rotation, and, when "quota" is among policy_names, quota at
//   slack 0, 1 and 2 (other options at their defaults) and the default PolicyOptions (printed
//   once when it equals one of those).
// - Chances for entropy and certainty: 40 random weeks per run (simulate.hpp says why random).
//   lottery, shuffle_bag and rotation give exact chances; aws and quota are estimated from 4,000
//   draws a week (Policy::probabilities).
// - Each cell is the mean over the seeds. For the max-type metrics (max gap, normalised max gap,
//   max deviation, win52) the worst seed follows in parentheses: a bound is about the worst case,
//   and three seeds' mean hides it. Duplicates are the total over the seeds.
// Progress and timings go to stderr, the table to stdout. Takes about a minute in a Release build.
//
// --churn prints the table under roster changes instead (docs/fairness.md, "Under roster
// changes"): N0 = 100 teams at the start, k = 7, 1,000 weeks, seeds 1-5 (run 0 of each); each week,
// each with chance 0.1, a team joins, a random team leaves, a random eligible team is paused for
// 1-4 weeks, and a random team's weight is drawn again. With weights 1..5 the starting weights are
// drawn as above and joiners and re-weights draw from 1..5; with equal weights every weight is 1.
// Rows: every policy at its default settings. The same columns, plus the dead ends (summed over the
// seeds) and, in the heading, the mean number of teams on the roster at some time in a run (the
// same for every policy: the changes do not depend on the picks).
//
// Usage: fairness_table [--churn] [--chance-weeks=N] [--weeks=T]
// (It links Google Benchmark like every program here, but is a plain program with its own main.)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <opswheel/churn.hpp>
#include <opswheel/fairness.hpp>
#include <opswheel/policies.hpp>
#include <opswheel/rng.hpp>
#include <opswheel/simulate.hpp>

namespace {

using opswheel::FairnessMetrics;
using opswheel::PolicyOptions;

constexpr std::size_t teams = 100;
constexpr std::size_t picks_a_week = 7;
constexpr std::uint64_t fixed_seeds[] = {1, 2, 3};
constexpr std::uint64_t churn_seeds[] = {1, 2, 3, 4, 5};
constexpr std::uint64_t weights_seed = 0x7765696768747331ULL;  // "weights1": fixed, so the table repeats

// The change model of the churn table, for a weight set: weights drawn like the starting ones.
opswheel::ChurnModel churn_for(bool random_weights) {
  opswheel::ChurnModel churn;
  churn.join_rate = churn.leave_rate = churn.pause_rate = churn.reweight_rate = 0.1;
  churn.pause_min = 1;
  churn.pause_max = 4;
  churn.new_weights = random_weights ? std::vector<double>{1, 2, 3, 4, 5} : std::vector<double>{1};
  return churn;
}

struct WeightSet {
  const char* name;
  bool random;  // false: every weight 1; true: 1..5, drawn per seed
};

std::vector<double> weights_for(const WeightSet& set, std::uint64_t seed) {
  std::vector<double> w(teams, 1.0);
  if (!set.random) return w;
  opswheel::Rng rng(opswheel::derive_seed(weights_seed, seed));
  for (double& x : w) x = 1.0 + static_cast<double>(rng.below(5));
  return w;
}

struct Config {
  std::string label;
  std::string policy;
  PolicyOptions options;
};

std::string quota_label(const PolicyOptions& o, bool is_default) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "quota%s s=%u, β=%g, G=%g", is_default ? " (default)" : "", o.slack, o.lean,
                o.gap_target);
  return buf;
}

// The churn table's rows: every policy at its default settings.
std::vector<Config> churn_configs() {
  std::vector<Config> list;
  for (const auto name : opswheel::policy_names) list.push_back({std::string(name), std::string(name), {}});
  return list;
}

std::vector<Config> configs() {
  std::vector<Config> list;
  for (const char* name : {"aws", "lottery", "shuffle_bag", "rotation"}) list.push_back({name, name, {}});
  if (std::find(opswheel::policy_names.begin(), opswheel::policy_names.end(), "quota") ==
      opswheel::policy_names.end())
    return list;
  const PolicyOptions defaults{};
  bool default_listed = false;
  for (const unsigned s : {0u, 1u, 2u}) {
    PolicyOptions o = defaults;
    o.slack = s;
    const bool is_default = o == defaults;
    default_listed = default_listed || is_default;
    list.push_back({quota_label(o, is_default), "quota", o});
  }
  if (!default_listed) list.push_back({quota_label(defaults, true), "quota", defaults});
  return list;
}

struct Row {
  std::string label;
  std::vector<FairnessMetrics> runs;  // one per seed
  double seconds = 0;
};

// "mean (max)" for a max-type metric, "mean" otherwise.
std::string cell(const std::vector<FairnessMetrics>& runs, double FairnessMetrics::*field, bool with_max,
                 int decimals) {
  double sum = 0, worst = -INFINITY;
  for (const auto& m : runs) {
    sum += m.*field;
    worst = std::max(worst, m.*field);
  }
  const double mean = sum / static_cast<double>(runs.size());
  char buf[64];
  if (std::isnan(mean)) return "–";
  if (with_max) std::snprintf(buf, sizeof buf, "%.*f (%.*f)", decimals, mean, decimals, worst);
  else std::snprintf(buf, sizeof buf, "%.*f", decimals, mean);
  return buf;
}

std::string percent(const std::vector<FairnessMetrics>& runs, double FairnessMetrics::*field) {
  double sum = 0;
  for (const auto& m : runs) sum += m.*field;
  const double mean = sum / static_cast<double>(runs.size());
  if (std::isnan(mean)) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * mean);
  return buf;
}

double total(const std::vector<FairnessMetrics>& runs, double FairnessMetrics::*field) {
  double sum = 0;
  for (const auto& m : runs) sum += m.*field;
  return sum;
}

// The table of one weight set; with `dead_ends`, a column of them summed over the seeds.
void print_table(const WeightSet& set, const std::vector<Row>& rows, bool dead_ends) {
  std::printf("\n### %s\n\n", set.random ? "Weights 1..5 (drawn per seed)" : "Equal weights");
  if (dead_ends && !rows.empty())
    std::printf("Teams on the roster at some time in a run: %.1f on average.\n\n",
                total(rows.front().runs, &FairnessMetrics::teams) / static_cast<double>(rows.front().runs.size()));
  std::printf("| policy | max gap | max gap·π | mean gap | max\\|dev\\| | win52 | certainty | near-certainty | "
              "entropy (bits/wk) | duplicates |%s\n", dead_ends ? " dead ends |" : "");
  std::printf("|---|---|---|---|---|---|---|---|---|---|%s\n", dead_ends ? "---|" : "");
  for (const Row& r : rows) {
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f |", r.label.c_str(),
                cell(r.runs, &FairnessMetrics::max_gap, true, 0).c_str(),
                cell(r.runs, &FairnessMetrics::max_gap_normalised, true, 2).c_str(),
                cell(r.runs, &FairnessMetrics::mean_gap, false, 2).c_str(),
                cell(r.runs, &FairnessMetrics::max_deviation, true, 3).c_str(),
                cell(r.runs, &FairnessMetrics::win52, true, 2).c_str(),
                percent(r.runs, &FairnessMetrics::certainty).c_str(),
                percent(r.runs, &FairnessMetrics::near_certainty).c_str(),
                cell(r.runs, &FairnessMetrics::entropy, false, 1).c_str(), total(r.runs, &FairnessMetrics::duplicates));
    if (dead_ends) std::printf(" %.0f |", total(r.runs, &FairnessMetrics::dead_ends));
    std::printf("\n");
  }
}

// The targets for the default quota settings, on this weight set.
void print_targets(const WeightSet& set, const std::vector<Row>& rows) {
  for (const Row& r : rows) {
    if (r.label.find("(default)") == std::string::npos) continue;
    const PolicyOptions o{};
    double dev = 0, gap = 0, cert = 0, entropy = 0, dups = 0;
    for (const auto& m : r.runs) {
      dev = std::max(dev, m.max_deviation);
      gap = std::max(gap, m.max_gap_normalised);
      cert = std::max(cert, m.certainty);
      entropy += m.entropy / static_cast<double>(r.runs.size());
      dups += m.duplicates;
    }
    auto met = [](bool ok) { return ok ? "met" : "NOT MET"; };
    std::printf("\nTargets for the default quota (%s; worst seed, entropy the mean):\n", set.name);
    std::printf("- max|dev| %.3f <= s + 1 = %u: %s\n", dev, o.slack + 1, met(dev <= o.slack + 1));
    std::printf("- normalised max gap %.2f <= 3.0: %s\n", gap, met(gap <= 3.0));
    std::printf("- certainty %.2f%% <= 5%%: %s\n", 100 * cert, met(cert <= 0.05));
    if (!set.random) std::printf("- entropy %.1f >= 32 bits a week: %s\n", entropy, met(entropy >= 32));
    std::printf("- duplicates %.0f: %s\n", dups, met(dups == 0));
  }
}

std::size_t flag(int argc, char** argv, const char* name, std::size_t fallback) {
  const std::size_t len = std::strlen(name);
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], name, len) == 0 && argv[i][len] == '=') return std::strtoull(argv[i] + len + 1, nullptr, 10);
  return fallback;
}

bool has_switch(int argc, char** argv, const char* name) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--chance-weeks=", 15) != 0 && std::strncmp(argv[i], "--weeks=", 8) != 0 &&
        std::strcmp(argv[i], "--churn") != 0) {
      std::fprintf(stderr, "usage: %s [--churn] [--chance-weeks=N] [--weeks=T]\n", argv[0]);
      return 2;
    }
  const bool churn = has_switch(argc, argv, "--churn");
  const std::size_t weeks = flag(argc, argv, "--weeks", churn ? 1000 : 2000);
  const std::size_t chance_weeks = flag(argc, argv, "--chance-weeks", 40);
  const std::vector<std::uint64_t> seeds = churn ? std::vector<std::uint64_t>(std::begin(churn_seeds), std::end(churn_seeds))
                                                 : std::vector<std::uint64_t>(std::begin(fixed_seeds), std::end(fixed_seeds));
  std::string seed_list;
  for (const std::uint64_t seed : seeds) seed_list += (seed_list.empty() ? "" : ", ") + std::to_string(seed);
  const auto started = std::chrono::steady_clock::now();

  if (churn) {
    std::printf("## Fairness table under roster changes\n\n");
    std::printf("N0 = %zu teams at the start, k = %zu picks a week, %zu weeks, seeds %s (one run each). Each week, "
                "before the draw, each with chance 0.1: a team joins, a random team leaves, a random eligible team is "
                "paused for 1-4 weeks, a random team's weight is drawn again. Cells: mean over the seeds; for max gap, "
                "max gap·π, max|dev| and win52 the worst seed in parentheses; duplicates and dead ends summed. Chances "
                "in %zu random weeks per run, over the teams in the draw.\n",
                teams, picks_a_week, weeks, seed_list.c_str(), chance_weeks);
  } else {
    std::printf("## Fairness table\n\n");
    std::printf("N = %zu teams, k = %zu picks a week, %zu weeks, seeds %s (one run each). Cells: mean over the "
                "seeds; for max gap, max gap·π, max|dev| and win52 the worst seed in parentheses; duplicates summed. "
                "Chances in %zu random weeks per run: exact for lottery, shuffle_bag and rotation, estimated from "
                "4,000 draws a week for aws and quota.\n",
                teams, picks_a_week, weeks, seed_list.c_str(), chance_weeks);
  }

  const WeightSet sets[] = {{"equal weights", false}, {"weights 1..5", true}};
  for (const WeightSet& set : sets) {
    std::vector<Row> rows;
    for (const Config& c : churn ? churn_configs() : configs()) {
      Row row{c.label, {}, 0};
      const auto t0 = std::chrono::steady_clock::now();
      for (const std::uint64_t seed : seeds) {
        opswheel::SimulationSpec spec;
        spec.policy = c.policy;
        spec.options = c.options;
        spec.weights = weights_for(set, seed);
        spec.k = picks_a_week;
        spec.weeks = weeks;
        spec.runs = 1;
        spec.seed = seed;
        spec.chance_weeks = chance_weeks;
        if (churn) spec.churn = churn_for(set.random);
        row.runs.push_back(opswheel::simulate(spec).runs[0].metrics);
      }
      row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "%-40s %-14s %6.2f s\n", c.label.c_str(), set.name, row.seconds);
      rows.push_back(std::move(row));
    }
    print_table(set, rows, churn);
    if (!churn) print_targets(set, rows);
  }
  const double total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "total %.1f s\n", total_seconds);
  return 0;
}
