"""The C API and the installed tree, driven as another language would drive them.

Runs after `cmake --install` into a scratch prefix (the CTest fixture
`installed`; PROJECT8_PREFIX names it). The shared library is loaded through
ctypes alone — no pybind11 module — and its Arrow streams are read back by
pyarrow through the C Stream Interface. The results are compared with the
Python package's (PYTHONPATH: the staged build), which is the reference here.
"""

from __future__ import annotations

import ctypes
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

PREFIX = pathlib.Path(os.environ["PROJECT8_PREFIX"])
SOURCE = pathlib.Path(os.environ["PROJECT8_SOURCE_DIR"])
LIB = PREFIX / "lib" / "libproject8-c.so"
DATA = PREFIX / "share" / "project8"
RULES = DATA / "rules" / "safe-motherhood.yaml"
POPULATION = DATA / "budget" / "tam-duong-2025-population-synthetic.csv"
PLAN = DATA / "plans" / "tam-duong-2025" / "plan.yaml"
RECORDS = DATA / "records" / "tam-duong-2025-synthetic.csv"
AS_OF = b"2025-06-30"

OK, INVALID_ARGUMENT, PARSE_ERROR, RULE_ERROR, NOT_FOUND = 0, 2, 3, 5, 6


class ArrowSchema(ctypes.Structure):
    pass


ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowSchema))),
    ("dictionary", ctypes.POINTER(ArrowSchema)),
    ("release", ctypes.c_void_p), ("private_data", ctypes.c_void_p)]


class ArrowArrayStream(ctypes.Structure):
    _fields_ = [("get_schema", ctypes.c_void_p), ("get_next", ctypes.c_void_p),
                ("get_last_error", ctypes.c_void_p), ("release", ctypes.c_void_p),
                ("private_data", ctypes.c_void_p)]


def load(path: pathlib.Path = LIB) -> ctypes.CDLL:
    lib = ctypes.CDLL(str(path))
    lib.project8_version.restype = ctypes.c_char_p
    lib.project8_status_name.restype = ctypes.c_char_p
    lib.project8_last_error.restype = ctypes.c_char_p
    lib.project8_last_error_json.restype = ctypes.c_char_p
    lib.project8_free.argtypes = [ctypes.c_void_p]
    p = ctypes.c_void_p
    s = ctypes.POINTER(ArrowArrayStream)
    lib.project8_rules_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(p)]
    lib.project8_rules_parse.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                         ctypes.POINTER(p)]
    lib.project8_rules_free.argtypes = [p]
    lib.project8_rules_evaluate_file.argtypes = [p, ctypes.c_char_p, ctypes.c_char_p,
                                                 ctypes.c_char_p, ctypes.c_char_p, s, s]
    lib.project8_rules_evaluate_arrow.argtypes = [p, s, s, ctypes.c_char_p, ctypes.c_char_p, s, s]
    lib.project8_plan_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(p)]
    lib.project8_plan_free.argtypes = [p]
    lib.project8_plan_to_json.argtypes = [p, ctypes.POINTER(p), ctypes.POINTER(ctypes.c_size_t)]
    lib.project8_registry_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(p)]
    lib.project8_registry_free.argtypes = [p]
    lib.project8_progress.argtypes = [p, p, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(p),
                                      ctypes.POINTER(ctypes.c_size_t)]
    lib.project8_allocate.argtypes = [ctypes.c_char_p, ctypes.POINTER(p),
                                      ctypes.POINTER(ctypes.c_size_t)]
    lib.project8_data_dir.argtypes = [ctypes.POINTER(p)]
    lib.project8_workspace_create.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(p)]
    lib.project8_workspace_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(p)]
    lib.project8_workspace_create_with.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                                   ctypes.POINTER(p)]
    lib.project8_workspace_open_with.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(p)]
    lib.project8_workspace_free.argtypes = [p]
    lib.project8_workspace_import.argtypes = [p, ctypes.c_char_p, ctypes.c_char_p,
                                              ctypes.c_char_p, ctypes.POINTER(p)]
    lib.project8_workspace_report.argtypes = [p, ctypes.c_char_p, ctypes.c_char_p,
                                              ctypes.c_char_p, ctypes.c_char_p]
    lib.project8_workspace_report_buffer.argtypes = [p, ctypes.c_char_p, ctypes.c_char_p,
                                                     ctypes.c_char_p, ctypes.POINTER(p),
                                                     ctypes.POINTER(ctypes.c_size_t)]
    return lib


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    return load()


