// SPDX-License-Identifier: Apache-2.0
//
// The calendar's date questions and changes (calendar.hpp). Compiled by src/core/calendar.cpp, or
// included by calendar.hpp in header-only mode.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../calendar.hpp"
#include "../date.hpp"
#include "../detail/text.hpp"
#include "../errors.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE void validate_time_zone(std::string_view name) {
  auto fail = [&](const char* why) {
    throw InvalidArgument("invalid time zone '" + detail::printable(name) + "': " + why);
  };
  if (name == "UTC") return;
  static constexpr std::array<std::string_view, 11> areas = {
      "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific", "Etc"};
  const auto slash = name.find('/');
  if (slash == std::string_view::npos) fail("expected an IANA name such as Europe/Berlin, or UTC");
  if (std::find(areas.begin(), areas.end(), name.substr(0, slash)) == areas.end())
    fail("unknown area; expected Africa, America, Antarctica, Arctic, Asia, Atlantic, Australia, Europe, Indian, Pacific or Etc");
  std::string_view rest = name.substr(slash + 1);
  for (;;) {
    const auto end = rest.find('/');
    const std::string_view part = rest.substr(0, end);
    if (part.empty() || part.size() > 14) fail("each part of the name must be 1 to 14 characters");
    if (part == "." || part == ".." || part.front() == '-') fail("a part of the name is '.', '..' or starts with '-'");
    for (const char c : part)
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
            c == '_' || c == '+'))
        fail("only ASCII letters, digits, '.', '-', '_' and '+' may appear");
    if (end == std::string_view::npos) break;
    rest = rest.substr(end + 1);
  }
}

OPSWHEEL_INLINE std::string format_time_of_day(std::chrono::minutes since_midnight) {
  const long long m = ((since_midnight.count() % 1440) + 1440) % 1440;
  char text[8];
  std::snprintf(text, sizeof text, "%02lld:%02lld", m / 60, m % 60);
  return text;
}

OPSWHEEL_INLINE void validate(const Cadence& c) {
  if (!c.weekday.ok()) throw InvalidArgument("invalid cadence: the weekday must be Sunday to Saturday");
  if (c.start.count() < 0 || c.start.count() >= 1440)
    throw InvalidArgument("invalid cadence: the start time " + std::to_string(c.start.count()) +
                          " min is not a time of day (0 to 1439 minutes after midnight)");
  if (c.duration.count() <= 0 || c.duration.count() > 1440)
    throw InvalidArgument("invalid cadence: the duration " + std::to_string(c.duration.count()) +
                          " min must be more than 0 and at most 1440 minutes");
  validate_time_zone(c.time_zone);
}

OPSWHEEL_INLINE Calendar::Calendar(Cadence cadence)
    : cadence_(std::move(cadence)) { validate(cadence_); }

OPSWHEEL_INLINE bool Calendar::is_regular(const Date& date) const {
  validate_date(date);
  return on_weekday(date);
}

OPSWHEEL_INLINE bool Calendar::is_meeting(const Date& date) const {
  validate_date(date);
  return meets(date);
}

OPSWHEEL_INLINE Date Calendar::regular_date(const Date& meeting) const {
  require_meeting(meeting);
  const auto moved = arrivals_.find(meeting);
  return moved == arrivals_.end() ? meeting : moved->second;
}

OPSWHEEL_INLINE Date Calendar::next_meeting(const Date& after) const {
  validate_date(after);
  return meeting_on_or_after(add_days(after, 1));
}

OPSWHEEL_INLINE Date Calendar::meeting_on_or_after(const Date& date) const {
  validate_date(date);
  std::chrono::sys_days regular{date};
  regular += (cadence_.weekday - std::chrono::weekday{regular});
  // Skips and moves are finite, so this loop ends after at most their number of weeks.
  while (skipped_.count(Date{regular}) != 0 || moves_.count(Date{regular}) != 0) regular += std::chrono::days{7};
  std::chrono::sys_days best = regular;
  const auto moved = arrivals_.lower_bound(date);
  if (moved != arrivals_.end()) best = std::min(best, std::chrono::sys_days{moved->first});
  const Date found{best};
  if (static_cast<int>(found.year()) > 9999)
    throw InvalidArgument("no meeting on or after " + format_date(date) + " before the year 10000");
  return found;
}

