// SPDX-License-Identifier: Apache-2.0
//
// The C API draws exactly what the C++ API draws: the same seed and options give the same picks,
// skips, chances, statistics and simulations through opswheel.h as through opswheel::Wheel and
// opswheel::simulate; and a wheel's JSON document crosses between the two APIs unchanged. (C++,
// because it needs both APIs side by side.)
#include <catch2/catch.hpp>

#include <opswheel/opswheel.h>
#include <opswheel/json.hpp>
#include <opswheel/opswheel.hpp>
#include <opswheel/simulate.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace {

struct CFree {
  void operator()(opswheel_wheel* w) const { opswheel_wheel_free(w); }
  void operator()(opswheel_options* o) const { opswheel_options_free(o); }
  void operator()(opswheel_suggestion* s) const { opswheel_suggestion_free(s); }
  void operator()(opswheel_simulation* s) const { opswheel_simulation_free(s); }
};
template <class T>
using Handle = std::unique_ptr<T, CFree>;

std::vector<std::string> take_list(char** list, std::size_t count) {
  std::vector<std::string> out(list, list + count);
  opswheel_free(list);
  return out;
}

std::vector<std::string> picks_of(const opswheel_suggestion* s) {
  char** list = nullptr;
  std::size_t count = 0;
  REQUIRE(opswheel_suggestion_list(s, OPSWHEEL_LIST_PICKS, &list, &count) == OPSWHEEL_OK);
  return take_list(list, count);
}

Handle<opswheel_options> c_options(const std::string& policy, std::uint64_t seed, const opswheel::PolicyOptions& o) {
  opswheel_options* raw = nullptr;
  REQUIRE(opswheel_options_new(&raw) == OPSWHEEL_OK);
  Handle<opswheel_options> options(raw);
  REQUIRE(opswheel_options_set_policy(raw, policy.c_str()) == OPSWHEEL_OK);
  REQUIRE(opswheel_options_set_seed(raw, seed) == OPSWHEEL_OK);
  REQUIRE(opswheel_options_set(raw, OPSWHEEL_OPTION_QUOTA_SLACK, o.slack) == OPSWHEEL_OK);
  REQUIRE(opswheel_options_set(raw, OPSWHEEL_OPTION_QUOTA_LEAN, o.lean) == OPSWHEEL_OK);
  REQUIRE(opswheel_options_set(raw, OPSWHEEL_OPTION_QUOTA_GAP_TARGET, o.gap_target) == OPSWHEEL_OK);
  return options;
}

}  // namespace

