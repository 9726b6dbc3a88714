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

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
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
    unlinked_pair_count: int
    _listed: Callable[[], tuple[tuple[str, str], ...]] = dataclasses.field(
        default=lambda: (), repr=False, compare=False
    )

    @property
    def unlinked_pairs(self) -> tuple[tuple[str, str], ...]:
        """The first ``PAIRS_LISTED`` pairs of organisations with no link between them (in
        order of ids), found when read."""
        return self._listed()

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
    groups: dict[tuple[str, str | None, frozenset[str]], list[npt.NDArray[np.int64]]] = defaultdict(
        list
    )
    for field in index.fields:
        leaf_groups = index.leaf_groups(field)
        members_of = leaf_groups.members()
        for group, leaf in enumerate(leaf_groups.representatives):
            for public, members in _groups_at(index, field, leaf):
                groups[(field, public, members)].append(members_of[group])
    keys = list(groups)
    member_codes = [network.codes(sorted(key[2])) for key in keys]
    linked = _linked_inside(network, member_codes)
    names = index.tree.leaves
    ids = network.ids
    known, populations = index.leaf_population_known, index.leaf_populations
    result = []
    for k, (field_name, public, _) in enumerate(keys):
        leaves = np.concatenate(groups[keys[k]])
        codes = member_codes[k]
        size = len(codes)
        result.append(
            Overlap(
                field_name,
                public,
                tuple(ids[c] for c in codes.tolist()),
                tuple(sorted(names[i] for i in leaves.tolist())),
                int(populations[leaves].sum()) if bool(known[leaves].all()) else None,
                size * (size - 1) // 2 - int(linked[k]),
                partial(_first_unlinked, network, codes),
            )
        )
    return tuple(sorted(result, key=_rank))


def _linked_inside(network: Network, groups: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    """The linked pairs inside each group of organisation codes: the diagonal of
    M A M^T (M: groups x organisations, A: the adjacency), by chunks of groups."""
    import scipy.sparse

    if not groups:
        return np.zeros(0, dtype=np.int64)
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    membership = scipy.sparse.csr_array(
        (
            np.ones(int(sizes.sum()), dtype=np.int64),
            (np.repeat(np.arange(len(groups)), sizes), np.concatenate(groups)),
        ),
        shape=(len(groups), max(network.size, 1)),
    )
    adjacency = network.csr.astype(np.int64)
    found = np.zeros(len(groups), dtype=np.int64)
    step = 20_000
    for start in range(0, len(groups), step):
        chunk = membership[start : start + step]
        found[start : start + step] = (
            np.asarray((chunk @ adjacency).multiply(chunk).sum(axis=1)).ravel() // 2
        )
    return found


def _first_unlinked(network: Network, codes: npt.NDArray[np.int64]) -> tuple[tuple[str, str], ...]:
    ids = network.ids
    found: list[tuple[str, str]] = []
    for i, a in enumerate(codes.tolist()):
        partners = set(network.neighbours(a).tolist())
        for b in codes[i + 1 :].tolist():
            if b not in partners:
                found.append((ids[a], ids[b]))
                if len(found) >= PAIRS_LISTED:
                    return tuple(found)
    return tuple(found)


def _groups_at(
    index: OfferIndex, field: str, leaf: str
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


def _rank(overlap: Overlap) -> tuple[int, int, str, str, tuple[str, ...]]:
    return (
        -overlap.unlinked_pair_count,
        -(overlap.population or 0),
        overlap.field,
        overlap.public or "",
        overlap.organisations,
    )
