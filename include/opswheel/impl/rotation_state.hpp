// SPDX-License-Identifier: Apache-2.0
//
// detail::RotationState: who presents — the roster, the policy, the random stream, pins, spins
// and skips, the meetings so far with each team's statistics, and the undo point of the last
// accept — and the rules that change it. Not API: one of the parts that detail::WheelCore
// (wheel_core.hpp) puts together behind the Wheel facade; wheel.hpp documents each operation.
//
// Every operation validates everything first, then reserves room in the event log, changes the
// state, and logs its event last (log_change), so that it either throws with nothing changed or
// completes. Copies are by members (a defaulted copy constructor): the policy and the undo
// point's policy part sit in detail::clone_ptr, the reusable undo storage in detail::scratch.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "../date.hpp"
#include "../detail/clone_ptr.hpp"
#include "../detail/room.hpp"
#include "../detail/shares.hpp"
#include "../detail/text.hpp"
#include "../errors.hpp"
#include "../events.hpp"
#include "../fairness.hpp"
#include "../participant.hpp"
#include "../policy.hpp"
#include "../rng.hpp"
#include "../roster.hpp"
#include "../version.hpp"
#include "../wheel.hpp"
#include "event_log.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

class SnapshotCodec;  // snapshot_codec.hpp: writes and reads every member

class RotationState {
 public:
  RotationState(std::string_view policy, std::uint64_t seed, const PolicyOptions& options)
      : policy_(make_policy(policy, options)), options_(options), seed_(seed), stream_(seed) {}

  const Roster& roster() const noexcept { return roster_; }
  const Policy& policy() const noexcept { return *policy_; }
  const PolicyOptions& options() const noexcept { return options_; }
  std::uint64_t seed() const noexcept { return seed_; }
  std::uint64_t stream_position() const noexcept { return stream_.position(); }
  std::uint64_t spins() const noexcept { return spin_; }
  std::uint64_t version() const noexcept { return version_; }
  const std::vector<Meeting>& history() const noexcept { return history_; }
  const std::vector<Pin>& pins() const noexcept { return pins_; }
  std::optional<Suggestion> last_suggestion() const {
    if (last_suggestion_ && last_suggestion_->version == version_) return last_suggestion_;
    return std::nullopt;
  }

  // ---- roster ----

  void add(Participant participant, EventLog& log) {
    validate(participant);
    if (roster_.contains(participant.id)) throw DuplicateId(participant.id);
    if (participant.paused_until) validate_date(*participant.paused_until);
    if (participant.paused_until && !participant.paused)
      throw InvalidArgument("'" + printable(participant.id) + "' has a pause end date but is not paused");
    events::Added event{participant};
    log.reserve();
    const bool paused = participant.paused;
    make_room(tracks_);
    close_epoch();
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
    log_change(log, std::move(event));
  }

  void update(Participant participant, EventLog& log) {
    const std::size_t index = roster_.index_of(participant.id);
    validate(participant);
    const Participant& now = roster_[index];
    if (participant.weight != now.weight || participant.paused != now.paused ||
        participant.paused_until != now.paused_until)
      throw InvalidArgument("update changes only the name, url, tags and sub-wheel of '" + printable(participant.id) +
                            "'; use set_weight, pause or resume for the rest");
    if (participant == now) return;
    events::Updated event{participant};
    log.reserve();
    roster_.mutable_at(index) = std::move(participant);
    log_change(log, std::move(event));
  }

  void remove(std::string_view id, EventLog& log) {
    const std::size_t index = roster_.index_of(id);
    events::Removed event{std::string(id)};
    log.reserve();
    close_epoch();
    policy_->remove(index);
    std::erase_if(pins_, [&](const Pin& p) { return p.id == id; });
    tracks_.erase(tracks_.begin() + static_cast<std::ptrdiff_t>(index));
    roster_.remove(index);
    log_change(log, std::move(event));
  }

  void pause(std::string_view id, std::optional<Date> until, EventLog& log) {
    const std::size_t index = roster_.index_of(id);
    if (until) validate_date(*until);
    if (std::any_of(pins_.begin(), pins_.end(), [&](const Pin& p) { return p.id == id; }))
      throw InvalidArgument("'" + std::string(id) + "' is pinned; unpin it before pausing it");
    events::Paused event{std::string(id), until};
    log.reserve();
    close_epoch();
    policy_->pause(index);
    auto& p = roster_.mutable_at(index);
    p.paused = true;
    p.paused_until = until;
    log_change(log, std::move(event));
  }

