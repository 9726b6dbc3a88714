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

How they are found: single-threaded, ranking only the first ``keep`` pairs, never holding
every candidate. Leaves served by the same organisations (the same signature) form a group
of each field. A *turn* is a key seen from the lower organisation code of a pair: a field
both offer (pooling), or a complementary pair (f, g) either way round, the lower
organisation offering f and the higher g or the reverse; two fields meet in their
*combined* groups (leaves of one group of each). A pair meets on a turn where the two offer
the turn's fields in one combined group for a common public; its *evidence* there is the
leaves and population of those groups. It is ranked and shown by its best evidence
(pooling first, then population, leaves, key name). :class:`_Layout` holds each field's
offers sorted by organisation, each turn's way from a group to the combined groups it
meets, and each organisation's *reach* in a field: the population of the groups it serves,
which no evidence of its pairs in that field exceeds.

- ``total`` is exact, and costs no list of candidates: the couples of organisations that
  meet are the non-zeros of one sparse product (offers x groups met x offers, with a slot
  per public so that only a common public meets), which scipy's symbolic product counts
  with the memory of one row; the linked pairs ride along in the same product and are
  taken off (:meth:`_Layout._count`).
- Pairs following cases together rank before every other; they are listed by the cases,
  so they are looked up directly (:func:`_with_cases`): level by level of cases, most
  first, in a level by decreasing bound (the smaller reach of the two), the turns each
  pair may meet on, then its evidence there, until the ``keep``-th pair kept ranks before
  every pair left.
- Only when fewer than ``keep`` are found are the others enumerated
  (:func:`_without_cases`): organisation by organisation, each as the lower code of its
  pairs, in decreasing order of its reach, by sparse products of a few rows at a time;
  the enumeration stops as soon as the ``keep``-th pair kept ranks before anything the
  next organisations can make (ties included: pooling first, then ids), so a crowd of
  equal pairs (one commune, one field) costs its first rows only.

The memory held is that of the offers and of one block of rows or pairs, whatever the
shape of the network (a star, a clique, a bipartite block of 20,000 organisations: under
200 MB). The result is a :class:`SuggestionTable`: a sequence whose entries (pydantic-free
frozen dataclasses) are built only when read.

Examples:
    >>> from partenariat.model import Dataset, Link, Organisation
    >>> from partenariat.network import Network
    >>> org = lambda i, f: Organisation(id=i, name=i.upper(), territories=("T",), fields=(f,))
    >>> data = Dataset(organisations=(org("a", "logement"), org("b", "logement"),
    ...                               org("h", "hébergement"), org("x", "hébergement")),
    ...                links=(Link(source="a", target="h"), Link(source="b", target="x")))
    >>> found = suggestions(Network(data), min_support=2)
    >>> for s in found:
    ...     print(s.organisations, s.kind, s.fields)
    ('a', 'b') pooling ('logement',)
    ('h', 'x') pooling ('hébergement',)
    ('a', 'x') referral ('logement', 'hébergement')
    ('b', 'h') referral ('logement', 'hébergement')
    >>> found.total, len(suggestions(Network(data), keep=1)), suggestions(Network(data)).total
    (4, 1, 4)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from partenariat.analysis.offers import FieldServing, OfferIndex, Publics, offer_index
from partenariat.errors import PartenariatError
from partenariat.lazy import Rows
from partenariat.network import Network, ranges, sorted_member

Kind = Literal["pooling", "referral"]
Array = npt.NDArray[Any]

#: At most this many complementary field pairs (the best supported) give referral paths;
#: the table's ``complementary_left_out`` says how many were set aside.
MAX_COMPLEMENTARY = 30
#: Suggestions ranked and listed (every candidate is counted): the best 10,000 pairs.
SUGGESTIONS_KEPT = 10_000

#: Offers looked up at once for pairs following cases together (:func:`_with_cases`,
#: those of the organisation with fewer: a few arrays of about this length).
_COUNTED_AT_ONCE = 2_000_000
#: Pairs following cases together looked up at once: ``keep``, or this many if more
#: (and fewer when their offers pass :data:`_COUNTED_AT_ONCE`).
_FIRST_PAIRS = 4096
#: Multiplications of a block of rows (:func:`_without_cases`) at most: the first block
#: makes a sixteenth of it, each next one twice the last.
_PRODUCT_AT_ONCE = 2_000_000


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
    """The suggestions listed, ranked, held as arrays; entries are built when read.

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
        #: Every candidate pair (exact); those past the listed ones are counted, not ranked.
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

    Every candidate is counted exactly (``total``); the first ``keep`` (default
    ``SUGGESTIONS_KEPT``) are ranked and can be read, the table says how many it leaves
    out. Only those are looked for: pairs following cases together first, then, if fewer
    than ``keep`` of them are candidates, the others by decreasing population bound (see
    the module's docstring).

    ``together`` gives the cases each unlinked pair follows together, when already counted
    (by :func:`partenariat.analysis.cases.cases`); otherwise they are counted here.
    """
    index = index or offer_index(network, fields)
    keep = SUGGESTIONS_KEPT if keep is None else max(keep, 0)
    case_keys, case_counts = _case_arrays(network, together)
    linked = network.pair_keys
    if len(case_keys) and len(linked):
        unlinked = ~sorted_member(linked, case_keys)
        case_keys, case_counts = case_keys[unlinked], case_counts[unlinked]
    support = field_pair_support(network, index)
    supported = sorted(
        (p for p, n in support.items() if n >= min_support), key=lambda p: (-support[p], p)
    )
    field_rank = {f: k for k, f in enumerate(index.fields)}
    supported = [(f, g) for f, g in supported if f in field_rank and g in field_rank]
    complementary = supported[:MAX_COMPLEMENTARY]
    layout = _Layout(network, index, complementary)
    total = layout.total
    found = _with_cases(layout, case_keys, case_counts, keep)
    if len(found) < keep:
        rest = _without_cases(layout, keep - len(found), case_keys, linked)
        found = _Found.concatenate([found, rest])
    order = found.ranking(layout)[:keep]
    if limit is not None:
        order = order[:limit]

    def build(row: int) -> Suggestion:
        return layout.suggestion(found, row)

    return SuggestionTable(build, order, len(supported) - len(complementary), total=total)


# ---------------------------------------------------------------------------- evidence

#: Leaves, groups of unknown population and population summed in one integer product.
_LEAF_BITS, _UNKNOWN_SHIFT, _POPULATION_SHIFT = 0xFFFF, 16, 32
#: Keys ranked at most (a key's rank by name fits in the low bits of a row's score).
_KEY_BITS = 15


def _population(value: Array) -> Array:
    """The population of packed evidence, 0 when some leaf's population is unknown (the
    rank uses it so).

    >>> _population(np.array([(700 << 32) + 2, (700 << 32) + (1 << 16) + 2])).tolist()
    [700, 0]
    """
    unknown = ((value >> _UNKNOWN_SHIFT) & _LEAF_BITS) > 0
    population: Array = np.where(unknown, 0, value >> _POPULATION_SHIFT)
    return population


