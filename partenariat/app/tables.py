"""A study's answers as plain, named tables, for a script or a notebook.

Each function takes a :class:`~partenariat.app.study.Study` and, optionally, the analysis
options (the study's own by default) and returns a :class:`Table`: immutable, picklable,
JSON-ready, whose rows hold only plain Python values (text, numbers, booleans, ``None``
and tuples of text) and carry each organisation's and territory's name beside its id.
The analyses come from the study's :meth:`~partenariat.app.study.Study.sections`, computed
once per options and shared by every table: :func:`isolated` and :func:`brokers` need no
betweenness, :func:`gaps` needs the coverage only.

Every function has the same signature, ``(study, options=None) -> Table`` (see
:data:`TABLES`), so that a method of the study is a one-liner.

Examples:
    >>> import partenariat
    >>> study = partenariat.open("examples/melun-val-de-seine")
    >>> table = brokers(study)
    >>> table
    <Table brokers: 3 rows, 4 columns (organisation, name, cut_off, degree)>
    >>> table[0]["name"], table[0]["cut_off"]
    ('France Services de Saint-Fargeau-Ponthierry', 2)
    >>> table.to_polars().shape
    (3, 4)
    >>> import pickle
    >>> pickle.loads(pickle.dumps(table)) == table
    True
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload

import numpy as np

if TYPE_CHECKING:
    import polars as pl

    from partenariat.analysis.options import DiagnosisOptions
    from partenariat.app.study import Study

__all__ = [
    "COLUMNS",
    "MEASURES",
    "TABLES",
    "Cell",
    "Kind",
    "Table",
    "brokers",
    "cases",
    "centrality",
    "coverage",
    "gaps",
    "isolated",
    "measures",
    "overlaps",
    "suggestions",
    "thin_cells",
]

#: One value of a table: text, a whole number, a decimal, a boolean, nothing, or a list of
#: texts (held as a tuple).
Cell: TypeAlias = str | int | float | bool | tuple[str, ...] | None
#: What a column holds (every value of it, or ``None``).
Kind = Literal["str", "int", "float", "bool", "list"]
KINDS: tuple[Kind, ...] = ("str", "int", "float", "bool", "list")
#: Rows shown by :meth:`Table._repr_html_`.
HTML_ROWS = 20


@dataclass(frozen=True, repr=False)
class Table:
    """An immutable table: a ``name``, its ``columns`` and ``rows`` of plain values.

    ``kinds`` says what each column holds (``str``, ``int``, ``float``, ``bool`` or
    ``list`` of texts); inferred from the values when not given (a column with no value
    is ``str``). The values are checked and made plain when the table is built: lists
    become tuples, numpy numbers Python ones, whole numbers in a ``float`` column decimals;
    any other value raises :class:`TypeError`, a row of the wrong width
    :class:`ValueError`.

    A table is a sequence of rows: ``len``, iteration (each row as a new ``dict``),
    ``table[i]`` (a ``dict``, a copy) and ``table[i:j]`` (a table). An empty table is
    falsy.

    >>> table = Table("people", ("name", "age", "tags"), [["Ana", 31, ["a", "b"]]])
    >>> table.kinds, table.rows
    (('str', 'int', 'list'), (('Ana', 31, ('a', 'b')),))
    >>> table[0], len(table)
    ({'name': 'Ana', 'age': 31, 'tags': ('a', 'b')}, 1)
    >>> table.to_dict()
    {'name': 'people', 'columns': ['name', 'age', 'tags'], 'rows': [['Ana', 31, ['a', 'b']]]}
    >>> table.rows = ()
    Traceback (most recent call last):
    dataclasses.FrozenInstanceError: cannot assign to field 'rows'
    >>> Table("bad", ("age",), [["31"]], ("int",))
    Traceback (most recent call last):
    TypeError: column 'age' holds int values, not '31'
    """

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()
    kinds: tuple[Kind, ...] = ()

    def __post_init__(self) -> None:
        columns = tuple(str(column) for column in self.columns)
        if len(set(columns)) != len(columns):
            raise ValueError(f"table {self.name!r}: a column is named twice: {columns}")
        rows = tuple(tuple(row) for row in self.rows)
        for number, row in enumerate(rows):
            if len(row) != len(columns):
                raise ValueError(
                    f"table {self.name!r}: row {number} has {len(row)} values "
                    f"for {len(columns)} columns"
                )
        kinds = tuple(self.kinds) or tuple(
            _infer(column, (row[j] for row in rows)) for j, column in enumerate(columns)
        )
        if len(kinds) != len(columns) or any(kind not in KINDS for kind in kinds):
            raise ValueError(f"table {self.name!r}: kinds {kinds} do not fit {columns}")
        plain = tuple(
            tuple(
                _plain(value, kind, column)
                for value, kind, column in zip(row, kinds, columns, strict=True)
            )
            for row in rows
        )
        object.__setattr__(self, "name", str(self.name))
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "rows", plain)
        object.__setattr__(self, "kinds", kinds)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Cell]]:
        columns = self.columns
        for row in self.rows:
            yield dict(zip(columns, row, strict=True))

    @overload
    def __getitem__(self, item: int) -> dict[str, Cell]: ...

    @overload
    def __getitem__(self, item: slice) -> Table: ...

    def __getitem__(self, item: int | slice) -> dict[str, Cell] | Table:
        """Row ``item`` as a new ``dict`` (changing it leaves the table as it is), or the
        rows of a slice as a table."""
        if isinstance(item, slice):
            return Table(self.name, self.columns, self.rows[item], self.kinds)
        return dict(zip(self.columns, self.rows[item], strict=True))

    def column(self, name: str) -> tuple[Cell, ...]:
        """The values of the column ``name`` (``KeyError`` when the table has none).

        >>> Table("t", ("a", "b"), [(1, "x"), (2, "y")]).column("b")
        ('x', 'y')
        """
        if name not in self.columns:
            raise KeyError(name)
        j = self.columns.index(name)
        return tuple(row[j] for row in self.rows)

    def to_dict(self) -> dict[str, Any]:
        """The table as JSON-ready Python: ``{"name", "columns", "rows"}``, each row a
        list, each list of texts a list."""
        return {
            "name": self.name,
            "columns": list(self.columns),
            "rows": [
                [list(value) if isinstance(value, tuple) else value for value in row]
                for row in self.rows
            ],
        }

    def to_polars(self) -> pl.DataFrame:
        """The table as a :class:`polars.DataFrame`, one column per column, typed by its
        kind (``String``, ``Int64``, ``Float64``, ``Boolean``, lists as ``List(String)``),
        even when the table is empty.

        >>> Table("t", ("a", "b"), [(1, ("x",))]).to_polars().dtypes
        [Int64, List(String)]
        """
        import polars as pl

        types: dict[str, pl.DataType] = {
            "str": pl.String(),
            "int": pl.Int64(),
            "float": pl.Float64(),
            "bool": pl.Boolean(),
            "list": pl.List(pl.String()),
        }
        return pl.DataFrame(
            {column: self._values(j) for j, column in enumerate(self.columns)},
            schema={
                column: types[kind] for column, kind in zip(self.columns, self.kinds, strict=True)
            },
        )

    def to_pandas(self) -> Any:
        """The table as a :class:`pandas.DataFrame` (pandas is an optional dependency:
        ``pip install 'partenariat[pandas]'``). Whole numbers are ``Int64`` and booleans
        ``boolean`` (pandas' types that hold a missing value), decimals ``float64`` (a
        missing value is NaN), texts pandas' own text type (``str`` from pandas 3,
        ``object`` before), lists of texts Python lists in an ``object`` column.

        >>> frame = Table("t", ("a", "b"), [(1, 0.5), (None, None)]).to_pandas()
        >>> [str(dtype) for dtype in frame.dtypes], frame.shape
        (['Int64', 'float64'], (2, 2))
        """
        try:
            pd = importlib.import_module("pandas")
        except ImportError as error:
            raise ImportError(
                "Table.to_pandas needs pandas, an optional dependency of partenariat: "
                "pip install 'partenariat[pandas]'"
            ) from error
        data: dict[str, Any] = {}
        for j, (column, kind) in enumerate(zip(self.columns, self.kinds, strict=True)):
            values = self._values(j)
            if kind == "int":
                data[column] = pd.array(values, dtype="Int64")
            elif kind == "bool":
                data[column] = pd.array(values, dtype="boolean")
            elif kind == "float":
                data[column] = np.array(
                    [np.nan if v is None else v for v in values], dtype=np.float64
                )
            elif kind == "str" and any(v is not None for v in values):
                data[column] = pd.Series(values)
            else:  # lists, and text columns with no value
                data[column] = pd.Series(values, dtype=object)
        return pd.DataFrame(data, columns=list(self.columns))

    def _values(self, j: int) -> list[Any]:
        """Column ``j``, lists of texts as lists."""
        values = (row[j] for row in self.rows)
        return [list(v) if isinstance(v, tuple) else v for v in values]

    def _repr_html_(self) -> str:
        """The first rows as an HTML table (a notebook shows it); every text escaped."""
        cells = "".join(f"<th>{html.escape(column)}</th>" for column in self.columns)
        lines = [
            '<table class="partenariat-table">',
            f"<caption>{html.escape(self.name)}: {_count(len(self), 'row')}</caption>",
            f"<thead><tr>{cells}</tr></thead>",
            "<tbody>",
        ]
        for row in self.rows[:HTML_ROWS]:
            lines.append(
                "<tr>" + "".join(f"<td>{html.escape(_text(v))}</td>" for v in row) + "</tr>"
            )
        lines.append("</tbody>")
        if len(self) > HTML_ROWS:
            more = _count(len(self) - HTML_ROWS, "more row")
            lines.append(f'<tfoot><tr><td colspan="{len(self.columns)}">… {more}</td></tr></tfoot>')
        lines.append("</table>")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<Table {self.name}: {_count(len(self), 'row')}, "
            f"{_count(len(self.columns), 'column')} ({', '.join(self.columns)})>"
        )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _text(value: Cell) -> str:
    """A value as a cell of the HTML table shows it."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def _infer(column: str, values: Iterable[Any]) -> Kind:
    """The kind of a column from its values (``str`` when it has none)."""
    found: set[Kind] = set()
    for value in values:
        if value is None:
            continue
        if isinstance(value, (bool, np.bool_)):
            found.add("bool")
        elif isinstance(value, (int, np.integer)):
            found.add("int")
        elif isinstance(value, (float, np.floating)):
            found.add("float")
        elif isinstance(value, str):
            found.add("str")
        elif isinstance(value, (tuple, list)):
            found.add("list")
        else:
            raise TypeError(f"column {column!r}: {value!r} is not a plain value")
    if found == {"int", "float"}:
        return "float"
    if len(found) > 1:
        raise TypeError(f"column {column!r} mixes {', '.join(sorted(found))} values")
    return found.pop() if found else "str"


