// SPDX-License-Identifier: Apache-2.0
//
// The history queries over an event log (history.hpp). Compiled by src/core/history.cpp, or
// included by history.hpp in header-only mode.
#pragma once

#include <algorithm>
#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "../history.hpp"

OPSWHEEL_BEGIN_NAMESPACE

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

OPSWHEEL_INLINE std::vector<MeetingRecord> meeting_history(std::span<const Event> log) {
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

OPSWHEEL_INLINE std::vector<MeetingRecord> meetings_in_week(std::span<const Event> log, Date day) {
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

OPSWHEEL_INLINE std::vector<TeamEvent> team_history(std::span<const Event> log, std::string_view id) {
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

OPSWHEEL_INLINE std::vector<TeamStats> stats_from_log(std::span<const Event> log) { return Wheel::replay(log).stats(); }

OPSWHEEL_END_NAMESPACE