  void resume(std::string_view id, EventLog& log) {
    const std::size_t index = roster_.index_of(id);
    if (!roster_[index].paused) return;
    events::Resumed event{std::string(id)};
    log.reserve();
    close_epoch();
    policy_->resume(index);
    auto& p = roster_.mutable_at(index);
    p.paused = false;
    p.paused_until.reset();
    log_change(log, std::move(event));
  }

  std::vector<std::string> resume_due(Date date, EventLog& log) {
    validate_date(date);
    std::vector<std::string> due;
    for (const auto& p : roster_)
      if (p.paused && p.paused_until && *p.paused_until <= date) due.push_back(p.id);
    for (const auto& id : due) resume(id, log);
    return due;
  }

  void set_weight(std::string_view id, double weight, EventLog& log) {
    const std::size_t index = roster_.index_of(id);
    validate_weight(weight, id);
    if (weight == roster_[index].weight) return;
    events::WeightSet event{std::string(id), weight};
    log.reserve();
    close_epoch();
    policy_->set_weight(index, weight);
    roster_.mutable_at(index).weight = weight;
    log_change(log, std::move(event));
  }

  void reset(EventLog& log) {
    log.reserve();
    policy_->reset();
    log_change(log, events::Reset{});
  }

  // ---- the meeting ----

  void pin(std::string_view id, std::string reason, EventLog& log) {
    const std::size_t index = roster_.index_of(id);
    if (!policy_->eligible(index)) throw InvalidArgument("'" + std::string(id) + "' is paused and cannot be pinned");
    if (std::any_of(pins_.begin(), pins_.end(), [&](const Pin& p) { return p.id == id; }))
      throw InvalidArgument("'" + std::string(id) + "' is already pinned");
    validate_text("reason", reason, TextKind::line);
    events::Pinned event{std::string(id), reason};
    log.reserve();
    make_room(pins_);
    pins_.push_back({std::string(id), std::move(reason), log.current_actor()});
    log_change(log, std::move(event));
  }

  void unpin(std::string_view id, EventLog& log) {
    roster_.index_of(id);
    if (std::none_of(pins_.begin(), pins_.end(), [&](const Pin& p) { return p.id == id; }))
      throw InvalidArgument("'" + std::string(id) + "' is not pinned");
    events::Unpinned event{std::string(id)};
    log.reserve();
    std::erase_if(pins_, [&](const Pin& p) { return p.id == id; });
    log_change(log, std::move(event));
  }

  Suggestion suggest(std::size_t k, EventLog& log) {
    if (pins_.size() > k)
      throw InvalidArgument(std::to_string(pins_.size()) + " teams are pinned but only " + std::to_string(k) +
                            " picks were asked for; unpin some or ask for more");
    DrawConstraints constraints;
    for (const auto& p : pins_) constraints.required.push_back(roster_.index_of(p.id));
    return spin([&] {
      Suggestion s;
      s.pinned = pins_;
      s.picks = draw(k, constraints, s);
      log.reserve();
      events::Suggested event{s};
      std::optional<Suggestion> last = s;
      ++spin_;
      last_suggestion_.swap(last);
      log_change(log, std::move(event));
      return s;
    });
  }

  Suggestion skip(const Suggestion& suggestion, std::string_view id, std::string reason, EventLog& log) {
    check_current(suggestion);
    const auto it = std::find(suggestion.picks.begin(), suggestion.picks.end(), id);
    if (it == suggestion.picks.end())
      throw InvalidArgument("cannot skip '" + std::string(id) + "': it is not among the suggestion's picks");
    validate_text("reason", reason, TextKind::line);
    DrawConstraints constraints;
    for (const auto& pick : suggestion.picks)
      if (pick != id) constraints.required.push_back(roster_.index_of(pick));
    for (const auto& s : suggestion.skipped) constraints.excluded.push_back(roster_.index_of(s.id));
    constraints.excluded.push_back(roster_.index_of(id));
    return spin([&] {
      Suggestion next = suggestion;
      auto picks = draw(suggestion.picks.size(), constraints, next);
      // The replacement takes the skipped team's place, so the order of the others is kept.
      const std::string replacement = picks.back();
      next.picks[static_cast<std::size_t>(it - suggestion.picks.begin())] = replacement;
      std::erase_if(next.pinned, [&](const Pin& p) { return p.id == id; });
      next.skipped.push_back({std::string(id), std::move(reason), replacement, log.current_actor()});
      events::Skipped event{suggestion, next};
      std::optional<Suggestion> last = next;
      log.reserve();
      ++spin_;
      last_suggestion_.swap(last);
      log_change(log, std::move(event));
      return next;
    });
  }

