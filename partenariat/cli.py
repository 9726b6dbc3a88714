"""The command line: parse, call the library, render. The only module that imports click."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from partenariat import __version__
from partenariat.errors import InputError, PartenariatError, UnknownLevelError
from partenariat.i18n import Lang, counted, date_text, t
from partenariat.io.folder import validate as validate_path
from partenariat.network import Network
from partenariat.problems import ValidationReport
from partenariat.settings import StudySettings

if TYPE_CHECKING:
    from partenariat.analysis.compare import Evolution
    from partenariat.app import Study

F = TypeVar("F", bound=Callable[..., Any])


def _joined(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> str | None:
    """A repeatable option's values as one ``|``-separated text (``None`` when not given)."""
    return "|".join(values) if values else None


#: The study area option, the same wherever a command takes it.
SCOPE = click.option(
    "--scope",
    default=None,
    multiple=True,
    callback=_joined,
    help="Study area: territory codes or names (repeat the option, or separate them "
    "with |) whose communes are examined (default: the EPCIs of the partners named at "
    "local level; with a territory file of your own, all its territories). Example: "
    "--scope 59 or --scope 200044618 --scope 200041960.",
)


def _read_settings(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Read the study file of DATA (see :mod:`partenariat.settings`); its language counts
    when --lang is not given."""
    from partenariat.settings import read_settings

    if value is None:
        return None
    try:
        RUN.settings = read_settings(value)
    except PartenariatError as error:
        raise click.ClickException(error.text(RUN.lang)) from None
    if RUN.settings.lang is not None and not RUN.lang_given:
        RUN.lang = RUN.settings.lang
    return value


DATA = click.argument(
    "data",
    type=click.Path(exists=True, path_type=Path),
    metavar="DATA",
    callback=_read_settings,
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
            self.fail(say("not_a_date", value=value), param, ctx)
        return parsed


class _Group(click.Group):
    """Runs in the user's language (see :mod:`partenariat.cli_text`); library errors (bad
    scope, an output that cannot be written...) become clear messages with exit status 1,
    never a traceback."""

    def main(  # type: ignore[override]  # click types main with overloads; one signature here
        self, args: Any = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        import os

        from partenariat.cli_text import cli_lang, localise
        from partenariat.settings import StudySettings

        arguments = list(sys.argv[1:] if args is None else args)
        RUN.lang = cli_lang(arguments, os.environ)
        RUN.lang_given = any(a == "--lang" or a.startswith("--lang=") for a in arguments)
        RUN.settings = StudySettings()
        localise(self, RUN.lang)
        return super().main(args=arguments, prog_name=prog_name, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError:
            raise
        except PartenariatError as error:
            raise click.ClickException(error.text(RUN.lang)) from None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from None


class _Run:
    """The language of the current run (French unless asked otherwise) and the settings of
    its data folder."""

    lang: Lang = "fr"
    lang_given = False
    settings: StudySettings = StudySettings()


RUN = _Run()


def say(key: str, **values: object) -> str:
    """A message of the command line in the run's language."""
    return t(key, RUN.lang, **values)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text for people, JSON for programs.",
)
@click.option(
    "--today", type=_Date(), default=None, help="Reference date for stale entries (default: today)."
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="Language of the messages (default: French, or English when LANG is English).",
)
def validate(data: Path, fmt: str, today: dt.date | None, lang: str | None) -> None:
    """Check a data folder and list every problem, with file, line and column.

    Exits 0 when there is no error (warnings allowed), 1 when there are errors.

    Example:

        partenariat validate examples/melun-val-de-seine --format json
    """
    report = validate_path(data, today=today, stale_after=RUN.settings.stale_after_years)
    language = _lang(lang)
    if fmt == "json":
        click.echo(_json(report.to_json_dict(language)), nl=False)
    else:
        click.echo(_render_report(report, language))
    sys.exit(0 if report.valid else 1)


def _render_report(report: ValidationReport, lang: Lang = "en") -> str:
    lines = [problem.render(lang) for problem in report.problems]
    if lines:
        lines.append("")
    counts = report.counts
    if lang == "fr":
        lines.append(
            ", ".join(
                [
                    counted(counts["organisations"], "organisation_one", "organisations"),
                    counted(counts["links"], "link_one", "links"),
                    counted(counts["territories"], "territory_one", "territories"),
                    counted(counts["services"], "service_one", "services"),
                    counted(counts["cases"], "case_one", "cases"),
                ]
            )
            + f" ({counted(counts['interventions'], 'intervention_one', 'interventions')})"
            + (
                f", {counted(counts['responses'], 'answer_one', 'answers')}"
                if counts.get("responses")
                else ""
            )
        )
        verdict = "valide" if report.valid else "NON VALIDE"
        lines.append(
            f"{verdict}\u00a0: {counted(counts['errors'], 'error_one', 'errors')}, "
            f"{counted(counts['warnings'], 'warning_one', 'warnings_count')}"
        )
        return "\n".join(lines)
    lines.append(
        "{organisations} organisations, {links} links, {territories} territories, "
        "{services} services, {cases} cases ({interventions} interventions)".format(**counts)
        + (f", {counts['responses']} survey answers" if counts.get("responses") else "")
    )
    verdict = "valid" if report.valid else "INVALID"
    lines.append(f"{verdict}: {counts['errors']} errors, {counts['warnings']} warnings")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- helpers


def _open(data: Path) -> Network:
    """Load and validate; data errors become a clear message (exit 1), never a traceback."""
    return _study(data).network


