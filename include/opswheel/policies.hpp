// SPDX-License-Identifier: Apache-2.0
//
// The policy registry: every built-in policy by name.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "policies/aws.hpp"
#include "policies/lottery.hpp"
#include "policies/rotation.hpp"
#include "policies/shuffle_bag.hpp"
#include "policy.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// The names make_policy accepts.
inline constexpr std::array<std::string_view, 4> policy_names = {"aws", "lottery", "shuffle_bag", "rotation"};

/// Settings for the policies that have any. Every field has a default, and a policy ignores the
/// fields that are not its own, so one options value can be passed to any policy by name.
struct PolicyOptions {
  /// quota: s, how many turns a team may run behind or ahead of its share:
  /// ⌊π_i·t⌋ − s <= x_i(t) <= ⌈π_i·t⌉ + s.
  unsigned slack = 2;
  /// quota: β >= 0, how strongly the draw leans toward teams behind their share (0: not at all).
  double lean = 0.5;
  /// quota: G > 1, the normalised wait (weeks since the last turn × π_i) near which a team's draw
  /// weight grows without bound, keeping waits short of the proven bound.
  double gap_target = 2.8;
  bool operator==(const PolicyOptions&) const = default;
};

/// A new, empty policy by name; throws InvalidArgument listing the known names, or naming an
/// option that is out of range.
inline std::unique_ptr<Policy> make_policy(std::string_view name, const PolicyOptions& options = {}) {
  (void)options;  // no built-in policy reads options yet
  if (name == "aws") return std::make_unique<AwsPolicy>();
  if (name == "lottery") return std::make_unique<LotteryPolicy>();
  if (name == "shuffle_bag") return std::make_unique<ShuffleBagPolicy>();
  if (name == "rotation") return std::make_unique<RotationPolicy>();
  std::string known;
  for (const auto n : policy_names) known += (known.empty() ? "" : ", ") + std::string(n);
  throw InvalidArgument("unknown policy '" + std::string(name) + "': choose one of " + known);
}

OPSWHEEL_END_NAMESPACE
