// SPDX-License-Identifier: Apache-2.0
//
// Exact shares: each team's chance of being among a week's k picks, π_i = min(1, c·w_i) with
// Σπ_i = k, as integers over a common denominator so that the policies that promise bounds
// (rotation, quota) and the exact samplers never meet a rounding error in their own arithmetic.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "../errors.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

#if !defined(__SIZEOF_INT128__)
#error "opswheel's exact share arithmetic needs a compiler with 128-bit integers (GCC or Clang)"
#endif
/// Exact products of shares and week counts need more than 64 bits. (__extension__ keeps GCC and
/// Clang quiet about the type under -Wpedantic.)
__extension__ using int128 = __int128;

/// The denominator of every share: a share of `share_scale` units is a chance of 1. Quantising to
/// 2^-32 moves a team's long-run target by at most 2.3e-10 turns a week.
inline constexpr std::uint64_t share_scale = std::uint64_t{1} << 32;

/// Returns units u_i with u_i / share_scale = π_i = min(1, c·w_i), Σ u_i = k·share_scale exactly,
/// u_i <= share_scale. Weights must be > 0 (they come from a validated roster). The capped set is
/// found by "cap at 1 and redistribute until nothing new is capped"; the rest is quantised with
/// the largest-remainder rule (ties to the lower index), so the sum is exact.
/// Throws NotEnoughTeams when k > weights.size().
inline std::vector<std::uint64_t> exact_shares(std::span<const double> weights, std::size_t k) {
  const std::size_t n = weights.size();
  if (k > n)
    throw NotEnoughTeams("cannot pick " + std::to_string(k) + " distinct teams from " + std::to_string(n) +
                         " eligible");
  std::vector<std::uint64_t> units(n, 0);
  if (k == 0) return units;
  std::vector<bool> capped(n, false);
  std::size_t n_capped = 0;
  double c = 0;
  for (;;) {
    double free_weight = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (!capped[i]) free_weight += weights[i];
    c = static_cast<double>(k - n_capped) / free_weight;
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i)
      if (!capped[i] && c * weights[i] >= 1.0) {
        capped[i] = true;
        ++n_capped;
        changed = true;
      }
    if (!changed || n_capped == k) break;
  }
  // Largest remainder over the uncapped teams.
  const std::uint64_t free_units = static_cast<std::uint64_t>(k - n_capped) * share_scale;
  std::uint64_t assigned = 0;
  std::vector<std::pair<double, std::size_t>> remainders;
  for (std::size_t i = 0; i < n; ++i) {
    if (capped[i]) {
      units[i] = share_scale;
      continue;
    }
    if (n_capped == k) continue;
    const double exact = c * weights[i] * static_cast<double>(share_scale);
    const double floor = std::floor(exact);
    units[i] = static_cast<std::uint64_t>(floor);
    assigned += units[i];
    remainders.emplace_back(exact - floor, i);
  }
  // Rounding in c can leave the floors a few units off the target; settle the difference one
  // unit at a time, largest remainder first when under, smallest first when over.
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  while (assigned < free_units)
    for (auto it = remainders.begin(); it != remainders.end() && assigned < free_units; ++it)
      if (units[it->second] < share_scale) {
        ++units[it->second];
        ++assigned;
      }
  while (assigned > free_units)
    for (auto it = remainders.rbegin(); it != remainders.rend() && assigned > free_units; ++it)
      if (units[it->second] > 0) {
        --units[it->second];
        --assigned;
      }
  return units;
}

/// The same shares as doubles: π_i = min(1, c·w_i), Σ π_i = k (to within rounding of the division).
inline std::vector<double> inclusion_probabilities(std::span<const double> weights, std::size_t k) {
  const auto units = exact_shares(weights, k);
  std::vector<double> p(units.size());
  for (std::size_t i = 0; i < units.size(); ++i)
    p[i] = static_cast<double>(units[i]) / static_cast<double>(share_scale);
  return p;
}

}  // namespace detail
OPSWHEEL_END_NAMESPACE
