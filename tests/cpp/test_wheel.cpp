// SPDX-License-Identifier: Apache-2.0
// The Wheel's weekly flow: roster changes, suggest, skip, pin, accept, statistics, chances and
// copies, for every policy, with fixed seeds.
#include <catch2/catch.hpp>

#include <opswheel/opswheel.hpp>

#include <wheel_helpers.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace opswheel;
using opswheel_test::all_policies;
using opswheel_test::ids;
using opswheel_test::ymd;

namespace {

// The Monday of week `n` (0-based) of a weekly meeting that starts on 2026-01-05.
Date week(unsigned n) {
  return Date{std::chrono::sys_days{ymd(2026, 1, 5)} + std::chrono::days{7 * n}};
}

bool distinct(const std::vector<std::string>& v) {
  return std::set<std::string>(v.begin(), v.end()).size() == v.size();
}

bool contains(const std::vector<std::string>& v, const std::string& id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// Every pick is on the roster and not paused.
void require_eligible(const Wheel& w, const std::vector<std::string>& picks) {
  for (const auto& id : picks) {
    INFO("pick " << id);
    REQUIRE(w.roster().contains(id));
    REQUIRE_FALSE(w.roster().at(id).paused);
  }
}


TeamStats stats_of(const std::vector<TeamStats>& all, const std::string& id) {
  const auto it = std::find_if(all.begin(), all.end(), [&](const TeamStats& s) { return s.id == id; });
  REQUIRE(it != all.end());
  return *it;
}

// Six teams of different weights (one paused) and a few accepted meetings.
Wheel make_wheel(const std::string& policy, std::uint64_t seed = 20260105) {
  Wheel w(policy, seed);
  w.add("alpha", 1.0);
  w.add("bravo", 2.0);
  w.add("charlie", 1.0);
  w.add("delta", 3.0);
  w.add("echo", 1.0);
  w.add("foxtrot", 2.0);
  for (unsigned n = 0; n < 3; ++n) w.accept(w.suggest(2), week(n));
  w.pause("echo");
  return w;
}

}  // namespace

TEST_CASE("wheel: add, remove, pause, resume and set_weight keep roster and policy in step", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w(policy, 11);
  REQUIRE(w.roster().empty());
  REQUIRE(w.version() == 0);
  REQUIRE(w.spins() == 0);
  REQUIRE(w.seed() == 11);
  REQUIRE(w.policy().name() == policy);
  REQUIRE(w.history().empty());
  REQUIRE(w.stats().empty());

  w.add("alpha");
  REQUIRE(w.version() == 1);
  Participant bravo;
  bravo.id = "bravo";
  bravo.name = "Bravo Storage";
  bravo.url = "https://dash.example.com/bravo";
  bravo.weight = 2.5;
  bravo.tags = {"storage", "tier-1"};
  w.add(bravo);
  w.add("charlie", 0.5);
  Participant delta;
  delta.id = "delta";
  delta.paused = true;  // joins paused
  delta.paused_until = ymd(2026, 4, 1);
  w.add(delta);
  REQUIRE(w.version() == 4);

  REQUIRE(w.roster().size() == 4);
  REQUIRE(w.roster().at("bravo") == bravo);
  CHECK(w.roster().at("bravo").display_name() == "Bravo Storage");
  CHECK(w.roster().at("alpha").display_name() == "alpha");
  CHECK(w.roster().at("alpha").weight == 1.0);
  CHECK(w.roster()[2].id == "charlie");
  CHECK(w.roster().index_of("delta") == 3);
  REQUIRE(w.policy().size() == 4);
  CHECK(w.policy().weight(1) == 2.5);
  CHECK(w.policy().weight(2) == 0.5);
  CHECK(w.roster().at("delta").paused);
  CHECK(w.roster().at("delta").paused_until == ymd(2026, 4, 1));
  CHECK_FALSE(w.policy().eligible(3));
  CHECK(w.policy().eligible_count() == 3);

  w.set_weight("charlie", 3.0);
  REQUIRE(w.version() == 5);
  CHECK(w.roster().at("charlie").weight == 3.0);
  CHECK(w.policy().weight(2) == 3.0);

  w.pause("alpha", ymd(2026, 3, 2));
  REQUIRE(w.version() == 6);
  CHECK(w.roster().at("alpha").paused);
  CHECK(w.roster().at("alpha").paused_until == ymd(2026, 3, 2));
  CHECK_FALSE(w.policy().eligible(0));
  CHECK(w.policy().eligible_count() == 2);
  w.pause("alpha");  // pausing again only updates `until`
  CHECK(w.roster().at("alpha").paused);
  CHECK_FALSE(w.roster().at("alpha").paused_until.has_value());
  CHECK(w.policy().eligible_count() == 2);

  w.resume("alpha");
  w.resume("delta");
  REQUIRE(w.version() == 9);
  CHECK_FALSE(w.roster().at("alpha").paused);
  CHECK_FALSE(w.roster().at("delta").paused_until.has_value());
  CHECK(w.policy().eligible(0));
  CHECK(w.policy().eligible(3));
  CHECK(w.policy().eligible_count() == 4);

  // A past meeting of a team outlives the team.
  w.accept(ids({"bravo"}), week(0));
  w.remove("bravo");
  REQUIRE(w.version() == 11);
  REQUIRE(w.roster().size() == 3);
  CHECK_FALSE(w.roster().contains("bravo"));
  CHECK(w.roster()[1].id == "charlie");
  CHECK(w.roster().index_of("delta") == 2);
  REQUIRE(w.policy().size() == 3);
  CHECK(w.policy().weight(1) == 3.0);  // charlie's weight moved down with it
  CHECK(w.policy().eligible_count() == 3);
  const auto stats = w.stats();
  REQUIRE(stats.size() == 3);
  CHECK(stats[0].id == "alpha");
  CHECK(stats[1].id == "charlie");
  CHECK(stats[2].id == "delta");
  REQUIRE(w.history().size() == 1);
  CHECK(w.history()[0].picks == ids({"bravo"}));

  // Re-added, it comes back at the end with fresh statistics.
  w.add("bravo", 2.0);
  CHECK(w.roster().index_of("bravo") == 3);
  CHECK(w.stats()[3].turns == 0);
  CHECK(w.stats()[3].current_gap == 0);
  REQUIRE(w.suggest(4).picks.size() == 4);
}

TEST_CASE("wheel: reset forgets the rotation state and keeps history and statistics", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w(policy, 5);
  for (const char* id : {"a", "b", "c", "d"}) w.add(id, 1.0);
  w.add("e", 2.0);
  for (unsigned n = 0; n < 3; ++n) w.accept(w.suggest(1), week(n));
  const auto stats = w.stats();
  const auto history = w.history().size();
  const auto version = w.version();

  if (const auto* aws = dynamic_cast<const AwsPolicy*>(&w.policy()))
    REQUIRE(aws->current_weights() != std::vector<double>{1, 1, 1, 1, 2});
  if (const auto* bag = dynamic_cast<const ShuffleBagPolicy*>(&w.policy())) {
    std::uint64_t tokens = 0;
    for (std::size_t i = 0; i < 5; ++i) tokens += bag->tokens(i);
    REQUIRE(tokens > 0);
  }
  if (const auto* rot = dynamic_cast<const RotationPolicy*>(&w.policy())) REQUIRE(rot->epoch_week() == 3);

  w.reset();
  CHECK(w.version() == version + 1);
  CHECK(w.history().size() == history);
  REQUIRE(stats == w.stats());
  if (const auto* aws = dynamic_cast<const AwsPolicy*>(&w.policy()))
    CHECK(aws->current_weights() == std::vector<double>{1, 1, 1, 1, 2});
  if (const auto* bag = dynamic_cast<const ShuffleBagPolicy*>(&w.policy()))
    for (std::size_t i = 0; i < 5; ++i) CHECK(bag->tokens(i) == 0);
  if (const auto* rot = dynamic_cast<const RotationPolicy*>(&w.policy())) CHECK(rot->epoch_week() == 0);
  // The wheel still works after a reset.
  const Meeting m = w.accept(w.suggest(2), week(3));
  CHECK(m.number == 4);
}

TEST_CASE("wheel: suggest draws k distinct eligible teams and moves only the spin counter", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_wheel(policy);  // five eligible teams
  const auto version = w.version();
  const auto history = w.history().size();
  const auto stats = w.stats();

  for (std::size_t k = 1; k <= 5; ++k) {
    CAPTURE(k);
    const auto spins = w.spins();
    const auto position = w.stream_position();
    const Suggestion s = w.suggest(k);
    REQUIRE(s.picks.size() == k);
    REQUIRE(distinct(s.picks));
    require_eligible(w, s.picks);
    CHECK_FALSE(contains(s.picks, "echo"));
    CHECK(s.pinned.empty());
    CHECK(s.skipped.empty());
    CHECK(s.spin == spins);
    CHECK(w.spins() == spins + 1);
    CHECK(s.position == position);
    CHECK(w.stream_position() >= position);
    CHECK(s.version == version);
  }
  CHECK(w.version() == version);
  CHECK(w.history().size() == history);
  REQUIRE(stats == w.stats());
  // k = all eligible teams: exactly them.
  CHECK(as_set(w.suggest(5).picks) == std::set<std::string>{"alpha", "bravo", "charlie", "delta", "foxtrot"});

  // A suggestion changes no rotation state: rotation (deterministic) suggests the same again.
  if (policy == "rotation") CHECK(w.suggest(2).picks == w.suggest(2).picks);
}

TEST_CASE("wheel: successive lottery spins differ", "[wheel]") {
  Wheel w("lottery", 7);
  for (int i = 0; i < 20; ++i) w.add("team-" + std::to_string(i));
  const Suggestion s1 = w.suggest(3);
  const Suggestion s2 = w.suggest(3);
  CHECK(s1.spin == 0);
  CHECK(s2.spin == 1);
  // The second spin draws on from where the first stopped in the wheel's stream.
  CHECK(s1.position == 0);
  CHECK(s2.position > s1.position);
  CHECK(w.stream_position() > s2.position);
  // Two 3-of-20 draws give the same set with chance 1/1140.
  CHECK(as_set(s1.picks) != as_set(s2.picks));
}

namespace {

// A fixed script of spins, skips, pins, pauses and accepts; returns every suggestion it drew.
std::vector<Suggestion> run_script(const std::string& policy, std::uint64_t seed) {
  Wheel w(policy, seed);
  for (int i = 0; i < 8; ++i) w.add("t" + std::to_string(i), 1.0 + i % 3);
  std::vector<Suggestion> out;
  for (unsigned round = 0; round < 12; ++round) {
    Suggestion s = w.suggest(3);
    out.push_back(s);
    if (round % 3 == 1) {
      s = w.skip(s, s.picks[2], "out of office");
      out.push_back(s);
    }
    w.accept(s, week(round));
    if (round == 4) w.pin("t7", "postmortem");
    if (round == 6) w.pause("t2");
    if (round == 9) w.resume("t2");
  }
  return out;
}

}  // namespace

TEST_CASE("wheel: a spin is drawn again from the wheel's seed, its stream position and the state", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w(policy, 31);
  for (int i = 0; i < 9; ++i) w.add("t" + std::to_string(i), 1.0 + i % 4);
  for (int week = 0; week < 20; ++week) {
    CAPTURE(week);
    const std::unique_ptr<Policy> before = w.policy().clone();  // the state the spin draws from
    const Suggestion s = w.suggest(3);
    Rng audit(w.seed());
    audit.discard(s.position);
    std::vector<std::string> redrawn;
    for (const std::size_t i : before->draw(3, audit)) redrawn.push_back(w.roster()[i].id);
    CHECK(redrawn == s.picks);
    CHECK(audit.position() == w.stream_position());  // and the spin used exactly those words
    w.accept(s);
  }
}

TEST_CASE("wheel: a spin that fails leaves the random stream where it was", "[wheel][bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w(policy, 8);
  for (int i = 0; i < 4; ++i) w.add("t" + std::to_string(i));
  w.accept(w.suggest(2));
  const Suggestion first = w.suggest(3);
  const Suggestion s = w.skip(first, first.picks[0], "away");  // the fourth team comes in
  const Wheel twin = w;
  CHECK_THROWS_AS(w.suggest(5), NotEnoughTeams);
  CHECK_THROWS_AS(w.skip(s, s.picks[1], "away too"), NotEnoughTeams);  // nobody is left to come in
  CHECK(w.stream_position() == twin.stream_position());
  Wheel again = twin;
  CHECK(w.suggest(2) == again.suggest(2));
}

TEST_CASE("wheel: the same seed gives the same suggestions on separately built wheels", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  const auto a = run_script(policy, 99);
  const auto b = run_script(policy, 99);
  REQUIRE(a.size() == 16);
  REQUIRE(b.size() == a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    REQUIRE(a[i] == b[i]);
    if (i > 0) CHECK(a[i].position >= a[i - 1].position);
  }
  CHECK(a[0].spin == 0);

  // Another seed: (except for the deterministic rotation) other picks.
  const auto c = run_script(policy, 100);
  REQUIRE(c.size() == a.size());
  bool picks_differ = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    picks_differ = picks_differ || a[i].picks != c[i].picks;
  }
  CHECK(picks_differ == (policy != "rotation"));
}