@dataclass(frozen=True)
class _Found:
    """Candidate pairs with their best evidence: ``low < high`` (codes), the turn of the
    best evidence (``key``, see :class:`_Layout`), its packed value (leaves,
    unknown-population groups, population) and the cases the pair follows together."""

    low: Array
    high: Array
    key: Array
    value: Array
    cases: Array

    def __len__(self) -> int:
        return len(self.low)

    @classmethod
    def empty(cls) -> _Found:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none, none, none)

    @classmethod
    def concatenate(cls, parts: list[_Found]) -> _Found:
        return cls(*(np.concatenate([getattr(p, name) for p in parts]) for name in _FOUND_FIELDS))

    def take(self, rows: Array) -> _Found:
        return _Found(*(getattr(self, name)[rows] for name in _FOUND_FIELDS))

    def ranking(self, layout: _Layout) -> Array:
        """Rows in rank order: cases, population, pooling first, then ids."""
        referral = layout.referral[self.key]
        return np.lexsort((self.high, self.low, referral, -_population(self.value), -self.cases))

    def best(self, layout: _Layout, keep: int) -> _Found:
        """The first ``keep`` rows in rank order."""
        if len(self) <= keep:
            return self
        return self.take(self.ranking(layout)[:keep])


_FOUND_FIELDS = ("low", "high", "key", "value", "cases")


def _best_of_each(group: Array, score: Array) -> Array:
    """The row of highest ``score`` of each run of equal ``group`` values (runs are
    contiguous; scores are distinct within a run).

    >>> _best_of_each(np.array([4, 4, 4, 7, 9, 9]), np.array([1, 5, 2, 3, 8, 6])).tolist()
    [1, 3, 4]
    """
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    best = np.maximum.reduceat(score, starts)
    run = np.cumsum(np.r_[True, group[1:] != group[:-1]]) - 1
    return np.flatnonzero(score == best[run])


@dataclass(frozen=True)
class _FieldTable:
    """One field's offers by leaf group (its serving table), also sorted by organisation
    (``org``, ``group``, publics ``mask``; the offers of organisation ``o`` are
    ``indptr[o]:indptr[o + 1]``), with each group's packed ``weight`` (leaves,
    unknown-population leaves, population)."""

    sides: _FieldSides
    groups: int
    weight: Array
    org: Array
    group: Array
    mask: Array
    indptr: Array

    @classmethod
    def of(cls, sides: _FieldSides, weight: Array, size: int) -> _FieldTable:
        table = sides.table
        orgs = table.orgs
        order = _stable_order(orgs, size)  # groups stay in order within each
        group = table.group_of_pair[order]
        groups = max(table.groups, 1)
        counts = np.bincount(orgs, minlength=size)
        return cls(
            sides,
            groups,
            weight,
            orgs[order],
            group,
            sides.masks[order],
            np.r_[0, np.cumsum(counts)].astype(np.int64),
        )

    @cached_property
    def reach(self) -> Array:
        """Per organisation, the population of the groups it serves in this field."""
        population = (self.weight >> _POPULATION_SHIFT)[self.group]
        return np.bincount(self.org, weights=population, minlength=len(self.indptr) - 1).astype(
            np.int64
        )

    @property
    def serving(self) -> Array:
        """The organisations with an offer in this field (a mask by code)."""
        found: Array = np.diff(self.indptr) > 0
        return found


@dataclass(frozen=True)
class _Turn:
    """An oriented key: the key of a pair whose *lower* organisation offers field ``low``
    and the higher one field ``high`` (positions in the index's fields; equal for
    pooling), with its key ``code``. A referral turn goes through the combined groups of
    its two fields (``groups``: each one's group of ``low``, group of ``high`` and packed
    weight); pooling goes through the field's own groups."""

    code: int
    low: int
    high: int
    groups: _Combined | None
    weight: Array

    def way(self, from_low: bool, low_groups: int, high_groups: int) -> tuple[Array, Array, Array]:
        """From a group on one side (``from_low``: the side of ``low``) to the combined
        groups it meets: ``(indptr by group, combined group, group on the other side)``."""
        assert self.groups is not None
        mine = self.groups.left if from_low else self.groups.right
        theirs = self.groups.right if from_low else self.groups.left
        order = np.argsort(mine, kind="stable")
        count = low_groups if from_low else high_groups
        indptr = np.searchsorted(mine[order], np.arange(count + 1)).astype(np.int64)
        return indptr, order.astype(np.int64), theirs[order]


