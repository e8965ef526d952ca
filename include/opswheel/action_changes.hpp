// SPDX-License-Identifier: Apache-2.0
//
// Every change to an ActionBook as a plain value. The book's state is the fold of these changes in
// order (ActionBook::apply), so an event log can store each one as an event payload and replay the
// book exactly: the change carries every input (ids are assigned before the change is built; the
// time and the actor come in the ChangeContext, never from a clock). A reason field is required
// where the lifecycle says so (see each struct) and optional elsewhere.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "action_status.hpp"
#include "date.hpp"
#include "review.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Who made a change and when (UTC). The event log supplies both when it replays a change.
struct ChangeContext {
  std::string actor{};                 ///< a person or tool; one line, not empty
  std::chrono::sys_seconds at{};       ///< when the change was made, UTC
  bool operator==(const ChangeContext&) const = default;
};

// --- action items --------------------------------------------------------------------------

/// A new action item. `raised_at` is the meeting it was raised at; `due` is on or after it.
/// `targets` makes it a fleet-wide item: one entry per team that must roll the remediation out.
struct ItemCreated {
  std::string id{};
  std::string title{};
  std::string description{};
  std::string owner{};  ///< a team id on the roster
  Date raised_at{};
  Date due{};
  Priority priority = Priority::normal;
  std::optional<ReviewRef> review{};  ///< the review (meeting + team) it came from
  std::string ticket_url{};           ///< empty or http(s)
  std::vector<std::string> targets{}; ///< team ids on the roster, distinct
  bool operator==(const ItemCreated&) const = default;
};

/// Replaces the descriptive fields (not the owner, due date or status, which have their own
/// changes because the meeting holds people to them).
struct ItemEdited {
  std::string id{};
  std::string title{};
  std::string description{};
  Priority priority = Priority::normal;
  std::string ticket_url{};
  std::string reason{};  ///< optional
  bool operator==(const ItemEdited&) const = default;
};

/// Hands the item to another team. Needs a reason.
struct OwnerChanged {
  std::string id{};
  std::string owner{};
  std::string reason{};
  bool operator==(const OwnerChanged&) const = default;
};

/// A new due date (on or after the meeting it was raised at). Needs a reason: a date given to the
/// meeting is a commitment, and the history shows every time it slipped.
struct DueMoved {
  std::string id{};
  Date due{};
  std::string reason{};
  bool operator==(const DueMoved&) const = default;
};

/// A status change; see check_transition for which need a reason.
struct StatusChanged {
  std::string id{};
  ActionStatus status = ActionStatus::open;
  std::string reason{};
  bool operator==(const StatusChanged&) const = default;
};

/// More teams for a fleet-wide item (new ones, distinct, on the roster).
struct TargetsAdded {
  std::string id{};
  std::vector<std::string> teams{};
  std::string reason{};  ///< optional
  bool operator==(const TargetsAdded&) const = default;
};

/// A team taken off a fleet-wide item (e.g. the service was retired). Needs a reason.
struct TargetRemoved {
  std::string id{};
  std::string team{};
  std::string reason{};
  bool operator==(const TargetRemoved&) const = default;
};

/// A target team finished its part of a fleet-wide item on `on`.
struct TargetCompleted {
  std::string id{};
  std::string team{};
  Date on{};
  bool operator==(const TargetCompleted&) const = default;
};

/// A completed target turned out not to be done. Needs a reason.
struct TargetReopened {
  std::string id{};
  std::string team{};
  std::string reason{};
  bool operator==(const TargetReopened&) const = default;
};

/// A note in the item's history, such as what the owner said when reporting back.
struct CommentAdded {
  std::string id{};
  std::string text{};
  bool operator==(const CommentAdded&) const = default;
};

// --- the calendar --------------------------------------------------------------------------

/// Cancels the meeting held on `date`. Needs a reason (a holiday, an offsite…).
struct MeetingSkipped {
  Date date{};
  std::string reason{};
  bool operator==(const MeetingSkipped&) const = default;
};

/// Holds the meeting of `from` on `to` instead. Needs a reason.
struct MeetingMoved {
  Date from{};
  Date to{};
  std::string reason{};
  bool operator==(const MeetingMoved&) const = default;
};

/// Brings back a skipped regular meeting.
struct MeetingRestored {
  Date date{};
  std::string reason{};  ///< optional
  bool operator==(const MeetingRestored&) const = default;
};

// --- reviews and settings ------------------------------------------------------------------

/// Replaces the wheel's review template.
struct TemplateSet {
  ReviewTemplate review_template{};
  bool operator==(const TemplateSet&) const = default;
};

/// Sets (replaces) one team's extra metrics and dashboard links.
struct TeamProfileSet {
  TeamProfile profile{};
  bool operator==(const TeamProfileSet&) const = default;
};

/// Records one team's review at one meeting; recording the same meeting and team again replaces
/// the record (the event log keeps both).
struct ReviewRecorded {
  ReviewRecord record{};
  bool operator==(const ReviewRecorded&) const = default;
};

/// After how many missed report-back meetings an active item counts as escalated (>= 1).
struct EscalationSet {
  std::size_t missed_report_backs = 2;
  bool operator==(const EscalationSet&) const = default;
};

/// One change to an ActionBook. New alternatives are appended, never inserted, so a stored
/// variant index keeps its meaning.
using ActionChange = std::variant<ItemCreated, ItemEdited, OwnerChanged, DueMoved, StatusChanged, TargetsAdded,
                                  TargetRemoved, TargetCompleted, TargetReopened, CommentAdded, MeetingSkipped,
                                  MeetingMoved, MeetingRestored, TemplateSet, TeamProfileSet, ReviewRecorded,
                                  EscalationSet>;

/// A change as it happened: what, who and when. Each action item keeps the ones that touched it.
struct AppliedChange {
  // No `{}` initializer: it would make every file that includes this header instantiate the
  // variant's constructor and destructor over all the change kinds.
  ActionChange change;
  ChangeContext context{};
  bool operator==(const AppliedChange&) const = default;
};

/// The reason a change gives ("" for changes without one).
OPSWHEEL_CXX_API const std::string& reason_of(const ActionChange& change);

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/action_changes-inl.hpp"
#endif
