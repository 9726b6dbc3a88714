"""Maps at every size: time to write each kind, time until it is usable in Chromium, and the
frame rate of a pan on a 20,000-organisation full map.

    python benchmarks/map_browser.py [--seed 1] [--markdown maps.md] [--skip-national]

Each map is written by the command a coordinator types (``partenariat map ...``: imports,
reading, analyses, layout, page; best of two runs), then opened in Debian's headless Chromium
(software WebGL: SwiftShader; every request but the file blocked). "Ready" is the time from
``goto`` until the page sets ``body[data-ready=true]`` (organisations drawn, search and
filters live); on sigma.js maps the links are drawn in the next task ("links"). The pan
animates sigma's camera for three seconds and counts the animation frames in the page.
These are benchmarks, not tests: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

PAN = """(async () => {
    const sigma = window.partenariatMap.view.sigma, camera = sigma.getCamera();
    let frames = 0, renders = 0, on = true;
    sigma.on("afterRender", () => { renders += 1; });
    (function tick() { if (on) { frames += 1; requestAnimationFrame(tick); } })();
    const started = performance.now();
    await camera.animate({ x: 0.8, y: 0.6, ratio: 0.5 }, { duration: 1500 });
    await camera.animate({ x: 0.2, y: 0.4, ratio: 0.5 }, { duration: 1500 });
    on = false;
    const seconds = (performance.now() - started) / 1000;
    return [frames / seconds, renders / seconds];
})()"""


def pan(page: Any) -> tuple[float, float]:
    """A scripted pan (sigma's camera animated for three seconds): animation frames and
    sigma renders per second, counted in the page."""
    frames, renders = page.evaluate(PAN)
    return float(frames), float(renders)


def command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "partenariat", *arguments]


def synth(folder: Path, organisations: int, seed: int, scope: str | None) -> Path:
    if not folder.exists():
        extra = ["--scope", scope] if scope else []
        subprocess.run(
            command(
                "synth", "-n", str(organisations), "--seed", str(seed), "-o", str(folder), *extra
            ),
            check=True,
            capture_output=True,
        )
    return folder


def write(arguments: list[str], out: Path) -> float:
    """Best of two wall times of ``partenariat map ARGUMENTS -o OUT --force``."""
    times = []
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run(
            command("map", *arguments, "-o", str(out), "--force"), check=True, capture_output=True
        )
        times.append(time.perf_counter() - started)
    return min(times)


def open_map(browser: Any, path: Path, *, links: bool, search: str | None) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("file://") else route.abort()
        ),
    )
    started = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=120_000)
    found = {"ready": time.perf_counter() - started}
    found["ready_in_page"] = page.evaluate("window.partenariatReadyAt") / 1000
    if links:
        page.wait_for_selector("body[data-links=drawn]", timeout=120_000)
        found["links_in_page"] = page.evaluate("window.partenariatLinksAt") / 1000
    if search:
        page.fill("#search-input", search)
        page.press("#search-input", "Enter")
        page.wait_for_selector("body[data-focus]")
        found["searched"] = time.perf_counter() - started
    found["page"] = page
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--markdown", type=Path, default=None)
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp())
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        dep5k = synth(workdir / "dep-5000", 5000, args.seed, "13")
        out = workdir / "carte-5000.html"
        written = write([str(dep5k)], out)
        seen = open_map(browser, out, links=True, search="CCAS")
        rows.append(
            f"| 5,000 organisations (one département), full map (sigma.js) | {written:.2f} s | "
            f"{out.stat().st_size / 1e6:.1f} MB | {seen['ready']:.2f} s (in page "
            f"{seen['ready_in_page']:.2f} s; links {seen['links_in_page']:.2f} s) | "
            f"search focused at {seen['searched']:.2f} s |"
        )
        seen["page"].close()

        dep = synth(workdir / "dep-2500", 2500, args.seed, "13")
        out = workdir / "geo-2500.html"
        written = write([str(dep), "--geo"], out)
        seen = open_map(browser, out, links=False, search="CCAS")
        rows.append(
            f"| 2,500 organisations (one département), geographic map (`--geo`) | "
            f"{written:.2f} s | {out.stat().st_size / 1e6:.1f} MB | {seen['ready']:.2f} s "
            f"(in page {seen['ready_in_page']:.2f} s) | search focused at "
            f"{seen['searched']:.2f} s |"
        )
        seen["page"].close()

        big = synth(workdir / "full-20000", 20000, args.seed, None)
        out = workdir / "carte-20000.html"
        written = write([str(big), "--full"], out)
        seen = open_map(browser, out, links=True, search=None)
        fps, rps = pan(seen["page"])
        rows.append(
            f"| 20,000 organisations, full map (`--full`) | {written:.2f} s | "
            f"{out.stat().st_size / 1e6:.1f} MB | {seen['ready']:.2f} s (links "
            f"{seen['links_in_page']:.2f} s) | scripted pan: {fps:.0f} frames/s "
            f"({rps:.0f} renders/s) |"
        )
        seen["page"].close()

        if not args.skip_national:
            national = synth(workdir / "national-60000", 60000, args.seed, None)
            out = workdir / "carte-60000.html"
            written = write([str(national)], out)
            seen = open_map(browser, out, links=True, search=None)
            rows.append(
                f"| 60,000 organisations, grouped map (default) | {written:.2f} s | "
                f"{out.stat().st_size / 1e6:.1f} MB | {seen['ready']:.2f} s | "
                f"groups open on click |"
            )
            seen["page"].close()
        browser.close()

    header = "| map | written (command) | size | ready in Chromium | other |\n|---|---|---|---|---|"
    table = "\n".join([header, *rows])
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
