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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Literal

from partenariat.analysis.offers import OfferIndex, Publics, offer_index
from partenariat.network import Network
from partenariat.perf import gc_paused

Kind = Literal["pooling", "referral"]

#: A group larger than this is not expanded into pairs (its pairs are counted in overlaps).
MAX_GROUP = 150
#: At most this many complementary field pairs (the best supported) give referral paths.
MAX_COMPLEMENTARY = 30
#: Groups stop being expanded past this many candidate pairs, or pairs examined.
MAX_CANDIDATES = 300_000
MAX_EXAMINED = 8_000_000


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
    """What supports one pair for one key (a shared field, or an oriented field pair)."""

    leaves: int = 0
    population: int | None = 0
    publics: set[str] = field(default_factory=set)


@gc_paused
def suggestions(
    network: Network,
    *,
    limit: int | None = None,
    min_support: int = 2,
    fields: Iterable[str] = (),
    index: OfferIndex | None = None,
    max_candidates: int = MAX_CANDIDATES,
    together: Mapping[tuple[str, str], int] | None = None,
) -> tuple[Suggestion, ...]:
    """The partnerships worth creating, best first (at most ``limit``).

    Leaves served by the same organisations (the same signature) are handled together, so
    the work grows with the number of distinct groups, not of leaves x pairs. Groups are
    expanded into pairs from the most populated down, until ``max_candidates`` pairs are
    held or ``MAX_EXAMINED`` pairs examined: a national network has millions of candidate
    pairs, and the ranking only needs the best (a département never reaches the bounds). A
    group of more than ``MAX_GROUP`` organisations is not expanded (it is reported, whole,
    as an overlap). ``together`` gives the cases each unlinked pair follows together, when
    already counted (by :func:`partenariat.analysis.cases.cases`).
    """
    index = index or offer_index(network, fields)
    support = field_pair_support(network, index)
    complementary = sorted((p for p, n in support.items() if n >= min_support),
                           key=lambda p: (-support[p], p))[:MAX_COMPLEMENTARY]
    cases = together if together is not None else co_intervention_counts(network)
    evidence: dict[tuple[str, str], dict[tuple[str, ...], _Evidence]] = {}
    groups: list[tuple[int, tuple[str, ...], list[str], dict[str, Publics],
                       dict[str, Publics]]] = []
    for field_name in index.fields:
        for leaves in _leaf_groups(index, (field_name,)).values():
            orgs = index.serving(field_name, leaves[0])
            groups.append((_population(index, leaves), ("pooling", field_name), leaves, orgs,
                           orgs))
    for f, g in complementary:
        for leaves in _leaf_groups(index, (f, g)).values():
            groups.append((_population(index, leaves), ("referral", f, g), leaves,
                           index.serving(f, leaves[0]), index.serving(g, leaves[0])))
    groups.sort(key=lambda group: (-group[0], group[1], group[2][0]))
    adjacency = network.adjacency
    examined = 0
    for _, key, leaves, left, right in groups:
        if len(evidence) >= max_candidates or examined >= MAX_EXAMINED:
            break
        examined += _add_pairs(adjacency, left, right, key, leaves, index, evidence)
    result = [_suggestion(pair, keys, cases.get(pair, 0)) for pair, keys in evidence.items()]
    result.sort(key=lambda s: (-s.cases, -(s.population or 0), s.kind != "pooling",
                               s.organisations))
    return tuple(result[:limit] if limit is not None else result)


def _population(index: OfferIndex, leaves: list[str]) -> int:
    return sum(index.tree.population(leaf) or 0 for leaf in leaves)


def _leaf_groups(index: OfferIndex, fields: tuple[str, ...]) -> dict[tuple[Any, ...], list[str]]:
    groups: dict[tuple[Any, ...], list[str]] = {}
    columns = [index.signatures(f) for f in fields]
    for leaf, *key in zip(index.tree.leaves, *columns, strict=True):
        if all(key):
            groups.setdefault(tuple(key), []).append(leaf)
    return groups


def _add_pairs(adjacency: dict[str, set[str]], left: dict[str, Publics],
               right: dict[str, Publics], key: tuple[str, ...], leaves: list[str],
               index: OfferIndex,
               evidence: dict[tuple[str, str], dict[tuple[str, ...], _Evidence]]) -> int:
    """Add the unlinked pairs of a group; return how many pairs were examined."""
    if len(left) < 1 or len(right) < 1 or len(left) > MAX_GROUP or len(right) > MAX_GROUP:
        return 0
    populations = [index.tree.population(leaf) for leaf in leaves]
    population = None if any(p is None for p in populations) else sum(
        p or 0 for p in populations)
    same_side = left is right
    for a, publics_a in left.items():
        neighbours = adjacency[a]
        for b, publics_b in right.items():
            if (a >= b if same_side else a == b) or b in neighbours:
                continue
            common = _common_publics(publics_a, publics_b)
            if common is None:
                continue
            pair = (a, b) if a < b else (b, a)
            oriented = key if key[0] == "pooling" or a < b else (key[0], key[2], key[1])
            found = evidence.setdefault(pair, {}).setdefault(oriented, _Evidence())
            found.leaves += len(leaves)
            found.population = (None if found.population is None or population is None
                                else found.population + population)
            found.publics.update(common)
    return len(left) * len(right)


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


def _common_publics(a: Publics, b: Publics) -> set[str] | None:
    """Publics both serve: empty set = every public; ``None`` = none in common."""
    if a is None and b is None:
        return set()
    if a is None or b is None:
        return set(b or a or ())
    common = a & b
    return set(common) if common else None


def _suggestion(pair: tuple[str, str], keys: dict[tuple[str, ...], _Evidence],
                cases: int) -> Suggestion:
    """Pooling when the pair shares a field (all shared fields listed), else referral; the
    territories and population are those of the best-supported key."""
    pooling = {k: e for k, e in keys.items() if k[0] == "pooling"}
    chosen = pooling or keys
    best_key = min(chosen, key=lambda k: (-(chosen[k].population or 0), -chosen[k].leaves, k))
    best = chosen[best_key]
    if pooling:
        kind: Kind = "pooling"
        fields = tuple(sorted(k[1] for k in pooling))
    else:
        kind = "referral"
        fields = best_key[1:]
    return Suggestion(pair, kind, fields, tuple(sorted(best.publics)), best.leaves,
                      best.population, cases)
