"""The base of the Python classes that hold a compiled object (wrap, don't patch).

Each public class (``RuleSet``, ``Workspace``, ``Ledger``, ``Estimate``,
``Document``) is a plain Python class holding the library's object in
``_native``; its methods are written here in Python, with types, and call the
compiled ones. Nothing is patched onto the compiled classes.
"""

from __future__ import annotations

from typing import Any, Generic, Self, TypeVar

N = TypeVar("N")


class Wrapped(Generic[N]):
    """Holds one compiled object; pickles as that object does."""

    __slots__ = ("_native",)
    _native: N

    @classmethod
    def _wrap(cls, native: N) -> Self:
        """The Python object holding ``native`` (for the package's own use)."""
        obj = cls.__new__(cls)
        obj._native = native
        return obj

    def __getstate__(self) -> Any:
        return self._native

    def __setstate__(self, state: Any) -> None:
        self._native = state

    def __repr__(self) -> str:
        return repr(self._native)