def _study(
    data: Path,
    *,
    today: dt.date | None = None,
    scope: str | None = None,
    lang: Lang = "fr",
    diagnosing: float | None = None,
) -> Study:
    """Load, validate and code ``data`` once (over ``scope``); errors become messages.
    ``diagnosing``: the resolution of the diagnosis to come (see :meth:`Study.open`)."""
    from partenariat.app import Study

    try:
        scoped = tuple(scope.split("|")) if scope else RUN.settings.scope
        return Study.open(
            data,
            today=today,
            scope=scoped,
            lang=lang,
            stale_after=RUN.settings.stale_after_years,
            diagnosing=diagnosing,
        )
    except InputError as error:
        raise click.ClickException(_errors_message(data, error)) from None


def _errors_message(data: Path, error: InputError) -> str:
    """The errors that stop a command, the first 20, and how to see them all."""
    errors = tuple(p for p in error.report.by_cause() if p.severity == "error")
    shown = "\n".join("  " + p.render(RUN.lang) for p in errors[:20])
    more = "\n  " + say("more_errors", count=len(errors) - 20) if len(errors) > 20 else ""
    count = counted(len(errors), "error_one", "errors", RUN.lang)
    return say("has_errors", data=data, count=count, shown=shown, more=more)


def _readable(data: Path) -> bool:
    """Whether ``data`` reads without error (to name the snapshot that failed)."""
    return validate_path(data).valid


def _emit(text: str | bytes, output: Path | None, force: bool, *, encoding: str = "utf-8") -> None:
    """Print, or write ``output`` (never replacing an existing file without ``--force``);
    bytes are written as they are."""
    if output is None:
        ends = text.endswith(b"\n") if isinstance(text, bytes) else text.endswith("\n")
        click.echo(text, nl=not ends)
        return
    from partenariat.output import write_safely

    write_safely({output: text}, overwrite=force, encoding=encoding, newline="")
    click.echo(say("wrote", path=output.resolve()), err=True)


def _check_free(output: Path, force: bool) -> None:
    from partenariat.output import check_free

    check_free([output], overwrite=force)


def _check_output_first(output: Path | None, force: bool, *, folder: bool = False) -> None:
    """Refuse an output file that cannot be written before any computation (a national
    analysis takes minutes: the refusal must not come after it). A folder output is
    checked file by file when written."""
    if output is not None and not folder:
        _check_free(output, force)


#: Entries per list in JSON output unless --limit or --all.
JSON_LIMIT = 500


def _json_limit(limit: int | None, all_rows: bool) -> int | None:
    return None if all_rows else (limit or JSON_LIMIT)


def _lang(lang: str | None) -> Lang:
    """The language asked with --lang, or the run's (see :mod:`partenariat.cli_text`)."""
    if lang is None:
        return RUN.lang
    return "en" if lang == "en" else "fr"


def _json(payload: object) -> bytes:
    """JSON as the encoder's bytes (a large output is not copied into text and back)."""
    from partenariat.jsonout import dumps_bytes

    return dumps_bytes(payload)


def _fields(path: Path | None) -> tuple[str, ...]:
    if path is None:
        return RUN.settings.fields
    from partenariat.io.reference import read_field_list

    try:
        return read_field_list(path)
    except InputError as error:
        raise click.BadParameter(str(error), param_hint="--fields") from None


def _common(func: F) -> F:
    """Options shared by the analysis commands."""
    options = [
        click.option(
            "--lang",
            type=click.Choice(["fr", "en"]),
            default=None,
            help="Language of the tables and reasons.",
        ),
        click.option("--force", is_flag=True, help="Replace the output file if it exists."),
        click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path),
            default=None,
            help="Write to this file (a folder for --format csv with analyse).",
        ),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["table", "json", "csv"]),
            default="table",
            show_default=True,
            help="table for people, json for programs, csv for spreadsheets.",
        ),
        click.option("--excel", is_flag=True, help="CSV for French Excel: ';' and UTF-8 with BOM."),
        click.option(
            "--limit",
            type=click.IntRange(min=1),
            default=None,
            help="Rows per section (default: 10 in tables, 500 per list in JSON, all in CSV).",
        ),
        click.option(
            "--all",
            "all_rows",
            is_flag=True,
            help="JSON: every entry of every list (can be very large).",
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
            "--level",
            default="leaves",
            show_default=True,
            help="Territory level of the coverage matrix (a value of the 'level' "
            "column, or 'leaves').",
        ),
        SCOPE,
        click.option(
            "--field-level",
            type=click.Choice(["sub", "category"]),
            default="sub",
            show_default=True,
            help="With data·inclusion thématiques "
            "(category--sub): examine sub-themes or categories.",
        ),
        DATA,
    ]
    for option in options:
        func = option(func)
    return func


def _study_or_scope_error(
    data: Path,
    scope: str | None,
    today: dt.date | None = None,
    lang: Lang = "fr",
    diagnosing: float | None = None,
) -> Study:
    try:
        return _study(data, scope=scope, today=today, lang=lang, diagnosing=diagnosing)
    except PartenariatError as error:
        raise click.BadParameter(error.text(RUN.lang), param_hint="--scope") from None


def _diagnose(
    data: Path,
    level: str,
    fields_file: Path | None,
    by_public: bool = False,
    resolution: float = 1.0,
    at: dt.date | None = None,
    crowded: int = 10,
    scope: str | None = None,
    field_level: str = "sub",
    lang: Lang = "fr",
) -> tuple[Study, Any]:
    from partenariat.analysis.diagnosis import diagnose

    fields = _fields(fields_file)  # a bad file stops before anything starts
    study = _study_or_scope_error(data, scope, lang=lang, diagnosing=resolution)
    network = study.network
    try:
        result = diagnose(
            network,
            level=level,
            fields=fields,
            by_public=by_public,
            resolution=resolution,
            at=at,
            crowded=crowded,
            field_level="category" if field_level == "category" else "sub",
        )
    except UnknownLevelError as error:
        raise click.BadParameter(error.text(RUN.lang), param_hint="--level") from None
    return study, result


