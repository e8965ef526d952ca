// SPDX-License-Identifier: Apache-2.0
// Each policy's rule and guarantee, checked on worked examples and statistically with fixed seeds.
#include <catch2/catch.hpp>

#include <opswheel/detail/sampling.hpp>
#include <opswheel/detail/shares.hpp>
#include <opswheel/policies.hpp>

#include <naive_aws.hpp>
#include <share_reference.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <set>
#include <string>
#include <vector>

using namespace opswheel;
using opswheel_test::ShareReference;

namespace {

std::vector<std::size_t> one(std::size_t i) { return {i}; }

void check_weights(const AwsPolicy& p, const std::vector<double>& expected) {
  const auto w = p.current_weights();
  REQUIRE(w.size() == expected.size());
  for (std::size_t i = 0; i < w.size(); ++i) CHECK(w[i] == Approx(expected[i]).margin(1e-12));
}

bool distinct(const std::vector<std::size_t>& picks) {
  return std::set<std::size_t>(picks.begin(), picks.end()).size() == picks.size();
}

}  // namespace

TEST_CASE("aws: the worked examples of the AWS Ops Wheel rule", "[policy][aws]") {
  AwsPolicy p;
  for (int i = 0; i < 4; ++i) p.add(1.0);
  p.accept(one(0));
  check_weights(p, {0, 4.0 / 3, 4.0 / 3, 4.0 / 3});
  p.accept(one(1));
  check_weights(p, {4.0 / 9, 0, 16.0 / 9, 16.0 / 9});
  p.remove(2);
  check_weights(p, {3.0 / 5, 0, 12.0 / 5});
  p.reset();
  check_weights(p, {1, 1, 1});
}

TEST_CASE("aws: removing a team when the rest weigh nothing resets them", "[policy][aws]") {
  AwsPolicy p;
  p.add(1.0);
  p.add(2.0);
  p.accept(one(0));  // weights 0 and 3 (n = 2: the other takes everything)
  check_weights(p, {0, 2});
  p.remove(1);       // R = 0: the remaining team is reset to its configured weight
  check_weights(p, {1});
}

TEST_CASE("aws: matches the naive O(N) rule pick for pick over 20,000 spins", "[policy][aws][reference]") {
  AwsPolicy fast;
  opswheel_test::NaiveAws naive;
  Rng ops(2026);
  for (int i = 0; i < 60; ++i) {
    const double w = 1.0 + static_cast<double>(ops.below(3));
    fast.add(w);
    naive.add(w);
  }
  double worst = 0;
  for (std::uint64_t spin = 0; spin < 20000; ++spin) {
    // Now and then the roster changes, as it does in real use.
    if (spin % 97 == 5) {
      const std::size_t i = ops.below(fast.size());
      if (fast.eligible(i) && fast.eligible_count() > 10) {
        fast.pause(i);
        naive.pause(i);
      } else if (!fast.eligible(i)) {
        fast.resume(i);
        naive.resume(i);
      }
    }
    if (spin % 1009 == 7) {
      const std::size_t i = ops.below(fast.size());
      fast.remove(i);
      naive.remove(i);
      fast.add(2.0);
      naive.add(2.0);
    }
    const std::size_t k = 1 + spin % 7;
    DrawConstraints c;
    std::vector<std::size_t> excluded;
    if (spin % 13 == 0) {  // a skipped team keeps its weight but cannot be drawn
      const std::size_t e = ops.below(fast.size());
      if (fast.eligible(e)) excluded.push_back(e);
    }
    c.excluded = excluded;
    Rng a(derive_seed(1, spin)), b(derive_seed(1, spin));
    const auto picks = fast.draw(k, a, c);
    const auto reference = naive.draw(k, b, excluded);
    REQUIRE(picks == reference);
    REQUIRE(distinct(picks));
    fast.accept(picks);
    naive.accept(picks);
    const auto w = fast.current_weights();
    for (std::size_t i = 0; i < w.size(); ++i) worst = std::max(worst, std::abs(w[i] - naive.weights[i]));
    REQUIRE(worst < 1e-9);
  }
  INFO("largest weight difference " << worst);
  CHECK(worst < 1e-9);
}

