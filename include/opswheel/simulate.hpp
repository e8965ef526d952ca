// SPDX-License-Identifier: Apache-2.0
//
// simulate(): a policy run for many weeks, several times over, with each run's fairness measured
// (fairness.hpp), on a fixed roster or on one that changes under a seeded change model
// (churn.hpp). What a notebook, the CLI's `simulate` and the fairness table call.
//
// Each week of a run is exactly what a Wheel does without pins or skips: the week's roster changes
// (if any), then draw(k, rng) from the policy, then accept(picks). Run r draws its picks from
// Rng(spec.seed + r) (mod 2^64): run 0 from the seed the user gave. So a run is reproducible on its
// own (SimulationSpec{..., first_run = r, runs = 1} gives the same run r as any batch that
// contains it), and on a Wheel:
//   Wheel wheel(spec.policy, spec.seed + r, spec.options);
//   add the starting teams in order, with spec.weights (any ids);
//   each week t: apply run r's changes of week t, in order (join: add("join-<serial>", weight);
//     leave: remove; pause: pause; resume: resume; reweight: set_weight), then
//     accept(suggest(k)).
// draws run r's picks week by week. Picks are recorded as team serials (churn.hpp): on a fixed
// roster, the team's index in spec.weights.
//
// Chances (for entropy and certainty) are recorded in `chance_weeks` weeks of each run, chosen at
// random (not every n-th week): with equal weights a quota-type policy's bounds repeat with the
// cycle of k·t mod N, and sampling at a fixed interval can alias with that cycle (docs/fairness.md,
// "Estimated chances"). The weeks
// come from a second Rng of the run, and the roster's changes from a third, so turning chance
// sampling on or off never changes the picks, and a change model that changes nothing draws the
// picks of a fixed roster. The chances are read with Policy::probabilities(k): exact for lottery,
// shuffle_bag and rotation; for aws (k > 1) and quota a Monte Carlo estimate from 4,000 draws a
// week, which costs about as much as 4,000 simulated weeks, so keep chance_weeks modest (0 turns
// it off).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "churn.hpp"
#include "detail/shares.hpp"
#include "errors.hpp"
#include "fairness.hpp"
#include "participant.hpp"
#include "policies.hpp"
#include "policy.hpp"
#include "rng.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// What to simulate. A plain value, so it can be stored and compared (the result of a simulation
/// is a function of its spec).
struct SimulationSpec {
  std::string policy{};            ///< a name from policy_names
  PolicyOptions options{};         ///< the policy's settings (see PolicyOptions)
  std::vector<double> weights{};   ///< the starting teams' weights, each finite and > 0; N0 = weights.size()
  std::size_t k = 1;               ///< picks a week, 1..N0
  std::size_t weeks = 0;           ///< weeks per run, >= 1
  std::size_t runs = 1;            ///< how many runs, >= 1
  std::uint64_t seed = 0;          ///< run r draws its picks from Rng(seed + r)
  std::size_t first_run = 0;       ///< the runs are first_run .. first_run + runs − 1
  /// Weeks per run, chosen at random, whose chances are recorded for entropy and certainty
  /// (capped at `weeks`; 0: none, and those metrics are NaN).
  std::size_t chance_weeks = 40;
  /// How the roster changes from week to week (churn.hpp); the default changes nothing.
  ChurnModel churn{};
  bool operator==(const SimulationSpec&) const = default;
};

/// One run: its picks, the chances recorded, the roster's changes, and its metrics.
struct SimulationRun {
  std::size_t index = 0;     ///< r
  std::uint64_t seed = 0;    ///< spec.seed + r (mod 2^64), the seed of its picks' Rng
  PickLog picks;             ///< weeks × k team serials
  /// The sampled weeks' chances, by serial: a row holds run.teams values, NaN for a team that was
  /// not in that week's draw (not on the roster yet or any more, or paused).
  ChanceLog chances;
  /// Every roster change, in the order made (empty on a fixed roster). Each team's weight history
  /// follows from them: spec.weights for the starting teams, then each join and reweight.
  std::vector<RosterChange> changes;
  std::size_t teams = 0;     ///< serials in the run: N0 plus the teams that joined
  FairnessMetrics metrics;   ///< as fairness.hpp defines them, with the policy's dead_ends()
  bool operator==(const SimulationRun&) const = default;
};

/// Everything simulate() returns.
struct SimulationResult {
  /// The starting teams' shares π_i = min(1, c·w_i), Σπ_i = k: what the metrics measure against
  /// until the roster first changes.
  std::vector<double> shares;
  std::vector<SimulationRun> runs;  ///< in order of r
  FairnessMetrics mean;             ///< each metric's mean over the runs
  bool operator==(const SimulationResult&) const = default;
};

