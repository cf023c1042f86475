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

CLI = os.environ["PROJECT8_CLI"]  # set by conftest.py
SOURCE = pathlib.Path(os.environ.get("PROJECT8_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
PLAN = SOURCE / "data" / "plans" / "tam-duong-2025" / "plan.yaml"



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


RULES = SOURCE / "data" / "rules" / "safe-motherhood.yaml"
PEOPLE = (
    "id,sex,ethnicity,pregnant,anc_visits,delivery,commune_region,village_especially_difficult\n"
    "a,F,3,true,6,none,3,\n"
    "\"b,1\",F,1,true,2,normal,3,true\n"
    "c,F,3,true,2,caesarean,,\n"
)


def test_rules_check_and_test_on_the_bundled_rules() -> None:
    check = run("rules", "check", str(RULES))
    assert check.returncode == 0 and "OK (2 packages" in check.stdout
    test = run("rules", "test", str(RULES))
    assert test.returncode == 0, test.stdout
    assert "10 of 10 tests passed" in test.stdout
    assert "9 of 9 conditions" in test.stdout
    poverty = SOURCE / "data" / "rules" / "poverty-decree-07-2021.yaml"
    check = run("rules", "check", str(poverty))
    assert check.returncode == 0 and "OK (2 packages, 3 parameters, 6 tests)" in check.stdout
    test = run("rules", "test", str(poverty))
    assert test.returncode == 0, test.stdout
    assert "6 of 6 tests passed" in test.stdout and "4 of 4 conditions" in test.stdout


def test_rules_check_locates_an_error_inside_an_expression(tmp_path: pathlib.Path) -> None:
    broken = RULES.read_text(encoding="utf-8").replace('when: "sex == \'F\'"', 'when: "sex == \'X\'"', 1)
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    result = run("rules", "check", str(path))
    assert result.returncode == 1
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "sex == 'X'" in text)
    column = broken.splitlines()[line - 1].index("'X'") + 1
    assert f"{path}:{line}:{column}: " in result.stdout
    assert "expected one of F, M" in result.stdout


def test_eligibility_writes_the_contract_columns_and_a_summary(tmp_path: pathlib.Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run("rules", "eval", str(RULES), "--population", str(people), "--as-of", "2025-06-30",
                 "--out", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    import csv

    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["id", "anc_travel_eligible", "anc_travel_amount", "anc_travel_reason",
                             "delivery_support_eligible", "delivery_support_amount", "delivery_support_reason"]
    assert [r["id"] for r in rows] == ["a", "b,1", "c"]
    assert [r["anc_travel_amount"] for r in rows] == ["400000", "0", "0"]
    assert [r["anc_travel_reason"] for r in rows] == ["", "ethnic_minority", "unknown:target_area"]
    assert rows[0]["anc_travel_eligible"] == "true"
    assert "anc_travel" in result.stderr and "1 eligible" in result.stderr and "400.000 đ" in result.stderr


def test_eligibility_explain_and_bad_population(tmp_path: pathlib.Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    result = run("rules", "explain", str(RULES), "--population", str(people), "--as-of", "2025-06-30",
                 "--person", "a", "--lang", "en")
    assert result.returncode == 0
    assert "100000 * min(6, 4)" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(PEOPLE.replace("a,F,3,true,6", "a,F,three,true,6"), encoding="utf-8")
    result = run("rules", "eval", str(RULES), "--population", str(bad), "--as-of", "2025-06-30")
    assert result.returncode == 1
    assert f"{bad}:2:3: ethnicity: expected an integer" in result.stderr
    assert "three" not in result.stderr


def test_whatif_reports_gainers_and_cost(tmp_path: pathlib.Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    variant = tmp_path / "variant.yaml"
    variant.write_text(RULES.read_text(encoding="utf-8").replace('when: "ethnicity != 1"', 'when: "ethnicity >= 1"'),
                       encoding="utf-8")
    result = run("rules", "whatif", str(RULES), "--variant", str(variant), "--population", str(people),
                 "--as-of", "2025-06-30", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "anc_travel: 1 → 2 persons (+1 / -0)" in result.stdout
    assert "gained, formerly stopped by ethnic_minority: 1" in result.stdout


RECORDS = SOURCE / "data" / "records" / "tam-duong-2025-synthetic.csv"


def test_progress_json_has_every_target_with_status() -> None:
    result = run("records", "progress", str(RECORDS), "--plan", str(PLAN), "--as-of", "2025-12-31",
                 "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    targets = {t["id"]: t for t in data["targets"]}
    assert set(targets) == {"T1", "T2", "T3"}
    assert (targets["T3"]["planned"], targets["T3"]["achieved"], targets["T3"]["status"]) == (11, 7, "behind")
    assert round(targets["T2"]["percent"], 1) == 66.7
    assert {s["kind"] for s in data["scope_issues"]} == {"scope_ambiguous"}
    units = {(u["id"], u["unit"]) for u in data["by_unit"]}
    assert ("T3", "03390") in units


def test_progress_text_by_unit_and_by_period(tmp_path: pathlib.Path) -> None:
    text = run("records", "progress", str(RECORDS), "--plan", str(PLAN), "--as-of", "2025-12-31", "--by", "unit")
    assert text.returncode == 0
    assert "Chậm tiến độ" in text.stdout and "Xã Bình Lư" in text.stdout and "late" in text.stdout
    periods = run("records", "progress", str(RECORDS), "--plan", str(PLAN), "--as-of", "2025-12-31", "--by", "quarter",
                  "--format", "csv")
    assert periods.returncode == 0
    assert "T3,2025-Q4,1,7,1" in periods.stdout


def test_progress_rejects_a_bad_records_file_with_every_problem(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "records.csv"
    bad.write_text("date,unit,target,quantity\n2025-03-12,03412,T9,1\n2025-08-14,03412,T3,-1\n", encoding="utf-8")
    result = run("records", "progress", str(bad), "--plan", str(PLAN), "--as-of", "2025-12-31")
    assert result.returncode == 1
    assert f"{bad}:2:3: target:" in result.stderr
    assert f"{bad}:3:2: unit:" in result.stderr
    assert f"{bad}:3:4: quantity:" in result.stderr


@pytest.mark.parametrize("kind", ["records", "payments", "ledger", "quantities"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_format_docs_are_the_declared_fields(kind: str, lang: str) -> None:
    result = run("formats", "show", kind, "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("| c")
    assert result.stdout in (SOURCE / "docs" / "formats.md").read_text(encoding="utf-8"), (
        f"docs/formats.md is behind the declared fields: paste `project8 formats show {kind} --lang {lang}`")


def test_the_language_defaults_from_the_locale_vietnamese_when_not_english() -> None:
    def show(**env: str) -> str:
        base = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL")}
        return subprocess.run([CLI, "formats", "show", "payments"], capture_output=True, text=True, encoding="utf-8",
                              check=True, env={**base, **env}).stdout

    assert show().startswith("| cột |")
    assert show(LANG="C.UTF-8").startswith("| cột |")
    assert show(LANG="en_US.UTF-8").startswith("| column |")
    assert show(LANG="en_US.UTF-8", LC_ALL="vi_VN.UTF-8").startswith("| cột |")
    assert show(LC_ALL="en_GB.UTF-8").startswith("| column |")


def test_rules_eval_reads_standard_input_and_writes_standard_output_in_a_pipe() -> None:
    piped = subprocess.run([CLI, "rules", "eval", str(RULES), "--population", "-", "--out", "-", "--as-of",
                            "2025-06-30", "--lang", "en"], input=PEOPLE, capture_output=True, text=True,
                           encoding="utf-8", check=False)
    assert piped.returncode == 0, piped.stderr
    lines = piped.stdout.splitlines()
    assert lines[0].startswith("id,anc_travel_eligible") and len(lines) == 4
    assert "1 eligible" in piped.stderr  # the summary goes to stderr, the results stay clean
    bad = subprocess.run([CLI, "rules", "eval", str(RULES), "--population", "-", "--as-of", "2025-06-30"],
                         input=PEOPLE.replace(",2,", ",two,", 1), capture_output=True, text=True, encoding="utf-8",
                         check=False)
    assert bad.returncode == 1 and "stdin:3:5: anc_visits" in bad.stderr


def test_exit_status_is_0_success_1_data_2_usage() -> None:
    assert run("money", "parse", "1.000").returncode == 0
    assert run("money", "parse", "1.23").returncode == 1  # a bad value in the data
    assert run("rules", "eval", str(RULES), "--population", "-").returncode == 2  # --as-of is required
    assert run("budget", "allocate", "--total", "1", "--units", "u.csv", "--weight", "1").returncode == 2
    assert run("nonsense").returncode == 2
    assert "Exit status: 0 success; 1" in run("rules", "eval", "--help").stdout
    assert "Exit status" in run("--help").stdout


def test_a_population_with_undecidable_rows_says_so_and_exits_1(tmp_path: pathlib.Path) -> None:
    text = RULES.read_text(encoding="utf-8")
    assert 'amount: "anc_travel_per_visit * min(anc_visits, anc_visits_max)"' in text
    rules = tmp_path / "r.yaml"  # an amount that divides by zero for everyone: every decision fails
    rules.write_text(text.replace('amount: "anc_travel_per_visit * min(anc_visits, anc_visits_max)"',
                                  'amount: "anc_travel_per_visit / (anc_visits - anc_visits)"'), encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    ok = run("rules", "eval", str(RULES), "--population", str(people), "--as-of", "2025-06-30", "--lang", "en")
    assert ok.returncode == 0 and "could not be made" not in ok.stderr
    bad = run("rules", "eval", str(rules), "--population", str(people), "--as-of", "2025-06-30", "--lang", "en")
    assert bad.returncode == 1
    assert "decisions could not be made (data errors)" in bad.stderr and "error:amount" in bad.stdout


@pytest.mark.parametrize("old, new", [
    (["progress", "--plan", "{plan}", "--records", "{records}", "--as-of", "2025-12-31", "--by", "period",
      "--period", "quarter", "--format", "csv"],
     ["records", "progress", "{records}", "--plan", "{plan}", "--as-of", "2025-12-31", "--by", "quarter",
      "--format", "csv"]),
    (["eligibility", "--rules", "{rules}", "--population", "{people}", "--as-of", "2025-06-30"],
     ["rules", "eval", "{rules}", "--population", "{people}", "--as-of", "2025-06-30"]),
    (["eligibility", "--rules", "{rules}", "--population", "{people}", "--as-of", "2025-06-30", "--explain", "a"],
     ["rules", "explain", "{rules}", "--population", "{people}", "--as-of", "2025-06-30", "--person", "a"]),
    (["money", "1.234"], ["money", "parse", "1.234"]),
    (["period", "2025-Q3"], ["period", "show", "2025-Q3"]),
])
def test_the_old_command_names_still_work_for_one_release_with_a_note(
        tmp_path: pathlib.Path, old: list[str], new: list[str]) -> None:
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    names = {"plan": str(PLAN), "records": str(RECORDS), "rules": str(RULES), "people": str(people)}
    before = run(*[a.format(**names) for a in old])
    after = run(*[a.format(**names) for a in new])
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout
    assert f"'{old[0]}' is deprecated" in before.stderr and "deprecated" not in after.stderr


def test_units_show_a_code_at_a_date() -> None:
    # 03390 was Thị trấn Tam Đường until 30/6/2025 and is Xã Bình Lư since (Công văn 1027/CTK-CSCL).
    before = json.loads(run("units", "show", "03390", "--on", "2025-06-30", "--format", "json").stdout)
    after = json.loads(run("units", "show", "03390", "--on", "2025-07-01", "--format", "json").stdout)
    assert (before["name"], before["kind"], before["valid_to"]) == ("Thị trấn Tam Đường", "township", "2025-06-30")
    assert (after["name"], after["kind"], after["valid_from"]) == ("Xã Bình Lư", "commune", "2025-07-01")
    assert [u["name"] for u in before["successors"]] == ["Xã Bình Lư"]
    assert sorted(u["code"] for u in after["predecessors"]) == ["03390", "03412", "03413"]
    assert after["parent"]["code"] == "12" and before["parent"]["code"] == "106"
    # In 2025 the new commune's zone classes are its former communes', through the lineage.
    assert {z["unit"]["code"] for z in after["zones_in_force"]} == {"03390", "03412", "03413"}
    text = run("units", "show", "03390", "--on", "2025-09-01").stdout
    assert "Hình thành từ: Thị trấn Tam Đường" in text and "Mã này cũng là" in text
    gone = run("units", "show", "03412", "--on", "2025-09-01")
    assert gone.returncode == 1
    assert "no unit '03412' existed on 2025-09-01 (the code named: Xã Bình Lư (..2025-06-30))" in gone.stderr


def test_units_list_counts_the_province_on_each_side_of_the_reform() -> None:
    def communes(day: str) -> list[dict[str, str]]:
        return json.loads(run("units", "list", "--on", day, "--level", "commune", "--format", "json").stdout)

    assert len(communes("2025-06-30")) == 106
    assert len(communes("2025-07-01")) == 38
    assert len(json.loads(run("units", "list", "--on", "2025-06-30", "--level", "district", "--format", "json").stdout)) == 8


def test_plan_check_checks_the_programme(tmp_path: pathlib.Path) -> None:
    text = (SOURCE / "tests" / "data" / "plan-2026-illustrative.yaml").read_text(encoding="utf-8")
    assert run("plan", "check", str(SOURCE / "tests" / "data" / "plan-2026-illustrative.yaml")).returncode == 0
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text.replace("{id: ntp-2026-2035, phase: 1}", "{id: ntp-1719, phase: 1}"), encoding="utf-8")
    r = run("plan", "check", str(wrong))
    assert r.returncode == 1
    assert "programme.phase: the plan's period 2026-01-01..2026-12-31 lies outside phase 1 of 'ntp-1719'" in r.stdout


def test_a_registry_table_reads_the_units_given() -> None:
    data = SOURCE / "tests" / "data" / "rule-tables"
    args = ("rules", "eval", str(data / "rules.yaml"), "--population", str(data / "people.csv"),
            "--units", str(data / "units.yaml"))
    before = run(*args, "--as-of", "2025-06-30")
    assert before.returncode == 0, before.stderr
    assert before.stdout.splitlines()[1:4] == [
        "a,false,0,region_3", "b,true,150000,", "c,true,150000,"]
    after = run(*args, "--as-of", "2025-09-01")
    assert after.stdout.splitlines()[1] == "a,false,0,unknown:region_3"
    explained = run("rules", "explain", str(data / "rules.yaml"), "--population", str(data / "people.csv"),
                    "--units", str(data / "units.yaml"), "--as-of", "2025-09-01", "--person", "c",
                    "--lang", "en")
    assert "Table communes['03394'].region = 3 (Xã Sin Suối Hồ (03394): the classes of the units it was " \
           "formed from: Xã Thèn Sin region 3" in explained.stdout
    # The bundled registry (the default) records no region for 2021–2025: unknown, never a guess.
    bundled = run("rules", "eval", str(data / "rules.yaml"), "--population", str(data / "people.csv"),
                  "--as-of", "2025-06-30")
    assert bundled.stdout.splitlines()[1] == "a,false,0,unknown:region_3"


def test_households_in_and_out(tmp_path: pathlib.Path) -> None:
    data = SOURCE / "tests" / "data" / "rule-households"
    args = ("rules", "eval", str(data / "rules.yaml"), "--population", str(data / "people.csv"),
            "--as-of", "2025-06-30", "--lang", "en")
    out = run(*args, "--households", str(data / "households.csv"), "--out", str(tmp_path / "p.csv"),
              "--out-households", str(tmp_path / "h.csv"))
    assert out.returncode == 0, out.stderr
    assert "8 persons, 4 households" in out.stderr
    assert "household_support — Support for poor households with young children: 1 households eligible" in out.stderr
    assert (tmp_path / "h.csv").read_text().splitlines() == [
        "household_id,household_support_eligible,household_support_amount,household_support_reason",
        "H1,true,700000,", "H2,false,0,poor", "H3,false,0,unknown:poor", "H4,false,0,young_children"]
    assert (tmp_path / "p.csv").read_text().splitlines()[1:5] == [
        "P1,true,100000,", "P2,false,0,female", "P3,false,0,age", "P4,false,0,poor_household"]
    missing = run(*args)
    assert missing.returncode == 1
    assert "declares households: give them with --households FILE" in missing.stderr
    nowhere = run(*args, "--households", str(data / "households.csv"))
    assert "has household packages: say where their results go with --out-households FILE" in nowhere.stderr
    explained = run("rules", "explain", str(data / "rules.yaml"), "--population", str(data / "people.csv"),
                    "--households", str(data / "households.csv"), "--as-of", "2025-06-30",
                    "--household", "H1", "--lang", "en")
    assert explained.returncode == 0, explained.stderr
    assert "household, row 1 (H1)" in explained.stdout
    assert "Variable size = 3" in explained.stdout
    person = run("rules", "explain", str(data / "rules.yaml"), "--population", str(data / "people.csv"),
                 "--households", str(data / "households.csv"), "--as-of", "2025-06-30",
                 "--person", "P6", "--lang", "en")
    assert "household.poor  →  ∅" in person.stdout


def test_a_full_disk_is_an_error_never_a_short_output(tmp_path: pathlib.Path) -> None:
    # /dev/full fails every write with ENOSPC, as a full disk does.
    data = SOURCE / "tests" / "data" / "rule-households"
    out = run("rules", "eval", str(data / "rules.yaml"), "--population", str(data / "people.csv"),
              "--households", str(data / "households.csv"), "--as-of", "2025-06-30",
              "--out", "/dev/full", "--out-households", str(tmp_path / "h.csv"))
    assert out.returncode == 1 and "/dev/full: cannot write the file (the disk is full)" in out.stderr
    with open("/dev/full", "w", encoding="utf-8") as full:
        shown = subprocess.run([CLI, "plan", "show", str(PLAN)], stdout=full, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8", check=False)
    assert shown.returncode == 1
    assert "standard output: cannot write (disk full or closed?)" in shown.stderr


def test_whatif_with_households(tmp_path: pathlib.Path) -> None:
    data = SOURCE / "tests" / "data" / "rule-households"
    variant = tmp_path / "variant.yaml"
    variant.write_text((data / "rules.yaml").read_text(encoding="utf-8").replace("value: 0.7,", "value: 0.8,"),
                       encoding="utf-8")
    out = run("rules", "whatif", str(data / "rules.yaml"), "--variant", str(variant), "--population",
              str(data / "people.csv"), "--households", str(data / "households.csv"), "--as-of", "2025-06-30",
              "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "household_support: 1 → 1 households (+0 / -0)" in out.stdout
    assert "anc_travel: 1 → 1 persons" in out.stdout


def test_results_never_overwrite_an_input(tmp_path: pathlib.Path) -> None:
    data = SOURCE / "tests" / "data" / "rule-households"
    people = tmp_path / "people.csv"
    people.write_bytes((data / "people.csv").read_bytes())
    before = people.read_bytes()
    for out in (("--out", str(people), "--out-households", str(tmp_path / "h.csv")),
                ("--out", str(tmp_path / "p.csv"), "--out-households", str(people))):
        result = run("rules", "eval", str(data / "rules.yaml"), "--population", str(people), "--households",
                     str(data / "households.csv"), "--as-of", "2025-06-30", *out)
        assert result.returncode == 1
        assert "is a file this command reads" in result.stderr
        assert people.read_bytes() == before
    assert not (tmp_path / "p.csv").exists()  # nothing written before the check