class _Layout:
    """The offers of every field and every key, built once per call, and the exact count
    of the candidates (``total``).

    ``tables[k]`` holds the offers of field k (:class:`_FieldTable`); ``turns[j]`` the
    oriented keys (:class:`_Turn`): one per field for pooling, two per complementary pair
    (the lower organisation on either field). A pair ``(a, b)`` (``a < b``) *meets* on
    turn j where ``a`` offers ``low`` and ``b`` offers ``high`` in one combined group for
    a common public; its evidence there is the packed weight of those groups, summed.
    """

    def __init__(
        self, network: Network, index: OfferIndex, complementary: list[tuple[str, str]]
    ) -> None:
        self.network = network
        self.index = index
        size = self.size = max(network.size, 1)
        count = self.fields = len(index.fields)
        sides = _Sides(network, index)
        self.dtype = sides.dtype
        #: The offers behind each key code (both codes of a referral pair share one).
        self.keys: dict[int, _Key] = {}
        self.tables: list[_FieldTable | None] = []
        self.turns: list[_Turn] = []
        for k, field in enumerate(index.fields):
            combined = _combined(index, (field,))
            if combined is None:
                self.tables.append(None)
                continue
            self._check(index)
            side = sides[field]
            weight = _packed(combined)
            self.tables.append(_FieldTable.of(side, weight, size))
            self.keys[k] = _Key(k, k, combined.left, combined.right, side, side, index.publics)
            self.turns.append(_Turn(k, k, k, None, weight))
        rank = {f: k for k, f in enumerate(index.fields)}
        for f, g in complementary:
            combined = _combined(index, (f, g))
            if combined is None:
                continue
            self._check(index)
            forward = count + rank[f] * count + rank[g]
            backward = count + rank[g] * count + rank[f]
            self.keys[forward] = self.keys[backward] = _Key(
                forward,
                backward,
                combined.left,
                combined.right,
                sides[f],
                sides[g],
                index.publics,
            )
            weight = _packed(combined)
            self.turns.append(_Turn(forward, rank[f], rank[g], combined, weight))
            turned = _Combined(
                combined.right,
                combined.left,
                combined.leaves,
                combined.population,
                combined.unknown,
            )
            self.turns.append(_Turn(backward, rank[g], rank[f], turned, weight))
        if len(self.turns) >= 1 << _KEY_BITS:
            raise PartenariatError("too many fields for suggestions")
        self.code = np.array([t.code for t in self.turns], dtype=np.int64)
        self.low = np.array([t.low for t in self.turns], dtype=np.int64)
        self.high = np.array([t.high for t in self.turns], dtype=np.int64)
        by_code = {t.code: j for j, t in enumerate(self.turns)}
        #: Each turn seen from the higher organisation (the same key for pooling).
        self.partner = np.array([by_code[self._other(t.code)] for t in self.turns], dtype=np.int64)
        self.referral = self.code >= count
        named = [self.name(t.code) for t in self.turns]
        by_name = sorted(range(len(named)), key=named.__getitem__)
        self.key_rank = np.empty(len(named), dtype=np.int64)
        self.key_rank[by_name] = np.arange(len(named))
        self._ways: dict[tuple[int, bool], tuple[Array, Array, Array]] = {}
        self._matrices: dict[int, tuple[Any, Any]] = {}
        self._organisation_fields()
        self.total = self._count(network) if self.turns else 0

    @staticmethod
    def _check(index: OfferIndex) -> None:
        if len(index.tree.leaves) > _LEAF_BITS:
            raise PartenariatError("more than 65,535 leaf territories: too many for suggestions")

    def _other(self, code: int) -> int:
        """The other orientation of a key code."""
        count = self.fields
        if code < count:
            return code
        f, g = divmod(code - count, count)
        return count + g * count + f

    def name(self, code: int) -> tuple[str, ...]:
        """``("pooling", field)`` or ``("referral", field of low, field of high)``."""
        fields = self.index.fields
        if code < self.fields:
            return ("pooling", fields[code])
        f, g = divmod(code - self.fields, self.fields)
        return ("referral", fields[f], fields[g])

    def _organisation_fields(self) -> None:
        """Every offer of every field in one table sorted by organisation, then by global
        group (the field's first group plus its group): ``offer_keys`` (``organisation *
        groups + global group``), ``offer_group``, ``offer_mask``. Its runs of one
        organisation in one field are the *segments*, listed as ``field_keys``
        (``organisation * fields + field``, sorted) with ``field_start`` and the
        population they serve (``field_reach``: no pair has more evidence in that field),
        ``field_indptr`` by organisation. ``turns_of`` lists the turns by lower field
        (``turn_indptr``)."""
        tables = [(k, t) for k, t in enumerate(self.tables) if t is not None]
        widths = np.zeros(self.fields, dtype=np.int64)
        for k, table in tables:
            widths[k] = table.groups
        self.group_offset = np.r_[0, np.cumsum(widths)].astype(np.int64)
        self.all_groups = max(int(self.group_offset[-1]), 1)
        org = _joined([t.org for _, t in tables], np.int64)
        group = _joined([t.group + self.group_offset[k] for k, t in tables], np.int64)
        field = _joined([np.full(len(t.org), k, dtype=np.int64) for k, t in tables], np.int64)
        mask = _joined([t.mask for _, t in tables], self.dtype)
        population = _joined(
            [(t.weight >> _POPULATION_SHIFT)[t.group] for _, t in tables], np.int64
        )
        order = _stable_order(org, self.size)
        org, group, field = org[order], group[order], field[order]
        self.offer_keys = org * self.all_groups + group
        self.offer_group, self.offer_mask = group, mask[order]
        starts = np.flatnonzero(np.r_[True, (org[1:] != org[:-1]) | (field[1:] != field[:-1])])
        starts = starts[starts < len(org)]
        self.field_start = np.r_[starts, len(org)].astype(np.int64)
        owner = org[starts]
        self.field_of = field[starts]
        self.field_keys = owner * max(self.fields, 1) + self.field_of
        self.field_reach = (
            np.add.reduceat(population[order], starts) if len(starts) else owner.copy()
        )
        counts = np.bincount(owner, minlength=self.size)
        self.field_indptr = np.r_[0, np.cumsum(counts)].astype(np.int64)
        lows = np.argsort(self.low, kind="stable")
        self.turns_of = lows.astype(np.int64)
        self.turn_indptr = np.searchsorted(self.low[lows], np.arange(self.fields + 1)).astype(
            np.int64
        )
        self._ways_of_turns()

    def _ways_of_turns(self) -> None:
        """From each group of each turn's side (``way_base[turn, 0]`` plus a group of its
        lower field, ``way_base[turn, 1]`` plus one of its higher field) to the combined
        groups it meets: ``way_start``, ``way_stop`` into ``way_weight`` (each combined
        group's packed weight) and ``way_other`` (the group met on the other side)."""
        starts, stops, weights, others = [], [], [], []
        self.way_base = np.zeros((len(self.turns), 2), dtype=np.int64)
        rows = entries = 0
        for j, turn in enumerate(self.turns):
            low, high = self.sides(j)
            for side in (0, 1) if turn.groups is not None else (0,):
                if turn.groups is None:
                    indptr = np.arange(low.groups + 1, dtype=np.int64)
                    combined = other = np.arange(low.groups, dtype=np.int64)
                else:
                    indptr, combined, other = turn.way(side == 0, low.groups, high.groups)
                self.way_base[j, side:] = rows
                starts.append(indptr[:-1] + entries)
                stops.append(indptr[1:] + entries)
                weights.append(turn.weight[combined])
                others.append(other)
                rows += len(indptr) - 1
                entries += len(combined)
        self.way_start, self.way_stop = _joined(starts, np.int64), _joined(stops, np.int64)
        self.way_weight, self.way_other = _joined(weights, np.int64), _joined(others, np.int64)

    def sides(self, turn: int) -> tuple[_FieldTable, _FieldTable]:
        """The tables of a turn's lower and higher fields."""
        t = self.turns[turn]
        low, high = self.tables[t.low], self.tables[t.high]
        if low is None or high is None:  # pragma: no cover - a turn has both
            raise PartenariatError("a key without offers")
        return low, high

    def way(self, turn: int, from_low: bool) -> tuple[Array, Array, Array]:
        """See :meth:`_Turn.way` (cached)."""
        found = self._ways.get((turn, from_low))
        if found is None:
            low, high = self.sides(turn)
            found = self.turns[turn].way(from_low, low.groups, high.groups)
            self._ways[(turn, from_low)] = found
        return found

    # ------------------------------------------------------------------------ counting

    def _count(self, network: Network) -> int:
        """Every candidate pair, counted exactly without listing any.

        Two offers meet where they share a group (through the combined groups of a
        referral) and a public. For the publics, each group of each field has slots: X, Y
        and one per public. An offer of the lower field of a turn (on the right) is in X
        and Y when for every public, else in X and its publics' slots; an offer of the
        higher field (on the left) is in X when for every public, else in Y and its
        publics' slots: two offers share a slot exactly when they have a public in common.

        ``right`` (organisations x slots) holds each organisation's offers on the right;
        ``steps`` (slots x slots) leads each slot of a group to the same slot of every
        group it meets on some turn whose lower field is the group's (itself, for pooling);
        ``left`` (slots x organisations) the offers on the left. ``steps @ left`` lists, per
        slot, the organisations met through any turn: one sparse product merges every turn.
        The linked pairs are added as columns of their own (an organisation's partners on
        the right, itself on the left), so that one symbolic product of ``right`` and
        ``steps @ left`` (:func:`_symbolic_nonzeros`) counts the couples meeting or linked;
        less the linked couples and each organisation meeting itself (every organisation
        with an offer, in the pooling key of its field), halved (each pair meets in both
        orders).
        """

        adjacency = network.csr
        size = self.size
        present = _present_publics(self.offer_mask)
        slots = 2 + len(present)
        width = slots * self.all_groups
        meetings = _csr(*self._steps(slots), (width, width)) @ _csr(
            *self._left_form(present, slots), (width, size)
        )
        dtype = _index_dtype(meetings.nnz + size, width + size)
        left_indptr = np.empty(width + size + 1, dtype=dtype)
        left_indptr[: width + 1] = meetings.indptr
        left_indptr[width + 1 :] = np.arange(meetings.nnz + 1, meetings.nnz + size + 1)
        left_indices = np.empty(meetings.nnz + size, dtype=dtype)
        left_indices[: meetings.nnz] = meetings.indices
        left_indices[meetings.nnz :] = np.arange(size)
        del meetings
        right_indptr, right_indices = self._right_form(present, slots, adjacency, width)
        meeting = _symbolic_nonzeros(
            size, size, right_indptr, right_indices, left_indptr, left_indices, width + size
        )
        itself = int(np.count_nonzero(np.diff(self.field_indptr)))
        return (meeting - itself - int(adjacency.nnz)) // 2

    def _slot(self, slots: int, field: Array, slot: Any, group: Array) -> Array:
        """The global slot of ``group`` of ``field`` (``slots`` per group; a field's slots
        are slot-major)."""
        widths = np.diff(self.group_offset)
        found: Array = slots * self.group_offset[field] + slot * widths[field] + group
        return found

    def _steps(self, slots: int) -> tuple[Array, Array]:
        """``steps`` as CSR arrays ``(indices, indptr)``: from each slot of a group
        to the same slot of each group it meets on a turn whose lower field is its own.
        The groups met are gathered field by field (turns merged by group), then written
        slot by slot: the rows come in order, no sort of the whole."""
        rows, columns = [], []
        for field in range(self.fields):
            turns = self.turns_of[self.turn_indptr[field] : self.turn_indptr[field + 1]]
            if not len(turns):
                continue
            groups, others, highs = [], [], []
            for j in turns.tolist():
                turn, low = self.turns[j], self.sides(j)[0]
                if turn.groups is None:
                    group = other = np.arange(low.groups, dtype=np.int64)
                else:
                    indptr, _, other = self.way(j, True)
                    group = np.repeat(np.arange(low.groups, dtype=np.int64), np.diff(indptr))
                groups.append(group)
                others.append(other)
                highs.append(np.full(len(other), turn.high, dtype=np.int64))
            group, other, high = (
                np.concatenate(groups),
                np.concatenate(others),
                np.concatenate(highs),
            )
            order = np.argsort(group, kind="stable")
            group, other, high = group[order], other[order], high[order]
            for slot in range(slots):
                rows.append(self._slot(slots, np.array([field]), slot, group))
                columns.append(self._slot(slots, high, slot, other))
        row = _joined(rows, np.int64)
        counts = np.bincount(row, minlength=slots * self.all_groups)
        return _joined(columns, np.int64), np.r_[0, np.cumsum(counts)]

    def _left_form(self, present: list[int], slots: int) -> tuple[Array, Array]:
        """``left`` as CSR arrays ``(indices, indptr)``: per slot, the organisations whose
        offer of the group is there on the left (X for every public, else Y and its
        publics' slots); made field by field, slot by slot, in group order (the serving
        tables' order)."""
        rows, columns = [], []
        for field, table in enumerate(self.tables):
            if table is None:
                continue
            serving = table.sides.table
            group, orgs = serving.group_of_pair, serving.orgs
            mask = table.sides.masks
            universal = np.asarray(mask == 0, dtype=bool)
            some = np.flatnonzero(~universal)
            masks = mask[some]
            chosen = [universal, some, *(some[_has_public(masks, p)] for p in present)]
            for slot, rows_of_slot in enumerate(chosen):
                rows.append(self._slot(slots, np.array([field]), slot, group[rows_of_slot]))
                columns.append(orgs[rows_of_slot])
        row = _joined(rows, np.int64)
        counts = np.bincount(row, minlength=slots * self.all_groups)
        return _joined(columns, np.int64), np.r_[0, np.cumsum(counts)]

    def _right_form(
        self, present: list[int], slots: int, adjacency: Any, width: int
    ) -> tuple[Array, Array]:
        """``right`` as CSR arrays (``indptr``, ``indices``): per organisation, the slots of
        its offers on the right (X, and Y when for every public, else its publics'), then
        the linked columns of its partners; made in organisation order, no sort."""
        size = self.size
        mask = self.offer_mask
        field = np.repeat(self.field_of, np.diff(self.field_start))
        group = self.offer_group - self.group_offset[field]
        universal = np.asarray(mask == 0, dtype=bool)
        made = np.where(universal, 2, 1 + _bit_counts(mask))
        before = np.r_[0, np.cumsum(made)].astype(np.int64)
        offers = self.field_start[self.field_indptr]
        own = before[offers[1:]] - before[offers[:-1]]
        degree = np.diff(adjacency.indptr).astype(np.int64)
        indptr = np.r_[0, np.cumsum(own + degree)].astype(np.int64)
        owner = np.repeat(np.arange(size, dtype=np.int64), np.diff(offers))
        start = before[:-1] + (indptr[:-1] - before[offers[:-1]])[owner]
        indices = np.empty(int(indptr[-1]), dtype=np.int64)
        indices[start] = self._slot(slots, field, 0, group)
        indices[start[universal] + 1] = self._slot(slots, field[universal], 1, group[universal])
        some = np.flatnonzero(~universal)
        masks, filled = mask[some], np.ones(len(some), dtype=np.int64)
        for slot, public in enumerate(present, start=2):
            has = _has_public(masks, public)
            chosen = some[has]
            indices[start[chosen] + filled[has]] = self._slot(
                slots, field[chosen], slot, group[chosen]
            )
            filled[has] += 1
        partner_of = np.repeat(np.arange(size, dtype=np.int64), degree)
        at = (indptr[:-1] + own)[partner_of] + (
            np.arange(len(partner_of), dtype=np.int64) - adjacency.indptr[partner_of]
        )
        indices[at] = width + adjacency.indices
        dtype = _index_dtype(len(indices), width + size)
        return indptr.astype(dtype), indices.astype(dtype)

    # ------------------------------------------------------------------------ look-ups

    def meeting_turns(self, a: Array, b: Array) -> tuple[Array, Array, Array, Array]:
        """The turns on which given pairs ``(a[i], b[i])`` (``a[i] < b[i]``) may meet: those
        whose lower field ``a[i]`` offers and higher field ``b[i]`` offers, as (position of
        the pair, turn, segment of ``a[i]``, segment of ``b[i]``), sorted by pair."""
        pair, mine = _expand(self.field_indptr[a], self.field_indptr[a + 1])
        field = self.field_of[mine]
        higher = (b * max(self.fields, 1))[pair]  # the key of b's segments, but the field
        row, place = _expand(self.turn_indptr[field], self.turn_indptr[field + 1])
        turn = self.turns_of[place]
        wanted = higher[row] + self.high[turn]
        theirs = np.minimum(np.searchsorted(self.field_keys, wanted), len(self.field_keys) - 1)
        hit = np.flatnonzero(self.field_keys[theirs] == wanted) if len(theirs) else theirs
        row = row[hit]
        return pair[row], turn[hit], mine[row], theirs[hit]

    def evidence(self, turn: Array, mine: Array, theirs: Array) -> Array:
        """The evidence (packed value, 0 when they do not meet) of the lower organisation's
        segment ``mine[i]`` facing the higher one's segment ``theirs[i]`` on ``turn[i]``:
        the offers of the shorter segment are followed to the groups of the other field
        they meet, each looked for among the other organisation's offers (one binary
        search), the publics compared by masks; every turn at once."""
        size = np.diff(self.field_start)
        turned = size[mine] > size[theirs]  # looked from the higher organisation
        source = np.where(turned, theirs, mine)
        target = np.where(turned, mine, theirs)
        # per pair: from a global group of the source to its row of ways; the key of the
        # target's offers but for the group met
        shift = (
            self.way_base[turn, turned.astype(np.int64)] - self.group_offset[self.field_of[source]]
        )
        base = (self.field_keys[target] // max(self.fields, 1)) * self.all_groups + (
            self.group_offset[self.field_of[target]]
        )
        row, at = _expand(self.field_start[source], self.field_start[source + 1])
        value = np.zeros(len(turn), dtype=np.int64)
        if not len(at):
            return value
        group = self.offer_group[at] + shift[row]
        step, place = _expand(self.way_start[group], self.way_stop[group])
        row, at = row[step], at[step]
        wanted = base[row] + self.way_other[place]
        found = np.minimum(np.searchsorted(self.offer_keys, wanted), len(self.offer_keys) - 1)
        hit = np.flatnonzero(self.offer_keys[found] == wanted)
        hit = hit[_meet(self.offer_mask[at[hit]], self.offer_mask[found[hit]])]
        if len(hit):
            row, weight = row[hit], self.way_weight[place[hit]]
            starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
            value[row[starts]] = np.add.reduceat(weight, starts)
        return value

    def score(self, turn: Array, value: Array) -> Array:
        """Each piece of evidence as one integer, higher is better for the pair: pooling
        first, then population (0 when unknown), leaves, key name."""
        score: Array = (
            ((~self.referral[turn]).astype(np.int64) << 62)
            | (_population(value) << 31)
            | ((value & _LEAF_BITS) << _KEY_BITS)
            | ((1 << _KEY_BITS) - 1 - self.key_rank[turn])
        )
        return score

    @cached_property
    def reach(self) -> tuple[Array, Array, Array]:
        """Per organisation: the population it serves in its best pooling field and in its
        best field of a referral turn (-1: none), and the larger: no pair whose lower
        organisation it is has more evidence of that kind."""
        pooling = np.full(self.size, -1, dtype=np.int64)
        referral = np.full(self.size, -1, dtype=np.int64)
        refers = np.zeros(self.fields, dtype=bool)
        refers[self.low[self.referral]] = True
        for k, table in enumerate(self.tables):
            if table is None:
                continue
            reach = np.where(table.serving, table.reach, -1)
            np.maximum(pooling, reach, out=pooling)
            if refers[k]:
                np.maximum(referral, reach, out=referral)
        return pooling, referral, np.maximum(pooling, referral)

    def matrices(self, turn: int) -> tuple[Any, Any]:
        """One turn's incidences for products: organisations x columns (the lower field's
        offers, weighted) and columns x organisations (the higher field's, in every
        column whose publics admit one of theirs), built when first asked."""
        found = self._matrices.get(turn)
        if found is None:
            t = self.turns[turn]
            low, high = self.sides(turn)
            if t.groups is None:
                left_ids = right_ids = np.arange(low.groups, dtype=np.int64)
            else:
                left_ids, right_ids = t.groups.left, t.groups.right
            found = self._matrices[turn] = _key_incidences(
                self.size,
                t.weight,
                low.sides.entries(left_ids),
                high.sides.entries(right_ids),
            )
        return found

    def products(self) -> Array:
        """Per organisation, about the multiplications its row makes in the products of
        its turns (those of its pooling fields, once per turn whose lower field it is: a
        measure for cutting rows into blocks)."""
        made = np.zeros(self.size, dtype=np.int64)
        turns = np.diff(self.turn_indptr)
        for field, table in enumerate(self.tables):
            if table is not None:
                served = np.diff(table.sides.table.starts)[table.group]
                before = np.r_[0, np.cumsum(served)]
                made += (before[table.indptr[1:]] - before[table.indptr[:-1]]) * turns[field]
        return made

    # ------------------------------------------------------------------------ reading

    def suggestion(self, found: _Found, row: int) -> Suggestion:
        """The suggestion of one row of ``found``."""
        network = self.network
        low, high = int(found.low[row]), int(found.high[row])
        code = int(self.code[found.key[row]])
        value = int(found.value[row])
        name = self.name(code)
        unknown = (value >> _UNKNOWN_SHIFT) & _LEAF_BITS
        if name[0] == "pooling":
            kind: Kind = "pooling"
            fields = tuple(
                sorted(
                    self.index.fields[k]
                    for k in range(self.fields)
                    if k in self.keys
                    and self.keys[k].both_serve(low, high)
                    and self.keys[k].common_publics(network, low, high, k) is not None
                )
            )
        else:
            kind = "referral"
            fields = name[1:]
        publics = self.keys[code].common_publics(network, low, high, code) or set()
        return Suggestion(
            (network.ids[low], network.ids[high]),
            kind,
            fields,
            tuple(sorted(publics)),
            value & _LEAF_BITS,
            None if unknown else value >> _POPULATION_SHIFT,
            int(found.cases[row]),
        )


