// SPDX-License-Identifier: Apache-2.0
//
// The action-item board: the questions the meeting asks of its book — who reports back today,
// what is overdue, what has escalated, what does a team own — and the counts for a dashboard.
// Each answer holds pointers into the book, valid until the book's next change.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "action_book.hpp"
#include "date.hpp"
#include "fwd.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// An item and where it stands on the date asked about.
struct BoardEntry {
  const ActionItem* item = nullptr;
  Standing standing{};
};

/// Active items that report back at `meeting` (their first meeting on or after the due date), in
/// the order created.
OPSWHEEL_CXX_API std::vector<BoardEntry> due_for_report_back(const ActionBook& book, const Date& meeting);

/// Active items whose report-back meeting passed before `as_of` (escalated ones included), the
/// most missed report-backs first, then in the order created.
OPSWHEEL_CXX_API std::vector<BoardEntry> overdue(const ActionBook& book, const Date& as_of);

/// The overdue items that missed at least the book's escalate_after report-backs, in the order
/// of overdue().
OPSWHEEL_CXX_API std::vector<BoardEntry> escalated(const ActionBook& book, const Date& as_of);

/// Items owned by `team`, in the order created.
OPSWHEEL_CXX_API std::vector<const ActionItem*> by_owner(const ActionBook& book, std::string_view team);

/// Items with `status`, in the order created.
OPSWHEEL_CXX_API std::vector<const ActionItem*> by_status(const ActionBook& book, ActionStatus status);

/// The board in numbers on `as_of`.
struct BoardCounts {
  std::size_t open = 0, in_progress = 0, done = 0, cancelled = 0;
  std::size_t due = 0;        ///< active items reporting back on `as_of`
  std::size_t overdue = 0;    ///< escalated included
  std::size_t escalated = 0;
  std::size_t fleet_items = 0;                    ///< active fleet-wide items
  std::size_t targets_done = 0, targets_total = 0;  ///< over the active fleet-wide items
  bool operator==(const BoardCounts&) const = default;
};

OPSWHEEL_CXX_API BoardCounts board_counts(const ActionBook& book, const Date& as_of);

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/board-inl.hpp"
#endif
