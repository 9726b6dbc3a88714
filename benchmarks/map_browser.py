"""The 5,000-organisation map: time to write it, and time until it is usable in Chromium.

    python benchmarks/map_browser.py [--organisations 5000] [--seed 1]

Writes the full map (no grouping) of a synthetic territory, then opens it in Debian's
headless Chromium (every request blocked), and measures the time until the page says it is
ready, and until a search has focused an organisation and its partners.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp())
    folder = workdir / "synth"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "partenariat",
            "synth",
            "--organisations",
            str(args.organisations),
            "--seed",
            str(args.seed),
            "-o",
            str(folder),
        ],
        check=True,
    )
    import partenariat
    from partenariat.export.html_map import MapOptions, write_map

    network = partenariat.Network.from_path(folder)
    started = time.perf_counter()
    path = write_map(network, workdir / "carte.html", MapOptions(aggregate="none"))
    written = time.perf_counter() - started

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file://") else route.abort()
            ),
        )
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        ready = time.perf_counter() - started
        page.fill("#search-input", "CCAS")
        page.press("#search-input", "Enter")
        page.wait_for_selector("body[data-focus]")
        searched = time.perf_counter() - started
        browser.close()
    print(
        f"| {args.organisations:,} organisations, full map | written in {written:.2f} s "
        f"({path.stat().st_size / 1e6:.1f} MB) | ready in {ready:.2f} s | search focused "
        f"in {searched:.2f} s |"
    )


if __name__ == "__main__":
    main()
