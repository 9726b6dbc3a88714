"""The options several commands share, each declared once with one wording (translated in
:mod:`partenariat.cli_text`): a command takes them as decorators.

>>> import click
>>> @click.command()
... @FORCE
... @LANG
... def command(force: bool, lang: str | None) -> None:
...     pass
>>> [p.name for p in command.params]
['force', 'lang']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class Date(click.ParamType):  # type: ignore[type-arg]
    """A date given as ``YYYY-MM-DD`` or ``DD/MM/YYYY``."""

    name = "DATE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        from partenariat.app.study import parse_day
        from partenariat.cli.run import say

        if isinstance(value, dt.date):
            return value
        parsed = parse_day(str(value))
        if parsed is None:
            self.fail(say("not_a_date", value=value), param, ctx)
        return parsed


class Finite(click.FloatRange):
    """A number in a range, never infinite nor NaN (``nan`` compares false with every
    bound, so a plain range would let it through)."""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        import math

        from partenariat.cli.run import say

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(say("not_finite", value=value), param, ctx)
        return float(number)


def _joined(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> str | None:
    """A repeatable option's values as one ``|``-separated text (``None`` when not given)."""
    return "|".join(values) if values else None


#: The data folder or workbook every study command reads.
DATA = click.argument("data", type=click.Path(exists=True, path_type=Path), metavar="DATA")

#: Replace existing outputs.
FORCE = click.option("--force", is_flag=True, help="Replace the output files if they exist.")

#: The language of what the command writes.
LANG = click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="Language of the output (default: French, or English when LANG is English).",
)

#: The study area, the same wherever a command takes it.
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

#: CSV for French Excel.
EXCEL = click.option("--excel", is_flag=True, help="CSV for French Excel: ';' and UTF-8 with BOM.")

#: Every entry of every JSON list.
ALL_ROWS = click.option(
    "--all", "all_rows", is_flag=True, help="JSON: every entry of every list (can be very large)."
)


def today(help: str = "Date of the output (default: today).") -> Callable[[F], F]:
    """``--today``: the date the command works at."""
    return click.option("--today", type=Date(), default=None, help=help)


def output(help: str, *, required: bool = False, kind: str = "any") -> Callable[[F], F]:
    """``-o/--output``: ``kind`` is ``file``, ``folder`` or ``any`` (a file, or a folder
    with some formats)."""
    path = click.Path(path_type=Path, dir_okay=kind != "file", file_okay=kind != "folder")
    return click.option("-o", "--output", type=path, required=required, default=None, help=help)


def output_format(*choices: str, default: str | None, help: str) -> Callable[[F], F]:
    """``--format``: one of ``choices``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help=help,
    )


def limit(default: int | None, help: str) -> Callable[[F], F]:
    """``--limit``: rows per list shown."""
    return click.option(
        "--limit",
        type=click.IntRange(min=1),
        default=default,
        show_default=default is not None,
        help=help,
    )


def stacked(*options: Callable[[F], F]) -> Callable[[F], F]:
    """Several options as one decorator (listed in the order of ``--help``)."""

    def apply(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return apply
