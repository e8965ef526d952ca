// SPDX-License-Identifier: Apache-2.0
//
// What leaves the tool: agenda, export, verify, watch.
#include <chrono>
#include <iostream>
#include <limits>
#include <optional>

#include <opswheel/agenda.hpp>
#include <opswheel/ical.hpp>
#include <opswheel/json.hpp>
#include <opswheel/markdown.hpp>
#include <opswheel/page.hpp>

#include "commands.hpp"
#include "csv.hpp"

namespace opswheel_cli {
namespace {

opswheel::IcsOptions ics_options(const Session& s, const std::string& title, const opswheel::Date& from) {
  opswheel::IcsOptions o;
  o.calendar_id = s.wheel_name();
  o.title = title;
  o.stamp = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  o.from = from;
  return o;
}

}  // namespace

int cmd_agenda(Session& s, const Args& a) {
  a.at_most(1);
  const std::string format = a.value("format").value_or(s.json() ? "json" : "md");
  if (format != "md" && format != "json" && format != "ics") throw UsageError("invalid --format '" + format + "': expected md, json or ics");
  const std::string title = a.value_or_default("title");
  const opswheel::Wheel wheel = s.open();
  const opswheel::Date date = a.positionals().empty() ? next_meeting(wheel, s.today()) : parse_date_arg(a.positionals()[0], "date");
  const opswheel::Presenters presenting = opswheel::presenters_for(wheel, date);
  const opswheel::Agenda agenda = opswheel::make_agenda(wheel.actions(), wheel.roster(), date, presenting.teams);
  if (format == "json") {
    json doc = json::parse(opswheel::agenda_json(agenda, -1));
    doc["presenting_from"] = opswheel::to_string(presenting.source);
    print_json(doc);
  } else if (format == "ics") {
    opswheel::IcsOptions o = ics_options(s, title, date);
    o.until = date;
    std::cout << opswheel::to_icalendar(wheel.actions(), o, {agenda});
  } else {
    std::cout << opswheel::agenda_markdown(agenda, title);
    if (presenting.source == opswheel::Presenters::Source::none)
      std::cerr << "note: no spin for the meeting of " << opswheel::format_date(date)
                << " yet, so no service reviews are listed: run `opswheel spin` first.\n";
  }
  return exit_ok;
}

opswheel::PageOptions page_options(const Session& session, std::optional<opswheel::Date> date) {
  opswheel::PageOptions options;
  options.title = session.wheel_name();
  options.date = date;
  return options;
}

int cmd_export(Session& s, const Args& a) {
  a.at_most(0);
  const std::string format = a.value("format").value_or(s.json() ? "json" : "");
  if (a.value("meeting") && format != "html") throw UsageError("--meeting goes with --format html");
  if (format == "html") {
    auto options = [&](std::optional<opswheel::Date> date) {
      opswheel::PageOptions o = page_options(s, date);
      if (const auto title = a.value("title")) o.title = *title;
      return o;
    };
    if (const auto number = a.value("meeting")) {  // a recorded meeting: replayed from the whole log
      s.require_wheel();
      const std::size_t n = parse_count(*number, "--meeting");
      std::vector<opswheel::Event> log;
      for (opswheel::ChainedEvent& e : s.store().events(s.wheel_name())) log.push_back(std::move(e.event));
      std::cout << opswheel::meeting_page(log, n, options(std::nullopt));
      return exit_ok;
    }
    opswheel::Wheel wheel = s.open();  // the current spin, for the meeting it is for
    const opswheel::Suggestion current = current_suggestion(s, wheel);
    std::cout << opswheel::wheel_page(wheel, current, options(next_open_meeting(wheel, s.today())));
    return exit_ok;
  }
  if (format == "json") {
    s.require_wheel();
    std::cout << s.store().export_json(s.wheel_name()) << '\n';
    return exit_ok;
  }
  if (format != "csv" && format != "ics") throw UsageError("export needs --format json, csv, ics or html");
  const opswheel::Wheel wheel = s.open();
  if (format == "csv") {  // the roster, in the format `import` reads
    std::cout << roster_csv_header;
    for (const auto& p : wheel.roster()) std::cout << roster_csv_row(p);
    return exit_ok;
  }
  // iCalendar: the meeting series from the first recorded meeting (or item, or today) on, each
  // recorded meeting with its agenda, and every action item as a to-do.
  const opswheel::ActionBook& book = wheel.actions();
  opswheel::Date from = s.today();
  for (const auto& m : wheel.history())
    if (m.date) from = std::min(from, *m.date);
  for (const auto& i : book.items()) from = std::min(from, i.raised_at);
  std::vector<opswheel::Agenda> agendas;
  std::vector<opswheel::Date> dates;
  for (const auto& m : wheel.history())
    if (m.date && book.calendar().is_meeting(*m.date) && std::find(dates.begin(), dates.end(), *m.date) == dates.end()) {
      dates.push_back(*m.date);
      agendas.push_back(opswheel::make_agenda(book, wheel.roster(), *m.date, opswheel::presenters_for(wheel, *m.date).teams));
    }
  const opswheel::Date next = next_open_meeting(wheel, s.today());
  if (std::find(dates.begin(), dates.end(), next) == dates.end())
    if (const opswheel::Presenters p = opswheel::presenters_for(wheel, next); p.source == opswheel::Presenters::Source::suggestion)
      agendas.push_back(opswheel::make_agenda(book, wheel.roster(), next, p.teams));
  std::cout << opswheel::to_icalendar(book, ics_options(s, a.value("title").value_or("Operations review"), from), agendas);
  return exit_ok;
}

int cmd_verify(Session& s, const Args& a) {
  a.at_most(0);
  const std::optional<std::string> expected = a.value("expect-head");
  if (expected && !opswheel::is_chain_hash(*expected))
    throw UsageError("invalid --expect-head '" + *expected + "': expected a head hash, 64 lower-case hex digits");
  s.require_wheel();  // not open(): verify reports a log that does not replay instead of failing on it
  opswheel::Verification v = s.store().verify(s.wheel_name());
  // A head written down elsewhere (docs/persistence.md) is what shows a rewrite of the whole chain.
  // Written down at any meeting, it must still be the hash of an event of the log: that event's
  // hash covers every event up to it, so those are the events that were there when it was taken.
  std::optional<std::uint64_t> expected_at;
  if (v.ok && expected) {
    for (const opswheel::ChainedEvent& e : s.store().events(s.wheel_name()))
      if (e.hash == *expected) {
        expected_at = e.event.seq;
        break;
      }
    if (!expected_at) {
      v.ok = false;
      v.problem = "no event has the expected head hash " + *expected + " (--expect-head; the head now is " +
                  v.head_hash + "): the log up to the head written down was rewritten, or it is another wheel's";
    }
  }
  if (s.json()) {
    print_json({{"ok", v.ok},
                {"events", v.events},
                {"first_bad", v.first_bad ? json(*v.first_bad) : json(nullptr)},
                {"problem", v.problem},
                {"head_hash", v.head_hash},
                {"expected_head", expected ? json(*expected) : json(nullptr)},
                {"expected_head_event", expected_at ? json(*expected_at) : json(nullptr)}});
  } else if (v.ok) {
    std::cout << "ok: " << v.events << " events of wheel '" << s.wheel_name() << "': the audit chain holds and the replay gives the stored state"
              << (expected_at ? ", and the expected head is event " + std::to_string(*expected_at) +
                                    "'s: events 1 to " + std::to_string(*expected_at) + " are the ones it was taken from"
                              : std::string())
              << "; head " << v.head_hash << ".\n";
  } else {
    std::cout << "FAILED: wheel '" << s.wheel_name() << "'"
              << (v.first_bad ? ", event " + std::to_string(*v.first_bad) : std::string()) << ": " << v.problem << '\n';
  }
  return v.ok ? exit_ok : exit_failed;
}

int cmd_watch(Session& s, const Args& a) {
  using Clock = std::chrono::steady_clock;
  a.at_most(0);
  std::optional<std::uint64_t> from;
  if (const auto v = a.value("from")) from = parse_u64(*v, "--from");
  std::optional<Clock::time_point> deadline;
  if (const auto v = a.value("timeout")) {
    const double seconds = parse_number(*v, "--timeout");
    // A day short of the clock's range: what is longer than that is a wait without end anyway.
    if (seconds < 0 || seconds > 1e9) throw UsageError("invalid --timeout '" + *v + "': expected seconds, 0 to 1e9");
    deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  }
  std::optional<std::size_t> count;
  if (const auto v = a.value("count")) {
    count = parse_count(*v, "--count");
    if (*count == 0) throw UsageError("invalid --count '0': expected at least 1 event");
  }
  s.require_wheel();
  const opswheel::Store& store = s.store();
  const std::string& name = s.wheel_name();
  // `seen`: the last event printed (or not to be printed). Without --from, the head now: a zero
  // timeout only looks.
  std::uint64_t seen = from ? (*from == 0 ? 0 : *from - 1)
                            : store.wait_for_events(name, std::numeric_limits<std::uint64_t>::max(), {});
  std::size_t printed = 0;
  for (;;) {
    for (const opswheel::ChainedEvent& e : store.events(name, seen + 1)) {
      std::cout << opswheel::chained_event_json(e) << std::endl;  // flushed: a reader sees each at once
      seen = e.event.seq;
      if (count && ++printed == *count) return exit_ok;
    }
    // Without --timeout, waits of an hour, one after another, until the process is stopped.
    const Clock::duration left = deadline ? *deadline - Clock::now() : Clock::duration(std::chrono::hours(1));
    if (left <= Clock::duration::zero()) return exit_ok;
    store.wait_for_events(name, seen, std::chrono::ceil<std::chrono::milliseconds>(left));
  }
}

}  // namespace opswheel_cli
