// SPDX-License-Identifier: Apache-2.0
//
// What the opaque handles of opswheel.h hold: a C++ value and the error slot of the last call.
// Not installed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <opswheel/policy.hpp>
#include <opswheel/simulate.hpp>
#include <opswheel/store.hpp>
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

/// The settings for the next open, and the open store if any.
struct opswheel_store : opswheel::capi::ErrorSlot {
  opswheel::StoreOptions options;
  std::optional<opswheel::Store> store;

  /// The open store; InvalidArgument when no file is open.
  opswheel::Store& file() {
    need_open();
    return *store;
  }
  const opswheel::Store& file() const {
    need_open();
    return *store;
  }

 private:
  void need_open() const {
    if (!store) throw opswheel::InvalidArgument("no store file is open (call opswheel_store_open first)");
  }
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