def _csv_out(
    table: tuple[list[str], list[list[Any]]], output: Path | None, force: bool, excel: bool
) -> None:
    from partenariat.export.tables import csv_text

    _emit(
        csv_text(*table, excel=excel),
        output,
        force,
        encoding="utf-8-sig" if excel and output else "utf-8",
    )


# ---------------------------------------------------------------------------- analyses


@cli.command()
@_common
@click.option("--by-public", is_flag=True, help="Also list the gaps per public.")
@click.option(
    "--resolution",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Louvain resolution: higher gives smaller communities.",
)
@click.option(
    "--at", type=_Date(), default=None, help="Cases: keep the interventions active on this date."
)
@click.option(
    "--crowded",
    type=click.IntRange(min=2),
    default=10,
    show_default=True,
    help="Cases: a case with this many organisations or more is crowded.",
)
def analyse(
    data: Path,
    level: str,
    fields_file: Path | None,
    limit: int | None,
    all_rows: bool,
    excel: bool,
    fmt: str,
    output: Path | None,
    force: bool,
    lang: str | None,
    by_public: bool,
    resolution: float,
    at: dt.date | None,
    crowded: int,
    scope: str | None,
    field_level: str,
) -> None:
    """Diagnose a territory: coverage gaps, overlaps, isolated actors, brokers, structure,
    partnerships worth creating.

    With --format csv, OUTPUT is a folder that receives one CSV file per table.

    Example:

        partenariat analyse examples/melun-val-de-seine --limit 5
    """
    from partenariat.export.tables import cases_tables, csv_bytes, diagnosis_tables
    from partenariat.export.text import render_diagnosis

    language = _lang(lang)
    _check_output_first(output, force, folder=fmt == "csv")
    study, result = _diagnose(
        data, level, fields_file, by_public, resolution, at, crowded, scope, field_level, language
    )
    network = study.network
    if fmt == "json":
        payload = {
            **result.to_dict(limit=_json_limit(limit, all_rows)),
            "study_area": study.area.to_dict(),
        }
        _emit(_json(payload), output, force)
    elif fmt == "csv":
        if output is None:
            raise click.UsageError("--format csv needs -o FOLDER (one CSV file per table)")
        from partenariat.output import write_safely

        tables = diagnosis_tables(result, network, language)
        if result.cases is not None:
            tables.update(cases_tables(result.cases))
        write_safely(
            {
                output / f"{name}.csv": csv_bytes(table, excel=excel)
                for name, table in tables.items()
            },
            overwrite=force,
        )
        click.echo(say("wrote_tables", count=len(tables), folder=output), err=True)
    else:
        text = render_diagnosis(result, network, lang=language, limit=limit or 10)
        title, _, rest = text.partition("\n\n")
        area = study.area.describe(language, width=79)
        _emit(f"{title}\n{area}\n\n{rest}\n", output, force)


def _one_table(command: str) -> Callable[..., None]:
    """Build ``gaps``, ``overlaps``, ``isolated`` and ``suggest``: one section each."""

    def run(
        data: Path,
        level: str,
        fields_file: Path | None,
        limit: int | None,
        all_rows: bool,
        excel: bool,
        fmt: str,
        output: Path | None,
        force: bool,
        lang: str | None,
        scope: str | None,
        field_level: str,
    ) -> None:
        from partenariat.export import text as render
        from partenariat.export.tables import diagnosis_tables

        language = _lang(lang)
        _check_output_first(output, force, folder=fmt == "csv")
        study, result = _diagnose(
            data, level, fields_file, scope=scope, field_level=field_level, lang=language
        )
        network = study.network
        payload = result.to_dict(limit=_json_limit(limit, all_rows))
        payload["study_area"] = study.area.to_dict()
        tables = diagnosis_tables(result, network, language)
        shown = limit or 10
        keys: tuple[str, ...]
        if command == "gaps":
            keys = ("study_area", "coverage_gaps", "thin_cells", "coverage_by_field")
            table = tables["gaps"]
            text = "\n\n".join(
                [
                    study.area.describe(language, width=79),
                    render.render_gaps(result.coverage, lang=language, limit=shown),
                    render.render_thin(result.coverage, network, lang=language, limit=shown),
                    render.render_uncovered(result.coverage, lang=language),
                ]
            )
        elif command == "overlaps":
            keys, table = ("overlaps",), tables["overlaps"]
            text = render.render_overlaps(result.overlaps, network, lang=language, limit=shown)
        elif command == "isolated":
            keys, table = ("isolated", "peripheral", "brokers", "components"), tables["isolated"]
            text = render.render_isolated(result.structure, network, lang=language, limit=shown)
        else:
            keys, table = ("suggestions",), tables["suggestions"]
            text = render.render_suggestions(
                result.suggestions, network, lang=language, limit=shown
            )
        if fmt == "json":
            _emit(_json({key: payload[key] for key in keys}), output, force)
        elif fmt == "csv":
            _csv_out((table[0], table[1][:limit]), output, force, excel)
        else:
            _emit(text + "\n", output, force)

    return run


