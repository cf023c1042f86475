"""Workspaces: the year's data in one SQLite file (``project8::workspace``).

    >>> import tempfile, pathlib
    >>> from project8 import data_dir
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> ws = Workspace.create(folder / "ws.p8db", data_dir() / "plans" / "tam-duong-2025" / "plan.yaml")
    >>> ws.import_file("ledger", data_dir() / "budget" / "tam-duong-2025-ledger-synthetic.csv")["rows"]
    24
    >>> ws.import_file("ledger", data_dir() / "budget" / "tam-duong-2025-ledger-synthetic.csv")["already_imported"]
    True

Imports are all or nothing: a file with any problem raises
:class:`project8.ParseError` / :class:`project8.ValidationError` (every problem
located) and changes nothing. Reports: :mod:`project8.report`.
"""

from __future__ import annotations

from typing import Any

from ._core import workspace as _native
from .rules import _frame_from_columns
from .tracking import _frame

Workspace = _native.Workspace
record_fields = _native.record_fields

def imports(self: Workspace) -> Any:
    """Every import, in order: id, kind, file, rows, imported_at (UTC)."""
    return _frame(self._imports(), ["id", "kind", "file", "rows", "imported_at"])


def payments(self: Workspace) -> Any:
    """The payments imported so far, as a DataFrame: the declared fields
    (:func:`record_fields`), then each payment's ``line`` in its file."""
    return _frame_from_columns(self._payments(), keep=lambda name: True)


def population(self: Workspace) -> Any:
    """The latest population as a DataFrame: the rule set's inputs, ``id`` and ``commune``."""
    return _frame_from_columns(self._population(), keep=lambda name: True)


Workspace.imports = imports
Workspace.payments = payments
Workspace.population = population

__all__ = ["Workspace", "record_fields"]
