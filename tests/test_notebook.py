"""The worked notebook (examples/notebook.ipynb) runs from top to bottom and shows the map.

It is executed by a real Jupyter kernel (ipykernel's ``python3``, the interpreter running
the tests) on a copy of the notebook and of the example in a temporary folder: nothing is
written into examples/. The notebook is kept without outputs in the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbclient
import nbformat
import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOK = EXAMPLES / "notebook.ipynb"
EXAMPLE = "melun-val-de-seine"


def _code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_the_notebook_is_kept_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert [cell.outputs for cell in _code_cells(notebook) if cell.outputs] == []
    assert all(cell.execution_count is None for cell in _code_cells(notebook))


def test_the_notebook_runs_and_shows_the_map_inline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    shutil.copytree(EXAMPLES / EXAMPLE, tmp_path / EXAMPLE)
    # The kernel's IPython profile and connection files go to the temporary folder too.
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / ".ipython"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / ".runtime"))

    notebook = nbformat.read(tmp_path / NOTEBOOK.name, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error

    cells = _code_cells(notebook)
    errors = [out for cell in cells for out in cell.outputs if out.output_type == "error"]
    assert errors == []
    assert all(cell.execution_count is not None for cell in cells)

    (map_cell,) = [cell for cell in cells if "map" in cell.metadata.get("tags", [])]
    assert "study.show(" in map_cell.source
    shown = [out for out in map_cell.outputs if out.output_type == "execute_result"]
    assert len(shown) == 1
    assert "<iframe" in shown[0].data["text/html"]

    (filtered,) = [cell for cell in cells if 'scope=("77288",)' in cell.source]
    printed = "".join(out.text for out in filtered.outputs if out.output_type == "stream")
    assert "Melun, 1 commune" in printed

    # Nothing written beside the notebook and the example.
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.startswith(".")) == [
        EXAMPLE,
        NOTEBOOK.name,
    ]
