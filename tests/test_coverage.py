"""Coverage on the small territory (answers worked out by hand in tests/small_network.py)."""

from __future__ import annotations

from dataclasses import astuple

from partenariat import Dataset, Network, Organisation
from partenariat.analysis.coverage import coverage
from tests.small_network import small_network


def test_the_only_leaf_gap_is_employment_in_the_commune_without_epci() -> None:
    result = coverage(small_network())
    assert result.fields == ("alimentation", "emploi", "famille", "logement", "santé")
    assert result.territories == ("c1", "c2", "c3")
    assert [astuple(g) for g in result.gaps] == [("c3", "Commune 3", "emploi", 200, None)]


def test_thin_cells_are_the_cells_with_exactly_one_organisation() -> None:
    thin = {(c.territory, c.field, c.organisation) for c in coverage(small_network()).thin_cells}
    assert thin == {
        ("c1", "emploi", "mission"),
        ("c1", "logement", "caf"),
        ("c1", "santé", "cmp"),
        ("c2", "alimentation", "asso2"),
        ("c2", "emploi", "mission"),
        ("c2", "famille", "caf"),
        ("c2", "logement", "caf"),
        ("c2", "santé", "cmp"),
        ("c3", "alimentation", "lonely"),
        ("c3", "famille", "caf"),
        ("c3", "logement", "caf"),
    }


def test_counts_per_cell() -> None:
    result = coverage(small_network())
    counts = {(c.territory, c.field): c.organisations for c in result.cells}
    assert counts[("c1", "alimentation")] == 2  # ccas1, epi
    assert counts[("c1", "famille")] == 2  # caf through D, ccas1
    assert counts[("c3", "santé")] == 2  # p1, p2
    assert counts[("c3", "emploi")] == 0


def test_uncovered_population_per_field() -> None:
    by_field = {f.field: f for f in coverage(small_network()).by_field}
    assert by_field["emploi"].uncovered_population == 200
    assert by_field["emploi"].uncovered_leaves == 1
    assert by_field["emploi"].population == 1700
    assert by_field["alimentation"].uncovered_population == 0
    assert by_field["alimentation"].organisations == 4


def test_at_a_higher_level_a_territory_is_partial_with_its_population_share() -> None:
    result = coverage(small_network(), level="département")
    emploi = result.cell("D", "emploi")
    assert (emploi.status, emploi.organisations, emploi.covered_share) == ("partial", 1, 0.8824)
    assert result.cell("D", "logement").status == "thin"
    assert result.cell("D", "santé").status == "covered"
    assert result.gaps == ()


def test_at_epci_level_nothing_is_a_gap_or_partial() -> None:
    result = coverage(small_network(), level="EPCI")
    statuses = {c.field: c.status for c in result.cells}
    assert statuses == {
        "alimentation": "covered",
        "emploi": "thin",
        "famille": "covered",
        "logement": "thin",
        "santé": "thin",
    }


def test_gaps_per_public() -> None:
    result = coverage(small_network(), by_public=True)
    assert [(g.territory, g.field, g.public) for g in result.public_gaps] == [
        ("c1", "emploi", "adultes"),
        ("c1", "santé", "jeunes"),
        ("c2", "alimentation", "adultes"),
        ("c2", "emploi", "adultes"),
        ("c2", "santé", "jeunes"),
        ("c3", "emploi", "adultes"),
        ("c3", "emploi", "jeunes"),
    ]


def test_a_reference_field_nobody_covers_is_a_gap_everywhere() -> None:
    result = coverage(
        small_network(),
        fields=["santé mentale", "Emploi", "alimentation", "famille", "logement", "santé"],
    )
    gaps = {(g.territory, g.field) for g in result.gaps}
    assert {("c1", "santé mentale"), ("c2", "santé mentale"), ("c3", "santé mentale")} <= gaps
    assert ("c3", "Emploi") in gaps
    assert result.unlisted_fields == ()


def test_fields_outside_the_reference_list_are_reported() -> None:
    result = coverage(small_network(), fields=["emploi"])
    assert result.fields == ("emploi",)
    assert result.unlisted_fields == ("alimentation", "famille", "logement", "santé")


def test_spellings_of_a_field_are_one_field() -> None:
    data = Dataset(
        organisations=(
            Organisation(id="a", name="A", territories=("T",), fields=("Santé",)),
            Organisation(id="b", name="B", territories=("T",), fields=("sante",)),
            Organisation(id="c", name="C", territories=("T",), fields=("santé",)),
            Organisation(id="d", name="D", territories=("T",), fields=("santé",)),
        )
    )
    result = coverage(Network(data))
    assert result.fields == ("santé",)
    assert result.cell("T", "santé").organisations == 4


def test_services_replace_the_organisation_as_offers() -> None:
    from partenariat import Service

    data = Dataset(
        organisations=(Organisation(id="a", name="A", territories=("T1",), fields=("x",)),),
        services=(
            Service(organisation="a", name="S", fields=("y",)),
            Service(organisation="a", name="S2", fields=("z",), territories=("T2",)),
        ),
    )
    result = coverage(Network(data))
    counts = {(c.territory, c.field): c.organisations for c in result.cells}
    assert counts == {("T1", "y"): 1, ("T1", "z"): 0, ("T2", "y"): 0, ("T2", "z"): 1}
