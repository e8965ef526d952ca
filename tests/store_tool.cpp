// SPDX-License-Identifier: Apache-2.0
//
// The store's tests that need more than one process: crash safety under SIGKILL and writers in
// several processes. Each mode checks what it did and exits 0 when everything held, 1 otherwise.
//
//   store_tool crash [--kills N] [--seed S]     a child commits in a loop and is killed N times
//   store_tool contend [--writers W] [--commits C] [--seed S]
//                                               W processes commit C times each to one wheel
//   store_tool threads [--writers W] [--commits C] [--seed S]
//                                               W threads of one process, each with its own
//                                               Store, commit C times each to one wheel (the
//                                               run ThreadSanitizer checks: scripts/sanitize-threads)
//   store_tool worker DB WHEEL SEED [--commits C] [--normal]
//                                               the child both modes start: commits random
//                                               steps and reports "commit SEQ HASH" after each
//                                               commit returns (forever when C is 0)
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <opswheel/store.hpp>

#include "session.hpp"
#include "store_helpers.hpp"

extern char** environ;

namespace {

using namespace opswheel;
using Clock = std::chrono::steady_clock;

std::string flag(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return fallback;
}
bool has(int argc, char** argv, const std::string& name) {
  for (int i = 1; i < argc; ++i)
    if (argv[i] == name) return true;
  return false;
}

void report(const std::string& line) {
  const std::string text = line + "\n";
  // One write per line: a line either reaches the pipe whole or not at all (it is < PIPE_BUF).
  if (write(STDOUT_FILENO, text.data(), text.size()) != static_cast<ssize_t>(text.size())) std::exit(3);
}

std::unique_ptr<opswheel_test::Session> fresh_session(Rng& rng) {
  const std::uint64_t seed = rng();
  return std::make_unique<opswheel_test::Session>(seed, "w" + std::to_string(seed) + "-");
}

// A writer: random valid steps on the wheel, committed every 1 to 4 steps; reloads (and redoes)
// on a conflict, and sometimes reloads anyway, so that both paths of open are exercised. Each
// line it reports ("commit SEQ HASH", then "conflicts N") goes to `report`.
template <class Report>
void write_steps(const std::string& db, const std::string& name, std::uint64_t seed, std::uint64_t commits, bool normal,
                 Report&& report) {
  StoreOptions options;
  options.snapshot_every = 16;
  options.busy_timeout = std::chrono::seconds(30);
  if (normal) options.durability = StoreOptions::Durability::normal;
  Store store(db, options);
  Rng rng(seed);
  Wheel w = store.open(name);
  auto session = fresh_session(rng);
  std::uint64_t done = 0, conflicts = 0;
  while (commits == 0 || done < commits) {
    if (rng.below(8) == 0) {
      w = store.open(name);
      session = fresh_session(rng);
    }
    for (std::uint64_t i = 0, n = 1 + rng.below(4); i < n; ++i) session->step(w);
    try {
      store.commit(name, w);
    } catch (const Conflict&) {
      ++conflicts;
      w = store.open(name);
      session = fresh_session(rng);
      continue;
    }
    report("commit " + std::to_string(w.last_seq()) + " " + store.events(name, w.last_seq()).front().hash);
    ++done;
  }
  report("conflicts " + std::to_string(conflicts));
}

// The child process of crash and contend: write_steps, reporting on stdout.
int worker(const std::string& db, const std::string& name, std::uint64_t seed, std::uint64_t commits, bool normal) {
  write_steps(db, name, seed, commits, normal, report);
  return 0;
}

// A child process running `worker`, its stdout on a pipe.
struct Child {
  pid_t pid = -1;
  int out = -1;
  std::string buffer;
};

Child spawn(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::vector<std::string> all = {"/proc/self/exe"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  Child c;
  const int rc = posix_spawn(&c.pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) throw std::runtime_error(std::string("posix_spawn failed: ") + std::strerror(rc));
  c.out = fds[0];
  return c;
}

// Reads what the child wrote, waiting at most `wait_ms` (-1: until it closes its end). Returns
// false at end of file.
bool drain(Child& c, int wait_ms) {
  pollfd p{c.out, POLLIN, 0};
  const auto until = Clock::now() + std::chrono::milliseconds(wait_ms);
  for (;;) {
    int timeout = -1;
    if (wait_ms >= 0) {
      timeout = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
      if (timeout < 0) return true;
    }
    if (poll(&p, 1, timeout) <= 0) return true;
    char chunk[4096];
    const ssize_t n = read(c.out, chunk, sizeof chunk);
    if (n <= 0) return false;
    c.buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

std::vector<std::pair<std::uint64_t, std::string>> commits_in(const std::string& text) {
  std::vector<std::pair<std::uint64_t, std::string>> out;
  std::istringstream in(text);
  std::string word, hash;
  std::uint64_t seq = 0;
  while (in >> word) {
    if (word == "commit" && in >> seq >> hash) out.emplace_back(seq, hash);
  }
  return out;
}

int exit_status(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

// Everything the store promises after any stop: the file opens, the wheel verifies (chain,
// replay, snapshots, head), and every commit the child reported is there with its hash. Returns
// the problem, or nothing and the wheel's number of events in `head`.
std::optional<std::string> check_store(const std::string& db, const std::string& name,
                                       const std::vector<std::pair<std::uint64_t, std::string>>& reported,
                                       std::uint64_t& head) {
  try {
    Store store(db);
    const Verification v = store.verify(name);
    if (!v.ok) return "verify failed at event " + std::to_string(v.first_bad.value_or(0)) + ": " + v.problem;
    const auto log = store.events(name);
    for (const auto& [seq, hash] : reported) {
      if (seq == 0 || seq > log.size()) return "reported event " + std::to_string(seq) + " is missing";
      if (log[seq - 1].hash != hash) return "reported event " + std::to_string(seq) + " has another hash";
    }
    if (store.open(name).last_seq() != log.size()) return "open does not reach the last event";
    head = log.size();
  } catch (const std::exception& e) {
    return std::string("the store does not open: ") + e.what();
  }
  return std::nullopt;
}

void new_wheel(const std::string& db, const std::string& name, std::uint64_t seed) {
  Store store(db);
  Wheel w = store.create(name, "quota", seed, {}, "setup");
  opswheel_test::Session(seed).populate(w, 12);
  store.commit(name, w);
}

int crash(std::uint64_t kills, std::uint64_t seed) {
  opswheel_test::TempDir dir;
  const std::string db = dir.file("crash.db");
  Rng rng(seed);
  std::string name;
  std::uint64_t head = 0;
  std::uint64_t reported_total = 0, unreported = 0, before_first = 0;
  const auto start = Clock::now();
  for (std::uint64_t kill = 0; kill < kills; ++kill) {
    if (kill % 30 == 0) {  // a fresh wheel now and then keeps each check's replay short
      name = "crash-" + std::to_string(kill / 30);
      new_wheel(db, name, seed + kill);
      head = Store(db).events(name).size();
    }
    const std::uint64_t head_before = head;
    std::vector<std::string> args = {"worker", db, name, std::to_string(rng()), "--commits", "0"};
    if (kill % 2) args.push_back("--normal");  // half the children run with synchronous=NORMAL
    Child c = spawn(args);
    // A few kills during start-up and recovery, most during the commit loop.
    drain(c, static_cast<int>(rng.below(4) == 0 ? rng.below(15) : 15 + rng.below(100)));
    ::kill(c.pid, SIGKILL);
    const int status = exit_status(c.pid);
    while (drain(c, -1)) {
    }
    close(c.out);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
      std::cerr << "kill " << kill << ": the child ended on its own (status " << status << ")\n";
      return 1;
    }
    const auto reported = commits_in(c.buffer);
    reported_total += reported.size();
    if (reported.empty()) ++before_first;
    if (auto problem = check_store(db, name, reported, head)) {
      std::cerr << "kill " << kill << ": " << *problem << "\n";
      return 1;
    }
    if (head > (reported.empty() ? head_before : reported.back().first)) ++unreported;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << "crash: " << kills << " kills, all checks passed; " << reported_total
            << " commits reported before their kill and found; " << unreported
            << " kills landed after a commit returned but before it was reported (found too); " << before_first
            << " kills before the first commit; " << seconds << " s\n";
  return 0;
}

// The store file and the wheel a run's writers share, in a fresh temporary directory.
struct SharedWheel {
  opswheel_test::TempDir dir;
  std::string db;
  std::string name = "shared";
  SharedWheel(const std::string& file, std::uint64_t seed) : db(dir.file(file)) { new_wheel(db, name, seed); }
};

// What contend and threads check once every writer is done, from each writer's report: every
// commit a writer reported is in the store with its hash, no two share an event, and the wheel
// verifies. `what` names the run in the summary line.
int check_writers(const std::string& what, const std::string& db, const std::string& name,
                  const std::vector<std::string>& reports, std::uint64_t commits) {
  std::vector<std::pair<std::uint64_t, std::string>> all;
  std::uint64_t conflicts = 0;
  for (const std::string& report : reports) {
    const auto mine = commits_in(report);
    all.insert(all.end(), mine.begin(), mine.end());
    if (const auto at = report.find("conflicts "); at != std::string::npos)
      conflicts += std::stoull(report.substr(at + 10));
  }
  std::map<std::uint64_t, std::string> seqs(all.begin(), all.end());
  if (all.size() != reports.size() * commits || seqs.size() != all.size()) {
    std::cerr << "expected " << reports.size() * commits << " distinct commits, got " << all.size() << " ("
              << seqs.size() << " distinct)\n";
    return 1;
  }
  std::uint64_t head = 0;
  if (auto problem = check_store(db, name, all, head)) {
    std::cerr << *problem << "\n";
    return 1;
  }
  std::cout << what << ": " << reports.size() << " writers x " << commits
            << " commits, all found, chain and replay verified; " << conflicts << " conflicts reloaded and retried\n";
  return 0;
}

int contend(std::uint64_t writers, std::uint64_t commits, std::uint64_t seed) {
  const SharedWheel shared("contend.db", seed);
  const std::string& db = shared.db;
  const std::string& name = shared.name;
  Rng rng(seed);
  std::vector<Child> children;
  for (std::uint64_t i = 0; i < writers; ++i)
    children.push_back(spawn({"worker", db, name, std::to_string(rng()), "--commits", std::to_string(commits)}));
  std::vector<std::string> reports;
  for (Child& c : children) {
    while (drain(c, -1)) {
    }
    close(c.out);
    const int status = exit_status(c.pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::cerr << "a writer failed (status " << status << ")\n";
      return 1;
    }
    reports.push_back(std::move(c.buffer));
  }
  return check_writers("contend", db, name, reports, commits);
}

// As contend, with threads of this process instead of processes: each thread opens its own Store
// (a Store is not shared between threads), so what runs concurrently is the library's own code,
// which ThreadSanitizer sees, and SQLite's locking between connections.
int threads(std::uint64_t writers, std::uint64_t commits, std::uint64_t seed) {
  const SharedWheel shared("threads.db", seed);
  const std::string& db = shared.db;
  const std::string& name = shared.name;
  Rng rng(seed);
  std::vector<std::string> reports(writers);  // one per thread, read after join
  std::vector<std::string> failures(writers);
  std::vector<std::thread> pool;
  for (std::uint64_t i = 0; i < writers; ++i)
    pool.emplace_back([&, i, thread_seed = rng()] {
      try {
        write_steps(db, name, thread_seed, commits, false,
                    [&](const std::string& line) { reports[i] += line + "\n"; });
      } catch (const std::exception& e) {
        failures[i] = e.what();
      }
    });
  for (std::thread& t : pool) t.join();
  for (std::uint64_t i = 0; i < writers; ++i)
    if (!failures[i].empty()) {
      std::cerr << "writer " << i << " failed: " << failures[i] << "\n";
      return 1;
    }
  return check_writers("threads", db, name, reports, commits);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    const auto number = [&](const std::string& name, const std::string& fallback) {
      return std::stoull(flag(argc, argv, name, fallback));
    };
    if (mode == "worker" && argc >= 5)
      return worker(argv[2], argv[3], std::stoull(argv[4]), number("--commits", "0"), has(argc, argv, "--normal"));
    if (mode == "crash") return crash(number("--kills", "60"), number("--seed", "1"));
    if (mode == "contend") return contend(number("--writers", "2"), number("--commits", "40"), number("--seed", "1"));
    if (mode == "threads") return threads(number("--writers", "4"), number("--commits", "25"), number("--seed", "1"));
    std::cerr << "usage: store_tool crash [--kills N] [--seed S] | contend|threads [--writers W] [--commits C] [--seed S]\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "store_tool: " << e.what() << "\n";
    return 1;
  }
}
