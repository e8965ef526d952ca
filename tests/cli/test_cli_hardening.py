# SPDX-License-Identifier: Apache-2.0
"""Issue 16's defects, through the opswheel command: input that used to be half-accepted, to wrap
around, to hang or to escape as an unexpected error is refused with its exit code, a message naming
the value, and nothing written. OPSWHEEL_CLI names the executable (set by ctest)."""
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from test_cli import EXE, FAILED, INVALID, NOT_FOUND, OK, STORAGE, TODAY, USAGE, db, js, ok, run, wheel  # noqa: F401  (wheel is a fixture)


def event_count(cwd):
    return js(*db("verify"), cwd=cwd)["events"]


# ---- 1. a due date with no meeting to report back at ------------------------------------------

def test_a_due_date_without_a_report_back_meeting_is_refused_and_nothing_saved(wheel):
    before = event_count(wheel)
    for _ in range(2):  # a retry must not add an item either
        r = run(*db("actions", "add", "Late", "--owner", "ec2-api", "--due", "9999-12-31", "--raised", "2026-12-02"),
                cwd=wheel)
        assert r.returncode == INVALID, r.stderr
        assert "9999-12-31" in r.stderr and "before the year 10000" in r.stderr
    assert event_count(wheel) == before
    assert js(*db("actions", "list", "--all"), cwd=wheel) == []
    ok(*db("agenda"), cwd=wheel)
    ok(*db("export", "--format", "ics"), cwd=wheel)


# ---- 2. --slack ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("slack", "code", "message"), [
    ("1000001", INVALID, "the slack must be at most 100"),
    ("4294967296", INVALID, "'4294967296': the slack must be at most 100"),  # used to wrap to 0
    ("101", INVALID, "at most 100"),
    (" -1", USAGE, "expected a whole number"),  # used to wrap to 4294967295
    ("+1", USAGE, "expected a whole number"),
    ("1e3", USAGE, "expected a whole number"),
])
def test_a_slack_out_of_range_is_refused_and_no_wheel_is_made(tmp_path, slack, code, message):
    r = run(*db("init", "--policy", "aws", "--slack", slack), cwd=tmp_path)
    assert r.returncode == code, r.stderr
    assert message in r.stderr
    assert run(*db("list"), cwd=tmp_path).returncode != OK  # no wheel was created
    assert run(*db("simulate", "--teams", "3", "--weeks", "2", "--slack", slack), cwd=tmp_path).returncode == code


def test_the_largest_slack_makes_a_wheel_that_reads_back(tmp_path):
    ok(*db("init", "--slack", "100"), cwd=tmp_path)
    ok(*db("add", "a"), cwd=tmp_path)
    ok(*db("add", "b", "--weight", "2"), cwd=tmp_path)
    ok(*db("spin", "-k", "1"), cwd=tmp_path)
    assert js(*db("verify"), cwd=tmp_path)["ok"]


# ---- 3. weights ----------------------------------------------------------------------------------

def test_weights_out_of_range_are_refused_from_the_command_line_and_csv(wheel):
    for weight in ("1e308", "1000001", "0.0000001"):
        r = run(*db("add", "heavy", "--weight", weight), cwd=wheel)
        assert r.returncode == INVALID and "a weight must be from 1e-06 to 1e+06" in r.stderr, r.stderr
    (wheel / "heavy.csv").write_text("id,weight\nx,1\nheavy,1e308\n")
    r = run(*db("import", "heavy.csv"), cwd=wheel)
    assert r.returncode == INVALID and "heavy.csv:3:" in r.stderr and "1e+308" in r.stderr, r.stderr
    assert "heavy" not in [t["id"] for t in js(*db("list"), cwd=wheel)]


# ---- 4. a spin while action items are written ---------------------------------------------------

