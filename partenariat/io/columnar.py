"""Read the large tables (links, interventions) as columns, with every problem located.

The raw rows are transposed once into polars string columns; each check runs on a whole
column (a date or number column is parsed once per *distinct* value, with the same parsers
as the row reader, then mapped back). Problems keep the row reader's codes, messages, lines
and columns exactly: only the rows that have one are visited in Python.

>>> from partenariat.io.tables import read_csv_bytes
>>> from partenariat.io.schema import TABLES
>>> from partenariat.io.rows import bind
>>> from partenariat.problems import ProblemCollector
>>> raw = read_csv_bytes(b"source;cible;depuis\\nA;B;31/02/2024\\nA;A;\\n", "liens.csv").table
>>> out = ProblemCollector()
>>> links = read_links(bind(raw, TABLES["links"], out), {"A", "B"})
>>> links.frame.height, [(p.line, p.code) for p in out.report().problems]
(2, [(2, 'invalid-date'), (3, 'self-link')])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import zip_longest
from typing import Any, Protocol

import polars as pl

from partenariat.columns import (
    INTERVENTION_SCHEMA,
    LINK_SCHEMA,
    InterventionColumns,
    LinkColumns,
    _extra_name,
)
from partenariat.i18n import fq
from partenariat.io.rows import BoundTable
from partenariat.io.values import date_problem, parse_date, parse_number
from partenariat.model import DIRECTED_LINK_TYPES, canonical_link_type
from partenariat.problems import Said, hinted


class Collector(Protocol):
    """Where problems go: a :class:`~partenariat.problems.ProblemCollector`, or a
    :class:`InRowOrder` holding them."""

    def add(
        self, file: str, line: int | None, column: str | None, code: str, message: str | Said
    ) -> None: ...


def text_columns(
    table: BoundTable, names: Iterable[str], *, more: bool = False
) -> tuple[pl.DataFrame, list[str]]:
    """The cells of ``names`` (canonical columns) and of the extra columns, as strings, with
    ``__line``; reports cells beyond the header. ``more``: with the numbered columns of the
    list columns (``Domaine 2``), as ``__more_<name>_<k>``."""
    numbered = _numbered(table) if more else {}
    if table.raw.columns is not None:
        return _from_columns(table, names, numbered)
    rows = table.raw.rows
    width = len(table.raw.header)
    for line, cells in rows:
        if len(cells) > width:
            overflow = [c for c in cells[width:] if c]
            if overflow:
                table.out.add(
                    table.label,
                    line,
                    None,
                    "extra-cells",
                    (
                        f"{len(cells)} cellules alors que l'en-tête en a {width}\u00a0: "
                        f"{fq(overflow[0])} n'a pas de colonne",
                        f"{len(cells)} cells but the header has {width}: "
                        f"{overflow[0]!r} has no column",
                    ),
                )
    transposed = list(zip_longest(*(cells for _, cells in rows), fillvalue="")) if rows else []
    data: dict[str, Any] = {"__line": [line for line, _ in rows]}

    def column(position: int | None) -> list[str] | tuple[str, ...]:
        if position is None or position >= len(transposed):
            return [""] * len(rows)
        return transposed[position]

    for name in names:
        data[name] = column(table.index.get(name))
    for name, position in numbered.items():
        data[name] = column(position)
    for i, (position, _) in enumerate(table.extras):
        data[_extra_name(i)] = column(position)
    schema: dict[str, Any] = dict.fromkeys(data, pl.String)
    schema["__line"] = pl.Int64
    return _unneutralised(pl.DataFrame(data, schema=schema)), [h for _, h in table.extras]


def _unneutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """Remove the ``'`` a spreadsheet-safe writer put before ``= + - @`` (only the columns
    holding a cell that starts with ``'`` are rewritten)."""
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    quoted = frame.select(pl.col(texts).str.starts_with("'").any())
    marked = [name for name in texts if quoted[name][0]]
    if not marked:
        return frame
    return frame.with_columns(pl.col(marked).str.replace(r"^'([=+\-@])", "${1}"))


def _numbered(table: BoundTable) -> dict[str, int]:
    """The numbered columns continuing a list column, by the name they are read as."""
    return {
        f"__more_{name}_{k:03d}": position
        for name, positions in table.more.items()
        for k, position in enumerate(positions)
    }


