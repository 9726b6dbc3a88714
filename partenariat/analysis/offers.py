"""Who serves what, where, for whom: the index shared by coverage, overlaps and suggestions.

An organisation's *offers* are its services, or the organisation itself when it has none; a
service that leaves its fields, publics or territories empty takes the organisation's. An
organisation **serves** territory T for field F when one of its offers names F and names T or
an ancestor of T. An offer with no public (or ``tous publics``) serves every public.

Field and public spellings are unified ignoring case, accents and separators (``Santé`` and
``sante`` are one field), the label kept being the most frequent spelling.

Examples:
    >>> from partenariat.model import Dataset, Organisation, Territory
    >>> from partenariat.network import Network
    >>> data = Dataset(
    ...     territories=(Territory(code="D", name="Dép"),
    ...                  Territory(code="c1", name="C1", parents=("D",)),
    ...                  Territory(code="c2", name="C2", parents=("D",))),
    ...     organisations=(Organisation(id="caf", name="CAF", territories=("D",),
    ...                                 fields=("Famille",)),
    ...                    Organisation(id="cs", name="Centre social", territories=("c1",),
    ...                                 fields=("famille",), publics=("jeunes",))),
    ... )
    >>> index = offer_index(Network(data))
    >>> index.fields
    ('Famille',)
    >>> index.serving("Famille", "c1")
    {'caf': None, 'cs': frozenset({'jeunes'})}
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from partenariat.analysis.options import FieldLevel
from partenariat.network import Network, ranges
from partenariat.territory import TerritoryTree
from partenariat.text import fold

#: Spellings of a public meaning "every public" (data·inclusion writes ``tous-publics``).
EVERY_PUBLIC = frozenset(
    {
        "tous publics",
        "tout public",
        "tous",
        "tout publics",
        "all",
        "all publics",
        "everyone",
        "tout le monde",
        "grand public",
    }
)

Ints = npt.NDArray[np.int64]
#: One field's offers as rows: territory (position in the sorted codes naming the field),
#: organisation code, public position (-1: every public); and those sorted codes.
FieldRows = tuple[Ints, Ints, Ints, list[str]]

Publics = frozenset[str] | None
"""The publics an organisation serves for a field; ``None`` means every public."""


@dataclass(frozen=True)
class Offer:
    """One offer: an organisation's service, or the organisation itself."""

    organisation: str
    fields: tuple[str, ...]
    publics: Publics
    territories: tuple[str, ...]


class Vocabulary:
    """Unifies spellings of fields or publics; the label is the most frequent spelling.

    >>> v = Vocabulary(["Santé", "santé", "santé", "sante", "Logement"])
    >>> v.label("SANTE"), v.labels
    ('santé', ('Logement', 'santé'))
    """

    def __init__(
        self,
        spellings: Iterable[str],
        preferred: Iterable[str] = (),
        weighted: Iterable[tuple[str, int]] = (),
    ) -> None:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for text in spellings:
            counts[fold(text)][text] += 1
        for text, times in weighted:
            counts[fold(text)][text] += times
        self._labels = {key: min(c, key=lambda s: (-c[s], s)) for key, c in counts.items()}
        for text in preferred:
            self._labels[fold(text)] = text
        self._direct: dict[str, str] = {}

    def label(self, text: str) -> str:
        found = self._direct.get(text)
        if found is None:
            found = self._labels.get(fold(text), text)
            self._direct[text] = found
        return found

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(sorted(set(self._labels.values()), key=lambda s: (fold(s), s)))


