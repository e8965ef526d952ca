// SPDX-License-Identifier: Apache-2.0
//
// opswheel._core: the private compiled module under the `opswheel` package. It binds the C++ types
// as they are; the Pythonic surface (records, tables, notebook display, plots) is the package's
// Python layer, so this file stays a thin, mechanical mirror of the headers.
//
// Errors: every opswheel::Error is raised as the Python class that opswheel._errors registers for
// its ErrorCode (ValueError, KeyError and opswheel.Error subclasses), with the C++ message. This is
// the one place the mapping happens.
//
// Threads: a Wheel is used with the GIL held (like the C++ Wheel, it is one-thread-at-a-time).
// simulate() works on its own copy of the inputs, so it releases the GIL while it runs.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

// After pybind11: it includes Python.h first, as Python requires.
#include <datetime.h>

#include <opswheel/date.hpp>
#include <opswheel/errors.hpp>
#include <opswheel/fairness.hpp>
#include <opswheel/participant.hpp>
#include <opswheel/policies.hpp>
#include <opswheel/simulate.hpp>
#include <opswheel/version.hpp>
#include <opswheel/wheel.hpp>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
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

// The ErrorCode's name, which opswheel._errors keys its exception classes by. No default case:
// a new ErrorCode is a compile error here (-Wswitch) until it gets a name.
const char* code_name(ow::ErrorCode code) {
  switch (code) {
    case ow::ErrorCode::invalid_argument: return "invalid_argument";
    case ow::ErrorCode::invalid_id: return "invalid_id";
    case ow::ErrorCode::duplicate_id: return "duplicate_id";
    case ow::ErrorCode::unknown_id: return "unknown_id";
    case ow::ErrorCode::not_enough_teams: return "not_enough_teams";
    case ow::ErrorCode::stale_suggestion: return "stale_suggestion";
    case ow::ErrorCode::invalid_transition: return "invalid_transition";
    case ow::ErrorCode::not_found: return "not_found";
    case ow::ErrorCode::corrupt_data: return "corrupt_data";
    case ow::ErrorCode::unsupported_version: return "unsupported_version";
    case ow::ErrorCode::conflict: return "conflict";
    case ow::ErrorCode::storage: return "storage";
  }
  return "error";
}

void raise_error(const ow::Error& e) {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> by_code;
  const py::object& classes =
      by_code.call_once_and_store_result([] { return py::module_::import("opswheel._errors").attr("by_code"); }).get_stored();
  const py::object cls = classes(code_name(e.code()));
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
  d["weeks"] = m.weeks;
  d["teams"] = m.teams;
  d["chance_weeks"] = m.chance_weeks;
  d["max_gap"] = m.max_gap;
  d["max_gap_normalised"] = m.max_gap_normalised;
  d["mean_gap"] = m.mean_gap;
  d["max_deviation"] = m.max_deviation;
  d["win52"] = m.win52;
  d["certainty"] = m.certainty;
  d["near_certainty"] = m.near_certainty;
  d["entropy"] = m.entropy;
  d["duplicates"] = m.duplicates;
  return d;
}

// How often simulate() takes the GIL back to look for Ctrl-C when no progress callback is given:
// rarely enough that other Python threads keep running, often enough to feel immediate.
constexpr auto interrupt_check_every = std::chrono::milliseconds(100);

