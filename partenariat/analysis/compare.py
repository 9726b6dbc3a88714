"""What changed between two snapshots of a network (*agir ensemble, over time*).

Both snapshots are examined over the **same study area** (see
:func:`partenariat.app.compare_paths`) and the **same fields** (the union of both
snapshots' fields, spellings unified ignoring case and accents), so that a gap is "closed"
only because an organisation now serves it, never because the area or the field list moved.

- **Organisations** are matched by id. An old organisation whose id is gone is **renamed**
  to a new one with the same SIRET or, failing that, the same name (ignoring case, accents
  and spacing) and the same territories; otherwise it is **removed**, and a new id with no
  match is **added**. A matched organisation is **changed** when any of its columns differ
  (territories, fields and publics compared as sets; the update date is not a change).
- **Links** are compared as pairs of organisations (old ids renamed): a pair linked only in
  the new snapshot is **added**, only in the old one **removed**; linked in both with other
  types, **retyped**.
- **Gaps** (territory and field served by no organisation, at the most detailed level):
  **closed** when a gap of the old snapshot is served in the new one, **opened** the other
  way round; and the uncovered population of each field, before and after.
- **Overlaps**: an old uncoordinated overlap (same field, public and organisations) is
  **coordinated** when its organisations are all linked in the new snapshot; a new
  uncoordinated overlap that was not one before is **new_uncoordinated**.
- **Isolated**: organisations of both snapshots that were isolated and are not any more
  (**joined**), or the reverse (**became_isolated**).
- **Structure** and **cases**: the figures before and after.

Examples:
    >>> from partenariat.model import Dataset, Link, Organisation
    >>> from partenariat.network import Network
    >>> org = lambda i: Organisation(id=i, name=i.upper(), territories=("T",), fields=("f",))
    >>> old = Network(Dataset(organisations=(org("a"), org("b")), links=()))
    >>> new = Network(Dataset(organisations=(org("a"), org("b"), org("c")),
    ...                       links=(Link(source="a", target="b"),)))
    >>> found = compare(old, new)
    >>> found.added, [link.organisations for link in found.links_added], found.joined
    (('c',), [('a', 'b')], ('a', 'b'))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from partenariat.analysis.coverage import coverage
from partenariat.analysis.offers import OfferIndex, offer_index
from partenariat.analysis.overlaps import overlaps
from partenariat.analysis.structure import structure
from partenariat.jsonout import record
from partenariat.model import Organisation
from partenariat.network import Network
from partenariat.text import fold

#: Columns of an organisation compared (``id`` matches, ``updated`` is bookkeeping).
COMPARED = (
    "name",
    "type",
    "sector",
    "territories",
    "fields",
    "publics",
    "siret",
    "address",
    "lat",
    "lon",
    "email",
    "phone",
    "website",
    "description",
    "source",
)
_AS_SETS = frozenset({"territories", "fields", "publics"})


@dataclass(frozen=True)
class Renamed:
    """An organisation whose id changed: matched by ``siret`` or by ``name`` (and
    territories)."""

    old: str
    new: str
    by: str


@dataclass(frozen=True)
class Changed:
    """A matched organisation and the columns that differ."""

    organisation: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class LinkChange:
    """A pair of organisations (sorted ids, new ids) and its link types (``""``: none)."""

    organisations: tuple[str, str]
    types: tuple[str, ...]


@dataclass(frozen=True)
class Retyped:
    organisations: tuple[str, str]
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class GapChange:
    territory: str
    name: str
    field: str
    population: int | None


@dataclass(frozen=True)
class FieldChange:
    """The population no organisation serves for a field, before and after."""

    field: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class OverlapChange:
    field: str
    public: str | None
    organisations: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    name: str
    before: float | int | None
    after: float | int | None


@dataclass(frozen=True)
class Evolution:
    """Everything that changed from one snapshot to the next."""

    organisations_before: int
    organisations_after: int
    links_before: int
    links_after: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    renamed: tuple[Renamed, ...]
    changed: tuple[Changed, ...]
    links_added: tuple[LinkChange, ...]
    links_removed: tuple[LinkChange, ...]
    links_retyped: tuple[Retyped, ...]
    gaps_closed: tuple[GapChange, ...]
    gaps_opened: tuple[GapChange, ...]
    uncovered: tuple[FieldChange, ...]
    coordinated: tuple[OverlapChange, ...]
    new_uncoordinated: tuple[OverlapChange, ...]
    joined: tuple[str, ...]
    became_isolated: tuple[str, ...]
    structure: tuple[Figure, ...]
    cases: Figure | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``partenariat compare``."""
        return {
            "organisations": {
                "before": self.organisations_before,
                "after": self.organisations_after,
                "added": list(self.added),
                "removed": list(self.removed),
                "renamed": [record(r) for r in self.renamed],
                "changed": [
                    {"organisation": c.organisation, "fields": list(c.columns)}
                    for c in self.changed
                ],
            },
            "links": {
                "before": self.links_before,
                "after": self.links_after,
                "added": [_link_dict(link) for link in self.links_added],
                "removed": [_link_dict(link) for link in self.links_removed],
                "retyped": [
                    {
                        "organisations": list(r.organisations),
                        "before": list(r.before),
                        "after": list(r.after),
                    }
                    for r in self.links_retyped
                ],
            },
            "coverage": {
                "gaps_closed": [_gap_dict(g) for g in self.gaps_closed],
                "gaps_opened": [_gap_dict(g) for g in self.gaps_opened],
                "population_uncovered": [record(f) for f in self.uncovered],
            },
            "overlaps": {
                "coordinated": [_overlap_dict(o) for o in self.coordinated],
                "new_uncoordinated": [_overlap_dict(o) for o in self.new_uncoordinated],
            },
            "isolated": {
                "joined": list(self.joined),
                "became_isolated": list(self.became_isolated),
            },
            "structure": {f.name: {"before": f.before, "after": f.after} for f in self.structure},
            "cases": (
                None
                if self.cases is None
                else {"fragmented_share": {"before": self.cases.before, "after": self.cases.after}}
            ),
        }


