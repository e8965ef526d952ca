"""Item edits and the review side of the action book from Python: the review template, team
profiles, review records and the escalation threshold, end to end and with bad input (each bad
call raises with the core's message and leaves the wheel's JSON, events included, unchanged), and
their round trip through JSON and a Store."""

from __future__ import annotations

import datetime

import pytest

import opswheel as ow

D = datetime.date
WED = D(2026, 12, 2)  # a Wednesday: the default cadence's weekday
NEXT = D(2026, 12, 9)


@pytest.fixture
def w() -> ow.Wheel:
    w = ow.Wheel("quota", seed=5)
    w.actor = "ops-lead"
    for i in range(8):
        w.add(f"team-{i}")
    w.accept(["team-1", "team-2"], week=WED)
    return w


def unchanged(w: ow.Wheel, call, error, match):
    """``call()`` raises ``error`` matching ``match`` ("": any message) and changes nothing."""
    before = w.to_json()
    with pytest.raises(error, match=match or None):
        call()
    assert w.to_json() == before


# ---- item edits ----------------------------------------------------------------------------

def test_edit_action_changes_only_the_fields_given(w):
    a = w.add_action("Fix paging", "team-1", NEXT, description="pages at 3am", ticket_url="https://t/1")
    w.edit_action(a.id, title="Fix the paging storm", priority="high", reason="clearer title")
    b = w.action(a.id)
    assert (b.title, b.priority, b.description, b.ticket_url) == ("Fix the paging storm", "high", "pages at 3am",
                                                                   "https://t/1")
    assert (b.owner, b.due, b.status) == (a.owner, a.due, a.status)
    edit = b.history[-1]
    assert edit.kind == "item_edited" and edit.reason == "clearer title" and edit.actor == "ops-lead"
    assert edit.data["title"] == "Fix the paging storm" and edit.data["priority"] == "high"
    w.edit_action(a.id, description="", ticket_url="")  # a reason is optional; "" clears a field
    c = w.action(a.id)
    assert (c.title, c.description, c.ticket_url) == ("Fix the paging storm", "", "")
    assert c.history[-1].reason == "" and len(c.history) == 3
    assert w.events()[-1].type == "action_changed"


def test_edit_action_bad_input_changes_nothing(w):
    a = w.add_action("Fix paging", "team-1", NEXT)
    unchanged(w, lambda: w.edit_action("AI-99", title="x"), ow.UnknownIdError, "AI-99")
    unchanged(w, lambda: w.edit_action(a.id, title=""), ow.InvalidArgumentError, "title")
    unchanged(w, lambda: w.edit_action(a.id, title="two\nlines"), ow.InvalidArgumentError, "title")
    unchanged(w, lambda: w.edit_action(a.id, priority="whenever"), ow.InvalidArgumentError, "whenever")
    unchanged(w, lambda: w.edit_action(a.id, ticket_url="ftp://t/1"), ow.InvalidArgumentError, "ftp://t/1")
    unchanged(w, lambda: w.edit_action(a.id, title=3), TypeError, "")  # type: ignore[arg-type]
    unchanged(w, lambda: w.edit_action(a.id, title="ok", reason=None), TypeError, "")  # type: ignore[arg-type]
    assert issubclass(ow.UnknownIdError, KeyError) and w.action(a.id).title == "Fix paging"


# ---- the review template and team profiles ----------------------------------------------------

def test_the_default_template_and_replacing_it(w):
    assert [m.id for m in w.review_template] == ["availability", "latency", "error-rate", "tickets-pages",
                                                 "change-failures"]
    w.set_review_template([ow.Metric("availability", "Availability vs. SLO"), ("latency", "p99"), "cost"])
    assert w.review_template == (ow.Metric("availability", "Availability vs. SLO"), ow.Metric("latency", "p99"),
                                 ow.Metric("cost", ""))
    assert w.checklist("team-3") == w.review_template
    assert w.events()[-1].data["change"]["kind"] == "template_set"


def test_template_bad_input_changes_nothing(w):
    w.set_team_profile("team-1", metrics=["queue-depth"])
    unchanged(w, lambda: w.set_review_template(["cost", "cost"]), ow.InvalidArgumentError, "duplicate metric 'cost'")
    # A profile's own metric may not reappear in the template.
    unchanged(w, lambda: w.set_review_template(["queue-depth"]), ow.InvalidArgumentError,
              "duplicate metric 'queue-depth'")
    unchanged(w, lambda: w.set_review_template([""]), ow.InvalidIdError, "")
    unchanged(w, lambda: w.set_review_template([("cost", "a\nb")]), ow.InvalidArgumentError, "metric description")
    unchanged(w, lambda: w.set_review_template("cost"), TypeError, "not one string")
    unchanged(w, lambda: w.set_review_template([42]), TypeError, "Metric")  # type: ignore[list-item]
    unchanged(w, lambda: w.set_review_template([("cost",)]), TypeError, "Metric")  # type: ignore[list-item]


