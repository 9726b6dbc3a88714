"""The diagnosis use cases: ``analyse`` (everything), one section (``gaps``, ``overlaps``,
``isolated``, ``suggest``) and the case support (``cases``), each rendered in the format
asked. A section computes only what it shows (see
:class:`~partenariat.analysis.diagnosis.Sections`).

Each use case returns what to write: text, bytes (JSON), or files by name (a folder of CSV
tables); the caller writes it.

Examples:
    >>> from partenariat.app.study import Study
    >>> study = Study.open("examples/melun-val-de-seine")
    >>> text = section(study, "isolated", study.options(), Listing(lang="en", limit=2))
    >>> text.splitlines()[0]
    'Isolated organisations: 3'
    >>> "structure" in vars(study.sections())  # no betweenness, no communities computed
    False
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from partenariat.analysis.diagnosis import DiagnosisOptions, Sections
from partenariat.app.study import Study
from partenariat.errors import UnknownCaseError
from partenariat.i18n import Lang
from partenariat.jsonout import dumps_bytes, record

Format = Literal["table", "json", "csv"]
#: What a use case gives to write: text, bytes, or files of a folder by name.
Rendered = str | bytes | dict[str, bytes]

#: Entries per list in JSON output unless a limit or every row is asked.
JSON_LIMIT = 500
#: Rows per section in tables for people unless a limit is asked.
TABLE_LIMIT = 10
#: The sections a command can show alone.
SECTIONS = ("gaps", "overlaps", "isolated", "suggest")


@dataclass(frozen=True)
class Listing:
    """How results are shown: the format, the language, the rows per list (``limit``),
    every row of every JSON list (``all_rows``), CSV for French Excel (``excel``)."""

    fmt: Format = "table"
    lang: Lang = "fr"
    limit: int | None = None
    all_rows: bool = False
    excel: bool = False

    @property
    def json_limit(self) -> int | None:
        """Entries per JSON list (``None``: every one)."""
        return None if self.all_rows else (self.limit or JSON_LIMIT)

    @property
    def shown(self) -> int:
        """Rows per section of a table for people."""
        return self.limit or TABLE_LIMIT


def analyse(study: Study, options: DiagnosisOptions, listing: Listing) -> Rendered:
    """Every section of the diagnosis: text, JSON (the documented contract, with the study
    area), or every table as CSV files by name."""
    result = study.sections(options).diagnosis
    network, lang = study.network, listing.lang
    if listing.fmt == "json":
        payload = {
            **result.to_dict(limit=listing.json_limit),
            "study_area": study.area.to_dict(),
        }
        return dumps_bytes(payload)
    if listing.fmt == "csv":
        from partenariat.export.tables import cases_tables, csv_bytes, diagnosis_tables

        tables = diagnosis_tables(result, network, lang)
        if result.cases is not None:
            tables.update(cases_tables(result.cases))
        return {
            f"{name}.csv": csv_bytes(table, excel=listing.excel) for name, table in tables.items()
        }
    from partenariat.export.text import render_diagnosis

    text = render_diagnosis(result, network, lang=lang, limit=listing.shown)
    title, _, rest = text.partition("\n\n")
    return f"{title}\n{study.area.describe(lang, width=79)}\n\n{rest}\n"


def section(study: Study, name: str, options: DiagnosisOptions, listing: Listing) -> Rendered:
    """One section of the diagnosis (``name``: one of :data:`SECTIONS`), computing only what
    it shows."""
    sections = study.sections(options)
    if listing.fmt == "json":
        return dumps_bytes(_SECTION_JSON[name](study, sections, listing.json_limit))
    if listing.fmt == "csv":
        from partenariat.export.tables import csv_text, diagnosis_table

        table = "gaps" if name == "gaps" else "suggestions" if name == "suggest" else name
        headers, rows = diagnosis_table(table, sections, study.network, listing.lang)
        return csv_text(headers, rows[: listing.limit], excel=listing.excel)
    return _section_text(name, study, sections, listing) + "\n"


def _section_text(name: str, study: Study, sections: Sections, listing: Listing) -> str:
    from partenariat.export import text as render

    network, lang, shown = study.network, listing.lang, listing.shown
    if name == "gaps":
        coverage = sections.coverage
        return "\n\n".join(
            [
                study.area.describe(lang, width=79),
                render.render_gaps(coverage, lang=lang, limit=shown),
                render.render_thin(coverage, network, lang=lang, limit=shown),
                render.render_uncovered(coverage, lang=lang),
            ]
        )
    if name == "overlaps":
        return render.render_overlaps(sections.overlaps, network, lang=lang, limit=shown)
    if name == "isolated":
        return render.render_isolated(sections.isolation, network, lang=lang, limit=shown)
    return render.render_suggestions(sections.suggestions, network, lang=lang, limit=shown)


def _gaps_json(study: Study, sections: Sections, limit: int | None) -> dict[str, Any]:
    coverage = sections.coverage
    return {
        "study_area": study.area.to_dict(),
        "coverage_gaps": [record(g) for g in coverage.gaps[:limit]],
        "thin_cells": [record(t) for t in coverage.thin_cells[:limit]],
        "coverage_by_field": [record(f) for f in coverage.by_field],
    }


_SECTION_JSON: dict[str, Callable[[Study, Sections, int | None], dict[str, Any]]] = {
    "gaps": _gaps_json,
    "overlaps": lambda _, s, limit: {"overlaps": [o.to_dict() for o in s.overlaps[:limit]]},
    "isolated": lambda _, s, limit: s.isolation.to_dict(limit=limit),
    "suggest": lambda _, s, limit: {"suggestions": [x.to_dict() for x in s.suggestions[:limit]]},
}


def case_support(
    study: Study,
    listing: Listing,
    *,
    case: str | None = None,
    at: dt.date | None = None,
    crowded: int | None = None,
) -> Rendered:
    """The support of every case (or of ``case`` alone, in detail), with case identifiers:
    an evaluator's output, not one to share. Raises :class:`UnknownCaseError` when no
    intervention (active on ``at``) names ``case``."""
    from partenariat.analysis.cases import cases
    from partenariat.analysis.options import CROWDED

    network = study.network
    result = cases(network, at=at, crowded=crowded or CROWDED, case=case)
    if case is not None and not result.cases:
        raise UnknownCaseError(case)
    if listing.fmt == "json":
        return dumps_bytes(result.to_dict(limit=listing.json_limit))
    if listing.fmt == "csv":
        from partenariat.export.tables import cases_tables, csv_text

        headers, rows = cases_tables(result)["cases"]
        return csv_text(headers, rows[: listing.limit], excel=listing.excel)
    from partenariat.export.cases_text import render_case, render_cases

    if case is not None:
        return render_case(result.cases[0], network, lang=listing.lang) + "\n"
    return render_cases(result, network, lang=listing.lang, limit=listing.shown) + "\n"
