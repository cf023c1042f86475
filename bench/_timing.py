"""Shared by the bench scripts: the best of several timed runs, and rounds of contenders timed in turn."""

from __future__ import annotations

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


def rounds(contenders: dict[str, Callable[[], Any]], repeat: int) -> dict[str, list[float]]:
    """Times each contender once per round, in turn, for `repeat` rounds (so a
    slow spell of a shared machine falls on all of them); results are dropped
    before the next call. The order turns by one place each round, so that
    each contender follows each other one equally often: a contender runs
    slower right after one that freed gigabytes (project8's engine measured
    5-15 ms slower right after OpenFisca), and a fixed order would put that
    cost on the same one every round. Returns each contender's times."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    order = list(contenders.items())
    for k in range(repeat):
        turn = k % len(order)
        for name, fn in order[turn:] + order[:turn]:
            t = time.perf_counter()
            out = fn()
            times[name].append(time.perf_counter() - t)
            del out
    return times
