// SPDX-License-Identifier: Apache-2.0
//
// JSON of the action-item changes and the meeting cadence (see actions.hpp). Each change is an
// object with a "kind" and the change's own fields, all of them always present.
#include "actions.hpp"

#include <array>
#include <cstdio>
#include <string_view>

#include <opswheel/json.hpp>

OPSWHEEL_BEGIN_NAMESPACE
namespace json_detail {
namespace {

constexpr std::array<std::string_view, 7> weekday_names = {"sunday",   "monday", "tuesday", "wednesday",
                                                           "thursday", "friday", "saturday"};

template <std::size_t N>
std::size_t name_index(const Node& n, const std::array<std::string_view, N>& names) {
  const std::string s = n.str();
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return i;
  n.fail("unknown value \"" + detail::printable(s) + "\"");
}

template <class Parse>
auto parsed(const Node& n, Parse parse) {
  try {
    return parse(n.str());
  } catch (const InvalidArgument& e) {
    n.fail(e.what());
  }
}

json metric_json(const Metric& m) { return {{"id", m.id}, {"description", m.description}}; }
Metric metric_from(const Node& n) { return {n.at("id").str(), n.at("description").str()}; }

json metrics_json(const std::vector<Metric>& metrics) {
  json a = json::array();
  for (const auto& m : metrics) a.push_back(metric_json(m));
  return a;
}

json review_json(const ReviewRecord& r) {
  json checklist = json::array();
  for (const auto& c : r.checklist) checklist.push_back({{"metric", c.metric}, {"reviewed", c.reviewed}, {"note", c.note}});
  return {{"meeting", format_date(r.meeting)},
          {"team", r.team},
          {"checklist", std::move(checklist)},
          {"outcome", r.outcome},
          {"monitoring", std::string(to_string(r.monitoring))},
          {"monitoring_notes", r.monitoring_notes},
          {"lessons", r.lessons}};
}
ReviewRecord review_from(const Node& n) {
  ReviewRecord r;
  r.meeting = n.at("meeting").date();
  r.team = n.at("team").str();
  r.checklist = n.at("checklist").list([](const Node& c) {
    return ChecklistEntry{c.at("metric").str(), c.at("reviewed").boolean(), c.at("note").str()};
  });
  r.outcome = n.at("outcome").str();
  r.monitoring = parsed(n.at("monitoring"), parse_monitoring);
  r.monitoring_notes = n.at("monitoring_notes").str();
  r.lessons = n.at("lessons").str();
  return r;
}

struct ChangeToJson {
  json operator()(const ItemCreated& c) const {
    json review = c.review ? json{{"meeting", format_date(c.review->meeting)}, {"team", c.review->team}} : json(nullptr);
    return {{"kind", "item_created"}, {"id", c.id},       {"title", c.title},
            {"description", c.description}, {"owner", c.owner}, {"raised_at", format_date(c.raised_at)},
            {"due", format_date(c.due)},    {"priority", std::string(to_string(c.priority))},
            {"review", std::move(review)},  {"ticket_url", c.ticket_url}, {"targets", c.targets}};
  }
  json operator()(const ItemEdited& c) const {
    return {{"kind", "item_edited"}, {"id", c.id}, {"title", c.title}, {"description", c.description},
            {"priority", std::string(to_string(c.priority))}, {"ticket_url", c.ticket_url}, {"reason", c.reason}};
  }
  json operator()(const OwnerChanged& c) const {
    return {{"kind", "owner_changed"}, {"id", c.id}, {"owner", c.owner}, {"reason", c.reason}};
  }
  json operator()(const DueMoved& c) const {
    return {{"kind", "due_moved"}, {"id", c.id}, {"due", format_date(c.due)}, {"reason", c.reason}};
  }
  json operator()(const StatusChanged& c) const {
    return {{"kind", "status_changed"}, {"id", c.id}, {"status", std::string(to_string(c.status))}, {"reason", c.reason}};
  }
  json operator()(const TargetsAdded& c) const {
    return {{"kind", "targets_added"}, {"id", c.id}, {"teams", c.teams}, {"reason", c.reason}};
  }
  json operator()(const TargetRemoved& c) const {
    return {{"kind", "target_removed"}, {"id", c.id}, {"team", c.team}, {"reason", c.reason}};
  }
  json operator()(const TargetCompleted& c) const {
    return {{"kind", "target_completed"}, {"id", c.id}, {"team", c.team}, {"on", format_date(c.on)}};
  }
  json operator()(const TargetReopened& c) const {
    return {{"kind", "target_reopened"}, {"id", c.id}, {"team", c.team}, {"reason", c.reason}};
  }
  json operator()(const CommentAdded& c) const { return {{"kind", "comment_added"}, {"id", c.id}, {"text", c.text}}; }
  json operator()(const MeetingSkipped& c) const {
    return {{"kind", "meeting_skipped"}, {"date", format_date(c.date)}, {"reason", c.reason}};
  }
  json operator()(const MeetingMoved& c) const {
    return {{"kind", "meeting_moved"}, {"from", format_date(c.from)}, {"to", format_date(c.to)}, {"reason", c.reason}};
  }
  json operator()(const MeetingRestored& c) const {
    return {{"kind", "meeting_restored"}, {"date", format_date(c.date)}, {"reason", c.reason}};
  }
  json operator()(const TemplateSet& c) const {
    return {{"kind", "template_set"}, {"metrics", metrics_json(c.review_template.metrics)}};
  }
  json operator()(const TeamProfileSet& c) const {
    json dashboards = json::array();
    for (const auto& d : c.profile.dashboards) dashboards.push_back({{"title", d.title}, {"url", d.url}});
    return {{"kind", "team_profile_set"}, {"team", c.profile.team}, {"metrics", metrics_json(c.profile.metrics)},
            {"dashboards", std::move(dashboards)}};
  }
  json operator()(const ReviewRecorded& c) const { return {{"kind", "review_recorded"}, {"record", review_json(c.record)}}; }
  json operator()(const EscalationSet& c) const {
    return {{"kind", "escalation_set"}, {"missed_report_backs", c.missed_report_backs}};
  }
};

}  // namespace

json cadence_json(const Cadence& c) {
  return {{"weekday", std::string(weekday_names[c.weekday.c_encoding()])},
          {"start_minutes", c.start.count()},
          {"duration_minutes", c.duration.count()},
          {"time_zone", c.time_zone}};
}

Cadence cadence_from(const Node& n) {
  Cadence c;
  c.weekday = std::chrono::weekday{static_cast<unsigned>(name_index(n.at("weekday"), weekday_names))};
  c.start = std::chrono::minutes{static_cast<long>(n.at("start_minutes").count())};
  c.duration = std::chrono::minutes{static_cast<long>(n.at("duration_minutes").count())};
  c.time_zone = n.at("time_zone").str();
  return c;
}

json action_change_json(const ActionChange& change) { return std::visit(ChangeToJson{}, change); }

ActionChange action_change_from(const Node& n) {
  const std::string kind = n.at("kind").str();
  auto id = [&] { return n.at("id").str(); };
  auto reason = [&] { return n.at("reason").str(); };
  if (kind == "item_created") {
    ItemCreated c;
    c.id = id();
    c.title = n.at("title").str();
    c.description = n.at("description").str();
    c.owner = n.at("owner").str();
    c.raised_at = n.at("raised_at").date();
    c.due = n.at("due").date();
    c.priority = parsed(n.at("priority"), parse_priority);
    if (!n.at("review").value.is_null()) c.review = ReviewRef{n.at("review").at("meeting").date(), n.at("review").at("team").str()};
    c.ticket_url = n.at("ticket_url").str();
    c.targets = n.at("targets").strings();
    return c;
  }
  if (kind == "item_edited")
    return ItemEdited{id(), n.at("title").str(), n.at("description").str(), parsed(n.at("priority"), parse_priority),
                      n.at("ticket_url").str(), reason()};
  if (kind == "owner_changed") return OwnerChanged{id(), n.at("owner").str(), reason()};
  if (kind == "due_moved") return DueMoved{id(), n.at("due").date(), reason()};
  if (kind == "status_changed") return StatusChanged{id(), parsed(n.at("status"), parse_status), reason()};
  if (kind == "targets_added") return TargetsAdded{id(), n.at("teams").strings(), reason()};
  if (kind == "target_removed") return TargetRemoved{id(), n.at("team").str(), reason()};
  if (kind == "target_completed") return TargetCompleted{id(), n.at("team").str(), n.at("on").date()};
  if (kind == "target_reopened") return TargetReopened{id(), n.at("team").str(), reason()};
  if (kind == "comment_added") return CommentAdded{id(), n.at("text").str()};
  if (kind == "meeting_skipped") return MeetingSkipped{n.at("date").date(), reason()};
  if (kind == "meeting_moved") return MeetingMoved{n.at("from").date(), n.at("to").date(), reason()};
  if (kind == "meeting_restored") return MeetingRestored{n.at("date").date(), reason()};
  if (kind == "template_set") return TemplateSet{ReviewTemplate{n.at("metrics").list(metric_from)}};
  if (kind == "team_profile_set")
    return TeamProfileSet{TeamProfile{n.at("team").str(), n.at("metrics").list(metric_from),
                                      n.at("dashboards").list([](const Node& d) {
                                        return DashboardLink{d.at("title").str(), d.at("url").str()};
                                      })}};
  if (kind == "review_recorded") return ReviewRecorded{review_from(n.at("record"))};
  if (kind == "escalation_set") return EscalationSet{static_cast<std::size_t>(n.at("missed_report_backs").count())};
  n.at("kind").fail("unknown action change \"" + detail::printable(kind) + "\"");
}

}  // namespace json_detail

