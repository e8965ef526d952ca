// SPDX-License-Identifier: Apache-2.0
//
// AwsPolicy ("aws"): the AWS Ops Wheel v1 rule, exactly, in O(log N) per pick.
//
// The rule, with N active teams whose weights sum to N after every accept:
// - draw:   one team, with chance ∝ its current weight;
// - accept of s: w_s ← 0 and w_i ← (w_i + w_s/(N−1))·N/W for i ≠ s, W the sum before;
// - remove (or pause) d: the rest are multiplied by 1 + (w_d − 1)/R, R their sum; if R = 0 they
//   are reset;
// - reset: every weight back to the team's configured weight (1 by default; the size of the
//   sub-wheel the team stands for).
// A new team joins with its configured weight and the others are left as they are (the next
// accept renormalises). A paused team leaves like a removed one but keeps its weight, and comes
// back with it: a pause costs it nothing. set_weight changes the configured weight and scales the
// team's current weight by new/old, so its place in the rotation is kept.
// k picks in one spin are k successive picks with the rule applied between them and no team twice.
//
// How it is O(log N): every active weight is w_j = A·v_j + C, with v and the active flags in
// Fenwick trees. "Add δ to every other team" is C += δ (and v_s chosen so that w_s = 0), and the
// rescale by N/W multiplies A and C. A draw walks down both trees at once. Every max(N, 64)
// picks the trees are rebuilt from the weights, which keeps rounding error near 1e−15.
//
// Honest limits (what the rule does not promise): a team's weight depends only on how long ago it
// last presented, so its deviation from a fair share grows like √t (about 17 turns after 2,000
// weeks with 100 teams and 7 picks a week) and there is no bound on the wait between turns.
// Configured weights only set the starting point: accept zeroes the presenter and every other team
// gains at the same rate, so after each team's first turn all teams are alike and long-run shares
// are equal whatever the weights (with weights 1..5, deviation from the weighted share reaches
// about 100 turns over 2,000 weeks). Use another policy when weights must count. Chances for
// k > 1 are estimated (Policy::probabilities); for k = 1 they are exact.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../detail/fenwick.hpp"
#include "../policy.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

class AwsPolicy final : public Policy {
 public:
  std::string_view name() const noexcept override { return "aws"; }
  std::unique_ptr<Policy> clone() const override { return std::make_unique<AwsPolicy>(*this); }

