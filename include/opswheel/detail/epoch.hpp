// SPDX-License-Identifier: Apache-2.0
//
// EpochClock: where the fair-share policies (rotation, quota) count from.
//
// An epoch is a run of weeks with the same eligible teams, weights and k. Within it team i's
// target after t weeks is π_i·t exactly (shares from detail/shares.hpp) and x_i(t) counts its
// turns. Any roster change, or a week with another k, starts a new epoch: every team's target is
// re-anchored at the turns it has, x_i(t0) + π'_i·(t − t0), so a change never leaves anyone owing
// or owed turns it cannot get. The clock also remembers, across epochs, the week of each team's
// last turn, which the policies use to keep a rotation going through a change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "../version.hpp"
#include "serial.hpp"
#include "shares.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

struct Epoch {
  std::size_t k = 0;                 // picks a week; 0 before the first week of an epoch
  std::uint64_t week = 0;            // weeks done in this epoch
  std::vector<std::uint64_t> units;  // π_i·scale by member index; 0 for paused members
  std::uint64_t scale = 1;
  std::vector<std::uint64_t> turns;  // x_i within the epoch
};

class EpochClock {
 public:
  void add_member() {
    last_turn_.push_back(weeks_);  // a newcomer has waited since it joined
    restart();
  }
  void remove_member(std::size_t index) {
    last_turn_.erase(last_turn_.begin() + static_cast<std::ptrdiff_t>(index));
    restart();
  }
  void restart() { epoch_ = Epoch{}; }

  /// The epoch a week of k picks belongs to: the current one, or else the one it would start.
  /// `members` is a range of {weight, eligible}. The reference is valid until the next call.
  template <class Members>
  const Epoch& epoch_for(std::size_t k, const Members& members) const {
    if (epoch_.k == k) return epoch_;
    scratch_ = fresh(k, members);
    return scratch_;
  }

  /// Records a week's picks, starting a new epoch first when k changed.
  template <class Members>
  void accept(std::span<const std::size_t> picks, const Members& members) {
    if (epoch_.k != picks.size()) epoch_ = fresh(picks.size(), members);
    ++weeks_;
    for (const std::size_t i : picks) {
      ++epoch_.turns[i];
      last_turn_[i] = weeks_;
    }
    ++epoch_.week;
  }

  const Epoch& current() const noexcept { return epoch_; }
  /// Weeks accepted since the clock was made, across epochs.
  std::uint64_t weeks() const noexcept { return weeks_; }
  /// The week (1-based) of member i's last turn, or the weeks done when it joined.
  std::uint64_t last_turn(std::size_t index) const { return last_turn_[index]; }

  void save(StateWriter& out) const {
    out.size(epoch_.k);
    out.u64(epoch_.week);
    out.u64s(epoch_.units);
    out.u64(epoch_.scale);
    out.u64s(epoch_.turns);
    out.u64(weeks_);
    out.u64s(last_turn_);
  }
  /// Reads what save() wrote, for a clock over `members` members.
  void load(StateReader& in, std::size_t members) {
    Epoch e;
    e.k = in.size(0);
    e.week = in.u64();
    e.units = in.u64s();
    e.scale = in.u64();
    e.turns = in.u64s();
    const bool started = e.k > 0;
    if (e.scale == 0 || (started ? e.units.size() != members || e.turns.size() != members
                                 : !e.units.empty() || !e.turns.empty() || e.week != 0))
      in.fail("an epoch that does not fit " + std::to_string(members) + " members");
    weeks_ = in.u64();
    last_turn_ = in.u64s();
    if (last_turn_.size() != members) in.fail("last turns for " + std::to_string(last_turn_.size()) + " members");
    epoch_ = std::move(e);
  }

 private:
  template <class Members>
  static Epoch fresh(std::size_t k, const Members& members) {
    Epoch e;
    e.k = k;
    e.units.assign(members.size(), 0);
    e.turns.assign(members.size(), 0);
    std::vector<double> weights;
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < members.size(); ++i)
      if (members[i].eligible) {
        weights.push_back(members[i].weight);
        indices.push_back(i);
      }
    const Shares shares = exact_shares(weights, k);
    for (std::size_t j = 0; j < indices.size(); ++j) e.units[indices[j]] = shares.units[j];
    e.scale = shares.scale;
    return e;
  }

  Epoch epoch_;
  mutable Epoch scratch_;  // the epoch a draw with another k would start
  std::uint64_t weeks_ = 0;
  std::vector<std::uint64_t> last_turn_;
};

/// ⌊a / b⌋ and ⌈a / b⌉ for b > 0, rounding toward −∞ and +∞ (C++ division truncates).
inline int128 floor_div(int128 a, int128 b) { return a / b - ((a % b != 0) && (a < 0)); }
inline int128 ceil_div(int128 a, int128 b) { return -floor_div(-a, b); }

}  // namespace detail
OPSWHEEL_END_NAMESPACE
