// SPDX-License-Identifier: Apache-2.0
//
// opswheel::Store: the store's rules over any database (docs/persistence.md). Opening a wheel from
// its snapshot, commit's conflict check and rebase, snapshots, sub-wheel accepts, verify's audit
// and the JSON export and import live here, once; they reach the database only through
// detail::StoreBackend (backend.hpp), so every backend keeps the same promises. The SQLite code is
// in sqlite_backend.cpp, the PostgreSQL code in postgres_backend.cpp.
#include <opswheel/store.hpp>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <span>
#include <type_traits>
#include <utility>

#include <opswheel/errors.hpp>

#include "backend.hpp"

OPSWHEEL_BEGIN_NAMESPACE

namespace {

using detail::EventRow;
using detail::quoted;
using detail::StoreBackend;
using Head = detail::StoredHead;

std::int64_t millis(Timestamp t) { return t.time_since_epoch().count(); }

// An event as its stored columns.
EventRow to_row(const ChainedEvent& c) {
  return {c.event.seq, millis(c.event.at), c.event.actor, std::string(event_type(c.event.payload)),
          event_json(c.event), c.prev, c.hash};
}

// A stored row read back. The columns beside the JSON are there for queries; they must agree.
ChainedEvent from_row(std::string_view name, EventRow&& r) {
  const std::string where = "wheel " + quoted(name) + ", event " + std::to_string(r.seq);
  Event e;
  try {
    e = event_from_json(r.json);
  } catch (const CorruptData& err) {
    throw CorruptData(where + ": its stored JSON does not read: " + err.what());
  }
  if (e.seq != r.seq || millis(e.at) != r.at || e.actor != r.actor || event_type(e.payload) != r.type)
    throw CorruptData(where + ": its JSON disagrees with its number, time, actor or type columns");
  return {std::move(e), std::move(r.prev), std::move(r.hash)};
}

std::vector<EventRow> to_rows(std::span<const ChainedEvent> log) {
  std::vector<EventRow> rows;
  rows.reserve(log.size());
  for (const auto& c : log) rows.push_back(to_row(c));
  return rows;
}

// `events` chained on from `prev` (as chain() does), straight into their stored columns: each
// event is written as JSON once, for its hash and its row both.
std::vector<EventRow> chained_rows(std::span<const Event> events, std::string prev) {
  std::vector<EventRow> rows;
  rows.reserve(events.size());
  for (const Event& e : events) {
    std::string json = event_json(e);
    std::string hash = chain_hash(prev, json);
    rows.push_back({e.seq, millis(e.at), e.actor, std::string(event_type(e.payload)), std::move(json), std::move(prev), hash});
    prev = std::move(hash);
  }
  return rows;
}

constexpr std::uint64_t no_limit = std::numeric_limits<std::uint64_t>::max();

// What is wrong when the head recorded for a wheel is not its log's last event (`last`, with hash
// `last_hash`): the head names another event, or names the last one with another hash.
std::string head_mismatch(const Head& head, std::uint64_t last, const std::string& last_hash) {
  if (last != head.seq)
    return "the head recorded for the wheel says event " + std::to_string(head.seq) + " but its log ends at event " +
           std::to_string(last);
  return "the head hash recorded for the wheel (" + head.hash + ") does not match its last event, event " +
         std::to_string(last) + " (hash " + last_hash + ")";
}

}  // namespace

// ---- the operations, each run inside a transaction its public caller opened ----

namespace {

// The chain hashes a Store has worked out for one wheel: the hash after each of `events` (the
// wheel's events from `base` + 1 on, as a copy it read or committed held them), chained on from
// `base_hash`, the stored hash of event `base`, read from the store. Past that one stored fact
// (a stored event never changes) the hashes are a function of the events alone, so they stay
// true whether the commit that worked them out was written or rolled back. A commit of a copy that
// holds the same events takes their hashes from here instead of writing each one as JSON and
// hashing it again: for a wheel kept in memory and committed many times, that was every event
// since it was loaded, at every commit.
struct KnownChain {
  std::uint64_t base = 0;
  std::string base_hash;
  std::vector<Event> events;
  std::vector<std::string> hashes;
};
using KnownChains = std::map<std::string, KnownChain, std::less<>>;

class Ops {
 public:
  Ops(StoreBackend& db, const StoreOptions& options, KnownChains& known) : db_(db), options_(options), known_(known) {}

