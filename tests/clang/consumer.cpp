// SPDX-License-Identifier: Apache-2.0
// A consumer translation unit for the Clang check (ctest compile.clang.*): the whole C++ API
// included, and enough of it used that the policies' templates are instantiated, since that is
// where Clang and GCC have disagreed (see detail::AwsMass in policies/aws.hpp).
#include <opswheel/opswheel.hpp>
#include <opswheel/json.hpp>
#include <opswheel/policies.hpp>
#include <opswheel/simulate.hpp>
#include <opswheel/store.hpp>

int main() {
  opswheel::Wheel wheel("aws", 7);
  for (const char* id : {"ec2-api", "s3", "lambda"}) wheel.add({.id = id});
  const opswheel::Suggestion s = wheel.suggest(2);
  wheel.accept(s, opswheel::parse_date("2026-12-02"));
  return wheel.stats().size() == 3 ? 0 : 1;
}
