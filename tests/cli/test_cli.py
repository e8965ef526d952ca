# SPDX-License-Identifier: Apache-2.0
"""The opswheel command driven as a subprocess: every command's happy path, --json, exit codes,
two processes on one wheel, and bad input. OPSWHEEL_CLI names the executable (set by ctest)."""
import json
import os
import queue
import re
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

EXE = os.environ.get("OPSWHEEL_CLI", "opswheel")
TODAY = "2026-12-02"  # a Wednesday, the day of a meeting (Wednesdays by default), so `accept` can record it

OK, FAILED, USAGE, INVALID, NOT_FOUND, CONFLICT, STORAGE = 0, 1, 2, 3, 4, 5, 6

TEAMS_CSV = """id,name,url,weight
ec2-api,EC2 API,https://dash.example.com/ec2,3
s3-frontend,S3 Frontend,https://dash.example.com/s3,2
sqs-core,SQS Core,,1
lambda-invoke,"Lambda, Invoke",https://dash.example.com/lambda,2
iam,IAM,https://dash.example.com/iam,1
dynamodb,DynamoDB,https://dash.example.com/ddb,2
route53,Route 53,,1
cloudfront,CloudFront,,1
"""


def run(*args, cwd, env=None, stdin=None):
    full_env = {k: v for k, v in os.environ.items() if k != "OPSWHEEL_DB"}
    full_env.update({"OPSWHEEL_TODAY": TODAY, "USER": "tester", **(env or {})})
    return subprocess.run([EXE, *args], cwd=cwd, env=full_env, input=stdin, capture_output=True, text=True, timeout=120)


def ok(*args, cwd, **kw):
    r = run(*args, cwd=cwd, **kw)
    assert r.returncode == OK, f"{args}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r


def js(*args, cwd, **kw):
    return json.loads(ok(*args, "--json", cwd=cwd, **kw).stdout)


@pytest.fixture
def wheel(tmp_path):
    """A wheel with eight teams in tmp_path/ops.db."""
    (tmp_path / "teams.csv").write_text(TEAMS_CSV)
    ok("--db", "ops.db", "init", "--policy", "quota", "--seed", "7", "--weekday", "wed", cwd=tmp_path)
    ok("--db", "ops.db", "import", "teams.csv", cwd=tmp_path)
    return tmp_path


def db(*args):
    return ("--db", "ops.db", *args)


# ---- usage and exit codes ----------------------------------------------------------------------

def test_help_documents_the_exit_codes(tmp_path):
    r = ok("--help", cwd=tmp_path)
    for line in ["2  usage", "3  refused", "4  not found", "5  conflict", "6  storage"]:
        assert line in r.stdout
    assert "actions add" in r.stdout
    assert "Usage: opswheel spin" in ok("spin", "--help", cwd=tmp_path).stdout
    assert run(cwd=tmp_path).returncode == USAGE


def option_help(text, section="Options:"):
    """{"--name VALUE": "its description (default ...)"} from a section of a command's help."""
    options, current = {}, None
    lines = text.split(section + "\n", 1)[1].split("\n\n", 1)[0].splitlines()
    for line in lines:
        if line.startswith("  -"):
            name, _, rest = line.strip().partition("  ")
            current = name.strip()
            options[current] = rest.strip()
        elif current:
            options[current] = (options[current] + " " + line.strip()).strip()
    return options


def commands(tmp_path):
    text = ok("--help", cwd=tmp_path).stdout.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [re.split(r"  +", line.strip())[0] for line in text.splitlines()]


def test_each_command_help_describes_every_option_in_its_usage(tmp_path):
    names = commands(tmp_path)
    assert "actions add" in names and "simulate" in names and len(names) > 25
    for name in names:
        text = ok("help", *name.split(), cwd=tmp_path).stdout
        assert text.startswith(f"Usage: opswheel {name}"), name
        usage = text.split("\n\n", 1)[0]
        in_usage = re.findall(r"(--[a-z-]+|-[a-z])\b", usage)
        described = option_help(text) if "Options:\n" in text else {}
        for option in in_usage:
            entry = [d for o, d in described.items() if o.split()[0].rstrip(",") == option or f", {option}" in o]
            assert entry and len(entry[0]) > 5, f"{name}: {option} has no description"
        assert len(in_usage) == len(described), (name, in_usage, list(described))
        assert text == ok(*name.split(), "--help", cwd=tmp_path).stdout  # the same either way


def test_option_help_states_the_defaults_the_command_uses(tmp_path):
    """The defaults in the help are the ones the commands apply: simulate's, read back from its
    --json output, and init's policy and cadence, read back from the wheel it creates."""
    options = option_help(ok("help", "simulate", cwd=tmp_path).stdout)
    default = {o.split()[0]: re.search(r"\(default ([^)]*)\)", d).group(1) for o, d in options.items() if "(default " in d}
    assert default["--teams"] == "100" and default["--slack"] == "2"
    small = js("simulate", "--policies", "rotation", "--weeks", "3", "--runs", "1", cwd=tmp_path)
    assert small["teams"] == int(default["--teams"]) and small["k"] == int(default["-k"])
    assert small["seed"] == default["--seed"] and small["runs"] == 1
    assert str(js("simulate", "--policies", "rotation", "--teams", "8", "--runs", "1", cwd=tmp_path)["weeks"]) == default["--weeks"]
    init = option_help(ok("help", "init", cwd=tmp_path).stdout)
    created = js("--db", "d.db", "init", "--seed", "1", cwd=tmp_path)
    assert f"(default {created['policy']})" in init["--policy quota|aws|lottery|shuffle_bag|rotation"]
    assert f"(default {created['weekday']})" in init["--weekday mon|...|sun"]
    assert f"(default {created['start']})" in init["--time HH:MM"] and f"(default {created['minutes']})" in init["--duration MINUTES"]
    assert f"(default {created['time_zone']})" in init["--tz ZONE"]
    assert "(default 'default')" in option_help(ok("help", "list", cwd=tmp_path).stdout, "Global options (before or after the command):")["--wheel NAME"]