TEST_CASE("aws: chances for one pick are the weights' shares", "[policy][aws]") {
  AwsPolicy p;
  for (int i = 0; i < 5; ++i) p.add(1.0);
  p.accept(one(2));
  const auto c = p.probabilities(1);
  CHECK(c.exact);
  const auto w = p.current_weights();
  const double sum = std::accumulate(w.begin(), w.end(), 0.0);
  for (std::size_t i = 0; i < w.size(); ++i) CHECK(c.values[i] == Approx(w[i] / sum));
  CHECK(c.values[2] == 0.0);
}

TEST_CASE("lottery: inclusion frequencies match π = min(1, c·w)", "[policy][lottery]") {
  LotteryPolicy p;
  std::vector<double> w;
  for (int i = 0; i < 20; ++i) {
    w.push_back(1.0 + i % 5);
    p.add(w.back());
  }
  w.push_back(40.0);  // heavy enough to be capped at 1
  p.add(40.0);
  const auto exact = p.probabilities(7);
  REQUIRE(exact.exact);
  CHECK(std::accumulate(exact.values.begin(), exact.values.end(), 0.0) == Approx(7.0).margin(1e-9));
  CHECK(exact.values.back() == 1.0);
  Rng rng(77);
  const int weeks = 40000;
  std::vector<double> f(w.size(), 0.0);
  for (int t = 0; t < weeks; ++t) {
    const auto picks = p.draw(7, rng);
    REQUIRE(picks.size() == 7);
    REQUIRE(distinct(picks));
    for (const auto i : picks) f[i] += 1.0;
    p.accept(picks);  // memoryless: changes nothing
  }
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double pi = exact.values[i];
    CHECK(std::abs(f[i] / weeks - pi) <= 5 * std::sqrt(pi * (1 - pi) / weeks) + 1e-12);
  }
}

TEST_CASE("lottery: the cached tables follow roster changes and give the documented draw", "[policy][lottery]") {
  // A cached week must be exactly detail::exact_draw on fresh shares of the eligible members.
  LotteryPolicy p;
  std::vector<double> w;
  for (int i = 0; i < 100; ++i) {
    w.push_back(1.0 + i % 5);
    p.add(w.back());
  }
  std::vector<double> open;
  std::vector<std::size_t> index;
  auto expected = [&](std::size_t k, Rng& rng) {
    open.clear();
    index.clear();
    for (std::size_t i = 0; i < w.size(); ++i)
      if (p.eligible(i)) {
        open.push_back(p.weight(i));
        index.push_back(i);
      }
    std::vector<std::size_t> picks;
    for (const auto j : detail::exact_draw(detail::exact_shares(open, k), rng)) picks.push_back(index[j]);
    return picks;
  };
  Rng a(12), b(12);
  for (int week = 0; week < 50; ++week) REQUIRE(p.draw(7, a) == expected(7, b));
  REQUIRE(detail::SampfordTables(detail::exact_shares(w, 7)).preferred());  // this week is Sampford's
  p.pause(3);
  p.set_weight(10, 100.0);  // capped at 1 for k = 7
  for (int week = 0; week < 50; ++week) {
    const auto picks = p.draw(7, a);
    REQUIRE(picks == expected(7, b));
    REQUIRE(std::find(picks.begin(), picks.end(), 3) == picks.end());
    REQUIRE(std::find(picks.begin(), picks.end(), 10) != picks.end());
  }
  for (int week = 0; week < 20; ++week) REQUIRE(p.draw(12, a) == expected(12, b));  // another k: pivotal
  REQUIRE_FALSE(detail::SampfordTables(detail::exact_shares(open, 12)).preferred());
  for (int week = 0; week < 20; ++week) REQUIRE(p.draw(7, a) == expected(7, b));
}

