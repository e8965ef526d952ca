// SPDX-License-Identifier: Apache-2.0
//
// Store benchmarks (opswheel::persist, SQLite in WAL mode), side by side in one run:
//   AcceptCommit/full, AcceptCommit/normal   one meeting on a 100-team quota wheel: suggest(7),
//                                            accept, commit (one transaction), at
//                                            synchronous=FULL (survives power loss) and NORMAL
//                                            (survives a crash of the process)
//   Open                                     Store::open of a wheel with 10,000 teams and
//                                            100,000 events: its last snapshot (99 events
//                                            before the head, the most there can be with the
//                                            default snapshot_every) and the events after it
//   StoreAndOpen                             the same with a new Store (connection) each time
//   ReadAndReplay                            what open would cost without snapshots: every
//                                            event read back (Store::events) and Wheel::replay
//   ReplaySmall                              Wheel::replay of a 100-team wheel's 10,000 events
// The big file is built once per run in a temporary directory (not timed; about 40 s).
// After the run, main() prints FULL / NORMAL, the open time against its 100 ms target and the
// replay / open ratio, computed from this same run.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <opswheel/store.hpp>

#include "recording_reporter.hpp"
#include "store_helpers.hpp"

namespace {

using namespace opswheel;
using opswheel_bench::human;
using opswheel_bench::RecordingReporter;

constexpr std::size_t big_teams = 10'000;
constexpr std::uint64_t big_events = 100'000;
// Events after the last snapshot: the most open ever replays with the default snapshot_every.
constexpr std::uint64_t big_tail = StoreOptions{}.snapshot_every - 1;

opswheel_test::TempDir& temp() {
  static opswheel_test::TempDir dir;
  return dir;
}

// 10,000 teams, then meetings of 7 until 100,000 events; committed so that the last snapshot is
// `big_tail` events before the head: the slowest open there can be.
const std::string& big_store() {
  static const std::string path = [] {
    const std::string p = temp().file("big.db");
    Store store(p);
    Wheel w = store.create("big", "quota", 1);
    for (std::size_t i = 0; i < big_teams; ++i) w.add("team-" + std::to_string(i), 1.0 + static_cast<double>(i % 3));
    const auto meet_until = [&](std::uint64_t seq) {
      while (w.last_seq() + 2 <= seq) w.accept(w.suggest(7));
    };
    meet_until(big_events - big_tail);
    store.commit("big", w);
    meet_until(big_events);
    store.commit("big", w);
    return p;
  }();
  return path;
}

void BM_AcceptCommit(benchmark::State& state) {
  StoreOptions options;
  options.durability = state.range(0) ? StoreOptions::Durability::full : StoreOptions::Durability::normal;
  const std::string path = temp().file(std::string("commit-") + (state.range(0) ? "full" : "normal") + ".db");
  Store store(path, options);
  // The library runs this function more than once (to choose the iteration count).
  Wheel w = store.contains("ops") ? store.open("ops") : [&] {
    Wheel fresh = store.create("ops", "quota", 7);
    for (int i = 0; i < 100; ++i) fresh.add("team-" + std::to_string(i));
    store.commit("ops", fresh);
    return fresh;
  }();
  for (auto _ : state) {
    w.accept(w.suggest(7));
    benchmark::DoNotOptimize(store.commit("ops", w));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Open(benchmark::State& state) {
  const Store store(big_store());
  for (auto _ : state) {
    Wheel w = store.open("big");
    benchmark::DoNotOptimize(w.last_seq());
  }
}

void BM_StoreAndOpen(benchmark::State& state) {
  const std::string& path = big_store();
  for (auto _ : state) {
    Wheel w = Store(path).open("big");
    benchmark::DoNotOptimize(w.last_seq());
  }
}

void BM_ReadAndReplay(benchmark::State& state) {
  const Store store(big_store());
  for (auto _ : state) {
    std::vector<Event> log;
    for (auto& c : store.events("big")) log.push_back(std::move(c.event));
    benchmark::DoNotOptimize(Wheel::replay(log).last_seq());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * big_events));
}

// Replay of a wheel of the usual size: 100 teams, 10,000 events (meetings of 7).
void BM_ReplaySmall(benchmark::State& state) {
  Wheel w("quota", 3);
  for (int i = 0; i < 100; ++i) w.add("team-" + std::to_string(i));
  while (w.last_seq() < 10'000) w.accept(w.suggest(7));
  const std::vector<Event> log = w.events();
  for (auto _ : state) benchmark::DoNotOptimize(Wheel::replay(log).last_seq());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * log.size()));
}

void print_summary(const RecordingReporter& rec, std::FILE* out) {
  std::vector<std::string> lines;
  char buf[256];
  const auto full = rec.ns("BM_AcceptCommit/durability:1");
  const auto normal = rec.ns("BM_AcceptCommit/durability:0");
  if (full && normal) {
    std::snprintf(buf, sizeof buf, "accept + commit: FULL %s, NORMAL %s (FULL / NORMAL = %.1fx)", human(*full).c_str(),
                  human(*normal).c_str(), *full / *normal);
    lines.emplace_back(buf);
  }
  const auto open = rec.ns("BM_Open/");
  if (open) {
    std::snprintf(buf, sizeof buf, "open, 10,000 teams / 100,000 events: %s  target <= 100 ms: %s", human(*open).c_str(),
                  *open <= 100e6 ? "met" : "NOT MET");
    lines.emplace_back(buf);
  }
  if (const auto cold = rec.ns("BM_StoreAndOpen/")) {
    std::snprintf(buf, sizeof buf, "new Store + open: %s", human(*cold).c_str());
    lines.emplace_back(buf);
  }
  const auto read_replay = rec.ns("BM_ReadAndReplay/");
  if (open && read_replay) {
    std::snprintf(buf, sizeof buf, "without snapshots (read + replay all): %s = %.1fx the open with a snapshot",
                  human(*read_replay).c_str(), *read_replay / *open);
    lines.emplace_back(buf);
  }
  if (read_replay) {
    std::snprintf(buf, sizeof buf, "replay from the store, 10,000 teams: %.0f events/s",
                  static_cast<double>(big_events) / (*read_replay / 1e9));
    lines.emplace_back(buf);
  }
  if (const auto small = rec.ns("BM_ReplaySmall/")) {
    std::snprintf(buf, sizeof buf, "replay in memory, 100 teams: %.0f events/s", 10'000 / (*small / 1e9));
    lines.emplace_back(buf);
  }
  if (lines.empty()) return;
  std::fprintf(out, "\nSummary (real time per iteration, measured in this run)\n");
  for (const std::string& line : lines) std::fprintf(out, "  %s\n", line.c_str());
}

}  // namespace

BENCHMARK(BM_AcceptCommit)->ArgName("durability")->Arg(1)->Arg(0)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Open)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoreAndOpen)->UseRealTime()->Unit(benchmark::kMillisecond);
// About a minute on 2 cores: once is enough.
BENCHMARK(BM_ReadAndReplay)->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ReplaySmall)->UseRealTime()->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) { return opswheel_bench::run_with_summary(argc, argv, print_summary); }
