"""The analysts' notebook runs from top to bottom (nbclient), so it never rots."""

from __future__ import annotations

import os
import pathlib

import pytest

NOTEBOOK = pathlib.Path(__file__).parents[2] / "examples" / "notebooks" / "tam-duong-2025.ipynb"


def test_the_tam_duong_notebook_runs(tmp_path: pathlib.Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    env = dict(os.environ)
    if env.get("PYTHONPATH"):  # the kernel starts in tmp_path: relative entries would break
        env["PYTHONPATH"] = os.pathsep.join(str(pathlib.Path(p).resolve()) for p in env["PYTHONPATH"].split(os.pathsep))
    client.execute(env=env)
    outputs = "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs)
    assert "anc_travel" in outputs and "gained" in outputs
    assert "delivery_support_birth" in outputs  # the missing norm is said, not guessed
    for figure in ("progress.png", "allocation.png", "disbursement.png"):
        assert (tmp_path / figure).stat().st_size > 1000
