// SPDX-License-Identifier: Apache-2.0
//
// What only the PostgreSQL backend has (the conformance suite in test_store.cpp runs on it too):
// its locations and schemas, databases that are not opswheel stores, refusals that write nothing,
// read-only, lock time-outs, lost connections, two writers racing on the head row, and the change
// feed's LISTEN/NOTIFY hint. Registered only where ctest starts the test server (tests/postgres.cmake);
// without OPSWHEEL_TEST_POSTGRES these tests fail rather than pass without a server.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <span>
#include <thread>

#include <opswheel/store.hpp>

#include "../../src/store/backend.hpp"
#include "store_backends.hpp"

using namespace opswheel;
using opswheel_test::postgres_url;
using opswheel_test::RawPg;
using opswheel_test::StorePlace;

namespace {

StorePlace pg_place() {
  REQUIRE_FALSE(postgres_url().empty());  // the fixture sets it; never pass without a server
  return StorePlace("postgresql");
}

// Tables in schema `schema`.
long long tables_in(const std::string& schema) {
  return RawPg().integer("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "'");
}
bool schema_exists(const std::string& schema) {
  return RawPg().integer("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'") == 1;
}

void make_wheel(Store& store, const std::string& name) {
  Wheel w = store.create(name, "rotation", 7, {}, "alice");
  w.add("a");
  w.add("b");
  w.accept(w.suggest(1));
  store.commit(name, w);
}

detail::EventRow pg_seam_row(const ChainedEvent& c) {
  return {c.event.seq,  c.event.at.time_since_epoch().count(), c.event.actor, std::string(event_type(c.event.payload)),
          event_json(c.event), c.prev, c.hash};
}

}  // namespace

TEST_CASE("postgres: a URL opens the PostgreSQL backend in its schema, created on first open", "[store][postgres]") {
  auto place = pg_place();
  const std::string where = place.location("ops");
  const std::string schema = place.schema("ops");
  CHECK_FALSE(schema_exists(schema));
  {
    Store store(where);
    CHECK(store.path() == where);
    make_wheel(store, "ops");
  }
  CHECK(tables_in(schema) == 4);
  CHECK(place.integer("ops", "SELECT value::int FROM meta WHERE key = 'schema_version'") == Store::schema_version);
  CHECK(place.integer("ops", "SELECT count(*) FROM events WHERE wheel = 'ops'") == static_cast<long long>(Store(where).events("ops").size()));
  // The key=value form reaches the same store; `schema` is opswheel's, not libpq's.
  RawPg pg;
  const std::string host = PQhost(pg.get());
  CHECK(Store("host=" + host + " dbname=postgres user=postgres schema=" + schema).contains("ops"));
  const auto backends = Store::backends();
  CHECK(std::find(backends.begin(), backends.end(), "postgresql") != backends.end());
}

TEST_CASE("postgres: two first opens at once both succeed and create the schema once", "[store][postgres]") {
  auto place = pg_place();
  const std::string where = place.location("race");
  std::exception_ptr failed[2];
  std::thread a([&] { try { Store s(where); } catch (...) { failed[0] = std::current_exception(); } });
  std::thread b([&] { try { Store s(where); } catch (...) { failed[1] = std::current_exception(); } });
  a.join();
  b.join();
  CHECK_FALSE(failed[0]);
  CHECK_FALSE(failed[1]);
  CHECK(place.integer("race", "SELECT count(*) FROM meta") == 2);
}

TEST_CASE("postgres: bad locations and databases are refused with a clear error and nothing written", "[store][postgres][bad-input]") {
  auto place = pg_place();
  SECTION("a schema name with quotes, or not a plain name") {
    for (const std::string& bad : std::vector<std::string>{"x\"; DROP SCHEMA public; --", "it's", "Upper", "9lives",
                                                          std::string(64, 'a'), ""}) {
      CAPTURE(bad);
      const std::string where = postgres_url() + "&schema=" + bad;
      CHECK_THROWS_AS(Store(where), InvalidArgument);
      CHECK_THROWS_WITH(Store(where), Catch::Contains("schema") && Catch::Contains("plain"));
    }
    CHECK(RawPg().integer("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'x%DROP%' OR nspname = 'it''s'") == 0);
  }
  SECTION("a malformed URL") {
    CHECK_THROWS_AS(Store("postgresql://user@[::1/ops"), InvalidArgument);
    CHECK_THROWS_WITH(Store("postgresql://user@[::1/ops"), Catch::Contains("postgresql://user@[::1/ops"));
    CHECK_THROWS_AS(Store("postgresql:///postgres?no_such_option=1"), InvalidArgument);
  }
  SECTION("a wrong password: the server's message, never the password") {
    const std::string where = postgres_url();
    std::string url = where;
    url.replace(url.find("user=postgres"), 13, "user=opswheel_password&password=wrong-secret-42");
    url += "&schema=" + place.schema("pw");
    CHECK_THROWS_AS(Store(url), StorageFailure);
    try {
      Store s(url);
    } catch (const StorageFailure& e) {
      const std::string what = e.what();
      CHECK_THAT(what, Catch::Contains("password authentication failed"));
      CHECK_THAT(what, !Catch::Contains("wrong-secret-42"));
    }
    CHECK_FALSE(schema_exists(place.schema("pw")));
    // And the right one works (the role may create in the database).
    std::string right = url;
    right.replace(right.find("wrong-secret-42"), 15, "right-password");
    Store s(right);
    make_wheel(s, "ops");
    CHECK(s.contains("ops"));
    // Not DROP OWNED: it would also revoke the role's CREATE on the database, which the other
    // sections (and the next run) need.
    RawPg().exec("DROP SCHEMA " + place.schema("pw") + " CASCADE");
  }
  SECTION("a password in the URI's user part: never in a message, nor in location()") {
    std::string url = postgres_url();
    url.replace(url.find("postgresql:///"), 14, "postgresql://opswheel_password:wrong-secret-42@/");
    url.erase(url.find("&user=postgres"), 14);
    url += "&schema=" + place.schema("pwuri");
    try {
      Store s(url);
      FAIL("a wrong password was accepted");
    } catch (const StorageFailure& e) {
      CHECK_THAT(std::string(e.what()), Catch::Contains("password authentication failed") &&
                                            !Catch::Contains("wrong-secret-42"));
    }
    CHECK_FALSE(schema_exists(place.schema("pwuri")));
    std::string right = url;
    right.replace(right.find("wrong-secret-42"), 15, "right-password");
    Store s(right);
    CHECK_THAT(s.location(), Catch::Contains("opswheel_password@") && !Catch::Contains("right-password"));
    make_wheel(s, "ops");
    CHECK(s.contains("ops"));
    RawPg().exec("DROP SCHEMA " + place.schema("pwuri") + " CASCADE");
  }
  SECTION("a schema that holds another application's tables") {
    const std::string schema = place.schema("foreign");
    RawPg().exec("CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".accounts(name text); INSERT INTO " + schema +
                 ".accounts VALUES('ana')");
    CHECK_THROWS_AS(Store(place.location("foreign")), StorageFailure);
    CHECK_THROWS_WITH(Store(place.location("foreign")), Catch::Contains("not an opswheel store") && Catch::Contains(schema));
    CHECK(tables_in(schema) == 1);
    CHECK(place.integer("foreign", "SELECT count(*) FROM accounts") == 1);
  }
  SECTION("a newer schema version is refused and left untouched") {
    { Store s(place.location("newer")); make_wheel(s, "ops"); }
    place.exec("newer", "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    CHECK_THROWS_AS(Store(place.location("newer")), UnsupportedVersion);
    CHECK_THROWS_WITH(Store(place.location("newer")), Catch::Contains("99") && Catch::Contains("newer opswheel"));
    CHECK(place.integer("newer", "SELECT value::int FROM meta WHERE key = 'schema_version'") == 99);
    CHECK(tables_in(place.schema("newer")) == 4);
  }
  SECTION("a missing schema without create, or read-only, is not created") {
    StoreOptions no_create;
    no_create.create = false;
    CHECK_THROWS_WITH(Store(place.location("absent"), no_create), Catch::Contains("not an opswheel store"));
    StoreOptions ro;
    ro.read_only = true;
    CHECK_THROWS_AS(Store(place.location("absent"), ro), StorageFailure);
    CHECK_FALSE(schema_exists(place.schema("absent")));
  }
}

TEST_CASE("postgres: a read-only store reads and never writes", "[store][postgres][hardening]") {
  auto place = pg_place();
  { Store s(place.location()); make_wheel(s, "ops"); }
  StoreOptions ro;
  ro.read_only = true;
  Store reader(place.location(), ro);
  Wheel w = reader.open("ops");
  CHECK(reader.verify("ops").ok);
  w.add("c");
  CHECK_THROWS_AS(reader.commit("ops", w), StorageFailure);
  CHECK_THROWS_AS(reader.create("other", "aws"), StorageFailure);
  // Below the Store's own check, the session refuses writes too.
  auto db = detail::open_backend(place.location(), ro);
  CHECK_THROWS_AS(db->write([&] { db->replace_snapshot("ops", 1, "x"); }), StorageFailure);
  CHECK(place.integer("ops", "SELECT count(*) FROM snapshots") == 0);
  CHECK(place.integer("ops", "SELECT count(*) FROM wheels") == 1);
}

TEST_CASE("postgres: a held lock makes a writer give up after busy_timeout with StorageFailure", "[store][postgres][bad-input]") {
  auto place = pg_place();
  StoreOptions o;
  o.busy_timeout = std::chrono::milliseconds(300);
  Store store(place.location(), o);
  make_wheel(store, "ops");
  Wheel w = store.open("ops");
  w.add("c");
  const auto rows = place.integer("ops", "SELECT count(*) FROM events");
  RawPg holder;
  holder.exec("SET search_path TO " + place.schema("ops") + "; BEGIN; SELECT * FROM wheels FOR UPDATE");
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(store.commit("ops", w), Catch::Contains("locked") && Catch::Contains("busy_timeout"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(store.open("ops").roster().size() == 2);  // readers go on
  holder.exec("ROLLBACK");
  CHECK(place.integer("ops", "SELECT count(*) FROM events") == rows);
  CHECK(store.commit("ops", w) == 1);
}

TEST_CASE("postgres: a lost connection fails the call, and the next one connects again", "[store][postgres]") {
  auto place = pg_place();
  const std::string where = place.location() + "&application_name=" + place.schema("ops") + "_victim";
  Store store(where);
  make_wheel(store, "ops");
  Wheel w = store.open("ops");
  RawPg().integer("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '" +
                  place.schema("ops") + "_victim'");
  w.add("c");
  // The first call after the loss may be the one that finds it.
  try {
    store.commit("ops", w);
  } catch (const StorageFailure& e) {
    CHECK_THAT(e.what(), Catch::Contains("connection"));
    CHECK(store.commit("ops", w) == 1);
  }
  CHECK(store.open("ops").roster().contains("c"));
  CHECK(store.verify("ops").ok);
}

TEST_CASE("postgres backend: of two writers racing on one head, the second writes nothing", "[store][postgres][backend]") {
  auto place = pg_place();
  const std::string where = place.location();
  { Store s(where); make_wheel(s, "ops"); }
  const auto log = Store(where).events("ops");
  Wheel w = Store(where).open("ops");
  w.add("c");
  const auto next = chain(std::span(&w.events().back(), 1), log.back().hash);
  const std::vector<detail::EventRow> rows{pg_seam_row(next.front())};
  const detail::StoredHead head{log.back().event.seq, log.back().hash};

  auto first = detail::open_backend(where, {});
  auto second = detail::open_backend(where, {});
  bool second_moved = true;
  std::thread racer;
  first->write([&] {
    REQUIRE(first->append("ops", head, rows));
    // The second writer checked the same head; its UPDATE waits for this transaction's row lock.
    // It then either finds the head moved or fails its snapshot with Conflict: nothing written.
    racer = std::thread([&] {
      try {
        second->write([&] { second_moved = second->append("ops", head, rows); });
      } catch (const Conflict&) {
        second_moved = false;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  });
  racer.join();
  CHECK_FALSE(second_moved);
  CHECK(place.integer("ops", "SELECT count(*) FROM events") == static_cast<long long>(log.size() + 1));
  CHECK(Store(where).verify("ops").ok);
}

TEST_CASE("postgres backend: wait_for_change hears another connection's commit, and reconnects after losing its own",
          "[store][postgres][backend]") {
  using std::chrono::milliseconds;
  auto place = pg_place();
  { Store s(place.location()); make_wheel(s, "ops"); }
  const std::string app = place.schema("ops") + "_listener";
  auto watcher = detail::open_backend(place.location() + "&application_name=" + app, {});
  watcher->subscribe();
  CHECK_FALSE(watcher->wait_for_change(milliseconds(0)));

  Store writer(place.location());
  const auto commit_one = [&](const std::string& team) {
    Wheel w = writer.open("ops");
    w.add(team);
    writer.commit("ops", w);
  };
  commit_one("c");
  CHECK(watcher->wait_for_change(milliseconds(2000)));
  CHECK_FALSE(watcher->wait_for_change(milliseconds(150)));  // reported once

  // A store in another schema is not this store.
  { Store other(place.location("other")); make_wheel(other, "ops"); }
  CHECK_FALSE(watcher->wait_for_change(milliseconds(150)));

  // The watcher's own writes are not news to it.
  watcher->write([&] {
    const auto h = watcher->head("ops");
    REQUIRE(h);
    watcher->replace_snapshot("ops", h->seq, "x");
  });
  CHECK_FALSE(watcher->wait_for_change(milliseconds(150)));

  CHECK(RawPg().integer("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '" + app +
                        "'") == 1);
  CHECK(watcher->wait_for_change(milliseconds(5000)));  // reconnected: the caller catches up
  commit_one("d");
  CHECK(watcher->wait_for_change(milliseconds(2000)));  // listening again
}
