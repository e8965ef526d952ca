/* SPDX-License-Identifier: Apache-2.0
 *
 * The store through the C API: settings, opening files (missing, foreign), creating and loading
 * wheels, committing, a conflict between two store handles on one file, verify, export and
 * import of JSON, wheels loaded from a snapshot, ownership (a wheel outlives its store), and every
 * NULL or bad argument. The store files live in the test's working directory and are removed
 * first, so every run starts afresh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char sentinel_text[] = "untouched";
static char* const SENTINEL = sentinel_text;


static opswheel_store* open_store(const char* path) {
  opswheel_store* s = NULL;
  CHECK_STATUS(opswheel_store_new(&s), OPSWHEEL_OK, "");
  SOK(s, opswheel_store_open(s, path));
  return s;
}

static uint64_t events_of(const opswheel_wheel* w) {
  uint64_t n = 0;
  OK(w, opswheel_wheel_event_count(w, &n));
  return n;
}

static size_t meetings_of(const opswheel_wheel* w) {
  size_t n = 0;
  OK(w, opswheel_wheel_meeting_count(w, &n));
  return n;
}

static void spin_and_accept(opswheel_wheel* w, size_t k) {
  opswheel_suggestion* s = NULL;
  OK(w, opswheel_wheel_suggest(w, k, &s));
  OK(w, opswheel_wheel_accept(w, s, NULL));
  opswheel_suggestion_free(s);
}

static void check_settings_and_open(void) {
  const char* path = "capi_store_open.db";
  opswheel_store* s = NULL;
  char** names = NULL;
  size_t count = 99;
  FILE* foreign;

  remove_store(path);
  CHECK_STATUS(opswheel_store_new(&s), OPSWHEEL_OK, "");
  CHECK(strcmp(opswheel_store_last_error(s), "") == 0);
  /* nothing works before a file is open */
  SFAILS(s, opswheel_store_wheels(s, &names, &count), OPSWHEEL_ERROR_INVALID_ARGUMENT, "no store file is open");
  CHECK(names == NULL && count == 99);

  /* settings: each checked as it is set */
  SOK(s, opswheel_store_set(s, OPSWHEEL_STORE_BUSY_TIMEOUT_MS, 2000));
  SOK(s, opswheel_store_set(s, OPSWHEEL_STORE_DURABILITY, 1));
  SOK(s, opswheel_store_set(s, OPSWHEEL_STORE_SNAPSHOT_EVERY, 500));
  SFAILS(s, opswheel_store_set(s, OPSWHEEL_STORE_CREATE, 2), OPSWHEEL_ERROR_INVALID_ARGUMENT, "0 or 1");
  SFAILS(s, opswheel_store_set(s, OPSWHEEL_STORE_DURABILITY, 7), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid durability 7");
  SFAILS(s, opswheel_store_set(s, OPSWHEEL_STORE_SNAPSHOT_EVERY, 0), OPSWHEEL_ERROR_INVALID_ARGUMENT, "snapshot interval 0");
  SFAILS(s, opswheel_store_set(s, OPSWHEEL_STORE_BUSY_TIMEOUT_MS, UINT64_MAX), OPSWHEEL_ERROR_INVALID_ARGUMENT,
         "busy timeout");
  SFAILS(s, opswheel_store_set(s, (opswheel_store_setting)5, 1), OPSWHEEL_ERROR_INVALID_ARGUMENT, "unknown store setting 5");

  /* a missing file is created only when asked to */
  SOK(s, opswheel_store_set(s, OPSWHEEL_STORE_CREATE, 0));
  SFAILS(s, opswheel_store_open(s, path), OPSWHEEL_ERROR_STORAGE, "opswheel_store_open");
  SFAILS(s, opswheel_store_wheels(s, &names, &count), OPSWHEEL_ERROR_INVALID_ARGUMENT, "no store file is open");
  SOK(s, opswheel_store_set(s, OPSWHEEL_STORE_CREATE, 1));
  SOK(s, opswheel_store_open(s, path));
  SOK(s, opswheel_store_wheels(s, &names, &count));
  CHECK(count == 0 && names && names[0] == NULL);
  opswheel_free(names);

  /* a file that is not a store is refused, and the handle keeps the store it had */
  foreign = fopen("capi_store_foreign.txt", "w");
  if (foreign) {
    fputs("this is not a database, just some text that is long enough to be read as a header\n", foreign);
    fclose(foreign);
  }
  SFAILS(s, opswheel_store_open(s, "capi_store_foreign.txt"), OPSWHEEL_ERROR_STORAGE, "opswheel_store_open");
  SOK(s, opswheel_store_wheels(s, &names, &count));
  opswheel_free(names);
  remove("capi_store_foreign.txt");

  SFAILS(s, opswheel_store_open(s, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "path is NULL");
  CHECK_STATUS(opswheel_store_new(NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  opswheel_store_free(s);
  opswheel_store_free(NULL);
  CHECK(strcmp(opswheel_store_last_error(NULL), "") != 0);
  remove_store(path);
}

static void check_wheels_and_conflict(void) {
  const char* path = "capi_store_conflict.db";
  opswheel_store *one, *two;
  opswheel_options* o = NULL;
  opswheel_wheel *w1 = NULL, *w2 = NULL, *again = NULL, *wrong = NULL;
  char *actor = NULL, *j1 = NULL, *j2 = NULL, *problem = SENTINEL, *exported = NULL, *stored = NULL;
  char** names = NULL;
  size_t count = 0, written = 99;
  uint64_t events = 0, first_bad = 99;
  int ok = -1;
  static const char* const teams[] = {"ec2", "s3", "iam", "sqs", "sns", "rds"};
  size_t i;

  remove_store(path);
  one = open_store(path);
  two = open_store(path);

  CHECK_STATUS(opswheel_options_new(&o), OPSWHEEL_OK, "");
  CHECK_STATUS(opswheel_options_set_policy(o, "aws"), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_options_set_seed(o, 5), OPSWHEEL_OK, opswheel_options_last_error(o));
  SOK(one, opswheel_store_create(one, "weekly-ops", o, "alice", &w1));
  opswheel_options_free(o); /* the wheel copied what it needed */
  if (!w1) return;
  OK(w1, opswheel_wheel_actor(w1, &actor));
  CHECK(strcmp(actor, "alice") == 0);
  opswheel_free(actor);
  SFAILS(one, opswheel_store_create(one, "weekly-ops", NULL, NULL, &wrong), OPSWHEEL_ERROR_DUPLICATE_ID, "weekly-ops");
  SFAILS(one, opswheel_store_create(one, "bad\x01name", NULL, NULL, &wrong), OPSWHEEL_ERROR_INVALID_ID, "invalid id");
  SFAILS(one, opswheel_store_create(one, "x", NULL, NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "out is NULL");
  SFAILS(one, opswheel_store_create(one, NULL, NULL, NULL, &wrong), OPSWHEEL_ERROR_NULL_ARGUMENT, "name is NULL");
  CHECK(wrong == NULL);

  for (i = 0; i < 6; ++i) OK(w1, opswheel_wheel_add(w1, teams[i], NULL, NULL, 1));
  SOK(one, opswheel_store_commit(one, "weekly-ops", w1, &written));
  CHECK(written == 6);
  SOK(one, opswheel_store_commit(one, "weekly-ops", w1, &written));
  CHECK(written == 0);
  SOK(one, opswheel_store_commit(one, "weekly-ops", w1, NULL)); /* count not wanted */

  /* the other handle sees the same wheel */
  SOK(two, opswheel_store_wheels(two, &names, &count));
  CHECK(count == 1 && strcmp(names[0], "weekly-ops") == 0);
  opswheel_free(names);
  SOK(two, opswheel_store_load(two, "weekly-ops", &w2));
  if (!w2) return;
  OK(w1, opswheel_wheel_to_json(w1, "weekly-ops", &j1));
  OK(w2, opswheel_wheel_to_json(w2, "weekly-ops", &j2));
  CHECK(j1 && j2 && strcmp(j1, j2) == 0);
  opswheel_free(j1);
  opswheel_free(j2);
  OK(w2, opswheel_wheel_actor(w2, &actor)); /* the actor is the handle's, not the store's */
  CHECK(strcmp(actor, "") == 0);
  opswheel_free(actor);

  /* handle one commits a meeting; handle two, working from the old state, conflicts */
  events = events_of(w1);
  spin_and_accept(w1, 2);
  SOK(one, opswheel_store_commit(one, "weekly-ops", w1, &written));
  CHECK(written == events_of(w1) - events && written >= 1);
  OK(w2, opswheel_wheel_set_actor(w2, "bob"));
  OK(w2, opswheel_wheel_pin(w2, "rds", "paging storm"));
  written = 99;
  SFAILS(two, opswheel_store_commit(two, "weekly-ops", w2, &written), OPSWHEEL_ERROR_CONFLICT, "opswheel_store_commit");
  CHECK(written == 99);
  /* nothing of it was written: a fresh load has the meeting and no pin */
  SOK(two, opswheel_store_load(two, "weekly-ops", &again));
  if (again) {
    char** pins = NULL;
    CHECK(meetings_of(again) == 1);
    CHECK(events_of(again) == events_of(w1));
    OK(again, opswheel_wheel_pins(again, &pins, &count));
    CHECK(count == 0);
    opswheel_free(pins);
    /* redo the change on the fresh state: it commits */
    OK(again, opswheel_wheel_pin(again, "rds", "paging storm"));
    SOK(two, opswheel_store_commit(two, "weekly-ops", again, &written));
    CHECK(written == 1);
  }
  /* and now handle one is the stale one */
  OK(w1, opswheel_wheel_add(w1, "ecs", NULL, NULL, 1));
  SFAILS(one, opswheel_store_commit(one, "weekly-ops", w1, &written), OPSWHEEL_ERROR_CONFLICT, "opswheel_store_commit");

  /* verify */
  SOK(one, opswheel_store_verify(one, "weekly-ops", &ok, &events, &first_bad, &problem));
  CHECK(ok == 1 && first_bad == 0 && events == events_of(again));
  CHECK(problem != SENTINEL && strcmp(problem, "") == 0);
  opswheel_free(problem);
  ok = -1;
  SOK(one, opswheel_store_verify(one, "weekly-ops", &ok, NULL, NULL, NULL));
  CHECK(ok == 1);
  SFAILS(one, opswheel_store_verify(one, "nope", &ok, NULL, NULL, NULL), OPSWHEEL_ERROR_NOT_FOUND, "nope");
  SFAILS(one, opswheel_store_verify(one, "weekly-ops", NULL, NULL, NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "ok is NULL");

  /* export and import */
  SOK(one, opswheel_store_export_json(one, "weekly-ops", &exported));
  CHECK_CONTAINS(exported, "\"format\": \"opswheel/1\"");
  CHECK_CONTAINS(exported, "paging storm");
  if (again) {
    OK(again, opswheel_wheel_to_json(again, "weekly-ops", &j1));
    CHECK(j1 && strcmp(j1, exported) == 0); /* the same document from the store and from the wheel */
    opswheel_free(j1);
  }
  SOK(one, opswheel_store_import_json(one, exported, "copy", &stored));
  CHECK(stored && strcmp(stored, "copy") == 0);
  opswheel_free(stored);
  SFAILS(one, opswheel_store_import_json(one, exported, NULL, NULL), OPSWHEEL_ERROR_DUPLICATE_ID, "weekly-ops");
  SFAILS(one, opswheel_store_import_json(one, exported, "copy", NULL), OPSWHEEL_ERROR_DUPLICATE_ID, "copy");
  SFAILS(one, opswheel_store_import_json(one, "{\"format\": \"opswheel/9\"}", "other", NULL),
         OPSWHEEL_ERROR_UNSUPPORTED_VERSION, "newer");
  SFAILS(one, opswheel_store_import_json(one, "{", "other", NULL), OPSWHEEL_ERROR_CORRUPT_DATA, "opswheel_store_import_json");
  SFAILS(one, opswheel_store_import_json(one, NULL, "other", NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "json is NULL");
  SOK(one, opswheel_store_wheels(one, &names, &count));
  CHECK(count == 2 && strcmp(names[0], "copy") == 0 && strcmp(names[1], "weekly-ops") == 0);
  opswheel_free(names);
  SOK(one, opswheel_store_export_json(one, "copy", &j2));
  CHECK_CONTAINS(j2, "\"name\": \"copy\"");
  opswheel_free(j2);
  opswheel_free(exported);
  SFAILS(one, opswheel_store_export_json(one, "nope", &j1), OPSWHEEL_ERROR_NOT_FOUND, "nope");
  SFAILS(one, opswheel_store_export_json(one, "copy", NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "json is NULL");

  /* loading: unknown names and bad arguments */
  wrong = NULL;
  SFAILS(one, opswheel_store_load(one, "nope", &wrong), OPSWHEEL_ERROR_NOT_FOUND, "nope");
  SFAILS(one, opswheel_store_load(one, NULL, &wrong), OPSWHEEL_ERROR_NULL_ARGUMENT, "name is NULL");
  SFAILS(one, opswheel_store_load(one, "copy", NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "out is NULL");
  CHECK(wrong == NULL);
  SFAILS(one, opswheel_store_commit(one, "weekly-ops", NULL, &written), OPSWHEEL_ERROR_NULL_ARGUMENT, "wheel is NULL");
  SFAILS(one, opswheel_store_commit(one, NULL, w1, &written), OPSWHEEL_ERROR_NULL_ARGUMENT, "name is NULL");
  SFAILS(one, opswheel_store_commit(one, "nope", w1, &written), OPSWHEEL_ERROR_NOT_FOUND, "nope");
  SFAILS(one, opswheel_store_wheels(one, NULL, &count), OPSWHEEL_ERROR_NULL_ARGUMENT, "names is NULL");
  SFAILS(one, opswheel_store_wheels(one, &names, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "count is NULL");

  /* ownership: a wheel outlives the store it came from */
  opswheel_store_free(one);
  opswheel_store_free(two);
  spin_and_accept(w2, 1);
  CHECK(meetings_of(w2) == 1);
  opswheel_wheel_free(w1);
  opswheel_wheel_free(w2);
  opswheel_wheel_free(again);
  remove_store(path);
}

static void check_snapshots(void) {
  const char* path = "capi_store_snapshot.db";
  opswheel_store* s = NULL;
  opswheel_wheel *w = NULL, *loaded = NULL;
  char *json = SENTINEL, *exported = NULL;
  uint64_t count = 0;
  int ok = 0;
  size_t i;

  remove_store(path);
  CHECK_STATUS(opswheel_store_new(&s), OPSWHEEL_OK, "");
  SOK(s, opswheel_store_set(s, OPSWHEEL_STORE_SNAPSHOT_EVERY, 4));
  SOK(s, opswheel_store_open(s, path));
  SOK(s, opswheel_store_create(s, "snap", NULL, NULL, &w));
  if (!w) return;
  for (i = 0; i < 5; ++i) {
    char id[8];
    sprintf(id, "t%u", (unsigned)i);
    OK(w, opswheel_wheel_add(w, id, NULL, NULL, 1));
  }
  for (i = 0; i < 6; ++i) spin_and_accept(w, 2);
  SOK(s, opswheel_store_commit(s, "snap", w, NULL));
  SOK(s, opswheel_store_load(s, "snap", &loaded));
  if (loaded) {
    OK(loaded, opswheel_wheel_event_count(loaded, &count));
    CHECK(count == events_of(w));
    /* the first event lies before the snapshot the wheel was loaded from */
    CHECK_STATUS(opswheel_wheel_event_json(loaded, 1, &json), OPSWHEEL_ERROR_NOT_FOUND, opswheel_wheel_last_error(loaded));
    CHECK_CONTAINS(opswheel_wheel_last_error(loaded), "before the snapshot");
    CHECK_STATUS(opswheel_wheel_to_json(loaded, "snap", &json), OPSWHEEL_ERROR_INVALID_ARGUMENT,
                 opswheel_wheel_last_error(loaded));
    CHECK_CONTAINS(opswheel_wheel_last_error(loaded), "export it from its store");
    CHECK(json == SENTINEL);
    /* a new event is held, and numbered on from the log */
    OK(loaded, opswheel_wheel_pin(loaded, "t1", "after the snapshot"));
    OK(loaded, opswheel_wheel_event_json(loaded, count + 1, &json));
    CHECK_CONTAINS(json, "after the snapshot");
    if (json != SENTINEL) opswheel_free(json);
    SOK(s, opswheel_store_commit(s, "snap", loaded, NULL));
    CHECK(meetings_of(loaded) == 6);
  }
  /* the store has the whole log: the wheel made in memory plus the pin */
  OK(w, opswheel_wheel_pin(w, "t1", "after the snapshot"));
  SOK(s, opswheel_store_export_json(s, "snap", &exported));
  if (exported) {
    opswheel_wheel* whole = NULL;
    char** pins = NULL;
    size_t n = 0;
    CHECK_STATUS(opswheel_wheel_new(NULL, &whole), OPSWHEEL_OK, "");
    OK(whole, opswheel_wheel_load_json(whole, exported, NULL));
    CHECK(events_of(whole) == events_of(w) && meetings_of(whole) == 6);
    OK(whole, opswheel_wheel_event_json(whole, 1, &json)); /* every event is in it */
    CHECK_CONTAINS(json, "\"type\":\"created\"");
    opswheel_free(json);
    OK(whole, opswheel_wheel_pins(whole, &pins, &n));
    CHECK(n == 1 && strcmp(pins[0], "t1") == 0);
    opswheel_free(pins);
    opswheel_wheel_free(whole);
  }
  opswheel_free(exported);
  SOK(s, opswheel_store_verify(s, "snap", &ok, NULL, NULL, NULL));
  CHECK(ok == 1);
  opswheel_wheel_free(loaded);
  opswheel_wheel_free(w);
  opswheel_store_free(s);
  remove_store(path);
}

/* A NULL store is a status for every function that takes one. */
static void check_null_handles(void) {
  const opswheel_status N = OPSWHEEL_ERROR_NULL_ARGUMENT;
  char* s = SENTINEL;
  char** l = NULL;
  size_t n = 0;
  int ok = 0;
  opswheel_wheel* w = NULL;
  CHECK_STATUS(opswheel_store_set(NULL, OPSWHEEL_STORE_CREATE, 1), N, "");
  CHECK_STATUS(opswheel_store_open(NULL, "x.db"), N, "");
  CHECK_STATUS(opswheel_store_wheels(NULL, &l, &n), N, "");
  CHECK_STATUS(opswheel_store_create(NULL, "x", NULL, NULL, &w), N, "");
  CHECK_STATUS(opswheel_store_load(NULL, "x", &w), N, "");
  CHECK_STATUS(opswheel_store_commit(NULL, "x", NULL, &n), N, "");
  CHECK_STATUS(opswheel_store_verify(NULL, "x", &ok, NULL, NULL, NULL), N, "");
  CHECK_STATUS(opswheel_store_export_json(NULL, "x", &s), N, "");
  CHECK_STATUS(opswheel_store_import_json(NULL, "{}", NULL, &s), N, "");
  CHECK(s == SENTINEL && l == NULL && w == NULL);
}

int main(void) {
  check_settings_and_open();
  check_wheels_and_conflict();
  check_snapshots();
  check_null_handles();
  return check_result();
}
