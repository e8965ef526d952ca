"""Records (frozen dataclasses) and the Table that holds a list of them.

A table is a plain ``list`` of records, so it prints, slices and iterates as one; ``to_pandas()``
turns it into a DataFrame when pandas is installed (``pip install opswheel[notebook]``).

A record that mirrors a compiled type (``Team`` is ``_core.Participant``, ``Meeting`` is
``_core.Meeting``...) is declared here once, with its Python types and documentation; its values
come from the compiled object by field name (``from_core``), so no converter lists its fields
again. tests/python/test_records_mirror.py checks that the names agree with the compiled types.
"""

from __future__ import annotations

import dataclasses
import datetime
import typing
from typing import TYPE_CHECKING, Any, Callable, Dict, Generic, Iterable, List, Optional, Tuple, Type, TypeVar

if TYPE_CHECKING:
    import pandas

__all__ = ["ActionItem", "BoardCounts", "BoardEntry", "ChainedEvent", "Change", "ChecklistEntry", "DashboardLink",
           "Delegation", "Event", "ItemChange", "Meeting", "Metric", "Metrics", "Pin", "ReviewRecord", "Skip", "Table",
           "Target", "Team", "TeamProfile", "TeamStats"]

R = TypeVar("R")


def _import_pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # an optional extra: say how to get it
        raise ImportError("to_pandas() needs pandas: pip install pandas (or opswheel[notebook])") from e
    return pandas


class _Record:
    """What every record can do: give its fields as a dict (one level deep)."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:
        # Reached only when normal lookup fails: a field of a record made by later(), not filled yet.
        fill = self.__dict__.pop("_fill", None)
        if fill is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        fields, source, number = fill
        self.__dict__.update(fields(source, number))
        return getattr(self, name)

    def __getstate__(self) -> Dict[str, Any]:  # copy and pickle see every field
        if "_fill" in self.__dict__:
            getattr(self, dataclasses.fields(self)[0].name)  # type: ignore[arg-type]
        return self.__dict__


def later(record: Type[R], fields: Callable[[Any, int], Dict[str, Any]], source: Any, number: int) -> R:
    """A ``record`` whose fields are ``fields(source, number)``, worked out when one is first read.

    Wheel.accept returns one: a script that records week after week in a loop does not pay for
    converting records it never reads. It is the same class, equal to an eager one. Only for
    records without field defaults: a default is a class attribute, which attribute lookup would
    find before the record is filled. A plain function, since a classmethod call binds a method
    object each time, and this runs once per accept.
    """
    made = _new_object(record)
    made.__dict__["_fill"] = (fields, source, number)
    return made


_new_object = object.__new__


# How to read each record from a compiled object: (field, conversion or None), worked out once per
# record class from its type hints.
_Plan = List[Tuple[str, Optional[Callable[[Any], Any]]]]
_plans: Dict[type, _Plan] = {}


def _conversion(hint: Any) -> Optional[Callable[[Any], Any]]:
    """How a compiled value becomes a field typed ``hint``: a list becomes a tuple, and a list of
    compiled records a tuple of their records; anything else is taken as it is (None)."""
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        item = args[0] if len(args) == 2 and args[1] is Ellipsis else None
        if isinstance(item, type) and issubclass(item, _Record):
            return lambda values: tuple([from_core(item, v) for v in values])
        return tuple
    return None


def _plan(record: type) -> _Plan:
    plan = _plans.get(record)
    if plan is None:
        # This module's names resolve every record's hints (typing's, datetime and the records),
        # also after opswheel/__init__.py renames the records' __module__ to "opswheel".
        hints = typing.get_type_hints(record, globalns=globals())
        plan = _plans[record] = [(f.name, _conversion(hints[f.name])) for f in dataclasses.fields(record)]
    return plan


def core_fields(record: Type[R], core: Any, **given: Any) -> Dict[str, Any]:
    """The fields of a ``record`` read from the compiled object ``core``: each the attribute of
    the same name (converted as its type says), except those ``given``."""
    out: Dict[str, Any] = {}
    for name, convert in _plan(record):
        if name in given:
            out[name] = given[name]
        else:
            value = getattr(core, name)
            out[name] = value if convert is None else convert(value)
    return out


def from_core(record: Type[R], core: Any, **given: Any) -> R:
    """A ``record`` made from the compiled object ``core`` (see ``core_fields``)."""
    return record(**core_fields(record, core, **given))  # type: ignore[call-arg]


class Table(List[R], Generic[R]):
    """A list of records of one type, with ``to_pandas()``."""

    def __init__(self, record: Type[R], rows: Iterable[R] = ()) -> None:
        super().__init__(rows)
        self.record = record

    def to_pandas(self) -> pandas.DataFrame:
        """One row per record, one column per field (empty tables keep their columns)."""
        pd = _import_pandas()
        columns = [f.name for f in dataclasses.fields(self.record)]  # type: ignore[arg-type]
        return pd.DataFrame([r.to_dict() for r in self], columns=columns)  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"Table[{self.record.__name__}]({list.__repr__(self)})"


@dataclasses.dataclass(frozen=True)
class Team(_Record):
    """A team on the roster."""

    id: str
    name: str  #: as given to ``add`` (may be empty)
    display_name: str  #: the name, or the id when there is no name
    url: str
    weight: float
    tags: Tuple[str, ...]
    paused: bool
    paused_until: Optional[datetime.date]  #: when it is due back, if it was paused with ``until``
    subwheel: str = ""  #: the wheel of the same Store this team stands for ("" for a plain team)


@dataclasses.dataclass(frozen=True)
class Pin(_Record):
    """A team made to present at the next meeting, and why."""

    id: str
    reason: str
    actor: str = ""  #: who pinned it (the wheel's actor then)


@dataclasses.dataclass(frozen=True)
class Skip(_Record):
    """A picked team that could not attend, why, and who was drawn in its place."""

    id: str
    reason: str
    replacement: str
    actor: str = ""  #: who skipped it


@dataclasses.dataclass(frozen=True)
class Delegation(_Record):
    """Who presented, on another wheel, for a pick that stands for that wheel (a sub-wheel)."""

    id: str  #: the pick on this wheel
    wheel: str  #: the wheel it stands for
    picks: Tuple[str, ...]  #: the teams picked there


@dataclasses.dataclass(frozen=True)
class Meeting(_Record):
    """One accepted meeting."""

    number: int  #: 1 for the wheel's first meeting
    date: Optional[datetime.date]
    picks: Tuple[str, ...]  #: who presented, in order
    pinned: Tuple[Pin, ...]
    skipped: Tuple[Skip, ...]
    position: Optional[int]  #: where the suggestion's draw began in the wheel's random stream; None for explicit picks
    delegated: Tuple[Delegation, ...]  #: picks that stood for a sub-wheel, and who presented there


@dataclasses.dataclass(frozen=True)
class Event(_Record):
    """One change in a wheel's log (include/opswheel/events.hpp): ``type`` is the kind ("added",
    "accepted", "action_changed", ...) and ``data`` its fields, as the JSON file writes them."""

    seq: int  #: 1 for the wheel's "created" event, then one more per event
    at: datetime.datetime  #: when, in UTC (to the millisecond)
    actor: str
    type: str
    data: Dict[str, Any]


@dataclasses.dataclass(frozen=True)
class ChainedEvent(Event):
    """An event as a Store keeps it, with its link in the audit chain (``Store.events``)."""

    prev: str  #: the previous event's hash (the chain's genesis hash for event 1)
    hash: str  #: the hash of ``prev`` and this event's canonical JSON


@dataclasses.dataclass(frozen=True)
class Target(_Record):
    """One team's part of a fleet-wide action item."""

    team: str
    done_on: Optional[datetime.date]  #: None while pending