def test_team_profiles(w):
    assert w.team_profile("team-1") is None and w.team_profiles() == []
    w.set_team_profile("team-1", metrics=[("queue-depth", "SQS backlog")],
                       dashboards=[("Main", "https://dash/main"), ow.DashboardLink("Cost", "http://dash/cost")])
    p = w.team_profile("team-1")
    assert p == ow.TeamProfile("team-1", (ow.Metric("queue-depth", "SQS backlog"),),
                               (ow.DashboardLink("Main", "https://dash/main"),
                                ow.DashboardLink("Cost", "http://dash/cost")))
    assert w.checklist("team-1") == w.review_template + (ow.Metric("queue-depth", "SQS backlog"),)
    w.set_team_profile("team-1")  # replaces: no extras, no dashboards
    assert w.team_profile("team-1") == ow.TeamProfile("team-1", (), ())
    w.set_team_profile("team-0", dashboards=[("Main", "https://dash/0")])
    assert [p.team for p in w.team_profiles()] == ["team-0", "team-1"]
    assert list(w.team_profiles().to_pandas().columns) == ["team", "metrics", "dashboards"]


def test_team_profile_bad_input_changes_nothing(w):
    unchanged(w, lambda: w.set_team_profile("nobody", metrics=["x"]), ow.UnknownIdError, "nobody")
    unchanged(w, lambda: w.set_team_profile("team-1", metrics=["latency"]), ow.InvalidArgumentError,
              "duplicate metric 'latency'")
    unchanged(w, lambda: w.set_team_profile("team-1", dashboards=[("Main", "ftp://x")]), ow.InvalidArgumentError,
              "ftp://x")
    unchanged(w, lambda: w.set_team_profile("team-1", dashboards=[("", "https://x")]), ow.InvalidArgumentError,
              "dashboard title")
    unchanged(w, lambda: w.set_team_profile("team-1", dashboards=[("Main", "")]), ow.InvalidArgumentError, "no url")
    unchanged(w, lambda: w.set_team_profile("team-1", dashboards=["https://x"]), TypeError, "DashboardLink")
    unchanged(w, lambda: w.set_team_profile("team-1", metrics="x"), TypeError, "not one string")


def test_the_agenda_shows_profiles(w):
    w.set_team_profile("team-3", metrics=["queue-depth"], dashboards=[("Main", "https://dash/3")])
    review = w.agenda(NEXT, ["team-3"]).reviews[0]
    assert review.dashboards == (("Main", "https://dash/3"),)
    assert [m for m, _ in review.checklist] == [m.id for m in w.checklist("team-3")]


# ---- review records ------------------------------------------------------------------------

def test_record_review_end_to_end(w):
    w.set_team_profile("team-1", metrics=["queue-depth"])
    item = w.add_action("Add a backlog alarm", "team-1", NEXT, review=True)
    other = w.add_action("Unrelated", "team-2", NEXT)
    r = w.record_review("team-1", checklist={"availability": "99.95%", "queue-depth": "spiky"},
                        outcome="Good week.", monitoring="not_enough", monitoring_notes="no backlog alarm",
                        lessons="Alarm on backlog age, not size.")
    assert r == ow.ReviewRecord(WED, "team-1", (ow.ChecklistEntry("availability", True, "99.95%"),
                                                ow.ChecklistEntry("queue-depth", True, "spiky")),
                                "Good week.", "not_enough", "no backlog alarm", "Alarm on backlog age, not size.",
                                (item.id,))
    assert other.id not in r.action_items
    r2 = w.record_review("team-2", WED, checklist=[ow.ChecklistEntry("latency", False, "dashboard broken"),
                                                   "availability"], monitoring="enough")
    assert r2.checklist == (ow.ChecklistEntry("latency", False, "dashboard broken"),
                            ow.ChecklistEntry("availability", True, ""))
    assert r2.monitoring == "enough" and r2.action_items == () and r2.outcome == ""
    assert w.reviews() == [r, r2]
    assert w.reviews(team="team-2") == [r2] and w.reviews(WED) == [r, r2] and w.reviews(NEXT) == []
    assert w.review(WED, "team-1") == r and w.review(WED, "team-3") is None
    # Recording the same meeting and team again replaces the record; the log keeps both.
    r3 = w.record_review("team-1", WED, outcome="Corrected notes.")
    assert w.reviews() == [r3, r2] and r3.action_items == (item.id,) and r3.monitoring == "not_assessed"
    kinds = [e.data["change"]["kind"] for e in w.events() if e.type == "action_changed"]
    assert kinds.count("review_recorded") == 3
    assert list(w.reviews().to_pandas().columns) == ["meeting", "team", "checklist", "outcome", "monitoring",
                                                     "monitoring_notes", "lessons", "action_items"]


