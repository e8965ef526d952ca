"""The wheel page from Python: Wheel.to_html for a spin and for a recorded meeting, the notebook
display of a suggestion (the page in a sandboxed iframe), and dashboard links other than http(s)
refused where they enter the roster. The page comes from the compiled core: the package holds no
copy of its HTML, CSS or JavaScript."""

from __future__ import annotations

import datetime
import html
import json
import re
import sys

import pytest

import opswheel as ow
from conftest import REPO, snapshot

sys.path.insert(0, str(REPO / "web" / "wheel"))
import assemble  # noqa: E402  (web/wheel/assemble.py: the reference renderer)

TEMPLATE = assemble.assemble()
HEAD, _, TAIL = TEMPLATE.partition(assemble.DATA_PLACEHOLDER)
WEDNESDAY = datetime.date(2026, 12, 9)


def data_of(page: str) -> dict:
    assert page.startswith(HEAD) and page.endswith(TAIL)
    return json.loads(page[len(HEAD):len(page) - len(TAIL)])


@pytest.fixture
def wheel() -> ow.Wheel:
    w = ow.Wheel("quota", seed=11)
    w.add("ec2", 2, name="EC2 </script><img src=x onerror=alert(1)>", url="https://dash.example.com/ec2?a=1&b=2")
    for i in range(8):
        w.add(f"team-{i}")
    w.pause("team-7", until=datetime.date(2027, 1, 6))
    w.pin("team-3", "after the outage")
    return w


def test_the_page_of_a_spin_carries_the_librarys_draw_and_chances(wheel):
    s = wheel.suggest(4)
    s = wheel.skip(s, s.picks[-1], "on call")
    page = wheel.to_html(s, title="weekly-ops", date=WEDNESDAY, spin_seconds=2.5, theme="dark")
    assert page == s.to_html(title="weekly-ops", date=WEDNESDAY, spin_seconds=2.5, theme="dark")
    assert page == assemble.render(TEMPLATE, data_of(page))  # the reference renderer's bytes
    d = data_of(page)
    assert d["wheel"] == "weekly-ops" and d["policy"] == "quota" and d["seed"] == "11"
    assert d["meeting"] == {"number": 1, "date": "2026-12-09", "start": "10:25", "minutes": 15}
    assert [p["id"] for p in d["draw"]] == list(s.picks)
    assert d["draw"][0] == {"id": "team-3", "how": "pinned", "reason": "after the outage"}
    skip = s.skipped[0]
    assert {"id": skip.replacement, "how": "replacement", "replaces": skip.id, "reason": "on call"} in d["draw"]
    assert {t["id"]: t["chance"] for t in d["teams"]} == {k: v for k, v in s.probabilities.items() if v > 0}
    assert d["unpickable"] == [{"id": "team-7", "name": "team-7", "reason": "paused until 2027-01-06"}]
    assert d["options"] == {"spin_seconds": 2.5, "theme": "dark"}
    assert "<img" not in page


def test_a_recorded_meeting_is_shown_with_the_chances_of_its_week(wheel):
    s = wheel.suggest(3)
    chances = dict(s.probabilities)
    wheel.accept(s, week=WEDNESDAY)
    wheel.set_weight("team-0", 5)
    wheel.resume("team-7")
    d = data_of(wheel.to_html(meeting=1))
    assert d["wheel"] == "opswheel"  # an unnamed wheel
    assert d["meeting"]["date"] == "2026-12-09"
    assert [p["id"] for p in d["draw"]] == list(s.picks)
    assert {t["id"]: t["chance"] for t in d["teams"]} == {k: v for k, v in chances.items() if v > 0}
    assert [u["id"] for u in d["unpickable"]] == ["team-7"]


def test_a_suggestion_shows_itself_in_a_notebook_as_the_page_in_a_sandboxed_iframe(wheel):
    s = wheel.suggest(2)
    frame = s._repr_html_()
    m = re.fullmatch(r'<iframe srcdoc="([^"]*)" sandbox="allow-scripts" [^<>]*></iframe>', frame)
    assert m, frame[:200]
    assert html.unescape(m.group(1)) == s.to_html()
    assert "<" not in m.group(1) and "allow-same-origin" not in frame


def test_bad_page_requests_raise_and_change_nothing(wheel):
    s = wheel.suggest(2)
    before = snapshot(wheel)
    with pytest.raises(ValueError, match="spin_seconds 61"):
        wheel.to_html(s, spin_seconds=61)
    with pytest.raises(ValueError, match="theme 'neon'"):
        wheel.to_html(s, theme="neon")
    with pytest.raises(ValueError, match="either a suggestion or meeting"):
        wheel.to_html()
    with pytest.raises(ValueError, match="no meeting number 1"):
        wheel.to_html(meeting=1)
    with pytest.raises(ValueError, match="own date"):
        wheel.to_html(meeting=1, date=WEDNESDAY)
    with pytest.raises(TypeError):
        wheel.to_html(s, date=datetime.datetime(2026, 12, 9, 10))
    assert snapshot(wheel) == before
    wheel.set_weight("team-0", 3)
    with pytest.raises(ow.StaleSuggestionError):
        s.to_html()


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:x", "//host/x"])
def test_dashboard_links_other_than_http_are_refused_naming_the_value(wheel, url):
    before = snapshot(wheel)
    with pytest.raises(ow.InvalidArgumentError, match=re.escape(f"invalid url '{url}'")):
        wheel.add("evil", url=url)
    assert snapshot(wheel) == before


def test_the_package_holds_no_copy_of_the_page():
    package = REPO / "bindings" / "python" / "opswheel"
    for path in package.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for mark in ("ow-rotor", "default-src 'none'", "prefers-reduced-motion"):  # the page's own text
            assert mark not in text, path
