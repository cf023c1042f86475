"""Officer-style copies of a clean CSV, as commune and district computers save them.

Made from the repository's files each time a test runs (no hand-edited binaries):

- ``.xlsx`` with a title block above the table, dates as date cells shown
  ``dd/mm/yyyy``, counts as numbers, codes as text (openpyxl);
- semicolon-separated CSV with CRLF line ends and a UTF-8 byte-order mark
  (Excel's "CSV UTF-8" in a locale whose list separator is ``;``);
- Windows-1258 (iconv, the C library's: Windows writes tone marks as combining characters);
- TCVN3 (ABC), the code of the ``.Vn`` fonts (iconv's TCVN5712-1);
- UTF-16 with its byte-order mark (Excel's "Unicode text", tab-separated);
- dates written day first, ``DD/MM/YYYY``;
- unit codes that lost their leading zeros (``3412`` for ``03412``), as Excel leaves them;
- units written by name (``Xã Bình Lư``), and by name without diacritics
  (``Xa Binh Lu``), when ``make`` is given the names.

Usage: ``python make_officer_files.py CLEAN.csv OUT_DIR`` writes one file per variant.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _rows(clean: pathlib.Path) -> list[list[str]]:
    with clean.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _csv(rows: list[list[str]], delimiter: str = ",", line_end: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return out.getvalue()


def _day_first(cell: str) -> str:
    return f"{cell[8:10]}/{cell[5:7]}/{cell[0:4]}" if ISO_DAY.match(cell) else cell


def _iconv(text: str, encoding: str) -> bytes:
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding], input=text.encode("utf-8"),
                          capture_output=True, check=True).stdout


def _workbook(rows: list[list[str]], path: pathlib.Path, numeric: set[str]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    ws.append(["UỶ BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG"])
    ws.append(["BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN DỰ ÁN 8 (SYNTHETIC)"])
    ws.append([])
    header = rows[0]
    ws.append(header)
    for row in rows[1:]:
        cells: list[object] = []
        for name, cell in zip(header, row, strict=True):
            if cell == "":
                cells.append(None)
            elif ISO_DAY.match(cell):
                cells.append(dt.date.fromisoformat(cell))
            elif name in numeric and cell.lstrip("-").isdigit():
                cells.append(int(cell))
            else:
                cells.append(cell)
        ws.append(cells)
        for c in ws[ws.max_row]:
            if isinstance(c.value, dt.date):
                c.number_format = "dd/mm/yyyy"
    wb.save(path)


def plain(text: str) -> str:
    """``text`` without diacritics, as typed on a keyboard without Vietnamese input."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def make(clean: pathlib.Path, out_dir: pathlib.Path, numeric: set[str] | None = None,
         name_of: Callable[[str, str], str | None] | None = None) -> dict[str, pathlib.Path]:
    """Writes every variant of ``clean`` into ``out_dir``; returns them by name.

    ``numeric`` names the columns written as numbers in the workbook (counts);
    every other cell stays text, as an officer's sheet formatted as text keeps
    a code such as ``03412``. ``name_of(code, iso_date)`` gives the name of the
    unit a row's code names on its date (None: keep the code); without it the
    by-name variants are not made.
    """
    rows = _rows(clean)
    header = rows[0]
    numeric = numeric if numeric is not None else {
        n for n in header if n in {"quantity", "female", "male", "ethnic_minority", "kinh"} or n.startswith(("age_", "role_"))}
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = clean.stem
    made: dict[str, pathlib.Path] = {}

    def write(name: str, data: bytes) -> None:
        path = out_dir / name
        path.write_bytes(data)
        made[name.split(".", 1)[0].removeprefix(stem + "-")] = path

    text = _csv(rows)
    write(f"{stem}-semicolon-crlf-bom.csv", b"\xef\xbb\xbf" + _csv(rows, ";", "\r\n").encode("utf-8"))
    write(f"{stem}-windows-1258.csv", _iconv(text, "CP1258"))
    write(f"{stem}-tcvn3.csv", _iconv(text, "TCVN5712-1"))
    write(f"{stem}-utf-16.csv", _csv(rows, "\t", "\r\n").encode("utf-16"))  # with its byte-order mark
    write(f"{stem}-day-first.csv", _csv([header] + [[_day_first(c) for c in r] for r in rows[1:]]).encode("utf-8"))
    unit = header.index("unit")
    date = header.index("date")

    def with_units(rewrite: Callable[[str, str], str]) -> bytes:
        out = [header] + [[rewrite(c, r[date]) if k == unit else c for k, c in enumerate(r)] for r in rows[1:]]
        return _csv(out).encode("utf-8")

    write(f"{stem}-lost-zeros.csv", with_units(lambda code, _day: code.lstrip("0") or code))
    if name_of is not None:
        write(f"{stem}-unit-names.csv", with_units(lambda code, day: name_of(code, day) or code))
        write(f"{stem}-unit-names-plain.csv", with_units(lambda code, day: plain(name_of(code, day) or code)))
    book = out_dir / f"{stem}.xlsx"
    _workbook(rows, book, numeric)
    made["xlsx"] = book
    return made


if __name__ == "__main__":
    for name, path in make(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])).items():
        print(name, path)
