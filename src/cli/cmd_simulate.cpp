// SPDX-License-Identifier: Apache-2.0
//
// simulate: the policies side by side on one roster, with the fairness metrics of fairness.hpp.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include <opswheel/policies.hpp>
#include <opswheel/simulate.hpp>

#include "churn_options.hpp"
#include "commands.hpp"

namespace opswheel_cli {
namespace {

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// Progress on stderr: a line rewritten in place on a terminal, a line per tenth otherwise.
class Progress {
 public:
  explicit Progress(bool on) : on_(on), tty_(on && isatty(STDERR_FILENO)) {}
  opswheel::SimulationProgress callback(const std::string& policy) {
    if (!on_) return {};
    return [this, policy](std::size_t done, std::size_t total) {
      const std::size_t tenth = done * 10 / total;
      if (tty_) {
        std::fprintf(stderr, "\rsimulating %-12s %3zu%%", policy.c_str(), done * 100 / total);
        if (done == total) std::fputc('\n', stderr);
      } else if (tenth != last_tenth_ || policy != last_policy_) {
        std::fprintf(stderr, "simulating %s: %zu%%\n", policy.c_str(), tenth * 10);
      }
      last_tenth_ = tenth;
      last_policy_ = policy;
      std::fflush(stderr);
    };
  }

 private:
  bool on_, tty_;
  std::size_t last_tenth_ = 0;
  std::string last_policy_;
};

}  // namespace

int cmd_simulate(Session& s, const Args& a) {
  a.at_most(0);
  std::vector<std::string> policies(opswheel::policy_names.begin(), opswheel::policy_names.end());
  if (auto p = a.value("policies")) policies = split(*p);
  opswheel::SimulationSpec spec;
  if (auto v = a.value("slack")) spec.options.slack = parse_slack(*v, "--slack");
  spec.k = parse_count(a.value_or_default("k"), "-k");
  spec.weeks = parse_count(a.value_or_default("weeks"), "--weeks");
  spec.runs = parse_count(a.value_or_default("runs"), "--runs");
  spec.seed = parse_u64(a.value_or_default("seed"), "--seed");
  spec.churn = parse_churn(a);
  std::string roster;
  if (a.flag("from-wheel")) {  // the wheel's active teams and their weights
    const opswheel::Wheel wheel = s.open();
    for (const auto& p : wheel.roster())
      if (!p.paused) spec.weights.push_back(p.weight);
    roster = "the active teams of wheel '" + s.wheel_name() + "'";
    if (a.value("teams")) throw UsageError("--teams and --from-wheel do not go together");
  } else {
    spec.weights.assign(parse_count(a.value_or_default("teams"), "--teams"), 1.0);
    roster = "equal weights";
  }
  for (const auto& p : policies) {  // every spec is checked before any work
    spec.policy = p;
    opswheel::validate(spec);
  }
  // A long run reports progress unless told not to (--quiet); a short one only when asked.
  const bool long_run = spec.weeks * spec.runs * policies.size() * spec.weights.size() > 20'000'000;
  Progress progress(a.flag("progress") || (long_run && !a.flag("quiet")));
  std::vector<opswheel::FairnessMetrics> results;
  for (const auto& p : policies) {
    spec.policy = p;
    results.push_back(opswheel::simulate(spec, progress.callback(p)).mean);
  }
  if (s.json()) {
    json doc = {{"teams", spec.weights.size()}, {"k", spec.k}, {"weeks", spec.weeks}, {"runs", spec.runs}, {"seed", std::to_string(spec.seed)}};
    if (spec.churn.changes_anything())
      doc["churn"] = {{"join", spec.churn.join_rate},       {"leave", spec.churn.leave_rate},
                      {"pause", spec.churn.pause_rate},     {"pause_weeks", {spec.churn.pause_min, spec.churn.pause_max}},
                      {"reweight", spec.churn.reweight_rate}, {"new_weights", spec.churn.new_weights.empty() ? std::vector<double>{1.0} : spec.churn.new_weights}};
    json rows = json::object();
    for (std::size_t i = 0; i < policies.size(); ++i) rows[policies[i]] = to_json(results[i]);
    doc["policies"] = rows;
    print_json(doc);
    return exit_ok;
  }
  std::cout << spec.weights.size() << " teams (" << roster << "), " << spec.k << " a week, " << spec.weeks << " weeks, mean of "
            << spec.runs << " runs (seed " << spec.seed << ")";
  if (const std::string churn = churn_summary(spec.churn); !churn.empty())
    // The changes do not depend on the picks, so every policy meets the same rosters.
    std::cout << ";\n" << churn << "; " << fixed(results.front().teams, 1) << " teams on the roster at some time in a run";
  std::cout << ":\n";
  Table table({"POLICY", "MAX GAP", "GAP×SHARE", "MAX DEVIATION", "WORST 52 WEEKS", "CERTAIN", "NEAR-CERTAIN", "BITS/WEEK", "DUPLICATES",
               "DEAD ENDS"},
              {false, true, true, true, true, true, true, true, true, true});
  for (std::size_t i = 0; i < policies.size(); ++i) {
    const auto& m = results[i];
    table.add({policies[i], fixed(m.max_gap, 1), fixed(m.max_gap_normalised), fixed(m.max_deviation), fixed(m.win52), percent(m.certainty),
               percent(m.near_certainty), fixed(m.entropy, 1), fixed(m.duplicates, 0), fixed(m.dead_ends, 1)});
  }
  table.print(std::cout);
  std::cout << "Max gap: the longest wait between turns, in weeks (GAP×SHARE: the same times the team's share, 1 is a perfect rotation).\n"
               "Deviation: turns minus the fair share, worst team and week. Certain: team-weeks with a chance of exactly 0 or 1.\n"
               "Dead ends: weeks whose draw could not keep the policy's bound (mean over the runs).\n";
  return exit_ok;
}

}  // namespace opswheel_cli
