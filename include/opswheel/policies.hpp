// SPDX-License-Identifier: Apache-2.0
//
// Every built-in policy's class, for code that uses one directly (tests, benchmarks, simulate).
// A Wheel needs none of them: it makes its policy by name with make_policy (policy.hpp), compiled
// into the library.
#pragma once

#include "errors.hpp"
#include "policies/aws.hpp"
#include "policies/lottery.hpp"
#include "policies/quota.hpp"
#include "policies/rotation.hpp"
#include "policies/shuffle_bag.hpp"
#include "policy.hpp"
#include "version.hpp"

