// SPDX-License-Identifier: Apache-2.0
//
// The SQLite backend of opswheel::Store (docs/persistence.md describes the schema and the rules).
#include <opswheel/store.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <sys/stat.h>

#include <cstdio>
#include <map>
#include <span>
#include <unordered_map>
#include <utility>

#include <opswheel/errors.hpp>

OPSWHEEL_BEGIN_NAMESPACE

namespace {

// PRAGMA application_id of an opswheel store: "opsw" in ASCII. The meta table says it too, so a
// file is recognised by its header before any table is read.
constexpr int application_id = 0x6f707377;
constexpr std::string_view application_marker = "opswheel.store";

// One forward step of the schema: the SQL that takes a file from version `to - 1` to `to`.
// Version 0 is an empty database. Steps are never edited once released; a change is a new step.
struct Migration {
  int to;
  const char* sql;
};
constexpr Migration migrations[] = {
    {1, R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE wheels(
  name TEXT PRIMARY KEY,
  created INTEGER NOT NULL,   -- ms since 1970 (UTC): the time of its 'created' event
  head_seq INTEGER NOT NULL,  -- the number of its last event
  head_hash TEXT NOT NULL     -- that event's hash
) WITHOUT ROWID;
CREATE TABLE events(
  wheel TEXT NOT NULL REFERENCES wheels(name),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,        -- ms since 1970 (UTC), as in json
  actor TEXT NOT NULL,
  type TEXT NOT NULL,
  json TEXT NOT NULL,         -- event_json(event): the text the hash covers
  prev TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY(wheel, seq)
) WITHOUT ROWID;
-- Opening from a snapshot refolds the action events (few, among many spins): find them directly.
CREATE INDEX events_by_type ON events(wheel, type, seq);
CREATE TABLE snapshots(
  wheel TEXT NOT NULL REFERENCES wheels(name),
  seq INTEGER NOT NULL,       -- the state after this event
  state BLOB NOT NULL,        -- Wheel::save_state()
  PRIMARY KEY(wheel, seq)
) WITHOUT ROWID;
)sql"},
};
static_assert(std::size(migrations) == Store::schema_version && migrations[Store::schema_version - 1].to == Store::schema_version,
              "every schema version needs its migration step");

std::string quoted(std::string_view name) { return "'" + detail::printable(name) + "'"; }

// The size of the file at `path`, or nullopt when there is none. (Not <filesystem>: its
// std::quoted would meet `quoted` above by argument-dependent lookup.)
std::optional<std::int64_t> file_size(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return static_cast<std::int64_t>(info.st_size);
}

// The open file: one SQLite connection and its prepared statements.
struct Connection {
  std::string path;
  StoreOptions options;
  sqlite3* db = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> statements;  // keyed by the SQL literal's address

  Connection(std::string p, const StoreOptions& o) : path(std::move(p)), options(o) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
    sqlite3_close_v2(db);
  }

  // Turns a SQLite failure into the exception a caller can act on.
  [[noreturn]] void fail(int rc, std::string_view doing) const {
    const std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        throw StorageFailure("store " + quoted(path) + " is locked by another connection: gave up " + std::string(doing) +
                           " after waiting " + std::to_string(options.busy_timeout.count()) +
                           " ms (StoreOptions::busy_timeout)");
      case SQLITE_NOTADB:
        throw StorageFailure(quoted(path) + " is not an opswheel store: it is not a SQLite database (" + why + ")");
      case SQLITE_CORRUPT:
        throw CorruptData("store " + quoted(path) + " is damaged: " + why + " (while " + std::string(doing) + ")");
      default:
        throw StorageFailure("store " + quoted(path) + ": " + std::string(doing) + " failed: " + why);
    }
  }
  void check(int rc, std::string_view doing) const {
    if (rc != SQLITE_OK) fail(rc, doing);
  }

  void exec(const char* sql, std::string_view doing) { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), doing); }

  sqlite3_stmt* statement(const char* sql) {
    auto& stmt = statements[sql];
    if (!stmt) check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr), "preparing a query");
    return stmt;
  }
};

