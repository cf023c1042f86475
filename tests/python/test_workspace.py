"""project8.workspace and project8.report from Python."""

from __future__ import annotations

import json
import pathlib

import project8
import pytest
from project8 import report
from project8.workspace import Workspace

DATA = project8.data_dir()
PLAN = DATA / "plans" / "tam-duong-2025" / "plan.yaml"


def test_workspace_round_trip_and_report(tmp_path: pathlib.Path) -> None:
    ws = Workspace.create(tmp_path / "ws.p8db", PLAN)
    assert ws.import_file("records", DATA / "records" / "tam-duong-2025-synthetic.csv")["rows"] == 13
    assert ws.import_file("payments", DATA / "budget" / "tam-duong-2025-payments-synthetic.csv")["rows"] == 193
    assert ws.import_file("population", DATA / "budget" / "tam-duong-2025-population-synthetic.csv")["rows"] == 400
    with pytest.raises(project8.ValidationError, match=r"bad\.csv:3"):
        bad = tmp_path / "bad.csv"
        bad.write_text("date,unit,stage,amount\n2025-01-01,106,allocated,5\n2025-01-02,106,committed,9\n",
                       encoding="utf-8")
        ws.import_file("ledger", bad)
    again = Workspace.open(tmp_path / "ws.p8db")
    assert len(again.records()) == 13 and len(again.ledger()) == 0
    people = again.population()
    assert len(people) == 400 and {"id", "commune", "sex"} <= set(people.columns)
    assert again.payments()["amount"].sum() == 65_600_000
    assert list(again.imports()["kind"]) == ["records", "payments", "population"]
    doc = report.build(again, "2025-12-31", period="2025")
    tables = doc.tables("en")
    assert list(tables["targets"]["Id"]) == ["T1", "T2", "T3"]
    assert (tables["packages"]["Eligible persons"] == "<5").any()
    doc.write_xlsx(tmp_path / "r.xlsx", "en")
    assert (tmp_path / "r.xlsx").stat().st_size > 5000
    assert json.loads(doc.to_json())["suppress_below"] == 5
    with pytest.raises(project8.InvalidArgument, match="already exists"):
        Workspace.create(tmp_path / "ws.p8db", PLAN)
