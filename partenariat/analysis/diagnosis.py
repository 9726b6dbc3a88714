"""Everything at once: the diagnosis of a territory behind ``partenariat analyse``.

>>> import partenariat
>>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
>>> result = diagnose(network)
>>> result.summary["organisations"], result.summary["isolated"]
(40, 3)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from partenariat.analysis.cases import CROWDED, CasesResult, cases
from partenariat.analysis.coverage import CoverageResult, coverage
from partenariat.analysis.measures import Measures, measures
from partenariat.analysis.offers import FieldLevel, offer_index
from partenariat.analysis.overlaps import OverlapTable, overlaps
from partenariat.analysis.structure import (
    StructureResult,
    graph_facts_ready,
    start_betweenness,
    structure,
)
from partenariat.analysis.suggestions import Suggestion, suggestions
from partenariat.analysis.survey import SurveyResult, survey
from partenariat.jsonout import record
from partenariat.network import Network
from partenariat.perf import PARALLEL_FROM, side_by_side
from partenariat.territory import LEAVES


@dataclass(frozen=True)
class Diagnosis:
    """Coverage, overlaps, structure and suggestions of one network."""

    summary: dict[str, Any]
    coverage: CoverageResult
    overlaps: OverlapTable
    structure: StructureResult
    suggestions: Sequence[Suggestion]
    cases: CasesResult | None = None
    survey: SurveyResult | None = None
    measures: Measures | None = None

    def to_dict(self, *, limit: int | None = None) -> dict[str, Any]:
        """The documented JSON contract (see docs/analyses.md); ``limit`` cuts every list
        (the summary keeps the totals)."""
        structure_dict = self.structure.to_dict(limit=limit)
        cov = self.coverage
        return {
            "summary": self.summary,
            "coverage": cov.matrix(),
            "coverage_by_field": [record(f) for f in cov.by_field],
            "coverage_gaps": [record(g) for g in cov.gaps[:limit]],
            "public_gaps": [record(g) for g in cov.public_gaps[:limit]],
            "thin_cells": [record(t) for t in cov.thin_cells[:limit]],
            "unlisted_fields": list(cov.unlisted_fields),
            "overlaps": [o.to_dict() for o in self.overlaps[:limit]],
            "isolated": structure_dict["isolated"][:limit],
            "peripheral": structure_dict["peripheral"][:limit],
            "brokers": structure_dict["brokers"][:limit],
            "components": structure_dict["components"][:limit],
            "communities": {
                **structure_dict["communities"],
                "groups": structure_dict["communities"]["groups"][:limit],
            },
            "centrality": {
                **structure_dict["centrality"],
                "organisations": structure_dict["centrality"]["organisations"][:limit],
            },
            "structure": {
                key: structure_dict[key]
                for key in (
                    "organisations",
                    "partnerships",
                    "links",
                    "density",
                    "average_degree",
                    "degree_centralisation",
                    "link_types",
                    "formal_share",
                    "informal_share",
                    "sectors",
                    "cross_sector_partnerships",
                    "sector_pairs",
                )
            }
            | (self.measures.to_dict(limit=limit) if self.measures else {}),
            "suggestions": [s.to_dict() for s in self.suggestions[:limit]],
            **({"cases": self.cases.to_dict(limit=limit)} if self.cases else {}),
            **({"survey": self.survey.to_dict()} if self.survey else {}),
        }


def diagnose(
    network: Network,
    *,
    level: str = LEAVES,
    fields: Iterable[str] = (),
    by_public: bool = False,
    resolution: float = 1.0,
    suggestion_limit: int | None = None,
    at: dt.date | None = None,
    crowded: int = CROWDED,
    field_level: FieldLevel = "sub",
) -> Diagnosis:
    """Run every analysis of ``network`` (see each module for the definitions).

    Computed once per network and options: the text, the map and the report of one run
    share it.
    """
    fields = tuple(fields)
    key = (
        "diagnose",
        level,
        fields,
        by_public,
        resolution,
        suggestion_limit,
        at,
        crowded,
        field_level,
    )
    return network.memo(
        key,
        lambda: _diagnose(
            network,
            level=level,
            fields=fields,
            by_public=by_public,
            resolution=resolution,
            suggestion_limit=suggestion_limit,
            at=at,
            crowded=crowded,
            field_level=field_level,
        ),
    )


def _diagnose(
    network: Network,
    *,
    level: str,
    fields: tuple[str, ...],
    by_public: bool,
    resolution: float,
    suggestion_limit: int | None,
    at: dt.date | None,
    crowded: int,
    field_level: FieldLevel,
) -> Diagnosis:
    start_betweenness(network, resolution)  # in a second process while the others run
    index = offer_index(network, fields, field_level=field_level)
    index.prepare()
    network.prepare()
    cov = coverage(network, level=level, by_public=by_public, index=index)
    counts_by_cell = cov.counts
    duplication = (
        float((counts_by_cell[counts_by_cell > 0] >= 2).mean())
        if counts_by_cell is not None and (counts_by_cell > 0).any()
        else None
    )
    graph: list[tuple[StructureResult, Measures]] = []

    def graph_measures() -> tuple[StructureResult, Measures]:
        return (
            structure(network, resolution=resolution),
            measures(network, duplication=duplication, fields=cov.fields),
        )

    def overlaps_then_graph() -> OverlapTable:
        found = overlaps(network, index=index)
        if graph_facts_ready(network):  # while the cases are still counted, if need not wait
            graph.append(graph_measures())
        return found

    found, support = side_by_side(
        overlaps_then_graph,
        lambda: (
            cases(network, at=at, crowded=crowded) if network.dataset.has_interventions else None
        ),
        parallel=network.size >= PARALLEL_FROM,
    )
    proposed = suggestions(network, limit=suggestion_limit, index=index)
    # otherwise last: the betweenness had the most time
    shape, evaluated = graph[0] if graph else graph_measures()
    counts = network.dataset.counts()
    summary = {
        **counts,
        "fields": len(cov.fields),
        "level": cov.level,
        "level_territories": len(cov.territories),
        "gaps": len(cov.gaps),
        "thin_cells": len(cov.thin_cells),
        "overlaps": len(found),
        "uncoordinated_overlaps": found.uncoordinated_count,
        "isolated": len(shape.isolated),
        "peripheral": len(shape.peripheral),
        "brokers": len(shape.brokers),
        "components": len(shape.components),
        "communities": len(shape.communities),
        "suggestions": getattr(proposed, "total", len(proposed)),
        "suggestions_listed": len(proposed),
        "fragmented_cases": support.fragmented if support else None,
    }
    answers = survey(network)
    if answers is not None:
        summary["survey_response_rate"] = answers.response_rate
    return Diagnosis(summary, cov, found, shape, proposed, support, answers, evaluated)
