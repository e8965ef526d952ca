/* SPDX-License-Identifier: Apache-2.0
 *
 * opswheel.h — the stable C API of opswheel (library opswheel_c).
 *
 * STABILITY. Everything declared in this header is stable: a program built against version
 * X.Y keeps compiling and working, unchanged, with every later X.Z. Functions, types and
 * constants are only ever added; none is removed, renamed or given another signature, and a
 * constant never changes its value (OPSWHEEL_OK is 0 forever; see opswheel_status). A function
 * that must change gets a new name and the old one stays. Behaviour changes only where the old
 * behaviour was a bug. The ABI is checked against a stored baseline on every build of the tests
 * (docs/c-api.md). The shared library's SOVERSION is OPSWHEEL_VERSION_MAJOR; only a new major
 * version may break this promise. The C++ headers (*.hpp) are NOT covered: the C++ API may
 * change in any release.
 *
 * CONVENTIONS, for every function below unless its comment says otherwise:
 * - Errors. A fallible function returns an opswheel_status; OPSWHEEL_OK (0) is success. Results
 *   come back through out-parameters, which are written only on success. A failing call changes
 *   nothing. A NULL handle or a NULL out-parameter is OPSWHEEL_ERROR_NULL_ARGUMENT, never a crash.
 *   After a failure on a handle, opswheel_<handle>_last_error(handle) describes it.
 * - Ownership. Handles come from opswheel_<handle>_new (or a function that says it makes one) and
 *   go back through opswheel_<handle>_free; freeing NULL does nothing. Strings and string lists
 *   the library returns through `char**` / `char***` are the caller's and are released with
 *   opswheel_free. Strings the caller passes are borrowed for the call only.
 * - Text is UTF-8, NUL-terminated. Dates are ISO 8601 calendar dates, "YYYY-MM-DD".
 * - String lists are a NULL-terminated array of strings in ONE allocation: free the array with
 *   a single opswheel_free (never the strings in it). An empty list is an array holding NULL.
 * - Threads. A handle is used by one thread at a time (const calls included: they record the
 *   last error). Different handles may be used from different threads at once. Functions
 *   without a handle (version, status, opswheel_free) may be called from any thread.
 * - \since gives the first version that has the function.
 */
#ifndef OPSWHEEL_H
#define OPSWHEEL_H

#include <stddef.h>
#include <stdint.h>

#include "version.h"

/* Symbol visibility: the library exports exactly the functions marked OPSWHEEL_API. */
#if defined(_WIN32) && !defined(OPSWHEEL_C_STATIC)
#  if defined(OPSWHEEL_C_BUILDING)
#    define OPSWHEEL_API __declspec(dllexport)
#  else
#    define OPSWHEEL_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define OPSWHEEL_API __attribute__((visibility("default")))
#else
#  define OPSWHEEL_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ==== Status codes ============================================================================ */

/** What a call returned. The values are fixed forever; new codes are only added. Codes 1-11, 16
 *  and 17 mirror the C++ opswheel::ErrorCode values (whose table, in opswheel/errors.hpp, holds
 *  their meanings); 12-15 belong to the C boundary. Treat an unknown non-zero value as a failure
 *  (a newer library may return a code this header lacks). */
typedef enum opswheel_status {
  OPSWHEEL_OK = 0,                         /**< success */
  OPSWHEEL_ERROR_INVALID_ARGUMENT = 1,     /**< a value out of its domain: weight, k, url, date, option */
  OPSWHEEL_ERROR_INVALID_ID = 2,           /**< an id that is empty, too long, not UTF-8 or has control characters */
  OPSWHEEL_ERROR_DUPLICATE_ID = 3,         /**< an id that is already on the roster */
  OPSWHEEL_ERROR_UNKNOWN_ID = 4,           /**< an id that is not on the roster */
  OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS = 5,     /**< more picks asked for than there are eligible teams */
  OPSWHEEL_ERROR_STALE_SUGGESTION = 6,     /**< a suggestion drawn before the wheel last changed */
  OPSWHEEL_ERROR_NOT_FOUND = 7,            /**< a named thing (a wheel in a store) that does not exist */
  OPSWHEEL_ERROR_CORRUPT_DATA = 8,         /**< input that is malformed or fails its integrity check */
  OPSWHEEL_ERROR_UNSUPPORTED_VERSION = 9,  /**< data written by a newer format or schema */
  OPSWHEEL_ERROR_CONFLICT = 10,            /**< a store write from a stale view (someone else committed) */
  OPSWHEEL_ERROR_STORAGE = 11,             /**< the database or file system failed (I/O) */
  OPSWHEEL_ERROR_NULL_ARGUMENT = 12,       /**< a NULL handle, out-parameter or required string */
  OPSWHEEL_ERROR_BUFFER_TOO_SMALL = 13,    /**< a caller-supplied buffer is shorter than needed */
  OPSWHEEL_ERROR_OUT_OF_MEMORY = 14,       /**< an allocation failed */
  OPSWHEEL_ERROR_INTERNAL = 15,            /**< an unexpected failure inside opswheel: a bug, please report it */
  OPSWHEEL_ERROR_INVALID_TRANSITION = 16,  /**< an action item status change its lifecycle does not allow \since 0.1.0 */
  OPSWHEEL_ERROR_UNKNOWN_ITEM = 17         /**< an action item id the wheel does not hold (0.1 returned
                                                OPSWHEEL_ERROR_UNKNOWN_ID) \since 0.2.0 */
} opswheel_status;

/** A short, static English description of `status` ("ok", "unknown id", ...); "unknown status"
 *  for a value this library does not know. Never NULL; never freed. Any thread.
 *  \since 0.1.0 */
OPSWHEEL_API const char* opswheel_status_str(opswheel_status status);

/* ==== Version and memory ====================================================================== */

/** The version of the library linked at run time, as OPSWHEEL_VERSION_NUMBER computes it
 *  (MAJOR*10000 + MINOR*100 + PATCH); compare it with the macro to detect a header/library
 *  mismatch. Any thread. \since 0.1.0 */
OPSWHEEL_API uint32_t opswheel_version_number(void);

/** The run-time library version as "MAJOR.MINOR.PATCH". Static; never freed. Any thread.
 *  \since 0.1.0 */
OPSWHEEL_API const char* opswheel_version_string(void);

/** Releases a string or string list the library returned. NULL does nothing. Any thread.
 *  \since 0.1.0 */
OPSWHEEL_API void opswheel_free(void* memory);

/* ==== Options: how a wheel or a simulation draws ============================================= */

/** The policy, the seed and the policy settings, validated as they are set. A wheel or a
 *  simulation copies them when it is made, so one options handle can make many. */
typedef struct opswheel_options opswheel_options;

/** Numeric policy settings (opswheel_options_set). A policy ignores the settings that are not
 *  its own. */
