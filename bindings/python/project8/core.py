"""Core vocabulary: exact money in đồng, dates, periods, reporting periods, text keys.

Mirrors the C++ module ``project8::core``. Dates are ``datetime.date`` (ISO
strings and ``numpy.datetime64`` are accepted as input); money is ``Money``
(an int64 of đồng; plain ``int`` is accepted wherever Money is expected).
"""

from __future__ import annotations

from ._core import core as _native

Money = _native.Money
Period = _native.Period
PeriodKind = _native.PeriodKind
ReportingPeriod = _native.ReportingPeriod
add_months_clamped = _native.add_months_clamped
age_in_years = _native.age_in_years
days_between = _native.days_between
is_valid_utf8 = _native.is_valid_utf8
match_key = _native.match_key
name_key = _native.name_key
nfc = _native.nfc
parse_date = _native.parse_date
set_buffer_cache_limit = _native.set_buffer_cache_limit
buffer_cache_size = _native.buffer_cache_size
to_iso = _native.to_iso
to_vietnamese = _native.to_vietnamese

__all__ = [
    "Money",
    "Period",
    "PeriodKind",
    "ReportingPeriod",
    "add_months_clamped",
    "age_in_years",
    "buffer_cache_size",
    "days_between",
    "is_valid_utf8",
    "match_key",
    "name_key",
    "nfc",
    "parse_date",
    "set_buffer_cache_limit",
    "to_iso",
    "to_vietnamese",
]
