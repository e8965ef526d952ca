// SPDX-License-Identifier: Apache-2.0
// Action items: creation, report-back dates, the lifecycle, overdue and escalation over simulated
// weeks, fleet-wide progress, histories with reasons, review records, board queries, and replaying
// the changes into a fresh book.
#include <catch2/catch.hpp>

#include <opswheel/action_book.hpp>
#include <opswheel/board.hpp>

#include <action_helpers.hpp>
#include <wheel_helpers.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <variant>
#include <vector>

using namespace opswheel;
using opswheel_test::by;
using opswheel_test::team_roster;
using opswheel_test::wednesdays;
using opswheel_test::ymd;

namespace {

ItemCreated new_item(std::string owner, Date raised, Date due, std::vector<std::string> targets = {}) {
  ItemCreated c;
  c.title = "Alarm on p99 latency";
  c.owner = std::move(owner);
  c.raised_at = raised;
  c.due = due;
  c.targets = std::move(targets);
  return c;
}

/// A book that keeps every (change, context) it applied, as an event log would.
struct LoggedBook {
  Roster teams = team_roster();
  ActionBook book{wednesdays()};
  std::vector<AppliedChange> log;
  void apply(const ActionChange& change, const ChangeContext& ctx) {
    book.apply(change, ctx, teams);
    log.push_back({change, ctx});
  }
};

}  // namespace

TEST_CASE("actions: a new item, its id, fields, history and report-back meeting", "[actions]") {
  const Roster teams = team_roster();
  ActionBook book(wednesdays());
  ItemCreated c = new_item("s3", ymd(2026, 12, 2), ymd(2026, 12, 11));
  c.description = "p99 alarms fire late";
  c.priority = Priority::high;
  c.review = ReviewRef{ymd(2026, 12, 2), "s3"};
  c.ticket_url = "https://tickets.example.com/OPS-1";
  const ActionItem& a = book.create(c, by("alice"), teams);
  CHECK(a.id == "AI-1");
  CHECK(a.title == c.title);
  CHECK(a.description == c.description);
  CHECK(a.owner == "s3");
  CHECK(a.status == ActionStatus::open);
  CHECK(a.priority == Priority::high);
  CHECK(a.review == c.review);
  CHECK(a.ticket_url == c.ticket_url);
  CHECK_FALSE(a.fleet_wide());
  REQUIRE(a.history.size() == 1);
  c.id = "AI-1";
  CHECK(a.history[0] == AppliedChange{c, by("alice")});
  CHECK(book.report_back(a) == book.calendar().meeting_on_or_after(ymd(2026, 12, 11)));
  CHECK(book.report_back(a) == ymd(2026, 12, 16));
  CHECK(book.create(new_item("iam", ymd(2026, 12, 2), ymd(2026, 12, 2)), by("alice"), teams).id == "AI-2");
  CHECK(book.report_back(book.item("AI-2")) == ymd(2026, 12, 2));  // due on a meeting day
  CHECK(book.raised_in(ReviewRef{ymd(2026, 12, 2), "s3"}) == std::vector<const ActionItem*>{&book.item("AI-1")});
}

TEST_CASE("actions: the report-back follows skipped and moved meetings", "[actions]") {
  const Roster teams = team_roster();
  ActionBook book(wednesdays());
  const ActionItem& a = book.create(new_item("s3", ymd(2026, 12, 2), ymd(2026, 12, 30)), by("alice"), teams);
  CHECK(book.report_back(a) == ymd(2026, 12, 30));
  book.skip_meeting(ymd(2026, 12, 30), "holidays", by("bob"));
  CHECK(book.report_back(book.item("AI-1")) == ymd(2027, 1, 6));
  book.move_meeting(ymd(2027, 1, 6), ymd(2027, 1, 5), "offsite on Wednesday", by("bob"));
  CHECK(book.report_back(book.item("AI-1")) == ymd(2027, 1, 5));
  CHECK(book.calendar_revision() == 2);
  book.apply(MeetingRestored{ymd(2026, 12, 30), "holiday cancelled"}, by("bob"), teams);
  CHECK(book.report_back(book.item("AI-1")) == ymd(2026, 12, 30));
  CHECK(book.item("AI-1").history.size() == 1);  // calendar changes are not the item's
}

