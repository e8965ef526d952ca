/* SPDX-License-Identifier: Apache-2.0
 *
 * Every way to call the C API wrongly gives its status, a message naming the function and the
 * problem, leaves the handle unchanged and leaves out-parameters untouched. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char sentinel_text[] = "untouched";
static char* const SENTINEL = sentinel_text;

/* A NULL handle is a status for every function that takes one (and no crash). */
static void check_null_handles(void) {
  const opswheel_status N = OPSWHEEL_ERROR_NULL_ARGUMENT;
  char* s = SENTINEL;
  char** l = NULL;
  size_t n = 99, m = 99;
  double d = 0, buf[4];
  int i = 0;
  uint64_t u = 0;
  opswheel_suggestion* sg = NULL;
  const char* ids[] = {"a"};
  const opswheel_metric metric = OPSWHEEL_METRIC_MAX_GAP;
  uint32_t picks[4];
  const double weights[] = {1, 1};

  CHECK_STATUS(opswheel_options_set_policy(NULL, "aws"), N, "");
  CHECK_STATUS(opswheel_options_set_seed(NULL, 1), N, "");
  CHECK_STATUS(opswheel_options_set(NULL, OPSWHEEL_OPTION_QUOTA_LEAN, 1), N, "");
  CHECK_STATUS(opswheel_options_get(NULL, OPSWHEEL_OPTION_QUOTA_LEAN, &d), N, "");
  CHECK_STATUS(opswheel_wheel_policy(NULL, &s), N, "");
  CHECK(s == SENTINEL);
  CHECK_STATUS(opswheel_wheel_seed(NULL, &u), N, "");
  CHECK_STATUS(opswheel_wheel_add(NULL, "a", NULL, NULL, 1), N, "");
  CHECK_STATUS(opswheel_wheel_remove(NULL, "a"), N, "");
  CHECK_STATUS(opswheel_wheel_pause(NULL, "a", NULL), N, "");
  CHECK_STATUS(opswheel_wheel_resume(NULL, "a"), N, "");
  CHECK_STATUS(opswheel_wheel_resume_due(NULL, "2026-01-01", &l, &n), N, "");
  CHECK_STATUS(opswheel_wheel_set_weight(NULL, "a", 1), N, "");
  CHECK_STATUS(opswheel_wheel_reset(NULL), N, "");
  CHECK_STATUS(opswheel_wheel_teams(NULL, &l, &n), N, "");
  CHECK_STATUS(opswheel_wheel_team_text(NULL, "a", &s, &s), N, "");
  CHECK_STATUS(opswheel_wheel_team_state(NULL, "a", &d, &i, &s), N, "");
  CHECK_STATUS(opswheel_wheel_suggest(NULL, 1, &sg), N, "");
  CHECK(sg == NULL);
  CHECK_STATUS(opswheel_wheel_skip(NULL, NULL, "a", NULL), N, "");
  CHECK_STATUS(opswheel_wheel_accept(NULL, NULL, NULL), N, "");
  CHECK_STATUS(opswheel_wheel_accept_ids(NULL, ids, 1, NULL), N, "");
  CHECK_STATUS(opswheel_wheel_pin(NULL, "a", NULL), N, "");
  CHECK_STATUS(opswheel_wheel_unpin(NULL, "a"), N, "");
  CHECK_STATUS(opswheel_wheel_pins(NULL, &l, &n), N, "");
  CHECK_STATUS(opswheel_wheel_chances(NULL, 1, buf, 4, &i), N, "");
  CHECK_STATUS(opswheel_wheel_stats(NULL, OPSWHEEL_STAT_TURNS, buf, 4), N, "");
  CHECK_STATUS(opswheel_wheel_meeting_count(NULL, &n), N, "");
  CHECK_STATUS(opswheel_wheel_meeting_list(NULL, 1, OPSWHEEL_LIST_PICKS, &l, &n), N, "");
  CHECK_STATUS(opswheel_wheel_meeting_info(NULL, 1, &s, &i, &u), N, "");
  CHECK_STATUS(opswheel_suggestion_list(NULL, OPSWHEEL_LIST_PICKS, &l, &n), N, "");
  CHECK_STATUS(opswheel_suggestion_position(NULL, &u), N, "");
  CHECK_STATUS(opswheel_simulation_set_weights(NULL, weights, 2), N, "");
  CHECK_STATUS(opswheel_simulation_set(NULL, OPSWHEEL_SIMULATION_K, 1), N, "");
  CHECK_STATUS(opswheel_simulation_sizes(NULL, &n, &m), N, "");
  CHECK_STATUS(opswheel_simulation_run(NULL, picks, 4, &metric, 1, buf, 4), N, "");
  CHECK(n == 99 && m == 99 && l == NULL && s == SENTINEL);

  /* constructors with nowhere to put the handle */
  CHECK_STATUS(opswheel_options_new(NULL), N, "");
  CHECK_STATUS(opswheel_wheel_new(NULL, NULL), N, "");
  CHECK_STATUS(opswheel_simulation_new(NULL, NULL), N, "");

  /* last_error never returns NULL */
  CHECK(opswheel_options_last_error(NULL) != NULL);
  CHECK(opswheel_wheel_last_error(NULL) != NULL);
  CHECK(opswheel_suggestion_last_error(NULL) != NULL);
  CHECK(opswheel_simulation_last_error(NULL) != NULL);
}