TEST_CASE("a C wheel draws what the C++ wheel draws, for every policy", "[capi]") {
  opswheel::PolicyOptions settings;
  settings.slack = 1;
  settings.lean = 0.75;
  settings.gap_target = 2.5;
  const std::uint64_t seed = 424242;
  for (const auto name : opswheel::policy_names) {
    const std::string policy(name);
    INFO("policy " << policy);
    opswheel::Wheel cpp(policy, seed, settings);
    opswheel_wheel* raw = nullptr;
    REQUIRE(opswheel_wheel_new(c_options(policy, seed, settings).get(), &raw) == OPSWHEEL_OK);
    Handle<opswheel_wheel> c(raw);

    for (int i = 0; i < 20; ++i) {
      const std::string id = "team-" + std::to_string(i);
      const double weight = 1.0 + (i % 3);
      cpp.add(id, weight);
      REQUIRE(opswheel_wheel_add(c.get(), id.c_str(), nullptr, nullptr, weight) == OPSWHEEL_OK);
    }
    cpp.pause("team-4");
    REQUIRE(opswheel_wheel_pause(c.get(), "team-4", nullptr) == OPSWHEEL_OK);

    for (int week = 1; week <= 30; ++week) {
      INFO("week " << week);
      if (week == 10) {
        cpp.pin("team-7", "event");
        REQUIRE(opswheel_wheel_pin(c.get(), "team-7", "event") == OPSWHEEL_OK);
      }
      opswheel::Suggestion s = cpp.suggest(5);
      opswheel_suggestion* raw_s = nullptr;
      REQUIRE(opswheel_wheel_suggest(c.get(), 5, &raw_s) == OPSWHEEL_OK);
      Handle<opswheel_suggestion> cs(raw_s);
      REQUIRE(picks_of(cs.get()) == s.picks);
      if (week % 4 == 0) {  // skip the last pick now and then
        const std::string skipped = s.picks.back();
        s = cpp.skip(s, skipped, "away");
        REQUIRE(opswheel_wheel_skip(c.get(), cs.get(), skipped.c_str(), "away") == OPSWHEEL_OK);
        REQUIRE(picks_of(cs.get()) == s.picks);
      }
      std::uint64_t c_position = 0;
      REQUIRE(opswheel_suggestion_position(cs.get(), &c_position) == OPSWHEEL_OK);
      REQUIRE(c_position == s.position);
      cpp.accept(s);
      REQUIRE(opswheel_wheel_accept(c.get(), cs.get(), nullptr) == OPSWHEEL_OK);
    }

    const opswheel::Chances chances = cpp.probabilities(3);
    std::vector<double> c_chances(cpp.roster().size());
    int exact = -1;
    REQUIRE(opswheel_wheel_chances(c.get(), 3, c_chances.data(), c_chances.size(), &exact) == OPSWHEEL_OK);
    CHECK(c_chances == chances.values);
    CHECK(exact == (chances.exact ? 1 : 0));

    const auto stats = cpp.stats();
    std::vector<double> turns(stats.size()), deviation(stats.size());
    REQUIRE(opswheel_wheel_stats(c.get(), OPSWHEEL_STAT_TURNS, turns.data(), turns.size()) == OPSWHEEL_OK);
    REQUIRE(opswheel_wheel_stats(c.get(), OPSWHEEL_STAT_DEVIATION, deviation.data(), deviation.size()) ==
            OPSWHEEL_OK);
    for (std::size_t i = 0; i < stats.size(); ++i) {
      CHECK(turns[i] == static_cast<double>(stats[i].turns));
      CHECK(deviation[i] == stats[i].deviation);
    }
  }
}

TEST_CASE("a C wheel reports the debts of pins past the bound as the C++ wheel does", "[capi]") {
  const opswheel::PolicyOptions settings;
  for (const std::string policy : {"quota", "rotation", "lottery"}) {
    INFO("policy " << policy);
    const auto options = c_options(policy, 5, settings);
    opswheel_wheel* raw = nullptr;
    REQUIRE(opswheel_wheel_new(options.get(), &raw) == OPSWHEEL_OK);
    Handle<opswheel_wheel> c(raw);
    opswheel::Wheel cpp(policy, 5, settings);
    for (int i = 0; i < 10; ++i) {
      const std::string id = "team-" + std::to_string(i);
      cpp.add(id);
      REQUIRE(opswheel_wheel_add(c.get(), id.c_str(), nullptr, nullptr, 1.0) == OPSWHEEL_OK);
    }
    for (int week = 0; week < 8; ++week) {  // team-0 pinned every week: it runs ahead of its share
      cpp.pin("team-0", "follow-up");
      cpp.accept(cpp.suggest(2));
      REQUIRE(opswheel_wheel_pin(c.get(), "team-0", "follow-up") == OPSWHEEL_OK);
      opswheel_suggestion* s = nullptr;
      REQUIRE(opswheel_wheel_suggest(c.get(), 2, &s) == OPSWHEEL_OK);
      Handle<opswheel_suggestion> suggestion(s);
      REQUIRE(opswheel_wheel_accept(c.get(), s, nullptr) == OPSWHEEL_OK);
    }
    const auto stats = cpp.stats();
    std::vector<double> debt(stats.size());
    REQUIRE(opswheel_wheel_stats(c.get(), OPSWHEEL_STAT_DEBT, debt.data(), debt.size()) == OPSWHEEL_OK);
    for (std::size_t i = 0; i < stats.size(); ++i) CHECK(debt[i] == stats[i].debt);
    CHECK((policy == "lottery" ? debt[0] == 0 : debt[0] > 1));
  }
}

