"""The directory, worked out by hand on a small territory of Haute-Savoie.

organisation  territories            fields (own + services)            publics     updated
ccas          Sevrier (74267)        alimentation                       (all)       2026-06-01
ml            CA Grand Annecy        emploi, santé mentale (a service)  jeunes      2024-10-01
caf           Haute-Savoie (74)      famille                            (all)       (none)
cmp           Annecy (74010)         santé mentale                      adultes     2025-01-10

Today 2026-11-25, threshold 24 months (before 2024-11-25 is to update): ml (2024-10-01) and
caf (no date) are to update. Sevrier is served by ccas (itself), ml (its EPCI) and caf (its
département); not by cmp (Annecy). "santé mentale" is offered by ml (through its service)
and cmp; "santé" by nobody.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from partenariat.app import Study
from partenariat.directory import Directory, directory, months_before

TODAY = dt.date(2026, 11, 25)
ORGANISATIONS = """id;name;type;territories;fields;publics;email;website;updated
ccas;CCAS de Sevrier;CCAS;74267;alimentation;;ccas@sevrier.example;https://sevrier.fr;01/06/2026
ml;Mission locale;mission locale;200066793;emploi;jeunes;;www.ml.example;01/10/2024
caf;CAF de la Haute-Savoie;CAF;74;famille;;;javascript:alert(1);
cmp;CMP d'Annecy;CMP;74010;santé mentale;adultes;;;10/01/2025
"""
LINKS = "source;target\nccas;caf\nml;caf\n"
SERVICES = "organisation;name;fields;publics\nml;Point écoute jeunes;santé mentale;jeunes\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "organisations.csv").write_text(ORGANISATIONS, encoding="utf-8")
    (tmp_path / "links.csv").write_text(LINKS, encoding="utf-8")
    (tmp_path / "services.csv").write_text(SERVICES, encoding="utf-8")
    return tmp_path


@pytest.fixture
def book(folder: Path) -> Directory:
    return directory(Study.open(folder, scope=("200066793",)).network, today=TODAY)


def _entry(book: Directory, org: str):  # type: ignore[no-untyped-def]
    return next(e for e in book.entries if e.id == org)


def test_one_entry_per_organisation_sorted_by_name(book: Directory) -> None:
    assert [e.id for e in book.entries] == ["caf", "ccas", "cmp", "ml"]


def test_fields_publics_and_territories_in_words(book: Directory) -> None:
    ml = _entry(book, "ml")
    assert ml.fields == ("emploi", "santé mentale")
    assert ml.publics == ("jeunes",)
    assert [p.name for p in ml.territories] == ["CA du Grand Annecy"]
    assert [s.name for s in ml.services] == ["Point écoute jeunes"]
    assert _entry(book, "ccas").publics == ()  # every public
    assert [p.name for p in _entry(book, "caf").partners] == ["CCAS de Sevrier", "Mission locale"]


def test_entries_to_update_past_the_threshold_or_undated(book: Directory, folder: Path) -> None:
    assert [e.id for e in book.to_update()] == ["caf", "ml"]
    later = directory(Study.open(folder).network, today=TODAY, stale_after_months=30)
    assert [e.id for e in later.to_update()] == ["caf"]


def test_who_serves_a_commune_directly_or_through_a_wider_territory(book: Directory) -> None:
    assert [e.id for e in book.serving("74267")] == ["caf", "ccas", "ml"]
    assert [e.id for e in book.serving("74010")] == ["caf", "cmp", "ml"]
    assert "74267" in {p.code for p in book.communes}
    assert all(p.code.startswith("74") for p in book.communes)


def test_a_field_keeps_exactly_those_offering_it(book: Directory) -> None:
    assert [e.id for e in book.offering("santé mentale")] == ["cmp", "ml"]
    assert [e.id for e in book.offering("SANTE MENTALE")] == ["cmp", "ml"]
    assert book.offering("santé") == ()


def test_only_http_websites_are_links(book: Directory) -> None:
    assert _entry(book, "ccas").website_link == "https://sevrier.fr"
    assert _entry(book, "ml").website_link is None
    assert _entry(book, "caf").website_link is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 11, 25), 24, dt.date(2024, 11, 25)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected
