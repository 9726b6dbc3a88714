"""The partner survey, worked out by hand: 24 organisations, 10 answered.

answers (respondent -> partner: level, trust, value)
o01 -> o02: 3, 4, 3          o02 -> o01: 3, 3, 4           (named both ways)
o03 -> o04: 2, 2, -          (o04 answered without naming o03: asymmetric)
o04 -> o05: 4, 3, 3          o05 -> o04: 4, 4, -           (named both ways)
o06 -> o11: 1, 1, 2          (o11 did not answer: outside reciprocity)
o07 -> (no partner)
o08 -> o01: -, 2, 2          (o01 answered without naming o08: asymmetric)
o09 -> o10: 5, -, -          o10 -> o09: 4, -, -           (named both ways)

links file: o01-o02 formal, o04-o05 informal, o09 -> o10 referral.

response rate 10/24; non-respondents o11..o24 (14); pairs where both answered and one
named the other: {o01,o02} {o03,o04} {o04,o05} {o01,o08} {o09,o10}: 3 named both ways,
reciprocity 3/5; asymmetric [o03, o04] and [o08, o01]; trust received: o01 (3, 2) 2.5 n=2,
o02 4, o04 (2, 4) 3.0 n=2, o05 3, o11 1; value received: o01 (4, 2) 3.0 n=2, o02 3, o05 3,
o11 2;
intensity: level 1: 1, 2: 1, 3: 2, 4: 3, 5: 1, no level: 1; undocumented ties: [o01, o08],
[o03, o04], [o06, o11].
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from partenariat import Network
from partenariat.analysis.survey import Rating, survey
from partenariat.io.folder import read
from partenariat.io.questionnaire import HEADER_ROW, questionnaires, read_questionnaires
from tests.cli import run

ANSWERS = """répondant;partenaire;niveau;confiance;valeur
o01;o02;3;4;3
o02;o01;coordination;3;4
o03;o04;2;2;
o04;o05;4 - coalition;3;3
o05;o04;4;4;
o06;o11;mise en réseau;1;2
o07;;;;
o08;o01;;2;2
o09;o10;5;;
o10;o09;4;;
"""


def _folder(path: Path, answers: str = ANSWERS) -> Path:
    organisations = "id;name;territories;fields\n" + "".join(
        f"o{i:02d};Organisation {i};77288;santé\n" for i in range(1, 25)
    )
    (path / "organisations.csv").write_text(organisations, encoding="utf-8")
    (path / "liens.csv").write_text(
        "source;cible;type\no01;o02;convention\no04;o05;informel\no09;o10;orientation\n",
        encoding="utf-8",
    )
    (path / "reponses.csv").write_text(answers, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return _folder(tmp_path)


def test_the_survey_as_worked_out(folder: Path) -> None:
    result = survey(Network.from_path(folder))
    assert result is not None
    assert result.response_rate == pytest.approx(10 / 24)
    assert result.respondents == tuple(f"o{i:02d}" for i in range(1, 11))
    assert result.non_respondents == tuple(f"o{i:02d}" for i in range(11, 25))
    assert result.reciprocity == pytest.approx(3 / 5)
    assert (result.named_pairs, result.confirmed_pairs) == (5, 3)
    assert result.asymmetric == (("o03", "o04"), ("o08", "o01"))
    assert result.trust_received == {
        "o01": Rating(2.5, 2),
        "o02": Rating(4.0, 1),
        "o04": Rating(3.0, 2),
        "o05": Rating(3.0, 1),
        "o11": Rating(1.0, 1),
    }
    assert result.value_received == {
        "o01": Rating(3.0, 2),
        "o02": Rating(3.0, 1),
        "o05": Rating(3.0, 1),
        "o11": Rating(2.0, 1),
    }
    assert result.intensity == {"1": 1, "2": 1, "3": 2, "4": 3, "5": 1, "unrated": 1}
    assert result.undocumented_ties == (("o01", "o08"), ("o03", "o04"), ("o06", "o11"))


def test_the_json_keys_of_the_command(folder: Path) -> None:
    code, output = run("survey", str(folder), "--format", "json")
    assert code == 0
    payload = json.loads(output)
    assert payload["response_rate"] == pytest.approx(10 / 24)
    assert payload["non_respondents"] == [f"o{i:02d}" for i in range(11, 25)]
    assert payload["reciprocity"] == pytest.approx(0.6)
    assert payload["asymmetric"] == [["o03", "o04"], ["o08", "o01"]]
    assert payload["trust_received"]["o01"] == {"mean": 2.5, "n": 2}
    assert payload["undocumented_ties"] == [["o01", "o08"], ["o03", "o04"], ["o06", "o11"]]
    assert set(payload) >= {"respondents", "value_received", "intensity"}


def test_text_csv_and_analyse_show_the_survey(folder: Path) -> None:
    code, text = run("survey", str(folder))
    assert code == 0
    assert "10 réponses sur 24 organisations" in text.replace("\u00a0", " ")
    assert "60 %" in text.replace("\u00a0", " ")
    code, csv = run("survey", str(folder), "--format", "csv")
    assert code == 0
    assert len(csv.strip().splitlines()) == 25
    code, analysed = run("analyse", str(folder), "--format", "json")
    assert json.loads(analysed)["survey"]["reciprocity"] == pytest.approx(0.6)
    assert "Enquête auprès des partenaires" in run("analyse", str(folder))[1]


def test_a_folder_without_answers_says_so(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "reponses.csv").unlink()
    code, output = run("survey", str(folder))
    assert code == 1
    assert "Aucune réponse" in output


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        ("o01;o99;3;;", "unknown-organisation", "partenaire"),
        ("o99;o01;3;;", "unknown-organisation", "répondant"),
        ("o01;o03;6;;", "invalid-level", "niveau"),
        ("o01;o03;beaucoup;;", "invalid-level", "niveau"),
        ("o01;o03;3;5;", "invalid-rating", "confiance"),
        ("o01;o03;3;;0", "invalid-rating", "valeur"),
        ("o01;o01;3;;", "self-named", "partenaire"),
        ("o01;o02;2;;", "duplicate-answer", "partenaire"),
    ],
)
def test_answers_are_checked_with_file_line_and_column(
    tmp_path: Path, row: str, code: str, column: str
) -> None:
    folder = _folder(tmp_path, ANSWERS + row + "\n")
    _, report = read(folder)
    found = [p for p in report.problems if p.code == code]
    assert len(found) == 1
    assert (found[0].file, found[0].line, found[0].column) == ("reponses.csv", 12, column)


def test_questionnaires_round_trip(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "reponses.csv").unlink()
    network = Network.from_path(folder)
    files = questionnaires(network)
    assert len(files) == 24
    out = tmp_path / "retours"
    out.mkdir()
    answered = {"o01": [("o02", "oui", "3 coordination", 4, 3)], "o02": [("o01", "oui", "", 3, "")]}
    for org, answers in answered.items():
        book = load_workbook(io.BytesIO(files[f"questionnaire-{org}.xlsx"]))
        sheet = book["Questionnaire"]
        for row in range(HEADER_ROW + 1, sheet.max_row + 1):
            for partner, tick, level, trust, value in answers:
                if sheet.cell(row, 1).value == partner:
                    for column, content in zip(
                        (4, 5, 6, 7), (tick, level, trust, value), strict=True
                    ):
                        sheet.cell(row, column).value = content
        book.save(out / f"{org}.xlsx")
    book = load_workbook(io.BytesIO(files["questionnaire-o03.xlsx"]))
    book["Questionnaire"]["B4"] = "oui"  # no partner
    book.save(out / "o03.xlsx")
    rows, report = read_questionnaires(sorted(out.glob("*.xlsx")))
    assert report.problems == ()
    assert rows == [
        ["o01", "o02", "3 coordination", "4", "3", "", ""],
        ["o02", "o01", "", "3", "", "", ""],
        ["o03", "", "", "", "", "", ""],
    ]
    code, output = run("survey", "import", str(out), "-o", str(folder))
    assert code == 0, output
    result = survey(Network.from_path(folder))
    assert result is not None
    assert result.respondents == ("o01", "o02", "o03")
    assert result.reciprocity == 1.0
    assert result.trust_received["o02"] == Rating(4.0, 1)
    code, output = run("survey", "import", str(out), "-o", str(folder))
    assert code == 1
    assert "--force" in output


def test_the_shared_questionnaire(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    files = questionnaires(Network.from_path(folder), single=True)
    book = load_workbook(io.BytesIO(files["questionnaire.xlsx"]))
    assert book.sheetnames == ["Mode d'emploi", "Réponses", "Organisations"]
    book["Réponses"].append(["o05", "o06", "2 coopération", 3, 3, "chaque mois"])
    path = tmp_path / "commun.xlsx"
    book.save(path)
    rows, _ = read_questionnaires([path])
    assert rows == [["o05", "o06", "2 coopération", "3", "3", "chaque mois", ""]]


def test_the_report_has_a_survey_section_only_with_answers(folder: Path) -> None:
    import datetime as dt

    from tests.test_report import report_of

    with_answers = report_of(Network.from_path(folder), today=dt.date(2026, 11, 25))
    section = next(s for s in with_answers.sections if s.key == "survey")
    figures = dict(section.figures)
    assert figures["Taux de réponse"].replace("\u00a0", " ") == "42 %"
    assert figures["Organisations qui ont répondu"] == "10 / 24"
    titles = [table.key for table in section.tables]
    assert titles == [
        "survey-asymmetric",
        "survey-ratings",
        "survey-intensity",
        "survey-undocumented",
    ]
    (folder / "reponses.csv").unlink()
    without = report_of(Network.from_path(folder), today=dt.date(2026, 11, 25))
    assert "survey" not in [s.key for s in without.sections]


def test_the_map_draws_levels_and_ties_named_only_in_the_survey(folder: Path) -> None:
    from partenariat.export.html_map import map_data

    data = map_data(Network.from_path(folder))
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert edges[("o01", "o02")]["width"] == 4.0  # level 3: 1 + 3
    declared = sorted((e["from"], e["to"]) for e in data["edges"] if e["type"] == "declared")
    assert declared == [("o01", "o08"), ("o03", "o04"), ("o06", "o11")]
    legend = [item["label"] for item in data["legend"]["edges"]]
    assert "cité dans l'enquête, absent du fichier des liens" in legend


def test_the_complete_survey_tables_travel_with_the_report(folder: Path, tmp_path: Path) -> None:
    tables = tmp_path / "tableaux"
    code, _ = run("report", str(folder), "-o", str(tmp_path / "r.html"), "--csv-dir", str(tables))
    assert code == 0
    names = {p.name for p in tables.iterdir()}
    assert {"enquete-organisations.csv", "enquete-liens-absents.csv"} <= names
    rows = (tables / "enquete-organisations.csv").read_text("utf-8-sig").splitlines()
    assert rows[0] == "Identifiant;Nom;A répondu;Confiance;n;Valeur;n"
    assert len(rows) == 25


def test_one_questionnaire_each_is_refused_for_a_large_network(tmp_path: Path) -> None:
    from partenariat.io import questionnaire

    folder = _folder(tmp_path)
    original = questionnaire.MAX_PER_ORGANISATION
    questionnaire.MAX_PER_ORGANISATION = 10
    try:
        code, output = run("survey", "template", str(folder), "-o", str(tmp_path / "q"))
        assert code == 1
        assert "--single" in output
        assert not (tmp_path / "q").exists()
        code, _ = run("survey", "template", str(folder), "-o", str(tmp_path / "q"), "--single")
        assert code == 0
    finally:
        questionnaire.MAX_PER_ORGANISATION = original
