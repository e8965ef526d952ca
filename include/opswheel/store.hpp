// SPDX-License-Identifier: Apache-2.0
//
// Store: wheels kept in one database — a SQLite file, or a schema of a PostgreSQL database — each
// as its event log with the audit chain and periodic snapshots.
//
// - Where a store is (Store's constructor) chooses its backend: a path (or `sqlite:PATH`) is a
//   SQLite file; `postgresql://…`, `postgres://…` or a libpq key=value string is PostgreSQL.
//   Both keep every promise below; docs/persistence.md sets them side by side.
// - One store holds many wheels, by name (names follow the rules of ids: validate_id).
// - Every call that writes is one transaction: it happened entirely or not at all, whatever
//   happens to the process (SQLite: the file is in WAL mode; see StoreOptions::durability for
//   power loss).
// - Writers are optimistic: open() gives a Wheel, the caller changes it, commit() writes the
//   events it made since. When another writer committed to that wheel in between, commit throws
//   ConflictError and writes nothing (open again and redo the change), unless one side only
//   changed action items or the calendar: then commit(name, Wheel&) rebases the other's events. Several processes may use
//   one store at once; the database serialises their transactions, and a writer waits for a lock
//   up to StoreOptions::busy_timeout before StorageError.
// - The schema version is kept in the database; an older one is migrated forward when opened for
//   writing, a newer one is refused with UnsupportedVersion, a file or schema that is not an
//   opswheel store with StorageFailure (nothing is written to a store that is refused). Only
//   StoreOptions::create makes a store of a missing or empty file or schema;
//   StoreOptions::read_only opens without ever writing.
// - Snapshots (Wheel::save_state) are written every StoreOptions::snapshot_every events, so
//   opening a wheel loads the last snapshot and replays only the events after it. Only the newest
//   snapshot of a wheel is kept: the events are the truth, and a snapshot that does not load or
//   does not match is bypassed by open() (a full replay) and reported by verify().
//
// The interface has no database's types in it. Inside, the Store's rules (the conflict check,
// rebase, snapshots, verify, JSON) run over an internal backend seam (src/store/backend.hpp), which
// SQLite and PostgreSQL implement; tests/cpp/test_store.cpp is a conformance suite over this
// interface that runs against both.
//
// Part of the compiled library opswheel::persist. A Store object is used by one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"
#include "version.hpp"
#include "wheel.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// How a Store opens its database and writes to it.
struct StoreOptions {
  /// How long a write waits for another process's transaction before StorageError (PostgreSQL:
  /// the session's lock_timeout, and the connection time-out, rounded up to whole seconds and at
  /// least 2, unless the location sets connect_timeout).
  std::chrono::milliseconds busy_timeout{5000};
  /// Make a store of a file that does not exist, is empty (zero bytes) or is an empty SQLite
  /// database, or of a PostgreSQL schema that does not exist or has no tables. When false, such a
  /// file or schema is refused with StorageFailure and left as it is.
  bool create = true;
  /// Open for reading only: never create, migrate or write (the calls that write throw
  /// StorageFailure), and leave no file behind that could keep a writer out. A file that is not
  /// an opswheel store of this schema version is refused. \since 0.2.0
  bool read_only = false;
  /// full (the default): a commit that returned survives a power cut (SQLite synchronous=FULL,
  /// the WAL is synced at every commit). normal: it survives a crash of the process, but the last
  /// commits may be lost on power loss (synchronous=NORMAL); faster. On PostgreSQL: full is
  /// synchronous_commit=on (a commit returns once the server has flushed it); normal is
  /// synchronous_commit=off (a server crash may lose the last commits, never half of one).
  enum class Durability { full, normal } durability = Durability::full;
  /// Events between snapshots. Opening a wheel replays up to this many events after its last
  /// snapshot, and each replayed meeting costs O(teams) (about 0.7 ms at 10,000 teams), while a
  /// snapshot costs a write of the whole state (about 14 MB for 10,000 teams and 45,000
  /// meetings). 100 keeps the open of such a wheel near 70 ms; docs/persistence.md has figures.
  std::uint64_t snapshot_every = 100;
};

