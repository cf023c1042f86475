"""The same evaluation from every table family an analyst holds, in one run: numpy-backed
pandas (the reference), nullable pandas, pyarrow-backed pandas, a pyarrow Table, a polars
DataFrame and a DuckDB relation.

    PYTHONPATH=build/release/bindings/stage .venv/bin/python bench/table_inputs.py [N] [--repeat R]

The bundled safe-motherhood rules on N synthetic persons (ids as text, sex and
delivery as categories, counts and flags, a tenth of the counts missing). Every
family's results are checked equal to the reference's before any time is
printed. Times: rounds in which each family runs once, in turn (see _timing.py);
the ratio column is each family's time over numpy-backed pandas. The "→ Arrow"
rows ask for the results as Arrow (``output="arrow"``, a ResultTable) instead of
a DataFrame and read them out in the input's family: ``to_polars()`` for polars,
``to_arrow()`` otherwise (the stream is made when read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
from _timing import print_rounds, rounds
from project8.rules import bundled_rules

AS_OF = dt.date(2025, 6, 30)


def population(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(8)
    visits = pd.array(rng.integers(0, 8, n), dtype="Int64")
    visits[rng.random(n) < 0.1] = pd.NA
    return pd.DataFrame({
        "id": np.array([f"P{i:08d}" for i in range(n)], dtype=object),
        "sex": pd.Categorical(rng.choice(["F", "M"], n, p=[0.8, 0.2]), categories=["F", "M"]),
        "ethnicity": rng.integers(1, 55, n),
        "pregnant": rng.random(n) < 0.3,
        "anc_visits": visits,
        "delivery": pd.Categorical(rng.choice(["none", "normal", "caesarean", "home"], n),
                                   categories=["none", "normal", "caesarean", "home"]),
        "commune_region": rng.integers(1, 4, n),
        "village_especially_difficult": rng.random(n) < 0.5,
    })


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rules = bundled_rules()
    base = population(args.n)
    table = pa.Table.from_pandas(base, preserve_index=False)
    families = {
        "pandas (numpy)": base,
        "pandas (nullable)": base.convert_dtypes(dtype_backend="numpy_nullable"),
        "pandas (pyarrow)": base.convert_dtypes(dtype_backend="pyarrow"),
        "pyarrow Table": table,
        "polars": pl.from_arrow(table),
        "duckdb relation": duckdb.from_arrow(table),
    }
    reference = rules.evaluate(base, AS_OF)
    for name, data in families.items():  # the same answers before any time
        got = rules.evaluate(data, AS_OF)
        assert np.array_equal(np.asarray(got["id"], dtype=object), np.asarray(reference["id"], dtype=object)), name
        pd.testing.assert_frame_equal(got.drop(columns="id").reset_index(drop=True),
                                      reference.drop(columns="id").reset_index(drop=True), obj=name)
    # Results out as Arrow (output="arrow"): checked equal to the reference's as Arrow.
    arrow_out = {f"{name} → Arrow": families[name] for name in ("pandas (numpy)", "pyarrow Table", "polars")}
    expected = pa.table(rules.evaluate(base, AS_OF, output="arrow"))

    def read_out(data: object) -> object:  # the results in the input's own family
        out = rules.evaluate(data, AS_OF, output="arrow")
        return out.to_polars() if isinstance(data, pl.DataFrame) else out.to_arrow()

    def plain(frame: pl.DataFrame) -> pl.DataFrame:  # categories as texts, to compare across families
        return frame.with_columns(pl.col(pl.Categorical).cast(pl.String))

    for name, data in arrow_out.items():
        got = read_out(data)
        frame = got if isinstance(got, pl.DataFrame) else pl.from_arrow(got)
        assert plain(frame).equals(plain(pl.from_arrow(expected))), name
    cold = {}
    for name, data in families.items():
        t = time.perf_counter()
        rules.evaluate(data, AS_OF)
        cold[name] = time.perf_counter() - t
    for name, data in arrow_out.items():
        t = time.perf_counter()
        read_out(data)
        cold[name] = time.perf_counter() - t
    contenders = {name: (lambda d=data: rules.evaluate(d, AS_OF)) for name, data in families.items()}
    contenders.update({name: (lambda d=data: read_out(d)) for name, data in arrow_out.items()})
    times = rounds(contenders, args.repeat)
    print(f"{args.n:,} persons, {args.repeat} rounds; results equal in every family")
    print_rounds(times, cold, args.n, reference="pandas (numpy)")


if __name__ == "__main__":
    main()
