"""The collection workbook: its sheets, lists and checks; typed in, it validates; returned
workbooks merge into one folder with their conflicts reported."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from partenariat import Dataset, Network
from partenariat.analysis.offers import offer_index
from partenariat.app import Study
from partenariat.io.folder import read, validate
from partenariat.io.merge import merge_workbooks
from partenariat.io.template import collection_workbook
from partenariat.scope import with_scope
from tests.cli import run
from tests.conftest import EXAMPLE

ANNECY = "200066793"


def _workbook(network: Network | None = None, **options: Any) -> Any:
    return load_workbook(io.BytesIO(collection_workbook(network, **options)))


def _list(book: Any, name: str) -> list[str]:
    sheet = book["Listes"]
    column = [c.value for c in sheet[1]].index(name)
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]


def test_sheets_headers_and_instructions() -> None:
    book = _workbook()
    assert book.sheetnames == ["Instructions", "Organisations", "Liens", "Services", "Listes"]
    assert book["Listes"].sheet_state == "hidden"
    headers = [c.value for c in book["Organisations"][1]]
    assert headers[:5] == ["Identifiant", "Nom", "Type", "Secteur", "Territoire 1"]
    assert {"Domaine 3", "Public 3", "Courriel", "Mise à jour"} <= set(headers)
    assert [c.value for c in book["Liens"][1]][:3] == ["Source", "Cible", "Type de lien"]
    assert "renvoyer" in " ".join(str(r[0]) for r in book["Instructions"].values)


def test_drop_down_lists_and_checks() -> None:
    book = _workbook(with_scope(Network(Dataset()), [ANNECY]))
    rules = book["Organisations"].data_validations.dataValidation
    lists = {r.formula1 for r in rules if r.type == "list"}
    assert "=Listes!$E$2:$E$5000" in lists  # territories
    assert {r.type for r in rules} >= {"list", "date", "custom", "decimal"}
    links = book["Liens"].data_validations.dataValidation
    assert any(r.formula1 == "=Organisations!$A$2:$A$5000" for r in links)
    assert _list(book, "Types de lien") == ["convention", "informel", "orientation", "financement"]
    assert "santé mentale" in _list(book, "Domaines")


def test_the_study_area_communes_and_none_outside() -> None:
    network = with_scope(Network(Dataset()), [ANNECY])
    codes = [
        label.rsplit("(", 1)[1].rstrip(")") for label in _list(_workbook(network), "Territoires")
    ]
    communes = set(offer_index(network).tree.leaves)
    assert len(communes) == 34
    assert communes <= set(codes)
    assert set(codes) - communes == {"74", ANNECY}
    assert "Sevrier (74267)" in _list(_workbook(network), "Territoires")


def test_three_organisations_typed_in_validate_clean(tmp_path: Path) -> None:
    book = _workbook(with_scope(Network(Dataset()), [ANNECY]))
    sheet = book["Organisations"]
    headers = [c.value for c in sheet[1]]

    def row(**values: Any) -> list[Any]:
        return [values.get(h) for h in headers]

    sheet.append(
        row(
            Identifiant="ccas-sevrier",
            Nom="CCAS de Sevrier",
            Type="CCAS",
            **{
                "Territoire 1": "Sevrier (74267)",
                "Domaine 1": "alimentation",
                "Domaine 2": "accès aux droits",
                "Mise à jour": dt.date(2026, 11, 2),
                "Courriel": "ccas@sevrier.example",
            },
        )
    )
    sheet.append(
        row(
            Identifiant="ml",
            Nom="Mission locale",
            Type="mission locale",
            **{
                "Territoire 1": "CA du Grand Annecy (200066793)",
                "Domaine 1": "emploi",
                "Public 1": "jeunes",
                "Mise à jour": dt.date(2026, 10, 1),
            },
        )
    )
    sheet.append(
        row(
            Identifiant="caf74",
            Nom="CAF de la Haute-Savoie",
            Type="CAF",
            **{
                "Territoire 1": "Haute-Savoie (74)",
                "Domaine 1": "famille",
                "Mise à jour": dt.date(2026, 9, 1),
            },
        )
    )
    book["Liens"].append(["ccas-sevrier", "caf74", "convention"])
    path = tmp_path / "rempli.xlsx"
    book.save(path)
    report = validate(path, today=dt.date(2026, 11, 25))
    assert report.problems == ()
    dataset, _ = read(path, today=dt.date(2026, 11, 25))
    assert [o.territories for o in dataset.organisations] == [("74267",), (ANNECY,), ("74",)]
    assert dataset.organisations[0].fields == ("alimentation", "accès aux droits")
    assert [link.type for link in dataset.links] == ["formal"]
    code, output = run("validate", str(path))
    assert code == 0
    assert "0 erreur" in output


def test_a_prefilled_workbook_reads_back_as_the_data(tmp_path: Path) -> None:
    study = Study.open(EXAMPLE)
    path = tmp_path / "collecte.xlsx"
    path.write_bytes(collection_workbook(study.network))
    original, _ = read(EXAMPLE)
    back, report = read(path)
    assert report.valid
    assert {o.id: o for o in back.organisations} == {o.id: o for o in original.organisations}
    key = lambda link: (link.source, link.target, link.type or "", str(link.since))  # noqa: E731
    assert sorted(map(key, back.links)) == sorted(map(key, original.links))
    assert sorted(map(repr, back.services)) == sorted(map(repr, original.services))


def test_returned_workbooks_merge_and_conflicts_are_reported(tmp_path: Path) -> None:
    study = Study.open(EXAMPLE)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    first.write_bytes(collection_workbook(study.network))
    book = load_workbook(io.BytesIO(collection_workbook(study.network)))
    sheet = book["Organisations"]
    target = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "ccas-melun")
    target[1].value = "CCAS de Melun (nouveau nom)"
    headers = [c.value for c in sheet[1]]
    added = [None] * len(headers)
    added[0], added[1] = "asso-neuve", "Association nouvelle"
    added[headers.index("Territoire 1")] = "77288"
    added[headers.index("Domaine 1")] = "alimentation"
    sheet.append(added)
    book.save(second)
    merged = merge_workbooks([first, second])
    assert len(merged.dataset.organisations) == 41
    assert [(c.key, c.column) for c in merged.conflicts] == [("ccas-melun", "name")]
    assert merged.conflicts[0].values == (
        ("a.xlsx", "CCAS de Melun"),
        ("b.xlsx", "CCAS de Melun (nouveau nom)"),
    )
    assert merged.conflicts[0].words("fr") == ("Organisations", "Nom")
    names = {
        o.id: o.name
        for o in merge_workbooks([first, second], on_conflict="last").dataset.organisations
    }
    assert names["ccas-melun"] == "CCAS de Melun (nouveau nom)"

    out = tmp_path / "dossier"
    code, output = run("import", "workbook", str(first), str(second), "-o", str(out))
    assert code == 1
    assert "conflit" in output
    assert "Nom" in output
    assert not out.exists()
    code, output = run(
        "import",
        "workbook",
        str(first),
        str(second),
        "-o",
        str(out),
        "--on-conflict",
        "first",
        "--conflicts",
        str(tmp_path / "conflits.csv"),
    )
    assert code == 0
    assert "41 organisations" in output
    assert validate(out).valid
    assert "CCAS de Melun (nouveau nom)" in (tmp_path / "conflits.csv").read_text("utf-8-sig")


def test_the_command_writes_an_xlsx_only_and_never_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "collecte.xlsx"
    assert run("template", str(EXAMPLE), "-o", str(out))[0] == 0
    assert load_workbook(out)["Organisations"].max_row == 41
    code, output = run("template", "-o", str(out))
    assert code == 1
    assert "--force" in output
    code, output = run("template", "-o", str(tmp_path / "collecte.csv"))
    assert code == 2
    assert ".xlsx" in output
    assert run("template", "--scope", "Sevrier", "-o", str(tmp_path / "s.xlsx"))[0] == 0
    code, output = run("template", "--scope", "Nulle-Part-Sur-Mer", "-o", str(tmp_path / "n.xlsx"))
    assert code == 2


@pytest.mark.parametrize("header", ["Domaine 2", "domaines 3", "Thématiques 2"])
def test_numbered_list_columns_are_read_as_one_list(tmp_path: Path, header: str) -> None:
    (tmp_path / "organisations.csv").write_text(
        f"id;name;territories;Domaine;{header}\no;O;74267;santé;logement\n", encoding="utf-8"
    )
    (tmp_path / "links.csv").write_text("source;target\n", encoding="utf-8")
    dataset, report = read(tmp_path)
    assert report.problems == ()
    assert dataset.organisations[0].fields == ("santé", "logement")
