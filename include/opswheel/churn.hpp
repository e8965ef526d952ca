// SPDX-License-Identifier: Apache-2.0
//
// The change model of a simulation ("churn"): how a roster changes from week to week, so that
// every policy can be compared on a roster that moves as real ones do. simulate() applies it
// (SimulationSpec::churn); this header says what it does and records what it did.
//
// Each week, before the draw, in this fixed order:
//   1. resumes that are due: a team paused for L weeks before week t's draw is back before week
//      t + L's draw (in serial order when several are due the same week);
//   2. join, with chance join_rate: a new team, its weight drawn from new_weights;
//   3. leave, with chance leave_rate: a team drawn from those on the roster (paused or not) leaves;
//   4. pause, with chance pause_rate: a team drawn from the eligible ones (not paused) is paused
//      for L weeks, L drawn from pause_min..pause_max;
//   5. reweight, with chance reweight_rate: a team drawn from those on the roster gets a weight
//      drawn from new_weights, which may be the weight it has (the change is made and recorded
//      all the same).
// A leave or pause that would leave fewer than k eligible teams is skipped: nothing changes and
// nothing is recorded. Every draw is uniform. Teams are known by serial: 0..N0−1 for the starting
// roster in its order, then N0, N0+1, … for the teams that join, in the order they join (the
// policy's member indices shift when a team leaves; serials do not).
//
// The changes come from a stream of their own (Rng(derive_seed(run seed, churn_stream))), so the
// picks' stream is untouched: a model that changes nothing draws exactly the picks of a fixed
// roster. Nor do the changes depend on the picks: under one seed every policy meets the same
// rosters. Each of steps 2-5 draws one uniform01() for its chance; a change that happens then draws
// its team (below), and its weight (below) or its length (below), in that order, before the
// skip rule is applied.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/shares.hpp"
#include "errors.hpp"
#include "fairness.hpp"
#include "participant.hpp"
#include "policy.hpp"
#include "rng.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// How a simulated roster changes each week (the order and rules are at the top of this header).
/// The default changes nothing. A plain value, compared and copied with the spec that holds it.
struct ChurnModel {
  double join_rate = 0;      ///< chance a team joins each week, in [0, 1]
  double leave_rate = 0;     ///< chance a random team leaves each week, in [0, 1]
  double pause_rate = 0;     ///< chance a random eligible team is paused each week, in [0, 1]
  std::size_t pause_min = 1; ///< a pause lasts pause_min..pause_max weeks (inclusive), 1 <= min <= max
  std::size_t pause_max = 1;
  double reweight_rate = 0;  ///< chance a random team's weight is drawn again each week, in [0, 1]
  /// The weights joiners and re-weighted teams draw from, uniformly (a weight listed twice is
  /// twice as likely); each finite and > 0. Empty means {1.0}.
  std::vector<double> new_weights{};

  /// Whether any change can happen at all.
  bool changes_anything() const noexcept {
    return join_rate > 0 || leave_rate > 0 || pause_rate > 0 || reweight_rate > 0;
  }
  bool operator==(const ChurnModel&) const = default;
};

/// Throws InvalidArgument, naming the field and its value, unless every rate is finite and in
/// [0, 1], 1 <= pause_min <= pause_max, and every new weight is finite and > 0.
inline void validate(const ChurnModel& churn) {
  const std::pair<const char*, double> rates[] = {{"join_rate", churn.join_rate},
                                                  {"leave_rate", churn.leave_rate},
                                                  {"pause_rate", churn.pause_rate},
                                                  {"reweight_rate", churn.reweight_rate}};
  for (const auto& [name, rate] : rates)
    if (!(rate >= 0.0 && rate <= 1.0))  // NaN fails both
      throw InvalidArgument(std::string("churn ") + name + " is " + detail::weight_text(rate) +
                            ": a rate must be in [0, 1]");
  if (churn.pause_min < 1)
    throw InvalidArgument("churn pause_min is " + std::to_string(churn.pause_min) + ": a pause lasts at least 1 week");
  if (churn.pause_max < churn.pause_min)
    throw InvalidArgument("churn pause_max is " + std::to_string(churn.pause_max) + ", below pause_min " +
                          std::to_string(churn.pause_min));
  for (std::size_t i = 0; i < churn.new_weights.size(); ++i)
    validate_weight(churn.new_weights[i], "churn new_weights[" + std::to_string(i) + "]");
}

