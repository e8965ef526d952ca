// SPDX-License-Identifier: Apache-2.0
//
// A time zone's rules from the system's time-zone database: the zoneinfo file (TZif, RFC 8536)
// named by the IANA name under $TZDIR, or /usr/share/zoneinfo. What the iCalendar export needs to
// write a VTIMEZONE: the changes of UTC offset over a range of time, and the yearly rule that
// governs the future (the file's footer, a POSIX TZ string such as "PST8PDT,M3.2.0,M11.1.0").
//
// Why the files and not a library: libstdc++ 12 has no std::chrono time-zone database, and the
// date library's tz.h would add a compiled dependency to the core without giving the footer's
// yearly rule, which an open-ended meeting series needs. The format is small, stable and
// specified (RFC 8536), and the files are what every other reader of the database reads.
// Compiled into the library (impl/zoneinfo-inl.hpp); inline in header-only mode.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// A local time type: offset from UTC (east positive), daylight saving or not, and abbreviation.
struct ZoneOffset {
  std::chrono::seconds utc_offset{};
  bool dst = false;
  std::string abbreviation;
  bool operator==(const ZoneOffset&) const = default;
};

/// A change of offset at the instant `at`.
struct ZoneChange {
  std::chrono::sys_seconds at{};
  ZoneOffset before, after;
};

/// A change that recurs every year from `first` on, at the same local time (in the offset before
/// it), on `weekday` in month `month`, on the one such weekday that falls in the seven month days
/// from `first_day` (1-based; -7 means the month's last seven days).
struct ZoneYearly {
  ZoneChange first;
  unsigned month = 1;
  std::chrono::weekday weekday{};
  int first_day = 1;
};

/// The observances a calendar needs for a range: `changes` in time order, then `yearly` (none or
/// two: the start and the end of daylight saving time), together giving the offset at every
/// instant of the range. When none of them is at or before the range's start, `initial` is set:
/// the offset in force there, until the first of them.
struct ZoneObservances {
  std::optional<ZoneOffset> initial;
  std::vector<ZoneChange> changes;
  std::vector<ZoneYearly> yearly;
};

/// A POSIX TZ rule for one change: day (Mm.w.d, Jn or n) and local time of day (may be negative or
/// run past 24 hours, as RFC 8536 allows).
struct PosixDate {
  enum class Kind { month_week_day, julian_no_leap, zero_based } kind = Kind::month_week_day;
  unsigned month = 0, week = 0, weekday = 0;  // Mm.w.d
  unsigned day = 0;                           // Jn (1-365) or n (0-365)
  std::chrono::seconds time{2 * 3600};
};

/// A zone's rules, read from a TZif file.
class ZoneRules {
 public:
  /// Reads the zone `name` (an IANA name, already checked by validate_time_zone) from the system's
  /// database. Throws InvalidArgument when there is no such zone or the file is not a valid TZif.
  OPSWHEEL_CXX_API static ZoneRules load(const std::string& name);
  /// Parses TZif data. Throws InvalidArgument naming `name` when it is not valid.
  OPSWHEEL_CXX_API static ZoneRules parse(const std::string& name, std::string_view tzif);

  const std::string& name() const noexcept { return name_; }
  /// The offset in force at `t`.
  OPSWHEEL_CXX_API ZoneOffset offset_at(std::chrono::sys_seconds t) const;
  /// The UTC instant of local time `local` (a sys_seconds read as wall-clock time). In a gap
  /// (clocks went forward) it is read in the offset before the gap; in an overlap, the earlier.
  OPSWHEEL_CXX_API std::chrono::sys_seconds to_utc(std::chrono::sys_seconds local) const;
  /// The observances in force from `from` to `until` (open-ended when nullopt). Throws
  /// InvalidArgument when the range is open-ended and the zone's yearly rule cannot be stated as a
  /// ZoneYearly (no zone in the database at the time of writing has such a rule).
  OPSWHEEL_CXX_API ZoneObservances observances(std::chrono::sys_seconds from,
                                               std::optional<std::chrono::sys_seconds> until) const;

 private:
  struct Transition {
    std::chrono::sys_seconds at;
    std::size_t type;
  };
  struct Footer {  // the POSIX TZ string
    ZoneOffset standard;
    std::optional<ZoneOffset> daylight;
    PosixDate start, end;  // of daylight saving time
  };
  std::vector<ZoneChange> footer_changes(int year) const;
  ZoneChange change_at(std::size_t index) const;

  std::string name_;
  std::vector<ZoneOffset> types_;
  std::vector<Transition> transitions_;
  std::optional<Footer> footer_;
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "../impl/zoneinfo-inl.hpp"
#endif
