// SPDX-License-Identifier: Apache-2.0
//
// The event log: every change is an event, replay is the fold of the log and reproduces the
// wheel bit for bit, tampering is caught, undo takes back the last accept, and snapshots restore
// a wheel that goes on exactly as the original.
#include <catch2/catch.hpp>

#include <opswheel/opswheel.hpp>

#include "session.hpp"
#include "wheel_helpers.hpp"

using namespace opswheel;
using opswheel_test::all_policies;
using opswheel_test::Session;
using opswheel_test::ticking_clock;
using opswheel_test::ymd;

namespace {

Wheel lived_wheel(const std::string& policy, std::uint64_t seed, int steps) {
  Wheel w(policy, seed);
  w.set_clock(ticking_clock());
  w.set_actor("alice");
  Session session(seed * 7 + 1);
  session.populate(w, 12);
  for (int i = 0; i < steps; ++i) {
    w.set_actor(i % 3 ? "alice" : "bob");
    session.step(w);
  }
  return w;
}

template <class T>
std::vector<std::size_t> positions_of(const std::vector<Event>& log) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < log.size(); ++i)
    if (std::holds_alternative<T>(log[i].payload)) out.push_back(i);
  return out;
}

}  // namespace

TEST_CASE("events: every change is one event with its number, time, actor and payload", "[events]") {
  Wheel w("lottery", 3);
  w.set_clock(ticking_clock());
  w.set_actor("carol");
  w.add("a");
  w.add("b", 2);
  w.add("c");
  w.pin("b", "postmortem");
  const auto s = w.suggest(2);
  w.set_actor("dave");
  w.accept(s, ymd(2026, 12, 2));
  w.resume("a");  // not paused: changes nothing, records nothing
  w.pause("c", ymd(2027, 1, 6));

  const auto& log = w.events();
  std::vector<std::string_view> types;
  for (const auto& e : log) types.push_back(event_type(e.payload));
  CHECK(types == std::vector<std::string_view>{"created", "added", "added", "added", "pinned", "suggested", "accepted", "paused"});
  for (std::size_t i = 0; i < log.size(); ++i) {
    CHECK(log[i].seq == i + 1);
    if (i > 1) CHECK(log[i].at - log[i - 1].at == std::chrono::seconds{1});  // event 1 came before set_clock
  }
  CHECK(w.last_seq() == log.size());
  CHECK(log[4].actor == "carol");
  CHECK(log[6].actor == "dave");
  CHECK(std::get<events::Created>(log[0].payload) == events::Created{"lottery", PolicyOptions{}, 3});
  CHECK(std::get<events::Suggested>(log[5].payload).suggestion == s);
  const auto& accepted = std::get<events::Accepted>(log[6].payload);
  CHECK(accepted.from_suggestion);
  CHECK(accepted.meeting == w.history().back());
  CHECK(accepted.meeting.pinned.at(0).actor == "carol");  // the pin remembers who asked for it
  CHECK(std::get<events::Paused>(log[7].payload) == events::Paused{"c", ymd(2027, 1, 6)});
}

TEST_CASE("events: a rejected call records nothing", "[events]") {
  Wheel w("quota", 1);
  w.add("a");
  w.add("b");
  const auto before = w.events();
  CHECK_THROWS_AS(w.add("a"), DuplicateId);
  CHECK_THROWS_AS(w.set_weight("a", -1), InvalidArgument);
  CHECK_THROWS_AS(w.suggest(3), NotEnoughTeams);
  CHECK_THROWS_AS(w.unpin("a"), InvalidArgument);
  CHECK_THROWS_AS(w.undo(), InvalidArgument);
  CHECK_THROWS_AS(w.accept(std::vector<std::string>{"a", "a"}), InvalidArgument);
  CHECK(w.events() == before);
}

TEST_CASE("events: replaying the log rebuilds the wheel bit for bit, for every policy", "[events][replay]") {
  for (const auto& policy : all_policies) {
    for (std::uint64_t seed : {1u, 2u}) {
      CAPTURE(policy, seed);
      const Wheel w = lived_wheel(policy, seed, 150);
      REQUIRE(positions_of<events::Accepted>(w.events()).size() > 10);
      REQUIRE(positions_of<events::Undone>(w.events()).size() > 0);
      REQUIRE(positions_of<events::Skipped>(w.events()).size() > 0);
      REQUIRE(positions_of<events::ActionChanged>(w.events()).size() > 3);
      const Wheel again = Wheel::replay(w.events());
      CHECK(again.save_state() == w.save_state());
      CHECK(again.actions() == w.actions());
      CHECK(again.events() == w.events());
      CHECK(again.stats() == w.stats());
      CHECK(again.history() == w.history());
    }
  }
}

