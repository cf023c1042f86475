"""An age-based eligibility rule: project8 against DuckDB (SQL) and polars, in one run.

    PYTHONPATH=build/release/bindings/stage .venv/bin/python bench/age_rule_vs_duckdb.py [N] [--repeat R]

One package, five conditions — female, ethnic minority, pregnant, aged 15–49
on the evaluation date (completed years from a birth date, some missing),
living in a region-III commune — and an amount of 100,000 đồng a visit for at
most four visits; the reason is the first condition that is not true
(``unknown:<id>`` when a missing value leaves it unknown). Every contender
computes eligibility, amount and reason (the peers as a small integer code,
as project8 hands over a categorical's codes, so that none of them builds
five million strings); they are checked equal row by row before any time is
printed.

Also: the same rule with the age given as an integer column (``age >= 15 and
age <= 49``), to show what the age condition costs over an integer
comparison (project8 folds ``age_years(d) >= k`` into ``d <= threshold``,
computed once per call).

Times: rounds in which every contender runs once, in turn (see _timing.py);
medians and the range of per-round ratios; the first call of each in the
process is reported apart (cold).
"""

from __future__ import annotations

import argparse
import time

import duckdb
import numpy as np
import pandas as pd
import polars as pl
from _timing import print_rounds, rounds
from project8.rules import RuleSet

AS_OF = "2025-06-30"
CONDITIONS = [
    ("female", "sex == 'F'"),
    ("ethnic_minority", "ethnicity != 1"),
    ("pregnant", "pregnant"),
    ("age", "age_years(birth_date) >= 15 and age_years(birth_date) <= 49"),
    ("region_3", "commune_region == 3"),
]


def rule_yaml(age_condition: str) -> str:
    conds = "".join(
        f'      - {{id: {cid}, when: "{age_condition if cid == "age" else when}"}}\n'
        for cid, when in CONDITIONS)
    return ("schema: project8/rules/1\nname: age-bench\ninputs:\n  sex: enum(F, M)\n  ethnicity: int\n"
            "  pregnant: bool\n  birth_date: date\n  age: int\n  commune_region: int\n  anc_visits: int\n"
            "packages:\n  - id: p\n    title: {vi: t}\n    effective: {from: 2020-01-01}\n    source: x\n"
            "    conditions:\n" + conds + '    amount: "100000 * min(anc_visits, 4)"\n')


def population(n: int, seed: int = 2025) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    as_of = np.datetime64(AS_OF)
    birth = as_of - rng.integers(0, 90 * 366, size=n).astype("timedelta64[D]")
    birth_missing = rng.random(n) < 0.03
    birth = np.where(birth_missing, np.datetime64("NaT"), birth).astype("datetime64[D]")
    female = rng.random(n) < 0.51
    region = pd.array(rng.choice([1, 2, 3], size=n, p=[0.2, 0.3, 0.5]), dtype="Int64")
    region[rng.random(n) < 0.05] = pd.NA
    b = pd.Series(birth)
    age = (as_of.astype(object).year - b.dt.year
           - ((b.dt.month > 6) | ((b.dt.month == 6) & (b.dt.day > 30))).astype(int))
    return pd.DataFrame({
        "sex": pd.Categorical.from_codes(np.where(female, 0, 1), categories=["F", "M"]),
        "ethnicity": np.where(rng.random(n) < 0.15, 1, rng.integers(2, 55, size=n)).astype(np.int64),
        "pregnant": female & (rng.random(n) < 0.3),
        "birth_date": birth,
        "age": age.astype("Int64"),
        "commune_region": region,
        "anc_visits": rng.integers(0, 7, size=n).astype(np.int64),
    })


# Reasons as small integer codes (as project8 hands over a categorical's
# codes): the peers need not build five million strings either.
REASONS = [""] + [r for cid, _ in CONDITIONS for r in (cid, f"unknown:{cid}")]


