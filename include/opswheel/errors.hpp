// SPDX-License-Identifier: Apache-2.0
//
// The exceptions opswheel throws. Every one derives from opswheel::Error and carries an ErrorCode,
// so the C API and the Python bindings can map them to status codes and exception types in one
// place. A throwing call leaves the object it was called on unchanged (strong guarantee).
#pragma once

#include <stdexcept>
#include <string>

#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// What went wrong, for callers that branch on it (and for the C API's status codes).
enum class ErrorCode {
  invalid_argument,  ///< a value out of its domain: weight, k, URL, option, date
  invalid_id,        ///< an id that is empty, too long or not valid UTF-8
  duplicate_id,      ///< an id that is already on the roster
  unknown_id,        ///< an id that is not on the roster
  not_enough_teams,  ///< k is larger than the number of eligible teams (or the wheel is empty)
  stale_suggestion,  ///< a suggestion made before the wheel's last change
  // New codes are appended, never renumbered.
  invalid_transition,   ///< an action item status change the lifecycle does not allow
  not_found,            ///< a named thing (a wheel in a store, an event) that does not exist
  corrupt_data,         ///< input that is truncated, malformed, or fails its hash chain or replay
  unsupported_version,  ///< a file or database written by a newer opswheel format or schema
  conflict,             ///< a write from a stale view: someone else committed since it was loaded
  storage,              ///< the database or file system failed (locked too long, unreadable, not ours)
};

/// Base of every opswheel exception; `what()` names the problem and the offending value.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

/// A value outside its domain (NaN or non-positive weight, k = 0, a URL that is not http/https…).
class InvalidArgument : public Error {
 public:
  explicit InvalidArgument(const std::string& message)
      : Error(ErrorCode::invalid_argument, message) {}

 protected:
  InvalidArgument(ErrorCode code, const std::string& message) : Error(code, message) {}
};

/// An id that is empty, longer than 256 bytes, or not valid UTF-8.
class InvalidId : public InvalidArgument {
 public:
  explicit InvalidId(const std::string& message) : InvalidArgument(ErrorCode::invalid_id, message) {}
};

/// An id that is already on the roster (or a name already taken, such as a wheel's in a store).
class DuplicateId : public InvalidArgument {
 public:
  explicit DuplicateId(const std::string& id)
      : InvalidArgument(ErrorCode::duplicate_id, "duplicate id: '" + id + "' is already on the roster") {}
  /// The same for a name taken elsewhere than the roster: "... is already <where>".
  DuplicateId(const std::string& id, const std::string& where)
      : InvalidArgument(ErrorCode::duplicate_id, "duplicate id: '" + id + "' is already " + where) {}
};

/// An id that is not on the roster.
class UnknownId : public Error {
 public:
  explicit UnknownId(const std::string& id)
      : Error(ErrorCode::unknown_id, "unknown id: '" + id + "' is not on the roster") {}
};

/// An action item id that the book does not hold (reported with ErrorCode::unknown_id).
class UnknownItem : public Error {
 public:
  explicit UnknownItem(const std::string& id)
      : Error(ErrorCode::unknown_id, "unknown action item: '" + id + "' is not in the book") {}
};

/// An action item id that the book already holds (reported with ErrorCode::duplicate_id).
class DuplicateItem : public InvalidArgument {
 public:
  explicit DuplicateItem(const std::string& id)
      : InvalidArgument(ErrorCode::duplicate_id, "duplicate action item: '" + id + "' is already in the book") {}
};

/// A status change the action-item lifecycle does not allow (done -> cancelled, a reopen without
/// a reason, a fleet item marked done while targets are open…).
class InvalidTransition : public InvalidArgument {
 public:
  explicit InvalidTransition(const std::string& message) : InvalidArgument(ErrorCode::invalid_transition, message) {}
};

/// More picks asked for than there are eligible (active, not excluded) teams.
class NotEnoughTeams : public Error {
 public:
  explicit NotEnoughTeams(const std::string& message) : Error(ErrorCode::not_enough_teams, message) {}
};

/// A suggestion made before the wheel last changed; suggest again.
class StaleSuggestion : public Error {
 public:
  explicit StaleSuggestion(const std::string& message) : Error(ErrorCode::stale_suggestion, message) {}
};

/// A named thing that does not exist: a wheel in a store, an event number.
class NotFound : public Error {
 public:
  explicit NotFound(const std::string& message) : Error(ErrorCode::not_found, message) {}
};

/// Input that cannot be trusted: truncated or malformed JSON or state, a broken hash chain, an
/// event log whose replay does not give the picks it records.
class CorruptData : public Error {
 public:
  explicit CorruptData(const std::string& message) : Error(ErrorCode::corrupt_data, message) {}
};

/// A file or database written by a newer version of opswheel than this one.
class UnsupportedVersion : public Error {
 public:
  explicit UnsupportedVersion(const std::string& message) : Error(ErrorCode::unsupported_version, message) {}
};

/// A write based on a stale view: another writer committed since this one loaded. Nothing was
/// written; reload and retry.
class ConflictError : public Error {
 public:
  explicit ConflictError(const std::string& message) : Error(ErrorCode::conflict, message) {}
};

/// The database or the file system failed: locked for longer than the wait allows, unreadable,
/// or a file that is not an opswheel store.
class StorageError : public Error {
 public:
  explicit StorageError(const std::string& message) : Error(ErrorCode::storage, message) {}
};

OPSWHEEL_END_NAMESPACE
