// SPDX-License-Identifier: Apache-2.0
//
// Wheel: what a user holds — the roster, a policy, a seeded random source and the meetings so far.
//
// The weekly flow: suggest(k) spins the wheel (the AWS "spin": it changes no rotation state);
// skip() swaps out a team that cannot attend; accept() records who presented (the AWS "proceed":
// the only call that advances the rotation). pin() makes a team present at the next meeting, and
// the pin shows in the suggestion and the meeting record: nothing is rigged out of sight.
//
// Every mutating call validates everything first and leaves the wheel unchanged when it throws.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "date.hpp"
#include "detail/room.hpp"
#include "detail/shares.hpp"
#include "errors.hpp"
#include "fairness.hpp"
#include "participant.hpp"
#include "policies.hpp"
#include "policy.hpp"
#include "rng.hpp"
#include "roster.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// A team made to present, and why.
struct Pin {
  std::string id;
  std::string reason;
  bool operator==(const Pin&) const = default;
};

/// A picked team that could not attend, why, and who was drawn in its place.
struct Skip {
  std::string id;
  std::string reason;
  std::string replacement;
  bool operator==(const Skip&) const = default;
};

/// The result of a spin: who should present. Accepting it is what moves the rotation on.
struct Suggestion {
  std::vector<std::string> picks;  ///< in draw order, pinned teams first
  std::vector<Pin> pinned;         ///< the pins this suggestion honours
  std::vector<Skip> skipped;       ///< teams swapped out by Wheel::skip, in order
  std::uint64_t seed = 0;          ///< the Rng seed of the last draw: derive_seed(wheel seed, spin)
  std::uint64_t spin = 0;          ///< the wheel's spin number that seed came from
  std::uint64_t version = 0;       ///< the wheel state it was drawn from (see Wheel::version)
  bool operator==(const Suggestion&) const = default;
};

/// One accepted meeting.
struct Meeting {
  std::size_t number = 0;            ///< 1 for the first meeting of this wheel
  std::optional<Date> date;          ///< when given to accept()
  std::vector<std::string> picks;    ///< who presented, in order
  std::vector<Pin> pinned;           ///< pins honoured at this meeting
  std::vector<Skip> skipped;         ///< teams skipped on the way
  std::optional<std::uint64_t> seed; ///< the suggestion's seed; nullopt for explicit picks
  bool operator==(const Meeting&) const = default;
};

/// Per-team figures over the meetings so far. Gaps count the meetings the team was eligible for
/// (pauses do not count against it): a turn at meetings 3 and 7 is a gap of 4, and the wait before
/// the first turn and the one still open count too.
struct TeamStats {
  std::string id;
  std::size_t turns = 0;
  std::optional<std::size_t> last_meeting;  ///< number of the last meeting it presented at
  std::optional<Date> last_date;            ///< that meeting's date, if it had one
  std::size_t current_gap = 0;              ///< eligible meetings since its last turn (or since it joined)
  std::size_t longest_gap = 0;              ///< the longest gap so far, the current one included
  double expected = 0;                      ///< its fair share: Σ π_i over the meetings it was eligible for
  double deviation = 0;                     ///< turns − expected
  bool operator==(const TeamStats&) const = default;
};

class Wheel {
 public:
  /// A wheel drawing with `policy` (see policies.hpp for the names and PolicyOptions for the
  /// settings, such as quota's slack) from `seed`.
  explicit Wheel(std::string_view policy, std::uint64_t seed = 0, const PolicyOptions& options = {})
      : Wheel(make_policy(policy, options), seed) {}
  explicit Wheel(std::unique_ptr<Policy> policy, std::uint64_t seed = 0) : policy_(std::move(policy)), seed_(seed) {
    if (!policy_) throw InvalidArgument("a wheel needs a policy");
    if (policy_->size() != 0) throw InvalidArgument("a wheel needs a policy with no members yet");
  }
  Wheel(const Wheel& other)
      : roster_(other.roster_), policy_(other.policy_->clone()), seed_(other.seed_), spin_(other.spin_),
        version_(other.version_), pins_(other.pins_), tracks_(other.tracks_), history_(other.history_) {}
  Wheel& operator=(const Wheel& other) {
    if (this != &other) *this = Wheel(other);
    return *this;
  }
  /// A moved-from wheel may only be assigned to or destroyed.
  Wheel(Wheel&&) noexcept = default;
  Wheel& operator=(Wheel&&) noexcept = default;

