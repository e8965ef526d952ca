// SPDX-License-Identifier: Apache-2.0
//
// detail::WheelCore: the state and rules behind the Wheel facade (wheel.hpp documents the
// operations). Not API: it lives here so that a program including wheel.hpp compiles none of it;
// src/core/wheel.cpp compiles it once, or wheel.hpp includes it in header-only mode.
//
// Copies are by members (a defaulted copy constructor): the policy and the undo point's policy
// part sit in detail::clone_ptr, the reusable undo storage in detail::scratch.
#pragma once

#include <algorithm>
#include <concepts>
#include <functional>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../wheel.hpp"
#include "../detail/clone_ptr.hpp"
#include "../action_book.hpp"
#include "../date.hpp"
#include "../detail/room.hpp"
#include "../detail/serial.hpp"
#include "../detail/shares.hpp"
#include "../errors.hpp"
#include "../events.hpp"
#include "../fairness.hpp"
#include "../participant.hpp"
#include "../policy.hpp"
#include "../rng.hpp"
#include "../roster.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {

class WheelCore {
 public:
  /// A wheel drawing with `policy` (see policies.hpp for the names and PolicyOptions for the
  /// settings, such as quota's slack) from `seed`. Its log starts with a Created event.
  WheelCore(std::string_view policy, std::uint64_t seed, const PolicyOptions& options)
      : policy_(make_policy(policy, options)), options_(options), seed_(seed), stream_(seed) {
    log(events::Created{std::string(policy_->name()), options_, seed_});
  }

  const Roster& roster() const noexcept { return roster_; }
  const Policy& policy() const noexcept { return *policy_; }
  const PolicyOptions& options() const noexcept { return options_; }
  /// The seed of the wheel's random stream: Boost's mt19937_64 seeded with it, read through Rng.
  /// Every spin draws on from where the last one stopped, so the same seed and the same calls give
  /// the same picks.
  std::uint64_t seed() const noexcept { return seed_; }
  /// The 64-bit words the stream has given so far: where the next spin's draw begins. A spin
  /// records it (Suggestion::position), so the spin can be drawn again from Rng(seed()) moved on
  /// with Rng::discard(position), given the wheel's state at the time.
  std::uint64_t stream_position() const noexcept { return stream_.position(); }
  /// Spins so far (suggest and skip each take one).
  std::uint64_t spins() const noexcept { return spin_; }
  /// Goes up with every change to the roster, pins or rotation (not with spins, action items or
  /// the calendar); a suggestion is accepted only at the version it was drawn.
  std::uint64_t version() const noexcept { return version_; }
  const std::vector<Meeting>& history() const noexcept { return history_; }
  const std::vector<Pin>& pins() const noexcept { return pins_; }
  /// The last spin's suggestion (from suggest or skip) while it is still current, i.e. nothing
  /// but spins and action-item or calendar changes happened since: what a tool accepts when the
  /// user says "accept" without ids.
  std::optional<Suggestion> last_suggestion() const {
    if (last_suggestion_ && last_suggestion_->version == version_) return last_suggestion_;
    return std::nullopt;
  }

  // ---- action items, reviews and the meeting calendar ----

  /// The wheel's action items, review records and meeting calendar (action_book.hpp).
  const ActionBook& actions() const noexcept { return actions_; }

  /// Sets the meeting cadence (weekday, start, duration, time zone). Report-back dates hang on
  /// it, so it can be set only before any action item, review or calendar change exists; throws
  /// InvalidArgument otherwise or for an invalid cadence.
  void set_cadence(Cadence cadence) {
    validate(cadence);
    if (!actions_.items().empty() || !actions_.reviews().empty() || actions_.calendar_revision() != 0 ||
        !actions_.profiles().empty())
      throw InvalidArgument("the meeting cadence can be set only before any action item, review or calendar change");
    ActionBook fresh(Calendar(cadence), actions_.review_template(), actions_.escalate_after());
    events::CadenceSet event{std::move(cadence)};
    reserve_log();
    detail::make_room(action_log_);
    actions_ = std::move(fresh);
    log(std::move(event));
  }

  /// Applies one change to the action items, reviews or calendar (action_changes.hpp), made by
  /// the wheel's actor now, and logs it. An ItemCreated with an empty id gets actions().next_id().
  /// Team ids are checked against the roster. Throws what ActionBook::apply throws; then nothing
  /// changed.
  void change_actions(ActionChange change) {
    if (auto* created = std::get_if<ItemCreated>(&change); created && created->id.empty())
      created->id = actions_.next_id();
    const Timestamp at = stamp();
    ActionBook next = actions_;  // the book's apply is all-or-nothing; the copy keeps the log's step too
    next.apply(change, change_context(current_actor(), at), roster_);
    events::ActionChanged event{std::move(change)};
    reserve_log();
    detail::make_room(action_log_);
    actions_ = std::move(next);
    log(std::move(event), at);
  }

