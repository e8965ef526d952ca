// SPDX-License-Identifier: Apache-2.0
//
// Session: what one run of the command works on — the database file, the wheel, the actor, the
// output mode and today's date — and the one way every write goes: open the wheel, change it,
// commit it (one transaction; a concurrent writer makes the commit throw Conflict).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opswheel/events.hpp>
#include <opswheel/store.hpp>
#include <opswheel/wheel.hpp>

#include "args.hpp"

namespace opswheel_cli {

/// What a command does with the database. Only a command that writes opens it for writing, and
/// only one that creates may make a store of a missing or empty file.
enum class Access {
  read,    ///< reads it: never creates, migrates or writes anything (Store read-only)
  write,   ///< writes to an existing store (migrating an older one)
  create,  ///< may create the store (init, demo)
};

class Session {
 public:
  /// Reads the global options: --db (else $OPSWHEEL_DB, else ./opswheel.db), --wheel (else
  /// "default"), --actor (else the user name), --json. `access`: what the command does with the
  /// database.
  Session(const Args& args, Access access);

  const std::string& db_path() const noexcept { return db_path_; }
  /// Whether --db or OPSWHEEL_DB named the file (rather than the default ./opswheel.db).
  bool db_given() const noexcept { return db_given_; }
  const std::string& wheel_name() const noexcept { return wheel_name_; }
  /// Whether --wheel named the wheel (rather than the default).
  bool wheel_given() const noexcept { return wheel_given_; }
  const std::string& actor() const noexcept { return actor_; }
  bool json() const noexcept { return json_; }

  /// The store at db_path(), opened for the command's Access. Throws NotFound when the file does
  /// not exist (unless the command creates), StorageFailure when it is not an opswheel store.
  opswheel::Store& store();
  /// Lets a command whose Access is write create the store after all (import of a whole wheel),
  /// once it knows it will; before the first store().
  void allow_create() noexcept { access_ = Access::create; }
  /// Throws NotFound (naming the wheels there are) unless the store holds the wheel.
  void require_wheel();
  /// The wheel, opened from the store, with the session's actor set.
  opswheel::Wheel open();
  /// The same replayed from its whole log (none of it left out for a snapshot): slower.
  opswheel::Wheel open_whole_log();
  /// Writes the wheel's new events in one transaction; returns how many.
  std::size_t commit(opswheel::Wheel& wheel);
  /// Accepts `suggestion` at `date` and commits, spinning the sub-wheels its picks stand for
  /// (Store::accept_with_subwheels): one transaction.
  opswheel::Meeting accept(opswheel::Wheel& wheel, const opswheel::Suggestion& suggestion, const opswheel::Date& date);
  /// The same for a meeting given as the teams that presented.
  opswheel::Meeting accept(opswheel::Wheel& wheel, const std::vector<std::string>& picks, const opswheel::Date& date);

  /// Today's date: $OPSWHEEL_TODAY (YYYY-MM-DD) when set, else the local date of this machine.
  opswheel::Date today() const;

 private:
  std::string db_path_;
  bool db_given_ = false;
  std::string wheel_name_;
  bool wheel_given_ = false;
  std::string actor_;
  bool json_ = false;
  Access access_;
  std::optional<opswheel::Store> store_;
};

/// The user running the command: $USER, else the password database's name, else "unknown".
std::string default_actor();

/// Where the wheel stands after its last spin.
struct SpinState {
  std::optional<opswheel::Event> spin;          ///< the last Suggested or Skipped event
  /// The first event after it that changed who presents (action items and the calendar do not).
  std::optional<opswheel::Event> first_change;
};

/// Looks back through the wheel's log (the store's, past the wheel's snapshot) for its last spin.
SpinState last_spin(Session& session, const opswheel::Wheel& wheel);

/// The suggestion `accept` and `skip` act on: the last spin, if still current
/// (Wheel::last_suggestion). Throws
/// InvalidArgument when there was no spin or it was accepted already, StaleSuggestion (naming
/// the change) when the wheel changed since.
opswheel::Suggestion current_suggestion(Session& session, const opswheel::Wheel& wheel);

}  // namespace opswheel_cli
