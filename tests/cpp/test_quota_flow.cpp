// SPDX-License-Identifier: Apache-2.0
// The quota policy's exact feasibility check against a brute-force search of every schedule.
#include <catch2/catch.hpp>

#include <opswheel/detail/quota_flow.hpp>
#include <opswheel/rng.hpp>

#include <cstdint>
#include <optional>
#include <vector>

using namespace opswheel;

namespace {

struct Instance {
  detail::Epoch epoch;
  std::int64_t slack;
};

bool within(const Instance& in, const std::vector<std::int64_t>& x, std::int64_t T) {
  for (std::size_t j = 0; j < x.size(); ++j) {
    const detail::int128 target = in.epoch.target(j, T), scale = in.epoch.scale;
    if (x[j] < detail::floor_div(target, scale) - in.slack || x[j] > detail::ceil_div(target, scale) + in.slack)
      return false;
  }
  return true;
}

// Whether some schedule of `weeks` more weeks (k distinct teams each) keeps every bound, the
// first week restricted to `first` when given. As in the policy, a team with a share of 1
// presents every week.
bool schedule_exists(const Instance& in, std::vector<std::int64_t> x, std::int64_t T, std::int64_t weeks,
                     std::optional<unsigned> first = std::nullopt) {
  if (weeks == 0) return true;
  const std::size_t n = x.size();
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    if (static_cast<std::size_t>(__builtin_popcount(mask)) != in.epoch.k) continue;
    if (first && mask != *first) continue;
    bool every_week_ok = true;
    for (std::size_t j = 0; j < n; ++j)
      if (in.epoch.units[j] == in.epoch.scale && !((mask >> j) & 1)) every_week_ok = false;
    if (!every_week_ok) continue;
    for (std::size_t j = 0; j < n; ++j) x[j] += (mask >> j) & 1;
    const bool ok = within(in, x, T + 1) && schedule_exists(in, x, T + 1, weeks - 1);
    for (std::size_t j = 0; j < n; ++j) x[j] -= (mask >> j) & 1;
    if (ok) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("quota flow: a week exists exactly when some schedule does, and it extends to one", "[quota][flow]") {
  Rng gen(2024);
  int feasible = 0, infeasible = 0;
  for (int trial = 0; trial < 300; ++trial) {
    Instance in;
    const std::size_t n = 3 + gen.below(3);
    std::vector<double> w(n);
    for (auto& x : w) x = 1.0 + static_cast<double>(gen.below(3));
    in.epoch.k = 1 + gen.below(n - 1);
    const auto shares = detail::exact_shares(w, in.epoch.k);
    in.epoch.units = shares.units;
    in.epoch.scale = shares.scale;
    in.slack = static_cast<std::int64_t>(gen.below(2));
    in.epoch.week = gen.below(15);
    // Targets carried from an earlier epoch start off the origin (detail/targets.hpp).
    in.epoch.offset.assign(n, 0);
    for (std::size_t j = 0; j < n; ++j)
      if (gen.below(2) == 0)
        in.epoch.offset[j] = static_cast<std::int64_t>(gen.below(2 * in.epoch.scale)) - static_cast<std::int64_t>(in.epoch.scale);
    // Turns anywhere within a slack-wider band, so that some states cannot be rescued.
    std::vector<std::int64_t> x(n);
    in.epoch.turns.assign(n, 0);
    for (std::size_t j = 0; j < n; ++j) {
      const detail::int128 target = in.epoch.target(j, static_cast<detail::int128>(in.epoch.week));
      const auto lo = static_cast<std::int64_t>(detail::floor_div(target, in.epoch.scale)) - in.slack - 1;
      x[j] = std::max<std::int64_t>(0, lo + static_cast<std::int64_t>(gen.below(static_cast<std::uint64_t>(2 * in.slack + 4))));
      in.epoch.turns[j] = static_cast<std::uint64_t>(x[j]);
    }
    const std::int64_t horizon = 5;
    const std::vector<char> yes(n, 1);
    const auto week = detail::feasible_week(in.epoch, yes, yes, {}, in.slack, horizon);
    const auto t = static_cast<std::int64_t>(in.epoch.week);
    INFO("trial " << trial);
    REQUIRE(week.has_value() == schedule_exists(in, x, t, horizon));
    if (week) {
      ++feasible;
      REQUIRE(week->size() == in.epoch.k);
      unsigned mask = 0;
      for (const auto j : *week) mask |= 1u << j;
      REQUIRE(schedule_exists(in, x, t, horizon, mask));
    } else {
      ++infeasible;
    }
  }
  CHECK(feasible > 50);  // both answers were exercised
  CHECK(infeasible > 50);
}

TEST_CASE("quota flow: required and disallowed teams are honoured", "[quota][flow]") {
  detail::Epoch e;
  e.k = 2;
  e.units = {1, 1, 1, 1};  // four equal teams, two picks a week: π = 1/2 each
  e.scale = 2;
  e.turns = {0, 0, 0, 0};
  e.offset = {0, 0, 0, 0};
  const std::vector<char> eligible(4, 1);
  const std::vector<char> allowed = {1, 0, 1, 1};
  const std::size_t required[] = {3};
  const auto week = detail::feasible_week(e, eligible, allowed, required, 0, 8);
  REQUIRE(week.has_value());
  CHECK(std::find(week->begin(), week->end(), 3u) != week->end());
  CHECK(std::find(week->begin(), week->end(), 1u) == week->end());
}
