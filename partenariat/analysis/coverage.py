"""Coverage: for each territory and field, how many organisations serve it; gaps and thin cells.

At the leaves (the default level) a cell is a **gap** when no organisation serves the leaf
for the field, **thin** when exactly one does (a single point of failure), **covered**
otherwise. At a higher level a territory is a gap only when nothing serves it, an ancestor or
a descendant; otherwise it is **partial** when some of its leaves are uncovered, with its
``covered_share`` (by population when every leaf's population is known, else by number of
leaves).

Examples:
    >>> from partenariat.model import Dataset, Organisation, Territory
    >>> from partenariat.network import Network
    >>> data = Dataset(
    ...     territories=(Territory(code="D", name="Dép", level="département"),
    ...                  Territory(code="c1", name="C1", parents=("D",), population=300),
    ...                  Territory(code="c2", name="C2", parents=("D",), population=100)),
    ...     organisations=(Organisation(id="a", name="A", territories=("c1",),
    ...                                 fields=("logement", "santé")),
    ...                    Organisation(id="b", name="B", territories=("D",), fields=("santé",))),
    ... )
    >>> result = coverage(Network(data))
    >>> [(g.territory, g.field, g.population) for g in result.gaps]
    [('c2', 'logement', 100)]
    >>> [(t.territory, t.field, t.organisation) for t in result.thin_cells]
    [('c1', 'logement', 'a'), ('c2', 'santé', 'b')]
    >>> cell = coverage(Network(data), level="département").cell("D", "logement")
    >>> cell.status, cell.covered_share
    ('partial', 0.75)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from partenariat.analysis.offers import OfferIndex, offer_index, serves_public
from partenariat.jsonout import record
from partenariat.lazy import Rows
from partenariat.network import Network
from partenariat.territory import LEAVES

Status = Literal["gap", "partial", "thin", "covered"]


@dataclass(frozen=True)
class CoverageCell:
    """One territory x field cell of the coverage matrix."""

    territory: str
    field: str
    organisations: int
    covered_share: float
    status: Status


@dataclass(frozen=True)
class Gap:
    """A territory with no organisation for a field (and a public, with ``by_public``)."""

    territory: str
    name: str
    field: str
    population: int | None
    public: str | None = None


@dataclass(frozen=True)
class ThinCell:
    """A territory x field served by exactly one organisation."""

    territory: str
    name: str
    field: str
    organisation: str
    population: int | None


@dataclass(frozen=True)
class FieldCoverage:
    """How much of the population (of the leaves) a field leaves uncovered."""

    field: str
    organisations: int
    uncovered_leaves: int
    leaves: int
    uncovered_population: int | None
    population: int | None


@dataclass(frozen=True)
class CoverageResult:
    """The coverage matrix at one level, its gaps, thin cells and per-field totals."""

    level: str
    fields: tuple[str, ...]
    territories: tuple[str, ...]
    names: tuple[str, ...]
    populations: tuple[int | None, ...]
    cells: Sequence[CoverageCell]
    gaps: Sequence[Gap]
    thin_cells: Sequence[ThinCell]
    by_field: tuple[FieldCoverage, ...]
    public_gaps: tuple[Gap, ...] = ()
    unlisted_fields: tuple[str, ...] = ()
    """Fields named by organisations but absent from the reference list (not examined)."""

    counts: npt.NDArray[np.int64] | None = None
    """Organisations per cell (territories x fields), when computed in bulk."""
    statuses: npt.NDArray[np.int64] | None = None
    """Status per cell as an index of :data:`STATUSES`."""

    def cell(self, territory: str, field: str) -> CoverageCell:
        """The cell of ``territory`` and ``field`` (``KeyError`` if absent)."""
        if territory in self.territories and field in self.fields:
            i, j = self.territories.index(territory), self.fields.index(field)
            return self.cells[i * len(self.fields) + j]
        raise KeyError((territory, field))

    def matrix(self) -> dict[str, Any]:
        """The matrix in the JSON contract's compact form (one row per territory)."""
        width = len(self.fields)
        names = np.array(STATUSES, dtype=object)
        if self.counts is not None and self.statuses is not None:
            counts, status_names = self.counts.tolist(), names[self.statuses].tolist()
        else:
            counts = [
                [c.organisations for c in self.cells[i * width : (i + 1) * width]]
                for i in range(len(self.territories))
            ]
            status_names = [
                [c.status for c in self.cells[i * width : (i + 1) * width]]
                for i in range(len(self.territories))
            ]
        rows = []
        for i, code in enumerate(self.territories):
            rows.append(
                {
                    "territory": code,
                    "name": self.names[i],
                    "population": self.populations[i],
                    "organisations": counts[i],
                    "status": status_names[i],
                }
            )
        return {"level": self.level, "fields": list(self.fields), "territories": rows}

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "matrix": self.matrix(),
            "gaps": [record(g) for g in self.gaps],
            "thin_cells": [record(t) for t in self.thin_cells],
            "by_field": [record(f) for f in self.by_field],
            "public_gaps": [record(g) for g in self.public_gaps],
            "unlisted_fields": list(self.unlisted_fields),
        }


