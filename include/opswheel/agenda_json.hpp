// SPDX-License-Identifier: Apache-2.0
//
// JSON views of the action items and of a meeting's agenda, for dashboards, chat bots and the C
// API. They are read-only reports (nothing reads them back): a wheel's items travel in its event
// log (json.hpp), where every change is kept. Dates are "YYYY-MM-DD", times of day "HH:MM",
// lengths whole minutes, statuses and priorities their names (action_status.hpp).
//
// Part of the compiled library opswheel::persist.
#pragma once

#include <string>

#include "action_book.hpp"
#include "agenda.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Every item of `book`, in the order created, as a JSON array of objects: id, title,
/// description, owner, raised_at, due, report_back (the first meeting on or after due), status,
/// priority, ticket_url, review ({meeting, team} or null), targets ([{team, done_on or null}]) and
/// progress ({done, total}). `indent` < 0: one line.
std::string action_items_json(const ActionBook& book, int indent = -1);

/// The agenda as a JSON object: date, start ("HH:MM"), duration, time_zone, planned, overflow,
/// reviews_that_fit, sections ([{part, title, team, start, length, overflows}], start in minutes
/// from the meeting's start), reviews ([{team, name, dashboards [{title, url}], checklist [{id,
/// description}]}]), and due and overdue ([{id, title, owner, status, due, report_back, missed,
/// escalated, progress}]). `indent` < 0: one line.
std::string agenda_json(const Agenda& agenda, int indent = -1);

OPSWHEEL_END_NAMESPACE