// A prepared statement in use: bound, stepped, and reset when it goes out of scope (which also
// releases the read it holds, so a rollback after a throw is never blocked by it).
class Query {
 public:
  Query(Connection& db, const char* sql) : db_(db), stmt_(db.statement(sql)) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  Query& text(std::string_view value) {
    db_.check(sqlite3_bind_text64(stmt_, ++bound_, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
              "binding a value");
    return *this;
  }
  Query& blob(std::string_view value) {
    db_.check(sqlite3_bind_blob64(stmt_, ++bound_, value.data(), value.size(), SQLITE_TRANSIENT), "binding a value");
    return *this;
  }
  Query& integer(std::int64_t value) {
    db_.check(sqlite3_bind_int64(stmt_, ++bound_, value), "binding a value");
    return *this;
  }
  Query& seq(std::uint64_t value) { return integer(static_cast<std::int64_t>(value)); }

  /// Steps once: true for a row, false when done.
  bool next(std::string_view doing) {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail(rc, doing);
  }
  void run(std::string_view doing) {
    while (next(doing)) {
    }
  }

  std::int64_t integer_at(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::uint64_t seq_at(int column) const { return static_cast<std::uint64_t>(integer_at(column)); }
  std::string text_at(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  std::string blob_at(int column) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }

 private:
  Connection& db_;
  sqlite3_stmt* stmt_;
  int bound_ = 0;
};

// One transaction: committed by commit(), rolled back when left any other way. Writers take the
// write lock at BEGIN (IMMEDIATE), so they wait for each other there, within busy_timeout, and
// never fail half-way on a lock; readers get one consistent view of the file.
class Transaction {
 public:
  enum Kind { read, write };
  Transaction(Connection& db, Kind kind) : db_(db) {
    if (kind == write && db_.options.read_only)
      throw StorageFailure("store " + quoted(db_.path) + " was opened read-only (StoreOptions::read_only): it cannot be written");
    db_.exec(kind == write ? "BEGIN IMMEDIATE" : "BEGIN", kind == write ? "starting a write" : "starting a read");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) sqlite3_exec(db_.db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    db_.exec("COMMIT", "committing");
    open_ = false;
  }

 private:
  Connection& db_;
  bool open_ = true;
};

std::int64_t millis(Timestamp t) { return t.time_since_epoch().count(); }

struct Head {
  std::uint64_t seq = 0;
  std::string hash;
};

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

class Ops {
 public:
  explicit Ops(Connection& db) : db_(db) {}

  std::optional<Head> head(std::string_view name) {
    Query q(db_, "SELECT head_seq, head_hash FROM wheels WHERE name = ?");
    q.text(name);
    if (!q.next("reading a wheel")) return std::nullopt;
    return Head{q.seq_at(0), q.text_at(1)};
  }
  Head existing_head(std::string_view name) {
    auto h = head(name);
    if (!h) throw NotFound("no wheel named " + quoted(name) + " in store " + quoted(db_.path));
    return *h;
  }

  // The stored events of `name` from `from` on, read back and checked against their columns.
  std::vector<ChainedEvent> events(std::string_view name, std::uint64_t from) {
    Query q(db_, events_sql);
    q.text(name).seq(from);
    std::vector<ChainedEvent> out;
    while (q.next("reading events")) out.push_back(row(name, q));
    return out;
  }

  // The cadence and action events up to `last`: a snapshot leaves the action book out (it is the
  // fold of these few events; see Wheel::load_state).
  std::vector<Event> action_events(std::string_view name, std::uint64_t last) {
    Query q(db_, "SELECT seq, at, actor, type, json, prev, hash FROM events WHERE wheel = ? AND seq <= ? AND "
                 "type IN ('cadence_set', 'action_changed') ORDER BY seq");
    q.text(name).seq(last);
    std::vector<Event> out;
    while (q.next("reading action events")) out.push_back(row(name, q).event);
    return out;
  }

  static constexpr const char* events_sql =
      "SELECT seq, at, actor, type, json, prev, hash FROM events WHERE wheel = ? AND seq >= ? ORDER BY seq";

  // One row of events_sql. The columns beside the JSON are there for queries; they must agree.
  static ChainedEvent row(std::string_view name, const Query& q) {
    const std::uint64_t seq = q.seq_at(0);
    const std::string where = "wheel " + quoted(name) + ", event " + std::to_string(seq);
    Event e;
    try {
      e = event_from_json(q.text_at(4));
    } catch (const CorruptData& err) {
      throw CorruptData(where + ": its stored JSON does not read: " + err.what());
    }
    if (e.seq != seq || millis(e.at) != q.integer_at(1) || e.actor != q.text_at(2) ||
        event_type(e.payload) != q.text_at(3))
      throw CorruptData(where + ": its JSON disagrees with its number, time, actor or type columns");
    return {std::move(e), q.text_at(5), q.text_at(6)};
  }

  void insert_events(std::string_view name, std::span<const ChainedEvent> log) {
    for (const auto& c : log) {
      Query q(db_, "INSERT INTO events(wheel, seq, at, actor, type, json, prev, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
      q.text(name).seq(c.event.seq).integer(millis(c.event.at)).text(c.event.actor).text(event_type(c.event.payload));
      q.text(event_json(c.event)).text(c.prev).text(c.hash).run("writing an event");
    }
  }

  std::string hash_of(std::string_view name, std::uint64_t seq) {
    if (seq == 0) return std::string(genesis_hash);
    Query q(db_, "SELECT hash FROM events WHERE wheel = ? AND seq = ?");
    q.text(name).seq(seq);
    if (!q.next("reading an event")) throw CorruptData("wheel " + quoted(name) + ": event " + std::to_string(seq) + " is missing");
    return q.text_at(0);
  }

  // Checks that `log` continues the chain after event `from - 1` and ends at the wheel's head.
  void check_chain(std::string_view name, const std::vector<ChainedEvent>& log, std::uint64_t from, const Head& head) {
    const std::string prefix = "wheel " + quoted(name) + " in store " + quoted(db_.path) + ": ";
    if (from > 1 && log.empty() && head.seq >= from)
      throw CorruptData(prefix + "its events from " + std::to_string(from) + " on are missing");
    const Verification v = verify_chain(log, hash_of(name, from - 1));
    if (!v.ok) throw CorruptData(prefix + v.problem);
    if (!log.empty() && log.front().event.seq != from)
      throw CorruptData(prefix + "event " + std::to_string(from) + " is missing");
    const std::uint64_t last = log.empty() ? from - 1 : log.back().event.seq;
    const std::string& last_hash = log.empty() ? hash_of(name, last) : log.back().hash;
    if (last != head.seq || last_hash != head.hash) throw CorruptData(prefix + head_mismatch(head, last, last_hash));
  }

  std::optional<std::pair<std::uint64_t, std::string>> last_snapshot(std::string_view name) {
    Query q(db_, "SELECT seq, state FROM snapshots WHERE wheel = ? ORDER BY seq DESC LIMIT 1");
    q.text(name);
    if (!q.next("reading a snapshot")) return std::nullopt;
    return std::pair{q.seq_at(0), q.blob_at(1)};
  }

  // Every stored event of `name`, its chain checked.
  std::vector<ChainedEvent> whole_log(std::string_view name) {
    const Head h = existing_head(name);
    auto log = events(name, 1);
    check_chain(name, log, 1, h);
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
    if (auto snapshot = last_snapshot(name); snapshot && snapshot->first <= h.seq) {
      const std::uint64_t from = snapshot->first + 1;
      auto log = events(name, from);
      check_chain(name, log, from, h);
      try {
        Wheel w = Wheel::load_state(snapshot->second, action_events(name, snapshot->first));
        if (w.last_seq() == snapshot->first) {
          for (const auto& c : log) w.apply(c.event);
          return w;
        }
      } catch (const Error&) {
        // verify() reports the snapshot; the log is the truth, so fall through to it.
      }
    }
    try {
      return replay(whole_log(name));
    } catch (const CorruptData& e) {
      throw CorruptData("wheel " + quoted(name) + " in store " + quoted(db_.path) + " does not load: " + e.what());
    }
  }

  // Appends the events of `wheel` after the stored head, chained on from it, and a snapshot when
  // one is due. Throws Conflict when the stored head is not an event of `wheel`.
  // Writes `wheel`'s new events. With `rebased_into`, a stale copy whose changes do not really
  // conflict with the stored ones is rebased (see rebase) and *rebased_into becomes the result.
  std::size_t append(std::string_view name, const Wheel& wheel, std::optional<Wheel>* rebased_into = nullptr) {
    const Head h = existing_head(name);
    if (rebased_into) {
      if (std::optional<Wheel> rebased = rebase(name, wheel, h)) {
        const std::size_t written = write_after(name, *rebased, h);
        *rebased_into = std::move(*rebased);
        return written;
      }
    }
    check_current(name, wheel, h);
    return write_after(name, wheel, h);
  }

  // Writes `wheel`'s events after the head `h` (which it holds).
  std::size_t write_after(std::string_view name, const Wheel& wheel, const Head& h) {
    if (wheel.last_seq() == h.seq) return 0;
    const auto& all = wheel.events();
    const std::span<const Event> fresh(all.end() - static_cast<std::ptrdiff_t>(wheel.last_seq() - h.seq), all.end());
    for (const Event& e : fresh) check_subwheel(name, e.payload);
    const auto chained = chain(fresh, h.hash);
    insert_events(name, chained);
    {
      Query q(db_, "UPDATE wheels SET head_seq = ?, head_hash = ? WHERE name = ?");
      q.seq(wheel.last_seq()).text(chained.back().hash).text(name).run("moving a wheel's head");
    }
    const auto snapshot = last_snapshot(name);
    if (wheel.last_seq() - (snapshot ? snapshot->first : 0) >= db_.options.snapshot_every) snap(name, wheel);
    return chained.size();
  }

  // The newest snapshot only: the log is the truth and an older state adds nothing to it.
  void snap(std::string_view name, const Wheel& wheel) {
    {
      Query q(db_, "DELETE FROM snapshots WHERE wheel = ?");
      q.text(name).run("replacing a snapshot");
    }
    Query q(db_, "INSERT INTO snapshots(wheel, seq, state) VALUES(?, ?, ?)");
    q.text(name).seq(wheel.last_seq()).blob(wheel.save_state()).run("writing a snapshot");
  }

  void insert_wheel(std::string_view name, const std::vector<ChainedEvent>& log) {
    if (head(name))
      throw DuplicateId(std::string(name), "the name of a wheel in store " + quoted(db_.path));
    {
      Query q(db_, "INSERT INTO wheels(name, created, head_seq, head_hash) VALUES(?, ?, ?, ?)");
      q.text(name).integer(millis(log.front().event.at)).seq(log.back().event.seq).text(log.back().hash);
      q.run("creating a wheel");
    }
    insert_events(name, log);
  }

 private:
  // Another writer committed since `wheel` was loaded, and `wheel` made events of its own. When
  // one side's events are all action-item or calendar events (is_action_event: they change no
  // rotation state and draw nothing from the random stream), the two do not really conflict:
  // `wheel`'s new events are applied again, renumbered, on the stored wheel, which checks each one
  // as the call that made it did (a spin is drawn again from its stream position and must give the
  // same picks). Returns the stored wheel with them; nullopt when there is nothing to rebase;
  // Conflict when the changes really conflict.
  std::optional<Wheel> rebase(std::string_view name, const Wheel& wheel, const Head& h) {
    const std::uint64_t base = wheel.log_base();
    if (base > h.seq || wheel.last_seq() <= base) return std::nullopt;  // check_current decides
    // The last event both hold: the chains agree up to it and differ after it.
    const auto mine = chain(wheel.events(), hash_of(name, base));
    std::uint64_t shared = base;
    {
      Query q(db_, "SELECT seq, hash FROM events WHERE wheel = ? AND seq > ? AND seq <= ? ORDER BY seq");
      q.text(name).seq(base).seq(std::min(h.seq, wheel.last_seq()));
      while (q.next("reading event hashes") && q.text_at(1) == mine[q.seq_at(0) - base - 1].hash) shared = q.seq_at(0);
    }
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
      throw NotFound("no wheel named " + quoted(p->subwheel) + " in store " + quoted(db_.path) + ", so '" +
                     detail::printable(p->id) + "' cannot stand for it; create it first");
  }

  // The optimistic check: `wheel` must hold the stored head, as stored. A wheel restored from the
  // snapshot at the head holds no event there; then its events must replay on the stored state
  // and give its own state.
  void check_current(std::string_view name, const Wheel& wheel, const Head& h) {
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
      // The chain hash at the head covers every event since the copy's base, not just the last.
      const std::span<const Event> shared(wheel.events().data(), static_cast<std::size_t>(h.seq - wheel.log_base()));
      if (chain(shared, hash_of(name, wheel.log_base())).back().hash != h.hash)
        throw conflict("this copy has other events up to event " + std::to_string(h.seq));
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

  Connection& db_;
};

// Reads the file's header fields that say whose it is and which schema it has.
struct Identity {
  int application = 0;
  int version = 0;
  int tables = 0;
};
Identity identify(Connection& db) {
  Identity id;
  {
    Query q(db, "PRAGMA application_id");
    if (q.next("reading the file header")) id.application = static_cast<int>(q.integer_at(0));
  }
  {
    Query q(db, "PRAGMA user_version");
    if (q.next("reading the file header")) id.version = static_cast<int>(q.integer_at(0));
  }
  Query q(db, "SELECT count(*) FROM sqlite_master");
  if (q.next("reading the schema")) id.tables = static_cast<int>(q.integer_at(0));
  return id;
}

// Whether a store may be made of an empty file or database here.
bool may_create(const StoreOptions& options) { return options.create && !options.read_only; }

// Refuses what is not ours, or not to be made ours (nothing is written before this passes).
void check_identity(Connection& db, const Identity& id) {
  const bool empty = id.application == 0 && id.version == 0 && id.tables == 0;
  if (empty) {
    if (may_create(db.options)) return;
    const bool zero_bytes = file_size(db.path) == 0;
    throw StorageFailure(quoted(db.path) + " is not an opswheel store: it is " +
                         (zero_bytes ? "an empty file" : "an empty SQLite database") +
                         " (nothing was written to it: only an open that creates makes a store of it)");
  }
  if (id.application != application_id)
    throw StorageFailure(quoted(db.path) + " is a SQLite database but not an opswheel store (its application_id is " +
                       std::to_string(id.application) + ", not opswheel's " + std::to_string(application_id) + ")");
  if (id.version > Store::schema_version)
    throw UnsupportedVersion("store " + quoted(db.path) + " has schema version " + std::to_string(id.version) +
                             ", written by a newer opswheel; this one reads up to version " +
                             std::to_string(Store::schema_version));
  if (id.version < 1)
    throw StorageFailure(quoted(db.path) + " is not an opswheel store: it has opswheel's application_id but no schema version");
  {
    Query q(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    if (!q.next("reading the schema") || q.integer_at(0) == 0)
      throw StorageFailure(quoted(db.path) + " is not an opswheel store: it claims to be one but lacks its table meta");
  }
  {
    Query q(db, "SELECT value FROM meta WHERE key = 'application'");
    if (!q.next("reading the store's marker") || q.text_at(0) != application_marker)
      throw StorageFailure(quoted(db.path) + " claims to be an opswheel store but lacks its marker in table meta");
  }
  if (id.version < Store::schema_version && db.options.read_only)
    throw StorageFailure("store " + quoted(db.path) + " has schema version " + std::to_string(id.version) +
                         ", older than this opswheel's " + std::to_string(Store::schema_version) +
                         ", and was opened read-only: open it for writing once to migrate it");
}

void migrate(Connection& db) {
  Transaction t(db, Transaction::write);
  const Identity id = identify(db);  // again, under the write lock: another process may have done it
  check_identity(db, id);
  if (id.version == Store::schema_version) return;
  for (const Migration& m : migrations) {
    if (m.to <= id.version) continue;
    db.exec(m.sql, "migrating the schema to version " + std::to_string(m.to));
  }
  {
    Query q(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('application', ?), ('schema_version', ?)");
    q.text(application_marker).text(std::to_string(Store::schema_version)).run("writing the store's marker");
  }
  db.exec(("PRAGMA application_id = " + std::to_string(application_id)).c_str(), "marking the store");
  db.exec(("PRAGMA user_version = " + std::to_string(Store::schema_version)).c_str(), "writing the schema version");
  t.commit();
}

}  // namespace

// ---- Store ----

struct Store::Impl : Connection {
  using Connection::Connection;
};

namespace {

// Whether the file's SQLite header says it is in WAL mode (its read and write versions are 2).
bool wal_mode(const std::string& path) {
  unsigned char header[20] = {};
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return false;
  const std::size_t read = std::fread(header, 1, sizeof header, file);
  std::fclose(file);
  return read == sizeof header && header[18] == 2 && header[19] == 2;
}

}  // namespace

Store::Store(const std::string& path, const StoreOptions& options) : impl_(std::make_unique<Impl>(path, options)) {
  Impl& db = *impl_;
  // A read-only store opens the file for reading and writing too, and never writes (PRAGMA
  // query_only). In WAL mode every connection, a reader too, works through the -wal and -shm files
  // beside the database and creates them when they are missing, and only a connection that can
  // write the database checkpoints and deletes them when it is the last to close. A connection
  // opened SQLITE_OPEN_READONLY leaves them behind, owned by whoever ran the read, with the
  // database's permission bits: a reader's read-only or foreign files that keep the owner's next
  // writer out. (?mode=ro does the same; ?immutable=1 creates nothing but takes no locks, so it
  // could read a half-checkpointed file while someone writes.)
  const int flags = SQLITE_OPEN_READWRITE | (may_create(options) ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (const int rc = sqlite3_open_v2(path.c_str(), &db.db, flags, nullptr); rc != SQLITE_OK) {
    if (rc == SQLITE_CANTOPEN && !may_create(options) && !file_size(path))
      throw StorageFailure("cannot open store " + quoted(path) + ": no such file (" +
                           (options.read_only ? "opened read-only" : "StoreOptions::create is false") + ")");
    db.fail(rc, "opening the file");
  }
  // SQLite opens a file this user may not write for reading only (before reading anything, so
  // no -wal or -shm file has been made yet).
  if (sqlite3_db_readonly(db.db, "main") == 1) {
    if (!options.read_only)
      throw StorageFailure("cannot write store " + quoted(path) + ": this user may only read the file");
    if (wal_mode(path) && !file_size(path + "-wal"))
      throw StorageFailure("cannot read store " + quoted(path) +
                           " without leaving files behind: this user may not write it, so the -wal and -shm files "
                           "SQLite makes beside it to read it could not be removed again and would keep its owner "
                           "from writing; read it as a user who may write it, or read a copy of it");
  }
  db.check(sqlite3_busy_timeout(db.db, static_cast<int>(std::min<std::int64_t>(options.busy_timeout.count(), 1 << 30))),
           "setting the busy timeout");
  if (options.read_only) db.exec("PRAGMA query_only = 1", "opening the store read-only");
  check_identity(db, identify(db));
  if (options.read_only) return;
  {
    Query q(db, "PRAGMA journal_mode = WAL");
    if (!q.next("switching to WAL mode") || q.text_at(0) != "wal")
      throw StorageFailure("store " + quoted(path) + ": cannot use WAL mode (journal mode is '" + q.text_at(0) + "')");
  }
  db.exec(options.durability == StoreOptions::Durability::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
          "setting the durability");
  if (identify(db).version != schema_version) migrate(db);
}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

const std::string& Store::path() const noexcept { return impl_->path; }

std::vector<std::string> Store::wheels() const {
  Transaction t(*impl_, Transaction::read);
  Query q(*impl_, "SELECT name FROM wheels ORDER BY name");
  std::vector<std::string> out;
  while (q.next("listing wheels")) out.push_back(q.text_at(0));
  return out;
}

bool Store::contains(std::string_view name) const {
  Transaction t(*impl_, Transaction::read);
  return Ops(*impl_).head(name).has_value();
}

Wheel Store::create(std::string_view name, std::string_view policy, std::uint64_t seed, const PolicyOptions& options,
                    std::string_view actor) {
  validate_id(name);
  Wheel fresh(policy, seed, options);
  Event created = fresh.events().front();
  created.actor = std::string(actor);
  Wheel w = Wheel::replay(std::span(&created, 1));
  w.set_actor(std::string(actor));
  Transaction t(*impl_, Transaction::write);
  Ops(*impl_).insert_wheel(name, chain(w.events()));
  t.commit();
  return w;
}

Wheel Store::open(std::string_view name) const {
  Transaction t(*impl_, Transaction::read);
  return Ops(*impl_).load(name);
}

std::size_t Store::commit(std::string_view name, const Wheel& wheel) {
  Transaction t(*impl_, Transaction::write);
  const std::size_t written = Ops(*impl_).append(name, wheel);
  t.commit();
  return written;
}

std::size_t Store::commit(std::string_view name, Wheel& wheel) {
  Transaction t(*impl_, Transaction::write);
  std::optional<Wheel> rebased;  // replaces `wheel` once the transaction has committed
  const std::size_t written = Ops(*impl_).append(name, wheel, &rebased);
  t.commit();
  if (rebased) wheel = std::move(*rebased);
  return written;
}

namespace {

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

}  // namespace

Meeting Store::accept_with_subwheels(std::string_view name, Wheel& wheel, const Suggestion& suggestion,
                                     std::optional<Date> date) {
  Transaction t(*impl_, Transaction::write);
  Ops ops(*impl_);
  Wheel parent = wheel;
  parent.accept(suggestion, date);
  spin_subwheels(ops, name, parent, date);
  t.commit();
  wheel = std::move(parent);
  return wheel.history().back();
}

Meeting Store::accept_with_subwheels(std::string_view name, Wheel& wheel, std::vector<std::string> picks,
                                     std::optional<Date> date) {
  Transaction t(*impl_, Transaction::write);
  Ops ops(*impl_);
  Wheel parent = wheel;
  parent.accept(std::move(picks), date);
  spin_subwheels(ops, name, parent, date);
  t.commit();
  wheel = std::move(parent);
  return wheel.history().back();
}

double Store::subwheel_weight(std::string_view subwheel) const {
  const Wheel w = open(subwheel);
  const auto active = std::count_if(w.roster().begin(), w.roster().end(), [](const Participant& p) { return !p.paused; });
  return static_cast<double>(std::max<std::ptrdiff_t>(active, 1));
}

std::vector<ChainedEvent> Store::events(std::string_view name, std::uint64_t from_seq) const {
  Transaction t(*impl_, Transaction::read);
  Ops ops(*impl_);
  ops.existing_head(name);
  return ops.events(name, std::max<std::uint64_t>(from_seq, 1));
}

namespace {

// What verify() finds, inside its read transaction.
Verification audit(Connection& db, std::string_view name, const Head& head) {
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
  {
    Query q(db, Ops::events_sql);
    q.text(name).seq(1);
    try {
      while (q.next("reading events")) {
        try {
          log.push_back(Ops::row(name, q));
        } catch (const CorruptData& e) {
          unreadable = Verification{false, 0, q.seq_at(0), e.what(), {}};
          break;
        }
      }
    } catch (const CorruptData& e) {  // the file itself is damaged
      unreadable = Verification{false, 0, std::nullopt, e.what(), {}};
    }
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
  {
    Query q(db, "SELECT seq, state FROM snapshots WHERE wheel = ? ORDER BY seq");
    q.text(name);
    while (q.next("reading snapshots")) snapshots.emplace(q.seq_at(0), q.blob_at(1));
  }
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

Verification Store::verify(std::string_view name) const {
  Transaction t(*impl_, Transaction::read);
  const Head head = Ops(*impl_).existing_head(name);
  Verification v;
  try {
    v = audit(*impl_, name, head);
  } catch (const CorruptData& e) {  // the file is damaged where no event is to blame
    v = Verification{false, 0, std::nullopt, e.what(), {}};
  }
  v.head_hash = head.hash;
  return v;
}

std::string Store::export_json(std::string_view name) const {
  Transaction t(*impl_, Transaction::read);
  Ops ops(*impl_);
  return wheel_to_json(Ops::replay(ops.whole_log(name)), name);
}

std::string Store::import_json(std::string_view text, std::optional<std::string_view> name) {
  ImportedWheel imported = wheel_from_json(text);
  const std::string target(name.value_or(imported.name));
  validate_id(target);
  Transaction t(*impl_, Transaction::write);
  Ops ops(*impl_);
  ops.insert_wheel(target, imported.events);
  if (imported.wheel.last_seq() >= impl_->options.snapshot_every) ops.snap(target, imported.wheel);
  t.commit();
  return target;
}

OPSWHEEL_END_NAMESPACE
