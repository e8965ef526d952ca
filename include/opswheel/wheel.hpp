// SPDX-License-Identifier: Apache-2.0
//
// Wheel: what a user holds — the roster, a policy, a seeded random source and the meetings so far.
//
// The weekly flow: suggest(k) spins the wheel (the AWS "spin": it changes no rotation state);
// skip() swaps out a team that cannot attend; accept() records who presented (the AWS "proceed":
// the only call that advances the rotation). pin() makes a team present at the next meeting, and
// the pin shows in the suggestion and the meeting record: nothing is rigged out of sight.
//
// Every change is also an event in the wheel's log (events.hpp): who did it, when, and what, with
// where in the wheel's random stream every spin drew. replay() rebuilds a wheel from its log
// alone, bit for bit; undo() takes back the last accepted meeting with an event of its own;
// save_state()/load_state() give the snapshot a store keeps so that opening a wheel does not
// replay years of events.
//
// Every mutating call validates everything first and leaves the wheel unchanged when it throws.
//
// Wheel is a facade: the state and the rules sit in detail::WheelCore (impl/wheel_core.hpp, which
// puts together impl/rotation_state.hpp, impl/event_log.hpp and impl/action_log.hpp), compiled
// into the library, so including this header compiles none of them.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "date.hpp"
#include "detail/clone_ptr.hpp"
#include "events.hpp"
#include "participant.hpp"
#include "policy.hpp"
#include "roster.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

class ActionBook;  // action_book.hpp
namespace detail {
class WheelCore;
}

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
  /// Turns it owes (positive) or is owed (negative) for pins, skips or explicit picks past its
  /// policy's bound, being paid back (Policy::debt; quota and rotation only, else 0). Those
  /// policies keep |deviation| < slack + 1 + |debt|.
  double debt = 0;
  bool operator==(const TeamStats&) const = default;
};

/// What a user holds: the roster, a policy, a seeded random source and the meetings so far, every
/// change an event in its log (the comment at the top of this file has the weekly flow).
class OPSWHEEL_CXX_API Wheel {
 public:
  /// A wheel drawing with `policy` (see policies.hpp for the names and PolicyOptions for the
  /// settings, such as quota's slack) from `seed`. Its log starts with a Created event.
  explicit Wheel(std::string_view policy, std::uint64_t seed = 0, const PolicyOptions& options = {});

  // Copies are independent wheels (the whole state, by members); a moved-from wheel may only be
  // assigned to or destroyed.
  Wheel(const Wheel&);
  Wheel& operator=(const Wheel&);
  Wheel(Wheel&&) noexcept;
  Wheel& operator=(Wheel&&) noexcept;
  ~Wheel();

  const Roster& roster() const noexcept;
  const Policy& policy() const noexcept;
  const PolicyOptions& options() const noexcept;
  /// The seed of the wheel's random stream: Boost's mt19937_64 seeded with it, read through Rng.
  /// Every spin draws on from where the last one stopped, so the same seed and the same calls give
  /// the same picks.
  std::uint64_t seed() const noexcept;
  /// The 64-bit words the stream has given so far: where the next spin's draw begins. A spin
  /// records it (Suggestion::position), so the spin can be drawn again from Rng(seed()) moved on
  /// with Rng::discard(position), given the wheel's state at the time.
  std::uint64_t stream_position() const noexcept;
  /// Spins so far (suggest and skip each take one).
  std::uint64_t spins() const noexcept;
  /// Goes up with every change to the roster, pins or rotation (not with spins, action items or
  /// the calendar); a suggestion is accepted only at the version it was drawn.
  std::uint64_t version() const noexcept;
  const std::vector<Meeting>& history() const noexcept;
  const std::vector<Pin>& pins() const noexcept;
  /// The last spin's suggestion (from suggest or skip) while it is still current, i.e. nothing
  /// but spins and action-item or calendar changes happened since: what a tool accepts when the
  /// user says "accept" without ids.
  std::optional<Suggestion> last_suggestion() const;

