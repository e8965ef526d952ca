// SPDX-License-Identifier: Apache-2.0
//
// opswheel._core: the private compiled module under the `opswheel` package. It binds the C++ types
// as they are; the Pythonic surface (records, tables, notebook display, plots) is the package's
// Python layer, so this file stays a thin, mechanical mirror of the headers.
//
// Errors: every opswheel::Error is raised as the Python class that opswheel._errors registers for
// its ErrorCode's name (ValueError, KeyError and opswheel.Error subclasses), with the C++ message.
// This is the one place the mapping happens; the module exports the error table (`error_codes`)
// from which opswheel._errors derives its classes.
//
// Threads: a Wheel is used with the GIL held (like the C++ Wheel, it is one-thread-at-a-time).
// simulate() works on its own copy of the inputs, so it releases the GIL while it runs.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

// After pybind11: it includes Python.h first, as Python requires.
#include <datetime.h>

#include <opswheel/agenda.hpp>
#include <opswheel/board.hpp>
#include <opswheel/date.hpp>
#include <opswheel/errors.hpp>
#include <opswheel/fairness.hpp>
#include <opswheel/ical.hpp>
#include <opswheel/json.hpp>
#include <opswheel/markdown.hpp>
#include <opswheel/page.hpp>
#include <opswheel/participant.hpp>
#include <opswheel/policies.hpp>
#include <opswheel/simulate.hpp>
#include <opswheel/store.hpp>
#include <opswheel/version.hpp>
#include <opswheel/wheel.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace py = pybind11;
namespace ow = opswheel;

// datetime.date <-> opswheel::Date. A datetime.datetime is refused: a meeting is a day, and
// silently dropping a time of day would hide a mistake.
namespace pybind11::detail {
template <>
struct type_caster<ow::Date> {
  PYBIND11_TYPE_CASTER(ow::Date, const_name("datetime.date"));

  bool load(handle src, bool) {
    if (!src || !PyDate_Check(src.ptr()) || PyDateTime_Check(src.ptr())) return false;
    value = ow::Date{std::chrono::year{PyDateTime_GET_YEAR(src.ptr())},
                     std::chrono::month{static_cast<unsigned>(PyDateTime_GET_MONTH(src.ptr()))},
                     std::chrono::day{static_cast<unsigned>(PyDateTime_GET_DAY(src.ptr()))}};
    return true;
  }

  static handle cast(const ow::Date& date, return_value_policy, handle) {
    // The core only stores validated dates (years 1-9999), which datetime.date can all hold.
    return PyDate_FromDate(static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
                           static_cast<int>(static_cast<unsigned>(date.day())));
  }
};
}  // namespace pybind11::detail

