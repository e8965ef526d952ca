// SPDX-License-Identifier: Apache-2.0
#include "boundary.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

namespace opswheel::capi {

opswheel_status status_of(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument: return OPSWHEEL_ERROR_INVALID_ARGUMENT;
    case ErrorCode::invalid_id: return OPSWHEEL_ERROR_INVALID_ID;
    case ErrorCode::duplicate_id: return OPSWHEEL_ERROR_DUPLICATE_ID;
    case ErrorCode::unknown_id: return OPSWHEEL_ERROR_UNKNOWN_ID;
    case ErrorCode::not_enough_teams: return OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS;
    case ErrorCode::stale_suggestion: return OPSWHEEL_ERROR_STALE_SUGGESTION;
    case ErrorCode::invalid_transition: return OPSWHEEL_ERROR_INVALID_TRANSITION;
    case ErrorCode::not_found: return OPSWHEEL_ERROR_NOT_FOUND;
    case ErrorCode::corrupt_data: return OPSWHEEL_ERROR_CORRUPT_DATA;
    case ErrorCode::unsupported_version: return OPSWHEEL_ERROR_UNSUPPORTED_VERSION;
    case ErrorCode::conflict: return OPSWHEEL_ERROR_CONFLICT;
    case ErrorCode::storage: return OPSWHEEL_ERROR_STORAGE;
  }
  return OPSWHEEL_ERROR_INTERNAL;  // a value outside the enumeration: cannot come from opswheel
}

opswheel_status record_failure(const ErrorSlot* slot, opswheel_status status, const char* function,
                               const char* what) noexcept {
  if (!slot) return status;
  slot->status = status;
  try {
    slot->message.assign(function).append(": ").append(what);
  } catch (...) {
    slot->message.clear();  // ErrorSlot::text() falls back to the status's description
  }
  return status;
}

void need_capacity(std::size_t capacity, std::size_t needed, const char* buffer) {
  if (capacity < needed)
    throw BoundaryError(OPSWHEEL_ERROR_BUFFER_TOO_SMALL, std::string(buffer) + " holds " + std::to_string(capacity) +
                                                             " values but " + std::to_string(needed) +
                                                             " are needed");
}

void* allocate(std::size_t bytes) {
  void* block = std::malloc(bytes);
  if (!block) throw std::bad_alloc();
  return block;
}

char* copy_string(std::string_view s) {
  auto* out = static_cast<char*>(allocate(s.size() + 1));
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

std::size_t list_bytes(const std::vector<std::string>& strings) noexcept {
  std::size_t bytes = (strings.size() + 1) * sizeof(char*);
  for (const auto& s : strings) bytes += s.size() + 1;
  return bytes;
}

char** fill_list(void* block, const std::vector<std::string>& strings) noexcept {
  auto** list = static_cast<char**>(block);
  char* at = static_cast<char*>(block) + (strings.size() + 1) * sizeof(char*);
  for (std::size_t i = 0; i < strings.size(); ++i) {
    list[i] = at;
    std::memcpy(at, strings[i].data(), strings[i].size());
    at[strings[i].size()] = '\0';
    at += strings[i].size() + 1;
  }
  list[strings.size()] = nullptr;
  return list;
}

char** copy_list(const std::vector<std::string>& strings) { return fill_list(allocate(list_bytes(strings)), strings); }

}  // namespace opswheel::capi
