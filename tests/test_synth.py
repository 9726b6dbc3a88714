"""Synthetic territories."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from click.testing import CliRunner

import partenariat
from partenariat.cli import cli
from partenariat.reference import reference
from partenariat.synth import synthesize


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    assert synthesize(300, seed=4) == synthesize(300, seed=4)
    assert synthesize(300, seed=4) != synthesize(300, seed=5)


def test_levels_are_in_realistic_proportions() -> None:
    data = synthesize(3000, seed=1)
    levels = Counter(reference()[o.territories[0]].level for o in data.organisations)
    share = {level: count / 3000 for level, count in levels.items()}
    assert 0.55 < share["commune"] < 0.75
    assert 0.15 < share["EPCI"] < 0.35
    assert 0.05 < share["département"] < 0.15


def test_links_are_mostly_local_and_some_organisations_isolated() -> None:
    data = synthesize(3000, seed=1)
    departement = {}
    for org in data.organisations:
        code = org.territories[0]
        territory = reference()[code]
        departement[org.id] = (
            code
            if territory.level == "département"
            else next(
                p
                for p in sorted(partenariat.reference.ancestors(code))
                if reference()[p].level == "département"
            )
        )
    local = sum(1 for x in data.links if departement[x.source] == departement[x.target])
    assert local / len(data.links) > 0.8
    linked = {x.source for x in data.links} | {x.target for x in data.links}
    assert 0.02 < 1 - len(linked) / 3000 < 0.15


def test_cases_gather_one_to_many_organisations() -> None:
    data = synthesize(3000, seed=1)
    sizes = Counter(Counter(i.case for i in data.interventions).values())
    assert sizes[1] > 0
    assert max(sizes) >= 15
    assert len({i.case for i in data.interventions}) == 9000


def test_cli_writes_a_folder_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "syn"
    result = CliRunner().invoke(
        cli, ["synth", "-n", "200", "--seed", "3", "--scope", "77", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    report = partenariat.validate(out)
    assert report.valid
    assert report.counts["organisations"] == 200
    network = partenariat.Network.from_path(out)
    assert all(
        code == "77" or "77" in partenariat.reference.ancestors(code)
        for o in network.dataset.organisations
        for code in o.territories
    )