static void check_options(void) {
  opswheel_options* o = NULL;
  double v = 0;
  CHECK_STATUS(opswheel_options_new(&o), OPSWHEEL_OK, "");
  if (!o) return;
#define OPT_FAILS(call, status, part) CHECK_FAILS(call, status, opswheel_options_last_error(o), part)
  OPT_FAILS(opswheel_options_set_policy(o, "roulette"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "unknown policy 'roulette'");
  CHECK_CONTAINS(opswheel_options_last_error(o), "opswheel_options_set_policy: ");
  CHECK_CONTAINS(opswheel_options_last_error(o), "shuffle_bag"); /* lists the known names */
  OPT_FAILS(opswheel_options_set_policy(o, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "policy is NULL");
  OPT_FAILS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_SLACK, 1.5), OPSWHEEL_ERROR_INVALID_ARGUMENT, "slack");
  OPT_FAILS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_SLACK, -1), OPSWHEEL_ERROR_INVALID_ARGUMENT, "slack");
  OPT_FAILS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_SLACK, NAN), OPSWHEEL_ERROR_INVALID_ARGUMENT, "slack");
  OPT_FAILS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_LEAN, -0.5), OPSWHEEL_ERROR_INVALID_ARGUMENT, "lean");
  OPT_FAILS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_LEAN, INFINITY), OPSWHEEL_ERROR_INVALID_ARGUMENT, "lean");
  OPT_FAILS(opswheel_options_set(o, OPSWHEEL_OPTION_QUOTA_GAP_TARGET, 1), OPSWHEEL_ERROR_INVALID_ARGUMENT, "gap target");
  OPT_FAILS(opswheel_options_set(o, (opswheel_option)99, 1), OPSWHEEL_ERROR_INVALID_ARGUMENT, "unknown option key 99");
  OPT_FAILS(opswheel_options_get(o, (opswheel_option)0, &v), OPSWHEEL_ERROR_INVALID_ARGUMENT, "unknown option key 0");
  OPT_FAILS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_LEAN, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "value is NULL");
  /* nothing changed: the defaults are still there */
  CHECK_STATUS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_SLACK, &v), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK(v == 2);
  CHECK(strcmp(opswheel_options_last_error(o), "") == 0); /* a success clears the error */
  CHECK_STATUS(opswheel_options_get(o, OPSWHEEL_OPTION_QUOTA_LEAN, &v), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK(v == 0.5);
  opswheel_options_free(o);
#undef OPT_FAILS
}

static size_t team_count(opswheel_wheel* w) {
  char** ids = NULL;
  size_t n = 0;
  OK(w, opswheel_wheel_teams(w, &ids, &n));
  opswheel_free(ids);
  return n;
}

