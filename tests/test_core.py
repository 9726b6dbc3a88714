"""The compiled core against its references: igraph against networkx on small graphs, the
bulk (array) analyses against direct definitions, the column reader against the row reader,
the bounded suggestions against the full ranking."""

from __future__ import annotations

import datetime as dt
import random
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partenariat import Dataset, Intervention, Link, Network, Organisation
from partenariat.analysis import suggestions as suggestions_module
from partenariat.analysis.cases import cases
from partenariat.analysis.offers import offer_index
from partenariat.analysis.overlaps import _rank as overlap_rank
from partenariat.analysis.overlaps import overlaps
from partenariat.analysis.structure import (
    betweenness_centrality,
    brokers,
    components_by_size,
    louvain,
)
from partenariat.analysis.suggestions import suggestions
from partenariat.io.tables import (
    _parse,
    _parse_columns,
    _parse_csv,
    _parse_plain,
    _parse_quoted_columns,
    _read_plain_columns,
)
from tests.conftest import MINIMAL, FolderMaker
from tests.synthetic import random_network
from tests.test_analysis_properties import networks


def _graph_network(graph: nx.Graph[int]) -> Network:
    organisations = tuple(Organisation(id=f"n{i:03d}", name=f"N{i}") for i in graph.nodes)
    links = tuple(Link(source=f"n{a:03d}", target=f"n{b:03d}") for a, b in graph.edges)
    return Network(Dataset(organisations=organisations, links=links))


@pytest.mark.parametrize("seed", range(6))
def test_igraph_betweenness_is_networkx_exact_betweenness(seed: int) -> None:
    graph = nx.gnp_random_graph(40, 0.08, seed=seed)
    network = _graph_network(graph)
    values, method = betweenness_centrality(network)
    expected = nx.betweenness_centrality(network.partnerships(), normalized=True)
    assert method == "exact"
    for code, org in enumerate(network.ids):
        assert values[code] == pytest.approx(expected[org], abs=1e-12)


