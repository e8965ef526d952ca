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

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "action_changes.hpp"
#include "action_item.hpp"
#include "action_status.hpp"
#include "calendar.hpp"
#include "date.hpp"
#include "detail/text.hpp"
#include "errors.hpp"
#include "participant.hpp"
#include "review.hpp"
#include "roster.hpp"
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

class ActionBook {
 public:
  /// A book on `calendar` with `review_template`; an active item escalates after
  /// `escalate_after` missed report-backs (>= 1). Throws InvalidArgument for an invalid template
  /// or escalate_after = 0.
  explicit ActionBook(Calendar calendar = Calendar{}, ReviewTemplate review_template = default_review_template(),
                      std::size_t escalate_after = 2)
      : calendar_(std::move(calendar)), template_(std::move(review_template)), escalate_after_(escalate_after) {
    validate(template_);
    check_escalation(escalate_after_);
  }

  const Calendar& calendar() const noexcept { return calendar_; }
  const ReviewTemplate& review_template() const noexcept { return template_; }
  std::size_t escalate_after() const noexcept { return escalate_after_; }
  /// How many calendar changes (skips, moves, restores) were applied: the iCalendar SEQUENCE of
  /// the meeting series, so a re-export replaces the old series in a calendar client.
  std::size_t calendar_revision() const noexcept { return calendar_revision_; }

  /// Every item, in the order created. References stay valid until the next change.
  const std::vector<ActionItem>& items() const noexcept { return items_; }
  /// The item with `id`, or nullptr.
  const ActionItem* find(std::string_view id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? nullptr : &items_[it->second];
  }
  /// The item with `id`; throws UnknownItem.
  const ActionItem& item(std::string_view id) const { return items_[index_of(id)]; }

  /// Team profiles by team id.
  const std::map<std::string, TeamProfile, std::less<>>& profiles() const noexcept { return profiles_; }
  const TeamProfile* profile(std::string_view team) const {
    const auto it = profiles_.find(team);
    return it == profiles_.end() ? nullptr : &it->second;
  }
  /// The metrics `team` walks through: the template's, then its own.
  std::vector<Metric> checklist(std::string_view team) const { return opswheel::checklist(template_, profile(team)); }

  /// Review records, in the order first recorded.
  const std::vector<ReviewRecord>& reviews() const noexcept { return reviews_; }
  /// The record of `team`'s review at `meeting`, or nullptr.
  const ReviewRecord* review(const Date& meeting, std::string_view team) const {
    for (const ReviewRecord& r : reviews_)
      if (r.meeting == meeting && r.team == team) return &r;
    return nullptr;
  }
  /// The items raised in the review `ref`, in the order created.
  std::vector<const ActionItem*> raised_in(const ReviewRef& ref) const {
    std::vector<const ActionItem*> out;
    for (const ActionItem& a : items_)
      if (a.review == ref) out.push_back(&a);
    return out;
  }

  /// The meeting `item` reports back at: the first on or after its due date.
  Date report_back(const ActionItem& item) const { return calendar_.meeting_on_or_after(item.due); }

  /// `item`'s standing on `as_of` (typically a meeting date: the meeting itself does not count as
  /// missed, since the owner reports there). Throws InvalidArgument for an invalid date.
  Standing standing(const ActionItem& item, const Date& as_of) const {
    validate_date(as_of);
    Standing s;
    s.report_back = report_back(item);
    if (item.active() && s.report_back < as_of)
      s.missed = calendar_.meetings(s.report_back, Calendar::add_days(as_of, -1)).size();
    s.overdue = s.missed >= 1;
    s.escalated = s.missed >= escalate_after_;
    return s;
  }

  /// Applies one change made by `context.actor` at `context.at`, checking team ids against
  /// `teams`. Throws (InvalidArgument and its kinds, UnknownId, UnknownItem, InvalidTransition)
  /// naming the problem, and then nothing has changed.
  void apply(const ActionChange& change, const ChangeContext& context, const Roster& teams) {
    detail::require_text("actor", context.actor, detail::TextKind::name);
    std::visit([&](const auto& c) { on(c, change, context, teams); }, change);
  }

  /// Applies a change that was checked against the roster when it was first made (a wheel
  /// restored from a snapshot refolds its action log, and the roster of each change's time is
  /// gone): everything is checked as by apply() except that team ids need not be on a roster.
  void restore(const ActionChange& change, const ChangeContext& context) {
    trust_teams_ = true;
    try {
      apply(change, context, no_teams());
    } catch (...) {
      trust_teams_ = false;
      throw;
    }
    trust_teams_ = false;
  }

