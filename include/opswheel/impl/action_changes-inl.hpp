// SPDX-License-Identifier: Apache-2.0
//
// reason_of (action_changes.hpp): a visit over all the change kinds, which costs every file that
// would include it. Compiled by src/core/action_changes.cpp, or included by action_changes.hpp in
// header-only mode.
#pragma once

#include <string>
#include <variant>

#include "../action_changes.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE const std::string& reason_of(const ActionChange& change) {
  static const std::string none;
  return std::visit(
      [](const auto& c) -> const std::string& {
        if constexpr (requires { c.reason; }) return c.reason;
        else return none;
      },
      change);
}

OPSWHEEL_END_NAMESPACE
