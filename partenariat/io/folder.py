"""Load a data folder (or a workbook) into a validated :class:`~partenariat.model.Dataset`.

One pass reads every table and reports *every* problem, each located by file, line and
column. :func:`load` raises :class:`~partenariat.errors.InputError` when there is an error;
:func:`validate` only returns the report.

Examples:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "organisations.csv").write_text("id;nom\\nA;CCAS\\nB;CAF\\n")
    >>> _ = (folder / "liens.csv").write_text("source;cible\\nA;B\\nA;Z\\n")
    >>> report = validate(folder)
    >>> [p.render() for p in report.errors]
    ['liens.csv:3: error unknown-organisation: no organisation has the id "Z" (column cible)']
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from partenariat.columns import (
    ORGANISATION_SCHEMA,
    InterventionColumns,
    LinkColumns,
    OrganisationColumns,
)
from partenariat.errors import InputError
from partenariat.i18n import fq
from partenariat.io.columnar import Located, read_interventions, read_links
from partenariat.io.frames import TableLike, discover_tables
from partenariat.io.organisations import read_organisations
from partenariat.io.rows import BoundTable, Row, bind
from partenariat.io.schema import TABLES, TEXT_EXTENSIONS, table_for_file_stem
from partenariat.io.tables import RawTable, read_csv_file, read_file, table_from_rows
from partenariat.io.values import looks_mangled, mangled_problem, parse_date
from partenariat.model import (
    LEVELS,
    Dataset,
    Link,
    Organisation,
    Response,
    Service,
    Territory,
)
from partenariat.perf import without_gc
from partenariat.problems import ProblemCollector, Said, ValidationReport, hinted
from partenariat.staleness import STALE_AFTER_YEARS, years_before
from partenariat.text import fold

if TYPE_CHECKING:
    from partenariat.reference import Resolution

M = TypeVar("M", Organisation, Service)

WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm")


#: What the reader reads: the path of a data folder or a workbook, or a mapping of table
#: name to a table in memory (see :mod:`partenariat.io.frames`).
Source = str | Path | Mapping[str, TableLike]


def validate(
    path: Source, *, today: dt.date | None = None, stale_after: int | None = None
) -> ValidationReport:
    """Every problem of the folder or workbook at ``path`` (or of the tables in memory it
    maps, see :mod:`partenariat.io.frames`), never raising on bad data; ``stale_after``:
    the years without update after which an entry is stale (default 2)."""
    return read(path, today=today, stale_after=stale_after)[1]


def load(path: Source, *, today: dt.date | None = None) -> Dataset:
    """The validated dataset at ``path`` (a folder, a workbook or a mapping of tables in
    memory); raises :class:`InputError` if there is any error."""
    dataset, report = read(path, today=today)
    if not report.valid:
        raise InputError(report)
    return dataset


def read(
    path: Source,
    *,
    today: dt.date | None = None,
    stale_after: int | None = None,
) -> tuple[Dataset, ValidationReport]:
    """The dataset of the valid rows, and the report of every problem (``stale_after``: see
    :func:`validate`).

    Each input file is read once: the report's ``sources`` are the name and SHA-256 of the
    very bytes read (see :attr:`~partenariat.problems.ValidationReport.sources`).

    ``path`` may also be a mapping of table name to a pandas or polars DataFrame or a list
    of dicts: its tables are read by the same rules, each problem located in the table
    named as given, and ``sources`` are the SHA-256 of each table's canonical CSV text (see
    :mod:`partenariat.io.frames`). Raises :class:`TypeError` for a table of another type.
    """
    # The reader still makes a record per organisation, service and territory (and the
    # bundled reference's 36,000 territories): none forms a cycle, yet each collection of
    # the cyclic garbage collector walks them all again (1.2 s of a national folder's 3.5 s).
    with without_gc():
        return _read(
            path,
            today=today,
            stale_after=stale_after or STALE_AFTER_YEARS,
        )


def _read(
    path: Source,
    *,
    today: dt.date | None,
    stale_after: int,
) -> tuple[Dataset, ValidationReport]:
    out = ProblemCollector()
    sources: dict[str, str] = {}
    if isinstance(path, Mapping):
        raws = discover_tables(path, out, sources)
    else:
        raws = _discover(Path(path), out, sources)
    reader = _Reader(out, today or dt.date.today(), stale_after)
    dataset = reader.read(raws)
    counts = dataset.counts()
    report = out.report()
    counts["errors"] = len(report.errors)
    counts["warnings"] = len(report.warnings)
    return dataset, out.report(counts, sources=tuple(sorted(sources.items())))


# ---------------------------------------------------------------------------- discovery


def input_paths(path: str | Path) -> list[Path]:
    """The files the reader reads at ``path``: the workbook, or the folder's files named
    like a table of the format (other files are ignored, never read). Their fingerprints
    are the report's ``sources``: nothing need open them again."""
    path = Path(path)
    if path.is_file():
        return [path] if path.suffix.lower() in WORKBOOK_EXTENSIONS else []
    if not path.is_dir():
        return []
    return [
        entry
        for entry in sorted(path.iterdir())
        if entry.is_file()
        and not entry.name.startswith(("~$", "."))
        and entry.suffix.lower() in TEXT_EXTENSIONS
        and table_for_file_stem(entry.stem) is not None
    ]


