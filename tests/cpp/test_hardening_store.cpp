// SPDX-License-Identifier: Apache-2.0
// The store and CLI hardening of 0.2.0 (defects 1-10), at the C++ API: a read-only store that
// creates, migrates and writes nothing; only an open that creates makes a store of an empty file;
// verify and a wrong head hash; the head hash in Verification; the wheel JSON import refuses
// duplicate and unknown keys; undo names the change that blocks it; a time zone is looked up
// where it is given, not in replay. The command's side is tests/cli/test_cli_hardening.py.
#include <catch2/catch.hpp>

#include <opswheel/calendar.hpp>
#include <opswheel/json.hpp>
#include <opswheel/store.hpp>
#include <opswheel/wheel.hpp>

#include <store_helpers.hpp>
#include <wheel_helpers.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace opswheel;
using opswheel_test::file_bytes;
using opswheel_test::RawDb;
using opswheel_test::TempDir;
using opswheel_test::ymd;

namespace {

StoreOptions read_only() {
  StoreOptions o;
  o.read_only = true;
  return o;
}

StoreOptions no_create() {
  StoreOptions o;
  o.create = false;
  return o;
}

bool beside(const std::string& path, const char* suffix) { return std::filesystem::exists(path + suffix); }

// A store at `path` with wheel "ops": three teams, one meeting.
void make_store(const std::string& path) {
  Store store(path);
  Wheel w = store.create("ops", "quota", 3, {}, "alice");
  for (const char* id : {"a", "b", "c"}) w.add(id);
  w.accept(w.suggest(2), ymd(2026, 12, 2));
  store.commit("ops", w);
}

}  // namespace

// ---- 2 and 6: reads never create, migrate or write ---------------------------------------------

TEST_CASE("store hardening: a read-only store reads and writes nothing, and leaves no -wal or -shm", "[store][hardening]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  make_store(path);
  REQUIRE_FALSE(beside(path, "-wal"));
  const auto bytes = file_bytes(path);
  {
    Store store(path, read_only());
    CHECK(store.wheels() == std::vector<std::string>{"ops"});
    Wheel w = store.open("ops");
    CHECK(w.history().size() == 1);
    CHECK(store.verify("ops").ok);
    CHECK_FALSE(store.export_json("ops").empty());
    w.add("d");
    CHECK_THROWS_AS(store.commit("ops", w), StorageFailure);
    CHECK_THROWS_WITH(store.commit("ops", w), Catch::Contains("read-only") && Catch::Contains(path));
    CHECK_THROWS_AS(store.create("new", "aws"), StorageFailure);
    CHECK_THROWS_AS(store.import_json(store.export_json("ops"), std::string_view("copy")), StorageFailure);
  }
  CHECK(file_bytes(path) == bytes);
  CHECK_FALSE(beside(path, "-wal"));
  CHECK_FALSE(beside(path, "-shm"));
}

TEST_CASE("store hardening: only an open that creates makes a store of a missing or empty file", "[store][hardening]") {
  TempDir dir;
  SECTION("a missing file") {
    const std::string path = dir.file("missing.db");
    for (const StoreOptions& o : {read_only(), no_create()}) {
      CHECK_THROWS_AS(Store(path, o), StorageFailure);
      CHECK_THROWS_WITH(Store(path, o), Catch::Contains("no such file"));
      CHECK_FALSE(std::filesystem::exists(path));
    }
  }
  SECTION("a zero-byte file") {
    const std::string path = dir.file("zero.db");
    opswheel_test::write_file(path, "");
    for (const StoreOptions& o : {read_only(), no_create()}) {
      CHECK_THROWS_AS(Store(path, o), StorageFailure);
      CHECK_THROWS_WITH(Store(path, o), Catch::Contains("is not an opswheel store: it is an empty file") && Catch::Contains(path));
      CHECK(file_bytes(path).empty());
      CHECK_FALSE(beside(path, "-wal"));
    }
    CHECK(Store(path).wheels().empty());  // create (the default) makes it a store
    CHECK(Store(path, read_only()).wheels().empty());
  }
  SECTION("an empty SQLite database") {
    const std::string path = dir.file("empty.db");
    RawDb(path).exec("PRAGMA user_version = 0; VACUUM");
    const auto bytes = file_bytes(path);
    REQUIRE_FALSE(bytes.empty());
    for (const StoreOptions& o : {read_only(), no_create()}) {
      CHECK_THROWS_WITH(Store(path, o), Catch::Contains("it is an empty SQLite database"));
      CHECK(file_bytes(path) == bytes);
    }
  }
  SECTION("another application's database, opened read-only") {
    const std::string path = dir.file("other.db");
    RawDb(path).exec("CREATE TABLE accounts(name TEXT); INSERT INTO accounts VALUES('ana')");
    const auto bytes = file_bytes(path);
    CHECK_THROWS_WITH(Store(path, read_only()), Catch::Contains("not an opswheel store"));
    CHECK(file_bytes(path) == bytes);
  }
  SECTION("our application id but no table meta") {
    const std::string path = dir.file("fake.db");
    RawDb(path).exec("CREATE TABLE wheels(name TEXT); PRAGMA application_id = 1869640567; PRAGMA user_version = 1");
    const auto bytes = file_bytes(path);
    for (const StoreOptions& o : {read_only(), no_create(), StoreOptions{}}) {
      CHECK_THROWS_WITH(Store(path, o), Catch::Contains("not an opswheel store") && Catch::Contains("lacks its table meta"));
      CHECK(file_bytes(path) == bytes);
    }
  }
}

