// SPDX-License-Identifier: Apache-2.0
//
// The store, as a conformance suite over the Store interface (round trips for every policy,
// snapshots, optimistic concurrency, JSON, sub-wheels, names, tampered rows), run against every
// backend the tests have (store_backends.hpp: SQLite, and PostgreSQL), and the SQLite backend's handling
// of files that are not what they should be (not a database, another application's, newer,
// locked, tampered with, truncated). Two processes and SIGKILL are tested by store_tool
// (tests/store_tool.cpp), registered beside this suite.
#include <catch2/catch.hpp>

#include <filesystem>

#include <opswheel/store.hpp>

#include "session.hpp"
#include "store_backends.hpp"
#include "store_helpers.hpp"
#include "wheel_helpers.hpp"

using namespace opswheel;
using opswheel_test::all_policies;
using opswheel_test::file_bytes;
using opswheel_test::RawDb;
using opswheel_test::Session;
using opswheel_test::store_backends;
using opswheel_test::StorePlace;
using opswheel_test::ticking_clock;
using opswheel_test::TempDir;
using opswheel_test::ymd;

namespace {

StoreOptions snapshots_every(std::uint64_t n) {
  StoreOptions o;
  o.snapshot_every = n;
  return o;
}

std::vector<Event> plain(const std::vector<ChainedEvent>& log) {
  std::vector<Event> out;
  for (const auto& c : log) out.push_back(c.event);
  return out;
}

// A wheel `name` in `store` that lived `steps` random steps, committed every few steps.
Wheel lived(Store& store, const std::string& name, const std::string& policy, std::uint64_t seed, int steps) {
  Wheel w = store.create(name, policy, seed, {}, "alice");
  w.set_clock(ticking_clock());
  Session session(seed + 11);
  session.populate(w, 10);
  store.commit(name, w);
  for (int i = 0; i < steps; ++i) {
    w.set_actor(i % 4 ? "alice" : "bob");
    session.step(w);
    if (i % 3 == 2) store.commit(name, w);
  }
  store.commit(name, w);
  return w;
}

// Accepts one spin on `w` (k = 2).
void meeting(Wheel& w) { w.accept(w.suggest(2)); }

// A file the store must refuse with `E`, naming the file, and leave byte for byte as it was.
template <class E>
void refused_untouched(const std::string& path, const std::string& says) {
  const auto bytes = file_bytes(path);
  CHECK_THROWS_AS(Store(path), E);
  CHECK_THROWS_WITH(Store(path), Catch::Contains(path) && Catch::Contains(says));
  CHECK(file_bytes(path) == bytes);
}

long long event_rows(StorePlace& place) { return place.integer("ops.db", "SELECT count(*) FROM events"); }

}  // namespace

// ---- conformance: what any backend must do ----

TEST_CASE("store: a committed wheel opens as it was, for every policy", "[store]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  for (const auto& policy : all_policies) {
    CAPTURE(policy);
    Store store(path);
    const Wheel w = lived(store, "wheel-" + policy, policy, 5, 60);
    const Wheel opened = store.open("wheel-" + policy);
    CHECK(opened.save_state() == w.save_state());
    CHECK(opened.last_seq() == w.last_seq());
    CHECK(plain(store.events("wheel-" + policy)) == w.events());
    const Verification v = store.verify("wheel-" + policy);
    CHECK(v.ok);
    CHECK(v.problem.empty());
    CHECK(v.events == w.last_seq());
    // Another Store on the same file sees the same.
    CHECK(Store(path).open("wheel-" + policy).save_state() == w.save_state());
  }
  CHECK(Store(path).wheels().size() == all_policies.size());
}

TEST_CASE("store: create records the actor, returns a wheel ready to commit, and lists it", "[store]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  Store store(place.location("ops.db"));
  CHECK(store.wheels().empty());
  CHECK_FALSE(store.contains("ops"));
  Wheel w = store.create("ops", "quota", 9, PolicyOptions{.slack = 2}, "carol");
  CHECK(store.contains("ops"));
  CHECK(store.wheels() == std::vector<std::string>{"ops"});
  const auto log = store.events("ops");
  REQUIRE(log.size() == 1);
  CHECK(log[0].event.actor == "carol");
  CHECK(log[0].prev == genesis_hash);
  CHECK(std::get<events::Created>(log[0].event.payload).options.slack == 2);
  CHECK(store.commit("ops", w) == 0);  // nothing new
  w.add("a");
  w.add("b");
  CHECK(store.commit("ops", w) == 2);
  CHECK(store.events("ops", 2).size() == 2);
  CHECK(store.events("ops", 2)[0].event.actor == "carol");
  CHECK(verify_chain(store.events("ops")).ok);
  store.create("alpha", "aws");
  CHECK(store.wheels() == std::vector<std::string>{"alpha", "ops"});
}

