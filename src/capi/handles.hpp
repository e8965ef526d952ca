// SPDX-License-Identifier: Apache-2.0
//
// What the opaque handles of opswheel.h hold: a C++ value and the error slot of the last call.
// Not installed.
#pragma once

#include <cstdint>
#include <string>

#include <opswheel/policy.hpp>
#include <opswheel/simulate.hpp>
#include <opswheel/wheel.hpp>

#include "boundary.hpp"

struct opswheel_options : opswheel::capi::ErrorSlot {
  std::string policy = "quota";
  std::uint64_t seed = 0;
  opswheel::PolicyOptions settings;
};

struct opswheel_wheel : opswheel::capi::ErrorSlot {
  explicit opswheel_wheel(const opswheel_options& o) : wheel(o.policy, o.seed, o.settings) {}
  opswheel::Wheel wheel;
};

struct opswheel_suggestion : opswheel::capi::ErrorSlot {
  explicit opswheel_suggestion(opswheel::Suggestion s) : value(std::move(s)) {}
  opswheel::Suggestion value;
};

struct opswheel_simulation : opswheel::capi::ErrorSlot {
  explicit opswheel_simulation(const opswheel_options& o) {
    spec.policy = o.policy;
    spec.options = o.settings;
    spec.seed = o.seed;
  }
  opswheel::SimulationSpec spec;
};
