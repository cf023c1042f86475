/// \file
/// Dates (Boost.Date_Time) and inclusive periods of days.
///
/// `Date` is `boost::gregorian::date`, not a wrapper: Boost is the vocabulary.
/// What this header adds is the part Boost leaves ambiguous or unsafe:
/// construction that throws the library's InvalidArgument (Python: ValueError),
/// strict ISO parsing, month arithmetic that names its clamping, and Period,
/// an inclusive range stated the way legal texts state it ("from 1/7/2025 to
/// 31/12/2025").
///
/// **Example**:
///
///     using namespace project8::core;
///     Date d = parse_date("2025-07-01");
///     Period h2 = Period::inclusive(d, make_date(2025, 12, 31));
///     h2.length_days();                        // 184
///     add_months_clamped(make_date(2024, 1, 31), 1);   // 2024-02-29
#pragma once

#include <compare>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace project8::core {

/// A calendar day (proleptic Gregorian): Boost's type, used as it is.
using Date = boost::gregorian::date;

/// The date year-month-day; throws InvalidArgument naming the values when
/// there is no such day (e.g. 2025-02-30) or the year is outside 1400–9999.
[[nodiscard]] Date make_date(int year, int month, int day);

/// Parses exactly `YYYY-MM-DD`. Anything else, or a day that does not exist
/// (`2025-02-30`), throws ParseError with the column and the text.
[[nodiscard]] Date parse_date(std::string_view text);

/// Formats as ISO `YYYY-MM-DD`; throws InvalidArgument for Boost's special values.
[[nodiscard]] std::string to_iso(Date d);

/// Formats the Vietnamese way, `dd/mm/yyyy`.
[[nodiscard]] std::string to_vietnamese(Date d);

/// Same day of the month `n` months later (or earlier for negative `n`),
/// clamped to the last day of the target month: 2024-01-31 + 1 → 2024-02-29,
/// and 2024-02-29 + 1 → 2024-03-29 (Boost's `months` would snap to 03-31).
[[nodiscard]] Date add_months_clamped(Date d, int n);

/// Number of days from `a` to `b` (negative when `b` is before `a`).
[[nodiscard]] long days_between(Date a, Date b);

/// Completed years of age on `on` for someone born on `birth` (0 before the
/// first birthday; someone born on 29 February turns a year older on 1 March
/// in common years).
[[nodiscard]] int age_in_years(Date birth, Date on);

/// A non-empty range of days, both ends included.
class Period {
 public:
  /// The days from `first` to `last` inclusive; throws InvalidArgument if `last < first`.
  [[nodiscard]] static Period inclusive(Date first, Date last);
  /// The single day `d`.
  [[nodiscard]] static Period day(Date d) { return inclusive(d, d); }
  /// The calendar year `year` (1 January to 31 December).
  [[nodiscard]] static Period year(int year);

  /// First day of the period.
  [[nodiscard]] Date first() const noexcept { return first_; }
  /// Last day of the period (included).
  [[nodiscard]] Date last() const noexcept { return last_; }
  /// True when `d` lies in the period, ends included.
  [[nodiscard]] bool contains(Date d) const noexcept { return first_ <= d && d <= last_; }
  /// True when `other` lies wholly inside this period.
  [[nodiscard]] bool contains(const Period& other) const noexcept {
    return first_ <= other.first_ && other.last_ <= last_;
  }
  /// True when the two periods share at least one day.
  [[nodiscard]] bool overlaps(const Period& other) const noexcept {
    return first_ <= other.last_ && other.first_ <= last_;
  }
  /// The days both periods share, or nothing when they do not overlap.
  [[nodiscard]] std::optional<Period> intersection(const Period& other) const;
  /// Number of days, ends included (a single day has length 1).
  [[nodiscard]] long length_days() const noexcept;
  /// Formats as `YYYY-MM-DD..YYYY-MM-DD`.
  [[nodiscard]] std::string to_string() const;

  /// Periods order by first day, then last day.
  friend std::strong_ordering operator<=>(const Period& a, const Period& b) noexcept {
    if (a.first_ != b.first_) {
      return a.first_ < b.first_ ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    if (a.last_ != b.last_) {
      return a.last_ < b.last_ ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    return std::strong_ordering::equal;
  }
  /// Periods are equal when both ends are.
  friend bool operator==(const Period&, const Period&) noexcept = default;

 private:
  Period(Date first, Date last) noexcept : first_(first), last_(last) {}
  Date first_;
  Date last_;
};

/// Days from `first` to `last`, ends included, where either end may be open
/// (unknown or not yet fixed): a unit that still exists, a rule in force
/// until changed, a value whose start predates the data. One type for every
/// validity and effective period, instead of from / optional-to pairs.
class DateRange {
 public:
  /// Every day (both ends open).
  DateRange() = default;
  /// From `first` to `last`; an empty end is open. InvalidArgument when `last < first`.
  DateRange(std::optional<Date> first, std::optional<Date> last);
  /// From `first`, with no end.
  [[nodiscard]] static DateRange since(Date first) { return {first, std::nullopt}; }
  /// Until `last`, with no known start.
  [[nodiscard]] static DateRange until(Date last) { return {std::nullopt, last}; }

  /// The first day, or empty when open.
  [[nodiscard]] const std::optional<Date>& first() const noexcept { return first_; }
  /// The last day (included), or empty when open.
  [[nodiscard]] const std::optional<Date>& last() const noexcept { return last_; }
  /// True when `d` lies in the range.
  [[nodiscard]] bool contains(Date d) const noexcept {
    return (!first_ || *first_ <= d) && (!last_ || d <= *last_);
  }
  /// True when the two ranges share at least one day.
  [[nodiscard]] bool overlaps(const DateRange& other) const noexcept {
    return (!first_ || !other.last_ || *first_ <= *other.last_) &&
           (!other.first_ || !last_ || *other.first_ <= *last_);
  }
  /// `YYYY-MM-DD..YYYY-MM-DD`, an open end left empty (`2025-07-01..`).
  [[nodiscard]] std::string to_string() const;

  /// Ranges are equal when both ends are.
  friend bool operator==(const DateRange&, const DateRange&) = default;

 private:
  std::optional<Date> first_;
  std::optional<Date> last_;
};

/// Writes the period as to_string() does.
std::ostream& operator<<(std::ostream& os, const Period& p);

}  // namespace project8::core
