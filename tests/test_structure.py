"""Structure of the small territory's network (answers worked out by hand).

Partnership graph: asso2 - ccas1 - caf - mission (a path), p1 - p2, and cmp, epi, lonely
alone: 9 organisations, 4 partnerships (caf-ccas1 has two links), 5 links.
"""

from __future__ import annotations

from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partenariat import Dataset, Link, Network, Organisation
from partenariat.analysis import structure as structure_module
from partenariat.analysis.structure import (
    Broker,
    Isolated,
    betweenness_sources,
    brokers,
    components_by_size,
    isolated,
    sector_of,
    structure,
)
from tests.small_network import small_network


def test_isolated_peripheral_and_brokers() -> None:
    result = structure(small_network())
    assert result.isolated == (
        Isolated("cmp", "no-link"),
        Isolated("epi", "no-link"),
        Isolated("lonely", "no-link"),
        Isolated("p1", "outside-main-component"),
        Isolated("p2", "outside-main-component"),
    )
    assert result.peripheral == ("asso2", "mission", "p1", "p2")
    assert result.brokers == (Broker("caf", 1, 2), Broker("ccas1", 1, 2))


def test_global_measures() -> None:
    result = structure(small_network())
    assert (result.organisations, result.partnerships, result.links) == (9, 4, 5)
    assert result.density == pytest.approx(4 / 36, abs=1e-6)
    assert result.average_degree == pytest.approx(8 / 9, abs=1e-4)
    assert result.degree_centralisation == pytest.approx(10 / 56, abs=1e-6)
    assert result.components[:2] == (("asso2", "caf", "ccas1", "mission"), ("p1", "p2"))
    assert len(result.components) == 5


def test_link_types_and_sectors() -> None:
    result = structure(small_network())
    assert dict(result.link_types) == {"formal": 2, "informal": 1, "referral": 2}
    assert (result.formal_share, result.informal_share) == (0.4, 0.2)
    assert dict(result.sectors) == {"association": 3, "public": 2, "unknown": 4}
    assert result.cross_sector_partnerships == 2


def test_betweenness_on_the_path() -> None:
    result = structure(small_network())
    top = {c.organisation: c.betweenness for c in result.centrality}
    assert top["caf"] == pytest.approx(2 / 28, abs=1e-6)
    assert top["ccas1"] == pytest.approx(2 / 28, abs=1e-6)
    assert top["asso2"] == 0
    assert result.betweenness_method == "exact"


def test_communities_partition_the_organisations_and_are_reproducible() -> None:
    first = structure(small_network())
    members = [org for group in first.communities for org in group]
    assert sorted(members) == sorted(small_network().organisations)
    assert structure(small_network()).communities == first.communities


