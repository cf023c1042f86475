"""project8.rules from Python: pandas and numpy in, DataFrames out, traces, pickling."""

from __future__ import annotations

import datetime as dt
import pickle
import textwrap

import numpy as np
import pandas as pd
import project8
import pytest
from project8.rules import RuleSet, bundled_rules

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return bundled_rules()


def population() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "sex": pd.Categorical(["F", "F", "M", "F", None], categories=["M", "F"]),
            "ethnicity": np.array([3, 1, 3, 25, 3], dtype=np.int64),
            "pregnant": pd.array([True, True, False, None, True], dtype="boolean"),
            "anc_visits": pd.array([6, 2, 0, 3, None], dtype="Int64"),
            "delivery": ["none", "normal", "none", "caesarean", None],
            "commune_region": np.array([3.0, 3.0, 1.0, 2.0, np.nan]),
            "village_especially_difficult": np.array([True, True, False, True, True]),
        }
    )


def test_evaluate_a_dataframe(rules: RuleSet) -> None:
    out = rules.evaluate(population(), AS_OF)
    assert list(out.columns) == [
        "id",
        "anc_travel_eligible", "anc_travel_amount", "anc_travel_reason",
        "delivery_support_eligible", "delivery_support_amount", "delivery_support_reason",
    ]
    assert out["anc_travel_amount"].dtype == np.int64
    assert out["anc_travel_eligible"].dtype == np.bool_
    assert isinstance(out["anc_travel_reason"].dtype, pd.CategoricalDtype)
    assert out["anc_travel_amount"].tolist() == [400000, 0, 0, 0, 0]
    assert out["anc_travel_reason"].tolist() == ["", "ethnic_minority", "female", "unknown:pregnant", "unknown:female"]
    assert out["delivery_support_reason"].tolist()[3] == ""
    assert out["delivery_support_amount"].tolist()[3] == 2400000


def test_numpy_dict_and_string_dates(rules: RuleSet) -> None:
    people = {name: population()[name].to_numpy() for name in population().columns}
    people["sex"] = np.array(["F", "F", "M", "F", None], dtype=object)
    people["pregnant"] = np.array([True, True, False, True, True])
    people["anc_visits"] = np.array([6, 2, 0, 3, 1], dtype=np.int32)
    out = rules.evaluate(people, "2025-06-30")
    assert out["anc_travel_amount"].tolist()[:2] == [400000, 0]
    assert out["anc_travel_amount"].tolist()[3] == 300000
    again = rules.evaluate(people, np.datetime64("2025-06-30"))
    pd.testing.assert_frame_equal(out, again)


def test_a_value_outside_the_declared_values_names_the_column_not_the_value(rules: RuleSet) -> None:
    df = population()
    df["delivery"] = ["none", "normal", "secret-value", "none", "none"]
    with pytest.raises(ValueError) as e:
        rules.evaluate(df, AS_OF)
    assert "column 'delivery' row 2" in str(e.value)
    assert "secret-value" not in str(e.value)


def test_missing_column_and_wrong_length(rules: RuleSet) -> None:
    df = population().drop(columns=["ethnicity"])
    with pytest.raises(KeyError, match="ethnicity"):
        rules.evaluate(df, AS_OF)
    people = {name: population()[name].to_numpy() for name in population().columns}
    people["ethnicity"] = np.array([3, 1], dtype=np.int64)
    with pytest.raises(ValueError, match="rows"):
        rules.evaluate(people, AS_OF)


def test_explain_by_id_and_row(rules: RuleSet) -> None:
    trace = rules.explain(population(), AS_OF, id="a")
    text = trace.to_text("en")
    assert "100000 * min(6, 4) = 400.000 đ" in text
    assert "NOT VERIFIED" in text
    assert trace.person == "a"
    assert "ĐỦ ĐIỀU KIỆN" in str(trace)
    assert rules.explain(population(), AS_OF, row=1).person == "b"
    with pytest.raises(LookupError):
        rules.explain(population(), AS_OF, id="zz")


def test_pickle_round_trip_evaluates_the_same(rules: RuleSet) -> None:
    copy = pickle.loads(pickle.dumps(rules))
    assert repr(copy) == repr(rules)
    pd.testing.assert_frame_equal(copy.evaluate(population(), AS_OF), rules.evaluate(population(), AS_OF))


def test_whatif_extending_to_kinh_women(rules: RuleSet) -> None:
    variant = RuleSet.from_yaml(rules.source_text.replace('when: "ethnicity != 1"', 'when: "ethnicity >= 1"'))
    table = rules.whatif(variant, population(), AS_OF)
    row = table.loc["anc_travel"]
    assert row["gained"] == 1 and row["lost"] == 0
    assert row["cost_difference"] == 200000
    assert row["gained_by_reason"] == [("ethnic_minority", 1)]


