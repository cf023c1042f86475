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
    return table(columns)