TEST_CASE("wheel: accept records the meeting", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w(policy, 3);
  for (const char* id : {"a", "b", "c", "d", "e"}) w.add(id);

  const Suggestion s = w.suggest(2);
  const auto version = w.version();
  const auto spins = w.spins();
  const Meeting m1 = w.accept(s, ymd(2026, 3, 2));
  REQUIRE(w.history().size() == 1);
  // The record returned is the one stored.
  CHECK(w.history().back().number == m1.number);
  CHECK(w.history().back().date == m1.date);
  CHECK(w.history().back().picks == m1.picks);
  CHECK(w.history().back().position == m1.position);
  CHECK(m1.number == 1);
  CHECK(m1.date == ymd(2026, 3, 2));
  CHECK(m1.picks == s.picks);
  CHECK(m1.position == s.position);
  CHECK(m1.pinned.empty());
  CHECK(m1.skipped.empty());
  CHECK(w.version() == version + 1);
  CHECK(w.spins() == spins);
  for (const auto& st : w.stats()) CHECK(st.turns == (contains(s.picks, st.id) ? 1u : 0u));

  // Explicit picks, in the order given, without a date: no seed.
  const Meeting m2 = w.accept(ids({"e", "a", "c"}));
  CHECK(m2.number == 2);
  CHECK_FALSE(m2.date.has_value());
  CHECK(m2.picks == ids({"e", "a", "c"}));
  CHECK_FALSE(m2.position.has_value());
  CHECK(w.spins() == spins);

  // The same day as the last dated meeting is allowed.
  const Suggestion s3 = w.suggest(1);
  const Meeting m3 = w.accept(s3, ymd(2026, 3, 2));
  CHECK(m3.number == 3);
  CHECK(m3.position == s3.position);
  REQUIRE(w.history().size() == 3);
  CHECK(w.history()[0].picks == s.picks);  // earlier records are kept as they were
  CHECK(w.history()[1].picks == ids({"e", "a", "c"}));
}

