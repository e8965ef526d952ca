// SPDX-License-Identifier: Apache-2.0
//
// How the quota policy's debts (detail/targets.hpp) recover, in two scenarios on one roster of
// equal teams, printing per block of weeks the dead ends (weeks no set kept every bound), the
// settlements so far and the turns owed (the sum of negative debts, and the worst):
//   skips      every week, the first `count` suggested teams cannot attend and are skipped;
//   by-hand    team 0 is accepted by hand `count` weeks running (k = 1), then the wheel draws.
// docs/fairness.md quotes its output ("What debts cannot repair").
//
//   quota_debts skips|by-hand [count = 1] [teams = 100] [weeks = 1200] [seed = 11]
#include <opswheel/policies/quota.hpp>
#include <opswheel/wheel.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  const std::string_view scenario = argc > 1 ? argv[1] : "skips";
  const int count = argc > 2 ? std::atoi(argv[2]) : 1;
  const int teams = argc > 3 ? std::atoi(argv[3]) : 100;
  const int weeks = argc > 4 ? std::atoi(argv[4]) : 1200;
  const std::uint64_t seed = argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 11;
  const bool by_hand = scenario == "by-hand";
  if ((!by_hand && scenario != "skips") || count < 0 || teams < 2 || weeks < 1) {
    std::fprintf(stderr, "usage: quota_debts skips|by-hand [count] [teams] [weeks] [seed]\n");
    return 2;
  }
  const std::size_t k = by_hand ? 1 : 7;
  opswheel::Wheel wheel("quota", seed);
  for (int i = 0; i < teams; ++i) wheel.add("team-" + std::to_string(i));
  if (by_hand)
    for (int t = 0; t < count; ++t) wheel.accept(std::vector<std::string>{"team-0"});
  const auto& quota = dynamic_cast<const opswheel::QuotaPolicy&>(wheel.policy());
  const std::uint64_t before = quota.dead_ends();
  std::uint64_t last = before;
  const int block = std::max(1, weeks / 6);
  for (int week = 1; week <= weeks; ++week) {
    opswheel::Suggestion s = wheel.suggest(k);
    for (int j = 0; !by_hand && j < count; ++j) s = wheel.skip(s, s.picks[0], "cannot attend");
    wheel.accept(s);
    if (week % block != 0 && week != weeks) continue;
    double owed = 0, worst = 0;
    for (int i = 0; i < teams; ++i) {
      const double debt = quota.debt(static_cast<std::size_t>(i));
      owed += std::max(-debt, 0.0);
      worst = std::max(worst, -debt);
    }
    std::printf("week %5d: dead ends %4llu in the block, settlements %6llu, owed %7.1f turns (worst %5.1f)\n", week,
                static_cast<unsigned long long>(quota.dead_ends() - last),
                static_cast<unsigned long long>(quota.settlements()), owed, worst);
    last = quota.dead_ends();
  }
  std::printf("%s %d, %d teams, %d weeks: %llu dead ends\n", std::string(scenario).c_str(), count, teams, weeks,
              static_cast<unsigned long long>(quota.dead_ends() - before));
}
