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
#include <opswheel/version.hpp>

#include "churn_options.hpp"
#include "commands.hpp"
#ifdef OPSWHEEL_CLI_HAS_SERVE
#  include "../serve/serve.hpp"
#endif

namespace opswheel_cli {
namespace {

struct CommandInfo {
  std::string_view name;  // "actions add" for a subcommand
  Command run;
  Access access;  // what it does with the database: only a command that writes opens it for writing
  std::vector<OptionSpec> options;
  std::string_view usage;    // the arguments and options, after the name
  std::string_view summary;  // one line
  std::string (*details)() = nullptr;  // more of its help, when it has options to explain
};

// The simulate command's options: its own and the change model's.
std::vector<OptionSpec> simulate_options() {
  std::vector<OptionSpec> options = {{"policies", 0, true}, {"teams", 0, true}, {"from-wheel", 0, false}, {"k", 'k', true},
                                     {"weeks", 0, true},    {"runs", 0, true},  {"seed", 0, true},        {"slack", 0, true},
                                     {"progress", 0, false}, {"quiet", 0, false}};
  options.insert(options.end(), std::begin(churn_options), std::end(churn_options));
  return options;
}

std::string watch_help() {
  return "Each line is one event as the wheel's JSON export lists it (with \"prev\" and \"hash\"), whatever --json says.\n"
         "  --from SEQ         print the stored events from number SEQ on first (default: only events committed after\n"
         "                     the command starts)\n"
         "  --timeout SECONDS  exit 0 after this long (default: no timeout; run until stopped)\n"
         "  --count N          exit 0 after N events (default: no limit)\n";
}

const std::vector<CommandInfo>& command_table() {
  static const std::vector<CommandInfo> table = {
      {"init", cmd_init, Access::create,
       {{"policy", 0, true}, {"seed", 0, true}, {"slack", 0, true}, {"lean", 0, true}, {"gap-target", 0, true},
        {"weekday", 0, true}, {"time", 0, true}, {"duration", 0, true}, {"tz", 0, true}},
       "[--policy quota|aws|lottery|shuffle_bag|rotation] [--seed N] [--slack N] [--lean X] [--gap-target X]\n"
       "        [--weekday wed] [--time 10:00] [--duration 120] [--tz UTC]",
       "create the database (if needed) and a wheel with its policy and meeting cadence"},
      {"add", cmd_add, Access::write,
       {{"name", 0, true}, {"url", 0, true}, {"weight", 0, true}, {"tag", 0, true, true}, {"paused-until", 0, true}, {"subwheel", 0, true}},
       "ID [--name NAME] [--url URL] [--weight W] [--tag T]... [--paused-until DATE] [--subwheel WHEEL]", "add a team"},
      {"import", cmd_import, Access::write, {}, "FILE|-", "add the teams of a CSV file (id,name,url,weight or name,url): all or none"},
      {"list", cmd_list, Access::read, {}, "", "the roster: weights, pauses, turns"},
      {"set-weight", cmd_set_weight, Access::write, {}, "ID WEIGHT", "change a team's share of turns"},
      {"pause", cmd_pause, Access::write, {{"until", 0, true}}, "ID [--until DATE]", "take a team out of the draw (vacation, launch freeze)"},
      {"resume", cmd_resume, Access::write, {}, "ID", "put a paused team back in the draw"},
      {"remove", cmd_remove, Access::write, {}, "ID", "remove a team (its past meetings stay in the history)"},
      {"spin", cmd_spin, Access::write, {{"k", 'k', true}, {"all", 0, false}, {"html", 0, true}}, "[-k N] [--all] [--html FILE]",
       "suggest who presents at the next meeting, with each team's chance (changes no rotation state)"},
      {"skip", cmd_skip, Access::write, {{"reason", 0, true}}, "ID --reason TEXT", "swap a picked team that cannot attend for a new draw"},
      {"pin", cmd_pin, Access::write, {{"reason", 0, true}}, "ID --reason TEXT", "make a team present at the next meeting (shown in the audit trail)"},
      {"unpin", cmd_unpin, Access::write, {}, "ID", "withdraw a pin"},
      {"accept", cmd_accept, Access::write, {{"date", 0, true}}, "[ID...] [--date DATE]",
       "record the meeting: the last spin, or the teams named; this moves the rotation on"},
      {"undo", cmd_undo, Access::write, {{"reason", 0, true}}, "[--reason TEXT]", "take back the last accepted meeting"},
      {"history", cmd_history, Access::read, {{"events", 0, false}}, "[--events]", "the meetings so far, or (--events) the whole audit log"},
      {"stats", cmd_stats, Access::read, {}, "", "turns, gaps and deviation from the fair share, per team"},
      {"actions add", cmd_actions_add, Access::write,
       {{"owner", 0, true}, {"due", 0, true}, {"raised", 0, true}, {"priority", 0, true}, {"description", 0, true}, {"ticket", 0, true},
        {"target", 0, true, true}, {"id", 0, true}, {"from-review", 0, false}},
       "TITLE --owner TEAM --due DATE [--raised DATE] [--priority low|normal|high|urgent]\n"
       "        [--description TEXT] [--ticket URL] [--target TEAM]... [--id ID] [--from-review]",
       "record an action item (--target: fleet-wide, one per team)"},
      {"actions list", cmd_actions_list, Access::read, {{"status", 0, true}, {"owner", 0, true}, {"all", 0, false}},
       "[--status open|in_progress|done|cancelled] [--owner TEAM] [--all]", "action items (open and in progress unless --all)"},
      {"actions show", cmd_actions_show, Access::read, {}, "ID", "one action item with its history"},
      {"actions update", cmd_actions_update, Access::write,
       {{"status", 0, true}, {"due", 0, true}, {"owner", 0, true}, {"title", 0, true}, {"description", 0, true}, {"priority", 0, true},
        {"ticket", 0, true}, {"add-target", 0, true, true}, {"comment", 0, true}, {"reason", 0, true}},
       "ID [--status S] [--due DATE] [--owner TEAM] [--title T] [--description D] [--priority P]\n"
       "        [--ticket URL] [--add-target TEAM]... [--comment TEXT] [--reason TEXT]",
       "change an item (a new due date, owner, cancel or reopen needs --reason)"},
      {"actions done", cmd_actions_done, Access::write, {{"team", 0, true}, {"on", 0, true}, {"reason", 0, true}}, "ID [--team TEAM [--on DATE]]",
       "close an item, or mark one team's part of a fleet-wide item done"},
      {"actions due", cmd_actions_due, Access::read, {}, "[DATE]", "items reporting back at a meeting (default: the next one)"},
      {"actions overdue", cmd_actions_overdue, Access::read, {}, "[DATE]", "items past their report-back meeting (default: as of today)"},
      {"agenda", cmd_agenda, Access::read, {{"format", 0, true}, {"title", 0, true}}, "[DATE] [--format md|json|ics] [--title TEXT]",
       "the meeting's agenda (default: the next meeting)"},
      {"export", cmd_export, Access::read, {{"format", 0, true}, {"title", 0, true}, {"meeting", 0, true}}, "--format json|csv|ics|html [--meeting N]",
       "the wheel (json), roster (csv), calendar and items (ics), or the page of a spin or meeting (html)"},
      {"verify", cmd_verify, Access::read, {{"expect-head", 0, true}}, "[--expect-head HASH]",
       "check the audit chain and replay the log, as an auditor would (and that the head is HASH)"},
      {"watch", cmd_watch, Access::read, {{"from", 0, true}, {"timeout", 0, true}, {"count", 0, true}},
       "[--from SEQ] [--timeout SECONDS] [--count N]",
       "print each new event of the wheel as a JSON line as it is committed", watch_help},
      {"simulate", cmd_simulate, Access::read, simulate_options(),
       "[--policies aws,quota,...] [--teams N | --from-wheel] [-k N] [--weeks N] [--runs N] [--seed N] [--slack N]\n"
       "        [--join RATE] [--leave RATE] [--pause RATE] [--pause-weeks MIN-MAX] [--reweight RATE]\n"
       "        [--new-weights W,W,...] [--progress|--quiet]",
       "compare the policies' fairness, on a fixed roster or one that changes (no database needed unless --from-wheel)",
       churn_help},
      {"demo", cmd_demo, Access::create, {}, "", "build a demo database (30 teams, a quarter of meetings) and print the next agenda"},
#ifdef OPSWHEEL_CLI_HAS_SERVE
      {"serve", cmd_serve, Access::write, serve_options(), "[--host 127.0.0.1] [--port 8080] [--view-token T]... [--host-token T]...",
       "serve the live meeting page and a JSON API for the wheel (docs/serve.md)", serve_help},
#endif
  };
  return table;
}

constexpr std::string_view global_help =
    "Global options (before or after the command):\n"
    "  --db PATH or postgresql://URL\n"
    "                 the store: a SQLite file, or a PostgreSQL database (default: $OPSWHEEL_DB,\n"
    "                 else ./opswheel.db)\n"
    "  --wheel NAME   the wheel in it (default: default)\n"
    "  --actor NAME   who is recorded as making the changes (default: your user name)\n"
    "  --json         print one JSON document on stdout instead of tables\n"
    "  -h, --help     this help, or a command's (opswheel help COMMAND)\n"
    "  --version      print opswheel's version and exit\n"
    "Dates are YYYY-MM-DD. $OPSWHEEL_TODAY (YYYY-MM-DD) sets the date taken as today.\n";

// The global options, then the exit statuses (from exit_codes.hpp, their one statement).
void print_global_help(std::ostream& out) {
  out << global_help << "\nExit status:\n";
  for (const ExitInfo& e : exit_statuses) out << "  " << static_cast<int>(e.status) << "  " << e.meaning << '\n';
}

void print_help(std::ostream& out) {
  out << "opswheel " << OPSWHEEL_VERSION_STRING << ": run the weekly operations review on a SQLite file.\n\n"
      << "Usage: opswheel [--db PATH|URL] [--wheel NAME] [--actor NAME] [--json] COMMAND [ARGS]\n\nCommands:\n";
  for (const auto& c : command_table()) {
    std::string name(c.name);
    out << "  " << name << std::string(name.size() < 17 ? 17 - name.size() : 1, ' ') << c.summary << '\n';
  }
  out << "\nA typical week: opswheel spin; opswheel accept; opswheel actions add ...; opswheel agenda.\n"
      << "First time? `opswheel demo` builds a demo database to try the commands on.\n\n";
  print_global_help(out);
  out << "\nEvery command: docs/cli.md.\n";
}

void print_command_help(const CommandInfo& c, std::ostream& out) {
  out << "Usage: opswheel " << c.name << (c.usage.empty() ? "" : " ") << c.usage << "\n\n" << c.summary << ".\n\n";
  if (c.details) out << c.details() << "\n";
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
    c ? print_command_help(*c, std::cout) : print_help(std::cout);
    return exit_ok;
  }
  if (name == "actions") {
    Args between{std::span<const std::string>(tokens).subspan(at), {}, /*stop_at_positional=*/true};
    at += between.consumed();
    before.merge_missing(between);
    if (at == tokens.size()) throw UsageError("actions needs a subcommand: add, list, show, update, done, due or overdue");
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