def _from_columns(
    table: BoundTable, names: Iterable[str], numbered: dict[str, int]
) -> tuple[pl.DataFrame, list[str]]:
    """The same frame as :func:`text_columns`, from a table read as columns (no line is
    longer than the header there)."""
    raw = table.raw
    assert raw.columns is not None
    selected = [pl.Series("__line", raw.lines, dtype=pl.Int64)]
    frame = raw.columns
    width = len(raw.header)
    if frame.width > width:
        beyond = frame.select(pl.col(frame.columns[width:]))
        for index, row in zip(
            beyond.select(pl.any_horizontal(pl.all() != "")).to_series().arg_true().to_list(),
            beyond.filter(pl.any_horizontal(pl.all() != "")).iter_rows(),
            strict=True,
        ):
            overflow = [c for c in row if c]
            last = max(i for i, c in enumerate(row) if c)
            table.out.add(
                table.label,
                raw.lines[index],
                None,
                "extra-cells",
                (
                    f"{width + last + 1} cellules alors que l'en-tête en a {width}\u00a0: "
                    f"{fq(overflow[0])} n'a pas de colonne",
                    f"{width + last + 1} cells but the header has {width}: {overflow[0]!r} has "
                    "no column",
                ),
            )

    def column(position: int | None, name: str) -> pl.Series:
        if position is None or position >= frame.width:
            return pl.Series(name, [""] * frame.height, dtype=pl.String)
        return frame.to_series(position).alias(name)

    for name in names:
        selected.append(column(table.index.get(name), name))
    for name, position in numbered.items():
        selected.append(column(position, name))
    for i, (position, _) in enumerate(table.extras):
        selected.append(column(position, _extra_name(i)))
    return _unneutralised(pl.DataFrame(selected)), [h for _, h in table.extras]


def mapped(column: pl.Series, parse: Callable[[str], Any], dtype: Any) -> pl.Series:
    """``parse`` applied once per distinct non-empty value (``None`` where it fails)."""
    distinct = [v for v in column.unique().to_list() if v]
    mapping = {value: parse(value) for value in distinct}
    result: pl.Series = column.replace_strict(mapping, default=None, return_dtype=dtype)
    return result


class InRowOrder:
    """Problems gathered check by check (each over a whole column), handed on in the order
    a row reader meets them: by line, then check by check. The order matters beyond the
    report's sort: only the first problems of a kind are listed in a very bad file.

    >>> from partenariat.problems import ProblemCollector
    >>> out = ProblemCollector()
    >>> ordered = InRowOrder(out)
    >>> for line, message in ((3, "b"), (2, "a")):
    ...     ordered.add("t.csv", line, None, "empty-value", message)
    >>> ordered.flush()
    >>> [p.message for p in out._problems]
    ['a', 'b']
    """

    def __init__(self, out: Collector) -> None:
        self.out = out
        self._held: list[tuple[int, int, str, int | None, str | None, str, str | Said]] = []

    def add(
        self, file: str, line: int | None, column: str | None, code: str, message: str | Said
    ) -> None:
        self._held.append((line or 0, len(self._held), file, line, column, code, message))

    def flush(self) -> None:
        """Hand the problems on, in row order."""
        for _, _, file, line, column, code, message in sorted(self._held, key=lambda h: h[:2]):
            self.out.add(file, line, column, code, message)
        self._held.clear()


class Located:
    """Adds problems for the rows of a frame selected by a mask (to ``out``, by default the
    table's collector)."""

    def __init__(
        self, table: BoundTable, frame: pl.DataFrame, out: Collector | None = None
    ) -> None:
        self.table = table
        self.frame = frame
        self.out: Collector = out if out is not None else table.out

    def add(
        self,
        mask: pl.Series,
        column: str | None,
        code: str,
        message: Callable[[dict[str, Any]], Said],
    ) -> None:
        if not mask.any():  # the usual case: no polars query for a clean column
            return
        header = self.table.headers.get(column, column) if column else None
        for row in self.frame.filter(mask).iter_rows(named=True):
            self.out.add(self.table.label, row["__line"], header, code, message(row))


def dates(frame: pl.DataFrame, located: Located, column: str) -> pl.Series:
    """The dates of ``column`` (``None`` where empty or invalid; invalid ones reported)."""
    parsed = mapped(frame[column], parse_date, pl.Date)
    located.add(
        (frame[column] != "") & parsed.is_null(),
        column,
        "invalid-date",
        lambda row: date_problem(row[column]),
    )
    return parsed


def _weights(frame: pl.DataFrame, located: Located) -> pl.Series:
    parsed = mapped(frame["weight"], parse_number, pl.Float64)
    given = frame["weight"] != ""
    located.add(
        given & parsed.is_null(),
        "weight",
        "invalid-number",
        lambda row: (
            f"{fq(row['weight'])} n'est pas un nombre",
            f"{row['weight']!r} is not a number",
        ),
    )
    negative = given & parsed.is_not_null() & (parsed < 0)
    located.add(
        negative.fill_null(False),
        "weight",
        "invalid-number",
        lambda row: (
            f"{fq(row['weight'])} est hors bornes\u00a0: il doit être au moins 0",
            f"{row['weight']!r} is out of range: must be at least 0",
        ),
    )
    return frame.select(pl.when(negative).then(None).otherwise(parsed))[:, 0]


def required(frame: pl.DataFrame, located: Located, columns: tuple[str, ...]) -> pl.Series:
    """Report empty required cells; the mask of rows with every required cell."""
    complete = pl.Series([True] * frame.height, dtype=pl.Boolean)
    for column in columns:
        empty = frame[column] == ""
        header = located.table.headers[column]
        said = (f"{fq(header)} est vide", f"{header} is empty")
        located.add(empty, column, "empty-value", _constant(said))
        complete = complete & ~empty
    return complete


