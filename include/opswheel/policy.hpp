// SPDX-License-Identifier: Apache-2.0
//
// Policy: how a wheel draws its picks and how its rotation state moves on when picks are accepted.
//
// Every policy sees the roster as a list of members by index (the roster's order): a weight and
// whether the member is eligible (not paused). The base class keeps that list, validates every
// call once for all policies, and hands the policy-specific work to the protected hooks; a
// policy only adds the state of its own rule. Each policy states its guarantee in its header:
//   aws.hpp          the AWS Ops Wheel v1 rule, O(log N) per pick
//   lottery.hpp      memoryless, exact chances π_i = min(1, c·w_i)
//   shuffle_bag.hpp  w_i turns per cycle, in random order
//   rotation.hpp     deterministic, |x_i(t) − E_i(t)| < 1 (E_i: the share it accumulated)
//   quota.hpp        random, yet ⌊E_i(t)⌋ − s <= x_i(t) <= ⌈E_i(t)⌉ + s: the flagship
// Threads: a policy (like the Wheel that holds it) is used by one thread at a time, const calls
// included (policies keep caches). Copies are independent.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "errors.hpp"
#include "limits.hpp"
#include "participant.hpp"
#include "detail/clone_ptr.hpp"
#include "detail/serial.hpp"
#include "rng.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Extra conditions on one draw, on top of the policy's own eligibility.
struct DrawConstraints {
  std::vector<std::size_t> required;  ///< must be among the picks (pinned teams, or kept after a skip)
  std::vector<std::size_t> excluded;  ///< must not be picked (skipped for this meeting)
};

/// Settings for the policies that have any. Every field has a default, and a policy ignores the
/// fields that are not its own, so one options value can be passed to any policy by name.
struct PolicyOptions {
  /// quota: s, how many turns a team may run behind or ahead of its share:
  /// ⌊E_i(t)⌋ − s <= x_i(t) <= ⌈E_i(t)⌉ + s (quota.hpp). At most max_slack (limits.hpp).
  unsigned slack = 2;
  /// quota: β >= 0, how strongly the draw leans toward teams behind their share (0: not at all).
  double lean = 0.5;
  /// quota: G > 1, the normalised wait (weeks since the last turn × π_i) near which a team's draw
  /// weight grows without bound, keeping waits short of the proven bound.
  double gap_target = 2.8;
  bool operator==(const PolicyOptions&) const = default;
};

/// Throws InvalidArgument, naming the value, unless `options` is valid for every policy: slack at
/// most max_slack, lean finite and >= 0, gap target finite and > 1. make_policy checks it for
/// every policy, so a wheel never records settings it could not read back.
inline void validate(const PolicyOptions& options) {
  if (options.slack > max_slack)
    throw InvalidArgument("invalid quota slack " + std::to_string(options.slack) + ": it must be at most " +
                          std::to_string(max_slack));
  if (!(options.lean >= 0) || !std::isfinite(options.lean))
    throw InvalidArgument("invalid quota lean " + detail::weight_text(options.lean) + ": it must be finite and >= 0");
  if (!(options.gap_target > 1) || !std::isfinite(options.gap_target))
    throw InvalidArgument("invalid quota gap target " + detail::weight_text(options.gap_target) +
                          ": it must be finite and > 1");
}

/// Each member's chance of being among the next k picks, by roster index (0 for paused teams).
struct Chances {
  std::vector<double> values;
  bool exact = true;        ///< false: estimated from `samples` seeded draws (see Policy::probabilities)
  std::size_t samples = 0;  ///< draws behind an estimate; 0 when exact
};

namespace detail {
struct SimulationAccess;  // simulate.hpp: a run's weeks without validating each call again
struct UndoRecycling;     // below: AcceptUndo storage handed back for reuse
}

/// The base of every policy: how a wheel draws its picks and how its rotation state moves on when
/// picks are accepted. It validates every call; each policy adds only the state of its own rule.
class Policy {
 public:
  virtual ~Policy() = default;

