"""The networkx graph built from a dataset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import partenariat
from partenariat import Dataset, Link, Network, Organisation
from tests.conftest import TODAY


def _net() -> Network:
    orgs = tuple(Organisation(id=i, name=i.upper(), fields=("x",)) for i in "abc")
    links = (
        Link(source="a", target="b", type="formal", since=dt.date(2020, 1, 1), weight=2),
        Link(source="b", target="a", type="referral"),
        Link(source="c", target="c", type="informal"),
    )
    return Network(Dataset(organisations=orgs, links=links))


def test_nodes_carry_the_organisation_attributes() -> None:
    graph = _net().graph
    assert sorted(graph.nodes) == ["a", "b", "c"]
    assert graph.nodes["a"]["name"] == "A"
    assert graph.nodes["a"]["fields"] == ("x",)


def test_two_links_between_the_same_pair_are_both_kept_with_their_direction() -> None:
    graph = _net().graph
    edges = sorted((u, v, d["type"], d["directed"]) for u, v, d in graph.edges(data=True))
    assert edges == [
        ("a", "b", "formal", False),
        ("b", "a", "referral", True),
        ("c", "c", "informal", False),
    ]
    assert graph["a"]["b"][0]["since"] == dt.date(2020, 1, 1)
    assert graph["a"]["b"][0]["weight"] == 2


def test_partnerships_merge_links_and_drop_self_links() -> None:
    simple = _net().partnerships()
    assert sorted(simple.edges(data="links")) == [("a", "b", 2)]
    assert "c" in simple
    assert _net().linked("b", "a")
    assert not _net().linked("a", "c")


def test_network_of_the_example(example: Path) -> None:
    network = Network(partenariat.load(example, today=TODAY))
    assert network.graph.number_of_nodes() == 40
    assert network.graph.number_of_edges() == 65
    assert len(network.services["ccas-melun"]) == 3
    assert repr(network) == "<Network 40 organisations, 65 links>"
