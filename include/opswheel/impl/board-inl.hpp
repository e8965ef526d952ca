// SPDX-License-Identifier: Apache-2.0
//
// The action-item board's queries (board.hpp). Compiled by src/core/board.cpp, or included by
// board.hpp in header-only mode.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

#include "../action_book.hpp"
#include "../action_item.hpp"
#include "../action_status.hpp"
#include "../board.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE std::vector<BoardEntry> due_for_report_back(const ActionBook& book, const Date& meeting) {
  std::vector<BoardEntry> out;
  for (const ActionItem& a : book.items()) {
    if (!a.active()) continue;
    const Standing s = book.standing(a, meeting);
    if (s.report_back == meeting) out.push_back({&a, s});
  }
  return out;
}

OPSWHEEL_INLINE std::vector<BoardEntry> overdue(const ActionBook& book, const Date& as_of) {
  std::vector<BoardEntry> out;
  for (const ActionItem& a : book.items()) {
    const Standing s = book.standing(a, as_of);
    if (s.overdue) out.push_back({&a, s});
  }
  std::stable_sort(out.begin(), out.end(), [](const BoardEntry& x, const BoardEntry& y) { return x.standing.missed > y.standing.missed; });
  return out;
}

OPSWHEEL_INLINE std::vector<BoardEntry> escalated(const ActionBook& book, const Date& as_of) {
  std::vector<BoardEntry> out = overdue(book, as_of);
  std::erase_if(out, [](const BoardEntry& e) { return !e.standing.escalated; });
  return out;
}

OPSWHEEL_INLINE std::vector<const ActionItem*> by_owner(const ActionBook& book, std::string_view team) {
  std::vector<const ActionItem*> out;
  for (const ActionItem& a : book.items())
    if (a.owner == team) out.push_back(&a);
  return out;
}

OPSWHEEL_INLINE std::vector<const ActionItem*> by_status(const ActionBook& book, ActionStatus status) {
  std::vector<const ActionItem*> out;
  for (const ActionItem& a : book.items())
    if (a.status == status) out.push_back(&a);
  return out;
}

OPSWHEEL_INLINE BoardCounts board_counts(const ActionBook& book, const Date& as_of) {
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
