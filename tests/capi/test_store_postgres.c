/* SPDX-License-Identifier: Apache-2.0
 *
 * The store through the C API on PostgreSQL: opswheel_store_backends names it, a URL opens a
 * store (in a schema of this run's own), and a wheel created, spun, accepted and committed there
 * loads back as it was and verifies. Needs the test server (OPSWHEEL_TEST_POSTGRES, set by ctest's
 * fixture `postgres`); without it the test fails. A bad schema name fails with a clear error. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  const char* server = getenv("OPSWHEEL_TEST_POSTGRES");
  char url[1024];
  char bad[1024];
  char** names = NULL;
  size_t count = 0, i, meetings = 0;
  int has_postgres = 0, ok = 0;
  uint64_t events = 0, first_bad = 0, written = 0;
  char* problem = NULL;
  opswheel_store* s = NULL;
  opswheel_wheel* w = NULL;
  opswheel_wheel* back = NULL;
  opswheel_suggestion* spin = NULL;

  CHECK_STATUS(opswheel_store_backends(&names, &count), OPSWHEEL_OK, "");
  for (i = 0; i < count; ++i) has_postgres |= strcmp(names[i], "postgresql") == 0;
  CHECK(has_postgres);
  opswheel_free(names);
  CHECK_STATUS(opswheel_store_backends(NULL, &count), OPSWHEEL_ERROR_NULL_ARGUMENT, "");

  if (!server || !*server) {
    fprintf(stderr, "OPSWHEEL_TEST_POSTGRES is not set: this test needs the test server\n");
    return 1;
  }
  snprintf(url, sizeof url, "%s&schema=capi_%ld_%ld", server, (long)getpid(), (long)time(NULL));
  snprintf(bad, sizeof bad, "%s&schema=it's", server);

  CHECK_STATUS(opswheel_store_new(&s), OPSWHEEL_OK, "");
  SFAILS(s, opswheel_store_open(s, bad), OPSWHEEL_ERROR_INVALID_ARGUMENT, "schema");
  SOK(s, opswheel_store_open(s, url));
  SOK(s, opswheel_store_create(s, "ops", NULL, "alice", &w));
  if (!w) return check_result();
  OK(w, opswheel_wheel_add(w, "ec2", "EC2", NULL, 1.0));
  OK(w, opswheel_wheel_add(w, "s3", "S3", NULL, 2.0));
  OK(w, opswheel_wheel_add(w, "iam", "IAM", NULL, 1.0));
  OK(w, opswheel_wheel_suggest(w, 2, &spin));
  OK(w, opswheel_wheel_accept(w, spin, NULL));
  opswheel_suggestion_free(spin);
  SOK(s, opswheel_store_commit(s, "ops", w, &written));
  CHECK(written > 0);

  SOK(s, opswheel_store_load(s, "ops", &back));
  if (back) {
    OK(back, opswheel_wheel_meeting_count(back, &meetings));
    CHECK(meetings == 1);
    OK(back, opswheel_wheel_event_count(back, &events));
    opswheel_wheel_free(back);
  }
  SOK(s, opswheel_store_verify(s, "ops", &ok, &events, &first_bad, &problem));
  CHECK(ok == 1);
  CHECK(events >= 5);
  opswheel_free(problem);
  SOK(s, opswheel_store_wheels(s, &names, &count));
  CHECK(count == 1 && strcmp(names[0], "ops") == 0);
  opswheel_free(names);

  opswheel_wheel_free(w);
  opswheel_store_free(s);
  return check_result();
}
