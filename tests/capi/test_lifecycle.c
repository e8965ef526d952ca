/* SPDX-License-Identifier: Apache-2.0
 *
 * The C API's happy paths, through every function: options, roster, a meeting with a pin and a
 * skip, explicit picks, chances, statistics and history. Each result is checked against what the
 * calls before it must have produced. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char* const team_ids[] = {"ec2-api", "s3-frontend", "lambda-invoke", "sqs-core", "iam",
                                       "dynamodb", "route53", "cloudwatch", "ecs", "kinesis"};
enum { TEAMS = 10 };

static int list_has(char** list, const char* id) {
  size_t i;
  for (i = 0; list[i]; ++i)
    if (strcmp(list[i], id) == 0) return 1;
  return 0;
}

static void check_library(void) {
  int s;
  CHECK(opswheel_version_number() == OPSWHEEL_VERSION_NUMBER);
  CHECK(strcmp(opswheel_version_string(), OPSWHEEL_VERSION_STRING) == 0);
  /* every status has its own description, and values outside the enumeration one of their own */
  for (s = 0; s <= OPSWHEEL_ERROR_UNKNOWN_ITEM; ++s) {  /* the last status */
    int t;
    CHECK(strcmp(opswheel_status_str((opswheel_status)s), "unknown status") != 0);
    for (t = 0; t < s; ++t)
      CHECK(strcmp(opswheel_status_str((opswheel_status)s), opswheel_status_str((opswheel_status)t)) != 0);
  }
  CHECK(strcmp(opswheel_status_str((opswheel_status)(OPSWHEEL_ERROR_UNKNOWN_ITEM + 1)), "unknown status") == 0);
  CHECK(strcmp(opswheel_status_str(OPSWHEEL_OK), "ok") == 0);
}

static opswheel_options* make_options(void) {
  opswheel_options* o = NULL;
  double v = -1;
  CHECK_STATUS(opswheel_options_new(&o), OPSWHEEL_OK, "");
  CHECK(o != NULL);
  CHECK(strcmp(opswheel_options_last_error(o), "") == 0);
  /* defaults */
  CHECK_STATUS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_SLACK, &v), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK(v == 2);
  CHECK_STATUS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_LEAN, &v), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK(v == 0.5);
  CHECK_STATUS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_GAP_TARGET, &v), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK(v == 2.8);
  CHECK_STATUS(opswheel_options_set_policy(o, "quota"), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_options_set_seed(o, 7), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_SLACK, 1), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_LEAN, 0.25), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_GAP_TARGET, 3), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_SLACK, &v), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK(v == 1);
  CHECK_STATUS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_LEAN, &v), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK(v == 0.25);
  CHECK_STATUS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_GAP_TARGET, &v), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK(v == 3);
  return o;
}

