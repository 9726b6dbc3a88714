"""``partenariat analyse`` and its one-section commands."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.cli import run as _run
from tests.conftest import FolderMaker


def test_analyse_prints_a_diagnosis_that_fits_80_columns(example: Path) -> None:
    code, output = _run("analyse", str(example))
    assert code == 0
    for heading in (
        "Zones blanches",
        "Points de fragilité",
        "Offres qui se chevauchent",
        "Acteurs isolés",
        "Acteurs passerelles",
        "Structure du réseau",
        "Partenariats à créer",
    ):
        assert heading in output
    assert "Amitié Rubelles" in output
    assert max(len(line) for line in output.splitlines()) <= 80


def test_analyse_in_english(example: Path) -> None:
    code, output = _run("analyse", str(example), "--lang", "en", "--limit", "2")
    assert code == 0
    assert "Coverage gaps: 59" in output
    assert "Isolated organisations: 3" in output


def test_analyse_json_is_the_contract_and_reproducible(example: Path) -> None:
    code, first = _run("analyse", str(example), "--format", "json")
    assert code == 0
    payload = json.loads(first)
    assert list(payload) == [
        "summary",
        "coverage",
        "coverage_by_field",
        "coverage_gaps",
        "public_gaps",
        "thin_cells",
        "unlisted_fields",
        "overlaps",
        "isolated",
        "peripheral",
        "brokers",
        "components",
        "communities",
        "centrality",
        "structure",
        "suggestions",
        "cases",
        "study_area",
    ]
    assert payload["cases"]["summary"]["fragmented"] == 13
    assert payload["isolated"] == [
        {"organisation": "amitie-rubelles", "reason": "no-link"},
        {"organisation": "ccas-lemee", "reason": "outside-main-component"},
        {"organisation": "secours-lemee", "reason": "outside-main-component"},
    ]
    assert payload["brokers"][0] == {"organisation": "fs-stfargeau", "cut_off": 2, "degree": 3}
    assert payload["coverage_gaps"][0] == {
        "territory": "77288",
        "name": "Melun",
        "field": "lien social",
        "population": 45995,
        "public": None,
    }
    assert _run("analyse", str(example), "--format", "json")[1] == first


def test_analyse_csv_writes_one_file_per_table(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    code, _ = _run("analyse", str(example), "--format", "csv", "-o", str(out), "--excel")
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert "gaps.csv" in names
    assert "suggestions.csv" in names
    raw = (out / "isolated.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbforganisation;name;reason")
    code, output = _run("analyse", str(example), "--format", "csv", "-o", str(out))
    assert code == 1
    assert "existe déjà\u00a0; --force pour le remplacer" in output
    code, output = _run("analyse", str(example), "--format", "csv", "-o", str(out), english=True)
    assert code == 1
    assert "already exists" in output


def test_analyse_csv_needs_an_output_folder(example: Path) -> None:
    assert _run("analyse", str(example), "--format", "csv")[0] == 2


@pytest.mark.parametrize("command", ["gaps", "overlaps", "isolated", "suggest"])
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_each_section_command(example: Path, command: str, fmt: str) -> None:
    code, output = _run(command, str(example), "--format", fmt, "--limit", "3")
    assert code == 0
    assert output.strip()
    if fmt == "json":
        json.loads(output)
    if fmt == "csv":
        rows = list(csv.reader(output.splitlines()))
        assert len(rows) <= 4


def test_gaps_at_a_level(example: Path) -> None:
    code, output = _run("gaps", str(example), "--level", "EPCI", "--format", "json")
    assert code == 0
    assert json.loads(output)["coverage_gaps"] == []


def test_unknown_level_is_a_usage_error_naming_the_levels(example: Path) -> None:
    code, output = _run("gaps", str(example), "--level", "canton")
    assert code == 2
    assert "niveaux\u00a0: leaves, région, département, EPCI, commune" in output
    code, output = _run("gaps", str(example), "--level", "canton", english=True)
    assert code == 2
    assert "levels: leaves, région, département, EPCI, commune" in output


def test_reference_fields_file(example: Path, tmp_path: Path) -> None:
    fields = tmp_path / "domaines.csv"
    fields.write_text("Domaine\nlogement\nculture\n", encoding="utf-8")
    code, output = _run("gaps", str(example), "--fields", str(fields), "--format", "json")
    payload = json.loads(output)
    assert code == 0
    assert sum(1 for g in payload["coverage_gaps"] if g["field"] == "culture") == 20


def test_invalid_data_is_a_clear_error_not_a_traceback(make_folder: FolderMaker) -> None:
    folder = make_folder({"organisations.csv": "id,name\nA,\n", "links.csv": "source,target\n"})
    code, output = _run("analyse", str(folder))
    assert code == 1
    assert "a 1 erreur\u00a0:" in output
    assert (
        "organisations.csv:2\u00a0: erreur empty-value\u00a0: «\u00a0name\u00a0» est vide" in output
    )
    assert "partenariat validate" in output
    code, output = _run("analyse", str(folder), english=True)
    assert "has 1 error:" in output
    assert "organisations.csv:2: error empty-value" in output


def test_output_file_is_not_overwritten_without_force(example: Path, tmp_path: Path) -> None:
    target = tmp_path / "diag.txt"
    target.write_text("mes notes", encoding="utf-8")
    code, _ = _run("isolated", str(example), "-o", str(target))
    assert code == 1
    assert target.read_text(encoding="utf-8") == "mes notes"
    assert _run("isolated", str(example), "-o", str(target), "--force")[0] == 0
    assert "Amitié Rubelles" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "command", [("analyse", "--format", "json"), ("gaps",), ("cases",), ("analyse",)]
)
def test_an_existing_output_is_refused_before_anything_is_computed(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    from partenariat.io import folder

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the data was read before the output was checked")

    monkeypatch.setattr(folder, "_read", never)
    kept = tmp_path / "diagnostic.json"
    kept.write_text("mine")
    code, output = _run(command[0], str(example), *command[1:], "-o", str(kept))
    assert code == 1
    assert "existe déjà\u00a0; --force pour le remplacer" in output
    assert kept.read_text() == "mine"