/// Called as weeks are simulated: weeks done so far over all runs, and the total (runs × weeks).
/// It runs on the simulating thread; to cancel, throw from it (the exception propagates).
using SimulationProgress = std::function<void(std::size_t weeks_done, std::size_t weeks_total)>;

/// Throws InvalidArgument for an unknown policy or option out of range (make_policy's check),
/// no weights, a weight that is not finite and > 0, k = 0, weeks = 0, runs = 0, a change model
/// out of range (validate(ChurnModel)), or sizes too large to index; NotEnoughTeams when k > N0.
inline void validate(const SimulationSpec& spec) {
  (void)make_policy(spec.policy, spec.options);
  if (spec.weights.empty()) throw InvalidArgument("a simulation needs at least one team weight");
  for (std::size_t i = 0; i < spec.weights.size(); ++i)
    validate_weight(spec.weights[i], "weights[" + std::to_string(i) + "]");
  if (spec.k == 0) throw InvalidArgument("k must be at least 1");
  if (spec.k > spec.weights.size())
    throw NotEnoughTeams("cannot pick " + std::to_string(spec.k) + " distinct teams a week from " +
                         std::to_string(spec.weights.size()));
  if (spec.weeks == 0) throw InvalidArgument("a simulation needs weeks >= 1");
  if (spec.runs == 0) throw InvalidArgument("a simulation needs runs >= 1");
  if (spec.weeks > std::numeric_limits<std::size_t>::max() / spec.k / spec.runs)
    throw InvalidArgument("weeks × k × runs is too large");
  if (spec.first_run > std::numeric_limits<std::size_t>::max() - spec.runs)
    throw InvalidArgument("first_run + runs is too large");
  validate(spec.churn);
  // Every team needs a serial that fits a pick log, and at most one team joins a week.
  constexpr std::size_t most_teams = std::numeric_limits<std::uint32_t>::max();
  const std::size_t joiners = spec.churn.join_rate > 0 ? spec.weeks : 0;
  if (spec.weights.size() > most_teams || joiners > most_teams - spec.weights.size())
    throw InvalidArgument("a simulation can index at most 2^32 − 1 teams, joiners included");
}

namespace detail {

/// The stream, under a run's seed, that chooses the weeks whose chances are recorded ("chances").
inline constexpr std::uint64_t chance_week_stream = 0x6368616e636573ULL;

/// m distinct weeks out of 1..weeks, uniformly, in increasing order (selection sampling, Knuth's
/// Algorithm S: week t is taken with chance still-needed / weeks-left). Precondition: m <= weeks.
inline std::vector<std::size_t> sample_weeks(std::size_t weeks, std::size_t m, Rng& rng) {
  std::vector<std::size_t> chosen;
  chosen.reserve(m);
  for (std::size_t t = 1; t <= weeks && chosen.size() < m; ++t)
    if (rng.below(weeks - t + 1) < m - chosen.size()) chosen.push_back(t);
  return chosen;
}

/// A run's week straight through the policy's hooks: Policy::draw and accept would check every call
/// again, and draw would allocate its result. The spec was validated once, a run has no
/// constraints, and the picks accepted are the draw's own (distinct, eligible).
struct SimulationAccess {
  static Policy::Request request(const Policy& policy, std::size_t k) { return policy.make_request(k, {}); }
  static void week(Policy& policy, const Policy::Request& request, Rng& rng, std::span<std::size_t> picks) {
    policy.do_week(request, rng, picks);
  }
};

/// A run's chance rows as they are recorded: a row has one chance per serial known that week, so
/// the rows are padded to the run's team count (NaN) only at the end.
class ChanceRows {
 public:
  void add(std::size_t week, std::vector<double> row, std::size_t samples) {
    weeks_.push_back(week);
    samples_.push_back(samples);
    rows_.push_back(std::move(row));
  }
  ChanceLog log(std::size_t teams) const {
    ChanceLog out(teams);
    for (std::size_t j = 0; j < rows_.size(); ++j) {
      std::vector<double> row = rows_[j];
      row.resize(teams, std::numeric_limits<double>::quiet_NaN());
      out.add(weeks_[j], row, samples_[j]);
    }
    return out;
  }

 private:
  std::vector<std::size_t> weeks_, samples_;
  std::vector<std::vector<double>> rows_;
};

/// A run's roster changes and the meter that follows them week by week. Its calls stay out of
/// line, so that the loop of a fixed roster's weeks (measured after the run) is as small as it
/// was before there were changes.
class ChurnedRun {
 public:
  ChurnedRun(const SimulationSpec& spec, std::span<const double> shares, std::uint64_t run_seed)
      : roster_(spec.churn, spec.k, spec.weights.size(), run_seed), meter_(shares) {}

