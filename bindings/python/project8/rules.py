"""Eligibility rules as data (``project8::rules``).

A :class:`RuleSet` is loaded from YAML (schema ``project8/rules/1`` or ``/2``) and
checked; :meth:`RuleSet.evaluate` decides every package for every person of a
population given as a pandas DataFrame or a dict of numpy arrays::

    >>> import numpy as np
    >>> rules = bundled_rules()
    >>> people = {
    ...     "id": ["a", "b"], "sex": ["F", "F"], "ethnicity": np.array([3, 1]),
    ...     "pregnant": np.array([True, True]), "anc_visits": np.array([6, 2]),
    ...     "delivery": ["none", "normal"], "commune_region": np.array([3, 3]),
    ...     "village_especially_difficult": np.array([True, True])}
    >>> out = rules.evaluate(people, "2025-06-30")
    >>> out["anc_travel_amount"].tolist(), out["anc_travel_reason"].tolist()
    ([400000, 0], ['', 'ethnic_minority'])

Columns and copies:

- ``int64``, ``bool`` and ``datetime64[D]`` numpy arrays are borrowed, not
  copied (a missing value is ``NaT`` for dates; numpy integers and booleans
  cannot be missing — use pandas' ``Int64`` / ``boolean`` dtypes, whose data
  and mask of missing values are both borrowed as they are).
- Other integer widths, ``datetime64`` at other units, and float columns with
  ``NaN`` for missing values are converted (one copy).
- Enumerations: a pandas ``Categorical`` whose categories are the rule set's
  values, in its order, is borrowed (its codes, ``-1`` for missing); other
  categories are recoded (a copy of the codes, ``int32``); text columns
  (object dtype) are encoded once (a copy). A value the rule set does not
  declare is an error naming the column and the first row, never the value.
- Strings (``string`` inputs such as ``id``) are copied.
- A pyarrow Table, a polars DataFrame, a DuckDB relation, a pyarrow-backed
  pandas column or anything with ``__arrow_c_stream__`` is read by the library
  through the Arrow C Data Interface: int64 values, large texts and dictionary
  codes in the rule set's order are borrowed; validity bitmaps and boolean bits
  become one byte a row; other widths, floats, dates and timestamps are
  converted and checked (docs/design.md, "Arrow in and out").

Results come back as a DataFrame (when pandas is installed; otherwise a dict of
numpy arrays): ``id`` (when the population has one), then for each package ``<pkg>_eligible`` (bool),
``<pkg>_amount`` (int64 đồng) and ``<pkg>_reason`` (categorical). With
``output="arrow"`` they come back as a :class:`~project8._result.ResultTable`
that pyarrow, polars and DuckDB read through ``__arrow_c_stream__``.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import os
import re
from typing import Any

import numpy as np

from ._convert import bool_array, day_array, is_missing, to_day
from ._core import rules as _native
from ._core.core import ArrowTable
from ._core.geo import Registry
from ._data import data_dir
from ._result import ResultTable, columns_from, table, table_from_columns, table_from_rows
from ._result import pd as _pd
from ._wrap import Wrapped

Package = _native.Package
TestReport = _native.TestReport
Trace = _native.Trace



def _nullable_types() -> dict[Any, Any]:
    """Arrow's integer and boolean types → pandas' nullable dtypes (values and mask, both borrowed by the library)."""
    import pyarrow as pa

    assert _pd is not None
    ints = {pa.int8(): _pd.Int8Dtype(), pa.int16(): _pd.Int16Dtype(), pa.int32(): _pd.Int32Dtype(),
            pa.int64(): _pd.Int64Dtype(), pa.uint8(): _pd.UInt8Dtype(), pa.uint16(): _pd.UInt16Dtype(),
            pa.uint32(): _pd.UInt32Dtype(), pa.uint64(): _pd.UInt64Dtype()}
    return {**ints, pa.bool_(): _pd.BooleanDtype()}


def _arrow_table(data: Any) -> Any:
    """A pyarrow Table for data that speaks Arrow (a pyarrow Table itself, a polars DataFrame —
    zero-copy —, anything with the PyCapsule ``__arrow_c_stream__``), else None."""
    if isinstance(data, dict) or _pd is None or isinstance(data, _pd.DataFrame):
        return None
    module = type(data).__module__.split(".")[0]
    if module == "polars" and hasattr(data, "to_arrow"):
        return data.to_arrow()
    if hasattr(data, "column_names") and hasattr(data, "to_pandas"):
        return data
    if hasattr(data, "__arrow_c_stream__"):
        import pyarrow as pa

        return pa.table(data)
    return None


def _tabular(data: Any, columns: list[str] | None = None) -> Any:
    """``data`` as something indexed by column name. Data that speaks Arrow (:func:`_arrow_table`)
    becomes a pandas DataFrame of ``columns`` (all when None) in one pass by Arrow: integers and
    booleans as nullable columns (never floats), dictionaries as categoricals (their codes borrowed),
    dates as datetime64 — no per-element Python work but for text."""
    if columns is not None and type(data).__module__.split(".")[0] == "polars":
        data = data.select([c for c in columns if c in data.columns])  # before Arrow: the columns read alone
    table = _arrow_table(data)
    if table is None:
        return data
    if columns is not None:
        table = table.select([c for c in columns if c in table.column_names])
    return table.to_pandas(types_mapper=_nullable_types().get, date_as_object=False)


def _names(data: Any) -> list[str]:
    return list(data.column_names) if hasattr(data, "column_names") else list(data.columns)


def _arrow_columns(data: Any, columns: list[str] | None = None,
                   enums: tuple[str, ...] = ()) -> tuple[ArrowTable, dict[str, list[str]]] | None:
    """Data that speaks the Arrow PyCapsule interface (a pyarrow Table, a polars DataFrame, anything
    with ``__arrow_c_stream__`` but a pandas DataFrame, whose numpy arrays are borrowed directly) handed
    to the library through the Arrow C Data Interface — ``columns`` alone when it can select them — and
    the categories of columns handed over as bare codes. The library reads each column as the input it
    feeds, copying no fixed-width values where the layouts agree; else None.

    A polars ``Categorical`` or ``Enum`` column feeding an enumeration (named in ``enums``) leaves as
    its physical codes, with its categories apart: polars' own export of a categorical builds a
    dictionary per call (about 10 ns a row), its codes are already what the library reads."""
    if isinstance(data, dict) or (_pd is not None and isinstance(data, _pd.DataFrame)) \
            or not hasattr(data, "__arrow_c_stream__"):
        return None
    dictionaries: dict[str, list[str]] = {}
    if type(data).__module__.split(".")[0] == "polars":
        import polars as pl

        chosen = [c for c in columns if c in data.columns] if columns is not None else list(data.columns)
        exprs = []
        for name in chosen:
            dtype = data.schema[name]
            if name in enums and isinstance(dtype, (pl.Categorical, pl.Enum)):
                categories = dtype.categories
                dictionaries[name] = (categories.to_series() if hasattr(categories, "to_series")
                                      else categories).to_list()
                exprs.append(pl.col(name).to_physical())
            else:
                exprs.append(pl.col(name))
        data = data.select(exprs)
    elif columns is not None and hasattr(data, "select") and hasattr(data, "column_names"):
        names = set(_names(data))
        data = data.select([c for c in columns if c in names])
    return ArrowTable.from_stream(data.__arrow_c_stream__()), dictionaries


def _speaking_arrow_once(data: Any) -> Any:
    """A table that only speaks the PyCapsule interface (e.g. a DuckDB relation, whose every export runs its
    query) as a pyarrow Table, made once; anything else as it is."""
    if isinstance(data, dict) or hasattr(data, "column_names") or \
            type(data).__module__.split(".")[0] in ("pandas", "polars") or not hasattr(data, "__arrow_c_stream__"):
        return data
    return _arrow_table(data)


def _column(data: Any, name: str) -> Any:
    try:
        return data[name]
    except (KeyError, IndexError):
        raise KeyError(f"the population has no column '{name}'") from None


def _has_column(data: Any, name: str) -> bool:
    if hasattr(data, "column_names"):  # a pyarrow Table
        return name in data.column_names
    try:
        return name in data
    except TypeError:
        return False


def _as_numpy(values: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """Values and an optional mask of missing values (uint8, nonzero = missing), without copying where possible."""
    if type(values).__module__.startswith("pyarrow") and hasattr(values, "to_pandas") and _pd is not None:
        values = values.to_pandas(types_mapper=_pd.ArrowDtype)  # a pyarrow (Chunked)Array: as pandas holds it
    if _pd is not None and isinstance(values, _pd.Series):
        if isinstance(values.dtype, np.dtype):  # numpy-backed: borrow the array itself
            return values.to_numpy(copy=False), None
        values = values.array
    if _pd is not None and isinstance(values, _pd.api.extensions.ExtensionArray):
        if isinstance(values, (_pd.arrays.IntegerArray, _pd.arrays.BooleanArray)):
            # pandas' own values and mask (True = missing), both borrowed: the library reads the mask as it is.
            return values._data, np.ascontiguousarray(values._mask).view(np.uint8)
        if isinstance(values, _pd.arrays.DatetimeArray):
            return np.asarray(values.to_numpy()), None
        if isinstance(values, _pd.arrays.ArrowExtensionArray) and isinstance(values.dtype, _pd.ArrowDtype):
            kind = values.dtype.numpy_dtype
            if kind.kind in "iubfM":  # fixed width: the values, and the missing ones as a mask
                missing = np.asarray(values.isna(), dtype=np.bool_)
                fill: Any = {"b": False, "M": np.datetime64("NaT")}.get(kind.kind, 0)
                data = values.to_numpy(dtype=kind, na_value=fill)
                return data, (missing.view(np.uint8) if missing.any() and kind.kind != "M" else None)
        return np.asarray(values, dtype=object), None
    return np.asarray(values), None


def _bad_value(name: str, row: int, what: str, count: int = 1) -> Exception:
    """A project8.ValidationError naming the column and the first bad row (the value is not quoted)."""
    from ._core import ValidationError

    more = f" ({count} such rows)" if count > 1 else ""
    error = ValidationError(f"column '{name}' row {row}: {what}{more}")
    error.field = name
    error.row = row
    error.problems = [{"file": None, "line": None, "column": None, "sheet": None, "field": name, "row": row,
                       "message": f"{what}{more}"}]
    return error


_DIGITS = re.compile(r"[+-]?[0-9]+")  # as the CSV reader reads an integer
_INT64_MIN = -(2**63)
_INT64_LIMIT = 2.0**63  # floats at or beyond it (in magnitude) do not fit in int64


def _int_object(name: str, arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An object column of integers (ints, integral floats, digit texts) with missing values (None, NaN, pd.NA)."""
    out = np.zeros(len(arr), dtype=np.int64)
    present = np.ones(len(arr), dtype=np.bool_)
    for i, v in enumerate(arr):
        if is_missing(v):
            present[i] = False
            continue
        number: int
        if isinstance(v, (bool, np.bool_)):
            raise _bad_value(name, i, "an integer was expected, found a boolean")
        if isinstance(v, str):
            if _DIGITS.fullmatch(v.strip()) is None:
                raise _bad_value(name, i, "an integer was expected, found a text that is not one")
            number = int(v.strip())
        elif isinstance(v, (float, np.floating)):
            f = float(v)
            if not np.isfinite(f) or f != np.floor(f) or abs(f) >= _INT64_LIMIT:
                raise _bad_value(name, i, "an integer within int64 was expected, found a fraction, "
                                          "an infinity or a number out of range")
            number = int(f)
        elif isinstance(v, (int, np.integer)):
            number = int(v)
        else:
            raise _bad_value(name, i, f"an integer was expected, found {type(v).__name__}")
        if not _INT64_MIN <= number < 2**63:
            raise _bad_value(name, i, "an integer within int64 was expected, found one out of range")
        out[i] = number
    return out, present


