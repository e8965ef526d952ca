// SPDX-License-Identifier: Apache-2.0
//
// Limits: every bound opswheel puts on what it is given, stated once. The checks that enforce
// them (validate_id, validate_weight, validate(const PolicyOptions&), detail::validate_text) use
// these constants, and docs/limits.md is generated from this file (scripts/generate-limits-doc):
// each constant's `///` comment becomes its row there, so keep it one sentence on one line.
#pragma once

#include <cstddef>

#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Longest id of a team, a wheel or an action item, in bytes of UTF-8.
inline constexpr std::size_t max_id_bytes = 256;
/// Longest display name of a team, tag or actor (who made a change), in bytes of UTF-8.
inline constexpr std::size_t max_name_bytes = 256;
/// Longest one-line text (an item's title, a pin or skip reason, a calendar or dashboard title), in bytes of UTF-8.
inline constexpr std::size_t max_line_bytes = 1024;
/// Longest free text (an item's description, a comment, a reason for a change to an item, review notes), in bytes of UTF-8.
inline constexpr std::size_t max_text_bytes = 65536;
/// Longest URL (a team's dashboard, an item's ticket), in bytes.
inline constexpr std::size_t max_url_bytes = 2048;
/// Smallest weight: the heaviest team then weighs at most 10^12 times the lightest, within the 2^40 units of exact shares (detail/shares.hpp).
inline constexpr double min_weight = 1e-6;
/// Largest weight: the weights of a roster then sum far inside a double, and a shuffle bag's cycle stays finite.
inline constexpr double max_weight = 1e6;
/// Largest quota slack, in turns: a spin's feasibility look-ahead grows with the slack, and a team may wait about (slack + 1) / share weeks.
inline constexpr unsigned max_slack = 100;

OPSWHEEL_END_NAMESPACE
