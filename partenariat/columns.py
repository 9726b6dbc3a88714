"""The large tables as columns: organisations, links and interventions, one polars column
per field.

A national folder holds tens of thousands of organisations and hundreds of thousands of
links and interventions: the reader keeps them as columns (typed: dates as dates, numbers as
numbers, lists as lists, link types canonical) and the analyses work on the columns. The
pydantic records (:class:`~partenariat.model.Organisation`, :class:`~partenariat.model.Link`,
:class:`~partenariat.model.Intervention`) are built only when asked for.

Examples:
    >>> from partenariat.model import Link
    >>> columns = LinkColumns.from_records([Link(source="a", target="b", type="convention")])
    >>> columns.frame["type"].to_list(), columns.records()[0].type
    (['formal'], 'formal')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from partenariat.model import Intervention, Link, Organisation, built

_LIST = pl.List(pl.String)
ORGANISATION_SCHEMA: dict[str, Any] = {
    "id": pl.String,
    "name": pl.String,
    "type": pl.String,
    "sector": pl.String,
    "territories": _LIST,
    "fields": _LIST,
    "publics": _LIST,
    "siret": pl.String,
    "address": pl.String,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "email": pl.String,
    "phone": pl.String,
    "website": pl.String,
    "updated": pl.Date,
    "description": pl.String,
    "source": pl.String,
}

LINK_SCHEMA: dict[str, Any] = {
    "source": pl.String,
    "target": pl.String,
    "type": pl.String,
    "since": pl.Date,
    "weight": pl.Float64,
    "note": pl.String,
}
INTERVENTION_SCHEMA: dict[str, Any] = {
    "case": pl.String,
    "organisation": pl.String,
    "field": pl.String,
    "start": pl.Date,
    "end": pl.Date,
    "role": pl.String,
}


def _extra_name(position: int) -> str:
    return f"__extra{position}"


@dataclass(frozen=True)
class _Columns:
    """A typed frame plus the headers of the columns outside the format (kept as given)."""

    frame: pl.DataFrame
    extra_headers: tuple[str, ...] = ()

    def _extras(self, row: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        return tuple(
            (header, row[_extra_name(i)])
            for i, header in enumerate(self.extra_headers)
            if row[_extra_name(i)]
        )

    @staticmethod
    def _frame(
        records: Sequence[Any], schema: dict[str, Any]
    ) -> tuple[pl.DataFrame, tuple[str, ...]]:
        headers = tuple(dict.fromkeys(h for r in records for h, _ in r.extra))
        data: dict[str, list[Any]] = {name: [getattr(r, name) for r in records] for name in schema}
        full_schema = dict(schema)
        for i, header in enumerate(headers):
            data[_extra_name(i)] = [dict(r.extra).get(header, "") for r in records]
            full_schema[_extra_name(i)] = pl.String
        return pl.DataFrame(data, schema=full_schema), headers


@dataclass(frozen=True)
class OrganisationColumns(_Columns):
    """Organisations as columns: the fields of :class:`~partenariat.model.Organisation`,
    ``territories``, ``fields`` and ``publics`` as lists of strings.

    >>> columns = OrganisationColumns.from_records([Organisation(id="a", name="A",
    ...     fields=("Logement",))])
    >>> columns.frame["fields"].to_list(), columns.records()[0].fields
    ([['Logement']], ('Logement',))
    """

    @classmethod
    def from_records(cls, organisations: Sequence[Organisation]) -> OrganisationColumns:
        frame, headers = cls._frame(organisations, ORGANISATION_SCHEMA)
        return cls(frame, headers)

    def where_id(self, organisation_id: str) -> Organisation | None:
        """The record of the organisation with this id, if any."""
        found = self.frame.filter(pl.col("id") == organisation_id)
        return OrganisationColumns(found, self.extra_headers).records()[0] if found.height else None

    def records(self) -> tuple[Organisation, ...]:
        names = list(ORGANISATION_SCHEMA)
        values = [self.frame[name].to_list() for name in names]
        for position in (names.index(n) for n in ("territories", "fields", "publics")):
            values[position] = [tuple(items or ()) for items in values[position]]
        extras = (
            [self._extras(row) for row in self.frame.iter_rows(named=True)]
            if self.extra_headers
            else [()] * self.frame.height
        )
        return tuple(
            built(Organisation, {**dict(zip(names, row, strict=True)), "extra": extra})
            for *row, extra in zip(*values, extras, strict=True)
        )


@dataclass(frozen=True)
class LinkColumns(_Columns):
    """Links as columns: ``source``, ``target``, ``type`` (canonical), ``since``, ``weight``,
    ``note``."""

    @classmethod
    def from_records(cls, links: Sequence[Link]) -> LinkColumns:
        frame, headers = cls._frame(links, LINK_SCHEMA)
        return cls(frame, headers)

    def records(self) -> tuple[Link, ...]:
        return tuple(
            Link.model_construct(
                source=row["source"],
                target=row["target"],
                type=row["type"],
                since=row["since"],
                weight=row["weight"],
                note=row["note"],
                extra=self._extras(row) if self.extra_headers else (),
            )
            for row in self.frame.iter_rows(named=True)
        )


@dataclass(frozen=True)
class InterventionColumns(_Columns):
    """Interventions as columns: ``case``, ``organisation``, ``field``, ``start``, ``end``,
    ``role``."""

    @classmethod
    def from_records(cls, interventions: Sequence[Intervention]) -> InterventionColumns:
        frame, headers = cls._frame(interventions, INTERVENTION_SCHEMA)
        return cls(frame, headers)

    def records(self) -> tuple[Intervention, ...]:
        return tuple(
            Intervention.model_construct(
                case=row["case"],
                organisation=row["organisation"],
                field=row["field"],
                start=row["start"],
                end=row["end"],
                role=row["role"],
                extra=self._extras(row) if self.extra_headers else (),
            )
            for row in self.frame.iter_rows(named=True)
        )
