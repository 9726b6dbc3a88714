"""Everything at once: the diagnosis of a territory behind ``partenariat analyse``, and its
sections computed one by one when asked (:class:`Sections`: each analysis module is
imported only when its section is).

>>> import partenariat
>>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
>>> result = diagnose(network)
>>> result.summary["organisations"], result.summary["isolated"]
(40, 3)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from partenariat.analysis.options import CROWDED, LEAVES, DiagnosisOptions, FieldLevel
from partenariat.jsonout import record

if TYPE_CHECKING:
    from partenariat.analysis.cases import CasesResult
    from partenariat.analysis.coverage import CoverageResult
    from partenariat.analysis.isolation import Isolation
    from partenariat.analysis.measures import Measures
    from partenariat.analysis.offers import OfferIndex
    from partenariat.analysis.overlaps import OverlapTable
    from partenariat.analysis.structure import StructureResult
    from partenariat.analysis.suggestions import Suggestion
    from partenariat.analysis.survey import SurveyResult
    from partenariat.network import Network

__all__ = ["Diagnosis", "DiagnosisOptions", "Sections", "diagnose", "sections"]


@dataclass(frozen=True)
class Diagnosis:
    """Coverage, overlaps, structure and suggestions of one network."""

    summary: Mapping[str, Any]
    """The counts of every section (read-only)."""
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
            "summary": dict(self.summary),
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


class Sections:
    """The sections of one diagnosis, each computed when first asked, then kept.

    ``gaps`` asks for the coverage only, ``isolated`` for the isolation only: a command
    pays for what it prints. :attr:`diagnosis` asks for every section.

    >>> import partenariat
    >>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
    >>> sections = Sections(network, DiagnosisOptions())
    >>> len(sections.coverage.gaps) > 0, "suggestions" in vars(sections)
    (True, False)
    """

    def __init__(self, network: Network, options: DiagnosisOptions) -> None:
        self.network = network
        self.options = options

    @cached_property
    def index(self) -> OfferIndex:
        """Who offers what, where and for whom (shared by coverage, overlaps, suggestions)."""
        from partenariat.analysis.offers import offer_index

        return offer_index(self.network, self.options.fields, field_level=self.options.field_level)

    @cached_property
    def coverage(self) -> CoverageResult:
        from partenariat.analysis.coverage import coverage

        options = self.options
        return coverage(
            self.network, level=options.level, by_public=options.by_public, index=self.index
        )

    @cached_property
    def overlaps(self) -> OverlapTable:
        from partenariat.analysis.overlaps import overlaps

        return overlaps(self.network, index=self.index)

    @cached_property
    def isolation(self) -> Isolation:
        """Isolated organisations, peripheral ones, brokers and components: no betweenness,
        no communities."""
        from partenariat.analysis.isolation import isolation

        return isolation(self.network)

    @cached_property
    def structure(self) -> StructureResult:
        from partenariat.analysis.structure import structure

        return structure(self.network, resolution=self.options.resolution)

    @cached_property
    def measures(self) -> Measures:
        from partenariat.analysis.measures import measures

        counts = self.coverage.counts
        duplication = (
            float((counts[counts > 0] >= 2).mean())
            if counts is not None and (counts > 0).any()
            else None
        )
        return measures(self.network, duplication=duplication, fields=self.coverage.fields)

    @cached_property
    def cases(self) -> CasesResult | None:
        from partenariat.analysis.cases import cases

        if not self.network.dataset.has_interventions:
            return None
        return cases(self.network, at=self.options.at, crowded=self.options.crowded)

    @cached_property
    def suggestions(self) -> Sequence[Suggestion]:
        from partenariat.analysis.suggestions import suggestions

        return suggestions(self.network, index=self.index)

    @cached_property
    def survey(self) -> SurveyResult | None:
        from partenariat.analysis.survey import survey

        return survey(self.network)

    @cached_property
    def diagnosis(self) -> Diagnosis:
        """Every section, with the summary of their counts."""
        cov, found, shape, proposed = (
            self.coverage,
            self.overlaps,
            self.structure,
            self.suggestions,
        )
        support, answers = self.cases, self.survey
        summary: dict[str, Any] = {
            **self.network.dataset.counts(),
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
        if answers is not None:
            summary["survey_response_rate"] = answers.response_rate
        return Diagnosis(
            MappingProxyType(summary),
            cov,
            found,
            shape,
            proposed,
            support,
            answers,
            self.measures,
        )


def sections(network: Network, options: DiagnosisOptions | None = None) -> Sections:
    """The lazy sections of ``network`` under ``options``: one per network and options, so
    every output of one run shares each computation."""
    options = options or DiagnosisOptions()
    return network.memo(("sections", options), lambda: Sections(network, options))


def diagnose(
    network: Network,
    *,
    level: str = LEAVES,
    fields: Iterable[str] = (),
    by_public: bool = False,
    resolution: float = 1.0,
    at: dt.date | None = None,
    crowded: int = CROWDED,
    field_level: FieldLevel = "sub",
) -> Diagnosis:
    """Run every analysis of ``network`` (see each module for the definitions): the
    :attr:`Sections.diagnosis` of these options, computed once per network and options.
    """
    options = DiagnosisOptions(
        level, tuple(fields), by_public, resolution, at, crowded, field_level
    )
    return sections(network, options).diagnosis
