// SPDX-License-Identifier: Apache-2.0
//
// The action-item board: the questions the meeting asks of its book — who reports back today,
// what is overdue, what has escalated, what does a team own — and the counts for a dashboard.
// Each answer holds pointers into the book, valid until the book's next change.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

#include "action_book.hpp"
#include "action_item.hpp"
#include "action_status.hpp"
#include "date.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// An item and where it stands on the date asked about.
struct BoardEntry {
  const ActionItem* item = nullptr;
  Standing standing{};
};

/// Active items that report back at `meeting` (their first meeting on or after the due date), in
/// the order created.
inline std::vector<BoardEntry> due_for_report_back(const ActionBook& book, const Date& meeting) {
  std::vector<BoardEntry> out;
  for (const ActionItem& a : book.items()) {
    if (!a.active()) continue;
    const Standing s = book.standing(a, meeting);
    if (s.report_back == meeting) out.push_back({&a, s});
  }
  return out;
}

/// Active items whose report-back meeting passed before `as_of` (escalated ones included), the
/// most missed report-backs first, then in the order created.
inline std::vector<BoardEntry> overdue(const ActionBook& book, const Date& as_of) {
  std::vector<BoardEntry> out;
  for (const ActionItem& a : book.items()) {
    const Standing s = book.standing(a, as_of);
    if (s.overdue) out.push_back({&a, s});
  }
  std::stable_sort(out.begin(), out.end(), [](const BoardEntry& x, const BoardEntry& y) { return x.standing.missed > y.standing.missed; });
  return out;
}

/// The overdue items that missed at least the book's escalate_after report-backs, in the order
/// of overdue().
inline std::vector<BoardEntry> escalated(const ActionBook& book, const Date& as_of) {
  std::vector<BoardEntry> out = overdue(book, as_of);
  std::erase_if(out, [](const BoardEntry& e) { return !e.standing.escalated; });
  return out;
}

/// Items owned by `team`, in the order created.
inline std::vector<const ActionItem*> by_owner(const ActionBook& book, std::string_view team) {
  std::vector<const ActionItem*> out;
  for (const ActionItem& a : book.items())
    if (a.owner == team) out.push_back(&a);
  return out;
}

/// Items with `status`, in the order created.
inline std::vector<const ActionItem*> by_status(const ActionBook& book, ActionStatus status) {
  std::vector<const ActionItem*> out;
  for (const ActionItem& a : book.items())
    if (a.status == status) out.push_back(&a);
  return out;
}

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

inline BoardCounts board_counts(const ActionBook& book, const Date& as_of) {
  BoardCounts c;
  for (const ActionItem& a : book.items()) {
    std::size_t* by[] = {&c.open, &c.in_progress, &c.done, &c.cancelled};
    ++*by[static_cast<std::size_t>(a.status)];
    const Standing s = book.standing(a, as_of);
    c.due += a.active() && s.report_back == as_of;
    c.overdue += s.overdue;
    c.escalated += s.escalated;
    if (a.active() && a.fleet_wide()) {
      ++c.fleet_items;
      c.targets_done += a.progress().done;
      c.targets_total += a.progress().total;
    }
  }
  return c;
}

OPSWHEEL_END_NAMESPACE