TEST_CASE("lottery: exact where the pivotal fallback draws, and with pinned and skipped teams", "[policy][lottery]") {
  LotteryPolicy p;
  std::vector<double> w;
  for (int i = 0; i < 10; ++i) {
    w.push_back(1.0 + i);
    p.add(w.back());
  }
  const auto shares = detail::exact_shares(w, 6);
  REQUIRE_FALSE(detail::SampfordTables(shares).preferred());
  // Pinned team 9 and skipped team 0: the other 5 picks have the shares of members 1..8 for k = 5.
  const auto rest = detail::exact_shares(std::vector<double>(w.begin() + 1, w.begin() + 9), 5);
  const DrawConstraints pin_skip{{9}, {0}};
  Rng rng(78);
  const int weeks = 40000;
  std::vector<double> f(w.size(), 0.0), g(w.size(), 0.0);
  for (int t = 0; t < weeks; ++t) {
    const auto picks = p.draw(6, rng);
    REQUIRE(picks.size() == 6);
    REQUIRE(distinct(picks));
    for (const auto i : picks) f[i] += 1.0;
    const auto constrained = p.draw(6, rng, pin_skip);
    REQUIRE(constrained.size() == 6);
    REQUIRE(constrained.front() == 9);
    REQUIRE(distinct(constrained));
    for (const auto i : constrained) g[i] += 1.0;
  }
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double pi = shares.probability(i);
    CHECK(std::abs(f[i] / weeks - pi) <= 5 * std::sqrt(pi * (1 - pi) / weeks) + 1e-12);
    const double ri = i == 0 ? 0.0 : i == 9 ? 1.0 : rest.probability(i - 1);
    CHECK(std::abs(g[i] / weeks - ri) <= 5 * std::sqrt(ri * (1 - ri) / weeks) + 1e-12);
  }
}

TEST_CASE("shuffle_bag: integer weights give exactly w_i turns per cycle", "[policy][shuffle_bag]") {
  ShuffleBagPolicy p;
  const std::vector<double> w = {1, 2, 3, 1, 2};  // a cycle of 9 turns
  for (const double x : w) p.add(x);
  Rng rng(4);
  std::vector<int> turns(w.size(), 0);
  for (int cycle = 1; cycle <= 50; ++cycle) {
    for (int week = 0; week < 9; ++week) {
      const auto picks = p.draw(1, rng);
      turns[picks[0]] += 1;
      p.accept(picks);
    }
    for (std::size_t i = 0; i < w.size(); ++i) REQUIRE(turns[i] == cycle * static_cast<int>(w[i]));
  }
}

TEST_CASE("shuffle_bag: k distinct a week — fractional weights keep long-run shares", "[policy][shuffle_bag]") {
  ShuffleBagPolicy p;
  std::vector<double> w;
  for (int i = 0; i < 15; ++i) {
    w.push_back(i % 3 == 0 ? 1.5 : 1.0 + i % 2);
    p.add(w.back());
  }
  const auto pi = detail::inclusion_probabilities(w, 4);
  Rng rng(6);
  std::vector<int> turns(w.size(), 0);
  for (int t = 1; t <= 3000; ++t) {
    const auto chances = p.probabilities(4);
    REQUIRE(chances.exact);
    REQUIRE(std::accumulate(chances.values.begin(), chances.values.end(), 0.0) == Approx(4.0).margin(1e-9));
    const auto picks = p.draw(4, rng);
    REQUIRE(picks.size() == 4);
    REQUIRE(distinct(picks));
    for (const auto i : picks) REQUIRE(chances.values[i] > 0.0);
    for (const auto i : picks) turns[i] += 1;
    p.accept(picks);
    for (std::size_t i = 0; i < w.size(); ++i) REQUIRE(std::abs(turns[i] - pi[i] * t) < 4.0);
  }
}

