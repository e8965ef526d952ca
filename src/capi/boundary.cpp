// SPDX-License-Identifier: Apache-2.0
#include "boundary.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <new>

namespace opswheel::capi {

namespace {

// The C status of each C++ error code: the only place they meet. The C names and values are fixed
// forever (opswheel.h), so this is a list of pairs, not a formula; the static_assert below makes a
// code added to OPSWHEEL_ERROR_CODES fail to compile until it has its status here.
struct Mirror {
  ErrorCode code;
  opswheel_status status;
};
constexpr std::array<Mirror, 13> mirrors = {{
    {ErrorCode::invalid_argument, OPSWHEEL_ERROR_INVALID_ARGUMENT},
    {ErrorCode::invalid_id, OPSWHEEL_ERROR_INVALID_ID},
    {ErrorCode::duplicate_id, OPSWHEEL_ERROR_DUPLICATE_ID},
    {ErrorCode::unknown_id, OPSWHEEL_ERROR_UNKNOWN_ID},
    {ErrorCode::not_enough_teams, OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS},
    {ErrorCode::stale_suggestion, OPSWHEEL_ERROR_STALE_SUGGESTION},
    {ErrorCode::invalid_transition, OPSWHEEL_ERROR_INVALID_TRANSITION},
    {ErrorCode::not_found, OPSWHEEL_ERROR_NOT_FOUND},
    {ErrorCode::corrupt_data, OPSWHEEL_ERROR_CORRUPT_DATA},
    {ErrorCode::unsupported_version, OPSWHEEL_ERROR_UNSUPPORTED_VERSION},
    {ErrorCode::conflict, OPSWHEEL_ERROR_CONFLICT},
    {ErrorCode::storage, OPSWHEEL_ERROR_STORAGE},
    {ErrorCode::unknown_item, OPSWHEEL_ERROR_UNKNOWN_ITEM},
}};

// Every code exactly once, every status exactly once, none of them OK or a boundary status.
constexpr bool mirrors_complete() {
  if (mirrors.size() != error_code_count) return false;
  for (std::size_t i = 0; i < mirrors.size(); ++i) {
    switch (mirrors[i].status) {
      case OPSWHEEL_OK:
      case OPSWHEEL_ERROR_NULL_ARGUMENT:
      case OPSWHEEL_ERROR_BUFFER_TOO_SMALL:
      case OPSWHEEL_ERROR_OUT_OF_MEMORY:
      case OPSWHEEL_ERROR_INTERNAL: return false;
      default: break;
    }
    for (std::size_t j = 0; j < i; ++j)
      if (mirrors[j].code == mirrors[i].code || mirrors[j].status == mirrors[i].status) return false;
  }
  return true;
}
static_assert(mirrors_complete(), "each opswheel::ErrorCode needs exactly one C status of its own in `mirrors`");

}  // namespace

opswheel_status status_of(ErrorCode code) noexcept {
  for (const Mirror& m : mirrors)
    if (m.code == code) return m.status;
  return OPSWHEEL_ERROR_INTERNAL;  // a value outside the enumeration: cannot come from opswheel
}

const char* status_text(int status) noexcept {
  switch (status) {
    case OPSWHEEL_OK: return "ok";
    case OPSWHEEL_ERROR_NULL_ARGUMENT: return "NULL argument";
    case OPSWHEEL_ERROR_BUFFER_TOO_SMALL: return "buffer too small";
    case OPSWHEEL_ERROR_OUT_OF_MEMORY: return "out of memory";
    case OPSWHEEL_ERROR_INTERNAL: return "internal error";
    default: break;
  }
  // The statuses that mirror a C++ code say what the error table says (its summaries are string
  // literals, so .data() is NUL-terminated).
  for (const Mirror& m : mirrors)
    if (m.status == status) return summary(m.code).data();
  return "unknown status";
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
