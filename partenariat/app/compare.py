"""The evolution use case: snapshots of one network compared over one study area.

Each snapshot is read once: the newest first (its study area, given or inferred, is the
area of every snapshot), then the others over that area. The evolution is then rendered
(:func:`rendered`): text, JSON, complete CSV tables, or the evolution report as HTML or
Markdown; each rendering returns what to write, the caller writes it.

Examples:
    >>> found = compare_snapshots(["examples/melun-val-de-seine", "examples/melun-val-de-seine"])
    >>> len(found.steps), found.whole.evolution.added, found.whole.evolution.gaps_opened
    (1, (), ())
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from partenariat.app.study import Study
from partenariat.errors import InputError, PartenariatError
from partenariat.i18n import Lang

if TYPE_CHECKING:
    from partenariat.analysis.compare import Evolution


class SnapshotError(PartenariatError):
    """A snapshot cannot be read or studied over the area of the newest; ``path`` names
    it and ``cause`` is the error it raised."""

    def __init__(self, path: Path, cause: PartenariatError) -> None:
        self.path = path
        self.cause = cause
        super().__init__(f"{path}: {cause}", french=f"{path}\u00a0: {cause.text('fr')}")


class SnapshotInputError(InputError):
    """A snapshot whose data has errors; ``path`` names it, ``report`` lists them."""

    def __init__(self, path: Path, error: InputError) -> None:
        super().__init__(error.report, str(error))
        self.path = path


@dataclass(frozen=True)
class Step:
    """Two snapshots and what changed from the first to the second."""

    before: Study
    after: Study
    evolution: Evolution


@dataclass(frozen=True)
class Comparison:
    """Every snapshot, oldest first, the step between each two, and the whole period."""

    studies: tuple[Study, ...]
    steps: tuple[Step, ...]

    @property
    def whole(self) -> Step:
        """The oldest snapshot against the newest (the one step when there are two)."""
        if len(self.steps) == 1:
            return self.steps[0]
        return _step(self.studies[0], self.studies[-1])

    @property
    def area(self) -> Study:
        """The newest snapshot, whose study area every snapshot is examined over."""
        return self.studies[-1]


def compare_snapshots(
    paths: Sequence[str | Path],
    *,
    scope: tuple[str, ...] | None = None,
    today: dt.date | None = None,
    lang: Lang = "fr",
) -> Comparison:
    """Read each snapshot once (oldest first in ``paths``) and compare each with the next
    over one study area: ``scope`` when given, otherwise the newest snapshot's (given by
    its study file, or inferred). Raises :class:`SnapshotError` naming the snapshot that
    cannot be read or studied over that area."""
    if len(paths) < 2:
        raise ValueError("compare needs two snapshots or more")
    newest = _open(paths[-1], scope=scope, today=today, lang=lang, infer=True)
    area = newest.network.scope
    older = [_open(p, scope=area, today=today, lang=lang, infer=False) for p in paths[:-1]]
    studies = (*older, newest)
    return Comparison(studies, tuple(_step(a, b) for a, b in pairwise(studies)))


def snapshot_inputs(paths: Sequence[str | Path]) -> tuple[Path, ...]:
    """The files the snapshots at ``paths`` are read from, without reading them: their
    tables (or workbook) and study files. An output must never replace one of them.

    >>> [path.name for path in snapshot_inputs(["examples/melun-val-de-seine"])][:2]
    ['interventions.csv', 'liens.csv']
    """
    from partenariat.io.folder import input_paths
    from partenariat.settings import FILE_NAME

    found: list[Path] = []
    for path in map(Path, paths):
        found += input_paths(path)
        if (path / FILE_NAME).is_file():
            found.append(path / FILE_NAME)
    return tuple(found)


def _open(
    path: str | Path,
    *,
    scope: tuple[str, ...] | None,
    today: dt.date | None,
    lang: Lang,
    infer: bool,
) -> Study:
    try:
        return Study.open(path, scope=scope, today=today, lang=lang, infer=infer)
    except InputError as error:
        raise SnapshotInputError(Path(path), error) from None
    except PartenariatError as error:
        raise SnapshotError(Path(path), error) from None


def _step(before: Study, after: Study) -> Step:
    from partenariat.analysis.compare import compare

    return Step(before, after, compare(before.network, after.network))


def compare_paths(
    old: str | Path,
    new: str | Path,
    *,
    scope: tuple[str, ...] = (),
    today: dt.date | None = None,
    lang: Lang = "fr",
) -> tuple[Study, Study, Evolution]:
    """Read two snapshots and compare them over one study area: ``scope`` when given,
    otherwise the area inferred from the **new** snapshot, used for the old one too.

    >>> _, _, evolution = compare_paths("examples/melun-val-de-seine",
    ...                                 "examples/melun-val-de-seine")
    >>> evolution.added, evolution.links_added, evolution.gaps_opened
    ((), (), ())
    """
    step = compare_snapshots([old, new], scope=scope or None, today=today, lang=lang).steps[0]
    return step.before, step.after, step.evolution


#: How the evolution is shown: text for people, JSON for programs, CSV tables, or the
#: evolution report as one HTML page or Markdown.
Format = Literal["text", "json", "csv", "html", "md"]
#: What a rendering gives to write: text, bytes (JSON), or CSV files by relative path.
Rendered = str | bytes | dict[str, bytes]


def evolution(
    paths: Sequence[str | Path],
    *,
    fmt: Format = "text",
    scope: tuple[str, ...] | None = None,
    today: dt.date | None = None,
    lang: Lang = "fr",
    limit: int = 15,
) -> Rendered:
    """Read and compare the snapshots of ``paths`` (oldest first; see
    :func:`compare_snapshots`, whose errors it raises) and render the evolution in ``fmt``
    (see :func:`rendered`).

    >>> same = ["examples/melun-val-de-seine"] * 2
    >>> "Evolution of the partnership network" in evolution(same, lang="en")
    True
    """
    comparison = compare_snapshots(paths, scope=scope, today=today, lang=lang)
    return rendered(comparison, fmt, lang=lang, today=today, limit=limit)


def rendered(
    comparison: Comparison,
    fmt: Format,
    *,
    lang: Lang = "fr",
    today: dt.date | None = None,
    limit: int = 15,
) -> Rendered:
    """``comparison`` in ``fmt``: the text of each step (first ``limit`` rows per list), the
    JSON of each step, the complete tables of each step as CSV files (one sub-folder per
    step, ``01``, ``02``..., when there are several), or the evolution report of the whole
    period (``html`` or ``md``)."""
    if fmt == "json":
        return evolution_json(comparison)
    if fmt == "csv":
        return evolution_tables(comparison, lang=lang)
    if fmt in ("html", "md"):
        return evolution_document(comparison, fmt, lang=lang, today=today, limit=limit)
    return evolution_text(comparison, lang=lang, limit=limit)


def document_format(path: Path | None) -> Literal["html", "md"] | None:
    """The evolution report's format that the name of ``path`` asks for (``None``: not a
    report).

    >>> document_format(Path("evolution.HTML")), document_format(Path("evolution.md"))
    ('html', 'md')
    >>> document_format(Path("evolution.txt")), document_format(None)
    (None, None)
    """
    suffix = path.suffix.lower() if path is not None else ""
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    return None


def evolution_text(comparison: Comparison, *, lang: Lang = "fr", limit: int = 15) -> str:
    """The study area, then each step for a terminal (headed ``OLD → NEW`` when there are
    several), its lists cut at ``limit`` rows."""
    from partenariat.export.evolution import evolution_text as step_text

    several = len(comparison.steps) > 1
    texts = [
        (f"{step.before.path} → {step.after.path}\n" if several else "")
        + step_text(step.evolution, step.before.network, step.after.network, lang=lang, limit=limit)
        for step in comparison.steps
    ]
    area = comparison.area.area.describe(lang, width=79)
    return f"{area}\n\n" + "\n".join(texts)


def evolution_json(comparison: Comparison) -> bytes:
    """The documented JSON contract: one step as one object, several as ``{"steps": [...]}``,
    each naming its snapshots (``from``, ``to``) and the study area (the newest's, over
    which every snapshot is examined).

    >>> import json
    >>> found = compare_snapshots(["examples/melun-val-de-seine"] * 3)
    >>> [step["from"] for step in json.loads(evolution_json(found))["steps"]]
    ['examples/melun-val-de-seine', 'examples/melun-val-de-seine']
    """
    from partenariat.jsonout import dumps_bytes

    area = comparison.area.area.to_dict()  # every snapshot is examined over the newest's
    payloads = [
        {
            "from": str(step.before.path),
            "to": str(step.after.path),
            "study_area": area,
            **step.evolution.to_dict(),
        }
        for step in comparison.steps
    ]
    return dumps_bytes(payloads[0] if len(payloads) == 1 else {"steps": payloads})


def evolution_tables(comparison: Comparison, *, lang: Lang = "fr") -> dict[str, bytes]:
    """Every list of each step, complete, as CSV files by relative path: ``name.csv`` for
    one step, ``01/name.csv``, ``02/name.csv``... for several. In French, for French Excel
    (``;``, decimal commas); otherwise ``,``; always UTF-8 with BOM.

    >>> files = evolution_tables(compare_snapshots(["examples/melun-val-de-seine"] * 3))
    >>> sorted({name.split("/")[0] for name in files})
    ['01', '02']
    """
    from partenariat.export.evolution import evolution_tables as step_tables
    from partenariat.export.tables import csv_bytes

    excel = lang == "fr"
    files: dict[str, bytes] = {}
    several = len(comparison.steps) > 1
    for number, step in enumerate(comparison.steps, 1):
        folder = f"{number:02d}/" if several else ""
        tables = step_tables(step.evolution, step.before.network, step.after.network, lang)
        for name, table in tables.items():
            files[folder + name] = csv_bytes(
                (list(table.headers), [list(row) for row in table.rows]),
                excel=excel,
                bom=True,
                decimal_comma=excel,
            )
    return files


def evolution_document(
    comparison: Comparison,
    fmt: Literal["html", "md"] = "html",
    *,
    lang: Lang = "fr",
    today: dt.date | None = None,
    limit: int = 15,
) -> str:
    """The evolution report of the whole period (the oldest snapshot against the newest),
    as one offline HTML page or Markdown; its method names the SHA-256 of every input file
    of both snapshots.

    >>> page = evolution_document(compare_snapshots(["examples/melun-val-de-seine"] * 2), "md")
    >>> page.splitlines()[0]
    '# Évolution du réseau partenarial'
    """
    from partenariat.export.evolution import evolution_report
    from partenariat.export.report import report_html, report_markdown

    whole = comparison.whole
    before, after = whole.before, whole.after
    report = evolution_report(
        whole.evolution,
        before.network,
        after.network,
        names=(str(before.path), str(after.path)),
        files=tuple(
            (f"{study.path.name}/{name}", digest)
            for study in (before, after)
            for name, digest in study.fingerprints()
        ),
        lang=lang,
        today=today,
        limit=limit,
    )
    return report_html(report) if fmt == "html" else report_markdown(report)