  // --- convenience: each builds one change and applies it -----------------------------------

  /// Creates an item; an empty `item.id` gets next_id(). Returns the new item.
  const ActionItem& create(ItemCreated item, const ChangeContext& context, const Roster& teams) {
    if (item.id.empty()) item.id = next_id();
    apply(item, context, teams);
    return items_.back();
  }
  /// "AI-<n>": the first free id counting from the number of items + 1.
  std::string next_id() const {
    for (std::size_t n = items_.size() + 1;; ++n)
      if (!find("AI-" + std::to_string(n))) return "AI-" + std::to_string(n);
  }
  void move_due(std::string_view id, const Date& due, std::string reason, const ChangeContext& context) {
    apply(DueMoved{std::string(id), due, std::move(reason)}, context, no_teams());
  }
  void set_status(std::string_view id, ActionStatus status, std::string reason, const ChangeContext& context) {
    apply(StatusChanged{std::string(id), status, std::move(reason)}, context, no_teams());
  }
  void complete_target(std::string_view id, std::string_view team, const Date& on, const ChangeContext& context) {
    apply(TargetCompleted{std::string(id), std::string(team), on}, context, no_teams());
  }
  void comment(std::string_view id, std::string text, const ChangeContext& context) {
    apply(CommentAdded{std::string(id), std::move(text)}, context, no_teams());
  }
  void skip_meeting(const Date& date, std::string reason, const ChangeContext& context) {
    apply(MeetingSkipped{date, std::move(reason)}, context, no_teams());
  }
  void move_meeting(const Date& from, const Date& to, std::string reason, const ChangeContext& context) {
    apply(MeetingMoved{from, to, std::move(reason)}, context, no_teams());
  }
  void record_review(ReviewRecord record, const ChangeContext& context, const Roster& teams) {
    apply(ReviewRecorded{std::move(record)}, context, teams);
  }

  bool operator==(const ActionBook&) const = default;

 private:
  static const Roster& no_teams() {
    static const Roster empty;
    return empty;
  }

  std::size_t index_of(std::string_view id) const {
    const auto it = index_.find(id);
    if (it == index_.end()) throw UnknownItem(detail::printable(id));
    return it->second;
  }

  static void check_escalation(std::size_t n) {
    if (n == 0) throw InvalidArgument("invalid escalation threshold 0: an item escalates after at least 1 missed report-back");
  }
  void require_team(const Roster& teams, std::string_view id) const {
    validate_id(id);
    if (!trust_teams_ && !teams.contains(id)) throw UnknownId(detail::printable(id));
  }
  static void require_reason(std::string_view what, std::string_view reason) {
    detail::require_text("reason (" + std::string(what) + " needs one)", reason, detail::TextKind::paragraphs);
  }
  static void check_priority(Priority p) {
    if (static_cast<unsigned>(p) > static_cast<unsigned>(Priority::urgent))
      throw InvalidArgument("invalid priority " + std::to_string(static_cast<int>(p)));
  }
  void check_due(const ActionItem& item, const Date& due) const {
    validate_date(due);
    if (due < item.raised_at)
      throw InvalidArgument("invalid due date " + format_date(due) + " for '" + item.id + "': it is before " +
                            format_date(item.raised_at) + ", the meeting the item was raised at");
    check_report_back(calendar_, item.id, due);
  }
  // Every item must have a meeting to report back at: the lists, the agenda and the exports all
  // compute it, so an item without one would make them fail long after it was accepted.
  static void check_report_back(const Calendar& calendar, std::string_view id, const Date& due) {
    try {
      (void)calendar.meeting_on_or_after(due);
    } catch (const InvalidArgument& e) {
      throw InvalidArgument("invalid due date " + format_date(due) + " for '" + std::string(id) + "': " + e.what());
    }
  }
  // A calendar change applies to a copy first: it is refused when an item would be left without a
  // report-back meeting (done items too: `actions list --all` shows theirs).
  void change_calendar(const std::function<void(Calendar&)>& change) {
    Calendar next = calendar_;
    change(next);
    for (const ActionItem& item : items_)
      check_report_back(next, item.id, item.due);
    calendar_ = std::move(next);
    ++calendar_revision_;
  }
  static void require_active(const ActionItem& item, std::string_view what) {
    if (!item.active())
      throw InvalidTransition("cannot " + std::string(what) + " on '" + item.id + "': it is " +
                              std::string(to_string(item.status)) + "; reopen it first");
  }
  static Target& target_of(ActionItem& item, std::string_view team) {
    for (Target& t : item.targets)
      if (t.team == team) return t;
    throw InvalidArgument("'" + detail::printable(team) + "' is not a target of '" + item.id + "'");
  }
  /// Items and reviews hold on to the meeting they happened at, so that meeting cannot go away.
  void require_unused(const Date& meeting, std::string_view what) const {
    std::size_t raised = 0;
    for (const ActionItem& a : items_) raised += a.raised_at == meeting;
    const bool reviewed = std::any_of(reviews_.begin(), reviews_.end(), [&](const ReviewRecord& r) { return r.meeting == meeting; });
    if (raised != 0 || reviewed)
      throw InvalidArgument("cannot " + std::string(what) + " the meeting of " + format_date(meeting) + ": " +
                            (raised != 0 ? std::to_string(raised) + " action item(s) were raised at it"
                                         : std::string("reviews were recorded at it")));
  }

