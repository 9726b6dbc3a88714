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
- **Betweenness**: exact (igraph) up to 20,000 organisations, else estimated from 100 to
  500 source organisations (as many as a fixed amount of work allows) drawn with a fixed
  seed (the result says which).
- **Communities**: Leiden maximising modularity (igraph), with a fixed seed and a
  resolution (default 1); networkx's Louvain finds the same communities when they are clear.

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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from partenariat.background import Background
from partenariat.jsonout import record
from partenariat.lazy import Rows
from partenariat.network import GRAPH_WORK, Network, import_igraph
from partenariat.text import fold

if TYPE_CHECKING:
    import networkx as nx

#: Betweenness is exact up to this many organisations, estimated from a sample above.
EXACT_BETWEENNESS_UP_TO = 20_000
#: The sample's sources: as many as a work budget allows (each source visits every
#: partnership once), within these bounds. 250 sources for 240,000 partnerships.
BETWEENNESS_SAMPLE = (100, 500)
BETWEENNESS_BUDGET = 60_000_000
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
    pair_counts = Counter(
        zip(np.minimum(su, sv).tolist(), np.maximum(su, sv).tolist(), strict=True)
    )
    label = ("unknown", *sector_names)
    pairs: Counter[tuple[str, ...]] = Counter()
    for (a, b), count in pair_counts.items():
        pairs[tuple(sorted((label[a + 1], label[b + 1])))] += count
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
    order = np.lexsort((np.arange(len(membership)), membership))
    cuts = np.flatnonzero(np.diff(membership[order])) + 1
    groups = [tuple(ids[i] for i in part.tolist()) for part in np.split(order, cuts)]
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
    return _groups(network, _components(network))


def isolated(
    network: Network, components: tuple[tuple[str, ...], ...] | None = None
) -> tuple[Isolated, ...]:
    """Organisations with no link, or outside the largest connected component
    (``components``: those of :func:`components_by_size`, when already found)."""
    if components is None:
        components = components_by_size(network)
    degrees, index = network.degrees, network.index
    result: list[Isolated] = []
    for rank, component in enumerate(components):
        for node in component:
            if degrees[index[node]] == 0:
                result.append(Isolated(node, "no-link"))
            elif rank > 0:
                result.append(Isolated(node, "outside-main-component"))
    return tuple(sorted(result, key=lambda i: i.organisation))


def _components(network: Network) -> Codes:
    """The connected component of each organisation (computed once per network, by scipy
    over the adjacency: no graph to compile)."""

    def compute() -> Codes:
        from scipy.sparse.csgraph import connected_components

        if network.size == 0:
            return np.zeros(0, dtype=np.int64)
        _, labels = connected_components(network.csr, directed=False)
        return np.asarray(labels, dtype=np.int64)

    return network.memo("components", compute)


def brokers(network: Network) -> tuple[Broker, ...]:
    """Articulation points with how many organisations each alone connects, most first."""
    ids, degrees = network.ids, network.degrees
    facts = _graph_facts(network)
    cut = (
        facts.brokers
        if facts is not None
        else _all_cut_offs(network.csr.indptr, network.csr.indices, _components(network))
    )
    result = [Broker(ids[node], cut_off, int(degrees[node])) for node, cut_off in cut.tolist()]
    return tuple(sorted(result, key=lambda b: (-b.cut_off, -b.degree, b.organisation)))


def _all_cut_offs(indptr: Codes, indices: Codes, membership: Codes) -> Codes:
    """Rows ``(node, cut_off)`` for every articulation point, component by component."""
    sizes = np.bincount(membership) if len(membership) else np.zeros(0, dtype=np.int64)
    roots: dict[int, int] = {}
    for code, component in enumerate(membership.tolist()):
        roots.setdefault(component, code)
    starts, ends = indptr.tolist(), indices.tolist()
    found = [
        (node, cut_off)
        for component, root in roots.items()
        if sizes[component] >= 3
        for node, cut_off in _cut_offs(starts, ends, root, int(sizes[component])).items()
    ]
    return np.array(found, dtype=np.int64).reshape(-1, 2)


def _cut_offs(indptr: list[int], indices: list[int], root: int, size: int) -> dict[int, int]:
    """For each articulation point of the component of ``root``, the size of all but its
    largest part.

    One iterative depth-first search (Tarjan's low-point) over the CSR arrays,
    O(nodes + links).
    """
    order: dict[int, int] = {root: 0}
    low: dict[int, int] = {root: 0}
    subtree: dict[int, int] = {root: 1}
    separated: dict[int, list[int]] = {}
    stack: list[tuple[int, int, int]] = [(root, -1, indptr[root])]
    while stack:
        node, parent, position = stack[-1]
        end = indptr[node + 1]
        advanced = False
        while position < end:
            neighbour = indices[position]
            position += 1
            if neighbour == parent:
                continue
            if neighbour in order:
                if order[neighbour] < low[node]:
                    low[node] = order[neighbour]
                continue
            stack[-1] = (node, parent, position)
            order[neighbour] = low[neighbour] = len(order)
            subtree[neighbour] = 1
            stack.append((neighbour, node, indptr[neighbour]))
            advanced = True
            break
        if advanced:
            continue
        stack.pop()
        if parent >= 0:
            subtree[parent] += subtree[node]
            low[parent] = min(low[parent], low[node])
            if low[node] >= order[parent]:
                separated.setdefault(parent, []).append(subtree[node])
    result: dict[int, int] = {}
    for node, parts in separated.items():
        if node == root and len(parts) < 2:
            continue
        rest = size - 1 - sum(parts)
        all_parts = [*parts, rest] if rest > 0 else parts
        result[node] = size - 1 - max(all_parts)
    return result


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
    """Normalised betweenness by code: exact with igraph up to 20,000 organisations, above
    that estimated from a sample of source organisations (:data:`BETWEENNESS_SAMPLE`,
    sized by :data:`BETWEENNESS_BUDGET`) drawn with a fixed seed
    (the method string says which)."""
    return network.memo("betweenness", lambda: _betweenness(network))