def taken(lib: ctypes.CDLL, buffer: ctypes.c_void_p, size: ctypes.c_size_t | None = None) -> bytes:
    """The bytes the library handed out, freed."""
    assert buffer.value
    data = ctypes.string_at(buffer.value, size.value) if size is not None else ctypes.string_at(buffer.value)
    lib.project8_free(buffer)
    return data


def error(lib: ctypes.CDLL) -> dict:
    return json.loads(lib.project8_last_error_json())


def rules_handle(lib: ctypes.CDLL) -> ctypes.c_void_p:
    handle = ctypes.c_void_p()
    assert lib.project8_rules_load(str(RULES).encode(), ctypes.byref(handle)) == OK
    return handle


def read_stream(stream: ArrowArrayStream) -> pa.Table:
    return pa.RecordBatchReader._import_from_c(ctypes.addressof(stream)).read_all()


def reference() -> dict:
    """The Python package's results on the same population and day."""
    import datetime

    import project8.rules as p8rules

    rs = p8rules.RuleSet.load(str(RULES))
    out = rs.evaluate(rs.read_population(str(POPULATION)), datetime.date(2025, 6, 30))
    return {name: out[name].tolist() for name in out.columns}


# ------------------------------------------------------------------ the library


def test_the_library_exports_the_c_api_and_nothing_else() -> None:
    header = (PREFIX / "include" / "project8" / "project8.h").read_text()
    declared = set(re.findall(r"PROJECT8_C_API[^;(]*?\b(project8_\w+)\(", header))
    assert len(declared) >= 25
    nm = subprocess.run(["nm", "-D", "--defined-only", str(LIB)], capture_output=True, text=True,
                        check=True).stdout
    exported = {line.split()[-1].split("@")[0] for line in nm.splitlines() if line.strip()}
    exported.discard("PROJECT8_1")  # the version node of the version script
    assert exported == declared


def test_versions(lib: ctypes.CDLL) -> None:
    header = (PREFIX / "include" / "project8" / "project8.h").read_text()
    abi = int(re.search(r"#define PROJECT8_ABI_VERSION (\d+)", header).group(1))
    assert lib.project8_abi_version() == abi
    assert LIB.resolve().name.startswith("libproject8-c.so")
    assert (PREFIX / "lib" / f"libproject8-c.so.{abi}").exists()  # the soname carries the ABI
    import project8

    assert lib.project8_version().decode() == project8.__version__
    assert [lib.project8_status_name(i).decode() for i in range(10)] == [
        "ok", "error", "invalid_argument", "parse_error", "validation_error", "rule_error",
        "not_found", "overflow", "out_of_memory", "internal_error"]
    assert lib.project8_status_name(99) == b"unknown"


# ------------------------------------------------------------------ evaluation


def test_evaluating_a_file_gives_the_python_package_s_results(lib: ctypes.CDLL) -> None:
    rules = rules_handle(lib)
    out = ArrowArrayStream()
    assert lib.project8_rules_evaluate_file(rules, str(POPULATION).encode(), None, AS_OF,
                                            b'{"threads": 1}', ctypes.byref(out), None) == OK, \
        lib.project8_last_error()
    table = read_stream(out)
    lib.project8_rules_free(rules)
    expected = reference()
    assert table.column_names == list(expected)
    assert table.num_rows == 400
    assert table.schema.field("anc_travel_eligible").type == pa.bool_()
    assert table.schema.field("anc_travel_amount").type == pa.int64()
    assert pa.types.is_dictionary(table.schema.field("anc_travel_reason").type)
    for name, values in expected.items():
        assert table.column(name).to_pylist() == values, name
    assert sum(table.column("anc_travel_eligible").to_pylist()) > 0
    assert json.loads(lib.project8_last_error_json()) == {"status": "ok"}


def test_evaluating_an_arrow_stream_in(lib: ctypes.CDLL) -> None:
    rules = rules_handle(lib)
    # Texts as pyarrow reads them: the library reads booleans, codes and
    # categories from them by the rule set's declared types.
    population = pacsv.read_csv(POPULATION, convert_options=pacsv.ConvertOptions(
        column_types={"id": pa.string(), "commune": pa.string()}))
    given = ArrowArrayStream()
    pa.RecordBatchReader.from_batches(population.schema, population.to_batches(max_chunksize=150)) \
        ._export_to_c(ctypes.addressof(given))
    out = ArrowArrayStream()
    assert lib.project8_rules_evaluate_arrow(rules, ctypes.byref(given), None, AS_OF, None,
                                             ctypes.byref(out), None) == OK, lib.project8_last_error()
    assert not given.release  # taken over and released
    table = read_stream(out)
    lib.project8_rules_free(rules)
    for name, values in reference().items():
        assert table.column(name).to_pylist() == values, name


