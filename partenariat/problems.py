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

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from partenariat.i18n import Lang

Severity = Literal["error", "warning"]

Said = tuple[str, str]
"""A message in French and in English."""


def hinted(french: str, english: str, hint: Said) -> Said:
    """A message in both languages followed by the hint of each (``("", "")``: none).

    >>> hinted("inconnu", "unknown", ("\u00a0; vouliez-vous dire «\u00a0A\u00a0»\u00a0?",
    ...                                "; did you mean 'A'?"))[1]
    "unknown; did you mean 'A'?"
    """
    return french + hint[0], english + hint[1]


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
    "invalid-level": ("error", "a level of collaboration that is not 1 to 5 nor a level's name"),
    "invalid-rating": ("error", "a trust or value rating that is not a whole number from 1 to 4"),
    "self-named": ("warning", "a survey answer naming the respondent as its own partner"),
    "duplicate-answer": ("warning", "a second answer of a respondent about the same partner"),
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
    "territory-address-mismatch": (
        "warning",
        "an organisation's address has a postcode of none of the communes it names",
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

#: What each code means, in French (the English is in :data:`PROBLEM_CODES`).
PROBLEM_LABELS_FR: dict[str, str] = {
    "missing-file": "un fichier (ou une feuille) obligatoire manque",
    "ambiguous-file": "deux fichiers pourraient contenir la même table",
    "unreadable-file": "le fichier ne peut pas être lu comme un tableau",
    "empty-file": "le fichier n'a pas de ligne d'en-tête",
    "missing-column": "une colonne obligatoire manque",
    "duplicate-column": "deux colonnes de l'en-tête veulent dire la même chose",
    "extra-cells": "une ligne a des cellules remplies au-delà de l'en-tête",
    "empty-value": "une cellule obligatoire est vide",
    "duplicate-id": "un identifiant est défini deux fois",
    "unknown-organisation": "une référence à une organisation inconnue",
    "invalid-level": "un niveau de collaboration qui n'est ni 1 à 5 ni le nom d'un niveau",
    "invalid-rating": "une note de confiance ou de valeur qui n'est pas un entier de 1 à 4",
    "self-named": "une réponse à l'enquête où l'organisation se cite elle-même",
    "duplicate-answer": "une seconde réponse d'une organisation sur le même partenaire",
    "unknown-territory": "un code de territoire absent du fichier des territoires",
    "unknown-parent": "le parent d'un territoire est absent du fichier des territoires",
    "territory-cycle": "des territoires sont leurs propres ancêtres",
    "invalid-date": "une date n'est ni AAAA-MM-JJ ni JJ/MM/AAAA, ou n'existe pas",
    "end-before-start": "une intervention finit avant de commencer",
    "invalid-number": "un nombre illisible ou hors de ses bornes",
    "invalid-coordinates": "une latitude ou une longitude hors bornes, ou donnée seule",
    "personal-data-column": "un fichier de situations contient des données personnelles",
    "self-link": "un lien relie une organisation à elle-même",
    "duplicate-link": "le même lien (mêmes extrémités, type et sens) figure deux fois",
    "stale-entry": "une fiche n'a pas été mise à jour depuis plus de deux ans",
    "no-territory": "une organisation sans territoire : elle ne compte pas dans la couverture",
    "no-field": "une organisation sans domaine : elle ne compte pas dans la couverture",
    "unknown-column": "une colonne hors du format (conservée telle quelle)",
    "unknown-file": "un fichier du dossier hors du format (ignoré)",
    "mangled-identifier": "un identifiant qui ressemble à un nombre réécrit par Excel",
    "invalid-email": "une adresse électronique mal formée",
    "encoding-guessed": "le fichier n'est ni en UTF-8 ni en Windows-1252 : lu en Latin-1",
    "encoding-mixed": "un fichier UTF-8 contient des lignes en Windows-1252 (chacune décodée)",
    "unbalanced-quote": "un guillemet ouvert dans une cellule n'est pas refermé sur sa ligne",
    "list-separator": "une liste séparée par « , » ou « ; » là où « | » est attendu",
    "control-character": "une cellule contient un caractère de contrôle invisible",
    "territory-address-mismatch": (
        "le code postal de l'adresse n'est celui d'aucune des communes nommées"
    ),
    "unknown-value": "une valeur importée hors de son référentiel (laissée de côté)",
    "invalid-format": "une valeur importée mal formée (conservée telle quelle)",
    "unresolved-reference": "un lien importé vers une entité absente des fichiers (ignoré)",
}


def problem_label(code: str, lang: Lang = "fr") -> str:
    """What a problem code means, in ``lang``.

    >>> problem_label("stale-entry")
    "une fiche n'a pas été mise à jour depuis plus de deux ans"
    """
    if lang == "fr" and code in PROBLEM_LABELS_FR:
        return PROBLEM_LABELS_FR[code]
    return PROBLEM_CODES[code][1] if code in PROBLEM_CODES else code


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


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One problem of the data, located in its file.

    A frozen dataclass (no pydantic: ``import partenariat.problems`` stays light), built
    with keywords as before; :meth:`model_dump` gives its fields as a dict.
    """

    file: str
    line: int | None = None
    """The physical line, the header being line 1."""
    column: str | None = None
    """The column as spelt in the file."""
    code: str
    severity: Severity
    message: str
    message_fr: str | None = None
    """The message in French."""

    def model_dump(self, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
        """The fields as a dict (``exclude``: names left out), in declaration order."""
        return _dump(self, exclude)

    def text(self, lang: Lang = "fr") -> str:
        """The message in ``lang`` (French when it has a French form)."""
        return self.message_fr if lang == "fr" and self.message_fr else self.message

    def render(self, lang: Lang = "en") -> str:
        """One line of text, ``file:line: severity code: message (column c)``; in French
        ``fichier:ligne : erreur code : message (colonne c)``."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if lang == "fr":
            severity = "erreur" if self.severity == "error" else "avertissement"
            text = f"{where}\u00a0: {severity} {self.code}\u00a0: {self.text(lang)}"
            return text if self.column is None else f"{text} (colonne {self.column})"
        text = f"{where}: {self.severity} {self.code}: {self.message}"
        return text if self.column is None else f"{text} (column {self.column})"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.column or "", self.code)