  const Roster& roster() const noexcept { return roster_; }
  const Policy& policy() const noexcept { return *policy_; }
  std::uint64_t seed() const noexcept { return seed_; }
  /// Spins so far (suggest and skip each take one); the next spin draws from derive_seed(seed, spins).
  std::uint64_t spins() const noexcept { return spin_; }
  /// Goes up with every change of state; a suggestion is accepted only at the version it was drawn.
  std::uint64_t version() const noexcept { return version_; }
  const std::vector<Meeting>& history() const noexcept { return history_; }
  const std::vector<Pin>& pins() const noexcept { return pins_; }

  // ---- roster ----

  /// Adds a team (validated: id, weight, url; a duplicate id throws DuplicateId). A participant
  /// given with `paused` set joins paused.
  void add(Participant participant) {
    validate(participant);
    if (roster_.contains(participant.id)) throw DuplicateId(participant.id);
    if (participant.paused_until) validate_date(*participant.paused_until);
    const bool paused = participant.paused;
    detail::make_room(tracks_);
    const std::size_t index = roster_.add(std::move(participant));
    try {
      policy_->add(roster_[index].weight);
      if (paused) policy_->pause(index);
    } catch (...) {
      if (policy_->size() > index) policy_->remove(index);
      roster_.remove(index);
      throw;
    }
    tracks_.emplace_back();
    touch();
  }

  /// Shorthand for a participant with just an id and a weight. (A template so that
  /// `add({.id = "x", .weight = 2})` still picks the Participant overload unambiguously.)
  template <class Id>
    requires std::convertible_to<const Id&, std::string_view>
  void add(const Id& id, double weight = 1.0) {
    Participant p;
    p.id = std::string(std::string_view(id));
    p.weight = weight;
    add(std::move(p));
  }

  /// Removes a team and its statistics; its past meetings stay in the history.
  void remove(std::string_view id) {
    const std::size_t index = roster_.index_of(id);
    policy_->remove(index);
    std::erase_if(pins_, [&](const Pin& p) { return p.id == id; });
    tracks_.erase(tracks_.begin() + static_cast<std::ptrdiff_t>(index));
    roster_.remove(index);
    touch();
  }

  /// Pauses a team (not eligible until resumed). `until` records when it is due back; see
  /// resume_due. Pausing a paused team only updates `until`.
  void pause(std::string_view id, std::optional<Date> until = std::nullopt) {
    const std::size_t index = roster_.index_of(id);
    if (until) validate_date(*until);
    if (std::any_of(pins_.begin(), pins_.end(), [&](const Pin& p) { return p.id == id; }))
      throw InvalidArgument("'" + std::string(id) + "' is pinned; unpin it before pausing it");
    policy_->pause(index);
    auto& p = roster_.mutable_at(index);
    p.paused = true;
    p.paused_until = until;
    touch();
  }

  /// Makes a paused team eligible again, with no penalty for the time away. Resuming a team that
  /// is not paused changes nothing.
  void resume(std::string_view id) {
    const std::size_t index = roster_.index_of(id);
    if (!roster_[index].paused) return;
    policy_->resume(index);
    auto& p = roster_.mutable_at(index);
    p.paused = false;
    p.paused_until.reset();
    touch();
  }

  /// Resumes every team whose `paused_until` is on or before `date`; returns their ids. Call it
  /// when a meeting starts.
  std::vector<std::string> resume_due(Date date) {
    validate_date(date);
    std::vector<std::string> due;
    for (const auto& p : roster_)
      if (p.paused && p.paused_until && *p.paused_until <= date) due.push_back(p.id);
    for (const auto& id : due) resume(id);
    return due;
  }

  /// Changes a team's weight (its share of turns). How the rotation adapts is the policy's rule.
  void set_weight(std::string_view id, double weight) {
    const std::size_t index = roster_.index_of(id);
    validate_weight(weight, id);
    policy_->set_weight(index, weight);
    roster_.mutable_at(index).weight = weight;
    touch();
  }

  /// Forgets the rotation state (the AWS "reset"); the history and statistics stay.
  void reset() {
    policy_->reset();
    touch();
  }

  // ---- the meeting ----

  /// Makes `id` present at the next accepted meeting (it leads every suggestion until then).
  void pin(std::string_view id, std::string reason) {
    const std::size_t index = roster_.index_of(id);
    if (!policy_->eligible(index)) throw InvalidArgument("'" + std::string(id) + "' is paused and cannot be pinned");
    if (std::any_of(pins_.begin(), pins_.end(), [&](const Pin& p) { return p.id == id; }))
      throw InvalidArgument("'" + std::string(id) + "' is already pinned");
    pins_.push_back({std::string(id), std::move(reason)});
    touch();
  }