  std::optional<Head> head(std::string_view name) { return db_.head(name); }
  Head existing_head(std::string_view name) {
    auto h = head(name);
    if (!h) throw NotFound("no wheel named " + quoted(name) + " in store " + quoted(db_.location()));
    return *h;
  }

  // The stored events of `name` from `from` on, read back and checked against their columns.
  std::vector<ChainedEvent> events(std::string_view name, std::uint64_t from) {
    std::vector<ChainedEvent> out;
    db_.scan_events(name, from, no_limit, [&](EventRow&& r) {
      out.push_back(from_row(name, std::move(r)));
      return true;
    });
    return out;
  }

  std::string hash_of(std::string_view name, std::uint64_t seq) {
    if (seq == 0) return std::string(genesis_hash);
    auto hash = db_.event_hash(name, seq);
    if (!hash) throw CorruptData("wheel " + quoted(name) + ": event " + std::to_string(seq) + " is missing");
    return std::move(*hash);
  }

  // Checks that `log` continues the chain after event `from - 1`, whose hash is `prev`, and ends
  // at the wheel's head.
  void check_chain(std::string_view name, const std::vector<ChainedEvent>& log, std::uint64_t from, const std::string& prev,
                   const Head& head) {
    const std::string prefix = "wheel " + quoted(name) + " in store " + quoted(db_.location()) + ": ";
    if (from > 1 && log.empty() && head.seq >= from)
      throw CorruptData(prefix + "its events from " + std::to_string(from) + " on are missing");
    const Verification v = verify_chain(log, prev);
    if (!v.ok) throw CorruptData(prefix + v.problem);
    if (!log.empty() && log.front().event.seq != from)
      throw CorruptData(prefix + "event " + std::to_string(from) + " is missing");
    const std::uint64_t last = log.empty() ? from - 1 : log.back().event.seq;
    const std::string& last_hash = log.empty() ? prev : log.back().hash;
    if (last != head.seq || last_hash != head.hash) throw CorruptData(prefix + head_mismatch(head, last, last_hash));
  }

  // Every stored event of `name`, its chain checked.
  std::vector<ChainedEvent> whole_log(std::string_view name) {
    const Head h = existing_head(name);
    auto log = events(name, 1);
    check_chain(name, log, 1, std::string(genesis_hash), h);
    return log;
  }

  static Wheel replay(const std::vector<ChainedEvent>& log) {
    std::vector<Event> events;
    events.reserve(log.size());
    for (const auto& c : log) events.push_back(c.event);
    return Wheel::replay(events);
  }

