// SPDX-License-Identifier: Apache-2.0
#include "help.hpp"

#include <vector>

namespace opswheel_cli {
namespace {

constexpr std::size_t usage_width = 100;  // where the usage line wraps
constexpr std::size_t help_column = 24;   // where the descriptions start

// "--name VALUE" or "-k, --k N".
std::string option_text(const OptionSpec& o) {
  std::string text = o.short_name ? std::string("-") + o.short_name + (o.name.size() == 1 ? "" : ", --" + std::string(o.name))
                                  : "--" + std::string(o.name);
  if (o.takes_value()) text += " " + std::string(o.value);
  return text;
}

// The synopsis of one option: "-k N" rather than "-k, --k N".
std::string synopsis_item(const OptionSpec& o) {
  std::string text = o.short_name ? std::string("-") + o.short_name : "--" + std::string(o.name);
  if (o.takes_value()) text += " " + std::string(o.value);
  if (!o.required) text = "[" + text + "]";
  if (o.repeat) text += "...";
  return text;
}

}  // namespace

std::string synopsis(std::string_view command, std::string_view positionals, std::span<const OptionSpec> options) {
  std::vector<std::string> items;
  if (!positionals.empty()) items.emplace_back(positionals);
  for (const OptionSpec& o : options)
    if (o.required) items.push_back(synopsis_item(o));
  for (const OptionSpec& o : options)
    if (!o.required) items.push_back(synopsis_item(o));
  std::string out = "Usage: opswheel " + std::string(command);
  std::size_t line_start = 0;
  for (const std::string& item : items) {
    if (out.size() - line_start + 1 + item.size() > usage_width) {
      out += "\n       ";
      line_start = out.size() - 7;
    }
    out += " " + item;
  }
  return out + "\n";
}

void print_options(std::ostream& out, std::span<const OptionSpec> options) {
  for (const OptionSpec& o : options) {
    std::string text(o.help);
    if (!o.default_value.empty())
      text += " (default " + std::string(o.default_value) + ")";
    else if (o.fallback)
      text += " (default " + o.fallback() + ")";
    if (o.required) text += " (required)";
    if (o.repeat) text += " (repeatable)";
    const std::string name = "  " + option_text(o);
    out << name;
    std::size_t column = name.size();
    if (column + 2 > help_column) {
      out << '\n';
      column = 0;
    }
    // The words of the description, wrapped under its first.
    std::size_t at = 0;
    bool first = true;
    while (at < text.size()) {
      std::size_t end = text.find(' ', at);
      if (end == std::string::npos) end = text.size();
      const std::string word = text.substr(at, end - at);
      if (first || column + 1 + word.size() > usage_width) {
        out << (first ? "" : "\n") << std::string(help_column - (first ? column : 0), ' ');
        column = help_column;
      } else {
        out << ' ';
        ++column;
      }
      out << word;
      column += word.size();
      first = false;
      at = end + 1;
    }
    out << '\n';
  }
}

}  // namespace opswheel_cli
