// SPDX-License-Identifier: Apache-2.0
//
// Action items, the board and the agenda through the C API. Every change goes through
// Wheel::change_actions, so it is an event of the wheel's log, done by the wheel's actor.
#include <chrono>
#include <string>
#include <vector>

#include <opswheel/agenda.hpp>
#include <opswheel/board.hpp>
#include <opswheel/ical.hpp>
#include <opswheel/json.hpp>
#include <opswheel/markdown.hpp>

#include "boundary.hpp"
#include "handles.hpp"

namespace capi = opswheel::capi;
using capi::give_list;
using capi::need;
using capi::on_handle;
using capi::Owned;
using capi::owned;

namespace {

opswheel::Date date_of(const char* text, const char* parameter) {
  return opswheel::parse_date(capi::text(text, parameter));
}

// The C enums count from 1 (0 is no value); the C++ ones from 0, in the same order.
opswheel::ActionStatus status_of(int status) {
  if (status < OPSWHEEL_ITEM_OPEN || status > OPSWHEEL_ITEM_CANCELLED)
    throw opswheel::InvalidArgument("unknown item status " + std::to_string(status));
  return static_cast<opswheel::ActionStatus>(status - OPSWHEEL_ITEM_OPEN);
}
opswheel::Priority priority_of(int priority) {
  if (priority < OPSWHEEL_PRIORITY_LOW || priority > OPSWHEEL_PRIORITY_URGENT)
    throw opswheel::InvalidArgument("unknown priority " + std::to_string(priority));
  return static_cast<opswheel::Priority>(priority - OPSWHEEL_PRIORITY_LOW);
}

std::vector<std::string> ids_of(const std::vector<const opswheel::ActionItem*>& items) {
  std::vector<std::string> out;
  for (const auto* item : items) out.push_back(item->id);
  return out;
}
std::vector<std::string> ids_of(const std::vector<opswheel::BoardEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.item->id);
  return out;
}

// Copies the C string array `ids[0 .. count)` (NULL only when count is 0).
std::vector<std::string> strings_of(const char* const* ids, size_t count, const char* parameter) {
  if (count > 0) need(ids, parameter);
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.emplace_back(capi::text(ids[i], "an entry of the list"));
  return out;
}

std::string item_text(const opswheel::ActionBook& book, const opswheel::ActionItem& a, int field) {
  switch (field) {
    case OPSWHEEL_ITEM_TITLE: return a.title;
    case OPSWHEEL_ITEM_DESCRIPTION: return a.description;
    case OPSWHEEL_ITEM_OWNER: return a.owner;
    case OPSWHEEL_ITEM_RAISED_AT: return opswheel::format_date(a.raised_at);
    case OPSWHEEL_ITEM_DUE: return opswheel::format_date(a.due);
    case OPSWHEEL_ITEM_REPORT_BACK: return opswheel::format_date(book.report_back(a));
    case OPSWHEEL_ITEM_TICKET_URL: return a.ticket_url;
    case OPSWHEEL_ITEM_STATUS_NAME: return std::string(opswheel::to_string(a.status));
    case OPSWHEEL_ITEM_PRIORITY_NAME: return std::string(opswheel::to_string(a.priority));
  }
  throw opswheel::InvalidArgument("unknown item field " + std::to_string(field));
}

std::size_t count_of(const opswheel::BoardCounts& c, int key) {
  switch (key) {
    case OPSWHEEL_COUNT_OPEN: return c.open;
    case OPSWHEEL_COUNT_IN_PROGRESS: return c.in_progress;
    case OPSWHEEL_COUNT_DONE: return c.done;
    case OPSWHEEL_COUNT_CANCELLED: return c.cancelled;
    case OPSWHEEL_COUNT_DUE: return c.due;
    case OPSWHEEL_COUNT_OVERDUE: return c.overdue;
    case OPSWHEEL_COUNT_ESCALATED: return c.escalated;
    case OPSWHEEL_COUNT_FLEET_ITEMS: return c.fleet_items;
    case OPSWHEEL_COUNT_TARGETS_DONE: return c.targets_done;
    case OPSWHEEL_COUNT_TARGETS_TOTAL: return c.targets_total;
  }
  throw opswheel::InvalidArgument("unknown board count " + std::to_string(key));
}