  /// The cadence and action events of the whole log (few, next to the spins): what a store keeps
  /// beside a snapshot, since save_state() leaves the action book out (see load_state).
  const std::vector<Event>& action_events() const noexcept { return action_log_; }

  // ---- the event log ----

  /// Who the next events are recorded as done by (free text: a user or tool name). Default "".
  void set_actor(std::string actor) {
    detail::validate_text("actor", actor, detail::TextKind::name);
    actor_ = std::move(actor);
  }
  const std::string& actor() const noexcept { return actor_; }
  /// Where event times come from; the default is the system clock (now_utc). A test or a batch
  /// import can set its own. Clocks are not part of the state and are not copied into the log.
  void set_clock(std::function<Timestamp()> clock) {
    clock_ = clock ? std::move(clock) : std::function<Timestamp()>(now_utc);
  }

  /// The events this wheel holds, oldest first: all of them for a wheel made in memory or
  /// replayed; only those after the snapshot for one restored by load_state (see log_base).
  const std::vector<Event>& events() const noexcept { return events_; }
  /// How many events came before events().front(): 0 unless the wheel was restored from a snapshot.
  std::uint64_t log_base() const noexcept { return log_base_; }
  /// The number of the last event: the wheel's position in its log.
  std::uint64_t last_seq() const noexcept { return log_base_ + events_.size(); }

  /// Rebuilds a wheel from its whole log (which starts with a Created event): the fold of the
  /// events. Every spin is drawn again from the stream at its recorded position and every outcome
  /// compared with the log; throws CorruptData naming the first event that does not match.
  static WheelCore replay(std::span<const Event> log) {
    if (log.empty()) throw CorruptData("cannot replay an empty event log: it must start with a 'created' event");
    const auto* created = std::get_if<events::Created>(&log.front().payload);
    if (!created || log.front().seq != 1)
      throw CorruptData("event " + std::to_string(log.front().seq) + " (" +
                        std::string(event_type(log.front().payload)) +
                        ") cannot start a log: the first event must be number 1, 'created'");
    WheelCore w = [&] {
      try {
        return WheelCore(created->policy, created->seed, created->options);
      } catch (const Error& e) {
        throw CorruptData("event 1 (created) is not valid: " + std::string(e.what()));
      }
    }();
    w.events_.front() = log.front();
    for (const Event& e : log.subspan(1)) w.apply(e);
    return w;
  }

  /// One step of the fold: applies `event`, which must be number last_seq() + 1, as the call that
  /// made it would, and checks that the outcome is the one recorded. Throws CorruptData on a
  /// mismatch or an event that cannot apply; the wheel may then be half-changed — discard it
  /// (replay and the store do).
  void apply(const Event& event) {
    const std::string where = "event " + std::to_string(event.seq) + " (" + std::string(event_type(event.payload)) + ")";
    if (event.seq != last_seq() + 1)
      throw CorruptData(where + " is out of order: the wheel's log ends at event " + std::to_string(last_seq()));
    replaying_ = &event;
    try {
      std::visit([this](const auto& e) { replay_one(e); }, event.payload);
    } catch (const CorruptData& e) {
      replaying_ = nullptr;
      throw CorruptData(where + ": " + e.what());
    } catch (const Error& e) {
      replaying_ = nullptr;
      throw CorruptData(where + " does not apply: " + e.what());
    }
    replaying_ = nullptr;
    if (last_seq() != event.seq || !(events_.back() == event))
      throw CorruptData(where + " does not match its replay" + mismatch_detail(event));
  }

  // ---- roster ----

