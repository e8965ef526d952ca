// SPDX-License-Identifier: Apache-2.0
// The agenda's arithmetic and contents, its Markdown, and the iCalendar export checked line by
// line against RFC 5545's rules (CRLF, 75-octet folding on character boundaries, escaping,
// BEGIN/END balance, required properties, stable UIDs).
#include <catch2/catch.hpp>

#include <opswheel/action_book.hpp>
#include <opswheel/agenda.hpp>
#include <opswheel/detail/ical_text.hpp>
#include <opswheel/detail/markdown_text.hpp>
#include <opswheel/ical.hpp>
#include <opswheel/markdown.hpp>

#include <action_helpers.hpp>
#include <wheel_helpers.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace opswheel;
using opswheel_test::by;
using opswheel_test::team_roster;
using opswheel_test::wednesdays;
using opswheel_test::ymd;
using std::chrono::minutes;

namespace {

const Date kMeeting = ymd(2026, 12, 16);

/// Items due at, and overdue by, 2026-12-16; a fleet item; a profile with dashboards for iam.
ActionBook sample_book(const Roster& teams) {
  ActionBook book(wednesdays());
  auto add = [&](const char* id, const char* title, const char* owner, Date due, std::vector<std::string> targets = {}) {
    book.apply(ItemCreated{id, title, "", owner, ymd(2026, 12, 2), due, Priority::high, std::nullopt, "", std::move(targets)},
               by("alice"), teams);
  };
  add("AI-1", "Alarm on p99 | latency *now*", "s3", ymd(2026, 12, 16));
  add("AI-2", "Runbook for failover", "iam", ymd(2026, 12, 3));  // reported back 12-09: overdue on 12-16
  add("AI-3", "JVM flag fleet-wide", "lambda", ymd(2026, 12, 14), {"ec2-api", "s3", "sqs"});
  book.complete_target("AI-3", "s3", ymd(2026, 12, 10), by("s3"));
  book.apply(TeamProfileSet{{"iam", {{"token-errors", "Token validation errors"}}, {{"Auth", "https://dash.example.com/auth"}}}},
             by("alice"), teams);
  return book;
}

struct Component {
  std::string name;
  std::vector<std::string> lines;  // unfolded content lines
};

/// Checks the physical form (CRLF, <= 75 octets, folds between characters), unfolds, checks
/// BEGIN/END nesting, and returns the components in order (nested ones after their parent).
std::vector<Component> parse_ics(const std::string& text) {
  REQUIRE(text.size() >= 2);
  REQUIRE(text.substr(text.size() - 2) == "\r\n");
  std::vector<std::string> logical;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find("\r\n", pos);
    REQUIRE(end != std::string::npos);
    const std::string physical = text.substr(pos, end - pos);
    CHECK(physical.size() <= 75);
    CHECK(physical.find('\n') == std::string::npos);
    CHECK(physical.find('\r') == std::string::npos);
    CHECK(detail::is_valid_utf8(physical));  // a fold never cuts a character
    if (!physical.empty() && physical[0] == ' ') {
      REQUIRE(!logical.empty());
      logical.back() += physical.substr(1);
    } else {
      logical.push_back(physical);
    }
    pos = end + 2;
  }
  std::vector<Component> out;
  std::vector<std::size_t> open;
  for (const std::string& line : logical) {
    if (line.rfind("BEGIN:", 0) == 0) {
      open.push_back(out.size());
      out.push_back({line.substr(6), {}});
    } else if (line.rfind("END:", 0) == 0) {
      REQUIRE(!open.empty());
      CHECK(out[open.back()].name == line.substr(4));
      open.pop_back();
    } else {
      REQUIRE(!open.empty());
      out[open.back()].lines.push_back(line);
    }
  }
  CHECK(open.empty());
  return out;
}

/// The values of property `name` (parameters ignored).
std::vector<std::string> props(const Component& c, const std::string& name) {
  std::vector<std::string> out;
  for (const std::string& line : c.lines) {
    const std::size_t colon = line.find(':');
    const std::string head = line.substr(0, colon);
    if (head == name || head.rfind(name + ";", 0) == 0) out.push_back(line.substr(colon + 1));
  }
  return out;
}

