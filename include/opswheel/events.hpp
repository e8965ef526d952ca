// SPDX-License-Identifier: Apache-2.0
//
// Events: every change to a wheel, as a value. A Wheel appends one to its log for each change it
// makes, and its state is the fold of its log: Wheel::replay rebuilds it from the events alone,
// drawing every spin again from the wheel's random stream, at the recorded positions, and checking
// that it gets the recorded picks.
//
// An event here is the plain record (number, time, actor, what happened). The audit chain, each
// event carrying the SHA-256 of its predecessor, belongs to the persisted form: the JSON file and
// the store compute and check it (opswheel/json.hpp, opswheel/store.hpp), so the header core
// needs no hash library.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "action_changes.hpp"
#include "calendar.hpp"
#include "date.hpp"
#include "participant.hpp"
#include "policy.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// A moment in UTC, to the millisecond.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// A team made to present, why, and who asked.
struct Pin {
  std::string id;
  std::string reason;
  std::string actor;  ///< who pinned it (the wheel's actor at the time)
  bool operator==(const Pin&) const = default;
};

/// A picked team that could not attend, why, who was drawn in its place, and who skipped it.
struct Skip {
  std::string id;
  std::string reason;
  std::string replacement;
  std::string actor;
  bool operator==(const Skip&) const = default;
};

/// The result of a spin: who should present. Accepting it is what moves the rotation on.
struct Suggestion {
  std::vector<std::string> picks;  ///< in draw order, pinned teams first
  std::vector<Pin> pinned;         ///< the pins this suggestion honours
  std::vector<Skip> skipped;       ///< teams swapped out by Wheel::skip, in order
  std::uint64_t position = 0;      ///< where the last draw began in the wheel's random stream: the
                                   ///< words drawn before it (see Wheel::stream_position)
  std::uint64_t spin = 0;          ///< the wheel's spin number of that draw
  std::uint64_t version = 0;       ///< the wheel state it was drawn from (see Wheel::version)
  bool operator==(const Suggestion&) const = default;
};

/// Who presented for a participant that stands for another wheel (Participant::subwheel).
struct Delegation {
  std::string id;                  ///< the participant that presented (picked on this wheel)
  std::string wheel;               ///< the wheel it stands for
  std::vector<std::string> picks;  ///< the teams picked on that wheel
  bool operator==(const Delegation&) const = default;
};

/// One accepted meeting.
struct Meeting {
  std::size_t number = 0;            ///< 1 for the first meeting of this wheel
  std::optional<Date> date;          ///< when given to accept()
  std::vector<std::string> picks;    ///< who presented, in order
  std::vector<Pin> pinned;           ///< pins honoured at this meeting
  std::vector<Skip> skipped;         ///< teams skipped on the way
  std::optional<std::uint64_t> position; ///< the suggestion's stream position; nullopt for explicit picks
  std::vector<Delegation> delegated; ///< picks that stood for a sub-wheel, and who presented there
  bool operator==(const Meeting&) const = default;
};

