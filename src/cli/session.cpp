// SPDX-License-Identifier: Apache-2.0
#include "session.hpp"

#include "output.hpp"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include <opswheel/errors.hpp>

namespace opswheel_cli {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Scans `log` from its end: records the changes seen until it reaches a spin or the start of the
// wheel. Returns true once the question is settled.
bool scan(const std::vector<opswheel::Event>& log, SpinState& state) {
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (opswheel::is_spin(it->payload)) {
      state.spin = *it;
      return true;
    }
    if (std::holds_alternative<opswheel::events::Created>(it->payload)) return true;
    if (!opswheel::is_action_event(it->payload)) state.first_change = *it;
  }
  return false;
}

// A test hook (docs/cli.md, "Testing"): with OPSWHEEL_CLI_HOLD_BEFORE_COMMIT=DIR, a write creates
// DIR/ready once its wheel is loaded and changed, then waits for DIR/go before committing, so a
// test can put another process's write in between, deterministically.
void hold_before_commit() {
  const std::string dir = env("OPSWHEEL_CLI_HOLD_BEFORE_COMMIT");
  if (dir.empty()) return;
  namespace fs = std::filesystem;
  std::ofstream(fs::path(dir) / "ready").put('\n');
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!fs::exists(fs::path(dir) / "go")) {
    if (std::chrono::steady_clock::now() > give_up)
      throw opswheel::StorageFailure("OPSWHEEL_CLI_HOLD_BEFORE_COMMIT: no '" + (fs::path(dir) / "go").string() + "' after 2 minutes");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

std::string default_actor() {
  if (std::string user = env("USER"); !user.empty()) return user;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
  return "unknown";
}

Session::Session(const Args& args, Access access) : access_(access) {
  db_path_ = args.value("db").value_or(env("OPSWHEEL_DB"));
  db_given_ = !db_path_.empty();
  if (!db_given_) db_path_ = default_db_file;
  wheel_given_ = args.value("wheel").has_value();
  wheel_name_ = args.value("wheel").value_or(std::string(default_wheel));
  actor_ = args.value("actor").value_or(default_actor());
  json_ = args.flag("json");
}

opswheel::Store& Session::store() {
  if (store_) return *store_;
  // A file that is not there is named as such before anything is made; a server says for itself.
  const bool file = opswheel::Store::backend_for(db_path_) == "sqlite";
  const std::string file_path = db_path_.starts_with("sqlite:") ? db_path_.substr(7) : db_path_;
  if (file && access_ != Access::create && !std::filesystem::exists(file_path))
    throw opswheel::NotFound("no opswheel database at '" + db_path_ +
                             "': create one with `opswheel init`, or name another with --db PATH or postgresql://URL, or OPSWHEEL_DB");
  opswheel::StoreOptions options;
  options.create = access_ == Access::create;
  options.read_only = access_ == Access::read;
  store_.emplace(db_path_, options);
  return *store_;
}

void Session::require_wheel() {
  opswheel::Store& s = store();
  if (!s.contains(wheel_name_)) {
    std::string names;
    for (const std::string& n : s.wheels()) names += (names.empty() ? "" : ", ") + n;
    throw opswheel::NotFound("no wheel '" + wheel_name_ + "' in '" + s.location() + "'" +
                             (names.empty() ? "" : " (it has: " + names + ")") + "; create it with `opswheel init --wheel " +
                             wheel_name_ + "`");
  }
}

opswheel::Wheel Session::open() {
  require_wheel();
  opswheel::Wheel wheel = store().open(wheel_name_);
  wheel.set_actor(actor_);
  return wheel;
}

opswheel::Wheel Session::open_whole_log() {
  require_wheel();
  std::vector<opswheel::Event> log;
  for (opswheel::ChainedEvent& c : store().events(wheel_name_)) log.push_back(std::move(c.event));
  opswheel::Wheel wheel = opswheel::Wheel::replay(log);
  wheel.set_actor(actor_);
  return wheel;
}

namespace {

// Runs a store write; a conflict's message says what to do about it.
template <class Write>
auto conflict_checked(Write write) {
  hold_before_commit();
  try {
    return write();
  } catch (const opswheel::Conflict& e) {
    throw opswheel::Conflict(std::string(e.what()) + "; nothing was written: run the command again");
  }
}

}  // namespace

std::size_t Session::commit(opswheel::Wheel& wheel) {
  return conflict_checked([&] { return store().commit(wheel_name_, wheel); });
}

opswheel::Meeting Session::accept(opswheel::Wheel& wheel, const opswheel::Suggestion& suggestion, const opswheel::Date& date) {
  return conflict_checked([&] { return store().accept_with_subwheels(wheel_name_, wheel, suggestion, date); });
}

opswheel::Meeting Session::accept(opswheel::Wheel& wheel, const std::vector<std::string>& picks, const opswheel::Date& date) {
  return conflict_checked([&] { return store().accept_with_subwheels(wheel_name_, wheel, picks, date); });
}

opswheel::Date Session::today() const {
  if (const std::string fixed = env("OPSWHEEL_TODAY"); !fixed.empty()) return parse_date_arg(fixed, "OPSWHEEL_TODAY");
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return opswheel::Date{std::chrono::year{local.tm_year + 1900}, std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)},
                        std::chrono::day{static_cast<unsigned>(local.tm_mday)}};
}

SpinState last_spin(Session& session, const opswheel::Wheel& wheel) {
  SpinState state;
  if (scan(wheel.events(), state) || wheel.log_base() == 0) return state;
  // The wheel was restored from a snapshot: the older events are in the store. Read the last few
  // hundred first (the last spin is usually recent), and the whole log only when that is not enough.
  const std::uint64_t end = wheel.log_base();
  for (const std::uint64_t from : {end > 256 ? end - 255 : std::uint64_t{1}, std::uint64_t{1}}) {
    SpinState older_state = state;
    std::vector<opswheel::Event> older;
    for (auto& c : session.store().events(session.wheel_name(), from))
      if (c.event.seq <= end) older.push_back(std::move(c.event));
    if (scan(older, older_state) || from == 1) return older_state;
  }
  return state;
}

opswheel::Suggestion current_suggestion(Session& session, const opswheel::Wheel& wheel) {
  if (auto current = wheel.last_suggestion()) return *current;
  const SpinState state = last_spin(session, wheel);  // why there is none, for the message
  if (!state.spin || !state.first_change) throw opswheel::InvalidArgument("the wheel has not been spun: run `opswheel spin` first, or name the teams");
  if (const auto* a = std::get_if<opswheel::events::Accepted>(&state.first_change->payload); a && a->from_suggestion)
    throw opswheel::InvalidArgument("the last spin was accepted already (meeting " + std::to_string(a->meeting.number) +
                                    "): run `opswheel spin` for the next meeting");
  throw opswheel::StaleSuggestion("the wheel changed since the last spin (event " + std::to_string(state.spin->seq) + "): " +
                                  opswheel::describe(*state.first_change) +
                                  " came after it; run `opswheel spin` again, or name the teams");
}

}  // namespace opswheel_cli