typedef enum opswheel_option {
  /** quota: s, how many turns a team may run behind or ahead of its share; an integer >= 0.
   *  Default 2. */
  OPSWHEEL_OPTION_QUOTA_SLACK = 1,
  /** quota: how strongly the draw leans toward teams behind their share; finite, >= 0.
   *  Default 0.5. */
  OPSWHEEL_OPTION_QUOTA_LEAN = 2,
  /** quota: the normalised wait near which a team's draw weight grows without bound; finite,
   *  > 1. Default 2.8. */
  OPSWHEEL_OPTION_QUOTA_GAP_TARGET = 3
} opswheel_option;

/** Makes options with the defaults: policy "quota", seed 0, each setting at its default.
 *  Release with opswheel_options_free. Fails with OPSWHEEL_ERROR_NULL_ARGUMENT (out is NULL) or
 *  OPSWHEEL_ERROR_OUT_OF_MEMORY; *out is untouched then. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_options_new(opswheel_options** out);

/** Releases options; NULL does nothing. Wheels made from them are unaffected. \since 0.1.0 */
OPSWHEEL_API void opswheel_options_free(opswheel_options* options);

/** Describes the last failure of a call on `options`; "" after a success. Owned by the handle,
 *  valid until the next call on it. Never NULL (a NULL handle gives a static message).
 *  \since 0.1.0 */
OPSWHEEL_API const char* opswheel_options_last_error(const opswheel_options* options);

/** Chooses the policy by name: "aws", "lottery", "shuffle_bag", "rotation" or "quota".
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT for another name (the message lists the known ones).
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_options_set_policy(opswheel_options* options, const char* policy);

/** The seed every draw derives from: the same seed gives the same picks, from C, C++ and
 *  Python. Cannot fail except on a NULL handle. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_options_set_seed(opswheel_options* options, uint64_t seed);

/** Sets a numeric policy setting. OPSWHEEL_ERROR_INVALID_ARGUMENT for an unknown key or a value
 *  out of the setting's range (see opswheel_option), checked now. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_options_set(opswheel_options* options, opswheel_option key, double value);

/** Reads a numeric policy setting into *value. OPSWHEEL_ERROR_INVALID_ARGUMENT for an unknown
 *  key. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_options_get(const opswheel_options* options, opswheel_option key,
                                                  double* value);

/* ==== The wheel =============================================================================== */

/** The roster, a policy, a seeded random source and the meetings so far. */
typedef struct opswheel_wheel opswheel_wheel;

/** A spin's result: who should present. Accepting it moves the rotation on. It stays valid
 *  after the wheel changes or is freed, but the wheel then refuses it as stale. */
typedef struct opswheel_suggestion opswheel_suggestion;

/** Makes an empty wheel drawing with `options` (NULL: the defaults of opswheel_options_new).
 *  Release with opswheel_wheel_free. Fails with OPSWHEEL_ERROR_NULL_ARGUMENT (out is NULL) or
 *  OPSWHEEL_ERROR_OUT_OF_MEMORY. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_new(const opswheel_options* options, opswheel_wheel** out);

/** Releases a wheel; NULL does nothing. Suggestions drawn from it stay valid handles.
 *  \since 0.1.0 */
OPSWHEEL_API void opswheel_wheel_free(opswheel_wheel* wheel);

/** Describes the last failure of a call on `wheel`; "" after a success. Names the function and
 *  the offending value. Owned by the wheel, valid until the next call on it. Never NULL (a NULL
 *  handle gives a static message). \since 0.1.0 */
OPSWHEEL_API const char* opswheel_wheel_last_error(const opswheel_wheel* wheel);

/** The policy's name (a copy: opswheel_free it). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_policy(const opswheel_wheel* wheel, char** name);

/** The wheel's seed. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_seed(const opswheel_wheel* wheel, uint64_t* seed);

/* ---- roster ---- */

/** Adds a team: `id` (required; non-empty, <= 256 bytes of UTF-8, no control characters),
 *  `name` (NULL or "": the id), `url` (NULL or "", or an http:// or https:// link) and `weight`
 *  (its share of turns: finite, > 0). Fails with OPSWHEEL_ERROR_INVALID_ID,
 *  OPSWHEEL_ERROR_DUPLICATE_ID or OPSWHEEL_ERROR_INVALID_ARGUMENT (weight, url). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_add(opswheel_wheel* wheel, const char* id, const char* name,
                                                const char* url, double weight);

/** Removes a team and its statistics; its past meetings stay in the history.
 *  OPSWHEEL_ERROR_UNKNOWN_ID when it is not on the roster. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_remove(opswheel_wheel* wheel, const char* id);

/** Pauses a team (not eligible until resumed; the pause counts against nobody). `until` (NULL:
 *  no date) records when it is due back (see opswheel_wheel_resume_due). Pausing a paused team
 *  only updates `until`. Fails with OPSWHEEL_ERROR_UNKNOWN_ID, or OPSWHEEL_ERROR_INVALID_ARGUMENT
 *  (a bad date; the team is pinned). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_pause(opswheel_wheel* wheel, const char* id, const char* until);

/** Makes a paused team eligible again; a team that is not paused is left as it is.
 *  OPSWHEEL_ERROR_UNKNOWN_ID when it is not on the roster. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_resume(opswheel_wheel* wheel, const char* id);

/** Resumes every team whose pause runs until `date` or earlier; *ids receives their ids (a
 *  string list: opswheel_free it) and *count how many. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_resume_due(opswheel_wheel* wheel, const char* date, char*** ids,
                                                       size_t* count);

/** Changes a team's weight (finite, > 0). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_set_weight(opswheel_wheel* wheel, const char* id, double weight);

/** Forgets the rotation state (the AWS "reset"); the history and statistics stay. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_reset(opswheel_wheel* wheel);

/** The roster's ids in roster order (the order of every per-team buffer below): a string list
 *  (opswheel_free it) of *count ids. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_teams(const opswheel_wheel* wheel, char*** ids, size_t* count);

/** A team's display name (its id when it has none) and dashboard url ("" when none), each a copy
 *  to opswheel_free. Pass NULL for one you do not want (not both). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_team_text(const opswheel_wheel* wheel, const char* id, char** name,
                                                      char** url);

/** A team's weight, whether it is paused (1) or not (0), and the date it is due back (a copy to
 *  opswheel_free, or NULL when it has none). Pass NULL for what you do not want (not all three).
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_team_state(const opswheel_wheel* wheel, const char* id,
                                                       double* weight, int* paused, char** paused_until);

/* ---- the meeting ---- */

