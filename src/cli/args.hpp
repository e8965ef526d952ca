// SPDX-License-Identifier: Apache-2.0
//
// The command line, parsed by hand: options are declared per command (OptionSpec), global options
// (--db, --wheel, --actor, --json) are accepted before and after the command, and every mistake
// is a UsageError naming the option or argument, which main turns into the usage exit code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <opswheel/date.hpp>

namespace opswheel_cli {

/// A command line that does not say something the tool can do: exit code usage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One option a command takes: --name (or -s) and, when `value` names its value, one value
/// (--name VALUE or --name=VALUE). `repeat` lets it be given several times; a `required` option
/// must be given (main checks it before the command runs). The same record writes the command's
/// usage line and its help, so an option is described in one place.
struct OptionSpec {
  std::string_view name;
  char short_name = 0;
  std::string_view value = {};  ///< the value's name in the help ("N", "DATE", "md|json"); empty: a flag
  std::string_view help = {};   ///< what it does, one sentence without a final full stop
  /// The value used when the option is not given (Args::value_or_default), or "".
  std::string_view default_value = {};
  /// What applies when it is not given and default_value cannot say it, for the help. A function,
  /// so a default held by a library type is read from there rather than written here again.
  std::string (*fallback)() = nullptr;
  bool repeat = false;
  bool required = false;

  bool takes_value() const noexcept { return !value.empty(); }
};

/// The store and the wheel a command works on when --db and --wheel (and $OPSWHEEL_DB) name none.
inline constexpr std::string_view default_db_file = "opswheel.db";
inline constexpr std::string_view default_wheel = "default";

/// The options every command accepts, anywhere on the line.
extern const OptionSpec global_options[6];

/// A command's options and positional arguments.
class Args {
 public:
  Args() = default;
  /// Parses `tokens` against `spec` and the global options. With `stop_at_positional`, parsing
  /// stops at the first positional argument, and consumed() tells how many tokens were read.
  Args(std::span<const std::string> tokens, std::span<const OptionSpec> spec, bool stop_at_positional = false);

  std::size_t consumed() const noexcept { return consumed_; }
  bool flag(std::string_view name) const { return options_.count(std::string(name)) != 0; }
  std::optional<std::string> value(std::string_view name) const;
  /// The value given, else the option's default_value.
  std::string value_or_default(std::string_view name) const;
  std::vector<std::string> values(std::string_view name) const;
  const std::vector<std::string>& positionals() const noexcept { return positionals_; }
  /// Takes the option values of `other` that this one lacks (the global options given before the
  /// command, kept unless given again after it).
  void merge_missing(const Args& other);

  /// Positional `i`, named `what` in the error when it is missing.
  const std::string& positional(std::size_t i, std::string_view what) const;
  /// Throws UsageError when more than `n` positional arguments were given.
  void at_most(std::size_t n) const;

 private:
  std::map<std::string, std::vector<std::string>> options_;
  std::vector<std::string> positionals_;
  std::span<const OptionSpec> spec_;
  std::size_t consumed_ = 0;
};

// Values, checked: each throws UsageError naming `what` and the text.
std::size_t parse_count(std::string_view text, std::string_view what);
std::uint64_t parse_u64(std::string_view text, std::string_view what);
/// A quota slack: a whole number up to max_slack (limits.hpp); InvalidArgument naming it otherwise.
unsigned parse_slack(std::string_view text, std::string_view what);
double parse_number(std::string_view text, std::string_view what);
opswheel::Date parse_date_arg(std::string_view text, std::string_view what);

}  // namespace opswheel_cli
