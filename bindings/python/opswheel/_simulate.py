"""simulate(): a policy run for many weeks, several times over, with numpy arrays out
(include/opswheel/simulate.hpp does the work, with the GIL released), on a fixed roster or under a
change model (Churn: include/opswheel/churn.hpp)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _args, _core
from ._errors import InvalidArgumentError
from ._records import Change, Metrics, Table

__all__ = ["Churn", "SimulationResult", "simulate"]

_DEFAULTS = _core.PolicyOptions()
_JOINER_ID = re.compile(r"join-(\d+)")


@dataclasses.dataclass(frozen=True)
class Churn:
    """How a simulated roster changes from week to week (docs/fairness.md, "Under roster changes").

    Each week, before the draw: pauses that are due end; a team joins with chance ``join`` (its
    weight drawn from ``weights``); a random team leaves with chance ``leave``; a random eligible
    team is paused with chance ``pause``, for a number of weeks drawn from ``pause_weeks`` (min,
    max; one int n means (n, n)); a random team's weight is drawn again from ``weights`` with
    chance ``reweight``. A leave or pause that would leave fewer than k eligible teams is skipped.
    The changes come from a stream of their own under each run's seed. The default changes nothing.
    The values are checked by the simulation (the C++ names the fields join_rate, leave_rate,
    pause_rate, pause_min, pause_max, reweight_rate and new_weights).
    """

    join: float = 0.0
    leave: float = 0.0
    pause: float = 0.0
    pause_weeks: Tuple[int, int] = (1, 1)
    reweight: float = 0.0
    weights: Tuple[float, ...] = (1.0,)

    def __post_init__(self) -> None:
        weeks: Any = self.pause_weeks
        if isinstance(weeks, (tuple, list)):
            if len(weeks) != 2:
                raise InvalidArgumentError(f"pause_weeks must be (min, max) or one int, not {weeks!r}")
            pair = (_args.integer(weeks[0], "pause_weeks[0]"), _args.integer(weeks[1], "pause_weeks[1]"))
        else:
            pair = (_args.integer(weeks, "pause_weeks"),) * 2
        object.__setattr__(self, "pause_weeks", pair)
        object.__setattr__(self, "weights", tuple(float(w) for w in np.asarray(self.weights, dtype=np.float64).ravel()))
        for name in ("join", "leave", "pause", "reweight"):
            object.__setattr__(self, name, float(getattr(self, name)))

    def _core_model(self) -> Any:
        return _core.ChurnModel(self.join, self.leave, self.pause, self.pause_weeks[0], self.pause_weeks[1],
                                self.reweight, np.asarray(self.weights, dtype=np.float64))


class SimulationResult:
    """What ``simulate`` returns.

    - ``picks``: uint32 array (runs, weeks, k), the teams picked each week in draw order, by
      serial (a fixed roster's serials are the team indices); ``ids[picks]`` gives the ids.
    - ``ids``: the team ids, by serial: the starting teams, then (under churn) "join-<serial>" for
      every team that joined in any run. Runs differ in team count under churn, so the per-team
      arrays (``chances``, ``turns``, ``eligible``, ``weights``, ``expected``) are as wide as
      ``ids``: a run's columns past its own ``teams[run]`` never hold a pick, a chance or a weight.
    - ``teams``: int array (runs,), each run's team count (the starting teams and its joiners).
    - ``shares``: float array (starting teams,), each starting team's fair share of a week's k
      picks (min(1, c*w), summing to k), which holds until the roster first changes.
    - ``seeds``: uint64 array (runs,), the seed of each run's draws: seed + r (mod 2**64) for
      run r, so ``Wheel(policy, seed=seeds[run])`` with the teams added in order, then each week
      that run's ``changes`` of the week applied and ``accept(suggest(k))``, draws the same picks.
    - ``changes``: a Table of Change records (``to_pandas()``), every run's roster changes in the
      order made (empty on a fixed roster).
    - ``chance_weeks``: int array (runs, m), the weeks whose chances were recorded, and
      ``chances``: float array (runs, m, len(ids)), each team's chance before that week's draw,
      NaN for a team that was not in that week's draw (paused, not on the roster, or past the run's
      team count).
    - ``metrics``: the fairness figures averaged over the runs; ``run_metrics``: a Table, one
      row per run (``to_pandas()``).
    """

    def __init__(self, policy: str, ids: List[str], weights: np.ndarray, k: int, weeks: int, seed: int,
                 first_run: int, churn: Optional[Churn], raw: Mapping[str, Any]) -> None:
        self.policy = policy
        self.k = k
        self.weeks = weeks
        self.seed = seed
        self.first_run = first_run
        self.churn = churn
        self.picks: np.ndarray = raw["picks"]
        self.seeds: np.ndarray = raw["seeds"]
        self.teams: np.ndarray = raw["teams"]
        self.shares: np.ndarray = raw["shares"]
        self.chance_weeks: np.ndarray = raw["chance_weeks"]
        self.chances: np.ndarray = raw["chances"]
        self.metrics = Metrics(**raw["mean"])
        self.run_metrics: Table[Metrics] = Table(Metrics, (Metrics(**m) for m in raw["run_metrics"]))
        widest = int(self.teams.max()) if self.teams.size else len(ids)
        self.ids = list(ids) + [f"join-{serial}" for serial in range(len(ids), widest)]
        self._starting_weights = weights
        self._change_columns: Dict[str, np.ndarray] = raw["changes"]
        self._changes: Optional[Table[Change]] = None

    @property
    def runs(self) -> int:
        return int(self.picks.shape[0])

    @property
    def changes(self) -> Table[Change]:
        """Every run's roster changes, in the order made: a Table of Change records."""
        if self._changes is None:
            c = self._change_columns
            kinds = _core.change_kinds
            self._changes = Table(Change, (
                Change(run=int(run), week=int(week), kind=kinds[kind], team=self.ids[team], serial=int(team),
                       weight=None if np.isnan(weight) else float(weight),
                       weeks=int(weeks) if kinds[kind] == "pause" else None)
                for run, week, kind, team, weight, weeks in zip(c["run"], c["week"], c["kind"], c["team"], c["weight"],
                                                                c["weeks"])))
        return self._changes

    def _run(self, run: int) -> int:
        return _args.integer(run, "run", self.runs - 1)

    def weights(self, run: int = 0) -> np.ndarray:
        """Each team's weight in each week's draw: a float array (weeks, len(ids)), row t - 1 for
        week t, NaN while the team is not on the roster (its weight while paused is kept)."""
        return self._roster(self._run(run))[0]

    def eligible(self, run: int = 0) -> np.ndarray:
        """Whether each team was in each week's draw (on the roster and not paused): a bool array
        (weeks, len(ids)), row t - 1 for week t."""
        return self._roster(self._run(run))[1]

    def _roster(self, run: int) -> Tuple[np.ndarray, np.ndarray]:
        # The roster week by week, from the starting weights and the run's changes (each one made
        # before its week's draw).
        weight = np.full(len(self.ids), np.nan)
        weight[:len(self._starting_weights)] = self._starting_weights
        paused = np.zeros(len(self.ids), dtype=bool)
        weights = np.empty((self.weeks, len(self.ids)))
        eligible = np.empty((self.weeks, len(self.ids)), dtype=bool)
        c = self._change_columns
        rows = np.flatnonzero(c["run"] == run)
        kinds = _core.change_kinds
        at = 0
        for t in range(1, self.weeks + 1):
            while at < rows.size and c["week"][rows[at]] == t:
                row = rows[at]
                kind, team = kinds[c["kind"][row]], c["team"][row]
                if kind in ("join", "reweight"):
                    weight[team] = c["weight"][row]
                elif kind == "leave":
                    weight[team] = np.nan
                    paused[team] = False
                else:
                    paused[team] = kind == "pause"
                at += 1
            weights[t - 1] = weight
            eligible[t - 1] = ~np.isnan(weight) & ~paused
        return weights, eligible

    def turns(self, run: int = 0) -> np.ndarray:
        """Turns so far, x_i(t): an int array (weeks + 1, len(ids)), row t after week t (row 0 is 0)."""
        picks = self.picks[self._run(run)]
        counts = np.zeros((self.weeks + 1, len(self.ids)), dtype=np.int64)
        weeks = np.repeat(np.arange(1, self.weeks + 1), self.k)
        np.add.at(counts, (weeks, picks.reshape(-1)), 1)  # a repeat would count twice; metrics.duplicates is 0
        return np.cumsum(counts, axis=0)

    def expected(self, run: int = 0) -> np.ndarray:
        """Each team's fair share of turns so far, E_i(t): a float array (weeks + 1, len(ids)), row t
        after week t (row 0 is 0), the sum of its shares of the weeks it was in the draw
        (``shares * t`` on a fixed roster). ``turns(run) - expected(run)`` is each team's deviation."""
        r = self._run(run)
        out = np.zeros((self.weeks + 1, len(self.ids)))
        if not np.any(self._change_columns["run"] == r):
            out[:, :len(self.shares)] = np.outer(np.arange(self.weeks + 1), self.shares)
            return out
        weights, eligible = self._roster(r)
        last_key: Optional[bytes] = None
        share = np.zeros(len(self.ids))
        for t in range(1, self.weeks + 1):
            key = weights[t - 1].tobytes() + eligible[t - 1].tobytes()
            if key != last_key:  # the roster changed: its shares are worked out again
                share = np.zeros(len(self.ids))
                drawn = np.flatnonzero(eligible[t - 1])
                share[drawn] = _core.shares(weights[t - 1][drawn], self.k)
                last_key = key
            out[t] = out[t - 1] + share
        return out

    def gaps(self, run: Optional[int] = None) -> List[np.ndarray]:
        """Every gap of every team (weeks between turns, the wait before the first and the one
        still open included: docs/fairness.md; under churn counted in the weeks the team was in
        the draw), one array per team; all runs pooled when ``run`` is None."""
        runs = range(self.runs) if run is None else [self._run(run)]
        per_team: List[List[int]] = [[] for _ in self.ids]
        for r in runs:
            eligible = self.eligible(r) if np.any(self._change_columns["run"] == r) else None
            for team, gaps in enumerate(_core.gaps(self.picks[r], len(self.ids), eligible)):
                per_team[team].extend(gaps)
        return [np.asarray(g, dtype=np.int64) for g in per_team]

    def __repr__(self) -> str:
        m = self.metrics
        return (f"<opswheel.SimulationResult policy={self.policy!r} teams={len(self.ids)} k={self.k} "
                f"weeks={self.weeks} runs={self.runs} max_gap={m.max_gap:g} max_deviation={m.max_deviation:.3g}>")


