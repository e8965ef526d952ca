// SPDX-License-Identifier: Apache-2.0
//
// The agenda's layout and who presents (agenda.hpp). Compiled by src/core/agenda.cpp, or included
// by agenda.hpp in header-only mode.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../action_book.hpp"
#include "../agenda.hpp"
#include "../board.hpp"
#include "../calendar.hpp"
#include "../errors.hpp"
#include "../roster.hpp"
#include "../wheel.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE void validate(const AgendaOptions& o) {
  for (auto m : {o.successes, o.org_projects, o.operational_events, o.action_items, o.announcements})
    if (m.count() < 0) throw InvalidArgument("invalid agenda: a section length is negative (" + std::to_string(m.count()) + " min)");
  if (o.review.count() <= 0)
    throw InvalidArgument("invalid agenda: the review slot must be longer than 0 minutes (" + std::to_string(o.review.count()) + ")");
}

OPSWHEEL_INLINE std::size_t reviews_that_fit(const AgendaOptions& o, std::chrono::minutes duration) {
  validate(o);
  const auto fixed = o.successes + o.org_projects + o.operational_events + o.action_items + o.announcements;
  return duration <= fixed ? 0 : static_cast<std::size_t>((duration - fixed) / o.review);
}

OPSWHEEL_INLINE Agenda make_agenda(const ActionBook& book, const Roster& roster, const Date& meeting,
                                   const std::vector<std::string>& presenting, const AgendaOptions& options) {
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

OPSWHEEL_INLINE Presenters presenters_for(const Wheel& wheel, const Date& meeting) {
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

OPSWHEEL_INLINE Agenda agenda_for(const Wheel& wheel, const Date& meeting, const AgendaOptions& options) {
  return make_agenda(wheel.actions(), wheel.roster(), meeting, presenters_for(wheel, meeting).teams, options);
}

OPSWHEEL_END_NAMESPACE
