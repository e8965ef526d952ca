// SPDX-License-Identifier: Apache-2.0
//
// Setting a wheel up and keeping its roster: init, add, import, list, set-weight, pause, resume,
// remove.
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>

#include <opswheel/agenda.hpp>
#include <opswheel/calendar.hpp>
#include <opswheel/json.hpp>
#include <opswheel/policies.hpp>

#include "commands.hpp"
#include "csv.hpp"

namespace opswheel_cli {
namespace {

std::chrono::weekday parse_weekday(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 7> names = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  for (unsigned d = 0; d < names.size(); ++d)
    if (text.size() >= 3 && names[d].substr(0, text.size()) == text) return std::chrono::weekday{d};
  throw UsageError("invalid --weekday '" + text + "': expected mon, tue, wed, thu, fri, sat or sun");
}

std::chrono::minutes parse_time(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 2 || text.size() - colon != 3)
    throw UsageError("invalid --time '" + text + "': expected HH:MM");
  const auto h = parse_u64(text.substr(0, colon), "--time hour"), m = parse_u64(text.substr(colon + 1), "--time minute");
  if (h > 23 || m > 59) throw UsageError("invalid --time '" + text + "': expected HH:MM between 00:00 and 23:59");
  return std::chrono::minutes{h * 60 + m};
}

std::string read_input(const std::string& path) {
  if (path == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  if (!std::filesystem::exists(path)) throw opswheel::NotFound("no file '" + path + "' to import");
  if (std::filesystem::is_directory(path)) throw opswheel::InvalidArgument("'" + path + "' is a directory, not a CSV file");
  std::ifstream in(path, std::ios::binary);
  // Not `text << in.rdbuf()`: that fails for a file with nothing in it, which is bad input
  // (read_roster says so, naming the file), not a file that cannot be read.
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in || in.bad()) throw opswheel::StorageFailure("cannot read '" + path + "'");
  return text;
}

// The date a paused team is due back, as given with `option`: not before today, for a return date
// that has passed would pause the team with nothing to bring it back.
opswheel::Date return_date(const Session& s, const std::string& text, const std::string& option) {
  const opswheel::Date date = parse_date_arg(text, option);
  if (const opswheel::Date today = s.today(); date < today)
    throw opswheel::InvalidArgument(option + " " + text + " is in the past (today is " + opswheel::format_date(today) +
                                    "): give today or a later date, or pause without a date");
  return date;
}

}  // namespace

int report(const Session& session, const std::string& message, json extra) {
  if (session.json()) {
    json doc = {{"ok", true}, {"message", message}};
    doc.update(extra);
    print_json(doc);
  } else {
    std::cout << message << '\n';
  }
  return exit_ok;
}

std::size_t default_picks(const opswheel::Wheel& wheel) {
  return std::max<std::size_t>(1, opswheel::reviews_that_fit(opswheel::AgendaOptions{}, wheel.actions().calendar().cadence().duration));
}

opswheel::Date next_meeting(const opswheel::Wheel& wheel, const opswheel::Date& today) {
  return wheel.actions().calendar().meeting_on_or_after(today);
}

opswheel::Date next_open_meeting(const opswheel::Wheel& wheel, opswheel::Date today) {
  for (auto it = wheel.history().rbegin(); it != wheel.history().rend(); ++it)
    if (it->date) {
      today = std::max(today, opswheel::Calendar::add_days(*it->date, 1));
      break;
    }
  return next_meeting(wheel, today);
}

opswheel::Date meeting_to_record(const opswheel::Wheel& wheel, opswheel::Date today, std::optional<opswheel::Date> named,
                                 std::string_view date_option) {
  const opswheel::Date date = named ? *named : next_open_meeting(wheel, today);
  wheel.actions().calendar().require_meeting(date);
  // A meeting is recorded once it has taken place: the rotation moves on for the teams that did
  // present, and a spin accepted days ahead would record a meeting that may yet change or not happen.
  if (date > today)
    throw opswheel::InvalidArgument("the meeting of " + opswheel::format_date(date) + " has not taken place yet (today is " +
                                    opswheel::format_date(today) + "): accept it on the day of the meeting or after" +
                                    (named ? "" : ", or name an earlier meeting with " + std::string(date_option)));
  return date;
}

std::string weekday_name(std::chrono::weekday d) {
  static constexpr std::array<const char*, 7> names = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  return names[d.c_encoding()];
}

