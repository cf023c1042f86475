"""Results have one shape: a DataFrame with pandas, else a dict of numpy arrays
with the same columns — for rules, tracking, budget, the workspace and reports."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

# Run in a fresh interpreter where `import pandas` fails, then compare with this one (pandas present).
_SCRIPT = r'''
import json, sys, tempfile, pathlib
import numpy as np
sys.modules["pandas"] = None  # importing pandas raises ImportError
import project8
from project8 import budget, report, rules, tracking, workspace, data_dir, synthetic
import project8._result as result
assert result.pd is None

def shape(out):
    if not isinstance(out, dict):
        return ["not a dict: " + type(out).__name__]
    bad = [k for k, v in out.items() if not (isinstance(v, np.ndarray) and v.ndim == 1)]
    lengths = {len(v) for v in out.values() if isinstance(v, np.ndarray)}
    return {"columns": list(out), "bad": bad, "lengths": sorted(lengths)}

from project8.plan import bundled_plan
from project8.geo import bundled_registry
plan, units = bundled_plan(), bundled_registry()
records = tracking.bundled_records(plan, units)
rs = rules.bundled_rules()
people = synthetic.population(300, seed=1)
folder = pathlib.Path(tempfile.mkdtemp())
ws = workspace.Workspace.create(folder / "ws.p8db", data_dir() / "plans" / "tam-duong-2025" / "plan.yaml")
ws.import_file("ledger", data_dir() / "budget" / "tam-duong-2025-ledger-synthetic.csv")
ledger = budget.bundled_ledger()
audit = budget.audit_payments(rs, rs.read_population(data_dir() / "budget" / "tam-duong-2025-population-synthetic.csv"),
                              data_dir() / "budget" / "tam-duong-2025-payments-synthetic.csv", "2025-12-31")
out = {
    "evaluate": shape(rs.evaluate(people, "2025-06-30")),
    "whatif": shape(rs.whatif(rs, people, "2025-06-30")),
    "progress": shape(tracking.progress(plan, units, records, "2025-12-31")),
    "progress_by_unit": shape(tracking.progress(plan, units, records, "2025-12-31", by_unit=True)),
    "aggregate": shape(tracking.aggregate(plan, units, records, "quarter", "2025-12-31")),
    "quality": shape(tracking.quality(plan, units, records)),
    "records_frame": shape(tracking.records_frame(records)),
    "ledger_entries": shape(ledger.entries()),
    "ledger_summary": shape(ledger.summary("unit", "2025-12-31")),
    "allocation": shape(budget.allocation(1_000_000, np.array([1, 2, 3]))),
    "estimate_lines": shape(budget.estimate(plan, budget.bundled_norms(), budget.bundled_quantities()).lines),
    "audit_flags": shape(audit.flags),
    "audit_suppressed": shape(audit.suppressed_summary()),
    "imports": shape(ws.imports()),
    "report_table": shape(report.build(ws, "2025-12-31").tables()["targets"]),
}
print(json.dumps(out))
'''


def test_without_pandas_every_result_is_a_dict_of_arrays_with_the_same_columns() -> None:
    import project8

    env = dict(os.environ, PYTHONPATH=str(pathlib.Path(project8.__file__).parents[1]))
    run = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, encoding="utf-8",
                         env=env, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    shapes = json.loads(run.stdout)

    import numpy as np
    import pandas as pd
    from project8 import budget, rules, synthetic, tracking
    from project8.geo import bundled_registry
    from project8.plan import bundled_plan

    for name, got in shapes.items():
        assert got["bad"] == [], name
        assert len(got["lengths"]) <= 1, name  # every column as long as the others

    plan, units = bundled_plan(), bundled_registry()
    records = tracking.bundled_records(plan, units)
    rs = rules.bundled_rules()
    people = synthetic.population(300, seed=1)
    frames = {
        "evaluate": rs.evaluate(people, "2025-06-30"),
        "whatif": rs.whatif(rs, people, "2025-06-30").reset_index(),
        "progress": tracking.progress(plan, units, records, "2025-12-31").reset_index(),
        "aggregate": tracking.aggregate(plan, units, records, "quarter", "2025-12-31"),
        "ledger_entries": budget.bundled_ledger().entries(),
        "allocation": budget.allocation(1_000_000, np.array([1, 2, 3])),
    }
    for name, frame in frames.items():
        assert isinstance(frame, pd.DataFrame), name
        assert shapes[name]["columns"] == list(frame.columns), name
        assert shapes[name]["lengths"] == [len(frame)], name
    assert shapes["allocation"]["lengths"] == [3]
    assert "suppressed" in shapes["audit_suppressed"]["columns"]
    assert shapes["imports"]["lengths"] == [1]
