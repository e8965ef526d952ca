// SPDX-License-Identifier: Apache-2.0
//
// The whole C++ API in one include. (The C API is opswheel.h.)
#pragma once

#include "date.hpp"
#include "errors.hpp"
#include "events.hpp"
#include "participant.hpp"
#include "policies.hpp"
#include "policy.hpp"
#include "rng.hpp"
#include "roster.hpp"
#include "version.hpp"
#include "wheel.hpp"