TEST_CASE("wheel: skip replaces one pick in place and records it", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    CAPTURE(seed);
    Wheel w = make_wheel(policy, seed);  // five eligible teams: alpha bravo charlie delta foxtrot
    const std::set<std::string> eligible{"alpha", "bravo", "charlie", "delta", "foxtrot"};
    const std::size_t pos = seed % 3;    // skip each position in turn
    const Suggestion s = w.suggest(3);
    const auto version = w.version();
    const auto spins = w.spins();
    const auto position = w.stream_position();

    const Suggestion s2 = w.skip(s, s.picks[pos], "on call");
    REQUIRE(s2.picks.size() == 3);
    for (std::size_t i = 0; i < 3; ++i)
      if (i != pos) CHECK(s2.picks[i] == s.picks[i]);
    const std::string r1 = s2.picks[pos];
    CHECK(r1 != s.picks[pos]);
    CHECK(distinct(s2.picks));
    CHECK(eligible.count(r1) == 1);
    REQUIRE(s2.skipped.size() == 1);
    CHECK(s2.skipped[0] == Skip{s.picks[pos], "on call", r1, ""});
    CHECK(s2.spin == spins);
    CHECK(s2.position == position);
    CHECK(s2.version == version);
    CHECK(w.spins() == spins + 1);
    CHECK(w.version() == version);  // a skip is part of the spin, not a change of state

    // Skip the replacement too: the first skipped team stays out, so the one team left must come.
    const Suggestion s3 = w.skip(s2, r1, "sick");
    std::set<std::string> left = eligible;
    for (const auto& id : s.picks) left.erase(id);
    left.erase(r1);
    REQUIRE(left.size() == 1);
    CHECK(s3.picks[pos] == *left.begin());
    for (std::size_t i = 0; i < 3; ++i)
      if (i != pos) CHECK(s3.picks[i] == s.picks[i]);
    REQUIRE(s3.skipped.size() == 2);
    CHECK(s3.skipped[0] == s2.skipped[0]);
    CHECK(s3.skipped[1] == Skip{r1, "sick", *left.begin(), ""});

    const Meeting m = w.accept(s3, week(10));
    CHECK(m.picks == s3.picks);
    CHECK(m.skipped == s3.skipped);
    CHECK(m.position == s3.position);
    CHECK_FALSE(contains(m.picks, s.picks[pos]));
    CHECK_FALSE(contains(m.picks, r1));

    // An id that is not among the picks cannot be skipped.
    const Suggestion t = w.suggest(2);
    std::string outsider;
    for (const auto& id : eligible)
      if (!contains(t.picks, id)) outsider = id;
    CHECK_THROWS_AS(w.skip(t, outsider, "why"), InvalidArgument);
    CHECK_THROWS_AS(w.skip(t, "echo", "paused"), InvalidArgument);
  }
}

