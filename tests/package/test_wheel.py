"""The wheel that `make wheel` builds (PROJECT8_WHEELHOUSE: the folder holding
it and numpy's wheel).

It is installed into a fresh virtual environment with `--no-index` — no
compiler, no network, no source tree — and the Python quickstart runs from
outside the source tree. Its compiled module needs nothing beyond the
manylinux policy: every other library it loads travels inside the wheel.
"""

from __future__ import annotations

import email.parser
import os
import pathlib
import re
import subprocess
import sys
import zipfile

import pytest

WHEELHOUSE = pathlib.Path(os.environ["PROJECT8_WHEELHOUSE"])
SOURCE = pathlib.Path(__file__).resolve().parents[2]


def system_libraries(tag: str) -> set[str]:
    """What a wheel of manylinux `tag` may load from the system: the policy's
    list, as auditwheel (the tool that checks it) holds it, and the loader."""
    import json

    import auditwheel

    policies = json.loads((pathlib.Path(auditwheel.__file__).parent / "policy" /
                           "manylinux-policy.json").read_text())
    policy = next(p for p in policies if p["name"] == tag)
    return set(policy["lib_whitelist"]) | {"ld-linux-x86-64.so.2", "linux-vdso.so.1"}


def wheel() -> pathlib.Path:
    found = sorted(WHEELHOUSE.glob("project8-*.whl"))
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    env = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    subprocess.run([str(env / "bin" / "pip"), "install", "-q", "--no-index", "--find-links",
                    str(WHEELHOUSE), "project8"], check=True)
    return env


def test_the_wheel_is_manylinux_and_complete() -> None:
    w = wheel()
    assert re.search(r"-manylinux_2_\d+_x86_64", w.name), w.name
    names = zipfile.ZipFile(w).namelist()
    assert "project8/py.typed" in names
    assert "project8/data/geo/lai-chau.yaml" in names
    assert "project8/data/rules/safe-motherhood.yaml" in names
    assert any(n.startswith("project8/_core/") and n.endswith(".pyi") for n in names)
    assert any(re.match(r"project8/_core\..*\.so$", n) for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    meta = email.parser.Parser().parsestr(zipfile.ZipFile(w).read(metadata).decode())
    assert meta["Summary"] and meta.get_all("Classifier")
    assert meta["License-Expression"] or meta["License"] or meta.get_all("License-File")
    assert "License :: OSI Approved :: MIT License" in meta.get_all("Classifier")
    assert "numpy" in " ".join(meta.get_all("Requires-Dist"))


def test_every_library_carried_has_its_licence_notice() -> None:
    # auditwheel copies the libraries in (OpenSSL, SQLCipher, libzip...);
    # tools/wheel_notices.py adds each one's Debian copyright file.
    z = zipfile.ZipFile(wheel())
    names = z.namelist()
    carried = [n for n in names if n.startswith("project8.libs/") and not n.endswith("/")]
    assert carried
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    listed = email.parser.Parser().parsestr(z.read(metadata).decode()).get_all("License-File")
    for member in carried:
        library = re.sub(r"-[0-9a-f]{8}(?=\.so)", "", member.split("/", 1)[1])
        notice = f"third-party/{library}.copyright"
        assert notice in listed, (member, listed)
        text = z.read(metadata.replace("METADATA", "licenses/" + notice)).decode("utf-8", "replace")
        assert "Copyright" in text or "License" in text, notice
    record = z.read(metadata.replace("METADATA", "RECORD")).decode()
    assert all(name in record for name in names)


def test_the_quickstart_runs_from_outside_the_source_tree(venv: pathlib.Path,
                                                           tmp_path: pathlib.Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PROJECT8_DATA_DIR", "PROJECT8_SOURCE_DIR")}
    out = subprocess.run([str(venv / "bin" / "python"), str(SOURCE / "examples" / "python" /
                                                            "quickstart.py")],
                         cwd=tmp_path, capture_output=True, text=True, check=True, env=env).stdout
    assert "400.000 đ" in out and "2025-H2" in out and "tam duong" in out
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import project8, project8.rules as r; print(project8.__file__);"
                            "print(project8.data_dir());"
                            "print(len(r.RuleSet.load(str(project8.data_dir() / 'rules' /"
                            " 'safe-motherhood.yaml')).packages))"],
                           cwd=tmp_path, capture_output=True, text=True, check=True,
                           env=env).stdout.split("\n")
    assert where[0].startswith(str(venv)) and where[1].startswith(str(venv))
    assert int(where[2]) >= 1


def test_the_module_needs_only_the_manylinux_system_libraries(venv: pathlib.Path) -> None:
    tag = re.search(r"-(manylinux_2_\d+)_x86_64", wheel().name).group(1)
    allowed = system_libraries(tag)
    assert "libyaml-cpp.so.0.7" not in allowed and "libsqlite3.so.0" not in allowed
    module = next((venv / "lib").glob("python3*/site-packages/project8/_core.*.so"))
    ldd = subprocess.run(["ldd", str(module)], capture_output=True, text=True, check=True).stdout
    assert "not found" not in ldd
    for line in ldd.splitlines():
        name = line.split()[0]
        if name in allowed or name.startswith("/"):
            continue
        target = line.split("=>")[1].split()[0] if "=>" in line else ""
        assert "site-packages/project8" in target, line  # carried in the wheel (project8.libs)
    assert "project8.libs" in ldd  # yaml-cpp, SQLite, libzip... were copied in