_ONE_TABLE_HELP = {
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

for _name, _help in _ONE_TABLE_HELP.items():
    cli.command(name=_name, help=_help)(_common(_one_table(_name)))


@cli.command(name="cases")
@DATA
@click.option("--case", "case_id", default=None, help="Show this case only, in detail.")
@click.option(
    "--at", type=_Date(), default=None, help="Keep the interventions active on this date."
)
@click.option(
    "--crowded",
    type=click.IntRange(min=2),
    default=10,
    show_default=True,
    help="A case with this many organisations or more is crowded.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Rows per section (default: 10 in tables, 500 per list in JSON, all in CSV).",
)
@click.option(
    "--all", "all_rows", is_flag=True, help="JSON: every entry of every list (can be very large)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table for people, json for programs, csv: one row per case.",
)
@click.option("--excel", is_flag=True, help="CSV for French Excel: ';' and UTF-8 with BOM.")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file."
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="Language of the tables.",
)
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
    from partenariat.analysis.cases import cases
    from partenariat.export.cases_text import render_case, render_cases
    from partenariat.export.tables import cases_tables

    _check_output_first(output, force, folder=fmt == "csv")
    network = _open(data)
    result = cases(network, at=at, crowded=crowded, case=case_id)
    language = _lang(lang)
    if case_id is not None and not result.cases:
        raise click.BadParameter(
            say("case_not_in", case=case_id, data=data)
            + (say("active_on", date=date_text(at, RUN.lang)) if at else ""),
            param_hint="--case",
        )
    if fmt == "json":
        _emit(_json(result.to_dict(limit=_json_limit(limit, all_rows))), output, force)
    elif fmt == "csv":
        headers, rows = cases_tables(result)["cases"]
        _csv_out((headers, rows[:limit]), output, force, excel)
    elif case_id is not None:
        _emit(render_case(result.cases[0], network, lang=language) + "\n", output, force)
    else:
        _emit(render_cases(result, network, lang=language, limit=limit or 10) + "\n", output, force)


@cli.command(name="map")
@DATA
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The HTML file to write (one self-contained file).",
)
@click.option(
    "--color-by",
    type=click.Choice(["type", "field", "community", "territory"]),
    default="type",
    show_default=True,
    help="What the node colours show.",
)
@click.option(
    "--size-by",
    type=click.Choice(["degree", "betweenness"]),
    default="degree",
    show_default=True,
    help="What the node sizes show.",
)
@click.option(
    "--territory", default=None, help="Keep the organisations acting in this territory (code)."
)
@click.option("--field", default=None, help="Keep the organisations with an offer in this field.")
@click.option("--public", default=None, help="Keep the organisations serving this public.")
@click.option("--type", "type_", default=None, help="Keep the organisations of this type.")
@click.option("--ego", default=None, help="Keep this organisation and its partners (see --depth).")
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="With --ego: how many links away.",
)
@click.option(
    "--case", "case_id", default=None, help="Draw the eco-map of this case instead of the network."
)
@click.option(
    "--show-cases", is_flag=True, help="With --case: print the case identifier on the map."
)
@click.option(
    "--at",
    type=_Date(),
    default=None,
    help="With --case: interventions ended before this date are greyed (default: today).",
)
@click.option("--title", default=None, help="Title of the page.")
@click.option(
    "--physics-threshold",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Above this many organisations, the map is drawn with WebGL (sigma.js) from "
    "positions computed in advance.",
)
@click.option(
    "--full", is_flag=True, help="Draw every organisation, however many (--aggregate none)."
)
@click.option(
    "--geo",
    is_flag=True,
    help="Draw the geographic map: the study area's communes shaded by coverage for --field "
    "(or the field with the most gaps), organisations at their place.",
)
@click.option(
    "--aggregate",
    type=click.Choice(["auto", "none", "community", "territory"]),
    default="auto",
    show_default=True,
    help="Group organisations into communities or départements; auto groups "
    "above --aggregate-above organisations; none draws every organisation.",
)
@click.option(
    "--aggregate-above",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="With --aggregate auto: the size above which to group.",
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="Language of the page.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def map_command(
    data: Path,
    output: Path,
    color_by: str,
    size_by: str,
    territory: str | None,
    field: str | None,
    public: str | None,
    type_: str | None,
    ego: str | None,
    depth: int,
    case_id: str | None,
    show_cases: bool,
    at: dt.date | None,
    title: str | None,
    physics_threshold: int,
    full: bool,
    geo: bool,
    aggregate: str,
    aggregate_above: int,
    lang: str | None,
    force: bool,
) -> None:
    """Draw the partnership network as one interactive HTML file that works offline:
    search, filters, legend, directory cards. With --case, the eco-map of one case; with
    --geo, the geographic map of the study area.

    Example:

        partenariat map examples/melun-val-de-seine -o carte.html --color-by field
    """
    from partenariat.errors import PartenariatError
    from partenariat.export.html_map import MapOptions, map_html
    from partenariat.selection import select

    network = _open(data)
    language = _lang(lang)
    _check_free(output, force)
    try:
        if case_id is not None:
            from partenariat.export.ecomap import ecomap_html

            text = ecomap_html(
                network,
                case_id,
                lang=language,
                show_case=show_cases,
                title=title or RUN.settings.title,
                at=at,
            )
        else:
            subset = select(
                network,
                territory=territory,
                field=None if geo else field,
                public=public,
                type=type_,
                ego=ego,
                depth=depth,
            )
            options = MapOptions(
                color_by=color_by,  # type: ignore[arg-type]
                size_by=size_by,  # type: ignore[arg-type]
                lang=language,
                title=title or RUN.settings.title,
                physics_threshold=physics_threshold,
                aggregate="none" if full else aggregate,  # type: ignore[arg-type]
                aggregate_above=aggregate_above,
            )
            if geo:
                from partenariat.export.geo_map import GeoOptions, geo_map_html

                geo_options = GeoOptions(field, language, title or RUN.settings.title, options)
                text = geo_map_html(subset, geo_options)
            else:
                text = map_html(subset, options)
    except PartenariatError as error:
        raise click.BadParameter(error.text(RUN.lang)) from None
    except KeyError as error:
        raise click.BadParameter(error.args[0] if error.args else str(error)) from None
    from partenariat.output import write_safely

    write_safely({output: text}, overwrite=force, newline="\n")
    click.echo(say("wrote", path=output.resolve()), err=True)