int cmd_init(Session& s, const Args& a) {
  a.at_most(0);
  const std::string policy = a.value_or_default("policy");
  opswheel::PolicyOptions options;
  if (auto v = a.value("slack")) options.slack = parse_slack(*v, "--slack");
  if (auto v = a.value("lean")) options.lean = parse_number(*v, "--lean");
  if (auto v = a.value("gap-target")) options.gap_target = parse_number(*v, "--gap-target");
  // A seed nobody chose keeps the picks unpredictable; it is recorded, so the log still replays.
  const std::uint64_t seed = a.value("seed") ? parse_u64(*a.value("seed"), "--seed")
                                             : (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  opswheel::Cadence cadence;
  if (auto v = a.value("weekday")) cadence.weekday = parse_weekday(*v);
  if (auto v = a.value("time")) cadence.start = parse_time(*v);
  if (auto v = a.value("duration")) cadence.duration = std::chrono::minutes{parse_count(*v, "--duration")};
  if (auto v = a.value("tz")) cadence.time_zone = *v;
  // Everything is checked before the file is touched: a refused init leaves no empty database.
  opswheel::validate(cadence);
  opswheel::validate_known_time_zone(cadence.time_zone);
  (void)opswheel::make_policy(policy, options);
  opswheel::validate_id(s.wheel_name());

  opswheel::Store& store = s.store();
  opswheel::Wheel wheel = store.create(s.wheel_name(), policy, seed, options, s.actor());
  wheel.set_actor(s.actor());
  wheel.set_cadence(cadence);
  s.commit(wheel);
  const std::string meets = weekday_name(cadence.weekday) + "s " + opswheel::format_time_of_day(cadence.start) + "–" +
                            opswheel::format_time_of_day(cadence.start + cadence.duration) + " " + cadence.time_zone;
  return report(s,
                "Created wheel '" + s.wheel_name() + "' in " + s.store().location() + ": policy " + policy + ", seed " +
                    std::to_string(seed) + "; the review meets " + meets + " (" + std::to_string(default_picks(wheel)) +
                    " service reviews fit).",
                {{"wheel", s.wheel_name()},
                 {"db", s.store().location()},
                 {"policy", policy},
                 {"seed", std::to_string(seed)},
                 {"weekday", weekday_name(cadence.weekday)},
                 {"start", opswheel::format_time_of_day(cadence.start)},
                 {"minutes", cadence.duration.count()},
                 {"time_zone", cadence.time_zone}});
}

int cmd_add(Session& s, const Args& a) {
  a.at_most(1);
  opswheel::Participant p;
  p.id = a.positional(0, "the team id");
  p.name = a.value("name").value_or("");
  p.url = a.value("url").value_or("");
  if (auto w = a.value("weight")) p.weight = parse_number(*w, "--weight");
  p.tags = a.values("tag");
  p.subwheel = a.value("subwheel").value_or("");
  if (auto until = a.value("paused-until")) {
    p.paused = true;
    p.paused_until = return_date(s, *until, "--paused-until");
  }
  opswheel::Wheel wheel = s.open();
  wheel.add(p);
  s.commit(wheel);
  return report(s, "Added '" + p.id + "' (weight " + opswheel::detail::weight_text(p.weight) + ", " + status_text(p) + ").",
                {{"team", to_json(p)}});
}

namespace {

// `import` of a wheel's JSON export: a new wheel with the whole log, in one transaction.
int import_wheel(Session& s, const std::string& path, const std::string& text) {
  // Checked before the store is touched, so that bad input leaves no new, empty database behind.
  (void)opswheel::wheel_from_json(text);
  s.allow_create();  // restoring a wheel into a new database is what a backup is for
  const std::string name = s.store().import_json(text, s.wheel_given() ? std::optional<std::string_view>(s.wheel_name()) : std::nullopt);
  const opswheel::Wheel wheel = s.store().open(name);
  return report(s,
                "Imported wheel '" + name + "' from " + path + " into " + s.store().location() + ": " + std::to_string(wheel.last_seq()) +
                    " events, " + std::to_string(wheel.roster().size()) + " teams, " + std::to_string(wheel.history().size()) + " meetings.",
                {{"wheel", name}, {"events", wheel.last_seq()}, {"teams", wheel.roster().size()}, {"meetings", wheel.history().size()}});
}

}  // namespace

int cmd_import(Session& s, const Args& a) {
  a.at_most(1);
  const std::string path = a.positional(0, "the file to import ('-' for standard input)");
  const std::string text = read_input(path);
  std::string format;
  if (const auto f = a.value("format")) {
    format = *f;
    if (format != "csv" && format != "json") throw UsageError("invalid --format '" + format + "': expected csv or json");
  } else {
    const auto first = text.find_first_not_of(" \t\r\n");
    format = first != std::string::npos && text[first] == '{' ? "json" : "csv";
  }
  if (format == "json") return import_wheel(s, path, text);
  const auto rows = read_roster(text, path);
  opswheel::Wheel wheel = s.open();
  for (const RosterRow& row : rows) {
    try {
      wheel.add(row.team);
    } catch (const opswheel::Error& e) {
      throw opswheel::InvalidArgument(path + ":" + std::to_string(row.line) + ": " + e.what() + "; nothing was imported");
    }
  }
  s.commit(wheel);
  json ids = json::array();
  for (const RosterRow& row : rows) ids.push_back(row.team.id);
  return report(s, "Imported " + std::to_string(rows.size()) + " teams from " + path + "; the roster has " +
                       std::to_string(wheel.roster().size()) + ".",
                {{"imported", ids}});
}

int cmd_list(Session& s, const Args& a) {
  a.at_most(0);
  const opswheel::Wheel wheel = s.open();
  const auto stats = wheel.stats();
  if (s.json()) {
    json teams = json::array();
    for (std::size_t i = 0; i < stats.size(); ++i) {
      json t = to_json(wheel.roster()[i]);
      t["turns"] = stats[i].turns;
      t["last_date"] = date_json(stats[i].last_date);
      teams.push_back(std::move(t));
    }
    print_json(teams);
    return exit_ok;
  }
  Table table({"TEAM", "NAME", "WEIGHT", "STATUS", "TURNS", "LAST"}, {false, false, true, false, true, false});
  std::size_t paused = 0;
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const opswheel::Participant& p = wheel.roster()[i];
    paused += p.paused;
    table.add({p.id, p.display_name(), opswheel::detail::weight_text(p.weight), status_text(p), std::to_string(stats[i].turns),
               date_or(stats[i].last_date)});
  }
  if (table.empty()) {
    std::cout << "The wheel has no teams yet: add some with `opswheel add` or `opswheel import`.\n";
    return exit_ok;
  }
  table.print(std::cout);
  std::cout << stats.size() << " teams, " << paused << " paused; policy " << wheel.policy().name() << ".\n";
  return exit_ok;
}

