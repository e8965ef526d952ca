// SPDX-License-Identifier: Apache-2.0
// Every bad-input path throws its documented exception type, with the right ErrorCode and a
// message naming the offending value, and leaves the wheel exactly as it was (strong guarantee).
#include <catch2/catch.hpp>

#include <opswheel/opswheel.hpp>

#include <wheel_helpers.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

using namespace opswheel;
using opswheel_test::all_policies;
using opswheel_test::ids;
using opswheel_test::ymd;

namespace {

// Five eligible teams of different weights, one paused team, four dated meetings of two picks:
// enough history that every policy has state of its own to lose.
Wheel make_fixture(const std::string& policy) {
  Wheel w(policy, 20260105);
  w.add("alpha", 1.0);
  w.add("bravo", 2.0);
  w.add("charlie", 1.5);
  w.add("delta", 1.0);
  w.add("echo", 3.0);
  w.add("foxtrot", 1.0);
  for (unsigned week = 0; week < 4; ++week) w.accept(w.suggest(2), ymd(2026, 1, 5 + 7 * week));
  w.pause("foxtrot", ymd(2026, 3, 1));
  return w;
}

void require_same_policy_state(const Policy& a, const Policy& b) {
  REQUIRE(a.name() == b.name());
  REQUIRE(a.size() == b.size());
  REQUIRE(a.eligible_count() == b.eligible_count());
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a.eligible(i) == b.eligible(i));
    REQUIRE(a.weight(i) == b.weight(i));
  }
  if (const auto* x = dynamic_cast<const AwsPolicy*>(&a)) {
    REQUIRE(x->current_weights() == dynamic_cast<const AwsPolicy&>(b).current_weights());
  } else if (const auto* y = dynamic_cast<const ShuffleBagPolicy*>(&a)) {
    for (std::size_t i = 0; i < a.size(); ++i)
      REQUIRE(y->tokens(i) == dynamic_cast<const ShuffleBagPolicy&>(b).tokens(i));
  } else if (const auto* z = dynamic_cast<const RotationPolicy*>(&a)) {
    REQUIRE(z->epoch_week() == dynamic_cast<const RotationPolicy&>(b).epoch_week());
  }
}

// Everything observable about a wheel is the same in `before` (a copy taken before a failed call)
// and `after` (the wheel the call failed on), and both go on to draw the same picks.
void require_same_state(const Wheel& before, const Wheel& after) {
  REQUIRE(before.roster() == after.roster());
  REQUIRE(before.seed() == after.seed());
  REQUIRE(before.version() == after.version());
  REQUIRE(before.spins() == after.spins());
  REQUIRE(before.stream_position() == after.stream_position());
  REQUIRE(before.pins() == after.pins());

  REQUIRE(before.history() == after.history());
  REQUIRE(before.stats() == after.stats());

  require_same_policy_state(before.policy(), after.policy());
  if (before.policy().eligible_count() == 0) return;

  // The policy state did not move: fresh copies of both draw the same picks, spin after spin,
  // through accepted meetings (which is where a policy's state shows).
  Wheel a = before;
  Wheel b = after;
  const std::size_t k = std::min<std::size_t>(2, a.policy().eligible_count());
  if (k < a.pins().size()) return;  // a deliberately over-pinned wheel cannot suggest at this k
  REQUIRE(a.probabilities(1).values == b.probabilities(1).values);
  for (int round = 0; round < 3; ++round) {
    const Suggestion x = a.suggest(k);
    const Suggestion y = b.suggest(k);
    REQUIRE(x == y);
    a.accept(x);
    b.accept(y);
  }
}

// Runs `call`, requires it to throw exactly E with `code`, and every needle in what().
template <class E, class F>
void require_throws(F&& call, ErrorCode code, std::initializer_list<std::string> needles) {
  static_assert(std::is_base_of_v<Error, E>);
  bool thrown = false;
  try {
    call();
  } catch (const E& e) {
    thrown = true;
    const std::string what = e.what();
    INFO("what(): " << what);
    CHECK(typeid(e) == typeid(E));
    CHECK(e.code() == code);
    for (const auto& needle : needles) {
      INFO("expected in what(): " << needle);
      CHECK(what.find(needle) != std::string::npos);
    }
  }
  REQUIRE(thrown);
}

}  // namespace