TEST_CASE("actions: the status lifecycle", "[actions]") {
  using S = ActionStatus;
  const S all[] = {S::open, S::in_progress, S::done, S::cancelled};
  // Spec: moves among open/in_progress/done are free, cancelling and reopening need a reason,
  // done <-> cancelled and staying put are never allowed.
  auto allowed = [](S from, S to, bool with_reason) {
    if (from == to) return false;
    const bool closed_from = from == S::done || from == S::cancelled, closed_to = to == S::done || to == S::cancelled;
    if (closed_from && closed_to) return false;
    return with_reason || !(to == S::cancelled || closed_from);
  };
  const Roster teams = team_roster();
  for (S from : all)
    for (S to : all)
      for (bool with_reason : {false, true}) {
        CAPTURE(to_string(from), to_string(to), with_reason);
        ActionBook book(wednesdays());
        book.create(new_item("s3", ymd(2026, 12, 2), ymd(2026, 12, 9)), by("alice"), teams);
        if (from != S::open) book.set_status("AI-1", from, "set up", by("alice"));
        const ActionBook before = book;
        const std::string reason = with_reason ? "because" : "";
        if (allowed(from, to, with_reason)) {
          book.set_status("AI-1", to, reason, by("bob", 5));
          CHECK(book.item("AI-1").status == to);
          CHECK(book.item("AI-1").history.back() == AppliedChange{StatusChanged{"AI-1", to, reason}, by("bob", 5)});
        } else {
          CHECK_THROWS_AS(book.set_status("AI-1", to, reason, by("bob", 5)), InvalidTransition);
          CHECK(book == before);
        }
      }
}

TEST_CASE("actions: overdue and escalated over simulated weeks", "[actions]") {
  const Roster teams = team_roster();
  ActionBook book(wednesdays(), default_review_template(), 3);
  book.create(new_item("s3", ymd(2026, 12, 2), ymd(2026, 12, 8)), by("alice"), teams);     // reports back 12-09
  book.create(new_item("iam", ymd(2026, 12, 2), ymd(2026, 12, 16)), by("alice"), teams);   // reports back 12-16
  book.skip_meeting(ymd(2026, 12, 30), "holidays", by("bob"));
  const std::vector<Date> meetings = book.calendar().meetings(ymd(2026, 12, 2), ymd(2027, 2, 28));
  for (const Date& m : meetings) {
    CAPTURE(format_date(m));
    for (const ActionItem& a : book.items()) {
      const Date rb = book.report_back(a);
      // Missed: the meetings held from the report-back on, before today.
      std::size_t expected = 0;
      for (const Date& earlier : meetings) expected += !(earlier < rb) && earlier < m;
      const Standing s = book.standing(a, m);
      CHECK(s.report_back == rb);
      CHECK(s.missed == expected);
      CHECK(s.overdue == (expected >= 1));
      CHECK(s.escalated == (expected >= 3));
    }
    const auto due = due_for_report_back(book, m);
    const auto late = overdue(book, m);
    const auto high = escalated(book, m);
    const BoardCounts counts = board_counts(book, m);
    CHECK(counts.due == due.size());
    CHECK(counts.overdue == late.size());
    CHECK(counts.escalated == high.size());
    for (std::size_t i = 1; i < late.size(); ++i) CHECK(late[i - 1].standing.missed >= late[i].standing.missed);
  }
  // Four meetings after 12-09 (12-16, 12-23, 01-06, 01-13; 12-30 skipped): escalated on 01-13.
  CHECK(book.standing(book.item("AI-1"), ymd(2027, 1, 6)).missed == 3);
  CHECK(book.standing(book.item("AI-1"), ymd(2027, 1, 6)).escalated);
  CHECK_FALSE(book.standing(book.item("AI-2"), ymd(2027, 1, 6)).escalated);
  // Done is never overdue; moving the due date resets the count (and the history says why).
  book.set_status("AI-1", ActionStatus::done, "", by("alice", 60));
  CHECK_FALSE(book.standing(book.item("AI-1"), ymd(2027, 1, 13)).overdue);
  book.move_due("AI-2", ymd(2027, 1, 20), "waiting for the new alarm pipeline", by("carol", 90));
  CHECK(book.standing(book.item("AI-2"), ymd(2027, 1, 13)).missed == 0);
  CHECK(reason_of(book.item("AI-2").history.back().change) == "waiting for the new alarm pipeline");
  CHECK(book.item("AI-2").history.back().context.actor == "carol");
  book.apply(EscalationSet{1}, by("bob"), teams);
  CHECK(book.standing(book.item("AI-2"), ymd(2027, 1, 27)).escalated);
}

