// SPDX-License-Identifier: Apache-2.0
//
// AliasTable: O(1) draws from a fixed distribution over 0..n−1 with integer weights, by Walker's
// alias method (Walker 1977) with Vose's construction (Vose 1991), in integers throughout: index i
// comes out with probability exactly w_i / W, W = Σw, with no rounding anywhere.
//
// The table. n columns, each of capacity W (so the n columns hold n·W, and index i owns n·w_i of
// it). Column j keeps j for coins c < threshold_j and gives alias_j for the others, 0 <= c < W.
// Construction, exactly (the layout decides which index a given coin maps to, so it is part of the
// specification of the stream):
//   rest_j = n·w_j for every j;
//   small, large = two stacks, filled by scanning j = 0, 1, …, n−1: j is pushed on small when
//                  rest_j < W, on large otherwise;
//   while neither stack is empty:
//     l = pop(small); g = top(large);
//     threshold_l = rest_l; alias_l = g; rest_g −= W − rest_l;
//     if rest_g < W: pop g from large and push it on small;
//   every column still on large: threshold = W, alias = itself.
// The remaining mass is always exactly W per column not yet filled, so small empties first.
//
// A draw, and what it takes from the Rng:
//   n·W < 2^64: one r = rng.below(n·W); column j = ⌊r / W⌋, coin c = r mod W;
//   otherwise:  j = rng.below(n), then c = rng.below(W);
//   result = c < threshold_j ? j : alias_j.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "../errors.hpp"
#include "../rng.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

class AliasTable {
 public:
  /// An empty table; draw() must not be called on it.
  AliasTable() = default;

  /// The table for `weights`: index i is drawn with probability weights[i] / Σ weights. Zero
  /// weights are allowed (never drawn). Throws InvalidArgument when there is no weight, every
  /// weight is 0, or the sum does not fit in 64 bits.
  explicit AliasTable(std::span<const std::uint64_t> weights) {
    __extension__ using u128 = unsigned __int128;
    const std::size_t n = weights.size();
    u128 sum = 0;
    for (const std::uint64_t w : weights) sum += w;
    if (n == 0 || sum == 0) throw InvalidArgument("an alias table needs a positive weight");
    if (sum > ~std::uint64_t{0}) throw InvalidArgument("alias table weights must sum to less than 2^64");
    total_ = static_cast<std::uint64_t>(sum);
    const u128 capacity = total_;
    single_word_ = static_cast<u128>(n) * total_ <= ~std::uint64_t{0};

    columns_.resize(n);
    std::vector<u128> rest(n);
    std::vector<std::size_t> small, large;
    for (std::size_t j = 0; j < n; ++j) {
      rest[j] = static_cast<u128>(n) * weights[j];
      (rest[j] < capacity ? small : large).push_back(j);
    }
    while (!small.empty() && !large.empty()) {
      const std::size_t l = small.back();
      small.pop_back();
      const std::size_t g = large.back();
      columns_[l] = {static_cast<std::uint64_t>(rest[l]), g};
      rest[g] -= capacity - rest[l];
      if (rest[g] < capacity) {
        large.pop_back();
        small.push_back(g);
      }
    }
    for (const std::size_t j : large) columns_[j] = {total_, j};
    // Exact arithmetic leaves nothing on small (see the header); a column there would be a bug.
  }

  std::size_t size() const noexcept { return columns_.size(); }
  /// W, the sum of the weights: the capacity of each column.
  std::uint64_t total() const noexcept { return total_; }
  /// Column j keeps j for coins below threshold(j) (out of total()) and gives alias(j) otherwise.
  std::uint64_t threshold(std::size_t j) const { return columns_[j].threshold; }
  std::size_t alias(std::size_t j) const { return columns_[j].alias; }

  /// One index, drawn as the header specifies. Precondition: the table is not empty.
  std::size_t draw(Rng& rng) const {
    __extension__ using u128 = unsigned __int128;
    const std::uint64_t n = columns_.size();
    std::uint64_t j, c;
    if (single_word_) {
      // rng.below(n·W) = r, j = ⌊r / W⌋, c = r mod W, without the division: below accepts a word x
      // and returns r = ⌊x·n·W / 2^64⌋, so j = ⌊x·n / 2^64⌋ and c = ⌊(x·n mod 2^64)·W / 2^64⌋. The
      // words are accepted exactly as Rng::below accepts them (tests compare the two).
      const std::uint64_t span = n * total_;
      std::uint64_t x = rng();
      if (static_cast<std::uint64_t>(static_cast<u128>(x) * span) < span) {
        const std::uint64_t threshold = (0 - span) % span;  // 2^64 mod span
        while (static_cast<std::uint64_t>(static_cast<u128>(x) * span) < threshold) x = rng();
      }
      const u128 xn = static_cast<u128>(x) * n;
      j = static_cast<std::uint64_t>(xn >> 64);
      c = static_cast<std::uint64_t>((static_cast<u128>(static_cast<std::uint64_t>(xn)) * total_) >> 64);
    } else {
      j = rng.below(n);
      c = rng.below(total_);
    }
    // Branch-free select: the coin is unpredictable, and a mispredicted branch costs more than the
    // load of an alias that is not used.
    const Column& col = columns_[j];
    const std::size_t keep = std::size_t{0} - static_cast<std::size_t>(c < col.threshold);
    return (static_cast<std::size_t>(j) & keep) | (col.alias & ~keep);
  }

 private:
  struct Column {
    std::uint64_t threshold;
    std::size_t alias;
  };
  std::vector<Column> columns_;
  std::uint64_t total_ = 0;
  bool single_word_ = true;
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
