"""Comparing two snapshots: a hand-built pair whose every change is known.

OLD: A (Melun 77288, logement), B (Le Mée 77285, santé, SIRET S), C (both communes,
emploi), D (Melun, logement), E (Le Mée, logement); links A-C, B-C, C-E; D isolated.

NEW: A now also santé; B's id became B2 (same SIRET); C and D as before; E is gone; F
arrives (Le Mée, alimentation); links A-C, B2-C, A-D, A-B2.

So, by hand: added F; removed E; renamed B -> B2 (by SIRET); changed A (fields); links
added A-B2 and A-D, removed C-E; gaps closed (Melun, santé) and (Le Mée, alimentation),
opened (Le Mée, logement); the overlap of A and D in logement at Melun, unlinked before,
is now coordinated; D joined the network.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partenariat.app import compare_paths
from partenariat.errors import PartenariatError
from tests.cli import run
from tests.conftest import FolderMaker

OLD = {
    "organisations.csv": "id,name,territories,fields,siret\n"
    "A,CCAS de Melun,77288,logement,\n"
    "B,Association Santé,77285,santé,12345678900011\n"
    "C,Mission locale,77288|77285,emploi,\n"
    "D,Foyer de Melun,77288,logement,\n"
    "E,Relais du Mée,77285,logement,\n",
    "links.csv": "source,target,type\nA,C,formal\nB,C,informal\nC,E,formal\n",
}
NEW = {
    "organisations.csv": "id,name,territories,fields,siret\n"
    "A,CCAS de Melun,77288,logement|santé,\n"
    "B2,Association Santé,77285,santé,12345678900011\n"
    "C,Mission locale,77288|77285,emploi,\n"
    "D,Foyer de Melun,77288,logement,\n"
    "F,Épicerie solidaire,77285,alimentation,\n",
    "links.csv": "source,target,type\nA,C,formal\nB2,C,informal\nA,D,formal\nA,B2,\n",
}


@pytest.fixture
def pair(make_folder: FolderMaker) -> tuple[Path, Path]:
    return make_folder(OLD), make_folder(NEW)


def test_every_change_of_the_hand_built_pair(pair: tuple[Path, Path]) -> None:
    _, after, found = compare_paths(*pair)
    assert found.added == ("F",)
    assert found.removed == ("E",)
    assert [(r.old, r.new, r.by) for r in found.renamed] == [("B", "B2", "siret")]
    assert [(c.organisation, c.columns) for c in found.changed] == [("A", ("fields",))]
    assert [link.organisations for link in found.links_added] == [("A", "B2"), ("A", "D")]
    assert [link.organisations for link in found.links_removed] == [("C", "E")]
    assert found.links_retyped == ()
    assert [(g.territory, g.field) for g in found.gaps_closed] == [
        ("77288", "santé"),
        ("77285", "alimentation"),
    ]  # most populated first: Melun, then Le Mée
    assert [(g.territory, g.field) for g in found.gaps_opened] == [("77285", "logement")]
    assert [(o.field, o.public, o.organisations) for o in found.coordinated] == [
        ("logement", None, ("A", "D"))
    ]
    assert found.new_uncoordinated == ()
    assert found.joined == ("D",)
    assert found.became_isolated == ()
    assert found.cases is None
    assert after.area.codes  # inferred from the new snapshot: the EPCI of Melun


def test_gaps_are_ranked_by_population_and_named(pair: tuple[Path, Path]) -> None:
    _, _, found = compare_paths(*pair)
    closed = found.gaps_closed
    assert [g.name for g in closed] == ["Melun", "Le Mée-sur-Seine"]  # Melun is larger
    assert all(g.population for g in closed)


def test_both_snapshots_use_the_new_study_area_or_the_scope(
    make_folder: FolderMaker,
) -> None:
    old = make_folder(
        {**OLD, "organisations.csv": OLD["organisations.csv"] + "Z,Ailleurs,59350,logement,\n"}
    )
    new = make_folder(NEW)
    before, after, found = compare_paths(old, new)
    assert before.network.scope == after.network.scope  # the old one does not widen it
    assert all(g.territory != "59350" for g in found.gaps_opened + found.gaps_closed)
    _, _, scoped = compare_paths(old, new, scope=("77288",))
    assert [(g.territory, g.field) for g in scoped.gaps_closed] == [("77288", "santé")]
    assert scoped.gaps_opened == ()


def test_a_renamed_organisation_without_siret_is_matched_by_name_and_territories(
    make_folder: FolderMaker,
) -> None:
    renamed = NEW["organisations.csv"].replace("D,Foyer de Melun", "D-2026,FOYER  de melun")
    links = NEW["links.csv"].replace("A,D", "A,D-2026")
    _, _, found = compare_paths(
        make_folder(OLD), make_folder({"organisations.csv": renamed, "links.csv": links})
    )
    assert ("D", "D-2026", "name") in [(r.old, r.new, r.by) for r in found.renamed]
    assert "D" not in found.removed
    assert "D-2026" not in found.added
    assert found.joined == ("D-2026",)  # the isolated D is the same organisation


def test_identical_snapshots_change_nothing(example: Path) -> None:
    _, _, found = compare_paths(example, example)
    payload = found.to_dict()
    assert payload["organisations"]["added"] == payload["organisations"]["removed"] == []
    assert payload["links"]["added"] == payload["links"]["removed"] == []
    assert payload["coverage"]["gaps_closed"] == payload["coverage"]["gaps_opened"] == []
    assert payload["cases"]["fragmented_share"]["before"] == pytest.approx(0.4333)


def test_compare_json_is_the_documented_contract(pair: tuple[Path, Path]) -> None:
    code, output = run("compare", str(pair[0]), str(pair[1]), "--format", "json")
    assert code == 0, output
    payload = json.loads(output)
    assert set(payload) >= {
        "organisations",
        "links",
        "coverage",
        "overlaps",
        "isolated",
        "structure",
        "cases",
        "study_area",
    }
    assert payload["organisations"]["added"] == ["F"]
    assert payload["organisations"]["renamed"] == [{"old": "B", "new": "B2", "by": "siret"}]
    assert payload["organisations"]["changed"] == [{"organisation": "A", "fields": ["fields"]}]
    assert payload["links"]["removed"] == [{"organisations": ["C", "E"], "types": ["formal"]}]
    assert payload["coverage"]["gaps_opened"][0]["territory"] == "77285"
    assert payload["structure"]["components"]["before"] >= 1


def test_compare_text_and_report_in_french(pair: tuple[Path, Path], tmp_path: Path) -> None:
    code, output = run("compare", str(pair[0]), str(pair[1]))
    assert code == 0, output
    assert "Évolution du réseau partenarial" in output
    assert "Nouvelles zones blanches (1)" in output
    assert "Le Mée-sur-Seine" in output
    out = tmp_path / "evolution.html"
    code, output = run("compare", str(pair[0]), str(pair[1]), "-o", str(out))
    assert code == 0, output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Le Mée-sur-Seine" in page  # the commune whose gap opened
    assert "Partenariat créé" in page  # the map's legend
    md = tmp_path / "evolution.md"
    assert run("compare", str(pair[0]), str(pair[1]), "-o", str(md))[0] == 0
    assert md.read_text(encoding="utf-8").startswith("# Évolution du réseau partenarial")


def test_compare_csv_tables_and_three_snapshots(
    pair: tuple[Path, Path], tmp_path: Path, make_folder: FolderMaker
) -> None:
    folder = tmp_path / "tableaux"
    code, _ = run("compare", *map(str, pair), "--format", "csv", "-o", str(folder))
    assert code == 0
    opened = (folder / "nouvelles-zones-blanches.csv").read_text(encoding="utf-8-sig")
    assert opened.splitlines()[0] == "Territoire;Nom;Domaine;Population"
    assert "77285;Le Mée-sur-Seine;logement" in opened
    third = make_folder(NEW)
    code, output = run("compare", str(pair[0]), str(pair[1]), str(third), "--format", "json")
    steps = json.loads(output)["steps"]
    assert len(steps) == 2
    assert steps[1]["organisations"]["added"] == []


def test_compare_needs_two_snapshots_and_names_a_bad_one(
    pair: tuple[Path, Path], make_folder: FolderMaker
) -> None:
    code, output = run("compare", str(pair[0]))
    assert code == 2
    assert "au moins deux états" in output
    broken = make_folder({"organisations.csv": "id,name\nA,\n", "links.csv": "source,target\n"})
    code, output = run("compare", str(pair[0]), str(broken))
    assert code == 1
    assert str(broken) in output
    assert "Traceback" not in output


def test_an_old_snapshot_without_the_area_is_a_clear_error(make_folder: FolderMaker) -> None:
    own = "code,name,parent\n77288,Melun,77\n77285,Le Mée,77\n77,Seine-et-Marne,\n"
    old = make_folder({**OLD, "territories.csv": own})
    new = make_folder(NEW)
    with pytest.raises(PartenariatError) as raised:
        compare_paths(old, new)
    assert str(old) in str(raised.value)


def test_retyped_links_new_uncoordinated_overlaps_and_newly_isolated(
    make_folder: FolderMaker,
) -> None:
    organisations = NEW["organisations.csv"] + "G,Banque alimentaire,77285,alimentation,\n"
    links = "source,target,type\nA,C,informal\nA,D,formal\nA,B2,\n"  # C keeps only A
    _, _, found = compare_paths(
        make_folder(OLD), make_folder({"organisations.csv": organisations, "links.csv": links})
    )
    assert [(r.organisations, r.before, r.after) for r in found.links_retyped] == [
        (("A", "C"), ("formal",), ("informal",))
    ]
    assert [(o.field, o.public, o.organisations) for o in found.new_uncoordinated] == [
        ("alimentation", None, ("F", "G"))
    ]
    assert found.became_isolated == ()
    links = "source,target,type\nA,D,formal\nA,B2,\n"  # C has no link any more
    _, _, found = compare_paths(
        make_folder(OLD), make_folder({"organisations.csv": organisations, "links.csv": links})
    )
    assert found.became_isolated == ("C",)
    assert [link.organisations for link in found.links_removed] == [
        ("A", "C"),
        ("B2", "C"),  # B's link, under its new id
        ("C", "E"),
    ]


def test_population_without_offer_moves_by_the_communes_served(pair: tuple[Path, Path]) -> None:
    from partenariat.reference import reference

    _, _, found = compare_paths(*pair)
    by_field = {f.field: f for f in found.uncovered}
    melun, le_mee = reference()["77288"].population, reference()["77285"].population
    assert melun is not None
    assert le_mee is not None
    sante = by_field["santé"]
    assert sante.before is not None
    assert sante.after is not None
    assert sante.before - sante.after == melun  # A now serves Melun for santé
    logement = by_field["logement"]
    assert logement.after is not None
    assert logement.before is not None
    assert logement.after - logement.before == le_mee  # E, gone, served Le Mée
    assert by_field["alimentation"].before is not None
