// SPDX-License-Identifier: Apache-2.0
//
// Action items: actions add, list, show, update, done, due, overdue. Every change goes through
// Wheel::change_actions, so it is an event in the wheel's log with its actor and time.
#include <iostream>

#include <opswheel/board.hpp>

#include "commands.hpp"

namespace opswheel_cli {

opswheel::Date current_meeting(const opswheel::Wheel& wheel, const opswheel::Date& today) {
  const opswheel::Calendar& cal = wheel.actions().calendar();
  const auto recent = cal.meetings(opswheel::Calendar::add_days(today, -62), today);
  return recent.empty() ? cal.meeting_on_or_after(today) : recent.back();
}

namespace {

std::string flag_text(const opswheel::Standing& s) {
  if (s.escalated) return "ESCALATED (" + std::to_string(s.missed) + " missed)";
  if (s.overdue) return "overdue (" + std::to_string(s.missed) + " missed)";
  return "";
}

std::string progress_text(const opswheel::Progress& p) {
  return p.total == 0 ? "" : std::to_string(p.done) + "/" + std::to_string(p.total);
}

void print_items(const opswheel::ActionBook& book, const std::vector<const opswheel::ActionItem*>& items, const opswheel::Date& as_of) {
  Table table({"ITEM", "OWNER", "DUE", "REPORT-BACK", "STATUS", "PRIORITY", "FLEET", "TITLE", "FLAG"});
  for (const auto* i : items) {
    const opswheel::Standing st = book.standing(*i, as_of);
    table.add({i->id, i->owner, opswheel::format_date(i->due), opswheel::format_date(st.report_back), std::string(opswheel::to_string(i->status)),
               std::string(opswheel::to_string(i->priority)), progress_text(i->progress()), i->title, flag_text(st)});
  }
  table.print(std::cout);
}

int list_items(const Session& s, const opswheel::ActionBook& book, const std::vector<const opswheel::ActionItem*>& items,
               const opswheel::Date& as_of, const std::string& empty) {
  if (s.json()) {
    print_json(items_json(book, items, as_of));
  } else if (items.empty()) {
    std::cout << empty << '\n';
  } else {
    print_items(book, items, as_of);
  }
  return exit_ok;
}

std::vector<const opswheel::ActionItem*> items_of(const std::vector<opswheel::BoardEntry>& entries) {
  std::vector<const opswheel::ActionItem*> out;
  for (const auto& e : entries) out.push_back(e.item);
  return out;
}

}  // namespace

int cmd_actions_add(Session& s, const Args& a) {
  a.at_most(1);
  opswheel::ItemCreated item;
  item.title = a.positional(0, "the item's title");
  item.id = a.value("id").value_or("");
  const auto owner = a.value("owner");
  const auto due = a.value("due");
  // Both required: main checks them.
  item.owner = *owner;
  item.due = parse_date_arg(*due, "--due");
  item.description = a.value("description").value_or("");
  item.ticket_url = a.value("ticket").value_or("");
  if (auto p = a.value("priority")) item.priority = opswheel::parse_priority(*p);
  item.targets = a.values("target");
  opswheel::Wheel wheel = s.open();
  item.raised_at = a.value("raised") ? parse_date_arg(*a.value("raised"), "--raised") : current_meeting(wheel, s.today());
  if (a.flag("from-review")) item.review = opswheel::ReviewRef{item.raised_at, item.owner};
  wheel.change_actions(item);
  s.commit(wheel);
  const opswheel::ActionItem& created = wheel.actions().items().back();
  const opswheel::ActionBook& book = wheel.actions();
  return report(s,
                "Created " + created.id + " for '" + created.owner + "', due " + opswheel::format_date(created.due) +
                    ": reports back at the meeting of " + opswheel::format_date(book.report_back(created)) +
                    (created.fleet_wide() ? " (fleet-wide: " + std::to_string(created.targets.size()) + " teams)" : "") + ".",
                {{"item", items_json(book, {&created}, s.today()).at(0)}});
}

int cmd_actions_list(Session& s, const Args& a) {
  a.at_most(0);
  const opswheel::Wheel wheel = s.open();
  const opswheel::ActionBook& book = wheel.actions();
  const auto status = a.value("status");
  if (status) (void)opswheel::parse_status(*status);
  const auto owner = a.value("owner");
  std::vector<const opswheel::ActionItem*> items;
  for (const auto& i : book.items()) {
    if (status ? opswheel::to_string(i.status) != *status : !a.flag("all") && !i.active()) continue;
    if (owner && i.owner != *owner) continue;
    items.push_back(&i);
  }
  return list_items(s, book, items, s.today(), "No action items match (without --all, only open and in-progress items are listed).");
}

int cmd_actions_show(Session& s, const Args& a) {
  a.at_most(1);
  const opswheel::Wheel wheel = s.open();
  const opswheel::ActionBook& book = wheel.actions();
  const opswheel::ActionItem& item = book.item(a.positional(0, "the item id"));
  const json doc = items_json(book, {&item}, s.today()).at(0);
  if (s.json()) {
    print_json(doc);
    return exit_ok;
  }
  print_items(book, {&item}, s.today());
  if (!item.description.empty()) std::cout << '\n' << item.description << '\n';
  for (const auto& t : item.targets) std::cout << "  target " << t.team << ": " << date_or(t.done_on, "pending") << '\n';
  std::cout << "\nHistory:\n";
  for (const auto& h : doc.at("history")) {
    std::string line = "  " + h["at"].get<std::string>() + "  " + h["actor"].get<std::string>() + "  " + h["change"]["kind"].get<std::string>();
    if (h["change"].contains("reason") && !h["change"]["reason"].get<std::string>().empty())
      line += ": " + h["change"]["reason"].get<std::string>();
    if (h["change"].contains("team")) line += " " + h["change"]["team"].get<std::string>();
    if (h["change"].contains("text")) line += ": " + h["change"]["text"].get<std::string>();
    std::cout << line << '\n';
  }
  return exit_ok;
}

int cmd_actions_update(Session& s, const Args& a) {
  a.at_most(1);
  const std::string id = a.positional(0, "the item id");
  const std::string reason = a.value("reason").value_or("");
  opswheel::Wheel wheel = s.open();
  const opswheel::ActionItem& now = wheel.actions().item(id);
  std::vector<opswheel::ActionChange> changes;
  if (a.value("title") || a.value("description") || a.value("priority") || a.value("ticket")) {
    opswheel::ItemEdited edit{id, a.value("title").value_or(now.title), a.value("description").value_or(now.description), now.priority,
                              a.value("ticket").value_or(now.ticket_url), reason};
    if (auto p = a.value("priority")) edit.priority = opswheel::parse_priority(*p);
    changes.emplace_back(std::move(edit));
  }
  if (auto o = a.value("owner")) changes.emplace_back(opswheel::OwnerChanged{id, *o, reason});
  if (auto d = a.value("due")) changes.emplace_back(opswheel::DueMoved{id, parse_date_arg(*d, "--due"), reason});
  if (auto t = a.values("add-target"); !t.empty()) changes.emplace_back(opswheel::TargetsAdded{id, t, reason});
  if (auto st = a.value("status")) changes.emplace_back(opswheel::StatusChanged{id, opswheel::parse_status(*st), reason});
  if (auto c = a.value("comment")) changes.emplace_back(opswheel::CommentAdded{id, *c});
  if (changes.empty())
    throw UsageError("actions update needs a change: --status, --due, --owner, --title, --description, --priority, --ticket, --add-target or --comment");
  for (auto& c : changes) wheel.change_actions(std::move(c));  // all or nothing: one commit below
  s.commit(wheel);
  return report(s, "Updated " + id + " (" + std::to_string(changes.size()) + " change" + (changes.size() == 1 ? "" : "s") + ").",
                {{"item", items_json(wheel.actions(), {&wheel.actions().item(id)}, s.today()).at(0)}});
}

int cmd_actions_done(Session& s, const Args& a) {
  a.at_most(1);
  const std::string id = a.positional(0, "the item id");
  opswheel::Wheel wheel = s.open();
  std::string message;
  if (auto team = a.value("team")) {
    const opswheel::Date on = a.value("on") ? parse_date_arg(*a.value("on"), "--on") : s.today();
    wheel.change_actions(opswheel::TargetCompleted{id, *team, on});
    const opswheel::Progress p = wheel.actions().item(id).progress();
    message = "'" + *team + "' finished its part of " + id + " (" + std::to_string(p.done) + " of " + std::to_string(p.total) + " teams done).";
  } else {
    wheel.change_actions(opswheel::StatusChanged{id, opswheel::ActionStatus::done, a.value("reason").value_or("")});
    message = id + " is done.";
  }
  s.commit(wheel);
  return report(s, message, {{"item", items_json(wheel.actions(), {&wheel.actions().item(id)}, s.today()).at(0)}});
}

int cmd_actions_due(Session& s, const Args& a) {
  a.at_most(1);
  const opswheel::Wheel wheel = s.open();
  const opswheel::Date meeting = a.positionals().empty() ? next_meeting(wheel, s.today()) : parse_date_arg(a.positionals()[0], "date");
  wheel.actions().calendar().require_meeting(meeting);
  return list_items(s, wheel.actions(), items_of(opswheel::due_for_report_back(wheel.actions(), meeting)), meeting,
                    "No action items report back at the meeting of " + opswheel::format_date(meeting) + ".");
}

int cmd_actions_overdue(Session& s, const Args& a) {
  a.at_most(1);
  const opswheel::Wheel wheel = s.open();
  const opswheel::Date as_of = a.positionals().empty() ? s.today() : parse_date_arg(a.positionals()[0], "date");
  return list_items(s, wheel.actions(), items_of(opswheel::overdue(wheel.actions(), as_of)), as_of,
                    "No action items are overdue on " + opswheel::format_date(as_of) + ".");
}

}  // namespace opswheel_cli
