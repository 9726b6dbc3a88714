"""partenariat.open of tables in memory (issue #26): DataFrames and lists of dicts read by
the same rules as a data folder, their problems located as in files."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partenariat
from partenariat.errors import InputError, PartenariatError
from partenariat.io.folder import read
from partenariat.io.frames import MEMORY, cell_value
from partenariat.problems import ValidationReport
from tests.conftest import EXAMPLE, TODAY

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

ORGANISATIONS = [
    {"id": "A", "name": "CCAS", "territories": "77288", "fields": "logement"},
    {"id": "B", "name": "CAF", "territories": "77288", "fields": "famille"},
]


def example_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(EXAMPLE.glob("*.csv"))}


def pandas_tables(**options: Any) -> dict[str, Any]:
    return {
        stem: pd.read_csv(path, sep=None, engine="python", encoding="utf-8-sig", **options)
        for stem, path in example_files().items()
    }


def located(report: ValidationReport) -> list[tuple[str, int, str, str]]:
    """Each problem by table (a file's stem), line, column and code."""
    return sorted((Path(p.file).stem, p.line or 0, p.column or "", p.code) for p in report.problems)


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    """The figures of the bundled example read as a folder (those of the command line)."""
    return partenariat.open(EXAMPLE).diagnose().to_dict()


# ---------------------------------------------------------------------------- the example


def test_pandas_frames_read_as_text_give_the_folder_s_figures(expected: dict[str, Any]) -> None:
    study = partenariat.open(pandas_tables(dtype=str))
    assert study.diagnose().to_dict() == expected
    folder = partenariat.open(EXAMPLE)
    assert located(study.validation) == located(folder.validation)


def test_pandas_frames_with_inferred_types_give_the_same_figures(
    expected: dict[str, Any],
) -> None:
    tables = pandas_tables()  # numbers, NaN for empty cells, as pandas infers them
    assert tables["organisations"]["Latitude"].dtype == "float64"
    assert tables["territoires"]["Population"].dtype == "float64"
    assert partenariat.open(tables).diagnose().to_dict() == expected


def test_lists_of_dicts_give_the_same_figures(expected: dict[str, Any]) -> None:
    tables = {}
    for stem, path in example_files().items():
        with path.open(encoding="utf-8-sig", newline="") as stream:
            tables[stem] = list(csv.DictReader(stream, delimiter=";"))
    assert partenariat.open(tables).diagnose().to_dict() == expected
    records = {stem: frame.to_dict("records") for stem, frame in pandas_tables().items()}
    assert partenariat.open(records).diagnose().to_dict() == expected


def test_polars_frames_give_the_same_figures(expected: dict[str, Any]) -> None:
    for options in ({"infer_schema": False}, {"try_parse_dates": True}):
        tables = {
            stem: pl.read_csv(path, separator=";", **options)  # type: ignore[arg-type]
            for stem, path in example_files().items()
        }
        assert partenariat.open(tables).diagnose().to_dict() == expected


def test_a_study_in_memory_names_no_file_and_fingerprints_its_tables() -> None:
    study = partenariat.open({"organisations": ORGANISATIONS, "liens": [{"de": "A", "vers": "B"}]})
    assert study.path == MEMORY == Path("<memory>")
    assert study.inputs() == ()
    names = [name for name, _ in study.fingerprints()]
    assert names == ["liens", "organisations"]
    assert all(len(digest) == 64 for _, digest in study.fingerprints())
    again = partenariat.open(
        {"organisations": pd.DataFrame(ORGANISATIONS), "liens": [{"de": "A", "vers": "B"}]}
    )
    assert again.fingerprints() == study.fingerprints()  # the same cells, the same digest
    assert "<memory>" in repr(study)


# ---------------------------------------------------------------------------- the cells


def test_cells_are_converted_as_a_file_would_hold_them() -> None:
    assert [cell_value(v) for v in (None, math.nan, pd.NA, pd.NaT, np.nan)] == [""] * 5
    assert cell_value(12000.0) == "12000"
    assert cell_value(np.float64(77288.0)) == "77288"
    assert cell_value(np.float32(2.5)) == "2.5"
    assert cell_value(np.int64(12)) == "12"
    assert cell_value(12345678901234.0) == "12345678901234"  # a SIRET read as a float
    assert cell_value(dt.date(2025, 2, 13)) == "2025-02-13"
    assert cell_value(pd.Timestamp("2025-02-13")) == "2025-02-13"
    assert cell_value(np.datetime64("2025-02-13T00:00:00.000000000")) == "2025-02-13"
    assert cell_value(np.datetime64("NaT")) == ""
    assert cell_value(["logement", "santé"]) == "logement|santé"
    assert cell_value(np.array(["a", "b"])) == "a|b"
    assert cell_value(("a",)) == "a"
    assert cell_value(True) == "true"
    assert cell_value(" Melun ") == "Melun"


def test_nan_coordinates_are_empty_cells_not_errors() -> None:
    frame = pd.DataFrame(
        {
            "Identifiant": ["A", "B"],
            "Nom": ["CCAS", "CAF"],
            "Territoires": [77288, 77288],
            "Domaines": ["logement", "famille"],
            "Latitude": [48.54, math.nan],
            "Longitude": [2.66, math.nan],
            "Population desservie": [12000.0, math.nan],
        }
    )
    dataset, report = read({"organisations": frame, "liens": [{"source": "A", "cible": "B"}]})
    assert report.errors == ()
    assert dataset.organisation("A").lat == pytest.approx(48.54)
    assert dataset.organisation("B").lat is None
    assert dict(dataset.organisation("A").extra)["Population desservie"] == "12000"


def test_french_headers_dates_decimal_commas_and_lists_read_as_in_files() -> None:
    organisations = [
        {
            "Identifiant": "A",
            "Nom": "CCAS",
            "Territoires": ["77288", "77285"],
            "Domaines": "logement | santé",
            "Latitude": "48,54",
            "Longitude": 2.66,
            "Mise à jour": dt.date(2026, 1, 5),
            "SIRET": 21770288200019.0,
        },
        {
            "Identifiant": "B",
            "Nom": "CAF",
            "Territoires": 77288,
            "Domaines": "famille",
            "Mise à jour": "05/01/2026",
        },
    ]
    links = pd.DataFrame({"Source": ["A"], "Cible": ["B"], "Depuis": [pd.Timestamp(2020, 1, 1)]})
    dataset, report = read({"organisations": organisations, "liens": links}, today=TODAY)
    assert report.errors == ()
    first, second = dataset.organisation("A"), dataset.organisation("B")
    assert first.territories == ("77288", "77285")
    assert first.fields == ("logement", "santé")
    assert first.lat == pytest.approx(48.54)
    assert first.updated == second.updated == dt.date(2026, 1, 5)
    assert first.siret == "21770288200019"
    assert dataset.links[0].since == dt.date(2020, 1, 1)


# ---------------------------------------------------------------------------- errors


def test_a_link_to_an_unknown_organisation_is_an_error_located_in_its_table() -> None:
    links = pd.DataFrame({"source": ["A", "A"], "target": ["B", "Z"]})
    with pytest.raises(InputError) as raised:
        partenariat.open({"organisations": ORGANISATIONS, "links": links})
    error = raised.value
    assert isinstance(error, ValueError)
    assert isinstance(error, PartenariatError)
    [problem] = error.report.errors
    assert (problem.file, problem.line, problem.column, problem.code) == (
        "links",
        3,  # the header is line 1, the second row line 3
        "target",
        "unknown-organisation",
    )
    assert str(error).startswith("links:3: error unknown-organisation")


def test_every_problem_is_reported_at_once_with_its_location() -> None:
    organisations = [
        {"id": "A", "nom": "CCAS", "latitude": 95, "longitude": 2.6},
        {"id": "A", "nom": "", "mise à jour": "31/02/2025"},
    ]
    with pytest.raises(InputError) as raised:
        partenariat.open({"organisations": organisations, "liens": [{"source": "A", "cible": "Q"}]})
    found = {(p.file, p.line, p.code) for p in raised.value.report.errors}
    assert ("organisations", 2, "invalid-coordinates") in found or (
        "organisations",
        2,
        "invalid-number",
    ) in found
    assert ("organisations", 3, "empty-value") in found
    assert ("organisations", 3, "invalid-date") in found
    assert ("liens", 2, "unknown-organisation") in found


@pytest.mark.parametrize("tables", [{}, {"liens": [{"source": "A", "cible": "B"}]}])
def test_a_mapping_without_organisations_names_what_is_missing(tables: dict[str, Any]) -> None:
    with pytest.raises(InputError, match="organisations table is required") as raised:
        partenariat.open(tables)
    missing = [p for p in raised.value.report.errors if p.code == "missing-file"]
    assert {p.file for p in missing} == {"<memory>"}
    message = str(raised.value)
    assert message.startswith("<memory>: error missing-file: the organisations table is required")
    assert "'organisations'" in message
    assert ("no table was given" in message) == (not tables)


def test_an_unknown_table_name_is_an_error_listing_the_known_ones() -> None:
    tables = {"organisations": ORGANISATIONS, "links": [{"source": "A", "target": "B"}]}
    with pytest.raises(InputError) as raised:
        partenariat.open({**tables, "partenaires_liens": [{"a": 1}]})
    [problem] = raised.value.report.errors
    assert problem.file == "partenaires_liens"
    for name in ("organisations", "links", "liens", "territories", "services", "interventions"):
        assert name in problem.message


def test_the_same_table_twice_is_ambiguous() -> None:
    links = [{"source": "A", "target": "B"}]
    with pytest.raises(InputError, match="ambiguous-file"):
        partenariat.open({"organisations": ORGANISATIONS, "links": links, "liens": links})


def test_an_empty_list_is_an_empty_table() -> None:
    with pytest.raises(InputError) as raised:
        partenariat.open({"organisations": ORGANISATIONS, "links": []})
    assert [(p.file, p.code) for p in raised.value.report.errors] == [("links", "empty-file")]
    # a frame keeps its columns: a table of links with none is valid
    empty = pl.DataFrame(schema={"source": pl.String, "target": pl.String})
    assert partenariat.open({"organisations": ORGANISATIONS, "links": empty}).dataset.links == ()


@pytest.mark.parametrize(
    "table", ["source;target\nA;B\n", {"source": ["A"]}, [["A", "B"]], 12, None]
)
def test_a_table_of_another_type_is_a_type_error_naming_it(table: object) -> None:
    with pytest.raises(TypeError, match="'liens'"):
        partenariat.open({"organisations": ORGANISATIONS, "liens": table})


def test_a_table_name_that_is_not_text_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="table name"):
        partenariat.open({1: ORGANISATIONS})  # type: ignore[dict-item]