int cmd_set_weight(Session& s, const Args& a) {
  a.at_most(2);
  const std::string id = a.positional(0, "the team id");
  const double weight = parse_number(a.positional(1, "the new weight"), "weight");
  opswheel::Wheel wheel = s.open();
  wheel.set_weight(id, weight);
  s.commit(wheel);
  return report(s, "'" + id + "' now has weight " + opswheel::detail::weight_text(weight) + ".", {{"team", to_json(wheel.roster().at(id))}});
}

int cmd_pause(Session& s, const Args& a) {
  a.at_most(1);
  const std::string id = a.positional(0, "the team id");
  std::optional<opswheel::Date> until;
  if (auto v = a.value("until")) until = return_date(s, *v, "--until");
  opswheel::Wheel wheel = s.open();
  wheel.pause(id, until);
  s.commit(wheel);
  return report(s, "'" + id + "' is " + status_text(wheel.roster().at(id)) + ".", {{"team", to_json(wheel.roster().at(id))}});
}

int cmd_resume(Session& s, const Args& a) {
  a.at_most(1);
  const std::string id = a.positional(0, "the team id");
  opswheel::Wheel wheel = s.open();
  const bool was_paused = wheel.roster().at(id).paused;
  wheel.resume(id);
  s.commit(wheel);
  return report(s, "'" + id + "' is active" + (was_paused ? "" : " (it was not paused)") + ".", {{"team", to_json(wheel.roster().at(id))}});
}

int cmd_remove(Session& s, const Args& a) {
  a.at_most(1);
  const std::string id = a.positional(0, "the team id");
  opswheel::Wheel wheel = s.open();
  wheel.remove(id);
  s.commit(wheel);
  return report(s, "Removed '" + id + "'; its past meetings stay in the history.", {{"removed", id}});
}

}  // namespace opswheel_cli
