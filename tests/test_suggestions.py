"""Partnership suggestions on the small territory (answers worked out by hand).

Field pairs joined by links: caf-ccas1 gives (alimentation, famille), (famille, logement),
(alimentation, logement); ccas1-asso2 gives (alimentation, famille) again; caf-mission gives
(emploi, famille), (emploi, logement). Only (alimentation, famille) has the support of two.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partenariat import Dataset, Intervention, Link, Network, Organisation, Territory
from partenariat.analysis.offers import offer_index
from partenariat.analysis.suggestions import (
    Suggestion,
    co_intervention_counts,
    complementary_fields,
    suggestions,
)
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


# ---------------------------------------------------------------------------- the top k
# Suggestions only look for the first ``keep`` pairs (pairs following cases together first,
# then the others by a population bound) and count the others without listing them. Every
# answer below is checked against a brute force: each unlinked pair, each key, each leaf.


_Row = tuple[tuple[str, str], str, tuple[str, ...], tuple[str, ...], int, "int | None", int]


def _brute_force(network: Network, min_support: int = 2) -> list[_Row]:
    """Every candidate, ranked, as ``(organisations, kind, fields, publics, territories,
    population, cases)``, worked out leaf by leaf from the offer index's ``serving``."""
    from partenariat.analysis.offers import offer_index
    from partenariat.analysis.suggestions import (
        MAX_COMPLEMENTARY,
        _common_publics,
        co_intervention_counts,
        field_pair_support,
    )

    index = offer_index(network)
    support = field_pair_support(network, index)
    supported = sorted(
        (p for p, n in support.items() if n >= min_support), key=lambda p: (-support[p], p)
    )
    complementary = [(f, g) for f, g in supported if f in index.fields and g in index.fields]
    keys: list[tuple[str, ...]] = [("pooling", f) for f in index.fields]
    for f, g in complementary[:MAX_COMPLEMENTARY]:
        keys += [("referral", f, g), ("referral", g, f)]
    leaves = index.tree.leaves
    serving = {(f, leaf): index.serving(f, leaf) for f in index.fields for leaf in leaves}
    together = co_intervention_counts(network)
    ids = network.ids
    found: list[_Row] = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if network.linked(a, b):
                continue
            rows = []
            for key in keys:
                low_field, high_field = key[1], key[-1]
                met, publics = [], None
                for leaf in leaves:
                    mine, theirs = serving[low_field, leaf], serving[high_field, leaf]
                    if a in mine and b in theirs:
                        common = _common_publics(mine[a], theirs[b])
                        if common is not None:
                            met.append(leaf)
                            publics = common | (publics or set())
                if not met:
                    continue
                known = [index.tree.population(leaf) for leaf in met]
                population = None if None in known else sum(p or 0 for p in known)
                rows.append((key, len(met), population, publics))
            if not rows:
                continue
            pooling = [r for r in rows if r[0][0] == "pooling"]
            key, leaf_count, population, publics = min(
                pooling or rows, key=lambda r: (-(r[2] or 0), -r[1], r[0])
            )
            if key[0] == "pooling":
                fields: tuple[str, ...] = tuple(sorted(r[0][1] for r in pooling))
            else:
                fields = key[1:]
            cases = together.get((a, b), 0)
            found.append(
                (
                    (a, b),
                    key[0],
                    fields,
                    tuple(sorted(publics or ())),
                    leaf_count,
                    population,
                    cases,
                )
            )
    found.sort(key=lambda s: (-s[6], -(s[5] or 0), s[1] != "pooling", s[0]))
    return found


def _rows(found: Sequence[Suggestion]) -> list[_Row]:
    return [
        (s.organisations, s.kind, s.fields, s.publics, s.territories, s.population, s.cases)
        for s in found
    ]


_TERRITORIES = (
    Territory(code="D", name="Département"),
    Territory(code="E", name="EPCI", parents=("D",)),
    Territory(code="c1", name="C1", parents=("E", "D"), population=1000),
    Territory(code="c2", name="C2", parents=("E", "D"), population=500),
    Territory(code="c3", name="C3", parents=("D",)),  # population unknown
    Territory(code="c4", name="C4", parents=("D",), population=500),
)
_FIELDS = ["logement", "santé", "emploi", "famille"]
_PUBLICS = ["jeunes", "familles", "tous publics"]


