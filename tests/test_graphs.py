"""The standard networkx graph (issue #26): every answer worked out by hand.

organisation  links (row: link)
a             0: a - b formal, intensity 3, since 2020-01-01
b             1: b -> c referral, since 2019-05-01
c             2: c -> b funding, intensity 2
d             3: a - b informal, since 2018-03-01, note "café"
              4: d - d formal (a self-link: left out)

Partnerships: a - b (links 0 and 3), b - c (links 1 and 2); d is isolated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partenariat
from partenariat.graphs import to_networkx
from partenariat.model import Dataset, Link, Organisation
from partenariat.network import Network

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "melun-val-de-seine"

A = Organisation(
    id="a",
    name="Alpha",
    type="CCAS",
    sector="public",
    fields=("logement", "famille"),
    publics=("jeunes",),
    territories=("77288", "77152"),
    siret="21770288700019",
    address="2 rue de l'Église, Melun",
    lat=48.54,
    lon=2.66,
    email="ccas@example.org",
    phone="01 23 45 67 89",
    website="https://example.org",
    updated=dt.date(2025, 2, 13),
)


def hand_network() -> Network:
    return Network(
        Dataset(
            organisations=(
                A,
                Organisation(id="b", name="Beta"),
                Organisation(id="c", name="Gamma", fields=("emploi",)),
                Organisation(id="d", name="Delta"),
            ),
            links=(
                Link(source="a", target="b", type="formal", weight=3, since=dt.date(2020, 1, 1)),
                Link(source="b", target="c", type="referral", since=dt.date(2019, 5, 1)),
                Link(source="c", target="b", type="funding", weight=2),
                Link(
                    source="a",
                    target="b",
                    type="informal",
                    since=dt.date(2018, 3, 1),
                    note="café",
                ),
                Link(source="d", target="d", type="formal"),
            ),
        )
    )


def test_one_node_per_organisation_one_edge_per_partnership() -> None:
    graph = to_networkx(hand_network())
    assert type(graph) is nx.Graph
    assert list(graph.nodes) == ["a", "b", "c", "d"]
    assert sorted(map(sorted, graph.edges)) == [["a", "b"], ["b", "c"]]
    assert dict(graph.edges["a", "b"]) == {
        "link_types": "formal|informal",
        "links": 2,
        "weight": 4.0,  # 3 + 1 (the informal link gives no intensity: it counts 1)
        "since": "2018-03-01",
    }
    assert dict(graph.edges["c", "b"]) == {
        "link_types": "funding|referral",
        "links": 2,
        "weight": 3.0,  # 1 (the referral gives none) + 2
        "directed_types": "funding|referral",
        "since": "2019-05-01",
    }


def test_node_attributes_are_flat_and_absent_ones_left_out() -> None:
    graph = to_networkx(hand_network())
    assert graph.nodes["a"] == {
        "name": "Alpha",
        "type": "CCAS",
        "sector": "public",
        "fields": "logement|famille",
        "publics": "jeunes",
        "territories": "77288|77152",
        "siret": "21770288700019",
        "address": "2 rue de l'Église, Melun",
        "lat": 48.54,
        "lon": 2.66,
        "email": "ccas@example.org",
        "phone": "01 23 45 67 89",
        "website": "https://example.org",
        "updated": "2025-02-13",
        "degree": 1,
    }
    assert graph.nodes["b"] == {"name": "Beta", "degree": 2}
    assert graph.nodes["c"] == {"name": "Gamma", "fields": "emploi", "degree": 1}
    assert graph.nodes["d"] == {"name": "Delta", "degree": 0}
    assert not any(v is None for _, data in graph.nodes(data=True) for v in data.values())


def test_shortest_path_follows_links_whatever_their_direction() -> None:
    network = hand_network()
    # The raw multigraph keeps the links as written (a -> b twice): no path from c to a.
    with pytest.raises(nx.NetworkXNoPath):
        nx.shortest_path(network.graph, "c", "a")
    graph = to_networkx(network)
    assert nx.shortest_path(graph, "a", "c") == ["a", "b", "c"]
    assert nx.shortest_path(graph, "c", "a") == ["c", "b", "a"]
    assert nx.has_path(graph, "a", "d") is False


def test_directed_keeps_each_link_in_its_direction() -> None:
    graph = to_networkx(hand_network(), directed=True)
    assert type(graph) is nx.MultiDiGraph
    assert list(graph.nodes) == ["a", "b", "c", "d"]
    assert graph.nodes["d"] == {"name": "Delta", "degree": 0}
    assert sorted(graph.edges(keys=True)) == [
        ("a", "b", 0),
        ("a", "b", 3),
        ("b", "a", 0),
        ("b", "a", 3),
        ("b", "c", 1),
        ("c", "b", 2),
    ]
    # The referral one way, the formal link both ways (sharing the link's row number).
    assert graph.has_edge("b", "c", key=1)
    assert not graph.has_edge("c", "b", key=1)
    assert graph.has_edge("a", "b", key=0)
    assert graph.has_edge("b", "a", key=0)
    assert graph.edges["a", "b", 0] == {
        "link_type": "formal",
        "weight": 3.0,
        "since": "2020-01-01",
    }
    assert graph.edges["b", "a", 3] == {
        "link_type": "informal",
        "weight": 1.0,
        "since": "2018-03-01",
        "note": "café",
    }
    assert graph.edges["b", "c", 1] == {
        "link_type": "referral",
        "weight": 1.0,
        "since": "2019-05-01",
    }
    assert graph.edges["c", "b", 2] == {"link_type": "funding", "weight": 2.0}


def test_an_untyped_link_is_mutual_and_named_untyped() -> None:
    network = Network(
        Dataset(
            organisations=(Organisation(id="x", name="X"), Organisation(id="y", name="Y")),
            links=(Link(source="x", target="y"), Link(source="y", target="x", type="co-anim")),
        )
    )
    assert dict(to_networkx(network).edges["x", "y"]) == {
        "link_types": "co-anim|untyped",
        "links": 2,
        "weight": 2.0,
    }
    directed = to_networkx(network, directed=True)
    assert sorted(directed.edges(keys=True, data="link_type")) == [
        ("x", "y", 0, "untyped"),
        ("x", "y", 1, "co-anim"),
        ("y", "x", 0, "untyped"),
        ("y", "x", 1, "co-anim"),
    ]


def test_ids_with_control_characters_stay_distinct_nodes() -> None:
    # Issue #30: "ab" and "a\x01b" were made one node.
    network = Network(
        Dataset(
            organisations=(
                Organisation(id="ab", name="A\x0bB"),
                Organisation(id="a\x01b", name="Other"),
            ),
            links=(Link(source="ab", target="a\x01b", note="n\x07ote"),),
        )
    )
    graph = to_networkx(network)
    assert set(graph.nodes) == {"ab", "a\x01b"}
    assert graph.number_of_edges() == 1
    assert graph.nodes["ab"]["name"] == "AB"  # values are cleaned for XML, ids are not
    directed = to_networkx(network, directed=True)
    assert set(directed.nodes) == {"ab", "a\x01b"}
    assert directed.edges["ab", "a\x01b", 0]["note"] == "note"


def _same_undirected_edges(left: nx.Graph[str], right: nx.Graph[str]) -> bool:
    return {frozenset(e) for e in left.edges} == {frozenset(e) for e in right.edges}


def _round_trip_graphml(graph: nx.Graph[str], path: Path) -> None:
    nx.write_graphml(graph, path)
    back = nx.read_graphml(path)
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert back.number_of_edges() == graph.number_of_edges()
    assert _same_undirected_edges(back, graph)
    for u, v, data in graph.edges(data=True):
        assert back.edges[u, v] == data


def _round_trip_gexf(graph: nx.Graph[str], path: Path) -> None:
    nx.write_gexf(graph, path)
    back = nx.read_gexf(path)
    assert list(back.nodes) == list(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    assert _same_undirected_edges(back, graph)


def _round_trip_directed(graph: nx.MultiDiGraph[str], folder: Path) -> None:
    expected = sorted(graph.edges(keys=True))
    nx.write_graphml(graph, folder / "directed.graphml")
    back = nx.read_graphml(folder / "directed.graphml", force_multigraph=True)
    assert back.is_directed()
    assert list(back.nodes) == list(graph.nodes)
    assert sorted(back.edges(keys=True)) == expected
    for u, v, k, data in graph.edges(keys=True, data=True):
        assert back.edges[u, v, k] == data
    nx.write_gexf(graph, folder / "directed.gexf")
    back = nx.read_gexf(folder / "directed.gexf")
    assert back.is_directed()
    assert list(back.nodes) == list(graph.nodes)
    assert sorted((u, v) for u, v in back.edges()) == sorted((u, v) for u, v, _ in expected)


def test_graphml_and_gexf_round_trip(tmp_path: Path) -> None:
    network = hand_network()
    graph = to_networkx(network)
    _round_trip_graphml(graph, tmp_path / "r.graphml")
    _round_trip_gexf(graph, tmp_path / "r.gexf")
    _round_trip_directed(to_networkx(network, directed=True), tmp_path)


def test_the_example_round_trips_through_graphml_and_gexf(tmp_path: Path) -> None:
    network = partenariat.Network(partenariat.load(EXAMPLE))
    graph = to_networkx(network)
    assert graph.number_of_nodes() == len(network.dataset.organisations)
    assert graph.number_of_edges() == len(network.pairs[0])
    _round_trip_graphml(graph, tmp_path / "r.graphml")
    _round_trip_gexf(graph, tmp_path / "r.gexf")
    directed = to_networkx(network, directed=True)
    mutual = sum(not link.directed for link in network.dataset.links)
    assert directed.number_of_edges() == len(network.dataset.links) + mutual
    _round_trip_directed(directed, tmp_path)


KINDS = st.sampled_from([None, "formal", "informal", "referral", "funding", "co-animation"])


@st.composite
def networks(draw: st.DrawFn) -> Network:
    """Up to 8 organisations (ids from a, b and a control character: "ab" and "a\\x01b"
    are two of them) and up to 16 links between them, self-links and repeats included."""
    ids = draw(
        st.lists(st.text("ab\x01", min_size=1, max_size=3), min_size=1, max_size=8, unique=True)
    )
    organisations = tuple(Organisation(id=i, name=f"n{i}") for i in ids)
    index = st.integers(0, len(ids) - 1)
    links = tuple(
        Link(source=ids[u], target=ids[v], type=kind, weight=weight, since=since)
        for u, v, kind, weight, since in draw(
            st.lists(
                st.tuples(
                    index,
                    index,
                    KINDS,
                    st.none() | st.integers(0, 5).map(float),
                    st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
                ),
                max_size=16,
            )
        )
    )
    return Network(Dataset(organisations=organisations, links=links))


@settings(max_examples=200, deadline=None)
@given(networks())
def test_one_edge_per_pair_and_one_node_per_organisation(network: Network) -> None:
    graph = to_networkx(network)
    links = [link for link in network.dataset.links if link.source != link.target]
    assert graph.number_of_edges() == len(network.pairs[0])
    assert graph.number_of_nodes() == len(network.dataset.organisations)
    assert set(graph.nodes) == {org.id for org in network.dataset.organisations}
    assert sum(links for *_, links in graph.edges(data="links")) == len(links)
    assert sum(w for *_, w in graph.edges(data="weight")) == sum(
        1.0 if link.weight is None else link.weight for link in links
    )
    assert dict(graph.degree) == dict(graph.nodes(data="degree"))
    directed = to_networkx(network, directed=True)
    assert list(directed.nodes) == list(graph.nodes)
    assert directed.number_of_edges() == sum(1 if link.directed else 2 for link in links)
    assert _same_undirected_edges(nx.Graph(directed.to_undirected()), graph)
