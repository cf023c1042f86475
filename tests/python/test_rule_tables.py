"""Dated tables from Python: a rule set reading the unit registry's zone
classes on the evaluation date, through the lineage (tests/data/rule-tables/)."""

from __future__ import annotations

import json
import pathlib
import pickle

import numpy as np
import pandas as pd
import project8
import pytest
from project8.geo import Registry
from project8.rules import RuleSet

DATA = pathlib.Path(__file__).parents[2] / "tests" / "data" / "rule-tables"


@pytest.fixture()
def registry() -> Registry:
    return Registry.load(DATA / "units.yaml")


@pytest.fixture()
def people() -> pd.DataFrame:
    return pd.read_csv(DATA / "people.csv", dtype={"commune": "string", "id": "string"})


def test_region_on_a_date_through_the_lineage(registry: Registry, people: pd.DataFrame) -> None:
    rules = RuleSet.load(DATA / "rules.yaml", registry=registry)
    assert rules.tables == [("communes", "registry", ["region", "especially_difficult"])]
    assert rules.reads_registry and rules.is_unit_input("commune")
    assert ("commune", "unit") in rules.inputs
    before = rules.evaluate(people, "2025-06-30")
    assert before["travel_reason"].tolist() == [
        "region_3", "", "", "", "unknown:region_3", "unknown:region_3"]
    assert before["travel_amount"].tolist() == [0, 150000, 150000, 150000, 0, 0]
    after = rules.evaluate(people, "2025-09-01")
    # 03390 is now Xã Bình Lư, formed from a region-I and a region-III commune: no one class.
    assert after["travel_reason"].tolist() == [
        "unknown:region_3", "unknown:region_3", "", "unknown:region_3", "unknown:region_3",
        "unknown:region_3"]


def test_the_trace_cites_the_class(registry: Registry, people: pd.DataFrame) -> None:
    rules = RuleSet.load(DATA / "rules.yaml").with_registry(registry)
    trace = json.loads(rules.explain(people, "2025-09-01", id="c").to_json())
    cell = trace["packages"][0]["tables"][0]
    assert (cell["table"], cell["key"], cell["column"], cell["value"]) == (
        "communes", "03394", "region", "3")
    assert "Xã Sin Suối Hồ" in cell["note"]["vi"] and cell["sources"] == ["861/QĐ-TTg"]
    assert "Bảng communes['03394'].region = 3" in rules.explain(people, "2025-09-01", id="c").to_text("vi")


def test_without_a_registry_evaluation_says_what_is_missing(people: pd.DataFrame) -> None:
    rules = RuleSet.load(DATA / "rules.yaml")
    assert rules.registry is None
    with pytest.raises(project8.InvalidArgument, match="table 'communes' from the unit registry"):
        rules.evaluate(people, "2025-06-30")


def test_pickling_keeps_the_registry(registry: Registry, people: pd.DataFrame) -> None:
    rules = RuleSet.load(DATA / "rules.yaml", registry=registry)
    again = pickle.loads(pickle.dumps(rules))
    assert again.registry is not None
    pd.testing.assert_frame_equal(again.evaluate(people, "2025-09-01"),
                                  rules.evaluate(people, "2025-09-01"))


def test_an_input_default_fills_a_missing_column_and_missing_cells() -> None:
    rules = RuleSet.from_yaml(
        "schema: project8/rules/2\nname: d\ninputs:\n  pregnant: {type: bool, default: false}\n"
        "  visits: {type: int, default: 0}\npackages:\n  - id: p\n    title: {vi: t}\n"
        "    effective: {from: 2020-01-01}\n    source: x\n    conditions:\n"
        "      - {id: pregnant, when: \"pregnant\"}\n    amount: \"100000 * visits\"\n")
    # No `visits` column; a missing `pregnant` is False, never unknown.
    out = rules.evaluate(pd.DataFrame({"pregnant": pd.array([True, None, False], dtype="boolean")}),
                         "2025-06-30")
    assert out["p_reason"].tolist() == ["", "pregnant", "pregnant"]
    assert out["p_amount"].tolist() == [0, 0, 0]


def test_a_file_table_reads_the_row_in_force() -> None:
    rules = RuleSet.load(DATA / "lines.yaml")
    assert rules.tables == [("lines", "file", ["line"])]
    people = pd.DataFrame({"id": ["a", "b"], "area": pd.Categorical(["rural", "urban"]),
                           "income_month": [1_800_000, 1_800_000]})
    assert rules.evaluate(people, "2025-06-30")["support_reason"].tolist() == ["below_line", ""]
    assert rules.evaluate(people, "2026-03-01")["support_amount"].tolist() == [200_000, 200_000]
    again = pickle.loads(pickle.dumps(rules))  # read again from the rule file's folder
    assert again.evaluate(people, "2026-03-01")["support_amount"].tolist() == [200_000, 200_000]


def test_a_decimal_parameter_reads_as_a_decimal_and_amounts_round_as_written() -> None:
    import decimal
    rules = RuleSet.from_yaml(
        "schema: project8/rules/2\nname: d\ninputs:\n  children: int\nparameters:\n  rate:\n"
        "    unit: ratio\n    values:\n      - {from: 2022-01-01, value: 0.7, source: x, status: provisional}\n"
        "packages:\n  - id: p\n    title: {vi: t}\n    effective: {from: 2022-01-01}\n    source: x\n"
        "    conditions: []\n    amount: \"round(rate * 1000000 * children, 1000)\"\n")
    assert rules.parameter_value("rate", "2025-01-01") == decimal.Decimal("0.7")
    out = rules.evaluate(pd.DataFrame({"children": [3, 1]}), "2025-06-30")
    assert out["p_amount"].tolist() == [2_100_000, 700_000]


def test_dates_in_any_datetime64_unit_give_the_same_days() -> None:
    rules = RuleSet.from_yaml(
        "schema: project8/rules/1\nname: a\ninputs:\n  birth_date: date\npackages:\n  - id: p\n"
        "    title: {vi: t}\n    effective: {from: 2020-01-01}\n    source: x\n    conditions:\n"
        "      - {id: adult, when: \"age_years(birth_date) >= 18\"}\n    amount: \"days_between(birth_date, as_of)\"\n")
    days = np.array(["1950-12-31", "1969-12-31", "1970-01-01", "2007-06-30", "2007-07-01", "NaT"],
                    dtype="datetime64[D]")
    expected = rules.evaluate({"birth_date": days}, "2025-06-30")
    for unit in ("s", "ms", "us", "ns"):
        got = rules.evaluate(pd.DataFrame({"birth_date": days.astype(f"datetime64[{unit}]")}), "2025-06-30")
        pd.testing.assert_frame_equal(got, expected)
    assert expected["p_reason"].tolist() == ["", "", "", "", "adult", "unknown:adult"]
    moments = pd.DataFrame({"birth_date": pd.to_datetime(["2000-01-01 00:00", "2000-01-02 08:30"])})
    with pytest.raises(project8.InvalidArgument, match="row 1: a date was expected, found a moment"):
        rules.evaluate(moments, "2025-06-30")
