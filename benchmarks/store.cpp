// SPDX-License-Identifier: Apache-2.0
//
// Store benchmarks (opswheel::persist), SQLite (WAL mode) and PostgreSQL side by side in one run;
// `/backend:0` is SQLite, `/backend:1` PostgreSQL:
//   AcceptCommit/durability      one meeting on a 100-team quota wheel: suggest(7), accept, commit
//                                (one transaction), SQLite at synchronous=FULL (survives power
//                                loss) and NORMAL (survives a crash of the process)
//   Accept/backend               what one accept costs a tool: open the wheel, suggest(7), accept,
//                                commit, on an open Store (connection), durability full
//   Open/backend                 Store::open of a wheel with 10,000 teams and 100,000 events: its
//                                last snapshot (99 events before the head, the most there can be
//                                with the default snapshot_every) and the events after it
//   StoreAndOpen/backend         the same with a new Store (connection) each time
//   EightWriters/backend         8 threads, each with its own Store and its own 100-team wheel,
//                                25 meetings committed each per iteration (200 commits)
//   ReadAndReplay                what open would cost without snapshots (SQLite): every event read
//                                back (Store::events) and Wheel::replay
//   ReplaySmall                  Wheel::replay of a 100-team wheel's 10,000 events
// The big wheel is built once per run and backend (not timed; about 40 s each). PostgreSQL is the
// server named by OPSWHEEL_BENCH_POSTGRES (a URL; the run leaves its schemas opswheel_bench_* in
// it), or else a throwaway cluster on a Unix socket that this program starts with
// scripts/postgres-cluster and stops at exit; without either, the PostgreSQL half reports an error
// and the SQLite half runs alone. After the run, main() prints the targets and the ratios of the
// two backends, computed from this same run.
// Accept, Open and EightWriters also count the CPU each operation cost: `client_ms` for this
// process (every thread), `server_ms` for the PostgreSQL server's processes when the program knows
// the server (its own cluster, or OPSWHEEL_BENCH_POSTGRES_PID, the postmaster's process id). Unlike
// the wall time, these hardly move when other jobs share the machine.
#include <benchmark/benchmark.h>

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
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

enum Backend : int { sqlite = 0, postgresql = 1 };

opswheel_test::TempDir& temp() {
  static opswheel_test::TempDir dir;
  return dir;
}

