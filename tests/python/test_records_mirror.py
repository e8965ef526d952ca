"""Each record that mirrors a compiled type is read from it by field name (_records.from_core), so
the names must agree: a field the compiled type lacks would fail on first use, and an attribute
bound in C++ but missing from the record would be silently left out. This test says which."""

from __future__ import annotations

import dataclasses

import pytest

import opswheel as ow
from opswheel import _core
from opswheel._actions import AgendaReview

# (record, compiled type, fields the Python layer supplies itself, compiled attributes it leaves out)
MIRRORS = [
    (ow.Team, _core.Participant, set(), set()),
    (ow.Pin, _core.Pin, set(), set()),
    (ow.Skip, _core.Skip, set(), set()),
    (ow.Delegation, _core.Delegation, set(), set()),
    (ow.Meeting, _core.Meeting, set(), set()),
    (ow.TeamStats, _core.TeamStats, set(), set()),
    (ow.Target, _core.Target, set(), set()),
    (ow.BoardCounts, _core.BoardCounts, set(), set()),
    (AgendaReview, _core.AgendaReview, set(), set()),
    # report_back is the calendar's; the history is read from the log's JSON; review_meeting is
    # the raised_at date of an item raised in a review.
    (ow.ActionItem, _core.ActionItem, {"report_back"}, {"review_meeting"}),
]


def attributes(compiled: type) -> set:
    return {name for name in dir(compiled) if not name.startswith("_")}


@pytest.mark.parametrize("record, compiled, own, left_out", MIRRORS, ids=lambda v: getattr(v, "__name__", ""))
def test_the_record_and_the_compiled_type_name_the_same_fields(record, compiled, own, left_out):
    fields = {f.name for f in dataclasses.fields(record)}
    assert fields - own == attributes(compiled) - left_out