  // The wheel as stored: its last snapshot and the events after it, or the whole log replayed
  // when the snapshot does not load or its events do not apply to it.
  Wheel load(std::string_view name) {
    const Head h = existing_head(name);
    if (auto snapshot = db_.newest_snapshot(name); snapshot && snapshot->seq <= h.seq) {
      // One read: the cadence and action events up to the snapshot (it leaves the action book
      // out, the fold of these few events; see Wheel::load_state), the snapshot's own event for
      // its hash, and the events after it.
      const std::uint64_t from = snapshot->seq + 1;
      std::vector<EventRow> action_rows;
      std::optional<std::string> prev;
      std::vector<ChainedEvent> log;
      db_.scan_for_open(name, snapshot->seq, [&](EventRow&& r) {
        if (r.seq == snapshot->seq) prev = r.hash;
        if (r.seq >= from) log.push_back(from_row(name, std::move(r)));
        else if (std::ranges::find(detail::action_event_types, r.type) != std::end(detail::action_event_types))
          action_rows.push_back(std::move(r));
        return true;
      });
      if (!prev) throw CorruptData("wheel " + quoted(name) + ": event " + std::to_string(snapshot->seq) + " is missing");
      check_chain(name, log, from, *prev, h);
      try {
        std::vector<Event> actions;
        for (EventRow& r : action_rows) actions.push_back(from_row(name, std::move(r)).event);
        Wheel w = Wheel::load_state(snapshot->state, actions);
        if (w.last_seq() == snapshot->seq) {
          for (const auto& c : log) w.apply(c.event);
          remember(name, snapshot->seq, std::move(*prev), std::move(log));
          return w;
        }
      } catch (const Error&) {
        // verify() reports the snapshot; the log is the truth, so fall through to it.
      }
    }
    try {
      auto log = whole_log(name);
      Wheel w = replay(log);
      remember(name, 0, std::string(genesis_hash), std::move(log));
      return w;
    } catch (const CorruptData& e) {
      throw CorruptData("wheel " + quoted(name) + " in store " + quoted(db_.location()) + " does not load: " + e.what());
    }
  }

  // Writes `wheel`'s new events after the stored head, chained on from it, and a snapshot when
  // one is due. Throws Conflict when the stored head is not an event of `wheel`. With
  // `rebased_into`, a stale copy whose changes do not really conflict with the stored ones is
  // rebased (see rebase) and *rebased_into becomes the result.
  std::size_t append(std::string_view name, const Wheel& wheel, std::optional<Wheel>* rebased_into = nullptr) {
    const Head h = existing_head(name);
    // The copy's events chained on from the stored hash of its base, once (chain_hashes): whether
    // it holds the head and where it parts from the stored log (rebase) both come from it.
    const std::uint64_t base = wheel.log_base();
    const std::vector<std::string>* mine = nullptr;
    if (base <= h.seq && wheel.last_seq() > base) mine = &chain_hashes(name, wheel);
    // The chain hash at the head covers every event since the copy's base, not just the last.
    const bool holds_head = h.seq > base && h.seq <= wheel.last_seq() && (*mine)[h.seq - base - 1] == h.hash;
    if (rebased_into && !holds_head && mine) {
      // A copy: rebase reads the wheel again, which updates known_.
      if (std::optional<Wheel> rebased = rebase(name, wheel, h, std::vector<std::string>(*mine))) {
        const std::size_t written = write_after(name, *rebased, h);
        *rebased_into = std::move(*rebased);
        return written;
      }
    }
    check_current(name, wheel, h, holds_head);
    return write_after(name, wheel, h);
  }

  // The newest snapshot only: the log is the truth and an older state adds nothing to it.
  void snap(std::string_view name, const Wheel& wheel) { db_.replace_snapshot(name, wheel.last_seq(), wheel.save_state()); }

  void insert_wheel(std::string_view name, const std::vector<ChainedEvent>& log) {
    if (head(name)) throw DuplicateId(std::string(name), "the name of a wheel in store " + quoted(db_.location()));
    const auto rows = to_rows(log);
    db_.insert_wheel(name, rows.front().at, rows);
  }

 private:
  // Writes `wheel`'s events after the head `h` (which it holds), moving the head only from `h`.
  std::size_t write_after(std::string_view name, const Wheel& wheel, const Head& h) {
    if (wheel.last_seq() == h.seq) return 0;
    const auto& all = wheel.events();
    const std::span<const Event> fresh(all.end() - static_cast<std::ptrdiff_t>(wheel.last_seq() - h.seq), all.end());
    for (const Event& e : fresh) check_subwheel(name, e.payload);
    const std::vector<EventRow> rows = chained_rows(fresh, h.hash);
    if (!db_.append(name, h, rows))
      throw Conflict("wheel " + quoted(name) + " changed since it was loaded: another writer moved its head from event " +
                     std::to_string(h.seq) + " during this commit; reload it and redo the change");
    if (wheel.last_seq() - h.snapshot >= options_.snapshot_every) snap(name, wheel);
    return rows.size();
  }

