"""Structure of the small territory's network (answers worked out by hand).

Partnership graph: asso2 - ccas1 - caf - mission (a path), p1 - p2, and cmp, epi, lonely
alone: 9 organisations, 4 partnerships (caf-ccas1 has two links), 5 links.
"""

from __future__ import annotations

import pytest

from partenariat import Dataset, Link, Network, Organisation
from partenariat.analysis.structure import Broker, Isolated, brokers, sector_of, structure
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
    links = tuple(Link(source=s, target=t) for s, t in edges)
    found = brokers(Network(Dataset(organisations=orgs, links=links)))
    assert found == (Broker("h", 3, 3), Broker("x", 2, 2), Broker("y", 1, 2))


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