static void check_roster(opswheel_wheel* w) {
  char** ids = NULL;
  size_t count = 0, i;
  char *name = NULL, *url = NULL, *until = NULL;
  double weight = 0;
  int paused = -1;

  for (i = 0; i < TEAMS; ++i) {
    char display[64];
    sprintf(display, "Team %u", (unsigned)i);
    /* even teams get a name and a url, odd ones neither */
    OK(w, opswheel_wheel_add(w, team_ids[i], i % 2 ? NULL : display, i % 2 ? NULL : "https://dash.example.com/x",
                             1.0 + (double)(i % 3)));
  }
  OK(w, opswheel_wheel_teams(w, &ids, &count));
  CHECK(count == TEAMS);
  for (i = 0; i < count && ids; ++i) CHECK(strcmp(ids[i], team_ids[i]) == 0);
  CHECK(ids && ids[count] == NULL);
  opswheel_free(ids);

  OK(w, opswheel_wheel_team_text(w, "ec2-api", &name, &url));
  CHECK(name && strcmp(name, "Team 0") == 0);
  CHECK(url && strcmp(url, "https://dash.example.com/x") == 0);
  opswheel_free(name);
  opswheel_free(url);
  OK(w, opswheel_wheel_team_text(w, "s3-frontend", &name, NULL)); /* no name: the id */
  CHECK(name && strcmp(name, "s3-frontend") == 0);
  opswheel_free(name);
  OK(w, opswheel_wheel_team_text(w, "s3-frontend", NULL, &url));
  CHECK(url && strcmp(url, "") == 0);
  opswheel_free(url);

  OK(w, opswheel_wheel_team_state(w, "lambda-invoke", &weight, &paused, &until));
  CHECK(weight == 3.0 && paused == 0 && until == NULL);
  OK(w, opswheel_wheel_set_weight(w, "lambda-invoke", 1.5));
  OK(w, opswheel_wheel_team_state(w, "lambda-invoke", &weight, NULL, NULL));
  CHECK(weight == 1.5);

  /* pause until a date, then resume_due on that date resumes exactly that team */
  OK(w, opswheel_wheel_pause(w, "iam", "2027-01-06"));
  OK(w, opswheel_wheel_pause(w, "ecs", NULL));
  OK(w, opswheel_wheel_team_state(w, "iam", NULL, &paused, &until));
  CHECK(paused == 1 && until && strcmp(until, "2027-01-06") == 0);
  opswheel_free(until);
  until = NULL;
  OK(w, opswheel_wheel_resume_due(w, "2027-01-05", &ids, &count));
  CHECK(count == 0 && ids && ids[0] == NULL);
  opswheel_free(ids);
  OK(w, opswheel_wheel_resume_due(w, "2027-01-06", &ids, &count));
  CHECK(count == 1 && ids && strcmp(ids[0], "iam") == 0 && ids[1] == NULL);
  opswheel_free(ids);
  OK(w, opswheel_wheel_team_state(w, "iam", NULL, &paused, &until));
  CHECK(paused == 0 && until == NULL);
  OK(w, opswheel_wheel_team_state(w, "ecs", NULL, &paused, NULL));
  CHECK(paused == 1);
  OK(w, opswheel_wheel_resume(w, "ecs"));
  OK(w, opswheel_wheel_resume(w, "ecs")); /* not paused: nothing to do */
  OK(w, opswheel_wheel_team_state(w, "ecs", NULL, &paused, NULL));
  CHECK(paused == 0);

  /* the team that joins and leaves */
  OK(w, opswheel_wheel_add(w, "old-team", NULL, NULL, 1.0));
  OK(w, opswheel_wheel_remove(w, "old-team"));
  OK(w, opswheel_wheel_teams(w, &ids, &count));
  CHECK(count == TEAMS && !list_has(ids, "old-team"));
  opswheel_free(ids);
}

