// SPDX-License-Identifier: Apache-2.0
//
// An action item's status and priority, their names, and the lifecycle: which status changes are
// allowed and which need a reason. Accountability is the point of the meeting, so the changes that
// end or undo a commitment — cancelling, and reopening what was done or cancelled — must say why.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "participant.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Where an action item stands. open and in_progress are *active*: they count towards overdue.
enum class ActionStatus { open, in_progress, done, cancelled };

/// How urgent an action item is.
enum class Priority { low, normal, high, urgent };

inline constexpr bool is_active(ActionStatus s) noexcept { return s == ActionStatus::open || s == ActionStatus::in_progress; }

/// "open", "in_progress", "done", "cancelled".
inline std::string_view to_string(ActionStatus s) {
  static constexpr std::array<std::string_view, 4> names = {"open", "in_progress", "done", "cancelled"};
  return names[static_cast<std::size_t>(s)];
}

/// "low", "normal", "high", "urgent".
inline std::string_view to_string(Priority p) {
  static constexpr std::array<std::string_view, 4> names = {"low", "normal", "high", "urgent"};
  return names[static_cast<std::size_t>(p)];
}

/// The status named `text` (see to_string); throws InvalidArgument naming the text otherwise.
inline ActionStatus parse_status(std::string_view text) {
  for (auto s : {ActionStatus::open, ActionStatus::in_progress, ActionStatus::done, ActionStatus::cancelled})
    if (to_string(s) == text) return s;
  throw InvalidArgument("unknown status '" + detail::printable(text) + "': expected open, in_progress, done or cancelled");
}

/// The priority named `text` (see to_string); throws InvalidArgument naming the text otherwise.
inline Priority parse_priority(std::string_view text) {
  for (auto p : {Priority::low, Priority::normal, Priority::high, Priority::urgent})
    if (to_string(p) == text) return p;
  throw InvalidArgument("unknown priority '" + detail::printable(text) + "': expected low, normal, high or urgent");
}

/// Throws InvalidTransition unless an item may go from `from` to `to` with `reason`:
/// - between open and in_progress, and from either to done: always;
/// - to cancelled from open or in_progress: with a reason;
/// - from done or cancelled back to open or in_progress (a reopen): with a reason;
/// - done <-> cancelled, or to the same status: never (reopen first, then close the other way).
inline void check_transition(ActionStatus from, ActionStatus to, std::string_view reason) {
  const std::string move = std::string(to_string(from)) + " -> " + std::string(to_string(to));
  if (from == to) throw InvalidTransition("invalid status change " + move + ": the item is already " + std::string(to_string(to)));
  if (!is_active(from) && !is_active(to))
    throw InvalidTransition("invalid status change " + move + ": reopen the item first (with a reason)");
  const bool needs_reason = to == ActionStatus::cancelled || !is_active(from);
  if (needs_reason && reason.find_first_not_of(" \t\n") == std::string_view::npos)
    throw InvalidTransition("invalid status change " + move + ": " +
                            (to == ActionStatus::cancelled ? "cancelling" : "reopening") + " an item needs a reason");
}

OPSWHEEL_END_NAMESPACE