def coverage(
    network: Network,
    *,
    level: str = LEAVES,
    fields: Iterable[str] = (),
    by_public: bool = False,
    index: OfferIndex | None = None,
) -> CoverageResult:
    """The coverage of ``network`` at ``level`` (``"leaves"`` by default).

    ``fields`` is the field universe (a reference list); by default every field named.
    ``by_public`` adds the gaps per public. Raises
    :class:`~partenariat.errors.UnknownLevelError` (a ``KeyError``) for an unknown level.

    Leaves served by the same organisations for a field form one group (see
    :meth:`OfferIndex.leaf_groups`): each group is examined once and its counts spread to
    its leaves with arrays.
    """
    index = index or offer_index(network, fields)
    tree = index.tree
    codes = tree.at_level(level)
    at_leaves = all(tree.is_leaf(code) for code in codes)
    width = len(index.fields)
    counts = np.zeros((len(codes), width), dtype=np.int64)
    shares = np.ones((len(codes), width))
    only: dict[tuple[int, int], str] = {}
    leaf_counts = _leaf_counts(index)
    if at_leaves:
        thin = _fill_leaves(index, codes, leaf_counts, counts)
    else:
        _fill_higher(index, codes, leaf_counts, counts, shares, only)
        thin = _thin_from(only, index.network.index)
    statuses = np.where(counts == 0, 0, np.where(shares < 1, 1, np.where(counts == 1, 2, 3)))
    shares = np.where(counts == 0, 0.0, shares)
    names = tuple(tree.name(c) for c in codes)
    populations = tuple(tree.population(c) for c in codes)
    public_gaps = _public_gaps(index, codes, at_leaves) if by_public else []
    return CoverageResult(
        level=level,
        fields=index.fields,
        territories=codes,
        names=names,
        populations=populations,
        cells=Rows(
            len(codes) * width,
            lambda k: CoverageCell(
                codes[k // width],
                index.fields[k % width],
                int(counts.flat[k]),
                float(shares.flat[k]),
                STATUSES[int(statuses.flat[k])],
            ),
        ),
        gaps=_gaps(codes, names, populations, index.fields, counts),
        thin_cells=_thin_cells(thin, codes, names, populations, index),
        by_field=tuple(
            _field_totals(index, field, leaf_counts[field][0]) for field in index.fields
        ),
        public_gaps=tuple(sorted(public_gaps, key=_rank)),
        unlisted_fields=tuple(sorted(index.named_fields - set(index.fields))),
        counts=counts,
        statuses=statuses,
    )


STATUSES: tuple[Status, ...] = ("gap", "partial", "thin", "covered")


LeafCounts = dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]


def _leaf_counts(index: OfferIndex) -> LeafCounts:
    """Per field: how many organisations serve each leaf, and the code of the one
    organisation serving it (-1 unless exactly one does)."""
    found: LeafCounts = {}
    for field in index.fields:
        table = index.serving_table(field)
        per_group = np.r_[table.counts(), 0]
        single = np.full(table.groups + 1, -1, dtype=np.int64)
        alone = np.flatnonzero(per_group == 1)
        single[alone] = table.orgs[table.starts[alone]]
        ids = index.leaf_groups(field).ids
        found[field] = (per_group[ids], single[ids])
    return found


#: The thin cells as arrays: territory row, field column, organisation code.
Thin = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]


def _fill_leaves(
    index: OfferIndex,
    codes: tuple[str, ...],
    leaf_counts: LeafCounts,
    counts: npt.NDArray[np.int64],
) -> Thin:
    """Counts of leaf rows, taken column by column from the leaf counts; the cells served
    by one organisation, as arrays."""
    leaf_position = {leaf: i for i, leaf in enumerate(index.tree.leaves)}
    positions = np.array([leaf_position[code] for code in codes], dtype=np.int64)
    rows, columns, orgs = [], [], []
    for j, field in enumerate(index.fields):
        per_leaf, single = leaf_counts[field]
        counts[:, j] = per_leaf[positions]
        alone = np.flatnonzero(counts[:, j] == 1)
        rows.append(alone)
        columns.append(np.full(len(alone), j, dtype=np.int64))
        orgs.append(np.asarray(single[positions[alone]], dtype=np.int64))
    return _concatenated(rows), _concatenated(columns), _concatenated(orgs)


