// SPDX-License-Identifier: Apache-2.0
//
// Rng: the one source of randomness in opswheel.
//
// The engine is Boost.Random's mt19937_64, whose output is fixed by its specification. The two
// conversions opswheel draws through are written out below rather than taken from a library
// (std:: distributions differ between standard libraries; Boost's cost twice as much on the
// samplers' hot path), so any language can reproduce them exactly:
//   uniform01() = (w >> 11) · 2^-53                     for the next word w;
//   below(n)    = ⌊w·n / 2^64⌋ for the next word w, drawing again while (w·n mod 2^64) < 2^64 mod n
//                 (Lemire's multiply-and-reject: exactly uniform, rarely more than one word).
// The same seed therefore gives the same picks on every platform and from C, C++ and Python. The
// Rng counts the 64-bit words it has produced, so a draw can be audited as "seed S, from word W on".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {
struct RngEngineAccess;  // impl/rng-inl.hpp: the engine behind the opaque storage
}

/// Mixes a master seed and a stream number into an independent 64-bit seed (the SplitMix64
/// finaliser applied twice): a second stream under one seed, independent of Rng(seed) itself, such
/// as the one simulate() draws a run's chance weeks from.
constexpr std::uint64_t derive_seed(std::uint64_t master, std::uint64_t stream) noexcept {
  auto mix = [](std::uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  return mix(master ^ mix(stream));
}

/// A seedable random source. Copying it (about 3 KB of engine state) forks the stream.
///
/// The Boost engine is kept in opaque storage, so this header does not pull Boost into every user;
/// words are taken from the engine a block at a time (refill, compiled in the library), so drawing
/// one stays an inline load. Only the words handed out count as drawn: position() and the picks
/// are those of the engine read word by word.
class OPSWHEEL_CXX_API Rng {
 public:
  using result_type = std::uint64_t;

  explicit Rng(std::uint64_t seed);

  /// The seed this generator started from.
  std::uint64_t seed() const noexcept { return seed_; }
  /// How many 64-bit words have been drawn so far: the position in the stream.
  std::uint64_t position() const noexcept { return position_; }

  /// A double uniform on the 2^53 multiples of 2^-53 in [0, 1).
  double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  /// An integer uniform on [0, n). Precondition: n > 0.
  std::uint64_t below(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;
    u128 product = static_cast<u128>((*this)()) * n;
    auto low = static_cast<std::uint64_t>(product);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) {
        product = static_cast<u128>((*this)()) * n;
        low = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64);
  }

  /// Moves on `words` words as if they had been drawn (Boost jumps ahead for long distances), so
  /// Rng(seed) followed by discard(w) is the stream "seed S, from word W on".
  void discard(std::uint64_t words);

  // A UniformRandomBitGenerator, so standard and Boost algorithms can draw from an Rng too.
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }
  result_type operator()() {
    if (next_ == block_words) refill();
    ++position_;
    return block_[next_++];
  }

 private:
  friend struct detail::RngEngineAccess;
  // boost::random::mt19937_64: 312 words of state and an index (checked in impl/rng-inl.hpp).
  static constexpr std::size_t engine_bytes = 312 * 8 + sizeof(std::size_t);
  static constexpr std::size_t block_words = 64;

  void refill();  // the next block_words words of the engine into block_

  alignas(8) unsigned char engine_[engine_bytes];
  std::array<std::uint64_t, block_words> block_;
  std::size_t next_ = block_words;  // the next unread word of block_; block_words: none left
  std::uint64_t seed_;
  std::uint64_t position_ = 0;
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/rng-inl.hpp"
#endif
