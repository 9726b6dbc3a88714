"""``partenariat survey``: what the partner survey's answers say (``survey DATA``), the
questionnaires to send (``survey template``) and the returned ones read back (``survey
import``)."""

from __future__ import annotations

from pathlib import Path

import click

from partenariat.cli import options as o
from partenariat.cli.imports import tell
from partenariat.cli.main import Group, cli
from partenariat.cli.run import (
    check_free,
    emit,
    language,
    open_study,
    reading,
    run,
    say,
    write_files,
    wrote,
)


class _SurveyGroup(Group):
    """``partenariat survey DATA`` shows the survey; ``survey template`` and ``survey
    import`` are its other commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@cli.group(name="survey", cls=_SurveyGroup)
def survey_group() -> None:
    """The partner survey: partenariat survey DATA shows what the answers say (response
    rate, reciprocity, ties named by one side only, trust and value received, intensity,
    ties missing from the links file); survey template writes the questionnaires; survey
    import reads them back.

    Example:

        partenariat survey mon-dossier --format json
    """


@survey_group.command(name="show", hidden=True)
@o.DATA
@o.output_format(
    "text",
    "json",
    "csv",
    default="text",
    help="Text for people, JSON for programs, CSV (one row per organisation).",
)
@o.output("Write to this file.", kind="file")
@o.FORCE
@o.limit(10, "Rows per list shown.")
@o.LANG
def survey_show(
    data: Path, fmt: str, output: Path | None, force: bool, limit: int, lang: str | None
) -> None:
    """Show what the survey's answers say (the same as partenariat survey DATA).

    Example:

        partenariat survey mon-dossier --format json
    """
    from partenariat.app.survey import survey_view

    check_free([output], force, data=data, lang=lang)
    study = open_study(data, lang=lang)
    view = survey_view(study, fmt=fmt, lang=language(lang), limit=limit)  # type: ignore[arg-type]
    emit(view, output, force)


@survey_group.command(name="template")
@o.DATA
@o.output(
    "The folder where the questionnaires are written (one workbook per organisation).",
    required=True,
    kind="folder",
)
@click.option("--single", is_flag=True, help="One shared workbook instead of one per organisation.")
@click.option("--force", is_flag=True, help="Replace the files of the folder if they exist.")
def survey_template(data: Path, output: Path, single: bool, force: bool) -> None:
    """Write the questionnaires of the partner survey, in plain French: for each
    organisation, the list of the others to tick, with the level of collaboration (1-5, each
    level named and explained), trust and value (1-4), frequency, and "aucun partenaire".

    Example:

        partenariat survey template mon-dossier -o questionnaires
    """
    from partenariat.app.survey import questionnaire_files

    files = questionnaire_files(open_study(data), single=single)
    written = write_files({output / name: content for name, content in files.items()}, force)
    click.echo(say("wrote_questionnaires", n=len(written), folder=output.resolve()), err=True)


@survey_group.command(name="import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    required=True,
    help="The data folder that receives reponses.csv.",
)
@click.option("--plain-csv", is_flag=True, help="Write plain CSV (comma, no BOM).")
@click.option("--force", is_flag=True, help="Replace reponses.csv if it exists.")
def survey_import(sources: tuple[Path, ...], output: Path, plain_csv: bool, force: bool) -> None:
    """Read the returned questionnaires (workbooks, or folders of them) into the data
    folder's reponses.csv, then check it against the folder's organisations.

    Example:

        partenariat survey import questionnaires -o mon-dossier
    """
    from partenariat.app.survey import ANSWERS_FILE, check_answers, read_answers

    lang = run().lang
    answers = read_answers(sources)
    reading(answers.paths)
    for line in answers.problems(lang):
        click.echo(line)
    target = output / ANSWERS_FILE
    write_files({target: answers.table(excel=not plain_csv)}, force)
    wrote(target)
    tell(check_answers(output, lang))
