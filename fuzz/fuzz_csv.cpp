// SPDX-License-Identifier: Apache-2.0
// The CSV reader (read_csv, src/cli/csv.hpp): any input is refused with an opswheel error or read;
// the records read, written back field by field with csv_field, read as the same fields.
#include <opswheel/errors.hpp>

#include <string>
#include <vector>

#include "csv.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using opswheel_fuzz::require;
  std::vector<opswheel_cli::CsvRecord> records;
  try {
    records = opswheel_cli::read_csv(opswheel_fuzz::as_text(data, size));
  } catch (const opswheel::Error&) {
    return 0;
  }
  std::string text;
  for (const opswheel_cli::CsvRecord& r : records) {
    for (std::size_t i = 0; i < r.fields.size(); ++i) text += (i ? "," : "") + opswheel_cli::csv_field(r.fields[i]);
    text += "\n";
  }
  const std::vector<opswheel_cli::CsvRecord> again = opswheel_cli::read_csv(text);
  require(again.size() == records.size(), "a different number of records after a round trip");
  for (std::size_t i = 0; i < records.size(); ++i)
    require(again[i].fields == records[i].fields, "a record's fields changed over a round trip");
  return 0;
}
