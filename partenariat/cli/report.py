"""``partenariat report``: the shared diagnosis, one page to open, print or send, and its
tables complete as CSV files (``--csv-dir``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from partenariat.cli import options as o
from partenariat.cli.main import cli
from partenariat.cli.run import check_free, open_study, run, say, write_files, wrote


@cli.command(name="report")
@o.DATA
@o.output("The report file to write (.html or .md).", required=True, kind="file")
@o.output_format(
    "html",
    "md",
    default=None,  # guessed from the file name when not given
    help="html (one self-contained page, default) or md (Markdown, no map); "
    "guessed from the file name when not given.",
)
@o.LANG
@click.option(
    "--csv-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write every table of the report, complete, as CSV files in this folder "
    "(zones-blanches.csv, chevauchements.csv...; named in the report's language).",
)
@click.option(
    "--excel/--plain-csv",
    default=None,
    help="With --csv-dir: for French Excel (BOM, ';', decimal commas; the default in "
    "French) or plain CSV (BOM, ','; the default in English).",
)
@click.option(
    "--level",
    default="leaves",
    show_default=True,
    help="Territory level of the coverage (a value of the 'level' column).",
)
@o.limit(15, "Rows per table.")
@click.option(
    "--show-cases", is_flag=True, help="Show case identifiers and small counts (not for sharing)."
)
@click.option(
    "--privacy-threshold",
    type=click.IntRange(min=1),
    default=None,
    help="Counts of cases under this are shown as '< N'.",
)
@click.option("--no-map", is_flag=True, help="Leave the interactive map out of the page.")
@o.today("Date of the report and reference for stale entries (default: today).")
@o.SCOPE
@click.option(
    "--field-level",
    type=click.Choice(["sub", "category"]),
    default="sub",
    show_default=True,
    help="With data·inclusion thématiques: sub-themes or categories.",
)
@click.option(
    "--title",
    default=None,
    help="Title of the report (default: Diagnostic partagé du réseau partenarial). "
    "Example: --title 'Diagnostic du Douaisis 2026'.",
)
@o.FORCE
def report_command(
    data: Path,
    output: Path,
    fmt: str | None,
    lang: str | None,
    csv_dir: Path | None,
    excel: bool | None,
    level: str,
    limit: int,
    show_cases: bool,
    privacy_threshold: int | None,
    no_map: bool,
    today: dt.date | None,
    scope: str | None,
    field_level: str,
    title: str | None,
    force: bool,
) -> None:
    """Write the shared diagnosis: one page to open, print to PDF or send — headline
    figures, coverage heatmap, gaps, overlaps, isolated actors and brokers, structure,
    case support (aggregates only), partnerships to create, data quality, the map, method.

    Example:

        partenariat report examples/melun-val-de-seine -o diagnostic.html
    """
    from partenariat.app.report import report, report_format
    from partenariat.errors import UnknownLevelError

    try:
        report_format(output, fmt)  # type: ignore[arg-type]  # one of click.Choice's
    except ValueError:
        raise click.BadParameter(say("report_suffix", name=output.name), param_hint="-o") from None
    check_free([output], force, data=data, lang=lang)
    study = open_study(data, scope=scope, today=today, lang=lang)
    try:
        shared = report(
            study,
            output,
            fmt=fmt,  # type: ignore[arg-type]  # one of click.Choice's
            csv_dir=csv_dir,
            excel=excel,
            level=level,
            limit=limit,
            show_cases=show_cases,
            privacy_threshold=privacy_threshold,
            with_map=not no_map,
            today=today,
            field_level="category" if field_level == "category" else "sub",
            title=title,
        )
    except UnknownLevelError as error:
        raise click.BadParameter(error.text(run().lang), param_hint="--level") from None
    write_files(shared.files, force, newline="\n")
    wrote(output)
    if csv_dir is not None:
        click.echo(
            say("wrote_tables", count=len(shared.tables), folder=csv_dir.resolve()), err=True
        )
