"""Python and C++ draw the same picks: the golden lists of tests/cpp/test_rng.cpp, read from that
file (so the values live in one place), must come out of the Python Wheel too."""

from __future__ import annotations

import re

from conftest import REPO

import opswheel as ow


def golden() -> dict:
    text = (REPO / "tests" / "cpp" / "test_rng.cpp").read_text()
    cases = {name: re.findall(r'"([^"]+)"', picks)
             for name, picks in re.findall(r'first_picks\("(\w+)"\) == V\{([^}]*)\}', text)}
    assert set(cases) == set(ow.POLICIES), "test_rng.cpp's golden picks should cover every policy"
    return cases


def first_picks(policy: str) -> list:
    # The same wheel as first_picks in test_rng.cpp: seed 20261202, 12 teams of weights 1, 2, 3, ...,
    # three weeks of three picks.
    w = ow.Wheel(policy, seed=20261202)
    for i in range(12):
        w.add(f"team-{i}", 1.0 + i % 3)
    picks = []
    for _ in range(3):
        s = w.suggest(3)
        picks.extend(s.picks)
        w.accept(s)
    return picks


def test_python_draws_the_cpp_golden_picks():
    for policy, expected in golden().items():
        assert first_picks(policy) == expected, policy
