// SPDX-License-Identifier: Apache-2.0
//
// Calendar dates as ISO 8601 text ("2026-12-02"): the one format opswheel reads and writes.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

using Date = std::chrono::year_month_day;

/// "YYYY-MM-DD". Precondition: date.ok().
inline std::string format_date(const Date& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

/// Parses exactly "YYYY-MM-DD" (years 0001–9999); throws InvalidArgument naming the text unless it
/// is a real calendar date (so "2026-02-30" is refused).
inline Date parse_date(std::string_view text) {
  auto fail = [&]() -> Date {
    throw InvalidArgument("invalid date '" + std::string(text) + "': expected a real date as YYYY-MM-DD");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return fail();
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f)
    for (std::size_t i = starts[f]; i < starts[f] + lengths[f]; ++i) {
      if (text[i] < '0' || text[i] > '9') return fail();
      fields[f] = fields[f] * 10 + (text[i] - '0');
    }
  const Date date{std::chrono::year{fields[0]}, std::chrono::month{static_cast<unsigned>(fields[1])},
                  std::chrono::day{static_cast<unsigned>(fields[2])}};
  if (fields[0] == 0 || !date.ok()) return fail();
  return date;
}

/// Throws InvalidArgument unless `date` is a real calendar date in the years 1–9999 (the range
/// format_date and parse_date round-trip).
inline void validate_date(const Date& date) {
  const int year = static_cast<int>(date.year());
  if (!date.ok() || year < 1 || year > 9999)
    throw InvalidArgument("invalid date " + std::to_string(static_cast<int>(date.year())) + "-" +
                          std::to_string(static_cast<unsigned>(date.month())) + "-" +
                          std::to_string(static_cast<unsigned>(date.day())) + ": not a calendar date in the years 1-9999");
}

OPSWHEEL_END_NAMESPACE