  // What load() read: the events after `base` and their hashes, for the next commit (KnownChain).
  void remember(std::string_view name, std::uint64_t base, std::string base_hash, std::vector<ChainedEvent>&& log) {
    KnownChain k{base, std::move(base_hash), {}, {}};
    k.events.reserve(log.size());
    k.hashes.reserve(log.size());
    for (ChainedEvent& c : log) {
      k.events.push_back(std::move(c.event));
      k.hashes.push_back(std::move(c.hash));
    }
    known_.insert_or_assign(std::string(name), std::move(k));
  }

  // The chain hash after each of `wheel`'s events (at least as many), on from the stored hash of
  // its base: those of the events known_ holds from the same base taken from it, the rest worked
  // out and added to it. Valid until known_ changes (another call of this or load()).
  const std::vector<std::string>& chain_hashes(std::string_view name, const Wheel& wheel) {
    auto it = known_.find(name);
    if (it == known_.end() || it->second.base != wheel.log_base())
      it = known_.insert_or_assign(std::string(name), KnownChain{wheel.log_base(), hash_of(name, wheel.log_base()), {}, {}}).first;
    KnownChain& k = it->second;
    const std::vector<Event>& events = wheel.events();
    std::size_t same = 0;
    while (same < k.events.size() && same < events.size() && k.events[same] == events[same]) ++same;
    if (same < events.size()) {
      k.events.erase(k.events.begin() + static_cast<std::ptrdiff_t>(same), k.events.end());
      k.hashes.erase(k.hashes.begin() + static_cast<std::ptrdiff_t>(same), k.hashes.end());
      for (std::size_t i = same; i < events.size(); ++i) {
        k.hashes.push_back(chain_hash(i == 0 ? k.base_hash : k.hashes.back(), event_json(events[i])));
        k.events.push_back(events[i]);
      }
    }
    return k.hashes;
  }

  // Another writer committed since `wheel` was loaded, and `wheel` made events of its own. When
  // one side's events are all action-item or calendar events (is_action_event: they change no
  // rotation state and draw nothing from the random stream), the two do not really conflict:
  // `wheel`'s new events are applied again, renumbered, on the stored wheel, which checks each one
  // as the call that made it did (a spin is drawn again from its stream position and must give the
  // same picks). Returns the stored wheel with them; nullopt when there is nothing to rebase;
  // Conflict when the changes really conflict.
  // `mine` is the chain hash after each of the copy's events (append's).
  std::optional<Wheel> rebase(std::string_view name, const Wheel& wheel, const Head& h, const std::vector<std::string>& mine) {
    const std::uint64_t base = wheel.log_base();
    if (base > h.seq || wheel.last_seq() <= base) return std::nullopt;  // check_current decides
    // The last event both hold: the chains agree up to it and differ after it.
    std::uint64_t shared = base;
    db_.scan_events(name, base + 1, std::min(h.seq, wheel.last_seq()), [&](EventRow&& r) {
      if (r.hash != mine[r.seq - base - 1]) return false;
      shared = r.seq;
      return true;
    });
    if (shared == h.seq || shared == wheel.last_seq()) return std::nullopt;  // nothing on one side
    const std::span<const Event> fresh(wheel.events().begin() + static_cast<std::ptrdiff_t>(shared - base), wheel.events().end());
    const std::vector<ChainedEvent> theirs = events(name, shared + 1);
    const auto only_actions = [](const auto& range, auto event_of) {
      return std::all_of(range.begin(), range.end(), [&](const auto& e) { return is_action_event(event_of(e).payload); });
    };
    const bool independent = only_actions(fresh, [](const Event& e) -> const Event& { return e; }) ||
                             only_actions(theirs, [](const ChainedEvent& c) -> const Event& { return c.event; });
    const auto conflict = [&](const std::string& why) {
      return Conflict("wheel " + quoted(name) + " changed since it was loaded: the store is at event " + std::to_string(h.seq) +
                      ", and " + why + "; reload it and redo the change");
    };
    if (!independent)
      throw conflict("this copy has other events since event " + std::to_string(shared) + ", and both change the rotation");
    Wheel stored = load(name);
    for (const Event& e : fresh) {
      Event moved = e;
      moved.seq = stored.last_seq() + 1;
      try {
        stored.apply(moved);
      } catch (const CorruptData& err) {
        throw conflict(std::string("this copy's change does not apply after them: ") + err.what());
      }
    }
    return stored;
  }