def test_an_action_item_written_during_a_spin_does_not_make_it_conflict(wheel):
    """Process A spins and is held before its commit; process B adds an action item; A's spin is
    then written after B's item (before the fix: exit 5, conflict), and both are in the log."""
    hold = wheel / "hold"
    hold.mkdir()
    env = {**os.environ, "OPSWHEEL_TODAY": "2026-11-30", "OPSWHEEL_CLI_HOLD_BEFORE_COMMIT": str(hold)}
    a = subprocess.Popen([EXE, *db("--json", "spin", "-k", "3")], cwd=wheel, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while not (hold / "ready").exists():
            assert a.poll() is None, a.stderr.read()
            time.sleep(0.01)
        ok(*db("actions", "add", "Fix alarms", "--owner", "iam", "--due", "2026-12-16", "--raised", "2026-12-02"), cwd=wheel)
        (hold / "go").touch()
        out, err = a.communicate(timeout=120)
    finally:
        if a.poll() is None:
            a.kill()
    assert a.returncode == OK, err
    spin = json.loads(out)
    assert len(js(*db("actions", "list"), cwd=wheel)) == 1
    accepted = js(*db("accept"), cwd=wheel)["meeting"]["picks"]
    assert sorted(accepted) == sorted(spin["picks"])
    assert js(*db("verify"), cwd=wheel)["ok"]


# ---- 5. a JSON number that overflows, in a stored event ---------------------------------------

def test_verify_names_the_event_whose_json_overflows(wheel):
    con = sqlite3.connect(wheel / "ops.db")
    with con:
        seq, text = con.execute("SELECT seq, json FROM events WHERE type = 'added' ORDER BY seq LIMIT 1").fetchone()
        assert '"weight":3.0' in text
        con.execute("UPDATE events SET json = ? WHERE seq = ? AND type = 'added'", (text.replace('"weight":3.0', '"weight":1e400'), seq))
    con.close()
    r = run(*db("--json", "verify"), cwd=wheel)
    assert r.returncode == FAILED, r.stderr
    assert "unexpected error" not in r.stderr
    doc = json.loads(r.stdout)
    assert doc["ok"] is False and doc["first_bad"] == seq and "1e400" in doc["problem"]
    r = run(*db("verify"), cwd=wheel)
    assert r.returncode == FAILED and f"event {seq}" in r.stdout


# ---- 6 and 7. text: UTF-8, control characters, lengths ------------------------------------------

def test_invalid_utf8_in_a_csv_row_is_refused_with_file_and_line(wheel):
    (wheel / "bad.csv").write_bytes(b"id,name,url\nok-team,Fine,\nbad-team,Bad,https://dash.example.com/\xff\n")
    r = run(*db("--json", "import", "bad.csv"), cwd=wheel)
    assert r.returncode == INVALID, r.stderr
    assert "bad.csv:3:" in r.stderr and "not valid UTF-8" in r.stderr
    assert "unexpected error" not in r.stderr and "json.exception" not in r.stderr
    assert "ok-team" not in [t["id"] for t in js(*db("list"), cwd=wheel)]


def test_invalid_utf8_in_an_argument_is_refused(wheel):
    for args in (("add", "new-team", "--url", os.fsdecode(b"https://dash.example.com/\xff")),
                 ("add", "new-team", "--name", os.fsdecode(b"Bad \xff"))):
        r = run(*db("--json", *args), cwd=wheel)
        assert r.returncode == INVALID and "not valid UTF-8" in r.stderr, r.stderr
        assert "unexpected error" not in r.stderr


@pytest.mark.parametrize("args", [
    ("add", "new-team", "--name", "Red \x1b[31m team"),
    ("--actor", "bell\x07", "add", "new-team"),
    ("pin", "iam", "--reason", "sev2 \x1b]0;owned\x07"),
    ("add", "new-team", "--name", "n" * 257),
    ("add", "new-team", "--url", "https://dash.example.com/" + "u" * 2048),
])
def test_control_characters_and_over_long_text_are_refused(wheel, args):
    before = event_count(wheel)
    r = run(*db(*args), cwd=wheel)
    assert r.returncode == INVALID, r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr  # quoted as \x1b, never sent to the terminal
    assert "control character" in r.stderr or "the limit is" in r.stderr
    assert event_count(wheel) == before


def test_control_characters_in_a_csv_name_are_refused_with_file_and_line(wheel):
    (wheel / "esc.csv").write_text("id,name\nesc-team,Esc \x1b[2J team\n")
    r = run(*db("import", "esc.csv"), cwd=wheel)
    assert r.returncode == INVALID and "esc.csv:2:" in r.stderr and "control character" in r.stderr, r.stderr
    assert "\x1b" not in r.stderr


# ---- 8. sub-wheels --------------------------------------------------------------------------------

def test_a_subwheel_must_exist(wheel):
    r = run(*db("add", "org", "--subwheel", "nonexistent"), cwd=wheel)
    assert r.returncode == NOT_FOUND, r.stderr
    assert "'nonexistent'" in r.stderr
    assert "org" not in [t["id"] for t in js(*db("list"), cwd=wheel)]


def _org_with_subwheel(cwd):
    ok("--db", "ops.db", "--wheel", "sub", "init", cwd=cwd)
    for team in ("sub-a", "sub-b"):
        ok("--db", "ops.db", "--wheel", "sub", "add", team, cwd=cwd)
    ok(*db("add", "org", "--subwheel", "sub"), cwd=cwd)


def test_accept_with_ids_spins_the_subwheel(wheel):
    _org_with_subwheel(wheel)
    meeting = js(*db("accept", "org", "iam", "--date", "2026-12-02"), cwd=wheel)["meeting"]
    assert [d["wheel"] for d in meeting["delegated"]] == ["sub"]
    assert meeting["delegated"][0]["picks"][0] in ("sub-a", "sub-b")
    assert len(js("--db", "ops.db", "--wheel", "sub", "history", cwd=wheel)) == 1


def test_a_subwheel_with_every_team_paused_sends_no_one(wheel):
    _org_with_subwheel(wheel)
    for team in ("sub-a", "sub-b"):
        ok("--db", "ops.db", "--wheel", "sub", "pause", team, cwd=wheel)
    r = ok(*db("accept", "org", "iam", "--date", "2026-12-02"), cwd=wheel)
    assert "no eligible team" in r.stdout
    assert js(*db("history"), cwd=wheel)[-1]["picks"] == ["org", "iam"]


# ==== The store and CLI hardening of 0.2.0, defects 1-10 (docs/cli.md, docs/persistence.md) ======

def unchanged(cwd, name="ops.db"):
    """The store file's bytes, with a check that no -wal or -shm file sits beside it: call before
    and after a refused command and compare."""
    assert not (cwd / f"{name}-wal").exists() and not (cwd / f"{name}-shm").exists()
    return (cwd / name).read_bytes()


# ---- 1. the CSV round trip keeps every field of a team ------------------------------------------

def test_a_csv_export_imports_back_with_pauses_tags_and_subwheels(wheel):
    ok("--db", "ops.db", "--wheel", "sub", "init", cwd=wheel)
    ok(*db("add", "org", "--subwheel", "sub", "--tag", "tier-1", "--tag", "a;b\\c", "--tag", ""), cwd=wheel)
    ok(*db("add", "tagged", "--tag", "storage"), cwd=wheel)
    ok(*db("pause", "iam"), cwd=wheel)  # paused without a date
    ok(*db("pause", "route53", "--until", "2027-01-06"), cwd=wheel)
    csv = ok(*db("export", "--format", "csv"), cwd=wheel).stdout
    assert csv.splitlines()[0] == "id,name,url,weight,paused,paused_until,tags,subwheel"
    (wheel / "roster.csv").write_text(csv)
    ok("--db", "ops.db", "--wheel", "copy", "init", cwd=wheel)
    ok("--db", "ops.db", "--wheel", "copy", "import", "roster.csv", cwd=wheel)
    fields = ("id", "name", "url", "weight", "tags", "paused", "paused_until", "subwheel")
    original = [{f: t[f] for f in fields} for t in js(*db("list"), cwd=wheel)]
    copied = [{f: t[f] for f in fields} for t in js("--db", "ops.db", "--wheel", "copy", "list", cwd=wheel)]
    assert copied == original
    by_id = {t["id"]: t for t in copied}
    assert by_id["iam"]["paused"] is True and by_id["iam"]["paused_until"] is None
    assert by_id["org"]["tags"] == ["tier-1", "a;b\\c", ""] and by_id["org"]["subwheel"] == "sub"
    # The columns read back as written, and refused when they contradict each other.
    (wheel / "bad.csv").write_text("id,paused,paused_until\nx,false,2027-01-06\n")
    before = unchanged(wheel)
    r = run(*db("import", "bad.csv"), cwd=wheel)
    assert r.returncode == INVALID and "bad.csv:2:" in r.stderr and "paused is false" in r.stderr, r.stderr
    assert unchanged(wheel) == before


# ---- 2. a read leaves no file behind that keeps a writer out ------------------------------------

def _as_user(uid):
    def switch():
        os.setgid(uid)
        os.setuid(uid)
    return switch


def test_a_read_leaves_no_wal_or_shm_that_blocks_the_owners_next_write(tmp_path):
    """A reader who may not write the file used to leave ops.db-wal and ops.db-shm behind (SQLite
    makes them to read a WAL database, and only a connection that can write removes them), owned
    by the reader: the owner's next write then failed. Now the read is refused, naming why, and
    leaves nothing. As root the reader and owner are two other users; otherwise the file is made
    read-only for the read."""
    # Another user must reach it: not under pytest's own directory, which only its owner may enter.
    place = Path(tempfile.mkdtemp(prefix="opswheel-shared-"))
    try:
        _read_then_write(place)
    finally:
        shutil.rmtree(place)


def _read_then_write(place):
    place.chmod(0o777)
    ok(*db("init", "--seed", "1"), cwd=place)
    ok(*db("add", "a"), cwd=place)
    ok(*db("list"), cwd=place)  # a read by the owner: nothing left either
    assert sorted(p.name for p in place.iterdir()) == ["ops.db"]
    exe = EXE
    if os.geteuid() == 0:
        owner, reader = 40001, 40002
        os.chown(place / "ops.db", owner, owner)
        as_owner, as_reader = {"preexec": _as_user(owner)}, {"preexec": _as_user(reader)}
        # The other users must reach the command too, and the build tree may sit in a directory
        # only its owner may enter (a clone under `mktemp -d`): they run a copy beside the file's.
        exe = str(shutil.copy2(EXE, Path(tempfile.mkdtemp(prefix="opswheel-exe-", dir=place.parent)) / "opswheel"))
        Path(exe).parent.chmod(0o755)
    else:
        as_owner, as_reader = {}, {}
        (place / "ops.db").chmod(0o444)

    def cli(who, *args):
        full_env = {k: v for k, v in os.environ.items() if k != "OPSWHEEL_DB"}
        full_env.update({"OPSWHEEL_TODAY": "2026-11-30", "USER": "tester"})
        return subprocess.run([exe, *db(*args)], cwd=place, env=full_env, capture_output=True, text=True,
                              timeout=120, preexec_fn=who.get("preexec"))

    for args in (("list",), ("verify",), ("history", "--events")):
        r = cli(as_reader, *args)
        assert r.returncode == STORAGE, r.stderr
        assert "without leaving files behind" in r.stderr and "'ops.db'" in r.stderr
        assert sorted(p.name for p in place.iterdir()) == ["ops.db"]
    r = cli(as_reader, "add", "b")
    assert r.returncode == STORAGE and "may only read" in r.stderr, r.stderr
    assert sorted(p.name for p in place.iterdir()) == ["ops.db"]
    if os.geteuid() != 0:
        (place / "ops.db").chmod(0o644)
    r = cli(as_owner, "add", "b")
    assert r.returncode == OK, r.stderr
    assert [t["id"] for t in json.loads(cli(as_owner, "--json", "list").stdout)] == ["a", "b"]
    if exe != EXE:
        shutil.rmtree(Path(exe).parent)


# ---- 3. an empty CSV file ------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "message"), [
    ("", "the file is empty"),
    ("id,name,url,weight\n", "no teams after the header"),
    ("\ufeff\r\n\r\n", "the file is empty"),
])
def test_an_empty_csv_is_bad_input_naming_the_file(wheel, content, message):
    (wheel / "empty.csv").write_text(content)
    before = unchanged(wheel)
    r = run(*db("import", "empty.csv"), cwd=wheel)
    assert r.returncode == INVALID, r.stderr
    assert "empty.csv" in r.stderr and message in r.stderr
    assert unchanged(wheel) == before


# ---- 4. verify and a wrong head hash -------------------------------------------------------------

def test_verify_names_the_last_event_when_the_head_hash_is_wrong(wheel):
    con = sqlite3.connect(wheel / "ops.db")
    with con:
        last, real = con.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        con.execute("UPDATE wheels SET head_hash = ?", ("ab" * 32,))
    con.close()
    r = run(*db("--json", "verify"), cwd=wheel)
    assert r.returncode == FAILED, r.stderr
    doc = json.loads(r.stdout)
    assert doc["first_bad"] == last  # it used to name event last + 1, which does not exist
    assert f"event {last}" in doc["problem"] and "ab" * 32 in doc["problem"] and real in doc["problem"]
    assert "head hash recorded for the wheel" in doc["problem"]


# ---- 6. reads never create or migrate ------------------------------------------------------------

READS = [("list",), ("history",), ("verify",), ("stats",), ("agenda",), ("actions", "list"), ("export", "--format", "json")]


@pytest.mark.parametrize("args", READS)
def test_a_read_of_a_missing_or_empty_file_makes_no_store(tmp_path, args):
    r = run(*db(*args), cwd=tmp_path)
    assert r.returncode == NOT_FOUND and "no opswheel database at 'ops.db'" in r.stderr, r.stderr
    assert not (tmp_path / "ops.db").exists()
    (tmp_path / "ops.db").write_bytes(b"")
    r = run(*db(*args), cwd=tmp_path)
    assert r.returncode == STORAGE, r.stderr
    assert "'ops.db' is not an opswheel store: it is an empty file" in r.stderr
    assert unchanged(tmp_path) == b""


