# SPDX-License-Identifier: Apache-2.0
"""The wheel page (web/wheel/) in headless Chromium: honest sectors, the library's draw in order,
reduced motion, keyboard, live region, escaping, no network, themes, sizes and screenshots."""

from __future__ import annotations

import json
import math
import os
import random
import re
import struct
import time
from pathlib import Path

import pytest

import assemble
from conftest import ROOT, inclusion_chances, spin_data

HOSTILE_NAME = "</script><img src=x onerror=alert(1)>"
TOLERANCE_DEG = 0.5


def path_angles(d: str):
    """(start, sweep) in degrees, clockwise from twelve o'clock, read back from a sector's path."""
    numbers = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", d)]
    if d.count("A") == 2:  # a full circle
        return 0.0, 360.0
    _, _, x0, y0, _r1, _r2, _rot, large, _sweep, x1, y1 = numbers
    a0 = math.degrees(math.atan2(x0, -y0)) % 360
    a1 = math.degrees(math.atan2(x1, -y1)) % 360
    sweep = (a1 - a0) % 360
    assert (sweep > 180) == (large == 1), f"large-arc flag disagrees with the sweep in {d}"
    return a0, sweep


def check_sectors(page, data):
    sectors = page.sectors()
    teams = [t for t in data["teams"] if t["chance"] > 0]
    assert [s["id"] for s in sectors] == [t["id"] for t in teams]
    total = sum(t["chance"] for t in teams)
    at = 0.0
    for sector, team in zip(sectors, teams):
        start, sweep = path_angles(sector["d"])
        expected = 360 * team["chance"] / total
        assert abs(sweep - expected) < TOLERANCE_DEG, (team["id"], sweep, expected)
        assert abs((start - at + 180) % 360 - 180) < TOLERANCE_DEG, (team["id"], start, at)
        at += expected
    return sectors


# ---- the reference renderer (no browser) ----------------------------------------------------------

def test_template_has_one_placeholder_and_a_hash_csp(template):
    assert template.count(assemble.DATA_PLACEHOLDER) == 1
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', template).group(1)
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]{44}'", csp)
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", template), "the page names no other site"


def test_render_escapes_the_json_for_script(template):
    data = spin_data()
    data["teams"][0]["name"] = HOSTILE_NAME + " & \u2028\u2029 <!-- " + assemble.DATA_PLACEHOLDER
    html = assemble.render(template, data)
    block = re.search(r'<script type="application/json" id="opswheel-data">(.*?)</script>', html, re.S).group(1)
    for raw in "<>&\u2028\u2029":
        assert raw not in block
    assert json.loads(block) == data
    assert html.count("</script>") == template.count("</script>")
    with pytest.raises(ValueError):  # NaN is not JSON: the renderer refuses it
        assemble.render(template, {"chance": float("nan")})


def test_the_cpp_header_holds_the_template_byte_for_byte(template):
    header = assemble.cpp_header(template)
    parts = {}
    for name in ("kWheelPageHead", "kWheelPageTail"):
        body = re.search(name + r"\[\] =\n(.*?);\n", header, re.S).group(1)
        literals = re.findall(r'"((?:[^"\\]|\\.)*)"', body)
        parts[name] = "".join(lit.encode("ascii").decode("unicode_escape") for lit in literals)
    assert parts["kWheelPageHead"] + assemble.DATA_PLACEHOLDER + parts["kWheelPageTail"] == template


# ---- honest picture -----------------------------------------------------------------------------

def test_sector_angles_are_proportional_to_chance(page):
    data = spin_data(n=12, k=4, seed=3)
    data["teams"][0]["chance"], data["teams"][1]["chance"] = 0.97, 0.02  # uneven on purpose
    page.open(data)
    page.wait_state("ready")
    sectors = check_sectors(page, data)
    assert len(sectors) == 12
    fills = [s["fill"] for s in sectors]
    assert all(fills[i] != fills[(i + 1) % len(fills)] for i in range(len(fills))), "neighbours look alike"


