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
// How it is O(log N): every active weight is w_j = A·(v_j + G), with v and the active flags in
// one sum tree (detail/sum_tree.hpp, a pair of sums per node). "Add δ to every other team" is
// G += δ/A (and v_s chosen so that w_s = 0), and the rescale by N/W multiplies A. After one pick
// the weights sum to N, so an accept rescales once, for its first pick, and a draw, being the same
// at any scale, never needs A at all: its weights are v_j + G. Every max(N, 64) picks the tree is
// rebuilt from the weights, which keeps rounding error near 1e−15.
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
#include <utility>
#include <vector>

#include "../detail/sum_tree.hpp"
#define OPSWHEEL_DETAIL_IN_POLICY_HEADER  // the end of policy.hpp says why
#include "../policy.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {
// An AwsPolicy member's part of the tree: v, and 1 while it is active (0 otherwise), side by side
// so that a draw finds both sums of a node in one cache line. At namespace scope, not nested in
// AwsPolicy: Clang (up to at least 16) treats a nested class with default member initializers as
// not default-constructible until the enclosing class is complete, so SumTree<Mass> instantiated
// inside AwsPolicy failed to compile against libstdc++ 12 (tests: compile.clang).
struct AwsMass {
  double v = 0;
  double b = 0;
  AwsMass& operator+=(const AwsMass& o) {
    v += o.v;
    b += o.b;
    return *this;
  }
};
}  // namespace detail

/// "aws": the AWS Ops Wheel v1 rule, exactly, in O(log N) per pick (the rule and its limits are
/// at the top of this file).
class AwsPolicy final : public Policy {
 public:
  std::string_view name() const noexcept override { return "aws"; }
  std::unique_ptr<Policy> clone() const override { return std::make_unique<AwsPolicy>(*this); }

