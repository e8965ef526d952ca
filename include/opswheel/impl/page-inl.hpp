// SPDX-License-Identifier: Apache-2.0
//
// The wheel page's renderer (page.hpp): builds the "opswheel-page/1" document from the library's
// own data and splices it into the template generated from web/wheel/ (detail/wheel_page.hpp).
// Compiled by src/core/page.cpp, or included by page.hpp in header-only mode.
//
// The page's bytes are specified: they must be those of web/wheel/assemble.py's render() for the
// same data (detail/page_json.hpp writes the JSON as it does); tests/page checks the two
// renderers against each other byte for byte.
#pragma once

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>

#include "../detail/page_json.hpp"
#include "../detail/text.hpp"
#include "../detail/wheel_page.hpp"
#include "../page.hpp"

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {

inline std::string clock_text(std::chrono::minutes since_midnight) {
  const long long m = since_midnight.count() % 1440;
  char text[48];
  std::snprintf(text, sizeof text, "%02lld:%02lld", m / 60, m % 60);
  return text;
}

// What one page shows, gathered from the wheel as it was when the picks were drawn.
struct PageDraw {
  std::size_t number = 0;                ///< the meeting's number
  std::optional<Date> date;
  const std::vector<std::string>* picks = nullptr;
  const std::vector<Pin>* pinned = nullptr;
  const std::vector<Skip>* skipped = nullptr;
};

inline std::string render_page(const Wheel& wheel, const PageDraw& draw, const PageOptions& options) {
  validate(options);
  const Roster& roster = wheel.roster();
  for (const std::string& id : *draw.picks) roster.index_of(id);  // throws UnknownId for a stranger
  // The chances the library reports for the draw's k (pins are not in them, and a pinned team may
  // be paused, so k never exceeds the eligible teams).
  const std::size_t k = std::min(draw.picks->size(), wheel.policy().eligible_count());
  const Chances chances = k == 0 ? Chances{std::vector<double>(roster.size(), 0.0)} : wheel.probabilities(k);

  std::string data;
  PageJson j(data);
  j.open('{');
  j.key("format").text(kWheelPageFormat);
  j.key("wheel").text(options.title.empty() ? std::string_view("opswheel") : std::string_view(options.title));
  j.key("policy").text(wheel.policy().name());
  j.key("seed").text(std::to_string(wheel.seed()));

  j.key("meeting").open('{');
  j.key("number").integer(static_cast<long long>(draw.number));
  if (draw.date) {
    j.key("date").text(format_date(*draw.date));
    // The slots start where the agenda puts the first service review, when the date is a meeting.
    const ActionBook& book = wheel.actions();
    if (book.calendar().is_meeting(*draw.date)) {
      std::vector<std::string> on_roster;
      for (const std::string& id : *draw.picks)
        if (roster.contains(id)) on_roster.push_back(id);
      const Agenda agenda = make_agenda(book, roster, *draw.date, on_roster, options.agenda);
      const auto review = std::find_if(agenda.sections.begin(), agenda.sections.end(),
                                       [](const AgendaSection& s) { return s.part == AgendaPart::service_review; });
      if (review != agenda.sections.end()) j.key("start").text(clock_text(agenda.start + review->start));
    }
  }
  j.key("minutes").integer(options.agenda.review.count());
  j.close('}');

  j.key("teams").open('[');
  for (std::size_t i = 0; i < roster.size(); ++i) {
    const Participant& p = roster[i];
    if (p.paused || !(chances.values[i] > 0)) continue;
    j.open('{');
    j.key("id").text(p.id);
    j.key("name").text(p.display_name());
    j.key("url").text(p.url);
    j.key("chance").number(chances.values[i]);
    j.close('}');
  }
  j.close(']');

  j.key("unpickable").open('[');
  for (std::size_t i = 0; i < roster.size(); ++i) {
    const Participant& p = roster[i];
    if (!p.paused && chances.values[i] > 0) continue;
    j.open('{');
    j.key("id").text(p.id);
    j.key("name").text(p.display_name());
    j.key("reason").text(!p.paused           ? "no chance this week"
                         : p.paused_until    ? "paused until " + format_date(*p.paused_until)
                                             : std::string("paused"));
    j.close('}');
  }
  j.close(']');

  j.key("draw").open('[');
  for (const std::string& id : *draw.picks) {
    j.open('{');
    j.key("id").text(id);
    const auto pin = std::find_if(draw.pinned->begin(), draw.pinned->end(), [&](const Pin& p) { return p.id == id; });
    const auto skip = std::find_if(draw.skipped->rbegin(), draw.skipped->rend(), [&](const Skip& s) { return s.replacement == id; });
    if (pin != draw.pinned->end()) {
      j.key("how").text("pinned");
      j.key("reason").text(pin->reason);
    } else if (skip != draw.skipped->rend()) {
      j.key("how").text("replacement");
      j.key("replaces").text(skip->id);
      j.key("reason").text(skip->reason);
    } else {
      j.key("how").text("drawn");
    }
    j.close('}');
  }
  j.close(']');

  j.key("options").open('{');
  j.key("spin_seconds").number(options.spin_seconds);
  j.key("theme").text(options.theme);
  j.close('}');
  j.close('}');

  // Head + data + tail: the one placeholder, spliced (never a replace-all on the result).
  std::string page(kWheelPageHead);
  page += data;
  page += kWheelPageTail;
  return page;
}

}  // namespace detail

