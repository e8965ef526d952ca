// SPDX-License-Identifier: Apache-2.0
//
// CSV (RFC 4180: quoted fields, "" for a quote, CRLF or LF line ends) for the roster: what
// `import` reads and `export --format csv` writes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <opswheel/participant.hpp>

namespace opswheel_cli {

/// One record and the line it starts on (1 = the first line of the text).
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

/// The records of `text`; blank lines are skipped, a UTF-8 byte order mark is dropped. Throws
/// opswheel::InvalidArgument "line N: ..." for a quote that is never closed or text after a
/// closing quote.
std::vector<CsvRecord> read_csv(std::string_view text);

/// A team read from a roster file, with the line it came from (for error messages).
struct RosterRow {
  std::size_t line = 0;
  opswheel::Participant team;
};

/// The roster file: a header naming the columns (id, name, url, weight, paused, paused_until,
/// tags, subwheel, in any order; at least id or name), then one team per row. `paused` is true or
/// false (empty: paused when paused_until is given); `tags` is read by tags_from_cell. The AWS Ops
/// Wheel's feeder format (name,url) is one such file: without an id column, the id is made from
/// the name ("EC2 API" -> "ec2-api"). Each row is validated as Wheel::add would; throws
/// InvalidArgument "<source>:<line>: ..." for the first bad row, and "<source>: ..." for a file
/// with no header or no teams.
std::vector<RosterRow> read_roster(std::string_view text, std::string_view source);

/// The header of the roster file `export --format csv` writes and `import` reads.
inline constexpr std::string_view roster_csv_header = "id,name,url,weight,paused,paused_until,tags,subwheel\n";

/// One team as a row of that file (with its line end): every field of the team, so that export
/// and import give the same team back.
std::string roster_csv_row(const opswheel::Participant& team);

/// A team's tags in one cell: separated by ';', with '\' and ';' inside a tag written "\\" and
/// "\;". A ';' at the end of the cell ends the last tag rather than starting an empty one, so the
/// cell of one empty tag is ";" and the cell of none is empty.
std::string tags_cell(const std::vector<std::string>& tags);
/// The tags of such a cell. Throws InvalidArgument for a '\' followed by anything else.
std::vector<std::string> tags_from_cell(std::string_view cell);

/// `field`, quoted when it holds a comma, quote or line break, or starts with U+FEFF.
std::string csv_field(std::string_view field);

/// The id the feeder format gives a team named `name`: lower case ASCII letters and digits, other
/// runs of characters turned into one '-'.
std::string id_from_name(std::string_view name);

}  // namespace opswheel_cli