static void check_meetings(opswheel_wheel* w) {
  opswheel_suggestion* s = NULL;
  char **picks = NULL, **list = NULL, **meeting = NULL;
  char* date = NULL;
  size_t count = 0, n = 0, i;
  uint64_t position = 0, meeting_position = 1;
  int has_position = -1;
  double turns[TEAMS], last[TEAMS], gap[TEAMS], total = 0;
  const char* explicit_picks[] = {"route53", "kinesis"};

  OK(w, opswheel_wheel_pin(w, "dynamodb", "large operational event"));
  OK(w, opswheel_wheel_pins(w, &list, &count));
  CHECK(count == 1 && strcmp(list[0], "dynamodb") == 0);
  opswheel_free(list);

  OK(w, opswheel_wheel_suggest(w, 3, &s));
  CHECK(s != NULL);
  CHECK_STATUS(opswheel_suggestion_list(s, OPSWHEEL_LIST_PICKS, &picks, &count), OPSWHEEL_OK,
               opswheel_suggestion_last_error(s));
  CHECK(count == 3 && strcmp(picks[0], "dynamodb") == 0); /* pinned teams lead */
  CHECK_STATUS(opswheel_suggestion_list(s, OPSWHEEL_LIST_PIN_REASONS, &list, &n), OPSWHEEL_OK,
               opswheel_suggestion_last_error(s));
  CHECK(n == 1 && strcmp(list[0], "large operational event") == 0);
  opswheel_free(list);

  /* skip the second pick: it is replaced in place by a team not already picked */
  OK(w, opswheel_wheel_skip(w, s, picks[1], "on call for an incident"));
  CHECK_STATUS(opswheel_suggestion_list(s, OPSWHEEL_LIST_SKIPPED, &list, &n), OPSWHEEL_OK,
               opswheel_suggestion_last_error(s));
  CHECK(n == 1 && strcmp(list[0], picks[1]) == 0);
  opswheel_free(list);
  CHECK_STATUS(opswheel_suggestion_list(s, OPSWHEEL_LIST_SKIP_REASONS, &list, &n), OPSWHEEL_OK,
               opswheel_suggestion_last_error(s));
  CHECK(n == 1 && strcmp(list[0], "on call for an incident") == 0);
  opswheel_free(list);
  CHECK_STATUS(opswheel_suggestion_list(s, OPSWHEEL_LIST_REPLACEMENTS, &list, &n), OPSWHEEL_OK,
               opswheel_suggestion_last_error(s));
  CHECK(n == 1 && strcmp(list[0], picks[0]) != 0 && strcmp(list[0], picks[1]) != 0 && strcmp(list[0], picks[2]) != 0);
  {
    char** after = NULL;
    CHECK_STATUS(opswheel_suggestion_list(s, OPSWHEEL_LIST_PICKS, &after, &n), OPSWHEEL_OK,
                 opswheel_suggestion_last_error(s));
    CHECK(n == 3 && strcmp(after[0], picks[0]) == 0 && strcmp(after[1], list[0]) == 0 &&
          strcmp(after[2], picks[2]) == 0);
    opswheel_free(picks);
    picks = after;
  }
  opswheel_free(list);
  CHECK_STATUS(opswheel_suggestion_position(s, &position), OPSWHEEL_OK, opswheel_suggestion_last_error(s));
  CHECK(position > 0); /* the skip drew after the spin, further on in the wheel's stream */

  OK(w, opswheel_wheel_accept(w, s, "2026-12-02"));
  OK(w, opswheel_wheel_meeting_count(w, &n));
  CHECK(n == 1);
  OK(w, opswheel_wheel_meeting_list(w, 1, OPSWHEEL_LIST_PICKS, &meeting, &n));
  CHECK(n == 3);
  for (i = 0; i < n && i < 3; ++i) CHECK(strcmp(meeting[i], picks[i]) == 0);
  opswheel_free(meeting);
  OK(w, opswheel_wheel_meeting_list(w, 1, OPSWHEEL_LIST_PINNED, &meeting, &n));
  CHECK(n == 1 && strcmp(meeting[0], "dynamodb") == 0);
  opswheel_free(meeting);
  OK(w, opswheel_wheel_meeting_info(w, 1, &date, &has_position, &meeting_position));
  CHECK(date && strcmp(date, "2026-12-02") == 0 && has_position == 1 && meeting_position == position);
  opswheel_free(date);
  OK(w, opswheel_wheel_pins(w, &list, &count)); /* the pin was honoured */
  CHECK(count == 0 && list[0] == NULL);
  opswheel_free(list);

  /* statistics: the three presenters have one turn at meeting 1, nobody else has any */
  OK(w, opswheel_wheel_stats(w, OPSWHEEL_STAT_TURNS, turns, TEAMS));
  OK(w, opswheel_wheel_stats(w, OPSWHEEL_STAT_LAST_MEETING, last, TEAMS));
  OK(w, opswheel_wheel_stats(w, OPSWHEEL_STAT_CURRENT_GAP, gap, TEAMS));
  for (i = 0; i < TEAMS; ++i) {
    const int presented = list_has(picks, team_ids[i]);
    CHECK(turns[i] == (presented ? 1 : 0));
    CHECK(last[i] == (presented ? 1 : 0));
    CHECK(gap[i] == (presented ? 0 : 1));
    total += turns[i];
  }
  CHECK(total == 3);
  {
    double expected[TEAMS], deviation[TEAMS], longest[TEAMS], expected_total = 0;
    OK(w, opswheel_wheel_stats(w, OPSWHEEL_STAT_EXPECTED, expected, TEAMS));
    OK(w, opswheel_wheel_stats(w, OPSWHEEL_STAT_DEVIATION, deviation, TEAMS));
    OK(w, opswheel_wheel_stats(w, OPSWHEEL_STAT_LONGEST_GAP, longest, TEAMS));
    for (i = 0; i < TEAMS; ++i) {
      expected_total += expected[i];
      CHECK(fabs(deviation[i] - (turns[i] - expected[i])) < 1e-12);
      CHECK(longest[i] == 1); /* a turn at meeting 1 closes a gap of 1; the others wait 1 */
    }
    CHECK(fabs(expected_total - 3) < 1e-9); /* the shares of a 3-pick meeting sum to 3 */
  }
  opswheel_free(picks);

  /* the suggestion is now stale, but still a valid handle */
  CHECK_STATUS(opswheel_wheel_accept(w, s, NULL), OPSWHEEL_ERROR_STALE_SUGGESTION, opswheel_wheel_last_error(w));
  opswheel_suggestion_free(s);

  /* explicit picks, undated */
  OK(w, opswheel_wheel_accept_ids(w, explicit_picks, 2, NULL));
  OK(w, opswheel_wheel_meeting_info(w, 2, &date, &has_position, &meeting_position));
  CHECK(date == NULL && has_position == 0 && meeting_position == 0);
  OK(w, opswheel_wheel_meeting_list(w, 2, OPSWHEEL_LIST_PICKS, &meeting, &n));
  CHECK(n == 2 && strcmp(meeting[0], "route53") == 0 && strcmp(meeting[1], "kinesis") == 0);
  opswheel_free(meeting);

  /* pin, then withdraw it */
  OK(w, opswheel_wheel_pin(w, "iam", NULL));
  OK(w, opswheel_wheel_unpin(w, "iam"));
  OK(w, opswheel_wheel_pins(w, &list, &count));
  CHECK(count == 0);
  opswheel_free(list);
  OK(w, opswheel_wheel_reset(w));
  OK(w, opswheel_wheel_meeting_count(w, &n));
  CHECK(n == 2); /* reset keeps the history */
}

