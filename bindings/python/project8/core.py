"""Core vocabulary: exact money in đồng, dates, periods, reporting periods, text keys.

Mirrors the C++ module ``project8::core``. Dates are ``datetime.date`` (ISO
strings and ``numpy.datetime64`` are accepted as input); money is ``Money``
(an int64 of đồng; plain ``int`` is accepted wherever Money is expected).
"""

from __future__ import annotations

from ._core.core import (
    Money,
    Period,
    PeriodKind,
    ReportingPeriod,
    add_months_clamped,
    age_in_years,
    buffer_cache_size,
    days_between,
    is_valid_utf8,
    match_key,
    name_key,
    nfc,
    parse_bool_cell,
    parse_date,
    parse_day_cell,
    set_buffer_cache_limit,
    to_iso,
    to_vietnamese,
)

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
    "parse_bool_cell",
    "parse_date",
    "parse_day_cell",
    "set_buffer_cache_limit",
    "to_iso",
    "to_vietnamese",
]
