"""Action items, the meeting calendar and the agenda: the Pythonic face of action_book.hpp,
board.hpp, calendar.hpp, agenda.hpp, markdown.hpp and ical.hpp. A wheel holds them
(``Wheel.calendar``, ``Wheel.add_action``, ``Wheel.agenda``...); every change is an event in its log.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from . import _args
from ._records import ActionItem, BoardCounts, BoardEntry, ItemChange, Table, _Record, from_core

if TYPE_CHECKING:
    from ._wheel import Wheel

__all__ = ["Agenda", "AgendaItem", "AgendaReview", "AgendaSection", "Calendar", "WEEKDAYS"]

#: Weekday names as set_cadence takes them, in datetime.date.weekday() order (Monday = 0).
WEEKDAYS: Tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_UTC = datetime.timezone.utc


def utc(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, tz=_UTC)


def weekday_code(weekday: object) -> int:
    """A weekday name or datetime's number (Monday = 0) as the core's code (Sunday = 0)."""
    if isinstance(weekday, str):
        try:
            number = WEEKDAYS.index(weekday.lower())
        except ValueError:
            raise _args.InvalidArgumentError(
                f"unknown weekday {weekday!r}: expected one of {', '.join(WEEKDAYS)}") from None
    else:
        number = _args.integer(weekday, "weekday", 6)
    return (number + 1) % 7


def clock(minutes: int) -> datetime.time:
    return datetime.time((minutes // 60) % 24, minutes % 60)


def minutes(value: object, name: str) -> int:
    """Minutes as an int, from an int or a datetime.timedelta of whole minutes."""
    if isinstance(value, datetime.timedelta):
        whole, rest = divmod(value, datetime.timedelta(minutes=1))
        if rest:
            raise _args.InvalidArgumentError(f"{name} must be whole minutes, not {value}")
        return int(whole)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be minutes (an int or a datetime.timedelta), not {type(value).__name__}")
    return value


def change(core: Any) -> ItemChange:
    data = json.loads(core.json)["data"]["change"]
    return ItemChange(data.pop("kind"), utc(core.at), core.actor, core.reason, data)


def action_item(core: Any, report_back: datetime.date) -> ActionItem:
    # The report-back meeting is the calendar's, and the history is read from the log's JSON.
    return from_core(ActionItem, core, report_back=report_back, history=tuple(map(change, core.history)))


def board_entry(item: Any, standing: Any) -> BoardEntry:
    return BoardEntry(item.id, item.title, item.owner, item.status, item.due, standing.report_back, standing.missed,
                      standing.overdue, standing.escalated)


def board_counts(core: Any) -> BoardCounts:
    return from_core(BoardCounts, core)


class Calendar:
    """When the review meets: weekly on one weekday at a local time, with skipped and moved
    meetings (calendar.hpp). A live view of its wheel's calendar; skip, move and restore are
    changes of the wheel (events in its log) and need a reason where the core says so.

    Times are wall-clock times in ``time_zone`` (an IANA name, carried as a label).
    """

    def __init__(self, wheel: Wheel) -> None:
        self._wheel = wheel

    @property
    def _core(self) -> Any:
        return self._wheel._core.calendar()

    @property
    def weekday(self) -> str:
        return WEEKDAYS[(self._core.weekday + 6) % 7]

    @property
    def start(self) -> datetime.time:
        return clock(self._core.start)

    @property
    def duration(self) -> int:
        """Minutes."""
        return int(self._core.duration)

    @property
    def time_zone(self) -> str:
        return str(self._core.time_zone)

    @property
    def skipped(self) -> List[datetime.date]:
        """Regular meeting dates that do not meet."""
        return list(self._core.skipped)

    @property
    def moves(self) -> Dict[datetime.date, datetime.date]:
        """Regular date -> the date that meeting moved to."""
        return dict(self._core.moves)

    def is_meeting(self, date: datetime.date) -> bool:
        return bool(self._core.is_meeting(_args.required_date(date, "date")))

    def next_meeting(self, after: datetime.date) -> datetime.date:
        """The first meeting strictly after ``after``."""
        return self._core.next_meeting(_args.required_date(after, "after"))

    def meeting_on_or_after(self, date: datetime.date) -> datetime.date:
        """Where an item due on ``date`` reports back."""
        return self._core.meeting_on_or_after(_args.required_date(date, "date"))

    def meetings(self, start: datetime.date, end: datetime.date) -> List[datetime.date]:
        """Every meeting from ``start`` to ``end`` (both included), in date order."""
        return list(self._core.meetings(_args.required_date(start, "start"), _args.required_date(end, "end")))

    def skip(self, date: datetime.date, reason: str) -> None:
        """Cancels the meeting on ``date`` (a holiday); items due then report back at the next one."""
        self._wheel._core.skip_meeting(_args.required_date(date, "date"), reason)

    def move(self, start: datetime.date, to: datetime.date, reason: str) -> None:
        """Holds the meeting of ``start`` on ``to`` instead."""
        self._wheel._core.move_meeting(_args.required_date(start, "start"), _args.required_date(to, "to"), reason)

    def restore(self, date: datetime.date, reason: str = "") -> None:
        """Brings back a skipped meeting."""
        self._wheel._core.restore_meeting(_args.required_date(date, "date"), reason)

    def __repr__(self) -> str:
        return (f"<opswheel.Calendar {self.weekday} {self.start:%H:%M} for {self.duration} min ({self.time_zone}), "
                f"{len(self.skipped)} skipped, {len(self.moves)} moved>")


@dataclasses.dataclass(frozen=True)
class AgendaSection(_Record):
    """One time box of the meeting."""

    part: str  #: successes, org_projects, operational_events, action_items, service_review, announcements
    title: str
    team: str  #: the team, for a service review
    start: datetime.time  #: local wall-clock time
    minutes: int
    overflows: bool  #: ends after the meeting does


@dataclasses.dataclass(frozen=True)
class AgendaReview(_Record):
    """A team presenting, with its dashboards (title, url) and checklist (metric id, description)."""

    team: str
    name: str
    dashboards: Tuple[Tuple[str, str], ...]
    checklist: Tuple[Tuple[str, str], ...]


@dataclasses.dataclass(frozen=True)
class AgendaItem(_Record):
    """An action item as the agenda shows it."""

    id: str
    title: str
    owner: str
    status: str
    due: datetime.date
    report_back: datetime.date
    missed: int
    escalated: bool
    targets_done: int
    targets_total: int


def _agenda_item(core: Any) -> AgendaItem:
    s = core.standing
    done, total = core.progress
    return AgendaItem(core.id, core.title, core.owner, core.status, core.due, s.report_back, s.missed, s.escalated,
                      done, total)


class Agenda:
    """One meeting as time-boxed sections (agenda.hpp), made by ``Wheel.agenda``. A value: it
    does not change with the wheel. Export with ``to_markdown``, ``to_json`` or
    ``Wheel.to_icalendar(agendas=[...])``.
    """

    def __init__(self, core: Any) -> None:
        self._core = core
        self.date: datetime.date = core.date
        self.start: datetime.time = clock(core.start)
        self.duration: int = core.duration  #: minutes
        self.time_zone: str = core.time_zone
        self.sections: Table[AgendaSection] = Table(AgendaSection, (
            AgendaSection(s.part, s.title, s.team, clock(core.start + s.start), s.length, s.overflows)
            for s in core.sections))
        self.reviews: Table[AgendaReview] = Table(AgendaReview, (from_core(AgendaReview, r) for r in core.reviews))
        self.due: Table[AgendaItem] = Table(AgendaItem, map(_agenda_item, core.due))  #: reporting back today
        self.overdue: Table[AgendaItem] = Table(AgendaItem, map(_agenda_item, core.overdue))  #: escalated included
        self.planned: int = core.planned  #: minutes the sections need
        self.overflow: int = core.overflow  #: minutes past the end (0 when it fits)
        self.reviews_that_fit: int = core.reviews_that_fit

    def to_markdown(self, title: str = "Operations review") -> str:
        """A Markdown document (GitHub tables): timetable, reviews, items due and overdue."""
        return str(self._core.markdown(title))

    def to_dict(self) -> Dict[str, Any]:
        """Plain data (dates and times as ISO strings), what to_json writes."""

        def plain(value: Any) -> Any:
            if isinstance(value, (datetime.date, datetime.time)):
                return value.isoformat()
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            if isinstance(value, _Record):
                return {k: plain(v) for k, v in value.to_dict().items()}
            return value

        return {"date": plain(self.date), "start": plain(self.start), "duration": self.duration,
                "time_zone": self.time_zone, "planned": self.planned, "overflow": self.overflow,
                "reviews_that_fit": self.reviews_that_fit, "sections": plain(self.sections),
                "reviews": plain(self.reviews), "due": plain(self.due), "overdue": plain(self.overdue)}

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def __repr__(self) -> str:
        return (f"<opswheel.Agenda {self.date} {self.start:%H:%M} {len(self.reviews)} reviews, "
                f"{len(self.due)} due, {len(self.overdue)} overdue, {self.planned}/{self.duration} min>")