/** Spins the wheel: k distinct eligible teams, pinned teams first, in a new suggestion handle
 *  (*out; release with opswheel_suggestion_free). Changes no rotation state. Fails with
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT (k = 0, more pins than k) or OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS.
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_suggest(opswheel_wheel* wheel, size_t k, opswheel_suggestion** out);

/** Replaces `id`, a team in `suggestion` that cannot attend, by a newly drawn one, in place, and
 *  records the skip and `reason` (NULL: none) in the suggestion. Fails with
 *  OPSWHEEL_ERROR_STALE_SUGGESTION, OPSWHEEL_ERROR_INVALID_ARGUMENT (id not among the picks) or
 *  OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS; the suggestion is unchanged then. The error is the wheel's.
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_skip(opswheel_wheel* wheel, opswheel_suggestion* suggestion,
                                                 const char* id, const char* reason);

/** Records `suggestion` as presented at the next meeting, dated `date` (NULL: undated). Fails
 *  with OPSWHEEL_ERROR_STALE_SUGGESTION when the wheel changed since it was drawn, or
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT (a bad date, or one before the last dated meeting).
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_accept(opswheel_wheel* wheel, const opswheel_suggestion* suggestion,
                                                   const char* date);

/** Records who really presented (`count` ids, distinct, eligible), for a meeting run without a
 *  spin; pinned teams among them count as their pins honoured. `ids` may be NULL only when count
 *  is 0, which fails (a meeting needs a team). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_accept_ids(opswheel_wheel* wheel, const char* const* ids, size_t count,
                                                       const char* date);

/** Makes `id` present at the next accepted meeting, for `reason` (NULL: none); the pin shows in
 *  every suggestion and in the meeting record. Fails with OPSWHEEL_ERROR_UNKNOWN_ID or
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT (paused, or already pinned). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_pin(opswheel_wheel* wheel, const char* id, const char* reason);

/** Withdraws a pin. OPSWHEEL_ERROR_INVALID_ARGUMENT when `id` is not pinned. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_unpin(opswheel_wheel* wheel, const char* id);

/** The pinned teams' ids, in pin order: a string list (opswheel_free it). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_pins(const opswheel_wheel* wheel, char*** ids, size_t* count);

/* ---- chances and statistics ---- */

/** Each team's chance of being among the next k picks, by roster index, into
 *  chances[0 .. team count); `capacity` is the buffer's length. *exact is 1 when the values are
 *  exact, 0 when they are seeded Monte Carlo estimates (aws with k > 1; the same on every
 *  call). Pins are not taken into account. Fails with OPSWHEEL_ERROR_BUFFER_TOO_SMALL, or as
 *  opswheel_wheel_suggest for k. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_chances(const opswheel_wheel* wheel, size_t k, double* chances,
                                                    size_t capacity, int* exact);

/** A per-team statistic over the meetings so far (opswheel_wheel_stats). Gaps count the meetings
 *  a team was eligible for, so pauses do not count against it. */
typedef enum opswheel_stat {
  OPSWHEEL_STAT_TURNS = 1,         /**< meetings it presented at */
  OPSWHEEL_STAT_LAST_MEETING = 2,  /**< number of the last meeting it presented at; 0: none yet */
  OPSWHEEL_STAT_CURRENT_GAP = 3,   /**< eligible meetings since its last turn (or since it joined) */
  OPSWHEEL_STAT_LONGEST_GAP = 4,   /**< the longest gap so far, the current one included */
  OPSWHEEL_STAT_EXPECTED = 5,      /**< its fair share of turns over the meetings it was eligible for */
  OPSWHEEL_STAT_DEVIATION = 6,     /**< turns - expected */
  OPSWHEEL_STAT_DEBT = 7           /**< turns it owes (> 0) or is owed (< 0) for pins, skips or explicit
                                        picks past its bound, being paid back (quota and rotation;
                                        else 0); |deviation| < slack + 1 + |debt| \since 0.2.0 */
} opswheel_stat;

/** One statistic for every team, in roster order, into values[0 .. team count); `capacity` is
 *  the buffer's length. Fails with OPSWHEEL_ERROR_BUFFER_TOO_SMALL or
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT (unknown statistic). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_stats(const opswheel_wheel* wheel, opswheel_stat stat, double* values,
                                                  size_t capacity);

/* ---- history ---- */

/** The string lists a suggestion or a meeting holds. Entries of PINNED and PIN_REASONS match up
 *  one to one, as do SKIPPED, SKIP_REASONS and REPLACEMENTS. */
typedef enum opswheel_list {
  OPSWHEEL_LIST_PICKS = 1,         /**< who presents, in order, pinned teams first */
  OPSWHEEL_LIST_PINNED = 2,        /**< the pins honoured */
  OPSWHEEL_LIST_PIN_REASONS = 3,   /**< why each was pinned */
  OPSWHEEL_LIST_SKIPPED = 4,       /**< teams skipped on the way, in order */
  OPSWHEEL_LIST_SKIP_REASONS = 5,  /**< why each was skipped */
  OPSWHEEL_LIST_REPLACEMENTS = 6   /**< who was drawn in each one's place */
} opswheel_list;

/** The number of meetings accepted so far; they are numbered 1 .. count. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_meeting_count(const opswheel_wheel* wheel, size_t* count);

/** A list of meeting `number` (1-based): a string list (opswheel_free it) of *count entries.
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT for a meeting number or list out of range. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_meeting_list(const opswheel_wheel* wheel, size_t number,
                                                         opswheel_list list, char*** entries, size_t* count);

/** Meeting `number`'s date (a copy to opswheel_free; NULL when it was accepted undated), and the
 *  stream position of its suggestion (see opswheel_suggestion_position; *has_position 0 for
 *  explicit picks, and *position is then 0). Pass NULL for what you do not want (not all of
 *  them). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_meeting_info(const opswheel_wheel* wheel, size_t number, char** date,
                                                         int* has_position, uint64_t* position);

/* ---- suggestions ---- */

/** Releases a suggestion; NULL does nothing. \since 0.1.0 */
OPSWHEEL_API void opswheel_suggestion_free(opswheel_suggestion* suggestion);

/** Describes the last failure of a call on `suggestion`; "" after a success. Owned by the
 *  suggestion, valid until the next call on it. Never NULL. \since 0.1.0 */
OPSWHEEL_API const char* opswheel_suggestion_last_error(const opswheel_suggestion* suggestion);

/** A list of the suggestion: a string list (opswheel_free it) of *count entries.
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT for an unknown list. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_suggestion_list(const opswheel_suggestion* suggestion, opswheel_list list,
                                                      char*** entries, size_t* count);

/** Where its last draw began in the wheel's random stream: the 64-bit words the stream (seeded
 *  with the wheel's seed) had given before it. With the wheel's seed and state, the draw can be
 *  done again and audited. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_suggestion_position(const opswheel_suggestion* suggestion, uint64_t* position);

/* ---- undo, the actor and the event log ---- */

