"""The geographic map in a real headless Chromium: offline, shaded by the chosen field,
communes and organisations hoverable, search and filters shared with the network map."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from partenariat.app import Study
from partenariat.export.geo_map import GeoOptions, geo_map_html
from tests.conftest import EXAMPLE

SCREENSHOTS = Path(os.environ.get("PARTENARIAT_TEST_OUTPUT", "test-output")) / "screenshots"


def _page(tmp_path: Path, open_page: Any, options: GeoOptions | None = None) -> Any:
    path = tmp_path / "geo.html"
    path.write_text(geo_map_html(Study.open(EXAMPLE).network, options), encoding="utf-8")
    opened = open_page(path)
    assert opened.requests == []
    assert opened.problems == []
    return opened.page


def test_the_communes_of_the_area_are_drawn_and_shaded(tmp_path: Path, open_page: Any) -> None:
    page = _page(tmp_path, open_page, GeoOptions(field="alimentation"))
    codes = page.evaluate(
        "[...document.querySelectorAll('path.commune')].map(p => p.getAttribute('data-code'))"
    )
    assert len(codes) == 20
    assert all(code.startswith("77") for code in codes)
    assert page.evaluate("document.body.getAttribute('data-field')") == "alimentation"
    fills = page.evaluate(
        "[...document.querySelectorAll('path.commune')]"
        ".map(p => [p.getAttribute('data-organisations'), p.getAttribute('fill')])"
    )
    shade = {"0": "#D55E00", "1": "#F0C05A"}
    for count, fill in fills:
        assert fill == shade.get(count, "#5B9BD5")
    assert page.locator("path.border.edge").count() == 1
    legend = page.locator(".legend").inner_text()
    assert "personne (zone blanche)" in legend
    assert "plusieurs organisations" in legend
    assert "Type d'organisation" in legend
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map-geo-1280.png"))


def test_the_field_selector_reshades_the_communes(tmp_path: Path, open_page: Any) -> None:
    page = _page(tmp_path, open_page, GeoOptions(field="alimentation"))
    before = page.evaluate(
        "[...document.querySelectorAll('path.commune')]"
        ".map(p => p.getAttribute('data-organisations'))"
    )
    options = page.evaluate(
        "[...document.querySelectorAll('#geo-field option')].map(o => o.textContent)"
    )
    emploi = options.index("emploi")
    page.select_option("#geo-field", str(emploi))
    assert page.evaluate("document.body.getAttribute('data-field')") == "emploi"
    after = page.evaluate(
        "[...document.querySelectorAll('path.commune')]"
        ".map(p => p.getAttribute('data-organisations'))"
    )
    assert after != before


def test_hovering_a_commune_shows_its_name_and_population(tmp_path: Path, open_page: Any) -> None:
    page = _page(tmp_path, open_page)
    melun = page.locator("path.commune[data-code='77288']")
    box = melun.bounding_box()
    assert box is not None
    # A point of Melun free of organisation points: try a few until the commune is hovered.
    for fx, fy in ((0.2, 0.5), (0.8, 0.5), (0.5, 0.2), (0.5, 0.8), (0.3, 0.3)):
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        if page.evaluate("document.body.getAttribute('data-hover')") == "77288":
            break
    assert page.evaluate("document.body.getAttribute('data-hover')") == "77288"
    card = page.locator("#hover-card").inner_text()
    assert "Melun" in card
    assert "Population" in card


def test_hovering_an_organisation_lights_its_links(tmp_path: Path, open_page: Any) -> None:
    page = _page(tmp_path, open_page)
    point = page.locator("circle.point[data-organisation='dep77-mds-melun']")
    point.hover(force=True)
    assert page.evaluate("document.body.getAttribute('data-hover')") == "dep77-mds-melun"
    assert (
        "Maison départementale des solidarités de Melun" in page.locator("#hover-card").inner_text()
    )
    assert page.evaluate("document.querySelector('.link-lit').getAttribute('d')").startswith("M")


def test_search_and_filters_act_on_the_points(tmp_path: Path, open_page: Any) -> None:
    page = _page(tmp_path, open_page)
    page.fill("#search-input", "solidarites de melun")
    page.locator("#search-results button").first.click()
    assert page.evaluate("window.partenariatMap.selected()")[0] == "dep77-mds-melun"
    page.select_option("#filter-type", "CCAS")
    visible = page.evaluate(
        "[...document.querySelectorAll('circle.point')]"
        ".filter(c => c.style.display !== 'none').length"
    )
    assert str(visible) == page.evaluate("document.body.getAttribute('data-visible')")
    assert 0 < visible < 40


def test_wheel_zooms_and_reset_fits_again(tmp_path: Path, open_page: Any) -> None:
    page = _page(tmp_path, open_page)
    before = page.evaluate("document.getElementById('geo').getAttribute('viewBox')")
    box = page.locator("#geo").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_function(f"document.getElementById('geo').getAttribute('viewBox') !== {before!r}")
    page.click("button.reset")
    assert page.evaluate("document.getElementById('geo').getAttribute('viewBox')").startswith(
        "0.00 0.00"
    )
