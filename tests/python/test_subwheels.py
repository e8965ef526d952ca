"""Sub-wheels from Python: a participant that stands for another wheel of the same Store, the
weight such a participant gets, Store.accept_with_subwheels (picks recorded in both wheels, one
transaction, all or nothing) and Store.events (the chained log). A sub-wheel cannot be stale: the
store spins it at its latest committed state inside the transaction; the wheel in hand can be."""

from __future__ import annotations

import datetime

import pytest

import opswheel as ow

WED = datetime.date(2026, 12, 2)


@pytest.fixture
def store(tmp_path) -> ow.Store:
    return ow.Store(tmp_path / "ops.db")


@pytest.fixture
def org(store) -> ow.Wheel:
    """Wheel "org": two plain teams and "storage", which stands for wheel "storage" (4 teams, one paused)."""
    storage = store.create("storage", "quota", seed=3)
    for i in range(4):
        storage.add(f"s{i}")
    storage.pause("s3")
    storage.commit()
    org = store.create("org", "quota", seed=9, actor="ops-lead")
    org.add("ec2")
    org.add("iam")
    org.add("storage", store.subwheel_weight("storage"), subwheel="storage")
    org.commit()
    return org


def stored(store: ow.Store) -> dict:
    """Every wheel's stored events, to check that a failing call wrote nothing."""
    return {name: list(store.events(name)) for name in store.wheels()}


def test_subwheel_weight_and_the_team_record(store, org):
    assert store.subwheel_weight("storage") == 3.0  # active teams only
    assert org["storage"].subwheel == "storage" and org["storage"].weight == 3.0 and org["ec2"].subwheel == ""
    store.create("empty").commit()
    assert store.subwheel_weight("empty") == 1.0  # at least 1
    with pytest.raises(ow.NotFoundError, match="nope"):
        store.subwheel_weight("nope")
    with pytest.raises(ow.InvalidIdError, match="'bad' stands for a wheel"):
        org.add("bad", subwheel="two words\n")
    assert "bad" not in org


def test_accept_with_subwheels_records_picks_in_both(store, org):
    s = org.suggest(3)  # every team, the sub-wheel's participant included
    m = store.accept_with_subwheels(org, s, WED)
    assert isinstance(m, ow.Meeting) and m.picks == s.picks and m.date == WED
    (d,) = m.delegated
    assert d.id == "storage" and d.wheel == "storage" and len(d.picks) == 1 and d.picks[0] in {"s0", "s1", "s2"}
    # The wheel in hand and both stored wheels moved on; the sub-wheel's meeting has the same date and actor.
    assert org.history()[-1] == m and store.open("org").history()[-1] == m
    sub = store.open("storage")
    assert [x.picks for x in sub.history()] == [d.picks] and sub.history()[-1].date == WED
    assert store.events("storage")[-1].actor == "ops-lead"
    assert [e.type for e in store.events("org")][-2:] == ["accepted", "delegated"]
    assert store.verify("org").ok and store.verify("storage").ok
    assert org.commit() == 0  # accept_with_subwheels already committed it
    assert not org.can_undo  # the other wheel moved on too


def test_accept_with_subwheels_without_a_subwheel_pick_is_a_plain_accept(store, org):
    before = list(store.events("storage"))
    org.pause("storage")
    m = store.accept_with_subwheels(org, org.suggest(2))
    assert m.picks == ("ec2", "iam") and m.delegated == () and m.date is None
    assert list(store.events("storage")) == before and store.open("org").history()[-1] == m


def test_a_subwheel_changed_by_another_writer_is_spun_at_its_latest_state(store, org):
    other = store.open("storage")
    other.pause("s0")
    other.pause("s1")
    other.commit()  # now only s2 is eligible there
    m = store.accept_with_subwheels(org, org.suggest(3), WED)
    assert m.delegated[0].picks == ("s2",)
    assert store.open("storage")["s0"].paused  # the other writer's change is kept