// ---- 4 and 9: verify, the head hash --------------------------------------------------------------

TEST_CASE("store hardening: verify reports the head hash, and names the last event when only the head hash is wrong",
          "[store][hardening]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  make_store(path);
  Store store(path);
  const std::vector<ChainedEvent> log = store.events("ops");
  const Verification good = store.verify("ops");
  CHECK(good.ok);
  CHECK(good.head_hash == log.back().hash);
  CHECK(is_chain_hash(good.head_hash));

  const std::string forged(64, 'b');
  RawDb(path).exec("UPDATE wheels SET head_hash = '" + forged + "'");
  const Verification v = store.verify("ops");
  CHECK_FALSE(v.ok);
  CHECK(v.first_bad == log.back().event.seq);  // was log.back().event.seq + 1, an event that does not exist
  CHECK_THAT(v.problem, Catch::Contains("head hash recorded for the wheel (" + forged + ")") &&
                            Catch::Contains("event " + std::to_string(log.back().event.seq)) &&
                            Catch::Contains(log.back().hash));
  CHECK(v.head_hash == forged);
  CHECK_THROWS_WITH(store.open("ops"), Catch::Contains("head hash recorded for the wheel"));
}

TEST_CASE("store hardening: is_chain_hash is the form of a hash", "[json][hardening]") {
  CHECK(is_chain_hash(genesis_hash));
  CHECK(is_chain_hash(std::string(64, 'f')));
  CHECK_FALSE(is_chain_hash(std::string(64, 'F')));
  CHECK_FALSE(is_chain_hash(std::string(63, 'a')));
  CHECK_FALSE(is_chain_hash(std::string(63, 'a') + "g"));
}

// ---- 5: the wheel JSON import refuses duplicate and unknown keys --------------------------------

namespace {

std::string exported() {
  Wheel w("quota", 3);
  w.set_actor("alice");
  for (const char* id : {"a", "b"}) w.add(id);
  w.accept(w.suggest(1), ymd(2026, 12, 2));
  return wheel_to_json(w, "ops", -1);  // compact: one line, keys sorted
}

// `text` with `insert` put right after the first (or the last) occurrence of `after`.
std::string with(std::string text, const std::string& after, const std::string& insert, bool last = false) {
  const auto at = last ? text.rfind(after) : text.find(after);
  REQUIRE(at != std::string::npos);
  return text.insert(at + after.size(), insert);
}

void refused(const std::string& text, const std::vector<std::string>& says) {
  CAPTURE(says);
  std::string message;
  try {
    (void)wheel_from_json(text);
  } catch (const InvalidArgument& e) {
    message = e.what();
  }
  for (const std::string& part : says) CHECK_THAT(message, Catch::Contains(part));
  TempDir dir;
  Store store(dir.file("ops.db"));
  CHECK_THROWS_AS(store.import_json(text), InvalidArgument);
  CHECK(store.wheels().empty());
}

}  // namespace

