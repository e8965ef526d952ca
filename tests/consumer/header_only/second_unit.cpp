// A second translation unit that uses the same headers as main.cpp: in header-only mode every
// definition they bring in must be inline, or the link fails with a duplicate symbol. It also
// draws from a policy at start-up, so the policies' header-only code runs, not only links.
#include <opswheel/opswheel.hpp>
#include <opswheel/policies.hpp>

#include <cstdio>
#include <cstdlib>

namespace {
const bool second_unit_draws = [] {
  opswheel::Wheel wheel("quota", 7);
  wheel.add("a");
  wheel.add("b");
  wheel.add("c");
  if (wheel.suggest(2).picks.size() != 2) {
    std::fprintf(stderr, "second unit: expected 2 picks\n");
    std::abort();
  }
  return true;
}();
}  // namespace
