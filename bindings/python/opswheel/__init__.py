"""opswheel: weighted fair selection for the weekly operations review.

A wheel picks k of N teams a week to present, at random and fairly (every team gets its share of
turns over the weeks, in proportion to its weight). This package is a thin Pythonic layer over the
C++ library (the private module ``opswheel._core``)::

    import datetime, opswheel as ow
    w = ow.Wheel("quota", seed=7)
    w.add("ec2-api", 2.0, name="EC2 API", url="https://dash.example.com/ec2")
    ...
    s = w.suggest(7)
    w.accept(s, week=datetime.date(2026, 12, 2))
    r = ow.simulate("aws", [1.0] * 100, k=7, weeks=2000, runs=10, seed=1)

Wheels save to JSON (``to_json``/``from_json``) with their whole event log; each holds its
action items, review records, meeting calendar and agendas (Markdown, JSON, iCalendar). ``opswheel.plot`` holds
matplotlib charts (imported on first use). See docs/python.md.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._core import __version__
from ._errors import (
    ConflictError,
    CorruptDataError,
    DuplicateIdError,
    Error,
    InvalidArgumentError,
    InvalidIdError,
    InvalidTransitionError,
    NotEnoughTeamsError,
    NotFoundError,
    StaleSuggestionError,
    StorageError,
    UnknownIdError,
    UnknownItemError,
    UnsupportedVersionError,
)
from ._actions import WEEKDAYS, Agenda, AgendaItem, AgendaReview, AgendaSection, Calendar
from ._records import (ActionItem, BoardCounts, BoardEntry, ChainedEvent, Change, ChecklistEntry, DashboardLink, Delegation,
                       Event, ItemChange, Meeting, Metric, Metrics, Pin, ReviewRecord, Skip, Table, Target, Team,
                       TeamProfile, TeamStats)
from ._simulate import Churn, SimulationResult, simulate
from ._store import Store, Verification
from ._wheel import POLICIES, Probabilities, Suggestion, Wheel
from . import _core

#: What this build of the library has: its store backends ("sqlite", and "postgresql" when built
#: with OPSWHEEL_WITH_POSTGRES), as C++ ``Store::backends()`` says.
features: frozenset = frozenset(_core.store_backends())

__all__ = [
    "__version__",
    "features",
    # selection and rotation state
    "POLICIES",
    "Wheel",
    "Suggestion",
    "Probabilities",
    # records and tables
    "Table",
    "Team",
    "Pin",
    "Skip",
    "Meeting",
    "Delegation",
    "TeamStats",
    "Event",
    # persistence
    "Store",
    "Verification",
    "ChainedEvent",
    # action items, the calendar and the agenda
    "ActionItem",
    "Target",
    "ItemChange",
    "BoardEntry",
    "BoardCounts",
    "Calendar",
    "WEEKDAYS",
    "Agenda",
    "AgendaSection",
    "AgendaReview",
    "AgendaItem",
    # reviews: the template, team profiles, review records
    "Metric",
    "DashboardLink",
    "TeamProfile",
    "ChecklistEntry",
    "ReviewRecord",
    # fairness studies
    "simulate",
    "SimulationResult",
    "Metrics",
    "Churn",
    "Change",
    # errors
    "Error",
    "InvalidArgumentError",
    "InvalidIdError",
    "DuplicateIdError",
    "UnknownIdError",
    "UnknownItemError",
    "NotEnoughTeamsError",
    "StaleSuggestionError",
    "InvalidTransitionError",
    "NotFoundError",
    "CorruptDataError",
    "UnsupportedVersionError",
    "ConflictError",
    "StorageError",
    # opswheel.plot (matplotlib) is a submodule, loaded on first use
]


def __getattr__(name: str) -> Any:
    if name == "plot":  # importing matplotlib is slow and optional: only when asked for
        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The public classes and functions present themselves as opswheel.X (in reprs and tracebacks),
# not as the private module that happens to define them.
for _name in __all__:
    _obj = globals()[_name]
    if getattr(_obj, "__module__", "").startswith("opswheel."):
        _obj.__module__ = __name__
del _name, _obj
