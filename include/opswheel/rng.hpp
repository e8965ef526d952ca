// SPDX-License-Identifier: Apache-2.0
//
// Rng: the one source of randomness in opswheel.
//
// Built on Boost.Random's mt19937_64 and Boost's distributions, whose algorithms are fixed in Boost's
// source (the std:: distributions differ between standard libraries). The same seed therefore
// gives the same picks on every platform and from C, C++ and Python. The engine counts the 64-bit
// words it has produced, so a draw can be audited as "seed S, from word W on".
#pragma once

#include <cstdint>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Mixes a master seed and a stream number into an independent 64-bit seed (the SplitMix64
/// finaliser applied twice). A wheel seeds spin n with `derive_seed(wheel_seed, n)`, so any spin
/// can be redrawn on its own without replaying the ones before it.
constexpr std::uint64_t derive_seed(std::uint64_t master, std::uint64_t stream) noexcept {
  auto mix = [](std::uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  return mix(master ^ mix(stream));
}

/// A seedable random source. Cheap to move; copying it forks the stream.
class Rng {
 public:
  using result_type = std::uint64_t;

  explicit Rng(std::uint64_t seed) : engine_(seed), seed_(seed) {}

  /// The seed this generator started from.
  std::uint64_t seed() const noexcept { return seed_; }
  /// How many 64-bit words have been drawn so far: the position in the stream.
  std::uint64_t position() const noexcept { return position_; }

  /// A double uniform on [0, 1).
  double uniform01() { return boost::random::uniform_real_distribution<double>(0.0, 1.0)(*this); }

  /// An integer uniform on [0, n). Precondition: n > 0.
  std::uint64_t below(std::uint64_t n) {
    return boost::random::uniform_int_distribution<std::uint64_t>(0, n - 1)(*this);
  }

  // UniformRandomBitGenerator, so Boost's distributions can draw from an Rng directly.
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }
  result_type operator()() {
    ++position_;
    return engine_();
  }

 private:
  boost::random::mt19937_64 engine_;
  std::uint64_t seed_;
  std::uint64_t position_ = 0;
};

OPSWHEEL_END_NAMESPACE
