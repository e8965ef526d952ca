// SPDX-License-Identifier: Apache-2.0
//
// What the opswheel command's exit status means. Scripts branch on these, so the values are
// fixed; docs/cli.md and `opswheel --help` list them.
#pragma once

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

/// The exit status for an opswheel error.
inline Exit exit_for(opswheel::ErrorCode code) {
  using opswheel::ErrorCode;
  switch (code) {
    case ErrorCode::unknown_id:
    case ErrorCode::not_found: return exit_not_found;
    case ErrorCode::conflict:
    case ErrorCode::stale_suggestion: return exit_conflict;
    case ErrorCode::corrupt_data:
    case ErrorCode::unsupported_version:
    case ErrorCode::storage: return exit_storage;
    case ErrorCode::invalid_argument:
    case ErrorCode::invalid_id:
    case ErrorCode::duplicate_id:
    case ErrorCode::not_enough_teams:
    case ErrorCode::invalid_transition: return exit_invalid;
  }
  return exit_failed;
}

}  // namespace opswheel_cli