  /// The current AWS weight of member `index` (a paused member keeps the weight it left with).
  double current_weight(std::size_t index) const {
    return members_.at(index).eligible ? scale_ * (v_[index] + lift_) : frozen_[index];
  }
  /// All current weights, by index.
  std::vector<double> current_weights() const {
    std::vector<double> w(members_.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = current_weight(i);
    return w;
  }

 protected:
  void on_add(std::size_t index) override {
    v_.push_back(members_[index].weight / scale_ - lift_);
    frozen_.push_back(0.0);
    taken_.push_back(0);
    tree_.push_back({v_.back(), 1.0});
  }

  void on_remove(std::size_t index) override {
    auto w = current_weights();
    const bool was_active = members_[index].eligible;
    const double gone = w[index];
    w.erase(w.begin() + static_cast<std::ptrdiff_t>(index));
    frozen_.erase(frozen_.begin() + static_cast<std::ptrdiff_t>(index));
    taken_.pop_back();  // all 0 between spins
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
    // members_[index] is already ineligible: work its weight out from v directly.
    const double gone = scale_ * (v_[index] + lift_);
    frozen_[index] = gone;
    tree_.add(index, {-v_[index], -1.0});
    v_[index] = 0.0;
    const double rest = total();
    if (eligible_count_ == 0) return;
    if (rest > 0) {
      scale_ *= 1.0 + (gone - 1.0) / rest;
    } else {
      on_reset();
    }
  }

  void on_resume(std::size_t index) override {
    v_[index] = frozen_[index] / scale_ - lift_;
    tree_.add(index, {v_[index], 1.0});
    frozen_[index] = 0.0;
  }

  void on_reset() override {
    std::vector<double> w(members_.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = members_[i].eligible ? members_[i].weight : frozen_[i];
    rebuild(w);
  }

  std::vector<std::size_t> do_draw(const Request& request, Rng& rng) const override {
    std::vector<std::size_t> picks(request.k);
    do_draw_into(request, rng, picks);
    return picks;
  }

  void do_draw_into(const Request& request, Rng& rng, std::span<std::size_t> picks) const override {
    spin(request, rng, picks, &undo_);
  }

  Chances do_probabilities(std::size_t k) const override {
    if (k > 1) return Policy::do_probabilities(k);
    Chances c{std::vector<double>(members_.size(), 0.0), true, 0};
    const double sum = total();
    for (std::size_t i = 0; i < members_.size(); ++i)
      if (members_[i].eligible) c.values[i] = sum > 0 ? current_weight(i) / sum : 1.0 / static_cast<double>(eligible_count_);
    return c;
  }

  // An accept takes its picks but the last out of the tree in order, as a spin does, then puts each
  // back with its new v (commit). simulate's week is a spin that leaves its picks out, then the
  // commit: the same tree, bit for bit, as a draw followed by accept, for half the updates.
  void do_accept(std::span<const std::size_t> picks) override { accept_picks(picks, nullptr); }

  // Between rebuilds an accept changes its picks' v, a few nodes per pick, A, G and the pick
  // count: the journal keeps those as they were. An accept that rebuilds (once in max(N, 64)
  // picks, or from all-zero weights) keeps the whole state instead.
  std::unique_ptr<AcceptUndo> do_accept_undoably(std::span<const std::size_t> picks) override {
    if (eligible_count_ >= 2 && (!(total() > 0) || picks_since_rebuild_ + picks.size() >= rebuild_every()))
      return Policy::do_accept_undoably(picks);
    std::unique_ptr<Journal> undo = recycled_undo<Journal>();  // once warm, the journal before last
    undo->clear();
    undo->scale = scale_;
    undo->lift = lift_;
    undo->picks_since_rebuild = picks_since_rebuild_;
    for (const std::size_t i : picks) undo->v.emplace_back(i, v_[i]);
    accept_picks(picks, &undo->nodes);
    return undo;
  }

  void do_week(const Request& request, Rng& rng, std::span<std::size_t> picks) override {
    const double sum = total();
    if (!request.excluded.empty() || eligible_count_ < 2 || !(sum > 0)) {
      Policy::do_week(request, rng, picks);  // the rare cases, as do_accept handles them
      return;
    }
    const double rescale = static_cast<double>(eligible_count_) / sum;
    spin(request, rng, picks, nullptr);
    picks_since_rebuild_ += picks.size();
    commit(picks, rescale, nullptr);
  }

  // The tree is written node by node: its sums carry the rounding of every update, and the next
  // draw must see exactly those.
  void do_save(detail::StateWriter& out) const override {
    out.f64s(v_);
    out.f64s(frozen_);
    out.list(tree_.node_values(), [&](const Mass& m) {
      out.f64(m.v);
      out.f64(m.b);
    });
    out.f64(scale_);
    out.f64(lift_);
    out.size(picks_since_rebuild_);
  }
  void do_load(detail::StateReader& in) override {
    const std::size_t n = members_.size();
    v_ = in.f64s();
    frozen_ = in.f64s();
    auto nodes = in.list<Mass>(16, [&] {
      Mass m;
      m.v = in.f64();
      m.b = in.f64();
      return m;
    });
    scale_ = in.f64();
    lift_ = in.f64();
    picks_since_rebuild_ = in.size(0);
    if (v_.size() != n || frozen_.size() != n || !tree_.assign_nodes(n, std::move(nodes)) || !std::isfinite(scale_) ||
        !(scale_ > 0) || !std::isfinite(lift_))
      in.fail("an aws state that does not fit " + std::to_string(n) + " members");
    taken_.assign(n, 0);
  }

 private:
  using Mass = detail::AwsMass;

  using NodeLog = detail::SumTree<Mass>::UndoLog;

  // What an accept between rebuilds changed, as it was (see do_accept_undoably).
  class Journal final : public AcceptUndo {
   public:
    // Empties a recycled journal for refilling; its buffers keep their capacity.
    void clear() noexcept {
      nodes.used = 0;
      v.clear();
    }
    std::unique_ptr<AcceptUndo> copy() const override { return std::make_unique<Journal>(*this); }
    void take_back(std::unique_ptr<Policy>& policy) override {
      auto& aws = static_cast<AwsPolicy&>(*policy);
      aws.tree_.restore(nodes);
      for (const auto& [i, old] : v) aws.v_[i] = old;
      aws.scale_ = scale;
      aws.lift_ = lift;
      aws.picks_since_rebuild_ = picks_since_rebuild;
    }

    NodeLog nodes;
    std::vector<std::pair<std::size_t, double>> v;  // each pick's v
    double scale = 1.0;
    double lift = 0.0;
    std::size_t picks_since_rebuild = 0;
  };

  double total() const {
    const Mass t = tree_.total();
    return scale_ * (t.v + lift_ * t.b);
  }

  // How many picks the tree serves between rebuilds from the weights.
  std::size_t rebuild_every() const { return std::max<std::size_t>(members_.size(), 64); }

  // Adds to element j's tree entry, recording the nodes' old values in `log` when there is one.
  void tree_add(std::size_t j, Mass delta, NodeLog* log) const {
    if (log) tree_.add_logged(j, delta, *log);
    else tree_.add(j, delta);
  }

  void accept_picks(std::span<const std::size_t> picks, NodeLog* log) {
    picks_since_rebuild_ += picks.size();
    if (eligible_count_ < 2) return;  // a lone team keeps its weight
    if (!(total() > 0)) {
      // Every weight is 0: the first accept resets them, and the rule goes on from there.
      on_reset();
      picks = picks.subspan(1);
    }
    if (picks.empty()) return;
    const double rescale = static_cast<double>(eligible_count_) / total();  // N/W, once (see the top)
    const double share = one_share();
    double g = lift_;
    lifts_.resize(picks.size());
    for (std::size_t m = 0; m < picks.size(); ++m) {
      g = lifted(g, v_[picks[m]], share);
      lifts_[m] = g;
      if (m + 1 < picks.size()) tree_add(picks[m], {-v_[picks[m]], -1.0}, log);
    }
    commit(picks, rescale, log);
  }

  // G after a pick of a team whose v is `v`: every other team gains δ = w_s/(N − 1), which is
  // δ/A = (v + G)·share in units of A, share = 1/(N − 1) (0 for a lone team, which keeps its weight).
  static double lifted(double g, double v, double share) { return g + (v + g) * share; }
  double one_share() const {
    return eligible_count_ > 1 ? 1.0 / static_cast<double>(eligible_count_ - 1) : 0.0;
  }

  // One spin: the k picks, in order, into `picks` (size request.k), and in lifts_ the G after each.
  // In units of A a team in the draw weighs v_j + g, g starting at G and moving as the rule does
  // pick after pick. A team out of the draw (picked, or skipped for the meeting) leaves the tree,
  // so that the walk down the tree sees only the teams in the draw. With an undo log the spin
  // changes nothing (the log puts the tree back exactly); without one, it leaves its picks but the
  // last out of the tree for commit.
  void spin(const Request& request, Rng& rng, std::span<std::size_t> picks, NodeLog* undo) const {
    const double share = one_share();
    double g = lift_;
    const Mass start = tree_.total();
    double tv = start.v, count = start.b;  // the sums over the teams in the draw
    lifts_.resize(request.k);
    auto take_out = [&](std::size_t j) {
      tv -= v_[j];
      count -= 1.0;
      taken_[j] = 1;
      tree_add(j, {-v_[j], -1.0}, undo);
    };
    auto pick = [&](std::size_t m, std::size_t s) {
      picks[m] = s;
      g = lifted(g, v_[s], share);
      lifts_[m] = g;
      if (m + 1 < request.k) take_out(s);  // the last pick: no draw after it
    };
    for (const std::size_t j : request.excluded) take_out(j);  // skipped: keeps its weight
    std::size_t m = 0;
    for (const std::size_t s : request.required) pick(m++, s);
    const std::size_t n_members = members_.size();
    for (; m < request.k; ++m) {
      const double target = rng.uniform01() * (tv + g * count);
      std::size_t s = tree_.descend(target, [nodes = tree_.nodes(), g](std::size_t i) {
        return nodes[i].v + g * nodes[i].b;
      });
      // Rounding can walk past the last drawable team, or onto one taken out; then take the
      // nearest drawable team below (or the first one).
      if (s >= n_members || !members_[s].eligible || taken_[s]) s = nearest_drawable(s);
      pick(m, s);
    }
    if (undo) tree_.restore(*undo);
    for (const std::size_t j : request.excluded) taken_[j] = 0;
    for (const std::size_t j : picks) taken_[j] = 0;
  }

  // The end of an accept: its picks get weight 0 as of their pick (v = −G then), the ones out of
  // the tree (all but the last) by going back in, the last in place; G moves on to the last
  // pick's, and A takes the rule's N/W.
  void commit(std::span<const std::size_t> picks, double rescale, NodeLog* log) {
    const std::size_t last = picks.size() - 1;
    for (std::size_t m = 0; m < last; ++m) tree_add(picks[m], {-lifts_[m], 1.0}, log);
    tree_add(picks[last], {-lifts_[last] - v_[picks[last]], 0.0}, log);
    for (std::size_t m = 0; m <= last; ++m) v_[picks[m]] = -lifts_[m];
    lift_ = lifts_[last];
    scale_ *= rescale;
    if (picks_since_rebuild_ >= rebuild_every()) refresh();
  }

  void set_current(std::size_t index, double weight) { set_v(index, weight / scale_ - lift_); }

  void set_v(std::size_t index, double v) {
    tree_.add(index, {v - v_[index], 0.0});
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

  // A = 1, G = 0, v = w for active members. `active` overrides members_ during a removal.
  void rebuild(const std::vector<double>& w, const std::vector<bool>* active = nullptr) {
    const std::size_t n = w.size();
    v_.assign(n, 0.0);
    masses_.assign(n, Mass{});
    for (std::size_t i = 0; i < n; ++i) {
      if (active ? (*active)[i] : members_[i].eligible) {
        v_[i] = w[i];
        masses_[i] = {w[i], 1.0};
      } else {
        frozen_[i] = w[i];
      }
    }
    plant();
  }

  // The periodic rebuild, in place: the same as rebuild(current_weights()) without allocating.
  void refresh() {
    masses_.resize(v_.size());
    for (std::size_t i = 0; i < v_.size(); ++i) {
      const double on = members_[i].eligible ? 1.0 : 0.0;  // v is 0, and stays 0, while inactive
      v_[i] = on * (scale_ * (v_[i] + lift_));
      masses_[i] = {v_[i], on};
    }
    plant();
  }

  // The tree from masses_, with A = 1 and G = 0.
  void plant() {
    tree_.assign(masses_);
    scale_ = 1.0;
    lift_ = 0.0;
    picks_since_rebuild_ = 0;
  }

  std::size_t nearest_drawable(std::size_t s) const {
    auto drawable = [&](std::size_t j) { return members_[j].eligible && !taken_[j]; };
    for (std::size_t j = std::min(s, members_.size()); j-- > 0;)
      if (drawable(j)) return j;
    for (std::size_t j = 0; j < members_.size(); ++j)
      if (drawable(j)) return j;
    return 0;  // unreachable: the request guarantees enough drawable members
  }

  std::vector<double> v_;       // per member: w = scale_·(v + lift_) while active (v = 0 while not)
  std::vector<double> frozen_;  // per member: the weight a paused member left with
  // Sums of v and of the active flags. mutable: a spin takes its picks out while it draws and puts
  // the tree back exactly before it returns.
  mutable detail::SumTree<Mass> tree_;
  double scale_ = 1.0;          // A
  double lift_ = 0.0;           // G
  std::size_t picks_since_rebuild_ = 0;
  // Scratch, reused so that neither a spin nor a rebuild allocates once warm. A policy is used by
  // one thread at a time.
  mutable NodeLog undo_;                         // the tree's nodes a spin changed
  mutable std::vector<unsigned char> taken_;     // per member: out of the current spin's draw
  mutable std::vector<double> lifts_;            // G after each pick of a spin or an accept
  std::vector<Mass> masses_;                     // rebuild's input to the tree
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "../impl/policy_factory-inl.hpp"
#endif
