// SPDX-License-Identifier: Apache-2.0
//
// The meeting: spin, skip, pin, unpin, accept, undo, and the records: history, stats.
#include <algorithm>
#include <iostream>
#include <numeric>

#include <opswheel/json.hpp>
#include <opswheel/page.hpp>

#include "commands.hpp"

namespace opswheel_cli {
namespace {

bool is_pinned(const opswheel::Suggestion& s, const std::string& id) {
  return std::any_of(s.pinned.begin(), s.pinned.end(), [&](const opswheel::Pin& p) { return p.id == id; });
}

// The picks, each with its chance (of being among k picks before the spin) and why it is there.
void print_picks(const opswheel::Suggestion& s, const opswheel::Wheel& wheel, const opswheel::Chances& chances) {
  Table table({"#", "TEAM", "NAME", "CHANCE", "NOTE"}, {true, false, false, true, false});
  for (std::size_t i = 0; i < s.picks.size(); ++i) {
    const std::string& id = s.picks[i];
    const auto& p = wheel.roster().at(id);
    std::string note;
    if (is_pinned(s, id)) {
      const auto pin = std::find_if(s.pinned.begin(), s.pinned.end(), [&](const opswheel::Pin& x) { return x.id == id; });
      note = "pinned by " + pin->actor + ": " + pin->reason;
    }
    for (const auto& k : s.skipped)
      if (k.replacement == id) note = "replaces " + k.id + " (" + k.reason + ")";
    table.add({std::to_string(i + 1), id, p.display_name(), is_pinned(s, id) ? "pinned" : percent(chances.values[wheel.roster().index_of(id)]), note});
  }
  table.print(std::cout);
}

void print_all_chances(const opswheel::Wheel& wheel, const opswheel::Chances& chances, const opswheel::Suggestion& s) {
  std::vector<std::size_t> order(wheel.roster().size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return chances.values[x] > chances.values[y]; });
  Table table({"TEAM", "CHANCE", "PICKED"}, {false, true, false});
  for (const std::size_t i : order) {
    const auto& p = wheel.roster()[i];
    if (p.paused) continue;
    const bool picked = std::find(s.picks.begin(), s.picks.end(), p.id) != s.picks.end();
    table.add({p.id, percent(chances.values[i]), picked ? "yes" : ""});
  }
  std::cout << "\nEvery eligible team's chance of being among the picks:\n";
  table.print(std::cout);
}

json suggestion_doc(const opswheel::Suggestion& s, const opswheel::Wheel& wheel, const opswheel::Chances& chances, const opswheel::Date& meeting) {
  json doc = {{"meeting", opswheel::format_date(meeting)}, {"k", s.picks.size()}};
  doc.update(to_json(s));
  json all = json::object();
  for (std::size_t i = 0; i < wheel.roster().size(); ++i)
    if (!wheel.roster()[i].paused) all[wheel.roster()[i].id] = chances.values[i];
  doc["chances"] = all;
  doc["chances_exact"] = chances.exact;
  return doc;
}

}  // namespace

int cmd_spin(Session& s, const Args& a) {
  a.at_most(0);
  opswheel::Wheel wheel = s.open();
  const opswheel::Date meeting = next_open_meeting(wheel, s.today());
  const auto resumed = wheel.resume_due(meeting);  // pauses that end by the meeting end now
  const std::size_t k = a.value("k") ? parse_count(*a.value("k"), "-k") : default_picks(wheel);
  // The chances are estimated after the commit, from a copy of the state the spin drew from:
  // an estimate can take seconds, and a write window held open that long invites conflicts.
  const opswheel::Wheel drawn_from = wheel;
  const opswheel::Suggestion suggestion = wheel.suggest(k);
  const auto html = a.value("html");
  // The page is made before the commit (so that it cannot fail after it) and written once the spin
  // is recorded; it estimates the chances itself, so only a spin with --html holds the window that long.
  const std::string page = html ? opswheel::wheel_page(wheel, suggestion, page_options(s, meeting)) : std::string();
  s.commit(wheel);
  if (html) write_file(*html, page);
  const opswheel::Chances chances = drawn_from.probabilities(k);
  if (s.json()) {
    json doc = suggestion_doc(suggestion, wheel, chances, meeting);
    doc["resumed"] = resumed;
    if (html) doc["html"] = *html;
    print_json(doc);
    return exit_ok;
  }
  for (const auto& id : resumed) std::cout << "Resumed '" << id << "': its pause ended.\n";
  std::cout << "Spin " << suggestion.spin + 1 << " for the meeting of " << opswheel::format_date(meeting) << ": " << k << " of "
            << wheel.policy().eligible_count() << " eligible teams (policy " << wheel.policy().name() << ", seed "
            << wheel.seed() << ", from word " << suggestion.position << " of its stream)\n";
  print_picks(suggestion, wheel, chances);
  if (a.flag("all")) print_all_chances(wheel, chances, suggestion);
  if (!chances.exact) std::cout << "(chances estimated from " << chances.samples << " seeded draws)\n";
  if (html) std::cout << "The wheel page is in " << *html << ".\n";
  std::cout << "Record it with `opswheel accept`; swap out a team that cannot come with `opswheel skip TEAM --reason ...`.\n";
  return exit_ok;
}

