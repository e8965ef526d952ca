// SPDX-License-Identifier: Apache-2.0
//
// The agenda as Markdown (markdown.hpp). Compiled by src/core/markdown.cpp, or included by
// markdown.hpp in header-only mode.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "../action_status.hpp"
#include "../agenda.hpp"
#include "../calendar.hpp"
#include "../date.hpp"
#include "../detail/markdown_text.hpp"
#include "../markdown.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

inline std::string md_clock(std::chrono::minutes start, std::chrono::minutes from, std::chrono::minutes length) {
  return format_time_of_day(start + from) + "–" + format_time_of_day(start + from + length);
}

inline std::string md_items(const std::vector<AgendaItem>& items, bool overdue) {
  if (items.empty()) return "None.\n";
  std::string out = overdue ? "| Item | Title | Owner | Report-back | Missed | Status | Progress |\n|---|---|---|---|---|---|---|\n"
                            : "| Item | Title | Owner | Due | Status | Progress |\n|---|---|---|---|---|---|\n";
  for (const AgendaItem& i : items) {
    out += "| " + md_text(i.id) + " | " + md_text(i.title) + " | " + md_text(i.owner) + " | ";
    if (overdue) {
      out += format_date(i.standing.report_back) + " | " + std::to_string(i.standing.missed) +
             (i.standing.escalated ? " (escalated)" : "") + " | ";
    } else {
      out += format_date(i.due) + " | ";
    }
    out += std::string(to_string(i.status)) + " | ";
    out += i.progress.total == 0 ? std::string("–")
                                 : std::to_string(i.progress.done) + "/" + std::to_string(i.progress.total);
    out += " |\n";
  }
  return out;
}

}  // namespace detail

OPSWHEEL_INLINE std::string agenda_markdown(const Agenda& a, std::string_view title) {
  using detail::md_text;
  std::string out = "# " + md_text(title) + " — " + format_date(a.date) + "\n\n";
  out += detail::md_clock(a.start, std::chrono::minutes{0}, a.duration) + " (" + md_text(a.time_zone) + "), " +
         std::to_string(a.planned.count()) + " of " + std::to_string(a.duration.count()) + " minutes planned.\n\n";

  out += "## Timetable\n\n| Time | Section | Minutes |\n|---|---|---|\n";
  for (const AgendaSection& s : a.sections)
    out += "| " + detail::md_clock(a.start, s.start, s.length) + " | " + md_text(s.title) + (s.overflows ? " (overflows)" : "") +
           " | " + std::to_string(s.length.count()) + " |\n";
  if (a.overflow.count() > 0)
    out += "\n**Overflow:** the sections need " + std::to_string(a.planned.count()) + " minutes, " +
           std::to_string(a.overflow.count()) + " more than the meeting has. " + std::to_string(a.reviews_that_fit) +
           " reviews fit.\n";

  out += "\n## Service reviews\n";
  if (a.reviews.empty()) out += "\nNone.\n";
  for (const AgendaReview& r : a.reviews) {
    out += "\n### " + md_text(r.name) + (r.name == r.team ? "" : " (" + md_text(r.team) + ")") + "\n\n";
    if (!r.dashboards.empty()) {
      out += "Dashboards:";
      for (std::size_t i = 0; i < r.dashboards.size(); ++i)
        out += (i == 0 ? " " : ", ") + detail::md_link(r.dashboards[i].title, r.dashboards[i].url);
      out += "\n\n";
    }
    for (const Metric& m : r.checklist)
      out += "- [ ] " + md_text(m.id) + (m.description.empty() ? "" : ": " + md_text(m.description)) + "\n";
  }

  out += "\n## Action items due for report-back\n\n" + detail::md_items(a.due, false);
  out += "\n## Overdue action items\n\n" + detail::md_items(a.overdue, true);
  return out;
}

OPSWHEEL_END_NAMESPACE
