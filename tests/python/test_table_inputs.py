"""One conversion path for every table a function takes: numpy-backed, nullable and
pyarrow-backed pandas columns, object columns with pd.NA, pyarrow Tables, polars
DataFrames and DuckDB relations give the same decisions; a value that cannot be
represented is a ValidationError naming the column and the first bad row."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import project8
import pytest
from project8.rules import bundled_rules

AS_OF = dt.date(2025, 6, 30)
N = 7


def reference(missing: bool) -> pd.DataFrame:
    """Plain numpy columns (object for the ones with missing values)."""
    frame = pd.DataFrame({
        "id": [f"p{i}" for i in range(N)],
        "sex": ["F", "F", "M", "F", "F", "F", "F"],
        "ethnicity": np.array([3, 1, 3, 3, 5, 3, 3], dtype=np.int64),
        "pregnant": np.array([True, True, False, True, False, True, True]),
        "anc_visits": np.array([4, 0, 2, 7, 4, 1, 3], dtype=np.int64),
        "delivery": ["none", "none", "home", "normal", "caesarean", "none", "home"],
        "commune_region": np.array([3, 3, 2, 1, 3, 3, 3], dtype=np.int64),
        "village_especially_difficult": np.array([True, False, True, True, True, False, True]),
    })
    if missing:
        frame["anc_visits"] = pd.Series([4, None, 2, 7, None, 1, 3], dtype=object)
        frame["pregnant"] = pd.Series([True, None, False, True, False, None, True], dtype=object)
        frame["ethnicity"] = pd.Series([3, 1, None, 3, 5, 3, 3], dtype=object)
    return frame


def families(frame: pd.DataFrame) -> dict[str, object]:
    import duckdb
    import polars as pl
    import pyarrow as pa

    nullable = frame.convert_dtypes(dtype_backend="numpy_nullable")
    arrow = frame.convert_dtypes(dtype_backend="pyarrow")
    with_na = frame.astype(object).where(frame.notna(), pd.NA)
    table = pa.Table.from_pandas(nullable, preserve_index=False)
    return {
        "nullable": nullable,
        "pyarrow-backed": arrow,
        "object with pd.NA": with_na,
        "pyarrow Table": table,
        "polars": pl.from_arrow(table),
        "duckdb relation": duckdb.from_arrow(table),
        "dict of lists": {k: [None if v is pd.NA or v is None else v for v in frame[k].tolist()] for k in frame},
    }


@pytest.mark.parametrize("missing", [False, True])
def test_every_table_family_gives_the_decisions_of_plain_numpy_columns(missing: bool) -> None:
    rules = bundled_rules()
    expected = rules.evaluate(reference(missing), AS_OF)
    assert (expected.filter(like="_reason").astype(str).apply(lambda c: c.str.startswith("unknown")).any().any()
            == missing)  # the missing values matter to the decisions
    for name, data in families(reference(missing)).items():
        got = rules.evaluate(data, AS_OF)
        assert got["id"].tolist() == expected["id"].tolist(), name  # the ids as the input holds them
        pd.testing.assert_frame_equal(got.drop(columns="id").reset_index(drop=True),
                                      expected.drop(columns="id").reset_index(drop=True), obj=name)


@pytest.mark.parametrize(("column", "values", "what"), [
    ("anc_visits", np.array([4, 2**64 - 1, 3, 1, 1, 1, 1], dtype=np.uint64), "out of range"),
    ("anc_visits", [4.0, np.inf, 3.0, 1.0, 1.0, 1.0, 1.0], "an infinity"),
    ("anc_visits", [4.0, 1e30, 3.0, 1.0, 1.0, 1.0, 1.0], "out of range"),
    ("anc_visits", [4.0, 2.5, 3.0, 1.0, 1.0, 1.0, 1.0], "a fraction"),
    ("anc_visits", pd.Series([4, "bốn", 3, 1, 1, 1, 1], dtype=object), "a text that is not one"),
    ("anc_visits", pd.Series([4, 2**70, 3, 1, 1, 1, 1], dtype=object), "out of range"),
    ("anc_visits", pd.Series([4, True, 3, 1, 1, 1, 1], dtype=object), "a boolean"),
    ("pregnant", pd.Series([True, "maybe", 1, 1, 1, 1, 1], dtype=object), "true or false"),
    ("sex", ["F", "X", "F", "F", "F", "F", "F"], "not one of F, M"),
])
def test_a_value_that_cannot_be_represented_names_column_and_row(column: str, values: object, what: str) -> None:
    frame = reference(False)
    frame[column] = values
    with pytest.raises(project8.InvalidArgument, match=rf"column '{column}' row 1: .*{what}") as e:
        bundled_rules().evaluate(frame, AS_OF)
    assert "bốn" not in str(e.value) and "maybe" not in str(e.value)  # the value is not quoted
    if column != "pregnant":
        assert isinstance(e.value, project8.ValidationError) and e.value.field == column and e.value.row == 1


def test_missing_ids_stay_missing_never_the_text_na() -> None:
    frame = reference(False)
    frame["id"] = pd.array(["a", None, "c", "d", "e", "f", "g"], dtype="string[pyarrow]")
    trace = bundled_rules().explain(frame, AS_OF, row=1)
    assert "<NA>" not in str(trace)


def arrow_families(table: object) -> dict[str, object]:
    import polars as pl
    import pyarrow as pa

    assert isinstance(table, pa.Table)
    half = table.num_rows // 2
    return {"pyarrow Table": table, "polars": pl.from_arrow(table),
            "two record batches": pa.concat_tables([table.slice(0, half), table.slice(half)])}


@pytest.mark.parametrize(("column", "values", "what"), [
    ("anc_visits", "uint64", "out of range"),
    ("anc_visits", "fraction", "a fraction"),
    ("sex", "undeclared", "not one of F, M"),
    ("pregnant", "maybe", "true or false"),
])
def test_arrow_input_values_that_cannot_be_represented_name_column_and_row(column: str, values: str,
                                                                           what: str) -> None:
    import pyarrow as pa

    frame = reference(False)
    arrays = {
        "uint64": pa.array([4, 2**64 - 1, 3, 1, 1, 1, 1], pa.uint64()),
        "fraction": pa.array([4.0, 2.5, 3.0, 1.0, 1.0, 1.0, 1.0]),
        "undeclared": pa.array(["F", "X", "F", "F", "F", "F", "F"]).dictionary_encode(),
        "maybe": pa.array(["có", "maybe", "không", "x", "no", "yes", "1"]),
    }
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.set_column(table.column_names.index(column), column, arrays[values])
    for name, data in arrow_families(table).items():
        with pytest.raises(project8.ValidationError, match=rf"column '{column}' row 1: .*{what}") as e:
            bundled_rules().evaluate(data, AS_OF)
        assert (e.value.field, e.value.row) == (column, 1), name
        assert "maybe" not in str(e.value) and "'X'" not in str(e.value)  # the value is not quoted


def test_arrow_texts_decide_as_the_csv_reader_reads_them() -> None:
    import pyarrow as pa

    frame = reference(False)
    expected = bundled_rules().evaluate(frame, AS_OF)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    words = ["có" if v else "Không" for v in frame["pregnant"]]
    table = table.set_column(table.column_names.index("pregnant"), "pregnant", pa.array(words))
    table = table.set_column(table.column_names.index("sex"), "sex", pa.array(frame["sex"].tolist()))
    for name, data in arrow_families(table).items():
        got = bundled_rules().evaluate(data, AS_OF)
        pd.testing.assert_frame_equal(got.drop(columns="id"), expected.drop(columns="id"), obj=name)


@pytest.mark.parametrize("missing", [False, True])
def test_results_leave_as_arrow_polars_and_duckdb(missing: bool) -> None:
    import duckdb
    import polars as pl
    import pyarrow as pa

    rules = bundled_rules()
    expected = rules.evaluate(reference(missing), AS_OF)
    for name, data in families(reference(missing)).items():
        out = rules.evaluate(data, AS_OF, output="arrow")
        assert len(out) == N and out.column_names == list(expected.columns), name
        table = out.to_arrow()
        assert table.schema.field("anc_travel_amount").type == pa.int64()
        assert pa.types.is_dictionary(table.schema.field("anc_travel_reason").type)
        assert table.column("id").to_pylist() == expected["id"].tolist(), name
        for column in expected.columns.drop("id"):
            assert table.column(column).to_pylist() == expected[column].astype(object).tolist(), (name, column)
        assert pl.DataFrame(out)["anc_travel_amount"].to_list() == expected["anc_travel_amount"].tolist()
        result = out  # noqa: F841  (DuckDB finds it by name)
        total = duckdb.sql("select sum(anc_travel_amount) from result").fetchall()
        assert total == [(expected["anc_travel_amount"].sum(),)]
        pd.testing.assert_frame_equal(out.to_pandas().drop(columns="id"), expected.drop(columns="id"), obj=name)
    with pytest.raises(project8.InvalidArgument, match="output must be"):
        rules.evaluate(reference(False), AS_OF, output="csv")


def test_households_from_arrow_and_out_as_arrow() -> None:
    import pathlib

    import pyarrow as pa
    from project8.rules import RuleSet

    data = pathlib.Path(__file__).parents[2] / "tests" / "data" / "rule-households"
    rules = RuleSet.load(data / "rules.yaml")
    both = {"person": rules.read_population(data / "people.csv"),
            "household": rules.read_households(data / "households.csv")}
    expected = rules.evaluate(both, "2025-06-30")
    arrow = {k: pa.Table.from_pandas(v, preserve_index=False) for k, v in both.items()}
    persons = arrow["person"]
    assert pa.types.is_timestamp(persons.schema.field("birth_date").type)  # pandas' datetime64[s]
    as_days = persons.set_column(persons.column_names.index("birth_date"), "birth_date",
                                 persons.column("birth_date").cast(pa.date32()))
    for people in (persons, as_days):  # timestamps without a time of day, and date32
        got = rules.evaluate({"person": people, "household": arrow["household"]}, "2025-06-30")
        for entity in ("person", "household"):
            pd.testing.assert_frame_equal(got[entity].reset_index(drop=True),
                                          expected[entity].reset_index(drop=True), obj=entity, check_dtype=False)
    out = rules.evaluate(arrow, "2025-06-30", output="arrow")
    homes = out["household"].to_arrow()
    assert homes.column("household_id").to_pylist() == expected["household"]["household_id"].tolist()
    assert homes.column("household_support_amount").to_pylist() == [700000, 0, 0, 0]


def test_polars_categoricals_and_enums_in_any_order() -> None:
    import polars as pl

    frame = reference(False)
    expected = bundled_rules().evaluate(frame, AS_OF)
    texts = pl.from_pandas(frame)
    pl.Series(["zzz", "M", "home", "F"], dtype=pl.Categorical)  # other texts in polars' categories first
    categorical = texts.with_columns(pl.col("sex").cast(pl.Categorical), pl.col("delivery").cast(pl.Categorical))
    enum = texts.with_columns(pl.col("sex").cast(pl.Enum(["M", "F"])),
                              pl.col("delivery").cast(pl.Enum(["home", "none", "normal", "caesarean"])))
    for name, data in {"categorical": categorical, "enum": enum}.items():
        got = bundled_rules().evaluate(data, AS_OF)
        pd.testing.assert_frame_equal(got.drop(columns="id"), expected.drop(columns="id"), obj=name)
    odd = texts.with_columns(pl.Series("sex", ["F", "X", "F", "F", "F", "F", "F"], dtype=pl.Enum(["F", "M", "X"])))
    with pytest.raises(project8.ValidationError, match="column 'sex' row 1: a value that is not one of F, M"):
        bundled_rules().evaluate(odd, AS_OF)


def test_ids_leave_as_arrow_with_their_missing_values() -> None:
    frame = reference(False)
    rules = bundled_rules()
    objects = pd.Series(["a", None, np.nan, pd.NA, "", "f", 7], dtype=object)
    texts = pd.Series(["a", None, "c", "d", "e", "f", "g"], dtype="string[pyarrow]")
    for ids, want in ((objects, ["a", None, None, None, None, "f", "7"]),
                      (texts, ["a", None, "c", "d", "e", "f", "g"])):
        frame["id"] = ids
        out = rules.evaluate(frame, AS_OF, output="arrow").to_arrow()
        assert out.column("id").to_pylist() == want


def _large(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(8)
    return pd.DataFrame({
        "id": np.arange(n),
        "sex": pd.Categorical(rng.choice(["F", "M"], n)),
        "ethnicity": rng.integers(1, 55, n),
        "pregnant": rng.random(n) < 0.5,
        "anc_visits": rng.integers(0, 8, n),
        "delivery": pd.Categorical(rng.choice(["none", "home", "normal", "caesarean"], n)),
        "commune_region": rng.integers(1, 4, n),
        "village_especially_difficult": rng.random(n) < 0.3,
    })


def test_a_thread_that_changes_the_frame_during_an_evaluation_never_crashes_it() -> None:
    # The GIL is released while the library evaluates, so another thread may
    # change the DataFrame meanwhile. Columns replaced or deleted: the
    # evaluation keeps the arrays it was handed (here: of the same values; a
    # column deleted when it is read is a KeyError naming it). Values written in place into those arrays: a
    # row written meanwhile may be decided on either value (docs/rules.md);
    # never a crash, never a value outside the packages' own.
    import threading
    import time

    rules = bundled_rules()
    frame = _large(400_000)
    expected = rules.evaluate(frame.copy(), AS_OF)
    amounts = {c: set(expected[c].unique()) for c in expected if c.endswith("_amount")}
    done = threading.Event()
    touched = {"replaced": 0, "in place": 0}

    def replace_columns() -> None:
        # New arrays of the same values, the old ones dropped (freed, unless
        # the evaluation keeps them): a use after free would change decisions.
        while not done.is_set():
            for name in ("ethnicity", "anc_visits", "village_especially_difficult", "sex"):
                frame[name] = frame[name].copy()  # the old array dropped
                garbage = np.full(len(frame), 7)  # and its memory reused
                del garbage
            touched["replaced"] += 1
            time.sleep(0.001)  # the evaluating thread gets the interpreter too

    worker = threading.Thread(target=replace_columns)
    worker.start()
    while touched["replaced"] == 0 and worker.is_alive():
        time.sleep(0.001)
    try:
        results = [rules.evaluate(frame, AS_OF, threads=2) for _ in range(2)]
    finally:
        done.set()
        worker.join()
    assert touched["replaced"] > 0
    for got in results:
        for column in expected:
            left, right = got[column], expected[column]
            if isinstance(right.dtype, pd.CategoricalDtype):  # compared by codes: fast
                assert list(left.cat.categories) == list(right.cat.categories), column
                left, right = left.cat.codes, right.cat.codes
            assert np.array_equal(left.to_numpy(), right.to_numpy()), column

    # pandas' own arrays are read-only (copy on write); a mapping of numpy
    # arrays is handed as it is, and written in place here.
    columns = {name: frame[name].to_numpy().copy() for name in frame}
    anc = columns["anc_visits"]
    done.clear()

    def write_in_place() -> None:
        while not done.is_set():
            anc[::3] = 7 - anc[::3]
            touched["in place"] += 1
            time.sleep(0.001)

    worker = threading.Thread(target=write_in_place)
    worker.start()
    while touched["in place"] == 0 and worker.is_alive():  # writing before and during it
        time.sleep(0.001)
    try:
        got = rules.evaluate(columns, AS_OF, threads=2)
    finally:
        done.set()
        worker.join()
    assert touched["in place"] > 0
    assert len(got) == len(anc) and list(got.columns) == list(expected.columns)
    for column, allowed in amounts.items():
        assert set(got[column].unique()) <= allowed | {0}, column
