/* SPDX-License-Identifier: Apache-2.0
 *
 * The wheel's log through the C API: undo, the actor, the events one by one, and the wheel as a
 * JSON document read back into another handle — each with its happy path, every NULL or bad
 * argument (a status, a message, nothing changed), and who owns what. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char sentinel_text[] = "untouched";
static char* const SENTINEL = sentinel_text;

static opswheel_wheel* make_wheel(uint64_t seed) {
  static const char* const ids[] = {"alpha", "beta", "gamma", "delta", "epsilon"};
  opswheel_options* o = NULL;
  opswheel_wheel* w = NULL;
  size_t i;
  CHECK_STATUS(opswheel_options_new(&o), OPSWHEEL_OK, "");
  CHECK_STATUS(opswheel_options_set_policy(o, "aws"), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_options_set_seed(o, seed), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_wheel_new(o, &w), OPSWHEEL_OK, "");
  opswheel_options_free(o);
  for (i = 0; i < 5; ++i) OK(w, opswheel_wheel_add(w, ids[i], NULL, NULL, 1.0 + (double)i));
  return w;
}

static uint64_t events_of(const opswheel_wheel* w) {
  uint64_t n = 0;
  OK(w, opswheel_wheel_event_count(w, &n));
  return n;
}

/* The list `list` of the last meeting, joined with spaces into `out` (for comparisons). */
static void last_picks(const opswheel_wheel* w, char* out, size_t room) {
  size_t meetings = 0, count = 0, i;
  char** picks = NULL;
  out[0] = '\0';
  OK(w, opswheel_wheel_meeting_count(w, &meetings));
  if (meetings == 0) return;
  OK(w, opswheel_wheel_meeting_list(w, meetings, OPSWHEEL_LIST_PICKS, &picks, &count));
  for (i = 0; i < count && strlen(out) + strlen(picks[i]) + 2 < room; ++i) {
    strcat(out, picks[i]);
    strcat(out, " ");
  }
  opswheel_free(picks);
}

