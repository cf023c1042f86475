"""Records as schemas from Python: the frames' columns are the declared fields."""

from __future__ import annotations

import pathlib

import pandas as pd
import project8
import pytest
from project8 import budget, tracking
from project8.geo import bundled_registry
from project8.plan import bundled_plan
from project8.workspace import Workspace, record_fields

DATA = project8.data_dir()


@pytest.mark.parametrize("kind", ["records", "payments", "ledger"])
def test_every_record_type_declares_its_fields_once(kind: str) -> None:
    fields = record_fields(kind)
    names = [f["name"] for f in fields]
    assert len(names) == len(set(names)) and names
    assert all(f["meaning_vi"] and f["meaning_en"] for f in fields)
    assert {f["kind"] for f in fields} <= {"text", "integer", "money", "date", "enumeration"}


def test_record_fields_of_a_population_or_an_unknown_kind_are_refused() -> None:
    with pytest.raises(project8.InvalidArgument, match="inputs"):
        record_fields("population")
    with pytest.raises(project8.InvalidArgument, match="records, payments, ledger or population"):
        record_fields("people")


def test_payment_frames_have_the_declared_columns_then_the_line(tmp_path: pathlib.Path) -> None:
    names = [f["name"] for f in record_fields("payments")] + ["line"]
    loaded = budget.load_payments(DATA / "budget" / "tam-duong-2025-payments-synthetic.csv")
    assert list(loaded.columns) == names
    assert loaded["line"].iloc[0] == 2 and loaded["amount"].dtype == "int64"
    assert str(loaded["date"].dtype) == "datetime64[s]" or str(loaded["date"].dtype).startswith("datetime64")
    ws = Workspace.create(tmp_path / "ws.p8db", DATA / "plans" / "tam-duong-2025" / "plan.yaml")
    ws.import_file("payments", DATA / "budget" / "tam-duong-2025-payments-synthetic.csv")
    stored = ws.payments()
    assert list(stored.columns) == names
    pd.testing.assert_frame_equal(stored, loaded)


def test_a_payment_without_an_id_is_missing_not_an_empty_text(tmp_path: pathlib.Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("person_id,package,date,amount\ns1,anc_travel,2025-03-01,100\n", encoding="utf-8")
    frame = budget.load_payments(f)
    assert frame["payment_id"].isna().all() and frame["episode_id"].isna().all()


def test_records_frame_has_the_declared_columns_the_counts_and_the_line() -> None:
    plan, units = bundled_plan(), bundled_registry()
    records = tracking.bundled_records(plan, units)
    frame = tracking.records_frame(records)
    declared = [f["name"] for f in record_fields("records")]
    assert list(frame.columns[: len(declared)]) == declared
    assert frame.columns[-1] == "line"
    extra = list(frame.columns[len(declared):-1])
    assert extra == sorted(extra) and all(c.startswith(("age_", "role_")) for c in extra)
    assert len(frame) == len(records) and frame["quantity"].sum() == sum(r.quantity for r in records.records)


def test_ledger_entries_have_the_declared_columns_then_line_and_carried_over() -> None:
    ledger = budget.bundled_ledger()
    frame = ledger.entries()
    assert list(frame.columns) == [f["name"] for f in record_fields("ledger")] + ["line", "carried_over"]
    assert frame["amount"].dtype == "int64" and frame["carried_over"].dtype == bool
    assert len(frame) == len(ledger) and frame["line"].min() == 2
    closed = budget.Ledger().add_frame(ledger.carry_over(2025))
    assert closed.entries()["carried_over"].all() and (closed.entries()["year"] == 2026).all()


def test_ledger_summaries_and_weights_take_the_day_explicitly() -> None:
    with pytest.raises(TypeError):
        budget.bundled_ledger().summary("unit")  # type: ignore[call-arg]


def test_records_from_a_frame_follow_the_declared_fields_naming_column_and_row() -> None:
    plan, units = bundled_plan(), bundled_registry()
    good = pd.DataFrame({"date": ["2025-03-12"], "unit": ["03412"], "target": ["T3"], "quantity": [2],
                         "note": ["ok"], "filed": [pd.Timestamp("2025-03-20")]})
    records = tracking.records_from_frame(good, plan, units)
    assert records.records[0].quantity == 2 and tracking.records_frame(records)["note"].tolist() == ["ok"]
    with pytest.raises(project8.InvalidArgument, match=r"column 'quantity' row 1: a value is required"):
        tracking.records_from_frame(pd.concat([good, good.assign(quantity=[None])], ignore_index=True), plan, units)
    with pytest.raises(project8.InvalidArgument, match=r"column 'quantity' row 0: a whole number"):
        tracking.records_from_frame(good.assign(quantity=[1.5]), plan, units)
    with pytest.raises(project8.InvalidArgument, match=r"column 'date' row 0: a date was expected"):
        tracking.records_from_frame(good.assign(date=[pd.Timestamp("2025-03-12 09:00")]), plan, units)
