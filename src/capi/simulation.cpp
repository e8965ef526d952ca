// SPDX-License-Identifier: Apache-2.0
//
// The C API's simulation handle over opswheel::simulate, filling the caller's buffers.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <opswheel/fairness.hpp>
#include <opswheel/simulate.hpp>

#include "boundary.hpp"
#include "handles.hpp"

namespace capi = opswheel::capi;
using capi::firewall;
using capi::need;
using capi::on_handle;

namespace {

// The C value of each metric is fixed forever, so the mapping is spelled out rather than taken
// from the order of FairnessMetrics.
double opswheel::FairnessMetrics::*field_of(int metric) {
  using M = opswheel::FairnessMetrics;
  switch (metric) {
    case OPSWHEEL_METRIC_WEEKS: return &M::weeks;
    case OPSWHEEL_METRIC_TEAMS: return &M::teams;
    case OPSWHEEL_METRIC_CHANCE_WEEKS: return &M::chance_weeks;
    case OPSWHEEL_METRIC_MAX_GAP: return &M::max_gap;
    case OPSWHEEL_METRIC_MAX_GAP_NORMALISED: return &M::max_gap_normalised;
    case OPSWHEEL_METRIC_MEAN_GAP: return &M::mean_gap;
    case OPSWHEEL_METRIC_MAX_DEVIATION: return &M::max_deviation;
    case OPSWHEEL_METRIC_WIN52: return &M::win52;
    case OPSWHEEL_METRIC_CERTAINTY: return &M::certainty;
    case OPSWHEEL_METRIC_NEAR_CERTAINTY: return &M::near_certainty;
    case OPSWHEEL_METRIC_ENTROPY: return &M::entropy;
    case OPSWHEEL_METRIC_DUPLICATES: return &M::duplicates;
    case OPSWHEEL_METRIC_DEAD_ENDS: return &M::dead_ends;
  }
  throw opswheel::InvalidArgument("unknown metric " + std::to_string(metric));
}

// A pause length given as a double: a whole number of weeks (2^53 at most, so it is exact).
std::size_t to_weeks(double value, const char* setting) {
  if (!(value >= 0 && value <= 9007199254740992.0) || std::floor(value) != value)
    throw opswheel::InvalidArgument(std::string("churn ") + setting + " must be a whole number of weeks, not " +
                                    opswheel::detail::weight_text(value));
  return static_cast<std::size_t>(value);
}

// A C size into a size_t, refused when it does not fit (32-bit platforms).
std::size_t to_size(std::uint64_t value) {
  if (value > std::numeric_limits<std::size_t>::max())
    throw opswheel::InvalidArgument("the value " + std::to_string(value) + " is too large for this platform");
  return static_cast<std::size_t>(value);
}

}  // namespace

