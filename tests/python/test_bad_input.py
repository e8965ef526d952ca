"""Every bad-input path raises a clear Python exception carrying the core's message, never crashes
the interpreter, and leaves the wheel unchanged."""

from __future__ import annotations

import datetime
import math

import numpy as np
import pytest
from conftest import snapshot

import opswheel as ow

D = datetime.date


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"policy": "roulette"}, ValueError, "unknown policy 'roulette': choose one of aws"),
    ({"policy": 3}, TypeError, "incompatible (function|constructor) arguments"),
    ({"seed": -1}, ValueError, "seed must be an integer from 0 to 18446744073709551615, not -1"),
    ({"seed": 2**64}, ValueError, "seed must be"),
    ({"seed": 1.5}, TypeError, "seed must be an integer, not float"),
    ({"seed": True}, TypeError, "seed must be an integer, not bool"),
    ({"slack": -1}, ValueError, "slack must be an integer from 0 to 4294967295"),
    ({"lean": math.nan}, ValueError, "invalid quota lean NaN"),
    ({"lean": -0.5}, ValueError, "invalid quota lean -0.5"),
    ({"gap_target": 1.0}, ValueError, "invalid quota gap target 1"),
    ({"gap_target": "2"}, TypeError, "incompatible (function|constructor) arguments"),
])
def test_bad_wheel_settings(kwargs, error, message):
    with pytest.raises(error, match=message):
        ow.Wheel(**{"policy": "quota", **kwargs})


def test_error_classes_and_bases():
    assert issubclass(ow.InvalidArgumentError, ValueError) and issubclass(ow.InvalidArgumentError, ow.Error)
    assert issubclass(ow.InvalidIdError, ow.InvalidArgumentError)
    assert issubclass(ow.DuplicateIdError, ow.InvalidArgumentError)
    assert issubclass(ow.UnknownIdError, KeyError) and issubclass(ow.UnknownIdError, ow.Error)
    assert issubclass(ow.NotEnoughTeamsError, ValueError)
    assert not issubclass(ow.StaleSuggestionError, ValueError)
    # A KeyError normally shows its argument quoted; ours is a sentence.
    assert str(ow.UnknownIdError("unknown id: 'x' is not on the roster")) == "unknown id: 'x' is not on the roster"


ADD_CASES = [
    (("",), {}, ow.InvalidIdError, "invalid id: the id is empty"),
    (("x" * 257,), {}, ow.InvalidIdError, "is 257 bytes long; the limit is 256"),
    (("é" * 129,), {}, ow.InvalidIdError, "is 258 bytes long"),
    (("a\nb",), {}, ow.InvalidIdError, "contains a control character"),
    (("team-1",), {}, ow.DuplicateIdError, "duplicate id: 'team-1' is already on the roster"),
    (("new", math.nan), {}, ValueError, "invalid weight NaN for 'new': a weight must be from 1e-06 to 1e[+]06"),
    (("new", math.inf), {}, ValueError, "invalid weight inf"),
    (("new", -math.inf), {}, ValueError, "invalid weight -inf"),
    (("new", 0.0), {}, ValueError, "invalid weight 0"),
    (("new", -1), {}, ValueError, "invalid weight -1"),
    (("new",), {"url": "ftp://x"}, ValueError, "only http:// and https:// links are accepted"),
    (("new",), {"url": "https://"}, ValueError, "the host is missing"),
    (("new",), {"url": "https://a b"}, ValueError, "white space or control character"),
    ((5,), {}, TypeError, "incompatible (function|constructor) arguments"),
    (("new", "heavy"), {}, TypeError, "incompatible (function|constructor) arguments"),
    (("new",), {"tags": [1]}, TypeError, "incompatible (function|constructor) arguments"),
    (("new",), {"name": None}, TypeError, "incompatible (function|constructor) arguments"),
]


@pytest.mark.parametrize(("args", "kwargs", "error", "message"), ADD_CASES)
def test_bad_add(wheel, args, kwargs, error, message):
    before = snapshot(wheel)
    with pytest.raises(error, match=message):
        wheel.add(*args, **kwargs)
    assert snapshot(wheel) == before