/** Takes back the last accepted meeting: the rotation state, statistics and pins return to what
 *  they were before it, and an "undone" event with `reason` (NULL: none) joins the log (the
 *  "accepted" event stays). Possible only while nothing but spins and action-item or calendar
 *  changes happened since that accept;
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT otherwise (the message says why) or for a reason that is not
 *  valid UTF-8. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_undo(opswheel_wheel* wheel, const char* reason);

/** *possible = 1 when opswheel_wheel_undo would succeed now, else 0. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_can_undo(const opswheel_wheel* wheel, int* possible);

/** Records the events this wheel makes from now on as done by `actor` (a user or tool name; ""
 *  for nobody in particular, the default). The actor is not part of the wheel's state:
 *  opswheel_wheel_load_json keeps the handle's, and a wheel loaded from a store starts with "".
 *  Fails with OPSWHEEL_ERROR_INVALID_ARGUMENT for text that is not valid UTF-8.
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_set_actor(opswheel_wheel* wheel, const char* actor);

/** The current actor (a copy: opswheel_free it). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_actor(const opswheel_wheel* wheel, char** actor);

/** The number of events in the wheel's log so far: they are numbered 1 .. *count, oldest first.
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_event_count(const opswheel_wheel* wheel, uint64_t* count);

/** Event `seq` (1-based) as its canonical JSON text: one line, keys sorted, the text the audit
 *  chain hashes ({"actor", "at", "data", "seq", "type"}; docs/c-api.md). A copy: opswheel_free
 *  it. Fails with OPSWHEEL_ERROR_INVALID_ARGUMENT for a seq out of range, or
 *  OPSWHEEL_ERROR_NOT_FOUND for an event before the snapshot a store opened the wheel from
 *  (opswheel_store_export_json has the whole log). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_event_json(const opswheel_wheel* wheel, uint64_t seq, char** json);

/* ---- JSON: the interchange format ("format": "opswheel/1") ---- */

/** The whole wheel as a JSON document (roster, policy, options, seed, every event with its
 *  audit-chain hashes, the saved state), called `name` in it (an id: a store would keep the wheel
 *  under that name). A copy: opswheel_free it. Fails with OPSWHEEL_ERROR_INVALID_ID for a bad
 *  name, or OPSWHEEL_ERROR_INVALID_ARGUMENT for a wheel a store opened from a snapshot
 *  (export it with opswheel_store_export_json). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_to_json(const opswheel_wheel* wheel, const char* name, char** json);

/** Replaces what `wheel` holds by the wheel in `json` (a document from opswheel_wheel_to_json or
 *  opswheel_store_export_json), after checking it all: the format, every field, the audit chain,
 *  the replay of the events, and that the roster and state in the document are the ones the
 *  events give. *name receives the document's name (a copy to opswheel_free; pass NULL when not
 *  wanted). The wheel's actor stays. Fails, changing nothing, with OPSWHEEL_ERROR_CORRUPT_DATA
 *  (the message names the field and where it is) or OPSWHEEL_ERROR_UNSUPPORTED_VERSION (a newer
 *  format). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_load_json(opswheel_wheel* wheel, const char* json, char** name);

/* ---- the wheel on screen ---- */

/** The wheel page (docs/page.md): one self-contained HTML document, UTF-8, that animates a draw of
 *  the library — each team's sector sized by its chance that week, the picks in order with pins
 *  and skip replacements marked, paused and zero-chance teams beside the wheel, the presenters'
 *  dashboard links and time boxes — and loads nothing from anywhere. For `suggestion` (not NULL;
 *  `meeting` must be 0), a spin of this wheel still current, the page shows it with the wheel's
 *  chances; with
 *  `suggestion` NULL it shows accepted meeting `meeting` (1-based) with the chances of the week it
 *  was drawn, which needs the wheel's whole log (not a wheel a store opened from a snapshot).
 *  `title` is the page's heading (NULL: "opswheel"); `date` (YYYY-MM-DD, NULL: undated) dates a
 *  suggestion's meeting, whose presenters' slots then start where the agenda puts the reviews (a
 *  recorded meeting has its own date); `spin_seconds` is the animation per pick, 0..60 (0: the
 *  result at once). *html receives a copy to opswheel_free. Fails, with *html untouched, with
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT (no such meeting, both or neither of suggestion and meeting,
 *  a bad date or spin_seconds, a snapshot-opened wheel), OPSWHEEL_ERROR_STALE_SUGGESTION (the
 *  wheel changed since the spin) or OPSWHEEL_ERROR_UNKNOWN_ID (a suggestion from another wheel).
 *  \since 0.2.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_page(const opswheel_wheel* wheel, const opswheel_suggestion* suggestion,
                                                 size_t meeting, const char* title, const char* date,
                                                 double spin_seconds, char** html);

/* ---- action items and the meeting calendar ---- */

/** Sets the meetings' cadence: weekly on `weekday` (0 = Sunday .. 6 = Saturday; the default is
 *  Wednesday), starting `start` minutes after midnight (0..1439; default 600, 10:00) for
 *  `duration` minutes (1..1440; default 120), in the IANA `time_zone` (NULL: "UTC"). Report-back
 *  dates hang on it, so it can be set only before the first action item; otherwise, or for a
 *  value out of range, OPSWHEEL_ERROR_INVALID_ARGUMENT. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_set_cadence(opswheel_wheel* wheel, int weekday, uint32_t start,
                                                        uint32_t duration, const char* time_zone);

/** Where an action item stands. Fixed values. */
typedef enum opswheel_item_status {
  OPSWHEEL_ITEM_OPEN = 1,         /**< active */
  OPSWHEEL_ITEM_IN_PROGRESS = 2,  /**< active */
  OPSWHEEL_ITEM_DONE = 3,
  OPSWHEEL_ITEM_CANCELLED = 4
} opswheel_item_status;

/** How urgent an action item is. Fixed values. */
typedef enum opswheel_item_priority {
  OPSWHEEL_PRIORITY_LOW = 1,
  OPSWHEEL_PRIORITY_NORMAL = 2,
  OPSWHEEL_PRIORITY_HIGH = 3,
  OPSWHEEL_PRIORITY_URGENT = 4
} opswheel_item_priority;

