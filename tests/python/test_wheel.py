"""The Wheel API end to end: roster, the weekly flow, pins and skips, probabilities, tables."""

from __future__ import annotations

import copy
import datetime

import pytest
from conftest import snapshot

import opswheel as ow

D = datetime.date


def test_policies_are_the_cores():
    assert ow.POLICIES == ("aws", "lottery", "shuffle_bag", "rotation", "quota")
    for name in ow.POLICIES:
        assert ow.Wheel(name).policy == name


def test_accept_returns_a_meeting_filled_on_first_read():
    def spun():
        w = ow.Wheel("aws", seed=2)
        for i in range(5):
            w.add(f"t{i}")
        w.pin("t3", "sev2 last week")
        s = w.suggest(2)
        return w, w.skip(s, next(p for p in s.picks if p != "t3"), "on call")

    fields = list(ow.Meeting.__dataclass_fields__)
    for read_first in fields:  # whichever field is read first, every field is right
        w, s = spun()
        m = w.accept(s, week=D(2026, 12, 2))
        getattr(m, read_first)
        assert all(getattr(m, f) == getattr(w.history()[-1], f) for f in fields)
    w, s = spun()
    m = w.accept(s)
    eager = w.history()[-1]
    assert m.pinned[0].id == "t3" and m.skipped[0].reason == "on call" and m.delegated == ()
    for copier in (copy.copy, copy.deepcopy):
        lazy_copy = copier(w.accept(w.suggest(1)))
        assert lazy_copy == w.history()[-1] and "_fill" not in vars(lazy_copy)
    assert repr(m) == repr(eager) and hash(m) == hash(eager)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        m.nope
    with pytest.raises(AttributeError):
        s.picks = ("t0",)  # a suggestion is read-only


def test_suggestions_and_meetings_read_late_are_as_they_were_drawn_and_accepted():
    # A Suggestion and the Meeting accept returns are read from the wheel's log when first asked
    # for: what happens to the wheel in between (more spins, an undo, new meetings) shows in
    # neither. The twin reads everything at once; the other wheel reads after all of it.
    def run(read_at_once):
        w = ow.Wheel("lottery", seed=5)
        for i in range(8):
            w.add(f"t{i}")
        s = w.suggest(3)
        s2 = w.skip(s, s.picks[0], "away")
        m = w.accept(s2, week=D(2026, 12, 2))
        seen = [s.picks, s.skipped, s.position, s2.picks, s2.skipped, s2.position, m.picks, m.number] \
            if read_at_once else None
        w.undo("wrong week")
        for _ in range(3):
            w.accept(w.suggest(3))
        return seen or [s.picks, s.skipped, s.position, s2.picks, s2.skipped, s2.position, m.picks, m.number]

    at_once, late = run(True), run(False)
    assert late == at_once
    assert late[0] != late[3] and late[6] == late[3] and late[7] == 1


def test_roster_add_remove_pause_resume_set_weight():
    w = ow.Wheel("lottery", seed=1)
    w.add("ec2-api", 2.0, name="EC2 API", url="https://dash.example.com/ec2", tags=["compute", "tier-1"])
    w.add("s3")
    w.add("iam", 3)
    assert len(w) == 3 and "s3" in w and "nope" not in w and 5 not in w
    ec2 = w["ec2-api"]
    assert ec2 == ow.Team("ec2-api", "EC2 API", "EC2 API", "https://dash.example.com/ec2", 2.0,
                          ("compute", "tier-1"), False, None)
    assert w["s3"].display_name == "s3"  # no name: the id

    w.pause("s3", until=D(2027, 1, 6))
    assert w["s3"].paused and w["s3"].paused_until == D(2027, 1, 6)
    assert w.resume_due(D(2027, 1, 5)) == []
    assert w.resume_due(D(2027, 1, 6)) == ["s3"]
    assert not w["s3"].paused and w["s3"].paused_until is None
    w.pause("s3")
    w.resume("s3")
    w.resume("s3")  # resuming an active team changes nothing
    assert not w["s3"].paused

    w.set_weight("iam", 0.5)
    assert w["iam"].weight == 0.5
    w.remove("iam")
    assert [t.id for t in w.roster()] == ["ec2-api", "s3"]


