"""Property tests: random sequences of wheel operations (valid and invalid) keep the invariants.

- a spin never picks a team twice, never a paused team, and puts the pinned teams first;
- a failing operation raises an opswheel error (or TypeError) and changes nothing;
- the same seed and operations give the same picks, run after run;
- paused teams have chance 0 and the chances of k picks sum to k.
"""

from __future__ import annotations

import math

from conftest import snapshot
from hypothesis import event, given, settings
from hypothesis import strategies as st

import opswheel as ow

IDS = [f"t{i}" for i in range(7)] + ["ghost"]
ids = st.sampled_from(IDS)
weights = st.one_of(st.floats(0.25, 8.0), st.sampled_from([math.nan, math.inf, 0.0, -1.0]))
operations = st.lists(st.one_of(
    st.tuples(st.just("add"), ids, weights),
    st.tuples(st.just("remove"), ids),
    st.tuples(st.just("pause"), ids),
    st.tuples(st.just("resume"), ids),
    st.tuples(st.just("set_weight"), ids, weights),
    st.tuples(st.just("pin"), ids),
    st.tuples(st.just("unpin"), ids),
    st.tuples(st.just("reset")),
    st.tuples(st.just("spin"), st.integers(-1, 5)),
    st.tuples(st.just("spin_skip"), st.integers(1, 5), st.integers(0, 4)),
    st.tuples(st.just("explicit"), st.lists(ids, max_size=4)),
    st.tuples(st.just("chances"), st.integers(1, 4)),
), max_size=40)


def check_suggestion(w: ow.Wheel, s: ow.Suggestion, k: int) -> None:
    assert len(s.picks) == k
    assert len(set(s.picks)) == k, "a team twice in one spin"
    for pick in s.picks:
        assert not w[pick].paused, "a paused team was picked"
    pinned = [p.id for p in w.pins]
    assert list(s.picks[: len(pinned)]) == pinned and s.pinned == w.pins


def call(w: ow.Wheel, method: str, *args: object) -> object:
    """One Wheel call; when it fails, it must have changed nothing."""
    before = snapshot(w)
    try:
        return getattr(w, method)(*args)
    except (ow.Error, TypeError):
        assert snapshot(w) == before, f"{method}{args} failed but changed the wheel"
        raise


def apply(w: ow.Wheel, op: tuple) -> object:
    """Runs one operation (one or a few calls), checking the invariants; returns what it observed."""
    name, *args = op
    if name in ("add", "remove", "pause", "resume", "set_weight", "unpin", "reset"):
        return call(w, name, *args)
    if name == "pin":
        return call(w, "pin", args[0], "property test")
    if name == "explicit":
        return call(w, "accept", args[0])
    if name == "spin":
        s = call(w, "suggest", args[0])
        check_suggestion(w, s, args[0])
        return call(w, "accept", s)
    if name == "spin_skip":
        k, j = args
        s = call(w, "suggest", k)
        check_suggestion(w, s, k)
        out = s.picks[j % k]
        s2 = call(w, "skip", s, out)
        assert out not in s2.picks and len(set(s2.picks)) == k
        assert all(not w[p].paused for p in s2.picks)
        return call(w, "accept", s2)
    assert name == "chances"
    p = call(w, "probabilities", args[0])
    for team in w.roster():
        if team.paused:
            assert p[team.id] == 0.0
    assert math.isclose(sum(p.values()), args[0], rel_tol=1e-9)
    return dict(p)


def run(policy: str, seed: int, teams: int, ops: list) -> list:
    w = ow.Wheel(policy, seed=seed)
    for i in range(teams):
        w.add(IDS[i], 1 + i % 3)
    log = []
    for op in ops:
        try:
            log.append(("ok", apply(w, op)))
            event(f"{op[0]}: done")
        except (ow.Error, TypeError) as e:
            log.append((type(e).__name__, str(e)))
            event(f"{op[0]}: {type(e).__name__}")
    log.append(("end", snapshot(w)))
    return log


@settings(max_examples=300)
@given(st.sampled_from(ow.POLICIES), st.integers(0, 2**64 - 1), st.integers(0, 7), operations)
def test_random_operations_keep_the_invariants_and_repeat(policy, seed, teams, ops):
    assert run(policy, seed, teams, ops) == run(policy, seed, teams, ops)


@given(st.sampled_from(ow.POLICIES), st.integers(0, 2**64 - 1), st.integers(2, 12), st.integers(1, 12))
def test_same_seed_same_picks_and_copies_continue_alike(policy, seed, n, weeks):
    k = max(1, n // 3)

    def spins(w, count):
        out = []
        for _ in range(count):
            s = w.suggest(k)
            out.append(s.picks)
            w.accept(s)
        return out

    a, b = ow.Wheel(policy, seed=seed), ow.Wheel(policy, seed=seed)
    for w in (a, b):
        for i in range(n):
            w.add(f"t{i}", 1 + i % 3)
    assert spins(a, weeks) == spins(b, weeks)
    c = a.copy()
    assert spins(a, 3) == spins(c, 3)
