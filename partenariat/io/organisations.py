"""Read the organisations table as columns, with every problem the row reader reported.

The table is transposed once into polars string columns; each check runs on a whole column
(numbers, dates, e-mails, identifiers are tested once per *distinct* value with the same
functions as the row reader) and only the rows that have a problem are visited in Python.
The problems are handed on in the row reader's order (by line, then check by check), so a
report is the same, including which problems are listed when a file has more than
:attr:`~partenariat.problems.ProblemCollector.LISTED_PER_CODE` of a kind.

>>> import datetime as dt
>>> from partenariat.io.tables import read_csv_bytes
>>> from partenariat.io.schema import TABLES
>>> from partenariat.io.rows import bind
>>> from partenariat.problems import ProblemCollector
>>> text = "id;nom;domaines;lat;lon\\nA;CCAS;Logement | Santé;48,5;2\\nA;CAF;;;\\nB;;;x;1\\n"
>>> out = ProblemCollector()
>>> table = bind(read_csv_bytes(text.encode(), "organisations.csv").table,
...              TABLES["organisations"], out)
>>> frame, extras = read_organisations(table, stale_before=dt.date(2000, 1, 1))
>>> frame["id"].to_list(), frame["fields"].to_list(), frame["lat"].to_list()
(['A'], [['Logement', 'Santé']], [48.5])
>>> [(p.line, p.code) for p in out.report().problems]
[(3, 'duplicate-id'), (4, 'invalid-coordinates'), (4, 'empty-value')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl

from partenariat.columns import ORGANISATION_SCHEMA, _extra_name
from partenariat.i18n import fq
from partenariat.io.columnar import InRowOrder, Located, dates, mapped, required, text_columns
from partenariat.io.rows import LIST_COLUMNS, BoundTable
from partenariat.io.tables import WHITESPACE
from partenariat.io.values import (
    labelled_code,
    looks_like_email,
    looks_mangled,
    mangled_problem,
    parse_number,
)
from partenariat.problems import Said

#: The organisation columns read as text before being typed.
TEXT_COLUMNS = tuple(ORGANISATION_SCHEMA)
_LISTS = ("territories", "fields", "publics")
assert set(_LISTS) <= LIST_COLUMNS


def read_organisations(
    table: BoundTable,
    *,
    stale_before: dt.date,
    stale_message: Callable[[str, dt.date], Said] | None = None,
) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """The organisations of a complete table as typed columns plus ``__line`` (rows without
    id or name, and repeated ids, left out with their problem), and the extra headers.

    ``stale_message(name, updated)`` words the warning for an entry updated before
    ``stale_before`` (no warning without it)."""
    frame, extras = text_columns(table, TEXT_COLUMNS, more=True)
    ordered = InRowOrder(table.out)
    located = Located(table, frame, ordered)
    complete = required(frame, located, ("id", "name"))
    lat, lon = _coordinates(frame, located)
    updated = dates(frame, located, "updated")
    _mangled_cells(frame, located, "siret", frame["siret"] != "")
    _emails(frame, located)
    frame = frame.with_columns(lat=lat, lon=lon, updated=updated).filter(complete)
    frame = _unique_ids(frame, Located(table, frame, ordered))
    located = Located(table, frame, ordered)
    if stale_message is not None:
        stale = frame["updated"].is_not_null() & (frame["updated"] < stale_before)
        located.add(
            stale.fill_null(False),
            "updated",
            "stale-entry",
            lambda row: stale_message(row["name"], row["updated"]),
        )
    lists = {column: _list_column(frame, located, column) for column in _LISTS}
    ordered.flush()
    texts = [c for c in TEXT_COLUMNS if c not in {*_LISTS, "lat", "lon", "updated"}]
    frame = frame.with_columns(
        **lists,
        **{c: pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)) for c in texts},
    )
    return (
        frame.select("__line", *ORGANISATION_SCHEMA, *(_extra_name(i) for i in range(len(extras)))),
        tuple(extras),
    )


def _coordinates(frame: pl.DataFrame, located: Located) -> tuple[pl.Series, pl.Series]:
    """Latitude and longitude, each checked; both dropped when only one is given."""
    lat = _bounded(frame, located, "lat", 90)
    lon = _bounded(frame, located, "lon", 180)
    alone = (frame["lat"] == "") != (frame["lon"] == "")
    located.add(
        alone,
        "lat",
        "invalid-coordinates",
        lambda row: (
            "la latitude et la longitude vont ensemble",
            "latitude and longitude go together",
        ),
    )
    both = ~alone & lat.is_not_null() & lon.is_not_null()
    return (
        frame.select(pl.when(both).then(lat).otherwise(None))[:, 0].alias("lat"),
        frame.select(pl.when(both).then(lon).otherwise(None))[:, 0].alias("lon"),
    )


def _bounded(frame: pl.DataFrame, located: Located, column: str, bound: int) -> pl.Series:
    """A coordinate between ``-bound`` and ``bound`` (``None`` where it is not one)."""
    parsed = mapped(frame[column], parse_number, pl.Float64)
    given = frame[column] != ""
    located.add(
        given & parsed.is_null(),
        column,
        "invalid-coordinates",
        lambda row: (f"{fq(row[column])} n'est pas un nombre", f"{row[column]!r} is not a number"),
    )
    outside = (given & parsed.is_not_null() & (parsed.abs() > bound)).fill_null(False)
    located.add(
        outside,
        column,
        "invalid-coordinates",
        lambda row: (
            f"{fq(row[column])} est hors bornes\u00a0: il doit être entre {-bound} et {bound}",
            f"{row[column]!r} is out of range: must be between {-bound} and {bound}",
        ),
    )
    return frame.select(pl.when(outside).then(None).otherwise(parsed))[:, 0]


def _mangled_cells(frame: pl.DataFrame, located: Located, column: str, mask: pl.Series) -> None:
    """Warn where Excel has turned the identifier in ``column`` into a number."""
    mangled = mapped(frame[column], looks_mangled, pl.Boolean).fill_null(False)
    located.add(
        mask & mangled, column, "mangled-identifier", lambda row: mangled_problem(row[column])
    )


def _emails(frame: pl.DataFrame, located: Located) -> None:
    valid = mapped(frame["email"], looks_like_email, pl.Boolean).fill_null(False)
    located.add(
        (frame["email"] != "") & ~valid,
        "email",
        "invalid-email",
        lambda row: (
            f"{fq(row['email'])} n'est pas une adresse électronique",
            f"{row['email']!r} is not an e-mail address",
        ),
    )


def _unique_ids(frame: pl.DataFrame, located: Located) -> pl.DataFrame:
    """The rows whose id is not already defined; warns about ids Excel has mangled."""
    _mangled_cells(frame, located, "id", pl.Series([True] * frame.height, dtype=pl.Boolean))
    keyed = frame.with_columns(__first=pl.col("__line").first().over("id"))
    repeated = keyed["__line"] != keyed["__first"]
    Located(located.table, keyed, located.out).add(
        repeated,
        "id",
        "duplicate-id",
        lambda row: (
            f"{fq(row['id'])} est déjà défini à la ligne {row['__first']}",
            f"{row['id']!r} is already defined on line {row['__first']}",
        ),
    )
    return frame.filter(~repeated)


def _list_column(frame: pl.DataFrame, located: Located, column: str) -> pl.Series:
    """The ``|`` items of ``column`` and of its numbered columns, stripped, without empty or
    repeated items (order kept); territories written ``Name (code)`` read as their code."""
    parts = [column, *sorted(c for c in frame.columns if c.startswith(f"__more_{column}_"))]
    for part in parts:
        _separator_warnings(frame, located, column, part)
    items = pl.concat_list(
        pl.col(part).str.split("|").list.eval(pl.element().str.strip_chars(WHITESPACE))
        for part in parts
    ).list.eval(pl.element().filter(pl.element() != ""))
    found = frame.select(items.list.unique(maintain_order=True).alias(column))[column]
    if column == "territories":
        found = _territory_codes(found)
    return found


def _territory_codes(lists: pl.Series) -> pl.Series:
    """Items written ``Name (code)`` replaced by their code (tested once per distinct item
    holding a bracket)."""
    exploded = lists.explode()
    bracketed = exploded.filter(exploded.str.contains("(", literal=True)).unique().to_list()
    if not bracketed:
        return lists
    codes = {item: labelled_code(item) for item in bracketed}
    frame = pl.DataFrame({"lists": lists})
    return frame.select(
        pl.col("lists")
        .list.eval(pl.element().replace(codes))
        .list.unique(maintain_order=True)
        .alias(lists.name)
    )[lists.name]


def _separator_warnings(frame: pl.DataFrame, located: Located, column: str, part: str) -> None:
    """Warn about a cell that looks like a list written with ``;`` or ``,`` instead of ``|``."""
    cells = frame[part]
    suspicious = ~cells.str.contains("|", literal=True) & (
        cells.str.contains(";", literal=True) | cells.str.contains(",", literal=True)
    )

    def message(row: dict[str, Any]) -> Said:
        value = row[part]
        separator = ";" if ";" in value else ","
        suggestion = "|".join(p.strip() for p in value.split(separator))
        return (
            f"{fq(value)} ressemble à une liste séparée par {fq(separator)}\u00a0: "
            f"séparer les éléments par «\u00a0|\u00a0» ({fq(suggestion)})\u00a0; "
            "lu comme un seul élément",
            f"{value!r} looks like a list separated by {separator!r}: separate the "
            f"items with '|' ({suggestion!r}); read as one item",
        )

    located.add(suspicious, column, "list-separator", message)
