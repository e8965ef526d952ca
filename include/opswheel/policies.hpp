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
#include "policies/quota.hpp"
#include "policies/rotation.hpp"
#include "policies/shuffle_bag.hpp"
#include "policy.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// The names make_policy accepts.
inline constexpr std::array<std::string_view, 5> policy_names = {"aws", "lottery", "shuffle_bag", "rotation", "quota"};

/// A new, empty policy by name; throws InvalidArgument listing the known names, or naming an
/// option that is out of range.
inline std::unique_ptr<Policy> make_policy(std::string_view name, const PolicyOptions& options = {}) {
  if (name == "aws") return std::make_unique<AwsPolicy>();
  if (name == "lottery") return std::make_unique<LotteryPolicy>();
  if (name == "shuffle_bag") return std::make_unique<ShuffleBagPolicy>();
  if (name == "rotation") return std::make_unique<RotationPolicy>();
  if (name == "quota") return std::make_unique<QuotaPolicy>(options);
  std::string known;
  for (const auto n : policy_names) known += (known.empty() ? "" : ", ") + std::string(n);
  throw InvalidArgument("unknown policy '" + std::string(name) + "': choose one of " + known);
}

OPSWHEEL_END_NAMESPACE