TEST_CASE("actions: fleet-wide items report progress per target", "[actions]") {
  const Roster teams = team_roster();
  ActionBook book(wednesdays());
  const std::vector<std::string> fleet = {"ec2-api", "s3", "lambda", "sqs"};
  book.create(new_item("iam", ymd(2026, 12, 2), ymd(2027, 1, 27), fleet), by("alice"), teams);
  CHECK(book.item("AI-1").fleet_wide());
  CHECK(book.item("AI-1").progress() == Progress{0, 4});
  std::size_t done = 0;
  for (const std::string& team : {std::string("s3"), std::string("sqs")}) {
    book.complete_target("AI-1", team, ymd(2026, 12, 10), by(team));
    CHECK(book.item("AI-1").progress() == Progress{++done, fleet.size()});
  }
  CHECK(book.item("AI-1").progress().percent() == 50);
  CHECK(book.item("AI-1").target("s3")->done_on == ymd(2026, 12, 10));
  CHECK_FALSE(book.item("AI-1").target("lambda")->done());
  CHECK_THROWS_AS(book.set_status("AI-1", ActionStatus::done, "", by("alice")), InvalidTransition);
  book.apply(TargetReopened{"AI-1", "sqs", "the setting was reverted"}, by("sqs"), teams);
  CHECK(book.item("AI-1").progress() == Progress{1, 4});
  book.apply(TargetsAdded{"AI-1", {"dynamo"}, ""}, by("alice"), teams);
  book.apply(TargetRemoved{"AI-1", "lambda", "lambda no longer runs the JVM"}, by("alice"), teams);
  CHECK(book.item("AI-1").progress() == Progress{1, 4});
  for (const char* team : {"ec2-api", "sqs", "dynamo"}) book.complete_target("AI-1", team, ymd(2026, 12, 17), by(team));
  CHECK(book.item("AI-1").progress().percent() == 100);
  book.set_status("AI-1", ActionStatus::done, "", by("alice"));
  const BoardCounts counts = board_counts(book, ymd(2026, 12, 23));
  CHECK(counts.done == 1);
  CHECK(counts.fleet_items == 0);  // only active fleet items count towards progress figures
  CHECK(book.item("AI-1").history.size() == 1 + 2 + 1 + 1 + 1 + 3 + 1);
}

TEST_CASE("actions: review template, team profiles and review records", "[actions][review]") {
  const Roster teams = team_roster();
  ActionBook book(wednesdays());
  CHECK(book.review_template() == default_review_template());
  REQUIRE(book.review_template().metrics.size() == 5);
  TeamProfile profile{"s3", {{"replication-lag", "Cross-region replication lag"}}, {{"Requests", "https://dash.example.com/s3"}}};
  book.apply(TeamProfileSet{profile}, by("alice"), teams);
  std::vector<Metric> expected = default_review_template().metrics;
  expected.push_back(profile.metrics[0]);
  CHECK(book.checklist("s3") == expected);
  CHECK(book.checklist("iam") == default_review_template().metrics);

  ReviewRecord r{ymd(2026, 12, 2), "s3", {{"availability", true, "99.995%"}, {"replication-lag", true, "spikes at 02:00"}},
                 "good shape", Monitoring::not_enough, "no alarm on replication lag", "alarm on what customers see", };
  book.record_review(r, by("alice"), teams);
  REQUIRE(book.review(ymd(2026, 12, 2), "s3") != nullptr);
  CHECK(*book.review(ymd(2026, 12, 2), "s3") == r);
  r.outcome = "good shape; one follow-up";
  book.record_review(r, by("alice", 10), teams);
  CHECK(book.reviews().size() == 1);
  CHECK(book.review(ymd(2026, 12, 2), "s3")->outcome == r.outcome);

  // A template change keeps the profile only when they still agree.
  ReviewTemplate t = default_review_template();
  t.metrics.push_back({"capacity", "Headroom"});
  book.apply(TemplateSet{t}, by("alice"), teams);
  CHECK(book.checklist("s3").size() == 7);
  t.metrics.push_back({"replication-lag", ""});
  const ActionBook before = book;
  CHECK_THROWS_AS(book.apply(TemplateSet{t}, by("alice"), teams), InvalidArgument);
  CHECK(book == before);
}

