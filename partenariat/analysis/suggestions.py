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

Every candidate is found, with no cap: leaves served by the same organisations (the same
signature) form one group, each group's pairs are generated as integer arrays, the linked
pairs removed by binary search in the sorted partnership keys, and the evidence summed per
pair with a sort and ``reduceat``. The result is a :class:`SuggestionTable`: a sequence whose
entries (pydantic-free frozen dataclasses) are built only when read, so a national network's
millions of candidates cost arrays, not objects.

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

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from partenariat.analysis.offers import OfferIndex, Publics, offer_index
from partenariat.errors import PartenariatError
from partenariat.network import Network

Kind = Literal["pooling", "referral"]
Array = npt.NDArray[Any]

#: At most this many complementary field pairs (the best supported) give referral paths;
#: the table's ``complementary_left_out`` says how many were set aside.
MAX_COMPLEMENTARY = 30


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


class SuggestionTable(Sequence[Suggestion]):
    """Every suggestion, ranked, held as arrays; entries are built when read.

    Behaves as a tuple of :class:`Suggestion` (``len``, indexing, slicing to a tuple,
    iteration, equality with a tuple).
    """

    def __init__(self, build: Any, order: Array, complementary_left_out: int = 0) -> None:
        self._build = build
        self._order = order
        #: Complementary field pairs supported by the network but not examined.
        self.complementary_left_out = complementary_left_out

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, item: int) -> Suggestion: ...

    @overload
    def __getitem__(self, item: slice) -> tuple[Suggestion, ...]: ...

    def __getitem__(self, item: int | slice) -> Suggestion | tuple[Suggestion, ...]:
        if isinstance(item, slice):
            return tuple(self._build(int(row)) for row in self._order[item])
        return self._build(int(self._order[item]))  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[Suggestion]:
        for row in self._order:
            yield self._build(int(row))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SuggestionTable):
            other = tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<SuggestionTable {len(self)} suggestions>"


def suggestions(
    network: Network,
    *,
    limit: int | None = None,
    min_support: int = 2,
    fields: Iterable[str] = (),
    index: OfferIndex | None = None,
    together: Mapping[tuple[str, str], int] | None = None,
) -> SuggestionTable:
    """The partnerships worth creating, best first (at most ``limit``).

    ``together`` gives the cases each unlinked pair follows together, when already counted
    (by :func:`partenariat.analysis.cases.cases`); otherwise they are counted here.
    """
    index = index or offer_index(network, fields)
    support = field_pair_support(network, index)
    supported = sorted((p for p, n in support.items() if n >= min_support),
                       key=lambda p: (-support[p], p))
    field_rank = {f: k for k, f in enumerate(index.fields)}
    supported = [(f, g) for f, g in supported if f in field_rank and g in field_rank]
    complementary = supported[:MAX_COMPLEMENTARY]
    count = len(index.fields)
    key_sides: dict[int, _Key] = {}
    chunks = [_key_chunk(network, index, (f,), k, k, key_sides)
              for k, f in enumerate(index.fields)]
    for f, g in complementary:
        forward = count + field_rank[f] * count + field_rank[g]
        backward = count + field_rank[g] * count + field_rank[f]
        chunks.append(_key_chunk(network, index, (f, g), forward, backward, key_sides))
    keys = _key_names(index.fields)
    evidence = _Evidence.concatenate([c for c in chunks if c is not None], keys, count)
    cases = _pair_cases(network, evidence.pairs, together)
    order = evidence.ranking(cases)
    if limit is not None:
        order = order[:limit]

    def build(row: int) -> Suggestion:
        return evidence.suggestion(row, network, keys, key_sides, int(cases[row]))

    return SuggestionTable(build, order, len(supported) - len(complementary))


# ---------------------------------------------------------------------------- evidence


@dataclass
class _Chunk:
    """Evidence rows of one key (a pooling field or an oriented field pair)."""

    low: Array
    high: Array
    key: Array
    leaves: Array
    population: Array
    unknown_population: Array
    common: Array


