"""Wheel and Suggestion: the Pythonic face of the C++ ``opswheel::Wheel`` (include/opswheel/wheel.hpp)."""

from __future__ import annotations

import datetime
from typing import Any, Dict, Iterable, Optional, Tuple, Union

from . import _args, _core, _svg
from ._errors import StaleSuggestionError
from ._records import Meeting, Pin, Skip, Table, Team, TeamStats

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


def _pin(p: Any) -> Pin:
    return Pin(p.id, p.reason)


def _skip(s: Any) -> Skip:
    return Skip(s.id, s.reason, s.replacement)


def _team(p: Any) -> Team:
    return Team(p.id, p.name, p.display_name, p.url, p.weight, tuple(p.tags), p.paused, p.paused_until)


def _meeting(m: Any) -> Meeting:
    return Meeting(m.number, m.date, tuple(m.picks), tuple(map(_pin, m.pinned)), tuple(map(_skip, m.skipped)), m.seed)


def _stats(s: Any) -> TeamStats:
    return TeamStats(s.id, s.turns, s.last_meeting, s.last_date, s.current_gap, s.longest_gap, s.expected, s.deviation)


class Suggestion:
    """The result of a spin: who should present. ``Wheel.accept`` records it.

    ``picks`` are team ids in draw order, pinned teams first; ``pinned`` the pins it honours;
    ``skipped`` the teams swapped out by ``Wheel.skip``; ``seed`` the seed its draw used (the
    spin's, derived from the wheel's seed), ``spin`` the wheel's spin number and ``version`` the
    wheel state it was drawn from: it can be accepted only while the wheel is unchanged.
    """

    __slots__ = ("_core", "_wheel", "_probabilities", "picks", "pinned", "skipped", "seed", "spin", "version")

    def __init__(self, core: Any, wheel: Wheel) -> None:
        self._core = core
        self._wheel = wheel
        self._probabilities: Optional[Probabilities] = None
        self.picks: Tuple[str, ...] = tuple(core.picks)
        self.pinned: Tuple[Pin, ...] = tuple(map(_pin, core.pinned))
        self.skipped: Tuple[Skip, ...] = tuple(map(_skip, core.skipped))
        self.seed: int = core.seed
        self.spin: int = core.spin
        self.version: int = core.version

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

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Suggestion):
            return NotImplemented
        return self._wheel is other._wheel and bool(self._core == other._core)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        extra = "".join(f", {name}={getattr(self, name)!r}" for name in ("pinned", "skipped") if getattr(self, name))
        return f"Suggestion(picks={list(self.picks)!r}{extra}, seed={self.seed}, spin={self.spin})"


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
    Saving (to_json/from_json, Store) and undo join when the core has them.
    """

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
        return int(self._core.seed)

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
        new = Wheel.__new__(Wheel)
        new._core = self._core.copy()
        return new

    __copy__ = copy

    def __deepcopy__(self, memo: Dict[int, Any]) -> Wheel:
        return self.copy()

    # ---- roster ----

    def add(self, id: str, weight: float = 1.0, *, name: str = "", url: str = "",
            tags: Iterable[str] = ()) -> None:
        """Adds a team. ``id`` is its stable key; ``weight`` (finite, > 0) its share of turns;
        ``url`` an http(s) dashboard link. DuplicateIdError when the id is taken."""
        self._core.add(id, weight, name, url, list(tags))

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
        checked = _args.date(date, "date")
        if checked is None:
            raise TypeError("date must be a datetime.date, not None")
        return list(self._core.resume_due(checked))

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
        return Suggestion(self._core.suggest(_args.integer(k, "k")), self)

    def skip(self, suggestion: Suggestion, id: str, reason: str = "") -> Suggestion:
        """A new suggestion with ``id`` (which cannot attend) replaced by a newly drawn team."""
        return Suggestion(self._core.skip(self._own(suggestion), id, reason), self)

    def accept(self, picks: Union[Suggestion, Iterable[str]], week: Optional[datetime.date] = None) -> Meeting:
        """Records a meeting: a Suggestion from this wheel, or the ids of the teams that really
        presented. ``week`` is the meeting's date (not before the last dated meeting).
        StaleSuggestionError when the wheel changed since the suggestion was drawn."""
        when = _args.date(week, "week")
        if isinstance(picks, Suggestion):
            return _meeting(self._core.accept(self._own(picks), when))
        if isinstance(picks, str):
            raise TypeError("accept takes a Suggestion or a list of team ids, not one id string")
        return _meeting(self._core.accept_ids(list(picks), when))

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

    def _own(self, suggestion: Suggestion) -> Any:
        if not isinstance(suggestion, Suggestion):
            raise TypeError(f"expected a Suggestion, not {type(suggestion).__name__}")
        if suggestion._wheel is not self:
            raise StaleSuggestionError("this suggestion was drawn from another wheel")
        return suggestion._core

    # ---- display ----

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