// `expr` on `wheel` throws Type with `code` and the needles in what(); the wheel is unchanged.
#define REQUIRE_BAD(wheel, Type, code, expr, ...)                                   \
  do {                                                                               \
    const ::opswheel::Wheel before_ = (wheel);                                       \
    INFO("call: " #expr);                                                            \
    require_throws<Type>([&] { (void)(expr); }, (code), {__VA_ARGS__});              \
    require_same_state(before_, (wheel));                                            \
  } while (false)

// Without a wheel: only the type, code and message.
#define REQUIRE_THROWS_NAMED(Type, code, expr, ...)                                  \
  do {                                                                               \
    INFO("call: " #expr);                                                            \
    require_throws<Type>([&] { (void)(expr); }, (code), {__VA_ARGS__});              \
  } while (false)

TEST_CASE("bad input: the exception hierarchy and its codes", "[bad-input]") {
  STATIC_REQUIRE(std::is_base_of_v<std::runtime_error, Error>);
  STATIC_REQUIRE(std::is_base_of_v<Error, InvalidArgument>);
  STATIC_REQUIRE(std::is_base_of_v<InvalidArgument, InvalidId>);
  STATIC_REQUIRE(std::is_base_of_v<InvalidArgument, DuplicateId>);
  STATIC_REQUIRE(std::is_base_of_v<Error, UnknownId>);
  STATIC_REQUIRE_FALSE(std::is_base_of_v<InvalidArgument, UnknownId>);
  STATIC_REQUIRE(std::is_base_of_v<Error, NotEnoughTeams>);
  STATIC_REQUIRE(std::is_base_of_v<Error, StaleSuggestion>);

  CHECK(InvalidArgument("x").code() == ErrorCode::invalid_argument);
  CHECK(InvalidId("x").code() == ErrorCode::invalid_id);
  CHECK(DuplicateId("x").code() == ErrorCode::duplicate_id);
  CHECK(UnknownId("x").code() == ErrorCode::unknown_id);
  CHECK(NotEnoughTeams("x").code() == ErrorCode::not_enough_teams);
  CHECK(StaleSuggestion("x").code() == ErrorCode::stale_suggestion);
  // The codes are distinct (the C API maps them to distinct statuses).
  const ErrorCode codes[] = {ErrorCode::invalid_argument, ErrorCode::invalid_id,
                             ErrorCode::duplicate_id,     ErrorCode::unknown_id,
                             ErrorCode::not_enough_teams, ErrorCode::stale_suggestion};
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t j = i + 1; j < 6; ++j) CHECK(codes[i] != codes[j]);
}

TEST_CASE("bad input: weights that are NaN, infinite, zero or negative", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();

  const auto code = ErrorCode::invalid_argument;
  REQUIRE_BAD(w, InvalidArgument, code, w.add("golf", nan), "NaN", "golf");
  REQUIRE_BAD(w, InvalidArgument, code, w.add("golf", inf), "weight inf ", "golf");
  REQUIRE_BAD(w, InvalidArgument, code, w.add("golf", -inf), "weight -inf ", "golf");
  REQUIRE_BAD(w, InvalidArgument, code, w.add("golf", 0.0), "weight 0", "golf");
  REQUIRE_BAD(w, InvalidArgument, code, w.add("golf", -2.0), "weight -2", "golf");

  Participant p;
  p.id = "golf";
  p.weight = nan;
  REQUIRE_BAD(w, InvalidArgument, code, w.add(p), "NaN", "golf");
  p.weight = -0.5;
  REQUIRE_BAD(w, InvalidArgument, code, w.add(p), "weight -0.5", "golf");

  for (const char* id : {"alpha", "foxtrot"}) {  // an active and a paused team
    CAPTURE(id);
    REQUIRE_BAD(w, InvalidArgument, code, w.set_weight(id, nan), "NaN", id);
    REQUIRE_BAD(w, InvalidArgument, code, w.set_weight(id, inf), "weight inf ", id);
    REQUIRE_BAD(w, InvalidArgument, code, w.set_weight(id, -inf), "weight -inf ", id);
    REQUIRE_BAD(w, InvalidArgument, code, w.set_weight(id, 0.0), "weight 0", id);
    REQUIRE_BAD(w, InvalidArgument, code, w.set_weight(id, -1.0), "weight -1", id);
  }
  // The bad weight of an unknown team: the id is the first problem.
  REQUIRE_BAD(w, UnknownId, ErrorCode::unknown_id, w.set_weight("ghost", nan), "ghost");
}

TEST_CASE("bad input: ids that are empty, too long, not UTF-8 or hold control characters", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);
  const auto code = ErrorCode::invalid_id;

  REQUIRE_BAD(w, InvalidId, code, w.add(""), "empty");
  const std::string too_long(257, 'x');
  REQUIRE_BAD(w, InvalidId, code, w.add(too_long), "257", std::string(32, 'x'));
  REQUIRE_BAD(w, InvalidId, code, w.add("\xff"), "UTF-8");
  REQUIRE_BAD(w, InvalidId, code, w.add("ab\xc3"), "UTF-8");          // truncated sequence
  REQUIRE_BAD(w, InvalidId, code, w.add("\xc0\xaf"), "UTF-8");        // overlong "/"
  REQUIRE_BAD(w, InvalidId, code, w.add("\xed\xa0\x80"), "UTF-8");    // a surrogate
  // Control characters are quoted as \xNN (what() is a C string: a raw NUL would cut it short).
  REQUIRE_BAD(w, InvalidId, code, w.add("bad\tid"), "'bad\\x09id'", "control character");
  REQUIRE_BAD(w, InvalidId, code, w.add("bad\x7f" "id"), "'bad\\x7fid'", "control character");
  REQUIRE_BAD(w, InvalidId, code, w.add(std::string("nul\0id", 6)), "'nul\\x00id'", "control character");

  // An InvalidId is an InvalidArgument to a caller that only knows the base.
  CHECK_THROWS_AS(w.add(""), InvalidArgument);

  // The limits themselves are accepted: 256 bytes, multi-byte UTF-8.
  Wheel ok = make_fixture(policy);
  ok.add(std::string(256, 'y'));
  ok.add("caf\xc3\xa9-\xe2\x82\xac-\xf0\x9f\x9a\x80");  // "café-€-🚀"
  CHECK(ok.roster().size() == 8);
}