def test_cut_off_counts_what_a_broker_alone_connects() -> None:
    # hub h joins a triangle (a, b, c) to a chain x - y - z: removing h leaves 3 and 3;
    # removing x cuts off y and z from the rest (h, a, b, c).
    edges = ["ha", "hb", "ab", "bc", "ca", "hx", "xy", "yz"]
    orgs = tuple(Organisation(id=i, name=i) for i in "abchxyz")
    links = tuple(Link(source=edge[0], target=edge[1]) for edge in edges)
    found = brokers(Network(Dataset(organisations=orgs, links=links)))
    assert found == (Broker("h", 3, 3), Broker("x", 2, 2), Broker("y", 1, 2))


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]]]:
    """Up to 16 organisations: a random forest (many articulation points) and random
    extra edges (blocks, several components, isolated organisations, repeated links)."""
    count = draw(st.integers(1, 16))
    tree = [
        (node, draw(st.integers(0, node - 1)))
        for node in range(1, count)
        if draw(st.booleans()) or draw(st.booleans())
    ]
    node = st.integers(0, count - 1)
    return count, tree + draw(st.lists(st.tuples(node, node), max_size=count))


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_cut_offs_are_what_removing_the_broker_leaves_outside_the_largest_part(
    drawn: tuple[int, list[tuple[int, int]]],
) -> None:
    count, edges = drawn
    orgs = tuple(Organisation(id=f"o{i:02d}", name=f"o{i}") for i in range(count))
    links = tuple(Link(source=f"o{a:02d}", target=f"o{b:02d}") for a, b in edges)
    network = Network(Dataset(organisations=orgs, links=links))
    graph = network.partnerships()
    expected = []
    for org in graph:
        component = nx.node_connected_component(graph, org)
        parts = sorted(len(c) for c in nx.connected_components(graph.subgraph(component - {org})))
        if len(parts) > 1:
            expected.append(Broker(org, sum(parts[:-1]), graph.degree(org)))
    assert {b.organisation for b in expected} == set(nx.articulation_points(graph))
    assert brokers(network) == tuple(
        sorted(expected, key=lambda b: (-b.cut_off, -b.degree, b.organisation))
    )


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_isolated_are_those_without_link_or_outside_the_largest_component(
    drawn: tuple[int, list[tuple[int, int]]],
) -> None:
    count, edges = drawn
    orgs = tuple(Organisation(id=f"o{i:02d}", name=f"o{i}") for i in range(count))
    links = tuple(Link(source=f"o{a:02d}", target=f"o{b:02d}") for a, b in edges)
    network = Network(Dataset(organisations=orgs, links=links))
    graph = network.partnerships()
    main = min(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    expected = tuple(
        Isolated(org, "no-link" if graph.degree(org) == 0 else "outside-main-component")
        for org in sorted(graph)
        if graph.degree(org) == 0 or org not in main
    )
    assert isolated(network) == expected
    assert isolated(network, components_by_size(network)) == expected


def test_the_betweenness_sample_follows_the_size_with_no_step() -> None:
    """From every source (exact) to a sample as the network grows: the count of sources
    moves by at most one organisation from one size to the next, and a sample uses the
    whole budget (down to its floor)."""
    budget = structure_module.BETWEENNESS_BUDGET
    for per_organisation in (1, 2, 4, 10):
        sizes = range(100, 300_001)
        counts = [betweenness_sources(n, per_organisation * n) for n in sizes]
        steps = [abs(b - a) for a, b in pairwise(counts)]
        assert max(steps) <= 1
        for n, count in zip(sizes, counts, strict=True):
            partnerships = per_organisation * n
            if count < n:
                assert count == structure_module.FEWEST_SOURCES or (
                    budget - partnerships < count * partnerships <= budget
                )
    assert abs(betweenness_sources(20_000, 80_000) - betweenness_sources(20_001, 80_004)) <= 1


def test_small_networks_stay_exact() -> None:
    assert betweenness_sources(1_500, 6_000) == 1_500  # a large agglomeration
    assert betweenness_sources(2_500, 10_000) == 1_000  # a département: 40 % of its sources
    for n in range(1, 272):  # however dense
        assert betweenness_sources(n, n * (n - 1) // 2) == n
    for n in range(1, 1_582):  # four partnerships per organisation
        assert betweenness_sources(n, 4 * n) == n
    assert structure(small_network()).betweenness_method == "exact"


def test_a_star_is_fully_centralised() -> None:
    orgs = tuple(Organisation(id=i, name=i) for i in "habcd")
    links = tuple(Link(source="h", target=x) for x in "abcd")
    result = structure(Network(Dataset(organisations=orgs, links=links)))
    assert result.degree_centralisation == 1.0
    assert result.brokers == (Broker("h", 3, 4),)


@pytest.mark.parametrize(
    ("sector", "type_", "expected"),
    [
        ("public", None, "public"),
        ("Privé", None, "private"),
        (None, "CCAS", "public"),
        (None, "association d'entraide", "association"),
        (None, "Mission locale", "association"),
        (None, "pharmacie", "private"),
        (None, None, None),
        ("autre", "SCOP", None),
    ],
)
def test_sectors(sector: str | None, type_: str | None, expected: str | None) -> None:
    assert sector_of(sector, type_) == expected