  /// Adds a team (validated: id, weight, url; a duplicate id throws DuplicateId). A participant
  /// given with `paused` set joins paused.
  void add(Participant participant) {
    validate(participant);
    if (roster_.contains(participant.id)) throw DuplicateId(participant.id);
    if (participant.paused_until) validate_date(*participant.paused_until);
    if (participant.paused_until && !participant.paused)
      throw InvalidArgument("'" + detail::printable(participant.id) + "' has a pause end date but is not paused");
    events::Added event{participant};
    reserve_log();
    const bool paused = participant.paused;
    detail::make_room(tracks_);
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
    log(std::move(event));
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

  /// Changes a team's descriptive fields (name, url, tags, sub-wheel) to those of `participant`,
  /// found by its id. Its weight and pause must be as they are: set_weight, pause and resume change
  /// those, each with an event of its own. The usual call: copy roster().at(id), edit, update.
  void update(Participant participant) {
    const std::size_t index = roster_.index_of(participant.id);
    validate(participant);
    const Participant& now = roster_[index];
    if (participant.weight != now.weight || participant.paused != now.paused ||
        participant.paused_until != now.paused_until)
      throw InvalidArgument("update changes only the name, url, tags and sub-wheel of '" +
                            detail::printable(participant.id) + "'; use set_weight, pause or resume for the rest");
    if (participant == now) return;
    events::Updated event{participant};
    reserve_log();
    roster_.mutable_at(index) = std::move(participant);
    log(std::move(event));
  }

  /// Removes a team and its statistics; its past meetings stay in the history.
  void remove(std::string_view id) {
    const std::size_t index = roster_.index_of(id);
    events::Removed event{std::string(id)};
    reserve_log();
    close_epoch();
    policy_->remove(index);
    std::erase_if(pins_, [&](const Pin& p) { return p.id == id; });
    tracks_.erase(tracks_.begin() + static_cast<std::ptrdiff_t>(index));
    roster_.remove(index);
    log(std::move(event));
  }

  /// Pauses a team (not eligible until resumed). `until` records when it is due back; see
  /// resume_due. Pausing a paused team only updates `until`.
  void pause(std::string_view id, std::optional<Date> until = std::nullopt) {
    const std::size_t index = roster_.index_of(id);
    if (until) validate_date(*until);
    if (std::any_of(pins_.begin(), pins_.end(), [&](const Pin& p) { return p.id == id; }))
      throw InvalidArgument("'" + std::string(id) + "' is pinned; unpin it before pausing it");
    events::Paused event{std::string(id), until};
    reserve_log();
    close_epoch();
    policy_->pause(index);
    auto& p = roster_.mutable_at(index);
    p.paused = true;
    p.paused_until = until;
    log(std::move(event));
  }

  /// Makes a paused team eligible again, with no penalty for the time away. Resuming a team that
  /// is not paused changes nothing (and records nothing).
  void resume(std::string_view id) {
    const std::size_t index = roster_.index_of(id);
    if (!roster_[index].paused) return;
    events::Resumed event{std::string(id)};
    reserve_log();
    close_epoch();
    policy_->resume(index);
    auto& p = roster_.mutable_at(index);
    p.paused = false;
    p.paused_until.reset();
    log(std::move(event));
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
  /// Setting the weight a team has changes nothing (and records nothing).
  void set_weight(std::string_view id, double weight) {
    const std::size_t index = roster_.index_of(id);
    validate_weight(weight, id);
    if (weight == roster_[index].weight) return;
    events::WeightSet event{std::string(id), weight};
    reserve_log();
    close_epoch();
    policy_->set_weight(index, weight);
    roster_.mutable_at(index).weight = weight;
    log(std::move(event));
  }

  /// Forgets the rotation state (the AWS "reset"); the history and statistics stay.
  void reset() {
    reserve_log();
    policy_->reset();
    log(events::Reset{});
  }

  // ---- the meeting ----

  /// Makes `id` present at the next accepted meeting (it leads every suggestion until then).
  void pin(std::string_view id, std::string reason) {
    const std::size_t index = roster_.index_of(id);
    if (!policy_->eligible(index)) throw InvalidArgument("'" + std::string(id) + "' is paused and cannot be pinned");
    if (std::any_of(pins_.begin(), pins_.end(), [&](const Pin& p) { return p.id == id; }))
      throw InvalidArgument("'" + std::string(id) + "' is already pinned");
    detail::validate_text("reason", reason, detail::TextKind::line);
    events::Pinned event{std::string(id), reason};
    reserve_log();
    detail::make_room(pins_);
    pins_.push_back({std::string(id), std::move(reason), current_actor()});
    log(std::move(event));
  }

  /// Withdraws a pin; throws InvalidArgument when `id` is not pinned.
  void unpin(std::string_view id) {
    roster_.index_of(id);
    if (std::none_of(pins_.begin(), pins_.end(), [&](const Pin& p) { return p.id == id; }))
      throw InvalidArgument("'" + std::string(id) + "' is not pinned");
    events::Unpinned event{std::string(id)};
    reserve_log();
    std::erase_if(pins_, [&](const Pin& p) { return p.id == id; });
    log(std::move(event));
  }

  /// Spins the wheel: k distinct eligible teams, pinned teams first. Changes no rotation state;
  /// the spin counter moves (so the next spin draws afresh) and the spin is logged, so the log
  /// shows every spin, not just the accepted ones. Throws InvalidArgument (k = 0, more pins than
  /// k) or NotEnoughTeams.
  Suggestion suggest(std::size_t k) {
    if (pins_.size() > k)
      throw InvalidArgument(std::to_string(pins_.size()) + " teams are pinned but only " + std::to_string(k) +
                            " picks were asked for; unpin some or ask for more");
    DrawConstraints constraints;
    for (const auto& p : pins_) constraints.required.push_back(roster_.index_of(p.id));
    return spin([&] {
      Suggestion s;
      s.pinned = pins_;
      s.picks = draw(k, constraints, s);
      reserve_log();
      events::Suggested event{s};
      std::optional<Suggestion> last = s;
      ++spin_;
      last_suggestion_.swap(last);
      log(std::move(event));
      return s;
    });
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
    detail::validate_text("reason", reason, detail::TextKind::line);
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
      next.skipped.push_back({std::string(id), std::move(reason), replacement, current_actor()});
      events::Skipped event{suggestion, next};
      std::optional<Suggestion> last = next;
      reserve_log();
      ++spin_;
      last_suggestion_.swap(last);
      log(std::move(event));
      return next;
    });
  }