/// What a roster change did.
enum class ChangeKind : std::uint8_t { join, leave, pause, resume, reweight };

/// "join", "leave", "pause", "resume" or "reweight".
constexpr std::string_view change_kind_name(ChangeKind kind) noexcept {
  switch (kind) {
    case ChangeKind::join: return "join";
    case ChangeKind::leave: return "leave";
    case ChangeKind::pause: return "pause";
    case ChangeKind::resume: return "resume";
    case ChangeKind::reweight: return "reweight";
  }
  return "?";
}

/// One change of a simulated roster, made before week `week`'s draw. A run's changes, in order,
/// replay on a Wheel (simulate.hpp says how): join is Wheel::add, leave remove, pause pause,
/// resume resume, reweight set_weight.
struct RosterChange {
  std::size_t week = 0;                ///< 1-based: the change came before this week's draw
  ChangeKind kind = ChangeKind::join;
  std::uint32_t team = 0;              ///< the team's serial
  double weight = 0;                   ///< join and reweight: the team's new weight; otherwise 0
  std::size_t weeks = 0;               ///< pause: how many weeks it lasts; otherwise 0
  bool operator==(const RosterChange&) const = default;
};

namespace detail {

/// The stream, under a run's seed, that draws the roster's changes ("churn").
inline constexpr std::uint64_t churn_stream = 0x636875726eULL;

/// A simulated run's roster under a change model: which policy member is which serial, the
/// pauses still running, and the changes' own random stream. It makes each week's changes through
/// the policy's public calls (add, remove, pause, resume, set_weight) and tells the meter.
class ChurningRoster {
 public:
  /// `teams` starting teams (serials 0..teams−1, member i is serial i), k picks a week.
  ChurningRoster(const ChurnModel& churn, std::size_t k, std::size_t teams, std::uint64_t run_seed)
      : churn_(churn), k_(k), rng_(derive_seed(run_seed, churn_stream)) {
    if (churn_.new_weights.empty()) churn_.new_weights = {1.0};
    serial_of_.resize(teams);
    index_of_.resize(teams);
    for (std::size_t i = 0; i < teams; ++i) {
      serial_of_[i] = static_cast<std::uint32_t>(i);
      index_of_[i] = i;
    }
  }

  /// Serials so far.
  std::size_t teams() const noexcept { return index_of_.size(); }
  /// The serial of policy member `index`.
  std::uint32_t serial(std::size_t index) const { return serial_of_[index]; }

  /// Makes week t's changes to `policy` and tells `meter` (joins, leaves, then the week's shares
  /// when anything changed), appending each change to `log`.
  void apply_week(std::size_t t, Policy& policy, FairnessMeter& meter, std::vector<RosterChange>& log) {
    const std::size_t before = log.size();
    resume_due(t, policy, log);
    if (happens(churn_.join_rate)) {
      const double weight = draw_weight();
      policy.add(weight);
      const std::uint32_t serial = meter.join();
      serial_of_.push_back(serial);
      index_of_.push_back(policy.size() - 1);
      log.push_back({t, ChangeKind::join, serial, weight, 0});
    }
    if (happens(churn_.leave_rate)) {
      const std::size_t index = static_cast<std::size_t>(rng_.below(policy.size()));
      if (!policy.eligible(index) || policy.eligible_count() > k_) {
        const std::uint32_t serial = serial_of_[index];
        policy.remove(index);
        meter.leave(serial);
        forget(index);
        std::erase_if(pauses_, [&](const Pause& p) { return p.serial == serial; });
        log.push_back({t, ChangeKind::leave, serial, 0, 0});
      }
    }
    if (happens(churn_.pause_rate)) {
      const std::size_t index = nth_eligible(policy, static_cast<std::size_t>(rng_.below(policy.eligible_count())));
      const std::size_t weeks = churn_.pause_min + static_cast<std::size_t>(rng_.below(churn_.pause_max - churn_.pause_min + 1));
      if (policy.eligible_count() > k_) {
        policy.pause(index);
        pauses_.push_back({t + weeks, serial_of_[index]});
        log.push_back({t, ChangeKind::pause, serial_of_[index], 0, weeks});
      }
    }
    if (happens(churn_.reweight_rate)) {
      const std::size_t index = static_cast<std::size_t>(rng_.below(policy.size()));
      const double weight = draw_weight();
      policy.set_weight(index, weight);
      log.push_back({t, ChangeKind::reweight, serial_of_[index], weight, 0});
    }
    if (log.size() != before) meter.set_shares(shares(policy));
  }

