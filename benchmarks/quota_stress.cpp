// SPDX-License-Identifier: Apache-2.0
//
// Stress run of the quota policy's bound: random instances (2..12 teams, integer or two-decimal
// weights, k from 1 to N−1, slack 0..2), each run for a number of weeks while checking
// ⌊π·t⌋ − s <= x <= ⌈π·t⌉ + s after every week in exact integers, and counting the weeks whose
// fast tests found no set (and went to the exact check) and dead ends (where that failed too).
// Prints the first few failures and a summary line.
//
//   quota_stress [instances = 100000] [weeks = 400] [seed = 1]
#include <opswheel/detail/shares.hpp>
#include <opswheel/policies.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  using namespace opswheel;
  const long instances = argc > 1 ? std::atol(argv[1]) : 100000;
  const long weeks = argc > 2 ? std::atol(argv[2]) : 400;
  const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  Rng gen(seed);
  long breaches = 0, with_dead_ends = 0;
  unsigned long long exact_checks = 0;
  for (long trial = 0; trial < instances; ++trial) {
    const std::size_t n = 2 + gen.below(11);
    std::vector<double> w(n);
    const bool integers = gen.below(2) == 0;
    for (auto& x : w)
      x = integers ? 1.0 + static_cast<double>(gen.below(9)) : std::round(std::exp(3 * gen.uniform01()) * 100) / 100;
    const std::size_t k = 1 + gen.below(n - 1);
    PolicyOptions options;
    options.slack = static_cast<unsigned>(gen.below(3));
    QuotaPolicy policy(options);
    for (const double x : w) policy.add(x);
    const auto shares = detail::exact_shares(w, k);
    const auto scale = static_cast<detail::int128>(shares.scale);
    const auto s = static_cast<detail::int128>(options.slack);
    std::vector<detail::int128> turns(n, 0);
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(trial)));
    long breach = 0;
    for (long t = 1; t <= weeks && breach == 0; ++t) {
      const auto picks = policy.draw(k, rng);
      policy.accept(picks);
      for (const auto i : picks) ++turns[i];
      for (std::size_t i = 0; i < n; ++i) {
        const detail::int128 target = static_cast<detail::int128>(shares.units[i]) * t;
        if (turns[i] < detail::floor_div(target, scale) - s || turns[i] > detail::ceil_div(target, scale) + s) breach = t;
      }
    }
    exact_checks += policy.exact_checks();
    if (breach != 0 || policy.dead_ends() != 0) {
      breaches += breach != 0;
      with_dead_ends += policy.dead_ends() != 0;
      if (breaches + with_dead_ends <= 10) {
        std::printf("instance %ld: k=%zu s=%u weights", trial, k, options.slack);
        for (const double x : w) std::printf(" %g", x);
        std::printf(": breach at week %ld, %llu dead ends\n", breach,
                    static_cast<unsigned long long>(policy.dead_ends()));
      }
    }
  }
  std::printf("%ld instances x %ld weeks (seed %llu): %ld with a breach of the bound, %ld with a dead end, "
              "%llu weeks that needed the exact check\n",
              instances, weeks, static_cast<unsigned long long>(seed), breaches, with_dead_ends, exact_checks);
  return breaches + with_dead_ends == 0 ? 0 : 1;
}
