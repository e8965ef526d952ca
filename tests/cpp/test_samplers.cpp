// SPDX-License-Identifier: Apache-2.0
// The weighted-sampling building blocks: sum tree, exact shares, alias tables, and the pivotal,
// Sampford and A-Res draws.
#include <catch2/catch.hpp>

#include <opswheel/detail/alias.hpp>
#include <opswheel/detail/sampling.hpp>
#include <opswheel/detail/shares.hpp>
#include <opswheel/detail/sum_tree.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numeric>
#include <set>
#include <utility>
#include <vector>

using namespace opswheel;

TEST_CASE("sum tree prefix sums and find agree with a plain scan", "[sampler][sum_tree]") {
  Rng rng(3);
  std::vector<double> values(37);
  for (auto& v : values) v = 1.0 + static_cast<double>(rng.below(9));
  detail::SumTree<double> tree(values);
  detail::SumTree<double> grown;
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

  // An undo log puts the tree back bit for bit (adding the deltas back would not, in general).
  const detail::SumTree<double> before = tree;
  detail::SumTree<double>::UndoLog undo;
  tree.add_logged(3, 0.1, undo);
  tree.add_logged(20, -0.7, undo);
  tree.add_logged(3, 1e-9, undo);
  tree.restore(undo);
  CHECK(undo.used == 0);
  for (std::size_t n = 0; n <= values.size(); ++n) CHECK(tree.prefix(n) == before.prefix(n));
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
  SECTION("equal weights get equal shares, whatever the weights are") {
    for (const double w : {1.0 / 3.0, 0.1, 1e-9, 7e12, 2.0 / 3.0}) {
      const auto even = detail::exact_shares(std::vector<double>(3, w), 1);
      CHECK(even.scale == 3);
      CHECK(even.units == std::vector<std::uint64_t>{1, 1, 1});
    }
    // Power-of-two multiples keep their ratio exactly.
    const auto halves = detail::exact_shares(std::vector<double>{1.0 / 3.0, 2.0 / 3.0, 1.0 / 3.0}, 2);
    CHECK(halves.scale == 2);
    CHECK(halves.units == std::vector<std::uint64_t>{1, 2, 1});
  }
  SECTION("awkward weights are scaled to integers and still sum exactly") {
    Rng rng(11);
    for (int trial = 0; trial < 200; ++trial) {
      std::vector<double> ws(1 + rng.below(60));
      for (auto& x : ws) x = std::exp(6.0 * rng.uniform01() - 3.0);
      const std::size_t k = 1 + rng.below(ws.size());
      const auto s = detail::exact_shares(ws, k);
      REQUIRE(s.scale < (std::uint64_t{1} << 40));
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

// --- Alias tables ----------------------------------------------------------------------------------

namespace {

__extension__ using u128 = unsigned __int128;

// The mass each index owns in the table, summed over the columns: must be n·w_i exactly.
std::vector<u128> alias_masses(const detail::AliasTable& t) {
  std::vector<u128> mass(t.size(), 0);
  for (std::size_t j = 0; j < t.size(); ++j) {
    REQUIRE(t.threshold(j) <= t.total());
    REQUIRE(t.alias(j) < t.size());
    mass[j] += t.threshold(j);
    mass[t.alias(j)] += t.total() - t.threshold(j);
  }
  return mass;
}

// The draw as alias.hpp documents it, from a copy of the generator.
std::size_t documented_alias_draw(const detail::AliasTable& t, Rng& rng) {
  const std::uint64_t n = t.size(), w = t.total();
  std::uint64_t j, c;
  if (static_cast<u128>(n) * w <= ~std::uint64_t{0}) {
    const std::uint64_t r = rng.below(n * w);
    j = r / w;
    c = r % w;
  } else {
    j = rng.below(n);
    c = rng.below(w);
  }
  return c < t.threshold(j) ? j : t.alias(j);
}

}  // namespace

TEST_CASE("alias table: exact masses, documented draws and its distribution", "[sampler][alias]") {
  const std::uint64_t big = std::uint64_t{1} << 61;  // n·W >= 2^64: the two-call draw
  const std::vector<std::vector<std::uint64_t>> cases = {
      {1, 0, 3, 7, 2, 20, 1},
      {5},
      {0, 0, 4},
      {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
      {1, 1000000, 3, 999, 123456, 7, 7, 7},
      {big, 3, big / 3, 1, big / 7 * 5},
  };
  for (const auto& w : cases) {
    CAPTURE(w);
    const detail::AliasTable table(w);
    const u128 n = w.size();
    REQUIRE(table.total() == std::accumulate(w.begin(), w.end(), std::uint64_t{0}));
    const auto mass = alias_masses(table);
    for (std::size_t i = 0; i < w.size(); ++i) REQUIRE(mass[i] == n * w[i]);  // exact, no rounding

    Rng rng(21), copy(21);
    const int draws = 200000;
    std::vector<double> f(w.size(), 0.0);
    for (int d = 0; d < draws; ++d) {
      const std::size_t i = table.draw(rng);
      REQUIRE(i == documented_alias_draw(table, copy));  // same result from the same words
      f[i] += 1.0;
    }
    CHECK(rng.position() == copy.position());
    for (std::size_t i = 0; i < w.size(); ++i) {
      const double p = static_cast<double>(w[i]) / static_cast<double>(table.total());
      CAPTURE(i);
      CHECK(std::abs(f[i] / draws - p) <= 5 * std::sqrt(p * (1 - p) / draws) + 1e-12);
    }
  }
  CHECK_THROWS_AS(detail::AliasTable(std::vector<std::uint64_t>{}), InvalidArgument);
  CHECK_THROWS_AS(detail::AliasTable(std::vector<std::uint64_t>{0, 0}), InvalidArgument);
  CHECK_THROWS_AS(detail::AliasTable(std::vector<std::uint64_t>{~std::uint64_t{0}, 1}), InvalidArgument);
}

// --- Sampford ------------------------------------------------------------------------------------

namespace {

// Sampford's method transcribed from the comment at the top of sampling.hpp, independently of
// SampfordTables: the same seed must give the same picks and leave the Rng at the same word.
std::vector<std::size_t> documented_sampford(const detail::Shares& shares, Rng& rng) {
  const std::uint64_t s = shares.scale;
  std::vector<std::size_t> picks, free;
  std::vector<std::uint64_t> u;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < shares.units.size(); ++i) {
    sum += shares.units[i];
    if (shares.units[i] == s) picks.push_back(i);
    else if (shares.units[i] > 0) {
      free.push_back(i);
      u.push_back(shares.units[i]);
    }
  }
  const std::size_t m = sum / s - picks.size();
  if (m > 0) {
    const detail::AliasTable first(u);
    const u128 u_max = *std::max_element(u.begin(), u.end());
    const u128 k = ((s - u_max) << 20) / u_max;
    std::vector<std::uint64_t> g(u.size());
    for (std::size_t j = 0; j < u.size(); ++j) g[j] = static_cast<std::uint64_t>((k * u[j] + (s - u[j]) - 1) / (s - u[j]));
    const detail::AliasTable rest = m > 1 ? detail::AliasTable(g) : detail::AliasTable();
    auto kept = [&](std::size_t j) {
      const u128 num = k * u[j], den = static_cast<u128>(s - u[j]) * g[j];
      if (num == den) return true;
      const u128 t = (num << 64) / den;
      const std::uint64_t x = rng();
      return x < t || (x == t && rng.below(static_cast<std::uint64_t>(den)) < (num << 64) % den);
    };
    std::vector<std::size_t> attempt;
    for (bool done = false; !done;) {
      attempt.assign(1, first.draw(rng));
      done = true;
      while (attempt.size() < m) {
        std::size_t j;
        do j = rest.draw(rng);
        while (!kept(j));
        if (std::find(attempt.begin(), attempt.end(), j) != attempt.end()) {
          done = false;
          break;
        }
        attempt.push_back(j);
      }
    }
    for (const std::size_t j : attempt) picks.push_back(free[j]);
  }
  std::sort(picks.begin(), picks.end());
  return picks;
}

// Draws `draws` samples with `draw`, checks each is m distinct indices in increasing order, and
// checks every inclusion frequency against shares.probability within 5 standard deviations.
template <class Draw>
void check_inclusion(const detail::Shares& shares, int draws, Draw&& draw) {
  const std::size_t n = shares.units.size();
  const std::size_t m = std::accumulate(shares.units.begin(), shares.units.end(), std::uint64_t{0}) / shares.scale;
  std::vector<double> f(n, 0.0);
  for (int d = 0; d < draws; ++d) {
    const std::vector<std::size_t> picks = draw();
    REQUIRE(picks.size() == m);
    REQUIRE(std::adjacent_find(picks.begin(), picks.end(), std::greater_equal<>()) == picks.end());  // sorted, distinct
    for (const auto i : picks) f[i] += 1.0;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double p = shares.probability(i);
    CAPTURE(i, p, f[i] / draws);
    CHECK(std::abs(f[i] / draws - p) <= 5 * std::sqrt(p * (1 - p) / draws) + 1e-12);
  }
}

std::vector<double> weights_1_to_n(std::size_t n) {
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = 1.0 + static_cast<double>(i);
  return w;
}

}  // namespace

TEST_CASE("Sampford draw: exact inclusion probabilities, distinct picks, the documented stream", "[sampler][sampford]") {
  struct Case {
    const char* name;
    std::vector<double> weights;
    std::size_t k;
  };
  std::vector<double> cycling(40), squares(30), awkward(50), many(100);
  for (std::size_t i = 0; i < cycling.size(); ++i) cycling[i] = 1.1 * (1.0 + static_cast<double>(i % 5));
  for (std::size_t i = 0; i < squares.size(); ++i) squares[i] = static_cast<double>((i + 1) * (i + 1));
  Rng wrng(17);
  for (auto& x : awkward) x = std::exp(4.0 * wrng.uniform01() - 2.0);  // shares of weights scaled to integers
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = 1.0 + static_cast<double>(i % 5);
  const std::vector<Case> cases = {
      {"capped teams and a share of 0.8", {1, 2, 3, 4, 10, 30}, 4},
      {"one free pick among capped teams", {1, 2, 3, 4, 10, 30}, 3},
      {"40 teams, 6 picks (E just under 1/2)", cycling, 6},
      {"skewed squares, 4 picks", squares, 4},
      {"scaled-weight shares, 4 picks", awkward, 4},
      {"100 teams of weights 1..5, 7 picks (the lottery benchmark)", many, 7},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const auto shares = detail::exact_shares(c.weights, c.k);
      const detail::SampfordTables tables(shares);
      REQUIRE(tables.available());
      REQUIRE(tables.preferred());
      REQUIRE(tables.sample_size() == c.k);
      Rng rng(31), copy(31);
      for (int d = 0; d < 2000; ++d) REQUIRE(detail::sampford_draw(tables, rng) == documented_sampford(shares, copy));
      CHECK(rng.position() == copy.position());
      check_inclusion(shares, 100000, [&] { return detail::sampford_draw(tables, rng); });
    }
  }
}

TEST_CASE("Sampford stays exact where the rule falls back to pivotal", "[sampler][sampford]") {
  // 5 picks of 8 teams of weights 1..8: the two heaviest are capped, and 3 free picks among 6 teams
  // give E ≈ 0.85 > 1/2, so exact_draw uses the pivotal method; Sampford itself is still available
  // and exact, only slower (more attempts).
  const auto shares = detail::exact_shares(weights_1_to_n(8), 5);
  const detail::SampfordTables tables(shares);
  REQUIRE(tables.available());
  CHECK_FALSE(tables.preferred());
  CHECK(tables.expected_coincidences() > std::uint64_t{1} << 31);
  Rng rng(41);
  check_inclusion(shares, 50000, [&] { return detail::sampford_draw(tables, rng); });

  SECTION("exact_draw is then the pivotal draw, word for word") {
    Rng a(43), b(43);
    for (int d = 0; d < 1000; ++d) REQUIRE(detail::exact_draw(shares, a) == detail::pivotal_draw(shares, b));
    check_inclusion(shares, 50000, [&] { return detail::exact_draw(shares, a); });
  }
  SECTION("the rule itself: E <= 1/2 in 2^-32 fixed point") {
    // Equal shares: p = q = 1/n, so E = ((m−1) + C(m−1, 2)) / n.
    auto e = [](std::size_t n, std::size_t m) {
      const detail::SampfordTables t(detail::exact_shares(std::vector<double>(n, 1.0), m));
      return std::pair{static_cast<double>(t.expected_coincidences()) / 4294967296.0, t.preferred()};
    };
    CHECK(e(100, 7).first == Approx(21.0 / 100).epsilon(1e-6));
    CHECK(e(100, 7).second);
    CHECK(e(100, 10).second);         // E = 0.45
    CHECK_FALSE(e(100, 11).second);   // E = 0.55
    CHECK(e(12, 1).first == 0.0);     // one pick cannot repeat
    CHECK(e(12, 1).second);
    CHECK_FALSE(e(30, 29).second);
    CHECK(e(30, 29).first == Approx(4294967296.0));  // (m'−1)(m'−2) > n: not worked out
  }
}

TEST_CASE("Sampford: when its integers do not fit, pivotal takes over", "[sampler][sampford]") {
  // A share above 1 − 2^-20 with two free picks: K = 0, no envelope.
  const std::uint64_t s = std::uint64_t{1} << 22;
  const detail::Shares shares{{s - 1, s / 2, s / 2 + 1, s}, s};
  const detail::SampfordTables tables(shares);
  CHECK_FALSE(tables.available());
  CHECK_FALSE(tables.preferred());
  Rng rng(3);
  CHECK_THROWS_AS(detail::sampford_draw(tables, rng), InvalidArgument);
  check_inclusion(shares, 50000, [&] { return detail::exact_draw(shares, rng); });
  CHECK_THROWS_AS(detail::SampfordTables(detail::Shares{{3, 5}, 4}), InvalidArgument);  // a share above 1
  CHECK_THROWS_AS(detail::SampfordTables(detail::Shares{{1, 2}, 4}), InvalidArgument);  // not a whole number
}

TEST_CASE("Sampford: every pick certain, or a single free pick", "[sampler][sampford]") {
  const std::vector<double> w = {1, 2, 3, 4, 10, 30};
  Rng rng(7);
  const detail::SampfordTables all(detail::exact_shares(w, w.size()));
  REQUIRE(all.preferred());
  CHECK(detail::sampford_draw(all, rng) == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
  CHECK(rng.position() == 0);  // nothing left to chance, no word drawn
  const detail::SampfordTables one(detail::exact_shares(w, 3));  // 10 and 30 capped, one free pick
  REQUIRE(one.preferred());
  CHECK(one.expected_coincidences() == 0);
  const auto picks = detail::sampford_draw(one, rng);
  CHECK(rng.position() == 1);  // one alias-table draw: below(4 · 10), one word with this seed
  REQUIRE(picks.size() == 3);
  CHECK(picks[1] == 4);
  CHECK(picks[2] == 5);
  const detail::SampfordTables none;
  CHECK(detail::sampford_draw(none, rng).empty());
}

TEST_CASE("Sampford with more than 64 free picks (the bitmap path) follows the same stream", "[sampler][sampford]") {
  std::vector<double> w(10000);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = 1.0 + static_cast<double>(i % 3);
  const auto shares = detail::exact_shares(w, 70);
  const detail::SampfordTables tables(shares);
  REQUIRE(tables.preferred());
  Rng rng(5), copy(5);
  std::vector<double> f(3, 0.0);
  const int draws = 3000;
  for (int d = 0; d < draws; ++d) {
    const auto picks = detail::sampford_draw(tables, rng);
    REQUIRE(picks == documented_sampford(shares, copy));
    REQUIRE(picks.size() == 70);
    REQUIRE(std::adjacent_find(picks.begin(), picks.end(), std::greater_equal<>()) == picks.end());
    for (const auto i : picks) f[i % 3] += 1.0;
  }
  // Per weight class (3334, 3333 and 3333 teams): the expected picks per draw are π·(teams in it).
  for (std::size_t c = 0; c < 3; ++c) {
    const double expected = shares.probability(c) * (c == 0 ? 3334.0 : 3333.0);
    const double mean = f[c] / draws;
    CHECK(std::abs(mean - expected) <= 5 * std::sqrt(expected / draws));
  }
}

TEST_CASE("Sampford joint inclusion: Sampford's design, every pair possible", "[sampler][sampford]") {
  // Sampford's design: P(s) ∝ (m' − Σ_{i∈s} π_i) · Π_{i∈s} π_i/(1 − π_i) over the free teams.
  // Equal shares make it simple random sampling: each pair of 4 teams with 2 picks has 1/6. The
  // pivotal method over the fixed order 0,1,2,3 would never pick 0 and 1 together.
  struct Case {
    std::vector<double> weights;
    std::size_t k;
  };
  const std::vector<Case> cases = {{{1, 1, 1, 1}, 2}, {{1, 2, 3, 4, 5, 6, 20}, 3}, {weights_1_to_n(8), 3}};
  for (const auto& c : cases) {
    CAPTURE(c.weights, c.k);
    const auto shares = detail::exact_shares(c.weights, c.k);
    const std::size_t n = c.weights.size();
    // The exact joint probabilities, by enumerating the subsets of size m.
    std::vector<double> joint(n * n, 0.0);
    double total = 0;
    for (std::uint32_t set = 0; set < (1u << n); ++set) {
      if (static_cast<std::size_t>(__builtin_popcount(set)) != c.k) continue;
      double product = 1, slack = 0;
      bool possible = true;
      for (std::size_t i = 0; i < n && possible; ++i) {
        const double p = shares.probability(i);
        if (!(set >> i & 1)) possible = p < 1;
        else if (p < 1) {
          product *= p / (1 - p);
          slack += 1 - p;
        }
      }
      if (!possible) continue;
      const double weight = product * slack;
      total += weight;
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
          if ((set >> i & 1) && (set >> j & 1)) joint[i * n + j] += weight;
    }
    for (auto& x : joint) x /= total;
    for (std::size_t i = 0; i < n; ++i) REQUIRE(joint[i * n + i] == Approx(shares.probability(i)).epsilon(1e-12));

    const detail::SampfordTables tables(shares);
    REQUIRE(tables.available());
    Rng rng(99);
    const int draws = 200000;
    std::vector<double> f(n * n, 0.0);
    for (int d = 0; d < draws; ++d) {
      const auto picks = detail::sampford_draw(tables, rng);
      for (const auto i : picks)
        for (const auto j : picks) f[i * n + j] += 1.0;
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) {
        const double p = joint[i * n + j];
        CAPTURE(i, j, p, f[i * n + j] / draws);
        CHECK(p > 0);
        CHECK(std::abs(f[i * n + j] / draws - p) <= 5 * std::sqrt(p * (1 - p) / draws) + 1e-12);
      }
  }
}