def _plain(value: Any, kind: Kind, column: str) -> Cell:
    """``value`` as the plain Python value of a ``kind`` column (``TypeError`` when it is
    not one)."""
    if value is None:
        return None
    if kind == "str" and isinstance(value, str):
        return str(value)
    if kind == "bool" and isinstance(value, (bool, np.bool_)):
        return bool(value)
    if not isinstance(value, (bool, np.bool_)):
        if kind == "int" and isinstance(value, (int, np.integer)):
            return int(value)
        if kind == "float" and isinstance(value, (int, float, np.integer, np.floating)):
            return float(value)
    if (
        kind == "list"
        and isinstance(value, (tuple, list))
        and all(isinstance(v, str) for v in value)
    ):
        return tuple(str(v) for v in value)
    raise TypeError(f"column {column!r} holds {kind} values, not {value!r}")


# --- the tables of a study --------------------------------------------------------------

#: The columns of each table of a study and what they hold, by table name.
COLUMNS: Mapping[str, tuple[tuple[str, Kind], ...]] = MappingProxyType(
    {
        "gaps": (
            ("territory", "str"),
            ("territory_name", "str"),
            ("field", "str"),
            ("population", "int"),
        ),
        "thin_cells": (
            ("territory", "str"),
            ("territory_name", "str"),
            ("field", "str"),
            ("organisation", "str"),
            ("name", "str"),
        ),
        "coverage": (
            ("territory", "str"),
            ("territory_name", "str"),
            ("field", "str"),
            ("organisations", "int"),
            ("status", "str"),
        ),
        "overlaps": (
            ("field", "str"),
            ("public", "str"),
            ("organisations", "list"),
            ("names", "list"),
            ("territories", "list"),
            ("territory_names", "list"),
            ("population", "int"),
            ("uncoordinated", "bool"),
            ("unlinked_pair_count", "int"),
            ("pair_count", "int"),
        ),
        "isolated": (("organisation", "str"), ("name", "str"), ("reason", "str")),
        "brokers": (
            ("organisation", "str"),
            ("name", "str"),
            ("cut_off", "int"),
            ("degree", "int"),
        ),
        "centrality": (
            ("organisation", "str"),
            ("name", "str"),
            ("degree", "int"),
            ("betweenness", "float"),
        ),
        "suggestions": (
            ("organisation_a", "str"),
            ("name_a", "str"),
            ("organisation_b", "str"),
            ("name_b", "str"),
            ("kind", "str"),
            ("fields", "list"),
            ("publics", "list"),
            ("territories", "int"),
            ("population", "int"),
            ("cases", "int"),
        ),
        "cases": (
            ("case", "str"),
            ("organisations", "list"),
            ("names", "list"),
            ("organisation_count", "int"),
            ("fields", "list"),
            ("linked_share", "float"),
            ("components", "int"),
            ("coordinators", "list"),
            ("coordinator_names", "list"),
            ("fragmented", "bool"),
        ),
        "measures": (("measure", "str"), ("value", "float")),
    }
)