TEST_CASE("events: replay names the first event that does not match", "[events][replay]") {
  const Wheel w = lived_wheel("quota", 5, 60);
  const auto log = w.events();

  SECTION("a suggestion's picks changed") {
    const std::size_t at = positions_of<events::Suggested>(log).at(2);
    auto bad = log;
    auto& picks = std::get<events::Suggested>(bad[at].payload).suggestion.picks;
    const std::string other = picks.front() == "team-0" ? "team-1" : "team-0";
    picks.front() = other;
    try {
      (void)Wheel::replay(bad);
      FAIL("replay accepted a forged spin");
    } catch (const CorruptData& e) {
      CHECK_THAT(e.what(), Catch::Contains("event " + std::to_string(log[at].seq) + " (suggested)"));
      CHECK_THAT(e.what(), Catch::Contains("the log records picks"));
    }
  }
  SECTION("a spin's stream position changed") {
    const std::size_t at = positions_of<events::Suggested>(log).at(3);
    auto bad = log;
    std::get<events::Suggested>(bad[at].payload).suggestion.position += 1;
    REQUIRE_THROWS_WITH(Wheel::replay(bad), Catch::Contains("event " + std::to_string(log[at].seq) + " (suggested)"));
  }
  SECTION("an accepted meeting's picks changed") {
    const std::size_t at = positions_of<events::Accepted>(log).at(1);
    auto bad = log;
    std::get<events::Accepted>(bad[at].payload).meeting.number += 1;
    REQUIRE_THROWS_WITH(Wheel::replay(bad), Catch::Contains("event " + std::to_string(log[at].seq) + " (accepted)"));
  }
  SECTION("an event missing") {
    auto bad = log;
    bad.erase(bad.begin() + 5);
    REQUIRE_THROWS_WITH(Wheel::replay(bad), Catch::Contains("event 7") && Catch::Contains("out of order"));
  }
  SECTION("a log that does not start with 'created'") {
    REQUIRE_THROWS_AS(Wheel::replay(std::span(log).subspan(1)), CorruptData);
    REQUIRE_THROWS_AS(Wheel::replay(std::span<const Event>{}), CorruptData);
  }
  SECTION("an event that cannot apply") {
    auto bad = log;
    bad[3].payload = events::Removed{"nobody"};
    REQUIRE_THROWS_WITH(Wheel::replay(bad), Catch::Contains("event 4 (removed) does not apply") && Catch::Contains("nobody"));
  }
}

TEST_CASE("events: undo takes back the last accept exactly", "[events][undo]") {
  for (const auto& policy : all_policies) {
    CAPTURE(policy);
    Wheel w(policy, 11);
    for (int i = 0; i < 9; ++i) w.add("t" + std::to_string(i), 1.0 + i % 3);
    for (int week = 0; week < 5; ++week) w.accept(w.suggest(3));
    w.pin("t4", "sev2");
    const auto stats = w.stats();
    const auto history = w.history();
    const auto pins = w.pins();
    detail::StateWriter policy_before;
    w.policy().save(policy_before);

    const auto s = w.suggest(3);
    const Meeting m = w.accept(s);
    REQUIRE(w.can_undo());
    w.suggest(3);  // a spin does not end the undo window
    REQUIRE(w.can_undo());
    // A copy and a restored snapshot carry the undo point with them.
    for (Wheel other : {Wheel(w), Wheel::load_state(w.save_state(), w.action_events())}) {
      other.undo();
      detail::StateWriter other_policy;
      other.policy().save(other_policy);
      CHECK(other_policy.bytes() == policy_before.bytes());
      CHECK(other.stats() == stats);
    }
    const Meeting undone = w.undo("wrong week");
    CHECK(undone == m);
    CHECK(w.stats() == stats);
    CHECK(w.history() == history);
    CHECK(w.pins() == pins);
    detail::StateWriter policy_after;
    w.policy().save(policy_after);
    CHECK(policy_after.bytes() == policy_before.bytes());
    CHECK(std::get<events::Undone>(w.events().back().payload) == events::Undone{m.number, "wrong week"});
    CHECK(std::holds_alternative<events::Accepted>(w.events()[w.events().size() - 3].payload));  // it stays logged
    CHECK_THROWS_WITH(w.undo(), Catch::Contains("only the last accepted meeting"));
    CHECK_THROWS_AS(w.accept(s), StaleSuggestion);

    // Any other change closes the window.
    w.accept(w.suggest(3));
    w.add("late");
    CHECK_FALSE(w.can_undo());
    CHECK_THROWS_AS(w.undo(), InvalidArgument);
  }
}

TEST_CASE("events: a snapshot restores a wheel that goes on exactly as the original", "[events][snapshot]") {
  for (const auto& policy : all_policies) {
    CAPTURE(policy);
    const Wheel full = lived_wheel(policy, 9, 200);
    const auto& log = full.events();
    for (const std::size_t cut : {std::size_t{20}, log.size() / 3, log.size() / 2, log.size() - 1}) {
      CAPTURE(cut);
      const Wheel head = Wheel::replay(std::span(log).first(cut));
      Wheel restored = Wheel::load_state(head.save_state(), head.action_events());
      CHECK(restored.actions() == head.actions());
      CHECK(restored.log_base() == cut);
      CHECK(restored.events().empty());
      CHECK(restored.save_state() == head.save_state());
      for (std::size_t i = cut; i < log.size(); ++i) restored.apply(log[i]);
      CHECK(restored.save_state() == full.save_state());
      CHECK(restored.actions() == full.actions());
      CHECK(std::equal(restored.events().begin(), restored.events().end(), log.begin() + static_cast<std::ptrdiff_t>(cut)));
    }
  }
}