@st.composite
def _networks(draw: st.DrawFn, *, populations: bool = True) -> Network:
    """Up to 16 organisations on a small territory (populations tie or are unknown),
    with links and cases followed together."""
    count = draw(st.integers(2, 16))
    ids = [f"o{i:02d}" for i in range(count)]
    pick = st.sampled_from
    organisations = tuple(
        Organisation(
            id=org,
            name=org.upper(),
            territories=tuple(
                draw(
                    st.lists(
                        pick([t.code for t in _TERRITORIES]), min_size=1, max_size=2, unique=True
                    )
                )
            ),
            fields=tuple(draw(st.lists(pick(_FIELDS), min_size=1, max_size=2, unique=True))),
            publics=tuple(draw(st.lists(pick(_PUBLICS), max_size=2, unique=True))),
        )
        for org in ids
    )
    links = tuple(
        Link(source=a, target=b)
        for a, b in draw(st.lists(st.tuples(pick(ids), pick(ids)), max_size=3 * count))
    )
    cases = tuple(
        Intervention(case=f"S{c}", organisation=org)
        for c, members in enumerate(
            draw(st.lists(st.lists(pick(ids), min_size=2, max_size=4, unique=True), max_size=8))
        )
        for org in members
    )
    territories: tuple[Territory, ...] = _TERRITORIES
    if not populations:
        territories = tuple(t.model_copy(update={"population": None}) for t in _TERRITORIES)
    return Network(
        Dataset(
            territories=territories, organisations=organisations, links=links, interventions=cases
        )
    )


_KEEPS = (1, 2, 3, 5, 8, 13, 10**9)


def _agrees_with_brute_force(network: Network) -> None:
    """For several ``keep``, in the default blocks and in blocks of one pair (pairs
    following cases together) or one row (the others), so that every bound and stop is
    tried: the pairs listed are exactly the first ``keep`` of the brute force (none
    pruned that belongs there), and ``total`` counts every candidate."""
    from partenariat.analysis import suggestions as module

    expected = _brute_force(network)
    for small in (False, True):
        with pytest.MonkeyPatch.context() as patch:
            if small:
                patch.setattr(module, "_FIRST_PAIRS", 1)
                patch.setattr(module, "_PRODUCT_AT_ONCE", 1)
            for keep in _KEEPS:
                found = suggestions(network, keep=keep)
                assert _rows(found) == expected[:keep], (keep, small)
                assert found.total == len(expected)
                assert found.left_out == max(len(expected) - keep, 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_networks(), st.booleans())
def test_the_first_pairs_kept_are_those_of_a_brute_force(network: Network, cased: bool) -> None:
    if not cased:
        data = network.dataset
        network = Network(Dataset(**{**dict(data), "interventions": ()}))
    _agrees_with_brute_force(network)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_networks(populations=False))
def test_pairs_tied_everywhere_are_kept_by_ids(network: Network) -> None:
    """With no population known, pairs tie on population: the first kept are decided by
    cases, pooling before referral, then ids, as in the brute force."""
    _agrees_with_brute_force(network)


@pytest.mark.parametrize(
    ("bound", "at_once"),
    [("_FIRST_PAIRS", 1), ("_PRODUCT_AT_ONCE", 16), ("_COUNTED_AT_ONCE", 1)],
)
def test_answers_worked_out_in_small_blocks_are_those_of_a_brute_force(
    monkeypatch: pytest.MonkeyPatch, bound: str, at_once: int
) -> None:
    """Blocks of one pair, or of a few multiplications: every block boundary (a pair
    read, the reading stopped) keeps the brute force's answer."""
    from partenariat.analysis import suggestions as module

    network = _seeded_network(40, seed=11)
    expected = _brute_force(network)
    assert sum(1 for s in expected if s[6]) > 5  # pairs following cases together
    monkeypatch.setattr(module, bound, at_once)
    for keep in (1, 4, 10, 30, 10**9):
        found = suggestions(network, keep=keep)
        assert _rows(found) == expected[:keep], keep
        assert found.total == len(expected)


