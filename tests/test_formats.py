"""Exports that Gephi, yEd and spreadsheets open."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

import partenariat
from partenariat import Dataset, Link, Network, Organisation, OutputExistsError
from partenariat.errors import PartenariatError
from partenariat.export.formats import Format, export, export_contents
from tests.small_network import small_network

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "melun-val-de-seine"


def test_gexf_has_flat_attributes_and_edge_directions(tmp_path: Path) -> None:
    # Adapted (issue #26): networkx's reader refuses a mixed graph (each edge directed or
    # not), so the GEXF is directed: the 3 mutual links are written both ways (5 links,
    # 8 edges), every edge typed "directed", the attribute "directed" telling them apart.
    (path,) = export(small_network(), tmp_path / "r.gexf", "gexf")
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ElementTree.parse(path).getroot()
    titles = {a.get("id"): a.get("title") for a in root.iterfind(".//g:attribute", ns)}
    caf = root.find(".//g:node[@id='caf']", ns)
    assert caf is not None
    assert caf.get("label") == "CAF"
    values = {titles[v.get("for")]: v.get("value") for v in caf.iterfind(".//g:attvalue", ns)}
    assert values["fields"] == "famille|logement"
    graph = root.find("g:graph", ns)
    assert graph is not None
    assert graph.get("defaultedgetype") == "directed"
    edges = root.findall(".//g:edge", ns)
    assert len(edges) == 8
    assert {e.get("type") for e in edges} == {"directed"}
    directed = {
        (e.get("source"), e.get("target"))
        for e in edges
        for v in e.iterfind(".//g:attvalue", ns)
        if titles[v.get("for")] == "directed" and v.get("value") == "true"
    }
    assert directed == {("caf", "ccas1"), ("caf", "mission")}
    read = nx.read_gexf(path)
    assert read.is_directed()
    assert read.number_of_edges() == 8
    assert read.number_of_edges("ccas1", "asso2") == read.number_of_edges("asso2", "ccas1") == 1
    assert read.number_of_edges("caf", "ccas1") == 2  # formal and referral
    assert read.number_of_edges("ccas1", "caf") == 1  # formal only
    assert read.number_of_edges("mission", "caf") == 0


def test_the_example_gexf_reads_back_in_networkx(tmp_path: Path) -> None:
    network = Network(partenariat.load(EXAMPLE))
    (path,) = export(network, tmp_path / "r.gexf", "gexf")
    links = network.dataset.links
    written = sum(1 if link.directed or link.source == link.target else 2 for link in links)
    root = ElementTree.parse(path).getroot()
    assert len(root.findall(".//{http://www.gexf.net/1.2draft}edge")) == written
    graph = nx.read_gexf(path)
    assert list(graph.nodes) == list(network.ids)
    assert graph.number_of_edges() == written
    assert {frozenset(e) for e in graph.edges()} == {
        frozenset(e) for e in network.partnerships().edges()
    }
    one_way = {(link.source, link.target) for link in links if link.directed}
    assert one_way
    for source, target in one_way:
        assert graph.has_edge(source, target)


def test_graphml_of_the_example_reads_back_in_networkx(tmp_path: Path) -> None:
    network = Network(partenariat.load(EXAMPLE))
    (path,) = export(network, tmp_path / "r.graphml", "graphml")
    graph = nx.read_graphml(path, force_multigraph=True)
    assert list(graph.nodes) == list(network.ids)
    assert graph.number_of_edges() == len(network.dataset.links)


def _merging(*ids: str) -> Network:
    organisations = tuple(Organisation(id=i, name=f"n{n}") for n, i in enumerate(ids))
    return Network(
        Dataset(
            organisations=organisations,
            links=(Link(source=ids[0], target=ids[-1]),),
        )
    )


@pytest.mark.parametrize("to", ["gexf", "graphml", "json", "csv"])
def test_ids_that_would_merge_are_refused(tmp_path: Path, to: Format) -> None:
    # Issue #30: "ab" and "a\x01b" were written as one node.
    target = tmp_path / f"r.{to}"
    with pytest.raises(PartenariatError) as caught:
        export(_merging("ab", "a\x01b", "c"), target, to)
    message = str(caught.value)
    assert "'ab'" in message
    assert "'a\\x01b'" in message
    assert caught.value.french is not None
    assert "'a\\x01b'" in caught.value.text("fr")
    assert "'ab'" in caught.value.text("fr")
    assert not target.exists()


def test_every_group_of_merging_ids_is_named() -> None:
    with pytest.raises(PartenariatError) as caught:
        export_contents(_merging("x\x0by", "ab", "a\x01b", "a\x02b", "xy"), Path("r.gexf"), "gexf")
    message = str(caught.value)
    assert "'a\\x01b', 'a\\x02b' and 'ab' become 'ab'" in message
    assert "'x\\x0by' and 'xy' become 'xy'" in message


def test_ids_xml_can_hold_are_kept_and_others_cleaned(tmp_path: Path) -> None:
    ids = ("dep77-mds-melun", "É & <b> \"q\" 'x'", "tab\x0bbed", "01053")
    formats: tuple[Format, ...] = ("gexf", "graphml")
    for to in formats:
        (path,) = export(_merging(*ids), tmp_path / f"r.{to}", to)
        graph = nx.read_gexf(path) if to == "gexf" else nx.read_graphml(path)
        assert sorted(graph.nodes) == sorted(
            ["dep77-mds-melun", "É & <b> \"q\" 'x'", "tabbed", "01053"]
        )
        assert {frozenset(e) for e in graph.edges()} == {frozenset(["dep77-mds-melun", "01053"])}


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