@cli.command(name="directory")
@DATA
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="The directory to write: annuaire.html (one offline page), annuaire.xlsx or "
    "annuaire.md (for a wiki).",
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
@SCOPE
@click.option("--title", default=None, help="Title of the page.")
@click.option("--today", type=_Date(), default=None, help="Date of the directory (default: today).")
@click.option("--plain-csv", is_flag=True, help="--stale: plain CSV (comma, no BOM).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Language.")
@click.option("--force", is_flag=True, help="Replace the output files if they exist.")
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
    from partenariat.directory import directory
    from partenariat.export.directory import (
        FORMATS,
        directory_html,
        directory_markdown,
        directory_xlsx,
        stale_csv,
    )
    from partenariat.output import write_safely

    if output is None and stale_output is None:
        raise click.UsageError(say("directory_needs_output"))
    if output is not None and output.suffix.lower() not in FORMATS:
        raise click.BadParameter(say("directory_format", name=output.name), param_hint="-o")
    language = _lang(lang)
    for path in (output, stale_output):
        if path is not None:
            _check_free(path, force)
    study = _study_or_scope_error(data, scope, lang=language)
    months = stale_after or RUN.settings.stale_months()
    book = directory(study.network, today=today, stale_after_months=months)
    heading = title or RUN.settings.title
    contents: dict[Path, str | bytes] = {}
    if output is not None:
        suffix = output.suffix.lower()
        if suffix == ".xlsx":
            contents[output] = directory_xlsx(book, lang=language)
        elif suffix in (".md", ".markdown"):
            contents[output] = directory_markdown(book, lang=language, title=heading).encode()
        else:
            contents[output] = directory_html(book, lang=language, title=heading).encode()
    if stale_output is not None:
        contents[stale_output] = stale_csv(book, lang=language, excel=not plain_csv)
    for path in write_safely(contents, overwrite=force):
        click.echo(say("wrote", path=path.resolve()), err=True)


cli.add_command(directory_command, name="annuaire")


@cli.command(name="template")
@click.argument(
    "data",
    required=False,
    type=click.Path(exists=True, path_type=Path),
    metavar="[DATA]",
    callback=_read_settings,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The workbook to write, for example collecte.xlsx.",
)
@SCOPE
@click.option("--empty", is_flag=True, help="With DATA: do not pre-fill its rows.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
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
    from partenariat import Dataset, Network
    from partenariat.errors import PartenariatError
    from partenariat.io.template import collection_workbook
    from partenariat.output import write_safely
    from partenariat.scope import with_scope

    if not output.suffix.lower() == ".xlsx":
        raise click.BadParameter(say("template_xlsx", name=output.name), param_hint="-o")
    _check_free(output, force)
    if data is not None:
        network: Network | None = _study_or_scope_error(data, scope).network
    elif scope or RUN.settings.scope:
        wanted = tuple(scope.split("|")) if scope else RUN.settings.scope
        try:
            network = with_scope(Network(Dataset()), wanted)
        except PartenariatError as error:
            raise click.BadParameter(error.text(RUN.lang), param_hint="--scope") from None
    else:
        network = None
    content = collection_workbook(network, prefill=not empty)
    write_safely({output: content}, overwrite=force)
    click.echo(say("wrote", path=output.resolve()), err=True)


@cli.command(name="export")
@DATA
@click.option(
    "--to",
    "to",
    type=click.Choice(["gexf", "graphml", "json", "csv", "datainclusion"]),
    required=True,
    help="gexf for Gephi, graphml for yEd or Cytoscape, json "
    "(node-link), csv (nodes.csv and edges.csv in the folder -o), datainclusion "
    "(structures.json and services.json, schema v1, in the folder -o).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The file to write (a folder with --to csv).",
)
@click.option("--excel", is_flag=True, help="CSV for French Excel: ';' and UTF-8 with BOM.")
@click.option("--force", is_flag=True, help="Replace the output files if they exist.")
def export_command(data: Path, to: str, output: Path, excel: bool, force: bool) -> None:
    """Export the network for Gephi, yEd, Cytoscape or a spreadsheet, list attributes
    flattened.

    Example:

        partenariat export examples/melun-val-de-seine --to gexf -o reseau.gexf
    """
    from partenariat.export.formats import export

    network = _open(data)
    if to == "datainclusion":
        from partenariat.io.datainclusion import write_datainclusion

        written = write_datainclusion(network.dataset, output, overwrite=force)
    else:
        written = export(network, output, to, overwrite=force, excel=excel)  # type: ignore[arg-type]
    for path in written:
        click.echo(say("wrote", path=path), err=True)


@cli.command(name="report")
@DATA
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The report file to write (.html or .md).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md"]),
    default=None,
    help="html (one self-contained page, default) or md (Markdown, no map); "
    "guessed from the file name when not given.",
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="Language of the report.",
)
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
@click.option(
    "--limit", type=click.IntRange(min=1), default=15, show_default=True, help="Rows per table."
)
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
@click.option(
    "--today",
    type=_Date(),
    default=None,
    help="Date of the report and reference for stale entries (default: today).",
)
@SCOPE
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
@click.option("--force", is_flag=True, help="Replace the output files if they exist.")
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
    from partenariat.analysis.diagnosis import diagnose
    from partenariat.errors import UnknownLevelError
    from partenariat.export.report import PRIVACY_THRESHOLD, build_report, write_report
    from partenariat.export.shared_tables import shared_tables, write_shared_tables

    fmt = fmt or ("md" if output.suffix.lower() in (".md", ".markdown") else "html")
    threshold = privacy_threshold or RUN.settings.privacy_threshold or PRIVACY_THRESHOLD
    _check_free(output, force)
    study = _study_or_scope_error(data, scope, today, _lang(lang))
    try:
        report = build_report(
            study.network,
            validation=study.validation,
            files=study.fingerprints(),
            lang=_lang(lang),
            today=today,
            level=level,
            limit=limit,
            show_cases=show_cases,
            threshold=threshold,
            with_map=fmt == "html" and not no_map,
            field_level="category" if field_level == "category" else "sub",
            area=study.area,
            title=title or RUN.settings.title,
            stale_after=RUN.settings.stale_after_years,
            tables_dir=str(csv_dir) if csv_dir is not None else None,
        )
    except UnknownLevelError as error:
        raise click.BadParameter(error.text(RUN.lang), param_hint="--level") from None
    tables = {}
    if csv_dir is not None:
        tables = shared_tables(
            study.network,
            diagnose(
                study.network,
                level=level,
                field_level="category" if field_level == "category" else "sub",
            ),
            lang=_lang(lang),
            validation=study.validation,
            threshold=threshold,
            show_cases=show_cases,
        )
        for name in tables:
            _check_free(csv_dir / name, force)
    written = write_report(report, output, fmt=fmt, overwrite=force)
    click.echo(say("wrote", path=written.resolve()), err=True)
    if csv_dir is not None:
        paths = write_shared_tables(tables, csv_dir, lang=_lang(lang), excel=excel, overwrite=force)
        click.echo(say("wrote_tables", count=len(paths), folder=csv_dir.resolve()), err=True)


