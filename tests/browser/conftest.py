# SPDX-License-Identifier: Apache-2.0
"""The wheel page in a real browser: Debian's chromium driven by chromedriver through Selenium.

One headless browser serves the whole session. Pages are assembled from web/wheel/ and filled with
fixture data by web/wheel/assemble.py's render(), the reference for the C++ renderer (same escaping).
When chromium, chromedriver or Selenium is missing the tests fail with a message saying what is
missing, unless OPSWHEEL_SKIP_BROWSER=1 (then they are skipped, visibly)."""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "web" / "wheel"))
import assemble  # noqa: E402  (web/wheel/assemble.py)

CHROMIUM = os.environ.get("OPSWHEEL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("OPSWHEEL_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
WIDTH, HEIGHT = 1366, 768


def _unavailable(why: str) -> None:
    if os.environ.get("OPSWHEEL_SKIP_BROWSER") == "1":
        pytest.skip(f"browser tests skipped (OPSWHEEL_SKIP_BROWSER=1): {why}")
    pytest.fail(f"{why}. Install them with scripts/install-deps (Debian: chromium chromium-driver; "
                f"pip: selenium), or set OPSWHEEL_SKIP_BROWSER=1 to skip the browser tests.", pytrace=False)


@pytest.fixture(scope="session")
def template() -> str:
    return assemble.assemble()


def new_driver():
    """A headless chromium under chromedriver, at the tests' window size; fails (or skips, with
    OPSWHEEL_SKIP_BROWSER=1) saying what is missing. Also used by tests/serve."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("Selenium is not installed")
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            _unavailable(f"{what} is not installed (looked for {path})")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={WIDTH},{HEIGHT}", "--force-device-scale-factor=1", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-default-apps", "--disable-sync"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    try:
        browser = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    except Exception as error:  # noqa: BLE001 -- any start-up failure is reported the same way
        _unavailable(f"chromium did not start under chromedriver: {error}")
    browser.execute_cdp_cmd("Network.enable", {})
    return browser


@pytest.fixture(scope="session")
def driver():
    browser = new_driver()
    try:
        yield browser
    finally:
        browser.quit()


class Page:
    """Loads rendered pages into the browser and reads them back."""

    def __init__(self, driver, template: str, directory: Path):
        self.driver = driver
        self.template = template
        self.directory = directory
        self.count = 0
        self.url = ""

    def viewport(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def media(self, **features: str) -> None:
        """Emulates media features, e.g. media(prefers_reduced_motion="reduce"); media() resets."""
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
            {"name": name.replace("_", "-"), "value": value} for name, value in features.items()]})

    def open(self, data: Any, raw: Optional[str] = None) -> None:
        """Renders data (or loads raw HTML) from a file:// URL, after draining the browser's logs."""
        self.drain()
        self.count += 1
        path = self.directory / f"page{self.count}.html"
        path.write_text(raw if raw is not None else assemble.render(self.template, data), encoding="utf-8")
        self.url = path.as_uri()
        self.driver.get(self.url)

    def drain(self) -> None:
        self.driver.get_log("performance")
        self.driver.get_log("browser")

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def state(self) -> str:
        return self.js("return document.getElementById('opswheel').getAttribute('data-state')")

    def wait_state(self, state: str, timeout: float = 10.0) -> None:
        from selenium.webdriver.support.ui import WebDriverWait
        WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(lambda _: self.state() == state)

    def result(self) -> List[str]:
        return json.loads(self.js("return document.getElementById('opswheel').getAttribute('data-result')") or "null")

    def result_items(self) -> List[Dict[str, str]]:
        return self.js("""return Array.from(document.querySelectorAll('#ow-result > li')).map(li => ({
            id: li.getAttribute('data-id'), how: li.getAttribute('data-how'),
            name: li.querySelector('.ow-name').textContent,
            mark: li.querySelector('.ow-mark').textContent,
            slot: (li.querySelector('.ow-slot') || {}).textContent || '',
            href: (li.querySelector('a') || {href: null}).href,
            link: (li.querySelector('.ow-link') || {}).textContent || ''}));""")

    def sectors(self) -> List[Dict[str, Any]]:
        return self.js("""return Array.from(document.querySelectorAll('#ow-rotor .ow-sector')).map(g => ({
            id: g.getAttribute('data-id'), d: g.querySelector('path').getAttribute('d'),
            title: g.querySelector('title').textContent,
            label: (g.querySelector('text:not(.ow-order)') || {}).textContent || null,
            fill: getComputedStyle(g.querySelector('path')).fill}));""")

    def requests(self) -> List[str]:
        """URLs of every request sent since the last drain (the network log), but the page's own."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                if url != self.url:
                    urls.append(url)
        return urls

    def console_errors(self) -> List[str]:
        return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]


@pytest.fixture
def page(driver, template, tmp_path):
    p = Page(driver, template, tmp_path)
    p.viewport()
    p.media()
    yield p
    p.media()


# ---- fixture data ------------------------------------------------------------------------------

def inclusion_chances(weights: List[float], k: int) -> List[float]:
    """π_i = min(1, c·w_i) with Σπ = k: the shape of the chances the library reports."""
    capped = [False] * len(weights)
    while True:
        free = sum(w for w, c in zip(weights, capped) if not c)
        room = k - sum(capped)
        pis = [1.0 if c else w * room / free for w, c in zip(weights, capped)]
        over = [i for i, p in enumerate(pis) if p > 1 and not capped[i]]
        if not over:
            return pis
        for i in over:
            capped[i] = True


def spin_data(n: int = 8, k: int = 3, seed: int = 1, spin_seconds: float = 0.5, theme: str = "auto",
              paused: int = 0, pins: int = 0, replacements: int = 0, start: str = "10:30",
              minutes: int = 15) -> Dict[str, Any]:
    """A spin of n teams (plus `paused` unpickable ones) with k presenters: the first `pins` of the
    draw pinned, the next `replacements` drawn as replacements for skipped teams."""
    rng = random.Random(seed)
    ids = [f"team-{i:03d}" for i in range(n)]
    weights = [rng.choice([1, 1, 1, 2, 3, 0.5]) for _ in ids]
    chances = inclusion_chances(weights, k)
    teams = [{"id": t, "name": f"Team {i} {rng.choice(['API', 'Storage', 'Edge', 'Billing', 'Search'])}",
              "url": f"https://dash.example.com/{t}", "chance": c} for i, (t, c) in enumerate(zip(ids, chances))]
    order = rng.sample(ids, k)
    draw = []
    for j, team in enumerate(order):
        if j < pins:
            draw.append({"id": team, "how": "pinned", "reason": "after the outage on Monday"})
        elif j < pins + replacements:
            skipped = next(t for t in ids if t not in order and all(d.get("replaces") != t for d in draw))
            draw.append({"id": team, "how": "replacement", "replaces": skipped, "reason": "on call this week"})
        else:
            draw.append({"id": team, "how": "drawn"})
    unpickable = [{"id": f"paused-{i}", "name": f"Paused team {i}", "reason": "paused until 2027-01-06"}
                  for i in range(paused)]
    return {"format": assemble.FORMAT, "wheel": "weekly-ops", "policy": "quota", "seed": str(seed),
            "meeting": {"number": 42, "date": "2026-12-09", "start": start, "minutes": minutes},
            "teams": teams, "unpickable": unpickable, "draw": draw,
            "options": {"spin_seconds": spin_seconds, "theme": theme}}