/// The store of wheels, in SQLite or PostgreSQL (docs/persistence.md). A Store is for one thread at
/// a time; open one per thread (or process) to write from several: they are kept apart by the
/// database's locking and the conflict check of commit().
class Store {
 public:
  /// The schema version this opswheel writes (and the newest it reads).
  static constexpr int schema_version = 1;

  /// Opens (or creates) the store at `where`, whose form chooses the backend:
  /// - `postgresql://…` or `postgres://…` (a libpq connection URI), or a libpq key=value string
  ///   (a keyword of lower-case letters and '_', then '=', e.g. `host=/run/pg dbname=ops`):
  ///   PostgreSQL. The store lives in the PostgreSQL schema named by the parameter `schema`
  ///   (`?schema=NAME` in a URI, `schema=NAME` in key=value; default `opswheel`; a plain name of
  ///   lower-case letters, digits and '_', else InvalidArgument). A build without
  ///   OPSWHEEL_WITH_POSTGRES refuses it with StorageFailure (backends() says which a build has).
  /// - `sqlite:PATH`: the SQLite file PATH (for a path that would read as key=value).
  /// - anything else: the SQLite file at that path.
  /// Throws StorageFailure (cannot open or connect, not an opswheel store, an empty or missing
  /// file or schema without `create`, a file this user cannot write unless `read_only`, locked past
  /// the timeout), UnsupportedVersion (written by a newer schema), CorruptData (a damaged file,
  /// e.g. truncated) or InvalidArgument (a PostgreSQL location libpq cannot read, a bad schema
  /// name). Messages name the store without any password.
  explicit Store(const std::string& where, const StoreOptions& options = {});
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  /// The location the store was opened with, as given (a PostgreSQL URL with any password in it).
  const std::string& path() const noexcept;

  /// The backend the constructor would choose for `where` ("sqlite" or "postgresql", by the rule
  /// above), whether or not this build has it; opens nothing. \since 0.2.0
  static std::string backend_for(const std::string& where);

  /// The store as messages name it: the path, or the PostgreSQL location without its password.
  /// \since 0.2.0
  const std::string& location() const noexcept;

  /// The backends this build has, by the names docs/persistence.md uses: "sqlite" always,
  /// "postgresql" when built with OPSWHEEL_WITH_POSTGRES. \since 0.2.0
  static std::vector<std::string> backends();

  /// The wheels in the store, by name, sorted.
  std::vector<std::string> wheels() const;
  bool contains(std::string_view name) const;

  /// Creates wheel `name` (its Created event, by `actor`) and returns it, ready for changes and
  /// commit(). Throws InvalidId (a bad name), DuplicateId (the name is taken), or what Wheel's
  /// constructor throws for the policy.
  Wheel create(std::string_view name, std::string_view policy, std::uint64_t seed = 0,
               const PolicyOptions& options = {}, std::string_view actor = {});

  /// Opens wheel `name`: its last snapshot and the events after it, replayed; the audit chain of
  /// those events is checked. Throws NotFound, or CorruptData when the stored events do not
  /// chain or do not replay.
  Wheel open(std::string_view name) const;

  /// Writes the events `wheel` made since it was opened or last committed, in one transaction,
  /// with their hashes (and a snapshot when one is due). Returns how many were written (0 when
  /// none). Throws ConflictError (another writer committed to this wheel since; nothing written),
  /// NotFound (also for a participant added or updated to stand for a wheel this store does not
  /// have), InvalidArgument (one standing for `name` itself), or StorageError.
  ///
  /// The check: the stored wheel's last event must be in `wheel`, equal to it (same canonical
  /// JSON); for a wheel restored from the snapshot at the stored head, its events must replay on
  /// the stored state and give its state. So a wheel opened from another name or another store
  /// conflicts too.
  std::size_t commit(std::string_view name, const Wheel& wheel);

  /// As above, and when another writer committed in between but only one side's events are
  /// action-item or calendar events (is_action_event: they change no rotation state and draw
  /// nothing from the random stream), the two do not really conflict: `wheel`'s new events are
  /// applied again after the stored ones, each checked as the call that made it was (a spin is
  /// drawn again from its recorded stream position and must give the same picks), and written;
  /// `wheel` then becomes the stored wheel with them (renumbered: keep no event numbers of it
  /// across this call). Changes on both sides that change the
  /// rotation (or a change that no longer applies, e.g. two items given the same id) still throw
  /// ConflictError and write nothing. \since 0.2.0
  std::size_t commit(std::string_view name, Wheel& wheel);