def _packed(combined: _Combined) -> Array:
    """Each combined group's leaves, unknown-population leaves and population, packed."""
    packed: Array = (
        combined.leaves
        + (combined.unknown.astype(np.int64) << _UNKNOWN_SHIFT)
        + (combined.population << _POPULATION_SHIFT)
    )
    return packed


def _index_dtype(*largest: int) -> Any:
    """int32 when every index fits (half the memory to read), else int64."""
    return np.int32 if max(largest) < np.iinfo(np.int32).max else np.int64


def _csr(indices: Array, indptr: Array, shape: tuple[int, int]) -> Any:
    """A 0/1 CSR matrix of these arrays, with the smallest index type that fits."""
    import scipy.sparse

    dtype = _index_dtype(len(indices), *shape)
    return scipy.sparse.csr_array(
        (np.ones(len(indices), dtype=bool), indices.astype(dtype), indptr.astype(dtype)),
        shape=shape,
    )


def _joined(parts: list[Array], dtype: Any) -> Array:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _stable_order(values: Array, size: int) -> Array:
    """The stable order of ``values`` (integers from 0 to ``size``, below 2³²), by radix
    sorts of 16 bits (numpy sorts 16-bit integers by counting).

    >>> _stable_order(np.array([70_000, 3, 70_000, 1]), 80_000).tolist()
    [3, 1, 0, 2]
    """
    if size <= 1 << 16:
        return np.argsort(values.astype(np.uint16), kind="stable")
    low = np.argsort((values & 0xFFFF).astype(np.uint16), kind="stable")
    high = np.argsort((values[low] >> 16).astype(np.uint16), kind="stable")
    order: Array = low[high]
    return order


