"""simulate(): numpy arrays of the right shape, reproducible runs, metrics that match the picks,
and the GIL released while the C++ core works."""

from __future__ import annotations

import dataclasses
import math
import threading

import numpy as np
import pytest

import opswheel as ow
from opswheel import _core

WEIGHTS = [1.0 + i % 3 for i in range(20)]


def small(policy: str, **changes) -> ow.SimulationResult:
    args = dict(weights=WEIGHTS, k=3, weeks=120, runs=3, seed=7, chance_weeks=2)
    args.update(changes)
    return ow.simulate(policy, **args)


@pytest.mark.parametrize("policy", ow.POLICIES)
def test_arrays_shapes_and_no_duplicates(policy):
    r = small(policy)
    assert r.picks.shape == (3, 120, 3) and r.picks.dtype == np.uint32
    assert r.seeds.shape == (3,) and r.seeds.dtype == np.uint64
    assert r.shares.shape == (20,) and r.shares.sum() == pytest.approx(3)
    assert r.chance_weeks.shape == (3, 2) and r.chances.shape == (3, 2, 20)
    assert r.ids == [f"team-{i}" for i in range(20)] and r.runs == 3
    assert (r.picks < 20).all()
    rows = np.sort(r.picks, axis=2)
    assert (np.diff(rows, axis=2) > 0).all(), "a team twice in one week"
    assert r.metrics.duplicates == 0
    assert ((r.chances >= 0) & (r.chances <= 1)).all()
    assert np.allclose(r.chances.sum(axis=2), 3, rtol=0.05)  # estimated chances (aws, quota) sum to k too
    assert ((1 <= r.chance_weeks) & (r.chance_weeks <= 120)).all()


@pytest.mark.parametrize("policy", ow.POLICIES)
def test_same_seed_same_picks_and_runs_stand_alone(policy):
    a, b = small(policy), small(policy)
    assert np.array_equal(a.picks, b.picks) and a.metrics == b.metrics
    assert not np.array_equal(a.picks, small(policy, seed=8).picks) or policy == "rotation"
    one = small(policy, runs=1, first_run=2)
    assert np.array_equal(one.picks[0], a.picks[2]) and one.seeds[0] == a.seeds[2]
    assert one.run_metrics[0] == a.run_metrics[2]


def _replayed(r: ow.SimulationResult, run: int, policy: str) -> list:
    """Run ``run`` of ``r`` redrawn on a Wheel seeded with seed + run, as docs/python.md says."""
    w = ow.Wheel(policy, seed=int(r.seeds[run]))
    for team, weight in zip(r.ids, WEIGHTS):
        w.add(team, weight)
    weeks = []
    for _ in range(r.weeks):
        s = w.suggest(r.k)
        weeks.append(list(s.picks))
        w.accept(s)
    return weeks


def test_run_r_draws_from_seed_plus_r_and_replays_on_a_wheel():
    r = small("quota", seed=2**64 - 2, chance_weeks=0)
    assert [int(s) for s in r.seeds] == [2**64 - 2, 2**64 - 1, 0]  # seed + r, mod 2**64
    for run in range(r.runs):
        assert _replayed(r, run, "quota") == [[r.ids[p] for p in week] for week in r.picks[run]]


def test_ids_from_a_mapping_and_picks_index_them():
    weights = {"ec2": 3.0, "s3": 1.0, "iam": 1.0, "sqs": 1.0}
    r = ow.simulate("lottery", weights, k=2, weeks=50, seed=3)
    assert r.ids == ["ec2", "s3", "iam", "sqs"]
    assert r.shares == pytest.approx([1.0, 1 / 3, 1 / 3, 1 / 3])
    names = np.asarray(r.ids)[r.picks[0]]
    assert (names == "ec2").all(axis=1).sum() == 0 and (names == "ec2").any(axis=1).all()  # share 1: every week
    explicit = ow.simulate("lottery", list(weights.values()), k=2, weeks=50, seed=3, ids=list(weights))
    assert np.array_equal(explicit.picks, r.picks)


