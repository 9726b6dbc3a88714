"""The igraph path gives the networkx results (the reference) on small graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from partenariat.analysis import fast

pytestmark = pytest.mark.skipif(not fast.available(), reason="igraph (extra 'fast') absent")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_betweenness_is_the_same(seed: int) -> None:
    graph = nx.gnm_random_graph(60, 140, seed=seed)
    expected = nx.betweenness_centrality(graph, normalized=True)
    found = fast.betweenness(graph, sources=None)
    assert found == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("k", [5, 20, 40])
def test_sampled_betweenness_is_the_same_with_the_same_sources(k: int) -> None:
    graph = nx.gnm_random_graph(80, 200, seed=7)
    expected = nx.betweenness_centrality(graph, k=k, normalized=True, seed=42)
    found = fast.betweenness(graph, sources=fast.sample_sources(graph, k, 42))
    assert found == pytest.approx(expected, abs=1e-12)


def test_louvain_finds_the_same_communities_when_they_are_clear() -> None:
    graph = nx.ring_of_cliques(6, 8)
    reference = {frozenset(c) for c in nx.community.louvain_communities(graph, seed=42)}
    found = {frozenset(c) for c in fast.louvain(graph, resolution=1.0, seed=42)}
    assert found == reference
    assert len(found) == 6


def test_louvain_with_igraph_is_reproducible() -> None:
    graph = nx.gnm_random_graph(300, 900, seed=5)
    first = fast.louvain(graph, resolution=1.0, seed=42)
    assert fast.louvain(graph, resolution=1.0, seed=42) == first
