"""Files made to hurt (issue 21): what a careless or hostile file does to the program.

Each test reproduces an attack the issue reports and asserts the safe outcome.
The header checks were quadratic: a population file of 10^6 columns (7.9 MB)
was still being read after 120 s. They are linear now; the tests give the
program a generous time limit (a hang fails them, they time nothing).
"""

from __future__ import annotations

import os
import pathlib
import resource
import signal
import stat
import subprocess

CLI = os.environ["PROJECT8_CLI"]  # set by conftest.py
SOURCE = pathlib.Path(os.environ.get("PROJECT8_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
RULES = SOURCE / "data" / "rules" / "safe-motherhood.yaml"
LIMIT = 60  # seconds: minutes before the fix, a second or so after (debug build)


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          check=False, timeout=LIMIT)


def test_a_million_columns_are_refused_quickly(tmp_path: pathlib.Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n")
    r = run("rules", "eval", RULES, "--population", wide, "--as-of", "2025-06-30")
    assert r.returncode != 0
    assert "a column named 'sex'" in r.stderr


def test_a_million_repeated_column_names_are_refused_quickly(tmp_path: pathlib.Path) -> None:
    # The wanted columns, then 10^6 copies of one name: every copy is a
    # problem; the first hundred are listed and the rest counted.
    people = (SOURCE / "data" / "budget" / "tam-duong-2025-population-synthetic.csv").read_text()
    header, first = people.splitlines()[:2]
    repeated = tmp_path / "repeated.csv"
    repeated.write_text(header + ",x" * 1_000_000 + "\n" + first + ",1" * 1_000_000 + "\n")
    r = run("rules", "eval", RULES, "--population", repeated, "--as-of", "2025-06-30")
    assert r.returncode != 0
    assert "a column name that appears once (it also is column 10)" in r.stderr
    assert "more" in r.stderr  # the rest are counted, not listed


def test_a_wide_units_file_for_an_allocation_is_read_in_linear_time(tmp_path: pathlib.Path) -> None:
    # Every column of a units file becomes a field (types inferred): 10^5 of them.
    units = tmp_path / "units.csv"
    names = [f"a{i}" for i in range(100_000)]
    units.write_text("unit," + ",".join(names) + "\n" + "03412," + ",".join("1" for _ in names) +
                     "\n" + "03405," + ",".join("2" for _ in names) + "\n")
    r = run("budget", "allocate", "--total", "300000", "--units", units, "--weight", "a99999",
            "--as-of", "2026-01-01", "--format", "json")
    assert r.returncode == 0, r.stderr[-2000:]
    assert '"amount": 100000' in r.stdout and '"amount": 200000' in r.stdout


def rules_with(tmp_path: pathlib.Path, old: str, new: str) -> pathlib.Path:
    text = RULES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_name_typed_decomposed_is_the_same_name(tmp_path: pathlib.Path) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "ghi_chú")
    assert decomposed != "ghi_chú"
    r = run("rules", "check", rules_with(tmp_path, "  pregnant: bool",
                                         f"  {decomposed}: string\n  pregnant: bool"))
    assert r.returncode == 0, r.stderr  # was: internal error: invalid node
    # Both forms in one mapping are one key written twice.
    r = run("rules", "check", rules_with(tmp_path, "  pregnant: bool",
                                         f"  ghi_chú: string\n  {decomposed}: int\n  pregnant: bool"))
    assert r.returncode != 0
    out = r.stdout + r.stderr
    assert "duplicate key 'ghi_chú'" in out and "internal error" not in out


def test_a_negative_amount_of_dong_is_refused_unless_signed(tmp_path: pathlib.Path) -> None:
    r = run("rules", "check", rules_with(tmp_path, "value: 100000,", "value: -100000,"))
    assert r.returncode != 0
    out = r.stdout + r.stderr
    assert "below zero" in out and "rules.yaml:" in out
    negative = rules_with(tmp_path, "value: 100000,", "value: -100000,")
    text = negative.read_text(encoding="utf-8").replace("    unit: VND\n",
                                                        "    unit: VND\n    signed: true\n", 1)
    negative.write_text(text, encoding="utf-8")
    r = run("rules", "check", negative)  # the first VND parameter is the one made negative
    assert r.returncode == 0, r.stderr


PLAN = SOURCE / "data" / "plans" / "tam-duong-2025" / "plan.yaml"
PEOPLE = SOURCE / "data" / "budget" / "tam-duong-2025-population-synthetic.csv"


def stored_bytes(workspace: pathlib.Path) -> bytes:
    """Every byte the workspace keeps on disk: the file and its write-ahead log."""
    wal = workspace.with_name(workspace.name + "-wal")
    return workspace.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_a_population_keeps_only_what_the_rules_read_and_a_replaced_one_is_wiped(
        tmp_path: pathlib.Path) -> None:
    ws = tmp_path / "ws.p8db"
    assert run("workspace", "init", ws, "--plan", PLAN).returncode == 0
    lines = PEOPLE.read_text(encoding="utf-8").splitlines()
    # An officer's file with a national-id column no rule reads, and ids of its own.
    first = tmp_path / "first.csv"
    first.write_text("\n".join([lines[0] + ",cccd"] +
                               [line.replace("s0", "OLDPERSON", 1) + f",NATIONALID{i:09d}"
                                for i, line in enumerate(lines[1:])]) + "\n", encoding="utf-8")
    r = run("workspace", "import", ws, "population", first)
    assert r.returncode == 0, r.stderr
    kept = stored_bytes(ws)
    assert b"OLDPERSON" in kept
    assert b"NATIONALID" not in kept and b"cccd" not in kept  # never stored
    # The same file again is the same import.
    assert "already imported" in run("workspace", "import", ws, "population", first).stdout
    # A new population replaces it: the old one's bytes are gone from the disk.
    r = run("workspace", "import", ws, "population", PEOPLE)
    assert r.returncode == 0, r.stderr
    assert b"OLDPERSON" not in stored_bytes(ws)
    listed = run("workspace", "imports", ws).stdout
    assert "first.csv" in listed and "tam-duong-2025-population-synthetic.csv" in listed
    report = run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", "json")
    assert report.returncode == 0, report.stderr


def test_a_much_smaller_population_does_not_replace_the_district_silently(
        tmp_path: pathlib.Path) -> None:
    ws = tmp_path / "ws.p8db"
    assert run("workspace", "init", ws, "--plan", PLAN).returncode == 0
    assert run("workspace", "import", ws, "population", PEOPLE).returncode == 0
    truncated = tmp_path / "truncated.csv"
    truncated.write_text("\n".join(PEOPLE.read_text(encoding="utf-8").splitlines()[:50]) + "\n",
                         encoding="utf-8")
    r = run("workspace", "import", ws, "population", truncated)
    assert r.returncode != 0
    assert "49 persons would replace the 400" in r.stderr and "--replace-smaller" in r.stderr
    assert "Nothing was changed" in r.stderr
    assert "truncated.csv" not in run("workspace", "imports", ws).stdout
    r = run("workspace", "import", ws, "population", truncated, "--replace-smaller")
    assert r.returncode == 0, r.stderr
    assert "truncated.csv" in run("workspace", "imports", ws).stdout


def test_suppression_cannot_be_turned_down_to_nothing_quietly(tmp_path: pathlib.Path) -> None:
    ws = tmp_path / "ws.p8db"
    assert run("workspace", "init", ws, "--plan", PLAN).returncode == 0
    assert run("workspace", "import", ws, "population", PEOPLE).returncode == 0
    for below in ("1", "2"):  # a hidden 1 or 2 is the total minus the rest
        r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--suppress-below", below)
        assert r.returncode != 0 and "at least 3" in r.stderr and "--no-suppression" in r.stderr
    r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--no-suppression")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("**NỘI BỘ — KHÔNG CÔNG BỐ")
    out = tmp_path / "csv"
    r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--no-suppression", "--format", "csv",
            "--out-dir", out)
    assert r.returncode == 0, r.stderr
    assert all(p.name.startswith("noi-bo-") for p in out.iterdir())
    published = run("workspace", "report", ws, "--as-of", "2025-12-31")
    assert published.returncode == 0 and "NỘI BỘ" not in published.stdout


