// SPDX-License-Identifier: Apache-2.0
// The meeting calendar: cadence, year boundaries, leap days, skips and moves, checked against a
// day-by-day reference; time-zone and cadence validation; bad input leaves the calendar unchanged.
#include <catch2/catch.hpp>

#include <opswheel/calendar.hpp>
#include <opswheel/rng.hpp>

#include <action_helpers.hpp>
#include <wheel_helpers.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace opswheel;
using opswheel_test::wednesdays;
using opswheel_test::ymd;

namespace {

Date plus(const Date& d, int days) { return Calendar::add_days(d, days); }

/// The meetings in [from, to] by walking every day: the definition, without the calendar's indexes.
std::vector<Date> reference_meetings(const Calendar& c, const Date& from, const Date& to) {
  std::vector<Date> out;
  for (Date d = from; !(to < d); d = plus(d, 1)) {
    bool meets = std::chrono::weekday{std::chrono::sys_days{d}} == c.cadence().weekday && c.skipped().count(d) == 0 &&
                 c.moves().count(d) == 0;
    for (const auto& [regular, held] : c.moves()) meets = meets || held == d;
    if (meets) out.push_back(d);
  }
  return out;
}

}  // namespace

TEST_CASE("calendar: the default cadence is Wednesday, 2 hours", "[calendar]") {
  const Calendar c;
  CHECK(c.cadence().weekday == std::chrono::Wednesday);
  CHECK(c.cadence().duration == std::chrono::minutes{120});
  CHECK(c.is_meeting(ymd(2026, 12, 2)));
  CHECK_FALSE(c.is_meeting(ymd(2026, 12, 3)));
}

TEST_CASE("calendar: next meeting across the year boundary", "[calendar]") {
  const Calendar c = wednesdays();
  CHECK(c.next_meeting(ymd(2026, 12, 30)) == ymd(2027, 1, 6));  // strictly after
  CHECK(c.next_meeting(ymd(2026, 12, 29)) == ymd(2026, 12, 30));
  CHECK(c.next_meeting(ymd(2026, 12, 31)) == ymd(2027, 1, 6));
  CHECK(c.meetings(ymd(2026, 12, 20), ymd(2027, 1, 10)) == std::vector<Date>{ymd(2026, 12, 23), ymd(2026, 12, 30), ymd(2027, 1, 6)});
}

TEST_CASE("calendar: a due date on a meeting day reports back that day", "[calendar]") {
  const Calendar c = wednesdays();
  CHECK(c.meeting_on_or_after(ymd(2026, 12, 2)) == ymd(2026, 12, 2));
  CHECK(c.meeting_on_or_after(ymd(2026, 12, 3)) == ymd(2026, 12, 9));
}

TEST_CASE("calendar: leap days", "[calendar]") {
  Calendar tuesdays(Cadence{std::chrono::Tuesday, std::chrono::minutes{540}, std::chrono::minutes{90}, "America/New_York"});
  CHECK(tuesdays.is_meeting(ymd(2028, 2, 29)));
  CHECK(tuesdays.next_meeting(ymd(2028, 2, 28)) == ymd(2028, 2, 29));
  CHECK(tuesdays.next_meeting(ymd(2028, 2, 29)) == ymd(2028, 3, 7));
  const Calendar c = wednesdays();
  CHECK(c.next_meeting(ymd(2028, 2, 23)) == ymd(2028, 3, 1));
  CHECK(c.meeting_on_or_after(ymd(2028, 2, 29)) == ymd(2028, 3, 1));
  CHECK(c.meetings(ymd(2028, 2, 1), ymd(2028, 2, 29)).size() == 4);
  CHECK(c.meetings(ymd(2029, 2, 1), ymd(2029, 2, 28)).size() == 4);
}