def test_households_come_out_as_their_own_stream(lib: ctypes.CDLL) -> None:
    import datetime

    import project8.rules as p8rules

    data = SOURCE / "tests" / "data" / "rule-households"
    rules = ctypes.c_void_p()
    assert lib.project8_rules_load(str(data / "rules.yaml").encode(), ctypes.byref(rules)) == OK
    persons, homes = ArrowArrayStream(), ArrowArrayStream()
    people, households = str(data / "people.csv").encode(), str(data / "households.csv").encode()
    assert lib.project8_rules_evaluate_file(rules, people, None, b"2025-06-30", None,
                                            ctypes.byref(persons), None) == INVALID_ARGUMENT
    assert b"declares households" in lib.project8_last_error()
    assert lib.project8_rules_evaluate_file(rules, people, households, b"2025-06-30", None,
                                            ctypes.byref(persons), ctypes.byref(homes)) == OK, \
        lib.project8_last_error()
    got_persons, got_homes = read_stream(persons), read_stream(homes)
    lib.project8_rules_free(rules)
    rs = p8rules.RuleSet.load(str(data / "rules.yaml"))
    want = rs.evaluate({"person": rs.read_population(str(data / "people.csv")),
                        "household": rs.read_households(str(data / "households.csv"))},
                       datetime.date(2025, 6, 30))
    want_persons, want_homes = want["person"], want["household"]
    assert got_homes.column_names[0] == "household_id"
    for got, expected in ((got_persons, want_persons), (got_homes, want_homes)):
        assert got.column_names == list(expected.columns)
        for name in expected.columns:
            assert got.column(name).to_pylist() == expected[name].tolist(), name


def test_an_arrow_stream_is_released_on_an_error_too(lib: ctypes.CDLL) -> None:
    rules = rules_handle(lib)
    population = pa.table({"id": ["a"], "sex": ["F"]})
    given = ArrowArrayStream()
    population.to_reader()._export_to_c(ctypes.addressof(given))
    out = ArrowArrayStream()
    assert lib.project8_rules_evaluate_arrow(rules, ctypes.byref(given), None, b"2025-13-01",
                                             None, ctypes.byref(out), None) == INVALID_ARGUMENT
    assert not given.release
    assert not out.release  # nothing handed out
    lib.project8_rules_free(rules)


def test_errors_are_statuses_with_located_messages(lib: ctypes.CDLL) -> None:
    rules = rules_handle(lib)
    out = ArrowArrayStream()
    assert lib.project8_rules_evaluate_file(rules, str(POPULATION).encode(), None, b"2025-02-30",
                                            None, ctypes.byref(out), None) == INVALID_ARGUMENT
    assert lib.project8_last_status() == INVALID_ARGUMENT
    assert b"as_of" in lib.project8_last_error() and b"day" in lib.project8_last_error()
    assert error(lib)["status"] == "invalid_argument"

    assert lib.project8_rules_evaluate_file(rules, str(POPULATION).encode(), None, AS_OF,
                                            b'{"thread": 2}', ctypes.byref(out), None) \
        == INVALID_ARGUMENT
    assert b"unknown option 'thread'" in lib.project8_last_error()
    assert b"threads" in lib.project8_last_error()

    assert lib.project8_rules_evaluate_file(rules, b"/nonexistent/people.csv", None, AS_OF, None,
                                            ctypes.byref(out), None) == NOT_FOUND
    assert lib.project8_rules_evaluate_file(None, str(POPULATION).encode(), None, AS_OF, None,
                                            ctypes.byref(out), None) == INVALID_ARGUMENT
    assert b"`rules` is null" in lib.project8_last_error()

    # A population with a bad cell: the problem names file, line and column.
    bad = POPULATION.read_text().splitlines()
    bad[3] = bad[3].replace(",F,", ",X,", 1)
    path = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / f"p8-capi-{os.getpid()}.csv"
    path.write_text("\n".join(bad) + "\n")
    try:
        status = lib.project8_rules_evaluate_file(rules, str(path).encode(), None, AS_OF, None,
                                                  ctypes.byref(out), None)
    finally:
        path.unlink()
    assert status in (PARSE_ERROR, 4), lib.project8_last_error()
    problem = error(lib)["problems"][0]
    assert problem["file"] == str(path) and problem["line"] == 4 and problem["column"] == 2
    assert not out.release
    # A success clears the last error.
    assert lib.project8_rules_evaluate_file(rules, str(POPULATION).encode(), None, AS_OF, None,
                                            ctypes.byref(out), None) == OK
    assert lib.project8_last_error() == b""
    read_stream(out)
    lib.project8_rules_free(rules)


