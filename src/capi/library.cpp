// SPDX-License-Identifier: Apache-2.0
//
// The C API's library-wide calls (status, version, memory) and the options handle.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>

#include <opswheel/participant.hpp>
#include <opswheel/policies.hpp>

#include "boundary.hpp"
#include "handles.hpp"

using opswheel::capi::firewall;
using opswheel::capi::need;
using opswheel::capi::on_handle;

extern "C" {

const char* opswheel_status_str(opswheel_status status) {
  return opswheel::capi::status_text(opswheel::capi::as_int(status));
}

uint32_t opswheel_version_number(void) { return OPSWHEEL_VERSION_NUMBER; }

const char* opswheel_version_string(void) { return OPSWHEEL_VERSION_STRING; }

void opswheel_free(void* memory) { std::free(memory); }

// ---- options ----

opswheel_status opswheel_options_new(opswheel_options** out) {
  return firewall(nullptr, __func__, [&] {
    need(out, "out");  // first: `*need(out) = new …` would allocate before the check (C++17 order)
    *out = new opswheel_options();
  });
}

void opswheel_options_free(opswheel_options* options) { delete options; }

const char* opswheel_options_last_error(const opswheel_options* options) {
  return options ? options->text() : "opswheel_options_last_error: the options handle is NULL";
}

opswheel_status opswheel_options_set_policy(opswheel_options* options, const char* policy) {
  return on_handle(options, __func__, [&](opswheel_options& o) {
    std::string name(opswheel::capi::text(policy, "policy"));
    (void)opswheel::make_policy(name, o.settings);  // refuses an unknown name, listing the known ones
    o.policy = std::move(name);
  });
}

opswheel_status opswheel_options_set_seed(opswheel_options* options, uint64_t seed) {
  return on_handle(options, __func__, [&](opswheel_options& o) { o.seed = seed; });
}

opswheel_status opswheel_options_set(opswheel_options* options, opswheel_option key, double value) {
  return on_handle(options, __func__, [&](opswheel_options& o) {
    opswheel::PolicyOptions candidate = o.settings;
    switch (opswheel::capi::as_int(key)) {
      case OPSWHEEL_OPTION_QUOTA_SLACK:
        // The C value is a double; the setting a count up to max_slack (checked before the cast,
        // which would wrap a larger value).
        if (!(value >= 0 && value <= opswheel::max_slack && std::floor(value) == value))
          throw opswheel::InvalidArgument("invalid quota slack " + opswheel::detail::weight_text(value) +
                                          ": a whole number from 0 to " + std::to_string(opswheel::max_slack) + " is needed");
        candidate.slack = static_cast<unsigned>(value);
        break;
      case OPSWHEEL_OPTION_QUOTA_LEAN: candidate.lean = value; break;
      case OPSWHEEL_OPTION_QUOTA_GAP_TARGET: candidate.gap_target = value; break;
      default: throw opswheel::InvalidArgument("unknown option key " + std::to_string(opswheel::capi::as_int(key)));
    }
    // Each policy checks its own settings: make every one, so a bad value is refused here, at the
    // setter that caused it, whichever policy is chosen now.
    for (const auto name : opswheel::policy_names) (void)opswheel::make_policy(name, candidate);
    o.settings = candidate;
  });
}

opswheel_status opswheel_options_get(const opswheel_options* options, opswheel_option key, double* value) {
  return on_handle(options, __func__, [&](const opswheel_options& o) {
    double* out = need(value, "value");
    switch (opswheel::capi::as_int(key)) {
      case OPSWHEEL_OPTION_QUOTA_SLACK: *out = o.settings.slack; return;
      case OPSWHEEL_OPTION_QUOTA_LEAN: *out = o.settings.lean; return;
      case OPSWHEEL_OPTION_QUOTA_GAP_TARGET: *out = o.settings.gap_target; return;
    }
    throw opswheel::InvalidArgument("unknown option key " + std::to_string(opswheel::capi::as_int(key)));
  });
}

}  // extern "C"