  /// Records `suggestion` as presented at the next meeting (optionally dated). Throws
  /// StaleSuggestion when the wheel changed since the suggestion was drawn. Returns the record as
  /// history().back(): valid until the wheel changes again, so copy it to keep it.
  const Meeting& accept(const Suggestion& suggestion, std::optional<Date> date = std::nullopt) {
    check_current(suggestion);
    Meeting m;
    m.picks = suggestion.picks;
    m.pinned = suggestion.pinned;
    m.skipped = suggestion.skipped;
    m.position = suggestion.position;
    return record(std::move(m), date, true);
  }

  /// Records explicit picks (who really presented), for meetings run without a spin. Pinned teams
  /// among them count as their pins honoured. Returns the record as the other accept does.
  const Meeting& accept(std::vector<std::string> ids, std::optional<Date> date = std::nullopt) {
    Meeting m;
    m.picks = std::move(ids);
    for (const auto& p : pins_)
      if (std::find(m.picks.begin(), m.picks.end(), p.id) != m.picks.end()) m.pinned.push_back(p);
    return record(std::move(m), date, false);
  }

  /// Records who presented for `id`, a pick of the last meeting that stands for another wheel
  /// (Participant::subwheel), as picked on that wheel; Store::accept_with_subwheels calls it. The
  /// meeting can no longer be undone (the other wheel moved on too). Throws InvalidArgument (no
  /// meeting, `id` did not present at it or stands for no wheel, already recorded, no picks or a
  /// pick listed twice), UnknownId, InvalidId.
  void delegate(std::string_view id, std::vector<std::string> picks) {
    if (history_.empty()) throw InvalidArgument("no meeting has been accepted yet");
    const Meeting& last = history_.back();
    const std::string name(id);
    const Participant& p = roster_.at(id);
    if (std::find(last.picks.begin(), last.picks.end(), id) == last.picks.end())
      throw InvalidArgument("'" + detail::printable(id) + "' did not present at the last meeting");
    if (p.subwheel.empty()) throw InvalidArgument("'" + detail::printable(id) + "' does not stand for another wheel");
    if (std::any_of(last.delegated.begin(), last.delegated.end(), [&](const Delegation& d) { return d.id == id; }))
      throw InvalidArgument("who presented for '" + detail::printable(id) + "' is already recorded");
    if (picks.empty()) throw InvalidArgument("a delegation needs at least one team");
    for (std::size_t i = 0; i < picks.size(); ++i) {
      validate_id(picks[i]);
      if (std::find(picks.begin(), picks.begin() + static_cast<std::ptrdiff_t>(i), picks[i]) != picks.begin() + static_cast<std::ptrdiff_t>(i))
        throw InvalidArgument("'" + detail::printable(picks[i]) + "' is listed twice");
    }
    Delegation d{name, p.subwheel, std::move(picks)};
    events::Delegated event{last.number, d};
    reserve_log();
    detail::make_room(history_.back().delegated);
    history_.back().delegated.push_back(std::move(d));
    log(std::move(event));
  }

  /// Whether undo() would succeed: a meeting was accepted and nothing but spins and action-item
  /// or calendar changes happened since.
  bool can_undo() const noexcept { return undo_.has_value(); }

  /// Takes back the last accepted meeting: the rotation state, statistics and pins return to what
  /// they were before it, and an Undone event (with `reason`) joins the log; the Accepted event
  /// stays. Possible only while nothing but spins and action-item or calendar changes happened
  /// since the accept (a roster change, a pin or an earlier undo in between would make "before"
  /// ambiguous); otherwise InvalidArgument. The action items stay as they are.
  Meeting undo(std::string reason = {}) {
    if (!undo_) {
      if (history_.empty()) throw InvalidArgument("there is no accepted meeting to undo");
      const std::string rule = "only the last accepted meeting can be undone, and only while nothing but spins, "
                               "action items and the calendar changed since it was accepted";
      // The change that ended it, when this copy's log holds it (a wheel restored from a snapshot
      // holds only the events after the snapshot).
      for (auto it = events_.rbegin(); it != events_.rend() && !std::holds_alternative<events::Accepted>(it->payload); ++it)
        if (ends_undo(it->payload))
          throw InvalidArgument("meeting " + std::to_string(history_.back().number) + " can no longer be undone: " +
                                describe(*it) + " came after it, and " + rule);
      throw InvalidArgument("meeting " + std::to_string(history_.back().number) + " can no longer be undone: " + rule +
                            ", and something else changed since");
    }
    detail::validate_text("reason", reason, detail::TextKind::line);
    events::Undone event{history_.back().number, std::move(reason)};
    reserve_log();
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
    log(std::move(event));
    return undone;
  }

