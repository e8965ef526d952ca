// SPDX-License-Identifier: Apache-2.0
//
// k-of-N draws without replacement, shared by the policies.
//
// Exact inclusion. Given shares (detail/shares.hpp: π_i = units_i / scale, Σπ_i = m), team i is
// among the m picks with probability exactly π_i, in integer arithmetic throughout. Teams with
// π_i = 1 are always picked and teams with π_i = 0 never; the methods draw the other m' picks among
// the n teams with 0 < π_i < 1, whose shares sum to the whole number m'.
// - sampford_draw: Sampford's method (Biometrika, 1967): the first pick ∝ π_i, the other m' − 1
//   with replacement ∝ λ_i = π_i / (1 − π_i); the attempt is kept when all m' are distinct and is
//   otherwise redrawn from the start. O(m') per attempt after an O(n) set-up (SampfordTables: two
//   alias tables, detail/alias.hpp), and every pair of teams can be picked together. Attempts
//   become many when m'² is not small against n, so it is used only where the rule below allows.
// - pivotal_draw: the pivotal method of Deville & Tillé (Biometrika, 1998) over a random order of
//   the teams: O(n) per draw (a Fisher–Yates shuffle, then one step per team), any m'.
// - exact_draw: what the policies call: Sampford when SampfordTables::preferred(), else pivotal.
//   The choice depends only on the shares, so a seed gives the same picks on every platform.
// - efraimidis_spirakis_draw: successive weighted sampling (Efraimidis & Spirakis, IPL 2006,
//   "A-Res"): each draw is ∝ weight among the teams not yet drawn. Its inclusion probabilities are
//   NOT proportional to weight: heavy teams are under-represented and light ones over-represented
//   (weights 1,2,3,4,10,30 and k = 3 target 0.1,0.2,0.3,0.4,1,1 but give about
//   0.13,0.25,0.37,0.48,0.80,0.97). It is here for comparison and for policies whose rule is
//   successive by definition (aws); use exact_draw when the share must be exact.
//
// Sampford in integers. Write S = scale and u_i = units_i for the n teams with 0 < u_i < S.
// - First pick: the alias table over the weights u_i, so exactly ∝ π_i.
// - Other picks: exactly ∝ λ_i = u_i / (S − u_i), by thinning an integer envelope. With u_max the
//   largest u_i, K = ⌊2^20·(S − u_max) / u_max⌋ and g_i = ⌈K·u_i / (S − u_i)⌉ <= 2^20: draw j from
//   the alias table over the weights g_i and keep it with probability a_j = K·u_j / d_j,
//   d_j = (S − u_j)·g_j (a_j > 1 − 1/g_j), otherwise draw again. Then j comes out ∝ K·λ_j exactly.
//   The coin, when a_j < 1: one raw word x = rng(); keep j if x < ⌊2^64·a_j⌋, or if x equals it and
//   rng.below(d_j) < (2^64·K·u_j mod d_j) — together exactly a_j. When a_j = 1 no word is drawn.
// - Rng consumption of one draw: attempts in turn; an attempt is one first-table draw, then picks
//   from the envelope as above until it holds m' distinct teams (kept) or a pick repeats one
//   already in it (the attempt ends at once and the next begins). Each alias-table draw takes one
//   rng.below(n·W) (two calls when n·W >= 2^64; detail/alias.hpp). m' <= 1 takes no envelope draw.
//
// When Sampford is used (SampfordTables::preferred()). E = (m' − 1)·Σ p_i q_i + C(m' − 1, 2)·Σ q_i²,
// with p_i = u_i / (m'·S) and q_i = g_i / G, G = Σ g_i (the envelope's shares stand in for the
// exact λ-shares; they differ by at most about n·2^-20 in all), is the expected number of
// coinciding pairs among an attempt's m' picks, so an attempt is kept with probability at least
// 1 − E (union bound). The rule is E <= 1/2: at most 2 attempts on average, more than t attempts
// with probability at most 2^-t, so a Sampford draw costs at most about 4m' Rng words on average,
// against the pivotal method's 2n. (7 picks out of 100 teams of weights 1..5: E ≈ 0.26, 1.31
// attempts and 16 words on average.) Since Σ q_i² >= 1/n, E <= 1/2 needs (m' − 1)(m' − 2) <= n:
// roughly m'² <= n. E is computed in integers only, in 2^-32 fixed point, with floors:
//   y = ⌊2^32·Σ u_i g_i / (m'·S)⌋,  t1 = ⌊(m' − 1)·y / G⌋,  z = ⌊2^32·Σ g_i² / G⌋,
//   t2 = ⌊C(m' − 1, 2)·z / G⌋;  Sampford iff (m' − 1)(m' − 2) <= n and t1 + t2 <= 2^31.
// m' <= 1 always uses Sampford (nothing can repeat). Sampford is not available, and pivotal is
// used, when its integers would not fit: m'·S, G or some d_j >= 2^64, or K = 0 (some π_i above
// 1 − 2^-20 with m' >= 2). With shares from exact_shares (S <= 2^40) only the last can happen, or
// a week of more than 2^24 picks.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