def test_fifty_seeds_settle_on_the_draw_with_honest_sectors(page):
    page.media(prefers_reduced_motion="reduce")
    for seed in range(50):
        rng = random.Random(1000 + seed)
        n = rng.randint(1, 120)
        k = rng.randint(1, min(7, n))
        data = spin_data(n=n, k=k, seed=seed, paused=rng.randint(0, 3),
                         pins=rng.randint(0, 1) if k > 1 else 0, replacements=rng.randint(0, 1) if k > 2 and n > k + 1 else 0)
        weights = [rng.lognormvariate(0, 1) for _ in range(n)]
        for team, chance in zip(data["teams"], inclusion_chances(weights, k)):
            team["chance"] = chance
        page.open(data)
        assert page.state() == "settled", seed
        assert page.result() == [d["id"] for d in data["draw"]], seed
        assert [i["id"] for i in page.result_items()] == [d["id"] for d in data["draw"]], seed
        check_sectors(page, data)


def test_unpickable_teams_are_listed_not_drawn(page):
    data = spin_data(n=6, k=2, seed=5, paused=2)
    data["teams"][5]["chance"] = 0.0  # listed with zero chance: no sector either
    data["teams"][:5] = [dict(t, chance=0.4) for t in data["teams"][:5]]
    data["draw"] = [{"id": "team-000", "how": "drawn"}, {"id": "team-003", "how": "drawn"}]
    page.open(data)
    listed = page.js("return Array.from(document.querySelectorAll('#ow-unpickable > li'))"
                     ".map(li => [li.getAttribute('data-id'), li.textContent])")
    assert [i for i, _ in listed] == ["paused-0", "paused-1", "team-005"]
    assert "paused until 2027-01-06" in listed[0][1] and "no chance" in listed[2][1]
    assert page.js("return !document.getElementById('ow-unpickable-box').hidden")
    ids = {s["id"] for s in page.sectors()}
    assert ids == {f"team-00{i}" for i in range(5)}


# ---- the spin -------------------------------------------------------------------------------------

def pointer_team(page):
    """The team whose sector is under the pointer, from the rotor's rotation and the sectors' paths."""
    rotation = float(page.js("return document.getElementById('opswheel').getAttribute('data-rotation')"))
    at = (-rotation) % 360
    for sector in page.sectors():
        start, sweep = path_angles(sector["d"])
        if (at - start) % 360 < sweep:
            return sector["id"]
    return None


def test_spin_lands_on_each_drawn_team_in_order(page):
    data = spin_data(n=10, k=4, seed=7, pins=1, replacements=1, spin_seconds=0.5)
    page.open(data)
    page.wait_state("ready")
    started = time.monotonic()
    page.driver.find_element("id", "ow-start").click()
    assert page.state() == "spinning"
    for i, entry in enumerate(data["draw"]):
        page.js("")  # let the page run
        from selenium.webdriver.support.ui import WebDriverWait
        WebDriverWait(page.driver, 5, poll_frequency=0.02).until(
            lambda _: int(page.js("return document.getElementById('opswheel').getAttribute('data-picked')")) > i)
        assert pointer_team(page) == entry["id"], f"pick {i + 1} landed elsewhere"
    page.wait_state("settled")
    assert time.monotonic() - started < 8
    assert page.result() == [d["id"] for d in data["draw"]]
    items = page.result_items()
    assert [i["id"] for i in items] == [d["id"] for d in data["draw"]]
    assert [i["how"] for i in items] == ["pinned", "replacement", "drawn", "drawn"]
    assert items[0]["mark"] == "pinned: after the outage on Monday"
    skipped = next(t["name"] for t in data["teams"] if t["id"] == data["draw"][1]["replaces"])
    assert items[1]["mark"] == f"replaces {skipped} (on call this week)"
    assert [i["slot"] for i in items] == ["10:30\u201310:45", "10:45\u201311:00", "11:00\u201311:15", "11:15\u201311:30"]
    assert items[2]["href"] == f"https://dash.example.com/{data['draw'][2]['id']}"
    orders = page.js("return Array.from(document.querySelectorAll('.ow-order')).map(t => "
                     "[t.closest('.ow-sector').getAttribute('data-id'), t.textContent])")
    assert sorted(orders, key=lambda o: int(o[1])) == [[d["id"], str(i + 1)] for i, d in enumerate(data["draw"])]


