"""The shared diagnosis: content, Markdown structure, CSV tables, privacy."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from partenariat import Dataset, Intervention, Network, Organisation, OutputExistsError
from partenariat.analysis.diagnosis import diagnose
from partenariat.app.study import Study
from partenariat.export.report import (
    Report,
    build_report,
    report_html,
    report_markdown,
    write_report,
    write_report_tables,
)
from partenariat.i18n import Lang
from tests.conftest import EXAMPLE
from tests.small_network import small_network

TODAY = dt.date(2026, 11, 24)
CASE_ID = re.compile(r"\bS\d\d\b")


def report_of(network: Network, **options: Any) -> Report:
    """The report of ``network`` with its diagnosis (the renderer runs no analysis)."""
    level = options.get("level", "leaves")
    return build_report(network, diagnosis=diagnose(network, level=level), **options)


def report_from_path(
    path: Path,
    *,
    today: dt.date,
    lang: Lang = "fr",
    show_cases: bool = False,
    with_map: bool = True,
) -> Report:
    """The report of the data at ``path`` as a front end builds it: the study opened (read
    once), then handed to the renderer."""
    study = Study.open(path, today=today, lang=lang)
    return build_report(
        study.network,
        diagnosis=study.diagnose(),
        area=study.area,
        validation=study.validation,
        files=study.validation.sources,
        lang=lang,
        today=today,
        show_cases=show_cases,
        with_map=with_map,
    )


@pytest.fixture(scope="module")
def example_report():  # type: ignore[no-untyped-def]
    return report_from_path(EXAMPLE, today=TODAY)


def test_markdown_has_every_section_in_order(example_report) -> None:  # type: ignore[no-untyped-def]
    markdown = report_markdown(example_report)
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## En bref",
        "## Couverture du territoire",
        "## Offres qui se chevauchent",
        "## Acteurs isolés — Acteurs passerelles",
        "## Structure du réseau",
        "## Parcours des personnes accompagnées",
        "## Partenariats à créer",
        "## Qualité des données",
        "## Méthode",
    ]
    assert "| Zones blanches | 59 |" in markdown
    assert "iframe" not in markdown


def test_no_case_identifier_and_small_counts_hidden_by_default(example_report) -> None:  # type: ignore[no-untyped-def]
    page = report_html(example_report)
    markdown = report_markdown(example_report)
    assert not CASE_ID.search(markdown)
    assert not CASE_ID.search(page)
    assert "< 5" in markdown
    missing = next(t for t in example_report.tables() if t.key == "missing_links")
    assert {row[1] for row in missing.rows} == {"< 5"}


def test_show_cases_reveals_identifiers_and_counts() -> None:
    report = report_from_path(EXAMPLE, today=TODAY, show_cases=True, with_map=False)
    markdown = report_markdown(report)
    assert CASE_ID.search(markdown)
    missing = next(t for t in report.tables() if t.key == "missing_links")
    assert missing.rows[0][1] == "3"


def test_headline_figures_of_the_small_network() -> None:
    report = report_of(small_network(), today=TODAY, with_map=False)
    brief = dict(report.sections[0].figures)
    assert brief["Zones blanches"] == "1"
    assert brief["Acteurs isolés"] == "5"
    assert brief["Organisations"] == "9"


def test_stale_entries_and_fingerprint(example_report) -> None:  # type: ignore[no-untyped-def]
    stale = next(t for t in example_report.tables() if t.key == "stale_entries")
    assert [row[0] for row in stale.rows] == [
        "Amitié Rubelles",
        "CCAS du Mée-sur-Seine",
        "Entraide Dammarie",
        "Centre médico-psychologique adultes de Melun",
        "CCAS de Dammarie-les-Lys",
    ]
    fingerprint = next(t for t in example_report.tables() if t.key == "fingerprint")
    assert [row[0] for row in fingerprint.rows] == [
        "interventions.csv",
        "liens.csv",
        "organisations.csv",
        "services.csv",
        "territoires.csv",
    ]
    assert all(re.fullmatch(r"[0-9a-f]{64}", row[1]) for row in fingerprint.rows)


def test_english_report() -> None:
    report = report_from_path(EXAMPLE, today=TODAY, lang="en", with_map=False)
    markdown = report_markdown(report)
    assert markdown.startswith("# Shared diagnosis of the partnership network")
    assert "## Coverage of the territory" in markdown


def test_csv_tables_open_in_excel_and_neutralise_formulas(tmp_path: Path) -> None:
    orgs = (
        Organisation(id="a", name='=HYPERLINK("http://x")', territories=("T",), fields=("x",)),
        Organisation(id="b", name="@SUM(1)", territories=("T",), fields=("x",)),
    )
    report = report_of(Network(Dataset(organisations=orgs)), today=TODAY, with_map=False)
    written = write_report_tables(report, tmp_path / "csv", excel=True)
    overlaps = tmp_path / "csv" / "overlaps.csv"
    assert overlaps in written
    raw = overlaps.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][2].startswith("'")
    assert not any(cell.startswith(("=", "@", "+", "-")) for row in rows for cell in row)


def test_csv_tables_have_a_bom_without_excel(tmp_path: Path) -> None:
    report = report_of(small_network(), today=TODAY, with_map=False)
    path = write_report_tables(report, tmp_path)[0]
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b";" not in raw.splitlines()[0]


def test_the_report_never_overwrites_silently(tmp_path: Path) -> None:
    report = report_of(small_network(), today=TODAY, with_map=False)
    target = tmp_path / "diagnostic.html"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        write_report(report, target)
    assert target.read_text(encoding="utf-8") == "mine"


def test_cases_section_only_with_interventions() -> None:
    report = report_of(small_network(), today=TODAY, with_map=False)
    assert "cases" not in [s.key for s in report.sections]
    data = small_network().dataset
    with_cases = Network(
        Dataset(
            organisations=data.organisations,
            links=data.links,
            territories=data.territories,
            interventions=(Intervention(case="X1", organisation="caf"),),
        )
    )
    report = report_of(with_cases, today=TODAY, with_map=False)
    assert "cases" in [s.key for s in report.sections]
    assert "X1" not in report_markdown(report)


def test_a_study_area_too_large_gets_no_geographic_map_but_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from partenariat.app import Study
    from partenariat.export import report as module

    network = Study.open(EXAMPLE).network
    assert report_of(network).geo_page is not None
    monkeypatch.setattr(module, "GEO_MAP_MAX_COMMUNES", 10)
    report = report_of(network)
    assert report.geo_page is None
    section = next(s for s in report.sections if s.key == "map")
    assert any("dessinée à part" in p for p in section.paragraphs)
    assert not any("--" in p for p in section.paragraphs)  # no command line in a shared page
