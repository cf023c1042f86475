"""mypy passes on the examples against the package's type stubs (py.typed)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).parents[2]


def test_mypy_passes_on_the_examples() -> None:
    pytest.importorskip("mypy")
    env = dict(os.environ)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--no-incremental",
         str(ROOT / "examples" / "python")],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