  /// Each team's chance of being among the next k picks, by roster index; see Policy::probabilities
  /// for which policies give exact values. Pins are not taken into account.
  Chances probabilities(std::size_t k) const { return policy_->probabilities(k); }

  /// Statistics per team, in roster order.
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

  // ---- snapshots ----

  /// The whole state after event last_seq(), as bytes (detail/serial.hpp): what a store keeps so
  /// that opening a wheel does not replay its log from the start. The actor, clock and events()
  /// are not included, nor the action book: that is the fold of action_events(), which the
  /// snapshot's keeper passes back to load_state (the bytes record how many there were).
  std::string save_state() const {
    detail::StateWriter out;
    out.str(state_magic);
    out.u64(state_format);
    out.str(policy_->name());
    out.u64(options_.slack);
    out.f64(options_.lean);
    out.f64(options_.gap_target);
    out.u64(seed_);
    out.u64(stream_.position());
    out.u64(spin_);
    out.u64(version_);
    out.u64(last_seq());
    out.list(std::vector<Participant>(roster_.begin(), roster_.end()), [&](const Participant& p) { save(out, p); });
    policy_->save(out);
    save_pins(out, pins_);
    save_tracks(out, tracks_);
    save_epoch(out, epoch_);
    out.list(history_, [&](const Meeting& m) { save(out, m); });
    out.boolean(undo_.has_value());
    if (undo_) {
      std::unique_ptr<Policy> before = policy_->clone();
      undo_->policy->copy()->take_back(before);
      before->save(out);
      if (undo_->whole) {
        save_tracks(out, undo_->tracks);
      } else {
        std::vector<Track> before = tracks_;
        for (std::size_t j = 0; j < undo_->touched.size(); ++j) before[undo_->touched[j]] = undo_->tracks[j];
        save_tracks(out, before);
      }
      save_epoch(out, undo_->epoch);
      save_pins(out, undo_->pins);
    }
    out.boolean(last_suggestion_.has_value());
    if (last_suggestion_) save(out, *last_suggestion_);
    out.size(action_log_.size());
    out.u64(action_log_.empty() ? 0 : action_log_.back().seq);
    return out.take();
  }

  /// A wheel restored from save_state() bytes and the saved wheel's action_events(): it draws,
  /// accepts and logs on exactly as the saved one would. events() is empty and log_base() is the
  /// saved last_seq(). Throws CorruptData for bytes that are truncated or do not describe a
  /// consistent wheel, or action events that are not the saved ones; UnsupportedVersion for bytes
  /// from a newer opswheel.
  static WheelCore load_state(std::string_view bytes, std::span<const Event> action_events = {}) {
    detail::StateReader in(bytes);
    if (in.str() != state_magic) in.fail("not an opswheel wheel state");
    const std::uint64_t format = in.u64();
    if (format > state_format)
      throw UnsupportedVersion("wheel state format " + std::to_string(format) + " is newer than this opswheel reads (" +
                               std::to_string(state_format) + ")");
    // Earlier formats were development formats, never released: a store replays the log instead.
    if (format < state_format) in.fail("wheel state format " + std::to_string(format) + " is an unreleased development format");
    const std::string policy = in.str();
    PolicyOptions options;
    options.slack = static_cast<unsigned>(in.u64());
    options.lean = in.f64();
    options.gap_target = in.f64();
    const std::uint64_t seed = in.u64();
    WheelCore w = [&] {
      try {
        return WheelCore(policy, seed, options);
      } catch (const Error& e) {
        in.fail(e.what());
      }
    }();
    w.events_.clear();
    w.stream_.discard(in.u64());
    w.spin_ = in.u64();
    w.version_ = in.u64();
    w.log_base_ = in.u64();
    for (Participant& p : in.list<Participant>(8, [&] { return load_participant(in); })) {
      try {
        w.roster_.add(std::move(p));
      } catch (const Error& e) {
        in.fail(e.what());
      }
    }
    auto fresh_policy = [&] {
      auto p = make_policy(policy, options);
      p->load(in);
      if (p->size() != w.roster_.size()) in.fail("the policy has " + std::to_string(p->size()) + " members");
      return p;
    };
    w.policy_ = fresh_policy();
    w.pins_ = load_pins(in, w.roster_);
    w.tracks_ = load_tracks(in, w.roster_.size());
    w.epoch_ = w.load_epoch(in);
    w.history_ = in.list<Meeting>(8, [&] { return load_meeting(in); });
    if (in.boolean()) {
      UndoPoint undo;
      undo.policy = Policy::keep_whole(fresh_policy());
      undo.tracks = load_tracks(in, w.roster_.size());
      undo.epoch = w.load_epoch(in);
      undo.pins = load_pins(in, w.roster_);
      w.undo_ = std::move(undo);
    }
    if (in.boolean()) w.last_suggestion_ = load_suggestion(in);
    const std::size_t action_count = in.size(0);
    const std::uint64_t last_action = in.u64();
    in.finish();
    if (action_events.size() != action_count || (action_count > 0 && action_events.back().seq != last_action))
      throw CorruptData("the snapshot was taken with " + std::to_string(action_count) + " action events (the last number " +
                        std::to_string(last_action) + ") but " + std::to_string(action_events.size()) + " were given");
    for (const Event& e : action_events) w.restore_action(e);
    return w;
  }