  /// Edits a copy of item `id`, records the change, and swaps the copy in: a throwing edit
  /// leaves the book unchanged.
  template <class Edit>
  void update(const std::string& id, const ActionChange& change, const ChangeContext& context, Edit edit) {
    const std::size_t i = index_of(id);
    ActionItem next = items_[i];
    edit(next);
    next.history.push_back({change, context});
    items_[i] = std::move(next);
  }

  void on(const ItemCreated& c, const ActionChange& change, const ChangeContext& context, const Roster& teams) {
    validate_id(c.id);
    if (find(c.id)) throw DuplicateItem(c.id);
    ActionItem item{c.id, c.title, c.description, c.owner, c.raised_at, c.due, ActionStatus::open, c.priority,
                    c.review, c.ticket_url, {}, {}};
    check_fields(item);
    require_team(teams, c.owner);
    calendar_.require_meeting(c.raised_at);
    check_due(item, c.due);
    if (c.review) {
      validate_date(c.review->meeting);
      require_team(teams, c.review->team);
    }
    add_targets(item, c.targets, teams);
    item.history.push_back({change, context});
    items_.reserve(items_.size() + 1);
    index_.emplace(c.id, items_.size());  // may throw: nothing changed yet
    items_.push_back(std::move(item));    // cannot throw after the reserve
  }

  static void check_fields(const ActionItem& item) {
    detail::require_text("title", item.title, detail::TextKind::line);
    detail::validate_text("description", item.description, detail::TextKind::paragraphs);
    check_priority(item.priority);
    validate_url(item.ticket_url);
  }

  void add_targets(ActionItem& item, const std::vector<std::string>& teams_to_add, const Roster& teams) {
    for (const std::string& team : teams_to_add) {
      require_team(teams, team);
      if (item.target(team))
        throw InvalidArgument("duplicate target '" + team + "' on '" + item.id + "': each team is a target once");
      item.targets.push_back({team, std::nullopt});
    }
  }

  void on(const ItemEdited& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
    detail::validate_text("reason", c.reason, detail::TextKind::paragraphs);
    update(c.id, change, context, [&](ActionItem& item) {
      item.title = c.title;
      item.description = c.description;
      item.priority = c.priority;
      item.ticket_url = c.ticket_url;
      check_fields(item);
    });
  }

  void on(const OwnerChanged& c, const ActionChange& change, const ChangeContext& context, const Roster& teams) {
    update(c.id, change, context, [&](ActionItem& item) {
      require_team(teams, c.owner);
      if (c.owner == item.owner) throw InvalidArgument("'" + item.id + "' is already owned by '" + c.owner + "'");
      require_reason("a new owner", c.reason);
      item.owner = c.owner;
    });
  }

  void on(const DueMoved& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
    update(c.id, change, context, [&](ActionItem& item) {
      check_due(item, c.due);
      if (c.due == item.due) throw InvalidArgument("'" + item.id + "' is already due on " + format_date(c.due));
      require_reason("moving a due date", c.reason);
      item.due = c.due;
    });
  }

  void on(const StatusChanged& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
    if (static_cast<unsigned>(c.status) > static_cast<unsigned>(ActionStatus::cancelled))
      throw InvalidArgument("invalid status " + std::to_string(static_cast<int>(c.status)));
    detail::validate_text("reason", c.reason, detail::TextKind::paragraphs);
    update(c.id, change, context, [&](ActionItem& item) {
      check_transition(item.status, c.status, c.reason);
      if (c.status == ActionStatus::done && item.progress().done < item.progress().total) {
        const Progress p = item.progress();
        throw InvalidTransition("cannot mark '" + item.id + "' done: " + std::to_string(p.total - p.done) + " of " +
                                std::to_string(p.total) + " targets are not done (complete or remove them)");
      }
      item.status = c.status;
    });
  }