namespace {

void raise_error(const ow::Error& e) {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> by_code;
  const py::object& classes =
      by_code.call_once_and_store_result([] { return py::module_::import("opswheel._errors").attr("by_code"); }).get_stored();
  const py::object cls = classes(std::string(ow::to_string(e.code())));
  PyErr_SetString(cls.ptr(), e.what());
}

ow::PolicyOptions make_options(unsigned slack, double lean, double gap_target) {
  ow::PolicyOptions o;
  o.slack = slack;
  o.lean = lean;
  o.gap_target = gap_target;
  return o;
}

py::dict metrics_dict(const ow::FairnessMetrics& m) {
  py::dict d;
  for (const auto& [name, field] : ow::detail::fairness_figures) d[name] = m.*field;
  return d;
}

// How often simulate() takes the GIL back to look for Ctrl-C when no progress callback is given:
// rarely enough that other Python threads keep running, often enough to feel immediate.
constexpr auto interrupt_check_every = std::chrono::milliseconds(100);

// A change model from its Python pieces (opswheel.Churn): validated with the spec.
ow::ChurnModel make_churn(double join, double leave, double pause, std::size_t pause_min, std::size_t pause_max,
                          double reweight, const py::array_t<double, py::array::c_style | py::array::forcecast>& weights) {
  if (weights.ndim() != 1) throw ow::InvalidArgument("churn weights must be one-dimensional");
  ow::ChurnModel c;
  c.join_rate = join;
  c.leave_rate = leave;
  c.pause_rate = pause;
  c.pause_min = pause_min;
  c.pause_max = pause_max;
  c.reweight_rate = reweight;
  c.new_weights.assign(weights.data(), weights.data() + weights.size());
  return c;
}

py::dict simulate(std::string policy, const py::array_t<double, py::array::c_style | py::array::forcecast>& weights,
                  std::size_t k, std::size_t weeks, std::size_t runs, std::uint64_t seed, unsigned slack, double lean,
                  double gap_target, std::size_t chance_weeks, std::size_t first_run, ow::ChurnModel churn,
                  const py::object& progress) {
  if (weights.ndim() != 1)
    throw ow::InvalidArgument("weights must be one-dimensional, not an array of " + std::to_string(weights.ndim()) +
                              " dimensions");
  ow::SimulationSpec spec;
  spec.policy = std::move(policy);
  spec.options = make_options(slack, lean, gap_target);
  spec.weights.assign(weights.data(), weights.data() + weights.size());
  spec.k = k;
  spec.weeks = weeks;
  spec.runs = runs;
  spec.seed = seed;
  spec.first_run = first_run;
  spec.chance_weeks = chance_weeks;
  spec.churn = std::move(churn);
  ow::validate(spec);  // with the GIL held: errors before any work

  ow::SimulationResult result;
  {
    auto last_check = std::chrono::steady_clock::now();
    const ow::SimulationProgress on_progress = [&](std::size_t done, std::size_t total) {
      const auto now = std::chrono::steady_clock::now();
      if (progress.is_none() && now - last_check < interrupt_check_every && done < total) return;
      last_check = now;
      py::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C stops the run
      if (!progress.is_none()) progress(done, total);
    };
    py::gil_scoped_release no_gil;
    result = ow::simulate(spec, on_progress);
  }

  // Runs differ in team count under churn: the per-team arrays are as wide as the widest run.
  std::size_t n = 0, change_count = 0;
  for (const ow::SimulationRun& run : result.runs) {
    n = std::max(n, run.teams);
    change_count += run.changes.size();
  }
  const std::size_t sampled = chance_weeks == 0 ? 0 : std::min(chance_weeks, weeks);
  py::array_t<std::uint32_t> picks({runs, weeks, k});
  py::array_t<std::uint64_t> seeds(static_cast<py::ssize_t>(runs));
  py::array_t<std::int64_t> teams(static_cast<py::ssize_t>(runs));
  py::array_t<std::int64_t> chance_week_numbers({runs, sampled});
  py::array_t<double> chances({runs, sampled, n});
  std::fill_n(chances.mutable_data(), chances.size(), std::numeric_limits<double>::quiet_NaN());
  // The changes of every run, one column each (the Python layer makes the records).
  const auto changes = static_cast<py::ssize_t>(change_count);
  py::array_t<std::int64_t> change_run(changes), change_week(changes), change_weeks(changes);
  py::array_t<std::uint8_t> change_kind(changes);
  py::array_t<std::uint32_t> change_team(changes);
  py::array_t<double> change_weight(changes);
  py::list run_metrics;
  auto seeds_view = seeds.mutable_unchecked<1>();
  auto teams_view = teams.mutable_unchecked<1>();
  auto weeks_view = chance_week_numbers.mutable_unchecked<2>();
  auto chances_view = chances.mutable_unchecked<3>();
  py::ssize_t c = 0;
  for (std::size_t r = 0; r < runs; ++r) {
    const ow::SimulationRun& run = result.runs[r];
    const auto rr = static_cast<py::ssize_t>(r);
    std::memcpy(picks.mutable_data(r), run.picks.data(), run.picks.values().size() * sizeof(std::uint32_t));
    seeds_view(rr) = run.seed;
    teams_view(rr) = static_cast<std::int64_t>(run.teams);
    for (std::size_t j = 0; j < run.chances.size(); ++j) {
      weeks_view(rr, static_cast<py::ssize_t>(j)) = static_cast<std::int64_t>(run.chances.weeks()[j]);
      const auto row = run.chances[j];
      for (std::size_t i = 0; i < row.size(); ++i) chances_view(rr, static_cast<py::ssize_t>(j), static_cast<py::ssize_t>(i)) = row[i];
    }
    for (const ow::RosterChange& change : run.changes) {
      const bool weighted = change.kind == ow::ChangeKind::join || change.kind == ow::ChangeKind::reweight;
      change_run.mutable_at(c) = static_cast<std::int64_t>(r);
      change_week.mutable_at(c) = static_cast<std::int64_t>(change.week);
      change_kind.mutable_at(c) = static_cast<std::uint8_t>(change.kind);
      change_team.mutable_at(c) = change.team;
      change_weight.mutable_at(c) = weighted ? change.weight : std::numeric_limits<double>::quiet_NaN();
      change_weeks.mutable_at(c) = static_cast<std::int64_t>(change.weeks);
      ++c;
    }
    run_metrics.append(metrics_dict(run.metrics));
  }
  py::dict out;
  out["picks"] = picks;
  out["seeds"] = seeds;
  out["teams"] = teams;
  out["shares"] = py::array_t<double>(static_cast<py::ssize_t>(result.shares.size()), result.shares.data());
  out["chance_weeks"] = chance_week_numbers;
  out["chances"] = chances;
  py::dict change_columns;
  change_columns["run"] = change_run;
  change_columns["week"] = change_week;
  change_columns["kind"] = change_kind;
  change_columns["team"] = change_team;
  change_columns["weight"] = change_weight;
  change_columns["weeks"] = change_weeks;
  out["changes"] = change_columns;
  out["run_metrics"] = run_metrics;
  out["mean"] = metrics_dict(result.mean);
  return out;
}

// Every gap of every team in a weeks × k pick array (fairness.hpp's definition, via GapTracker):
// a list per team, in order, the one still open at the end included. With `eligible` (weeks ×
// teams, under churn) a team's gaps count only the weeks it was in the draw, as the metrics do.
std::vector<std::vector<std::uint64_t>> gaps(const py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>& picks,
                                             std::size_t teams,
                                             const std::optional<py::array_t<bool, py::array::c_style | py::array::forcecast>>& eligible) {
  if (picks.ndim() != 2) throw ow::InvalidArgument("picks must be a weeks × k array");
  const auto view = picks.unchecked<2>();
  const py::ssize_t weeks = view.shape(0);
  if (eligible && (eligible->ndim() != 2 || eligible->shape(0) != weeks || eligible->shape(1) != static_cast<py::ssize_t>(teams)))
    throw ow::InvalidArgument("eligible must be a weeks × teams array");
  std::vector<ow::GapTracker> trackers(teams);
  std::vector<std::uint64_t> clock(teams, 0);  // each team's eligible weeks so far
  std::vector<std::vector<std::uint64_t>> out(teams);
  for (py::ssize_t row = 0; row < weeks; ++row) {
    for (std::size_t i = 0; i < teams; ++i)
      if (!eligible || eligible->at(row, static_cast<py::ssize_t>(i))) ++clock[i];
    for (py::ssize_t j = 0; j < view.shape(1); ++j) {
      const std::uint32_t i = view(row, j);
      if (i >= teams)
        throw ow::InvalidArgument("pick " + std::to_string(i) + " is not a team index (there are " +
                                  std::to_string(teams) + " teams)");
      if (eligible && !eligible->at(row, static_cast<py::ssize_t>(i)))
        throw ow::InvalidArgument("pick " + std::to_string(i) + " in week " + std::to_string(row + 1) +
                                  " was not in the draw");
      if (const std::uint64_t gap = trackers[i].turn(clock[i])) out[i].push_back(gap);
    }
  }
  for (std::size_t i = 0; i < teams; ++i)
    if (const std::uint64_t open = trackers[i].open_gap(clock[i])) out[i].push_back(open);
  return out;
}

ow::Participant make_participant(std::string id, double weight, std::string name, std::string url,
                                 std::vector<std::string> tags, std::string subwheel) {
  ow::Participant p;
  p.subwheel = std::move(subwheel);
  p.id = std::move(id);
  p.weight = weight;
  p.name = std::move(name);
  p.url = std::move(url);
  p.tags = std::move(tags);
  return p;
}


// The Python layer names a meeting by the number of its Accepted event in the wheel's log: an
// accept returns a plain int and the record is read from the log when it is asked for. (A
// suggestion crosses as the C++ value it is: accept and skip take it back.)
const ow::Event& logged(const ow::Wheel& w, std::uint64_t seq) {
  if (seq <= w.log_base() || seq > w.last_seq())
    throw ow::InvalidArgument("event " + std::to_string(seq) + " is not in this wheel's log");
  return w.events()[static_cast<std::size_t>(seq - w.log_base() - 1)];
}

ow::Meeting meeting_at(const ow::Wheel& w, std::uint64_t seq) {
  if (const auto* a = std::get_if<ow::events::Accepted>(&logged(w, seq).payload)) return a->meeting;
  throw ow::InvalidArgument("event " + std::to_string(seq) + " is not an accepted meeting");
}

// Action statuses and priorities cross the boundary as their names (action_status.hpp).
std::string status_name(ow::ActionStatus s) { return std::string(ow::to_string(s)); }
std::string priority_name(ow::Priority p) { return std::string(ow::to_string(p)); }

// A change's JSON as the event log writes it (json.hpp), so the Python layer reads every field
// without a second encoder here: the "change" object of an action_changed event.
std::string change_json(const ow::ActionChange& change) {
  return ow::event_json(ow::Event{1, {}, {}, ow::events::ActionChanged{change}});
}

// Whole seconds since the Unix epoch, for the Python layer's datetime (UTC).
std::int64_t epoch_seconds(std::chrono::sys_seconds t) { return t.time_since_epoch().count(); }

// A board answer as (item, standing) pairs; the items are copies, so they outlive the next change.
std::vector<std::pair<ow::ActionItem, ow::Standing>> entries(const std::vector<ow::BoardEntry>& board) {
  std::vector<std::pair<ow::ActionItem, ow::Standing>> out;
  out.reserve(board.size());
  for (const ow::BoardEntry& e : board) out.emplace_back(*e.item, e.standing);
  return out;
}

std::vector<ow::ActionItem> items(const std::vector<const ow::ActionItem*>& found) {
  std::vector<ow::ActionItem> out;
  out.reserve(found.size());
  for (const ow::ActionItem* a : found) out.push_back(*a);
  return out;
}

ow::AgendaOptions agenda_options(int successes, int org_projects, int operational_events, int action_items, int review,
                                 int announcements) {
  using std::chrono::minutes;
  return {minutes{successes}, minutes{org_projects}, minutes{operational_events}, minutes{action_items},
          minutes{review}, minutes{announcements}};
}

std::string agenda_part_name(ow::AgendaPart part) {
  switch (part) {
    case ow::AgendaPart::successes: return "successes";
    case ow::AgendaPart::org_projects: return "org_projects";
    case ow::AgendaPart::operational_events: return "operational_events";
    case ow::AgendaPart::action_items: return "action_items";
    case ow::AgendaPart::service_review: return "service_review";
    case ow::AgendaPart::announcements: return "announcements";
  }
  return "section";
}

// Binds the actions, calendar and agenda part of Wheel (split out to keep PYBIND11_MODULE readable).
void bind_actions(py::module_& m, py::class_<ow::Wheel>& wheel) {
  py::class_<ow::Target>(m, "Target")
      .def_readonly("team", &ow::Target::team)
      .def_readonly("done_on", &ow::Target::done_on);

  py::class_<ow::AppliedChange>(m, "AppliedChange")
      .def_property_readonly("json", [](const ow::AppliedChange& c) { return change_json(c.change); })
      .def_property_readonly("actor", [](const ow::AppliedChange& c) { return c.context.actor; })
      .def_property_readonly("at", [](const ow::AppliedChange& c) { return epoch_seconds(c.context.at); })
      .def_property_readonly("reason", [](const ow::AppliedChange& c) { return ow::reason_of(c.change); });

  py::class_<ow::ActionItem>(m, "ActionItem")
      .def_readonly("id", &ow::ActionItem::id)
      .def_readonly("title", &ow::ActionItem::title)
      .def_readonly("description", &ow::ActionItem::description)
      .def_readonly("owner", &ow::ActionItem::owner)
      .def_readonly("raised_at", &ow::ActionItem::raised_at)
      .def_readonly("due", &ow::ActionItem::due)
      .def_property_readonly("status", [](const ow::ActionItem& a) { return status_name(a.status); })
      .def_property_readonly("priority", [](const ow::ActionItem& a) { return priority_name(a.priority); })
      .def_property_readonly("review_meeting",
                             [](const ow::ActionItem& a) { return a.review ? std::optional(a.review->meeting) : std::nullopt; })
      .def_property_readonly("review_team",
                             [](const ow::ActionItem& a) { return a.review ? std::optional(a.review->team) : std::nullopt; })
      .def_readonly("ticket_url", &ow::ActionItem::ticket_url)
      .def_readonly("targets", &ow::ActionItem::targets)
      .def_readonly("history", &ow::ActionItem::history);

  py::class_<ow::Standing>(m, "Standing")
      .def_readonly("report_back", &ow::Standing::report_back)
      .def_readonly("missed", &ow::Standing::missed)
      .def_readonly("overdue", &ow::Standing::overdue)
      .def_readonly("escalated", &ow::Standing::escalated);

  py::class_<ow::BoardCounts>(m, "BoardCounts")
      .def_readonly("open", &ow::BoardCounts::open)
      .def_readonly("in_progress", &ow::BoardCounts::in_progress)
      .def_readonly("done", &ow::BoardCounts::done)
      .def_readonly("cancelled", &ow::BoardCounts::cancelled)
      .def_readonly("due", &ow::BoardCounts::due)
      .def_readonly("overdue", &ow::BoardCounts::overdue)
      .def_readonly("escalated", &ow::BoardCounts::escalated)
      .def_readonly("fleet_items", &ow::BoardCounts::fleet_items)
      .def_readonly("targets_done", &ow::BoardCounts::targets_done)
      .def_readonly("targets_total", &ow::BoardCounts::targets_total);

  py::class_<ow::Calendar>(m, "Calendar")
      .def_property_readonly("weekday", [](const ow::Calendar& c) { return c.cadence().weekday.c_encoding(); })
      .def_property_readonly("start", [](const ow::Calendar& c) { return c.cadence().start.count(); })
      .def_property_readonly("duration", [](const ow::Calendar& c) { return c.cadence().duration.count(); })
      .def_property_readonly("time_zone", [](const ow::Calendar& c) { return c.cadence().time_zone; })
      .def_property_readonly("skipped", [](const ow::Calendar& c) { return std::vector<ow::Date>(c.skipped().begin(), c.skipped().end()); })
      .def_property_readonly("moves", [](const ow::Calendar& c) { return std::map<ow::Date, ow::Date>(c.moves()); })
      .def("is_meeting", &ow::Calendar::is_meeting, py::arg("date"))
      .def("next_meeting", &ow::Calendar::next_meeting, py::arg("after"))
      .def("meeting_on_or_after", &ow::Calendar::meeting_on_or_after, py::arg("date"))
      .def("meetings", &ow::Calendar::meetings, py::arg("start"), py::arg("end"));

  py::class_<ow::AgendaSection>(m, "AgendaSection")
      .def_property_readonly("part", [](const ow::AgendaSection& s) { return agenda_part_name(s.part); })
      .def_readonly("title", &ow::AgendaSection::title)
      .def_readonly("team", &ow::AgendaSection::team)
      .def_property_readonly("start", [](const ow::AgendaSection& s) { return s.start.count(); })
      .def_property_readonly("length", [](const ow::AgendaSection& s) { return s.length.count(); })
      .def_readonly("overflows", &ow::AgendaSection::overflows);

  py::class_<ow::AgendaReview>(m, "AgendaReview")
      .def_readonly("team", &ow::AgendaReview::team)
      .def_readonly("name", &ow::AgendaReview::name)
      .def_property_readonly("dashboards", [](const ow::AgendaReview& r) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& d : r.dashboards) out.emplace_back(d.title, d.url);
        return out;
      })
      .def_property_readonly("checklist", [](const ow::AgendaReview& r) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& metric : r.checklist) out.emplace_back(metric.id, metric.description);
        return out;
      });

  py::class_<ow::AgendaItem>(m, "AgendaItem")
      .def_readonly("id", &ow::AgendaItem::id)
      .def_readonly("title", &ow::AgendaItem::title)
      .def_readonly("owner", &ow::AgendaItem::owner)
      .def_property_readonly("status", [](const ow::AgendaItem& i) { return status_name(i.status); })
      .def_readonly("due", &ow::AgendaItem::due)
      .def_readonly("standing", &ow::AgendaItem::standing)
      .def_property_readonly("progress", [](const ow::AgendaItem& i) { return std::make_pair(i.progress.done, i.progress.total); });

  py::class_<ow::Agenda>(m, "Agenda")
      .def_readonly("date", &ow::Agenda::date)
      .def_property_readonly("start", [](const ow::Agenda& a) { return a.start.count(); })
      .def_property_readonly("duration", [](const ow::Agenda& a) { return a.duration.count(); })
      .def_readonly("time_zone", &ow::Agenda::time_zone)
      .def_readonly("sections", &ow::Agenda::sections)
      .def_readonly("reviews", &ow::Agenda::reviews)
      .def_readonly("due", &ow::Agenda::due)
      .def_readonly("overdue", &ow::Agenda::overdue)
      .def_property_readonly("planned", [](const ow::Agenda& a) { return a.planned.count(); })
      .def_property_readonly("overflow", [](const ow::Agenda& a) { return a.overflow.count(); })
      .def_readonly("reviews_that_fit", &ow::Agenda::reviews_that_fit)
      .def("markdown", [](const ow::Agenda& a, std::string_view title) { return ow::agenda_markdown(a, title); },
           py::arg("title"));

  const ow::AgendaOptions agenda_defaults;
  wheel
      .def("set_cadence",
           [](ow::Wheel& w, unsigned weekday, int start, int duration, std::string time_zone) {
             if (weekday > 6) throw ow::InvalidArgument("invalid weekday " + std::to_string(weekday) + ": expected 0 (Sunday) to 6");
             w.set_cadence(ow::Cadence{std::chrono::weekday{weekday}, std::chrono::minutes{start},
                                       std::chrono::minutes{duration}, std::move(time_zone)});
           },
           py::arg("weekday"), py::arg("start"), py::arg("duration"), py::arg("time_zone"))
      .def("calendar", [](const ow::Wheel& w) { return w.actions().calendar(); })
      .def("action_items", [](const ow::Wheel& w) { return w.actions().items(); })
      .def("action_item", [](const ow::Wheel& w, std::string_view id) { return w.actions().item(id); }, py::arg("id"))
      .def("report_back", [](const ow::Wheel& w, std::string_view id) { return w.actions().report_back(w.actions().item(id)); },
           py::arg("id"))
      .def("standing", [](const ow::Wheel& w, std::string_view id, ow::Date as_of) {
             return w.actions().standing(w.actions().item(id), as_of);
           }, py::arg("id"), py::arg("as_of"))
      .def("due_for_report_back", [](const ow::Wheel& w, ow::Date d) { return entries(ow::due_for_report_back(w.actions(), d)); },
           py::arg("meeting"))
      .def("overdue", [](const ow::Wheel& w, ow::Date d) { return entries(ow::overdue(w.actions(), d)); }, py::arg("as_of"))
      .def("escalated", [](const ow::Wheel& w, ow::Date d) { return entries(ow::escalated(w.actions(), d)); }, py::arg("as_of"))
      .def("by_owner", [](const ow::Wheel& w, std::string_view team) { return items(ow::by_owner(w.actions(), team)); },
           py::arg("team"))
      .def("by_status", [](const ow::Wheel& w, std::string_view s) { return items(ow::by_status(w.actions(), ow::parse_status(s))); },
           py::arg("status"))
      .def("board_counts", [](const ow::Wheel& w, ow::Date d) { return ow::board_counts(w.actions(), d); }, py::arg("as_of"))
      .def("add_action",
           [](ow::Wheel& w, std::string id, std::string title, std::string owner, ow::Date raised_at, ow::Date due,
              std::string_view priority, std::string ticket_url, std::vector<std::string> targets, std::string description,
              std::optional<std::string> review_team) {
             ow::ItemCreated c{std::move(id), std::move(title), std::move(description), std::move(owner), raised_at, due,
                               ow::parse_priority(priority), std::nullopt, std::move(ticket_url), std::move(targets)};
             if (review_team) c.review = ow::ReviewRef{raised_at, std::move(*review_team)};
             w.change_actions(c);
             return w.actions().items().back();
           },
           py::arg("id"), py::arg("title"), py::arg("owner"), py::arg("raised_at"), py::arg("due"), py::arg("priority"),
           py::arg("ticket_url"), py::arg("targets"), py::arg("description"), py::arg("review_team"))
      .def("move_due", [](ow::Wheel& w, std::string id, ow::Date due, std::string reason) {
             w.change_actions(ow::DueMoved{std::move(id), due, std::move(reason)});
           }, py::arg("id"), py::arg("due"), py::arg("reason"))
      .def("set_status", [](ow::Wheel& w, std::string id, std::string_view status, std::string reason) {
             w.change_actions(ow::StatusChanged{std::move(id), ow::parse_status(status), std::move(reason)});
           }, py::arg("id"), py::arg("status"), py::arg("reason"))
      .def("change_owner", [](ow::Wheel& w, std::string id, std::string owner, std::string reason) {
             w.change_actions(ow::OwnerChanged{std::move(id), std::move(owner), std::move(reason)});
           }, py::arg("id"), py::arg("owner"), py::arg("reason"))
      .def("add_targets", [](ow::Wheel& w, std::string id, std::vector<std::string> teams, std::string reason) {
             w.change_actions(ow::TargetsAdded{std::move(id), std::move(teams), std::move(reason)});
           }, py::arg("id"), py::arg("teams"), py::arg("reason"))
      .def("remove_target", [](ow::Wheel& w, std::string id, std::string team, std::string reason) {
             w.change_actions(ow::TargetRemoved{std::move(id), std::move(team), std::move(reason)});
           }, py::arg("id"), py::arg("team"), py::arg("reason"))
      .def("complete_target", [](ow::Wheel& w, std::string id, std::string team, ow::Date on) {
             w.change_actions(ow::TargetCompleted{std::move(id), std::move(team), on});
           }, py::arg("id"), py::arg("team"), py::arg("on"))
      .def("reopen_target", [](ow::Wheel& w, std::string id, std::string team, std::string reason) {
             w.change_actions(ow::TargetReopened{std::move(id), std::move(team), std::move(reason)});
           }, py::arg("id"), py::arg("team"), py::arg("reason"))
      .def("comment", [](ow::Wheel& w, std::string id, std::string text) {
             w.change_actions(ow::CommentAdded{std::move(id), std::move(text)});
           }, py::arg("id"), py::arg("text"))
      .def("skip_meeting", [](ow::Wheel& w, ow::Date date, std::string reason) {
             w.change_actions(ow::MeetingSkipped{date, std::move(reason)});
           }, py::arg("date"), py::arg("reason"))
      .def("move_meeting", [](ow::Wheel& w, ow::Date from, ow::Date to, std::string reason) {
             w.change_actions(ow::MeetingMoved{from, to, std::move(reason)});
           }, py::arg("start"), py::arg("to"), py::arg("reason"))
      .def("restore_meeting", [](ow::Wheel& w, ow::Date date, std::string reason) {
             w.change_actions(ow::MeetingRestored{date, std::move(reason)});
           }, py::arg("date"), py::arg("reason"))
      .def("presenters",
           [](const ow::Wheel& w, ow::Date meeting) {
             const ow::Presenters p = ow::presenters_for(w, meeting);
             return py::make_tuple(p.teams, std::string(ow::to_string(p.source)));
           },
           py::arg("meeting"))
      .def("agenda",
           [](const ow::Wheel& w, ow::Date meeting, const std::vector<std::string>& presenting, int successes,
              int org_projects, int operational_events, int action_items, int review, int announcements) {
             return ow::make_agenda(w.actions(), w.roster(), meeting, presenting,
                                    agenda_options(successes, org_projects, operational_events, action_items, review,
                                                   announcements));
           },
           py::arg("meeting"), py::arg("presenting"), py::arg("successes") = agenda_defaults.successes.count(),
           py::arg("org_projects") = agenda_defaults.org_projects.count(),
           py::arg("operational_events") = agenda_defaults.operational_events.count(),
           py::arg("action_items") = agenda_defaults.action_items.count(),
           py::arg("review") = agenda_defaults.review.count(), py::arg("announcements") = agenda_defaults.announcements.count())
      .def("icalendar",
           [](const ow::Wheel& w, ow::Date from, std::optional<ow::Date> until, std::string calendar_id, std::string title,
              std::int64_t stamp, const std::vector<ow::Agenda>& agendas) {
             ow::IcsOptions o{std::move(calendar_id), std::move(title), std::chrono::sys_seconds{std::chrono::seconds{stamp}},
                              from, until};
             return ow::to_icalendar(w.actions(), o, agendas);
           },
           py::arg("start"), py::arg("until"), py::arg("calendar_id"), py::arg("title"), py::arg("stamp"), py::arg("agendas"));
}