TEST_CASE("bad input: a duplicate id", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);
  REQUIRE_BAD(w, DuplicateId, ErrorCode::duplicate_id, w.add("alpha"), "alpha");
  REQUIRE_BAD(w, DuplicateId, ErrorCode::duplicate_id, w.add("foxtrot", 2.0), "foxtrot");  // paused
  CHECK_THROWS_AS(w.add("alpha"), InvalidArgument);  // DuplicateId derives from it
}

TEST_CASE("bad input: unknown ids", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);
  const auto code = ErrorCode::unknown_id;

  REQUIRE_BAD(w, UnknownId, code, w.remove("ghost"), "ghost");
  REQUIRE_BAD(w, UnknownId, code, w.pause("ghost"), "ghost");
  REQUIRE_BAD(w, UnknownId, code, w.pause("ghost", ymd(2026, 2, 1)), "ghost");
  REQUIRE_BAD(w, UnknownId, code, w.resume("ghost"), "ghost");
  REQUIRE_BAD(w, UnknownId, code, w.set_weight("ghost", 2.0), "ghost");
  REQUIRE_BAD(w, UnknownId, code, w.pin("ghost", "why"), "ghost");
  REQUIRE_BAD(w, UnknownId, code, w.unpin("ghost"), "ghost");
  REQUIRE_BAD(w, UnknownId, code, w.accept(ids({"alpha", "ghost"})), "ghost");
  REQUIRE_BAD(w, UnknownId, code, w.accept(ids({"ghost"}), ymd(2026, 2, 2)), "ghost");
  // Ids are exact: no case folding, no trimming.
  REQUIRE_BAD(w, UnknownId, code, w.remove("Alpha"), "Alpha");
  REQUIRE_BAD(w, UnknownId, code, w.pause("alpha "), "alpha ");

  // A hand-made suggestion naming a team that is not on the roster.
  Suggestion forged;
  forged.picks = ids({"alpha", "ghost"});
  forged.version = w.version();
  REQUIRE_BAD(w, UnknownId, code, w.accept(forged), "ghost");

  // skip() documents InvalidArgument for an id that is not among the suggestion's picks, which
  // covers an id that is not on the roster at all.
  const Suggestion s = w.suggest(2);
  REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.skip(s, "ghost", "why"), "ghost");
}

