// SPDX-License-Identifier: Apache-2.0
//
// ActionBook's checks and changes (action_book.hpp). Compiled by src/core/action_book.cpp, or
// included by action_book.hpp in header-only mode.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "../action_book.hpp"
#include "../detail/text.hpp"
#include "../errors.hpp"
#include "../participant.hpp"
#include "../roster.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE ActionBook::ActionBook(Calendar calendar, ReviewTemplate review_template, std::size_t escalate_after)
    : calendar_(std::move(calendar)), template_(std::move(review_template)), escalate_after_(escalate_after) {
  validate(template_);
  check_escalation(escalate_after_);
}

OPSWHEEL_INLINE const ActionItem* ActionBook::find(std::string_view id) const {
  const auto it = index_.find(id);
  return it == index_.end() ? nullptr : &items_[it->second];
}

OPSWHEEL_INLINE const ActionItem& ActionBook::item(std::string_view id) const { return items_[index_of(id)]; }

OPSWHEEL_INLINE const TeamProfile* ActionBook::profile(std::string_view team) const {
  const auto it = profiles_.find(team);
  return it == profiles_.end() ? nullptr : &it->second;
}

OPSWHEEL_INLINE std::vector<Metric> ActionBook::checklist(std::string_view team) const { return opswheel::checklist(template_, profile(team)); }

OPSWHEEL_INLINE const ReviewRecord* ActionBook::review(const Date& meeting, std::string_view team) const {
  for (const ReviewRecord& r : reviews_)
    if (r.meeting == meeting && r.team == team) return &r;
  return nullptr;
}

OPSWHEEL_INLINE std::vector<const ActionItem*> ActionBook::raised_in(const ReviewRef& ref) const {
  std::vector<const ActionItem*> out;
  for (const ActionItem& a : items_)
    if (a.review == ref) out.push_back(&a);
  return out;
}

OPSWHEEL_INLINE Date ActionBook::report_back(const ActionItem& item) const { return calendar_.meeting_on_or_after(item.due); }

OPSWHEEL_INLINE Standing ActionBook::standing(const ActionItem& item, const Date& as_of) const {
  validate_date(as_of);
  Standing s;
  s.report_back = report_back(item);
  if (item.active() && s.report_back < as_of)
    s.missed = calendar_.meetings(s.report_back, Calendar::add_days(as_of, -1)).size();
  s.overdue = s.missed >= 1;
  s.escalated = s.missed >= escalate_after_;
  return s;
}

OPSWHEEL_INLINE void ActionBook::apply(const ActionChange& change, const ChangeContext& context, const Roster& teams) {
  detail::require_text("actor", context.actor, detail::TextKind::name);
  std::visit([&](const auto& c) { on(c, change, context, teams); }, change);
}

OPSWHEEL_INLINE void ActionBook::restore(const ActionChange& change, const ChangeContext& context) {
  trust_teams_ = true;
  try {
    apply(change, context, no_teams());
  } catch (...) {
    trust_teams_ = false;
    throw;
  }
  trust_teams_ = false;
}

OPSWHEEL_INLINE const ActionItem& ActionBook::create(ItemCreated item, const ChangeContext& context, const Roster& teams) {
  if (item.id.empty()) item.id = next_id();
  apply(item, context, teams);
  return items_.back();
}

OPSWHEEL_INLINE std::string ActionBook::next_id() const {
  for (std::size_t n = items_.size() + 1;; ++n)
    if (!find("AI-" + std::to_string(n))) return "AI-" + std::to_string(n);
}

OPSWHEEL_INLINE void ActionBook::move_due(std::string_view id, const Date& due, std::string reason, const ChangeContext& context) {
  apply(DueMoved{std::string(id), due, std::move(reason)}, context, no_teams());
}

OPSWHEEL_INLINE void ActionBook::set_status(std::string_view id, ActionStatus status, std::string reason, const ChangeContext& context) {
  apply(StatusChanged{std::string(id), status, std::move(reason)}, context, no_teams());
}

OPSWHEEL_INLINE void ActionBook::complete_target(std::string_view id, std::string_view team, const Date& on, const ChangeContext& context) {
  apply(TargetCompleted{std::string(id), std::string(team), on}, context, no_teams());
}

OPSWHEEL_INLINE void ActionBook::comment(std::string_view id, std::string text, const ChangeContext& context) {
  apply(CommentAdded{std::string(id), std::move(text)}, context, no_teams());
}

OPSWHEEL_INLINE void ActionBook::skip_meeting(const Date& date, std::string reason, const ChangeContext& context) {
  apply(MeetingSkipped{date, std::move(reason)}, context, no_teams());
}

OPSWHEEL_INLINE void ActionBook::move_meeting(const Date& from, const Date& to, std::string reason, const ChangeContext& context) {
  apply(MeetingMoved{from, to, std::move(reason)}, context, no_teams());
}

OPSWHEEL_INLINE void ActionBook::record_review(ReviewRecord record, const ChangeContext& context, const Roster& teams) {
  apply(ReviewRecorded{std::move(record)}, context, teams);
}

