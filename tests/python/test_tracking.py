"""project8.tracking from Python: records from CSV or a DataFrame, progress and aggregations as DataFrames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import project8
import pytest
from project8 import tracking
from project8.geo import bundled_registry
from project8.plan import bundled_plan


@pytest.fixture(scope="module")
def setup():
    plan, units = bundled_plan(), bundled_registry()
    return plan, units, tracking.bundled_records(plan, units)


def test_progress_frame(setup) -> None:
    plan, units, records = setup
    frame = tracking.progress(plan, units, records, dt.date(2025, 12, 31))
    assert list(frame.index) == ["T1", "T2", "T3"]
    assert frame.loc["T3", "achieved"] == 7 and frame.loc["T3", "status"] == "behind"
    assert frame.loc["T1", "aggregation"] == "count_distinct"
    by_unit = tracking.progress(plan, units, records, "2025-12-31", by_unit=True)
    assert set(by_unit["unit"]) >= {"03390", "03405"}


def test_records_from_a_dataframe_are_checked_with_every_problem(setup) -> None:
    plan, units, _ = setup
    df = pd.DataFrame({"date": ["2025-03-12", "2025-03-13"], "unit": ["03412", "03412"], "target": ["T3", "T9"],
                       "quantity": [1, 1], "female": [10, None], "male": [5, None]})
    with pytest.raises(project8.ValidationError) as e:
        tracking.records_from_frame(df, plan, units)
    assert "'T9' is neither a target nor an activity" in str(e.value)
    ok = tracking.records_from_frame(df.iloc[:1], plan, units)
    assert len(ok) == 1
    assert tracking.progress(plan, units, ok, "2025-12-31").loc["T3", "female"] == 10


def test_aggregate_and_quality(setup) -> None:
    plan, units, records = setup
    cells = tracking.aggregate(plan, units, records, "quarter", "2025-12-31")
    t3 = cells[cells["target"] == "T3"].set_index("period")
    assert t3["year_to_date"].tolist() == [1, 4, 6, 7]
    issues = tracking.quality(plan, units, records, tracking.bundled_calendar())
    assert set(issues["kind"]) == {"late", "scope_ambiguous", "missing_disaggregation"}
    scope = tracking.scope_issues(plan, units, records)
    assert scope["kind"].tolist() == ["scope_ambiguous", "scope_ambiguous"]


def test_calendar_due_dates() -> None:
    cal = tracking.bundled_calendar()
    due = cal.due_dates(2025, "commune")
    assert due[0][0] == "commune_to_district" and due[0][3] == dt.date(2025, 9, 14)
    assert cal.instrument == "01/2022/TT-UBDT"


def test_aggregate_frame_matches_the_record_aggregation(setup) -> None:
    plan, units, records = setup
    rows = [{"date": r.date, "unit": r.unit, "target": r.target, "quantity": r.quantity,
             "entity_id": r.entity_id or None} for r in records.records]
    frame = pd.DataFrame(rows)
    for period in ("month", "quarter", "year"):
        for by_unit in (False, True):
            fast = tracking.aggregate_frame(plan, units, frame, period, "2025-12-31", by_unit=by_unit)
            slow = tracking.aggregate(plan, units, records, period, "2025-12-31", by_unit=by_unit)
            pd.testing.assert_frame_equal(fast.reset_index(drop=True), slow.reset_index(drop=True), check_dtype=False)
    fast = tracking.aggregate_frame(plan, units, frame, "quarter", "2025-12-31")
    assert fast.attrs["scope_ambiguous"] == 2
    frame.loc[0, "target"] = "T9"
    with pytest.raises(project8.ValidationError, match="'T9' is neither"):
        tracking.aggregate_frame(plan, units, frame, "quarter", "2025-12-31")


def test_role_counts_and_agency_from_a_dataframe(setup) -> None:
    plan, units, _ = setup
    df = pd.DataFrame({"date": ["2025-03-12"], "unit": ["03412"], "target": ["T2"], "quantity": [1],
                       "role_village_head": [7], "agency": ["district_womens_union"]})
    records = tracking.records_from_frame(df, plan, units)
    issues = tracking.quality(plan, units, records, lang="en")
    assert "expects role" not in " ".join(issues["message"])
    bad = df.assign(agency=["nobody"])
    with pytest.raises(project8.ValidationError, match="not an agency"):
        tracking.records_from_frame(bad, plan, units)
