# SPDX-License-Identifier: Apache-2.0
"""`opswheel serve` as a real process on a free loopback port (port 0: the server picks one and
prints it), on a store given by its location: a SQLite file (ops.db in the test's directory) or a
PostgreSQL URL (test_postgres.py). OPSWHEEL_CLI names the executable (set by ctest). Requests go
through http.client, so a test sees exactly what was sent and answered."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

EXE = os.environ.get("OPSWHEEL_CLI", "opswheel")
TODAY = "2026-12-02"  # a Wednesday, a meeting day (the default): the meeting a spin is accepted for
VIEW = "viewer-secret-0123456789"
HOST = "host-secret-0123456789ab"
HOST2 = "second-host-secret-98765"
TEAMS = ["ec2-api", "s3-frontend", "sqs-core", "lambda-invoke", "iam", "dynamodb", "route53", "cloudfront"]


def cli_env() -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSWHEEL_") or k == "OPSWHEEL_CLI"}
    env.update({"OPSWHEEL_TODAY": TODAY, "USER": "tester"})
    return env


def cli_at(db: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The opswheel command on the store at `db` (a file or a postgresql:// URL)."""
    r = subprocess.run([EXE, "--db", db, *args], env=cli_env(), capture_output=True, text=True, timeout=120)
    if check:
        assert r.returncode == 0, f"{args}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r


def cli(directory: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return cli_at(str(directory / "ops.db"), *args, check=check)


def make_wheel(db: str) -> None:
    """The wheel of eight teams the tests use, made in the store at `db`."""
    cli_at(db, "init", "--policy", "quota", "--seed", "7", "--weekday", "wed")
    for team in TEAMS:
        cli_at(db, "add", team, "--name", team.upper(), "--url", f"https://dash.example.com/{team}")


@pytest.fixture(scope="session")
def wheel_file(tmp_path_factory) -> Path:
    """A store with a wheel of eight teams, made once; each test works on a copy."""
    directory = tmp_path_factory.mktemp("template")
    make_wheel(str(directory / "ops.db"))
    return directory / "ops.db"


@pytest.fixture
def wheel(tmp_path: Path, wheel_file: Path) -> Path:
    """tmp_path holding ops.db: a copy of the eight-team wheel."""
    shutil.copyfile(wheel_file, tmp_path / "ops.db")
    return tmp_path


class Server:
    """One `opswheel serve` process; request() talks to it. It serves the store at `db`, by default
    ops.db in `directory`, which also holds its log."""

    def __init__(self, directory: Path, *args: str, env: Optional[Dict[str, str]] = None, tokens: bool = True,
                 db: Optional[str] = None):
        self.directory = directory
        self.db = db or str(directory / "ops.db")
        full_env = cli_env()
        if tokens:
            full_env.update({"OPSWHEEL_VIEW_TOKENS": f"viewer:{VIEW}", "OPSWHEEL_HOST_TOKENS": f"alice:{HOST},bob:{HOST2}"})
        full_env.update(env or {})
        self.stderr_path = directory / f"serve-{time.monotonic_ns()}.log"
        self.stderr = open(self.stderr_path, "w")
        self.process = subprocess.Popen([EXE, "--db", self.db, "serve", "--port", "0", "--json", *args],
                                        env=full_env, stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        line = self.process.stdout.readline()
        if not line:
            self.stop()
            raise AssertionError(f"serve did not start: exit {self.process.returncode}\n{self.stderr_path.read_text()}")
        self.started = json.loads(line)
        self.port = self.started["port"]

    def connection(self, timeout: float = 10) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def raw(self, method: str, path: str, body: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None) -> Tuple[int, Dict[str, str], bytes]:
        c = self.connection()
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            c.close()

    def request(self, method: str, path: str, body: Any = None, token: Optional[str] = HOST) -> Tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = None
        if method in ("POST", "PUT", "PATCH"):
            data = (body if isinstance(body, (bytes, str)) else json.dumps({} if body is None else body))
            data = data.encode() if isinstance(data, str) else data
            headers["Content-Type"] = "application/json"
        status, _, payload = self.raw(method, path, data, headers)
        return status, json.loads(payload) if payload else None

    def ok(self, method: str, path: str, body: Any = None, token: str = HOST) -> Any:
        status, doc = self.request(method, path, body, token)
        assert status == 200, (method, path, body, status, doc)
        return doc

    def state(self) -> Dict[str, Any]:
        return self.ok("GET", "/api/state", token=VIEW)

    def head(self) -> int:
        return self.state()["head"]

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.process.stdout.close()
            self.stderr.close()

    def log(self) -> List[Dict[str, Any]]:
        return [json.loads(line) for line in self.stderr_path.read_text().splitlines() if line.startswith("{")]


def accept_at_once(server: Server, number: int) -> List[Tuple[int, Any]]:
    """Both host tokens accept spin `number` at the same moment: their (status, body) answers."""
    results = []
    gate = threading.Barrier(2)

    def accept(token):
        gate.wait()
        results.append(server.request("POST", "/api/accept", {"spin": number}, token=token))

    threads = [threading.Thread(target=accept, args=(t,)) for t in (HOST, HOST2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture
def server(wheel: Path):
    s = Server(wheel)
    yield s
    assert s.stop() == 0, s.stderr_path.read_text()


def sse_events(server: Server, last_event_id: Optional[int], count: int, timeout: float = 5,
               token: str = VIEW, query: str = "") -> List[Dict[str, Any]]:
    """Reads `count` events from the stream (from after last_event_id, else from now on)."""
    c = server.connection(timeout=timeout)
    headers = {"Authorization": f"Bearer {token}"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    c.request("GET", "/api/events" + query, headers=headers)
    r = c.getresponse()
    assert r.status == 200, r.read()
    assert r.getheader("Content-Type", "").startswith("text/event-stream")
    events, frame = [], {}
    try:
        while len(events) < count:
            line = r.readline().decode()
            if line == "":
                break
            line = line.rstrip("\n")
            if line == "":
                if "id" in frame:
                    events.append(frame)
                frame = {}
            elif not line.startswith(":"):
                key, _, value = line.partition(": ")
                frame[key] = value
    finally:
        c.close()
    return events
