"""Gather the collection workbooks partners send back into one dataset, reporting every
conflict — the same organisation (or link, or service) given different values by two
workbooks — instead of choosing silently.

Each workbook is read and validated like any data (its problems keep their file, sheet,
line and column). Organisations are matched by identifier, links by (source, target, type),
services by (organisation, name); values equal up to the order of a list are the same.
With ``on_conflict="stop"`` (the default) a conflict leaves the choice to the coordinator;
``"first"`` or ``"last"`` keeps the value of the first or last workbook given, and the
conflicts are still listed.

Examples:
    >>> import io, tempfile, pathlib, partenariat
    >>> from partenariat.io.template import collection_workbook
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
    >>> for name in ("a.xlsx", "b.xlsx"):
    ...     _ = (folder / name).write_bytes(collection_workbook(network))
    >>> merged = merge_workbooks([folder / "a.xlsx", folder / "b.xlsx"])
    >>> len(merged.dataset.organisations), merged.conflicts
    (40, ())
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from partenariat.model import Dataset
from partenariat.problems import Problem, ValidationReport

OnConflict = Literal["stop", "first", "last"]

#: The tables and columns in the words of the collection workbook (French).
WORDS_FR = {
    "organisations": "Organisations",
    "links": "Liens",
    "services": "Services",
    "territories": "Territoires",
    "responses": "Réponses",
    "respondent": "Répondant",
    "partner": "Partenaire",
    "level": "Niveau",
    "trust": "Confiance",
    "value": "Valeur",
    "frequency": "Fréquence",
    "id": "Identifiant",
    "name": "Nom",
    "type": "Type",
    "sector": "Secteur",
    "fields": "Domaines",
    "publics": "Publics",
    "address": "Adresse",
    "email": "Courriel",
    "phone": "Téléphone",
    "website": "Site",
    "updated": "Mise à jour",
    "description": "Présentation",
    "lat": "Latitude",
    "lon": "Longitude",
    "since": "Depuis",
    "weight": "Intensité",
    "note": "Commentaire",
    "organisation": "Organisation",
    "parents": "Parents",
    "population": "Population",
    "extra": "autres colonnes",
}


@dataclass(frozen=True)
class Conflict:
    """One value given differently by several workbooks."""

    table: str
    key: str
    """The organisation's id, the link ``source → target (type)``, the service
    ``organisation / name``, or the territory's code."""
    column: str
    values: tuple[tuple[str, str], ...]
    """(workbook, value as written) for each different value, in the order given."""

    def words(self, lang: str = "fr") -> tuple[str, str]:
        """The table and column as the reader of ``lang`` knows them."""
        if lang != "fr":
            return self.table, self.column
        return WORDS_FR.get(self.table, self.table), WORDS_FR.get(self.column, self.column)

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": self.key,
            "column": self.column,
            "values": [{"file": f, "value": v} for f, v in self.values],
        }


@dataclass(frozen=True)
class Merged:
    """The merged dataset, the conflicts found and every problem of the workbooks."""

    dataset: Dataset
    conflicts: tuple[Conflict, ...]
    report: ValidationReport
    sources: tuple[str, ...]
    own_territories: bool = False
    """Whether the workbooks carried a territory sheet of their own (kept in the output)."""


def merge_workbooks(
    paths: Sequence[str | Path],
    *,
    on_conflict: OnConflict = "stop",
    today: dt.date | None = None,
) -> Merged:
    """Read every workbook of ``paths`` and merge them (see the module docstring)."""
    from partenariat.io.folder import read

    problems: list[Problem] = []
    sources: set[tuple[str, str]] = set()
    read_ones: list[tuple[str, Dataset]] = []
    for path in paths:
        dataset, report = read(path, today=today)
        problems.extend(report.problems)
        sources.update(report.sources)
        read_ones.append((Path(path).name, dataset))
    conflicts: list[Conflict] = []
    keep_last = on_conflict == "last"

    def merge(
        table: str,
        pick: Callable[[Dataset], Sequence[Any]],
        key: Callable[[Any], Hashable],
        label: Callable[[Any], str],
    ) -> tuple[Any, ...]:
        found: dict[Hashable, list[tuple[str, Any]]] = {}
        for name, dataset in read_ones:
            for record in pick(dataset):
                found.setdefault(key(record), []).append((name, record))
        kept = []
        for versions in found.values():
            conflicts.extend(_conflicts(table, label(versions[0][1]), versions))
            kept.append(versions[-1][1] if keep_last else versions[0][1])
        return tuple(kept)

    organisations = merge(
        "organisations", lambda d: d.organisations, lambda o: o.id, lambda o: o.id
    )
    links = merge(
        "links",
        lambda d: d.links,
        lambda link: (link.source, link.target, link.type),
        lambda link: f"{link.source} → {link.target}" + (f" ({link.type})" if link.type else ""),
    )
    services = merge(
        "services",
        lambda d: d.services,
        lambda s: (s.organisation, s.id or s.name),
        lambda s: f"{s.organisation} / {s.name}",
    )
    own = any(d.territories and not d.on_reference() for _, d in read_ones)
    territories = (
        merge("territories", lambda d: d.territories, lambda t: t.code, lambda t: t.code)
        if own
        else ()
    )
    interventions = tuple(i for _, d in read_ones for i in d.interventions)
    responses = merge(
        "responses",
        lambda d: d.responses,
        lambda r: (r.respondent, r.partner),
        lambda r: f"{r.respondent} → {r.partner or '—'}",
    )
    dataset = Dataset(
        organisations=organisations,
        links=links,
        territories=territories,
        services=services,
        interventions=interventions,
        responses=responses,
    )
    return Merged(
        dataset,
        tuple(conflicts),
        ValidationReport(problems=tuple(problems), sources=tuple(sorted(sources))),
        tuple(name for name, _ in read_ones),
        own,
    )


def _conflicts(table: str, key: str, versions: list[tuple[str, BaseModel]]) -> list[Conflict]:
    if len(versions) < 2:
        return []
    columns = [c for c in type(versions[0][1]).model_fields if c != "extra"]
    found = []
    for column in [*columns, "extra"]:
        seen: dict[Hashable, tuple[str, str]] = {}
        for name, record in versions:
            value = getattr(record, column)
            seen.setdefault(_comparable(value), (name, _written(value)))
        if len(seen) > 1:
            found.append(Conflict(table, key, column, tuple(seen.values())))
    return found


def _comparable(value: Any) -> Hashable:
    """Lists compare as sets (the same territories in another order are the same)."""
    if isinstance(value, tuple):
        return tuple(sorted(map(str, value)))
    return value  # type: ignore[no-any-return]


def _written(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "|".join(str(v) if not isinstance(v, tuple) else "=".join(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
