// SPDX-License-Identifier: Apache-2.0
//
// detail::WheelCore: what a Wheel holds, put together from its three parts —
//   rotation_state.hpp  who presents: roster, policy, random stream, pins, spins, skips,
//                       meetings, statistics, undo
//   event_log.hpp       the append-only log every change is written to, and replay's step
//   action_log.hpp      the action items, reviews and calendar, and their events
// — with each Wheel operation as a call on the part it changes, writing to the log (wheel.hpp
// documents the operations), the replay that folds a log back into those calls, and the snapshot
// (snapshot_codec.hpp). Not API: it lives here so that a program including wheel.hpp compiles
// none of it; src/core/wheel.cpp compiles it once, or wheel.hpp includes it in header-only mode.
//
// Copies are by members (a defaulted copy constructor), each part copying by its own members.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "../action_book.hpp"
#include "../date.hpp"
#include "../errors.hpp"
#include "../events.hpp"
#include "../participant.hpp"
#include "../policy.hpp"
#include "../roster.hpp"
#include "../version.hpp"
#include "../wheel.hpp"
#include "action_log.hpp"
#include "event_log.hpp"
#include "rotation_state.hpp"
#include "snapshot_codec.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

class WheelCore {
 public:
  WheelCore(std::string_view policy, std::uint64_t seed, const PolicyOptions& options)
      : rotation_(policy, seed, options) {
    log_.append(log_.next(events::Created{std::string(rotation_.policy().name()), options, seed}));
  }

  // ---- the rotation ----

  const Roster& roster() const noexcept { return rotation_.roster(); }
  const Policy& policy() const noexcept { return rotation_.policy(); }
  const PolicyOptions& options() const noexcept { return rotation_.options(); }
  std::uint64_t seed() const noexcept { return rotation_.seed(); }
  std::uint64_t stream_position() const noexcept { return rotation_.stream_position(); }
  std::uint64_t spins() const noexcept { return rotation_.spins(); }
  std::uint64_t version() const noexcept { return rotation_.version(); }
  const std::vector<Meeting>& history() const noexcept { return rotation_.history(); }
  const std::vector<Pin>& pins() const noexcept { return rotation_.pins(); }
  std::optional<Suggestion> last_suggestion() const { return rotation_.last_suggestion(); }

  void add(Participant participant) { rotation_.add(std::move(participant), log_); }
  void update(Participant participant) { rotation_.update(std::move(participant), log_); }
  void remove(std::string_view id) { rotation_.remove(id, log_); }
  void pause(std::string_view id, std::optional<Date> until) { rotation_.pause(id, until, log_); }
  void resume(std::string_view id) { rotation_.resume(id, log_); }
  std::vector<std::string> resume_due(Date date) { return rotation_.resume_due(date, log_); }
  void set_weight(std::string_view id, double weight) { rotation_.set_weight(id, weight, log_); }
  void reset() { rotation_.reset(log_); }
  void pin(std::string_view id, std::string reason) { rotation_.pin(id, std::move(reason), log_); }
  void unpin(std::string_view id) { rotation_.unpin(id, log_); }
  Suggestion suggest(std::size_t k) { return rotation_.suggest(k, log_); }
  Suggestion skip(const Suggestion& suggestion, std::string_view id, std::string reason) {
    return rotation_.skip(suggestion, id, std::move(reason), log_);
  }
  const Meeting& accept(const Suggestion& suggestion, std::optional<Date> date) {
    return rotation_.accept(suggestion, date, log_);
  }
  const Meeting& accept(std::vector<std::string> ids, std::optional<Date> date) {
    return rotation_.accept(std::move(ids), date, log_);
  }
  void delegate(std::string_view id, std::vector<std::string> picks) { rotation_.delegate(id, std::move(picks), log_); }
  bool can_undo() const noexcept { return rotation_.can_undo(); }
  Meeting undo(std::string reason) { return rotation_.undo(std::move(reason), log_); }
  Chances probabilities(std::size_t k) const { return rotation_.probabilities(k); }
  std::vector<TeamStats> stats() const { return rotation_.stats(); }

  // ---- action items, reviews and the meeting calendar ----

  const ActionBook& actions() const noexcept { return actions_.book(); }
  void set_cadence(Cadence cadence) { actions_.set_cadence(std::move(cadence), log_); }
  void change_actions(ActionChange change) { actions_.change(std::move(change), rotation_.roster(), log_); }
  const std::vector<Event>& action_events() const noexcept { return actions_.events(); }