def test_the_sampled_betweenness_is_the_exact_one_on_average(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over every sample of 3 sources out of 9, the scaled estimates average to the exact
    betweenness: the estimator is unbiased."""
    from partenariat.analysis import structure as module

    graph = nx.gnp_random_graph(9, 0.35, seed=2)
    network = _graph_network(graph)
    exact, method = module._betweenness(network)
    assert method == "exact"
    samples = list(combinations(range(9), 3))
    total = np.zeros(9)
    for sample in samples:
        monkeypatch.setattr(module, "_sources", lambda n, m, chosen=sample: list(chosen))
        values, method = module._betweenness(network)
        assert method == "sampled: 3 sources, seed 42"
        total += values
    assert (total / len(samples)).tolist() == pytest.approx(exact.tolist(), abs=1e-12)


def test_a_network_over_the_budget_is_sampled_with_as_many_sources_as_it_allows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from partenariat.analysis import structure as module

    network = random_network(300, seed=2)
    partnerships = len(network.pairs[0])
    monkeypatch.setattr(module, "BETWEENNESS_BUDGET", 150 * partnerships)
    monkeypatch.setattr(module, "FEWEST_SOURCES", 10)
    values, method = betweenness_centrality(network)
    assert method == "sampled: 150 sources, seed 42"
    exact = nx.betweenness_centrality(network.partnerships(), normalized=True)
    top = max(exact, key=lambda org: exact[org])
    assert values[network.index[top]] == pytest.approx(exact[top], rel=0.25)


@pytest.mark.parametrize("seed", range(6))
def test_components_and_brokers_match_networkx(seed: int) -> None:
    graph = nx.gnp_random_graph(50, 0.04, seed=seed)
    network = _graph_network(graph)
    reference = network.partnerships()
    assert components_by_size(network) == components_by_size(reference)
    found = {b.organisation: b.cut_off for b in brokers(network)}
    assert set(found) == set(nx.articulation_points(reference))
    for node, cut_off in found.items():
        component = nx.node_connected_component(reference, node)
        rest = reference.subgraph(component - {node})
        parts = sorted((len(c) for c in nx.connected_components(rest)), reverse=True)
        assert cut_off == sum(parts[1:])


def test_leiden_finds_the_communities_louvain_finds_when_they_are_clear() -> None:
    graph = nx.planted_partition_graph(4, 15, 0.6, 0.01, seed=3)
    network = _graph_network(graph)
    found = {frozenset(group) for group in louvain(network, 1.0)[0]}
    reference = {
        frozenset(group)
        for group in nx.community.louvain_communities(network.partnerships(), seed=42)
    }
    assert found == reference


@st.composite
def case_networks(draw: st.DrawFn) -> Network:
    count = draw(st.integers(2, 9))
    ids = [f"o{i}" for i in range(count)]
    pairs = draw(st.lists(st.sampled_from(list(combinations(ids, 2))), max_size=12))
    days = st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31)))
    interventions = []
    for case in range(draw(st.integers(1, 5))):
        for org in draw(st.lists(st.sampled_from(ids), min_size=1, max_size=5)):
            start, end = draw(days), draw(days)
            if start and end and end < start:
                start, end = end, start
            interventions.append(
                Intervention(
                    case=f"S{case}",
                    organisation=org,
                    field=draw(st.sampled_from(["logement", "Logement", "santé", None])),
                    start=start,
                    end=end,
                    role=draw(st.sampled_from([None, "référent", "appui"])),
                )
            )
    return Network(
        Dataset(
            organisations=tuple(Organisation(id=i, name=i.upper()) for i in ids),
            links=tuple(Link(source=a, target=b) for a, b in pairs),
            interventions=tuple(interventions),
        )
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case_networks())
def test_bulk_case_support_follows_the_definitions(network: Network) -> None:
    graph = network.partnerships()
    result = cases(network)
    by_case: dict[str, list[Intervention]] = {}
    for item in network.dataset.interventions:
        by_case.setdefault(item.case, []).append(item)
    assert [c.case for c in result.cases] == sorted(by_case)
    together: dict[tuple[str, str], int] = {}
    for support in result.cases:
        items = by_case[support.case]
        orgs = sorted({i.organisation for i in items})
        n = len(orgs)
        linked = sum(1 for a, b in combinations(orgs, 2) if graph.has_edge(a, b))
        pieces = nx.number_connected_components(graph.subgraph(orgs))
        assert support.organisations == tuple(orgs)
        assert support.linked_share == (round(linked / (n * (n - 1) / 2), 4) if n > 1 else None)
        assert support.components == pieces
        assert support.fragmented == (pieces > 1)
        assert support.coordinators == tuple(
            o for o in orgs if n > 1 and all(graph.has_edge(o, x) for x in orgs if x != o)
        )
        assert support.interventions == len(items)
        for a, b in combinations(orgs, 2):
            if not graph.has_edge(a, b):
                together[(a, b)] = together.get((a, b), 0) + 1
    assert {m.organisations: m.cases for m in result.missing_links} == together
    assert result.fragmented == sum(1 for c in result.cases if c.fragmented)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(1, 6))
def test_the_first_suggestions_kept_are_the_first_of_the_full_ranking(
    network: Network, keep: int
) -> None:
    full = suggestions(network, keep=10**9)
    kept = suggestions(network, keep=keep)
    assert tuple(kept) == full[:keep]
    assert kept.total == len(full)


@pytest.mark.parametrize(
    ("bound", "at_once"),
    [
        ("_COUNTED_AT_ONCE", 1),  # candidates counted block by block
        ("_COUNTED_AT_ONCE", 2),
        ("_COUNTED_AT_ONCE", 7),
        ("_PRODUCT_AT_ONCE", 1),  # products computed block by block
        ("_PRODUCT_AT_ONCE", 5),
        ("_PRODUCT_AT_ONCE", 40),
    ],
)
def test_suggestions_worked_out_block_by_block_keep_their_ranking_and_count(
    monkeypatch: pytest.MonkeyPatch, bound: str, at_once: int
) -> None:
    network = random_network(300, seed=3 if bound == "_COUNTED_AT_ONCE" else 4)
    whole = suggestions(network, keep=10**9)
    assert len(whole) > 50  # enough candidates for many blocks
    monkeypatch.setattr(suggestions_module, bound, at_once)
    for keep in (3, 10**9):
        blocked = suggestions(network, keep=keep)
        assert tuple(blocked) == whole[:keep]
        assert blocked.total == len(whole)


@settings(max_examples=30, deadline=None)
@given(networks())
def test_leaf_groups_are_the_signatures(network: Network) -> None:
    index = offer_index(network)
    for field in index.fields:
        groups = index.leaf_groups(field)
        seen: dict[int, tuple[str, ...]] = {}
        for group, signature in zip(groups.ids.tolist(), index.signatures(field), strict=True):
            assert (group == -1) == (len(signature) == 0)
            if group >= 0:
                assert seen.setdefault(group, signature) == signature
        assert len(set(seen.values())) == len(seen)


CELL = st.text(st.characters(codec="utf-8", exclude_characters='"\r\n;'), max_size=6)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=8))
def test_the_column_reader_reads_what_the_row_reader_reads(rows: list[list[str]]) -> None:
    text = "\n".join(";".join(row) for row in rows) + "\n"
    by_rows = _parse_plain(text, "t.csv", ";", 0)
    by_csv = _parse(text + '"', "t.csv", ";", 0)  # a quote forces the csv module
    by_columns = _parse_columns(text, "t.csv", ";", 0)
    if by_rows is None:
        assert by_columns is None
        return
    assert by_csv is not None
    assert by_csv.rows[: len(by_rows.rows)] == by_rows.rows
    if by_columns is not None:
        assert by_columns.header == by_rows.header
        padded = [
            (line, cells + ("",) * (len(by_rows.header) - len(cells)))
            for line, cells in by_rows.rows
        ]
        assert by_columns.rows == padded
    else:
        assert any(len(cells) > len(by_rows.header) for _, cells in by_rows.rows)


PLAIN_LINE = st.one_of(
    st.lists(CELL, min_size=1, max_size=4).map(lambda cells: "\x1f".join(cells)),
    st.sampled_from(["", "   ", "\x1f\x1f", " \x1f \u00a0"]),  # blank lines of every kind
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(PLAIN_LINE, min_size=1, max_size=8),
    st.sampled_from([";", ",", "\t", "|"]),
    st.booleans(),
    st.integers(0, 2),
    st.booleans(),
)
def test_plain_files_read_by_polars_are_those_split_in_columns(
    lines: list[str], delimiter: str, windows: bool, skip: int, final_end: bool
) -> None:
    end = "\r\n" if windows else "\n"
    body = end.join(line.replace("\x1f", delimiter) for line in lines)
    text = "junk\n" * skip + body + (end if final_end else "")
    if delimiter in "".join(lines):
        return  # a cell holding the delimiter is not a plain file
    by_polars = _read_plain_columns(text, "t.csv", delimiter, skip)
    by_columns = _parse_columns(text, "t.csv", delimiter, skip)
    if by_polars is None:
        return  # the column splitter reads it (or says why): nothing to compare
    assert by_columns is not None
    assert (by_polars.header, by_polars.header_line) == (by_columns.header, by_columns.header_line)
    assert by_polars.rows == by_columns.rows


def test_a_plain_file_is_read_by_polars_with_its_line_numbers() -> None:
    text = "id;nom\r\nA; CCAS \r\n\r\n;\r\nB;CAF;\r\n"
    table = _read_plain_columns(text, "t.csv", ";", 0)
    assert table is None  # a line longer than the header: the slower readers report it
    table = _read_plain_columns(text.replace("CAF;", "CAF"), "t.csv", ";", 0)
    assert table is not None
    assert table.rows == [(2, ("A", "CCAS")), (5, ("B", "CAF"))]


QUOTED_CELL = st.one_of(
    CELL,
    st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=6).map(
        lambda text: '"' + text.replace('"', '""') + '"'
    ),
    st.sampled_from(['a"b', '"a"b', ' "a"', '"', '""""']),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.lists(QUOTED_CELL, min_size=1, max_size=4), min_size=1, max_size=8),
    st.sampled_from([";", ","]),
    st.booleans(),
)
def test_quoted_cells_split_by_polars_are_those_the_csv_module_reads(
    rows: list[list[str]], delimiter: str, windows: bool
) -> None:
    end = "\r\n" if windows else "\n"
    text = end.join(delimiter.join(row) for row in rows) + end
    by_csv = _parse_csv(text, "t.csv", delimiter, 0)
    by_columns = _parse_quoted_columns(text, "t.csv", delimiter, 0)
    if by_columns is None:
        return  # the csv module reads it: nothing to compare
    assert by_csv is not None
    assert by_columns.header == by_csv.header
    width = len(by_columns.header)
    padded = [(line, cells + ("",) * (width - len(cells))) for line, cells in by_csv.rows]
    assert by_columns.rows == padded