int cmd_skip(Session& s, const Args& a) {
  a.at_most(1);
  const std::string id = a.positional(0, "the team to skip");
  const auto reason = a.value("reason");  // required: main checks it
  opswheel::Wheel wheel = s.open();
  const opswheel::Suggestion current = current_suggestion(s, wheel);
  const opswheel::Wheel drawn_from = wheel;  // chances estimated after the commit, as in cmd_spin
  const opswheel::Suggestion next = wheel.skip(current, id, *reason);
  s.commit(wheel);
  const opswheel::Chances chances = drawn_from.probabilities(current.picks.size());
  const opswheel::Date meeting = next_open_meeting(wheel, s.today());
  if (s.json()) {
    print_json(suggestion_doc(next, wheel, chances, meeting));
    return exit_ok;
  }
  std::cout << "Skipped '" << id << "'; '" << next.skipped.back().replacement << "' was drawn in its place:\n";
  print_picks(next, wheel, chances);
  return exit_ok;
}

int cmd_pin(Session& s, const Args& a) {
  a.at_most(1);
  const std::string id = a.positional(0, "the team to pin");
  const auto reason = a.value("reason");  // required: main checks it
  opswheel::Wheel wheel = s.open();
  wheel.pin(id, *reason);
  s.commit(wheel);
  return report(s, "Pinned '" + id + "': it presents at the next meeting.", {{"pinned", {{"id", id}, {"reason", *reason}}}});
}

int cmd_unpin(Session& s, const Args& a) {
  a.at_most(1);
  const std::string id = a.positional(0, "the team to unpin");
  opswheel::Wheel wheel = s.open();
  wheel.unpin(id);
  s.commit(wheel);
  return report(s, "Unpinned '" + id + "'.", {{"unpinned", id}});
}

int cmd_accept(Session& s, const Args& a) {
  opswheel::Wheel wheel = s.open();
  const opswheel::Date today = s.today();
  const std::optional<opswheel::Date> named =
      a.value("date") ? std::optional(parse_date_arg(*a.value("date"), "--date")) : std::nullopt;
  const opswheel::Date date = meeting_to_record(wheel, today, named, "--date");
  opswheel::Meeting meeting;
  if (!a.positionals().empty()) {
    meeting = s.accept(wheel, a.positionals(), date);
  } else {
    meeting = s.accept(wheel, current_suggestion(s, wheel), date);
  }
  std::string text = "Recorded meeting " + std::to_string(meeting.number) + " on " + opswheel::format_date(date) + ": " + join(meeting.picks) + ".";
  for (const auto& d : meeting.delegated) text += "\n'" + d.id + "' stands for wheel '" + d.wheel + "': " + join(d.picks) + " presented for it.";
  for (const auto& id : meeting.picks) {
    const std::string& sub = wheel.roster().at(id).subwheel;
    const bool delegated = std::any_of(meeting.delegated.begin(), meeting.delegated.end(), [&](const auto& d) { return d.id == id; });
    if (!sub.empty() && !delegated)
      text += "\n'" + id + "' stands for wheel '" + sub + "', which has no eligible team: no one presented for it from there.";
  }
  return report(s, text, {{"meeting", to_json(meeting)}});
}