TEST_CASE("wheel: a pin leads every suggestion until accepted, and is recorded", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w(policy, 21);
  for (const char* id : {"a", "b", "c", "d", "e", "f"}) w.add(id, 3.0);
  w.add("zulu", 0.1);  // rarely drawn on its own
  w.add("yankee", 0.1);

  const auto version = w.version();
  w.pin("zulu", "postmortem");
  CHECK(w.version() == version + 1);
  REQUIRE(w.pins() == std::vector<Pin>{{"zulu", "postmortem", ""}});
  for (int i = 0; i < 20; ++i) {
    const Suggestion s = w.suggest(2);
    REQUIRE(s.picks[0] == "zulu");
    REQUIRE(distinct(s.picks));
    REQUIRE(s.pinned == w.pins());
  }
  w.pin("yankee", "launch review");
  for (int i = 0; i < 20; ++i) {
    const Suggestion s = w.suggest(3);
    REQUIRE(s.picks.size() == 3);
    REQUIRE(s.picks[0] == "zulu");
    REQUIRE(s.picks[1] == "yankee");
    REQUIRE(s.pinned.size() == 2);
  }
  // Still pinned after suggestions that were not accepted; a k equal to the pins is fine.
  CHECK(w.suggest(2).picks == ids({"zulu", "yankee"}));

  const Suggestion s = w.suggest(3);
  const Meeting m = w.accept(s, week(0));
  CHECK(m.pinned == std::vector<Pin>{{"zulu", "postmortem", ""}, {"yankee", "launch review", ""}});
  CHECK(w.pins().empty());  // consumed
  const Suggestion after = w.suggest(2);
  CHECK(after.pinned.empty());

  if (policy == "lottery") {
    // Unpinned, the light teams lead far less often (weights 0.1 against 3).
    int zulu_first = 0;
    for (int i = 0; i < 20; ++i) zulu_first += w.suggest(2).picks[0] == "zulu";
    CHECK(zulu_first < 5);
  }

  SECTION("unpin withdraws a pin") {
    w.pin("c", "why");
    const auto v = w.version();
    w.unpin("c");
    CHECK(w.version() == v + 1);
    CHECK(w.pins().empty());
    CHECK(w.suggest(2).pinned.empty());
  }
  SECTION("explicit picks that include a pinned team honour its pin") {
    w.pin("c", "why");
    w.pin("d", "why not");
    const Meeting e = w.accept(ids({"a", "d"}));
    CHECK(e.pinned == std::vector<Pin>{{"d", "why not", ""}});
    CHECK(w.pins() == std::vector<Pin>{{"c", "why", ""}});  // c did not present: still pinned
  }
  SECTION("a skipped pinned team leaves the suggestion but stays pinned") {
    w.pin("c", "why");
    const Suggestion p = w.suggest(2);
    REQUIRE(p.picks[0] == "c");
    const Suggestion q = w.skip(p, "c", "out");
    CHECK_FALSE(contains(q.picks, "c"));
    CHECK(q.pinned.empty());
    const Meeting e = w.accept(q);
    CHECK(e.pinned.empty());
    CHECK(w.pins() == std::vector<Pin>{{"c", "why", ""}});
    CHECK(w.suggest(2).picks[0] == "c");
  }
  SECTION("removing a pinned team drops its pin") {
    w.pin("c", "why");
    w.remove("c");
    CHECK(w.pins().empty());
  }
}

