# SPDX-License-Identifier: Apache-2.0
"""`opswheel serve` on a PostgreSQL store (docs/serve.md): what the host does through the API lands
in the store, a write by another process reaches a viewer through LISTEN/NOTIFY, two hosts racing
for one spin get 200 and 409, and a bad token changes nothing. Needs the test cluster
(OPSWHEEL_TEST_POSTGRES, set by ctest's fixture ``postgres``): without it the tests fail. Each test
has a schema of its own, dropped at the end."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import uuid

import pytest

from conftest import VIEW, Server, accept_at_once, cli_at, make_wheel, sse_events

CLUSTER = os.environ.get("OPSWHEEL_TEST_POSTGRES")


@pytest.fixture
def url():
    """A wheel of eight teams in a schema of this test's own on the test cluster."""
    assert CLUSTER, "OPSWHEEL_TEST_POSTGRES is not set: ctest's postgres fixture provides the cluster"
    schema = f"serve_{uuid.uuid4().hex[:16]}"
    url = f"{CLUSTER}&schema={schema}"
    try:
        make_wheel(url)
        yield url
    finally:
        # As the cluster's superuser: the schema parameter is opswheel's, not libpq's.
        subprocess.run(["psql", "-X", "-q", CLUSTER, "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE"],
                       capture_output=True, text=True, timeout=60, check=True)


@pytest.fixture
def server(url, tmp_path):
    s = Server(tmp_path, db=url)
    yield s
    assert s.stop() == 0, s.stderr_path.read_text()
    assert not [line for line in s.log() if line["log"] == "feed"], s.stderr_path.read_text()  # the feed never failed


def events_in_store(url):
    return json.loads(cli_at(url, "history", "--events", "--json").stdout)


def test_spin_and_accept_by_the_host_land_in_the_store(server, url):
    spin = server.ok("POST", "/api/spin", {"k": 3})
    accepted = server.ok("POST", "/api/accept", {"spin": spin["spin"]["number"]})
    assert accepted["meeting"]["picks"] == spin["spin"]["picks"] and accepted["actor"] == "alice"
    assert [m["picks"] for m in json.loads(cli_at(url, "history", "--json").stdout)] == [spin["spin"]["picks"]]
    assert [(e["type"], e["actor"]) for e in events_in_store(url)[-2:]] == [("suggested", "alice"), ("accepted", "alice")]
    assert json.loads(cli_at(url, "verify", "--json").stdout)["ok"] is True


def test_a_write_by_another_process_reaches_a_viewer_within_a_second(server, url):
    """The CLI commits on the same PostgreSQL store; the server's hub hears of it by NOTIFY. The
    delay is counted from the start of the CLI process, so it includes the process and its commit."""
    head = server.head()
    got = []
    reader = threading.Thread(target=lambda: got.append((sse_events(server, None, 1, query=f"?after={head}"), time.monotonic())))
    reader.start()
    time.sleep(0.2)  # the stream is open; were it not, ?after= would still deliver, only later
    started = time.monotonic()
    cli_at(url, "pin", "iam", "--reason", "from another process")
    reader.join(timeout=5)
    assert got, "no event reached the viewer within 5 s"
    events, arrived = got[0]
    assert [(int(e["id"]), e["event"]) for e in events] == [(head + 1, "pinned")]
    assert json.loads(events[0]["data"])["actor"] == "tester"
    assert arrived - started < 1.0, f"the event arrived {arrived - started:.3f} s after the CLI started"


def test_two_concurrent_accepts_of_one_spin_one_wins(server, url):
    results = accept_at_once(server, server.ok("POST", "/api/spin")["spin"]["number"])
    assert sorted(status for status, _ in results) == [200, 409], results
    loser = next(doc for status, doc in results if status == 409)
    assert [e["type"] for e in loser["error"]["between"]] == ["accepted"]
    assert len(json.loads(cli_at(url, "history", "--json").stdout)) == 1


@pytest.mark.parametrize("token,status", [("wrong-token-wrong-token", 401), (VIEW, 403)])
def test_a_bad_token_changes_nothing(server, url, token, status):
    number = server.ok("POST", "/api/spin")["spin"]["number"]
    before, stored = server.state(), events_in_store(url)
    for path, body in (("/api/spin", {}), ("/api/accept", {"spin": number}), ("/api/pin", {"team": "iam", "reason": "x"})):
        got, doc = server.request("POST", path, body, token=token)
        assert got == status and doc["error"]["status"] == status, (path, doc)
    assert server.state() == before and events_in_store(url) == stored