  /// Accepts `suggestion` on `wheel` and, for each pick that stands for another wheel of this
  /// store (Participant::subwheel), spins that wheel for one team (suggest(1), accepted with the
  /// same date and `wheel`'s actor) and records who presented for it in `wheel`
  /// (Wheel::delegate); commits every wheel involved in one transaction: all or nothing. One
  /// level: a team picked on a sub-wheel that stands for yet another wheel is not spun further.
  /// A sub-wheel with no eligible team (all paused) sends no one: its pick is recorded without a
  /// presenter (Wheel::delegate can add one later), and the meeting is accepted all the same.
  /// Throws as Wheel::accept and commit() do, NotFound for a sub-wheel the store does not have,
  /// InvalidArgument for a participant that stands for `name` itself; on a throw `wheel` is
  /// unchanged and nothing is written.
  Meeting accept_with_subwheels(std::string_view name, Wheel& wheel, const Suggestion& suggestion,
                                std::optional<Date> date = std::nullopt);
  /// The same for a meeting given as the teams that presented (Wheel::accept(ids)): picks that
  /// stand for a sub-wheel spin it as above. \since 0.2.0
  Meeting accept_with_subwheels(std::string_view name, Wheel& wheel, std::vector<std::string> picks,
                                std::optional<Date> date = std::nullopt);

  /// The default weight of a participant standing for wheel `subwheel`: its active teams (at
  /// least 1). Throws NotFound.
  double subwheel_weight(std::string_view subwheel) const;

  /// The stored events of `name` from `from_seq` on, with their hashes. Throws NotFound.
  std::vector<ChainedEvent> events(std::string_view name, std::uint64_t from_seq = 1) const;

  /// The change feed (docs/persistence.md, "Change feed"): waits until wheel `name` has an event
  /// numbered above `after_seq` and returns its head, the number of its last event: at once when
  /// it has one already, as soon as another connection (another Store, another process) commits
  /// one, or, when `timeout` passes first, the head as it is then (at most `after_seq`). A commit
  /// is seen within about 50 ms on SQLite. Nothing is missed: the store is watched before the head
  /// is first read, so a commit between that read and the wait still ends the wait. The database
  /// only hints that something may have changed; what the call returns is read from the store.
  /// A timeout of zero or less looks once; one of more than a century waits a century. Throws
  /// NotFound, or StorageError when the database fails (after a backend's own reconnect).
  ///
  /// To follow a wheel, read by number after every wait, and go on from the last event read
  /// (not from the head returned: more may have been committed in between):
  ///
  ///     std::uint64_t seen = 0;
  ///     for (;;) {
  ///       store.wait_for_events("ops", seen, std::chrono::seconds(30));
  ///       for (const ChainedEvent& e : store.events("ops", seen + 1)) { handle(e); seen = e.event.seq; }
  ///     }
  ///
  /// Commits made through this same Store are in the store before the call and are found by its
  /// first read. Like every call, for one thread at a time: the Store is busy while it waits.
  /// \since 0.2.0
  std::uint64_t wait_for_events(std::string_view name, std::uint64_t after_seq,
                                std::chrono::milliseconds timeout) const;

  /// Checks wheel `name` as an auditor would: the audit chain of every event, the replay of the
  /// whole log from its first event, and every snapshot against the replay. Never throws for
  /// what it finds (a damaged file included); reports the first event (or, by the event it
  /// follows, the snapshot) that does not match. Throws NotFound, or StorageError when the file
  /// cannot be read at all (e.g. locked past the timeout).
  Verification verify(std::string_view name) const;

  /// The whole wheel as a JSON document (see json.hpp). Throws NotFound.
  std::string export_json(std::string_view name) const;

  /// Adds the wheel in `text` (checked as wheel_from_json does) under its own name, or `name` when
  /// given. Throws DuplicateId when the name is taken; nothing is written on any error.
  std::string import_json(std::string_view text, std::optional<std::string_view> name = std::nullopt);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

OPSWHEEL_END_NAMESPACE