def _key_names(fields: tuple[str, ...]) -> Any:
    """Key codes: ``k`` for pooling field k, ``F + f * F + g`` for the referral (f, g)."""
    count = len(fields)

    def name(key: int) -> tuple[str, ...]:
        if key < count:
            return ("pooling", fields[key])
        f, g = divmod(key - count, count)
        return ("referral", fields[f], fields[g])

    return name


def _groups(index: OfferIndex, field_names: tuple[str, ...]
            ) -> list[tuple[list[str], int, bool]]:
    """Leaf groups (same signature for every field named): leaves, population, whether
    every leaf's population is known."""
    grouped = [index.leaf_groups(f) for f in field_names]
    ids = grouped[0].ids
    for other in grouped[1:]:
        width = len(other.representatives) + 1
        ids = np.where((ids >= 0) & (other.ids >= 0), ids * width + other.ids, -1)
    valid = np.flatnonzero(ids >= 0)
    if not len(valid):
        return []
    keys, inverse = np.unique(ids[valid], return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    cuts = np.searchsorted(inverse[order], np.arange(len(keys) + 1))
    populations, known = index.leaf_populations, index.leaf_population_known
    leaves = index.tree.leaves
    result = []
    for g in range(len(keys)):
        members = valid[order[cuts[g]:cuts[g + 1]]]
        result.append(([leaves[i] for i in members.tolist()], int(populations[members].sum()),
                       bool(known[members].all())))
    return result


@dataclass
class _Key:
    """The offers behind one key: which organisations serve each leaf group on each side."""

    forward: int
    backward: int
    left: Any
    right: Any
    left_publics: list[dict[str, Publics]]
    right_publics: list[dict[str, Publics]]

    def common_publics(self, network: Network, low: int, high: int, key: int) -> set[str]:
        """The publics the pair (``low``, ``high``) shares over the groups of this key
        (empty: every public)."""
        a, b = (low, high) if key == self.forward else (high, low)
        groups = np.intersect1d(self.left.indices[self.left.indptr[a]:self.left.indptr[a + 1]],
                                self.right.indices[self.right.indptr[b]:
                                                   self.right.indptr[b + 1]])
        ids = network.ids
        found: set[str] = set()
        for group in groups.tolist():
            common = _common_publics(self.left_publics[group][ids[a]],
                                     self.right_publics[group][ids[b]])
            if common is not None:
                found |= common
        return found


#: Leaves, groups of unknown population and population summed in one integer product.
_LEAF_BITS, _UNKNOWN_SHIFT, _POPULATION_SHIFT = 0xFFFF, 16, 32


def _incidence(network: Network, sides: list[dict[str, Publics]]) -> Any:
    """Organisation x group membership (CSR, sorted indices)."""
    import scipy.sparse

    index = network.index
    rows = [index[org] for side in sides for org in side if org in index]
    cols = [g for g, side in enumerate(sides) for org in side if org in index]
    matrix = scipy.sparse.csr_array(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)),
        shape=(network.size, max(len(sides), 1)))
    matrix.sort_indices()
    return matrix


def _key_chunk(network: Network, index: OfferIndex, fields: tuple[str, ...],
               forward: int, backward: int, keys_out: dict[int, _Key]) -> _Chunk | None:
    """Every unlinked pair serving a common leaf group for a common public, for one key,
    with the leaves and population summed: sparse products, no pair loop."""
    f, g = fields[0], fields[-1]
    groups = _groups(index, fields)
    if not groups:
        return None
    if len(index.tree.leaves) > _LEAF_BITS:
        raise PartenariatError("more than 65,535 leaf territories: too many for suggestions")
    left_sides = [index.serving(f, leaves[0]) for leaves, _, _ in groups]
    right_sides = left_sides if f == g else [index.serving(g, leaves[0])
                                             for leaves, _, _ in groups]
    weight = np.array([len(leaves) + ((0 if known else 1) << _UNKNOWN_SHIFT)
                       + (population << _POPULATION_SHIFT)
                       for leaves, population, known in groups], dtype=np.int64)
    left = _incidence(network, left_sides)
    right = left if f == g else _incidence(network, right_sides)
    weighted = left.copy()
    weighted.data = weight[weighted.indices]
    totals = (weighted @ right.T).tocoo()
    a, b, value = totals.row.astype(np.int64), totals.col.astype(np.int64), totals.data
    a, b, value = _without_incompatible(network, a, b, value, groups, weight,
                                        left_sides, right_sides)
    keep = (a < b) if f == g else (a != b)
    a, b, value = a[keep], b[keep], value[keep]
    unlinked = ~network.linked_codes(a, b)
    a, b, value = a[unlinked], b[unlinked], value[unlinked]
    if not len(a):
        return None
    keys_out[forward] = keys_out[backward] = _Key(forward, backward, left, right,
                                                  left_sides, right_sides)
    return _Chunk(low=np.minimum(a, b), high=np.maximum(a, b),
                  key=np.where(a < b, forward, backward),
                  leaves=value & _LEAF_BITS,
                  population=value >> _POPULATION_SHIFT,
                  unknown_population=((value >> _UNKNOWN_SHIFT) & _LEAF_BITS) > 0,
                  common=np.zeros(len(a), dtype=np.int64))


