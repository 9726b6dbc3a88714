"""Analysis results as CSV tables that Excel opens correctly and safely.

Cells beginning with ``= + - @`` (or a tab or carriage return) are prefixed with ``'`` so that
a spreadsheet never runs them as formulas. ``excel=True`` writes UTF-8 with BOM and ``;``.

>>> print(csv_text(["name", "note"], [["CCAS", "=HYPERLINK(\\"x\\")"], ["CAF", -3]]), end="")
name,note
CCAS,"'=HYPERLINK(""x"")"
CAF,-3
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from partenariat.analysis.cases import CasesResult
from partenariat.analysis.diagnosis import Diagnosis
from partenariat.analysis.overlaps import Overlap
from partenariat.analysis.structure import Isolated
from partenariat.analysis.suggestions import Suggestion
from partenariat.i18n import Lang
from partenariat.network import Network

Rows = list[list[Any]]
Table = tuple[list[str], Rows]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object, *, decimal_comma: bool = False) -> str:
    """A cell as text, neutralised against formula injection (numbers are left alone;
    ``decimal_comma`` writes ``0,25`` as French spreadsheets read it).

    >>> safe_cell("+33 1 64"), safe_cell(-2.5), safe_cell(None), safe_cell(("a", "b"))
    ("'+33 1 64", '-2.5', '', 'a|b')
    >>> safe_cell(0.25, decimal_comma=True)
    '0,25'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(value).replace(".", ",") if decimal_comma else str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        value = "|".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def csv_text(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    excel: bool = False,
    decimal_comma: bool = False,
) -> str:
    """The table as CSV text (``;`` when ``excel``; ``decimal_comma`` for decimals)."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
    )
    writer.writerow([safe_cell(h) for h in headers])
    writer.writerows([safe_cell(v, decimal_comma=decimal_comma) for v in row] for row in rows)
    return buffer.getvalue()


def csv_bytes(
    table: Table, *, excel: bool = False, bom: bool | None = None, decimal_comma: bool = False
) -> bytes:
    """One table as the bytes of a CSV file: UTF-8 with BOM when ``excel`` (or ``bom``) so
    that Excel reads the accents, ``;`` when ``excel``, decimal commas when asked."""
    headers, rows = table
    encoding = "utf-8-sig" if (excel if bom is None else bom) else "utf-8"
    return csv_text(headers, rows, excel=excel, decimal_comma=decimal_comma).encode(encoding)


def write_csv(
    path: Path,
    table: Table,
    *,
    excel: bool = False,
    bom: bool | None = None,
    overwrite: bool = True,
) -> None:
    """Write one table (see :func:`csv_bytes`) with :func:`~partenariat.output.write_safely`."""
    from partenariat.output import write_safely

    write_safely({path: csv_bytes(table, excel=excel, bom=bom)}, overwrite=overwrite)


def common_rows(diagnosis: Any, network: Network) -> dict[str, Callable[[], Rows]]:
    """The rows the analysis tables and the shared tables
    (:mod:`partenariat.export.shared_tables`) write alike, by table, built when called;
    ``diagnosis`` is a :class:`~partenariat.analysis.diagnosis.Diagnosis` or its lazy
    :class:`~partenariat.analysis.diagnosis.Sections` (each section read when a table
    needs it)."""
    name = network.name

    def matrix() -> Rows:
        cov = diagnosis.coverage
        width = len(cov.fields)
        if cov.counts is None:
            values = [
                [c.organisations for c in cov.cells[i * width : (i + 1) * width]]
                for i in range(len(cov.territories))
            ]
        else:
            values = cov.counts.tolist()
        return [
            [code, cov.names[i], cov.populations[i], *values[i]]
            for i, code in enumerate(cov.territories)
        ]

    return {
        "coverage": matrix,
        "gaps": lambda: [
            [g.territory, g.name, g.field, g.population] for g in diagnosis.coverage.gaps
        ],
        "public_gaps": lambda: [
            [g.territory, g.name, g.field, g.public, g.population]
            for g in diagnosis.coverage.public_gaps
        ],
        "thin_cells": lambda: [
            [c.territory, c.name, c.field, c.organisation, name(c.organisation)]
            for c in diagnosis.coverage.thin_cells
        ],
        "coverage_by_field": lambda: [
            [
                f.field,
                f.organisations,
                f.uncovered_leaves,
                f.leaves,
                f.uncovered_population,
                f.population,
            ]
            for f in diagnosis.coverage.by_field
        ],
        "brokers": lambda: [
            [b.organisation, name(b.organisation), b.cut_off, b.degree]
            for b in diagnosis.structure.brokers
        ],
        "centrality": lambda: [
            [c.organisation, name(c.organisation), c.degree, c.betweenness]
            for c in diagnosis.structure.centrality
        ],
        "communities": lambda: [
            [i, org, name(org)]
            for i, group in enumerate(diagnosis.structure.communities, 1)
            for org in group
        ],
    }


#: The tables of a diagnosis, by file stem, and the section each is built from.
DIAGNOSIS_TABLES = (
    "coverage",
    "gaps",
    "public_gaps",
    "thin_cells",
    "coverage_by_field",
    "overlaps",
    "isolated",
    "brokers",
    "centrality",
    "communities",
    "suggestions",
)


def diagnosis_tables(diagnosis: Diagnosis, network: Network, lang: Lang = "fr") -> dict[str, Table]:
    """Every table of the diagnosis, by file stem."""
    return {name: diagnosis_table(name, diagnosis, network, lang) for name in DIAGNOSIS_TABLES}


def diagnosis_table(name: str, source: Any, network: Network, lang: Lang = "fr") -> Table:
    """The table ``name`` (one of :data:`DIAGNOSIS_TABLES`) of ``source``: a
    :class:`~partenariat.analysis.diagnosis.Diagnosis`, or the lazy
    :class:`~partenariat.analysis.diagnosis.Sections`, of which only the section the table
    needs is computed (the isolated organisations need no betweenness)."""
    if name == "overlaps":
        return overlaps_table(source.overlaps)
    if name == "isolated":
        found = getattr(source, "isolation", None) or source.structure
        return isolated_table(found.isolated, network)
    if name == "suggestions":
        return suggestions_table(source.suggestions, network, lang)
    headers = {
        "coverage": ["territory", "name", "population", *source.coverage.fields]
        if name == "coverage"
        else [],
        "gaps": ["territory", "name", "field", "population"],
        "public_gaps": ["territory", "name", "field", "public", "population"],
        "thin_cells": ["territory", "name", "field", "organisation", "organisation_name"],
        "coverage_by_field": [
            "field",
            "organisations",
            "uncovered_leaves",
            "leaves",
            "uncovered_population",
            "population",
        ],
        "brokers": ["organisation", "name", "cut_off", "degree"],
        "centrality": ["organisation", "name", "degree", "betweenness"],
        "communities": ["community", "organisation", "name"],
    }
    return headers[name], common_rows(source, network)[name]()


def overlaps_table(found: Sequence[Overlap]) -> Table:
    """One row per overlap."""
    return (
        [
            "field",
            "public",
            "organisations",
            "territories",
            "population",
            "unlinked_pair_count",
            "pair_count",
        ],
        [
            [
                o.field,
                o.public,
                o.organisations,
                o.territories,
                o.population,
                o.unlinked_pair_count,
                o.pair_count,
            ]
            for o in found
        ],
    )


def isolated_table(found: Sequence[Isolated], network: Network) -> Table:
    """One row per isolated organisation, with its name and why."""
    name = network.name
    return (
        ["organisation", "name", "reason"],
        [[i.organisation, name(i.organisation), i.reason] for i in found],
    )


def suggestions_table(found: Sequence[Suggestion], network: Network, lang: Lang = "fr") -> Table:
    """One row per suggestion, with its reason in words."""
    from partenariat.export.text import suggestion_reason

    return (
        [
            "organisation_a",
            "organisation_b",
            "kind",
            "fields",
            "publics",
            "territories",
            "population",
            "cases",
            "reason",
        ],
        [
            [
                s.organisations[0],
                s.organisations[1],
                s.kind,
                s.fields,
                s.publics,
                s.territories,
                s.population,
                s.cases,
                suggestion_reason(s, network, lang),
            ]
            for s in found
        ],
    )


def cases_tables(result: CasesResult) -> dict[str, Table]:
    """Case tables: one row per case, the missing links, the fragmented presence."""
    return {
        "cases": (
            [
                "case",
                "organisations",
                "organisation_count",
                "fields",
                "interventions",
                "start",
                "end",
                "duration_days",
                "linked_share",
                "components",
                "coordinators",
                "declared_coordinators",
                "fragmented",
                "concurrent",
            ],
            [
                [
                    c.case,
                    c.organisations,
                    len(c.organisations),
                    c.fields,
                    c.interventions,
                    c.start.isoformat() if c.start else None,
                    c.end.isoformat() if c.end else None,
                    c.duration_days,
                    c.linked_share,
                    c.components,
                    c.coordinators,
                    c.declared_coordinators,
                    c.fragmented,
                    [
                        f"{x.field}: {x.organisations[0]} / {x.organisations[1]}"
                        for x in c.concurrent
                    ],
                ]
                for c in result.cases
            ],
        ),
        "missing_links": (
            ["organisation_a", "organisation_b", "cases", "reconnects"],
            [
                [m.organisations[0], m.organisations[1], m.cases, m.reconnects]
                for m in result.missing_links
            ],
        ),
        "fragmented_presence": (
            ["organisation", "fragmented_cases", "cases"],
            [list(row) for row in result.fragmented_presence],
        ),
    }
