"""The validation use case: every problem of a data folder or workbook, in words or JSON.

>>> report = check("examples/melun-val-de-seine")
>>> report.valid, report.counts["organisations"]
(True, 40)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from partenariat.i18n import Lang
from partenariat.problems import ValidationReport
from partenariat.settings import StudySettings, read_settings


def check(
    path: str | Path,
    *,
    today: dt.date | None = None,
    settings: StudySettings | None = None,
) -> ValidationReport:
    """Read ``path`` and list every problem (the study file's stale-after years apply)."""
    from partenariat.io.folder import validate

    settings = read_settings(path) if settings is None else settings
    return validate(path, today=today, stale_after=settings.stale_after_years)


def rendered(report: ValidationReport, fmt: Literal["text", "json"], lang: Lang) -> str | bytes:
    """``report`` as text for people or JSON for programs."""
    if fmt == "json":
        from partenariat.jsonout import dumps_bytes

        return dumps_bytes(report.to_json_dict(lang))
    from partenariat.export.validation import render_validation

    return render_validation(report, lang) + "\n"
