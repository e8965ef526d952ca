// SPDX-License-Identifier: Apache-2.0
//
// simulate(): a policy run for many weeks, several times over, with each run's fairness measured
// (fairness.hpp). What a notebook, the CLI's `simulate` and the fairness table call.
//
// Each week of a run is exactly what a Wheel does without pins or skips: draw(k, rng) from the
// policy, then accept(picks). Run r draws its picks from Rng(spec.seed + r) (mod 2^64): run 0 from
// the seed the user gave. So a run is reproducible on its own (SimulationSpec{..., first_run = r,
// runs = 1} gives the same run r as any batch that contains it), and on a Wheel:
// Wheel(spec.policy, spec.seed + r, spec.options) with the teams added in order (weights as
// given), then suggest(k) and accept(suggestion) each week, draws the same picks week by week.
//
// Chances (for entropy and certainty) are recorded in `chance_weeks` weeks of each run, chosen at
// random (not every n-th week): with equal weights a quota-type policy's bounds repeat with the
// cycle of k·t mod N, and sampling at a fixed interval can alias with that cycle (research/
// fair-selection.md measured 34.2 bits every 20 weeks against 31.0 every 21 on one run). The weeks
// come from a second Rng of the run, so turning chance sampling on or off never changes the
// picks. They are read with Policy::probabilities(k): exact for lottery, shuffle_bag and
// rotation; for aws (k > 1) a Monte Carlo estimate from 4,000 draws a week, which costs about as
// much as 4,000 simulated weeks, so keep chance_weeks modest (0 turns it off).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

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
  std::vector<double> weights{};   ///< one per team, each finite and > 0; N = weights.size()
  std::size_t k = 1;               ///< picks a week, 1..N
  std::size_t weeks = 0;           ///< weeks per run, >= 1
  std::size_t runs = 1;            ///< how many runs, >= 1
  std::uint64_t seed = 0;          ///< run r draws its picks from Rng(seed + r)
  std::size_t first_run = 0;       ///< the runs are first_run .. first_run + runs − 1
  /// Weeks per run, chosen at random, whose chances are recorded for entropy and certainty
  /// (capped at `weeks`; 0: none, and those metrics are NaN).
  std::size_t chance_weeks = 40;
  bool operator==(const SimulationSpec&) const = default;
};

/// One run: its picks, the chances recorded, and its metrics.
struct SimulationRun {
  std::size_t index = 0;     ///< r
  std::uint64_t seed = 0;    ///< spec.seed + r (mod 2^64), the seed of its picks' Rng
  PickLog picks;             ///< weeks × k
  ChanceLog chances;         ///< the sampled weeks' chances, by team
  FairnessMetrics metrics;   ///< measure_fairness(picks, shares, &chances), with the policy's dead_ends()
  bool operator==(const SimulationRun&) const = default;
};

/// Everything simulate() returns.
struct SimulationResult {
  std::vector<double> shares;       ///< π_i = min(1, c·w_i), Σπ_i = k: what the metrics measure against
  std::vector<SimulationRun> runs;  ///< in order of r
  FairnessMetrics mean;             ///< each metric's mean over the runs
  bool operator==(const SimulationResult&) const = default;
};

/// Called as weeks are simulated: weeks done so far over all runs, and the total (runs × weeks).
/// It runs on the simulating thread; to cancel, throw from it (the exception propagates).
using SimulationProgress = std::function<void(std::size_t weeks_done, std::size_t weeks_total)>;

/// Throws InvalidArgument for an unknown policy or option out of range (make_policy's check),
/// no weights, a weight that is not finite and > 0, k = 0, weeks = 0, runs = 0, or sizes too
/// large to index; NotEnoughTeams when k > N.
inline void validate(const SimulationSpec& spec) {
  (void)make_policy(spec.policy, spec.options);
  if (spec.weights.empty()) throw InvalidArgument("a simulation needs at least one team weight");
  for (std::size_t i = 0; i < spec.weights.size(); ++i)
    validate_weight(spec.weights[i], "weights[" + std::to_string(i) + "]");
  if (spec.weights.size() > std::numeric_limits<std::uint32_t>::max())
    throw InvalidArgument("a simulation can index at most 2^32 − 1 teams");
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
  run.chances = ChanceLog(spec.weights.size());

  std::vector<std::size_t> chance_weeks;
  if (spec.chance_weeks > 0) {
    Rng week_rng(derive_seed(run.seed, chance_week_stream));
    chance_weeks = sample_weeks(spec.weeks, std::min(spec.chance_weeks, spec.weeks), week_rng);
  }
  std::size_t next_chance = 0;

  // Report progress every 1024 weeks: often enough for a progress bar, rare enough to cost nothing.
  constexpr std::size_t progress_every = 1024;
  Rng rng(run.seed);
  const auto request = SimulationAccess::request(*policy, spec.k);
  std::vector<std::size_t> picks(spec.k);
  for (std::size_t t = 1; t <= spec.weeks; ++t) {
    if (next_chance < chance_weeks.size() && chance_weeks[next_chance] == t) {
      // The chances of week t: before it is drawn, with weeks 1..t−1 accepted.
      const Chances c = policy->probabilities(spec.k);
      run.chances.add(t, c.values, c.exact ? 0 : c.samples);
      ++next_chance;
    }
    SimulationAccess::week(*policy, request, rng, picks);
    run.picks.append(picks);
    if (on_progress && t % progress_every == 0) on_progress(done_before + t, total);
  }
  if (on_progress) on_progress(done_before + spec.weeks, total);
  run.metrics = measure_fairness(run.picks, shares, &run.chances);
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