def test_a_workspace_that_cannot_be_written_is_not_called_not_a_workspace() -> None:
    # It used to say "not a project8 workspace (not an SQLite database)" —
    # inviting a user to delete a good file.
    import shutil
    import tempfile

    work = pathlib.Path(tempfile.mkdtemp(prefix="p8-perm-"))
    try:
        work.chmod(0o755)
        program = work / "project8"
        shutil.copy(CLI, program)
        program.chmod(0o755)
        ws = work / "ws.p8db"
        assert run("workspace", "init", ws, "--plan", PLAN).returncode == 0
        records = work / "records.csv"
        shutil.copy(SOURCE / "data" / "records" / "tam-duong-2025-synthetic.csv", records)
        records.chmod(0o644)
        if os.geteuid() == 0:  # root writes anything: run as nobody instead
            ws.chmod(0o644)
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        else:  # the owner, with the file and its folder made read-only
            ws.chmod(0o444)
            work.chmod(0o555)
            prefix = []
        r = subprocess.run([*prefix, str(program), "workspace", "import", str(ws), "records",
                            str(records)], capture_output=True, text=True, timeout=LIMIT)
        assert r.returncode != 0
        assert "not an SQLite database" not in r.stderr and "not a project8 workspace" not in r.stderr
        assert "check the permissions" in r.stderr
        assert "not harmed" in r.stderr
        # A file that truly is not SQLite is still called so.
        work.chmod(0o755)
        junk = work / "junk.p8db"
        junk.write_bytes(b"this is not a database" * 100)
        r = run("workspace", "imports", junk)
        assert r.returncode != 0 and "not an SQLite database" in r.stderr
    finally:
        work.chmod(0o755)
        shutil.rmtree(work)


