"""Records (frozen dataclasses) and the Table that holds a list of them.

A table is a plain ``list`` of records, so it prints, slices and iterates as one; ``to_pandas()``
turns it into a DataFrame when pandas is installed (``pip install opswheel[notebook]``).
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING, Any, Generic, Iterable, List, Optional, Tuple, Type, TypeVar

if TYPE_CHECKING:
    import pandas

__all__ = ["Meeting", "Metrics", "Pin", "Skip", "Table", "Team", "TeamStats"]

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


@dataclasses.dataclass(frozen=True)
class Pin(_Record):
    """A team made to present at the next meeting, and why."""

    id: str
    reason: str


@dataclasses.dataclass(frozen=True)
class Skip(_Record):
    """A picked team that could not attend, why, and who was drawn in its place."""

    id: str
    reason: str
    replacement: str


@dataclasses.dataclass(frozen=True)
class Meeting(_Record):
    """One accepted meeting."""

    number: int  #: 1 for the wheel's first meeting
    date: Optional[datetime.date]
    picks: Tuple[str, ...]  #: who presented, in order
    pinned: Tuple[Pin, ...]
    skipped: Tuple[Skip, ...]
    seed: Optional[int]  #: the suggestion's seed; None for explicit picks


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


@dataclasses.dataclass(frozen=True)
class Metrics(_Record):
    """The fairness of one pick sequence (or their mean over runs); see docs/fairness.md.

    NaN marks a figure with no value: win52 below 52 weeks, and the chance-based figures
    (certainty, near_certainty, entropy) when no chances were recorded.
    """

    weeks: float
    teams: float
    chance_weeks: float  #: weeks whose chances feed certainty, near_certainty and entropy
    max_gap: float  #: weeks
    max_gap_normalised: float  #: max over teams of longest gap x share; about 1 for a perfect rotation
    mean_gap: float
    max_deviation: float  #: max |turns - share x week|
    win52: float  #: worst share error over any 52-week window
    certainty: float  #: share of team-weeks with chance exactly 0 or 1
    near_certainty: float  #: share of team-weeks with chance <= 0.01 or >= 0.99
    entropy: float  #: bits of surprise per week
    duplicates: float  #: (week, team) pairs listed twice; always 0
