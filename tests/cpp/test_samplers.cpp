// SPDX-License-Identifier: Apache-2.0
// The weighted-sampling building blocks: Fenwick tree, exact shares, pivotal and A-Res draws.
#include <catch2/catch.hpp>

#include <opswheel/detail/fenwick.hpp>
#include <opswheel/detail/sampling.hpp>
#include <opswheel/detail/shares.hpp>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <set>
#include <vector>

using namespace opswheel;

TEST_CASE("Fenwick prefix sums and find agree with a plain scan", "[sampler][fenwick]") {
  Rng rng(3);
  std::vector<double> values(37);
  for (auto& v : values) v = 1.0 + static_cast<double>(rng.below(9));
  detail::Fenwick<double> tree(values);
  detail::Fenwick<double> grown;
  for (const double v : values) grown.push_back(v);
  for (int step = 0; step < 200; ++step) {
    const std::size_t i = rng.below(values.size());
    const double delta = static_cast<double>(rng.below(5));
    values[i] += delta;
    tree.add(i, delta);
    grown.add(i, delta);
    double running = 0;
    for (std::size_t n = 0; n <= values.size(); ++n) {
      REQUIRE(tree.prefix(n) == running);
      REQUIRE(grown.prefix(n) == running);
      if (n < values.size()) running += values[n];
    }
    const double target = rng.uniform01() * running;
    std::size_t expected = 0;
    for (double acc = values[0]; !(target < acc); acc += values[++expected]) {}
    REQUIRE(tree.find(target) == expected);
  }
  CHECK(tree.find(tree.total()) == values.size());  // past the end
}

TEST_CASE("exact shares cap at one, redistribute and sum to k exactly", "[sampler][shares]") {
  const std::vector<double> w = {1, 2, 3, 4, 10, 30};
  const auto shares = detail::exact_shares(w, 3);
  // Integer weights are exact: (1,2,3,4)·2/20 over the free weight 10 after capping 10 and 30.
  CHECK(shares.scale == 10);
  CHECK(shares.units == std::vector<std::uint64_t>{1, 2, 3, 4, 10, 10});

  SECTION("equal weights share evenly and exactly") {
    const auto even = detail::exact_shares(std::vector<double>(30, 1.0), 6);
    CHECK(even.scale == 5);
    for (const auto u : even.units) CHECK(u == 1);
  }
  SECTION("decimal weights are exact too") {
    const auto s = detail::exact_shares(std::vector<double>{0.5, 1.25, 2.75}, 1);
    CHECK(s.scale == 18);  // 50 : 125 : 275 over 450, reduced by 25
    CHECK(s.units == std::vector<std::uint64_t>{2, 5, 11});
  }
  SECTION("k equal to the team count gives everyone a certain turn") {
    const auto all = detail::exact_shares(w, w.size());
    for (const auto u : all.units) CHECK(u == all.scale);
  }
  SECTION("awkward weights are quantised and still sum exactly") {
    Rng rng(11);
    for (int trial = 0; trial < 200; ++trial) {
      std::vector<double> ws(1 + rng.below(60));
      for (auto& x : ws) x = std::exp(6.0 * rng.uniform01() - 3.0);
      const std::size_t k = 1 + rng.below(ws.size());
      const auto s = detail::exact_shares(ws, k);
      REQUIRE(s.scale == detail::quantised_scale);
      REQUIRE(std::accumulate(s.units.begin(), s.units.end(), std::uint64_t{0}) == k * s.scale);
      const auto p = detail::inclusion_probabilities(ws, k);
      double free_weight = 0, free_share = 0;
      for (std::size_t i = 0; i < ws.size(); ++i) {
        REQUIRE(s.units[i] <= s.scale);
        if (s.units[i] < s.scale) {
          free_weight += ws[i];
          free_share += p[i];
        }
      }
      // Uncapped shares are proportional to weight: π_i / w_i is the same c for all of them.
      for (std::size_t i = 0; i < ws.size(); ++i)
        if (s.units[i] < s.scale) REQUIRE(p[i] == Approx(ws[i] * free_share / free_weight).margin(1e-8));
    }
  }
  CHECK_THROWS_AS(detail::exact_shares(w, 7), NotEnoughTeams);
}

// Frequencies over `draws` draws, and a tolerance of 5 standard deviations for each.
template <class Draw>
std::vector<double> frequencies(std::size_t n, int draws, Draw&& draw) {
  std::vector<double> f(n, 0.0);
  for (int d = 0; d < draws; ++d)
    for (const auto i : draw()) f[i] += 1.0;
  for (auto& x : f) x /= draws;
  return f;
}

TEST_CASE("pivotal draw: exactly m distinct picks with the exact inclusion probabilities", "[sampler][pivotal]") {
  const std::vector<double> w = {1, 2, 3, 4, 10, 30};
  const auto shares = detail::exact_shares(w, 3);
  Rng rng(5);
  const int draws = 200000;
  const auto f = frequencies(w.size(), draws, [&] {
    const auto picks = detail::pivotal_draw(shares, rng);
    REQUIRE(picks.size() == 3);
    REQUIRE(std::set<std::size_t>(picks.begin(), picks.end()).size() == 3);
    return picks;
  });
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double p = shares.probability(i);
    CHECK(std::abs(f[i] - p) <= 5 * std::sqrt(p * (1 - p) / draws) + 1e-12);
  }
}

TEST_CASE("pivotal draw over many teams: inclusion matches the shares", "[sampler][pivotal]") {
  std::vector<double> w(40);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = 1.0 + static_cast<double>(i % 5);
  for (auto& x : w) x *= 1.1;  // weights of 1.1 … 5.5: still exact, over another scale
  const auto shares = detail::exact_shares(w, 7);
  Rng rng(8);
  const int draws = 50000;
  const auto f = frequencies(w.size(), draws, [&] { return detail::pivotal_draw(shares, rng); });
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double p = shares.probability(i);
    CHECK(std::abs(f[i] - p) <= 5 * std::sqrt(p * (1 - p) / draws));
  }
}

TEST_CASE("Efraimidis-Spirakis inclusion is not proportional, as documented", "[sampler][a-res]") {
  // The header documents weights 1,2,3,4,10,30, k = 3: target .1,.2,.3,.4,1,1 but about
  // .13,.25,.37,.48,.80,.97. Check the documented figures and that they differ from the target.
  const std::vector<double> w = {1, 2, 3, 4, 10, 30};
  Rng rng(9);
  const int draws = 100000;
  const auto f = frequencies(w.size(), draws, [&] {
    const auto picks = detail::efraimidis_spirakis_draw(w, 3, rng);
    REQUIRE(std::set<std::size_t>(picks.begin(), picks.end()).size() == 3);
    return picks;
  });
  const double documented[] = {0.13, 0.25, 0.37, 0.48, 0.80, 0.97};
  const double proportional[] = {0.1, 0.2, 0.3, 0.4, 1.0, 1.0};
  for (std::size_t i = 0; i < w.size(); ++i) {
    CHECK(f[i] == Approx(documented[i]).margin(0.01));
    CHECK(std::abs(f[i] - proportional[i]) > 0.02);
  }
}
