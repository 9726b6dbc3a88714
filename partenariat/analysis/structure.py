"""The shape of the partnership network: isolated actors, brokers, components, communities.

All measures use the undirected partnership graph (two organisations are linked when any
link, of any type or direction, joins them; self-links are ignored).

- **Isolated**: no link at all (``no-link``), or in a connected component other than the
  largest (``outside-main-component``; between components of equal size the largest is the
  one holding the smallest id).
- **Peripheral**: exactly one partner.
- **Broker**: an articulation point — removing it disconnects its component. ``cut_off`` is
  how many organisations it alone connects to the rest: those left outside the largest
  remaining part of its component when it is removed.
- **Density** = links / (n (n - 1) / 2); **average degree** = 2 links / n;
  **degree centralisation** (Freeman) = sum(max degree - degree) / ((n - 1)(n - 2)).
- **Betweenness** (igraph): one shortest-path search from a source organisation visits
  every partnership, so the work is sources x partnerships. Exact (every organisation a
  source) while organisations x partnerships stays within :data:`BETWEENNESS_BUDGET`;
  above it, estimated from budget // partnerships sources (at least 100) drawn with a fixed
  seed, so the work, the time and the sample grow smoothly with the network, with no
  threshold where they jump (the result says which).
- **Communities**: Leiden maximising modularity (igraph), with a fixed seed and a
  resolution (default 1); networkx's Louvain finds the same communities when they are clear.

Everything is computed in place when first asked, once per network (``Network.memo``).

Examples:
    >>> from partenariat.model import Dataset, Link, Organisation
    >>> from partenariat.network import Network
    >>> orgs = tuple(Organisation(id=i, name=i) for i in "abcdxyz")
    >>> links = tuple(Link(source=s, target=t) for s, t in ["ab", "bc", "cd", "xy"])
    >>> result = structure(Network(Dataset(organisations=orgs, links=links)))
    >>> [(i.organisation, i.reason) for i in result.isolated]
    [('x', 'outside-main-component'), ('y', 'outside-main-component'), ('z', 'no-link')]
    >>> [(b.organisation, b.cut_off) for b in result.brokers]
    [('b', 1), ('c', 1)]
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from partenariat.jsonout import record
from partenariat.lazy import Rows
from partenariat.network import Network, distinct, import_igraph
from partenariat.text import fold

if TYPE_CHECKING:
    import networkx as nx

#: The betweenness's work, in partnership visits (sources x partnerships): exact while
#: organisations x partnerships stays within it (up to about 1,600 organisations with four
#: partnerships each, about 0.1 s), else as many sources as it allows: a département of
#: 2,500 organisations and 10,000 partnerships, 1,000 sources in about 0.2 s instead of
#: 0.5 s exact (the 15 most central organisations: 12 the same; Spearman's rho 0.98).
BETWEENNESS_BUDGET = 10_000_000
#: The fewest sources of a sample (past 100,000 partnerships the budget is exceeded).
FEWEST_SOURCES = 100
SEED = 42

Codes = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

Reason = Literal["no-link", "outside-main-component"]
Sector = Literal["public", "association", "private"]


@dataclass(frozen=True)
class Isolated:
    organisation: str
    reason: Reason


@dataclass(frozen=True)
class Broker:
    organisation: str
    cut_off: int
    degree: int


@dataclass(frozen=True)
class Centrality:
    organisation: str
    degree: int
    betweenness: float


@dataclass(frozen=True)
class StructureResult:
    """Every structural measure of a network."""

    organisations: int
    partnerships: int
    links: int
    density: float
    average_degree: float
    degree_centralisation: float
    isolated: tuple[Isolated, ...]
    peripheral: tuple[str, ...]
    brokers: tuple[Broker, ...]
    components: tuple[tuple[str, ...], ...]
    communities: tuple[tuple[str, ...], ...]
    modularity: float | None
    resolution: float
    centrality: Sequence[Centrality]
    """Every organisation, most central first (built when read)."""
    betweenness_method: str
    link_types: tuple[tuple[str, int], ...]
    formal_share: float | None
    informal_share: float | None
    sectors: tuple[tuple[str, int], ...]
    cross_sector_partnerships: int
    sector_pairs: tuple[tuple[str, str, int], ...]

    def to_dict(self, *, limit: int | None = None) -> dict[str, Any]:
        """The JSON of the structure, each list cut to ``limit`` entries."""
        return {
            "organisations": self.organisations,
            "partnerships": self.partnerships,
            "links": self.links,
            "density": self.density,
            "average_degree": self.average_degree,
            "degree_centralisation": self.degree_centralisation,
            "isolated": [record(i) for i in self.isolated[:limit]],
            "peripheral": list(self.peripheral[:limit]),
            "brokers": [record(b) for b in self.brokers[:limit]],
            "components": [
                {"size": len(c), "organisations": list(c)} for c in self.components[:limit]
            ],
            "communities": {
                "resolution": self.resolution,
                "modularity": self.modularity,
                "groups": [list(c) for c in self.communities[:limit]],
            },
            "centrality": {
                "betweenness_method": self.betweenness_method,
                "organisations": [record(c) for c in self.centrality[:limit]],
            },
            "link_types": dict(self.link_types),
            "formal_share": self.formal_share,
            "informal_share": self.informal_share,
            "sectors": dict(self.sectors),
            "cross_sector_partnerships": self.cross_sector_partnerships,
            "sector_pairs": [
                {"sectors": [a, b], "partnerships": n} for a, b, n in self.sector_pairs
            ],
        }


def structure(network: Network, *, resolution: float = 1.0) -> StructureResult:
    """Every structural measure of ``network`` (computed once per network and resolution)."""
    return network.memo(("structure", resolution), lambda: _structure(network, resolution))


def _structure(network: Network, resolution: float) -> StructureResult:
    n = network.size
    u, v = network.pairs
    m = len(u)
    degrees = network.degrees
    ids = network.ids
    components = components_by_size(network)
    betweenness, method = betweenness_centrality(network)
    communities, modularity = louvain(network, resolution)
    link_types = network.dataset.link_columns().frame["type"].fill_null("unspecified")
    types = Counter(
        dict(zip(*link_types.value_counts().to_dict(as_series=False).values(), strict=True))
    )
    total_links = int(link_types.len())
    sector_names = ("public", "association", "private")
    sectors = list(map(sector_of, network.attribute("sector"), network.attribute("type")))
    sector_code = np.array([sector_names.index(s) if s else -1 for s in sectors], dtype=np.int64)
    su, sv = sector_code[u], sector_code[v]
    # partnerships by pair of sectors (-1, unknown, coded 0; then the sectors' codes)
    pair_counts = np.bincount((np.minimum(su, sv) + 1) * 4 + np.maximum(su, sv) + 1, minlength=16)
    label = ("unknown", *sector_names)
    pairs: Counter[tuple[str, ...]] = Counter()
    for code in np.flatnonzero(pair_counts).tolist():
        pairs[tuple(sorted((label[code // 4], label[code % 4])))] += int(pair_counts[code])
    order = np.lexsort((np.arange(n), -degrees, -np.round(betweenness, 6)))
    return StructureResult(
        organisations=n,
        partnerships=m,
        links=total_links,
        density=round(2 * m / (n * (n - 1)), 6) if n > 1 else 0.0,
        average_degree=round(2 * m / n, 4) if n else 0.0,
        degree_centralisation=degree_centralisation(degrees),
        isolated=isolated(network, components),
        peripheral=tuple(ids[i] for i in np.flatnonzero(degrees == 1)),
        brokers=brokers(network),
        components=components,
        communities=communities,
        modularity=modularity,
        resolution=resolution,
        centrality=Rows(
            n,
            lambda k: Centrality(
                ids[order[k]], int(degrees[order[k]]), round(float(betweenness[order[k]]), 6)
            ),
        ),
        betweenness_method=method,
        link_types=tuple(sorted(types.items())),
        formal_share=round(types["formal"] / total_links, 4) if total_links else None,
        informal_share=round(types["informal"] / total_links, 4) if total_links else None,
        sectors=tuple(sorted(Counter(s or "unknown" for s in sectors).items())),
        cross_sector_partnerships=int(np.sum((su >= 0) & (sv >= 0) & (su != sv))),
        sector_pairs=tuple(sorted((a, b, count) for (a, b), count in pairs.items())),
    )


def _groups(network: Network, membership: Codes) -> tuple[tuple[str, ...], ...]:
    """Groups of organisations from a membership array, each sorted, largest first; equal
    sizes ordered by their smallest id."""
    ids = network.ids
    if len(membership) == 0:
        return ()
    order = np.argsort(membership, kind="stable")
    bounds = [0, *(np.flatnonzero(np.diff(membership[order])) + 1).tolist(), len(order)]
    names = [ids[i] for i in order.tolist()]
    groups = [tuple(names[start:stop]) for start, stop in pairwise(bounds)]
    return tuple(sorted(groups, key=lambda c: (-len(c), c[0])))


def components_by_size(network: Network | nx.Graph[str]) -> tuple[tuple[str, ...], ...]:
    """Connected components, largest first; equal sizes ordered by their smallest id.

    Given a networkx graph instead of a network, networkx finds them (the reference the
    tests compare igraph with).
    """
    if not isinstance(network, Network):
        import networkx as nx

        found = [tuple(sorted(c)) for c in nx.connected_components(network)]
        return tuple(sorted(found, key=lambda c: (-len(c), c[0])))
    graph = network
    return graph.memo("components-by-size", lambda: _groups(graph, _components(graph)))


def isolated(
    network: Network, components: tuple[tuple[str, ...], ...] | None = None
) -> tuple[Isolated, ...]:
    """Organisations with no link, or outside the largest connected component, by id
    (``components``: those of :func:`components_by_size`, when already found: the first is
    the largest)."""
    membership, ids = _components(network), network.ids
    if not len(membership):
        return ()
    if components is not None:
        main = membership[bisect_left(ids, components[0][0])]
    else:  # the largest component; between equal sizes, the one holding the smallest id
        sizes = np.bincount(membership)
        smallest = np.unique(membership, return_index=True)[1]
        main = np.lexsort((smallest, -sizes))[0]
    linked = network.degrees > 0
    reasons: tuple[Reason, Reason] = ("no-link", "outside-main-component")
    apart = np.flatnonzero(~linked | (membership != main))
    return tuple(Isolated(ids[i], reasons[int(linked[i])]) for i in apart.tolist())


def _components(network: Network) -> Codes:
    """The connected component of each organisation (computed once per network, by igraph:
    the graph the betweenness and the communities need)."""

    def compute() -> Codes:
        if network.size == 0:
            return np.zeros(0, dtype=np.int64)
        found = import_igraph().GraphBase.connected_components(network.igraph)
        return np.asarray(found, dtype=np.int64)

    return network.memo("components", compute)


def brokers(network: Network) -> tuple[Broker, ...]:
    """Articulation points with how many organisations each alone connects, most first
    (computed once per network)."""
    return network.memo("brokers", lambda: _brokers(network))


def _brokers(network: Network) -> tuple[Broker, ...]:
    ids, degrees = network.ids, network.degrees
    cut = _cut_offs(network)
    result = [Broker(ids[node], cut_off, int(degrees[node])) for node, cut_off in cut.tolist()]
    return tuple(sorted(result, key=lambda b: (-b.cut_off, -b.degree, b.organisation)))


def _cut_offs(network: Network) -> Codes:
    """Rows ``(node, cut_off)`` for every articulation point: the size of its component,
    less itself and the largest part left when it is removed.

    igraph finds the blocks (biconnected components) and the articulation points; in the
    block-cut tree (a node per block, weighing its organisations that are not articulation
    points, and one per articulation point, weighing 1, linked to its blocks) the parts
    left when an articulation point is removed are its subtrees and the rest of the tree.

    >>> from partenariat.model import Dataset, Link, Organisation
    >>> edges = ["ha", "hb", "ab", "bc", "ca", "hx", "xy", "yz"]
    >>> orgs = tuple(Organisation(id=i, name=i) for i in "abchxyz")
    >>> links = tuple(Link(source=s, target=t) for s, t in edges)
    >>> network = Network(Dataset(organisations=orgs, links=links))
    >>> [(network.ids[node], cut_off) for node, cut_off in _cut_offs(network).tolist()]
    [('h', 3), ('x', 2), ('y', 1)]
    """
    none = np.zeros((0, 2), dtype=np.int64)
    if len(network.pairs[0]) < 2:
        return none
    igraph = import_igraph()
    trees, found = igraph.GraphBase.biconnected_components(network.igraph, True)
    if not found:
        return none
    n, u, v = network.size, *network.pairs
    points = np.sort(np.asarray(found, dtype=np.int64))
    blocks = len(trees)
    # a block's spanning tree joins its organisations: one edge fewer than they are
    counts = np.fromiter(map(len, trees), dtype=np.int64, count=blocks)
    edges = np.fromiter(chain.from_iterable(trees), dtype=np.int64, count=int(counts.sum()))
    block = np.repeat(np.arange(blocks, dtype=np.int64), counts)
    # the articulation points of each block: the ends of its tree that are one
    is_point = np.zeros(n, dtype=bool)
    is_point[points] = True
    ends, end_block = np.r_[u[edges], v[edges]], np.r_[block, block]
    joint = is_point[ends]
    keys = distinct(end_block[joint] * n + ends[joint])
    point_block, point = keys // n, keys % n
    # the block-cut forest: blocks are nodes 0..blocks-1, articulation points follow; a
    # root (the last node) joins the first block of each tree
    weight = np.r_[
        counts + 1 - np.bincount(point_block, minlength=blocks), np.ones(len(points), np.int64)
    ]
    root = blocks + len(points)
    membership = _components(network)
    block_component = membership[u[edges[np.cumsum(counts) - counts]]]
    first = np.unique(block_component, return_index=True)[1]
    forest = igraph.Graph(n=root + 1)
    forest.add_edges(
        np.r_[
            np.column_stack([point_block, blocks + np.searchsorted(points, point)]),
            np.column_stack([first, np.full(len(first), root)]),
        ]
    )
    order, _, parent = igraph.GraphBase.bfs(forest, root)
    # subtree weights, leaves first
    below = weight.tolist()
    for node in reversed(order[1:]):
        above = parent[node]
        if above != root:
            below[above] += below[node]
    subtree = np.asarray(below, dtype=np.int64)
    # each articulation point's largest part: a block below it, or the rest of the tree
    largest = np.zeros(root, dtype=np.int64)
    up = np.asarray(parent[:blocks], dtype=np.int64)
    below_point = (up >= blocks) & (up < root)
    np.maximum.at(largest, up[below_point], subtree[:blocks][below_point])
    size = np.bincount(membership)[membership[points]]
    own = subtree[blocks:]
    cut_off = size - 1 - np.maximum(largest[blocks:], size - own)
    return np.column_stack([points, cut_off])


def degree_centralisation(degrees: Codes) -> float:
    """Freeman's degree centralisation: 1 for a star, 0 when every degree is equal.

    >>> degree_centralisation(np.array([3, 1, 1, 1])), degree_centralisation(np.array([2, 2, 2]))
    (1.0, 0.0)
    """
    n = len(degrees)
    if n < 3:
        return 0.0
    top = int(degrees.max())
    return round(float(np.sum(top - degrees)) / ((n - 1) * (n - 2)), 6)


def betweenness_centrality(network: Network) -> tuple[Floats, str]:
    """Normalised betweenness by code, and how it was found (computed once per network).

    Exact (igraph, from every organisation) while organisations x partnerships is within
    :data:`BETWEENNESS_BUDGET`; above it, estimated from ``budget // partnerships`` source
    organisations (at least :data:`FEWEST_SOURCES`, never more than the organisations)
    drawn with seed :data:`SEED`, like networkx's ``k`` and ``seed``: the method string is
    ``"exact"`` or ``"sampled: K sources, seed 42"``. The paths from the sampled sources are
    scaled up so that the estimate's expectation is the exact betweenness.
    """
    return network.memo("betweenness", lambda: _betweenness(network))


def betweenness_sources(n: int, partnerships: int) -> int:
    """How many organisations the betweenness searches from: all ``n`` (exact) while
    ``n`` x ``partnerships`` is within the budget, else as many as the budget allows (at
    least :data:`FEWEST_SOURCES`): a count that follows the network's size with no step.

    >>> betweenness_sources(1_500, 6_000), betweenness_sources(2_500, 10_000)
    (1500, 1000)
    >>> betweenness_sources(20_000, 80_000), betweenness_sources(20_001, 80_004)
    (125, 124)
    >>> betweenness_sources(60_000, 240_000), betweenness_sources(200_000, 800_000)
    (100, 100)
    """
    if n * partnerships <= BETWEENNESS_BUDGET:
        return n
    return min(n, max(FEWEST_SOURCES, BETWEENNESS_BUDGET // partnerships))


def _sources(n: int, partnerships: int) -> list[int] | None:
    """The source organisations of the sample, drawn with seed :data:`SEED`, or ``None``
    for the exact computation.

    >>> len(_sources(60_000, 240_000)), len(_sources(200_000, 800_000)), _sources(500, 9)
    (100, 100, None)
    """
    count = betweenness_sources(n, partnerships)
    if count >= n:
        return None
    return sorted(random.Random(SEED).sample(range(n), count))


def _betweenness(network: Network) -> tuple[Floats, str]:
    n = network.size
    if n <= 2:
        return np.zeros(n), "exact"
    scale = 2 / ((n - 1) * (n - 2))
    sources = _sources(n, len(network.pairs[0]))
    if sources is None:
        raw = np.asarray(network.igraph.betweenness(directed=False), dtype=float)
        return raw * scale, "exact"
    raw = np.asarray(network.igraph.betweenness(directed=False, sources=sources), dtype=float)
    k = len(sources)
    factor = np.full(n, (n - 1) / k)
    factor[sources] = (n - 1) / (k - 1)
    return raw * scale * factor, f"sampled: {k} sources, seed {SEED}"


def louvain(
    network: Network, resolution: float
) -> tuple[tuple[tuple[str, ...], ...], float | None]:
    """Communities (Leiden, modularity objective, fixed seed), largest first, and their
    modularity. Computed once per network and resolution."""
    return network.memo(("communities", resolution), lambda: _communities(network, resolution))


#: Leiden passes at most: real networks settle in a handful, a random-looking one can take
#: seventy passes for the last 2 % of modularity.
LEIDEN_ROUNDS = 12


def _leiden(graph: Any, resolution: float) -> list[int]:
    """Leiden (modularity) pass after pass from the previous partition, until a pass
    changes nothing or after :data:`LEIDEN_ROUNDS` passes."""
    membership: list[int] | None = None
    for _ in range(LEIDEN_ROUNDS):
        found = graph.community_leiden(
            objective_function="modularity",
            resolution=resolution,
            n_iterations=1,
            initial_membership=membership,
        ).membership
        if found == membership:
            break
        membership = found
    assert membership is not None
    return membership


def _communities(
    network: Network, resolution: float
) -> tuple[tuple[tuple[str, ...], ...], float | None]:
    if len(network.pairs[0]) == 0:
        return tuple((node,) for node in network.ids), None
    membership, modularity = _seeded_leiden(network.igraph, resolution)
    return _groups(network, membership), modularity


def _seeded_leiden(graph: Any, resolution: float) -> tuple[Codes, float | None]:
    """Leiden's communities of ``graph`` with the fixed seed, and their modularity (``None``
    without any edge)."""
    if graph.ecount() == 0:
        return np.arange(graph.vcount(), dtype=np.int64), None
    igraph = import_igraph()
    previous = random.getstate()
    igraph.set_random_number_generator(random.Random(SEED))
    try:
        found = _leiden(graph, resolution)
    finally:
        igraph.set_random_number_generator(random)
        random.setstate(previous)
    modularity = graph.modularity(found, resolution=resolution)
    return np.asarray(found, dtype=np.int64), round(float(modularity), 6)


_PUBLIC_WORDS = (
    "public",
    "publique",
    "departement",
    "conseil departemental",
    "region",
    "commune",
    "mairie",
    "ville",
    "ccas",
    "cias",
    "caf",
    "cpam",
    "msa",
    "carsat",
    "france services",
    "france travail",
    "pole emploi",
    "hopital",
    "hospitalier",
    "chu",
    "cmp",
    "pmi",
    "mdph",
    "education nationale",
    "etat",
    "prefecture",
    "ars",
    "epci",
    "clic",
    "pre",
    "information jeunesse",
    "service public",
    "bailleur social",
    "office public",
)
_ASSOCIATION_WORDS = (
    "association",
    "associatif",
    "federation",
    "union",
    "ligue",
    "club",
    "mission locale",
    "centre social",
    "chrs",
    "cidff",
    "udaf",
    "siao",
    "adil",
    "entraide",
    "reseau",
)
_PRIVATE_WORDS = (
    "private",
    "prive",
    "privee",
    "entreprise",
    "societe",
    "sarl",
    "sas",
    "liberal",
    "cabinet",
    "pharmacie",
    "clinique",
    "commerce",
)


@lru_cache(maxsize=1 << 14)
def sector_of(sector: str | None, type_: str | None) -> Sector | None:
    """The sector given (``public``, ``association``, ``private`` or French), else guessed
    from the type; ``None`` when unknown.

    >>> sector_of("Associatif", None), sector_of(None, "CCAS"), sector_of(None, "SCOP")
    ('association', 'public', None)
    """
    for text in (sector, type_):
        if not text:
            continue
        words = f" {fold(text)} "
        for sector_name, vocabulary in (
            ("association", _ASSOCIATION_WORDS),
            ("private", _PRIVATE_WORDS),
            ("public", _PUBLIC_WORDS),
        ):
            if any(f" {word} " in words for word in vocabulary):
                return sector_name  # type: ignore[return-value]
    return None
