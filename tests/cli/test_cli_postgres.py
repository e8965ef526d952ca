"""The opswheel command on a PostgreSQL store: --db URL and OPSWHEEL_DB take it; init, import, spin,
accept, history and verify work on it; messages never show a password. Needs the test server
(OPSWHEEL_TEST_POSTGRES, set by ctest's fixture ``postgres``): without it the tests fail.
OPSWHEEL_CLI names the executable (set by ctest)."""

from __future__ import annotations

import json
import os
import subprocess
import uuid

import pytest

EXE = os.environ.get("OPSWHEEL_CLI", "opswheel")
TEAMS_CSV = "id,name,url,weight\nec2,EC2,,1\ns3,S3,,2\niam,IAM,,1\nlambda,Lambda,,1\n"


@pytest.fixture
def url() -> str:
    server = os.environ.get("OPSWHEEL_TEST_POSTGRES")
    assert server, "OPSWHEEL_TEST_POSTGRES is not set: this test needs the test server"
    return f"{server}&schema=cli_{uuid.uuid4().hex[:16]}"


def run(*args, cwd, env=None):
    full_env = {k: v for k, v in os.environ.items() if k != "OPSWHEEL_DB"}
    full_env.update({"OPSWHEEL_TODAY": "2026-12-02", "USER": "tester", **(env or {})})
    return subprocess.run([EXE, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=120)


def js(*args, cwd, env=None):
    r = run(*args, "--json", cwd=cwd, env=env)
    assert r.returncode == 0, f"{args}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    return json.loads(r.stdout)


def test_a_meeting_on_postgresql(url, tmp_path):
    (tmp_path / "teams.csv").write_text(TEAMS_CSV)
    assert js("--db", url, "init", "--policy", "quota", "--seed", "7", cwd=tmp_path)
    js("--db", url, "import", "teams.csv", cwd=tmp_path)
    spin = js("--db", url, "spin", "-k", "2", cwd=tmp_path)
    meeting = js("accept", cwd=tmp_path, env={"OPSWHEEL_DB": url})["meeting"]
    assert meeting["picks"] == spin["picks"]
    assert [m["picks"] for m in js("--db", url, "history", cwd=tmp_path)] == [spin["picks"]]
    assert js("--db", url, "verify", cwd=tmp_path)["ok"] is True
    assert not any(p.name.startswith("postgres") for p in tmp_path.iterdir())  # no file named after the URL


def test_a_wrong_password_is_a_storage_error_that_does_not_show_it(url, tmp_path):
    wrong = url.replace("user=postgres", "user=opswheel_password&password=hidden-pw-77")
    r = run("--db", wrong, "init", cwd=tmp_path)
    assert r.returncode != 0
    assert "password authentication failed" in r.stderr
    assert "hidden-pw-77" not in r.stderr + r.stdout