TEST_CASE("a C simulation fills its buffers with what opswheel::simulate returns", "[capi]") {
  for (const auto name : opswheel::policy_names) {
    const std::string policy(name);
    INFO("policy " << policy);
    opswheel::SimulationSpec spec;
    spec.policy = policy;
    spec.weights = {1, 2, 1, 3, 1, 1, 2, 1};
    spec.k = 3;
    spec.weeks = 70;
    spec.runs = 3;
    spec.seed = 99;
    spec.chance_weeks = 5;
    const opswheel::SimulationResult expected = opswheel::simulate(spec);

    opswheel_simulation* raw = nullptr;
    REQUIRE(opswheel_simulation_new(c_options(policy, spec.seed, spec.options).get(), &raw) == OPSWHEEL_OK);
    Handle<opswheel_simulation> sim(raw);
    REQUIRE(opswheel_simulation_set_weights(raw, spec.weights.data(), spec.weights.size()) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set(raw, OPSWHEEL_SIMULATION_K, spec.k) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set(raw, OPSWHEEL_SIMULATION_WEEKS, spec.weeks) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set(raw, OPSWHEEL_SIMULATION_RUNS, spec.runs) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set(raw, OPSWHEEL_SIMULATION_CHANCE_WEEKS, spec.chance_weeks) == OPSWHEEL_OK);

    const std::vector<opswheel_metric> metrics = {OPSWHEEL_METRIC_MAX_GAP, OPSWHEEL_METRIC_MAX_DEVIATION,
                                                  OPSWHEEL_METRIC_WIN52, OPSWHEEL_METRIC_ENTROPY,
                                                  OPSWHEEL_METRIC_CERTAINTY, OPSWHEEL_METRIC_MEAN_GAP,
                                                  OPSWHEEL_METRIC_DEAD_ENDS};
    std::vector<std::uint32_t> picks(spec.runs * spec.weeks * spec.k);
    std::vector<double> values(spec.runs * metrics.size());
    REQUIRE(opswheel_simulation_run(raw, picks.data(), picks.size(), metrics.data(), metrics.size(), values.data(),
                                    values.size()) == OPSWHEEL_OK);
    for (std::size_t r = 0; r < spec.runs; ++r) {
      const auto& run = expected.runs[r];
      const auto first = picks.begin() + static_cast<std::ptrdiff_t>(r * spec.weeks * spec.k);
      CHECK(std::vector<std::uint32_t>(first, first + static_cast<std::ptrdiff_t>(spec.weeks * spec.k)) ==
            std::vector<std::uint32_t>(run.picks.values().begin(), run.picks.values().end()));
      const double* m = values.data() + r * metrics.size();
      CHECK(m[0] == run.metrics.max_gap);
      CHECK(m[1] == run.metrics.max_deviation);
      CHECK(m[2] == run.metrics.win52);
      CHECK(m[3] == run.metrics.entropy);
      CHECK(m[4] == run.metrics.certainty);
      CHECK(m[5] == run.metrics.mean_gap);
      CHECK(m[6] == run.metrics.dead_ends);
    }
  }
}

