"""Overlapping offers: organisations doing the same thing for the same people in the same place.

Two organisations **overlap** when they share a field, a served leaf territory and a public
(an organisation with no public listed serves every public). Overlaps are grouped: one entry
per (field, public, set of organisations), with the leaves where exactly that set overlaps.
The entry's **unlinked pairs** are the pairs of its organisations with no link between them:
an overlap with unlinked pairs is **uncoordinated**. Entries are ranked by unlinked pairs,
then population, most first.

Organisations are grouped per (field, leaf) through the offer index; pairs are never
enumerated across the whole network, and a large group's unlinked pairs are counted from its
links without listing every pair.

Examples:
    >>> from partenariat.model import Dataset, Link, Organisation
    >>> from partenariat.network import Network
    >>> org = lambda i, publics=(): Organisation(id=i, name=i.upper(), territories=("T",),
    ...                                         fields=("logement",), publics=publics)
    >>> data = Dataset(organisations=(org("a"), org("b"), org("c", ("jeunes",))),
    ...                links=(Link(source="a", target="c"),))
    >>> [(o.public, o.organisations, o.unlinked_pairs) for o in overlaps(Network(data))]
    [('jeunes', ('a', 'b', 'c'), (('a', 'b'), ('b', 'c'))), (None, ('a', 'b'), (('a', 'b'),))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from partenariat.analysis.offers import OfferIndex, offer_index
from partenariat.network import Network

#: At most this many unlinked pairs are listed per overlap (all are counted).
PAIRS_LISTED = 100


@dataclass(frozen=True)
class Overlap:
    """Organisations sharing a field and a public on the listed leaf territories."""

    field: str
    public: str | None
    organisations: tuple[str, ...]
    territories: tuple[str, ...]
    population: int | None
    unlinked_pairs: tuple[tuple[str, str], ...]
    unlinked_pair_count: int

    @property
    def uncoordinated(self) -> bool:
        return self.unlinked_pair_count > 0

    @property
    def pair_count(self) -> int:
        n = len(self.organisations)
        return n * (n - 1) // 2

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "public": self.public,
            "organisations": list(self.organisations),
            "territories": list(self.territories),
            "population": self.population,
            "unlinked_pairs": [list(p) for p in self.unlinked_pairs],
            "unlinked_pair_count": self.unlinked_pair_count,
            "pair_count": self.pair_count,
        }


def overlaps(
    network: Network, *, fields: Iterable[str] = (), index: OfferIndex | None = None
) -> tuple[Overlap, ...]:
    """Every overlap of ``network``, ranked (uncoordinated and most populated first).

    Each group of leaves served by the same organisations for a field (see
    :meth:`OfferIndex.leaf_groups`) is examined once.
    """
    index = index or offer_index(network, fields)
    groups: dict[tuple[str, str | None, frozenset[str]], list[npt.NDArray[np.int64]]] = (
        defaultdict(list))
    for field in index.fields:
        leaf_groups = index.leaf_groups(field)
        members_of = leaf_groups.members()
        for group, leaf in enumerate(leaf_groups.representatives):
            for public, members in _groups_at(index, field, leaf):
                groups[(field, public, members)].append(members_of[group])
    result = [
        _overlap(network, index, field, public, members, np.concatenate(leaves))
        for (field, public, members), leaves in groups.items()
    ]
    return tuple(sorted(result, key=_rank))


def _groups_at(index: OfferIndex, field: str, leaf: str
               ) -> Iterable[tuple[str | None, frozenset[str]]]:
    serving = index.serving(field, leaf)
    if len(serving) < 2:
        return
    universal = [org for org, publics in serving.items() if publics is None]
    specific: dict[str, list[str]] = defaultdict(list)
    for org, publics in serving.items():
        for public in publics or ():
            specific[public].append(org)
    if len(universal) >= 2:
        yield None, frozenset(universal)
    for public, orgs in specific.items():
        members = frozenset(orgs) | frozenset(universal)
        if len(members) >= 2:
            yield public, members


def _overlap(network: Network, index: OfferIndex, field: str, public: str | None,
             members: frozenset[str], leaves: npt.NDArray[np.int64]) -> Overlap:
    ordered = tuple(sorted(members))
    codes = network.codes(ordered)
    inside = network.csr[codes][:, codes]
    linked = inside.nnz // 2
    unlinked_count = len(ordered) * (len(ordered) - 1) // 2 - linked
    listed: list[tuple[str, str]] = []
    for i, a in enumerate(ordered):
        if len(listed) >= PAIRS_LISTED:
            break
        partners = set(inside.indices[inside.indptr[i]:inside.indptr[i + 1]].tolist())
        for j in range(i + 1, len(ordered)):
            if j not in partners:
                listed.append((a, ordered[j]))
                if len(listed) >= PAIRS_LISTED:
                    break
    known = bool(index.leaf_population_known[leaves].all())
    population = int(index.leaf_populations[leaves].sum()) if known else None
    names = index.tree.leaves
    return Overlap(field, public, ordered, tuple(sorted(names[i] for i in leaves.tolist())),
                   population, tuple(listed), unlinked_count)


def _rank(overlap: Overlap) -> tuple[int, int, str, str, tuple[str, ...]]:
    return (-overlap.unlinked_pair_count, -(overlap.population or 0), overlap.field,
            overlap.public or "", overlap.organisations)
