"""One shape for every result (rules, tracking, budget, workspace, report).

A table comes back as a pandas ``DataFrame`` when pandas is installed, and
otherwise as a ``dict`` of column name to one-dimensional numpy array, in the
same column order. A column that would be a pandas extension type (nullable
``Int64`` / ``boolean``, ``Categorical``) is, without pandas, a numpy array of
objects with ``None`` for missing values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

# The pandas module, or None when it is not installed: the one place that decides.
pd: Any
try:
    import pandas

    pd = pandas
except ImportError:  # pragma: no cover - exercised by the test that hides pandas
    pd = None
_pd = pd


def _array(values: Sequence[Any]) -> np.ndarray:
    """A numpy array of ``values``; objects (``None`` for missing) when any is missing or they are mixed."""
    if any(v is None for v in values):
        return np.asarray(list(values), dtype=object)
    arr = np.asarray(list(values))
    if arr.ndim != 1:  # e.g. tuples: keep one object per row
        out = np.empty(len(values), dtype=object)
        out[:] = list(values)
        return out
    return arr


def table(columns: dict[str, Any], index: str | None = None) -> Any:
    """A result from named columns: a DataFrame (``index`` set as its index), else the dict of arrays."""
    if _pd is None:
        return {name: np.asarray(values) if not isinstance(values, np.ndarray) else values
                for name, values in columns.items()}
    frame = _pd.DataFrame(columns, copy=False)
    return frame.set_index(index) if index else frame


def table_from_rows(rows: Sequence[Sequence[Any]], names: Sequence[str], index: str | None = None) -> Any:
    """A result from rows of values in the order of ``names``."""
    if _pd is not None:
        frame = _pd.DataFrame(list(rows), columns=list(names))
        return frame.set_index(index) if index else frame
    return {name: _array([r[i] for r in rows]) for i, name in enumerate(names)}


def table_from_columns(raw: Sequence[tuple[Any, ...]], keep: Callable[[str], bool] | None = None) -> Any:
    """A result from the library's column tuples ``(name, type, values, valid, categories)``.

    Integers and booleans with missing values become pandas ``Int64`` /
    ``boolean``, enumerations ``Categorical``, dates ``datetime64[D]`` (``NaT``
    for missing), texts objects. An all-missing text column is left out unless
    ``keep(name)``.
    """
    return table(columns_from(raw, keep))


def columns_from(raw: Sequence[tuple[Any, ...]], keep: Callable[[str], bool] | None = None) -> dict[str, Any]:
    """The columns of :func:`table_from_columns`, by name, before they become a table."""
    columns: dict[str, Any] = {}
    for name, kind, values, valid, categories in raw:
        if kind == "string":
            if values is None:  # every row missing: an optional column the file does not have
                if not (keep and keep(name)):
                    continue
                values = [None] * len(valid)
            columns[name] = np.asarray(values, dtype=object)
            continue
        missing = None if valid is None else ~valid
        if kind == "enum":
            codes = values if missing is None else np.where(missing, -1, values)
            columns[name] = (_pd.Categorical.from_codes(codes, dtype=_pd.CategoricalDtype(categories), validate=False)
                             if _pd is not None else np.asarray([*categories, None], dtype=object)[codes])
        elif kind == "date":
            days = values.view("datetime64[D]")
            if missing is not None:
                days = days.copy()
                days[missing] = np.datetime64("NaT")
            columns[name] = days
        elif missing is None:
            columns[name] = values
        elif _pd is not None:
            columns[name] = (_pd.arrays.IntegerArray(values, missing) if kind == "int"
                             else _pd.arrays.BooleanArray(values, missing))
        else:
            out = values.astype(object)
            out[missing] = None
            columns[name] = out
    return columns


class _Stream:
    """The library's columns as an Arrow stream (for consumers that take objects, not capsules)."""

    def __init__(self, columns: list[tuple[Any, ...]]) -> None:
        self._columns = columns

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        from ._core.core import arrow_stream

        return arrow_stream(self._columns)


def _family(column: Any) -> str:
    return type(column).__module__.split(".")[0]


class ResultTable:
    """Results that leave as Arrow without copying, or as pandas or polars.

    It speaks the Arrow PyCapsule interface (``__arrow_c_stream__``), so
    ``pyarrow.table(r)``, ``polars.DataFrame(r)`` and ``duckdb.sql("select … from r")``
    read it directly: integers and texts are handed over as the library holds
    them (no copy), booleans as Arrow bits, reasons and other enumerations as
    dictionaries whose codes are not copied. The ids of a pyarrow or polars
    input are that input's own column, handed on as it is (``to_arrow()`` and
    ``to_polars()`` add it without a copy). A ``requested_schema`` is passed
    on to pyarrow or polars when the ids are theirs, else not applied.
    """

    def __init__(self, columns: list[tuple[Any, ...]], frame: Callable[[], Any],
                 ids: tuple[str, Any] | None = None) -> None:
        # (name, type, values, valid or None, categories) per column: the library's shape (_core.core.arrow_stream);
        # ids: (name, the input's own pyarrow ChunkedArray or polars Series), first.
        self._columns = columns
        self._frame = frame
        self._ids = ids

    @property
    def column_names(self) -> list[str]:
        """The columns' names, in order."""
        return ([self._ids[0]] if self._ids else []) + [c[0] for c in self._columns]

    @property
    def num_rows(self) -> int:
        """Number of rows."""
        if self._ids is not None:
            return len(self._ids[1])
        return len(self._columns[0][2]) if self._columns else 0

    def __len__(self) -> int:
        return self.num_rows

    def __repr__(self) -> str:
        return f"ResultTable({self.num_rows} rows: {', '.join(self.column_names)})"

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """A PyCapsule ``arrow_array_stream`` of the results (the Arrow PyCapsule interface)."""
        if self._ids is None:
            return _Stream(self._columns).__arrow_c_stream__()
        whole = self.to_polars() if _family(self._ids[1]) == "polars" else self.to_arrow()
        return whole.__arrow_c_stream__(requested_schema)

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table`` (needs pyarrow); integers and texts not copied."""
        import pyarrow

        table = pyarrow.table(_Stream(self._columns))
        if self._ids is None:
            return table
        name, ids = self._ids
        if _family(ids) == "polars":
            import polars

            ids = ids.to_arrow(compat_level=polars.CompatLevel.newest())  # its text views, not copied
        return table.add_column(0, name, ids)

    def to_polars(self) -> Any:
        """A ``polars.DataFrame`` (needs polars), read through the Arrow PyCapsule interface."""
        import polars

        frame = polars.DataFrame(_Stream(self._columns))
        if self._ids is None:
            return frame
        name, ids = self._ids
        series = ids.alias(name) if _family(ids) == "polars" else polars.Series(name, ids)
        return frame.insert_column(0, series)

    def to_pandas(self) -> Any:
        """The same DataFrame (or, without pandas, dict of arrays) as the default output."""
        return self._frame()