def test_a_person_listed_twice_is_refused_by_the_evaluation(tmp_path: pathlib.Path) -> None:
    # The import and the audit refused a repeated id; the evaluation counted
    # the person twice (and an allocation from it paid her twice).
    people = (SOURCE / "data" / "budget" / "tam-duong-2025-population-synthetic.csv").read_text()
    lines = people.splitlines()
    twice = tmp_path / "twice.csv"
    twice.write_text("\n".join([*lines[:4], lines[2], *lines[4:]]) + "\n")
    r = run("rules", "eval", RULES, "--population", twice, "--as-of", "2025-06-30")
    assert r.returncode != 0
    assert "twice.csv:5" in r.stderr
    assert "this person id is already on line 3" in r.stderr
    person_id = lines[2].split(",")[0]
    assert person_id not in r.stderr  # the id is not quoted
    whole = tmp_path / "once.csv"
    whole.write_text(people)
    assert run("rules", "eval", RULES, "--population", whole, "--as-of", "2025-06-30").returncode == 0


def test_a_link_planted_in_the_output_folder_is_not_followed(tmp_path: pathlib.Path) -> None:
    # Someone who can write to the report folder plants a link named as a
    # report file; writing the report followed it and overwrote its target.
    ws = tmp_path / "ws.p8db"
    assert run("workspace", "init", ws, "--plan", PLAN).returncode == 0
    assert run("workspace", "import", ws, "population", PEOPLE).returncode == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "report"
    out.mkdir()
    for fmt in ("md", "xlsx"):
        planted = out / f"bao-cao-2025-12-31.{fmt}"
        planted.symlink_to(victim)
        r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", fmt, "--out-dir", out)
        assert r.returncode != 0
        assert "is a symbolic link" in r.stderr
        assert victim.read_text() == "precious\n" and planted.is_symlink()
        planted.unlink()
        r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--format", fmt, "--out-dir", out)
        assert r.returncode == 0, r.stderr
        assert planted.is_file() and not planted.is_symlink()
    assert victim.read_text() == "precious\n"
    r = run("rules", "eval", RULES, "--population", PEOPLE, "--as-of", "2025-06-30",
            "--out", tmp_path / "link.csv")
    assert r.returncode == 0, r.stderr
    (tmp_path / "link2.csv").symlink_to(victim)
    r = run("rules", "eval", RULES, "--population", PEOPLE, "--as-of", "2025-06-30",
            "--out", tmp_path / "link2.csv")
    assert r.returncode != 0 and "is a symbolic link" in r.stderr
    assert victim.read_text() == "precious\n"


