// SPDX-License-Identifier: Apache-2.0
//
// History queries over the event log: a team's story, the meetings of a week, statistics from the
// log alone, and undone meetings shown as such.
#include <catch2/catch.hpp>

#include <opswheel/opswheel.hpp>

#include "session.hpp"
#include "wheel_helpers.hpp"

using namespace opswheel;
using opswheel_test::all_policies;
using opswheel_test::ymd;
using Kind = TeamEvent::Kind;

TEST_CASE("history: a team's story names who did what and why", "[history]") {
  Wheel w("lottery", 5);
  w.set_actor("alice");
  for (const char* id : {"a", "b", "c", "d"}) w.add(id);
  w.pin("b", "sev1 last week");
  auto s = w.suggest(2);
  REQUIRE(s.picks.front() == "b");
  w.set_actor("bob");
  s = w.skip(s, "b", "on call");  // the pinned team cannot come; its pin stays for next time
  const std::string replacement = s.skipped.back().replacement;
  w.accept(s, ymd(2026, 12, 2));
  w.accept(std::vector<std::string>{"b", "c"}, ymd(2026, 12, 9));
  w.undo("recorded the wrong week");  // b is pinned again, as before that meeting
  w.unpin("b");
  w.set_weight("b", 3);
  w.pause("b", ymd(2027, 1, 6));

  const auto story = team_history(w.events(), "b");
  std::vector<Kind> kinds;
  for (const auto& t : story) kinds.push_back(t.kind);
  CHECK(kinds == std::vector<Kind>{Kind::joined, Kind::pinned, Kind::skipped, Kind::presented, Kind::unpinned, Kind::weight_set, Kind::paused});
  CHECK(story[1].actor == "alice");
  CHECK(story[1].reason == "sev1 last week");
  CHECK(story[2].actor == "bob");
  CHECK(story[2].reason == "on call");
  CHECK(story[2].other == replacement);
  CHECK(story[3].meeting == 2u);
  CHECK(story[3].date == ymd(2026, 12, 9));
  CHECK(story[3].undone);  // the meeting was taken back, and the story says so
  CHECK(story[5].weight == 3);
  CHECK(story[6].date == ymd(2027, 1, 6));

  const auto theirs = team_history(w.events(), replacement);
  REQUIRE(theirs.size() >= 3);
  CHECK(theirs[1].kind == Kind::replaced);
  CHECK(theirs[1].other == "b");
  CHECK(theirs[2].kind == Kind::presented);
  CHECK_FALSE(theirs[2].undone);
  CHECK(team_history(w.events(), "nobody").empty());
}

TEST_CASE("history: the meetings of a week, with their spins and who recorded them", "[history]") {
  Wheel w("quota", 2);
  for (int i = 0; i < 8; ++i) w.add("t" + std::to_string(i));
  w.set_actor("carol");
  w.suggest(2);
  w.suggest(2);  // a second spin: visible to the auditor
  w.accept(w.suggest(2), ymd(2026, 12, 2));        // Wednesday
  w.accept(w.suggest(2), ymd(2026, 12, 6));        // Sunday of the same ISO week
  w.accept(std::vector<std::string>{"t1"}, ymd(2026, 12, 7));  // Monday of the next

  const auto all = meeting_history(w.events());
  REQUIRE(all.size() == 3);
  CHECK(all[0].spins == 3);
  CHECK(all[1].spins == 1);
  CHECK(all[2].spins == 0);
  CHECK(all[0].actor == "carol");
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].meeting == w.history()[i]);

  const auto week = meetings_in_week(w.events(), ymd(2026, 12, 3));
  REQUIRE(week.size() == 2);
  CHECK(week[0].meeting.number == 1);
  CHECK(week[1].meeting.number == 2);
  CHECK(meetings_in_week(w.events(), ymd(2026, 12, 13)).size() == 1);
  CHECK(meetings_in_week(w.events(), ymd(2026, 11, 29)).empty());
  CHECK_THROWS_AS(meetings_in_week(w.events(), Date{std::chrono::year{2026}, std::chrono::month{2}, std::chrono::day{30}}),
                  InvalidArgument);
}

