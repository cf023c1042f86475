"""Shared pytest setup: fixtures pointing at the source tree."""

from __future__ import annotations

import os
import pathlib

import pytest


@pytest.fixture(scope="session")
def source_dir() -> pathlib.Path:
    """The repository root (tests may read bundled data from it)."""
    return pathlib.Path(os.environ.get("PROJECT8_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