def _expand(starts: Array, stops: Array) -> tuple[Array, Array]:
    """Every position of the ranges ``starts[i]:stops[i]``, with the range it is in.

    >>> [a.tolist() for a in _expand(np.array([0, 5]), np.array([2, 8]))]
    [[0, 0, 1, 1, 1], [0, 1, 5, 6, 7]]
    """
    sizes = stops - starts
    owner = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    shift = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes)
    return owner, np.arange(len(owner), dtype=np.int64) + shift


def _present_publics(masks: Array) -> list[int]:
    """The positions of the publics some mask names (bits set in any).

    >>> _present_publics(np.array([0, 5, 4], dtype=np.uint64))
    [0, 2]
    """
    if not len(masks):
        return []
    every = int(np.bitwise_or.reduce(masks))
    return [p for p in range(every.bit_length()) if every >> p & 1]


def _has_public(masks: Array, public: int) -> Array:
    """Element-wise: does each mask name ``public``?"""
    if masks.dtype == object:
        return np.array([m >> public & 1 for m in masks.tolist()], dtype=bool)
    found: Array = ((masks >> np.uint64(public)) & np.uint64(1)).astype(bool)
    return found


def _bit_counts(masks: Array) -> Array:
    """The publics each mask names."""
    if masks.dtype == object:
        return np.array([int(m).bit_count() for m in masks.tolist()], dtype=np.int64)
    return np.bitwise_count(masks).astype(np.int64)


