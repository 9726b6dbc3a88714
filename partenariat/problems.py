"""Data problems found while reading a data folder, returned as values.

Every problem names the file, the physical line (the header is line 1), the column as it is
spelt in the file, a stable kebab-case code and a human message. A :class:`ValidationReport`
collects all of them, so that one run shows *every* problem of a folder.

Examples:
    >>> p = Problem(file="organisations.csv", line=4, column="id", code="duplicate-id",
    ...             severity="error", message='"A1" is already defined on line 2')
    >>> p.render()
    'organisations.csv:4: error duplicate-id: "A1" is already defined on line 2 (column id)'
    >>> report = ValidationReport(problems=(p,))
    >>> report.valid, len(report.errors), len(report.warnings)
    (False, 1, 0)
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning"]

#: Every problem code, with its severity and what it means. Documented in docs/data-format.md.
PROBLEM_CODES: dict[str, tuple[Severity, str]] = {
    "missing-file": ("error", "a required file (or sheet) is absent"),
    "ambiguous-file": ("error", "two files could hold the same table"),
    "unreadable-file": ("error", "the file cannot be read or parsed as a table"),
    "empty-file": ("error", "the file has no header line"),
    "missing-column": ("error", "a required column is absent"),
    "duplicate-column": ("error", "two columns of the header mean the same thing"),
    "extra-cells": ("error", "a row has non-empty cells beyond the header"),
    "empty-value": ("error", "a required cell is empty"),
    "duplicate-id": ("error", "an identifier is defined twice"),
    "unknown-organisation": ("error", "a reference to no known organisation"),
    "unknown-territory": ("error", "a territory code is not in the territory file"),
    "unknown-parent": ("error", "a territory's parent is not in the territory file"),
    "territory-cycle": ("error", "territories are their own ancestors"),
    "invalid-date": ("error", "a date is neither YYYY-MM-DD nor DD/MM/YYYY"),
    "end-before-start": ("error", "an intervention ends before it starts"),
    "invalid-number": ("error", "a number cannot be read, or is out of its range"),
    "invalid-coordinates": ("error", "latitude or longitude is out of range or given alone"),
    "personal-data-column": ("error", "a case file holds a column of direct personal identifiers"),
    "self-link": ("warning", "a link joins an organisation to itself"),
    "duplicate-link": ("warning", "the same link (same ends, type and direction) appears twice"),
    "stale-entry": ("warning", "an organisation was last updated more than two years ago"),
    "no-territory": ("warning", "an organisation names no territory: it cannot count in coverage"),
    "no-field": ("warning", "an organisation names no field: it cannot count in coverage"),
    "unknown-column": ("warning", "a column is not part of the format (it is kept as is)"),
    "unknown-file": ("warning", "a file in the folder is not part of the format (it is ignored)"),
    "mangled-identifier": ("warning", "an identifier looks like a number rewritten by Excel"),
    "invalid-email": ("warning", "an e-mail address is malformed"),
    "encoding-guessed": ("warning", "the file is neither UTF-8 nor Windows-1252; read as Latin-1"),
    "encoding-mixed": (
        "warning",
        "a UTF-8 file has lines in Windows-1252; each was decoded in its own encoding",
    ),
    "unbalanced-quote": (
        "warning",
        "a quote opened in a cell is not closed on its line: the "
        "line is read with the quote as text",
    ),
    "list-separator": (
        "warning",
        "a list cell is separated by ',' or ';' where '|' is expected",
    ),
    "control-character": (
        "warning",
        "a cell holds an invisible control character (removed in exports)",
    ),
    "unknown-value": ("warning", "an imported value is outside its referential; left out"),
    "invalid-format": (
        "warning",
        "an imported value is malformed (postcode, e-mail, SIRET, URL); kept as given",
    ),
    "unresolved-reference": (
        "warning",
        "an imported link names an entity absent from the files; left out",
    ),
}

#: Rank of each code among the causes: files first, then headers, then rows (default 2).
_CAUSE_RANK = {
    "missing-file": 0,
    "ambiguous-file": 0,
    "unreadable-file": 0,
    "empty-file": 0,
    "encoding-guessed": 0,
    "encoding-mixed": 0,
    "missing-column": 1,
    "duplicate-column": 1,
    "unknown-column": 1,
    "unbalanced-quote": 1,
    "personal-data-column": 1,
    "unknown-file": 1,
}

#: Codes reported only by the importers (data·inclusion, FINESS), never by ``validate``.
IMPORT_CODES = frozenset({"unknown-value", "invalid-format", "unresolved-reference"})


class Problem(BaseModel):
    """One problem of the data, located in its file."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int | None = Field(default=None, description="physical line, header = 1")
    column: str | None = Field(default=None, description="the column as spelt in the file")
    code: str
    severity: Severity
    message: str

    def render(self) -> str:
        """One line of text, ``file:line: severity code: message (column c)``."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.severity} {self.code}: {self.message}"
        return text if self.column is None else f"{text} (column {self.column})"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.column or "", self.code)


class ValidationReport(BaseModel):
    """Every problem found in one data folder, plus the counts of what was read."""

    model_config = ConfigDict(frozen=True)

    problems: tuple[Problem, ...] = ()
    counts: dict[str, int] = Field(default_factory=dict)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings are allowed)."""
        return not self.errors

    def by_cause(self) -> tuple[Problem, ...]:
        """The problems with root causes first: file-level problems (missing, unreadable,
        empty files), then header problems (missing or duplicate columns), then rows, each
        group by file and line. A broken header is never hidden behind the errors it causes.
        """
        return tuple(
            sorted(self.problems, key=lambda p: (_CAUSE_RANK.get(p.code, 2), *p.sort_key()))
        )

    def codes(self) -> list[str]:
        """The problem codes, in report order (handy in tests)."""
        return [p.code for p in self.problems]

    def to_json_dict(self) -> dict[str, object]:
        """The documented JSON form: ``{"valid", "counts", "problems"}``."""
        return {
            "valid": self.valid,
            "counts": dict(sorted(self.counts.items())),
            "problems": [p.model_dump() for p in self.problems],
        }


