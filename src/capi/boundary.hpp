// SPDX-License-Identifier: Apache-2.0
//
// The C boundary's machinery, shared by every translation unit of opswheel_c: the error slot each
// handle carries, the one exception firewall every entry point goes through, and the conversions
// between C arguments and C++ values. Not installed.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <opswheel/date.hpp>
#include <opswheel/errors.hpp>
#include <opswheel/detail/text.hpp>
#include <opswheel/opswheel.h>

namespace opswheel::capi {

/// A failure that only the C boundary can have; the firewall turns it into its status.
class BoundaryError : public std::runtime_error {
 public:
  BoundaryError(opswheel_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  opswheel_status status() const noexcept { return status_; }

 private:
  opswheel_status status_;
};

/// What every handle carries: the status and message of the last call on it. Mutable, because
/// a call on a const handle still reports its outcome (hence "one thread at a time, const calls
/// included").
struct ErrorSlot {
  mutable std::string message;
  mutable opswheel_status status = OPSWHEEL_OK;

  /// The message, or the status's description when recording the message itself ran out of memory.
  const char* text() const noexcept {
    if (!message.empty() || status == OPSWHEEL_OK) return message.c_str();
    return opswheel_status_str(status);
  }
};

/// The status that mirrors a C++ error code (one table in boundary.cpp: a new ErrorCode fails to
/// compile until it has its status there).
opswheel_status status_of(ErrorCode code) noexcept;

/// opswheel_status_str's text for a status given as an int (any value: "unknown status" for one
/// this library does not know).
const char* status_text(int status) noexcept;

/// Records a failure in `slot` (nullptr: nowhere to record it) and returns `status`.
opswheel_status record_failure(const ErrorSlot* slot, opswheel_status status, const char* function,
                               const char* what) noexcept;

/// THE exception firewall: runs `body`, and turns whatever it throws into a status and a message
/// in `slot` (nullptr for calls that have no handle yet). Nothing crosses the C boundary.
template <class Body>
opswheel_status firewall(const ErrorSlot* slot, const char* function, Body&& body) noexcept {
  try {
    body();
    if (slot) {
      slot->message.clear();
      slot->status = OPSWHEEL_OK;
    }
    return OPSWHEEL_OK;
  } catch (const Error& e) {
    return record_failure(slot, status_of(e.code()), function, e.what());
  } catch (const BoundaryError& e) {
    return record_failure(slot, e.status(), function, e.what());
  } catch (const std::bad_alloc&) {
    return record_failure(slot, OPSWHEEL_ERROR_OUT_OF_MEMORY, function, "out of memory");
  } catch (const std::exception& e) {
    return record_failure(slot, OPSWHEEL_ERROR_INTERNAL, function, e.what());
  } catch (...) {
    return record_failure(slot, OPSWHEEL_ERROR_INTERNAL, function, "an unknown exception");
  }
}

/// The firewall for a call on a handle: a NULL handle is OPSWHEEL_ERROR_NULL_ARGUMENT (with no
/// message: there is no handle to hold one); otherwise `body(*handle)` runs inside the firewall.
template <class Handle, class Body>
opswheel_status on_handle(Handle* handle, const char* function, Body&& body) noexcept {
  if (!handle) return OPSWHEEL_ERROR_NULL_ARGUMENT;
  return firewall(handle, function, [&] { body(*handle); });
}

/// A C enum argument as the int the caller passed. C may pass any int in an enum parameter (a
/// value from a newer header, or a mistake), but in C++ reading an enum object whose value lies
/// outside its enumerators' range is undefined (UBSan flags it), so the value is copied out as
/// bytes and only ever compared as an int.
template <class Enum>
int as_int(const Enum& value) noexcept {
  static_assert(sizeof(Enum) == sizeof(int), "the C API's enums are int-sized");
  int raw;
  std::memcpy(&raw, &value, sizeof raw);
  return raw;
}

/// `pointer`, or BoundaryError(NULL_ARGUMENT) naming the parameter.
template <class T>
T* need(T* pointer, const char* parameter) {
  if (!pointer) throw BoundaryError(OPSWHEEL_ERROR_NULL_ARGUMENT, std::string(parameter) + " is NULL");
  return pointer;
}

/// Throws BoundaryError(BUFFER_TOO_SMALL) unless capacity >= needed.
void need_capacity(std::size_t capacity, std::size_t needed, const char* buffer);

/// A required string argument as a view; InvalidArgument naming `parameter` unless it is valid
/// UTF-8 (the check every entry point makes, detail/text.hpp).
inline std::string_view text(const char* s, const char* parameter) {
  const std::string_view view = need(s, parameter);
  detail::validate_utf8(parameter, view);
  return view;
}
/// A required id argument (of a team, a wheel, an item): as text(), but text that is not UTF-8
/// is InvalidId, the status of every other bad id.
inline std::string_view id_text(const char* s, const char* parameter) {
  try {
    return text(s, parameter);
  } catch (const InvalidArgument& e) {
    throw InvalidId(e.what());
  }
}
/// An optional string argument: NULL reads as ""; otherwise as text().
inline std::string_view text_or_empty(const char* s, const char* parameter) { return s ? text(s, parameter) : std::string_view{}; }
/// An optional date argument: NULL is no date; anything else must be "YYYY-MM-DD".
inline std::optional<Date> date_or_none(const char* s) {
  if (!s) return std::nullopt;
  return parse_date(s);
}

/// A malloc'd copy of `s` for the caller to opswheel_free; throws std::bad_alloc.
char* copy_string(std::string_view s);
/// The strings as a string list (opswheel.h): one malloc'd block holding the NULL-terminated
/// pointer array followed by the strings; throws std::bad_alloc.
char** copy_list(const std::vector<std::string>& strings);
/// The bytes copy_list needs for `strings`; a block that size also holds any subset of them.
std::size_t list_bytes(const std::vector<std::string>& strings) noexcept;
/// Writes `strings` as a string list into `block`, which has room for at least list_bytes(strings).
char** fill_list(void* block, const std::vector<std::string>& strings) noexcept;
/// malloc, throwing std::bad_alloc on failure.
void* allocate(std::size_t bytes);

/// Library strings held until every output of a call is ready, so a call that fails half way
/// writes nothing and leaks nothing.
using Owned = std::unique_ptr<char, decltype(&std::free)>;
inline Owned owned(char* s) { return Owned(s, &std::free); }
/// The same for a string list.
using OwnedList = std::unique_ptr<char*, decltype(&std::free)>;
inline OwnedList owned(char** list) { return OwnedList(list, &std::free); }

/// Hands a string list to the caller's out-parameters (checked before any work by the caller).
inline void give_list(const std::vector<std::string>& strings, char*** entries, std::size_t* count) {
  *entries = copy_list(strings);
  *count = strings.size();
}

}  // namespace opswheel::capi
