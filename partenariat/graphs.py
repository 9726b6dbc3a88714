"""The partnership network as a standard networkx graph: one edge per partnership.

:func:`to_networkx` gives what networkx users expect: an ``nx.Graph`` with one node per
organisation and one edge per partnership, so that ``nx.shortest_path`` follows a referral
either way and ``nx.write_graphml`` / ``nx.write_gexf`` accept every attribute (flat,
typed: text, integers, floats, ISO dates). ``directed=True`` keeps every link, in the
direction it has, in an ``nx.MultiDiGraph``.

(:attr:`Network.graph <partenariat.network.Network.graph>` stays the raw view: every link
once, as written, with the records' own values: tuples, dates and ``None``.)

Node ids are the organisations' ids exactly as given, even those holding characters that
XML cannot hold (``"ab"`` and ``"a\\x01b"`` are two nodes): networkx keeps them apart, but
an XML writer cannot write them; :func:`partenariat.export.formats.export` refuses the ids
that would merge there. Text *values* are cleaned of those characters (:func:`xml_safe`).

Examples:
    >>> import networkx as nx
    >>> from partenariat.model import Dataset, Organisation, Link
    >>> from partenariat.network import Network
    >>> network = Network(Dataset(
    ...     organisations=(Organisation(id="a", name="A", fields=("emploi", "santé")),
    ...                    Organisation(id="b", name="B"), Organisation(id="c", name="C")),
    ...     links=(Link(source="a", target="b", type="formal", weight=2),
    ...            Link(source="b", target="a", type="referral"),
    ...            Link(source="c", target="b", type="referral"))))
    >>> graph = to_networkx(network)
    >>> graph.number_of_nodes(), graph.number_of_edges(), nx.shortest_path(graph, "a", "c")
    (3, 2, ['a', 'b', 'c'])
    >>> graph.nodes["a"]
    {'name': 'A', 'fields': 'emploi|santé', 'degree': 1}
    >>> graph.edges["a", "b"]
    {'link_types': 'formal|referral', 'links': 2, 'weight': 3.0, 'directed_types': 'referral'}
    >>> directed = to_networkx(network, directed=True)
    >>> sorted(directed.edges(keys=True))
    [('a', 'b', 0), ('b', 'a', 0), ('b', 'a', 1), ('c', 'b', 2)]
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Literal, overload

from partenariat.model import DIRECTED_LINK_TYPES
from partenariat.network import Network

if TYPE_CHECKING:
    import networkx as nx

#: The node attributes read from the organisations (:func:`to_networkx` adds ``degree``).
NODE_ATTRIBUTES = (
    "name",
    "type",
    "sector",
    "fields",
    "publics",
    "territories",
    "siret",
    "address",
    "lat",
    "lon",
    "email",
    "phone",
    "website",
    "updated",
)

#: The ``link_type`` (and in ``link_types``) of a link that has no type.
UNTYPED = "untyped"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters...).

    >>> xml_safe("CCAS\x0b Melun\x01")
    'CCAS Melun'
    """
    return _NOT_XML.sub("", text)


@overload
def to_networkx(network: Network, *, directed: Literal[False] = ...) -> nx.Graph[str]: ...


@overload
def to_networkx(network: Network, *, directed: Literal[True]) -> nx.MultiDiGraph[str]: ...


@overload
def to_networkx(network: Network, *, directed: bool) -> nx.Graph[str]: ...


