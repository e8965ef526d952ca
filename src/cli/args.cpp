// SPDX-License-Identifier: Apache-2.0
#include "args.hpp"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <opswheel/detail/text.hpp>
#include <opswheel/errors.hpp>
#include <opswheel/limits.hpp>

namespace opswheel_cli {
namespace {

const OptionSpec* find_option(std::span<const OptionSpec> spec, std::string_view name, char short_name) {
  for (std::span<const OptionSpec> list : {spec, std::span<const OptionSpec>(global_options)})
    for (const OptionSpec& o : list)
      if (short_name ? o.short_name == short_name : o.name == name) return &o;
  return nullptr;
}

}  // namespace

const OptionSpec global_options[6] = {
    {.name = "db", .value = "PATH|URL", .help = "the store: a SQLite file, or a PostgreSQL database as postgresql://...",
     .fallback = [] { return "$OPSWHEEL_DB, else ./" + std::string(default_db_file); }},
    {.name = "wheel", .value = "NAME", .help = "the wheel in the store", .fallback = [] { return "'" + std::string(default_wheel) + "'"; }},
    {.name = "actor", .value = "NAME", .help = "who is recorded as making the changes", .fallback = [] { return std::string("$USER, your user name"); }},
    {.name = "json", .help = "print one JSON document on stdout instead of tables"},
    {.name = "help", .short_name = 'h', .help = "this help, or a command's (also: opswheel help COMMAND)"},
    {.name = "version", .help = "print opswheel's version and exit"}};

Args::Args(std::span<const std::string> tokens, std::span<const OptionSpec> spec, bool stop_at_positional) : spec_(spec) {
  bool options_done = false;
  std::size_t i = 0;
  for (; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (options_done || t.size() < 2 || t[0] != '-' || (t[1] >= '0' && t[1] <= '9')) {  // "-1" is a value
      if (stop_at_positional) break;
      positionals_.push_back(t);
      continue;
    }
    if (t == "--") {
      options_done = true;
      continue;
    }
    std::string name;
    std::optional<std::string> inline_value;
    const OptionSpec* o = nullptr;
    if (t[1] == '-') {
      const auto eq = t.find('=');
      name = t.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (eq != std::string::npos) inline_value = t.substr(eq + 1);
      o = find_option(spec, name, 0);
    } else {
      if (t.size() > 2) inline_value = t.substr(2);  // -k7
      o = find_option(spec, {}, t[1]);
      if (o) name = std::string(o->name);
    }
    if (!o) throw UsageError("unknown option '" + t + "'");
    std::vector<std::string>& slot = options_[name];
    if (!o->takes_value()) {
      if (inline_value) throw UsageError("option --" + name + " takes no value");
      slot.emplace_back();
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= tokens.size()) throw UsageError("option --" + name + " needs a value");
      inline_value = tokens[++i];
    }
    if (!slot.empty() && !o->repeat) throw UsageError("option --" + name + " is given twice");
    if (!o->repeat) slot.clear();
    slot.push_back(*inline_value);
  }
  consumed_ = i;
}

std::optional<std::string> Args::value(std::string_view name) const {
  const auto it = options_.find(std::string(name));
  if (it == options_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string Args::value_or_default(std::string_view name) const {
  if (auto v = value(name)) return *v;
  const OptionSpec* o = find_option(spec_, name, 0);
  if (!o || o->default_value.empty()) throw std::logic_error("option --" + std::string(name) + " has no default value");
  return std::string(o->default_value);
}

std::vector<std::string> Args::values(std::string_view name) const {
  const auto it = options_.find(std::string(name));
  return it == options_.end() ? std::vector<std::string>{} : it->second;
}

void Args::merge_missing(const Args& other) {
  for (const auto& [name, values] : other.options_) options_.emplace(name, values);
}

const std::string& Args::positional(std::size_t i, std::string_view what) const {
  if (i >= positionals_.size()) throw UsageError("missing argument: " + std::string(what));
  return positionals_[i];
}

void Args::at_most(std::size_t n) const {
  if (positionals_.size() > n) throw UsageError("unexpected argument '" + positionals_[n] + "'");
}

std::uint64_t parse_u64(std::string_view text, std::string_view what) {
  // Digits only: strtoull would skip leading white space and accept a sign (" -1" wraps around).
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || text[0] < '0' || text[0] > '9')
    throw UsageError("invalid " + std::string(what) + " '" + opswheel::detail::printable(text) +
                     "': expected a whole number from 0 to 18446744073709551615");
  return v;
}

unsigned parse_slack(std::string_view text, std::string_view what) {
  const std::uint64_t v = parse_u64(text, what);
  if (v > opswheel::max_slack)
    throw opswheel::InvalidArgument("invalid " + std::string(what) + " '" + std::string(text) + "': the slack must be at most " +
                                    std::to_string(opswheel::max_slack));
  return static_cast<unsigned>(v);
}

std::size_t parse_count(std::string_view text, std::string_view what) {
  const std::uint64_t v = parse_u64(text, what);
  if (v == 0 || v > 1'000'000'000) throw UsageError("invalid " + std::string(what) + " '" + std::string(text) + "': expected 1 or more");
  return static_cast<std::size_t>(v);
}

double parse_number(std::string_view text, std::string_view what) {
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !std::isfinite(v))
    throw UsageError("invalid " + std::string(what) + " '" + s + "': expected a number");
  return v;
}

opswheel::Date parse_date_arg(std::string_view text, std::string_view what) {
  try {
    return opswheel::parse_date(text);
  } catch (const opswheel::InvalidArgument&) {
    throw UsageError("invalid " + std::string(what) + " '" + std::string(text) + "': expected a real date as YYYY-MM-DD");
  }
}

}  // namespace opswheel_cli
