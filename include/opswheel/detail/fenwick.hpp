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

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// Walks down an implicit Fenwick tree whose node count `capacity` is a power of two (or 0) and
/// returns the 0-based index of the first element whose prefix sum exceeds `target` (capacity
/// when none does). `node_sum(i)` gives the sum stored at 1-based node i, 1 <= i <= capacity,
/// which covers elements (i - lowbit(i), i]. Taking the node sums as a callback lets a caller draw
/// from a combination of trees (see AwsPolicy) without building one.
///
/// The comparisons are the textbook walk's (go right into node pos + step unless target < its
/// sum), but made without a branch on them: a random target makes each of them a coin toss that
/// a branch predictor loses half the time. Both nodes the next level may compare are read before
/// this level's comparison is known, so reading a node overlaps with the comparison above it.
/// A power-of-two node count means every node the walk may read exists.
template <class NodeSum>
std::size_t fenwick_descend(std::size_t capacity, double target, NodeSum node_sum) {
  if (capacity == 0 || !(target < node_sum(capacity))) return capacity;  // past every element
  // all ones when `yes`: selects with masks, which compilers do not turn back into branches
  auto mask = [](bool yes) { return -static_cast<std::uint64_t>(yes); };
  auto pick = [](std::uint64_t m, double a, double b) {
    return std::bit_cast<double>((std::bit_cast<std::uint64_t>(a) & m) | (std::bit_cast<std::uint64_t>(b) & ~m));
  };
  std::size_t pos = 0;
  std::size_t step = capacity / 2;
  if (step == 0) return 0;
  double here = node_sum(step);  // the sum of node pos + step
  for (; step > 1; step /= 2) {
    const double left = node_sum(pos + step / 2), right = node_sum(pos + step + step / 2);
    const std::uint64_t go = mask(!(target < here));
    target -= pick(go, here, 0.0);
    pos += step & go;
    here = pick(go, right, left);
  }
  return pos + (1 & mask(!(target < here)));
}

template <class T>
class Fenwick {
 public:
  Fenwick() = default;
  explicit Fenwick(const std::vector<T>& values) { assign(values); }

  /// Rebuilds from `values` in O(N).
  void assign(const std::vector<T>& values) {
    size_ = values.size();
    const std::size_t nodes = std::bit_ceil(size_);
    tree_.assign(nodes + 1, T{});
    for (std::size_t i = 1; i <= nodes; ++i) {
      if (i <= size_) tree_[i] += values[i - 1];
      const std::size_t parent = i + (i & (~i + 1));
      if (parent <= nodes) tree_[parent] += tree_[i];
    }
  }

  std::size_t size() const noexcept { return size_; }
  /// The number of nodes: a power of two >= size() (0 when empty). Elements past size() are 0, so
  /// that every node fenwick_descend may read exists.
  std::size_t capacity() const noexcept { return tree_.empty() ? 0 : tree_.size() - 1; }

  /// Adds `delta` to element `index` (0-based).
  void add(std::size_t index, T delta) {
    for (std::size_t i = index + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += delta;
  }

  /// Appends an element in O(log N) amortised. When the nodes are full their count doubles: the new
  /// top node covers every element so far (the old top's sum), the others only zeros.
  void push_back(T value) {
    if (tree_.empty()) {
      tree_.assign(2, T{});
    } else if (size_ == capacity()) {
      const std::size_t top = capacity();
      tree_.resize(2 * top + 1, T{});
      tree_[2 * top] = tree_[top];
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
    for (std::size_t i = index + 1; i < tree_.size(); i += i & (~i + 1)) {
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

  /// Sum of elements [0, count).
  T prefix(std::size_t count) const {
    T s{};
    for (std::size_t i = count; i > 0; i -= i & (~i + 1)) s += tree_[i];
    return s;
  }

  T total() const { return prefix(size()); }

  /// The sum stored at 1-based node i <= capacity() (for fenwick_descend).
  T node(std::size_t i) const { return tree_[i]; }
  /// All node sums: nodes()[i] is node(i) (for a fenwick_descend callback that holds a pointer).
  const T* nodes() const noexcept { return tree_.data(); }

  /// 0-based index of the first element whose prefix sum exceeds `target`; size() when none does.
  std::size_t find(T target) const {
    return std::min(fenwick_descend(capacity(), target, [this](std::size_t i) { return tree_[i]; }), size_);
  }

 private:
  std::vector<T> tree_;  // 1-based; tree_[0] unused; capacity() nodes
  std::size_t size_ = 0;
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
