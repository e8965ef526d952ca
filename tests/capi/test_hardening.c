/* SPDX-License-Identifier: Apache-2.0
 *
 * Issue 16's defects, through the C API: each bad input is refused with its status and a message
 * naming the value, and the wheel is left as it was (no status 15, INTERNAL, for bad input). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static size_t team_count(const opswheel_wheel* w) {
  char** ids = NULL;
  size_t n = 0;
  CHECK_STATUS(opswheel_wheel_teams(w, &ids, &n), OPSWHEEL_OK, opswheel_wheel_last_error(w));
  opswheel_free(ids);
  return n;
}

#define WHEEL_FAILS(call, status, part) CHECK_FAILS(call, status, opswheel_wheel_last_error(w), part)

/* 2. a slack past the limit, and one that would wrap around an unsigned. */
static void check_slack(void) {
  opswheel_options* o = NULL;
  double v = 0;
  CHECK_STATUS(opswheel_options_new(&o), OPSWHEEL_OK, "");
  if (!o) return;
  CHECK_FAILS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_SLACK, 101), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_options_last_error(o), "slack 101");
  CHECK_CONTAINS(opswheel_options_last_error(o), "from 0 to 100");
  CHECK_FAILS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_SLACK, 4294967296.0), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_options_last_error(o), "slack 4294967296");
  CHECK_STATUS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_SLACK, 100), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_SLACK, &v), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK(v == 100);
  opswheel_options_free(o);
}