def _table(name: str, rows: Iterable[tuple[Cell, ...]]) -> Table:
    spec = COLUMNS[name]
    return Table(
        name,
        tuple(column for column, _ in spec),
        tuple(rows),
        tuple(kind for _, kind in spec),
    )


def gaps(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """The coverage gaps: a territory where no organisation serves a field, most populated
    first (``territory``, ``territory_name``, ``field``, ``population``).

    >>> import partenariat
    >>> table = gaps(partenariat.open("examples/melun-val-de-seine"))
    >>> len(table), table[0]
    (59, {'territory': '77288', 'territory_name': 'Melun', 'field': 'lien social', 'population': 45995})
    """  # noqa: E501
    found = study.sections(options).coverage.gaps
    return _table("gaps", ((g.territory, g.name, g.field, g.population) for g in found))


def thin_cells(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """The thin cells: a territory and field served by one organisation only
    (``territory``, ``territory_name``, ``field``, ``organisation``, ``name``).

    >>> import partenariat
    >>> table = thin_cells(partenariat.open("examples/melun-val-de-seine"))
    >>> len(table), table[0]["territory_name"], table[0]["organisation"]
    (73, 'Boissettes', 'rvh-sud77')
    """
    name = study.network.name
    found = study.sections(options).coverage.thin_cells
    return _table(
        "thin_cells",
        ((c.territory, c.name, c.field, c.organisation, name(c.organisation)) for c in found),
    )


def coverage(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """The coverage matrix in long form, one row per territory and field: how many
    organisations serve it and its status (``gap``, ``partial``, ``thin`` or ``covered``)
    (``territory``, ``territory_name``, ``field``, ``organisations``, ``status``).

    >>> import partenariat
    >>> table = coverage(partenariat.open("examples/melun-val-de-seine"))
    >>> len(table), table[1]
    (440, {'territory': '77038', 'territory_name': 'Boissettes', 'field': 'addictions', 'organisations': 1, 'status': 'thin'})
    """  # noqa: E501
    matrix = study.sections(options).coverage.matrix()
    fields = matrix["fields"]
    return _table(
        "coverage",
        (
            (row["territory"], row["name"], field, count, status)
            for row in matrix["territories"]
            for field, count, status in zip(
                fields, row["organisations"], row["status"], strict=True
            )
        ),
    )


def overlaps(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """The overlaps: organisations offering the same field to the same public on the same
    territories, uncoordinated ones first (``field``, ``public``, ``organisations``,
    ``names``, ``territories``, ``territory_names``, ``population``, ``uncoordinated``,
    ``unlinked_pair_count``, ``pair_count``).

    >>> import partenariat
    >>> table = overlaps(partenariat.open("examples/melun-val-de-seine"))
    >>> len(table), table[0]["territory_names"], table[0]["unlinked_pair_count"]
    (115, ('Dammarie-les-Lys',), 24)
    """
    sections = study.sections(options)
    found = sections.overlaps
    name = study.network.name
    tree = sections.index.tree

    def territory_name(code: str) -> str:
        return tree.name(code) if code in tree else code

    return _table(
        "overlaps",
        (
            (
                o.field,
                o.public,
                o.organisations,
                tuple(map(name, o.organisations)),
                o.territories,
                tuple(map(territory_name, o.territories)),
                o.population,
                o.uncoordinated,
                o.unlinked_pair_count,
                o.pair_count,
            )
            for o in found
        ),
    )


def isolated(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """The isolated organisations and why: ``no-link``, or ``outside-main-component``
    (``organisation``, ``name``, ``reason``). No betweenness is computed.

    >>> import partenariat
    >>> isolated(partenariat.open("examples/melun-val-de-seine")).column("reason")
    ('no-link', 'outside-main-component', 'outside-main-component')
    """
    name = study.network.name
    found = study.sections(options).isolation.isolated
    return _table("isolated", ((i.organisation, name(i.organisation), i.reason) for i in found))


def brokers(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """The brokers: organisations whose removal disconnects their component, with how many
    organisations each alone connects (``organisation``, ``name``, ``cut_off``,
    ``degree``). No betweenness is computed.

    >>> import partenariat
    >>> brokers(partenariat.open("examples/melun-val-de-seine")).column("organisation")
    ('fs-stfargeau', 'ccas-melun', 'solidarite-seineport')
    """
    name = study.network.name
    found = study.sections(options).isolation.brokers
    return _table(
        "brokers", ((b.organisation, name(b.organisation), b.cut_off, b.degree) for b in found)
    )


def centrality(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """Every organisation, most central first (``organisation``, ``name``, ``degree``,
    ``betweenness``).

    >>> import partenariat
    >>> table = centrality(partenariat.open("examples/melun-val-de-seine"))
    >>> len(table), table[0]["name"], table[0]["degree"]
    (40, 'Maison départementale des solidarités de Melun', 12)
    """
    name = study.network.name
    found = study.sections(options).structure.centrality
    return _table(
        "centrality",
        ((c.organisation, name(c.organisation), c.degree, c.betweenness) for c in found),
    )


def suggestions(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """The partnerships worth creating, as listed, best first (``organisation_a``,
    ``name_a``, ``organisation_b``, ``name_b``, ``kind``, ``fields``, ``publics``,
    ``territories`` (how many), ``population``, ``cases``).

    >>> import partenariat
    >>> table = suggestions(partenariat.open("examples/melun-val-de-seine"))
    >>> table[0]["organisation_a"], table[0]["kind"], table[0]["fields"]
    ('apevs', 'pooling', ('famille',))
    """
    name = study.network.name
    found = study.sections(options).suggestions
    return _table(
        "suggestions",
        (
            (
                s.organisations[0],
                name(s.organisations[0]),
                s.organisations[1],
                name(s.organisations[1]),
                s.kind,
                s.fields,
                s.publics,
                s.territories,
                s.population,
                s.cases,
            )
            for s in found
        ),
    )


def cases(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """How each case is supported (``case``, ``organisations``, ``names``,
    ``organisation_count``, ``fields``, ``linked_share``, ``components``,
    ``coordinators``, ``coordinator_names``, ``fragmented``); empty, with its columns,
    when the study has no interventions.

    >>> import partenariat
    >>> table = cases(partenariat.open("examples/melun-val-de-seine"))
    >>> len(table), table[0]["case"], table[0]["organisation_count"], table[0]["fragmented"]
    (30, 'S01', 5, False)
    """
    name = study.network.name
    found = study.sections(options).cases
    return _table(
        "cases",
        (
            (
                c.case,
                c.organisations,
                tuple(map(name, c.organisations)),
                len(c.organisations),
                c.fields,
                c.linked_share,
                c.components,
                c.coordinators,
                tuple(map(name, c.coordinators)),
                c.fragmented,
            )
            for c in (found.cases if found is not None else ())
        ),
    )


#: The measures of Provan & Milward's network view in :func:`measures`.
NETWORK_VIEW = (
    "fields_offered",
    "fields_per_organisation",
    "duplication",
    "mean_weight",
    "mean_level",
)
#: The scalar measures of :func:`measures`, in order (see docs/analyses.md).
MEASURES = (
    "density",
    "average_degree",
    "degree_centralisation",
    "modularity",
    "formal_share",
    "informal_share",
    "reciprocity",
    "multiplexity",
    "mean_constraint",
    *NETWORK_VIEW,
)


def measures(study: Study, options: DiagnosisOptions | None = None) -> Table:
    """The network's scalar measures, one row each (``measure``, ``value``; ``None`` when
    the network does not allow it, e.g. reciprocity without directed links): those of
    the structure (density, average degree, degree centralisation, modularity, formal and
    informal shares), reciprocity, multiplexity, the mean constraint and Provan &
    Milward's network view (fields offered, fields per organisation, duplication, mean
    weight, mean level of collaboration). See :data:`MEASURES`.

    >>> import partenariat
    >>> table = measures(partenariat.open("examples/melun-val-de-seine"))
    >>> dict(zip(table.column("measure"), table.column("value")))["density"]
    0.083333
    """
    sections = study.sections(options)
    shape, found = sections.structure, sections.measures
    view = found.network_view
    values: dict[str, Any] = {
        "density": shape.density,
        "average_degree": shape.average_degree,
        "degree_centralisation": shape.degree_centralisation,
        "modularity": shape.modularity,
        "formal_share": shape.formal_share,
        "informal_share": shape.informal_share,
        "reciprocity": found.reciprocity,
        "multiplexity": found.multiplexity,
        "mean_constraint": found.mean_constraint,
        **{key: view.get(key) for key in NETWORK_VIEW},
    }
    return _table("measures", ((key, values[key]) for key in MEASURES))


#: Every table of a study, by name: each a function ``(study, options=None) -> Table``.
TABLES: Mapping[str, Callable[[Study, DiagnosisOptions | None], Table]] = MappingProxyType(
    {
        "gaps": gaps,
        "thin_cells": thin_cells,
        "coverage": coverage,
        "overlaps": overlaps,
        "isolated": isolated,
        "brokers": brokers,
        "centrality": centrality,
        "suggestions": suggestions,
        "cases": cases,
        "measures": measures,
    }
)
