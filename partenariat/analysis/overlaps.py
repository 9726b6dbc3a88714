"""Overlapping offers: organisations doing the same thing for the same people in the same place.

Two organisations **overlap** when they share a field, a served leaf territory and a public
(an organisation with no public listed serves every public). Overlaps are grouped: one entry
per (field, public, set of organisations), with the leaves where exactly that set overlaps.
The entry's **unlinked pairs** are the pairs of its organisations with no link between them:
an overlap with unlinked pairs is **uncoordinated**. Entries are ranked by unlinked pairs,
then population, most first.

Organisations are grouped per (field, leaf group) through the offer index's serving
tables, with integer arrays; pairs are never enumerated across the whole network, a group's
unlinked pairs are counted from its links (the diagonal of M A Mᵀ), and the result is an
:class:`OverlapTable` whose entries are built when read.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from partenariat.analysis.offers import OfferIndex, offer_index
from partenariat.lazy import Rows
from partenariat.network import Network, ranges

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
) -> OverlapTable:
    """Every overlap of ``network``, ranked (uncoordinated and most populated first).

    Found with integer arrays from each field's :meth:`OfferIndex.serving_table`: a group
    of organisations is identified by the sum of random 64-bit weights of its members, so
    the leaf groups where exactly the same organisations overlap for the same field and
    public are gathered with one sort; the entries are built when read.
    """
    index = index or offer_index(network, fields)
    weights = np.random.default_rng(SEED).integers(
        1, 2**63, size=max(network.size, 1), dtype=np.uint64
    )
    found = [_field_candidates(index, j, field, weights) for j, field in enumerate(index.fields)]
    candidates = _Candidates.concatenate(found)
    return OverlapTable.build(network, index, candidates)


#: Seed of the random weights that identify a set of organisations.
SEED = 42


@dataclass(frozen=True)
class _Candidates:
    """One row per (field, leaf group, public) where at least two organisations overlap,
    with the identity (hash, size) of the set they form; ``public`` -1 is "every public"."""

    field: npt.NDArray[np.int64]
    group: npt.NDArray[np.int64]
    public: npt.NDArray[np.int64]
    hash: npt.NDArray[np.uint64]
    size: npt.NDArray[np.int64]

    @classmethod
    def concatenate(cls, parts: list[_Candidates]) -> _Candidates:
        """The rows of every part (none when no organisation names a field)."""
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, empty, np.zeros(0, dtype=np.uint64), empty)
        return cls(*(np.concatenate([getattr(p, n) for p in parts]) for n in _CANDIDATE_FIELDS))


_CANDIDATE_FIELDS = ("field", "group", "public", "hash", "size")


def _field_candidates(
    index: OfferIndex, field_id: int, field: str, weights: npt.NDArray[np.uint64]
) -> _Candidates:
    table = index.serving_table(field)
    groups = table.groups
    pair_group = table.group_of_pair
    universal = table.universal
    universal_hash = np.zeros(groups, dtype=np.uint64)
    np.add.at(universal_hash, pair_group[universal], weights[table.orgs[universal]])
    universal_size = np.bincount(pair_group[universal], minlength=groups).astype(np.int64)
    # specific publics: one row per (pair, public), keyed by (group, public)
    width = table.public_width
    key, pair = table.named_publics
    starts = np.flatnonzero(np.r_[True, np.diff(key) != 0]) if len(key) else key
    specific_hash = np.add.reduceat(weights[table.orgs[pair]], starts) if len(key) else weights[:0]
    specific_size = np.diff(np.r_[starts, len(key)]).astype(np.int64)
    specific_group, specific_public = key[starts] // width, key[starts] % width
    every = np.flatnonzero(universal_size >= 2)
    size = universal_size[specific_group] + specific_size
    kept = size >= 2
    specific_group, specific_public = specific_group[kept], specific_public[kept]
    return _Candidates(
        field=np.full(len(every) + int(kept.sum()), field_id, dtype=np.int64),
        group=np.r_[every, specific_group].astype(np.int64),
        public=np.r_[np.full(len(every), -1), specific_public].astype(np.int64),
        hash=np.r_[
            universal_hash[every], universal_hash[specific_group] + specific_hash[kept]
        ].astype(np.uint64),
        size=np.r_[universal_size[every], size[kept]].astype(np.int64),
    )


class OverlapTable(Rows[Overlap]):
    """The ranked overlaps, held as arrays; each :class:`Overlap` is built when read.

    ``uncoordinated_count`` counts the overlaps with unlinked pairs without building them.
    """

    def __init__(
        self,
        count: int,
        build: Callable[[int], Overlap],
        unlinked: npt.NDArray[np.int64],
    ) -> None:
        super().__init__(count, build)
        self.unlinked = unlinked

    @property
    def uncoordinated_count(self) -> int:
        return int((self.unlinked > 0).sum())

    @classmethod
    def build(cls, network: Network, index: OfferIndex, found: _Candidates) -> OverlapTable:
        order = np.lexsort((found.public, found.field, found.size, found.hash))
        found = _Candidates(*(getattr(found, n)[order] for n in _CANDIDATE_FIELDS))
        new = (
            np.r_[
                True,
                (np.diff(found.hash) != 0)
                | (np.diff(found.size) != 0)
                | (np.diff(found.field) != 0)
                | (np.diff(found.public) != 0),
            ]
            if len(found.hash)
            else np.zeros(0, dtype=bool)
        )
        firsts = np.flatnonzero(new)
        overlap_of_row = np.cumsum(new) - 1
        members = _members(index, found, firsts)
        linked = _linked_inside(network, members)
        sizes = found.size[firsts]
        unlinked = sizes * (sizes - 1) // 2 - linked
        population, known = _populations(index, found, overlap_of_row, len(firsts))
        fields, publics = found.field[firsts], found.public[firsts]
        rank = _ranking(index, np.where(known, population, 0), unlinked, fields, publics, members)
        leaves = _Leaves(index, found, firsts)
        ids, names, labels = network.ids, index.tree.leaves, index.publics
        name_rank = _text_rank(names)

        def entry(k: int) -> Overlap:
            at = int(rank[k])
            codes = members[at]
            where = leaves[at]
            return Overlap(
                index.fields[int(fields[at])],
                None if publics[at] < 0 else labels[int(publics[at])],
                tuple(ids[c] for c in codes.tolist()),
                tuple(names[i] for i in where[np.argsort(name_rank[where])].tolist()),
                int(population[at]) if known[at] else None,
                int(unlinked[at]),
                partial(_first_unlinked, network, codes),
            )

        return cls(len(firsts), entry, unlinked[rank])


def _members(index: OfferIndex, found: _Candidates, firsts: npt.NDArray[np.int64]) -> _Groups:
    """The sorted organisation codes of each overlap, from its first row: the universal
    organisations of its group, and those naming its public; gathered per field with
    integer arrays."""
    if not len(firsts):
        return _Groups(np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64))
    overlap_parts: list[npt.NDArray[np.int64]] = []
    org_parts: list[npt.NDArray[np.int64]] = []
    for j, field in enumerate(index.fields):
        mine = firsts[found.field[firsts] == j]
        if not len(mine):
            continue
        table = index.serving_table(field)
        overlap = np.searchsorted(firsts, mine)
        groups, publics = found.group[mine], found.public[mine]
        universal = np.flatnonzero(table.universal)
        bounds = np.searchsorted(table.group_of_pair[universal], np.arange(table.groups + 1))
        rows, at = ranges(bounds[groups], bounds[groups + 1])
        overlap_parts.append(overlap[rows])
        org_parts.append(table.orgs[universal[at]])
        key, pair = table.named_publics
        named = publics >= 0
        wanted = groups[named] * table.public_width + publics[named]
        rows, at = ranges(
            np.searchsorted(key, wanted, side="left"), np.searchsorted(key, wanted, side="right")
        )
        overlap_parts.append(overlap[named][rows])
        org_parts.append(table.orgs[pair[at]])
    size = max(int(index.network.size), 1)
    # one integer key per (overlap, organisation), sorted in place: no index array
    keys = (
        np.concatenate([o * size + g for o, g in zip(overlap_parts, org_parts, strict=True)])
        if overlap_parts
        else np.zeros(0, dtype=np.int64)
    )
    keys.sort()
    starts = np.searchsorted(keys, np.arange(len(firsts) + 1) * size)
    return _Groups(keys % size, starts.astype(np.int64))


class _Groups:
    """Groups of organisation codes held flat: group ``k`` is ``codes[starts[k]:starts[k+1]]``."""

    def __init__(self, codes: npt.NDArray[np.int64], starts: npt.NDArray[np.int64]) -> None:
        self.codes = codes
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, group: int) -> npt.NDArray[np.int64]:
        return self.codes[self.starts[group] : self.starts[group + 1]]

    def sizes(self) -> npt.NDArray[np.int64]:
        return np.diff(self.starts)


def _populations(
    index: OfferIndex, found: _Candidates, overlap_of_row: npt.NDArray[np.int64], count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The population of each overlap's leaves, and whether every leaf's is known."""
    population = np.zeros(len(found.group), dtype=np.int64)
    unknown = np.zeros(len(found.group), dtype=bool)
    for j, field in enumerate(index.fields):
        rows = np.flatnonzero(found.field == j)
        if not len(rows):
            continue
        ids = index.leaf_groups(field).ids
        groups = len(index.leaf_groups(field).representatives)
        present = ids >= 0
        per_group = np.bincount(
            ids[present], weights=index.leaf_populations[present], minlength=groups
        )
        missing = np.bincount(
            ids[present], weights=~index.leaf_population_known[present], minlength=groups
        )
        population[rows] = per_group[found.group[rows]].astype(np.int64)
        unknown[rows] = missing[found.group[rows]] > 0
    total = np.bincount(overlap_of_row, weights=population, minlength=count).astype(np.int64)
    any_unknown = np.bincount(overlap_of_row, weights=unknown, minlength=count) > 0
    return total, ~any_unknown


