"""Shared fixtures for the Python tests. The tests import the opswheel package from wherever it is
installed or staged (ctest sets PYTHONPATH to the dev build's staged package)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import opswheel as ow

REPO = Path(__file__).resolve().parents[2]

# Property tests explore the same examples on every run (derandomize) so CI is repeatable, keep no
# example database in the working tree, and have no deadline (Debug builds are slow).
# HYPOTHESIS_PROFILE=explore searches afresh each run.
settings.register_profile("repeatable", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", database=None, deadline=None, max_examples=500,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def snapshot(w: ow.Wheel) -> tuple:
    """Everything observable about a wheel's state, to check that a failing call changed nothing."""
    return (list(w.roster()), list(w.stats()), list(w.history()), w.pins, w.version, w.spins, len(w))


@pytest.fixture
def wheel() -> ow.Wheel:
    """A quota wheel of 12 teams with weights 1, 2, 3, 1, 2, 3, ..."""
    w = ow.Wheel("quota", seed=2026)
    for i in range(12):
        w.add(f"team-{i}", 1.0 + i % 3, name=f"Team {i}")
    return w
