"""Budget: allocation, cost estimates, the ledger and payment audit (``project8::budget``).

Allocation keeps totals exact, in integer đồng::

    >>> import numpy as np
    >>> allocate(100_000_000, np.array([3, 2, 2]), round_to=1_000, reserve={"district": 10_000_000}).tolist()
    [38572000, 25714000, 25714000]

Weights can be written in the rule language over unit attributes
(:func:`weigh`), e.g. the 2026–2030 coefficients::

    >>> import pandas as pd
    >>> units = pd.DataFrame({"unit": ["a", "b"], "region": [3, 1], "dbkk_villages": [4, 0]})
    >>> weigh(units, "max(if(region == 3, 50, 0), if(region == 1, 30, 0), 25) + dbkk_villages", "2026-01-01").tolist()
    [54, 30]

Estimates, ledger summaries and audit results come back as DataFrames; money
is always ``int64`` đồng.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ._convert import to_period_kind
from ._core import budget as _native
from ._core import workspace as _workspace_native
from ._core.core import PeriodKind
from ._data import data_dir
from ._result import pd as _pd
from ._result import table, table_from_columns, table_from_rows
from ._wrap import Wrapped
from .rules import RuleSet, _as_day, _has_column, _spec, _specs, _value_error
from .tracking import _day, _scalar

Formula = _native.Formula
NormSet = _native.NormSet
Quantity = _native.Quantity
load_quantities = _native.load_quantities
parse_quantities = _native.parse_quantities


_STATES = ("present", "missing", "error")


def _int_array(values: Any, n: int | None, name: str) -> np.ndarray:
    arr = values.to_numpy() if _pd is not None and isinstance(values, _pd.Series) else np.asarray(values)
    if arr.ndim == 0 and n is not None:
        arr = np.full(n, int(arr), dtype=np.int64)
    if arr.dtype.kind == "f":
        if np.isnan(arr).any() or not np.all(arr == np.floor(arr)):
            raise _value_error(f"{name}: whole numbers were expected (no NaN, no fractions)")
    elif arr.dtype.kind not in "iub":
        raise _value_error(f"{name}: integers were expected, found dtype {arr.dtype}")
    return np.ascontiguousarray(arr, dtype=np.int64)


# ---------------------------------------------------------------------------
# Allocation


def allocate(total: int, weights: Any, floor: Any = None, cap: Any = None, round_to: int = 1,
             reserve: Mapping[str, int] | None = None) -> np.ndarray:
    """Distributes ``total`` đồng across units in proportion to integer ``weights``.

    ``floor`` and ``cap`` are a scalar or one value per unit; ``round_to`` is
    the step every amount is a multiple of; ``reserve`` maps names to amounts
    kept aside first. The amounts (``int64``) sum to ``total`` minus the
    reservations **exactly** (largest remainder; ties to the earlier unit).
    Constraints that cannot all hold raise :class:`project8.ValidationError`
    saying which. See :func:`allocation` for the explanation of each amount.
    """
    return allocation(total, weights, floor, cap, round_to, reserve, _frame_out=False)


def allocation(total: int, weights: Any, floor: Any = None, cap: Any = None, round_to: int = 1,
               reserve: Mapping[str, int] | None = None, *, units: Iterable[str] | None = None,
               lang: str = "vi", _frame_out: bool = True) -> Any:
    """As :func:`allocate`, as a DataFrame: ``unit, weight, amount, floor_applied,
    cap_applied, rounding, explanation`` (in ``lang``). ``units`` names the
    rows (default: the weights' index when they are a Series, else 0, 1, …)."""
    w = _int_array(weights, None, "weights")
    n = len(w)
    if units is None and _pd is not None and isinstance(weights, _pd.Series):
        units = [str(u) for u in weights.index]
    names = [str(u) for u in units] if units is not None else None
    fl = None if floor is None else _int_array(floor, n, "floor")
    cp = None if cap is None else _int_array(cap, n, "cap")
    res = [(k, int(v)) for k, v in (reserve or {}).items()]
    amount, floor_applied, cap_applied, rounding, vi, en = _native._allocate(
        int(total), w, fl, cp, int(round_to), res, names)
    if not _frame_out:
        return amount
    return table({
        "unit": names if names is not None else list(range(n)),
        "weight": w, "amount": amount, "floor_applied": floor_applied, "cap_applied": cap_applied,
        "rounding": rounding, "explanation": vi if lang == "vi" else en})


def _kind_of(values: Any) -> str:
    """The formula column type of a DataFrame column or array."""
    if _pd is not None and isinstance(values, _pd.Series):
        dtype = values.dtype
        if _pd.api.types.is_bool_dtype(dtype):
            return "bool"
        if _pd.api.types.is_integer_dtype(dtype):
            return "int"
        if _pd.api.types.is_datetime64_any_dtype(dtype):
            return "date"
        if _pd.api.types.is_float_dtype(dtype):
            arr = values.to_numpy()
            whole = arr[~np.isnan(arr)]
            if np.all(whole == np.floor(whole)):
                return "int"  # pandas' way of writing an integer column with gaps
        return "string"
    arr = np.asarray(values)
    if arr.dtype == np.bool_:
        return "bool"
    if arr.dtype.kind in "iu":
        return "int"
    if arr.dtype.kind == "M":
        return "date"
    return "string"


def _formula_inputs(units: Any, types: Mapping[str, str] | None) -> tuple[list[tuple[str, str]], list[tuple], int]:
    names = list(units.columns) if hasattr(units, "columns") else list(units)
    fields, specs, rows = [], [], None
    for name in names:
        values = units[name]
        kind = (types or {}).get(name) or _kind_of(values)
        fields.append((str(name), kind))
        spec = _spec(str(name), kind, [], values)
        n = len(spec[2])
        if rows is not None and n != rows:
            raise _value_error(f"column '{name}' has {n} rows, the others {rows}")
        rows = n
        specs.append(spec)
    return fields, specs, rows or 0


def weigh(units: Any, weight: str, as_of: Any, *, types: Mapping[str, str] | None = None,
          unit_column: str = "unit") -> np.ndarray:
    """The integer ``weight`` formula (rule language) on every row of ``units``.

    ``units`` is a DataFrame or a mapping of column to array; column types come
    from the dtypes (bool, integer — also float columns of whole numbers with
    NaN gaps —, datetime64, else text) unless given in ``types``. A row whose
    weight is missing, cannot be computed or is negative raises
    :class:`project8.ValidationError` naming the unit (``unit_column``) and the
    formula worked out for it.
    """
    fields, specs, rows = _formula_inputs(units, types)
    formula = Formula(weight, fields)
    day = _as_day(as_of)  # the day the formula's as_of and ages are taken on: required, never today
    values, states = formula._evaluate(fields, specs, rows, day)
    bad = np.flatnonzero((states != 0) | (values < 0))
    if bad.size:
        from ._core import ValidationError

        has_units = _has_column(units, unit_column)
        lines = []
        for i in bad[:20]:
            name = str(units[unit_column][int(i)] if not hasattr(units[unit_column], "iloc")
                       else units[unit_column].iloc[int(i)]) if has_units else f"row {int(i)}"
            what = "negative" if states[i] == 0 else _STATES[int(states[i])]
            lines.append(f"units[{name}]: the weight is {what}: "
                         f"{formula._explain(fields, specs, rows, int(i), day)}")
        raise ValidationError(f"{bad.size} problem(s):\n  " + "\n  ".join(lines))
    return values


# ---------------------------------------------------------------------------
# Estimates

_ESTIMATE_COLUMNS = ["content_area", "activity", "agency", "unit", "funding_source", "norm", "basis", "quantity",
                     "quantity_formula", "rate", "amount", "source", "status", "note", "line"]


def bundled_norms() -> NormSet:
    """The bundled ILLUSTRATIVE norms (only the ANC travel norm is a verified legal figure)."""
    return NormSet.load(data_dir() / "budget" / "norms-illustrative.yaml")


def bundled_quantities() -> list[Quantity]:
    """The bundled SYNTHETIC quantities for the Tam Đường 2025 plan's activities."""
    return load_quantities(data_dir() / "budget" / "tam-duong-2025-quantities.csv")


class Estimate(Wrapped[_native.Estimate]):
    """A cost estimate (:func:`estimate`): totals in đồng, the line items
    (:attr:`lines`), and the norms that were missing (never guessed)."""

    __slots__ = ()

    def __init__(self) -> None:
        raise TypeError("use project8.budget.estimate(plan, norms, quantities, on)")

    @property
    def total(self) -> int:
        """The total, in đồng."""
        return self._native.total

    @property
    def provisional(self) -> int:
        """The part of the total priced at provisional or illustrative rates, in đồng."""
        return self._native.provisional

    @property
    def complete(self) -> bool:
        """Whether every line found its norm."""
        return self._native.complete

    @property
    def on(self) -> _dt.date:
        """The date whose norms apply."""
        return self._native.on

    @property
    def missing(self) -> list[str]:
        """The norms no line could be priced with."""
        return self._native.missing

    @property
    def lines(self) -> Any:
        """The line items (money in int64 đồng)."""
        return estimate_lines(self)

    def to_csv(self, lang: str = "vi") -> str:
        """The line items as CSV (headers are the stable keys)."""
        return self._native.to_csv(lang)

    def to_json(self, indent: int = 2) -> str:
        """The estimate as JSON."""
        return self._native.to_json(indent)

    def to_text(self, lang: str = "vi") -> str:
        """The estimate as text, in 'vi' or 'en'."""
        return self._native.to_text(lang)


def estimate(plan: Any, norms: NormSet, quantities: Any, on: Any = None) -> Estimate:
    """The cost estimate of ``plan``: ``quantities`` (a list from
    :func:`load_quantities`, or a path) × ``norms`` in force on ``on`` (default:
    the plan's first day). Missing norms are listed in ``.missing``, never
    guessed; :attr:`Estimate.lines` gives the line items."""
    if isinstance(quantities, (str, os.PathLike)):
        quantities = load_quantities(quantities)
    day = _as_day(on) if on is not None else plan.period.first
    return Estimate._wrap(_native._estimate(plan, norms, quantities, day))


def estimate_lines(e: Estimate) -> Any:
    """The line items of an estimate (money in int64 đồng)."""
    df = table_from_rows(e._native._lines(), _ESTIMATE_COLUMNS)
    if _pd is not None:
        df["content_area"] = df["content_area"].astype("Int64")
        df["line"] = df["line"].astype("Int64")
        for c in ("quantity", "rate", "amount"):
            df[c] = df[c].astype(np.int64)
    return df


def norms_table(norms: NormSet, on: Any) -> Any:
    """The norms and the rate of each in force on ``on`` (None when none is)."""
    rows = norms._rows(_as_day(on))
    df = table_from_rows(rows, ["id", "title_vi", "title_en", "basis", "per_vi", "per_en", "rate", "source", "status"])
    if _pd is not None:
        df["rate"] = df["rate"].astype("Int64")
    return df


# ---------------------------------------------------------------------------
# Ledger

# The ledger's declared fields (project8.workspace.record_fields("ledger")).
_LEDGER_COLUMNS = [f["name"] for f in _workspace_native.record_fields("ledger")]


class Ledger(Wrapped[_native.Ledger]):
    """The budget ledger: allocated, committed, disbursed and settled amounts by
    unit, activity, funding source and budget year, checked as a whole
    (allocated ≥ committed ≥ disbursed ≥ settled). ``Ledger()`` is empty."""

    __slots__ = ()

    def __init__(self) -> None:
        self._native = _native.Ledger()

    def add_csv(self, path: str | os.PathLike[str]) -> Ledger:
        """Adds the entries of a ledger CSV, all or nothing (every problem located)."""
        self._native.add_csv(path)
        return self

    def add_frame(self, frame: Any) -> Ledger:
        """Adds the rows of a DataFrame with the ledger file's columns (the
        declared fields: ``project8.workspace.record_fields("ledger")``, or
        ``docs/formats.md``), all or nothing. Errors name the row (``entries:N``,
        counting from 1)."""
        n = len(frame["date"])
        col: dict[str, list[Any]] = {c: (list(frame[c]) if _has_column(frame, c) else [None] * n) for c in _LEDGER_COLUMNS}
        rows = []
        for i in range(n):
            year = _scalar(col["year"][i])
            rows.append((_day(col["date"][i]), None if year is None else int(year), str(col["unit"][i]),
                         _scalar(col["activity"][i]), _scalar(col["funding_source"][i]), str(col["stage"][i]),
                         int(col["amount"][i]), _scalar(col["reference"][i]), _scalar(col["note"][i])))
        self._native._add_rows(rows)
        return self

    def entries(self) -> Any:
        """Every entry, in application order: the declared fields (``year``
        missing where the file left it to the date), then each entry's ``line``
        in its file and ``carried_over``."""
        return table_from_columns(self._native._columns(), keep=lambda name: True)

    def summary(self, by: str, as_of: Any, plan: Any = None, period: PeriodKind | str = "quarter") -> Any:
        """Allocated, committed, disbursed, settled and the disbursement rate (%)
        of the budget year of ``as_of`` up to ``as_of`` (required: no silent
        today), grouped ``by`` unit, content_area (needs ``plan``), activity,
        funding_source or period (cumulative, of kind ``period``: a
        :class:`project8.PeriodKind` or its key)."""
        rows = self._native._summary(by, _as_day(as_of), plan, to_period_kind(period, "period"))
        return table_from_rows(rows, [by, "allocated", "committed", "disbursed", "settled", "rate_percent"])

    def carry_over(self, year: int) -> Any:
        """The entries carrying budget year ``year``'s open amounts into the next
        year, in the form :meth:`add_frame` accepts."""
        return table_from_rows([r[:9] for r in self._native._carry_over(year)], _LEDGER_COLUMNS)

    def __len__(self) -> int:
        return len(self._native)


def load_ledger(*paths: str | os.PathLike[str]) -> Ledger:
    """A ledger from CSV files, applied together (all or nothing)."""
    ledger = Ledger()
    if len(paths) == 1:
        return ledger.add_csv(paths[0])
    rows: list[tuple] = []
    for p in paths:
        rows += [r[:9] for r in Ledger().add_csv(p)._native._rows()]
    ledger._native._add_rows(rows)
    return ledger


def bundled_ledger() -> Ledger:
    """The bundled SYNTHETIC Tam Đường 2025 ledger."""
    return load_ledger(data_dir() / "budget" / "tam-duong-2025-ledger-synthetic.csv")


# ---------------------------------------------------------------------------
# Payment audit

# The payments' declared fields, then the line each came from.
_PAYMENT_COLUMNS = [f["name"] for f in _workspace_native.record_fields("payments")] + ["line"]


class AuditResult:
    """The result of :func:`audit_payments`: ``flags`` and ``summary`` DataFrames,
    ``clean`` (payments without a flag), ``total_paid`` and ``total_flagged``
    (đồng), and :meth:`text` (small counts suppressed)."""

    def __init__(self, raw: tuple, suppress_below: int) -> None:
        flags, summary_rows, self.clean, self.total_paid, self.total_flagged, self._vi, self._en = raw
        self.flags = table_from_rows(flags, ["payment", "payment_id", "person_id", "package", "date", "amount", "flag",
                                    "entitlement", "paid_so_far"])
        self.suppress_below = suppress_below
        self.summary = table_from_rows(summary_rows, ["unit", "flag", "payments", "amount"])

    def suppressed_summary(self) -> Any:
        """The summary with counts (and amounts) below ``suppress_below`` hidden (missing) and marked ``suppressed``."""
        payments = np.asarray(self.summary["payments"], dtype=np.int64)
        hide = (payments > 0) & (payments < self.suppress_below)
        columns = {name: np.asarray(self.summary[name]) for name in ("unit", "flag")}
        for name in ("payments", "amount"):
            values = np.asarray(self.summary[name], dtype=np.int64)
            if _pd is not None:
                columns[name] = _pd.arrays.IntegerArray(values, hide.copy())
            else:
                columns[name] = values.astype(object)
                columns[name][hide] = None
        columns["suppressed"] = hide
        return table(columns)

    def text(self, lang: str = "vi") -> str:
        """The summary by commune and flag, as the CLI prints it."""
        return self._vi if lang == "vi" else self._en

    def __repr__(self) -> str:
        return f"AuditResult({len(self.flags)} flags, {self.clean} clean payments)"


def load_payments(path: str | os.PathLike[str]) -> Any:
    """A payments CSV as a DataFrame (checked: every problem with line and
    column): the declared fields (``project8.workspace.record_fields("payments")``),
    then each payment's ``line``."""
    return table_from_columns(_native._load_payments(path), keep=lambda name: True)


def audit_payments(rules: RuleSet, population: Any, payments: Any, as_of: Any, *, id_column: str = "id",
                   unit_column: str = "commune", suppress_below: int = 5) -> AuditResult:
    """Checks ``payments`` (a DataFrame with ``person_id, package, date,
    amount`` and optionally ``payment_id, episode_id``, or a CSV path) against
    ``rules`` and ``population`` (the rules' inputs plus ``id_column`` and,
    when present, ``unit_column``). Flags: unknown_person, unknown_package,
    not_in_force, ineligible, over_entitlement, beyond_cap, duplicate,
    after_as_of. Only the person's id appears in the result."""
    if isinstance(payments, (str, os.PathLike)):
        payments = load_payments(payments)
    specs, rows = _specs(rules, population)
    texts = []
    declared = {name for name, *_ in rules._native._input_fields()}
    for name in (id_column, unit_column):
        if name in declared or not _has_column(population, name):
            continue
        values = population[name]
        texts.append((name, [None if _scalar(v) is None else str(v) for v in values]))
    if id_column in declared:
        specs = [s for s in specs if s[0] != id_column] + [_spec(id_column, "string", [], population[id_column])]
    n = len(payments["person_id"])
    col: dict[str, list[Any]] = {c: (list(payments[c]) if _has_column(payments, c) else [None] * n) for c in _PAYMENT_COLUMNS}
    pay = []
    for i in range(n):
        line = _scalar(col["line"][i])
        pay.append((_scalar(col["payment_id"][i]), str(col["person_id"][i]), str(col["package"][i]), _day(col["date"][i]),
                    int(col["amount"][i]), _scalar(col["episode_id"][i]), None if line is None else int(line)))
    raw = _native._audit(rules._native, specs, rows, texts, pay, _as_day(as_of), id_column, unit_column,
                         suppress_below)
    return AuditResult(raw, suppress_below)


__all__ = [
    "AuditResult",
    "Estimate",
    "Formula",
    "Ledger",
    "NormSet",
    "Quantity",
    "allocate",
    "allocation",
    "audit_payments",
    "bundled_ledger",
    "bundled_norms",
    "bundled_quantities",
    "estimate",
    "estimate_lines",
    "load_ledger",
    "load_payments",
    "load_quantities",
    "norms_table",
    "parse_quantities",
    "weigh",
]