#include "../errors.hpp"
#include "../rng.hpp"
#include "../version.hpp"
#include "alias.hpp"
#include "shares.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// Shuffles `items` in place with Fisher–Yates on Rng::below (portable, unlike std::shuffle).
template <class T>
void shuffle(std::vector<T>& items, Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.below(i)]);
}

/// Pivotal draw (see the header), appending the picks to `out` in increasing index order; `order`
/// is scratch space, so a caller that keeps it draws without allocating. Precondition: every unit
/// count <= scale and the sum a multiple of the scale (as exact_shares returns).
inline void pivotal_draw(const Shares& shares, Rng& rng, std::vector<std::size_t>& out,
                         std::vector<std::size_t>& order) {
  const std::uint64_t one = shares.scale;
  const auto& units = shares.units;
  const std::size_t base = out.size();
  order.clear();
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (units[i] == one) out.push_back(i);
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
        out.push_back(carrier);
        have_carrier = false;
      }
    } else {
      // One of the two is in; the other carries the excess.
      const std::uint64_t excess = sum - one;
      const std::uint64_t room = 2 * one - sum;  // > 0 since a, b < one
      // The carrier is in with probability (one - b) / room.
      if (rng.below(room) < one - b) {
        out.push_back(carrier);
        carrier = j;
      } else {
        out.push_back(j);
      }
      carried = excess;
    }
  }
  // The mass is a whole number of picks, so a carrier left over holds 0 or a full unit.
  if (have_carrier && carried == one) out.push_back(carrier);
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(base), out.end());
}

/// Draws m = Σ units / scale distinct indices by the pivotal method; index i is included with
/// probability exactly shares.probability(i). Precondition as above. Returns the picks in
/// increasing index order.
inline std::vector<std::size_t> pivotal_draw(const Shares& shares, Rng& rng) {
  std::vector<std::size_t> picks, order;
  order.reserve(shares.units.size());
  pivotal_draw(shares, rng, picks, order);
  return picks;
}

class SampfordTables;
inline void sampford_draw(const SampfordTables& tables, Rng& rng, std::vector<std::size_t>& out);

/// What Sampford's method needs for one set of shares, built once in O(n) and then drawn from
/// many times; it also decides whether Sampford is the method for them (see the header).
class SampfordTables {
 public:
  /// g_i <= 2^envelope_bits (the header's 2^20).
  static constexpr unsigned envelope_bits = 20;

  /// Tables for no picks at all.
  SampfordTables() = default;

