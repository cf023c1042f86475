"""The CLI tests run the real `project8` program: $PROJECT8_CLI (CTest sets it),
else the one a preset built under build/. Without one they fail loudly, saying
how to run them — never a silent skip."""

from __future__ import annotations

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).parents[2]


def _find_cli() -> str:
    if os.environ.get("PROJECT8_CLI"):
        return os.environ["PROJECT8_CLI"]
    for preset in ("dev", "release", "asan"):
        candidate = ROOT / "build" / preset / "apps" / "project8" / "project8"
        if candidate.is_file():
            return str(candidate)
    raise pytest.UsageError(
        "the CLI tests run the project8 program, which is not built: run `make test` (it builds it and runs "
        "these tests through CTest), or set PROJECT8_CLI to the program's path")


os.environ["PROJECT8_CLI"] = _find_cli()