def simulate(policy: str, weights: Union[Sequence[float], Mapping[str, float], np.ndarray], k: int, weeks: int,
             runs: int = 1, seed: int = 0, *, ids: Optional[Sequence[str]] = None, slack: int = _DEFAULTS.slack,
             lean: float = _DEFAULTS.lean, gap_target: float = _DEFAULTS.gap_target,
             chance_weeks: int = _core.default_chance_weeks, first_run: int = 0, churn: Optional[Churn] = None,
             progress: Optional[Callable[[int, int], None]] = None) -> SimulationResult:
    """Simulates ``runs`` independent runs of ``weeks`` weeks of ``policy`` picking ``k`` teams a
    week, and measures each run's fairness.

    ``weights`` is one weight per starting team: a sequence or array (ids default to "team-0",
    ...), or a mapping from id to weight. ``churn`` (a Churn) changes the roster each week before
    the draw; teams that join are called "join-<serial>". Run r draws from seed + r, so a run is
    reproducible on its own (``first_run=r, runs=1`` gives run r of any batch) and on a Wheel.
    ``chance_weeks`` weeks per run, chosen at random, have the teams' chances recorded for entropy
    and certainty (0 turns that off; for aws and quota each costs about as much as 4,000 simulated
    weeks). ``progress(done, total)`` is called now and then with the weeks simulated so far. The
    GIL is released while it runs, and Ctrl-C stops it.
    """
    if isinstance(weights, Mapping):
        if ids is not None:
            raise InvalidArgumentError("give ids either as the keys of a weights mapping or as ids, not both")
        ids = list(weights.keys())
        weights = list(weights.values())
    values = np.asarray(weights, dtype=np.float64)
    if values.ndim != 1:
        raise InvalidArgumentError(f"weights must be one-dimensional, not of shape {values.shape}")
    if ids is None:
        names = [f"team-{i}" for i in range(len(values))]
    else:
        names = [str(i) for i in ids]
        if len(names) != len(values):
            raise InvalidArgumentError(f"{len(names)} ids for {len(values)} weights")
        if len(names) != len(set(names)):
            raise InvalidArgumentError("ids must be distinct")
    if churn is not None and not isinstance(churn, Churn):
        raise TypeError(f"churn must be an opswheel.Churn or None, not {type(churn).__name__}")
    if churn is not None and churn.join > 0:
        for name in names:
            joiner = _JOINER_ID.fullmatch(name)
            if joiner and int(joiner.group(1)) >= len(names):
                raise InvalidArgumentError(f"the id {name!r} is a joining team's: starting teams cannot use it")
    if progress is not None and not callable(progress):
        raise TypeError("progress must be a callable(done, total) or None")
    count = _args.integer(k, "k")
    week_count = _args.integer(weeks, "weeks")
    start = _args.integer(first_run, "first_run")
    master = _args.integer(seed, "seed", _args.UINT64_MAX)
    model = (churn or Churn())._core_model()
    raw = _core.simulate(policy, values, count, week_count, _args.integer(runs, "runs"), master,
                         _args.integer(slack, "slack", _args.UINT32_MAX), lean, gap_target,
                         _args.integer(chance_weeks, "chance_weeks"), start, model, progress)
    return SimulationResult(policy, names, values, count, week_count, master, start, churn, raw)
