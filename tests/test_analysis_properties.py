"""Invariants of the analyses on random networks (hypothesis)."""

from __future__ import annotations

import json
from itertools import permutations

from hypothesis import given, settings
from hypothesis import strategies as st

from partenariat import Dataset, Link, Network, Organisation
from partenariat.analysis.coverage import coverage
from partenariat.analysis.diagnosis import diagnose
from partenariat.analysis.offers import offer_index
from partenariat.analysis.overlaps import overlaps
from partenariat.analysis.structure import components_by_size, isolated
from tests.small_network import small_dataset

TERRITORIES = small_dataset().territories
CODES = [t.code for t in TERRITORIES]
FIELDS = ["alimentation", "emploi", "santé", "logement"]
PUBLICS = ["jeunes", "familles", "seniors"]


@st.composite
def networks(draw: st.DrawFn) -> Network:
    count = draw(st.integers(1, 8))
    ids = [f"o{i}" for i in range(count)]
    organisations = tuple(
        Organisation(
            id=org_id,
            name=org_id.upper(),
            territories=tuple(
                draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=2, unique=True))
            ),
            fields=tuple(
                draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=2, unique=True))
            ),
            publics=tuple(draw(st.lists(st.sampled_from(PUBLICS), max_size=2, unique=True))),
        )
        for org_id in ids
    )
    links = tuple(
        Link(source=a, target=b, type=draw(st.sampled_from(["formal", "informal", None])))
        for a, b in draw(
            st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=10)
        )
    )
    return Network(Dataset(territories=TERRITORIES, organisations=organisations, links=links))


SETTINGS = settings(max_examples=80, deadline=None)


def _with_link(network: Network, a: str, b: str) -> Network:
    dataset = network.dataset
    return Network(
        Dataset(
            territories=dataset.territories,
            organisations=dataset.organisations,
            links=(*dataset.links, Link(source=a, target=b)),
        )
    )


@SETTINGS
@given(network=networks(), data=st.data())
def test_adding_a_link_never_adds_an_organisation_without_link(
    network: Network, data: st.DataObject
) -> None:
    ids = sorted(network.organisations)
    a, b = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
    before = {i.organisation for i in isolated(network) if i.reason == "no-link"}
    after = {i.organisation for i in isolated(_with_link(network, a, b)) if i.reason == "no-link"}
    assert after <= before


@SETTINGS
@given(network=networks(), data=st.data())
def test_adding_a_link_to_the_main_component_never_adds_an_isolated_organisation(
    network: Network, data: st.DataObject
) -> None:
    # A link elsewhere may make another component the largest (and so isolate the members
    # of the former main one): the invariant holds for links touching the main component.
    main = components_by_size(network.partnerships())[0]
    a = data.draw(st.sampled_from(main))
    b = data.draw(st.sampled_from(sorted(network.organisations)))
    before = {i.organisation for i in isolated(network)}
    after = {i.organisation for i in isolated(_with_link(network, a, b))}
    assert after <= before


@SETTINGS
@given(network=networks())
def test_an_organisation_serving_the_root_for_every_field_removes_every_gap(
    network: Network,
) -> None:
    dataset = network.dataset
    everywhere = Organisation(
        id="zz-everywhere", name="Partout", territories=("D",), fields=tuple(FIELDS)
    )
    covered = Network(
        Dataset(
            territories=dataset.territories,
            organisations=(*dataset.organisations, everywhere),
            links=dataset.links,
        )
    )
    assert coverage(covered, fields=FIELDS).gaps == ()
    assert coverage(covered, fields=FIELDS, by_public=True).public_gaps == ()


def _brute_force_overlapping_pairs(network: Network) -> set[tuple[str, str, str]]:
    """Ordered pairs (a, b) where a's offer meets b's on a field, a leaf and a public,
    straight from the definition (every pair of organisations, both ways)."""
    tree = offer_index(network).tree
    found: set[tuple[str, str, str]] = set()
    for a, b in permutations(sorted(network.organisations), 2):
        oa, ob = network.organisations[a], network.organisations[b]
        for field in oa.fields:
            if field not in ob.fields:
                continue
            leaves = tree.leaves_served_by(oa.territories) & tree.leaves_served_by(ob.territories)
            publics_of_b = set(ob.publics)
            public_met = (
                not oa.publics or not ob.publics or any(p in publics_of_b for p in oa.publics)
            )
            if leaves and public_met:
                found.add((field, a, b))
    return found


@SETTINGS
@given(network=networks())
def test_overlaps_are_exactly_the_pairs_of_the_definition_and_symmetric(
    network: Network,
) -> None:
    definition = _brute_force_overlapping_pairs(network)
    assert all((field, b, a) in definition for field, a, b in definition)
    from_groups = {
        (o.field, a, b) for o in overlaps(network) for a, b in permutations(o.organisations, 2)
    }
    assert from_groups == definition


@SETTINGS
@given(network=networks(), data=st.data())
def test_results_do_not_depend_on_row_order(network: Network, data: st.DataObject) -> None:
    dataset = network.dataset
    shuffled = Network(
        Dataset(
            territories=tuple(data.draw(st.permutations(dataset.territories))),
            organisations=tuple(data.draw(st.permutations(dataset.organisations))),
            links=tuple(data.draw(st.permutations(dataset.links))),
        )
    )
    first = json.dumps(diagnose(network).to_dict(), sort_keys=True, default=str)
    second = json.dumps(diagnose(shuffled).to_dict(), sort_keys=True, default=str)
    assert first == second
