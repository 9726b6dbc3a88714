"""The report's tables complete, as files a coordinator opens in a spreadsheet.

The report shows the first rows of each table; ``report --csv-dir`` writes every row of
every table, named and headed in the report's language (``zones-blanches.csv``,
``coverage-gaps.csv``). In French the files are ready for French Excel: UTF-8 with BOM,
``;`` between cells and decimal commas. Case identifiers never appear; counts of cases under
the privacy threshold are written ``< N`` unless ``show_cases`` is asked, as in the report.

>>> from partenariat.analysis.diagnosis import diagnose
>>> from tests.small_network import small_network
>>> network = small_network()
>>> tables = shared_tables(network, diagnose(network), lang="fr")
>>> [name for name in tables][:3]
['zones-blanches.csv', 'points-de-fragilite.csv', 'couverture.csv']
>>> tables["zones-blanches.csv"].headers
('Territoire', 'Nom', 'Domaine', 'Population')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partenariat.analysis.diagnosis import Diagnosis
from partenariat.analysis.measures import Measures
from partenariat.export.tables import common_rows
from partenariat.i18n import Lang
from partenariat.network import Network
from partenariat.problems import ValidationReport

#: Each table: file stem and column headers, in French then English.
NAMES: dict[str, tuple[str, str]] = {
    "gaps": ("zones-blanches", "coverage-gaps"),
    "thin_cells": ("points-de-fragilite", "thin-cells"),
    "coverage": ("couverture", "coverage"),
    "coverage_by_field": ("couverture-par-domaine", "coverage-by-field"),
    "public_gaps": ("zones-blanches-par-public", "gaps-by-public"),
    "overlaps": ("chevauchements", "overlaps"),
    "isolated": ("acteurs-isoles", "isolated-organisations"),
    "brokers": ("acteurs-passerelles", "brokers"),
    "centrality": ("centralite", "centrality"),
    "communities": ("communautes", "communities"),
    "suggestions": ("partenariats-a-creer", "partnerships-to-create"),
    "missing_links": ("liens-manquants", "missing-links"),
    "fragmented_presence": ("presence-fragmentee", "fragmented-presence"),
    "quality": ("qualite-des-donnees", "data-quality"),
    "survey_organisations": ("enquete-organisations", "survey-organisations"),
    "survey_asymmetric": ("enquete-liens-non-confirmes", "survey-unconfirmed-ties"),
    "survey_undocumented": ("enquete-liens-absents", "survey-undocumented-ties"),
    "brokerage": ("roles-intermediaires", "brokerage-roles"),
}

HEADERS: dict[str, tuple[str, str]] = {
    "territory": ("Territoire", "Territory"),
    "name": ("Nom", "Name"),
    "field": ("Domaine", "Field"),
    "public": ("Public", "Public"),
    "population": ("Population", "Population"),
    "organisation": ("Organisation", "Organisation"),
    "organisation_name": ("Nom de l'organisation", "Organisation name"),
    "organisations": ("Organisations", "Organisations"),
    "organisations_count": ("Organisations recensées", "Organisations listed"),
    "uncovered_leaves": ("Territoires sans offre", "Territories without offer"),
    "leaves": ("Territoires", "Territories"),
    "uncovered_population": ("Population sans offre", "Population without offer"),
    "territories": ("Territoires", "Territories"),
    "unlinked_pairs": ("Paires sans lien", "Unlinked pairs"),
    "pairs": ("Paires", "Pairs"),
    "reason": ("Motif", "Reason"),
    "cut_off": ("Organisations coupées du réseau sans elle", "Organisations cut off without it"),
    "degree": ("Partenaires", "Partners"),
    "betweenness": ("Intermédiarité", "Betweenness"),
    "community": ("Communauté", "Community"),
    "rank": ("Rang", "Rank"),
    "organisation_a": ("Organisation A", "Organisation A"),
    "organisation_b": ("Organisation B", "Organisation B"),
    "kind": ("Type", "Kind"),
    "fields": ("Domaines", "Fields"),
    "publics": ("Publics", "Publics"),
    "cases": ("Situations suivies ensemble", "Cases followed together"),
    "why": ("Pourquoi", "Why"),
    "together": ("Situations en commun sans lien", "Cases shared without a link"),
    "fragmented": ("Situations fragmentées", "Fragmented cases"),
    "all_cases": ("Situations", "Cases"),
    "file": ("Fichier", "File"),
    "line": ("Ligne", "Line"),
    "column": ("Colonne", "Column"),
    "severity": ("Gravité", "Severity"),
    "code": ("Code", "Code"),
    "message": ("Message", "Message"),
}

VALUES: dict[str, tuple[str, str]] = {
    "pooling": ("mutualiser", "pooling"),
    "referral": ("orienter", "referral"),
    "no-link": ("aucun lien", "no link"),
    "outside-main-component": ("hors du réseau principal", "outside the main network"),
    "error": ("erreur", "error"),
    "warning": ("avertissement", "warning"),
    "every_public": ("tous publics", "every public"),
}


@dataclass(frozen=True)
class SharedTable:
    """One complete table: headers and rows of cells (text, numbers, lists)."""

    headers: tuple[str, ...]
    rows: Sequence[Sequence[Any]]


def shared_tables(
    network: Network,
    diagnosis: Diagnosis,
    *,
    lang: Lang = "fr",
    validation: ValidationReport | None = None,
    threshold: int = 5,
    show_cases: bool = False,
) -> dict[str, SharedTable]:
    """Every table of the report, complete, by file name (``.csv``) in ``lang``.

    Empty tables are left out (no file for an analysis that found nothing to list).
    """
    builder = _Tables(network, diagnosis, lang, threshold, show_cases)
    tables = {
        "gaps": builder.gaps,
        "thin_cells": builder.thin_cells,
        "coverage": builder.coverage,
        "coverage_by_field": builder.coverage_by_field,
        "public_gaps": builder.public_gaps,
        "overlaps": builder.overlaps,
        "isolated": builder.isolated,
        "brokers": builder.brokers,
        "centrality": builder.centrality,
        "communities": builder.communities,
        "suggestions": builder.suggestions,
        "missing_links": builder.missing_links,
        "fragmented_presence": builder.fragmented_presence,
    }
    found: dict[str, SharedTable] = {}
    for key, make in tables.items():
        table = make()
        if table is not None and table.rows:
            found[file_name(key, lang)] = table
    if diagnosis.survey is not None:
        from partenariat.export.survey_text import survey_tables

        for key, (headers, rows) in survey_tables(diagnosis.survey, network, lang).items():
            if rows:
                found[file_name(key, lang)] = SharedTable(tuple(headers), rows)
    if diagnosis.measures is not None and diagnosis.measures.brokerage:
        found[file_name("brokerage", lang)] = builder.brokerage(diagnosis.measures)
    if validation is not None and validation.problems:
        found[file_name("quality", lang)] = builder.quality(validation)
    return found


def file_name(key: str, lang: Lang) -> str:
    """The file a table is written to, in ``lang``.

    >>> file_name("gaps", "fr"), file_name("gaps", "en")
    ('zones-blanches.csv', 'coverage-gaps.csv')
    """
    french, english = NAMES[key]
    return f"{french if lang == 'fr' else english}.csv"


def write_shared_tables(
    tables: dict[str, SharedTable],
    folder: str | Path,
    *,
    lang: Lang = "fr",
    excel: bool | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Write ``tables`` in ``folder`` (see :func:`shared_table_files`). Nothing is
    written when one file exists and ``overwrite`` is false."""
    from partenariat.output import write_safely

    files = shared_table_files(tables, folder, lang=lang, excel=excel)
    return write_safely(files, overwrite=overwrite)