py::dict simulate(std::string policy, const py::array_t<double, py::array::c_style | py::array::forcecast>& weights,
                  std::size_t k, std::size_t weeks, std::size_t runs, std::uint64_t seed, unsigned slack, double lean,
                  double gap_target, std::size_t chance_weeks, std::size_t first_run, const py::object& progress) {
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

  const std::size_t n = spec.weights.size();
  const std::size_t sampled = chance_weeks == 0 ? 0 : std::min(chance_weeks, weeks);
  py::array_t<std::uint32_t> picks({runs, weeks, k});
  py::array_t<std::uint64_t> seeds(static_cast<py::ssize_t>(runs));
  py::array_t<std::int64_t> chance_week_numbers({runs, sampled});
  py::array_t<double> chances({runs, sampled, n});
  py::list run_metrics;
  auto seeds_view = seeds.mutable_unchecked<1>();
  auto weeks_view = chance_week_numbers.mutable_unchecked<2>();
  for (std::size_t r = 0; r < runs; ++r) {
    const ow::SimulationRun& run = result.runs[r];
    std::memcpy(picks.mutable_data(r), run.picks.data(), run.picks.values().size() * sizeof(std::uint32_t));
    seeds_view(static_cast<py::ssize_t>(r)) = run.seed;
    for (std::size_t j = 0; j < run.chances.size(); ++j)
      weeks_view(static_cast<py::ssize_t>(r), static_cast<py::ssize_t>(j)) = static_cast<std::int64_t>(run.chances.weeks()[j]);
    if (sampled > 0)
      std::memcpy(chances.mutable_data(r), run.chances.values().data(), run.chances.values().size() * sizeof(double));
    run_metrics.append(metrics_dict(run.metrics));
  }
  py::dict out;
  out["picks"] = picks;
  out["seeds"] = seeds;
  out["shares"] = py::array_t<double>(static_cast<py::ssize_t>(n), result.shares.data());
  out["chance_weeks"] = chance_week_numbers;
  out["chances"] = chances;
  out["run_metrics"] = run_metrics;
  out["mean"] = metrics_dict(result.mean);
  return out;
}

// Every gap of every team in a weeks × k pick array (fairness.hpp's definition, via GapTracker):
// a list per team, in order, the one still open at the end included.
std::vector<std::vector<std::uint64_t>> gaps(const py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>& picks,
                                             std::size_t teams) {
  if (picks.ndim() != 2) throw ow::InvalidArgument("picks must be a weeks × k array");
  const auto view = picks.unchecked<2>();
  std::vector<ow::GapTracker> trackers(teams);
  std::vector<std::vector<std::uint64_t>> out(teams);
  const auto weeks = static_cast<std::uint64_t>(view.shape(0));
  for (py::ssize_t row = 0; row < view.shape(0); ++row)
    for (py::ssize_t j = 0; j < view.shape(1); ++j) {
      const std::uint32_t i = view(row, j);
      if (i >= teams)
        throw ow::InvalidArgument("pick " + std::to_string(i) + " is not a team index (there are " +
                                  std::to_string(teams) + " teams)");
      if (const std::uint64_t gap = trackers[i].turn(static_cast<std::uint64_t>(row) + 1)) out[i].push_back(gap);
    }
  for (std::size_t i = 0; i < teams; ++i)
    if (const std::uint64_t open = trackers[i].open_gap(weeks)) out[i].push_back(open);
  return out;
}

