// SPDX-License-Identifier: Apache-2.0
// Rng: the random stream is Boost's mt19937_64, bit for bit, and the picks built on it are pinned.
#include <catch2/catch.hpp>

#include <opswheel/opswheel.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

using opswheel::Rng;

TEST_CASE("Rng is mt19937_64: the 10000th output for the default seed is the standard's value", "[rng]") {
  // C++11 [rand.predef] fixes this value for mt19937_64 seeded with 5489; Boost's engine must match.
  Rng rng(5489);
  std::uint64_t x = 0;
  for (int i = 0; i < 10000; ++i) x = rng();
  CHECK(x == 9981545732273789042ULL);
  CHECK(rng.position() == 10000);
  CHECK(rng.seed() == 5489);
}

TEST_CASE("Rng draws stay in range and are spread", "[rng]") {
  Rng rng(1);
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    const auto b = rng.below(10);
    REQUIRE(b < 10);
    ++counts[b];
  }
  for (const int c : counts) CHECK(std::abs(c - 10000) < 500);  // > 5 standard deviations
}

TEST_CASE("derive_seed gives distinct seeds per stream and per master", "[rng]") {
  std::set<std::uint64_t> seen;
  for (std::uint64_t master = 0; master < 20; ++master)
    for (std::uint64_t stream = 0; stream < 500; ++stream) seen.insert(opswheel::derive_seed(master, stream));
  CHECK(seen.size() == 20 * 500);
  static_assert(opswheel::derive_seed(1, 2) == opswheel::derive_seed(1, 2));
}

// Golden picks: any change to the random stream, the samplers or a policy's rule shows up here.
// If a change is intended, update the expected lists and say so in CHANGELOG.md: saved seeds
// would no longer reproduce old picks.
TEST_CASE("golden picks for a fixed seed", "[rng][golden]") {
  auto first_picks = [](const char* policy) {
    opswheel::Wheel wheel(policy, 20261202);
    for (int i = 0; i < 12; ++i) wheel.add("team-" + std::to_string(i), 1.0 + i % 3);
    std::vector<std::string> picks;
    for (int week = 0; week < 3; ++week) {
      const auto s = wheel.suggest(3);
      picks.insert(picks.end(), s.picks.begin(), s.picks.end());
      wheel.accept(s);
    }
    return picks;
  };
  using V = std::vector<std::string>;
  CHECK(first_picks("aws") == V{"team-5", "team-8", "team-1", "team-0", "team-11", "team-3", "team-2", "team-6", "team-7"});
  CHECK(first_picks("lottery") == V{"team-1", "team-2", "team-7", "team-3", "team-5", "team-10", "team-1", "team-2", "team-9"});
  CHECK(first_picks("shuffle_bag") == V{"team-1", "team-6", "team-10", "team-4", "team-5", "team-11", "team-2", "team-5", "team-8"});
  CHECK(first_picks("rotation") == V{"team-2", "team-5", "team-8", "team-11", "team-1", "team-4", "team-7", "team-10", "team-2"});
  CHECK(first_picks("quota") == V{"team-5", "team-7", "team-1", "team-1", "team-9", "team-2", "team-2", "team-4", "team-5"});
}
