"""Tests of project8.core through the Python bindings."""

from __future__ import annotations

import datetime as dt
import pickle

import project8
import pytest
from hypothesis import given
from hypothesis import strategies as st
from project8 import Money, Period, PeriodKind, ReportingPeriod
from project8.core import add_months_clamped, age_in_years, days_between, to_iso, to_vietnamese

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


def test_version_is_the_cmake_version() -> None:
    import pathlib
    import re

    cmake = pathlib.Path(__file__).parents[2] / "CMakeLists.txt"
    declared = re.search(r"project\(project8 VERSION (\S+)", cmake.read_text()).group(1)
    assert project8.__version__ == declared


class TestMoney:
    def test_arithmetic_is_exact(self) -> None:
        assert (Money(100_000) * 4).in_vnd == 400_000
        assert (3 * Money(7)).in_vnd == 21
        assert Money(5) - Money(8) == Money(-3)
        assert -Money(5) == Money(-5)
        assert Money(5) + 3 == Money(8), "ints convert to Money"

    def test_overflow_raises_project8_and_builtin_overflow_error(self) -> None:
        with pytest.raises(project8.OverflowError):
            Money(INT64_MAX) + Money(1)
        with pytest.raises(OverflowError):
            Money(INT64_MAX) * 2
        with pytest.raises(project8.Error):
            -Money(INT64_MIN)

    def test_refuses_floats_and_out_of_range_ints(self) -> None:
        with pytest.raises(TypeError):
            Money(1.5)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            Money(2**63)
        with pytest.raises(TypeError):
            Money(5) * 1.5  # type: ignore[operator]

    def test_formats(self) -> None:
        m = Money(1_234_567)
        assert str(m) == "1.234.567 đ"
        assert m.to_plain_string() == "1234567"
        assert m.to_english_string() == "1,234,567 VND"
        assert repr(m) == "Money(1234567)"
        assert int(m) == 1_234_567

    @pytest.mark.parametrize("text", ["1.234.567", "1234567", "1,234,567 VND", "1.234.567 đ"])
    def test_parses(self, text: str) -> None:
        assert Money.parse(text) == Money(1_234_567)

    @pytest.mark.parametrize(
        ("text", "column"), [("1.23", 5), ("abc", 1), ("1,234,567 USD", 10), ("", 1)]
    )
    def test_parse_errors_carry_the_column(self, text: str, column: int) -> None:
        with pytest.raises(project8.ParseError) as info:
            Money.parse(text)
        assert info.value.column == column
        assert isinstance(info.value, ValueError)

    def test_hash_pickle_and_order(self) -> None:
        assert {Money(1), Money(1), Money(2)} == {Money(1), Money(2)}
        assert pickle.loads(pickle.dumps(Money(-42))) == Money(-42)
        assert sorted([Money(3), Money(-1), Money(2)]) == [Money(-1), Money(2), Money(3)]

    @given(st.integers(min_value=INT64_MIN, max_value=INT64_MAX))
    def test_every_format_round_trips(self, v: int) -> None:
        m = Money(v)
        assert Money.parse(str(m)) == m
        assert Money.parse(m.to_english_string()) == m
        assert Money.parse(m.to_plain_string()) == m

    @given(
        st.integers(min_value=INT64_MIN, max_value=INT64_MAX),
        st.integers(min_value=INT64_MIN, max_value=INT64_MAX),
    )
    def test_addition_is_exact_or_raises(self, a: int, b: int) -> None:
        exact = a + b
        if INT64_MIN <= exact <= INT64_MAX:
            assert (Money(a) + Money(b)).in_vnd == exact
        else:
            with pytest.raises(OverflowError):
                Money(a) + Money(b)


