"""The rule engine's time per call for several chunk lengths, given in turn.

Each round calls the C++ engine (through the raw binding, no DataFrame) once
with each ``chunk_rows``, so a slow spell of the shared machine falls on all of
them; prints the median and the best per length, and the length the library
chooses by itself (``chunk_rows=0``) for this population.

Run: python bench/chunk_rows.py [PERSONS] [--chunks 8192,32768] [--threads 0] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd
from project8 import synthetic
from project8.rules import _specs, bundled_rules

AS_OF = "2025-06-30"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=15_000_000)
    ap.add_argument("--chunks", default="8192,16384,32768,65536")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    chunks = [0] + [int(c) for c in args.chunks.split(",")]
    rules = bundled_rules()
    people = synthetic.population(args.n, seed=2025, ids=False)
    specs, rows = _specs(rules, people)
    day = pd.Timestamp(AS_OF).date()
    times: dict[int, list[float]] = {c: [] for c in chunks}
    for c in chunks:  # once untimed: buffers, caches
        rules._native._evaluate(specs, rows, day, args.threads, c)
    for _ in range(args.repeat):
        for c in chunks:
            start = time.perf_counter()
            out = rules._native._evaluate(specs, rows, day, args.threads, c)
            times[c].append(time.perf_counter() - start)
            del out
    print(f"{args.n:,} persons, threads={args.threads or 'per core'}, {args.repeat} rounds")
    for c in chunks:
        name = "chosen (0)" if c == 0 else f"{c:,}"
        print(f"  chunk_rows {name:>11}: median {statistics.median(times[c]) * 1e3:8.3f} ms, "
              f"best {min(times[c]) * 1e3:8.3f} ms")


if __name__ == "__main__":
    main()