def _link_dict(link: LinkChange) -> dict[str, Any]:
    return {"organisations": list(link.organisations), "types": list(link.types)}


def _gap_dict(gap: GapChange) -> dict[str, Any]:
    return {
        "territory": gap.territory,
        "name": gap.name,
        "field": gap.field,
        "population": gap.population,
    }


def _overlap_dict(overlap: OverlapChange) -> dict[str, Any]:
    return {
        "field": overlap.field,
        "public": overlap.public,
        "organisations": list(overlap.organisations),
    }


def compare(old: Network, new: Network) -> Evolution:
    """What changed from ``old`` to ``new`` (both already over the same study area)."""
    renamed = match_renamed(old, new)
    to_new = {r.old: r.new for r in renamed}
    old_ids = {to_new.get(i, i) for i in old.ids}
    new_ids = set(new.ids)
    fields = _union_fields(old, new)
    old_index, new_index = offer_index(old, fields), offer_index(new, fields)
    closed, opened, uncovered = _coverage(old, new, old_index, new_index, fields)
    coordinated, new_uncoordinated = _overlaps(old, new, old_index, new_index, to_new)
    joined, became = _isolated(old, new, to_new, old_ids & new_ids)
    links_added, links_removed, retyped = _links(old, new, to_new)
    return Evolution(
        organisations_before=old.size,
        organisations_after=new.size,
        links_before=len(old.dataset.link_columns().frame),
        links_after=len(new.dataset.link_columns().frame),
        added=tuple(sorted(new_ids - old_ids)),
        removed=tuple(sorted(set(old.ids) - set(to_new) - new_ids)),
        renamed=renamed,
        changed=_changed(old, new, to_new),
        links_added=links_added,
        links_removed=links_removed,
        links_retyped=retyped,
        gaps_closed=closed,
        gaps_opened=opened,
        uncovered=uncovered,
        coordinated=coordinated,
        new_uncoordinated=new_uncoordinated,
        joined=joined,
        became_isolated=became,
        structure=_structure(old, new),
        cases=_cases(old, new),
    )


