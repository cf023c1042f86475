/// \file
/// The reporting calendar (Circular 01/2022/TT-UBDT) as data: which report is
/// due when, for a year and a level, and whether a record was filed late.
///
/// Deadlines are written as the first day that is too late ("before 15/9"):
/// a report is on time when filed on or before the day before. What the
/// domain reference does not give (quarterly deadlines, district → province)
/// is absent from the bundled file and stays for users to add.
///
/// **Example**:
///
///     auto cal = project8::tracking::Calendar::load("data/calendar/01-2022-tt-ubdt.yaml");
///     for (const auto& d : cal.due_dates(2025, "commune")) std::cout << d.report << ' ' <<
///     d.last_day << '\n';
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/localized.hpp>
#include <project8/legal/instrument.hpp>

namespace project8::tracking {

/// What part of the year a report covers.
enum class Coverage : std::uint8_t {
  year_to_date,  ///< From 1 January to the deadline.
  year,          ///< The whole implementation year.
};

/// One periodic report of the calendar.
struct ReportRule {
  std::string id;                    ///< Identifier.
  core::LocalizedText title;         ///< What it is.
  std::string from_level;            ///< Who sends it (commune, investor, …).
  std::string to_level;              ///< Who receives it.
  Coverage covers = Coverage::year;  ///< What it covers.
  int before_month = 1;              ///< The deadline's month: filed before this day.
  int before_day = 1;                ///< The deadline's day.
  int year_offset = 0;               ///< 0: the implementation year; 1: the following year.
  legal::Confidence confidence = legal::Confidence::seen;  ///< How sure the data is.
};

/// One report due for a year.
struct DueDate {
  std::string report;   ///< ReportRule id.
  core::Period covers;  ///< Days the report covers.
  core::Date last_day;  ///< The last day on which filing is on time.
};

/// A reporting calendar loaded from YAML (schema `project8/calendar/1`).
class Calendar {
 public:
  /// Loads a calendar; core::ValidationError/ParseError with every problem located.
  [[nodiscard]] static Calendar load(const std::filesystem::path& path);
  /// As load(), from text.
  [[nodiscard]] static Calendar parse(std::string_view yaml, const std::string& source_name);

  /// The instrument that sets it.
  [[nodiscard]] const std::string& instrument() const noexcept { return instrument_; }
  /// Months between data collections.
  [[nodiscard]] int collection_every_months() const noexcept { return every_months_; }
  /// The report rules.
  [[nodiscard]] const std::vector<ReportRule>& reports() const noexcept { return reports_; }
  /// What the sources did not give.
  [[nodiscard]] const std::vector<std::string>& not_found() const noexcept { return not_found_; }

  /// The reports sent by `from_level` for implementation year `year`, by deadline.
  [[nodiscard]] std::vector<DueDate> due_dates(int year, std::string_view from_level) const;
  /// The first report by `from_level` that must include a record dated `d`
  /// (its coverage holds `d` and its deadline is after `d`), if any.
  [[nodiscard]] std::optional<DueDate> first_due(core::Date d, std::string_view from_level) const;

 private:
  std::string instrument_;
  int every_months_ = 3;
  std::vector<ReportRule> reports_;
  std::vector<std::string> not_found_;
};

}  // namespace project8::tracking