def _meet(left: Array, right: Array) -> Array:
    """Element-wise: do publics masks ``left`` and ``right`` admit a common public (a mask
    0 is every public)?

    >>> _meet(np.array([0, 1, 6], dtype=np.uint64), np.array([4, 2, 2], dtype=np.uint64))
    array([ True, False,  True])
    """
    both: Array = (left == 0) | (right == 0) | ((left & right) != 0)
    return both.astype(bool)


def _key_incidences(
    size: int,
    weight: Array,
    left_entries: tuple[Array, Array, Array],
    right_entries: tuple[Array, Array, Array],
) -> tuple[Any, Any]:
    """One turn's incidences for products: organisations x columns (weights) and columns x
    organisations (ones), from the (combined group, organisation, publics mask) offers of
    each side.

    Within each combined group, the left offers are split by their publics (mask class);
    each right offer is placed in the column of every left class it shares a public with.
    A (left, right) couple thus meets in exactly one column when they share a public and
    in none otherwise, so the product sums each compatible group's weight once.
    """
    import scipy.sparse

    left_group, left_org, left_mask = left_entries
    right_group, right_org, right_mask = right_entries
    left_masks, left_class = _classes(left_mask)
    right_masks, right_class = _classes(right_mask)
    width = max(len(left_masks), 1)
    columns, column_of = _distinct_codes(left_group * width + left_class, len(weight) * width)
    column_group, column_class = columns // width, columns % width
    starts = np.searchsorted(column_group, np.arange(len(weight) + 1))
    entry, at = _expand(starts[right_group], starts[right_group + 1])
    compatible = _compatible(left_masks, right_masks)
    if not compatible.all():  # one flat lookup per (column class, right class)
        keep = compatible.ravel()[column_class[at] * compatible.shape[1] + right_class[entry]]
        entry, at = entry[keep], at[keep]
    count = max(len(columns), 1)
    left = scipy.sparse.csr_array(
        (weight[left_group], (left_org, np.ravel(column_of))), shape=(size, count)
    )
    right = scipy.sparse.csr_array(
        (np.ones(len(entry), dtype=bool), (at, right_org[entry])), shape=(count, size)
    )
    return left, right


def _classes(masks: Array) -> tuple[Array, Array]:
    """The distinct publics masks (few: a hash, no sort of every offer) and the class of
    each offer (its position among them).

    >>> [a.tolist() for a in _classes(np.array([4, 0, 4, 1], dtype=np.uint64))]
    [[0, 1, 4], [2, 0, 2, 1]]
    """
    distinct = np.unique(masks)
    return distinct, np.searchsorted(distinct, masks).astype(np.int64)


def _distinct_codes(codes: Array, size: int) -> tuple[Array, Array]:
    """The distinct ``codes`` (below ``size``), sorted, and the position of each code among
    them: by marking a table of ``size`` when it is not much larger than the codes, else by
    a sort.

    >>> [a.tolist() for a in _distinct_codes(np.array([7, 2, 7, 5]), 9)]
    [[2, 5, 7], [2, 0, 2, 1]]
    """
    if size > 8 * len(codes) + (1 << 20):
        distinct, inverse = np.unique(codes, return_inverse=True)
        return distinct, np.ravel(inverse)
    present = np.zeros(size, dtype=bool)
    present[codes] = True
    rank = np.cumsum(present) - 1
    return np.flatnonzero(present), rank[codes]