TEST_CASE("bad input: k = 0, k above the eligible teams, an empty wheel", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);  // six teams, one paused

  REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.suggest(0), "k");
  REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.probabilities(0), "k");
  REQUIRE_BAD(w, NotEnoughTeams, ErrorCode::not_enough_teams, w.suggest(6), "6", "only 5", "1 paused");
  REQUIRE_BAD(w, NotEnoughTeams, ErrorCode::not_enough_teams, w.suggest(100), "100");
  REQUIRE_BAD(w, NotEnoughTeams, ErrorCode::not_enough_teams, w.probabilities(6), "6");
  REQUIRE_NOTHROW(Wheel(w).suggest(5));  // the boundary is fine

  w.pause("alpha");
  w.pause("bravo");
  REQUIRE_BAD(w, NotEnoughTeams, ErrorCode::not_enough_teams, w.suggest(4), "4", "only 3", "3 paused");

  // Every team paused.
  for (const char* id : {"charlie", "delta", "echo"}) w.pause(id);
  REQUIRE_BAD(w, NotEnoughTeams, ErrorCode::not_enough_teams, w.suggest(1), "only 0");

  Wheel empty(policy, 1);
  REQUIRE_BAD(empty, NotEnoughTeams, ErrorCode::not_enough_teams, empty.suggest(1), "only 0");
  REQUIRE_BAD(empty, InvalidArgument, ErrorCode::invalid_argument, empty.suggest(0), "k");
  REQUIRE_BAD(empty, NotEnoughTeams, ErrorCode::not_enough_teams, empty.probabilities(1), "only 0");
}

TEST_CASE("bad input: a stale suggestion", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);
  const auto code = ErrorCode::stale_suggestion;

  SECTION("a team added after the spin") {
    const Suggestion s = w.suggest(2);
    w.add("golf");
    const std::string drawn = "version " + std::to_string(s.version);
    const std::string now = "version " + std::to_string(w.version());
    REQUIRE_BAD(w, StaleSuggestion, code, w.accept(s), drawn, now);
    REQUIRE_BAD(w, StaleSuggestion, code, w.accept(s, ymd(2026, 2, 2)), drawn);
    REQUIRE_BAD(w, StaleSuggestion, code, w.skip(s, s.picks[0], "out"), drawn, now);
  }
  SECTION("a suggestion accepted twice") {
    const Suggestion s = w.suggest(2);
    w.accept(s);
    REQUIRE_BAD(w, StaleSuggestion, code, w.accept(s), "stale");
  }
  SECTION("the other of two suggestions, once one is accepted") {
    const Suggestion s = w.suggest(2);
    const Suggestion t = w.suggest(2);
    w.accept(t);
    REQUIRE_BAD(w, StaleSuggestion, code, w.accept(s), "stale");
  }
  SECTION("every kind of change makes a suggestion stale") {
    using Change = void (*)(Wheel&);
    const Change changes[] = {
        [](Wheel& x) { x.add("golf"); },
        [](Wheel& x) { x.remove("delta"); },
        [](Wheel& x) { x.pause("delta"); },
        [](Wheel& x) { x.resume("foxtrot"); },
        [](Wheel& x) { x.resume_due(ymd(2026, 3, 1)); },  // resumes foxtrot
        [](Wheel& x) { x.set_weight("alpha", 4.0); },
        [](Wheel& x) { x.reset(); },
        [](Wheel& x) { x.pin("delta", "incident review"); },
        [](Wheel& x) { x.accept(ids({"echo"})); },
    };
    for (std::size_t c = 0; c < std::size(changes); ++c) {
      CAPTURE(c);
      Wheel x = w;
      const Suggestion s = x.suggest(2);
      changes[c](x);
      REQUIRE(x.version() > s.version);
      REQUIRE_BAD(x, StaleSuggestion, code, x.accept(s), "stale");
    }
    // unpin too.
    Wheel x = w;
    x.pin("delta", "why");
    const Suggestion s = x.suggest(2);
    x.unpin("delta");
    REQUIRE_BAD(x, StaleSuggestion, code, x.accept(s), "stale");
  }
}