TEST_CASE("store: snapshots are written every snapshot_every events and opening uses them", "[store]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  for (const auto& policy : all_policies) {
    CAPTURE(policy);
    Store store(path, snapshots_every(7));
    Wheel w = lived(store, policy, policy, 3, 80);
    Wheel opened = store.open(policy);
    CHECK(opened.log_base() > 0);  // from a snapshot, not from event 1
    CHECK(opened.last_seq() == w.last_seq());
    CHECK(opened.save_state() == Wheel::replay(w.events()).save_state());
    CHECK(store.verify(policy).ok);
    CHECK(place.integer("ops.db", "SELECT count(*) FROM snapshots WHERE wheel = '" + policy + "'") == 1);
    // A wheel opened from the snapshot at the store's head goes on and commits.
    Store every(path, snapshots_every(1));
    every.commit(policy, [&] {
      meeting(opened);
      return opened;
    }());
    Wheel again = every.open(policy);
    CHECK(again.log_base() == again.last_seq());
    again.add("late-joiner");
    meeting(again);
    CHECK(every.commit(policy, again) == 3);
    CHECK(every.open(policy).save_state() == again.save_state());
    CHECK(every.verify(policy).ok);
  }
}

TEST_CASE("store: a writer with a stale view gets Conflict, writes nothing, and succeeds after reloading", "[store]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  for (const std::uint64_t every : {1000u, 1u}) {  // heads in the log, and heads at a snapshot
    CAPTURE(every);
    const std::string name = "ops-" + std::to_string(every);
    Store a(path, snapshots_every(every));
    Store b(path, snapshots_every(every));
    {
      Wheel w = a.create(name, "quota", 1);
      for (const char* id : {"a", "b", "c", "d"}) w.add(id);
      a.commit(name, w);
    }
    Wheel mine = a.open(name);
    Wheel theirs = b.open(name);
    // Another person: the same seed spins the same picks, so only the actor tells the events apart
    // when both land in the same millisecond.
    theirs.set_actor("bob");
    meeting(mine);
    a.commit(name, mine);
    const auto head = a.events(name).size();

    meeting(theirs);
    theirs.add("e");
    const auto bytes_before = a.export_json(name);
    try {
      b.commit(name, theirs);
      FAIL("a stale commit went through");
    } catch (const Conflict& e) {
      CHECK_THAT(e.what(), Catch::Contains("'" + name + "' changed since it was loaded") &&
                               Catch::Contains("event " + std::to_string(head)) && Catch::Contains("reload"));
    }
    CHECK(a.events(name).size() == head);
    CHECK(a.export_json(name) == bytes_before);

    // A copy that is behind the store conflicts too, even with nothing new of its own.
    Wheel old = b.open(name);
    meeting(mine);
    a.commit(name, mine);
    old.add("f");
    CHECK_THROWS_AS(b.commit(name, old), Conflict);

    // Reload and redo: it goes through, after the other writer's events.
    Wheel retry = b.open(name);
    meeting(retry);
    retry.add("e");
    CHECK(b.commit(name, retry) == 3);
    CHECK(a.open(name).save_state() == retry.save_state());
    CHECK(a.verify(name).ok);
  }
}

TEST_CASE("store: a copy whose last shared event matches but an earlier one differs conflicts", "[store]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  Store store(place.location("ops.db"), snapshots_every(1000));
  {
    Wheel w = store.create("ops", "rotation", 1);
    w.add("a");
    store.commit("ops", w);
  }
  // Same actor and a clock that stands still: the second events are equal text, the first are not.
  const auto still = [] { return Timestamp(std::chrono::milliseconds(1'800'000'000'000)); };
  Wheel mine = store.open("ops");
  Wheel theirs = store.open("ops");
  mine.set_clock(still);
  theirs.set_clock(still);
  mine.add("x");
  theirs.add("z");
  mine.add("y");
  theirs.add("y");
  REQUIRE(event_json(mine.events().back()) == event_json(theirs.events().back()));
  store.commit("ops", mine);
  theirs.add("late");
  CHECK_THROWS_AS(store.commit("ops", theirs), Conflict);
  CHECK_THROWS_WITH(store.commit("ops", theirs), Catch::Contains("other events"));
  CHECK(store.open("ops").save_state() == mine.save_state());
}