def test_rules_from_memory_with_a_located_error(lib: ctypes.CDLL) -> None:
    text = RULES.read_bytes()
    handle = ctypes.c_void_p()
    assert lib.project8_rules_parse(text, len(text), b"memory.yaml", ctypes.byref(handle)) == OK
    lib.project8_rules_free(handle)
    broken = text.replace(b"pregnant", b"pregant", 1)
    assert lib.project8_rules_parse(broken, len(broken), b"memory.yaml", ctypes.byref(handle)) \
        in (RULE_ERROR, PARSE_ERROR, 4)
    problems = error(lib)["problems"]
    assert problems and problems[0]["file"] == "memory.yaml" and problems[0]["line"]


# ------------------------------------------------------- plans, progress, money


def test_plan_progress_and_allocation(lib: ctypes.CDLL, tmp_path: pathlib.Path) -> None:
    plan, units = ctypes.c_void_p(), ctypes.c_void_p()
    assert lib.project8_plan_load(str(PLAN).encode(), ctypes.byref(plan)) == OK
    assert lib.project8_registry_load(str(DATA / "geo" / "lai-chau.yaml").encode(),
                                      ctypes.byref(units)) == OK
    buffer, size = ctypes.c_void_p(), ctypes.c_size_t()
    assert lib.project8_plan_to_json(plan, ctypes.byref(buffer), ctypes.byref(size)) == OK
    assert json.loads(taken(lib, buffer, size))["targets"]
    assert lib.project8_progress(plan, units, str(RECORDS).encode(), b"2025-12-31",
                                 ctypes.byref(buffer), ctypes.byref(size)) == OK, \
        lib.project8_last_error()
    progress = json.loads(taken(lib, buffer, size))
    assert progress["as_of"] == "2025-12-31"
    assert {t["id"] for t in progress["targets"]} >= {"T1", "T3"}
    lib.project8_plan_free(plan)
    lib.project8_registry_free(units)

    communes = tmp_path / "communes.csv"
    communes.write_text("unit,women\n03412,120\n03405,80\n03390,51\n")
    request = {"total": "1.000.000 đ", "units": str(communes), "weight": "women",
               "as_of": "2025-07-01", "round": 1000, "reserve": {"monitoring": 100000}}
    assert lib.project8_allocate(json.dumps(request).encode(), ctypes.byref(buffer),
                                 ctypes.byref(size)) == OK, lib.project8_last_error()
    allocation = json.loads(taken(lib, buffer, size))
    assert allocation["total"] == 1_000_000
    assert sum(u["amount"] for u in allocation["units"]) == 900_000
    assert all(u["amount"] % 1000 == 0 for u in allocation["units"])
    assert [u["unit"] for u in allocation["units"]] == ["03412", "03405", "03390"]
    del request["weight"]
    assert lib.project8_allocate(json.dumps(request).encode(), ctypes.byref(buffer),
                                 ctypes.byref(size)) == INVALID_ARGUMENT
    assert b"'weight' is missing" in lib.project8_last_error()


# ------------------------------------------------------------------ workspace