TEST_CASE("bad input: urls", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);
  const auto with_url = [](const std::string& url) {
    Participant p;
    p.id = "golf";
    p.url = url;
    return p;
  };
  for (const char* url : {"ftp://x", "javascript:alert(1)", "http://", "https://", "https:// host",
                          "https:///path", "https://host/a b", "HTTPS//host", "mailto:x@y"}) {
    CAPTURE(url);
    REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.add(with_url(url)),
                "'" + std::string(url) + "'");
  }
  // A control character is quoted as \xNN.
  REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.add(with_url("https://host\n")),
              "'https://host\\x0a'");
  REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.add(with_url("https://ho\tst")),
              "'https://ho\\x09st'");
  // A bad url on a duplicate id: the url is reported first (everything of the participant is
  // validated before the roster is consulted).
  Participant dup = with_url("ftp://x");
  dup.id = "alpha";
  REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.add(dup), "ftp://x");

  for (const char* url : {"https://dash.example.com/x", "http://dash.example.com", ""}) {
    CAPTURE(url);
    Wheel ok = w;
    REQUIRE_NOTHROW(ok.add(with_url(url)));
    CHECK(ok.roster().at("golf").url == url);
  }
  // Changing a team's dashboard link goes through the same check: nothing changes.
  for (const char* url : {"javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
                          "vbscript:msgbox(1)", "//dash.example.com/x", "file:///etc/passwd"}) {
    CAPTURE(url);
    Participant p = w.roster().at("alpha");
    p.url = url;
    REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.update(p), "invalid url '" + detail::printable(url) + "'");
  }
}

TEST_CASE("bad input: dates that are not calendar dates, and meetings out of order", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);  // last meeting 2026-01-26
  const Date feb30 = ymd(2026, 2, 30);
  const Date month13 = ymd(2026, 13, 1);
  const Date feb29 = ymd(2026, 2, 29);  // 2026 is not a leap year
  const Date year0 = ymd(0, 1, 1);      // outside the years 1-9999 that format_date/parse_date round-trip
  const Date year10000 = ymd(10000, 1, 1);
  const auto code = ErrorCode::invalid_argument;

  for (const Date& bad : {feb30, month13, feb29, year0, year10000}) {
    REQUIRE_BAD(w, InvalidArgument, code, w.pause("alpha", bad), "invalid date");
    REQUIRE_BAD(w, InvalidArgument, code, w.pause("foxtrot", bad), "invalid date");  // already paused
    REQUIRE_BAD(w, InvalidArgument, code, w.resume_due(bad), "invalid date");
    REQUIRE_BAD(w, InvalidArgument, code, w.accept(ids({"alpha"}), bad), "invalid date");
    const Suggestion s = w.suggest(1);
    REQUIRE_BAD(w, InvalidArgument, code, w.accept(s, bad), "invalid date");
    Participant p;
    p.id = "golf";
    p.paused = true;
    p.paused_until = bad;
    REQUIRE_BAD(w, InvalidArgument, code, w.add(p), "invalid date");
  }
  // The message names the date.
  REQUIRE_BAD(w, InvalidArgument, code, w.pause("alpha", feb30), "2026-2-30");
  REQUIRE_BAD(w, InvalidArgument, code, w.resume_due(month13), "2026-13-1");
  REQUIRE_BAD(w, InvalidArgument, code, w.resume_due(year10000), "10000-1-1");

  // A meeting dated before the previous one's date.
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(ids({"alpha"}), ymd(2026, 1, 25)), "2026-01-25", "2026-01-26");
  const Suggestion s = w.suggest(2);
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(s, ymd(2025, 12, 31)), "2025-12-31", "2026-01-26");
  // ...also when undated meetings came in between: the last dated one counts.
  w.accept(ids({"alpha"}));
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(ids({"bravo"}), ymd(2026, 1, 19)), "2026-01-19", "2026-01-26");
  // The same day is fine.
  REQUIRE_NOTHROW(Wheel(w).accept(ids({"bravo"}), ymd(2026, 1, 26)));
}

