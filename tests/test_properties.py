"""Hostile input: any bytes, any CSV-like text give a ValidationReport and nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partenariat.io.folder import validate
from partenariat.problems import ValidationReport

FILES = ["organisations.csv", "liens.csv", "territoires.csv", "services.csv", "interventions.csv"]
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

cells = st.text(alphabet=st.sampled_from(list('ab1é ;,\t"|\r\n/-=.É\x00')), max_size=8)
headers = st.sampled_from(
    [
        "id",
        "nom",
        "name",
        "source",
        "cible",
        "target",
        "code",
        "parent",
        "territoires",
        "lat",
        "lon",
        "population",
        "situation",
        "organisation",
        "debut",
        "fin",
        "mise à jour",
        "intensité",
        "since",
        "prénom",
        "",
        "id",
    ]
)


@st.composite
def csv_like(draw: st.DrawFn) -> str:
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    header = draw(st.lists(headers, min_size=0, max_size=6))
    rows = draw(st.lists(st.lists(cells, max_size=7), max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(delimiter.join(row) for row in [header, *rows])


def _write(folder: Path, contents: dict[str, bytes]) -> Path:
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    return folder


@SETTINGS
@given(contents=st.dictionaries(st.sampled_from(FILES), st.binary(max_size=300), max_size=5))
def test_random_bytes_give_a_report(tmp_path: Path, contents: dict[str, bytes]) -> None:
    report = validate(_write(tmp_path / "bytes", contents))
    assert isinstance(report, ValidationReport)
    if "organisations.csv" not in contents or "liens.csv" not in contents:
        assert not report.valid


@SETTINGS
@given(
    contents=st.dictionaries(st.sampled_from(FILES), csv_like(), max_size=5),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_random_csv_like_text_gives_a_report(
    tmp_path: Path, contents: dict[str, str], encoding: str
) -> None:
    encoded = {name: text.encode(encoding, errors="replace") for name, text in contents.items()}
    report = validate(_write(tmp_path / "text", encoded))
    assert isinstance(report, ValidationReport)
    for problem in report.problems:
        assert problem.file
        assert problem.message
        assert problem.line is None or problem.line >= 1


@SETTINGS
@given(rows=st.lists(st.tuples(st.sampled_from("ABCDE"), st.sampled_from("ABCDEZ")), max_size=8))
def test_report_does_not_depend_on_link_order(tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    orgs = "id;nom;territoires;domaines\n" + "".join(f"{c};{c};T;x\n" for c in "ABCDE")
    forward = _write(
        tmp_path / "fwd", {"organisations.csv": orgs.encode(), "liens.csv": _links(rows).encode()}
    )
    codes_forward = sorted(validate(forward).codes())
    backward = _write(
        tmp_path / "bwd",
        {"organisations.csv": orgs.encode(), "liens.csv": _links(rows[::-1]).encode()},
    )
    assert sorted(validate(backward).codes()) == codes_forward


def _links(rows: list[tuple[str, str]]) -> str:
    return "source;cible\n" + "".join(f"{a};{b}\n" for a, b in rows)
