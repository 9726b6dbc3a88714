"""The directory (*annuaire*): who does what, where, for whom, and how to reach them.

:func:`directory` turns a network into :class:`DirectoryEntry` records — one per
organisation, with its fields and publics in words (its own and its services'), its
territories by name, its services, contacts, partners and whether its entry is to be
updated — plus what the renderers need to filter them: the study area's communes and, for
each, the codes an organisation may name to serve it (the commune, the territories above
it, its arrondissements). HTML, xlsx, Markdown and the CSV of entries to update are
written by :mod:`partenariat.export.directory`.

Examples:
    >>> import datetime, partenariat
    >>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
    >>> book = directory(network, today=datetime.date(2026, 11, 25))
    >>> len(book.entries), book.entries[0].name
    (40, 'Accueil et partage Pringy')
    >>> [e.name for e in book.serving("77447")][:2]
    ['ADIL de Seine-et-Marne', "Association pour la protection de l'enfance du Val de Seine"]
    >>> [e.id for e in book.offering("santé mentale")]
    ['cmp-melun', 'ghsif', 'rvh-sud77']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from partenariat.analysis.offers import offer_index
from partenariat.network import Network
from partenariat.text import fold

#: Months without update after which an entry is to be updated, by default.
STALE_AFTER_MONTHS = 24


@dataclass(frozen=True)
class Place:
    """A territory an entry names: its code and its name."""

    code: str
    name: str


@dataclass(frozen=True)
class ServiceLine:
    """One service of an organisation, in words."""

    name: str
    fields: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    territories: tuple[Place, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class DirectoryEntry:
    """One organisation of the directory (``publics`` empty: every public)."""

    id: str
    name: str
    type: str | None
    sector: str | None
    fields: tuple[str, ...]
    publics: tuple[str, ...]
    territories: tuple[Place, ...]
    services: tuple[ServiceLine, ...]
    address: str | None
    phone: str | None
    email: str | None
    website: str | None
    partners: tuple[Place, ...]
    """Partner organisations, as (id, name)."""
    updated: dt.date | None
    to_update: bool
    """No update for more than the threshold, or no date at all."""
    description: str | None = None

    @property
    def website_link(self) -> str | None:
        """The website when it is an ``http(s):`` address (only those become links)."""
        site = (self.website or "").strip()
        return (
            site if site.lower().startswith(("http://", "https://")) and " " not in site else None
        )

    @property
    def codes(self) -> tuple[str, ...]:
        """Every territory code the organisation or its services name."""
        own = [p.code for p in self.territories]
        own += [p.code for s in self.services for p in s.territories]
        return tuple(dict.fromkeys(own))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "sector": self.sector,
            "fields": list(self.fields),
            "publics": list(self.publics),
            "territories": [p.code for p in self.territories],
            "services": [s.name for s in self.services],
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
            "partners": [p.code for p in self.partners],
            "updated": self.updated.isoformat() if self.updated else None,
            "to_update": self.to_update,
        }


@dataclass(frozen=True)
class Directory:
    """Every entry, by name, and the study area's communes with the codes serving each."""

    entries: tuple[DirectoryEntry, ...]
    communes: tuple[Place, ...]
    reach: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For each commune: the codes whose naming serves it (itself, the territories above
    it, its arrondissements)."""
    stale_after_months: int = STALE_AFTER_MONTHS
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field offered, sorted (accents and case ignored)."""
        return _sorted({f for e in self.entries for f in e.fields})

    @property
    def publics(self) -> tuple[str, ...]:
        return _sorted({p for e in self.entries for p in e.publics})

    def offering(self, field_name: str) -> tuple[DirectoryEntry, ...]:
        """The entries offering ``field_name`` (accents and case ignored), themselves or by
        a service."""
        wanted = fold(field_name)
        return tuple(e for e in self.entries if any(fold(f) == wanted for f in e.fields))

    def serving(self, commune: str) -> tuple[DirectoryEntry, ...]:
        """The entries serving ``commune``: naming it, a territory above it, or one of its
        arrondissements."""
        reach = set(self.reach.get(commune, (commune,)))
        return tuple(e for e in self.entries if reach.intersection(e.codes))

    def to_update(self) -> tuple[DirectoryEntry, ...]:
        return tuple(e for e in self.entries if e.to_update)


def directory(
    network: Network,
    *,
    today: dt.date | None = None,
    stale_after_months: int = STALE_AFTER_MONTHS,
) -> Directory:
    """The directory of ``network`` (entries sorted by name, accents and case ignored)."""
    day = today or dt.date.today()
    tree = offer_index(network).tree
    names = {code: tree.name(code) for code in tree.codes}
    before = months_before(day, stale_after_months)
    organisations = network.organisations
    ids = network.ids
    entries = []
    for org in network.dataset.organisations:
        services = network.services.get(org.id, ())
        code = network.index[org.id]
        partners = sorted(
            (organisations[ids[int(c)]] for c in network.neighbours(code)),
            key=lambda o: (fold(o.name), o.id),
        )
        entries.append(
            DirectoryEntry(
                id=org.id,
                name=org.name,
                type=org.type,
                sector=org.sector,
                fields=_unique([*org.fields, *(f for s in services for f in s.fields)]),
                publics=()
                if _every_public(org.publics, services)
                else _unique([*org.publics, *(p for s in services for p in s.publics)]),
                territories=_places(org.territories, names),
                services=tuple(
                    ServiceLine(
                        s.name,
                        s.fields,
                        s.publics,
                        _places(s.territories, names),
                        s.description,
                    )
                    for s in services
                ),
                address=org.address,
                phone=org.phone,
                email=org.email,
                website=org.website,
                partners=tuple(Place(p.id, p.name) for p in partners),
                updated=org.updated,
                to_update=org.updated is None or org.updated < before,
                description=org.description,
            )
        )
    entries.sort(key=lambda e: (fold(e.name), e.id))
    communes = tuple(
        sorted(
            (Place(c, names.get(c, c)) for c in tree.leaves if tree.level(c) == "commune"),
            key=lambda p: (fold(p.name), p.code),
        )
    ) or tuple(
        sorted(
            (Place(c, names.get(c, c)) for c in tree.leaves), key=lambda p: (fold(p.name), p.code)
        )
    )
    reach = {
        p.code: tuple(sorted({p.code, *tree.ancestors(p.code), *tree.descendants(p.code)}))
        for p in communes
    }
    return Directory(tuple(entries), communes, reach, stale_after_months, day)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it is shorter).

    >>> months_before(dt.date(2026, 11, 25), 24), months_before(dt.date(2026, 3, 31), 1)
    (datetime.date(2024, 11, 25), datetime.date(2026, 2, 28))
    """
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    if year < dt.MINYEAR:
        return dt.date.min
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _every_public(publics: tuple[str, ...], services: Iterable[Any]) -> bool:
    """An organisation serves every public when it names none and neither do all of its
    services (a service naming none serves everyone)."""
    services = list(services)
    if services:
        return any(not s.publics for s in services)
    return not publics


def _places(codes: Iterable[str], names: dict[str, str]) -> tuple[Place, ...]:
    return tuple(Place(c, names.get(c, c)) for c in dict.fromkeys(codes))


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _sorted(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda v: (fold(v), v)))
