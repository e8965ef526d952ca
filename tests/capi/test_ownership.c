/* SPDX-License-Identifier: Apache-2.0
 *
 * Who owns what: a string list is one allocation (its strings live inside it); each returned
 * string is the caller's own copy; a suggestion outlives its wheel; options are copied into the
 * wheel; last-error text belongs to its handle and is replaced by the next call. Run under ASan
 * (the asan preset) this also proves nothing leaks and nothing is freed twice. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int main(void) {
  opswheel_options* o = NULL;
  opswheel_wheel* w = NULL;
  opswheel_suggestion* s = NULL;
  char **ids = NULL, **picks = NULL;
  char *name = NULL, *name2 = NULL;
  size_t count = 0, i;
  const char* error;
  char saved[256];

  CHECK_STATUS(opswheel_options_new(&o), OPSWHEEL_OK, "");
  CHECK_STATUS(opswheel_options_set_policy(o, "shuffle_bag"), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_wheel_new(o, &w), OPSWHEEL_OK, "");
  /* options changed after the wheel was made do not reach the wheel */
  CHECK_STATUS(opswheel_options_set_policy(o, "aws"), OPSWHEEL_OK, opswheel_options_last_error(o));
  opswheel_options_free(o);
  if (!w) return check_result();
  OK(w, opswheel_wheel_policy(w, &name));
  CHECK(name && strcmp(name, "shuffle_bag") == 0);
  opswheel_free(name);

  OK(w, opswheel_wheel_add(w, "alpha", "Alpha", NULL, 1));
  OK(w, opswheel_wheel_add(w, "beta", NULL, NULL, 1));
  OK(w, opswheel_wheel_add(w, "gamma", NULL, NULL, 1));

  /* a string list: the strings sit inside the one block, after the NULL-terminated table */
  OK(w, opswheel_wheel_teams(w, &ids, &count));
  CHECK(count == 3 && ids[3] == NULL);
  for (i = 0; i < count; ++i) {
    CHECK((char*)ids[i] > (char*)(ids + count));
    CHECK((char*)ids[i] < (char*)(ids + count) + 64);
  }
  opswheel_free(ids); /* one free releases it all (ASan would report the strings otherwise) */

  /* two copies of the same text are two allocations */
  OK(w, opswheel_wheel_team_text(w, "alpha", &name, NULL));
  OK(w, opswheel_wheel_team_text(w, "alpha", &name2, NULL));
  CHECK(name != name2 && strcmp(name, name2) == 0);
  name[0] = 'X'; /* the caller's own copy */
  opswheel_free(name);
  OK(w, opswheel_wheel_team_text(w, "alpha", &name, NULL));
  CHECK(strcmp(name, "Alpha") == 0);
  opswheel_free(name);
  opswheel_free(name2);

  /* the last error is the handle's until the next call on it */
  CHECK_STATUS(opswheel_wheel_remove(w, "delta"), OPSWHEEL_ERROR_UNKNOWN_ID, opswheel_wheel_last_error(w));
  error = opswheel_wheel_last_error(w);
  strncpy(saved, error, sizeof saved - 1);
  saved[sizeof saved - 1] = '\0';
  CHECK_CONTAINS(saved, "opswheel_wheel_remove: unknown id: 'delta'");
  CHECK(opswheel_wheel_last_error(w) == error); /* reading it is not a call that replaces it */
  CHECK_STATUS(opswheel_wheel_pin(w, "epsilon", NULL), OPSWHEEL_ERROR_UNKNOWN_ID, opswheel_wheel_last_error(w));
  CHECK_CONTAINS(opswheel_wheel_last_error(w), "opswheel_wheel_pin: unknown id: 'epsilon'");
  OK(w, opswheel_wheel_reset(w));
  CHECK(strcmp(opswheel_wheel_last_error(w), "") == 0);

  /* a suggestion outlives its wheel */
  OK(w, opswheel_wheel_suggest(w, 2, &s));
  opswheel_wheel_free(w);
  CHECK_STATUS(opswheel_suggestion_list(s, OPSWHEEL_LIST_PICKS, &picks, &count), OPSWHEEL_OK,
               opswheel_suggestion_last_error(s));
  CHECK(count == 2 && picks[2] == NULL);
  CHECK(strcmp(picks[0], picks[1]) != 0);
  opswheel_free(picks);
  opswheel_suggestion_free(s);
  return check_result();
}
