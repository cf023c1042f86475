/// \file
/// Reporting periods: month, quarter, half-year and year, with the labels that
/// reports use (`2025`, `2025-H1`, `2025-Q3`, `2025-07`).
///
/// Vietnam's budget and reporting year is the calendar year, so a half-year is
/// January–June or July–December and quarters are calendar quarters.
///
/// **Example**:
///
///     using namespace project8::core;
///     auto q = ReportingPeriod::containing(PeriodKind::quarter, make_date(2025, 8, 9));
///     q.label();                  // "2025-Q3"
///     q.next().label();           // "2025-Q4"
///     ReportingPeriod::parse("2025-H1").length_days();   // 181
#pragma once

#include <compare>
#include <iosfwd>
#include <string>
#include <string_view>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>

namespace project8::core {

/// The length of a reporting period.
enum class PeriodKind {
  month,      ///< A calendar month, label `YYYY-MM`.
  quarter,    ///< A calendar quarter, label `YYYY-Qn`.
  half_year,  ///< January–June or July–December, label `YYYY-H1` / `YYYY-H2`.
  year,       ///< A calendar year, label `YYYY`.
};

/// The keys and labels of PeriodKind (one table: see core/enum_text.hpp).
inline constexpr EnumEntry<PeriodKind> kPeriodKindText[] = {
    {PeriodKind::month, "month", "Tháng", "Month"},
    {PeriodKind::quarter, "quarter", "Quý", "Quarter"},
    {PeriodKind::half_year, "half_year", "6 tháng", "Half-year"},
    {PeriodKind::year, "year", "Năm", "Year"},
};
/// The text table of PeriodKind (found by argument-dependent lookup).
constexpr EnumInfo<PeriodKind> enum_text(PeriodKind /*unused*/) noexcept {
  return {"period kind", kPeriodKindText};
}

/// Lower-case English name of a kind: `month`, `quarter`, `half_year`, `year`.
[[nodiscard]] std::string_view to_string(PeriodKind kind) noexcept;
/// The kind named `month`, `quarter`, `half_year` or `year`; InvalidArgument otherwise.
[[nodiscard]] PeriodKind parse_period_kind(std::string_view name);

/// One month, quarter, half-year or year of the calendar.
class ReportingPeriod {
 public:
  /// The period of `kind` that contains `d`.
  [[nodiscard]] static ReportingPeriod containing(PeriodKind kind, Date d);
  /// The period of `kind` numbered `index` in `year` (month 1–12, quarter 1–4,
  /// half 1–2, and 1 for a year); InvalidArgument when out of range.
  [[nodiscard]] static ReportingPeriod of(PeriodKind kind, int year, int index = 1);
  /// Parses a label (`2025`, `2025-H1`, `2025-Q3`, `2025-07`; `h`/`q` in either
  /// case); ParseError with the column otherwise.
  [[nodiscard]] static ReportingPeriod parse(std::string_view label);

  /// What kind of period this is.
  [[nodiscard]] PeriodKind kind() const noexcept { return kind_; }
  /// Its calendar year.
  [[nodiscard]] int year() const noexcept { return year_; }
  /// Its number within the year (month, quarter or half; 1 for a year).
  [[nodiscard]] int index() const noexcept { return index_; }
  /// The following period of the same kind.
  [[nodiscard]] ReportingPeriod next() const;
  /// The preceding period of the same kind.
  [[nodiscard]] ReportingPeriod previous() const;
  /// Its days, as an inclusive Period.
  [[nodiscard]] Period period() const;
  /// First day.
  [[nodiscard]] Date first() const { return period().first(); }
  /// Last day (included).
  [[nodiscard]] Date last() const { return period().last(); }
  /// True when `d` falls in this period.
  [[nodiscard]] bool contains(Date d) const { return period().contains(d); }
  /// Number of days in the period.
  [[nodiscard]] long length_days() const { return period().length_days(); }
  /// The label: `2025`, `2025-H1`, `2025-Q3` or `2025-07`.
  [[nodiscard]] std::string label() const;

  /// Periods order by first day, then by length (a year before its first month).
  friend std::strong_ordering operator<=>(const ReportingPeriod& a, const ReportingPeriod& b);
  /// Periods are equal when kind, year and index are.
  friend bool operator==(const ReportingPeriod&, const ReportingPeriod&) noexcept = default;

 private:
  ReportingPeriod(PeriodKind kind, int year, int index) noexcept
      : kind_(kind), year_(year), index_(index) {}
  PeriodKind kind_;
  int year_;
  int index_;
};

/// Writes the label.
std::ostream& operator<<(std::ostream& os, const ReportingPeriod& p);

}  // namespace project8::core