OPSWHEEL_INLINE const Roster& ActionBook::no_teams() {
  static const Roster empty;
  return empty;
}

OPSWHEEL_INLINE std::size_t ActionBook::index_of(std::string_view id) const {
  const auto it = index_.find(id);
  if (it == index_.end()) throw UnknownItem(detail::printable(id));
  return it->second;
}

OPSWHEEL_INLINE void ActionBook::check_escalation(std::size_t n) {
  if (n == 0) throw InvalidArgument("invalid escalation threshold 0: an item escalates after at least 1 missed report-back");
}

OPSWHEEL_INLINE void ActionBook::require_team(const Roster& teams, std::string_view id) const {
  validate_id(id);
  if (!trust_teams_ && !teams.contains(id)) throw UnknownId(detail::printable(id));
}

OPSWHEEL_INLINE void ActionBook::require_reason(std::string_view what, std::string_view reason) {
  detail::require_text("reason (" + std::string(what) + " needs one)", reason, detail::TextKind::paragraphs);
}

OPSWHEEL_INLINE void ActionBook::check_priority(Priority p) {
  if (static_cast<unsigned>(p) > static_cast<unsigned>(Priority::urgent))
    throw InvalidArgument("invalid priority " + std::to_string(static_cast<int>(p)));
}

OPSWHEEL_INLINE void ActionBook::check_due(const ActionItem& item, const Date& due) const {
  validate_date(due);
  if (due < item.raised_at)
    throw InvalidArgument("invalid due date " + format_date(due) + " for '" + item.id + "': it is before " +
                          format_date(item.raised_at) + ", the meeting the item was raised at");
  check_report_back(calendar_, item.id, due);
}

OPSWHEEL_INLINE void ActionBook::check_report_back(const Calendar& calendar, std::string_view id, const Date& due) {
  try {
    (void)calendar.meeting_on_or_after(due);
  } catch (const InvalidArgument& e) {
    throw InvalidArgument("invalid due date " + format_date(due) + " for '" + std::string(id) + "': " + e.what());
  }
}

OPSWHEEL_INLINE void ActionBook::change_calendar(const std::function<void(Calendar&)>& change) {
  Calendar next = calendar_;
  change(next);
  for (const ActionItem& item : items_)
    check_report_back(next, item.id, item.due);
  calendar_ = std::move(next);
  ++calendar_revision_;
}

OPSWHEEL_INLINE void ActionBook::require_active(const ActionItem& item, std::string_view what) {
  if (!item.active())
    throw InvalidTransition("cannot " + std::string(what) + " on '" + item.id + "': it is " +
                            std::string(to_string(item.status)) + "; reopen it first");
}

OPSWHEEL_INLINE Target& ActionBook::target_of(ActionItem& item, std::string_view team) {
  for (Target& t : item.targets)
    if (t.team == team) return t;
  throw InvalidArgument("'" + detail::printable(team) + "' is not a target of '" + item.id + "'");
}

OPSWHEEL_INLINE void ActionBook::require_unused(const Date& meeting, std::string_view what) const {
  std::size_t raised = 0;
  for (const ActionItem& a : items_) raised += a.raised_at == meeting;
  const bool reviewed = std::any_of(reviews_.begin(), reviews_.end(), [&](const ReviewRecord& r) { return r.meeting == meeting; });
  if (raised != 0 || reviewed)
    throw InvalidArgument("cannot " + std::string(what) + " the meeting of " + format_date(meeting) + ": " +
                          (raised != 0 ? std::to_string(raised) + " action item(s) were raised at it"
                                       : std::string("reviews were recorded at it")));
}

template <class Edit>
void ActionBook::update(const std::string& id, const ActionChange& change, const ChangeContext& context, Edit edit) {
  const std::size_t i = index_of(id);
  ActionItem next = items_[i];
  edit(next);
  next.history.push_back({change, context});
  items_[i] = std::move(next);
}

