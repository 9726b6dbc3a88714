"""The documentation states every column, alias and problem code, and its Python runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partenariat.io.schema import TABLES
from partenariat.problems import PROBLEM_CODES

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("code", sorted(PROBLEM_CODES))
def test_every_problem_code_is_documented(code: str) -> None:
    assert f"`{code}`" in (DOCS / "data-format.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "spelling",
    sorted({s for spec in TABLES.values() for c in spec.columns for s in c.spellings()}),
)
def test_every_column_and_alias_is_documented(spelling: str) -> None:
    assert f"`{spelling}`" in (DOCS / "data-format.md").read_text(encoding="utf-8")


def test_every_json_key_of_analyse_is_documented() -> None:
    import partenariat
    from partenariat.analysis.diagnosis import diagnose

    network = partenariat.Network.from_path(DOCS.parent / "examples" / "melun-val-de-seine")
    payload = diagnose(network).to_dict()
    text = (DOCS / "analyses.md").read_text(encoding="utf-8")
    keys = (
        set(payload)
        | set(payload["summary"])
        | set(payload["structure"])
        | set(payload["cases"])
        | set(payload["cases"]["summary"])
        | set(payload["cases"]["cases"][0])
    )
    missing = sorted(key for key in keys if f"`{key}`" not in text)
    assert missing == []


def test_every_json_key_of_compare_is_documented() -> None:
    from partenariat.app import compare_paths

    example = DOCS.parent / "examples" / "melun-val-de-seine"
    _, _, evolution = compare_paths(example, example)
    payload = evolution.to_dict()
    keys = set(payload) | {k for v in payload.values() if isinstance(v, dict) for k in v}
    text = (DOCS / "compare.md").read_text(encoding="utf-8")
    assert {k for k in keys if f'"{k}"' not in text} == set()


def _python_blocks() -> list[tuple[str, int, str]]:
    found = []
    for path in [DOCS.parent / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"```python\n(.*?)```", text, flags=re.DOTALL):
            line = text[: match.start()].count("\n") + 1
            found.append((path.name, line, match.group(1)))
    return found


@pytest.mark.parametrize(
    ("name", "line", "code"),
    [pytest.param(*block, id=f"{block[0]}:{block[1]}") for block in _python_blocks()],
)
def test_every_python_block_of_the_docs_runs(
    name: str, line: int, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each block runs as a reader would paste it, in a fresh folder holding the example."""
    (tmp_path / "examples").symlink_to(DOCS.parent / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, f"{name}:{line}", "exec"), {"__name__": "__docs__"})