namespace {

using namespace json_detail;

constexpr std::array<std::string_view, 6> part_names = {"successes",     "org_projects", "operational_events",
                                                        "action_items",  "service_review", "announcements"};

std::string clock_text(std::chrono::minutes m) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(m.count() / 60), static_cast<int>(m.count() % 60));
  return text;
}

json standing_json(const Standing& s) {
  return {{"report_back", format_date(s.report_back)}, {"missed", s.missed}, {"overdue", s.overdue}, {"escalated", s.escalated}};
}

json progress_json(const Progress& p) { return {{"done", p.done}, {"total", p.total}, {"percent", p.percent()}}; }

json agenda_item_json(const AgendaItem& i) {
  return {{"id", i.id},           {"title", i.title},          {"owner", i.owner},
          {"status", std::string(to_string(i.status))}, {"due", format_date(i.due)},
          {"standing", standing_json(i.standing)},       {"progress", progress_json(i.progress)}};
}

std::string dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::strict) + (indent >= 0 ? "\n" : "");
}

}  // namespace

std::string agenda_json(const Agenda& a, int indent) {
  json sections = json::array();
  for (const auto& s : a.sections)
    sections.push_back({{"part", std::string(part_names[static_cast<std::size_t>(s.part)])},
                        {"title", s.title},
                        {"team", s.team},
                        {"start", clock_text(a.start + s.start)},
                        {"minutes", s.length.count()},
                        {"overflows", s.overflows}});
  json reviews = json::array();
  for (const auto& r : a.reviews) {
    json dashboards = json::array();
    for (const auto& d : r.dashboards) dashboards.push_back({{"title", d.title}, {"url", d.url}});
    reviews.push_back({{"team", r.team}, {"name", r.name}, {"dashboards", std::move(dashboards)},
                       {"checklist", metrics_json(r.checklist)}});
  }
  json due = json::array(), overdue = json::array();
  for (const auto& i : a.due) due.push_back(agenda_item_json(i));
  for (const auto& i : a.overdue) overdue.push_back(agenda_item_json(i));
  const json doc = {{"date", format_date(a.date)},
                    {"start", clock_text(a.start)},
                    {"duration_minutes", a.duration.count()},
                    {"time_zone", a.time_zone},
                    {"planned_minutes", a.planned.count()},
                    {"overflow_minutes", a.overflow.count()},
                    {"reviews_that_fit", a.reviews_that_fit},
                    {"sections", std::move(sections)},
                    {"reviews", std::move(reviews)},
                    {"due", std::move(due)},
                    {"overdue", std::move(overdue)}};
  return dump(doc, indent);
}