/** Raises an action item at the meeting of `raised_at` (a meeting date of the cadence), owned by
 *  team `owner` (on the roster), due on `due` (on or after raised_at). `title` is one line;
 *  `description` (NULL: none) may have several; `ticket_url` is NULL, "" or an http(s) link.
 *  `targets` (count `target_count`; NULL when 0) makes it a fleet-wide item: distinct teams on the
 *  roster that must each roll it out. *id receives the new item's id ("AI-<n>"; a copy to
 *  opswheel_free). Recorded as done by the wheel's actor. Fails with
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT (a date, title, url or priority out of range, a raised_at that
 *  is no meeting, a duplicate target) or OPSWHEEL_ERROR_UNKNOWN_ID / OPSWHEEL_ERROR_INVALID_ID
 *  (owner or a target). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_item_add(opswheel_wheel* wheel, const char* title, const char* description,
                                                     const char* owner, const char* raised_at, const char* due,
                                                     opswheel_item_priority priority, const char* ticket_url,
                                                     const char* const* targets, size_t target_count, char** id);

/** Moves item `id`'s due date to `due`, for `reason` (required: the history shows every slip).
 *  Fails with OPSWHEEL_ERROR_UNKNOWN_ITEM (no such item), or OPSWHEEL_ERROR_INVALID_ARGUMENT (no
 *  reason, a date before the item was raised, or the date it already has). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_item_move_due(opswheel_wheel* wheel, const char* id, const char* due,
                                                          const char* reason);

/** Changes item `id`'s status. Between open and in progress, and to done: always (done needs
 *  every fleet target complete); cancelling, and reopening a done or cancelled item, need a
 *  `reason` (NULL: none). Fails with OPSWHEEL_ERROR_INVALID_TRANSITION for a change the lifecycle
 *  does not allow, OPSWHEEL_ERROR_UNKNOWN_ITEM, or OPSWHEEL_ERROR_INVALID_ARGUMENT (an unknown
 *  status). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_item_set_status(opswheel_wheel* wheel, const char* id,
                                                            opswheel_item_status status, const char* reason);

/** Records that fleet target `team` of item `id` finished its part on `on`. Fails with
 *  OPSWHEEL_ERROR_UNKNOWN_ITEM (no such item), OPSWHEEL_ERROR_INVALID_ARGUMENT (team is no target,
 *  or is done already; a bad date) or OPSWHEEL_ERROR_INVALID_TRANSITION (the item is not active).
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_item_complete_target(opswheel_wheel* wheel, const char* id,
                                                                 const char* team, const char* on);

/** Adds a note to item `id`'s history (what the owner reported, say). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_item_comment(opswheel_wheel* wheel, const char* id, const char* text);

/** Every item, in the order created, as a JSON document {"as_of", "items": [...]}: each item's
 *  fields, its standing as of `as_of` (report-back meeting, missed report-backs, overdue,
 *  escalated), fleet progress and whole history (who, when, what, why). Indented by 2. A copy:
 *  opswheel_free it. Fails with OPSWHEEL_ERROR_INVALID_ARGUMENT for a bad date. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_items_json(const opswheel_wheel* wheel, const char* as_of, char** json);

/** The ids of every item, in the order created: a string list (opswheel_free it). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_item_ids(const opswheel_wheel* wheel, char*** ids, size_t* count);

/** A text field of an action item (opswheel_wheel_item_text). Dates are "YYYY-MM-DD". */
typedef enum opswheel_item_field {
  OPSWHEEL_ITEM_TITLE = 1,
  OPSWHEEL_ITEM_DESCRIPTION = 2,
  OPSWHEEL_ITEM_OWNER = 3,
  OPSWHEEL_ITEM_RAISED_AT = 4,
  OPSWHEEL_ITEM_DUE = 5,
  OPSWHEEL_ITEM_REPORT_BACK = 6,  /**< the first meeting on or after the due date */
  OPSWHEEL_ITEM_TICKET_URL = 7,
  OPSWHEEL_ITEM_STATUS_NAME = 8,  /**< "open", "in_progress", "done" or "cancelled" */
  OPSWHEEL_ITEM_PRIORITY_NAME = 9 /**< "low", "normal", "high" or "urgent" */
} opswheel_item_field;

/** One text field of item `id` (a copy: opswheel_free it). Fails with OPSWHEEL_ERROR_UNKNOWN_ITEM
 *  or OPSWHEEL_ERROR_INVALID_ARGUMENT (an unknown field). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_item_text(const opswheel_wheel* wheel, const char* id,
                                                      opswheel_item_field field, char** value);

/** Item `id`'s status, priority, and fleet progress (targets done and in all; 0 and 0 for an item
 *  that is not fleet-wide). Pass NULL for what you do not want (not all of them). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_item_state(const opswheel_wheel* wheel, const char* id,
                                                       opswheel_item_status* status, opswheel_item_priority* priority,
                                                       size_t* targets_done, size_t* targets_total);

/** Item `id`'s fleet targets: *teams the target teams in the order added, and *done_on the date
 *  each finished ("" while pending), matching one to one; both string lists (opswheel_free each)
 *  of *count entries. Pass NULL for the list you do not want (not both). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_item_targets(const opswheel_wheel* wheel, const char* id, char*** teams,
                                                         char*** done_on, size_t* count);

/** The board's questions (opswheel_wheel_board). */
typedef enum opswheel_board {
  OPSWHEEL_BOARD_DUE = 1,          /**< argument a date: active items reporting back at that meeting */
  OPSWHEEL_BOARD_OVERDUE = 2,      /**< argument a date: active items past their report-back, most missed first */
  OPSWHEEL_BOARD_ESCALATED = 3,    /**< argument a date: the overdue items that missed enough report-backs */
  OPSWHEEL_BOARD_OWNED_BY = 4,     /**< argument a team id: the items it owns */
  OPSWHEEL_BOARD_WITH_STATUS = 5   /**< argument a status name ("open", ...): the items with that status */
} opswheel_board;

/** The ids of the items that answer `query` about `argument` (see opswheel_board), in the order
 *  created unless the query says otherwise: a string list (opswheel_free it). Fails with
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT for an unknown query, a bad date or status name.
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_board(const opswheel_wheel* wheel, opswheel_board query,
                                                  const char* argument, char*** ids, size_t* count);

/** The board in numbers (opswheel_wheel_board_count). */
typedef enum opswheel_board_count {
  OPSWHEEL_COUNT_OPEN = 1,
  OPSWHEEL_COUNT_IN_PROGRESS = 2,
  OPSWHEEL_COUNT_DONE = 3,
  OPSWHEEL_COUNT_CANCELLED = 4,
  OPSWHEEL_COUNT_DUE = 5,           /**< active items reporting back on the date */
  OPSWHEEL_COUNT_OVERDUE = 6,       /**< escalated ones included */
  OPSWHEEL_COUNT_ESCALATED = 7,
  OPSWHEEL_COUNT_FLEET_ITEMS = 8,   /**< active fleet-wide items */
  OPSWHEEL_COUNT_TARGETS_DONE = 9,  /**< over the active fleet-wide items */
  OPSWHEEL_COUNT_TARGETS_TOTAL = 10
} opswheel_board_count;

