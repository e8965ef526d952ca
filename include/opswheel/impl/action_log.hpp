// SPDX-License-Identifier: Apache-2.0
//
// detail::ActionLog: a wheel's action items, reviews and meeting calendar (ActionBook), and the
// events they are the fold of (CadenceSet, ActionChanged) — few next to the spins, which is why a
// snapshot leaves the book out and a store keeps these events beside it. Not API: one of the parts
// that detail::WheelCore (wheel_core.hpp) puts together behind the Wheel facade.
//
// Action items do not touch who presents, so their events go to the wheel's event log without
// passing through the rotation (rotation_state.hpp): a spin made before one stays current, and an
// accept before one can still be undone.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "../action_book.hpp"
#include "../action_changes.hpp"
#include "../calendar.hpp"
#include "../detail/room.hpp"
#include "../errors.hpp"
#include "../events.hpp"
#include "../roster.hpp"
#include "../version.hpp"
#include "event_log.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

class ActionLog {
 public:
  /// The book (Wheel::actions).
  const ActionBook& book() const noexcept { return book_; }
  /// The CadenceSet and ActionChanged events of the whole log (Wheel::action_events).
  const std::vector<Event>& events() const noexcept { return events_; }

  /// Wheel::set_cadence, logged to `log`.
  void set_cadence(Cadence cadence, EventLog& log) {
    validate(cadence);
    if (!book_.items().empty() || !book_.reviews().empty() || book_.calendar_revision() != 0 ||
        !book_.profiles().empty())
      throw InvalidArgument("the meeting cadence can be set only before any action item, review or calendar change");
    ActionBook fresh(Calendar(cadence), book_.review_template(), book_.escalate_after());
    events::CadenceSet event{std::move(cadence)};
    log.reserve();
    make_room(events_);
    book_ = std::move(fresh);
    append(log, std::move(event));
  }

  /// Wheel::change_actions, with team ids checked against `roster`, logged to `log`.
  void change(ActionChange change, const Roster& roster, EventLog& log) {
    if (auto* created = std::get_if<ItemCreated>(&change); created && created->id.empty()) created->id = book_.next_id();
    const Timestamp at = log.stamp();
    ActionBook next = book_;  // the book's apply is all-or-nothing; the copy keeps the log's step too
    next.apply(change, change_context(log.current_actor(), at), roster);
    events::ActionChanged event{std::move(change)};
    log.reserve();
    make_room(events_);
    book_ = std::move(next);
    append(log, std::move(event), at);
  }

  /// Refolds `action_events`, those of a snapshot's wheel (see Wheel::load_state), which are
  /// already in the log the snapshot stands for. Throws CorruptData naming the first that does not.
  void restore(std::span<const Event> action_events) {
    for (const Event& e : action_events) refold(e);
  }

 private:
  void refold(const Event& e) {
    try {
      if (const auto* c = std::get_if<events::CadenceSet>(&e.payload)) {
        book_ = ActionBook(Calendar(c->cadence), book_.review_template(), book_.escalate_after());
      } else if (const auto* a = std::get_if<events::ActionChanged>(&e.payload)) {
        book_.restore(a->change, change_context(e.actor, e.at));
      } else {
        throw CorruptData("it is not a cadence or action event");
      }
    } catch (const Error& error) {
      throw CorruptData("action event " + std::to_string(e.seq) + " does not refold: " + error.what());
    }
    events_.push_back(e);
  }

  // Logs `payload` and keeps a copy (room for both reserved by the caller).
  void append(EventLog& log, EventPayload payload, std::optional<Timestamp> at = std::nullopt) {
    Event e = log.next(std::move(payload), at);
    events_.push_back(e);
    log.append(std::move(e));
  }

  // An action change's context: the book wants a named actor and whole seconds.
  static ChangeContext change_context(const std::string& actor, Timestamp at) {
    return {actor.empty() ? std::string("(unknown)") : actor, std::chrono::floor<std::chrono::seconds>(at)};
  }

  ActionBook book_;
  std::vector<Event> events_;
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
