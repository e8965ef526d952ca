// SPDX-License-Identifier: Apache-2.0
//
// Room for one more element before a change that must not fail half-way (the strong guarantee:
// reserve first, then change, then push_back, which can no longer throw).
#pragma once

#include <cstddef>

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {

/// Makes sure `v.push_back` will not reallocate. Grows geometrically: `reserve(size() + 1)`
/// allocates exactly that much, so calling it before every append copies the whole vector each
/// time (quadratic over a log of 100,000 events).
template <class Vector>
void reserve_one(Vector& v) {
  if (v.size() == v.capacity()) v.reserve(v.size() < 4 ? std::size_t{4} : 2 * v.size());
}

}  // namespace detail

OPSWHEEL_END_NAMESPACE
