"""Large maps drawn by sigma.js (WebGL) in a real headless Chromium: settled, readable,
searchable, filterable, hoverable; the grouped map opens into its members."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from partenariat.export.html_map import MapOptions, write_map
from tests.synthetic import random_network

SCREENSHOTS = Path(os.environ.get("PARTENARIAT_TEST_OUTPUT", "test-output")) / "screenshots"
GRAPH = "window.partenariatMap.view.graph"


def _opened(open_page: Any, path: Path) -> Any:
    """The page once ready (organisations drawn) and its links drawn (the next task)."""
    opened = open_page(path)
    opened.page.wait_for_selector("body[data-links=drawn]", timeout=30_000)
    assert opened.requests == []
    assert opened.problems == []
    return opened


def test_a_large_map_is_drawn_by_sigma_and_fills_the_view(tmp_path: Path, open_page: Any) -> None:
    network = random_network(1500, links_per_organisation=1.0)
    first = write_map(network, tmp_path / "a.html")
    assert first.read_bytes() == write_map(network, tmp_path / "b.html").read_bytes()
    page = _opened(open_page, first).page
    assert page.evaluate("window.partenariatMap.renderer") == "sigma"
    assert page.evaluate(f"{GRAPH}.order") == 1500
    assert page.evaluate(f"{GRAPH}.size") == len(network.dataset.links)
    box = page.evaluate(
        """(() => {
        const s = window.partenariatMap.view.sigma, g = window.partenariatMap.view.graph;
        const xs = [], ys = [];
        g.forEachNode((n, a) => { const p = s.graphToViewport(a); xs.push(p.x); ys.push(p.y); });
        const c = document.getElementById('network');
        return [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys),
                c.clientWidth, c.clientHeight];
    })()"""
    )
    left, right, top, bottom, width, height = box
    assert left >= -1
    assert top >= -1
    assert right <= width + 1
    assert bottom <= height + 1
    assert (right - left) / width > 0.6 or (bottom - top) / height > 0.6
    strip = page.locator("#isolated-strip")
    isolated = sum(1 for d in network.degrees if d == 0)
    assert isolated > 0
    assert strip.is_visible()
    assert f"({isolated})" in strip.inner_text()
    assert "sans aucun lien" in strip.inner_text()
    legend = page.locator(".legend").inner_text()
    assert "CCAS" in legend
    assert "informel" in legend
    assert "positions calculées" in legend
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map-sigma-1500.png"))


def test_hovering_a_node_shows_its_card_and_lights_its_partners(
    tmp_path: Path, open_page: Any
) -> None:
    network = random_network(1200)
    page = _opened(open_page, write_map(network, tmp_path / "m.html")).page
    hub = max(range(network.size), key=lambda i: (int(network.degrees[i]), -i))
    hub_id = network.ids[hub]
    page.evaluate(f"window.partenariatMap.focus({hub_id!r})")
    # the camera glides to the node: its place on the screen is read once it has stopped
    page.wait_for_function("!window.partenariatMap.view.sigma.getCamera().isAnimated()")
    x, y = page.evaluate(
        f"""(() => {{
        const s = window.partenariatMap.view.sigma;
        const p = s.graphToViewport({GRAPH}.getNodeAttributes({hub_id!r}));
        const r = document.getElementById('network').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }})()"""
    )
    page.mouse.move(x, y)
    page.wait_for_selector(f"body[data-hover='{hub_id}']", timeout=5_000)
    card = page.locator("#hover-card")
    assert card.is_visible()
    assert network.organisations[hub_id].name in card.inner_text()
    lit = page.evaluate(
        f"""(() => {{
        const s = window.partenariatMap.view.sigma, g = {GRAPH};
        let lit = 0, hidden = 0;
        g.forEachEdge((e) => {{
            if (s.getEdgeDisplayData(e).hidden) hidden++; else lit++;
        }});
        return [lit, hidden];
    }})()"""
    )
    incident = page.evaluate(f"{GRAPH}.degree({hub_id!r})")
    assert lit[0] == incident
    assert lit[1] == page.evaluate(f"{GRAPH}.size") - incident
    page.mouse.move(2, 2)
    page.wait_for_function("!document.body.hasAttribute('data-hover')", timeout=5_000)


def test_search_and_filters_work_on_the_large_map(tmp_path: Path, open_page: Any) -> None:
    network = random_network(1200)
    page = _opened(open_page, write_map(network, tmp_path / "m.html")).page
    page.fill("#search-input", "organisation 1199")
    page.locator("#search-results button").first.click()
    assert page.evaluate("document.body.getAttribute('data-focus')") == "o01199"
    assert page.evaluate("window.partenariatMap.selected()")[0] == "o01199"
    page.select_option("#filter-type", "CCAS")
    expected = sum(1 for o in network.dataset.organisations if o.type == "CCAS")
    assert page.evaluate("document.body.getAttribute('data-visible')") == str(expected)
    hidden = page.evaluate(
        f"""(() => {{ const s = window.partenariatMap.view.sigma; let n = 0;
        {GRAPH}.forEachNode((k) => {{ if (s.getNodeDisplayData(k).hidden) n++; }});
        return n; }})()"""
    )
    assert hidden == 1200 - expected
    page.click("button.reset")
    assert page.evaluate("document.body.getAttribute('data-visible')") == "1200"


def test_the_grouped_map_opens_a_group_into_its_members(tmp_path: Path, open_page: Any) -> None:
    network = random_network(1200)
    path = write_map(network, tmp_path / "grouped.html", MapOptions(aggregate_above=1000))
    page = _opened(open_page, path).page
    groups = page.evaluate(f"{GRAPH}.order")
    assert 1 < groups < 160
    members = page.evaluate("window.partenariatMap.view.searchable().length")
    assert members == 1200
    # Searching a member opens its group and focuses it.
    page.fill("#search-input", "Organisation 17")
    page.locator("#search-results button").first.click()
    opened = page.evaluate("document.body.getAttribute('data-opened')")
    assert opened
    assert opened.startswith("g")
    size = page.evaluate(
        f"window.partenariatMap.view.searchable().filter(m => {GRAPH}.hasNode(m.id)).length"
    )
    assert size > 0
    assert page.evaluate(f"{GRAPH}.order") == groups + size
    assert page.evaluate(f"{GRAPH}.getNodeAttribute({opened!r}, 'hidden')") is True
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map-grouped-opened.png"))
    page.click("#close-groups")
    assert page.evaluate(f"{GRAPH}.order") == groups
    assert not page.evaluate("document.body.hasAttribute('data-opened')")


HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>window.pwned = 1</script>",
    '"><svg onload=alert(2)>',
]


def test_hostile_names_stay_text_on_sigma_and_geographic_maps(
    tmp_path: Path, open_page: Any
) -> None:
    from partenariat import Dataset, Link, Network, Organisation
    from partenariat.export.geo_map import geo_map_html

    organisations = tuple(
        Organisation(
            id=f"o{i}",
            name=HOSTILE[i % len(HOSTILE)] + f" {i}",
            type=HOSTILE[(i + 1) % len(HOSTILE)],
            territories=("77288",),
            fields=(HOSTILE[(i + 2) % len(HOSTILE)],),
        )
        for i in range(30)
    )
    links = tuple(Link(source=f"o{i}", target=f"o{i + 1}") for i in range(29))
    network = Network(Dataset(organisations=organisations, links=links))
    sigma = write_map(network, tmp_path / "sigma.html", MapOptions(physics_threshold=10))
    geo = tmp_path / "geo.html"
    geo.write_text(geo_map_html(network), encoding="utf-8")
    for path in (sigma, geo):
        opened = open_page(path)
        page = opened.page
        assert opened.requests == []
        assert opened.problems == []
        assert opened.dialogs == []
        assert page.evaluate("window.pwned") is None
        assert page.evaluate("document.querySelectorAll('img, svg[onload]').length") == 0
        page.fill("#search-input", "img src")
        assert "<img src=x onerror=alert(1)>" in page.locator("#search-results").inner_text()