  // A participant added or updated to stand for another wheel: that wheel must be in this store
  // (every accept that picks the participant spins it) and must not be `name` itself.
  void check_subwheel(std::string_view name, const EventPayload& payload) {
    const Participant* p = nullptr;
    if (const auto* added = std::get_if<events::Added>(&payload)) p = &added->participant;
    if (const auto* updated = std::get_if<events::Updated>(&payload)) p = &updated->participant;
    if (!p || p->subwheel.empty()) return;
    if (p->subwheel == name)
      throw InvalidArgument("'" + detail::printable(p->id) + "' cannot stand for wheel " + quoted(name) +
                            " itself; a wheel cannot be its own sub-wheel");
    if (!head(p->subwheel))
      throw NotFound("no wheel named " + quoted(p->subwheel) + " in store " + quoted(db_.location()) + ", so '" +
                     detail::printable(p->id) + "' cannot stand for it; create it first");
  }

  // The optimistic check: `wheel` must hold the stored head, as stored. A wheel restored from the
  // snapshot at the head holds no event there; then its events must replay on the stored state
  // and give its own state.
  // `holds_head`: the copy's chain reaches the head with the head's hash (append's check).
  void check_current(std::string_view name, const Wheel& wheel, const Head& h, bool holds_head) {
    const auto conflict = [&](const std::string& why) {
      return Conflict("wheel " + quoted(name) + " changed since it was loaded: the store is at event " +
                      std::to_string(h.seq) + " and " + why + "; reload it and redo the change");
    };
    if (wheel.last_seq() < h.seq)
      throw conflict("this copy only reaches event " + std::to_string(wheel.last_seq()));
    if (wheel.log_base() > h.seq)
      throw conflict("this copy's log starts after it, at event " + std::to_string(wheel.log_base() + 1));
    if (wheel.last_seq() == h.seq && wheel.log_base() == h.seq) return;  // nothing to write
    if (wheel.log_base() < h.seq) {
      if (!holds_head) throw conflict("this copy has other events up to event " + std::to_string(h.seq));
      return;
    }
    Wheel stored = load(name);
    try {
      for (const Event& e : wheel.events()) stored.apply(e);
    } catch (const CorruptData&) {
      throw conflict("this copy's events do not follow the stored ones");
    }
    if (stored.save_state() != wheel.save_state()) throw conflict("this copy's state differs from the stored one");
  }

