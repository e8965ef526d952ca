// fwd.hpp declares each type as its defining header does: it is included first, then the public
// headers, so a declaration that does not match (a type outside the versioned namespace, an
// alias for another type, an enum with another underlying type) fails to compile here.
#include <opswheel/fwd.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace {
// Compiled with only the forward declarations in view: a function that takes a wheel by reference.
std::size_t history_length(const opswheel::Wheel& wheel);
}  // namespace

#include <opswheel/json.hpp>
#include <opswheel/opswheel.hpp>
#include <opswheel/simulate.hpp>
#include <opswheel/store.hpp>

namespace {
std::size_t history_length(const opswheel::Wheel& wheel) { return wheel.history().size(); }
}  // namespace

TEST_CASE("fwd: the forward declarations name the types the headers define", "[fwd]") {
  opswheel::Wheel wheel("rotation", 1);
  wheel.add("a");
  wheel.add("b");
  wheel.accept(wheel.suggest(1));
  CHECK(history_length(wheel) == 1);
}