def _discover(path: Path, out: ProblemCollector, sources: dict[str, str]) -> dict[str, RawTable]:
    """The raw tables at ``path``; ``sources`` gets the SHA-256 of each file read, by name."""
    if path.is_dir():
        return _discover_folder(path, out, sources)
    if path.is_file() and path.suffix.lower() in WORKBOOK_EXTENSIONS:
        return _discover_workbook(path, out, sources)
    if path.is_file():
        out.add(
            path.name,
            None,
            None,
            "unreadable-file",
            (
                "donner un dossier de fichiers CSV ou un classeur .xlsx, pas un fichier seul",
                "give a folder of CSV files or an .xlsx workbook, not a single file",
            ),
        )
    else:
        out.add(
            str(path),
            None,
            None,
            "missing-file",
            ("ce dossier ou ce classeur n'existe pas", "no such folder or workbook"),
        )
    return {}


def _discover_folder(
    folder: Path, out: ProblemCollector, sources: dict[str, str]
) -> dict[str, RawTable]:
    found: dict[str, list[Path]] = defaultdict(list)
    known_stems = [name for spec in TABLES.values() for name in spec.files]
    for entry in sorted(folder.iterdir()):
        if not entry.is_file() or entry.name.startswith(("~$", ".")):
            continue
        if entry.suffix.lower() not in TEXT_EXTENSIONS:
            continue
        spec = table_for_file_stem(entry.stem)
        if spec is None:
            close = difflib.get_close_matches(fold(entry.stem), known_stems, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}.csv?" if close else ""
            indice = f"\u00a0; vouliez-vous dire {close[0]}.csv\u00a0?" if close else ""
            out.add(
                entry.name,
                None,
                None,
                "unknown-file",
                (f"pas une table du format{indice}", f"not a table of the format{hint}"),
            )
        else:
            found[spec.name].append(entry)
    raws: dict[str, RawTable] = {}
    for name, paths in found.items():
        if len(paths) > 1:
            out.add(
                paths[1].name,
                None,
                None,
                "ambiguous-file",
                (
                    f"{paths[0].name} et {paths[1].name} contiennent tous deux la table {name}",
                    f"{paths[0].name} and {paths[1].name} both hold the {name} table",
                ),
            )
            continue
        result = read_csv_file(paths[0])
        if result.sha256 is not None:
            sources[paths[0].name] = result.sha256
        for problem in result.problems:
            said = (problem.message_fr or problem.message, problem.message)
            out.add(paths[0].name, problem.line, None, problem.code, said)
        if result.table is not None:
            raws[name] = result.table
    _report_missing(raws, found, out, folder)
    return raws


