// SPDX-License-Identifier: Apache-2.0
//
// The iCalendar export (ical.hpp). Compiled by src/core/ical.cpp, or included by ical.hpp in
// header-only mode.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../action_book.hpp"
#include "../action_item.hpp"
#include "../agenda.hpp"
#include "../calendar.hpp"
#include "../detail/ical_text.hpp"
#include "../detail/ical_zone.hpp"
#include "../detail/text.hpp"
#include "../errors.hpp"
#include "../ical.hpp"
#include "../participant.hpp"

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {

inline std::string ics_priority(Priority p) {
  switch (p) {  // RFC 5545 §3.8.1.9: 1 highest, 5 medium, 9 lowest
    case Priority::urgent: return "1";
    case Priority::high: return "3";
    case Priority::normal: return "5";
    case Priority::low: return "9";
  }
  return "0";
}

inline std::string ics_status(ActionStatus s) {
  switch (s) {
    case ActionStatus::open: return "NEEDS-ACTION";
    case ActionStatus::in_progress: return "IN-PROCESS";
    case ActionStatus::done: return "COMPLETED";
    case ActionStatus::cancelled: return "CANCELLED";
  }
  return "NEEDS-ACTION";
}

inline std::string ics_weekday(std::chrono::weekday day) {
  static constexpr const char* codes[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  return codes[day.c_encoding()];
}

/// A meeting's agenda as plain text for DESCRIPTION: the time boxes, then the items to report on.
inline std::string agenda_text(const Agenda& a) {
  std::string out;
  for (const AgendaSection& s : a.sections) {
    out += format_time_of_day(a.start + s.start) + "-" + format_time_of_day(a.start + s.start + s.length) + " " + s.title;
    if (s.overflows) out += " (overflows)";
    out += "\n";
  }
  for (const AgendaReview& r : a.reviews) {
    out += "\n" + r.name + (r.name == r.team ? "" : " (" + r.team + ")");
    for (const DashboardLink& d : r.dashboards) out += "\n  " + d.title + ": " + d.url;
  }
  auto items = [&](const char* heading, const std::vector<AgendaItem>& list) {
    if (list.empty()) return;
    out += std::string("\n\n") + heading;
    for (const AgendaItem& i : list) out += "\n  " + i.id + " " + i.title + " (" + i.owner + ")" + (i.standing.escalated ? " ESCALATED" : "");
  };
  items("Report-backs due:", a.due);
  items("Overdue:", a.overdue);
  return out;
}

inline std::string item_text(const ActionBook& book, const ActionItem& item) {
  std::string out = item.description;
  if (!out.empty()) out += "\n\n";
  out += "Owner: " + item.owner + "\nReport-back: " + format_date(book.report_back(item));
  if (item.review) out += "\nRaised in the review of " + item.review->team + " on " + format_date(item.review->meeting);
  for (const Target& t : item.targets) out += "\nTarget " + t.team + ": " + (t.done() ? "done " + format_date(*t.done_on) : "pending");
  if (!item.ticket_url.empty()) out += "\nTicket: " + item.ticket_url;
  return out;
}

}  // namespace detail

OPSWHEEL_INLINE std::string to_icalendar(const ActionBook& book, const IcsOptions& options, const std::vector<Agenda>& agendas) {
  using namespace detail;
  validate_id(options.calendar_id);
  require_text("calendar title", options.title, TextKind::line);
  const Calendar& cal = book.calendar();
  const Cadence& cadence = cal.cadence();
  validate_date(options.from);
  std::chrono::sys_days first{options.from};
  first += cadence.weekday - std::chrono::weekday{first};
  const Date start{first};
  if (options.until) {
    validate_date(*options.until);
    if (*options.until < start)
      throw InvalidArgument("invalid export range: until " + format_date(*options.until) + " is before the first meeting " + format_date(start));
  }
  auto in_series = [&](const Date& regular) { return !(regular < start) && (!options.until || !(*options.until < regular)); };

  struct Override {
    Date regular, held;
    const Agenda* agenda = nullptr;
  };
  std::vector<Override> overrides;
  for (const auto& [regular, held] : cal.moves())
    if (in_series(regular)) overrides.push_back({regular, held, nullptr});
  for (const Agenda& a : agendas) {
    const Date regular = cal.regular_date(a.date);
    if (!in_series(regular)) throw InvalidArgument("the agenda of " + format_date(a.date) + " is outside the exported series");
    auto it = std::find_if(overrides.begin(), overrides.end(), [&](const Override& o) { return o.regular == regular; });
    if (it == overrides.end()) overrides.push_back({regular, a.date, &a});
    else if (it->agenda) throw InvalidArgument("two agendas for the meeting of " + format_date(a.date));
    else it->agenda = &a;
  }
  std::sort(overrides.begin(), overrides.end(), [](const Override& x, const Override& y) { return x.regular < y.regular; });

  // Local times with TZID and the zone's VTIMEZONE, or UTC times for "UTC".
  const bool utc = cadence.time_zone == "UTC";
  std::optional<ZoneRules> zone;
  if (!utc) zone = ZoneRules::load(cadence.time_zone);
  auto at = [&](std::string_view property, const Date& d) {
    const std::string local = ics_local(d, cadence.start);
    return utc ? std::string(property) + ":" + local + "Z" : std::string(property) + ";TZID=" + cadence.time_zone + ":" + local;
  };

  const std::string stamp = ics_utc(options.stamp);
  const std::string meeting_uid = ics_text(options.calendar_id) + ".meetings@opswheel";
  const std::string sequence = std::to_string(book.calendar_revision());
  const std::string duration = "PT" + std::to_string(cadence.duration.count()) + "M";
  std::string out;
  ics_line(out, "BEGIN:VCALENDAR");
  ics_line(out, "VERSION:2.0");
  ics_line(out, "PRODID:-//opswheel//opswheel " OPSWHEEL_VERSION_STRING "//EN");
  ics_line(out, "CALSCALE:GREGORIAN");
  ics_line(out, "X-WR-CALNAME:" + ics_text(options.title));
  ics_line(out, "X-WR-TIMEZONE:" + ics_text(cadence.time_zone));
  if (zone) {
    // The range the meetings span, a day wider each side for any offset.
    Date lo = start, hi = options.until.value_or(start);
    for (const Override& o : overrides) lo = std::min(lo, o.held), hi = std::max(hi, o.held);
    const std::chrono::sys_seconds from{std::chrono::sys_days{lo} - std::chrono::days{1}};
    std::optional<std::chrono::sys_seconds> until;
    if (options.until) until = std::chrono::sys_days{hi} + std::chrono::days{2};
    ics_vtimezone(out, cadence.time_zone, zone->observances(from, until));
  }

  auto event_head = [&] {
    ics_line(out, "BEGIN:VEVENT");
    ics_line(out, "UID:" + meeting_uid);
    ics_line(out, "DTSTAMP:" + stamp);
    ics_line(out, "SEQUENCE:" + sequence);
    ics_line(out, "SUMMARY:" + ics_text(options.title));
  };
  event_head();
  ics_line(out, at("DTSTART", start));
  ics_line(out, "DURATION:" + duration);
  std::string until_utc;
  if (options.until) {  // the end of the until date, in UTC (RFC 5545 §3.3.10)
    const std::chrono::sys_seconds last{std::chrono::sys_days{*options.until} + std::chrono::minutes{24 * 60 - 1}};
    until_utc = ics_utc(zone ? zone->to_utc(last) : last);
  }
  ics_line(out, "RRULE:FREQ=WEEKLY;BYDAY=" + ics_weekday(cadence.weekday) + (options.until ? ";UNTIL=" + until_utc : ""));
  for (const Date& skipped : cal.skipped())
    if (in_series(skipped)) ics_line(out, at("EXDATE", skipped));
  ics_line(out, "END:VEVENT");
  for (const Override& o : overrides) {
    event_head();
    ics_line(out, at("RECURRENCE-ID", o.regular));
    ics_line(out, at("DTSTART", o.held));
    ics_line(out, "DURATION:" + duration);
    if (o.agenda) ics_line(out, "DESCRIPTION:" + ics_text(agenda_text(*o.agenda)));
    ics_line(out, "END:VEVENT");
  }

  for (const ActionItem& item : book.items()) {
    ics_line(out, "BEGIN:VTODO");
    ics_line(out, "UID:" + ics_text(options.calendar_id) + ".item." + ics_text(item.id) + "@opswheel");
    ics_line(out, "DTSTAMP:" + stamp);
    ics_line(out, "CREATED:" + ics_utc(item.history.front().context.at));
    ics_line(out, "LAST-MODIFIED:" + ics_utc(item.history.back().context.at));
    ics_line(out, "SEQUENCE:" + std::to_string(item.history.size() - 1));
    ics_line(out, "SUMMARY:" + ics_text(item.id + " " + item.title));
    ics_line(out, "DESCRIPTION:" + ics_text(item_text(book, item)));
    ics_line(out, "DUE;VALUE=DATE:" + ics_date(item.due));
    ics_line(out, "STATUS:" + ics_status(item.status));
    ics_line(out, "PRIORITY:" + ics_priority(item.priority));
    if (item.fleet_wide()) ics_line(out, "PERCENT-COMPLETE:" + std::to_string(item.progress().percent()));
    if (item.status == ActionStatus::done)
      for (auto h = item.history.rbegin(); h != item.history.rend(); ++h)
        if (const auto* s = std::get_if<StatusChanged>(&h->change); s && s->status == ActionStatus::done) {
          ics_line(out, "COMPLETED:" + ics_utc(h->context.at));
          break;
        }
    if (!item.ticket_url.empty()) ics_line(out, "URL:" + item.ticket_url);
    ics_line(out, "X-OPSWHEEL-OWNER:" + ics_text(item.owner));
    ics_line(out, "END:VTODO");
  }
  ics_line(out, "END:VCALENDAR");
  return out;
}

OPSWHEEL_END_NAMESPACE
