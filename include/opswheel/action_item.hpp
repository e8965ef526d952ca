// SPDX-License-Identifier: Apache-2.0
//
// ActionItem: one remediation from the operations review — what, who owns it, when it is due and
// where it stands — with the history of every change that touched it. An ActionBook holds them and
// is the only writer; read them through the book.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "action_changes.hpp"
#include "action_status.hpp"
#include "date.hpp"
#include "review.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// One team's part of a fleet-wide item.
struct Target {
  std::string team{};
  std::optional<Date> done_on{};  ///< when the team finished its part; nullopt while pending
  bool done() const noexcept { return done_on.has_value(); }
  bool operator==(const Target&) const = default;
};

/// Targets done out of targets in all (both 0 for an item that is not fleet-wide).
struct Progress {
  std::size_t done = 0;
  std::size_t total = 0;
  /// Whole percent done, rounded down (100 when there is nothing to do).
  unsigned percent() const noexcept { return total == 0 ? 100u : static_cast<unsigned>(done * 100 / total); }
  bool operator==(const Progress&) const = default;
};

/// One remediation from the review: what, who owns it, when it is due, where it stands, and the
/// history of its changes. Read it through the ActionBook that holds it.
struct ActionItem {
  std::string id{};
  std::string title{};
  std::string description{};
  std::string owner{};  ///< the team that owns it
  Date raised_at{};     ///< the meeting it was raised at
  Date due{};
  ActionStatus status = ActionStatus::open;
  Priority priority = Priority::normal;
  std::optional<ReviewRef> review{};
  std::string ticket_url{};
  std::vector<Target> targets{};        ///< non-empty for a fleet-wide item, in the order added
  std::vector<AppliedChange> history{};  ///< every change to this item, oldest first

  bool active() const noexcept { return is_active(status); }
  bool fleet_wide() const noexcept { return !targets.empty(); }
  Progress progress() const noexcept {
    const auto done = static_cast<std::size_t>(std::count_if(targets.begin(), targets.end(), [](const Target& t) { return t.done(); }));
    return {done, targets.size()};
  }
  /// The target for `team`, or nullptr.
  const Target* target(std::string_view team) const noexcept {
    const auto it = std::find_if(targets.begin(), targets.end(), [&](const Target& t) { return t.team == team; });
    return it == targets.end() ? nullptr : &*it;
  }
  bool operator==(const ActionItem&) const = default;
};

OPSWHEEL_END_NAMESPACE
