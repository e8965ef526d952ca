// SPDX-License-Identifier: Apache-2.0
// The wheel page's renderer (opswheel/page.hpp): the data it embeds is the library's own — chances,
// pauses, zero chances, the draw with pins and replacements, time boxes — its text is escaped for
// <script>, its numbers are written as the reference renderer writes them, and bad input changes
// nothing. (tests/page/check_page.py compares whole pages with web/wheel/assemble.py's render().)
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <opswheel/detail/wheel_page.hpp>
#include <opswheel/detail/page_json.hpp>
#include <opswheel/opswheel.hpp>

#include "page_scenarios.hpp"

using namespace opswheel;
using nlohmann::json;

namespace {

constexpr std::string_view head = detail::kWheelPageHead;
constexpr std::string_view tail = detail::kWheelPageTail;

// The JSON between the template's head and tail, parsed.
json page_data(const std::string& page) {
  REQUIRE(page.size() > head.size() + tail.size());
  REQUIRE(std::string_view(page).substr(0, head.size()) == head);
  REQUIRE(std::string_view(page).substr(page.size() - tail.size()) == tail);
  return json::parse(page.substr(head.size(), page.size() - head.size() - tail.size()));
}

std::string number_text(double x) {
  std::string out;
  detail::page_json_number(out, x);
  return out;
}

std::string string_text(std::string_view s) {
  std::string out;
  detail::page_json_string(out, s);
  return out;
}

}  // namespace

TEST_CASE("page: the chances, the draw, the pauses and the time boxes are the library's", "[page]") {
  const page_scenarios::Spin spin = page_scenarios::quota_spin();
  const Wheel& w = spin.wheel;
  const Suggestion& s = spin.suggestion;
  PageOptions options;
  options.title = "weekly-ops";
  options.date = parse_date("2026-12-09");
  const json d = page_data(wheel_page(w, s, options));

  CHECK(d["format"] == "opswheel-page/1");
  CHECK(d["wheel"] == "weekly-ops");
  CHECK(d["policy"] == "quota");
  CHECK(d["seed"] == "20261209");
  // the default cadence starts at 10:00 and the agenda puts 25 minutes of sections before the reviews
  CHECK(d["meeting"] == json::parse(R"({"number":1,"date":"2026-12-09","start":"10:25","minutes":15})"));

  const Chances chances = w.probabilities(s.picks.size());
  REQUIRE(d["teams"].size() == 11);  // team-11 is paused
  for (const json& t : d["teams"]) {
    const std::size_t i = w.roster().index_of(t["id"].get<std::string>());
    CHECK(t["chance"].get<double>() == chances.values[i]);  // exactly: the shortest form reads back
    CHECK(t["name"] == w.roster()[i].display_name());
    CHECK(t["url"] == w.roster()[i].url);
  }
  CHECK(d["unpickable"] == json::parse(R"([{"id":"team-11","name":"team-11","reason":"paused until 2027-01-06"}])"));

  REQUIRE(d["draw"].size() == s.picks.size());
  for (std::size_t i = 0; i < s.picks.size(); ++i) CHECK(d["draw"][i]["id"] == s.picks[i]);
  CHECK(d["draw"][0] == json({{"id", "team-7"}, {"how", "pinned"}, {"reason", "after Monday's </script> outage"}}));
  const Skip& skip = s.skipped.at(0);
  const auto replaced = std::find(s.picks.begin(), s.picks.end(), skip.replacement) - s.picks.begin();
  CHECK(d["draw"][replaced] ==
        json({{"id", skip.replacement}, {"how", "replacement"}, {"replaces", skip.id}, {"reason", skip.reason}}));
  std::size_t drawn = 0;
  for (const json& p : d["draw"]) drawn += p["how"] == "drawn";
  CHECK(drawn == s.picks.size() - 2);
  CHECK(d["options"] == json::parse(R"({"spin_seconds":4.0,"theme":"auto"})"));
}

TEST_CASE("page: a team with no chance this week is listed beside the wheel, not drawn", "[page]") {
  const page_scenarios::Spin spin = page_scenarios::aws_after_meeting();
  const json d = page_data(wheel_page(spin.wheel, spin.suggestion));
  const std::string presented = spin.wheel.history().at(0).picks.at(0);
  CHECK(d["unpickable"] == json::array({{{"id", presented}, {"name", presented}, {"reason", "no chance this week"}}}));
  for (const json& t : d["teams"]) CHECK(t["id"] != presented);
  CHECK(d["meeting"] == json::parse(R"({"number":2,"minutes":15})"));  // undated: no slots
}

TEST_CASE("page: a recorded meeting shows the chances of the week it was drawn", "[page]") {
  page_scenarios::Spin spin = page_scenarios::quota_spin();
  Wheel& w = spin.wheel;
  const Chances then = w.probabilities(spin.suggestion.picks.size());
  const std::string spin_page = wheel_page(w, spin.suggestion);
  w.accept(spin.suggestion, parse_date("2026-12-09"));
  w.set_weight("team-0", 9);
  w.resume("team-11");
  w.remove("team-1");

  const std::string page = meeting_page(w, 1);
  const json d = page_data(page);
  CHECK(d["meeting"] == json::parse(R"({"number":1,"date":"2026-12-09","start":"10:25","minutes":15})"));
  CHECK(d["teams"].size() == 11);
  for (const json& t : d["teams"]) CHECK(t["chance"].get<double>() == then.values.at(std::stoul(t["id"].get<std::string>().substr(5))));
  CHECK(d["unpickable"].at(0)["id"] == "team-11");
  // the same page as the spin's, but dated
  json spin_data = page_data(spin_page);
  spin_data["meeting"] = d["meeting"];
  CHECK(spin_data == d);
  // the log of a store's wheel works the same (the span overload)
  CHECK(meeting_page(std::span<const Event>(w.events()), 1) == page);
}

