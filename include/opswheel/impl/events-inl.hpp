// SPDX-License-Identifier: Apache-2.0
//
// Naming and describing events (events.hpp). Compiled by src/core/events.cpp, or included by
// events.hpp in header-only mode.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <variant>

#include "../date.hpp"
#include "../detail/text.hpp"
#include "../events.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE std::string_view event_type(const EventPayload& payload) {
  struct Names {
    std::string_view operator()(const events::Created&) const { return "created"; }
    std::string_view operator()(const events::Added&) const { return "added"; }
    std::string_view operator()(const events::Updated&) const { return "updated"; }
    std::string_view operator()(const events::Removed&) const { return "removed"; }
    std::string_view operator()(const events::Paused&) const { return "paused"; }
    std::string_view operator()(const events::Resumed&) const { return "resumed"; }
    std::string_view operator()(const events::WeightSet&) const { return "weight_set"; }
    std::string_view operator()(const events::Reset&) const { return "reset"; }
    std::string_view operator()(const events::Pinned&) const { return "pinned"; }
    std::string_view operator()(const events::Unpinned&) const { return "unpinned"; }
    std::string_view operator()(const events::Suggested&) const { return "suggested"; }
    std::string_view operator()(const events::Skipped&) const { return "skipped"; }
    std::string_view operator()(const events::Accepted&) const { return "accepted"; }
    std::string_view operator()(const events::Delegated&) const { return "delegated"; }
    std::string_view operator()(const events::Undone&) const { return "undone"; }
    std::string_view operator()(const events::CadenceSet&) const { return "cadence_set"; }
    std::string_view operator()(const events::ActionChanged&) const { return "action_changed"; }
  };
  return std::visit(Names{}, payload);
}

OPSWHEEL_INLINE std::string format_minute(Timestamp at) {
  const auto minute = std::chrono::floor<std::chrono::minutes>(at);
  const auto day = std::chrono::floor<std::chrono::days>(minute);
  const std::chrono::hh_mm_ss clock(minute - day);
  char time[16];
  std::snprintf(time, sizeof time, " %02d:%02d", static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()));
  return format_date(Date{day}) + time;
}

OPSWHEEL_INLINE std::string describe(const Event& event) {
  return "event " + std::to_string(event.seq) + " (" + std::string(event_type(event.payload)) +
         (event.actor.empty() ? "" : " by " + detail::printable(event.actor)) + ", " + format_minute(event.at) + " UTC)";
}

OPSWHEEL_INLINE Timestamp now_utc() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

OPSWHEEL_END_NAMESPACE
