"""Households from Python: ``evaluate({"person": df, "household": df}, as_of)``
gives a dict of results by entity; explain by entity; errors name rows
(tests/data/rule-households/)."""

from __future__ import annotations

import pathlib
import pickle

import pandas as pd
import project8
import pytest
from project8.rules import RuleSet

DATA = pathlib.Path(__file__).parents[2] / "tests" / "data" / "rule-households"


@pytest.fixture()
def rules() -> RuleSet:
    return RuleSet.load(DATA / "rules.yaml")


@pytest.fixture()
def both(rules: RuleSet) -> dict[str, pd.DataFrame]:
    homes = rules.read_households(DATA / "households.csv")
    homes.index = pd.Index([f"row{i}" for i in range(len(homes))])
    return {"person": rules.read_population(DATA / "people.csv"), "household": homes}


def test_results_by_entity(rules: RuleSet, both: dict[str, pd.DataFrame]) -> None:
    assert rules.has_households and rules.household_key == "household_id"
    assert [p.entity for p in rules.packages] == ["household", "person"]
    assert ("income_month", "int") in rules.household_inputs
    out = rules.evaluate(both, "2025-06-30")
    assert set(out) == {"person", "household"}
    homes = out["household"]
    assert list(homes.index) == ["row0", "row1", "row2", "row3"]  # indexed as the input
    assert homes["household_id"].tolist() == ["H1", "H2", "H3", "H4"]
    assert homes["household_support_reason"].tolist() == ["", "poor", "unknown:poor", "young_children"]
    assert homes["household_support_amount"].tolist() == [700000, 0, 0, 0]
    persons = out["person"]
    assert persons["id"].tolist() == [f"P{i}" for i in range(1, 9)]
    assert persons["anc_travel_reason"].tolist() == [
        "", "female", "age", "poor_household", "female", "unknown:poor_household", "unknown:age", "age"]
    assert "household_support_amount" not in persons
    # Members in any order: the same decisions, each on its own row.
    shuffled = both["person"].iloc[::-1].reset_index(drop=True)
    again = rules.evaluate({"person": shuffled, "household": both["household"]}, "2025-06-30")
    assert again["person"]["anc_travel_reason"].tolist()[::-1] == persons["anc_travel_reason"].tolist()
    assert again["household"]["household_support_amount"].tolist() == [700000, 0, 0, 0]
    # Pickled (as Dask ships it), the rule set decides the same.
    assert pickle.loads(pickle.dumps(rules)).evaluate(both, "2025-06-30")["household"].equals(homes)


def test_explain_a_household_and_a_person(rules: RuleSet, both: dict[str, pd.DataFrame]) -> None:
    t = rules.explain(both, "2025-06-30", id="H1", entity="household")
    assert t.entity == "household" and t.person == "H1"
    text = t.to_text("en")
    assert "household, row 1" in text and "round(0.7 * 1000000 * 1, 1000)" in text
    p = rules.explain(both, "2025-06-30", id="P4")
    assert p.entity == "person" and p.row == 3
    assert '"entity": "person"' in p.to_json()


def test_mistakes_are_named(rules: RuleSet, both: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(project8.InvalidArgument, match="declares households: pass"):
        rules.evaluate(both["person"], "2025-06-30")
    stray = both["person"].copy()
    stray.loc[2, "household_id"] = "H9"
    with pytest.raises(project8.InvalidArgument, match="person row 3: household_id 'H9' names no household row"):
        rules.evaluate({"person": stray, "household": both["household"]}, "2025-06-30")
    plain = project8.rules.bundled_rules()
    with pytest.raises(project8.InvalidArgument, match="declares no households"):
        plain.evaluate({"person": both["person"], "household": both["household"]}, "2025-06-30")
    with pytest.raises(project8.InvalidArgument, match="declares no households"):
        plain.read_households(DATA / "households.csv")


def test_the_bundled_poverty_classification() -> None:
    rules = project8.rules.bundled_rules("poverty-decree-07-2021")
    assert rules.has_households and rules.run_tests().ok
    homes = pd.DataFrame({"household_id": ["A", "B", "C"], "area": ["rural", "urban", "rural"],
                          "income_month": [6_000_000, 3_900_000, None], "deprivations": [2, 4, 5]})
    homes["area"] = homes["area"].astype(pd.CategoricalDtype(["rural", "urban"]))
    homes["income_month"] = homes["income_month"].astype("Int64")
    persons = pd.DataFrame({"id": list("abcdefg"), "household_id": list("AAAABBC")})
    out = rules.evaluate({"person": persons, "household": homes}, "2025-06-30")["household"]
    assert out["poor_reason"].tolist() == ["deprived", "", "unknown:low_income"]
    assert out["near_poor_eligible"].tolist() == [True, False, False]


def test_polars_frames_in(rules: RuleSet, both: dict[str, pd.DataFrame]) -> None:
    import polars as pl
    homes = pl.read_csv(DATA / "households.csv").with_columns(pl.col("area").cast(pl.Enum(["rural", "urban"])))
    people = pl.read_csv(DATA / "people.csv", try_parse_dates=True).with_columns(
        pl.col("sex").cast(pl.Enum(["F", "M"])))
    out = rules.evaluate({"person": people, "household": homes}, "2025-06-30")
    expected = rules.evaluate(both, "2025-06-30")
    assert out["household"]["household_support_reason"].tolist() == \
        expected["household"]["household_support_reason"].tolist()
    assert out["person"]["anc_travel_reason"].tolist() == expected["person"]["anc_travel_reason"].tolist()


def test_whatif_with_households(rules: RuleSet, both: dict[str, pd.DataFrame]) -> None:
    text = rules.source_text.replace('deprivations >= 3"', 'deprivations >= 2"').replace("value: 0.7,", "value: 0.8,")
    variant = RuleSet.from_yaml(text, "variant.yaml")
    out = rules.whatif(variant, both, "2025-06-30")
    assert out.loc["household_support", "entity"] == "household"
    assert out.loc["household_support", "cost_difference"] == 100000
    assert out.loc["anc_travel", "entity"] == "person"
    with pytest.raises(project8.InvalidArgument, match="declares households"):
        rules.whatif(variant, both["person"], "2025-06-30")
