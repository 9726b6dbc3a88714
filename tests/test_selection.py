"""Pre-filtering the network (answers from tests/small_network.py)."""

from __future__ import annotations

import pytest

from partenariat import PartenariatError
from partenariat.selection import select
from tests.small_network import small_network


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"territory": "c3"}, {"caf", "lonely", "p1", "p2"}),
        ({"territory": "E1"}, {"caf", "ccas1", "epi", "asso2", "mission", "cmp"}),
        ({"field": "Sante"}, {"cmp", "p1", "p2"}),
        ({"public": "jeunes"}, {"caf", "ccas1", "epi", "asso2", "mission", "lonely", "p1"}),
        ({"type": "ccas"}, {"ccas1"}),
        ({"ego": "ccas1", "depth": 1}, {"caf", "ccas1", "asso2"}),
        ({"ego": "asso2", "depth": 3}, {"caf", "ccas1", "asso2", "mission"}),
        ({"territory": "c1", "field": "alimentation"}, {"ccas1", "epi"}),
    ],
)
def test_select(kwargs: dict[str, object], expected: set[str]) -> None:
    assert set(select(small_network(), **kwargs).organisations) == expected  # type: ignore[arg-type]


def test_links_are_kept_between_kept_organisations() -> None:
    sub = select(small_network(), ego="ccas1")
    assert sorted((x.source, x.target) for x in sub.dataset.links) == [
        ("caf", "ccas1"),
        ("caf", "ccas1"),
        ("ccas1", "asso2"),
    ]


@pytest.mark.parametrize("kwargs", [{"territory": "zz"}, {"ego": "nobody"}])
def test_unknown_names_are_errors(kwargs: dict[str, str]) -> None:
    with pytest.raises(PartenariatError):
        select(small_network(), **kwargs)  # type: ignore[arg-type]
