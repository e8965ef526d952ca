// SPDX-License-Identifier: Apache-2.0
// Shared fixtures for the action-item tests: a roster, a Wednesday calendar, change contexts, and
// a check that a bad call throws the right error and leaves a value exactly as it was.
#pragma once

#include <catch2/catch.hpp>

#include <opswheel/opswheel.hpp>

#include <wheel_helpers.hpp>

#include <chrono>
#include <initializer_list>
#include <string>

namespace opswheel_test {

/// Six teams; iam has a dashboard url and a display name.
inline opswheel::Roster team_roster() {
  opswheel::Roster r;
  for (const char* id : {"ec2-api", "s3", "lambda", "sqs", "dynamo"}) r.add({.id = id});
  r.add({.id = "iam", .name = "IAM", .url = "https://dash.example.com/iam"});
  return r;
}

/// Wednesdays 10:00-12:00 in Europe/Berlin.
inline opswheel::Calendar wednesdays() {
  return opswheel::Calendar(opswheel::Cadence{std::chrono::Wednesday, std::chrono::minutes{600}, std::chrono::minutes{120}, "Europe/Berlin"});
}

/// A change made by `actor` at 2026-12-02T10:00:00Z plus `minutes`.
inline opswheel::ChangeContext by(const std::string& actor, int minutes = 0) {
  return {actor, std::chrono::sys_days{ymd(2026, 12, 2)} + std::chrono::hours{10} + std::chrono::minutes{minutes}};
}

/// Runs `call`, requires it to throw `E` with `code` and every fragment in its message.
template <class E, class F>
void require_throws_with(F&& call, opswheel::ErrorCode code, std::initializer_list<std::string> fragments) {
  try {
    call();
  } catch (const E& e) {
    CHECK(e.code() == code);
    for (const std::string& f : fragments) CHECK_THAT(e.what(), Catch::Matchers::Contains(f));
    return;
  } catch (const std::exception& e) {
    FAIL("threw the wrong type: " << e.what());
  }
  FAIL("did not throw");
}

}  // namespace opswheel_test

/// `expr` throws `Type` with `code` and the fragments, and `value` compares equal to its copy
/// taken before the call (strong guarantee).
#define REQUIRE_REFUSED(value, Type, code, expr, ...)                                        \
  do {                                                                                      \
    const auto before_ = (value);                                                           \
    INFO("call: " #expr);                                                                   \
    ::opswheel_test::require_throws_with<Type>([&] { (void)(expr); }, (code), {__VA_ARGS__}); \
    REQUIRE(before_ == (value));                                                            \
  } while (false)