  /// The current AWS weight of member `index` (a paused member keeps the weight it left with).
  double current_weight(std::size_t index) const {
    return members_.at(index).eligible ? scale_ * v_[index] + offset_ : frozen_[index];
  }
  /// All current weights, by index.
  std::vector<double> current_weights() const {
    std::vector<double> w(members_.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = current_weight(i);
    return w;
  }

 protected:
  void on_add(std::size_t index) override {
    v_.push_back((members_[index].weight - offset_) / scale_);
    frozen_.push_back(0.0);
    tv_.push_back(v_.back());
    tb_.push_back(1.0);
  }

  void on_remove(std::size_t index) override {
    auto w = current_weights();
    const bool was_active = members_[index].eligible;
    const double gone = w[index];
    w.erase(w.begin() + static_cast<std::ptrdiff_t>(index));
    frozen_.erase(frozen_.begin() + static_cast<std::ptrdiff_t>(index));
    std::vector<bool> active(members_.size(), false);
    for (std::size_t i = 0; i < members_.size(); ++i) active[i] = members_[i].eligible;
    active.erase(active.begin() + static_cast<std::ptrdiff_t>(index));
    if (was_active) renormalise_after_leaving(w, active, gone, index);
    rebuild(w, &active);
  }

  void on_set_weight(std::size_t index, double old_weight) override {
    const double factor = members_[index].weight / old_weight;
    if (!members_[index].eligible) {
      frozen_[index] *= factor;
      return;
    }
    set_current(index, current_weight(index) * factor);
  }

  void on_pause(std::size_t index) override {
    // members_[index] is already ineligible: read its weight from the trees directly.
    const double gone = scale_ * v_[index] + offset_;
    frozen_[index] = gone;
    tv_.add(index, -v_[index]);
    tb_.add(index, -1.0);
    v_[index] = 0.0;
    const double rest = total();
    if (eligible_count_ == 0) return;
    if (rest > 0) {
      const double factor = 1.0 + (gone - 1.0) / rest;
      scale_ *= factor;
      offset_ *= factor;
    } else {
      on_reset();
    }
  }

  void on_resume(std::size_t index) override {
    v_[index] = (frozen_[index] - offset_) / scale_;
    tv_.add(index, v_[index]);
    tb_.add(index, 1.0);
    frozen_[index] = 0.0;
  }

  void on_reset() override {
    std::vector<double> w(members_.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = members_[i].eligible ? members_[i].weight : frozen_[i];
    rebuild(w);
  }

  std::vector<std::size_t> do_draw(const Request& request, Rng& rng) const override {
    // The spin is simulated without changing the policy: after each pick every weight not yet
    // picked is an affine function α·w_j + β of its weight now, and the picked (or excluded)
    // teams are tracked one by one, their real weights under the rule kept aside.
    std::vector<Out>& out = spin_;  // reused from spin to spin
    out.clear();
    const double n = static_cast<double>(eligible_count_);
    const double base_total = total();
    double alpha = 1.0, beta = 0.0;
    auto effective = [&](std::size_t j) { return alpha * (scale_ * v_[j] + offset_) + beta; };
    auto is_out = [&](std::size_t j) {
      return std::any_of(out.begin(), out.end(), [j](const Out& o) { return o.index == j; });
    };
    // A team taken out of the draw leaves the trees for the rest of the spin (restored at its end),
    // so the walk below needs no masking.
    auto take_out = [&](std::size_t j) {
      tv_.add_logged(j, -v_[j], undo_v_);
      tb_.add_logged(j, -1.0, undo_b_);
    };
    for (const std::size_t j : request.excluded) {
      out.push_back({j, effective(j)});  // skipped this meeting: keeps its weight, cannot be drawn
      take_out(j);
    }

    auto pick = [&](std::size_t s) {
      double in_draw = alpha * base_total + beta * n;
      double outside = 0;
      for (const Out& o : out) {
        in_draw -= effective(o.index);
        outside += o.weight;
      }
      const double w_s = effective(s);
      const double sum = in_draw + outside;
      if (eligible_count_ > 1 && sum > 0) {
        const double delta = w_s / (n - 1.0);
        const double f = n / sum;
        for (Out& o : out) o.weight = (o.weight + delta) * f;
        alpha *= f;
        beta = (beta + delta) * f;
      }
      out.push_back({s, 0.0});
      take_out(s);
    };

    std::vector<std::size_t> picks;
    picks.reserve(request.k);
    for (const std::size_t s : request.required) {
      pick(s);
      picks.push_back(s);
    }
    for (std::size_t m = 0; m < request.open; ++m) {
      // The weight left in the draw, as the walk will see it.
      const double in_draw = alpha * (scale_ * tv_.total() + offset_ * tb_.total()) + beta * tb_.total();
      const double target = rng.uniform01() * in_draw;
      std::size_t s = detail::fenwick_descend(members_.size(), target, [&](std::size_t node) {
        return alpha * (scale_ * tv_.node(node) + offset_ * tb_.node(node)) + beta * tb_.node(node);
      });
      // Rounding can walk past the last drawable team, or onto one taken out; then take the
      // nearest drawable team below (or the first one).
      if (s >= members_.size() || !members_[s].eligible || is_out(s)) s = nearest_drawable(s, is_out);
      pick(s);
      picks.push_back(s);
    }
    tv_.restore(undo_v_);
    tb_.restore(undo_b_);
    return picks;
  }

  Chances do_probabilities(std::size_t k) const override {
    if (k > 1) return Policy::do_probabilities(k);
    Chances c{std::vector<double>(members_.size(), 0.0), true, 0};
    const double sum = total();
    for (std::size_t i = 0; i < members_.size(); ++i)
      if (members_[i].eligible) c.values[i] = sum > 0 ? current_weight(i) / sum : 1.0 / static_cast<double>(eligible_count_);
    return c;
  }

  void do_accept(std::span<const std::size_t> picks) override {
    for (const std::size_t s : picks) apply_rule(s);
    picks_since_rebuild_ += picks.size();
    if (picks_since_rebuild_ >= std::max<std::size_t>(members_.size(), 64)) rebuild(current_weights());
  }

  // The trees are written node by node: their sums carry the rounding of every update, and the
  // next draw must see exactly those.
  void do_save(detail::StateWriter& out) const override {
    out.f64s(v_);
    out.f64s(frozen_);
    out.f64s(tv_.nodes());
    out.f64s(tb_.nodes());
    out.f64(scale_);
    out.f64(offset_);
    out.size(picks_since_rebuild_);
  }
  void do_load(detail::StateReader& in) override {
    const std::size_t n = members_.size();
    v_ = in.f64s();
    frozen_ = in.f64s();
    auto tv = in.f64s();
    auto tb = in.f64s();
    scale_ = in.f64();
    offset_ = in.f64();
    picks_since_rebuild_ = in.size(0);
    if (v_.size() != n || frozen_.size() != n || tv.size() != n + 1 || tb.size() != n + 1 ||
        !std::isfinite(scale_) || !(scale_ > 0) || !std::isfinite(offset_))
      in.fail("an aws state that does not fit " + std::to_string(n) + " members");
    tv_.assign_nodes(std::move(tv));
    tb_.assign_nodes(std::move(tb));
  }

 private:
  double total() const { return scale_ * tv_.total() + offset_ * tb_.total(); }

  // The rule on accept of s.
  void apply_rule(std::size_t s) {
    const double n = static_cast<double>(eligible_count_);
    if (eligible_count_ < 2) return;  // a lone team keeps its weight
    const double sum = total();
    if (!(sum > 0)) {
      on_reset();
      return;
    }
    const double delta = current_weight(s) / (n - 1.0);
    offset_ += delta;
    set_current(s, 0.0);
    const double f = n / sum;
    scale_ *= f;
    offset_ *= f;
  }

  void set_current(std::size_t index, double weight) {
    const double v = (weight - offset_) / scale_;
    tv_.add(index, v - v_[index]);
    v_[index] = v;
  }

  // Removal renormalisation: the rest are multiplied by 1 + (w_d − 1)/R, or reset when R = 0.
  void renormalise_after_leaving(std::vector<double>& w, const std::vector<bool>& active, double gone,
                                 std::size_t removed) const {
    double rest = 0;
    for (std::size_t i = 0; i < w.size(); ++i)
      if (active[i]) rest += w[i];
    if (rest > 0) {
      const double factor = 1.0 + (gone - 1.0) / rest;
      for (std::size_t i = 0; i < w.size(); ++i)
        if (active[i]) w[i] *= factor;
    } else {
      for (std::size_t i = 0; i < w.size(); ++i)
        if (active[i]) w[i] = members_[i < removed ? i : i + 1].weight;
    }
  }

  // A = 1, C = 0, v = w for active members. `active` overrides members_ during a removal.
  void rebuild(const std::vector<double>& w, const std::vector<bool>* active = nullptr) {
    const std::size_t n = w.size();
    v_.assign(n, 0.0);
    std::vector<double> flags(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const bool on = active ? (*active)[i] : members_[i].eligible;
      if (on) {
        v_[i] = w[i];
        flags[i] = 1.0;
      } else {
        frozen_[i] = w[i];
      }
    }
    tv_.assign(v_);
    tb_.assign(flags);
    scale_ = 1.0;
    offset_ = 0.0;
    picks_since_rebuild_ = 0;
  }

  template <class IsOut>
  std::size_t nearest_drawable(std::size_t s, IsOut&& is_out) const {
    auto drawable = [&](std::size_t j) { return members_[j].eligible && !is_out(j); };
    for (std::size_t j = std::min(s, members_.size()); j-- > 0;)
      if (drawable(j)) return j;
    for (std::size_t j = 0; j < members_.size(); ++j)
      if (drawable(j)) return j;
    return 0;  // unreachable: the request guarantees enough drawable members
  }

  // A team taken out of a spin's draw (picked, or skipped for the meeting).
  struct Out {
    std::size_t index;
    double weight;  // its weight under the rule, now
  };
  mutable std::vector<Out> spin_;  // scratch for do_draw; a policy is used by one thread at a time
  mutable detail::Fenwick<double>::UndoLog undo_v_, undo_b_;  // the trees' nodes a spin changed

  std::vector<double> v_;       // per member: w = scale_·v + offset_ while active
  std::vector<double> frozen_;  // per member: the weight a paused member left with
  // Sums of v, and counts (1.0 each), over active members. mutable: a spin takes its picks out
  // while it draws and puts the trees back exactly before it returns.
  mutable detail::Fenwick<double> tv_;
  mutable detail::Fenwick<double> tb_;
  double scale_ = 1.0;          // A
  double offset_ = 0.0;         // C
  std::size_t picks_since_rebuild_ = 0;
};

OPSWHEEL_END_NAMESPACE