def _sqlite_file(path, sql):
    con = sqlite3.connect(path)
    con.executescript(sql)
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("args", [("list",), ("verify",), ("add", "x"), ("init", "--wheel", "other")])
def test_another_applications_database_is_not_read_migrated_or_written(tmp_path, args):
    other = _sqlite_file(tmp_path / "ops.db", "CREATE TABLE accounts(id INTEGER PRIMARY KEY, name TEXT);"
                                               "INSERT INTO accounts(name) VALUES ('ana');")
    r = run(*db(*args), cwd=tmp_path)
    assert r.returncode == STORAGE and "not an opswheel store" in r.stderr, r.stderr
    assert unchanged(tmp_path) == other
    if args[0] == "init":
        return  # init makes a store of an empty database (the next test)
    empty = _sqlite_file(tmp_path / "empty.db", "PRAGMA user_version = 0; VACUUM;")
    r = run("--db", "empty.db", *args, cwd=tmp_path)
    assert r.returncode == STORAGE and "'empty.db' is not an opswheel store: it is an empty SQLite database" in r.stderr, r.stderr
    assert unchanged(tmp_path, "empty.db") == empty


def test_only_init_makes_a_store_of_an_empty_file(tmp_path):
    (tmp_path / "ops.db").write_bytes(b"")
    r = run(*db("add", "x"), cwd=tmp_path)
    assert r.returncode == STORAGE and "it is an empty file" in r.stderr, r.stderr
    assert unchanged(tmp_path) == b""
    ok(*db("init"), cwd=tmp_path)
    ok(*db("add", "x"), cwd=tmp_path)
    assert [t["id"] for t in js(*db("list"), cwd=tmp_path)] == ["x"]