class OfferIndex:
    """Per field, per named territory code: organisations and the publics they serve there."""

    def __init__(
        self,
        network: Network,
        tree: TerritoryTree,
        fields: Vocabulary,
        publics: Vocabulary,
        reference_fields: tuple[str, ...] = (),
        field_level: FieldLevel = "sub",
    ) -> None:
        self.field_level = field_level
        self.network = network
        self.tree = tree
        self.field_vocabulary = fields
        self.public_vocabulary = publics
        self._serving_cache: dict[tuple[str, tuple[str, ...]], dict[str, Publics]] = {}
        self._chains: dict[str, tuple[str, ...]] = {}
        self._signatures: dict[str, list[tuple[str, ...]]] = {}
        self._leaf_groups: dict[str, LeafGroups] = {}
        self._serving_tables: dict[str, FieldServing] = {}
        self._offering: dict[str, int] | None = None
        self._rows_of_field: dict[str, FieldRows] = {}
        table = self._table
        named = table["fields"].explode().drop_nulls().unique().to_list()
        self.named_fields: frozenset[str] = frozenset(named)
        self.fields: tuple[str, ...] = tuple(
            sorted(set(reference_fields) or named, key=lambda s: (fold(s), s))
        )
        self.publics: tuple[str, ...] = tuple(
            sorted(
                table["publics"].explode().drop_nulls().unique().to_list(),
                key=lambda s: (fold(s), s),
            )
        )

    @cached_property
    def offers(self) -> tuple[Offer, ...]:
        """Every offer, organisation by organisation in input order (built when read: the
        analyses use :attr:`_table`)."""
        return tuple(
            _offers(self.network, self.field_vocabulary, self.public_vocabulary, self.field_level)
        )

    @cached_property
    def _by_field(self) -> dict[str, dict[str, dict[str, Publics]]]:
        """Per field, per named territory code: each organisation and its publics."""
        by_field: dict[str, dict[str, dict[str, Publics]]] = defaultdict(dict)
        for offer in self.offers:
            for field in offer.fields:
                for code in offer.territories:
                    if code in self.tree:
                        codes = by_field[field].setdefault(code, {})
                        codes[offer.organisation] = _union(
                            codes.get(offer.organisation, frozenset()), offer.publics
                        )
        return by_field

    @cached_property
    def _table(self) -> pl.DataFrame:
        """The offers as columns: ``org`` (code), ``fields`` and ``publics`` (labels;
        ``publics`` null for every public), ``territories``: what :attr:`offers` holds,
        without an object per offer."""
        return _offer_table(
            self.network, self.field_vocabulary, self.public_vocabulary, self.field_level
        )

    @cached_property
    def _tree_codes(self) -> pl.Series:
        return pl.Series("code", self.tree.codes, dtype=pl.String)

    def _field_rows(self, field: str) -> FieldRows:
        """Every (territory code, organisation, public) an offer of ``field`` names, the
        codes limited to the tree: code position in the sorted codes naming the field,
        organisation code, public position (-1: every public); and those sorted codes."""
        found = self._rows_of_field.get(field)
        if found is None:
            found = self._rows_of_field[field] = self._find_field_rows(field)
        return found

    def _find_field_rows(self, field: str) -> FieldRows:
        position = {label: i for i, label in enumerate(self.publics)}
        rows = (
            self._table.filter(pl.col("fields").list.contains(field))
            .select("org", "publics", "territories")
            .explode("territories")
            .filter(pl.col("territories").is_in(self._tree_codes.implode()))
            .explode("publics")
        )
        codes = sorted(rows["territories"].unique().to_list())
        code_at = {code: i for i, code in enumerate(codes)}
        code_of = rows["territories"].replace_strict(code_at, return_dtype=pl.Int64).to_numpy()
        public_of = (
            rows["publics"]
            .replace_strict(position, default=None, return_dtype=pl.Int64)
            .fill_null(-1)
            .to_numpy()
        )
        return (
            np.asarray(code_of, dtype=np.int64),
            np.asarray(rows["org"].to_numpy(), dtype=np.int64),
            np.asarray(public_of, dtype=np.int64),
            codes,
        )

    def serving_codes(self, field: str, codes: Iterable[str]) -> dict[str, Publics]:
        """Organisations naming any of ``codes`` for ``field``, with their publics."""
        named = self._by_field.get(field)
        merged: dict[str, Publics] = {}
        if not named:
            return merged
        for code in codes:
            for org, publics in named.get(code, {}).items():
                merged[org] = _union(merged.get(org, frozenset()), publics)
        return dict(sorted(merged.items()))

    def signature(self, field: str, leaf: str) -> tuple[str, ...]:
        """The codes naming ``field`` on the way up from ``leaf``: leaves with the same
        signature are served by exactly the same organisations."""
        named = self._by_field.get(field)
        if not named:
            return ()
        chain = self._chains.get(leaf) or self._chain(leaf)
        return tuple([code for code in chain if code in named])

    def signatures(self, field: str) -> list[tuple[str, ...]]:
        """The signature of every leaf (in ``tree.leaves`` order) for ``field``, cached."""
        found = self._signatures.get(field)
        if found is None:
            found = [self.signature(field, leaf) for leaf in self.tree.leaves]
            self._signatures[field] = found
        return found

    def _chain(self, leaf: str) -> tuple[str, ...]:
        chain = self._chains.get(leaf)
        if chain is None:
            chain = (leaf, *sorted(self.tree.ancestors(leaf)))
            self._chains[leaf] = chain
        return chain

    def serving(self, field: str, leaf: str) -> dict[str, Publics]:
        """Organisations serving ``leaf`` for ``field`` (through the leaf or an ancestor).

        The result is shared between leaves of the same signature: do not modify it.
        """
        key = (field, self.signature(field, leaf))
        found = self._serving_cache.get(key)
        if found is None:
            found = self.serving_codes(field, key[1])
            self._serving_cache[key] = found
        return found

    @cached_property
    def leaf_populations(self) -> npt.NDArray[np.int64]:
        """The population of each leaf (``tree.leaves`` order), 0 when unknown."""
        return np.array(
            [self.tree.population(leaf) or 0 for leaf in self.tree.leaves], dtype=np.int64
        )

    @cached_property
    def leaf_population_known(self) -> npt.NDArray[np.bool_]:
        return np.array(
            [self.tree.population(leaf) is not None for leaf in self.tree.leaves], dtype=bool
        )

    @cached_property
    def _closure(self) -> _Closure:
        """Each leaf with the codes on its way up (itself and its ancestors)."""
        leaves = self.tree.leaves
        above_sorted: dict[frozenset[str], list[str]] = {}  # leaves share ancestor sets
        chained: list[str] = []
        lengths: list[int] = []
        for leaf in leaves:
            above = self.tree.ancestors(leaf)
            ordered = above_sorted.get(above)
            if ordered is None:
                ordered = above_sorted[above] = sorted(above)
            chained.append(leaf)
            chained.extend(ordered)
            lengths.append(1 + len(ordered))
        codes = {code: i for i, code in enumerate(dict.fromkeys(chained))}
        rows = np.fromiter(map(codes.__getitem__, chained), dtype=np.int64, count=len(chained))
        return _Closure(codes, rows, np.asarray(lengths, dtype=np.int64))

    def leaf_groups(self, field: str) -> LeafGroups:
        """The leaves grouped by signature for ``field`` (the codes naming it on their way
        up): one group id per leaf, -1 where nothing names the field. Found for all leaves
        at once by hashing the columns of the closure restricted to the codes naming
        ``field``."""
        found = self._leaf_groups.get(field)
        if found is None:
            found = self._group_leaves(field)
            self._leaf_groups[field] = found
        return found

    def _group_leaves(self, field: str) -> LeafGroups:
        closure = self._closure
        codes = closure.codes
        named = [codes[c] for c in self._field_rows(field)[3] if c in codes]
        leaves = len(self.tree.leaves)
        if not named:
            return LeafGroups(np.full(leaves, -1, dtype=np.int64), ())
        weights = np.random.default_rng(len(named)).integers(
            1, 2**62, size=len(named), dtype=np.int64
        )
        weight_of_code = np.zeros(len(codes), dtype=np.int64)
        np.add.at(weight_of_code, np.asarray(named, dtype=np.int64), weights)
        naming = np.zeros(len(codes), dtype=bool)
        naming[named] = True
        on_way = naming[closure.rows]
        leaf_of = closure.leaf_of_entry[on_way]
        hashed = np.zeros(leaves, dtype=np.int64)
        np.add.at(hashed, leaf_of, weight_of_code[closure.rows[on_way]])  # wraps: a hash
        present = np.bincount(leaf_of, minlength=leaves) > 0
        ids = np.full(leaves, -1, dtype=np.int64)
        ids[present] = np.unique(hashed[present], return_inverse=True)[1]
        representatives = _first_positions(ids)
        leaf_names = self.tree.leaves
        return LeafGroups(ids, tuple(leaf_names[i] for i in representatives))

    def serving_table(self, field: str) -> FieldServing:
        """Who serves each leaf group of ``field`` (see :meth:`leaf_groups`), for every group
        at once: the codes on each group's way up are joined to the offers naming them, then
        duplicates and publics absorbed by "every public" are dropped with one sort."""
        found = self._serving_tables.get(field)
        if found is None:
            found = self._serving_table(field)
            self._serving_tables[field] = found
        return found

    def prepare(self) -> None:
        """Build every field's leaf groups and serving table now (an analysis that reads
        every field, such as the suggestions, asks for them all at once)."""
        for field in self.fields:
            if field not in self._serving_tables:
                self._serving_tables[field] = self._groups_and_table(field)

    def _groups_and_table(self, field: str) -> FieldServing:
        groups = self._leaf_groups.get(field) or self._group_leaves(field)
        self._leaf_groups[field] = groups
        return self._serving_table(field)

    def _serving_table(self, field: str) -> FieldServing:
        groups = self.leaf_groups(field)
        count = len(groups.representatives)
        code_of, org_of, public_of = self._named_arrays(field)
        closure = self._closure
        first = np.asarray(_first_positions(groups.ids), dtype=np.int64)
        group, at = ranges(closure.starts[first], closure.starts[first + 1])
        code = closure.sorted_rows[at]
        chain, entry = ranges(
            np.searchsorted(code_of, code, side="left"),
            np.searchsorted(code_of, code, side="right"),
        )
        group = group[chain]
        orgs, publics = org_of[entry], public_of[entry]
        if not len(group):
            empty = np.zeros(0, dtype=np.int64)
            return FieldServing(
                np.zeros(count + 1, dtype=np.int64),
                empty,
                empty.astype(bool),
                np.zeros(1, dtype=np.int64),
                empty,
            )
        order = np.lexsort((publics, orgs, group))
        group, orgs, publics = group[order], orgs[order], publics[order]
        new_pair = np.r_[True, (np.diff(group) != 0) | (np.diff(orgs) != 0)]
        pair_id = np.cumsum(new_pair) - 1
        pair_starts = np.flatnonzero(new_pair)
        universal = publics[pair_starts] < 0
        keep = (
            np.r_[True, new_pair[1:] | (np.diff(publics) != 0)]
            & ~universal[pair_id]
            & (publics >= 0)
        )
        pair_group = group[pair_starts]
        return FieldServing(
            starts=np.searchsorted(pair_group, np.arange(count + 1)).astype(np.int64),
            orgs=orgs[pair_starts],
            universal=universal,
            public_starts=np.searchsorted(pair_id[keep], np.arange(len(pair_starts) + 1)).astype(
                np.int64
            ),
            publics=publics[keep],
        )

    def _named_arrays(
        self, field: str
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The (closure code, organisation code, public position) each offer of ``field``
        names, sorted by code; public -1 means every public (repeated rows, and publics an
        offer for every public absorbs, are dropped by the serving table)."""
        closure_codes = self._closure.codes
        code_of, org_of, public_of, named = self._field_rows(field)
        row_of = np.array([closure_codes.get(code, -1) for code in named], dtype=np.int64)
        rows = row_of[code_of] if len(code_of) else code_of
        known = rows >= 0
        rows, org_of, public_of = rows[known], org_of[known], public_of[known]
        order = np.argsort(rows, kind="stable")
        return rows[order], org_of[order], public_of[order]

    def organisations_offering(self, field: str) -> int:
        """How many organisations have an offer in ``field``."""
        if self._offering is None:
            pairs = self._table.select("org", "fields").explode("fields").drop_nulls().unique()
            counted = pairs.group_by("fields").len()
            self._offering = dict(zip(*counted.to_dict(as_series=False).values(), strict=True))
        return self._offering.get(field, 0)

    def organisation_fields(self) -> tuple[npt.NDArray[np.int64], list[str]]:
        """Every (organisation code, field) an offer names, repeated pairs included."""
        pairs = self._table.select("org", "fields").explode("fields").drop_nulls()
        return np.asarray(pairs["org"].to_numpy(), dtype=np.int64), pairs["fields"].to_list()

    def touching(self, field: str, code: str) -> dict[str, Publics]:
        """Organisations serving ``code``, an ancestor or a descendant of it, for ``field``."""
        return self.serving_codes(
            field, (code, *self.tree.ancestors(code), *self.tree.descendants(code))
        )


@dataclass(frozen=True)
class FieldServing:
    """Who serves each leaf group of one field, as integer arrays.

    One *pair* per (group, organisation) serving it, sorted by group then organisation code:
    group ``g``'s pairs are ``starts[g]:starts[g + 1]``. A pair is ``universal`` when the
    organisation serves every public there; otherwise ``publics[public_starts[p]:
    public_starts[p + 1]]`` are the positions (in :attr:`OfferIndex.publics`) of the publics
    it serves.
    """

    starts: npt.NDArray[np.int64]
    orgs: npt.NDArray[np.int64]
    universal: npt.NDArray[np.bool_]
    public_starts: npt.NDArray[np.int64]
    publics: npt.NDArray[np.int64]

    @property
    def groups(self) -> int:
        return len(self.starts) - 1

    @cached_property
    def group_of_pair(self) -> npt.NDArray[np.int64]:
        """The group of each pair."""
        return np.repeat(np.arange(self.groups, dtype=np.int64), np.diff(self.starts))

    @cached_property
    def public_width(self) -> int:
        """A multiplier above every public position: ``group * public_width + public``
        keys a (group, public) couple."""
        return int(self.publics.max()) + 2 if len(self.publics) else 1

    @cached_property
    def named_publics(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The pairs naming publics, one row per (pair, public), sorted by their key
        ``group * public_width + public`` (then by pair): the keys, and the pairs."""
        pair = np.repeat(np.arange(len(self.orgs)), np.diff(self.public_starts))
        key = self.group_of_pair[pair] * self.public_width + self.publics
        order = np.argsort(key, kind="stable")
        return key[order], pair[order]

    def counts(self) -> npt.NDArray[np.int64]:
        """How many organisations serve each group."""
        return np.diff(self.starts)

    def pair(self, group: int, org: int) -> int | None:
        """The pair of ``org`` (a code) in ``group``, if it serves it."""
        starts, orgs = self._lists
        low, high = starts[group], starts[group + 1]
        at = bisect_left(orgs, org, low, high)
        return at if at < high and orgs[at] == org else None

    @cached_property
    def _lists(self) -> tuple[list[int], list[int]]:
        """Starts and organisations as lists: one lookup costs a binary search, not the
        overhead of a numpy call."""
        return self.starts.tolist(), self.orgs.tolist()

    def publics_of(self, group: int, org: int, labels: tuple[str, ...]) -> Publics:
        """The publics ``org`` serves in ``group`` (``None``: every public; empty: it does
        not serve the group)."""
        at = self.pair(group, org)
        if at is None:
            return frozenset()
        if self.universal[at]:
            return None
        chosen = self.publics[self.public_starts[at] : self.public_starts[at + 1]]
        return frozenset(labels[i] for i in chosen.tolist())

    def masks(self, dtype: Any) -> npt.NDArray[Any]:
        """Each pair's publics as bits of a mask (0 for a universal pair); ``dtype`` is
        ``uint64`` up to 64 publics, ``object`` (Python integers) beyond."""
        if dtype is object:
            found = np.zeros(len(self.orgs), dtype=object)
            for at in np.flatnonzero(~self.universal).tolist():
                chosen = self.publics[self.public_starts[at] : self.public_starts[at + 1]]
                found[at] = sum(1 << int(i) for i in chosen.tolist())
            return found
        bits = np.left_shift(np.uint64(1), self.publics.astype(np.uint64))
        sizes = np.diff(self.public_starts)
        found = np.zeros(len(self.orgs), dtype=np.uint64)
        present = sizes > 0
        if present.any():
            found[present] = np.bitwise_or.reduceat(bits, self.public_starts[:-1][present])
        return found


@dataclass(frozen=True)
class LeafGroups:
    """Leaves served by the same organisations for one field: ``ids[i]`` is the group of
    leaf ``i`` (-1: nobody names the field on its way up), ``representatives[g]`` a leaf of
    group ``g``."""

    ids: npt.NDArray[np.int64]
    representatives: tuple[str, ...]

    def members(self) -> list[npt.NDArray[np.int64]]:
        """The leaf positions of each group."""
        order = np.argsort(self.ids, kind="stable")
        sorted_ids = self.ids[order]
        cuts = np.searchsorted(sorted_ids, np.arange(len(self.representatives) + 1))
        return [order[cuts[g] : cuts[g + 1]] for g in range(len(self.representatives))]


class _Closure:
    """Each leaf's way up: ``rows`` holds, leaf after leaf (``lengths`` entries each), the
    codes (numbered in ``codes``) of the leaf and its ancestors."""

    def __init__(
        self, codes: dict[str, int], rows: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
    ) -> None:
        self.codes = codes
        self.rows = rows
        self.starts = np.r_[0, np.cumsum(lengths)].astype(np.int64)
        self.leaf_of_entry = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        # each leaf's codes sorted: the serving table searches them in order
        self.sorted_rows = rows[np.lexsort((rows, self.leaf_of_entry))]


def _first_positions(ids: npt.NDArray[np.int64]) -> list[int]:
    """The first position of each group id 0, 1, ... in ``ids``."""
    valid = np.flatnonzero(ids >= 0)
    groups, first = np.unique(ids[valid], return_index=True)
    return [int(valid[i]) for i in first[np.argsort(groups)]]


def field_at_level(field: str, level: FieldLevel) -> str:
    """A data·inclusion thématique ``category--sub`` at the category level, or as written.

    >>> field_at_level("famille--garde-denfants", "category"), field_at_level("santé", "category")
    ('famille', 'santé')
    """
    return field.split("--", 1)[0] if level == "category" else field


def field_vocabulary(
    network: Network, *, field_level: FieldLevel = "sub", preferred: Iterable[str] = ()
) -> Vocabulary:
    """Every field spelling of the organisations, services and interventions, unified
    (computed once per network, level and preferred spellings)."""
    preferred = tuple(preferred)
    return network.memo(
        ("field_vocabulary", field_level, preferred),
        lambda: _field_vocabulary(network, field_level, preferred),
    )


def _field_vocabulary(
    network: Network, field_level: FieldLevel, preferred: tuple[str, ...]
) -> Vocabulary:
    data = network.dataset
    spellings = [
        *data.organisation_columns().frame["fields"].explode().drop_nulls().to_list(),
        *(f for s in data.services for f in s.fields),
    ]
    named = data.intervention_columns().frame["field"].drop_nulls().value_counts()
    weighted = [
        (field_at_level(text, field_level), int(times)) for text, times in named.iter_rows()
    ]
    return Vocabulary(
        [field_at_level(f, field_level) for f in spellings], preferred=preferred, weighted=weighted
    )


def offer_index(
    network: Network, reference_fields: Iterable[str] = (), *, field_level: FieldLevel = "sub"
) -> OfferIndex:
    """Build the index of a network (``reference_fields``: the field universe, if given;
    ``field_level="category"`` reads ``category--sub`` fields at the category level)."""
    reference = tuple(
        dict.fromkeys(field_at_level(f.strip(), field_level) for f in reference_fields if f.strip())
    )
    return network.memo(
        ("offer_index", reference, field_level),
        lambda: _offer_index(network, reference, field_level),
    )


def _offer_index(
    network: Network, reference: tuple[str, ...], field_level: FieldLevel
) -> OfferIndex:
    dataset = network.dataset
    frame = dataset.organisation_columns().frame
    fields = field_vocabulary(network, field_level=field_level, preferred=reference)
    publics = Vocabulary(
        frame["publics"].explode().drop_nulls().to_list()
        + [p for s in dataset.services for p in s.publics]
    )
    named = frame["territories"].explode().drop_nulls().to_list() + [
        c for s in dataset.services for c in s.territories
    ]
    tree = TerritoryTree(dataset.territories, named=named, scope=network.scope)
    return OfferIndex(
        network,
        tree,
        fields,
        publics,
        tuple(fields.label(f) for f in reference),
        field_level=field_level,
    )


def _offer_table(
    network: Network, fields: Vocabulary, publics: Vocabulary, field_level: FieldLevel
) -> pl.DataFrame:
    """The offers of :func:`_offers` as columns: the organisations without services read
    from the organisation columns (each distinct spelling labelled once), the few with
    services offer by offer."""
    frame = network.dataset.organisation_columns().frame
    with_services = pl.Series(sorted(network.services), dtype=pl.String).implode()
    plain = frame.filter(~pl.col("id").is_in(with_services))
    texts = plain["fields"].explode().drop_nulls().unique().to_list()
    field_label = {t: fields.label(field_at_level(t, field_level)) for t in texts}
    spellings = plain["publics"].explode().drop_nulls().unique().to_list()
    public_label = {t: publics.label(t) for t in spellings}
    every = [t for t, label in public_label.items() if fold(label) in EVERY_PUBLIC]
    table = plain.select(
        org=pl.Series(network.codes(plain["id"]), dtype=pl.Int64),
        fields=pl.col("fields")
        .list.eval(pl.element().replace_strict(field_label, return_dtype=pl.String))
        .list.unique(maintain_order=True),
        publics=pl.when(
            (pl.col("publics").list.len() == 0)
            | pl.col("publics").list.eval(pl.element().is_in(every)).list.any()
        )
        .then(None)
        .otherwise(
            pl.col("publics")
            .list.eval(pl.element().replace_strict(public_label, return_dtype=pl.String))
            .list.unique()
        ),
        territories=pl.col("territories"),
    )
    served = [
        {
            "org": network.index[offer.organisation],
            "fields": list(offer.fields),
            "publics": None if offer.publics is None else sorted(offer.publics),
            "territories": list(offer.territories),
        }
        for offer in _offers(network, fields, publics, field_level, only=network.services)
    ]
    if not served:
        return table
    return pl.concat([table, pl.DataFrame(served, schema=table.schema)])


def _offers(
    network: Network,
    fields: Vocabulary,
    publics: Vocabulary,
    field_level: FieldLevel,
    *,
    only: Iterable[str] | None = None,
) -> Iterable[Offer]:
    frame = network.dataset.organisation_columns().frame
    if only is not None:
        frame = frame.filter(pl.col("id").is_in(pl.Series(sorted(only), dtype=pl.String).implode()))
    columns = (frame[name].to_list() for name in ("id", "fields", "publics", "territories"))
    for org, org_fields, org_publics, territories in zip(*columns, strict=True):
        services = network.services.get(org)
        if not services:
            yield _offer(
                org,
                [field_at_level(f, field_level) for f in org_fields],
                org_publics,
                tuple(territories),
                fields,
                publics,
            )
            continue
        for service in services:
            yield _offer(
                org,
                [field_at_level(f, field_level) for f in service.fields or org_fields],
                service.publics or org_publics,
                service.territories or tuple(territories),
                fields,
                publics,
            )


def _offer(
    org: str,
    field_names: Iterable[str],
    public_names: Iterable[str],
    territories: tuple[str, ...],
    fields: Vocabulary,
    publics: Vocabulary,
) -> Offer:
    labels = frozenset(publics.label(p) for p in public_names)
    every = not labels or any(fold(p) in EVERY_PUBLIC for p in labels)
    return Offer(
        organisation=org,
        fields=tuple(dict.fromkeys(fields.label(f) for f in field_names)),
        publics=None if every else labels,
        territories=territories,
    )


def _union(a: Publics, b: Publics) -> Publics:
    if a is None or b is None:
        return None
    return a | b


def serves_public(publics: Publics, public: str) -> bool:
    """True when an organisation with ``publics`` serves ``public``.

    >>> serves_public(None, "jeunes"), serves_public(frozenset({"familles"}), "jeunes")
    (True, False)
    """
    return publics is None or public in publics
