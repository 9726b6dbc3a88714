"""The map in a real headless Chromium: offline, safe, searchable, filterable."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import partenariat
from partenariat import Dataset, Link, Network, Organisation
from partenariat.export.ecomap import ecomap_html
from partenariat.export.html_map import MapOptions, write_map
from tests.conftest import EXAMPLE

#: Screenshots are saved here, with the test output (CI keeps the folder).
ARTIFACTS = Path(os.environ.get("PARTENARIAT_TEST_OUTPUT", "test-output"))

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>window.pwned = 1</script>",
    '"><svg onload=alert(2)>',
    "Épicerie « solidaire » & Cie",
]


def _example() -> Network:
    return partenariat.Network.from_path(EXAMPLE)


def test_the_map_makes_no_request_and_logs_no_error(tmp_path: Path, open_page: Any) -> None:
    path = write_map(_example(), tmp_path / "carte.html")
    opened = open_page(path)
    assert opened.requests == []
    assert opened.problems == []
    page = opened.page
    assert page.locator("h1").inner_text() == "Réseau partenarial"
    assert "40 organisations, 65 liens" in page.locator("#caption").inner_text()
    assert page.evaluate("window.partenariatMap.nodes.length") == 40
    assert page.evaluate("window.partenariatMap.edges.length") == 65
    assert page.evaluate("document.querySelector('#network canvas') !== null")
    shot = ARTIFACTS / "carte-melun.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_hostile_names_show_as_text_and_run_nothing(tmp_path: Path, open_page: Any) -> None:
    orgs = tuple(
        Organisation(
            id=f"x{i}", name=name, type=name, fields=(name,), website="javascript:alert(3)"
        )
        for i, name in enumerate(HOSTILE)
    )
    links = (Link(source="x0", target="x1", type="<b>bold</b>"),)
    path = write_map(
        Network(Dataset(organisations=orgs, links=links)),
        tmp_path / "x.html",
        MapOptions(title="<script>alert(4)</script>"),
    )
    opened = open_page(path)
    page = opened.page
    assert opened.dialogs == []
    assert opened.problems == []
    assert page.evaluate("window.pwned") is None
    assert page.locator("h1").inner_text() == "<script>alert(4)</script>"
    assert page.evaluate("document.querySelectorAll('img, svg[onload], b').length") == 0
    legend = page.locator(".legend").inner_text()
    assert "<img src=x onerror=alert(1)>" in legend
    cards = page.evaluate(
        "window.partenariatMap.nodes.get().map(n => n.title.textContent).join('\\n')"
    )
    for name in HOSTILE:
        assert name in cards
    links_in_cards = page.evaluate(
        "window.partenariatMap.nodes.get().flatMap(n => [...n.title.querySelectorAll('a')]).length"
    )
    assert links_in_cards == 0


def test_search_ignores_accents_and_case_and_focuses_with_partners(
    tmp_path: Path, open_page: Any
) -> None:
    page = open_page(write_map(_example(), tmp_path / "carte.html")).page
    page.fill("#search-input", "EPICERIE")
    assert page.locator("#search-results button").all_inner_texts() == [
        "Le Panier solidaire – épicerie sociale"
    ]
    page.press("#search-input", "Enter")
    assert page.get_attribute("body", "data-focus") == "epicerie-melun"
    selected = page.evaluate("window.partenariatMap.network.getSelectedNodes()")
    assert sorted(selected) == ["ccas-melun", "epicerie-melun"]


def test_filters_hide_and_show_without_blanking(tmp_path: Path, open_page: Any) -> None:
    page = open_page(write_map(_example(), tmp_path / "carte.html")).page
    page.select_option("#filter-field", "santé mentale")
    assert page.get_attribute("body", "data-visible") == "3"
    hidden = page.evaluate("window.partenariatMap.nodes.get().filter(n => n.hidden).length")
    assert hidden == 37
    assert page.locator("#no-match").is_hidden()
    page.select_option("#filter-field", "vêtements")  # only the Secours fraternel du Mée
    assert page.get_attribute("body", "data-visible") == "1"
    page.select_option("#filter-territory", "77394")  # Rubelles: nobody for clothes there
    assert page.get_attribute("body", "data-visible") == "0"
    assert page.locator("#no-match").is_visible()
    page.click("button.reset")
    assert page.get_attribute("body", "data-visible") == "40"
    page.select_option("#filter-link_type", "funding")
    visible_edges = page.evaluate("window.partenariatMap.edges.get().filter(e => !e.hidden).length")
    assert visible_edges == 3  # the three funding links of the example
    assert page.get_attribute("body", "data-visible") == "40"


def test_territory_filter_keeps_those_serving_it_from_above(tmp_path: Path, open_page: Any) -> None:
    page = open_page(write_map(_example(), tmp_path / "carte.html")).page
    page.select_option("#filter-territory", "77394")  # Rubelles
    visible = page.evaluate(
        "window.partenariatMap.nodes.get().filter(n => !n.hidden).map(n => n.id)"
    )
    assert "amitie-rubelles" in visible  # names Rubelles itself
    assert "caf77" in visible  # serves the whole département
    assert "ccas-dammarie" not in visible  # another commune


def test_the_legend_shows_every_colour_and_link_type_used(tmp_path: Path, open_page: Any) -> None:
    page = open_page(write_map(_example(), tmp_path / "carte.html")).page
    legend = page.locator(".legend").inner_text()
    for label in (
        "CCAS",
        "association",
        "formel (convention)",
        "informel",
        "orientation",
        "financement",
        "passerelle",
        "isolée",
    ):
        assert label in legend
    colours = page.evaluate(
        "[...new Set(window.partenariatMap.nodes.get().map(n => n.color.background))].length"
    )
    swatches = page.evaluate("document.querySelectorAll('.legend span.dot:not(.mark)').length")
    assert swatches == colours


def test_english_labels(tmp_path: Path, open_page: Any) -> None:
    path = write_map(_example(), tmp_path / "map.html", MapOptions(lang="en"))
    page = open_page(path).page
    assert page.locator("h1").inner_text() == "Partnership network"
    assert "Legend" in page.locator(".legend").inner_text()


def test_the_eco_map_of_a_case(tmp_path: Path, open_page: Any) -> None:
    path = tmp_path / "ecocarte.html"
    path.write_text(ecomap_html(_example(), "S16"), encoding="utf-8")
    opened = open_page(path)
    page = opened.page
    assert opened.requests == []
    assert opened.problems == []
    assert "S16" not in page.content()
    edges = page.evaluate("window.partenariatMap.edges.get().length")
    assert edges == 5 + 10  # five to the centre, ten missing links, no existing one
    legend = page.locator(".legend").inner_text()
    assert "lien manquant" in legend


@pytest.mark.parametrize("colour_by", ["type", "field", "community", "territory"])
def test_every_colouring_renders(tmp_path: Path, open_page: Any, colour_by: str) -> None:
    path = write_map(
        _example(),
        tmp_path / f"{colour_by}.html",
        MapOptions(color_by=colour_by, size_by="betweenness"),
    )  # type: ignore[arg-type]
    opened = open_page(path)
    assert opened.problems == []
    assert opened.page.evaluate("window.partenariatMap.nodes.length") == 40


def test_an_empty_network_says_so(tmp_path: Path, open_page: Any) -> None:
    path = write_map(Network(Dataset()), tmp_path / "vide.html")
    opened = open_page(path)
    assert opened.problems == []
    assert opened.page.locator("#no-match").is_visible()
