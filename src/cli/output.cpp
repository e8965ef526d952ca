// SPDX-License-Identifier: Apache-2.0
#include "output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include <opswheel/action_status.hpp>
#include <opswheel/json.hpp>

namespace opswheel_cli {
namespace {

std::size_t width(const std::string& s) {  // UTF-8 characters: count the bytes that start one
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

std::string section_part(opswheel::AgendaPart p) {
  switch (p) {
    case opswheel::AgendaPart::successes: return "successes";
    case opswheel::AgendaPart::org_projects: return "org_projects";
    case opswheel::AgendaPart::operational_events: return "operational_events";
    case opswheel::AgendaPart::action_items: return "action_items";
    case opswheel::AgendaPart::service_review: return "service_review";
    case opswheel::AgendaPart::announcements: return "announcements";
  }
  return "";
}

json standing_json(const opswheel::Standing& s) {
  return {{"report_back", opswheel::format_date(s.report_back)}, {"missed", s.missed}, {"overdue", s.overdue}, {"escalated", s.escalated}};
}

}  // namespace

Table::Table(std::vector<std::string> headers, std::vector<bool> right_aligned)
    : headers_(std::move(headers)), right_(std::move(right_aligned)) {
  right_.resize(headers_.size(), false);
}

void Table::add(std::vector<std::string> row) {
  row.resize(headers_.size());
  rows_.push_back(std::move(row));
}

void Table::print(std::ostream& out) const {
  std::vector<std::size_t> widths(headers_.size());
  for (std::size_t c = 0; c < headers_.size(); ++c) {
    widths[c] = width(headers_[c]);
    for (const auto& r : rows_) widths[c] = std::max(widths[c], width(r[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(widths[c] - width(cells[c]), ' ');
      const bool last = c + 1 == cells.size();
      text += right_[c] ? pad + cells[c] : cells[c] + (last ? "" : pad);
      if (!last) text += "  ";
    }
    text.erase(text.find_last_not_of(' ') + 1);  // an empty last cell leaves no trailing blanks
    out << text << '\n';
  };
  line(headers_);
  for (const auto& r : rows_) line(r);
}

void print_json(const json& doc) { std::cout << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n'; }

std::string fixed(double value, int digits) {
  if (std::isnan(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string percent(double chance) { return fixed(100 * chance, chance > 0 && chance < 0.1 ? 1 : 0) + "%"; }

std::string format_timestamp(opswheel::Timestamp at) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(at);
  const auto day = std::chrono::floor<std::chrono::days>(secs);
  const std::chrono::hh_mm_ss clock(secs - day);
  char time[16];
  std::snprintf(time, sizeof time, " %02d:%02d", static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()));
  return opswheel::format_date(opswheel::Date{day}) + time;
}

std::string date_or(const std::optional<opswheel::Date>& date, const char* none) {
  return date ? opswheel::format_date(*date) : none;
}

std::string status_text(const opswheel::Participant& p) {
  if (!p.paused) return "active";
  return p.paused_until ? "paused until " + opswheel::format_date(*p.paused_until) : "paused";
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

json date_json(const std::optional<opswheel::Date>& date) { return date ? json(opswheel::format_date(*date)) : json(nullptr); }

json to_json(const opswheel::Participant& p) {
  return {{"id", p.id},       {"name", p.display_name()}, {"url", p.url},
          {"weight", p.weight}, {"paused", p.paused},     {"paused_until", date_json(p.paused_until)},
          {"tags", p.tags},   {"subwheel", p.subwheel}};
}

json to_json(const opswheel::TeamStats& s) {
  return {{"id", s.id},
          {"turns", s.turns},
          {"last_meeting", s.last_meeting ? json(*s.last_meeting) : json(nullptr)},
          {"last_date", date_json(s.last_date)},
          {"current_gap", s.current_gap},
          {"longest_gap", s.longest_gap},
          {"expected", s.expected},
          {"deviation", s.deviation}};
}

json to_json(const opswheel::Pin& p) { return {{"id", p.id}, {"reason", p.reason}, {"actor", p.actor}}; }

json to_json(const opswheel::Skip& s) {
  return {{"id", s.id}, {"reason", s.reason}, {"replacement", s.replacement}, {"actor", s.actor}};
}

json to_json(const opswheel::Meeting& m) {
  json pinned = json::array(), skipped = json::array(), delegated = json::array();
  for (const auto& p : m.pinned) pinned.push_back(to_json(p));
  for (const auto& s : m.skipped) skipped.push_back(to_json(s));
  for (const auto& d : m.delegated) delegated.push_back({{"id", d.id}, {"wheel", d.wheel}, {"picks", d.picks}});
  return {{"number", m.number}, {"date", date_json(m.date)}, {"picks", m.picks}, {"pinned", pinned},
          {"skipped", skipped}, {"seed", m.seed ? json(std::to_string(*m.seed)) : json(nullptr)}, {"delegated", delegated}};
}

json to_json(const opswheel::Suggestion& s, const opswheel::Wheel& wheel, const opswheel::Chances* chances) {
  json picks = json::array(), pinned = json::array(), skipped = json::array();
  for (const auto& id : s.picks) {
    json pick = {{"id", id}, {"name", wheel.roster().contains(id) ? wheel.roster().at(id).display_name() : id}};
    if (chances) pick["chance"] = chances->values.at(wheel.roster().index_of(id));
    pick["pinned"] = std::any_of(s.pinned.begin(), s.pinned.end(), [&](const opswheel::Pin& p) { return p.id == id; });
    picks.push_back(std::move(pick));
  }
  for (const auto& p : s.pinned) pinned.push_back(to_json(p));
  for (const auto& k : s.skipped) skipped.push_back(to_json(k));
  return {{"picks", picks}, {"pinned", pinned}, {"skipped", skipped}, {"seed", std::to_string(s.seed)},
          {"spin", s.spin}, {"version", s.version}};
}

json to_json(const opswheel::ActionBook& book, const opswheel::ActionItem& item, const opswheel::Date& as_of) {
  json targets = json::array();
  for (const auto& t : item.targets) targets.push_back({{"team", t.team}, {"done_on", date_json(t.done_on)}});
  json history = json::array();
  for (const auto& h : item.history) {
    // The change as the audit log writes it (one JSON shape for a change, defined in src/json).
    const opswheel::Event e{0, opswheel::Timestamp(h.context.at), h.context.actor, opswheel::events::ActionChanged{h.change}};
    json logged = to_json(e);
    history.push_back({{"at", logged["at"]}, {"actor", h.context.actor}, {"change", logged["data"]["change"]}});
  }
  return {{"id", item.id},
          {"title", item.title},
          {"description", item.description},
          {"owner", item.owner},
          {"status", std::string(opswheel::to_string(item.status))},
          {"priority", std::string(opswheel::to_string(item.priority))},
          {"raised_at", opswheel::format_date(item.raised_at)},
          {"due", opswheel::format_date(item.due)},
          {"standing", standing_json(book.standing(item, as_of))},
          {"ticket_url", item.ticket_url},
          {"targets", targets},
          {"history", history}};
}

json to_json(const opswheel::AgendaItem& i) {
  json out = {{"id", i.id},
              {"title", i.title},
              {"owner", i.owner},
              {"status", std::string(opswheel::to_string(i.status))},
              {"due", opswheel::format_date(i.due)},
              {"standing", standing_json(i.standing)}};
  if (i.progress.total > 0) out["progress"] = {{"done", i.progress.done}, {"total", i.progress.total}};
  return out;
}

json to_json(const opswheel::Agenda& a) {
  json sections = json::array(), reviews = json::array(), due = json::array(), overdue = json::array();
  for (const auto& s : a.sections)
    sections.push_back({{"part", section_part(s.part)},
                        {"title", s.title},
                        {"team", s.team},
                        {"start", opswheel::format_time_of_day(a.start + s.start)},
                        {"minutes", s.length.count()},
                        {"overflows", s.overflows}});
  for (const auto& r : a.reviews) {
    json dashboards = json::array(), checklist = json::array();
    for (const auto& d : r.dashboards) dashboards.push_back({{"title", d.title}, {"url", d.url}});
    for (const auto& m : r.checklist) checklist.push_back({{"id", m.id}, {"description", m.description}});
    reviews.push_back({{"team", r.team}, {"name", r.name}, {"dashboards", dashboards}, {"checklist", checklist}});
  }
  for (const auto& i : a.due) due.push_back(to_json(i));
  for (const auto& i : a.overdue) overdue.push_back(to_json(i));
  return {{"date", opswheel::format_date(a.date)},
          {"start", opswheel::format_time_of_day(a.start)},
          {"minutes", a.duration.count()},
          {"time_zone", a.time_zone},
          {"sections", sections},
          {"reviews", reviews},
          {"due", due},
          {"overdue", overdue},
          {"planned_minutes", a.planned.count()},
          {"overflow_minutes", a.overflow.count()},
          {"reviews_that_fit", a.reviews_that_fit}};
}

json to_json(const opswheel::FairnessMetrics& m) {
  return {{"weeks", m.weeks},
          {"teams", m.teams},
          {"max_gap", m.max_gap},
          {"max_gap_normalised", m.max_gap_normalised},
          {"mean_gap", m.mean_gap},
          {"max_deviation", m.max_deviation},
          {"win52", m.win52},
          {"certainty", m.certainty},
          {"near_certainty", m.near_certainty},
          {"entropy", m.entropy},
          {"duplicates", m.duplicates}};
}

json to_json(const opswheel::Event& event) { return json::parse(opswheel::event_json(event)); }

}  // namespace opswheel_cli
