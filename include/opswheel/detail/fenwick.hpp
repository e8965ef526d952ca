// SPDX-License-Identifier: Apache-2.0
//
// A Fenwick (binary indexed) tree: O(log N) point update, prefix sum and weighted draw.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// Walks down an implicit Fenwick tree of `n` elements and returns the 0-based index of the
/// first element whose prefix sum exceeds `target` (n when none does). `node_sum(i)` gives the sum
/// stored at 1-based node i, which covers elements (i - lowbit(i), i]. Taking the node sums as a
/// callback lets a caller draw from a combination of trees (see AwsPolicy) without building one.
///
/// The same comparisons as the textbook walk (go right into node pos + step unless target < its
/// sum), so the same result, but without a branch on them: a random target makes each of them a
/// coin toss that a branch predictor loses half the time. Both nodes the next level may compare
/// are read before this level's comparison is known, so reading a node and working out its sum
/// overlap with the comparison above it.
template <class NodeSum>
std::size_t fenwick_descend(std::size_t n, double target, NodeSum&& node_sum) {
  if (n == 0) return 0;
  // all ones when `yes`: selects with masks, which compilers do not turn back into branches
  auto mask = [](bool yes) { return -static_cast<std::uint64_t>(yes); };
  auto pick = [](std::uint64_t m, double a, double b) {
    return std::bit_cast<double>((std::bit_cast<std::uint64_t>(a) & m) | (std::bit_cast<std::uint64_t>(b) & ~m));
  };
  // A node past n does not exist: it weighs +∞, so the walk never goes right into it.
  constexpr double none = std::numeric_limits<double>::infinity();
  auto sum_at = [&](std::size_t i) { return pick(mask(i <= n), node_sum(std::min(i, n)), none); };
  std::size_t pos = 0;
  std::size_t step = std::bit_floor(n);
  double here = sum_at(step);  // the sum of node pos + step
  for (; step > 1; step /= 2) {
    const double left = sum_at(pos + step / 2), right = sum_at(pos + step + step / 2);
    const std::uint64_t go = mask(!(target < here));
    target -= pick(go, here, 0.0);
    pos += step & go;
    here = pick(go, right, left);
  }
  return std::min(pos + (1 & mask(!(target < here))), n);  // (only a NaN target could go past n)
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

  /// 0-based index of the first element whose prefix sum exceeds `target`; size() when none does.
  std::size_t find(T target) const {
    return fenwick_descend(size(), target, [this](std::size_t i) { return tree_[i]; });
  }

 private:
  std::vector<T> tree_;  // 1-based; tree_[0] unused
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
