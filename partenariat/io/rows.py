"""Bind a raw table to its spec and read typed values from its rows, reporting problems.

>>> from partenariat.io.tables import read_csv_bytes
>>> from partenariat.io.schema import TABLES
>>> from partenariat.problems import ProblemCollector
>>> raw = read_csv_bytes(b"identifiant;Nom;Mise a jour\\nA1;CCAS;31/02/2024\\n", "o.csv").table
>>> out = ProblemCollector()
>>> table = bind(raw, TABLES["organisations"], out)
>>> row = next(table.rows())
>>> row.required("id"), row.date("updated")
('A1', None)
>>> out.report().codes()
['invalid-date']
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator

import polars as pl

from partenariat.i18n import fq
from partenariat.io.schema import ColumnSpec, TableSpec
from partenariat.io.tables import RawTable
from partenariat.io.values import (
    date_problem,
    labelled_code,
    parse_date,
    parse_list,
    parse_number,
    unneutralised,
)
from partenariat.problems import ProblemCollector, Said
from partenariat.text import fold


class BoundTable:
    """A raw table whose headers are matched to the columns of its spec."""

    def __init__(self, raw: RawTable, spec: TableSpec, out: ProblemCollector) -> None:
        self.raw = raw
        self.spec = spec
        self.out = out
        self.index: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        self.extras: list[tuple[int, str]] = []
        self.more: dict[str, list[int]] = {}
        """Further columns of a list column (``Domaine 2``, ``Domaine 3`` after ``Domaine``
        or ``Domaine 1``), read as more items of the same list."""
        self.complete = True

    @property
    def label(self) -> str:
        return self.raw.label

    def rows(self) -> Iterator[Row]:
        width = len(self.raw.header)
        for line, cells in self.raw.rows:
            overflow = [c for c in cells[width:] if c] if len(cells) > width else None
            if overflow:
                self.out.add(
                    self.label,
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
            yield Row(self, line, cells)


class Row:
    """One row of a bound table; each accessor reports what it cannot read."""

    __slots__ = ("cells", "index", "line", "table")

    def __init__(self, table: BoundTable, line: int, cells: tuple[str, ...]) -> None:
        self.table = table
        self.line = line
        self.cells = cells
        self.index = table.index

    def _add(self, column: str | None, code: str, message: str | Said) -> None:
        header = self.table.headers.get(column, column) if column else None
        self.table.out.add(self.table.label, self.line, header, code, message)

    def text(self, column: str) -> str | None:
        index = self.index.get(column)
        if index is None:
            return None
        try:
            value = self.cells[index]
        except IndexError:
            return None
        if value.startswith("'"):
            value = unneutralised(value)
        return value or None

    def required(self, column: str) -> str | None:
        value = self.text(column)
        if value is None and column in self.table.index:
            header = self.table.headers[column]
            self._add(column, "empty-value", (f"{fq(header)} est vide", f"{header} is empty"))
        return value

    def list(self, column: str) -> tuple[str, ...]:
        """The items of a ``|`` list, with those of its numbered columns (``Domaine 2``...)."""
        parts = [self.text(column)]
        for index in self.table.more.get(column, ()):
            cell = self.cells[index] if index < len(self.cells) else ""
            parts.append(unneutralised(cell) if cell.startswith("'") else cell)
        items: dict[str, None] = {}
        for value in parts:
            if value:
                items.update(dict.fromkeys(self._items(column, value)))
        return tuple(items)

    def _items(self, column: str, value: str) -> tuple[str, ...]:
        if "|" not in value:
            separator = next((sep for sep in (";", ",") if sep in value), None)
            if separator is not None:
                suggestion = "|".join(part.strip() for part in value.split(separator))
                self._add(
                    column,
                    "list-separator",
                    (
                        f"{fq(value)} ressemble à une liste séparée par {fq(separator)}\u00a0: "
                        f"séparer les éléments par «\u00a0|\u00a0» ({fq(suggestion)})\u00a0; "
                        "lu comme un seul élément",
                        f"{value!r} looks like a list separated by {separator!r}: separate the "
                        f"items with '|' ({suggestion!r}); read as one item",
                    ),
                )
        items = parse_list(value)
        if column == "territories":
            return tuple(dict.fromkeys(labelled_code(item) for item in items))
        return items

    def date(self, column: str) -> dt.date | None:
        value = self.text(column)
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self._add(column, "invalid-date", date_problem(value))
        return parsed

    def number(
        self,
        column: str,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        integer: bool = False,
        code: str = "invalid-number",
    ) -> float | None:
        value = self.text(column)
        if value is None:
            return None
        parsed = parse_number(value)
        kind = "a whole number" if integer else "a number"
        if parsed is None or (integer and not parsed.is_integer()):
            self._add(
                column,
                code,
                (f"{fq(value)} n'est pas {_KINDS_FR.get(kind, kind)}", f"{value!r} is not {kind}"),
            )
            return None
        if (minimum is not None and parsed < minimum) or (maximum is not None and parsed > maximum):
            bounds = (
                f"between {minimum:g} and {maximum:g}"
                if maximum is not None
                else (f"at least {minimum:g}")
            )
            bornes = (
                f"entre {minimum:g} et {maximum:g}"
                if maximum is not None
                else (f"au moins {minimum:g}")
            ).replace(".", ",")
            self._add(
                column,
                code,
                (
                    f"{fq(value)} est hors bornes\u00a0: il doit être {bornes}",
                    f"{value!r} is out of range: must be {bounds}",
                ),
            )
            return None
        return parsed

    def extra(self) -> tuple[tuple[str, str], ...]:
        """The non-empty cells of columns outside the format, as ``(header, value)``."""
        if not self.table.extras:
            return ()
        return tuple(
            (header, self.cells[index])
            for index, header in self.table.extras
            if index < len(self.cells) and self.cells[index]
        )

    def add(self, column: str | None, code: str, message: str | Said) -> None:
        """Report a problem on this row (``column`` is the canonical name); ``message`` is
        English or ``(French, English)``."""
        self._add(column, code, message)


def bind(raw: RawTable, spec: TableSpec, out: ProblemCollector) -> BoundTable:
    """Match the headers of ``raw`` to ``spec``; report missing, duplicate, unknown columns."""
    table = BoundTable(raw, spec, out)
    line = raw.header_line
    for index, header in enumerate(raw.header):
        if not header:
            continue
        column = spec.column_for(header)
        numbered = _numbered_list_column(spec, header) if column is None else None
        if numbered is not None:
            if numbered.name in table.index:
                table.more.setdefault(numbered.name, []).append(index)
            else:
                table.index[numbered.name] = index
                table.headers[numbered.name] = header
            continue
        if column is None:
            table.extras.append((index, header))
            message = _unknown_column_message(header, spec)
            out.add(raw.label, line, header, "unknown-column", message)
        elif column.name in table.index:
            out.add(
                raw.label,
                line,
                header,
                "duplicate-column",
                (
                    f"{fq(header)} veut dire {fq(column.name)}, déjà donnée par "
                    f"{fq(table.headers[column.name])}",
                    f"{header!r} means {column.name!r}, already given by "
                    f"{table.headers[column.name]!r}",
                ),
            )
        else:
            table.index[column.name] = index
            table.headers[column.name] = header
    for column in spec.columns:
        if column.required and column.name not in table.index:
            table.complete = False
            out.add(
                raw.label,
                line,
                None,
                "missing-column",
                (
                    f"la colonne obligatoire {_spellings(column, fq)} manque",
                    f"required column {_spellings(column)} is missing",
                ),
            )
    _check_headerless_cells(table)
    _check_control_characters(table)
    return table


#: Columns holding ``|`` lists, which may be spread over numbered columns.
LIST_COLUMNS = frozenset({"territories", "fields", "publics", "parent"})
_NUMBERED = re.compile(r"^(?P<base>.*?\D)\s*(?P<number>\d{1,2})$")


def _numbered_list_column(spec: TableSpec, header: str) -> ColumnSpec | None:
    """The list column a numbered header continues (``Domaine 2`` → ``fields``), if any.

    >>> from partenariat.io.schema import TABLES
    >>> _numbered_list_column(TABLES["organisations"], "Territoire 3").name
    'territories'
    >>> _numbered_list_column(TABLES["organisations"], "Adresse 2") is None
    True
    """
    found = _NUMBERED.match(header.strip())
    if found is None:
        return None
    column = spec.column_for(found["base"])
    return column if column is not None and column.name in LIST_COLUMNS else None


#: Invisible control characters (tabs and line breaks inside a cell are allowed).
CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_control_characters(table: BoundTable) -> None:
    """Warn once per cell holding a control character (XML exports cannot carry them)."""
    raw = table.raw
    names = dict(enumerate(raw.header))
    if raw.columns is not None:
        for position, name in enumerate(raw.columns.columns):
            hits = raw.columns.select(pl.col(name).str.contains(CONTROL.pattern)).to_series()
            for row in hits.arg_true().to_list():
                _control(table, raw.lines[row], names.get(position))
        return
    if not any(CONTROL.search("".join(cells)) for _, cells in raw.rows):
        return
    for line, cells in raw.rows:
        for position, cell in enumerate(cells):
            if CONTROL.search(cell):
                _control(table, line, names.get(position))


def _control(table: BoundTable, line: int, header: str | None) -> None:
    table.out.add(
        table.label,
        line,
        header or None,
        "control-character",
        (
            "un caractère de contrôle invisible est dans cette cellule (souvent collé depuis "
            "un autre logiciel)\u00a0; il est retiré des exports GEXF et GraphML",
            "an invisible control character is in this cell (often pasted from "
            "another program); it is removed from GEXF and GraphML exports",
        ),
    )


def _check_headerless_cells(table: BoundTable) -> None:
    blank = [i for i, header in enumerate(table.raw.header) if not header]
    if not blank:
        return
    raw = table.raw
    if raw.columns is not None:
        names = [raw.columns.columns[i] for i in blank if i < raw.columns.width]
        if not names:
            return
        found = raw.columns.select(
            pl.coalesce(
                [
                    pl.when(pl.col(n) != "").then(pl.lit(i))
                    for i, n in zip(blank, names, strict=False)
                ]
            ).alias("at"),
            pl.coalesce([pl.when(pl.col(n) != "").then(pl.col(n)) for n in names]).alias("v"),
        )
        for row, (index, value) in enumerate(found.iter_rows()):
            if index is not None:
                table.out.add(
                    table.label,
                    raw.lines[row],
                    None,
                    "extra-cells",
                    (
                        f"{fq(value)} est dans la colonne {index + 1}, qui n'a pas d'en-tête",
                        f"{value!r} is in column {index + 1}, which has no header",
                    ),
                )
        return
    for line, cells in table.raw.rows:
        for index in blank:
            if index < len(cells) and cells[index]:
                table.out.add(
                    table.label,
                    line,
                    None,
                    "extra-cells",
                    (
                        f"{fq(cells[index])} est dans la colonne {index + 1}, qui n'a pas "
                        "d'en-tête",
                        f"{cells[index]!r} is in column {index + 1}, which has no header",
                    ),
                )
                break


def _spellings(column: ColumnSpec, quote: Callable[[str], str] = repr) -> str:
    """The column's name and first alias, each quoted by ``quote``."""
    names = [column.name, *column.aliases[:1]]
    return " / ".join(quote(n) for n in names)


#: What a cell should have been, in French.
_KINDS_FR = {"a whole number": "un nombre entier", "a number": "un nombre"}


def _unknown_column_message(header: str, spec: TableSpec) -> Said:
    known = {fold(s): spec.column_for(s) for s in spec.known_headers()}
    close = difflib.get_close_matches(fold(header), list(known), n=1, cutoff=0.8)
    kept = "not part of the format; its values are kept as they are"
    gardee = "ne fait pas partie du format\u00a0; ses valeurs sont conservées telles quelles"
    if close:
        column = known[close[0]]
        assert column is not None
        return (
            f"{fq(header)} {gardee}\u00a0; vouliez-vous dire {fq(column.name)}\u00a0?",
            f"{header!r} is {kept}; did you mean {column.name!r}?",
        )
    return f"{fq(header)} {gardee}", f"{header!r} is {kept}"
