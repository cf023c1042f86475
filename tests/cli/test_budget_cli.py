"""End-to-end tests of the budget commands: allocate, estimate, audit-payments, ledger.

Each checks what a user would see, and the allocation and ledger figures are
recomputed here independently from the same input files.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import subprocess
from fractions import Fraction

CLI = os.environ["PROJECT8_CLI"]  # set by conftest.py
SOURCE = pathlib.Path(os.environ.get("PROJECT8_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
PLAN = SOURCE / "data" / "plans" / "tam-duong-2025" / "plan.yaml"
BUDGET = SOURCE / "data" / "budget"
RULES = SOURCE / "data" / "rules" / "safe-motherhood.yaml"
WEIGHT = ("max(if(region == 3 or atk or border, 50, 0), if(region == 2, 40, 0), "
          "if(region == 1, 30, 0), 25) + dbkk_villages")



def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, encoding="utf-8", check=False)


def test_allocate_sums_exactly_and_follows_the_weights() -> None:
    units = BUDGET / "tam-duong-units-2026-illustrative.csv"
    r = run("budget", "allocate", "--total", "124000000", "--round", "1000", "--units", units, "--weight", WEIGHT,
            "--reserve", "district=10000000", "--as-of", "2026-01-01")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [k for k in rows[0]] == ["unit", "weight", "amount", "explanation"]
    assert sum(int(x["amount"]) for x in rows) == 124_000_000
    lines = [x for x in rows if x["weight"]]
    # Independent check: each amount is within one step of its exact share.
    attrs = {x["unit"]: x for x in csv.DictReader(io.StringIO(pathlib.Path(units).read_text(encoding="utf-8")))}
    weights = {}
    for u, a in attrs.items():
        region = int(a["region"])
        klass = max(50 if region == 3 or a["atk"] == "true" or a["border"] == "true" else 0,
                    40 if region == 2 else 0, 30 if region == 1 else 0, 25)
        weights[u] = klass + int(a["dbkk_villages"])
    total_w = sum(weights.values())
    for x in lines:
        assert int(x["weight"]) == weights[x["unit"]]
        exact = Fraction(114_000_000 * weights[x["unit"]], total_w)
        assert abs(int(x["amount"]) - exact) < 1000
        assert int(x["amount"]) % 1000 == 0
    assert "trọng số" in lines[0]["explanation"]


def test_allocate_writes_a_formula_like_unit_as_text(tmp_path: pathlib.Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text('unit,w\n"=HYPERLINK(""http://evil"",""x"")",1\n03390,1\n', encoding="utf-8")
    r = run("budget", "allocate", "--total", "1000", "--units", units, "--weight", "w", "--as-of", "2026-01-01")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows[0]["unit"] == "'=HYPERLINK(\"http://evil\",\"x\")"  # a spreadsheet shows it as text
    assert rows[1]["unit"] == "03390"


def test_allocate_reports_every_unit_without_a_weight_and_bad_formulas() -> None:
    r = run("budget", "allocate", "--total", "1000", "--units", BUDGET / "tam-duong-units-2026.csv", "--weight", WEIGHT,
            "--column", "region=int", "--column", "atk=bool", "--column", "border=bool",
            "--column", "dbkk_villages=int", "--as-of", "2026-01-01")
    assert r.returncode == 1
    assert r.stderr.count("the weight is missing") == 5
    r = run("budget", "allocate", "--total", "1000", "--units", BUDGET / "tam-duong-units-2026-illustrative.csv",
            "--weight", "region + villages", "--as-of", "2026-01-01")
    assert r.returncode == 1
    assert "--weight:1:10" in r.stderr and "villages" in r.stderr
    r = run("budget", "allocate", "--total", "1001", "--round", "1000", "--units",
            BUDGET / "tam-duong-units-2026-illustrative.csv", "--weight", "dbkk_villages", "--as-of", "2026-01-01")
    assert r.returncode == 1 and "multiple" in r.stderr


def test_allocate_json_with_floor_and_cap() -> None:
    r = run("budget", "allocate", "--total", "100000000", "--units", BUDGET / "tam-duong-units-2026-illustrative.csv",
            "--weight", "dbkk_villages", "--floor", "15000000", "--cap", "25000000", "--format", "json",
            "--lang", "en", "--as-of", "2026-01-01")
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    amounts = {u["unit"]: u["amount"] for u in j["units"]}
    assert sum(amounts.values()) == 100_000_000
    assert amounts["03390"] == 15_000_000
    assert all(15_000_000 <= a <= 25_000_000 for a in amounts.values())
    assert any("raised to its floor" in u["explanation"] for u in j["units"])


def test_estimate_text_csv_and_missing_norms() -> None:
    args = ["estimate", "--plan", PLAN, "--norms", BUDGET / "norms-illustrative.yaml",
            "--quantities", BUDGET / "tam-duong-2025-quantities.csv"]
    r = run(*args, "--format", "csv", "--lang", "en")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    for x in rows:
        factors = [int(f) for f in x["quantity_formula"].split(" × ")]
        q = 1
        for f in factors:
            q *= f
        assert int(x["quantity"]) == q
        assert int(x["amount"]) == q * int(x["rate"])
    anc = [x for x in rows if x["norm"] == "anc_travel_visit"]
    assert anc and anc[0]["status"] == "verified" and anc[0]["rate"] == "100000"
    assert "delivery_support_birth" in r.stderr  # missing, reported, not guessed
    text = run(*args)
    assert "Thiếu định mức" in text.stdout
    total = sum(int(x["amount"]) for x in rows)
    j = json.loads(run(*args, "--format", "json").stdout)
    assert j["total"] == total and j["complete"] is False


def test_audit_payments_flags_and_summary(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "flags.csv"
    r = run("payments", "audit", BUDGET / "tam-duong-2025-payments-synthetic.csv", "--rules", RULES,
            "--population", BUDGET / "tam-duong-2025-population-synthetic.csv", "--as-of", "2025-12-31",
            "--flags", out, "--format", "json")
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    flags = list(csv.DictReader(io.StringIO(pathlib.Path(out).read_text(encoding="utf-8"))))
    kinds = {f["flag"] for f in flags}
    assert {"unknown_person", "ineligible", "duplicate", "over_entitlement", "after_as_of"} <= kinds
    assert j["payments"] == j["clean"] + len({f["line"] for f in flags})
    assert "ethnicity" not in out.read_text(encoding="utf-8")
    assert set(flags[0]) == {"line", "payment_id", "person_id", "package", "date", "amount", "flag",
                             "entitlement", "paid_so_far"}
    for row in j["summary"]:
        assert row["payments"] == "<5" or row["payments"] >= 5


def test_ledger_summary_matches_an_independent_sum() -> None:
    ledger = BUDGET / "tam-duong-2025-ledger-synthetic.csv"
    r = run("ledger", "summary", ledger, "--as-of", "2025-12-31", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = {x["unit"]: x for x in json.loads(r.stdout)}
    sums: dict[str, dict[str, int]] = {}
    for e in csv.DictReader(io.StringIO(pathlib.Path(ledger).read_text(encoding="utf-8"))):
        sums.setdefault(e["unit"], {}).setdefault(e["stage"], 0)
        sums[e["unit"]][e["stage"]] += int(e["amount"])
    for unit, s in sums.items():
        for stage, v in s.items():
            assert rows[unit][stage] == v
        rate = round(Fraction(s.get("disbursed", 0) * 100, s["allocated"]), 1)
        assert abs(rows[unit]["rate_percent"] - float(rate)) < 0.051


def test_ledger_rejects_overspending_and_changes_nothing(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,unit,activity,funding_source,stage,amount\n"
                   "2025-12-01,106,A1.3,state_budget,disbursed,99000000\n", encoding="utf-8")
    r = run("ledger", "check", BUDGET / "tam-duong-2025-ledger-synthetic.csv", bad)
    assert r.returncode == 1
    assert f"{bad}:2" in r.stderr and "more than the" in r.stderr and "committed" in r.stderr


def test_ledger_carry_over_round_trips(tmp_path: pathlib.Path) -> None:
    ledger = BUDGET / "tam-duong-2025-ledger-synthetic.csv"
    r = run("ledger", "carry-over", ledger, "--year", "2025")
    assert r.returncode == 0, r.stderr
    carry = tmp_path / "carry.csv"
    carry.write_text(r.stdout, encoding="utf-8")
    s = json.loads(run("ledger", "summary", ledger, carry, "--as-of", "2026-01-01", "--format", "json",
                       "--by", "funding_source").stdout)
    y25 = json.loads(run("ledger", "summary", ledger, "--as-of", "2025-12-31", "--format", "json",
                         "--by", "funding_source").stdout)
    assert s[0]["allocated"] == y25[0]["allocated"] - y25[0]["disbursed"]
    again = run("ledger", "carry-over", ledger, carry, "--year", "2025")
    assert again.returncode == 1 and "already carried over" in again.stderr
