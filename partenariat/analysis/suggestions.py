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
signature) form one group; for each key (a field, or a pair of complementary fields) one
sparse product of organisation x group incidences, computed by blocks of organisations,
gives every pair with its leaves and population summed; the linked pairs and the cases each
pair follows are found through a hashed table (:class:`_KnownPairs`); each block keeps only
the rows that can reach the first ``keep`` pairs, and the distinct pairs are counted block
by block. The result is a :class:`SuggestionTable`: a sequence whose entries
(pydantic-free frozen dataclasses) are built only when read, so a national network's
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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from partenariat.analysis.offers import FieldServing, OfferIndex, Publics, offer_index
from partenariat.errors import PartenariatError
from partenariat.lazy import Rows
from partenariat.network import Network, distinct, ranges, sorted_member, sorted_positions
from partenariat.perf import PARALLEL_FROM, in_order, side_by_side

Kind = Literal["pooling", "referral"]
Array = npt.NDArray[Any]

#: At most this many complementary field pairs (the best supported) give referral paths;
#: the table's ``complementary_left_out`` says how many were set aside.
MAX_COMPLEMENTARY = 30
#: Suggestions ranked and listed (every candidate is counted): the best 10,000 pairs.
SUGGESTIONS_KEPT = 10_000


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


class SuggestionTable(Rows[Suggestion]):
    """Every suggestion listed, ranked, held as arrays; entries are built when read.

    Behaves as a tuple of :class:`Suggestion` (see :class:`~partenariat.lazy.Rows`);
    ``total`` counts every candidate, listed or not.
    """

    def __init__(
        self,
        build: Callable[[int], Suggestion],
        order: Array,
        complementary_left_out: int = 0,
        total: int | None = None,
    ) -> None:
        super().__init__(len(order), lambda i: build(int(order[i])))
        #: Complementary field pairs supported by the network but not examined.
        self.complementary_left_out = complementary_left_out
        #: Every candidate pair found; those past the listed ones are counted, not ranked.
        self.total = len(order) if total is None else total

    @property
    def left_out(self) -> int:
        """Candidates counted but not listed."""
        return self.total - len(self)

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
    keep: int | None = None,
) -> SuggestionTable:
    """The partnerships worth creating, best first (at most ``limit``).

    Every candidate is counted (``total``); the first ``keep`` (default
    ``SUGGESTIONS_KEPT``) are ranked and can be read, the table says how many it leaves
    out.

    ``together`` gives the cases each unlinked pair follows together, when already counted
    (by :func:`partenariat.analysis.cases.cases`); otherwise they are counted here.
    """
    index = index or offer_index(network, fields)
    keep = SUGGESTIONS_KEPT if keep is None else keep
    network.prepare()
    parallel = network.size >= PARALLEL_FROM
    case_keys, case_counts = _case_arrays(network, together)
    count = len(index.fields)
    field_rank = {f: k for k, f in enumerate(index.fields)}
    key_sides: dict[int, _Key] = {}
    size = max(network.size, 1)
    selection = _Selection(keep, size)
    known = _KnownPairs(network.pair_keys, case_keys, case_counts)
    sides = _Sides(network, index)
    sides.prepare(index.fields)  # every key's fields: the threads then only read them

    def kept_of(spec: tuple[tuple[str, ...], int, int]) -> list[tuple[Array, _Chunk]]:
        names, forward, backward = spec
        found = []
        for pair, chunk in _key_chunks(
            network, index, names, (forward, backward), key_sides, sides, known
        ):
            found.append((pair, selection.kept(pair, chunk, pooling=len(names) == 1)))
        return found

    def pool() -> None:
        specs = [((f,), k, k) for k, f in enumerate(index.fields)]
        for found in in_order(kept_of, specs, parallel=parallel):
            for pair, kept in found:
                selection.record(pair, kept, pooling=True)
        selection.close_pooling()

    # Every pooling pair must be known before the first referral row is kept (a pair that
    # pools is not a referral): the pooling keys run side by side (while the complementary
    # fields are found), then the referral keys.
    _, support = side_by_side(
        pool,
        lambda: field_pair_support(network, index),
        parallel=parallel,
    )
    supported = sorted(
        (p for p, n in support.items() if n >= min_support), key=lambda p: (-support[p], p)
    )
    supported = [(f, g) for f, g in supported if f in field_rank and g in field_rank]
    complementary = supported[:MAX_COMPLEMENTARY]
    referral_specs = [
        (
            (f, g),
            count + field_rank[f] * count + field_rank[g],
            count + field_rank[g] * count + field_rank[f],
        )
        for f, g in complementary
    ]
    for found in in_order(kept_of, referral_specs, parallel=parallel):
        for pair, kept in found:
            selection.record(pair, kept, pooling=False)
    keys = _key_names(index.fields)
    rows, total = side_by_side(selection.rows, selection.total, parallel=parallel)
    evidence = _Evidence.concatenate(rows, keys, count)
    cases = evidence.chunk.cases[evidence.first]
    order = evidence.ranking(cases)[:keep]
    if limit is not None:
        order = order[:limit]

    def build(row: int) -> Suggestion:
        return evidence.suggestion(row, network, keys, key_sides, int(cases[row]))

    return SuggestionTable(build, order, len(supported) - len(complementary), total=total)


