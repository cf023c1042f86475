"""Shipping the library's objects to other processes: pickling, multiprocessing and Dask."""

from __future__ import annotations

import multiprocessing
import pathlib
import pickle
import subprocess
import sys

import pandas as pd
import pytest
from project8 import synthetic
from project8.geo import Registry, bundled_registry
from project8.plan import bundled_plan
from project8.rules import bundled_rules


def test_plan_registry_and_rules_pickle_to_equal_objects() -> None:
    plan, units, rules = bundled_plan(), bundled_registry(), bundled_rules()
    plan2 = pickle.loads(pickle.dumps(plan))
    assert plan2 == plan
    units2 = pickle.loads(pickle.dumps(units))
    assert [u.code for u in units2.units()] == [u.code for u in units.units()]
    assert units2.map_to_date("03390", "2025-06-30", "2025-07-01") == ["03390"]
    rules2 = pickle.loads(pickle.dumps(rules))
    people = synthetic.population(2_000, seed=3, as_pandas=True)
    pd.testing.assert_frame_equal(rules2.evaluate(people, "2025-06-30"), rules.evaluate(people, "2025-06-30"))
    assert len(pickle.loads(pickle.dumps(Registry())).units()) == 0


def _count_eligible(args: tuple) -> int:
    rules, people = args
    return int(rules.evaluate(people, "2025-06-30")["anc_travel_eligible"].sum())


def test_multiprocessing_pool_ships_the_rules() -> None:
    rules = bundled_rules()
    people = synthetic.population(20_000, seed=5, as_pandas=True)
    parts = [people.iloc[i::4].reset_index(drop=True) for i in range(4)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        counts = pool.map(_count_eligible, [(rules, p) for p in parts])
    assert sum(counts) == _count_eligible((rules, people))


def test_dask_distributed_example_matches_one_process() -> None:
    """The example runs as a program (its functions travel to the workers by value)."""
    pytest.importorskip("distributed")
    example = pathlib.Path(__file__).parents[2] / "examples" / "python" / "dask_eligibility.py"
    run = subprocess.run([sys.executable, str(example), "40000", "6"], capture_output=True, text=True,
                         encoding="utf-8", timeout=240, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    # The example asserts equality with the single-process run itself; check it said so.
    assert "2 worker processes: identical to one process" in run.stdout