def _without_incompatible(network: Network, a: Array, b: Array, value: Array,
                          groups: list[tuple[list[str], int, bool]], weight: Array,
                          left_sides: list[dict[str, Publics]],
                          right_sides: list[dict[str, Publics]]) -> tuple[Array, Array, Array]:
    """Take back the groups where two organisations serve only different publics (both
    name publics, none in common); drop the pairs left with no leaf.

    The (left, right) specific offers of every group are joined at once with integer
    arrays; publics are bits of a mask.
    """
    del groups
    labels = sorted({p for side in (*left_sides, *right_sides) for ps in side.values()
                     for p in ps or ()})
    if not labels:
        return a, b, value
    bits = {label: 1 << i for i, label in enumerate(labels)}
    dtype: Any = np.uint64 if len(labels) <= 64 else object
    left = _specific(network, left_sides, bits, dtype)
    right = left if right_sides is left_sides else _specific(network, right_sides, bits, dtype)
    x, y, group, mx, my = _join(left, right)
    incompatible = (x != y) & ((mx & my) == 0)
    if not incompatible.any():
        kept = (value & _LEAF_BITS) > 0
        return a[kept], b[kept], value[kept]
    size = max(network.size, 1)
    taken_pairs = x[incompatible] * size + y[incompatible]
    order = np.argsort(taken_pairs, kind="stable")
    taken_pairs = taken_pairs[order]
    starts = np.flatnonzero(np.r_[True, np.diff(taken_pairs) != 0])
    taken = taken_pairs[starts]
    amounts = np.add.reduceat(weight[group[incompatible]][order], starts)
    pairs = a * size + b
    order = np.argsort(pairs)
    where = order[np.searchsorted(pairs, taken, sorter=order)]
    value = value.copy()
    value[where] -= amounts
    kept = (value & _LEAF_BITS) > 0
    return a[kept], b[kept], value[kept]


def _specific(network: Network, sides: list[dict[str, Publics]], bits: dict[str, int],
              dtype: Any) -> tuple[Array, Array, Array]:
    """Offers naming publics, grouped by leaf group: (group starts, organisations, masks)."""
    index = network.index
    orgs: list[int] = []
    masks: list[int] = []
    counts: list[int] = []
    for side in sides:
        before = len(orgs)
        for org, publics in side.items():
            if publics is not None and org in index:
                orgs.append(index[org])
                masks.append(sum(bits[p] for p in publics))
        counts.append(len(orgs) - before)
    starts = np.r_[0, np.cumsum(counts)].astype(np.int64)
    return starts, np.array(orgs, dtype=np.int64), np.array(masks, dtype=dtype)


def _join(left: tuple[Array, Array, Array], right: tuple[Array, Array, Array]
          ) -> tuple[Array, Array, Array, Array, Array]:
    """Every (left, right) couple of each group: organisations, group, masks."""
    left_starts, left_orgs, left_masks = left
    right_starts, right_orgs, right_masks = right
    nl, nr = np.diff(left_starts), np.diff(right_starts)
    per_group = nl * nr
    total = int(per_group.sum())
    group = np.repeat(np.arange(len(per_group)), per_group)
    offset = np.arange(total) - np.repeat(np.cumsum(per_group) - per_group, per_group)
    width = nr[group]
    i = left_starts[group] + offset // np.maximum(width, 1)
    j = right_starts[group] + offset % np.maximum(width, 1)
    return left_orgs[i], right_orgs[j], group, left_masks[i], right_masks[j]