TEST_CASE("wheel: paused teams are never drawn, and resume brings them back", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w(policy, 314);
  const double weights[] = {1, 2, 1, 3, 1, 1, 2};
  for (int i = 0; i < 7; ++i) w.add("t" + std::to_string(i), weights[i]);
  w.pause("t1");
  w.pause("t3", ymd(2026, 6, 1));  // the heaviest

  for (unsigned n = 0; n < 200; ++n) {
    Suggestion s = w.suggest(3);
    REQUIRE(s.picks.size() == 3);
    REQUIRE(distinct(s.picks));
    REQUIRE_FALSE(contains(s.picks, "t1"));
    REQUIRE_FALSE(contains(s.picks, "t3"));
    if (n % 4 == 0) {
      s = w.skip(s, s.picks[1], "out");
      REQUIRE_FALSE(contains(s.picks, "t1"));
      REQUIRE_FALSE(contains(s.picks, "t3"));
    }
    w.accept(s);
  }
  for (const char* id : {"t1", "t3"}) {
    CHECK(stats_of(w.stats(), id).turns == 0);
    CHECK(stats_of(w.stats(), id).current_gap == 0);  // pauses do not count as waiting
  }

  w.resume("t1");
  w.resume("t3");
  std::map<std::string, int> turns;
  for (unsigned n = 0; n < 200; ++n) {
    const Suggestion s = w.suggest(3);
    for (const auto& id : s.picks) ++turns[id];
    w.accept(s);
  }
  CHECK(turns["t1"] > 0);
  CHECK(turns["t3"] > 0);
  CHECK(stats_of(w.stats(), "t3").turns == static_cast<std::size_t>(turns["t3"]));
}

TEST_CASE("wheel: resume_due resumes exactly the teams that are due", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w(policy, 8);
  for (const char* id : {"a", "b", "c", "d", "e", "f"}) w.add(id);
  w.pause("b", ymd(2026, 3, 1));
  w.pause("c", ymd(2026, 3, 8));
  w.pause("d");  // until resumed by hand
  w.pause("e", ymd(2026, 3, 2));

  CHECK(w.resume_due(ymd(2026, 2, 28)).empty());
  CHECK(w.policy().eligible_count() == 2);

  const auto version = w.version();
  CHECK(w.resume_due(ymd(2026, 3, 2)) == ids({"b", "e"}));  // on or before the date, roster order
  CHECK(w.version() > version);
  for (const char* id : {"b", "e"}) {
    CHECK_FALSE(w.roster().at(id).paused);
    CHECK_FALSE(w.roster().at(id).paused_until.has_value());
    CHECK(w.policy().eligible(w.roster().index_of(id)));
  }
  CHECK(w.roster().at("c").paused);
  CHECK(w.roster().at("d").paused);
  CHECK(w.policy().eligible_count() == 4);

  CHECK(w.resume_due(ymd(2026, 3, 8)) == ids({"c"}));  // the due date itself
  CHECK(w.resume_due(ymd(2030, 1, 1)).empty());        // d has no date
  CHECK(w.roster().at("d").paused);
  CHECK(w.policy().eligible_count() == 5);
}

