"""Cells of the workbooks partenariat writes (the collection workbook, questionnaires, the
directory): every text stays text, dates show the French way.

Below every layer (it imports nothing of partenariat): the readers of `io` and the renderers
of `export` both write with it.

openpyxl reads a string starting with ``=`` as a formula; a name such as
``=HYPERLINK("http://x")`` typed by a partner must come back as the same text, never run.

>>> from openpyxl import Workbook
>>> sheet = Workbook().active
>>> append_row(sheet, ["=1+1", 3, None])
>>> sheet["A1"].value, sheet["A1"].data_type, sheet["B1"].data_type
('=1+1', 's', 'n')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append ``values`` as a row of ``sheet``: texts as texts (never formulas), dates shown
    ``DD/MM/YYYY``, numbers as numbers. Each cell is made here, so that appending stays
    linear (reading a row back asks openpyxl for the sheet's size, which walks every cell)."""
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        cell = Cell(sheet, row=1, column=1, value=value)  # placed by append
        mark_text(cell)
        cells.append(cell)
    sheet.append(cells)


def mark_text(cell: Any) -> None:
    """Keep a cell's text as text, and show a date the French way."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    elif isinstance(cell.value, dt.date):
        cell.number_format = "DD/MM/YYYY"
