"""The study file ``partenariat.toml``: read, checked, and overridden by the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from partenariat.errors import PartenariatError
from partenariat.settings import read_settings
from tests.cli import run


def _example_with(tmp_path: Path, example: Path, toml: str) -> Path:
    folder = tmp_path / "etude"
    shutil.copytree(example, folder)
    (folder / "partenariat.toml").write_text(toml, encoding="utf-8")
    return folder


def test_every_key_is_read_in_french_or_english(tmp_path: Path) -> None:
    (tmp_path / "partenariat.toml").write_text(
        'titre = "Diagnostic 2026"\n'
        'territoire = ["247700057", "77"]\n'
        'domaines = ["logement", "santé"]\n'
        'langue = "en"\n'
        "seuil_de_masquage = 10\n"
        "fiches_anciennes_apres = 3\n",
        encoding="utf-8",
    )
    settings = read_settings(tmp_path)
    assert settings.title == "Diagnostic 2026"
    assert settings.scope == ("247700057", "77")
    assert settings.fields == ("logement", "santé")
    assert settings.lang == "en"
    assert settings.privacy_threshold == 10
    assert settings.stale_after_years == 3
    (tmp_path / "partenariat.toml").write_text('title = "T"\nscope = "59"\n', encoding="utf-8")
    assert (read_settings(tmp_path).title, read_settings(tmp_path).scope) == ("T", ("59",))


def test_no_file_sets_nothing(tmp_path: Path) -> None:
    settings = read_settings(tmp_path)
    assert (settings.title, settings.scope, settings.lang, settings.path) == (None, (), None, None)


@pytest.mark.parametrize(
    ("text", "french"),
    [
        ('titre = "x"\ncouleur = "bleu"\n', "ligne 2\u00a0: clé inconnue «\u00a0couleur\u00a0»"),
        ('titre = "x"\nseuil_de_masquage = "cinq"\n', "ligne 2\u00a0: seuil_de_masquage doit"),
        ("seuil_de_masquage = 0\n", "ligne 1\u00a0: seuil_de_masquage doit"),
        ('langue = "de"\n', 'ligne 1\u00a0: langue doit être "fr" ou "en"'),
        ('titre = "x\n', "est illisible"),
    ],
)
def test_a_file_that_cannot_be_used_is_an_error_naming_the_line(
    tmp_path: Path, text: str, french: str
) -> None:
    (tmp_path / "partenariat.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PartenariatError) as raised:
        read_settings(tmp_path)
    assert french in raised.value.text("fr")
    assert str(tmp_path / "partenariat.toml") in raised.value.text("fr")


def test_the_report_takes_its_title_threshold_and_language_from_the_file(
    tmp_path: Path, example: Path
) -> None:
    folder = _example_with(
        tmp_path,
        example,
        'titre = "Diagnostic du Val de Seine"\nseuil_de_masquage = 50\n',
    )
    out = tmp_path / "r.html"
    code, output = run("report", str(folder), "-o", str(out))
    assert code == 0, output
    page = out.read_text(encoding="utf-8")
    assert "<title>Diagnostic du Val de Seine" in page
    assert "&lt; 50" in page or "< 50" in page
    run("report", str(folder), "-o", str(out), "--force", "--title", "Autre titre")
    assert "<title>Autre titre" in out.read_text(encoding="utf-8")


def test_the_file_language_and_its_override(tmp_path: Path, example: Path) -> None:
    folder = _example_with(tmp_path, example, 'langue = "en"\n')
    code, output = run("validate", str(folder))
    assert code == 0
    assert "valid: 0 errors" in output
    _, output = run("validate", str(folder), "--lang", "fr")
    assert "valide\u00a0: 0 erreur" in output


def test_the_file_scope_is_the_study_area_unless_scope_is_given(
    tmp_path: Path, example: Path
) -> None:
    import json

    folder = _example_with(tmp_path, example, 'territoire = "77"\n')
    code, output = run("gaps", str(folder), "--format", "json")
    assert code == 0, output
    area = json.loads(output)["study_area"]
    assert area["codes"] == ["77"]
    assert area["inferred"] is False
    _, output = run("gaps", str(folder), "--format", "json", "--scope", "247700057")
    assert json.loads(output)["study_area"]["codes"] == ["247700057"]


def test_stale_after_changes_what_is_stale(tmp_path: Path, example: Path) -> None:
    folder = _example_with(tmp_path, example, "fiches_anciennes_apres = 10\n")
    code, output = run("validate", str(folder), "--today", "2026-11-24")
    assert code == 0
    assert "stale-entry" not in output
    code, output = run("validate", str(example), "--today", "2026-11-24")
    assert "stale-entry" in output


def test_a_bad_file_stops_the_command_with_its_message(tmp_path: Path, example: Path) -> None:
    folder = _example_with(tmp_path, example, "couleur = 1\n")
    code, output = run("validate", str(folder))
    assert code == 1
    assert "clé inconnue" in output
    assert "Traceback" not in output