/** One count of the board as of `date`. Fails with OPSWHEEL_ERROR_INVALID_ARGUMENT for an unknown
 *  count or a bad date. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_board_count(const opswheel_wheel* wheel, const char* date,
                                                        opswheel_board_count key, size_t* value);

/** How an agenda is written (opswheel_wheel_agenda). */
typedef enum opswheel_agenda_format {
  OPSWHEEL_AGENDA_MARKDOWN = 1,  /**< a Markdown document (GitHub tables) */
  OPSWHEEL_AGENDA_JSON = 2,      /**< a JSON object, indented by 2 (docs/c-api.md) */
  OPSWHEEL_AGENDA_ICALENDAR = 3  /**< RFC 5545: the meeting as a VEVENT with the agenda, every item a VTODO */
} opswheel_agenda_format;

/** The agenda of the meeting on `date` — time-boxed sections, a 15-minute service review for each
 *  of the `count` teams in `presenting` (in that order), the action items reporting back and the
 *  overdue ones — written in `format`. `presenting` NULL (and count 0) reviews the teams of the
 *  meeting accepted for that date, or else those of the wheel's last suggestion, or none; a
 *  non-NULL empty list reviews none. A copy: opswheel_free it. Fails with
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT (no meeting on that date, a team listed twice, an unknown
 *  format), OPSWHEEL_ERROR_UNKNOWN_ID, or OPSWHEEL_ERROR_NULL_ARGUMENT (presenting NULL with
 *  count > 0). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_wheel_agenda(const opswheel_wheel* wheel, const char* date,
                                                   const char* const* presenting, size_t count,
                                                   opswheel_agenda_format format, char** text);

/* ==== The store: wheels in a SQLite file or a PostgreSQL database ============================== */

/** A connection to a store (a SQLite file, or a schema of a PostgreSQL database: see
 *  opswheel_store_open), which holds many wheels by name, each as its event log with the
 *  audit chain. Every write is one transaction. Writers are optimistic: load a wheel, change it,
 *  commit; when another writer (another handle, another process) committed to that wheel in
 *  between, the commit fails with OPSWHEEL_ERROR_CONFLICT and writes nothing: load it again and
 *  redo the change. Make with opswheel_store_new, then opswheel_store_open a file. */
typedef struct opswheel_store opswheel_store;

/** Settings of opswheel_store_open, set before it (opswheel_store_set). */
typedef enum opswheel_store_setting {
  OPSWHEEL_STORE_BUSY_TIMEOUT_MS = 1,  /**< how long a write waits for another's lock; default 5000 */
  OPSWHEEL_STORE_CREATE = 2,           /**< 1: make a store of a missing or empty file (default); 0: OPSWHEEL_ERROR_STORAGE for one */
  OPSWHEEL_STORE_DURABILITY = 3,       /**< 0: a commit survives power loss (default); 1: only a crash, faster */
  OPSWHEEL_STORE_SNAPSHOT_EVERY = 4    /**< events between snapshots, >= 1; default 100 */
} opswheel_store_setting;

/** Makes a store handle with no file open yet. Release with opswheel_store_free. Fails with
 *  OPSWHEEL_ERROR_NULL_ARGUMENT (out is NULL) or OPSWHEEL_ERROR_OUT_OF_MEMORY. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_store_new(opswheel_store** out);

/** Closes the file and releases the handle; NULL does nothing. Wheels loaded from it stay valid
 *  handles (free them with opswheel_wheel_free). \since 0.1.0 */
OPSWHEEL_API void opswheel_store_free(opswheel_store* store);

/** Describes the last failure of a call on `store`; "" after a success. Owned by the handle,
 *  valid until the next call on it. Never NULL. \since 0.1.0 */
OPSWHEEL_API const char* opswheel_store_last_error(const opswheel_store* store);

/** Sets a setting for the next opswheel_store_open. OPSWHEEL_ERROR_INVALID_ARGUMENT for an
 *  unknown key or a value out of range. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_store_set(opswheel_store* store, opswheel_store_setting key, uint64_t value);

/** Opens (or creates) the store at `path`, closing the one the handle had open. `path` is a file
 *  path (or `sqlite:PATH`), or a PostgreSQL location (`postgresql://…`, `postgres://…` or a libpq
 *  key=value string, with an optional `schema` parameter): the rule and the schema parameter are
 *  opswheel::Store's (include/opswheel/store.hpp). Fails with OPSWHEEL_ERROR_STORAGE (cannot open
 *  or connect, not an opswheel store, locked past the timeout, a PostgreSQL location in a library
 *  built without it), OPSWHEEL_ERROR_UNSUPPORTED_VERSION (written by a newer opswheel) or
 *  OPSWHEEL_ERROR_INVALID_ARGUMENT (a PostgreSQL location that does not parse, a bad schema
 *  name); the handle keeps the store it had then. Error texts never hold a password.
 *  \since 0.1.0 (PostgreSQL locations since 0.2.0) */
OPSWHEEL_API opswheel_status opswheel_store_open(opswheel_store* store, const char* path);

/** The store backends this library has, as a string list (opswheel_free it): "sqlite", and
 *  "postgresql" when built with OPSWHEEL_WITH_POSTGRES. Fails only with
 *  OPSWHEEL_ERROR_NULL_ARGUMENT or OPSWHEEL_ERROR_OUT_OF_MEMORY. \since 0.2.0 */
OPSWHEEL_API opswheel_status opswheel_store_backends(char*** names, size_t* count);

/* Every call below fails with OPSWHEEL_ERROR_INVALID_ARGUMENT on a handle with no file open, and
   may fail with OPSWHEEL_ERROR_STORAGE when the database does. */

/** The names of the wheels in the store, sorted: a string list (opswheel_free it).
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_store_wheels(const opswheel_store* store, char*** names, size_t* count);

/** Creates wheel `name` (an id) drawing with `options` (NULL: the defaults), its "created" event
 *  written now, done by `actor` (NULL: ""); *out receives it as a new wheel handle (release with
 *  opswheel_wheel_free) whose actor is `actor`, ready for changes and opswheel_store_commit.
 *  Fails with OPSWHEEL_ERROR_INVALID_ID or OPSWHEEL_ERROR_DUPLICATE_ID (the name is taken).
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_store_create(opswheel_store* store, const char* name,
                                                   const opswheel_options* options, const char* actor,
                                                   opswheel_wheel** out);

/** Loads wheel `name` (its last snapshot and the events after it) into a new wheel handle (*out;
 *  release with opswheel_wheel_free). Fails with OPSWHEEL_ERROR_NOT_FOUND, or
 *  OPSWHEEL_ERROR_CORRUPT_DATA when the stored events do not replay. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_store_load(const opswheel_store* store, const char* name,
                                                 opswheel_wheel** out);

/** Writes the events `wheel` made since it was loaded (or created, or last committed) as wheel
 *  `name`, in one transaction; *written receives how many (0 when none; pass NULL when not
 *  wanted). Fails, writing nothing, with OPSWHEEL_ERROR_CONFLICT (another writer committed to
 *  that wheel since: load it again), OPSWHEEL_ERROR_NOT_FOUND or OPSWHEEL_ERROR_STORAGE. The
 *  error is the store's. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_store_commit(opswheel_store* store, const char* name,
                                                   const opswheel_wheel* wheel, size_t* written);

/** As opswheel_store_commit, except that when another writer committed in between but only one
 *  side's events are action-item or calendar events (they change no rotation state), the two do
 *  not conflict: `wheel`'s new events are applied again after the stored ones, each checked as
 *  when it was made, and written, and `wheel` then holds the stored wheel with them (see
 *  docs/persistence.md). Changes on both sides that change the rotation still fail with
 *  OPSWHEEL_ERROR_CONFLICT, writing nothing and leaving `wheel` as it was. \since 0.2.0 */
