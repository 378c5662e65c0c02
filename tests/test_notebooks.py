"""The planners' notebooks: each paired with its plain-text script, saved clean, and executed.

``make test`` checks the pairing (fast); ``make test-notebooks`` (and CI) executes every notebook
top to bottom with its default parameters in a fresh kernel.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb"))
#: Longest a cell may run (seconds) before the notebook counts as broken, not merely slow.
CELL_TIMEOUT = 600


def test_the_five_notebooks_exist() -> None:
    assert NAMES == [
        "01_quickstart",
        "02_compare_policies",
        "03_sensitivity",
        "04_theory",
        "05_your_county",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_paired_with_its_script_and_saved_without_outputs(name: str) -> None:
    jupytext = pytest.importorskip("jupytext")
    notebook = jupytext.read(NOTEBOOKS / f"{name}.ipynb")
    script = jupytext.read(NOTEBOOKS / f"{name}.py")
    assert [c.source for c in notebook.cells] == [c.source for c in script.cells], (
        f"{name}.ipynb and {name}.py differ: run `jupytext --sync notebooks/{name}.py`"
    )
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name}: saved with outputs"
            assert cell.execution_count is None, f"{name}: saved with execution counts"
    assert notebook.cells[1].metadata.get("tags") == ["parameters"], (
        f"{name}: the second cell holds the parameters a planner scales up"
    )


@pytest.mark.notebooks
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name: str) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
