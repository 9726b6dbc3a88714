"""The defects found by the independent audit (issue 17), each with the case that showed it:
nothing lost while "valid", nothing leaked, never a traceback."""

from __future__ import annotations

import errno
import io
import os
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from partenariat import Dataset, Link, Network, Organisation
from partenariat.export.charts import histogram_svg, suppressed
from partenariat.export.formats import export
from partenariat.io.folder import read, validate
from partenariat.io.personal import header_is_personal
from tests.cli import run
from tests.conftest import EXAMPLE, MINIMAL, TODAY, FolderMaker

ORGS = "id,name,territories,fields\n" + "".join(
    f"O{i},Organisation {i},77288,logement\n" for i in range(12)
)


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _rewrite(path: Path, member: str, change: object) -> None:
    """Rewrite one part of a workbook (``change``: text -> text)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts[member] = change(parts.get(member, b"").decode()).encode()  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


# ---------------------------------------------------------------------------- silent loss


def test_a_sheet_whose_dimension_tag_is_too_small_is_read_whole(tmp_path: Path) -> None:
    links = [
        ["source", "target", "type", "depuis", "intensite", "note", *[f"x{i}" for i in range(8)]]
    ]
    links += [
        [f"O{i % 12}", f"O{(i + 1) % 12}", "formal", "2024-01-01", 2, "n", *[str(i)] * 8]
        for i in range(65)
    ]
    path = _workbook(
        tmp_path / "reseau.xlsx",
        {"organisations": [row.split(",") for row in ORGS.strip().splitlines()], "liens": links},
    )
    _rewrite(
        path,
        "xl/worksheets/sheet2.xml",
        lambda xml: re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:F10"/>', xml),
    )
    dataset, report = read(path, today=TODAY)
    assert len(dataset.links) == 65
    assert dataset.links[-1].extra[-1] == ("x7", "64")
    assert "unknown-column" in report.codes()


def test_a_stray_quote_no_longer_swallows_the_following_rows(make_folder: FolderMaker) -> None:
    folder = make_folder(
        {**MINIMAL, "organisations.csv": ORGS.replace("O3,Organisation 3", 'O3,"Organisation 3')}
    )
    dataset, report = read(folder, today=TODAY)
    assert len(dataset.organisations) == 12
    [problem] = [p for p in report.problems if p.code == "unbalanced-quote"]
    assert (problem.file, problem.line) == ("organisations.csv", 5)
    assert dataset.organisation("O3").name == '"Organisation 3'


def test_a_multi_line_description_with_commas_is_one_cell(make_folder: FolderMaker) -> None:
    folder = make_folder(
        {
            **MINIMAL,
            "organisations.csv": (
                'id,name,description\nA,Alpha,"Accueil, écoute\net orientation, le mardi"\n'
                "B,Beta,\n"
            ),
        }
    )
    dataset, report = read(folder, today=TODAY)
    assert "unbalanced-quote" not in report.codes()
    assert dataset.organisation("A").description == "Accueil, écoute\net orientation, le mardi"


def test_a_utf8_file_with_one_windows_1252_row_is_decoded_line_by_line(
    make_folder: FolderMaker,
) -> None:
    text = (
        "id,name,territories,fields\nA,Épicerie,77288,logement\n".encode()
        + "B,Crèche,77288,santé\n".encode("cp1252")
        + "C,Hôpital,77288,santé\n".encode()
    )
    folder = make_folder({**MINIMAL, "organisations.csv": text})
    dataset, report = read(folder, today=TODAY)
    assert [o.name for o in dataset.organisations] == ["Épicerie", "Crèche", "Hôpital"]
    assert [(p.code, p.line) for p in report.problems] == [("encoding-mixed", 3)]


# ---------------------------------------------------------------------------- privacy


@pytest.mark.parametrize(
    "header",
    [
        "DateNaissance",
        "DDN",
        "Né le",
        "NumSecu",
        "N° sécu",
        "Tél.",
        "Portable",
        "Patronyme",
        "Domicile",
        "Identité",
        "Nom d'usage",
        "date_of_birth",
        "Courriel",
        "Adresse",
    ],
)
def test_personal_headers_are_refused(make_folder: FolderMaker, header: str) -> None:
    assert header_is_personal(header)
    folder = make_folder(
        {**MINIMAL, "interventions.csv": f"case,organisation,{header}\nS1,A,x\nS1,B,y\n"}
    )
    problems = [p for p in validate(folder, today=TODAY).errors if p.code == "personal-data-column"]
    assert [(p.line, p.column) for p in problems] == [(1, header)]


@pytest.mark.parametrize(
    "header", ["domaine", "rôle", "téléphone structure", "situation", "date orientation", "commune"]
)
def test_ordinary_headers_are_accepted(header: str) -> None:
    assert not header_is_personal(header)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("1 85 05 78 006 084 36", "social security"),
        ("2850578006084", "social security"),
        ("06 12 34 56 78", "phone"),
        ("+33 6 12 34 56 78", "phone"),
        ("12/03/1961", "birth dates"),
    ],
)
def test_personal_values_are_refused_without_being_repeated(
    make_folder: FolderMaker, value: str, kind: str
) -> None:
    folder = make_folder(
        {**MINIMAL, "interventions.csv": f"case,organisation,remarque\nS1,A,RAS\nS1,B,{value}\n"}
    )
    problems = [p for p in validate(folder, today=TODAY).errors if p.code == "personal-data-column"]
    assert [(p.line, p.column) for p in problems] == [(3, "remarque")]
    assert kind in problems[0].message
    assert value not in problems[0].message


def test_a_start_date_is_not_a_birth_date(make_folder: FolderMaker) -> None:
    folder = make_folder(
        {
            **MINIMAL,
            "interventions.csv": "case,organisation,start\nS1,A,2001-02-03\nS1,B,2025-01-01\n",
        }
    )
    assert validate(folder, today=TODAY).valid


def test_a_hidden_count_cannot_be_recomputed_from_the_total() -> None:
    assert suppressed([3, 40, 12, 0, 9], 5) == [True, False, False, False, True]
    svg = histogram_svg(["a", "b", "c"], [3, 40, 12], threshold=5, hidden_label="masqué")
    assert ">12<" not in svg
    assert ">3<" not in svg
    assert "masqué" in svg


def test_only_the_input_files_are_named_and_fingerprinted(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for source in EXAMPLE.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "DUPONT Jean - dossier social.pdf").write_bytes(b"%PDF secret")
    code, _ = run("report", str(folder), "-o", str(tmp_path / "r.html"), "--today", "2026-01-05")
    assert code == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "DUPONT" not in page
    assert "organisations.csv" in page


# ---------------------------------------------------------------------------- no traceback


def test_dollars_in_names_are_plain_text_in_the_report(
    make_folder: FolderMaker, tmp_path: Path
) -> None:
    folder = make_folder(
        {
            "organisations.csv": "id,name,territories,fields\n"
            "A,Alpha,77288,$$budget$$\nB,Beta,77288,$x$ santé\n",
            "links.csv": "source,target\n",
        }
    )
    code, output = run("report", str(folder), "-o", str(tmp_path / "r.html"))
    assert code == 0, output
    assert "$$budget$$" in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        lambda xml: xml.replace("</sheetData>", "<row><c r='A9'><v>1</sheetData>"),
        lambda xml: '<!DOCTYPE x [<!ENTITY e "e">]>' + xml,
    ],
)
def test_a_damaged_sheet_is_a_located_problem(tmp_path: Path, damage: object) -> None:
    path = _workbook(
        tmp_path / "reseau.xlsx",
        {
            "organisations": [row.split(",") for row in ORGS.strip().splitlines()],
            "liens": [["source", "target"], ["O1", "O2"]],
        },
    )
    _rewrite(path, "xl/worksheets/sheet1.xml", damage)
    code, output = run("validate", str(path))  # never a traceback
    assert code in (0, 1)
    if code == 1:
        assert "unreadable-file" in output


def test_a_workbook_with_a_bad_crc_is_a_problem(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "reseau.xlsx",
        {"organisations": [row.split(",") for row in ORGS.strip().splitlines()]},
    )
    data = bytearray(path.read_bytes())
    offset = data.find(b"Organisation 5")
    if offset < 0:  # compressed: damage the middle of the archive instead
        offset = len(data) // 2
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    code, output = run("validate", str(path))
    assert code == 1
    assert "unreadable-file" in output


def test_a_shared_strings_bomb_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bombe.xlsx"
    _workbook(path, {"organisations": [["id", "name"], ["A", "x"]]})
    strings = "".join(f"<si><t>{i}</t></si>" for i in range(3_100_000))
    _rewrite(
        path,
        "xl/sharedStrings.xml",
        lambda _: (
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            f'main">{strings}</sst>'
        ),
    )
    code, output = run("validate", str(path))
    assert code == 1
    assert "textes distincts" in output


@pytest.mark.parametrize(
    "payload",
    [
        '{"items": null}',
        '{"items": 5}',
        '"texte"',
        "[" * 100_000 + "]" * 100_000,
        '{"structures": {}}',
    ],
)
def test_datainclusion_json_of_any_shape_is_a_clear_error(tmp_path: Path, payload: str) -> None:
    source = tmp_path / "api.json"
    source.write_text(payload, encoding="utf-8")
    code, output = run("import", "datainclusion", str(source), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "rien n'a pu être importé" in output


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31"])
def test_reference_dates_at_the_calendar_edges(today: str) -> None:
    code, output = run("validate", str(EXAMPLE), "--today", today)
    assert code == 0, output


COMMANDS = [
    ("analyse", []),
    ("gaps", []),
    ("report", []),
    ("map", []),
    ("cases", []),
    ("export", ["--to", "gexf"]),
    ("export", ["--to", "csv"]),
]


@pytest.mark.parametrize(("command", "options"), COMMANDS)
@pytest.mark.parametrize("case", ["existing-folder", "parent-is-a-file", "read-only"])
def test_every_output_path_error_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, options: list[str], case: str
) -> None:
    folder = tmp_path / "dossier"
    folder.mkdir()
    (tmp_path / "fichier").write_text("x")
    target = {
        "existing-folder": folder,
        "parent-is-a-file": tmp_path / "fichier" / "x.html",
        "read-only": folder / "sortie.html",
    }[case]
    if command == "export" and "csv" in options and case == "existing-folder":
        target = tmp_path / "fichier"
    if case == "read-only":  # as root, a folder's mode refuses nothing: refuse its files
        real_open = os.open

        def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
            if str(path).startswith(str(folder)):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    code, output = run(command, str(EXAMPLE), *options, "-o", str(target), english=True)
    assert code in (1, 2), output
    assert "Error" in output
    assert str(target.name) in output or "folder" in output or "file" in output


# ---------------------------------------------------------------------------- exports


NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
).filter(lambda s: s.strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=2, max_size=5, unique=True), NAMES)
def test_every_xml_export_of_any_name_parses(names: list[str], note: str) -> None:
    organisations = tuple(
        Organisation(id=f"o{i}\x0b{name}", name=name, fields=(name,))
        for i, name in enumerate(names)
    )
    network = Network(
        Dataset(
            organisations=organisations,
            links=(Link(source=organisations[0].id, target=organisations[1].id, note=note),),
        )
    )
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for to in ("gexf", "graphml"):
            path = Path(folder) / f"reseau.{to}"
            export(network, path, to)  # type: ignore[arg-type]
            ElementTree.parse(path)


def test_control_characters_are_warned_and_removed_from_exports(
    make_folder: FolderMaker, tmp_path: Path
) -> None:
    folder = make_folder(
        {
            **MINIMAL,
            "organisations.csv": "id,name,territories,fields\nA,Al\x07pha,77288,x\n"
            "B,Beta,77288,x\n",
        }
    )
    assert "control-character" in validate(folder, today=TODAY).codes()
    code, output = run("export", str(folder), "--to", "graphml", "-o", str(tmp_path / "g.xml"))
    assert code == 0, output
    ElementTree.parse(tmp_path / "g.xml")
    assert "\x07" not in (tmp_path / "g.xml").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- root causes


def test_a_broken_header_comes_first_without_follow_on_errors(make_folder: FolderMaker) -> None:
    folder = make_folder(
        {
            "organisations.csv": "ident,nom\nA,Alpha\nB,Beta\n",
            "links.csv": "source,target\n" + "A,B\n" * 30,
        }
    )
    code, output = run("analyse", str(folder))
    assert code == 1
    lines = [line for line in output.splitlines() if line.startswith("  ")]
    assert "missing-column" in lines[0]
    assert "unknown-organisation" not in output


# ---------------------------------------------------------------------------- fuzzing


CELLS = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
    st.dates(),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=0, max_size=8),
    st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=0, max_size=8),
)
def test_any_workbook_gives_a_report(
    organisations: list[list[object]], links: list[list[object]]
) -> None:
    buffer = io.BytesIO()
    book = Workbook()
    book.active.title = "organisations"
    for row in [["id", "name", "territories", "fields"], *organisations]:
        book.active.append(row)
    sheet = book.create_sheet("liens")
    for row in [["source", "target"], *links]:
        sheet.append(row)
    book.save(buffer)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "classeur.xlsx"
        path.write_bytes(buffer.getvalue())
        report = validate(path, today=TODAY)
    assert report.counts["organisations"] <= len(organisations)
    for problem in report.problems:
        assert problem.file.startswith("classeur.xlsx")


# ---------------------------------------------------------------------------- hostile sizes


def test_a_binary_file_named_csv_is_refused_at_once(make_folder: FolderMaker) -> None:
    junk = bytes((i * 7919 + 13) % 256 for i in range(2_000_000))
    folder = make_folder({**MINIMAL, "liens.csv": junk})
    (folder / "links.csv").unlink()
    report = validate(folder, today=TODAY)
    assert [(p.file, p.code) for p in report.errors] == [("liens.csv", "unreadable-file")]


def test_problems_are_listed_up_to_a_bound_and_counted_beyond(make_folder: FolderMaker) -> None:
    links = "source,target\n" + "A,Z\n" * 2500
    report = validate(make_folder({**MINIMAL, "links.csv": links}), today=TODAY)
    unknown = [p for p in report.problems if p.code == "unknown-organisation"]
    assert len(unknown) == 1001
    assert "1\u202f500 more problems" in unknown[0].message
