// SPDX-License-Identifier: Apache-2.0
//
// What the command prints: aligned tables for people, one JSON document (--json) for scripts.
// The JSON shapes of the CLI's records live here, once; docs/cli.md shows them.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <opswheel/action_book.hpp>
#include <opswheel/events.hpp>
#include <opswheel/fairness.hpp>
#include <opswheel/participant.hpp>
#include <opswheel/wheel.hpp>

namespace opswheel_cli {

using json = nlohmann::ordered_json;

/// Columns aligned on the widest cell (counted in characters, not bytes).
class Table {
 public:
  explicit Table(std::vector<std::string> headers, std::vector<bool> right_aligned = {});
  void add(std::vector<std::string> row);
  bool empty() const noexcept { return rows_.empty(); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

/// Writes `doc` to stdout: the one JSON document of a --json run.
void print_json(const json& doc);

/// Writes `text` to the file at `path` (replacing it). Throws StorageFailure naming the path when
/// it cannot be written.
void write_file(const std::string& path, const std::string& text);

/// "0.25" style: `digits` decimals, no trailing noise.
std::string fixed(double value, int digits = 2);
/// "42%" of a chance in [0, 1].
std::string percent(double chance);
std::string date_or(const std::optional<opswheel::Date>& date, const char* none = "-");
/// "active", "paused", or "paused until 2026-12-02".
std::string status_text(const opswheel::Participant& p);
std::string join(const std::vector<std::string>& items, const char* separator = ", ");

json date_json(const std::optional<opswheel::Date>& date);
// Participants, meetings and suggestions as the audit log writes them (json.hpp's event_json).
json to_json(const opswheel::Participant& p);
json to_json(const opswheel::TeamStats& s);
json to_json(const opswheel::Meeting& m);
json to_json(const opswheel::Suggestion& s);
/// `items` of `book` as action_items_json (json.hpp) renders them, standing as of `as_of`.
json items_json(const opswheel::ActionBook& book, const std::vector<const opswheel::ActionItem*>& items, const opswheel::Date& as_of);
json to_json(const opswheel::FairnessMetrics& m);
/// An event as the audit log stores it (json.hpp's event_json), parsed.
json to_json(const opswheel::Event& event);

}  // namespace opswheel_cli
