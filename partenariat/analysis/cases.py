"""Fragmented case support: who intervenes for each situation, and whether they are linked.

A **case** is one anonymised situation followed by several organisations (the interventions
file). For each case:

- ``organisations``, ``fields``, ``interventions``; ``start`` (earliest start), ``end``
  (latest end, ``None`` while an intervention is ongoing) and ``duration_days`` (``None``
  when a date is missing or an intervention is ongoing);
- ``linked_share`` = directly linked pairs / all pairs of its organisations (``None`` below
  two organisations);
- ``components`` = connected components of the subgraph induced by its organisations
  (direct links only); ``fragmented`` = components > 1;
- ``coordinators`` = organisations linked to every other organisation of the case (none
  below two organisations); ``declared_coordinators`` = those whose ``role`` says référent,
  referent, coordinator, coordinateur or coordinatrice;
- ``concurrent`` = two organisations intervening in the same field over overlapping dates
  (no end date = ongoing; no start date = since always).

Examples:
    >>> import datetime as dt
    >>> from partenariat.model import Dataset, Intervention, Link, Organisation
    >>> from partenariat.network import Network
    >>> orgs = tuple(Organisation(id=i, name=i) for i in "abc")
    >>> cases = (Intervention(case="S1", organisation="a", field="logement", role="référent"),
    ...          Intervention(case="S1", organisation="b", field="logement",
    ...                       start=dt.date(2025, 1, 1)),
    ...          Intervention(case="S1", organisation="c", field="santé"))
    >>> data = Dataset(organisations=orgs, links=(Link(source="a", target="b"),),
    ...                interventions=cases)
    >>> (s1,) = case_supports(Network(data))
    >>> s1.linked_share, s1.components, s1.fragmented, s1.declared_coordinators
    (0.3333, 2, True, ('a',))
    >>> [(c.organisations, c.field) for c in s1.concurrent]
    [(('a', 'b'), 'logement')]
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, NamedTuple

from partenariat.analysis.offers import Vocabulary, field_vocabulary
from partenariat.model import Intervention
from partenariat.network import Network
from partenariat.perf import gc_paused
from partenariat.text import fold

#: Roles that declare an organisation the coordinator of a case (compared folded).
COORDINATOR_ROLES = frozenset({"referent", "referente", "coordinator", "coordinateur",
                               "coordinatrice", "coordination", "referent de parcours",
                               "referente de parcours", "case manager"})
#: Default threshold of organisations for a crowded case.
CROWDED = 10


class Concurrent(NamedTuple):
    """Two organisations in the same field at the same time."""

    organisations: tuple[str, str]
    field: str


@dataclass(frozen=True)
class CaseSupport:
    """How one case is supported."""

    case: str
    organisations: tuple[str, ...]
    fields: tuple[str, ...]
    interventions: int
    start: dt.date | None
    end: dt.date | None
    duration_days: int | None
    linked_share: float | None
    components: int
    coordinators: tuple[str, ...]
    declared_coordinators: tuple[str, ...]
    fragmented: bool
    concurrent: tuple[Concurrent, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "organisations": list(self.organisations),
            "fields": list(self.fields),
            "interventions": self.interventions,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "duration_days": self.duration_days,
            "linked_share": self.linked_share,
            "components": self.components,
            "coordinators": list(self.coordinators),
            "declared_coordinators": list(self.declared_coordinators),
            "fragmented": self.fragmented,
            "concurrent": [{"organisations": list(c.organisations), "field": c.field}
                           for c in self.concurrent],
        }


class MissingLink(NamedTuple):
    """Two organisations that follow cases together with no link between them."""

    organisations: tuple[str, str]
    cases: int
    reconnects: int
    """Fragmented cases in which the two are in different components: the link would join
    two pieces of the support."""


@dataclass(frozen=True)
class CasesResult:
    """Case support, case by case and across cases."""

    at: dt.date | None
    crowded_threshold: int
    cases: tuple[CaseSupport, ...]
    missing_links: tuple[MissingLink, ...]
    fragmented_presence: tuple[tuple[str, int, int], ...]
    """(organisation, fragmented cases, cases), most fragmented first."""
    concurrent_fields: tuple[tuple[str, int], ...]
    """(field, cases with concurrent interventions in it), most first."""

    @property
    def fragmented(self) -> int:
        return sum(1 for c in self.cases if c.fragmented)

    @property
    def crowded(self) -> int:
        return sum(1 for c in self.cases if len(c.organisations) >= self.crowded_threshold)

    def summary(self) -> dict[str, Any]:
        sizes = sorted(len(c.organisations) for c in self.cases)
        count = len(self.cases)
        return {
            "cases": count,
            "at": self.at.isoformat() if self.at else None,
            "fragmented": self.fragmented,
            "fragmented_share": round(self.fragmented / count, 4) if count else None,
            "organisations_per_case": {
                "median": _median(sizes),
                "p90": _nearest_rank(sizes, 0.9),
                "max": sizes[-1] if sizes else None,
            },
            "crowded_threshold": self.crowded_threshold,
            "crowded": self.crowded,
            "with_concurrent": sum(1 for c in self.cases if c.concurrent),
            "without_coordinator": sum(
                1 for c in self.cases
                if len(c.organisations) > 1 and not c.coordinators
                and not c.declared_coordinators),
            "missing_links": len(self.missing_links),
        }

    def to_dict(self, *, limit: int | None = None, show_cases: bool = True) -> dict[str, Any]:
        """The documented JSON contract; without ``show_cases``, aggregates only."""
        payload: dict[str, Any] = {"summary": self.summary()}
        if show_cases:
            payload["cases"] = [c.to_dict() for c in self.cases[:limit]]
        payload["missing_links"] = [
            {"organisations": list(m.organisations), "cases": m.cases,
             "reconnects": m.reconnects} for m in self.missing_links[:limit]]
        payload["fragmented_presence"] = [
            {"organisation": o, "fragmented_cases": f, "cases": n}
            for o, f, n in self.fragmented_presence[:limit]]
        payload["concurrent_fields"] = [
            {"field": f, "cases": n} for f, n in self.concurrent_fields[:limit]]
        return payload


def active_on(intervention: Intervention, day: dt.date) -> bool:
    """True when the intervention runs on ``day`` (no start: since always; no end: ongoing).

    >>> active_on(Intervention(case="S", organisation="a", start=dt.date(2025, 1, 1)),
    ...           dt.date(2024, 12, 31))
    False
    """
    started = intervention.start is None or intervention.start <= day
    running = intervention.end is None or intervention.end >= day
    return started and running


def case_supports(network: Network, *, at: dt.date | None = None,
                  case: str | None = None) -> tuple[CaseSupport, ...]:
    """The support of every case (or of ``case``), sorted by case id."""
    fields = field_vocabulary(network)
    by_case = _interventions_by_case(network, at)
    if case is not None:
        by_case = {case: by_case[case]} if case in by_case else {}
    adjacency = network.adjacency
    return tuple(_support(name, items, adjacency, fields)
                 for name, items in sorted(by_case.items()))


@gc_paused
def cases(network: Network, *, at: dt.date | None = None, crowded: int = CROWDED,
          case: str | None = None) -> CasesResult:
    """Case support case by case and across cases (``at``: interventions active that day)."""
    supports = case_supports(network, at=at, case=case)
    adjacency = network.adjacency
    together: dict[tuple[str, str], int] = defaultdict(int)
    reconnect: dict[tuple[str, str], int] = defaultdict(int)
    presence: dict[str, int] = defaultdict(int)
    fragmented_presence: dict[str, int] = defaultdict(int)
    concurrent_fields: Counter[str] = Counter()
    for support in supports:
        organisations = support.organisations
        for org in organisations:
            presence[org] += 1
        if support.fragmented:
            for org in organisations:
                fragmented_presence[org] += 1
        if support.concurrent:
            concurrent_fields.update({c.field for c in support.concurrent})
        if len(organisations) < 2:
            continue
        pieces = _pieces(adjacency, organisations) if support.fragmented else {}
        for a, b in combinations(organisations, 2):
            if b not in adjacency[a]:
                pair = (a, b)
                together[pair] += 1
                if pieces and pieces[a] != pieces[b]:
                    reconnect[pair] += 1
    ranked = sorted((-count, -reconnect.get(pair, 0), pair) for pair, count in together.items())
    missing = [MissingLink(pair, -count, -again) for count, again, pair in ranked]
    return CasesResult(
        at=at,
        crowded_threshold=crowded,
        cases=supports,
        missing_links=tuple(missing),
        fragmented_presence=tuple(sorted(
            ((org, n, presence[org]) for org, n in fragmented_presence.items()),
            key=lambda x: (-x[1], -x[2], x[0]))),
        concurrent_fields=tuple(sorted(concurrent_fields.items(), key=lambda x: (-x[1], x[0]))),
    )


def _interventions_by_case(network: Network, at: dt.date | None
                           ) -> dict[str, list[Intervention]]:
    grouped: dict[str, list[Intervention]] = defaultdict(list)
    for intervention in network.dataset.interventions:
        if at is None or active_on(intervention, at):
            grouped[intervention.case].append(intervention)
    return grouped


def _support(name: str, items: Sequence[Intervention], adjacency: dict[str, set[str]],
             fields: Vocabulary) -> CaseSupport:
    organisations = tuple(sorted({i.organisation for i in items}))
    n = len(organisations)
    partners = {org: [o for o in organisations if o != org and o in adjacency[org]]
                for org in organisations}
    linked = sum(len(found) for found in partners.values()) // 2
    pairs = n * (n - 1) // 2
    components = len(set(_pieces(adjacency, organisations).values())) if n else 0
    coordinators = tuple(org for org in organisations
                         if n > 1 and len(partners[org]) == n - 1)
    declared = tuple(sorted({i.organisation for i in items
                             if i.role and fold(i.role) in COORDINATOR_ROLES}))
    starts = [i.start for i in items]
    ends = [i.end for i in items]
    start = min(starts) if starts and all(starts) else None  # type: ignore[type-var]
    ongoing = any(e is None for e in ends)
    end = None if ongoing else max(e for e in ends if e is not None)
    return CaseSupport(
        case=name,
        organisations=organisations,
        fields=tuple(sorted({fields.label(i.field) for i in items if i.field},
                            key=lambda f: (fold(f), f))),
        interventions=len(items),
        start=start,
        end=end,
        duration_days=(end - start).days if start and end else None,
        linked_share=round(linked / pairs, 4) if pairs else None,
        components=components,
        coordinators=coordinators,
        declared_coordinators=declared,
        fragmented=components > 1,
        concurrent=_concurrent(items, fields),
    )


def _concurrent(items: Iterable[Intervention], fields: Vocabulary) -> tuple[Concurrent, ...]:
    by_field: dict[str, list[Intervention]] = defaultdict(list)
    for item in items:
        if item.field:
            by_field[fields.label(item.field)].append(item)
    found: set[tuple[tuple[str, str], str]] = set()
    for field, group in by_field.items():
        for x, y in combinations(group, 2):
            if x.organisation != y.organisation and _overlap(x, y):
                pair = tuple(sorted((x.organisation, y.organisation)))
                found.add(((pair[0], pair[1]), field))
    return tuple(Concurrent(pair, field) for pair, field in sorted(found))


def _overlap(x: Intervention, y: Intervention) -> bool:
    lowest, highest = dt.date.min, dt.date.max
    return (x.start or lowest) <= (y.end or highest) and (y.start or lowest) <= (x.end or highest)


def _pieces(adjacency: dict[str, set[str]], organisations: Sequence[str]) -> dict[str, int]:
    """The component of each organisation within the case (direct links only), found by
    union-find over the case's pairs: no subgraph is built."""
    parent = {org: org for org in organisations}

    def root(org: str) -> str:
        while parent[org] != org:
            parent[org] = parent[parent[org]]
            org = parent[org]
        return org

    for i, a in enumerate(organisations):
        neighbours = adjacency[a]
        for b in organisations[i + 1:]:
            if b in neighbours:
                parent[root(a)] = root(b)
    roots: dict[str, int] = {}
    return {org: roots.setdefault(root(org), len(roots)) for org in organisations}


def _median(values: Sequence[int]) -> float | None:
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return float(values[middle])
    return (values[middle - 1] + values[middle]) / 2


def _nearest_rank(values: Sequence[int], share: float) -> int | None:
    """The nearest-rank percentile of sorted ``values``: the smallest value with at least
    ``share`` of the values at or below it."""
    if not values:
        return None
    return values[max(math.ceil(share * len(values)) - 1, 0)]