def test_record_review_bad_input_changes_nothing(w):
    unchanged(w, lambda: w.record_review("nobody"), ow.UnknownIdError, "nobody")
    unchanged(w, lambda: w.record_review("team-1", D(2026, 12, 3)), ow.InvalidArgumentError, "no meeting on 2026-12-03")
    unchanged(w, lambda: w.record_review("team-1", checklist={"queue-depth": ""}), ow.InvalidArgumentError,
              "unknown metric 'queue-depth'")
    unchanged(w, lambda: w.record_review("team-1", checklist=["latency", "latency"]), ow.InvalidArgumentError,
              "'latency' appears twice")
    unchanged(w, lambda: w.record_review("team-1", monitoring="maybe"), ow.InvalidArgumentError,
              "unknown monitoring answer 'maybe'")
    unchanged(w, lambda: w.record_review("team-1", outcome="bad \x00 byte"), ow.InvalidArgumentError, "outcome")
    unchanged(w, lambda: w.record_review("team-1", datetime.datetime(2026, 12, 2, 10)), TypeError, "datetime.date")
    unchanged(w, lambda: w.record_review("team-1", "2026-12-02"), TypeError, "datetime.date")  # type: ignore[arg-type]
    unchanged(w, lambda: w.record_review("team-1", checklist="latency"), TypeError, "not one string")
    unchanged(w, lambda: w.record_review("team-1", checklist=[("latency", True)]), TypeError, "checklist entry")
    unchanged(w, lambda: w.record_review("team-1", monitoring=True), TypeError, "")  # type: ignore[arg-type]
    unchanged(w, lambda: w.reviews("2026-12-02"), TypeError, "datetime.date")  # type: ignore[arg-type]
    fresh = ow.Wheel("quota")
    fresh.add("team-1")
    unchanged(fresh, lambda: fresh.record_review("team-1"), TypeError, "no dated meeting")


# ---- escalation ----------------------------------------------------------------------------

def test_escalation_threshold(w):
    w.add_action("Fix paging", "team-1", WED)  # reports back at WED itself
    as_of = NEXT  # the report-back meeting of WED passed with the item open: one missed
    assert w.escalate_after == 2 and w.escalated(as_of) == [] and len(w.overdue(as_of)) == 1
    w.set_escalate_after(1)
    assert w.escalate_after == 1 and [e.id for e in w.escalated(as_of)] == ["AI-1"]
    assert w.events()[-1].data["change"] == {"kind": "escalation_set", "missed_report_backs": 1}


def test_escalation_bad_input_changes_nothing(w):
    unchanged(w, lambda: w.set_escalate_after(0), ow.InvalidArgumentError, "invalid escalation threshold 0")
    unchanged(w, lambda: w.set_escalate_after(-1), ow.InvalidArgumentError, "missed_report_backs")
    unchanged(w, lambda: w.set_escalate_after("2"), TypeError, "integer")  # type: ignore[arg-type]
    unchanged(w, lambda: w.set_escalate_after(True), TypeError, "bool")
    unchanged(w, lambda: w.set_escalate_after(1.5), TypeError, "integer")  # type: ignore[arg-type]
    assert w.escalate_after == 2


# ---- round trips ---------------------------------------------------------------------------

def _review_everything(w: ow.Wheel) -> None:
    w.set_review_template(["availability", ("latency", "p99")])
    w.set_team_profile("team-1", metrics=["queue-depth"], dashboards=[("Main", "https://dash/1")])
    a = w.add_action("Add a backlog alarm", "team-1", NEXT, review=True)
    w.edit_action(a.id, priority="urgent", reason="paged twice")
    w.record_review("team-1", checklist={"queue-depth": "spiky"}, monitoring="not_enough", lessons="alarm on age")
    w.set_escalate_after(3)


def _reviews_of(w: ow.Wheel) -> tuple:
    return (w.review_template, list(w.team_profiles()), list(w.reviews()), w.escalate_after, list(w.actions()))


def test_reviews_survive_json(w):
    _review_everything(w)
    back = ow.Wheel.from_json(w.to_json("weekly-ops"))
    assert _reviews_of(back) == _reviews_of(w)
    assert back.to_json() == w.to_json("weekly-ops")


def test_reviews_survive_a_store(tmp_path):
    store = ow.Store(tmp_path / "ops.db")
    w = store.create("weekly-ops", "quota", seed=5, actor="ops-lead")
    for i in range(8):
        w.add(f"team-{i}")
    w.accept(["team-1", "team-2"], week=WED)
    _review_everything(w)
    w.commit()
    again = ow.Store(tmp_path / "ops.db").open("weekly-ops")
    assert _reviews_of(again) == _reviews_of(w)
    assert store.verify("weekly-ops").ok
    kinds = [e.data["change"]["kind"] for e in store.events("weekly-ops") if e.type == "action_changed"]
    assert kinds == ["template_set", "team_profile_set", "item_created", "item_edited", "review_recorded",
                     "escalation_set"]