  const Meeting& accept(const Suggestion& suggestion, std::optional<Date> date, EventLog& log) {
    check_current(suggestion);
    Meeting m;
    m.picks = suggestion.picks;
    m.pinned = suggestion.pinned;
    m.skipped = suggestion.skipped;
    m.position = suggestion.position;
    return record_meeting(std::move(m), date, true, log);
  }

  /// The replay of an accepted suggestion. The log keeps the meeting it made, not the suggestion
  /// with the version it was drawn at: accept(suggestion) without the staleness check (the replay
  /// compares the outcome with the log instead).
  const Meeting& accept_recorded(const Meeting& meeting, EventLog& log) {
    Meeting redo;
    redo.picks = meeting.picks;
    redo.pinned = meeting.pinned;
    redo.skipped = meeting.skipped;
    redo.position = meeting.position;
    return record_meeting(std::move(redo), meeting.date, true, log);
  }

  const Meeting& accept(std::vector<std::string> ids, std::optional<Date> date, EventLog& log) {
    Meeting m;
    m.picks = std::move(ids);
    for (const auto& p : pins_)
      if (std::find(m.picks.begin(), m.picks.end(), p.id) != m.picks.end()) m.pinned.push_back(p);
    return record_meeting(std::move(m), date, false, log);
  }

  void delegate(std::string_view id, std::vector<std::string> picks, EventLog& log) {
    if (history_.empty()) throw InvalidArgument("no meeting has been accepted yet");
    const Meeting& last = history_.back();
    const std::string name(id);
    const Participant& p = roster_.at(id);
    if (std::find(last.picks.begin(), last.picks.end(), id) == last.picks.end())
      throw InvalidArgument("'" + printable(id) + "' did not present at the last meeting");
    if (p.subwheel.empty()) throw InvalidArgument("'" + printable(id) + "' does not stand for another wheel");
    if (std::any_of(last.delegated.begin(), last.delegated.end(), [&](const Delegation& d) { return d.id == id; }))
      throw InvalidArgument("who presented for '" + printable(id) + "' is already recorded");
    if (picks.empty()) throw InvalidArgument("a delegation needs at least one team");
    for (std::size_t i = 0; i < picks.size(); ++i) {
      validate_id(picks[i]);
      if (std::find(picks.begin(), picks.begin() + static_cast<std::ptrdiff_t>(i), picks[i]) != picks.begin() + static_cast<std::ptrdiff_t>(i))
        throw InvalidArgument("'" + printable(picks[i]) + "' is listed twice");
    }
    Delegation d{name, p.subwheel, std::move(picks)};
    events::Delegated event{last.number, d};
    log.reserve();
    make_room(history_.back().delegated);
    history_.back().delegated.push_back(std::move(d));
    log_change(log, std::move(event));
  }

  bool can_undo() const noexcept { return undo_.has_value(); }

  Meeting undo(std::string reason, EventLog& log) {
    if (!undo_) {
      if (history_.empty()) throw InvalidArgument("there is no accepted meeting to undo");
      const std::string rule = "only the last accepted meeting can be undone, and only while nothing but spins, "
                               "action items and the calendar changed since it was accepted";
      if (const Event* blocker = log.undo_blocker())
        throw InvalidArgument("meeting " + std::to_string(history_.back().number) + " can no longer be undone: " +
                              describe(*blocker) + " came after it, and " + rule);
      throw InvalidArgument("meeting " + std::to_string(history_.back().number) + " can no longer be undone: " + rule +
                            ", and something else changed since");
    }
    validate_text("reason", reason, TextKind::line);
    events::Undone event{history_.back().number, std::move(reason)};
    log.reserve();
    Meeting undone = std::move(history_.back());
    history_.pop_back();
    undo_->policy->take_back(policy_.owner());
    if (undo_->whole) {
      tracks_ = std::move(undo_->tracks);
    } else {
      for (std::size_t j = 0; j < undo_->touched.size(); ++j) tracks_[undo_->touched[j]] = std::move(undo_->tracks[j]);
    }
    std::vector<double> shares = std::move(epoch_.shares);
    epoch_ = std::move(undo_->epoch);
    if (epoch_.open() && epoch_.shares.empty()) epoch_.shares = std::move(shares);  // the accept's own epoch
    pins_ = std::move(undo_->pins);
    undo_.reset();
    log_change(log, std::move(event));
    return undone;
  }

