"""The event log, JSON files, undo, action items, the calendar and agendas, end to end and with
bad input; a property: from_json(to_json(w)) is w."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st

import opswheel as ow

D = datetime.date
WED = D(2026, 12, 2)  # a Wednesday: the default cadence's weekday


@pytest.fixture
def meeting() -> ow.Wheel:
    w = ow.Wheel("quota", seed=11)
    w.actor = "ops-lead"
    for i in range(10):
        w.add(f"team-{i}", 1.0 + i % 2)
    w.set_cadence("wednesday", datetime.time(10, 0), 120, "Europe/Berlin")
    w.accept(w.suggest(3), week=WED)
    return w


def test_events_record_every_change_with_actor_time_and_data(meeting):
    events = meeting.events()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].type == "created" and events[0].data["policy"] == "quota"
    assert [e.type for e in events[1:11]] == ["added"] * 10
    assert events[-1].type == "accepted" and events[-1].actor == "ops-lead"
    assert events[-1].data["meeting"]["picks"] == list(meeting.history()[-1].picks)
    assert events[-1].at.tzinfo == datetime.timezone.utc
    assert abs(events[-1].at - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=5)
    assert list(events.to_pandas().columns) == ["seq", "at", "actor", "type", "data"]


def test_actor_shows_in_pins_and_skips(meeting):
    meeting.actor = "alice"
    meeting.pin("team-3", "sev2 last week")
    s = meeting.suggest(3)
    s = meeting.skip(s, next(p for p in s.picks if p != "team-3"), "on call")
    m = meeting.accept(s, week=D(2026, 12, 9))
    assert m.pinned == (ow.Pin("team-3", "sev2 last week", "alice"),)
    assert m.skipped[0].actor == "alice" and m.delegated == ()
    with pytest.raises(TypeError):
        meeting.actor = 42  # type: ignore[assignment]
    assert meeting.actor == "alice"


def test_undo_takes_back_the_last_meeting(meeting):
    before = snapshot(meeting)
    stats = list(meeting.stats())
    s = meeting.suggest(3)
    m = meeting.accept(s, week=D(2026, 12, 9))
    assert meeting.can_undo
    assert meeting.undo("wrong week") == m
    assert not meeting.can_undo
    assert list(meeting.stats()) == stats and list(meeting.history()) == before[2]
    assert meeting.events()[-1].type == "undone" and meeting.events()[-1].data["reason"] == "wrong week"
    with pytest.raises(ow.InvalidArgumentError, match="only the last accepted meeting"):
        meeting.undo()


def test_to_json_from_json_round_trip(meeting):
    meeting.add_action("Fix alarms", "team-1", D(2026, 12, 10), targets=["team-2"])
    text = meeting.to_json("weekly-ops")
    doc = json.loads(text)
    assert doc["format"] == "opswheel/1" and doc["name"] == "weekly-ops"
    back = ow.Wheel.from_json(text)
    assert back.name == "weekly-ops" and back.to_json() == text
    assert back.actions() == meeting.actions() and list(back.stats()) == list(meeting.stats())
    # Replay determinism: both go on drawing the same picks.
    assert back.suggest(3).picks == meeting.suggest(3).picks
    assert ow.Wheel.from_json(meeting.to_json(indent=None).encode()).name == "wheel"


def test_from_json_refuses_bad_input(meeting):
    text = meeting.to_json("x")
    with pytest.raises(ow.CorruptDataError):
        ow.Wheel.from_json(text[: len(text) // 2])
    with pytest.raises(ow.CorruptDataError):
        ow.Wheel.from_json("[]")
    doc = json.loads(text)
    doc["format"] = "opswheel/9"
    with pytest.raises(ow.UnsupportedVersionError, match="newer"):
        ow.Wheel.from_json(json.dumps(doc))
    doc = json.loads(text)
    doc["events"][-1]["data"]["meeting"]["picks"][0] = "team-9" if doc["events"][-1]["data"]["meeting"]["picks"][0] != "team-9" else "team-8"
    with pytest.raises(ow.CorruptDataError, match="audit chain"):
        ow.Wheel.from_json(json.dumps(doc))
    with pytest.raises(TypeError):
        ow.Wheel.from_json(42)  # type: ignore[arg-type]


def test_calendar(meeting):
    cal = meeting.calendar
    assert (cal.weekday, cal.start, cal.duration, cal.time_zone) == ("wednesday", datetime.time(10), 120, "Europe/Berlin")
    assert cal.next_meeting(WED) == D(2026, 12, 9)
    assert cal.is_meeting(WED) and not cal.is_meeting(D(2026, 12, 3))
    cal.skip(D(2026, 12, 23), "holidays")
    cal.move(D(2026, 12, 30), D(2026, 12, 29), "new year's eve")
    assert cal.meetings(D(2026, 12, 1), D(2027, 1, 6)) == [D(2026, 12, 2), D(2026, 12, 9), D(2026, 12, 16),
                                                           D(2026, 12, 29), D(2027, 1, 6)]
    assert cal.skipped == [D(2026, 12, 23)] and cal.moves == {D(2026, 12, 30): D(2026, 12, 29)}
    cal.restore(D(2026, 12, 23))
    assert cal.is_meeting(D(2026, 12, 23))
    before = snapshot(meeting)
    with pytest.raises(ow.InvalidArgumentError, match="needs one"):
        cal.skip(D(2027, 1, 6), "")
    with pytest.raises(ow.InvalidArgumentError, match="no meeting on"):
        cal.skip(D(2027, 1, 7), "not a wednesday")
    with pytest.raises(TypeError):
        cal.next_meeting(None)  # type: ignore[arg-type]
    with pytest.raises(ow.InvalidArgumentError, match="cadence"):
        meeting.set_cadence("monday")  # action changes exist
    with pytest.raises(ow.InvalidArgumentError, match="weekday"):
        ow.Wheel("aws").set_cadence("someday")
    assert snapshot(meeting) == before


def test_action_items_lifecycle(meeting):
    item = meeting.add_action("Fix paging", "team-1", D(2026, 12, 10), priority="high",
                              ticket_url="https://tickets.example.com/1", targets=["team-2", "team-3"], review=True)
    assert item.id == "AI-1" and item.raised_at == WED and item.report_back == D(2026, 12, 16)
    assert item.review_team == "team-1" and item.progress == (0, 2)
    meeting.move_due("AI-1", D(2026, 12, 20), "vendor fix late")
    meeting.set_status("AI-1", "in_progress")
    meeting.complete_target("AI-1", "team-2", D(2026, 12, 12))
    meeting.comment("AI-1", "half the fleet done")
    a = meeting.action("AI-1")
    assert a.due == D(2026, 12, 20) and a.report_back == D(2026, 12, 23) and a.status == "in_progress"
    assert a.progress == (1, 2)
    assert [c.kind for c in a.history] == ["item_created", "due_moved", "status_changed", "target_completed",
                                           "comment_added"]
    assert a.history[1].reason == "vendor fix late" and a.history[1].actor == "ops-lead"
    assert a.history[1].data["due"] == "2026-12-20"
    with pytest.raises(ow.InvalidTransitionError, match="targets are not done"):
        meeting.set_status("AI-1", "done")
    meeting.complete_target("AI-1", "team-3", D(2026, 12, 13))
    meeting.set_status("AI-1", "done")
    with pytest.raises(ow.InvalidTransitionError):
        meeting.set_status("AI-1", "cancelled", "changed our mind")
    assert meeting.actions_with_status("done") == [meeting.action("AI-1")]
    assert meeting.actions_owned_by("team-1")[0].id == "AI-1" and meeting.actions_owned_by("team-2") == []
    assert set(meeting.actions().to_pandas().columns) >= {"id", "owner", "due", "report_back", "status"}


def test_board_queries(meeting):
    meeting.add_action("A", "team-1", D(2026, 12, 9))
    meeting.add_action("B", "team-2", D(2026, 12, 16))
    assert [e.id for e in meeting.due_for_report_back(D(2026, 12, 9))] == ["AI-1"]
    late = meeting.overdue(D(2027, 1, 6))
    assert [(e.id, e.missed) for e in late] == [("AI-1", 4), ("AI-2", 3)]
    assert all(e.escalated for e in meeting.escalated(D(2027, 1, 6)))
    counts = meeting.board_counts(D(2026, 12, 16))
    assert (counts.open, counts.due, counts.overdue) == (2, 1, 1)
    assert list(late.to_pandas()["id"]) == ["AI-1", "AI-2"]


def test_action_bad_input_changes_nothing(meeting):
    meeting.add_action("A", "team-1", D(2026, 12, 9))
    before = (snapshot(meeting), meeting.actions(), len(meeting.events()))
    with pytest.raises(ow.UnknownIdError):
        meeting.add_action("B", "nobody", D(2026, 12, 9))
    with pytest.raises(ow.UnknownIdError, match="action item"):
        meeting.move_due("AI-9", D(2026, 12, 30), "why")
    with pytest.raises(ow.InvalidArgumentError, match="reason"):
        meeting.move_due("AI-1", D(2026, 12, 30), "")
    with pytest.raises(ow.InvalidArgumentError, match="before"):
        meeting.add_action("B", "team-1", D(2026, 11, 1))
    with pytest.raises(ow.InvalidArgumentError, match="status"):
        meeting.set_status("AI-1", "finished")
    with pytest.raises(ow.InvalidArgumentError, match="priority"):
        meeting.add_action("B", "team-1", D(2026, 12, 9), priority="asap")
    with pytest.raises(ow.InvalidArgumentError, match="no meeting on"):
        meeting.add_action("B", "team-1", D(2026, 12, 9), raised_at=D(2026, 12, 3))
    with pytest.raises(ow.InvalidTransitionError, match="reason"):
        meeting.set_status("AI-1", "cancelled")
    with pytest.raises(TypeError):
        meeting.add_action("B", "team-1", "2026-12-09")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="raised_at"):
        ow.Wheel("aws").add_action("B", "x", D(2026, 12, 9))
    assert (snapshot(meeting), meeting.actions(), len(meeting.events())) == before


def test_agenda_exports(meeting):
    meeting.add_action("Fix | paging", "team-1", D(2026, 12, 9))
    s = meeting.suggest(3)
    agenda = meeting.agenda(D(2026, 12, 9), s, review=20)
    assert [r.team for r in agenda.reviews] == list(s.picks)
    assert [x.id for x in agenda.due] == ["AI-1"] and agenda.overdue == []
    assert agenda.sections[0].start == datetime.time(10, 0) and agenda.planned == sum(x.minutes for x in agenda.sections)
    assert agenda.reviews_that_fit == 4
    md = agenda.to_markdown("Weekly ops")
    assert md.startswith("# Weekly ops — 2026-12-09") and "Fix \\| paging" in md
    data = json.loads(agenda.to_json())
    assert data["date"] == "2026-12-09" and [r["team"] for r in data["reviews"]] == list(s.picks)
    ics = meeting.to_icalendar(D(2026, 12, 1), agendas=[agenda], calendar_id="weekly-ops",
                               stamp=datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc))
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and "BEGIN:VTODO" in ics and "UID:weekly-ops.meetings@opswheel" in ics
    assert "X-WR-TIMEZONE:Europe/Berlin" in ics and "DTSTAMP:20261201T000000Z" in ics
    with pytest.raises(ow.InvalidArgumentError, match="no meeting on"):
        meeting.agenda(D(2026, 12, 10), s)
    with pytest.raises(ow.UnknownIdError):
        meeting.agenda(D(2026, 12, 9), ["nobody"])
    with pytest.raises(ow.InvalidArgumentError, match="review slot"):
        meeting.agenda(D(2026, 12, 9), s, review=0)
    with pytest.raises(TypeError):
        meeting.to_icalendar(D(2026, 12, 1), stamp=datetime.datetime(2026, 12, 1))


operations = st.lists(st.tuples(st.sampled_from(["accept", "suggest", "pause", "resume", "weight", "undo", "k"]),
                                st.integers(0, 7)), max_size=25)


@given(policy=st.sampled_from(ow.POLICIES), seed=st.integers(0, 2**64 - 1), ops=operations)
def test_from_json_of_to_json_is_the_same_wheel(policy, seed, ops):
    w = ow.Wheel(policy, seed=seed)
    for i in range(8):
        w.add(f"t{i}", 1.0 + i % 3)
    k = 2
    for op, x in ops:
        team = f"t{x}"
        try:
            if op == "accept":
                w.accept(w.suggest(k))
            elif op == "suggest":
                w.suggest(k)
            elif op == "pause":
                w.pause(team)
            elif op == "resume":
                w.resume(team)
            elif op == "weight":
                w.set_weight(team, 1.0 + x)
            elif op == "undo" and w.can_undo:
                w.undo("test")
            elif op == "k":
                k = 1 + x % 3
        except ow.NotEnoughTeamsError:
            pass
    text = w.to_json("prop")
    back = ow.Wheel.from_json(text)
    assert back.to_json() == text
    assert list(back.stats()) == list(w.stats()) and list(back.history()) == list(w.history())
    eligible = sum(not t.paused for t in w.roster())
    if eligible >= k:
        assert back.suggest(k).picks == w.suggest(k).picks
