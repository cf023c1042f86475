"""Officers' real files: each officer-style copy of the Tam Đường records,
payments and ledger (tests/officer_files/make_officer_files.py) imports into a
workspace, says what was normalised, and gives exactly the report the clean
CSV gives."""

from __future__ import annotations

import functools
import json
import os
import pathlib
import subprocess
import sys

import pytest

CLI = os.environ["PROJECT8_CLI"]
SOURCE = pathlib.Path(os.environ.get("PROJECT8_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
PLAN = SOURCE / "data" / "plans" / "tam-duong-2025" / "plan.yaml"
CLEAN = {
    "records": SOURCE / "data" / "records" / "tam-duong-2025-synthetic.csv",
    "ledger": SOURCE / "data" / "budget" / "tam-duong-2025-ledger-synthetic.csv",
}
sys.path.insert(0, str(SOURCE / "tests" / "officer_files"))
import make_officer_files  # noqa: E402

VARIANTS = ["semicolon-crlf-bom", "windows-1258", "tcvn3", "utf-16", "day-first", "xlsx", "lost-zeros",
            "unit-names", "unit-names-plain"]
EXTRA = {"windows-1258": ["--encoding", "windows-1258"], "tcvn3": ["--encoding", "tcvn3"]}
SAID = {"semicolon-crlf-bom": "delimiter: ';'", "windows-1258": "encoding: Windows-1258",
        "tcvn3": "encoding: TCVN3", "utf-16": "encoding: UTF-16 LE", "xlsx": "Excel workbook: sheet 'Biểu 01', header on row 4",
        "lost-zeros": "unit: '3412' (code that had lost its leading zeros, completed) → 03412, 1 row",
        "unit-names": "unit: 'Xã Bình Lư' (unit name) → 03390, ",
        "unit-names-plain": "unit: 'Xa Binh Lu' (unit name written without diacritics) → 03390, ",
        "day-first": "column date: 13 cells in another accepted form (day first, or yes/no, có/không, x)"}


@functools.cache
def _communes_on(day: str) -> dict[str, str]:
    r = run("units", "list", "--on", day, "--level", "commune", "--format", "json")
    assert r.returncode == 0, r.stderr
    return {u["code"]: u["name"] for u in json.loads(r.stdout)}


def name_of(code: str, day: str) -> str | None:
    """The name of the commune `code` names on `day` (districts keep their codes)."""
    return _communes_on(day).get(code)


def vietnamese(kind: str, tmp: pathlib.Path) -> pathlib.Path:
    """The clean file with its notes in Vietnamese, so that every encoding has letters to get right."""
    path = tmp / "clean" / CLEAN[kind].name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = CLEAN[kind].read_text(encoding="utf-8")
    path.write_text(text.replace("illustrative record", "bản ghi minh hoạ - Xã Bình Lư, Tả Lèng")
                    .replace("Synthetic", "Tổng hợp (mẫu): Hội Liên hiệp Phụ nữ huyện"), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LANG="en_GB.UTF-8", LC_ALL="")
    return subprocess.run([CLI, *args], capture_output=True, text=True, encoding="utf-8", check=False, env=env)


def report(tmp: pathlib.Path, files: dict[str, tuple[pathlib.Path, list[str]]]) -> tuple[dict, str]:
    tmp.mkdir(parents=True)
    ws = tmp / "ws.p8db"
    assert run("workspace", "init", str(ws), "--plan", str(PLAN)).returncode == 0
    said = ""
    for kind, (path, extra) in files.items():
        r = run("workspace", "import", str(ws), kind, str(path), *extra)
        assert r.returncode == 0, r.stderr
        said += r.stderr + r.stdout
    r = run("workspace", "report", str(ws), "--as-of", "2025-12-31", "--format", "json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout), said


@pytest.mark.parametrize("variant", VARIANTS)
def test_an_officers_copy_gives_the_clean_report_and_says_what_it_normalised(variant: str, tmp_path: pathlib.Path) -> None:
    clean_files = {kind: vietnamese(kind, tmp_path / kind) for kind in CLEAN}
    clean, _ = report(tmp_path / "clean", {k: (p, []) for k, p in clean_files.items()})
    files = {}
    for kind, path in clean_files.items():
        made = make_officer_files.make(path, tmp_path / "files" / kind, name_of=name_of)
        files[kind] = (made[variant], EXTRA.get(variant, []))
    got, said = report(tmp_path / "officer", files)
    assert got == clean
    if variant in SAID:
        assert SAID[variant] in said, said
    else:
        assert "→" not in said and ": " not in said.replace("imported", ""), said


def test_a_legacy_encoding_not_asked_for_is_refused_naming_it(tmp_path: pathlib.Path) -> None:
    made = make_officer_files.make(vietnamese("records", tmp_path), tmp_path)
    ws = tmp_path / "ws.p8db"
    assert run("workspace", "init", str(ws), "--plan", str(PLAN)).returncode == 0
    for variant, key in (("windows-1258", "windows-1258"), ("tcvn3", "tcvn3")):
        r = run("workspace", "import", str(ws), "records", str(made[variant]))
        assert r.returncode == 1
        assert "is not valid UTF-8; it looks like" in r.stderr and f"--encoding {key}" in r.stderr
    assert run("workspace", "imports", str(ws)).stdout.count("\n") == 1  # the header: nothing imported


def test_a_bad_cell_in_a_workbook_is_located_by_sheet_and_cell(tmp_path: pathlib.Path) -> None:
    from openpyxl import load_workbook

    made = make_officer_files.make(CLEAN["records"], tmp_path)
    wb = load_workbook(made["xlsx"])
    ws = wb["Biểu 01"]
    ws["D7"] = "một"  # quantity on the third record
    wb.save(made["xlsx"])
    r = run("records", "progress", str(made["xlsx"]), "--plan", str(PLAN), "--as-of", "2025-12-31")
    assert r.returncode == 1
    assert f"{made['xlsx']}:Biểu 01!D7: quantity: expected an integer" in r.stderr
