"""Partnership suggestions on the small territory (answers worked out by hand).

Field pairs joined by links: caf-ccas1 gives (alimentation, famille), (famille, logement),
(alimentation, logement); ccas1-asso2 gives (alimentation, famille) again; caf-mission gives
(emploi, famille), (emploi, logement). Only (alimentation, famille) has the support of two.
"""

from __future__ import annotations

from pathlib import Path

from partenariat import Dataset, Intervention, Network
from partenariat.analysis.offers import offer_index
from partenariat.analysis.suggestions import complementary_fields, suggestions
from tests.small_network import small_dataset, small_network


def test_complementary_fields_need_two_supporting_links() -> None:
    network = small_network()
    index = offer_index(network)
    assert complementary_fields(network, index) == (("alimentation", "famille"),)
    assert len(complementary_fields(network, index, min_support=1)) == 5


def test_suggestions_of_the_small_territory() -> None:
    found = suggestions(small_network())
    assert [
        (s.organisations, s.kind, s.fields, s.publics, s.territories, s.population) for s in found
    ] == [
        (("ccas1", "epi"), "pooling", ("alimentation",), (), 1, 1000),
        (("caf", "epi"), "referral", ("famille", "alimentation"), (), 1, 1000),
        (("asso2", "caf"), "referral", ("alimentation", "famille"), ("jeunes",), 1, 500),
        (("caf", "lonely"), "referral", ("famille", "alimentation"), (), 1, 200),
    ]
    assert suggestions(small_network(), limit=2) == found[:2]


def test_cases_followed_together_come_first() -> None:
    data = small_dataset()
    cases = tuple(
        Intervention(case=f"S{i}", organisation=org) for i in range(3) for org in ("caf", "lonely")
    )
    network = Network(Dataset(**{**dict(data), "interventions": cases}))
    top = suggestions(network)[0]
    assert (top.organisations, top.cases) == (("caf", "lonely"), 3)


def test_linked_pairs_are_never_suggested() -> None:
    network = small_network()
    for s in suggestions(network):
        assert not network.linked(*s.organisations)


def test_suggestions_rank_by_the_cases_analysis_pairs_as_by_their_own(tmp_path: Path) -> None:
    from partenariat.analysis.cases import UNLINKED_PAIRS, cases
    from partenariat.app import Study
    from partenariat.synth import write_synthetic

    write_synthetic(300, tmp_path / "data", seed=3, overwrite=False, scope="13")
    alone = Study.open(tmp_path / "data").network
    after_cases = Study.open(tmp_path / "data").network
    cases(after_cases)
    assert after_cases.memoised(UNLINKED_PAIRS) is not None
    assert alone.memoised(UNLINKED_PAIRS) is None
    expected, found = suggestions(alone), suggestions(after_cases)
    assert any(s.cases for s in expected)  # the ranking uses cases here
    assert [s.to_dict() for s in found] == [s.to_dict() for s in expected]
    assert found.total == expected.total


def test_a_referral_key_keeps_its_best_eligible_rows_when_pooling_pairs_top_it() -> None:
    """The most populated rows of the referral key (logement → santé) are those of a pair
    that pools both fields (ineligible for referral): the rows kept must still reach the
    best referrals, as the full ranking has them."""
    from partenariat.model import Link, Organisation, Territory

    communes = [Territory(code="big", name="Grande", parents=("D",), population=100_000)]
    communes += [
        Territory(code=f"s{i}", name=f"Petite {i}", parents=("D",), population=100 + i)
        for i in range(10)
    ]
    communes += [Territory(code="sx", name="Autre", parents=("D",), population=50)]
    org = lambda i, where, *fields: Organisation(  # noqa: E731
        id=i, name=i.upper(), territories=(where,), fields=fields
    )
    organisations = [org("p1", "big", "logement", "santé"), org("p2", "big", "logement", "santé")]
    organisations += [org(f"a{i}", f"s{i}", "logement") for i in range(10)]
    organisations += [org(f"b{i}", f"s{i}", "santé") for i in range(10)]
    organisations += [org("x1", "sx", "logement"), org("x2", "sx", "logement")]
    organisations += [org("y1", "sx", "santé"), org("y2", "sx", "santé")]
    links = (Link(source="x1", target="y1"), Link(source="x2", target="y2"))
    data = Dataset(
        organisations=tuple(organisations),
        links=links,
        territories=(Territory(code="D", name="Dép"), *communes),
    )
    full = suggestions(Network(data), keep=10**9)
    assert [(s.organisations, s.kind) for s in full[:3]] == [
        (("p1", "p2"), "pooling"),
        (("a9", "b9"), "referral"),
        (("a8", "b8"), "referral"),
    ]
    for keep in (3, 5):
        assert tuple(suggestions(Network(data), keep=keep)) == full[:keep]
