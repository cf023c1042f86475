"""The type stubs hold: mypy passes on the examples, and the stubs of the
compiled module match it at runtime (``mypy.stubtest``)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import project8

ROOT = pathlib.Path(__file__).parents[2]
PACKAGE_PARENT = pathlib.Path(project8.__file__).parents[1]  # the staged (or installed) package's folder


def _mypy(*args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, timeout=600, check=False)


def test_mypy_passes_on_the_examples() -> None:
    run = _mypy("mypy", "--config-file", str(ROOT / "pyproject.toml"), "--no-incremental",
                str(ROOT / "examples" / "python"), cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


def test_stubtest_passes() -> None:
    """Every stub of project8._core matches the compiled module (names, kinds,
    signatures, properties), and the wrapping classes are well typed; the
    allowlist names only what pybind11 cannot show (and stubtest fails on an
    allowlist entry that is no longer needed)."""
    run = _mypy("mypy.stubtest", "project8", "--mypy-config-file", str(ROOT / "pyproject.toml"),
                "--allowlist", str(ROOT / "bindings" / "python" / "stubtest-allowlist.txt"), cwd=PACKAGE_PARENT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found" in run.stdout