std::string action_items_json(const ActionBook& book, const Date& as_of, int indent) {
  validate_date(as_of);
  json items = json::array();
  for (const ActionItem& item : book.items()) {
    json targets = json::array();
    for (const auto& t : item.targets) targets.push_back({{"team", t.team}, {"done_on", date_json(t.done_on)}});
    json history = json::array();
    for (const auto& h : item.history) {
      const auto at = std::chrono::floor<std::chrono::days>(h.context.at);
      const std::chrono::hh_mm_ss<std::chrono::seconds> time(h.context.at - at);
      char stamp[16];
      std::snprintf(stamp, sizeof stamp, "T%02d:%02d:%02dZ", static_cast<int>(time.hours().count()),
                    static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
      history.push_back({{"at", format_date(Date{at}) + stamp}, {"actor", h.context.actor}, {"change", action_change_json(h.change)}});
    }
    json review = item.review ? json{{"meeting", format_date(item.review->meeting)}, {"team", item.review->team}} : json(nullptr);
    items.push_back({{"id", item.id},
                     {"title", item.title},
                     {"description", item.description},
                     {"owner", item.owner},
                     {"raised_at", format_date(item.raised_at)},
                     {"due", format_date(item.due)},
                     {"status", std::string(to_string(item.status))},
                     {"priority", std::string(to_string(item.priority))},
                     {"review", std::move(review)},
                     {"ticket_url", item.ticket_url},
                     {"standing", standing_json(book.standing(item, as_of))},
                     {"progress", progress_json(item.progress())},
                     {"targets", std::move(targets)},
                     {"history", std::move(history)}});
  }
  return dump(json{{"as_of", format_date(as_of)}, {"items", std::move(items)}}, indent);
}

OPSWHEEL_END_NAMESPACE
