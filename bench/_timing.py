"""Shared by the bench scripts: the best of several timed runs, and rounds of contenders timed in turn."""

from __future__ import annotations

import gc
import time
from typing import Any, Callable


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The shortest of `repeat` wall-clock times of `fn()`, and its last result."""
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def rounds(contenders: dict[str, Callable[[], Any]], repeat: int, settle: float = 0.25) -> dict[str, list[float]]:
    """Times each contender once per round, in turn, for `repeat` rounds (so a
    slow spell of a shared machine falls on all of them); results are dropped
    before the next call. Before each call, outside the time, Python's garbage
    is collected and the machine gets `settle` seconds: the kernel's work after
    a contender that freed gigabytes (OpenFisca) otherwise lands on whichever
    runs next (measured: project8's engine 5 ms slower right after OpenFisca).
    Returns each contender's times."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, fn in contenders.items():
            gc.collect()
            time.sleep(settle)
            t = time.perf_counter()
            out = fn()
            times[name].append(time.perf_counter() - t)
            del out
    return times