/// What happened, one struct per kind of change. `event_type` names each for files and queries.
namespace events {

/// The wheel was made: the first event of every log.
struct Created {
  std::string policy;
  PolicyOptions options;
  std::uint64_t seed = 0;
  bool operator==(const Created&) const = default;
};
/// A participant joined the roster.
struct Added {
  Participant participant;
  bool operator==(const Added&) const = default;
};
/// A participant's descriptive fields changed (name, url, tags, sub-wheel); see Wheel::update.
struct Updated {
  Participant participant;  ///< as it is afterwards
  bool operator==(const Updated&) const = default;
};
/// A participant left the roster.
struct Removed {
  std::string id;
  bool operator==(const Removed&) const = default;
};
/// A participant was paused, until a date or until resumed.
struct Paused {
  std::string id;
  std::optional<Date> until;
  bool operator==(const Paused&) const = default;
};
/// A paused participant is eligible again.
struct Resumed {
  std::string id;
  bool operator==(const Resumed&) const = default;
};
/// A participant's configured weight changed.
struct WeightSet {
  std::string id;
  double weight = 1.0;
  bool operator==(const WeightSet&) const = default;
};
/// The rotation state was forgotten (the AWS "reset").
struct Reset {
  bool operator==(const Reset&) const = default;
};
/// A participant must present at the next meeting, and why.
struct Pinned {
  std::string id;
  std::string reason;
  bool operator==(const Pinned&) const = default;
};
/// A pin was taken back.
struct Unpinned {
  std::string id;
  bool operator==(const Unpinned&) const = default;
};
/// A spin: k = suggestion.picks.size(); the suggestion carries the stream position and spin number
/// it drew at.
struct Suggested {
  Suggestion suggestion;
  bool operator==(const Suggested&) const = default;
};
/// A team of suggestion `from` was skipped; `suggestion` is the one after the skip (its last
/// entry in `skipped` is this skip, and its position and spin are the replacement's draw).
struct Skipped {
  Suggestion from;
  Suggestion suggestion;
  bool operator==(const Skipped&) const = default;
};
/// A meeting was recorded. `from_suggestion` tells accept(suggestion) from explicit picks.
struct Accepted {
  Meeting meeting;
  bool from_suggestion = false;
  bool operator==(const Accepted&) const = default;
};
/// Who presented, on its own wheel, for a pick of the last meeting that stands for a sub-wheel.
struct Delegated {
  std::size_t meeting = 0;
  Delegation delegation;
  bool operator==(const Delegated&) const = default;
};
/// The meeting cadence of the wheel's calendar was set (see Wheel::set_cadence).
struct CadenceSet {
  Cadence cadence;
  bool operator==(const CadenceSet&) const = default;
};
/// A change to the action items, reviews or meeting calendar (action_changes.hpp).
struct ActionChanged {
  ActionChange change;
  bool operator==(const ActionChanged&) const = default;
};
/// The last accepted meeting was taken back; the Accepted event stays in the log.
struct Undone {
  std::size_t meeting = 0;  ///< the number of the meeting undone
  std::string reason;
  bool operator==(const Undone&) const = default;
};

}  // namespace events

using EventPayload = std::variant<events::Created, events::Added, events::Updated, events::Removed,
                                  events::Paused, events::Resumed, events::WeightSet, events::Reset,
                                  events::Pinned, events::Unpinned, events::Suggested, events::Skipped,
                                  events::Accepted, events::Delegated, events::Undone, events::CadenceSet,
                                  events::ActionChanged>;

/// The suggestion a spin (Suggested or Skipped) drew; nullptr for any other event.
inline const Suggestion* spin_suggestion(const EventPayload& payload) noexcept {
  if (const auto* s = std::get_if<events::Suggested>(&payload)) return &s->suggestion;
  if (const auto* s = std::get_if<events::Skipped>(&payload)) return &s->suggestion;
  return nullptr;
}

/// A spin (Suggested or Skipped): it changes no state.
inline bool is_spin(const EventPayload& payload) noexcept { return spin_suggestion(payload) != nullptr; }

/// An action-item or calendar event (ActionChanged or CadenceSet): it does not change who
/// presents, so a spin made before it stays current and an accept before it can still be undone.
inline bool is_action_event(const EventPayload& payload) noexcept {
  return std::holds_alternative<events::ActionChanged>(payload) || std::holds_alternative<events::CadenceSet>(payload);
}

/// One change to a wheel.
struct Event {
  std::uint64_t seq = 0;  ///< 1 for the Created event, then one more per event
  Timestamp at{};         ///< when it happened (UTC)
  std::string actor;      ///< who did it, as the caller said (Wheel::set_actor)
  EventPayload payload;
  bool operator==(const Event&) const = default;
};

/// The name of an event's kind, as files and queries spell it: "created", "added", "updated",
/// "removed", "paused", "resumed", "weight_set", "reset", "pinned", "unpinned", "suggested",
/// "skipped", "accepted", "delegated", "undone", "cadence_set", "action_changed".
OPSWHEEL_CXX_API std::string_view event_type(const EventPayload& payload);

/// Whether an event ends what Wheel::undo could take back: every change but a spin, an action-item
/// or calendar event, and an accept (which is then what undo takes back).
inline bool ends_undo(const EventPayload& payload) noexcept {
  return !is_spin(payload) && !is_action_event(payload) && !std::holds_alternative<events::Accepted>(payload);
}

/// "2026-11-25 09:00": a time stamp to the minute (UTC), as messages and tables show it.
OPSWHEEL_CXX_API std::string format_minute(Timestamp at);

/// How a message names an event: "event 12 (removed by ana, 2026-11-25 09:00 UTC)".
OPSWHEEL_CXX_API std::string describe(const Event& event);

/// The current time, to the millisecond: the default clock of a Wheel.
OPSWHEEL_CXX_API Timestamp now_utc();

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/events-inl.hpp"
#endif
