// Days since 1970-01-01 <-> civil dates, after H. Hinnant's public-domain
// algorithms (http://howardhinnant.github.io/date_algorithms.html). Private.
#pragma once

#include <cstdint>
#include <string_view>

namespace project8::data::detail {

/// Days since 1970-01-01 of y-m-d (proleptic Gregorian; m 1–12, d 1–31).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// A civil date.
struct Civil {
  std::int64_t year;  ///< Year.
  unsigned month;     ///< 1–12.
  unsigned day;       ///< 1–31.
};

/// The civil date `z` days after 1970-01-01.
constexpr Civil civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

/// Days in month `m` of year `y`.
constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : table[m - 1];
}

/// Completed years from `birth` to `on` (both days since 1970-01-01); negative
/// when `on` is before `birth`.
constexpr std::int64_t completed_years(std::int64_t birth, std::int64_t on) noexcept {
  const Civil b = civil_from_days(birth);
  const Civil o = civil_from_days(on);
  std::int64_t years = o.year - b.year;
  if (o.month < b.month || (o.month == b.month && o.day < b.day)) --years;
  return years;
}

/// Days since 1970-01-01 of a day written day first, `D/M/YYYY` or `D-M-YYYY`
/// (day and month of one or two digits, one separator used twice); -1 when the
/// text is not so written or not a real day (years before 1400 are refused, as
/// in ISO cells).
constexpr std::int64_t parse_day_first(std::string_view s) noexcept {
  if (s.size() < 8 || s.size() > 10) return -1;
  std::size_t i = 0;
  const auto number = [&](std::size_t min, std::size_t max, unsigned& out) {
    const std::size_t from = i;
    out = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - from < max)
      out = out * 10 + static_cast<unsigned>(s[i++] - '0');
    return i - from >= min;
  };
  unsigned d = 0, m = 0, y = 0;
  if (!number(1, 2, d) || i >= s.size() || (s[i] != '/' && s[i] != '-')) return -1;
  const char sep = s[i++];
  if (!number(1, 2, m) || i >= s.size() || s[i] != sep) return -1;
  ++i;
  if (!number(4, 4, y) || i != s.size()) return -1;
  if (y < 1400 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
  return days_from_civil(y, m, d);
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(parse_day_first("15/03/2025") == days_from_civil(2025, 3, 15));
static_assert(parse_day_first("1-7-2025") == days_from_civil(2025, 7, 1));
static_assert(parse_day_first("31/04/2025") == -1);
static_assert(parse_day_first("1/7-2025") == -1);
static_assert(days_from_civil(2025, 7, 1) == 20270);
static_assert(civil_from_days(20270).month == 7);
static_assert(completed_years(days_from_civil(2000, 2, 29), days_from_civil(2025, 2, 28)) == 24);
static_assert(completed_years(days_from_civil(2000, 2, 29), days_from_civil(2025, 3, 1)) == 25);

}  // namespace project8::data::detail
