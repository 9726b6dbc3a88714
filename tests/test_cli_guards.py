"""What the command line refuses before any harm: an input named as output, one file named
for two outputs, numbers that are not finite, a device or a pipe given as a file, a study
file's area that cannot be found (named with its file and line)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.cli import run
from tests.conftest import EXAMPLE


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "dossier"
    shutil.copytree(EXAMPLE, copy)
    return copy


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["map"], "liens.csv"),
        (["analyse", "--format", "json"], "organisations.csv"),
        (["export", "--to", "gexf"], "interventions.csv"),
        (["cases", "--format", "csv"], "organisations.csv"),
    ],
)
def test_an_output_naming_an_input_is_refused_whatever_force_says(
    folder: Path, command: list[str], target: str
) -> None:
    before = (folder / target).read_bytes()
    code, output = run(command[0], str(folder), *command[1:], "-o", str(folder / target), "--force")
    assert code == 2, output
    assert (folder / target).read_bytes() == before


def test_one_file_for_two_outputs_is_refused(folder: Path, tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    code, output = run("directory", str(folder), "-o", str(page), "--stale", str(page), "--force")
    assert code in (1, 2), output
    assert not page.exists()


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_resolution_that_is_not_finite_is_a_usage_error(value: str) -> None:
    code, output = run("analyse", str(EXAMPLE), "--resolution", value)
    assert code == 2
    assert "fini" in output


def test_a_pipe_given_as_the_fields_file_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "domaines.csv"
    os.mkfifo(pipe)
    code, output = run("analyse", str(EXAMPLE), "--fields", str(pipe))
    assert code == 2
    assert "regular file" in output


def test_a_device_given_as_the_fields_file_is_refused() -> None:
    code, output = run("analyse", str(EXAMPLE), "--fields", "/dev/zero")
    assert code == 2
    assert "regular file" in output


def test_an_area_of_the_study_file_that_cannot_be_found_names_the_file_and_line(
    folder: Path,
) -> None:
    (folder / "partenariat.toml").write_text(
        'titre = "Essai"\nterritoire = "Nulle-Part"\n', encoding="utf-8"
    )
    code, output = run("gaps", str(folder))
    assert code == 1
    assert "partenariat.toml, ligne 2" in output
    assert "--scope" not in output


def test_an_input_named_as_output_is_refused_before_any_work_even_without_force(
    folder: Path,
) -> None:
    code, output = run("analyse", str(folder), "-o", str(folder / "organisations.csv"))
    assert code == 2, output
    assert "--force" not in output  # not "exists: use --force", which would not help


def test_the_fields_file_is_an_input(folder: Path, tmp_path: Path) -> None:
    fields = tmp_path / "domaines.txt"
    fields.write_text("domaine\nlogement\n", encoding="utf-8")
    code, output = run(
        "analyse", str(folder), "--fields", str(fields), "-o", str(fields), "--force"
    )
    assert code == 2, output
    assert fields.read_text(encoding="utf-8") == "domaine\nlogement\n"


def test_a_report_named_for_another_format_is_refused(folder: Path, tmp_path: Path) -> None:
    code, output = run("report", str(folder), "-o", str(tmp_path / "rapport.pdf"))
    assert code == 2
    assert ".html" in output
    assert not (tmp_path / "rapport.pdf").exists()
    code, _ = run("report", str(folder), "-o", str(tmp_path / "rapport.txt"), "--format", "md")
    assert code == 0


def test_the_existing_output_message_speaks_the_study_files_language(
    folder: Path, tmp_path: Path
) -> None:
    (folder / "partenariat.toml").write_text('langue = "en"\n', encoding="utf-8")
    taken = tmp_path / "sortie.txt"
    taken.write_text("x", encoding="utf-8")
    code, output = run("analyse", str(folder), "-o", str(taken))
    assert code == 1
    assert "already exists" in output