/* 3, 6 and 7: weights, UTF-8, control characters and lengths, where the strings enter. */
static void check_input(void) {
  opswheel_wheel* w = NULL;
  char long_url[2100];
  char* id = NULL;
  CHECK_STATUS(opswheel_wheel_new(NULL, &w), OPSWHEEL_OK, "");
  if (!w) return;
  WHEEL_FAILS(opswheel_wheel_add(w, "a", NULL, NULL, 1e308), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid weight 1e+308");
  WHEEL_FAILS(opswheel_wheel_add(w, "a", NULL, NULL, 1e-7), OPSWHEEL_ERROR_INVALID_ARGUMENT, "from 1e-06 to 1e+06");
  WHEEL_FAILS(opswheel_wheel_add(w, "a", NULL, "https://x/\xff", 1), OPSWHEEL_ERROR_INVALID_ARGUMENT, "not valid UTF-8");
  WHEEL_FAILS(opswheel_wheel_add(w, "a", "Red \x1b[31m", NULL, 1), OPSWHEEL_ERROR_INVALID_ARGUMENT, "control character");
  CHECK(strchr(opswheel_wheel_last_error(w), '\x1b') == NULL); /* quoted as \x1b */
  memcpy(long_url, "https://x/", 10);
  memset(long_url + 10, 'u', sizeof long_url - 11);
  long_url[sizeof long_url - 1] = '\0';
  WHEEL_FAILS(opswheel_wheel_add(w, "a", NULL, long_url, 1), OPSWHEEL_ERROR_INVALID_ARGUMENT, "the limit is 2048");
  WHEEL_FAILS(opswheel_wheel_set_actor(w, "bell\a"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid actor");
  CHECK(team_count(w) == 0);
  CHECK_STATUS(opswheel_wheel_add(w, "a", NULL, NULL, 1e6), OPSWHEEL_OK, opswheel_wheel_last_error(w));
  CHECK_STATUS(opswheel_wheel_add(w, "b", NULL, NULL, 1e-6), OPSWHEEL_OK, opswheel_wheel_last_error(w));
  WHEEL_FAILS(opswheel_wheel_pin(w, "a", "sev2 \a"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid reason");
  /* 1. a due date with no meeting before the year 10000: refused, and no item added */
  WHEEL_FAILS(opswheel_wheel_item_add(w, "Late", NULL, "a", "2026-12-02", "9999-12-31", OPSWHEEL_PRIORITY_NORMAL, NULL,
                                      NULL, 0, &id),
              OPSWHEEL_ERROR_INVALID_ARGUMENT, "before the year 10000");
  CHECK(id == NULL);
  {
    char* items = NULL;
    CHECK_STATUS(opswheel_wheel_items_json(w, "2026-12-02", &items), OPSWHEEL_OK, opswheel_wheel_last_error(w));
    CHECK(items && strstr(items, "Late") == NULL);
    opswheel_free(items);
  }
  opswheel_wheel_free(w);
}

/* 5. a JSON number that overflows a double: corrupt data, not INTERNAL. */
static void check_json_overflow(void) {
  opswheel_wheel* w = NULL;
  char* json = NULL;
  char* name = NULL;
  char* at = NULL;
  CHECK_STATUS(opswheel_wheel_new(NULL, &w), OPSWHEEL_OK, "");
  if (!w) return;
  CHECK_STATUS(opswheel_wheel_add(w, "a", NULL, NULL, 2), OPSWHEEL_OK, opswheel_wheel_last_error(w));
  CHECK_STATUS(opswheel_wheel_to_json(w, "w", &json), OPSWHEEL_OK, opswheel_wheel_last_error(w));
  at = json ? strstr(json, "\"weight\": 2.0") : NULL;
  CHECK(at != NULL);
  if (at) {
    memcpy(at, "\"weight\": 9e999", strlen("\"weight\": 9e999")); /* the same length, so it fits */
    WHEEL_FAILS(opswheel_wheel_load_json(w, json, &name), OPSWHEEL_ERROR_CORRUPT_DATA, "9e999");
    CHECK(name == NULL);
  }
  CHECK(team_count(w) == 1);
  opswheel_free(json);
  opswheel_wheel_free(w);
}

/* 4. a spin committed after an action item written meanwhile: rebased, not a conflict. */
static void check_rebase(void) {
  opswheel_store* store = NULL;
  opswheel_wheel* setup = NULL;
  opswheel_wheel* spinner = NULL;
  opswheel_wheel* writer = NULL;
  opswheel_suggestion* s = NULL;
  char* id = NULL;
  size_t written = 0;
  const char* path = "opswheel-capi-hardening.db";
  remove(path);
  CHECK_STATUS(opswheel_store_new(&store), OPSWHEEL_OK, "");
  if (!store) return;
  CHECK_STATUS(opswheel_store_open(store, path), OPSWHEEL_OK, opswheel_store_last_error(store));
  CHECK_STATUS(opswheel_store_create(store, "ops", NULL, "alice", &setup), OPSWHEEL_OK, opswheel_store_last_error(store));
  if (setup) {
    CHECK_STATUS(opswheel_wheel_add(setup, "a", NULL, NULL, 1), OPSWHEEL_OK, opswheel_wheel_last_error(setup));
    CHECK_STATUS(opswheel_wheel_add(setup, "b", NULL, NULL, 1), OPSWHEEL_OK, opswheel_wheel_last_error(setup));
    CHECK_STATUS(opswheel_wheel_add(setup, "c", NULL, NULL, 1), OPSWHEEL_OK, opswheel_wheel_last_error(setup));
    CHECK_STATUS(opswheel_store_commit(store, "ops", setup, NULL), OPSWHEEL_OK, opswheel_store_last_error(store));
  }
  CHECK_STATUS(opswheel_store_load(store, "ops", &spinner), OPSWHEEL_OK, opswheel_store_last_error(store));
  CHECK_STATUS(opswheel_store_load(store, "ops", &writer), OPSWHEEL_OK, opswheel_store_last_error(store));
  if (spinner && writer) {
    CHECK_STATUS(opswheel_wheel_suggest(spinner, 2, &s), OPSWHEEL_OK, opswheel_wheel_last_error(spinner));
    CHECK_STATUS(opswheel_wheel_item_add(writer, "Fix", NULL, "a", "2026-12-02", "2026-12-16", OPSWHEEL_PRIORITY_NORMAL,
                                         NULL, NULL, 0, &id),
                 OPSWHEEL_OK, opswheel_wheel_last_error(writer));
    CHECK_STATUS(opswheel_store_commit(store, "ops", writer, NULL), OPSWHEEL_OK, opswheel_store_last_error(store));
    /* the plain commit keeps its strict check */
    CHECK_STATUS(opswheel_store_commit(store, "ops", spinner, NULL), OPSWHEEL_ERROR_CONFLICT, opswheel_store_last_error(store));
    CHECK_STATUS(opswheel_store_commit_rebase(store, "ops", spinner, &written), OPSWHEEL_OK, opswheel_store_last_error(store));
    CHECK(written == 1);
    CHECK_STATUS(opswheel_store_commit_rebase(store, "ops", spinner, &written), OPSWHEEL_OK, opswheel_store_last_error(store));
    CHECK(written == 0); /* the handle now holds what was written */
  }
  opswheel_free(id);
  opswheel_suggestion_free(s);
  opswheel_wheel_free(setup);
  opswheel_wheel_free(spinner);
  opswheel_wheel_free(writer);
  opswheel_store_free(store);
  remove(path);
}

int main(void) {
  check_slack();
  check_rebase();
  check_input();
  check_json_overflow();
  return check_result();
}
