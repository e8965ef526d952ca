# SPDX-License-Identifier: Apache-2.0
"""Issue 16's defects, through the Python bindings: each bad input raises the documented exception
naming the value, and the wheel is left as it was."""
from __future__ import annotations

import datetime

import pytest
from conftest import snapshot

import opswheel as ow

D = datetime.date
WED = D(2026, 12, 2)  # a Wednesday: the default cadence's weekday


# ---- 1. a due date with no meeting to report back at ------------------------------------------

def test_add_action_without_a_report_back_meeting_changes_nothing(wheel):
    before = (snapshot(wheel), len(wheel.events()))
    for _ in range(2):
        with pytest.raises(ValueError, match=r"due date 9999-12-31 .*before the year 10000"):
            wheel.add_action("Late", "team-1", D(9999, 12, 31), raised_at=WED)
    assert (snapshot(wheel), len(wheel.events())) == before
    assert list(wheel.actions()) == []


# ---- 2. slack ------------------------------------------------------------------------------------

@pytest.mark.parametrize("policy", ow.POLICIES)
def test_a_slack_past_the_limit_is_refused_for_every_policy(policy, tmp_path):
    with pytest.raises(ValueError, match="invalid quota slack 101: it must be at most 100"):
        ow.Wheel(policy, slack=101)
    store = ow.Store(tmp_path / "ops.db")
    with pytest.raises(ValueError, match="slack 1000001"):
        store.create("w", policy, slack=1_000_001)
    assert store.wheels() == []
    assert ow.Wheel(policy, slack=100).to_json()


# ---- 3. weights ---------------------------------------------------------------------------------

@pytest.mark.parametrize("weight", [1e308, 1e6 * 1.5, 1e-7])
def test_weights_out_of_range_are_refused(wheel, weight):
    before = snapshot(wheel)
    with pytest.raises(ValueError, match="a weight must be from 1e-06 to 1e[+]06"):
        wheel.add("heavy", weight)
    with pytest.raises(ValueError, match="a weight must be from"):
        wheel.set_weight("team-1", weight)
    assert snapshot(wheel) == before


@pytest.mark.parametrize("policy", ["quota", "shuffle_bag"])
def test_the_extreme_weights_spin(policy):
    w = ow.Wheel(policy, seed=4)
    w.add("a", 1e6)
    w.add("b", 1e6)
    w.add("c", 1e-6)
    for week in range(3):
        w.accept(w.suggest(2), week=WED + datetime.timedelta(days=7 * week))
    assert len(w.history()) == 3


# ---- 5. a JSON number that overflows -----------------------------------------------------------

def test_a_json_number_that_overflows_is_corrupt_data(wheel):
    text = wheel.to_json(indent=None)
    assert '"weight":2.0' in text
    with pytest.raises(ow.CorruptDataError, match="1e400"):
        ow.Wheel.from_json(text.replace('"weight":2.0', '"weight":1e400', 1))


# ---- 6 and 7. text -------------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "message"), [
    ({"name": "Red \x1b[31m team"}, r"invalid name .*control character"),
    ({"name": "n" * 257}, r"invalid name .*the limit is 256"),
    ({"tags": ["bell\x07"]}, r"invalid tag"),
    ({"url": "https://dash.example.com/" + "u" * 2048}, r"invalid url .*the limit is 2048"),
    ({"name": "\x00"}, r"invalid name"),
])
def test_control_characters_and_long_text_are_refused(wheel, kwargs, message):
    before = snapshot(wheel)
    with pytest.raises(ValueError, match=message):
        wheel.add("new-team", **kwargs)
    assert snapshot(wheel) == before


def test_actor_and_reasons_refuse_control_characters(wheel):
    with pytest.raises(ValueError, match="invalid actor"):
        wheel.actor = "al\x1bice"
    with pytest.raises(ValueError, match="invalid reason"):
        wheel.pin("team-1", "sev2\x07")
    assert not wheel.pins


# ---- 4. a spin and an action item written meanwhile ----------------------------------------

