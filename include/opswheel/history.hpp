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

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

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

namespace detail {
// Marks the accepted meeting an Undone event takes back: the last one with that number not yet undone.
template <class Records, class Number>
void mark_undone(Records& records, std::size_t meeting, Number number_of) {
  for (auto it = records.rbegin(); it != records.rend(); ++it)
    if (number_of(*it) == meeting && !it->undone) {
      it->undone = true;
      return;
    }
}
}  // namespace detail

/// Every accepted meeting in `log`, oldest first, undone ones included (and marked).
inline std::vector<MeetingRecord> meeting_history(std::span<const Event> log) {
  std::vector<MeetingRecord> out;
  std::size_t spins = 0;
  for (const Event& e : log) {
    if (is_spin(e.payload)) {
      ++spins;
    } else if (const auto* a = std::get_if<events::Accepted>(&e.payload)) {
      out.push_back({a->meeting, e.seq, e.at, e.actor, spins, false});
      spins = 0;
    } else if (const auto* d = std::get_if<events::Delegated>(&e.payload)) {
      if (!out.empty() && out.back().meeting.number == d->meeting) out.back().meeting.delegated.push_back(d->delegation);
    } else if (const auto* u = std::get_if<events::Undone>(&e.payload)) {
      detail::mark_undone(out, u->meeting, [](const MeetingRecord& r) { return r.meeting.number; });
    }
  }
  return out;
}

/// The meetings dated in the ISO week (Monday to Sunday) that holds `day`. Meetings recorded
/// without a date are not in any week.
inline std::vector<MeetingRecord> meetings_in_week(std::span<const Event> log, Date day) {
  validate_date(day);
  const auto d = std::chrono::sys_days(day);
  const auto monday = d - (std::chrono::weekday(d) - std::chrono::Monday);
  std::vector<MeetingRecord> out;
  for (auto& r : meeting_history(log))
    if (r.meeting.date && std::chrono::sys_days(*r.meeting.date) >= monday &&
        std::chrono::sys_days(*r.meeting.date) < monday + std::chrono::days{7})
      out.push_back(std::move(r));
  return out;
}

/// Team `id`'s story in `log`, oldest first: joining, changes, pins, skips (and the skips it
/// replaced someone in), meetings it presented at, pauses, weight changes, removal. Pins and
/// skips are as they happened, including those of suggestions never accepted.
inline std::vector<TeamEvent> team_history(std::span<const Event> log, std::string_view id) {
  using Kind = TeamEvent::Kind;
  std::vector<TeamEvent> out;
  auto add = [&](const Event& e, Kind kind) -> TeamEvent& {
    out.push_back({kind, e.seq, e.at, e.actor, {}, {}, {}, {}, 0, false});
    return out.back();
  };
  for (const Event& e : log) {
    std::visit(
        [&](const auto& p) {
          using T = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<T, events::Added>) {
            if (p.participant.id == id) add(e, Kind::joined).weight = p.participant.weight;
          } else if constexpr (std::is_same_v<T, events::Updated>) {
            if (p.participant.id == id) add(e, Kind::updated);
          } else if constexpr (std::is_same_v<T, events::Removed>) {
            if (p.id == id) add(e, Kind::removed);
          } else if constexpr (std::is_same_v<T, events::Paused>) {
            if (p.id == id) add(e, Kind::paused).date = p.until;
          } else if constexpr (std::is_same_v<T, events::Resumed>) {
            if (p.id == id) add(e, Kind::resumed);
          } else if constexpr (std::is_same_v<T, events::WeightSet>) {
            if (p.id == id) add(e, Kind::weight_set).weight = p.weight;
          } else if constexpr (std::is_same_v<T, events::Pinned>) {
            if (p.id == id) add(e, Kind::pinned).reason = p.reason;
          } else if constexpr (std::is_same_v<T, events::Unpinned>) {
            if (p.id == id) add(e, Kind::unpinned);
          } else if constexpr (std::is_same_v<T, events::Skipped>) {
            if (p.suggestion.skipped.empty()) return;  // not a skip replay would accept
            const Skip& s = p.suggestion.skipped.back();
            if (s.id == id) {
              TeamEvent& t = add(e, Kind::skipped);
              t.reason = s.reason;
              t.other = s.replacement;
            } else if (s.replacement == id) {
              TeamEvent& t = add(e, Kind::replaced);
              t.reason = s.reason;
              t.other = s.id;
            }
          } else if constexpr (std::is_same_v<T, events::Accepted>) {
            const Meeting& m = p.meeting;
            if (std::find(m.picks.begin(), m.picks.end(), id) != m.picks.end()) {
              TeamEvent& t = add(e, Kind::presented);
              t.meeting = m.number;
              t.date = m.date;
            }
          } else if constexpr (std::is_same_v<T, events::Undone>) {
            detail::mark_undone(out, p.meeting, [](const TeamEvent& t) { return t.kind == Kind::presented ? t.meeting.value_or(0) : 0; });
          }
        },
        e.payload);
  }
  return out;
}

/// The statistics of the selection core (Wheel::stats), computed from the log alone by
/// replaying it; throws what Wheel::replay throws.
inline std::vector<TeamStats> stats_from_log(std::span<const Event> log) { return Wheel::replay(log).stats(); }

OPSWHEEL_END_NAMESPACE
