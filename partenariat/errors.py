"""Exceptions of partenariat: for misuse and for aborting, never for reporting data problems.

>>> from partenariat.problems import ValidationReport
>>> err = InputError(ValidationReport())
>>> isinstance(err, PartenariatError)
True
"""

from __future__ import annotations

from partenariat.problems import ValidationReport


class PartenariatError(Exception):
    """Base class of every error raised by partenariat."""


class InputError(PartenariatError):
    """The input cannot be used; ``report`` holds every problem found."""

    def __init__(self, report: ValidationReport, summary: str | None = None) -> None:
        self.report = report
        errors = report.errors
        if summary is None:
            first = errors[0].render() if errors else "invalid input"
            more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
            summary = first + more
        super().__init__(summary)


class OutputExistsError(PartenariatError):
    """Refusing to overwrite a file the user already has."""
