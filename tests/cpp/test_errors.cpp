// SPDX-License-Identifier: Apache-2.0
//
// The error table (errors.hpp): one row per code, in enum order, with a name, a summary and a
// meaning of its own, and each exception class carrying its code. The C status, Python class and
// exit status of each code are checked where they are made (static_asserts in
// src/capi/boundary.cpp and src/cli/exit_codes.hpp, tests/python/test_errors.py).
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <opswheel/errors.hpp>

using namespace opswheel;

TEST_CASE("errors: every code has a name, a summary and a meaning of its own", "[errors]") {
  std::set<std::string_view> names, summaries, meanings;
  for (std::size_t i = 0; i < error_codes.size(); ++i) {
    const ErrorCodeInfo& info = error_codes[i];
    CAPTURE(info.name);
    CHECK(static_cast<std::size_t>(info.code) == i);
    CHECK(to_string(info.code) == info.name);
    CHECK(summary(info.code) == info.summary);
    CHECK(describe(info.code) == info.meaning);
    CHECK(!info.summary.empty());
    CHECK(info.meaning.size() > info.summary.size());
    CHECK(names.insert(info.name).second);
    CHECK(summaries.insert(info.summary).second);
    CHECK(meanings.insert(info.meaning).second);
  }
  CHECK(error_code_count == error_codes.size());
  CHECK(to_string(static_cast<ErrorCode>(error_code_count)) == "error");
  CHECK(describe(static_cast<ErrorCode>(error_code_count)).empty());
}

TEST_CASE("errors: the exception classes carry their codes", "[errors]") {
  CHECK(to_string(UnknownId("x").code()) == "unknown_id");
  CHECK(UnknownItem("AI-1").code() == ErrorCode::unknown_item);
  CHECK(Conflict("x").code() == ErrorCode::conflict);
  CHECK(StorageFailure("x").code() == ErrorCode::storage);
  CHECK(DuplicateItem("AI-1").code() == ErrorCode::duplicate_id);
  CHECK(InvalidTransition("x").code() == ErrorCode::invalid_transition);
}
