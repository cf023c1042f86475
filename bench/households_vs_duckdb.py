"""Household rules: project8 against DuckDB (SQL), polars and pandas, in one run.

    PYTHONPATH=build/release/bindings/stage .venv/bin/python bench/households_vs_duckdb.py [N] [--repeat R]

N persons (default 15 million) in households of 1 to 8 members (about 4
million), members in random order. The household is classified poor when its
income is at most the rural or urban line times its size and it lacks at least
three indicators (Decree 07/2021's shape; illustrative figures). Two household
packages — support for poor households, and for poor households with children
under 6, per child — and two person packages with age conditions read the
household's class: antenatal support (female, 15–49, pregnant) and elderly
support (60 or more). Missing incomes and birth dates make decisions unknown,
as three-valued logic says (a household with a child of unknown age has an
unknown number of young children). Every contender computes eligibility,
amount and reason (the peers as small integer codes) for every household and
every person in input order; they are checked equal before any time is
printed.

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
RULES = """schema: project8/rules/2
name: households-bench
entities: {household: {key: hh}}
inputs:
  person: {hh: int, sex: "enum(F, M)", birth_date: date, pregnant: bool}
  household: {hh: int, area: "enum(rural, urban)", income_month: int, deprivations: int}
variables:
  household:
    size: "count(members)"
    young: "count(members, age_years(birth_date) < 6)"
    poor: "income_month <= if(area == 'rural', 1500000, 2000000) * size and deprivations >= 3"
  person:
    age: "age_years(birth_date)"
packages:
  - id: poor_support
    entity: household
    title: {vi: t}
    effective: {from: 2020-01-01}
    source: x
    conditions:
      - {id: poor, when: "poor"}
    amount: "500000 * size"
  - id: child_support
    entity: household
    title: {vi: t}
    effective: {from: 2020-01-01}
    source: x
    conditions:
      - {id: poor, when: "poor"}
      - {id: young_children, when: "young >= 1"}
    amount: "200000 * young"
  - id: anc
    title: {vi: t}
    effective: {from: 2020-01-01}
    source: x
    conditions:
      - {id: female, when: "sex == 'F'"}
      - {id: age, when: "age >= 15 and age <= 49"}
      - {id: pregnant, when: "pregnant"}
      - {id: poor_household, when: "household.poor"}
    amount: "100000"
  - id: elder
    title: {vi: t}
    effective: {from: 2020-01-01}
    source: x
    conditions:
      - {id: age, when: "age >= 60"}
      - {id: poor_household, when: "household.poor"}
    amount: "300000"
