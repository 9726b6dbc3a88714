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
- **Betweenness**: exact below 5,000 organisations, else estimated from a sample of source
  organisations drawn with a fixed seed (the result says which).
- **Communities**: Louvain with a fixed seed and a resolution (default 1).

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

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Literal

import networkx as nx

from partenariat.network import Network
from partenariat.perf import gc_paused
from partenariat.text import fold

EXACT_BETWEENNESS_BELOW = 5_000
BETWEENNESS_SAMPLE = 500
#: Without igraph, fewer sources: each costs a breadth-first search in Python.
BETWEENNESS_SAMPLE_PYTHON = 100
SEED = 42

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
    centrality: tuple[Centrality, ...]
    betweenness_method: str
    link_types: tuple[tuple[str, int], ...]
    formal_share: float | None
    informal_share: float | None
    sectors: tuple[tuple[str, int], ...]
    cross_sector_partnerships: int
    sector_pairs: tuple[tuple[str, str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisations": self.organisations,
            "partnerships": self.partnerships,
            "links": self.links,
            "density": self.density,
            "average_degree": self.average_degree,
            "degree_centralisation": self.degree_centralisation,
            "isolated": [asdict(i) for i in self.isolated],
            "peripheral": list(self.peripheral),
            "brokers": [asdict(b) for b in self.brokers],
            "components": [{"size": len(c), "organisations": list(c)} for c in self.components],
            "communities": {
                "resolution": self.resolution,
                "modularity": self.modularity,
                "groups": [list(c) for c in self.communities],
            },
            "centrality": {
                "betweenness_method": self.betweenness_method,
                "organisations": [asdict(c) for c in self.centrality],
            },
            "link_types": dict(self.link_types),
            "formal_share": self.formal_share,
            "informal_share": self.informal_share,
            "sectors": dict(self.sectors),
            "cross_sector_partnerships": self.cross_sector_partnerships,
            "sector_pairs": [{"sectors": [a, b], "partnerships": n}
                             for a, b, n in self.sector_pairs],
        }


@gc_paused
def structure(network: Network, *, resolution: float = 1.0) -> StructureResult:
    """Every structural measure of ``network``."""
    graph = network.partnerships()
    n = graph.number_of_nodes()
    m = graph.number_of_edges()
    components = components_by_size(graph)
    betweenness, method = betweenness_centrality(graph)
    communities, modularity = louvain(graph, resolution)
    types = Counter(link.type or "unspecified" for link in network.dataset.links)
    total_links = len(network.dataset.links)
    sectors = {org.id: sector_of(org.sector, org.type) for org in network.dataset.organisations}
    pairs = Counter(
        tuple(sorted((sectors[a] or "unknown", sectors[b] or "unknown")))
        for a, b in graph.edges()
    )
    return StructureResult(
        organisations=n,
        partnerships=m,
        links=total_links,
        density=round(float(nx.density(graph)), 6) if n > 1 else 0.0,
        average_degree=round(2 * m / n, 4) if n else 0.0,
        degree_centralisation=degree_centralisation(graph),
        isolated=isolated(network, components),
        peripheral=tuple(sorted(node for node, degree in graph.degree() if degree == 1)),
        brokers=brokers(network),
        components=components,
        communities=communities,
        modularity=modularity,
        resolution=resolution,
        centrality=tuple(sorted(
            (Centrality(node, graph.degree(node), round(betweenness.get(node, 0.0), 6))
             for node in graph),
            key=lambda c: (-c.betweenness, -c.degree, c.organisation),
        )),
        betweenness_method=method,
        link_types=tuple(sorted(types.items())),
        formal_share=round(types["formal"] / total_links, 4) if total_links else None,
        informal_share=round(types["informal"] / total_links, 4) if total_links else None,
        sectors=tuple(sorted(Counter(s or "unknown" for s in sectors.values()).items())),
        cross_sector_partnerships=sum(
            1 for a, b in graph.edges() if sectors[a] and sectors[b] and sectors[a] != sectors[b]
        ),
        sector_pairs=tuple(sorted((a, b, count) for (a, b), count in pairs.items())),
    )


def components_by_size(graph: nx.Graph[str]) -> tuple[tuple[str, ...], ...]:
    """Connected components, largest first; equal sizes ordered by their smallest id."""
    found = [tuple(sorted(c)) for c in nx.connected_components(graph)]
    return tuple(sorted(found, key=lambda c: (-len(c), c[0])))


def isolated(network: Network, components: tuple[tuple[str, ...], ...] | None = None
             ) -> tuple[Isolated, ...]:
    """Organisations with no link, or outside the largest connected component
    (``components``: those of :func:`components_by_size`, when already found)."""
    graph = network.partnerships()
    if components is None:
        components = components_by_size(graph)
    result: list[Isolated] = []
    for rank, component in enumerate(components):
        for node in component:
            if graph.degree(node) == 0:
                result.append(Isolated(node, "no-link"))
            elif rank > 0:
                result.append(Isolated(node, "outside-main-component"))
    return tuple(sorted(result, key=lambda i: i.organisation))


def brokers(network: Network) -> tuple[Broker, ...]:
    """Articulation points with how many organisations each alone connects, most first."""
    graph = network.partnerships()
    result: list[Broker] = []
    for component in nx.connected_components(graph):
        if len(component) < 3:
            continue
        for node, cut_off in _cut_offs(graph, component).items():
            result.append(Broker(node, cut_off, graph.degree(node)))
    return tuple(sorted(result, key=lambda b: (-b.cut_off, -b.degree, b.organisation)))


def _cut_offs(graph: nx.Graph[str], component: set[str]) -> dict[str, int]:
    """For each articulation point of a component, the size of all but its largest part.

    One iterative depth-first search (Tarjan's low-point), O(nodes + links).
    """
    root = min(component)
    size = len(component)
    order: dict[str, int] = {root: 0}
    low: dict[str, int] = {root: 0}
    subtree: dict[str, int] = {root: 1}
    separated: dict[str, list[int]] = {}
    stack: list[tuple[str, str | None, Any]] = [(root, None, iter(sorted(graph[root])))]
    while stack:
        node, parent, neighbours = stack[-1]
        advanced = False
        for neighbour in neighbours:
            if neighbour == parent:
                continue
            if neighbour in order:
                low[node] = min(low[node], order[neighbour])
                continue
            order[neighbour] = low[neighbour] = len(order)
            subtree[neighbour] = 1
            stack.append((neighbour, node, iter(sorted(graph[neighbour]))))
            advanced = True
            break
        if advanced:
            continue
        stack.pop()
        if parent is not None:
            subtree[parent] += subtree[node]
            low[parent] = min(low[parent], low[node])
            if low[node] >= order[parent]:
                separated.setdefault(parent, []).append(subtree[node])
    result: dict[str, int] = {}
    for node, parts in separated.items():
        if node == root and len(parts) < 2:
            continue
        rest = size - 1 - sum(parts)
        all_parts = [*parts, rest] if rest > 0 else parts
        result[node] = size - 1 - max(all_parts)
    return result


def degree_centralisation(graph: nx.Graph[str]) -> float:
    """Freeman's degree centralisation: 1 for a star, 0 when every degree is equal."""
    n = int(graph.number_of_nodes())
    if n < 3:
        return 0.0
    degrees: list[int] = [int(d) for _, d in graph.degree()]
    top = max(degrees)
    return round(float(sum(top - d for d in degrees)) / ((n - 1) * (n - 2)), 6)


def betweenness_centrality(graph: nx.Graph[str]) -> tuple[dict[str, float], str]:
    """Normalised betweenness, exact below 5,000 organisations, else sampled (fixed seed).

    With the optional ``igraph`` package and more than 2,000 organisations, igraph computes
    the same values (same sources) much faster.
    """
    from partenariat.analysis import fast

    n = graph.number_of_nodes()
    compiled = n > fast.IGRAPH_ABOVE and fast.available()
    if n < EXACT_BETWEENNESS_BELOW:
        if compiled:
            return fast.betweenness(graph, sources=None), "exact (igraph)"  # type: ignore[return-value]
        return nx.betweenness_centrality(graph, normalized=True), "exact"
    k = min(BETWEENNESS_SAMPLE if compiled else BETWEENNESS_SAMPLE_PYTHON, n)
    if compiled:
        values = fast.betweenness(graph, sources=fast.sample_sources(graph, k, SEED))
        return values, f"sampled: {k} sources, seed {SEED} (igraph)"  # type: ignore[return-value]
    values = nx.betweenness_centrality(graph, k=k, normalized=True, seed=SEED)
    return values, f"sampled: {k} sources, seed {SEED}"


def louvain(graph: nx.Graph[str], resolution: float
            ) -> tuple[tuple[tuple[str, ...], ...], float | None]:
    """Louvain communities (fixed seed), largest first, and their modularity (igraph's
    multilevel algorithm above 2,000 organisations when installed)."""
    from partenariat.analysis import fast

    if graph.number_of_edges() == 0:
        return tuple((node,) for node in sorted(graph)), None
    found: list[set[str]]
    if graph.number_of_nodes() > fast.IGRAPH_ABOVE and fast.available():
        found = fast.louvain(graph, resolution=resolution, seed=SEED)  # type: ignore[assignment]
    else:
        found = nx.community.louvain_communities(graph, resolution=resolution, seed=SEED)
    modularity = nx.community.modularity(graph, found, resolution=resolution)
    groups = sorted((tuple(sorted(c)) for c in found), key=lambda c: (-len(c), c[0]))
    return tuple(groups), round(modularity, 6)


_PUBLIC_WORDS = (
    "public", "publique", "departement", "conseil departemental", "region", "commune",
    "mairie", "ville", "ccas", "cias", "caf", "cpam", "msa", "carsat", "france services",
    "france travail", "pole emploi", "hopital", "hospitalier", "chu", "cmp", "pmi", "mdph",
    "education nationale", "etat", "prefecture", "ars", "epci", "clic", "pre",
    "information jeunesse", "service public", "bailleur social", "office public",
)
_ASSOCIATION_WORDS = ("association", "associatif", "federation", "union", "ligue", "club",
                      "mission locale", "centre social", "chrs", "cidff", "udaf", "siao",
                      "adil", "entraide", "reseau")
_PRIVATE_WORDS = ("private", "prive", "privee", "entreprise", "societe", "sarl", "sas",
                  "liberal", "cabinet", "pharmacie", "clinique", "commerce")


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
        for sector_name, vocabulary in (("association", _ASSOCIATION_WORDS),
                                        ("private", _PRIVATE_WORDS),
                                        ("public", _PUBLIC_WORDS)):
            if any(f" {word} " in words for word in vocabulary):
                return sector_name  # type: ignore[return-value]
    return None
