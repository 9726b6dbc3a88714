"""The partners' documents: ``directory`` (alias ``annuaire``), the collection workbook
(``template``) and the network for other tools (``export``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from partenariat.cli import options as o
from partenariat.cli.main import cli
from partenariat.cli.run import check_free, open_study, run, say, write_files, wrote


@cli.command(name="directory")
@o.DATA
@o.output(
    "The directory to write: annuaire.html (one offline page), annuaire.xlsx or "
    "annuaire.md (for a wiki)."
)
@click.option(
    "--stale",
    "stale_output",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the entries to update, with each organisation's contact, as a CSV "
    "for a mail merge (for example a-mettre-a-jour.csv).",
)
@click.option(
    "--stale-after",
    type=click.IntRange(min=1),
    default=None,
    help="Months without update after which an entry is to be updated (default: 24, or "
    "the study file's setting).",
)
@o.SCOPE
@click.option("--title", default=None, help="Title of the page.")
@o.today("Date of the directory (default: today).")
@click.option("--plain-csv", is_flag=True, help="--stale: plain CSV (comma, no BOM).")
@o.LANG
@o.FORCE
def directory_command(
    data: Path,
    output: Path | None,
    stale_output: Path | None,
    stale_after: int | None,
    scope: str | None,
    title: str | None,
    today: dt.date | None,
    plain_csv: bool,
    lang: str | None,
    force: bool,
) -> None:
    """Write the directory of the partners (alias: annuaire): who does what, where, for
    whom, and how to reach them — a card per organisation, a search, filters by commune,
    field and public, an index by field; printed, a booklet. With --stale, the entries to
    update and their contacts, for a mail merge.

    Example:

        partenariat directory examples/melun-val-de-seine -o annuaire.html --stale a-jour.csv
    """
    from partenariat.app.directory import DIRECTORY_FORMATS, directory_files

    if output is None and stale_output is None:
        raise click.UsageError(say("directory_needs_output"))
    if output is not None and output.suffix.lower() not in DIRECTORY_FORMATS:
        raise click.BadParameter(say("directory_format", name=output.name), param_hint="-o")
    check_free([output, stale_output], force, data=data, lang=lang)
    study = open_study(data, scope=scope, lang=lang)
    files = directory_files(
        study,
        output=output,
        stale=stale_output,
        today=today,
        stale_after=stale_after,
        title=title,
        excel=not plain_csv,
    )
    for path in write_files(files, force):
        wrote(path)


cli.add_command(directory_command, name="annuaire")


@cli.command(name="template")
@click.argument(
    "data", required=False, type=click.Path(exists=True, path_type=Path), metavar="[DATA]"
)
@o.output("The workbook to write, for example collecte.xlsx.", required=True, kind="file")
@o.SCOPE
@click.option("--empty", is_flag=True, help="With DATA: do not pre-fill its rows.")
@o.FORCE
def template_command(
    data: Path | None, output: Path, scope: str | None, empty: bool, force: bool
) -> None:
    """Write the collection workbook partners fill in Excel or LibreOffice: sheets
    Organisations, Liens and Services with French headers, instructions in plain French,
    drop-down lists (types, fields, publics, link types, the study area's territories by
    name), date and e-mail checks, and DATA's rows pre-filled. Returned workbooks are
    checked with validate and gathered with import workbook.

    Example:

        partenariat template examples/melun-val-de-seine -o collecte.xlsx
    """
    from partenariat.app.directory import collection_template
    from partenariat.app.study import ScopeError

    if output.suffix.lower() != ".xlsx":
        raise click.BadParameter(say("template_xlsx", name=output.name), param_hint="-o")
    check_free([output], force)
    study = open_study(data, scope=scope) if data is not None else None
    wanted = tuple(scope.split("|")) if scope else ()
    try:
        workbook = collection_template(study, scope=wanted, prefill=not empty)
    except ScopeError as error:
        raise click.BadParameter(error.text(run().lang), param_hint="--scope") from None
    write_files({output: workbook}, force)
    wrote(output)


@cli.command(name="export")
@o.DATA
@click.option(
    "--to",
    "to",
    type=click.Choice(["gexf", "graphml", "json", "csv", "datainclusion"]),
    required=True,
    help="gexf for Gephi, graphml for yEd or Cytoscape, json "
    "(node-link), csv (nodes.csv and edges.csv in the folder -o), datainclusion "
    "(structures.json and services.json, schema v1, in the folder -o).",
)
@o.output("The file to write (a folder with --to csv).", required=True)
@o.EXCEL
@o.FORCE
def export_command(data: Path, to: str, output: Path, excel: bool, force: bool) -> None:
    """Export the network for Gephi, yEd, Cytoscape or a spreadsheet, list attributes
    flattened.

    Example:

        partenariat export examples/melun-val-de-seine --to gexf -o reseau.gexf
    """
    from partenariat.app.exports import datainclusion_files, export_network

    study = open_study(data)
    fmt: Any = to  # one of click.Choice's
    files: dict[Path, str | bytes] = {
        **(
            datainclusion_files(study, output)
            if to == "datainclusion"
            else export_network(study, fmt, output, excel=excel)
        )
    }
    for path in write_files(files, force):
        wrote(path)