TEST_CASE("bad input: explicit picks with a duplicate, a paused team or nobody", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);
  const auto code = ErrorCode::invalid_argument;
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(ids({"alpha", "alpha"})), "alpha", "twice");
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(ids({"alpha", "bravo", "alpha"}), ymd(2026, 2, 2)), "alpha");
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(ids({"alpha", "foxtrot"})), "foxtrot", "paused");
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(std::vector<std::string>{}), "at least one");

  // A hand-made suggestion that names a paused team or a team twice is refused the same way.
  Suggestion forged;
  forged.version = w.version();
  forged.picks = ids({"foxtrot"});
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(forged), "foxtrot", "paused");
  forged.picks = ids({"echo", "echo"});
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(forged), "echo", "twice");
}

TEST_CASE("bad input: pins", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);
  const auto code = ErrorCode::invalid_argument;

  REQUIRE_BAD(w, InvalidArgument, code, w.pin("foxtrot", "paused teams cannot present"), "foxtrot", "paused");
  w.pin("alpha", "incident review");
  REQUIRE_BAD(w, InvalidArgument, code, w.pin("alpha", "again"), "alpha", "already pinned");
  REQUIRE_BAD(w, InvalidArgument, code, w.pause("alpha"), "alpha", "pinned");
  REQUIRE_BAD(w, InvalidArgument, code, w.unpin("bravo"), "bravo", "not pinned");
  w.pin("bravo", "launch");
  REQUIRE_BAD(w, InvalidArgument, code, w.suggest(1), "2");  // two pins, one pick
  REQUIRE_NOTHROW(Wheel(w).suggest(2));
  // Explicit picks may leave pinned teams out (they stay pinned)...
  REQUIRE_NOTHROW(Wheel(w).accept(ids({"charlie"})));
  // ...but never list a paused team.
  REQUIRE_BAD(w, InvalidArgument, code, w.accept(ids({"alpha", "foxtrot"})), "foxtrot");
}

TEST_CASE("bad input: skip", "[bad-input]") {
  const std::string policy = GENERATE(from_range(all_policies));
  CAPTURE(policy);
  Wheel w = make_fixture(policy);  // five eligible teams
  const Suggestion s = w.suggest(2);

  std::string outsider;
  for (const auto& p : w.roster())
    if (!p.paused && std::find(s.picks.begin(), s.picks.end(), p.id) == s.picks.end()) outsider = p.id;
  REQUIRE(!outsider.empty());
  REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.skip(s, outsider, "why"), outsider,
              "not among");
  REQUIRE_BAD(w, InvalidArgument, ErrorCode::invalid_argument, w.skip(s, "foxtrot", "why"), "foxtrot");

  // Nobody left to draw: five eligible teams and k = 4; the first skip brings in the fifth team,
  // a second skip has nobody left.
  const Suggestion four = w.suggest(4);
  const Suggestion once = w.skip(four, four.picks[0], "out");
  REQUIRE_BAD(w, NotEnoughTeams, ErrorCode::not_enough_teams, w.skip(once, once.picks[0], "out"), "4",
              "2 skipped");
}