def _concatenated(parts: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def _thin_from(only: dict[tuple[int, int], str], index: dict[str, int]) -> Thin:
    cells = sorted(only.items())
    return (
        np.array([i for (i, _), _ in cells], dtype=np.int64),
        np.array([j for (_, j), _ in cells], dtype=np.int64),
        np.array([index[org] for _, org in cells], dtype=np.int64),
    )


def _thin_cells(
    thin: Thin,
    codes: tuple[str, ...],
    names: tuple[str, ...],
    populations: tuple[int | None, ...],
    index: OfferIndex,
) -> Sequence[ThinCell]:
    """The cells served by one organisation, by territory then field (built when read)."""
    rows, columns, orgs = thin
    order = np.lexsort((columns, rows))
    rows, columns, orgs = rows[order], columns[order], orgs[order]
    ids, fields = index.network.ids, index.fields
    return Rows(
        len(rows),
        lambda k: ThinCell(
            codes[rows[k]], names[rows[k]], fields[columns[k]], ids[orgs[k]], populations[rows[k]]
        ),
    )


def _fill_higher(
    index: OfferIndex,
    codes: tuple[str, ...],
    leaf_counts: LeafCounts,
    counts: npt.NDArray[np.int64],
    shares: npt.NDArray[np.float64],
    only: dict[tuple[int, int], str],
) -> None:
    """Counts of territories above the leaves: organisations touching the territory, and
    the covered share of its leaves."""
    leaf_position = {leaf: i for i, leaf in enumerate(index.tree.leaves)}
    for j, field in enumerate(index.fields):
        for i, code in enumerate(codes):
            serving = index.touching(field, code)
            counts[i, j] = len(serving)
            if len(serving) == 1:
                only[(i, j)] = next(iter(serving))
            if serving:
                shares[i, j] = _covered_share(
                    index, code, field, leaf_counts[field][0], leaf_position
                )


def _gaps(
    codes: tuple[str, ...],
    names: tuple[str, ...],
    populations: tuple[int | None, ...],
    fields: tuple[str, ...],
    counts: npt.NDArray[np.int64],
) -> Sequence[Gap]:
    """The empty cells, most populated first, then by territory and field."""
    rows, cols = np.nonzero(counts == 0)
    population = np.array([populations[i] or 0 for i in rows.tolist()], dtype=np.int64)
    field_rank = np.argsort(np.argsort(np.array(fields, dtype=object)))
    order = np.lexsort((field_rank[cols] if len(cols) else cols, rows, -population))
    rows, cols = rows[order], cols[order]
    return Rows(
        len(rows),
        lambda k: Gap(codes[rows[k]], names[rows[k]], fields[cols[k]], populations[rows[k]]),
    )


def _covered_share(
    index: OfferIndex,
    code: str,
    field: str,
    leaf_counts: npt.NDArray[np.int64],
    leaf_position: dict[str, int],
) -> float:
    tree = index.tree
    leaves = [leaf for leaf in tree.leaves_under(code) if leaf in leaf_position]
    if not leaves:
        leaves = list(tree.leaves_under(code))
        covered = [leaf for leaf in leaves if index.serving(field, leaf)]
    else:
        covered = [leaf for leaf in leaves if leaf_counts[leaf_position[leaf]] > 0]
    populations = [tree.population(leaf) for leaf in leaves]
    if all(p is not None for p in populations):
        total = sum(p or 0 for p in populations)
        if total > 0:
            return round(sum(tree.population(leaf) or 0 for leaf in covered) / total, 4)
    return round(len(covered) / len(leaves), 4)


def _field_totals(
    index: OfferIndex, field: str, leaf_counts: npt.NDArray[np.int64]
) -> FieldCoverage:
    uncovered = leaf_counts == 0
    known = bool(index.leaf_population_known.all())
    populations = index.leaf_populations
    return FieldCoverage(
        field=field,
        organisations=index.organisations_offering(field),
        uncovered_leaves=int(uncovered.sum()),
        leaves=len(index.tree.leaves),
        uncovered_population=int(populations[uncovered].sum()) if known else None,
        population=int(populations.sum()) if known else None,
    )


def _public_gaps(index: OfferIndex, codes: tuple[str, ...], at_leaves: bool) -> list[Gap]:
    tree = index.tree
    gaps: list[Gap] = []
    for code in codes:
        for field in index.fields:
            serving = index.serving(field, code) if at_leaves else index.touching(field, code)
            for public in index.publics:
                if not any(serves_public(p, public) for p in serving.values()):
                    gaps.append(Gap(code, tree.name(code), field, tree.population(code), public))
    return gaps


def _rank(gap: Gap) -> tuple[int, str, str, str]:
    return (-(gap.population or 0), gap.territory, gap.field, gap.public or "")