OPSWHEEL_INLINE void validate(const PageOptions& options) {
  detail::validate_text("page title", options.title, detail::TextKind::line);
  if (!(std::isfinite(options.spin_seconds) && options.spin_seconds >= 0 && options.spin_seconds <= 60))
    throw InvalidArgument("invalid spin_seconds " + detail::weight_text(options.spin_seconds) +
                          ": the spin takes 0 to 60 seconds per pick");
  if (options.theme != "auto" && options.theme != "light" && options.theme != "dark")
    throw InvalidArgument("invalid theme '" + detail::printable(options.theme) + "': the themes are auto, light and dark");
  validate(options.agenda);
}

OPSWHEEL_INLINE std::string wheel_page(const Wheel& wheel, const Suggestion& suggestion, const PageOptions& options) {
  if (suggestion.version != wheel.version())  // the chances the page would show are no longer the spin's
    throw StaleSuggestion("the wheel changed since spin " + std::to_string(suggestion.spin + 1) +
                          " was drawn, so its chances are gone; show an accepted meeting with meeting_page");
  return detail::render_page(wheel,
                             {wheel.history().size() + 1, options.date, &suggestion.picks, &suggestion.pinned, &suggestion.skipped},
                             options);
}

OPSWHEEL_INLINE std::string meeting_page(std::span<const Event> log, std::size_t number, const PageOptions& options) {
  validate(options);
  if (log.empty() || log.front().seq != 1)
    throw InvalidArgument("a meeting's page needs the wheel's whole log, from event 1");
  // The meeting as last accepted: an undone meeting's number is taken again by the next accept.
  std::optional<std::size_t> at;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (const auto* a = std::get_if<events::Accepted>(&log[i].payload); a && a->meeting.number == number) at = i;
    if (const auto* u = std::get_if<events::Undone>(&log[i].payload); u && u->meeting == number) at.reset();
  }
  if (!at) throw InvalidArgument("no meeting number " + std::to_string(number) + " in the wheel's history");
  const Meeting& meeting = std::get<events::Accepted>(log[*at].payload).meeting;
  const Wheel before = Wheel::replay(log.first(*at));  // the wheel the week the meeting was drawn
  return detail::render_page(before, {meeting.number, meeting.date, &meeting.picks, &meeting.pinned, &meeting.skipped},
                             options);
}

OPSWHEEL_INLINE std::string meeting_page(const Wheel& wheel, std::size_t number, const PageOptions& options) {
  if (wheel.log_base() != 0)
    throw InvalidArgument("this wheel was restored from a snapshot and holds only the latest events; "
                          "pass its whole log (Store::events) to meeting_page");
  return meeting_page(std::span<const Event>(wheel.events()), number, options);
}

OPSWHEEL_END_NAMESPACE