@pytest.mark.parametrize("args", [("help", "actions"), ("actions", "--help"), ("--help", "actions")])
def test_help_actions_lists_the_subcommands(tmp_path, args):
    text = ok(*args, cwd=tmp_path).stdout
    assert text.startswith("Usage: opswheel actions SUBCOMMAND")
    for sub in ("add", "list", "show", "update", "done", "due", "overdue"):
        assert re.search(rf"^  actions {sub} +\S", text, re.M), sub
    assert "Commands:" not in text and "  spin " not in text


def test_help_of_an_unknown_command_is_a_usage_error(tmp_path):
    r = run("help", "spinn", cwd=tmp_path)
    assert r.returncode == USAGE and "no command 'spinn'" in r.stderr and r.stdout == ""


def test_a_required_option_is_named_when_missing(tmp_path):
    r = run("--db", "x.db", "actions", "add", "Fix it", "--owner", "iam", cwd=tmp_path)
    assert r.returncode == USAGE and "actions add needs --due DATE" in r.stderr
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("args", [("--version",), ("version",), ("--db", "x.db", "--version"), ("list", "--version")])
def test_version_prints_the_one_version_number(tmp_path, args):
    header = (Path(__file__).parents[2] / "include" / "opswheel" / "version.h").read_text()
    parts = [header.split(f"#define OPSWHEEL_VERSION_{p} ")[1].split()[0] for p in ("MAJOR", "MINOR", "PATCH")]
    r = ok(*args, cwd=tmp_path)
    assert r.stdout == f"opswheel {'.'.join(parts)}\n"
    assert not (tmp_path / "x.db").exists()


def test_the_docs_exit_status_table_matches_the_help(tmp_path):
    """docs/cli.md explains the statuses at length; `--help` prints src/cli/exit_codes.hpp's table.
    Same codes, and the same kind for each ("usage", "refused", ...)."""
    import re
    help_text = ok("--help", cwd=tmp_path).stdout.split("Exit status:\n", 1)[1]
    printed = {int(code): meaning for code, meaning in re.findall(r"^  (\d+)  (.*)$", help_text, re.M)}
    doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text().split("## Exit status", 1)[1]
    documented = {int(code): meaning for code, meaning in re.findall(r"^\| (\d+) \| (.*) \|$", doc.split("\n## ")[0], re.M)}
    assert printed.keys() == documented.keys() == {OK, FAILED, USAGE, INVALID, NOT_FOUND, CONFLICT, STORAGE}
    for code in (USAGE, INVALID, NOT_FOUND, CONFLICT, STORAGE):
        assert printed[code].split(":")[0] == documented[code].split(":")[0]


@pytest.mark.parametrize("args", [["frobnicate"], ["list", "--bogus"], ["spin", "-k", "seven"], ["spin", "-k"],
                                  ["accept", "--date", "2026-02-30"], ["actions"], ["actions", "bogus"],
                                  ["pause", "iam", "--until", "next week"], ["actions", "due", "2026-13-01"]])
def test_usage_errors_exit_2(wheel, args):
    r = run(*db(*args), cwd=wheel)
    assert r.returncode == USAGE, r.stderr
    assert r.stderr.startswith("opswheel: ") and r.stdout == ""


def test_invalid_date_names_the_text(wheel):
    r = run(*db("accept", "--date", "2026-02-30"), cwd=wheel)
    assert "2026-02-30" in r.stderr


def test_read_commands_on_a_missing_database_exit_4_and_create_nothing(tmp_path):
    for args in (["list"], ["stats"], ["agenda"], ["history"], ["verify"], ["actions", "list"], ["add", "x"]):
        r = run("--db", "missing.db", *args, cwd=tmp_path)
        assert r.returncode == NOT_FOUND, (args, r.stderr)
        assert "opswheel init" in r.stderr
    assert not (tmp_path / "missing.db").exists()


def test_missing_wheel_names_the_wheels_there_are(wheel):
    r = run(*db("--wheel", "other", "list"), cwd=wheel)
    assert r.returncode == NOT_FOUND and "default" in r.stderr


def test_a_file_that_is_not_a_database_is_a_storage_error(tmp_path):
    (tmp_path / "junk.db").write_text("not sqlite " * 100)
    assert run("--db", "junk.db", "list", cwd=tmp_path).returncode == STORAGE


def test_unknown_team_exits_4(wheel):
    for args in (["pause", "nobody"], ["set-weight", "nobody", "2"], ["accept", "nobody"], ["pin", "nobody", "--reason", "x"]):
        r = run(*db(*args), cwd=wheel)
        assert r.returncode == NOT_FOUND, (args, r.stderr)
        assert "nobody" in r.stderr


def test_refused_values_exit_3_and_change_nothing(wheel):
    before = js(*db("history", "--events"), cwd=wheel)
    assert run(*db("set-weight", "iam", "-1"), cwd=wheel).returncode == INVALID
    assert run(*db("add", "iam"), cwd=wheel).returncode == INVALID  # duplicate
    assert run(*db("add", "x", "--url", "ftp://x"), cwd=wheel).returncode == INVALID
    assert run(*db("undo"), cwd=wheel).returncode == INVALID  # nothing to undo
    assert run(*db("init"), cwd=wheel).returncode == INVALID  # the wheel exists
    assert run(*db("init", "--wheel", "w2", "--tz", "Mars/Olympus"), cwd=wheel).returncode == INVALID
    assert js(*db("history", "--events"), cwd=wheel) == before


# ---- setup and roster ----------------------------------------------------------------------------

def test_init_creates_the_database_and_global_options_go_anywhere(tmp_path):
    r = ok("init", "--db", "a.db", "--policy", "aws", "--seed", "1", "--weekday", "thu", "--time", "09:30",
           "--duration", "90", "--tz", "Europe/Berlin", cwd=tmp_path)
    assert "Thursdays 09:30–11:00 Europe/Berlin" in r.stdout
    assert "4 service reviews fit" in r.stdout  # 90 minutes: 30 for the other sections
    info = js("--db", "a.db", "--wheel", "second", "init", "--seed", "2", cwd=tmp_path)
    assert info["ok"] and info["wheel"] == "second" and info["policy"] == "quota"
    assert js("list", "--db", "a.db", cwd=tmp_path) == []
    assert js("--json", "--db", "a.db", "list", cwd=tmp_path) == []  # --json before the command too


