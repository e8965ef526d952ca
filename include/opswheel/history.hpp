// SPDX-License-Identifier: Apache-2.0
//
// History queries over a wheel's event log: a team's story (when it presented, who pinned or
// skipped it and why, its pauses and weight changes), the meetings of a week with who recorded
// them and how many spins came before, and statistics recomputed from the log alone.
//
// They read the log, not a Wheel's state, so an auditor can run them on the events of a JSON file
// or a store (Store::events) and see undone meetings too: an accept that was later undone stays
// in the answer, marked `undone`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"
#include "events.hpp"
#include "version.hpp"
#include "wheel.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// One moment of a team's story.
struct TeamEvent {
  enum class Kind { joined, updated, presented, pinned, unpinned, skipped, replaced, paused, resumed, weight_set, removed };
  Kind kind = Kind::joined;
  std::uint64_t seq = 0;              ///< the event it comes from
  Timestamp at{};
  std::string actor;                  ///< who did it
  std::optional<std::size_t> meeting; ///< presented: the meeting's number
  std::optional<Date> date;           ///< presented: the meeting's date; paused: until when
  std::string reason;                 ///< pinned, skipped: why
  std::string other;                  ///< skipped: who replaced it; replaced: whom it replaced
  double weight = 0;                  ///< weight_set: the new weight
  bool undone = false;                ///< presented: the meeting was later undone
  bool operator==(const TeamEvent&) const = default;
};

/// An accepted meeting as the log tells it.
struct MeetingRecord {
  Meeting meeting;
  std::uint64_t seq = 0;   ///< the Accepted event
  Timestamp at{};
  std::string actor;       ///< who recorded it
  std::size_t spins = 0;   ///< suggest and skip events since the previous accept (0: explicit picks only)
  bool undone = false;     ///< taken back later by an Undone event
  bool operator==(const MeetingRecord&) const = default;
};

/// Every accepted meeting in `log`, oldest first, undone ones included (and marked).
OPSWHEEL_CXX_API std::vector<MeetingRecord> meeting_history(std::span<const Event> log);

/// The meetings dated in the ISO week (Monday to Sunday) that holds `day`. Meetings recorded
/// without a date are not in any week.
OPSWHEEL_CXX_API std::vector<MeetingRecord> meetings_in_week(std::span<const Event> log, Date day);

/// Team `id`'s story in `log`, oldest first: joining, changes, pins, skips (and the skips it
/// replaced someone in), meetings it presented at, pauses, weight changes, removal. Pins and
/// skips are as they happened, including those of suggestions never accepted.
OPSWHEEL_CXX_API std::vector<TeamEvent> team_history(std::span<const Event> log, std::string_view id);

/// The statistics of the selection core (Wheel::stats), computed from the log alone by
/// replaying it; throws what Wheel::replay throws.
OPSWHEEL_CXX_API std::vector<TeamStats> stats_from_log(std::span<const Event> log);

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/history-inl.hpp"
#endif