@dataclass
class _Evidence:
    """One row per (pair, key), sorted so that each pair's best key comes first; ``first``
    holds the row where each pair starts."""

    chunk: _Chunk
    first: Array
    pooling_keys: int

    @classmethod
    def concatenate(cls, chunks: list[_Chunk], keys: Any, pooling_keys: int) -> _Evidence:
        if chunks:
            merged = _Chunk(*(np.concatenate([getattr(c, name) for c in chunks])
                              for name in _CHUNK_FIELDS))
        else:
            empty = np.zeros(0, dtype=np.int64)
            merged = _Chunk(empty, empty, empty, empty, empty, empty.astype(bool), empty)
        used = np.unique(merged.key)
        by_name = sorted(range(len(used)), key=lambda i: keys(int(used[i])))
        rank = np.empty(len(used), dtype=np.int64)
        rank[by_name] = np.arange(len(used))
        key_rank = rank[np.searchsorted(used, merged.key)]
        population = np.where(merged.unknown_population, 0, merged.population)
        referral = merged.key >= pooling_keys
        order = np.lexsort((key_rank, -merged.leaves, -population, referral,
                            merged.high, merged.low))
        merged = _Chunk(*(getattr(merged, name)[order] for name in _CHUNK_FIELDS))
        starts = np.r_[True, (np.diff(merged.low) != 0) | (np.diff(merged.high) != 0)]
        return cls(merged, np.flatnonzero(starts) if len(merged.low) else
                   np.zeros(0, dtype=np.int64), pooling_keys)

    @property
    def pairs(self) -> tuple[Array, Array]:
        return self.chunk.low[self.first], self.chunk.high[self.first]

    def ranking(self, cases: Array) -> Array:
        """Pairs in rank order: cases, population, pooling first, then ids."""
        c, rows = self.chunk, self.first
        population = np.where(c.unknown_population[rows], 0, c.population[rows])
        referral = c.key[rows] >= self.pooling_keys
        return np.lexsort((c.high[rows], c.low[rows], referral, -population, -cases))

    def suggestion(self, pair: int, network: Network, keys: Any, sides: dict[int, _Key],
                   cases: int) -> Suggestion:
        c = self.chunk
        best = int(self.first[pair])
        end = int(self.first[pair + 1]) if pair + 1 < len(self.first) else len(c.low)
        ids = network.ids
        best_key = keys(int(c.key[best]))
        population = None if c.unknown_population[best] else int(c.population[best])
        if best_key[0] == "pooling":
            kind: Kind = "pooling"
            fields = tuple(sorted(keys(int(k))[1] for k in c.key[best:end]
                                  if k < self.pooling_keys))
        else:
            kind = "referral"
            fields = best_key[1:]
        low, high, key = int(c.low[best]), int(c.high[best]), int(c.key[best])
        publics = sides[key].common_publics(network, low, high, key)
        return Suggestion((ids[low], ids[high]), kind, fields, tuple(sorted(publics)),
                          int(c.leaves[best]), population, cases)


_CHUNK_FIELDS = ("low", "high", "key", "leaves", "population", "unknown_population", "common")


# ---------------------------------------------------------------------------- support


def _pair_cases(network: Network, pairs: tuple[Array, Array],
                together: Mapping[tuple[str, str], int] | None) -> Array:
    """The cases each candidate pair follows together (0 when none)."""
    low, high = pairs
    size = max(network.size, 1)
    if together is not None:
        index = network.index
        items = [(index[a] * size + index[b], n) for (a, b), n in together.items()
                 if a in index and b in index]
        keys = np.array(sorted(k for k, _ in items), dtype=np.int64)
        counts = np.array([n for _, n in sorted(items)], dtype=np.int64)
    else:
        keys, counts = co_intervention_arrays(network)
    wanted = low * size + high
    if not len(keys):
        return np.zeros(len(wanted), dtype=np.int64)
    found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[found] == wanted, counts[found], 0)


