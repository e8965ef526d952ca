// SPDX-License-Identifier: Apache-2.0
// The time-zone database reader (detail/zoneinfo.hpp) and the VTIMEZONE written from it
// (detail/ical_zone.hpp). The expected instants are the zones' published rules (US: second Sunday
// of March and first Sunday of November at 02:00 local; EU: last Sunday of March and of October at
// 01:00 UTC), not outputs of the code under test. tests/ics/check_ics.py checks the whole export
// with a real parser.
#include <catch2/catch.hpp>

#include <opswheel/detail/ical_zone.hpp>
#include <opswheel/detail/zoneinfo.hpp>
#include <opswheel/ical.hpp>

#include <action_helpers.hpp>
#include <wheel_helpers.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace opswheel;
using namespace std::chrono;
using opswheel::detail::ZoneRules;
using opswheel_test::require_throws_with;
using opswheel_test::ymd;

namespace {

sys_seconds at(int y, unsigned m, unsigned d, int h, int min = 0) {
  return sys_days{ymd(y, m, d)} + hours{h} + minutes{min};
}

// A minimal TZif version 2 file: no transitions, one time type, and the given footer.
std::string tzif(const std::string& footer, int offset = -3 * 3600, const std::string& abbreviation = "XXX") {
  auto be32 = [](long long v) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((static_cast<unsigned long long>(v) >> shift) & 0xff);
    return out;
  };
  const std::string chars = abbreviation + '\0';
  auto block = [&] {
    std::string header = std::string("TZif2") + std::string(15, '\0');
    for (long long c : {0LL, 0LL, 0LL, 0LL, 1LL, static_cast<long long>(chars.size())}) header += be32(c);
    return header + be32(offset) + '\0' + '\0' + chars;
  };
  return block() + block() + "\n" + footer + "\n";
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t pos = 0, end; (end = text.find("\r\n", pos)) != std::string::npos; pos = end + 2)
    out.push_back(text.substr(pos, end - pos));
  return out;
}

}  // namespace

TEST_CASE("zoneinfo: offsets and local times from the system's database", "[ical][zoneinfo]") {
  const ZoneRules la = ZoneRules::load("America/Los_Angeles");
  CHECK(la.offset_at(at(2027, 3, 14, 9, 59)).utc_offset == hours{-8});  // 01:59 PST
  CHECK(la.offset_at(at(2027, 3, 14, 10)).utc_offset == hours{-7});     // 03:00 PDT
  CHECK(la.offset_at(at(2027, 3, 14, 10)).dst);
  CHECK(la.offset_at(at(2027, 3, 14, 10)).abbreviation == "PDT");
  CHECK(la.offset_at(at(2061, 7, 1, 0)).utc_offset == hours{-7});  // past any table: the yearly rule
  CHECK(la.offset_at(at(2061, 12, 1, 0)).utc_offset == hours{-8});
  CHECK(la.to_utc(at(2027, 1, 13, 10)) == at(2027, 1, 13, 18));
  CHECK(la.to_utc(at(2027, 7, 14, 10)) == at(2027, 7, 14, 17));
  CHECK(la.to_utc(at(2027, 3, 14, 2, 30)) == at(2027, 3, 14, 10, 30));  // in the gap: read as PST
  CHECK(la.to_utc(at(2027, 11, 7, 1, 30)) == at(2027, 11, 7, 8, 30));   // in the overlap: the earlier

  const ZoneRules berlin = ZoneRules::load("Europe/Berlin");
  CHECK(berlin.offset_at(at(2027, 3, 28, 0, 59)).utc_offset == hours{1});
  CHECK(berlin.offset_at(at(2027, 3, 28, 1)).utc_offset == hours{2});
  CHECK(berlin.offset_at(at(2027, 10, 31, 1)).utc_offset == hours{1});
}

