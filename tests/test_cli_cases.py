"""``partenariat cases``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.cli import run as _run
from tests.conftest import MINIMAL, FolderMaker


def test_cases_table(example: Path) -> None:
    code, output = _run("cases", str(example))
    assert code == 0
    assert "13 situations sur 30 fragmentées (43" in output
    assert "Liens manquants" in output
    assert max(len(line) for line in output.splitlines()) <= 80


def test_cases_json(example: Path) -> None:
    code, output = _run("cases", str(example), "--format", "json")
    payload = json.loads(output)
    assert code == 0
    assert payload["summary"]["cases"] == 30
    s16 = next(c for c in payload["cases"] if c["case"] == "S16")
    # five organisations and no link between any two of them
    assert (s16["components"], s16["linked_share"], s16["fragmented"]) == (5, 0.0, True)
    counts = [m["cases"] for m in payload["missing_links"]]
    assert counts == sorted(counts, reverse=True)


def test_one_case_in_detail(example: Path) -> None:
    code, output = _run("cases", str(example), "--case", "S16", "--lang", "en")
    assert code == 0
    assert "Case S16" in output
    assert "Pieces: 5" in output


def test_unknown_case_is_a_usage_error(example: Path) -> None:
    code, output = _run("cases", str(example), "--case", "S404")
    assert code == 2
    assert "S404" in output


def test_cases_csv_one_row_per_case(example: Path) -> None:
    code, output = _run("cases", str(example), "--format", "csv")
    rows = list(csv.reader(output.splitlines()))
    assert code == 0
    assert rows[0][:3] == ["case", "organisations", "organisation_count"]
    assert len(rows) == 31


def test_at_date(example: Path) -> None:
    code, output = _run("cases", str(example), "--at", "01/06/2025", "--format", "json")
    assert code == 0
    assert json.loads(output)["summary"]["at"] == "2025-06-01"


def test_without_interventions(make_folder: FolderMaker) -> None:
    code, output = _run("cases", str(make_folder(MINIMAL)))
    assert code == 0
    assert "Aucune situation" in output


def test_personal_data_columns_are_refused(make_folder: FolderMaker) -> None:
    folder = make_folder(
        {
            **MINIMAL,
            "interventions.csv": "situation,organisation,Nom,Date de naissance\n"
            "S1,A,Dupont,01/01/1990\n",
        }
    )
    code, output = _run("cases", str(folder))
    assert code == 1
    assert "personal-data-column" in output
    assert "Date de naissance" in output