def _constant(text: Said) -> Callable[[dict[str, Any]], Said]:
    return lambda row: text


def check_references(
    table: BoundTable,
    frame: pl.DataFrame,
    column: str,
    org_ids: set[str] | None,
    hint: Callable[[str, set[str]], Said],
) -> None:
    """Report every cell of ``column`` naming no organisation (nothing when the
    organisations could not be read: ``org_ids`` is ``None``)."""
    if org_ids is None:
        return
    known = pl.Series(list(org_ids), dtype=pl.String)
    unknown = ~frame[column].is_in(known.implode())
    Located(table, frame).add(
        unknown,
        column,
        "unknown-organisation",
        lambda row: hinted(
            f"aucune organisation n'a l'identifiant {fq(row[column])}",
            f'no organisation has the id "{row[column]}"',
            hint(row[column], org_ids),
        ),
    )


def read_links(
    table: BoundTable,
    org_ids: set[str] | None,
    hint: Callable[[str, set[str]], Said] = lambda code, known: ("", ""),
) -> LinkColumns:
    """The links of a complete table as columns; problems go to the table's collector."""
    frame, extras = text_columns(table, ("source", "target", "type", "since", "weight", "note"))
    located = Located(table, frame)
    since = dates(frame, located, "since")
    weight = _weights(frame, located)
    complete = required(frame, located, ("source", "target"))
    types = mapped(frame["type"], canonical_link_type, pl.String)
    frame = frame.with_columns(
        since=since,
        weight=weight,
        type=types,
        note=pl.when(pl.col("note") == "").then(None).otherwise(pl.col("note")),
    ).filter(complete)
    located = Located(table, frame)
    located.add(
        frame["source"] == frame["target"],
        "target",
        "self-link",
        lambda row: (
            f"{fq(row['source'])} est reliée à elle-même",
            f"{row['source']!r} is linked to itself",
        ),
    )
    _duplicates(frame, located)
    for column in ("source", "target"):
        check_references(table, frame, column, org_ids, hint)
    return LinkColumns(
        frame.select(*LINK_SCHEMA, *(_extra_name(i) for i in range(len(extras)))),
        tuple(extras),
    )


def _duplicates(frame: pl.DataFrame, located: Located) -> None:
    directed = frame["type"].is_in(pl.Series(sorted(DIRECTED_LINK_TYPES)).implode())
    keyed = frame.with_columns(
        __a=pl.when(directed)
        .then(pl.col("source"))
        .otherwise(pl.min_horizontal("source", "target")),
        __b=pl.when(directed)
        .then(pl.col("target"))
        .otherwise(pl.max_horizontal("source", "target")),
        __t=pl.col("type").fill_null("\x00"),
    ).with_columns(__first=pl.col("__line").first().over("__a", "__b", "__t"))
    repeated = keyed["__line"] != keyed["__first"]
    Located(located.table, keyed).add(
        repeated,
        "target",
        "duplicate-link",
        lambda row: (
            f"{row['source']} - {row['target']} ({row['type'] or 'sans type'}) figure déjà "
            f"à la ligne {row['__first']}",
            f"{row['source']} - {row['target']} ({row['type'] or 'no type'}) is "
            f"already on line {row['__first']}",
        ),
    )


def read_interventions(
    table: BoundTable,
    org_ids: set[str] | None,
    hint: Callable[[str, set[str]], Said] = lambda c, k: ("", ""),
) -> InterventionColumns:
    """The interventions of a complete table as columns (rows ending before they start, or
    without case or organisation, are left out with their problem)."""
    frame, extras = text_columns(table, ("case", "organisation", "field", "start", "end", "role"))
    located = Located(table, frame)
    start = dates(frame, located, "start")
    end = dates(frame, located, "end")
    frame = frame.with_columns(start=start, end=end)
    backwards = (
        frame["start"].is_not_null() & frame["end"].is_not_null() & (frame["end"] < frame["start"])
    )
    Located(table, frame).add(
        backwards,
        "end",
        "end-before-start",
        lambda row: (
            f"finit le {row['end']:%d/%m/%Y}, avant de commencer le {row['start']:%d/%m/%Y}",
            f"ends on {row['end'].isoformat()}, before it starts on {row['start'].isoformat()}",
        ),
    )
    frame = frame.filter(~backwards)
    complete = required(frame, Located(table, frame), ("case", "organisation"))
    frame = frame.filter(complete).with_columns(
        field=pl.when(pl.col("field") == "").then(None).otherwise(pl.col("field")),
        role=pl.when(pl.col("role") == "").then(None).otherwise(pl.col("role")),
    )
    check_references(table, frame, "organisation", org_ids, hint)
    return InterventionColumns(
        frame.select(*INTERVENTION_SCHEMA, *(_extra_name(i) for i in range(len(extras)))),
        tuple(extras),
    )
