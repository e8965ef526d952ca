// SPDX-License-Identifier: Apache-2.0
//
// Roster's changes (roster.hpp), which instantiate the index's insert and erase. Compiled by
// src/core/roster.cpp, or included by roster.hpp in header-only mode.
#pragma once

#include <cstddef>
#include <utility>

#include "../detail/room.hpp"
#include "../errors.hpp"
#include "../participant.hpp"
#include "../roster.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE std::size_t Roster::add(Participant p) {
  validate(p);
  if (contains(p.id)) throw DuplicateId(p.id);
  detail::make_room(teams_);
  index_.emplace(p.id, teams_.size());  // may throw: nothing changed yet
  teams_.push_back(std::move(p));       // cannot throw after the reserve
  return teams_.size() - 1;
}

OPSWHEEL_INLINE void Roster::remove(std::size_t index) {
  index_.erase(teams_[index].id);
  teams_.erase(teams_.begin() + static_cast<std::ptrdiff_t>(index));
  for (std::size_t i = index; i < teams_.size(); ++i) index_[teams_[i].id] = i;
}

OPSWHEEL_END_NAMESPACE
