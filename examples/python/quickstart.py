"""The first five minutes with project8 in Python."""

import datetime as dt

import project8
from project8 import Money, PeriodKind, ReportingPeriod

# Money is whole đồng (int64), checked; the amount is this example's input.
per_visit = Money.parse("100.000 đ")
print("Antenatal travel cap per pregnancy:", per_visit * 4)

# Reporting periods with the labels reports use.
half = ReportingPeriod.containing(PeriodKind.half_year, dt.date(2025, 7, 1))
print("Communes merged in", half.label, half.first, "to", half.last, f"({half.length_days} days)")

# Names match regardless of case, encoding and (leniently) diacritics.
print(project8.name_key("TAM ĐƯỜNG") == project8.name_key("Tam Đường"))
print(project8.match_key("Tam Đường"))

try:
    project8.parse_date("2025-02-30")
except project8.ParseError as e:  # a ValueError too, with .file, .line, .column and .field
    print("Rejected at column", e.column, "-", e)