static void check_roster_errors(opswheel_wheel* w) {
  char long_id[300];
  char* s = SENTINEL;
  char** l = NULL;
  size_t n = 99;
  double d = -1;
  int i = -1;
  memset(long_id, 'x', sizeof long_id - 1);
  long_id[sizeof long_id - 1] = '\0';

  FAILS(w, opswheel_wheel_add(w, NULL, NULL, NULL, 1), OPSWHEEL_ERROR_NULL_ARGUMENT, "opswheel_wheel_add: id is NULL");
  FAILS(w, opswheel_wheel_add(w, "", NULL, NULL, 1), OPSWHEEL_ERROR_INVALID_ID, "the id is empty");
  FAILS(w, opswheel_wheel_add(w, long_id, NULL, NULL, 1), OPSWHEEL_ERROR_INVALID_ID, "the limit is 256");
  FAILS(w, opswheel_wheel_add(w, "bad\xff", NULL, NULL, 1), OPSWHEEL_ERROR_INVALID_ID, "not valid UTF-8");
  FAILS(w, opswheel_wheel_add(w, "tab\there", NULL, NULL, 1), OPSWHEEL_ERROR_INVALID_ID, "control character");
  FAILS(w, opswheel_wheel_add(w, "a", NULL, NULL, 1), OPSWHEEL_ERROR_DUPLICATE_ID, "'a' is already on the roster");
  FAILS(w, opswheel_wheel_add(w, "z", NULL, NULL, 0), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid weight 0");
  FAILS(w, opswheel_wheel_add(w, "z", NULL, NULL, NAN), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid weight NaN");
  FAILS(w, opswheel_wheel_add(w, "z", NULL, "ftp://x", 1), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid url 'ftp://x'");
  FAILS(w, opswheel_wheel_remove(w, "nobody"), OPSWHEEL_ERROR_UNKNOWN_ID, "'nobody' is not on the roster");
  FAILS(w, opswheel_wheel_remove(w, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "id is NULL");
  FAILS(w, opswheel_wheel_pause(w, "nobody", NULL), OPSWHEEL_ERROR_UNKNOWN_ID, "nobody");
  FAILS(w, opswheel_wheel_pause(w, "a", "2026-02-30"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid date '2026-02-30'");
  FAILS(w, opswheel_wheel_pause(w, "a", "next week"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "YYYY-MM-DD");
  FAILS(w, opswheel_wheel_resume(w, "nobody"), OPSWHEEL_ERROR_UNKNOWN_ID, "nobody");
  FAILS(w, opswheel_wheel_resume_due(w, NULL, &l, &n), OPSWHEEL_ERROR_NULL_ARGUMENT, "date is NULL");
  FAILS(w, opswheel_wheel_resume_due(w, "2026-13-01", &l, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid date");
  FAILS(w, opswheel_wheel_resume_due(w, "2026-01-01", NULL, &n), OPSWHEEL_ERROR_NULL_ARGUMENT, "ids is NULL");
  FAILS(w, opswheel_wheel_resume_due(w, "2026-01-01", &l, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "count is NULL");
  FAILS(w, opswheel_wheel_set_weight(w, "a", -2), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid weight -2 for 'a'");
  FAILS(w, opswheel_wheel_set_weight(w, "nobody", 2), OPSWHEEL_ERROR_UNKNOWN_ID, "nobody");
  FAILS(w, opswheel_wheel_teams(w, NULL, &n), OPSWHEEL_ERROR_NULL_ARGUMENT, "ids is NULL");
  FAILS(w, opswheel_wheel_teams(w, &l, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "count is NULL");
  FAILS(w, opswheel_wheel_team_text(w, "a", NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "both NULL");
  FAILS(w, opswheel_wheel_team_text(w, "nobody", &s, NULL), OPSWHEEL_ERROR_UNKNOWN_ID, "nobody");
  FAILS(w, opswheel_wheel_team_state(w, "a", NULL, NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "all NULL");
  FAILS(w, opswheel_wheel_team_state(w, "nobody", &d, &i, &s), OPSWHEEL_ERROR_UNKNOWN_ID, "nobody");
  FAILS(w, opswheel_wheel_policy(w, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "name is NULL");
  FAILS(w, opswheel_wheel_seed(w, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "seed is NULL");
  CHECK(s == SENTINEL && l == NULL && n == 99 && d == -1 && i == -1);
  CHECK(team_count(w) == 4);
  CHECK(strcmp(opswheel_wheel_last_error(w), "") == 0);
  /* the weight of a is still 1: set_weight failed without a change */
  OK(w, opswheel_wheel_team_state(w, "a", &d, &i, NULL));
  CHECK(d == 1 && i == 0);
}

static void check_meeting_errors(opswheel_wheel* w) {
  opswheel_suggestion *s = NULL, *unused = NULL;
  const char* twice[] = {"a", "a"};
  const char* with_null[] = {"a", NULL};
  const char* unknown[] = {"a", "nobody"};
  char** l = NULL;
  size_t n = 99, meetings = 99;
  double buf[4] = {-1, -1, -1, -1};
  int exact = -1, has_position = -1;
  uint64_t seed = 99;
  char* date = SENTINEL;

  FAILS(w, opswheel_wheel_suggest(w, 0, &s), OPSWHEEL_ERROR_INVALID_ARGUMENT, "k must be at least 1");
  FAILS(w, opswheel_wheel_suggest(w, 5, &s), OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS, "cannot pick 5 teams");
  FAILS(w, opswheel_wheel_suggest(w, 2, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "out is NULL");
  CHECK(s == NULL);
  OK(w, opswheel_wheel_pause(w, "d", NULL));
  FAILS(w, opswheel_wheel_suggest(w, 4, &s), OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS, "1 paused");
  FAILS(w, opswheel_wheel_pin(w, "d", NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "'d' is paused");
  OK(w, opswheel_wheel_pin(w, "a", "why"));
  FAILS(w, opswheel_wheel_pin(w, "a", "again"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "already pinned");
  FAILS(w, opswheel_wheel_pin(w, "nobody", NULL), OPSWHEEL_ERROR_UNKNOWN_ID, "nobody");
  FAILS(w, opswheel_wheel_pause(w, "a", NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "pinned");
  FAILS(w, opswheel_wheel_unpin(w, "b"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "'b' is not pinned");
  FAILS(w, opswheel_wheel_pins(w, NULL, &n), OPSWHEEL_ERROR_NULL_ARGUMENT, "ids is NULL");

  OK(w, opswheel_wheel_suggest(w, 2, &s));
  FAILS(w, opswheel_wheel_skip(w, s, "c-not-picked", NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "not among the suggestion's picks");
  FAILS(w, opswheel_wheel_skip(w, NULL, "a", NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "suggestion is NULL");
  FAILS(w, opswheel_wheel_skip(w, s, NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "id is NULL");
  FAILS(w, opswheel_wheel_accept(w, NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "suggestion is NULL");
  FAILS(w, opswheel_wheel_accept(w, s, "2026-00-10"), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid date");
  CHECK_STATUS(opswheel_suggestion_list(s, (opswheel_list)42, &l, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT,
               opswheel_suggestion_last_error(s));
  CHECK_CONTAINS(opswheel_suggestion_last_error(s), "opswheel_suggestion_list: unknown list 42");
  CHECK_STATUS(opswheel_suggestion_list(s, OPSWHEEL_LIST_PICKS, NULL, &n), OPSWHEEL_ERROR_NULL_ARGUMENT,
               opswheel_suggestion_last_error(s));
  CHECK_STATUS(opswheel_suggestion_position(s, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, opswheel_suggestion_last_error(s));
  CHECK_CONTAINS(opswheel_suggestion_last_error(s), "position is NULL");

  /* one dated meeting, then a suggestion that goes stale when the roster changes */
  OK(w, opswheel_wheel_accept(w, s, "2026-12-09"));
  OK(w, opswheel_wheel_suggest(w, 2, &unused));
  OK(w, opswheel_wheel_set_weight(w, "b", 2));
  FAILS(w, opswheel_wheel_accept(w, unused, NULL), OPSWHEEL_ERROR_STALE_SUGGESTION, "stale suggestion");
  FAILS(w, opswheel_wheel_skip(w, unused, "a", NULL), OPSWHEEL_ERROR_STALE_SUGGESTION, "suggest again");
  FAILS(w, opswheel_wheel_accept_ids(w, twice, 2, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "'a' is listed twice");
  FAILS(w, opswheel_wheel_accept_ids(w, with_null, 2, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "an entry of ids is NULL");
  FAILS(w, opswheel_wheel_accept_ids(w, unknown, 2, NULL), OPSWHEEL_ERROR_UNKNOWN_ID, "nobody");
  FAILS(w, opswheel_wheel_accept_ids(w, NULL, 1, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "ids is NULL");
  FAILS(w, opswheel_wheel_accept_ids(w, NULL, 0, NULL), OPSWHEEL_ERROR_INVALID_ARGUMENT, "at least one team");
  FAILS(w, opswheel_wheel_accept_ids(w, twice, 1, "2026-12-02"), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "before the last meeting's (2026-12-09)");

  FAILS(w, opswheel_wheel_chances(w, 0, buf, 4, &exact), OPSWHEEL_ERROR_INVALID_ARGUMENT, "k must be at least 1");
  FAILS(w, opswheel_wheel_chances(w, 2, buf, 3, &exact), OPSWHEEL_ERROR_BUFFER_TOO_SMALL, "chances holds 3 values but 4");
  FAILS(w, opswheel_wheel_chances(w, 2, NULL, 4, &exact), OPSWHEEL_ERROR_NULL_ARGUMENT, "chances is NULL");
  FAILS(w, opswheel_wheel_chances(w, 2, buf, 4, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "exact is NULL");
  FAILS(w, opswheel_wheel_stats(w, OPSWHEEL_STAT_TURNS, buf, 3), OPSWHEEL_ERROR_BUFFER_TOO_SMALL, "values holds 3");
  FAILS(w, opswheel_wheel_stats(w, (opswheel_stat)0, buf, 4), OPSWHEEL_ERROR_INVALID_ARGUMENT, "unknown statistic 0");
  FAILS(w, opswheel_wheel_stats(w, OPSWHEEL_STAT_TURNS, NULL, 4), OPSWHEEL_ERROR_NULL_ARGUMENT, "values is NULL");
  CHECK(buf[0] == -1 && buf[3] == -1 && exact == -1);

  FAILS(w, opswheel_wheel_meeting_count(w, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "count is NULL");
  FAILS(w, opswheel_wheel_meeting_list(w, 0, OPSWHEEL_LIST_PICKS, &l, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "meeting 0 does not exist");
  FAILS(w, opswheel_wheel_meeting_list(w, 2, OPSWHEEL_LIST_PICKS, &l, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "meetings are numbered 1..1");
  FAILS(w, opswheel_wheel_meeting_list(w, 1, (opswheel_list)7, &l, &n), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "unknown list 7");
  FAILS(w, opswheel_wheel_meeting_list(w, 1, OPSWHEEL_LIST_PICKS, &l, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT,
        "count is NULL");
  FAILS(w, opswheel_wheel_meeting_info(w, 1, NULL, NULL, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "all NULL");
  FAILS(w, opswheel_wheel_meeting_info(w, 3, &date, &has_position, &seed), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "meeting 3 does not exist");
  CHECK(l == NULL && n == 99 && date == SENTINEL && has_position == -1 && seed == 99);

  /* the failures changed nothing: one meeting, the roster as it was */
  OK(w, opswheel_wheel_meeting_count(w, &meetings));
  CHECK(meetings == 1);
  CHECK(team_count(w) == 4);
  opswheel_suggestion_free(s);
  opswheel_suggestion_free(unused);
}

static void check_simulation_errors(void) {
  opswheel_simulation* sim = NULL;
  const double weights[] = {1, 2, 3};
  const double bad_weights[] = {1, -1, 3};
  const opswheel_metric metrics[] = {OPSWHEEL_METRIC_MAX_GAP, (opswheel_metric)77};
  uint32_t picks[64];
  double values[8];
  size_t p = 99, r = 99;
  CHECK_STATUS(opswheel_simulation_new(NULL, &sim), OPSWHEEL_OK, "");
  if (!sim) return;
#define SIM_FAILS(call, status, part) CHECK_FAILS(call, status, opswheel_simulation_last_error(sim), part)
  SIM_FAILS(opswheel_simulation_sizes(sim, &p, &r), OPSWHEEL_ERROR_INVALID_ARGUMENT, "at least one team weight");
  SIM_FAILS(opswheel_simulation_set_weights(sim, NULL, 3), OPSWHEEL_ERROR_NULL_ARGUMENT, "weights is NULL");
  CHECK_STATUS(opswheel_simulation_set_weights(sim, bad_weights, 3), OPSWHEEL_OK, opswheel_simulation_last_error(sim));
  SIM_FAILS(opswheel_simulation_sizes(sim, &p, &r), OPSWHEEL_ERROR_INVALID_ARGUMENT, "invalid weight -1 for 'weights[1]'");
  CHECK_STATUS(opswheel_simulation_set_weights(sim, weights, 3), OPSWHEEL_OK, opswheel_simulation_last_error(sim));
  SIM_FAILS(opswheel_simulation_sizes(sim, &p, &r), OPSWHEEL_ERROR_INVALID_ARGUMENT, "weeks >= 1");
  CHECK_STATUS(opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_WEEKS, 10), OPSWHEEL_OK, opswheel_simulation_last_error(sim));
  CHECK_STATUS(opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_K, 4), OPSWHEEL_OK, opswheel_simulation_last_error(sim));
  SIM_FAILS(opswheel_simulation_sizes(sim, &p, &r), OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS, "cannot pick 4 distinct teams");
  CHECK_STATUS(opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_K, 2), OPSWHEEL_OK, opswheel_simulation_last_error(sim));
  CHECK_STATUS(opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_RUNS, 0), OPSWHEEL_OK, opswheel_simulation_last_error(sim));
  SIM_FAILS(opswheel_simulation_sizes(sim, &p, &r), OPSWHEEL_ERROR_INVALID_ARGUMENT, "runs >= 1");
  CHECK_STATUS(opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_RUNS, 3), OPSWHEEL_OK, opswheel_simulation_last_error(sim));
  SIM_FAILS(opswheel_simulation_set(sim, (opswheel_simulation_setting)9, 1), OPSWHEEL_ERROR_INVALID_ARGUMENT,
            "unknown simulation setting 9");
  SIM_FAILS(opswheel_simulation_sizes(sim, NULL, &r), OPSWHEEL_ERROR_NULL_ARGUMENT, "picks is NULL");
  SIM_FAILS(opswheel_simulation_sizes(sim, &p, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "runs is NULL");
  CHECK(p == 99 && r == 99);
  CHECK_STATUS(opswheel_simulation_sizes(sim, &p, &r), OPSWHEEL_OK, opswheel_simulation_last_error(sim));
  CHECK(p == 3 * 10 * 2 && r == 3);

  memset(picks, 0xab, sizeof picks);
  SIM_FAILS(opswheel_simulation_run(sim, picks, 59, NULL, 0, NULL, 0), OPSWHEEL_ERROR_BUFFER_TOO_SMALL,
            "picks holds 59 values but 60 are needed");
  SIM_FAILS(opswheel_simulation_run(sim, NULL, 60, NULL, 0, NULL, 0), OPSWHEEL_ERROR_NULL_ARGUMENT, "picks is NULL");
  SIM_FAILS(opswheel_simulation_run(sim, picks, 60, metrics, 1, values, 2), OPSWHEEL_ERROR_BUFFER_TOO_SMALL,
            "values holds 2 values but 3 are needed");
  SIM_FAILS(opswheel_simulation_run(sim, picks, 60, metrics, 2, values, 6), OPSWHEEL_ERROR_INVALID_ARGUMENT,
            "unknown metric 77");
  SIM_FAILS(opswheel_simulation_run(sim, picks, 60, NULL, 1, values, 3), OPSWHEEL_ERROR_NULL_ARGUMENT, "metrics is NULL");
  SIM_FAILS(opswheel_simulation_run(sim, picks, 60, metrics, 1, NULL, 3), OPSWHEEL_ERROR_NULL_ARGUMENT, "values is NULL");
  CHECK(picks[0] == 0xabababab && picks[59] == 0xabababab); /* nothing written */
  opswheel_simulation_free(sim);
#undef SIM_FAILS
}

int main(void) {
  opswheel_wheel* w = NULL;
  opswheel_options* o = NULL;
  check_null_handles();
  check_options();

  CHECK_STATUS(opswheel_options_new(&o), OPSWHEEL_OK, "");
  CHECK_STATUS(opswheel_options_set_policy(o, "lottery"), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_wheel_new(o, &w), OPSWHEEL_OK, "");
  opswheel_options_free(o);
  if (!w) return check_result();
  FAILS(w, opswheel_wheel_suggest(w, 1, &(opswheel_suggestion*){NULL}), OPSWHEEL_ERROR_NOT_ENOUGH_TEAMS,
        "only 0 are eligible");
  OK(w, opswheel_wheel_add(w, "a", NULL, NULL, 1));
  OK(w, opswheel_wheel_add(w, "b", NULL, NULL, 1));
  OK(w, opswheel_wheel_add(w, "c", NULL, NULL, 1));
  OK(w, opswheel_wheel_add(w, "d", NULL, NULL, 1));
  check_roster_errors(w);
  check_meeting_errors(w);
  opswheel_wheel_free(w);
  check_simulation_errors();
  return check_result();
}
