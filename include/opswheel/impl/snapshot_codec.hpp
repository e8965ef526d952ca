// SPDX-License-Identifier: Apache-2.0
//
// detail::SnapshotCodec: a wheel's state as bytes and back (Wheel::save_state / load_state), so
// that a store opens a wheel without replaying its whole event log. Not API: part of Wheel's
// implementation (wheel_core.hpp). It writes every member of the rotation state, bit for bit
// (detail/serial.hpp); the action items are left out, being the fold of their few events, which
// the snapshot's keeper passes back (the bytes record how many there were).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../date.hpp"
#include "../detail/serial.hpp"
#include "../detail/text.hpp"
#include "../errors.hpp"
#include "../events.hpp"
#include "../participant.hpp"
#include "../policy.hpp"
#include "../rng.hpp"
#include "../roster.hpp"
#include "../version.hpp"
#include "action_log.hpp"
#include "rotation_state.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

class SnapshotCodec {
 public:
  /// What load() gives back: the rotation state, the number of the last event before the
  /// snapshot, and the action items refolded from their events.
  struct Restored {
    RotationState rotation;
    std::uint64_t last_seq;
    ActionLog actions;
  };

  /// The bytes of `rotation` and of how many action events there are, after event `last_seq`.
  static std::string save(const RotationState& rotation, const ActionLog& actions, std::uint64_t last_seq) {
    const RotationState& r = rotation;
    StateWriter out;
    out.str(magic);
    out.u64(format);
    out.str(r.policy_->name());
    out.u64(r.options_.slack);
    out.f64(r.options_.lean);
    out.f64(r.options_.gap_target);
    out.u64(r.seed_);
    out.u64(r.stream_.position());
    out.u64(r.spin_);
    out.u64(r.version_);
    out.u64(last_seq);
    out.list(std::vector<Participant>(r.roster_.begin(), r.roster_.end()), [&](const Participant& p) { save(out, p); });
    r.policy_->save(out);
    save_pins(out, r.pins_);
    save_tracks(out, r.tracks_);
    save_epoch(out, r.epoch_);
    out.list(r.history_, [&](const Meeting& m) { save(out, m); });
    out.boolean(r.undo_.has_value());
    if (r.undo_) {
      std::unique_ptr<Policy> before = r.policy_->clone();
      r.undo_->policy->copy()->take_back(before);
      before->save(out);
      if (r.undo_->whole) {
        save_tracks(out, r.undo_->tracks);
      } else {
        std::vector<Track> before_tracks = r.tracks_;
        for (std::size_t j = 0; j < r.undo_->touched.size(); ++j) before_tracks[r.undo_->touched[j]] = r.undo_->tracks[j];
        save_tracks(out, before_tracks);
      }
      save_epoch(out, r.undo_->epoch);
      save_pins(out, r.undo_->pins);
    }
    out.boolean(r.last_suggestion_.has_value());
    if (r.last_suggestion_) save(out, *r.last_suggestion_);
    const std::vector<Event>& action_events = actions.events();
    out.size(action_events.size());
    out.u64(action_events.empty() ? 0 : action_events.back().seq);
    return out.take();
  }

  /// The state save() wrote, with `action_events` (the saved wheel's) refolded. Throws as
  /// Wheel::load_state documents.
  static Restored load(std::string_view bytes, std::span<const Event> action_events) {
    StateReader in(bytes);
    if (in.str() != magic) in.fail("not an opswheel wheel state");
    const std::uint64_t found = in.u64();
    if (found > format)
      throw UnsupportedVersion("wheel state format " + std::to_string(found) + " is newer than this opswheel reads (" +
                               std::to_string(format) + ")");
    // Earlier formats were development formats, never released: a store replays the log instead.
    if (found < format) in.fail("wheel state format " + std::to_string(found) + " is an unreleased development format");
    const std::string policy = in.str();
    PolicyOptions options;
    options.slack = static_cast<unsigned>(in.u64());
    options.lean = in.f64();
    options.gap_target = in.f64();
    const std::uint64_t seed = in.u64();
    RotationState r = [&] {
      try {
        return RotationState(policy, seed, options);
      } catch (const Error& e) {
        in.fail(e.what());
      }
    }();
    r.stream_.discard(in.u64());
    r.spin_ = in.u64();
    r.version_ = in.u64();
    const std::uint64_t last_seq = in.u64();
    for (Participant& p : in.list<Participant>(8, [&] { return load_participant(in); })) {
      try {
        r.roster_.add(std::move(p));
      } catch (const Error& e) {
        in.fail(e.what());
      }
    }
    auto fresh_policy = [&] {
      auto p = make_policy(policy, options);
      p->load(in);
      if (p->size() != r.roster_.size()) in.fail("the policy has " + std::to_string(p->size()) + " members");
      return p;
    };
    r.policy_ = fresh_policy();
    r.pins_ = load_pins(in, r.roster_);
    r.tracks_ = load_tracks(in, r.roster_.size());
    r.epoch_ = load_epoch(in, r);
    r.history_ = in.list<Meeting>(8, [&] { return load_meeting(in); });
    if (in.boolean()) {
      RotationState::UndoPoint undo;
      undo.policy = Policy::keep_whole(fresh_policy());
      undo.tracks = load_tracks(in, r.roster_.size());
      undo.epoch = load_epoch(in, r);
      undo.pins = load_pins(in, r.roster_);
      r.undo_ = std::move(undo);
    }
    if (in.boolean()) r.last_suggestion_ = load_suggestion(in);
    const std::size_t action_count = in.size(0);
    const std::uint64_t last_action = in.u64();
    in.finish();
    if (action_events.size() != action_count || (action_count > 0 && action_events.back().seq != last_action))
      throw CorruptData("the snapshot was taken with " + std::to_string(action_count) + " action events (the last number " +
                        std::to_string(last_action) + ") but " + std::to_string(action_events.size()) + " were given");
    ActionLog actions;
    actions.restore(action_events);
    return Restored{std::move(r), last_seq, std::move(actions)};
  }