// A Store remembers the chain hashes it worked out for a wheel (store.cpp, KnownChain), including
// those of a commit that conflicted and wrote nothing: they must never let a copy through that does
// not hold the stored head, nor stop one that does.
TEST_CASE("store: a wheel kept in memory and committed many times, with another writer between", "[store]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  Store a(path, snapshots_every(5));
  Store b(path, snapshots_every(5));
  Wheel kept = a.create("ops", "quota", 1);
  for (const char* id : {"a", "b", "c", "d"}) kept.add(id);
  a.commit("ops", kept);
  for (int round = 0; round < 4; ++round) {
    CAPTURE(round);
    kept.accept(kept.suggest(2));
    CHECK(a.commit("ops", kept) == 2);
    // Another writer moves the head; the kept copy, a round further on its own, is stale.
    Wheel other = b.open("ops");
    other.set_actor("bob");
    other.accept(other.suggest(1));
    b.commit("ops", other);
    Wheel stale = kept;
    stale.accept(stale.suggest(2));
    CHECK_THROWS_AS(a.commit("ops", stale), Conflict);
    // The same events again, from a fresh copy of the store: they now follow bob's.
    kept = a.open("ops");
    CHECK(kept.last_seq() == other.last_seq());
  }
  kept.accept(kept.suggest(2));
  CHECK(a.commit("ops", kept) == 2);
  CHECK(b.open("ops").save_state() == kept.save_state());
  CHECK(a.verify("ops").ok);
}

TEST_CASE("store: a wheel committed under another wheel's name conflicts", "[store]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  Store store(place.location("ops.db"), snapshots_every(1));
  for (const char* name : {"x", "y"}) {
    Wheel w = store.create(name, "lottery", name[0]);
    w.add(std::string(name) + "-1");
    w.add(std::string(name) + "-2");
    store.commit(name, w);
  }
  Wheel x = store.open("x");  // restored from the snapshot at its head
  x.add("x-3");
  CHECK_THROWS_AS(store.commit("y", x), Conflict);
  CHECK(store.events("y").size() == 3);
  Wheel x_full = Wheel::replay(plain(store.events("x")));
  x_full.add("x-3");
  CHECK_THROWS_AS(store.commit("y", x_full), Conflict);
  CHECK(store.verify("y").ok);
}

TEST_CASE("store: names with quotes, SQL and unicode are just names", "[store]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  Store store(path);
  const std::vector<std::string> names = {"it's \"quoted\"", "x'); DROP TABLE wheels; --", "naïve ünïcødé 🎡",
                                          "%_*?[]", "a b  c", std::string(256, 'n')};
  for (const auto& name : names) {
    Wheel w = store.create(name, "aws", 3, {}, name);
    w.add(name);  // as a team id too
    w.add("other");
    meeting(w);
    store.commit(name, w);
  }
  auto sorted = names;
  std::sort(sorted.begin(), sorted.end());
  CHECK(store.wheels() == sorted);
  for (const auto& name : names) {
    CAPTURE(name);
    CHECK(store.contains(name));
    CHECK(store.open(name).roster().contains(name));
    CHECK(store.verify(name).ok);
    CHECK(store.events(name).front().event.actor == name);
  }
  for (const std::string& bad : {std::string(), std::string("line\nbreak"), std::string(257, 'n'), std::string("\xff\xfe")}) {
    CHECK_THROWS_AS(store.create(bad, "aws"), InvalidId);
  }
  CHECK(store.wheels().size() == names.size());
  CHECK_FALSE(store.contains("x"));
}

TEST_CASE("store: JSON export and import keep the events and their hashes", "[store][json]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  Store store(place.location("ops.db"), snapshots_every(10));
  const Wheel w = lived(store, "ops", "quota", 8, 50);
  const std::string text = store.export_json("ops");
  CHECK(text == wheel_to_json(Wheel::replay(w.events()), "ops"));

  CHECK(store.import_json(text, "copy") == "copy");
  CHECK(store.events("copy") == store.events("ops"));
  CHECK(store.open("copy").save_state() == w.save_state());
  CHECK(store.verify("copy").ok);

  Store other(place.location("other.db"));
  CHECK(other.import_json(text) == "ops");
  CHECK(other.events("ops") == store.events("ops"));
  CHECK(other.export_json("ops") == text);

  const auto wheels = store.wheels();
  CHECK_THROWS_AS(store.import_json(text), DuplicateId);
  CHECK_THROWS_AS(store.import_json(text.substr(0, text.size() / 2), "half"), CorruptData);
  CHECK_THROWS_AS(store.import_json(text, ""), InvalidId);
  std::string newer = text;
  newer.replace(newer.find("opswheel/1"), 10, "opswheel/9");
  CHECK_THROWS_AS(store.import_json(newer, "newer"), UnsupportedVersion);
  CHECK(store.wheels() == wheels);
  CHECK_THROWS_AS(store.export_json("nope"), NotFound);
}

