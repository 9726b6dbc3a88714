"""The layers of docs/architecture.md hold: no module imports a layer above its own, and
module-level imports form no circle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "partenariat"

#: Layers that must never import the layers named beside them (anywhere in the module,
#: inside functions too).
FORBIDDEN = {
    "partenariat.io": ("partenariat.app", "partenariat.export", "partenariat.cli"),
    "partenariat.network": ("partenariat.app", "partenariat.export", "partenariat.cli"),
    "partenariat.model": ("partenariat.app", "partenariat.export", "partenariat.cli"),
    "partenariat.analysis": ("partenariat.app", "partenariat.export", "partenariat.cli"),
    "partenariat.export": ("partenariat.app", "partenariat.cli", "partenariat.io.folder"),
    "partenariat.app": ("partenariat.cli",),
}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("partenariat")}


def _within(name: str, layer: str) -> bool:
    return name == layer or name.startswith(layer + ".")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_module_imports_a_layer_above_its_own(layer: str) -> None:
    wrong = sorted(
        f"{name} imports {imported}"
        for name, path in _modules()
        if _within(name, layer)
        for imported in _imports(path)
        if any(_within(imported, above) for above in FORBIDDEN[layer])
    )
    assert wrong == []


def test_module_level_imports_form_no_circle() -> None:
    names = dict(_modules())
    graph = {
        name: {i for i in _imports(path, top_level_only=True) if i in names and i != name}
        for name, path in names.items()
    }
    # A package's __init__ importing its own modules is how a package is assembled.
    for name in graph:
        graph[name] = {i for i in graph[name] if not _within(i, name)}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == []


def test_the_command_line_reaches_the_library_through_the_app() -> None:
    """The CLI's modules import, at module level, click and the CLI's own modules only."""
    wrong = sorted(
        f"{name} imports {imported}"
        for name, path in _modules()
        if _within(name, "partenariat.cli")
        for imported in _imports(path, top_level_only=True)
        if not _within(imported, "partenariat.cli")
        and imported not in ("partenariat", "partenariat.__version__")
        and not _within(imported, "partenariat.i18n")
    )
    assert wrong == []


#: What the command line may import, inside its functions too: the app, the output helper,
#: its own texts, and the shared exception types and words.
CLI_REACHES = (
    "partenariat.cli",
    "partenariat.app",
    "partenariat.output",
    "partenariat.cli_text",
    "partenariat.errors",
    "partenariat.i18n",
)


def test_the_command_line_imports_the_app_and_nothing_below() -> None:
    wrong = sorted(
        f"{name} imports {imported}"
        for name, path in _modules()
        if _within(name, "partenariat.cli")
        for imported in _imports(path)
        if imported not in ("partenariat", "partenariat.__version__")
        and not any(_within(imported, allowed) for allowed in CLI_REACHES)
    )
    assert wrong == []
