"""Adds the licence notices of the libraries a repaired wheel carries.

auditwheel copies the shared libraries the module needs (OpenSSL's
libcrypto, SQLCipher, libzip, yaml-cpp, ...) into ``project8.libs/``, renamed
``<name>-<hash>.so.N``, but not their licences, which most of them require
to travel with every copy. For each one this finds the Debian package that
installed the original (``dpkg -S``) and copies its ``copyright`` file into
the wheel's ``.dist-info/licenses/third-party/<library>.copyright``, lists it
in METADATA (``License-File``) and rewrites RECORD.

    python tools/wheel_notices.py dist/project8-*.whl

A library whose package or copyright file cannot be found is an error: the
wheel is not shipped without its notices.
"""

from __future__ import annotations

import base64
import hashlib
import pathlib
import re
import subprocess
import sys
import zipfile

GRAFTED = re.compile(r"^project8\.libs/(?P<stem>.+)-[0-9a-f]{8}(?P<so>\.so[.0-9]*)$")


def original_name(member: str) -> str | None:
    """``libsqlcipher.so.0`` for ``project8.libs/libsqlcipher-1a2b3c4d.so.0``."""
    m = GRAFTED.match(member)
    return m["stem"] + m["so"] if m else None


def copyright_of(library: str) -> pathlib.Path:
    """The Debian copyright file of the package that installed ``library``."""
    found = subprocess.run(["dpkg", "-S", f"*/{library}"], capture_output=True, text=True,
                           check=False)
    if found.returncode != 0 or ":" not in found.stdout:
        raise SystemExit(f"wheel_notices: no Debian package installed {library}: "
                         "its licence cannot be added")
    package = found.stdout.split(":", 1)[0].split(",")[0].strip()
    doc = pathlib.Path("/usr/share/doc") / package / "copyright"
    if not doc.is_file():
        raise SystemExit(f"wheel_notices: {package} (for {library}) has no {doc}")
    return doc


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def add_notices(wheel: pathlib.Path) -> list[str]:
    """Rewrites ``wheel`` with the notices; returns the libraries covered."""
    with zipfile.ZipFile(wheel) as z:
        members = {i.filename: (i, z.read(i.filename)) for i in z.infolist()}
    dist_info = next(n.split("/")[0] for n in members if n.endswith(".dist-info/METADATA"))
    libraries = sorted(filter(None, (original_name(n) for n in members)))
    added: dict[str, bytes] = {}
    for library in libraries:
        name = f"{dist_info}/licenses/third-party/{library}.copyright"
        added[name] = copyright_of(library).read_bytes()
    metadata_name = f"{dist_info}/METADATA"
    metadata = members[metadata_name][1].decode("utf-8")
    head, sep, body = metadata.partition("\n\n")
    listed = "".join(f"License-File: {n.split('/licenses/', 1)[1]}\n" for n in added
                     if f"License-File: {n.split('/licenses/', 1)[1]}" not in head)
    metadata = head + "\n" + listed.rstrip("\n") + sep + body if listed else metadata
    files: dict[str, bytes] = {n: data for n, (_, data) in members.items()}
    files[metadata_name] = metadata.encode("utf-8")
    files.update(added)
    record_name = f"{dist_info}/RECORD"
    record = [record_line(n, data) for n, data in files.items()
              if n != record_name and not n.endswith("/")]  # folders are not listed
    files[record_name] = ("\n".join([*record, f"{record_name},,"]) + "\n").encode("utf-8")
    temporary = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in files.items():
            info = members[name][0] if name in members else zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name not in members:
                info.external_attr = 0o644 << 16
            out.writestr(info, data)
    temporary.replace(wheel)
    return libraries


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for path in paths:
        covered = add_notices(pathlib.Path(path))
        print(f"{path}: licence notices of {len(covered)} libraries: {', '.join(covered)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