def test_a_file_quoted_by_excel_is_split_by_polars() -> None:
    text = 'id;nom;adresse\r\nA;"CCAS; Melun";"2 rue ""Haute"""\r\n\r\nB;CAF;\r\n'
    table = _parse(text, "t.csv", ";", 0)
    assert table is not None
    assert table.columns is not None  # not the csv module's rows
    assert table.rows == [(2, ("A", "CCAS; Melun", '2 rue "Haute"')), (4, ("B", "CAF", ""))]


def test_a_national_shaped_network_keeps_its_answers_when_rows_are_shuffled() -> None:
    network = random_network(300, seed=5)
    data = network.dataset
    rng = random.Random(1)
    organisations = list(data.organisations)
    links = list(data.links)
    rng.shuffle(organisations)
    rng.shuffle(links)
    shuffled = Network(
        Dataset(
            organisations=tuple(organisations), links=tuple(links), territories=data.territories
        )
    )
    assert [s.organisations for s in suggestions(network)[:50]] == [
        s.organisations for s in suggestions(shuffled)[:50]
    ]
    assert brokers(network) == brokers(shuffled)


def test_a_large_quoted_file_read_in_column_chunks_keeps_every_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from partenariat.io import tables

    text = "id;nom;note\n" + "".join(
        f'{i};"Nom {i}; suite";{"x;y;z" if i % 7 == 0 else ""}\n' for i in range(25)
    )
    whole = tables._parse(text, "t.csv", ";", 0)
    monkeypatch.setattr(tables, "_CHUNK", 4)
    chunked = tables._parse(text, "t.csv", ";", 0)
    assert whole is not None
    assert chunked is not None
    assert chunked.columns is not None
    padded = [
        (line, cells + ("",) * (chunked.columns.width - len(cells))) for line, cells in whole.rows
    ]
    assert chunked.rows == padded


