"""The report in a real headless Chromium."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from partenariat.analysis.coverage import coverage
from partenariat.export.report import (
    build_report,
    heatmap_order,
    report_from_path,
    write_report,
)
from tests.conftest import EXAMPLE
from tests.small_network import small_network

TODAY = dt.date(2026, 11, 24)


def test_the_report_renders_offline_without_error(tmp_path: Path, open_page: Any) -> None:
    path = write_report(report_from_path(EXAMPLE, today=TODAY), tmp_path / "diagnostic.html")
    opened = open_page(path, wait_ready=False)
    page = opened.page
    page.locator("iframe.map").scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.map")
    frame.locator("body[data-ready=true]").wait_for(timeout=30_000)
    assert opened.requests == []
    assert opened.problems == []
    assert page.locator("h1").inner_text() == "Diagnostic partagé du réseau partenarial"
    assert page.locator("section").count() == 10
    assert page.locator("#chart-heatmap svg").count() == 1
    assert page.locator("#chart-case_sizes svg").count() == 1


def test_the_heatmap_marks_the_known_gaps(tmp_path: Path, open_page: Any) -> None:
    network = small_network()
    path = write_report(build_report(network, today=TODAY, with_map=False), tmp_path / "small.html")
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
    path = write_report(build_report(small_network(), today=TODAY), tmp_path / "small.html")
    page = open_page(path, wait_ready=False).page
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000
