"""Eligibility for a synthetic population of the district's size (about 52,000 persons).

The population is generated (project8.synthetic), not real people. The rules
are the bundled safe-motherhood packages; every "no" names its reason.
"""

from project8 import synthetic
from project8.rules import bundled_rules

rules = bundled_rules()
people = synthetic.population(52_000, as_pandas=True)
out = rules.evaluate(people, "2025-06-30")
for package in rules.packages:
    eligible = out[f"{package.id}_eligible"]
    total = out[f"{package.id}_amount"].sum()
    print(f"{package.id}: {eligible.sum()} eligible, {total:,} đồng")
print(out["anc_travel_reason"].value_counts().head(4).to_string())
print(rules.explain(people, "2025-06-30", row=int(out["anc_travel_eligible"].to_numpy().argmax())).to_text())