TEST_CASE("wheel: statistics count turns, gaps and fair shares", "[wheel]") {
  // Rotation, three equal teams, k = 1, explicit picks. Each meeting gives every eligible team
  // π = 1/3 (1/2 while only two are eligible): exact fractions, read as doubles.
  Wheel w("rotation", 1);
  for (const char* id : {"a", "b", "c"}) w.add(id);
  const double third = 1.0 / 3;

  SECTION("before any meeting") {
    for (const auto& s : w.stats()) {
      CHECK(s.turns == 0);
      CHECK_FALSE(s.last_meeting.has_value());
      CHECK_FALSE(s.last_date.has_value());
      CHECK(s.current_gap == 0);
      CHECK(s.longest_gap == 0);
      CHECK(s.expected == 0);
      CHECK(s.deviation == 0);
    }
  }

  SECTION("gaps: turns at meetings 3 and 7 are a gap of 4; the first wait and the open one count") {
    const char* order[] = {"a", "b", "c", "a", "b", "a", "c", "b"};
    for (unsigned n = 0; n < 8; ++n) w.accept(ids({order[n]}), week(n));
    const auto st = w.stats();
    const TeamStats& a = stats_of(st, "a");  // meetings 1, 4, 6
    const TeamStats& b = stats_of(st, "b");  // meetings 2, 5, 8
    const TeamStats& c = stats_of(st, "c");  // meetings 3, 7
    CHECK(a.turns == 3);
    CHECK(b.turns == 3);
    CHECK(c.turns == 2);
    CHECK(a.last_meeting == 6u);
    CHECK(b.last_meeting == 8u);
    CHECK(c.last_meeting == 7u);
    CHECK(a.last_date == week(5));
    CHECK(b.last_date == week(7));
    CHECK(c.last_date == week(6));
    CHECK(a.current_gap == 2);  // meetings 7 and 8
    CHECK(b.current_gap == 0);
    CHECK(c.current_gap == 1);
    CHECK(a.longest_gap == 3);  // 1 -> 4
    CHECK(b.longest_gap == 3);  // 2 -> 5 and 5 -> 8
    CHECK(c.longest_gap == 4);  // 3 -> 7 (the wait before meeting 3 is 3)
    for (const auto* s : {&a, &b, &c}) {
      CHECK(s->expected == Approx(8 * third).margin(1e-8));
      CHECK(s->deviation == Approx(static_cast<double>(s->turns) - 8 * third).margin(1e-8));
    }
    CHECK(a.deviation == Approx(third).margin(1e-8));
    CHECK(c.deviation == Approx(-2 * third).margin(1e-8));
  }

  SECTION("the wait before the first turn counts, and an open wait is the longest") {
    for (unsigned n = 0; n < 5; ++n) w.accept(ids({n % 2 ? "b" : "a"}), week(n));
    const TeamStats& c = stats_of(w.stats(), "c");
    CHECK(c.turns == 0);
    CHECK_FALSE(c.last_meeting.has_value());
    CHECK(c.current_gap == 5);
    CHECK(c.longest_gap == 5);
    w.accept(ids({"c"}), week(5));
    const TeamStats& c2 = stats_of(w.stats(), "c");
    CHECK(c2.current_gap == 0);
    CHECK(c2.longest_gap == 6);
    CHECK(c2.last_meeting == 6u);
  }

  SECTION("pauses do not count against a team, undated meetings leave no date") {
    w.accept(ids({"a"}), ymd(2026, 1, 5));   // 1
    w.accept(ids({"b"}), ymd(2026, 1, 12));  // 2
    w.accept(ids({"a"}));                    // 3, undated
    {
      const TeamStats& a = stats_of(w.stats(), "a");
      CHECK(a.last_meeting == 3u);
      CHECK_FALSE(a.last_date.has_value());
    }
    w.pause("c");
    w.accept(ids({"b"}), ymd(2026, 1, 26));  // 4: only a and b eligible
    w.accept(ids({"a"}), ymd(2026, 2, 2));   // 5
    {
      const TeamStats& c = stats_of(w.stats(), "c");
      CHECK(c.current_gap == 3);  // meetings 1-3; 4 and 5 do not count
      CHECK(c.expected == Approx(1.0).margin(1e-8));
      const TeamStats& a = stats_of(w.stats(), "a");
      CHECK(a.expected == Approx(2.0).margin(1e-8));  // 3 × 1/3 + 2 × 1/2
    }
    w.resume("c");
    w.accept(ids({"c"}), ymd(2026, 2, 9));  // 6
    w.accept(ids({"a"}));                   // 7, undated

    const auto st = w.stats();
    const TeamStats& a = stats_of(st, "a");
    const TeamStats& b = stats_of(st, "b");
    const TeamStats& c = stats_of(st, "c");
    CHECK(a.turns == 4);
    CHECK(b.turns == 2);
    CHECK(c.turns == 1);
    CHECK(a.last_meeting == 7u);
    CHECK_FALSE(a.last_date.has_value());
    CHECK(b.last_meeting == 4u);
    CHECK(b.last_date == ymd(2026, 1, 26));
    CHECK(c.last_meeting == 6u);
    CHECK(c.last_date == ymd(2026, 2, 9));
    CHECK(a.current_gap == 0);
    CHECK(b.current_gap == 3);
    CHECK(c.current_gap == 1);
    CHECK(a.longest_gap == 2);
    CHECK(b.longest_gap == 3);  // the open gap
    CHECK(c.longest_gap == 4);  // meetings 1, 2, 3 and 6
    CHECK(a.expected == Approx(8 * third).margin(1e-8));
    CHECK(b.expected == Approx(8 * third).margin(1e-8));
    CHECK(c.expected == Approx(5 * third).margin(1e-8));
    CHECK(a.deviation == Approx(4 * third).margin(1e-8));
    CHECK(b.deviation == Approx(-2 * third).margin(1e-8));
    CHECK(c.deviation == Approx(-2 * third).margin(1e-8));
    double turns = 0, expected = 0;
    for (const auto& s : st) {
      turns += static_cast<double>(s.turns);
      expected += s.expected;
    }
    CHECK(expected == Approx(turns).margin(1e-8));  // shares sum to k every meeting
  }

  SECTION("a team that joins late counts from when it joined") {
    w.accept(ids({"a"}));
    w.accept(ids({"b"}));
    w.add("d");
    w.accept(ids({"c"}));  // four eligible: 1/4 each
    const TeamStats& d = stats_of(w.stats(), "d");
    CHECK(d.current_gap == 1);
    CHECK(d.longest_gap == 1);
    CHECK(d.expected == Approx(0.25).margin(1e-8));
    CHECK(d.deviation == Approx(-0.25).margin(1e-8));
    CHECK(stats_of(w.stats(), "a").expected == Approx(2 * third + 0.25).margin(1e-8));
  }
}