@dataclasses.dataclass(frozen=True)
class ItemChange(_Record):
    """One change to an action item: ``kind`` ("item_created", "due_moved", "status_changed",
    ...) and its fields in ``data``, who made it, when (UTC, whole seconds) and why."""

    kind: str
    at: datetime.datetime
    actor: str
    reason: str
    data: Dict[str, Any]


@dataclasses.dataclass(frozen=True)
class ActionItem(_Record):
    """An action item from the review: what, who owns it, when it is due, where it stands."""

    id: str
    title: str
    owner: str  #: the team that owns it
    raised_at: datetime.date  #: the meeting it was raised at
    due: datetime.date
    report_back: datetime.date  #: the first meeting on or after the due date
    status: str  #: "open", "in_progress", "done" or "cancelled"
    priority: str  #: "low", "normal", "high" or "urgent"
    description: str
    ticket_url: str
    review_team: Optional[str]  #: the team whose review raised it, if any
    targets: Tuple[Target, ...]  #: non-empty for a fleet-wide item
    history: Tuple[ItemChange, ...]  #: every change, oldest first

    @property
    def progress(self) -> Tuple[int, int]:
        """(targets done, targets in all); (0, 0) for an item that is not fleet-wide."""
        return sum(t.done_on is not None for t in self.targets), len(self.targets)


