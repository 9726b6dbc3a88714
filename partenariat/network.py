"""The partnership network: a networkx graph built from a valid dataset.

Organisations are nodes (with their attributes); every link is an edge of a
``networkx.MultiDiGraph`` oriented from source to target, with its ``type``, ``directed``
flag (referral and funding links are directed), ``since``, ``weight`` and ``note``. Two links
between the same pair are both kept. Analyses that ignore direction and multiplicity use
:meth:`Network.partnerships`.

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
    >>> net.linked("b", "a")
    True
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx

from partenariat.model import Dataset, Organisation, Service


class Network:
    """Organisations and their links; ``graph`` is the networkx view for networkx users."""

    def __init__(self, dataset: Dataset, *, scope: tuple[str, ...] = ()) -> None:
        self.dataset = dataset
        #: The study area: territory codes whose leaves the analyses examine (all if empty).
        self.scope = scope
        self.graph: nx.MultiDiGraph[str] = _build_graph(dataset)

    @classmethod
    def from_path(cls, path: str | Path) -> Network:
        """Load and validate a data folder or workbook, then build its network."""
        from partenariat.io.folder import load

        return cls(load(path))

    @cached_property
    def organisations(self) -> dict[str, Organisation]:
        """Organisations by id, in input order."""
        return {org.id: org for org in self.dataset.organisations}

    @cached_property
    def services(self) -> dict[str, tuple[Service, ...]]:
        """Services by organisation id (only organisations that have some)."""
        grouped: dict[str, list[Service]] = defaultdict(list)
        for service in self.dataset.services:
            grouped[service.organisation].append(service)
        return {org: tuple(items) for org, items in grouped.items()}

    def partnerships(self) -> nx.Graph[str]:
        """The undirected simple graph: an edge when any link joins two organisations.

        Self-links are left out. The edge attribute ``links`` counts the links merged. Nodes
        and edges are in sorted order, so that results never depend on the rows' order.
        """
        return self._partnerships

    @cached_property
    def _partnerships(self) -> nx.Graph[str]:
        counts: dict[tuple[str, str], int] = {}
        for source, target in self.graph.edges():
            if source != target:
                pair = (source, target) if source < target else (target, source)
                counts[pair] = counts.get(pair, 0) + 1
        simple: nx.Graph[str] = nx.Graph()
        simple.add_nodes_from(sorted(self.graph.nodes))
        for (source, target), count in sorted(counts.items()):
            simple.add_edge(source, target, links=count)
        return simple

    @cached_property
    def adjacency(self) -> dict[str, set[str]]:
        """Partners of each organisation, as plain sets (fast membership tests)."""
        graph = self.partnerships()
        return {node: set(graph.adj[node]) for node in graph}

    def name(self, org_id: str) -> str:
        """The name of an organisation, or its id when it is not in the dataset."""
        org = self.organisations.get(org_id)
        return org.name if org else org_id

    def linked(self, a: str, b: str) -> bool:
        """True when any link, of any type or direction, joins ``a`` and ``b``."""
        return bool(self.partnerships().has_edge(a, b))

    def show(self, *, height: int = 650, **options: Any) -> Any:
        """The interactive map, inline in a Jupyter notebook (nothing written to disk).

        ``options`` are those of :class:`partenariat.export.html_map.MapOptions`
        (``color_by``, ``size_by``, ``lang``, ``title``...).
        """
        from partenariat.export.html_map import MapOptions, show

        return show(self, MapOptions(**options), height=height)

    def __repr__(self) -> str:
        return (f"<Network {self.graph.number_of_nodes()} organisations, "
                f"{self.graph.number_of_edges()} links>")


def _build_graph(dataset: Dataset) -> nx.MultiDiGraph[str]:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for org in dataset.organisations:
        attributes: dict[str, Any] = org.model_dump(exclude={"id", "extra"})
        attributes.update(dict(org.extra))
        graph.add_node(org.id, **attributes)
    for link in dataset.links:
        graph.add_edge(
            link.source, link.target,
            type=link.type, directed=link.directed, since=link.since,
            weight=link.weight, note=link.note,
        )
    return graph