TEST_CASE("calendar: a skipped meeting", "[calendar]") {
  Calendar c = wednesdays();
  c.skip(ymd(2026, 12, 30));
  CHECK_FALSE(c.is_meeting(ymd(2026, 12, 30)));
  CHECK(c.next_meeting(ymd(2026, 12, 23)) == ymd(2027, 1, 6));
  CHECK(c.meeting_on_or_after(ymd(2026, 12, 24)) == ymd(2027, 1, 6));
  c.skip(ymd(2027, 1, 6));  // two in a row
  CHECK(c.next_meeting(ymd(2026, 12, 23)) == ymd(2027, 1, 13));
  c.restore(ymd(2026, 12, 30));
  CHECK(c.next_meeting(ymd(2026, 12, 23)) == ymd(2026, 12, 30));
}

TEST_CASE("calendar: a moved meeting", "[calendar]") {
  Calendar c = wednesdays();
  c.move(ymd(2026, 12, 30), ymd(2026, 12, 29));
  CHECK(c.is_meeting(ymd(2026, 12, 29)));
  CHECK_FALSE(c.is_meeting(ymd(2026, 12, 30)));
  CHECK(c.regular_date(ymd(2026, 12, 29)) == ymd(2026, 12, 30));
  CHECK(c.next_meeting(ymd(2026, 12, 23)) == ymd(2026, 12, 29));
  CHECK(c.next_meeting(ymd(2026, 12, 29)) == ymd(2027, 1, 6));
  CHECK(c.meeting_on_or_after(ymd(2026, 12, 30)) == ymd(2027, 1, 6));

  SECTION("moved again: one move per meeting") {
    c.move(ymd(2026, 12, 29), ymd(2027, 1, 4));
    CHECK(c.moves().size() == 1);
    CHECK_FALSE(c.is_meeting(ymd(2026, 12, 29)));
    CHECK(c.meetings(ymd(2026, 12, 24), ymd(2027, 1, 8)) == std::vector<Date>{ymd(2027, 1, 4), ymd(2027, 1, 6)});
  }
  SECTION("moved back to its regular date: the move is gone") {
    c.move(ymd(2026, 12, 29), ymd(2026, 12, 30));
    CHECK(c == wednesdays());
  }
  SECTION("a skipped moved meeting skips its regular date") {
    c.skip(ymd(2026, 12, 29));
    CHECK(c.moves().empty());
    CHECK(c.skipped() == std::set<Date>{ymd(2026, 12, 30)});
    CHECK(c.next_meeting(ymd(2026, 12, 23)) == ymd(2027, 1, 6));
  }
  SECTION("across the year boundary, before an earlier regular meeting") {
    c.move(ymd(2027, 1, 13), ymd(2027, 1, 2));  // a moved meeting may land anywhere free
    CHECK(c.meetings(ymd(2026, 12, 24), ymd(2027, 1, 14)) ==
          std::vector<Date>{ymd(2026, 12, 29), ymd(2027, 1, 2), ymd(2027, 1, 6)});
  }
}

TEST_CASE("calendar: random skips and moves agree with a day-by-day walk", "[calendar]") {
  Rng rng(20261202);
  for (int round = 0; round < 20; ++round) {
    Calendar c = wednesdays();
    const Date start = ymd(2026, 11, 1);
    for (int change = 0; change < 12; ++change) {
      const Date d = c.meeting_on_or_after(plus(start, static_cast<int>(rng.below(200))));
      if (rng.below(2) == 0) {
        c.skip(d);
      } else {
        const Date to = plus(d, static_cast<int>(rng.below(9)) - 4);
        if (!c.is_meeting(to)) c.move(d, to);
      }
    }
    const Date from = plus(start, -10), to = plus(start, 220);
    REQUIRE(c.meetings(from, to) == reference_meetings(c, from, to));
    for (Date d = from; d < plus(to, -30); d = plus(d, 1)) {
      const std::vector<Date> ahead = reference_meetings(c, plus(d, 1), plus(d, 60));
      REQUIRE(!ahead.empty());
      REQUIRE(c.next_meeting(d) == ahead.front());
      REQUIRE(c.is_meeting(d) == !reference_meetings(c, d, d).empty());
    }
  }
}