TEST_CASE("wheel: a copy is an independent wheel", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_wheel(policy);
  w.pin("charlie", "review");
  Wheel ref = make_wheel(policy);  // built separately, never copied
  ref.pin("charlie", "review");

  Wheel c = w;
  CHECK(c.roster() == w.roster());
  CHECK(c.version() == w.version());
  CHECK(c.spins() == w.spins());
  CHECK(c.seed() == w.seed());
  CHECK(c.pins() == w.pins());
  CHECK(c.history().size() == w.history().size());
  REQUIRE(c.stats() == w.stats());
  {
    // The copy carries the policy state: it draws what the original would.
    Wheel ref2 = make_wheel(policy);
    ref2.pin("charlie", "review");
    for (unsigned n = 0; n < 3; ++n) {
      const Suggestion x = c.suggest(2);
      const Suggestion y = ref2.suggest(2);
      REQUIRE(x == y);
      c.accept(x, week(10 + n));
      ref2.accept(y, week(10 + n));
    }
  }
  // Change the copy in every way.
  c.add("golf", 4.0);
  c.pause("alpha");
  c.set_weight("bravo", 5.0);
  const Suggestion cs = c.suggest(3);
  c.accept(c.skip(cs, cs.picks[0], "moved"), week(20));
  c.reset();
  c.remove("delta");
  c.pin("foxtrot", "x");
  Wheel assigned("rotation");
  assigned = w;
  assigned.add("hotel");
  assigned.accept(assigned.suggest(1));

  // The original is as it was, and draws as a wheel that was never copied.
  CHECK(w.roster() == ref.roster());
  CHECK(w.roster().size() == 6);
  CHECK(w.version() == ref.version());
  CHECK(w.spins() == ref.spins());
  CHECK(w.pins() == ref.pins());
  CHECK(w.history().size() == 3);
  REQUIRE(w.stats() == ref.stats());
  for (unsigned n = 0; n < 3; ++n) {
    const Suggestion x = w.suggest(2);
    const Suggestion y = ref.suggest(2);
    REQUIRE(x == y);
    w.accept(x, week(10 + n));
    ref.accept(y, week(10 + n));
  }
  CHECK(assigned.policy().name() == policy);

  // And the other way round: changing the original leaves a copy alone.
  Wheel d = w;
  w.remove("alpha");
  CHECK(d.roster().contains("alpha"));
  CHECK(d.policy().size() == 6);
}

