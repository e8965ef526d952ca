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

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Throws InvalidArgument unless `name` is "UTC" or an IANA zone name "Area/Location[/Sub]" with
/// Area one of the IANA areas (Africa, America, Antarctica, Arctic, Asia, Atlantic, Australia,
/// Europe, Indian, Pacific, Etc) and each part 1-14 characters of ASCII letters, digits, '.', '-',
/// '_' or '+', not starting with '-' and not "." or ".." (the rules of the tz database's theory
/// file). Without a tz database the location itself cannot be checked.
OPSWHEEL_CXX_API void validate_time_zone(std::string_view name);

/// validate_time_zone, and that the system's time-zone database holds the zone: a TZif file under
/// $TZDIR, else /usr/share/zoneinfo ("UTC" needs none). The check where a zone is given
/// (Wheel::set_cadence, the command's --tz); replay checks only the form, so a wheel still replays
/// on a machine whose database lacks its zone. Throws InvalidArgument naming the zone.
/// \since 0.2.0
OPSWHEEL_CXX_API void validate_known_time_zone(std::string_view name);

/// "HH:MM" for a time of day given as minutes since midnight (taken modulo 24 hours, so a
/// meeting's end past midnight reads as the next day's clock time).
OPSWHEEL_CXX_API std::string format_time_of_day(std::chrono::minutes since_midnight);

/// The regular meeting: a weekday, a local start time and a duration, in a time zone.
struct Cadence {
  std::chrono::weekday weekday = std::chrono::Wednesday;
  std::chrono::minutes start{10 * 60};   ///< local wall-clock time since midnight, in [0, 24 h)
  std::chrono::minutes duration{120};    ///< in (0, 24 h]
  std::string time_zone = "UTC";         ///< IANA name; see validate_time_zone
  bool operator==(const Cadence&) const = default;
};

/// Throws InvalidArgument naming the field unless every field of `c` is in its domain.
OPSWHEEL_CXX_API void validate(const Cadence& c);

/// A weekly meeting with exceptions. A meeting is identified by its *regular* date (the cadence's
/// weekday); a skip removes one, a move puts it on another date. Every mutator validates first and
/// leaves the calendar unchanged when it throws.
class OPSWHEEL_CXX_API Calendar {
 public:
  Calendar() = default;
  /// Throws InvalidArgument for an invalid cadence (see validate(const Cadence&)).
  explicit Calendar(Cadence cadence);

  const Cadence& cadence() const noexcept { return cadence_; }
  /// Regular dates that do not meet.
  const std::set<Date>& skipped() const noexcept { return skipped_; }
  /// Regular date -> the date that meeting moved to.
  const std::map<Date, Date>& moves() const noexcept { return moves_; }

  /// True when `date` falls on the cadence's weekday (whether or not it is skipped or moved).
  bool is_regular(const Date& date) const;

  /// True when a meeting takes place on `date`. Throws InvalidArgument for an invalid date.
  bool is_meeting(const Date& date) const;

  /// The regular date of the meeting held on `meeting` (itself unless it was moved there).
  /// Throws InvalidArgument when no meeting takes place on `meeting`.
  Date regular_date(const Date& meeting) const;

  /// The first meeting strictly after `after`. Throws InvalidArgument for an invalid date or when
  /// no meeting is left before the year 10000.
  Date next_meeting(const Date& after) const;

  /// The first meeting on or after `date`: an action item due on `date` reports back there.
  Date meeting_on_or_after(const Date& date) const;

  /// Every meeting in [from, to], in date order. Throws InvalidArgument for invalid dates or
  /// from > to.
  std::vector<Date> meetings(const Date& from, const Date& to) const;

  /// Cancels the meeting held on `date` (a holiday). A moved meeting is cancelled as a whole: its
  /// move is dropped and its regular date skipped. Throws InvalidArgument unless a meeting takes
  /// place on `date`.
  void skip(const Date& date);

  /// Holds the meeting of `from` on `to` instead (once). `from` must be a meeting; `to` must not
  /// be one. Moving a meeting back to its regular date undoes the move.
  void move(const Date& from, const Date& to);

  /// Brings back the regular meeting of `date` that skip() cancelled. Throws InvalidArgument when
  /// `date` is not a skipped regular date, or when another meeting has moved onto it meanwhile.
  void restore(const Date& date);

  /// Throws InvalidArgument (naming `date`) unless a meeting takes place on `date`.
  void require_meeting(const Date& date) const;

  bool operator==(const Calendar& other) const {
    return cadence_ == other.cadence_ && skipped_ == other.skipped_ && moves_ == other.moves_;
  }

  static Date add_days(const Date& date, int days) { return Date{std::chrono::sys_days{date} + std::chrono::days{days}}; }

 private:
  bool meets(const Date& date) const;
  bool on_weekday(const Date& date) const;
  std::string why_not(const Date& date) const;
  static std::string weekday_name(std::chrono::weekday day);

  Cadence cadence_{};
  std::set<Date> skipped_;
  std::map<Date, Date> moves_;     // regular date -> date held
  std::map<Date, Date> arrivals_;  // date held -> regular date (the inverse of moves_)
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/calendar-inl.hpp"
#  include "impl/zoneinfo-inl.hpp"  // validate_known_time_zone
#endif