class TestDates:
    def test_parse_date_rejects_february_30_as_value_error(self) -> None:
        assert project8.parse_date("2025-07-01") == dt.date(2025, 7, 1)
        with pytest.raises(ValueError) as info:
            project8.parse_date("2025-02-30")
        assert isinstance(info.value, project8.ParseError)
        assert info.value.column == 9
        assert "2025-02-30" in str(info.value)

    def test_helpers_accept_dates_and_iso_strings(self) -> None:
        assert add_months_clamped(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
        assert add_months_clamped("2024-02-29", 1) == dt.date(2024, 3, 29)
        assert days_between("2025-01-01", dt.date(2025, 12, 31)) == 364
        assert age_in_years(dt.date(2004, 2, 29), dt.date(2025, 3, 1)) == 21
        assert to_iso(dt.date(2025, 6, 28)) == "2025-06-28"
        assert to_vietnamese(dt.date(2025, 6, 28)) == "28/06/2025"

    def test_datetime_with_a_time_of_day_is_refused_at_midnight_it_is_the_day(self) -> None:
        # The one rule for days (project8._convert): never a day cut silently out of a moment.
        with pytest.raises(project8.InvalidArgument, match="a date was expected"):
            to_iso(dt.datetime(2025, 1, 1, 12, 0))  # type: ignore[arg-type]
        assert to_iso(dt.datetime(2025, 1, 1)) == "2025-01-01"  # type: ignore[arg-type]

    def test_numpy_datetime64_is_accepted(self) -> None:
        np = pytest.importorskip("numpy")
        assert to_iso(np.datetime64("2025-11-09")) == "2025-11-09"  # type: ignore[arg-type]

    def test_period_is_inclusive(self) -> None:
        h2 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
        assert h2.length_days == 184
        assert dt.date(2025, 12, 31) in h2
        assert dt.date(2025, 6, 30) not in h2
        assert h2.intersection(Period.year(2026)) is None
        assert h2.intersection(Period.year(2025)) == h2
        assert repr(h2) == "Period(2025-07-01, 2025-12-31)"
        assert pickle.loads(pickle.dumps(h2)) == h2
        with pytest.raises(project8.InvalidArgument):
            Period(dt.date(2025, 7, 1), dt.date(2025, 6, 30))


class TestReportingPeriod:
    def test_labels_and_navigation(self) -> None:
        q = ReportingPeriod.containing(PeriodKind.quarter, dt.date(2025, 8, 9))
        assert q.label == "2025-Q3"
        assert q.next().label == "2025-Q4"
        assert ReportingPeriod("2025-H1").length_days == 181
        assert ReportingPeriod("2025-12").next() == ReportingPeriod("2026-01")
        assert ReportingPeriod.of(PeriodKind.half_year, 2025, 2).first == dt.date(2025, 7, 1)
        assert str(ReportingPeriod("2025")) == "2025"
        assert repr(ReportingPeriod("2025-07")) == "ReportingPeriod('2025-07')"
        assert dt.date(2025, 7, 31) in ReportingPeriod("2025-07")
        assert pickle.loads(pickle.dumps(q)) == q
        assert ReportingPeriod("2025") < ReportingPeriod("2025-H1")

    def test_bad_label_is_a_parse_error(self) -> None:
        with pytest.raises(project8.ParseError) as info:
            ReportingPeriod("2025-Q5")
        assert info.value.column == 7

    def test_period_kind_is_an_enum(self) -> None:
        import enum

        assert isinstance(PeriodKind.month, enum.Enum)
        assert PeriodKind["half_year"] is PeriodKind.half_year


class TestText:
    NFD = "Tam \u0110u\u031bo\u031b\u0300ng"

    def test_name_key_ignores_case_and_encoding(self) -> None:
        key = project8.name_key("Tam Đường")
        assert project8.name_key("TAM ĐƯỜNG") == key
        assert project8.name_key(self.NFD) == key
        assert project8.name_key("Tam Duong") != key

    def test_match_key_is_lenient(self) -> None:
        assert project8.match_key("Tam Duong") == project8.match_key("Tam Đường") == "tam duong"

    def test_nfc(self) -> None:
        assert project8.nfc(self.NFD) == "Tam Đường"

    def test_utf8_validation(self) -> None:
        assert project8.core.is_valid_utf8("Lai Châu".encode())
        assert not project8.core.is_valid_utf8(b"\xff")


def test_error_hierarchy() -> None:
    assert issubclass(project8.ParseError, project8.InvalidArgument)
    assert issubclass(project8.InvalidArgument, ValueError)
    assert issubclass(project8.InvalidArgument, project8.Error)
    assert issubclass(project8.ValidationError, ValueError)
    assert issubclass(project8.RuleError, ValueError)
    assert issubclass(project8.NotFoundError, LookupError)


def test_module_examples_run() -> None:
    """The examples in the module docstrings are true (doctest)."""
    import doctest

    from project8 import budget, report, rules, tracking, workspace

    for module in (budget, report, rules, tracking, workspace):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        assert result.attempted > 0, module.__name__