  // ---- action items, reviews and the meeting calendar ----

  /// The wheel's action items, review records and meeting calendar (action_book.hpp).
  const ActionBook& actions() const noexcept;

  /// Sets the meeting cadence (weekday, start, duration, time zone). Report-back dates hang on
  /// it, so it can be set only before any action item, review or calendar change exists; throws
  /// InvalidArgument otherwise or for an invalid cadence, a time zone included that the system's
  /// time-zone database does not hold (validate_known_time_zone; since 0.2.0).
  void set_cadence(Cadence cadence);

  /// Applies one change to the action items, reviews or calendar (action_changes.hpp), made by
  /// the wheel's actor now, and logs it. An ItemCreated with an empty id gets actions().next_id().
  /// Team ids are checked against the roster. Throws what ActionBook::apply throws; then nothing
  /// changed.
  void change_actions(ActionChange change);

  /// The cadence and action events of the whole log (few, next to the spins): what a store keeps
  /// beside a snapshot, since save_state() leaves the action book out (see load_state).
  const std::vector<Event>& action_events() const noexcept;

  // ---- the event log ----

  /// Who the next events are recorded as done by (free text: a user or tool name). Default "".
  void set_actor(std::string actor);
  const std::string& actor() const noexcept;
  /// Where event times come from; the default is the system clock (now_utc). A test or a batch
  /// import can set its own. Clocks are not part of the state and are not copied into the log.
  void set_clock(std::function<Timestamp()> clock);

  /// The events this wheel holds, oldest first: all of them for a wheel made in memory or
  /// replayed; only those after the snapshot for one restored by load_state (see log_base).
  const std::vector<Event>& events() const noexcept;
  /// How many events came before events().front(): 0 unless the wheel was restored from a snapshot.
  std::uint64_t log_base() const noexcept;
  /// The number of the last event: the wheel's position in its log.
  std::uint64_t last_seq() const noexcept;

  /// Rebuilds a wheel from its whole log (which starts with a Created event): the fold of the
  /// events. Every spin is drawn again from the stream at its recorded position and every outcome
  /// compared with the log; throws CorruptData naming the first event that does not match.
  static Wheel replay(std::span<const Event> log);

  /// One step of the fold: applies `event`, which must be number last_seq() + 1, as the call that
  /// made it would, and checks that the outcome is the one recorded. Throws CorruptData on a
  /// mismatch or an event that cannot apply; the wheel may then be half-changed — discard it
  /// (replay and the store do).
  void apply(const Event& event);

  // ---- roster ----

  /// Adds a team (validated: id, weight, url; a duplicate id throws DuplicateId). A participant
  /// given with `paused` set joins paused.
  void add(Participant participant);

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
  void update(Participant participant);

  /// Removes a team and its statistics; its past meetings stay in the history.
  void remove(std::string_view id);

  /// Pauses a team (not eligible until resumed). `until` records when it is due back; see
  /// resume_due. Pausing a paused team only updates `until`.
  void pause(std::string_view id, std::optional<Date> until = std::nullopt);

  /// Makes a paused team eligible again, with no penalty for the time away. Resuming a team that
  /// is not paused changes nothing (and records nothing).
  void resume(std::string_view id);

  /// Resumes every team whose `paused_until` is on or before `date`; returns their ids. Call it
  /// when a meeting starts.
  std::vector<std::string> resume_due(Date date);

  /// Changes a team's weight (its share of turns). How the rotation adapts is the policy's rule.
  /// Setting the weight a team has changes nothing (and records nothing).
  void set_weight(std::string_view id, double weight);

  /// Forgets the rotation state (the AWS "reset"); the history and statistics stay.
  void reset();

  // ---- the meeting ----

  /// Makes `id` present at the next accepted meeting (it leads every suggestion until then).
  void pin(std::string_view id, std::string reason);

