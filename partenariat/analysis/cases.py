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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import polars as pl

from partenariat.analysis.offers import field_vocabulary
from partenariat.analysis.options import CROWDED
from partenariat.lazy import Rows
from partenariat.model import Intervention
from partenariat.network import Network, distinct
from partenariat.text import fold

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: Roles that declare an organisation the coordinator of a case (compared folded).
COORDINATOR_ROLES = frozenset(
    {
        "referent",
        "referente",
        "coordinator",
        "coordinateur",
        "coordinatrice",
        "coordination",
        "referent de parcours",
        "referente de parcours",
        "case manager",
    }
)


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
            "concurrent": [
                {"organisations": list(c.organisations), "field": c.field} for c in self.concurrent
            ],
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
    cases: Sequence[CaseSupport]
    missing_links: Sequence[MissingLink]
    fragmented_presence: tuple[tuple[str, int, int], ...]
    """(organisation, fragmented cases, cases), most fragmented first."""
    concurrent_fields: tuple[tuple[str, int], ...]
    """(field, cases with concurrent interventions in it), most first."""
    figures: _CaseFigures | None = None
    """Per-case figures as arrays (sizes, fragmented...), when computed in bulk."""

    def _figures(self) -> _CaseFigures:
        if self.figures is not None:
            return self.figures
        return _CaseFigures.of(self.cases)

    @property
    def fragmented(self) -> int:
        return int(self._figures().fragmented.sum())

    @property
    def crowded(self) -> int:
        return int((self._figures().sizes >= self.crowded_threshold).sum())

    def summary(self) -> dict[str, Any]:
        figures = self._figures()
        sizes = sorted(figures.sizes.tolist())
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
            "with_concurrent": int(figures.with_concurrent.sum()),
            "without_coordinator": int(figures.without_coordinator.sum()),
            "missing_links": len(self.missing_links),
        }

    def to_dict(self, *, limit: int | None = None, show_cases: bool = True) -> dict[str, Any]:
        """The documented JSON contract; without ``show_cases``, aggregates only."""
        payload: dict[str, Any] = {"summary": self.summary()}
        if show_cases:
            payload["cases"] = [c.to_dict() for c in self.cases[:limit]]
        payload["missing_links"] = [
            {"organisations": list(m.organisations), "cases": m.cases, "reconnects": m.reconnects}
            for m in self.missing_links[:limit]
        ]
        payload["fragmented_presence"] = [
            {"organisation": o, "fragmented_cases": f, "cases": n}
            for o, f, n in self.fragmented_presence[:limit]
        ]
        payload["concurrent_fields"] = [
            {"field": f, "cases": n} for f, n in self.concurrent_fields[:limit]
        ]
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


@dataclass(frozen=True)
class _CaseFigures:
    """One entry per case: organisations, fragmented, concurrent, without coordinator."""

    sizes: Ints
    fragmented: Bools
    with_concurrent: Bools
    without_coordinator: Bools

    @classmethod
    def of(cls, supports: Sequence[CaseSupport]) -> _CaseFigures:
        return cls(
            np.array([len(c.organisations) for c in supports], dtype=np.int64),
            np.array([c.fragmented for c in supports], dtype=bool),
            np.array([bool(c.concurrent) for c in supports], dtype=bool),
            np.array(
                [
                    len(c.organisations) > 1 and not c.coordinators and not c.declared_coordinators
                    for c in supports
                ],
                dtype=bool,
            ),
        )


def case_supports(
    network: Network, *, at: dt.date | None = None, case: str | None = None
) -> Sequence[CaseSupport]:
    """The support of every case (or of ``case``), sorted by case id."""
    return cases(network, at=at, case=case).cases


def cases(
    network: Network, *, at: dt.date | None = None, crowded: int = CROWDED, case: str | None = None
) -> CasesResult:
    """Case support case by case and across cases (``at``: interventions active that day).

    Computed on arrays: a (case, organisation) incidence, the pairs inside each case with
    their links found by binary search, the pieces of each case by one connected-components
    call over all (case, organisation) entries, concurrent interventions by a join inside
    each (case, field). Each :class:`CaseSupport` is built when read.
    """
    return network.memo(
        ("cases", at, crowded, case), lambda: _BulkCases(network, at, case).result(crowded)
    )


#: The memo key of the unlinked pairs following cases together, as sorted keys
#: ``u * size + v`` (``u < v``) and their number of cases, over every intervention.
UNLINKED_PAIRS = "cases:unlinked-pairs"


