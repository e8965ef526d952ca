# SPDX-License-Identifier: Apache-2.0
"""The live page of `opswheel serve` in two real headless Chromiums (the host's and a viewer's),
driven through Selenium with tests/browser's driver setup: a spin made by the host animates on
the viewer's screen and settles on the same result within a second of the host's; the viewer,
holding only the view token, cannot change anything."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from conftest import HOST, VIEW, Server

_spec = importlib.util.spec_from_file_location("browser_conftest", Path(__file__).resolve().parents[1] / "browser" / "conftest.py")
browser_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser_conftest)

# Records each data-state the page takes, with the wall-clock time (both browsers share this
# machine's clock), so the two screens' settling can be compared afterwards.
WATCH_STATES = """
const main = document.getElementById('opswheel');
window.owStates = [];
new MutationObserver(() => window.owStates.push([main.getAttribute('data-state'), Date.now()]))
  .observe(main, {attributes: true, attributeFilter: ['data-state']});
"""


@pytest.fixture(scope="module")
def browsers():
    opened = []
    try:
        opened.append(browser_conftest.new_driver())
        opened.append(browser_conftest.new_driver())
        yield opened
    finally:
        for b in opened:
            b.quit()


def wait(driver, condition, timeout=10.0):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(condition))


def open_page(driver, server: Server, token: str) -> None:
    driver.get(f"http://127.0.0.1:{server.port}/#token={token}")
    wait(driver, "return document.getElementById('ow-connection').textContent.startsWith('Live')")
    assert "token=" not in driver.current_url  # taken out of the address bar
    driver.execute_script(WATCH_STATES)


def settled_at(driver, after_ms: int):
    states = driver.execute_script("return window.owStates")
    times = [t for s, t in states if s == "settled" and t >= after_ms]
    return (times[-1] if times else None), [s for s, _ in states]


def result(driver):
    return json.loads(driver.execute_script("return document.getElementById('opswheel').getAttribute('data-result')") or "null")


def test_the_hosts_spin_settles_on_every_screen_and_the_viewer_cannot_change_anything(browsers, wheel):
    host, viewer = browsers
    server = Server(wheel, "--spin-seconds", "0.4")
    try:
        open_page(host, server, HOST)
        open_page(viewer, server, VIEW)
        assert host.execute_script("return document.getElementById('ow-host').hidden") is False
        assert viewer.execute_script("return document.getElementById('ow-host').hidden") is True
        assert viewer.execute_script("return document.documentElement.getAttribute('data-role')") == "view"

        start = host.execute_script("return Date.now()")
        host.find_element("id", "ow-draw").click()
        wait(host, "return document.getElementById('opswheel').getAttribute('data-state') === 'settled'", 20)
        wait(viewer, "return document.getElementById('opswheel').getAttribute('data-state') === 'settled'", 20)
        host_done, host_states = settled_at(host, start)
        viewer_done, viewer_states = settled_at(viewer, start)
        assert "spinning" in viewer_states and "spinning" in host_states  # it animated on both screens
        state = server.state()
        picks = state["spin"]["picks"]
        assert result(host) == picks == result(viewer)
        assert host_done is not None and viewer_done is not None and abs(viewer_done - host_done) <= 1000, (host_done, viewer_done)
        rows = viewer.execute_script("return document.querySelectorAll('#ow-roster tbody tr').length")
        assert rows == len(state["roster"])

        # The viewer's own token, from the viewer's page: refused, and nothing changed.
        before = server.state()
        for path, body in (("/api/spin", {}), ("/api/accept", {"spin": state["spin"]["number"]}), ("/api/undo", {})):
            status = viewer.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "fetch(arguments[0], {method: 'POST', headers: {'Authorization': 'Bearer ' + sessionStorage.getItem('opswheel-token'),"
                " 'Content-Type': 'application/json'}, body: JSON.stringify(arguments[1])}).then(r => done(r.status), e => done(String(e)));",
                path, body)
            assert status == 403, (path, status)
        assert server.state() == before

        # The host accepts: the meeting appears in the viewer's history.
        host.find_element("id", "ow-accept").click()
        wait(viewer, "return document.querySelectorAll('#ow-history li').length === 1", 10)
        assert viewer.execute_script("return document.querySelector('#ow-history li').textContent").endswith(", ".join(picks))
        for b in (host, viewer):
            # The only errors: the refusals of the viewer's own requests above (no CSP violation).
            errors = [e["message"] for e in b.get_log("browser") if e.get("level") == "SEVERE" and "status of 403" not in e["message"]]
            assert not errors, errors
    finally:
        assert server.stop() == 0


def test_without_a_token_the_page_asks_for_one_and_shows_nothing(browsers, wheel):
    _, viewer = browsers
    server = Server(wheel)
    try:
        viewer.execute_script("sessionStorage.clear()") if viewer.current_url.startswith("http") else None
        viewer.get(f"http://127.0.0.1:{server.port}/")
        viewer.execute_script("sessionStorage.clear()")
        viewer.get(f"http://127.0.0.1:{server.port}/")
        wait(viewer, "return !document.getElementById('ow-auth').hidden")
        assert viewer.execute_script("return document.querySelectorAll('#ow-roster tbody tr').length") == 0
        viewer.find_element("id", "ow-token").send_keys("not-the-token-at-all")
        viewer.find_element("id", "ow-connect").click()
        wait(viewer, "return document.getElementById('ow-connection').textContent.includes('not one this server knows')")
        viewer.find_element("id", "ow-token").clear()
        viewer.find_element("id", "ow-token").send_keys(VIEW)
        viewer.find_element("id", "ow-connect").click()
        wait(viewer, "return document.getElementById('ow-connection').textContent.startsWith('Live')")
        assert viewer.execute_script("return document.querySelectorAll('#ow-roster tbody tr').length") == 8
    finally:
        assert server.stop() == 0
