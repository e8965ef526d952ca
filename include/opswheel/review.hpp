// SPDX-License-Identifier: Apache-2.0
//
// What a service review walks through and what it leaves behind. A wheel has one review template —
// the standard metrics every team shows (availability, latency, error rate, tickets/pages, change
// failures by default) — and each team may add its own service-specific metrics and dashboard
// links. For each team reviewed at a meeting, a ReviewRecord keeps the checklist, the outcome, the
// answer to "are we monitoring enough?" and the lessons learned; the action items raised there
// link back to it through their ReviewRef.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// One thing a team walks the meeting through, e.g. {"availability", "Availability vs. SLO"}.
struct Metric {
  std::string id{};           ///< stable key, an id (see validate_id)
  std::string description{};  ///< one line for the checklist; may be empty
  bool operator==(const Metric&) const = default;
};

/// The metrics every team presents at a review, in checklist order.
struct ReviewTemplate {
  std::vector<Metric> metrics{};
  bool operator==(const ReviewTemplate&) const = default;
};

/// The standard template: what an operations review of a web service looks at first.
OPSWHEEL_CXX_API ReviewTemplate default_review_template();

/// A link to a dashboard, shown beside the team's slot in the agenda.
struct DashboardLink {
  std::string title{};  ///< one line, not empty
  std::string url{};    ///< http:// or https://
  bool operator==(const DashboardLink&) const = default;
};

/// A team's additions to the template: its own metrics and its dashboards.
struct TeamProfile {
  std::string team{};                        ///< a team id on the roster
  std::vector<Metric> metrics{};             ///< extra metrics, after the template's in the checklist
  std::vector<DashboardLink> dashboards{};
  bool operator==(const TeamProfile&) const = default;
};

/// The answer to "are we monitoring enough?".
enum class Monitoring { not_assessed, enough, not_enough };

/// "not_assessed", "enough", "not_enough": the names files and the bindings use.
inline std::string_view to_string(Monitoring m) {
  static constexpr std::array<std::string_view, 3> names = {"not_assessed", "enough", "not_enough"};
  return names[static_cast<std::size_t>(m)];
}

/// The answer named `text` (see to_string); throws InvalidArgument naming the text otherwise.
OPSWHEEL_CXX_API Monitoring parse_monitoring(std::string_view text);

/// One line of a review's checklist: was the metric shown, and what was said about it.
struct ChecklistEntry {
  std::string metric{};  ///< a metric id of the template or the team's profile
  bool reviewed = false;
  std::string note{};
  bool operator==(const ChecklistEntry&) const = default;
};

/// Points from an action item to the review it was raised in: the meeting and the team reviewed.
struct ReviewRef {
  Date meeting{};
  std::string team{};
  bool operator==(const ReviewRef&) const = default;
};

/// The record of one team's review at one meeting. The action items raised there are the items
/// whose ReviewRef names this meeting and team (ActionBook::raised_in).
struct ReviewRecord {
  Date meeting{};
  std::string team{};
  std::vector<ChecklistEntry> checklist{};  ///< metrics not listed were not covered
  std::string outcome{};                    ///< outcome notes
  Monitoring monitoring = Monitoring::not_assessed;
  std::string monitoring_notes{};           ///< what is missing, when monitoring is not enough
  std::string lessons{};                    ///< lessons learned, for the other teams too
  bool operator==(const ReviewRecord&) const = default;
};

/// Throws InvalidArgument unless the metric ids are valid and distinct, also from `taken` (the
/// template's ids, when checking a team's extras), and each description is one line.
OPSWHEEL_CXX_API void validate_metrics(const std::vector<Metric>& metrics, const std::vector<Metric>& taken = {});

/// Throws InvalidArgument for a template with invalid or repeated metrics.
OPSWHEEL_CXX_API void validate(const ReviewTemplate& t);

/// Throws for an invalid team id, extra metrics that are invalid or repeat the template's, or a
/// dashboard link without a title or with a URL that is not http(s).
OPSWHEEL_CXX_API void validate(const TeamProfile& p, const ReviewTemplate& t);

/// A team's checklist: the template's metrics, then the team's own.
OPSWHEEL_CXX_API std::vector<Metric> checklist(const ReviewTemplate& t, const TeamProfile* profile);

/// Throws for a record whose checklist names a metric outside `metrics` or names one twice, or
/// whose text is not valid UTF-8. The meeting and the team are checked by the book.
OPSWHEEL_CXX_API void validate(const ReviewRecord& r, const std::vector<Metric>& metrics);

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/review-inl.hpp"
#endif
