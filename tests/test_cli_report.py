"""``partenariat report``."""

from __future__ import annotations

from pathlib import Path

from tests.cli import run as _run


def test_report_html_and_tables(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "diagnostic.html"
    code, output = _run(
        "report",
        str(example),
        "-o",
        str(out),
        "--csv-dir",
        str(tmp_path / "tableaux"),
        "--today",
        "2026-11-24",
    )
    assert code == 0
    assert f"écrit\u00a0: {out.resolve()}" in output
    assert "tableaux écrits dans" in output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert 'class="map"' in text
    gaps = (tmp_path / "tableaux" / "zones-blanches.csv").read_bytes()
    assert gaps.startswith(b"\xef\xbb\xbfTerritoire;Nom;Domaine;Population\r\n")


def test_report_tables_are_complete_and_the_report_says_where(
    example: Path, tmp_path: Path
) -> None:
    from partenariat import Network
    from partenariat.analysis.diagnosis import diagnose

    out, folder = tmp_path / "diagnostic.html", tmp_path / "tableaux"
    code, _ = _run("report", str(example), "-o", str(out), "--csv-dir", str(folder), "--limit", "3")
    assert code == 0
    network = Network.from_path(example)
    expected = diagnose(network)
    lines = (folder / "zones-blanches.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + len(expected.coverage.gaps) > 4
    overlaps = (folder / "chevauchements.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(overlaps) == 1 + len(expected.overlaps)
    centrality = (folder / "centralite.csv").read_text(encoding="utf-8-sig").splitlines()
    assert any("," in line.split(";")[-1] for line in centrality[1:])  # decimal commas
    text = out.read_text(encoding="utf-8")
    assert "tableau complet\u00a0: tableaux/zones-blanches.csv" in text
    assert str(tmp_path) not in text  # a shared report never shows the author's machine
    case_ids = {i.case for i in network.dataset.interventions}
    for path in folder.iterdir():
        cells = {
            cell
            for line in path.read_text(encoding="utf-8-sig").splitlines()
            for cell in line.split(";")
        }
        assert not cells & case_ids, path.name
    missing = (folder / "liens-manquants.csv").read_text(encoding="utf-8-sig")
    assert "< 5" in missing  # small counts of cases masked, as in the report


def test_report_tables_in_english_are_named_in_english(example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    code, _ = _run(
        "report",
        str(example),
        "-o",
        str(tmp_path / "r.html"),
        "--csv-dir",
        str(folder),
        "--lang",
        "en",
    )
    assert code == 0
    gaps = (folder / "coverage-gaps.csv").read_bytes()
    assert gaps.startswith(b"\xef\xbb\xbfTerritory,Name,Field,Population\n")
    assert not (folder / "zones-blanches.csv").exists()


def test_report_tables_never_replace_a_file_without_force(example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tableaux"
    folder.mkdir()
    (folder / "zones-blanches.csv").write_text("mine", encoding="utf-8")
    out = tmp_path / "r.html"
    code, output = _run("report", str(example), "-o", str(out), "--csv-dir", str(folder))
    assert code == 1
    assert "--force" in output
    assert (folder / "zones-blanches.csv").read_text(encoding="utf-8") == "mine"
    assert not out.exists()


def test_report_markdown_from_the_file_name(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "diagnostic.md"
    code, _ = _run("report", str(example), "-o", str(out), "--lang", "en")
    assert code == 0
    assert out.read_text(encoding="utf-8").startswith("# Shared diagnosis")


def test_report_refuses_to_overwrite(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "diagnostic.html"
    out.write_text("mine", encoding="utf-8")
    code, output = _run("report", str(example), "-o", str(out))
    assert code == 1
    assert "--force" in output
    assert out.read_text(encoding="utf-8") == "mine"


def test_report_unknown_level(example: Path, tmp_path: Path) -> None:
    code, output = _run("report", str(example), "-o", str(tmp_path / "r.html"), "--level", "canton")
    assert code == 2
    assert "niveaux\u00a0:" in output
