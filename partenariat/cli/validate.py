"""``partenariat validate``: every problem of a data folder, with file, line and column."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from partenariat.cli import options as o
from partenariat.cli.main import cli
from partenariat.cli.run import emit, language, study_settings


@cli.command()
@o.DATA
@o.output_format("text", "json", default="text", help="Text for people, JSON for programs.")
@o.today("Reference date for stale entries (default: today).")
@o.LANG
def validate(data: Path, fmt: str, today: dt.date | None, lang: str | None) -> None:
    """Check a data folder and list every problem, with file, line and column.

    Exits 0 when there is no error (warnings allowed), 1 when there are errors.

    Example:

        partenariat validate examples/melun-val-de-seine --format json
    """
    from partenariat.app.validate import check, rendered

    settings = study_settings(data, lang)
    report = check(data, today=today, settings=settings)
    emit(rendered(report, "json" if fmt == "json" else "text", language(lang)), None, False)
    sys.exit(0 if report.valid else 1)