def _symbolic_nonzeros(
    rows: int,
    columns: int,
    a_indptr: Array,
    a_indices: Array,
    b_indptr: Array,
    b_indices: Array,
    inner: int,
) -> int:
    """The non-zeros of the product of two 0/1 CSR matrices (``rows`` x ``inner`` and
    ``inner`` x ``columns``) given by their arrays, counted without making the product:
    scipy's symbolic product (the first pass of its own products: one pass, the memory
    of one row), or, when this scipy has none, products of blocks of rows of about
    :data:`_PRODUCT_AT_ONCE` multiplications.

    >>> _symbolic_nonzeros(3, 3, np.array([0, 1, 3, 3]), np.array([0, 0, 1]),
    ...                    np.array([0, 2, 4]), np.array([0, 1, 1, 2]), 2)
    5
    """
    if not len(a_indices) or not len(b_indices):
        return 0
    wide = max(len(a_indices), len(b_indices), rows, columns, inner) >= np.iinfo(np.int32).max
    dtype = np.int64 if wide else np.int32
    arrays = [np.asarray(x, dtype=dtype) for x in (a_indptr, a_indices, b_indptr, b_indices)]
    count_product = _symbolic_product()
    if count_product is not None:
        return int(count_product(rows, columns, *arrays))
    import scipy.sparse

    left = scipy.sparse.csr_array(
        (np.ones(len(arrays[1]), dtype=np.int8), arrays[1], arrays[0]), shape=(rows, inner)
    )
    right = scipy.sparse.csr_array(
        (np.ones(len(arrays[3]), dtype=np.int8), arrays[3], arrays[2]), shape=(inner, columns)
    )
    made = np.diff(arrays[2]).astype(np.int64)[arrays[1]]
    done = np.r_[0, np.cumsum(made)][arrays[0]]
    cuts = np.searchsorted(done, np.arange(0, int(done[-1]) + 1, _PRODUCT_AT_ONCE))
    bounds = np.unique(np.r_[cuts, rows])
    total = 0
    for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        total += int((left[start:stop] @ right).nnz)
    return total


def _symbolic_product() -> Callable[..., int] | None:
    """scipy's ``csr_matmat_maxnnz`` (exact, despite its name), if this scipy has it."""
    try:
        from scipy.sparse import _sparsetools
    except ImportError:  # pragma: no cover - a scipy without the module
        return None
    found: Callable[..., int] | None = getattr(_sparsetools, "csr_matmat_maxnnz", None)
    return found


# ---------------------------------------------------------------------------- the two tiers


def _with_cases(layout: _Layout, keys: Array, counts: Array, keep: int) -> _Found:
    """The first ``keep`` candidates among the unlinked pairs following cases together
    (``keys``: ``low * size + high``).

    The pairs are read level by level of cases, most first, and in a level by decreasing
    bound (the smaller of the two organisations' best population served: no evidence of
    the pair has more), in blocks: the turns where each pair may meet
    (:meth:`_Layout.meeting_turns`), then its evidence there (:meth:`_Layout.evidence`),
    until the ``keep``-th candidate kept ranks before every pair left (more cases, or as
    many and a population above their bound). A level is sorted only when reached.
    """
    found = _Found.empty()
    if keep <= 0 or not len(keys):
        return found
    most = int(counts.max())
    order = _stable_order(most - counts, most + 1)  # most cases first
    levels = np.flatnonzero(np.r_[True, np.diff(counts[order]) != 0, True])
    best = layout.reach[2]
    offers = np.diff(layout.field_start[layout.field_indptr])
    for first, last in zip(levels[:-1].tolist(), levels[1:].tolist(), strict=True):
        level = int(counts[order[first]])
        if len(found) >= keep and _last_of(layout, found, keep)[0] > level:
            break
        low, high = keys[order[first:last]] // layout.size, keys[order[first:last]] % layout.size
        bound = np.minimum(best[low], best[high])
        served = np.flatnonzero(bound >= 0)  # both organisations have offers
        by_bound = served[np.argsort(-bound[served], kind="stable")]
        low, high, bound = low[by_bound], high[by_bound], bound[by_bound]
        cost = np.cumsum(np.minimum(offers[low], offers[high]))
        done, block = 0, max(keep, _FIRST_PAIRS)
        while done < len(low):
            looked = int(cost[done - 1]) if done else 0
            stop = int(np.searchsorted(cost, looked + _COUNTED_AT_ONCE, side="right"))
            stop = max(min(stop, done + block, len(low)), done + 1)
            pair, turn, mine, theirs = layout.meeting_turns(low[done:stop], high[done:stop])
            value = layout.evidence(turn, mine, theirs)
            met = np.flatnonzero(value > 0)
            pair, turn, value = pair[met] + done, turn[met], value[met]
            chosen = _best_of_each(pair, layout.score(turn, value))
            at = pair[chosen]
            made = _Found(low[at], high[at], turn[chosen], value[chosen], np.full(len(at), level))
            found = _Found.concatenate([found, made]).best(layout, keep)
            done = stop
            if done < len(low) and len(found) >= keep:
                cases, population = _last_of(layout, found, keep)
                if cases > level or bound[done] < population:
                    break
    return found


def _last_of(layout: _Layout, found: _Found, keep: int) -> tuple[int, int]:
    """The cases and population of the ``keep``-th pair of ``found`` in rank order."""
    last = found.ranking(layout)[keep - 1]
    return int(found.cases[last]), int(_population(found.value[last]))


