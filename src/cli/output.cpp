// SPDX-License-Identifier: Apache-2.0
#include "output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cerrno>
#include <fstream>
#include <iostream>

#include <opswheel/action_status.hpp>
#include <opswheel/json.hpp>

namespace opswheel_cli {
namespace {

std::size_t width(const std::string& s) {  // UTF-8 characters: count the bytes that start one
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

}  // namespace

Table::Table(std::vector<std::string> headers, std::vector<bool> right_aligned)
    : headers_(std::move(headers)), right_(std::move(right_aligned)) {
  right_.resize(headers_.size(), false);
}

void Table::add(std::vector<std::string> row) {
  row.resize(headers_.size());
  rows_.push_back(std::move(row));
}

void Table::print(std::ostream& out) const {
  std::vector<std::size_t> widths(headers_.size());
  for (std::size_t c = 0; c < headers_.size(); ++c) {
    widths[c] = width(headers_[c]);
    for (const auto& r : rows_) widths[c] = std::max(widths[c], width(r[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(widths[c] - width(cells[c]), ' ');
      const bool last = c + 1 == cells.size();
      text += right_[c] ? pad + cells[c] : cells[c] + (last ? "" : pad);
      if (!last) text += "  ";
    }
    text.erase(text.find_last_not_of(' ') + 1);  // an empty last cell leaves no trailing blanks
    out << text << '\n';
  };
  line(headers_);
  for (const auto& r : rows_) line(r);
}

void print_json(const json& doc) { std::cout << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n'; }

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (out) out.close();
  if (!out) throw opswheel::StorageFailure("cannot write '" + path + "': " + std::strerror(errno));
}

std::string fixed(double value, int digits) {
  if (std::isnan(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string percent(double chance) { return fixed(100 * chance, chance > 0 && chance < 0.1 ? 1 : 0) + "%"; }

std::string date_or(const std::optional<opswheel::Date>& date, const char* none) {
  return date ? opswheel::format_date(*date) : none;
}

std::string status_text(const opswheel::Participant& p) {
  if (!p.paused) return "active";
  return p.paused_until ? "paused until " + opswheel::format_date(*p.paused_until) : "paused";
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

json date_json(const std::optional<opswheel::Date>& date) { return date ? json(opswheel::format_date(*date)) : json(nullptr); }

namespace {

// A value as the audit log writes it inside an event (src/json defines each shape once).
json as_logged(opswheel::EventPayload payload, const char* key) {
  return json::parse(opswheel::event_json(opswheel::Event{0, {}, "", std::move(payload)}))["data"][key];
}

}  // namespace

json to_json(const opswheel::Participant& p) { return as_logged(opswheel::events::Added{p}, "participant"); }

json to_json(const opswheel::TeamStats& s) {
  return {{"id", s.id},
          {"turns", s.turns},
          {"last_meeting", s.last_meeting ? json(*s.last_meeting) : json(nullptr)},
          {"last_date", date_json(s.last_date)},
          {"current_gap", s.current_gap},
          {"longest_gap", s.longest_gap},
          {"expected", s.expected},
          {"deviation", s.deviation},
          {"debt", s.debt}};
}

json to_json(const opswheel::Meeting& m) { return as_logged(opswheel::events::Accepted{m, false}, "meeting"); }

json to_json(const opswheel::Suggestion& s) { return as_logged(opswheel::events::Suggested{s}, "suggestion"); }

json items_json(const opswheel::ActionBook& book, const std::vector<const opswheel::ActionItem*>& items, const opswheel::Date& as_of) {
  const json all = json::parse(opswheel::action_items_json(book, as_of, -1));
  json out = json::array();
  for (const auto* item : items)
    for (const auto& j : all["items"])
      if (j["id"] == item->id) out.push_back(j);
  return out;
}

json to_json(const opswheel::FairnessMetrics& m) {
  json out = json::object();
  for (const auto& [name, field] : opswheel::detail::fairness_figures) out[name] = m.*field;
  return out;
}

json to_json(const opswheel::Event& event) { return json::parse(opswheel::event_json(event)); }

}  // namespace opswheel_cli