  /// Throws InvalidArgument unless every unit count is <= scale and their sum a multiple of it.
  explicit SampfordTables(const Shares& shares) {
    __extension__ using u128 = unsigned __int128;
    constexpr u128 max64 = ~std::uint64_t{0};
    available_ = preferred_ = false;  // until shown otherwise below
    const std::uint64_t scale = shares.scale;
    if (scale == 0) throw InvalidArgument("shares need a positive scale");
    u128 sum = 0;
    for (std::size_t i = 0; i < shares.units.size(); ++i) {
      const std::uint64_t u = shares.units[i];
      if (u > scale) throw InvalidArgument("a share is above 1");
      sum += u;
      if (u == scale) certain_.push_back(i);
      else if (u > 0) free_.push_back(i);
    }
    if (sum % scale != 0) throw InvalidArgument("shares must sum to a whole number of picks");
    draws_ = static_cast<std::size_t>(sum / scale) - certain_.size();
    if (draws_ <= 1) {
      available_ = preferred_ = true;
      if (draws_ == 1) first_ = AliasTable(free_weights(shares));
      return;
    }
    const std::size_t n = free_.size();
    const u128 first_total = static_cast<u128>(draws_) * scale;  // Σ u_i
    if (first_total > max64) return;
    std::vector<std::uint64_t> weights = free_weights(shares);
    first_ = AliasTable(weights);

    const std::uint64_t u_max = *std::max_element(weights.begin(), weights.end());
    const u128 k = (static_cast<u128>(scale - u_max) << envelope_bits) / u_max;
    if (k == 0) return;
    u128 g_total = 0, sum_ug = 0, sum_gg = 0;
    accept_.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      const std::uint64_t u = weights[j];
      const u128 rest = scale - u;
      const u128 num = k * u;                 // <= 2^20·S: u/(S − u) <= u_max/(S − u_max)
      const u128 g = (num + rest - 1) / rest;  // ⌈K·u/(S − u)⌉, 1 ..= 2^20
      const u128 den = rest * g;
      if (den > max64) return;
      if (num == den) {
        accept_[j] = {0, 0, 0};  // kept for sure
      } else {
        const u128 scaled = num << 64;  // num < den < 2^64
        const u128 below = scaled / den;
        accept_[j] = {static_cast<std::uint64_t>(below), static_cast<std::uint64_t>(den),
                      static_cast<std::uint64_t>(scaled - below * den)};
      }
      sum_ug += u * g;
      sum_gg += g * g;
      g_total += g;
      weights[j] = static_cast<std::uint64_t>(g);
    }
    if (g_total > max64) return;
    rest_ = AliasTable(weights);
    available_ = true;

    // The rule: E <= 1/2 in 2^-32 fixed point, as the header spells out.
    const u128 m1 = draws_ - 1;
    if (m1 * (m1 - 1) > n) {
      coincidences_ = max64;
      return;
    }
    const u128 y = (sum_ug << 32) / first_total;
    const u128 t1 = m1 * y / g_total;
    const u128 z = (sum_gg << 32) / g_total;
    const u128 t2 = m1 * (m1 - 1) / 2 * z / g_total;
    coincidences_ = static_cast<std::uint64_t>(std::min(t1 + t2, max64));
    preferred_ = t1 + t2 <= (u128{1} << 31);
  }

  /// Whether sampford_draw can draw from these shares (its integers fit; see the header).
  bool available() const noexcept { return available_; }
  /// Whether exact_draw uses Sampford for these shares (the header's rule); implies available().
  bool preferred() const noexcept { return preferred_; }
  /// m, the number of picks a draw returns.
  std::size_t sample_size() const noexcept { return certain_.size() + draws_; }
  /// E, the expected number of coinciding pairs in one attempt, in units of 2^-32 (the header's
  /// t1 + t2): 0 when m' <= 1, 2^64 − 1 when (m' − 1)(m' − 2) > n or the tables are not available.
  std::uint64_t expected_coincidences() const noexcept { return coincidences_; }

  friend void sampford_draw(const SampfordTables& tables, Rng& rng, std::vector<std::size_t>& out);

 private:
  struct Thinning {
    std::uint64_t below;  // keep when the word is below this…
    std::uint64_t den;    // …or equal to it and below(den) < rem; den = 0: keep always
    std::uint64_t rem;
  };

  std::vector<std::uint64_t> free_weights(const Shares& shares) const {
    std::vector<std::uint64_t> w(free_.size());
    for (std::size_t j = 0; j < w.size(); ++j) w[j] = shares.units[free_[j]];
    return w;
  }

  // One pick ∝ λ, as a column of the tables.
  std::size_t draw_rest(Rng& rng) const {
    for (;;) {
      const std::size_t j = rest_.draw(rng);
      const Thinning& t = accept_[j];
      if (t.den == 0) return j;
      const std::uint64_t x = rng();
      if (x < t.below || (x == t.below && rng.below(t.den) < t.rem)) return j;
    }
  }

  std::vector<std::size_t> certain_;  // π = 1, in index order
  std::vector<std::size_t> free_;     // 0 < π < 1, in index order: column j of the tables is free_[j]
  std::size_t draws_ = 0;             // m'
  AliasTable first_;                  // ∝ u_i
  AliasTable rest_;                   // ∝ g_i, thinned by accept_ to ∝ λ_i
  std::vector<Thinning> accept_;
  std::uint64_t coincidences_ = 0;
  bool available_ = true;  // the default tables draw nothing, which they can
  bool preferred_ = true;
};