namespace {

// Runs `weeks` weeks of rotation and returns the first week where some |x_i − π_i·t| >= 1, or
// for k = 1 exceeds Tijdeman's 1 − 1/(2N−2) (0: none). Exact integers: |x·S − u·t| < S.
std::uint64_t first_rotation_violation(const std::vector<double>& w, std::size_t k, std::uint64_t weeks) {
  RotationPolicy p;
  for (const double x : w) p.add(x);
  const auto shares = detail::exact_shares(w, k);
  const auto& units = shares.units;
  const auto scale = static_cast<detail::int128>(shares.scale);
  const auto n = static_cast<detail::int128>(w.size());
  std::vector<std::uint64_t> x(w.size(), 0);
  Rng unused(0);
  for (std::uint64_t t = 1; t <= weeks; ++t) {
    const auto picks = p.draw(k, unused);
    p.accept(picks);
    for (const auto i : picks) ++x[i];
    for (std::size_t i = 0; i < w.size(); ++i) {
      detail::int128 lag = static_cast<detail::int128>(x[i]) * scale - static_cast<detail::int128>(units[i]) * t;
      if (lag < 0) lag = -lag;
      if (lag >= scale) return t;
      if (k == 1 && n > 1 && lag * (2 * n - 2) > scale * (2 * n - 3)) return t;
    }
  }
  return 0;
}

}  // namespace

TEST_CASE("rotation: |x_i(t) − π_i·t| < 1 every week for random weight vectors", "[policy][rotation]") {
  Rng gen(1234);
  for (int trial = 0; trial < 12; ++trial) {
    std::vector<double> w(2 + gen.below(40));
    for (auto& x : w)
      x = trial % 3 == 0 ? 1.0 + static_cast<double>(gen.below(5)) : std::exp(4.0 * gen.uniform01() - 2.0);
    const std::size_t k = trial % 4 == 1 ? 1 : 1 + gen.below(std::min<std::size_t>(w.size(), 8));
    INFO("trial " << trial << ": " << w.size() << " teams, k = " << k);
    CHECK(first_rotation_violation(w, k, 10000) == 0);
  }
}

TEST_CASE("rotation: PD2's tie-breaks hold where earliest-deadline-first alone fails", "[policy][rotation]") {
  // Small integer weights make deadlines tie often. With the b-bit and group-deadline tie-breaks
  // reversed, these instances (found by search) miss the bound; PD2 must not.
  CHECK(first_rotation_violation({6, 6, 4, 4, 5}, 4, 600) == 0);
  CHECK(first_rotation_violation({8, 2, 4, 4, 7, 7}, 4, 600) == 0);
  CHECK(first_rotation_violation({8, 7, 8, 6, 2, 6, 9, 3, 6, 2, 7}, 6, 600) == 0);
  CHECK(first_rotation_violation({4, 4, 9, 9, 3, 7, 3, 3, 4}, 5, 600) == 0);
  CHECK(first_rotation_violation({7, 9, 2, 7, 9, 9, 6, 2}, 6, 600) == 0);
  Rng gen(7);
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<double> w(3 + gen.below(10));
    for (auto& x : w) x = 1.0 + static_cast<double>(gen.below(9));
    const std::size_t k = 2 + gen.below(std::min<std::size_t>(w.size() - 1, 6));
    INFO("trial " << trial << ", k = " << k);
    REQUIRE(first_rotation_violation(w, k, 400) == 0);
  }
}

TEST_CASE("rotation: a roster change starts a new epoch at the next week, carrying every lag", "[policy][rotation]") {
  RotationPolicy p;
  ShareReference ref;
  for (int i = 0; i < 9; ++i) {
    p.add(1.0 + i % 2);
    ref.add(1.0 + i % 2);
  }
  Rng unused(0);
  const auto week = [&] {
    const auto picks = p.draw(3, unused);
    p.accept(picks);
    ref.week(picks, 3);
    return picks;
  };
  for (int t = 0; t < 5; ++t) week();
  CHECK(p.epoch_week() == 5);
  p.pause(4);
  ref.pause(4);
  CHECK(p.epoch_week() == 5);  // the change takes effect with the next accepted week
  week();
  CHECK(p.epoch_week() == 1);
  for (std::uint64_t t = 1; t <= 500; ++t) {
    for (const auto i : week()) REQUIRE(i != 4);
    for (std::size_t i = 0; i < ref.size(); ++i) REQUIRE(std::abs(ref.lag(i)) < 1.0 + 1e-9);
  }
}

