// SPDX-License-Identifier: Apache-2.0
//
// Small helpers shared by the Wheel tests.
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include <opswheel/opswheel.hpp>
#include <opswheel/policies.hpp>

namespace opswheel_test {

/// Every registered policy, so that a new one is covered by the Wheel tests at once.
inline const std::vector<std::string> all_policies(opswheel::policy_names.begin(), opswheel::policy_names.end());

inline opswheel::Date ymd(int y, unsigned m, unsigned d) {
  return opswheel::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

/// A clock that ticks one second per call, so that event times are known.
inline std::function<opswheel::Timestamp()> ticking_clock() {
  auto t = std::make_shared<opswheel::Timestamp>(opswheel::Timestamp{std::chrono::milliseconds{1'790'000'000'000}});
  return [t] { return *t += std::chrono::seconds{1}; };
}

inline std::vector<std::string> ids(std::initializer_list<const char*> list) { return {list.begin(), list.end()}; }

}  // namespace opswheel_test
