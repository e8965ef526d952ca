"""The examples of docs/python.md that say they run: every ```python block of the sections named
here runs as written, in order, in a fresh namespace per block, in a temporary directory."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

DOC = REPO / "docs" / "python.md"
RUN = ("### Reviews: the template, team profiles, review records, escalation",
       "### Sub-wheels: a participant that stands for another wheel")


def blocks(heading: str) -> list[str]:
    text = DOC.read_text()
    assert heading in text, f"docs/python.md has no section {heading!r}"
    section = re.split(r"\n#{2,3} ", text.split(heading, 1)[1], maxsplit=1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


@pytest.mark.parametrize("heading", RUN)
def test_the_section_examples_run(heading, tmp_path, monkeypatch):
    found = blocks(heading)
    assert found, f"no python example under {heading!r}"
    monkeypatch.chdir(tmp_path)
    for code in found:
        exec(compile(code, f"{DOC}:{heading}", "exec"), {"__name__": "__doc_example__"})