TEST_CASE("zoneinfo: a VTIMEZONE covers the range with the zone's yearly rules", "[ical][zoneinfo]") {
  const ZoneRules berlin = ZoneRules::load("Europe/Berlin");
  std::string out;
  detail::ics_vtimezone(out, "Europe/Berlin", berlin.observances(at(2026, 12, 1, 0), std::nullopt));
  CHECK(lines(out) == std::vector<std::string>{
                          "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
                          "BEGIN:DAYLIGHT", "DTSTART:20260329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
                          "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZNAME:CEST", "END:DAYLIGHT",
                          "BEGIN:STANDARD", "DTSTART:20261025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
                          "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZNAME:CET", "END:STANDARD",
                          "END:VTIMEZONE"});

  // Israel: the Friday before the last Sunday of March (the footer says "M3.4.4/26": the fourth
  // Thursday, plus 26 hours).
  const auto israel = ZoneRules::load("Asia/Jerusalem").observances(at(2026, 12, 1, 0), std::nullopt);
  REQUIRE(israel.yearly.size() == 2);
  out.clear();
  detail::ics_vtimezone(out, "Asia/Jerusalem", israel);
  CHECK_THAT(out, Catch::Matchers::Contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29\r\n"));

  // A zone without daylight saving time: one observance since before the range.
  out.clear();
  detail::ics_vtimezone(out, "Asia/Tokyo", ZoneRules::load("Asia/Tokyo").observances(at(2026, 12, 1, 0), at(2027, 6, 1, 0)));
  CHECK_THAT(out, Catch::Matchers::Contains("TZOFFSETFROM:+1000\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\n"));
  CHECK_THAT(out, !Catch::Matchers::Contains("RRULE"));

  CHECK(detail::ics_offset(seconds{-(3 * 3600 + 30 * 60)}) == "-0330");
  CHECK(detail::ics_offset(seconds{0}) == "+0000");
  CHECK(detail::ics_offset(seconds{5 * 3600 + 10 * 60 + 45}) == "+051045");
}

TEST_CASE("zoneinfo: a rule iCalendar cannot repeat is written out for a bounded range", "[ical][zoneinfo]") {
  // "J60": 1 March every year, and "J300": 27 October; no RRULE of the kind written here says so.
  const ZoneRules z = ZoneRules::parse("Etc/Test", tzif("XXX3YYY,J60,J300"));
  CHECK(z.offset_at(at(2028, 3, 1, 4, 59)).utc_offset == hours{-3});
  CHECK(z.offset_at(at(2028, 3, 1, 5)).utc_offset == hours{-2});
  const auto bounded = z.observances(at(2027, 1, 1, 0), at(2028, 12, 31, 0));
  CHECK(bounded.yearly.empty());
  std::vector<sys_seconds> onsets;
  for (const detail::ZoneChange& c : bounded.changes)
    if (c.at >= at(2027, 1, 1, 0)) onsets.push_back(c.at);
  CHECK(onsets == std::vector<sys_seconds>{at(2027, 3, 1, 5), at(2027, 10, 27, 4), at(2028, 3, 1, 5), at(2028, 10, 27, 4)});
  require_throws_with<InvalidArgument>([&] { (void)z.observances(at(2027, 1, 1, 0), std::nullopt); }, ErrorCode::invalid_argument,
                                       {"Etc/Test", "cannot repeat"});
}

TEST_CASE("zoneinfo: unknown zones and damaged files are refused", "[ical][zoneinfo]") {
  require_throws_with<InvalidArgument>([] { (void)ZoneRules::load("Europe/Atlantis"); }, ErrorCode::invalid_argument,
                                       {"unknown time zone 'Europe/Atlantis'", "not in the time-zone database"});
  const std::string good = tzif("XXX3");
  CHECK(ZoneRules::parse("Etc/Test", good).offset_at(at(2027, 1, 1, 0)).utc_offset == hours{-3});
  for (const std::string& bad : {std::string("TZif"), "XZif" + good.substr(4), good.substr(0, good.size() - 30),
                                 tzif("XXX3YYY"), tzif("XXX3YYY,M13.1.0,M1.1.0"), tzif("X3"), tzif("XXX3", 26 * 3600)})
    require_throws_with<InvalidArgument>([&] { (void)ZoneRules::parse("Etc/Test", bad); }, ErrorCode::invalid_argument,
                                         {"invalid time-zone data for 'Etc/Test'"});

  // The export names the zone it cannot find.
  ActionBook book(Calendar({Wednesday, minutes{600}, minutes{60}, "Europe/Atlantis"}));
  IcsOptions options;
  options.from = ymd(2026, 12, 1);
  require_throws_with<InvalidArgument>([&] { (void)to_icalendar(book, options); }, ErrorCode::invalid_argument,
                                       {"Europe/Atlantis"});
}

TEST_CASE("ical: UTC meetings are written as UTC times, without a VTIMEZONE", "[ical][zoneinfo]") {
  ActionBook book(Calendar({Wednesday, minutes{600}, minutes{60}, "UTC"}));
  IcsOptions options;
  options.from = ymd(2026, 12, 1);
  options.until = ymd(2027, 1, 31);
  const std::string ics = to_icalendar(book, options);
  CHECK_THAT(ics, Catch::Matchers::Contains("\r\nDTSTART:20261202T100000Z\r\n"));
  CHECK_THAT(ics, Catch::Matchers::Contains(";UNTIL=20270131T235900Z\r\n"));
  CHECK_THAT(ics, !Catch::Matchers::Contains("VTIMEZONE"));
}
