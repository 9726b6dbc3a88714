"""``partenariat import``: a data folder started from national sources (``datainclusion``,
``finess``) or gathered from the collection workbooks partners sent back (``workbook``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from partenariat.cli import options as o
from partenariat.cli.main import cli
from partenariat.cli.run import reading, run, say, write_files

if TYPE_CHECKING:
    from partenariat.app.imports import Imported, Outcome

#: Each source file of an import.
SOURCE = click.Path(exists=True, dir_okay=False, path_type=Path)
#: ``-o``: the data folder an import writes.
FOLDER = o.output("The data folder to write.", required=True, kind="folder")
#: Replace the files of the folder.
REPLACE = click.option(
    "--force", is_flag=True, help="Replace the files of the folder if they exist."
)
#: CSV for French Excel.
EXCEL = click.option("--excel", is_flag=True, help="Write CSV for French Excel (';', UTF-8 BOM).")


def tell(outcome: Outcome) -> None:
    """Show what a use case says, then fail with its error when it has one (exit 1)."""
    for line in outcome.lines:
        click.echo(line)
    if outcome.error is not None:
        raise outcome.error


def _write_import(imported: Imported, output: Path, force: bool, excel: bool) -> None:
    """List every problem of the import, then write the folder and say the verdict."""
    from partenariat.app.imports import import_files, imported_summary

    lang = run().lang
    for line in imported.problems(lang):
        click.echo(line)
    write_files(import_files(imported, output, excel=excel), force)
    tell(imported_summary(imported, output, lang=lang))


@cli.group(name="import")
def import_group() -> None:
    """Start a data folder from national sources (data·inclusion, FINESS) or gather the
    collection workbooks partners sent back.

    Example:

        partenariat import datainclusion structures.json services.json -o mon-dossier
    """


@import_group.command(name="datainclusion")
@click.argument("sources", nargs=-1, required=True, type=SOURCE)
@FOLDER
@EXCEL
@REPLACE
def import_datainclusion_command(
    sources: tuple[Path, ...], output: Path, excel: bool, force: bool
) -> None:
    """Import data·inclusion structures and services (schema v1 or v0): JSON from the API,
    CSV exports, or the official spreadsheet template. Every value outside the schema's
    referentials is reported with its file, row and column.

    Example:

        partenariat import datainclusion structures.json services.json -o mon-dossier
    """
    from partenariat.app.imports import from_datainclusion

    reading(sources)
    _write_import(from_datainclusion(sources), output, force, excel)


@import_group.command(name="workbook")
@click.argument("workbooks", nargs=-1, required=True, type=SOURCE)
@FOLDER
@click.option(
    "--on-conflict",
    type=click.Choice(["stop", "first", "last"]),
    default="stop",
    show_default=True,
    help="When workbooks give an organisation (link, service) different values: stop and "
    "list them, or keep the first or the last workbook's value (they are listed anyway).",
)
@click.option(
    "--conflicts",
    "conflicts_output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the conflicts as a CSV table (for example conflits.csv).",
)
@click.option("--plain-csv", is_flag=True, help="Write plain CSV (comma, no BOM).")
@REPLACE
def import_workbook_command(
    workbooks: tuple[Path, ...],
    output: Path,
    on_conflict: str,
    conflicts_output: Path | None,
    plain_csv: bool,
    force: bool,
) -> None:
    """Gather the collection workbooks partners sent back into one data folder. Each is
    checked like any data; an organisation, link or service given different values by two
    workbooks is a conflict, listed with the values of each, never settled silently.

    Example:

        partenariat import workbook retours/*.xlsx -o mon-dossier
    """
    from partenariat.app.imports import gather_workbooks, gathered_files, gathered_summary

    lang, excel = run().lang, not plain_csv
    reading(workbooks)
    gathered = gather_workbooks(
        workbooks,
        on_conflict=on_conflict,  # type: ignore[arg-type]  # a choice of --on-conflict
        lang=lang,
        excel=excel,
    )
    for line in gathered.lines:
        click.echo(line)
    conflicts: dict[Path, str | bytes] = (
        {conflicts_output: gathered.conflicts_table} if conflicts_output is not None else {}
    )
    if gathered.error is not None:  # the conflicts still written: to settle them
        write_files(conflicts, force)
        raise gathered.error
    write_files({**conflicts, **gathered_files(gathered, output, excel=excel)}, force)
    click.echo(gathered_summary(gathered, output, lang=lang))


@import_group.command(name="finess")
@click.option(
    "--legal-entities",
    "--ej",
    "legal_entities",
    default=None,
    type=SOURCE,
    help="Legal entities (nofinessej, raison_sociale_longue, cog_commune...).",
)
@click.option(
    "--establishments",
    "--et",
    "establishments",
    default=None,
    type=SOURCE,
    help="Establishments (nofinesset, nofinessej, raison_sociale_longue...).",
)
@click.option("--relations", default=None, type=SOURCE, help="Relations between establishments.")
@click.option("--groupings", default=None, type=SOURCE, help="Groupings (GCC) and their members.")
@click.option("--include-closed", is_flag=True, help="Keep closed entities.")
@FOLDER
@EXCEL
@REPLACE
def import_finess_command(
    legal_entities: Path | None,
    establishments: Path | None,
    relations: Path | None,
    groupings: Path | None,
    include_closed: bool,
    output: Path,
    excel: bool,
    force: bool,
) -> None:
    """Import FINESS extracts: establishments and legal entities become organisations,
    management and grouping membership become links.

    Example:

        partenariat import finess --ej entites.csv --et etablissements.csv -o finess
    """
    from partenariat.app.imports import from_finess

    if legal_entities is None and establishments is None:
        raise click.UsageError(say("finess_needs_source"))
    reading(p for p in (legal_entities, establishments, relations, groupings) if p is not None)
    imported = from_finess(
        legal_entities=legal_entities,
        establishments=establishments,
        relations=relations,
        groupings=groupings,
        include_closed=include_closed,
    )
    _write_import(imported, output, force, excel)
