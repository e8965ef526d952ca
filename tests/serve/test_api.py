# SPDX-License-Identifier: Apache-2.0
"""`opswheel serve`'s JSON API, tokens, limits and event stream against a real server process
(docs/serve.md). Every refusal is checked to have changed nothing: the wheel's head stays put."""

from __future__ import annotations

import json
import signal
import threading
import time

import pytest

from conftest import HOST, HOST2, TEAMS, VIEW, Server, accept_at_once, cli, sse_events

READS = ["/api/state", "/api/roster", "/api/history", "/api/agenda", "/api/actions", "/api/whoami"]


def error_of(status_doc, status, code):
    got, doc = status_doc
    assert got == status, doc
    assert doc["error"]["status"] == status and doc["error"]["code"] == code, doc
    assert doc["error"]["message"]
    return doc["error"]


def test_healthz_and_the_page_need_no_token(server):
    status, doc = server.request("GET", "/healthz", token=None)
    assert status == 200 and doc["ok"] is True and doc["head"] == server.head()
    status, headers, body = server.raw("GET", "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode()
    assert "data-live" in page and "connect-src 'self'" in page and 'id="opswheel-data"' not in page
    assert headers["x-content-type-options"] == "nosniff"


def test_listens_on_loopback_unless_told_otherwise(server):
    assert server.started["url"].startswith("http://127.0.0.1:")
    assert server.started["tokens"] == []  # both given by the environment: none made


def test_tokens_made_at_start_are_printed_and_work(wheel):
    s = Server(wheel, tokens=False)
    try:
        made = {t["role"]: t for t in s.started["tokens"]}
        assert set(made) == {"view", "host"} and made["view"]["token"] != made["host"]["token"]
        assert s.ok("GET", "/api/whoami", token=made["view"]["token"]) == {"name": "viewer", "role": "view"}
        assert s.ok("POST", "/api/spin", token=made["host"]["token"])["actor"] == "host"
    finally:
        assert s.stop() == 0


def test_a_short_token_is_refused_at_start(wheel):
    r = cli(wheel, "serve", "--port", "0", "--host-token", "alice:short", check=False)
    assert r.returncode == 3 and "16 printable" in r.stderr and "short" not in r.stderr.split("16")[0]


@pytest.mark.parametrize("path", READS)
def test_every_read_needs_a_token(server, path):
    error_of(server.request("GET", path, token=None), 401, "unauthorized")
    error_of(server.request("GET", path, token="not-a-token-of-this-server"), 401, "unauthorized")
    assert server.request("GET", path, token=VIEW)[0] == 200
    assert server.request("GET", path, token=HOST)[0] == 200


def test_a_malformed_authorization_header_is_401(server):
    for header in (f"Basic {VIEW}", VIEW, "Bearer", f"Bearer  {VIEW}x"):
        status, _, body = server.raw("GET", "/api/state", headers={"Authorization": header})
        assert status == 401, (header, body)
    status, headers, _ = server.raw("GET", "/api/state")
    assert status == 401 and headers["www-authenticate"].startswith("Bearer")


WRITES = [("/api/spin", {}), ("/api/pin", {"team": "iam", "reason": "outage"}), ("/api/pause", {"team": "iam"}),
          ("/api/undo", {}), ("/api/actions", {"title": "t", "owner": "iam", "due": "2026-12-16"})]


@pytest.mark.parametrize("path,body", WRITES)
def test_a_view_token_cannot_change_anything(server, path, body):
    before = server.state()
    error_of(server.request("POST", path, body, token=VIEW), 403, "forbidden")
    error_of(server.request("POST", path, body, token=None), 401, "unauthorized")
    error_of(server.request("POST", path, body, token="wrong-token-wrong-token"), 401, "unauthorized")
    assert server.state() == before


def test_the_meeting_through_the_api_is_in_history_and_verifies(server, wheel):
    spin = server.ok("POST", "/api/spin", {"k": 3})
    assert spin["actor"] == "alice" and len(spin["spin"]["picks"]) == 3 and spin["spin"]["number"] == 1
    state = server.state()
    assert state["spin"]["picks"] == spin["spin"]["picks"]
    assert [d["id"] for d in state["page"]["draw"]] == spin["spin"]["picks"]
    assert state["page"]["format"] == "opswheel-page/1"
    picked = spin["spin"]["picks"][0]
    skip = server.ok("POST", "/api/skip", {"team": picked, "reason": "on call", "spin": 1}, token=HOST2)
    assert skip["actor"] == "bob" and picked not in skip["spin"]["picks"]
    accepted = server.ok("POST", "/api/accept", {"spin": skip["spin"]["number"]})
    assert accepted["meeting"]["picks"] == skip["spin"]["picks"]
    history = json.loads(cli(wheel, "history", "--json").stdout)
    assert [m["picks"] for m in history] == [accepted["meeting"]["picks"]]
    events = json.loads(cli(wheel, "history", "--events", "--json").stdout)
    assert [(e["type"], e["actor"]) for e in events[-3:]] == [("suggested", "alice"), ("skipped", "bob"), ("accepted", "alice")]
    assert "ok:" in cli(wheel, "verify").stdout
    assert server.ok("GET", "/api/history", token=VIEW)["history"][0]["picks"] == accepted["meeting"]["picks"]
    undone = server.ok("POST", "/api/undo", {"reason": "wrong week"})
    assert undone["undone"]["number"] == 1 and json.loads(cli(wheel, "history", "--json").stdout) == []


def test_roster_pin_pause_and_the_board(server):
    server.ok("POST", "/api/pin", {"team": "iam", "reason": "after the outage"})
    server.ok("POST", "/api/unpin", {"team": "iam"})
    server.ok("POST", "/api/pause", {"team": "route53", "until": "2027-01-06"})
    roster = {t["id"]: t for t in server.ok("GET", "/api/roster", token=VIEW)["roster"]}
    assert set(roster) == set(TEAMS)
    assert roster["route53"]["paused"] and roster["route53"]["chance"] == 0
    assert abs(sum(t["chance"] for t in roster.values()) - server.state()["k"]) < 1e-6
    server.ok("POST", "/api/resume", {"team": "route53"})
    item = server.ok("POST", "/api/actions", {"title": "Add alarms", "owner": "iam", "due": "2026-12-02",
                                              "targets": ["ec2-api", "s3-frontend"]})["item"]
    assert item["progress"] == {"done": 0, "total": 2, "percent": 0.0} or item["progress"]["total"] == 2
    updated = server.ok("POST", f"/api/actions/{item['id']}", {"comment": "half way", "priority": "high"})["item"]
    assert updated["priority"] == "high"
    done = server.ok("POST", f"/api/actions/{item['id']}/done", {"team": "ec2-api"})["item"]
    assert done["progress"]["done"] == 1
    board = server.ok("GET", "/api/actions", token=VIEW)["board"]
    assert [i["id"] for i in board["due"]] == [item["id"]] and board["counts"]["targets_total"] == 2
    agenda = server.ok("GET", "/api/agenda", token=VIEW)["agenda"]
    assert agenda["date"] == "2026-12-02" and agenda["sections"]


BAD = [
    ("/api/spin", b"{\"k\": ", 400, "bad_request"),                      # malformed JSON
    ("/api/spin", b"[1]", 400, "bad_request"),                           # not an object
    ("/api/spin", b"{\"k\": 2, \"kk\": 1}", 400, "bad_request"),          # unknown field
    ("/api/spin", b"{\"k\": \"two\"}", 400, "bad_request"),              # wrong type
    ("/api/spin", b"{\"k\": 99}", 400, "not_enough_teams"),              # out of range
    ("/api/pin", b"{\"team\": \"nobody\", \"reason\": \"x\"}", 404, "unknown_id"),
    ("/api/pin", b"{\"team\": \"iam\"}", 400, "bad_request"),            # missing field
    ("/api/pause", b"{\"team\": \"iam\", \"until\": \"2026-13-01\"}", 400, "bad_request"),
    ("/api/accept", b"{}", 400, "bad_request"),                          # neither spin nor teams
    ("/api/accept", b"{\"teams\": [\"iam\"], \"date\": \"2026-12-03\"}", 400, "invalid_argument"),  # not a meeting day
    ("/api/accept", b"{\"teams\": [\"iam\"], \"date\": \"2026-12-09\"}", 400, "invalid_argument"),  # not yet taken place
    ("/api/undo", b"{}", 400, "invalid_argument"),                       # nothing to undo
    ("/api/actions", b"{\"title\": \"t\", \"owner\": \"nobody\", \"due\": \"2026-12-16\"}", 404, "unknown_id"),
    ("/api/actions/A-99", b"{\"comment\": \"x\"}", 404, "unknown_item"),
    ("/api/actions/A-99/done", b"{}", 404, "unknown_item"),
    ("/api/nothing", b"{}", 404, "no_route"),
]


@pytest.mark.parametrize("path,body,status,code", BAD, ids=[f"{p}:{b.decode()[:30]}" for p, b, _, _ in BAD])
def test_bad_input_is_refused_and_changes_nothing(server, path, body, status, code):
    before = server.state()
    error_of(server.request("POST", path, body), status, code)
    assert server.state() == before


def test_wrong_methods_unknown_routes_and_the_size_limit(wheel):
    s = Server(wheel, "--max-body", "1024")
    try:
        before = s.head()
        error_of(s.request("DELETE", "/api/spin"), 405, "method_not_allowed")
        error_of(s.request("POST", "/api/state", {}), 405, "method_not_allowed")
        error_of(s.request("GET", "/api/spin"), 405, "method_not_allowed")
        error_of(s.request("GET", "/nowhere", token=None), 404, "no_route")
        big = json.dumps({"title": "x" * 2000, "owner": "iam", "due": "2026-12-16"})
        error_of(s.request("POST", "/api/actions", big), 413, "too_large")
        assert s.ok("POST", "/api/actions", {"title": "x" * 500, "owner": "iam", "due": "2026-12-16"})
        assert s.head() == before + 1
    finally:
        assert s.stop() == 0


def test_two_concurrent_accepts_of_one_spin_one_wins(server, wheel):
    results = accept_at_once(server, server.ok("POST", "/api/spin")["spin"]["number"])
    statuses = sorted(r[0] for r in results)
    assert statuses == [200, 409], results
    loser = next(doc for status, doc in results if status == 409)
    assert [e["type"] for e in loser["error"]["between"]] == ["accepted"]
    assert len(json.loads(cli(wheel, "history", "--json").stdout)) == 1


def test_a_stale_view_is_a_conflict_with_the_events_in_between(server):
    seen = server.head()
    server.ok("POST", "/api/pin", {"team": "iam", "reason": "outage"}, token=HOST2)
    error = error_of(server.request("POST", "/api/spin", {"expect": seen}), 409, "conflict")
    assert [(e["seq"], e["type"], e["actor"]) for e in error["between"]] == [(seen + 1, "pinned", "bob")]
    assert server.head() == seen + 1
    server.ok("POST", "/api/spin", {"expect": seen + 1})


def test_a_spin_that_is_no_longer_current_is_a_conflict(server):
    first = server.ok("POST", "/api/spin")["spin"]["number"]
    server.ok("POST", "/api/spin")
    before = server.head()
    error = error_of(server.request("POST", "/api/accept", {"spin": first}), 409, "conflict")
    assert error["between"][-1]["type"] == "suggested"
    assert server.head() == before


def test_the_event_stream_delivers_and_catches_up(server, wheel):
    head = server.head()
    spin = server.ok("POST", "/api/spin")
    cli(wheel, "pin", "iam", "--reason", "from another process")
    events = sse_events(server, head, 2)
    assert [(int(e["id"]), e["event"]) for e in events] == [(head + 1, "suggested"), (head + 2, "pinned")]
    data = json.loads(events[0]["data"])
    assert data["data"]["suggestion"]["picks"] == spin["spin"]["picks"] and data["actor"] == "alice" and len(data["hash"]) == 64
    # From the start of the log (older than the hub keeps: read from the store), and by ?after=.
    assert [int(e["id"]) for e in sse_events(server, 0, head + 2)] == list(range(1, head + 3))
    assert [int(e["id"]) for e in sse_events(server, None, 1, query=f"?after={head + 1}")] == [head + 2]
    error_of(server.request("GET", "/api/events", token=None), 401, "unauthorized")
    status, _, _ = server.raw("GET", "/api/events", headers={"Authorization": f"Bearer {VIEW}", "Last-Event-ID": "x"})
    assert status == 400


def test_an_event_committed_while_watching_arrives_live(server):
    """Within 2 s of sending the write, which includes the write itself: CI runs this under the
    sanitizers on a busy machine. The 1 s target is benchmarks/serve_load.py's, on a release build."""
    head = server.head()
    got = []
    reader = threading.Thread(target=lambda: got.extend(sse_events(server, None, 1, query=f"?after={head}")))
    reader.start()
    time.sleep(0.2)
    committed = time.monotonic()
    server.ok("POST", "/api/spin")
    reader.join(timeout=5)
    assert [e["event"] for e in got] == ["suggested"] and time.monotonic() - committed < 2.0


def test_the_access_log_is_structured(server):
    server.request("GET", "/api/state", token=VIEW)
    server.request("POST", "/api/spin", {}, token=VIEW)
    assert server.stop() == 0
    access = [l for l in server.log() if l.get("log") == "access"]
    assert {"time", "remote", "method", "path", "status", "ms", "actor"} <= set(access[-1])
    assert [(l["path"], l["status"], l["actor"]) for l in access[-2:]] == [("/api/state", 200, "viewer"), ("/api/spin", 403, "viewer")]
    assert all(VIEW not in json.dumps(l) and HOST not in json.dumps(l) for l in server.log())


def test_sigterm_during_a_stream_of_writes_leaves_nothing_half_written(server, wheel):
    acknowledged, stop = [], threading.Event()

    def writer(token, team):
        while not stop.is_set():
            try:
                status, doc = server.request("POST", "/api/actions", {"title": f"item by {team}", "owner": team, "due": "2026-12-16"}, token=token)
            except OSError:
                return
            if status == 200:
                acknowledged.append(doc["item"]["id"])

    threads = [threading.Thread(target=writer, args=(t, team)) for t, team in ((HOST, "iam"), (HOST2, "route53"))]
    for t in threads:
        t.start()
    time.sleep(0.6)
    assert server.stop(signal.SIGTERM) == 0
    stop.set()
    for t in threads:
        t.join()
    assert len(acknowledged) > 3
    assert "ok:" in cli(wheel, "verify").stdout
    stored = {i["id"] for i in json.loads(cli(wheel, "actions", "list", "--json").stdout)}
    assert set(acknowledged) <= stored


def test_the_default_body_limit_holds_the_longest_description(server):
    longest = {"title": "t", "owner": "iam", "due": "2026-12-16", "description": "\n" * 65536}  # 64 KiB, escaped to 128 KiB
    assert server.ok("POST", "/api/actions", longest)["item"]["description"] == "\n" * 65536
    before = server.head()
    error_of(server.request("POST", "/api/actions", {**longest, "description": "x" * 300_000}), 413, "too_large")
    assert server.head() == before
