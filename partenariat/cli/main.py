"""The ``partenariat`` command group: the run's language, the errors of the library turned
into messages (exit 1) or usage errors (exit 2), never a traceback.

Every command is a short function in a module of this package: it parses its options,
calls the application layer (:mod:`partenariat.app`) and writes what it gives.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from partenariat import __version__
from partenariat.cli.run import Run, run


class Group(click.Group):
    """Runs in the user's language (see :mod:`partenariat.cli_text`); library errors (a
    bad scope, an output that cannot be written...) become clear messages with exit
    status 1, never a traceback."""

    def main(  # type: ignore[override]  # click types main with overloads; one signature here
        self, args: Any = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        import os

        from partenariat.cli_text import cli_lang, localise

        arguments = list(sys.argv[1:] if args is None else args)
        state = Run(
            lang=cli_lang(arguments, os.environ),
            lang_given=any(a == "--lang" or a.startswith("--lang=") for a in arguments),
        )
        localise(self, state.lang)
        extra.setdefault("obj", state)
        return super().main(args=arguments, prog_name=prog_name, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        from partenariat.errors import (
            InputError,
            OutputExistsError,
            OutputIsInputError,
            PartenariatError,
        )

        try:
            return super().invoke(ctx)
        except InputError:
            raise
        except OutputIsInputError as error:  # a usage error: exit 2, whatever --force says
            raise click.UsageError(error.text(run().lang)) from None
        except OutputExistsError as error:
            raise click.ClickException(_exists_message(error)) from None
        except PartenariatError as error:
            raise click.ClickException(error.text(run().lang)) from None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from None


def _exists_message(error: Exception) -> str:
    """An existing output, and the option that replaces it (the library speaks of
    ``overwrite=True``; the command line of ``--force``)."""
    from partenariat.cli.run import say

    path = getattr(error, "path", None) or getattr(error, "filename", None)
    if path is None:
        text = getattr(error, "text", None)
        return text(run().lang) if callable(text) else str(error)
    return say("exists_force", path=path)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="partenariat")
def cli() -> None:
    """Map the partnerships of social organisations on a territory.

    DATA is a folder of CSV files (organisations.csv, links.csv or liens.csv, and optionally
    territories.csv, services.csv, interventions.csv) or one .xlsx workbook with a sheet per
    table.

    Example:

        partenariat validate examples/melun-val-de-seine
    """


def main() -> None:
    """Entry point of the ``partenariat`` console script (and of ``python -m partenariat``)."""
    import gc

    # A command is one short run over acyclic tables: the modules' objects are set aside
    # from the cyclic collector and it runs less often (about 5 % of a small command).
    gc.freeze()
    gc.set_threshold(50_000, 20, 50)
    cli(prog_name="partenariat")
