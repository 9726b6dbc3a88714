"""Write a dataset back as a data folder of CSV files (the inverse of loading).

Headers are the canonical English names, lists are ``|``-joined, dates ISO. Columns outside
the format are written back after the known ones. Existing files are never overwritten
unless asked.

>>> import pathlib, tempfile
>>> from partenariat.model import Dataset, Organisation
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "copie"
>>> ccas = Organisation(id="01053", name="CCAS", fields=("aide", "logement"))
>>> data = Dataset(organisations=(ccas,))
>>> [p.name for p in write_folder(data, folder)]
['organisations.csv', 'links.csv']
>>> import csv
>>> row = next(csv.DictReader((folder / "organisations.csv").open(encoding="utf-8")))
>>> row["id"], row["fields"], row["lat"]
('01053', 'aide|logement', '')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from partenariat.io.schema import TABLES
from partenariat.model import Dataset
from partenariat.output import write_safely

_FIELD_FOR_COLUMN = {("territories", "parent"): "parents"}
#: The file each table is written to (the others: the table's name).
FILE_NAMES = {"responses": "reponses"}
#: A text cell starting with one of these is a formula for a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """``text`` prefixed with ``'`` when a spreadsheet would run it as a formula; the reader
    removes that prefix again (:func:`partenariat.io.values.unneutralised`).

    >>> neutralised("=HYPERLINK(1)"), neutralised("+33 1 64 52"), neutralised("CCAS")
    ("'=HYPERLINK(1)", "'+33 1 64 52", 'CCAS')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_folder(
    dataset: Dataset, folder: str | Path, *, excel: bool = False, overwrite: bool = False
) -> list[Path]:
    """Write ``dataset`` into ``folder`` (created if needed); return the files written.

    ``excel=True`` writes what French Excel opens directly: ``;`` and UTF-8 with BOM.
    """
    return write_safely(folder_files(dataset, folder, excel=excel), overwrite=overwrite)


def folder_files(dataset: Dataset, folder: str | Path, *, excel: bool = False) -> dict[Path, bytes]:
    """The files of the data folder of ``dataset`` (see :func:`write_folder`), by path;
    nothing is written."""
    folder = Path(folder)
    tables: dict[str, Sequence[BaseModel]] = {
        "organisations": dataset.organisations,
        "links": dataset.links,
        "territories": dataset.territories,
        "services": dataset.services,
        "interventions": dataset.interventions,
        "responses": dataset.responses,
    }
    targets = [
        (folder / f"{FILE_NAMES.get(name, name)}.csv", name, items)
        for name, items in tables.items()
        if items or TABLES[name].required
    ]
    return {path: _table_bytes(name, items, excel=excel) for path, name, items in targets}


def _table_bytes(name: str, items: Sequence[BaseModel], *, excel: bool) -> bytes:
    columns = [column.name for column in TABLES[name].columns]
    extras: dict[str, None] = {}
    for item in items:
        for header, _ in getattr(item, "extra", ()):
            extras.setdefault(header, None)
    handle = io.StringIO()
    writer = csv.writer(
        handle, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
    )
    writer.writerow([*columns, *extras])
    for item in items:
        values = [_cell(getattr(item, _FIELD_FOR_COLUMN.get((name, c), c))) for c in columns]
        extra = dict(getattr(item, "extra", ()))
        writer.writerow([*values, *(extra.get(header, "") for header in extras)])
    return handle.getvalue().encode("utf-8-sig" if excel else "utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    if isinstance(value, tuple):
        return neutralised("|".join(str(v) for v in value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)
