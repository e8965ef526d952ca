// SPDX-License-Identifier: Apache-2.0
//
// iCalendar export (RFC 5545): the meeting series as one recurring VEVENT, each action item as a
// VTODO. UIDs are stable (derived from IcsOptions::calendar_id and the item ids), and SEQUENCE
// grows with every change, so importing a newer export updates the entries instead of adding
// copies.
//
// The series: DTSTART at the first regular meeting on or after IcsOptions::from, a weekly RRULE on
// the cadence's weekday (UNTIL the last date when one is given), EXDATE for each skipped meeting,
// and one override VEVENT (same UID, RECURRENCE-ID = the regular date) for each moved meeting and
// for each meeting given an agenda, whose DESCRIPTION lists its time boxes and service reviews.
//
// Times are in the meeting's zone: DTSTART, RECURRENCE-ID and EXDATE carry TZID=<the IANA name>
// and the calendar holds that zone's VTIMEZONE, generated from the system's time-zone database
// (detail/zoneinfo.hpp) for the exported range: every change of offset in it, and the zone's
// yearly daylight-saving rule as RRULEs when the series is open-ended or runs past the database's
// last listed change. So every client, whether or not it knows the zone's name, places a 10:00
// meeting at 10:00 in the meeting's zone. A zone of "UTC" is written as UTC times ("...Z") with no
// VTIMEZONE. The RRULE's UNTIL is in UTC, as RFC 5545 requires with a TZID. X-WR-TIMEZONE still
// names the zone, for clients that show it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "agenda.hpp"
#include "date.hpp"
#include "fwd.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// What to_icalendar() exports: the calendar's identity and title, its time stamp and the dates.
struct IcsOptions {
  std::string calendar_id = "opswheel";        ///< namespaces the UIDs (one per wheel): an id
  std::string title = "Operations review";     ///< the meetings' SUMMARY and the calendar's name
  std::chrono::sys_seconds stamp{};            ///< DTSTAMP: when the export was made (UTC)
  Date from{};                                 ///< the series starts at the first meeting on or after it
  std::optional<Date> until{};                 ///< the series' last date; open-ended when nullopt
};

/// The book as an iCalendar object (CRLF line ends, folded, escaped). `agendas` adds each
/// meeting's agenda to its occurrence. Throws InvalidArgument for an invalid calendar_id, title,
/// or dates, until before the series start, an agenda for a date that is no meeting in the
/// series or appears twice, or a time zone that the system's time-zone database does not hold.
OPSWHEEL_CXX_API std::string to_icalendar(const ActionBook& book, const IcsOptions& options,
                                          const std::vector<Agenda>& agendas = {});

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/ical-inl.hpp"
#endif
