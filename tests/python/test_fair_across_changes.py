"""Fair across roster changes: quota and rotation hold every team to the share it accumulated over
the weeks it was eligible (``stats().expected``), through adds, removes, pauses, weight changes,
pins and skips. A team's debt (pins and skips past its bound, being paid back) widens its bound by
as much: ``|deviation| < slack + 1 + |debt|``.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import opswheel as ow

changes = st.lists(st.one_of(
    st.tuples(st.just("add"), st.sampled_from([1.0, 2.0, 3.0, 1 / 3, 0.7])),
    st.tuples(st.just("remove"), st.integers(0, 63)),
    st.tuples(st.just("pause"), st.integers(0, 63)),
    st.tuples(st.just("resume"), st.integers(0, 63)),
    st.tuples(st.just("set_weight"), st.integers(0, 63), st.sampled_from([1.0, 2.0, 3.0, 1 / 3, 0.7])),
    st.tuples(st.just("pin"), st.integers(0, 63)),
    st.tuples(st.just("skip"), st.integers(0, 63)),
    st.tuples(st.just("week")),
), min_size=1, max_size=80)


def bound(policy: str, slack: int) -> float:
    return (slack if policy == "quota" else 0) + 1


def apply(w: ow.Wheel, change: tuple, k: int, serial: list) -> None:
    """One change, valid by construction: at least k + 1 teams stay eligible."""
    name, *args = change
    ids = [t.id for t in w.roster()]
    eligible = [t.id for t in w.roster() if not t.paused]
    pinned = {p.id for p in w.pins}
    if name == "add":
        serial[0] += 1
        w.add(f"n{serial[0]}", args[0])
    elif name == "set_weight":
        w.set_weight(ids[args[0] % len(ids)], args[1])
    elif name == "resume":
        w.resume(ids[args[0] % len(ids)])
    elif name in ("remove", "pause") and len(eligible) > k + 1:
        candidates = [i for i in (ids if name == "remove" else eligible) if i not in pinned]
        if candidates:
            getattr(w, name)(candidates[args[0] % len(candidates)])
    elif name == "pin" and len(pinned) < k - 1:
        free = [i for i in eligible if i not in pinned]
        w.pin(free[args[0] % len(free)], "property test")
    elif name in ("skip", "week"):
        s = w.suggest(k)
        if name == "skip" and len(eligible) > k:
            s = w.skip(s, s.picks[args[0] % k], "away")
        w.accept(s)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([("quota", 1), ("quota", 2), ("rotation", 0)]), st.integers(0, 2**64 - 1),
       st.integers(4, 10), st.integers(1, 3), changes)
def test_every_team_stays_within_its_bound_across_changes(config, seed, teams, k, script):
    policy, slack = config
    k = min(k, teams - 2)
    w = ow.Wheel(policy, seed=seed, slack=slack)
    for i in range(teams):
        w.add(f"t{i}", 1 + i % 3)
    serial = [0]
    for change in script:
        apply(w, change, k, serial)
        for s in w.stats():
            assert abs(s.deviation) < bound(policy, slack) + abs(s.debt) + 1e-9, (s, change)


def test_a_weight_set_to_its_value_records_nothing():
    w = ow.Wheel("quota", seed=1)
    for i in range(5):
        w.add(f"t{i}", 2.0)
    w.accept(w.suggest(2))
    events, version = len(w.events()), w.version
    w.set_weight("t1", 2.0)
    assert (len(w.events()), w.version) == (events, version)
    w.set_weight("t1", 3.0)
    assert len(w.events()) == events + 1


def test_pins_show_as_debt_and_are_paid_back():
    w = ow.Wheel("quota", seed=3)
    for i in range(20):
        w.add(f"t{i}")
    for _ in range(10):
        w.pin("t0", "incident follow-up")
        w.accept(w.suggest(4))
    debt = w.stats()[0].debt
    assert debt > 4
    for _ in range(200):
        w.accept(w.suggest(4))
        s = w.stats()[0]
        assert abs(s.deviation) < 3 + abs(s.debt) + 1e-9
        assert s.debt <= debt
        debt = s.debt
    assert debt == 0