 private:
  using Track = RotationState::Track;
  using Epoch = RotationState::Epoch;

  static constexpr std::string_view magic = "opswheel.wheel";
  // 5: the fair-share policies keep targets across roster changes (detail/targets.hpp). 4: the
  // random stream's position (spins drew from per-spin seeds before). 3: the saved version
  // does not count action-item and calendar events. 2 kept the tracks per epoch first.
  // Earlier formats are refused, and a store replays the log instead.
  static constexpr std::uint64_t format = 5;

  static void save_epoch(StateWriter& out, const Epoch& e) {
    out.size(e.k);
    out.u64(e.meetings);
  }
  // An epoch's shares are not saved: they follow from its k and the roster of `r`.
  static Epoch load_epoch(StateReader& in, const RotationState& r) {
    Epoch e;
    e.k = in.size(0);
    e.meetings = in.u64();
    if (e.open()) {
      try {
        e.shares = r.meeting_shares(e.k);
      } catch (const Error& error) {
        in.fail("an epoch of meetings of " + std::to_string(e.k) + " picks: " + error.what());
      }
    }
    return e;
  }

  static void save(StateWriter& out, const Participant& p) {
    out.str(p.id);
    out.str(p.name);
    out.str(p.url);
    out.f64(p.weight);
    out.list(p.tags, [&](const std::string& t) { out.str(t); });
    out.boolean(p.paused);
    save_date(out, p.paused_until);
    out.str(p.subwheel);
  }
  static Participant load_participant(StateReader& in) {
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
  static void save_date(StateWriter& out, const std::optional<Date>& d) {
    out.boolean(d.has_value());
    if (d) out.i64(std::chrono::sys_days(*d).time_since_epoch().count());
  }
  static std::optional<Date> load_date(StateReader& in) {
    if (!in.boolean()) return std::nullopt;
    const Date d{std::chrono::sys_days(std::chrono::days(in.i64()))};
    try {
      validate_date(d);
    } catch (const Error& e) {
      in.fail(e.what());
    }
    return d;
  }
  static void save_pins(StateWriter& out, const std::vector<Pin>& pins) {
    out.list(pins, [&](const Pin& p) {
      out.str(p.id);
      out.str(p.reason);
      out.str(p.actor);
    });
  }
  static std::vector<Pin> load_pins(StateReader& in, const Roster& roster) {
    return in.list<Pin>(24, [&] {
      Pin p{in.str(), in.str(), in.str()};
      if (!roster.contains(p.id)) in.fail("a pin for '" + printable(p.id) + "', who is not on the roster");
      return p;
    });
  }
  static void save_tracks(StateWriter& out, const std::vector<Track>& tracks) {
    out.list(tracks, [&](const Track& t) {
      out.size(t.turns);
      out.boolean(t.last_meeting.has_value());
      out.size(t.last_meeting.value_or(0));
      out.u64(t.eligible_meetings);
      t.gaps.save(out);
      out.f64(t.expected);
    });
  }
  static std::vector<Track> load_tracks(StateReader& in, std::size_t teams) {
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
  static void save(StateWriter& out, const Meeting& m) {
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
  static Meeting load_meeting(StateReader& in) {
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
  static void save(StateWriter& out, const Suggestion& s) {
    out.list(s.picks, [&](const std::string& id) { out.str(id); });
    save_pins(out, s.pinned);
    save_skips(out, s.skipped);
    for (const std::uint64_t v : {s.position, s.spin, s.version}) out.u64(v);
  }
  static Suggestion load_suggestion(StateReader& in) {
    Suggestion s;
    s.picks = in.list<std::string>(8, [&] { return in.str(); });
    s.pinned = in.list<Pin>(24, [&] { return Pin{in.str(), in.str(), in.str()}; });
    s.skipped = load_skips(in);
    s.position = in.u64();
    s.spin = in.u64();
    s.version = in.u64();
    return s;
  }
  static void save_skips(StateWriter& out, const std::vector<Skip>& skips) {
    out.list(skips, [&](const Skip& s) {
      for (const std::string* f : {&s.id, &s.reason, &s.replacement, &s.actor}) out.str(*f);
    });
  }
  static std::vector<Skip> load_skips(StateReader& in) {
    return in.list<Skip>(32, [&] { return Skip{in.str(), in.str(), in.str(), in.str()}; });
  }
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
