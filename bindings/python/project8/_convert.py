"""One rule for each conversion at the Python edge (used by every module).

Missing values
    ``None``, ``float('nan')``, ``numpy.nan``, ``NaT`` and ``pandas.NA`` are
    missing; so is an empty text.

Days
    A ``datetime.date``; a ``numpy.datetime64``; a pandas ``Timestamp`` or a
    ``datetime.datetime`` **at midnight without a time zone** (what
    ``pandas.to_datetime`` gives for a date column); or an ISO text
    ``YYYY-MM-DD``. A value with a time of day other than midnight, or with a
    time zone, is refused: a day is never cut out of a moment silently. The C++
    date caster of the bindings applies the same rule to single values.

Reporting periods
    A kind of period (month, quarter, half_year, year) is a
    :class:`project8.PeriodKind` or its key; a period itself (2025, 2025-H1,
    2025-Q3, 2025-07) is a :class:`project8.ReportingPeriod` or its label. The
    library receives the typed value; a text that names none is refused,
    listing what is accepted.

Booleans
    ``True`` / ``False`` (Python or numpy), the integers ``0`` and ``1``, and the
    texts the library's readers accept — ``true``/``false``, ``1``/``0``,
    ``yes``/``no``, ``có``/``không`` in any case, ``x`` for true — decided by
    :func:`project8.core.parse_bool_cell`, the one rule of CSV, Excel and
    Python. Any other value (``"maybe"``, ``2``, ``0.5``) is refused, naming
    the column and the row: a text is never read as "true" because it is not empty.

Day texts
    As the readers read them (:func:`project8.core.parse_day_cell`):
    ``YYYY-MM-DD`` or day first, ``DD/MM/YYYY``, ``D/M/YYYY``, ``DD-MM-YYYY``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

from ._result import pd as _pd


def _error(message: str) -> Exception:
    from ._core import InvalidArgument

    return InvalidArgument(message)


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT, pandas.NA and an empty text."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, float):
        return value != value
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return bool(_pd is not None and (value is _pd.NA or value is _pd.NaT))


def _at(what: str, row: int | None) -> str:
    return what if row is None else f"{what} row {row}"


def to_day(value: Any, what: str, row: int | None = None) -> _dt.date | None:
    """The day ``value`` names (see the module's rule), or None when it is missing."""
    if is_missing(value):
        return None
    if isinstance(value, _dt.datetime):  # also pandas.Timestamp
        if value.tzinfo is not None or value.time() != _dt.time(0, 0):
            raise _error(f"{_at(what, row)}: a date was expected, found a moment with a time of day or a time zone "
                         f"(give the day, e.g. {value.date().isoformat()})")
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, np.datetime64):
        day = value.astype("datetime64[D]")
        if day != value:
            raise _error(f"{_at(what, row)}: a date was expected, found a moment with a time of day")
        return _dt.date.fromisoformat(str(day))
    if isinstance(value, str):
        from ._core.core import parse_day_cell

        day = parse_day_cell(value)
        if day is None:
            raise _error(f"{_at(what, row)}: a date was expected, written YYYY-MM-DD or day first "
                         f"(DD/MM/YYYY, D/M/YYYY, DD-MM-YYYY)")
        return day
    raise _error(f"{_at(what, row)}: a date was expected, found {type(value).__name__}")


def day_array(values: Any, what: str) -> np.ndarray:
    """``values`` as ``datetime64[D]`` (missing as NaT), by the module's rule."""
    arr = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    if arr.dtype.kind == "M":
        days = arr.astype("datetime64[D]")
        moment = ~np.isnat(arr) & (days.astype(arr.dtype) != arr)
        if moment.any():
            raise _error(f"{_at(what, int(np.flatnonzero(moment)[0]))}: a date was expected, found a moment with a "
                         f"time of day ({int(moment.sum())} such rows)")
        return days
    if arr.dtype == object and hasattr(values, "dt") and getattr(values.dt, "tz", None) is not None:
        raise _error(f"{what}: a date was expected, found moments with a time zone")
    out = np.empty(len(arr), dtype="datetime64[D]")
    for i, v in enumerate(arr):
        day = to_day(v, what, i)
        out[i] = np.datetime64("NaT") if day is None else np.datetime64(day, "D")
    return out


def bool_array(values: Any, what: str) -> tuple[np.ndarray, np.ndarray | None]:
    """``values`` as booleans by the module's rule, and where they are present (None: everywhere)."""
    arr = values.to_numpy(dtype=object) if (_pd is not None and isinstance(values, _pd.Series)
                                             and not _pd.api.types.is_bool_dtype(values.dtype)) else np.asarray(values)
    if arr.dtype == np.bool_:
        return arr, None
    if arr.dtype.kind in "iu":
        bad = (arr != 0) & (arr != 1)
        if bad.any():
            raise _error(f"{_at(what, int(np.flatnonzero(bad)[0]))}: true or false (1 or 0) was expected, "
                         f"found another number ({int(bad.sum())} such rows)")
        return arr == 1, None
    from ._core.core import parse_bool_cell

    out = np.zeros(len(arr), dtype=np.bool_)
    present = np.ones(len(arr), dtype=np.bool_)
    words: dict[str, bool | None] = {}  # each distinct text decided once
    for i, v in enumerate(arr):
        if is_missing(v):
            present[i] = False
        elif isinstance(v, (bool, np.bool_)):
            out[i] = bool(v)
        elif isinstance(v, (int, np.integer)) and v in (0, 1):
            out[i] = v == 1
        elif isinstance(v, (float, np.floating)) and v in (0.0, 1.0):
            out[i] = v == 1.0
        elif isinstance(v, str) and (word := words[v] if v in words else words.setdefault(v, parse_bool_cell(v))) \
                is not None:
            out[i] = word
        else:
            raise _error(f"{_at(what, i)}: true or false was expected (true/false, 1/0, yes/no, "
                         f"có/không or x), found {'a text' if isinstance(v, str) else type(v).__name__}")
    return out, None if present.all() else present


def to_period_kind(value: Any, what: str) -> Any:
    """A :class:`project8.PeriodKind` from itself or its key (``"quarter"``)."""
    from ._core.core import PeriodKind

    if isinstance(value, PeriodKind):
        return value
    if isinstance(value, str) and value.strip() in PeriodKind.__members__:
        return PeriodKind[value.strip()]
    raise _error(f"{what}: a kind of period was expected: one of {', '.join(PeriodKind.__members__)}")


def to_reporting_period(value: Any, what: str) -> Any:
    """A :class:`project8.ReportingPeriod` from itself or its label (``"2025-H1"``), or None for None."""
    from ._core.core import ReportingPeriod

    if value is None or isinstance(value, ReportingPeriod):
        return value
    if isinstance(value, str):
        try:
            return ReportingPeriod.parse(value.strip())
        except ValueError as e:
            raise _error(f"{what}: {e}") from None
    raise _error(f"{what}: a reporting period was expected (2025, 2025-H1, 2025-Q3, 2025-07), "
                 f"found {type(value).__name__}")