class _Selection:
    """Keeps, block after block, only the evidence rows that can reach the first ``keep``
    suggestions, and counts every candidate pair.

    A pooling pair is ranked by its pooling keys only, so a referral row of a pair that also
    pools is never eligible (pooling keys come first). A pair ranks by the cases it follows
    together, then by the population of its best row: one integer score per row
    (:func:`_scores`). Each block keeps its rows reaching the ``keep``-th best score of its
    distinct pairs (ties included), and once every key is seen only the rows reaching the
    ``keep``-th best score of all pairs are kept. No pair that can be among the first
    ``keep`` is lost: a block's ``keep`` best pairs include those of the whole ranking that
    it holds.
    """

    def __init__(self, keep: int, size: int) -> None:
        self.keep = keep
        self.size = size
        self.pairs: list[Array] = []
        self.pooling_pairs: list[Array] = []
        self.pooling: Array | None = None
        self.kept_rows: list[_Chunk] = []

    def kept(self, pair: Array, chunk: _Chunk, *, pooling: bool) -> _Chunk:
        """The rows of one block of a key (``chunk``) that can reach the first ``keep``
        (reads only: keys are examined side by side; referral keys after
        :meth:`close_pooling`)."""
        score = _scores(chunk)
        if pooling:
            return _take(chunk, _best_rows(score, pair, self.keep))
        assert self.pooling is not None, "close_pooling() comes before referral keys"
        # only the rows that can be kept are tested against the pooling pairs: those of
        # the twice ``keep`` best pairs, when ``keep`` of them are eligible
        maybe = _best_rows(score, pair, 2 * self.keep)
        eligible = maybe[~sorted_member(self.pooling, pair[maybe])]
        if len(maybe) < len(pair) and len(distinct(pair[eligible])) < self.keep:
            eligible = np.flatnonzero(~sorted_member(self.pooling, pair))
        return _take(chunk, eligible[_best_rows(score[eligible], pair[eligible], self.keep)])

    def record(self, pair: Array, kept: _Chunk, *, pooling: bool) -> None:
        """Count one block of a key's pairs and keep its selected rows (the rows a key
        keeps are among those its blocks keep: a block's ``keep`` best include the key's
        best in the block)."""
        self.pairs.append(pair)
        if pooling:
            self.pooling_pairs.append(pair)
        self.kept_rows.append(kept)

    def close_pooling(self) -> None:
        """Every pooling key is recorded: the pooling pairs, sorted, for the referral keys."""
        self.pooling = (
            distinct(np.concatenate(self.pooling_pairs))
            if self.pooling_pairs
            else np.zeros(0, dtype=np.int64)
        )

    def total(self) -> int:
        """Every candidate pair, counted once, block after block of lower organisations:
        each key's pairs are sorted runs, so a block is a slice of each run, and only one
        block's pairs are copied and hashed at a time (a single count of every candidate of
        200,000 organisations held gigabytes)."""
        if not self.pairs:
            return 0
        import polars as pl

        runs = [run for pairs in self.pairs for run in _sorted_runs(pairs)]
        blocks = max(1, -(-sum(len(run) for run in runs) // _COUNTED_AT_ONCE))
        edges = np.arange(blocks + 1, dtype=np.int64) * self.size // blocks * self.size
        cuts = [np.searchsorted(run, edges) for run in runs]
        total = 0
        for block in range(blocks):
            parts = [
                pl.Series(run[cut[block] : cut[block + 1]])
                for run, cut in zip(runs, cuts, strict=True)
                if cut[block + 1] > cut[block]
            ]
            if parts:
                total += int(pl.concat(parts, rechunk=False).n_unique())
        return total

    def rows(self) -> list[_Chunk]:
        """The kept rows that can reach the first ``keep`` pairs."""
        if not self.kept_rows:
            return []
        merged = _Chunk(
            *(np.concatenate([getattr(c, name) for c in self.kept_rows]) for name in _CHUNK_FIELDS)
        )
        pair = merged.low * self.size + merged.high
        return [_take(merged, _best_rows(_scores(merged), pair, self.keep))]


def _scores(chunk: _Chunk) -> Array:
    """Each row's rank as one integer: the cases its pair follows together, then its
    population (unknown: 0, below 2³²)."""
    population = np.where(chunk.unknown_population, 0, chunk.population)
    score: Array = (chunk.cases << 32) + population
    return score


def _best_rows(score: Array, pair: Array, keep: int) -> Array:
    """The rows whose score reaches the ``keep``-th best of the pairs' best scores (every
    row when there are at most ``keep`` pairs). The best rows are found by a partial
    sort, widened until they hold ``keep`` distinct pairs: pairs not among them score no
    more than the last of them.

    >>> _best_rows(np.array([5, 9, 9, 1, 7]), np.array([0, 1, 1, 2, 3]), 2).tolist()
    [1, 2, 4]
    """
    count = len(score)
    if count <= keep:
        return np.arange(count)
    wide = min(count, 4 * keep)
    while True:
        top = np.argpartition(score, count - wide)[count - wide :] if wide < count else None
        rows = np.arange(count) if top is None else top
        rows = rows[np.argsort(-score[rows], kind="stable")]
        _, first = np.unique(pair[rows], return_index=True)
        if len(first) >= keep:
            floor = score[rows[np.sort(first)[keep - 1]]]
            return np.flatnonzero(score >= floor)
        if wide == count:
            return np.arange(count)  # fewer than ``keep`` pairs: every row
        wide = min(count, 4 * wide)


#: Candidate pairs counted at once (a block's copy and hash table: about 200 MB).
_COUNTED_AT_ONCE = 8_000_000


def _sorted_runs(keys: Array) -> list[Array]:
    """``keys`` cut where it stops increasing: its sorted runs (views, not copies).

    >>> [run.tolist() for run in _sorted_runs(np.array([1, 4, 9, 2, 3, 3]))]
    [[1, 4, 9], [2, 3, 3]]
    """
    breaks = np.flatnonzero(keys[1:] < keys[:-1]) + 1
    return np.split(keys, breaks) if len(breaks) else [keys]


def _take(chunk: _Chunk, rows: Array) -> _Chunk:
    return _Chunk(*(getattr(chunk, name)[rows] for name in _CHUNK_FIELDS))


def _lookup(sorted_keys: Array, values: Array, wanted: Array) -> Array:
    """``values`` of ``wanted`` among ``sorted_keys``, 0 when absent (searched in order).

    >>> _lookup(np.array([2, 5, 9]), np.array([20, 50, 90]), np.array([9, 1, 5])).tolist()
    [90, 0, 50]
    """
    if not len(sorted_keys) or not len(wanted):
        return np.zeros(len(wanted), dtype=np.int64)
    found, position = sorted_positions(sorted_keys, wanted)
    result: Array = np.where(found, values[position], 0)
    return result


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
    cases: Array
    """The cases the pair follows together."""


class _KnownPairs:
    """The linked pairs and the pairs following cases together (sorted keys
    ``low * size + high``), tested for millions of candidates at once: one look into a
    table of hashed keys tells which candidates may be known, and only those (a few
    percent) are searched in the sorted keys; four times faster than searching every
    candidate.

    >>> known = _KnownPairs(np.array([3, 12]), np.array([7]), np.array([2]))
    >>> [flags.tolist() for flags in known.flags(np.array([3, 5, 7, 12]))]
    [[True, False, False, True], [0, 0, 2, 0]]
    """

    def __init__(self, linked: Array, together: Array, cases: Array) -> None:
        self.linked, self.together, self.cases = linked, together, cases
        wanted = 16 * max(len(linked) + len(together), 1)
        self.bits = min(26, max(12, int(wanted - 1).bit_length()))
        self.table = np.zeros(1 << self.bits, dtype=np.uint8)
        self.table[self._slots(linked)] |= 1
        self.table[self._slots(together)] |= 2

    def _slots(self, keys: Array) -> Array:
        mixed = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing
        slots: Array = (mixed >> np.uint64(64 - self.bits)).astype(np.intp)
        return slots

    def flags(self, keys: Array) -> tuple[Array, Array]:
        """Element-wise: is ``keys[i]`` linked? how many cases does it follow together?"""
        marks = self.table[self._slots(keys)]
        maybe = np.flatnonzero(marks & 1)
        linked = np.zeros(len(keys), dtype=bool)
        linked[maybe] = sorted_member(self.linked, keys[maybe])
        maybe = np.flatnonzero(marks & 2)
        cases = np.zeros(len(keys), dtype=np.int64)
        cases[maybe] = _lookup(self.together, self.cases, keys[maybe])
        return linked, cases


def _key_names(fields: tuple[str, ...]) -> Any:
    """Key codes: ``k`` for pooling field k, ``F + f * F + g`` for the referral (f, g)."""
    count = len(fields)

    def name(key: int) -> tuple[str, ...]:
        if key < count:
            return ("pooling", fields[key])
        f, g = divmod(key - count, count)
        return ("referral", fields[f], fields[g])

    return name


@dataclass(frozen=True)
class _FieldSides:
    """One field's leaf groups: who serves each (the serving table), an organisation x
    group incidence, and each (group, organisation) pair's publics as a mask class."""

    table: FieldServing
    incidence: Any
    classes: Array
    masks: Array

    @classmethod
    def of(cls, network: Network, index: OfferIndex, field: str, dtype: Any) -> _FieldSides:
        import scipy.sparse

        table = index.serving_table(field)
        incidence = scipy.sparse.csc_array(
            (np.ones(len(table.orgs), dtype=np.int64), (table.orgs, table.group_of_pair)),
            shape=(network.size, max(table.groups, 1)),
        )
        masks = table.masks(dtype)  # 0: every public
        distinct, classes = np.unique(masks, return_inverse=True)
        return cls(table, incidence, np.asarray(classes, dtype=np.int64).ravel(), distinct)

    def entries(self, groups: Array) -> tuple[Array, Array, Array]:
        """The pairs of each combined group (``groups[c]`` is its group on this side):
        combined group, organisation, mask class."""
        combined, at = ranges(self.table.starts[groups], self.table.starts[groups + 1])
        return combined, self.table.orgs[at], self.classes[at]


def _compatible(left: Array, right: Array) -> Array:
    """``[i, j]``: publics masks ``left[i]`` and ``right[j]`` admit a common public (a mask
    0 is every public)."""
    table = np.zeros((len(left), len(right)), dtype=bool)
    for i, a in enumerate(left.tolist()):
        for j, b in enumerate(right.tolist()):
            table[i, j] = a == 0 or b == 0 or (a & b) != 0
    return table


@dataclass(frozen=True)
class _Combined:
    """Leaf groups for a key: each a pair of field groups, with leaves and population."""

    left: Array
    right: Array
    leaves: Array
    population: Array
    unknown: Array


def _combined(index: OfferIndex, fields: tuple[str, ...]) -> _Combined | None:
    """Leaves grouped by their (left field group, right field group)."""
    left = index.leaf_groups(fields[0]).ids
    right = index.leaf_groups(fields[-1]).ids
    valid = np.flatnonzero((left >= 0) & (right >= 0))
    if not len(valid):
        return None
    width = int(right.max()) + 1
    keys, inverse = np.unique(left[valid] * width + right[valid], return_inverse=True)
    count = len(keys)
    population = np.bincount(
        inverse, weights=index.leaf_populations[valid], minlength=count
    ).astype(np.int64)
    unknown = np.bincount(inverse, weights=~index.leaf_population_known[valid], minlength=count) > 0
    return _Combined(
        keys // width, keys % width, np.bincount(inverse, minlength=count), population, unknown
    )


@dataclass
class _Key:
    """The offers behind one key: which organisations serve each leaf group on each side."""

    forward: int
    backward: int
    left_groups: Array
    right_groups: Array
    left_sides: _FieldSides
    right_sides: _FieldSides
    labels: tuple[str, ...]

    def common_publics(self, network: Network, low: int, high: int, key: int) -> set[str] | None:
        """The publics the pair (``low``, ``high``) shares over the groups of this key
        (empty: every public; ``None``: the pair shares no group for a common public)."""
        a, b = (low, high) if key == self.forward else (high, low)
        left, right = self.left_sides, self.right_sides
        mine, theirs = self._incidences
        groups = mine.indices[mine.indptr[a] : mine.indptr[a + 1]]
        other = theirs.indices[theirs.indptr[b] : theirs.indptr[b + 1]]
        if not len(groups) or not len(other):
            return None
        both = sorted(set(groups.tolist()).intersection(other.tolist()))
        found: set[str] | None = None
        for combined in both:
            common = _common_publics(
                left.table.publics_of(int(self.left_groups[combined]), a, self.labels),
                right.table.publics_of(int(self.right_groups[combined]), b, self.labels),
            )
            if common is not None:
                found = common | (found or set())
        return found

    def both_serve(self, low: int, high: int) -> bool:
        """Whether both organisations serve some leaf group of this key (each on either
        side): a quick test before :meth:`common_publics`."""
        left, right = self._serving
        return bool((left[low] and right[high]) or (left[high] and right[low]))

    @cached_property
    def _serving(self) -> tuple[Array, Array]:
        """By organisation code: does it serve a group on the left side, on the right?"""
        found = []
        for sides in (self.left_sides, self.right_sides):
            serves = np.zeros(sides.incidence.shape[0], dtype=bool)
            serves[sides.table.orgs] = True
            found.append(serves)
        return found[0], found[1]

    @cached_property
    def _incidences(self) -> tuple[Any, Any]:
        """Organisation x combined group, on each side (CSR, built for the listed
        suggestions only)."""
        left = self.left_sides.incidence[:, self.left_groups].tocsr()
        right = self.right_sides.incidence[:, self.right_groups].tocsr()
        left.sort_indices()
        right.sort_indices()
        return left, right


#: Leaves, groups of unknown population and population summed in one integer product.
_LEAF_BITS, _UNKNOWN_SHIFT, _POPULATION_SHIFT = 0xFFFF, 16, 32


class _Sides:
    """The :class:`_FieldSides` of each field, built once for all keys."""

    def __init__(self, network: Network, index: OfferIndex) -> None:
        self.network = network
        self.index = index
        self.dtype: Any = np.uint64 if len(index.publics) <= 64 else object
        self._found: dict[str, _FieldSides] = {}

    def prepare(self, fields: Iterable[str]) -> None:
        """Build the sides of ``fields`` now (threads then only read them)."""
        for field in fields:
            self[field]

    def __getitem__(self, field: str) -> _FieldSides:
        if field not in self._found:
            self._found[field] = _FieldSides.of(self.network, self.index, field, self.dtype)
        return self._found[field]


def _key_chunks(
    network: Network,
    index: OfferIndex,
    fields: tuple[str, ...],
    codes: tuple[int, int],
    keys_out: dict[int, _Key],
    sides: _Sides,
    known: _KnownPairs,
) -> Iterator[tuple[Array, _Chunk]]:
    """Every unlinked pair serving a common leaf group for a common public, for one key
    (``codes``: forward and backward), with the leaves and population summed and whether
    the pair follows cases together, each block with its pair keys ``low * size + high``:
    one sparse product, no pair loop, computed by blocks
    of organisations of about :data:`_PRODUCT_AT_ONCE` entries (the arrays of a block, not
    of a key, are held at once: memory is bounded and reused).

    Within each combined leaf group, the left offers are split by their publics (mask
    class); each right offer is placed in the column of every left class it shares a public
    with. A (left, right) couple thus meets in exactly one column when they share a public
    and in none otherwise, so the product sums each compatible group's weight once.
    """
    import scipy.sparse

    f, g = fields[0], fields[-1]
    forward, backward = codes
    groups = _combined(index, fields)
    if groups is None:
        return
    if len(index.tree.leaves) > _LEAF_BITS:
        raise PartenariatError("more than 65,535 leaf territories: too many for suggestions")
    weight = (
        groups.leaves
        + (groups.unknown.astype(np.int64) << _UNKNOWN_SHIFT)
        + (groups.population << _POPULATION_SHIFT)
    )
    left_sides, right_sides = sides[f], sides[g]
    left_c, left_org, left_class = left_sides.entries(groups.left)
    right_c, right_org, right_class = right_sides.entries(groups.right)
    width = len(left_sides.masks)
    columns, column_of = np.unique(left_c * width + left_class, return_inverse=True)
    column_starts = np.searchsorted(columns // width, np.arange(len(weight) + 1))
    entry, at = ranges(column_starts[right_c], column_starts[right_c + 1])
    compatible = _compatible(left_sides.masks, right_sides.masks)
    if not compatible.all():  # one flat lookup per (column class, right class)
        flat = compatible.ravel()
        column_class = columns % width
        keep_right = flat[column_class[at] * compatible.shape[1] + right_class[entry]]
        entry, at = entry[keep_right], at[keep_right]
    size = max(network.size, 1)
    count = max(len(columns), 1)
    left = scipy.sparse.csr_array(
        (weight[left_c], (left_org, np.asarray(column_of).ravel())), shape=(size, count)
    )
    right = scipy.sparse.csr_array(  # built transposed: the product needs no conversion
        (np.ones(len(entry), dtype=np.int64), (at, right_org[entry])), shape=(count, size)
    )
    registered = False
    for start, stop in _row_blocks(left, right, _PRODUCT_AT_ONCE):
        product = left[start:stop] @ right
        product.sort_indices()
        totals = product.tocoo()  # row-major, columns sorted: a * size + b is sorted
        a = totals.row.astype(np.int64) + start
        b, value = totals.col.astype(np.int64), totals.data
        del product, totals
        if f == g:
            keep = a < b
            low, high, value = a[keep], b[keep], value[keep]
            turned = np.zeros(len(low), dtype=bool)
        else:  # the pairs reached backward (a > b) turned to (b, a), in sorted runs
            low, high, value, turned = _low_first(a, b, value, size)
        del a, b
        pair = low * size + high  # low < high already
        linked, cases = known.flags(pair)
        unlinked = ~linked
        low, high, value, pair = low[unlinked], high[unlinked], value[unlinked], pair[unlinked]
        if not len(low):
            continue
        if not registered:
            keys_out[forward] = keys_out[backward] = _Key(
                forward,
                backward,
                groups.left,
                groups.right,
                left_sides,
                right_sides,
                index.publics,
            )
            registered = True
        yield (
            pair,
            _Chunk(
                low=low,
                high=high,
                key=np.where(turned[unlinked], backward, forward),
                leaves=value & _LEAF_BITS,
                population=value >> _POPULATION_SHIFT,
                unknown_population=((value >> _UNKNOWN_SHIFT) & _LEAF_BITS) > 0,
                cases=cases[unlinked],
            ),
        )


#: Entries of a key's product computed at once (a block's arrays: tens of megabytes).
_PRODUCT_AT_ONCE = 4_000_000


def _row_blocks(left: Any, right: Any, at_once: int) -> Iterator[tuple[int, int]]:
    """Blocks of rows of ``left @ right`` of about ``at_once`` multiplications each (an
    upper bound of the entries they make); a single row may exceed it. Rows that make
    nothing are skipped.

    >>> import scipy.sparse
    >>> left = scipy.sparse.csr_array(np.array([[1, 0], [0, 0], [1, 1], [0, 1]]))
    >>> right = scipy.sparse.csr_array(np.array([[1, 1, 1], [1, 0, 0]]))
    >>> list(_row_blocks(left, right, 4))
    [(0, 3), (3, 4)]
    """
    made = np.diff(right.indptr)[left.indices]
    done = np.r_[0, np.cumsum(made, dtype=np.int64)][left.indptr]  # before each row, and all
    working = np.flatnonzero(np.diff(done))
    if not len(working):
        return
    first, last = int(working[0]), int(working[-1]) + 1
    cuts = np.searchsorted(done, np.arange(int(done[first]) + at_once, int(done[last]), at_once))
    bounds = distinct(np.r_[first, np.clip(cuts, first, last), last])
    yield from zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)


def _low_first(a: Array, b: Array, value: Array, size: int) -> tuple[Array, Array, Array, Array]:
    """The entries with ``a != b`` as ``(low, high, value, turned)``: those with ``a < b``
    as they are (sorted, from a row-major product), then those with ``a > b`` turned to
    ``(b, a)`` and sorted by a counting sort (a CSR matrix): two sorted runs, which keep the
    later searches cache-friendly without sorting every entry.

    >>> [x.tolist() for x in _low_first(np.array([0, 2, 3]), np.array([1, 0, 1]),
    ...                                   np.array([5, 6, 7]), 4)]
    [[0, 0, 1], [1, 2, 3], [5, 6, 7], [False, True, True]]
    """
    import scipy.sparse

    up, down = a < b, a > b
    turned = scipy.sparse.csr_array((value[down], (b[down], a[down])), shape=(size, size))
    turned.sort_indices()
    back = turned.tocoo()
    return (
        np.concatenate([a[up], back.row.astype(np.int64)]),
        np.concatenate([b[up], back.col.astype(np.int64)]),
        np.concatenate([value[up], back.data]),
        np.r_[np.zeros(int(up.sum()), dtype=bool), np.ones(len(back.row), dtype=bool)],
    )


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
            merged = _Chunk(
                *(np.concatenate([getattr(c, name) for c in chunks]) for name in _CHUNK_FIELDS)
            )
        else:
            empty = np.zeros(0, dtype=np.int64)
            merged = _Chunk(empty, empty, empty, empty, empty, empty.astype(bool), empty)
        used = distinct(merged.key)
        by_name = sorted(range(len(used)), key=lambda i: keys(int(used[i])))
        rank = np.empty(len(used), dtype=np.int64)
        rank[by_name] = np.arange(len(used))
        key_rank = rank[np.searchsorted(used, merged.key)]
        population = np.where(merged.unknown_population, 0, merged.population)
        referral = merged.key >= pooling_keys
        order = np.lexsort(
            (key_rank, -merged.leaves, -population, referral, merged.high, merged.low)
        )
        merged = _Chunk(*(getattr(merged, name)[order] for name in _CHUNK_FIELDS))
        starts = np.r_[True, (np.diff(merged.low) != 0) | (np.diff(merged.high) != 0)]
        return cls(
            merged,
            np.flatnonzero(starts) if len(merged.low) else np.zeros(0, dtype=np.int64),
            pooling_keys,
        )

    def ranking(self, cases: Array) -> Array:
        """Pairs in rank order: cases, population, pooling first, then ids."""
        c, rows = self.chunk, self.first
        population = np.where(c.unknown_population[rows], 0, c.population[rows])
        referral = c.key[rows] >= self.pooling_keys
        return np.lexsort((c.high[rows], c.low[rows], referral, -population, -cases))

    def suggestion(
        self, pair: int, network: Network, keys: Any, sides: dict[int, _Key], cases: int
    ) -> Suggestion:
        c = self.chunk
        best = int(self.first[pair])
        ids = network.ids
        best_key = keys(int(c.key[best]))
        population = None if c.unknown_population[best] else int(c.population[best])
        if best_key[0] == "pooling":
            kind: Kind = "pooling"
            fields = tuple(
                sorted(
                    keys(k)[1]
                    for k in range(self.pooling_keys)
                    if k in sides
                    and sides[k].both_serve(int(c.low[best]), int(c.high[best]))
                    and sides[k].common_publics(network, int(c.low[best]), int(c.high[best]), k)
                    is not None
                )
            )
        else:
            kind = "referral"
            fields = best_key[1:]
        low, high, key = int(c.low[best]), int(c.high[best]), int(c.key[best])
        publics = sides[key].common_publics(network, low, high, key) or set()
        return Suggestion(
            (ids[low], ids[high]),
            kind,
            fields,
            tuple(sorted(publics)),
            int(c.leaves[best]),
            population,
            cases,
        )


_CHUNK_FIELDS = (
    "low",
    "high",
    "key",
    "leaves",
    "population",
    "unknown_population",
    "cases",
)


# ---------------------------------------------------------------------------- support


def _case_arrays(
    network: Network, together: Mapping[tuple[str, str], int] | None
) -> tuple[Array, Array]:
    """Pairs following cases together, as sorted keys ``u * size + v`` and case counts
    (only the unlinked ones matter: the candidates are unlinked; the analysis of cases has
    them when it ran first)."""
    from partenariat.analysis.cases import UNLINKED_PAIRS

    if together is None:
        found = network.memoised(UNLINKED_PAIRS)
        return found if found is not None else co_intervention_arrays(network)
    index, size = network.index, max(network.size, 1)
    items = sorted(
        (index[a] * size + index[b], n)
        for (a, b), n in together.items()
        if a in index and b in index
    )
    return (
        np.array([k for k, _ in items], dtype=np.int64),
        np.array([n for _, n in items], dtype=np.int64),
    )


def co_intervention_arrays(network: Network) -> tuple[Array, Array]:
    """Pairs of organisations following cases together, as sorted keys ``u * size + v``
    (``u < v``) and the number of cases each pair shares (a case x organisation product)."""
    import scipy.sparse

    frame = network.dataset.intervention_columns().frame
    size = max(network.size, 1)
    if frame.height == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    case_codes = frame["case"].rank("dense").to_numpy().astype(np.int64) - 1
    org_codes = network.codes(frame["organisation"])
    keep = org_codes >= 0
    incidence = _incidence(case_codes[keep], org_codes[keep], (int(case_codes.max()) + 1, size))
    shared = scipy.sparse.triu(incidence.T @ incidence, k=1).tocoo()
    keys = shared.row.astype(np.int64) * size + shared.col.astype(np.int64)
    order = np.argsort(keys)
    return keys[order], shared.data.astype(np.int64)[order]


def co_intervention_counts(network: Network) -> dict[tuple[str, str], int]:
    """For each pair of organisations, the number of cases both intervene in."""
    keys, counts = co_intervention_arrays(network)
    size, ids = max(network.size, 1), network.ids
    return {
        (ids[int(k) // size], ids[int(k) % size]): int(n) for k, n in zip(keys, counts, strict=True)
    }


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

    labels = sorted(index.named_fields | set(index.fields))
    column = {f: i for i, f in enumerate(labels)}
    r, named = index.organisation_fields()
    c = np.array([column[f] for f in named], dtype=np.int64)
    width = len(labels)
    support: Counter[tuple[str, str]] = Counter()
    if len(r) and width:
        offers = _incidence(r, c, (network.size, width))
        u, v = network.pairs
        left, right = offers[u], offers[v]
        either = (left.T @ right).toarray()
        either = either + either.T - (left.multiply(right).T @ left.multiply(right)).toarray()
        for f, g in zip(*np.nonzero(np.triu(either, k=1)), strict=True):
            support[(labels[f], labels[g])] += int(either[f, g])
    _case_field_support(network, index, support)
    return support


def _case_field_support(
    network: Network, index: OfferIndex, support: Counter[tuple[str, str]]
) -> None:
    """Add, for each pair of fields, the cases whose interventions name both: the product
    of the (case x field) incidence with itself, a fields x fields table (no join of each
    case's fields with themselves)."""
    frame = network.dataset.intervention_columns().frame
    if frame.height == 0:
        return
    import polars as pl

    named = frame.select("case", "field").drop_nulls()
    if named.height == 0:
        return
    spellings = named["field"].unique().to_list()
    label = {text: index.field_vocabulary.label(text) for text in spellings}
    labels = sorted(set(label.values()))
    position = {name: k for k, name in enumerate(labels)}
    code = {text: position[name] for text, name in label.items()}
    fields = named["field"].replace_strict(code, return_dtype=pl.Int64).to_numpy()
    cases = named["case"].rank("dense").to_numpy().astype(np.int64) - 1
    incidence = _incidence(cases, fields, (int(cases.max()) + 1, len(labels)))
    both = (incidence.T @ incidence).toarray()
    for f, g in zip(*np.nonzero(np.triu(both, k=1)), strict=True):
        support[(labels[f], labels[g])] += int(both[f, g])


def _incidence(rows: Array, columns: Array, shape: tuple[int, int]) -> Any:
    """A 0/1 matrix (CSR) with a 1 at each ``(rows[i], columns[i])``, however often given
    (a case names a field once, however many interventions name it).

    >>> _incidence(np.array([0, 0, 1]), np.array([1, 1, 0]), (2, 2)).toarray().tolist()
    [[0, 1], [1, 0]]
    """
    import scipy.sparse

    matrix = scipy.sparse.csr_array(
        (np.ones(len(rows), dtype=np.int64), (rows, columns)), shape=shape
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def _common_publics(a: Publics, b: Publics) -> set[str] | None:
    """Publics both serve: empty set = every public; ``None`` = none in common."""
    if a is None and b is None:
        return set()
    if a is None or b is None:
        return set(b or a or ())
    common = a & b
    return set(common) if common else None
