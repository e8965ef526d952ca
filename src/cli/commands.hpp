// SPDX-License-Identifier: Apache-2.0
//
// The commands, one function each (main.cpp holds the table of names, options and help), and the
// few rules several of them share.
#pragma once

#include <cstddef>
#include <string>

#include <opswheel/date.hpp>
#include <opswheel/page.hpp>
#include <opswheel/wheel.hpp>

#include "args.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "session.hpp"

namespace opswheel_cli {

using Command = int (*)(Session&, const Args&);

int cmd_init(Session&, const Args&);
int cmd_add(Session&, const Args&);
int cmd_import(Session&, const Args&);
int cmd_list(Session&, const Args&);
int cmd_set_weight(Session&, const Args&);
int cmd_pause(Session&, const Args&);
int cmd_resume(Session&, const Args&);
int cmd_remove(Session&, const Args&);

int cmd_spin(Session&, const Args&);
int cmd_accept(Session&, const Args&);
int cmd_skip(Session&, const Args&);
int cmd_pin(Session&, const Args&);
int cmd_unpin(Session&, const Args&);
int cmd_undo(Session&, const Args&);
int cmd_history(Session&, const Args&);
int cmd_stats(Session&, const Args&);

int cmd_actions_add(Session&, const Args&);
int cmd_actions_list(Session&, const Args&);
int cmd_actions_show(Session&, const Args&);
int cmd_actions_update(Session&, const Args&);
int cmd_actions_done(Session&, const Args&);
int cmd_actions_due(Session&, const Args&);
int cmd_actions_overdue(Session&, const Args&);

int cmd_agenda(Session&, const Args&);
int cmd_export(Session&, const Args&);
int cmd_verify(Session&, const Args&);
int cmd_watch(Session&, const Args&);
int cmd_simulate(Session&, const Args&);
int cmd_demo(Session&, const Args&);

/// Ends a write: prints `message` (or, with --json, {"ok": true, "message": ..., ...extra}).
int report(const Session& session, const std::string& message, json extra = json::object());

/// How many teams a spin picks by default: the service reviews that fit in the wheel's meeting
/// next to the agenda's other sections (6 in the default two hours), at least 1.
std::size_t default_picks(const opswheel::Wheel& wheel);

/// The meeting a command means when it names none: the first on or after `today`.
opswheel::Date next_meeting(const opswheel::Wheel& wheel, const opswheel::Date& today);

/// The meeting a spin or an accept is for when none is named: the first on or after `today` and
/// after the last recorded meeting (one meeting a date).
opswheel::Date next_open_meeting(const opswheel::Wheel& wheel, opswheel::Date today);

/// The meeting an accept records: `named` when given, else the next open meeting. Throws
/// InvalidArgument when it is not one of the wheel's meetings, or has not taken place yet (after
/// `today`); `date_option` is how the caller's user names another date (e.g. "--date").
opswheel::Date meeting_to_record(const opswheel::Wheel& wheel, opswheel::Date today, std::optional<opswheel::Date> named,
                                 std::string_view date_option);

/// The meeting an action item raised on `today` belongs to: today's, else the last one before
/// today (the review it came out of), else the next one.
opswheel::Date current_meeting(const opswheel::Wheel& wheel, const opswheel::Date& today);
/// "Wednesday".
std::string weekday_name(std::chrono::weekday d);

/// The wheel page's options for this session: titled with the wheel's name, for the meeting of `date`.
opswheel::PageOptions page_options(const Session& session, std::optional<opswheel::Date> date);

}  // namespace opswheel_cli
