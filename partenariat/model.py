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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from partenariat.columns import InterventionColumns, LinkColumns, OrganisationColumns


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


RecordT = TypeVar("RecordT", bound=BaseModel)
_set_attribute = object.__setattr__


def built(model: type[RecordT], values: dict[str, Any]) -> RecordT:
    """A record of ``model`` from values already checked, ``values`` holding every field in
    the model's order: what pydantic's ``model_construct`` does, without its look at the
    defaults (twice as fast: the reader builds tens of thousands of records).

    >>> built(Territory, {"code": "77", "name": "Seine-et-Marne", "parents": (),
    ...                   "level": None, "population": None, "extra": ()}) == Territory(
    ...     code="77", name="Seine-et-Marne")
    True
    """
    record = model.__new__(model)
    _set_attribute(record, "__dict__", values)
    _set_attribute(record, "__pydantic_fields_set__", set(values))
    _set_attribute(record, "__pydantic_extra__", None)
    _set_attribute(record, "__pydantic_private__", None)
    return record


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


#: The Levels of Collaboration scale (Frey et al. 2006): level -> (French, English) name.
LEVELS: dict[int, tuple[str, str]] = {
    1: ("mise en réseau", "networking"),
    2: ("coopération", "cooperation"),
    3: ("coordination", "coordination"),
    4: ("coalition", "coalition"),
    5: ("collaboration", "collaboration"),
}


class Response(_Frozen):
    """One answer of the partner survey: ``respondent`` names ``partner`` (no partner: it
    answered that it has none), with the level of collaboration (1-5), the trust and the
    value it gives the partner (1-4)."""

    respondent: str = Field(min_length=1)
    partner: str | None = None
    level: int | None = Field(default=None, ge=1, le=5)
    trust: int | None = Field(default=None, ge=1, le=4)
    value: int | None = Field(default=None, ge=1, le=4)
    frequency: str | None = None
    date: dt.date | None = None
    extra: tuple[tuple[str, str], ...] = ()


