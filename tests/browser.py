"""Open pages in a real headless Chromium (Debian's), every request but the file blocked."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _driver_note(text: str) -> bool:
    """Chromium's own note about its software WebGL (sigma.js reads pixels to find the node
    under the pointer): not a message of the page."""
    return text.startswith("[.WebGL-") and "GPU stall due to ReadPixels" in text


@dataclass
class Opened:
    page: Any
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert shutil.which("chromium") or Path(CHROMIUM).exists(), (
        "Debian's chromium is required for the browser tests: apt-get install chromium"
    )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(path)`` loads a local file and records what it tries to fetch."""
    contexts: list[Any] = []

    def opener(path: Path, *, wait_ready: bool = True) -> Opened:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(handler: Any) -> None:
            url = handler.request.url
            if url.startswith("file://") and url.split("#")[0] == path.resolve().as_uri():
                handler.continue_()
            else:
                opened.requests.append(url)
                handler.abort()

        page.route("**/*", route)
        page.on(
            "console",
            lambda m: (
                opened.problems.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning") and not _driver_note(m.text)
                else None
            ),
        )
        page.on("pageerror", lambda e: opened.problems.append(f"pageerror: {e}"))
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.goto(path.resolve().as_uri())
        if wait_ready:
            page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        return opened

    yield opener
    for context in contexts:
        context.close()
