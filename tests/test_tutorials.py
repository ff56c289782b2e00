"""The tutorials (docs/tutorials/*.ipynb, pages of the documentation site): each runs top to bottom in a fresh kernel
without an error and ends in a figure; they are stored without outputs and listed in the site's navigation.

Each notebook is executed with nbclient in a new IPython kernel of this interpreter (a kernel spec written to a
temporary folder, so that the kernel is this environment's Python whatever `python3` kernel is installed); the
kernel inherits the environment, so the Belle II tables of the session cache (tests/conftest.py) are shared.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
import yaml

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
TUTORIALS = ROOT / "docs" / "tutorials"
NOTEBOOKS = sorted(TUTORIALS.glob("*.ipynb"))
#: seconds a cell may take (the whole of tutorial 3, a Dask scan, takes about 20 s on a 2-core machine)
CELL_TIMEOUT = 300
KERNEL = "darkflav-tutorials"


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory, monkeypatch_module):
    """A kernel spec that starts this interpreter's ipykernel, found through JUPYTER_PATH."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "darkflav tutorials", "language": "python"}))
    monkeypatch_module.setenv("JUPYTER_PATH", str(folder))
    return KERNEL


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_there_are_three_tutorials():
    assert [n.name for n in NOTEBOOKS] == ["01_belle2_excess.ipynb", "02_dark_scalar.ipynb", "03_dask_scan.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_stored_without_outputs(path):
    """The repository keeps the notebooks small: no outputs, no execution counts."""
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_runs_top_to_bottom_and_ends_in_a_figure(path, kernel_name, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, kernel_name=kernel_name, timeout=CELL_TIMEOUT,
                                     resources={"metadata": {"path": str(tmp_path)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError (with the cell and the traceback) if any cell fails
    print(f"{path.name}: {time.perf_counter() - start:.1f} s")
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [output for cell in code for output in cell.outputs if output.output_type == "error"]
    assert not errors
    last = code[-1].outputs
    assert any("image/png" in output.get("data", {}) for output in last), f"{path.name} does not end in a figure"


def test_tutorials_are_pages_of_the_site():
    """Every notebook is in mkdocs.yml's navigation under 'Tutorials', rendered by the mkdocs-jupyter plugin as
    stored (not executed at build time: CI executes them here)."""
    text = (ROOT / "mkdocs.yml").read_text()
    config = yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader: the !! tags of other plugins stay text
    tutorials = next(entry["Tutorials"] for entry in config["nav"] if "Tutorials" in entry)
    listed = [next(iter(item.values())) if isinstance(item, dict) else item for item in tutorials]
    assert listed == [f"tutorials/{n.name}" for n in NOTEBOOKS]
    plugin = next(p["mkdocs-jupyter"] for p in config["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p)
    assert plugin["execute"] == "false"
