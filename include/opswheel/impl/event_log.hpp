// SPDX-License-Identifier: Apache-2.0
//
// detail::EventLog: a wheel's append-only record of its changes (events.hpp) — who makes the next
// event and when, the events held, and how a replay redoes one event. Not API: one of the parts
// that detail::WheelCore (wheel_core.hpp) puts together behind the Wheel facade. The rotation
// (rotation_state.hpp) and the action items (action_log.hpp) each write their own events to it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "../detail/room.hpp"
#include "../detail/text.hpp"
#include "../errors.hpp"
#include "../events.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

class EventLog {
 public:
  /// The events held, oldest first (Wheel::events).
  const std::vector<Event>& events() const noexcept { return events_; }
  /// How many events came before events().front() (Wheel::log_base).
  std::uint64_t base() const noexcept { return base_; }
  /// The number of the last event (Wheel::last_seq).
  std::uint64_t last_seq() const noexcept { return base_ + events_.size(); }

  void set_actor(std::string actor) {
    validate_text("actor", actor, TextKind::name);
    actor_ = std::move(actor);
  }
  const std::string& actor() const noexcept { return actor_; }
  void set_clock(std::function<Timestamp()> clock) {
    clock_ = clock ? std::move(clock) : std::function<Timestamp()>(now_utc);
  }

  /// Who makes the event being made: the replayed event's actor, or the wheel's.
  const std::string& current_actor() const noexcept { return replaying_ ? replaying_->actor : actor_; }
  /// When the event being made happens: the replayed event's time, or the clock's.
  Timestamp stamp() const { return replaying_ ? replaying_->at : clock_(); }

  /// Room for one more event, made before a change so that logging after it cannot fail.
  void reserve() { make_room(events_); }
  /// The next event: number last_seq() + 1, made by current_actor() at `at` (default: stamp()).
  Event next(EventPayload payload, std::optional<Timestamp> at = std::nullopt) const {
    return Event{last_seq() + 1, at ? *at : stamp(), current_actor(), std::move(payload)};
  }
  /// Appends `event`, made by next() after reserve().
  void append(Event event) { events_.push_back(std::move(event)); }

  /// Holds no events, the next being number `last_seq` + 1: a wheel restored from a snapshot.
  void restart_after(std::uint64_t last_seq) noexcept {
    events_.clear();
    base_ = last_seq;
  }

  /// The change after the last accept that ended what undo could take back (ends_undo), when the
  /// log holds it: a wheel restored from a snapshot holds only the events after the snapshot.
  const Event* undo_blocker() const noexcept {
    for (auto it = events_.rbegin(); it != events_.rend() && !std::holds_alternative<events::Accepted>(it->payload); ++it)
      if (ends_undo(it->payload)) return &*it;
    return nullptr;
  }

  /// The start of a replay: the Created event the new wheel logged gives way to the recorded one,
  /// with its time and actor.
  void adopt_created(const Event& recorded) { events_.front() = recorded; }

  /// One step of a replay: `redo` makes `event`, which must be number last_seq() + 1, again (the
  /// call that made it, with the event's time and actor); it must then be logged exactly as
  /// recorded. Throws CorruptData naming the event when it is out of order, cannot be redone, or
  /// comes out different.
  template <class Redo>
  void replay(const Event& event, Redo&& redo) {
    const std::string where = "event " + std::to_string(event.seq) + " (" + std::string(event_type(event.payload)) + ")";
    if (event.seq != last_seq() + 1)
      throw CorruptData(where + " is out of order: the wheel's log ends at event " + std::to_string(last_seq()));
    replaying_ = &event;
    try {
      redo();
    } catch (const CorruptData& e) {
      replaying_ = nullptr;
      throw CorruptData(where + ": " + e.what());
    } catch (const Error& e) {
      replaying_ = nullptr;
      throw CorruptData(where + " does not apply: " + e.what());
    }
    replaying_ = nullptr;
    if (last_seq() != event.seq || !(events_.back() == event))
      throw CorruptData(where + " does not match its replay" + mismatch_detail(event));
  }

 private:
  // What differs, for the error message of a mismatched replay: the picks, where there are any.
  std::string mismatch_detail(const Event& recorded) const {
    const auto picks_of = [](const EventPayload& p) -> const std::vector<std::string>* {
      const Suggestion* s = spin_suggestion(p);
      return s ? &s->picks : nullptr;
    };
    const auto* logged = picks_of(recorded.payload);
    const auto* redone = events_.empty() || last_seq() != recorded.seq ? nullptr : picks_of(events_.back().payload);
    if (!logged || !redone || *logged == *redone) return "";
    const auto list = [](const std::vector<std::string>& ids) {
      std::string s;
      for (const auto& id : ids) s += (s.empty() ? "" : ", ") + printable(id, 64);
      return "[" + s + "]";
    };
    return ": the log records picks " + list(*logged) + " but the stream draws " + list(*redone);
  }

  std::vector<Event> events_;
  std::uint64_t base_ = 0;
  std::string actor_;
  std::function<Timestamp()> clock_ = now_utc;  // not state: see Wheel::set_clock
  const Event* replaying_ = nullptr;            // the event replay() is redoing, for its time and actor
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