TEST_CASE("calendar: time-zone names", "[calendar]") {
  for (const char* ok : {"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "America/Port-au-Prince"})
    CHECK_NOTHROW(validate_time_zone(ok));
  for (const char* bad : {"", "Berlin", "utc", "Mars/Olympus", "Europe/", "Europe//Berlin", "Europe/../etc", "Europe/Berlin ",
                          "Europe/-Berlin", "America/Abcdefghijklmno", "Europe/Berlin\n"}) {
    INFO(bad);
    opswheel_test::require_throws_with<InvalidArgument>([&] { validate_time_zone(bad); }, ErrorCode::invalid_argument,
                                                       {"invalid time zone"});
    opswheel_test::require_throws_with<InvalidArgument>(
        [&] { Calendar(Cadence{std::chrono::Wednesday, std::chrono::minutes{600}, std::chrono::minutes{120}, bad}); },
        ErrorCode::invalid_argument, {"invalid time zone"});
  }
}

TEST_CASE("calendar: invalid cadences", "[calendar][bad-input]") {
  using std::chrono::minutes;
  auto refused = [](Cadence c, const char* fragment) {
    opswheel_test::require_throws_with<InvalidArgument>([&] { Calendar{c}; }, ErrorCode::invalid_argument, {fragment});
  };
  refused({std::chrono::weekday{9}, minutes{600}, minutes{120}, "UTC"}, "weekday");
  refused({std::chrono::Wednesday, minutes{1440}, minutes{120}, "UTC"}, "start time 1440");
  refused({std::chrono::Wednesday, minutes{-1}, minutes{120}, "UTC"}, "start time -1");
  refused({std::chrono::Wednesday, minutes{600}, minutes{0}, "UTC"}, "duration 0");
  refused({std::chrono::Wednesday, minutes{600}, minutes{1441}, "UTC"}, "duration 1441");
}

TEST_CASE("calendar: bad input changes nothing", "[calendar][bad-input]") {
  Calendar c = wednesdays();
  c.skip(ymd(2027, 1, 6));
  c.move(ymd(2027, 1, 13), ymd(2027, 1, 12));
  const auto code = ErrorCode::invalid_argument;
  const Date feb30{std::chrono::year{2027}, std::chrono::month{2}, std::chrono::day{30}};
  REQUIRE_REFUSED(c, InvalidArgument, code, c.is_meeting(feb30), "invalid date 2027-2-30");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.next_meeting(feb30), "invalid date");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.meetings(ymd(2027, 2, 1), ymd(2027, 1, 1)), "2027-02-01 is after 2027-01-01");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.skip(ymd(2027, 1, 7)), "no meeting on 2027-01-07", "weekly on Wednesday");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.skip(ymd(2027, 1, 6)), "no meeting on 2027-01-06", "skipped");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.skip(ymd(2027, 1, 13)), "moved to 2027-01-12");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.move(ymd(2027, 1, 20), ymd(2027, 1, 12)), "a meeting already takes place");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.move(ymd(2027, 1, 20), ymd(2027, 1, 27)), "a meeting already takes place");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.move(ymd(2027, 1, 20), ymd(2027, 1, 20)), "same date");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.move(ymd(2027, 1, 20), feb30), "invalid date");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.restore(ymd(2027, 1, 20)), "no meeting was skipped");
  c.skip(ymd(2027, 1, 27));
  c.move(ymd(2027, 2, 3), ymd(2027, 1, 27));  // 27 Jan is free while skipped
  REQUIRE_REFUSED(c, InvalidArgument, code, c.restore(ymd(2027, 1, 27)), "was moved onto it");
  REQUIRE_REFUSED(c, InvalidArgument, code, c.next_meeting(ymd(9999, 12, 29)), "before the year 10000");
}