def _discover_workbook(
    path: Path, out: ProblemCollector, sources: dict[str, str]
) -> dict[str, RawTable]:
    from partenariat.io.workbook import UnreadableWorkbook, open_workbook, rows

    raws: dict[str, RawTable] = {}
    found: dict[str, list[Path]] = defaultdict(list)
    try:
        data, sources[path.name] = read_file(path)
    except OSError as error:
        out.add(
            path.name,
            None,
            None,
            "unreadable-file",
            (
                f"classeur illisible ({error.strerror})",
                f"not a readable workbook ({error.strerror})",
            ),
        )
        return {}
    try:
        with open_workbook(data) as workbook:
            for sheet in workbook.worksheets:
                spec = table_for_file_stem(sheet.title)
                if spec is None:
                    continue
                label = f"{path.name}[{sheet.title}]"
                found[spec.name].append(Path(label))
                if spec.name in raws:
                    out.add(
                        label,
                        None,
                        None,
                        "ambiguous-file",
                        (
                            f"deux feuilles contiennent la table {spec.name}",
                            f"two sheets hold the {spec.name} table",
                        ),
                    )
                    continue
                try:
                    table = table_from_rows(label, rows(sheet))
                except UnreadableWorkbook as error:
                    out.add(label, None, None, "unreadable-file", (error.text("fr"), str(error)))
                    continue
                if table is None:
                    out.add(
                        label,
                        None,
                        None,
                        "empty-file",
                        (
                            "la feuille est vide\u00a0: aucune ligne d'en-tête",
                            "the sheet is empty: no header line",
                        ),
                    )
                else:
                    raws[spec.name] = table
    except UnreadableWorkbook as error:
        out.add(path.name, None, None, "unreadable-file", (error.text("fr"), str(error)))
        return {}
    _report_missing(raws, found, out, path)
    return raws


def _report_missing(
    raws: dict[str, RawTable], found: dict[str, list[Path]], out: ProblemCollector, where: Path
) -> None:
    for spec in TABLES.values():
        if spec.required and spec.name not in found:
            names = " or ".join(f"{name}.csv" for name in spec.files[:2])
            noms = " ou ".join(f"{name}.csv" for name in spec.files[:2])
            if where.suffix.lower() in WORKBOOK_EXTENSIONS:
                names = " or ".join(f"a sheet {name!r}" for name in spec.files[:2])
                noms = " ou ".join(f"une feuille {fq(name)}" for name in spec.files[:2])
            out.add(
                where.name,
                None,
                None,
                "missing-file",
                (f"{noms} est obligatoire", f"{names} is required"),
            )


# ---------------------------------------------------------------------------- reading


