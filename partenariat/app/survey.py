"""The partner survey use cases: what the answers say (response rate, reciprocity, ties
named by one side only, trust and value received, intensity, ties missing from the links
file), the questionnaires to send, and the returned questionnaires read back into the data
folder's ``reponses.csv``.

Each use case returns what to write (text, bytes, or files by name); the caller writes it.

Examples:
    >>> import shutil, tempfile, pathlib
    >>> from partenariat.app.study import Study
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "data"
    >>> _ = shutil.copytree("examples/melun-val-de-seine", folder)
    >>> files = questionnaire_files(Study.open(folder))
    >>> len(files), sorted(files)[0]
    (40, 'questionnaire-adil77.xlsx')
    >>> _ = (folder / "reponses.csv").write_text(
    ...     "répondant,partenaire,niveau\\ncaf77,dep77-mds-melun,3\\n", encoding="utf-8")
    >>> view = survey_view(Study.open(folder), lang="en")
    >>> print(view.splitlines()[0].replace("\\xa0", " "))
    Partner survey: 1 of 40 organisations answered (2 %)
    >>> check_answers(folder, "en").error is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from partenariat.app.imports import Outcome, refusal
from partenariat.app.study import Study
from partenariat.i18n import Lang
from partenariat.problems import ValidationReport

#: The file of the survey's answers in a data folder.
ANSWERS_FILE = "reponses.csv"


def survey_view(
    study: Study,
    *,
    fmt: Literal["text", "json", "csv"] = "text",
    lang: Lang = "fr",
    limit: int = 10,
) -> str | bytes:
    """What the survey's answers say: text for people (first ``limit`` rows per list),
    JSON for programs, or CSV (one row per organisation). Raises
    :class:`~partenariat.errors.PartenariatError` when the study has no answer."""
    from partenariat.analysis.survey import survey

    network = study.network
    result = survey(network)
    if result is None:
        raise refusal("survey_none")
    if fmt == "json":
        from partenariat.jsonout import dumps_bytes

        return dumps_bytes(result.to_dict())
    from partenariat.export.survey_text import render_survey, survey_tables

    if fmt == "csv":
        from partenariat.export.tables import csv_text

        headers, rows = survey_tables(result, network, lang)["survey_organisations"]
        return csv_text(headers, rows)
    return render_survey(result, network, lang=lang, limit=limit) + "\n"


def questionnaire_files(study: Study, *, single: bool = False) -> dict[str, bytes]:
    """The questionnaires of the partner survey by file name: one workbook per organisation
    listing the others to tick, or one shared workbook when ``single`` (required for a large
    network: :class:`~partenariat.io.questionnaire.TooManyQuestionnaires` otherwise)."""
    from partenariat.io.questionnaire import questionnaires

    return questionnaires(study.network, single=single)


@dataclass(frozen=True)
class Answers:
    """The answers read from returned questionnaires (rows of ``reponses.csv``), what could
    not be read, and the workbooks read."""

    rows: tuple[tuple[Any, ...], ...]
    report: ValidationReport
    paths: tuple[Path, ...]

    def problems(self, lang: Lang = "fr") -> tuple[str, ...]:
        """Every problem of the reading, one line each."""
        return tuple(problem.render(lang) for problem in self.report.problems)

    def table(self, *, excel: bool = True) -> bytes:
        """The answers as ``reponses.csv`` (for French Excel when ``excel``). Raises
        :class:`~partenariat.errors.PartenariatError` when no workbook held an answer."""
        from partenariat.export.tables import csv_bytes
        from partenariat.io.questionnaire import RESPONSE_HEADERS

        if not self.rows:
            raise refusal("no_answers", n=len(self.paths))
        return csv_bytes((RESPONSE_HEADERS, [list(row) for row in self.rows]), excel=excel)


def read_answers(sources: Sequence[Path]) -> Answers:
    """Read the returned questionnaires: workbooks, or folders of them (their ``.xlsx`` and
    ``.xlsm`` files, in name order)."""
    from partenariat.io.questionnaire import read_questionnaires

    paths = [
        path
        for source in sources
        for path in (sorted(source.glob("*.xls[xm]")) if source.is_dir() else [source])
    ]
    rows, report = read_questionnaires(paths)
    return Answers(tuple(tuple(row) for row in rows), report, tuple(paths))


def check_answers(folder: Path, lang: Lang = "fr") -> Outcome:
    """Check the data folder that received the answers against its organisations: the
    problems of its answers file, and an error when the folder has errors."""
    from partenariat.io.folder import validate

    check = validate(folder)
    lines = tuple(
        problem.render(lang) for problem in check.problems if problem.file.startswith("reponses")
    )
    error = None if check.valid else refusal("has_errors_short", count=len(check.errors))
    return Outcome(lines, error)