  Chances probabilities(std::size_t k) const { return policy_->probabilities(k); }

  std::vector<TeamStats> stats() const {
    std::vector<TeamStats> out;
    out.reserve(roster_.size());
    for (std::size_t i = 0; i < roster_.size(); ++i) {
      const Track t = track_now(i);
      TeamStats s;
      s.id = roster_[i].id;
      s.turns = t.turns;
      s.last_meeting = t.last_meeting;
      if (t.last_meeting) s.last_date = history_[*t.last_meeting - 1].date;
      s.current_gap = static_cast<std::size_t>(t.gaps.open_gap(t.eligible_meetings));
      s.longest_gap = static_cast<std::size_t>(t.gaps.longest_gap(t.eligible_meetings));
      s.expected = t.expected;
      s.deviation = static_cast<double>(t.turns) - t.expected;
      s.debt = policy_->debt(i);
      out.push_back(std::move(s));
    }
    return out;
  }

  /// Logs `payload`, a change of this state just made (after log.reserve()). A spin changes no
  /// state: it keeps the version (the suggestion stays current) and what undo() could take back.
  /// Any other change moves the version on, and all but an accept end what undo() could take back
  /// (ends_undo). Replay calls it for a change that made no difference in an old log.
  void log_change(EventLog& log, EventPayload payload) {
    if (!is_spin(payload)) ++version_;
    if (ends_undo(payload)) undo_.reset();
    log.append(log.next(std::move(payload)));
  }

 private:
  friend class SnapshotCodec;

  // A team's figures, up to date at the start of the current epoch (track_now adds the epoch).
  struct Track {
    std::size_t turns = 0;
    std::optional<std::size_t> last_meeting;
    std::uint64_t eligible_meetings = 0;  // the team's own clock: pauses do not count
    GapTracker gaps;                      // on that clock (fairness.hpp defines gaps once)
    double expected = 0;
  };

  // Why an accept costs O(k) and not O(N): between two changes of the roster (add, remove, pause,
  // resume, set_weight) or of the meeting size k, every eligible team's share π_i is the same at
  // each meeting, so instead of adding it to N tracks per meeting the wheel counts the epoch's
  // meetings and folds them into the tracks (Track + meetings, expected + π_i·meetings) only when
  // the epoch closes. The fold points are events, so a replay folds at the same points, and the
  // snapshot keeps k and the count: the figures come out the same to the last bit either way.
  struct Epoch {
    std::size_t k = 0;             // 0: no epoch open (no meeting since the last roster change)
    std::uint64_t meetings = 0;    // accepted meetings of k picks in the epoch
    std::vector<double> shares;    // π_i by roster index (0 when paused): meeting_shares(k)
    bool open() const noexcept { return k != 0; }
  };

  // What undo() returns to: the state an accept changed, as it was before. An accept within the
  // open epoch changed only its picks' tracks (`touched`, their old values in `tracks`); one that
  // opened an epoch folded every track, kept whole.
  struct UndoPoint {
    clone_ptr<Policy::AcceptUndo> policy;  // set when the accept has been applied
    bool whole = true;
    std::vector<std::size_t> touched;
    std::vector<Track> tracks;
    Epoch epoch;  // its shares are left empty when they are the current epoch's
    std::vector<Pin> pins;
  };

  // Team i's figures now: its track plus the open epoch.
  Track track_now(std::size_t i) const {
    Track t = tracks_[i];
    if (epoch_.open() && policy_->eligible(i)) {
      t.eligible_meetings += epoch_.meetings;
      t.expected += epoch_.shares[i] * static_cast<double>(epoch_.meetings);
    }
    return t;
  }

  // Folds the open epoch into every track: before any change to the roster or the shares.
  void close_epoch() noexcept {
    if (!epoch_.open()) return;
    if (epoch_.meetings > 0)
      for (std::size_t i = 0; i < tracks_.size(); ++i) tracks_[i] = track_now(i);
    epoch_ = Epoch{};
  }

  void check_current(const Suggestion& s) const {
    if (s.version != version_)
      throw StaleSuggestion("stale suggestion: it was drawn at wheel version " + std::to_string(s.version) +
                            " but the wheel is at version " + std::to_string(version_) + "; suggest again");
  }

