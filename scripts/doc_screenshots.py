"""Screenshots of each kind of map for docs/map.md (docs/images/*.jpg).

    python scripts/doc_screenshots.py

Writes the maps of the bundled example and of seeded synthetic networks with the library,
opens them in Debian's headless Chromium (every request blocked) and saves a JPEG of each:
the network map (vis-network), a large map (sigma.js), the grouped map,
the geographic map, the eco-map of a case, and the directory.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from partenariat import Network
from partenariat.app import Study
from partenariat.directory import directory
from partenariat.export.directory import directory_html
from partenariat.export.ecomap import ecomap_html
from partenariat.export.geo_map import GeoOptions, geo_map_html
from partenariat.export.html_map import MapOptions, map_html
from partenariat.synth import write_synthetic

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "melun-val-de-seine"
IMAGES = ROOT / "docs" / "images"


def _hub(network: Network) -> str:
    """The organisation with the most partners (its links are lit on the geographic map)."""
    return network.ids[max(range(network.size), key=lambda i: int(network.degrees[i]))]


def pages(workdir: Path) -> dict[str, tuple[Path, str | None]]:
    """name -> (page, script run before the screenshot)."""
    example = Study.open(EXAMPLE).network
    write_synthetic(2500, workdir / "departement", seed=1, scope="13")
    departement = Study.open(workdir / "departement").network
    written: dict[str, tuple[str, str | None]] = {
        "carte-reseau": (map_html(example), None),
        "carte-grand-reseau": (map_html(departement), None),
        "carte-groupee": (
            map_html(departement, MapOptions(aggregate="community", aggregate_above=1000)),
            None,
        ),
        "carte-geographique": (
            geo_map_html(departement, GeoOptions(field="santé")),
            f"window.partenariatMap.focus({_hub(departement)!r})",
        ),
        "ecocarte": (ecomap_html(example, "S16"), None),
        "annuaire": (
            directory_html(directory(example, today=dt.date(2026, 11, 25))),
            "document.getElementById('search').value = 'logement';"
            "window.partenariatDirectory.apply()",
        ),
    }
    found = {}
    for name, (html, script) in written.items():
        path = workdir / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        found[name] = (path, script)
    return found


def main() -> None:
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for name, (path, script) in pages(Path(folder)).items():
            page = browser.new_page(viewport={"width": 1280, "height": 760})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file://") else route.abort()
                ),
            )
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready=true]", timeout=60_000)
            page.wait_for_timeout(800)
            if script:
                page.evaluate(script)
                page.wait_for_timeout(800)
            target = IMAGES / f"{name}.jpg"
            page.screenshot(path=str(target), type="jpeg", quality=78)
            print(f"{target} ({target.stat().st_size / 1e3:.0f} KB)")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
