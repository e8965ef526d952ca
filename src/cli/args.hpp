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

/// One option a command takes: --name (or -s) and, when `value` is set, one value
/// (--name VALUE or --name=VALUE). `repeat` lets it be given several times.
struct OptionSpec {
  std::string_view name;
  char short_name = 0;
  bool value = false;
  bool repeat = false;
};

/// The options every command accepts, anywhere on the line.
inline constexpr OptionSpec global_options[] = {
    {"db", 0, true}, {"wheel", 0, true}, {"actor", 0, true}, {"json", 0, false}, {"help", 'h', false},
    {"version", 0, false}};

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
