"""Reference lists given by the user, such as the field universe of ``--fields FILE``.

A reference file is one value per line, or a CSV file whose column ``field``/``domaine`` (or
its first column) holds the values.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "domaines.csv"
>>> _ = path.write_text("Domaine;Description\\nlogement;se loger\\nsanté;\\n", encoding="cp1252")
>>> read_field_list(path)
('logement', 'santé')
"""

from __future__ import annotations

from pathlib import Path

from partenariat.errors import InputError
from partenariat.io.tables import read_csv_file
from partenariat.problems import ProblemCollector
from partenariat.text import fold

_FIELD_HEADERS = {"field", "fields", "domaine", "domaines", "thematique", "thematiques", "value"}


def read_field_list(path: str | Path) -> tuple[str, ...]:
    """The values of a reference list, in file order, without repeats."""
    path = Path(path)
    result = read_csv_file(path)
    table = result.table
    if table is None:
        out = ProblemCollector()
        for problem in result.problems:
            out.add(path.name, problem.line, None, problem.code, problem.message)
        raise InputError(out.report())
    headers = [fold(h) for h in table.header]
    column = next((i for i, h in enumerate(headers) if h in _FIELD_HEADERS), None)
    values: list[str] = []
    if column is None:
        column = 0
        values.append(table.header[0])
    values += [cells[column] for _, cells in table.rows if column < len(cells)]
    return tuple(dict.fromkeys(v for v in values if v))
