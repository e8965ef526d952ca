// SPDX-License-Identifier: Apache-2.0
// Issue 16's defects, at the C++ API: limits (limits.hpp) enforced where input enters, text
// checked by detail/text.hpp, JSON numbers that overflow, spins that no longer conflict with
// action items written meanwhile, and sub-wheels that must exist.
#include <catch2/catch.hpp>

#include <opswheel/json.hpp>
#include <opswheel/limits.hpp>
#include <opswheel/policies.hpp>
#include <opswheel/store.hpp>
#include <opswheel/wheel.hpp>

#include <action_helpers.hpp>
#include <store_helpers.hpp>
#include <wheel_helpers.hpp>

#include <string>
#include <vector>

using namespace opswheel;
using opswheel_test::TempDir;
using opswheel_test::ymd;

namespace {

template <class E>
std::string message_of(auto&& call) {
  try {
    call();
  } catch (const E& e) {
    return e.what();
  }
  FAIL("no exception");
  return {};
}

}  // namespace

// ---- 2. slack --------------------------------------------------------------------------------

TEST_CASE("hardening: a slack above max_slack is refused for every policy, naming the value", "[hardening]") {
  for (const auto policy : policy_names) {
    CAPTURE(policy);
    const PolicyOptions too_wide{.slack = max_slack + 1};
    const std::string m = message_of<InvalidArgument>([&] { Wheel w(policy, 1, too_wide); });
    CHECK_THAT(m, Catch::Contains("slack " + std::to_string(max_slack + 1)) && Catch::Contains("at most 100"));
    CHECK_NOTHROW(Wheel(policy, 1, PolicyOptions{.slack = max_slack}));
  }
}

TEST_CASE("hardening: the JSON reader refuses a slack past the limit instead of wrapping it", "[hardening]") {
  const Wheel w("aws", 1);
  std::string text = wheel_to_json(w, "w", -1);
  const std::string from = "\"slack\":2";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "\"slack\":4294967296");
  CHECK_THAT(message_of<CorruptData>([&] { (void)wheel_from_json(text); }), Catch::Contains("4294967296"));
}

// ---- 3. weights ------------------------------------------------------------------------------

TEST_CASE("hardening: weights outside min_weight to max_weight are refused, and the extremes spin", "[hardening]") {
  for (const double bad : {1e308, max_weight * 2, min_weight / 2, 1e-300}) {
    Wheel w("quota", 1);
    CHECK_THAT(message_of<InvalidArgument>([&] { w.add({.id = "a", .weight = bad}); }),
               Catch::Contains("invalid weight") && Catch::Contains("from 1e-06 to 1e+06"));
    CHECK(w.roster().size() == 0);
  }
  for (const auto policy : policy_names) {
    CAPTURE(policy);
    Wheel w(policy, 3);
    w.add({.id = "heavy", .weight = max_weight});
    w.add({.id = "heavy-too", .weight = max_weight});
    w.add({.id = "light", .weight = min_weight});
    CHECK_THROWS_AS(w.set_weight("light", 1e308), InvalidArgument);
    for (int week = 0; week < 3; ++week) {
      const Suggestion s = w.suggest(2);
      CHECK(s.picks.size() == 2);
      w.accept(s);
    }
  }
}

TEST_CASE("hardening: exact shares refuse weights that are not finite and > 0 instead of dividing by zero",
          "[hardening]") {
  const std::vector<double> infinite{1e308 * 10, 1};
  const std::vector<double> zero{0, 1};
  CHECK_THROWS_AS(detail::exact_shares(infinite, 1), InvalidArgument);
  CHECK_THROWS_AS(detail::exact_shares(zero, 1), InvalidArgument);
}

// ---- 5. JSON numbers that overflow -------------------------------------------------------------

TEST_CASE("hardening: a JSON number that overflows a double is corrupt data, not an internal error", "[hardening]") {
  Wheel w("quota", 1);
  w.add({.id = "a", .weight = 2});
  std::string text = wheel_to_json(w, "w", -1);
  const std::string from = "\"weight\":2.0";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "\"weight\":1e400");
  CHECK_THAT(message_of<CorruptData>([&] { (void)wheel_from_json(text); }), Catch::Contains("1e400"));
  CHECK_THROWS_AS(event_from_json(R"({"seq":1e400})"), CorruptData);
}