class ProblemCollector:
    """Accumulates problems while reading; never raises.

    >>> c = ProblemCollector()
    >>> c.add("liens.csv", 3, "cible", "unknown-organisation", 'no organisation "X"')
    >>> c.report().problems[0].severity
    'error'
    """

    #: Problems listed per file and code; the others are counted in one summary problem, so
    #: that a junk file of millions of bad lines stays a readable report in little memory.
    LISTED_PER_CODE = 1000

    def __init__(self) -> None:
        self._problems: list[Problem] = []
        self._counts: dict[tuple[str, str], int] = {}

    def add(self, file: str, line: int | None, column: str | None, code: str, message: str) -> None:
        severity = PROBLEM_CODES[code][0]
        key = (file, code)
        seen = self._counts.get(key, 0)
        self._counts[key] = seen + 1
        if seen >= self.LISTED_PER_CODE:
            return
        self._problems.append(
            Problem(
                file=file, line=line, column=column, code=code, severity=severity, message=message
            )
        )

    def report(self, counts: dict[str, int] | None = None) -> ValidationReport:
        summaries = [
            Problem(
                file=file,
                line=None,
                column=None,
                code=code,
                severity=PROBLEM_CODES[code][0],
                message=f"{total - self.LISTED_PER_CODE:,} more problems of this kind in "
                "this file are not listed".replace(",", "\u202f"),
            )
            for (file, code), total in self._counts.items()
            if total > self.LISTED_PER_CODE
        ]
        ordered = sorted([*self._problems, *summaries], key=Problem.sort_key)
        return ValidationReport(problems=tuple(ordered), counts=counts or {})
