/* SPDX-License-Identifier: Apache-2.0
 *
 * A minimal check harness for the C API tests (C99): every failed check prints where and why,
 * and the program's exit status is the number of failures (capped), so ctest sees any of them. */
#ifndef OPSWHEEL_TESTS_CAPI_CHECK_H
#define OPSWHEEL_TESTS_CAPI_CHECK_H

#include <stdio.h>
#include <string.h>

#include <opswheel/opswheel.h>

static int check_failures = 0;

#define CHECK(cond)                                                                   \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);        \
      ++check_failures;                                                               \
    }                                                                                 \
  } while (0)

/* Checks that `call` returns `expected`; on a mismatch prints both and `error` (a last_error). */
#define CHECK_STATUS(call, expected, error)                                               \
  do {                                                                                    \
    opswheel_status check_got_ = (call);                                                  \
    if (check_got_ != (expected)) {                                                       \
      fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d (%s); last error: %s\n",   \
              __FILE__, __LINE__, #call, (int)check_got_, opswheel_status_str(check_got_), \
              (int)(expected), opswheel_status_str(expected), (error));                   \
      ++check_failures;                                                                   \
    }                                                                                     \
  } while (0)

/* Checks that `text` contains `part`. */
#define CHECK_CONTAINS(text, part)                                                         \
  do {                                                                                     \
    const char* check_text_ = (text);                                                      \
    if (!check_text_ || !strstr(check_text_, (part))) {                                    \
      fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__,       \
              check_text_ ? check_text_ : "(null)", (part));                               \
      ++check_failures;                                                                    \
    }                                                                                      \
  } while (0)

/* Checks that `call` fails with `status` and that `error` (a last_error, read after the call)
 * contains `part`. */
#define CHECK_FAILS(call, status, error, part) \
  do {                                         \
    CHECK_STATUS(call, status, error);         \
    CHECK_CONTAINS(error, part);               \
  } while (0)

/* The same on a wheel `w` and on a store `s`. */
#define OK(w, call) CHECK_STATUS(call, OPSWHEEL_OK, opswheel_wheel_last_error(w))
#define FAILS(w, call, status, part) CHECK_FAILS(call, status, opswheel_wheel_last_error(w), part)
#define SOK(s, call) CHECK_STATUS(call, OPSWHEEL_OK, opswheel_store_last_error(s))
#define SFAILS(s, call, status, part) CHECK_FAILS(call, status, opswheel_store_last_error(s), part)

/* Removes a SQLite store file and the files SQLite keeps beside it, so a test starts afresh. */
static inline void remove_store(const char* path) {
  char name[256];
  remove(path);
  sprintf(name, "%s-wal", path);
  remove(name);
  sprintf(name, "%s-shm", path);
  remove(name);
  sprintf(name, "%s-journal", path);
  remove(name);
}

static int check_result(void) {
  if (check_failures) fprintf(stderr, "%d check(s) failed\n", check_failures);
  return check_failures > 100 ? 100 : check_failures;
}

#endif
