// SPDX-License-Identifier: Apache-2.0
//
// The store's change feed (Store::wait_for_events): a waiter wakes when another Store commits,
// times out with the old head when nothing comes (a commit to another wheel included), and a
// reader that follows a busy writer sees every event exactly once, in order. Writers are threads
// with Stores of their own, as separate processes would be: each Store is its own connection.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include <opswheel/errors.hpp>
#include <opswheel/store.hpp>

#include "store_helpers.hpp"

using namespace opswheel;
using namespace std::chrono_literals;
using opswheel_test::TempDir;
using Clock = std::chrono::steady_clock;

namespace {

// Wheel `name` with one team; returns its head.
std::uint64_t make_wheel(const std::string& path, const std::string& name) {
  Store store(path);
  Wheel w = store.create(name, "rotation", 1, {}, "feed-test");
  w.add("a");
  store.commit(name, w);
  return w.last_seq();
}

// Adds team `id` to wheel `name` through `store` and commits: one event.
void add_team(Store& store, const std::string& name, const std::string& id) {
  Wheel w = store.open(name);
  w.add(id);
  store.commit(name, w);
}

// Runs `work` on a thread of its own and keeps what it throws for the test to rethrow.
class Writer {
 public:
  template <class Work>
  explicit Writer(Work work) : thread_([this, work] {
      try {
        work();
      } catch (...) {
        error_ = std::current_exception();
      }
    }) {}
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() {
    if (thread_.joinable()) thread_.join();
  }
  void join() {
    thread_.join();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::exception_ptr error_;
  std::thread thread_;
};

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

TEST_CASE("store feed: another Store's commit wakes the waiter within a second, with the new head", "[store][feed]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  const std::uint64_t before = make_wheel(path, "ops");
  StoreOptions reading;
  reading.read_only = true;  // a reader that may not write, as the CLI's watch is
  const Store waiter(path, reading);

  std::atomic<Clock::rep> committed_at{0};
  Writer writer([&] {
    Store other(path);
    std::this_thread::sleep_for(300ms);
    add_team(other, "ops", "late");
    committed_at = Clock::now().time_since_epoch().count();
  });
  const std::uint64_t head = waiter.wait_for_events("ops", before, 10s);
  const Clock::time_point woke = Clock::now();
  writer.join();
  CHECK(head == before + 1);
  const double after_commit = ms_between(Clock::time_point(Clock::duration(committed_at.load())), woke);
  INFO("woke " << after_commit << " ms after the commit returned");
  CHECK(after_commit < 1000.0);
}

TEST_CASE("store feed: a wait with nothing new returns the old head at its timeout", "[store][feed]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  const std::uint64_t before = make_wheel(path, "ops");
  make_wheel(path, "other");
  Store waiter(path);

  SECTION("nothing committed at all") {
    const Clock::time_point start = Clock::now();
    CHECK(waiter.wait_for_events("ops", before, 300ms) == before);
    const double waited = ms_between(start, Clock::now());
    CHECK(waited >= 300.0);
    CHECK(waited < 1000.0);
  }
  SECTION("a commit to another wheel is a hint, not an event of this one") {
    Writer writer([&] {
      Store other(path);
      std::this_thread::sleep_for(100ms);
      add_team(other, "other", "b");
    });
    const Clock::time_point start = Clock::now();
    CHECK(waiter.wait_for_events("ops", before, 500ms) == before);
    CHECK(ms_between(start, Clock::now()) >= 500.0);
    writer.join();
    CHECK(waiter.events("other").size() == 3);  // the other wheel's commit did happen
  }
  SECTION("a zero or negative timeout looks once") {
    CHECK(waiter.wait_for_events("ops", before, 0ms) == before);
    CHECK(waiter.wait_for_events("ops", before, -5s) == before);
  }
}

TEST_CASE("store feed: a head already above after_seq returns at once, own commits included", "[store][feed]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  const std::uint64_t before = make_wheel(path, "ops");
  Store store(path);
  add_team(store, "ops", "mine");  // this Store's own commit: no other connection to hint at it
  const Clock::time_point start = Clock::now();
  CHECK(store.wait_for_events("ops", before, 10s) == before + 1);
  CHECK(store.wait_for_events("ops", 0, 10s) == before + 1);
  CHECK(ms_between(start, Clock::now()) < 500.0);
}

TEST_CASE("store feed: a reader following a writer of 200 commits sees every event once, in order", "[store][feed]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  const std::uint64_t first = make_wheel(path, "ops");
  constexpr int commits = 200;
  StoreOptions fast;
  fast.durability = StoreOptions::Durability::normal;  // the feed, not the disk, is under test

  Writer writer([&] {
    Store other(path, fast);
    for (int i = 0; i < commits; ++i) add_team(other, "ops", "t" + std::to_string(i));
  });
  const Store reader(path);
  std::vector<std::uint64_t> seen_seqs;
  std::uint64_t seen = first;
  const std::uint64_t last = first + commits;
  int timeouts = 0;
  while (seen < last && timeouts < 3) {
    const std::uint64_t head = reader.wait_for_events("ops", seen, 5s);
    if (head <= seen) {
      ++timeouts;
      continue;
    }
    for (const ChainedEvent& e : reader.events("ops", seen + 1)) {
      seen_seqs.push_back(e.event.seq);
      seen = e.event.seq;
    }
  }
  writer.join();
  CHECK(timeouts == 0);
  REQUIRE(seen_seqs.size() == static_cast<std::size_t>(commits));
  for (std::size_t i = 0; i < seen_seqs.size(); ++i) CHECK(seen_seqs[i] == first + 1 + i);
}

TEST_CASE("store feed: an unknown wheel is NotFound, at once", "[store][feed]") {
  TempDir dir;
  const std::string path = dir.file("ops.db");
  make_wheel(path, "ops");
  const Store store(path);
  const Clock::time_point start = Clock::now();
  CHECK_THROWS_AS(store.wait_for_events("nope", 0, 5s), NotFound);
  CHECK(ms_between(start, Clock::now()) < 1000.0);
}
