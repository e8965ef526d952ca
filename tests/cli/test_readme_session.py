# SPDX-License-Identifier: Apache-2.0
"""README.md's session ("Running the weekly review") run as a new user would type it, from an
empty directory: every command's output must be what the README prints. The session's `cat`
shows the input file, which is written first from what it shows; `export NAME=VALUE` sets the
environment of the commands after it; a line "[… …]" stands for any lines, and "…" within a line
for any text (a hash that covers the events' time stamps). OPSWHEEL_CLI names the executable (set
by ctest)."""
import os
import re
import shlex
import subprocess
from pathlib import Path

EXE = os.environ.get("OPSWHEEL_CLI", "opswheel")
README = Path(__file__).resolve().parents[2] / "README.md"


def session():
    """[(command, expected output lines)] of the README's console block after its heading."""
    text = README.read_text(encoding="utf-8").split("## Running the weekly review", 1)[1]
    block = text.split("```console\n", 1)[1].split("\n```", 1)[0]
    steps = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def same_line(actual, expected):
    return re.fullmatch(re.escape(expected).replace(re.escape("…"), ".+"), actual) is not None


def same_lines(actual, expected):
    return len(actual) == len(expected) and all(same_line(a, e) for a, e in zip(actual, expected))


def matches(actual, expected):
    """Whether `actual` lines are `expected`, where a "[… …]" line stands for any lines."""
    gap = [i for i, line in enumerate(expected) if re.fullmatch(r"\[… .* …\]", line)]
    if not gap:
        return same_lines(actual, expected)
    head, tail = expected[:gap[0]], expected[gap[0] + 1:]
    return (len(actual) >= len(head) + len(tail) and same_lines(actual[:len(head)], head)
            and same_lines(actual[len(actual) - len(tail):], tail))


def test_the_readme_session_gives_the_output_it_shows(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSWHEEL_")}
    env["USER"] = "tester"
    steps = session()
    assert len(steps) > 10 and any(c.startswith("opswheel --db ops.db accept") for c, _ in steps)
    for command, expected in steps:
        words = shlex.split(command, comments=True)
        if words[0] == "export":
            name, value = words[1].split("=", 1)
            env[name] = value
            continue
        if words[0] == "cat":  # the input file the session starts from
            (tmp_path / words[1]).write_text("\n".join(expected) + "\n", encoding="utf-8")
        assert words[0] in ("cat", "opswheel"), command
        out = None
        if ">" in words:
            out = words[words.index(">") + 1]
            words = words[:words.index(">")]
        if words[0] == "opswheel":
            words[0] = EXE
        r = subprocess.run(words, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        if out:
            (tmp_path / out).write_text(r.stdout, encoding="utf-8")
            printed = r.stderr
        else:
            printed = r.stdout + r.stderr
        assert matches(printed.splitlines(), expected), f"$ {command}\nprinted:\n{printed}\nthe README shows:\n" + "\n".join(expected)
        # A refusal shows in the session as its message; anything else must succeed.
        assert r.returncode == 0 or printed.startswith("opswheel: "), command
