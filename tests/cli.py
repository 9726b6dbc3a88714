"""Running the command line in tests."""

from __future__ import annotations

from click.testing import CliRunner

from partenariat.cli import cli


def run(*args: str) -> tuple[int, str]:
    """Exit code and output of ``partenariat ARGS``; any traceback fails the test."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output
