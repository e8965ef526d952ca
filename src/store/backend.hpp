// SPDX-License-Identifier: Apache-2.0
//
// What opswheel::Store needs from a database: the seam between the Store's rules (store.cpp:
// commit's conflict check and rebase, snapshots, sub-wheels, verify, JSON) and one database
// (sqlite_backend.cpp, postgres_backend.cpp). Internal: not installed, and no database's types
// appear in it, so each backend implements this class and nothing in store.cpp knows which.
//
// The shape follows what a shared server needs as much as what SQLite does:
// - Work runs in read() or write(), each one transaction, so a backend decides how to begin, end
//   and roll it back (and may one day retry a serialisation failure) without the Store knowing.
// - append() is compare-and-set on the wheel's head row: the Store says which head it checked its
//   copy against, and the backend moves the head only from that one. Under SQLite's write lock
//   the head cannot move in between, so it never fails there; on a server where two writers may
//   run at once it is what makes the loser's commit a conflict with nothing written.
// - Events come back as rows in the library's own terms (EventRow); parsing them and checking
//   them against their columns is the Store's, so every backend answers to the same rule.
// - The change feed needs only a hint from the database (subscribe, wait_for_change): whether it
//   may have changed. The Store then reads the head and the events by number, so a hint that is
//   lost, repeated or spurious costs a read, never an event.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <opswheel/detail/text.hpp>
#include <opswheel/store.hpp>

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {

/// A wheel's head: its last event's number and hash (0 and nothing for no event), and the event
/// its newest snapshot is after (0 for none), read with it so a commit learns whether a snapshot
/// is due without reading one.
struct StoredHead {
  std::uint64_t seq = 0;
  std::string hash;
  std::uint64_t snapshot = 0;
};

/// One stored event as its columns. `json` is event_json(event), the text the hash covers; `at`
/// (ms since 1970, UTC), `actor` and `type` repeat it for queries and must agree with it.
struct EventRow {
  std::uint64_t seq = 0;
  std::int64_t at = 0;
  std::string actor;
  std::string type;
  std::string json;
  std::string prev;
  std::string hash;
};

/// A wheel's state (Wheel::save_state) after event `seq`.
struct StoredSnapshot {
  std::uint64_t seq = 0;
  std::string state;
};

/// The event types a snapshot leaves out and open() refolds (is_action_event), by their stored
/// `type`: a backend selects them by this list, so the list is written once.
inline constexpr std::string_view action_event_types[] = {"cadence_set", "action_changed"};

/// A name as messages quote it (printable, so control characters cannot garble a message).
inline std::string quoted(std::string_view name) { return "'" + printable(name) + "'"; }

/// One open store in one database. Opening it (open_backend) has already refused what is not an
/// opswheel store of a schema this opswheel reads, and migrated an older one unless read-only.
/// Every call below but location(), read() and write() runs inside read() or write(); a failure
/// of the database throws StorageFailure or CorruptData naming location(). For one thread at a time.
class StoreBackend {
 public:
  virtual ~StoreBackend() = default;

  /// The store as messages name it (a file's path, a PostgreSQL location without its password).
  virtual const std::string& location() const noexcept = 0;

  /// Runs `work` in one transaction that sees one consistent state and writes nothing.
  virtual void read(const std::function<void()>& work) = 0;
  /// Runs `work` in one write transaction, committed when it returns and rolled back (nothing
  /// written) when it throws; the exception goes on to the caller.
  virtual void write(const std::function<void()>& work) = 0;

  /// The names of the wheels, sorted.
  virtual std::vector<std::string> wheels() = 0;
  /// The head of wheel `wheel`, or nullopt when there is no such wheel.
  virtual std::optional<StoredHead> head(std::string_view wheel) = 0;

  /// Hands the events of `wheel` numbered `from` to `through` to `visit`, in order, until it
  /// returns false. Streamed rather than returned, so verify keeps the rows read before a row or
  /// a page of the database that does not read.
  using RowVisitor = std::function<bool(EventRow&&)>;
  virtual void scan_events(std::string_view wheel, std::uint64_t from, std::uint64_t through,
                           const RowVisitor& visit) = 0;
  /// What opening `wheel` from its snapshot after event `snapshot` (at least 1) reads, in one query:
  /// the events of action_event_types numbered up to `snapshot`, and every event from `snapshot`
  /// on (that one for its hash, the chain's link to the rest), in order, the same way.
  virtual void scan_for_open(std::string_view wheel, std::uint64_t snapshot, const RowVisitor& visit) = 0;
  /// The hash of event `seq` of `wheel`, or nullopt when it is not stored.
  virtual std::optional<std::string> event_hash(std::string_view wheel, std::uint64_t seq) = 0;

  /// The snapshot of `wheel` after the highest event, or nullopt when it has none.
  virtual std::optional<StoredSnapshot> newest_snapshot(std::string_view wheel) = 0;
  /// Every snapshot of `wheel`, by event (normally one; verify reports any other).
  virtual std::vector<StoredSnapshot> snapshots(std::string_view wheel) = 0;

  /// Writes a new wheel: its row, with `created` (ms since 1970) and its head at the last of
  /// `events` (not empty), and the events. The Store has checked that the name is free.
  virtual void insert_wheel(std::string_view wheel, std::int64_t created, std::span<const EventRow> events) = 0;
  /// Compare-and-set: moves the head of `wheel` from `expected` to the last of `events` (not
  /// empty, numbered on from it) and writes them. Returns false, having written nothing, when the
  /// head is no longer `expected` (another writer moved it): the Store reports a conflict. A
  /// backend whose transactions see a snapshot may find that out only when the other writer
  /// commits, and throw Conflict instead; nothing is written either way.
  virtual bool append(std::string_view wheel, const StoredHead& expected, std::span<const EventRow> events) = 0;
  /// Makes (`seq`, `state`) the only snapshot of `wheel`: the log is the truth, and an older
  /// state adds nothing to it.
  virtual void replace_snapshot(std::string_view wheel, std::uint64_t seq, std::string_view state) = 0;

  /// The change feed's primitive; both are called outside read() and write(). subscribe() starts
  /// watching the store for commits by any other connection (calling it again changes nothing).
  /// wait_for_change() returns true as soon as one may have happened since subscribe() or the
  /// last wait_for_change(), false when `timeout` passed without one. A backend that lost its
  /// connection while waiting connects again, subscribes again and returns true, so the Store
  /// catches up by reading the head; one that cannot connect again throws StorageFailure.
  virtual void subscribe() = 0;
  virtual bool wait_for_change(std::chrono::milliseconds timeout) = 0;
};

/// The backend for `where`, chosen by its form (store.cpp):
/// - `postgresql://…` or `postgres://…` (a libpq connection URI), or a libpq key=value string
///   (it starts with a keyword of lower-case letters and '_' and then '=', e.g.
///   `host=/run/pg dbname=ops`): PostgreSQL (open_postgres), or StorageFailure in a build without it;
/// - `sqlite:PATH`: the SQLite file PATH (the prefix lets a path that looks like key=value be one);
/// - anything else: the SQLite file at that path.
std::unique_ptr<StoreBackend> open_backend(const std::string& where, const StoreOptions& options);

/// The SQLite backend (sqlite_backend.cpp): the file at `path`, created, checked and migrated as
/// docs/persistence.md says.
std::unique_ptr<StoreBackend> open_sqlite(const std::string& path, const StoreOptions& options);

/// The PostgreSQL backend (postgres_backend.cpp; only in a build with OPSWHEEL_WITH_POSTGRES): the
/// store in the PostgreSQL schema named by the location's `schema` parameter (default `opswheel`,
/// a plain name, else InvalidArgument), which is taken out before libpq reads the rest; created,
/// checked and migrated as docs/persistence.md says. location() is `where` without its password.
std::unique_ptr<StoreBackend> open_postgres(const std::string& where, const StoreOptions& options);

}  // namespace detail

OPSWHEEL_END_NAMESPACE
