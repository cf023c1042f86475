"""project8.workspace and project8.report from Python."""

from __future__ import annotations

import json
import pathlib

import project8
import pytest
from project8 import report
from project8.workspace import Workspace

DATA = project8.data_dir()
PLAN = DATA / "plans" / "tam-duong-2025" / "plan.yaml"


def test_workspace_round_trip_and_report(tmp_path: pathlib.Path) -> None:
    ws = Workspace.create(tmp_path / "ws.p8db", PLAN)
    assert ws.import_file("records", DATA / "records" / "tam-duong-2025-synthetic.csv")["rows"] == 13
    assert ws.import_file("payments", DATA / "budget" / "tam-duong-2025-payments-synthetic.csv")["rows"] == 193
    assert ws.import_file("population", DATA / "budget" / "tam-duong-2025-population-synthetic.csv")["rows"] == 400
    with pytest.raises(project8.ValidationError, match=r"bad\.csv:3"):
        bad = tmp_path / "bad.csv"
        bad.write_text("date,unit,stage,amount\n2025-01-01,106,allocated,5\n2025-01-02,106,committed,9\n",
                       encoding="utf-8")
        ws.import_file("ledger", bad)
    again = Workspace.open(tmp_path / "ws.p8db")
    assert len(again.records()) == 13 and len(again.ledger()) == 0
    people = again.population()
    assert len(people) == 400 and {"id", "commune", "sex"} <= set(people.columns)
    assert again.payments()["amount"].sum() == 65_600_000
    assert list(again.imports()["kind"]) == ["records", "payments", "population"]
    doc = report.build(again, "2025-12-31", period="2025")
    tables = doc.tables("en")
    assert list(tables["targets"]["Id"]) == ["T1", "T2", "T3"]
    assert (tables["packages"]["Eligible persons"] == "<5").any()
    doc.write_xlsx(tmp_path / "r.xlsx", "en")
    assert (tmp_path / "r.xlsx").stat().st_size > 5000
    assert json.loads(doc.to_json())["suppress_below"] == 5
    with pytest.raises(project8.InvalidArgument, match="already exists"):
        Workspace.create(tmp_path / "ws.p8db", PLAN)


# Written in a fresh process: `import sqlite3` first loads Python's own SQLite
# (which cannot encrypt) before project8's SQLCipher.
_ENCRYPTED_AFTER_SQLITE3 = """
import sqlite3, sys, pathlib
import project8
from project8.workspace import Workspace
data = project8.data_dir()
folder = pathlib.Path(sys.argv[1])
ws = Workspace.create(folder / "ws.p8db", data / "plans" / "tam-duong-2025" / "plan.yaml", key=sys.argv[2])
assert ws.encrypted
ws.import_file("population", data / "budget" / "tam-duong-2025-population-synthetic.csv")
ws.import_file("payments", data / "budget" / "tam-duong-2025-payments-synthetic.csv")
print("sqlite3", sqlite3.sqlite_version)
"""


def _stored(file: pathlib.Path) -> bytes:
    wal = file.with_name(file.name + "-wal")
    return file.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_an_encrypted_workspace_written_after_import_sqlite3(tmp_path: pathlib.Path) -> None:
    import subprocess
    import sys

    key = "mật khẩu xã Bình Lư"
    r = subprocess.run([sys.executable, "-c", _ENCRYPTED_AFTER_SQLITE3, str(tmp_path), key],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    file = tmp_path / "ws.p8db"
    stored = _stored(file)
    people = (DATA / "budget" / "tam-duong-2025-population-synthetic.csv").read_text().splitlines()
    for known in (b"SQLite format 3", b"s0001", b"tam-duong-2025", people[1].encode()):
        assert known not in stored, known
    # Python's own SQLite sees no database in it.
    import sqlite3

    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(file).execute("SELECT count(*) FROM sqlite_master").fetchone()
    with pytest.raises(project8.InvalidArgument, match="is encrypted, or is not a project8 workspace"):
        Workspace.open(file)
    with pytest.raises(project8.InvalidArgument, match="this key does not open it") as wrong:
        Workspace.open(file, key="not the key")
    assert "not the key" not in str(wrong.value)
    ws = Workspace.open(file, key=key, read_only=True)
    assert ws.encrypted and ws.read_only
    assert len(ws.population()) == 400 and ws.payments()["amount"].sum() == 65_600_000
    with pytest.raises(project8.InvalidArgument, match="opened for reading only"):
        ws.import_file("records", DATA / "records" / "tam-duong-2025-synthetic.csv")
    key_file = tmp_path / "key"
    key_file.write_text(key + "\n", encoding="utf-8")
    key_file.chmod(0o644)
    with pytest.raises(project8.InvalidArgument, match="chmod 600"):
        Workspace.open(file, key_file=key_file)
    key_file.chmod(0o600)
    assert len(Workspace.open(file, key_file=key_file).records()) == 0


def test_encryption_refused_when_another_sqlite_answers(tmp_path: pathlib.Path) -> None:
    # Preloaded, the plain SQLite answers project8's calls: the workspace
    # would be written in the clear. It is refused, and nothing is left.
    import ctypes.util
    import os
    import subprocess
    import sys

    plain = ctypes.util.find_library("sqlite3")
    assert plain is not None, "Python's sqlite3 module needs libsqlite3"
    r = subprocess.run([sys.executable, "-c", _ENCRYPTED_AFTER_SQLITE3, str(tmp_path), "k"],
                       capture_output=True, text=True, check=False,
                       env={**os.environ, "LD_PRELOAD": plain})
    assert r.returncode != 0
    assert "is not SQLCipher" in r.stderr and "Nothing was read or written" in r.stderr
    assert list(tmp_path.iterdir()) == []