def limited_file_size(limit: int) -> None:
    """In the child: files larger than `limit` bytes fail with EFBIG, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_an_output_cut_short_leaves_the_old_file_and_no_partial_one(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "results.csv"
    out.write_text("the results of last month\n")
    r = subprocess.run([CLI, "rules", "eval", str(RULES), "--population", str(PEOPLE), "--as-of",
                        "2025-06-30", "--out", str(out)], capture_output=True, text=True,
                       encoding="utf-8", check=False, timeout=LIMIT,
                       preexec_fn=lambda: limited_file_size(4096))
    assert r.returncode == 1
    assert f"{out}: cannot write the file (the file would be larger than allowed); it is left as it was" \
        in r.stderr
    assert out.read_text() == "the results of last month\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]  # no temporary file left
    # Without the limit: replaced whole, readable by its owner only (results per person).
    r = run("rules", "eval", RULES, "--population", PEOPLE, "--as-of", "2025-06-30", "--out", out)
    assert r.returncode == 0, r.stderr
    assert len(out.read_text().splitlines()) == len(PEOPLE.read_text().splitlines())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]


def run_with(env: dict[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          check=False, timeout=LIMIT, env={**os.environ, **env})


def test_an_encrypted_workspace_from_the_command_line(tmp_path: pathlib.Path) -> None:
    ws = tmp_path / "ws.p8db"
    key = {"PROJECT8_KEY": "mật khẩu của huyện"}
    r = run("workspace", "init", ws, "--plan", PLAN, "--encrypt")
    assert r.returncode != 0 and "--encrypt needs a key" in r.stderr
    assert not ws.exists()
    r = run_with(key, "workspace", "init", ws, "--plan", PLAN, "--encrypt")
    assert r.returncode == 0 and "encrypted" in r.stdout, r.stderr
    assert run_with(key, "workspace", "import", ws, "population", PEOPLE).returncode == 0
    assert b"s0001" not in stored_bytes(ws) and b"SQLite format 3" not in stored_bytes(ws)
    r = run("workspace", "report", ws, "--as-of", "2025-12-31")
    assert r.returncode != 0
    assert "is encrypted" in r.stderr and "PROJECT8_KEY" in r.stderr and "--key-file" in r.stderr
    r = run_with({"PROJECT8_KEY": "sai"}, "workspace", "imports", ws)
    assert r.returncode != 0 and "this key does not open it" in r.stderr and "sai" not in r.stderr
    key_file = tmp_path / "key.txt"
    key_file.write_text(key["PROJECT8_KEY"] + "\n", encoding="utf-8")
    key_file.chmod(0o640)
    r = run("workspace", "imports", ws, "--key-file", key_file)
    assert r.returncode != 0 and "chmod 600" in r.stderr
    key_file.chmod(0o600)
    r = run("workspace", "report", ws, "--as-of", "2025-12-31", "--key-file", key_file)
    assert r.returncode == 0 and r.stdout.startswith("# Báo cáo"), r.stderr
    # A key in the environment is not used for a workspace that is not encrypted.
    plain = tmp_path / "plain.p8db"
    assert run("workspace", "init", plain, "--plan", PLAN).returncode == 0
    assert run_with(key, "workspace", "imports", plain).returncode == 0
    r = run("workspace", "imports", plain, "--key-file", key_file)
    assert r.returncode != 0 and "is not encrypted" in r.stderr


def test_reading_commands_open_the_workspace_read_only(tmp_path: pathlib.Path) -> None:
    ws = tmp_path / "ws.p8db"
    assert run("workspace", "init", ws, "--plan", PLAN).returncode == 0
    assert run("workspace", "import", ws, "population", PEOPLE).returncode == 0
    before = stored_bytes(ws)
    ws.chmod(0o400)  # nobody may write it; root still may, so the bytes are compared too
    for args in (("imports", ws), ("report", ws, "--as-of", "2025-12-31")):
        r = run("workspace", *args)
        assert r.returncode == 0, r.stderr
    assert stored_bytes(ws) == before


def test_a_ledger_imported_again_with_one_more_row_does_not_double_the_budget(
        tmp_path: pathlib.Path) -> None:
    # It was accepted: the district's allocation went from 108,000,000 to 216,000,000 đ.
    ws = tmp_path / "ws.p8db"
    assert run("workspace", "init", ws, "--plan", PLAN).returncode == 0
    ledger = SOURCE / "data" / "budget" / "tam-duong-2025-ledger-synthetic.csv"
    assert run("workspace", "import", ws, "ledger", ledger).returncode == 0
    lines = ledger.read_text(encoding="utf-8").splitlines()
    more = tmp_path / "more.csv"
    more.write_text("\n".join([*lines, lines[-1].rsplit(",", 1)[0] + ",one more"]) + "\n",
                    encoding="utf-8")
    r = run("workspace", "import", ws, "ledger", more)
    assert r.returncode != 0
    assert f"{more}:2: reference: this entry is already in the ledger (import 1:2)" in r.stderr
    assert f"{more}:{len(lines) + 1}: reference: this entry is already in the ledger" in r.stderr
    assert "more.csv" not in run("workspace", "imports", ws).stdout
    # The same rows once more in one file are refused too.
    twice = tmp_path / "twice.csv"
    twice.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    r = run("ledger", "check", twice)
    assert r.returncode != 0 and f"{twice}:{len(lines) + 1}: reference" in r.stderr
