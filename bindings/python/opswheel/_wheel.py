"""Wheel and Suggestion: the Pythonic face of the C++ ``opswheel::Wheel`` (include/opswheel/wheel.hpp)."""

from __future__ import annotations

import datetime
import html
import json
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _actions, _args, _core, _reviews, _svg
from ._actions import Agenda, Calendar
from ._errors import InvalidArgumentError, StaleSuggestionError
from ._records import (ActionItem, BoardCounts, BoardEntry, Event, Meeting, Metric, Pin, ReviewRecord, Skip, Table, Team,
                       TeamProfile, TeamStats, core_fields, from_core, later)

__all__ = ["POLICIES", "Probabilities", "Suggestion", "Wheel"]

#: The policy names Wheel and simulate accept.
POLICIES: Tuple[str, ...] = tuple(_core.policy_names)

_DEFAULTS = _core.PolicyOptions()


class Probabilities(Dict[str, float]):
    """Each team's chance of being among the next k picks, by id (0.0 for paused teams).

    ``exact`` is False when the policy has no closed form for k picks (aws with k > 1, quota):
    the values are then the share of ``samples`` seeded draws that include the team, the same
    on every call.
    """

    def __init__(self, chances: Dict[str, float], k: int, exact: bool, samples: int) -> None:
        super().__init__(chances)
        self.k = k
        self.exact = exact
        self.samples = samples

    def __repr__(self) -> str:
        how = "exact" if self.exact else f"estimated from {self.samples} draws"
        return f"Probabilities(k={self.k}, {how}, {dict.__repr__(self)})"


# The records a wheel gives back, read from the compiled ones by field name (_records.from_core).
def _pin(p: Any) -> Pin:
    return from_core(Pin, p)


def _skip(s: Any) -> Skip:
    return from_core(Skip, s)


def _team(p: Any) -> Team:
    return from_core(Team, p)


def _meeting(m: Any) -> Meeting:
    return from_core(Meeting, m)


def _logged_meeting(core: Any, seq: int) -> Dict[str, Any]:
    """The fields of the meeting a wheel's log records at event number ``seq``."""
    return core_fields(Meeting, core.meeting(seq))


def _event(text: str) -> Event:
    e = json.loads(text)
    at = datetime.datetime.strptime(e["at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    return Event(e["seq"], at, e["actor"], e["type"], e["data"])


def _stats(s: Any) -> TeamStats:
    return from_core(TeamStats, s)


def _html_frame(page: str) -> str:
    """``page`` inside a sandboxed iframe for a notebook: escaped for the srcdoc attribute (&, <, >
    and both quotes), allowed to run its own script but not to reach the notebook (no
    allow-same-origin), and sized for the wheel beside its list."""
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" width="100%" height="640" '
            'style="border: 0" title="opswheel: the wheel"></iframe>')


class Suggestion:
    """The result of a spin: who should present. ``Wheel.accept`` records it.

    ``picks`` are team ids in draw order, pinned teams first; ``pinned`` the pins it honours;
    ``skipped`` the teams swapped out by ``Wheel.skip``; ``position`` where its draw began in the
    wheel's random stream (``Wheel.stream_position`` then), ``spin`` the wheel's spin number and
    ``version`` the wheel state it was drawn from: it can be accepted only while the wheel is
    unchanged.
    """

    # The C++ Suggestion itself (wheel.hpp): a value that names its spin (``spin``) and the wheel
    # state it was drawn from (``version``), which skip and accept take back.
    __slots__ = ("_wheel", "_core", "_probabilities")

    def __init__(self, wheel: Wheel, core: Any) -> None:
        self._wheel = wheel
        self._core = core
        self._probabilities: Optional[Probabilities] = None

    @property
    def picks(self) -> Tuple[str, ...]:
        return tuple(self._core.picks)

    @property
    def pinned(self) -> Tuple[Pin, ...]:
        return tuple(map(_pin, self._core.pinned))

    @property
    def skipped(self) -> Tuple[Skip, ...]:
        return tuple(map(_skip, self._core.skipped))

    @property
    def position(self) -> int:
        return int(self._core.position)

    @property
    def spin(self) -> int:
        return int(self._core.spin)

    @property
    def version(self) -> int:
        return int(self._core.version)

    @property
    def probabilities(self) -> Probabilities:
        """Each team's chance of being among this spin's k picks (``Wheel.probabilities(k)`` at
        the state the suggestion was drawn from; pins and skips not taken into account).

        Worked out on first use, since some policies estimate it from thousands of draws: read it
        before the wheel changes, or it raises StaleSuggestionError.
        """
        if self._probabilities is None:
            if self._wheel.version != self.version:
                raise StaleSuggestionError(
                    "the wheel changed since this suggestion was drawn, so its probabilities are gone; "
                    "read them before accepting or changing the wheel")
            self._probabilities = self._wheel.probabilities(len(self.picks))
        return self._probabilities

    def to_html(self, *, title: Optional[str] = None, date: Optional[datetime.date] = None,
                spin_seconds: float = 4, theme: str = "auto") -> str:
        """The wheel page of this spin (``Wheel.to_html``): one self-contained HTML document."""
        return self._wheel.to_html(self, title=title, date=date, spin_seconds=spin_seconds, theme=theme)

    def _repr_html_(self) -> str:
        """The animated wheel of this spin in a notebook: the page (``to_html``) in a sandboxed
        ``<iframe srcdoc>`` that may run the page's script and nothing else, so the page keeps its
        Content-Security-Policy and stays apart from the notebook."""
        return _html_frame(self.to_html())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Suggestion):
            return NotImplemented
        return self._wheel is other._wheel and self._core.spin == other._core.spin

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        extra = "".join(f", {name}={getattr(self, name)!r}" for name in ("pinned", "skipped") if getattr(self, name))
        return f"Suggestion(picks={list(self.picks)!r}{extra}, position={self.position}, spin={self.spin})"