TEST_CASE("a C simulation under a change model fills its buffers with what opswheel::simulate returns", "[capi]") {
  for (const auto name : opswheel::policy_names) {
    const std::string policy(name);
    INFO("policy " << policy);
    opswheel::SimulationSpec spec;
    spec.policy = policy;
    spec.weights = {1, 2, 1, 3, 1, 1, 2, 1};
    spec.k = 3;
    spec.weeks = 70;
    spec.runs = 2;
    spec.seed = 5;
    spec.chance_weeks = 0;
    spec.churn.join_rate = 0.2;
    spec.churn.leave_rate = 0.15;
    spec.churn.pause_rate = 0.2;
    spec.churn.pause_min = 2;
    spec.churn.pause_max = 3;
    spec.churn.reweight_rate = 0.1;
    spec.churn.new_weights = {1, 4};
    const opswheel::SimulationResult expected = opswheel::simulate(spec);

    opswheel_simulation* raw = nullptr;
    REQUIRE(opswheel_simulation_new(c_options(policy, spec.seed, spec.options).get(), &raw) == OPSWHEEL_OK);
    Handle<opswheel_simulation> sim(raw);
    REQUIRE(opswheel_simulation_set_weights(raw, spec.weights.data(), spec.weights.size()) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set(raw, OPSWHEEL_SIMULATION_K, spec.k) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set(raw, OPSWHEEL_SIMULATION_WEEKS, spec.weeks) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set(raw, OPSWHEEL_SIMULATION_RUNS, spec.runs) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set(raw, OPSWHEEL_SIMULATION_CHANCE_WEEKS, 0) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set_churn(raw, OPSWHEEL_CHURN_JOIN_RATE, spec.churn.join_rate) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set_churn(raw, OPSWHEEL_CHURN_LEAVE_RATE, spec.churn.leave_rate) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set_churn(raw, OPSWHEEL_CHURN_PAUSE_RATE, spec.churn.pause_rate) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set_churn(raw, OPSWHEEL_CHURN_PAUSE_MIN, 2) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set_churn(raw, OPSWHEEL_CHURN_PAUSE_MAX, 3) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set_churn(raw, OPSWHEEL_CHURN_REWEIGHT_RATE, spec.churn.reweight_rate) == OPSWHEEL_OK);
    REQUIRE(opswheel_simulation_set_churn_weights(raw, spec.churn.new_weights.data(), spec.churn.new_weights.size()) ==
            OPSWHEEL_OK);

    const std::vector<opswheel_metric> metrics = {OPSWHEEL_METRIC_TEAMS, OPSWHEEL_METRIC_MAX_DEVIATION,
                                                  OPSWHEEL_METRIC_MAX_GAP_NORMALISED, OPSWHEEL_METRIC_WIN52};
    std::vector<std::uint32_t> picks(spec.runs * spec.weeks * spec.k);
    std::vector<double> values(spec.runs * metrics.size());
    REQUIRE(opswheel_simulation_run(raw, picks.data(), picks.size(), metrics.data(), metrics.size(), values.data(),
                                    values.size()) == OPSWHEEL_OK);
    for (std::size_t r = 0; r < spec.runs; ++r) {
      const auto& run = expected.runs[r];
      const auto first = picks.begin() + static_cast<std::ptrdiff_t>(r * spec.weeks * spec.k);
      CHECK(std::vector<std::uint32_t>(first, first + static_cast<std::ptrdiff_t>(spec.weeks * spec.k)) ==
            std::vector<std::uint32_t>(run.picks.values().begin(), run.picks.values().end()));
      const double* m = values.data() + r * metrics.size();
      CHECK(m[0] == static_cast<double>(run.teams));
      CHECK(m[1] == run.metrics.max_deviation);
      CHECK(m[2] == run.metrics.max_gap_normalised);
      CHECK(m[3] == run.metrics.win52);
      CHECK_FALSE(run.changes.empty());
    }
  }
}

namespace {

std::string take_string(char* s) {
  std::string out(s);
  opswheel_free(s);
  return out;
}

}  // namespace