ow::Participant make_participant(std::string id, double weight, std::string name, std::string url,
                                 std::vector<std::string> tags) {
  ow::Participant p;
  p.id = std::move(id);
  p.weight = weight;
  p.name = std::move(name);
  p.url = std::move(url);
  p.tags = std::move(tags);
  return p;
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
      .def_readonly("paused_until", &ow::Participant::paused_until);

  py::class_<ow::Pin>(m, "Pin").def_readonly("id", &ow::Pin::id).def_readonly("reason", &ow::Pin::reason);

  py::class_<ow::Skip>(m, "Skip")
      .def_readonly("id", &ow::Skip::id)
      .def_readonly("reason", &ow::Skip::reason)
      .def_readonly("replacement", &ow::Skip::replacement);

  py::class_<ow::Suggestion>(m, "Suggestion")
      .def_readonly("picks", &ow::Suggestion::picks)
      .def_readonly("pinned", &ow::Suggestion::pinned)
      .def_readonly("skipped", &ow::Suggestion::skipped)
      .def_readonly("seed", &ow::Suggestion::seed)
      .def_readonly("spin", &ow::Suggestion::spin)
      .def_readonly("version", &ow::Suggestion::version)
      .def("__eq__", [](const ow::Suggestion& a, const ow::Suggestion& b) { return a == b; }, py::is_operator());

  py::class_<ow::Meeting>(m, "Meeting")
      .def_readonly("number", &ow::Meeting::number)
      .def_readonly("date", &ow::Meeting::date)
      .def_readonly("picks", &ow::Meeting::picks)
      .def_readonly("pinned", &ow::Meeting::pinned)
      .def_readonly("skipped", &ow::Meeting::skipped)
      .def_readonly("seed", &ow::Meeting::seed);

  py::class_<ow::TeamStats>(m, "TeamStats")
      .def_readonly("id", &ow::TeamStats::id)
      .def_readonly("turns", &ow::TeamStats::turns)
      .def_readonly("last_meeting", &ow::TeamStats::last_meeting)
      .def_readonly("last_date", &ow::TeamStats::last_date)
      .def_readonly("current_gap", &ow::TeamStats::current_gap)
      .def_readonly("longest_gap", &ow::TeamStats::longest_gap)
      .def_readonly("expected", &ow::TeamStats::expected)
      .def_readonly("deviation", &ow::TeamStats::deviation);

  py::class_<ow::Wheel>(m, "Wheel")
      .def(py::init([](std::string_view policy, std::uint64_t seed, unsigned slack, double lean, double gap_target) {
             return ow::Wheel(policy, seed, make_options(slack, lean, gap_target));
           }),
           py::arg("policy"), py::arg("seed"), py::arg("slack") = defaults.slack, py::arg("lean") = defaults.lean,
           py::arg("gap_target") = defaults.gap_target)
      .def("copy", [](const ow::Wheel& w) { return ow::Wheel(w); })
      .def_property_readonly("policy", [](const ow::Wheel& w) { return std::string(w.policy().name()); })
      .def_property_readonly("seed", &ow::Wheel::seed)
      .def_property_readonly("spins", &ow::Wheel::spins)
      .def_property_readonly("version", &ow::Wheel::version)
      .def("__len__", [](const ow::Wheel& w) { return w.roster().size(); })
      .def("__contains__", [](const ow::Wheel& w, std::string_view id) { return w.roster().contains(id); })
      .def("team", [](const ow::Wheel& w, std::string_view id) { return w.roster().at(id); })
      .def("roster", [](const ow::Wheel& w) { return std::vector<ow::Participant>(w.roster().begin(), w.roster().end()); })
      .def("add",
           [](ow::Wheel& w, std::string id, double weight, std::string name, std::string url,
              std::vector<std::string> tags) {
             w.add(make_participant(std::move(id), weight, std::move(name), std::move(url), std::move(tags)));
           },
           py::arg("id"), py::arg("weight"), py::arg("name"), py::arg("url"), py::arg("tags"))
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
      .def("accept",
           py::overload_cast<const ow::Suggestion&, std::optional<ow::Date>>(&ow::Wheel::accept),
           py::arg("suggestion"), py::arg("date"))
      .def("accept_ids",
           py::overload_cast<const std::vector<std::string>&, std::optional<ow::Date>>(&ow::Wheel::accept),
           py::arg("ids"), py::arg("date"))
      .def("probabilities",
           [](const ow::Wheel& w, std::size_t k) {
             const ow::Chances c = w.probabilities(k);
             py::dict by_id;
             for (std::size_t i = 0; i < c.values.size(); ++i) by_id[py::str(w.roster()[i].id)] = c.values[i];
             return py::make_tuple(by_id, c.exact, c.samples);
           },
           py::arg("k"))
      .def("stats", &ow::Wheel::stats)
      .def("history", &ow::Wheel::history);

  m.def("simulate", &simulate, py::arg("policy"), py::arg("weights"), py::arg("k"), py::arg("weeks"),
        py::arg("runs"), py::arg("seed"), py::arg("slack"), py::arg("lean"), py::arg("gap_target"),
        py::arg("chance_weeks"), py::arg("first_run"), py::arg("progress"));
  m.def("gaps", &gaps, py::arg("picks"), py::arg("teams"));
}
