"""What every command shares: the run's language, opening a study, writing what the app
gives (through :mod:`partenariat.output`), and turning the app's errors into messages.

The state of a run (its language) lives in click's context, never in a module global.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from partenariat.i18n import Lang, counted, t

if TYPE_CHECKING:
    from partenariat.app.study import Study, StudySettings
    from partenariat.errors import InputError


@dataclass
class Run:
    """The language of the current run (French unless asked otherwise), whether ``--lang``
    gave it (a study file's language counts only when it did not), and the files the run
    read (no output may replace one of them, whatever ``--force`` says)."""

    lang: Lang = "fr"
    lang_given: bool = False
    inputs: set[Path] = field(default_factory=set)


def reading(paths: Iterable[Path]) -> None:
    """Record files the command reads (besides a study's, recorded when it opens)."""
    run().inputs.update(paths)


def run() -> Run:
    """The current run (a default one outside a command, e.g. while parsing)."""
    context = click.get_current_context(silent=True)
    if context is None:
        return Run()
    root = context.find_root()
    if not isinstance(root.obj, Run):
        root.obj = Run()
    return root.obj


def say(key: str, **values: object) -> str:
    """A message of the command line in the run's language."""
    return t(key, run().lang, **values)


def language(given: str | None) -> Lang:
    """The language asked with ``--lang``, or the run's."""
    if given is None:
        return run().lang
    return "en" if given == "en" else "fr"


def study_settings(data: Path, lang: str | None) -> StudySettings:
    """The settings of ``data``'s study file; its language becomes the run's when neither
    ``--lang`` (``lang``) nor the command line's own ``--lang`` gave one."""
    from partenariat.app.study import settings_of

    settings = settings_of(data)
    current = run()
    if lang is None and not current.lang_given and settings.lang is not None:
        current.lang = settings.lang
    return settings


def open_study(
    data: Path,
    *,
    scope: str | None = None,
    today: dt.date | None = None,
    lang: str | None = None,
    param_hint: str = "--scope",
) -> Study:
    """Open the study of ``data`` (its study file read, ``--scope`` and ``--lang`` winning
    over it); the run then speaks the study's language. Errors become messages: the data's
    errors listed (exit 1), a territory that cannot be found a usage error (exit 2)."""
    from partenariat.app.study import ScopeError, Study
    from partenariat.errors import InputError

    current = run()
    settings = study_settings(data, lang)
    wanted = tuple(scope.split("|")) if scope else None
    try:
        study = Study.open(data, scope=wanted, settings=settings, today=today, lang=language(lang))
    except InputError as error:
        raise click.ClickException(errors_message(data, error)) from None
    except ScopeError as error:
        if wanted is None and settings.path is not None:  # the study file's area
            where = say("in_settings", path=settings.path, line=settings.line_of("scope"))
            raise click.ClickException(f"{where}{error.text(current.lang)}") from None
        raise click.BadParameter(error.text(current.lang), param_hint=param_hint) from None
    reading(study.inputs())
    if settings.path is not None:
        reading([settings.path])
    return study


def errors_message(data: Path, error: InputError) -> str:
    """The errors that stop a command, the first 20, and how to see them all."""
    lang = run().lang
    errors = tuple(p for p in error.report.by_cause() if p.severity == "error")
    shown = "\n".join("  " + p.render(lang) for p in errors[:20])
    more = "\n  " + say("more_errors", count=len(errors) - 20) if len(errors) > 20 else ""
    count = counted(len(errors), "error_one", "errors", lang)
    return say("has_errors", data=data, count=count, shown=shown, more=more)


def check_free(
    outputs: Collection[Path | None],
    force: bool,
    *,
    data: Path | None = None,
    lang: str | None = None,
) -> None:
    """Refuse outputs that cannot be written before any computation (a national analysis
    takes a while: the refusal must not come after it). With ``data``, its files are known
    as inputs first (never replaced, whatever ``--force`` says) and its study file's
    language is the run's when ``--lang`` is not given."""
    from partenariat.app.study import inputs_of
    from partenariat.output import check_free as free

    if data is not None:
        study_settings(data, lang)
        reading(inputs_of(data))
    free([p for p in outputs if p is not None], overwrite=force, inputs=run().inputs)


def emit(
    document: str | bytes,
    output: Path | None,
    force: bool,
    *,
    bom: bool = False,
    newline: str = "",
) -> None:
    """Print ``document``, or write it to ``output`` (never replacing an existing file
    without ``--force``); ``bom``: a CSV for French Excel, written with a byte-order
    mark."""
    if output is None:
        ends = document.endswith(b"\n") if isinstance(document, bytes) else document.endswith("\n")
        click.echo(document, nl=not ends)
        return
    from partenariat.output import write_safely

    encoding = "utf-8-sig" if bom else "utf-8"
    write_safely(
        {output: document},
        overwrite=force,
        encoding=encoding,
        newline=newline,
        inputs=run().inputs,
    )
    wrote(output)


def write_files(
    files: Mapping[Path, str | bytes], force: bool, *, newline: str | None = None
) -> list[Path]:
    """Write several files at once (all are checked before any is written)."""
    from partenariat.output import write_safely

    return write_safely(dict(files), overwrite=force, newline=newline, inputs=run().inputs)


def wrote(path: Path) -> None:
    """Say that ``path`` was written (on the error stream: the output stays clean)."""
    click.echo(say("wrote", path=path.resolve()), err=True)
