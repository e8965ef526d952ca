// SPDX-License-Identifier: Apache-2.0
//
// The review template's and records' checks (review.hpp). Compiled by src/core/review.cpp, or
// included by review.hpp in header-only mode.
#pragma once

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../detail/text.hpp"
#include "../errors.hpp"
#include "../participant.hpp"
#include "../review.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE ReviewTemplate default_review_template() {
  return {{{"availability", "Availability against the SLO"},
           {"latency", "Latency percentiles (p50, p99, p99.9)"},
           {"error-rate", "Error rate and the errors behind it"},
           {"tickets-pages", "Tickets and pages since the last review"},
           {"change-failures", "Deployments and changes that failed or were rolled back"}}};
}

OPSWHEEL_INLINE Monitoring parse_monitoring(std::string_view text) {
  for (auto m : {Monitoring::not_assessed, Monitoring::enough, Monitoring::not_enough})
    if (to_string(m) == text) return m;
  throw InvalidArgument("unknown monitoring answer '" + detail::printable(text) +
                        "': expected not_assessed, enough or not_enough");
}

OPSWHEEL_INLINE void validate_metrics(const std::vector<Metric>& metrics, const std::vector<Metric>& taken) {
  std::set<std::string_view> seen;
  for (const Metric& m : taken) seen.insert(m.id);
  for (const Metric& m : metrics) {
    validate_id(m.id);
    detail::validate_text("metric description", m.description, detail::TextKind::line);
    if (!seen.insert(m.id).second)
      throw InvalidArgument("duplicate metric '" + detail::printable(m.id) + "': each metric appears once in a checklist");
  }
}

OPSWHEEL_INLINE void validate(const ReviewTemplate& t) { validate_metrics(t.metrics); }

OPSWHEEL_INLINE void validate(const TeamProfile& p, const ReviewTemplate& t) {
  validate_id(p.team);
  validate_metrics(p.metrics, t.metrics);
  for (const DashboardLink& link : p.dashboards) {
    detail::require_text("dashboard title", link.title, detail::TextKind::line);
    if (link.url.empty()) throw InvalidArgument("dashboard '" + link.title + "' has no url");
    validate_url(link.url);
  }
}

OPSWHEEL_INLINE std::vector<Metric> checklist(const ReviewTemplate& t, const TeamProfile* profile) {
  std::vector<Metric> out = t.metrics;
  if (profile) out.insert(out.end(), profile->metrics.begin(), profile->metrics.end());
  return out;
}

OPSWHEEL_INLINE void validate(const ReviewRecord& r, const std::vector<Metric>& metrics) {
  validate_date(r.meeting);
  validate_id(r.team);
  std::set<std::string_view> seen;
  for (const ChecklistEntry& e : r.checklist) {
    if (std::none_of(metrics.begin(), metrics.end(), [&](const Metric& m) { return m.id == e.metric; }))
      throw InvalidArgument("unknown metric '" + detail::printable(e.metric) + "' in the review of '" + r.team +
                            "': not in the template or the team's profile");
    if (!seen.insert(e.metric).second)
      throw InvalidArgument("metric '" + e.metric + "' appears twice in the review of '" + r.team + "'");
    detail::validate_text("checklist note", e.note, detail::TextKind::paragraphs);
  }
  detail::validate_text("outcome", r.outcome, detail::TextKind::paragraphs);
  detail::validate_text("monitoring notes", r.monitoring_notes, detail::TextKind::paragraphs);
  detail::validate_text("lessons learned", r.lessons, detail::TextKind::paragraphs);
}

OPSWHEEL_END_NAMESPACE