# ---- 7. a return date in the past, a misspelt time zone ------------------------------------------

@pytest.mark.parametrize("args", [("pause", "iam", "--until", "2026-12-01"),  # the day before TODAY
                                  ("add", "new-team", "--paused-until", "2020-01-01")])
def test_a_return_date_in_the_past_is_refused(wheel, args):
    before = unchanged(wheel)
    r = run(*db(*args), cwd=wheel)
    assert r.returncode == INVALID, r.stderr
    assert args[-1] in r.stderr and "in the past" in r.stderr and TODAY in r.stderr
    assert unchanged(wheel) == before
    ok(*db("pause", "iam", "--until", TODAY), cwd=wheel)  # today is not the past


def test_a_time_zone_the_system_does_not_know_is_refused(tmp_path):
    r = run(*db("init", "--tz", "Europe/Berln"), cwd=tmp_path)
    assert r.returncode == INVALID, r.stderr
    assert "'Europe/Berln'" in r.stderr and "time-zone database" in r.stderr
    assert not (tmp_path / "ops.db").exists()
    ok(*db("init", "--tz", "Europe/Berlin"), cwd=tmp_path)
    before = unchanged(tmp_path)
    r = run(*db("--wheel", "two", "init", "--tz", "America/Nowhere"), cwd=tmp_path)
    assert r.returncode == INVALID and "'America/Nowhere'" in r.stderr, r.stderr
    assert unchanged(tmp_path) == before


# ---- 8. undo names what blocks it ----------------------------------------------------------------