  StoreBackend& db_;
  const StoreOptions& options_;
  KnownChains& known_;
};

// The sub-wheels' part of an accept: `parent` has just accepted its meeting; each pick that stands
// for another wheel of the store has that wheel spun for one team, accepted at the same date.
// A sub-wheel with no eligible team (all paused) has no one to send: its pick is recorded without
// a presenter (Wheel::delegate can add one later) rather than refusing the whole meeting.
void spin_subwheels(Ops& ops, std::string_view name, Wheel& parent, std::optional<Date> date) {
  const Meeting meeting = parent.history().back();
  std::map<std::string, Wheel, std::less<>> subwheels;
  for (const std::string& id : meeting.picks) {
    const std::string& sub = parent.roster().at(id).subwheel;
    if (sub.empty()) continue;
    if (sub == name)
      throw InvalidArgument("'" + detail::printable(id) + "' stands for wheel " + quoted(name) +
                            " itself; a wheel cannot be its own sub-wheel");
    auto it = subwheels.find(sub);
    if (it == subwheels.end()) {
      it = subwheels.emplace(sub, ops.load(sub)).first;
      it->second.set_actor(parent.actor());
    }
    Wheel& w = it->second;
    if (w.policy().eligible_count() == 0) continue;
    const Suggestion picked = w.suggest(1);
    w.accept(picked, date);
    parent.delegate(id, picked.picks);
  }
  for (const auto& [sub, w] : subwheels) ops.append(sub, w);
  ops.append(name, parent);
}

// What verify() finds, inside its read transaction.
Verification audit(StoreBackend& db, std::string_view name, const Head& head) {
  Verification v;
  const auto bad = [&](std::optional<std::uint64_t> seq, std::string problem) {
    v.ok = false;
    v.first_bad = seq;
    v.problem = std::move(problem);
    return v;
  };
  // Row by row, so that a row that does not read is named and the chain before it still checked.
  std::vector<ChainedEvent> log;
  std::optional<Verification> unreadable;
  try {
    db.scan_events(name, 1, no_limit, [&](EventRow&& r) {
      const std::uint64_t seq = r.seq;
      try {
        log.push_back(from_row(name, std::move(r)));
      } catch (const CorruptData& e) {
        unreadable = Verification{false, 0, seq, e.what(), {}};
        return false;
      }
      return true;
    });
  } catch (const CorruptData& e) {  // the database itself is damaged
    unreadable = Verification{false, 0, std::nullopt, e.what(), {}};
  }
  const Verification chained = verify_chain(log);
  v.events = chained.events;
  if (!chained.ok) return bad(chained.first_bad, chained.problem);
  if (unreadable) {
    unreadable->events = v.events;
    return *unreadable;
  }
  const std::uint64_t last = log.empty() ? 0 : log.back().event.seq;
  const std::string last_hash = log.empty() ? std::string(genesis_hash) : log.back().hash;
  // The first event that is not as the head says: the one after the shorter of the two (missing
  // from the log, or not covered by the head), or the last one itself when only its hash differs.
  if (last != head.seq) return bad(std::min(last, head.seq) + 1, head_mismatch(head, last, last_hash));
  if (last_hash != head.hash) return bad(last, head_mismatch(head, last, last_hash));
  std::map<std::uint64_t, std::string> snapshots;
  for (auto& s : db.snapshots(name)) snapshots.emplace(s.seq, std::move(s.state));
  std::optional<Wheel> w;
  for (const auto& c : log) {
    try {
      if (w)
        w->apply(c.event);
      else
        w = Wheel::replay(std::span(&c.event, 1));
    } catch (const CorruptData& e) {
      return bad(c.event.seq, e.what());
    }
    if (const auto s = snapshots.find(c.event.seq); s != snapshots.end()) {
      if (s->second != w->save_state())
        return bad(c.event.seq, "the snapshot after event " + std::to_string(c.event.seq) +
                                    " is not the state the events give");
      snapshots.erase(s);
    }
  }
  if (!snapshots.empty())
    return bad(snapshots.begin()->first, "a snapshot after event " + std::to_string(snapshots.begin()->first) +
                                             ", which the log does not have");
  return v;
}

}  // namespace

// ---- choosing the backend ----

namespace detail {

// The key=value form of a libpq connection string: a keyword (lower-case letters and '_'), then
// '=' (spaces may stand around it).
static bool keyword_form(std::string_view where) {
  std::size_t i = 0;
  while (i < where.size() && ((where[i] >= 'a' && where[i] <= 'z') || where[i] == '_')) ++i;
  if (i == 0) return false;
  while (i < where.size() && where[i] == ' ') ++i;
  return i < where.size() && where[i] == '=';
}

// The rule is documented where open_backend is declared (backend.hpp) and on Store's constructor.
std::unique_ptr<StoreBackend> open_backend(const std::string& where, const StoreOptions& options) {
  if (where.starts_with("sqlite:")) return open_sqlite(where.substr(7), options);
  if (Store::backend_for(where) == "postgresql") {
#ifdef OPSWHEEL_HAS_POSTGRES
    return open_postgres(where, options);
#else
    // The location is not repeated: it may hold a password.
    throw StorageFailure("cannot open a PostgreSQL store: this opswheel was built without PostgreSQL "
                         "(OPSWHEEL_WITH_POSTGRES)");
#endif
  }
  return open_sqlite(where, options);
}

}  // namespace detail