static void check_chances(opswheel_wheel* w) {
  double chances[TEAMS], sum = 0;
  int exact = -1;
  size_t i;
  OK(w, opswheel_wheel_pause(w, "sqs-core", NULL));
  OK(w, opswheel_wheel_chances(w, 4, chances, TEAMS, &exact));
  for (i = 0; i < TEAMS; ++i) {
    CHECK(chances[i] >= 0 && chances[i] <= 1);
    sum += chances[i];
  }
  CHECK(chances[3] == 0); /* sqs-core is paused */
  CHECK(fabs(sum - 4) < 1e-9); /* exact or estimated, every draw holds 4 teams */
  CHECK(exact == 0 || exact == 1);
}

int main(void) {
  opswheel_options* o;
  opswheel_wheel* w = NULL;
  char* policy = NULL;
  uint64_t seed = 0;

  check_library();
  o = make_options();
  CHECK_STATUS(opswheel_wheel_new(o, &w), OPSWHEEL_OK, "");
  opswheel_options_free(o); /* the wheel holds its own copy */
  CHECK(w != NULL);
  if (!w) return check_result();
  OK(w, opswheel_wheel_policy(w, &policy));
  CHECK(policy && strcmp(policy, "quota") == 0);
  opswheel_free(policy);
  OK(w, opswheel_wheel_seed(w, &seed));
  CHECK(seed == 7);
  CHECK(strcmp(opswheel_wheel_last_error(w), "") == 0);

  check_roster(w);
  check_meetings(w);
  check_chances(w);
  opswheel_wheel_free(w);

  /* a wheel with the default options draws with quota from seed 0 */
  CHECK_STATUS(opswheel_wheel_new(NULL, &w), OPSWHEEL_OK, "");
  OK(w, opswheel_wheel_policy(w, &policy));
  CHECK(policy && strcmp(policy, "quota") == 0);
  opswheel_free(policy);
  OK(w, opswheel_wheel_seed(w, &seed));
  CHECK(seed == 0);
  opswheel_wheel_free(w);

  /* freeing NULL does nothing */
  opswheel_wheel_free(NULL);
  opswheel_options_free(NULL);
  opswheel_suggestion_free(NULL);
  opswheel_simulation_free(NULL);
  opswheel_free(NULL);
  return check_result();
}
