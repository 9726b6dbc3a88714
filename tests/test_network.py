"""The networkx graph built from a dataset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import partenariat
from partenariat import Dataset, Link, Network, Organisation
from partenariat.network import distinct, sorted_member, sorted_positions
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


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 60), max_size=30, unique=True).map(sorted),
    st.lists(st.lists(st.integers(0, 70), max_size=8).map(sorted), max_size=25),
)
def test_membership_searches_in_runs_or_sorted_find_every_key(
    keys: list[int], runs: list[list[int]]
) -> None:
    """Queries in a few sorted runs are searched run by run, in many runs sorted first:
    both find what a set finds, with positions pointing at the key found."""
    wanted = np.array([value for run in runs for value in run], dtype=np.int64)
    sorted_keys = np.array(keys, dtype=np.int64)
    expected = [value in set(keys) for value in wanted.tolist()]
    assert sorted_member(sorted_keys, wanted).tolist() == expected
    if keys:
        found, position = sorted_positions(sorted_keys, wanted)
        assert found.tolist() == expected
        assert (sorted_keys[position[found]] == wanted[found]).all()


def test_distinct_values_are_sorted_once_each() -> None:
    values = np.array([7, 3, 7, 7, 0, 3], dtype=np.int64)
    assert distinct(values).tolist() == [0, 3, 7]
    assert distinct(np.zeros(0, dtype=np.int64)).tolist() == []


def test_queries_in_many_runs_are_sorted_before_they_are_searched() -> None:
    rng = np.random.default_rng(5)
    sorted_keys = np.unique(rng.integers(0, 1000, 300))
    wanted = rng.integers(0, 1000, 500)  # about 250 runs
    found, position = sorted_positions(sorted_keys, wanted)
    assert found.tolist() == np.isin(wanted, sorted_keys).tolist()
    assert (sorted_keys[position[found]] == wanted[found]).all()
    assert sorted_member(sorted_keys, wanted).tolist() == found.tolist()