def test_weekly_flow_records_meetings_and_stats():
    w = ow.Wheel("rotation", seed=3)
    for i in range(6):
        w.add(f"t{i}")
    v0 = w.version
    position = w.stream_position
    s = w.suggest(2)
    assert w.version == v0 and w.spins == 1  # a spin changes no state
    assert len(s.picks) == 2 and len(set(s.picks)) == 2
    assert s.position == position and w.stream_position >= position  # where the spin's draw began
    m = w.accept(s, week=D(2026, 12, 2))
    assert m == ow.Meeting(1, D(2026, 12, 2), s.picks, (), (), s.position, ())
    m2 = w.accept(["t0", "t5"])  # explicit picks: no spin, no date
    assert m2.number == 2 and m2.picks == ("t0", "t5") and m2.position is None and m2.date is None
    assert list(w.history()) == [m, m2]

    stats = {st.id: st for st in w.stats()}
    assert sum(st.turns for st in stats.values()) == 4
    assert stats["t0"].last_meeting == 2 and stats["t0"].last_date is None
    for st in stats.values():
        assert st.deviation == pytest.approx(st.turns - st.expected)
        assert st.expected == pytest.approx(2 * 2 / 6)


def test_suggestions_are_reproducible_from_the_seed():
    def picks(seed):
        w = ow.Wheel("aws", seed=seed)
        for i in range(20):
            w.add(f"t{i}", 1 + i % 4)
        out = []
        for _ in range(5):
            s = w.suggest(4)
            out.append(s.picks)
            w.accept(s)
        return out

    assert picks(11) == picks(11)
    assert picks(11) != picks(12)


def test_stale_suggestion_and_foreign_suggestion(wheel):
    s = wheel.suggest(3)
    other = wheel.copy()
    with pytest.raises(ow.StaleSuggestionError, match="another wheel"):
        other.accept(s)
    wheel.set_weight("team-0", 5)
    with pytest.raises(ow.StaleSuggestionError, match="suggest again"):
        wheel.accept(s)
    with pytest.raises(ow.StaleSuggestionError):
        s.probabilities  # not read before the change: gone


def test_pins_lead_the_suggestion_and_show_in_the_record(wheel):
    wheel.pin("team-5", "big event last week")
    assert wheel.pins == (ow.Pin("team-5", "big event last week"),)
    s = wheel.suggest(3)
    assert s.picks[0] == "team-5" and s.pinned == (ow.Pin("team-5", "big event last week"),)
    m = wheel.accept(s)
    assert m.pinned == s.pinned
    assert wheel.pins == ()  # honoured, so gone
    wheel.pin("team-1")
    wheel.unpin("team-1")
    assert wheel.pins == ()


def test_skip_replaces_one_team_and_is_recorded(wheel):
    s = wheel.suggest(4)
    out = s.picks[1]
    s2 = wheel.skip(s, out, "on call elsewhere")
    assert len(s2.picks) == 4 and out not in s2.picks
    assert [p for p in s2.picks if p in s.picks] == [p for p in s.picks if p != out]  # the others keep their order
    (skip,) = s2.skipped
    assert skip.id == out and skip.reason == "on call elsewhere" and skip.replacement in s2.picks
    m = wheel.accept(s2, week=D(2026, 12, 9))
    assert m.skipped == s2.skipped and m.picks == s2.picks