/// RFC 5545 §3.3.11 TEXT, decoded.
std::string unescape(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      out += v[i];
      continue;
    }
    REQUIRE(i + 1 < v.size());
    const char c = v[++i];
    REQUIRE(std::string("\\;,nN").find(c) != std::string::npos);
    out += (c == 'n' || c == 'N') ? '\n' : c;
  }
  return out;
}

}  // namespace

TEST_CASE("agenda: time boxes, overflow and how many reviews fit", "[agenda]") {
  const Roster teams = team_roster();
  const ActionBook book = sample_book(teams);
  const std::vector<std::string> all = {"ec2-api", "s3", "lambda", "sqs", "dynamo", "iam"};
  for (const AgendaOptions& o : {AgendaOptions{}, AgendaOptions{minutes{10}, minutes{0}, minutes{20}, minutes{15}, minutes{20}, minutes{0}}}) {
    const minutes fixed = o.successes + o.org_projects + o.operational_events + o.action_items + o.announcements;
    std::size_t fit = 0;
    while (fixed + o.review * static_cast<int>(fit + 1) <= minutes{120}) ++fit;
    for (std::size_t k = 0; k <= all.size(); ++k) {
      CAPTURE(k);
      const std::vector<std::string> presenting(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k));
      const Agenda a = make_agenda(book, teams, kMeeting, presenting, o);
      CHECK(a.reviews_that_fit == fit);
      CHECK(a.reviews_that_fit == reviews_that_fit(o, minutes{120}));
      CHECK(a.planned == fixed + o.review * static_cast<int>(k));
      CHECK(a.overflow == std::max(minutes{0}, a.planned - minutes{120}));
      minutes at{0};
      std::size_t reviews = 0;
      for (const AgendaSection& s : a.sections) {
        CHECK(s.start == at);
        CHECK(s.length > minutes{0});
        CHECK(s.overflows == (s.start + s.length > a.duration));
        at += s.length;
        if (s.part == AgendaPart::service_review) CHECK(s.team == presenting[reviews++]);
      }
      CHECK(at == a.planned);
      CHECK(reviews == k);
      CHECK((a.overflow > minutes{0}) == (k > fit));
    }
  }
  CHECK(reviews_that_fit(AgendaOptions{}, minutes{25}) == 0);
  CHECK(reviews_that_fit(AgendaOptions{}, minutes{45}) == 1);
}

TEST_CASE("agenda: reviews carry dashboards and checklists — items due and overdue", "[agenda]") {
  const Roster teams = team_roster();
  const ActionBook book = sample_book(teams);
  const Agenda a = make_agenda(book, teams, kMeeting, {"iam", "s3"});
  CHECK(a.date == kMeeting);
  CHECK(a.start == minutes{600});
  CHECK(a.time_zone == "Europe/Berlin");
  REQUIRE(a.reviews.size() == 2);
  CHECK(a.reviews[0].name == "IAM");
  CHECK(a.reviews[0].dashboards == std::vector<DashboardLink>{{"Dashboard", "https://dash.example.com/iam"},
                                                              {"Auth", "https://dash.example.com/auth"}});
  CHECK(a.reviews[0].checklist == book.checklist("iam"));
  CHECK(a.reviews[1].dashboards.empty());
  CHECK(a.reviews[1].checklist == default_review_template().metrics);

  std::vector<std::string> due, late;
  for (const auto& e : due_for_report_back(book, kMeeting)) due.push_back(e.item->id);
  for (const auto& e : overdue(book, kMeeting)) late.push_back(e.item->id);
  CHECK(due == std::vector<std::string>{"AI-1", "AI-3"});
  CHECK(late == std::vector<std::string>{"AI-2"});
  std::vector<std::string> shown_due, shown_late;
  for (const AgendaItem& i : a.due) shown_due.push_back(i.id);
  for (const AgendaItem& i : a.overdue) shown_late.push_back(i.id);
  CHECK(shown_due == due);
  CHECK(shown_late == late);
  CHECK(a.due[1].progress == Progress{1, 3});
  CHECK(a.overdue[0].standing.missed == 1);
}

