"""Target tracking: achievement records, progress, aggregation, data quality (``project8::tracking``).

>>> from project8.plan import bundled_plan
>>> from project8.geo import bundled_registry
>>> plan, units = bundled_plan(), bundled_registry()
>>> records = bundled_records(plan, units)
>>> row = progress(plan, units, records, "2025-12-31").loc["T3"]
>>> int(row["planned"]), float(row["achieved"]), row["status"]
(11, 7.0, 'behind')

Records can also come from a DataFrame with the CSV contract's columns
(``date, unit, target, quantity`` and optionally ``denominator, entity_id,
female, male, ethnic_minority, kinh, agency, filed, note, source`` and
``age_<group>`` / ``role_<role>`` counts):
:func:`records_from_frame`.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any

from ._convert import day_array, to_day, to_period_kind
from ._core import tracking as _native
from ._core import workspace as _workspace_native
from ._core.core import PeriodKind
from ._data import data_dir
from ._result import pd as _pd
from ._result import table_from_columns, table_from_rows
from .rules import _value_error

Calendar = _native.Calendar
Record = _native.Record
RecordSet = _native.RecordSet


_PROGRESS_COLUMNS = ["target", "unit", "aggregation", "planned", "achieved", "percent", "status", "records",
                     "female", "male", "ethnic_minority", "kinh"]


def bundled_records(plan: Any, units: Any) -> RecordSet:
    """The bundled SYNTHETIC Tam Đường 2025 records (illustrative, not real results)."""
    return RecordSet.load(data_dir() / "records" / "tam-duong-2025-synthetic.csv", plan, units)


def bundled_calendar() -> Calendar:
    """The reporting calendar of Circular 01/2022/TT-UBDT, as far as the sources give it."""
    return Calendar.load(data_dir() / "calendar" / "01-2022-tt-ubdt.yaml")


def load_records(path: str | os.PathLike[str], plan: Any, units: Any) -> RecordSet:
    """Reads and checks a records CSV (every problem at once, with line and column)."""
    return RecordSet.load(path, plan, units)


def _scalar(value: Any) -> Any:
    """``value``, or None when it is missing (None, NaN, NaT, pandas.NA)."""
    if value is None:
        return None
    if _pd is not None and not isinstance(value, str) and _pd.isna(value):
        return None
    return value


def _value(row: Any, name: str) -> Any:
    return _scalar(row.get(name) if hasattr(row, "get") else None)


def _day(value: Any) -> _dt.date | None:
    """A day or None (missing), by the one rule of :mod:`project8._convert`."""
    return to_day(value, "date")


def records_from_frame(frame: Any, plan: Any, units: Any) -> RecordSet:
    """Records from a DataFrame (or a list of dicts) with the records file's columns (the declared
    fields, ``project8.workspace.record_fields("records")``, and ``age_…`` / ``role_…`` counts),
    checked. A missing required value or a value of the wrong kind names its column and row."""
    rows = frame.to_dict("records") if hasattr(frame, "to_dict") else list(frame)
    fields = _workspace_native.record_fields("records")
    out = []
    for i, row in enumerate(rows):
        given: dict[str, Any] = {}
        for f in fields:
            name, where = f["name"], f"column '{f['name']}'"
            value = _value(row, name)
            if value is None:
                if f["required"]:
                    raise _value_error(f"{where} row {i}: a value is required")
                continue
            if f["kind"] == "date":
                given[name] = to_day(value, where, i)
            elif f["kind"] in ("integer", "money"):
                if isinstance(value, float) and not value.is_integer():
                    raise _value_error(f"{where} row {i}: a whole number was expected")
                given[name] = int(value)
            else:
                given[name] = str(value)
        given["other"] = {k: int(v) for k, v in row.items()
                          if k.startswith(("age_", "role_")) and _value(row, k) is not None}
        out.append(Record(**given))
    return RecordSet(out, plan, units)


def records_frame(records: RecordSet) -> Any:
    """The records as a DataFrame (a dict of arrays without pandas): the
    declared fields (``project8.workspace.record_fields("records")``) in order,
    then the ``age_…`` / ``role_…`` counts any record has, then each record's
    ``line`` in its file."""
    return table_from_columns(records._columns(), keep=lambda name: True)


def progress(plan: Any, units: Any, records: RecordSet, as_of: Any, *, by_unit: bool = False) -> Any:
    """Progress per target (indexed by target), or per target and unit when ``by_unit``."""
    targets, per_unit, _ = _native._progress(plan, units, records, as_of)
    if by_unit:
        return table_from_rows(per_unit, _PROGRESS_COLUMNS)
    return table_from_rows([r[:1] + r[2:] for r in targets], [c for c in _PROGRESS_COLUMNS if c != "unit"], "target")


def scope_issues(plan: Any, units: Any, records: RecordSet) -> Any:
    """Records whose unit lies partly (``scope_ambiguous``) or wholly (``out_of_scope``) outside the plan."""
    _, _, issues = _native._progress(plan, units, records, plan.period.last)
    return table_from_rows(issues, ["record", "line", "unit", "kind"])


def aggregate(plan: Any, units: Any, records: RecordSet, period: PeriodKind | str = "quarter", as_of: Any = None,
              *, by_unit: bool = False) -> Any:
    """Values by target x (unit) x reporting period of kind ``period`` (a
    :class:`project8.PeriodKind` or its key: month, quarter, half_year, year), with year-to-date."""
    day = as_of if as_of is not None else plan.period.last
    rows = _native._aggregate(plan, units, records, to_period_kind(period, "period"), day, by_unit)
    return table_from_rows(rows, ["target", "unit", "period", "value", "year_to_date", "records"])


def _codes(values: Any) -> tuple[Any, list[str]]:
    """Category codes (borrowed when already categorical) and the categories, as text."""
    import numpy as np

    if _pd is None:
        raise ImportError("aggregate_frame needs pandas")
    cat = values.array if isinstance(values, _pd.Series) else values
    if not isinstance(cat, _pd.Categorical):
        cat = _pd.Categorical(values)
    codes = np.ascontiguousarray(cat.codes)
    return codes, [str(c) for c in cat.categories]


def aggregate_frame(plan: Any, units: Any, frame: Any, period: PeriodKind | str = "month", as_of: Any = None, *,
                    by_unit: bool = False) -> Any:
    """:func:`aggregate` for large record tables: one pass in C++ over the DataFrame's columns.

    ``frame`` has ``date`` (datetime64 or dates), ``unit`` and ``target``
    (categorical is fastest: their codes are borrowed; text is encoded once),
    ``quantity`` (int64) and optionally ``entity_id``. Every row is checked
    (unknown unit or target, unit not valid on the date, outside the plan,
    negative quantity); exact duplicates are not looked for. Returns the cells
    as a DataFrame, with ``attrs`` counting the rows not counted
    (``scope_ambiguous``, ``out_of_scope``, ``after_as_of``).
    """
    import numpy as np

    day = as_of if as_of is not None else plan.period.last
    dates = day_array(frame["date"], "column 'date'")
    nat = np.isnat(dates)
    date_valid = (~nat).view(np.uint8) if nat.any() else None
    unit_codes, unit_cats = _codes(frame["unit"])
    target_codes, target_cats = _codes(frame["target"])
    if (unit_codes < 0).any() or (target_codes < 0).any():
        raise ValueError("unit and target are required on every row")
    quantity = np.ascontiguousarray(np.asarray(frame["quantity"], dtype=np.int64))
    entity = None
    entity_cats: list[str] = []
    if "entity_id" in frame:
        codes, entity_cats = _codes(frame["entity_id"])
        missing = codes < 0
        entity = (np.where(missing, 0, codes).astype(codes.dtype), (~missing).view(np.uint8) if missing.any() else None)
    cells, ambiguous, outside, after = _native._aggregate_columns(
        plan, units, len(dates), np.ascontiguousarray(dates).view(np.int64), date_valid, unit_codes, unit_cats,
        target_codes, target_cats, quantity, entity, entity_cats, to_period_kind(period, "period"), day, by_unit)
    out = table_from_rows(cells, ["target", "unit", "period", "value", "year_to_date", "records"])
    out.attrs.update(scope_ambiguous=ambiguous, out_of_scope=outside, after_as_of=after)
    return out


def quality(plan: Any, units: Any, records: RecordSet, calendar: Calendar | None = None, *, lang: str = "vi") -> Any:
    """Data-quality findings: late, missing_disaggregation, scope_ambiguous, out_of_scope, outlier (messages in ``lang``)."""
    rows = _native._quality(plan, units, records, calendar, lang)
    return table_from_rows(rows, ["record", "line", "kind", "message"])


__all__ = ["Calendar", "Record", "RecordSet", "aggregate", "aggregate_frame", "bundled_calendar", "bundled_records", "load_records",
           "progress", "quality", "records_frame", "records_from_frame", "scope_issues"]