def test_extra_cells_are_reported_from_column_chunks(
    monkeypatch: pytest.MonkeyPatch, make_folder: FolderMaker
) -> None:
    from partenariat.io import tables
    from partenariat.io.folder import validate

    links = "source,target,note\n" + "".join(
        f'A,B,"lien {i}"{",surplus" if i == 9 else ""}\n' for i in range(12)
    )
    folder = make_folder({**MINIMAL, "links.csv": links})
    expected = [(p.line, p.message) for p in validate(folder).problems if p.code == "extra-cells"]
    monkeypatch.setattr(tables, "_CHUNK", 4)
    found = [(p.line, p.message) for p in validate(folder).problems if p.code == "extra-cells"]
    assert found == expected == [(11, "4 cells but the header has 3: 'surplus' has no column")]


@settings(max_examples=60, deadline=None)
@given(networks())
def test_the_offer_table_holds_the_offers(network: Network) -> None:
    index = offer_index(network)
    table = index._table
    from_table = sorted(
        (
            network.ids[org],
            tuple(fields),
            None if publics is None else frozenset(publics),
            tuple(territories),
        )
        for org, fields, publics, territories in table.iter_rows()
    )
    from_offers = sorted((o.organisation, o.fields, o.publics, o.territories) for o in index.offers)
    assert from_table == from_offers
    orgs, fields = index.organisation_fields()
    assert sorted(zip([network.ids[o] for o in orgs.tolist()], fields, strict=True)) == sorted(
        (o.organisation, f) for o in index.offers for f in o.fields
    )


def _offer_key(offer: tuple[Any, ...]) -> tuple[Any, ...]:
    organisation, fields, publics, territories = offer
    return organisation, fields, publics is None, sorted(publics or ()), territories


def _serving_from_table(network: Network, field: str, group: int) -> dict[str, object]:
    index = offer_index(network)
    table = index.serving_table(field)
    found: dict[str, object] = {}
    for pair in range(int(table.starts[group]), int(table.starts[group + 1])):
        org = int(table.orgs[pair])
        found[network.ids[org]] = table.publics_of(group, org, index.publics)
    return found


@settings(max_examples=60, deadline=None)
@given(networks())
def test_serving_tables_hold_what_serving_answers_leaf_by_leaf(network: Network) -> None:
    index = offer_index(network)
    for field in index.fields:
        for group, leaf in enumerate(index.leaf_groups(field).representatives):
            assert _serving_from_table(network, field, group) == index.serving(field, leaf)


def test_serving_tables_of_a_network_with_services_and_publics() -> None:
    network = random_network(300, seed=11)
    index = offer_index(network)
    for field in index.fields:
        table = index.serving_table(field)
        masks = table.masks(np.uint64)
        for group, leaf in enumerate(index.leaf_groups(field).representatives):
            expected = index.serving(field, leaf)
            assert _serving_from_table(network, field, group) == expected
            for pair in range(int(table.starts[group]), int(table.starts[group + 1])):
                publics = expected[network.ids[int(table.orgs[pair])]]
                bits = sum(1 << index.publics.index(p) for p in publics or ())
                assert int(masks[pair]) == bits


@settings(max_examples=60, deadline=None)
@given(networks())
def test_the_overlap_table_is_in_rank_order_and_counts_the_uncoordinated(
    network: Network,
) -> None:
    found = overlaps(network)
    listed = list(found)
    assert listed == sorted(listed, key=overlap_rank)
    assert found.uncoordinated_count == sum(1 for o in listed if o.uncoordinated)
    assert len({(o.field, o.public, o.organisations) for o in listed}) == len(listed)