TEST_CASE("history: statistics from the log alone are the wheel's", "[history]") {
  for (const auto& policy : all_policies) {
    CAPTURE(policy);
    Wheel w(policy, 3);
    opswheel_test::Session session(3);
    session.populate(w, 10);
    for (int i = 0; i < 80; ++i) session.step(w);
    CHECK(stats_from_log(w.events()) == w.stats());
    std::size_t kept = 0;
    for (const auto& r : meeting_history(w.events())) kept += !r.undone;
    CHECK(kept == w.history().size());
  }
}

TEST_CASE("history: the agenda of a wheel's meeting takes its accepted or suggested teams", "[history][actions]") {
  Wheel w("rotation", 1);
  for (const char* id : {"a", "b", "c", "d"}) w.add(id);
  const Date first = w.actions().calendar().next_meeting(ymd(2026, 11, 30));
  CHECK(agenda_for(w, first).reviews.empty());  // nothing spun yet
  const Suggestion s = w.suggest(2);
  REQUIRE(w.last_suggestion() == s);
  std::vector<std::string> reviewed;
  for (const auto& r : agenda_for(w, first).reviews) reviewed.push_back(r.team);
  CHECK(reviewed == s.picks);
  w.accept(s, first);
  CHECK_FALSE(w.last_suggestion());  // accepted: no longer current
  const Wheel restored = Wheel::load_state(w.save_state(), w.action_events());
  reviewed.clear();
  for (const auto& r : agenda_for(restored, first).reviews) reviewed.push_back(r.team);
  CHECK(reviewed == s.picks);
  w.suggest(2);
  CHECK(Wheel::load_state(w.save_state(), w.action_events()).last_suggestion() == w.last_suggestion());
}

TEST_CASE("history: action items noted between a spin and its accept keep the spin current and undoable", "[history][actions]") {
  Wheel w("aws", 3);
  for (const char* id : {"a", "b", "c", "d", "e"}) w.add(id);
  const Date first = w.actions().calendar().next_meeting(ymd(2026, 11, 30));
  const Suggestion s = w.suggest(2);
  w.change_actions(ItemCreated{"AI-1", "Alarm on p99", "", "a", first, Date{std::chrono::sys_days{first} + std::chrono::days{14}}, Priority::high,
                               std::nullopt, "", {}});
  w.change_actions(EscalationSet{3});
  REQUIRE(w.last_suggestion() == s);  // noting action items does not change who presents
  CHECK(presenters_for(w, first) == Presenters{s.picks, Presenters::Source::suggestion});
  const auto policy_before = [&] {
    detail::StateWriter out;
    w.policy().save(out);
    return out.bytes();
  }();
  w.accept(s, first);
  w.change_actions(CommentAdded{"AI-1", "dashboards first"});
  REQUIRE(w.can_undo());  // nor does it end the undo window
  w.undo("wrong teams");
  detail::StateWriter after;
  w.policy().save(after);
  CHECK(after.bytes() == policy_before);
  CHECK(w.actions().item("AI-1").history.size() == 2);  // undo leaves the action items alone
  // A roster change does end both.
  const Suggestion again = w.suggest(2);
  w.pause("e");
  CHECK_FALSE(w.last_suggestion());
  CHECK_THROWS_AS(w.accept(again), StaleSuggestion);
  CHECK(presenters_for(w, first).source == Presenters::Source::none);
}

TEST_CASE("history: presenters_for takes the meeting held that day, leaves out removed teams, and a spin only for a meeting still to come", "[history][actions]") {
  Wheel w("rotation", 1);
  for (const char* id : {"a", "b", "c", "d"}) w.add(id);
  const Date first = w.actions().calendar().next_meeting(ymd(2026, 11, 30));
  const Date second = w.actions().calendar().next_meeting(first);
  const Meeting held = w.accept(w.suggest(2), first);
  const Suggestion next = w.suggest(2);
  CHECK(presenters_for(w, first) == Presenters{held.picks, Presenters::Source::accepted});
  CHECK(presenters_for(w, second) == Presenters{next.picks, Presenters::Source::suggestion});
  // An earlier date with no meeting held: the spin is for a later meeting, not that one.
  CHECK(presenters_for(w, w.actions().calendar().next_meeting(ymd(2026, 11, 1))).source == Presenters::Source::none);
  w.remove(held.picks[0]);
  const Presenters after = presenters_for(w, first);
  CHECK(after.teams == std::vector<std::string>{held.picks[1]});
  CHECK(agenda_for(w, first).reviews.size() == 1);  // a valid agenda: no unknown team
}