# How many of each datetime64 unit make a day.
_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _spec(name: str, kind: str, categories: list[str], values: Any) -> tuple:
    """(name, kind, values, validity mask or None, mask of missing values or None, negative codes are missing)
    for the library (bindings/src/columns.hpp): a validity mask (1 = present) where this module makes one,
    pandas' own marks of missing values where they are borrowed."""
    spec = _spec_of(name, kind, categories, values)
    return spec if len(spec) >= 6 else (*spec, None, False)


def _spec_of(name: str, kind: str, categories: list[str], values: Any) -> tuple:
    if _pd is not None and isinstance(values, _pd.Series) and isinstance(values.dtype, _pd.ArrowDtype):
        import pyarrow as pa  # a pyarrow-backed pandas column: its Arrow buffers, read as the library reads Arrow

        handed = _arrow_columns(pa.table({name: values.array}))
        assert handed is not None
        return (name, kind, handed[0], None, None, False)
    if kind == "string":
        if type(values).__module__.startswith("pyarrow") and hasattr(values, "to_pylist"):
            values = values.to_pylist()
        if _pd is not None and isinstance(values, _pd.Series):
            values = values.tolist()
        # The library reads the texts (bindings/src/columns.hpp texts_from): pd.NA is missing, never "<NA>".
        return (name, kind, values if isinstance(values, (list, np.ndarray)) else list(values), None)

    if kind == "enum":
        if _pd is not None and isinstance(values, _pd.Series) and isinstance(values.dtype, _pd.CategoricalDtype):
            values = values.array
        if _pd is not None and isinstance(values, _pd.Categorical):
            codes = np.asarray(values.codes)
            if list(values.categories) == categories:
                # pandas' own codes (int8/int16/int32) are borrowed; the library reads -1 as missing.
                return (name, kind, np.ascontiguousarray(codes), None, None, True)
            else:
                lookup = np.array([categories.index(c) if c in categories else -2 for c in values.categories] + [-1],
                                  dtype=np.int32)
                mapped = lookup[codes]  # code -1 (missing) picks the last entry, -1
        else:
            if type(values).__module__.startswith("pyarrow") and hasattr(values, "to_pylist"):
                values = values.to_pylist()
            arr = np.asarray(values, dtype=object)
            index = {c: i for i, c in enumerate(categories)}
            mapped = np.fromiter(
                (-1 if is_missing(v) else index.get(str(v), -2) for v in arr), dtype=np.int32, count=len(arr))
        negative = mapped < 0
        valid = None
        if negative.any():
            bad = np.flatnonzero(mapped == -2)
            if bad.size:
                raise _bad_value(name, int(bad[0]), f"a value that is not one of {', '.join(categories)}",
                                 int(bad.size))
            valid = (~negative).view(np.uint8)
            mapped[negative] = 0
        return (name, kind, np.ascontiguousarray(mapped), valid)

    arr, missing = _as_numpy(values)
    if kind == "bool":
        if arr.dtype == np.bool_:
            return (name, kind, np.ascontiguousarray(arr).view(np.uint8), None, missing, False)
        if missing is not None and arr.dtype.kind in "iu":  # values under pandas' mask are not data
            arr = np.where(missing.astype(np.bool_), 0, arr)
        out, present = bool_array(arr, f"column '{name}'")
        if missing is not None:  # pandas' own mask of a nullable column
            present = ~missing.astype(np.bool_) if present is None else present & ~missing.astype(np.bool_)
        return (name, kind, out.view(np.uint8), None if present is None or present.all() else present.view(np.uint8))

    if kind == "int":
        if arr.dtype == np.int64:
            return (name, kind, np.ascontiguousarray(arr), None, missing, False)
        if arr.dtype.kind == "u" and arr.dtype.itemsize == 8:
            beyond = arr > np.uint64(2**63 - 1)
            if missing is not None:
                beyond &= ~missing.astype(np.bool_)
            if beyond.any():
                raise _bad_value(name, int(np.flatnonzero(beyond)[0]),
                                 "an integer within int64 was expected, found one out of range", int(beyond.sum()))
        if arr.dtype.kind in "iub":
            return (name, kind, arr.astype(np.int64), None, missing, False)
        if arr.dtype.kind == "f":
            present = ~np.isnan(arr)
            if missing is not None:
                present &= ~missing.astype(np.bool_)
            whole = np.where(present, arr, 0)
            bad = ~np.isfinite(whole) | (whole != np.floor(whole)) | (np.abs(whole) >= _INT64_LIMIT)
            if bad.any():
                raise _bad_value(name, int(np.flatnonzero(bad)[0]),
                                 "an integer within int64 was expected, found a fraction, an infinity or a "
                                 "number out of range", int(bad.sum()))
            return (name, kind, whole.astype(np.int64), None if present.all() else present.view(np.uint8))
        if arr.dtype == object:
            out, present = _int_object(name, arr)
            return (name, kind, out, None if present.all() else present.view(np.uint8))
        raise _bad_value(name, 0, f"integers were expected, found dtype {arr.dtype}")

    if kind == "date":
        per_day = _PER_DAY.get(np.datetime_data(arr.dtype)[0]) if arr.dtype.kind == "M" else None
        if per_day is not None and np.datetime_data(arr.dtype)[1] == 1:
            # pandas keeps dates as datetime64[s]: the library makes days in one pass.
            return (name, kind, np.ascontiguousarray(arr).view(np.int64), None, None, False, per_day)
        if arr.dtype != np.dtype("datetime64[D]"):
            arr = day_array(arr, f"column '{name}'")
        days = np.ascontiguousarray(arr).view(np.int64)
        nat = np.isnat(arr)
        return (name, kind, days, None, nat.view(np.uint8) if nat.any() else None, False)

    raise _value_error(f"column '{name}': unknown input type {kind}")