TEST_CASE("store: sub-wheels are weighed by their active teams and spun when their participant presents", "[store][subwheels]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  Store store(path);
  Wheel org = store.create("org", "rotation", 2);
  for (const char* id : {"db", "cache", "queue"}) org.add(id);
  store.commit("org", org);
  CHECK(store.subwheel_weight("org") == 3);
  org.pause("queue");
  store.commit("org", org);
  CHECK(store.subwheel_weight("org") == 2);
  CHECK_THROWS_AS(store.subwheel_weight("nope"), NotFound);

  Wheel ops = store.create("ops", "quota", 4, {}, "dana");
  ops.add("edge");
  ops.add("web");
  ops.add(Participant{.id = "storage-org", .weight = store.subwheel_weight("org"), .subwheel = "org"});
  ops.pin("storage-org", "org review");
  store.commit("ops", ops);

  const auto org_before = store.open("org");
  const Suggestion s = ops.suggest(2);
  const Meeting m = store.accept_with_subwheels("ops", ops, s, ymd(2026, 12, 2));
  REQUIRE(m.delegated.size() == 1);
  CHECK(m.delegated[0].id == "storage-org");
  CHECK(m.delegated[0].wheel == "org");
  REQUIRE(m.delegated[0].picks.size() == 1);
  CHECK(ops.history().back() == m);

  const Wheel org_after = store.open("org");
  REQUIRE(org_after.history().size() == org_before.history().size() + 1);
  CHECK(org_after.history().back().picks == m.delegated[0].picks);
  CHECK(org_after.history().back().date == ymd(2026, 12, 2));
  CHECK(store.events("org").back().event.actor == "dana");
  CHECK(store.open("ops").save_state() == ops.save_state());
  CHECK(std::holds_alternative<events::Delegated>(store.events("ops").back().event.payload));
  CHECK(store.verify("ops").ok);
  CHECK(store.verify("org").ok);
}

TEST_CASE("store: a failed accept_with_subwheels writes nothing and leaves the wheel as it was", "[store][subwheels]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  Store store(path);
  Wheel org = store.create("org", "aws", 2);
  org.add("db");
  store.commit("org", org);
  // commit() refuses a participant standing for a wheel the store lacks; an imported file can
  // still hold one, and then the accept that picks it is refused.
  Wheel ops("aws", 4);
  ops.add(Participant{.id = "org-team", .subwheel = "org"});
  ops.add(Participant{.id = "ghost-team", .subwheel = "ghost"});
  ops.add("plain");
  ops.pin("ghost-team", "make it present");
  store.import_json(wheel_to_json(ops, "ops"));
  ops = store.open("ops");

  // A pick stands for a wheel the store does not have.
  const auto rows = event_rows(place);
  const Suggestion s = ops.suggest(2);
  const auto state = ops.save_state();
  const auto events = ops.events();
  CHECK_THROWS_AS(store.accept_with_subwheels("ops", ops, s), NotFound);
  CHECK(ops.save_state() == state);
  CHECK(ops.events() == events);
  CHECK(event_rows(place) == rows);
  CHECK(store.open("org").history().empty());

  // A stale parent: the sub-wheel's meeting is not written either.
  ops.remove("ghost-team");
  store.commit("ops", ops);
  Wheel stale = store.open("ops");
  meeting(ops);
  store.commit("ops", ops);
  const auto rows2 = event_rows(place);
  stale.pin("org-team", "its turn");
  const Suggestion t = stale.suggest(1);
  const auto before = stale.save_state();
  CHECK_THROWS_AS(store.accept_with_subwheels("ops", stale, t), Conflict);
  CHECK(stale.save_state() == before);
  CHECK(event_rows(place) == rows2);
  CHECK(store.open("org").history().empty());
}