def test_an_undo_refusal_names_the_event_that_blocks_it(wheel):
    ok(*db("accept", "iam", "route53", "--date", "2026-12-02"), cwd=wheel)
    ok(*db("--actor", "ana", "remove", "cloudfront"), cwd=wheel)
    removed = js(*db("history", "--events"), cwd=wheel)[-1]
    before = unchanged(wheel)
    r = run(*db("undo"), cwd=wheel)
    assert r.returncode == INVALID, r.stderr
    assert f"meeting 1 can no longer be undone: event {removed['seq']} (removed by ana, " in r.stderr
    assert removed["at"][:10] in r.stderr and "UTC)" in r.stderr
    assert unchanged(wheel) == before


def test_an_undo_refusal_names_the_event_before_the_wheels_snapshot(wheel):
    """The wheel opens from its snapshot (written every 100 events), which the blocking change
    precedes: the refusal still names it."""
    ok(*db("accept", "iam", "route53", "--date", "2026-12-02"), cwd=wheel)
    (wheel / "many.csv").write_text("id\n" + "".join(f"team-{i}\n" for i in range(120)))
    ok(*db("import", "many.csv"), cwd=wheel)
    last = js(*db("history", "--events"), cwd=wheel)[-1]
    con = sqlite3.connect(wheel / "ops.db")
    assert con.execute("SELECT max(seq) FROM snapshots").fetchone()[0] == last["seq"]
    con.close()
    r = run(*db("undo"), cwd=wheel)
    assert r.returncode == INVALID, r.stderr
    assert f"event {last['seq']} (added by tester, " in r.stderr


# ---- 9. verify --expect-head ----------------------------------------------------------------------

def test_verify_expect_head_checks_the_head_written_down_elsewhere(wheel):
    doc = js(*db("verify"), cwd=wheel)
    head = doc["head_hash"]
    assert len(head) == 64 and doc["ok"] is True
    doc = js(*db("verify", "--expect-head", head), cwd=wheel)
    assert doc["ok"] is True and doc["expected_head_event"] == doc["events"]
    # A head written down at an earlier meeting still vouches for the events up to it.
    ok(*db("add", "written-after"), cwd=wheel)
    doc = js(*db("verify", "--expect-head", head), cwd=wheel)
    assert doc["ok"] is True and doc["head_hash"] != head and doc["expected_head_event"] == doc["events"] - 1
    r = run(*db("verify", "--expect-head", head), cwd=wheel)
    assert r.returncode == OK and f"expected head is event {doc['events'] - 1}'s" in r.stdout, r.stdout
    other = "0" * 63 + "1"
    r = run(*db("verify", "--expect-head", other), cwd=wheel)
    assert r.returncode == FAILED and doc["head_hash"] in r.stdout and other in r.stdout, r.stdout
    r = run(*db("verify", "--expect-head", "ABC"), cwd=wheel)
    assert r.returncode == USAGE and "--expect-head" in r.stderr


def test_a_consistent_rewrite_passes_verify_and_only_the_recorded_head_shows_it(wheel):
    """What the audit chain does not prove (docs/persistence.md): whoever can write the file can
    rewrite an event and every hash after it. verify passes; the head written down before does not."""
    import hashlib
    written_down = js(*db("verify"), cwd=wheel)["head_hash"]
    con = sqlite3.connect(wheel / "ops.db")
    with con:
        rows = con.execute("SELECT seq, actor, json FROM events ORDER BY seq").fetchall()
        prev = "0" * 64
        for seq, actor, text in rows:
            if seq == 2:  # the first team's addition, now by someone else
                text = text.replace(f'"actor":"{actor}"', '"actor":"mallory"')
                actor = "mallory"
            hash = hashlib.sha256(f"{prev}\n{text}".encode()).hexdigest()
            con.execute("UPDATE events SET actor = ?, json = ?, prev = ?, hash = ? WHERE seq = ?", (actor, text, prev, hash, seq))
            prev = hash
        con.execute("UPDATE wheels SET head_hash = ?", (prev,))
        con.execute("DELETE FROM snapshots")
    con.close()
    assert js(*db("verify"), cwd=wheel)["ok"] is True  # the chain holds: it was rewritten consistently
    r = run(*db("--json", "verify", "--expect-head", written_down), cwd=wheel)
    assert r.returncode == FAILED
    doc = json.loads(r.stdout)
    assert doc["ok"] is False and written_down in doc["problem"] and prev in doc["problem"]
    assert doc["expected_head_event"] is None
