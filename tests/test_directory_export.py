"""The directory written as xlsx, Markdown, HTML and the CSV of entries to update."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from partenariat.app import Study
from partenariat.directory import Directory, directory
from partenariat.errors import OutputExistsError
from partenariat.export.directory import (
    UnknownFormatError,
    directory_html,
    directory_markdown,
    directory_xlsx,
    stale_csv,
    write_directory,
)
from tests.cli import run
from tests.conftest import EXAMPLE

TODAY = dt.date(2026, 11, 25)
HOSTILE = '=HYPERLINK("http://x","clic") <b>gras</b> *étoile* [lien](x)'


def _book(tmp_path: Path) -> Directory:
    (tmp_path / "organisations.csv").write_text(
        "id;name;territories;fields;email;website;updated\n"
        f"h;{HOSTILE.replace(';', ',')};74267;santé;h@x.example;javascript:alert(1);01/01/2020\n"
        "s;Sûr;74267;santé|logement;s@x.example;https://s.example;01/11/2026\n",
        encoding="utf-8",
    )
    (tmp_path / "links.csv").write_text("source;target\nh;s\n", encoding="utf-8")
    return directory(Study.open(tmp_path).network, today=TODAY)


def test_the_workbook_lists_every_organisation_and_a_sheet_per_field() -> None:
    book = directory(Study.open(EXAMPLE).network, today=TODAY)
    workbook = load_workbook(io.BytesIO(directory_xlsx(book)))
    first = workbook.worksheets[0]
    assert first.title == "Annuaire"
    assert first["A1"].value == "Identifiant"
    assert first.freeze_panes == "A2"
    assert first.auto_filter.ref
    assert sorted(r[0] for r in first.iter_rows(min_row=2, values_only=True)) == sorted(
        e.id for e in book.entries
    )
    assert len(workbook.worksheets) == 1 + len(book.fields)
    sante = workbook[book.fields[book.fields.index("santé mentale")]]
    assert sorted(r[0] for r in sante.iter_rows(min_row=2, values_only=True)) == sorted(
        e.id for e in book.offering("santé mentale")
    )


def test_no_cell_of_the_workbook_is_a_formula(tmp_path: Path) -> None:
    workbook = load_workbook(io.BytesIO(directory_xlsx(_book(tmp_path))))
    names = list(workbook.worksheets[0]["B"])
    hostile = next(c for c in names if str(c.value).startswith("=HYPERLINK"))
    assert hostile.data_type == "s"


def test_markdown_escapes_what_the_data_could_mark_up(tmp_path: Path) -> None:
    text = directory_markdown(_book(tmp_path))
    assert "<b>" not in text
    assert "&lt;b&gt;gras&lt;/b&gt;" in text
    assert "\\*étoile\\*" in text
    assert "\\[lien\\]" in text
    assert "<https://s.example>" in text
    assert "<javascript" not in text


def test_the_stale_csv_has_the_entries_to_update_and_their_contacts(tmp_path: Path) -> None:
    data = stale_csv(_book(tmp_path))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert (
        lines[0] == "Identifiant;Nom;Courriel;Téléphone;Adresse;Mise à jour;Mois sans mise à jour"
    )
    assert len(lines) == 2
    assert lines[1].startswith("h;\"'=HYPERLINK")
    assert ";h@x.example;" in lines[1]
    assert lines[1].endswith(";01/01/2020;82")


def test_html_escapes_every_name_and_links_only_http(tmp_path: Path) -> None:
    page = directory_html(_book(tmp_path))
    assert "<b>gras</b>" not in page
    assert "&lt;b&gt;gras&lt;/b&gt;" in page
    assert 'href="javascript' not in page
    assert 'href="https://s.example"' in page
    assert page.count('data-organisation="') == 2
    assert "à mettre à jour" in page


def test_the_format_follows_the_suffix_and_nothing_is_overwritten(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    book = _book(data)
    for name in ("a.html", "a.xlsx", "a.md"):
        assert write_directory(book, tmp_path / name).exists()
    with pytest.raises(UnknownFormatError):
        write_directory(book, tmp_path / "a.pdf")
    (tmp_path / "mine.html").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="already exists"):
        write_directory(book, tmp_path / "mine.html")
    assert (tmp_path / "mine.html").read_text(encoding="utf-8") == "mine"


def test_the_command_and_its_french_alias(tmp_path: Path) -> None:
    out, stale = tmp_path / "annuaire.html", tmp_path / "a-jour.csv"
    code, _ = run("annuaire", str(EXAMPLE), "-o", str(out), "--stale", str(stale))
    assert code == 0
    assert out.read_text(encoding="utf-8").count("<article") == 40
    assert stale.read_bytes().startswith(b"\xef\xbb\xbf")
    code, output = run("directory", str(EXAMPLE))
    assert code == 2
    assert "--stale" in output
    code, output = run("directory", str(EXAMPLE), "-o", str(tmp_path / "a.pdf"))
    assert code == 2
    assert ".xlsx" in output