def test_python_commits_rebase_as_the_cpp_store_does(tmp_path):
    """Store.commit from Python rebases as C++ Store::commit(name, Wheel&) does (docs/persistence.md):
    a spin and an accept committed after an action item written meanwhile no longer conflict. The
    suggestion drawn before is still accepted after the rebase; a record returned before keeps
    the log it came from."""
    store = ow.Store(tmp_path / "ops.db")
    w = store.create("ops", "quota", seed=3)
    for i in range(5):
        w.add(f"team-{i}")
    w.commit()
    spinner = store.open("ops")
    writer = store.open("ops")
    first = spinner.suggest(2)
    meeting = spinner.accept(first, week=WED)  # a lazy record, not read yet
    later = spinner.suggest(2)
    writer.add_action("Fix alarms", "team-1", WED + datetime.timedelta(days=14), raised_at=WED)
    writer.commit()
    assert spinner.commit() == 3  # the spin, the accept, the next spin, after the writer's item
    assert spinner.events()[-4].type == "action_changed" and len(spinner.actions()) == 1
    assert meeting.number == 1 and list(meeting.picks) == list(first.picks)
    assert later != first
    spinner.accept(later, week=WED + datetime.timedelta(days=7))
    assert spinner.commit() == 1
    stored = store.open("ops")
    assert [list(m.picks) for m in stored.history()] == [list(first.picks), list(later.picks)]
    assert len(stored.actions()) == 1 and store.verify("ops").ok


def test_a_strict_python_commit_still_conflicts_and_writes_nothing(tmp_path):
    store = ow.Store(tmp_path / "ops.db")
    w = store.create("ops", "quota", seed=3)
    for i in range(5):
        w.add(f"team-{i}")
    w.commit()
    spinner, writer = store.open("ops"), store.open("ops")
    s = spinner.suggest(2)
    writer.add_action("Fix alarms", "team-1", WED + datetime.timedelta(days=14), raised_at=WED)
    writer.commit()
    events = len(store.events("ops"))
    with pytest.raises(ow.ConflictError):
        spinner.commit(rebase=False)
    assert len(store.events("ops")) == events
    spinner.accept(s, week=WED)  # the suggestion still belongs to its own copy
    # Both changing the rotation conflicts, rebase or not.
    writer = store.open("ops")
    writer.pause("team-2")
    writer.commit()
    with pytest.raises(ow.ConflictError):
        spinner.commit()
    assert len(store.events("ops")) == events + 1 and store.verify("ops").ok


# ---- 8. sub-wheels -----------------------------------------------------------------------------

def test_subwheels_must_exist_and_spin_for_explicit_picks(tmp_path):
    store = ow.Store(tmp_path / "ops.db")
    w = store.create("ops", "quota", seed=3)
    w.add("org", subwheel="nonexistent")
    with pytest.raises(ow.NotFoundError, match="'nonexistent'"):
        w.commit()
    sub = store.create("sub", "quota", seed=1)
    sub.add("x")
    sub.commit()
    w = store.open("ops")
    w.add("org", subwheel="sub")
    w.add("plain")
    w.commit()
    m = store.accept_with_subwheels(w, ["org", "plain"], WED)
    assert [d.wheel for d in m.delegated] == ["sub"]
    sub = store.open("sub")
    sub.pause("x")
    sub.commit()
    m = store.accept_with_subwheels(w, ["org"], WED + datetime.timedelta(days=7))
    assert list(m.picks) == ["org"] and list(m.delegated) == []


# ---- the limits, stated once --------------------------------------------------------------------

def test_the_limits_doc_is_generated_from_the_header():
    import subprocess
    import sys

    from conftest import REPO
    r = subprocess.run([sys.executable, str(REPO / "scripts" / "generate-limits-doc"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "| `max_slack` | 100 |" in (REPO / "docs" / "limits.md").read_text()


# ---- the store and CLI hardening of 0.2.0: the head hash, the JSON import's keys ------------------

def test_verify_gives_the_head_hash(tmp_path):
    store = ow.Store(tmp_path / "ops.db")
    w = store.create("ops", "aws", seed=1)
    w.add("a")
    w.commit()
    v = store.verify("ops")
    assert v.ok and v.head_hash == store.events("ops")[-1].hash and len(v.head_hash) == 64


@pytest.mark.parametrize(("edit", "says"), [
    (lambda doc: doc.replace('{"events"', '{"name":"x","events"', 1), r'at the top: the key "name" appears twice'),
    (lambda doc: doc.replace('"roster":[{', '"roster":[{"team":"x",', 1), r'at roster\[0\]: unknown key "team"'),
])
def test_a_wheel_document_with_a_duplicate_or_unknown_key_is_refused(tmp_path, edit, says):
    w = ow.Wheel("aws", seed=1)
    w.add("a")
    text = edit(w.to_json("ops", indent=None))
    with pytest.raises(ow.InvalidArgumentError, match=says):
        ow.Wheel.from_json(text)
    store = ow.Store(tmp_path / "ops.db")
    with pytest.raises(ow.InvalidArgumentError, match=says):
        store.import_json(text)
    assert store.wheels() == []