class Dataset:
    """Everything read from one data folder, validated.

    The large tables (organisations, links and interventions) may be held as columns
    (:class:`~partenariat.columns.OrganisationColumns`,
    :class:`~partenariat.columns.LinkColumns`, :class:`~partenariat.columns.InterventionColumns`)
    by the reader; their pydantic records are then built on first access, not one per row at
    load. Built from records, the columns are derived on demand. Either way
    ``organisations``, ``links`` and ``interventions`` are tuples of records, and
    ``organisation_columns()``, ``link_columns()``, ``intervention_columns()`` are the columns
    the analyses use.

    >>> data = Dataset(organisations=(Organisation(id="a", name="A"),),
    ...                links=(Link(source="a", target="a"),))
    >>> data.counts()["links"], data.organisation("a").name, sorted(dict(data))[:2]
    (1, 'A', ['interventions', 'links'])
    """

    FIELDS = ("organisations", "links", "territories", "services", "interventions", "responses")

    def __init__(
        self,
        organisations: tuple[Organisation, ...] | list[Organisation] | OrganisationColumns = (),
        links: tuple[Link, ...] | list[Link] | LinkColumns = (),
        territories: tuple[Territory, ...] | list[Territory] = (),
        services: tuple[Service, ...] | list[Service] = (),
        interventions: tuple[Intervention, ...] | list[Intervention] | InterventionColumns = (),
        responses: tuple[Response, ...] | list[Response] = (),
    ) -> None:
        from partenariat.columns import InterventionColumns, LinkColumns, OrganisationColumns

        self._organisation_columns = (
            organisations if isinstance(organisations, OrganisationColumns) else None
        )
        self._organisations = (
            None if isinstance(organisations, OrganisationColumns) else tuple(organisations)
        )
        self.responses: tuple[Response, ...] = tuple(responses)
        self.territories: tuple[Territory, ...] = tuple(territories)
        #: Whether the territories are France's bundled ones (see :meth:`on_reference`,
        #: which fills it once).
        self.territories_on_reference: bool | None = None
        self.services: tuple[Service, ...] = tuple(services)
        self._link_columns = links if isinstance(links, LinkColumns) else None
        self._links = None if isinstance(links, LinkColumns) else tuple(links)
        self._intervention_columns = (
            interventions if isinstance(interventions, InterventionColumns) else None
        )
        self._interventions = (
            None if isinstance(interventions, InterventionColumns) else tuple(interventions)
        )

    @classmethod
    def model_construct(cls, **values: Any) -> Dataset:
        """The same as the constructor (kept for callers of the pydantic era)."""
        return cls(**values)

    def replaced(self, **tables: Any) -> Dataset:
        """The same dataset with some tables replaced; the others are shared as they are
        held (columns stay columns).

        >>> data = Dataset(organisations=(Organisation(id="a", name="A"),))
        >>> data.replaced(territories=(Territory(code="77", name="Seine-et-Marne"),)).counts()[
        ...     "territories"]
        1
        """
        held: dict[str, Any] = {
            "organisations": self._organisation_columns or self._organisations,
            "links": self._link_columns or self._links,
            "territories": self.territories,
            "services": self.services,
            "interventions": self._intervention_columns or self._interventions,
            "responses": self.responses,
        }
        return Dataset(**{**held, **tables})

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        if self._organisations is None:
            assert self._organisation_columns is not None
            self._organisations = self._organisation_columns.records()
        return self._organisations

    @property
    def links(self) -> tuple[Link, ...]:
        if self._links is None:
            assert self._link_columns is not None
            self._links = self._link_columns.records()
        return self._links

    @property
    def interventions(self) -> tuple[Intervention, ...]:
        if self._interventions is None:
            assert self._intervention_columns is not None
            self._interventions = self._intervention_columns.records()
        return self._interventions

    def organisation_columns(self) -> OrganisationColumns:
        """The organisations as columns (derived from the records when built from records)."""
        from partenariat.columns import OrganisationColumns

        if self._organisation_columns is None:
            self._organisation_columns = OrganisationColumns.from_records(self.organisations)
        return self._organisation_columns

    def link_columns(self) -> LinkColumns:
        """The links as columns (derived from the records when built from records)."""
        from partenariat.columns import LinkColumns

        if self._link_columns is None:
            self._link_columns = LinkColumns.from_records(self.links)
        return self._link_columns

    def intervention_columns(self) -> InterventionColumns:
        """The interventions as columns (derived from the records when built from them)."""
        from partenariat.columns import InterventionColumns

        if self._intervention_columns is None:
            self._intervention_columns = InterventionColumns.from_records(self.interventions)
        return self._intervention_columns

    def on_reference(self) -> bool:
        """True when the territories are France's bundled ones (read from codes or names, or
        a territory file that copies them), not a territory file of the user's own;
        computed once.

        >>> Dataset(territories=(Territory(code="77", name="Seine-et-Marne"),)).on_reference()
        True
        >>> Dataset(territories=(Territory(code="Q1", name="Quartier nord"),)).on_reference()
        False
        """
        if self.territories_on_reference is None:
            from partenariat.reference import reference

            known = reference()
            self.territories_on_reference = all(
                t.code in known and known[t.code].name == t.name for t in self.territories
            )
        return self.territories_on_reference

    def organisation_ids(self) -> list[str]:
        if self._organisations is None:
            return self.organisation_columns().frame["id"].to_list()
        return [org.id for org in self._organisations]

    @property
    def has_interventions(self) -> bool:
        if self._interventions is not None:
            return bool(self._interventions)
        return self.intervention_columns().frame.height > 0

    def __iter__(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """``(name, records)`` for each table, as ``dict(dataset)`` expects."""
        for name in self.FIELDS:
            yield name, getattr(self, name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.FIELDS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items())
        return f"Dataset({counts})"

    def counts(self) -> dict[str, int]:
        """How many of each thing, with ``cases`` the number of distinct cases."""
        links = (
            self._link_columns.frame.height
            if self._link_columns is not None
            else len(self._links or ())
        )
        cases = self.intervention_columns().frame
        counts = {
            "organisations": (
                len(self._organisations)
                if self._organisations is not None
                else self.organisation_columns().frame.height
            ),
            "links": links,
            "territories": len(self.territories),
            "services": len(self.services),
            "interventions": cases.height,
            "cases": cases["case"].n_unique() if cases.height else 0,
        }
        if self.responses:
            counts["responses"] = len(self.responses)
        return counts

    def organisation(self, organisation_id: str) -> Organisation:
        """The organisation with this id (:class:`UnknownOrganisationError` if absent)."""
        if self._organisations is None:
            found = self.organisation_columns().where_id(organisation_id)
            if found is not None:
                return found
        for org in self._organisations or ():
            if org.id == organisation_id:
                return org
        from partenariat.errors import UnknownOrganisationError

        raise UnknownOrganisationError(organisation_id)


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
