"""The network for other tools: GEXF (Gephi), GraphML (yEd, Cytoscape), node-link JSON,
CSV node and edge tables.

Attributes are flattened so that every tool opens the file: lists become ``|``-joined text,
dates ISO text, missing values are left out. Node attributes: ``label`` (the name),
``organisation_type``, ``sector``, ``territories``, ``fields``, ``publics``, contacts,
``updated``, ``degree``; edge attributes: ``link_type``, ``directed``, ``since``, ``weight``,
``note``. In GEXF each edge is marked directed or undirected.

>>> import partenariat, tempfile, pathlib
>>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in export(network, out / "reseau.gexf", "gexf")]
['reseau.gexf']
>>> [p.name for p in export(network, out / "tables", "csv")]
['nodes.csv', 'edges.csv']
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from partenariat.export.tables import csv_bytes
from partenariat.network import Network

Format = Literal["gexf", "graphml", "json", "csv"]
FORMATS: tuple[Format, ...] = ("gexf", "graphml", "json", "csv")


def flat(value: object) -> str | int | float | bool | None:
    """A value every graph format can hold.

    >>> flat(("a", "b")), flat(dt.date(2025, 2, 13)), flat(None), flat(2.5)
    ('a|b', '2025-02-13', None, 2.5)
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return xml_safe("|".join(str(v) for v in value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return xml_safe(str(value))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters...).

    >>> xml_safe("CCAS\x0b Melun\x01")
    'CCAS Melun'
    """
    return _NOT_XML.sub("", text)


def flat_graph(network: Network, *, gexf: bool = False) -> nx.MultiDiGraph[str]:
    """A copy of the graph with flat attributes and no missing value."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    partnerships = network.partnerships()
    for org in sorted(network.dataset.organisations, key=lambda o: o.id):
        attributes: dict[str, Any] = {
            "label": org.name,
            "organisation_type": org.type,
            "sector": org.sector,
            "territories": org.territories,
            "fields": org.fields,
            "publics": org.publics,
            "siret": org.siret,
            "address": org.address,
            "lat": org.lat,
            "lon": org.lon,
            "email": org.email,
            "phone": org.phone,
            "website": org.website,
            "updated": org.updated,
            "degree": int(partnerships.degree(org.id)),
            **{xml_safe(f"extra_{key}"): value for key, value in org.extra},
        }
        graph.add_node(xml_safe(org.id), **_present(attributes))
    for number, link in enumerate(network.dataset.links):
        attributes = {
            "link_type": link.type,
            "directed": link.directed,
            "since": link.since,
            "weight": link.weight,
            "note": link.note,
        }
        if gexf:
            attributes["type"] = "directed" if link.directed else "undirected"
        graph.add_edge(
            xml_safe(link.source), xml_safe(link.target), key=f"e{number}", **_present(attributes)
        )
    return graph


def _present(attributes: dict[str, Any]) -> dict[str, Any]:
    return {k: flat(v) for k, v in attributes.items() if flat(v) not in (None, "")}


def export(
    network: Network, path: str | Path, to: Format, *, overwrite: bool = False, excel: bool = False
) -> list[Path]:
    """Write ``network`` as ``to``; ``csv`` writes ``nodes.csv`` and ``edges.csv`` into the
    folder ``path``. Returns the files written; never replaces one unless asked."""
    from partenariat.output import check_free, write_safely

    check_free(export_targets(path, to), overwrite=overwrite)
    return write_safely(export_contents(network, path, to, excel=excel), overwrite=overwrite)


def export_targets(path: str | Path, to: Format) -> list[Path]:
    """The files :func:`export_contents` gives for ``path``."""
    path = Path(path)
    return [path / "nodes.csv", path / "edges.csv"] if to == "csv" else [path]


def export_contents(
    network: Network, path: str | Path, to: Format, *, excel: bool = False
) -> dict[Path, bytes]:
    """``network`` as ``to``, by file (``csv``: ``nodes.csv`` and ``edges.csv`` in the
    folder ``path``); nothing is written."""
    path = Path(path)
    targets = export_targets(path, to)
    contents: dict[Path, bytes]
    if to in ("gexf", "graphml"):
        buffer = io.BytesIO()
        if to == "gexf":
            nx.write_gexf(flat_graph(network, gexf=True), buffer)
        else:
            nx.write_graphml(flat_graph(network), buffer)
        contents = {path: buffer.getvalue()}
    elif to == "json":
        payload = nx.node_link_data(flat_graph(network), edges="links")
        contents = {path: json.dumps(payload, ensure_ascii=False, indent=1).encode()}
    else:
        contents = dict(zip(targets, _tables(network, excel), strict=True))
    return contents


def _tables(network: Network, excel: bool) -> tuple[bytes, bytes]:
    graph = flat_graph(network)
    node_columns = sorted({key for _, data in graph.nodes(data=True) for key in data} - {"label"})
    nodes = csv_bytes(
        (
            ["Id", "Label", *node_columns],
            [
                [node, data.get("label"), *(data.get(c) for c in node_columns)]
                for node, data in graph.nodes(data=True)
            ],
        ),
        excel=excel,
    )
    edge_columns = ["link_type", "since", "weight", "note"]
    edges = csv_bytes(
        (
            ["Source", "Target", "Type", "Id", *edge_columns],
            [
                [
                    u,
                    v,
                    "Directed" if data.get("directed") else "Undirected",
                    key,
                    *(data.get(c) for c in edge_columns),
                ]
                for u, v, key, data in graph.edges(keys=True, data=True)
            ],
        ),
        excel=excel,
    )
    return nodes, edges