  /// Withdraws a pin; throws InvalidArgument when `id` is not pinned.
  void unpin(std::string_view id);

  /// Spins the wheel: k distinct eligible teams, pinned teams first. Changes no rotation state;
  /// the spin counter moves (so the next spin draws afresh) and the spin is logged, so the log
  /// shows every spin, not just the accepted ones. Throws InvalidArgument (k = 0, more pins than
  /// k) or NotEnoughTeams.
  Suggestion suggest(std::size_t k);

  /// Replaces `id`, a team in `suggestion` that cannot attend, by a newly drawn one and records
  /// the skip. The other picks stay; earlier skipped teams stay out. A skipped pinned team keeps
  /// its pin for the next meeting. Throws StaleSuggestion,
  /// InvalidArgument (id not among the picks) or NotEnoughTeams (nobody left to draw).
  Suggestion skip(const Suggestion& suggestion, std::string_view id, std::string reason);

  /// Records `suggestion` as presented at the next meeting (optionally dated). Throws
  /// StaleSuggestion when the wheel changed since the suggestion was drawn. Returns the record as
  /// history().back(): valid until the wheel changes again, so copy it to keep it.
  const Meeting& accept(const Suggestion& suggestion, std::optional<Date> date = std::nullopt);

  /// Records explicit picks (who really presented), for meetings run without a spin. Pinned teams
  /// among them count as their pins honoured. Returns the record as the other accept does.
  const Meeting& accept(std::vector<std::string> ids, std::optional<Date> date = std::nullopt);

  /// Records who presented for `id`, a pick of the last meeting that stands for another wheel
  /// (Participant::subwheel), as picked on that wheel; Store::accept_with_subwheels calls it. The
  /// meeting can no longer be undone (the other wheel moved on too). Throws InvalidArgument (no
  /// meeting, `id` did not present at it or stands for no wheel, already recorded, no picks or a
  /// pick listed twice), UnknownId, InvalidId.
  void delegate(std::string_view id, std::vector<std::string> picks);

  /// Whether undo() would succeed: a meeting was accepted and nothing but spins and action-item
  /// or calendar changes happened since.
  bool can_undo() const noexcept;

  /// Takes back the last accepted meeting: the rotation state, statistics and pins return to what
  /// they were before it, and an Undone event (with `reason`) joins the log; the Accepted event
  /// stays. Possible only while nothing but spins and action-item or calendar changes happened
  /// since the accept (a roster change, a pin or an earlier undo in between would make "before"
  /// ambiguous); otherwise InvalidArgument. The action items stay as they are.
  Meeting undo(std::string reason = {});

  /// Each team's chance of being among the next k picks, by roster index; see Policy::probabilities
  /// for which policies give exact values. Pins are not taken into account.
  Chances probabilities(std::size_t k) const;

  /// Statistics per team, in roster order.
  std::vector<TeamStats> stats() const;

  // ---- snapshots ----

  /// The whole state after event last_seq(), as bytes (detail/serial.hpp): what a store keeps so
  /// that opening a wheel does not replay its log from the start. The actor, clock and events()
  /// are not included, nor the action book: that is the fold of action_events(), which the
  /// snapshot's keeper passes back to load_state (the bytes record how many there were).
  std::string save_state() const;

  /// A wheel restored from save_state() bytes and the saved wheel's action_events(): it draws,
  /// accepts and logs on exactly as the saved one would. events() is empty and log_base() is the
  /// saved last_seq(). Throws CorruptData for bytes that are truncated or do not describe a
  /// consistent wheel, or action events that are not the saved ones; UnsupportedVersion for bytes
  /// from a newer opswheel.
  static Wheel load_state(std::string_view bytes, std::span<const Event> action_events = {});

 private:
  explicit Wheel(detail::WheelCore core);

  detail::clone_ptr<detail::WheelCore> core_;  // never null, except in a moved-from wheel
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/wheel-inl.hpp"
#endif