def test_db_from_the_environment(tmp_path):
    ok("init", "--seed", "1", cwd=tmp_path, env={"OPSWHEEL_DB": str(tmp_path / "env.db")})
    assert (tmp_path / "env.db").exists() and not (tmp_path / "opswheel.db").exists()


def test_default_database_is_opswheel_db_in_the_current_directory(tmp_path):
    ok("init", "--seed", "1", cwd=tmp_path)
    assert (tmp_path / "opswheel.db").exists()


def test_import_and_list(wheel):
    teams = js(*db("list"), cwd=wheel)
    assert [t["id"] for t in teams][:3] == ["ec2-api", "s3-frontend", "sqs-core"]
    assert {t["id"]: t["weight"] for t in teams}["ec2-api"] == 3
    assert {t["id"]: t["name"] for t in teams}["lambda-invoke"] == "Lambda, Invoke"
    table = ok(*db("list"), cwd=wheel).stdout.splitlines()
    assert table[0].split() == ["TEAM", "NAME", "WEIGHT", "STATUS", "TURNS", "LAST"]
    assert table[1].index("EC2 API") == table[0].index("NAME")  # aligned columns


def test_import_feeder_format_and_stdin(tmp_path):
    ok("--db", "f.db", "init", "--seed", "3", cwd=tmp_path)
    ok("--db", "f.db", "import", "-", cwd=tmp_path, stdin="name,url\nEC2 API,https://d/ec2\nRoute 53 (DNS),\n")
    assert [t["id"] for t in js("--db", "f.db", "list", cwd=tmp_path)] == ["ec2-api", "route-53-dns"]


def test_bad_csv_row_is_refused_with_its_line_number_and_nothing_is_imported(tmp_path):
    ok("--db", "b.db", "init", "--seed", "3", cwd=tmp_path)
    (tmp_path / "bad.csv").write_text("id,name,url,weight\na,A,,1\nb,B,,2\nc,C,,-1\nd,D,,1\n")
    r = run("--db", "b.db", "import", "bad.csv", cwd=tmp_path)
    assert r.returncode == INVALID
    assert "bad.csv:4:" in r.stderr and "weight" in r.stderr
    assert js("--db", "b.db", "list", cwd=tmp_path) == []
    (tmp_path / "dup.csv").write_text("id,weight\na,1\n\"b\",2\na,3\n")
    r = run("--db", "b.db", "import", "dup.csv", cwd=tmp_path)
    assert r.returncode == INVALID and "dup.csv:4:" in r.stderr
    (tmp_path / "cols.csv").write_text("id,colour\na,red\n")
    assert "unknown column" in run("--db", "b.db", "import", "cols.csv", cwd=tmp_path).stderr
    assert run("--db", "b.db", "import", "nope.csv", cwd=tmp_path).returncode == NOT_FOUND
    assert js("--db", "b.db", "list", cwd=tmp_path) == []


def test_a_team_already_on_the_roster_stops_the_import(wheel):
    (wheel / "more.csv").write_text("id\nnew-one\niam\n")
    r = run(*db("import", "more.csv"), cwd=wheel)
    assert r.returncode == INVALID and "more.csv:3:" in r.stderr
    assert "new-one" not in [t["id"] for t in js(*db("list"), cwd=wheel)]


def test_roster_changes(wheel):
    ok(*db("add", "new-team", "--name", "New", "--weight", "2.5", "--tag", "edge", "--url", "https://d/new"), cwd=wheel)
    ok(*db("set-weight", "iam", "4"), cwd=wheel)
    ok(*db("pause", "sqs-core", "--until", "2026-12-09"), cwd=wheel)
    teams = {t["id"]: t for t in js(*db("list"), cwd=wheel)}
    assert teams["new-team"]["weight"] == 2.5 and teams["new-team"]["tags"] == ["edge"]
    assert teams["iam"]["weight"] == 4
    assert teams["sqs-core"]["paused"] and teams["sqs-core"]["paused_until"] == "2026-12-09"
    ok(*db("resume", "sqs-core"), cwd=wheel)
    ok(*db("remove", "route53"), cwd=wheel)
    teams = {t["id"]: t for t in js(*db("list"), cwd=wheel)}
    assert not teams["sqs-core"]["paused"] and "route53" not in teams


# ---- the meeting ---------------------------------------------------------------------------------

def test_spin_shows_chances_and_accept_records_the_spin(wheel):
    spin = js(*db("spin", "-k", "3"), cwd=wheel)
    assert spin["meeting"] == "2026-12-02" and len(spin["picks"]) == 3
    assert abs(sum(spin["chances"].values()) - 3) < 0.2
    text = ok(*db("spin", "-k", "3", "--all"), cwd=wheel).stdout
    assert "CHANCE" in text and "%" in text and "Every eligible team" in text
    last = js(*db("spin", "-k", "3"), cwd=wheel)
    meeting = js(*db("accept"), cwd=wheel)["meeting"]
    assert meeting["picks"] == last["picks"] and meeting["date"] == "2026-12-02"
    assert meeting["position"] == last["position"]
    history = js(*db("history"), cwd=wheel)
    assert [m["picks"] for m in history] == [last["picks"]]
    stats = js(*db("stats"), cwd=wheel)
    assert sum(s["turns"] for s in stats) == 3
    # The next spin is for the following meeting; accepting twice is refused.
    assert run(*db("accept"), cwd=wheel).returncode == INVALID
    assert js(*db("spin"), cwd=wheel)["meeting"] == "2026-12-09"


def test_default_spin_fills_the_meeting(wheel):
    assert len(js(*db("spin"), cwd=wheel)["picks"]) == 6  # 2 hours: six 15-minute reviews fit


def test_accept_without_a_spin_is_refused(wheel):
    r = run(*db("accept"), cwd=wheel)
    assert r.returncode == INVALID and "spin" in r.stderr


