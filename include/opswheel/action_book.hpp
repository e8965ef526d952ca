// SPDX-License-Identifier: Apache-2.0
//
// ActionBook: the accountability side of the operations review — the meeting calendar, the review
// template and team profiles, the review records, and the action items with their histories.
//
// Every change goes through one function, apply(change, context, teams): it validates the change
// completely, then applies it, so a throwing apply changes nothing. The convenience methods
// (create, move_due, set_status…) only build a change and call apply. Because the state is the
// fold of the changes, an event log that stores each (change, context) pair replays the book
// exactly. `teams` is the wheel's roster at the time of the change: owners, targets and reviewed
// teams must be on it then (a team removed later keeps its items).
//
// Report-back dates are computed, not stored: an item reports back at the first meeting on or
// after its due date, so skipping or moving a meeting moves the report-back with it.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "action_changes.hpp"
#include "action_item.hpp"
#include "action_status.hpp"
#include "calendar.hpp"
#include "date.hpp"
#include "fwd.hpp"
#include "review.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Where an item stands on a given date, against the meetings it should have reported back at.
struct Standing {
  Date report_back{};      ///< the first meeting on or after the due date
  std::size_t missed = 0;  ///< meetings from the report-back on, before the date, the item was active through
  bool overdue = false;    ///< active and missed >= 1
  bool escalated = false;  ///< active and missed >= the book's escalate_after
  bool operator==(const Standing&) const = default;
};

/// The meeting calendar, the review template and team profiles, the review records and the action
/// items, changed only through apply() (the comment at the top of this file has the rules).
class OPSWHEEL_CXX_API ActionBook {
 public:
  /// A book on `calendar` with `review_template`; an active item escalates after
  /// `escalate_after` missed report-backs (>= 1). Throws InvalidArgument for an invalid template
  /// or escalate_after = 0.
  explicit ActionBook(Calendar calendar = Calendar{}, ReviewTemplate review_template = default_review_template(),
                      std::size_t escalate_after = 2);

  const Calendar& calendar() const noexcept { return calendar_; }
  const ReviewTemplate& review_template() const noexcept { return template_; }
  std::size_t escalate_after() const noexcept { return escalate_after_; }
  /// How many calendar changes (skips, moves, restores) were applied: the iCalendar SEQUENCE of
  /// the meeting series, so a re-export replaces the old series in a calendar client.
  std::size_t calendar_revision() const noexcept { return calendar_revision_; }

  /// Every item, in the order created. References stay valid until the next change.
  const std::vector<ActionItem>& items() const noexcept { return items_; }
  /// The item with `id`, or nullptr.
  const ActionItem* find(std::string_view id) const;
  /// The item with `id`; throws UnknownItem.
  const ActionItem& item(std::string_view id) const;

  /// Team profiles by team id.
  const std::map<std::string, TeamProfile, std::less<>>& profiles() const noexcept { return profiles_; }
  const TeamProfile* profile(std::string_view team) const;
  /// The metrics `team` walks through: the template's, then its own.
  std::vector<Metric> checklist(std::string_view team) const;

  /// Review records, in the order first recorded.
  const std::vector<ReviewRecord>& reviews() const noexcept { return reviews_; }
  /// The record of `team`'s review at `meeting`, or nullptr.
  const ReviewRecord* review(const Date& meeting, std::string_view team) const;
  /// The items raised in the review `ref`, in the order created.
  std::vector<const ActionItem*> raised_in(const ReviewRef& ref) const;

  /// The meeting `item` reports back at: the first on or after its due date.
  Date report_back(const ActionItem& item) const;

  /// `item`'s standing on `as_of` (typically a meeting date: the meeting itself does not count as
  /// missed, since the owner reports there). Throws InvalidArgument for an invalid date.
  Standing standing(const ActionItem& item, const Date& as_of) const;

  /// Applies one change made by `context.actor` at `context.at`, checking team ids against
  /// `teams`. Throws (InvalidArgument and its kinds, UnknownId, UnknownItem, InvalidTransition)
  /// naming the problem, and then nothing has changed.
  void apply(const ActionChange& change, const ChangeContext& context, const Roster& teams);

  /// Applies a change that was checked against the roster when it was first made (a wheel
  /// restored from a snapshot refolds its action log, and the roster of each change's time is
  /// gone): everything is checked as by apply() except that team ids need not be on a roster.
  void restore(const ActionChange& change, const ChangeContext& context);

  // --- convenience: each builds one change and applies it -----------------------------------

