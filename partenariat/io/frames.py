"""Read tables given in memory: pandas or polars DataFrames, or lists of dicts.

A mapping of table name to table goes through the very path a data folder takes: each
table becomes a :class:`~partenariat.io.tables.RawTable` of text cells (as a CSV file or
a workbook sheet does), then the same reader binds its headers (French or English,
aliases), parses its cells (``|`` lists, ``DD/MM/YYYY`` or ISO dates, decimal commas) and
reports every problem. Each problem is located as in a file: the *file* is the table's
name as given (``organisations``, ``liens``...), the *line* the row number a spreadsheet
would show (the header is line 1, the first row line 2), the *column* the header.

The table names are the data folder's file names (see
:func:`partenariat.io.schema.table_for_file_stem`): ``organisations``, ``links`` or
``liens``, ``territories`` or ``territoires``, ``services``, ``interventions``...
A pandas DataFrame's index is not read: a column kept as the index (``index_col="id"``)
is missing. Codes and identifiers are best read as text (``dtype=str``): a number loses
its leading zeros (``01053`` read as ``1053``), which nothing can bring back.

Examples:
    >>> from partenariat.io.folder import validate
    >>> report = validate({
    ...     "organisations": [{"id": "A", "nom": "CCAS"}, {"id": "B", "nom": "CAF"}],
    ...     "liens": [{"source": "A", "cible": "B"}, {"source": "A", "cible": "Z"}],
    ... })
    >>> [p.render() for p in report.errors]
    ['liens:3: error unknown-organisation: no organisation has the id "Z" (column cible)']
    >>> cell_value(12000.0), cell_value(float("nan")), cell_value(["logement", "santé"])
    ('12000', '', 'logement|santé')
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import difflib
import hashlib
import io
import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from partenariat.io.schema import TABLES, table_for_file_stem
from partenariat.io.tables import RawTable, cell_text, table_from_rows
from partenariat.problems import ProblemCollector
from partenariat.text import fold

#: The path of a study read from memory (:attr:`partenariat.app.study.Study.path`): it
#: names no file, and a study with this path has no input file.
MEMORY = Path("<memory>")

#: A table given in memory: a pandas or polars DataFrame, or a list of dicts (one per row).
TableLike = Any

#: The French name of the tables whose name is English (both are accepted).
_FRENCH = {"links": "liens", "territories": "territoires", "responses": "reponses"}

_KINDS = "a pandas or polars DataFrame, or a list of dicts (one per row)"


def cell_value(value: object) -> str:
    """A value of a table in memory as the text of a cell, as a file would hold it.

    Missing values (``None``, NaN, pandas' ``NA`` and ``NaT``) are empty cells; a whole
    float is written without ``.0`` (a population, a SIRET or a postcode that pandas read
    as a float); dates (Python, pandas or numpy) in ISO form; a list or a tuple as a
    ``|`` list; anything else as ``str()`` does.

    >>> import datetime as dt
    >>> cell_value(None), cell_value(77288.0), cell_value(48.5), cell_value(True)
    ('', '77288', '48.5', 'true')
    >>> cell_value(dt.date(2025, 2, 13)), cell_value(dt.datetime(2025, 2, 13, 9, 30))
    ('2025-02-13', '2025-02-13 09:30:00')
    >>> cell_value(("a", None, "b ")), cell_value(" texte ")
    ('a|b', 'texte')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float):
        return "" if math.isnan(value) else cell_text(value)
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(text for text in map(cell_value, value) if text)
    if type(value).__module__ == "numpy":
        return _numpy_value(value)
    if isinstance(value, decimal.Decimal):
        if value.is_nan():
            return ""
        if value.is_finite() and value == value.to_integral_value():
            return str(int(value))
        return str(value)
    if isinstance(value, (bool, int, dt.date)):
        return cell_text(value)
    return str(value).strip()


def _numpy_value(value: Any) -> str:
    """A numpy scalar or array (a cell of an object column) as text: see :func:`cell_value`."""
    import numpy as np

    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return ""
        return cell_value(value.astype("datetime64[us]").tolist())
    return cell_value(value.tolist())


def table_rows(name: str, table: TableLike) -> list[tuple[str, ...]]:
    """The rows of a table given in memory as text cells, its header first; raises
    :class:`TypeError` (naming the table) for anything but a pandas or polars DataFrame or
    a list of dicts.

    The header of a list of dicts is every key, in the order first met; a row without a
    key has an empty cell there.

    >>> table_rows("liens", [{"source": "A", "cible": "B"}, {"source": "A", "note": 1.0}])
    [('source', 'cible', 'note'), ('A', 'B', ''), ('A', '', '1')]
    >>> table_rows("liens", "A;B")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: the table 'liens' is a str: give a pandas or polars DataFrame, or a list of ...
    """
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(table, pandas.DataFrame):
        columns = [table.iloc[:, k].tolist() for k in range(table.shape[1])]
        body: Iterable[Sequence[object]] = (
            zip(*columns, strict=True) if columns else ([] for _ in range(len(table)))
        )
        return _texts(list(table.columns), body)
    polars = sys.modules.get("polars")
    if polars is not None and isinstance(table, polars.DataFrame):
        return _texts(table.columns, table.iter_rows())
    if isinstance(table, (list, tuple)):
        return _records(name, table)
    raise TypeError(f"the table {name!r} is a {type(table).__name__}: give {_KINDS}")