def _without_cases(layout: _Layout, need: int, case_keys: Array, linked: Array) -> _Found:
    """The first ``need`` candidates following no case together (neither linked, nor in
    ``case_keys``), every candidate of a pair being made from the row of its lower code.

    The rows are read in decreasing order of their bound (the population served in the
    best pooling field, in the best field of a referral: no pair of the row has more),
    by blocks of rows whose products make about :data:`_PRODUCT_AT_ONCE` multiplications
    (the first blocks fewer). Once ``need`` pairs are kept, a row is read only if it can
    make a pair ranking before the last one kept, and the reading stops at the first row
    whose bound is below it (or equal, for a row after the last pair's lower organisation
    when that pair pools: a pair it could make would tie and come later by ids).
    """
    found = _Found.empty()
    rows = np.flatnonzero(np.diff(layout.field_indptr))
    if need <= 0 or not len(rows):
        return found
    pooling, referral, bound = (x[rows] for x in layout.reach)
    order = np.lexsort((rows, -bound))
    rows, pooling, referral, bound = rows[order], pooling[order], referral[order], bound[order]
    before = np.r_[0, np.cumsum(layout.products()[rows])]
    position, at_once = 0, max(_PRODUCT_AT_ONCE // 16, 1)
    while position < len(rows):
        last = None
        if len(found) >= need:
            last = found.take(found.ranking(layout)[need - 1 : need])
            score = int(_population(last.value)[0])
            refers, lowest = bool(layout.referral[last.key[0]]), int(last.low[0])
            if bound[position] < score or (
                bound[position] == score and not refers and rows[position] > lowest
            ):
                break
        stop = int(np.searchsorted(before, before[position] + at_once, side="right")) - 1
        stop = min(len(rows), max(stop, position + 1))
        block = slice(position, stop)
        position = stop
        chosen = rows[block]
        if last is not None:
            early = rows[block] <= lowest
            chosen = chosen[
                (pooling[block] > score)
                | ((pooling[block] == score) & (early | refers))
                | (referral[block] > score)
                | ((referral[block] == score) & refers & early)
            ]
        if not len(chosen):
            continue
        floor = -1 if last is None else score
        made = _block_pairs(layout, np.sort(chosen), case_keys, linked, floor)
        if last is not None:
            made = made.take(np.flatnonzero(_ranks_before(layout, made, last)))
        found = _Found.concatenate([found, made]).best(layout, need)
        at_once = min(2 * at_once, _PRODUCT_AT_ONCE)
    return found


def _block_pairs(
    layout: _Layout, block: Array, case_keys: Array, linked: Array, floor: int
) -> _Found:
    """Every candidate made by the rows ``block`` (sorted codes) as lower codes, with its
    best evidence, leaving out linked pairs, pairs in ``case_keys`` and pairs whose
    higher organisation's reach is below ``floor`` (their population is too): one product
    per turn whose lower field some of the rows offer."""
    reach = layout.reach[2]
    lows, highs, turns, values = [], [], [], []
    for number in range(len(layout.turns)):
        if not layout.sides(number)[0].serving[block].any():
            continue
        left, right = layout.matrices(number)
        product = (left[block] @ right).tocoo()
        low = block[product.row]
        high = product.col.astype(np.int64)
        upper = (high > low) & (reach[high] >= floor)
        lows.append(low[upper])
        highs.append(high[upper])
        turns.append(np.full(int(upper.sum()), number, dtype=np.int64))
        values.append(product.data[upper])
    low, high = _joined(lows, np.int64), _joined(highs, np.int64)
    turn, value = _joined(turns, np.int64), _joined(values, np.int64)
    pair = low * layout.size + high
    order = np.argsort(pair, kind="stable")
    pair, low, high, turn, value = pair[order], low[order], high[order], turn[order], value[order]
    wanted = ~(sorted_member(linked, pair) | sorted_member(case_keys, pair))
    pair, low, high = pair[wanted], low[wanted], high[wanted]
    turn, value = turn[wanted], value[wanted]
    best = _best_of_each(pair, layout.score(turn, value))
    return _Found(low[best], high[best], turn[best], value[best], np.zeros(len(best), np.int64))


def _ranks_before(layout: _Layout, found: _Found, last: _Found) -> Array:
    """Element-wise: does each pair of ``found`` (no case in common) rank before the one
    pair of ``last`` (no case either)?"""
    population, score = _population(found.value), int(_population(last.value)[0])
    refers, lowest = layout.referral[found.key], bool(layout.referral[last.key[0]])
    low, high = int(last.low[0]), int(last.high[0])
    tie = (refers < lowest) | (
        (refers == lowest) & ((found.low < low) | ((found.low == low) & (found.high < high)))
    )
    before: Array = (population > score) | ((population == score) & tie)
    return before


# ---------------------------------------------------------------------------- offers


@dataclass(frozen=True)
class _FieldSides:
    """One field's leaf groups: who serves each (the serving table), and each (group,
    organisation) pair's publics as a mask (0: every public)."""

    table: FieldServing
    masks: Array
    size: int

    @classmethod
    def of(cls, network: Network, index: OfferIndex, field: str, dtype: Any) -> _FieldSides:
        table = index.serving_table(field)
        return cls(table, table.masks(dtype), network.size)

    @cached_property
    def incidence(self) -> Any:
        """Organisation x group (CSC), for the suggestions read only."""
        import scipy.sparse

        table = self.table
        return scipy.sparse.csc_array(
            (np.ones(len(table.orgs), dtype=np.int64), (table.orgs, table.group_of_pair)),
            shape=(self.size, max(table.groups, 1)),
        )

    def entries(self, groups: Array) -> tuple[Array, Array, Array]:
        """The pairs of each combined group (``groups[c]`` is its group on this side):
        combined group, organisation, publics mask."""
        combined, at = ranges(self.table.starts[groups], self.table.starts[groups + 1])
        return combined, self.table.orgs[at], self.masks[at]


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
    """Leaves grouped by their (left field group, right field group); for one field, its
    own groups (numbered as they are)."""
    left = index.leaf_groups(fields[0]).ids
    right = index.leaf_groups(fields[-1]).ids
    valid = np.flatnonzero((left >= 0) & (right >= 0))
    if not len(valid):
        return None
    width = int(right.max()) + 1
    if len(fields) == 1:  # every group has a leaf: the groups are 0, 1, ...
        count = int(left.max()) + 1
        inverse = left[valid]
        keys = np.arange(count, dtype=np.int64) * (width + 1)
    else:
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
            serves = np.zeros(sides.size, dtype=bool)
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


class _Sides:
    """The :class:`_FieldSides` of each field, built once for all keys."""

    def __init__(self, network: Network, index: OfferIndex) -> None:
        self.network = network
        self.index = index
        self.dtype: Any = np.uint64 if len(index.publics) <= 64 else object
        self._found: dict[str, _FieldSides] = {}

    def __getitem__(self, field: str) -> _FieldSides:
        if field not in self._found:
            self._found[field] = _FieldSides.of(self.network, self.index, field, self.dtype)
        return self._found[field]


# ---------------------------------------------------------------------------- support


def _case_arrays(
    network: Network, together: Mapping[tuple[str, str], int] | None
) -> tuple[Array, Array]:
    """Pairs following cases together, as sorted keys ``low * size + high`` (``low <
    high``) and case counts (only the unlinked ones matter: the candidates are unlinked;
    the analysis of cases has them when it ran first)."""
    from partenariat.analysis.cases import UNLINKED_PAIRS

    if together is None:
        found = network.memoised(UNLINKED_PAIRS)
        return found if found is not None else co_intervention_arrays(network)
    index, size = network.index, max(network.size, 1)
    counted: dict[int, int] = {}
    for (a, b), n in together.items():
        if a in index and b in index and a != b:
            low, high = sorted((index[a], index[b]))
            counted.setdefault(low * size + high, n)
    keys = sorted(counted)
    return (
        np.array(keys, dtype=np.int64),
        np.array([counted[k] for k in keys], dtype=np.int64),
    )


def co_intervention_arrays(network: Network) -> tuple[Array, Array]:
    """Pairs of organisations following cases together, as sorted keys ``u * size + v``
    (``u < v``) and the number of cases each pair shares (a case x organisation product,
    symmetric: its upper triangle is read in order, no sort)."""
    frame = network.dataset.intervention_columns().frame
    size = max(network.size, 1)
    if frame.height == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    case_codes = frame["case"].rank("dense").to_numpy().astype(np.int64) - 1
    org_codes = network.codes(frame["organisation"])
    keep = org_codes >= 0
    incidence = _incidence(case_codes[keep], org_codes[keep], (int(case_codes.max()) + 1, size))
    shared = incidence.T @ incidence  # symmetric: read as rows whatever its format
    shared.sort_indices()
    first = np.repeat(np.arange(size, dtype=np.int64), np.diff(shared.indptr))
    second = shared.indices.astype(np.int64)
    upper = second > first
    return first[upper] * size + second[upper], shared.data[upper].astype(np.int64)


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