class Wheel:
    """The roster, a policy, a seeded random source and the meetings so far.

    The weekly flow: ``suggest(k)`` spins the wheel (no rotation state changes); ``skip`` swaps
    out a team that cannot attend; ``accept`` records who presented (the only call that moves the
    rotation on). ``pin`` makes a team present at the next meeting, visibly.

    ``policy`` is one of POLICIES. ``slack``, ``lean`` and ``gap_target`` are the quota policy's
    settings (other policies ignore them); the defaults are the C++ core's. The same seed gives
    the same picks as the C++ and C APIs.

    A failing call raises (ValueError, KeyError for an unknown id, or an opswheel.Error) and
    leaves the wheel unchanged. A wheel is not safe to share between threads without a lock.
    ``name`` is what a JSON file or a Store calls the wheel (None for a new one).
    """

    name: Optional[str] = None
    _store: Any = None  # the Store it was opened from or created in, for commit()

    def __init__(self, policy: str = "quota", seed: int = 0, *, slack: int = _DEFAULTS.slack,
                 lean: float = _DEFAULTS.lean, gap_target: float = _DEFAULTS.gap_target) -> None:
        self._core = _core.Wheel(policy, _args.integer(seed, "seed", _args.UINT64_MAX),
                                 _args.integer(slack, "slack", _args.UINT32_MAX), lean, gap_target)

    # ---- state ----

    @property
    def policy(self) -> str:
        """The policy's name."""
        return str(self._core.policy)

    @property
    def seed(self) -> int:
        """The seed of the wheel's random stream, from which every spin draws on in turn."""
        return int(self._core.seed)

    @property
    def stream_position(self) -> int:
        """The 64-bit words the random stream has given so far: where the next spin's draw begins."""
        return int(self._core.stream_position)

    @property
    def spins(self) -> int:
        """Spins so far (suggest and skip take one each)."""
        return int(self._core.spins)

    @property
    def version(self) -> int:
        """Goes up with every change; a suggestion is accepted only at the version it was drawn at."""
        return int(self._core.version)

    @property
    def pins(self) -> Tuple[Pin, ...]:
        """The teams pinned for the next meeting."""
        return tuple(map(_pin, self._core.pins()))

    def roster(self) -> Table[Team]:
        """Every team, in the order they were added."""
        return Table(Team, map(_team, self._core.roster()))

    def __len__(self) -> int:
        return len(self._core)

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and id in self._core

    def __getitem__(self, id: str) -> Team:
        """The team with this id; KeyError (UnknownIdError) when there is none."""
        return _team(self._core.team(id))

    def copy(self) -> Wheel:
        """An independent copy: state, history and random stream included."""
        new = Wheel._of(self._core.copy(), self.name)
        new._store = self._store
        return new

    @classmethod
    def _of(cls, core: Any, name: Optional[str]) -> Wheel:
        new = cls.__new__(cls)
        new._core = core
        new.name = name
        return new

    __copy__ = copy

    def __deepcopy__(self, memo: Dict[int, Any]) -> Wheel:
        return self.copy()

    # ---- roster ----

    def add(self, id: str, weight: float = 1.0, *, name: str = "", url: str = "",
            tags: Iterable[str] = (), subwheel: str = "") -> None:
        """Adds a team. ``id`` is its stable key; ``weight`` (1e-6 to 1e6, docs/limits.md) its share of turns;
        ``url`` an http(s) dashboard link. ``subwheel`` names another wheel of the same Store
        that this participant stands for (see Store.accept_with_subwheels and
        Store.subwheel_weight). DuplicateIdError when the id is taken."""
        self._core.add(id, weight, name, url, list(tags), subwheel)

    def remove(self, id: str) -> None:
        """Removes a team; its past meetings stay in the history."""
        self._core.remove(id)

    def pause(self, id: str, until: Optional[datetime.date] = None) -> None:
        """Makes a team ineligible until resumed (``until`` records when it is due back; see
        resume_due). A pinned team must be unpinned first."""
        self._core.pause(id, _args.date(until, "until"))

    def resume(self, id: str) -> None:
        """Makes a paused team eligible again, with no penalty for the time away."""
        self._core.resume(id)

    def resume_due(self, date: datetime.date) -> list[str]:
        """Resumes every team due back on or before ``date``; returns their ids."""
        return list(self._core.resume_due(_args.required_date(date, "date")))

    def set_weight(self, id: str, weight: float) -> None:
        """Changes a team's share of turns; how the rotation adapts is the policy's rule."""
        self._core.set_weight(id, weight)

    def reset(self) -> None:
        """Forgets the rotation state (the AWS "reset"); history and statistics stay."""
        self._core.reset()

    # ---- the meeting ----

    def pin(self, id: str, reason: str = "") -> None:
        """Makes ``id`` present at the next accepted meeting; it leads every suggestion until then."""
        self._core.pin(id, reason)

    def unpin(self, id: str) -> None:
        """Withdraws a pin (ValueError when the team is not pinned)."""
        self._core.unpin(id)

    def suggest(self, k: int) -> Suggestion:
        """Spins the wheel: k distinct eligible teams, pinned teams first. Changes no rotation
        state; NotEnoughTeamsError when fewer than k teams are eligible."""
        return Suggestion(self, self._core.suggest(_args.integer(k, "k")))

    def skip(self, suggestion: Suggestion, id: str, reason: str = "") -> Suggestion:
        """A new suggestion with ``id`` (which cannot attend) replaced by a newly drawn team."""
        return Suggestion(self, self._core.skip(self._own(suggestion), id, reason))

    def accept(self, picks: Union[Suggestion, Iterable[str]], week: Optional[datetime.date] = None) -> Meeting:
        """Records a meeting: a Suggestion from this wheel, or the ids of the teams that really
        presented. ``week`` is the meeting's date (not before the last dated meeting).
        StaleSuggestionError when the wheel changed since the suggestion was drawn."""
        when = None if week is None else _args.date(week, "week")
        core = self._core
        # Most likely first: a list or tuple of ids goes to C++ as it is.
        if type(picks) is list or type(picks) is tuple:
            seq = core.accept_ids(picks, when)
        elif isinstance(picks, Suggestion):
            seq = core.accept(self._own(picks), when)
        elif isinstance(picks, str):
            raise TypeError("accept takes a Suggestion or a list of team ids, not one id string")
        else:
            seq = core.accept_ids(list(picks), when)
        return later(Meeting, _logged_meeting, core, seq)

    def probabilities(self, k: int = 1) -> Probabilities:
        """Each team's chance of being among the next k picks (pins not taken into account)."""
        count = _args.integer(k, "k")
        chances, exact, samples = self._core.probabilities(count)
        return Probabilities(chances, count, exact, samples)

    def stats(self) -> Table[TeamStats]:
        """Per-team turns, gaps and deviation from the fair share, in roster order."""
        return Table(TeamStats, map(_stats, self._core.stats()))

    def history(self) -> Table[Meeting]:
        """Every accepted meeting, oldest first."""
        return Table(Meeting, map(_meeting, self._core.history()))

    def undo(self, reason: str = "") -> Meeting:
        """Takes back the last accepted meeting (rotation state, statistics and pins as before
        it); the log keeps the accept and records the undo. Only while nothing but spins and
        action-item or calendar changes happened since the accept (see can_undo); otherwise
        InvalidArgumentError. Action items stay as they are."""
        return _meeting(self._core.undo(reason))

    @property
    def can_undo(self) -> bool:
        return bool(self._core.can_undo)

    # ---- the event log and files ----

    @property
    def actor(self) -> str:
        """Who the next changes are recorded as made by (a person or tool; one line)."""
        return str(self._core.actor)

    @actor.setter
    def actor(self, actor: str) -> None:
        self._core.actor = actor

    def events(self) -> Table[Event]:
        """The wheel's log, oldest first: every change with its time, actor and data. (A wheel
        opened from a Store holds only the events after its snapshot; the store has them all.)"""
        return Table(Event, map(_event, self._core.events()))

    def to_json(self, name: Optional[str] = None, indent: Optional[int] = 2) -> str:
        """The whole wheel as a JSON document (format "opswheel/1": roster, events with their
        audit chain, state), under ``name`` (default: the wheel's name, else "wheel")."""
        spaces = -1 if indent is None else _args.integer(indent, "indent", 64)
        return str(self._core.to_json(name or self.name or "wheel", spaces))

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> Wheel:
        """Reads a to_json document back, replaying and checking every event: CorruptDataError
        for malformed or tampered input, UnsupportedVersionError for a newer format."""
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if not isinstance(text, str):
            raise TypeError(f"from_json takes a str, not {type(text).__name__}")
        name, core = _core.Wheel.from_json(text)
        return cls._of(core, name)

    def commit(self, *, rebase: bool = True) -> int:
        """Writes this wheel's new events to the Store it came from (Store.commit, which says what
        ``rebase`` does)."""
        if self._store is None:
            raise TypeError("this wheel does not belong to a Store: use Store.commit(wheel, name)")
        return int(self._store.commit(self, rebase=rebase))

    # ---- the calendar and action items ----

    def set_cadence(self, weekday: Union[str, int] = "wednesday", start: datetime.time = datetime.time(10, 0),
                    duration: Union[int, datetime.timedelta] = 120, time_zone: str = "UTC") -> None:
        """Sets when the review meets: weekly on ``weekday`` (a name, or 0 = Monday as in
        datetime) at ``start`` (local wall-clock time in ``time_zone``, an IANA name) for
        ``duration`` minutes. Only before any action item or calendar change exists."""
        if not isinstance(start, datetime.time):
            raise TypeError(f"start must be a datetime.time, not {type(start).__name__}")
        if start.second or start.microsecond:
            raise _args.InvalidArgumentError(f"start must be whole minutes, not {start}")
        self._core.set_cadence(_actions.weekday_code(weekday), start.hour * 60 + start.minute,
                               _actions.minutes(duration, "duration"), time_zone)

    @property
    def calendar(self) -> Calendar:
        """The meeting calendar (a live view): next_meeting, meetings, skip, move..."""
        return Calendar(self)

    def actions(self) -> Table[ActionItem]:
        """Every action item, in the order created."""
        return Table(ActionItem, (self._item(a) for a in self._core.action_items()))

    def action(self, id: str) -> ActionItem:
        """The action item ``id``; UnknownItemError (an UnknownIdError) when there is none."""
        return self._item(self._core.action_item(id))

    def add_action(self, title: str, owner: str, due: datetime.date, *, raised_at: Optional[datetime.date] = None,
                   targets: Iterable[str] = (), priority: str = "normal", ticket_url: str = "",
                   description: str = "", review: bool = False, id: str = "") -> ActionItem:
        """Creates an action item owned by team ``owner``, due on ``due`` (it reports back at the
        first meeting on or after it). ``raised_at`` is the meeting it was raised at (a meeting
        of the calendar; default: the last accepted meeting's date). ``targets`` makes it
        fleet-wide: one part per team. ``review=True`` links it to ``owner``'s review at that
        meeting. ``id`` defaults to the next "AI-<n>"."""
        if raised_at is None:
            raised_at = self._last_meeting_date("add_action needs raised_at")
        if isinstance(targets, str):
            raise TypeError("targets must be a list of team ids, not one string")
        item = self._core.add_action(id, title, owner, _args.required_date(raised_at, "raised_at"),
                                     _args.required_date(due, "due"), priority, ticket_url, list(targets),
                                     description, owner if review else None)
        return self._item(item)

    def move_due(self, id: str, due: datetime.date, reason: str) -> None:
        """A new due date for item ``id``; the reason is required (the history keeps every slip)."""
        self._core.move_due(id, _args.required_date(due, "due"), reason)

    def set_status(self, id: str, status: str, reason: str = "") -> None:
        """Moves item ``id`` to "open", "in_progress", "done" or "cancelled". Cancelling and
        reopening need a reason; done <-> cancelled is refused (InvalidTransitionError)."""
        self._core.set_status(id, status, reason)

    def change_owner(self, id: str, owner: str, reason: str) -> None:
        self._core.change_owner(id, owner, reason)

    def add_targets(self, id: str, teams: Iterable[str], reason: str = "") -> None:
        if isinstance(teams, str):
            raise TypeError("teams must be a list of team ids, not one string")
        self._core.add_targets(id, list(teams), reason)

    def remove_target(self, id: str, team: str, reason: str) -> None:
        self._core.remove_target(id, team, reason)

    def complete_target(self, id: str, team: str, on: Optional[datetime.date] = None) -> None:
        """Marks ``team``'s part of fleet-wide item ``id`` done on ``on`` (default: today)."""
        self._core.complete_target(id, team, _args.required_date(on or datetime.date.today(), "on"))

    def reopen_target(self, id: str, team: str, reason: str) -> None:
        self._core.reopen_target(id, team, reason)

    def comment(self, id: str, text: str) -> None:
        """A note in item ``id``'s history, such as what the owner reported."""
        self._core.comment(id, text)

    def edit_action(self, id: str, *, title: Optional[str] = None, description: Optional[str] = None,
                    priority: Optional[str] = None, ticket_url: Optional[str] = None, reason: str = "") -> None:
        """Changes item ``id``'s descriptive fields; those not given keep their value. The owner,
        due date and status have their own calls, since the meeting holds people to them."""
        self._core.edit_action(id, title, description, priority, ticket_url, reason)

    # ---- reviews: the template, team profiles, review records, escalation ----

    @property
    def review_template(self) -> Tuple[Metric, ...]:
        """The metrics every team presents, in checklist order (availability, latency, error
        rate, tickets/pages and change failures unless set_review_template changed them)."""
        return _reviews.metric_records(self._core.review_template())

    def set_review_template(self, metrics: Iterable[_reviews.MetricLike]) -> None:
        """Replaces the review template. ``metrics``: Metric records, ids, or (id, description)
        pairs, distinct (also from every team profile's own metrics)."""
        self._core.set_review_template(_reviews.metrics(metrics))

    def team_profiles(self) -> Table[TeamProfile]:
        """Every team profile, by team id."""
        return Table(TeamProfile, map(_reviews.team_profile, self._core.team_profiles()))

    def team_profile(self, team: str) -> Optional[TeamProfile]:
        """``team``'s profile, or None when it has none."""
        return next((p for p in self.team_profiles() if p.team == team), None)

    def set_team_profile(self, team: str, *, metrics: Iterable[_reviews.MetricLike] = (),
                         dashboards: Iterable[_reviews.DashboardLike] = ()) -> None:
        """Sets (replaces) the extra metrics and the dashboards (DashboardLink or (title, url))
        of ``team``, a team on the roster. Its metrics must not repeat the template's."""
        self._core.set_team_profile(team, _reviews.metrics(metrics), _reviews.dashboards(dashboards))

    def checklist(self, team: str) -> Tuple[Metric, ...]:
        """The metrics ``team`` walks the review through: the template's, then its own."""
        return _reviews.metric_records(self._core.checklist(team))

    def record_review(self, team: str, meeting: Optional[datetime.date] = None, *,
                      checklist: _reviews.ChecklistLike = (), outcome: str = "", monitoring: str = "not_assessed",
                      monitoring_notes: str = "", lessons: str = "") -> ReviewRecord:
        """Records ``team``'s review at ``meeting`` (a meeting of the calendar; default: the last
        accepted meeting's date); recording the same meeting and team again replaces the record
        (the log keeps both). ``checklist``: {metric id: note}, or ChecklistEntry records and
        metric ids, each on the team's checklist. ``monitoring`` answers "are we monitoring
        enough?": "not_assessed", "enough" or "not_enough". Action items raised in it are those
        added with ``add_action(..., review=True)`` at that meeting."""
        when = self._last_meeting_date("record_review needs meeting") if meeting is None else meeting
        when = _args.required_date(when, "meeting")
        self._core.record_review(when, team, _reviews.checklist(checklist), outcome, monitoring, monitoring_notes,
                                 lessons)
        return next(iter(self.reviews(when, team)))

    def reviews(self, meeting: Optional[datetime.date] = None, team: Optional[str] = None) -> Table[ReviewRecord]:
        """The review records in the order first recorded, those of ``meeting`` and/or ``team``
        when given."""
        when = _args.date(meeting, "meeting")
        return Table(ReviewRecord, (
            _reviews.review_record(r, self._core.raised_in(r.meeting, r.team)) for r in self._core.reviews()
            if (when is None or r.meeting == when) and (team is None or r.team == team)))

    def review(self, meeting: datetime.date, team: str) -> Optional[ReviewRecord]:
        """The record of ``team``'s review at ``meeting``, or None."""
        found = self.reviews(_args.required_date(meeting, "meeting"), team)
        return found[0] if found else None

    @property
    def escalate_after(self) -> int:
        """After how many missed report-back meetings an active item counts as escalated."""
        return int(self._core.escalate_after)

    def set_escalate_after(self, missed_report_backs: int) -> None:
        """Sets the escalation threshold (at least 1; the default is 2)."""
        self._core.set_escalate_after(_args.integer(missed_report_backs, "missed_report_backs"))

    # ---- the board and the agenda ----

    def due_for_report_back(self, meeting: datetime.date) -> Table[BoardEntry]:
        """Active items that report back at ``meeting``."""
        return self._board(self._core.due_for_report_back(_args.required_date(meeting, "meeting")))

    def overdue(self, as_of: datetime.date) -> Table[BoardEntry]:
        """Active items whose report-back meeting passed before ``as_of``, most missed first."""
        return self._board(self._core.overdue(_args.required_date(as_of, "as_of")))

    def escalated(self, as_of: datetime.date) -> Table[BoardEntry]:
        """The overdue items past the escalation threshold."""
        return self._board(self._core.escalated(_args.required_date(as_of, "as_of")))

    def actions_owned_by(self, team: str) -> Table[ActionItem]:
        return Table(ActionItem, (self._item(a) for a in self._core.by_owner(team)))

    def actions_with_status(self, status: str) -> Table[ActionItem]:
        return Table(ActionItem, (self._item(a) for a in self._core.by_status(status)))

    def board_counts(self, as_of: datetime.date) -> BoardCounts:
        return _actions.board_counts(self._core.board_counts(_args.required_date(as_of, "as_of")))

    def agenda(self, meeting: datetime.date, presenting: Union[Suggestion, Sequence[str], None] = None,
               **minutes: Any) -> Agenda:
        """The agenda of the meeting on ``meeting`` with ``presenting`` (a Suggestion or team ids)
        reviewed in that order; by default the teams of the meeting accepted for that date, else
        those of the current suggestion, else none (see presenters). Section lengths in minutes
        may be given by name: successes, org_projects, operational_events, action_items, review
        (per team), announcements."""
        day = _args.required_date(meeting, "meeting")
        if presenting is None:
            picks = list(self.presenters(day)[0])
        else:
            picks = list(presenting.picks if isinstance(presenting, Suggestion) else presenting)
        lengths = {k: _actions.minutes(v, k) for k, v in minutes.items()}
        return Agenda(self._core.agenda(day, picks, **lengths))

    def presenters(self, meeting: datetime.date) -> Tuple[Tuple[str, ...], str]:
        """Who presents at the meeting on ``meeting`` and where that comes from: ``"accepted"``
        (the meeting recorded for that date), ``"suggestion"`` (the current suggestion, while no
        meeting on or after that date is recorded) or ``"none"``. Removed teams are left out."""
        teams, source = self._core.presenters(_args.required_date(meeting, "meeting"))
        return tuple(teams), source

    def to_icalendar(self, start: datetime.date, until: Optional[datetime.date] = None, *,
                     agendas: Iterable[Agenda] = (), title: str = "Operations review",
                     calendar_id: Optional[str] = None, stamp: Optional[datetime.datetime] = None) -> str:
        """The meetings (one weekly series from the first meeting on or after ``start``) and
        action items (VTODO) as iCalendar text (RFC 5545); each agenda becomes its meeting's
        description. ``calendar_id`` (default: the wheel's name) keeps UIDs stable across exports;
        ``stamp`` is the export time (default: now, UTC)."""
        when = stamp or datetime.datetime.now(datetime.timezone.utc)
        if not isinstance(when, datetime.datetime) or when.tzinfo is None:
            raise TypeError("stamp must be a timezone-aware datetime.datetime")
        return str(self._core.icalendar(_args.required_date(start, "start"), _args.date(until, "until"),
                                        calendar_id or self.name or "opswheel", title, int(when.timestamp()),
                                        [a._core for a in agendas]))

    def _last_meeting_date(self, needs: str) -> datetime.date:
        dated = [m.date for m in self._core.history() if m.date is not None]
        if not dated:
            raise TypeError(f"{needs}: the wheel has no dated meeting to default to")
        return dated[-1]

    def _item(self, core: Any) -> ActionItem:
        return _actions.action_item(core, self._core.report_back(core.id))

    @staticmethod
    def _board(entries: List[Any]) -> Table[BoardEntry]:
        return Table(BoardEntry, (_actions.board_entry(item, standing) for item, standing in entries))

    def _own(self, suggestion: Suggestion) -> Any:
        """The C++ value of ``suggestion``, once it is known to be this wheel's."""
        if not isinstance(suggestion, Suggestion):
            raise TypeError(f"expected a Suggestion, not {type(suggestion).__name__}")
        if suggestion._wheel is not self:
            raise StaleSuggestionError("this suggestion was drawn from another wheel")
        return suggestion._core

    def _rebased(self, core: Any) -> None:
        """Takes ``core``, the wheel a rebasing commit made of this one: the store's new events,
        then this wheel's own, renumbered after them. The old core stays with the records handed
        out before (their event numbers are its). Suggestions drawn before are values: they can
        still be accepted while the wheel's version is the one they were drawn at."""
        self._core = core

    # ---- display ----

    def to_html(self, suggestion: Optional[Suggestion] = None, *, meeting: Optional[int] = None,
                title: Optional[str] = None, date: Optional[datetime.date] = None, spin_seconds: float = 4,
                theme: str = "auto") -> str:
        """The wheel page (docs/page.md): one self-contained HTML document, with no network access,
        that animates the library's draw — each team's sector sized by its chance that week, the
        picks in order with pins and skip replacements marked, paused and zero-chance teams beside
        the wheel, the presenters' dashboard links and time boxes.

        Give either ``suggestion``, a current spin of this wheel (``date``: its meeting's date, which
        places the presenters' slots in the agenda), or ``meeting``, the number of an accepted
        meeting (shown with the chances of the week it was drawn; a wheel a Store opened from a
        snapshot lacks the log for that). ``title`` defaults to the wheel's name; ``spin_seconds``
        (0 to 60) is the animation per pick; ``theme`` is "auto", "light" or "dark". Raises
        StaleSuggestionError for a spin the wheel has moved on from, ValueError for bad options or
        an unknown meeting.
        """
        heading = (self.name or "") if title is None else title
        if (suggestion is None) == (meeting is None):
            raise InvalidArgumentError("to_html takes either a suggestion or meeting=N")
        if suggestion is not None:
            return str(self._core.page(self._own(suggestion), heading, _args.date(date, "date"),
                                       float(spin_seconds), theme))
        if date is not None:
            raise InvalidArgumentError("a recorded meeting has its own date: to_html(meeting=N) takes no date")
        return str(self._core.meeting_page(_args.integer(meeting, "meeting"), heading, float(spin_seconds), theme))

    def __repr__(self) -> str:
        roster = self._core.roster()
        paused = sum(1 for p in roster if p.paused)
        return (f"<opswheel.Wheel policy={self.policy!r} seed={self.seed} teams={len(roster)} "
                f"paused={paused} meetings={len(self._core.history())}>")

    def _repr_html_(self) -> str:
        """The wheel as an SVG: a slice per active team, sized by its chance of being among the
        next k picks (k: the size of the last meeting, else 1)."""
        roster = self.roster()
        history = self._core.history()
        active = sum(1 for t in roster if not t.paused)
        k = min(len(history[-1].picks) if history else 1, active)
        chances = self.probabilities(k) if k > 0 else Probabilities({}, 0, True, 0)
        return _svg.wheel_html(self.policy, roster, chances)
