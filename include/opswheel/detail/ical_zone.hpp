// SPDX-License-Identifier: Apache-2.0
//
// A VTIMEZONE component (RFC 5545 §3.6.5) from a zone's observances (detail/zoneinfo.hpp): one
// STANDARD or DAYLIGHT sub-component per change of offset, and one with a yearly RRULE for each
// of the zone's recurring changes, so that a calendar client converts every meeting of the range
// to the right instant without knowing the zone itself.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ical_text.hpp"
#include "zoneinfo.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// UTC-OFFSET: "+hhmm", or "+hhmmss" when the offset has seconds (RFC 5545 §3.3.14; zero is "+0000").
inline std::string ics_offset(std::chrono::seconds offset) {
  const long long s = offset.count();
  const long long a = std::llabs(s);
  char text[48];
  std::snprintf(text, sizeof text, "%c%02lld%02lld", s < 0 ? '-' : '+', a / 3600, a / 60 % 60);
  std::string out = text;
  if (a % 60 != 0) {
    std::snprintf(text, sizeof text, "%02lld", a % 60);
    out += text;
  }
  return out;
}

/// The RRULE of a yearly change: its weekday as "the n-th" or "the last" of the month where it is
/// one, else that weekday among the seven month days it falls in.
inline std::string ics_yearly_rule(const ZoneYearly& y) {
  static constexpr const char* codes[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  const std::string day = codes[y.weekday.c_encoding()];
  std::string rule = "RRULE:FREQ=YEARLY;BYMONTH=" + std::to_string(y.month) + ";BYDAY=";
  if (y.first_day == -7) return rule + "-1" + day;
  if (y.first_day > 0 && (y.first_day - 1) % 7 == 0) return rule + std::to_string((y.first_day - 1) / 7 + 1) + day;
  std::string days;
  for (int d = y.first_day; d < y.first_day + 7; ++d) days += (days.empty() ? "" : ",") + std::to_string(d);
  return rule + day + ";BYMONTHDAY=" + days;
}

/// Appends the VTIMEZONE of zone `tzid` for `observances` to `out`.
inline void ics_vtimezone(std::string& out, const std::string& tzid, const ZoneObservances& observances) {
  auto component = [&](const ZoneOffset& before, const ZoneOffset& after, std::chrono::sys_seconds onset_local,
                       const std::string& rrule) {
    const char* kind = after.dst ? "DAYLIGHT" : "STANDARD";
    ics_line(out, std::string("BEGIN:") + kind);
    ics_line(out, "DTSTART:" + ics_date_time(onset_local));
    ics_line(out, "TZOFFSETFROM:" + ics_offset(before.utc_offset));
    ics_line(out, "TZOFFSETTO:" + ics_offset(after.utc_offset));
    if (!rrule.empty()) ics_line(out, rrule);
    if (!after.abbreviation.empty()) ics_line(out, "TZNAME:" + ics_text(after.abbreviation));
    ics_line(out, std::string("END:") + kind);
  };
  ics_line(out, "BEGIN:VTIMEZONE");
  ics_line(out, "TZID:" + ics_text(tzid));
  // An observance in force since before any change listed: an onset early enough for any client.
  if (observances.initial)
    component(*observances.initial, *observances.initial, std::chrono::sys_days{std::chrono::year{1601} / 1 / 1}, "");
  // DTSTART of an observance is its onset in the local time in force just before it.
  for (const ZoneChange& c : observances.changes) component(c.before, c.after, c.at + c.before.utc_offset, "");
  for (const ZoneYearly& y : observances.yearly)
    component(y.first.before, y.first.after, y.first.at + y.first.before.utc_offset, ics_yearly_rule(y));
  ics_line(out, "END:VTIMEZONE");
}

}  // namespace detail
OPSWHEEL_END_NAMESPACE
