"""Store: wheels kept in one SQLite file (include/opswheel/store.hpp), each as its event log with
the audit chain and snapshots. Writers are optimistic: open a wheel, change it, commit; a commit
after someone else's raises ConflictError and writes nothing (open again and redo the change),
unless one side only changed action items or the calendar (then the commit rebases).
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import time
from typing import Iterator, List, Optional, Sequence, Union

from . import _args, _core
from ._records import ChainedEvent, Meeting, Table, _Record
from ._wheel import _DEFAULTS, Suggestion, Wheel, _event, _meeting

__all__ = ["Store", "Verification"]


@dataclasses.dataclass(frozen=True)
class Verification(_Record):
    """What ``Store.verify`` found: ok, or the first event (or snapshot) that does not match."""

    ok: bool
    events: int  #: events checked
    first_bad: Optional[int]  #: seq of the first event that does not match
    problem: str  #: what is wrong with it; "" when ok
    head_hash: str  #: the hash the store records as the wheel's head: write it down to check later


class Store:
    """Many wheels by name in one store at ``path``: a SQLite file (created unless ``create=False``),
    or a PostgreSQL database given as a ``postgresql://`` URL or a libpq key=value string (the rule
    and the ``schema`` parameter are C++ ``Store``'s; ``"postgresql" in opswheel.features`` says
    whether this build has it).

    ``busy_timeout`` (seconds, or a timedelta) is how long a write waits for another process's
    transaction before StorageError. ``durable=False`` trades the last commits on power loss for
    speed. ``snapshot_every`` is the number of events between snapshots. One thread at a time.
    """

    def __init__(self, path: Union[str, os.PathLike], *, busy_timeout: Union[float, datetime.timedelta] = 5.0,
                 create: bool = True, durable: bool = True, snapshot_every: int = 100) -> None:
        seconds = _args.seconds(busy_timeout, "busy_timeout")
        self._core = _core.Store(os.fspath(path), round(seconds * 1000), bool(create), bool(durable),
                                 _args.integer(snapshot_every, "snapshot_every"))

    @property
    def path(self) -> str:
        """The location as given (a PostgreSQL URL with any password in it)."""
        return str(self._core.path)

    @property
    def location(self) -> str:
        """The store as messages name it: the path, or the PostgreSQL location without its password."""
        return str(self._core.location)

    def wheels(self) -> List[str]:
        """The wheels' names, sorted."""
        return list(self._core.wheels())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._core

    def create(self, name: str, policy: str = "quota", seed: int = 0, *, slack: int = _DEFAULTS.slack,
               lean: float = _DEFAULTS.lean, gap_target: float = _DEFAULTS.gap_target, actor: str = "") -> Wheel:
        """Creates wheel ``name`` (DuplicateIdError when taken) and returns it, bound to this
        store: change it, then ``commit()``."""
        core = self._core.create(name, policy, _args.integer(seed, "seed", _args.UINT64_MAX),
                                 _args.integer(slack, "slack", _args.UINT32_MAX), lean, gap_target, actor)
        return self._bind(core, name)

    def open(self, name: str) -> Wheel:
        """Wheel ``name`` as last committed (NotFoundError when there is none), bound to this store."""
        return self._bind(self._core.open(name), name)

    def commit(self, wheel: Wheel, name: Optional[str] = None, *, rebase: bool = True) -> int:
        """Writes the events ``wheel`` made since it was opened or last committed, in one
        transaction, under ``name`` (default: the wheel's). Returns how many were written.

        When another writer committed to it since, and one side's new events are all action-item
        or calendar events (they change no rotation and draw nothing), ``wheel``'s events are
        applied again after the stored ones, each checked again (a spin must draw the same picks),
        and written; ``wheel`` then becomes the stored wheel with them, renumbered (as the C++
        ``Store::commit(name, Wheel&)``). Suggestions drawn from it before can still be accepted
        while the wheel's version is unchanged; records it returned before keep the numbers of the
        log they came from. Otherwise, or
        with ``rebase=False``, ConflictError, and nothing is written."""
        target = self._name(wheel, name, "commit")
        if not rebase:
            return int(self._core.commit(target, wheel._core))
        written, rebased = self._core.commit_rebase(target, wheel._core)
        if rebased is not None:
            wheel._rebased(rebased)
        return int(written)

    def accept_with_subwheels(self, wheel: Wheel, suggestion: Union[Suggestion, Sequence[str]],
                              week: Optional[datetime.date] = None, *, name: Optional[str] = None) -> Meeting:
        """Accepts ``suggestion`` (or a list of the ids that presented) on ``wheel`` (as
        Wheel.accept) and, for each pick that stands
        for another wheel of this store (``Wheel.add(..., subwheel=...)``), spins that wheel for
        one team, accepts it on the same date, and records who presented in the meeting's
        ``delegated``; commits every wheel involved in one transaction under their names
        (``wheel``'s: ``name``, default its own). One level deep. All or nothing: on any error
        (ConflictError for a stale wheel or sub-wheel, NotFoundError for a sub-wheel the store
        does not have) ``wheel`` is unchanged and nothing is written. A sub-wheel whose teams are
        all paused sends no one: its pick is recorded without ``delegated`` for it."""
        target = self._name(wheel, name, "accept_with_subwheels")
        if isinstance(suggestion, (list, tuple)):
            meeting = self._core.accept_ids_with_subwheels(target, wheel._core, list(suggestion), _args.date(week, "week"))
        else:
            meeting = self._core.accept_with_subwheels(target, wheel._core, wheel._own(suggestion),
                                                       _args.date(week, "week"))
        return _meeting(meeting)

    def subwheel_weight(self, subwheel: str) -> float:
        """The default weight of a participant standing for wheel ``subwheel``: its active teams
        (at least 1). NotFoundError when the store has no such wheel."""
        return float(self._core.subwheel_weight(subwheel))

    def events(self, name: str, from_seq: int = 1) -> Table[ChainedEvent]:
        """Wheel ``name``'s stored events from ``from_seq`` on, each with its audit-chain hashes
        (all of them, unlike the events of a wheel opened from a snapshot)."""
        stored = self._core.events(name, _args.integer(from_seq, "from_seq"))
        return Table(ChainedEvent, (ChainedEvent(**_event(text).to_dict(), prev=prev, hash=hash)
                                    for text, prev, hash in stored))

    def wait(self, name: str, after_seq: int, timeout: Union[float, datetime.timedelta, None] = None) -> int:
        """The change feed: waits until wheel ``name`` has an event numbered above ``after_seq``
        and returns its head (the number of its last event): at once when it has one already, as
        soon as another Store or process commits one (within about 50 ms on SQLite), or the head
        as it is when ``timeout`` (seconds or a timedelta; None: no timeout) passes first. Nothing
        is missed, and a wake-up is read from the store, never taken on trust. Read the new events
        with ``events(name, seen + 1)`` and go on from the last one read (or use ``follow``).
        Other threads run while it waits (the GIL is released), but not on this Store, and Ctrl-C
        stops it. NotFoundError for an unknown wheel."""
        after = _args.integer(after_seq, "after_seq", _args.UINT64_MAX)
        ms = None if timeout is None else round(_args.seconds(timeout, "timeout") * 1000)
        return int(self._core.wait_for_events(name, after, ms))

    def follow(self, name: str, from_seq: Optional[int] = None, *,
               timeout: Union[float, datetime.timedelta, None] = None) -> Iterator[ChainedEvent]:
        """Wheel ``name``'s events, each once and in order, as they are committed: the stored
        events from ``from_seq`` on first, or by default only those committed after this call.
        Ends when ``timeout`` (seconds or a timedelta, in all) has passed; with None it goes on
        until the loop stops. NotFoundError (raised here, not at the first event) for an unknown
        wheel. Built on ``wait`` and ``events``, so it uses this Store while iterated."""
        limit = None if timeout is None else _args.seconds(timeout, "timeout")
        if from_seq is None:
            seen = self.wait(name, _args.UINT64_MAX, 0)  # a zero timeout only looks: the head now
        else:
            seen = max(_args.integer(from_seq, "from_seq", _args.UINT64_MAX), 1) - 1
        return self._follow(name, seen, None if limit is None else time.monotonic() + limit)

    def _follow(self, name: str, seen: int, deadline: Optional[float]) -> Iterator[ChainedEvent]:
        while True:
            for event in self.events(name, seen + 1):
                seen = event.seq
                yield event
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return
            self.wait(name, seen, left)

    def verify(self, name: str) -> Verification:
        """Checks wheel ``name`` as an auditor would: the audit chain, the replay of the whole log
        and every snapshot. Reports what it finds; raises only NotFoundError or StorageError."""
        v = self._core.verify(name)
        return Verification(v.ok, v.events, v.first_bad, v.problem, v.head_hash)

    def export_json(self, name: str) -> str:
        """The whole wheel as a JSON document (as Wheel.to_json writes)."""
        return str(self._core.export_json(name))

    def import_json(self, text: str, name: Optional[str] = None) -> str:
        """Adds the wheel in ``text`` (checked as Wheel.from_json does) under its own name or
        ``name``; returns the name. Nothing is written on any error."""
        return str(self._core.import_json(text, name))

    @staticmethod
    def _name(wheel: Wheel, name: Optional[str], call: str) -> str:
        if not isinstance(wheel, Wheel):
            raise TypeError(f"{call} takes a Wheel, not {type(wheel).__name__}")
        target = name or wheel.name
        if target is None:
            raise TypeError(f"this wheel has no name: give {call} the name to write it under")
        return target

    def _bind(self, core: object, name: str) -> Wheel:
        wheel = Wheel._of(core, name)
        wheel._store = self
        return wheel

    def __repr__(self) -> str:
        return f"<opswheel.Store {self.location!r}>"
