"""The command line: exit codes, text and JSON output, documented commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from partenariat.cli import cli
from tests.cli import run as _run
from tests.conftest import MINIMAL, FolderMaker


def test_validate_the_example_exits_0_and_prints_the_counts(example: Path) -> None:
    code, output = _run("validate", str(example), "--today", "2026-11-24", english=True)
    assert code == 0
    assert "40 organisations, 65 links, 23 territories, 8 services, 30 cases" in output
    assert "valid: 0 errors, 5 warnings" in output


def test_validate_speaks_french_by_default_with_real_plurals(example: Path) -> None:
    code, output = _run("validate", str(example), "--today", "2026-11-24")
    assert code == 0
    assert "40 organisations, 65 liens, 23 territoires, 8 services, 30 situations" in output
    assert "valide\u00a0: 0 erreur, 5 avertissements" in output
    assert (
        "avertissement stale-entry\u00a0: «\u00a0Amitié Rubelles\u00a0» a été mise à jour le"
        in output
    )
    assert "(colonne Mise à jour)" in output
    assert " was last updated" not in output


def test_validate_reports_errors_with_file_and_line_and_exits_1(
    make_folder: FolderMaker,
) -> None:
    folder = make_folder({**MINIMAL, "links.csv": "source,target\nA,B\nA,ZZ\n"})
    code, output = _run("validate", str(folder), english=True)
    assert code == 1
    assert 'links.csv:3: error unknown-organisation: no organisation has the id "ZZ"' in output
    assert "INVALID: 1 errors, 0 warnings" in output
    code, output = _run("validate", str(folder))
    assert code == 1
    assert (
        "links.csv:3\u00a0: erreur unknown-organisation\u00a0: aucune organisation n'a "
        "l'identifiant «\u00a0ZZ\u00a0»" in output
    )
    assert "NON VALIDE\u00a0: 1 erreur, 0 avertissement" in output
    assert (
        _run("validate", str(folder), "--lang", "en")[1]
        == _run("validate", str(folder), english=True)[1]
    )


def test_validate_json_is_the_documented_contract(make_folder: FolderMaker) -> None:
    folder = make_folder({**MINIMAL, "links.csv": "source,target\nA,A\n"})
    french = json.loads(_run("validate", str(folder), "--format", "json")[1])
    assert french["problems"][0]["message"] == "«\u00a0A\u00a0» est reliée à elle-même"
    assert french["problems"][0]["code"] == "self-link"
    code, output = _run("validate", str(folder), "--format", "json", english=True)
    payload = json.loads(output)
    assert code == 0
    assert set(payload) == {"valid", "counts", "problems"}
    assert payload["valid"] is True
    assert payload["counts"]["warnings"] == 1
    assert payload["problems"] == [
        {
            "file": "links.csv",
            "line": 2,
            "column": "target",
            "code": "self-link",
            "severity": "warning",
            "message": "'A' is linked to itself",
        }
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "/nonexistent/folder"],
        ["validate", ".", "--format", "xml"],
        ["nope"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert _run(*args)[0] == 2


def test_validate_bad_today_is_a_usage_error(example: Path) -> None:
    code, output = _run("validate", str(example), "--today", "31/02/2025")
    assert code == 2
    assert "n'est pas une date" in output
    code, output = _run("validate", str(example), "--today", "31/02/2025", english=True)
    assert code == 2
    assert "is not a date" in output


def _commands(group: click.Group) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = [("partenariat", group)]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += [(f"{name} {n}", c) for n, c in _commands(command)]
        else:
            found.append((name, command))
    return found


def test_every_command_is_documented_with_an_example_in_english_and_french() -> None:
    from partenariat.cli_text import HELP_FR, key, localise

    assert isinstance(cli, click.Group)
    for lang, example in (("en", "Example:"), ("fr", "Exemple\u00a0:")):
        localise(cli, lang)
        for name, command in _commands(cli):
            assert command.help, name
            assert example in command.help or isinstance(command, click.Group), (lang, name)
            for param in command.params:
                if isinstance(param, click.Option) and param.name not in ("help", "version"):
                    assert param.help, f"{name} {param.name}"
    localise(cli, "en")
    missing = [
        text
        for _, command in _commands(cli)
        for text in (command.help, *(getattr(p, "help", None) for p in command.params))
        if text and key(text) not in HELP_FR
    ]
    assert missing == []


def test_help_is_french_by_default_and_english_on_request() -> None:
    code, output = _run("report", "--help")
    assert code == 0
    assert "Utilisation\u00a0: " in output
    assert "report [OPTIONS] DATA" in output
    assert "Écrire le diagnostic partagé" in output
    assert "Afficher cette aide et quitter." in output
    code, output = _run("report", "--help", english=True)
    assert "Usage: " in output
    assert "Write the shared diagnosis" in output
    code, output = _run("report", "--help", "--lang", "en")
    assert "Write the shared diagnosis" in output


def test_python_dash_m_runs_the_cli(example: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "partenariat", "validate", str(example)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "40 organisations" in result.stdout
