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

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from partenariat.analysis.offers import OfferIndex, Publics, offer_index, serves_public
from partenariat.network import Network
from partenariat.perf import gc_paused
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
    cells: tuple[CoverageCell, ...]
    gaps: tuple[Gap, ...]
    thin_cells: tuple[ThinCell, ...]
    by_field: tuple[FieldCoverage, ...]
    public_gaps: tuple[Gap, ...] = ()
    unlisted_fields: tuple[str, ...] = ()
    """Fields named by organisations but absent from the reference list (not examined)."""

    def cell(self, territory: str, field: str) -> CoverageCell:
        """The cell of ``territory`` and ``field`` (``KeyError`` if absent)."""
        for cell in self.cells:
            if cell.territory == territory and cell.field == field:
                return cell
        raise KeyError((territory, field))

    def matrix(self) -> dict[str, Any]:
        """The matrix in the JSON contract's compact form (one row per territory)."""
        width = len(self.fields)
        rows = []
        for i, code in enumerate(self.territories):
            row_cells = self.cells[i * width:(i + 1) * width]
            rows.append({
                "territory": code,
                "name": self.names[i],
                "population": self.populations[i],
                "organisations": [c.organisations for c in row_cells],
                "status": [c.status for c in row_cells],
            })
        return {"level": self.level, "fields": list(self.fields), "territories": rows}

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "matrix": self.matrix(),
            "gaps": [asdict(g) for g in self.gaps],
            "thin_cells": [asdict(t) for t in self.thin_cells],
            "by_field": [asdict(f) for f in self.by_field],
            "public_gaps": [asdict(g) for g in self.public_gaps],
            "unlisted_fields": list(self.unlisted_fields),
        }


@gc_paused
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
    ``by_public`` adds the gaps per public. Raises ``KeyError`` for an unknown level.
    """
    index = index or offer_index(network, fields)
    tree = index.tree
    codes = tree.at_level(level)
    at_leaves = all(tree.is_leaf(code) for code in codes)
    cells: list[CoverageCell] = []
    gaps: list[Gap] = []
    thin: list[ThinCell] = []
    for code in codes:
        for field in index.fields:
            serving = index.serving(field, code) if at_leaves else index.touching(field, code)
            cell = _cell(index, code, field, serving, at_leaves)
            cells.append(cell)
            if cell.status == "gap":
                gaps.append(Gap(code, tree.name(code), field, tree.population(code)))
            if cell.organisations == 1:
                thin.append(ThinCell(code, tree.name(code), field, next(iter(serving)),
                                     tree.population(code)))
    public_gaps = _public_gaps(index, codes, at_leaves) if by_public else []
    return CoverageResult(
        level=level,
        fields=index.fields,
        territories=codes,
        names=tuple(tree.name(c) for c in codes),
        populations=tuple(tree.population(c) for c in codes),
        cells=tuple(cells),
        gaps=tuple(sorted(gaps, key=_rank)),
        thin_cells=tuple(thin),
        by_field=tuple(_field_totals(index, field) for field in index.fields),
        public_gaps=tuple(sorted(public_gaps, key=_rank)),
        unlisted_fields=tuple(sorted(index.named_fields - set(index.fields))),
    )


def _cell(index: OfferIndex, code: str, field: str, serving: dict[str, Publics],
          at_leaves: bool) -> CoverageCell:
    count = len(serving)
    if count == 0:
        return CoverageCell(code, field, 0, 0.0, "gap")
    share = 1.0 if at_leaves else _covered_share(index, code, field)
    status: Status = "partial" if share < 1 else ("thin" if count == 1 else "covered")
    return CoverageCell(code, field, count, share, status)


def _covered_share(index: OfferIndex, code: str, field: str) -> float:
    tree = index.tree
    leaves = tree.leaves_under(code)
    covered = [leaf for leaf in leaves if index.serving(field, leaf)]
    populations = [tree.population(leaf) for leaf in leaves]
    if all(p is not None for p in populations):
        total = sum(p or 0 for p in populations)
        if total > 0:
            return round(sum(tree.population(leaf) or 0 for leaf in covered) / total, 4)
    return round(len(covered) / len(leaves), 4)


def _field_totals(index: OfferIndex, field: str) -> FieldCoverage:
    tree = index.tree
    uncovered = [leaf for leaf in tree.leaves if not index.serving(field, leaf)]
    populations = [tree.population(leaf) for leaf in tree.leaves]
    known = all(p is not None for p in populations)
    organisations = {o.organisation for o in index.offers if field in o.fields}
    return FieldCoverage(
        field=field,
        organisations=len(organisations),
        uncovered_leaves=len(uncovered),
        leaves=len(tree.leaves),
        uncovered_population=sum(tree.population(x) or 0 for x in uncovered) if known else None,
        population=sum(p or 0 for p in populations) if known else None,
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
