/* SPDX-License-Identifier: Apache-2.0
 *
 * The change feed through the C API: opswheel_store_wait wakes when another process commits (a
 * forked child with its own handle), returns the old head at its timeout, and fails for an
 * unknown wheel or a NULL argument; opswheel_store_events gives the events from a number on as
 * JSON lines with their hashes. */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static const char* const path = "capi_feed.db";


static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static void sleep_ms(long ms) {
  struct timespec t;
  t.tv_sec = ms / 1000;
  t.tv_nsec = (ms % 1000) * 1000000L;
  nanosleep(&t, NULL);
}

static opswheel_store* open_store(void) {
  opswheel_store* s = NULL;
  CHECK_STATUS(opswheel_store_new(&s), OPSWHEEL_OK, "");
  SOK(s, opswheel_store_open(s, path));
  return s;
}

/* Adds team `id` to wheel "ops" through a handle of its own and commits. */
static void add_team(const char* id) {
  opswheel_store* s = open_store();
  opswheel_wheel* w = NULL;
  SOK(s, opswheel_store_load(s, "ops", &w));
  OK(w, opswheel_wheel_add(w, id, NULL, NULL, 1.0));
  SOK(s, opswheel_store_commit(s, "ops", w, NULL));
  opswheel_wheel_free(w);
  opswheel_store_free(s);
}

static uint64_t head_of(opswheel_store* s) {
  uint64_t head = 0;
  SOK(s, opswheel_store_wait(s, "ops", 0, 0, &head));
  return head;
}

static void check_wait_wakes_on_another_process(opswheel_store* s) {
  const uint64_t before = head_of(s);
  uint64_t head = 0;
  double start, waited;
  int status = -1;
  pid_t child;
  fflush(NULL);
  child = fork();
  if (child == 0) {  /* the writer: its own handle, a commit 300 ms from now */
    sleep_ms(300);
    add_team("late");
    _exit(check_result());
  }
  CHECK(child > 0);
  start = now_ms();
  SOK(s, opswheel_store_wait(s, "ops", before, 10000, &head));
  waited = now_ms() - start;
  CHECK(head == before + 1);
  if (waited >= 1300.0) fprintf(stderr, "the wait took %.0f ms for a commit made after 300 ms\n", waited);
  CHECK(waited < 1300.0);
  CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void check_wait_times_out(opswheel_store* s) {
  const uint64_t before = head_of(s);
  uint64_t head = 99;
  const double start = now_ms();
  double waited;
  SOK(s, opswheel_store_wait(s, "ops", before, 200, &head));
  waited = now_ms() - start;
  CHECK(head == before);
  CHECK(waited >= 195.0 && waited < 1000.0);
  /* A head already above after_seq returns at once. */
  SOK(s, opswheel_store_wait(s, "ops", before - 1, 10000, &head));
  CHECK(head == before);
  CHECK(now_ms() - start - waited < 500.0);
}

static void check_events(opswheel_store* s) {
  const uint64_t head = head_of(s);
  char** lines = NULL;
  size_t count = 99;
  char expected[64];
  SOK(s, opswheel_store_events(s, "ops", head - 1, &lines, &count));
  CHECK(count == 2);
  if (count == 2) {
    sprintf(expected, "\"seq\":%llu", (unsigned long long)(head - 1));
    CHECK_CONTAINS(lines[0], expected);
    sprintf(expected, "\"seq\":%llu", (unsigned long long)head);
    CHECK_CONTAINS(lines[1], expected);
    CHECK_CONTAINS(lines[1], "\"hash\":\"");
    CHECK_CONTAINS(lines[1], "\"prev\":\"");
    CHECK_CONTAINS(lines[1], "late");
    CHECK(strchr(lines[1], '\n') == NULL);
  }
  opswheel_free(lines);
  /* 0 counts as 1: the whole log. */
  SOK(s, opswheel_store_events(s, "ops", 0, &lines, &count));
  CHECK(count == head);
  opswheel_free(lines);
  /* Past the head: an empty list. */
  SOK(s, opswheel_store_events(s, "ops", head + 1, &lines, &count));
  CHECK(count == 0 && lines != NULL && lines[0] == NULL);
  opswheel_free(lines);
}

static void check_bad_arguments(opswheel_store* s) {
  uint64_t head = 42;
  char** lines = NULL;
  size_t count = 42;
  SFAILS(s, opswheel_store_wait(s, "nope", 0, 100, &head), OPSWHEEL_ERROR_NOT_FOUND, "nope");
  SFAILS(s, opswheel_store_events(s, "nope", 1, &lines, &count), OPSWHEEL_ERROR_NOT_FOUND, "nope");
  CHECK(head == 42 && lines == NULL && count == 42);
  SFAILS(s, opswheel_store_wait(s, "ops", 0, 100, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "head_seq");
  SFAILS(s, opswheel_store_wait(s, NULL, 0, 100, &head), OPSWHEEL_ERROR_NULL_ARGUMENT, "name");
  SFAILS(s, opswheel_store_events(s, "ops", 1, NULL, &count), OPSWHEEL_ERROR_NULL_ARGUMENT, "events");
  SFAILS(s, opswheel_store_events(s, "ops", 1, &lines, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "count");
  CHECK_STATUS(opswheel_store_wait(NULL, "ops", 0, 100, &head), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK_STATUS(opswheel_store_events(NULL, "ops", 1, &lines, &count), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK(head == 42 && lines == NULL);
}

static void check_unopened_handle(void) {
  opswheel_store* s = NULL;
  uint64_t head = 0;
  CHECK_STATUS(opswheel_store_new(&s), OPSWHEEL_OK, "");
  SFAILS(s, opswheel_store_wait(s, "ops", 0, 100, &head), OPSWHEEL_ERROR_INVALID_ARGUMENT, "");
  opswheel_store_free(s);
}

int main(void) {
  opswheel_store* s;
  opswheel_wheel* w = NULL;
  remove_store(path);
  s = open_store();
  SOK(s, opswheel_store_create(s, "ops", NULL, "c-test", &w));
  OK(w, opswheel_wheel_add(w, "a", NULL, NULL, 1.0));
  SOK(s, opswheel_store_commit(s, "ops", w, NULL));
  opswheel_wheel_free(w);

  check_wait_wakes_on_another_process(s);
  check_wait_times_out(s);
  check_events(s);
  check_bad_arguments(s);
  check_unopened_handle();
  opswheel_store_free(s);
  remove_store(path);
  return check_result();
}