class _Leaves:
    """The leaf positions of an overlap: the leaves of its rows' groups, found when read."""

    def __init__(self, index: OfferIndex, found: _Candidates, firsts: npt.NDArray[np.int64]):
        self.index = index
        self.found = found
        self.ends = np.r_[firsts[1:], len(found.group)].astype(np.int64)
        self.firsts = firsts
        self._members: dict[int, list[npt.NDArray[np.int64]]] = {}

    def __getitem__(self, overlap: int) -> npt.NDArray[np.int64]:
        rows = range(int(self.firsts[overlap]), int(self.ends[overlap]))
        field = int(self.found.field[rows[0]])
        if field not in self._members:
            self._members[field] = self.index.leaf_groups(self.index.fields[field]).members()
        members = self._members[field]
        return np.concatenate([members[int(self.found.group[row])] for row in rows])


def _text_rank(names: tuple[str, ...]) -> npt.NDArray[np.int64]:
    """Each text's rank in code-point order."""
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.argsort(np.array(names, dtype=object), kind="stable")] = np.arange(len(names))
    return rank


def _ranking(
    index: OfferIndex,
    population: npt.NDArray[np.int64],
    unlinked: npt.NDArray[np.int64],
    fields: npt.NDArray[np.int64],
    publics: npt.NDArray[np.int64],
    members: _Groups,
) -> npt.NDArray[np.int64]:
    """Overlaps in rank order: unlinked pairs, population (most first), field, public
    ("every public" first), then organisation ids; ties broken in Python only where the
    arrays leave them."""
    public_order = np.r_[0, 1 + _text_rank(index.publics)]
    field_order = _text_rank(index.fields)
    if not len(unlinked):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((public_order[publics + 1], field_order[fields], -population, -unlinked))
    primary = np.stack([unlinked[order], population[order], fields[order], publics[order]], axis=1)
    same = np.r_[False, (np.diff(primary, axis=0) == 0).all(axis=1)]
    starts = np.flatnonzero(~same)
    ends = np.r_[starts[1:], len(order)]
    for low, high in zip(starts.tolist(), ends.tolist(), strict=True):
        if high - low > 1:
            block = order[low:high].tolist()
            block.sort(key=lambda k: members[k].tolist())
            order[low:high] = block
    return order


