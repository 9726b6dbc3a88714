"""France's territories, bundled, and data folders without a territory file."""

from __future__ import annotations

import pytest

import partenariat
from partenariat.analysis.coverage import coverage
from partenariat.analysis.offers import offer_index
from partenariat.reference import ancestors, leaves_under, reference, resolve, study_subset
from partenariat.scope import with_scope
from tests.conftest import FolderMaker


@pytest.mark.parametrize(
    ("text", "code", "level"),
    [
        ("77288", "77288", "commune"),
        ("01053", "01053", "commune"),
        ("75101", "75101", "arrondissement"),
        ("77", "77", "département"),
        ("2A", "2A", "département"),
        ("2a", "2A", "département"),
        ("971", "971", "département"),
        ("247700057", "247700057", "EPCI"),
        ("200057867", "200057867", "EPT"),
        ("france", "france", "pays"),
        ("France", "france", "pays"),
        ("region:32", "region:32", "région"),
        ("Roubaix", "59512", "commune"),
        ("seine et marne", "77", "département"),
        ("CA Melun Val de Seine", "247700057", "EPCI"),
    ],
)
def test_codes_and_names_of_each_kind_resolve(text: str, code: str, level: str) -> None:
    found = resolve(text)
    assert found.code == code
    assert reference()[code].level == level


def test_an_ambiguous_name_lists_its_candidates() -> None:
    found = resolve("Paris")
    assert found.code is None
    assert [c for c, _ in found.candidates] == ["75", "75056"]
    assert "matches 2 territories" in found.explain()


def test_an_unknown_code_says_what_codes_look_like() -> None:
    message = resolve("T1").explain()
    assert "INSEE code" in message
    assert "territories.csv" in message
    assert "did you mean '01053'" in resolve("1053").explain()


def test_the_nord_has_its_communes_and_no_other() -> None:
    communes = [c for c in leaves_under("59") if reference()[c].level == "commune"]
    assert len(communes) == 647  # COG 2026
    assert all("59" in reference()[c].parents for c in communes)


def test_an_epci_across_two_departements_does_not_carry_communes_across() -> None:
    spanning = [
        t
        for t in reference().values()
        if t.level == "EPCI" and len(t.parents) == 2 and "59" in t.parents
    ]
    assert spanning
    epci = spanning[0]
    communes = leaves_under(epci.code)
    departements = {d for c in communes for d in reference()[c].parents if d in ("59", "62")}
    assert departements == {"59", "62"}
    for commune in communes:
        own = next(p for p in reference()[commune].parents if len(p) <= 3)
        other = ({"59", "62"} - {own}).pop()
        assert other not in ancestors(commune)
        assert epci.code in ancestors(commune)


def test_a_commune_with_no_epci() -> None:
    brehat = reference()["22016"]
    assert brehat.parents == ("22",)
    assert ancestors("22016") == {"22", "region:53", "france"}


def test_an_organisation_serving_a_departement_serves_its_communes(
    make_folder: FolderMaker,
) -> None:
    folder = make_folder(
        {
            "organisations.csv": "id;nom;territoires;domaines\n"
            "caf59;CAF du Nord;59;famille\n"
            "ccas;CCAS de Roubaix;Roubaix;famille|logement\n",
            "liens.csv": "source;cible\ncaf59;ccas\n",
        }
    )
    dataset = partenariat.load(folder)
    assert dataset.organisations[1].territories == ("59512",)
    network = partenariat.Network(dataset)
    result = coverage(network)
    assert len(result.territories) == 647
    assert result.gaps[0].field == "logement"
    assert sum(1 for g in result.gaps if g.field == "famille") == 0
    assert sum(1 for g in result.gaps if g.field == "logement") == 646
    rolled = coverage(network, level="département")
    assert rolled.cell("59", "logement").status == "partial"


def test_unknown_and_ambiguous_territories_are_located_errors(make_folder: FolderMaker) -> None:
    folder = make_folder(
        {
            "organisations.csv": "id,name,territories,fields\nA,Alpha,Paris,x\nB,Beta,T1|77,x\n",
            "links.csv": "source,target\n",
        }
    )
    report = partenariat.validate(folder)
    located = [(p.file, p.line, p.code) for p in report.errors]
    assert located == [
        ("organisations.csv", 2, "unknown-territory"),
        ("organisations.csv", 3, "unknown-territory"),
    ]
    assert "75056" in report.errors[0].message


def test_scope_examines_communes_nobody_names(make_folder: FolderMaker) -> None:
    folder = make_folder(
        {
            "organisations.csv": "id,name,territories,fields\nA,Alpha,77288,x\n",
            "links.csv": "source,target\n",
        }
    )
    network = partenariat.Network.from_path(folder)
    assert offer_index(network).tree.leaves == ("77288",)
    scoped = with_scope(network, ["247700057"])
    assert len(offer_index(scoped).tree.leaves) == 20
    assert len(coverage(scoped).gaps) == 19


def test_study_subset_holds_ancestors_and_descendants() -> None:
    codes = {t.code for t in study_subset(["247700057"])}
    assert {"247700057", "77", "region:11", "france", "77288"} <= codes
    assert "59512" not in codes