std::vector<std::string> board(const opswheel::ActionBook& book, int query, const char* argument) {
  switch (query) {
    case OPSWHEEL_BOARD_DUE: return ids_of(opswheel::due_for_report_back(book, date_of(argument, "argument")));
    case OPSWHEEL_BOARD_OVERDUE: return ids_of(opswheel::overdue(book, date_of(argument, "argument")));
    case OPSWHEEL_BOARD_ESCALATED: return ids_of(opswheel::escalated(book, date_of(argument, "argument")));
    case OPSWHEEL_BOARD_OWNED_BY: return ids_of(opswheel::by_owner(book, capi::text(argument, "argument")));
    case OPSWHEEL_BOARD_WITH_STATUS:
      return ids_of(opswheel::by_status(book, opswheel::parse_status(capi::text(argument, "argument"))));
  }
  throw opswheel::InvalidArgument("unknown board query " + std::to_string(query));
}

}  // namespace

extern "C" {

opswheel_status opswheel_wheel_set_cadence(opswheel_wheel* wheel, int weekday, uint32_t start, uint32_t duration,
                                           const char* time_zone) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    if (weekday < 0 || weekday > 6)
      throw opswheel::InvalidArgument("invalid weekday " + std::to_string(weekday) + ": 0 (Sunday) to 6 (Saturday)");
    opswheel::Cadence c;
    c.weekday = std::chrono::weekday(static_cast<unsigned>(weekday));
    c.start = std::chrono::minutes(start);
    c.duration = std::chrono::minutes(duration);
    if (time_zone) c.time_zone = time_zone;
    w.wheel.set_cadence(std::move(c));
  });
}

opswheel_status opswheel_wheel_item_add(opswheel_wheel* wheel, const char* title, const char* description,
                                        const char* owner, const char* raised_at, const char* due,
                                        opswheel_item_priority priority, const char* ticket_url,
                                        const char* const* targets, size_t target_count, char** id) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    need(id, "id");
    opswheel::ItemCreated c;
    c.title = capi::text(title, "title");
    c.description = capi::text_or_empty(description, "description");
    c.owner = capi::id_text(owner, "owner");
    c.raised_at = date_of(raised_at, "raised_at");
    c.due = date_of(due, "due");
    c.priority = priority_of(capi::as_int(priority));
    c.ticket_url = capi::text_or_empty(ticket_url, "ticket_url");
    c.targets = strings_of(targets, target_count, "targets");
    c.id = w.wheel.actions().next_id();
    Owned copy = owned(capi::copy_string(c.id));  // before the change: once it is made, nothing may fail
    w.wheel.change_actions(std::move(c));
    *id = copy.release();
  });
}

opswheel_status opswheel_wheel_item_move_due(opswheel_wheel* wheel, const char* id, const char* due,
                                             const char* reason) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    w.wheel.change_actions(opswheel::DueMoved{std::string(capi::id_text(id, "id")), date_of(due, "due"),
                                              std::string(capi::text(reason, "reason"))});
  });
}

opswheel_status opswheel_wheel_item_set_status(opswheel_wheel* wheel, const char* id, opswheel_item_status status,
                                               const char* reason) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    w.wheel.change_actions(opswheel::StatusChanged{std::string(capi::id_text(id, "id")), status_of(capi::as_int(status)),
                                                   std::string(capi::text_or_empty(reason, "reason"))});
  });
}

opswheel_status opswheel_wheel_item_complete_target(opswheel_wheel* wheel, const char* id, const char* team,
                                                    const char* on) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    w.wheel.change_actions(opswheel::TargetCompleted{std::string(capi::id_text(id, "id")),
                                                     std::string(capi::id_text(team, "team")), date_of(on, "on")});
  });
}

opswheel_status opswheel_wheel_item_comment(opswheel_wheel* wheel, const char* id, const char* text) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    w.wheel.change_actions(
        opswheel::CommentAdded{std::string(capi::id_text(id, "id")), std::string(capi::text(text, "text"))});
  });
}

opswheel_status opswheel_wheel_items_json(const opswheel_wheel* wheel, const char* as_of, char** json) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(json, "json");
    *json = capi::copy_string(opswheel::action_items_json(w.wheel.actions(), date_of(as_of, "as_of")));
  });
}

opswheel_status opswheel_wheel_item_ids(const opswheel_wheel* wheel, char*** ids, size_t* count) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(ids, "ids");
    need(count, "count");
    std::vector<std::string> all;
    for (const auto& a : w.wheel.actions().items()) all.push_back(a.id);
    give_list(all, ids, count);
  });
}

