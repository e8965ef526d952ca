// SPDX-License-Identifier: Apache-2.0
//
// Wheels whose pages the tests render: hostile names and reasons, a pause with a date, a pin, a
// skip, a team at zero chance, chances at 1 and near 0. tests/cpp/test_page.cpp checks what the
// pages say; tests/page/page_fixture.cpp writes them for check_page.py, which compares them byte
// for byte with web/wheel/assemble.py's render() of the same data.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <opswheel/opswheel.hpp>

namespace page_scenarios {

/// Names a page must show as text: markup, the placeholder, JSON's and JavaScript's special
/// characters, non-ASCII.
inline std::vector<std::string> hostile_names() {
  return {"</script><img src=x onerror=alert(1)>", "@OPSWHEEL_DATA@", "\"quoted\" \\back\\slash\\",
          "<!-- not a comment", "a&b>c<d", "line\u2028separator\u2029paragraph", "Ünïcödé 名前 😀",
          "'single' `back` ${x}"};
}

struct Spin {
  opswheel::Wheel wheel;
  opswheel::Suggestion suggestion;
};

/// quota, 12 teams (eight hostile names, one paused until a date, one pinned), 5 picks of which
/// one was skipped and replaced.
inline Spin quota_spin() {
  opswheel::Wheel w("quota", 20261209);
  const auto names = hostile_names();
  for (std::size_t i = 0; i < 12; ++i) {
    opswheel::Participant p;
    p.id = "team-" + std::to_string(i);
    p.name = i < names.size() ? names[i] : std::string();
    p.url = i % 3 == 0 ? "https://dash.example.com/" + p.id + "?a=1&b=</script>" : std::string();
    p.weight = 1.0 + static_cast<double>(i % 4);
    w.add(std::move(p));
  }
  w.pause("team-11", opswheel::parse_date("2027-01-06"));
  w.pin("team-7", "after Monday's </script> outage");
  const opswheel::Suggestion first = w.suggest(5);
  const std::string skipped = first.picks.back();
  return {w, w.skip(first, skipped, "on call & away <this week>")};
}

/// aws after one accepted meeting: its presenter's weight is 0 under the AWS rule, so it has no
/// chance this week. A new spin of 1.
inline Spin aws_after_meeting() {
  opswheel::Wheel w("aws", 7);
  for (const char* id : {"ec2", "s3", "iam", "sqs", "sns", "lambda"}) w.add(id);
  w.accept(w.suggest(1), opswheel::parse_date("2026-12-02"));
  return {w, w.suggest(1)};
}

/// lottery with weights far apart: one team certain (chance 1), others near 0 (numbers in both
/// of Python's notations).
inline Spin lottery_extremes() {
  opswheel::Wheel w("lottery", 3);
  w.add("huge", 1e6);
  w.add("tiny", 1e-6);  // the smallest weight there is (limits.hpp)
  w.add("small", 0.0002);
  w.add("mid", 3.0);
  w.add("whole", 1.0);
  return {w, w.suggest(2)};
}

/// Every renderer path, by name: suggestions with and without a meeting date, each option, and a
/// recorded meeting replayed from the log after later changes.
inline std::vector<std::pair<std::string, std::string>> pages() {
  std::vector<std::pair<std::string, std::string>> out;
  const Spin quota = quota_spin();
  opswheel::PageOptions dated;
  dated.title = "weekly-ops </title><script>alert(1)</script>";
  dated.date = opswheel::parse_date("2026-12-09");  // a Wednesday: the default cadence's meeting
  out.emplace_back("quota_dated", opswheel::wheel_page(quota.wheel, quota.suggestion, dated));

  const Spin aws = aws_after_meeting();
  opswheel::PageOptions dark;
  dark.theme = "dark";
  dark.spin_seconds = 0;
  dark.date = opswheel::parse_date("2026-12-10");  // not a meeting day: undated slots
  out.emplace_back("aws_zero_chance", opswheel::wheel_page(aws.wheel, aws.suggestion, dark));

  const Spin lottery = lottery_extremes();
  opswheel::PageOptions quick;
  quick.spin_seconds = 0.25;
  quick.theme = "light";
  quick.agenda.review = std::chrono::minutes{20};
  out.emplace_back("lottery_extremes", opswheel::wheel_page(lottery.wheel, lottery.suggestion, quick));

  opswheel::Wheel later = quota.wheel;
  later.accept(quota.suggestion, opswheel::parse_date("2026-12-09"));
  later.set_weight("team-0", 9);
  later.remove("team-1");
  later.accept(later.suggest(3), opswheel::parse_date("2026-12-16"));
  out.emplace_back("quota_meeting_1", opswheel::meeting_page(later, 1, dated));
  out.emplace_back("quota_meeting_2", opswheel::meeting_page(later, 2));
  return out;
}

}  // namespace page_scenarios
