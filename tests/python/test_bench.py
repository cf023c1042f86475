"""The benchmark scripts still run (small sizes; their figures are not checked
here: speed is measured in bench/, never in tests). Each script asserts that
every contender gives project8's answers before it prints a time."""

from __future__ import annotations

import pathlib
import subprocess
import sys

BENCH = pathlib.Path(__file__).parents[2] / "bench"


def test_rules_vs_pandas_runs_and_agrees() -> None:
    run = subprocess.run([sys.executable, str(BENCH / "rules_vs_pandas.py"), "30000", "--repeat", "1",
                          "--skip-openfisca"], capture_output=True, text=True, encoding="utf-8", timeout=300,
                         check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "numpy masks" in run.stdout
    assert "CSV load" in run.stdout and "median of rounds" in run.stdout


def test_python_overhead_runs() -> None:
    run = subprocess.run([sys.executable, str(BENCH / "python_overhead.py"), "30000"], capture_output=True, text=True,
                         encoding="utf-8", timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "%" in run.stdout


def test_tracking_vs_pandas_runs_and_agrees() -> None:
    run = subprocess.run([sys.executable, str(BENCH / "tracking_vs_pandas.py"), "50000", "--repeat", "1"],
                         capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "faster" in run.stdout and "scope-ambiguous" in run.stdout


def test_age_rule_vs_duckdb_and_polars_runs_and_agrees() -> None:
    # The script checks eligibility, amount and reason equal, row by row, with
    # DuckDB's SQL and polars' expressions before it prints any time.
    run = subprocess.run([sys.executable, str(BENCH / "age_rule_vs_duckdb.py"), "30000", "--repeat", "1"],
                         capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "duckdb" in run.stdout and "polars" in run.stdout and "persons/s" in run.stdout


def test_households_vs_duckdb_and_polars_runs_and_agrees() -> None:
    # The script checks every household's and every person's eligibility,
    # amount and reason equal with DuckDB's SQL and polars before any time.
    run = subprocess.run([sys.executable, str(BENCH / "households_vs_duckdb.py"), "40000", "--repeat", "1"],
                         capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "households" in run.stdout and "duckdb" in run.stdout and "polars" in run.stdout


def test_table_inputs_runs_and_agrees() -> None:
    # The script checks every table family's results equal to numpy-backed pandas before any time.
    run = subprocess.run([sys.executable, str(BENCH / "table_inputs.py"), "20000", "--repeat", "1"],
                         capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "polars" in run.stdout and "duckdb relation" in run.stdout and "results equal" in run.stdout
