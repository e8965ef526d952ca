// SPDX-License-Identifier: Apache-2.0
// Every bad change to an ActionBook throws its documented exception with a message naming the
// problem, and the book compares equal to its copy from before the call (strong guarantee).
#include <catch2/catch.hpp>

#include <opswheel/action_book.hpp>

#include <action_helpers.hpp>
#include <wheel_helpers.hpp>

#include <string>
#include <vector>

using namespace opswheel;
using opswheel_test::by;
using opswheel_test::team_roster;
using opswheel_test::wednesdays;
using opswheel_test::ymd;

namespace {

const Date kRaised = ymd(2026, 12, 2);

ItemCreated valid_item(std::string id) {
  return ItemCreated{std::move(id), "Alarm on p99", "", "s3", kRaised, ymd(2026, 12, 16), Priority::normal, std::nullopt, "", {}};
}

/// AI-1 open (owner s3), AI-2 fleet-wide over ec2-api and lambda with ec2-api done, AI-3 done;
/// a review of s3 recorded at 2026-12-02.
ActionBook fixture(const Roster& teams) {
  ActionBook book(wednesdays());
  book.apply(valid_item("AI-1"), by("alice"), teams);
  ItemCreated fleet = valid_item("AI-2");
  fleet.targets = {"ec2-api", "lambda"};
  book.apply(fleet, by("alice"), teams);
  book.complete_target("AI-2", "ec2-api", ymd(2026, 12, 3), by("ec2-api"));
  book.apply(valid_item("AI-3"), by("alice"), teams);
  book.set_status("AI-3", ActionStatus::done, "", by("alice"));
  book.record_review({kRaised, "s3", {}, "", Monitoring::enough, "", ""}, by("alice"), teams);
  return book;
}

}  // namespace

TEST_CASE("bad input: creating an item", "[actions][bad-input]") {
  const Roster teams = team_roster();
  ActionBook book = fixture(teams);
  const auto bad = ErrorCode::invalid_argument;
  auto create = [&](auto edit) {
    ItemCreated c = valid_item("AI-10");
    edit(c);
    book.apply(c, by("alice"), teams);
  };
  REQUIRE_REFUSED(book, InvalidArgument, bad, create([](ItemCreated& c) { c.title = ""; }), "missing title");
  REQUIRE_REFUSED(book, InvalidArgument, bad, create([](ItemCreated& c) { c.title = "  \t"; }), "missing title");
  REQUIRE_REFUSED(book, InvalidArgument, bad, create([](ItemCreated& c) { c.title = "two\nlines"; }), "title", "control character");
  REQUIRE_REFUSED(book, InvalidArgument, bad, create([](ItemCreated& c) { c.description = "\xff\xfe"; }), "description", "UTF-8");
  REQUIRE_REFUSED(book, InvalidId, ErrorCode::invalid_id, create([](ItemCreated& c) { c.owner = ""; }), "the id is empty");
  REQUIRE_REFUSED(book, UnknownId, ErrorCode::unknown_id, create([](ItemCreated& c) { c.owner = "route53"; }), "'route53'", "not on the roster");
  REQUIRE_REFUSED(book, InvalidArgument, bad, create([](ItemCreated& c) { c.due = ymd(2026, 12, 1); }),
                  "due date 2026-12-01", "before 2026-12-02");
  REQUIRE_REFUSED(book, InvalidArgument, bad,
                  create([](ItemCreated& c) { c.due = Date{std::chrono::year{2027}, std::chrono::month{2}, std::chrono::day{29}}; }),
                  "invalid date 2027-2-29");
  REQUIRE_REFUSED(book, InvalidArgument, bad, create([](ItemCreated& c) { c.raised_at = ymd(2026, 12, 3); }),
                  "no meeting on 2026-12-03");
  REQUIRE_REFUSED(book, InvalidId, ErrorCode::invalid_id, create([](ItemCreated& c) { c.id = ""; }), "the id is empty");
  REQUIRE_REFUSED(book, DuplicateItem, ErrorCode::duplicate_id, create([](ItemCreated& c) { c.id = "AI-1"; }), "'AI-1'", "already in the book");
  REQUIRE_REFUSED(book, InvalidArgument, bad, create([](ItemCreated& c) { c.targets = {"s3", "iam", "s3"}; }), "duplicate target 's3'");
  REQUIRE_REFUSED(book, UnknownId, ErrorCode::unknown_id, create([](ItemCreated& c) { c.targets = {"s3", "nope"}; }), "'nope'");
  REQUIRE_REFUSED(book, InvalidArgument, bad, create([](ItemCreated& c) { c.ticket_url = "ftp://x"; }), "invalid url");
  REQUIRE_REFUSED(book, UnknownId, ErrorCode::unknown_id,
                  create([](ItemCreated& c) { c.review = ReviewRef{kRaised, "ghost"}; }), "'ghost'");
  REQUIRE_REFUSED(book, InvalidArgument, bad, create([](ItemCreated& c) { c.priority = static_cast<Priority>(7); }), "invalid priority 7");
  REQUIRE_REFUSED(book, InvalidArgument, bad, book.apply(valid_item("AI-10"), ChangeContext{"", {}}, teams), "missing actor");
  REQUIRE_REFUSED(book, InvalidArgument, bad, book.apply(valid_item("AI-10"), ChangeContext{"a\nb", {}}, teams), "actor");
}

