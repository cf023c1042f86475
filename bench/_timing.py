"""Shared by the bench scripts: the best of several timed runs."""

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