def shared_table_files(
    tables: dict[str, SharedTable],
    folder: str | Path,
    *,
    lang: Lang = "fr",
    excel: bool | None = None,
) -> dict[Path, bytes]:
    """``tables`` as CSV files of ``folder``, by path; ``excel`` (default: when French) for
    French Excel (BOM, ``;``, decimal commas), otherwise UTF-8 with BOM and ``,``."""
    from partenariat.export.tables import csv_bytes

    excel = lang == "fr" if excel is None else excel
    folder = Path(folder)
    return {
        folder / name: csv_bytes(
            (list(table.headers), [list(row) for row in table.rows]),
            excel=excel,
            bom=True,
            decimal_comma=excel and lang == "fr",
        )
        for name, table in tables.items()
    }


class _Tables:
    def __init__(
        self, network: Network, diagnosis: Diagnosis, lang: Lang, threshold: int, show: bool
    ) -> None:
        self.network = network
        self.diagnosis = diagnosis
        self.lang = lang
        self.threshold = threshold
        self.show = show
        self.rows = common_rows(diagnosis, network)

    def brokerage(self, measured: Measures) -> SharedTable:
        """Every organisation brokering a two-path, with its Gould-Fernandez roles."""
        from partenariat.analysis.measures import ROLES
        from partenariat.i18n import t

        return SharedTable(
            (
                *self.h("organisation", "organisation_name"),
                *(t(f"m_{r}", self.lang) for r in ROLES),
            ),
            [
                [r.organisation, self.network.name(r.organisation), *(getattr(r, x) for x in ROLES)]
                for r in measured.brokerage
            ],
        )

    def h(self, *keys: str) -> tuple[str, ...]:
        return tuple(HEADERS[k][0 if self.lang == "fr" else 1] for k in keys)

    def value(self, key: str) -> str:
        french, english = VALUES[key]
        return french if self.lang == "fr" else english

    def masked(self, count: int) -> int | str:
        """A count of cases as shared: ``< N`` under the threshold unless shown."""
        if self.show or count == 0 or count >= self.threshold:
            return count
        return f"< {self.threshold}"

    def masked_text(self, count: int) -> str:
        return str(self.masked(count))

    def gaps(self) -> SharedTable:
        return SharedTable(self.h("territory", "name", "field", "population"), self.rows["gaps"]())

    def thin_cells(self) -> SharedTable:
        return SharedTable(
            self.h("territory", "name", "field", "organisation", "organisation_name"),
            self.rows["thin_cells"](),
        )

    def coverage(self) -> SharedTable:
        fields = self.diagnosis.coverage.fields
        return SharedTable(
            (*self.h("territory", "name", "population"), *fields), self.rows["coverage"]()
        )

    def coverage_by_field(self) -> SharedTable:
        return SharedTable(
            self.h(
                "field",
                "organisations_count",
                "uncovered_leaves",
                "leaves",
                "uncovered_population",
                "population",
            ),
            self.rows["coverage_by_field"](),
        )

    def public_gaps(self) -> SharedTable:
        return SharedTable(
            self.h("territory", "name", "field", "public", "population"),
            self.rows["public_gaps"](),
        )

    def overlaps(self) -> SharedTable:
        every = self.value("every_public")
        return SharedTable(
            self.h(
                "field",
                "public",
                "organisations",
                "territories",
                "population",
                "unlinked_pairs",
                "pairs",
            ),
            _rows(
                self.diagnosis.overlaps,
                lambda o: (
                    o.field,
                    o.public or every,
                    o.organisations,
                    o.territories,
                    o.population,
                    o.unlinked_pair_count,
                    o.pair_count,
                ),
            ),
        )

    def isolated(self) -> SharedTable:
        name = self.network.name
        return SharedTable(
            self.h("organisation", "name", "reason"),
            _rows(
                self.diagnosis.structure.isolated,
                lambda i: (i.organisation, name(i.organisation), self.value(i.reason)),
            ),
        )

    def brokers(self) -> SharedTable:
        return SharedTable(
            self.h("organisation", "name", "cut_off", "degree"), self.rows["brokers"]()
        )

    def centrality(self) -> SharedTable:
        return SharedTable(
            self.h("organisation", "name", "degree", "betweenness"), self.rows["centrality"]()
        )

    def communities(self) -> SharedTable:
        return SharedTable(self.h("community", "organisation", "name"), self.rows["communities"]())

    def suggestions(self) -> SharedTable:
        from partenariat.export.text import suggestion_reason

        network, lang = self.network, self.lang
        return SharedTable(
            self.h(
                "rank",
                "organisation_a",
                "organisation_b",
                "kind",
                "fields",
                "publics",
                "territories",
                "population",
                "cases",
                "why",
            ),
            [
                (
                    rank,
                    s.organisations[0],
                    s.organisations[1],
                    self.value(s.kind),
                    s.fields,
                    s.publics,
                    s.territories,
                    s.population,
                    self.masked(s.cases),
                    suggestion_reason(s, network, lang, cases=self.masked_text(s.cases)),
                )
                for rank, s in enumerate(self.diagnosis.suggestions, 1)
            ],
        )

    def missing_links(self) -> SharedTable | None:
        found = self.diagnosis.cases
        if found is None:
            return None
        name = self.network.name
        return SharedTable(
            self.h("organisation_a", "organisation_b", "organisation_name", "together"),
            _rows(
                found.missing_links,
                lambda m: (
                    m.organisations[0],
                    m.organisations[1],
                    f"{name(m.organisations[0])} / {name(m.organisations[1])}",
                    self.masked(m.cases),
                ),
            ),
        )

    def fragmented_presence(self) -> SharedTable | None:
        found = self.diagnosis.cases
        if found is None:
            return None
        name = self.network.name
        return SharedTable(
            self.h("organisation", "name", "fragmented", "all_cases"),
            _rows(
                found.fragmented_presence,
                lambda p: (p[0], name(p[0]), self.masked(p[1]), self.masked(p[2])),
            ),
        )

    def quality(self, validation: ValidationReport) -> SharedTable:
        lang = self.lang
        return SharedTable(
            self.h("file", "line", "column", "severity", "code", "message"),
            [
                (
                    p.file,
                    p.line,
                    p.column,
                    self.value(p.severity),
                    p.code,
                    p.text(lang),
                )
                for p in validation.problems
            ],
        )


def _rows(items: Sequence[Any] | range, row: Callable[[Any], tuple[Any, ...]]) -> list[Any]:
    return [row(item) for item in items]