def test_accept_explicit_ids_and_a_date(wheel):
    m = js(*db("accept", "iam", "dynamodb", "--date", "2026-12-16"), cwd=wheel, env={"OPSWHEEL_TODAY": "2026-12-16"})["meeting"]
    assert m["picks"] == ["iam", "dynamodb"] and m["date"] == "2026-12-16" and m["position"] is None
    r = run(*db("accept", "iam", "--date", "2026-12-17"), cwd=wheel, env={"OPSWHEEL_TODAY": "2026-12-20"})  # a Thursday: no meeting
    assert r.returncode == INVALID and "Wednesday" in r.stderr


def test_accept_refuses_a_meeting_that_has_not_taken_place(wheel):
    """A spin on the Monday is for Wednesday's meeting; it is recorded on the day, not before."""
    before = {"OPSWHEEL_TODAY": "2026-11-30"}
    spin = js(*db("spin", "-k", "2"), cwd=wheel, env=before)
    assert spin["meeting"] == "2026-12-02"
    for args in (("accept",), ("accept", "iam", "--date", "2026-12-02"), ("accept", "iam", "--date", "2026-12-09")):
        r = run(*db(*args), cwd=wheel, env=before)
        assert r.returncode == INVALID and "has not taken place yet (today is 2026-11-30)" in r.stderr, args
    assert js(*db("history"), cwd=wheel) == []  # nothing was recorded
    assert js(*db("accept"), cwd=wheel, env={"OPSWHEEL_TODAY": "2026-12-02"})["meeting"]["picks"] == spin["picks"]
    # Recorded late: the meeting is named, as it is past.
    late = js(*db("accept", "iam", "--date", "2026-12-09"), cwd=wheel, env={"OPSWHEEL_TODAY": "2026-12-10"})["meeting"]
    assert late["date"] == "2026-12-09"


def test_import_of_a_json_export_restores_the_wheel(wheel):
    spin = js(*db("spin", "-k", "3"), cwd=wheel)
    ok(*db("accept"), cwd=wheel)
    ok(*db("actions", "add", "Alarm on p99", "--owner", "iam", "--due", "2026-12-16"), cwd=wheel)
    exported = ok(*db("export", "--format", "json"), cwd=wheel).stdout
    (wheel / "backup.json").write_text(exported)
    # Into a new database (created by the import), under the name it was exported with.
    r = js("--db", "restored.db", "import", "backup.json", cwd=wheel)
    assert r["wheel"] == "default" and r["teams"] == 8 and r["meetings"] == 1
    assert ok("--db", "restored.db", "export", "--format", "json", cwd=wheel).stdout == exported
    assert ok("--db", "restored.db", "verify", cwd=wheel).stdout.startswith("ok:")
    assert [m["picks"] for m in js("--db", "restored.db", "history", cwd=wheel)] == [spin["picks"]]
    # Beside the original under another name, from standard input; the name taken is refused.
    assert js(*db("--wheel", "copy", "import", "-"), cwd=wheel, stdin=exported)["wheel"] == "copy"
    assert js(*db("--wheel", "copy", "stats"), cwd=wheel) == js(*db("stats"), cwd=wheel)
    head = js(*db("history", "--events"), cwd=wheel)
    r = run(*db("import", "backup.json"), cwd=wheel)
    assert r.returncode == INVALID and "default" in r.stderr
    assert js(*db("history", "--events"), cwd=wheel) == head


@pytest.mark.parametrize(("text", "args"), [
    ('{"format": "opswheel/1", "name": "x"', ()),                 # cut short
    ('{"format": "opswheel/99", "name": "x", "events": []}', ()),  # a newer format
    ("id,name\nec2-api,EC2\n", ("--format", "json")),
])
def test_import_of_bad_json_changes_nothing(tmp_path, text, args):
    (tmp_path / "in.json").write_text(text)
    r = run("--db", "new.db", "import", "in.json", *args, cwd=tmp_path)
    assert r.returncode in (INVALID, STORAGE) and r.stderr.startswith("opswheel: "), r.stderr  # damaged: 6, as the store says
    assert not (tmp_path / "new.db").exists()


def test_skip_pin_unpin_undo(wheel):
    ok(*db("pin", "route53", "--reason", "Sev-2 last week"), cwd=wheel)
    assert run(*db("pin", "route53"), cwd=wheel).returncode == USAGE  # a pin needs a reason
    spin = js(*db("spin", "-k", "3"), cwd=wheel)
    assert spin["picks"][0] == "route53" and spin["pinned"][0]["reason"] == "Sev-2 last week"
    out = js(*db("skip", spin["picks"][1], "--reason", "at a launch"), cwd=wheel)
    assert spin["picks"][1] not in out["picks"] and out["skipped"][0]["reason"] == "at a launch"
    assert run(*db("skip", "not-picked-team"), cwd=wheel).returncode == USAGE  # no --reason
    m = js(*db("accept"), cwd=wheel)["meeting"]
    assert m["picks"] == out["picks"] and m["skipped"][0]["id"] == spin["picks"][1]
    assert m["pinned"][0]["id"] == "route53"
    ok(*db("undo", "--reason", "recorded the wrong week"), cwd=wheel)
    assert js(*db("history"), cwd=wheel) == []
    ok(*db("pin", "iam", "--reason", "x"), cwd=wheel)
    ok(*db("unpin", "iam"), cwd=wheel)
    assert run(*db("unpin", "iam"), cwd=wheel).returncode == INVALID


def test_actor_is_recorded_with_every_change(wheel):
    ok(*db("--actor", "alice", "add", "team-x"), cwd=wheel)
    ok(*db("pause", "team-x", "--actor", "bob"), cwd=wheel)
    events = js(*db("history", "--events"), cwd=wheel)
    assert [(e["type"], e["actor"]) for e in events[-2:]] == [("added", "alice"), ("paused", "bob")]
    assert events[1]["actor"] == "tester"  # the default: $USER
    assert all(len(e["hash"]) == 64 for e in events)


# ---- two processes on one wheel ------------------------------------------------------------------

