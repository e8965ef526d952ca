"""simulate() under a change model (opswheel.Churn): the changes as a Table, the per-run team
counts and joiners' ids, padded arrays, bad values refused naming them, and properties over any
change model: each week's picks are k distinct teams in the draw, never a paused or departed
team, and a run's recorded changes replay on a Wheel to the same picks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import opswheel as ow

CHURN = ow.Churn(join=0.15, leave=0.15, pause=0.2, pause_weeks=(1, 4), reweight=0.15, weights=[1, 2, 3, 4, 5])
WEIGHTS = [1.0 + i % 3 for i in range(12)]


def churned(policy: str = "lottery", churn: ow.Churn = CHURN, **changes) -> ow.SimulationResult:
    args = dict(weights=WEIGHTS, k=3, weeks=150, runs=3, seed=11, chance_weeks=5, churn=churn)
    args.update(changes)
    return ow.simulate(policy, **args)


def replay(r: ow.SimulationResult, run: int, weights) -> list:
    """Run ``run`` redrawn on a Wheel as docs/python.md says: seed + run, the starting teams in
    order, then each week that run's changes of the week and accept(suggest(k))."""
    w = ow.Wheel(r.policy, seed=int(r.seeds[run]))
    for team, weight in zip(r.ids, weights):
        w.add(team, weight)
    changes = [c for c in r.changes if c.run == run]
    weeks, at = [], 0
    for t in range(1, r.weeks + 1):
        while at < len(changes) and changes[at].week == t:
            c = changes[at]
            if c.kind == "join":
                w.add(c.team, c.weight)
            elif c.kind == "leave":
                w.remove(c.team)
            elif c.kind == "pause":
                w.pause(c.team)
            elif c.kind == "resume":
                w.resume(c.team)
            else:
                w.set_weight(c.team, c.weight)
            at += 1
        s = w.suggest(r.k)
        weeks.append(list(s.picks))
        w.accept(s)
    assert at == len(changes)
    return weeks


def roster_by_week(r: ow.SimulationResult, run: int, starting: int) -> list:
    """The teams in each week's draw, rebuilt from the Change records alone."""
    on, paused, out = set(range(starting)), set(), []
    changes = [c for c in r.changes if c.run == run]
    at = 0
    for t in range(1, r.weeks + 1):
        while at < len(changes) and changes[at].week == t:
            c = changes[at]
            if c.kind == "join":
                on.add(c.serial)
            elif c.kind == "leave":
                on.discard(c.serial)
                paused.discard(c.serial)
            elif c.kind == "pause":
                paused.add(c.serial)
            elif c.kind == "resume":
                paused.discard(c.serial)
            at += 1
        out.append(on - paused)
    return out


def test_the_changes_the_team_counts_and_the_joiners_ids():
    r = churned()
    assert r.teams.shape == (3,) and (r.teams >= len(WEIGHTS)).all()
    assert len(r.ids) == r.teams.max() and r.ids[:12] == [f"team-{i}" for i in range(12)]
    assert r.ids[12:] == [f"join-{s}" for s in range(12, len(r.ids))]
    assert r.picks.max() < len(r.ids) and r.chances.shape == (3, 5, len(r.ids))
    df = r.changes.to_pandas()
    assert list(df.columns) == ["run", "week", "kind", "team", "serial", "weight", "weeks"]
    assert set(df["kind"]) == {"join", "leave", "pause", "resume", "reweight"}
    for c in r.changes:
        assert r.ids[c.serial] == c.team and 1 <= c.week <= 150
        assert (c.weight is not None) == (c.kind in ("join", "reweight"))
        assert (c.weeks is not None) == (c.kind == "pause")
        if c.weight is not None:
            assert c.weight in (1, 2, 3, 4, 5)
        if c.weeks is not None:
            assert 1 <= c.weeks <= 4
    for run in range(3):
        joined = [c.serial for c in r.changes if c.run == run and c.kind == "join"]
        assert joined == list(range(12, r.teams[run]))  # serials in the order of joining
        assert r.run_metrics[run].teams == r.teams[run]


def test_arrays_are_padded_past_a_runs_teams():
    r = churned()
    for run in range(3):
        n = r.teams[run]
        assert np.isnan(r.chances[run, :, n:]).all()  # no such team in this run
        assert np.isnan(r.weights(run)[:, n:]).all() and not r.eligible(run)[:, n:].any()
        assert (r.turns(run)[:, n:] == 0).all()
        draw = r.eligible(run)
        for j, week in enumerate(r.chance_weeks[run]):  # a chance exactly for the teams in the draw
            assert (np.isnan(r.chances[run, j]) == ~draw[week - 1]).all()


