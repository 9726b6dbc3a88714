"""The directory page in a real headless Chromium: search, filters, print."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from partenariat.app import Study
from partenariat.directory import Directory, directory
from partenariat.export.directory import write_directory
from tests.conftest import EXAMPLE

SCREENSHOTS = Path(os.environ.get("PARTENARIAT_TEST_OUTPUT", "test-output")) / "screenshots"
VISIBLE = (
    "[...document.querySelectorAll('article[data-organisation]:not([hidden])')]"
    ".map(a => a.getAttribute('data-organisation')).sort()"
)


def _opened(tmp_path: Path, open_page: Any) -> tuple[Any, Directory]:
    book = directory(Study.open(EXAMPLE).network, today=dt.date(2026, 11, 25))
    opened = open_page(write_directory(book, tmp_path / "annuaire.html"))
    assert opened.requests == []
    assert opened.problems == []
    return opened.page, book


def test_one_card_per_organisation(tmp_path: Path, open_page: Any) -> None:
    page, book = _opened(tmp_path, open_page)
    assert page.locator("article[data-organisation]").count() == len(book.entries)
    assert page.evaluate("document.body.getAttribute('data-visible')") == str(len(book.entries))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "directory-1280.png"))


def test_searching_a_field_keeps_exactly_those_offering_it(tmp_path: Path, open_page: Any) -> None:
    page, book = _opened(tmp_path, open_page)
    for query, field in (("Santé", "santé"), ("sante mentale", "santé mentale")):
        page.fill("input[type=search]", query)
        assert page.evaluate(VISIBLE) == sorted(e.id for e in book.offering(field))
    page.fill("input[type=search]", "melun")
    narrowed = page.evaluate(VISIBLE)
    assert 0 < len(narrowed) < len(book.entries)
    assert "ccas-melun" in narrowed
    page.fill("input[type=search]", "zzzz")
    assert page.evaluate(VISIBLE) == []
    assert page.locator("#no-match").is_visible()


def test_the_commune_filter_lists_everyone_serving_it(tmp_path: Path, open_page: Any) -> None:
    page, book = _opened(tmp_path, open_page)
    commune = next(p for p in book.communes if p.name == "Le Mée-sur-Seine")
    page.select_option("#filter-commune", commune.code)
    assert page.evaluate(VISIBLE) == sorted(e.id for e in book.serving(commune.code))
    # Through a wider territory: the ADIL names the whole département.
    assert "adil77" in page.evaluate(VISIBLE)


def test_field_and_public_filters_combine(tmp_path: Path, open_page: Any) -> None:
    page, book = _opened(tmp_path, open_page)
    page.select_option("#filter-field", "logement")
    page.select_option("#filter-public", "jeunes")
    expected = sorted(
        e.id for e in book.offering("logement") if not e.publics or "jeunes" in e.publics
    )
    assert page.evaluate(VISIBLE) == expected
    page.click("#reset")
    assert len(page.evaluate(VISIBLE)) == len(book.entries)


def test_printed_it_is_a_booklet_with_its_contents(tmp_path: Path, open_page: Any) -> None:
    page, book = _opened(tmp_path, open_page)
    page.fill("input[type=search]", "zzzz")
    page.emulate_media(media="print")
    assert not page.locator("#controls").is_visible()
    assert page.locator("#contents").is_visible()
    shown = page.evaluate(
        "[...document.querySelectorAll('article')].filter(a => a.offsetParent !== null).length"
    )
    assert shown == len(book.entries)  # a search never cuts the printed booklet
    pdf = page.pdf(format="A5")
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000