TEST_CASE("every policy: no duplicates, paused teams never picked, constraints honoured", "[policy][invariants]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    auto p = make_policy(name);
    Rng rng(99);
    for (int i = 0; i < 25; ++i) p->add(1.0 + static_cast<double>(rng.below(4)));
    for (int step = 0; step < 600; ++step) {
      switch (rng.below(8)) {  // a random operation now and then
        case 0: {
          const std::size_t i = rng.below(p->size());
          if (p->eligible_count() > 12) p->pause(i);
          break;
        }
        case 1: p->resume(rng.below(p->size())); break;
        case 2: p->set_weight(rng.below(p->size()), 0.5 + static_cast<double>(rng.below(6))); break;
        case 3:
          if (step % 50 == 3) {
            p->remove(rng.below(p->size()));
            p->add(1.0);
          }
          break;
        default: break;
      }
      const std::size_t k = 1 + rng.below(7);
      DrawConstraints c;
      std::vector<std::size_t> eligible;
      for (std::size_t i = 0; i < p->size(); ++i)
        if (p->eligible(i)) eligible.push_back(i);
      if (step % 5 == 0) c.required.push_back(eligible[rng.below(eligible.size())]);
      if (step % 7 == 0) {
        const std::size_t e = eligible[rng.below(eligible.size())];
        if (c.required.empty() || c.required[0] != e) c.excluded.push_back(e);
      }
      const auto picks = p->draw(k, rng, c);
      REQUIRE(picks.size() == k);
      REQUIRE(distinct(picks));
      for (const auto i : picks) REQUIRE(p->eligible(i));
      for (const auto r : c.required) REQUIRE(std::find(picks.begin(), picks.end(), r) != picks.end());
      for (const auto e : c.excluded) REQUIRE(std::find(picks.begin(), picks.end(), e) == picks.end());
      // Estimated chances (quota, aws for k > 1) cost 4,000 draws a call, so they are checked at
      // every tenth state: 60 per policy; the picks above are checked at every one.
      if (step % 10 == 0) {
        const auto chances = p->probabilities(k);
        for (std::size_t i = 0; i < p->size(); ++i)
          if (!p->eligible(i)) REQUIRE(chances.values[i] == 0.0);
      }
      p->accept(picks);
    }
  }
}

TEST_CASE("every policy: draw changes no state and repeats for the same Rng state", "[policy][invariants]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    auto p = make_policy(name);
    for (int i = 0; i < 30; ++i) p->add(1.0 + i % 3);
    Rng warm(1);
    for (int t = 0; t < 10; ++t) p->accept(p->draw(6, warm));
    Rng a(42), b(42);
    const auto first = p->draw(6, a);
    for (int again = 0; again < 5; ++again) {
      Rng other(1000 + again);
      p->draw(6, other);  // must not move the rotation
    }
    CHECK(p->draw(6, b) == first);
  }
}

