// SPDX-License-Identifier: Apache-2.0
//
// Exact shares: each team's chance of being among a week's k picks, π_i = min(1, c·w_i) with
// Σπ_i = k (cap at 1 and redistribute until nothing new is capped), as integers over a common
// denominator, so that the policies that promise bounds (rotation, quota) and the exact samplers
// never meet a rounding error in their own arithmetic.
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

#if !defined(__SIZEOF_INT128__)
#error "opswheel's exact share arithmetic needs a compiler with 128-bit integers (GCC or Clang)"
#endif

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// Exact products of shares and week counts need more than 64 bits. (__extension__ keeps GCC and
/// Clang quiet about the type under -Wpedantic.)
__extension__ using int128 = __int128;

/// π_i = units[i] / scale, Σ units = k·scale, every units[i] <= scale.
struct Shares {
  std::vector<std::uint64_t> units;
  std::uint64_t scale = 1;

  double probability(std::size_t i) const { return static_cast<double>(units[i]) / static_cast<double>(scale); }
};

/// The fallback denominator when weights have no small common one: 2^32, which moves a team's
/// long-run target by at most 2.3e-10 turns a week.
inline constexpr std::uint64_t quantised_scale = std::uint64_t{1} << 32;

namespace shares_impl {

// Weights as integers with the same ratios, when every weight has at most six decimal places and
// they sum to at most 2^40 (so products with week counts stay far inside 128 bits). Empty if not.
inline std::vector<std::uint64_t> as_integers(std::span<const double> weights) {
  constexpr double limit = 1099511627776.0;  // 2^40
  double scale = 1;
  for (int places = 0; places <= 6; ++places, scale *= 10) {
    std::vector<std::uint64_t> ints;
    double sum = 0;
    for (const double w : weights) {
      const double scaled = w * scale;
      const double whole = std::round(scaled);
      if (whole < 1 || std::abs(scaled - whole) > 1e-9 * scaled) break;
      sum += whole;
      ints.push_back(static_cast<std::uint64_t>(whole));
    }
    if (ints.size() == weights.size()) return sum <= limit ? ints : std::vector<std::uint64_t>{};
  }
  return {};
}

// Exact when the weights are integers: free teams get (k − capped)·w_i over Σ free w.
inline Shares from_integers(const std::vector<std::uint64_t>& w, std::size_t k) {
  const std::size_t n = w.size();
  std::vector<bool> capped(n, false);
  std::size_t n_capped = 0;
  int128 free_sum = 0;
  for (const auto x : w) free_sum += x;
  for (bool changed = true; changed && n_capped < k;) {
    changed = false;
    for (std::size_t i = 0; i < n; ++i)
      if (!capped[i] && static_cast<int128>(k - n_capped) * w[i] >= free_sum) {
        capped[i] = true;
        ++n_capped;
        free_sum -= w[i];
        changed = true;
        break;  // the free sum changed: test the others against the new one
      }
  }
  Shares s;
  s.units.assign(n, 0);
  if (n_capped == k) {
    for (std::size_t i = 0; i < n; ++i) s.units[i] = capped[i];
    return s;
  }
  const auto scale = static_cast<std::uint64_t>(free_sum);
  std::uint64_t g = scale;
  for (std::size_t i = 0; i < n; ++i) {
    s.units[i] = capped[i] ? scale : static_cast<std::uint64_t>(k - n_capped) * w[i];
    g = std::gcd(g, s.units[i]);
  }
  for (auto& u : s.units) u /= g;
  s.scale = scale / g;
  return s;
}

// Quantised to 2^-32 with the largest-remainder rule (ties to the lower index), so the sum is exact.
inline Shares quantised(std::span<const double> weights, std::size_t k) {
  const std::size_t n = weights.size();
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
  Shares s{std::vector<std::uint64_t>(n, 0), quantised_scale};
  const std::uint64_t free_units = static_cast<std::uint64_t>(k - n_capped) * quantised_scale;
  std::uint64_t assigned = 0;
  std::vector<std::pair<double, std::size_t>> remainders;
  for (std::size_t i = 0; i < n; ++i) {
    if (capped[i]) {
      s.units[i] = quantised_scale;
      continue;
    }
    if (n_capped == k) continue;
    const double exact = c * weights[i] * static_cast<double>(quantised_scale);
    const double floor = std::floor(exact);
    s.units[i] = static_cast<std::uint64_t>(floor);
    assigned += s.units[i];
    remainders.emplace_back(exact - floor, i);
  }
  // Rounding in c can leave the floors a few units off the target; settle the difference one
  // unit at a time, largest remainder first when under, smallest first when over.
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  while (assigned < free_units)
    for (auto it = remainders.begin(); it != remainders.end() && assigned < free_units; ++it)
      if (s.units[it->second] < quantised_scale) {
        ++s.units[it->second];
        ++assigned;
      }
  while (assigned > free_units)
    for (auto it = remainders.rbegin(); it != remainders.rend() && assigned > free_units; ++it)
      if (s.units[it->second] > 0) {
        --s.units[it->second];
        --assigned;
      }
  return s;
}

}  // namespace shares_impl

/// The shares π_i = min(1, c·w_i), Σπ_i = k, of positive weights (from a validated roster).
/// Exact (equal weights get equal shares, 1/5 is 1/5) whenever every weight has at most six
/// decimal places and the scaled weights sum to at most 2^40 — integer weights, 1.5, 0.25, 2.75…;
/// otherwise quantised to 2^-32 with the sum still exactly k. Throws NotEnoughTeams when
/// k > weights.size().
inline Shares exact_shares(std::span<const double> weights, std::size_t k) {
  if (k > weights.size())
    throw NotEnoughTeams("cannot pick " + std::to_string(k) + " distinct teams from " +
                         std::to_string(weights.size()) + " eligible");
  if (k == 0) return {std::vector<std::uint64_t>(weights.size(), 0), 1};
  const auto ints = shares_impl::as_integers(weights);
  return ints.empty() ? shares_impl::quantised(weights, k) : shares_impl::from_integers(ints, k);
}

/// The same shares as doubles.
inline std::vector<double> inclusion_probabilities(std::span<const double> weights, std::size_t k) {
  const Shares s = exact_shares(weights, k);
  std::vector<double> p(s.units.size());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = s.probability(i);
  return p;
}

}  // namespace detail
OPSWHEEL_END_NAMESPACE
