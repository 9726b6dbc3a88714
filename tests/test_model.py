"""The pydantic models, built directly by library users."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from partenariat import Intervention, Link, Organisation, Territory


def test_lists_are_split_stripped_and_deduplicated() -> None:
    org = Organisation(id="a", name="A", fields="logement | santé|logement|")  # type: ignore[arg-type]
    assert org.fields == ("logement", "santé")
    assert Territory(code="77288", name="Melun", parents=["247700057", "77"]).parents == (
        "247700057",
        "77",
    )


@pytest.mark.parametrize(
    ("spelling", "canonical", "directed"),
    [
        ("Convention", "formal", False),
        ("informel", "informal", False),
        ("Orientation", "referral", True),
        ("financement", "funding", True),
        ("co-portage", "co-portage", False),
    ],
)
def test_link_types(spelling: str, canonical: str, directed: bool) -> None:
    link = Link(source="a", target="b", type=spelling)
    assert (link.type, link.directed) == (canonical, directed)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"id": "", "name": "A"},
        {"id": "a", "name": "A", "lat": 91, "lon": 0},
        {"id": "a", "name": "A", "lat": 48.0},
    ],
)
def test_invalid_organisations_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Organisation(**kwargs)  # type: ignore[arg-type]


def test_intervention_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError):
        Intervention(case="S1", organisation="a", start="2025-03-01", end="2025-02-01")  # type: ignore[arg-type]


def test_models_are_frozen() -> None:
    org = Organisation(id="a", name="A")
    with pytest.raises(ValidationError):
        org.name = "B"  # type: ignore[misc]


def test_the_model_and_the_problems_import_light() -> None:
    """``partenariat.model`` loads without its columns (no import circle with
    ``partenariat.columns``), and the problems and errors without pydantic, polars or
    numpy: ``import partenariat`` stays fast."""
    script = (
        "import sys, partenariat.errors, partenariat.problems\n"
        "heavy = [m for m in ('pydantic', 'polars', 'numpy') if m in sys.modules]\n"
        "import partenariat.model\n"
        "print(heavy, 'partenariat.columns' in sys.modules)\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert found.split() == ["[]", "False"]