def test_input_error_is_a_value_error() -> None:
    assert issubclass(InputError, ValueError)
    assert issubclass(InputError, PartenariatError)


# ---------------------------------------------------------------------------- property


def _pairs(*pairs: tuple[object, str]) -> st.SearchStrategy[tuple[object, str]]:
    """A value in memory and the text of the same cell in a CSV file."""
    return st.sampled_from(pairs)


_EMPTY = _pairs((None, ""), (math.nan, ""), ("", ""))

#: For each column: its headers (French or English) and its cells (in memory, in a file).
COLUMNS: dict[str, tuple[tuple[str, ...], st.SearchStrategy[tuple[object, str]]]] = {
    "id": (
        ("id", "Identifiant"),
        _pairs(("A", "A"), ("B", "B"), ("C1", "C1"), (12, "12"), (12.0, "12"), ("12,0", "12,0"))
        | _EMPTY,
    ),
    "name": (("name", "Nom"), _pairs(("CCAS", "CCAS"), (" CAF ", "CAF"), ("x", "x")) | _EMPTY),
    "territories": (
        ("territories", "Territoires"),
        _pairs(
            (["77288", "77285"], "77288|77285"),
            (77288, "77288"),
            (77288.0, "77288"),
            ("77288, 77285", "77288, 77285"),
            ("99999", "99999"),
        )
        | _EMPTY,
    ),
    "fields": (
        ("fields", "Domaines"),
        _pairs((("logement", "santé"), "logement|santé"), ("famille", "famille")) | _EMPTY,
    ),
    "lat": (
        ("lat", "Latitude"),
        _pairs((48.5, "48.5"), (48.5, "48,5"), (91.0, "91"), ("abc", "abc"), (48.0, "48")) | _EMPTY,
    ),
    "lon": (("lon", "Longitude"), _pairs((2.66, "2,66"), (200, "200")) | _EMPTY),
    "updated": (
        ("updated", "Mise à jour"),
        _pairs(
            (dt.date(2026, 2, 13), "13/02/2026"),
            ("2026-02-13", "2026-02-13"),
            (dt.datetime(2020, 1, 1), "01/01/2020"),
            ("31/02/2025", "31/02/2025"),
            ("mardi", "mardi"),
        )
        | _EMPTY,
    ),
    "siret": (
        ("siret", "SIRET"),
        _pairs((21770288200019.0, "21770288200019"), (21770288200019, "21770288200019")) | _EMPTY,
    ),
    "email": (("email", "Courriel"), _pairs(("a@b.fr", "a@b.fr"), ("pas un mail", "pas un mail"))),
}


