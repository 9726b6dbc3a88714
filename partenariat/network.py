"""The partnership network: integer-coded organisations, a compiled graph, and networkx views.

Organisations are numbered once, in the order of their ids (so sorting codes sorts ids).
Every analysis works on these codes: ``pairs`` holds the undirected simple partnership graph
(two organisations are linked when any link, of any type or direction, joins them; self-links
are left out) as sorted integer arrays, ``csr`` is its scipy adjacency and ``igraph`` the
compiled graph built from the same arrays. ``graph`` (a ``networkx.MultiDiGraph`` with every
link and the organisations' attributes) and :meth:`Network.partnerships` (a
``networkx.Graph``) are built lazily, on first access, for networkx users.

Examples:
    >>> from partenariat.model import Dataset, Organisation, Link
    >>> data = Dataset(
    ...     organisations=(Organisation(id="a", name="A"), Organisation(id="b", name="B")),
    ...     links=(Link(source="a", target="b", type="formal"),
    ...            Link(source="b", target="a", type="referral")),
    ... )
    >>> net = Network(data)
    >>> net.graph.number_of_edges(), net.partnerships().number_of_edges()
    (2, 1)
    >>> net.linked("b", "a"), net.igraph.ecount(), net.degrees.tolist()
    (True, 1, [1, 1])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from partenariat.model import Dataset, Organisation, Service

if TYPE_CHECKING:
    import igraph
    import networkx as nx
    import polars as pl
    import scipy.sparse

Codes = npt.NDArray[np.int64]
T = TypeVar("T")


class Network:
    """Organisations and their links, coded as integers once for every analysis."""

    def __init__(self, dataset: Dataset, *, scope: tuple[str, ...] = ()) -> None:
        self.dataset = dataset
        #: The study area: territory codes whose leaves the analyses examine (all if empty).
        self.scope = scope
        self._memo: dict[Hashable, Any] = {}

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per network and ``key``: every output of one run (text, map,
        report) shares one computation of each analysis."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    def memoised(self, key: Hashable) -> Any:
        """What :meth:`memo` holds for ``key`` (``None`` when nothing computed it yet)."""
        return self._memo.get(key)

    @classmethod
    def from_path(cls, path: str | Path) -> Network:
        """Load and validate a data folder or workbook, then build its network."""
        from partenariat.io.folder import load

        return cls(load(path))

    # -- identities ---------------------------------------------------------------------

    @cached_property
    def organisations(self) -> dict[str, Organisation]:
        """Organisations by id, in input order (their records: for the analyses,
        :meth:`attribute` reads a column without building them)."""
        return {org.id: org for org in self.dataset.organisations}

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Organisation ids in code order (sorted)."""
        return tuple(sorted(self.dataset.organisation_ids()))

    @cached_property
    def index(self) -> dict[str, int]:
        """The code of each organisation id."""
        return {org_id: code for code, org_id in enumerate(self.ids)}

    def codes(self, org_ids: Any) -> Codes:
        """Codes of ``org_ids``, an iterable of ids or a polars string column (-1 for an
        id that is not an organisation, or a missing one)."""
        import polars as pl

        if isinstance(org_ids, pl.Series):
            ids = pl.Series(self.ids, dtype=pl.String)
            found = org_ids.cast(pl.String).replace_strict(
                ids,
                pl.Series(np.arange(len(ids), dtype=np.int64)),
                default=-1,
                return_dtype=pl.Int64,
            )
            return np.asarray(found.fill_null(-1).to_numpy(), dtype=np.int64)
        get = self.index.get
        return np.fromiter((get(i, -1) for i in org_ids), dtype=np.int64)

    @property
    def size(self) -> int:
        return len(self.ids)

    @cached_property
    def services(self) -> dict[str, tuple[Service, ...]]:
        """Services by organisation id (only organisations that have some)."""
        grouped: dict[str, list[Service]] = defaultdict(list)
        for service in self.dataset.services:
            grouped[service.organisation].append(service)
        return {org: tuple(items) for org, items in grouped.items()}

    def name(self, org_id: str) -> str:
        """The name of an organisation, or its id when it is not in the dataset."""
        return self._names.get(org_id, org_id)

    @cached_property
    def _names(self) -> dict[str, str]:
        return dict(zip(self.ids, self.attribute("name"), strict=True))

    def attribute(self, name: str) -> list[Any]:
        """One column of the organisations (``name``, ``type``, ``territories``...), in code
        order, read from the columns without building the records.

        >>> from partenariat.model import Dataset, Organisation
        >>> network = Network(Dataset(organisations=(Organisation(id="b", name="B", type="CCAS"),
        ...                                          Organisation(id="a", name="A"))))
        >>> network.attribute("type"), network.attribute("fields")
        ([None, 'CCAS'], [[], []])
        """
        return self._in_code_order[name].to_list()

    @cached_property
    def _in_code_order(self) -> pl.DataFrame:
        frame = self.dataset.organisation_columns().frame
        return frame[np.argsort(self.codes(frame["id"]), kind="stable")]

    # -- the compiled partnership graph --------------------------------------------------

    @cached_property
    def _pairs(self) -> tuple[Codes, Codes, Codes]:
        frame = self.dataset.link_columns().frame
        u, v = self.codes(frame["source"]), self.codes(frame["target"])
        keep = (u >= 0) & (v >= 0) & (u != v)
        low, high = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
        keys, counts = np.unique(low * max(self.size, 1) + high, return_counts=True)
        n = max(self.size, 1)
        return keys // n, keys % n, counts.astype(np.int64)

    @property
    def pairs(self) -> tuple[Codes, Codes]:
        """The linked pairs ``(u, v)`` with ``u < v``, sorted: one per partnership."""
        u, v, _ = self._pairs
        return u, v

    @property
    def pair_links(self) -> Codes:
        """How many links each pair of :attr:`pairs` merges."""
        return self._pairs[2]

    @cached_property
    def pair_keys(self) -> Codes:
        """``u * size + v`` for each linked pair (sorted): membership by binary search."""
        u, v = self.pairs
        return u * max(self.size, 1) + v

    def prepare(self) -> None:
        """Build the cached arrays now, before threads read them side by side."""
        _ = self.csr, self.pair_keys, self.degrees

    def linked_codes(self, a: Codes, b: Codes) -> npt.NDArray[np.bool_]:
        """Element-wise: is pair ``(a[i], b[i])`` linked? (vectorised, either order)."""
        low, high = np.minimum(a, b), np.maximum(a, b)
        return sorted_member(self.pair_keys, low * max(self.size, 1) + high)

    @cached_property
    def csr(self) -> scipy.sparse.csr_array:
        """The symmetric adjacency matrix of the partnership graph (boolean, CSR)."""
        import scipy.sparse

        u, v = self.pairs
        n = self.size
        data = np.ones(2 * len(u), dtype=bool)
        return scipy.sparse.csr_array(
            (data, (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(n, n)
        )

    @cached_property
    def degrees(self) -> Codes:
        """The number of partners of each organisation, by code."""
        u, v = self.pairs
        return np.bincount(np.concatenate([u, v]), minlength=self.size).astype(np.int64)

    @cached_property
    def igraph(self) -> igraph.Graph:
        """The partnership graph compiled by igraph (vertex i is organisation code i)."""
        igraph = import_igraph()
        u, v = self.pairs
        graph = igraph.Graph(n=self.size)
        graph.add_edges(np.column_stack([u, v]))
        return graph

    def neighbours(self, code: int) -> Codes:
        """The partners of organisation ``code``, sorted."""
        matrix = self.csr
        return np.asarray(
            matrix.indices[matrix.indptr[code] : matrix.indptr[code + 1]], dtype=np.int64
        )

    def linked(self, a: str, b: str) -> bool:
        """True when any link, of any type or direction, joins ``a`` and ``b``."""
        if a not in self.index or b not in self.index:
            return False
        return bool(self.linked_codes(np.array([self.index[a]]), np.array([self.index[b]]))[0])

    # -- networkx views, built on demand ---------------------------------------------------

    @cached_property
    def graph(self) -> nx.MultiDiGraph[str]:
        """Every organisation (with its attributes) and every link, as networkx sees them."""
        return _build_graph(self.dataset)

    def partnerships(self) -> nx.Graph[str]:
        """The undirected simple graph: an edge when any link joins two organisations.

        Self-links are left out. The edge attribute ``links`` counts the links merged. Nodes
        and edges are in sorted order, so that results never depend on the rows' order.
        """
        return self._partnerships

    @cached_property
    def _partnerships(self) -> nx.Graph[str]:
        import networkx as nx

        ids = self.ids
        simple: nx.Graph[str] = nx.Graph()
        simple.add_nodes_from(ids)
        u, v = self.pairs
        simple.add_edges_from(
            (ids[a], ids[b], {"links": int(n)})
            for a, b, n in zip(u.tolist(), v.tolist(), self.pair_links.tolist(), strict=True)
        )
        return simple

    def __repr__(self) -> str:
        return f"<Network {self.size} organisations, {self.dataset.counts()['links']} links>"


def sorted_member(sorted_keys: Codes, wanted: Codes) -> npt.NDArray[np.bool_]:
    """Element-wise: is ``wanted[i]`` in ``sorted_keys``? Many queries against fewer keys
    are hashed by polars (six times a binary search for millions of queries against the
    national partnerships); otherwise each is searched in the sorted keys (building a hash
    set of millions of keys would cost more), in order (see :func:`sorted_positions`).

    >>> sorted_member(np.array([2, 5, 9]), np.array([9, 1, 5])).tolist()
    [True, False, True]
    """
    if not len(sorted_keys) or not len(wanted):
        return np.zeros(len(wanted), dtype=bool)
    if len(wanted) > _HASHED_FROM and len(sorted_keys) * 4 < len(wanted):
        import polars as pl

        keys = pl.Series(sorted_keys).implode()
        return np.asarray(pl.Series(wanted).is_in(keys).to_numpy(), dtype=bool)
    return sorted_positions(sorted_keys, wanted)[0]


def sorted_positions(sorted_keys: Codes, wanted: Codes) -> tuple[npt.NDArray[np.bool_], Codes]:
    """Element-wise: is ``wanted[i]`` in ``sorted_keys`` (not empty), and where (a valid
    position either way). The queries are searched in order, each search starting where the
    previous one ended: random searches in millions of keys miss the cache, two to eight
    times slower. Queries made of a few sorted runs (the pairs of a sparse product) are
    searched run by run; others are sorted first.

    >>> [a.tolist() for a in sorted_positions(np.array([2, 5, 9]), np.array([9, 1, 5]))]
    [[True, False, True], [2, 0, 1]]
    """
    breaks = np.flatnonzero(wanted[1:] < wanted[:-1]) + 1
    last = len(sorted_keys) - 1
    if len(breaks) <= _RUNS_SEARCHED:
        position = np.empty(len(wanted), dtype=np.int64)
        bounds = np.r_[0, breaks, len(wanted)].tolist()
        for start, stop in pairwise(bounds):
            position[start:stop] = np.searchsorted(sorted_keys, wanted[start:stop])
        np.minimum(position, last, out=position)
        return sorted_keys[position] == wanted, position
    order = np.argsort(wanted)
    found, at = sorted_positions(sorted_keys, wanted[order])
    member, position = np.empty(len(wanted), dtype=bool), np.empty(len(wanted), dtype=np.int64)
    member[order], position[order] = found, at
    return member, position


#: Queries in at most this many sorted runs are searched run by run, not sorted first.
_RUNS_SEARCHED = 16


def distinct(values: Codes) -> Codes:
    """The distinct values, sorted, by one sort: numpy 2's ``np.unique`` without
    ``return_*`` hashes instead, fifty times slower on millions of distinct integers.

    >>> distinct(np.array([5, 1, 5, 3])).tolist()
    [1, 3, 5]
    """
    ordered = np.sort(np.ravel(values))
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


#: From this many queries, a membership test hashes the keys instead of searching them.
_HASHED_FROM = 50_000


def ranges(low: Codes, high: Codes) -> tuple[Codes, Codes]:
    """Every position of the ranges ``low[i]:high[i]``, with the range ``i`` it is in: a
    join of each range's owner to its rows, as integer arrays.

    >>> [a.tolist() for a in ranges(np.array([0, 5]), np.array([2, 8]))]
    [[0, 0, 1, 1, 1], [0, 1, 5, 6, 7]]
    """
    sizes = high - low
    rows = np.repeat(np.arange(len(low)), sizes)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return rows, np.repeat(low, sizes) + offsets


def import_igraph() -> Any:
    """igraph, imported when a computation first needs it (never at ``import partenariat``).

    Imported as it is: no trick on other libraries' modules, so that a notebook that plots
    with igraph and matplotlib works as igraph documents it.
    """
    import igraph

    return igraph


def _build_graph(dataset: Dataset) -> nx.MultiDiGraph[str]:
    import networkx as nx

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for org in dataset.organisations:
        attributes: dict[str, Any] = org.model_dump(exclude={"id", "extra"})
        attributes.update(dict(org.extra))
        graph.add_node(org.id, **attributes)
    for link in dataset.links:
        graph.add_edge(
            link.source,
            link.target,
            type=link.type,
            directed=link.directed,
            since=link.since,
            weight=link.weight,
            note=link.note,
        )
    return graph
