"""Notebook display: the wheel as SVG (well-formed, escaped, a slice per team with a chance) and
the matplotlib helpers of opswheel.plot."""

from __future__ import annotations

import datetime
import math
import re
import xml.etree.ElementTree as ET

import matplotlib
import pytest

import opswheel as ow

matplotlib.use("Agg")  # no screen; must precede pyplot, which opswheel.plot imports on first use
import matplotlib.pyplot as plt  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


def parse(html: str) -> ET.Element:
    return ET.fromstring(html)  # fails unless the fragment is well-formed XML: nothing unescaped


def slices(root: ET.Element) -> list:
    return [e for e in root.iter() if e.tag in (f"{SVG}path", f"{SVG}circle")]


def test_one_slice_per_team_with_a_chance_sized_by_it():
    w = ow.Wheel("aws", seed=1)
    for i, weight in enumerate([1, 2, 3, 4]):
        w.add(f"t{i}", weight, name=f"Team {i}")
    w.add("away")
    w.pause("away")
    root = parse(w._repr_html_())
    titles = [s.find(f"{SVG}title").text for s in slices(root)]
    assert titles == [f"Team {i} (t{i}): {w / 10:.1%}" for i, w in enumerate([1, 2, 3, 4])]  # k = 1
    # Each slice's sweep, from its arc's end points, is its share of the circle.
    for s, weight in zip(slices(root), [1, 2, 3, 4]):
        x0, y0, x1, y1 = map(float, re.findall(r"L([\d.]+),([\d.]+) A.* ([\d.]+),([\d.]+) Z", s.get("d"))[0])
        chord = math.dist((x0, y0), (x1, y1))
        assert chord == pytest.approx(2 * 150 * math.sin(math.pi * weight / 10), abs=0.05)
    caption = "".join(root.itertext())
    assert "next 1 pick." in caption and "4 active, 1 paused" in caption and "away" not in caption


def test_the_slices_follow_the_last_meeting_size():
    w = ow.Wheel("lottery", seed=1)
    for i in range(6):
        w.add(f"t{i}", 1 + i)
    w.accept(["t0", "t1", "t2"], week=datetime.date(2026, 12, 2))
    caption = "".join(parse(w._repr_html_()).itertext())
    assert "next 3 picks" in caption


def test_names_are_escaped():
    w = ow.Wheel("rotation")
    evil = '<script>alert("x")</script> & co'
    w.add("evil", name=evil)
    w.add("ok")
    html = w._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    root = parse(html)
    assert any(t.text and evil in t.text for t in root.iter(f"{SVG}title"))


def test_a_single_team_is_the_whole_wheel_and_estimates_are_labelled():
    w = ow.Wheel("quota")
    w.add("only")
    (circle,) = slices(parse(w._repr_html_()))
    assert circle.tag == f"{SVG}circle"
    for i in range(5):
        w.add(f"t{i}")
    w.accept(["t0", "t1"])
    assert "estimated from 4000 draws" in w._repr_html_()


def test_turns_plot_for_a_simulation_and_a_wheel():
    r = ow.simulate("quota", [1.0] * 12, k=3, weeks=40, seed=2, chance_weeks=0)
    ax = ow.plot.turns(r)
    assert len(ax.get_lines()) == ow.plot.DEFAULT_TEAMS
    line = ax.get_lines()[0]
    assert list(line.get_ydata()) == list(r.turns(0)[:, 0])
    ax = ow.plot.turns(r, ["team-3", "team-4"], deviation=True)
    dev = ax.get_lines()[0].get_ydata()
    assert dev[-1] == pytest.approx(r.turns(0)[-1, 3] - 40 * r.shares[3])

    w = ow.Wheel("rotation")
    for i in range(3):
        w.add(f"t{i}")
    for _ in range(4):
        w.accept(w.suggest(1))
    ax = ow.plot.turns(w)
    assert [list(l.get_ydata())[-1] for l in ax.get_lines()] == [s.turns for s in w.stats()]
    plt.close("all")


def test_gap_histogram_per_policy():
    results = {p: ow.simulate(p, [1.0] * 12, k=3, weeks=60, runs=2, chance_weeks=0) for p in ("aws", "rotation")}
    ax = ow.plot.gap_histogram(results)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["aws", "rotation"]
    ax = ow.plot.gap_histogram(list(results.values()), normalised=True)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["aws", "rotation"]
    plt.close("all")


def test_plot_bad_input():
    r = ow.simulate("lottery", [1.0] * 4, k=1, weeks=5)
    with pytest.raises(KeyError, match="ghost"):
        ow.plot.turns(r, ["ghost"])
    with pytest.raises(TypeError, match="not list"):
        ow.plot.turns([1, 2])
    with pytest.raises(ValueError, match="at least one"):
        ow.plot.gap_histogram({})
    with pytest.raises(ValueError, match="needs a SimulationResult"):
        ow.plot.turns(ow.Wheel("aws"), deviation=True)
    plt.close("all")