@dataclasses.dataclass(frozen=True)
class BoardEntry(_Record):
    """An action item and where it stands on the date asked about."""

    id: str
    title: str
    owner: str
    status: str
    due: datetime.date
    report_back: datetime.date
    missed: int  #: report-back meetings passed while it stayed active
    overdue: bool
    escalated: bool  #: missed at least the book's escalation threshold


@dataclasses.dataclass(frozen=True)
class BoardCounts(_Record):
    """The action-item board in numbers on a date."""

    open: int
    in_progress: int
    done: int
    cancelled: int
    due: int  #: active items reporting back that day
    overdue: int  #: escalated included
    escalated: int
    fleet_items: int  #: active fleet-wide items
    targets_done: int  #: over the active fleet-wide items
    targets_total: int


@dataclasses.dataclass(frozen=True)
class Metric(_Record):
    """One thing a team walks the review through, e.g. ``Metric("availability", "Availability vs. SLO")``."""

    id: str  #: a stable key, named like a team id
    description: str = ""  #: one line for the checklist


@dataclasses.dataclass(frozen=True)
class DashboardLink(_Record):
    """A dashboard shown beside a team's slot in the agenda."""

    title: str
    url: str  #: http:// or https://


@dataclasses.dataclass(frozen=True)
class TeamProfile(_Record):
    """A team's additions to the review template: its own metrics (after the template's in its
    checklist) and its dashboards."""

    team: str
    metrics: Tuple[Metric, ...]
    dashboards: Tuple[DashboardLink, ...]


@dataclasses.dataclass(frozen=True)
class ChecklistEntry(_Record):
    """One line of a review's checklist: was the metric shown, and what was said about it."""

    metric: str  #: a metric id of the template or the team's profile
    reviewed: bool = True
    note: str = ""


@dataclasses.dataclass(frozen=True)
class ReviewRecord(_Record):
    """One team's review at one meeting (``Wheel.record_review``)."""

    meeting: datetime.date
    team: str
    checklist: Tuple[ChecklistEntry, ...]  #: metrics not listed were not covered
    outcome: str  #: outcome notes
    monitoring: str  #: "are we monitoring enough?": "not_assessed", "enough" or "not_enough"
    monitoring_notes: str  #: what is missing, when monitoring is not enough
    lessons: str  #: lessons learned, for the other teams too
    action_items: Tuple[str, ...]  #: ids of the action items raised in this review


@dataclasses.dataclass(frozen=True)
class TeamStats(_Record):
    """One team's figures over the meetings it was eligible for (pauses do not count against it)."""

    id: str
    turns: int
    last_meeting: Optional[int]  #: number of the last meeting it presented at
    last_date: Optional[datetime.date]
    current_gap: int  #: eligible meetings since its last turn (or since it joined)
    longest_gap: int  #: the longest gap so far, the current one included
    expected: float  #: its fair share of turns so far
    deviation: float  #: turns - expected
    debt: float  #: turns owed (> 0) or owing (< 0) for pins and skips past the bound, being paid back


@dataclasses.dataclass(frozen=True)
class Change(_Record):
    """One change of a simulated roster (opswheel.Churn), made before week ``week``'s draw."""

    run: int  #: the run's position in the result (0 for its first run)
    week: int  #: the week (from 1) before whose draw it was made
    kind: str  #: "join", "leave", "pause", "resume" or "reweight"
    team: str  #: the team's id ("join-<serial>" for a team that joined)
    serial: int  #: the team's serial: its column in picks, chances and the per-team arrays
    weight: Optional[float]  #: join and reweight: the team's new weight
    weeks: Optional[int]  #: pause: how many weeks it lasts


@dataclasses.dataclass(frozen=True)
class Metrics(_Record):
    """The fairness of one pick sequence (or their mean over runs); see docs/fairness.md.

    NaN marks a figure with no value: win52 below 52 weeks, and the chance-based figures
    (certainty, near_certainty, entropy) when no chances were recorded. Under churn a team's fair
    share is what it accrued in the weeks it was in the draw, and its gaps count only those weeks.
    """

    weeks: float
    teams: float
    chance_weeks: float  #: weeks whose chances feed certainty, near_certainty and entropy
    max_gap: float  #: weeks
    max_gap_normalised: float  #: the longest gap in expected turns (gap x share); about 1 for a perfect rotation
    mean_gap: float
    max_deviation: float  #: max |turns - fair share so far|
    win52: float  #: worst share error over any 52-week window
    certainty: float  #: share of team-weeks with chance exactly 0 or 1
    near_certainty: float  #: share of team-weeks with chance <= 0.01 or >= 0.99
    entropy: float  #: bits of surprise per week
    duplicates: float  #: (week, team) pairs listed twice; always 0
    dead_ends: float  #: weeks whose draw could not keep the policy's bound (0 for policies without one)