TEST_CASE("a wheel exported as JSON through C imports in C++ identically, and back", "[capi][json]") {
  opswheel_wheel* raw = nullptr;
  REQUIRE(opswheel_wheel_new(c_options("quota", 77, {}).get(), &raw) == OPSWHEEL_OK);
  Handle<opswheel_wheel> c(raw);
  REQUIRE(opswheel_wheel_set_actor(raw, "dana") == OPSWHEEL_OK);
  for (int i = 0; i < 8; ++i)
    REQUIRE(opswheel_wheel_add(raw, ("svc-" + std::to_string(i)).c_str(), nullptr, nullptr, 1 + i % 2) == OPSWHEEL_OK);
  for (int week = 0; week < 4; ++week) {
    opswheel_suggestion* s = nullptr;
    REQUIRE(opswheel_wheel_suggest(raw, 3, &s) == OPSWHEEL_OK);
    Handle<opswheel_suggestion> held(s);
    REQUIRE(opswheel_wheel_accept(raw, s, week == 0 ? "2026-12-02" : nullptr) == OPSWHEEL_OK);
  }
  REQUIRE(opswheel_wheel_undo(raw, "recorded twice") == OPSWHEEL_OK);
  const char* fleet[] = {"svc-1", "svc-2"};
  char* id = nullptr;
  REQUIRE(opswheel_wheel_item_add(raw, "Fix alarms", "", "svc-0", "2026-12-02", "2026-12-16", OPSWHEEL_PRIORITY_HIGH,
                                  nullptr, fleet, 2, &id) == OPSWHEEL_OK);
  opswheel_free(id);
  REQUIRE(opswheel_wheel_item_complete_target(raw, "AI-1", "svc-2", "2026-12-04") == OPSWHEEL_OK);
  REQUIRE(opswheel_wheel_item_move_due(raw, "AI-1", "2026-12-23", "holidays") == OPSWHEEL_OK);

  char* text = nullptr;
  REQUIRE(opswheel_wheel_to_json(raw, "weekly-ops", &text) == OPSWHEEL_OK);
  const std::string c_json = take_string(text);

  // C -> C++: the same wheel, the same document, the same events.
  const opswheel::ImportedWheel imported = opswheel::wheel_from_json(c_json);
  CHECK(imported.name == "weekly-ops");
  CHECK(opswheel::wheel_to_json(imported.wheel, "weekly-ops") == c_json);
  std::uint64_t count = 0;
  REQUIRE(opswheel_wheel_event_count(raw, &count) == OPSWHEEL_OK);
  REQUIRE(count == imported.wheel.events().size());
  for (std::uint64_t seq = 1; seq <= count; ++seq) {
    REQUIRE(opswheel_wheel_event_json(raw, seq, &text) == OPSWHEEL_OK);
    CHECK(take_string(text) == opswheel::event_json(imported.wheel.events()[seq - 1]));
  }
  CHECK(imported.wheel.history().size() == 3);
  CHECK(imported.wheel.actions().item("AI-1").due == opswheel::parse_date("2026-12-23"));
  REQUIRE(opswheel_wheel_items_json(raw, "2026-12-30", &text) == OPSWHEEL_OK);
  CHECK(take_string(text) == opswheel::action_items_json(imported.wheel.actions(), opswheel::parse_date("2026-12-30")));

  // C++ -> C: a change made in C++ reaches C through the document, and comes back unchanged.
  opswheel::Wheel cpp = imported.wheel;
  cpp.set_actor("erin");
  cpp.accept(cpp.suggest(3));
  const std::string cpp_json = opswheel::wheel_to_json(cpp, "weekly-ops");
  Handle<opswheel_wheel> back([] {
    opswheel_wheel* w = nullptr;
    REQUIRE(opswheel_wheel_new(nullptr, &w) == OPSWHEEL_OK);
    return w;
  }());
  REQUIRE(opswheel_wheel_load_json(back.get(), cpp_json.c_str(), nullptr) == OPSWHEEL_OK);
  REQUIRE(opswheel_wheel_to_json(back.get(), "weekly-ops", &text) == OPSWHEEL_OK);
  CHECK(take_string(text) == cpp_json);
}