@cli.command()
@click.argument(
    "snapshots",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="OLD NEW [NEWER...]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, csv: one table per list in the folder -o.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write to this file: evolution.html or evolution.md writes the evolution report "
    "(a folder with --format csv).",
)
@click.option(
    "--scope",
    multiple=True,
    callback=_joined,
    help="Study area of both snapshots (default: the area inferred from the newest).",
)
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Language.")
@click.option("--limit", type=click.IntRange(min=1), default=15, help="Rows per list shown.")
@click.option("--today", type=_Date(), default=None, help="Date of the report (default: today).")
@click.option("--force", is_flag=True, help="Replace the output if it exists.")
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
    from partenariat.app import compare_paths
    from partenariat.export.evolution import (
        evolution_report,
        evolution_tables,
        evolution_text,
    )
    from partenariat.export.report import write_report
    from partenariat.export.shared_tables import write_shared_tables

    if len(snapshots) < 2:
        raise click.UsageError(say("compare_two"))
    _check_output_first(output, force, folder=fmt == "csv")
    language = _lang(lang)
    wanted = tuple(scope.split("|")) if scope else ()

    def step(old: Path, new: Path) -> tuple[Path, Path, Study, Study, Evolution]:
        try:
            return (old, new, *compare_paths(old, new, scope=wanted, today=today, lang=language))
        except InputError as error:
            failed = new if not _readable(new) else old  # the newest is read first
            raise click.ClickException(_errors_message(failed, error)) from None

    steps = [step(old, new) for old, new in itertools.pairwise(snapshots)]
    if fmt == "json":
        payloads = [
            {
                "from": str(old),
                "to": str(new),
                "study_area": after.area.to_dict(),
                **evolution.to_dict(),
            }
            for old, new, _, after, evolution in steps
        ]
        _emit(_json(payloads[0] if len(payloads) == 1 else {"steps": payloads}), output, force)
        return
    if fmt == "csv":
        if output is None:
            raise click.UsageError(say("csv_needs_folder"))
        for number, (_, _, before, after, evolution) in enumerate(steps, 1):
            folder = output if len(steps) == 1 else output / f"{number:02d}"
            tables = evolution_tables(evolution, before.network, after.network, language)
            paths = write_shared_tables(tables, folder, lang=language, overwrite=force)
            click.echo(say("wrote_tables", count=len(paths), folder=folder), err=True)
        return
    if output is not None and output.suffix.lower() in (".html", ".htm", ".md", ".markdown"):
        # The report shows the whole period: the oldest snapshot against the newest.
        whole = steps[0] if len(steps) == 1 else step(snapshots[0], snapshots[-1])
        old, new, before, after, evolution = whole
        report = evolution_report(
            evolution,
            before.network,
            after.network,
            names=(str(old), str(new)),
            files=tuple(
                (f"{Path(folder).name}/{name}", digest)
                for folder, study in ((old, before), (new, after))
                for name, digest in study.fingerprints()
            ),
            lang=language,
            today=today,
            limit=limit,
        )
        kind = "md" if output.suffix.lower() in (".md", ".markdown") else "html"
        written = write_report(report, output, fmt=kind, overwrite=force)
        click.echo(say("wrote", path=written.resolve()), err=True)
        return
    texts = [
        (f"{old} → {new}\n" if len(steps) > 1 else "")
        + evolution_text(evolution, before.network, after.network, lang=language, limit=limit)
        for old, new, before, after, evolution in steps
    ]
    area = steps[-1][3].area.describe(language, width=79)
    _emit(f"{area}\n\n" + "\n".join(texts), output, force)


