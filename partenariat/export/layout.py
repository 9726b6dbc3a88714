"""Seeded positions for large maps, computed with igraph so that the page opens settled.

Communities (those of the diagnosis: Leiden, fixed seed) are laid out as one weighted graph
and each community inside its own disc, refined by igraph's Fruchterman-Reingold from seeded
starting positions; organisations without any link go on a grid below. The same network and
seed give the same positions.

>>> from partenariat.model import Dataset, Link, Organisation
>>> from partenariat.network import Network
>>> net = Network(Dataset(organisations=tuple(Organisation(id=i, name=i) for i in "abcde"),
...                       links=tuple(Link(source=s, target=t) for s, t in ("ab", "bc", "cd"))))
>>> pos = community_layout(net, seed=1)
>>> sorted(pos) == list("abcde"), community_layout(net, seed=1) == pos
(True, True)
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np

from partenariat.network import Network, import_igraph

Positions = dict[str, tuple[float, float]]


def community_layout(network: Network, *, seed: int = 42, scale: float = 1000.0) -> Positions:
    """Positions for every organisation of ``network``, the same for the same seed."""
    igraph = import_igraph()

    from partenariat.analysis.structure import louvain

    louvain(network, 1.0)  # seeds its own generator: find the communities first
    previous = random.getstate()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        positions = _linked_layout(network, seed)
    finally:
        igraph.set_random_number_generator(random)
        random.setstate(previous)
    alone = [org for i, org in enumerate(network.ids) if network.degrees[i] == 0]
    positions.update(_grid(alone, below=_extent(positions)))
    return _normalise(positions, scale)


def _linked_layout(network: Network, seed: int) -> Positions:
    igraph = import_igraph()

    from partenariat.analysis.structure import louvain

    groups, _ = louvain(network, 1.0)
    communities = [g for g in groups if len(g) > 1 or network.degrees[network.index[g[0]]]]
    if not communities:
        return {}
    index = network.index
    member = np.full(network.size, -1, dtype=np.int64)
    for i, group in enumerate(communities):
        member[[index[o] for o in group]] = i
    u, v = network.pairs
    a, b = member[u], member[v]
    across = a != b
    keys, weights = np.unique(
        np.minimum(a, b)[across] * len(communities) + np.maximum(a, b)[across], return_counts=True
    )
    radii = np.sqrt([len(group) for group in communities])
    rng = np.random.default_rng(seed)
    centres = np.zeros((1, 2))
    if len(communities) > 1:
        between = igraph.Graph(
            n=len(communities),
            edges=np.column_stack([keys // len(communities), keys % len(communities)]).tolist(),
        )
        start = rng.uniform(-1, 1, size=(len(communities), 2)) * math.sqrt(len(communities))
        centres = _unit(
            np.asarray(
                between.layout_fruchterman_reingold(
                    seed=start.tolist(),
                    niter=300,
                    weights=np.log1p(weights).tolist() if len(weights) else None,
                ).coords
            )
        )
    spread = float(radii.sum()) * 0.3 / math.sqrt(len(communities)) + 1
    positions: Positions = {}
    graph = network.igraph
    for i, group in enumerate(communities):
        codes = [index[o] for o in group]
        local = _inside(graph.induced_subgraph(codes), rng)
        for org, (x, y) in zip(group, local, strict=True):
            positions[org] = (
                float(centres[i][0] * spread * math.sqrt(len(communities)) + x * radii[i]),
                float(centres[i][1] * spread * math.sqrt(len(communities)) + y * radii[i]),
            )
    return positions


def _inside(graph: Any, rng: np.random.Generator) -> list[tuple[float, float]]:
    """Positions in the unit disc for one community (igraph keeps vertex order)."""
    n = graph.vcount()
    if n == 1:
        return [(0.0, 0.0)]
    start = rng.uniform(-1, 1, size=(n, 2)) * math.sqrt(n)
    coords = np.asarray(
        graph.layout_fruchterman_reingold(seed=start.tolist(), niter=_iterations(n)).coords
    )
    return [(float(x), float(y)) for x, y in _unit(coords)]


def _iterations(n: int) -> int:
    """Fruchterman-Reingold passes for a community of ``n``: fewer for large ones, whose
    seeded start is already spread (each pass costs n² / 2 pairs)."""
    return 150 if n < 150 else (80 if n < 600 else 40)


def _unit(coords: Any) -> Any:
    """Centre ``coords`` and scale them into the unit disc."""
    centred = coords - coords.mean(axis=0)
    radius = float(np.sqrt((centred**2).sum(axis=1)).max()) or 1.0
    return centred / radius


def _extent(positions: Positions) -> tuple[float, float, float]:
    if not positions:
        return (0.0, 0.0, 1.0)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    return (min(xs), max(ys), max(max(xs) - min(xs), 1.0))


def _grid(nodes: list[str], below: tuple[float, float, float]) -> Positions:
    if not nodes:
        return {}
    left, bottom, width = below
    columns = max(int(math.sqrt(len(nodes)) * 2), 1)
    step = width / max(columns, 1)
    return {
        node: (left + (i % columns) * step, bottom + step * (2 + i // columns))
        for i, node in enumerate(nodes)
    }


def _normalise(positions: Positions, scale: float) -> Positions:
    if not positions:
        return positions
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    left, bottom = min(xs), min(ys)
    size = max(max(xs) - left, max(ys) - bottom, 1e-9)
    factor = scale * math.sqrt(len(positions)) / size
    return {
        node: (round((x - left) * factor, 1), round((y - bottom) * factor, 1))
        for node, (x, y) in positions.items()
    }
