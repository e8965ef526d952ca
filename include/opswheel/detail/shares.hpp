// SPDX-License-Identifier: Apache-2.0
//
// Exact shares: each team's chance of being among a week's k picks, π_i = min(1, c·w_i) with
// Σπ_i = k (cap at 1 and redistribute until nothing new is capped), as integers over a common
// denominator, so that the policies that promise bounds (rotation, quota) and the exact samplers
// never meet a rounding error in their own arithmetic.
#pragma once

#include <algorithm>
#include <bit>
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

namespace shares_impl {

// Products of a scale below 2^40 with week counts stay far inside 128 bits.
inline constexpr double integer_sum_limit = 1099511627776.0;  // 2^40

// Weights as integers with the same ratios, when every weight has at most six decimal places and
// they sum to at most 2^40. Empty if not.
inline std::vector<std::uint64_t> as_decimal_integers(std::span<const double> weights) {
  double scale = 1;
  for (int places = 0; places <= 6; ++places, scale *= 10) {
    std::vector<std::uint64_t> ints;
    double sum = 0;
    for (const double w : weights) {
      const double scaled = w * scale;
      const double whole = std::round(scaled);
      if (whole < 1 || whole > integer_sum_limit || std::abs(scaled - whole) > 1e-9 * scaled) break;
      sum += whole;
      ints.push_back(static_cast<std::uint64_t>(whole));
    }
    if (ints.size() == weights.size()) return sum <= integer_sum_limit ? ints : std::vector<std::uint64_t>{};
  }
  return {};
}

// Weights as the integers their binary values are (every finite double is m·2^e), reduced by
// their greatest common divisor: exact, so 1/3 : 2/3 : 1/3 is 1 : 2 : 1. Empty when those
// integers do not fit 64 bits or sum to more than 2^40.
inline std::vector<std::uint64_t> as_binary_integers(std::span<const double> weights) {
  std::vector<std::uint64_t> mantissas;
  std::vector<int> exponents;
  for (const double w : weights) {
    int e = 0;
    auto m = static_cast<std::uint64_t>(std::ldexp(std::frexp(w, &e), 53));  // w = m·2^(e−53), exactly
    const int zeros = std::countr_zero(m);
    mantissas.push_back(m >> zeros);
    exponents.push_back(e - 53 + zeros);
  }
  const int lowest = *std::min_element(exponents.begin(), exponents.end());
  std::uint64_t g = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const int shift = exponents[i] - lowest;
    if (shift + static_cast<int>(std::bit_width(mantissas[i])) > 63) return {};
    mantissas[i] <<= shift;
    g = std::gcd(g, mantissas[i]);
  }
  double sum = 0;
  for (auto& m : mantissas) sum += static_cast<double>(m /= g);
  return sum <= integer_sum_limit ? mantissas : std::vector<std::uint64_t>{};
}

// Any other weights: all multiplied by one power of two, so that the largest lands in
// [2^(b−1), 2^b) with b = 39 − ⌈log2 N⌉ (the sum stays below 2^40), and rounded to integers.
// Multiplying by a power of two is exact in binary floating point, so equal weights give equal
// integers, and every ratio moves by at most 2^-(b−1), relative. A weight below 2^-b of the
// largest counts as that much.
inline std::vector<std::uint64_t> as_scaled_integers(std::span<const double> weights) {
  const double largest = *std::max_element(weights.begin(), weights.end());
  const int bits = 39 - static_cast<int>(std::bit_width(weights.size() - 1));
  const int shift = bits - 1 - std::ilogb(largest);  // largest·2^shift in [2^(bits−1), 2^bits)
  std::vector<std::uint64_t> ints;
  ints.reserve(weights.size());
  for (const double w : weights)
    ints.push_back(std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::round(std::ldexp(w, shift)))));
  return ints;
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

}  // namespace shares_impl

/// The shares π_i = min(1, c·w_i), Σπ_i = k, of positive weights (from a validated roster), as
/// exact fractions of the weights as given: as decimals with at most six places (integers, 1.5,
/// 0.25, 2.75…), or else as the binary fractions they are (1/3, 2/3…), whichever gives integers
/// summing to at most 2^40. Other weights (0.1 beside 0.7, say, whose binary values have no small
/// common measure) are first brought to integers by one power-of-two scaling, which keeps equal
/// weights equal. So equal weights always get equal shares, the scale is below 2^40, and the sum
/// is exactly k. Throws NotEnoughTeams when k > weights.size(), InvalidArgument for a weight that
/// is not finite and > 0.
inline Shares exact_shares(std::span<const double> weights, std::size_t k) {
  if (k > weights.size())
    throw NotEnoughTeams("cannot pick " + std::to_string(k) + " distinct teams from " +
                         std::to_string(weights.size()) + " eligible");
  if (k == 0) return {std::vector<std::uint64_t>(weights.size(), 0), 1};
  // Callers pass validated weights; a weight that is 0, negative or not finite would turn into a
  // zero divisor below, so it is refused here whatever the caller.
  for (const double w : weights)
    if (!(w > 0) || !std::isfinite(w)) throw InvalidArgument("exact shares need finite weights > 0");
  auto ints = shares_impl::as_decimal_integers(weights);
  if (ints.empty()) ints = shares_impl::as_binary_integers(weights);
  if (ints.empty()) ints = shares_impl::as_scaled_integers(weights);
  return shares_impl::from_integers(ints, k);
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
