// SPDX-License-Identifier: Apache-2.0
//
// k-of-N draws without replacement, shared by the policies.
//
// - pivotal_draw: exact inclusion probabilities (team i is picked with chance exactly
//   units_i / scale), by the pivotal method of Deville & Tillé (Biometrika, 1998) in integer
//   arithmetic over a random order of the teams.
// - efraimidis_spirakis_draw: successive weighted sampling (Efraimidis & Spirakis, IPL 2006,
//   "A-Res"): each draw is ∝ weight among the teams not yet drawn. Its inclusion probabilities are
//   NOT proportional to weight: heavy teams are under-represented and light ones over-represented
//   (weights 1,2,3,4,10,30 and k = 3 target 0.1,0.2,0.3,0.4,1,1 but give about
//   0.13,0.25,0.37,0.48,0.80,0.97). It is here for comparison and for policies whose rule is
//   successive by definition (aws); use pivotal_draw when the share must be exact.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

#include "../rng.hpp"
#include "../version.hpp"
#include "shares.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// Shuffles `items` in place with Fisher–Yates on Rng::below (portable, unlike std::shuffle).
template <class T>
void shuffle(std::vector<T>& items, Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.below(i)]);
}

/// Draws m = Σ units / scale distinct indices; index i is included with probability exactly
/// shares.probability(i). Precondition: every unit count <= scale and the sum a multiple of the
/// scale (as exact_shares returns). Returns the picks in increasing index order.
inline std::vector<std::size_t> pivotal_draw(const Shares& shares, Rng& rng) {
  const std::uint64_t one = shares.scale;
  const auto& units = shares.units;
  std::vector<std::size_t> order;
  std::vector<std::size_t> picks;
  order.reserve(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (units[i] == one) picks.push_back(i);
    else if (units[i] > 0) order.push_back(i);
  }
  shuffle(order, rng);
  // The carrier holds the one undecided probability mass; each step settles one of two units.
  bool have_carrier = false;
  std::size_t carrier = 0;
  std::uint64_t carried = 0;
  for (const std::size_t j : order) {
    if (!have_carrier) {
      carrier = j;
      carried = units[j];
      have_carrier = true;
      continue;
    }
    const std::uint64_t a = carried, b = units[j], sum = a + b;
    if (sum <= one) {
      // One of the two takes the whole mass; the other is out.
      if (rng.below(sum) < b) carrier = j;
      carried = sum;
      if (carried == one) {
        picks.push_back(carrier);
        have_carrier = false;
      }
    } else {
      // One of the two is in; the other carries the excess.
      const std::uint64_t excess = sum - one;
      const std::uint64_t room = 2 * one - sum;  // > 0 since a, b < one
      // The carrier is in with probability (one - b) / room.
      if (rng.below(room) < one - b) {
        picks.push_back(carrier);
        carrier = j;
      } else {
        picks.push_back(j);
      }
      carried = excess;
    }
  }
  // The mass is a whole number of picks, so a carrier left over holds 0 or a full unit.
  if (have_carrier && carried == one) picks.push_back(carrier);
  std::sort(picks.begin(), picks.end());
  return picks;
}

/// Successive weighted sampling of k distinct indices (Efraimidis–Spirakis keys u^(1/w)); see the
/// header comment for why its inclusion is not proportional. Indices with weight <= 0 are never
/// drawn. Precondition: k <= number of positive weights. Returns the picks in draw order.
inline std::vector<std::size_t> efraimidis_spirakis_draw(std::span<const double> weights, std::size_t k,
                                                         Rng& rng) {
  std::vector<std::pair<double, std::size_t>> keys;
  keys.reserve(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double u = rng.uniform01();
    // log(u)/w orders the same as u^(1/w) and does not underflow for small weights.
    if (weights[i] > 0) keys.emplace_back(std::log(u) / weights[i], i);
  }
  const auto k_end = keys.begin() + static_cast<std::ptrdiff_t>(std::min(k, keys.size()));
  std::partial_sort(keys.begin(), k_end, keys.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::size_t> picks;
  for (auto it = keys.begin(); it != k_end; ++it) picks.push_back(it->second);
  return picks;
}

}  // namespace detail
OPSWHEEL_END_NAMESPACE
