"""Seeded synthetic populations, clearly not real people, for demos, tests and benchmarks.

The columns are the inputs of the bundled safe-motherhood rules
(``data/rules/safe-motherhood.yaml``). The shares below are ILLUSTRATIVE
choices, not statistics of any district: about 5% of persons have a missing
residence class or village flag so that "unknown" reasons appear.

>>> people = population(1000, seed=7)
>>> len(people["id"]), sorted(people)[:3]
(1000, ['anc_visits', 'commune_region', 'delivery'])
"""

from __future__ import annotations

from typing import Any

import numpy as np

SEX = ["F", "M"]
DELIVERY = ["none", "normal", "caesarean", "home"]


def population(n: int, seed: int = 2025, *, ids: bool = True, as_pandas: bool = False) -> Any:
    """``n`` synthetic persons as a dict of numpy arrays (or a DataFrame).

    Enumerations are ``pandas.Categorical`` when pandas is installed (else
    object arrays); integers are ``int64``; booleans ``bool``; missing values
    are pandas nullable types (``Int64``, ``boolean``) when pandas is
    installed. Setting ``ids=False`` leaves out the ``id`` column (its
    strings dominate memory at national scale).
    """
    rng = np.random.default_rng(seed)
    sex = rng.choice(2, size=n, p=[0.51, 0.49]).astype(np.int8)
    # Ethnic group codes (1019/QĐ-TCTK): 1 = Kinh; the rest ethnic minorities.
    ethnicity = np.where(rng.random(n) < 0.15, 1, rng.integers(2, 55, size=n)).astype(np.int64)
    female = sex == 0
    pregnant = female & (rng.random(n) < 0.06)
    anc_visits = np.where(pregnant, rng.integers(0, 7, size=n), 0).astype(np.int64)
    delivery = np.where(pregnant, rng.choice(4, size=n, p=[0.5, 0.3, 0.1, 0.1]), 0).astype(np.int8)
    commune_region = rng.choice(np.array([1, 2, 3], dtype=np.int64), size=n, p=[0.2, 0.3, 0.5])
    village = rng.random(n) < 0.4
    region_missing = rng.random(n) < 0.05
    village_missing = rng.random(n) < 0.05
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    out: dict[str, Any] = {}
    if ids:
        out["id"] = np.char.add("p", np.arange(n).astype(str)).astype(object)
    if pd is not None:
        out["sex"] = pd.Categorical.from_codes(sex, categories=SEX)
        out["delivery"] = pd.Categorical.from_codes(delivery, categories=DELIVERY)
        out["commune_region"] = pd.arrays.IntegerArray(commune_region, region_missing)
        out["village_especially_difficult"] = pd.arrays.BooleanArray(village, village_missing)
    else:  # pragma: no cover
        out["sex"] = np.array(SEX, dtype=object)[sex]
        out["delivery"] = np.array(DELIVERY, dtype=object)[delivery]
        out["commune_region"] = np.where(region_missing, np.nan, commune_region)
        village_objects = village.astype(object)
        village_objects[village_missing] = None
        out["village_especially_difficult"] = village_objects
    out["ethnicity"] = ethnicity
    out["pregnant"] = pregnant
    out["anc_visits"] = anc_visits
    if as_pandas:
        return pd.DataFrame(out, copy=False)
    return out


__all__ = ["DELIVERY", "SEX", "population"]
