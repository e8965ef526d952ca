/* SPDX-License-Identifier: Apache-2.0
 *
 * Action items, the board and the agenda through the C API: the cadence, raising items (one
 * fleet-wide), moving a due date with a reason, the status lifecycle, completing fleet targets,
 * reading items back through the accessors and as JSON, the board's questions and counts, and
 * the agenda in Markdown, JSON and iCalendar — each with every NULL or bad argument. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char sentinel_text[] = "untouched";
static char* const SENTINEL = sentinel_text;

/* Meetings are on Thursdays here: 2026-12-03, 12-10, 12-17, 12-24, ... */
static opswheel_wheel* make_wheel(void) {
  static const char* const ids[] = {"ec2", "s3", "iam", "sqs"};
  opswheel_wheel* w = NULL;
  size_t i;
  CHECK_STATUS(opswheel_wheel_new(NULL, &w), OPSWHEEL_OK, "");
  for (i = 0; i < 4; ++i) OK(w, opswheel_wheel_add(w, ids[i], NULL, i == 0 ? "https://dash.example.com/ec2" : NULL, 1));
  OK(w, opswheel_wheel_set_actor(w, "ops-lead"));
  OK(w, opswheel_wheel_set_cadence(w, 4, 9 * 60 + 30, 120, "Europe/Dublin"));
  return w;
}

static char* text_of(const opswheel_wheel* w, const char* id, opswheel_item_field field) {
  char* value = NULL;
  OK(w, opswheel_wheel_item_text(w, id, field, &value));
  return value;
}

/* Checks that item field `field` of `id` reads `expected`. */
static void check_text(const opswheel_wheel* w, const char* id, opswheel_item_field field, const char* expected) {
  char* value = text_of(w, id, field);
  CHECK(value != NULL && strcmp(value, expected) == 0);
  if (value && strcmp(value, expected) != 0) fprintf(stderr, "  field %d of %s: '%s', expected '%s'\n", (int)field, id, value, expected);
  opswheel_free(value);
}

static size_t board_size(const opswheel_wheel* w, opswheel_board query, const char* argument, const char* first) {
  char** ids = NULL;
  size_t count = 99;
  OK(w, opswheel_wheel_board(w, query, argument, &ids, &count));
  if (!ids) return 99;
  CHECK(ids[count] == NULL);
  if (first) CHECK(count > 0 && strcmp(ids[0], first) == 0);
  opswheel_free(ids);
  return count;
}

static size_t board_count(const opswheel_wheel* w, const char* date, opswheel_board_count key) {
  size_t value = 99;
  OK(w, opswheel_wheel_board_count(w, date, key, &value));
  return value;
}