#: From this many organisations, a diagnosis computes what igraph finds in a second process.
BACKGROUND_FROM = 1_000


def start_betweenness(network: Network, resolution: float = 1.0) -> None:
    """Begin, in a second process (see :mod:`partenariat.background`), what igraph computes
    for a diagnosis of a large network: the betweenness, the communities at ``resolution``,
    the k-cores, the triangles and the brokers (:class:`GraphFacts`); the analyses then
    take them from there. Small networks are computed in place when asked."""
    if network.size >= BACKGROUND_FROM:
        network.memo(GRAPH_WORK, lambda: _betweenness_task(network, resolution))


@dataclass(frozen=True)
class GraphFacts:
    """What igraph computes for a diagnosis, by organisation code: computed together in a
    second process while the first goes on with the other analyses."""

    resolution: float
    betweenness: Floats
    """Raw (unnormalised) betweenness, over every source or the sampled ones."""
    membership: Codes
    """Leiden community of each organisation (modularity, at ``resolution``, seeded)."""
    modularity: float | None
    coreness: Codes
    triangles: Codes
    """Rows of three codes."""
    brokers: Codes
    """Rows ``(node, cut_off)``."""


def graph_facts(
    size: int, u: Codes, v: Codes, sources: list[int] | None, resolution: float
) -> GraphFacts:
    """The :class:`GraphFacts` of the graph with edges ``(u[i], v[i])`` (the job of the
    second process: it gets integer arrays only).

    >>> import numpy as np
    >>> facts = graph_facts(4, np.array([0, 1, 2]), np.array([1, 2, 3]), None, 1.0)
    >>> facts.betweenness.tolist(), sorted(facts.brokers.tolist())
    ([0.0, 2.0, 2.0, 0.0], [[1, 1], [2, 1]])
    """
    igraph = import_igraph()  # scipy is not imported here: the child starts sooner
    graph = igraph.Graph(n=size)
    graph.add_edges(np.column_stack([u, v]))
    betweenness = (
        graph.betweenness(directed=False)
        if sources is None
        else graph.betweenness(directed=False, sources=sources)
    )
    membership, modularity = _seeded_leiden(graph, resolution)
    components = np.asarray(graph.connected_components().membership, dtype=np.int64)
    rows, columns = np.r_[u, v], np.r_[v, u]
    order = np.argsort(rows, kind="stable")
    indptr = np.r_[0, np.cumsum(np.bincount(rows, minlength=size))]
    return GraphFacts(
        resolution,
        np.asarray(betweenness, dtype=float),
        membership,
        modularity,
        np.asarray(graph.coreness(), dtype=np.int64),
        np.asarray(graph.list_triangles(), dtype=np.int64).reshape(-1, 3),
        _all_cut_offs(indptr, columns[order], components),
    )


def graph_facts_ready(network: Network) -> bool:
    """Whether what igraph computes for a diagnosis can be read without waiting for the
    second process (true too when nothing was begun there)."""
    task = network.memoised(GRAPH_WORK)
    return task is None or bool(task.ready())


def _graph_facts(network: Network, resolution: float | None = None) -> GraphFacts | None:
    """The facts computed for a diagnosis (at ``resolution`` when given), if any."""
    task = network.memoised(GRAPH_WORK)
    if task is None or (resolution is not None and task.argument(-1) != resolution):
        return None
    facts: GraphFacts = task.result()
    return facts


def _sources(n: int, partnerships: int) -> list[int] | None:
    """The source organisations of the sample, or ``None`` for the exact computation.

    >>> len(_sources(60_000, 240_000)), len(_sources(200_000, 800_000)), _sources(500, 9)
    (250, 100, None)
    """
    if n <= EXACT_BETWEENNESS_UP_TO:
        return None
    fewest, most = BETWEENNESS_SAMPLE
    count = min(most, max(fewest, BETWEENNESS_BUDGET // max(partnerships, 1)), n)
    return sorted(random.Random(SEED).sample(range(n), count))


def _betweenness_task(network: Network, resolution: float) -> Background:
    u, v = network.pairs
    sources = _sources(network.size, len(u))
    return Background.start(graph_facts, network.size, u, v, sources, resolution)


def _betweenness(network: Network) -> tuple[Floats, str]:
    n = network.size
    if n <= 2:
        return np.zeros(n), "exact"
    scale = 2 / ((n - 1) * (n - 2))
    facts = _graph_facts(network)
    sources = _sources(n, len(network.pairs[0]))
    if facts is not None:
        raw = facts.betweenness
    elif sources is None:
        raw = np.asarray(network.igraph.betweenness(directed=False), dtype=float)
    else:
        raw = np.asarray(network.igraph.betweenness(directed=False, sources=sources), dtype=float)
    if sources is None:
        return raw * scale, "exact"
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
    facts = _graph_facts(network, resolution)
    membership, modularity = (
        (facts.membership, facts.modularity)
        if facts is not None
        else _seeded_leiden(network.igraph, resolution)
    )
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