 private:
  static constexpr std::string_view state_magic = "opswheel.wheel";
  // 5: the fair-share policies keep targets across roster changes (detail/targets.hpp). 4: the
  // random stream's position (spins drew from per-spin seeds before). 3: the saved version
  // does not count action-item and calendar events (see log). 2 kept the tracks per epoch first.
  // Earlier formats are refused, and a store replays the log instead.
  static constexpr std::uint64_t state_format = 5;

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

  static void save_epoch(detail::StateWriter& out, const Epoch& e) {
    out.size(e.k);
    out.u64(e.meetings);
  }
  Epoch load_epoch(detail::StateReader& in) const {
    Epoch e;
    e.k = in.size(0);
    e.meetings = in.u64();
    if (e.open()) {
      try {
        e.shares = meeting_shares(e.k);
      } catch (const Error& error) {
        in.fail("an epoch of meetings of " + std::to_string(e.k) + " picks: " + error.what());
      }
    }
    return e;
  }

  const std::string& current_actor() const noexcept { return replaying_ ? replaying_->actor : actor_; }
  // The time of the event being made: the replayed event's, or the clock's.
  Timestamp stamp() const { return replaying_ ? replaying_->at : clock_(); }

  // An action change's context: the book wants a named actor and whole seconds.
  static ChangeContext change_context(const std::string& actor, Timestamp at) {
    return {actor.empty() ? std::string("(unknown)") : actor, std::chrono::floor<std::chrono::seconds>(at)};
  }

  // Refolds one action event of a snapshot's wheel (see load_state).
  void restore_action(const Event& e) {
    try {
      if (const auto* c = std::get_if<events::CadenceSet>(&e.payload)) {
        actions_ = ActionBook(Calendar(c->cadence), actions_.review_template(), actions_.escalate_after());
      } else if (const auto* a = std::get_if<events::ActionChanged>(&e.payload)) {
        actions_.restore(a->change, change_context(e.actor, e.at));
      } else {
        throw CorruptData("it is not a cadence or action event");
      }
    } catch (const Error& error) {
      throw CorruptData("action event " + std::to_string(e.seq) + " does not refold: " + error.what());
    }
    action_log_.push_back(e);
  }

  // Room for one more event first, so that logging after a change cannot fail.
  void reserve_log() { detail::make_room(events_); }

  // Every change ends here: the event joins the log (with the replayed event's time and actor
  // when replaying). A spin changes no state, and action items and the calendar do not touch who
  // presents (so that a meeting can note its action items between its spin and its accept): these
  // keep the version (the suggestion stays current) and what undo() could take back. Any other
  // change moves the version on, and all but an accept end what undo() could take back.
  void log(EventPayload payload, std::optional<Timestamp> at = std::nullopt) {
    const bool spin = is_spin(payload);
    const bool action = is_action_event(payload);
    if (!spin && !action && !std::holds_alternative<events::Created>(payload)) ++version_;
    if (ends_undo(payload)) undo_.reset();
    Event e{last_seq() + 1, at ? *at : stamp(), current_actor(), std::move(payload)};
    if (action) action_log_.push_back(e);  // room reserved by the caller
    events_.push_back(std::move(e));
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

  const Meeting& record(Meeting m, std::optional<Date> date, bool from_suggestion) {
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
    detail::make_room(history_);
    reserve_log();
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
    log(std::move(event));
    return history_.back();
  }

  // The undo point the last accept replaced, for record() to fill on its storage: once warm, an
  // accept allocates nothing for its undo point (its policy part went back to the policy, see
  // detail::UndoRecycling). Only the lists record() appends to are emptied; it assigns every
  // other member.
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
    const auto p = detail::inclusion_probabilities(weights, k);
    for (std::size_t j = 0; j < indices.size(); ++j) shares[indices[j]] = p[j];
    return shares;
  }