@cli.group(name="import")
def import_group() -> None:
    """Start a data folder from national sources (data·inclusion, FINESS) or gather the
    collection workbooks partners sent back.

    Example:

        partenariat import datainclusion structures.json services.json -o mon-dossier
    """


def _write_import(
    dataset: Any, report: ValidationReport, output: Path, force: bool, excel: bool
) -> None:
    """Write the imported folder, list every problem of the import, validate the output."""
    from partenariat.io.write import write_folder
    from partenariat.output import check_free, write_safely

    for problem in report.problems:
        click.echo(problem.render(RUN.lang))
    if not dataset.organisations:
        raise click.ClickException(say("nothing_imported"))
    check_free([output / "import-report.json"], overwrite=force)
    write_folder(dataset, output, excel=excel, overwrite=force)
    write_safely({output / "import-report.json": _json(report.to_json_dict())}, overwrite=force)
    check = validate_path(output)
    counts = ", ".join(f"{value} {key}" for key, value in sorted(report.counts.items()))
    click.echo(
        say("imported", counts=counts, folder=output.resolve(), problems=len(report.problems))
    )
    click.echo(_render_report(check, RUN.lang).splitlines()[-1])


@import_group.command(name="datainclusion")
@click.argument(
    "sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The data folder to write.",
)
@click.option("--excel", is_flag=True, help="Write CSV for French Excel (';', UTF-8 BOM).")
@click.option("--force", is_flag=True, help="Replace the files of the folder if they exist.")
def import_datainclusion_command(
    sources: tuple[Path, ...], output: Path, excel: bool, force: bool
) -> None:
    """Import data·inclusion structures and services (schema v1 or v0): JSON from the API,
    CSV exports, or the official spreadsheet template. Every value outside the schema's
    referentials is reported with its file, row and column.

    Example:

        partenariat import datainclusion structures.json services.json -o mon-dossier
    """
    from partenariat.io.datainclusion import import_datainclusion

    dataset, report = import_datainclusion(list(sources))
    _write_import(dataset, report, output, force, excel)


@import_group.command(name="workbook")
@click.argument(
    "workbooks",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The data folder to write.",
)
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
@click.option("--force", is_flag=True, help="Replace the files of the folder if they exist.")
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
    from partenariat.export.tables import csv_bytes
    from partenariat.io.merge import merge_workbooks
    from partenariat.io.write import write_folder
    from partenariat.output import write_safely

    merged = merge_workbooks(workbooks, on_conflict=on_conflict)  # type: ignore[arg-type]
    for problem in merged.report.by_cause():
        click.echo(problem.render(RUN.lang))
    rows = []
    for conflict in merged.conflicts:
        table, column = conflict.words(RUN.lang)
        values = " ; ".join(f"{name} : « {value} »" for name, value in conflict.values)
        click.echo(say("conflict", table=table, item=conflict.key, column=column, values=values))
        rows += [[table, conflict.key, column, name, value] for name, value in conflict.values]
    if conflicts_output is not None:
        headers = [
            say("conflict_table"),
            say("conflict_key"),
            say("conflict_column"),
            say("conflict_file"),
            say("conflict_value"),
        ]
        table_bytes = csv_bytes((headers, rows), excel=not plain_csv)
        write_safely({conflicts_output: table_bytes}, overwrite=force)
    if not merged.report.valid:
        raise click.ClickException(say("workbooks_invalid", count=len(merged.report.errors)))
    if merged.conflicts and on_conflict == "stop":
        raise click.ClickException(say("conflicts_stop", count=len(merged.conflicts)))
    write_folder(merged.dataset, output, excel=not plain_csv, overwrite=force)
    counts = merged.dataset.counts()
    click.echo(
        say(
            "merged",
            n=len(merged.sources),
            organisations=counts["organisations"],
            links=counts["links"],
            services=counts["services"],
            folder=output.resolve(),
        )
    )


@import_group.command(name="finess")
@click.option(
    "--legal-entities",
    "--ej",
    "legal_entities",
    default=None,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Legal entities (nofinessej, raison_sociale_longue, cog_commune...).",
)
@click.option(
    "--establishments",
    "--et",
    "establishments",
    default=None,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Establishments (nofinesset, nofinessej, raison_sociale_longue...).",
)
@click.option(
    "--relations",
    default=None,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Relations between establishments.",
)
@click.option(
    "--groupings",
    default=None,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Groupings (GCC) and their members.",
)
@click.option("--include-closed", is_flag=True, help="Keep closed entities.")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The data folder to write.",
)
@click.option("--excel", is_flag=True, help="Write CSV for French Excel (';', UTF-8 BOM).")
@click.option("--force", is_flag=True, help="Replace the files of the folder if they exist.")
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
    from partenariat.io.finess import import_finess

    if legal_entities is None and establishments is None:
        raise click.UsageError("give --legal-entities and/or --establishments")
    dataset, report = import_finess(
        legal_entities=legal_entities,
        establishments=establishments,
        relations=relations,
        groupings=groupings,
        include_closed=include_closed,
    )
    _write_import(dataset, report, output, force, excel)
    if not report.valid:
        raise click.ClickException(
            f"{len(report.errors)} row(s) could not be imported (listed above); the folder "
            "holds the others"
        )