TEST_CASE("events: a snapshot taken between a spin and a reset goes on as the original", "[events][snapshot]") {
  // A spin after a change leaves a plan cached in the policy; a reset must not let the live wheel draw from them
  // while a wheel restored from a snapshot (no cache) plans afresh.
  for (const auto& policy : all_policies) {
    CAPTURE(policy);
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      CAPTURE(seed);
      Wheel live(policy, seed);
      for (int i = 0; i < 12; ++i) live.add("t" + std::to_string(i), 1.0 + i % 3);
      for (int week = 0; week < 5; ++week) live.accept(live.suggest(3));
      live.set_weight("t1", 5.0);  // a change the next accepted week would start an epoch for
      (void)live.suggest(3);
      Wheel restored = Wheel::load_state(live.save_state(), live.action_events());
      live.reset();
      restored.reset();
      CHECK(live.suggest(3).picks == restored.suggest(3).picks);
    }
  }
}

TEST_CASE("events: a probability query does not change later picks", "[events][snapshot]") {
  for (const auto& policy : all_policies) {
    CAPTURE(policy);
    Wheel a(policy, 4), b(policy, 4);
    for (auto* w : {&a, &b})
      for (int i = 0; i < 10; ++i) w->add("t" + std::to_string(i), 1.0 + i % 2);
    for (int week = 0; week < 6; ++week) {
      a.accept(std::vector<std::string>{"t" + std::to_string(week), "t" + std::to_string(week + 1)});
      b.accept(std::vector<std::string>{"t" + std::to_string(week), "t" + std::to_string(week + 1)});
      (void)a.probabilities(2);  // only a is asked
    }
    CHECK(a.suggest(2).picks == b.suggest(2).picks);
    CHECK(a.save_state() == b.save_state());
  }
}

TEST_CASE("events: corrupt or truncated state bytes are refused, never half-read", "[events][snapshot][bad-input]") {
  const Wheel w = lived_wheel("quota", 2, 40);
  const std::string bytes = w.save_state();
  for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 16) {
    CAPTURE(n);
    CHECK_THROWS_AS(Wheel::load_state(std::string_view(bytes).substr(0, n)), CorruptData);
  }
  CHECK_THROWS_WITH(Wheel::load_state(bytes + "x"), Catch::Contains("left over"));
  CHECK_THROWS_WITH(Wheel::load_state("not a wheel at all, but long enough to read a length"), Catch::Contains("corrupt"));
  std::string newer = bytes;
  newer[8 + 14] = 9;  // the format number, after the magic string and its length
  CHECK_THROWS_AS(Wheel::load_state(newer), UnsupportedVersion);
  std::string older = bytes;
  older[8 + 14] = 3;  // a development format, whose spins drew from per-spin seeds
  CHECK_THROWS_AS(Wheel::load_state(older), CorruptData);
  CHECK_THROWS_WITH(Wheel::load_state(older), Catch::Contains("format 3 is an unreleased development format"));
}

TEST_CASE("events: action items are changes of the wheel, logged, replayed and restored", "[events][actions]") {
  Wheel w("quota", 3);
  w.set_actor("ops-lead");
  for (const char* id : {"ec2-api", "s3", "iam"}) w.add(id);
  Cadence cadence;
  cadence.time_zone = "America/New_York";
  w.set_cadence(cadence);
  ItemCreated item;
  item.title = "Alarm on p99 latency";
  item.owner = "ec2-api";
  item.raised_at = ymd(2026, 12, 2);
  item.due = ymd(2026, 12, 16);
  item.targets = {"s3", "iam"};
  w.change_actions(item);
  const std::string id = w.actions().items().at(0).id;
  CHECK(id == "AI-1");  // an empty id gets the book's next one
  w.change_actions(TargetCompleted{id, "s3", ymd(2026, 12, 9)});
  CHECK(w.actions().item(id).progress().done == 1);
  CHECK(w.actions().item(id).history.back().context.actor == "ops-lead");

  // Rejected changes log nothing and change nothing.
  const auto before = w.events().size();
  CHECK_THROWS_AS(w.change_actions(DueMoved{id, ymd(2026, 12, 30), ""}), InvalidArgument);  // a move needs a reason
  CHECK_THROWS_AS(w.change_actions(OwnerChanged{id, "nobody", "reorg"}), UnknownId);
  CHECK_THROWS_AS(w.set_cadence(Cadence{}), InvalidArgument);  // items hang on the calendar now
  CHECK(w.events().size() == before);

  const Wheel again = Wheel::replay(w.events());
  CHECK(again.actions() == w.actions());
  const Wheel restored = Wheel::load_state(w.save_state(), w.action_events());
  CHECK(restored.actions() == w.actions());
  CHECK_THROWS_AS(Wheel::load_state(w.save_state()), CorruptData);  // the action events are missing
}