class _Reader:
    """Reads every table, then checks what ties them together."""

    def __init__(
        self,
        out: ProblemCollector,
        today: dt.date,
        stale_after: int,
    ) -> None:
        self.out = out
        self.today = today
        self.stale_after = stale_after
        self.stale_before = years_before(today, stale_after)
        self._tables: dict[str, BoundTable] = {}
        self._explanations: dict[str, Said] = {}

    def read(self, raws: dict[str, RawTable]) -> Dataset:
        tables = {name: bind(raw, TABLES[name], self.out) for name, raw in raws.items()}
        self._tables = tables
        territories = self._territories(tables.get("territories"))
        organisations, extra_headers = self._organisations(tables.get("organisations"))
        services = self._services(tables.get("services"))
        readable = "organisations" in tables and tables["organisations"].complete
        # Without a readable organisations table every reference would be "unknown": the
        # table's own problem is the cause, reported alone.
        org_ids = set(organisations["id"].to_list()) if readable else None
        links = self._links(tables.get("links"), org_ids)
        interventions = self._interventions(tables.get("interventions"), org_ids)
        responses = self._responses(tables.get("responses"), org_ids)
        if org_ids is not None:
            self._check_references(services, org_ids)
        if "territories" in tables:
            self._check_territory_codes(organisations, services, territories)
            territory_models = tuple(t for _, t in territories)
        else:
            organisations, services, territory_models = self._use_reference(organisations, services)
        self._check_coverage_inputs(organisations, services)
        return Dataset(
            organisations=OrganisationColumns(organisations.drop("__line"), extra_headers),
            links=links,
            territories=territory_models,
            services=tuple(s for _, s in services),
            interventions=interventions,
            responses=responses,
        )

    # -- tables ------------------------------------------------------------------

    def _organisations(self, table: BoundTable | None) -> tuple[pl.DataFrame, tuple[str, ...]]:
        """The organisations as columns with their ``__line`` (none when the table is
        missing or lacks a required column), and the headers outside the format."""
        if table is None or not table.complete:
            return _no_organisations(), ()
        return read_organisations(
            table, stale_before=self.stale_before, stale_message=self._stale_message
        )

    def _stale_message(self, name: str, updated: dt.date) -> Said:
        return (
            f"{fq(name)} a été mise à jour le {updated:%d/%m/%Y}, il y a plus de "
            f"{_years_fr(self.stale_after)}",
            f"{name!r} was last updated on {updated.isoformat()}, more than "
            f"{_years_en(self.stale_after)} ago",
        )

    def _territories(self, table: BoundTable | None) -> list[tuple[int, Territory]]:
        result: list[tuple[int, Territory]] = []
        if table is None or not table.complete:
            return result
        first_line: dict[str, int] = {}
        for row in table.rows():
            code, name = row.required("code"), row.required("name")
            population = row.number("population", minimum=0, integer=True)
            if code is None or name is None or not self._unique(row, "code", code, first_line):
                continue
            result.append(
                (
                    row.line,
                    Territory.model_construct(
                        code=code,
                        name=name,
                        parents=row.list("parent"),
                        level=row.text("level"),
                        population=None if population is None else int(population),
                        extra=row.extra(),
                    ),
                )
            )
        self._check_territory_tree(table, result)
        return result

    def _services(self, table: BoundTable | None) -> list[tuple[int, Service]]:
        result: list[tuple[int, Service]] = []
        if table is None or not table.complete:
            return result
        for row in table.rows():
            org, name = row.required("organisation"), row.required("name")
            if org is None or name is None:
                continue
            result.append(
                (
                    row.line,
                    Service.model_construct(
                        organisation=org,
                        name=name,
                        fields=row.list("fields"),
                        publics=row.list("publics"),
                        territories=row.list("territories"),
                        id=row.text("id"),
                        description=row.text("description"),
                        extra=row.extra(),
                    ),
                )
            )
        return result

    def _links(self, table: BoundTable | None, org_ids: set[str] | None) -> LinkColumns:
        if table is None or not table.complete:
            return LinkColumns.from_records(())
        return read_links(table, org_ids, _zero_hint)

    def _interventions(
        self, table: BoundTable | None, org_ids: set[str] | None
    ) -> InterventionColumns:
        if table is None or self._refuse_personal_data(table) or not table.complete:
            return InterventionColumns.from_records(())
        return read_interventions(table, org_ids, _zero_hint)

    def _responses(
        self, table: BoundTable | None, org_ids: set[str] | None
    ) -> tuple[Response, ...]:
        """The survey's answers: known organisations, levels 1-5 (or their names), trust and
        value 1-4; an empty partner is an answer "no partner"."""
        if table is None or not table.complete:
            return ()
        found: list[Response] = []
        seen: dict[tuple[str, str | None], int] = {}
        for row in table.rows():
            respondent = row.required("respondent")
            partner = row.text("partner")
            level = _level(row)
            trust = row.number("trust", minimum=1, maximum=4, integer=True, code="invalid-rating")
            value = row.number("value", minimum=1, maximum=4, integer=True, code="invalid-rating")
            date = row.date("date")
            if respondent is None:
                continue
            known = [
                self._known_organisation(row, column, org, org_ids)
                for column, org in (("respondent", respondent), ("partner", partner))
                if org is not None
            ]
            if not all(known):
                continue
            if partner == respondent:
                row.add(
                    "partner",
                    "self-named",
                    (
                        f"{fq(respondent)} se cite comme son propre partenaire\u00a0: "
                        "réponse ignorée",
                        f"{respondent!r} names itself as its partner: answer ignored",
                    ),
                )
                continue
            key = (respondent, partner)
            if key in seen:
                row.add(
                    "partner",
                    "duplicate-answer",
                    (
                        f"{fq(respondent)} a déjà répondu pour {fq(partner or '—')} à la ligne "
                        f"{seen[key]}\u00a0: seule la première réponse compte",
                        f"{respondent!r} already answered for {partner or '—'!r} on line "
                        f"{seen[key]}: only the first answer counts",
                    ),
                )
                continue
            seen[key] = row.line
            found.append(
                Response.model_construct(
                    respondent=respondent,
                    partner=partner,
                    level=level,
                    trust=None if trust is None else int(trust),
                    value=None if value is None else int(value),
                    frequency=row.text("frequency"),
                    date=date,
                    extra=row.extra(),
                )
            )
        return tuple(found)

    def _known_organisation(
        self, row: Row, column: str, org: str, org_ids: set[str] | None
    ) -> bool:
        if org_ids is None or org in org_ids:
            return True
        row.add(
            column,
            "unknown-organisation",
            hinted(
                f"aucune organisation n'a l'identifiant {fq(org)}",
                f'no organisation has the id "{org}"',
                _zero_hint(org, org_ids),
            ),
        )
        return False

    # -- checks ------------------------------------------------------------------

    def _unique(self, row: Row, column: str, value: str, first_line: dict[str, int]) -> bool:
        if looks_mangled(value):
            row.add(
                column,
                "mangled-identifier",
                mangled_problem(value),
            )
        if value in first_line:
            row.add(
                column,
                "duplicate-id",
                (
                    f"{fq(value)} est déjà défini à la ligne {first_line[value]}",
                    f"{value!r} is already defined on line {first_line[value]}",
                ),
            )
            return False
        first_line[value] = row.line
        return True

    def _refuse_personal_data(self, table: BoundTable) -> bool:
        """Refuse a case file with a column naming, or holding, personal identifiers."""
        from partenariat.io.personal import header_is_personal

        refused = False
        for header in table.raw.header:
            if header and header_is_personal(header):
                self.out.add(
                    table.label,
                    table.raw.header_line,
                    header,
                    "personal-data-column",
                    (
                        f"{fq(header)} ressemble à un identifiant direct de personne\u00a0; les "
                        "fichiers de situations doivent être anonymisés\u00a0: retirer la "
                        "colonne (une situation est désignée par un pseudonyme)",
                        f"{header!r} looks like a direct identifier of a person; case files "
                        "must be anonymised: remove the column (cases are situations, "
                        "named by a pseudonym)",
                    ),
                )
                refused = True
        return self._refuse_personal_values(table) or refused

    def _refuse_personal_values(self, table: BoundTable) -> bool:
        from partenariat.io.personal import (
            looks_like_birth_date,
            looks_like_nir,
            looks_like_phone,
        )

        dated = {table.index.get("start"), table.index.get("end")}
        refused = False
        for position, header in enumerate(table.raw.header):
            kinds: list[tuple[str, Callable[[str], bool]]] = [
                ("social security numbers", looks_like_nir),
                ("phone numbers", looks_like_phone),
            ]
            if position not in dated:
                kinds.append(
                    ("birth dates", lambda v: looks_like_birth_date(parse_date(v), self.today))
                )
            found = _first_matching(table, position, kinds)
            if found is not None:
                line, kind = found
                self.out.add(
                    table.label,
                    line,
                    header or None,
                    "personal-data-column",
                    (
                        f"cette colonne contient des valeurs qui ressemblent à des "
                        f"{_PERSONAL_FR[kind]} (la première sur cette ligne)\u00a0: les fichiers "
                        "de situations ne doivent contenir aucune donnée personnelle\u00a0; "
                        "les retirer",
                        f"this column holds values that look like {kind} (first on this "
                        "line): case files must hold no personal data; remove them",
                    ),
                )
                refused = True
        return refused

    def _check_territory_tree(self, table: BoundTable, items: list[tuple[int, Territory]]) -> None:
        codes = {t.code for _, t in items}
        tree: dict[str, list[str]] = {}
        lines = {t.code: line for line, t in items}
        for line, territory in items:
            tree.setdefault(territory.code, [])
            for parent in territory.parents:
                if parent not in codes:
                    self.out.add(
                        table.label,
                        line,
                        table.headers.get("parent"),
                        "unknown-parent",
                        hinted(
                            f"le parent {fq(parent)} de {fq(territory.code)} n'est pas un "
                            "territoire",
                            f"parent {parent!r} of {territory.code!r} is not a territory",
                            _zero_hint(parent, codes),
                        ),
                    )
                else:
                    tree[territory.code].append(parent)
        for component in strongly_connected(tree):
            looped = len(component) > 1 or any(c in tree[c] for c in component)
            if looped:
                cycle = " -> ".join(sorted(component))
                for code in sorted(component):
                    self.out.add(
                        table.label,
                        lines[code],
                        table.headers.get("parent"),
                        "territory-cycle",
                        (
                            f"{fq(code)} est son propre ancêtre ({cycle})",
                            f"{code!r} is its own ancestor ({cycle})",
                        ),
                    )

    def _check_references(self, services: list[tuple[int, Service]], org_ids: set[str]) -> None:
        checks: list[tuple[str, Iterable[tuple[int, str, str]]]] = [
            ("services", ((line, "organisation", x.organisation) for line, x in services)),
        ]
        for table_name, refs in checks:
            for line, column, org_id in refs:
                if org_id not in org_ids:
                    self._add_at(
                        table_name,
                        line,
                        column,
                        "unknown-organisation",
                        hinted(
                            f"aucune organisation n'a l'identifiant {fq(org_id)}",
                            f'no organisation has the id "{org_id}"',
                            _zero_hint(org_id, org_ids),
                        ),
                    )

    def _check_territory_codes(
        self,
        organisations: pl.DataFrame,
        services: list[tuple[int, Service]],
        territories: list[tuple[int, Territory]],
    ) -> None:
        codes = {t.code for _, t in territories}
        located: list[tuple[str, int, tuple[str, ...]]] = [
            *(("organisations", line, tuple(names)) for line, names in _named(organisations)),
            *(("services", line, s.territories) for line, s in services),
        ]
        for table_name, line, names in located:
            for code in names:
                if code not in codes:
                    self._add_at(
                        table_name,
                        line,
                        "territories",
                        "unknown-territory",
                        hinted(
                            f"{fq(code)} n'est pas dans le fichier des territoires",
                            f"{code!r} is not in the territory file",
                            _zero_hint(code, codes),
                        ),
                    )

    def _use_reference(
        self, organisations: pl.DataFrame, services: list[tuple[int, Service]]
    ) -> tuple[pl.DataFrame, list[tuple[int, Service]], tuple[Territory, ...]]:
        """Without a territory file, read codes and names against France's territories."""
        from partenariat.reference import resolve, study_subset

        resolved: dict[str, str | None] = {}
        for text in organisations["territories"].explode().drop_nulls().unique().to_list():
            resolved[text] = self._resolved(resolve(text), text)
        for line, names in _named(organisations):
            for text in names:
                if resolved[text] is None:
                    self._add_at(
                        "organisations",
                        line,
                        "territories",
                        "unknown-territory",
                        self._explanations[text],
                    )

        def codes_of(line: int, names: tuple[str, ...]) -> tuple[str, ...]:
            kept: list[str] = []
            for text in names:
                if text not in resolved:
                    resolved[text] = self._resolved(resolve(text), text)
                code = resolved[text]
                if code is None:
                    self._add_at(
                        "services",
                        line,
                        "territories",
                        "unknown-territory",
                        self._explanations[text],
                    )
                else:
                    kept.append(code)
            return tuple(dict.fromkeys(kept))

        new_services = [
            (line, _with_territories(svc, codes_of(line, svc.territories)))
            for line, svc in services
        ]
        organisations = organisations.with_columns(
            pl.col("territories")
            .list.eval(pl.element().replace_strict(resolved, default=None, return_dtype=pl.String))
            .list.drop_nulls()
            .list.unique(maintain_order=True)
        )
        used = {code for code in resolved.values() if code is not None}
        self._check_addresses(organisations)
        return organisations, new_services, study_subset(used) if used else ()

    def _resolved(self, found: Resolution, text: str) -> str | None:
        if found.code is None:
            self._explanations[text] = found.explained()
        return found.code

    def _check_addresses(self, organisations: pl.DataFrame) -> None:
        """Warn when an organisation names communes and its address's postcode belongs to
        none of them: often a postcode typed where the INSEE code belongs, or a commune
        code of a homonym."""
        from partenariat.reference import postcodes, reference

        addressed = organisations.filter(pl.col("address").is_not_null()).select(
            "__line",
            "name",
            "territories",
            postcode=pl.col("address")
            .str.extract_all(r"\d+")
            .list.eval(pl.element().filter(pl.element().str.len_chars() == 5))
            .list.last(),
        )
        addressed = addressed.filter(pl.col("postcode").is_not_null())
        if not addressed.height:
            return
        known = postcodes()
        for line, name, codes, postcode in addressed.iter_rows():
            communes = [code for code in codes if code in known]
            if not communes or any(postcode in known[code] for code in communes):
                continue
            named = ", ".join(f"{code} ({reference()[code].name})" for code in communes)
            self._add_at(
                "organisations",
                line,
                "territories",
                "territory-address-mismatch",
                (
                    f"l'adresse de {fq(name)} (code postal {postcode}) n'est dans aucune "
                    f"des communes nommées\u00a0: {named}\u00a0; vérifier les codes INSEE (un "
                    "code postal n'est pas un code INSEE)",
                    f"the address of {name!r} (postcode {postcode}) is in none of the "
                    f"communes it names: {named}; check the INSEE codes (a postcode is not "
                    "an INSEE code)",
                ),
            )

    def _check_coverage_inputs(
        self, organisations: pl.DataFrame, services: list[tuple[int, Service]]
    ) -> None:
        table = self._tables.get("organisations")
        if table is None:
            return
        located = Located(table, organisations)
        for column, code, words in (
            ("territories", "no-territory", ("aucun territoire", "no territory")),
            ("fields", "no-field", ("aucun domaine", "no field")),
        ):
            served = {s.organisation for _, s in services if getattr(s, column)}
            missing = (organisations[column].list.len() == 0) & ~organisations["id"].is_in(
                pl.Series(sorted(served), dtype=pl.String).implode()
            )
            located.add(missing, column, code, partial(_names_nothing, words))

    def _add_at(
        self, table_name: str, line: int, column: str, code: str, message: str | Said
    ) -> None:
        table = self._tables.get(table_name)
        label = table.label if table else f"{table_name}.csv"
        header = table.headers.get(column, column) if table else column
        self.out.add(label, line, header, code, message)


