"""One rule for days and one for booleans at the Python edge (project8._convert), used everywhere."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import project8
import pytest
from project8 import _convert, tracking
from project8.geo import bundled_registry
from project8.plan import bundled_plan
from project8.rules import bundled_rules

AS_OF = dt.date(2025, 6, 30)


def people(pregnant: list) -> pd.DataFrame:
    n = len(pregnant)
    return pd.DataFrame({
        "id": [f"p{i}" for i in range(n)], "sex": ["F"] * n, "ethnicity": [3] * n, "pregnant": pregnant,
        "anc_visits": [4] * n, "delivery": ["none"] * n, "commune_region": [3] * n,
        "village_especially_difficult": [True] * n,
    })


@pytest.mark.parametrize("no", ["maybe", "khong", "y", "2", 2, 0.5, "f"])
def test_a_boolean_column_refuses_what_is_not_true_or_false_naming_column_and_row(no: object) -> None:
    with pytest.raises(project8.InvalidArgument, match=r"column 'pregnant' row 1: true or false") as e:
        bundled_rules().evaluate(people([True, no]), AS_OF)
    assert "khong" not in str(e.value) and "'maybe'" not in str(e.value)  # the value itself is not quoted


def test_a_boolean_column_reads_the_words_every_reader_reads_never_a_text_as_true(tmp_path) -> None:
    words = ["no", "không", "KHÔNG", "kho\u0302ng", "x", "yes", "Có", "NO"]
    expected = [False, False, False, False, True, True, True, False]
    out = bundled_rules().evaluate(people(words), AS_OF)
    assert out["anc_travel_reason"].tolist() == ["" if e else "pregnant" for e in expected]
    # The CSV reader reads the same texts the same way: one rule (project8.core.parse_bool_cell).
    csv = tmp_path / "p.csv"
    people(words).to_csv(csv, index=False)
    read = bundled_rules().read_population(csv)
    assert read["pregnant"].tolist() == expected
    assert [project8.core.parse_bool_cell(w) for w in words] == expected


def test_a_boolean_column_reads_true_false_1_0_in_any_case_and_missing() -> None:
    texts = bundled_rules().evaluate(people(["true", " FALSE ", "1", "0", None, ""]), AS_OF)
    assert texts["anc_travel_reason"].tolist() == ["", "pregnant", "", "pregnant", "unknown:pregnant",
                                                   "unknown:pregnant"]
    numbers = bundled_rules().evaluate(people([1, 0, 1, 0, 1, 0]), AS_OF)
    assert numbers["anc_travel_eligible"].tolist() == [True, False] * 3
    floats = bundled_rules().evaluate(people([1.0, 0.0, np.nan]), AS_OF)
    assert floats["anc_travel_reason"].tolist() == ["", "pregnant", "unknown:pregnant"]


@pytest.mark.parametrize("day", [dt.date(2025, 6, 30), "2025-06-30", np.datetime64("2025-06-30"),
                                 pd.Timestamp("2025-06-30"), dt.datetime(2025, 6, 30),
                                 np.datetime64("2025-06-30T00:00:00")])
def test_a_day_is_a_date_an_iso_text_or_a_moment_at_midnight(day: object) -> None:
    assert _convert.to_day(day, "as_of") == dt.date(2025, 6, 30)
    out = bundled_rules().evaluate(people([True]), day)
    assert out["anc_travel_amount"].tolist() == [400000]


@pytest.mark.parametrize("moment", [pd.Timestamp("2025-06-30 14:00"), dt.datetime(2025, 6, 30, 8, 30),
                                    np.datetime64("2025-06-30T23:59"), pd.Timestamp("2025-06-30", tz="UTC")])
def test_a_moment_with_a_time_of_day_or_a_zone_is_refused_everywhere(moment: object) -> None:
    with pytest.raises(project8.InvalidArgument, match="a date was expected"):
        _convert.to_day(moment, "as_of")
    with pytest.raises(project8.InvalidArgument, match="a date was expected"):
        bundled_rules().evaluate(people([True]), moment)
    plan, units = bundled_plan(), bundled_registry()
    records = tracking.bundled_records(plan, units)
    with pytest.raises(project8.InvalidArgument, match="a date was expected"):
        tracking.progress(plan, units, records, moment)  # the C++ date caster applies the same rule


def test_a_date_column_refuses_moments_and_reads_midnights() -> None:
    frame = pd.DataFrame({"date": pd.to_datetime(["2025-03-01 00:00", "2025-03-02 10:00"])})
    with pytest.raises(project8.InvalidArgument, match="column 'date' row 1: a date was expected"):
        _convert.day_array(frame["date"], "column 'date'")
    days = _convert.day_array(pd.Series(["2025-03-01", None, dt.date(2025, 3, 3), pd.Timestamp("2025-03-04")]),
                              "column 'date'")
    assert days.dtype == np.dtype("datetime64[D]") and np.isnat(days[1])
    assert days[3] == np.datetime64("2025-03-04")
    # Day first, as the readers read it; never month first.
    assert _convert.day_array(["15/03/2025"], "column 'date'")[0] == np.datetime64("2025-03-15")
    with pytest.raises(project8.InvalidArgument, match="row 0: a date was expected, written YYYY-MM-DD or day first"):
        _convert.day_array(["03/15/2025"], "column 'date'")


def test_periods_are_typed_values_or_their_texts_and_a_bad_text_lists_what_is_accepted(tmp_path) -> None:
    from project8 import budget, report, workspace
    from project8.core import PeriodKind, ReportingPeriod

    plan, units = bundled_plan(), bundled_registry()
    records = tracking.bundled_records(plan, units)
    by_text = tracking.aggregate(plan, units, records, "quarter", "2025-12-31")
    by_kind = tracking.aggregate(plan, units, records, PeriodKind.quarter, "2025-12-31")
    assert by_text.equals(by_kind)
    assert set(by_kind["period"]) <= {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"}
    with pytest.raises(project8.InvalidArgument, match=r"period: a kind of period was expected: one of month, "
                                                      r"quarter, half_year, year"):
        tracking.aggregate(plan, units, records, "quaterly", "2025-12-31")

    ledger = budget.bundled_ledger()
    assert ledger.summary("period", "2025-12-31", period=PeriodKind.half_year).equals(
        ledger.summary("period", "2025-12-31", period="half_year"))

    ws = workspace.Workspace.create(tmp_path / "ws.p8db", project8.data_dir() / "plans" / "tam-duong-2025" /
                                    "plan.yaml")
    typed = report.build(ws, "2025-12-31", ReportingPeriod.parse("2025-H1"))
    text = report.build(ws, "2025-12-31", "2025-H1")
    assert typed.to_json() == text.to_json()
    assert typed.to_json() != report.build(ws, "2025-12-31").to_json()
    with pytest.raises(project8.InvalidArgument, match=r"^period: "):
        report.build(ws, "2025-12-31", "2025-H3")
    with pytest.raises(project8.InvalidArgument, match=r"period: a reporting period was expected"):
        report.build(ws, "2025-12-31", 2025)  # type: ignore[arg-type]
