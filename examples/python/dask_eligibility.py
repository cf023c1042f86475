"""Eligibility for a population split into Dask partitions, on a local
distributed cluster of separate worker processes, checked against the
single-process run.

The rule set is pickled and shipped to every worker (its YAML text travels,
not compiled code); each worker evaluates its partitions with the GIL
released. The same code runs on a real cluster: give ``Client`` the
scheduler's address instead of a ``LocalCluster``.

Run: python examples/python/dask_eligibility.py [PERSONS] [PARTITIONS]
"""

from __future__ import annotations

import sys

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster
from project8 import synthetic
from project8.rules import RuleSet, bundled_rules

AS_OF = "2025-06-30"


def evaluate_partition(part: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """One partition's results, indexed like the partition."""
    out = rules.evaluate(part, AS_OF)
    out.index = part.index
    return out


def main(persons: int = 200_000, partitions: int = 8) -> int:
    rules = bundled_rules()
    people = synthetic.population(persons, seed=2025, as_pandas=True)
    single = rules.evaluate(people, AS_OF)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        frame = dd.from_pandas(people, npartitions=partitions)
        meta = single.iloc[:0]
        shipped = client.scatter(rules, broadcast=True)  # pickled once, sent to each worker
        result = frame.map_partitions(evaluate_partition, shipped, meta=meta).compute()
        workers = len(client.scheduler_info()["workers"])

    result = result.loc[people.index]
    # The ids keep each input's own dtype (dask holds texts as Arrow strings): compared as values.
    assert result["id"].tolist() == single["id"].tolist()
    pd.testing.assert_frame_equal(result.drop(columns="id").reset_index(drop=True),
                                  single.drop(columns="id").reset_index(drop=True))
    for package in rules.packages:
        pid = package.id
        print(f"{pid}: {int(result[f'{pid}_eligible'].sum())} eligible, "
              f"{int(result[f'{pid}_amount'].sum()):,} đồng")
    print(f"{persons} persons, {partitions} partitions, {workers} worker processes: identical to one process")
    return 0


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    sys.exit(main(*args))