class _BulkCases:
    """Every figure of every case, as arrays over (case, organisation) entries."""

    def __init__(self, network: Network, at: dt.date | None, case: str | None) -> None:
        self.network = network
        self.at = at
        self.case = case
        frame = _active(network.dataset.intervention_columns().frame, at, case)
        org = network.codes(frame["organisation"])
        frame = frame.filter(pl.Series(org >= 0, dtype=pl.Boolean))
        self.org_of_row = org[org >= 0]
        self.case_ids: list[str] = frame["case"].unique().sort().to_list()
        self.case_of_row = (
            frame["case"].rank("dense").to_numpy().astype(np.int64) - 1
            if frame.height
            else np.zeros(0, dtype=np.int64)
        )
        self.frame = frame
        self._entries()
        self._pairs()
        self._dates()
        self._fields(network)

    # -- building -------------------------------------------------------------------------

    def _entries(self) -> None:
        size = max(self.network.size, 1)
        keys = self.case_of_row * size + self.org_of_row
        unique, self.entry_of_row = np.unique(keys, return_inverse=True)
        self.entry_case, self.entry_org = unique // size, unique % size
        count = len(self.case_ids)
        self.sizes = np.bincount(self.entry_case, minlength=count)
        self.case_start = np.r_[0, np.cumsum(self.sizes)].astype(np.int64)
        self.rows_per_case = np.bincount(self.case_of_row, minlength=count)
        roles = self.frame["role"]
        declared = {r: fold(r) in COORDINATOR_ROLES for r in roles.drop_nulls().unique()}
        flagged = roles.replace_strict(declared, default=False, return_dtype=pl.Boolean)
        self.entry_declared = np.zeros(len(unique), dtype=bool)
        self.entry_declared[self.entry_of_row[flagged.fill_null(False).to_numpy()]] = True

    def _pairs(self) -> None:
        a, b = _pairs_within(self.case_start)
        oa, ob = self.entry_org[a], self.entry_org[b]
        linked = self.network.linked_codes(oa, ob)
        count, entries = len(self.case_ids), len(self.entry_org)
        case_of_pair = self.entry_case[a]
        self.linked_pairs = np.bincount(case_of_pair[linked], minlength=count)
        self.partners = np.bincount(a[linked], minlength=entries) + np.bincount(
            b[linked], minlength=entries
        )
        import scipy.sparse
        import scipy.sparse.csgraph

        graph = scipy.sparse.coo_array(
            (np.ones(int(linked.sum())), (a[linked], b[linked])), shape=(entries, entries)
        )
        pieces, piece = scipy.sparse.csgraph.connected_components(graph, directed=False)
        self.piece = np.asarray(piece, dtype=np.int64)
        # a piece lies in one case: every member writes the same case (no sort needed)
        case_of_piece = np.zeros(pieces, dtype=np.int64)
        case_of_piece[self.piece] = self.entry_case
        self.components = np.bincount(case_of_piece, minlength=count)
        self.fragmented = self.components > 1
        unlinked = ~linked
        size = max(self.network.size, 1)
        keys = oa[unlinked] * size + ob[unlinked]
        apart = self.fragmented[case_of_pair[unlinked]] & (
            self.piece[a[unlinked]] != self.piece[b[unlinked]]
        )
        # grouped by hashing (polars, in parallel), not by sorting every pair
        grouped = (
            pl.DataFrame({"key": keys, "apart": apart})
            .group_by("key")
            .agg(pl.len().alias("cases"), pl.col("apart").sum().alias("reconnects"))
            .sort("key")
        )
        self.missing = grouped["key"].to_numpy().astype(np.int64)
        self.missing_cases = grouped["cases"].to_numpy().astype(np.int64)
        self.missing_reconnects = grouped["reconnects"].to_numpy().astype(np.int64)
        if self.at is None and self.case is None:  # every case: the suggestions rank by it
            self.network.memo(UNLINKED_PAIRS, lambda: (self.missing, self.missing_cases))

    def _dates(self) -> None:
        count = len(self.case_ids)
        start = _days(self.frame["start"])
        end = _days(self.frame["end"])
        case = self.case_of_row
        no_start = np.bincount(case, weights=start == _NONE, minlength=count) > 0
        no_end = np.bincount(case, weights=end == _NONE, minlength=count) > 0
        top, bottom = np.iinfo(np.int64).max, np.iinfo(np.int64).min
        first = np.full(count, top)
        np.minimum.at(first, case, np.where(start == _NONE, top, start))
        last = np.full(count, bottom)
        np.maximum.at(last, case, np.where(end == _NONE, bottom, end))
        self.case_first = np.where(no_start | (self.rows_per_case == 0), _NONE, first)
        self.case_last = np.where(no_end | (self.rows_per_case == 0), _NONE, last)
        self.row_start, self.row_end = start, end

    def _fields(self, network: Network) -> None:
        vocabulary = field_vocabulary(network)
        named = self.frame["field"]
        labels = {text: vocabulary.label(text) for text in named.drop_nulls().unique()}
        self.field_names = sorted(set(labels.values()), key=lambda f: (fold(f), f))
        position = {label: i for i, label in enumerate(self.field_names)}
        codes = named.replace_strict(
            {t: position[lab] for t, lab in labels.items()}, default=None, return_dtype=pl.Int64
        )
        self.row_field = codes.fill_null(-1).to_numpy().astype(np.int64)
        has = self.row_field >= 0
        width = max(len(self.field_names), 1)
        pairs = distinct(self.case_of_row[has] * width + self.row_field[has])
        self.case_fields = (pairs // width, pairs % width)
        self._concurrent(width)

    def _concurrent(self, width: int) -> None:
        """Two organisations in the same field of a case over overlapping dates."""
        has = np.flatnonzero(self.row_field >= 0)
        group = self.case_of_row[has] * width + self.row_field[has]
        order = has[np.lexsort((self.org_of_row[has], group))]
        group = self.case_of_row[order] * width + self.row_field[order]
        starts = np.r_[0, np.flatnonzero(np.diff(group)) + 1, len(group)].astype(np.int64)
        i, j = _pairs_within(starts) if len(group) else (order[:0], order[:0])
        x, y = order[i], order[j]
        low, high = np.iinfo(np.int64).min, np.iinfo(np.int64).max
        sx = np.where(self.row_start[x] == _NONE, low, self.row_start[x])
        sy = np.where(self.row_start[y] == _NONE, low, self.row_start[y])
        ex = np.where(self.row_end[x] == _NONE, high, self.row_end[x])
        ey = np.where(self.row_end[y] == _NONE, high, self.row_end[y])
        ox, oy = self.org_of_row[x], self.org_of_row[y]
        hit = (ox != oy) & (sx <= ey) & (sy <= ex)
        size = max(self.network.size, 1)
        case = self.case_of_row[x[hit]]
        a, b = np.minimum(ox[hit], oy[hit]), np.maximum(ox[hit], oy[hit])
        field = self.row_field[x[hit]]
        found = _distinct_rows(case, a * size + b, field, len(self.case_ids), size * size, width)
        self.concurrent = found
        self.concurrent_start = np.searchsorted(found[:, 0], np.arange(len(self.case_ids) + 1))

    # -- reading ------------------------------------------------------------------------

    def support(self, index: int) -> CaseSupport:
        ids = self.network.ids
        begin, stop = int(self.case_start[index]), int(self.case_start[index + 1])
        n = stop - begin
        orgs = tuple(ids[o] for o in self.entry_org[begin:stop].tolist())
        partners = self.partners[begin:stop].tolist()
        pairs = n * (n - 1) // 2
        first, last = int(self.case_first[index]), int(self.case_last[index])
        start = None if first == _NONE else _EPOCH + dt.timedelta(days=first)
        end = None if last == _NONE else _EPOCH + dt.timedelta(days=last)
        cases_of, fields_of = self.case_fields
        lo, hi = np.searchsorted(cases_of, [index, index + 1])
        found = self.concurrent[self.concurrent_start[index] : self.concurrent_start[index + 1]]
        size = max(self.network.size, 1)
        concurrent = sorted(
            ((ids[k // size], ids[k % size]), self.field_names[f]) for _, k, f in found.tolist()
        )
        declared = self.entry_declared[begin:stop].tolist()
        return CaseSupport(
            case=self.case_ids[index],
            organisations=orgs,
            fields=tuple(self.field_names[f] for f in fields_of[lo:hi].tolist()),
            interventions=int(self.rows_per_case[index]),
            start=start,
            end=end,
            duration_days=(end - start).days if start and end else None,
            linked_share=round(int(self.linked_pairs[index]) / pairs, 4) if pairs else None,
            components=int(self.components[index]),
            coordinators=tuple(
                o for o, p in zip(orgs, partners, strict=True) if n > 1 and p == n - 1
            ),
            declared_coordinators=tuple(o for o, flag in zip(orgs, declared, strict=True) if flag),
            fragmented=bool(self.fragmented[index]),
            concurrent=tuple(Concurrent(pair, field) for pair, field in concurrent),
        )

    def result(self, crowded: int) -> CasesResult:
        ids, size = self.network.ids, max(self.network.size, 1)
        order = np.lexsort((self.missing, -self.missing_reconnects, -self.missing_cases))
        missing = self.missing[order]
        together, again = self.missing_cases[order], self.missing_reconnects[order]

        def missing_link(i: int) -> MissingLink:
            key = int(missing[i])
            return MissingLink((ids[key // size], ids[key % size]), int(together[i]), int(again[i]))

        presence = np.bincount(self.entry_org, minlength=self.network.size)
        in_fragmented = np.bincount(
            self.entry_org[self.fragmented[self.entry_case]], minlength=self.network.size
        )
        shown = np.flatnonzero(in_fragmented > 0)
        shown = shown[np.lexsort((shown, -presence[shown], -in_fragmented[shown]))]
        with_concurrent = np.zeros(len(self.case_ids), dtype=bool)
        with_concurrent[self.concurrent[:, 0]] = True
        per_field = (
            np.unique(self.concurrent[:, [0, 2]], axis=0)[:, 1]
            if len(self.concurrent)
            else np.zeros(0, dtype=np.int64)
        )
        field_counts = Counter(self.field_names[f] for f in per_field.tolist())
        coordinated = (
            (self.sizes[self.entry_case] > 1) & (self.partners == self.sizes[self.entry_case] - 1)
        ) | self.entry_declared
        has_coordinator = (
            np.bincount(self.entry_case[coordinated], minlength=len(self.case_ids)) > 0
        )
        figures = _CaseFigures(
            self.sizes, self.fragmented, with_concurrent, (self.sizes > 1) & ~has_coordinator
        )
        return CasesResult(
            at=self.at,
            crowded_threshold=crowded,
            cases=Rows(len(self.case_ids), self.support),
            missing_links=Rows(len(missing), missing_link),
            fragmented_presence=tuple(
                (ids[o], int(in_fragmented[o]), int(presence[o])) for o in shown.tolist()
            ),
            concurrent_fields=tuple(sorted(field_counts.items(), key=lambda x: (-x[1], x[0]))),
            figures=figures,
        )


_NONE = np.iinfo(np.int64).min + 1
_EPOCH = dt.date(1970, 1, 1)


def _active(frame: pl.DataFrame, at: dt.date | None, case: str | None) -> pl.DataFrame:
    if case is not None:
        frame = frame.filter(pl.col("case") == case)
    if at is not None:
        frame = frame.filter(
            (pl.col("start").is_null() | (pl.col("start") <= at))
            & (pl.col("end").is_null() | (pl.col("end") >= at))
        )
    return frame


def _distinct_rows(
    case: Ints, pair: Ints, field: Ints, cases: int, pairs: int, fields: int
) -> npt.NDArray[np.int64]:
    """The distinct rows ``(case, pair, field)``, sorted: as one integer key when the three
    fit in 63 bits (a national file does), else row by row.

    >>> _distinct_rows(np.array([1, 0, 1]), np.array([5, 7, 5]), np.array([0, 2, 0]), 2, 9, 3)
    array([[0, 7, 2],
           [1, 5, 0]])
    """
    if not len(case):
        return np.zeros((0, 3), dtype=np.int64)
    if cases * pairs * fields < 2**63:
        keys = distinct((case * pairs + pair) * fields + field)
        return np.column_stack([keys // fields // pairs, keys // fields % pairs, keys % fields])
    return np.unique(np.column_stack([case, pair, field]), axis=0)


def _days(column: pl.Series) -> Ints:
    return np.asarray(column.cast(pl.Int64).fill_null(_NONE).to_numpy(), dtype=np.int64)


def _pairs_within(starts: Ints) -> tuple[Ints, Ints]:
    """Every pair ``i < j`` of positions inside each group ``[starts[g], starts[g + 1])``."""
    sizes = np.diff(starts)
    total = int(starts[-1]) if len(starts) else 0
    position = np.arange(total) - np.repeat(starts[:-1], sizes)
    later = np.repeat(sizes, sizes) - 1 - position
    count = int(later.sum())
    first = np.repeat(np.arange(total), later)
    offset = np.arange(count) - np.repeat(np.cumsum(later) - later, later)
    return first, first + offset + 1


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