  /// Each eligible team's share of a week's k picks (detail::exact_shares of the eligible teams'
  /// weights), by serial; NaN for a team not in the draw.
  std::vector<double> shares(const Policy& policy) const {
    std::vector<double> weights;
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < policy.size(); ++i)
      if (policy.eligible(i)) {
        weights.push_back(policy.weight(i));
        indices.push_back(i);
      }
    const std::vector<double> p = inclusion_probabilities(weights, k_);
    std::vector<double> by_serial(teams(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t j = 0; j < indices.size(); ++j) by_serial[serial_of_[indices[j]]] = p[j];
    return by_serial;
  }

  /// `chances` (by member index) by serial, NaN for a team not in the draw.
  std::vector<double> by_serial(const Chances& chances, const Policy& policy) const {
    std::vector<double> row(teams(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < policy.size(); ++i)
      if (policy.eligible(i)) row[serial_of_[i]] = chances.values[i];
    return row;
  }

 private:
  struct Pause {
    std::size_t back;  // the week before whose draw it resumes
    std::uint32_t serial;
  };

  bool happens(double rate) { return rng_.uniform01() < rate; }

  double draw_weight() { return churn_.new_weights[static_cast<std::size_t>(rng_.below(churn_.new_weights.size()))]; }

  void resume_due(std::size_t t, Policy& policy, std::vector<RosterChange>& log) {
    std::vector<std::uint32_t> due;
    for (const Pause& p : pauses_)
      if (p.back == t) due.push_back(p.serial);
    if (due.empty()) return;
    std::erase_if(pauses_, [&](const Pause& p) { return p.back == t; });
    std::sort(due.begin(), due.end());
    for (const std::uint32_t serial : due) {
      policy.resume(index_of_[serial]);
      log.push_back({t, ChangeKind::resume, serial, 0, 0});
    }
  }

  static std::size_t nth_eligible(const Policy& policy, std::size_t n) {
    for (std::size_t i = 0; i < policy.size(); ++i)
      if (policy.eligible(i) && n-- == 0) return i;
    throw InvalidArgument("no eligible team to pause");  // unreachable: n < eligible_count()
  }

  // Member `index` has left: the members after it move down by one.
  void forget(std::size_t index) {
    index_of_[serial_of_[index]] = gone;
    serial_of_.erase(serial_of_.begin() + static_cast<std::ptrdiff_t>(index));
    for (std::size_t i = index; i < serial_of_.size(); ++i) index_of_[serial_of_[i]] = i;
  }

  static constexpr std::size_t gone = std::numeric_limits<std::size_t>::max();

  ChurnModel churn_;
  std::size_t k_;
  Rng rng_;
  std::vector<std::uint32_t> serial_of_;  // by policy member index
  std::vector<std::size_t> index_of_;     // by serial; `gone` once it left
  std::vector<Pause> pauses_;             // running pauses
};

}  // namespace detail

OPSWHEEL_END_NAMESPACE
