"""data·inclusion import and export."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import partenariat
from partenariat.analysis.coverage import coverage
from partenariat.analysis.offers import offer_index
from partenariat.cli import cli
from partenariat.io.datainclusion import export_datainclusion, import_datainclusion
from partenariat.io.write import write_folder

DATA = Path(__file__).parent / "data"
TEMPLATE = DATA / "datainclusion" / "valideur-template-dataset.xlsx"
SCHEMAS = Path(partenariat.__file__).parent / "data" / "datainclusion" / "v1" / "schema"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_template_imports_with_its_invalid_values_reported() -> None:
    dataset, report = import_datainclusion([TEMPLATE])
    assert [o.name for o in dataset.organisations] == ["AGENCE ACTION LOGEMENT."]
    assert len(dataset.services) == 2
    found = {(p.file.split("[")[1].rstrip("]"), p.line, p.column, p.code) for p in report.problems}
    assert ("Structures", 4, "code_postal", "invalid-format") in found
    assert ("Structures", 4, "courriel", "invalid-format") in found
    assert ("Structures", 4, "site_web", "invalid-format") in found
    assert ("Services", 4, "thematiques", "unknown-value") in found
    assert ("Services", 5, "zone_eligibilite", "unknown-value") in found
    organisation = dataset.organisations[0]
    assert organisation.siret == "82454114801871"  # a float cell, read without .0
    assert organisation.email == "pas une adresse"  # reported, kept as given
    assert dataset.services[0].fields == ("logement-hebergement--louer-un-logement",)
    assert dataset.services[0].publics == ("actifs", "familles")


def test_instruction_rows_are_skipped() -> None:
    dataset, _ = import_datainclusion([TEMPLATE])
    assert "Le Biclou" not in [o.name for o in dataset.organisations]


def _api_files(tmp_path: Path) -> list[Path]:
    structures = [
        {
            "source": "dora",
            "id": "s1",
            "nom": "Épicerie solidaire de Roubaix",
            "date_maj": "2025-01-10",
            "code_insee": "59512",
            "siret": "6.04876475005E+13",
            "reseaux_porteurs": ["restos-du-coeur"],
        },
        {
            "source": "dora",
            "id": "s2",
            "nom": "CCAS de Roubaix",
            "date_maj": "2025-03-01",
            "code_insee": "59512",
            "courriel": "ccas@roubaix.example",
        },
        {"source": "dora", "id": "s3", "nom": "Département du Nord", "date_maj": "2025-03-01"},
    ]
    services = [
        {
            "source": "dora",
            "id": "v1",
            "structure_id": "s1",
            "nom": "Aide alimentaire",
            "description": "Colis et épicerie.",
            "thematiques": ["equipement-et-alimentation--alimentation"],
            "publics": ["tous-publics"],
            "zone_eligibilite": ["59512"],
        },
        {
            "source": "dora",
            "id": "v2",
            "structure_id": "s2",
            "nom": "Domiciliation",
            "thematiques": [
                "difficultes-administratives-ou-juridiques--beneficier-dune-mesure-"
                "daccompagnement-adapte",
                "inconnue--x",
            ],
            "publics": ["personnes-en-situation-durgence"],
            "zone_eligibilite": ["59512"],
        },
        {
            "source": "dora",
            "id": "v3",
            "structure_id": "s3",
            "nom": "Aide sociale à l'enfance",
            "thematiques": ["famille--soutien-a-la-parentalite-et-a-leducation"],
            "zone_eligibilite": ["59"],
        },
        {"source": "dora", "id": "v4", "structure_id": "zz", "nom": "Orpheline"},
    ]
    (tmp_path / "structures.json").write_text(json.dumps(structures), encoding="utf-8")
    (tmp_path / "services.json").write_text(json.dumps({"items": services}), encoding="utf-8")
    return [tmp_path / "structures.json", tmp_path / "services.json"]


def test_api_json_import_reports_and_keeps_valid_rows(tmp_path: Path) -> None:
    dataset, report = import_datainclusion(_api_files(tmp_path))
    assert [s.id for s in dataset.services] == ["v1", "v2", "v3"]
    codes = [(p.file, p.line, p.column, p.code) for p in report.problems]
    assert ("structures.json", 1, "siret", "invalid-format") in codes
    assert ("services.json", 2, "thematiques", "unknown-value") in codes
    assert ("services.json", 4, "structure_id", "unknown-organisation") in codes
    assert dataset.organisations[0].type == "Restos du Coeur"


def test_an_imported_departement_can_be_diagnosed_without_a_territory_file(
    tmp_path: Path,
) -> None:
    dataset, _ = import_datainclusion(_api_files(tmp_path))
    write_folder(dataset, tmp_path / "nord")
    assert not (tmp_path / "nord" / "territories.csv").exists()
    report = partenariat.validate(tmp_path / "nord")
    assert report.valid
    network = partenariat.Network.from_path(tmp_path / "nord")
    result = coverage(network)
    assert len(result.territories) == 647
    assert result.cell("59512", "equipement-et-alimentation--alimentation").organisations == 1
    categories = offer_index(network, field_level="category").fields
    assert categories == (
        "difficultes-administratives-ou-juridiques",
        "equipement-et-alimentation",
        "famille",
    )


def test_export_validates_against_the_v1_schema(tmp_path: Path) -> None:
    dataset, _ = import_datainclusion(_api_files(tmp_path))
    structures, services = export_datainclusion(dataset)
    for item in structures:
        _validator("structure").validate(item)
    for item in services:
        _validator("service").validate(item)


def test_export_of_the_melun_example_validates(example: Path) -> None:
    structures, services = export_datainclusion(partenariat.load(example))
    assert len(structures) == 40
    for item in structures:
        _validator("structure").validate(item)
    for item in services:
        _validator("service").validate(item)


def test_import_export_import_keeps_every_organisation_and_service(tmp_path: Path) -> None:
    first, _ = import_datainclusion(_api_files(tmp_path))
    runner = CliRunner()
    write_folder(first, tmp_path / "a")
    result = runner.invoke(
        cli,
        ["export", str(tmp_path / "a"), "--to", "datainclusion", "-o", str(tmp_path / "export")],
    )
    assert result.exit_code == 0, result.output
    second, _ = import_datainclusion(
        [tmp_path / "export" / "structures.json", tmp_path / "export" / "services.json"]
    )
    assert [o.id for o in second.organisations] == [o.id for o in first.organisations]
    assert [(s.id, s.fields, s.publics, s.territories) for s in second.services] == [
        (s.id, s.fields, s.publics, s.territories) for s in first.services
    ]


def test_cli_import_writes_a_valid_folder_and_its_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["import", "datainclusion", str(TEMPLATE), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "invalid-format" in result.output
    assert "valide\u00a0: 0 erreur" in result.output
    assert (tmp_path / "out" / "import-report.json").exists()
    again = CliRunner().invoke(
        cli, ["import", "datainclusion", str(TEMPLATE), "-o", str(tmp_path / "out")]
    )
    assert again.exit_code == 1
    assert "--force" in again.output


@pytest.mark.parametrize("payload", ["not json", "42", "[1, 2]"])
def test_broken_json_is_reported(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(payload, encoding="utf-8")
    dataset, report = import_datainclusion([path])
    assert dataset.organisations == ()
    assert report.problems or payload == "42"
