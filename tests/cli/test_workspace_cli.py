"""End-to-end: a workspace through the CLI — init, imports (all or nothing, once,
surviving a killed import, readers while one writes) and reports in four
formats, with the report's numbers checked against an independent computation
from the same input files."""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterable

import pytest

CLI = os.environ["PROJECT8_CLI"]  # set by conftest.py
SOURCE = pathlib.Path(os.environ.get("PROJECT8_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
DATA = SOURCE / "data"
PLAN = DATA / "plans" / "tam-duong-2025" / "plan.yaml"
RECORDS = DATA / "records" / "tam-duong-2025-synthetic.csv"
LEDGER = DATA / "budget" / "tam-duong-2025-ledger-synthetic.csv"
PAYMENTS = DATA / "budget" / "tam-duong-2025-payments-synthetic.csv"
PEOPLE = DATA / "budget" / "tam-duong-2025-population-synthetic.csv"



def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, encoding="utf-8", check=False)


def rows(path: pathlib.Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture()
def ws(tmp_path: pathlib.Path) -> pathlib.Path:
    f = tmp_path / "ws.p8db"
    assert run("workspace", "init", f, "--plan", PLAN).returncode == 0
    for kind, path in (("records", RECORDS), ("ledger", LEDGER), ("payments", PAYMENTS), ("population", PEOPLE)):
        r = run("workspace", "import", f, kind, path)
        assert r.returncode == 0, r.stderr
    return f


def write_csv(path: pathlib.Path, header: str, lines: Iterable[str]) -> pathlib.Path:
    """A CSV file at ``path``: ``header``, then each of ``lines``."""
    with path.open("w", encoding="utf-8") as f:
        f.write(header + "\n")
        for line in lines:
            f.write(line + "\n")
    return path


def counts(f: pathlib.Path) -> dict[str, int]:
    with sqlite3.connect(f) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("imports", "records", "payments", "ledger")}


def test_imports_are_checked_whole_and_happen_once(ws: pathlib.Path, tmp_path: pathlib.Path) -> None:
    before = counts(ws)
    assert before == {"imports": 4, "records": 13, "payments": 193, "ledger": 24}
    again = run("workspace", "import", ws, "payments", PAYMENTS)
    assert again.returncode == 0 and "already imported" in again.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("date,unit,target,quantity\n2025-05-01,03424,T3,1\n2025-05-02,03424,T9,x\n2025-05-03,99,T3,1\n",
                   encoding="utf-8")
    r = run("workspace", "import", ws, "records", bad)
    assert r.returncode == 1 and f"{bad}:3:4" in r.stderr
    assert counts(ws) == before
    r = run("workspace", "init", ws, "--plan", PLAN)
    assert r.returncode == 1 and "already exists" in r.stderr


def test_a_killed_import_leaves_the_workspace_as_it_was(ws: pathlib.Path, tmp_path: pathlib.Path) -> None:
    # A big payments file: long enough to be killed while it writes.
    big = write_csv(tmp_path / "big.csv", "payment_id,person_id,package,date,amount,episode_id",
                    (f"K{i},s{i % 400:04d},anc_travel,2025-0{1 + i % 9}-15,100000,preg-{i}" for i in range(600_000)))
    before = counts(ws)
    killed = False
    # Each try works on a fresh copy of the workspace; the first kills as soon as
    # the import is writing its transaction (the WAL has grown by 1 MiB), the
    # later ones after a delay. A try whose import finished first is not this
    # case: the next one runs; if none could kill, the test fails.
    for attempt, delay in enumerate((None, None, None, 0.05, 0.1, 0.2, 0.4, 0.8)):
        target = tmp_path / f"try-{attempt}.p8db"
        shutil.copyfile(ws, target)
        wal = pathlib.Path(str(target) + "-wal")
        proc = subprocess.Popen([CLI, "workspace", "import", str(target), "payments", str(big)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        start = time.monotonic()
        while proc.poll() is None and time.monotonic() < start + 60:
            if delay is None and wal.exists() and wal.stat().st_size > (1 << 20):
                break
            if delay is not None and time.monotonic() > start + delay:
                break
            time.sleep(0.002)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed = True
            break
        assert counts(target)["payments"] == before["payments"] + 600_000  # it finished whole
    assert killed, "every import finished before it could be killed: the file is too small for this machine"
    ws = target
    with sqlite3.connect(ws) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert counts(ws) == before
    # And the workspace still works: the same file now imports whole.
    r = run("workspace", "import", ws, "payments", big)
    assert r.returncode == 0, r.stderr
    assert counts(ws)["payments"] == before["payments"] + 600_000


def test_readers_run_while_an_import_writes(ws: pathlib.Path, tmp_path: pathlib.Path) -> None:
    big = write_csv(tmp_path / "big.csv", "person_id,package,date,amount",
                    (f"s{i % 400:04d},anc_travel,2025-03-15,{i % 7}" for i in range(300_000)))
    proc = subprocess.Popen([CLI, "workspace", "import", str(ws), "payments", str(big)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", "json")
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["tables"]
    finally:
        _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err


def test_report_numbers_match_an_independent_computation(ws: pathlib.Path) -> None:
    r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", "json", "--lang", "en", "--no-suppression")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    tables = {t["id"]: t for t in doc["tables"]}
    # Budget by unit: sums of the ledger file.
    sums: dict[str, dict[str, int]] = {}
    for e in rows(LEDGER):
        sums.setdefault(e["unit"], {}).setdefault(e["stage"], 0)
        sums[e["unit"]][e["stage"]] += int(e["amount"])
    budget = tables["budget_units"]
    assert sum(row[1] for row in budget["rows"]) == sum(s["allocated"] for s in sums.values())
    assert sum(row[3] for row in budget["rows"]) == sum(s.get("disbursed", 0) for s in sums.values())
    # Antenatal travel support: the conditions of the rule file, by hand.
    expected: dict[str, list[int]] = {}
    for p in rows(PEOPLE):
        ok = (p["sex"] == "F" and p["ethnicity"] != "1" and p["pregnant"] == "true"
              and (p["village_especially_difficult"] == "true" or p["commune_region"] == "3")
              and int(p["anc_visits"]) >= 1)
        if ok:
            e = expected.setdefault(p["commune"], [0, 0])
            e[0] += 1
            e[1] += 100_000 * min(int(p["anc_visits"]), 4)
    anc = [row for row in tables["packages"]["rows"] if row[0] == "Antenatal visit travel support"]
    total = next(row for row in anc if row[1] == "Total")
    assert total[2] == sum(v[0] for v in expected.values())
    assert total[3] == sum(v[1] for v in expected.values())
    # Targets: planned figures of the plan; achieved = records of the target or of an
    # activity toward it, leaving out units formed on 1/7/2025 partly from communes
    # outside the district, read straight from the YAML files. Codes are reused:
    # 03394 is Xã Thèn Sin (inside) until 30/6/2025, Xã Sin Suối Hồ (partly
    # outside) from 1/7/2025.
    import yaml

    plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    geo = yaml.safe_load((DATA / "geo" / "lai-chau.yaml").read_text(encoding="utf-8"))
    in_district = {u["code"] for u in geo["units"] if u.get("parent") == "106"}
    partly_outside = {e["to"][0] for e in geo["lineage"] if e.get("to") and not set(e["from"]) <= in_district}
    toward_t3 = {"T3"} | {a["id"] for a in plan["activities"] if "T3" in (a.get("targets") or [])}
    t3 = sum(
        int(x["quantity"])
        for x in rows(RECORDS)
        if x["target"] in toward_t3 and not (x["date"] >= "2025-07-01" and x["unit"] in partly_outside)
    )
    targets = {row[0]: row for row in tables["targets"]["rows"]}
    planned = {t["id"]: t["planned"] for t in plan["targets"]}
    assert targets["T3"][2] == planned["T3"] == 11
    assert targets["T3"][3] == t3


def test_small_sensitive_counts_are_suppressed_everywhere(ws: pathlib.Path, tmp_path: pathlib.Path) -> None:
    doc = json.loads(run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", "json").stdout)
    assert doc["suppress_below"] == 5 and doc["suppressed_cells"] > 0
    for t in doc["tables"]:
        if t["id"] in ("packages", "payment_audit"):
            for row in t["rows"]:
                assert row[2] == "<5" or row[2] >= 5
                if row[2] == "<5":
                    assert row[3] == "(ẩn)"
    md = run("workspace", "report", ws, "--as-of", "2025-12-31").stdout
    assert "| <5 | (ẩn) |" in md
    out = tmp_path / "csv"
    assert run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", "csv", "--out-dir", out).returncode == 0
    packages = (out / "packages.csv").read_text(encoding="utf-8")
    assert "<5" in packages


def test_excel_report_opens_with_the_right_cells(ws: pathlib.Path, tmp_path: pathlib.Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "xlsx"
    r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--period", "2025", "--format", "xlsx", "--out-dir", out)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out / "bao-cao-2025.xlsx")
    assert wb.sheetnames[0] == "Thông tin"
    assert {"targets", "progress_01_2022", "budget_units", "packages", "payment_audit", "data_quality"} <= set(wb.sheetnames)
    sheet = wb["budget_units"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Đơn vị" and sheet["A1"].font.bold
    assert sheet["B2"].value == 108_000_000 and sheet["B2"].number_format == "#,##0"
    assert sheet.column_dimensions["A"].width >= len("Huyện Tam Đường")
    targets = wb["targets"]
    assert [targets.cell(row=r, column=1).value for r in range(2, 5)] == ["T1", "T2", "T3"]
    assert targets["C4"].value == 11
    assert any(row[2].value == "<5" for row in wb["packages"].iter_rows(min_row=2))


def test_english_markdown_and_period(ws: pathlib.Path) -> None:
    r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--period", "2025-H1", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert "## Targets" in r.stdout and "**Period**: 2025-H1" in r.stdout and "**As of**: 2025-06-30" in r.stdout
    assert "official form of Circular 01/2022/TT-UBDT was not found" in r.stdout
    r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", "xlsx")
    assert r.returncode == 2 and "--out" in r.stderr  # a usage error


def test_two_processes_importing_the_same_file_import_it_once(ws: pathlib.Path, tmp_path: pathlib.Path) -> None:
    big = write_csv(tmp_path / "same.csv", "person_id,package,date,amount",
                    (f"s{i % 400:04d},anc_travel,2025-04-15,{i % 9}" for i in range(100_000)))
    before = counts(ws)
    procs = [subprocess.Popen([CLI, "workspace", "import", str(ws), "payments", str(big)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert sum("already imported" in out for out, _ in outs) == 1
    after = counts(ws)
    assert after["imports"] == before["imports"] + 1
    assert after["payments"] == before["payments"] + 100_000


def _keys(value: object) -> object:
    """The shape of a JSON document: its keys (and list lengths), not its values."""
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keys(v) for v in value] if value and isinstance(value[0], (dict, list)) else len(value)
    return None


def test_the_json_report_has_the_same_keys_in_either_language_and_the_csv_the_same_header(
        ws: pathlib.Path, tmp_path: pathlib.Path) -> None:
    docs = {}
    for lang in ("vi", "en"):
        r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", "json", "--lang", lang)
        assert r.returncode == 0, r.stderr
        docs[lang] = json.loads(r.stdout)
        assert run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", "csv", "--lang", lang,
                   "--out-dir", tmp_path / lang).returncode == 0
    assert _keys(docs["vi"]) == _keys(docs["en"])
    assert docs["vi"]["facts"]["year"] == {"label": "Năm", "value": "2025"}
    assert docs["en"]["facts"]["year"] == {"label": "Year", "value": "2025"}
    for t_vi, t_en in zip(docs["vi"]["tables"], docs["en"]["tables"], strict=False):
        assert [c["key"] for c in t_vi["columns"]] == [c["key"] for c in t_en["columns"]]
        assert all(c["key"].isidentifier() and c["key"] == c["key"].lower() for c in t_vi["columns"])
        vi_header = (tmp_path / "vi" / f"{t_vi['id']}.csv").read_text(encoding="utf-8").splitlines()[0]
        en_header = (tmp_path / "en" / f"{t_en['id']}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert vi_header == en_header == ",".join(c["key"] for c in t_vi["columns"])