def _calls(w):
    """(call, expected error, message) for every other Wheel method with bad input."""
    s = w.suggest(3)
    return [
        (lambda: w.remove("ghost"), ow.UnknownIdError, "unknown id: 'ghost' is not on the roster"),
        (lambda: w["ghost"], KeyError, "ghost"),
        (lambda: w.pause("ghost"), KeyError, "ghost"),
        (lambda: w.pause("team-1", until=datetime.datetime(2027, 1, 1)), TypeError,
         "until must be a datetime.date, not datetime"),
        (lambda: w.pause("team-1", until="2027-01-01"), TypeError, "until must be a datetime.date, not str"),
        (lambda: w.pause("team-0"), ValueError, "'team-0' is pinned; unpin it before pausing it"),
        (lambda: w.resume("ghost"), KeyError, "ghost"),
        (lambda: w.resume_due(None), TypeError, "date must be a datetime.date"),
        (lambda: w.set_weight("ghost", 1), KeyError, "ghost"),
        (lambda: w.set_weight("team-1", math.nan), ValueError, "invalid weight NaN for 'team-1'"),
        (lambda: w.set_weight("team-1", 0), ValueError, "invalid weight 0"),
        (lambda: w.pin("ghost"), KeyError, "ghost"),
        (lambda: w.pin("team-11"), ValueError, "'team-11' is paused and cannot be pinned"),
        (lambda: w.pin("team-0"), ValueError, "'team-0' is already pinned"),
        (lambda: w.unpin("team-1"), ValueError, "'team-1' is not pinned"),
        (lambda: w.unpin("ghost"), KeyError, "ghost"),
        (lambda: w.suggest(0), ValueError, "1 teams are pinned but only 0 picks were asked for"),
        (lambda: w.suggest(-1), ValueError, "k must be an integer from 0"),
        (lambda: w.suggest(2**70), ValueError, "k must be an integer from 0"),
        (lambda: w.suggest(2.0), TypeError, "k must be an integer, not float"),
        (lambda: w.suggest("7"), TypeError, "k must be an integer, not str"),
        (lambda: w.suggest(12), ow.NotEnoughTeamsError, r"cannot pick 12 teams: only 11 are eligible \(1 paused"),
        (lambda: w.skip(s, "team-9x"), ValueError, "it is not among the suggestion's picks"),
        (lambda: w.skip(s.picks, s.picks[0]), TypeError, "expected a Suggestion, not tuple"),
        (lambda: w.accept([]), ValueError, "a meeting needs at least one team presenting"),
        (lambda: w.accept(["team-1", "team-1"]), ValueError, "'team-1' is listed twice"),
        (lambda: w.accept(["team-1", "ghost"]), KeyError, "ghost"),
        (lambda: w.accept(["team-11"]), ValueError, "'team-11' is paused; resume it before recording it"),
        (lambda: w.accept("team-1"), TypeError, "not one id string"),
        (lambda: w.accept([1, 2]), TypeError, "incompatible (function|constructor) arguments"),
        (lambda: w.accept(None), TypeError, "not iterable"),
        (lambda: w.accept(["team-1"], week=D(2026, 11, 30)), ValueError,
         "meeting date 2026-11-30 is before the last meeting's \\(2026-12-02\\)"),
        (lambda: w.accept(["team-1"], week=datetime.datetime(2026, 12, 9)), TypeError, "week must be a datetime.date"),
        (lambda: w.accept(["team-1"], week="2026-12-09"), TypeError, "week must be a datetime.date, not str"),
        (lambda: w.probabilities(0), ValueError, "k must be at least 1"),
        (lambda: w.probabilities(-2), ValueError, "k must be an integer from 0"),
        (lambda: w.probabilities(12), ow.NotEnoughTeamsError, "cannot pick 12 teams"),
    ]


def test_every_bad_call_raises_and_changes_nothing(wheel):
    wheel.accept(["team-3"], week=D(2026, 12, 2))
    wheel.pause("team-11")
    wheel.pin("team-0")
    before = None
    for call, error, message in _calls(wheel):
        before = before or snapshot(wheel)
        with pytest.raises(error, match=message):
            call()
        assert snapshot(wheel) == before


def test_more_pins_than_picks(wheel):
    wheel.pin("team-0")
    wheel.pin("team-1")
    with pytest.raises(ValueError, match="2 teams are pinned but only 1 picks were asked for"):
        wheel.suggest(1)


