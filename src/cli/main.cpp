// SPDX-License-Identifier: Apache-2.0
//
// opswheel: the weekly operations review on a SQLite file. This file holds the table of commands
// (name, options, usage), the help, and the one place errors become messages and exit codes.
#include <exception>
#include <iterator>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include <opswheel/detail/text.hpp>
#include <opswheel/action_item.hpp>
#include <opswheel/calendar.hpp>
#include <opswheel/policy.hpp>
#include <opswheel/version.hpp>

#include "churn_options.hpp"
#include "commands.hpp"
#ifdef OPSWHEEL_CLI_HAS_SERVE
#  include "../serve/serve.hpp"
#endif
#include "help.hpp"

namespace opswheel_cli {
namespace {

struct CommandInfo {
  std::string_view name;  // "actions add" for a subcommand
  Command run;
  Access access;  // what it does with the database: only a command that writes opens it for writing
  std::vector<OptionSpec> options;
  std::string_view arguments;  // the positional arguments, for the usage line ("ID", "[DATE]")
  std::string_view summary;    // one line
  std::string (*details)() = nullptr;  // more of its help: what its options alone do not say
};

// Defaults that a library type holds, read from it for the help.
std::string default_slack() { return std::to_string(opswheel::PolicyOptions{}.slack); }
std::string default_lean() { return opswheel::detail::weight_text(opswheel::PolicyOptions{}.lean); }
std::string default_gap_target() { return opswheel::detail::weight_text(opswheel::PolicyOptions{}.gap_target); }
std::string default_start() { return opswheel::format_time_of_day(opswheel::Cadence{}.start); }
std::string default_duration() { return std::to_string(opswheel::Cadence{}.duration.count()); }
std::string default_tz() { return opswheel::Cadence{}.time_zone; }
std::string default_weekday() { return weekday_name(opswheel::Cadence{}.weekday); }
std::string default_weight() { return opswheel::detail::weight_text(opswheel::Participant{}.weight); }
std::string default_policies() {
  std::string out;
  for (const auto& p : opswheel::policy_names) out += (out.empty() ? "" : ",") + std::string(p);
  return out;
}

// The simulate command's options: its own and the change model's.
std::vector<OptionSpec> simulate_options() {
  std::vector<OptionSpec> options = {
      {.name = "policies", .value = "P,P,...", .help = "the policies to compare", .fallback = default_policies},
      {.name = "teams", .value = "N", .help = "that many teams of equal weight", .default_value = "100"},
      {.name = "from-wheel", .help = "the wheel's active teams and weights instead of --teams"},
      {.name = "k", .short_name = 'k', .value = "N", .help = "picks a week", .default_value = "7"},
      {.name = "weeks", .value = "N", .help = "weeks per run", .default_value = "520"},
      {.name = "runs", .value = "N", .help = "runs per policy, each from its own seed", .default_value = "3"},
      {.name = "seed", .value = "N", .help = "the first run's seed", .default_value = "1"},
      {.name = "slack", .value = "N", .help = "quota's slack", .fallback = default_slack},
      {.name = "progress", .help = "report progress on stderr, even for a short run"},
      {.name = "quiet", .help = "no progress, even for a long run"}};
  options.insert(options.end(), std::begin(churn_options), std::end(churn_options));
  return options;
}

std::string import_help() {
  return "A CSV file's teams join the wheel (which must exist): columns id, name, url, weight, paused, paused_until,\n"
         "tags, subwheel in any order, or the AWS Ops Wheel's name,url (docs/cli.md). A JSON export becomes a new wheel\n"
         "with its whole log, under --wheel NAME when given, else the name it was exported with; the database is\n"
         "created when there is none.\n";
}

std::string watch_help() {
  return "Each line is one event as the wheel's JSON export lists it (with \"prev\" and \"hash\"), whatever --json says.\n";
}

constexpr std::string_view reason_help = "why (recorded in the audit log)";

const std::vector<CommandInfo>& command_table() {
  static const std::vector<CommandInfo> table = {
      {"init", cmd_init, Access::create,
       {{.name = "policy", .value = "quota|aws|lottery|shuffle_bag|rotation", .help = "how teams are picked; docs/fairness.md compares them", .default_value = "quota"},
        {.name = "seed", .value = "N", .help = "the random seed; recorded, so the log replays", .fallback = [] { return std::string("a random one"); }},
        {.name = "slack", .value = "N", .help = "quota: how far a team may stray from its fair share, in turns", .fallback = default_slack},
        {.name = "lean", .value = "X", .help = "quota: how strongly the draw leans toward teams behind their share", .fallback = default_lean},
        {.name = "gap-target", .value = "X", .help = "quota: the longest wait aimed for, in multiples of a team's share", .fallback = default_gap_target},
        {.name = "weekday", .value = "mon|...|sun", .help = "the day the review meets", .fallback = default_weekday},
        {.name = "time", .value = "HH:MM", .help = "when it starts, local time", .fallback = default_start},
        {.name = "duration", .value = "MINUTES", .help = "how long it lasts", .fallback = default_duration},
        {.name = "tz", .value = "ZONE", .help = "its IANA time zone, such as Europe/Dublin", .fallback = default_tz}},
       "", "create the database (if needed) and a wheel with its policy and meeting cadence"},
      {"add", cmd_add, Access::write,
       {{.name = "name", .value = "NAME", .help = "the team's display name", .fallback = [] { return std::string("the id"); }},
        {.name = "url", .value = "URL", .help = "its dashboard (http or https)"},
        {.name = "weight", .value = "W", .help = "its share of turns, relative to the others", .fallback = default_weight},
        {.name = "tag", .value = "T", .help = "a tag", .repeat = true},
        {.name = "paused-until", .value = "DATE", .help = "add it paused until DATE (not before today)"},
        {.name = "subwheel", .value = "WHEEL", .help = "it stands for another wheel of the store, whose pick presents for it"}},
       "ID", "add a team"},
      {"import", cmd_import, Access::write,
       {{.name = "format", .value = "csv|json", .help = "a CSV roster, or a wheel's JSON export (opswheel export --format json)",
         .fallback = [] { return std::string("json when the input starts with '{', else csv"); }}},
       "FILE|-",
       "add the teams of a CSV file (all or none), or restore a wheel from its JSON export", import_help},
      {"list", cmd_list, Access::read, {}, "", "the roster: weights, pauses, turns"},
      {"set-weight", cmd_set_weight, Access::write, {}, "ID WEIGHT", "change a team's share of turns"},
      {"pause", cmd_pause, Access::write,
       {{.name = "until", .value = "DATE", .help = "resume it by itself at the first meeting on or after DATE",
         .fallback = [] { return std::string("paused until resumed"); }}},
       "ID", "take a team out of the draw (vacation, launch freeze)"},
      {"resume", cmd_resume, Access::write, {}, "ID", "put a paused team back in the draw"},
      {"remove", cmd_remove, Access::write, {}, "ID", "remove a team (its past meetings stay in the history)"},
      {"spin", cmd_spin, Access::write,
       {{.name = "k", .short_name = 'k', .value = "N", .help = "how many teams to pick",
         .fallback = [] { return std::string("the service reviews that fit the meeting"); }},
        {.name = "all", .help = "list every eligible team's chance, not only the picks'"},
        {.name = "html", .value = "FILE", .help = "also write the wheel page of the spin to FILE"}},
       "", "suggest who presents at the next meeting, with each team's chance (changes no rotation state)"},
      {"skip", cmd_skip, Access::write, {{.name = "reason", .value = "TEXT", .help = reason_help, .required = true}}, "ID",
       "swap a picked team that cannot attend for a new draw"},
      {"pin", cmd_pin, Access::write, {{.name = "reason", .value = "TEXT", .help = reason_help, .required = true}}, "ID",
       "make a team present at the next meeting (shown in the audit trail)"},
      {"unpin", cmd_unpin, Access::write, {}, "ID", "withdraw a pin"},
      {"accept", cmd_accept, Access::write,
       {{.name = "date", .value = "DATE", .help = "the meeting's date: a meeting of the calendar, today or before",
         .fallback = [] { return std::string("the meeting the spin was for"); }}},
       "[ID...]", "record the meeting once it has taken place: the last spin, or the teams named; this moves the rotation on"},
      {"undo", cmd_undo, Access::write, {{.name = "reason", .value = "TEXT", .help = reason_help}}, "",
       "take back the last accepted meeting"},
      {"history", cmd_history, Access::read, {{.name = "events", .help = "the whole audit log instead of the meetings"}}, "",
       "the meetings so far, or the whole audit log"},
      {"stats", cmd_stats, Access::read, {}, "", "turns, gaps and deviation from the fair share, per team"},
      {"actions add", cmd_actions_add, Access::write,
       {{.name = "owner", .value = "TEAM", .help = "the team that owns it", .required = true},
        {.name = "due", .value = "DATE", .help = "when it is due; it reports back at the first meeting on or after", .required = true},
        {.name = "raised", .value = "DATE", .help = "the meeting it was raised at",
         .fallback = [] { return std::string("the latest meeting on or before today"); }},
        {.name = "priority", .value = "low|normal|high|urgent", .help = "how urgent it is",
         .fallback = [] { return std::string(opswheel::to_string(opswheel::ActionItem{}.priority)); }},
        {.name = "description", .value = "TEXT", .help = "more than the title says"},
        {.name = "ticket", .value = "URL", .help = "the ticket that tracks it"},
        {.name = "target", .value = "TEAM", .help = "a team that must do its part: makes the item fleet-wide", .repeat = true},
        {.name = "id", .value = "ID", .help = "its id", .fallback = [] { return std::string("the next AI-N"); }},
        {.name = "from-review", .help = "link it to the owner's service review at that meeting"}},
       "TITLE", "record an action item"},
      {"actions list", cmd_actions_list, Access::read,
       {{.name = "status", .value = "open|in_progress|done|cancelled", .help = "only items with this status",
         .fallback = [] { return std::string("open and in progress"); }},
        {.name = "owner", .value = "TEAM", .help = "only this team's items"},
        {.name = "all", .help = "every item, done and cancelled too"}},
       "", "action items"},
      {"actions show", cmd_actions_show, Access::read, {}, "ID", "one action item with its history"},
      {"actions update", cmd_actions_update, Access::write,
       {{.name = "status", .value = "open|in_progress|done|cancelled", .help = "its new status (cancelling or reopening needs --reason)"},
        {.name = "due", .value = "DATE", .help = "a new due date (needs --reason)"},
        {.name = "owner", .value = "TEAM", .help = "a new owner (needs --reason)"},
        {.name = "title", .value = "TEXT", .help = "a new title"},
        {.name = "description", .value = "TEXT", .help = "a new description"},
        {.name = "priority", .value = "low|normal|high|urgent", .help = "a new priority"},
        {.name = "ticket", .value = "URL", .help = "a new ticket"},
        {.name = "add-target", .value = "TEAM", .help = "one more team that must do its part", .repeat = true},
        {.name = "comment", .value = "TEXT", .help = "a comment for its history"},
        {.name = "reason", .value = "TEXT", .help = "why: required for a new due date or owner, a cancel or a reopen"}},
       "ID", "change an item: all the changes in one transaction"},
      {"actions done", cmd_actions_done, Access::write,
       {{.name = "team", .value = "TEAM", .help = "only this target's part of a fleet-wide item"},
        {.name = "on", .value = "DATE", .help = "with --team: when it was done", .fallback = [] { return std::string("today"); }},
        {.name = "reason", .value = "TEXT", .help = "a note for its history"}},
       "ID", "close an item, or mark one team's part of a fleet-wide item done"},
      {"actions due", cmd_actions_due, Access::read, {}, "[DATE]", "items reporting back at a meeting (default: the next one)"},
      {"actions overdue", cmd_actions_overdue, Access::read, {}, "[DATE]", "items past their report-back meeting (default: as of today)"},
      {"agenda", cmd_agenda, Access::read,
       {{.name = "format", .value = "md|json|ics", .help = "the output format", .fallback = [] { return std::string("md, or json with --json"); }},
        {.name = "title", .value = "TEXT", .help = "the meeting's title", .default_value = "Operations review"}},
       "[DATE]", "the meeting's agenda (default: the next meeting)"},
      {"export", cmd_export, Access::read,
       {{.name = "format", .value = "json|csv|ics|html", .help = "the wheel (json), the roster (csv), the calendar and items (ics), or a spin's page (html)",
         .fallback = [] { return std::string("json with --json; else required"); }},
        {.name = "meeting", .value = "N", .help = "with html: the page of recorded meeting N instead of the current spin"},
        {.name = "title", .value = "TEXT", .help = "the title of the ics calendar or of the html page",
         .fallback = [] { return std::string("\"Operations review\" (ics), the wheel's name (html)"); }}},
       "", "export the wheel, its roster, its calendar or a wheel page"},
      {"verify", cmd_verify, Access::read,
       {{.name = "expect-head", .value = "HASH", .help = "also require HASH, a head hash written down earlier, to be an event's hash"}},
       "", "check the audit chain and replay the log, as an auditor would"},
      {"watch", cmd_watch, Access::read,
       {{.name = "from", .value = "SEQ", .help = "first print the stored events from number SEQ on",
         .fallback = [] { return std::string("only events committed after the command starts"); }},
        {.name = "timeout", .value = "SECONDS", .help = "exit 0 after this long", .fallback = [] { return std::string("none: run until stopped"); }},
        {.name = "count", .value = "N", .help = "exit 0 after N events", .fallback = [] { return std::string("no limit"); }}},
       "", "print each new event of the wheel as a JSON line as it is committed", watch_help},
      {"simulate", cmd_simulate, Access::read, simulate_options(), "",
       "compare the policies' fairness, on a fixed roster or one that changes (no database needed unless --from-wheel)",
       churn_help},
      {"demo", cmd_demo, Access::create, {}, "", "build a demo database (30 teams, a quarter of meetings) and print the next agenda"},
#ifdef OPSWHEEL_CLI_HAS_SERVE
      {"serve", cmd_serve, Access::write, serve_options(), "",
       "serve the live meeting page and a JSON API for the wheel (docs/serve.md)", serve_help},
#endif
  };
  return table;
}

// The global options (from global_options, their one statement), then the exit statuses (from
// exit_codes.hpp, theirs).
void print_global_help(std::ostream& out) {
  out << "Global options (before or after the command):\n";
  print_options(out, global_options);
  out << "Dates are YYYY-MM-DD. $OPSWHEEL_TODAY (YYYY-MM-DD) sets the date taken as today.\n\nExit status:\n";
  for (const ExitInfo& e : exit_statuses) out << "  " << static_cast<int>(e.status) << "  " << e.meaning << '\n';
}

// The commands whose name starts with `prefix` ("" for all), one line each.
void print_command_list(std::ostream& out, std::string_view prefix) {
  for (const auto& c : command_table()) {
    if (!c.name.starts_with(prefix)) continue;
    std::string name(c.name);
    out << "  " << name << std::string(name.size() < 17 ? 17 - name.size() : 1, ' ') << c.summary << '\n';
  }
}

void print_help(std::ostream& out) {
  out << "opswheel " << OPSWHEEL_VERSION_STRING << ": run the weekly operations review on a SQLite file.\n\n"
      << "Usage: opswheel [--db PATH|URL] [--wheel NAME] [--actor NAME] [--json] COMMAND [ARGS]\n\nCommands:\n";
  print_command_list(out, "");
  out << "\nA typical week: opswheel spin; opswheel accept; opswheel actions add ...; opswheel agenda.\n"
      << "First time? `opswheel demo` builds a demo database to try the commands on.\n"
      << "A command's options: opswheel help COMMAND, or opswheel COMMAND --help.\n\n";
  print_global_help(out);
  out << "\nEvery command: docs/cli.md.\n";
}

// `opswheel help actions`: the subcommands of the group.
void print_group_help(std::string_view group, std::ostream& out) {
  out << "Usage: opswheel " << group << " SUBCOMMAND [ARGS]\n\nSubcommands:\n";
  print_command_list(out, std::string(group) + " ");
  out << "\nA subcommand's options: opswheel help " << group << " SUBCOMMAND.\n\n";
  print_global_help(out);
}

void print_command_help(const CommandInfo& c, std::ostream& out) {
  out << synopsis(c.name, c.arguments, c.options) << '\n' << c.summary << ".\n\n";
  if (c.details) out << c.details() << '\n';
  if (!c.options.empty()) {
    out << "Options:\n";
    print_options(out, c.options);
    out << '\n';
  }
  print_global_help(out);
}

const CommandInfo* find_command(const std::string& name) {
  for (const auto& c : command_table())
    if (c.name == name) return &c;
  return nullptr;
}

int print_version() {
  std::cout << "opswheel " << OPSWHEEL_VERSION_STRING << '\n';
  return exit_ok;
}

int run(int argc, char** argv) {
  const std::vector<std::string> tokens(argv + 1, argv + argc);
  // Every argument is text that may reach a terminal, a JSON document or the event log.
  for (std::size_t i = 0; i < tokens.size(); ++i) opswheel::detail::validate_utf8("argument " + std::to_string(i + 1), tokens[i]);
  // The global options before the command, then the command (and the subcommand of `actions`).
  Args before(tokens, {}, /*stop_at_positional=*/true);
  std::size_t at = before.consumed();
  if (before.flag("version")) return print_version();
  if (at == tokens.size()) {
    if (before.flag("help")) {
      print_help(std::cout);
      return exit_ok;
    }
    print_help(std::cerr);
    return exit_usage;
  }
  std::string name = tokens[at++];
  if (name == "version") return print_version();
  if (name == "help") {
    const std::string topic = at < tokens.size() ? tokens[at] + (at + 1 < tokens.size() ? " " + tokens[at + 1] : "") : "";
    const CommandInfo* c = topic.empty() ? nullptr : find_command(topic);
    if (!c && at < tokens.size()) c = find_command(tokens[at]);
    if (c) {
      print_command_help(*c, std::cout);
    } else if (at < tokens.size() && tokens[at] == "actions") {
      print_group_help("actions", std::cout);
    } else if (at < tokens.size()) {
      throw UsageError("no command '" + topic + "' to explain; `opswheel --help` lists them");
    } else {
      print_help(std::cout);
    }
    return exit_ok;
  }
  if (name == "actions") {
    Args between{std::span<const std::string>(tokens).subspan(at), {}, /*stop_at_positional=*/true};
    at += between.consumed();
    before.merge_missing(between);
    if (at == tokens.size()) {
      if (before.flag("help")) {
        print_group_help("actions", std::cout);
        return exit_ok;
      }
      throw UsageError("actions needs a subcommand: add, list, show, update, done, due or overdue");
    }
    name += " " + tokens[at++];
  }
  const CommandInfo* command = find_command(name);
  if (!command) throw UsageError("unknown command '" + name + "'; `opswheel --help` lists them");
  Args args{std::span<const std::string>(tokens).subspan(at), command->options};
  args.merge_missing(before);
  if (args.flag("version")) return print_version();
  if (args.flag("help")) {
    print_command_help(*command, std::cout);
    return exit_ok;
  }
  for (const OptionSpec& o : command->options)
    if (o.required && !args.value(o.name))
      throw UsageError(std::string(command->name) + " needs --" + std::string(o.name) + " " + std::string(o.value) + ": " +
                       std::string(o.help));
  Session session(args, command->access);
  return command->run(session, args);
}

}  // namespace
}  // namespace opswheel_cli

int main(int argc, char** argv) {
  using namespace opswheel_cli;
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "opswheel: " << e.what() << " (see `opswheel --help`)\n";
    return exit_usage;
  } catch (const opswheel::Error& e) {
    std::cerr << "opswheel: " << e.what() << '\n';
    return exit_for(e.code());
  } catch (const std::exception& e) {
    std::cerr << "opswheel: unexpected error: " << e.what() << '\n';
    return exit_failed;
  }
}
