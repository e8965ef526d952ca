// SPDX-License-Identifier: Apache-2.0
//
// Rng's compiled half: the Boost engine in the opaque storage rng.hpp declares. Compiled once by
// src/core/rng.cpp, or included by rng.hpp in header-only mode (OPSWHEEL_HEADER_ONLY).
#pragma once

#include <algorithm>
#include <cstring>
#include <new>
#include <type_traits>

#include <boost/random/mersenne_twister.hpp>

#include "../rng.hpp"

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {
struct RngEngineAccess {
  using Engine = boost::random::mt19937_64;
  static_assert(sizeof(Engine) == Rng::engine_bytes, "Rng::engine_bytes must match boost::random::mt19937_64");
  static_assert(alignof(Engine) <= 8, "Rng's engine storage is 8-byte aligned");
  // Copying an Rng copies the storage byte for byte, which is a copy of the engine only if it is
  // trivially copyable (an array of words and an index).
  static_assert(std::is_trivially_copyable_v<Engine> && std::is_trivially_destructible_v<Engine>);

  static Engine& engine(Rng& rng) noexcept { return *std::launder(reinterpret_cast<Engine*>(rng.engine_)); }
};
}  // namespace detail

OPSWHEEL_INLINE Rng::Rng(std::uint64_t seed) : seed_(seed) {
  ::new (static_cast<void*>(engine_)) detail::RngEngineAccess::Engine(seed);
}

OPSWHEEL_INLINE void Rng::refill() {
  auto& engine = detail::RngEngineAccess::engine(*this);
  for (auto& word : block_) word = engine();
  next_ = 0;
}

OPSWHEEL_INLINE void Rng::discard(std::uint64_t words) {
  // The words still unread in the block come first; Boost jumps over the rest.
  const std::uint64_t buffered = std::min<std::uint64_t>(words, block_words - next_);
  next_ += static_cast<std::size_t>(buffered);
  if (words > buffered) detail::RngEngineAccess::engine(*this).discard(words - buffered);
  position_ += words;
}

OPSWHEEL_END_NAMESPACE
