"""The network for other tools: GEXF (Gephi), GraphML (yEd, Cytoscape), node-link JSON,
CSV node and edge tables.

Attributes are flattened so that every tool opens the file: lists become ``|``-joined text,
dates ISO text, missing values are left out. Node attributes: ``label`` (the name),
``organisation_type``, ``sector``, ``territories``, ``fields``, ``publics``, contacts,
``updated``, ``degree``; edge attributes: ``link_type``, ``directed``, ``since``, ``weight``,
``note``.

GEXF is written as a directed graph (``defaultedgetype="directed"``, and ``type="directed"``
on every edge): a referral or funding link is one edge from its source to its target, a
mutual link (formal, informal, untyped...) two edges, one each way (ids ``e<row>`` and
``e<row>r``), its attribute ``directed`` false. GEXF allows mixed graphs, but networkx's
reader refuses an undirected edge in a directed graph (and a directed one in an undirected
graph), and Gephi (0.9 and later) rejects the ``mutual`` edge type: the file written so
opens in both.
GraphML and node-link JSON keep each link once.

Ids are written as given when XML can hold them; the characters XML cannot hold
(control characters) are removed from them, and :class:`~partenariat.errors.PartenariatError`
is raised when two distinct ids would so become one (every format: none merges
organisations).

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
from collections import defaultdict
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from partenariat.errors import PartenariatError
from partenariat.export.tables import csv_bytes
from partenariat.graphs import xml_safe
from partenariat.network import Network

Format = Literal["gexf", "graphml", "json", "csv"]
FORMATS: tuple[Format, ...] = ("gexf", "graphml", "json", "csv")

__all__ = [
    "FORMATS",
    "Format",
    "export",
    "export_contents",
    "flat",
    "flat_graph",
    "written_ids",
    "xml_safe",
]


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


def written_ids(network: Network) -> dict[str, str]:
    """The id written for each id of ``network`` (organisations and link ends): the id
    itself when XML can hold it, else the id without the characters XML cannot hold.

    Raises :class:`~partenariat.errors.PartenariatError`, naming them, when two distinct
    ids would be written the same (``"ab"`` and ``"a\\x01b"``): the file would merge two
    organisations.

    >>> from partenariat.model import Dataset, Organisation
    >>> network = Network(Dataset(organisations=(Organisation(id="a\\x01b", name="A"),)))
    >>> written_ids(network)
    {'a\\x01b': 'ab'}
    >>> network = Network(Dataset(organisations=(Organisation(id="a\\x01b", name="A"),
    ...                                          Organisation(id="ab", name="B"))))
    >>> try:
    ...     written_ids(network)
    ... except PartenariatError as error:
    ...     print(error.text("en"))
    ...     print(error.text("fr"))  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    two organisations would have the same id in the file: 'a\\x01b' and 'ab' become 'ab'
    once the characters XML cannot hold are removed; rename them in the data
    deux organisations auraient le même identifiant dans le fichier : 'a\\x01b' et 'ab' ...
    """
    frame = network.dataset.link_columns().frame
    ids = dict.fromkeys(network.ids)
    ids.update(dict.fromkeys(frame["source"].drop_nulls().to_list()))
    ids.update(dict.fromkeys(frame["target"].drop_nulls().to_list()))
    written = {org_id: xml_safe(org_id) for org_id in ids}
    sharing: defaultdict[str, list[str]] = defaultdict(list)
    for org_id, safe in written.items():
        sharing[safe].append(org_id)
    merged = sorted((sorted(group), safe) for safe, group in sharing.items() if len(group) > 1)
    if merged:
        raise _merging_error(merged)
    return written


def _merging_error(merged: list[tuple[list[str], str]]) -> PartenariatError:
    shown = merged[:_SHOWN]
    more = len(merged) - len(shown)
    english = "; ".join(f"{_listed(group, 'and')} become {safe!r}" for group, safe in shown)
    french = "; ".join(f"{_listed(group, 'et')} deviennent {safe!r}" for group, safe in shown)
    return PartenariatError(
        f"two organisations would have the same id in the file: {english}"
        + (f" (and {more} more)" if more else "")
        + " once the characters XML cannot hold are removed; rename them in the data",
        french=f"deux organisations auraient le même identifiant dans le fichier : {french}"
        + (f" (et {more} de plus)" if more else "")
        + " une fois retirés les caractères que XML ne peut contenir ; renommez-les dans les"
        " données",
    )


def _listed(ids: list[str], conjunction: str) -> str:
    """``'a', 'b' and 'c'``: the ids as Python writes them (control characters shown)."""
    shown = [repr(i) for i in ids]
    return f"{', '.join(shown[:-1])} {conjunction} {shown[-1]}"


#: How many merging groups of ids an error names.
_SHOWN = 5


def flat_graph(network: Network, *, gexf: bool = False) -> nx.MultiDiGraph[str]:
    """A copy of the graph with flat attributes and no missing value, ids as
    :func:`written_ids` writes them (which raises when two would merge); with ``gexf``,
    the mutual links twice, once each way, and every edge typed ``directed``."""
    written = written_ids(network)
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
        graph.add_node(written[org.id], **_present(attributes))
    for number, link in enumerate(network.dataset.links):
        attributes = {
            "link_type": link.type,
            "directed": link.directed,
            "since": link.since,
            "weight": link.weight,
            "note": link.note,
        }
        if gexf:
            attributes["type"] = "directed"
        source, target = written[link.source], written[link.target]
        present = _present(attributes)
        graph.add_edge(source, target, key=f"e{number}", **present)
        if gexf and not link.directed and source != target:
            graph.add_edge(target, source, key=f"e{number}r", **present)
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
