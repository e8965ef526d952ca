// SPDX-License-Identifier: Apache-2.0
//
// One month of the operations review's accountability side: the wheel picks who presents, the
// agenda follows the meeting's time budget, reviews raise action items (one of them fleet-wide),
// owners report back or slip, and the board shows what is overdue and escalated.
//
// Prints the agenda of 2027-01-06 as Markdown and the board's counts; with a file name argument,
// also writes the meetings and action items there as iCalendar (.ics).
#include <opswheel/opswheel.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace std::chrono;
using opswheel::parse_date;

opswheel::ChangeContext by(const char* actor, const char* when) {
  return {actor, sys_days{parse_date(when)} + hours{10}};  // the meeting's morning, as UTC
}

}  // namespace

int main(int argc, char** argv) {
  opswheel::Wheel wheel("quota", /*seed=*/2026);
  for (const char* id : {"ec2-api", "s3-frontend", "sqs-core", "lambda-invoke", "iam-auth", "dynamodb", "route53-dns",
                         "cloudfront-edge", "kinesis", "ebs-volumes", "elb-dataplane", "rds-control"})
    wheel.add(id);

  // Wednesdays 10:00-12:00 Berlin time; no meeting between the holidays.
  opswheel::ActionBook book(opswheel::Calendar({Wednesday, minutes{10 * 60}, minutes{120}, "Europe/Berlin"}));
  book.skip_meeting(parse_date("2026-12-30"), "holidays", by("chair", "2026-12-01"));
  book.apply(opswheel::TeamProfileSet{{"dynamodb", {{"throttles", "Throttled requests by table"}},
                                       {{"Partitions", "https://dashboards.example.com/ddb/partitions"}}}},
             by("chair", "2026-12-01"), wheel.roster());

  // The agenda decides k: as many 15-minute reviews as fit next to the fixed sections.
  const opswheel::AgendaOptions slots;
  const std::size_t k = opswheel::reviews_that_fit(slots, book.calendar().cadence().duration);

  // First meeting: the wheel picks, each review is recorded, and the reviews raise items.
  const opswheel::Date first = book.calendar().meeting_on_or_after(parse_date("2026-12-01"));
  const opswheel::Suggestion picks = wheel.suggest(k);
  wheel.accept(picks, first);
  const auto& teams = wheel.roster();
  for (const std::string& team : picks.picks)
    book.record_review({first, team, {{"availability", true, ""}, {"latency", true, ""}}, "walked the dashboards",
                        opswheel::Monitoring::enough, "", ""},
                       by("chair", "2026-12-02"), teams);
  const std::string& reviewed = picks.picks.front();
  book.create({.title = "Alarm on p99 latency, not the average",
               .owner = reviewed,
               .raised_at = first,
               .due = parse_date("2026-12-11"),
               .priority = opswheel::Priority::high,
               .review = opswheel::ReviewRef{first, reviewed},
               .ticket_url = "https://tickets.example.com/OPS-101"},
              by("chair", "2026-12-02"), teams);
  book.create({.title = "Set -XX:+ExitOnOutOfMemoryError on every JVM service",
               .owner = "lambda-invoke",
               .raised_at = first,
               .due = parse_date("2027-01-06"),
               .targets = {"ec2-api", "sqs-core", "lambda-invoke", "kinesis"}},
              by("chair", "2026-12-02"), teams);

  // A week later: one target is done; the p99 alarm slips once, with a reason.
  book.complete_target("AI-2", "sqs-core", parse_date("2026-12-08"), by("sqs-core", "2026-12-08"));
  book.move_due("AI-1", parse_date("2026-12-18"), "the alarm pipeline migrates first", by("chair", "2026-12-09"));

  // The agenda of 2027-01-06, with the wheel's picks for that day.
  const opswheel::Date meeting = parse_date("2027-01-06");
  const opswheel::Suggestion next = wheel.suggest(k);
  const opswheel::Agenda agenda = opswheel::make_agenda(book, teams, meeting, next.picks, slots);
  std::fputs(opswheel::agenda_markdown(agenda).c_str(), stdout);

  const opswheel::BoardCounts c = opswheel::board_counts(book, meeting);
  std::printf("\nBoard on %s: %zu open, %zu in progress, %zu due, %zu overdue (%zu escalated), fleet targets %zu/%zu done\n",
              opswheel::format_date(meeting).c_str(), c.open, c.in_progress, c.due, c.overdue, c.escalated, c.targets_done,
              c.targets_total);

  if (argc > 1) {
    opswheel::IcsOptions options;
    options.calendar_id = "weekly-ops";
    options.stamp = sys_days{parse_date("2026-12-09")};
    options.from = parse_date("2026-12-01");
    std::ofstream(argv[1], std::ios::binary) << opswheel::to_icalendar(book, options, {agenda});
    std::printf("wrote %s\n", argv[1]);
  }
}
