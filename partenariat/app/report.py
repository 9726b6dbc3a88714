"""The shared diagnosis use case: the report of a study (one HTML page, or Markdown) and,
when asked, every table of it complete as CSV files in a folder.

Counts of cases under the privacy threshold (the one asked, else the study file's, else
:data:`~partenariat.export.report.PRIVACY_THRESHOLD`) are masked unless ``show_cases``.
The files are returned by path; the caller writes them (all checked before any is
written).

Examples:
    >>> import datetime
    >>> from pathlib import Path
    >>> from partenariat.app.study import Study
    >>> study = Study.open("examples/melun-val-de-seine", lang="en")
    >>> shared = report(study, Path("diagnosis.md"), csv_dir=Path("tables"),
    ...                 today=datetime.date(2026, 1, 5))
    >>> shared.document.splitlines()[0]
    '# Shared diagnosis of the partnership network'
    >>> Path("tables/coverage-gaps.csv") in shared.tables, len(shared.files) > 1
    (True, True)
    >>> report_format(Path("diagnostic.HTML")), report_format(Path("notes.markdown"))
    ('html', 'md')
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from partenariat.analysis.diagnosis import Diagnosis
from partenariat.analysis.options import FieldLevel
from partenariat.app.study import Study
from partenariat.i18n import Lang

ReportFormat = Literal["html", "md"]


@dataclass(frozen=True)
class SharedReport:
    """The report to write at ``path`` (HTML or Markdown text) and its complete tables
    (CSV bytes by path)."""

    path: Path
    document: str
    tables: dict[Path, bytes] = field(default_factory=dict)

    @property
    def files(self) -> dict[Path, str | bytes]:
        """Every file to write, the report first."""
        return {self.path: self.document, **self.tables}


def report_format(path: Path, fmt: ReportFormat | None = None) -> ReportFormat:
    """``fmt``, or the format ``path``'s name says: Markdown for ``.md`` and ``.markdown``,
    HTML for ``.html`` and ``.htm``; another name needs ``fmt`` (a report written as HTML
    into ``rapport.pdf`` would not open): :class:`ValueError` otherwise.

    >>> report_format(Path("diagnostic.md")), report_format(Path("rapport.txt"), "html")
    ('md', 'html')
    """
    if fmt is not None:
        return fmt
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix in (".html", ".htm"):
        return "html"
    raise ValueError(path.name)


def report(
    study: Study,
    path: Path,
    *,
    fmt: ReportFormat | None = None,
    csv_dir: Path | None = None,
    excel: bool | None = None,
    level: str = "leaves",
    limit: int = 15,
    show_cases: bool = False,
    privacy_threshold: int | None = None,
    with_map: bool = True,
    today: dt.date | None = None,
    field_level: FieldLevel = "sub",
    title: str | None = None,
    lang: Lang | None = None,
) -> SharedReport:
    """The shared diagnosis of ``study`` to write at ``path``, in ``fmt`` (see
    :func:`report_format`) and ``lang`` (the study's by default), titled ``title`` (the
    study file's, else the usual title), dated ``today``; ``limit`` rows per table, the
    interactive map embedded in HTML unless ``with_map`` is false.

    With ``csv_dir``, every table of the report, complete, as CSV files of that folder
    named in ``lang`` (``excel``: for French Excel, the default in French; plain CSV
    otherwise). Raises :class:`~partenariat.errors.UnknownLevelError` for an unknown
    ``level``.
    """
    from partenariat.export.report import (
        PRIVACY_THRESHOLD,
        build_report,
        report_html,
        report_markdown,
    )

    language = lang or study.lang
    fmt = report_format(path, fmt)
    threshold = privacy_threshold or study.settings.privacy_threshold or PRIVACY_THRESHOLD
    diagnosis = study.diagnose(study.options(level=level, field_level=field_level))
    built = build_report(
        study.network,
        diagnosis=diagnosis,
        validation=study.validation,
        files=study.fingerprints(),
        lang=language,
        today=today,
        level=level,
        limit=limit,
        show_cases=show_cases,
        threshold=threshold,
        with_map=fmt == "html" and with_map,
        area=study.area,
        title=title or study.settings.title,
        stale_after=study.settings.stale_after_years,
        tables_dir=_relative(csv_dir, path.parent) if csv_dir is not None else None,
    )
    document = report_html(built) if fmt == "html" else report_markdown(built)
    if csv_dir is None:
        return SharedReport(path, document)
    return SharedReport(
        path, document, _tables(study, diagnosis, csv_dir, language, excel, threshold, show_cases)
    )


def _relative(folder: Path, base: Path) -> str:
    """``folder`` as the report names it: relative to the report's own folder (a shared
    report never shows the author's machine), with ``/`` whatever the system.

    >>> _relative(Path("/home/a/etude/tableaux"), Path("/home/a/etude"))
    'tableaux'
    """
    try:
        relative = os.path.relpath(folder.resolve(), base.resolve())
    except ValueError:  # another drive (Windows): its name only
        return folder.name
    return Path(relative).as_posix()


def _tables(
    study: Study,
    diagnosis: Diagnosis,
    folder: Path,
    lang: Lang,
    excel: bool | None,
    threshold: int,
    show_cases: bool,
) -> dict[Path, bytes]:
    """The report's tables complete, by path (BOM, ``;`` and decimal commas for French
    Excel; see :func:`~partenariat.export.shared_tables.shared_table_files`)."""
    from partenariat.export.shared_tables import shared_table_files, shared_tables

    tables = shared_tables(
        study.network,
        diagnosis,
        lang=lang,
        validation=study.validation,
        threshold=threshold,
        show_cases=show_cases,
    )
    return shared_table_files(tables, folder, lang=lang, excel=excel)