def test_reduced_motion_shows_the_result_at_once(page):
    page.media(prefers_reduced_motion="reduce")
    data = spin_data(n=9, k=3, seed=11, spin_seconds=30)
    page.open(data)
    assert page.state() == "settled"  # no click, no wait
    assert page.result() == [d["id"] for d in data["draw"]]
    assert pointer_team(page) == data["draw"][-1]["id"]
    page.driver.find_element("id", "ow-start").click()  # "spin again" does not spin either
    assert page.state() == "settled"


def test_without_reduced_motion_the_page_waits_for_the_host(page):
    data = spin_data(n=9, k=3, seed=11, spin_seconds=30)
    page.open(data)
    time.sleep(0.2)
    assert page.state() == "ready" and page.result() is None
    assert page.js("return document.querySelectorAll('#ow-result > li').length") == 0


@pytest.mark.parametrize("key", ["ENTER", "SPACE"])
def test_keyboard_starts_the_spin(page, key):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    page.open(spin_data(n=8, k=2, seed=2, spin_seconds=0.5))
    page.wait_state("ready")
    if key == "SPACE":  # focus on the page itself, not on the button: the page's own handler
        page.js("document.activeElement.blur()")
        assert page.js("return document.activeElement === document.body")
    ActionChains(page.driver).send_keys(getattr(Keys, key)).perform()
    assert page.state() == "spinning"
    page.wait_state("settled")


def test_the_spin_seconds_input_sets_the_duration(page):
    data = spin_data(n=8, k=2, seed=4, spin_seconds=60)
    page.open(data)
    seconds = page.driver.find_element("id", "ow-seconds")
    assert float(seconds.get_attribute("value")) == 60
    seconds.clear()
    seconds.send_keys("0.5")
    started = time.monotonic()
    page.driver.find_element("id", "ow-start").click()
    page.wait_state("settled", timeout=6)
    assert 0.9 < time.monotonic() - started < 6  # two picks of half a second, not two minutes


def test_show_result_now_stops_the_spin(page):
    data = spin_data(n=8, k=3, seed=4, spin_seconds=60)
    page.open(data)
    page.driver.find_element("id", "ow-start").click()
    assert page.state() == "spinning"
    page.driver.find_element("id", "ow-now").click()
    assert page.state() == "settled"
    assert page.result() == [d["id"] for d in data["draw"]]
    time.sleep(0.3)  # the cancelled animation must not come back and add results
    assert len(page.result_items()) == 3


def test_the_live_region_announces_the_result(page):
    page.media(prefers_reduced_motion="reduce")
    data = spin_data(n=8, k=3, seed=9, pins=1)
    page.open(data)
    live = page.driver.find_element("id", "ow-live")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    names = {t["id"]: t["name"] for t in data["teams"]}
    expected = [names[d["id"]] for d in data["draw"]]
    text = live.text
    positions = [text.find(f"{i + 1}. {name}") for i, name in enumerate(expected)]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), text
    assert "pinned: after the outage on Monday" in text


# ---- safety ---------------------------------------------------------------------------------------

