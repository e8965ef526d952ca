// SPDX-License-Identifier: Apache-2.0
//
// make_policy (policy.hpp): the one place that knows every built-in policy by name. Compiled by
// src/core/policy_factory.cpp, so a file that makes a Wheel does not compile the policies.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "../errors.hpp"
#include "../policies/aws.hpp"  // each by itself: see the end of policy.hpp
#include "../policies/lottery.hpp"
#include "../policies/quota.hpp"
#include "../policies/rotation.hpp"
#include "../policies/shuffle_bag.hpp"
#include "../policy.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE std::unique_ptr<Policy> make_policy(std::string_view name, const PolicyOptions& options) {
  validate(options);  // for every policy: the wheel records the options whichever policy uses them
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
