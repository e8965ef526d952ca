// SPDX-License-Identifier: Apache-2.0
#include "csv.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include <opswheel/date.hpp>
#include <opswheel/detail/text.hpp>
#include <opswheel/errors.hpp>

namespace opswheel_cli {

std::vector<CsvRecord> read_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> out;
  std::size_t i = 0, line = 1;
  while (i < text.size()) {
    CsvRecord record{line, {}};
    std::string field;
    bool at_field_start = true, quoted_field = false;
    for (;;) {
      if (i >= text.size() || text[i] == '\n' || text[i] == '\r') {  // end of the record
        record.fields.push_back(std::move(field));
        if (i < text.size() && text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        break;
      }
      const char c = text[i];
      if (c == '"' && at_field_start) {
        const std::size_t opened = line;
        ++i;
        for (;;) {
          if (i >= text.size()) throw opswheel::InvalidArgument("line " + std::to_string(opened) + ": a quoted field is never closed");
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        at_field_start = false;
        quoted_field = true;
        continue;
      }
      if (c == ',') {
        record.fields.push_back(std::move(field));
        field.clear();
        at_field_start = true;
        quoted_field = false;
        ++i;
        continue;
      }
      if (quoted_field)
        throw opswheel::InvalidArgument("line " + std::to_string(line) + ": text after the closing quote of a field");
      field += c;
      at_field_start = false;
      ++i;
    }
    for (std::size_t f = 0; f < record.fields.size(); ++f) {
      try {
        opswheel::detail::validate_utf8("field " + std::to_string(f + 1), record.fields[f]);
      } catch (const opswheel::InvalidArgument& e) {
        throw opswheel::InvalidArgument("line " + std::to_string(record.line) + ": " + e.what());
      }
    }
    const bool blank = record.fields.size() == 1 && record.fields[0].find_first_not_of(" \t") == std::string::npos;
    if (!blank) out.push_back(std::move(record));
  }
  return out;
}

std::string id_from_name(std::string_view name) {
  std::string id;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) id += static_cast<char>(std::tolower(u));
    else if (!id.empty() && id.back() != '-') id += '-';
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id;
}

std::vector<RosterRow> read_roster(std::string_view text, std::string_view source) {
  const std::string where(source);
  std::vector<CsvRecord> records;
  try {
    records = read_csv(text);
  } catch (const opswheel::InvalidArgument& e) {
    throw opswheel::InvalidArgument(where + ":" + std::string(e.what()).substr(5));  // "line N: ..." -> "source:N: ..."
  }
  if (records.empty()) throw opswheel::InvalidArgument(where + ": the file is empty; expected a header such as id,name,url,weight");

  // The columns, in the order roster_csv_header names them.
  enum Column { id, name, url, weight, paused, paused_until, tags, subwheel };
  static constexpr std::string_view known[] = {"id", "name", "url", "weight", "paused", "paused_until", "tags", "subwheel"};
  const CsvRecord& header = records.front();
  std::optional<std::size_t> column[std::size(known)];
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    std::string title = header.fields[c];
    std::transform(title.begin(), title.end(), title.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    title.erase(0, title.find_first_not_of(" \t"));
    title.erase(title.find_last_not_of(" \t") + 1);
    const auto k = std::find(std::begin(known), std::end(known), title);
    if (k == std::end(known))
      throw opswheel::InvalidArgument(where + ":" + std::to_string(header.line) + ": unknown column '" + opswheel::detail::printable(header.fields[c]) +
                                      "'; the columns are id, name, url, weight, paused, paused_until, tags and subwheel");
    auto& slot = column[k - std::begin(known)];
    if (slot) throw opswheel::InvalidArgument(where + ":" + std::to_string(header.line) + ": column '" + opswheel::detail::printable(title) + "' appears twice");
    slot = c;
  }
  if (!column[id] && !column[name])
    throw opswheel::InvalidArgument(where + ":" + std::to_string(header.line) +
                                    ": the header needs an id or a name column (id,name,url,weight or name,url)");
  if (records.size() == 1)
    throw opswheel::InvalidArgument(where + ": no teams after the header on line " + std::to_string(header.line) +
                                    "; nothing to import");

  std::vector<RosterRow> teams;
  std::set<std::string, std::less<>> ids;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& row = records[r];
    const std::string at = where + ":" + std::to_string(row.line) + ": ";
    if (row.fields.size() != header.fields.size())
      throw opswheel::InvalidArgument(at + std::to_string(row.fields.size()) + " fields, but the header has " +
                                      std::to_string(header.fields.size()));
    auto cell = [&](std::size_t k) { return column[k] ? row.fields[*column[k]] : std::string(); };
    try {
      opswheel::Participant p;
      p.name = cell(name);
      p.id = column[id] ? cell(id) : id_from_name(p.name);
      if (!column[id] && p.id.empty())
        throw opswheel::InvalidArgument("cannot make an id from the name '" + opswheel::detail::printable(p.name) + "'; add an id column");
      p.url = cell(url);
      if (column[weight] && !cell(weight).empty()) {
        const std::string w = cell(weight);
        std::size_t used = 0;
        try {
          p.weight = std::stod(w, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != w.size() || used == 0) throw opswheel::InvalidArgument("invalid weight '" + opswheel::detail::printable(w) + "': expected a number");
      }
      const std::string until = cell(paused_until);
      if (!until.empty()) p.paused_until = opswheel::parse_date(until);
      std::string pause = cell(paused);
      std::transform(pause.begin(), pause.end(), pause.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      if (pause == "true") p.paused = true;
      else if (pause == "false" || pause.empty()) p.paused = p.paused_until.has_value();
      else throw opswheel::InvalidArgument("invalid paused '" + opswheel::detail::printable(cell(paused)) + "': expected true or false");
      if (pause == "false" && p.paused_until)
        throw opswheel::InvalidArgument("paused is false, but paused_until is " + until + "; a team with a return date is paused");
      p.tags = tags_from_cell(cell(tags));
      p.subwheel = cell(subwheel);
      opswheel::validate(p);
      if (!ids.insert(p.id).second) throw opswheel::InvalidArgument("duplicate id '" + opswheel::detail::printable(p.id) + "': it appears earlier in the file");
      teams.push_back({row.line, std::move(p)});
    } catch (const opswheel::Error& e) {
      throw opswheel::InvalidArgument(at + e.what());
    }
  }
  return teams;
}

std::string roster_csv_row(const opswheel::Participant& team) {
  return csv_field(team.id) + ',' + csv_field(team.name) + ',' + csv_field(team.url) + ',' +
         opswheel::detail::weight_text(team.weight) + ',' + (team.paused ? "true" : "false") + ',' +
         (team.paused_until ? opswheel::format_date(*team.paused_until) : "") + ',' + csv_field(tags_cell(team.tags)) + ',' +
         csv_field(team.subwheel) + '\n';
}

std::string tags_cell(const std::vector<std::string>& tags) {
  std::string out;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i > 0) out += ';';
    for (const char c : tags[i]) {
      if (c == '\\' || c == ';') out += '\\';
      out += c;
    }
  }
  if (!tags.empty() && tags.back().empty()) out += ';';  // else the cell would end without the empty tag
  return out;
}

std::vector<std::string> tags_from_cell(std::string_view cell) {
  std::vector<std::string> tags;
  if (cell.empty()) return tags;
  std::string tag;
  bool separator_last = false;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    separator_last = false;
    if (cell[i] == '\\') {
      if (i + 1 == cell.size() || (cell[i + 1] != '\\' && cell[i + 1] != ';'))
        throw opswheel::InvalidArgument("invalid tags '" + opswheel::detail::printable(cell) +
                                        "': a '\\' in a tag must be followed by '\\' or ';'");
      tag += cell[++i];
    } else if (cell[i] == ';') {
      tags.push_back(std::move(tag));
      tag.clear();
      separator_last = true;
    } else {
      tag += cell[i];
    }
  }
  if (!separator_last) tags.push_back(std::move(tag));
  return tags;
}

std::string csv_field(std::string_view field) {
  // A field starting with U+FEFF is quoted too: unquoted at the start of a file, read_csv would
  // take it for a byte order mark and drop it.
  if (field.find_first_of(",\"\r\n") == std::string_view::npos && field.substr(0, 3) != "\xEF\xBB\xBF")
    return std::string(field);
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace opswheel_cli