TEST_CASE("bad input: an unknown policy name", "[bad-input]") {
  for (const char* name : {"nope", "", "AWS", "lottery "}) {
    CAPTURE(name);
    REQUIRE_THROWS_NAMED(InvalidArgument, ErrorCode::invalid_argument, Wheel(name, 1),
                         "'" + std::string(name) + "'", "aws", "lottery", "shuffle_bag", "rotation");
    REQUIRE_THROWS_NAMED(InvalidArgument, ErrorCode::invalid_argument, make_policy(name), "shuffle_bag");
  }
  for (const auto name : policy_names) CHECK_NOTHROW(Wheel(name, 1));
}

TEST_CASE("bad input: parse_date", "[bad-input]") {
  for (const char* text : {"2026-13-01", "2026-2-1", "", "abcd-ef-gh", "2026-02-29", "2026-02-30", "2026-00-10",
                           "2026-01-00", "0000-01-01", "2026-01-01 ", " 2026-01-01", "2026/01/01", "+026-01-01",
                           "2026-01-32", "20260101"}) {
    CAPTURE(text);
    REQUIRE_THROWS_NAMED(InvalidArgument, ErrorCode::invalid_argument, parse_date(text),
                         "'" + std::string(text) + "'");
  }
  CHECK(parse_date("2028-02-29") == ymd(2028, 2, 29));
  CHECK(parse_date("2026-12-02") == ymd(2026, 12, 2));
  CHECK(parse_date("0001-01-01") == ymd(1, 1, 1));
  CHECK(parse_date("9999-12-31") == ymd(9999, 12, 31));
  CHECK(parse_date("2000-02-29") == ymd(2000, 2, 29));  // divisible by 400: a leap year
  REQUIRE_THROWS_NAMED(InvalidArgument, ErrorCode::invalid_argument, parse_date("1900-02-29"), "1900-02-29");
  CHECK(format_date(parse_date("2026-03-09")) == "2026-03-09");
}

TEST_CASE("bad input: error messages quote the input readably and stay valid UTF-8", "[bad-input]") {
  Wheel w("lottery", 1);
  auto message = [&](auto&& call) -> std::string {
    try {
      call();
    } catch (const Error& e) {
      return e.what();
    }
    FAIL("no exception");
    return {};
  };
  std::string long_id = "a";
  for (int i = 0; i < 128; ++i) long_id += "\xc3\xa9";  // é: a cut at 32 bytes would split one
  const std::string too_long = message([&] { w.add(long_id); });
  CHECK(opswheel::detail::is_valid_utf8(too_long));
  CHECK(too_long.find("257 bytes") != std::string::npos);
  CHECK(message([&] { w.add(std::string("bad\xff")); }).find("bad\\xff") != std::string::npos);
  CHECK(message([&] { w.add("tiny", -1e-9); }).find("weight -1e-09 ") != std::string::npos);
  CHECK(message([&] { w.add("zero", -0.0); }).find("weight -0 ") != std::string::npos);
  CHECK(w.roster().empty());
}

TEST_CASE("bad input: more pins than picks names the pins", "[bad-input]") {
  Wheel w("rotation", 1);
  for (const char* id : {"a", "b", "c"}) w.add(id);
  w.pin("a", "event");
  w.pin("b", "event");
  CHECK_THROWS_WITH(w.suggest(1), Catch::Contains("2 teams are pinned"));
  CHECK(w.suggest(2).picks.size() == 2);
}

TEST_CASE("inputs that look odd but are fine are accepted", "[bad-input]") {
  Wheel w("lottery", 1);
  w.add({.id = "designated", .weight = 2});  // compiles warning-free under -Wextra -Werror
  Participant p;
  p.id = "upper";
  p.url = "HTTPS://Dash.Example.com/x";  // URL schemes are case-insensitive
  w.add(p);
  w.accept({"designated", "upper"});  // a braced list of ids
  CHECK(w.history().size() == 1);
}