def test_a_workspace_from_c(lib: ctypes.CDLL, tmp_path: pathlib.Path) -> None:
    ws = ctypes.c_void_p()
    file = tmp_path / "tam-duong.p8db"
    assert lib.project8_workspace_create(str(file).encode(), str(PLAN).encode(),
                                         ctypes.byref(ws)) == OK, lib.project8_last_error()
    summary = ctypes.c_void_p()
    assert lib.project8_workspace_import(ws, b"records", str(RECORDS).encode(), None,
                                         ctypes.byref(summary)) == OK, lib.project8_last_error()
    imported = json.loads(taken(lib, summary))
    assert imported["rows"] > 0 and imported["already_imported"] is False
    assert lib.project8_workspace_import(ws, b"records", str(RECORDS).encode(), None,
                                         ctypes.byref(summary)) == OK
    assert json.loads(taken(lib, summary))["already_imported"] is True
    assert lib.project8_workspace_import(ws, b"recordz", str(RECORDS).encode(), None, None) \
        == INVALID_ARGUMENT
    lib.project8_workspace_free(ws)

    assert lib.project8_workspace_open(str(file).encode(), ctypes.byref(ws)) == OK
    buffer, size = ctypes.c_void_p(), ctypes.c_size_t()
    assert lib.project8_workspace_report_buffer(ws, b"2025-12-31", b"json", b'{"lang": "en"}',
                                                ctypes.byref(buffer), ctypes.byref(size)) == OK
    report = json.loads(taken(lib, buffer, size))
    assert report["tables"]
    assert lib.project8_workspace_report_buffer(ws, b"2025-12-31", b"xlsx", None,
                                                ctypes.byref(buffer), ctypes.byref(size)) == OK
    workbook = taken(lib, buffer, size)
    assert workbook[:2] == b"PK" and len(workbook) > 5000
    out_dir = tmp_path / "report"
    assert lib.project8_workspace_report(ws, b"2025-12-31", b"md", b'{"period": "2025-H1"}',
                                         str(out_dir).encode()) == OK, lib.project8_last_error()
    assert [p.name for p in out_dir.iterdir()] == ["bao-cao-2025-H1.md"]
    assert lib.project8_workspace_report(ws, b"2025-12-31", b"pdf", None,
                                         str(out_dir).encode()) == INVALID_ARGUMENT
    assert b"md, csv, json, xlsx" in lib.project8_last_error()
    lib.project8_workspace_free(ws)


def test_an_encrypted_workspace_from_c(lib: ctypes.CDLL, tmp_path: pathlib.Path) -> None:
    ws = ctypes.c_void_p()
    file = tmp_path / "secret.p8db"
    options = json.dumps({"key": "khóa bí mật"}).encode()
    assert lib.project8_workspace_create_with(str(file).encode(), str(PLAN).encode(), options,
                                              ctypes.byref(ws)) == OK, lib.project8_last_error()
    assert lib.project8_workspace_import(ws, b"records", str(RECORDS).encode(), None, None) == OK
    lib.project8_workspace_free(ws)
    assert b"SQLite format 3" not in file.read_bytes()
    assert lib.project8_workspace_open(str(file).encode(), ctypes.byref(ws)) == INVALID_ARGUMENT
    assert b"is encrypted" in lib.project8_last_error()
    assert lib.project8_workspace_open_with(str(file).encode(), b'{"key": "sai"}',
                                            ctypes.byref(ws)) == INVALID_ARGUMENT
    assert b"this key does not open it" in lib.project8_last_error()
    assert lib.project8_workspace_open_with(str(file).encode(), b'{"key": "x", "cipher": 1}',
                                            ctypes.byref(ws)) == INVALID_ARGUMENT
    assert lib.project8_workspace_open_with(str(file).encode(), '{"key": "khóa bí'.encode(),
                                            ctypes.byref(ws)) == INVALID_ARGUMENT
    assert b"not JSON" in lib.project8_last_error() and "khóa".encode() not in lib.project8_last_error()
    read_only = json.dumps({"key": "khóa bí mật", "read_only": True}).encode()
    assert lib.project8_workspace_open_with(str(file).encode(), read_only, ctypes.byref(ws)) == OK
    assert lib.project8_workspace_import(ws, b"records", str(RECORDS).encode(), None, None) \
        == INVALID_ARGUMENT
    assert b"opened for reading only" in lib.project8_last_error()
    buffer, size = ctypes.c_void_p(), ctypes.c_size_t()
    assert lib.project8_workspace_report_buffer(ws, b"2025-12-31", b"json", None,
                                                ctypes.byref(buffer), ctypes.byref(size)) == OK
    assert json.loads(taken(lib, buffer, size))["tables"]
    lib.project8_workspace_free(ws)


# ---------------------------------------------------------- the installed tree


def test_the_install_follows_gnu_install_dirs() -> None:
    assert (PREFIX / "bin" / "project8").is_file()
    assert (PREFIX / "include" / "project8" / "project8.h").is_file()
    assert (PREFIX / "include" / "project8" / "data" / "arrow_abi.h").is_file()
    assert (PREFIX / "lib" / "cmake" / "project8" / "project8Config.cmake").is_file()
    assert {p.name for p in (PREFIX / "lib" / "pkgconfig").iterdir()} == {"project8.pc",
                                                                          "project8-c.pc"}
    assert (DATA / "geo" / "lai-chau.yaml").is_file()
    assert not (PREFIX / "project8").exists()  # no Python files in the prefix
    assert not list(PREFIX.rglob("*.py"))


