"""End-to-end tests of the `project8` command-line program.

The binary is taken from $PROJECT8_CLI (CTest sets it); the bundled plan is read
from the source tree. Each test runs the real program and checks what a user
would see: exit status, JSON structure, every problem with its location.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import pytest

CLI = os.environ.get("PROJECT8_CLI")
SOURCE = pathlib.Path(os.environ.get("PROJECT8_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
PLAN = SOURCE / "data" / "plans" / "tam-duong-2025" / "plan.yaml"

pytestmark = pytest.mark.skipif(not CLI, reason="PROJECT8_CLI is not set (run through CTest)")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], capture_output=True, text=True, encoding="utf-8", check=False)


def test_plan_show_json_has_the_three_targets() -> None:
    result = run("plan", "show", str(PLAN), "--format", "json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    targets = {t["id"]: t for t in plan["targets"]}
    assert set(targets) == {"T1", "T2", "T3"}
    assert [targets[k]["planned"] for k in ("T1", "T2", "T3")] == [2, 3, 11]
    for t in targets.values():
        assert t["title"]["vi"] and t["title"]["en"]
    assert plan["year"] == 2025
    assert len(plan["activities"]) >= 30


def test_plan_show_text_is_vietnamese_by_default_and_english_on_request() -> None:
    vi = run("plan", "show", str(PLAN))
    en = run("plan", "show", str(PLAN), "--lang", "en")
    assert vi.returncode == 0 and en.returncode == 0
    assert "CHỈ TIÊU" in vi.stdout and "NỘI DUNG 1" in vi.stdout
    assert "TARGETS" in en.stdout and "CONTENT AREA 1" in en.stdout


def test_plan_check_accepts_the_bundled_plan() -> None:
    result = run("plan", "check", str(PLAN))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_plan_check_lists_every_problem_with_its_location(tmp_path: pathlib.Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    # Two independent faults: an impossible date and a target planned below zero.
    broken = text.replace("period: {from: 2025-01-01, to: 2025-12-31}",
                          "period: {from: 2025-01-01, to: 2025-02-30}", 1)
    assert broken != text
    lines = broken.splitlines()
    planned = next(i for i, line in enumerate(lines) if line.strip().startswith("planned:"))
    lines[planned] = lines[planned].split("planned:")[0] + "planned: -2"
    path = tmp_path / "broken.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run("plan", "check", str(path))
    assert result.returncode == 1
    out = result.stdout
    assert "2025-02-30" in out
    assert f"{path}:{planned + 1}:" in out
    assert "2 problems" in out


def test_plan_show_on_a_missing_file_is_a_clear_error(tmp_path: pathlib.Path) -> None:
    result = run("plan", "show", str(tmp_path / "nope.yaml"))
    assert result.returncode != 0
    assert "nope.yaml" in result.stderr
