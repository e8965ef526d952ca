// SPDX-License-Identifier: Apache-2.0
//
// Calendar: when the operations review meets — weekly on one weekday (Wednesday by default: mid-week,
// away from Monday's backlog and Friday's freezes), at a local start time for a duration, with
// skipped dates (holidays) and one-off moves. Action items report back at "the first meeting on or
// after the due date", so every date question in opswheel ends up here.
//
// Time zones: times are local times (wall-clock time in the meeting's zone), the zone an IANA name.
// Nothing in the calendar needs UTC: a meeting is a date plus a wall-clock time, and a date question
// (which meeting is next, is an item overdue) is a question about local dates. Only the iCalendar
// export reads the zone's rules, from the system's time-zone database (see ical.hpp).
// validate_time_zone checks the name's IANA form and area, not the database: "Europe/Berln" passes
// it, "Berlin" and "Europe/../etc" do not. Replay checks only that, so a log replays on any machine;
// where a zone is given (Wheel::set_cadence, the command's --tz), validate_known_time_zone also
// looks the zone up in the system's time-zone database, so a misspelt one is refused when typed.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"
#include "errors.hpp"
#include "participant.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Throws InvalidArgument unless `name` is "UTC" or an IANA zone name "Area/Location[/Sub]" with
/// Area one of the IANA areas (Africa, America, Antarctica, Arctic, Asia, Atlantic, Australia,
/// Europe, Indian, Pacific, Etc) and each part 1-14 characters of ASCII letters, digits, '.', '-',
/// '_' or '+', not starting with '-' and not "." or ".." (the rules of the tz database's theory
/// file). Without a tz database the location itself cannot be checked.
inline void validate_time_zone(std::string_view name) {
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

/// validate_time_zone, and that the system's time-zone database holds the zone: a TZif file under
/// $TZDIR, else /usr/share/zoneinfo ("UTC" needs none). The check where a zone is given
/// (Wheel::set_cadence, the command's --tz); replay checks only the form, so a wheel still replays
/// on a machine whose database lacks its zone. Throws InvalidArgument naming the zone.
/// \since 0.2.0
OPSWHEEL_CXX_API void validate_known_time_zone(std::string_view name);

/// "HH:MM" for a time of day given as minutes since midnight (taken modulo 24 hours, so a
/// meeting's end past midnight reads as the next day's clock time).
inline std::string format_time_of_day(std::chrono::minutes since_midnight) {
  const long long m = ((since_midnight.count() % 1440) + 1440) % 1440;
  char text[8];
  std::snprintf(text, sizeof text, "%02lld:%02lld", m / 60, m % 60);
  return text;
}

/// The regular meeting: a weekday, a local start time and a duration, in a time zone.
struct Cadence {
  std::chrono::weekday weekday = std::chrono::Wednesday;
  std::chrono::minutes start{10 * 60};   ///< local wall-clock time since midnight, in [0, 24 h)
  std::chrono::minutes duration{120};    ///< in (0, 24 h]
  std::string time_zone = "UTC";         ///< IANA name; see validate_time_zone
  bool operator==(const Cadence&) const = default;
};

/// Throws InvalidArgument naming the field unless every field of `c` is in its domain.
inline void validate(const Cadence& c) {
  if (!c.weekday.ok()) throw InvalidArgument("invalid cadence: the weekday must be Sunday to Saturday");
  if (c.start.count() < 0 || c.start.count() >= 1440)
    throw InvalidArgument("invalid cadence: the start time " + std::to_string(c.start.count()) +
                          " min is not a time of day (0 to 1439 minutes after midnight)");
  if (c.duration.count() <= 0 || c.duration.count() > 1440)
    throw InvalidArgument("invalid cadence: the duration " + std::to_string(c.duration.count()) +
                          " min must be more than 0 and at most 1440 minutes");
  validate_time_zone(c.time_zone);
}

/// A weekly meeting with exceptions. A meeting is identified by its *regular* date (the cadence's
/// weekday); a skip removes one, a move puts it on another date. Every mutator validates first and
/// leaves the calendar unchanged when it throws.
class Calendar {
 public:
  Calendar() = default;
  /// Throws InvalidArgument for an invalid cadence (see validate(const Cadence&)).
  explicit Calendar(Cadence cadence) : cadence_(std::move(cadence)) { validate(cadence_); }

  const Cadence& cadence() const noexcept { return cadence_; }
  /// Regular dates that do not meet.
  const std::set<Date>& skipped() const noexcept { return skipped_; }
  /// Regular date -> the date that meeting moved to.
  const std::map<Date, Date>& moves() const noexcept { return moves_; }

  /// True when `date` falls on the cadence's weekday (whether or not it is skipped or moved).
  bool is_regular(const Date& date) const {
    validate_date(date);
    return on_weekday(date);
  }

  /// True when a meeting takes place on `date`. Throws InvalidArgument for an invalid date.
  bool is_meeting(const Date& date) const {
    validate_date(date);
    return meets(date);
  }

  /// The regular date of the meeting held on `meeting` (itself unless it was moved there).
  /// Throws InvalidArgument when no meeting takes place on `meeting`.
  Date regular_date(const Date& meeting) const {
    require_meeting(meeting);
    const auto moved = arrivals_.find(meeting);
    return moved == arrivals_.end() ? meeting : moved->second;
  }

  /// The first meeting strictly after `after`. Throws InvalidArgument for an invalid date or when
  /// no meeting is left before the year 10000.
  Date next_meeting(const Date& after) const {
    validate_date(after);
    return meeting_on_or_after(add_days(after, 1));
  }

  /// The first meeting on or after `date`: an action item due on `date` reports back there.
  Date meeting_on_or_after(const Date& date) const {
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

  /// Every meeting in [from, to], in date order. Throws InvalidArgument for invalid dates or
  /// from > to.
  std::vector<Date> meetings(const Date& from, const Date& to) const {
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

  /// Cancels the meeting held on `date` (a holiday). A moved meeting is cancelled as a whole: its
  /// move is dropped and its regular date skipped. Throws InvalidArgument unless a meeting takes
  /// place on `date`.
  void skip(const Date& date) {
    const Date regular = regular_date(date);
    skipped_.insert(regular);
    if (const auto moved = moves_.find(regular); moved != moves_.end()) {
      arrivals_.erase(moved->second);
      moves_.erase(moved);
    }
  }

  /// Holds the meeting of `from` on `to` instead (once). `from` must be a meeting; `to` must not
  /// be one. Moving a meeting back to its regular date undoes the move.
  void move(const Date& from, const Date& to) {
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

  /// Brings back the regular meeting of `date` that skip() cancelled. Throws InvalidArgument when
  /// `date` is not a skipped regular date, or when another meeting has moved onto it meanwhile.
  void restore(const Date& date) {
    validate_date(date);
    if (skipped_.count(date) == 0) throw InvalidArgument("cannot restore " + format_date(date) + ": no meeting was skipped on that date");
    if (arrivals_.count(date) != 0)
      throw InvalidArgument("cannot restore " + format_date(date) + ": the meeting of " + format_date(arrivals_.at(date)) + " was moved onto it");
    skipped_.erase(date);
  }

  /// Throws InvalidArgument (naming `date`) unless a meeting takes place on `date`.
  void require_meeting(const Date& date) const {
    validate_date(date);
    if (!meets(date)) throw InvalidArgument("no meeting on " + format_date(date) + ": " + why_not(date));
  }

  bool operator==(const Calendar& other) const {
    return cadence_ == other.cadence_ && skipped_ == other.skipped_ && moves_ == other.moves_;
  }

  static Date add_days(const Date& date, int days) { return Date{std::chrono::sys_days{date} + std::chrono::days{days}}; }

 private:
  bool meets(const Date& date) const {
    if (arrivals_.count(date) != 0) return true;
    return on_weekday(date) && skipped_.count(date) == 0 && moves_.count(date) == 0;
  }

  bool on_weekday(const Date& date) const { return std::chrono::weekday{std::chrono::sys_days{date}} == cadence_.weekday; }

  std::string why_not(const Date& date) const {
    if (skipped_.count(date) != 0) return "that meeting is skipped";
    if (const auto moved = moves_.find(date); moved != moves_.end()) return "that meeting moved to " + format_date(moved->second);
    return "the review meets weekly on " + weekday_name(cadence_.weekday);
  }

  static std::string weekday_name(std::chrono::weekday day) {
    static constexpr std::array<const char*, 7> names = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    return names[day.c_encoding()];
  }

  Cadence cadence_{};
  std::set<Date> skipped_;
  std::map<Date, Date> moves_;     // regular date -> date held
  std::map<Date, Date> arrivals_;  // date held -> regular date (the inverse of moves_)
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/zoneinfo-inl.hpp"  // validate_known_time_zone
#endif