def test_expected_gaps_and_the_metrics_agree_under_churn():
    r = churned("quota")
    for run, m in enumerate(r.run_metrics):
        turns, expected, draw = r.turns(run), r.expected(run), r.eligible(run)
        assert np.allclose(expected[1:].sum(axis=1), 3 * np.arange(1, 151))  # k = 3 expected turns a week
        # Deviation is measured over the weeks a team was present; the padded and departed
        # columns stay within it too.
        assert np.abs(turns - expected).max() <= m.max_deviation + 1e-9
        gaps = r.gaps(run)
        assert m.max_gap == max(g.max() for g in gaps if g.size)
        assert [g.sum() for g in gaps] == list(draw.sum(axis=0))  # gaps add up to the weeks in the draw
        assert m.mean_gap == pytest.approx(draw.sum() / sum(len(g) for g in gaps))


def test_a_fixed_roster_is_unchanged_by_an_idle_model():
    plain = ow.simulate("shuffle_bag", WEIGHTS, k=3, weeks=80, runs=2, seed=4)
    idle = ow.simulate("shuffle_bag", WEIGHTS, k=3, weeks=80, runs=2, seed=4,
                       churn=ow.Churn(pause_weeks=(2, 9), weights=[7]))
    assert np.array_equal(plain.picks, idle.picks) and plain.metrics == idle.metrics
    assert len(idle.changes) == 0 and list(idle.teams) == [12, 12] and idle.ids == plain.ids
    assert np.array_equal(idle.expected(1), np.outer(np.arange(81), idle.shares))


@pytest.mark.parametrize(("churn", "message"), [
    (ow.Churn(join=1.5), "join_rate is 1.5"),
    (ow.Churn(leave=-0.1), "leave_rate is -0.1"),
    (ow.Churn(pause=math.nan), "pause_rate is NaN"),
    (ow.Churn(reweight=math.inf), "reweight_rate is inf"),
    (ow.Churn(pause=0.1, pause_weeks=(0, 2)), "pause_min is 0"),
    (ow.Churn(pause=0.1, pause_weeks=(3, 2)), "pause_max is 2, below pause_min 3"),
    (ow.Churn(join=0.1, weights=[1, 0]), "new_weights[1]"),
])
def test_a_bad_change_model_is_refused_naming_the_value(churn, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        churned(churn=churn)


def test_bad_churn_arguments_are_refused_in_python():
    with pytest.raises(ValueError, match="pause_weeks must be"):
        ow.Churn(pause_weeks=(1, 2, 3))
    with pytest.raises(ValueError, match="pause_weeks"):
        ow.Churn(pause_weeks=-1)
    with pytest.raises(TypeError, match="churn must be an opswheel.Churn"):
        churned(churn={"join": 0.1})
    with pytest.raises(ValueError, match="'join-12' is a joining team's"):
        ow.simulate("lottery", {f"join-{i + 12}": 1.0 for i in range(3)}, k=1, weeks=5, churn=ow.Churn(join=0.5))
    assert ow.Churn(pause_weeks=3).pause_weeks == (3, 3)


def test_normalised_gap_histograms_need_a_fixed_roster():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    with pytest.raises(ValueError, match="needs? a fixed roster"):
        ow.plot.gap_histogram([churned()], normalised=True)


# ---- properties over any change model ------------------------------------------------------------

rates = st.sampled_from([0.0, 0.05, 0.2, 0.5, 1.0])
models = st.builds(
    ow.Churn, join=rates, leave=rates, pause=rates,
    pause_weeks=st.tuples(st.integers(1, 3), st.integers(0, 3)).map(lambda p: (p[0], p[0] + p[1])),
    reweight=rates, weights=st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.0]), min_size=1, max_size=3))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ow.POLICIES), models, st.integers(2, 8), st.integers(1, 4), st.integers(0, 2**64 - 1))
def test_any_change_model_picks_k_teams_in_the_draw_and_replays_on_a_wheel(policy, churn, teams, k, seed):
    k = min(k, teams)
    weights = [1.0 + i % 2 for i in range(teams)]
    r = ow.simulate(policy, weights, k=k, weeks=40, runs=2, seed=seed, chance_weeks=0, churn=churn)
    for run in range(2):
        draw = roster_by_week(r, run, teams)
        for t, week in enumerate(r.picks[run]):
            assert len(set(week.tolist())) == k, "a team twice in a week"
            assert set(week.tolist()) <= draw[t], "a paused or departed team picked"
            assert len(draw[t]) >= k
        assert replay(r, run, weights) == [[r.ids[p] for p in week] for week in r.picks[run]]
        assert r.run_metrics[run].duplicates == 0


def test_one_policy_replays_through_the_wheel_in_python():
    r = churned("quota", runs=2, chance_weeks=0)
    assert len(r.changes) > 0
    for run in range(2):
        assert replay(r, run, WEIGHTS) == [[r.ids[p] for p in week] for week in r.picks[run]]