TEST_CASE("wheel: lottery probabilities are min(1, c·w) over the eligible teams", "[wheel]") {
  Wheel w("lottery", 2);
  const double weights[] = {1, 2, 3, 1, 1};
  for (int i = 0; i < 5; ++i) w.add("t" + std::to_string(i), weights[i]);
  w.add("paused", 5.0);
  w.pause("paused");
  const auto p2 = w.probabilities(2);
  CHECK(p2.exact);
  CHECK(p2.samples == 0);
  const double want2[] = {0.25, 0.5, 0.75, 0.25, 0.25, 0};
  for (int i = 0; i < 6; ++i) CHECK(p2.values[i] == Approx(want2[i]).margin(1e-9));
  const auto p3 = w.probabilities(3);  // t2 capped at 1, the rest 0.4 per unit of weight
  const double want3[] = {0.4, 0.8, 1.0, 0.4, 0.4, 0};
  for (int i = 0; i < 6; ++i) CHECK(p3.values[i] == Approx(want3[i]).margin(1e-9));
}

TEST_CASE("wheel: probabilities sum to k — exact except aws for k > 1 and quota", "[wheel]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_wheel(policy);  // six teams, echo paused, three meetings
  const auto version = w.version();
  const auto spins = w.spins();
  const std::size_t echo = w.roster().index_of("echo");
  for (std::size_t k = 1; k <= 5; ++k) {
    CAPTURE(k);
    const Chances c = w.probabilities(k);
    REQUIRE(c.values.size() == 6);
    CHECK(c.values[echo] == 0);
    for (const double v : c.values) {
      CHECK(v >= 0);
      CHECK(v <= 1 + 1e-12);
    }
    CHECK(std::accumulate(c.values.begin(), c.values.end(), 0.0) == Approx(double(k)).margin(1e-9));
    if ((policy == "aws" && k > 1) || policy == "quota") {
      CHECK_FALSE(c.exact);
      CHECK(c.samples > 0);
      CHECK(w.probabilities(k).values == c.values);  // a seeded estimate repeats
    } else {
      CHECK(c.exact);
      CHECK(c.samples == 0);
    }
    if (policy == "rotation") {
      // Certainty: exactly the teams the next suggestion names.
      Wheel copy = w;
      const auto picks = as_set(copy.suggest(k).picks);
      for (std::size_t i = 0; i < 6; ++i) CHECK(c.values[i] == (picks.count(w.roster()[i].id) ? 1.0 : 0.0));
    }
  }
  CHECK(w.version() == version);
  CHECK(w.spins() == spins);
}

TEST_CASE("wheel: statistics kept per epoch match a meeting-by-meeting count, through k changes, roster changes, undo and snapshots", "[wheel][stats]") {
  // The lottery's chances are exactly the shares π_i, so the expected turns can be summed here
  // meeting by meeting, the way the wheel did before it kept its figures per epoch.
  Wheel w("lottery", 21);
  for (int i = 0; i < 12; ++i) w.add("t" + std::to_string(i), 1.0 + i % 4);
  std::map<std::string, double> expected;
  std::map<std::string, std::size_t> clock;
  auto accept = [&](std::size_t k) {
    const Chances c = w.probabilities(k);
    const Suggestion s = w.suggest(k);
    for (std::size_t i = 0; i < w.roster().size(); ++i)
      if (!w.roster()[i].paused) {
        expected[w.roster()[i].id] += c.values[i];
        ++clock[w.roster()[i].id];
      }
    w.accept(s);
  };
  auto check = [&] {
    for (const TeamStats& s : w.stats()) {
      CAPTURE(s.id);
      CHECK(s.expected == Approx(expected[s.id]).margin(1e-9));
      CHECK(s.current_gap <= clock[s.id]);
    }
  };
  for (int week = 0; week < 30; ++week) accept(3);
  check();
  accept(2);  // a new k opens a new epoch
  w.pause("t3");
  for (int week = 0; week < 10; ++week) accept(2);
  w.set_weight("t5", 6.0);
  w.resume("t3");
  accept(4);
  check();

  // An undo within an epoch and one that closed an epoch both give back the figures before.
  const auto before = w.stats();
  w.accept(w.suggest(4));
  w.undo();
  CHECK(w.stats() == before);
  w.accept(w.suggest(5));
  const Wheel restored = Wheel::load_state(w.save_state());
  w.undo();
  CHECK(w.stats() == before);
  Wheel again = restored;
  again.undo();
  CHECK(again.stats() == before);
  CHECK(again.save_state() == w.save_state());
}
