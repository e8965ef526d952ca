// SPDX-License-Identifier: Apache-2.0
//
// JSON: the interchange format of a wheel, and the audit chain over its events.
//
// A wheel file is one JSON object, "format": "opswheel/1":
//   { "format": "opswheel/1", "name": "...", "policy": "quota", "options": {...}, "seed": "7",
//     "roster": [ participants as they are now ],
//     "events": [ { "seq": 1, "at": "2026-11-25T09:00:00.000Z", "actor": "alice",
//                   "type": "created", "data": {...}, "prev": "<hex>", "hash": "<hex>" }, ... ],
//     "state": "<base64 of Wheel::save_state()>" }
// Numbers that may not fit a double (seeds, stream positions, spins) are written as decimal
// strings, so any JSON reader keeps them exact. The events are the truth: importing replays them
// and checks that the roster and state in the file are what the events give, so a file edited by
// hand in any way that matters is refused rather than half-believed.
//
// The audit chain: each event's hash is SHA-256 (OpenSSL libcrypto) over the previous event's
// hash and the event's canonical JSON (event_json: keys sorted, no spaces), in lower-case hex;
// the first event's predecessor is genesis_hash. Changing, inserting, dropping or reordering an
// event changes every hash after it; verify_chain names the first event that does not match.
//
// This header is part of the compiled library opswheel::persist (it needs nlohmann/json and
// libcrypto at build time; its interface uses standard types only).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "action_book.hpp"
#include "agenda.hpp"
#include "events.hpp"
#include "version.hpp"
#include "wheel.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// The file format this opswheel writes, and the newest it reads.
inline constexpr std::string_view json_format = "opswheel/1";

/// The hash before the first event: 64 zeros.
inline constexpr std::string_view genesis_hash = "0000000000000000000000000000000000000000000000000000000000000000";

/// Whether `text` has the form of a chain hash: 64 lower-case hex digits (a SHA-256). \since 0.2.0
constexpr bool is_chain_hash(std::string_view text) noexcept {
  if (text.size() != 64) return false;
  for (const char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

/// An event with its place in the audit chain.
struct ChainedEvent {
  Event event;
  std::string prev;  ///< the previous event's hash (genesis_hash for event 1)
  std::string hash;  ///< chain_hash(prev, event_json(event))
  bool operator==(const ChainedEvent&) const = default;
};

/// The canonical JSON of one event (without its hashes): keys sorted, no white space. Equal
/// events give equal text on every platform; this text is what the chain hashes.
std::string event_json(const Event& event);

/// One stored event as one line of JSON: event_json's object with the event's "prev" and "hash"
/// added (keys sorted, no white space). It is how the wheel document lists its events, and what
/// a reader of a store's change feed gets for each new event (the CLI's `watch`, the C API's
/// opswheel_store_events). \since 0.2.0
std::string chained_event_json(const ChainedEvent& event);

/// Reads an event written by event_json. Throws CorruptData naming what is missing or wrong.
Event event_from_json(std::string_view text);

/// SHA-256 of `prev` and `event_json`, as 64 lower-case hex digits.
std::string chain_hash(std::string_view prev, std::string_view event_json);

/// Chains `log` (events numbered from `first_prev`'s successor on) and returns each with its
/// hashes. `first_prev` is the hash of the event before log.front() (genesis_hash for event 1).
std::vector<ChainedEvent> chain(std::span<const Event> log, std::string_view first_prev = genesis_hash);

/// The result of checking an audit chain (and, for verify_log, the replay of the events).
struct Verification {
  bool ok = true;
  std::uint64_t events = 0;                 ///< events checked
  std::optional<std::uint64_t> first_bad;   ///< the seq of the first event that does not match
  std::string problem;                      ///< what is wrong with it; empty when ok
  /// Store::verify only: the hash the store records as the wheel's head (its last event's hash
  /// when the log is intact), whatever else was found. Written down elsewhere, it is what shows a
  /// later rewrite of the whole chain (docs/persistence.md, "What the audit chain proves").
  /// \since 0.2.0
  std::string head_hash;
};

/// Checks that every event's `prev` is its predecessor's `hash`, that every hash is right, and
/// that the numbers run on without a gap. `first_prev` as for chain().
Verification verify_chain(std::span<const ChainedEvent> log, std::string_view first_prev = genesis_hash);

/// A whole wheel as a JSON document (format above). `name` is what a store calls the wheel.
/// The wheel must hold its whole log (log_base() == 0); a wheel opened from a store's snapshot
/// is exported by the store, which has the rest. Throws InvalidArgument otherwise.
std::string wheel_to_json(const Wheel& wheel, std::string_view name, int indent = 2);

/// A wheel read back from wheel_to_json's document.
struct ImportedWheel {
  std::string name;
  Wheel wheel;
  std::vector<ChainedEvent> events;  ///< the file's events with their hashes
};

/// Reads and checks a wheel document: the format (UnsupportedVersion for a newer one), every
/// field (CorruptData naming it, for truncated or malformed JSON too), the audit chain, the replay
/// of the events, and that the roster and state in the file are the ones the events give.
ImportedWheel wheel_from_json(std::string_view text);

/// A meeting's agenda as JSON: the meeting (date, local start "HH:MM", duration and time zone), the
/// time-boxed sections, the service reviews with their dashboards and checklists, and the action
/// items due for report-back and overdue (with their standing and fleet progress).
std::string agenda_json(const Agenda& agenda, int indent = 2);

/// Every action item of `book` as JSON, with its standing as of `as_of` (report-back meeting,
/// missed report-backs, overdue, escalated), fleet progress and whole history (who, when, why).
std::string action_items_json(const ActionBook& book, const Date& as_of, int indent = 2);

OPSWHEEL_END_NAMESPACE
