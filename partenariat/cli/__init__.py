"""The command line: parse, call the application layer, write. The only package that
imports click.

One module per family of commands; each command parses its options, calls
:mod:`partenariat.app` and writes what it gives through :mod:`partenariat.cli.run`.
"""

from __future__ import annotations

from partenariat.cli import (
    analyse,
    compare,
    directory,
    imports,
    maps,
    report,
    survey,
    synth,
    validate,
)
from partenariat.cli.main import cli, main

__all__ = [
    "analyse",
    "cli",
    "compare",
    "directory",
    "imports",
    "main",
    "maps",
    "report",
    "survey",
    "synth",
    "validate",
]
