"""A study answers in plain, named tables (partenariat.app.tables, issue #26)."""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import partenariat
from partenariat.app import tables
from partenariat.app.study import Study
from partenariat.app.tables import COLUMNS, TABLES, Table
from tests.conftest import EXAMPLE

Builder = Callable[[Study, object], Table]
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def study() -> Study:
    return partenariat.open(EXAMPLE)


@pytest.fixture(scope="module")
def built(study: Study) -> dict[str, Table]:
    return {name: build(study, None) for name, build in TABLES.items()}


def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "organisations.csv").write_text(
        f"id,name,territories,fields\nx,{HOSTILE},77288,logement\n"
        "b,Beta & Co,77288,logement\nc,Gamma,77288,santé\n",
        encoding="utf-8",
    )
    (folder / "links.csv").write_text("source,target\nb,c\n", encoding="utf-8")
    return folder


# --- every table counts what its analysis counts ------------------------------------------


def test_every_table_has_as_many_rows_as_its_analysis(
    study: Study, built: dict[str, Table]
) -> None:
    sections = study.sections()
    cov = sections.coverage
    assert sections.cases is not None
    expected = {
        "gaps": len(cov.gaps),
        "thin_cells": len(cov.thin_cells),
        "coverage": len(cov.territories) * len(cov.fields),
        "overlaps": len(sections.overlaps),
        "isolated": len(sections.isolation.isolated),
        "brokers": len(sections.isolation.brokers),
        "centrality": len(sections.structure.centrality),
        "suggestions": len(sections.suggestions),
        "cases": len(sections.cases.cases),
        "measures": len(tables.MEASURES),
    }
    assert {name: len(table) for name, table in built.items()} == expected
    summary = study.diagnose().summary
    for name in ("gaps", "thin_cells", "overlaps", "isolated", "brokers"):
        assert len(built[name]) == summary[name]
    assert len(built["suggestions"]) == summary["suggestions_listed"]


def test_every_table_has_its_documented_columns(built: dict[str, Table]) -> None:
    assert set(built) == set(COLUMNS)
    for name, table in built.items():
        assert table.name == name
        assert table.columns == tuple(column for column, _ in COLUMNS[name])
        assert table.kinds == tuple(kind for _, kind in COLUMNS[name])


def test_every_builder_is_a_function_of_a_study_and_its_options() -> None:
    """``Study.gaps = lambda self, options=None: tables.gaps(self, options)`` is enough."""
    for build in TABLES.values():
        parameters = list(inspect.signature(build).parameters.values())
        assert [p.name for p in parameters] == ["study", "options"]
        assert parameters[1].default is None