// ---- Store ----

struct Store::Impl {
  std::string path;
  StoreOptions options;
  std::unique_ptr<StoreBackend> db;
  // What this Store has worked out of its wheels' chains (KnownChain): a cache that a const call
  // such as open() fills too.
  KnownChains known;

  Impl(const std::string& p, const StoreOptions& o) : path(p), options(o), db(detail::open_backend(p, o)) {}

  // Runs `work(ops)` in one read transaction and returns what it returns.
  template <class Work>
  auto read(Work&& work) {
    return run(&StoreBackend::read, std::forward<Work>(work));
  }
  // Runs `work(ops)` in one write transaction (committed when it returns) and returns what it returns.
  template <class Work>
  auto write(Work&& work) {
    // The Store's rule, before any backend is asked: a read-only store writes nothing.
    if (options.read_only)
      throw StorageFailure("store " + quoted(db->location()) +
                           " was opened read-only (StoreOptions::read_only): it cannot be written");
    return run(&StoreBackend::write, std::forward<Work>(work));
  }

 private:
  template <class Work>
  auto run(void (StoreBackend::*transaction)(const std::function<void()>&), Work&& work) {
    Ops ops(*db, options, known);
    using Result = std::invoke_result_t<Work&, Ops&>;
    if constexpr (std::is_void_v<Result>) {
      ((*db).*transaction)([&] { work(ops); });
    } else {
      std::optional<Result> result;
      ((*db).*transaction)([&] { result.emplace(work(ops)); });
      return std::move(*result);
    }
  }
};

Store::Store(const std::string& path, const StoreOptions& options) : impl_(std::make_unique<Impl>(path, options)) {}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

const std::string& Store::path() const noexcept { return impl_->path; }

std::string Store::backend_for(const std::string& where) {
  if (where.starts_with("sqlite:")) return "sqlite";
  const bool postgres = where.starts_with("postgresql://") || where.starts_with("postgres://") || detail::keyword_form(where);
  return postgres ? "postgresql" : "sqlite";
}

const std::string& Store::location() const noexcept { return impl_->db->location(); }

std::vector<std::string> Store::backends() {
#ifdef OPSWHEEL_HAS_POSTGRES
  return {"sqlite", "postgresql"};
#else
  return {"sqlite"};
#endif
}

std::vector<std::string> Store::wheels() const {
  return impl_->read([&](Ops&) { return impl_->db->wheels(); });
}

bool Store::contains(std::string_view name) const {
  return impl_->read([&](Ops& ops) { return ops.head(name).has_value(); });
}

Wheel Store::create(std::string_view name, std::string_view policy, std::uint64_t seed, const PolicyOptions& options,
                    std::string_view actor) {
  validate_id(name);
  Wheel fresh(policy, seed, options);
  Event created = fresh.events().front();
  created.actor = std::string(actor);
  Wheel w = Wheel::replay(std::span(&created, 1));
  w.set_actor(std::string(actor));
  impl_->write([&](Ops& ops) { ops.insert_wheel(name, chain(w.events())); });
  return w;
}

Wheel Store::open(std::string_view name) const {
  return impl_->read([&](Ops& ops) { return ops.load(name); });
}

std::size_t Store::commit(std::string_view name, const Wheel& wheel) {
  return impl_->write([&](Ops& ops) { return ops.append(name, wheel); });
}