extern "C" {

opswheel_status opswheel_simulation_new(const opswheel_options* options, opswheel_simulation** out) {
  return firewall(nullptr, __func__, [&] {
    need(out, "out");
    *out = new opswheel_simulation(options ? *options : opswheel_options());
  });
}

void opswheel_simulation_free(opswheel_simulation* simulation) { delete simulation; }

const char* opswheel_simulation_last_error(const opswheel_simulation* simulation) {
  return simulation ? simulation->text() : "opswheel_simulation_last_error: the simulation is NULL";
}

opswheel_status opswheel_simulation_set_weights(opswheel_simulation* simulation, const double* weights,
                                                size_t count) {
  return on_handle(simulation, __func__, [&](opswheel_simulation& s) {
    if (count > 0) need(weights, "weights");
    s.spec.weights.assign(weights, weights + count);
  });
}

opswheel_status opswheel_simulation_set(opswheel_simulation* simulation, opswheel_simulation_setting key,
                                        uint64_t value) {
  return on_handle(simulation, __func__, [&](opswheel_simulation& s) {
    const std::size_t v = to_size(value);
    switch (capi::as_int(key)) {
      case OPSWHEEL_SIMULATION_K: s.spec.k = v; return;
      case OPSWHEEL_SIMULATION_WEEKS: s.spec.weeks = v; return;
      case OPSWHEEL_SIMULATION_RUNS: s.spec.runs = v; return;
      case OPSWHEEL_SIMULATION_FIRST_RUN: s.spec.first_run = v; return;
      case OPSWHEEL_SIMULATION_CHANCE_WEEKS: s.spec.chance_weeks = v; return;
    }
    throw opswheel::InvalidArgument("unknown simulation setting " + std::to_string(capi::as_int(key)));
  });
}

opswheel_status opswheel_simulation_set_churn(opswheel_simulation* simulation, opswheel_churn_setting key,
                                              double value) {
  return on_handle(simulation, __func__, [&](opswheel_simulation& s) {
    opswheel::ChurnModel& churn = s.spec.churn;
    switch (capi::as_int(key)) {
      case OPSWHEEL_CHURN_JOIN_RATE: churn.join_rate = value; return;
      case OPSWHEEL_CHURN_LEAVE_RATE: churn.leave_rate = value; return;
      case OPSWHEEL_CHURN_PAUSE_RATE: churn.pause_rate = value; return;
      case OPSWHEEL_CHURN_PAUSE_MIN: churn.pause_min = to_weeks(value, "pause_min"); return;
      case OPSWHEEL_CHURN_PAUSE_MAX: churn.pause_max = to_weeks(value, "pause_max"); return;
      case OPSWHEEL_CHURN_REWEIGHT_RATE: churn.reweight_rate = value; return;
    }
    throw opswheel::InvalidArgument("unknown churn setting " + std::to_string(capi::as_int(key)));
  });
}

opswheel_status opswheel_simulation_set_churn_weights(opswheel_simulation* simulation, const double* weights,
                                                      size_t count) {
  return on_handle(simulation, __func__, [&](opswheel_simulation& s) {
    if (count > 0) need(weights, "weights");
    s.spec.churn.new_weights.assign(weights, weights + count);
  });
}

opswheel_status opswheel_simulation_sizes(opswheel_simulation* simulation, size_t* picks, size_t* runs) {
  return on_handle(simulation, __func__, [&](const opswheel_simulation& s) {
    need(picks, "picks");
    need(runs, "runs");
    opswheel::validate(s.spec);  // also proves runs × weeks × k fits a size_t
    *picks = s.spec.runs * s.spec.weeks * s.spec.k;
    *runs = s.spec.runs;
  });
}

opswheel_status opswheel_simulation_run(opswheel_simulation* simulation, uint32_t* picks, size_t picks_capacity,
                                        const opswheel_metric* metrics, size_t metric_count, double* values,
                                        size_t values_capacity) {
  return on_handle(simulation, __func__, [&](const opswheel_simulation& s) {
    const opswheel::SimulationSpec& spec = s.spec;
    opswheel::validate(spec);
    const std::size_t per_run = spec.weeks * spec.k;
    if (picks_capacity > 0) need(picks, "picks");
    if (picks) capi::need_capacity(picks_capacity, spec.runs * per_run, "picks");
    std::vector<double opswheel::FairnessMetrics::*> fields;
    if (metric_count > 0) {
      need(metrics, "metrics");
      need(values, "values");
      if (metric_count > std::numeric_limits<std::size_t>::max() / spec.runs)
        throw opswheel::InvalidArgument("runs × metric_count is too large");
      capi::need_capacity(values_capacity, spec.runs * metric_count, "values");
      for (std::size_t m = 0; m < metric_count; ++m) fields.push_back(field_of(capi::as_int(metrics[m])));
    }
    // One run at a time (simulate documents that a batch of one gives the same run r), so only
    // one run's picks are held besides the caller's buffer.
    for (std::size_t j = 0; j < spec.runs; ++j) {
      opswheel::SimulationSpec one = spec;
      one.first_run = spec.first_run + j;
      one.runs = 1;
      const opswheel::SimulationRun run = std::move(opswheel::simulate(one).runs.front());
      if (picks) std::copy(run.picks.values().begin(), run.picks.values().end(), picks + j * per_run);
      for (std::size_t m = 0; m < fields.size(); ++m) values[j * metric_count + m] = run.metrics.*fields[m];
    }
  });
}

}  // extern "C"
