// SPDX-License-Identifier: Apache-2.0
//
// Agenda: one meeting laid out as time-boxed sections, in this order — successes, organisation
// projects, operational events, action items (report-backs due today, then overdue and escalated
// ones), one 15-minute slot per service review, announcements. Action items come before the
// reviews so that accountability is not what gets squeezed when a review runs long.
//
// Section lengths are configurable; a section of length 0 is left out. When the sections add up
// to more than the meeting, the agenda says by how much and which sections run past the end, and
// reviews_that_fit() tells how many reviews the time budget allows, so the wheel's k can follow it.
// The agenda is a value: it copies what it shows and holds no pointers into the book.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "action_book.hpp"
#include "action_item.hpp"
#include "action_status.hpp"
#include "date.hpp"
#include "fwd.hpp"
#include "review.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// How long each part of the meeting takes. The defaults fill the 2-hour meeting with 6 reviews.
struct AgendaOptions {
  std::chrono::minutes successes{5};
  std::chrono::minutes org_projects{5};
  std::chrono::minutes operational_events{10};
  std::chrono::minutes action_items{5};
  std::chrono::minutes review{15};  ///< per team reviewed; must be > 0
  std::chrono::minutes announcements{5};
  bool operator==(const AgendaOptions&) const = default;
};

/// Throws InvalidArgument unless every length is >= 0 and the review slot is > 0.
OPSWHEEL_CXX_API void validate(const AgendaOptions& o);

/// How many review slots fit in a meeting of `duration` next to the other sections (0 when they
/// alone fill it). Throws InvalidArgument for invalid options.
OPSWHEEL_CXX_API std::size_t reviews_that_fit(const AgendaOptions& o, std::chrono::minutes duration);

enum class AgendaPart { successes, org_projects, operational_events, action_items, service_review, announcements };

/// One time box. `start` counts from the meeting's start.
struct AgendaSection {
  AgendaPart part = AgendaPart::successes;
  std::string title{};
  std::string team{};  ///< the team, for a service review
  std::chrono::minutes start{0};
  std::chrono::minutes length{0};
  bool overflows = false;  ///< ends after the meeting does
  bool operator==(const AgendaSection&) const = default;
};

/// A team presenting, with what it walks through.
struct AgendaReview {
  std::string team{};
  std::string name{};                       ///< the display name
  std::vector<DashboardLink> dashboards{};  ///< the roster's url first (as "Dashboard"), then the profile's
  std::vector<Metric> checklist{};
  bool operator==(const AgendaReview&) const = default;
};

/// An action item as the agenda shows it.
struct AgendaItem {
  std::string id{};
  std::string title{};
  std::string owner{};
  ActionStatus status = ActionStatus::open;
  Date due{};
  Standing standing{};
  Progress progress{};  ///< of a fleet-wide item
  bool operator==(const AgendaItem&) const = default;
};

/// One meeting as time-boxed sections, in the order the comment at the top of this file gives.
struct Agenda {
  Date date{};
  std::chrono::minutes start{0};  ///< local wall-clock start, minutes since midnight
  std::chrono::minutes duration{0};
  std::string time_zone{};
  std::vector<AgendaSection> sections{};
  std::vector<AgendaReview> reviews{};  ///< in presenting order
  std::vector<AgendaItem> due{};        ///< reporting back at this meeting
  std::vector<AgendaItem> overdue{};    ///< escalated ones included (standing.escalated)
  std::chrono::minutes planned{0};      ///< the sections' total
  std::chrono::minutes overflow{0};     ///< planned - duration when positive, else 0
  std::size_t reviews_that_fit = 0;
  bool operator==(const Agenda&) const = default;
};

/// The agenda of the meeting on `meeting` with `presenting` (team ids, e.g. Suggestion::picks)
/// reviewed in that order. Throws InvalidArgument when no meeting takes place on `meeting`, for
/// invalid options or a team listed twice, and UnknownId for a team not on `roster`.
OPSWHEEL_CXX_API Agenda make_agenda(const ActionBook& book, const Roster& roster, const Date& meeting,
                                    const std::vector<std::string>& presenting, const AgendaOptions& options = {});

/// Who presents at a wheel's meeting, and where that comes from.
struct Presenters {
  enum class Source {
    accepted,    ///< the meeting recorded for that date
    suggestion,  ///< the wheel's current suggestion: the spin for a meeting still to come
    none,        ///< neither: nothing spun for it yet
  };
  std::vector<std::string> teams{};  ///< in presenting order
  Source source = Source::none;
  bool operator==(const Presenters&) const = default;
};

/// "accepted", "suggestion", "none": the names files and the bindings use.
inline std::string_view to_string(Presenters::Source source) {
  static constexpr std::string_view names[] = {"accepted", "suggestion", "none"};
  return names[static_cast<std::size_t>(source)];
}

/// Who presents at `wheel`'s meeting on `meeting`: the teams of the meeting accepted for that
/// date; else those of the wheel's current suggestion (Wheel::last_suggestion), unless a meeting
/// on or after that date was recorded already (the spin is then for a later one); else none.
/// Teams removed from the roster since are left out, so that the result is a valid agenda input.
OPSWHEEL_CXX_API Presenters presenters_for(const Wheel& wheel, const Date& meeting);

/// The agenda of `wheel`'s meeting on `meeting`, its service reviews from presenters_for. Throws
/// as make_agenda does.
OPSWHEEL_CXX_API Agenda agenda_for(const Wheel& wheel, const Date& meeting, const AgendaOptions& options = {});

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/agenda-inl.hpp"
#endif