  /// Withdraws a pin; throws InvalidArgument when `id` is not pinned.
  void unpin(std::string_view id) {
    roster_.index_of(id);
    if (std::erase_if(pins_, [&](const Pin& p) { return p.id == id; }) == 0)
      throw InvalidArgument("'" + std::string(id) + "' is not pinned");
    touch();
  }

  /// Spins the wheel: k distinct eligible teams, pinned teams first. Changes no rotation state;
  /// only the spin counter moves, so the next spin draws afresh. Throws InvalidArgument (k = 0,
  /// more pins than k) or NotEnoughTeams.
  Suggestion suggest(std::size_t k) {
    if (pins_.size() > k)
      throw InvalidArgument(std::to_string(pins_.size()) + " teams are pinned but only " + std::to_string(k) +
                            " picks were asked for; unpin some or ask for more");
    DrawConstraints constraints;
    for (const auto& p : pins_) constraints.required.push_back(roster_.index_of(p.id));
    Suggestion s;
    s.pinned = pins_;
    s.picks = draw(k, constraints, s);
    return s;
  }

  /// Replaces `id`, a team in `suggestion` that cannot attend, by a newly drawn one and records
  /// the skip. The other picks stay; earlier skipped teams stay out. A skipped pinned team keeps
  /// its pin for the next meeting. Throws StaleSuggestion,
  /// InvalidArgument (id not among the picks) or NotEnoughTeams (nobody left to draw).
  Suggestion skip(const Suggestion& suggestion, std::string_view id, std::string reason) {
    check_current(suggestion);
    const auto it = std::find(suggestion.picks.begin(), suggestion.picks.end(), id);
    if (it == suggestion.picks.end())
      throw InvalidArgument("cannot skip '" + std::string(id) + "': it is not among the suggestion's picks");
    DrawConstraints constraints;
    for (const auto& pick : suggestion.picks)
      if (pick != id) constraints.required.push_back(roster_.index_of(pick));
    for (const auto& s : suggestion.skipped) constraints.excluded.push_back(roster_.index_of(s.id));
    constraints.excluded.push_back(roster_.index_of(id));
    Suggestion next = suggestion;
    auto picks = draw(suggestion.picks.size(), constraints, next);
    // The replacement takes the skipped team's place, so the order of the others is kept.
    const std::string replacement = picks.back();
    next.picks[static_cast<std::size_t>(it - suggestion.picks.begin())] = replacement;
    std::erase_if(next.pinned, [&](const Pin& p) { return p.id == id; });
    next.skipped.push_back({std::string(id), std::move(reason), replacement});
    return next;
  }

  /// Records `suggestion` as presented at the next meeting (optionally dated). Throws
  /// StaleSuggestion when the wheel changed since the suggestion was drawn. Returns the record.
  Meeting accept(const Suggestion& suggestion, std::optional<Date> date = std::nullopt) {
    check_current(suggestion);
    Meeting m;
    m.picks = suggestion.picks;
    m.pinned = suggestion.pinned;
    m.skipped = suggestion.skipped;
    m.seed = suggestion.seed;
    return record(std::move(m), date);
  }

  /// Records explicit picks (who really presented), for meetings run without a spin. Pinned teams
  /// among them count as their pins honoured.
  Meeting accept(const std::vector<std::string>& ids, std::optional<Date> date = std::nullopt) {
    Meeting m;
    m.picks.assign(ids.begin(), ids.end());
    for (const auto& p : pins_)
      if (std::find(ids.begin(), ids.end(), p.id) != ids.end()) m.pinned.push_back(p);
    return record(std::move(m), date);
  }

  /// Each team's chance of being among the next k picks, by roster index; see Policy::probabilities
  /// for which policies give exact values. Pins are not taken into account.
  Chances probabilities(std::size_t k) const { return policy_->probabilities(k); }