@dataclass(frozen=True, kw_only=True)
class ValidationReport:
    """Every problem found in one data folder, the counts of what was read, and the
    fingerprint of each file read.

    >>> report = ValidationReport(sources=(("liens.csv", "e1a4..."),))
    >>> report.valid, report.sources[0][0]
    (True, 'liens.csv')
    """

    problems: tuple[Problem, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    sources: tuple[tuple[str, str], ...] = ()
    """The name and SHA-256 of each input file, sorted by name: computed from the very
    bytes the reader read (a workbook is one file), so that nothing opens the inputs
    again to fingerprint them."""

    def __post_init__(self) -> None:
        # pydantic took any sequence: keep taking lists.
        if not isinstance(self.problems, tuple):
            object.__setattr__(self, "problems", tuple(self.problems))
        if not isinstance(self.sources, tuple):
            object.__setattr__(self, "sources", tuple(map(tuple, self.sources)))

    def model_dump(self, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
        """The fields as a dict (``exclude``: names left out), problems as dicts."""
        dumped = _dump(self, exclude)
        if "problems" in dumped:
            dumped["problems"] = tuple(p.model_dump() for p in self.problems)
        return dumped

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

    def to_json_dict(self, lang: Lang = "en") -> dict[str, object]:
        """The documented JSON form: ``{"valid", "counts", "problems"}``, each problem's
        ``message`` in ``lang`` (its ``code`` is the stable key)."""
        return {
            "valid": self.valid,
            "counts": dict(sorted(self.counts.items())),
            "problems": [
                {**p.model_dump(exclude={"message_fr"}), "message": p.text(lang)}
                for p in self.problems
            ],
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

    def add(
        self,
        file: str,
        line: int | None,
        column: str | None,
        code: str,
        message: str | Said,
    ) -> None:
        """Record a problem; ``message`` is English, or ``(French, English)``."""
        french, english = message if isinstance(message, tuple) else (None, message)
        severity = PROBLEM_CODES[code][0]
        key = (file, code)
        seen = self._counts.get(key, 0)
        self._counts[key] = seen + 1
        if seen >= self.LISTED_PER_CODE:
            return
        self._problems.append(
            Problem(
                file=file,
                line=line,
                column=column,
                code=code,
                severity=severity,
                message=english,
                message_fr=french,
            )
        )

    def has_errors(self) -> bool:
        """Whether an error was recorded (listed or only counted)."""
        return any(PROBLEM_CODES[code][0] == "error" for _, code in self._counts)

    def report(
        self,
        counts: dict[str, int] | None = None,
        *,
        sources: tuple[tuple[str, str], ...] = (),
    ) -> ValidationReport:
        """The report of every problem recorded, with ``counts`` and ``sources`` (see
        :class:`ValidationReport`)."""
        summaries = [
            Problem(
                file=file,
                line=None,
                column=None,
                code=code,
                severity=PROBLEM_CODES[code][0],
                message=f"{total - self.LISTED_PER_CODE:,} more problems of this kind in "
                "this file are not listed".replace(",", "\u202f"),
                message_fr=f"{total - self.LISTED_PER_CODE:,} autres problèmes de ce type "
                "dans ce fichier ne sont pas listés".replace(",", "\u202f"),
            )
            for (file, code), total in self._counts.items()
            if total > self.LISTED_PER_CODE
        ]
        ordered = sorted([*self._problems, *summaries], key=Problem.sort_key)
        return ValidationReport(problems=tuple(ordered), counts=counts or {}, sources=sources)


def _dump(item: Problem | ValidationReport, exclude: Iterable[str]) -> dict[str, Any]:
    left_out = set(exclude)
    return {f.name: getattr(item, f.name) for f in fields(item) if f.name not in left_out}
