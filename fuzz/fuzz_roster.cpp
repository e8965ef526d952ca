// SPDX-License-Identifier: Apache-2.0
// The roster import (read_roster, what `opswheel import` reads): any input is refused with an
// opswheel error or read as valid teams; the teams read, written as `export --format csv` writes
// them (roster_csv_row), read back as the same teams.
#include <opswheel/errors.hpp>

#include <string>
#include <vector>

#include "csv.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using opswheel_fuzz::require;
  std::vector<opswheel_cli::RosterRow> rows;
  try {
    rows = opswheel_cli::read_roster(opswheel_fuzz::as_text(data, size), "fuzz.csv");
  } catch (const opswheel::Error&) {
    return 0;
  }
  std::string text(opswheel_cli::roster_csv_header);
  for (const opswheel_cli::RosterRow& r : rows) {
    opswheel::validate(r.team);  // what import adds must be a valid team
    text += opswheel_cli::roster_csv_row(r.team);
  }
  const std::vector<opswheel_cli::RosterRow> again = opswheel_cli::read_roster(text, "fuzz.csv");
  require(again.size() == rows.size(), "a different number of teams after a round trip");
  for (std::size_t i = 0; i < rows.size(); ++i) require(again[i].team == rows[i].team, "a team changed over a round trip");
  return 0;
}