def _with_territories(item: M, codes: tuple[str, ...]) -> M:
    """``item`` (an organisation or a service) naming ``codes``; itself when unchanged."""
    if codes == item.territories:
        return item
    return item.model_copy(update={"territories": codes})


def _names_nothing(what: tuple[str, str], row: dict[str, Any]) -> Said:
    """An organisation naming no territory (no field), which coverage cannot count."""
    fr, en = what
    return (
        f"{fq(row['name'])} n'indique {fr}\u00a0: elle ne peut pas compter dans la couverture",
        f"{row['name']!r} names {en}: it cannot count in coverage",
    )


def _no_organisations() -> pl.DataFrame:
    return pl.DataFrame(schema={"__line": pl.Int64, **ORGANISATION_SCHEMA})


def _named(organisations: pl.DataFrame) -> Iterator[tuple[int, list[str]]]:
    """The line and the territories of each organisation naming some."""
    named = organisations.filter(pl.col("territories").list.len() > 0)
    yield from named.select("__line", "territories").iter_rows()


def _first_matching(
    table: BoundTable, position: int, kinds: list[tuple[str, Callable[[str], bool]]]
) -> tuple[int, str] | None:
    """The first line whose cell at ``position`` looks like one of ``kinds``. Only cells
    made of digits, spaces and separators can be a number or a date: they are picked out on
    the whole column at once, then each distinct one is tested."""
    raw = table.raw
    if raw.columns is not None:
        if position >= raw.columns.width:
            return None
        values = raw.columns.to_series(position)
    else:
        values = pl.Series(
            [cells[position] if position < len(cells) else "" for _, cells in raw.rows],
            dtype=pl.String,
        )
    shaped = values.str.contains(r"^\s*\+?[0-9AaBb][0-9AaBb\s.()/\-]{5,}\s*$")
    verdict = {
        value: next((kind for kind, test in kinds if test(value)), None)
        for value in values.filter(shaped).unique().to_list()
    }
    found = {value: kind for value, kind in verdict.items() if kind is not None}
    if not found:
        return None
    hits = values.is_in(pl.Series(list(found), dtype=pl.String).implode()).arg_true()
    first = int(hits[0])
    return raw.lines[first], str(found[values[first]])


