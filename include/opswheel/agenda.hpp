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

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "action_book.hpp"
#include "action_item.hpp"
#include "action_status.hpp"
#include "board.hpp"
#include "calendar.hpp"
#include "date.hpp"
#include "errors.hpp"
#include "review.hpp"
#include "roster.hpp"
#include "version.hpp"
#include "wheel.hpp"

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
inline void validate(const AgendaOptions& o) {
  for (auto m : {o.successes, o.org_projects, o.operational_events, o.action_items, o.announcements})
    if (m.count() < 0) throw InvalidArgument("invalid agenda: a section length is negative (" + std::to_string(m.count()) + " min)");
  if (o.review.count() <= 0)
    throw InvalidArgument("invalid agenda: the review slot must be longer than 0 minutes (" + std::to_string(o.review.count()) + ")");
}

/// How many review slots fit in a meeting of `duration` next to the other sections (0 when they
/// alone fill it). Throws InvalidArgument for invalid options.
inline std::size_t reviews_that_fit(const AgendaOptions& o, std::chrono::minutes duration) {
  validate(o);
  const auto fixed = o.successes + o.org_projects + o.operational_events + o.action_items + o.announcements;
  return duration <= fixed ? 0 : static_cast<std::size_t>((duration - fixed) / o.review);
}

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
inline Agenda make_agenda(const ActionBook& book, const Roster& roster, const Date& meeting,
                          const std::vector<std::string>& presenting, const AgendaOptions& options = {}) {
  validate(options);
  book.calendar().require_meeting(meeting);
  std::set<std::string_view> seen;
  for (const std::string& team : presenting) {
    roster.index_of(team);
    if (!seen.insert(team).second) throw InvalidArgument("team '" + team + "' is listed twice for the meeting of " + format_date(meeting));
  }

  const Cadence& cadence = book.calendar().cadence();
  Agenda a;
  a.date = meeting;
  a.start = cadence.start;
  a.duration = cadence.duration;
  a.time_zone = cadence.time_zone;
  a.reviews_that_fit = reviews_that_fit(options, cadence.duration);

  auto add = [&](AgendaPart part, std::string title, std::string team, std::chrono::minutes length) {
    if (length.count() == 0) return;
    a.sections.push_back({part, std::move(title), std::move(team), a.planned, length, a.planned + length > a.duration});
    a.planned += length;
  };
  add(AgendaPart::successes, "Successes", {}, options.successes);
  add(AgendaPart::org_projects, "Organisation projects", {}, options.org_projects);
  add(AgendaPart::operational_events, "Operational events", {}, options.operational_events);
  add(AgendaPart::action_items, "Action items: report-backs and overdue", {}, options.action_items);
  for (const std::string& team : presenting) {
    const Participant& p = roster.at(team);
    AgendaReview r{team, p.display_name(), {}, book.checklist(team)};
    if (!p.url.empty()) r.dashboards.push_back({"Dashboard", p.url});
    if (const TeamProfile* profile = book.profile(team))
      r.dashboards.insert(r.dashboards.end(), profile->dashboards.begin(), profile->dashboards.end());
    add(AgendaPart::service_review, "Service review: " + r.name, team, options.review);
    a.reviews.push_back(std::move(r));
  }
  add(AgendaPart::announcements, "Announcements", {}, options.announcements);
  a.overflow = a.planned > a.duration ? a.planned - a.duration : std::chrono::minutes{0};

  auto shown = [](const BoardEntry& e) {
    const ActionItem& i = *e.item;
    return AgendaItem{i.id, i.title, i.owner, i.status, i.due, e.standing, i.progress()};
  };
  for (const BoardEntry& e : due_for_report_back(book, meeting)) a.due.push_back(shown(e));
  for (const BoardEntry& e : overdue(book, meeting)) a.overdue.push_back(shown(e));
  return a;
}

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
inline Presenters presenters_for(const Wheel& wheel, const Date& meeting) {
  Presenters p;
  const auto& history = wheel.history();
  const auto held = std::find_if(history.rbegin(), history.rend(), [&](const Meeting& m) { return m.date == meeting; });
  const bool recorded_later = !history.empty() && history.back().date && !(*history.back().date < meeting);
  if (held != history.rend()) {
    p = {held->picks, Presenters::Source::accepted};
  } else if (const auto s = wheel.last_suggestion(); s && !recorded_later) {
    p = {s->picks, Presenters::Source::suggestion};
  }
  std::erase_if(p.teams, [&](const std::string& id) { return !wheel.roster().contains(id); });
  return p;
}

/// The agenda of `wheel`'s meeting on `meeting`, its service reviews from presenters_for. Throws
/// as make_agenda does.
inline Agenda agenda_for(const Wheel& wheel, const Date& meeting, const AgendaOptions& options = {}) {
  return make_agenda(wheel.actions(), wheel.roster(), meeting, presenters_for(wheel, meeting).teams, options);
}

OPSWHEEL_END_NAMESPACE