def test_concurrent_writers_one_gets_the_conflict_code_and_nothing_is_lost(wheel):
    """A loads the wheel and is held before its commit; B commits in between; A must get the
    conflict code with nothing written, B's change stays, and A's retry succeeds."""
    hold = wheel / "hold"
    hold.mkdir()
    env = {**os.environ, "OPSWHEEL_TODAY": TODAY, "OPSWHEEL_CLI_HOLD_BEFORE_COMMIT": str(hold)}
    a = subprocess.Popen([EXE, *db("--actor", "alice", "add", "team-a")], cwd=wheel, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while not (hold / "ready").exists():  # A has loaded and changed the wheel
            assert a.poll() is None, a.stderr.read()
            time.sleep(0.01)
        ok(*db("--actor", "bob", "add", "team-b"), cwd=wheel)
        (hold / "go").touch()
        _, err = a.communicate(timeout=60)
    finally:
        if a.poll() is None:
            a.kill()
    assert a.returncode == CONFLICT, err
    assert "run the command again" in err
    ids = [t["id"] for t in js(*db("list"), cwd=wheel)]
    assert "team-b" in ids and "team-a" not in ids
    ok(*db("--actor", "alice", "add", "team-a"), cwd=wheel)  # the retry
    ids = [t["id"] for t in js(*db("list"), cwd=wheel)]
    assert ids[-2:] == ["team-b", "team-a"]
    assert ok(*db("verify"), cwd=wheel).returncode == OK


def test_a_change_between_spin_and_accept_makes_the_spin_stale(wheel):
    """Process A spins; process B pauses a team; A's accept of that spin is a conflict (the draw
    was made from a wheel that no longer exists), names B's change, and records nothing."""
    spin = js(*db("--actor", "alice", "spin", "-k", "3"), cwd=wheel)
    ok(*db("--actor", "bob", "pause", spin["picks"][0]), cwd=wheel)
    r = run(*db("--actor", "alice", "accept"), cwd=wheel)
    assert r.returncode == CONFLICT
    assert "paused by bob" in r.stderr and "spin" in r.stderr
    assert js(*db("history"), cwd=wheel) == []
    again = js(*db("spin", "-k", "3"), cwd=wheel)
    assert spin["picks"][0] not in again["picks"]
    assert js(*db("accept"), cwd=wheel)["meeting"]["picks"] == again["picks"]


# ---- watch: the change feed ----------------------------------------------------------------------

def watcher(*args, cwd):
    """`opswheel watch ARGS` in the background, and a thread that hands on its lines as they come,
    each with the time it was read."""
    env = {k: v for k, v in os.environ.items() if k != "OPSWHEEL_DB"}
    env.update({"OPSWHEEL_TODAY": TODAY, "USER": "tester"})
    proc = subprocess.Popen([EXE, *db("watch", *args)], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put((time.monotonic(), line)) for line in proc.stdout], daemon=True)
    reader.start()
    return proc, lines, reader


def test_watch_prints_each_accept_of_other_processes_within_a_second(wheel):
    head = js(*db("history", "--events"), cwd=wheel)[-1]["seq"]
    proc, lines, reader = watcher("--from", str(head + 1), "--count", "3", "--timeout", "60", cwd=wheel)
    for date, team in (("2026-12-02", "iam"), ("2026-12-09", "sqs-core"), ("2026-12-16", "route53")):
        ok(*db("accept", team, "--date", date), cwd=wheel, env={"OPSWHEEL_TODAY": date})
        done = time.monotonic()
        read_at, line = lines.get(timeout=10)
        assert read_at - done < 1.0, f"the accept of {team} was printed {read_at - done:.2f} s after it returned"
        event = json.loads(line)
        assert line.endswith("\n") and "\n" not in line[:-1]  # one line each
        assert event["type"] == "accepted" and event["data"]["meeting"]["picks"] == [team]
        assert event["seq"] == head + 1 and len(event["hash"]) == 64 and len(event["prev"]) == 64
        head += 1
    assert proc.wait(timeout=10) == OK  # after --count events
    reader.join(timeout=10)
    proc.stdout.close()
    with proc.stderr:
        assert proc.stderr.read() == ""
    assert lines.empty()  # nothing after the third
    # The same JSON as the audit log's: history --events --json lists these events exactly so.
    assert js(*db("history", "--events"), cwd=wheel)[-3:] == [json.loads(x) for x in
                                                             ok(*db("watch", "--from", str(head - 2), "--timeout", "0"), cwd=wheel).stdout.splitlines()]


def test_watch_without_from_prints_only_new_events_and_ends_at_its_timeout(wheel):
    start = time.monotonic()
    r = ok(*db("watch", "--timeout", "0.3"), cwd=wheel)
    assert r.stdout == "" and 0.3 <= time.monotonic() - start < 5
    assert len(ok(*db("watch", "--from", "1", "--timeout", "0"), cwd=wheel).stdout.splitlines()) == \
        len(js(*db("history", "--events"), cwd=wheel))


def test_watch_bad_input(wheel):
    for args in (["--timeout", "-1"], ["--timeout", "soon"], ["--count", "0"], ["--count", "x"], ["--from", "-2"], ["extra"]):
        r = run(*db("watch", *args), cwd=wheel)
        assert r.returncode == USAGE and r.stdout == "", args
    r = run("--db", "ops.db", "--wheel", "nope", "watch", "--timeout", "5", cwd=wheel)
    assert r.returncode == NOT_FOUND and "nope" in r.stderr
    assert run("--db", "missing.db", "watch", "--timeout", "0", cwd=wheel).returncode == NOT_FOUND
    assert not (wheel / "missing.db").exists()
    assert "--count N" in ok("watch", "--help", cwd=wheel).stdout and "default" in ok("watch", "--help", cwd=wheel).stdout


# ---- action items --------------------------------------------------------------------------------

