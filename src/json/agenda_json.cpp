// SPDX-License-Identifier: Apache-2.0
//
// The JSON views of the action items and of an agenda (opswheel/agenda_json.hpp).
#include <opswheel/agenda_json.hpp>

#include <array>
#include <string_view>

#include "actions.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace {

using json_detail::json;

constexpr std::array<std::string_view, 6> part_names = {"successes",      "org_projects",   "operational_events",
                                                        "action_items",   "service_review", "announcements"};

json progress_json(const Progress& p) { return {{"done", p.done}, {"total", p.total}}; }

std::string dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::strict) + (indent >= 0 ? "\n" : "");
}

json item_json(const ActionBook& book, const ActionItem& a) {
  json targets = json::array();
  for (const Target& t : a.targets) targets.push_back({{"team", t.team}, {"done_on", json_detail::date_json(t.done_on)}});
  return {{"id", a.id},
          {"title", a.title},
          {"description", a.description},
          {"owner", a.owner},
          {"raised_at", format_date(a.raised_at)},
          {"due", format_date(a.due)},
          {"report_back", format_date(book.report_back(a))},
          {"status", std::string(to_string(a.status))},
          {"priority", std::string(to_string(a.priority))},
          {"ticket_url", a.ticket_url},
          {"review", json_detail::review_ref_json(a.review)},
          {"targets", std::move(targets)},
          {"progress", progress_json(a.progress())}};
}

json agenda_items_json(const std::vector<AgendaItem>& items) {
  json out = json::array();
  for (const AgendaItem& i : items)
    out.push_back({{"id", i.id},
                   {"title", i.title},
                   {"owner", i.owner},
                   {"status", std::string(to_string(i.status))},
                   {"due", format_date(i.due)},
                   {"report_back", format_date(i.standing.report_back)},
                   {"missed", i.standing.missed},
                   {"escalated", i.standing.escalated},
                   {"progress", progress_json(i.progress)}});
  return out;
}

}  // namespace

std::string action_items_json(const ActionBook& book, int indent) {
  json out = json::array();
  for (const ActionItem& a : book.items()) out.push_back(item_json(book, a));
  return dump(out, indent);
}

std::string agenda_json(const Agenda& a, int indent) {
  json sections = json::array();
  for (const AgendaSection& s : a.sections)
    sections.push_back({{"part", std::string(part_names[static_cast<std::size_t>(s.part)])},
                        {"title", s.title},
                        {"team", s.team},
                        {"start", s.start.count()},
                        {"length", s.length.count()},
                        {"overflows", s.overflows}});
  json reviews = json::array();
  for (const AgendaReview& r : a.reviews)
    reviews.push_back({{"team", r.team},
                       {"name", r.name},
                       {"dashboards", json_detail::dashboards_json(r.dashboards)},
                       {"checklist", json_detail::metrics_json(r.checklist)}});
  const json out = {{"date", format_date(a.date)},
                    {"start", format_time_of_day(a.start)},
                    {"duration", a.duration.count()},
                    {"time_zone", a.time_zone},
                    {"planned", a.planned.count()},
                    {"overflow", a.overflow.count()},
                    {"reviews_that_fit", a.reviews_that_fit},
                    {"sections", std::move(sections)},
                    {"reviews", std::move(reviews)},
                    {"due", agenda_items_json(a.due)},
                    {"overdue", agenda_items_json(a.overdue)}};
  return dump(out, indent);
}

OPSWHEEL_END_NAMESPACE
