// SPDX-License-Identifier: Apache-2.0
//
// The JSON format and the audit chain: round trips of every event kind and of whole wheels, and
// every way a file can be damaged, refused with a message that says where.
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>
#include <opswheel/json.hpp>
#include <opswheel/opswheel.hpp>

#include "session.hpp"
#include "wheel_helpers.hpp"

using namespace opswheel;
using opswheel_test::all_policies;
using opswheel_test::Session;
using opswheel_test::ymd;

namespace {

Wheel wheel_with_every_event(const std::string& policy, std::uint64_t seed, int steps) {
  Wheel w(policy, seed, PolicyOptions{1, 0.25, 2.5});
  w.set_actor("ops-lead é");  // free text is UTF-8
  Session session(seed + 100);
  session.populate(w, 10);
  for (int i = 0; i < steps; ++i) session.step(w);
  Participant org;
  org.id = "org-x";
  org.subwheel = "org-x-teams";
  org.tags = {"org", "tier-1"};
  w.add(org);
  w.accept(std::vector<std::string>{"org-x"}, ymd(2026, 12, 2));
  w.delegate("org-x", {"x-db", "x-api"});
  org = w.roster().at("org-x");
  org.url = "https://org-x.example/dash";
  w.update(org);
  w.set_weight("org-x", 2.5);
  w.pause("org-x", ymd(2027, 1, 6));
  w.resume("org-x");
  w.pin("org-x", "quarterly");
  w.unpin("org-x");
  w.reset();
  w.accept(w.suggest(2));
  w.undo("typo");
  w.remove("org-x");
  return w;
}

// Replaces the first occurrence of `from` in `text` by `to` (the test's way to damage a file).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The same at the last occurrence (the roster and state come after the events in a file).
std::string replaced_last(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.rfind(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("json: the chain hash is SHA-256 of the previous hash, a newline and the event", "[json]") {
  // Reference value from an independent implementation (Python's hashlib.sha256(b"\nabc")).
  CHECK(chain_hash("", "abc") == "f39d39bfc99287b848780d4110eb663f0e7c344ae41f46a390c4135b89dc2756");
  CHECK(chain_hash(genesis_hash, "x") != chain_hash(genesis_hash, "y"));
  CHECK(chain_hash(genesis_hash, "x").size() == 64);
}

TEST_CASE("json: every event kind reads back as itself, in one canonical text", "[json]") {
  std::set<std::string_view> kinds;
  for (const auto& policy : all_policies) {
    const Wheel w = wheel_with_every_event(policy, 3, 120);
    for (const Event& e : w.events()) {
      kinds.insert(event_type(e.payload));
      const std::string text = event_json(e);
      CAPTURE(text);
      const Event back = event_from_json(text);
      CHECK(back == e);
      CHECK(event_json(back) == text);
      CHECK(text.find('\n') == std::string::npos);
    }
  }
  CHECK(kinds.size() == std::variant_size_v<EventPayload>);  // the sessions made every kind of event
}

TEST_CASE("json: a wheel exported and imported is the same wheel", "[json]") {
  for (const auto& policy : all_policies) {
    CAPTURE(policy);
    const Wheel w = wheel_with_every_event(policy, 8, 100);
    const std::string text = wheel_to_json(w, "weekly-ops");
    const ImportedWheel in = wheel_from_json(text);
    CHECK(in.name == "weekly-ops");
    CHECK(in.wheel.save_state() == w.save_state());
    CHECK(in.wheel.actions() == w.actions());
    CHECK(in.wheel.events() == w.events());
    CHECK(in.events == chain(w.events()));
    CHECK(verify_chain(in.events).ok);
    CHECK(wheel_to_json(in.wheel, "weekly-ops") == text);  // and writes the same file again
    CHECK(wheel_from_json(wheel_to_json(w, "compact", -1)).wheel.save_state() == w.save_state());
  }
}

TEST_CASE("json: verify_chain names the first event that does not match", "[json]") {
  const Wheel w = wheel_with_every_event("quota", 2, 30);
  const auto good = chain(w.events());
  REQUIRE(verify_chain(good).ok);
  REQUIRE(verify_chain(good).events == good.size());

  auto changed = good;
  changed[7].event.actor = "mallory";
  auto v = verify_chain(changed);
  CHECK_FALSE(v.ok);
  CHECK(v.first_bad == 8u);
  CHECK_THAT(v.problem, Catch::Contains("does not match its hash"));

  auto rehashed = changed;  // a forger who fixes the changed event's own hash breaks the next link
  rehashed[7].hash = chain_hash(rehashed[7].prev, event_json(rehashed[7].event));
  v = verify_chain(rehashed);
  CHECK(v.first_bad == 9u);
  CHECK_THAT(v.problem, Catch::Contains("link"));

  auto dropped = good;
  dropped.erase(dropped.begin() + 4);
  v = verify_chain(dropped);
  CHECK(v.first_bad == 6u);
  CHECK_THAT(v.problem, Catch::Contains("missing"));
}

TEST_CASE("json: damaged files are refused with a message that says where", "[json][bad-input]") {
  const Wheel w = wheel_with_every_event("lottery", 4, 40);
  const std::string text = wheel_to_json(w, "ops");

  SECTION("truncated anywhere") {
    for (std::size_t n = 0; n < text.size(); n += 1 + n / 7) {
      CAPTURE(n);
      CHECK_THROWS_AS(wheel_from_json(std::string_view(text).substr(0, n)), CorruptData);
    }
  }
  SECTION("a newer format") {
    REQUIRE_THROWS_AS(wheel_from_json(replaced(text, "\"opswheel/1\"", "\"opswheel/2\"")), UnsupportedVersion);
    REQUIRE_THROWS_WITH(wheel_from_json(replaced(text, "\"opswheel/1\"", "\"opswheel/2\"")), Catch::Contains("upgrade"));
  }
  SECTION("another format") {
    REQUIRE_THROWS_WITH(wheel_from_json(replaced(text, "\"opswheel/1\"", "\"opswheel/one\"")),
                        Catch::Contains("unknown format"));
    REQUIRE_THROWS_AS(wheel_from_json("[1, 2, 3]"), CorruptData);
  }
  SECTION("an event changed by hand") {
    REQUIRE_THROWS_WITH(wheel_from_json(replaced(text, "\"actor\": \"ops-lead é\"", "\"actor\": \"mallory\"")),
                        Catch::Contains("audit chain is broken at event 2"));
  }
  SECTION("a missing field names its path") {
    REQUIRE_THROWS_WITH(wheel_from_json(replaced(text, "\"policy\": \"lottery\",", "")),
                        Catch::Contains("\"policy\" is missing"));
    REQUIRE_THROWS_WITH(wheel_from_json(replaced(text, "\"seq\": 3,", "")), Catch::Contains("events[2]"));
  }
  SECTION("a roster or state that differs from the events") {
    REQUIRE_THROWS_WITH(wheel_from_json(replaced_last(text, "\"paused\": false", "\"paused\": true")),
                        Catch::Contains("roster differs"));
    REQUIRE_THROWS_WITH(wheel_from_json(replaced(text, "\"state\": \"", "\"state\": \"AAAA")),
                        Catch::Contains("state differs"));
    REQUIRE_THROWS_WITH(wheel_from_json(replaced(text, "\"state\": \"", "\"state\": \"A")), Catch::Contains("base64"));
  }
  SECTION("a bad name or timestamp") {
    REQUIRE_THROWS_WITH(wheel_from_json(replaced(text, "\"name\": \"ops\"", "\"name\": \"\"")), Catch::Contains("name"));
    REQUIRE_THROWS_WITH(event_from_json(replaced(event_json(w.events()[1]), "T", "X")), Catch::Contains("UTC time"));
  }
  SECTION("an unknown event type") {
    REQUIRE_THROWS_WITH(event_from_json(replaced(event_json(w.events()[1]), "\"added\"", "\"teleported\"")),
                        Catch::Contains("unknown event type"));
  }
}

TEST_CASE("json: free text must be UTF-8 before it reaches a file", "[json][bad-input]") {
  Wheel w("aws", 1);
  w.add("a");
  CHECK_THROWS_WITH(w.set_actor("bad \xff actor"), Catch::Contains("actor") && Catch::Contains("UTF-8"));
  CHECK_THROWS_WITH(w.pin("a", "bad \xc3"), Catch::Contains("reason"));
  Participant p;
  p.id = "b";
  p.name = "\xe2\x82";
  CHECK_THROWS_WITH(w.add(p), Catch::Contains("name"));
  CHECK(w.events().size() == 2);
}

TEST_CASE("json: a wheel restored from a snapshot cannot be exported on its own", "[json][bad-input]") {
  Wheel w("rotation", 1);
  w.add("a");
  const Wheel restored = Wheel::load_state(w.save_state());
  CHECK_THROWS_WITH(wheel_to_json(restored, "x"), Catch::Contains("export it from its store"));
}

TEST_CASE("json: the agenda and the action items as JSON documents", "[json][actions]") {
  Wheel w("quota", 9);
  w.set_actor("ops-lead");
  for (const char* id : {"ec2-api", "s3", "iam", "sqs"}) w.add(id);
  Cadence cadence;
  cadence.start = std::chrono::minutes{9 * 60 + 30};
  w.set_cadence(cadence);
  ItemCreated fleet;
  fleet.title = "Set -XX:+ExitOnOutOfMemoryError \"everywhere\"";
  fleet.owner = "ec2-api";
  fleet.raised_at = ymd(2026, 11, 25);
  fleet.due = ymd(2026, 12, 2);
  fleet.targets = {"s3", "iam"};
  w.change_actions(fleet);
  w.change_actions(TargetCompleted{"AI-1", "s3", ymd(2026, 11, 30)});
  const Date meeting = ymd(2026, 12, 9);  // a week after the report-back: overdue
  const Agenda agenda = make_agenda(w.actions(), w.roster(), meeting, {"sqs", "iam"});

  const auto a = nlohmann::json::parse(agenda_json(agenda));
  CHECK(a["date"] == "2026-12-09");
  CHECK(a["start"] == "09:30");
  REQUIRE(a["sections"].size() == agenda.sections.size());
  for (std::size_t i = 0; i < agenda.sections.size(); ++i) {
    CHECK(a["sections"][i]["minutes"] == agenda.sections[i].length.count());
    CHECK(a["sections"][i]["team"] == agenda.sections[i].team);
  }
  CHECK(a["reviews"][0]["team"] == "sqs");
  REQUIRE(a["overdue"].size() == agenda.overdue.size());
  REQUIRE(a["overdue"].size() == 1);
  CHECK(a["overdue"][0]["title"] == fleet.title);
  CHECK(a["overdue"][0]["progress"]["done"] == 1);
  CHECK(a["overdue"][0]["progress"]["total"] == 2);

  const auto items = nlohmann::json::parse(action_items_json(w.actions(), meeting));
  REQUIRE(items["items"].size() == 1);
  const auto& item = items["items"][0];
  CHECK(item["standing"]["overdue"] == true);
  CHECK(item["standing"]["report_back"] == "2026-12-02");
  CHECK(item["targets"][0]["done_on"] == "2026-11-30");
  CHECK(item["targets"][1]["done_on"].is_null());
  REQUIRE(item["history"].size() == 2);
  CHECK(item["history"][0]["actor"] == "ops-lead");
  CHECK(item["history"][1]["change"]["kind"] == "target_completed");
}
