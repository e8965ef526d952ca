// SPDX-License-Identifier: Apache-2.0
//
// A Fenwick (binary indexed) tree: O(log N) point update, prefix sum and weighted draw.
#pragma once

#include <bit>
#include <cstddef>
#include <utility>
#include <vector>

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// Walks down an implicit Fenwick tree of `n` elements and returns the 0-based index of the
/// first element whose prefix sum exceeds `target` (n when none does). `node_sum(i)` gives the sum
/// stored at 1-based node i, which covers elements (i - lowbit(i), i]. Taking the node sums as a
/// callback lets a caller draw from a combination of trees (see AwsPolicy) without building one.
template <class T, class NodeSum>
std::size_t fenwick_descend(std::size_t n, T target, NodeSum&& node_sum) {
  std::size_t pos = 0;
  for (std::size_t step = std::bit_floor(n); step > 0; step /= 2) {
    const std::size_t next = pos + step;
    if (next > n) continue;
    const T s = node_sum(next);
    if (!(target < s)) {
      target -= s;
      pos = next;
    }
  }
  return pos;
}

template <class T>
class Fenwick {
 public:
  Fenwick() = default;
  explicit Fenwick(const std::vector<T>& values) { assign(values); }

  /// Rebuilds from `values` in O(N).
  void assign(const std::vector<T>& values) {
    tree_.assign(values.size() + 1, T{});
    for (std::size_t i = 1; i <= values.size(); ++i) {
      tree_[i] += values[i - 1];
      const std::size_t parent = i + (i & (~i + 1));
      if (parent <= values.size()) tree_[parent] += tree_[i];
    }
  }

  std::size_t size() const noexcept { return tree_.empty() ? 0 : tree_.size() - 1; }

  /// Adds `delta` to element `index` (0-based).
  void add(std::size_t index, T delta) {
    for (std::size_t i = index + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += delta;
  }

  /// Appends an element in O(log N): the new node covers (i − lowbit(i), i], so it holds the
  /// value plus the nodes that tile the elements before it in that range (added, never
  /// subtracted, so no precision is lost).
  void push_back(T value) {
    if (tree_.empty()) tree_.push_back(T{});
    const std::size_t i = tree_.size();
    const std::size_t low = i - (i & (~i + 1));
    T sum = value;
    for (std::size_t j = i - 1; j > low; j -= j & (~j + 1)) sum += tree_[j];
    tree_.push_back(sum);
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

  /// The sum stored at 1-based node i (for fenwick_descend).
  T node(std::size_t i) const { return tree_[i]; }

  /// The node sums as they are (rounding included), to save and restore a tree exactly.
  const std::vector<T>& nodes() const noexcept { return tree_; }
  /// Restores what nodes() returned; `nodes` must hold size() + 1 entries (node 0 unused).
  void assign_nodes(std::vector<T> nodes) { tree_ = std::move(nodes); }

  /// 0-based index of the first element whose prefix sum exceeds `target`; size() when none does.
  std::size_t find(T target) const {
    return fenwick_descend(size(), target, [this](std::size_t i) { return tree_[i]; });
  }

 private:
  std::vector<T> tree_;  // 1-based; tree_[0] unused
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