def test_action_items(wheel):
    ok(*db("accept", "ec2-api", "iam", "--date", "2026-12-02"), cwd=wheel)
    item = js(*db("actions", "add", "--owner", "ec2-api", "--due", "2026-12-16", "Alarm on p99 latency",
                  "--priority", "high", "--raised", "2026-12-02"), cwd=wheel)["item"]
    assert item["id"] == "AI-1" and item["standing"]["report_back"] == "2026-12-16" and item["priority"] == "high"
    fleet = js(*db("actions", "add", "TLS 1.3 everywhere", "--owner", "iam", "--due", "2026-12-09",
                   "--target", "ec2-api", "--target", "s3-frontend", "--raised", "2026-12-02"), cwd=wheel)["item"]
    assert [t["team"] for t in fleet["targets"]] == ["ec2-api", "s3-frontend"]
    assert [i["id"] for i in js(*db("actions", "list"), cwd=wheel)] == ["AI-1", "AI-2"]
    assert [i["id"] for i in js(*db("actions", "due", "2026-12-16"), cwd=wheel)] == ["AI-1"]
    assert [i["id"] for i in js(*db("actions", "overdue", "2026-12-16"), cwd=wheel)] == ["AI-2"]
    # A new due date needs a reason; with one it is recorded.
    assert run(*db("actions", "update", "AI-1", "--due", "2026-12-23"), cwd=wheel).returncode == INVALID
    ok(*db("actions", "update", "AI-1", "--due", "2026-12-23", "--reason", "waiting for the vendor",
           "--status", "in_progress", "--comment", "half done"), cwd=wheel)
    shown = js(*db("actions", "show", "AI-1"), cwd=wheel)
    assert shown["due"] == "2026-12-23" and shown["status"] == "in_progress"
    assert [h["change"]["kind"] for h in shown["history"]] == ["item_created", "due_moved", "status_changed", "comment_added"]
    assert shown["history"][1]["change"]["reason"] == "waiting for the vendor"
    # Fleet-wide: each team's part, then the item.
    assert run(*db("actions", "done", "AI-2"), cwd=wheel).returncode == INVALID  # targets still open
    ok(*db("actions", "done", "AI-2", "--team", "ec2-api", "--on", "2026-12-03"), cwd=wheel)
    ok(*db("actions", "done", "AI-2", "--team", "s3-frontend"), cwd=wheel)
    ok(*db("actions", "done", "AI-2"), cwd=wheel)
    assert [i["id"] for i in js(*db("actions", "list"), cwd=wheel)] == ["AI-1"]
    assert [i["status"] for i in js(*db("actions", "list", "--all"), cwd=wheel)] == ["in_progress", "done"]
    assert [i["id"] for i in js(*db("actions", "list", "--status", "done"), cwd=wheel)] == ["AI-2"]
    assert run(*db("actions", "show", "AI-9"), cwd=wheel).returncode == NOT_FOUND
    assert run(*db("actions", "add", "x", "--owner", "nobody", "--due", "2026-12-30"), cwd=wheel).returncode == NOT_FOUND
    assert run(*db("actions", "add", "x", "--owner", "iam"), cwd=wheel).returncode == USAGE
    table = ok(*db("actions", "list", "--all"), cwd=wheel).stdout
    assert "ITEM" in table and "TLS 1.3 everywhere" in table


# ---- agenda, export, verify ----------------------------------------------------------------------

def test_agenda_in_three_formats(wheel):
    spin = js(*db("spin", "-k", "3"), cwd=wheel)
    ok(*db("actions", "add", "Alarm", "--owner", "iam", "--due", "2026-12-02", "--raised", "2026-11-25"), cwd=wheel)
    md = ok(*db("agenda", "--format", "md"), cwd=wheel).stdout
    assert md.startswith("# Operations review — 2026-12-02")
    agenda = js(*db("agenda"), cwd=wheel)
    assert agenda["date"] == "2026-12-02" and agenda["presenting_from"] == "suggestion"
    assert [r["team"] for r in agenda["reviews"]] == spin["picks"]
    assert [i["id"] for i in agenda["due"]] == ["AI-1"]
    assert json.loads(ok(*db("agenda", "--format", "json"), cwd=wheel).stdout) == agenda
    ics = ok(*db("agenda", "2026-12-02", "--format", "ics"), cwd=wheel).stdout
    assert ics.startswith("BEGIN:VCALENDAR") and "BEGIN:VTODO" in ics
    # An action item does not change who presents: the spin is still the one to accept.
    assert js(*db("accept"), cwd=wheel)["meeting"]["picks"] == spin["picks"]
    after = js(*db("agenda", "2026-12-02"), cwd=wheel)
    assert after["presenting_from"] == "accepted" and [r["team"] for r in after["reviews"]] == spin["picks"]
    r = run(*db("agenda", "2026-12-03"), cwd=wheel)
    assert r.returncode == INVALID and "no meeting on 2026-12-03" in r.stderr


def test_agenda_without_a_spin_says_so(wheel):
    r = ok(*db("agenda"), cwd=wheel)
    assert "## Service reviews\n\nNone." in r.stdout and "spin" in r.stderr


def test_export_formats_and_csv_round_trip(wheel):
    ok(*db("spin", "-k", "2"), cwd=wheel)
    ok(*db("accept"), cwd=wheel)
    ok(*db("pause", "iam", "--until", "2027-01-06"), cwd=wheel)
    doc = json.loads(ok(*db("export", "--format", "json"), cwd=wheel).stdout)
    assert doc["format"] == "opswheel/1" and doc["name"] == "default"
    csv = ok(*db("export", "--format", "csv"), cwd=wheel).stdout
    assert csv.splitlines()[0] == "id,name,url,weight,paused,paused_until,tags,subwheel"
    assert '"Lambda, Invoke"' in csv
    (wheel / "roster.csv").write_text(csv)
    ok(*db("--wheel", "copy", "init", "--seed", "1"), cwd=wheel)
    ok(*db("--wheel", "copy", "import", "roster.csv"), cwd=wheel)
    strip = lambda teams: [{k: t[k] for k in ("id", "name", "url", "weight", "tags", "paused", "paused_until", "subwheel")} for t in teams]
    assert strip(js(*db("--wheel", "copy", "list"), cwd=wheel)) == strip(js(*db("list"), cwd=wheel))
    ics = ok(*db("export", "--format", "ics"), cwd=wheel).stdout
    assert ics.count("BEGIN:VEVENT") == 2  # the series and the recorded meeting with its agenda
    assert run(*db("export"), cwd=wheel).returncode == USAGE


