"""The import use cases: a data folder started from national sources (data·inclusion, FINESS),
gathered from the collection workbooks partners sent back, or synthesised on the real
communes.

Reading gives the dataset and every problem found, in words (:meth:`Imported.problems`),
so that a front end shows them before anything is refused. The folder's files are then
given by path (an empty import refused), for the front end to write at once; once written,
:func:`imported_summary` validates it and says so (:class:`Outcome`). Only the synthetic
folder (a tool for benchmarks and demonstrations) is written here.

Examples:
    >>> import pathlib, tempfile
    >>> from partenariat.io.template import collection_workbook
    >>> from partenariat.network import Network
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> network = Network.from_path("examples/melun-val-de-seine")
    >>> _ = (folder / "a.xlsx").write_bytes(collection_workbook(network))
    >>> gathered = gather_workbooks([folder / "a.xlsx"], lang="en")
    >>> gathered.merged.conflicts, gathered.error
    ((), None)
    >>> sorted(path.name for path in gathered_files(gathered, folder / "data"))[:2]
    ['links.csv', 'organisations.csv']
    >>> print(gathered_summary(gathered, folder / "data", lang="en"))
    1 workbook merged into ...data: 40 organisations, 65 links, ... services
    >>> imported = Imported(network.dataset, ValidationReport(counts={"structures": 40}))
    >>> from partenariat.output import write_safely
    >>> _ = write_safely(import_files(imported, folder / "copy"))
    >>> print(*imported_summary(imported, folder / "copy", lang="en").lines, sep="\\n")
    imported 40 structures into ...copy (0 problems listed above and in import-report.json)
    valid: 0 errors, ... warnings
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from partenariat.errors import PartenariatError
from partenariat.i18n import Lang, t
from partenariat.model import Dataset
from partenariat.problems import ValidationReport

if TYPE_CHECKING:
    from partenariat.io.merge import Merged

#: The file of the import's problems, next to the data it wrote.
IMPORT_REPORT = "import-report.json"


def refusal(key: str, **values: object) -> PartenariatError:
    """The error of message ``key`` (see :data:`partenariat.i18n.MESSAGES`), in English
    with its French.

    >>> refusal("nothing_imported").text("fr")
    "rien n'a pu être importé"
    """
    return PartenariatError(t(key, "en", **values), french=t(key, "fr", **values))


@dataclass(frozen=True)
class Outcome:
    """What a use case says once it has written (``lines``, to show in that order) and,
    when it must end in failure all the same, why (``error``, to raise after the lines)."""

    lines: tuple[str, ...] = ()
    error: PartenariatError | None = None


@dataclass(frozen=True)
class Imported:
    """A dataset read from national sources and the report of every problem of the import.

    ``rows_lost_fail``: rows that could not be imported make the import fail once the
    folder holds the others (FINESS)."""

    dataset: Dataset
    report: ValidationReport
    rows_lost_fail: bool = False

    def problems(self, lang: Lang = "fr") -> tuple[str, ...]:
        """Every problem of the import, one line each."""
        return tuple(problem.render(lang) for problem in self.report.problems)


def from_datainclusion(sources: Sequence[str | Path]) -> Imported:
    """Read data·inclusion structures and services (schema v1 or v0): JSON from the API,
    CSV exports, or the official spreadsheet template."""
    from partenariat.io.datainclusion import import_datainclusion

    dataset, report = import_datainclusion(list(sources))
    return Imported(dataset, report)


def from_finess(
    *,
    legal_entities: Path | None = None,
    establishments: Path | None = None,
    relations: Path | None = None,
    groupings: Path | None = None,
    include_closed: bool = False,
) -> Imported:
    """Read FINESS extracts: establishments and legal entities become organisations,
    management and grouping membership become links. A row that cannot be imported makes
    the import fail once the others are written."""
    from partenariat.io.finess import import_finess

    dataset, report = import_finess(
        legal_entities=legal_entities,
        establishments=establishments,
        relations=relations,
        groupings=groupings,
        include_closed=include_closed,
    )
    return Imported(dataset, report, rows_lost_fail=True)


def import_files(imported: Imported, output: Path, *, excel: bool = False) -> dict[Path, bytes]:
    """The imported folder's files and its ``import-report.json``, by path (nothing is
    written). Raises :class:`PartenariatError` when nothing could be imported."""
    from partenariat.io.write import folder_files
    from partenariat.jsonout import dumps_bytes

    if not imported.dataset.organisations:
        raise refusal("nothing_imported")
    files = folder_files(imported.dataset, output, excel=excel)
    files[output / IMPORT_REPORT] = dumps_bytes(imported.report.to_json_dict())
    return files


def imported_summary(imported: Imported, output: Path, *, lang: Lang = "fr") -> Outcome:
    """What was imported into the folder ``output`` (once written), and the verdict of its
    validation; the error of an import that lost rows (FINESS), if any."""
    from partenariat.export.validation import verdict
    from partenariat.io.folder import validate

    report = imported.report
    counts = ", ".join(f"{value} {key}" for key, value in sorted(report.counts.items()))
    said = t(
        "imported", lang, counts=counts, folder=output.resolve(), problems=len(report.problems)
    )
    error = None
    if imported.rows_lost_fail and not report.valid:
        error = refusal("finess_rows_lost", n=len(report.errors))
    return Outcome((said, verdict(validate(output), lang)), error)


@dataclass(frozen=True)
class Gathered:
    """Collection workbooks merged: the merge (see :class:`partenariat.io.merge.Merged`),
    what to show (every problem, then every conflict with the values of each workbook),
    the conflicts as a CSV table, and why the folder must not be written (``error``)."""

    merged: Merged
    lines: tuple[str, ...]
    conflicts_table: bytes
    error: PartenariatError | None = None


def gather_workbooks(
    workbooks: Sequence[str | Path],
    *,
    on_conflict: Literal["stop", "first", "last"] = "stop",
    lang: Lang = "fr",
    excel: bool = True,
) -> Gathered:
    """Merge the collection workbooks partners sent back: each is checked like any data;
    an organisation, link or service given different values by two workbooks is a
    conflict, listed with the values of each, never settled silently (``on_conflict``:
    stop, or keep the first or last workbook's value). The conflicts table is CSV for
    French Excel when ``excel``."""
    from partenariat.export.tables import csv_bytes
    from partenariat.io.merge import merge_workbooks

    merged = merge_workbooks(workbooks, on_conflict=on_conflict)
    lines = [problem.render(lang) for problem in merged.report.by_cause()]
    rows: list[list[str]] = []
    for conflict in merged.conflicts:
        table, column = conflict.words(lang)
        values = " ; ".join(f"{name} : « {value} »" for name, value in conflict.values)
        lines.append(
            t("conflict", lang, table=table, item=conflict.key, column=column, values=values)
        )
        rows += [[table, conflict.key, column, name, value] for name, value in conflict.values]
    headers = [t(f"conflict_{word}", lang) for word in ("table", "key", "column", "file", "value")]
    error = None
    if not merged.report.valid:
        error = refusal("workbooks_invalid", count=len(merged.report.errors))
    elif merged.conflicts and on_conflict == "stop":
        error = refusal("conflicts_stop", count=len(merged.conflicts))
    return Gathered(merged, tuple(lines), csv_bytes((headers, rows), excel=excel), error)


def gathered_files(gathered: Gathered, output: Path, *, excel: bool = True) -> dict[Path, bytes]:
    """The merged folder's files, by path (nothing is written). Raises the gathering's
    error (errors in the workbooks, or conflicts left to the coordinator)."""
    from partenariat.io.write import folder_files

    if gathered.error is not None:
        raise gathered.error
    return folder_files(gathered.merged.dataset, output, excel=excel)


def gathered_summary(gathered: Gathered, output: Path, *, lang: Lang = "fr") -> str:
    """How many workbooks were merged into ``output``, and how much the folder holds."""
    merged = gathered.merged
    counts = merged.dataset.counts()
    return t(
        "merged",
        lang,
        n=len(merged.sources),
        organisations=counts["organisations"],
        links=counts["links"],
        services=counts["services"],
        folder=output.resolve(),
    )


def synthetic_folder(
    organisations: int,
    output: Path,
    *,
    seed: int = 0,
    scope: str | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Write a realistic synthetic data folder of ``organisations`` on the real communes of
    ``scope`` (a département or région code; default: all France); the same ``seed``
    gives the same folder. Raises :class:`ValueError` for a scope without communes.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "synth"
    >>> [path.name for path in synthetic_folder(20, folder, seed=1, scope="77")]
    ['organisations.csv', 'links.csv', 'interventions.csv']
    """
    from partenariat.synth import write_synthetic

    return write_synthetic(organisations, output, seed=seed, overwrite=overwrite, scope=scope)
