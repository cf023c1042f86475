"""project8.budget from Python: allocation as numpy, weights from formulas over
DataFrames, estimates, the ledger and the payment audit as DataFrames."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import numpy as np
import pandas as pd
import project8
import pytest
from project8 import budget
from project8.plan import bundled_plan
from project8.rules import bundled_rules

WEIGHT = ("max(if(region == 3 or atk or border, 50, 0), if(region == 2, 40, 0), "
          "if(region == 1, 30, 0), 25) + dbkk_villages")


def test_allocate_returns_int64_summing_exactly() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        weights = rng.integers(0, 100, size=n)
        if weights.sum() == 0:
            weights[0] = 1
        total = int(rng.integers(0, 10**12)) // 1000 * 1000
        out = budget.allocate(total, weights, round_to=1000)
        assert out.dtype == np.int64 and out.shape == (n,)
        assert int(out.sum()) == total
        assert np.all(out % 1000 == 0)
        exact = [Fraction(total * int(w), int(weights.sum())) for w in weights]
        assert all(abs(int(a) - e) < 1000 for a, e in zip(out, exact, strict=False))


def test_allocate_accepts_series_scalars_and_arrays_for_bounds() -> None:
    w = pd.Series([5, 3, 1], index=["x", "y", "z"])
    out = budget.allocate(90_000, w, floor=20_000, cap=np.array([40_000, 40_000, 40_000]))
    assert out.tolist() == [40_000, 30_000, 20_000]
    frame = budget.allocation(90_000, w, floor=20_000, cap=40_000, lang="en")
    assert frame["unit"].tolist() == ["x", "y", "z"]
    assert frame["cap_applied"].tolist() == [True, False, False]
    assert "raised to its floor" in frame.loc[2, "explanation"]
    with pytest.raises(project8.ValidationError, match="floor"):
        budget.allocate(10, [1, 1], floor=6)
    with pytest.raises(ValueError, match="whole numbers"):
        budget.allocate(10, np.array([0.5, 1.0]))


def test_weigh_a_units_frame_and_name_the_unit_when_a_weight_is_missing() -> None:
    units = pd.read_csv(project8.data_dir() / "budget" / "tam-duong-units-2026-illustrative.csv", dtype={"unit": str})
    w = budget.weigh(units, WEIGHT, "2026-01-01")
    assert w.tolist() == [32, 59, 61, 58, 62]
    amounts = budget.allocate(124_000_000, w, round_to=1000)
    assert int(amounts.sum()) == 124_000_000
    gaps = units.copy()
    gaps.loc[1, "region"] = np.nan  # a float column of whole numbers with a gap: still integers
    with pytest.raises(project8.ValidationError, match=r"units\[03405\]: the weight is missing"):
        budget.weigh(gaps, WEIGHT, "2026-01-01")
    with pytest.raises(project8.RuleError, match="villages"):
        budget.weigh(units, "region + villages", "2026-01-01")
    with pytest.raises(TypeError, match="as_of"):  # time is explicit: no default day
        budget.weigh(units, WEIGHT)  # type: ignore[call-arg]


def test_estimate_lines_frame() -> None:
    plan = bundled_plan()
    e = budget.estimate(plan, budget.bundled_norms(), budget.bundled_quantities())
    lines = e.lines
    assert lines["amount"].dtype == np.int64
    assert int(lines["amount"].sum()) == e.total
    assert (lines["amount"] == lines["quantity"] * lines["rate"]).all()
    assert e.complete is False and "delivery_support_birth" in e.missing[0]
    assert e.on == dt.date(2025, 1, 1)
    assert "Thiếu định mức" in e.to_text()
    norms = budget.norms_table(budget.bundled_norms(), "2025-01-01")
    assert norms.set_index("id").loc["anc_travel_visit", "status"] == "verified"


def test_ledger_summary_frames_and_carry_over() -> None:
    plan = bundled_plan()
    ledger = budget.bundled_ledger()
    by_unit = ledger.summary("unit", "2025-12-31").set_index("unit")
    raw = pd.read_csv(project8.data_dir() / "budget" / "tam-duong-2025-ledger-synthetic.csv", dtype={"unit": str})
    sums = raw.pivot_table(index="unit", columns="stage", values="amount", aggfunc="sum", fill_value=0)
    for unit, row in sums.iterrows():
        assert by_unit.loc[unit, "allocated"] == row["allocated"]
        assert by_unit.loc[unit, "disbursed"] == row.get("disbursed", 0)
    by_area = ledger.summary("content_area", "2025-12-31", plan=plan)
    assert by_area["content_area"].tolist() == ["1", "3"]
    carry = ledger.carry_over(2025)
    assert (carry["year"] == 2026).all()
    ledger.add_frame(carry)
    assert int(ledger.summary("unit", "2026-01-01")["allocated"].sum()) == int(
        sums["allocated"].sum() - sums["disbursed"].sum())
    with pytest.raises(project8.InvalidArgument, match="already carried over"):
        ledger.carry_over(2025)


def test_ledger_rejects_a_frame_all_or_nothing() -> None:
    ledger = budget.Ledger()
    frame = pd.DataFrame({
        "date": [dt.date(2025, 1, 2), dt.date(2025, 2, 1)],
        "unit": ["106", "106"], "activity": ["A1.3", "A1.3"], "stage": ["allocated", "committed"],
        "amount": [1000, 2000]})
    with pytest.raises(project8.ValidationError, match="entries:2"):
        ledger.add_frame(frame)
    assert len(ledger) == 0
    frame.loc[1, "amount"] = 1000
    ledger.add_frame(frame)
    assert len(ledger) == 2 and ledger.entries()["stage"].tolist() == ["allocated", "committed"]


def test_audit_payments_from_frames_matches_the_file_run() -> None:
    rules = bundled_rules()
    data = project8.data_dir() / "budget"
    people = pd.read_csv(data / "tam-duong-2025-population-synthetic.csv", dtype={"commune": str})
    payments = budget.load_payments(data / "tam-duong-2025-payments-synthetic.csv")
    result = budget.audit_payments(rules, people, payments, "2025-12-31")
    assert result.clean + result.flags["payment"].nunique() == len(payments)
    assert {"ineligible", "duplicate", "unknown_person", "over_entitlement"} <= set(result.flags["flag"])
    assert "ethnicity" not in result.flags.columns
    # The same payments with the dates as pandas Timestamps give the same flags.
    again = payments.copy()
    again["date"] = pd.to_datetime(again["date"])
    other = budget.audit_payments(rules, people, again, dt.date(2025, 12, 31))
    assert other.flags["flag"].tolist() == result.flags["flag"].tolist()
    small = result.suppressed_summary()
    assert small["payments"].isna().all() and small["suppressed"].all()  # every count here is below 5
    assert "<5" in result.text("en")