def match_renamed(old: Network, new: Network) -> tuple[Renamed, ...]:
    """Old organisations whose id is gone matched one to one with new ids: by SIRET, then
    by name and territories (in id order)."""
    gone = [old.organisations[i] for i in old.ids if i not in new.organisations]
    fresh = [new.organisations[i] for i in new.ids if i not in old.organisations]
    found: list[Renamed] = []
    for by, key in (("siret", _siret_key), ("name", _name_key)):
        waiting: dict[Any, list[Organisation]] = {}
        for org in fresh:
            k = key(org)
            if k is not None:
                waiting.setdefault(k, []).append(org)
        matched: set[str] = set()
        for org in gone:
            k = key(org)
            if k is not None and waiting.get(k):
                partner = waiting[k].pop(0)
                found.append(Renamed(org.id, partner.id, by))
                matched.update((org.id, partner.id))
        gone = [o for o in gone if o.id not in matched]
        fresh = [o for o in fresh if o.id not in matched]
    return tuple(sorted(found, key=lambda r: r.old))


def _siret_key(org: Organisation) -> str | None:
    digits = "".join(ch for ch in org.siret or "" if ch.isdigit())
    return digits or None


def _name_key(org: Organisation) -> tuple[str, tuple[str, ...]]:
    return fold(org.name), tuple(sorted(org.territories))


def _changed(old: Network, new: Network, to_new: dict[str, str]) -> tuple[Changed, ...]:
    found = []
    for old_id in old.ids:
        new_id = to_new.get(old_id, old_id)
        if new_id not in new.organisations:
            continue
        before, after = old.organisations[old_id], new.organisations[new_id]
        columns = tuple(name for name in COMPARED if _value(before, name) != _value(after, name))
        if columns:
            found.append(Changed(new_id, columns))
    return tuple(sorted(found, key=lambda c: c.organisation))


def _value(org: Organisation, name: str) -> Any:
    value = getattr(org, name)
    return frozenset(value) if name in _AS_SETS else value


def _pairs(network: Network, rename: dict[str, str]) -> dict[tuple[str, str], tuple[str, ...]]:
    """Each linked pair (sorted ids, renamed) and its link types (``""`` for none)."""
    frame = network.dataset.link_columns().frame
    found: dict[tuple[str, str], set[str]] = {}
    for source, target, type_ in frame.select("source", "target", "type").iter_rows():
        a, b = rename.get(source, source), rename.get(target, target)
        if a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        found.setdefault(pair, set()).add(type_ or "")
    return {pair: tuple(sorted(types)) for pair, types in found.items()}


def _links(
    old: Network, new: Network, to_new: dict[str, str]
) -> tuple[tuple[LinkChange, ...], tuple[LinkChange, ...], tuple[Retyped, ...]]:
    before, after = _pairs(old, to_new), _pairs(new, {})
    added = tuple(LinkChange(p, after[p]) for p in sorted(set(after) - set(before)))
    removed = tuple(LinkChange(p, before[p]) for p in sorted(set(before) - set(after)))
    retyped = tuple(
        Retyped(p, before[p], after[p])
        for p in sorted(set(before) & set(after))
        if before[p] != after[p]
    )
    return added, removed, retyped


def _union_fields(old: Network, new: Network) -> tuple[str, ...]:
    """The fields of both snapshots, one spelling per field (the new one's first)."""
    found: dict[str, str] = {}
    for network in (new, old):
        for name in offer_index(network).fields:
            found.setdefault(fold(name), name)
    return tuple(sorted(found.values(), key=lambda s: (fold(s), s)))


