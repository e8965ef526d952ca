// SPDX-License-Identifier: Apache-2.0
//
// The exact feasibility check behind the quota policy's fast tests.
//
// Given the turns x_j after week t, is there a schedule for weeks t+1 .. t+H with exactly k teams a
// week, each team at most once a week, that keeps every team within
//     ⌊e_j(T)⌋ − s <= x_j(T) <= ⌈e_j(T)⌉ + s      for T = t+1 .. t+H,
// e_j(T) = (b_j + a_j·T)/scale being its effective target (targets.hpp)?
// That is a flow with lower bounds: source → week T (exactly k) → team j in week T (at most 1) →
// a chain per team whose edge after week T carries j's turns so far (between its bounds) → sink.
// Dinic's algorithm decides it exactly; the schedule's first week is returned. The quota policy
// calls it only when no set passes the fast tests, so its cost (about N·H nodes) does not matter on
// the hot path.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <queue>
#include <span>
#include <vector>

#include "../version.hpp"
#include "shares.hpp"
#include "targets.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

class MaxFlow {
 public:
  explicit MaxFlow(std::size_t nodes) : graph_(nodes), level_(nodes), next_(nodes) {}

  /// Adds u → v with capacity c; returns the edge's index (for flow_on).
  std::size_t add(std::size_t u, std::size_t v, std::int64_t c) {
    graph_[u].push_back(edges_.size());
    edges_.push_back({v, c});
    graph_[v].push_back(edges_.size());
    edges_.push_back({u, 0});
    return edges_.size() - 2;
  }

  std::int64_t run(std::size_t source, std::size_t sink) {
    std::int64_t total = 0;
    while (levels(source, sink)) {
      std::fill(next_.begin(), next_.end(), 0);
      while (const std::int64_t pushed = push(source, sink, std::numeric_limits<std::int64_t>::max())) total += pushed;
    }
    return total;
  }

  /// The flow on edge `e` (as returned by add).
  std::int64_t flow_on(std::size_t e) const { return edges_[e ^ 1].capacity; }

 private:
  struct Edge {
    std::size_t to;
    std::int64_t capacity;
  };

  bool levels(std::size_t source, std::size_t sink) {
    std::fill(level_.begin(), level_.end(), -1);
    std::queue<std::size_t> queue;
    level_[source] = 0;
    queue.push(source);
    while (!queue.empty()) {
      const std::size_t u = queue.front();
      queue.pop();
      for (const std::size_t e : graph_[u])
        if (edges_[e].capacity > 0 && level_[edges_[e].to] < 0) {
          level_[edges_[e].to] = level_[u] + 1;
          queue.push(edges_[e].to);
        }
    }
    return level_[sink] >= 0;
  }

  // One augmenting path of the level graph (iterative, so long chains cannot overflow the stack).
  std::int64_t push(std::size_t source, std::size_t sink, std::int64_t limit) {
    std::vector<std::size_t> path;  // edges from the source
    std::size_t u = source;
    while (true) {
      if (u == sink) {
        std::int64_t pushed = limit;
        for (const std::size_t e : path) pushed = std::min(pushed, edges_[e].capacity);
        for (const std::size_t e : path) {
          edges_[e].capacity -= pushed;
          edges_[e ^ 1].capacity += pushed;
        }
        return pushed;
      }
      bool advanced = false;
      for (; next_[u] < graph_[u].size(); ++next_[u]) {
        const std::size_t e = graph_[u][next_[u]];
        if (edges_[e].capacity > 0 && level_[edges_[e].to] == level_[u] + 1) {
          path.push_back(e);
          u = edges_[e].to;
          advanced = true;
          break;
        }
      }
      if (advanced) continue;
      if (path.empty()) return 0;
      level_[u] = -1;  // a dead end: never visit again in this phase
      u = edges_[path.back() ^ 1].to;
      path.pop_back();
      ++next_[u];
    }
  }

  std::vector<std::vector<std::size_t>> graph_;
  std::vector<Edge> edges_;
  std::vector<int> level_;
  std::vector<std::size_t> next_;
};