TEST_CASE("actions: board queries by owner and status", "[actions][board]") {
  const Roster teams = team_roster();
  ActionBook book(wednesdays());
  const char* owners[] = {"s3", "iam", "s3", "lambda", "s3"};
  for (const char* o : owners) book.create(new_item(o, ymd(2026, 12, 2), ymd(2026, 12, 9)), by("alice"), teams);
  book.set_status("AI-2", ActionStatus::in_progress, "", by("alice"));
  book.set_status("AI-3", ActionStatus::cancelled, "duplicate of AI-1", by("alice"));
  for (const std::string team : {"s3", "iam", "lambda", "sqs"}) {
    const auto mine = by_owner(book, team);
    CHECK(mine.size() == static_cast<std::size_t>(std::count(std::begin(owners), std::end(owners), team)));
    for (const ActionItem* a : mine) CHECK(a->owner == team);
  }
  CHECK(by_status(book, ActionStatus::open).size() == 3);
  CHECK(by_status(book, ActionStatus::in_progress).front()->id == "AI-2");
  const BoardCounts c = board_counts(book, ymd(2026, 12, 9));
  CHECK(c == BoardCounts{3, 1, 0, 1, 4, 0, 0, 0, 0, 0});
  CHECK(board_counts(book, ymd(2026, 12, 16)).overdue == 4);
}

TEST_CASE("actions: replaying the changes rebuilds the book exactly", "[actions][replay]") {
  LoggedBook live;
  live.apply(TeamProfileSet{{"iam", {{"auth-latency", ""}}, {}}}, by("alice"));
  ItemCreated first = new_item("iam", ymd(2026, 12, 2), ymd(2026, 12, 9));
  first.id = live.book.next_id();  // ids are assigned before the change is logged
  live.apply(first, by("alice"));
  live.apply(ItemCreated{"AI-9", "Roll out the JVM flag", "", "lambda", ymd(2026, 12, 2), ymd(2027, 1, 6), Priority::urgent,
                         std::nullopt, "", {"ec2-api", "s3"}},
             by("alice", 1));
  live.apply(TargetCompleted{"AI-9", "s3", ymd(2026, 12, 4)}, by("s3", 2));
  live.apply(DueMoved{"AI-1", ymd(2026, 12, 16), "vendor fix late"}, by("bob", 3));
  live.apply(MeetingSkipped{ymd(2026, 12, 30), "holidays"}, by("bob", 4));
  live.apply(ReviewRecorded{{ymd(2026, 12, 2), "iam", {{"auth-latency", true, ""}}, "ok", Monitoring::enough, "", ""}}, by("bob", 5));
  live.apply(CommentAdded{"AI-9", "ec2-api starts next week"}, by("lambda", 6));
  live.apply(OwnerChanged{"AI-9", "ec2-api", "ec2-api owns the AMI"}, by("bob", 7));
  live.apply(ItemEdited{"AI-9", "Roll out the JVM flag fleet-wide", "-XX:+ExitOnOutOfMemoryError", Priority::high, "", ""}, by("bob", 8));
  live.apply(EscalationSet{4}, by("bob", 9));

  ActionBook replayed(wednesdays());
  for (const AppliedChange& e : live.log) replayed.apply(e.change, e.context, live.teams);
  CHECK(replayed == live.book);
  CHECK(replayed.item("AI-9").history.size() == 5);
}