  /// The policy's registry name: "aws", "lottery", "shuffle_bag", "rotation" or "quota".
  virtual std::string_view name() const noexcept = 0;
  /// A deep copy, state included.
  virtual std::unique_ptr<Policy> clone() const = 0;

  /// Weeks whose draw could not keep every team within the policy's bound (quota, rotation): a
  /// diagnostic that simulate() reports; 0 for policies that promise no bound.
  virtual std::uint64_t dead_ends() const noexcept { return 0; }
  /// Member `index`'s unpaid debt in turns, for the policies that pay back turns taken or missed
  /// past their bound (quota, rotation: detail/targets.hpp): positive when it presented more than
  /// its share. 0 for the others.
  virtual double debt(std::size_t /*index*/) const { return 0; }

  std::size_t size() const noexcept { return members_.size(); }
  std::size_t eligible_count() const noexcept { return eligible_count_; }
  bool eligible(std::size_t index) const { return members_.at(index).eligible; }
  double weight(std::size_t index) const { return members_.at(index).weight; }

  // Roster changes, mirrored from the Wheel. Each validates first and changes nothing on error.

  /// Appends an eligible member with `weight` at index size().
  void add(double weight) {
    validate_weight(weight);
    members_.push_back({weight, true});
    ++eligible_count_;
    ++members_version_;
    on_add(members_.size() - 1);
  }
  /// Removes member `index`; later members move down by one.
  void remove(std::size_t index) {
    check_index(index);
    on_remove(index);
    if (members_[index].eligible) --eligible_count_;
    members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(index));
    ++members_version_;
  }
  /// Changes member `index`'s weight; setting the weight it has changes nothing.
  void set_weight(std::size_t index, double weight) {
    check_index(index);
    validate_weight(weight);
    const double old = members_[index].weight;
    if (weight == old) return;
    members_[index].weight = weight;
    ++members_version_;
    on_set_weight(index, old);
  }
  /// Makes `index` ineligible; a no-op when it is already paused.
  void pause(std::size_t index) {
    check_index(index);
    if (!members_[index].eligible) return;
    members_[index].eligible = false;
    --eligible_count_;
    ++members_version_;
    on_pause(index);
  }
  /// Makes `index` eligible again; a no-op when it is not paused.
  void resume(std::size_t index) {
    check_index(index);
    if (members_[index].eligible) return;
    members_[index].eligible = true;
    ++eligible_count_;
    ++members_version_;
    on_resume(index);
  }
  /// Forgets the rotation state: every member starts afresh (the AWS "reset").
  void reset() {
    ++members_version_;  // the caches keyed by it were planned before the targets restarted
    on_reset();
  }

  /// Draws k distinct eligible members, respecting `constraints`, without changing any state:
  /// the same Rng state gives the same picks. Throws InvalidArgument (k = 0, a bad constraint) or
  /// NotEnoughTeams (k larger than the eligible, non-excluded members).
  std::vector<std::size_t> draw(std::size_t k, Rng& rng, const DrawConstraints& constraints = {}) const {
    const Request request = make_request(k, constraints);
    return do_draw(request, rng);
  }

  /// Each member's chance of being among the next k picks (no constraints). Exact where the policy
  /// knows it; otherwise estimated from seeded draws, so the estimate is the same on every call.
  Chances probabilities(std::size_t k) const {
    make_request(k, {});
    return do_probabilities(k);
  }

  /// Records that `picks` (distinct eligible members, in the order they were drawn) presented:
  /// the only call that advances rotation state.
  void accept(std::span<const std::size_t> picks) {
    check_picks(picks);
    do_accept(picks);
  }

  /// What it takes to put a policy back as it was before one accept (Wheel::undo).
  class AcceptUndo {
   public:
    virtual ~AcceptUndo() = default;
    virtual std::unique_ptr<AcceptUndo> copy() const = 0;
    /// Puts `policy` back to its state before the accept that made this, bit for bit. `policy` is
    /// that accept's policy, unchanged since (or a copy of it). Call once: the contents may move.
    virtual void take_back(std::unique_ptr<Policy>& policy) = 0;
  };

  /// accept(), and what it takes to undo it. Most policies keep a copy of their whole state from
  /// before (O(N)); one whose accept changes only a few entries keeps just those (aws: O(k log N)).
  std::unique_ptr<AcceptUndo> accept_undoably(std::span<const std::size_t> picks) {
    check_picks(picks);
    return do_accept_undoably(picks);
  }

  /// An AcceptUndo that holds `before`, the whole policy as it was: what take_back hands back.
  static std::unique_ptr<AcceptUndo> keep_whole(std::unique_ptr<Policy> before) {
    return std::make_unique<WholeUndo>(std::move(before));
  }

  /// Writes everything that decides this policy's future draws and accepts: the members and the
  /// rule's own state, bit for bit (see detail/serial.hpp). Caches are not written.
  void save(detail::StateWriter& out) const {
    out.list(members_, [&](const Member& m) {
      out.f64(m.weight);
      out.boolean(m.eligible);
    });
    do_save(out);
  }

  /// Replaces this policy's state with what save() wrote from a policy of the same name and
  /// options; afterwards it draws and accepts exactly as that one would have. Throws CorruptData
  /// on malformed input, leaving the policy unusable: load into a fresh policy (Wheel does).
  void load(detail::StateReader& in) {
    auto members = in.list<Member>(16, [&] {
      Member m{in.f64(), in.boolean()};
      if (!std::isfinite(m.weight) || !(m.weight > 0)) in.fail("a member weight is " + detail::weight_text(m.weight));
      return m;
    });
    members_ = std::move(members);
    eligible_count_ = static_cast<std::size_t>(
        std::count_if(members_.begin(), members_.end(), [](const Member& m) { return m.eligible; }));
    ++members_version_;
    do_load(in);
  }

 protected:
  struct Member {
    double weight;
    bool eligible;
  };

  /// A validated draw: `required` come first, in order; `open` is how many more to pick from the
  /// open members (is_open). Both lists are short, so a draw costs nothing per member for them.
  struct Request {
    std::size_t k;
    std::vector<std::size_t> required;  // eligible, distinct
    std::vector<std::size_t> excluded;  // eligible, distinct, not required
    std::size_t open;
  };

  Policy() = default;
  Policy(const Policy&) = default;
  Policy& operator=(const Policy&) = default;

  // Hooks. The members_ list is already updated when they run, except on_remove, which runs
  // while the member is still there.
  virtual void on_add(std::size_t index) = 0;
  virtual void on_remove(std::size_t index) = 0;
  virtual void on_set_weight(std::size_t index, double old_weight) = 0;
  virtual void on_pause(std::size_t index) = 0;
  virtual void on_resume(std::size_t index) = 0;
  virtual void on_reset() = 0;
  virtual std::vector<std::size_t> do_draw(const Request& request, Rng& rng) const = 0;
  /// do_draw into `picks` (size request.k). Default: do_draw, copied; a policy that can draw
  /// without allocating overrides it (simulate's weeks draw through it).
  virtual void do_draw_into(const Request& request, Rng& rng, std::span<std::size_t> picks) const {
    const std::vector<std::size_t> drawn = do_draw(request, rng);
    std::copy(drawn.begin(), drawn.end(), picks.begin());
  }
  virtual void do_accept(std::span<const std::size_t> picks) = 0;
  /// Default: a copy of the whole state from before, then do_accept. A policy overrides it when it
  /// can record less; its AcceptUndo must restore the state exactly (save() gives equal bytes).
  virtual std::unique_ptr<AcceptUndo> do_accept_undoably(std::span<const std::size_t> picks) {
    auto undo = keep_whole(clone());
    do_accept(picks);
    return undo;
  }
  /// For a do_accept_undoably that can refill an old AcceptUndo's storage instead of allocating a
  /// new one: the AcceptUndo last handed back to this policy (detail::UndoRecycling) when it is an
  /// `Undo`, as its taker left it (empty it before refilling), else a new `Undo`. Optional: the
  /// result is the same either way.
  template <class Undo>
  std::unique_ptr<Undo> recycled_undo() {
    std::unique_ptr<AcceptUndo> spare = std::move(spare_undo_.value);
    if (dynamic_cast<Undo*>(spare.get()) == nullptr) return std::make_unique<Undo>();
    return std::unique_ptr<Undo>(static_cast<Undo*>(spare.release()));
  }
  /// The rule's own state, after the members (which the base writes and reads). do_load runs on
  /// a fresh policy whose members_ are already loaded, and checks what it reads against them.
  virtual void do_save(detail::StateWriter& out) const = 0;
  virtual void do_load(detail::StateReader& in) = 0;
  /// A week as simulate runs it: the picks of a draw, accepted. Default: do_draw_into, then
  /// do_accept; a policy that can share work between the two overrides it, with the same result.
  virtual void do_week(const Request& request, Rng& rng, std::span<std::size_t> picks) {
    do_draw_into(request, rng, picks);
    do_accept(picks);
  }

  /// Default: the share of `estimate_samples` seeded draws that include each member.
  virtual Chances do_probabilities(std::size_t k) const {
    Rng rng(derive_seed(estimate_seed, k));
    const Request request = make_request(k, {});
    Chances chances{std::vector<double>(members_.size(), 0.0), false, estimate_samples};
    for (std::size_t s = 0; s < estimate_samples; ++s)
      for (const std::size_t i : do_draw(request, rng)) chances.values[i] += 1.0;
    for (double& v : chances.values) v /= static_cast<double>(estimate_samples);
    return chances;
  }

  static constexpr std::size_t estimate_samples = 4000;
  static constexpr std::uint64_t estimate_seed = 0x6f70737768656c31ULL;  // fixed: estimates repeat

  /// The eligible weights in index order, with their indices: what a policy feeds a sampler.
  void eligible_weights(const Request& request, std::vector<double>& weights,
                        std::vector<std::size_t>& indices) const {
    weights.clear();
    indices.clear();
    for (std::size_t i = 0; i < members_.size(); ++i)
      if (is_open(request, i)) {
        weights.push_back(members_[i].weight);
        indices.push_back(i);
      }
  }

  /// Whether member i may be drawn under `request`: eligible, neither required nor excluded.
  bool is_open(const Request& request, std::size_t i) const {
    auto listed = [i](const std::vector<std::size_t>& list) {
      return std::find(list.begin(), list.end(), i) != list.end();
    };
    return members_[i].eligible && !listed(request.required) && !listed(request.excluded);
  }

  /// Validates k and the constraints against the members; throws as draw() documents.
  Request make_request(std::size_t k, const DrawConstraints& c) const {
    if (k == 0) throw InvalidArgument("k must be at least 1");
    Request r{k, c.required, {}, 0};
    for (const std::size_t i : c.excluded) {
      check_index(i);
      if (members_[i].eligible && std::find(r.excluded.begin(), r.excluded.end(), i) == r.excluded.end())
        r.excluded.push_back(i);
    }
    const std::size_t available = eligible_count_ - r.excluded.size();
    if (k > available)
      throw NotEnoughTeams("cannot pick " + std::to_string(k) + " teams: only " + std::to_string(available) +
                           " are eligible (" + std::to_string(members_.size() - eligible_count_) + " paused, " +
                           std::to_string(r.excluded.size()) + " skipped)");
    if (c.required.size() > k)
      throw InvalidArgument(std::to_string(c.required.size()) + " teams are required but only " +
                            std::to_string(k) + " picks were asked for");
    for (const std::size_t i : c.required) {
      check_index(i);
      if (!members_[i].eligible || std::find(r.excluded.begin(), r.excluded.end(), i) != r.excluded.end())
        throw InvalidArgument("member " + std::to_string(i) + " is required but is paused or skipped");
    }
    if (const auto twice = first_duplicate(c.required))
      throw InvalidArgument("member " + std::to_string(*twice) + " is required twice");
    r.open = k - c.required.size();
    return r;
  }

  std::vector<Member> members_;
  std::size_t eligible_count_ = 0;
  std::uint64_t members_version_ = 0;  // changes whenever members_ does or targets restart: a key for caches

 private:
  friend struct detail::SimulationAccess;
  friend struct detail::UndoRecycling;

  class WholeUndo final : public AcceptUndo {
   public:
    explicit WholeUndo(std::unique_ptr<Policy> before) : before_(std::move(before)) {}
    std::unique_ptr<AcceptUndo> copy() const override { return keep_whole(before_->clone()); }
    void take_back(std::unique_ptr<Policy>& policy) override { policy = std::move(before_); }

   private:
    std::unique_ptr<Policy> before_;
  };

  void check_picks(std::span<const std::size_t> picks) const {
    if (picks.empty()) throw InvalidArgument("accept needs at least one pick");
    for (const std::size_t i : picks) {
      check_index(i);
      if (!members_[i].eligible)
        throw InvalidArgument("member " + std::to_string(i) + " is paused and cannot be accepted");
    }
    if (const auto twice = first_duplicate(picks))
      throw InvalidArgument("accept lists member " + std::to_string(*twice) + " twice");
  }

  // A week's picks are few: compare pairs in place, and sort a copy only for long lists.
  static std::optional<std::size_t> first_duplicate(std::span<const std::size_t> items) {
    if (items.size() <= 32) {
      for (std::size_t a = 0; a < items.size(); ++a)
        for (std::size_t b = a + 1; b < items.size(); ++b)
          if (items[a] == items[b]) return items[a];
      return std::nullopt;
    }
    std::vector<std::size_t> sorted(items.begin(), items.end());
    std::sort(sorted.begin(), sorted.end());
    const auto it = std::adjacent_find(sorted.begin(), sorted.end());
    if (it == sorted.end()) return std::nullopt;
    return *it;
  }

  void check_index(std::size_t index) const {
    if (index >= members_.size())
      throw InvalidArgument("member index " + std::to_string(index) + " is out of range (size " +
                            std::to_string(members_.size()) + ")");
  }

  // An AcceptUndo its taker is done with, kept for recycled_undo: storage, not state (a copy of
  // the policy starts without one).
  detail::scratch<std::unique_ptr<AcceptUndo>> spare_undo_;
};