OPSWHEEL_INLINE void ActionBook::on(const ItemCreated& c, const ActionChange& change, const ChangeContext& context, const Roster& teams) {
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

OPSWHEEL_INLINE void ActionBook::check_fields(const ActionItem& item) {
  detail::require_text("title", item.title, detail::TextKind::line);
  detail::validate_text("description", item.description, detail::TextKind::paragraphs);
  check_priority(item.priority);
  validate_url(item.ticket_url);
}

OPSWHEEL_INLINE void ActionBook::add_targets(ActionItem& item, const std::vector<std::string>& teams_to_add, const Roster& teams) {
  for (const std::string& team : teams_to_add) {
    require_team(teams, team);
    if (item.target(team))
      throw InvalidArgument("duplicate target '" + team + "' on '" + item.id + "': each team is a target once");
    item.targets.push_back({team, std::nullopt});
  }
}

OPSWHEEL_INLINE void ActionBook::on(const ItemEdited& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
  detail::validate_text("reason", c.reason, detail::TextKind::paragraphs);
  update(c.id, change, context, [&](ActionItem& item) {
    item.title = c.title;
    item.description = c.description;
    item.priority = c.priority;
    item.ticket_url = c.ticket_url;
    check_fields(item);
  });
}

OPSWHEEL_INLINE void ActionBook::on(const OwnerChanged& c, const ActionChange& change, const ChangeContext& context, const Roster& teams) {
  update(c.id, change, context, [&](ActionItem& item) {
    require_team(teams, c.owner);
    if (c.owner == item.owner) throw InvalidArgument("'" + item.id + "' is already owned by '" + c.owner + "'");
    require_reason("a new owner", c.reason);
    item.owner = c.owner;
  });
}

OPSWHEEL_INLINE void ActionBook::on(const DueMoved& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
  update(c.id, change, context, [&](ActionItem& item) {
    check_due(item, c.due);
    if (c.due == item.due) throw InvalidArgument("'" + item.id + "' is already due on " + format_date(c.due));
    require_reason("moving a due date", c.reason);
    item.due = c.due;
  });
}

OPSWHEEL_INLINE void ActionBook::on(const StatusChanged& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
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

OPSWHEEL_INLINE void ActionBook::on(const TargetsAdded& c, const ActionChange& change, const ChangeContext& context, const Roster& teams) {
  detail::validate_text("reason", c.reason, detail::TextKind::paragraphs);
  update(c.id, change, context, [&](ActionItem& item) {
    require_active(item, "add targets");
    if (c.teams.empty()) throw InvalidArgument("no targets to add to '" + item.id + "'");
    add_targets(item, c.teams, teams);
  });
}

OPSWHEEL_INLINE void ActionBook::on(const TargetRemoved& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
  update(c.id, change, context, [&](ActionItem& item) {
    require_active(item, "remove a target");
    target_of(item, c.team);
    require_reason("removing a target", c.reason);
    std::erase_if(item.targets, [&](const Target& t) { return t.team == c.team; });
  });
}

OPSWHEEL_INLINE void ActionBook::on(const TargetCompleted& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
  update(c.id, change, context, [&](ActionItem& item) {
    require_active(item, "complete a target");
    Target& t = target_of(item, c.team);
    if (t.done()) throw InvalidArgument("target '" + c.team + "' of '" + item.id + "' is already done (" + format_date(*t.done_on) + ")");
    validate_date(c.on);
    t.done_on = c.on;
  });
}

OPSWHEEL_INLINE void ActionBook::on(const TargetReopened& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
  update(c.id, change, context, [&](ActionItem& item) {
    require_active(item, "reopen a target");
    Target& t = target_of(item, c.team);
    if (!t.done()) throw InvalidArgument("target '" + c.team + "' of '" + item.id + "' is not done");
    require_reason("reopening a target", c.reason);
    t.done_on.reset();
  });
}

OPSWHEEL_INLINE void ActionBook::on(const CommentAdded& c, const ActionChange& change, const ChangeContext& context, const Roster&) {
  detail::require_text("comment", c.text, detail::TextKind::paragraphs);
  update(c.id, change, context, [](ActionItem&) {});
}

OPSWHEEL_INLINE void ActionBook::on(const MeetingSkipped& c, const ActionChange&, const ChangeContext&, const Roster&) {
  calendar_.require_meeting(c.date);
  require_unused(c.date, "skip");
  require_reason("skipping a meeting", c.reason);
  change_calendar([&](Calendar& cal) { cal.skip(c.date); });
}

OPSWHEEL_INLINE void ActionBook::on(const MeetingMoved& c, const ActionChange&, const ChangeContext&, const Roster&) {
  calendar_.require_meeting(c.from);
  require_unused(c.from, "move");
  require_reason("moving a meeting", c.reason);
  change_calendar([&](Calendar& cal) { cal.move(c.from, c.to); });
}

OPSWHEEL_INLINE void ActionBook::on(const MeetingRestored& c, const ActionChange&, const ChangeContext&, const Roster&) {
  detail::validate_text("reason", c.reason, detail::TextKind::paragraphs);
  change_calendar([&](Calendar& cal) { cal.restore(c.date); });
}

OPSWHEEL_INLINE void ActionBook::on(const TemplateSet& c, const ActionChange&, const ChangeContext&, const Roster&) {
  validate(c.review_template);
  for (const auto& [team, p] : profiles_) validate(p, c.review_template);
  ReviewTemplate copy = c.review_template;
  template_ = std::move(copy);
}

OPSWHEEL_INLINE void ActionBook::on(const TeamProfileSet& c, const ActionChange&, const ChangeContext&, const Roster& teams) {
  validate(c.profile, template_);
  require_team(teams, c.profile.team);
  TeamProfile copy = c.profile;
  profiles_.insert_or_assign(c.profile.team, std::move(copy));
}

OPSWHEEL_INLINE void ActionBook::on(const ReviewRecorded& c, const ActionChange&, const ChangeContext&, const Roster& teams) {
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

OPSWHEEL_INLINE void ActionBook::on(const EscalationSet& c, const ActionChange&, const ChangeContext&, const Roster&) {
  check_escalation(c.missed_report_backs);
  escalate_after_ = c.missed_report_backs;
}

OPSWHEEL_END_NAMESPACE