TEST_CASE("store hardening: a wheel document with a key twice is refused, naming the key and where", "[json][hardening]") {
  const std::string text = exported();
  REQUIRE_NOTHROW(wheel_from_json(text));
  refused(with(text, "{", "\"name\":\"other\","), {"at the top:", "\"name\" appears twice"});
  refused(with(text, "\"roster\":[{", "\"weight\":5,"), {"at roster[0]:", "\"weight\" appears twice"});
  refused(with(text, "\"events\":[{", "\"seq\":7,"), {"at events[0]:", "\"seq\" appears twice"});
  refused(with(text, "\"options\":{", "\"slack\":1,", true), {"at options:", "\"slack\" appears twice"});
}

TEST_CASE("store hardening: a wheel document with a key the format does not have is refused, naming it and where",
          "[json][hardening]") {
  const std::string text = exported();
  refused(with(text, "{", "\"comment\":\"hand-edited\","), {"at the top:", "unknown key \"comment\""});
  refused(with(text, "\"options\":{", "\"slak\":3,", true), {"at options:", "unknown key \"slak\""});
  refused(with(text, "\"roster\":[{", "\"team\":\"x\","), {"at roster[0]:", "unknown key \"team\""});
  refused(with(text, "\"events\":[{", "\"note\":\"x\","), {"at events[0]:", "unknown key \"note\""});
  refused(with(text, "\"data\":{", "\"extra\":1,"), {"at events[0].data:", "unknown key \"extra\""});
  // Without the optional state the document still reads.
  const auto state = text.find(",\"state\":\"");
  REQUIRE(state != std::string::npos);
  const auto end = text.find('"', state + 10);
  CHECK_NOTHROW(wheel_from_json(text.substr(0, state) + text.substr(end + 1)));
}

// ---- 7: time zones are looked up where they are given ---------------------------------------------

TEST_CASE("store hardening: set_cadence refuses a zone the system does not have, and replay does not look it up", "[hardening]") {
  CHECK_NOTHROW(validate_known_time_zone("UTC"));
  CHECK_NOTHROW(validate_known_time_zone("Europe/Berlin"));
  CHECK_THROWS_WITH(validate_known_time_zone("Europe/Berln"), Catch::Contains("'Europe/Berln'") && Catch::Contains("time-zone database"));
  CHECK_THROWS_WITH(validate_known_time_zone("Berlin"), Catch::Contains("'Berlin'"));  // the form, as before
  Wheel w("aws", 1);
  Cadence misspelt;
  misspelt.time_zone = "Europe/Berln";
  CHECK_THROWS_AS(w.set_cadence(misspelt), InvalidArgument);
  CHECK(w.events().size() == 1);
  // A log that has such a zone (written on a machine that had it) still replays.
  std::vector<Event> log = w.events();
  log.push_back({2, log.front().at, "alice", events::CadenceSet{misspelt}});
  CHECK(Wheel::replay(log).actions().calendar().cadence().time_zone == "Europe/Berln");
}

// ---- 8: undo names what blocks it -----------------------------------------------------------------

TEST_CASE("store hardening: an undo refusal names the event that blocks it", "[hardening]") {
  Wheel w("quota", 5);
  for (const char* id : {"a", "b", "c"}) w.add(id);
  w.accept(w.suggest(2), ymd(2026, 12, 2));
  w.set_actor("ana");
  w.remove("c");
  const Event& blocker = w.events().back();
  (void)w.suggest(1);  // spins after it do not hide it
  const std::string expected = "meeting 1 can no longer be undone: event " + std::to_string(blocker.seq) + " (removed by ana, " +
                               format_minute(blocker.at) + " UTC)";
  CHECK_THROWS_AS(w.undo(), InvalidArgument);
  CHECK_THROWS_WITH(w.undo(), Catch::Contains(expected));
  CHECK(describe(blocker) == "event " + std::to_string(blocker.seq) + " (removed by ana, " + format_minute(blocker.at) + " UTC)");
  // After an undo, the undo is what blocks another.
  Wheel twice("quota", 5);
  for (const char* id : {"a", "b", "c"}) twice.add(id);
  twice.accept(twice.suggest(1), ymd(2026, 12, 2));
  twice.accept(twice.suggest(1), ymd(2026, 12, 9));
  twice.undo();
  CHECK_THROWS_WITH(twice.undo(), Catch::Contains("meeting 1 can no longer be undone: event " +
                                                  std::to_string(twice.events().back().seq) + " (undone"));
}
