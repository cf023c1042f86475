"""Side-by-side timings in one run: project8 against the plain-Python way.

Prints ratios (plain Python time / project8 time), which survive noisy shared
machines better than absolute times.
"""

from __future__ import annotations

import re
import timeit
import unicodedata

import project8

NAMES = [
    "Xã Sin Suối Hồ",
    "Thị trấn Tam Đường",
    "TAM ĐƯỜNG",
    "Xã Bản Bo",
    "Hội Liên hiệp Phụ nữ huyện",
] * 2000
AMOUNTS = ["1.234.567", "2,200,000 VND", "400.000 đ", "1234567"] * 2500

_AMOUNT = re.compile(r"^\s*(-?)(\d{1,3}(?:([.,])\d{3})?(?:\3\d{3})*|\d+)\s*(đ|₫|đồng|vnd|vnđ)?\s*$",
                     re.IGNORECASE)


def py_match_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("đ", "d").split())


def py_parse_amount(text: str) -> int:
    m = _AMOUNT.match(text)
    if not m:
        raise ValueError(text)
    digits = m.group(2).replace(".", "").replace(",", "")
    return -int(digits) if m.group(1) else int(digits)


def ratio(name: str, plain, native, number: int = 5) -> None:
    t_plain = min(timeit.repeat(plain, number=number, repeat=5))
    t_native = min(timeit.repeat(native, number=number, repeat=5))
    print(f"{name:<38} plain Python / project8 = {t_plain / t_native:5.2f}x")


def main() -> None:
    assert all(py_match_key(n) == project8.match_key(n) for n in set(NAMES))
    assert all(py_parse_amount(a) == project8.Money.parse(a).in_vnd for a in set(AMOUNTS))
    ratio("match_key over 10,000 names", lambda: [py_match_key(n) for n in NAMES],
          lambda: [project8.match_key(n) for n in NAMES])
    ratio("Money.parse over 10,000 amounts", lambda: [py_parse_amount(a) for a in AMOUNTS],
          lambda: [project8.Money.parse(a) for a in AMOUNTS])


if __name__ == "__main__":
    main()
