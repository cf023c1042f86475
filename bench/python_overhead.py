"""Python's overhead over the C++ engine, measured in the same calls.

Each call of ``RuleSet.evaluate`` reports the seconds its C++ engine took
(``timings``); the rest of the call is what Python adds: preparing (borrowing)
the columns and building the result DataFrame with categorical reasons. The
ratio is taken per call, so machine noise that slows a whole call cancels out.

Run: python bench/python_overhead.py [PERSONS] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import pandas as pd
import project8
from project8 import synthetic
from project8.rules import bundled_rules

AS_OF = "2025-06-30"


def overheads(rules, data, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        timings: dict[str, float] = {}
        start = time.perf_counter()
        result = rules.evaluate(data, AS_OF, timings=timings)
        wall = time.perf_counter() - start
        del result  # freeing the result is the caller's, outside the timed call
        out.append(100.0 * (wall - timings["core_seconds"]) / timings["core_seconds"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=15_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    rules = bundled_rules()
    arrays = synthetic.population(args.n, seed=2025, ids=False)
    frame = pd.DataFrame(arrays, copy=False)
    print(f"project8 {project8.__version__}, {args.n:,} persons, {os.cpu_count()} cores, {args.repeat} calls each")
    for name, data in (("dict of numpy/pandas arrays", arrays), ("pandas DataFrame", frame)):
        o = overheads(rules, data, args.repeat)
        print(f"Python overhead over the C++ engine, {name:28}: median {statistics.median(o):5.1f}%, "
              f"min {min(o):5.1f}%, max {max(o):5.1f}%  (goal: at most 10%)")


if __name__ == "__main__":
    main()
