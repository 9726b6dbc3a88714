"""Partnerships worth creating: unlinked pairs of organisations serving the same people.

A candidate is a pair of organisations with **no link** between them that serve at least one
common leaf territory for a common public, and either

- share a field: **pooling** an overlapping offer (they do the same thing for the same
  people in the same place), or
- have **complementary** fields: a referral path. Two fields are complementary when this
  network already joins them: at least ``min_support`` existing links join an organisation
  of one field to an organisation of the other, or at least ``min_support`` cases are
  followed by organisations of both.

Candidates are ranked by the number of cases the two organisations already follow together
(interventions), then by the population of the territories they share, then pooling before
referral, then by ids.

Examples:
    >>> from partenariat.model import Dataset, Link, Organisation
    >>> from partenariat.network import Network
    >>> org = lambda i, f: Organisation(id=i, name=i.upper(), territories=("T",), fields=(f,))
    >>> data = Dataset(organisations=(org("a", "logement"), org("b", "logement"),
    ...                               org("h", "hébergement"), org("x", "hébergement")),
    ...                links=(Link(source="a", target="h"), Link(source="b", target="x")))
    >>> for s in suggestions(Network(data), min_support=2):
    ...     print(s.organisations, s.kind, s.fields)
    ('a', 'b') pooling ('logement',)
    ('h', 'x') pooling ('hébergement',)
    ('a', 'x') referral ('logement', 'hébergement')
    ('b', 'h') referral ('logement', 'hébergement')
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

from partenariat.analysis.offers import OfferIndex, Publics, offer_index
from partenariat.network import Network

Kind = Literal["pooling", "referral"]

#: A group larger than this is not expanded into pairs (its pairs are counted in overlaps).
MAX_GROUP = 200


@dataclass(frozen=True)
class Suggestion:
    """A partnership worth creating, with what supports it."""

    organisations: tuple[str, str]
    kind: Kind
    fields: tuple[str, ...]
    """Pooling: the fields both offer. Referral: the field of each organisation, in order."""
    publics: tuple[str, ...]
    territories: int
    population: int | None
    cases: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisations": list(self.organisations),
            "kind": self.kind,
            "fields": list(self.fields),
            "publics": list(self.publics),
            "territories": self.territories,
            "population": self.population,
            "cases": self.cases,
        }


@dataclass
class _Evidence:
    leaves: set[str]
    shared_fields: set[str]
    referral_fields: set[tuple[str, str]]
    publics: set[str]


def suggestions(
    network: Network,
    *,
    limit: int | None = None,
    min_support: int = 2,
    fields: Iterable[str] = (),
    index: OfferIndex | None = None,
) -> tuple[Suggestion, ...]:
    """The partnerships worth creating, best first (at most ``limit``)."""
    index = index or offer_index(network, fields)
    support = field_pair_support(network, index)
    complementary = tuple(sorted(p for p, n in support.items() if n >= min_support))
    evidence: dict[tuple[str, str], _Evidence] = {}
    for leaf in index.tree.leaves:
        serving = {f: index.serving(f, leaf) for f in index.fields}
        for field, orgs in serving.items():
            _pairs(network, orgs, orgs, leaf, evidence, shared=field)
        for f, g in complementary:
            if serving.get(f) and serving.get(g):
                _pairs(network, serving[f], serving[g], leaf, evidence, referral=(f, g))
    cases = co_intervention_counts(network)
    result = [_suggestion(pair, ev, index, cases.get(pair, 0), support)
              for pair, ev in evidence.items()]
    result.sort(key=lambda s: (-s.cases, -(s.population or 0), s.kind != "pooling",
                               s.organisations))
    return tuple(result[:limit] if limit is not None else result)


def complementary_fields(
    network: Network, index: OfferIndex, min_support: int = 2
) -> tuple[tuple[str, str], ...]:
    """Field pairs joined by at least ``min_support`` links or shared cases, sorted."""
    support = field_pair_support(network, index)
    return tuple(sorted(pair for pair, count in support.items() if count >= min_support))


def field_pair_support(network: Network, index: OfferIndex) -> Counter[tuple[str, str]]:
    """For each pair of distinct fields, the links and cases that join them."""
    fields_of: dict[str, set[str]] = defaultdict(set)
    for offer in index.offers:
        fields_of[offer.organisation].update(offer.fields)
    support: Counter[tuple[str, str]] = Counter()
    for a, b in network.partnerships().edges():
        for pair in _field_pairs(fields_of[a], fields_of[b]):
            support[pair] += 1
    by_case: dict[str, set[str]] = defaultdict(set)
    for intervention in network.dataset.interventions:
        if intervention.field:
            by_case[intervention.case].add(index.field_vocabulary.label(intervention.field))
    for case_fields in by_case.values():
        for pair in combinations(sorted(case_fields), 2):
            support[pair] += 1
    return support


def co_intervention_counts(network: Network) -> dict[tuple[str, str], int]:
    """For each pair of organisations, the number of cases both intervene in."""
    by_case: dict[str, set[str]] = defaultdict(set)
    for intervention in network.dataset.interventions:
        by_case[intervention.case].add(intervention.organisation)
    counts: Counter[tuple[str, str]] = Counter()
    for orgs in by_case.values():
        if len(orgs) <= MAX_GROUP:
            counts.update(combinations(sorted(orgs), 2))
    return dict(counts)


def _field_pairs(a: set[str], b: set[str]) -> set[tuple[str, str]]:
    return {(min(f, g), max(f, g)) for f in a for g in b if f != g}


def _pairs(network: Network, left: dict[str, Publics], right: dict[str, Publics], leaf: str,
           evidence: dict[tuple[str, str], _Evidence], *, shared: str | None = None,
           referral: tuple[str, str] | None = None) -> None:
    if len(left) > MAX_GROUP or len(right) > MAX_GROUP:
        return
    graph = network.partnerships()
    same_side = left is right
    for a, publics_a in left.items():
        for b, publics_b in right.items():
            already_seen = a >= b if same_side else a == b
            if already_seen or graph.has_edge(a, b):
                continue
            common = _common_publics(publics_a, publics_b)
            if common is None:
                continue
            pair = (a, b) if a < b else (b, a)
            ev = evidence.setdefault(pair, _Evidence(set(), set(), set(), set()))
            ev.leaves.add(leaf)
            ev.publics.update(common)
            if shared:
                ev.shared_fields.add(shared)
            if referral:
                ev.referral_fields.add(referral if a < b else (referral[1], referral[0]))


def _common_publics(a: Publics, b: Publics) -> set[str] | None:
    """Publics both serve: empty set = every public; ``None`` = none in common."""
    if a is None and b is None:
        return set()
    if a is None or b is None:
        return set(b or a or ())
    common = a & b
    return set(common) if common else None


def _suggestion(pair: tuple[str, str], ev: _Evidence, index: OfferIndex, cases: int,
                support: Counter[tuple[str, str]]) -> Suggestion:
    populations = [index.tree.population(leaf) for leaf in ev.leaves]
    population = None if any(p is None for p in populations) else sum(p or 0 for p in populations)
    if ev.shared_fields:
        kind: Kind = "pooling"
        fields = tuple(sorted(ev.shared_fields))
    else:
        kind = "referral"
        fields = min(ev.referral_fields,
                     key=lambda fg: (-support[(min(fg), max(fg))], fg))
    return Suggestion(pair, kind, fields, tuple(sorted(ev.publics)), len(ev.leaves),
                      population, cases)
