// SPDX-License-Identifier: Apache-2.0
//
// What the opswheel command's exit status means. Scripts branch on these, so the values are
// fixed. The statuses and their meanings are stated once here (`opswheel --help` prints them,
// docs/cli.md's table is checked against that by tests/cli), and so is the status of each
// opswheel::ErrorCode.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include <opswheel/errors.hpp>

namespace opswheel_cli {

enum Exit : int {
  exit_ok = 0,
  exit_failed = 1,     ///< verify found a problem, or an unexpected error
  exit_usage = 2,      ///< the command line is wrong: unknown command or option, missing or malformed value
  exit_invalid = 3,    ///< the request was refused: a value out of range, a duplicate, a paused team, a bad CSV row
  exit_not_found = 4,  ///< no database file, no such wheel, team, action item or input file
  exit_conflict = 5,   ///< someone else changed the wheel first (or since the spin): nothing written, retry
  exit_storage = 6,    ///< the database or a file failed: unreadable, locked too long, corrupt, newer format
};

/// Each exit status with the line `opswheel --help` prints for it, in order.
struct ExitInfo {
  Exit status;
  std::string_view meaning;
};
inline constexpr std::array<ExitInfo, 7> exit_statuses = {{
    {exit_ok, "success"},
    {exit_failed, "verify found a problem, or an unexpected error"},
    {exit_usage, "usage: unknown command or option, missing or malformed argument (a date, a number)"},
    {exit_invalid, "refused: a value out of range, a duplicate, a paused team, a bad CSV row, nothing to undo"},
    {exit_not_found, "not found: no database file, wheel, team, action item or input file"},
    {exit_conflict, "conflict: the wheel changed under you (another writer, or since the spin); nothing written, retry"},
    {exit_storage, "storage: the database or a file failed (locked too long, corrupt, written by a newer opswheel)"},
}};

/// The exit status of each opswheel::ErrorCode: the one place they meet. An unknown action item
/// is "not found" like an unknown team; a stale suggestion is a conflict (spin again).
struct ExitOf {
  opswheel::ErrorCode code;
  Exit status;
};
inline constexpr std::array<ExitOf, 13> exit_of_code = {{
    {opswheel::ErrorCode::invalid_argument, exit_invalid},
    {opswheel::ErrorCode::invalid_id, exit_invalid},
    {opswheel::ErrorCode::duplicate_id, exit_invalid},
    {opswheel::ErrorCode::unknown_id, exit_not_found},
    {opswheel::ErrorCode::not_enough_teams, exit_invalid},
    {opswheel::ErrorCode::stale_suggestion, exit_conflict},
    {opswheel::ErrorCode::invalid_transition, exit_invalid},
    {opswheel::ErrorCode::not_found, exit_not_found},
    {opswheel::ErrorCode::corrupt_data, exit_storage},
    {opswheel::ErrorCode::unsupported_version, exit_storage},
    {opswheel::ErrorCode::conflict, exit_conflict},
    {opswheel::ErrorCode::storage, exit_storage},
    {opswheel::ErrorCode::unknown_item, exit_not_found},
}};

namespace detail {
// Every code exactly once, in the error table's order (so a reader can hold the two side by side).
constexpr bool exit_of_code_complete() {
  if (exit_of_code.size() != opswheel::error_code_count) return false;
  for (std::size_t i = 0; i < exit_of_code.size(); ++i)
    if (exit_of_code[i].code != opswheel::error_codes[i].code) return false;
  return true;
}
static_assert(exit_of_code_complete(), "each opswheel::ErrorCode needs its exit status in exit_of_code, in enum order");
}  // namespace detail

/// The exit status for an opswheel error.
constexpr Exit exit_for(opswheel::ErrorCode code) {
  for (const ExitOf& e : exit_of_code)
    if (e.code == code) return e.status;
  return exit_failed;  // a value outside the enumeration: cannot come from opswheel
}

}  // namespace opswheel_cli
