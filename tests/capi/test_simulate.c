/* SPDX-License-Identifier: Apache-2.0
 *
 * opswheel_simulation_run fills the caller's buffers: the picks are team indices, k distinct a
 * week; the metrics agree with the picks; the same settings give the same buffers; run r on its
 * own equals run r of a batch. Under a change model the picks are serials below each run's team
 * count, and a model out of range is refused naming the setting. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

enum { N = 12, K = 3, WEEKS = 60, RUNS = 4 };
#define SIM_OK(sim, call) CHECK_STATUS(call, OPSWHEEL_OK, opswheel_simulation_last_error(sim))

static opswheel_simulation* make(const char* policy, uint64_t seed, size_t first_run, size_t runs) {
  opswheel_options* o = NULL;
  opswheel_simulation* sim = NULL;
  double weights[N];
  size_t i;
  for (i = 0; i < N; ++i) weights[i] = 1.0 + (double)(i % 4);
  CHECK_STATUS(opswheel_options_new(&o), OPSWHEEL_OK, "");
  CHECK_STATUS(opswheel_options_set_policy(o, policy), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_options_set_seed(o, seed), OPSWHEEL_OK, opswheel_options_last_error(o));
  CHECK_STATUS(opswheel_simulation_new(o, &sim), OPSWHEEL_OK, "");
  opswheel_options_free(o);
  SIM_OK(sim, opswheel_simulation_set_weights(sim, weights, N));
  SIM_OK(sim, opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_K, K));
  SIM_OK(sim, opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_WEEKS, WEEKS));
  SIM_OK(sim, opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_RUNS, runs));
  SIM_OK(sim, opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_FIRST_RUN, first_run));
  SIM_OK(sim, opswheel_simulation_set(sim, OPSWHEEL_SIMULATION_CHANCE_WEEKS, 10));
  return sim;
}

static const opswheel_metric metrics[] = {OPSWHEEL_METRIC_WEEKS, OPSWHEEL_METRIC_TEAMS, OPSWHEEL_METRIC_DUPLICATES,
                                          OPSWHEEL_METRIC_MAX_GAP, OPSWHEEL_METRIC_CHANCE_WEEKS, OPSWHEEL_METRIC_WIN52,
                                          OPSWHEEL_METRIC_ENTROPY};
enum { METRICS = sizeof metrics / sizeof metrics[0] };

/* The longest gap of any team in one run's picks, by the definition of docs/fairness.md. */
static double max_gap_of(const uint32_t* picks) {
  size_t last[N] = {0}, longest = 0, t, j, i;
  for (t = 1; t <= WEEKS; ++t)
    for (j = 0; j < K; ++j) {
      const uint32_t team = picks[(t - 1) * K + j];
      if (t - last[team] > longest) longest = t - last[team];
      last[team] = t;
    }
  for (i = 0; i < N; ++i)
    if (WEEKS - last[i] > longest) longest = WEEKS - last[i];
  return (double)longest;
}

