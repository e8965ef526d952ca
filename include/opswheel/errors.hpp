// SPDX-License-Identifier: Apache-2.0
//
// The exceptions opswheel throws. Every one derives from opswheel::Error and carries an ErrorCode.
// OPSWHEEL_ERROR_CODES below is the one statement of each code: its name and its meaning. Every
// face of the library derives from it, each in one place: the C status (src/capi/boundary.cpp),
// the Python exception classes (the compiled module exports the table; opswheel/_errors.py adds
// only which built-in exception each class also is) and the CLI's exit status
// (src/cli/exit_codes.hpp). Each of those fails to compile, or its test fails, when a code is
// added here without its counterpart. A throwing call leaves the object it was called on unchanged
// (strong guarantee).
#pragma once

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "version.hpp"

/// The error codes, in enum order: X(name, summary, meaning). `name` is the enumerator and the
/// stable text key (Python's `Error.code`); `summary` a few words (what opswheel_status_str says);
/// `meaning` one sentence for documentation. New codes are appended, never renumbered: the enum's
/// values are stored nowhere, but the order is the C status table's and the docs'.
#define OPSWHEEL_ERROR_CODES(X)                                                                                    \
  X(invalid_argument, "invalid argument", "A value out of its domain: a weight, k, URL, option or date.")           \
  X(invalid_id, "invalid id", "An id that is empty, longer than 256 bytes, not UTF-8 or holds a control character.") \
  X(duplicate_id, "duplicate id", "An id already taken: a team on the roster, an action item, a wheel in a store.") \
  X(unknown_id, "unknown id", "A team id that is not on the roster.")                                              \
  X(not_enough_teams, "not enough eligible teams", "More picks asked for than there are eligible teams.")           \
  X(stale_suggestion, "stale suggestion", "A suggestion drawn before the wheel last changed: suggest again.")       \
  X(invalid_transition, "invalid status transition",                                                             \
    "An action item status change its lifecycle does not allow (e.g. done to cancelled).")                        \
  X(not_found, "not found", "A named thing that does not exist: a wheel in a store, an event number.")             \
  X(corrupt_data, "corrupt data",                                                                                \
    "Input that cannot be trusted: truncated or malformed JSON or state, a broken hash chain, a log that does "  \
    "not replay.")                                                                                                \
  X(unsupported_version, "unsupported version", "A file or database written by a newer opswheel: upgrade to read it.") \
  X(conflict, "conflict",                                                                                        \
    "A write from a stale view: someone else committed since it was loaded. Nothing was written; reload and "    \
    "retry.")                                                                                                     \
  X(storage, "storage error",                                                                                    \
    "The database or file system failed: locked too long, unreadable, not an opswheel store.")                   \
  X(unknown_item, "unknown action item", "An action item id that the wheel's action book does not hold.")

OPSWHEEL_BEGIN_NAMESPACE

/// What went wrong, for callers that branch on it (and for the C API's status codes). The list and
/// each code's meaning: OPSWHEEL_ERROR_CODES above.
enum class ErrorCode {
#define OPSWHEEL_ERROR_CODE_ENUMERATOR(name, summary, meaning) name,
  OPSWHEEL_ERROR_CODES(OPSWHEEL_ERROR_CODE_ENUMERATOR)
#undef OPSWHEEL_ERROR_CODE_ENUMERATOR
};

/// One row of the error table: what to_string, summary and describe return for `code`.
struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view name;     ///< the enumerator's name, e.g. "unknown_id"
  std::string_view summary;  ///< a few words, e.g. "unknown id"
  std::string_view meaning;  ///< one sentence
};

/// Every error code with its name, summary and meaning, in enum order (error_codes[i].code has the
/// value i). What the C, Python and CLI faces and their tests iterate over.
inline constexpr std::array error_codes = {
#define OPSWHEEL_ERROR_CODE_INFO(name, summary, meaning) ErrorCodeInfo{ErrorCode::name, #name, summary, meaning},
    OPSWHEEL_ERROR_CODES(OPSWHEEL_ERROR_CODE_INFO)
#undef OPSWHEEL_ERROR_CODE_INFO
};

/// The number of error codes.
inline constexpr std::size_t error_code_count = error_codes.size();

namespace detail {
constexpr bool codes_in_enum_order() {
  for (std::size_t i = 0; i < error_codes.size(); ++i)
    if (static_cast<std::size_t>(error_codes[i].code) != i) return false;
  return true;
}
static_assert(codes_in_enum_order(), "error_codes[i] describes the ErrorCode of value i");

/// The table's row for `code`, or nullptr for a value outside the enumeration.
constexpr const ErrorCodeInfo* error_info(ErrorCode code) noexcept {
  const auto i = static_cast<std::size_t>(code);
  return i < error_codes.size() ? &error_codes[i] : nullptr;
}
}  // namespace detail

/// The code's name, e.g. "unknown_id" (the enumerator as written); "error" for a value outside the
/// enumeration, which cannot come from opswheel.
constexpr std::string_view to_string(ErrorCode code) noexcept {
  const ErrorCodeInfo* info = detail::error_info(code);
  return info ? info->name : "error";
}

/// A few words for the code, e.g. "unknown id"; "unknown error" outside the enumeration.
constexpr std::string_view summary(ErrorCode code) noexcept {
  const ErrorCodeInfo* info = detail::error_info(code);
  return info ? info->summary : "unknown error";
}

