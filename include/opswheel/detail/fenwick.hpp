// SPDX-License-Identifier: Apache-2.0
//
// A Fenwick (binary indexed) tree: O(log N) point update, prefix sum and weighted draw.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#endif

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

// One double and the branch-free steps fenwick_descend takes with it. With SSE2 (every x86-64)
// a comparison gives a mask in the same register and a selection is three bit operations there;
// elsewhere the masks are integers applied to the doubles' bits. Compilers turn a plain
// `c ? a : b` on doubles into a branch, which is what the walk must avoid.
#if defined(__SSE2__) || defined(_M_X64)
struct WalkValue {
  __m128d x;  // the low lane
  explicit WalkValue(double d) : x(_mm_set_sd(d)) {}
  explicit WalkValue(__m128d v) : x(v) {}
  double get() const { return _mm_cvtsd_f64(x); }
};
using WalkMask = __m128d;
inline WalkMask walk_at_most(WalkValue a, WalkValue b) { return _mm_cmple_sd(a.x, b.x); }
inline WalkValue walk_select(WalkMask m, WalkValue a, WalkValue b) {
  return WalkValue(_mm_or_pd(_mm_and_pd(m, a.x), _mm_andnot_pd(m, b.x)));
}
inline WalkValue walk_minus(WalkValue a, WalkValue b) { return WalkValue(_mm_sub_sd(a.x, b.x)); }
#else
struct WalkValue {
  double x;
  explicit WalkValue(double d) : x(d) {}
  double get() const { return x; }
};
using WalkMask = std::uint64_t;
inline WalkMask walk_at_most(WalkValue a, WalkValue b) { return -static_cast<std::uint64_t>(a.x <= b.x); }
inline WalkValue walk_select(WalkMask m, WalkValue a, WalkValue b) {
  return WalkValue(std::bit_cast<double>((std::bit_cast<std::uint64_t>(a.x) & m) | (std::bit_cast<std::uint64_t>(b.x) & ~m)));
}
inline WalkValue walk_minus(WalkValue a, WalkValue b) { return WalkValue(a.x - b.x); }
#endif

/// Walks down an implicit Fenwick tree with nodes 1 .. limit − 1, `limit` a power of two, and
/// returns the 0-based index of the first element whose prefix sum exceeds `target`, or
/// limit − 1 when none does (elements past the tree's size are 0, so an index past its size means
/// "none"). `node_sum(i)` gives the sum stored at 1-based node i, which covers elements
/// (i - lowbit(i), i]. Taking the node sums as a callback lets a caller draw from a combination of
/// trees (see AwsPolicy) without building one. `target` must not be NaN.
///
/// The comparisons are the textbook walk's (go right into node pos + step when its sum <= the
/// target, which is then less by that sum), made without a branch: a random target makes each of
/// them a coin toss that a branch predictor loses half the time. Instead the walk reads, while
/// it compares at one level, both nodes that the next level may compare, so that reading a node
/// and working out its sum overlap with the comparison above it. With a power-of-two limit every
/// node the walk may read exists.
template <class NodeSum>
std::size_t fenwick_descend(std::size_t limit, double target_sum, NodeSum node_sum) {
  if (limit < 2) return 0;  // no nodes
  auto sum = [&](std::size_t i) { return WalkValue(node_sum(i)); };
  WalkValue target(target_sum);
  std::size_t pos = 0;
  std::size_t step = limit / 2;
  WalkValue here = sum(step);  // the sum of node pos + step, compared at this level
  for (; step > 1; step /= 2) {
    const WalkValue left = sum(pos + step / 2), right = sum(pos + step + step / 2);
    const WalkMask go = walk_at_most(here, target);
    pos += here.get() <= target.get() ? step : 0;  // the same comparison, for a conditional move
    target = walk_select(go, walk_minus(target, here), target);
    here = walk_select(go, right, left);
  }
  return pos + (here.get() <= target.get() ? 1 : 0);
}

template <class T>
class Fenwick {
 public:
  Fenwick() = default;
  explicit Fenwick(const std::vector<T>& values) { assign(values); }

  /// Rebuilds from `values` in O(N).
  void assign(const std::vector<T>& values) {
    size_ = values.size();
    const std::size_t limit = std::bit_ceil(size_ + 1);
    tree_.assign(limit, T{});
    for (std::size_t i = 1; i < limit; ++i) {
      if (i <= size_) tree_[i] += values[i - 1];
      const std::size_t parent = i + (i & (~i + 1));
      if (parent < limit) tree_[parent] += tree_[i];
    }
  }

  std::size_t size() const noexcept { return size_; }
  /// One past the last node: a power of two greater than size() (0 before any element). The
  /// elements past size() are 0, so that every node fenwick_descend may read exists, and no node
  /// covers all of them, so that an update does not end on a node every other update touches.
  std::size_t node_limit() const noexcept { return tree_.size(); }

  /// Adds `delta` to element `index` (0-based).
  void add(std::size_t index, T delta) {
    T* const nodes = tree_.data();
    const std::size_t limit = tree_.size();
    for (std::size_t i = index + 1; i < limit; i += i & (~i + 1)) nodes[i] += delta;
  }

  /// Appends an element in O(log N) amortised. When the nodes are full their count doubles: the
  /// first new node covers every element so far, the others only zeros.
  void push_back(T value) {
    if (tree_.empty()) {
      tree_.assign(2, T{});
    } else if (size_ + 1 == node_limit()) {
      const std::size_t limit = node_limit();
      const T all = total();
      tree_.resize(2 * limit, T{});
      tree_[limit] = all;
    }
    add(size_++, value);
  }

  /// Old node values recorded by add_logged, so that restore() can put the tree back exactly
  /// (adding −delta would not, in floating point). Reused between uses: no allocation once warm.
  struct UndoLog {
    std::vector<std::pair<std::size_t, T>> entries;
    std::size_t used = 0;
  };

  /// Like add, recording each node's old value in `undo`.
  void add_logged(std::size_t index, T delta, UndoLog& undo) {
    T* const nodes = tree_.data();
    const std::size_t limit = tree_.size();
    for (std::size_t i = index + 1; i < limit; i += i & (~i + 1)) {
      if (undo.used == undo.entries.size()) undo.entries.resize(2 * undo.used + 16);
      undo.entries[undo.used++] = {i, nodes[i]};
      nodes[i] += delta;
    }
  }
  /// Undoes the add_logged calls recorded in `undo`, newest first, and empties it.
  void restore(UndoLog& undo) {
    while (undo.used > 0) {
      const auto& [node, value] = undo.entries[--undo.used];
      tree_[node] = value;
    }
  }

  /// Sum of elements [0, count).
  T prefix(std::size_t count) const {
    T s{};
    for (std::size_t i = count; i > 0; i -= i & (~i + 1)) s += tree_[i];
    return s;
  }

  T total() const { return prefix(size()); }

  /// The sum stored at 1-based node i < node_limit() (for fenwick_descend).
  T node(std::size_t i) const { return tree_[i]; }
  /// All node sums: nodes()[i] is node(i) (for a fenwick_descend callback that holds a pointer).
  const T* nodes() const noexcept { return tree_.data(); }

  /// 0-based index of the first element whose prefix sum exceeds `target`; size() when none does.
  std::size_t find(T target) const {
    return std::min(fenwick_descend(node_limit(), target, [this](std::size_t i) { return tree_[i]; }), size_);
  }

 private:
  std::vector<T> tree_;  // nodes 1 .. node_limit() − 1; tree_[0] unused
  std::size_t size_ = 0;
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