static void check_items(void) {
  opswheel_wheel* w = make_wheel();
  static const char* const fleet[] = {"s3", "iam", "sqs"};
  char *a1 = NULL, *a2 = NULL, *json = NULL, *id = SENTINEL;
  char **ids = NULL, **teams = NULL, **done_on = NULL;
  size_t count = 0, done = 9, total = 9;
  opswheel_item_status status = (opswheel_item_status)0;
  opswheel_item_priority priority = (opswheel_item_priority)0;
  uint64_t events_before = 0, events_after = 0;

  /* the cadence can no longer change once an item exists (checked below) */
  OK(w, opswheel_wheel_item_add(w, "Add a canary to the deploy pipeline", "Roll back on alarm.\nWithin 5 min.", "ec2",
                                "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_HIGH, "https://tickets.example.com/1",
                                NULL, 0, &a1));
  CHECK(a1 && strcmp(a1, "AI-1") == 0);
  OK(w, opswheel_wheel_item_add(w, "Enable TLS 1.3 fleet-wide", NULL, "iam", "2026-12-03", "2026-12-17",
                                OPSWHEEL_PRIORITY_NORMAL, NULL, fleet, 3, &a2));
  CHECK(a2 && strcmp(a2, "AI-2") == 0);

  OK(w, opswheel_wheel_item_ids(w, &ids, &count));
  CHECK(count == 2 && strcmp(ids[0], "AI-1") == 0 && strcmp(ids[1], "AI-2") == 0 && ids[2] == NULL);
  opswheel_free(ids);

  check_text(w, "AI-1", OPSWHEEL_ITEM_TITLE, "Add a canary to the deploy pipeline");
  check_text(w, "AI-1", OPSWHEEL_ITEM_DESCRIPTION, "Roll back on alarm.\nWithin 5 min.");
  check_text(w, "AI-1", OPSWHEEL_ITEM_OWNER, "ec2");
  check_text(w, "AI-1", OPSWHEEL_ITEM_RAISED_AT, "2026-12-03");
  check_text(w, "AI-1", OPSWHEEL_ITEM_DUE, "2026-12-09");
  check_text(w, "AI-1", OPSWHEEL_ITEM_REPORT_BACK, "2026-12-10"); /* the Thursday after */
  check_text(w, "AI-1", OPSWHEEL_ITEM_TICKET_URL, "https://tickets.example.com/1");
  check_text(w, "AI-1", OPSWHEEL_ITEM_STATUS_NAME, "open");
  check_text(w, "AI-1", OPSWHEEL_ITEM_PRIORITY_NAME, "high");
  check_text(w, "AI-2", OPSWHEEL_ITEM_DESCRIPTION, "");
  check_text(w, "AI-2", OPSWHEEL_ITEM_TICKET_URL, "");

  OK(w, opswheel_wheel_item_state(w, "AI-2", &status, &priority, &done, &total));
  CHECK(status == OPSWHEEL_ITEM_OPEN && priority == OPSWHEEL_PRIORITY_NORMAL && done == 0 && total == 3);
  OK(w, opswheel_wheel_item_state(w, "AI-1", NULL, NULL, &done, &total));
  CHECK(done == 0 && total == 0);

  /* a due date moves only with a reason, and the report-back moves with it */
  FAILS(w, opswheel_wheel_item_move_due(w, "AI-1", "2026-12-16", ""), OPSWHEEL_ERROR_INVALID_ARGUMENT, "needs one");
  FAILS(w, opswheel_wheel_item_move_due(w, "AI-1", "2026-12-16", NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "reason is NULL");
  FAILS(w, opswheel_wheel_item_move_due(w, "AI-1", "2026-12-01", "earlier"), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "before 2026-12-03");
  FAILS(w, opswheel_wheel_item_move_due(w, "AI-1", "2026-12-09", "same"), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "already due on 2026-12-09");
  FAILS(w, opswheel_wheel_item_move_due(w, "AI-9", "2026-12-16", "why"), OPSWHEEL_ERROR_UNKNOWN_ITEM, "AI-9");
  FAILS(w, opswheel_wheel_item_move_due(w, "AI-1", "2026-13-01", "why"), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "opswheel_wheel_item_move_due");
  check_text(w, "AI-1", OPSWHEEL_ITEM_DUE, "2026-12-09");
  OK(w, opswheel_wheel_event_count(w, &events_before));
  OK(w, opswheel_wheel_item_move_due(w, "AI-1", "2026-12-16", "waiting on the pipeline team"));
  OK(w, opswheel_wheel_event_count(w, &events_after));
  CHECK(events_after == events_before + 1); /* every change is an event of the wheel's log */
  {
    char* event = NULL;
    OK(w, opswheel_wheel_event_json(w, events_after, &event));
    CHECK_CONTAINS(event, "\"due_moved\"");
    CHECK_CONTAINS(event, "waiting on the pipeline team");
    CHECK_CONTAINS(event, "\"actor\":\"ops-lead\"");
    opswheel_free(event);
  }
  check_text(w, "AI-1", OPSWHEEL_ITEM_DUE, "2026-12-16");
  check_text(w, "AI-1", OPSWHEEL_ITEM_REPORT_BACK, "2026-12-17");

  /* the status lifecycle */
  OK(w, opswheel_wheel_item_set_status(w, "AI-1", OPSWHEEL_ITEM_IN_PROGRESS, NULL));
  FAILS(w, opswheel_wheel_item_set_status(w, "AI-1", OPSWHEEL_ITEM_IN_PROGRESS, NULL), OPSWHEEL_ERROR_INVALID_TRANSITION,
        "already in_progress");
  FAILS(w, opswheel_wheel_item_set_status(w, "AI-1", OPSWHEEL_ITEM_CANCELLED, NULL), OPSWHEEL_ERROR_INVALID_TRANSITION,
        "cancelling an item needs a reason");
  FAILS(w, opswheel_wheel_item_set_status(w, "AI-1", (opswheel_item_status)0, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "unknown item status 0");
  FAILS(w, opswheel_wheel_item_set_status(w, "AI-1", (opswheel_item_status)5, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "unknown item status 5");
  OK(w, opswheel_wheel_item_set_status(w, "AI-1", OPSWHEEL_ITEM_DONE, NULL));
  FAILS(w, opswheel_wheel_item_set_status(w, "AI-1", OPSWHEEL_ITEM_CANCELLED, "no"), OPSWHEEL_ERROR_INVALID_TRANSITION,
        "reopen the item first");
  FAILS(w, opswheel_wheel_item_set_status(w, "AI-1", OPSWHEEL_ITEM_OPEN, NULL), OPSWHEEL_ERROR_INVALID_TRANSITION,
        "reopening an item needs a reason");
  OK(w, opswheel_wheel_item_state(w, "AI-1", &status, NULL, NULL, NULL));
  CHECK(status == OPSWHEEL_ITEM_DONE);
  OK(w, opswheel_wheel_item_comment(w, "AI-1", "Canary caught a bad deploy on day one."));
  FAILS(w, opswheel_wheel_item_comment(w, "AI-1", NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "text is NULL");
  FAILS(w, opswheel_wheel_item_comment(w, "AI-7", "x"), OPSWHEEL_ERROR_UNKNOWN_ITEM, "AI-7");

  /* fleet targets: done only when every target is */
  FAILS(w, opswheel_wheel_item_set_status(w, "AI-2", OPSWHEEL_ITEM_DONE, NULL), OPSWHEEL_ERROR_INVALID_TRANSITION,
        "cannot mark 'AI-2' done");
  OK(w, opswheel_wheel_item_complete_target(w, "AI-2", "iam", "2026-12-08"));
  FAILS(w, opswheel_wheel_item_complete_target(w, "AI-2", "ec2", "2026-12-08"), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "'ec2' is not a target of 'AI-2'");
  FAILS(w, opswheel_wheel_item_complete_target(w, "AI-2", "s3", "yesterday"), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "opswheel_wheel_item_complete_target");
  FAILS(w, opswheel_wheel_item_complete_target(w, "AI-1", "s3", "2026-12-08"), OPSWHEEL_ERROR_INVALID_TRANSITION,
        "AI-1");
  OK(w, opswheel_wheel_item_state(w, "AI-2", NULL, NULL, &done, &total));
  CHECK(done == 1 && total == 3);
  OK(w, opswheel_wheel_item_targets(w, "AI-2", &teams, &done_on, &count));
  CHECK(count == 3 && teams[3] == NULL && done_on[3] == NULL);
  CHECK(strcmp(teams[0], "s3") == 0 && strcmp(teams[1], "iam") == 0 && strcmp(teams[2], "sqs") == 0);
  CHECK(strcmp(done_on[0], "") == 0 && strcmp(done_on[1], "2026-12-08") == 0 && strcmp(done_on[2], "") == 0);
  opswheel_free(teams);
  opswheel_free(done_on);
  OK(w, opswheel_wheel_item_targets(w, "AI-1", NULL, &done_on, &count)); /* one list only */
  CHECK(count == 0 && done_on[0] == NULL);
  opswheel_free(done_on);

  /* the items as JSON, with their standing on 12-24 (AI-2 reported back on 12-17: 1 missed) */
  OK(w, opswheel_wheel_items_json(w, "2026-12-24", &json));
  CHECK_CONTAINS(json, "\"as_of\": \"2026-12-24\"");
  CHECK_CONTAINS(json, "\"id\": \"AI-1\"");
  CHECK_CONTAINS(json, "\"report_back\": \"2026-12-17\"");
  CHECK_CONTAINS(json, "\"status\": \"done\"");
  CHECK_CONTAINS(json, "\"description\": \"Roll back on alarm.\\nWithin 5 min.\"");
  CHECK_CONTAINS(json, "\"done_on\": \"2026-12-08\"");
  CHECK_CONTAINS(json, "\"missed\": 1");
  CHECK_CONTAINS(json, "\"reason\": \"waiting on the pipeline team\"");
  CHECK_CONTAINS(json, "\"actor\": \"ops-lead\"");
  CHECK(strstr(json, "AI-1") < strstr(json, "AI-2"));
  opswheel_free(json);
  json = SENTINEL;
  FAILS(w, opswheel_wheel_items_json(w, "24.12.2026", &json), OPSWHEEL_ERROR_INVALID_ARGUMENT, "24.12.2026");
  FAILS(w, opswheel_wheel_items_json(w, NULL, &json), OPSWHEEL_ERROR_NULL_ARGUMENT, "as_of is NULL");
  CHECK(json == SENTINEL);

  /* the cadence is fixed once items exist */
  FAILS(w, opswheel_wheel_set_cadence(w, 3, 600, 120, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "only before");

  /* raising items: every bad argument */
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "nobody", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &id),
        OPSWHEEL_ERROR_UNKNOWN_ID, "'nobody'");
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-02", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &id),
        OPSWHEEL_ERROR_INVALID_ARGUMENT, "2026-12-02");
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-03", "2026-12-01", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &id),
        OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid due date");
  FAILS(w, opswheel_wheel_item_add(w, "", NULL, "ec2", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &id),
        OPSWHEEL_ERROR_INVALID_ARGUMENT, "title");
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-03", "2026-12-09", (opswheel_item_priority)9, NULL, NULL, 0, &id),
        OPSWHEEL_ERROR_INVALID_ARGUMENT, "unknown priority 9");
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, "ftp://x", NULL, 0, &id),
        OPSWHEEL_ERROR_INVALID_ARGUMENT, "ftp://x");
  {
    static const char* const twice[] = {"s3", "s3"};
    static const char* const unknown[] = {"s3", "nope"};
    static const char* const holes[] = {"s3", NULL};
    FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, twice, 2, &id),
          OPSWHEEL_ERROR_INVALID_ARGUMENT, "duplicate target 's3'");
    FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, unknown, 2, &id),
          OPSWHEEL_ERROR_UNKNOWN_ID, "'nope'");
    FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, holes, 2, &id),
          OPSWHEEL_ERROR_NULL_ARGUMENT, "an entry of the list is NULL");
  }
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 1, &id),
        OPSWHEEL_ERROR_NULL_ARGUMENT, "targets is NULL");
  FAILS(w, opswheel_wheel_item_add(w, NULL, NULL, "ec2", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &id),
        OPSWHEEL_ERROR_NULL_ARGUMENT, "title is NULL");
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, NULL, "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &id),
        OPSWHEEL_ERROR_NULL_ARGUMENT, "owner is NULL");
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", NULL, "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &id),
        OPSWHEEL_ERROR_NULL_ARGUMENT, "raised_at is NULL");
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-03", NULL, OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &id),
        OPSWHEEL_ERROR_NULL_ARGUMENT, "due is NULL");
  FAILS(w, opswheel_wheel_item_add(w, "t", NULL, "ec2", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, NULL),
        OPSWHEEL_ERROR_NULL_ARGUMENT, "id is NULL");
  CHECK(id == SENTINEL);
  OK(w, opswheel_wheel_item_ids(w, &ids, &count)); /* nothing was added by the failures */
  CHECK(count == 2);
  opswheel_free(ids);
  OK(w, opswheel_wheel_event_count(w, &events_before));
  CHECK(events_before == events_after + 4); /* in progress, done, comment, target: no failed change logged */

  /* the accessors' bad arguments */
  FAILS(w, opswheel_wheel_item_text(w, "AI-1", (opswheel_item_field)0, &id), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "unknown item field 0");
  FAILS(w, opswheel_wheel_item_text(w, "AI-3", OPSWHEEL_ITEM_TITLE, &id), OPSWHEEL_ERROR_UNKNOWN_ITEM,
        "unknown action item: 'AI-3'");
  FAILS(w, opswheel_wheel_item_text(w, NULL, OPSWHEEL_ITEM_TITLE, &id), OPSWHEEL_ERROR_NULL_ARGUMENT, "id is NULL");
  FAILS(w, opswheel_wheel_item_text(w, "AI-1", OPSWHEEL_ITEM_TITLE, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "value is NULL");
  CHECK(id == SENTINEL);
  FAILS(w, opswheel_wheel_item_state(w, "AI-1", NULL, NULL, NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "all NULL");
  FAILS(w, opswheel_wheel_item_state(w, "AI-3", &status, NULL, NULL, NULL), OPSWHEEL_ERROR_UNKNOWN_ITEM, "AI-3");
  FAILS(w, opswheel_wheel_item_targets(w, "AI-2", NULL, NULL, &count), OPSWHEEL_ERROR_NULL_ARGUMENT, "both NULL");
  FAILS(w, opswheel_wheel_item_targets(w, "AI-2", &teams, NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "count is NULL");
  FAILS(w, opswheel_wheel_items_json(w, "2026-12-24", NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "json is NULL");
  FAILS(w, opswheel_wheel_item_ids(w, NULL, &count), OPSWHEEL_ERROR_NULL_ARGUMENT, "ids is NULL");
  FAILS(w, opswheel_wheel_item_ids(w, &ids, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "count is NULL");

  opswheel_free(a1);
  opswheel_free(a2);
  opswheel_wheel_free(w);
}

static void check_cadence(void) {
  opswheel_wheel* w = NULL;
  CHECK_STATUS(opswheel_wheel_new(NULL, &w), OPSWHEEL_OK, "");
  FAILS(w, opswheel_wheel_set_cadence(w, 7, 600, 120, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid weekday 7");
  FAILS(w, opswheel_wheel_set_cadence(w, -1, 600, 120, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid weekday -1");
  FAILS(w, opswheel_wheel_set_cadence(w, 3, 1440, 120, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "start time");
  FAILS(w, opswheel_wheel_set_cadence(w, 3, 600, 0, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "opswheel_wheel_set_cadence");
  FAILS(w, opswheel_wheel_set_cadence(w, 3, 600, 120, "Not/AZone!"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "Not/AZone!");
  OK(w, opswheel_wheel_set_cadence(w, 3, 600, 120, NULL));
  CHECK_STATUS(opswheel_wheel_set_cadence(NULL, 3, 600, 120, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  opswheel_wheel_free(w);
}

static void check_board_and_agenda(void) {
  opswheel_wheel* w = make_wheel();
  static const char* const fleet[] = {"s3", "sqs"};
  static const char* const presenting[] = {"s3", "ec2"};
  static const char* const twice[] = {"s3", "s3"};
  static const char* const stranger[] = {"nobody"};
  char *id = NULL, *text = SENTINEL;
  char** ids = NULL;
  size_t n = 99;

  /* AI-1 due 12-09 (reports back 12-10), AI-2 due 12-10 (12-10), AI-3 due 12-17, owned by s3 */
  OK(w, opswheel_wheel_item_add(w, "One", NULL, "ec2", "2026-12-03", "2026-12-09", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &id));
  opswheel_free(id);
  OK(w, opswheel_wheel_item_add(w, "Two", NULL, "iam", "2026-12-03", "2026-12-10", OPSWHEEL_PRIORITY_LOW, NULL, fleet, 2, &id));
  opswheel_free(id);
  OK(w, opswheel_wheel_item_add(w, "Three | with a pipe", NULL, "s3", "2026-12-03", "2026-12-17", OPSWHEEL_PRIORITY_URGENT, NULL,
                                NULL, 0, &id));
  opswheel_free(id);
  OK(w, opswheel_wheel_item_complete_target(w, "AI-2", "sqs", "2026-12-05"));

  CHECK(board_size(w, OPSWHEEL_BOARD_DUE, "2026-12-10", "AI-1") == 2);
  CHECK(board_size(w, OPSWHEEL_BOARD_DUE, "2026-12-17", "AI-3") == 1);
  CHECK(board_size(w, OPSWHEEL_BOARD_OVERDUE, "2026-12-10", NULL) == 0);
  /* on 12-24: AI-1 and AI-2 missed 12-10 and 12-17 (2: escalated), AI-3 missed 12-17 */
  CHECK(board_size(w, OPSWHEEL_BOARD_OVERDUE, "2026-12-24", "AI-1") == 3);
  CHECK(board_size(w, OPSWHEEL_BOARD_ESCALATED, "2026-12-24", "AI-1") == 2);
  CHECK(board_size(w, OPSWHEEL_BOARD_OWNED_BY, "s3", "AI-3") == 1);
  CHECK(board_size(w, OPSWHEEL_BOARD_OWNED_BY, "sqs", NULL) == 0);
  OK(w, opswheel_wheel_item_set_status(w, "AI-1", OPSWHEEL_ITEM_IN_PROGRESS, NULL));
  CHECK(board_size(w, OPSWHEEL_BOARD_WITH_STATUS, "in_progress", "AI-1") == 1);
  CHECK(board_size(w, OPSWHEEL_BOARD_WITH_STATUS, "open", "AI-2") == 2);
  CHECK(board_size(w, OPSWHEEL_BOARD_WITH_STATUS, "done", NULL) == 0);

  CHECK(board_count(w, "2026-12-24", OPSWHEEL_COUNT_OPEN) == 2);
  CHECK(board_count(w, "2026-12-24", OPSWHEEL_COUNT_IN_PROGRESS) == 1);
  CHECK(board_count(w, "2026-12-24", OPSWHEEL_COUNT_DONE) == 0);
  CHECK(board_count(w, "2026-12-24", OPSWHEEL_COUNT_CANCELLED) == 0);
  CHECK(board_count(w, "2026-12-10", OPSWHEEL_COUNT_DUE) == 2);
  CHECK(board_count(w, "2026-12-24", OPSWHEEL_COUNT_OVERDUE) == 3);
  CHECK(board_count(w, "2026-12-24", OPSWHEEL_COUNT_ESCALATED) == 2);
  CHECK(board_count(w, "2026-12-24", OPSWHEEL_COUNT_FLEET_ITEMS) == 1);
  CHECK(board_count(w, "2026-12-24", OPSWHEEL_COUNT_TARGETS_DONE) == 1);
  CHECK(board_count(w, "2026-12-24", OPSWHEEL_COUNT_TARGETS_TOTAL) == 2);

  FAILS(w, opswheel_wheel_board(w, (opswheel_board)6, "x", &ids, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT, "unknown board query 6");
  FAILS(w, opswheel_wheel_board(w, OPSWHEEL_BOARD_DUE, "soon", &ids, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT, "soon");
  FAILS(w, opswheel_wheel_board(w, OPSWHEEL_BOARD_WITH_STATUS, "finished", &ids, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "unknown status 'finished'");
  FAILS(w, opswheel_wheel_board(w, OPSWHEEL_BOARD_OWNED_BY, NULL, &ids, &n), OPSWHEEL_ERROR_NULL_ARGUMENT, "argument is NULL");
  FAILS(w, opswheel_wheel_board(w, OPSWHEEL_BOARD_DUE, "2026-12-10", NULL, &n), OPSWHEEL_ERROR_NULL_ARGUMENT, "ids is NULL");
  FAILS(w, opswheel_wheel_board(w, OPSWHEEL_BOARD_DUE, "2026-12-10", &ids, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "count is NULL");
  CHECK(ids == NULL && n == 99);
  FAILS(w, opswheel_wheel_board_count(w, "2026-12-10", (opswheel_board_count)11, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "unknown board count 11");
  FAILS(w, opswheel_wheel_board_count(w, "12/10/2026", OPSWHEEL_COUNT_DUE, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT, "12/10/2026");
  FAILS(w, opswheel_wheel_board_count(w, NULL, OPSWHEEL_COUNT_DUE, &n), OPSWHEEL_ERROR_NULL_ARGUMENT, "date is NULL");
  FAILS(w, opswheel_wheel_board_count(w, "2026-12-10", OPSWHEEL_COUNT_DUE, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "value is NULL");
  CHECK(n == 99);

  /* the agenda of 12-10: two reviews, AI-1 and AI-2 report back */
  OK(w, opswheel_wheel_agenda(w, "2026-12-10", presenting, 2, OPSWHEEL_AGENDA_MARKDOWN, &text));
  CHECK_CONTAINS(text, "# Operations review — 2026-12-10");
  CHECK_CONTAINS(text, "09:30–11:30 (Europe/Dublin)");
  CHECK_CONTAINS(text, "Service review: s3");
  CHECK_CONTAINS(text, "[Dashboard](<https://dash.example.com/ec2>)");
  CHECK_CONTAINS(text, "| AI-2 | Two | iam | 2026-12-10 | open | 1/2 |");
  CHECK(strstr(text, "Service review: s3") < strstr(text, "Service review: ec2"));
  opswheel_free(text);
  OK(w, opswheel_wheel_agenda(w, "2026-12-24", NULL, 0, OPSWHEEL_AGENDA_MARKDOWN, &text));
  CHECK_CONTAINS(text, "Three \\| with a pipe"); /* escaped in the table */
  CHECK_CONTAINS(text, "(escalated)");
  opswheel_free(text);
  OK(w, opswheel_wheel_agenda(w, "2026-12-10", presenting, 2, OPSWHEEL_AGENDA_JSON, &text));
  CHECK_CONTAINS(text, "\"date\": \"2026-12-10\"");
  CHECK_CONTAINS(text, "\"start\": \"09:30\"");
  CHECK_CONTAINS(text, "\"duration_minutes\": 120");
  CHECK_CONTAINS(text, "\"part\": \"service_review\"");
  CHECK_CONTAINS(text, "\"team\": \"ec2\"");
  CHECK_CONTAINS(text, "\"reviews_that_fit\": 6");
  CHECK_CONTAINS(text, "\"url\": \"https://dash.example.com/ec2\"");
  opswheel_free(text);
  OK(w, opswheel_wheel_agenda(w, "2026-12-10", presenting, 2, OPSWHEEL_AGENDA_ICALENDAR, &text));
  CHECK(strncmp(text, "BEGIN:VCALENDAR\r\n", 17) == 0);
  CHECK_CONTAINS(text, "BEGIN:VEVENT");
  CHECK_CONTAINS(text, "DTSTART;TZID=Europe/Dublin:20261210T093000");
  CHECK_CONTAINS(text, "BEGIN:VTIMEZONE\r\nTZID:Europe/Dublin\r\n");
  CHECK_CONTAINS(text, "X-WR-TIMEZONE:Europe/Dublin");
  CHECK_CONTAINS(text, "BEGIN:VTODO");
  CHECK_CONTAINS(text, "Service review");
  CHECK_CONTAINS(text, "END:VCALENDAR\r\n");
  opswheel_free(text);

  /* no list: the last suggestion's teams, then those accepted for the date */
  {
    opswheel_suggestion* sg = NULL;
    char** picks = NULL;
    size_t k = 0, i;
    static const char* const none[] = {NULL};
    OK(w, opswheel_wheel_suggest(w, 2, &sg));
    CHECK_STATUS(opswheel_suggestion_list(sg, OPSWHEEL_LIST_PICKS, &picks, &k), OPSWHEEL_OK, opswheel_suggestion_last_error(sg));
    OK(w, opswheel_wheel_agenda(w, "2026-12-10", NULL, 0, OPSWHEEL_AGENDA_MARKDOWN, &text));
    for (i = 0; i < k; ++i) {
      char title[64];
      sprintf(title, "Service review: %s", picks[i]);
      CHECK_CONTAINS(text, title);
    }
    opswheel_free(text);
    OK(w, opswheel_wheel_agenda(w, "2026-12-10", none, 0, OPSWHEEL_AGENDA_MARKDOWN, &text)); /* an empty list */
    CHECK(strstr(text, "Service review:") == NULL);
    opswheel_free(text);
    OK(w, opswheel_wheel_accept(w, sg, "2026-12-10"));
    OK(w, opswheel_wheel_agenda(w, "2026-12-10", NULL, 0, OPSWHEEL_AGENDA_JSON, &text));
    for (i = 0; i < k; ++i) {
      char team[64];
      sprintf(team, "\"team\": \"%s\"", picks[i]);
      CHECK_CONTAINS(text, team);
    }
    opswheel_free(text);
    opswheel_free(picks);
    opswheel_suggestion_free(sg);
  }

  text = SENTINEL;
  FAILS(w, opswheel_wheel_agenda(w, "2026-12-09", NULL, 0, OPSWHEEL_AGENDA_JSON, &text), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "2026-12-09");
  FAILS(w, opswheel_wheel_agenda(w, "2026-12-10", twice, 2, OPSWHEEL_AGENDA_JSON, &text), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "listed twice");
  FAILS(w, opswheel_wheel_agenda(w, "2026-12-10", stranger, 1, OPSWHEEL_AGENDA_JSON, &text), OPSWHEEL_ERROR_UNKNOWN_ID,
        "'nobody'");
  FAILS(w, opswheel_wheel_agenda(w, "2026-12-10", NULL, 0, (opswheel_agenda_format)4, &text), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "unknown agenda format 4");
  FAILS(w, opswheel_wheel_agenda(w, "2026-12-10", NULL, 1, OPSWHEEL_AGENDA_JSON, &text), OPSWHEEL_ERROR_NULL_ARGUMENT,
        "presenting is NULL");
  FAILS(w, opswheel_wheel_agenda(w, NULL, NULL, 0, OPSWHEEL_AGENDA_JSON, &text), OPSWHEEL_ERROR_NULL_ARGUMENT, "date is NULL");
  FAILS(w, opswheel_wheel_agenda(w, "2026-12-10", NULL, 0, OPSWHEEL_AGENDA_JSON, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT,
        "text is NULL");
  CHECK(text == SENTINEL);
  opswheel_wheel_free(w);
}

/* A NULL wheel is a status for every new function (and no crash). */
static void check_null_handles(void) {
  const opswheel_status N = OPSWHEEL_ERROR_NULL_ARGUMENT;
  char* s = SENTINEL;
  char** l = NULL;
  size_t n = 0;
  opswheel_item_status st;
  CHECK_STATUS(opswheel_wheel_set_cadence(NULL, 3, 600, 120, NULL), N, "");
  CHECK_STATUS(opswheel_wheel_item_add(NULL, "t", NULL, "a", "2026-12-02", "2026-12-02", OPSWHEEL_PRIORITY_LOW, NULL, NULL, 0, &s),
               N, "");
  CHECK_STATUS(opswheel_wheel_item_move_due(NULL, "AI-1", "2026-12-02", "r"), N, "");
  CHECK_STATUS(opswheel_wheel_item_set_status(NULL, "AI-1", OPSWHEEL_ITEM_DONE, NULL), N, "");
  CHECK_STATUS(opswheel_wheel_item_complete_target(NULL, "AI-1", "a", "2026-12-02"), N, "");
  CHECK_STATUS(opswheel_wheel_item_comment(NULL, "AI-1", "c"), N, "");
  CHECK_STATUS(opswheel_wheel_items_json(NULL, "2026-12-02", &s), N, "");
  CHECK_STATUS(opswheel_wheel_item_ids(NULL, &l, &n), N, "");
  CHECK_STATUS(opswheel_wheel_item_text(NULL, "AI-1", OPSWHEEL_ITEM_TITLE, &s), N, "");
  CHECK_STATUS(opswheel_wheel_item_state(NULL, "AI-1", &st, NULL, NULL, NULL), N, "");
  CHECK_STATUS(opswheel_wheel_item_targets(NULL, "AI-1", &l, NULL, &n), N, "");
  CHECK_STATUS(opswheel_wheel_board(NULL, OPSWHEEL_BOARD_DUE, "2026-12-02", &l, &n), N, "");
  CHECK_STATUS(opswheel_wheel_board_count(NULL, "2026-12-02", OPSWHEEL_COUNT_DUE, &n), N, "");
  CHECK_STATUS(opswheel_wheel_agenda(NULL, "2026-12-02", NULL, 0, OPSWHEEL_AGENDA_JSON, &s), N, "");
  CHECK(s == SENTINEL && l == NULL);
}

int main(void) {
  check_cadence();
  check_items();
  check_board_and_agenda();
  check_null_handles();
  return check_result();
}