  // ---- replay: each event kind redone by the call that made it ----

  void replay_one(const events::Created&) { throw CorruptData("a second 'created' event"); }
  void replay_one(const events::Added& e) { add(e.participant); }
  void replay_one(const events::Updated& e) { update(e.participant); }
  void replay_one(const events::Removed& e) { remove(e.id); }
  void replay_one(const events::Paused& e) { pause(e.id, e.until); }
  void replay_one(const events::Resumed& e) {
    if (!roster_.at(e.id).paused) throw CorruptData("'" + detail::printable(e.id) + "' is not paused");
    resume(e.id);
  }
  void replay_one(const events::WeightSet& e) {
    // Logs from before no-op weight changes were left out may hold one: it changed nothing then.
    if (const Participant& p = roster_.at(e.id); p.weight == e.weight) {
      reserve_log();
      log(events::WeightSet{e.id, e.weight});
      return;
    }
    set_weight(e.id, e.weight);
  }
  void replay_one(const events::Reset&) { reset(); }
  void replay_one(const events::Pinned& e) { pin(e.id, e.reason); }
  void replay_one(const events::Unpinned& e) { unpin(e.id); }
  void replay_one(const events::Suggested& e) { suggest(e.suggestion.picks.size()); }
  void replay_one(const events::Skipped& e) {
    const Suggestion& after = e.suggestion;
    if (after.skipped.empty()) throw CorruptData("a skip that records no skipped team");
    skip(e.from, after.skipped.back().id, after.skipped.back().reason);
  }
  void replay_one(const events::Accepted& e) {
    const Meeting& m = e.meeting;
    if (!e.from_suggestion) {
      accept(m.picks, m.date);
      return;
    }
    Meeting redo;
    redo.picks = m.picks;
    redo.pinned = m.pinned;
    redo.skipped = m.skipped;
    redo.position = m.position;
    record(std::move(redo), m.date, true);
  }
  void replay_one(const events::Delegated& e) {
    if (history_.empty() || e.meeting != history_.back().number) throw CorruptData("a delegation for another meeting");
    delegate(e.delegation.id, e.delegation.picks);
  }
  void replay_one(const events::Undone& e) { undo(e.reason); }
  void replay_one(const events::CadenceSet& e) { set_cadence(e.cadence); }
  void replay_one(const events::ActionChanged& e) { change_actions(e.change); }

  // What differs, for the error message of a mismatched replay: the picks, where there are any.
  std::string mismatch_detail(const Event& recorded) const {
    const auto picks_of = [](const EventPayload& p) -> const std::vector<std::string>* {
      const Suggestion* s = spin_suggestion(p);
      return s ? &s->picks : nullptr;
    };
    const auto* logged = picks_of(recorded.payload);
    const auto* redone = events_.empty() || last_seq() != recorded.seq ? nullptr : picks_of(events_.back().payload);
    if (!logged || !redone || *logged == *redone) return "";
    const auto list = [](const std::vector<std::string>& ids) {
      std::string s;
      for (const auto& id : ids) s += (s.empty() ? "" : ", ") + detail::printable(id, 64);
      return "[" + s + "]";
    };
    return ": the log records picks " + list(*logged) + " but the stream draws " + list(*redone);
  }

  // ---- state bytes ----