def test_nobody_left_to_skip_to():
    w = ow.Wheel("lottery")
    w.add("a")
    w.add("b")
    s = w.suggest(2)
    with pytest.raises(ow.NotEnoughTeamsError):
        w.skip(s, "a")


def test_empty_wheel():
    w = ow.Wheel("aws")
    with pytest.raises(ow.NotEnoughTeamsError, match="only 0 are eligible"):
        w.suggest(1)
    with pytest.raises(ow.NotEnoughTeamsError):
        w.probabilities(1)
    assert "no active teams" in w._repr_html_()


def test_stale_after_skip_and_accept(wheel):
    s = wheel.suggest(3)
    wheel.accept(s)
    with pytest.raises(ow.StaleSuggestionError):
        wheel.skip(s, s.picks[0])
    with pytest.raises(ow.StaleSuggestionError):
        wheel.accept(s)


SIMULATE_CASES = [
    (dict(policy="roulette"), ValueError, "unknown policy 'roulette'"),
    (dict(weights=[]), ValueError, "a simulation needs at least one team weight"),
    (dict(weights=[1, math.nan]), ValueError, r"invalid weight NaN for 'weights\[1\]'"),
    (dict(weights=[1, -2]), ValueError, r"invalid weight -2 for 'weights\[1\]'"),
    (dict(weights=[[1, 2], [3, 4]]), ValueError, r"weights must be one-dimensional, not of shape \(2, 2\)"),
    (dict(weights=["a", "b"]), ValueError, "could not convert"),
    (dict(weights={"a": 1, "b": 2}, ids=["x", "y"]), ValueError, "not both"),
    (dict(ids=["a"]), ValueError, "1 ids for 4 weights"),
    (dict(ids=["a", "a", "b", "c"]), ValueError, "ids must be distinct"),
    (dict(k=0), ValueError, "k must be at least 1"),
    (dict(k=-1), ValueError, "k must be an integer from 0"),
    (dict(k=5), ow.NotEnoughTeamsError, "cannot pick 5 distinct teams a week from 4"),
    (dict(weeks=0), ValueError, "a simulation needs weeks >= 1"),
    (dict(runs=0), ValueError, "a simulation needs runs >= 1"),
    (dict(runs=1.0), TypeError, "runs must be an integer, not float"),
    (dict(seed=-5), ValueError, "seed must be"),
    (dict(chance_weeks=-1), ValueError, "chance_weeks must be"),
    (dict(weeks=2**62, k=4), ValueError, "weeks × k × runs is too large"),
    (dict(policy="quota", gap_target=0.5), ValueError, "invalid quota gap target 0.5"),
    (dict(progress=3), TypeError, "progress must be a callable"),
]


@pytest.mark.parametrize(("changes", "error", "message"), SIMULATE_CASES)
def test_bad_simulate(changes, error, message):
    args = dict(policy="lottery", weights=[1, 2, 3, 4], k=2, weeks=10, runs=1, seed=0)
    args.update(changes)
    with pytest.raises(error, match=message):
        ow.simulate(**args)


def test_a_failing_progress_callback_stops_the_simulation():
    calls = []

    def progress(done, total):
        calls.append(done)
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        ow.simulate("lottery", [1.0] * 10, k=2, weeks=5000, runs=3, progress=progress)
    assert calls == [1024]  # the first report, and nothing after it


def test_bad_result_queries():
    r = ow.simulate("lottery", [1.0] * 5, k=2, weeks=10, runs=2)
    with pytest.raises(ValueError, match="run must be an integer from 0 to 1, not 2"):
        r.turns(2)
    with pytest.raises(ValueError, match="run must be"):
        r.gaps(-1)
    from opswheel import _core
    with pytest.raises(ValueError, match="pick 7 is not a team index"):
        _core.gaps(np.array([[7]], dtype=np.uint32), 5, None)
    with pytest.raises(ValueError, match="picks must be a weeks × k array"):
        _core.gaps(np.zeros(3, dtype=np.uint32), 5, None)
    with pytest.raises(ValueError, match="eligible must be a weeks × teams array"):
        _core.gaps(np.zeros((2, 1), dtype=np.uint32), 5, np.ones((2, 4), dtype=bool))
    with pytest.raises(ValueError, match="pick 1 in week 2 was not in the draw"):
        _core.gaps(np.array([[0], [1]], dtype=np.uint32), 2, np.array([[True, True], [True, False]]))
