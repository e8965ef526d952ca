/* SPDX-License-Identifier: Apache-2.0
 *
 * A week's operations review through the C API: eight teams on a quota wheel, one pinned after
 * an operational event, one paused for a launch freeze; spin for three presenters, swap out one
 * who cannot attend, accept, and print who presented and everyone's statistics. */
#include <stdio.h>
#include <stdlib.h>

#include <opswheel/opswheel.h>

/* Prints the wheel's last error and fails the program when a call does not return OPSWHEEL_OK. */
static void must(opswheel_status status, const opswheel_wheel* wheel, const char* what) {
  if (status == OPSWHEEL_OK) return;
  fprintf(stderr, "%s failed: %s (%s)\n", what, opswheel_status_str(status), opswheel_wheel_last_error(wheel));
  exit(1);
}

int main(void) {
  static const char* const teams[] = {"ec2-api", "s3-frontend", "lambda-invoke", "sqs-core",
                                      "iam",     "dynamodb",    "route53",       "cloudwatch"};
  enum { TEAMS = sizeof teams / sizeof teams[0] };
  opswheel_options* options = NULL;
  opswheel_wheel* wheel = NULL;
  opswheel_suggestion* suggestion = NULL;
  char** picks = NULL;
  size_t count = 0, i;
  double turns[TEAMS], longest[TEAMS];

  printf("opswheel %s (C API)\n", opswheel_version_string());
  if (opswheel_options_new(&options) != OPSWHEEL_OK) return 1;
  if (opswheel_options_set_policy(options, "quota") != OPSWHEEL_OK ||
      opswheel_options_set_seed(options, 2026) != OPSWHEEL_OK ||
      opswheel_options_set(options, OPSWHEEL_OPTION_QUOTA_SLACK, 1) != OPSWHEEL_OK) {
    fprintf(stderr, "options: %s\n", opswheel_options_last_error(options));
    return 1;
  }
  if (opswheel_wheel_new(options, &wheel) != OPSWHEEL_OK) return 1;
  opswheel_options_free(options);

  for (i = 0; i < TEAMS; ++i)
    must(opswheel_wheel_add(wheel, teams[i], NULL, NULL, i == 0 ? 2.0 : 1.0), wheel, "add");
  must(opswheel_wheel_pin(wheel, "dynamodb", "throttling event on Monday"), wheel, "pin");
  must(opswheel_wheel_pause(wheel, "iam", "2026-12-16"), wheel, "pause");

  must(opswheel_wheel_suggest(wheel, 3, &suggestion), wheel, "suggest");
  must(opswheel_suggestion_list(suggestion, OPSWHEEL_LIST_PICKS, &picks, &count), wheel, "picks");
  printf("the wheel suggests:");
  for (i = 0; i < count; ++i) printf(" %s", picks[i]);
  printf("\n");
  /* The last pick's owner is on call: draw a replacement. */
  must(opswheel_wheel_skip(wheel, suggestion, picks[count - 1], "on call"), wheel, "skip");
  opswheel_free(picks);

  must(opswheel_wheel_accept(wheel, suggestion, "2026-12-02"), wheel, "accept");
  opswheel_suggestion_free(suggestion);
  must(opswheel_wheel_meeting_list(wheel, 1, OPSWHEEL_LIST_PICKS, &picks, &count), wheel, "history");
  printf("presented on 2026-12-02:");
  for (i = 0; i < count; ++i) printf(" %s", picks[i]);
  printf("\n");
  opswheel_free(picks);

  must(opswheel_wheel_stats(wheel, OPSWHEEL_STAT_TURNS, turns, TEAMS), wheel, "stats");
  must(opswheel_wheel_stats(wheel, OPSWHEEL_STAT_LONGEST_GAP, longest, TEAMS), wheel, "stats");
  for (i = 0; i < TEAMS; ++i) printf("  %-14s turns %.0f  longest gap %.0f\n", teams[i], turns[i], longest[i]);
  opswheel_wheel_free(wheel);
  return 0;
}
