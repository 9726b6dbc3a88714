"""Exports that Gephi, yEd and spreadsheets open."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from partenariat import OutputExistsError
from partenariat.export.formats import export
from tests.small_network import small_network


def test_gexf_has_flat_attributes_and_edge_directions(tmp_path: Path) -> None:
    # Gephi reads mixed graphs (each edge directed or not); networkx's reader does not,
    # so the file is read as XML.
    (path,) = export(small_network(), tmp_path / "r.gexf", "gexf")
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ElementTree.parse(path).getroot()
    titles = {a.get("id"): a.get("title") for a in root.iterfind(".//g:attribute", ns)}
    caf = root.find(".//g:node[@id='caf']", ns)
    assert caf is not None
    assert caf.get("label") == "CAF"
    values = {titles[v.get("for")]: v.get("value") for v in caf.iterfind(".//g:attvalue", ns)}
    assert values["fields"] == "famille|logement"
    edges = root.findall(".//g:edge", ns)
    assert len(edges) == 5
    assert sorted(e.get("type") for e in edges) == [
        "directed",
        "directed",
        "undirected",
        "undirected",
        "undirected",
    ]


def test_graphml_keeps_parallel_links(tmp_path: Path) -> None:
    (path,) = export(small_network(), tmp_path / "r.graphml", "graphml")
    graph = nx.read_graphml(path, force_multigraph=True)
    assert graph.number_of_edges("caf", "ccas1") == 2
    assert graph.nodes["mission"]["organisation_type"] == "mission locale"


def test_json_node_link(tmp_path: Path) -> None:
    (path,) = export(small_network(), tmp_path / "r.json", "json")
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert len(payload["nodes"]) == 9
    assert len(payload["links"]) == 5


def test_csv_tables(tmp_path: Path) -> None:
    nodes, edges = export(small_network(), tmp_path / "tables", "csv", excel=True)
    rows = list(csv.reader(nodes.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:2] == ["Id", "Label"]
    assert len(rows) == 10
    edge_rows = list(
        csv.DictReader(edges.read_text(encoding="utf-8-sig").splitlines(), delimiter=";")
    )
    assert {r["Type"] for r in edge_rows} == {"Directed", "Undirected"}


def test_exports_never_overwrite_silently(tmp_path: Path) -> None:
    target = tmp_path / "r.gexf"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        export(small_network(), target, "gexf")
    assert target.read_text(encoding="utf-8") == "mine"