opswheel_status opswheel_wheel_item_text(const opswheel_wheel* wheel, const char* id, opswheel_item_field field,
                                         char** value) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(value, "value");
    const opswheel::ActionBook& book = w.wheel.actions();
    *value = capi::copy_string(item_text(book, book.item(capi::id_text(id, "id")), capi::as_int(field)));
  });
}

opswheel_status opswheel_wheel_item_state(const opswheel_wheel* wheel, const char* id, opswheel_item_status* status,
                                          opswheel_item_priority* priority, size_t* targets_done,
                                          size_t* targets_total) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    if (!status && !priority && !targets_done && !targets_total)
      throw capi::BoundaryError(OPSWHEEL_ERROR_NULL_ARGUMENT, "status, priority, targets_done and targets_total are all NULL");
    const opswheel::ActionItem& a = w.wheel.actions().item(capi::id_text(id, "id"));
    if (status) *status = static_cast<opswheel_item_status>(OPSWHEEL_ITEM_OPEN + static_cast<int>(a.status));
    if (priority) *priority = static_cast<opswheel_item_priority>(OPSWHEEL_PRIORITY_LOW + static_cast<int>(a.priority));
    if (targets_done) *targets_done = a.progress().done;
    if (targets_total) *targets_total = a.progress().total;
  });
}

opswheel_status opswheel_wheel_item_targets(const opswheel_wheel* wheel, const char* id, char*** teams,
                                            char*** done_on, size_t* count) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    if (!teams && !done_on) throw capi::BoundaryError(OPSWHEEL_ERROR_NULL_ARGUMENT, "teams and done_on are both NULL");
    need(count, "count");
    const opswheel::ActionItem& a = w.wheel.actions().item(capi::id_text(id, "id"));
    std::vector<std::string> names, dates;
    for (const opswheel::Target& t : a.targets) {
      names.push_back(t.team);
      dates.push_back(t.done_on ? opswheel::format_date(*t.done_on) : std::string());
    }
    capi::OwnedList team_list = owned(teams ? capi::copy_list(names) : nullptr);
    capi::OwnedList date_list = owned(done_on ? capi::copy_list(dates) : nullptr);
    if (teams) *teams = team_list.release();
    if (done_on) *done_on = date_list.release();
    *count = names.size();
  });
}

opswheel_status opswheel_wheel_board(const opswheel_wheel* wheel, opswheel_board query, const char* argument,
                                     char*** ids, size_t* count) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(ids, "ids");
    need(count, "count");
    give_list(board(w.wheel.actions(), capi::as_int(query), argument), ids, count);
  });
}

opswheel_status opswheel_wheel_board_count(const opswheel_wheel* wheel, const char* date, opswheel_board_count key,
                                           size_t* value) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(value, "value");
    const int k = capi::as_int(key);
    *value = count_of(opswheel::board_counts(w.wheel.actions(), date_of(date, "date")), k);
  });
}

opswheel_status opswheel_wheel_agenda(const opswheel_wheel* wheel, const char* date, const char* const* presenting,
                                      size_t count, opswheel_agenda_format format, char** text) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(text, "text");
    const opswheel::Date day = date_of(date, "date");
    const int how = capi::as_int(format);
    if (how < OPSWHEEL_AGENDA_MARKDOWN || how > OPSWHEEL_AGENDA_ICALENDAR)
      throw opswheel::InvalidArgument("unknown agenda format " + std::to_string(how));
    const opswheel::ActionBook& book = w.wheel.actions();
    opswheel::Agenda agenda =
        presenting || count > 0
            ? opswheel::make_agenda(book, w.wheel.roster(), day, strings_of(presenting, count, "presenting"))
            : opswheel::agenda_for(w.wheel, day);
    std::string out;
    if (how == OPSWHEEL_AGENDA_MARKDOWN) out = opswheel::agenda_markdown(agenda);
    if (how == OPSWHEEL_AGENDA_JSON) out = opswheel::agenda_json(agenda);
    if (how == OPSWHEEL_AGENDA_ICALENDAR) {
      opswheel::IcsOptions ics;
      ics.stamp = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
      ics.from = day;
      ics.until = day;
      out = opswheel::to_icalendar(book, ics, {std::move(agenda)});
    }
    *text = capi::copy_string(out);
  });
}

}  // extern "C"