/// One week of a schedule that keeps every team of `e` within slack `slack` for the next `horizon`
/// weeks, or nullopt if none exists. Only teams where `allowed` is true may be picked this week,
/// and every team in `required` must be. Teams with a share of 1 are picked every week.
inline std::optional<std::vector<std::size_t>> feasible_week(const Epoch& e, std::span<const char> eligible,
                                                             std::span<const char> allowed,
                                                             std::span<const std::size_t> required,
                                                             std::int64_t slack, std::int64_t horizon) {
  const std::size_t n = e.units.size();
  const auto t = static_cast<std::int64_t>(e.week);
  const auto scale = static_cast<int128>(e.scale);
  const auto k = static_cast<std::int64_t>(e.k);
  const auto weeks = static_cast<std::size_t>(horizon);

  // Each team's turns after each week, [lo, hi] (at least 0 more, at most one a week), as the
  // chain edges will carry them.
  std::vector<std::pair<std::int64_t, std::int64_t>> turns_bound(n * weeks);
  auto bound_of = [&](std::size_t j, std::size_t w) -> auto& { return turns_bound[j * weeks + w]; };
  // The weeks hold exactly k·(w + 1) turns up to week w: if the teams' lower bounds ask for more
  // (or their upper bounds allow fewer), no schedule exists whatever this week's limits, and
  // saying so here costs O(N·H) instead of a flow over N·H nodes. A wheel pushed far outside its
  // bounds (a team accepted by hand hundreds of times) meets this every week.
  std::vector<std::int64_t> need(weeks, 0), room(weeks, 0);
  for (std::size_t j = 0; j < n; ++j) {
    if (!eligible[j]) continue;
    const auto x = static_cast<int128>(e.turns[j]);
    for (std::size_t w = 0; w < weeks; ++w) {
      const int128 T = t + 1 + static_cast<int128>(w);
      const int128 lower = floor_div(e.target(j, T), scale) - slack - x;
      const int128 upper = ceil_div(e.target(j, T), scale) + slack - x;
      const auto lo = static_cast<std::int64_t>(std::max<int128>(0, lower));
      const auto hi = static_cast<std::int64_t>(std::min<int128>(upper, static_cast<int128>(w) + 1));
      if (lo > hi) return std::nullopt;
      bound_of(j, w) = {lo, hi};
      need[w] += lo;
      room[w] += hi;
    }
  }
  for (std::size_t w = 0; w < weeks; ++w) {
    const std::int64_t held = k * static_cast<std::int64_t>(w + 1);
    if (need[w] > held || room[w] < held) return std::nullopt;
  }

  // Nodes: 0 source, 1 sink, 2 super source, 3 super sink, then H weeks, then N·H chain nodes.
  const std::size_t S = 0, Z = 1, SS = 2, SZ = 3, first_week = 4, first_chain = 4 + weeks;
  MaxFlow flow(first_chain + n * weeks);
  std::vector<std::int64_t> excess(first_chain + n * weeks, 0);
  std::int64_t demand = 0;
  // An edge u → v carrying between lo and hi.
  auto bounded = [&](std::size_t u, std::size_t v, std::int64_t lo, std::int64_t hi) -> std::optional<std::size_t> {
    if (lo > hi) return std::nullopt;
    excess[v] += lo;
    excess[u] -= lo;
    return flow.add(u, v, hi - lo);
  };
  auto chain = [&](std::size_t j, std::size_t week) { return first_chain + j * weeks + week; };
  bool possible = true;
  std::vector<std::size_t> first_week_edges(n, std::numeric_limits<std::size_t>::max());
  for (std::size_t w = 0; w < weeks; ++w) possible &= bounded(S, first_week + w, k, k).has_value();
  for (std::size_t j = 0; j < n && possible; ++j) {
    if (!eligible[j]) continue;
    const bool every_week = static_cast<int128>(e.units[j]) == scale;
    for (std::size_t w = 0; w < weeks; ++w) {
      std::int64_t lo = 0, hi = 1;
      if (w == 0) {
        if (!allowed[j]) hi = 0;
        if (std::find(required.begin(), required.end(), j) != required.end()) lo = 1;
      }
      if (every_week) lo = hi;
      const auto e_pick = bounded(first_week + w, chain(j, w), lo, hi);
      if (!e_pick) {
        possible = false;
        break;
      }
      if (w == 0) first_week_edges[j] = *e_pick;
      const std::size_t to = w + 1 < weeks ? chain(j, w + 1) : Z;
      const auto [lo_c, hi_c] = bound_of(j, w);
      bounded(chain(j, w), to, lo_c, hi_c);  // lo_c <= hi_c: checked above
    }
  }
  if (!possible) return std::nullopt;
  // Lower bounds become demands on a super source and sink; the circulation closes through Z → S.
  flow.add(Z, S, std::numeric_limits<std::int64_t>::max() / 4);
  for (std::size_t v = 0; v < excess.size(); ++v) {
    if (excess[v] > 0) {
      flow.add(SS, v, excess[v]);
      demand += excess[v];
    } else if (excess[v] < 0) {
      flow.add(v, SZ, -excess[v]);
    }
  }
  if (flow.run(SS, SZ) != demand) return std::nullopt;
  std::vector<std::size_t> picks;
  for (std::size_t j = 0; j < n; ++j) {
    if (first_week_edges[j] == std::numeric_limits<std::size_t>::max()) continue;
    // The flow on a bounded edge is its lower bound plus what ran on its reduced capacity.
    const bool required_here = std::find(required.begin(), required.end(), j) != required.end() ||
                               (e.units[j] == e.scale && allowed[j]);
    if (required_here || flow.flow_on(first_week_edges[j]) > 0) picks.push_back(j);
  }
  return picks;
}

}  // namespace detail
OPSWHEEL_END_NAMESPACE
