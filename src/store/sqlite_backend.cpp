// SPDX-License-Identifier: Apache-2.0
//
// The SQLite backend of opswheel::Store: one file, its connection and PRAGMAs (WAL, durability,
// busy timeout, read-only), the checks that it is an opswheel store, the migrations, and the SQL
// behind each call of StoreBackend (backend.hpp). docs/persistence.md describes the schema and
// the rules; the rules themselves (conflicts, snapshots, verify) are the Store's, in store.cpp.
#include "backend.hpp"

#include <sqlite3.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <thread>
#include <unordered_map>
#include <utility>

#include <opswheel/errors.hpp>

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {
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

// The size of the file at `path`, or nullopt when there is none. (Not <filesystem>: its
// std::quoted would meet detail::quoted by argument-dependent lookup.)
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

  // Rows the last INSERT, UPDATE or DELETE changed.
  int changes() const { return sqlite3_changes(db); }

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

// Whether the file's SQLite header says it is in WAL mode (its read and write versions are 2).
bool wal_mode(const std::string& path) {
  unsigned char header[20] = {};
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return false;
  const std::size_t read = std::fread(header, 1, sizeof header, file);
  std::fclose(file);
  return read == sizeof header && header[18] == 2 && header[19] == 2;
}

// A row of the events table, as selected by event_columns.
EventRow event_row(const Query& q) {
  return {q.seq_at(0), q.integer_at(1), q.text_at(2), q.text_at(3), q.text_at(4), q.text_at(5), q.text_at(6)};
}

// Binds a bound of a range of event numbers. Numbers above the largest SQLite integer mean "all":
// cast, they would wrap to negative and select nothing.
std::uint64_t upper_bound(std::uint64_t through) {
  return std::min<std::uint64_t>(through, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
}

// The query of scan_for_open, written from action_event_types. Built once, so its address keys
// one prepared statement like a literal's.
const char* open_events_sql() {
  static const std::string sql = [] {
    std::string in;
    for (std::string_view type : action_event_types) in += (in.empty() ? "'" : ", '") + std::string(type) + "'";
    // Two index ranges, one sort of the few rows they give (an OR of the two conditions could
    // scan the whole log). Without statistics SQLite reads the action events by the primary key,
    // every event before the snapshot (about 15 ms of CPU for 100,000), so the first range names
    // its index.
    return "SELECT seq, at, actor, type, json, prev, hash FROM events INDEXED BY events_by_type WHERE wheel = ?1 AND "
           "seq < ?2 AND type IN (" + in + ") UNION ALL SELECT seq, at, actor, type, json, prev, hash FROM events "
           "WHERE wheel = ?1 AND seq >= ?2 ORDER BY seq";
  }();
  return sql.c_str();
}

// StoreBackend over one SQLite connection. Its transactions are SQLite's (a write takes the write
// lock at BEGIN IMMEDIATE); every call is one or two prepared statements, kept for reuse.
class SqliteBackend final : public StoreBackend {
 public:
  SqliteBackend(const std::string& path, const StoreOptions& options);

  const std::string& location() const noexcept override { return db_.path; }

  void read(const std::function<void()>& work) override {
    Transaction t(db_, Transaction::read);
    work();
  }
  void write(const std::function<void()>& work) override {
    Transaction t(db_, Transaction::write);
    work();
    t.commit();
  }

  std::vector<std::string> wheels() override {
    Query q(db_, "SELECT name FROM wheels ORDER BY name");
    std::vector<std::string> out;
    while (q.next("listing wheels")) out.push_back(q.text_at(0));
    return out;
  }

  std::optional<StoredHead> head(std::string_view wheel) override {
    Query q(db_, "SELECT head_seq, head_hash, (SELECT coalesce(max(seq), 0) FROM snapshots WHERE wheel = name) FROM wheels "
                 "WHERE name = ?");
    q.text(wheel);
    if (!q.next("reading a wheel")) return std::nullopt;
    return StoredHead{q.seq_at(0), q.text_at(1), q.seq_at(2)};
  }

  void scan_events(std::string_view wheel, std::uint64_t from, std::uint64_t through, const RowVisitor& visit) override {
    Query q(db_, "SELECT seq, at, actor, type, json, prev, hash FROM events WHERE wheel = ? AND seq >= ? AND seq <= ? "
                 "ORDER BY seq");
    q.text(wheel).seq(from).seq(upper_bound(through));
    while (q.next("reading events"))
      if (!visit(event_row(q))) return;
  }

  void scan_for_open(std::string_view wheel, std::uint64_t snapshot, const RowVisitor& visit) override {
    Query q(db_, open_events_sql());
    q.text(wheel).seq(upper_bound(snapshot));
    while (q.next("reading events"))
      if (!visit(event_row(q))) return;
  }

  std::optional<std::string> event_hash(std::string_view wheel, std::uint64_t seq) override {
    Query q(db_, "SELECT hash FROM events WHERE wheel = ? AND seq = ?");
    q.text(wheel).seq(seq);
    if (!q.next("reading an event")) return std::nullopt;
    return q.text_at(0);
  }

  std::optional<StoredSnapshot> newest_snapshot(std::string_view wheel) override {
    Query q(db_, "SELECT seq, state FROM snapshots WHERE wheel = ? ORDER BY seq DESC LIMIT 1");
    q.text(wheel);
    if (!q.next("reading a snapshot")) return std::nullopt;
    return StoredSnapshot{q.seq_at(0), q.blob_at(1)};
  }

  std::vector<StoredSnapshot> snapshots(std::string_view wheel) override {
    Query q(db_, "SELECT seq, state FROM snapshots WHERE wheel = ? ORDER BY seq");
    q.text(wheel);
    std::vector<StoredSnapshot> out;
    while (q.next("reading snapshots")) out.push_back({q.seq_at(0), q.blob_at(1)});
    return out;
  }

  void insert_wheel(std::string_view wheel, std::int64_t created, std::span<const EventRow> events) override {
    {
      Query q(db_, "INSERT INTO wheels(name, created, head_seq, head_hash) VALUES(?, ?, ?, ?)");
      q.text(wheel).integer(created).seq(events.back().seq).text(events.back().hash);
      q.run("creating a wheel");
    }
    insert_events(wheel, events);
  }

  bool append(std::string_view wheel, const StoredHead& expected, std::span<const EventRow> events) override {
    // The head first, then the events: the order a shared server needs (the row lock on the head
    // decides which writer goes on), kept here so both backends do the same.
    {
      Query q(db_, "UPDATE wheels SET head_seq = ?, head_hash = ? WHERE name = ? AND head_seq = ? AND head_hash = ?");
      q.seq(events.back().seq).text(events.back().hash).text(wheel).seq(expected.seq).text(expected.hash);
      q.run("moving a wheel's head");
    }
    if (db_.changes() != 1) return false;  // nothing written: the head was the only change tried
    insert_events(wheel, events);
    return true;
  }

  void replace_snapshot(std::string_view wheel, std::uint64_t seq, std::string_view state) override {
    {
      Query q(db_, "DELETE FROM snapshots WHERE wheel = ?");
      q.text(wheel).run("replacing a snapshot");
    }
    Query q(db_, "INSERT INTO snapshots(wheel, seq, state) VALUES(?, ?, ?)");
    q.text(wheel).seq(seq).blob(state).run("writing a snapshot");
  }

  // SQLite has no notifications between processes. PRAGMA data_version changes when another
  // connection commits to the file, and reading it touches no table, so the feed polls it.
  void subscribe() override {
    if (!seen_version_) seen_version_ = data_version();
  }

  bool wait_for_change(std::chrono::milliseconds timeout) override {
    using Clock = std::chrono::steady_clock;
    subscribe();
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      if (const auto now = data_version(); now != *seen_version_) {
        seen_version_ = now;
        return true;
      }
      const auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) return false;
      std::this_thread::sleep_for(std::min<Clock::duration>(left, poll_interval));
    }
  }

 private:
  // How often wait_for_change looks: a commit is seen within this, at the price of one PRAGMA.
  static constexpr std::chrono::milliseconds poll_interval{50};

  std::int64_t data_version() {
    Query q(db_, "PRAGMA data_version");
    if (!q.next("watching for changes")) db_.fail(SQLITE_ERROR, "watching for changes");
    return q.integer_at(0);
  }

  void insert_events(std::string_view wheel, std::span<const EventRow> events) {
    for (const EventRow& e : events) {
      Query q(db_, "INSERT INTO events(wheel, seq, at, actor, type, json, prev, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
      q.text(wheel).seq(e.seq).integer(e.at).text(e.actor).text(e.type).text(e.json).text(e.prev).text(e.hash);
      q.run("writing an event");
    }
  }

  Connection db_;
  std::optional<std::int64_t> seen_version_;  // data_version at subscribe or the last change seen
};

SqliteBackend::SqliteBackend(const std::string& path, const StoreOptions& options) : db_(path, options) {
  Connection& db = db_;
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
  if (identify(db).version != Store::schema_version) migrate(db);
}

}  // namespace

std::unique_ptr<StoreBackend> open_sqlite(const std::string& path, const StoreOptions& options) {
  return std::make_unique<SqliteBackend>(path, options);
}

}  // namespace detail

OPSWHEEL_END_NAMESPACE