// The throwaway cluster, started on first use and stopped when the program ends.
class Cluster {
 public:
  Cluster() {
    dir_ = "/tmp/opswheel-bench-pg-" + std::to_string(::getpid());
    const std::string command = "'" OPSWHEEL_SOURCE_DIR "/scripts/postgres-cluster' start '" + dir_ + "'";
    std::FILE* out = ::popen(command.c_str(), "r");
    if (!out) return;
    char line[1024] = {};
    const bool read = std::fgets(line, sizeof line, out) != nullptr;
    if (::pclose(out) == 0 && read) {
      url_ = line;
      while (!url_.empty() && (url_.back() == '\n' || url_.back() == '\r')) url_.pop_back();
    }
  }
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;
  ~Cluster() {
    const std::string command = "'" OPSWHEEL_SOURCE_DIR "/scripts/postgres-cluster' stop '" + dir_ + "'";
    if (std::system(command.c_str()) != 0) std::fprintf(stderr, "could not stop the cluster in %s\n", dir_.c_str());
  }
  const std::string& url() const { return url_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string url_;
};

// The process id of the cluster's postmaster, when this program started the cluster (0 before).
int own_postmaster = 0;

// The URL of the PostgreSQL server, or "" when there is none (said once, on stderr).
const std::string& postgres_url() {
  static const std::string url = [] {
    if (const char* given = std::getenv("OPSWHEEL_BENCH_POSTGRES"); given && *given) return std::string(given);
    static Cluster cluster;
    if (cluster.url().empty())
      std::fprintf(stderr, "no PostgreSQL: set OPSWHEEL_BENCH_POSTGRES or install the server (postgresql-15)\n");
    std::ifstream pid_file(cluster.dir() + "/data/postmaster.pid");
    pid_file >> own_postmaster;
    return cluster.url();
  }();
  return url;
}

// CPU seconds of process `pid` and of its children alive now (a server's postmaster and its
// processes), from /proc; 0 when it cannot be read.
double cpu_of_tree(int pid) {
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  double total = 0;
  DIR* proc = ::opendir("/proc");
  if (!proc) return 0;
  while (const dirent* entry = ::readdir(proc)) {
    const int candidate = std::atoi(entry->d_name);
    if (candidate <= 0) continue;
    std::ifstream stat("/proc/" + std::to_string(candidate) + "/stat");
    std::string line;
    std::getline(stat, line);
    const std::size_t name_end = line.rfind(')');  // the command name may hold spaces
    if (name_end == std::string::npos) continue;
    std::istringstream fields(line.substr(name_end + 2));
    std::string state;
    int parent = 0;
    fields >> state >> parent;
    if (candidate != pid && parent != pid) continue;
    std::string skip;
    for (int i = 0; i < 9; ++i) fields >> skip;  // pgrp … cmajflt
    long user = 0, system = 0;
    fields >> user >> system;
    total += static_cast<double>(user + system) / tick;
  }
  ::closedir(proc);
  return total;
}

// Counts the CPU an operation costs, this process's and the server's (see the top of the file).
class CpuCount {
 public:
  explicit CpuCount(int backend) {
    if (backend == postgresql) {
      if (const char* given = std::getenv("OPSWHEEL_BENCH_POSTGRES_PID"); given && *given) server_ = std::atoi(given);
      else server_ = own_postmaster;
    }
    start_client_ = client();
    start_server_ = server_ ? cpu_of_tree(server_) : 0;
  }
  void report(benchmark::State& state, std::int64_t operations) const {
    if (operations <= 0) return;
    const double per = 1e3 / static_cast<double>(operations);
    state.counters["client_ms"] = (client() - start_client_) * per;
    if (server_) state.counters["server_ms"] = (cpu_of_tree(server_) - start_server_) * per;
  }

 private:
  static double client() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
  }
  int server_ = 0;
  double start_client_ = 0;
  double start_server_ = 0;
};

// Where store `name` of `backend` lives: a file in the temporary directory, or a schema of its own.
std::optional<std::string> location(int backend, const std::string& name) {
  if (backend == sqlite) return temp().file(name + ".db");
  const std::string& url = postgres_url();
  if (url.empty()) return std::nullopt;
  const std::string schema = "opswheel_bench_" + std::to_string(::getpid()) + "_" + name;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
}

// The location for `state`'s backend, or nullopt after telling the library why it cannot run.
std::optional<std::string> location(benchmark::State& state, const std::string& name) {
  auto where = location(static_cast<int>(state.range(0)), name);
  if (!where) state.SkipWithError("no PostgreSQL server (OPSWHEEL_BENCH_POSTGRES, or postgresql-15 for a local one)");
  return where;
}

// A 100-team quota wheel `name` in `store`, made on first use.
Wheel hundred_teams(Store& store, const std::string& name) {
  if (store.contains(name)) return store.open(name);
  Wheel fresh = store.create(name, "quota", 7);
  for (int i = 0; i < 100; ++i) fresh.add("team-" + std::to_string(i));
  store.commit(name, fresh);
  return fresh;
}