  /// Statistics per team, in roster order.
  std::vector<TeamStats> stats() const {
    std::vector<TeamStats> out;
    out.reserve(roster_.size());
    for (std::size_t i = 0; i < roster_.size(); ++i) {
      const Track& t = tracks_[i];
      TeamStats s;
      s.id = roster_[i].id;
      s.turns = t.turns;
      s.last_meeting = t.last_meeting;
      if (t.last_meeting) s.last_date = history_[*t.last_meeting - 1].date;
      s.current_gap = static_cast<std::size_t>(t.gaps.open_gap(t.eligible_meetings));
      s.longest_gap = static_cast<std::size_t>(t.gaps.longest_gap(t.eligible_meetings));
      s.expected = t.expected;
      s.deviation = static_cast<double>(t.turns) - t.expected;
      out.push_back(std::move(s));
    }
    return out;
  }

 private:
  struct Track {
    std::size_t turns = 0;
    std::optional<std::size_t> last_meeting;
    std::uint64_t eligible_meetings = 0;  // the team's own clock: pauses do not count
    GapTracker gaps;                      // on that clock (fairness.hpp defines gaps once)
    double expected = 0;
  };

  void touch() noexcept { ++version_; }

  void check_current(const Suggestion& s) const {
    if (s.version != version_)
      throw StaleSuggestion("stale suggestion: it was drawn at wheel version " + std::to_string(s.version) +
                            " but the wheel is at version " + std::to_string(version_) + "; suggest again");
  }

  // One spin: draws with the next spin's seed and stamps `s` with it.
  std::vector<std::string> draw(std::size_t k, const DrawConstraints& constraints, Suggestion& s) {
    const std::uint64_t seed = derive_seed(seed_, spin_);
    Rng rng(seed);
    const auto picks = policy_->draw(k, rng, constraints);
    s.seed = seed;
    s.spin = spin_++;
    s.version = version_;
    std::vector<std::string> ids;
    ids.reserve(picks.size());
    for (const std::size_t i : picks) ids.push_back(roster_[i].id);
    return ids;
  }

  Meeting record(Meeting m, std::optional<Date> date) {
    if (m.picks.empty()) throw InvalidArgument("a meeting needs at least one team presenting");
    std::vector<std::size_t> picks;
    for (const auto& id : m.picks) {
      const std::size_t index = roster_.index_of(id);
      if (!policy_->eligible(index))
        throw InvalidArgument("'" + id + "' is paused; resume it before recording it as presenting");
      if (std::find(picks.begin(), picks.end(), index) != picks.end())
        throw InvalidArgument("'" + id + "' is listed twice");
      picks.push_back(index);
    }
    if (date) {
      validate_date(*date);
      for (auto it = history_.rbegin(); it != history_.rend(); ++it)
        if (it->date) {
          if (*date < *it->date)
            throw InvalidArgument("meeting date " + format_date(*date) + " is before the last meeting's (" +
                                  format_date(*it->date) + ")");
          break;
        }
    }
    // Everything is valid: compute the fair shares before anything changes.
    const auto shares = meeting_shares(picks.size());
    detail::make_room(history_);
    policy_->accept(picks);
    m.number = history_.size() + 1;
    m.date = date;
    for (std::size_t i = 0; i < tracks_.size(); ++i) {
      if (!policy_->eligible(i)) continue;
      Track& t = tracks_[i];
      ++t.eligible_meetings;
      t.expected += shares[i];
    }
    for (const std::size_t i : picks) {
      Track& t = tracks_[i];
      ++t.turns;
      t.gaps.turn(t.eligible_meetings);
      t.last_meeting = m.number;
    }
    std::erase_if(pins_, [&](const Pin& p) {
      return std::find(m.picks.begin(), m.picks.end(), p.id) != m.picks.end();
    });
    history_.push_back(std::move(m));
    touch();
    return history_.back();
  }

  // π_i for a meeting of k picks, by roster index (0 for paused teams).
  std::vector<double> meeting_shares(std::size_t k) const {
    std::vector<double> weights;
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < roster_.size(); ++i)
      if (policy_->eligible(i)) {
        weights.push_back(roster_[i].weight);
        indices.push_back(i);
      }
    std::vector<double> shares(roster_.size(), 0.0);
    const auto p = detail::inclusion_probabilities(weights, k);
    for (std::size_t j = 0; j < indices.size(); ++j) shares[indices[j]] = p[j];
    return shares;
  }

  Roster roster_;
  std::unique_ptr<Policy> policy_;
  std::uint64_t seed_ = 0;
  std::uint64_t spin_ = 0;
  std::uint64_t version_ = 0;
  std::vector<Pin> pins_;
  std::vector<Track> tracks_;  // by roster index
  std::vector<Meeting> history_;
};

OPSWHEEL_END_NAMESPACE