OPSWHEEL_INLINE std::vector<Date> Calendar::meetings(const Date& from, const Date& to) const {
  validate_date(from);
  validate_date(to);
  if (to < from) throw InvalidArgument("invalid range: " + format_date(from) + " is after " + format_date(to));
  std::vector<Date> out;
  std::chrono::sys_days day{from};
  day += (cadence_.weekday - std::chrono::weekday{day});
  for (; day <= std::chrono::sys_days{to}; day += std::chrono::days{7})
    if (skipped_.count(Date{day}) == 0 && moves_.count(Date{day}) == 0) out.push_back(Date{day});
  for (auto it = arrivals_.lower_bound(from); it != arrivals_.end() && it->first <= to; ++it) out.push_back(it->first);
  std::sort(out.begin(), out.end());
  return out;
}

OPSWHEEL_INLINE void Calendar::skip(const Date& date) {
  const Date regular = regular_date(date);
  skipped_.insert(regular);
  if (const auto moved = moves_.find(regular); moved != moves_.end()) {
    arrivals_.erase(moved->second);
    moves_.erase(moved);
  }
}

OPSWHEEL_INLINE void Calendar::move(const Date& from, const Date& to) {
  const Date regular = regular_date(from);
  validate_date(to);
  if (to == from) throw InvalidArgument("cannot move the meeting of " + format_date(from) + " to the same date");
  if (meets(to)) throw InvalidArgument("cannot move the meeting of " + format_date(from) + " to " + format_date(to) + ": a meeting already takes place then");
  const auto moved = moves_.find(regular);
  if (to == regular) {  // `to` is no meeting, so the meeting of `regular` was moved away
    arrivals_.erase(moved->second);
    moves_.erase(moved);
    return;
  }
  arrivals_.emplace(to, regular);  // may throw: nothing changed yet
  if (moved != moves_.end()) {
    arrivals_.erase(moved->second);
    moved->second = to;
    return;
  }
  try {
    moves_.emplace(regular, to);
  } catch (...) {
    arrivals_.erase(to);
    throw;
  }
}

OPSWHEEL_INLINE void Calendar::restore(const Date& date) {
  validate_date(date);
  if (skipped_.count(date) == 0) throw InvalidArgument("cannot restore " + format_date(date) + ": no meeting was skipped on that date");
  if (arrivals_.count(date) != 0)
    throw InvalidArgument("cannot restore " + format_date(date) + ": the meeting of " + format_date(arrivals_.at(date)) + " was moved onto it");
  skipped_.erase(date);
}

OPSWHEEL_INLINE void Calendar::require_meeting(const Date& date) const {
  validate_date(date);
  if (!meets(date)) throw InvalidArgument("no meeting on " + format_date(date) + ": " + why_not(date));
}

OPSWHEEL_INLINE bool Calendar::meets(const Date& date) const {
  if (arrivals_.count(date) != 0) return true;
  return on_weekday(date) && skipped_.count(date) == 0 && moves_.count(date) == 0;
}

OPSWHEEL_INLINE bool Calendar::on_weekday(const Date& date) const { return std::chrono::weekday{std::chrono::sys_days{date}} == cadence_.weekday; }

OPSWHEEL_INLINE std::string Calendar::why_not(const Date& date) const {
  if (skipped_.count(date) != 0) return "that meeting is skipped";
  if (const auto moved = moves_.find(date); moved != moves_.end()) return "that meeting moved to " + format_date(moved->second);
  return "the review meets weekly on " + weekday_name(cadence_.weekday);
}

OPSWHEEL_INLINE std::string Calendar::weekday_name(std::chrono::weekday day) {
  static constexpr std::array<const char*, 7> names = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  return names[day.c_encoding()];
}

OPSWHEEL_END_NAMESPACE