  void on(const TargetsAdded& c, const ActionChange& change, const ChangeContext& context, const Roster& teams) {
    detail::validate_text("reason", c.reason, detail::TextKind::paragraphs);
    update(c.id, change, context, [&](ActionItem& item) {
      require_active(item, "add targets");
      if (c.teams.empty()) throw InvalidArgument("no targets to add to '" + item.id + "'");
      add_targets(item, c.teams, teams);
    });
  }

  void on(const TargetRemoved& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
    update(c.id, change, context, [&](ActionItem& item) {
      require_active(item, "remove a target");
      target_of(item, c.team);
      require_reason("removing a target", c.reason);
      std::erase_if(item.targets, [&](const Target& t) { return t.team == c.team; });
    });
  }

  void on(const TargetCompleted& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
    update(c.id, change, context, [&](ActionItem& item) {
      require_active(item, "complete a target");
      Target& t = target_of(item, c.team);
      if (t.done()) throw InvalidArgument("target '" + c.team + "' of '" + item.id + "' is already done (" + format_date(*t.done_on) + ")");
      validate_date(c.on);
      t.done_on = c.on;
    });
  }

  void on(const TargetReopened& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
    update(c.id, change, context, [&](ActionItem& item) {
      require_active(item, "reopen a target");
      Target& t = target_of(item, c.team);
      if (!t.done()) throw InvalidArgument("target '" + c.team + "' of '" + item.id + "' is not done");
      require_reason("reopening a target", c.reason);
      t.done_on.reset();
    });
  }

  void on(const CommentAdded& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
    detail::require_text("comment", c.text, detail::TextKind::paragraphs);
    update(c.id, change, context, [](ActionItem&) {});
  }

  void on(const MeetingSkipped& c, const ActionChange&, const ChangeContext&, const Roster&) {
    calendar_.require_meeting(c.date);
    require_unused(c.date, "skip");
    require_reason("skipping a meeting", c.reason);
    change_calendar([&](Calendar& cal) { cal.skip(c.date); });
  }

  void on(const MeetingMoved& c, const ActionChange&, const ChangeContext&, const Roster&) {
    calendar_.require_meeting(c.from);
    require_unused(c.from, "move");
    require_reason("moving a meeting", c.reason);
    change_calendar([&](Calendar& cal) { cal.move(c.from, c.to); });
  }

  void on(const MeetingRestored& c, const ActionChange&, const ChangeContext&, const Roster&) {
    detail::validate_text("reason", c.reason, detail::TextKind::paragraphs);
    change_calendar([&](Calendar& cal) { cal.restore(c.date); });
  }

  void on(const TemplateSet& c, const ActionChange&, const ChangeContext&, const Roster&) {
    validate(c.review_template);
    for (const auto& [team, p] : profiles_) validate(p, c.review_template);
    ReviewTemplate copy = c.review_template;
    template_ = std::move(copy);
  }

  void on(const TeamProfileSet& c, const ActionChange&, const ChangeContext&, const Roster& teams) {
    validate(c.profile, template_);
    require_team(teams, c.profile.team);
    TeamProfile copy = c.profile;
    profiles_.insert_or_assign(c.profile.team, std::move(copy));
  }

  void on(const ReviewRecorded& c, const ActionChange&, const ChangeContext&, const Roster& teams) {
    const ReviewRecord& r = c.record;
    validate(r, checklist(r.team));
    if (static_cast<unsigned>(r.monitoring) > static_cast<unsigned>(Monitoring::not_enough))
      throw InvalidArgument("invalid monitoring answer " + std::to_string(static_cast<int>(r.monitoring)));
    calendar_.require_meeting(r.meeting);
    require_team(teams, r.team);
    for (ReviewRecord& existing : reviews_)
      if (existing.meeting == r.meeting && existing.team == r.team) {
        ReviewRecord copy = r;  // copy first: a throwing copy leaves the old record whole
        existing = std::move(copy);
        return;
      }
    reviews_.push_back(r);
  }

  void on(const EscalationSet& c, const ActionChange&, const ChangeContext&, const Roster&) {
    check_escalation(c.missed_report_backs);
    escalate_after_ = c.missed_report_backs;
  }

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