def test_the_count_without_scipys_symbolic_product_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without ``csr_matmat_maxnnz`` the candidates are counted by products of blocks."""
    from partenariat.analysis import suggestions as module

    network = _seeded_network(40, seed=12)
    expected = suggestions(network).total
    monkeypatch.setattr(module, "_symbolic_product", lambda: None)
    monkeypatch.setattr(module, "_PRODUCT_AT_ONCE", 7)
    assert suggestions(network).total == expected == len(_brute_force(network))


def test_the_cases_given_by_the_cases_analysis_may_name_a_pair_either_way() -> None:
    network = _seeded_network(30, seed=13)
    counted = co_intervention_counts(network)
    turned = {(b, a): n for (a, b), n in counted.items()}
    assert [s.to_dict() for s in suggestions(network, together=turned)] == [
        s.to_dict() for s in suggestions(network)
    ]


@pytest.mark.parametrize("size", [0, 1, 2])
def test_networks_too_small_for_a_pair(size: int) -> None:
    organisations = tuple(
        Organisation(id=f"o{i}", name=f"O{i}", territories=("T",), fields=("logement",))
        for i in range(size)
    )
    found = suggestions(Network(Dataset(organisations=organisations)))
    assert found.total == len(found) == (1 if size == 2 else 0)


def test_more_than_64_publics_are_compared_as_python_integers() -> None:
    """Past 64 publics the masks are Python integers (object arrays): same answers."""
    publics = [f"public {i}" for i in range(70)]
    organisations = tuple(
        Organisation(
            id=f"o{i}",
            name=f"O{i}",
            territories=("T",),
            fields=("logement",),
            publics=(publics[i % 70], publics[(i * 7) % 70]),
        )
        for i in range(30)
    )
    network = Network(Dataset(organisations=organisations))
    expected = _brute_force(network)
    assert 0 < len(expected) < 30 * 29 // 2  # some pairs share no public
    for keep in (1, 5, 10**9):
        found = suggestions(network, keep=keep)
        assert _rows(found) == expected[:keep]
        assert found.total == len(expected)


@pytest.mark.parametrize(
    ("shape", "total"),
    [("star", 300 * 301 // 2 - 300), ("clique", 300 * 299 // 2), ("bipartite", 300 * 299 // 2 - 2)],
)
def test_crowds_in_one_commune_are_counted_exactly(shape: str, total: int) -> None:
    """A hub linked to 300 spokes, 300 organisations, 150 + 150 of complementary fields:
    every pair of one commune is a candidate (but the links); the first kept are by ids."""
    network = _shape(shape, 300)
    found = suggestions(network, keep=50)
    assert found.total == total
    assert len(found) == 50
    first = ("o000001", "o000002") if shape == "star" else ("o000000", "o000001")
    assert found[0].organisations == first
    assert _rows(found) == _brute_force(network)[:50]


def _shape(shape: str, count: int) -> Network:
    """``star``: a hub (o000000) linked to ``count`` spokes; ``clique``: ``count``
    organisations; ``bipartite``: half of one field, half of another, two links across
    (so the two fields are complementary). All in one commune, one field each."""
    half = count // 2
    fields = ["logement"] * (count + 1)
    links: list[Link] = []
    if shape == "star":
        links = [Link(source="o000000", target=f"o{i:06d}") for i in range(1, count + 1)]
    elif shape == "bipartite":
        fields = ["logement"] * half + ["hébergement"] * (count - half)
        links = [Link(source=f"o{i:06d}", target=f"o{half + i:06d}") for i in range(2)]
    organisations = tuple(
        Organisation(id=f"o{i:06d}", name=f"O{i}", territories=("C",), fields=(fields[i],))
        for i in range(count + (shape == "star"))
    )
    return Network(Dataset(organisations=organisations, links=tuple(links)))


def _seeded_network(count: int, seed: int) -> Network:
    """A random network with cases followed together (some by linked pairs)."""
    rng = random.Random(seed)
    codes = [t.code for t in _TERRITORIES]
    ids = [f"o{i:03d}" for i in range(count)]
    organisations = tuple(
        Organisation(
            id=org,
            name=org.upper(),
            territories=tuple(rng.sample(codes, rng.randint(1, 2))),
            fields=tuple(rng.sample(_FIELDS, rng.randint(1, 2))),
            publics=tuple(rng.sample(_PUBLICS, rng.randint(0, 2))),
        )
        for org in ids
    )
    links = tuple(Link(source=rng.choice(ids), target=rng.choice(ids)) for _ in range(count))
    cases = tuple(
        Intervention(case=f"S{c}", organisation=org)
        for c in range(count)
        for org in rng.sample(ids, rng.randint(2, 4))
    )
    return Network(
        Dataset(
            territories=_TERRITORIES, organisations=organisations, links=links, interventions=cases
        )
    )