def _value_error(message: str) -> Exception:
    """A project8.InvalidArgument (a ValueError) with `message`."""
    from ._core import InvalidArgument

    return InvalidArgument(message)


def _specs(rules: RuleSet, data: Any, *, unused: bool = False,
           entity: str = "person") -> tuple[list[tuple], int]:
    """Column specs of ``entity``'s inputs for the library; inputs read by no package (e.g. id) only when ``unused``."""
    fields = rules._native._input_fields(entity)
    read = [f[0] for f in fields if f[3] or unused]
    handed = _arrow_columns(data, read, tuple(f[0] for f in fields if f[1] == "enum"))
    arrow, dictionaries = handed if handed is not None else (None, {})
    if arrow is None:
        data = _tabular(data, read)  # what is read, converted once

    def has(name: str) -> bool:
        return arrow.has_column(name) if arrow is not None else _has_column(data, name)

    specs = []
    rows = None
    for name, kind, categories, used, has_default in fields:
        if not used and (not unused or not has(name)):
            continue  # read by no package (e.g. id): not needed, may be absent
        if has_default and not has(name):
            continue  # its default fills it
        if arrow is not None:  # the library reads the column as this input
            if not has(name):
                raise KeyError(f"the population has no column '{name}'")
            values: Any = (arrow, dictionaries[name]) if name in dictionaries else arrow
            spec: tuple = (name, kind, values, None, None, False)
        else:
            spec = _spec(name, kind, categories, _column(data, name))
        n = len(arrow) if arrow is not None else len(spec[2])
        if rows is None:
            rows = n
        elif n != rows:
            raise _value_error(f"column '{name}' has {n} rows, the others {rows}")
        specs.append(spec)
    return specs, rows or 0