def _texts(header: Iterable[object], body: Iterable[Sequence[object]]) -> list[tuple[str, ...]]:
    rows = [tuple(cell_value(key) for key in header)]
    rows.extend(tuple(map(cell_value, row)) for row in body)
    return rows


def _records(name: str, records: Sequence[object]) -> list[tuple[str, ...]]:
    """The rows of a list of dicts (see :func:`table_rows`)."""
    keys: dict[object, None] = {}
    for number, record in enumerate(records, start=2):
        if not isinstance(record, Mapping):
            raise TypeError(
                f"the table {name!r} holds a {type(record).__name__} at line {number} "
                f"(its row {number - 2}): a list of dicts is expected, one per row"
            )
        keys.update(dict.fromkeys(record))
    header = list(keys)
    body = (
        [record.get(key) for key in header] for record in records if isinstance(record, Mapping)
    )
    return _texts(header, body)


def canonical_csv(rows: Iterable[Sequence[str]]) -> str:
    """The canonical CSV text of a table's text cells (``,``-separated, ``\\n`` line ends,
    quoted where needed): what the SHA-256 fingerprint of a table in memory is taken of.

    >>> canonical_csv([("id", "nom"), ("A", "CCAS, Melun")])
    'id,nom\\nA,"CCAS, Melun"\\n'
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def discover_tables(
    tables: Mapping[Any, TableLike], out: ProblemCollector, sources: dict[str, str]
) -> dict[str, RawTable]:
    """The raw tables of a mapping given in memory, as :func:`partenariat.io.folder.read`
    finds those of a folder; ``sources`` gets the SHA-256 of each table's canonical CSV
    text (see :func:`canonical_csv`) under its name.

    Raises :class:`TypeError` for a name that is not text or a table of the wrong type.
    Reports (in ``out``) a name that is no table of the format, two names of the same
    table, an empty table and a required table missing: all errors.
    """
    converted: list[tuple[str, list[tuple[str, ...]]]] = []
    for key, table in tables.items():
        if not isinstance(key, str):
            raise TypeError(f"a table name must be text, not {type(key).__name__} ({key!r})")
        converted.append((key, table_rows(key, table)))
    found: dict[str, list[str]] = defaultdict(list)
    raws: dict[str, RawTable] = {}
    for key, rows in converted:
        spec = table_for_file_stem(key)
        if spec is None:
            _unknown_table(key, out)
            continue
        found[spec.name].append(key)
        if len(found[spec.name]) > 1:
            first = found[spec.name][0]
            out.add(
                key,
                None,
                None,
                "ambiguous-file",
                (
                    f"{first} et {key} sont tous deux la table {spec.name}",
                    f"{first} and {key} are both the {spec.name} table",
                ),
            )
            continue
        sources[key] = hashlib.sha256(canonical_csv(rows).encode()).hexdigest()
        table = table_from_rows(key, rows) if any(rows[0]) else None
        if table is None:
            out.add(
                key,
                None,
                None,
                "empty-file",
                (
                    "la table est vide\u00a0: aucune colonne (une liste vide n'en a pas\u00a0: "
                    "donner un DataFrame avec ses colonnes)",
                    "the table is empty: no column (an empty list has none: give a "
                    "DataFrame with its columns)",
                ),
            )
        else:
            raws[spec.name] = table
    _missing_tables(found, [key for key, _ in converted], out)
    return raws


def _known_tables() -> str:
    return ", ".join(f"{name} ({_FRENCH[name]})" if name in _FRENCH else name for name in TABLES)


def _unknown_table(key: str, out: ProblemCollector) -> None:
    stems = [name for spec in TABLES.values() for name in spec.files]
    close = difflib.get_close_matches(fold(key), stems, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    indice = f"vouliez-vous dire «\u00a0{close[0]}\u00a0»\u00a0? " if close else ""
    known = _known_tables()
    out.add(
        key,
        None,
        None,
        "unreadable-file",
        (
            f"pas une table du format\u00a0; {indice}tables connues\u00a0: {known}",
            f"not a table of the format; {hint}known tables: {known}",
        ),
    )


def _missing_tables(found: dict[str, list[str]], given: list[str], out: ProblemCollector) -> None:
    holds = ", ".join(given)
    for spec in TABLES.values():
        if not spec.required or spec.name in found:
            continue
        names = " or ".join(repr(name) for name in dict.fromkeys((spec.name, *spec.files[:2])))
        noms = " ou ".join(
            f"«\u00a0{name}\u00a0»" for name in dict.fromkeys((spec.name, *spec.files[:2]))
        )
        out.add(
            MEMORY.name,  # as a folder's missing file is reported in the folder's name
            None,
            None,
            "missing-file",
            (
                f"la table {spec.name} est obligatoire (nommée {noms})\u00a0; "
                + (f"les tables données\u00a0: {holds}" if holds else "aucune table donnée"),
                f"the {spec.name} table is required (named {names}); "
                + (f"the tables given: {holds}" if holds else "no table was given"),
            ),
        )