static void check_policy(const char* policy) {
  opswheel_simulation* sim = make(policy, 2026, 0, RUNS);
  size_t picks_len = 0, runs = 0, r, t, a, b;
  uint32_t *picks, *again;
  double values[RUNS * METRICS], values_again[RUNS * METRICS];

  SIM_OK(sim, opswheel_simulation_sizes(sim, &picks_len, &runs));
  CHECK(picks_len == RUNS * WEEKS * K && runs == RUNS);
  picks = (uint32_t*)malloc(picks_len * sizeof *picks);
  again = (uint32_t*)malloc(picks_len * sizeof *again);
  if (!picks || !again) {
    CHECK(!"out of memory");
    return;
  }
  SIM_OK(sim, opswheel_simulation_run(sim, picks, picks_len, metrics, METRICS, values, RUNS * METRICS));
  for (r = 0; r < RUNS; ++r) {
    const uint32_t* run = picks + r * WEEKS * K;
    const double* m = values + r * METRICS;
    for (t = 0; t < WEEKS; ++t)
      for (a = 0; a < K; ++a) {
        CHECK(run[t * K + a] < N);
        for (b = 0; b < a; ++b) CHECK(run[t * K + a] != run[t * K + b]);
      }
    CHECK(m[0] == WEEKS && m[1] == N && m[2] == 0);
    CHECK(m[3] == max_gap_of(run));
    CHECK(m[4] == 10);
    CHECK(m[5] >= 0);  /* 60 weeks hold a 52-week window */
    CHECK(m[6] >= 0 && m[6] <= N);
  }
  /* the same settings give the same picks and metrics; metrics alone need no picks buffer */
  SIM_OK(sim, opswheel_simulation_run(sim, again, picks_len, NULL, 0, NULL, 0));
  CHECK(memcmp(picks, again, picks_len * sizeof *picks) == 0);
  SIM_OK(sim, opswheel_simulation_run(sim, NULL, 0, metrics, METRICS, values_again, RUNS * METRICS));
  CHECK(memcmp(values, values_again, sizeof values) == 0);
  opswheel_simulation_free(sim);

  /* run 2 alone is run 2 of the batch */
  sim = make(policy, 2026, 2, 1);
  SIM_OK(sim, opswheel_simulation_run(sim, again, WEEKS * K, metrics, METRICS, values_again, METRICS));
  CHECK(memcmp(picks + 2 * WEEKS * K, again, WEEKS * K * sizeof *picks) == 0);
  CHECK(memcmp(values + 2 * METRICS, values_again, METRICS * sizeof *values) == 0);
  opswheel_simulation_free(sim);

  /* another seed, other picks (deterministic rotation excepted) */
  sim = make(policy, 2027, 0, 1);
  SIM_OK(sim, opswheel_simulation_run(sim, again, WEEKS * K, NULL, 0, NULL, 0));
  if (strcmp(policy, "rotation") != 0) CHECK(memcmp(picks, again, WEEKS * K * sizeof *picks) != 0);
  opswheel_simulation_free(sim);
  free(picks);
  free(again);
}

/* Under a change model: every pick is a serial below its run's team count (OPSWHEEL_METRIC_TEAMS),
 * k distinct a week; the same settings give the same buffers; teams join. */
static void check_churn(const char* policy) {
  static const opswheel_metric churn_metrics[] = {OPSWHEEL_METRIC_TEAMS, OPSWHEEL_METRIC_DUPLICATES,
                                                  OPSWHEEL_METRIC_DEAD_ENDS, OPSWHEEL_METRIC_WEEKS};
  enum { CHURN_METRICS = sizeof churn_metrics / sizeof churn_metrics[0] };
  static const double new_weights[] = {1, 2, 3, 4, 5};
  static uint32_t picks[RUNS * WEEKS * K], again[RUNS * WEEKS * K];
  double values[RUNS * CHURN_METRICS], values_again[RUNS * CHURN_METRICS];
  opswheel_simulation* sim = make(policy, 7, 0, RUNS);
  size_t r, t, a, b, grown = 0;

  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_JOIN_RATE, 0.2));
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_LEAVE_RATE, 0.2));
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_PAUSE_RATE, 0.3));
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_PAUSE_MIN, 1));
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_PAUSE_MAX, 4));
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_REWEIGHT_RATE, 0.2));
  SIM_OK(sim, opswheel_simulation_set_churn_weights(sim, new_weights, 5));
  SIM_OK(sim, opswheel_simulation_run(sim, picks, RUNS * WEEKS * K, churn_metrics, CHURN_METRICS, values,
                                      RUNS * CHURN_METRICS));
  for (r = 0; r < RUNS; ++r) {
    const uint32_t* run = picks + r * WEEKS * K;
    const double* m = values + r * CHURN_METRICS;
    CHECK(m[0] >= N && m[1] == 0 && m[2] >= 0 && m[3] == WEEKS);
    if (m[0] > N) ++grown;
    for (t = 0; t < WEEKS; ++t)
      for (a = 0; a < K; ++a) {
        CHECK(run[t * K + a] < m[0]);
        for (b = 0; b < a; ++b) CHECK(run[t * K + a] != run[t * K + b]);
      }
  }
  CHECK(grown > 0); /* 60 weeks at a join rate of 0.2 */
  SIM_OK(sim, opswheel_simulation_run(sim, again, RUNS * WEEKS * K, churn_metrics, CHURN_METRICS, values_again,
                                      RUNS * CHURN_METRICS));
  CHECK(memcmp(picks, again, sizeof picks) == 0);
  CHECK(memcmp(values, values_again, sizeof values) == 0);
  opswheel_simulation_free(sim);
}