  static void save(detail::StateWriter& out, const Participant& p) {
    out.str(p.id);
    out.str(p.name);
    out.str(p.url);
    out.f64(p.weight);
    out.list(p.tags, [&](const std::string& t) { out.str(t); });
    out.boolean(p.paused);
    save_date(out, p.paused_until);
    out.str(p.subwheel);
  }
  static Participant load_participant(detail::StateReader& in) {
    Participant p;
    p.id = in.str();
    p.name = in.str();
    p.url = in.str();
    p.weight = in.f64();
    p.tags = in.list<std::string>(8, [&] { return in.str(); });
    p.paused = in.boolean();
    p.paused_until = load_date(in);
    p.subwheel = in.str();
    return p;
  }
  static void save_date(detail::StateWriter& out, const std::optional<Date>& d) {
    out.boolean(d.has_value());
    if (d) out.i64(std::chrono::sys_days(*d).time_since_epoch().count());
  }
  static std::optional<Date> load_date(detail::StateReader& in) {
    if (!in.boolean()) return std::nullopt;
    const Date d{std::chrono::sys_days(std::chrono::days(in.i64()))};
    try {
      validate_date(d);
    } catch (const Error& e) {
      in.fail(e.what());
    }
    return d;
  }
  static void save_pins(detail::StateWriter& out, const std::vector<Pin>& pins) {
    out.list(pins, [&](const Pin& p) {
      out.str(p.id);
      out.str(p.reason);
      out.str(p.actor);
    });
  }
  static std::vector<Pin> load_pins(detail::StateReader& in, const Roster& roster) {
    return in.list<Pin>(24, [&] {
      Pin p{in.str(), in.str(), in.str()};
      if (!roster.contains(p.id)) in.fail("a pin for '" + detail::printable(p.id) + "', who is not on the roster");
      return p;
    });
  }
  static void save_tracks(detail::StateWriter& out, const std::vector<Track>& tracks) {
    out.list(tracks, [&](const Track& t) {
      out.size(t.turns);
      out.boolean(t.last_meeting.has_value());
      out.size(t.last_meeting.value_or(0));
      out.u64(t.eligible_meetings);
      t.gaps.save(out);
      out.f64(t.expected);
    });
  }
  static std::vector<Track> load_tracks(detail::StateReader& in, std::size_t teams) {
    auto tracks = in.list<Track>(64, [&] {
      Track t;
      t.turns = in.size(0);
      const bool has_last = in.boolean();
      const std::size_t last = in.size(0);
      if (has_last) t.last_meeting = last;
      t.eligible_meetings = in.u64();
      t.gaps.load(in);
      t.expected = in.f64();
      return t;
    });
    if (tracks.size() != teams) in.fail("statistics for " + std::to_string(tracks.size()) + " teams");
    return tracks;
  }
  static void save(detail::StateWriter& out, const Meeting& m) {
    out.size(m.number);
    save_date(out, m.date);
    out.list(m.picks, [&](const std::string& id) { out.str(id); });
    save_pins(out, m.pinned);
    save_skips(out, m.skipped);
    out.boolean(m.position.has_value());
    out.u64(m.position.value_or(0));
    out.list(m.delegated, [&](const Delegation& d) {
      out.str(d.id);
      out.str(d.wheel);
      out.list(d.picks, [&](const std::string& id) { out.str(id); });
    });
  }
  static void save(detail::StateWriter& out, const Suggestion& s) {
    out.list(s.picks, [&](const std::string& id) { out.str(id); });
    save_pins(out, s.pinned);
    save_skips(out, s.skipped);
    for (const std::uint64_t v : {s.position, s.spin, s.version}) out.u64(v);
  }
  static Suggestion load_suggestion(detail::StateReader& in) {
    Suggestion s;
    s.picks = in.list<std::string>(8, [&] { return in.str(); });
    s.pinned = in.list<Pin>(24, [&] { return Pin{in.str(), in.str(), in.str()}; });
    s.skipped = load_skips(in);
    s.position = in.u64();
    s.spin = in.u64();
    s.version = in.u64();
    return s;
  }
  static void save_skips(detail::StateWriter& out, const std::vector<Skip>& skips) {
    out.list(skips, [&](const Skip& s) {
      for (const std::string* f : {&s.id, &s.reason, &s.replacement, &s.actor}) out.str(*f);
    });
  }
  static std::vector<Skip> load_skips(detail::StateReader& in) {
    return in.list<Skip>(32, [&] { return Skip{in.str(), in.str(), in.str(), in.str()}; });
  }
  static Meeting load_meeting(detail::StateReader& in) {
    Meeting m;
    m.number = in.size(0);
    m.date = load_date(in);
    m.picks = in.list<std::string>(8, [&] { return in.str(); });
    m.pinned = in.list<Pin>(24, [&] { return Pin{in.str(), in.str(), in.str()}; });
    m.skipped = load_skips(in);
    const bool has_position = in.boolean();
    const std::uint64_t position = in.u64();
    if (has_position) m.position = position;
    m.delegated = in.list<Delegation>(24, [&] {
      Delegation d{in.str(), in.str(), {}};
      d.picks = in.list<std::string>(8, [&] { return in.str(); });
      return d;
    });
    return m;
  }

  Roster roster_;
  clone_ptr<Policy> policy_;
  PolicyOptions options_;
  std::uint64_t seed_ = 0;
  Rng stream_;  // every spin draws from it; see stream_position()
  std::uint64_t spin_ = 0;
  std::uint64_t version_ = 0;
  std::vector<Pin> pins_;
  std::vector<Track> tracks_;  // by roster index, as of the epoch's start
  Epoch epoch_;
  std::vector<Meeting> history_;
  std::optional<Suggestion> last_suggestion_;  // see last_suggestion()
  std::optional<UndoPoint> undo_;  // set by an accept, cleared by any change but a spin
  scratch<UndoPoint> spent_undo_;  // the undo point an accept replaced: storage for the next (not state)
  ActionBook actions_;
  std::vector<Event> action_log_;  // the CadenceSet and ActionChanged events of the whole log
  std::vector<Event> events_;
  std::uint64_t log_base_ = 0;
  std::string actor_;
  std::function<Timestamp()> clock_ = now_utc;
  const Event* replaying_ = nullptr;  // the event apply() is redoing, for its time and actor
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
