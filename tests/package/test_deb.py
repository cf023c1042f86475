"""The Debian package that `make deb` builds (PROJECT8_DEB names it).

It is unpacked into a scratch root with `dpkg -x` (no root rights needed),
then the C++ consumer (examples/consumer) and the C example (examples/c) are
built against it with CMake, and the unpacked program and C API find the
packaged data from where they lie.
"""

from __future__ import annotations

import os
import pathlib
import subprocess

import pytest

DEB = pathlib.Path(os.environ["PROJECT8_DEB"])
SOURCE = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("root")
    subprocess.run(["dpkg", "-x", str(DEB), str(root)], check=True)
    return root


def field(name: str) -> str:
    return subprocess.run(["dpkg-deb", "--field", str(DEB), name], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_package_s_metadata() -> None:
    assert field("Package") == "project8"
    assert field("Version").startswith("0.")
    depends = field("Depends")
    for needed in ("libyaml-cpp", "libsqlcipher", "libzip", "libstdc++6", "libc6"):
        assert needed in depends, depends


def test_the_package_holds_the_install(root: pathlib.Path) -> None:
    usr = root / "usr"
    assert (usr / "bin" / "project8").is_file()
    assert (usr / "include" / "project8" / "project8.h").is_file()
    assert list(usr.glob("lib*/**/libproject8-c.so.*"))
    assert list(usr.glob("lib*/**/libproject8.a"))
    assert list(usr.glob("lib*/**/cmake/project8/project8Config.cmake"))
    assert list(usr.glob("lib*/**/pkgconfig/project8-c.pc"))
    assert (usr / "share" / "project8" / "geo" / "lai-chau.yaml").is_file()
    assert not list(root.rglob("*.py"))


def build(example: str, root: pathlib.Path, work: pathlib.Path) -> pathlib.Path:
    build_dir = work / example
    subprocess.run(["cmake", "-S", str(SOURCE / "examples" / example), "-B", str(build_dir),
                    f"-DCMAKE_PREFIX_PATH={root / 'usr'}", "-DCMAKE_BUILD_TYPE=Release"],
                   check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(build_dir)], check=True, capture_output=True)
    return build_dir


def test_the_consumers_build_against_the_package(root: pathlib.Path,
                                                 tmp_path: pathlib.Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PROJECT8_DATA_DIR"}
    out = subprocess.run([str(build("consumer", root, tmp_path) / "consumer")],
                         capture_output=True, text=True, check=True, env=env).stdout
    assert "400.000 đ" in out
    out = subprocess.run([str(build("c", root, tmp_path) / "evaluate")],
                         capture_output=True, text=True, check=True, env=env).stdout
    assert f"data: {root / 'usr' / 'share' / 'project8'}" in out
    assert "anc_travel: " in out and "as expected, invalid_argument" in out


def test_the_packaged_program_runs(root: pathlib.Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PROJECT8_DATA_DIR"}
    out = subprocess.run([str(root / "usr" / "bin" / "project8"), "units", "list", "--on",
                          "2025-07-01"], capture_output=True, text=True, check=True, env=env).stdout
    assert "Xã Bình Lư" in out