def test_a_study_method_is_a_one_liner(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, build in TABLES.items():
        monkeypatch.setattr(
            Study,
            name,
            lambda self, options=None, build=build: build(self, options),
            raising=False,
        )
    study = partenariat.open(EXAMPLE)
    assert study.gaps() == tables.gaps(study)  # type: ignore[attr-defined]
    options = study.options(level="EPCI")
    assert study.coverage(options) == tables.coverage(study, options)  # type: ignore[attr-defined]


def test_rows_hold_the_values_of_the_analysis(study: Study, built: dict[str, Table]) -> None:
    sections = study.sections()
    cov = sections.coverage
    assert built["gaps"].rows == tuple(
        (g.territory, g.name, g.field, g.population) for g in cov.gaps
    )
    for row in built["coverage"]:
        cell = cov.cell(str(row["territory"]), str(row["field"]))
        assert (row["organisations"], row["status"]) == (cell.organisations, cell.status)
    assert built["coverage"].column("status").count("gap") == len(cov.gaps)
    first = sections.overlaps[0]
    row = built["overlaps"][0]
    assert (row["organisations"], row["territories"]) == (first.organisations, first.territories)
    assert row["uncoordinated"] is first.uncoordinated
    assert row["pair_count"] == first.pair_count
    assert built["centrality"].column("betweenness") == tuple(
        c.betweenness for c in sections.structure.centrality
    )
    assert built["suggestions"].column("kind") == tuple(s.kind for s in sections.suggestions)
    assert sections.cases is not None
    assert built["cases"].column("fragmented").count(True) == sections.cases.fragmented


def test_measures_are_those_of_the_structure_and_the_measures(
    study: Study, built: dict[str, Table]
) -> None:
    sections = study.sections()
    table = built["measures"]
    values = dict(zip(table.column("measure"), table.column("value"), strict=True))
    assert list(values) == list(tables.MEASURES)
    shape, found = sections.structure, sections.measures
    assert values["density"] == shape.density
    assert values["average_degree"] == shape.average_degree
    assert values["degree_centralisation"] == shape.degree_centralisation
    assert values["modularity"] == shape.modularity
    assert values["formal_share"] == shape.formal_share
    assert values["reciprocity"] == found.reciprocity
    assert values["multiplexity"] == found.multiplexity
    assert values["mean_constraint"] == found.mean_constraint
    assert values["duplication"] == found.network_view["duplication"]
    assert values["fields_offered"] == float(found.network_view["fields_offered"])
    assert all(v is None or isinstance(v, float) for v in values.values())


# --- names beside ids -----------------------------------------------------------------------


def test_names_match_the_network(study: Study, built: dict[str, Table]) -> None:
    name = study.network.name
    pairs = {
        "thin_cells": [("organisation", "name")],
        "isolated": [("organisation", "name")],
        "brokers": [("organisation", "name")],
        "centrality": [("organisation", "name")],
        "suggestions": [("organisation_a", "name_a"), ("organisation_b", "name_b")],
    }
    for table_name, columns in pairs.items():
        for id_column, name_column in columns:
            table = built[table_name]
            ids, names = table.column(id_column), table.column(name_column)
            assert names == tuple(name(str(i)) for i in ids)
    for table_name, id_column, name_column in (
        ("overlaps", "organisations", "names"),
        ("cases", "organisations", "names"),
        ("cases", "coordinators", "coordinator_names"),
    ):
        table = built[table_name]
        for listed, named in zip(table.column(id_column), table.column(name_column), strict=True):
            assert isinstance(listed, tuple)
            assert named == tuple(map(name, listed))
    # names are names, not ids
    assert built["brokers"][0]["name"] == "France Services de Saint-Fargeau-Ponthierry"
    isolated = built["isolated"]
    assert set(isolated.column("name")).isdisjoint(isolated.column("organisation"))


def test_territory_names_match_the_coverage(study: Study, built: dict[str, Table]) -> None:
    cov = study.sections().coverage
    named = dict(zip(cov.territories, cov.names, strict=True))
    for table_name in ("gaps", "thin_cells", "coverage"):
        for row in built[table_name]:
            assert row["territory_name"] == named[str(row["territory"])]
    by_code = {t.code: t.name for t in study.network.dataset.territories}
    for codes, names in zip(
        built["overlaps"].column("territories"),
        built["overlaps"].column("territory_names"),
        strict=True,
    ):
        assert isinstance(codes, tuple)
        assert names == tuple(by_code[code] for code in codes)


# --- plain, portable, immutable ------------------------------------------------------------


def test_tables_pickle_and_compare_equal(built: dict[str, Table]) -> None:
    for table in built.values():
        again = pickle.loads(pickle.dumps(table))
        assert again == table
        assert hash(again) == hash(table)
        assert again.rows == table.rows


def test_tables_hold_only_plain_values(built: dict[str, Table]) -> None:
    plain = (str, int, float, bool, type(None))
    for table in built.values():
        assert type(table.rows) is tuple
        for row in table.rows:
            assert type(row) is tuple
            for value in row:
                if isinstance(value, tuple):
                    assert all(type(v) is str for v in value)
                else:
                    assert type(value) in plain, (table.name, value)


def test_to_dict_is_json(built: dict[str, Table]) -> None:
    for table in built.values():
        payload = table.to_dict()
        assert set(payload) == {"name", "columns", "rows"}
        assert json.loads(json.dumps(payload)) == payload
        assert len(payload["rows"]) == len(table)
    overlap = built["overlaps"].to_dict()["rows"][0]
    assert isinstance(overlap[2], list)  # the organisations, a JSON array


POLARS = {
    "str": pl.String,
    "int": pl.Int64,
    "float": pl.Float64,
    "bool": pl.Boolean,
    "list": pl.List(pl.String),
}
PANDAS = {"int": "Int64", "float": "float64", "bool": "boolean", "list": "object"}


def test_to_polars_has_the_shape_and_types(built: dict[str, Table]) -> None:
    for table in built.values():
        frame = table.to_polars()
        assert frame.shape == (len(table), len(table.columns))
        assert frame.columns == list(table.columns)
        assert frame.dtypes == [POLARS[kind] for kind in table.kinds]
    frame = built["overlaps"].to_polars()
    assert frame["organisations"][0].to_list() == list(built["overlaps"][0]["organisations"])  # type: ignore[arg-type]


def test_to_pandas_has_the_shape_and_types(built: dict[str, Table]) -> None:
    pd = pytest.importorskip("pandas")
    for table in built.values():
        frame = table.to_pandas()
        assert frame.shape == (len(table), len(table.columns))
        assert list(frame.columns) == list(table.columns)
        for column, kind in zip(table.columns, table.kinds, strict=True):
            if kind == "str":
                assert pd.api.types.is_string_dtype(frame[column]), (table.name, column)
            else:
                assert str(frame[column].dtype) == PANDAS[kind], (table.name, column)
    frame = built["overlaps"].to_pandas()
    assert "_listed" not in frame.columns
    assert frame["organisations"][0] == list(built["overlaps"][0]["organisations"])  # type: ignore[arg-type]
    coverage = built["coverage"].to_pandas()
    assert coverage.pivot(index="territory", columns="field", values="organisations").shape == (
        len(set(built["coverage"].column("territory"))),
        len(set(built["coverage"].column("field"))),
    )


def test_to_pandas_without_pandas_says_how_to_install_it(
    built: dict[str, Table], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'partenariat\[pandas\]'"):
        built["brokers"].to_pandas()


def test_tables_cannot_be_changed(built: dict[str, Table]) -> None:
    table = built["gaps"]
    before = table.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.rows = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        table.rows[0] = ("x",)  # type: ignore[index]
    with pytest.raises(TypeError):
        table.rows[0][0] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        table.columns[0] = "x"  # type: ignore[index]
    with pytest.raises(AttributeError):
        table.rows.append(("x",))  # type: ignore[attr-defined]
    row = table[0]
    row["field"] = "changed"  # a copy
    for item in table:
        item["field"] = "changed"
    overlaps = built["overlaps"][0]["organisations"]
    assert isinstance(overlaps, tuple)
    assert table.to_dict() == before


def test_the_diagnosis_summary_cannot_be_changed(study: Study) -> None:
    with pytest.raises(TypeError):
        study.diagnose().summary["gaps"] = -1  # type: ignore[index]
    assert study.diagnose().summary["gaps"] == len(study.sections().coverage.gaps)


# --- the sections of the study are shared ------------------------------------------------


def test_tables_compute_only_what_they_need(tmp_path: Path) -> None:
    study = partenariat.open(EXAMPLE)  # a study of its own: nothing computed yet
    sections = study.sections()
    tables.isolated(study)
    tables.brokers(study)
    assert "isolation" in vars(sections)
    assert "structure" not in vars(sections)  # no betweenness, no communities
    tables.gaps(study)
    coverage = sections.coverage
    tables.thin_cells(study)
    tables.coverage(study)
    assert sections.coverage is coverage  # computed once
    assert "overlaps" not in vars(sections)
    assert "suggestions" not in vars(sections)


def test_options_are_those_of_the_sections(study: Study) -> None:
    options = study.options(level="EPCI")
    sections = study.sections(options)
    assert len(tables.gaps(study, options)) == len(sections.coverage.gaps)
    coverage = tables.coverage(study, options)
    assert set(coverage.column("territory")) == set(sections.coverage.territories)
    assert len(coverage) == len(sections.coverage.territories) * len(sections.coverage.fields)
    assert tables.gaps(study, study.options()) == tables.gaps(study)


# --- a study without interventions, with a hostile name --------------------------------------


def test_a_study_without_interventions_has_an_empty_cases_table(tmp_path: Path) -> None:
    study = partenariat.open(hostile_folder(tmp_path))
    table = tables.cases(study)
    assert len(table) == 0
    assert not table
    assert table.columns == tuple(column for column, _ in COLUMNS["cases"])
    frame = table.to_polars()
    assert frame.shape == (0, len(table.columns))
    assert frame.schema["organisations"] == pl.List(pl.String)
    assert frame.schema["fragmented"] == pl.Boolean
    assert pickle.loads(pickle.dumps(table)) == table
    assert table.to_dict()["rows"] == []
    assert table.to_pandas().shape == (0, len(table.columns))


def test_html_escapes_every_name(tmp_path: Path) -> None:
    study = partenariat.open(hostile_folder(tmp_path))
    assert study.network.name("x") == HOSTILE
    isolated = tables.isolated(study)
    assert isolated.column("name") == (HOSTILE,)
    for table in (isolated, tables.centrality(study), tables.overlaps(study)):
        shown = table._repr_html_()
        assert "<script>" not in shown
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    overlaps = tables.overlaps(study)._repr_html_()
    assert "Beta &amp; Co" in overlaps
    hostile = Table('<b onmouseover="x">', ("<i>",), (("<u>",),))
    shown = hostile._repr_html_()
    for tag in ("<b ", "<i>", "<u>"):
        assert tag not in shown
    assert "&lt;b onmouseover=&quot;x&quot;&gt;" in shown


def test_html_shows_the_first_rows(built: dict[str, Table]) -> None:
    table = built["coverage"]
    shown = table._repr_html_()
    assert shown.count("<tr><td>") == tables.HTML_ROWS
    assert f"{len(table) - tables.HTML_ROWS} more rows" in shown
    assert built["brokers"]._repr_html_().count("<tr><td>") == len(built["brokers"])
    assert "more row" not in built["brokers"]._repr_html_()


# --- the Table itself -------------------------------------------------------------------


def test_a_table_checks_and_plains_its_values() -> None:
    table = Table(
        "t",
        ["n", "x", "ok", "tags", "text"],  # type: ignore[arg-type]
        [[np.int64(3), np.float64(0.5), np.bool_(True), ["a"], "é"]],  # type: ignore[arg-type]
    )
    assert table.columns == ("n", "x", "ok", "tags", "text")
    assert table.kinds == ("int", "float", "bool", "list", "str")
    assert table.rows == ((3, 0.5, True, ("a",), "é"),)
    assert [type(v) for v in table.rows[0]] == [int, float, bool, tuple, str]
    assert Table("t", ("x",), ((1,), (0.5,))).kinds == ("float",)
    assert Table("t", ("x",), ((1,),), ("float",)).rows == ((1.0,),)
    assert Table("t", ("x",), ((None,),)).kinds == ("str",)
    with pytest.raises(ValueError, match="row 1 has 1 values for 2 columns"):
        Table("t", ("a", "b"), ((1, 2), (3,)))
    with pytest.raises(ValueError, match="named twice"):
        Table("t", ("a", "a"), ())
    with pytest.raises(ValueError, match="kinds"):
        Table("t", ("a",), (), ("date",))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="mixes"):
        Table("t", ("a",), (("x",), (1,)))
    with pytest.raises(TypeError, match="not a plain value"):
        Table("t", ("a",), ((object(),),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="holds int values"):
        Table("t", ("a",), ((True,),), ("int",))
    with pytest.raises(TypeError, match="holds list values"):
        Table("t", ("a",), (((1, 2),),), ("list",))  # type: ignore[arg-type]


def test_a_table_is_a_sequence_of_rows() -> None:
    table = Table("t", ("a", "b"), ((1, "x"), (2, "y"), (3, None)))
    assert len(table) == 3
    assert list(table) == [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}, {"a": 3, "b": None}]
    assert table[-1] == {"a": 3, "b": None}
    assert table[1:] == Table("t", ("a", "b"), ((2, "y"), (3, None)))
    assert table.column("a") == (1, 2, 3)
    with pytest.raises(KeyError):
        table.column("c")
    with pytest.raises(IndexError):
        table[3]
    assert repr(table) == "<Table t: 3 rows, 2 columns (a, b)>"
    assert table != Table("u", ("a", "b"), table.rows)
    assert {table: 1}[Table("t", ("a", "b"), table.rows)] == 1


def test_floats_survive_every_format() -> None:
    table = Table("t", ("x",), ((0.1,), (None,)))
    assert table.to_polars()["x"].to_list() == [0.1, None]
    frame = table.to_pandas()
    assert frame["x"][0] == 0.1
    assert math.isnan(frame["x"][1])
