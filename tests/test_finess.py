"""FINESS import on the sample extracts (tests/data/finess, from ansforge/finess)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import partenariat
from partenariat.cli import cli
from partenariat.io.finess import import_finess

FINESS = Path(__file__).parent / "data" / "finess"
FILES = {
    "legal_entities": FINESS / "sample_entites_juridiques.csv",
    "establishments": FINESS / "sample_etablissements.csv",
    "relations": FINESS / "sample_relations_et.csv",
    "groupings": FINESS / "sample_groupements_gcc.csv",
}


def test_open_entities_become_organisations_and_management_links() -> None:
    dataset, report = import_finess(**FILES)
    ids = {o.id for o in dataset.organisations}
    assert "010000156" in ids  # an open legal entity
    assert "010000016" not in ids  # closed in 2019
    assert report.counts["closed"] > 0
    management = {(x.source, x.target) for x in dataset.links if x.type == "management"}
    assert ("010000156", "010780195") in management
    clinic = next(o for o in dataset.organisations if o.id == "010780195")
    assert clinic.territories == ("01053",)
    assert clinic.name == "CLINIQUE DOCTEUR CONVERT"


def test_unresolvable_grouping_members_are_reported_not_dropped_silently() -> None:
    dataset, report = import_finess(**FILES)
    unresolved = [
        p
        for p in report.problems
        if p.code == "unresolved-reference" and p.file == "sample_groupements_gcc.csv"
    ]
    assert len(unresolved) == 22
    assert not [x for x in dataset.links if x.type == "membership"]
    assert any(o.id.startswith("gcc:") for o in dataset.organisations)


def test_including_closed_entities() -> None:
    everything, _ = import_finess(**FILES, include_closed=True)
    open_only, _ = import_finess(**FILES)
    assert len(everything.organisations) > len(open_only.organisations)


def test_cli_import_finess_gives_a_folder_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "finess"
    result = CliRunner().invoke(
        cli,
        [
            "import",
            "finess",
            "--ej",
            str(FILES["legal_entities"]),
            "--et",
            str(FILES["establishments"]),
            "--relations",
            str(FILES["relations"]),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    report = partenariat.validate(out)
    assert report.valid
    network = partenariat.Network.from_path(out)
    assert {x.type for x in network.dataset.links} == {"management", "relation"}