def co_intervention_arrays(network: Network) -> tuple[Array, Array]:
    """Pairs of organisations following cases together, as sorted keys ``u * size + v``
    (``u < v``) and the number of cases each pair shares (a case x organisation product)."""
    import scipy.sparse

    frame = network.dataset.intervention_columns().frame
    size = max(network.size, 1)
    if frame.height == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    case_codes = frame["case"].rank("dense").to_numpy().astype(np.int64) - 1
    org_codes = network.codes(frame["organisation"].to_list())
    keep = org_codes >= 0
    incidence = scipy.sparse.csr_array(
        (np.ones(int(keep.sum()), dtype=np.int64), (case_codes[keep], org_codes[keep])),
        shape=(int(case_codes.max()) + 1, size))
    incidence.data[:] = 1
    incidence.sum_duplicates()
    incidence.data[:] = 1
    shared = scipy.sparse.triu(incidence.T @ incidence, k=1).tocoo()
    keys = shared.row.astype(np.int64) * size + shared.col.astype(np.int64)
    order = np.argsort(keys)
    return keys[order], shared.data.astype(np.int64)[order]


def co_intervention_counts(network: Network) -> dict[tuple[str, str], int]:
    """For each pair of organisations, the number of cases both intervene in."""
    keys, counts = co_intervention_arrays(network)
    size, ids = max(network.size, 1), network.ids
    return {(ids[int(k) // size], ids[int(k) % size]): int(n)
            for k, n in zip(keys, counts, strict=True)}


def complementary_fields(
    network: Network, index: OfferIndex, min_support: int = 2
) -> tuple[tuple[str, str], ...]:
    """Field pairs joined by at least ``min_support`` links or shared cases, sorted."""
    support = field_pair_support(network, index)
    return tuple(sorted(pair for pair, count in support.items() if count >= min_support))


def field_pair_support(network: Network, index: OfferIndex) -> Counter[tuple[str, str]]:
    """For each pair of distinct fields, the links and cases that join them.

    A link joins fields f and g when one end offers f and the other g (counted once per
    link); a case joins them when its interventions name both.
    """
    import scipy.sparse

    labels = sorted({f for offer in index.offers for f in offer.fields}
                    | set(index.fields))
    column = {f: i for i, f in enumerate(labels)}
    org_index = network.index
    rows = [(org_index[o.organisation], column[f]) for o in index.offers for f in o.fields
            if o.organisation in org_index]
    width = len(labels)
    support: Counter[tuple[str, str]] = Counter()
    if rows and width:
        r, c = np.array(rows).T
        offers = scipy.sparse.csr_array((np.ones(len(r)), (r, c)), shape=(network.size, width))
        offers.data[:] = 1
        offers.sum_duplicates()
        offers.data[:] = 1
        u, v = network.pairs
        left, right = offers[u], offers[v]
        either = (left.T @ right).toarray()
        either = either + either.T - (left.multiply(right).T @ left.multiply(right)).toarray()
        for f, g in zip(*np.nonzero(np.triu(either, k=1)), strict=True):
            support[(labels[f], labels[g])] += int(either[f, g])
    _case_field_support(network, index, support)
    return support


def _case_field_support(network: Network, index: OfferIndex,
                        support: Counter[tuple[str, str]]) -> None:
    frame = network.dataset.intervention_columns().frame
    if frame.height == 0:
        return
    import polars as pl

    named = frame.select("case", "field").drop_nulls()
    spellings = named["field"].unique().to_list()
    label = {text: index.field_vocabulary.label(text) for text in spellings}
    per_case = (named.with_columns(pl.col("field").replace_strict(label, return_dtype=pl.String))
                .unique().group_by("case").agg(pl.col("field").sort()))
    counts: Counter[tuple[str, ...]] = Counter()
    for fields in per_case["field"].to_list():
        if len(fields) > 1:
            counts[tuple(fields)] += 1
    for fields, n in counts.items():
        for pair in combinations(fields, 2):
            support[pair] += n


def _common_publics(a: Publics, b: Publics) -> set[str] | None:
    """Publics both serve: empty set = every public; ``None`` = none in common."""
    if a is None and b is None:
        return set()
    if a is None or b is None:
        return set(b or a or ())
    common = a & b
    return set(common) if common else None
