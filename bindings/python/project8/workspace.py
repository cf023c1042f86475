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

import os
from typing import Any

from ._core import workspace as _native
from ._result import table_from_columns, table_from_rows
from ._wrap import Wrapped
from .budget import Ledger
from .geo import Registry
from .plan import Plan
from .rules import RuleSet
from .tracking import RecordSet

record_fields = _native.record_fields


class Workspace(Wrapped[_native.Workspace]):
    """A workspace: the year's plan, rules, units, records, payments, ledger and
    population in one SQLite file. Made by :meth:`create` or :meth:`open`; it
    holds the library's workspace (``project8._core.workspace.Workspace``)."""

    __slots__ = ()

    def __init__(self) -> None:
        raise TypeError("use Workspace.create(file, plan) or Workspace.open(file)")

    @classmethod
    def create(cls, file: str | os.PathLike[str], plan: str | os.PathLike[str],
               rules: str | os.PathLike[str] | None = None, units: str | os.PathLike[str] | None = None,
               calendar: str | os.PathLike[str] | None = None, *, key: str | None = None,
               key_file: str | os.PathLike[str] | None = None) -> Workspace:
        """Creates a workspace file (which must not exist, created readable by its
        owner only) from a plan file; rules, units and calendar default to the
        bundled ones. With ``key`` (a passphrase) or ``key_file`` (its first line;
        a file only its owner may read) every page of the file is encrypted
        (SQLCipher): without the key nothing in it can be read, nor opened again."""
        return cls._wrap(_native.Workspace.create(file, plan, rules, units, calendar, key=key,
                                                  key_file=key_file))

    @classmethod
    def open(cls, file: str | os.PathLike[str], *, key: str | None = None,
             key_file: str | os.PathLike[str] | None = None, read_only: bool = False) -> Workspace:
        """Opens a workspace, migrating an older schema; an encrypted one with its
        ``key`` or ``key_file``. ``read_only=True`` changes nothing (no import, no
        migration) and works on a file the user may only read."""
        return cls._wrap(_native.Workspace.open(file, key=key, key_file=key_file, read_only=read_only))

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted (created with a key)."""
        return self._native.encrypted

    @property
    def read_only(self) -> bool:
        """Whether it was opened for reading only."""
        return self._native.read_only

    @property
    def schema_version(self) -> int:
        """The file's schema version."""
        return self._native.schema_version

    @property
    def plan(self) -> Plan:
        """The plan."""
        return self._native.plan

    @property
    def units(self) -> Registry:
        """The unit registry."""
        return self._native.units

    @property
    def rules(self) -> RuleSet:
        """The rule set of the policy packages."""
        return RuleSet._wrap(self._native.rules)

    def import_file(self, kind: str, file: str | os.PathLike[str], *, encoding: str | None = None,
                    delimiter: str | None = None, sheet: str | None = None,
                    lang: str = "vi", replace_smaller: bool = False) -> dict[str, Any]:
        """Imports a file of kind records, payments, ledger or population: all or
        nothing, once. The file may be a CSV in any encoding or delimiter, or an
        Excel workbook (as :meth:`project8.RuleSet.read_population` reads).
        A population of fewer than half the persons of the last one is refused
        (a truncated file?) unless ``replace_smaller``.
        Returns kind, id, rows, already_imported and normalised (what reading
        changed or chose, one line each in ``lang``)."""
        return self._native.import_file(kind, file, encoding, delimiter, sheet, lang, replace_smaller)

    def records(self) -> RecordSet:
        """The records imported so far."""
        return self._native.records()

    def ledger(self) -> Ledger:
        """The ledger."""
        return Ledger._wrap(self._native.ledger())

    def imports(self) -> Any:
        """Every import, in order: id, kind, file, rows, imported_at (UTC)."""
        return table_from_rows(self._native._imports(), ["id", "kind", "file", "rows", "imported_at"])

    def payments(self) -> Any:
        """The payments imported so far: the declared fields (:func:`record_fields`),
        then each payment's ``line`` in its file."""
        return table_from_columns(self._native._payments(), keep=lambda name: True)

    def population(self) -> Any:
        """The latest population: the rule set's inputs, ``id`` and ``commune``."""
        return table_from_columns(self._native._population(), keep=lambda name: True)



__all__ = ["Workspace", "record_fields"]
