"""Aggregating achievement records by target x commune x month: project8 against pandas groupby, in one run.

    PYTHONPATH=build/release/bindings/stage .venv/bin/python bench/tracking_vs_pandas.py [N] [--repeat R]

N synthetic records (default 10 million; SYNTHETIC, not real results) over
2025 in Tam Đường: before 1/7/2025 on the old communes, after it on the new
ones (two of which lie partly outside the former district). Both contenders
compute the same thing: each record counted toward its target (activities
toward the targets they serve), only inside the plan's scope, rolled up to the
commune that covers it at the end of the year, by month — sums for T2 and T3,
distinct livelihood groups for T1. pandas does it the way an analyst would
(category maps, a filter, groupby sum and nunique). The results are checked
equal before any time is printed.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
import project8
from _timing import best
from project8 import tracking
from project8.geo import bundled_registry
from project8.plan import bundled_plan

AS_OF = "2025-12-31"
OLD = ["03390", "03394", "03400", "03405", "03406", "03412", "03413", "03415", "03418", "03421", "03424", "03427",
       "03430"]
NEW = ["03390", "03405", "03430", "03424", "03408", "03394"]  # official codes reuse former ones
CODES = sorted(set(OLD) | set(NEW))
REFORM = np.datetime64("2025-07-01")
TARGETS = ["T1", "T2", "T3", "A2.1", "A3.1", "A3.3"]


def records(n: int, seed: int = 2025) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 365, size=n)
    dates = np.datetime64("2025-01-01") + days.astype("timedelta64[D]")
    after = days >= 181  # 1/7/2025 is day 181 of 2025
    index = {c: i for i, c in enumerate(CODES)}
    old = np.array([index[c] for c in OLD])[rng.integers(0, len(OLD), size=n)]
    new = np.array([index[c] for c in NEW])[rng.integers(0, len(NEW), size=n)]
    unit = pd.Categorical.from_codes(np.where(after, new, old).astype(np.int8), categories=CODES)
    target = pd.Categorical.from_codes(rng.integers(0, len(TARGETS), size=n).astype(np.int8), categories=TARGETS)
    entity = pd.Categorical.from_codes(rng.integers(0, 40, size=n).astype(np.int8),
                                       categories=[f"group-{i}" for i in range(40)])
    return pd.DataFrame({"date": dates, "unit": unit, "target": target,
                         "quantity": rng.integers(0, 6, size=n).astype(np.int64), "entity_id": entity})


def pandas_way(df: pd.DataFrame, plan, units) -> pd.DataFrame:
    # Per code and side of the reform (a code names one unit before 1/7/2025 and maybe another
    # after): the target each record counts toward, and the commune at the end of the year (or
    # None: out of scope).
    toward = {"T1": "T1", "T2": "T2", "T3": "T3", "A2.1": "T1", "A3.1": "T3", "A3.3": "T2"}

    def key(code: str, day: str) -> str | None:
        now = units.map_to_date(code, day, AS_OF)
        inside = units.is_within(code, plan.scope, day) or (
            not units.has_external_predecessors(code, day)
            and all(units.is_within(p.code, plan.scope, p.valid_to) for p in units.predecessors(code, day)))
        return now[0] if inside else None

    # Integer codes per category on each side, then one vectorised select (no object arrays).
    cats = list(df["unit"].cat.categories)
    before = [key(c, "2025-06-30") if c in OLD else None for c in cats]
    after = [key(c, "2025-12-31") if c in NEW else None for c in cats]
    keys = sorted({k for k in before + after if k is not None})
    code_of = {k: i for i, k in enumerate(keys)}
    before_code = np.array([code_of.get(k, -1) if k else -1 for k in before], dtype=np.int16)
    after_code = np.array([code_of.get(k, -1) if k else -1 for k in after], dtype=np.int16)
    cat = df["unit"].cat.codes.to_numpy()
    is_after = df["date"].to_numpy() >= REFORM
    unit = pd.Categorical.from_codes(np.where(is_after, after_code[cat], before_code[cat]), categories=keys)
    frame = pd.DataFrame({
        "target": df["target"].map(toward),
        "unit": unit,
        "period": df["date"].to_numpy().astype("datetime64[M]"),  # fast month key; labels only for the groups
        "quantity": df["quantity"],
        "entity_id": df["entity_id"],
    })
    frame = frame[frame["unit"].notna()]
    sums = frame[frame["target"] != "T1"].groupby(["target", "unit", "period"], observed=True)["quantity"].sum()
    groups = frame[frame["target"] == "T1"].groupby(["target", "unit", "period"], observed=True)["entity_id"].nunique()
    out = pd.concat([sums, groups]).rename("value").reset_index()
    out["period"] = out["period"].dt.strftime("%Y-%m")
    out["unit"] = out["unit"].astype(str)
    return out.sort_values(["target", "unit", "period"]).reset_index(drop=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    plan, units = bundled_plan(), bundled_registry()
    df = records(args.n)
    print(f"project8 {project8.__version__}, {args.n:,} records, best of {args.repeat}", flush=True)
    t_p8, ours = best(lambda: tracking.aggregate_frame(plan, units, df, "month", AS_OF, by_unit=True), args.repeat)
    t_pd, theirs = best(lambda: pandas_way(df, plan, units), args.repeat)
    mine = ours[["target", "unit", "period", "value"]].sort_values(["target", "unit", "period"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, theirs.astype({"value": float}), check_dtype=False)
    print(f"\n{'contender':46} {'seconds':>9} {'records/s':>14}")
    print(f"{'project8 aggregate_frame (checks every row)':46} {t_p8:9.3f} {args.n / t_p8:14,.0f}")
    print(f"{'pandas map + filter + groupby sum/nunique':46} {t_pd:9.3f} {args.n / t_pd:14,.0f}")
    print(f"project8 is {t_pd / t_p8:.1f}x faster ({len(mine)} cells; "
          f"{ours.attrs['scope_ambiguous']:,} scope-ambiguous records listed, not counted)")


if __name__ == "__main__":
    main()
