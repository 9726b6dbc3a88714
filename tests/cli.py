"""Running the command line in tests."""

from __future__ import annotations

from click.testing import CliRunner

from partenariat.cli import cli

#: The environment of a run: French, as on a coordinator's machine (whatever the CI's LANG).
FRENCH = {"LANG": "fr_FR.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
ENGLISH = {"LANG": "en_GB.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}


def run(*args: str, english: bool = False) -> tuple[int, str]:
    """Exit code and output of ``partenariat ARGS`` in a French environment (an English
    one with ``english``); any traceback fails the test."""
    env = ENGLISH if english else FRENCH
    result = CliRunner().invoke(cli, list(args), env=env)  # type: ignore[arg-type]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output
