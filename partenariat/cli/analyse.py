"""The diagnosis commands: ``analyse`` (everything), ``gaps``, ``overlaps``, ``isolated``,
``suggest`` (one section each, computing only what it shows) and ``cases``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from partenariat.cli import options as o
from partenariat.cli.main import cli
from partenariat.cli.run import (
    check_free,
    emit,
    language,
    open_study,
    reading,
    say,
    write_files,
)

if TYPE_CHECKING:
    from partenariat.app.analyse import Listing
    from partenariat.app.study import AnalysisOptions, Study

#: The options of every diagnosis command, in the order of ``--help``.
DIAGNOSIS_OPTIONS = o.stacked(
    o.DATA,
    o.SCOPE,
    click.option(
        "--level",
        default="leaves",
        show_default=True,
        help="Territory level of the coverage matrix (a value of the 'level' column, or 'leaves').",
    ),
    click.option(
        "--fields",
        "fields_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="Reference list of fields (one per line or a CSV "
        "column 'domaine'): a field nobody covers shows as a gap.",
    ),
    click.option(
        "--field-level",
        type=click.Choice(["sub", "category"]),
        default="sub",
        show_default=True,
        help="With data·inclusion thématiques (category--sub): examine sub-themes or categories.",
    ),
    o.output_format(
        "table",
        "json",
        "csv",
        default="table",
        help="table for people, json for programs, csv for spreadsheets.",
    ),
    o.output("Write to this file (a folder for --format csv with analyse)."),
    o.FORCE,
    o.limit(None, "Rows per section (default: 10 in tables, 500 per list in JSON, all in CSV)."),
    o.ALL_ROWS,
    o.EXCEL,
    o.LANG,
)


def _fields(path: Path | None) -> tuple[str, ...] | None:
    """The reference fields of ``--fields`` (``None``: the study file's)."""
    if path is None:
        return None
    from partenariat.app.study import reference_fields
    from partenariat.errors import InputError

    reading([path])  # an input: no output may replace it
    try:
        return reference_fields(path)
    except InputError as error:
        raise click.BadParameter(str(error), param_hint="--fields") from None


def _diagnosis(
    kwargs: dict[str, Any], *, writes_folder: bool = False, **given: Any
) -> tuple[Study, AnalysisOptions, Listing]:
    """The study, its options (``given`` beside those every diagnosis command has) and the
    listing asked by a diagnosis command's options; with ``writes_folder``, ``--format
    csv`` writes a folder, whose files are checked when written."""
    from partenariat.app.analyse import Listing

    output, fmt = kwargs["output"], kwargs["fmt"]
    outputs = [] if writes_folder and fmt == "csv" else [output]
    check_free(outputs, kwargs["force"], data=kwargs["data"], lang=kwargs["lang"])
    fields = _fields(kwargs["fields_file"])  # a bad file stops before anything starts
    study = open_study(kwargs["data"], scope=kwargs["scope"], lang=kwargs["lang"])
    options = study.options(
        level=kwargs["level"], fields=fields or (), field_level=kwargs["field_level"], **given
    )
    listing = Listing(
        fmt=fmt,
        lang=language(kwargs["lang"]),
        limit=kwargs["limit"],
        all_rows=kwargs["all_rows"],
        excel=kwargs["excel"],
    )
    return study, options, listing


def _level_checked(compute: Callable[[], Any]) -> Any:
    """``compute()``, an unknown ``--level`` a usage error."""
    from partenariat.errors import UnknownLevelError

    try:
        return compute()
    except UnknownLevelError as error:
        from partenariat.cli.run import run

        raise click.BadParameter(error.text(run().lang), param_hint="--level") from None


@cli.command()
@DIAGNOSIS_OPTIONS
@click.option("--by-public", is_flag=True, help="Also list the gaps per public.")
@click.option(
    "--resolution",
    type=o.Finite(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Leiden resolution: higher gives smaller communities.",
)
@click.option(
    "--at", type=o.Date(), default=None, help="Cases: keep the interventions active on this date."
)
@click.option(
    "--crowded",
    type=click.IntRange(min=2),
    default=10,
    show_default=True,
    help="Cases: a case with this many organisations or more is crowded.",
)
def analyse(
    by_public: bool, resolution: float, at: dt.date | None, crowded: int, **kwargs: Any
) -> None:
    """Diagnose a territory: coverage gaps, overlaps, isolated actors, brokers, structure,
    partnerships worth creating.

    With --format csv, OUTPUT is a folder that receives one CSV file per table.

    Example:

        partenariat analyse examples/melun-val-de-seine --limit 5
    """
    from partenariat.app.analyse import analyse as diagnose

    study, options, listing = _diagnosis(
        kwargs,
        writes_folder=True,
        by_public=by_public,
        resolution=resolution,
        at=at,
        crowded=crowded,
    )
    output = kwargs["output"]
    if listing.fmt == "csv" and output is None:
        raise click.UsageError(say("csv_needs_folder"))
    rendered = _level_checked(lambda: diagnose(study, options, listing))
    if isinstance(rendered, dict):
        write_files({output / name: table for name, table in rendered.items()}, kwargs["force"])
        click.echo(say("wrote_tables", count=len(rendered), folder=output), err=True)
    else:
        emit(rendered, output, kwargs["force"])


def _section_command(name: str) -> Callable[..., None]:
    """``gaps``, ``overlaps``, ``isolated`` and ``suggest``: one section each."""

    def command(**kwargs: Any) -> None:
        from partenariat.app.analyse import section

        study, options, listing = _diagnosis(kwargs)
        rendered = _level_checked(lambda: section(study, name, options, listing))
        assert not isinstance(rendered, dict)
        emit(
            rendered, kwargs["output"], kwargs["force"], bom=listing.excel and listing.fmt == "csv"
        )

    return command


_SECTION_HELP = {
    "gaps": """Coverage gaps (territory and field with no organisation), thin cells (one
    organisation only) and uncovered population per field.

    Example:

        partenariat gaps examples/melun-val-de-seine --level EPCI""",
    "overlaps": """Overlapping offers: same field, public and territory; uncoordinated when
    the organisations have no link.

    Example:

        partenariat overlaps examples/melun-val-de-seine --format csv -o chevauchements.csv""",
    "isolated": """Isolated organisations (no link, or outside the main network), brokers and
    peripheral organisations.

    Example:

        partenariat isolated examples/melun-val-de-seine --format json""",
    "suggest": """Partnerships worth creating, ranked, each with its reason.

    Example:

        partenariat suggest examples/melun-val-de-seine --limit 5""",
}

for _name, _help in _SECTION_HELP.items():
    cli.command(name=_name, help=_help)(DIAGNOSIS_OPTIONS(_section_command(_name)))


@cli.command(name="cases")
@o.DATA
@click.option("--case", "case_id", default=None, help="Show this case only, in detail.")
@click.option(
    "--at", type=o.Date(), default=None, help="Keep the interventions active on this date."
)
@click.option(
    "--crowded",
    type=click.IntRange(min=2),
    default=10,
    show_default=True,
    help="A case with this many organisations or more is crowded.",
)
@o.limit(None, "Rows per section (default: 10 in tables, 500 per list in JSON, all in CSV).")
@o.ALL_ROWS
@o.output_format(
    "table",
    "json",
    "csv",
    default="table",
    help="table for people, json for programs, csv: one row per case.",
)
@o.EXCEL
@o.output("Write to this file.", kind="file")
@o.FORCE
@o.LANG
def cases_command(
    data: Path,
    case_id: str | None,
    at: dt.date | None,
    crowded: int,
    limit: int | None,
    all_rows: bool,
    fmt: str,
    excel: bool,
    output: Path | None,
    force: bool,
    lang: str | None,
) -> None:
    """Fragmented case support: per case, who intervenes, how linked they are, who
    coordinates, concurrent interventions; across cases, the missing links that would
    reconnect most cases. Shows case identifiers: keep the output among evaluators.

    Example:

        partenariat cases examples/melun-val-de-seine --at 2025-06-01
    """
    from partenariat.app.analyse import Listing, case_support
    from partenariat.errors import UnknownCaseError
    from partenariat.i18n import date_text

    check_free([output], force, data=data, lang=lang)
    study = open_study(data, lang=lang)
    listing = Listing(fmt, language(lang), limit, all_rows, excel)  # type: ignore[arg-type]
    try:
        rendered = case_support(study, listing, case=case_id, at=at, crowded=crowded)
    except UnknownCaseError:
        active = say("active_on", date=date_text(at, listing.lang)) if at else ""
        raise click.BadParameter(
            say("case_not_in", case=case_id, data=data) + active, param_hint="--case"
        ) from None
    assert not isinstance(rendered, dict)
    emit(rendered, output, force, bom=excel and fmt == "csv")