def _level(row: Row) -> int | None:
    """A level of collaboration: 1 to 5, or its name (French or English, accents and case
    ignored, a leading number winning: ``3 - coordination``)."""
    text = row.text("level")
    if text is None:
        return None
    found = parse_level(text)
    if found is None:
        names = ", ".join(f"{n} {fr}" for n, (fr, _) in LEVELS.items())
        row.add(
            "level",
            "invalid-level",
            (
                f"{fq(text)} n'est pas un niveau de collaboration ({names})",
                f"{text!r} is not a level of collaboration (1 to 5, or networking, "
                "cooperation, coordination, coalition, collaboration)",
            ),
        )
    return found


def parse_level(text: str) -> int | None:
    """The level of collaboration ``text`` names, if any.

    >>> parse_level("3"), parse_level("Coopération"), parse_level("5 - collaboration")
    (3, 2, 5)
    >>> parse_level("Niveau 4"), parse_level("7"), parse_level("beaucoup")
    (4, None, None)
    """
    cleaned = fold(text)
    head = cleaned.split(" ", 1)[0].rstrip(".-)")
    if head.isdigit():
        number = int(head)
        return number if number in LEVELS else None
    if cleaned in {"reseautage", "reseau"}:
        return 1
    for number, names in LEVELS.items():
        if cleaned in {fold(n) for n in names}:
            return number
    digits = re.findall(r"\b([0-9]+)\b", cleaned)  # "niveau 3", "level 4"
    if len(digits) == 1 and int(digits[0]) in LEVELS:
        return int(digits[0])
    return None


