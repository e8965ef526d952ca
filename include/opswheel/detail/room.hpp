// SPDX-License-Identifier: Apache-2.0
//
// Room for one more element before a change that must not fail half-way: after make_room(v), a
// push_back or emplace_back on v cannot throw (for a nothrow-movable element type), so a mutating
// call can reserve first, do the work that may throw, and append last (strong guarantee).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// Makes v.capacity() > v.size(), growing geometrically: reserve(size() + 1) would reallocate on
/// every append and make n appends cost O(n^2).
template <class T, class A>
void make_room(std::vector<T, A>& v) {
  if (v.size() < v.capacity()) return;
  v.reserve(std::max<std::size_t>(8, 2 * v.size()));
}

}  // namespace detail
OPSWHEEL_END_NAMESPACE