// 10,000 teams, then meetings of 7 until 100,000 events; committed so that the last snapshot is
// `big_tail` events before the head: the slowest open there can be. One per backend.
const std::string& big_store(int backend) {
  static std::map<int, std::string> made;
  if (auto it = made.find(backend); it != made.end()) return it->second;
  const std::string where = *location(backend, "big");
  Store store(where);
  Wheel w = store.create("big", "quota", 1);
  for (std::size_t i = 0; i < big_teams; ++i) w.add("team-" + std::to_string(i), 1.0 + static_cast<double>(i % 3));
  const auto meet_until = [&](std::uint64_t seq) {
    while (w.last_seq() + 2 <= seq) w.accept(w.suggest(7));
  };
  meet_until(big_events - big_tail);
  store.commit("big", w);
  meet_until(big_events);
  store.commit("big", w);
  return made[backend] = where;
}

void BM_AcceptCommit(benchmark::State& state) {
  StoreOptions options;
  options.durability = state.range(0) ? StoreOptions::Durability::full : StoreOptions::Durability::normal;
  Store store(temp().file(std::string("commit-") + (state.range(0) ? "full" : "normal") + ".db"), options);
  Wheel w = hundred_teams(store, "ops");  // the library runs this function more than once
  for (auto _ : state) {
    w.accept(w.suggest(7));
    benchmark::DoNotOptimize(store.commit("ops", w));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Accept(benchmark::State& state) {
  const auto where = location(state, "accept");
  if (!where) return;
  Store store(*where);
  hundred_teams(store, "ops");
  const CpuCount cpu(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    Wheel w = store.open("ops");
    w.accept(w.suggest(7));
    benchmark::DoNotOptimize(store.commit("ops", w));
  }
  cpu.report(state, state.iterations());
  state.SetItemsProcessed(state.iterations());
}

// Eight writers, each with its own connection and wheel: how many commits the store takes at once.
constexpr int writers = 8;
constexpr int commits_per_writer = 25;

void BM_EightWriters(benchmark::State& state) {
  const auto where = location(state, "writers");
  if (!where) return;
  // SQLite runs one write at a time, so a writer may queue behind all the others' commits.
  StoreOptions patient;
  patient.busy_timeout = std::chrono::minutes(2);
  std::vector<Store> stores;
  std::vector<Wheel> wheels;
  for (int i = 0; i < writers; ++i) {
    stores.emplace_back(*where, patient);
    wheels.push_back(hundred_teams(stores.back(), "ops-" + std::to_string(i)));
  }
  std::array<std::string, writers> failures;
  const CpuCount cpu(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::vector<std::thread> threads;
    for (int i = 0; i < writers; ++i)
      threads.emplace_back([&, i] {
        const std::string name = "ops-" + std::to_string(i);
        try {
          for (int c = 0; c < commits_per_writer; ++c) {
            wheels[i].accept(wheels[i].suggest(7));
            stores[i].commit(name, wheels[i]);
          }
        } catch (const std::exception& e) {
          failures[i] = e.what();
        }
      });
    for (auto& t : threads) t.join();
    for (const std::string& failure : failures)
      if (!failure.empty()) {
        state.SkipWithError(failure.c_str());
        return;
      }
  }
  cpu.report(state, state.iterations() * writers * commits_per_writer);
  state.SetItemsProcessed(state.iterations() * writers * commits_per_writer);
}

void BM_Open(benchmark::State& state) {
  if (!location(state, "probe")) return;
  const Store store(big_store(static_cast<int>(state.range(0))));
  const CpuCount cpu(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    Wheel w = store.open("big");
    benchmark::DoNotOptimize(w.last_seq());
  }
  cpu.report(state, state.iterations());
}

void BM_StoreAndOpen(benchmark::State& state) {
  if (!location(state, "probe")) return;
  const std::string& path = big_store(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    Wheel w = Store(path).open("big");
    benchmark::DoNotOptimize(w.last_seq());
  }
}

void BM_ReadAndReplay(benchmark::State& state) {
  const Store store(big_store(sqlite));
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
  const auto add = [&](const char* format, auto... values) {
    std::snprintf(buf, sizeof buf, format, values...);
    lines.emplace_back(buf);
  };
  const auto met = [](bool yes) { return yes ? "met" : "NOT MET"; };
  const auto full = rec.ns("BM_AcceptCommit/durability:1");
  const auto normal = rec.ns("BM_AcceptCommit/durability:0");
  if (full && normal)
    add("SQLite accept + commit: FULL %s, NORMAL %s (FULL / NORMAL = %.1fx)", human(*full).c_str(), human(*normal).c_str(),
        *full / *normal);
  // Each measure for both backends, with PostgreSQL's target when the issue set one.
  const auto pair = [&](const char* what, const std::string& key, std::optional<double> lite_target_ns,
                        std::optional<double> pg_target_ns) {
    const auto lite = rec.ns(key + "/backend:0");
    const auto pg = rec.ns(key + "/backend:1");
    if (!lite && !pg) return;
    std::string line = std::string(what) + ": SQLite " + (lite ? human(*lite) : std::string("-")) + ", PostgreSQL " +
                       (pg ? human(*pg) : std::string("not measured"));
    if (lite && pg) {
      std::snprintf(buf, sizeof buf, " (PostgreSQL / SQLite = %.2fx)", *pg / *lite);
      line += buf;
    }
    if (lite && lite_target_ns)
      line += std::string("  SQLite target <= ") + human(*lite_target_ns) + ": " + met(*lite <= *lite_target_ns);
    if (pg && pg_target_ns) line += std::string("  PostgreSQL target <= ") + human(*pg_target_ns) + ": " + met(*pg <= *pg_target_ns);
    lines.push_back(line);
  };
  pair("accept (open, spin, accept, commit)", "BM_Accept", std::nullopt, 5e6);
  pair("open, 10,000 teams / 100,000 events", "BM_Open", 100e6, 200e6);
  pair("new Store + open", "BM_StoreAndOpen", std::nullopt, std::nullopt);
  for (int backend : {sqlite, postgresql})
    if (const auto eight = rec.ns("BM_EightWriters/backend:" + std::to_string(backend))) {
      const double rate = writers * commits_per_writer / (*eight / 1e9);
      if (backend == sqlite)
        add("8 writers on 8 wheels, SQLite: %.0f commits/s together", rate);
      else
        add("8 writers on 8 wheels, PostgreSQL: %.0f commits/s together  target >= 500/s: %s", rate, met(rate >= 500));
    }
  const auto open = rec.ns("BM_Open/backend:0");
  const auto read_replay = rec.ns("BM_ReadAndReplay/");
  if (open && read_replay)
    add("without snapshots (read + replay all, SQLite): %s = %.1fx the open with a snapshot", human(*read_replay).c_str(),
        *read_replay / *open);
  if (read_replay)
    add("replay from the store, 10,000 teams: %.0f events/s", static_cast<double>(big_events) / (*read_replay / 1e9));
  if (const auto small = rec.ns("BM_ReplaySmall/")) add("replay in memory, 100 teams: %.0f events/s", 10'000 / (*small / 1e9));
  if (lines.empty()) return;
  std::fprintf(out, "\nSummary (real time per iteration, measured in this run)\n");
  for (const std::string& line : lines) std::fprintf(out, "  %s\n", line.c_str());
}

}  // namespace

BENCHMARK(BM_AcceptCommit)->ArgName("durability")->Arg(1)->Arg(0)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Accept)->ArgName("backend")->Arg(sqlite)->Arg(postgresql)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Open)->ArgName("backend")->Arg(sqlite)->Arg(postgresql)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoreAndOpen)->ArgName("backend")->Arg(sqlite)->Arg(postgresql)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EightWriters)->ArgName("backend")->Arg(sqlite)->Arg(postgresql)->UseRealTime()->Unit(benchmark::kMillisecond);
// About a minute on 2 cores: once is enough.
BENCHMARK(BM_ReadAndReplay)->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ReplaySmall)->UseRealTime()->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) { return opswheel_bench::run_with_summary(argc, argv, print_summary); }
