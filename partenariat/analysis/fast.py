"""Compiled paths for large networks: igraph (optional extra ``fast``) for betweenness and
Louvain communities. networkx stays the reference: with the same sample of sources the
betweenness values are the same, and the tests check both paths against each other.

>>> import networkx as nx
>>> graph = nx.path_graph(5)
>>> if available():
...     values = betweenness(graph, sources=None)
...     assert abs(values[2] - nx.betweenness_centrality(graph)[2]) < 1e-12
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from typing import Any

import networkx as nx

from partenariat.network import import_igraph

#: Above this many organisations, igraph is used when installed.
IGRAPH_ABOVE = 2_000


def available() -> bool:
    """True when the optional ``igraph`` package is installed."""
    try:
        import_igraph()
    except ImportError:
        return False
    return True


def _to_igraph(graph: nx.Graph[Any]) -> tuple[Any, list[Hashable]]:
    igraph = import_igraph()

    nodes = list(graph.nodes())
    position = {node: i for i, node in enumerate(nodes)}
    edges = [(position[u], position[v]) for u, v in graph.edges()]
    return igraph.Graph(n=len(nodes), edges=edges), nodes


def betweenness(
    graph: nx.Graph[Any], *, sources: Sequence[Hashable] | None
) -> dict[Hashable, float]:
    """Normalised betweenness as networkx computes it: exact without ``sources``, else the
    estimate from those sources (networkx draws them with ``random.Random(seed).sample``)."""
    compiled, nodes = _to_igraph(graph)
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    scale = 2 / ((n - 1) * (n - 2))
    if sources is None:
        raw = compiled.betweenness(directed=False)
        return {node: raw[i] * scale for i, node in enumerate(nodes)}
    position = {node: i for i, node in enumerate(nodes)}
    chosen = [position[s] for s in sources]
    raw = compiled.betweenness(directed=False, sources=chosen)
    k = len(chosen)
    in_sample = set(chosen)
    return {
        node: raw[i] * scale * ((n - 1) / (k - 1) if i in in_sample else (n - 1) / k)
        for i, node in enumerate(nodes)
    }


def sample_sources(graph: nx.Graph[Any], k: int, seed: int) -> list[Hashable]:
    """The sources networkx's ``betweenness_centrality(k=k, seed=seed)`` would draw."""
    return random.Random(seed).sample(list(graph.nodes()), k)


def louvain(graph: nx.Graph[Any], *, resolution: float, seed: int) -> list[set[Hashable]]:
    """Louvain communities with igraph's multilevel algorithm, seeded."""
    igraph = import_igraph()

    compiled, nodes = _to_igraph(graph)
    previous = random.getstate()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        clusters = compiled.community_multilevel(resolution=resolution)
    finally:
        igraph.set_random_number_generator(random)
        random.setstate(previous)
    return [{nodes[i] for i in members} for members in clusters]
