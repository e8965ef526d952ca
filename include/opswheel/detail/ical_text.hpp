// SPDX-License-Identifier: Apache-2.0
//
// The lexical layer of iCalendar (RFC 5545 §3.1–3.3): content lines ended by CRLF and folded so no
// line is longer than 75 octets (never inside a UTF-8 character), TEXT values escaped, and the
// DATE, local DATE-TIME and UTC DATE-TIME forms.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "../date.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// A TEXT value: backslash, ';' and ',' escaped, line feeds as "\n" (RFC 5545 §3.3.11); carriage
/// returns dropped, since "\n" already ends the line.
inline std::string ics_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\' || c == ';' || c == ',') out += '\\';
    if (c == '\n') out += "\\n";
    else if (c != '\r') out += c;
  }
  return out;
}

/// Appends `line` to `out` as a content line: CRLF-terminated, folded after at most 75 octets per
/// physical line (the leading space of a continuation counts), cut only between characters.
inline void ics_line(std::string& out, std::string_view line) {
  std::size_t limit = 75;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xc0) == 0x80) --cut;  // not inside a character
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;
  }
  out.append(line);
  out += "\r\n";
}

/// DATE: "YYYYMMDD".
inline std::string ics_date(const Date& d) {
  std::string iso = format_date(d);
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

/// Floating (local) DATE-TIME: "YYYYMMDDTHHMMSS" at `since_midnight` on `d`, which may run past
/// midnight into the next days.
inline std::string ics_local(const Date& d, std::chrono::minutes since_midnight) {
  const auto day = std::chrono::floor<std::chrono::days>(since_midnight);
  const Date date{std::chrono::sys_days{d} + day};
  const auto m = (since_midnight - day).count();
  char time[16];
  std::snprintf(time, sizeof time, "T%02d%02d00", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return ics_date(date) + time;
}

/// Local DATE-TIME to the second, "YYYYMMDDTHHMMSS", for a wall-clock time held as sys_seconds.
inline std::string ics_date_time(std::chrono::sys_seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const auto s = (t - day).count();
  char time[16];
  std::snprintf(time, sizeof time, "T%02d%02d%02d", static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                static_cast<int>(s % 60));
  return ics_date(Date{day}) + time;
}

/// UTC DATE-TIME: "YYYYMMDDTHHMMSSZ".
inline std::string ics_utc(std::chrono::sys_seconds t) { return ics_date_time(t) + "Z"; }

}  // namespace detail
OPSWHEEL_END_NAMESPACE
