"""Store from Python on PostgreSQL: opswheel.features names it, a URL opens a store in a schema of
this test's own, and a wheel created, spun, accepted and committed there opens again as it was and
verifies. Needs the test server (OPSWHEEL_TEST_POSTGRES, set by ctest's fixture ``postgres``):
without it the tests fail, never skip."""

from __future__ import annotations

import datetime
import os
import uuid

import pytest

import opswheel as ow


@pytest.fixture
def url() -> str:
    server = os.environ.get("OPSWHEEL_TEST_POSTGRES")
    assert server, "OPSWHEEL_TEST_POSTGRES is not set: this test needs the test server"
    return f"{server}&schema=py_{uuid.uuid4().hex[:16]}"


def test_features_name_the_backends():
    assert isinstance(ow.features, frozenset)
    assert {"sqlite", "postgresql"} <= ow.features


def test_a_wheel_round_trips_through_postgresql(url):
    store = ow.Store(url)
    w = store.create("weekly-ops", "quota", seed=7, slack=1, actor="alice")
    for i in range(9):
        w.add(f"team-{i}")
    s = w.suggest(3)
    w.accept(s, week=datetime.date(2026, 12, 2))
    assert w.commit() > 10
    again = ow.Store(url).open("weekly-ops")
    assert again.history()[-1].picks == s.picks
    assert again.to_json() == w.to_json()
    assert store.verify("weekly-ops").ok
    assert store.location == url and "postgresql" in repr(store)


def test_a_stale_commit_on_postgresql_conflicts_and_writes_nothing(url):
    a, b = ow.Store(url), ow.Store(url)
    w = a.create("ops", "aws", seed=1)
    w.add("x")
    w.add("y")
    w.commit()
    mine, theirs = a.open("ops"), b.open("ops")
    mine.accept(mine.suggest(1))
    mine.commit()
    # Not theirs.suggest(1): with the same seed, actor and time stamp it makes the very events mine
    # stored, and a copy that holds the stored head is up to date, not in conflict.
    theirs.pause("y")
    events = len(a.events("ops"))
    with pytest.raises(ow.ConflictError):
        theirs.commit(rebase=False)
    assert len(a.events("ops")) == events


def test_bad_schema_and_password_are_clear_errors(url):
    with pytest.raises(ow.InvalidArgumentError, match="schema"):
        ow.Store(url.rsplit("&schema=", 1)[0] + "&schema=it's")
    wrong = url.replace("user=postgres", "user=opswheel_password&password=not-this-one")
    with pytest.raises(ow.StorageError) as caught:
        ow.Store(wrong)
    assert "not-this-one" not in str(caught.value)