TEST_CASE("page: names, reasons and urls are data, escaped for <script>", "[page]") {
  const page_scenarios::Spin spin = page_scenarios::quota_spin();
  PageOptions options;
  options.title = "</title><script>alert(1)</script>";
  const std::string page = wheel_page(spin.wheel, spin.suggestion, options);
  const std::string data = page.substr(head.size(), page.size() - head.size() - tail.size());
  for (const char* raw : {"<", ">", "&", "\u2028", "\u2029"}) CHECK(data.find(raw) == std::string::npos);
  CHECK(data.find("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e") != std::string::npos);
  CHECK(data.find("@OPSWHEEL_DATA@") != std::string::npos);  // a name, spliced in once, not a placeholder
  const json d = json::parse(data);
  CHECK(d["wheel"] == options.title);
  CHECK(d["teams"][0]["name"] == "</script><img src=x onerror=alert(1)>");
  CHECK(d["teams"][5]["name"] == "line\u2028separator\u2029paragraph");

  CHECK(string_text("a\"b\\c\n\r\t\b\f\x01\x1f\x7f") == "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\x7f\"");
  CHECK(string_text("é\u2027\u2028\u2029\u202a") == "\"é\u2027\\u2028\\u2029\u202a\"");
}

TEST_CASE("page: numbers are written as Python's repr writes them", "[page]") {
  CHECK(number_text(0.0) == "0.0");
  CHECK(number_text(1.0) == "1.0");
  CHECK(number_text(4.0) == "4.0");
  CHECK(number_text(0.25) == "0.25");
  CHECK(number_text(0.1) == "0.1");
  CHECK(number_text(1.0 / 3) == "0.3333333333333333");
  CHECK(number_text(0.0001) == "0.0001");
  CHECK(number_text(0.00012) == "0.00012");
  CHECK(number_text(1e-05) == "1e-05");
  CHECK(number_text(2.5e-07) == "2.5e-07");
  CHECK(number_text(1234.5) == "1234.5");
  CHECK(number_text(1e15) == "1000000000000000.0");
  CHECK(number_text(1e16) == "1e+16");
  CHECK(number_text(1.2345678901234568e+17) == "1.2345678901234568e+17");
  CHECK(number_text(-0.5) == "-0.5");
  CHECK(number_text(5e-324) == "5e-324");
  CHECK_THROWS_AS(number_text(std::nan("")), InvalidArgument);
}

TEST_CASE("page: bad options and unknown meetings are refused, naming the value", "[page]") {
  page_scenarios::Spin spin = page_scenarios::quota_spin();
  const Wheel& w = spin.wheel;
  PageOptions bad;
  bad.spin_seconds = 61;
  CHECK_THROWS_WITH(wheel_page(w, spin.suggestion, bad), Catch::Contains("invalid spin_seconds 61"));
  bad.spin_seconds = std::nan("");
  CHECK_THROWS_AS(wheel_page(w, spin.suggestion, bad), InvalidArgument);
  bad = {};
  bad.theme = "neon";
  CHECK_THROWS_WITH(wheel_page(w, spin.suggestion, bad), Catch::Contains("invalid theme 'neon'"));
  bad = {};
  bad.title = "\xff";
  CHECK_THROWS_AS(wheel_page(w, spin.suggestion, bad), InvalidArgument);
  bad = {};
  bad.agenda.review = std::chrono::minutes{0};
  CHECK_THROWS_AS(wheel_page(w, spin.suggestion, bad), InvalidArgument);

  CHECK_THROWS_WITH(meeting_page(w, 1), Catch::Contains("no meeting number 1"));
  CHECK_THROWS_AS(meeting_page(std::span<const Event>(w.events()).subspan(1), 1), InvalidArgument);

  Wheel other("quota", 1);
  other.add("x");
  CHECK_THROWS_AS(wheel_page(w, other.suggest(1)), Error);  // another wheel's spin: stale or unknown ids
  Wheel changed = w;
  changed.set_weight("team-0", 5);
  CHECK_THROWS_AS(wheel_page(changed, spin.suggestion), StaleSuggestion);

  Wheel restored = Wheel::load_state(w.save_state(), w.action_events());
  CHECK_THROWS_WITH(meeting_page(restored, 1), Catch::Contains("restored from a snapshot"));
}

TEST_CASE("page: an undone meeting's number goes to the meeting accepted after it", "[page]") {
  Wheel w("rotation", 1);
  for (const char* id : {"a", "b", "c", "d"}) w.add(id);
  w.accept(w.suggest(1));
  w.undo("wrong week");
  CHECK_THROWS_AS(meeting_page(w, 1), InvalidArgument);
  const Suggestion again = w.suggest(2);
  w.accept(again);
  const json d = page_data(meeting_page(w, 1));
  REQUIRE(d["draw"].size() == 2);
  CHECK(d["draw"][0]["id"] == again.picks[0]);
  CHECK(d["draw"][1]["id"] == again.picks[1]);
}