def to_networkx(network: Network, *, directed: bool = False) -> nx.Graph[str]:
    """The partnership network as a networkx graph with flat, typed attributes.

    Nodes: every organisation (isolated ones included), in the order of their ids, keyed
    by its id as given. Links whose source or target is not an organisation, and
    self-links, are left out (as :attr:`Network.pairs
    <partenariat.network.Network.pairs>` does), in both graphs.

    Node attributes (an absent or empty value is left out of the node's dict, never
    ``None``, which the XML writers refuse):

    - ``name``, ``type``, ``sector``, ``siret``, ``address``, ``email``, ``phone``,
      ``website``: ``str``;
    - ``fields``, ``publics``, ``territories``: ``str``, the items joined by ``|``;
    - ``lat``, ``lon``: ``float``;
    - ``updated``: ``str``, the ISO date (``"2025-02-13"``);
    - ``degree``: ``int``, the number of partners (always present, 0 when isolated).

    **Undirected** (the default): an ``nx.Graph``, one edge per partnership: any link, of
    any type or direction, joins its two organisations, and the links between the same two
    organisations are merged. Edge attributes:

    - ``link_types``: ``str``, the distinct types of the links merged, sorted, joined by
      ``|`` (``untyped`` for a link without type): ``"formal|referral"``;
    - ``links``: ``int``, how many links are merged;
    - ``weight``: ``float``, the sum of the links' intensities, a link without intensity
      counting 1.0: the number of links when none gives an intensity;
    - ``directed_types``: ``str``, the types among ``link_types`` that have a direction
      (``referral``, ``funding``), sorted, joined by ``|``; absent when none has;
    - ``since``: ``str``, the earliest ``since`` of the links (ISO date); absent when none
      gives one.

    **Directed** (``directed=True``): an ``nx.MultiDiGraph`` with the same nodes and one
    edge per link, keyed by the link's row number (its position in the dataset's links):
    ``referral`` and ``funding`` links go from their source to their target; the mutual
    types (``formal``, ``informal``, untyped and any other) appear both ways, the two
    edges sharing the key. Edge attributes:

    - ``link_type``: ``str``, the link's type (``untyped`` when it has none);
    - ``weight``: ``float``, the link's intensity, 1.0 when it gives none;
    - ``since``: ``str``, ISO date; absent when not given;
    - ``note``: ``str``; absent when not given.

    Text values are cleaned of the characters XML cannot hold (:func:`xml_safe`); ids
    are not: write files with :func:`partenariat.export.formats.export`, which refuses
    ids that would merge once cleaned.

    >>> from partenariat.model import Dataset, Organisation, Link
    >>> network = Network(Dataset(
    ...     organisations=(Organisation(id="ab", name="AB"), Organisation(id="a\\x01b",
    ...                    name="A\\x01B")),
    ...     links=(Link(source="ab", target="a\\x01b"),)))
    >>> graph = to_networkx(network)
    >>> list(graph.nodes(data="name")), list(graph.edges(data="link_types"))
    ([('a\\x01b', 'AB'), ('ab', 'AB')], [('a\\x01b', 'ab', 'untyped')])
    """
    import networkx as nx

    graph: nx.Graph[str] = nx.MultiDiGraph() if directed else nx.Graph()
    ids = network.ids
    graph.add_nodes_from(zip(ids, _node_attributes(network), strict=True))
    frame = network.dataset.link_columns().frame
    sources = network.codes(frame["source"]).tolist()
    targets = network.codes(frame["target"]).tolist()
    rows = zip(
        sources,
        targets,
        frame["type"].to_list(),
        frame["weight"].to_list(),
        frame["since"].to_list(),
        frame["note"].to_list(),
        strict=True,
    )
    names = _TypeNames()
    if directed:
        for row, (u, v, kind, weight, since, note) in enumerate(rows):
            if u < 0 or v < 0 or u == v:
                continue
            data: dict[str, Any] = {
                "link_type": names[kind],
                "weight": 1.0 if weight is None else float(weight),
            }
            if since is not None:
                data["since"] = since.isoformat()
            if note and (note := xml_safe(note)):
                data["note"] = note
            graph.add_edge(ids[u], ids[v], key=row, **data)
            if kind not in DIRECTED_LINK_TYPES:
                graph.add_edge(ids[v], ids[u], key=row, **data)
        return graph
    merged: dict[tuple[int, int], _Merged] = {}
    for u, v, kind, weight, since, _ in rows:
        if u < 0 or v < 0 or u == v:
            continue
        pair = (u, v) if u < v else (v, u)
        if pair not in merged:
            merged[pair] = _Merged()
        merged[pair].add(kind, weight, since)
    low, high = network.pairs
    graph.add_edges_from(
        (ids[a], ids[b], merged[a, b].attributes(names))
        for a, b in zip(low.tolist(), high.tolist(), strict=True)
    )
    return graph


class _TypeNames(dict[str | None, str]):
    """The name of each link type (``untyped`` for none), cleaned for XML once per type."""

    def __missing__(self, kind: str | None) -> str:
        name = UNTYPED if kind is None else xml_safe(kind) or UNTYPED
        self[kind] = name
        return name


class _Merged:
    """The links between two organisations, summed up as they are read."""

    __slots__ = ("count", "since", "types", "weight")

    def __init__(self) -> None:
        self.types: set[str | None] = set()
        self.count = 0
        self.weight = 0.0
        self.since: dt.date | None = None

    def add(self, kind: str | None, weight: float | None, since: dt.date | None) -> None:
        self.types.add(kind)
        self.count += 1
        self.weight += 1.0 if weight is None else float(weight)
        if since is not None and (self.since is None or since < self.since):
            self.since = since

    def attributes(self, names: _TypeNames) -> dict[str, Any]:
        types = self.types
        data: dict[str, Any] = {
            "link_types": "|".join(sorted({names[kind] for kind in types})),
            "links": self.count,
            "weight": self.weight,
        }
        if not types.isdisjoint(DIRECTED_LINK_TYPES):
            data["directed_types"] = "|".join(sorted(DIRECTED_LINK_TYPES.intersection(types)))
        if self.since is not None:
            data["since"] = self.since.isoformat()
        return data


def _node_attributes(network: Network) -> list[dict[str, Any]]:
    """The attributes of each organisation, in code order, converted column by column."""
    nodes: list[dict[str, Any]] = [{} for _ in network.ids]
    for name in NODE_ATTRIBUTES:
        for attributes, value in zip(nodes, network.attribute(name), strict=True):
            if value is None:
                continue
            if isinstance(value, str):
                value = xml_safe(value)
            elif isinstance(value, list):
                value = xml_safe("|".join(value))
            elif isinstance(value, dt.date):
                value = value.isoformat()
            if value != "":
                attributes[name] = value
    for attributes, degree in zip(nodes, network.degrees.tolist(), strict=True):
        attributes["degree"] = int(degree)
    return nodes