TEST_CASE("agenda: bad input", "[agenda][bad-input]") {
  const Roster teams = team_roster();
  const ActionBook book = sample_book(teams);
  const auto bad = ErrorCode::invalid_argument;
  using opswheel_test::require_throws_with;
  require_throws_with<InvalidArgument>([&] { make_agenda(book, teams, ymd(2026, 12, 17), {}); }, bad, {"no meeting on 2026-12-17"});
  require_throws_with<UnknownId>([&] { make_agenda(book, teams, kMeeting, {"s3", "ghost"}); }, ErrorCode::unknown_id, {"'ghost'"});
  require_throws_with<InvalidArgument>([&] { make_agenda(book, teams, kMeeting, {"s3", "iam", "s3"}); }, bad, {"'s3' is listed twice"});
  AgendaOptions o;
  o.review = minutes{0};
  require_throws_with<InvalidArgument>([&] { make_agenda(book, teams, kMeeting, {}, o); }, bad, {"review slot"});
  o = AgendaOptions{};
  o.announcements = minutes{-5};
  require_throws_with<InvalidArgument>([&] { reviews_that_fit(o, minutes{120}); }, bad, {"negative (-5 min)"});
}

TEST_CASE("markdown: the agenda as a document", "[agenda][markdown]") {
  const Roster teams = team_roster();
  const ActionBook book = sample_book(teams);
  for (std::size_t k : {2u, 7u}) {
    std::vector<std::string> presenting = {"ec2-api", "s3", "lambda", "sqs", "dynamo", "iam"};
    presenting.resize(std::min<std::size_t>(k, presenting.size()));
    AgendaOptions o;
    if (k == 7) o.review = minutes{20};
    const Agenda a = make_agenda(book, teams, kMeeting, presenting, o);
    const std::string md = agenda_markdown(a);
    CAPTURE(md);
    CHECK(md.rfind("# Operations review — 2026-12-16\n", 0) == 0);
    for (const AgendaSection& s : a.sections) {
      const std::string row = "| " + format_time_of_day(a.start + s.start) + "–" + format_time_of_day(a.start + s.start + s.length) +
                              " | " + detail::md_text(s.title) + (s.overflows ? " (overflows)" : "") + " | " +
                              std::to_string(s.length.count()) + " |\n";
      CHECK(md.find(row) != std::string::npos);
    }
    CHECK((md.find("**Overflow:**") != std::string::npos) == (a.overflow.count() > 0));
    for (const AgendaReview& r : a.reviews) {
      const std::string heading = r.name == r.team ? r.team : r.name + " (" + r.team + ")";
      CHECK(md.find("### " + detail::md_text(heading) + "\n") != std::string::npos);
      for (const Metric& m : r.checklist) CHECK(md.find("- [ ] " + detail::md_text(m.id)) != std::string::npos);
    }
    // Markdown punctuation in a title is escaped, so the table keeps its columns.
    CHECK(md.find("Alarm on p99 \\| latency \\*now\\*") != std::string::npos);
    CHECK((md.find("[Auth](<https://dash.example.com/auth>)") != std::string::npos || presenting.size() < 6));
  }
  CHECK(detail::md_text("a|b*c_d\ne") == "a\\|b\\*c\\_d e");
}

TEST_CASE("ical: text escaping and folding", "[ical]") {
  CHECK(detail::ics_text("a,b;c\\d\ne\r\n") == "a\\,b\\;c\\\\d\\ne\\n");
  std::string out;
  std::string long_line = "DESCRIPTION:";
  for (int i = 0; i < 60; ++i) long_line += "ü€";  // 2- and 3-octet characters
  detail::ics_line(out, long_line);
  const std::vector<Component> parsed = parse_ics("BEGIN:X\r\n" + out + "END:X\r\n");
  REQUIRE(parsed.size() == 1);
  CHECK(parsed[0].lines == std::vector<std::string>{long_line});
  CHECK(detail::ics_utc(std::chrono::sys_days{ymd(2026, 12, 2)} + std::chrono::seconds{3600 * 13 + 62}) == "20261202T130102Z");
  CHECK(detail::ics_local(ymd(2026, 12, 31), minutes{23 * 60 + 90}) == "20270101T003000");
}