def _coverage(
    old: Network,
    new: Network,
    old_index: OfferIndex,
    new_index: OfferIndex,
    fields: tuple[str, ...],
) -> tuple[tuple[GapChange, ...], tuple[GapChange, ...], tuple[FieldChange, ...]]:
    before = coverage(old, index=old_index)
    after = coverage(new, index=new_index)

    def gaps(result: Any) -> dict[tuple[str, str], Any]:
        return {(g.territory, fold(g.field)): g for g in result.gaps}

    old_gaps, new_gaps = gaps(before), gaps(after)
    label = {fold(f): f for f in fields}

    def change(gap: Any) -> GapChange:
        return GapChange(
            gap.territory, gap.name, label.get(fold(gap.field), gap.field), gap.population
        )

    def ranked(items: Iterable[GapChange]) -> tuple[GapChange, ...]:
        return tuple(sorted(items, key=lambda g: (-(g.population or 0), g.territory, g.field)))

    closed = ranked(change(g) for k, g in old_gaps.items() if k not in new_gaps)
    opened = ranked(change(g) for k, g in new_gaps.items() if k not in old_gaps)
    old_fields = {fold(f.field): f.uncovered_population for f in before.by_field}
    new_fields = {fold(f.field): f.uncovered_population for f in after.by_field}
    uncovered = tuple(
        FieldChange(f, old_fields.get(fold(f)), new_fields.get(fold(f))) for f in fields
    )
    return closed, opened, uncovered


def _overlaps(
    old: Network,
    new: Network,
    old_index: OfferIndex,
    new_index: OfferIndex,
    to_new: dict[str, str],
) -> tuple[tuple[OverlapChange, ...], tuple[OverlapChange, ...]]:
    def key(field: str, public: str | None, orgs: Iterable[str]) -> tuple[Any, ...]:
        return fold(field), fold(public) if public else None, tuple(sorted(orgs))

    before = {
        key(o.field, o.public, (to_new.get(i, i) for i in o.organisations)): o
        for o in overlaps(old, index=old_index)
        if o.uncoordinated
    }
    after = {
        key(o.field, o.public, o.organisations): o
        for o in overlaps(new, index=new_index)
        if o.uncoordinated
    }
    coordinated = []
    for k, overlap in before.items():
        members = k[2]
        if k in after or not all(m in new.organisations for m in members):
            continue
        if all(new.linked(a, b) for i, a in enumerate(members) for b in members[i + 1 :]):
            coordinated.append(OverlapChange(overlap.field, overlap.public, members))
    fresh = [
        OverlapChange(o.field, o.public, tuple(o.organisations))
        for k, o in after.items()
        if k not in before
    ]
    return tuple(coordinated), tuple(fresh)


def _isolated(
    old: Network, new: Network, to_new: dict[str, str], both: set[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    before = {to_new.get(i.organisation, i.organisation) for i in structure(old).isolated}
    after = {i.organisation for i in structure(new).isolated}
    return tuple(sorted((before - after) & both)), tuple(sorted((after - before) & both))


def _structure(old: Network, new: Network) -> tuple[Figure, ...]:
    before, after = structure(old), structure(new)
    return (
        Figure("density", before.density, after.density),
        Figure("components", len(before.components), len(after.components)),
        Figure("degree_centralisation", before.degree_centralisation, after.degree_centralisation),
        Figure("communities", len(before.communities), len(after.communities)),
        Figure("isolated", len(before.isolated), len(after.isolated)),
    )


def _cases(old: Network, new: Network) -> Figure | None:
    if not (old.dataset.has_interventions and new.dataset.has_interventions):
        return None
    from partenariat.analysis.cases import cases

    share = [cases(n).summary()["fragmented_share"] for n in (old, new)]
    return Figure("fragmented_share", share[0], share[1])