std::size_t Store::commit(std::string_view name, Wheel& wheel) {
  std::optional<Wheel> rebased;  // replaces `wheel` once the transaction has committed
  const std::size_t written = impl_->write([&](Ops& ops) { return ops.append(name, wheel, &rebased); });
  if (rebased) wheel = std::move(*rebased);
  return written;
}

Meeting Store::accept_with_subwheels(std::string_view name, Wheel& wheel, const Suggestion& suggestion,
                                     std::optional<Date> date) {
  Wheel parent = impl_->write([&](Ops& ops) {
    Wheel w = wheel;
    w.accept(suggestion, date);
    spin_subwheels(ops, name, w, date);
    return w;
  });
  wheel = std::move(parent);  // only once all is committed: on a throw `wheel` is unchanged
  return wheel.history().back();
}

Meeting Store::accept_with_subwheels(std::string_view name, Wheel& wheel, std::vector<std::string> picks,
                                     std::optional<Date> date) {
  Wheel parent = impl_->write([&](Ops& ops) {
    Wheel w = wheel;
    w.accept(std::move(picks), date);
    spin_subwheels(ops, name, w, date);
    return w;
  });
  wheel = std::move(parent);
  return wheel.history().back();
}

double Store::subwheel_weight(std::string_view subwheel) const {
  const Wheel w = open(subwheel);
  const auto active = std::count_if(w.roster().begin(), w.roster().end(), [](const Participant& p) { return !p.paused; });
  return static_cast<double>(std::max<std::ptrdiff_t>(active, 1));
}

std::vector<ChainedEvent> Store::events(std::string_view name, std::uint64_t from_seq) const {
  return impl_->read([&](Ops& ops) {
    ops.existing_head(name);
    return ops.events(name, std::max<std::uint64_t>(from_seq, 1));
  });
}

std::uint64_t Store::wait_for_events(std::string_view name, std::uint64_t after_seq,
                                     std::chrono::milliseconds timeout) const {
  using Clock = std::chrono::steady_clock;
  // The clock counts nanoseconds in 64 bits (about 292 years): a longer wait would overflow it.
  constexpr std::chrono::milliseconds longest = std::chrono::hours(24 * 365 * 100);
  const auto deadline = Clock::now() + std::clamp(timeout, std::chrono::milliseconds::zero(), longest);
  StoreBackend& db = *impl_->db;
  // Watching starts before the head is first read, so a commit that lands between a read and the
  // wait after it is a change that wait reports; the hint is then only a reason to read again.
  db.subscribe();
  auto head = [&] { return impl_->read([&](Ops& ops) { return ops.existing_head(name).seq; }); };
  for (;;) {
    const std::uint64_t seq = head();
    if (seq > after_seq) return seq;
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) return seq;
    // A change to another wheel (or a spurious hint) only costs a read of the head and a loop.
    db.wait_for_change(std::chrono::ceil<std::chrono::milliseconds>(left));
  }
}

Verification Store::verify(std::string_view name) const {
  return impl_->read([&](Ops& ops) {
    const Head head = ops.existing_head(name);
    Verification v;
    try {
      v = audit(*impl_->db, name, head);
    } catch (const CorruptData& e) {  // the database is damaged where no event is to blame
      v = Verification{false, 0, std::nullopt, e.what(), {}};
    }
    v.head_hash = head.hash;
    return v;
  });
}

std::string Store::export_json(std::string_view name) const {
  return impl_->read([&](Ops& ops) { return wheel_to_json(Ops::replay(ops.whole_log(name)), name); });
}

std::string Store::import_json(std::string_view text, std::optional<std::string_view> name) {
  ImportedWheel imported = wheel_from_json(text);
  const std::string target(name.value_or(imported.name));
  validate_id(target);
  impl_->write([&](Ops& ops) {
    ops.insert_wheel(target, imported.events);
    if (imported.wheel.last_seq() >= impl_->options.snapshot_every) ops.snap(target, imported.wheel);
  });
  return target;
}

OPSWHEEL_END_NAMESPACE