  /// Week t's changes, before its chances and draw.
  [[gnu::noinline]] void before_week(std::size_t t, Policy& policy, std::vector<RosterChange>& changes) {
    roster_.apply_week(t, policy, meter_, changes);
  }
  /// The chances of the week about to be drawn, by serial (NaN out of the draw).
  [[gnu::noinline]] std::vector<double> chances(const Chances& chances, const Policy& policy) {
    std::vector<double> row = roster_.by_serial(chances, policy);
    meter_.chances(row);
    return row;
  }
  /// The week's picks (member indices) as serials into `log`, and measured.
  [[gnu::noinline]] void week(std::span<std::size_t> picks, PickLog& log) {
    for (std::size_t& p : picks) p = roster_.serial(p);
    log.append(picks);
    MeterAccess::week(meter_, log[log.weeks() - 1]);  // drawn from the eligible teams, distinct
  }
  std::size_t teams() const noexcept { return roster_.teams(); }
  FairnessMetrics metrics() const { return meter_.result(); }

 private:
  ChurningRoster roster_;
  FairnessMeter meter_;
};

/// Run r of a validated spec. `done_before` and `total` only feed the progress callback.
inline SimulationRun simulate_run(const SimulationSpec& spec, std::span<const double> shares, std::size_t r,
                                  const SimulationProgress& on_progress, std::size_t done_before,
                                  std::size_t total) {
  std::unique_ptr<Policy> policy = make_policy(spec.policy, spec.options);
  for (const double w : spec.weights) policy->add(w);

  SimulationRun run;
  run.index = r;
  run.seed = spec.seed + r;  // unsigned: wraps mod 2^64
  run.picks = PickLog(spec.k);
  run.picks.reserve(spec.weeks);

  std::vector<std::size_t> chance_weeks;
  if (spec.chance_weeks > 0) {
    Rng week_rng(derive_seed(run.seed, chance_week_stream));
    chance_weeks = sample_weeks(spec.weeks, std::min(spec.chance_weeks, spec.weeks), week_rng);
  }
  std::size_t next_chance = 0;
  ChanceRows chance_rows;

  // Under churn the meter follows the run week by week, told of every change. A fixed roster's
  // picks are measured after the run by measure_fairness, the same meter fed the pick log.
  std::optional<ChurnedRun> churned;
  if (spec.churn.changes_anything()) churned.emplace(spec, shares, run.seed);

  // Report progress every 1024 weeks: often enough for a progress bar, rare enough to cost nothing.
  constexpr std::size_t progress_every = 1024;
  Rng rng(run.seed);
  const auto request = SimulationAccess::request(*policy, spec.k);
  std::vector<std::size_t> picks(spec.k);
  for (std::size_t t = 1; t <= spec.weeks; ++t) {
    if (churned) churned->before_week(t, *policy, run.changes);
    if (next_chance < chance_weeks.size() && chance_weeks[next_chance] == t) {
      // The chances of week t: before it is drawn, with weeks 1..t−1 accepted and its changes made.
      const Chances c = policy->probabilities(spec.k);
      chance_rows.add(t, churned ? churned->chances(c, *policy) : c.values, c.exact ? 0 : c.samples);
      ++next_chance;
    }
    SimulationAccess::week(*policy, request, rng, picks);
    if (churned) churned->week(picks, run.picks);
    else run.picks.append(picks);
    if (on_progress && t % progress_every == 0) on_progress(done_before + t, total);
  }
  if (on_progress) on_progress(done_before + spec.weeks, total);
  run.teams = churned ? churned->teams() : spec.weights.size();
  run.chances = chance_rows.log(run.teams);
  run.metrics = churned ? churned->metrics() : measure_fairness(run.picks, shares, &run.chances);
  run.metrics.dead_ends = static_cast<double>(policy->dead_ends());
  return run;
}

}  // namespace detail

/// Simulates spec.runs independent runs of spec.weeks weeks (see the top of this header) and
/// measures each. Throws as validate(spec) documents, before any work.
inline SimulationResult simulate(const SimulationSpec& spec, const SimulationProgress& on_progress = {}) {
  validate(spec);
  SimulationResult result;
  result.shares = detail::inclusion_probabilities(spec.weights, spec.k);
  result.runs.reserve(spec.runs);
  const std::size_t total = spec.runs * spec.weeks;
  std::vector<FairnessMetrics> metrics;
  metrics.reserve(spec.runs);
  for (std::size_t j = 0; j < spec.runs; ++j) {
    result.runs.push_back(
        detail::simulate_run(spec, result.shares, spec.first_run + j, on_progress, j * spec.weeks, total));
    metrics.push_back(result.runs.back().metrics);
  }
  result.mean = mean_metrics(metrics);
  return result;
}

OPSWHEEL_END_NAMESPACE
