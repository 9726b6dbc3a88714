"""``partenariat synth``: a realistic synthetic data folder, for benchmarks, tests and
demonstrations."""

from __future__ import annotations

from pathlib import Path

import click

from partenariat.cli import options as o
from partenariat.cli.main import cli
from partenariat.cli.run import wrote

#: The most organisations ``synth`` writes (issue #30: 100 million ran 51 s, then out of
#: memory).
MAX_ORGANISATIONS = 1_000_000


@cli.command(name="synth")
@click.option(
    "--organisations",
    "-n",
    type=click.IntRange(min=2, max=MAX_ORGANISATIONS),
    required=True,
    help="How many organisations.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="The same seed gives the same folder."
)
@click.option(
    "--scope",
    default=None,
    help="A département or région code to stay local (default: all France).",
)
@o.output("The data folder to write.", required=True, kind="folder")
@click.option("--force", is_flag=True, help="Replace the files of the folder if they exist.")
def synth_command(
    organisations: int, seed: int, scope: str | None, output: Path, force: bool
) -> None:
    """Write a realistic synthetic data folder on the real communes: organisations at
    commune, EPCI and département level placed by population, mostly local partnerships,
    cases with dates. For benchmarks, tests and demonstrations.

    Example:

        partenariat synth --organisations 5000 --seed 1 -o synthetique
    """
    from partenariat.app.imports import synthetic_folder

    try:
        synthetic_folder(organisations, output, seed=seed, scope=scope, overwrite=force)
    except ValueError as error:  # a scope without communes
        raise click.BadParameter(str(error), param_hint="--scope") from None
    wrote(output)