def test_hostile_data_renders_as_text(page):
    from selenium.common.exceptions import NoAlertPresentException
    data = spin_data(n=6, k=4, seed=13, spin_seconds=0, paused=1)
    hostile = [HOSTILE_NAME, "\"quoted\" 'single' & <b>bold</b>", "line\u2028separator\u2029para",
               assemble.DATA_PLACEHOLDER, "<svg onload=alert(2)>", "ok"]
    urls = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>alert(3)</script>",
            "https://dash.example.com/ok?a=1&b=<x>", "vbscript:msgbox(1)", "http://dash.example.com/plain"]
    for team, name, url in zip(data["teams"], hostile, urls):
        team["name"], team["url"] = name, url
    data["teams"][1]["id"] = "id\"><img src=x onerror=alert(4)>"
    data["unpickable"][0]["name"] = "<iframe src=javascript:alert(5)>"
    data["unpickable"][0]["reason"] = "</style><script>alert(6)</script>"
    data["wheel"] = "<title>pwned</title>"
    data["draw"] = [{"id": t["id"], "how": "drawn"} for t in data["teams"][:4]]
    data["draw"][3] = {"id": data["teams"][3]["id"], "how": "pinned", "reason": "<b onmouseover=alert(7)>x</b>"}
    page.open(data)
    page.wait_state("ready")
    page.driver.find_element("id", "ow-start").click()
    page.wait_state("settled")
    with pytest.raises(NoAlertPresentException):
        page.driver.switch_to.alert  # noqa: B018 -- reading it raises when there is none
    items = page.result_items()
    assert [i["name"] for i in items] == hostile[:4]
    assert items[3]["mark"] == "pinned: <b onmouseover=alert(7)>x</b>"
    hrefs = page.js("return Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    assert hrefs == ["https://dash.example.com/ok?a=1&b=%3Cx%3E"]
    assert items[0]["link"] == "javascript:alert(1) (not an http(s) link)"
    counts = page.js("""return {img: document.querySelectorAll('img').length, iframe: document.querySelectorAll('iframe').length,
        b: document.querySelectorAll('b').length, scripts: document.scripts.length,
        svgs: document.querySelectorAll('svg').length, handlers: document.querySelectorAll('[onerror],[onload],[onmouseover]').length}""")
    assert counts == {"img": 0, "iframe": 0, "b": 0, "scripts": 2, "svgs": 1, "handlers": 0}
    assert page.js("return document.getElementById('ow-title').textContent") == "<title>pwned</title>"
    titles = [s["title"] for s in page.sectors()]
    assert titles[0].startswith(HOSTILE_NAME + " (team-000)")
    assert page.console_errors() == []  # no blocked script, no CSP violation: nothing tried to run
    assert page.requests() == []


def test_bad_data_shows_an_error_not_a_blank_page(page):
    page.open({"format": "opswheel-page/99", "teams": []})
    assert page.state() == "error"
    assert "not in the format opswheel-page/1" in page.driver.find_element("css selector", ".ow-error").text


# ---- no network -----------------------------------------------------------------------------------

def test_the_page_makes_no_network_request(page):
    data = spin_data(n=30, k=3, seed=21, spin_seconds=0.5, paused=2)
    page.open(data)
    page.driver.find_element("id", "ow-start").click()
    page.wait_state("settled", timeout=15)
    requests = page.requests()
    assert requests == [], requests
    assert page.js("return performance.getEntriesByType('resource').length") == 0
    csp = page.js("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content")
    assert csp.startswith("default-src 'none';")
    assert page.console_errors() == []


def test_the_network_check_sees_a_request(page, tmp_path):
    # The check above can fail: a page (without our CSP) that loads an image is seen.
    (tmp_path / "pixel.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    page.open(None, raw='<!DOCTYPE html><title>control</title><img src="pixel.png" alt="">')
    time.sleep(0.2)
    assert any(url.endswith("/pixel.png") for url in page.requests())


# ---- themes, sizes, long names ---------------------------------------------------------------------

def background_luminance(page) -> float:
    rgb = page.js("return getComputedStyle(document.body).backgroundColor")
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_dark_theme_applied(page):
    page.open(spin_data(theme="dark"))
    assert page.js("return document.documentElement.getAttribute('data-theme')") == "dark"
    assert background_luminance(page) < 0.2
    theme = page.driver.find_element("id", "ow-theme")
    assert theme.get_attribute("value") == "dark"
    from selenium.webdriver.support.ui import Select
    Select(theme).select_by_value("light")
    assert background_luminance(page) > 0.8


def test_auto_theme_follows_the_system(page):
    page.media(prefers_color_scheme="dark")
    page.open(spin_data(theme="auto"))
    assert background_luminance(page) < 0.2
    page.open(spin_data(theme="light"))  # an explicit light theme wins over the system's dark
    assert background_luminance(page) > 0.8


def test_long_names_are_abbreviated_with_the_full_name_on_hover(page):
    data = spin_data(n=30, k=7, seed=8, spin_seconds=0)
    long_name = "Platform Reliability Engineering for the Global Identity and Access Management Federation Service"
    data["teams"][0]["name"] = long_name
    data["draw"][0] = {"id": "team-000", "how": "drawn"}
    if any(d["id"] == "team-000" for d in data["draw"][1:]):
        data["draw"] = [d for i, d in enumerate(data["draw"]) if i == 0 or d["id"] != "team-000"]
    page.open(data)
    first = page.sectors()[0]
    assert first["title"].startswith(long_name + " (team-000)")
    assert first["label"] and first["label"].endswith("\u2026") and len(first["label"]) < len(long_name)
    lengths = page.js("return Array.from(document.querySelectorAll('.ow-sector text:not(.ow-order)'))"
                      ".map(t => t.getComputedTextLength())")
    assert lengths and max(lengths) <= 72, "a label runs into the hub"  # from r 82 inward, hub edge at 9
    page.driver.find_element("id", "ow-start").click()
    assert page.result_items()[0]["name"] == long_name


@pytest.mark.parametrize("width,height", [(1366, 768), (3840, 2160)])
def test_sane_on_a_projector_and_a_4k_screen(page, width, height):
    page.viewport(width, height)
    page.media(prefers_reduced_motion="reduce")
    page.open(spin_data(n=30, k=7, seed=21, paused=2))
    box = page.js("""const r = document.getElementById('ow-wheel').getBoundingClientRect();
        const b = document.getElementById('ow-start').getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width,
                button: b.bottom, scroll: document.documentElement.scrollWidth,
                font: parseFloat(getComputedStyle(document.documentElement).fontSize)}""")
    assert box["scroll"] <= width, "horizontal scrolling"
    assert box["top"] >= 0 and box["bottom"] <= height and box["right"] <= width
    assert box["button"] <= height
    assert box["width"] >= 0.4 * min(width, height)
    if width > 3000:
        assert box["font"] >= 24, "text stays readable on a 4K screen"


# ---- screenshots ----------------------------------------------------------------------------------

def png_size(path: Path):
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots_of_a_thirty_team_wheel(page, theme):
    out = Path(os.environ.get("OPSWHEEL_SCREENSHOT_DIR") or ROOT / "build" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    page.media(prefers_reduced_motion="reduce")  # the settled wheel at once
    data = spin_data(n=30, k=7, seed=30, theme=theme, paused=3, pins=1, replacements=1, spin_seconds=4)
    names = ["EC2 API", "S3 Frontend", "SQS Core", "Lambda Invoke", "IAM", "DynamoDB", "Route 53", "CloudFront",
             "Elastic Load Balancing", "CloudWatch Metrics", "Kinesis Streams", "Step Functions", "ECS Control Plane",
             "EKS", "RDS", "Aurora Storage", "ElastiCache", "Redshift", "Athena", "Glue", "SNS", "EventBridge",
             "API Gateway", "Cognito", "KMS", "Secrets Manager", "CloudFormation", "Systems Manager",
             "Billing and Cost Management Pipeline", "Identity Federation and Single Sign-On"]
    for team, name in zip(data["teams"], names):
        team["name"] = name
    page.open(data)
    assert page.state() == "settled"
    page.js("document.activeElement.blur()")
    path = out / f"wheel-{theme}.png"
    assert page.driver.save_screenshot(str(path))
    assert png_size(path) == (1366, 768)


def test_a_pinned_team_off_the_wheel_is_shown_without_a_spin(page):
    data = spin_data(n=6, k=2, seed=17, paused=1, spin_seconds=0.5)
    data["draw"] = [{"id": "paused-0", "how": "pinned", "reason": "the outage review"}, data["draw"][0]]
    page.open(data)
    page.driver.find_element("id", "ow-start").click()
    page.wait_state("settled")
    items = page.result_items()
    assert [i["id"] for i in items] == ["paused-0", data["draw"][1]["id"]]
    assert items[0]["name"] == "Paused team 0" and items[0]["mark"] == "pinned: the outage review"
    assert "paused-0" not in {s["id"] for s in page.sectors()}
    assert pointer_team(page) == data["draw"][1]["id"]


# ---- the page as the library makes it (the opswheel command, through the C++ renderer) ---------------

def opswheel_cli(*args: str, cwd: Path, today: str = "2026-12-02") -> str:
    import subprocess
    exe = os.environ.get("OPSWHEEL_CLI")
    if not exe:
        pytest.fail("OPSWHEEL_CLI is not set: ctest sets it to the opswheel command this build made", pytrace=False)
    env = {k: v for k, v in os.environ.items() if k != "OPSWHEEL_DB"}
    env.update({"OPSWHEEL_TODAY": today, "USER": "tester"})
    r = subprocess.run([exe, "--db", "ops.db", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"opswheel {' '.join(args)}: exit {r.returncode}\n{r.stderr}"
    return r.stdout


def test_the_library_page_of_a_thirty_team_wheel_settles_on_the_librarys_picks(page, tmp_path):
    rng = random.Random(30)
    rows = ["id,name,url,weight"] + [
        f"team-{i:02d},Team {i} {rng.choice(['API', 'Storage', 'Edge', 'Billing'])},https://dash.example.com/{i},"
        f"{rng.choice([1, 1, 2, 3, 0.5])}" for i in range(30)]
    (tmp_path / "teams.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    opswheel_cli("init", "--policy", "quota", "--seed", "30", cwd=tmp_path)
    opswheel_cli("import", "teams.csv", cwd=tmp_path)
    opswheel_cli("pause", "team-29", "--until", "2027-01-06", cwd=tmp_path)
    opswheel_cli("pin", "team-05", "--reason", "after the outage </script>", cwd=tmp_path)
    page.media(prefers_reduced_motion="reduce")
    for week in range(3):
        first = json.loads(opswheel_cli("spin", "-k", "7", "--html", "spin.html", "--json", cwd=tmp_path))
        page.open(None, raw=(tmp_path / "spin.html").read_text(encoding="utf-8"))
        page.wait_state("settled")
        assert page.result() == first["picks"], week
        # a skip, then the spin as it stands, exported from the store
        spin = json.loads(opswheel_cli("skip", first["picks"][-1], "--reason", "on call", "--json", cwd=tmp_path))
        page.open(None, raw=opswheel_cli("export", "--format", "html", cwd=tmp_path))
        page.wait_state("settled")
        assert page.result() == spin["picks"], week
        items = page.result_items()
        assert [i["id"] for i in items] == spin["picks"]
        if week == 0:
            assert items[0]["how"] == "pinned" and items[0]["mark"] == "pinned: after the outage </script>"
        assert [i["how"] for i in items].count("replacement") == 1
        chances = {k: v for k, v in spin["chances"].items() if v > 0}
        data = {"teams": [{"id": k, "chance": v} for k, v in chances.items()]}
        check_sectors(page, data)
        assert page.js("return Array.from(document.querySelectorAll('#ow-unpickable > li'))"
                       ".map(li => li.getAttribute('data-id'))") == ["team-29"]
        assert not page.requests() and not page.console_errors()
        # on the meeting's day (Wednesdays from 2026-12-02): a meeting is recorded once it has taken place
        opswheel_cli("accept", cwd=tmp_path, today=f"2026-12-{2 + 7 * week:02d}")
    # a recorded meeting, replayed from the log
    history = json.loads(opswheel_cli("history", "--json", cwd=tmp_path))
    page.open(None, raw=opswheel_cli("export", "--format", "html", "--meeting", "2", cwd=tmp_path))
    page.wait_state("settled")
    assert page.result() == history[1]["picks"]
