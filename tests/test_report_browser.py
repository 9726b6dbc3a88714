"""The report in a real headless Chromium."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from partenariat.analysis.coverage import coverage
from partenariat.export.report import heatmap_order, write_report
from tests.conftest import EXAMPLE
from tests.small_network import small_network
from tests.test_report import report_from_path, report_of

TODAY = dt.date(2026, 11, 24)


def test_the_report_renders_offline_without_error(tmp_path: Path, open_page: Any) -> None:
    path = write_report(report_from_path(EXAMPLE, today=TODAY), tmp_path / "diagnostic.html")
    opened = open_page(path, wait_ready=False)
    page = opened.page
    page.locator("#frame-map").scroll_into_view_if_needed()
    frame = page.frame_locator("#frame-map")
    frame.locator("body[data-ready=true]").wait_for(timeout=30_000)
    assert opened.requests == []
    assert opened.problems == []
    assert page.locator("h1").inner_text() == "Diagnostic partagé du réseau partenarial"
    assert page.locator("section").count() == 10
    assert page.locator("#chart-heatmap svg").count() == 1
    assert page.locator("#chart-case_sizes svg").count() == 1


def test_the_report_embeds_the_geographic_map_beside_the_network_map(
    tmp_path: Path, open_page: Any
) -> None:
    path = write_report(report_from_path(EXAMPLE, today=TODAY), tmp_path / "diagnostic.html")
    opened = open_page(path, wait_ready=False)
    page = opened.page
    page.set_viewport_size({"width": 1600, "height": 900})
    page.locator("#frame-geo").scroll_into_view_if_needed()
    frame = page.frame_locator("#frame-geo")
    frame.locator("body[data-ready=true]").wait_for(timeout=30_000)
    assert frame.locator("path.commune").count() == 20
    network_box = page.locator("#frame-map").bounding_box()
    geo_box = page.locator("#frame-geo").bounding_box()
    assert network_box
    assert geo_box
    assert geo_box["x"] > network_box["x"] + network_box["width"] - 1
    assert opened.requests == []
    assert opened.problems == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "report-maps-1600.png"))


def test_a_report_on_territories_without_outline_has_the_network_map_only(tmp_path: Path) -> None:
    report = report_of(small_network(), today=TODAY)
    assert report.map_page is not None
    assert report.geo_page is None
    page = write_report(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="frame-map"' in page
    assert 'id="frame-geo"' not in page


def test_the_heatmap_marks_the_known_gaps(tmp_path: Path, open_page: Any) -> None:
    network = small_network()
    path = write_report(report_of(network, today=TODAY, with_map=False), tmp_path / "small.html")
    page = open_page(path, wait_ready=False).page
    order = heatmap_order(coverage(network))
    fields = list(coverage(network).fields)
    gap_ids = page.evaluate(
        "[...document.querySelectorAll('#chart-heatmap [id^=\"gap-\"]')].map(e => e.id)"
    )
    assert gap_ids == [f"gap-{order.index('c3')}-{fields.index('emploi')}"]
    thin = page.evaluate("document.querySelectorAll('#chart-heatmap [id^=\"thin-\"]').length")
    assert thin == 11


def test_the_report_prints_to_pdf(tmp_path: Path, open_page: Any) -> None:
    path = write_report(report_of(small_network(), today=TODAY), tmp_path / "small.html")
    page = open_page(path, wait_ready=False).page
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000


#: Where the browser tests leave their screenshots (kept with the test output).
SCREENSHOTS = Path(os.environ.get("PARTENARIAT_TEST_OUTPUT", "test-output")) / "screenshots"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_report_and_its_map_read_at_desktop_and_phone_widths(
    tmp_path: Path, open_page: Any, width: int
) -> None:
    path = write_report(report_from_path(EXAMPLE, today=TODAY), tmp_path / "diagnostic.html")
    page = open_page(path, wait_ready=False).page
    page.set_viewport_size({"width": width, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"report-{width}.png"), full_page=False)
    # The page never scrolls sideways: wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    overflowing = page.evaluate(
        "[...document.querySelectorAll('.table-wrap')]"
        ".filter(w => w.scrollWidth > w.clientWidth + 1).length"
    )
    if width < 700:
        # Words are never cut inside: a cell is at least as wide as its longest word.
        broken = page.evaluate(
            """[...document.querySelectorAll('td')].filter(td => {
                const words = td.textContent.split(/\\s+/).filter(Boolean);
                if (!words.length) return false;
                const probe = document.createElement('span');
                probe.style.whiteSpace = 'nowrap';
                probe.style.font = getComputedStyle(td).font;
                document.body.appendChild(probe);
                const widest = Math.max(...words.map(w => {
                    probe.textContent = w; return probe.getBoundingClientRect().width; }));
                probe.remove();
                const style = getComputedStyle(td);
                const inner = td.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                return widest > inner + 1;
            }).length"""
        )
        assert broken == 0
        assert overflowing > 0  # the wide tables scroll rather than squeeze
    page.locator("#frame-map").scroll_into_view_if_needed()
    frame = page.frame_locator("#frame-map")
    frame.locator("body[data-ready=true]").wait_for(timeout=30_000)
    panel = frame.locator("#panel").bounding_box()
    network = frame.locator("#network").bounding_box()
    assert panel is not None
    assert network is not None
    if width < 700:
        assert panel["y"] + panel["height"] <= network["y"] + 1  # stacked
    else:
        assert panel["x"] + panel["width"] <= network["x"] + 1  # side by side
    page.locator("#frame-map").screenshot(path=str(SCREENSHOTS / f"map-{width}.png"))


def test_the_printed_map_keeps_its_legend(tmp_path: Path, open_page: Any) -> None:
    from partenariat.export.html_map import MapOptions, map_html

    path = tmp_path / "carte.html"
    path.write_text(map_html(small_network(), MapOptions(lang="fr")), encoding="utf-8")
    page = open_page(path).page
    page.emulate_media(media="print")
    assert page.locator("#panel .legend").is_visible()
    assert not page.locator("#panel .search").is_visible()
    assert page.locator("#network canvas").count() >= 1


def test_the_evolution_report_opens_offline_with_its_map(
    tmp_path: Path, open_page: Any, make_folder: Any
) -> None:
    from tests.cli import run
    from tests.test_compare import NEW, OLD

    out = tmp_path / "evolution.html"
    code, output = run("compare", str(make_folder(OLD)), str(make_folder(NEW)), "-o", str(out))
    assert code == 0, output
    opened = open_page(out, wait_ready=False)
    page = opened.page
    page.locator("#frame-map").scroll_into_view_if_needed()
    frame = page.frame_locator("#frame-map")
    frame.locator("body[data-ready=true]").wait_for(timeout=30_000)
    assert opened.requests == []
    assert opened.problems == []
    assert "Le Mée-sur-Seine" in page.locator("#table-gaps_opened").inner_text()
    legend = frame.locator("#panel .legend").inner_text()
    assert "Partenariat créé" in legend
    assert "Partenariat perdu" in legend
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "evolution-1280.png"))
