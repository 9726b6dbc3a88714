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
    code, output = _run("validate", str(example), "--today", "2026-11-24")
    assert code == 0
    assert "40 organisations, 65 links, 23 territories, 8 services, 30 cases" in output
    assert "valid: 0 errors, 5 warnings" in output


def test_validate_reports_errors_with_file_and_line_and_exits_1(
    make_folder: FolderMaker,
) -> None:
    folder = make_folder({**MINIMAL, "links.csv": "source,target\nA,B\nA,ZZ\n"})
    code, output = _run("validate", str(folder))
    assert code == 1
    assert 'links.csv:3: error unknown-organisation: no organisation has the id "ZZ"' in output
    assert "INVALID: 1 errors, 0 warnings" in output


def test_validate_json_is_the_documented_contract(make_folder: FolderMaker) -> None:
    folder = make_folder({**MINIMAL, "links.csv": "source,target\nA,A\n"})
    code, output = _run("validate", str(folder), "--format", "json")
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
    assert "is not a date" in output


def test_every_command_is_documented_with_an_example() -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert command.help, name
        assert "Example:" in command.help, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.name}"


def test_python_dash_m_runs_the_cli(example: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "partenariat", "validate", str(example)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "40 organisations" in result.stdout