OPSWHEEL_API opswheel_status opswheel_store_commit_rebase(opswheel_store* store, const char* name,
                                                          opswheel_wheel* wheel, size_t* written);

/** Checks wheel `name` as an auditor would: the audit chain of every event, the replay of the
 *  whole log, every snapshot against the replay. *ok is 1 when all is well; otherwise 0, with
 *  *first_bad the seq of the first event that does not match and *problem what is wrong (a copy
 *  to opswheel_free; "" when ok). *events is how many events were checked. Pass NULL for events,
 *  first_bad or problem when not wanted. What it finds is reported, not failed; it fails with
 *  OPSWHEEL_ERROR_NOT_FOUND for an unknown name. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_store_verify(const opswheel_store* store, const char* name, int* ok,
                                                   uint64_t* events, uint64_t* first_bad, char** problem);

/** Wheel `name` as a JSON document (as opswheel_wheel_to_json writes, with the whole log). A
 *  copy: opswheel_free it. Fails with OPSWHEEL_ERROR_NOT_FOUND. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_store_export_json(const opswheel_store* store, const char* name, char** json);

/** Adds the wheel in `json` (checked as opswheel_wheel_load_json does) under `name`, or its own
 *  name when `name` is NULL; *stored_name receives the name used (a copy to opswheel_free; pass
 *  NULL when not wanted). Fails, writing nothing, with OPSWHEEL_ERROR_DUPLICATE_ID (the name is
 *  taken), OPSWHEEL_ERROR_CORRUPT_DATA or OPSWHEEL_ERROR_UNSUPPORTED_VERSION. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_store_import_json(opswheel_store* store, const char* json, const char* name,
                                                        char** stored_name);

/* ---- the change feed: new events as they are committed (docs/persistence.md, "Change feed") ---- */

/** The stored events of wheel `name` numbered `from_seq` on (0 counts as 1), oldest first, each
 *  as one line of JSON: the event as opswheel_wheel_event_json writes it, with its audit-chain
 *  "prev" and "hash" added. *events and *count receive a string list (opswheel_free it; no events
 *  is a count of 0). Read from the store, so every event is there, unlike in a wheel loaded from
 *  a snapshot. Fails with OPSWHEEL_ERROR_NOT_FOUND, or OPSWHEEL_ERROR_CORRUPT_DATA when a stored
 *  event does not read. \since 0.2.0 */
OPSWHEEL_API opswheel_status opswheel_store_events(const opswheel_store* store, const char* name, uint64_t from_seq,
                                                   char*** events, size_t* count);

/** Waits until wheel `name` has an event numbered above `after_seq`, or `timeout_ms` ms have
 *  passed, and sets *head_seq to the number of its last event then: above `after_seq` as soon as
 *  another handle or process has committed one (at once when there is one already; within about
 *  50 ms on SQLite), at most `after_seq` at the timeout (0: look once; timeouts beyond a century
 *  wait a century). Nothing is missed, and a wake-up is read from the store, never taken on trust.
 *  Follow a wheel by calling opswheel_store_events(store, name, seen + 1, ...) after each wait and
 *  going on from the last event read. The handle is busy while it waits (one thread at a time).
 *  Fails with OPSWHEEL_ERROR_NOT_FOUND, or OPSWHEEL_ERROR_STORAGE when the database fails.
 *  \since 0.2.0 */
OPSWHEEL_API opswheel_status opswheel_store_wait(const opswheel_store* store, const char* name, uint64_t after_seq,
                                                 uint64_t timeout_ms, uint64_t* head_seq);

/* ==== Simulation ============================================================================== */

/** A policy run for many weeks, several times over, without a roster: team i is index i of the
 *  weights. Each week draws k picks and accepts them. Run r draws from seed + r (mod 2^64, the
 *  options' seed), so a run is reproducible on its own, and on a wheel: a wheel made with the same
 *  options and seed + r, the teams added in order, then suggest and accept each week, draws run
 *  r's picks.
 *  Under a change model (opswheel_simulation_set_churn) the roster also changes each week before
 *  the draw: teams join, leave, pause and resume, and change weight, drawn from a stream of their
 *  own. Teams are then known by serial: 0..N0-1 for the weights set, then N0, N0+1, ... for the
 *  teams that join, in the order they join; picks are serials, and OPSWHEEL_METRIC_TEAMS tells how
 *  many teams a run had. */
typedef struct opswheel_simulation opswheel_simulation;

/** The sizes of a simulation (opswheel_simulation_set). */
typedef enum opswheel_simulation_setting {
  OPSWHEEL_SIMULATION_K = 1,            /**< picks a week, 1..N; default 1 */
  OPSWHEEL_SIMULATION_WEEKS = 2,        /**< weeks per run, >= 1; default 0, so it must be set */
  OPSWHEEL_SIMULATION_RUNS = 3,         /**< runs, >= 1; default 1 */
  OPSWHEEL_SIMULATION_FIRST_RUN = 4,    /**< the runs are first_run .. first_run + runs - 1; default 0 */
  OPSWHEEL_SIMULATION_CHANCE_WEEKS = 5  /**< weeks per run, chosen at random, whose chances feed the
                                             certainty and entropy metrics; 0: none (they are NaN);
                                             default 40 */
} opswheel_simulation_setting;