#: Memberships looked up at once by :func:`_linked_inside` (about 100 MB of arrays).
_LOOKED_UP_AT_ONCE = 4_000_000


def _linked_inside(network: Network, groups: _Groups) -> npt.NDArray[np.int64]:
    """The linked pairs inside each group of organisation codes.

    A partnership lies inside the groups holding both its ends: each group of the end that
    is in fewer groups is looked up among the sorted (organisation, group) memberships of
    the other end. The work follows the smaller side of each partnership (2 million
    look-ups for the national file) instead of every member's neighbours (27 million).

    >>> groups = _Groups(np.array([0, 1, 2, 1, 2]), np.array([0, 3, 5]))
    >>> from partenariat.model import Dataset, Link, Organisation
    >>> orgs = tuple(Organisation(id=i, name=i) for i in "abc")
    >>> links = (Link(source="a", target="b"), Link(source="b", target="c"))
    >>> _linked_inside(Network(Dataset(organisations=orgs, links=links)), groups).tolist()
    [2, 1]
    """
    import scipy.sparse

    count = len(groups)
    found = np.zeros(count, dtype=np.int64)
    u, v = network.pairs
    if not count or not len(u):
        return found
    group_of = np.repeat(np.arange(count, dtype=np.int64), groups.sizes())
    member = scipy.sparse.csr_array(  # organisation x group: each row's groups sorted
        (np.ones(len(group_of), dtype=np.int8), (groups.codes, group_of)),
        shape=(max(network.size, 1), count),
    )
    member.sort_indices()
    indptr = member.indptr.astype(np.int64)
    indices = member.indices.astype(np.int64)
    keys = np.repeat(np.arange(member.shape[0], dtype=np.int64), np.diff(indptr)) * count
    keys += indices  # (organisation, group), sorted
    fewer = np.diff(indptr)[u] <= np.diff(indptr)[v]
    small, large = np.where(fewer, u, v), np.where(fewer, v, u)
    done = np.cumsum(np.diff(indptr)[small])  # look-ups up to each partnership
    bounds = np.r_[
        0,
        np.searchsorted(done, np.arange(_LOOKED_UP_AT_ONCE, done[-1], _LOOKED_UP_AT_ONCE)),
        len(done),
    ]
    for first, last in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if last <= first:
            continue
        link, at = ranges(indptr[small[first:last]], indptr[small[first:last] + 1])
        group = indices[at]
        # sorted: each search starts where the previous one ended (ten times faster)
        wanted = np.sort(large[first:last][link] * count + group)
        position = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        found += np.bincount(wanted[keys[position] == wanted] % count, minlength=count)
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


def _rank(overlap: Overlap) -> tuple[int, int, str, str, tuple[str, ...]]:
    return (
        -overlap.unlinked_pair_count,
        -(overlap.population or 0),
        overlap.field,
        overlap.public or "",
        overlap.organisations,
    )