// ---- 6 and 7. text -----------------------------------------------------------------------------

TEST_CASE("hardening: control characters and over-long text are refused where text enters", "[hardening]") {
  Wheel w("quota", 1);
  const std::string esc = "Team \x1b[31mred";
  CHECK_THAT(message_of<InvalidArgument>([&] { w.add({.id = "a", .name = esc}); }),
             Catch::Contains("invalid name") && Catch::Contains("control character") && Catch::Contains("\\x1b"));
  CHECK_THAT(message_of<InvalidArgument>([&] { w.add({.id = "a", .name = std::string(max_name_bytes + 1, 'n')}); }),
             Catch::Contains("invalid name") && Catch::Contains("the limit is 256"));
  CHECK_THAT(message_of<InvalidArgument>([&] { w.add({.id = "a", .tags = {"bell\a"}}); }), Catch::Contains("invalid tag"));
  CHECK_THAT(message_of<InvalidArgument>([&] { w.add({.id = "a", .url = "https://x/" + std::string(max_url_bytes, 'u')}); }),
             Catch::Contains("invalid url") && Catch::Contains("the limit is 2048"));
  CHECK_THAT(message_of<InvalidArgument>([&] { w.add({.id = "a", .url = "https://x/\xff"}); }),  // escaped as type_error.316
             Catch::Contains("invalid url") && Catch::Contains("UTF-8"));
  CHECK_THAT(message_of<InvalidArgument>([&] { w.set_actor(std::string("al\0ce", 5)); }), Catch::Contains("invalid actor"));
  CHECK(w.roster().size() == 0);
  w.add({.id = "a"});
  CHECK_THAT(message_of<InvalidArgument>([&] { w.pin("a", "sev2\x07"); }), Catch::Contains("invalid reason"));
  CHECK(w.pins().empty());
  // Free text keeps its paragraphs, within its limit.
  w.change_actions(ItemCreated{"AI-1", "Title", "Line one\n\tLine two", "a", ymd(2026, 12, 2), ymd(2026, 12, 16),
                               Priority::normal, std::nullopt, "", {}});
  CHECK_THAT(message_of<InvalidArgument>([&] {
               w.change_actions(ItemCreated{"AI-2", "Title", std::string(max_text_bytes + 1, 'd'), "a", ymd(2026, 12, 2),
                                            ymd(2026, 12, 16), Priority::normal, std::nullopt, "", {}});
             }),
             Catch::Contains("invalid description") && Catch::Contains("the limit is 65536"));
}

// ---- 4. a spin and action items written meanwhile ------------------------------------------

TEST_CASE("hardening: an action item written while a spin is drawn does not make the spin conflict", "[hardening][store]") {
  TempDir dir;
  Store store(dir.file("ops.db"));
  Wheel setup = store.create("ops", "quota", 5);
  for (const char* id : {"a", "b", "c", "d"}) setup.add(id);
  store.commit("ops", setup);

  Wheel spinner = store.open("ops");
  Wheel writer = store.open("ops");
  const Suggestion s = spinner.suggest(2);
  writer.change_actions(ItemCreated{"AI-1", "Fix", "", "a", ymd(2026, 12, 2), ymd(2026, 12, 16), Priority::normal, std::nullopt, "", {}});
  CHECK(store.commit("ops", writer) == 1);
  CHECK(store.commit("ops", spinner) == 1);  // rebased after the item
  CHECK(spinner.last_seq() == store.events("ops").back().event.seq);
  CHECK(spinner.actions().find("AI-1") != nullptr);  // the copy now holds what was written
  CHECK(store.commit("ops", spinner) == 0);           // and committing it again writes nothing twice
  const Wheel stored = store.open("ops");
  CHECK(stored.actions().items().size() == 1);
  CHECK(stored.spins() == 1);
  CHECK(store.verify("ops").ok);
  // And the other way round: a spin committed first, then the stale item.
  Wheel writer2 = store.open("ops");
  Wheel spinner2 = store.open("ops");
  (void)spinner2.suggest(2);
  writer2.change_actions(ItemCreated{"AI-2", "Fix", "", "b", ymd(2026, 12, 2), ymd(2026, 12, 16), Priority::normal, std::nullopt, "", {}});
  CHECK(store.commit("ops", spinner2) == 1);
  CHECK(store.commit("ops", writer2) == 1);
  CHECK(store.open("ops").actions().items().size() == 2);
  CHECK(store.verify("ops").ok);
}