def test_verify_finds_an_edited_event(wheel):
    assert js(*db("verify"), cwd=wheel)["ok"] is True
    with sqlite3.connect(wheel / "ops.db") as c:
        c.execute("UPDATE events SET json = replace(json, '\"weight\":3.0', '\"weight\":9.0') WHERE seq = 3")
        assert c.total_changes == 1
    r = run(*db("verify"), cwd=wheel)
    assert r.returncode == FAILED and "FAILED" in r.stdout and "event 3" in r.stdout


# ---- --json on every read command ----------------------------------------------------------------

@pytest.mark.parametrize("args", [["list"], ["stats"], ["history"], ["history", "--events"], ["actions", "list"],
                                  ["actions", "due"], ["actions", "overdue"], ["agenda"], ["verify"], ["spin"],
                                  ["export", "--format", "json"]])
def test_every_read_command_prints_one_json_document(wheel, args):
    r = run(*db(*args, "--json"), cwd=wheel)
    assert r.returncode == OK, r.stderr
    json.loads(r.stdout)  # one document: json.loads refuses trailing text


# ---- simulate and demo ---------------------------------------------------------------------------

def test_simulate_compares_the_policies(tmp_path):
    out = js("simulate", "--teams", "20", "-k", "3", "--weeks", "60", "--runs", "1", cwd=tmp_path)
    assert set(out["policies"]) == {"aws", "lottery", "shuffle_bag", "rotation", "quota"}
    assert all(m["duplicates"] == 0 for m in out["policies"].values())
    assert out["policies"]["rotation"]["max_deviation"] < 1
    r = ok("simulate", "--policies", "quota,aws", "--teams", "20", "-k", "3", "--weeks", "60", "--runs", "2",
           "--progress", cwd=tmp_path)
    assert r.stdout.splitlines()[1].split()[0] == "POLICY" and "quota" in r.stdout
    assert "simulating quota: 100%" in r.stderr
    assert run("simulate", "--policies", "nope", cwd=tmp_path).returncode == INVALID


CHURN_ARGS = ("--join", "0.1", "--leave", "0.1", "--pause", "0.1", "--pause-weeks", "1-4", "--reweight", "0.1",
              "--new-weights", "1,2,3,4,5")


def test_simulate_under_roster_changes(tmp_path):
    base = ("simulate", "--teams", "20", "-k", "3", "--weeks", "80", "--runs", "2", "--policies", "lottery,quota")
    out = js(*base, *CHURN_ARGS, cwd=tmp_path)
    assert out["churn"] == {"join": 0.1, "leave": 0.1, "pause": 0.1, "pause_weeks": [1, 4], "reweight": 0.1,
                            "new_weights": [1, 2, 3, 4, 5]}
    lottery, quota = out["policies"]["lottery"], out["policies"]["quota"]
    assert lottery["teams"] > 20 and lottery["teams"] == quota["teams"]  # the same rosters for every policy
    assert lottery["duplicates"] == 0 and quota["dead_ends"] >= 0
    fixed = js(*base, cwd=tmp_path)
    assert "churn" not in fixed and fixed["policies"]["lottery"]["teams"] == 20
    assert fixed["policies"]["lottery"] != lottery
    text = ok(*base, *CHURN_ARGS, cwd=tmp_path).stdout
    assert "roster changes each week: join 0.1, leave 0.1, pause 0.1 (1-4 weeks), reweight 0.1; new weights 1,2,3,4,5" in text
    assert "DEAD ENDS" in text


def test_simulate_help_shows_the_change_model_with_its_defaults(tmp_path):
    options = option_help(ok("simulate", "--help", cwd=tmp_path).stdout)
    for option in ("--join RATE", "--leave RATE", "--pause RATE", "--reweight RATE"):
        assert "(default 0)" in options[option], option
    assert "(default 1-1)" in options["--pause-weeks MIN-MAX"]
    assert "(default 1)" in options["--new-weights W,W,..."]


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--join", "1.5", "invalid --join '1.5': churn join_rate is 1.5"),
    ("--leave", "-0.2", "invalid --leave '-0.2': churn leave_rate is -0.2"),
    ("--pause", "often", "invalid --pause 'often': expected a number"),
    ("--reweight", "nan", "invalid --reweight 'nan'"),
    ("--pause-weeks", "0-2", "invalid --pause-weeks '0-2': churn pause_min is 0"),
    ("--pause-weeks", "4-2", "invalid --pause-weeks '4-2': churn pause_max is 2, below pause_min 4"),
    ("--pause-weeks", "1-x", "invalid --pause-weeks '1-x'"),
    ("--new-weights", "1,0", "invalid --new-weights '1,0'"),
    ("--new-weights", "1,,2", "invalid --new-weights '1,,2'"),
])
def test_simulate_refuses_a_bad_change_model_with_the_usage_code(tmp_path, option, value, message):
    r = run("simulate", "--teams", "10", "-k", "2", "--weeks", "10", option, value, cwd=tmp_path)
    assert r.returncode == USAGE and message in r.stderr and r.stdout == ""


def test_simulate_from_a_wheel(wheel):
    out = js(*db("simulate", "--from-wheel", "-k", "2", "--weeks", "30", "--runs", "1", "--policies", "quota"), cwd=wheel)
    assert out["teams"] == 8


def test_demo_in_an_empty_directory(tmp_path):
    r = ok("demo", cwd=tmp_path)
    assert (tmp_path / "opswheel-demo.db").exists() and not (tmp_path / "opswheel.db").exists()
    assert "# Operations review — 2026-04-08" in r.stdout
    assert "30 service teams" in r.stdout and "one fleet-wide" in r.stdout
    assert "## Overdue action items" in r.stdout and "(escalated)" in r.stdout
    assert ok("demo", cwd=tmp_path).stdout == r.stdout.replace("Built", "Rebuilt", 1)  # reproducible, rebuilt
    d = ("--db", "opswheel-demo.db")
    assert ok(*d, "verify", cwd=tmp_path).returncode == OK
    teams = js(*d, "list", cwd=tmp_path)
    assert len(teams) == 30 and sum(t["paused"] for t in teams) == 2
    assert len(js(*d, "history", cwd=tmp_path)) == 12
    items = js(*d, "actions", "list", "--all", cwd=tmp_path)
    assert any(i["status"] == "done" for i in items) and any(i["targets"] for i in items)
    agenda = js(*d, "agenda", "2026-04-08", cwd=tmp_path)
    assert len(agenda["reviews"]) == 6 and agenda["overdue"]