/// Sampford's method (see the header): appends the m picks to `out` in increasing index order,
/// each index i included with probability exactly π_i. Allocates nothing when `out` has room
/// for them and there are at most 4096 free teams (beyond that, a bitmap of n bits per call).
/// Throws InvalidArgument when !tables.available().
inline void sampford_draw(const SampfordTables& tables, Rng& rng, std::vector<std::size_t>& out) {
  const SampfordTables& t = tables;
  if (!t.available_) throw InvalidArgument("Sampford's tables do not fit these shares; use pivotal_draw");
  const std::size_t base = out.size();
  const std::size_t m = t.draws_;
  if (m > 0) {
    // The attempt's columns as a bitmap: a repeat is one bit test, and the picks come out sorted.
    constexpr std::size_t local_words = 64;
    const std::size_t words = (t.free_.size() + 63) / 64;
    std::uint64_t local[local_words];
    std::vector<std::uint64_t> heap;
    std::uint64_t* const seen = words <= local_words ? local : (heap.resize(words), heap.data());
    std::fill_n(seen, words, std::uint64_t{0});
    auto bit = [](std::size_t j) { return std::uint64_t{1} << (j % 64); };
    for (;;) {
      const std::size_t j0 = t.first_.draw(rng);
      out.push_back(j0);
      seen[j0 / 64] |= bit(j0);
      bool repeat = false;
      for (std::size_t d = 1; d < m; ++d) {
        const std::size_t j = t.draw_rest(rng);
        if (seen[j / 64] & bit(j)) {
          repeat = true;
          break;
        }
        out.push_back(j);
        seen[j / 64] |= bit(j);
      }
      if (!repeat) break;
      for (auto it = out.begin() + static_cast<std::ptrdiff_t>(base); it != out.end(); ++it) seen[*it / 64] = 0;
      out.resize(base);
    }
    if (words <= local_words) {
      // Read the columns back in order: column order is index order.
      out.resize(base);
      for (std::size_t w = 0; w < words; ++w)
        for (std::uint64_t bits = seen[w]; bits != 0; bits &= bits - 1)
          out.push_back(t.free_[w * 64 + static_cast<std::size_t>(std::countr_zero(bits))]);
    } else {
      for (auto it = out.begin() + static_cast<std::ptrdiff_t>(base); it != out.end(); ++it) *it = t.free_[*it];
      std::sort(out.begin() + static_cast<std::ptrdiff_t>(base), out.end());
    }
  }
  if (!t.certain_.empty()) {
    // Merge the certain picks in from the back; both runs are in increasing order.
    std::size_t drawn = out.size(), c = t.certain_.size(), to = drawn + c;
    out.resize(to);
    while (c > 0)
      out[--to] = drawn > base && out[drawn - 1] > t.certain_[c - 1] ? out[--drawn] : t.certain_[--c];
  }
}

/// Sampford's method: the m picks in increasing index order (see above).
inline std::vector<std::size_t> sampford_draw(const SampfordTables& tables, Rng& rng) {
  std::vector<std::size_t> picks;
  picks.reserve(tables.sample_size());
  sampford_draw(tables, rng, picks);
  return picks;
}

/// The exact draw the policies use: Sampford when tables.preferred(), the pivotal method
/// otherwise. `tables` must have been built from `shares`; appends the picks to `out` in
/// increasing index order; `scratch` is the pivotal method's working space.
inline void exact_draw(const Shares& shares, const SampfordTables& tables, Rng& rng, std::vector<std::size_t>& out,
                       std::vector<std::size_t>& scratch) {
  if (tables.preferred()) sampford_draw(tables, rng, out);
  else pivotal_draw(shares, rng, out, scratch);
}

/// The exact draw for one-off shares (builds the tables): m distinct indices, each i included
/// with probability exactly shares.probability(i), in increasing index order.
inline std::vector<std::size_t> exact_draw(const Shares& shares, Rng& rng) {
  const SampfordTables tables(shares);
  std::vector<std::size_t> picks, scratch;
  picks.reserve(tables.sample_size());
  exact_draw(shares, tables, rng, picks, scratch);
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
