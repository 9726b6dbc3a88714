"""Partnership measures: the small network worked out by hand (docs/analyses.md), and
random networks against networkx (reciprocity, constraint, k-cores) and a brute-force count
of the Gould-Fernandez roles."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partenariat import Dataset, Link, Network, Organisation
from partenariat.analysis.measures import ROLES, measures
from tests.small_network import small_network


def test_the_small_network_as_worked_out() -> None:
    found = measures(small_network())
    assert found.brokerage_group == "sector"  # too few types: the sectors
    assert (found.reciprocity, found.directed_pairs) == (0.0, 2)
    assert found.multiplexity == 0.25
    assert found.multiplex_pairs == (("caf", "ccas1", ("formal", "referral")),)
    assert [r.to_dict() for r in found.brokerage] == [
        {
            "organisation": o,
            "coordinator": 0,
            "consultant": 0,
            "representative": 1,
            "gatekeeper": 1,
            "liaison": 0,
            "total": 2,
        }
        for o in ("caf", "ccas1")
    ]
    assert found.constraint == {
        "caf": 0.5,
        "ccas1": 0.5,
        "asso2": 1.0,
        "mission": 1.0,
        "p1": 1.0,
        "p2": 1.0,
    }
    assert found.core_periphery.k == 1
    assert found.core_periphery.core == ("asso2", "caf", "ccas1", "mission", "p1", "p2")
    view = found.network_view
    assert view["fields_offered"] == 5
    assert view["fields_per_organisation"] == pytest.approx(11 / 9)
    assert view["formal_share"] == pytest.approx(0.4)
    assert view["mean_weight"] is None
    assert view["mean_level"] is None


def test_every_role_on_a_hand_drawn_star() -> None:
    """v (A) with partners a1, a2 (A), b1, b2 (B), c1 (C); a1-a2 partners, nothing else.

    Ordered open two-paths through v: coordinator a1-v-a2 is closed (0); consultant
    b1-v-b2 both ways (2); representative a-v-b/c: 2 A ends x 3 other ends (6) = gatekeeper
    (6); liaison b-v-c both ways: 2 x 1 x 2 = 4."""
    types = {"v": "A", "a1": "A", "a2": "A", "b1": "B", "b2": "B", "c1": "C"}
    orgs = tuple(Organisation(id=i, name=i, type=t) for i, t in types.items())
    links = tuple(Link(source="v", target=o) for o in ("a1", "a2", "b1", "b2", "c1"))
    network = Network(Dataset(organisations=orgs, links=(*links, Link(source="a1", target="a2"))))
    roles = {r.organisation: r for r in measures(network, group_by="type").brokerage}
    v = roles["v"]
    assert (v.coordinator, v.consultant, v.representative, v.gatekeeper, v.liaison) == (
        0,
        2,
        6,
        6,
        4,
    )
    assert set(roles) == {"v"}


def _network(draw_links: list[tuple[int, int, str | None]], types: list[str | None]) -> Network:
    orgs = tuple(Organisation(id=f"o{i}", name=f"o{i}", type=t) for i, t in enumerate(types))
    links = tuple(Link(source=f"o{a}", target=f"o{b}", type=k) for a, b, k in draw_links)
    return Network(Dataset(organisations=orgs, links=links))


networks = st.integers(min_value=2, max_value=12).flatmap(
    lambda n: st.tuples(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.integers(0, n - 1),
                st.sampled_from(["formal", "informal", "referral", "funding", None]),
            ),
            max_size=30,
        ),
        st.lists(st.sampled_from(["A", "B", "C", None]), min_size=n, max_size=n),
    )
)


@settings(max_examples=60, deadline=None)
@given(networks)
def test_against_networkx_and_a_brute_force_count(drawn: tuple) -> None:  # type: ignore[type-arg]
    links, types = drawn
    network = _network(links, types)
    found = measures(network, group_by="type")
    graph = nx.Graph()
    graph.add_nodes_from(network.ids)
    graph.add_edges_from((f"o{a}", f"o{b}") for a, b, _ in links if a != b)
    expected = nx.constraint(graph)
    assert found.constraint == pytest.approx({k: expected[k] for k in found.constraint})
    assert set(found.constraint) == {n for n in graph if graph.degree(n)}
    directed = nx.DiGraph()
    directed.add_edges_from(
        (f"o{a}", f"o{b}") for a, b, k in links if a != b and k in ("referral", "funding")
    )
    if directed.number_of_edges():
        assert found.reciprocity == pytest.approx(nx.reciprocity(directed))
    else:
        assert found.reciprocity is None
    if graph.number_of_edges():
        cores = nx.core_number(graph)
        k = max(cores.values())
        assert found.core_periphery.k == k
        assert set(found.core_periphery.core) == {n for n, c in cores.items() if c == k}
    group = {f"o{i}": t for i, t in enumerate(types)}
    brute = {}
    for v in graph:
        if group[v] is None:
            continue
        counts = dict.fromkeys(ROLES, 0)
        for a in graph[v]:
            for c in graph[v]:
                if a == c or graph.has_edge(a, c) or group[a] is None or group[c] is None:
                    continue
                same_a, same_c = group[a] == group[v], group[c] == group[v]
                role = (
                    "coordinator"
                    if same_a and same_c
                    else "consultant"
                    if group[a] == group[c]
                    else "representative"
                    if same_a
                    else "gatekeeper"
                    if same_c
                    else "liaison"
                )
                counts[role] += 1
        if sum(counts.values()):
            brute[v] = counts
    assert {r.organisation: {k: getattr(r, k) for k in ROLES} for r in found.brokerage} == brute


@settings(max_examples=80, deadline=None)
@given(networks)
def test_multiplexity_counts_the_pairs_joined_by_two_types_or_more(
    drawn: tuple[list[tuple[int, int, str | None]], list[str | None]],
) -> None:
    links, types = drawn
    found = measures(_network(links, types), group_by="type")
    kinds: dict[tuple[str, str], set[str]] = {}
    for a, b, kind in links:
        if a != b:
            low, high = sorted((f"o{a}", f"o{b}"))
            kinds.setdefault((low, high), set()).update([kind] if kind else [])
    several = sorted((a, b, tuple(sorted(k))) for (a, b), k in kinds.items() if len(k) > 1)
    assert found.multiplex_pairs == tuple(several)
    assert found.multiplexity == (len(several) / len(kinds) if kinds else None)
