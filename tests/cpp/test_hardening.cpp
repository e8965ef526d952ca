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