def test_a_moved_prefix_finds_its_data(tmp_path: pathlib.Path) -> None:
    moved = tmp_path / "moved"
    shutil.copytree(PREFIX, moved, symlinks=True)
    # A fresh process: the library already loaded here has the same soname.
    probe = ("import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]); p = ctypes.c_void_p();"
             "lib.project8_data_dir.argtypes = [ctypes.POINTER(ctypes.c_void_p)];"
             "assert lib.project8_data_dir(ctypes.byref(p)) == 0; print(ctypes.string_at(p.value).decode())")
    env = {k: v for k, v in os.environ.items() if k != "PROJECT8_DATA_DIR"}
    found = subprocess.run([sys.executable, "-c", probe, str(moved / "lib" / "libproject8-c.so")],
                           capture_output=True, text=True, check=True, env=env).stdout.strip()
    assert pathlib.Path(found) == moved / "share" / "project8"
    env["PROJECT8_DATA_DIR"] = str(SOURCE / "data")
    found = subprocess.run([sys.executable, "-c", probe, str(moved / "lib" / "libproject8-c.so")],
                           capture_output=True, text=True, check=True, env=env).stdout.strip()
    assert found == str(SOURCE / "data")
    # The program finds the moved data too.
    out = subprocess.run([str(moved / "bin" / "project8"), "units", "list", "--on", "2025-07-01"],
                         capture_output=True, text=True, env={k: v for k, v in env.items()
                                                               if k != "PROJECT8_DATA_DIR"})
    assert out.returncode == 0 and "Xã Bình Lư" in out.stdout


def pkg_config(*args: str) -> list[str]:
    env = dict(os.environ, PKG_CONFIG_PATH=str(PREFIX / "lib" / "pkgconfig"))
    return subprocess.run(["pkg-config", *args], capture_output=True, text=True, check=True,
                          env=env).stdout.split()


def test_the_c_example_builds_with_pkg_config_and_runs(tmp_path: pathlib.Path) -> None:
    program = tmp_path / "evaluate"
    subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror",
                    str(SOURCE / "examples" / "c" / "evaluate.c"), "-o", str(program),
                    *pkg_config("--cflags", "--libs", "project8-c"),
                    f"-Wl,-rpath,{PREFIX / 'lib'}"], check=True)
    out = subprocess.run([str(program)], capture_output=True, text=True, check=True).stdout
    expected = reference()
    eligible = sum(expected["anc_travel_eligible"])
    paid = sum(expected["anc_travel_amount"])
    assert f"data: {DATA}" in out
    assert f"anc_travel: {eligible} eligible, {paid} VND" in out
    assert "as expected, invalid_argument" in out


def test_a_cxx_program_builds_with_pkg_config(tmp_path: pathlib.Path) -> None:
    program = tmp_path / "consumer"
    subprocess.run(["c++", str(SOURCE / "examples" / "consumer" / "main.cpp"), "-o", str(program),
                    *pkg_config("--static", "--cflags", "--libs", "project8")], check=True)
    out = subprocess.run([str(program)], capture_output=True, text=True, check=True).stdout
    assert "400.000 đ" in out


def readme_block(containing: str) -> str:
    """The ```sh block of the README's Install section that holds `containing`."""
    readme = (SOURCE / "README.md").read_text()
    section = readme.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    found = [b for b in blocks if containing in b]
    assert len(found) == 1, blocks
    return found[0]


def test_the_readme_install_commands_run(tmp_path: pathlib.Path) -> None:
    build = pathlib.Path(os.environ["PROJECT8_BUILD_DIR"])
    prefix = tmp_path / "prefix"
    env = dict(os.environ, PREFIX=str(prefix))
    env.pop("PROJECT8_DATA_DIR", None)
    install = readme_block("cmake --install").replace("build/release", str(build))
    subprocess.run(["bash", "-euo", "pipefail", "-c", install], check=True, env=env,
                   cwd=SOURCE, capture_output=True)
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(SOURCE / "examples")
    out = subprocess.run(["bash", "-euo", "pipefail", "-c", readme_block("pkg-config")],
                         check=True, env=env, cwd=work, capture_output=True, text=True).stdout
    assert f"data: {prefix}/share/project8" in out
    assert "anc_travel: " in out and "400.000 đ" in out