TEST_CASE("bad input: changing items", "[actions][bad-input]") {
  const Roster teams = team_roster();
  ActionBook book = fixture(teams);
  const auto bad = ErrorCode::invalid_argument;
  const auto transition = ErrorCode::invalid_transition;
  auto apply = [&](const ActionChange& c) { book.apply(c, by("bob"), teams); };

  SECTION("unknown item ids") {
    REQUIRE_REFUSED(book, UnknownItem, ErrorCode::unknown_item, book.move_due("AI-99", ymd(2027, 1, 6), "x", by("bob")), "'AI-99'");
    REQUIRE_REFUSED(book, UnknownItem, ErrorCode::unknown_item, book.set_status("", ActionStatus::done, "", by("bob")), "''");
    REQUIRE_REFUSED(book, UnknownItem, ErrorCode::unknown_item, book.comment("ai-1", "x", by("bob")), "'ai-1'");
    REQUIRE_REFUSED(book, UnknownItem, ErrorCode::unknown_item, apply(OwnerChanged{"AI-99", "iam", "x"}), "'AI-99'");
  }
  SECTION("due dates") {
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.move_due("AI-1", ymd(2027, 1, 6), "", by("bob")), "missing reason", "moving a due date");
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.move_due("AI-1", ymd(2026, 11, 30), "x", by("bob")), "before 2026-12-02");
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.move_due("AI-1", ymd(2026, 12, 16), "x", by("bob")), "already due on 2026-12-16");
    // The last Wednesday before the year 10000 is 9999-12-29: a later due date has no report-back.
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.move_due("AI-1", ymd(9999, 12, 30), "x", by("bob")),
                    "due date 9999-12-30 for 'AI-1'", "before the year 10000");
  }
  SECTION("a due date with no meeting to report back at") {
    ItemCreated late = valid_item("AI-10");
    late.due = ymd(9999, 12, 31);
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.apply(late, by("bob"), teams), "due date 9999-12-31 for 'AI-10'",
                    "no meeting on or after 9999-12-31");
    late.due = ymd(9999, 12, 29);
    book.apply(late, by("bob"), teams);
    // Cancelling that meeting would leave AI-10 without one.
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.skip_meeting(ymd(9999, 12, 29), "holiday", by("bob")), "'AI-10'",
                    "before the year 10000");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(MeetingMoved{ymd(9999, 12, 29), ymd(9999, 12, 27), "earlier"}), "'AI-10'");
  }
  SECTION("status transitions") {
    REQUIRE_REFUSED(book, InvalidTransition, transition, book.set_status("AI-3", ActionStatus::open, "", by("bob")),
                    "done -> open", "reopening an item needs a reason");
    REQUIRE_REFUSED(book, InvalidTransition, transition, book.set_status("AI-3", ActionStatus::cancelled, "x", by("bob")),
                    "done -> cancelled", "reopen the item first");
    REQUIRE_REFUSED(book, InvalidTransition, transition, book.set_status("AI-1", ActionStatus::cancelled, " ", by("bob")),
                    "cancelling an item needs a reason");
    REQUIRE_REFUSED(book, InvalidTransition, transition, book.set_status("AI-1", ActionStatus::open, "", by("bob")), "already open");
    REQUIRE_REFUSED(book, InvalidTransition, transition, book.set_status("AI-2", ActionStatus::done, "", by("bob")),
                    "1 of 2 targets are not done");
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.set_status("AI-1", static_cast<ActionStatus>(9), "", by("bob")), "invalid status 9");
  }
  SECTION("owners and edits") {
    REQUIRE_REFUSED(book, UnknownId, ErrorCode::unknown_id, apply(OwnerChanged{"AI-1", "ghost", "x"}), "'ghost'");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(OwnerChanged{"AI-1", "iam", ""}), "missing reason", "a new owner");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(OwnerChanged{"AI-1", "s3", "x"}), "already owned by 's3'");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(ItemEdited{"AI-1", "", "", Priority::low, "", ""}), "missing title");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(ItemEdited{"AI-1", "t", "", Priority::low, "mailto:x", ""}), "invalid url");
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.comment("AI-1", "\n", by("bob")), "missing comment");
  }
  SECTION("fleet targets") {
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TargetsAdded{"AI-2", {"lambda"}, ""}), "duplicate target 'lambda'");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TargetsAdded{"AI-2", {"iam", "iam"}, ""}), "duplicate target 'iam'");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TargetsAdded{"AI-2", {}, ""}), "no targets");
    REQUIRE_REFUSED(book, UnknownId, ErrorCode::unknown_id, apply(TargetsAdded{"AI-2", {"ghost"}, ""}), "'ghost'");
    REQUIRE_REFUSED(book, InvalidTransition, transition, apply(TargetsAdded{"AI-3", {"iam"}, ""}), "it is done", "reopen it first");
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.complete_target("AI-2", "s3", ymd(2026, 12, 4), by("bob")), "'s3' is not a target");
    REQUIRE_REFUSED(book, InvalidArgument, bad, book.complete_target("AI-2", "ec2-api", ymd(2026, 12, 4), by("bob")),
                    "already done (2026-12-03)");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TargetReopened{"AI-2", "lambda", "x"}), "is not done");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TargetReopened{"AI-2", "ec2-api", ""}), "missing reason");
    REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TargetRemoved{"AI-2", "lambda", ""}), "missing reason", "removing a target");
  }
}