_NUMBERS_FR = {1: "un an", 2: "deux ans", 3: "trois ans", 4: "quatre ans", 5: "cinq ans"}
_NUMBERS_EN = {1: "one year", 2: "two years", 3: "three years", 4: "four years", 5: "five years"}


def _years_fr(years: int) -> str:
    return _NUMBERS_FR.get(years, f"{years} ans")


def _years_en(years: int) -> str:
    return _NUMBERS_EN.get(years, f"{years} years")


def _link_key(link: Link) -> tuple[str, str, str | None]:
    if link.directed:
        return (link.source, link.target, link.type)
    low, high = sorted((link.source, link.target))
    return (low, high, link.type)


def _zero_hint(code: str, known: set[str]) -> Said:
    """Suggest the code Excel may have stripped of its leading zero(s), in French and
    English (empty when there is nothing to suggest)."""
    if code.isdigit():
        for width in range(len(code) + 1, len(code) + 3):
            candidate = code.zfill(width)
            if candidate in known:
                return (
                    f"\u00a0; vouliez-vous dire {fq(candidate)} (Excel retire les zéros en "
                    "tête)\u00a0?",
                    f"; did you mean {candidate!r} (Excel drops leading zeros)?",
                )
    return "", ""


#: The kinds of personal values, in French.
_PERSONAL_FR = {
    "social security numbers": "numéros de sécurité sociale",
    "phone numbers": "numéros de téléphone",
    "birth dates": "dates de naissance",
}


def strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` (node -> successors), by Tarjan's
    algorithm without recursion (a territory file may hold a long chain of parents).

    >>> sorted(map(sorted, strongly_connected({"a": ["b"], "b": ["a"], "c": ["a"]})))
    [['a', 'b'], ['c']]
    """
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in order:
            continue
        work = [(root, iter(graph[root]))]
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in order:
                    order[nxt] = low[nxt] = len(order)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], order[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == order[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found