/* A change model out of range is refused: the rates, the pause lengths and the weights when the
 * simulation runs or is sized, naming the setting and its value; what cannot be stored at once. */
static void check_bad_churn(void) {
  static const double zero_weight[] = {2, 0};
  opswheel_simulation* sim = make("lottery", 7, 0, 1);
  size_t picks = 0, runs = 0;

  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_JOIN_RATE, 1.5));
  CHECK_FAILS(opswheel_simulation_sizes(sim, &picks, &runs), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_simulation_last_error(sim), "join_rate is 1.5");
  CHECK_FAILS(opswheel_simulation_run(sim, NULL, 0, NULL, 0, NULL, 0), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_simulation_last_error(sim), "join_rate is 1.5");
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_JOIN_RATE, 0.1));
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_LEAVE_RATE, NAN));
  CHECK_FAILS(opswheel_simulation_sizes(sim, &picks, &runs), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_simulation_last_error(sim), "leave_rate is NaN");
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_LEAVE_RATE, 0));
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_PAUSE_MIN, 3));
  CHECK_FAILS(opswheel_simulation_sizes(sim, &picks, &runs), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_simulation_last_error(sim), "pause_max is 1, below pause_min 3");
  SIM_OK(sim, opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_PAUSE_MIN, 1));
  /* not a whole number of weeks: refused now, and the setting keeps its value */
  CHECK_FAILS(opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_PAUSE_MAX, 2.5), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_simulation_last_error(sim), "pause_max must be a whole number of weeks, not 2.5");
  CHECK_FAILS(opswheel_simulation_set_churn(sim, OPSWHEEL_CHURN_PAUSE_MIN, -1), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_simulation_last_error(sim), "pause_min");
  CHECK_FAILS(opswheel_simulation_set_churn(sim, (opswheel_churn_setting)99, 1), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_simulation_last_error(sim), "unknown churn setting 99");
  SIM_OK(sim, opswheel_simulation_sizes(sim, &picks, &runs));
  CHECK_STATUS(opswheel_simulation_set_churn(NULL, OPSWHEEL_CHURN_JOIN_RATE, 0), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK_FAILS(opswheel_simulation_set_churn_weights(sim, NULL, 2), OPSWHEEL_ERROR_NULL_ARGUMENT,
              opswheel_simulation_last_error(sim), "weights");
  SIM_OK(sim, opswheel_simulation_set_churn_weights(sim, zero_weight, 2));
  CHECK_FAILS(opswheel_simulation_sizes(sim, &picks, &runs), OPSWHEEL_ERROR_INVALID_ARGUMENT,
              opswheel_simulation_last_error(sim), "new_weights[1]");
  SIM_OK(sim, opswheel_simulation_set_churn_weights(sim, NULL, 0)); /* back to the weight 1 */
  SIM_OK(sim, opswheel_simulation_sizes(sim, &picks, &runs));
  opswheel_simulation_free(sim);
}

int main(void) {
  const char* const policies[] = {"aws", "lottery", "shuffle_bag", "rotation", "quota"};
  size_t i;
  for (i = 0; i < sizeof policies / sizeof policies[0]; ++i) check_policy(policies[i]);
  for (i = 0; i < sizeof policies / sizeof policies[0]; ++i) check_churn(policies[i]);
  check_bad_churn();
  return check_result();
}
