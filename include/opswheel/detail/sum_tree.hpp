// SPDX-License-Identifier: Apache-2.0
//
// A sum tree: O(log N) point update, prefix sum and weighted draw. The elements are the leaves of
// a complete binary tree in heap order (node i has children 2i and 2i + 1; the leaves are nodes
// leaves() .. 2·leaves() − 1), and an inner node holds the sum of its two children.
//
// Why not a Fenwick tree, which needs half the memory: the nodes a Fenwick update touches depend
// on the element, and so does their number, so the loop over them ends with a mispredicted branch
// about once an update. Here every update touches the same number of nodes. AwsPolicy updates the
// tree twice for each pick of a simulated week; the fixed count made simulate about 30% faster.
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

// One double and the branch-free steps SumTree::descend takes with it. With SSE2 (every x86-64)
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

template <class T>
class SumTree {
 public:
  SumTree() = default;
  explicit SumTree(const std::vector<T>& values) { assign(values); }

  /// Rebuilds from `values` in O(N).
  void assign(const std::vector<T>& values) {
    size_ = values.size();
    leaves_ = std::max<std::size_t>(2, std::bit_ceil(size_ + 1));  // a leaf past the elements: see descend
    depth_ = static_cast<std::size_t>(std::countr_zero(leaves_));
    tree_.assign(2 * leaves_, T{});
    std::copy(values.begin(), values.end(), tree_.begin() + static_cast<std::ptrdiff_t>(leaves_));
    for (std::size_t i = leaves_ - 1; i >= 2; --i) {
      tree_[i] = tree_[2 * i];
      tree_[i] += tree_[2 * i + 1];
    }
  }

  std::size_t size() const noexcept { return size_; }

  /// The nodes as they are (rounding included), to save a tree exactly.
  const std::vector<T>& node_values() const noexcept { return tree_; }
  /// Restores what node_values() returned from a tree of `size` elements. Returns false, changing
  /// nothing, when `nodes` cannot be the nodes of such a tree.
  bool assign_nodes(std::size_t size, std::vector<T> nodes) {
    const std::size_t leaves = nodes.size() / 2;
    if (nodes.size() % 2 != 0 || leaves < 2 || !std::has_single_bit(leaves) || size + 1 > leaves) return false;
    tree_ = std::move(nodes);
    size_ = size;
    leaves_ = leaves;
    depth_ = static_cast<std::size_t>(std::countr_zero(leaves_));
    return true;
  }
  /// A power of two greater than size(); the leaves past size() are 0.
  std::size_t leaves() const noexcept { return leaves_; }

  /// Adds `delta` to element `index`: to its leaf and every node above it but the root, which
  /// nothing reads (total() adds its two children), so that updates do not queue on one node.
  void add(std::size_t index, T delta) {
    T* const nodes = tree_.data();
    std::size_t i = leaves_ + index;
    for (std::size_t level = 0; level < depth_; ++level, i /= 2) nodes[i] += delta;
  }

  /// Appends an element in O(log N) amortised (the tree is rebuilt twice as wide when full).
  void push_back(T value) {
    if (size_ + 2 > leaves_) {  // no leaf would be left past the elements
      const auto first = tree_.begin() + static_cast<std::ptrdiff_t>(leaves_);
      std::vector<T> values(first, first + static_cast<std::ptrdiff_t>(size_));
      values.push_back(value);
      assign(values);
      return;
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
    std::size_t i = leaves_ + index;
    for (std::size_t level = 0; level < depth_; ++level, i /= 2) {
      if (undo.used == undo.entries.size()) undo.entries.resize(2 * undo.used + 16);
      undo.entries[undo.used++] = {i, tree_[i]};
      tree_[i] += delta;
    }
  }
  /// Undoes the add_logged calls recorded in `undo`, newest first, and empties it.
  void restore(UndoLog& undo) {
    while (undo.used > 0) {
      const auto& [node, value] = undo.entries[--undo.used];
      tree_[node] = value;
    }
  }

  /// Sum of elements [0, count), count <= size(): the left siblings on the way up from leaf count.
  T prefix(std::size_t count) const {
    T s{};
    for (std::size_t i = leaves_ + count; i > 1; i /= 2)
      if (i % 2 == 1) s += tree_[i - 1];
    return s;
  }

  T total() const {
    if (leaves_ < 2) return T{};
    T t = tree_[2];
    t += tree_[3];
    return t;
  }

  /// All node sums, by node number (for a descend callback that holds a pointer).
  const T* nodes() const noexcept { return tree_.data(); }

  /// Walks down from the root and returns the index of the first element whose prefix sum exceeds
  /// `target`, or an index >= size() when none does. `node_sum(i)` gives the sum at node i, which
  /// lets a caller draw from a combination of sums (see AwsPolicy); `target` must not be NaN.
  ///
  /// At each node the walk goes right when the left child's sum <= target, which is then less by
  /// that sum: the comparisons of the textbook walk, made without a branch (a random target makes
  /// each a coin toss that a branch predictor loses half the time). While it compares at one level
  /// it reads the two nodes the next level may compare, so that reading a node and working out its
  /// sum overlap with the comparison above it.
  template <class NodeSum>
  std::size_t descend(double target_sum, NodeSum node_sum) const {
    if (leaves_ < 2) return 0;
    auto sum = [&](std::size_t i) { return WalkValue(node_sum(i)); };
    WalkValue target(target_sum);
    std::size_t i = 1;
    WalkValue here = sum(2);  // the left child of node i
    for (std::size_t level = 1; level < depth_; ++level) {
      const WalkValue left = sum(4 * i), right = sum(4 * i + 2);  // the next level's, either way
      const WalkMask go = walk_at_most(here, target);
      i = 2 * i + (here.get() <= target.get() ? 1 : 0);  // the same comparison, for a conditional move
      target = walk_select(go, walk_minus(target, here), target);
      here = walk_select(go, right, left);
    }
    return 2 * i + (here.get() <= target.get() ? 1 : 0) - leaves_;
  }

  /// The index of the first element whose prefix sum exceeds `target`; size() when none does.
  std::size_t find(double target) const {
    return std::min(descend(target, [this](std::size_t i) { return tree_[i]; }), size_);
  }

 private:
  std::vector<T> tree_;  // 2·leaves_ nodes; tree_[0] and the root tree_[1] unused
  std::size_t size_ = 0;
  std::size_t leaves_ = 0;
  std::size_t depth_ = 0;  // log2(leaves_): the nodes an update touches
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
