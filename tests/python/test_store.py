"""Store from Python: create, open, commit, a stale commit (ConflictError with nothing lost),
verify, export/import, bad input."""

from __future__ import annotations

import datetime

import pytest

import opswheel as ow


@pytest.fixture
def store(tmp_path) -> ow.Store:
    return ow.Store(tmp_path / "ops.db", busy_timeout=datetime.timedelta(seconds=2))


def seeded(store: ow.Store) -> ow.Wheel:
    w = store.create("weekly-ops", "quota", seed=7, slack=1, actor="alice")
    for i in range(9):
        w.add(f"team-{i}")
    w.accept(w.suggest(3), week=datetime.date(2026, 12, 2))
    assert w.commit() > 10
    return w


def test_create_commit_open(store):
    w = seeded(store)
    assert store.wheels() == ["weekly-ops"] and "weekly-ops" in store and "other" not in store
    again = store.open("weekly-ops")
    assert again.name == "weekly-ops"
    assert list(again.history()) == list(w.history()) and list(again.stats()) == list(w.stats())
    v = store.verify("weekly-ops")
    assert v.ok and v.first_bad is None and v.problem == "" and v.events == len(w.events())
    assert again.suggest(3).picks == w.suggest(3).picks  # the same random stream
    assert w.commit() == 1  # the spin just made


def test_stale_commit_is_a_conflict_and_loses_nothing(store):
    seeded(store)
    a, b = store.open("weekly-ops"), store.open("weekly-ops")
    a.accept(a.suggest(3))
    assert a.commit() > 0
    b.pause("team-1")
    with pytest.raises(ow.ConflictError):
        b.commit()
    fresh = store.open("weekly-ops")
    assert list(fresh.history()) == list(a.history()) and not fresh["team-1"].paused
    assert store.verify("weekly-ops").ok


def test_export_import(store, tmp_path):
    seeded(store)
    text = store.export_json("weekly-ops")
    other = ow.Store(tmp_path / "copy.db")
    assert other.import_json(text, "copy") == "copy"
    assert list(other.open("copy").history()) == list(store.open("weekly-ops").history())
    assert ow.Wheel.from_json(text).name == "weekly-ops"
    with pytest.raises(ow.DuplicateIdError):
        other.import_json(text, "copy")
    with pytest.raises(ow.CorruptDataError):
        other.import_json(text[:100])
    assert other.wheels() == ["copy"]


def test_bad_input(store, tmp_path):
    seeded(store)
    with pytest.raises(ow.NotFoundError):
        store.open("nope")
    with pytest.raises(ow.DuplicateIdError):
        store.create("weekly-ops")
    with pytest.raises(ow.InvalidIdError):
        store.create("")
    with pytest.raises(ow.InvalidArgumentError):
        ow.Store(tmp_path / "x.db", busy_timeout=-1)
    with pytest.raises(ow.StorageError):
        ow.Store(tmp_path / "missing.db", create=False)
    not_a_store = tmp_path / "junk.db"
    not_a_store.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ow.Error):
        ow.Store(not_a_store)
    with pytest.raises(TypeError):
        ow.Wheel("aws").commit()
    with pytest.raises(TypeError):
        store.commit(ow.Wheel("aws"))