TEST_CASE("bad input: calendar, reviews and settings", "[actions][bad-input]") {
  const Roster teams = team_roster();
  ActionBook book = fixture(teams);
  const auto bad = ErrorCode::invalid_argument;
  auto apply = [&](const ActionChange& c) { book.apply(c, by("bob"), teams); };

  REQUIRE_REFUSED(book, InvalidArgument, bad, book.skip_meeting(ymd(2026, 12, 2), "x", by("bob")), "3 action item(s) were raised at it");
  REQUIRE_REFUSED(book, InvalidArgument, bad, book.move_meeting(ymd(2026, 12, 2), ymd(2026, 12, 1), "x", by("bob")), "raised at it");
  REQUIRE_REFUSED(book, InvalidArgument, bad, book.skip_meeting(ymd(2026, 12, 9), "", by("bob")), "missing reason");
  REQUIRE_REFUSED(book, InvalidArgument, bad, book.skip_meeting(ymd(2026, 12, 10), "x", by("bob")), "no meeting on 2026-12-10");
  REQUIRE_REFUSED(book, InvalidArgument, bad, book.move_meeting(ymd(2026, 12, 9), ymd(2026, 12, 16), "x", by("bob")), "already takes place");
  REQUIRE_REFUSED(book, InvalidArgument, bad, apply(MeetingRestored{ymd(2026, 12, 9), ""}), "no meeting was skipped");

  REQUIRE_REFUSED(book, UnknownId, ErrorCode::unknown_id, apply(TeamProfileSet{{"ghost", {}, {}}}), "'ghost'");
  REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TeamProfileSet{{"s3", {{"latency", ""}}, {}}}), "duplicate metric 'latency'");
  REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TeamProfileSet{{"s3", {{"x", ""}, {"x", ""}}, {}}}), "duplicate metric 'x'");
  REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TeamProfileSet{{"s3", {}, {{"Main", "dash/s3"}}}}), "invalid url");
  REQUIRE_REFUSED(book, InvalidArgument, bad, apply(TeamProfileSet{{"s3", {}, {{"", "https://d/s3"}}}}), "dashboard title");
  REQUIRE_REFUSED(book, InvalidId, ErrorCode::invalid_id, apply(TemplateSet{{{{"", "no id"}}}}), "the id is empty");

  const ReviewRecord ok{kRaised, "iam", {{"latency", true, ""}}, "", Monitoring::enough, "", ""};
  auto review = [&](auto edit) {
    ReviewRecord r = ok;
    edit(r);
    book.record_review(r, by("bob"), teams);
  };
  REQUIRE_REFUSED(book, InvalidArgument, bad, review([](ReviewRecord& r) { r.meeting = ymd(2026, 12, 3); }), "no meeting on 2026-12-03");
  REQUIRE_REFUSED(book, UnknownId, ErrorCode::unknown_id, review([](ReviewRecord& r) { r.team = "ghost"; }), "'ghost'");
  REQUIRE_REFUSED(book, InvalidArgument, bad, review([](ReviewRecord& r) { r.checklist.push_back({"replication-lag", true, ""}); }),
                  "unknown metric 'replication-lag'");
  REQUIRE_REFUSED(book, InvalidArgument, bad, review([](ReviewRecord& r) { r.checklist.push_back({"latency", false, ""}); }),
                  "'latency' appears twice");
  REQUIRE_REFUSED(book, InvalidArgument, bad, review([](ReviewRecord& r) { r.monitoring = static_cast<Monitoring>(5); }),
                  "invalid monitoring answer 5");
  REQUIRE_REFUSED(book, InvalidArgument, bad, review([](ReviewRecord& r) { r.lessons = "\x01"; }), "lessons learned");

  REQUIRE_REFUSED(book, InvalidArgument, bad, apply(EscalationSet{0}), "escalation threshold 0");
  opswheel_test::require_throws_with<InvalidArgument>([] { ActionBook(wednesdays(), default_review_template(), 0); }, bad, {"threshold 0"});
  ReviewTemplate twice = default_review_template();
  twice.metrics.push_back(twice.metrics.front());
  opswheel_test::require_throws_with<InvalidArgument>([&] { ActionBook(wednesdays(), twice); }, bad, {"duplicate metric 'availability'"});
}
