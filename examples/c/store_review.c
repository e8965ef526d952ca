/* SPDX-License-Identifier: Apache-2.0
 *
 * A week's operations review kept in a store file, through the C API: open (or create) the store,
 * load the wheel (or create it with its teams), spin for three presenters, accept, and commit the
 * meeting in one transaction. A commit that finds another writer got there first reloads the
 * wheel and runs the meeting again. Run it twice: the second run continues the rotation.
 * Usage: example_c_store_review [store file]   (default: opswheel_example.db) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opswheel/opswheel.h>

static void fail(const char* what, opswheel_status status, const char* message) {
  fprintf(stderr, "%s failed: %s (%s)\n", what, opswheel_status_str(status), message);
  exit(1);
}
#define STORE_CALL(store, call) \
  do { opswheel_status s_ = (call); if (s_ != OPSWHEEL_OK) fail(#call, s_, opswheel_store_last_error(store)); } while (0)
#define WHEEL_CALL(wheel, call) \
  do { opswheel_status s_ = (call); if (s_ != OPSWHEEL_OK) fail(#call, s_, opswheel_wheel_last_error(wheel)); } while (0)

static const char* const wheel_name = "weekly-ops";

/* The wheel from the store, made with its teams on the first run. */
static opswheel_wheel* load_or_create(opswheel_store* store) {
  static const char* const teams[] = {"ec2-api", "s3-frontend", "lambda-invoke", "sqs-core", "iam", "dynamodb"};
  opswheel_wheel* wheel = NULL;
  opswheel_options* options = NULL;
  char** names = NULL;
  size_t count = 0, i;
  int exists = 0;

  STORE_CALL(store, opswheel_store_wheels(store, &names, &count));
  for (i = 0; i < count; ++i) exists |= strcmp(names[i], wheel_name) == 0;
  opswheel_free(names);
  if (exists) {
    STORE_CALL(store, opswheel_store_load(store, wheel_name, &wheel));
    WHEEL_CALL(wheel, opswheel_wheel_set_actor(wheel, "example"));
    return wheel;
  }
  if (opswheel_options_new(&options) != OPSWHEEL_OK) exit(1);
  if (opswheel_options_set_seed(options, 2026) != OPSWHEEL_OK) exit(1);
  STORE_CALL(store, opswheel_store_create(store, wheel_name, options, "example", &wheel));
  opswheel_options_free(options);
  for (i = 0; i < sizeof teams / sizeof teams[0]; ++i)
    WHEEL_CALL(wheel, opswheel_wheel_add(wheel, teams[i], NULL, NULL, 1.0));
  STORE_CALL(store, opswheel_store_commit(store, wheel_name, wheel, NULL));
  printf("created %s with %u teams\n", wheel_name, (unsigned)(sizeof teams / sizeof teams[0]));
  return wheel;
}

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "opswheel_example.db";
  opswheel_store* store = NULL;
  opswheel_wheel* wheel = NULL;
  opswheel_suggestion* suggestion = NULL;
  opswheel_status status;
  char** picks = NULL;
  size_t count = 0, meeting = 0, written = 0, i;

  if (opswheel_store_new(&store) != OPSWHEEL_OK) return 1;
  STORE_CALL(store, opswheel_store_open(store, path));
  for (;;) {
    wheel = load_or_create(store);
    WHEEL_CALL(wheel, opswheel_wheel_suggest(wheel, 3, &suggestion));
    WHEEL_CALL(wheel, opswheel_wheel_accept(wheel, suggestion, NULL));
    status = opswheel_store_commit(store, wheel_name, wheel, &written);
    if (status != OPSWHEEL_ERROR_CONFLICT) break;
    /* someone else committed in between: start again from what they wrote */
    printf("conflict: %s; retrying\n", opswheel_store_last_error(store));
    opswheel_suggestion_free(suggestion);
    opswheel_wheel_free(wheel);
  }
  if (status != OPSWHEEL_OK) fail("opswheel_store_commit", status, opswheel_store_last_error(store));

  WHEEL_CALL(wheel, opswheel_wheel_meeting_count(wheel, &meeting));
  status = opswheel_suggestion_list(suggestion, OPSWHEEL_LIST_PICKS, &picks, &count);
  if (status != OPSWHEEL_OK) fail("opswheel_suggestion_list", status, opswheel_suggestion_last_error(suggestion));
  printf("meeting %u in %s, committed %u event(s); presenting:", (unsigned)meeting, path, (unsigned)written);
  for (i = 0; i < count; ++i) printf(" %s", picks[i]);
  printf("\n");

  opswheel_free(picks);
  opswheel_suggestion_free(suggestion);
  opswheel_wheel_free(wheel);
  opswheel_store_free(store);
  return 0;
}
