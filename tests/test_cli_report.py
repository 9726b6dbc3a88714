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
    assert f"wrote {out.resolve()}" in output
    assert "tables in" in output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert 'class="map"' in text
    assert (tmp_path / "tableaux" / "gaps.csv").exists()


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
    assert "levels:" in output
