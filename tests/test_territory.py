"""The territory tree with several parents."""

from __future__ import annotations

import pytest

from partenariat import Territory
from partenariat.territory import TerritoryTree
from tests.small_network import small_dataset


def _tree() -> TerritoryTree:
    return TerritoryTree(small_dataset().territories)


def test_ancestors_follow_every_parent() -> None:
    tree = _tree()
    assert tree.ancestors("c1") == {"E1", "D"}
    assert tree.ancestors("c3") == {"D"}
    assert tree.ancestors("D") == frozenset()


def test_descendants_and_leaves() -> None:
    tree = _tree()
    assert tree.descendants("D") == {"E1", "c1", "c2", "c3"}
    assert tree.leaves == ("c1", "c2", "c3")
    assert tree.leaves_under("E1") == ("c1", "c2")
    assert tree.leaves_under("c3") == ("c3",)


def test_population_sums_leaves_when_not_given() -> None:
    tree = _tree()
    assert tree.population("D") == 1700
    assert tree.population("E1") == 1500
    assert tree.population("c2") == 500


def test_population_is_unknown_when_a_leaf_lacks_it() -> None:
    tree = TerritoryTree(
        [
            Territory(code="D", name="D"),
            Territory(code="a", name="A", parents=("D",), population=3),
            Territory(code="b", name="B", parents=("D",)),
        ]
    )
    assert tree.population("D") is None


def test_levels_are_ordered_from_broadest_and_matched_loosely() -> None:
    tree = _tree()
    assert tree.levels == ("département", "EPCI", "commune")
    assert tree.at_level("DEPARTEMENT") == ("D",)
    assert tree.at_level("leaves") == ("c1", "c2", "c3")
    with pytest.raises(KeyError, match="levels: leaves, département, EPCI, commune"):
        tree.at_level("région")


def test_without_a_territory_file_named_codes_are_flat_leaves() -> None:
    tree = TerritoryTree([], named=["77288", "77152", "77288"])
    assert tree.leaves == ("77152", "77288")
    assert tree.population("77288") is None
    assert tree.ancestors("77288") == frozenset()
