// SPDX-License-Identifier: Apache-2.0
// Writes an iCalendar export of a book full of awkward text (commas, semicolons, backslashes,
// line breaks, long UTF-8) with meetings in the zone argv[3] from December to November (across
// both daylight-saving changes) to argv[1], and to argv[2] the values the export must carry,
// taken from the book itself, one "UID<TAB>PROPERTY<TAB>value" line each (tabs and line feeds in
// values written as \t and \n). check_ics.py parses the .ics with the icalendar package and compares.
#include <opswheel/opswheel.hpp>

#include <chrono>
#include <fstream>
#include <string>

namespace {

using namespace std::chrono;
using opswheel::parse_date;

std::string tsv(const std::string& text) {
  std::string out;
  for (const char c : text) out += c == '\n' ? std::string("\\n") : c == '\t' ? std::string("\\t") : c == '\\' ? std::string("\\\\") : std::string(1, c);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  opswheel::Roster teams;
  for (const char* id : {"ec2-api", "s3", "lambda", "sqs"}) teams.add({.id = id});
  opswheel::ActionBook book(opswheel::Calendar({Wednesday, minutes{9 * 60 + 30}, minutes{120}, argv[3]}));
  const opswheel::ChangeContext ctx{"chair", sys_days{parse_date("2026-12-02")} + hours{15}};
  book.skip_meeting(parse_date("2026-12-30"), "holidays", ctx);
  book.move_meeting(parse_date("2027-01-13"), parse_date("2027-01-14"), "offsite", ctx);
  std::string long_title = "Überwachung, Alarme; Dashboards \\ ";
  for (int i = 0; i < 8; ++i) long_title += "größer als 75 Oktette — ";
  book.create({.title = long_title, .description = "first line\nsecond, with; punctuation\n\nafter a blank line",
               .owner = "s3", .raised_at = parse_date("2026-12-02"), .due = parse_date("2026-12-10"),
               .priority = opswheel::Priority::urgent, .ticket_url = "https://tickets.example.com/OPS-1?a=1,2;b"},
              ctx, teams);
  book.create({.title = "JVM flag fleet-wide", .owner = "lambda", .raised_at = parse_date("2026-12-02"),
               .due = parse_date("2027-01-06"), .targets = {"ec2-api", "s3", "sqs"}},
              ctx, teams);
  book.complete_target("AI-2", "s3", parse_date("2026-12-04"), ctx);
  book.create({.title = "Done already", .owner = "sqs", .raised_at = parse_date("2026-12-02"), .due = parse_date("2026-12-02")},
              ctx, teams);
  book.set_status("AI-3", opswheel::ActionStatus::done, "", {"sqs", ctx.at + hours{2}});

  const opswheel::Agenda agenda = opswheel::make_agenda(book, teams, parse_date("2027-01-14"), {"s3", "sqs"});
  opswheel::IcsOptions options;
  options.calendar_id = "ops, \"weekly\"";
  options.stamp = sys_days{parse_date("2026-12-09")} + hours{8};
  options.from = parse_date("2026-12-01");
  options.until = parse_date("2027-11-30");
  std::ofstream(argv[1], std::ios::binary) << opswheel::to_icalendar(book, options, {agenda});

  std::ofstream expected(argv[2], std::ios::binary);
  for (const opswheel::ActionItem& item : book.items()) {
    const std::string uid = options.calendar_id + ".item." + item.id + "@opswheel";
    expected << tsv(uid) << "\tSUMMARY\t" << tsv(item.id + " " + item.title) << "\n";
    expected << tsv(uid) << "\tDUE\t" << opswheel::format_date(item.due) << "\n";
    expected << tsv(uid) << "\tSTATUS\t" << std::string(opswheel::to_string(item.status)) << "\n";
    expected << tsv(uid) << "\tPERCENT\t" << (item.fleet_wide() ? std::to_string(item.progress().percent()) : "") << "\n";
    expected << tsv(uid) << "\tURL\t" << item.ticket_url << "\n";
    expected << tsv(uid) << "\tDESCRIPTION-START\t" << tsv(item.description) << "\n";
  }
  const opswheel::Cadence& cadence = book.calendar().cadence();
  expected << tsv(options.calendar_id + ".meetings@opswheel") << "\tMEETINGS\t" << cadence.start.count() << " "
           << cadence.duration.count() << " " << book.calendar().skipped().size() << " " << book.calendar().moves().size() << " "
           << opswheel::format_date(*options.until) << "\n";
  return 0;
}
