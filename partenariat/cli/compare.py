"""``partenariat compare``: what changed between snapshots of a network, as text, JSON, CSV
tables, or the evolution report (HTML or Markdown)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import click

from partenariat.cli import options as o
from partenariat.cli.main import cli
from partenariat.cli.run import (
    check_free,
    emit,
    errors_message,
    language,
    reading,
    say,
    write_files,
)


@cli.command()
@click.argument(
    "snapshots",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="OLD NEW [NEWER...]",
)
@o.output_format(
    "text",
    "json",
    "csv",
    default="text",
    help="text for people, json for programs, csv: one table per list in the folder -o.",
)
@o.output(
    "Write to this file: evolution.html or evolution.md writes the evolution report "
    "(a folder with --format csv)."
)
@o.SCOPE
@o.LANG
@o.limit(15, "Rows per list shown.")
@o.today("Date of the report (default: today).")
@o.FORCE
def compare(
    snapshots: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    scope: str | None,
    lang: str | None,
    limit: int,
    today: dt.date | None,
    force: bool,
) -> None:
    """What changed between two snapshots of a network (or along several, oldest first):
    partners arrived and gone, partnerships created and lost, gaps closed and opened,
    overlaps now coordinated, isolated actors, structure and cases before and after.

    Example:

        partenariat compare reseau-2024 reseau-2026 -o evolution.html
    """
    from partenariat.app.compare import (
        SnapshotInputError,
        document_format,
        evolution,
        snapshot_inputs,
    )

    if len(snapshots) < 2:
        raise click.UsageError(say("compare_two"))
    if fmt == "csv" and output is None:
        raise click.UsageError(say("csv_needs_folder"))
    reading(snapshot_inputs(snapshots))  # never replaced, whatever --force says
    if fmt != "csv":
        check_free([output], force)
    document = document_format(output) if fmt == "text" else None
    try:
        found = evolution(
            snapshots,
            fmt=document or fmt,  # type: ignore[arg-type]  # a choice of --format
            scope=tuple(scope.split("|")) if scope else None,
            today=today,
            lang=language(lang),
            limit=limit,
        )
    except SnapshotInputError as error:  # the errors of the snapshot that has them
        raise click.ClickException(errors_message(error.path, error)) from None
    if isinstance(found, dict):
        assert output is not None
        files = {output / name: table for name, table in found.items()}
        write_files(files, force)
        for folder, count in Counter(path.parent for path in files).items():
            click.echo(say("wrote_tables", count=count, folder=folder), err=True)
        return
    emit(found, output, force, newline="\n" if document else "")