int cmd_undo(Session& s, const Args& a) {
  a.at_most(0);
  opswheel::Wheel wheel = s.open();
  // A refusal names the change that blocks the undo, which a wheel restored from a snapshot may
  // hold no more: then the whole log, replayed (only on the way to a refusal).
  if (!wheel.can_undo() && wheel.log_base() > 0) wheel = s.open_whole_log();
  const opswheel::Meeting undone = wheel.undo(a.value("reason").value_or(""));
  s.commit(wheel);
  return report(s, "Took back meeting " + std::to_string(undone.number) + " (" + date_or(undone.date, "undated") + ": " +
                       join(undone.picks) + "); the log keeps both events.",
                {{"undone", to_json(undone)}});
}

int cmd_history(Session& s, const Args& a) {
  a.at_most(0);
  const opswheel::Wheel wheel = s.open();
  if (a.flag("events")) {  // the audit log, from the store: every change, who made it and when
    const auto log = s.store().events(s.wheel_name());
    if (s.json()) {
      json events = json::array();
      for (const auto& c : log) events.push_back(json::parse(opswheel::chained_event_json(c)));
      print_json(events);
      return exit_ok;
    }
    Table table({"SEQ", "WHEN (UTC)", "ACTOR", "EVENT"}, {true, false, false, false});
    for (const auto& c : log) {
      table.add({std::to_string(c.event.seq), opswheel::format_minute(c.event.at), c.event.actor, std::string(opswheel::event_type(c.event.payload))});
    }
    table.print(std::cout);
    return exit_ok;
  }
  if (s.json()) {
    json meetings = json::array();
    for (const auto& m : wheel.history()) meetings.push_back(to_json(m));
    print_json(meetings);
    return exit_ok;
  }
  if (wheel.history().empty()) {
    std::cout << "No meetings recorded yet: `opswheel spin`, then `opswheel accept`.\n";
    return exit_ok;
  }
  Table table({"#", "DATE", "PRESENTED", "NOTES"}, {true, false, false, false});
  for (const auto& m : wheel.history()) {
    std::vector<std::string> notes;
    for (const auto& p : m.pinned) notes.push_back("pinned " + p.id + ": " + p.reason);
    for (const auto& k : m.skipped) notes.push_back("skipped " + k.id + " for " + k.replacement + ": " + k.reason);
    if (!m.position) notes.push_back("picks given by hand");
    table.add({std::to_string(m.number), date_or(m.date, "undated"), join(m.picks), join(notes, "; ")});
  }
  table.print(std::cout);
  return exit_ok;
}

int cmd_stats(Session& s, const Args& a) {
  a.at_most(0);
  const opswheel::Wheel wheel = s.open();
  const auto stats = wheel.stats();
  if (s.json()) {
    json out = json::array();
    for (const auto& t : stats) out.push_back(to_json(t));
    print_json(out);
    return exit_ok;
  }
  // The debt column shows only while some team owes or is owed turns (after pins and skips).
  const bool debts = std::any_of(stats.begin(), stats.end(), [](const auto& t) { return t.debt != 0; });
  std::vector<std::string> headers = {"TEAM", "TURNS", "EXPECTED", "DEVIATION", "LAST", "GAP", "LONGEST GAP"};
  std::vector<bool> right = {false, true, true, true, false, true, true};
  if (debts) headers.push_back("DEBT"), right.push_back(true);
  Table table(headers, right);
  const auto sign = [](double v) { return (v >= 0 ? "+" : "") + fixed(v); };
  for (const auto& t : stats) {
    std::vector<std::string> row = {t.id, std::to_string(t.turns), fixed(t.expected), sign(t.deviation), date_or(t.last_date),
                                    std::to_string(t.current_gap), std::to_string(t.longest_gap)};
    if (debts) row.push_back(sign(t.debt));
    table.add(row);
  }
  table.print(std::cout);
  std::cout << wheel.history().size() << (wheel.history().size() == 1 ? " meeting" : " meetings") << ". Gaps count the meetings a team was eligible for; deviation = turns − expected.\n";
  if (debts)
    std::cout << "Debt: turns a team owes (+) or is owed (−) for pins and skips past its bound, paid back at half its share a week.\n";
  return exit_ok;
}

}  // namespace opswheel_cli