TEST_CASE("every policy: an accept taken back leaves the state as it was, bit for bit", "[policy][invariants][undo]") {
  const auto bytes = [](const Policy& p) {
    detail::StateWriter out;
    p.save(out);
    return out.bytes();
  };
  for (const auto name : policy_names) {
    INFO("policy " << name);
    auto p = make_policy(name);
    auto twin = make_policy(name);  // accepts the same weeks, never undoing
    for (auto* q : {&p, &twin})
      for (int i = 0; i < 30; ++i) (*q)->add(1.0 + i % 4);
    Rng rng(5);
    // What a wheel hands back for reuse (detail::UndoRecycling): the undo of the accept before,
    // never taken back.
    std::unique_ptr<Policy::AcceptUndo> spent;
    // 150 weeks of 6 picks: aws rebuilds its tree every 64 picks, so both kinds of journal occur.
    for (int week = 0; week < 150; ++week) {
      INFO("week " << week);
      if (week == 40)
        for (auto* q : {&p, &twin}) (*q)->pause(3);
      Rng same = rng;
      const auto picks = p->draw(6, rng);
      twin->draw(6, same);  // quota builds its epoch's state on a draw's first use: keep the twin alike
      const auto before = bytes(*p);
      detail::UndoRecycling::hand_back(*p, std::move(spent));
      auto undo = p->accept_undoably(picks);
      auto kept = undo->copy();
      auto later = p->clone();
      undo->take_back(p);
      REQUIRE(bytes(*p) == before);
      kept->take_back(later);  // a copy of the journal undoes a copy of the policy
      REQUIRE(bytes(*later) == before);
      detail::UndoRecycling::hand_back(*p, std::move(undo));
      spent = p->accept_undoably(picks);  // reuses one that was taken back
      twin->accept(picks);
      REQUIRE(bytes(*p) == bytes(*twin));
    }
  }
}

TEST_CASE("every policy: bad arguments throw and change nothing", "[policy][bad-input]") {
  for (const auto name : policy_names) {
    INFO("policy " << name);
    auto p = make_policy(name);
    for (int i = 0; i < 5; ++i) p->add(1.0);
    p->pause(4);
    Rng rng(1);
    CHECK_THROWS_AS(p->draw(0, rng), InvalidArgument);
    CHECK_THROWS_AS(p->draw(5, rng), NotEnoughTeams);
    CHECK_THROWS_AS(p->draw(4, rng, {{}, {0}}), NotEnoughTeams);
    CHECK_THROWS_AS(p->draw(2, rng, {{4}, {}}), InvalidArgument);     // a paused team required
    CHECK_THROWS_AS(p->draw(1, rng, {{0, 1}, {}}), InvalidArgument);  // more required than k
    CHECK_THROWS_AS(p->draw(2, rng, {{0, 0}, {}}), InvalidArgument);  // required twice
    CHECK_THROWS_AS(p->add(std::nan("")), InvalidArgument);
    CHECK_THROWS_AS(p->add(-1.0), InvalidArgument);
    CHECK_THROWS_AS(p->set_weight(9, 1.0), InvalidArgument);
    const std::size_t both[] = {1, 1};
    CHECK_THROWS_AS(p->accept(both), InvalidArgument);
    const std::size_t paused[] = {4};
    CHECK_THROWS_AS(p->accept(paused), InvalidArgument);
    CHECK(p->size() == 5);
    CHECK(p->eligible_count() == 4);
  }
}

TEST_CASE("rotation: a pause and a resume continue the rotation instead of restarting it", "[policy][rotation]") {
  RotationPolicy p;
  for (int i = 0; i < 30; ++i) p.add(1.0);
  Rng unused(0);
  std::vector<int> turns(30, 0);
  for (int week = 1; week <= 15; ++week) {
    if (week == 4) p.pause(29);
    if (week == 7) p.resume(29);
    const auto picks = p.draw(6, unused);
    for (const auto i : picks) ++turns[i];
    p.accept(picks);
  }
  // 15 weeks of 6 picks among 30 teams is 3 turns each. Each change starts an epoch in which
  // everyone is due once more, so one team can get a 4th turn; restarting in roster order at each
  // change gave the first six teams 4 turns each.
  CHECK(std::count(turns.begin(), turns.end(), 4) <= 1);
  CHECK(*std::min_element(turns.begin(), turns.end()) >= 2);
  CHECK(*std::max_element(turns.begin(), turns.end()) <= 4);
}