@st.composite
def organisation_tables(
    draw: st.DrawFn,
) -> tuple[list[dict[str, object]], list[list[str]]]:
    """A small organisations table: as a list of dicts (at least one row: an empty list
    has no header), and as the rows of a CSV file, its header first."""
    optional = [name for name in COLUMNS if name not in ("id", "name")]
    chosen = ["id", "name", *draw(st.lists(st.sampled_from(optional), unique=True, max_size=4))]
    headers = [draw(st.sampled_from(COLUMNS[name][0])) for name in chosen]
    records: list[dict[str, object]] = []
    lines: list[list[str]] = [headers]
    for _ in range(draw(st.integers(1, 6))):
        cells = [draw(COLUMNS[name][1]) for name in chosen]
        records.append({header: value for header, (value, _) in zip(headers, cells, strict=True)})
        lines.append([text for _, text in cells])
    return records, lines


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(organisation_tables())
def test_a_list_of_dicts_is_validated_as_its_csv_file(
    tmp_path: Path, table: tuple[list[dict[str, object]], list[list[str]]]
) -> None:
    records, lines = table
    folder = tmp_path / f"data{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    with (folder / "organisations.csv").open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, delimiter=";", lineterminator="\n").writerows(lines)
    (folder / "liens.csv").write_text("source;cible\n", encoding="utf-8")
    links = pl.DataFrame(schema={"source": pl.String, "cible": pl.String})

    from_file, file_report = read(folder, today=TODAY)
    in_memory, memory_report = read({"organisations": records, "liens": links}, today=TODAY)

    assert located(memory_report) == located(file_report)
    assert in_memory.counts() == from_file.counts()
    assert memory_report.counts == file_report.counts
    assert [o.id for o in in_memory.organisations] == [o.id for o in from_file.organisations]

    # the same rows as a pandas DataFrame, its column types as pandas infers them
    frame = pd.DataFrame(records, columns=lines[0])
    in_frame, frame_report = read({"organisations": frame, "liens": links}, today=TODAY)
    assert located(frame_report) == located(file_report)
    assert in_frame.counts() == from_file.counts()
