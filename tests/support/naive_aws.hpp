// SPDX-License-Identifier: Apache-2.0
//
// The AWS Ops Wheel v1 rule transcribed naively, O(N) per pick, straight from its definition
// (see include/opswheel/policies/aws.hpp). The tests check AwsPolicy against it pick for pick,
// and the benchmarks measure AwsPolicy against it. It shares no code with AwsPolicy on purpose.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include <opswheel/rng.hpp>

namespace opswheel_test {

class NaiveAws {
 public:
  std::vector<double> weights;  // current weight per team (a paused team keeps its own)
  std::vector<double> base;     // configured weight, used by reset
  std::vector<bool> active;

  void add(double w) {
    weights.push_back(w);
    base.push_back(w);
    active.push_back(true);
  }

  std::size_t active_count() const { return static_cast<std::size_t>(std::count(active.begin(), active.end(), true)); }

  void leave(std::size_t d) {  // removal renormalisation for the teams still in
    double rest = 0;
    for (std::size_t i = 0; i < weights.size(); ++i)
      if (active[i] && i != d) rest += weights[i];
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (!active[i] || i == d) continue;
      if (rest > 0) weights[i] *= 1.0 + (weights[d] - 1.0) / rest;
      else weights[i] = base[i];
    }
  }

  void remove(std::size_t d) {
    if (active[d]) leave(d);
    weights.erase(weights.begin() + static_cast<std::ptrdiff_t>(d));
    base.erase(base.begin() + static_cast<std::ptrdiff_t>(d));
    active.erase(active.begin() + static_cast<std::ptrdiff_t>(d));
  }

  void pause(std::size_t d) {
    if (active_count() > 1) leave(d);
    active[d] = false;
  }

  void resume(std::size_t d) { active[d] = true; }

  void reset() {
    for (std::size_t i = 0; i < weights.size(); ++i)
      if (active[i]) weights[i] = base[i];
  }

  // w_s ← 0, w_i ← (w_i + w_s/(N−1))·N/W for every other active i.
  static void apply(std::vector<double>& w, const std::vector<bool>& on, std::size_t s) {
    std::size_t n = 0;
    double sum = 0;
    for (std::size_t i = 0; i < w.size(); ++i)
      if (on[i]) {
        ++n;
        sum += w[i];
      }
    if (n < 2) return;
    const double ws = w[s];
    for (std::size_t i = 0; i < w.size(); ++i)
      if (on[i]) w[i] = i == s ? 0.0 : (w[i] + ws / static_cast<double>(n - 1)) * static_cast<double>(n) / sum;
  }

  void accept(const std::vector<std::size_t>& picks) {
    for (const std::size_t s : picks) apply(weights, active, s);
  }

  // k successive picks ∝ weight with the rule applied between them and no team twice; `excluded`
  // teams keep their weight but cannot be drawn.
  std::vector<std::size_t> draw(std::size_t k, opswheel::Rng& rng, const std::vector<std::size_t>& excluded = {}) const {
    std::vector<double> w = weights;
    std::vector<bool> out(w.size(), false);
    for (const std::size_t e : excluded) out[e] = true;
    std::vector<std::size_t> picks;
    for (std::size_t m = 0; m < k; ++m) {
      double sum = 0;
      for (std::size_t i = 0; i < w.size(); ++i)
        if (active[i] && !out[i]) sum += w[i];
      const double target = rng.uniform01() * sum;
      double acc = 0;
      std::size_t s = w.size();
      for (std::size_t i = 0; i < w.size(); ++i) {
        if (!active[i] || out[i]) continue;
        acc += w[i];
        if (target < acc) {
          s = i;
          break;
        }
      }
      if (s == w.size())  // rounding: the last drawable team
        for (std::size_t i = w.size(); i-- > 0;)
          if (active[i] && !out[i]) {
            s = i;
            break;
          }
      picks.push_back(s);
      apply(w, active, s);
      out[s] = true;
    }
    return picks;
  }
};

}  // namespace opswheel_test
