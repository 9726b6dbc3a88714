"""Shared helpers: write small data folders the way users' spreadsheets do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from tests.browser import browser, open_page  # noqa: F401 - fixtures for every test

# The machines are shared and noisy: no property test fails for taking its time.
settings.register_profile("partenariat", deadline=None)
settings.load_profile("partenariat")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "melun-val-de-seine"
TODAY = dt.date(2026, 11, 24)

MINIMAL = {
    "organisations.csv": "id,name,territories,fields\nA,Alpha,77288,logement\nB,Beta,77288,santé\n",
    "links.csv": "source,target\nA,B\n",
}

FolderMaker = Callable[..., Path]


@pytest.fixture
def make_folder(tmp_path: Path) -> FolderMaker:
    """Write ``{file name: text}`` into a fresh folder; ``encoding`` as Excel would."""
    counter = iter(range(1_000_000))

    def make(
        files: dict[str, str] | dict[str, str | bytes], encoding: str = "utf-8", newline: str = "\n"
    ) -> Path:
        folder = tmp_path / f"data{next(counter)}"
        folder.mkdir()
        for name, text in files.items():
            data = text if isinstance(text, bytes) else text.replace("\n", newline).encode(encoding)
            (folder / name).write_bytes(data)
        return folder

    return make


@pytest.fixture
def example() -> Path:
    return EXAMPLE