  // ---- the event log ----

  void set_actor(std::string actor) { log_.set_actor(std::move(actor)); }
  const std::string& actor() const noexcept { return log_.actor(); }
  void set_clock(std::function<Timestamp()> clock) { log_.set_clock(std::move(clock)); }
  const std::vector<Event>& events() const noexcept { return log_.events(); }
  std::uint64_t log_base() const noexcept { return log_.base(); }
  std::uint64_t last_seq() const noexcept { return log_.last_seq(); }

  static WheelCore replay(std::span<const Event> log) {
    if (log.empty()) throw CorruptData("cannot replay an empty event log: it must start with a 'created' event");
    const auto* created = std::get_if<events::Created>(&log.front().payload);
    if (!created || log.front().seq != 1)
      throw CorruptData("event " + std::to_string(log.front().seq) + " (" +
                        std::string(event_type(log.front().payload)) +
                        ") cannot start a log: the first event must be number 1, 'created'");
    WheelCore w = [&] {
      try {
        return WheelCore(created->policy, created->seed, created->options);
      } catch (const Error& e) {
        throw CorruptData("event 1 (created) is not valid: " + std::string(e.what()));
      }
    }();
    w.log_.adopt_created(log.front());
    for (const Event& e : log.subspan(1)) w.apply(e);
    return w;
  }

  void apply(const Event& event) {
    log_.replay(event, [&] { std::visit([this](const auto& e) { replay_one(e); }, event.payload); });
  }

  // ---- snapshots ----

  std::string save_state() const { return SnapshotCodec::save(rotation_, actions_, log_.last_seq()); }

  static WheelCore load_state(std::string_view bytes, std::span<const Event> action_events) {
    SnapshotCodec::Restored restored = SnapshotCodec::load(bytes, action_events);
    EventLog log;
    log.restart_after(restored.last_seq);
    return WheelCore(std::move(restored.rotation), std::move(log), std::move(restored.actions));
  }

 private:
  WheelCore(RotationState rotation, EventLog log, ActionLog actions)
      : rotation_(std::move(rotation)), log_(std::move(log)), actions_(std::move(actions)) {}

  // ---- replay: each event kind redone by the call that made it ----

  void replay_one(const events::Created&) { throw CorruptData("a second 'created' event"); }
  void replay_one(const events::Added& e) { add(e.participant); }
  void replay_one(const events::Updated& e) { update(e.participant); }
  void replay_one(const events::Removed& e) { remove(e.id); }
  void replay_one(const events::Paused& e) { pause(e.id, e.until); }
  void replay_one(const events::Resumed& e) {
    if (!roster().at(e.id).paused) throw CorruptData("'" + printable(e.id) + "' is not paused");
    resume(e.id);
  }
  void replay_one(const events::WeightSet& e) {
    // Logs from before no-op weight changes were left out may hold one: it changed nothing then.
    if (const Participant& p = roster().at(e.id); p.weight == e.weight) {
      log_.reserve();
      rotation_.log_change(log_, events::WeightSet{e.id, e.weight});
      return;
    }
    set_weight(e.id, e.weight);
  }
  void replay_one(const events::Reset&) { reset(); }
  void replay_one(const events::Pinned& e) { pin(e.id, e.reason); }
  void replay_one(const events::Unpinned& e) { unpin(e.id); }
  void replay_one(const events::Suggested& e) { suggest(e.suggestion.picks.size()); }
  void replay_one(const events::Skipped& e) {
    const Suggestion& after = e.suggestion;
    if (after.skipped.empty()) throw CorruptData("a skip that records no skipped team");
    skip(e.from, after.skipped.back().id, after.skipped.back().reason);
  }
  void replay_one(const events::Accepted& e) {
    if (e.from_suggestion) {
      rotation_.accept_recorded(e.meeting, log_);
    } else {
      accept(e.meeting.picks, e.meeting.date);
    }
  }
  void replay_one(const events::Delegated& e) {
    if (history().empty() || e.meeting != history().back().number) throw CorruptData("a delegation for another meeting");
    delegate(e.delegation.id, e.delegation.picks);
  }
  void replay_one(const events::Undone& e) { undo(e.reason); }
  void replay_one(const events::CadenceSet& e) { set_cadence(e.cadence); }
  void replay_one(const events::ActionChanged& e) { change_actions(e.change); }

  RotationState rotation_;
  EventLog log_;
  ActionLog actions_;
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