static void check_undo(void) {
  opswheel_wheel* w = make_wheel(11);
  opswheel_suggestion *first = NULL, *again = NULL;
  int possible = -1;
  size_t meetings = 9;
  double before[5], after[5];
  char picks_before[256], picks_again[256];
  uint64_t events;

  OK(w, opswheel_wheel_can_undo(w, &possible));
  CHECK(possible == 0);
  FAILS(w, opswheel_wheel_undo(w, "nothing yet"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "no accepted meeting to undo");

  OK(w, opswheel_wheel_chances(w, 2, before, 5, &possible));
  OK(w, opswheel_wheel_suggest(w, 2, &first));
  OK(w, opswheel_wheel_accept(w, first, "2026-11-25"));
  last_picks(w, picks_before, sizeof picks_before);
  OK(w, opswheel_wheel_can_undo(w, &possible));
  CHECK(possible == 1);
  events = events_of(w);

  /* a bad reason is refused and changes nothing */
  FAILS(w, opswheel_wheel_undo(w, "bad \xff utf-8"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "opswheel_wheel_undo");
  OK(w, opswheel_wheel_meeting_count(w, &meetings));
  CHECK(meetings == 1);
  CHECK(events_of(w) == events);

  OK(w, opswheel_wheel_undo(w, "wrong date"));
  OK(w, opswheel_wheel_meeting_count(w, &meetings));
  CHECK(meetings == 0);
  CHECK(events_of(w) == events + 1); /* the undone event; the accepted one stays */
  OK(w, opswheel_wheel_chances(w, 2, after, 5, &possible));
  CHECK(memcmp(before, after, sizeof before) == 0); /* the rotation state is what it was */
  OK(w, opswheel_wheel_can_undo(w, &possible));
  CHECK(possible == 0);
  FAILS(w, opswheel_wheel_undo(w, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "no accepted meeting to undo");
  /* the suggestion is stale now, as after any change */
  FAILS(w, opswheel_wheel_accept(w, first, NULL), OPSWHEEL_ERROR_STALE_SUGGESTION, "opswheel_wheel_accept");
  OK(w, opswheel_wheel_suggest(w, 2, &again));
  OK(w, opswheel_wheel_accept(w, again, "2026-11-25"));
  last_picks(w, picks_again, sizeof picks_again);
  CHECK(picks_again[0] != '\0');

  /* a roster change after the accept makes it final */
  OK(w, opswheel_wheel_add(w, "zeta", NULL, NULL, 1));
  OK(w, opswheel_wheel_can_undo(w, &possible));
  CHECK(possible == 0);
  FAILS(w, opswheel_wheel_undo(w, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "only the last accepted meeting");

  CHECK_STATUS(opswheel_wheel_undo(NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK_STATUS(opswheel_wheel_can_undo(NULL, &possible), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  FAILS(w, opswheel_wheel_can_undo(w, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "possible is NULL");
  opswheel_suggestion_free(first);
  opswheel_suggestion_free(again);
  opswheel_wheel_free(w);
}

static void check_actor_and_events(void) {
  opswheel_wheel* w = make_wheel(3);
  char* actor = SENTINEL;
  char* json = SENTINEL;
  uint64_t count = 0, n = 99;

  OK(w, opswheel_wheel_actor(w, &actor));
  CHECK(actor != SENTINEL && strcmp(actor, "") == 0);
  opswheel_free(actor);
  OK(w, opswheel_wheel_set_actor(w, "alice@ops"));
  OK(w, opswheel_wheel_actor(w, &actor));
  CHECK(strcmp(actor, "alice@ops") == 0);
  opswheel_free(actor);
  FAILS(w, opswheel_wheel_set_actor(w, "bad \xff utf-8"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "not valid UTF-8");
  OK(w, opswheel_wheel_actor(w, &actor)); /* unchanged */
  CHECK(strcmp(actor, "alice@ops") == 0);
  opswheel_free(actor);

  /* created + 5 teams added (by nobody), then a pin by alice */
  count = events_of(w);
  CHECK(count == 6);
  OK(w, opswheel_wheel_pin(w, "gamma", "big event"));
  CHECK(events_of(w) == 7);

  OK(w, opswheel_wheel_event_json(w, 1, &json));
  CHECK_CONTAINS(json, "\"seq\":1");
  CHECK_CONTAINS(json, "\"type\":\"created\"");
  CHECK_CONTAINS(json, "\"actor\":\"\"");
  CHECK(strchr(json, '\n') == NULL && strstr(json, ": ") == NULL); /* canonical: one line, no spaces */
  /* keys sorted */
  CHECK(strstr(json, "\"actor\"") < strstr(json, "\"at\"") && strstr(json, "\"at\"") < strstr(json, "\"data\"") &&
        strstr(json, "\"data\"") < strstr(json, "\"seq\"") && strstr(json, "\"seq\"") < strstr(json, "\"type\""));
  opswheel_free(json);
  OK(w, opswheel_wheel_event_json(w, 7, &json));
  CHECK_CONTAINS(json, "\"seq\":7");
  CHECK_CONTAINS(json, "\"actor\":\"alice@ops\"");
  CHECK_CONTAINS(json, "gamma");
  CHECK_CONTAINS(json, "big event");
  opswheel_free(json);

  json = SENTINEL;
  FAILS(w, opswheel_wheel_event_json(w, 0, &json), OPSWHEEL_ERROR_INVALID_ARGUMENT, "numbered 1..7");
  FAILS(w, opswheel_wheel_event_json(w, 8, &json), OPSWHEEL_ERROR_INVALID_ARGUMENT, "event 8 does not exist");
  CHECK(json == SENTINEL);
  FAILS(w, opswheel_wheel_event_json(w, 1, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "json is NULL");
  FAILS(w, opswheel_wheel_event_count(w, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "count is NULL");
  FAILS(w, opswheel_wheel_set_actor(w, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "actor is NULL");
  FAILS(w, opswheel_wheel_actor(w, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "actor is NULL");
  CHECK_STATUS(opswheel_wheel_set_actor(NULL, "x"), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK_STATUS(opswheel_wheel_actor(NULL, &actor), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK_STATUS(opswheel_wheel_event_count(NULL, &n), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK_STATUS(opswheel_wheel_event_json(NULL, 1, &json), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK(n == 99 && json == SENTINEL);
  opswheel_wheel_free(w);
}

/* Every list and figure two wheels can be compared by through the C API. */
static void check_same_wheel(const opswheel_wheel* a, const opswheel_wheel* b) {
  char *ja = NULL, *jb = NULL, *pa = NULL, *pb = NULL;
  char **ta = NULL, **tb = NULL;
  size_t na = 0, nb = 0, i;
  uint64_t ea = 0, eb = 0, sa = 0, sb = 0;
  double ca[8], cb[8];
  int exact = 0;
  OK(a, opswheel_wheel_to_json(a, "same", &ja));
  OK(b, opswheel_wheel_to_json(b, "same", &jb));
  CHECK(ja && jb && strcmp(ja, jb) == 0);
  OK(a, opswheel_wheel_policy(a, &pa));
  OK(b, opswheel_wheel_policy(b, &pb));
  CHECK(strcmp(pa, pb) == 0);
  OK(a, opswheel_wheel_seed(a, &sa));
  OK(b, opswheel_wheel_seed(b, &sb));
  CHECK(sa == sb);
  OK(a, opswheel_wheel_teams(a, &ta, &na));
  OK(b, opswheel_wheel_teams(b, &tb, &nb));
  CHECK(na == nb);
  for (i = 0; i < na && i < nb; ++i) CHECK(strcmp(ta[i], tb[i]) == 0);
  CHECK(na <= 8);
  OK(a, opswheel_wheel_chances(a, 2, ca, 8, &exact));
  OK(b, opswheel_wheel_chances(b, 2, cb, 8, &exact));
  CHECK(memcmp(ca, cb, na * sizeof(double)) == 0);
  CHECK((ea = events_of(a)) == (eb = events_of(b)));
  opswheel_free(ja);
  opswheel_free(jb);
  opswheel_free(pa);
  opswheel_free(pb);
  opswheel_free(ta);
  opswheel_free(tb);
}

static void check_json(void) {
  opswheel_wheel* w = make_wheel(5);
  opswheel_wheel* copy = make_wheel(99); /* replaced entirely by the document */
  opswheel_suggestion *s = NULL, *s2 = NULL;
  char *json = SENTINEL, *name = SENTINEL, *actor = NULL, *again = NULL;
  char picks1[256], picks2[256];
  size_t meetings = 0;

  OK(w, opswheel_wheel_set_actor(w, "bob"));
  OK(w, opswheel_wheel_suggest(w, 2, &s));
  OK(w, opswheel_wheel_accept(w, s, "2026-11-25"));
  OK(w, opswheel_wheel_pause(w, "beta", "2027-01-06"));
  OK(w, opswheel_wheel_to_json(w, "weekly-ops", &json));
  CHECK_CONTAINS(json, "\"format\": \"opswheel/1\"");
  CHECK_CONTAINS(json, "\"name\": \"weekly-ops\"");

  OK(copy, opswheel_wheel_set_actor(copy, "carol"));
  OK(copy, opswheel_wheel_load_json(copy, json, &name));
  CHECK(name != SENTINEL && strcmp(name, "weekly-ops") == 0);
  opswheel_free(name);
  check_same_wheel(w, copy);
  OK(copy, opswheel_wheel_actor(copy, &actor)); /* the actor stays the handle's */
  CHECK(strcmp(actor, "carol") == 0);
  opswheel_free(actor);
  OK(copy, opswheel_wheel_meeting_count(copy, &meetings));
  CHECK(meetings == 1);
  /* the copy goes on exactly as the original does */
  opswheel_suggestion_free(s);
  OK(w, opswheel_wheel_suggest(w, 2, &s));
  OK(copy, opswheel_wheel_suggest(copy, 2, &s2));
  OK(w, opswheel_wheel_accept(w, s, "2026-12-02"));
  OK(copy, opswheel_wheel_accept(copy, s2, "2026-12-02"));
  last_picks(w, picks1, sizeof picks1);
  last_picks(copy, picks2, sizeof picks2);
  CHECK(strcmp(picks1, picks2) == 0);
  /* an undo done through the document is undone the same way */
  OK(w, opswheel_wheel_undo(w, "test"));
  OK(w, opswheel_wheel_to_json(w, "weekly-ops", &again));
  OK(copy, opswheel_wheel_load_json(copy, again, NULL)); /* name not wanted */
  check_same_wheel(w, copy);
  opswheel_free(again);

  /* bad documents: a status and a message naming the problem, the wheel unchanged */
  {
    char* edited = (char*)malloc(strlen(json) + 1);
    char* at;
    uint64_t before = events_of(copy);
    strcpy(edited, json);
    at = strstr(edited, "opswheel/1");
    at[9] = '7'; /* "opswheel/7": a newer format */
    FAILS(copy, opswheel_wheel_load_json(copy, edited, NULL), OPSWHEEL_ERROR_UNSUPPORTED_VERSION, "newer");
    at[9] = '1';
    at = strstr(edited, "\"weekly-ops\"");
    memcpy(at + 1, "WEEKLY", 6); /* still a valid name: the events' hashes do not cover it */
    OK(copy, opswheel_wheel_load_json(copy, edited, &name));
    CHECK(strcmp(name, "WEEKLY-ops") == 0);
    opswheel_free(name);
    OK(copy, opswheel_wheel_load_json(copy, json, NULL));
    before = events_of(copy);
    strcpy(edited, json);
    at = strstr(edited, "\"bob\""); /* the actor of an event */
    CHECK(at != NULL);
    if (at) at[1] = 'B'; /* a changed event: the audit chain breaks */
    FAILS(copy, opswheel_wheel_load_json(copy, edited, NULL), OPSWHEEL_ERROR_CORRUPT_DATA, "audit chain");
    CHECK(events_of(copy) == before);
    edited[strlen(edited) / 2] = '\0'; /* truncated */
    FAILS(copy, opswheel_wheel_load_json(copy, edited, NULL), OPSWHEEL_ERROR_CORRUPT_DATA, "opswheel_wheel_load_json");
    FAILS(copy, opswheel_wheel_load_json(copy, "[]", NULL), OPSWHEEL_ERROR_CORRUPT_DATA, "expected an object");
    FAILS(copy, opswheel_wheel_load_json(copy, "", NULL), OPSWHEEL_ERROR_CORRUPT_DATA, "opswheel_wheel_load_json");
    CHECK(events_of(copy) == before);
    free(edited);
  }
  FAILS(w, opswheel_wheel_to_json(w, "bad\x01name", &again), OPSWHEEL_ERROR_INVALID_ID, "opswheel_wheel_to_json");
  FAILS(w, opswheel_wheel_to_json(w, "", &again), OPSWHEEL_ERROR_INVALID_ID, "opswheel_wheel_to_json");
  FAILS(w, opswheel_wheel_to_json(w, NULL, &again), OPSWHEEL_ERROR_NULL_ARGUMENT, "name is NULL");
  FAILS(w, opswheel_wheel_to_json(w, "x", NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "json is NULL");
  FAILS(copy, opswheel_wheel_load_json(copy, NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "json is NULL");
  CHECK_STATUS(opswheel_wheel_to_json(NULL, "x", &again), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK_STATUS(opswheel_wheel_load_json(NULL, json, &name), OPSWHEEL_ERROR_NULL_ARGUMENT, "");

  opswheel_free(json);
  opswheel_suggestion_free(s);
  opswheel_suggestion_free(s2);
  opswheel_wheel_free(copy);
  opswheel_wheel_free(w);
}

int main(void) {
  check_undo();
  check_actor_and_events();
  check_json();
  return check_result();
}
