// SPDX-License-Identifier: Apache-2.0
//
// The PostgreSQL backend of opswheel::Store, over libpq: the location (a connection URI or a
// key=value string, plus opswheel's `schema` parameter), the connection and its settings (time-outs,
// durability, read-only), the checks that a schema is an opswheel store, the migrations, the SQL
// behind each call of StoreBackend (backend.hpp), and the change feed's LISTEN/NOTIFY hint.
// docs/persistence.md describes the schema and why each transaction runs at the level it does; the
// rules themselves (conflicts, snapshots, verify) are the Store's, in store.cpp.
#include "backend.hpp"

#include <libpq-fe.h>

#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <thread>
#include <unordered_map>
#include <utility>

#include <opswheel/errors.hpp>

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {
namespace {

constexpr std::string_view application_marker = "opswheel.store";
constexpr std::string_view default_schema = "opswheel";
// The first key of the advisory lock that serialises migrations (the second is the schema's
// hash): "opsw" in ASCII, as SQLite's application_id.
constexpr int advisory_lock_class = 0x6f707377;

// One forward step of the schema, as in sqlite_backend.cpp: the SQL that takes a schema from
// version `to - 1` to `to`, run with the store's schema first on the search_path. Never edited once
// released. `seq` is a plain bigint the Store numbers: a sequence or identity column would leave
// gaps after a rolled-back conflict, and the chain's numbers have none.
struct Migration {
  int to;
  const char* sql;
};
constexpr Migration migrations[] = {
    {1, R"sql(
CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE wheels(
  name text PRIMARY KEY,
  created bigint NOT NULL,    -- ms since 1970 (UTC): the time of its 'created' event
  head_seq bigint NOT NULL,   -- the number of its last event
  head_hash text NOT NULL     -- that event's hash
);
CREATE TABLE events(
  wheel text NOT NULL REFERENCES wheels(name),
  seq bigint NOT NULL,
  at bigint NOT NULL,         -- ms since 1970 (UTC), as in json
  actor text NOT NULL,
  type text NOT NULL,
  json text NOT NULL,         -- event_json(event): the text the hash covers
  prev text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY(wheel, seq)
);
CREATE INDEX events_by_type ON events(wheel, type, seq);
CREATE TABLE snapshots(
  wheel text NOT NULL REFERENCES wheels(name),
  seq bigint NOT NULL,        -- the state after this event
  state bytea NOT NULL,       -- Wheel::save_state()
  PRIMARY KEY(wheel, seq)
);
-- Stored as it is, not compressed: every open reads the whole snapshot (15 MB at 10,000 teams),
-- and decompressing it cost the server about twice the CPU of reading it uncompressed.
ALTER TABLE snapshots ALTER COLUMN state SET STORAGE EXTERNAL;
)sql"},
};
static_assert(std::size(migrations) == Store::schema_version && migrations[Store::schema_version - 1].to == Store::schema_version,
              "every schema version needs its migration step");

// ---- the location ----

// What a location says, taken apart: the connection string libpq gets (without `schema`), the
// schema, the location as messages show it (without any password), and the password itself, so
// that no message can repeat it.
struct Location {
  std::string conninfo;
  std::string schema{default_schema};
  std::string shown;
  std::string password;
};

bool uri_form(std::string_view where) { return where.starts_with("postgresql://") || where.starts_with("postgres://"); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A schema name opswheel accepts: a plain lower-case identifier, so it reads the same quoted or
// not, in SQL, in a setting and in a channel name.
void check_schema(const std::string& schema, const std::string& shown) {
  const bool plain = !schema.empty() && schema.size() <= 63 && (schema[0] == '_' || (schema[0] >= 'a' && schema[0] <= 'z')) &&
                     std::all_of(schema.begin(), schema.end(), [](char c) {
                       return c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                     });
  if (!plain)
    throw InvalidArgument("store " + quoted(shown) + ": schema " + quoted(schema) +
                          " is not a plain PostgreSQL name (lower-case letters, digits and '_', not starting with a "
                          "digit, at most 63 bytes); nothing was opened");
}

// A URI: the schema and any password leave its query; the password leaves its user part.
Location parse_uri(std::string_view where) {
  Location loc;
  const std::size_t query_at = where.find('?');
  std::string_view head = where.substr(0, query_at);
  const std::string_view query = query_at == std::string_view::npos ? std::string_view() : where.substr(query_at + 1);

  std::string shown_head(head);
  const std::size_t scheme_end = head.find("://") + 3;
  const std::size_t authority_end = std::min(head.find('/', scheme_end), head.size());
  const std::string_view authority = head.substr(scheme_end, authority_end - scheme_end);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view user_info = authority.substr(0, at);
    if (const std::size_t colon = user_info.find(':'); colon != std::string_view::npos) {
      loc.password = percent_decoded(user_info.substr(colon + 1));
      shown_head = std::string(head.substr(0, scheme_end)) + std::string(user_info.substr(0, colon)) +
                   std::string(head.substr(scheme_end + at));
    }
  }
  std::string kept, shown;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string_view param = query.substr(start, end - start);
    const std::string_view key = param.substr(0, param.find('='));
    const std::string_view value = key.size() < param.size() ? param.substr(key.size() + 1) : std::string_view();
    if (key == "schema") {
      loc.schema = percent_decoded(value);
      shown += (shown.empty() ? "" : "&") + std::string(param);
    } else {
      if (key == "password") loc.password = percent_decoded(value);
      else shown += (shown.empty() ? "" : "&") + std::string(param);
      kept += (kept.empty() ? "" : "&") + std::string(param);
    }
    start = end + 1;
  }
  loc.conninfo = std::string(head) + (kept.empty() ? "" : "?" + kept);
  loc.shown = shown_head + (shown.empty() ? "" : "?" + shown);
  return loc;
}

// A key=value string, split as libpq does (a value in single quotes may hold spaces, and a
// backslash escapes the next character); the schema and password pairs are taken out.
Location parse_pairs(std::string_view where) {
  Location loc;
  std::string kept, shown;
  std::size_t i = 0;
  const auto space = [&] {
    while (i < where.size() && std::isspace(static_cast<unsigned char>(where[i]))) ++i;
  };
  for (space(); i < where.size(); space()) {
    const std::size_t key_start = i;
    while (i < where.size() && where[i] != '=' && !std::isspace(static_cast<unsigned char>(where[i]))) ++i;
    const std::string key(where.substr(key_start, i - key_start));
    space();
    if (i >= where.size() || where[i] != '=')
      throw InvalidArgument("store " + quoted(key) + "…: a PostgreSQL key=value location needs '=' after " + quoted(key));
    ++i;
    space();
    const std::size_t value_start = i;
    std::string value;
    if (i < where.size() && where[i] == '\'') {
      for (++i; i < where.size() && where[i] != '\''; ++i) {
        if (where[i] == '\\' && i + 1 < where.size()) ++i;
        value += where[i];
      }
      if (i >= where.size()) throw InvalidArgument("a PostgreSQL key=value location has an unterminated quoted value");
      ++i;
    } else {
      for (; i < where.size() && !std::isspace(static_cast<unsigned char>(where[i])); ++i) {
        if (where[i] == '\\' && i + 1 < where.size()) ++i;
        value += where[i];
      }
    }
    const std::string pair = key + "=" + std::string(where.substr(value_start, i - value_start));
    if (key == "schema") {
      loc.schema = value;
      shown += (shown.empty() ? "" : " ") + pair;
      continue;
    }
    if (key == "password") loc.password = value;
    else shown += (shown.empty() ? "" : " ") + pair;
    kept += (kept.empty() ? "" : " ") + pair;
  }
  loc.conninfo = kept;
  loc.shown = shown;
  return loc;
}

Location parse_location(const std::string& where) {
  Location loc = uri_form(where) ? parse_uri(where) : parse_pairs(where);
  check_schema(loc.schema, loc.shown);
  return loc;
}

// ---- libpq in small owners ----

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
  void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, ConnDeleter>;

struct OptionsDeleter {
  void operator()(PQconninfoOption* o) const noexcept { PQconninfoFree(o); }
};

struct FreeDeleter {
  void operator()(char* p) const noexcept { PQfreemem(p); }
};

// A query's parameters: text, or binary for bytea. Held as strings so the pointers libpq gets
// stay valid for the call.
class Params {
 public:
  Params& text(std::string_view v) { return add(std::string(v), 0); }
  Params& integer(std::int64_t v) { return add(std::to_string(v), 0); }
  Params& seq(std::uint64_t v) {
    // Numbers past the largest bigint mean "all" (scan bounds): cast, they would wrap to negative.
    return integer(static_cast<std::int64_t>(std::min<std::uint64_t>(v, std::numeric_limits<std::int64_t>::max())));
  }
  Params& bytes(std::string_view v) { return add(std::string(v), 1); }

  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() {
    pointers_.clear();
    for (const auto& v : values_) pointers_.push_back(v.data());
    return pointers_.data();
  }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  Params& add(std::string v, int format) {
    lengths_.push_back(static_cast<int>(v.size()));
    formats_.push_back(format);
    values_.push_back(std::move(v));
    return *this;
  }
  std::vector<std::string> values_;
  std::vector<const char*> pointers_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

// An array parameter in PostgreSQL's text syntax (`{"a","b"}`): every element quoted, with '"' and
// '\' escaped, so any text reads back as it was. A commit's events go as one array per column,
// unnested by one INSERT, rather than one INSERT per event.
class ArrayParam {
 public:
  ArrayParam& add(std::string_view element) {
    text_ += text_.size() > 1 ? ",\"" : "\"";
    for (char c : element) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
    return *this;
  }
  ArrayParam& add(std::int64_t element) { return add(std::to_string(element)); }
  std::string text() const { return text_ + "}"; }

 private:
  std::string text_ = "{";
};

// A column of a result, read in whichever format it came (binary results carry snapshots).
std::string text_at(const PGresult* r, int row, int column) {
  return std::string(PQgetvalue(r, row, column), static_cast<std::size_t>(PQgetlength(r, row, column)));
}
std::int64_t integer_at(const PGresult* r, int row, int column) {
  const char* p = PQgetvalue(r, row, column);
  if (PQfformat(r, column) == 1) {  // int8, network byte order
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return static_cast<std::int64_t>(v);
  }
  return std::strtoll(p, nullptr, 10);
}

// Replaces every occurrence of `secret` in `text` (libpq's messages may quote the connection string).
std::string without(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) text.replace(at, secret.size(), "***");
  return text;
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

// ---- the backend ----

// StoreBackend over one libpq connection. Every transaction is REPEATABLE READ, so every query of
// one read() or write() sees one snapshot: the Store reads a wheel's head and then its events, and
// checks one against the other. Under READ COMMITTED each statement would see the commits made
// before it, so a writer committing between the two reads made the check report a damaged log
// (found by postgres.eight_writers_on_one_wheel). Writers are still kept apart by the
// compare-and-set on the head row (append): the loser's UPDATE either finds the head moved (no
// row) or, when the winner committed after the loser's snapshot, fails with a serialisation error;
// both are a conflict with nothing written.
class PostgresBackend final : public StoreBackend {
 public:
  PostgresBackend(const std::string& where, const StoreOptions& options);

  const std::string& location() const noexcept override { return loc_.shown; }

  void read(const std::function<void()>& work) override {
    transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting a read", work);
  }
  void write(const std::function<void()>& work) override {
    transaction("BEGIN ISOLATION LEVEL REPEATABLE READ", "starting a write", work);
  }

  std::vector<std::string> wheels() override {
    const Result r = query("SELECT name FROM wheels ORDER BY name COLLATE \"C\"", {}, "listing wheels");
    std::vector<std::string> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(text_at(r.get(), i, 0));
    return out;
  }

  std::optional<StoredHead> head(std::string_view wheel) override {
    const Result r = query("SELECT head_seq, head_hash, (SELECT coalesce(max(seq), 0) FROM snapshots WHERE wheel = $1) "
                           "FROM wheels WHERE name = $1",
                           Params().text(wheel), "reading a wheel");
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return StoredHead{static_cast<std::uint64_t>(integer_at(r.get(), 0, 0)), text_at(r.get(), 0, 1),
                      static_cast<std::uint64_t>(integer_at(r.get(), 0, 2))};
  }

  void scan_events(std::string_view wheel, std::uint64_t from, std::uint64_t through, const RowVisitor& visit) override {
    scan("SELECT seq, at, actor, type, json, prev, hash FROM events WHERE wheel = $1 AND seq >= $2 AND seq <= $3 "
         "ORDER BY seq LIMIT $4",
         std::string(wheel), from, through, "reading events", visit);
  }

  void scan_for_open(std::string_view wheel, std::uint64_t snapshot, const RowVisitor& visit) override {
    std::string types = "{";
    for (std::string_view type : action_event_types) types += (types.size() > 1 ? "," : "") + std::string(type);
    types += "}";
    // The types are bound as one array parameter, so the list stays written once (backend.hpp).
    // Two index ranges, one sort of the few rows they give (an OR of the two conditions could
    // scan the whole log).
    scan("SELECT seq, at, actor, type, json, prev, hash FROM events WHERE wheel = $1 AND seq >= $2 AND seq < $4 AND "
         "type = ANY($5::text[]) UNION ALL SELECT seq, at, actor, type, json, prev, hash FROM events WHERE wheel = $1 AND "
         "seq >= greatest($2, $4) AND seq <= $3 ORDER BY seq LIMIT $6",
         std::string(wheel), 1, no_limit, "reading events", visit,
         [&](Params params) { return params.seq(snapshot).text(types); });
  }

  std::optional<std::string> event_hash(std::string_view wheel, std::uint64_t seq) override {
    const Result r = query("SELECT hash FROM events WHERE wheel = $1 AND seq = $2", Params().text(wheel).seq(seq),
                          "reading an event");
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return text_at(r.get(), 0, 0);
  }

  std::optional<StoredSnapshot> newest_snapshot(std::string_view wheel) override {
    const Result r = query("SELECT seq, state FROM snapshots WHERE wheel = $1 ORDER BY seq DESC LIMIT 1",
                          Params().text(wheel), "reading a snapshot", binary);
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return StoredSnapshot{static_cast<std::uint64_t>(integer_at(r.get(), 0, 0)), text_at(r.get(), 0, 1)};
  }

  std::vector<StoredSnapshot> snapshots(std::string_view wheel) override {
    const Result r = query("SELECT seq, state FROM snapshots WHERE wheel = $1 ORDER BY seq", Params().text(wheel),
                          "reading snapshots", binary);
    std::vector<StoredSnapshot> out;
    for (int i = 0; i < PQntuples(r.get()); ++i)
      out.push_back({static_cast<std::uint64_t>(integer_at(r.get(), i, 0)), text_at(r.get(), i, 1)});
    return out;
  }

  void insert_wheel(std::string_view wheel, std::int64_t created, std::span<const EventRow> events) override {
    // Two writers may both have found the name free (their snapshots hold no lock); the primary
    // key lets one in and the other's INSERT fails with a unique violation: the name is taken.
    static const std::string sql =
        with_events("INSERT INTO wheels(name, created, head_seq, head_hash) VALUES($10, $11, $12, $13) RETURNING name");
    query(sql.c_str(), event_params(wheel, events).text(wheel).integer(created).seq(events.back().seq).text(events.back().hash),
          "creating a wheel", text_result, Taken::duplicate_name, wheel);
  }

  bool append(std::string_view wheel, const StoredHead& expected, std::span<const EventRow> events) override {
    // The head's compare-and-set decides: when it moves no row, the events' INSERT reads no row
    // either, and nothing is written.
    static const std::string sql = with_events(
        "UPDATE wheels SET head_seq = $10, head_hash = $11 WHERE name = $12 AND head_seq = $13 AND head_hash = $14 "
        "RETURNING name");
    const Result r = query(
        sql.c_str(),
        event_params(wheel, events).seq(events.back().seq).text(events.back().hash).text(wheel).seq(expected.seq).text(expected.hash),
        "moving a wheel's head and writing its events");
    return PQntuples(r.get()) == 1;
  }

  void replace_snapshot(std::string_view wheel, std::uint64_t seq, std::string_view state) override {
    query("DELETE FROM snapshots WHERE wheel = $1", Params().text(wheel), "replacing a snapshot");
    query("INSERT INTO snapshots(wheel, seq, state) VALUES($1, $2, $3)", Params().text(wheel).seq(seq).bytes(state),
          "writing a snapshot");
  }

  // LISTEN/NOTIFY: append() and insert_wheel() notify the store's channel in their transaction,
  // and the server delivers it to every listener at commit. The payload is only a hint (the
  // Store reads the head after any notification), so one lost with a dropped connection costs
  // nothing: after a reconnect wait_for_change says "changed" and the Store catches up.
  void subscribe() override {
    if (subscribed_) return;
    ensure_connected("subscribing to changes");
    listen();
    subscribed_ = true;
  }

  bool wait_for_change(std::chrono::milliseconds timeout) override {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    subscribe();
    for (;;) {
      if (missed_) {
        missed_ = false;
        return true;
      }
      if (PQstatus(conn_.get()) != CONNECTION_OK || !PQconsumeInput(conn_.get())) {
        reconnect_until(deadline);
        return true;
      }
      bool changed = false;
      while (PGnotify* n = PQnotifies(conn_.get())) {
        // Our own commits are not news to us.
        if (n->be_pid != PQbackendPID(conn_.get())) changed = true;
        PQfreemem(n);
      }
      if (changed) return true;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      pollfd fd{PQsocket(conn_.get()), POLLIN, 0};
      const int ready = ::poll(&fd, 1, static_cast<int>(std::min<std::int64_t>(left.count() + 1, 1 << 30)));
      if (ready < 0 && errno != EINTR)
        throw StorageFailure("store " + quoted(location()) + ": waiting for changes failed: " + std::strerror(errno));
    }
  }

 private:
  static constexpr int text_result = 0;
  static constexpr int binary = 1;
  // Rows a scan reads per query: a page, so a long log streams without holding it all.
  static constexpr int page_rows = 1000;
  static constexpr std::uint64_t no_limit = std::numeric_limits<std::uint64_t>::max();
  enum class Taken { conflict, duplicate_name };

  // ---- the connection ----

  void connect() {
    std::unique_ptr<PQconninfoOption, OptionsDeleter> parsed;
    {
      char* error = nullptr;
      parsed.reset(PQconninfoParse(loc_.conninfo.c_str(), &error));
      if (!parsed) {
        std::string why = error ? trimmed(error) : "out of memory";
        PQfreemem(error);
        throw InvalidArgument("store " + quoted(loc_.shown) + ": not a PostgreSQL location libpq reads: " +
                              without(why, loc_.password));
      }
    }
    std::vector<const char*> keys, values;
    std::string options_value, connect_timeout;
    bool has_timeout = false;
    for (PQconninfoOption* o = parsed.get(); o->keyword; ++o) {
      if (!o->val) continue;
      const std::string_view key = o->keyword;
      if (key == "options") {
        options_value = o->val;
        continue;
      }
      if (key == "client_encoding") continue;  // ours is UTF-8: every text the Store writes is
      if (key == "connect_timeout") has_timeout = true;
      keys.push_back(o->keyword);
      values.push_back(o->val);
    }
    // The session's settings travel in `options`, so PQreset after a lost connection applies them
    // again. The schema is a plain name (check_schema): nothing in it needs escaping.
    options_value += " -c search_path=" + loc_.schema + " -c lock_timeout=" +
                     std::to_string(std::max<std::int64_t>(options_.busy_timeout.count(), 1)) +
                     " -c synchronous_commit=" + (options_.durability == StoreOptions::Durability::full ? "on" : "off");
    if (options_.read_only) options_value += " -c default_transaction_read_only=on";
    keys.push_back("options");
    values.push_back(options_value.c_str());
    keys.push_back("client_encoding");
    values.push_back("UTF8");
    if (!has_timeout) {
      // Whole seconds, and libpq waits at least 2.
      connect_timeout = std::to_string(std::max<std::int64_t>((options_.busy_timeout.count() + 999) / 1000, 2));
      keys.push_back("connect_timeout");
      values.push_back(connect_timeout.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    conn_.reset(PQconnectdbParams(keys.data(), values.data(), 0));
    if (!conn_) throw StorageFailure("cannot open store " + quoted(loc_.shown) + ": out of memory");
    if (PQstatus(conn_.get()) != CONNECTION_OK)
      throw StorageFailure("cannot open store " + quoted(loc_.shown) + ": " + server_message());
    // A library prints nothing: the server's notices (and libpq's own) go nowhere; what matters
    // reaches the caller as an exception.
    PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
  }

  std::string server_message() const { return without(trimmed(PQerrorMessage(conn_.get())), loc_.password); }

  // Before a transaction or a subscription: a connection lost since the last call is opened again
  // (PQreset), so after a server restart the next attempt succeeds.
  void ensure_connected(std::string_view doing) {
    if (PQstatus(conn_.get()) == CONNECTION_OK) return;
    reset();
    if (PQstatus(conn_.get()) != CONNECTION_OK)
      throw StorageFailure("store " + quoted(location()) + ": lost the connection to the server and cannot connect again (" +
                           std::string(doing) + "): " + server_message());
    if (subscribed_) {
      listen();
      missed_ = true;  // a notification may have gone with the old connection
    }
  }

  // Connects again with the same settings; the statements prepared on the old connection went with it.
  void reset() {
    PQreset(conn_.get());
    prepared_.clear();
  }

  void reconnect_until(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      reset();
      if (PQstatus(conn_.get()) == CONNECTION_OK) {
        listen();
        missed_ = false;
        return;
      }
      if (std::chrono::steady_clock::now() >= deadline)
        throw StorageFailure("store " + quoted(location()) + ": lost the connection to the server while waiting for changes "
                             "and could not connect again: " + server_message());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  void listen() {
    std::unique_ptr<char, FreeDeleter> channel(PQescapeIdentifier(conn_.get(), channel_.data(), channel_.size()));
    if (!channel) throw StorageFailure("store " + quoted(location()) + ": quoting the channel failed: " + server_message());
    exec(("LISTEN " + std::string(channel.get())).c_str(), {}, "subscribing to changes");
  }


  // The BEGIN is sent with the transaction's first statement, in one round trip (send()).
  void transaction(const char* begin, std::string_view doing, const std::function<void()>& work) {
    ensure_connected(doing);
    pending_begin_ = begin;
    try {
      work();
    } catch (...) {
      // Best effort: on a lost connection there is nothing to roll back, nor when nothing was sent.
      if (!std::exchange(pending_begin_, nullptr) && PQstatus(conn_.get()) == CONNECTION_OK)
        PQclear(PQexec(conn_.get(), "ROLLBACK"));
      throw;
    }
    if (std::exchange(pending_begin_, nullptr)) return;  // no statement: no transaction to end
    exec("COMMIT", {}, "committing");
  }

  // ---- queries ----

  // A statement run once (opening, migrating, BEGIN, COMMIT, LISTEN): sent unnamed.
  Result exec(const char* sql, Params params, std::string_view doing, int result_format = text_result,
              Taken taken = Taken::conflict, std::string_view name = {}) {
    return send(sql, nullptr, params, doing, result_format, taken, name);
  }

  // A statement of the store's calls: prepared on this connection at its first use (`sql` is a
  // literal or a static string, so its text is the key), so the server parses and plans it once
  // per connection rather than once per call.
  Result query(const char* sql, Params params, std::string_view doing, int result_format = text_result,
               Taken taken = Taken::conflict, std::string_view name = {}) {
    auto [it, fresh] = prepared_.try_emplace(sql);
    if (!fresh) return send(sql, it->second.c_str(), params, doing, result_format, taken, name);
    // A name never used on this connection: one whose PREPARE ran but whose statement failed stays
    // on the server, unused.
    it->second = "opswheel_" + std::to_string(++statements_);
    try {
      return send(sql, it->second.c_str(), params, doing, result_format, taken, name, true);
    } catch (...) {
      prepared_.erase(it);  // the PREPARE may not have run: prepare it again next time
      throw;
    }
  }

  // Runs one statement (`statement`: its prepared name, or nullptr for unnamed). What must run
  // before it goes in the same round trip, in libpq's pipeline mode: the transaction's pending
  // BEGIN and, with `prepare`, the PREPARE of `statement`. A failure of any of them is reported
  // as fail() says, after the pipeline is read to its end.
  Result send(const char* sql, const char* statement, Params& params, std::string_view doing, int result_format, Taken taken,
              std::string_view name, bool prepare = false) {
    PGconn* c = conn_.get();
    const char* begin = std::exchange(pending_begin_, nullptr);
    if (!begin && !prepare) {
      Result r(statement ? PQexecPrepared(c, statement, params.size(), params.values(), params.lengths(), params.formats(),
                                          result_format)
                         : PQexecParams(c, sql, params.size(), nullptr, params.values(), params.lengths(), params.formats(),
                                        result_format));
      const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
      fail(r.get(), doing, taken, name);
    }
    const int sent = (begin ? 1 : 0) + (prepare ? 1 : 0) + 1;
    bool queued = PQenterPipelineMode(c) == 1;
    if (queued && begin) queued = PQsendQueryParams(c, begin, 0, nullptr, nullptr, nullptr, nullptr, text_result) == 1;
    if (queued && prepare) queued = PQsendPrepare(c, statement, sql, params.size(), nullptr) == 1;
    if (queued)
      queued = (statement ? PQsendQueryPrepared(c, statement, params.size(), params.values(), params.lengths(), params.formats(),
                                                result_format)
                          : PQsendQueryParams(c, sql, params.size(), nullptr, params.values(), params.lengths(),
                                              params.formats(), result_format)) == 1;
    if (queued) queued = PQpipelineSync(c) == 1;
    // Each statement's result (then a null), up to the sync's; the first failure is the one to report.
    Result answer, failed;
    int seen = 0;
    while (queued) {
      Result r(PQgetResult(c));
      if (PQstatus(c) != CONNECTION_OK && !failed) failed = std::move(r);
      if (PQstatus(c) != CONNECTION_OK) break;  // fail() says so
      if (!r) continue;                          // the end of one statement's results
      const ExecStatusType status = PQresultStatus(r.get());
      if (status == PGRES_PIPELINE_SYNC) break;
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        if (!failed) failed = std::move(r);
      } else if (++seen == sent) {
        answer = std::move(r);
      }
    }
    PQexitPipelineMode(c);
    if (answer && !failed) return answer;
    fail(failed.get(), doing, taken, name);
  }

  // Turns a failed query into the exception a caller can act on.
  [[noreturn]] void fail(const PGresult* r, std::string_view doing, Taken taken, std::string_view name) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state ? state : "";
    std::string why = r ? trimmed(PQresultErrorMessage(r)) : std::string();
    if (why.empty()) why = trimmed(PQerrorMessage(conn_.get()));
    why = without(why, loc_.password);
    if (PQstatus(conn_.get()) != CONNECTION_OK)
      throw StorageFailure("store " + quoted(location()) + ": lost the connection to the server while " + std::string(doing) +
                           ": " + why);
    if (code == "55P03")  // lock_not_available: lock_timeout ran out
      throw StorageFailure("store " + quoted(location()) + " is locked by another connection: gave up " + std::string(doing) +
                           " after waiting " + std::to_string(options_.busy_timeout.count()) +
                           " ms (StoreOptions::busy_timeout)");
    if (code == "23505" && taken == Taken::duplicate_name)
      throw DuplicateId(std::string(name), "the name of a wheel in store " + quoted(location()));
    // Another writer won: a unique violation on the events is the primary key's backstop behind
    // the head's compare-and-set, and two writers of sub-wheel accepts that lock the same wheels
    // in another order are a deadlock the server breaks by aborting one of them.
    if (code == "23505" || code == "40001" || code == "40P01")
      throw Conflict("store " + quoted(location()) + ": another writer changed the same wheels during this commit (" + why +
                     "); nothing was written: reload and redo the change");
    if (code == "25006")  // read_only_sql_transaction
      throw StorageFailure("store " + quoted(location()) + " was opened read-only: " + std::string(doing) + " refused");
    throw StorageFailure("store " + quoted(location()) + ": " + std::string(doing) + " failed: " + why);
  }

  static EventRow event_row(const PGresult* r, int i) {
    return {static_cast<std::uint64_t>(integer_at(r, i, 0)), integer_at(r, i, 1), text_at(r, i, 2), text_at(r, i, 3),
            text_at(r, i, 4), text_at(r, i, 5), text_at(r, i, 6)};
  }

  // Runs `sql`, whose parameters are the wheel, the first and the last event number, `more`'s and
  // then the page's size, a page at a time.
  void scan(const char* sql, const std::string& wheel, std::uint64_t from, std::uint64_t through, std::string_view doing,
            const RowVisitor& visit, const std::function<Params(Params)>& more = [](Params p) { return p; }) {
    // In pages: the REPEATABLE READ (or the write's own) transaction keeps them one consistent log.
    for (;;) {
      if (from > through) return;
      const Result r = query(sql, more(Params().text(wheel).seq(from).seq(through)).integer(page_rows), doing);
      const int n = PQntuples(r.get());
      for (int i = 0; i < n; ++i)
        if (!visit(event_row(r.get(), i))) return;
      if (n < page_rows) return;
      from = static_cast<std::uint64_t>(integer_at(r.get(), n - 1, 0)) + 1;
    }
  }

  // A write of a wheel's head and its new events as one statement, one round trip: `head_sql`
  // inserts or moves the head row (its parameters from $10 on) and returns the wheel's name; the
  // events, one array per column ($1 to $7, event_params), are inserted only when it returned a
  // row, and so is the change feed's hint (pg_notify($8, $9)), which the server delivers at commit.
  // The statement returns one row when the head was written, none when it was not.
  static std::string with_events(std::string_view head_sql) {
    return "WITH head AS (" + std::string(head_sql) +
           "), written AS (INSERT INTO events(wheel, seq, at, actor, type, json, prev, hash) SELECT head.name, e.* FROM head, "
           "unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS e) "
           "SELECT pg_notify($8, $9) FROM head";
  }

  // The parameters $1 to $9 of with_events for `events` of `wheel`.
  Params event_params(std::string_view wheel, std::span<const EventRow> events) const {
    ArrayParam seq, at, actor, type, json, prev, hash;
    for (const EventRow& e : events) {
      seq.add(static_cast<std::int64_t>(e.seq));
      at.add(e.at);
      actor.add(e.actor);
      type.add(e.type);
      json.add(e.json);
      prev.add(e.prev);
      hash.add(e.hash);
    }
    return Params()
        .text(seq.text())
        .text(at.text())
        .text(actor.text())
        .text(type.text())
        .text(json.text())
        .text(prev.text())
        .text(hash.text())
        .text(channel_)
        .text(std::string(wheel) + " " + std::to_string(events.back().seq));
  }

  // ---- opening: identity and migrations ----

  struct Identity {
    bool schema_exists = false;
    int tables = 0;
    bool has_meta = false;
    std::string marker;
    int version = 0;
  };

  Identity identify() {
    Identity id;
    {
      const Result r = exec("SELECT count(*) FROM pg_namespace WHERE nspname = $1", Params().text(loc_.schema),
                            "reading the database's schemas");
      id.schema_exists = integer_at(r.get(), 0, 0) > 0;
    }
    if (!id.schema_exists) return id;
    {
      const Result r = exec("SELECT count(*), count(*) FILTER (WHERE c.relname = 'meta') FROM pg_class c JOIN pg_namespace n "
                            "ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
                            Params().text(loc_.schema), "reading the schema's tables");
      id.tables = static_cast<int>(integer_at(r.get(), 0, 0));
      id.has_meta = integer_at(r.get(), 0, 1) > 0;
    }
    if (!id.has_meta) return id;
    const Result r = exec("SELECT key, value FROM meta WHERE key IN ('application', 'schema_version')", {},
                          "reading the store's marker");
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      const std::string key = text_at(r.get(), i, 0);
      const std::string value = text_at(r.get(), i, 1);
      if (key == "application") id.marker = value;
      else id.version = std::atoi(value.c_str());
    }
    return id;
  }

  std::string where_shown() const { return quoted(loc_.shown) + " (schema " + quoted(loc_.schema) + ")"; }

  // Refuses what is not ours, or not to be made ours (nothing is written before this passes).
  void check_identity(const Identity& id) {
    if (id.tables == 0) {
      if (options_.create && !options_.read_only) return;
      throw StorageFailure(where_shown() + " is not an opswheel store: the schema " +
                           (id.schema_exists ? "is empty" : "does not exist") + " (nothing was written: " +
                           (options_.read_only ? "opened read-only" : "StoreOptions::create is false") + ")");
    }
    if (!id.has_meta || id.marker != application_marker)
      throw StorageFailure(where_shown() + " is not an opswheel store: the schema has " + std::to_string(id.tables) +
                           " table(s) but not opswheel's marker in a table meta (nothing was written to it)");
    if (id.version > Store::schema_version)
      throw UnsupportedVersion("store " + where_shown() + " has schema version " + std::to_string(id.version) +
                               ", written by a newer opswheel; this one reads up to version " +
                               std::to_string(Store::schema_version));
    if (id.version < 1)
      throw StorageFailure(where_shown() + " is not an opswheel store: its table meta has opswheel's marker but no schema version");
    if (id.version < Store::schema_version && options_.read_only)
      throw StorageFailure("store " + where_shown() + " has schema version " + std::to_string(id.version) +
                           ", older than this opswheel's " + std::to_string(Store::schema_version) +
                           ", and was opened read-only: open it for writing once to migrate it");
  }

  void migrate() {
    transaction("BEGIN ISOLATION LEVEL READ COMMITTED", "migrating the schema", [&] {
      // Two first opens at once: the second waits here, then finds the work done.
      exec("SELECT pg_advisory_xact_lock($1, hashtext($2))", Params().integer(advisory_lock_class).text(loc_.schema),
           "waiting for another migration");
      const Identity id = identify();
      check_identity(id);
      if (id.version == Store::schema_version) return;
      if (!id.schema_exists) {
        std::unique_ptr<char, FreeDeleter> name(PQescapeIdentifier(conn_.get(), loc_.schema.data(), loc_.schema.size()));
        if (!name) throw StorageFailure("store " + where_shown() + ": quoting the schema failed: " + server_message());
        exec(("CREATE SCHEMA " + std::string(name.get())).c_str(), {}, "creating the schema");
      }
      for (const Migration& m : migrations) {
        if (m.to <= id.version) continue;
        const Result r(PQexec(conn_.get(), m.sql));  // several statements: no parameters, and none needed
        if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK)
          fail(r.get(), "migrating the schema to version " + std::to_string(m.to), Taken::conflict, {});
      }
      exec("INSERT INTO meta(key, value) VALUES('application', $1), ('schema_version', $2) "
           "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
           Params().text(application_marker).text(std::to_string(Store::schema_version)), "writing the store's marker");
    });
  }

  Location loc_;
  StoreOptions options_;
  Conn conn_;
  std::string channel_;
  // The statements prepared on this connection (query()), by their text; a new connection has none.
  std::unordered_map<std::string, std::string> prepared_;
  std::uint64_t statements_ = 0;  // names given (opswheel_1, opswheel_2, …)
  // The BEGIN of the transaction transaction() opened, until it goes with the first statement.
  const char* pending_begin_ = nullptr;
  bool subscribed_ = false;
  bool missed_ = false;  // reconnected since the last wait_for_change: a notification may be lost
};

PostgresBackend::PostgresBackend(const std::string& where, const StoreOptions& options)
    : loc_(parse_location(where)), options_(options) {
  // A channel is a name of at most 63 bytes; a longer one is cut, which at worst shares hints
  // with another schema of the same prefix: a spurious hint costs a read, nothing more.
  channel_ = ("opswheel:" + loc_.schema).substr(0, 63);
  connect();
  Identity id;
  exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}, "reading the schema");
  try {
    id = identify();
    check_identity(id);
  } catch (...) {
    PQclear(PQexec(conn_.get(), "ROLLBACK"));
    throw;
  }
  exec("COMMIT", {}, "reading the schema");
  if (id.version != Store::schema_version) migrate();
}

}  // namespace

std::unique_ptr<StoreBackend> open_postgres(const std::string& where, const StoreOptions& options) {
  return std::make_unique<PostgresBackend>(where, options);
}

}  // namespace detail

OPSWHEEL_END_NAMESPACE
