// SPDX-License-Identifier: Apache-2.0
//
// Transcendental functions the draws depend on, written with + − × / only.
//
// The standard library's exp is not correctly rounded and differs in the last bit between C
// libraries; a draw that weighs teams by exp(...) would then pick differently on another
// platform. IEEE arithmetic on its own is reproducible (given no fused multiply-add contraction:
// GCC and Clang contract only under -ffp-contract=fast, which ISO modes like -std=c++20 do not
// enable), so these functions give the same bits everywhere.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// e^x to within a few ulps, identical on every IEEE platform. Saturates below −700 and above 700
/// (so 2^n stays a normal double).
inline double portable_exp(double x) {
  if (x < -700.0) x = -700.0;
  if (x > 700.0) x = 700.0;
  constexpr double log2e = 1.4426950408889634;
  constexpr double ln2_hi = 0.693147180369123816490;  // ln 2 split so that n·ln2_hi is exact
  constexpr double ln2_lo = 1.90821492927058770002e-10;
  const double n = std::floor(x * log2e + 0.5);
  const double r = (x - n * ln2_hi) - n * ln2_lo;  // |r| <= 0.35
  // Taylor series to r^13/13! by Horner's rule: its tail is below 1e-17 for |r| <= 0.35.
  constexpr double inverse_factorial[14] = {1.0,
                                            1.0,
                                            1.0 / 2,
                                            1.0 / 6,
                                            1.0 / 24,
                                            1.0 / 120,
                                            1.0 / 720,
                                            1.0 / 5040,
                                            1.0 / 40320,
                                            1.0 / 362880,
                                            1.0 / 3628800,
                                            1.0 / 39916800,
                                            1.0 / 479001600,
                                            1.0 / 6227020800.0};
  double sum = inverse_factorial[13];
  for (int i = 12; i >= 0; --i) sum = sum * r + inverse_factorial[i];
  // 2^n as a double built from its exponent bits is exact and cheaper than ldexp.
  return sum * std::bit_cast<double>(static_cast<std::uint64_t>(static_cast<std::int64_t>(n) + 1023) << 52);
}

}  // namespace detail
OPSWHEEL_END_NAMESPACE
