"""The review side of the action book (review.hpp): what the Python layer accepts for metrics,
dashboards and checklists, and the records it gives back. Wheel's review methods call these.

Inputs are converted to the tuples _core takes; every rule about their values (metric ids, one
line descriptions, http(s) URLs, metrics on the team's checklist...) is the C++ core's.
"""

from __future__ import annotations

from typing import Any, Iterable, List, Mapping, Tuple, Union

from ._records import ChecklistEntry, DashboardLink, Metric, ReviewRecord, TeamProfile

#: What a metric may be given as: a Metric, its id, or (id, description).
MetricLike = Union[Metric, str, Tuple[str, str]]
#: What a dashboard may be given as: a DashboardLink or (title, url).
DashboardLike = Union[DashboardLink, Tuple[str, str]]
#: A checklist: {metric id: note} (each reviewed), or ChecklistEntry records and metric ids.
ChecklistLike = Union[Mapping[str, str], Iterable[Union[ChecklistEntry, str]]]


def _not_one_string(values: object, name: str) -> None:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a list, not one string")


def _pair(value: object, record: str) -> Tuple[str, str]:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    raise TypeError(f"expected a {record} or a pair of str, not {value!r}")


def metrics(values: Iterable[MetricLike]) -> List[Tuple[str, str]]:
    _not_one_string(values, "metrics")
    out = []
    for m in values:
        if isinstance(m, Metric):
            out.append((m.id, m.description))
        elif isinstance(m, str):
            out.append((m, ""))
        else:
            out.append(_pair(m, "Metric"))
    return out


def dashboards(values: Iterable[DashboardLike]) -> List[Tuple[str, str]]:
    _not_one_string(values, "dashboards")
    return [(d.title, d.url) if isinstance(d, DashboardLink) else _pair(d, "DashboardLink") for d in values]


def checklist(values: ChecklistLike) -> List[Tuple[str, bool, str]]:
    _not_one_string(values, "checklist")
    if isinstance(values, Mapping):
        return [(metric, True, note) for metric, note in values.items()]
    out = []
    for e in values:
        if isinstance(e, ChecklistEntry):
            out.append((e.metric, e.reviewed, e.note))
        elif isinstance(e, str):
            out.append((e, True, ""))
        else:
            raise TypeError(f"a checklist entry must be a ChecklistEntry or a metric id, not {e!r}")
    return out


def metric_records(pairs: Iterable[Tuple[str, str]]) -> Tuple[Metric, ...]:
    return tuple(Metric(id, description) for id, description in pairs)


def team_profile(core: Any) -> TeamProfile:
    return TeamProfile(core.team, metric_records(core.metrics),
                       tuple(DashboardLink(title, url) for title, url in core.dashboards))


def review_record(core: Any, action_items: Iterable[str]) -> ReviewRecord:
    return ReviewRecord(core.meeting, core.team, tuple(ChecklistEntry(*e) for e in core.checklist), core.outcome,
                        core.monitoring, core.monitoring_notes, core.lessons, tuple(action_items))
