"""matplotlib charts for notebooks: turns over time per team, and the gap histogram per policy.

Needs matplotlib (``pip install opswheel[notebook]``); ``import opswheel`` does not. Each function
draws on ``ax`` (a new figure's axes when None) and returns the axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

import numpy as np

from ._simulate import SimulationResult
from ._wheel import Wheel

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["gap_histogram", "turns"]

#: How many teams ``turns`` draws when none are named: more lines than this are unreadable.
DEFAULT_TEAMS = 8


def _axes(ax: Optional[Axes]) -> Axes:
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError("opswheel.plot needs matplotlib: pip install matplotlib (or opswheel[notebook])") from e
    return plt.subplots(figsize=(8, 4))[1]


def turns(source: Union[SimulationResult, Wheel], teams: Optional[Sequence[str]] = None, *, run: int = 0,
          deviation: bool = False, ax: Optional[Axes] = None) -> Axes:
    """Each team's turns so far, week by week: one step line per team (the first DEFAULT_TEAMS
    when ``teams`` is None).

    ``source`` is a SimulationResult (run ``run``) or a Wheel (its meetings). With
    ``deviation=True`` a simulation's lines show turns minus the fair share so far
    (x_i(t) - E_i(t), which is pi_i*t on a fixed roster), which a fair policy keeps near 0.
    """
    ax = _axes(ax)
    if isinstance(source, SimulationResult):
        ids = list(source.ids)
        counts = source.turns(run).astype(np.float64)
        if deviation:
            counts -= source.expected(run)
        label = "week"
    elif isinstance(source, Wheel):
        if deviation:
            raise ValueError("deviation=True needs a SimulationResult (a wheel's shares change with its roster)")
        ids = [t.id for t in source.roster()]
        column = {id: j for j, id in enumerate(ids)}
        history = source.history()
        counts = np.zeros((len(history) + 1, len(ids)))
        for row, meeting in enumerate(history, start=1):
            counts[row] = counts[row - 1]
            for pick in meeting.picks:
                if pick in column:  # a team removed since has no line
                    counts[row, column[pick]] += 1
        label = "meeting"
    else:
        raise TypeError(f"turns() draws a SimulationResult or a Wheel, not {type(source).__name__}")
    chosen = ids[:DEFAULT_TEAMS] if teams is None else list(teams)
    index = {id: j for j, id in enumerate(ids)}
    for id in chosen:
        if id not in index:
            raise KeyError(f"unknown team id {id!r}")
        ax.step(np.arange(counts.shape[0]), counts[:, index[id]], where="post", label=id)
    ax.set_xlabel(label)
    ax.set_ylabel("turns minus fair share" if deviation else "turns so far")
    if deviation:
        ax.axhline(0, color="grey", linewidth=0.8)
    ax.legend(fontsize="small", ncol=2)
    return ax


def gap_histogram(results: Union[Mapping[str, SimulationResult], Sequence[SimulationResult]], *,
                  normalised: bool = False, ax: Optional[Axes] = None, **hist: Any) -> Axes:
    """The distribution of gaps (weeks between a team's turns) per policy, all teams and runs
    pooled: one outline histogram per result, labelled by the mapping's keys or the policy name.

    With ``normalised=True`` each gap is multiplied by its team's share (1 is a perfect
    rotation's gap), which compares teams of different weights; that needs a fixed roster (under
    churn a team's share changes within a gap: see Metrics.max_gap_normalised). Extra keywords go
    to ax.hist.
    """
    ax = _axes(ax)
    items = list(results.items()) if isinstance(results, Mapping) else [(r.policy, r) for r in results]
    if not items:
        raise ValueError("gap_histogram needs at least one SimulationResult")
    pooled = []
    for label, result in items:
        per_team = result.gaps()
        if normalised and len(result.changes) > 0:
            raise ValueError(f"normalised gaps need a fixed roster; {label!r} was simulated under churn")
        if normalised:
            per_team = [g * share for g, share in zip(per_team, result.shares)]
        pooled.append((label, np.concatenate(per_team)))
    top = max(float(g.max()) for _, g in pooled if g.size)
    hist.setdefault("bins", np.linspace(0, top, 40) if normalised else np.arange(0.5, top + 1.5, max(1, round(top / 60))))
    hist.setdefault("histtype", "step")
    hist.setdefault("density", True)
    for label, gaps in pooled:
        ax.hist(gaps, label=label, **hist)
    ax.set_xlabel("gap x share" if normalised else "gap (weeks)")
    ax.set_ylabel("share of gaps" if hist["density"] else "gaps")
    ax.set_yscale("log")
    ax.legend(fontsize="small")
    return ax