TEST_CASE("store: unknown wheels and taken names", "[store][bad-input]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  Store store(path);
  Wheel w = store.create("ops", "aws");
  w.add("a");
  store.commit("ops", w);
  CHECK_THROWS_AS(store.open("nope"), NotFound);
  CHECK_THROWS_WITH(store.open("nope"), Catch::Contains("'nope'") && Catch::Contains(path));
  CHECK_THROWS_AS(store.commit("nope", w), NotFound);
  CHECK_THROWS_AS(store.events("nope"), NotFound);
  CHECK_THROWS_AS(store.verify("nope"), NotFound);
  const auto rows = event_rows(place);
  CHECK_THROWS_AS(store.create("ops", "aws"), DuplicateId);
  CHECK_THROWS_WITH(store.create("ops", "quota"), Catch::Contains("'ops'") && Catch::Contains("wheel in store"));
  CHECK_THROWS_AS(store.create("new", "no-such-policy"), InvalidArgument);
  CHECK(event_rows(place) == rows);
  CHECK(store.wheels() == std::vector<std::string>{"ops"});
}

TEST_CASE("store: tampered events are found by verify and refused by open", "[store][bad-input]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  for (const std::uint64_t every : {1000u, 5u}) {
    CAPTURE(every);
    Store store(path, snapshots_every(every));
    const std::string name = "ops" + std::to_string(every);
    const Wheel w = lived(store, name, "quota", 2, 30);
    const std::uint64_t last = w.last_seq();
    const std::string where = "wheel = '" + name + "' AND seq = " + std::to_string(last);
    const auto expect_bad = [&](std::uint64_t seq) {
      const Verification v = store.verify(name);
      CHECK_FALSE(v.ok);
      CHECK(v.first_bad == seq);
      CHECK_FALSE(v.problem.empty());
      CHECK_THROWS_AS(store.open(name), CorruptData);
      CHECK_THROWS_AS(store.export_json(name), CorruptData);
    };
    SECTION("unreadable JSON") {
      place.exec("ops.db", "UPDATE events SET json = '{\"seq\": garbage' WHERE " + where);
      expect_bad(last);
    }
    SECTION("an edited event (the chain breaks)") {
      place.exec("ops.db", "UPDATE events SET json = replace(json, '\"alice\"', '\"mallory\"'), actor = 'mallory' WHERE " +
                       where + " AND actor = 'alice'");
      place.exec("ops.db", "UPDATE events SET json = replace(json, '\"bob\"', '\"mallory\"'), actor = 'mallory' WHERE " + where +
                       " AND actor = 'bob'");
      expect_bad(last);
    }
    SECTION("a forged hash") {
      place.exec("ops.db", "UPDATE events SET hash = '" + std::string(64, 'a') + "' WHERE " + where);
      expect_bad(last);
    }
    SECTION("a dropped last event") {
      place.exec("ops.db", "DELETE FROM events WHERE " + where);
      expect_bad(last);
    }
  }
}

TEST_CASE("store: a bad snapshot is reported by verify and open falls back to the log", "[store][bad-input]") {
  StorePlace place(GENERATE(from_range(store_backends())));
  const std::string path = place.location("ops.db");
  Store store(path, snapshots_every(8));
  const Wheel w = lived(store, "ops", "aws", 6, 40);
  const long long at = place.integer("ops.db", "SELECT seq FROM snapshots");
  REQUIRE(at > 0);
  SECTION("bytes that do not load") { place.exec("ops.db", "UPDATE snapshots SET state = " + place.blob_literal("\x00\xff")); }
  SECTION("a loadable state that is not the one the events give") {
    Wheel other("aws", 6);
    other.add("intruder");
    place.exec("ops.db", "UPDATE snapshots SET state = " + place.blob_literal(other.save_state()));
  }
  const Verification v = store.verify("ops");
  CHECK_FALSE(v.ok);
  CHECK(v.first_bad == static_cast<std::uint64_t>(at));
  CHECK_THAT(v.problem, Catch::Contains("snapshot"));
  CHECK(store.open("ops").save_state() == w.save_state());
}

// ---- the SQLite backend: files that are not what they should be ----

