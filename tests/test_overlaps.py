"""Overlapping offers on the small territory (answers worked out by hand)."""

from __future__ import annotations

from partenariat import Dataset, Link, Network, Organisation
from partenariat.analysis.overlaps import overlaps
from tests.small_network import small_network


def test_overlaps_of_the_small_territory_ranked() -> None:
    found = overlaps(small_network())
    assert [
        (
            o.field,
            o.public,
            o.organisations,
            o.territories,
            o.population,
            o.unlinked_pairs,
            o.unlinked_pair_count,
        )
        for o in found
    ] == [
        # ccas1 and epi both do food aid in c1 for everyone, with no link: uncoordinated
        ("alimentation", None, ("ccas1", "epi"), ("c1",), 1000, (("ccas1", "epi"),), 1),
        # caf (through D) and ccas1 in c1, linked
        ("famille", None, ("caf", "ccas1"), ("c1",), 1000, (), 0),
        # p1 serves everyone, p2 adults: they share the adults in c3; linked
        ("santé", "adultes", ("p1", "p2"), ("c3",), 200, (), 0),
    ]
    assert [o.uncoordinated for o in found] == [True, False, False]


def test_groups_are_merged_across_territories() -> None:
    org = lambda i: Organisation(id=i, name=i, territories=("t1", "t2"), fields=("x",))  # noqa: E731
    found = overlaps(Network(Dataset(organisations=(org("a"), org("b")))))
    assert len(found) == 1
    assert found[0].territories == ("t1", "t2")


def test_different_publics_do_not_overlap() -> None:
    data = Dataset(
        organisations=(
            Organisation(id="a", name="A", territories=("t",), fields=("x",), publics=("jeunes",)),
            Organisation(id="b", name="B", territories=("t",), fields=("x",), publics=("seniors",)),
        )
    )
    assert overlaps(Network(data)) == ()


def test_large_groups_count_unlinked_pairs_without_listing_them_all() -> None:
    orgs = tuple(
        Organisation(id=f"o{i:03d}", name=str(i), territories=("t",), fields=("x",))
        for i in range(30)
    )
    links = tuple(Link(source=f"o{i:03d}", target=f"o{i + 1:03d}") for i in range(29))
    (group,) = overlaps(Network(Dataset(organisations=orgs, links=links)))
    assert group.pair_count == 435
    assert group.unlinked_pair_count == 435 - 29
    assert len(group.unlinked_pairs) == 100
