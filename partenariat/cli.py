"""The command line: parse, call the library, render. The only module that imports click."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from partenariat import __version__
from partenariat.io.folder import validate as validate_path
from partenariat.problems import ValidationReport

DATA = click.argument(
    "data", type=click.Path(exists=True, path_type=Path), metavar="DATA"
)


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        from partenariat.io.values import parse_date

        if isinstance(value, dt.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)", param, ctx)
        return parsed


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="partenariat")
def cli() -> None:
    """Map the partnerships of social organisations on a territory.

    DATA is a folder of CSV files (organisations.csv, links.csv or liens.csv, and optionally
    territories.csv, services.csv, interventions.csv) or one .xlsx workbook with a sheet per
    table.

    Example:

        partenariat validate examples/melun-val-de-seine
    """


@cli.command()
@DATA
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Text for people, JSON for programs.")
@click.option("--today", type=_Date(), default=None,
              help="Reference date for stale entries (default: today).")
def validate(data: Path, fmt: str, today: dt.date | None) -> None:
    """Check a data folder and list every problem, with file, line and column.

    Exits 0 when there is no error (warnings allowed), 1 when there are errors.

    Example:

        partenariat validate examples/melun-val-de-seine --format json
    """
    report = validate_path(data, today=today)
    if fmt == "json":
        click.echo(json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2,
                              default=str))
    else:
        click.echo(_render_report(report))
    sys.exit(0 if report.valid else 1)


def _render_report(report: ValidationReport) -> str:
    lines = [problem.render() for problem in report.problems]
    if lines:
        lines.append("")
    counts = report.counts
    lines.append(
        "{organisations} organisations, {links} links, {territories} territories, "
        "{services} services, {cases} cases ({interventions} interventions)".format(**counts)
    )
    verdict = "valid" if report.valid else "INVALID"
    lines.append(f"{verdict}: {counts['errors']} errors, {counts['warnings']} warnings")
    return "\n".join(lines)


def main() -> None:
    """Entry point of the ``partenariat`` console script."""
    cli(prog_name="partenariat")