TEST_CASE("store: a file that is not a database, or not ours, is refused and left alone", "[store][bad-input]") {
  TempDir dir;
  SECTION("not a database") {
    const std::string path = dir.file("notes.txt");
    std::string text;
    for (int i = 0; i < 200; ++i) text += "this is not a database, line " + std::to_string(i) + "\n";
    opswheel_test::write_file(path, text);
    refused_untouched<StorageFailure>(path, "not an opswheel store");
  }
  SECTION("another application's SQLite database") {
    const std::string path = dir.file("other.db");
    {
      RawDb raw(path);
      raw.exec("CREATE TABLE wheels(name TEXT); INSERT INTO wheels VALUES('mine')");
    }
    refused_untouched<StorageFailure>(path, "not an opswheel store");
  }
  SECTION("our application id without our marker") {
    const std::string path = dir.file("fake.db");
    {
      RawDb raw(path);
      raw.exec("CREATE TABLE meta(key TEXT, value TEXT); PRAGMA application_id = 1869640567; PRAGMA user_version = 1");
    }
    refused_untouched<StorageFailure>(path, "lacks its marker");
  }
  SECTION("a missing file without create") {
    StoreOptions o;
    o.create = false;
    CHECK_THROWS_AS(Store(dir.file("missing.db"), o), StorageFailure);
    CHECK_FALSE(std::filesystem::exists(dir.file("missing.db")));
  }
}

TEST_CASE("store: schema versions: an empty database is migrated to the current one, a newer one is refused", "[store][migrations]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  {
    RawDb raw(path);  // an empty SQLite database: schema version 0
    raw.exec("PRAGMA user_version = 0");
  }
  {
    Store store(path);
    store.create("ops", "aws").add("a");
  }
  {
    RawDb raw(path);
    CHECK(raw.integer("PRAGMA user_version") == Store::schema_version);
    CHECK(raw.integer("PRAGMA application_id") == 0x6f707377);
    CHECK(raw.integer("SELECT count(*) FROM meta WHERE key = 'schema_version' AND value = '1'") == 1);
    CHECK(raw.integer("PRAGMA journal_mode = WAL") == 0);  // reads back "wal", not a number
  }
  CHECK(Store(path).contains("ops"));
  {
    RawDb raw(path);
    raw.exec("PRAGMA user_version = " + std::to_string(Store::schema_version + 1));
  }
  refused_untouched<UnsupportedVersion>(path, "newer opswheel");
}

TEST_CASE("store: a locked database makes writers wait a bounded time, then StorageFailure — readers go on", "[store][bad-input]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  StoreOptions o;
  o.busy_timeout = std::chrono::milliseconds(50);
  Store store(path, o);
  Wheel w = store.create("ops", "aws");
  w.add("a");
  w.add("b");
  store.commit("ops", w);
  const auto rows = RawDb(path).integer("SELECT count(*) FROM events");

  RawDb holder(path);
  holder.exec("BEGIN IMMEDIATE");
  meeting(w);
  CHECK_THROWS_AS(store.commit("ops", w), StorageFailure);
  CHECK_THROWS_WITH(store.commit("ops", w), Catch::Contains("locked") && Catch::Contains(path) &&
                                                Catch::Contains("50 ms"));
  CHECK_THROWS_AS(store.create("other", "aws"), StorageFailure);
  CHECK(store.open("ops").last_seq() == static_cast<std::uint64_t>(rows));  // WAL: reading is not blocked
  CHECK(store.verify("ops").ok);
  holder.exec("ROLLBACK");
  CHECK(RawDb(path).integer("SELECT count(*) FROM events") == rows);
  CHECK(store.commit("ops", w) == 2);  // the failed attempts left nothing behind
  CHECK(store.verify("ops").ok);
}

TEST_CASE("store: a truncated file gives a clear error and is not changed", "[store][bad-input]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  { lived(*std::make_unique<Store>(path), "ops", "quota", 4, 300); }
  const auto whole = file_bytes(path);
  REQUIRE(whole.size() > 16384);
  for (const std::size_t size : {std::size_t{50}, std::size_t{4000}, whole.size() / 2, whole.size() - 4096}) {
    CAPTURE(size);
    const std::string cut = dir.file("cut-" + std::to_string(size) + ".db");
    opswheel_test::write_file(cut, whole.substr(0, size));
    bool refused = false;
    try {
      Store store(cut);
      const Verification v = store.verify("ops");
      refused = !v.ok;
      if (refused) CHECK_FALSE(v.problem.empty());
      store.open("ops");
    } catch (const StorageFailure& e) {
      refused = true;
      CHECK_THAT(e.what(), Catch::Contains(cut));
    } catch (const CorruptData& e) {
      refused = true;
      CHECK_THAT(e.what(), Catch::Contains("ops"));
    } catch (const NotFound& e) {
      refused = true;  // the wheels table itself is gone with the cut
    }
    CHECK(refused);
    CHECK(file_bytes(cut) == whole.substr(0, size));
  }
}