namespace detail {
/// Allocation reuse for Policy::accept_undoably, kept off the policy's API. A caller that holds
/// one undo at a time (Wheel keeps the last accept's) hands back the one it will never take back
/// when a newer replaces it; the policy's next accept_undoably may refill that one's storage
/// (Policy::recycled_undo), so accepting week after week allocates nothing for undo. An AcceptUndo
/// that was taken back may be handed back too.
struct UndoRecycling {
  static void hand_back(Policy& policy, std::unique_ptr<Policy::AcceptUndo> done) noexcept {
    policy.spare_undo_.value = std::move(done);
  }
};
}  // namespace detail

/// The names make_policy accepts.
inline constexpr std::array<std::string_view, 5> policy_names = {"aws", "lottery", "shuffle_bag", "rotation", "quota"};

/// A new, empty policy by name (the built-in policies are compiled into the library; include
/// policies.hpp for their classes). Throws InvalidArgument listing the known names, or naming an
/// option that is out of range.
OPSWHEEL_CXX_API std::unique_ptr<Policy> make_policy(std::string_view name, const PolicyOptions& options = {});

OPSWHEEL_END_NAMESPACE

// In header-only mode the factory needs every policy class complete, so a policy header, which
// includes this one before its class exists, says so and includes the factory at its own end.
#if defined(OPSWHEEL_HEADER_ONLY) && !defined(OPSWHEEL_DETAIL_IN_POLICY_HEADER)
#  include "impl/policy_factory-inl.hpp"
#endif