def test_numpy_weights_are_accepted():
    r = ow.simulate("shuffle_bag", np.arange(1, 11), k=2, weeks=30)
    assert r.shares.sum() == pytest.approx(2)


def test_metrics_agree_with_the_picks():
    r = small("quota", weeks=300)
    assert [f.name for f in dataclasses.fields(ow.Metrics)] == list(_core_metric_names())
    for run, m in enumerate(r.run_metrics):
        turns = r.turns(run)
        assert turns.shape == (301, 20) and (turns[0] == 0).all()
        assert np.array_equal(turns[-1], np.bincount(r.picks[run].ravel(), minlength=20))
        weeks = np.arange(301)[:, None]
        assert m.max_deviation == pytest.approx(np.abs(turns - weeks * r.shares).max())
        gaps = r.gaps(run)
        assert all(g.sum() == 300 for g in gaps)  # every team's gaps cover the horizon
        assert m.max_gap == max(g.max() for g in gaps)
        assert m.mean_gap == pytest.approx(20 * 300 / sum(len(g) for g in gaps))
    for field in dataclasses.fields(ow.Metrics):
        values = [getattr(m, field.name) for m in r.run_metrics]
        assert getattr(r.metrics, field.name) == pytest.approx(np.mean(values), nan_ok=True)
    pooled = r.gaps()
    assert [len(g) for g in pooled] == [sum(len(r.gaps(run)[t]) for run in range(3)) for t in range(20)]
    df = r.run_metrics.to_pandas()
    assert df.shape == (3, 13) and (df["duplicates"] == 0).all()
    assert (df["dead_ends"] == 0).all()  # quota keeps its bound here


def _core_metric_names():
    r = _core.simulate("lottery", np.ones(2), 1, 1, 1, 0, 2, 0.5, 2.8, 0, 0, ow.Churn()._core_model(), None)
    return r["mean"].keys()


def test_no_chances_means_nan_chance_metrics():
    r = small("lottery", chance_weeks=0)
    assert r.chances.shape == (3, 0, 20)
    assert math.isnan(r.metrics.entropy) and math.isnan(r.metrics.certainty)
    assert math.isnan(r.metrics.win52) is False  # 120 weeks hold a 52-week window
    assert math.isnan(small("lottery", weeks=51).metrics.win52)


def test_rotation_is_exactly_fair():
    r = ow.simulate("rotation", [1.0] * 10, k=1, weeks=100)
    assert r.metrics.max_gap == 10 and r.metrics.max_deviation < 1
    assert r.metrics.certainty == 1.0  # it is fully predictable


def test_progress_reports_weeks_done():
    reports = []
    ow.simulate("lottery", [1.0] * 10, k=2, weeks=3000, runs=2, progress=lambda d, t: reports.append((d, t)))
    assert reports == [(1024, 6000), (2048, 6000), (3000, 6000), (4024, 6000), (5048, 6000), (6000, 6000)]


def test_the_gil_is_released_while_simulating():
    # The progress callback is a builtin (dict.__setitem__), so no Python bytecode runs in the
    # simulating thread and it could not hand the GIL over if it held it. The main thread then
    # sees the reports arrive one by one only if the GIL is free while the core works; holding
    # it, the main thread would run only after the simulation, seeing all reports at once.
    reports: dict = {}
    worker = threading.Thread(target=ow.simulate, args=("lottery", np.ones(100), 7, 2048, 60),
                              kwargs={"chance_weeks": 0, "progress": reports.__setitem__})
    seen = set()
    worker.start()
    while worker.is_alive():
        seen.add(len(reports))
    worker.join()
    assert len(reports) == 120
    assert any(0 < n < 120 for n in seen), f"the main thread saw only {sorted(seen)} reports"