def test_a_stale_wheel_is_a_conflict_and_nothing_is_written(store, org):
    elsewhere = store.open("org")
    elsewhere.pin("iam", "sev2")
    elsewhere.commit()
    s = org.suggest(3)
    before, mine = stored(store), org.to_json()
    with pytest.raises(ow.ConflictError):
        store.accept_with_subwheels(org, s, WED)
    assert stored(store) == before  # neither org nor storage got the meeting
    assert org.to_json() == mine and org.history() == [] and store.open("storage").history() == []


def test_accept_with_subwheels_bad_input_writes_nothing(store, org):
    def refused(wheel, suggestion, error, match, **kwargs):
        """accept_with_subwheels raises and changes neither ``wheel`` nor the store."""
        state, written = wheel.to_json(), stored(store)
        with pytest.raises(error, match=match):
            store.accept_with_subwheels(wheel, suggestion, WED, **kwargs)
        assert wheel.to_json() == state and stored(store) == written

    # A sub-wheel the store does not have.
    lost = ow.Wheel.from_json(org.to_json())
    lost.add("ghost", subwheel="nowhere")
    refused(lost, lost.suggest(4), ow.NotFoundError, "nowhere", name="org")
    # A participant standing for the wheel itself.
    selfish = ow.Wheel.from_json(org.to_json())
    selfish.add("me", subwheel="org")
    refused(selfish, selfish.suggest(4), ow.InvalidArgumentError, "cannot be its own sub-wheel", name="org")
    # Stale suggestions, and ones from another wheel.
    stale = org.suggest(2)
    org.pin("ec2", "sev1")
    refused(org, stale, ow.StaleSuggestionError, "stale suggestion: it was drawn at wheel version")
    refused(org, selfish.suggest(2), ow.StaleSuggestionError, "another wheel")
    org.unpin("ec2")
    # Wrong types.
    refused(org, "ec2", TypeError, "expected a Suggestion")
    fresh = org.suggest(2)
    written = stored(store)
    with pytest.raises(TypeError, match="takes a Wheel"):
        store.accept_with_subwheels("org", fresh, WED)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="week must be a datetime.date"):
        store.accept_with_subwheels(org, fresh, datetime.datetime(2026, 12, 2, 10))  # type: ignore[arg-type]
    nameless = ow.Wheel("quota")
    nameless.add("x")
    with pytest.raises(TypeError, match="this wheel has no name"):
        store.accept_with_subwheels(nameless, nameless.suggest(1))
    assert stored(store) == written and org.history() == []


def test_a_subwheel_with_no_eligible_team_sends_no_one(store, org):
    """The meeting is accepted all the same; the pick has no delegation (it used to refuse the
    whole accept with NotEnoughTeamsError)."""
    blocked = store.open("storage")
    for i in range(3):
        blocked.pause(f"s{i}")
    blocked.commit()
    m = store.accept_with_subwheels(org, org.suggest(3), WED)
    assert "storage" in m.picks and list(m.delegated) == []
    assert store.open("storage").history() == []


def test_store_events_are_the_chained_log(store, org):
    events = store.events("org")
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(isinstance(e, ow.ChainedEvent) and isinstance(e, ow.Event) for e in events)
    assert all(b.prev == a.hash for a, b in zip(events, events[1:]))
    assert len({e.hash for e in events}) == len(events)
    assert [e.type for e in events] == [e.type for e in org.events()]
    assert store.events("org", from_seq=3) == events[2:] and store.events("org", len(events) + 1) == []
    assert list(events.to_pandas().columns) == ["seq", "at", "actor", "type", "data", "prev", "hash"]
    with pytest.raises(ow.NotFoundError):
        store.events("nope")
    with pytest.raises(ow.InvalidArgumentError, match="from_seq"):
        store.events("org", -1)
    with pytest.raises(TypeError, match="from_seq"):
        store.events("org", "3")  # type: ignore[arg-type]