/// What the code means, in one sentence; "" outside the enumeration.
constexpr std::string_view describe(ErrorCode code) noexcept {
  const ErrorCodeInfo* info = detail::error_info(code);
  return info ? info->meaning : "";
}

/// Base of every opswheel exception; `what()` names the problem and the offending value.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

// The exception classes: one per code (named after it, without an "Error" suffix), plus
// DuplicateItem (a kind of duplicate_id). Their meaning is the table's.

/// ErrorCode::invalid_argument (NaN or non-positive weight, k = 0, a URL that is not http/https…).
class InvalidArgument : public Error {
 public:
  explicit InvalidArgument(const std::string& message)
      : Error(ErrorCode::invalid_argument, message) {}

 protected:
  InvalidArgument(ErrorCode code, const std::string& message) : Error(code, message) {}
};

/// ErrorCode::invalid_id: an id that is empty, longer than 256 bytes, or not valid UTF-8.
class InvalidId : public InvalidArgument {
 public:
  explicit InvalidId(const std::string& message) : InvalidArgument(ErrorCode::invalid_id, message) {}
};

/// ErrorCode::duplicate_id: an id that is already on the roster (or a name already taken, such as
/// a wheel's in a store).
class DuplicateId : public InvalidArgument {
 public:
  explicit DuplicateId(const std::string& id)
      : InvalidArgument(ErrorCode::duplicate_id, "duplicate id: '" + id + "' is already on the roster") {}
  /// The same for a name taken elsewhere than the roster: "... is already <where>".
  DuplicateId(const std::string& id, const std::string& where)
      : InvalidArgument(ErrorCode::duplicate_id, "duplicate id: '" + id + "' is already " + where) {}
};

/// ErrorCode::unknown_id: a team id that is not on the roster.
class UnknownId : public Error {
 public:
  explicit UnknownId(const std::string& id)
      : Error(ErrorCode::unknown_id, "unknown id: '" + id + "' is not on the roster") {}
};

/// ErrorCode::unknown_item: an action item id that the book does not hold. (Before 0.2.0 it was
/// reported as unknown_id; the C status and Python class still let old handlers catch it.)
class UnknownItem : public Error {
 public:
  explicit UnknownItem(const std::string& id)
      : Error(ErrorCode::unknown_item, "unknown action item: '" + id + "' is not in the book") {}
};

/// An action item id that the book already holds (reported with ErrorCode::duplicate_id).
class DuplicateItem : public InvalidArgument {
 public:
  explicit DuplicateItem(const std::string& id)
      : InvalidArgument(ErrorCode::duplicate_id, "duplicate action item: '" + id + "' is already in the book") {}
};

/// ErrorCode::invalid_transition: a status change the action-item lifecycle does not allow (done ->
/// cancelled, a reopen without a reason, a fleet item marked done while targets are open…).
class InvalidTransition : public InvalidArgument {
 public:
  explicit InvalidTransition(const std::string& message) : InvalidArgument(ErrorCode::invalid_transition, message) {}
};

/// ErrorCode::not_enough_teams: more picks asked for than there are eligible (active, not
/// excluded) teams.
class NotEnoughTeams : public Error {
 public:
  explicit NotEnoughTeams(const std::string& message) : Error(ErrorCode::not_enough_teams, message) {}
};

/// ErrorCode::stale_suggestion: a suggestion made before the wheel last changed; suggest again.
class StaleSuggestion : public Error {
 public:
  explicit StaleSuggestion(const std::string& message) : Error(ErrorCode::stale_suggestion, message) {}
};

/// ErrorCode::not_found: a named thing that does not exist: a wheel in a store, an event number.
class NotFound : public Error {
 public:
  explicit NotFound(const std::string& message) : Error(ErrorCode::not_found, message) {}
};

/// ErrorCode::corrupt_data: input that cannot be trusted: truncated or malformed JSON or state, a
/// broken hash chain, an event log whose replay does not give the picks it records.
class CorruptData : public Error {
 public:
  explicit CorruptData(const std::string& message) : Error(ErrorCode::corrupt_data, message) {}
};

/// ErrorCode::unsupported_version: a file or database written by a newer version of opswheel.
class UnsupportedVersion : public Error {
 public:
  explicit UnsupportedVersion(const std::string& message) : Error(ErrorCode::unsupported_version, message) {}
};

/// ErrorCode::conflict: a write based on a stale view: another writer committed since this one
/// loaded. Nothing was written; reload and retry.
class Conflict : public Error {
 public:
  explicit Conflict(const std::string& message) : Error(ErrorCode::conflict, message) {}
};

/// ErrorCode::storage: the database or the file system failed: locked for longer than the wait
/// allows, unreadable, or a file that is not an opswheel store.
class StorageFailure : public Error {
 public:
  explicit StorageFailure(const std::string& message) : Error(ErrorCode::storage, message) {}
};

/// The 0.1 names, before the classes dropped the "Error" suffix.
using ConflictError [[deprecated("use opswheel::Conflict")]] = Conflict;
using StorageError [[deprecated("use opswheel::StorageFailure")]] = StorageFailure;

OPSWHEEL_END_NAMESPACE