  // Runs `body`, a spin that draws from the stream and logs. A policy checks its request before it
  // takes a word, so only a failure midway (out of memory) can leave words taken: the stream then
  // goes back to where it was, and a failed spin changes nothing. Going back re-seeds and moves
  // on, which costs nothing until a spin fails.
  template <class Body>
  Suggestion spin(Body&& body) {
    const std::uint64_t from = stream_.position();
    try {
      return body();
    } catch (...) {
      stream_ = Rng(seed_);
      stream_.discard(from);
      throw;
    }
  }

  // One draw of a spin: stamps `s` with where in the stream it begins (the caller moves spin_ on).
  std::vector<std::string> draw(std::size_t k, const DrawConstraints& constraints, Suggestion& s) {
    s.position = stream_.position();
    const auto picks = policy_->draw(k, stream_, constraints);
    s.spin = spin_;
    s.version = version_;
    std::vector<std::string> ids;
    ids.reserve(picks.size());
    for (const std::size_t i : picks) ids.push_back(roster_[i].id);
    return ids;
  }

  const Meeting& record_meeting(Meeting m, std::optional<Date> date, bool from_suggestion, EventLog& log) {
    if (m.picks.empty()) throw InvalidArgument("a meeting needs at least one team presenting");
    UndoPoint before = reuse_spent_undo();
    std::vector<std::size_t>& picks = before.touched;  // undo() reads them only when !before.whole
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
    // Everything is valid: compute the fair shares of a new epoch and keep what undo() needs
    // before anything changes.
    const bool new_epoch = epoch_.k != picks.size();
    std::vector<double> shares = new_epoch ? meeting_shares(picks.size()) : std::vector<double>{};
    before.whole = new_epoch;
    if (new_epoch) {
      before.tracks = tracks_;
      before.epoch = epoch_;
    } else {
      for (const std::size_t i : picks) before.tracks.push_back(tracks_[i]);
      before.epoch = Epoch{epoch_.k, epoch_.meetings, {}};
    }
    before.pins = pins_;
    m.number = history_.size() + 1;
    m.date = date;
    events::Accepted event{m, from_suggestion};
    make_room(history_);
    log.reserve();
    before.policy = policy_->accept_undoably(picks);
    if (new_epoch) {
      close_epoch();
      epoch_ = Epoch{picks.size(), 0, std::move(shares)};
    }
    ++epoch_.meetings;
    for (const std::size_t i : picks) {
      Track& t = tracks_[i];
      ++t.turns;
      t.gaps.turn(t.eligible_meetings + epoch_.meetings);  // picks are eligible: track_now's clock
      t.last_meeting = m.number;
    }
    std::erase_if(pins_, [&](const Pin& p) {
      return std::find(m.picks.begin(), m.picks.end(), p.id) != m.picks.end();
    });
    history_.push_back(std::move(m));
    if (undo_) {
      UndoRecycling::hand_back(*policy_, std::move(undo_->policy.owner()));
      spent_undo_.value = std::move(*undo_);
    }
    undo_ = std::move(before);
    log_change(log, std::move(event));
    return history_.back();
  }

  // The undo point the last accept replaced, for record_meeting() to fill on its storage: once
  // warm, an accept allocates nothing for its undo point (its policy part went back to the
  // policy, see detail::UndoRecycling). Only the lists record_meeting() appends to are emptied;
  // it assigns every other member.
  UndoPoint reuse_spent_undo() noexcept {
    UndoPoint spent = std::move(spent_undo_.value);
    spent.touched.clear();
    spent.tracks.clear();
    return spent;
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
    const auto p = inclusion_probabilities(weights, k);
    for (std::size_t j = 0; j < indices.size(); ++j) shares[indices[j]] = p[j];
    return shares;
  }

  Roster roster_;
  clone_ptr<Policy> policy_;
  PolicyOptions options_;
  std::uint64_t seed_ = 0;
  Rng stream_;  // every spin draws from it; see Wheel::stream_position()
  std::uint64_t spin_ = 0;
  std::uint64_t version_ = 0;
  std::vector<Pin> pins_;
  std::vector<Track> tracks_;  // by roster index, as of the epoch's start
  Epoch epoch_;
  std::vector<Meeting> history_;
  std::optional<Suggestion> last_suggestion_;  // see Wheel::last_suggestion()
  std::optional<UndoPoint> undo_;  // set by an accept, cleared by any change but a spin
  scratch<UndoPoint> spent_undo_;  // the undo point an accept replaced: storage for the next (not state)
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