  /// Creates an item; an empty `item.id` gets next_id(). Returns the new item.
  const ActionItem& create(ItemCreated item, const ChangeContext& context, const Roster& teams);
  /// "AI-<n>": the first free id counting from the number of items + 1.
  std::string next_id() const;
  void move_due(std::string_view id, const Date& due, std::string reason, const ChangeContext& context);
  void set_status(std::string_view id, ActionStatus status, std::string reason, const ChangeContext& context);
  void complete_target(std::string_view id, std::string_view team, const Date& on, const ChangeContext& context);
  void comment(std::string_view id, std::string text, const ChangeContext& context);
  void skip_meeting(const Date& date, std::string reason, const ChangeContext& context);
  void move_meeting(const Date& from, const Date& to, std::string reason, const ChangeContext& context);
  void record_review(ReviewRecord record, const ChangeContext& context, const Roster& teams);

  bool operator==(const ActionBook&) const = default;

 private:
  static const Roster& no_teams();

  std::size_t index_of(std::string_view id) const;

  static void check_escalation(std::size_t n);
  void require_team(const Roster& teams, std::string_view id) const;
  static void require_reason(std::string_view what, std::string_view reason);
  static void check_priority(Priority p);
  void check_due(const ActionItem& item, const Date& due) const;
  // Every item must have a meeting to report back at: the lists, the agenda and the exports all
  // compute it, so an item without one would make them fail long after it was accepted.
  static void check_report_back(const Calendar& calendar, std::string_view id, const Date& due);
  // A calendar change applies to a copy first: it is refused when an item would be left without a
  // report-back meeting (done items too: `actions list --all` shows theirs).
  void change_calendar(const std::function<void(Calendar&)>& change);
  static void require_active(const ActionItem& item, std::string_view what);
  static Target& target_of(ActionItem& item, std::string_view team);
  /// Items and reviews hold on to the meeting they happened at, so that meeting cannot go away.
  void require_unused(const Date& meeting, std::string_view what) const;

  /// Edits a copy of item `id`, records the change, and swaps the copy in: a throwing edit
  /// leaves the book unchanged.
  template <class Edit>
  void update(const std::string& id, const ActionChange& change, const ChangeContext& context, Edit edit);

  void on(const ItemCreated& c, const ActionChange& change, const ChangeContext& context, const Roster& teams);
  static void check_fields(const ActionItem& item);
  void add_targets(ActionItem& item, const std::vector<std::string>& teams_to_add, const Roster& teams);
  void on(const ItemEdited& c, const ActionChange& change, const ChangeContext& context, const Roster&);
  void on(const OwnerChanged& c, const ActionChange& change, const ChangeContext& context, const Roster& teams);
  void on(const DueMoved& c, const ActionChange& change, const ChangeContext& context, const Roster&);
  void on(const StatusChanged& c, const ActionChange& change, const ChangeContext& context, const Roster&);
  void on(const TargetsAdded& c, const ActionChange& change, const ChangeContext& context, const Roster& teams);
  void on(const TargetRemoved& c, const ActionChange& change, const ChangeContext& context, const Roster&);
  void on(const TargetCompleted& c, const ActionChange& change, const ChangeContext& context, const Roster&);
  void on(const TargetReopened& c, const ActionChange& change, const ChangeContext& context, const Roster&);
  void on(const CommentAdded& c, const ActionChange& change, const ChangeContext& context, const Roster&);
  void on(const MeetingSkipped& c, const ActionChange&, const ChangeContext&, const Roster&);
  void on(const MeetingMoved& c, const ActionChange&, const ChangeContext&, const Roster&);
  void on(const MeetingRestored& c, const ActionChange&, const ChangeContext&, const Roster&);
  void on(const TemplateSet& c, const ActionChange&, const ChangeContext&, const Roster&);
  void on(const TeamProfileSet& c, const ActionChange&, const ChangeContext&, const Roster& teams);
  void on(const ReviewRecorded& c, const ActionChange&, const ChangeContext&, const Roster& teams);
  void on(const EscalationSet& c, const ActionChange&, const ChangeContext&, const Roster&);

  Calendar calendar_;
  ReviewTemplate template_;
  std::size_t escalate_after_ = 2;
  std::size_t calendar_revision_ = 0;
  std::vector<ActionItem> items_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::map<std::string, TeamProfile, std::less<>> profiles_;
  std::vector<ReviewRecord> reviews_;
  bool trust_teams_ = false;  // set only while restore() runs
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/action_book-inl.hpp"
#endif
