"""simulate(): a policy run for many weeks, several times over, with numpy arrays out
(include/opswheel/simulate.hpp does the work, with the GIL released)."""

from __future__ import annotations

from typing import Any, Callable, List, Mapping, Optional, Sequence, Union

import numpy as np

from . import _args, _core
from ._errors import InvalidArgumentError
from ._records import Metrics, Table

__all__ = ["SimulationResult", "simulate"]

_DEFAULTS = _core.PolicyOptions()


class SimulationResult:
    """What ``simulate`` returns.

    - ``picks``: uint32 array (runs, weeks, k), the team indices picked each week in draw order;
      ``ids[picks]`` gives the ids.
    - ``ids``: the team ids, by index; ``shares``: float array (teams,), each team's fair share
      of a week's k picks (min(1, c*w), summing to k).
    - ``seeds``: uint64 array (runs,), the seed of each run's draws: seed + r (mod 2**64) for
      run r, so ``Wheel(policy, seed=seeds[run])`` with the teams added in order, then
      ``suggest(k)`` and ``accept`` each week, draws the same picks.
    - ``chance_weeks``: int array (runs, m), the weeks whose chances were recorded, and
      ``chances``: float array (runs, m, teams), each team's chance before that week's draw.
    - ``metrics``: the fairness figures averaged over the runs; ``run_metrics``: a Table, one
      row per run (``to_pandas()``).
    """

    def __init__(self, policy: str, ids: List[str], k: int, weeks: int, seed: int, first_run: int,
                 raw: Mapping[str, Any]) -> None:
        self.policy = policy
        self.ids = ids
        self.k = k
        self.weeks = weeks
        self.seed = seed
        self.first_run = first_run
        self.picks: np.ndarray = raw["picks"]
        self.seeds: np.ndarray = raw["seeds"]
        self.shares: np.ndarray = raw["shares"]
        self.chance_weeks: np.ndarray = raw["chance_weeks"]
        self.chances: np.ndarray = raw["chances"]
        self.metrics = Metrics(**raw["mean"])
        self.run_metrics: Table[Metrics] = Table(Metrics, (Metrics(**m) for m in raw["run_metrics"]))

    @property
    def runs(self) -> int:
        return int(self.picks.shape[0])

    def turns(self, run: int = 0) -> np.ndarray:
        """Turns so far, x_i(t): an int array (weeks + 1, teams), row t after week t (row 0 is 0)."""
        picks = self.picks[_args.integer(run, "run", self.runs - 1)]
        counts = np.zeros((self.weeks + 1, len(self.ids)), dtype=np.int64)
        weeks = np.repeat(np.arange(1, self.weeks + 1), self.k)
        np.add.at(counts, (weeks, picks.reshape(-1)), 1)  # a repeat would count twice; metrics.duplicates is 0
        return np.cumsum(counts, axis=0)

    def gaps(self, run: Optional[int] = None) -> List[np.ndarray]:
        """Every gap of every team (weeks between turns, the wait before the first and the one
        still open included: docs/fairness.md), one array per team; all runs pooled when
        ``run`` is None."""
        runs = range(self.runs) if run is None else [_args.integer(run, "run", self.runs - 1)]
        per_team: List[List[int]] = [[] for _ in self.ids]
        for r in runs:
            for team, gaps in enumerate(_core.gaps(self.picks[r], len(self.ids))):
                per_team[team].extend(gaps)
        return [np.asarray(g, dtype=np.int64) for g in per_team]

    def __repr__(self) -> str:
        m = self.metrics
        return (f"<opswheel.SimulationResult policy={self.policy!r} teams={len(self.ids)} k={self.k} "
                f"weeks={self.weeks} runs={self.runs} max_gap={m.max_gap:g} max_deviation={m.max_deviation:.3g}>")


def simulate(policy: str, weights: Union[Sequence[float], Mapping[str, float], np.ndarray], k: int, weeks: int,
             runs: int = 1, seed: int = 0, *, ids: Optional[Sequence[str]] = None, slack: int = _DEFAULTS.slack,
             lean: float = _DEFAULTS.lean, gap_target: float = _DEFAULTS.gap_target,
             chance_weeks: int = _core.default_chance_weeks, first_run: int = 0,
             progress: Optional[Callable[[int, int], None]] = None) -> SimulationResult:
    """Simulates ``runs`` independent runs of ``weeks`` weeks of ``policy`` picking ``k`` teams a
    week, and measures each run's fairness.

    ``weights`` is one weight per team: a sequence or array (ids default to "team-0", ...), or a
    mapping from id to weight. Run r draws from seed + r, so a run is reproducible on its own
    (``first_run=r, runs=1`` gives run r of any batch). ``chance_weeks`` weeks per run, chosen at
    random, have the teams' chances recorded for entropy and certainty (0 turns that off; for aws
    and quota each costs about as much as 4,000 simulated weeks). ``progress(done, total)`` is
    called now and then with the weeks simulated so far. The GIL is released while it runs, and
    Ctrl-C stops it.
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
        if len(set(names)) != len(names):
            raise InvalidArgumentError("ids must be distinct")
    if progress is not None and not callable(progress):
        raise TypeError("progress must be a callable(done, total) or None")
    count = _args.integer(k, "k")
    week_count = _args.integer(weeks, "weeks")
    start = _args.integer(first_run, "first_run")
    master = _args.integer(seed, "seed", _args.UINT64_MAX)
    raw = _core.simulate(policy, values, count, week_count, _args.integer(runs, "runs"), master,
                         _args.integer(slack, "slack", _args.UINT32_MAX), lean, gap_target,
                         _args.integer(chance_weeks, "chance_weeks"), start, progress)
    return SimulationResult(policy, names, count, week_count, master, start, raw)