def test_rule_file_errors_carry_line_and_column() -> None:
    text = textwrap.dedent(
        """\
        schema: project8/rules/1
        name: bad
        inputs:
          sex: enum(F, M)
        packages:
          - id: p
            title: {vi: t}
            effective: {from: 2025-01-01}
            source: x
            conditions:
              - {id: c, when: "sex == 'X'"}
        """
    )
    with pytest.raises(project8.RuleError) as e:
        RuleSet.from_yaml(text, "bad.yaml")
    assert isinstance(e.value, ValueError)
    assert (e.value.file, e.value.line, e.value.column) == ("bad.yaml", 11, 31)
    assert "expected one of F, M" in str(e.value)


def test_the_bundled_tests_pass(rules: RuleSet) -> None:
    report = rules.run_tests()
    assert report.ok and report.passed == 10
    assert report.covered == len(report.coverage)


def test_parameters_are_dated(rules: RuleSet) -> None:
    assert rules.parameter_value("anc_travel_per_visit", "2025-01-01") == 100000
    with pytest.raises(LookupError):
        rules.parameter_value("anc_travel_per_visit", "2020-01-01")


def test_categorical_codes_are_borrowed_and_missing_codes_are_unknown(rules: RuleSet) -> None:
    df = population()
    df["sex"] = pd.Categorical(["F", None, "M", "F", "F"], categories=["F", "M"])  # the rules' own order
    df["delivery"] = pd.Categorical(["none", "normal", None, "caesarean", "home"],
                                    categories=["none", "normal", "caesarean", "home"])
    out = rules.evaluate(df, AS_OF)
    assert out["anc_travel_reason"].tolist()[:3] == ["", "unknown:female", "female"]
    assert out["delivery_support_reason"].tolist()[3] == ""
    assert out["delivery_support_amount"].tolist()[3] == 2400000


def test_explain_one_person_given_as_a_dict_or_a_row(rules: RuleSet) -> None:
    person = {"id": "x", "sex": "F", "ethnicity": 3, "pregnant": True, "anc_visits": 2, "delivery": "none",
              "commune_region": 3, "village_especially_difficult": None}
    trace = rules.explain(person, AS_OF)
    assert trace.person == "x"
    assert "100000 * min(2, 4)" in trace.to_text("en")
    series = population().iloc[0]
    assert rules.explain(series, AS_OF).to_text("en") == rules.explain(population(), AS_OF, row=0).to_text("en")


def test_dataframe_numpy_columns_are_borrowed_not_converted() -> None:
    """A DataFrame's numpy-backed int and bool columns go to the engine as they
    are (a regression: they once went through object arrays, 40x slower)."""
    import numpy as np
    import pandas as pd
    from project8.rules import _spec

    frame = pd.DataFrame({"n": np.arange(1000, dtype=np.int64), "b": np.arange(1000) % 2 == 0})
    n_spec = _spec("n", "int", [], frame["n"])
    b_spec = _spec("b", "bool", [], frame["b"])
    assert n_spec[2].dtype == np.int64 and np.shares_memory(n_spec[2], frame["n"].to_numpy())
    assert b_spec[2].dtype == np.uint8 and np.shares_memory(b_spec[2], frame["b"].to_numpy())


def test_nullable_columns_missing_none_or_some_and_sliced(rules: RuleSet) -> None:
    """pandas' masks of missing values are read by the library as they are (nothing or some missing, strided)."""
    df = population()
    full = df.copy()
    full["pregnant"] = pd.array([True, True, False, False, True], dtype="boolean")  # nothing missing
    full["anc_visits"] = pd.array([6, 2, 0, 3, 1], dtype="Int64")
    plain = full.copy()
    plain["pregnant"] = plain["pregnant"].astype(bool)
    plain["anc_visits"] = plain["anc_visits"].astype(np.int64)
    pd.testing.assert_frame_equal(rules.evaluate(full, AS_OF), rules.evaluate(plain, AS_OF))
    # every other row of a longer frame: the masks are not contiguous
    doubled = pd.concat([df, df]).sort_index(kind="stable").reset_index(drop=True)
    sliced = doubled.iloc[::2]
    out = rules.evaluate(sliced, AS_OF)
    assert out["anc_travel_reason"].tolist() == ["", "ethnic_minority", "female", "unknown:pregnant", "unknown:female"]