def duckdb_sql(age_expr: str) -> str:
    conds = {
        "female": "sex = 'F'",
        "ethnic_minority": "ethnicity <> 1",
        "pregnant": "pregnant",
        "age": f"{age_expr} >= 15 AND {age_expr} <= 49",
        "region_3": "commune_region = 3",
    }
    reason = "CASE " + " ".join(
        f"WHEN ({c}) IS NULL THEN {REASONS.index('unknown:' + cid)} WHEN NOT ({c}) THEN {REASONS.index(cid)}"
        for cid, c in conds.items()) + " ELSE 0 END"
    return (f"WITH r AS (SELECT ({reason})::TINYINT AS reason, anc_visits FROM people) "
            "SELECT reason = 0 AS eligible, CASE WHEN reason = 0 THEN 100000 * least(anc_visits, 4) "
            "ELSE 0 END AS amount, reason FROM r")


DUCK_AGE = ("(year(DATE '2025-06-30') - year(birth_date) - CASE WHEN month(birth_date) > 6 OR "
            "(month(birth_date) = 6 AND day(birth_date) > 30) THEN 1 ELSE 0 END)")


def polars_expr(age: pl.Expr) -> list[pl.Expr]:
    conds = {
        "female": pl.col("sex") == "F",
        "ethnic_minority": pl.col("ethnicity") != 1,
        "pregnant": pl.col("pregnant"),
        "age": (age >= 15) & (age <= 49),
        "region_3": pl.col("commune_region") == 3,
    }
    reason = None
    for cid, c in reversed(list(conds.items())):
        nxt = pl.lit(0, dtype=pl.Int8) if reason is None else reason
        reason = (pl.when(c.is_null()).then(pl.lit(REASONS.index(f"unknown:{cid}"), dtype=pl.Int8))
                  .when(~c).then(pl.lit(REASONS.index(cid), dtype=pl.Int8)).otherwise(nxt))
    assert reason is not None
    return [(reason == 0).alias("eligible"),
            pl.when(reason == 0).then(100000 * pl.min_horizontal(pl.col("anc_visits"), pl.lit(4)))
            .otherwise(0).alias("amount"),
            reason.alias("reason")]


POLARS_AGE = (pl.lit(2025) - pl.col("birth_date").dt.year()
              - ((pl.col("birth_date").dt.month() > 6)
                 | ((pl.col("birth_date").dt.month() == 6) & (pl.col("birth_date").dt.day() > 30))).cast(pl.Int64))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    people = population(args.n)
    with_age = RuleSet.from_yaml(rule_yaml(CONDITIONS[3][1]))
    with_int = RuleSet.from_yaml(rule_yaml("age >= 15 and age <= 49"))
    con = duckdb.connect()
    con.register("people", people)
    sql = duckdb_sql(DUCK_AGE)
    pl_people = pl.from_pandas(people)
    pl_exprs = polars_expr(POLARS_AGE)

    contenders = {
        "project8": lambda: with_age.evaluate(people, AS_OF),
        "project8 (age as int)": lambda: with_int.evaluate(people, AS_OF),
        "duckdb": lambda: con.execute(sql).fetchnumpy(),
        "polars": lambda: pl_people.select(pl_exprs),
    }
    cold = {}
    for name, fn in contenders.items():
        t = time.perf_counter()
        fn()
        cold[name] = time.perf_counter() - t

    # Same answers, row by row, before any time is printed.
    ours = with_age.evaluate(people, AS_OF)
    duck = con.execute(sql).fetchnumpy()
    pol = pl_people.select(pl_exprs).to_pandas()
    assert (with_int.evaluate(people, AS_OF)["p_reason"].astype(str) == ours["p_reason"].astype(str)).all()
    texts = np.array(REASONS, dtype=object)
    for other in (duck, pol):
        assert (ours["p_eligible"].to_numpy() == np.asarray(other["eligible"])).all()
        assert (ours["p_amount"].to_numpy() == np.asarray(other["amount"])).all()
        assert (ours["p_reason"].astype(str).to_numpy() == texts[np.asarray(other["reason"])]).all()

    times = rounds(contenders, args.repeat)
    print(f"{args.n:,} persons, {args.repeat} rounds; eligible {int(ours['p_eligible'].sum()):,}")
    print_rounds(times, cold, args.n)


if __name__ == "__main__":
    main()