def _package_specs(packages: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The library's columns of each package's results: ``<pkg>_eligible``, ``<pkg>_amount`` and ``<pkg>_reason``
    (codes, with the reasons' texts) — made a DataFrame by :func:`columns_from`, or an Arrow stream."""
    out: list[tuple[Any, ...]] = []
    for p in packages:
        eligible, amount, reason = p["columns"]  # named by the library (rules::result_column)
        out += [(eligible, "bool", p["eligible"], None, []),
                (amount, "int", p["amount"], None, []),
                (reason, "enum", p["reason"], None, p["reasons"])]
    return out


_ARROW_TEXTS = ("u", "U", "vu")
_ARROW_INTEGERS = ("c", "C", "s", "S", "i", "I", "l", "L")


def _id_spec(data: Any, rows: int, name: str) -> tuple[Any, ...]:
    """The ids of ``data`` as a library column for Arrow: an Arrow text or integer column handed over as it is,
    else the values of :func:`_id_column` (integers, or texts)."""
    handed = _arrow_columns(data, [name])
    arrow = None if handed is None else handed[0]
    if arrow is not None and arrow.has_column(name):
        fmt = arrow.format(name)
        if fmt in _ARROW_TEXTS or fmt in _ARROW_INTEGERS:
            return (name, "string" if fmt in _ARROW_TEXTS else "int", arrow, None, [])
    ids = _id_column(data, rows, name)
    if _pd is not None and isinstance(ids, _pd.api.extensions.ExtensionArray) and hasattr(ids, "__arrow_array__"):
        import pyarrow as pa  # an Arrow-backed pandas array (pandas' own text dtype): its Arrow buffers as they are

        handed = _arrow_columns(pa.table({name: ids}), [name])
        if handed is not None and handed[0].format(name) in _ARROW_TEXTS:
            return (name, "string", handed[0], None, [])
    values = np.asarray(ids)
    if values.dtype.kind in "iu" and not (values.dtype.kind == "u" and values.dtype.itemsize == 8):
        return (name, "int", np.ascontiguousarray(values, dtype=np.int64), None, [])
    return (name, "string", values if values.dtype == object else values.astype(object), None, [])


def _as_day(as_of: Any) -> _dt.date:
    """A required day (as_of, on): the one rule of :mod:`project8._convert`."""
    day = to_day(as_of, "as_of")
    if day is None:
        raise _value_error("as_of: a date is required")
    return day


def _id_column(data: Any, rows: int, name: str = "id") -> Any:
    if _pd is not None and type(data).__module__.split(".")[0] == "polars" and name in data.columns:
        return _pd.arrays.ArrowExtensionArray(data[name].to_arrow())  # that column alone, as Arrow holds it
    table = _arrow_table(data)
    if table is not None and _pd is not None and name in table.column_names:
        return _pd.arrays.ArrowExtensionArray(table.column(name))  # as Arrow holds it: no copy per value
    try:
        ids = data[name]
    except (KeyError, IndexError):
        return np.arange(1, rows + 1)
    if _pd is not None and isinstance(ids, _pd.Series):
        return ids.array  # the input's own array and dtype: texts are not converted again
    return np.asarray(ids)


def _one_person(record: Any) -> dict[str, Any]:
    """A single person (a dict of scalars or a pandas Series) as one-row columns."""
    items = record.items() if hasattr(record, "items") else dict(record).items()
    out: dict[str, Any] = {}
    for key, value in items:
        if _pd is not None and value is not None and not isinstance(value, str) and _pd.isna(value):
            value = None
        out[key] = np.array([value], dtype=object if value is None or isinstance(value, str) else None)
    return out


class RuleSet(Wrapped[_native.RuleSet]):
    """A checked rule set: its packages, inputs and parameters, and the
    decisions it makes for a population (:meth:`evaluate`), one person's full
    trace (:meth:`explain`) and a comparison with a variant (:meth:`whatif`).

    Made by :meth:`load` or :meth:`from_yaml`; it holds the compiled rule set.
    Pickles by its source text, so it travels to Dask workers.
    """

    __slots__ = ()

    def __init__(self) -> None:
        raise TypeError("use RuleSet.load(path) or RuleSet.from_yaml(text)")

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, registry: Registry | None = None) -> RuleSet:
        """Loads and checks a rule file (errors located by file, line and column).

        ``registry`` (a :class:`project8.geo.Registry`) is where the rule
        set's ``source: registry`` tables read a unit's zone classes; a rule
        set with such tables cannot evaluate without one.
        """
        return cls._bound(_native.RuleSet.load(path), registry)

    @classmethod
    def from_yaml(cls, text: str, source_name: str = "<text>", *, registry: Registry | None = None) -> RuleSet:
        """Checks a rule set given as YAML text (``source_name`` names it in errors;
        ``registry`` as in :meth:`load`)."""
        return cls._bound(_native.RuleSet.from_yaml(text, source_name), registry)

    @classmethod
    def _bound(cls, native: Any, registry: Registry | None) -> RuleSet:
        return cls._wrap(native if registry is None else native.with_registry(registry))

    def with_registry(self, registry: Registry) -> RuleSet:
        """This rule set reading its ``source: registry`` tables from ``registry``."""
        return RuleSet._wrap(self._native.with_registry(registry))

    @property
    def registry(self) -> Registry | None:
        """The unit registry its tables read (:meth:`with_registry`), or None."""
        return self._native.registry

    @property
    def tables(self) -> list[tuple[str, str, list[str]]]:
        """The dated tables as (name, source, columns), e.g.
        ``('communes', 'registry', ['region', 'especially_difficult'])``."""
        return self._native.tables

    @property
    def variables(self) -> list[tuple[str, str, str]]:
        """The named variables as (entity, name, expression), e.g. ``('person', 'age', 'age_years(birth_date)')``."""
        return self._native.variables

    @property
    def reads_registry(self) -> bool:
        """Whether some table reads the unit registry (then :meth:`with_registry` is needed)."""
        return self._native.reads_registry

    def is_unit_input(self, name: str, entity: str = "person") -> bool:
        """Whether the input ``name`` (of ``entity``) is declared ``unit`` (a unit code)."""
        return self._native.is_unit_input(name, entity)

    @property
    def has_households(self) -> bool:
        """Whether the rule set declares households (then :meth:`evaluate` takes both tables)."""
        return self._native.has_households

    @property
    def household_key(self) -> str:
        """The column linking each person to a household row (``""`` without households)."""
        return self._native.household_key

    @property
    def household_inputs(self) -> list[tuple[str, str]]:
        """The declared household inputs as (name, type) (none without households)."""
        return self._native.household_inputs

    @property
    def name(self) -> str:
        """The rule set's name."""
        return self._native.name

    @property
    def packages(self) -> list[Package]:
        """The packages, in file order."""
        return self._native.packages

    @property
    def inputs(self) -> list[tuple[str, str]]:
        """The declared inputs as (name, type)."""
        return self._native.inputs

    def input_used(self, name: str, entity: str = "person") -> bool:
        """Whether a package reads the input ``name`` of ``entity`` (an unread one, such as ``id``, may be absent)."""
        return self._native.input_used(name, entity)

    @property
    def parameters(self) -> list[str]:
        """The names of the dated parameters."""
        return self._native.parameters

    def parameter_value(self, name: str, day: Any) -> int | decimal.Decimal:
        """The value of parameter ``name`` in force on ``day`` (a :class:`decimal.Decimal`
        for a decimal parameter, such as a rate of ``unit: ratio``)."""
        return self._native.parameter_value(name, _as_day(day))

    @property
    def warnings(self) -> list[str]:
        """What the checks found worth a warning (e.g. a provisional amount)."""
        return self._native.warnings

    @property
    def source_text(self) -> str:
        """The YAML the rule set was read from."""
        return self._native.source_text

    def run_tests(self) -> TestReport:
        """Runs the rule file's own test cases."""
        return self._native.run_tests()

    def evaluate(self, data: Any, as_of: Any, *, threads: int = 0, chunk_rows: int = 0,
                 timings: dict[str, float] | None = None, output: str = "pandas") -> Any:
        """Decides every package for every person of ``data`` on ``as_of``.

        ``data`` is a pandas DataFrame or a mapping of column name to array-like,
        with a column for each declared input. Returns a DataFrame (or, without
        pandas, a dict of numpy arrays) with ``id`` (when ``data`` has one) and, per package,
        ``<pkg>_eligible``, ``<pkg>_amount`` and ``<pkg>_reason`` (categorical).

        For a rule set with households (:attr:`has_households`), ``data`` is
        ``{"person": persons, "household": households}`` (members in any
        order, linked by :attr:`household_key`), and the result is a dict of
        the same two keys: the person packages per person, and the household
        packages per household (with the key column, indexed as the input).
        ``threads`` (0: one per core) and ``chunk_rows`` (0: 8,192 rows, or
        32,768 for millions of persons) tune how; the results never depend on them.
        The GIL is released while the library evaluates. When ``timings`` is a
        dict it receives ``core_seconds``: the time spent in the C++ engine alone
        (what the bindings add on top is the rest of the call).

        ``data`` may also be a pyarrow Table, a polars DataFrame, a DuckDB
        relation or anything with ``__arrow_c_stream__``: the library reads its
        columns through the Arrow C Data Interface without copying int64 values,
        large texts or dictionary codes in the rule set's order.
        With ``output="arrow"`` the results are a :class:`~project8._result.ResultTable`
        (``to_arrow()``, ``to_polars()``, ``to_pandas()``, ``__arrow_c_stream__``)
        instead of a DataFrame — per entity, for households.
        """
        if output not in ("pandas", "arrow"):
            raise _value_error(f"output must be 'pandas' or 'arrow', not {output!r}")
        persons, households = self._entities(data)
        specs, rows = _specs(self, persons)
        hrows = 0
        if households is None:
            raw = self._native._evaluate(specs, rows, _as_day(as_of), threads, chunk_rows)
        else:
            hspecs, hrows = _specs(self, households, entity="household")
            raw = self._native._evaluate_households(specs, rows, hspecs, hrows, _as_day(as_of),
                                                    threads, chunk_rows)
        if timings is not None:
            timings["core_seconds"] = raw["core_seconds"]
        if output == "arrow":
            def results(entity: str, of: Any, n: int, key: str) -> ResultTable:
                chosen = [p for p in raw["packages"] if p["entity"] == entity]
                def frame() -> Any:
                    return self._frame(raw, of, n, entity, key)

                if not (entity == "household" or _has_column(of, key)):
                    return ResultTable(_package_specs(chosen), frame)
                family = type(of).__module__.split(".")[0]
                own = family == "polars" or (family == "pyarrow" and hasattr(of, "column_names"))
                if own and key in _names(of):  # the input's own ids, handed on as they are
                    return ResultTable(_package_specs(chosen), frame,
                                       (key, of[key] if family == "polars" else of.column(key)))
                return ResultTable([_id_spec(of, n, key), *_package_specs(chosen)], frame)
            people = results("person", persons, rows, "id")
            if households is None:
                return people
            return {"person": people, "household": results("household", households, hrows, self.household_key)}
        if households is None:
            return self._frame(raw, persons, rows, "person", "id")
        return {"person": self._frame(raw, persons, rows, "person", "id"),
                "household": self._frame(raw, households, hrows, "household", self.household_key)}

    def _frame(self, raw: dict[str, Any], data: Any, rows: int, entity: str, key: str) -> Any:
        """The results of ``entity`` as a DataFrame (or dict of arrays), the default output."""
        columns: dict[str, Any] = {}
        if entity == "household" or _has_column(data, key):
            columns[key] = _id_column(data, rows, key)
        columns.update(columns_from(_package_specs([p for p in raw["packages"] if p["entity"] == entity])))
        result = table(columns)
        if entity == "household" and _pd is not None and isinstance(data, _pd.DataFrame):
            result.index = data.index  # indexed as the input
        return result

    def _entities(self, data: Any) -> tuple[Any, Any]:
        """(persons, households or None) of ``data``: ``{"person": …, "household": …}`` or the persons alone."""
        both = isinstance(data, dict) and "person" in data and set(data) <= {"person", "household"}
        persons, households = (data["person"], data.get("household")) if both else (data, None)
        persons = _speaking_arrow_once(persons)
        households = None if households is None else _speaking_arrow_once(households)
        if self.has_households and households is None:
            raise _value_error(f"rule set '{self.name}' declares households: pass "
                               "{'person': persons, 'household': households}")
        if not self.has_households and households is not None:
            raise _value_error(f"rule set '{self.name}' declares no households: pass the persons alone")
        return persons, households

    def explain(self, data: Any, as_of: Any, *, row: int | None = None, id: str | None = None,
                entity: str = "person") -> Trace:
        """The full trace of one person (or, with ``entity="household"``, one household).

        ``data`` is either one person (a dict of values or a pandas Series, e.g.
        ``df.iloc[7]``) or a population, with the person chosen by ``row``
        (0-based) or ``id``. For a rule set with households ``data`` is
        ``{"person": persons, "household": households}``; a household is
        chosen by ``row`` or by its key as ``id``.
        """
        if self.has_households:
            persons, households = self._entities(data)
            if (row is None) == (id is None):
                raise TypeError("give exactly one of row= or id=")
            specs, rows = _specs(self, persons, unused=True)
            hspecs, hrows = _specs(self, households, unused=True, entity="household")
            if id is not None:
                chosen = (households, hrows, self.household_key) if entity == "household" else (persons, rows, "id")
                matches = np.flatnonzero(np.asarray(_id_column(*chosen)).astype(str) == str(id))
                if matches.size == 0:
                    raise LookupError(f"no {entity} with id '{id}'")
                row = int(matches[0])
            assert row is not None
            return self._native._explain_households(specs, rows, hspecs, hrows, row, _as_day(as_of), entity)
        if entity != "person":
            raise _value_error(f"rule set '{self.name}' declares no households: entity must be 'person'")
        single = (_pd is not None and isinstance(data, _pd.Series)) or (
            isinstance(data, dict) and all(np.ndim(v) == 0 for v in data.values()))
        if single and row is None and id is None:
            data, row = _one_person(data), 0
        if (row is None) == (id is None):
            raise TypeError("give exactly one of row= or id= (or pass a single person)")
        data = _tabular(data)
        specs, rows = _specs(self, data, unused=True)
        if id is not None:
            matches = np.flatnonzero(np.asarray(_id_column(data, rows)).astype(str) == str(id))
            if matches.size == 0:
                raise LookupError(f"no person with id '{id}'")
            row = int(matches[0])
        assert row is not None
        return self._native._explain(specs, rows, row, _as_day(as_of))

    def whatif(self, variant: RuleSet, data: Any, as_of: Any, *, threads: int = 0) -> Any:
        """Compares this rule set (the baseline) with ``variant`` on the same population.

        Returns one row per package (indexed by ``package``): persons eligible
        under each, gained, lost, costs and their difference, and the reasons
        that made the difference (``gained_by_reason``: the baseline reason of
        those who gain). With households, ``data`` is ``{"person": …,
        "household": …}`` and a household package's counts are households
        (its ``entity``).
        """
        if self.inputs != variant.inputs:
            raise _value_error("the two rule sets declare different inputs")
        with_households = self if self.has_households else variant
        both = isinstance(data, dict) and "person" in data and set(data) <= {"person", "household"}
        persons, households = (data["person"], data.get("household")) if both else (data, None)
        persons = _speaking_arrow_once(persons)
        households = None if households is None else _speaking_arrow_once(households)
        if with_households.has_households and households is None:
            raise _value_error(f"rule set '{with_households.name}' declares households: pass "
                               "{'person': persons, 'household': households}")
        specs, rows = _specs(self, persons)
        hspecs, hrows = (None, 0) if households is None else _specs(
            with_households, households, entity="household")
        out = self._native._whatif(variant._native, specs, rows, hspecs, hrows, _as_day(as_of), threads)
        names = list(out[0]) if out else ["package"]
        return table_from_rows([[r[n] for n in names] for r in out], names, index="package")

    def read_households(self, path: str | os.PathLike[str], *, encoding: str | None = None,
                        delimiter: str | None = None, sheet: str | None = None) -> Any:
        """Reads a household file by this rule set's household inputs (as :meth:`read_population`)."""
        return table_from_columns(
            self._native._read_households(os.fspath(path), encoding, delimiter, sheet),
            keep=lambda name: self._native.input_used(name, "household"))

    def read_population(self, path: str | os.PathLike[str], *, encoding: str | None = None,
                        delimiter: str | None = None, sheet: str | None = None) -> Any:
        """Reads a population file by this rule set's inputs (every problem located, no cell quoted).

        The file is a CSV — UTF-8, or UTF-16 with its byte-order mark, or
        ``encoding="windows-1258"`` / ``"tcvn3"``; comma, semicolon or tab found
        from the header unless ``delimiter`` (``","``, ``";"``, ``"tab"``) is
        given — or an Excel workbook (``sheet``: its name; default the first;
        errors then name the sheet and cell). Dates may be written day first.

        Returns a DataFrame (or, without pandas, a dict of numpy arrays): integers
        and booleans with missing values as pandas ``Int64`` / ``boolean``,
        enumerations as ``Categorical``, dates as ``datetime64[D]``. Inputs that no
        package reads (such as ``id``) may be absent from the file.
        """
        return table_from_columns(
            self._native._read_population(os.fspath(path), encoding, delimiter, sheet),
            keep=self.input_used)


def bundled_rules(name: str = "safe-motherhood") -> RuleSet:
    """A bundled rule file by name (default: the safe-motherhood packages)."""
    return RuleSet.load(data_dir() / "rules" / f"{name}.yaml")


def load(path: str | os.PathLike[str]) -> RuleSet:
    """Loads and checks a rule file (same as :meth:`RuleSet.load`)."""
    return RuleSet.load(path)


__all__ = ["Package", "RuleSet", "TestReport", "Trace", "bundled_rules", "load"]