class _SurveyGroup(_Group):
    """``partenariat survey DATA`` shows the survey; ``survey template`` and ``survey
    import`` are its other commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@cli.group(name="survey", cls=_SurveyGroup)
def survey_group() -> None:
    """The partner survey: partenariat survey DATA shows what the answers say (response
    rate, reciprocity, ties named by one side only, trust and value received, intensity,
    ties missing from the links file); survey template writes the questionnaires; survey
    import reads them back.

    Example:

        partenariat survey mon-dossier --format json
    """


@survey_group.command(name="show", hidden=True)
@DATA
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Text for people, JSON for programs, CSV (one row per organisation).",
)
@click.option("--limit", type=click.IntRange(min=1), default=10, help="Rows per list shown.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Language.")
def survey_show(data: Path, fmt: str, limit: int, lang: str | None) -> None:
    """Show what the survey's answers say (the same as partenariat survey DATA).

    Example:

        partenariat survey mon-dossier --format json
    """
    from partenariat.analysis.survey import survey
    from partenariat.export.survey_text import render_survey, survey_tables
    from partenariat.export.tables import csv_text

    language = _lang(lang)
    network = _study_or_scope_error(data, None, lang=language).network
    result = survey(network)
    if result is None:
        raise click.ClickException(say("survey_none"))
    if fmt == "json":
        click.echo(_json(result.to_dict()), nl=False)
    elif fmt == "csv":
        headers, rows = survey_tables(result, network, language)["survey_organisations"]
        click.echo(csv_text(headers, rows), nl=False)
    else:
        click.echo(render_survey(result, network, lang=language, limit=limit))


@survey_group.command(name="template")
@DATA
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder where the questionnaires are written (one workbook per organisation).",
)
@click.option("--single", is_flag=True, help="One shared workbook instead of one per organisation.")
@click.option("--force", is_flag=True, help="Replace the files of the folder if they exist.")
def survey_template(data: Path, output: Path, single: bool, force: bool) -> None:
    """Write the questionnaires of the partner survey, in plain French: for each
    organisation, the list of the others to tick, with the level of collaboration (1-5, each
    level named and explained), trust and value (1-4), frequency, and "aucun partenaire".

    Example:

        partenariat survey template mon-dossier -o questionnaires
    """
    from partenariat.io.questionnaire import questionnaires
    from partenariat.output import write_safely

    network = _open(data)
    files = questionnaires(network, single=single)
    written = write_safely(
        {output / name: content for name, content in files.items()}, overwrite=force
    )
    click.echo(say("wrote_questionnaires", n=len(written), folder=output.resolve()), err=True)


@survey_group.command(name="import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    required=True,
    help="The data folder that receives reponses.csv.",
)
@click.option("--plain-csv", is_flag=True, help="Write plain CSV (comma, no BOM).")
@click.option("--force", is_flag=True, help="Replace reponses.csv if it exists.")
def survey_import(sources: tuple[Path, ...], output: Path, plain_csv: bool, force: bool) -> None:
    """Read the returned questionnaires (workbooks, or folders of them) into the data
    folder's reponses.csv, then check it against the folder's organisations.

    Example:

        partenariat survey import questionnaires -o mon-dossier
    """
    from partenariat.export.tables import csv_bytes
    from partenariat.io.questionnaire import RESPONSE_HEADERS, read_questionnaires
    from partenariat.output import write_safely

    paths = [
        p
        for source in sources
        for p in (sorted(source.glob("*.xls[xm]")) if source.is_dir() else [source])
    ]
    rows, report = read_questionnaires(paths)
    for problem in report.problems:
        click.echo(problem.render(RUN.lang))
    if not rows:
        raise click.ClickException(say("no_answers", n=len(paths)))
    target = output / "reponses.csv"
    write_safely(
        {target: csv_bytes((RESPONSE_HEADERS, rows), excel=not plain_csv)}, overwrite=force
    )
    click.echo(say("wrote", path=target.resolve()), err=True)
    check = validate_path(output)
    for problem in check.problems:
        if problem.file.startswith("reponses"):
            click.echo(problem.render(RUN.lang))
    if not check.valid:
        raise click.ClickException(say("has_errors_short", count=len(check.errors)))


@cli.command(name="synth")
@click.option(
    "--organisations",
    "-n",
    type=click.IntRange(min=2),
    required=True,
    help="How many organisations.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="The same seed gives the same folder."
)
@click.option(
    "--scope",
    default=None,
    help="A département or région code to stay local (default: all France).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The data folder to write.",
)
@click.option("--force", is_flag=True, help="Replace the files of the folder if they exist.")
def synth_command(
    organisations: int, seed: int, scope: str | None, output: Path, force: bool
) -> None:
    """Write a realistic synthetic data folder on the real communes: organisations at
    commune, EPCI and département level placed by population, mostly local partnerships,
    cases with dates. For benchmarks, tests and demonstrations.

    Example:

        partenariat synth --organisations 5000 --seed 1 -o synthetique
    """
    from partenariat.synth import write_synthetic

    try:
        write_synthetic(organisations, output, seed=seed, overwrite=force, scope=scope)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--scope") from None
    click.echo(say("wrote", path=output.resolve()), err=True)


def main() -> None:
    """Entry point of the ``partenariat`` console script (and of ``python -m partenariat``):
    the long computations may use a second process (see :mod:`partenariat.background`)."""
    import gc

    from partenariat import background

    background.ENABLED = True
    # A command is one short run over acyclic tables: the modules' objects are set aside
    # from the cyclic collector and it runs less often (about 5 % of a small command).
    gc.freeze()
    gc.set_threshold(50_000, 20, 50)
    cli(prog_name="partenariat")
