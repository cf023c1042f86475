"""Officers' files from Python: workbooks, legacy encodings and semicolons read
by RuleSet.read_population and Workspace.import_file as by the command line."""

from __future__ import annotations

import datetime as dt
import pathlib
import subprocess

import project8
import pytest
from project8.rules import bundled_rules

AS_OF = dt.date(2025, 6, 30)
HEADER = ["id", "sex", "ethnicity", "pregnant", "anc_visits", "delivery", "commune_region",
          "village_especially_difficult"]
ROWS = [["P1", "F", "3", "có", "4", "none", "3", "x"], ["P2", "F", "3", "không", "4", "none", "3", "x"]]


def _text(delimiter: str = ",") -> str:
    return "".join(delimiter.join(r) + "\r\n" for r in [HEADER, *ROWS])


def test_a_workbook_below_its_title_is_read_and_its_errors_name_sheet_and_cell(tmp_path: pathlib.Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH PHỤ NỮ MANG THAI - XÃ BÌNH LƯ"])
    ws.append(HEADER)
    for r in ROWS:
        ws.append([int(c) if c.isdigit() else c for c in r])
    path = tmp_path / "people.xlsx"
    wb.save(path)
    people = bundled_rules().read_population(path)
    assert people["pregnant"].tolist() == [True, False]
    out = bundled_rules().evaluate(people, AS_OF)
    assert out["anc_travel_eligible"].tolist() == [True, False]
    ws["E4"] = "bốn"
    wb.save(path)
    with pytest.raises(project8.ParseError) as e:
        bundled_rules().read_population(path, sheet="Danh sách")
    assert e.value.sheet == "Danh sách" and e.value.line == 4 and e.value.column == 5
    assert "people.xlsx:Danh sách!E4: anc_visits: expected an integer" in str(e.value)
    with pytest.raises(project8.ParseError, match="no sheet named 'Sheet1'"):
        bundled_rules().read_population(path, sheet="Sheet1")


def test_legacy_encodings_and_semicolons_are_read_when_asked_and_named_when_not(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(subprocess.run(["iconv", "-f", "UTF-8", "-t", "CP1258"], input=_text(";").encode(),
                                    capture_output=True, check=True).stdout)
    with pytest.raises(project8.ParseError, match=r"it looks like Windows-1258.*--encoding windows-1258"):
        bundled_rules().read_population(path)
    people = bundled_rules().read_population(path, encoding="windows-1258")
    assert people["pregnant"].tolist() == [True, False]
    with pytest.raises(project8.InvalidArgument, match="text encoding"):
        bundled_rules().read_population(path, encoding="latin-9")
    with pytest.raises(project8.InvalidArgument, match="a delimiter is"):
        bundled_rules().read_population(path, delimiter="|")


def test_a_workspace_import_says_what_it_normalised(tmp_path: pathlib.Path) -> None:
    from project8 import workspace

    records = project8.data_dir() / "records" / "tam-duong-2025-synthetic.csv"
    path = tmp_path / "records.csv"
    path.write_bytes(records.read_text(encoding="utf-8").replace(",", "\t").encode("utf-16"))
    ws = workspace.Workspace.create(tmp_path / "ws.p8db", project8.data_dir() / "plans" / "tam-duong-2025" / "plan.yaml")
    r = ws.import_file("records", path, lang="en")
    assert r["rows"] == 13
    assert r["normalised"] == ["encoding: UTF-16 LE (found from its byte-order mark), byte-order mark dropped",
                               "delimiter: tab (found from the header line)"]


def test_a_workspace_import_counts_the_days_written_day_first(tmp_path: pathlib.Path) -> None:
    import re

    from project8 import workspace

    records = project8.data_dir() / "records" / "tam-duong-2025-synthetic.csv"
    text = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", r"\3/\2/\1", records.read_text(encoding="utf-8"))
    path = tmp_path / "records.csv"
    path.write_text(text, encoding="utf-8")
    ws = workspace.Workspace.create(tmp_path / "ws.p8db", project8.data_dir() / "plans" / "tam-duong-2025" / "plan.yaml")
    r = ws.import_file("records", path, lang="en")
    assert r["rows"] == 13
    said = "13 cells in another accepted form (day first, or yes/no, có/không, x)"
    assert r["normalised"] == [f"column date: {said}", f"column filed: {said}"]