def test_probabilities_exact_and_estimated(wheel):
    lottery = ow.Wheel("lottery")
    for i, weight in enumerate([1, 1, 2, 4]):
        lottery.add(f"t{i}", weight)
    lottery.pause("t0")
    p = lottery.probabilities(2)
    assert p.exact and p.samples == 0 and p.k == 2
    assert p == pytest.approx({"t0": 0.0, "t1": 1 / 3, "t2": 2 / 3, "t3": 1.0})  # t3 capped at 1, rest rescaled
    assert sum(p.values()) == pytest.approx(2)

    q = wheel.probabilities(3)  # quota: estimated from seeded draws, the same each time
    assert not q.exact and q.samples > 0
    assert q == wheel.probabilities(3)
    assert sum(q.values()) == pytest.approx(3)

    s = wheel.suggest(3)
    assert s.probabilities == q  # the spin's k, at the state it was drawn from
    wheel.accept(s)
    assert s.probabilities == q  # read before the change: kept


def test_default_probabilities_are_for_one_pick():
    w = ow.Wheel("aws")
    w.add("a")
    w.add("b", 3)
    assert w.probabilities() == pytest.approx({"a": 0.25, "b": 0.75})


def test_reset_keeps_history(wheel):
    wheel.accept(wheel.suggest(3))
    before = wheel.history()
    wheel.reset()
    assert wheel.history() == before


def test_copies_are_independent(wheel):
    a = wheel.copy()
    b = copy.deepcopy(wheel)
    c = copy.copy(wheel)
    sa = a.suggest(3)
    assert b.suggest(3).picks == sa.picks == c.suggest(3).picks  # same state, same stream
    a.accept(sa)
    assert len(a.history()) == 1 and len(wheel.history()) == 0 and len(b.history()) == 0


def test_tables_are_lists_with_to_pandas(wheel):
    wheel.accept(wheel.suggest(3), week=D(2026, 12, 2))
    stats = wheel.stats()
    assert isinstance(stats, list) and len(stats) == 12 and stats.record is ow.TeamStats
    df = stats.to_pandas()
    assert list(df.columns) == ["id", "turns", "last_meeting", "last_date", "current_gap", "longest_gap",
                                "expected", "deviation", "debt"]
    assert df["turns"].sum() == 3 and list(df["id"]) == [s.id for s in stats]
    history = wheel.history().to_pandas()
    assert history.loc[0, "date"] == D(2026, 12, 2) and len(history.loc[0, "picks"]) == 3
    empty = ow.Wheel("aws").history().to_pandas()
    assert len(empty) == 0 and "picks" in empty.columns
    assert wheel.roster().to_pandas().shape == (12, 9)  # the 8 fields and subwheel


def test_repr_names_the_state(wheel):
    wheel.pause("team-2")
    assert repr(wheel) == "<opswheel.Wheel policy='quota' seed=2026 teams=12 paused=1 meetings=0>"
    s = wheel.suggest(2)
    assert repr(s).startswith(f"Suggestion(picks={list(s.picks)!r}")


def test_failed_calls_change_nothing(wheel):
    before = snapshot(wheel)
    for bad in (lambda: wheel.add("team-1"), lambda: wheel.set_weight("team-1", -1.0),
                lambda: wheel.suggest(13), lambda: wheel.accept(["team-1", "team-1"]),
                lambda: wheel.remove("ghost"), lambda: wheel.pin("ghost")):
        with pytest.raises(ow.Error):
            bad()
        assert snapshot(wheel) == before


def test_agenda_defaults_to_who_presents():
    w = ow.Wheel("rotation", seed=4)
    for i in range(5):
        w.add(f"t{i}")
    first = w.calendar.next_meeting(D(2026, 11, 30))
    assert w.presenters(first) == ((), "none")
    s = w.suggest(2)
    w.add_action("Alarm on p99", owner="t0", due=D(2026, 12, 16), raised_at=first)  # keeps the spin current
    assert w.presenters(first) == (s.picks, "suggestion")
    assert [r.team for r in w.agenda(first).reviews] == list(s.picks)
    w.accept(s, week=first)
    w.remove(s.picks[0])
    assert w.presenters(first) == (s.picks[1:], "accepted")
    assert [r.team for r in w.agenda(first).reviews] == list(s.picks[1:])
    with pytest.raises(TypeError):
        w.presenters("2026-12-02")  # type: ignore[arg-type]

