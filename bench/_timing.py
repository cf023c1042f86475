"""Shared by the bench scripts: the best of several timed runs, and rounds of contenders timed in turn."""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The shortest of `repeat` wall-clock times of `fn()`, and its last result."""
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def rounds(contenders: dict[str, Callable[[], Any]], repeat: int) -> dict[str, list[float]]:
    """Times each contender once per round, in turn, for `repeat` rounds (so a
    slow spell of a shared machine falls on all of them); results are dropped
    before the next call. The rounds go through every order of the
    contenders in turn, so that each follows each other one about equally
    often: on this machine memory-bound work runs slower right after a
    contender that freed gigabytes (a numpy copy of 400 MB: 29-34 ms, but
    47-76 ms right after OpenFisca), and a fixed order — or one merely
    rotated, which keeps who follows whom — would put that on the same
    contender every round. Returns each contender's times."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    orders = list(itertools.permutations(contenders.items()))
    for k in range(repeat):
        for name, fn in orders[k % len(orders)]:
            t = time.perf_counter()
            out = fn()
            times[name].append(time.perf_counter() - t)
            del out
    return times


def print_rounds(times: dict[str, list[float]], cold: dict[str, float], rows: int, reference: str = "project8",
                 width: int = 24) -> None:
    """One line per contender: its first call (cold), the median of its rounds, the median and range of its
    per-round ratio to ``reference``, and rows a second."""
    ref = times[reference]
    print(f"{'contender':{width}} {'cold s':>8} {'median s':>9} {'× ' + reference + ' (range)':>22} {'persons/s':>12}")
    for name, ts in times.items():
        ratios = sorted(t / r for t, r in zip(ts, ref, strict=True))
        print(f"{name:{width}} {cold[name]:8.3f} {statistics.median(ts):9.3f} "
              f"{statistics.median(ratios):8.2f} ({ratios[0]:.2f}–{ratios[-1]:.2f})"
              f" {rows / statistics.median(ts):12,.0f}")