/** A fairness metric of one run (docs/fairness.md defines each). */
typedef enum opswheel_metric {
  OPSWHEEL_METRIC_WEEKS = 1,               /**< T */
  OPSWHEEL_METRIC_TEAMS = 2,               /**< N: the run's teams (under churn: the starting teams and those
                                                that joined; picks are their serials 0..N-1) */
  OPSWHEEL_METRIC_CHANCE_WEEKS = 3,        /**< weeks behind certainty, near certainty and entropy */
  OPSWHEEL_METRIC_MAX_GAP = 4,             /**< the longest wait between turns, in weeks */
  OPSWHEEL_METRIC_MAX_GAP_NORMALISED = 5,  /**< max over teams of longest gap x share; about 1 ideally */
  OPSWHEEL_METRIC_MEAN_GAP = 6,            /**< weeks, pooled over all gaps */
  OPSWHEEL_METRIC_MAX_DEVIATION = 7,       /**< max |turns - share x weeks| */
  OPSWHEEL_METRIC_WIN52 = 8,               /**< worst share error over any 52-week window; NaN under 52 weeks */
  OPSWHEEL_METRIC_CERTAINTY = 9,           /**< share of team-weeks with chance exactly 0 or 1 */
  OPSWHEEL_METRIC_NEAR_CERTAINTY = 10,     /**< share of team-weeks with chance <= 0.01 or >= 0.99 */
  OPSWHEEL_METRIC_ENTROPY = 11,            /**< bits of surprise per week */
  OPSWHEEL_METRIC_DUPLICATES = 12,         /**< (week, team) pairs listed twice; always 0 */
  OPSWHEEL_METRIC_DEAD_ENDS = 13           /**< weeks whose draw could not keep the policy's bound
                                                (0 for policies without one) \since 0.2.0 */
} opswheel_metric;

/** The change model of a simulation (opswheel_simulation_set_churn): how its roster changes each
 *  week, before the draw, in this order: pauses that are due end; a team joins (its weight drawn
 *  from the churn weights); a random team leaves; a random eligible team is paused for a number of
 *  weeks drawn from PAUSE_MIN..PAUSE_MAX; a random team's weight is drawn again from the churn
 *  weights. Each happens with its rate's chance; a leave or pause that would leave fewer than k
 *  eligible teams is skipped. docs/fairness.md ("Under roster changes") has the whole rule. The
 *  default changes nothing. \since 0.2.0 */
typedef enum opswheel_churn_setting {
  OPSWHEEL_CHURN_JOIN_RATE = 1,     /**< chance a team joins, each week; in [0, 1]; default 0 */
  OPSWHEEL_CHURN_LEAVE_RATE = 2,    /**< chance a random team leaves, each week; in [0, 1]; default 0 */
  OPSWHEEL_CHURN_PAUSE_RATE = 3,    /**< chance a random eligible team is paused, each week; in [0, 1];
                                         default 0 */
  OPSWHEEL_CHURN_PAUSE_MIN = 4,     /**< the shortest pause, in weeks: a whole number >= 1; default 1 */
  OPSWHEEL_CHURN_PAUSE_MAX = 5,     /**< the longest pause, in weeks: a whole number >= PAUSE_MIN;
                                         default 1 */
  OPSWHEEL_CHURN_REWEIGHT_RATE = 6  /**< chance a random team's weight is drawn again, each week; in
                                         [0, 1]; default 0 */
} opswheel_churn_setting;

/** Makes a simulation drawing with `options` (NULL: the defaults), copied now. Set the weights
 *  and at least OPSWHEEL_SIMULATION_WEEKS before running it. Release with
 *  opswheel_simulation_free. Fails with OPSWHEEL_ERROR_NULL_ARGUMENT (out is NULL) or
 *  OPSWHEEL_ERROR_OUT_OF_MEMORY. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_simulation_new(const opswheel_options* options, opswheel_simulation** out);

/** Releases a simulation; NULL does nothing. \since 0.1.0 */
OPSWHEEL_API void opswheel_simulation_free(opswheel_simulation* simulation);

/** Describes the last failure of a call on `simulation`; "" after a success. Owned by the handle,
 *  valid until the next call on it. Never NULL. \since 0.1.0 */
OPSWHEEL_API const char* opswheel_simulation_last_error(const opswheel_simulation* simulation);

/** Sets the teams' weights (copied): N = count teams, each weight finite and > 0 (checked when
 *  the simulation runs or is sized). `weights` may be NULL only when count is 0. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_simulation_set_weights(opswheel_simulation* simulation, const double* weights,
                                                             size_t count);

/** Sets a size (opswheel_simulation_setting); the ranges are checked when the simulation runs
 *  or is sized. OPSWHEEL_ERROR_INVALID_ARGUMENT for an unknown key. \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_simulation_set(opswheel_simulation* simulation,
                                                     opswheel_simulation_setting key, uint64_t value);

/** Sets a setting of the change model (opswheel_churn_setting). The ranges are checked when the
 *  simulation runs or is sized, which then fails with OPSWHEEL_ERROR_INVALID_ARGUMENT naming the
 *  setting and its value. Fails now, changing nothing, with OPSWHEEL_ERROR_INVALID_ARGUMENT for an
 *  unknown key or a pause length that is not a whole number from 0 to 2^53. \since 0.2.0 */
OPSWHEEL_API opswheel_status opswheel_simulation_set_churn(opswheel_simulation* simulation,
                                                           opswheel_churn_setting key, double value);

/** Sets the weights joining and re-weighted teams draw from, uniformly (copied; a weight listed
 *  twice is twice as likely): each finite and > 0, checked when the simulation runs or is sized.
 *  count 0 means the weight 1 only (the default). `weights` may be NULL only when count is 0.
 *  \since 0.2.0 */
OPSWHEEL_API opswheel_status opswheel_simulation_set_churn_weights(opswheel_simulation* simulation,
                                                                   const double* weights, size_t count);

/** The buffer lengths opswheel_simulation_run needs: *picks = runs x weeks x k, *runs = runs.
 *  Fails with OPSWHEEL_ERROR_INVALID_ARGUMENT or OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS when the
 *  simulation is not valid as set (the message says what). \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_simulation_sizes(opswheel_simulation* simulation, size_t* picks, size_t* runs);

/** Runs the simulation.
 *  - picks: runs x weeks x k team indices (serials under a change model), run by run, week by
 *    week, each week's k picks in draw order; `picks_capacity` is its length. NULL (with capacity
 *    0) when not wanted.
 *  - metrics: the `metric_count` metrics wanted; values: runs x metric_count doubles, row r
 *    holding run r's metrics in the order asked; `values_capacity` is its length. metrics and
 *    values may be NULL when metric_count is 0.
 *  Fails, before any work and writing nothing, with OPSWHEEL_ERROR_BUFFER_TOO_SMALL, as
 *  opswheel_simulation_sizes does, or OPSWHEEL_ERROR_INVALID_ARGUMENT for an unknown metric.
 *  \since 0.1.0 */
OPSWHEEL_API opswheel_status opswheel_simulation_run(opswheel_simulation* simulation, uint32_t* picks,
                                                     size_t picks_capacity, const opswheel_metric* metrics,
                                                     size_t metric_count, double* values, size_t values_capacity);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OPSWHEEL_H */