// Binds item edits and the review side of the action book: the template, team profiles, review
// records and the escalation threshold. Metrics, dashboards and checklist entries cross as tuples.
void bind_reviews(py::module_& m, py::class_<ow::Wheel>& wheel) {
  using MetricPair = std::pair<std::string, std::string>;       // (id, description)
  using Checked = std::tuple<std::string, bool, std::string>;   // (metric, reviewed, note)
  const auto metrics_in = [](const std::vector<MetricPair>& in) {
    std::vector<ow::Metric> out;
    for (const auto& [id, description] : in) out.push_back({id, description});
    return out;
  };
  const auto metrics_out = [](const std::vector<ow::Metric>& in) {
    std::vector<MetricPair> out;
    for (const ow::Metric& metric : in) out.emplace_back(metric.id, metric.description);
    return out;
  };

  py::class_<ow::TeamProfile>(m, "TeamProfile")
      .def_readonly("team", &ow::TeamProfile::team)
      .def_property_readonly("metrics", [=](const ow::TeamProfile& p) { return metrics_out(p.metrics); })
      .def_property_readonly("dashboards", [](const ow::TeamProfile& p) {
        std::vector<MetricPair> out;
        for (const ow::DashboardLink& d : p.dashboards) out.emplace_back(d.title, d.url);
        return out;
      });

  py::class_<ow::ReviewRecord>(m, "ReviewRecord")
      .def_readonly("meeting", &ow::ReviewRecord::meeting)
      .def_readonly("team", &ow::ReviewRecord::team)
      .def_property_readonly("checklist", [](const ow::ReviewRecord& r) {
        std::vector<Checked> out;
        for (const ow::ChecklistEntry& e : r.checklist) out.emplace_back(e.metric, e.reviewed, e.note);
        return out;
      })
      .def_readonly("outcome", &ow::ReviewRecord::outcome)
      .def_property_readonly("monitoring", [](const ow::ReviewRecord& r) { return std::string(ow::to_string(r.monitoring)); })
      .def_readonly("monitoring_notes", &ow::ReviewRecord::monitoring_notes)
      .def_readonly("lessons", &ow::ReviewRecord::lessons);

  wheel
      .def("edit_action",
           [](ow::Wheel& w, std::string id, std::optional<std::string> title, std::optional<std::string> description,
              std::optional<std::string_view> priority, std::optional<std::string> ticket_url, std::string reason) {
             // Fields not given keep their value, as `opswheel actions update` does.
             const ow::ActionItem& now = w.actions().item(id);
             ow::ItemEdited c{id, title.value_or(now.title), description.value_or(now.description),
                              priority ? ow::parse_priority(*priority) : now.priority, ticket_url.value_or(now.ticket_url),
                              std::move(reason)};
             w.change_actions(std::move(c));
           },
           py::arg("id"), py::arg("title"), py::arg("description"), py::arg("priority"), py::arg("ticket_url"),
           py::arg("reason"))
      .def("review_template", [=](const ow::Wheel& w) { return metrics_out(w.actions().review_template().metrics); })
      .def("set_review_template", [=](ow::Wheel& w, const std::vector<MetricPair>& metrics) {
             w.change_actions(ow::TemplateSet{ow::ReviewTemplate{metrics_in(metrics)}});
           }, py::arg("metrics"))
      .def("team_profiles", [](const ow::Wheel& w) {
        std::vector<ow::TeamProfile> out;
        for (const auto& [team, profile] : w.actions().profiles()) out.push_back(profile);
        return out;
      })
      .def("set_team_profile",
           [=](ow::Wheel& w, std::string team, const std::vector<MetricPair>& metrics,
               const std::vector<MetricPair>& dashboards) {
             ow::TeamProfile p{std::move(team), metrics_in(metrics), {}};
             for (const auto& [title, url] : dashboards) p.dashboards.push_back({title, url});
             w.change_actions(ow::TeamProfileSet{std::move(p)});
           },
           py::arg("team"), py::arg("metrics"), py::arg("dashboards"))
      .def("checklist", [=](const ow::Wheel& w, std::string_view team) { return metrics_out(w.actions().checklist(team)); },
           py::arg("team"))
      .def("reviews", [](const ow::Wheel& w) { return w.actions().reviews(); })
      .def("raised_in", [](const ow::Wheel& w, ow::Date meeting, std::string team) {
             std::vector<std::string> out;
             for (const ow::ActionItem* a : w.actions().raised_in(ow::ReviewRef{meeting, std::move(team)})) out.push_back(a->id);
             return out;
           }, py::arg("meeting"), py::arg("team"))
      .def("record_review",
           [](ow::Wheel& w, ow::Date meeting, std::string team, const std::vector<Checked>& checklist, std::string outcome,
              std::string_view monitoring, std::string monitoring_notes, std::string lessons) {
             ow::ReviewRecord r{meeting, std::move(team), {}, std::move(outcome), ow::parse_monitoring(monitoring),
                                std::move(monitoring_notes), std::move(lessons)};
             for (const auto& [metric, reviewed, note] : checklist) r.checklist.push_back({metric, reviewed, note});
             w.change_actions(ow::ReviewRecorded{std::move(r)});
           },
           py::arg("meeting"), py::arg("team"), py::arg("checklist"), py::arg("outcome"), py::arg("monitoring"),
           py::arg("monitoring_notes"), py::arg("lessons"))
      .def_property_readonly("escalate_after", [](const ow::Wheel& w) { return w.actions().escalate_after(); })
      .def("set_escalate_after", [](ow::Wheel& w, std::size_t missed_report_backs) {
             w.change_actions(ow::EscalationSet{missed_report_backs});
           }, py::arg("missed_report_backs"));
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  PyDateTime_IMPORT;
  if (!PyDateTimeAPI) throw py::error_already_set();

  m.doc() = "Private compiled core of opswheel; use the opswheel package instead.";
  m.attr("__version__") = OPSWHEEL_VERSION_STRING;
  py::list names;
  for (const auto name : ow::policy_names) names.append(py::str(name.data(), name.size()));
  m.attr("policy_names") = py::tuple(names);
  m.attr("default_chance_weeks") = ow::SimulationSpec{}.chance_weeks;

  // The error table (errors.hpp), from which opswheel._errors makes its exception classes:
  // (name, meaning) per code, in enum order.
  py::list error_codes;
  for (const ow::ErrorCodeInfo& info : ow::error_codes)
    error_codes.append(py::make_tuple(std::string(info.name), std::string(info.meaning)));
  m.attr("error_codes") = py::tuple(error_codes);

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ow::Error& e) {
      raise_error(e);
    }
  });

  const ow::PolicyOptions defaults;
  py::class_<ow::PolicyOptions>(m, "PolicyOptions")
      .def(py::init<>())
      .def_readonly("slack", &ow::PolicyOptions::slack)
      .def_readonly("lean", &ow::PolicyOptions::lean)
      .def_readonly("gap_target", &ow::PolicyOptions::gap_target);

  py::class_<ow::Participant>(m, "Participant")
      .def_readonly("id", &ow::Participant::id)
      .def_readonly("name", &ow::Participant::name)
      .def_property_readonly("display_name", &ow::Participant::display_name)
      .def_readonly("url", &ow::Participant::url)
      .def_readonly("weight", &ow::Participant::weight)
      .def_readonly("tags", &ow::Participant::tags)
      .def_readonly("paused", &ow::Participant::paused)
      .def_readonly("paused_until", &ow::Participant::paused_until)
      .def_readonly("subwheel", &ow::Participant::subwheel);

  py::class_<ow::Pin>(m, "Pin")
      .def_readonly("id", &ow::Pin::id)
      .def_readonly("reason", &ow::Pin::reason)
      .def_readonly("actor", &ow::Pin::actor);

  py::class_<ow::Skip>(m, "Skip")
      .def_readonly("id", &ow::Skip::id)
      .def_readonly("reason", &ow::Skip::reason)
      .def_readonly("replacement", &ow::Skip::replacement)
      .def_readonly("actor", &ow::Skip::actor);

  py::class_<ow::Delegation>(m, "Delegation")
      .def_readonly("id", &ow::Delegation::id)
      .def_readonly("wheel", &ow::Delegation::wheel)
      .def_readonly("picks", &ow::Delegation::picks);

  py::class_<ow::Suggestion>(m, "Suggestion")
      .def_readonly("picks", &ow::Suggestion::picks)
      .def_readonly("pinned", &ow::Suggestion::pinned)
      .def_readonly("skipped", &ow::Suggestion::skipped)
      .def_readonly("position", &ow::Suggestion::position)
      .def_readonly("spin", &ow::Suggestion::spin)
      .def_readonly("version", &ow::Suggestion::version);

  py::class_<ow::Meeting>(m, "Meeting")
      .def_readonly("number", &ow::Meeting::number)
      .def_readonly("date", &ow::Meeting::date)
      .def_readonly("picks", &ow::Meeting::picks)
      .def_readonly("pinned", &ow::Meeting::pinned)
      .def_readonly("skipped", &ow::Meeting::skipped)
      .def_readonly("position", &ow::Meeting::position)
      .def_readonly("delegated", &ow::Meeting::delegated);

  py::class_<ow::TeamStats>(m, "TeamStats")
      .def_readonly("id", &ow::TeamStats::id)
      .def_readonly("turns", &ow::TeamStats::turns)
      .def_readonly("last_meeting", &ow::TeamStats::last_meeting)
      .def_readonly("last_date", &ow::TeamStats::last_date)
      .def_readonly("current_gap", &ow::TeamStats::current_gap)
      .def_readonly("longest_gap", &ow::TeamStats::longest_gap)
      .def_readonly("expected", &ow::TeamStats::expected)
      .def_readonly("deviation", &ow::TeamStats::deviation)
      .def_readonly("debt", &ow::TeamStats::debt);

  py::class_<ow::Wheel> wheel(m, "Wheel");
  wheel
      .def(py::init([](std::string_view policy, std::uint64_t seed, unsigned slack, double lean, double gap_target) {
             return ow::Wheel(policy, seed, make_options(slack, lean, gap_target));
           }),
           py::arg("policy"), py::arg("seed"), py::arg("slack") = defaults.slack, py::arg("lean") = defaults.lean,
           py::arg("gap_target") = defaults.gap_target)
      .def("copy", [](const ow::Wheel& w) { return ow::Wheel(w); })
      .def_property_readonly("policy", [](const ow::Wheel& w) { return std::string(w.policy().name()); })
      .def_property_readonly("seed", &ow::Wheel::seed)
      .def_property_readonly("stream_position", &ow::Wheel::stream_position)
      .def_property_readonly("spins", &ow::Wheel::spins)
      .def_property_readonly("version", &ow::Wheel::version)
      .def("__len__", [](const ow::Wheel& w) { return w.roster().size(); })
      .def("__contains__", [](const ow::Wheel& w, std::string_view id) { return w.roster().contains(id); })
      .def("team", [](const ow::Wheel& w, std::string_view id) { return w.roster().at(id); })
      .def("roster", [](const ow::Wheel& w) { return std::vector<ow::Participant>(w.roster().begin(), w.roster().end()); })
      .def("add",
           [](ow::Wheel& w, std::string id, double weight, std::string name, std::string url,
              std::vector<std::string> tags, std::string subwheel) {
             w.add(make_participant(std::move(id), weight, std::move(name), std::move(url), std::move(tags),
                                    std::move(subwheel)));
           },
           py::arg("id"), py::arg("weight"), py::arg("name"), py::arg("url"), py::arg("tags"), py::arg("subwheel"))
      .def("remove", &ow::Wheel::remove, py::arg("id"))
      .def("pause", &ow::Wheel::pause, py::arg("id"), py::arg("until"))
      .def("resume", &ow::Wheel::resume, py::arg("id"))
      .def("resume_due", &ow::Wheel::resume_due, py::arg("date"))
      .def("set_weight", &ow::Wheel::set_weight, py::arg("id"), py::arg("weight"))
      .def("reset", &ow::Wheel::reset)
      .def("pin", &ow::Wheel::pin, py::arg("id"), py::arg("reason"))
      .def("unpin", &ow::Wheel::unpin, py::arg("id"))
      .def("pins", &ow::Wheel::pins)
      .def("suggest", &ow::Wheel::suggest, py::arg("k"))
      .def("skip", &ow::Wheel::skip, py::arg("suggestion"), py::arg("id"), py::arg("reason"))
      // accept returns the number of the event it logged (see logged()).
      .def("accept",
           [](ow::Wheel& w, const ow::Suggestion& suggestion, std::optional<ow::Date> date) {
             w.accept(suggestion, date);
             return w.last_seq();
           },
           py::arg("suggestion"), py::arg("date"))
      .def("accept_ids",
           [](ow::Wheel& w, std::vector<std::string> ids, std::optional<ow::Date> date) {
             w.accept(std::move(ids), date);
             return w.last_seq();
           },
           py::arg("ids"), py::arg("date"))
      .def("meeting", &meeting_at, py::arg("seq"))
      .def("probabilities",
           [](const ow::Wheel& w, std::size_t k) {
             const ow::Chances c = w.probabilities(k);
             py::dict by_id;
             for (std::size_t i = 0; i < c.values.size(); ++i) by_id[py::str(w.roster()[i].id)] = c.values[i];
             return py::make_tuple(by_id, c.exact, c.samples);
           },
           py::arg("k"))
      .def("stats", &ow::Wheel::stats)
      .def("history", &ow::Wheel::history)
      .def_property_readonly("can_undo", &ow::Wheel::can_undo)
      .def("undo", &ow::Wheel::undo, py::arg("reason"))
      .def_property("actor", &ow::Wheel::actor, &ow::Wheel::set_actor)
      .def_property_readonly("last_seq", &ow::Wheel::last_seq)
      .def_property_readonly("log_base", &ow::Wheel::log_base)
      .def("events", [](const ow::Wheel& w) {
        std::vector<std::string> out;
        out.reserve(w.events().size());
        for (const ow::Event& e : w.events()) out.push_back(ow::event_json(e));
        return out;
      })
      // The wheel page (opswheel/page.hpp): a spin of the log, or an accepted meeting by number.
      .def("page",
           [](const ow::Wheel& w, const ow::Suggestion& suggestion, std::string title, std::optional<ow::Date> date,
              double spin_seconds, std::string theme) {
             return ow::wheel_page(w, suggestion, {std::move(title), date, {}, spin_seconds, std::move(theme)});
           },
           py::arg("suggestion"), py::arg("title"), py::arg("date"), py::arg("spin_seconds"), py::arg("theme"))
      .def("meeting_page",
           [](const ow::Wheel& w, std::size_t number, std::string title, double spin_seconds, std::string theme) {
             return ow::meeting_page(w, number, {std::move(title), std::nullopt, {}, spin_seconds, std::move(theme)});
           },
           py::arg("number"), py::arg("title"), py::arg("spin_seconds"), py::arg("theme"))
      .def("to_json", [](const ow::Wheel& w, std::string_view name, int indent) { return ow::wheel_to_json(w, name, indent); },
           py::arg("name"), py::arg("indent"))
      .def_static("from_json", [](std::string_view text) {
        ow::ImportedWheel in = ow::wheel_from_json(text);
        return std::make_pair(std::move(in.name), std::move(in.wheel));
      }, py::arg("text"));
  bind_actions(m, wheel);
  bind_reviews(m, wheel);

  // The store: a Store object is one-thread-at-a-time like a Wheel, so the GIL is kept; SQLite's
  // own waits are bounded by busy_timeout.
  py::class_<ow::Verification>(m, "Verification")
      .def_readonly("ok", &ow::Verification::ok)
      .def_readonly("events", &ow::Verification::events)
      .def_readonly("first_bad", &ow::Verification::first_bad)
      .def_readonly("problem", &ow::Verification::problem)
      .def_readonly("head_hash", &ow::Verification::head_hash);

  m.def("store_backends", &ow::Store::backends);
  py::class_<ow::Store>(m, "Store")
      .def(py::init([](const std::string& path, std::int64_t busy_timeout_ms, bool create, bool durable,
                       std::uint64_t snapshot_every) {
             if (busy_timeout_ms < 0) throw ow::InvalidArgument("busy_timeout must not be negative");
             if (snapshot_every == 0) throw ow::InvalidArgument("snapshot_every must be at least 1");
             ow::StoreOptions o;
             o.busy_timeout = std::chrono::milliseconds{busy_timeout_ms};
             o.create = create;
             o.durability = durable ? ow::StoreOptions::Durability::full : ow::StoreOptions::Durability::normal;
             o.snapshot_every = snapshot_every;
             return ow::Store(path, o);
           }),
           py::arg("path"), py::arg("busy_timeout_ms"), py::arg("create"), py::arg("durable"), py::arg("snapshot_every"))
      .def_property_readonly("path", &ow::Store::path)
      .def_property_readonly("location", &ow::Store::location)
      .def("wheels", &ow::Store::wheels)
      .def("__contains__", &ow::Store::contains, py::arg("name"))
      .def("create",
           [](ow::Store& st, std::string_view name, std::string_view policy, std::uint64_t seed, unsigned slack, double lean,
              double gap_target, std::string_view actor) {
             return st.create(name, policy, seed, make_options(slack, lean, gap_target), actor);
           },
           py::arg("name"), py::arg("policy"), py::arg("seed"), py::arg("slack"), py::arg("lean"), py::arg("gap_target"),
           py::arg("actor"))
      .def("open", &ow::Store::open, py::arg("name"))
      // The strict commit (Store::commit(name, const Wheel&)).
      .def("commit", py::overload_cast<std::string_view, const ow::Wheel&>(&ow::Store::commit), py::arg("name"), py::arg("wheel"))
      // The rebasing commit (Store::commit(name, Wheel&)), made on a copy, so that the records
      // Python handed out keep the wheel (and the event numbers) they came from: returns the count
      // written and, when the store's events were put before the wheel's, the copy, else None. The
      // strict commit is tried first, so a wheel is copied only when someone else wrote meanwhile.
      .def("commit_rebase",
           [](ow::Store& st, std::string_view name, const ow::Wheel& wheel) -> std::pair<std::size_t, std::optional<ow::Wheel>> {
             try {
               return {st.commit(name, wheel), std::nullopt};
             } catch (const ow::Conflict&) {
             }
             ow::Wheel copy = wheel;
             const std::size_t written = st.commit(name, copy);
             if (copy.last_seq() == wheel.last_seq()) return {written, std::nullopt};
             return {written, std::move(copy)};
           },
           py::arg("name"), py::arg("wheel"))
      .def("accept_with_subwheels",
           [](ow::Store& st, std::string_view name, ow::Wheel& wheel, const ow::Suggestion& suggestion,
              std::optional<ow::Date> date) { return st.accept_with_subwheels(name, wheel, suggestion, date); },
           py::arg("name"), py::arg("wheel"), py::arg("suggestion"), py::arg("date"))
      .def("accept_ids_with_subwheels",
           [](ow::Store& st, std::string_view name, ow::Wheel& wheel, std::vector<std::string> picks,
              std::optional<ow::Date> date) { return st.accept_with_subwheels(name, wheel, std::move(picks), date); },
           py::arg("name"), py::arg("wheel"), py::arg("picks"), py::arg("date"))
      .def("subwheel_weight", &ow::Store::subwheel_weight, py::arg("subwheel"))
      .def("events",
           [](const ow::Store& st, std::string_view name, std::uint64_t from_seq) {
             std::vector<std::tuple<std::string, std::string, std::string>> out;
             for (const ow::ChainedEvent& e : st.events(name, from_seq)) out.emplace_back(ow::event_json(e.event), e.prev, e.hash);
             return out;
           },
           py::arg("name"), py::arg("from_seq"))
      // The change feed's wait, in slices of interrupt_check_every: between them the GIL is taken
      // back to look for Ctrl-C; within them it is released, so other threads run (not on this
      // Store). Slicing loses nothing: each slice reads the head before it waits. timeout_ms None:
      // no timeout.
      .def("wait_for_events",
           [](const ow::Store& st, std::string_view name, std::uint64_t after_seq, std::optional<std::int64_t> timeout_ms) {
             using Clock = std::chrono::steady_clock;
             std::optional<Clock::time_point> deadline;
             if (timeout_ms) deadline = Clock::now() + std::chrono::milliseconds(*timeout_ms);
             for (;;) {
               auto slice = std::chrono::milliseconds(interrupt_check_every);
               if (deadline)
                 slice = std::clamp(std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()),
                                    std::chrono::milliseconds::zero(), slice);
               std::uint64_t head = 0;
               {
                 py::gil_scoped_release no_gil;
                 head = st.wait_for_events(name, after_seq, slice);
               }
               if (head > after_seq || (deadline && Clock::now() >= *deadline)) return head;
               if (PyErr_CheckSignals() != 0) throw py::error_already_set();
             }
           },
           py::arg("name"), py::arg("after_seq"), py::arg("timeout_ms"))
      .def("verify", &ow::Store::verify, py::arg("name"))
      .def("export_json", &ow::Store::export_json, py::arg("name"))
      .def("import_json", &ow::Store::import_json, py::arg("text"), py::arg("name"));

  py::class_<ow::ChurnModel>(m, "ChurnModel")
      .def(py::init(&make_churn), py::arg("join"), py::arg("leave"), py::arg("pause"), py::arg("pause_min"),
           py::arg("pause_max"), py::arg("reweight"), py::arg("weights"));
  py::list change_kinds;  // by ChangeKind's value, as the changes' "kind" column holds it
  for (const auto kind : {ow::ChangeKind::join, ow::ChangeKind::leave, ow::ChangeKind::pause, ow::ChangeKind::resume,
                          ow::ChangeKind::reweight}) {
    if (static_cast<std::size_t>(kind) != change_kinds.size()) throw std::logic_error("ChangeKind values are not 0, 1, ...");
    change_kinds.append(std::string(ow::change_kind_name(kind)));
  }
  m.attr("change_kinds") = py::tuple(change_kinds);
  m.def("simulate", &simulate, py::arg("policy"), py::arg("weights"), py::arg("k"), py::arg("weeks"),
        py::arg("runs"), py::arg("seed"), py::arg("slack"), py::arg("lean"), py::arg("gap_target"),
        py::arg("chance_weeks"), py::arg("first_run"), py::arg("churn"), py::arg("progress"));
  m.def("gaps", &gaps, py::arg("picks"), py::arg("teams"), py::arg("eligible"));
  m.def("shares", [](const std::vector<double>& weights, std::size_t k) { return ow::detail::inclusion_probabilities(weights, k); },
        py::arg("weights"), py::arg("k"));
}