def test_demo_leaves_other_files_alone(tmp_path):
    ok("init", "--db", "mine.db", "--seed", "1", cwd=tmp_path)
    before = (tmp_path / "mine.db").read_bytes()
    r = run("--db", "mine.db", "demo", cwd=tmp_path)
    assert r.returncode == INVALID and "leaves it alone" in r.stderr
    assert (tmp_path / "mine.db").read_bytes() == before
    (tmp_path / "notes.db").write_text("not a database at all, but long enough to look like a header\n" * 20)
    before = (tmp_path / "notes.db").read_bytes()
    r = run("--db", "notes.db", "demo", cwd=tmp_path)
    assert r.returncode == INVALID and "does not read" in r.stderr and "leaves it alone" in r.stderr
    assert (tmp_path / "notes.db").read_bytes() == before
    doc = js("--db", "fresh.db", "demo", cwd=tmp_path)
    assert doc["db"] == "fresh.db" and doc["teams"] == 30 and doc["agenda"]["date"] == "2026-04-08"


# ---- the wheel page ----------------------------------------------------------------------------

def page_data(page: str) -> dict:
    """The page's JSON data block; the page must be the reference renderer's bytes for it."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "web" / "wheel"))
    import assemble
    template = assemble.assemble()
    head, _, tail = template.partition(assemble.DATA_PLACEHOLDER)
    assert page.startswith(head) and page.endswith(tail)
    data = json.loads(page[len(head):len(page) - len(tail)])
    assert assemble.render(template, data) == page
    return data


def test_spin_html_writes_the_page_of_the_spin(wheel):
    ok(*db("pin", "iam", "--reason", "after Monday's outage"), cwd=wheel)
    spin = js(*db("spin", "-k", "4", "--html", "wheel.html"), cwd=wheel)
    assert spin["html"] == "wheel.html"
    d = page_data((wheel / "wheel.html").read_text(encoding="utf-8"))
    assert [p["id"] for p in d["draw"]] == spin["picks"]
    assert d["draw"][0] == {"id": "iam", "how": "pinned", "reason": "after Monday's outage"}
    assert {t["id"]: t["chance"] for t in d["teams"]} == {k: v for k, v in spin["chances"].items() if v > 0}
    assert d["wheel"] == "default"
    assert d["meeting"] == {"number": 1, "date": "2026-12-02", "start": "10:25", "minutes": 15}
    assert {t["id"]: t["url"] for t in d["teams"]}["ec2-api"] == "https://dash.example.com/ec2"
    # The same page again from the store: export of the current spin.
    assert ok(*db("export", "--format", "html"), cwd=wheel).stdout == (wheel / "wheel.html").read_text(encoding="utf-8")
    text = ok(*db("spin", "-k", "2", "--html", "again.html"), cwd=wheel).stdout
    assert "The wheel page is in again.html." in text


def test_export_html_of_a_meeting_replays_its_week(wheel):
    first = js(*db("spin", "-k", "3"), cwd=wheel)
    ok(*db("accept"), cwd=wheel)
    ok(*db("set-weight", "ec2-api", "9"), cwd=wheel)
    ok(*db("pause", "iam", "--until", "2027-01-06"), cwd=wheel)
    second = js(*db("spin", "-k", "2"), cwd=wheel)
    ok(*db("accept"), cwd=wheel, env={"OPSWHEEL_TODAY": "2026-12-09"})
    one = page_data(ok(*db("export", "--format", "html", "--meeting", "1", "--title", "Ops <review>"), cwd=wheel).stdout)
    assert one["wheel"] == "Ops <review>"
    assert [p["id"] for p in one["draw"]] == first["picks"]
    assert {t["id"]: t["chance"] for t in one["teams"]} == {k: v for k, v in first["chances"].items() if v > 0}
    assert one["unpickable"] == []
    two = page_data(ok(*db("export", "--format", "html", "--meeting", "2"), cwd=wheel).stdout)
    assert [p["id"] for p in two["draw"]] == second["picks"]
    assert two["meeting"]["date"] == "2026-12-09"
    assert [u["id"] for u in two["unpickable"]] == ["iam"]


def test_bad_page_requests_exit_with_their_status(wheel):
    r = run(*db("export", "--format", "html"), cwd=wheel)
    assert r.returncode == INVALID and "spin" in r.stderr  # nothing spun yet
    r = run(*db("export", "--format", "html", "--meeting", "3"), cwd=wheel)
    assert r.returncode == INVALID and "no meeting number 3" in r.stderr
    assert run(*db("export", "--format", "csv", "--meeting", "1"), cwd=wheel).returncode == USAGE
    assert run(*db("export", "--format", "html", "--meeting", "x"), cwd=wheel).returncode == USAGE
    before = js(*db("history", "--events"), cwd=wheel)
    r = run(*db("spin", "--html", str(wheel / "no" / "such" / "dir" / "w.html")), cwd=wheel)
    assert r.returncode == STORAGE and "cannot write" in r.stderr
    # the spin was recorded before the page was written: the page can be had from export
    assert len(js(*db("history", "--events"), cwd=wheel)) == len(before) + 1
    assert ok(*db("export", "--format", "html"), cwd=wheel).stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"])
def test_dashboard_links_other_than_http_are_refused_in_add_and_import(wheel, url):
    before = js(*db("history", "--events"), cwd=wheel)
    r = run(*db("add", "evil", "--url", url), cwd=wheel)
    assert r.returncode == INVALID and f"invalid url '{url}'" in r.stderr
    (wheel / "evil.csv").write_text(f'id,name,url,weight\nfine,Fine,https://d/fine,1\nevil,Evil,"{url}",1\n')
    r = run(*db("import", "evil.csv"), cwd=wheel)
    assert r.returncode == INVALID and "evil.csv:3:" in r.stderr and f"invalid url '{url}'" in r.stderr
    assert js(*db("history", "--events"), cwd=wheel) == before  # nothing added, not even the good row
