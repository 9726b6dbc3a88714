"""The data model: organisations, their offers, links, territories and case interventions.

All models are frozen pydantic v2 models. Lists are tuples, kept in input order; identifiers
are always strings, exactly as given (``"01053"`` stays ``"01053"``).

Examples:
    >>> caf = Organisation(id="caf77", name="CAF de Seine-et-Marne", fields=("famille",))
    >>> caf.serves_every_public
    True
    >>> Link(source="caf77", target="ccas-melun", type="formal").directed
    False
    >>> Link(source="caf77", target="ccas-melun", type="referral").directed
    True
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

M = TypeVar("M", bound=BaseModel)

#: Link types understood by the analyses and the map; any other type is kept as written.
LINK_TYPES: dict[str, str] = {
    "formal": "convention, agreement, contract, shared scheme",
    "informal": "known contact, occasional exchange",
    "referral": "one organisation directs people to the other (directed)",
    "funding": "one organisation funds the other (directed)",
}

#: Spellings of link types accepted in files, mapped to their canonical name.
LINK_TYPE_ALIASES: dict[str, str] = {
    "formal": "formal",
    "formel": "formal",
    "formelle": "formal",
    "convention": "formal",
    "conventionnel": "formal",
    "conventionnelle": "formal",
    "contrat": "formal",
    "informal": "informal",
    "informel": "informal",
    "informelle": "informal",
    "referral": "referral",
    "orientation": "referral",
    "orientations": "referral",
    "adressage": "referral",
    "funding": "funding",
    "financement": "funding",
    "financeur": "funding",
}

#: Link types whose direction matters (source -> target).
DIRECTED_LINK_TYPES = frozenset({"referral", "funding"})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _tuple_of_clean_strings(value: object) -> object:
    if isinstance(value, str):
        value = value.split("|")
    if isinstance(value, (list, tuple)):
        seen: dict[str, None] = {}
        for item in value:
            text = str(item).strip()
            if text:
                seen.setdefault(text, None)
        return tuple(seen)
    return value


class Organisation(_Frozen):
    """A body acting on the territory: a service of the Département, a CCAS, an association...

    ``territories``, ``fields`` and ``publics`` describe the organisation as one offer when it
    has no :class:`Service`. No ``publics`` means it serves every public.
    """

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    type: str | None = None
    sector: str | None = None
    territories: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    siret: str | None = None
    address: str | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    updated: dt.date | None = None
    description: str | None = None
    source: str | None = None
    extra: tuple[tuple[str, str], ...] = Field(
        default=(), description="columns outside the format, kept as (header, value) pairs"
    )

    _lists = field_validator("territories", "fields", "publics", mode="before")(
        _tuple_of_clean_strings
    )

    @model_validator(mode="after")
    def _coordinates_come_in_pairs(self) -> Organisation:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self

    @property
    def serves_every_public(self) -> bool:
        return not self.publics


class Service(_Frozen):
    """One offer of an organisation, with its own fields, publics and territories."""

    organisation: str = Field(min_length=1)
    name: str = Field(min_length=1)
    fields: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()
    id: str | None = None
    description: str | None = None
    extra: tuple[tuple[str, str], ...] = ()

    _lists = field_validator("territories", "fields", "publics", mode="before")(
        _tuple_of_clean_strings
    )


class Link(_Frozen):
    """A partnership between two organisations. ``referral`` and ``funding`` are directed."""

    source: str = Field(min_length=1)
    target: str = Field(min_length=1)
    type: str | None = None
    since: dt.date | None = None
    weight: float | None = Field(default=None, ge=0)
    note: str | None = None
    extra: tuple[tuple[str, str], ...] = ()

    @field_validator("type", mode="before")
    @classmethod
    def _canonical_type(cls, value: object) -> object:
        return canonical_link_type(value) if isinstance(value, str) else value

    @property
    def directed(self) -> bool:
        return self.type in DIRECTED_LINK_TYPES


class Territory(_Frozen):
    """A territory of the hierarchy; it may have several parents (EPCI and département)."""

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    parents: tuple[str, ...] = ()
    level: str | None = None
    population: int | None = Field(default=None, ge=0)
    extra: tuple[tuple[str, str], ...] = ()

    _lists = field_validator("parents", mode="before")(_tuple_of_clean_strings)


class Intervention(_Frozen):
    """One organisation intervening for one anonymised case (a situation, never a person)."""

    case: str = Field(min_length=1)
    organisation: str = Field(min_length=1)
    field: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    role: str | None = None
    extra: tuple[tuple[str, str], ...] = ()

    @model_validator(mode="after")
    def _ends_after_start(self) -> Intervention:
        if self.start and self.end and self.end < self.start:
            raise ValueError("end before start")
        return self


class Dataset(_Frozen):
    """Everything read from one data folder, validated."""

    organisations: tuple[Organisation, ...] = ()
    links: tuple[Link, ...] = ()
    territories: tuple[Territory, ...] = ()
    services: tuple[Service, ...] = ()
    interventions: tuple[Intervention, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many of each thing, with ``cases`` the number of distinct cases."""
        return {
            "organisations": len(self.organisations),
            "links": len(self.links),
            "territories": len(self.territories),
            "services": len(self.services),
            "interventions": len(self.interventions),
            "cases": len({i.case for i in self.interventions}),
        }

    def organisation(self, organisation_id: str) -> Organisation:
        """The organisation with this id (``KeyError`` if absent)."""
        for org in self.organisations:
            if org.id == organisation_id:
                return org
        raise KeyError(organisation_id)


def canonical_link_type(value: str) -> str | None:
    """The canonical link type for a spelling found in a file, else the value as written.

    >>> canonical_link_type(" Convention "), canonical_link_type("Orientation")
    ('formal', 'referral')
    >>> canonical_link_type("co-animation")
    'co-animation'
    >>> canonical_link_type("  ") is None
    True
    """
    from partenariat.text import fold

    text = value.strip()
    if not text:
        return None
    return LINK_TYPE_ALIASES.get(fold(text), text)


def trusted(model: type[M], **values: object) -> M:
    """Build a model from values already validated (by the readers), without validation.

    Every field must be given. Several times faster than ``model_construct``, which matters
    for the hundreds of thousands of rows of a national folder.

    >>> trusted(Link, source="a", target="b", type=None, since=None, weight=None, note=None,
    ...         extra=()) == Link(source="a", target="b")
    True
    """
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance
