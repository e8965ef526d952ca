// SPDX-License-Identifier: Apache-2.0
//
// The seam under Store (src/store/backend.hpp), tested at its own boundary: which backend a store
// location opens, and the promises the Store's rules rely on that no Store call can reach under
// SQLite's write lock — above all that append() is a compare-and-set on the head that writes
// nothing when the head has moved. A second backend must pass these too.
#include <catch2/catch.hpp>

#include <chrono>
#include <limits>
#include <span>

#include <opswheel/store.hpp>

#include "../../src/store/backend.hpp"
#include "store_helpers.hpp"

using namespace opswheel;
using opswheel_test::RawDb;
using opswheel_test::TempDir;

namespace {

// A wheel `name` with a few events, committed through the Store; returns its stored log.
std::vector<ChainedEvent> seam_wheel(const std::string& path, const std::string& name) {
  Store store(path);
  Wheel w = store.create(name, "rotation", 7, {}, "alice");
  w.add("a");
  w.add("b");
  store.commit(name, w);
  return store.events(name);
}

// The stored columns of `c` (what Store writes through the seam).
detail::EventRow seam_row(const ChainedEvent& c) {
  return {c.event.seq,  c.event.at.time_since_epoch().count(), c.event.actor, std::string(event_type(c.event.payload)),
          event_json(c.event), c.prev, c.hash};
}

}  // namespace

TEST_CASE("store backend: a path opens the SQLite backend, named by its path", "[store][backend]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  auto db = detail::open_backend(path, {});
  CHECK(db->location() == path);
  db->read([&] { CHECK(db->wheels().empty()); });
  CHECK(RawDb(path).integer("PRAGMA application_id") == 0x6f707377);
}

TEST_CASE("store backend: append moves the head only from the head the caller checked", "[store][backend]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  const auto log = seam_wheel(path, "ops");
  const ChainedEvent& last = log.back();

  // One more event, chained on from the head.
  Wheel w = Store(path).open("ops");
  w.add("c");
  const auto next = chain(std::span(&w.events().back(), 1), last.hash);
  const std::vector<detail::EventRow> rows{seam_row(next.front())};

  auto db = detail::open_backend(path, {});
  SECTION("a stale head: false, and nothing written") {
    const detail::StoredHead stale{last.event.seq - 1, log[log.size() - 2].hash};
    bool moved = true;
    db->write([&] { moved = db->append("ops", stale, rows); });
    CHECK_FALSE(moved);
    CHECK(RawDb(path).integer("SELECT count(*) FROM events") == static_cast<long long>(log.size()));
    CHECK(Store(path).verify("ops").ok);
  }
  SECTION("the same number with another hash is stale too") {
    const detail::StoredHead forged{last.event.seq, std::string(genesis_hash)};
    bool moved = true;
    db->write([&] { moved = db->append("ops", forged, rows); });
    CHECK_FALSE(moved);
    CHECK(Store(path).events("ops").size() == log.size());
  }
  SECTION("the current head: the head moves and the event is there") {
    bool moved = false;
    db->write([&] { moved = db->append("ops", {last.event.seq, last.hash}, rows); });
    CHECK(moved);
    Store store(path);
    CHECK(store.verify("ops").ok);
    CHECK(store.open("ops").last_seq() == last.event.seq + 1);
  }
}

TEST_CASE("store backend: write() rolls back when its work throws", "[store][backend]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  const auto log = seam_wheel(path, "ops");
  auto db = detail::open_backend(path, {});
  CHECK_THROWS_AS(db->write([&] {
    db->replace_snapshot("ops", log.back().event.seq, "not a state");
    throw InvalidArgument("stop");
  }),
                  InvalidArgument);
  CHECK(RawDb(path).integer("SELECT count(*) FROM snapshots") == 0);
}

TEST_CASE("store backend: a scan stops when its visitor says so, and keeps to its range", "[store][backend]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  const auto log = seam_wheel(path, "ops");
  REQUIRE(log.size() >= 3);
  auto db = detail::open_backend(path, {});
  std::vector<std::uint64_t> seen;
  db->read([&] {
    db->scan_events("ops", 2, 3, [&](detail::EventRow&& r) {
      seen.push_back(r.seq);
      return true;
    });
    db->scan_events("ops", 1, std::numeric_limits<std::uint64_t>::max(), [&](detail::EventRow&& r) {
      seen.push_back(r.seq);
      return false;
    });
  });
  CHECK(seen == std::vector<std::uint64_t>{2, 3, 1});
}

TEST_CASE("store backend: wait_for_change sees another connection's commit, and only once", "[store][backend]") {
  using std::chrono::milliseconds;
  TempDir dir;
  const std::string path = dir.file("ops.db");
  const auto log = seam_wheel(path, "ops");
  auto watcher = detail::open_backend(path, {});
  watcher->subscribe();
  CHECK_FALSE(watcher->wait_for_change(milliseconds(0)));  // nothing since subscribe()

  Store writer(path);
  Wheel w = writer.open("ops");
  w.add("c");
  writer.commit("ops", w);
  CHECK(watcher->wait_for_change(milliseconds(2000)));
  CHECK_FALSE(watcher->wait_for_change(milliseconds(120)));  // that change was reported already

  // The watcher's own writes are not news to it.
  watcher->write([&] { watcher->replace_snapshot("ops", log.back().event.seq, "x"); });
  CHECK_FALSE(watcher->wait_for_change(milliseconds(120)));
}