TEST_CASE("ical: meetings and action items", "[ical]") {
  const Roster teams = team_roster();
  ActionBook book = sample_book(teams);
  book.skip_meeting(ymd(2026, 12, 30), "holidays", by("bob"));
  book.move_meeting(ymd(2027, 1, 13), ymd(2027, 1, 12), "offsite", by("bob"));
  book.apply(ItemCreated{"AI-4", "Fix, then; check \\ twice", "line one\nline two", "sqs", ymd(2026, 12, 9), ymd(2027, 1, 8),
                         Priority::urgent, ReviewRef{ymd(2026, 12, 9), "sqs"}, "https://tickets.example.com/OPS-4?a=1,2", {}},
             by("alice"), teams);
  book.set_status("AI-1", ActionStatus::done, "", by("alice", 600));
  const std::vector<Agenda> agendas = {make_agenda(book, teams, kMeeting, {"iam", "s3"}),
                                       make_agenda(book, teams, ymd(2027, 1, 12), {"sqs"})};
  IcsOptions options;
  options.calendar_id = "weekly-ops";
  options.stamp = std::chrono::sys_days{ymd(2026, 12, 10)};
  options.from = ymd(2026, 12, 1);
  options.until = ymd(2027, 3, 31);
  const std::string ics = to_icalendar(book, options, agendas);
  const std::vector<Component> parsed = parse_ics(ics);

  REQUIRE(parsed.front().name == "VCALENDAR");
  CHECK(props(parsed.front(), "VERSION") == std::vector<std::string>{"2.0"});
  CHECK(props(parsed.front(), "PRODID").size() == 1);
  CHECK(props(parsed.front(), "X-WR-TIMEZONE") == std::vector<std::string>{"Europe/Berlin"});
  std::vector<const Component*> events, todos;
  for (const Component& c : parsed) {
    if (c.name == "VEVENT") events.push_back(&c);
    if (c.name == "VTODO") todos.push_back(&c);
    if (c.name == "VEVENT" || c.name == "VTODO") {
      CHECK(props(c, "UID").size() == 1);
      CHECK(props(c, "DTSTAMP") == std::vector<std::string>{"20261210T000000Z"});
    }
  }
  // The series, one override for the move and one for the agenda of 12-16 (the moved meeting's
  // agenda shares its override).
  REQUIRE(events.size() == 1 + book.calendar().moves().size() + 1);
  const Component& series = *events.front();
  CHECK(props(series, "DTSTART") == std::vector<std::string>{"20261202T100000"});
  CHECK(props(series, "DURATION") == std::vector<std::string>{"PT120M"});
  // Local times in the meeting's zone, which the calendar defines; UNTIL in UTC (23:59 CEST).
  CHECK_THAT(ics, Catch::Matchers::Contains("\r\nDTSTART;TZID=Europe/Berlin:20261202T100000\r\n"));
  CHECK_THAT(ics, Catch::Matchers::Contains("\r\nEXDATE;TZID=Europe/Berlin:20261230T100000\r\n"));
  CHECK_THAT(ics, Catch::Matchers::Contains("\r\nRECURRENCE-ID;TZID=Europe/Berlin:20270113T100000\r\n"));
  CHECK(std::count_if(parsed.begin(), parsed.end(), [](const Component& c) { return c.name == "VTIMEZONE"; }) == 1);
  CHECK(props(series, "RRULE") == std::vector<std::string>{"FREQ=WEEKLY;BYDAY=WE;UNTIL=20270331T215900Z"});
  CHECK(props(series, "EXDATE") == std::vector<std::string>{"20261230T100000"});
  CHECK(props(series, "SEQUENCE") == std::vector<std::string>{std::to_string(book.calendar_revision())});
  std::map<std::string, std::string> held_by_recurrence;
  for (std::size_t i = 1; i < events.size(); ++i) {
    CHECK(props(*events[i], "UID") == props(series, "UID"));
    held_by_recurrence[props(*events[i], "RECURRENCE-ID").at(0)] = props(*events[i], "DTSTART").at(0);
    REQUIRE(props(*events[i], "DESCRIPTION").size() == 1);
  }
  CHECK(held_by_recurrence == std::map<std::string, std::string>{{"20261216T100000", "20261216T100000"},
                                                                 {"20270113T100000", "20270112T100000"}});
  const std::string agenda_desc = unescape(props(*events[1], "DESCRIPTION").at(0));
  CHECK(agenda_desc.find("\nIAM (iam)\n  Dashboard: https://dash.example.com/iam\n") != std::string::npos);
  CHECK(agenda_desc.find("\ns3\n") != std::string::npos);

  REQUIRE(todos.size() == book.items().size());
  std::set<std::string> uids;
  for (std::size_t i = 0; i < todos.size(); ++i) {
    const ActionItem& item = book.items()[i];
    const Component& t = *todos[i];
    CAPTURE(item.id);
    uids.insert(props(t, "UID").at(0));
    CHECK(unescape(props(t, "UID").at(0)) == "weekly-ops.item." + item.id + "@opswheel");
    CHECK(unescape(props(t, "SUMMARY").at(0)) == item.id + " " + item.title);
    CHECK(props(t, "DUE") == std::vector<std::string>{detail::ics_date(item.due)});
    CHECK(props(t, "SEQUENCE") == std::vector<std::string>{std::to_string(item.history.size() - 1)});
    const std::string description = unescape(props(t, "DESCRIPTION").at(0));
    CHECK(description.rfind(item.description, 0) == 0);
    CHECK(description.find("Report-back: " + format_date(book.report_back(item))) != std::string::npos);
    CHECK(props(t, "PERCENT-COMPLETE").size() == (item.fleet_wide() ? 1u : 0u));
  }
  CHECK(uids.size() == todos.size());
  CHECK(props(*todos[0], "STATUS") == std::vector<std::string>{"COMPLETED"});
  CHECK(props(*todos[0], "COMPLETED") == std::vector<std::string>{"20261202T200000Z"});
  CHECK(props(*todos[1], "STATUS") == std::vector<std::string>{"NEEDS-ACTION"});
  CHECK(props(*todos[2], "PERCENT-COMPLETE") == std::vector<std::string>{"33"});
  CHECK(props(*todos[3], "PRIORITY") == std::vector<std::string>{"1"});
  CHECK(props(*todos[3], "URL") == std::vector<std::string>{book.item("AI-4").ticket_url});

  // Re-export after a change: same UIDs, higher SEQUENCE.
  book.move_due("AI-2", ymd(2027, 1, 20), "waiting on a vendor", by("carol"));
  const std::vector<Component> again = parse_ics(to_icalendar(book, options, agendas));
  std::vector<const Component*> todos2;
  for (const Component& c : again)
    if (c.name == "VTODO") todos2.push_back(&c);
  REQUIRE(todos2.size() == todos.size());
  for (std::size_t i = 0; i < todos.size(); ++i) CHECK(props(*todos2[i], "UID") == props(*todos[i], "UID"));
  CHECK(std::stoi(props(*todos2[1], "SEQUENCE").at(0)) == std::stoi(props(*todos[1], "SEQUENCE").at(0)) + 1);
}

TEST_CASE("ical: bad input", "[ical][bad-input]") {
  const Roster teams = team_roster();
  const ActionBook book = sample_book(teams);
  const auto bad = ErrorCode::invalid_argument;
  using opswheel_test::require_throws_with;
  IcsOptions o;
  o.from = ymd(2026, 12, 1);
  o.until = ymd(2026, 11, 1);
  require_throws_with<InvalidArgument>([&] { to_icalendar(book, o); }, bad, {"until 2026-11-01 is before the first meeting 2026-12-02"});
  o.until.reset();
  o.calendar_id = "";
  require_throws_with<InvalidId>([&] { to_icalendar(book, o); }, ErrorCode::invalid_id, {"the id is empty"});
  o.calendar_id = "ops";
  o.from = ymd(2027, 1, 1);
  const Agenda early = make_agenda(book, teams, kMeeting, {});
  require_throws_with<InvalidArgument>([&] { to_icalendar(book, o, {early}); }, bad, {"outside the exported series"});
  o.from = ymd(2026, 12, 1);
  require_throws_with<InvalidArgument>([&] { to_icalendar(book, o, {early, early}); }, bad, {"two agendas"});
}