"""

# Reasons as small integer codes per package, in condition order.
CONDITIONS = {
    "poor_support": ["poor"],
    "child_support": ["poor", "young_children"],
    "anc": ["female", "age", "pregnant", "poor_household"],
    "elder": ["age", "poor_household"],
}
REASONS = {p: [""] + [r for c in cs for r in (c, f"unknown:{c}")] for p, cs in CONDITIONS.items()}


def tables(n: int, seed: int = 2025) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 9, size=n // 4 + 8)
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), n) + 1]
    sizes[-1] -= sizes.sum() - n
    h = len(sizes)
    hh = np.repeat(np.arange(h, dtype=np.int64), sizes)
    rng.shuffle(hh)  # members in any order
    as_of = np.datetime64(AS_OF)
    birth = as_of - rng.integers(0, 90 * 366, size=n).astype("timedelta64[D]")
    birth = np.where(rng.random(n) < 0.03, np.datetime64("NaT"), birth).astype("datetime64[D]")
    female = rng.random(n) < 0.51
    persons = pd.DataFrame({
        "hh": hh,
        "sex": pd.Categorical.from_codes(np.where(female, 0, 1), categories=["F", "M"]),
        "birth_date": birth,
        "pregnant": female & (rng.random(n) < 0.1),
    })
    income = pd.array(rng.integers(500_000, 4_000_000, size=h) * sizes, dtype="Int64")
    income[rng.random(h) < 0.05] = pd.NA
    households = pd.DataFrame({
        "hh": np.arange(h, dtype=np.int64),
        "area": pd.Categorical.from_codes((rng.random(h) < 0.3).astype(np.int8), categories=["rural", "urban"]),
        "income_month": income,
        "deprivations": rng.integers(0, 7, size=h).astype(np.int64),
    })
    return persons, households


DUCK_AGE = ("(year(DATE '2025-06-30') - year(birth_date) - CASE WHEN month(birth_date) > 6 OR "
            "(month(birth_date) = 6 AND day(birth_date) > 30) THEN 1 ELSE 0 END)")


def reason_sql(package: str, conds: dict[str, str]) -> str:
    codes = REASONS[package]
    return "(CASE " + " ".join(
        f"WHEN ({c}) IS NULL THEN {codes.index('unknown:' + cid)} WHEN NOT ({c}) THEN {codes.index(cid)}"
        for cid, c in conds.items()) + " ELSE 0 END)::TINYINT"


def duckdb_sql() -> tuple[str, str]:
    """The household query and the person query (in input order)."""
    household = f"""
      WITH agg AS (
        SELECT hh, count(*) AS size,
               CASE WHEN bool_or(birth_date IS NULL) THEN NULL
                    ELSE count(*) FILTER (WHERE {DUCK_AGE} < 6) END AS young
        FROM persons GROUP BY hh),
      h AS (
        SELECT households.rowid AS row, size, young,
               (income_month <= CASE WHEN area = 'rural' THEN 1500000 ELSE 2000000 END * size)
                 AND deprivations >= 3 AS poor
        FROM households JOIN agg USING (hh)),
      r AS (
        SELECT row, size, young, {reason_sql('poor_support', {'poor': 'poor'})} AS r1,
               {reason_sql('child_support', {'poor': 'poor', 'young_children': 'young >= 1'})} AS r2
        FROM h)
      SELECT r1 = 0 AS poor_support_eligible,
             CASE WHEN r1 = 0 THEN 500000 * size ELSE 0 END AS poor_support_amount,
             r1 AS poor_support_reason,
             r2 = 0 AS child_support_eligible,
             CASE WHEN r2 = 0 THEN 200000 * young ELSE 0 END AS child_support_amount,
             r2 AS child_support_reason
      FROM r ORDER BY row"""
    age = DUCK_AGE
    person = f"""
      WITH agg AS (SELECT hh, count(*) AS size FROM persons GROUP BY hh),
      h AS (
        SELECT hh, (income_month <= CASE WHEN area = 'rural' THEN 1500000 ELSE 2000000 END * size)
                     AND deprivations >= 3 AS poor
        FROM households JOIN agg USING (hh)),
      p AS (
        SELECT persons.rowid AS row, {reason_sql('anc', {
            'female': "sex = 'F'", 'age': f'{age} >= 15 AND {age} <= 49', 'pregnant': 'pregnant',
            'poor_household': 'poor'})} AS r1,
               {reason_sql('elder', {'age': f'{age} >= 60', 'poor_household': 'poor'})} AS r2
        FROM persons JOIN h USING (hh))
      SELECT r1 = 0 AS anc_eligible, CASE WHEN r1 = 0 THEN 100000 ELSE 0 END AS anc_amount,
             r1 AS anc_reason,
             r2 = 0 AS elder_eligible, CASE WHEN r2 = 0 THEN 300000 ELSE 0 END AS elder_amount,
             r2 AS elder_reason
      FROM p ORDER BY row"""
    return household, person


POLARS_AGE = (pl.lit(2025) - pl.col("birth_date").dt.year()
              - ((pl.col("birth_date").dt.month() > 6)
                 | ((pl.col("birth_date").dt.month() == 6) & (pl.col("birth_date").dt.day() > 30))).cast(pl.Int64))


def polars_reason(package: str, conds: dict[str, pl.Expr]) -> pl.Expr:
    codes = REASONS[package]
    reason = None
    for cid, c in reversed(list(conds.items())):
        nxt = pl.lit(0, dtype=pl.Int8) if reason is None else reason
        reason = (pl.when(c.is_null()).then(pl.lit(codes.index(f"unknown:{cid}"), dtype=pl.Int8))
                  .when(~c).then(pl.lit(codes.index(cid), dtype=pl.Int8)).otherwise(nxt))
    assert reason is not None
    return reason


def polars_run(persons: pl.DataFrame, households: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    age = POLARS_AGE
    agg = persons.group_by("hh").agg(
        pl.len().alias("size"),
        pl.when(pl.col("birth_date").is_null().any()).then(None)
        .otherwise((age < 6).sum()).alias("young"))
    h = households.join(agg, on="hh", how="left", maintain_order="left").with_columns(
        ((pl.col("income_month") <= pl.when(pl.col("area") == "rural").then(1_500_000).otherwise(2_000_000)
          * pl.col("size")) & (pl.col("deprivations") >= 3)).alias("poor"))
    r1 = polars_reason("poor_support", {"poor": pl.col("poor")})
    r2 = polars_reason("child_support", {"poor": pl.col("poor"), "young_children": pl.col("young") >= 1})
    homes = h.select(
        (r1 == 0).alias("poor_support_eligible"),
        pl.when(r1 == 0).then(500_000 * pl.col("size")).otherwise(0).alias("poor_support_amount"),
        r1.alias("poor_support_reason"),
        (r2 == 0).alias("child_support_eligible"),
        pl.when(r2 == 0).then(200_000 * pl.col("young")).otherwise(0).alias("child_support_amount"),
        r2.alias("child_support_reason"))
    p = persons.join(h.select("hh", "poor"), on="hh", how="left", maintain_order="left")
    a1 = polars_reason("anc", {"female": pl.col("sex") == "F", "age": (age >= 15) & (age <= 49),
                               "pregnant": pl.col("pregnant"), "poor_household": pl.col("poor")})
    a2 = polars_reason("elder", {"age": age >= 60, "poor_household": pl.col("poor")})
    people = p.select(
        (a1 == 0).alias("anc_eligible"), pl.when(a1 == 0).then(100_000).otherwise(0).alias("anc_amount"),
        a1.alias("anc_reason"),
        (a2 == 0).alias("elder_eligible"), pl.when(a2 == 0).then(300_000).otherwise(0).alias("elder_amount"),
        a2.alias("elder_reason"))
    return homes, people


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=15_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    persons, households = tables(args.n)
    rules = RuleSet.from_yaml(RULES)
    both = {"person": persons, "household": households}
    con = duckdb.connect()
    con.register("persons_view", persons)
    con.register("households_view", households)
    # DuckDB reads its own tables (as an analyst would load them once), with row ids for order.
    con.execute("CREATE TABLE persons AS SELECT * FROM persons_view")
    con.execute("CREATE TABLE households AS SELECT * FROM households_view")
    duck_h, duck_p = duckdb_sql()
    pl_persons, pl_households = pl.from_pandas(persons), pl.from_pandas(households)

    contenders = {
        "project8": lambda: rules.evaluate(both, AS_OF),
        "duckdb": lambda: (con.execute(duck_h).fetchnumpy(), con.execute(duck_p).fetchnumpy()),
        "polars": lambda: polars_run(pl_persons, pl_households),
    }
    cold = {}
    for name, fn in contenders.items():
        t = time.perf_counter()
        fn()
        cold[name] = time.perf_counter() - t

    # Same answers, for every household and person, before any time is printed.
    ours = rules.evaluate(both, AS_OF)
    duck = contenders["duckdb"]()
    pol = [frame.to_pandas() for frame in polars_run(pl_persons, pl_households)]
    for entity, packages, k in (("household", ["poor_support", "child_support"], 0),
                                ("person", ["anc", "elder"], 1)):
        for other in (duck[k], pol[k]):
            for p in packages:
                texts = np.array(REASONS[p], dtype=object)
                assert (ours[entity][f"{p}_eligible"].to_numpy() == np.asarray(other[f"{p}_eligible"])).all(), p
                assert (ours[entity][f"{p}_amount"].to_numpy() == np.asarray(other[f"{p}_amount"])).all(), p
                assert (ours[entity][f"{p}_reason"].astype(str).to_numpy()
                        == texts[np.asarray(other[f"{p}_reason"])]).all(), p

    times = rounds(contenders, args.repeat)
    h = len(households)
    print(f"{args.n:,} persons in {h:,} households, {args.repeat} rounds; eligible: " + ", ".join(
        f"{p} {int(ours[e][f'{p}_eligible'].sum()):,}"
        for e, ps in (("household", ["poor_support", "child_support"]), ("person", ["anc", "elder"]))
        for p in ps))
    print_rounds(times, cold, args.n, width=12)


if __name__ == "__main__":
    main()