TEST_CASE("hardening: changes that both change the rotation still conflict, and write nothing", "[hardening][store]") {
  TempDir dir;
  Store store(dir.file("ops.db"));
  Wheel setup = store.create("ops", "quota", 5);
  for (const char* id : {"a", "b", "c", "d"}) setup.add(id);
  store.commit("ops", setup);
  Wheel one = store.open("ops");
  Wheel two = store.open("ops");
  (void)one.suggest(2);
  (void)two.suggest(3);  // from the same stream position: the second spin must follow the first
  store.commit("ops", one);
  const auto head = store.events("ops").back().event.seq;
  CHECK_THROWS_AS(store.commit("ops", two), Conflict);
  Wheel three = store.open("ops");
  three.pause("c");
  Wheel four = store.open("ops");
  four.set_weight("d", 3);
  store.commit("ops", three);
  CHECK_THROWS_AS(store.commit("ops", four), Conflict);
  // Two items given the same id on both sides: the second does not apply after the first.
  Wheel five = store.open("ops");
  Wheel six = store.open("ops");
  const ItemCreated item{"AI-1", "Fix", "", "a", ymd(2026, 12, 2), ymd(2026, 12, 16), Priority::normal, std::nullopt, "", {}};
  five.change_actions(item);
  ItemCreated other = item;
  other.title = "Another fix";
  six.change_actions(other);
  store.commit("ops", five);
  CHECK_THROWS_AS(store.commit("ops", six), Conflict);
  CHECK(store.events("ops").back().event.seq == head + 2);
  CHECK(store.verify("ops").ok);
}

// ---- 8. sub-wheels ---------------------------------------------------------------------------

TEST_CASE("hardening: a participant must stand for a wheel the store has", "[hardening][store]") {
  TempDir dir;
  Store store(dir.file("ops.db"));
  Wheel w = store.create("ops", "quota", 5);
  w.add({.id = "org", .subwheel = "nonexistent"});
  CHECK_THAT(message_of<NotFound>([&] { store.commit("ops", w); }),
             Catch::Contains("'nonexistent'") && Catch::Contains("'org' cannot stand for it"));
  Wheel self = store.open("ops");
  self.add({.id = "me", .subwheel = "ops"});
  CHECK_THROWS_AS(store.commit("ops", self), InvalidArgument);
  CHECK(store.events("ops").size() == 1);
}

TEST_CASE("hardening: sub-wheels spin for explicit picks, and one with nobody eligible sends no one", "[hardening][store]") {
  TempDir dir;
  Store store(dir.file("ops.db"));
  Wheel sub = store.create("sub", "quota", 2);
  sub.add("x");
  sub.add("y");
  store.commit("sub", sub);
  Wheel w = store.create("ops", "quota", 5);
  w.add({.id = "org", .subwheel = "sub"});
  w.add("plain");
  store.commit("ops", w);

  const Meeting m = store.accept_with_subwheels("ops", w, std::vector<std::string>{"org", "plain"}, ymd(2026, 12, 2));
  REQUIRE(m.delegated.size() == 1);
  CHECK(m.delegated[0].wheel == "sub");
  CHECK(store.open("sub").history().size() == 1);

  Wheel paused = store.open("sub");
  paused.pause("x");
  paused.pause("y");
  store.commit("sub", paused);
  const Meeting next = store.accept_with_subwheels("ops", w, std::vector<std::string>{"org"}, ymd(2026, 12, 9));
  CHECK(next.picks == std::vector<std::string>{"org"});
  CHECK(next.delegated.empty());
  CHECK(store.open("sub").history().size() == 1);
  CHECK(store.verify("ops").ok);
}
