#include <cstdio>
#include <ostream>

#include <boost/date_time/gregorian/gregorian.hpp>

#include <project8/core/date.hpp>
#include <project8/core/error.hpp>

namespace project8::core {

namespace {
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int digits(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

std::string quoted(std::string_view text) {
  std::string shown(text.substr(0, 40));
  if (text.size() > 40) shown += "...";
  return "'" + shown + "'";
}

void require_regular(Date d) {
  if (d.is_special()) throw InvalidArgument("the date is not a calendar day (special value)");
}
}  // namespace

Date make_date(int year, int month, int day) {
  if (year < 1400 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > boost::gregorian::gregorian_calendar::end_of_month_day(
                static_cast<unsigned short>(year), static_cast<unsigned short>(month))) {
    throw InvalidArgument("no such date: year " + std::to_string(year) + ", month " +
                          std::to_string(month) + ", day " + std::to_string(day));
  }
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
              static_cast<unsigned short>(day));
}

Date parse_date(std::string_view text) {
  const auto fail = [&](std::size_t col, const std::string& what) {
    throw ParseError(SourceLocation{{}, std::nullopt, col},
                     quoted(text) + " is not a date: " + what + " (expected YYYY-MM-DD)");
  };
  if (text.size() != 10) fail(1, "it must be exactly 10 characters");
  for (std::size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7) {
      if (text[i] != '-') fail(i + 1, "'-' expected");
    } else if (!is_digit(text[i])) {
      fail(i + 1, "a digit expected");
    }
  }
  const int y = digits(text, 0, 4);
  const int m = digits(text, 5, 2);
  const int d = digits(text, 8, 2);
  if (m < 1 || m > 12) fail(6, "month must be 01–12");
  if (y < 1400) fail(1, "year must be 1400 or later");
  const int last = boost::gregorian::gregorian_calendar::end_of_month_day(
      static_cast<unsigned short>(y), static_cast<unsigned short>(m));
  if (d < 1 || d > last) {
    fail(9, "day must be 01–" + std::to_string(last) + " in that month");
  }
  return make_date(y, m, d);
}

std::string to_iso(Date d) {
  require_regular(d);
  char buf[32];
  const auto ymd = d.year_month_day();
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(ymd.year),
                static_cast<int>(ymd.month), static_cast<int>(ymd.day));
  return buf;
}

std::string to_vietnamese(Date d) {
  require_regular(d);
  char buf[32];
  const auto ymd = d.year_month_day();
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", static_cast<int>(ymd.day),
                static_cast<int>(ymd.month), static_cast<int>(ymd.year));
  return buf;
}

Date add_months_clamped(Date d, int n) {
  require_regular(d);
  const auto ymd = d.year_month_day();
  const long total = static_cast<long>(ymd.year) * 12 + (static_cast<long>(ymd.month) - 1) + n;
  const long year = total / 12;
  const int month = static_cast<int>(total % 12) + 1;
  if (year < 1400 || year > 9999) throw InvalidArgument("date out of range after adding months");
  const int last = boost::gregorian::gregorian_calendar::end_of_month_day(
      static_cast<unsigned short>(year), static_cast<unsigned short>(month));
  const int day = std::min<int>(ymd.day, last);
  return make_date(static_cast<int>(year), month, day);
}

long days_between(Date a, Date b) {
  require_regular(a);
  require_regular(b);
  return static_cast<long>((b - a).days());
}

int age_in_years(Date birth, Date on) {
  require_regular(birth);
  require_regular(on);
  const auto b = birth.year_month_day();
  const auto o = on.year_month_day();
  int age = static_cast<int>(o.year) - static_cast<int>(b.year);
  if (o.month < b.month || (o.month == b.month && o.day < b.day)) --age;
  return age;
}

Period Period::inclusive(Date first, Date last) {
  require_regular(first);
  require_regular(last);
  if (last < first) {
    throw InvalidArgument("a period cannot end (" + to_iso(last) + ") before it starts (" +
                          to_iso(first) + ")");
  }
  return Period(first, last);
}

Period Period::year(int year) {
  return inclusive(make_date(year, 1, 1), make_date(year, 12, 31));
}

std::optional<Period> Period::intersection(const Period& other) const {
  if (!overlaps(other)) return std::nullopt;
  return Period(std::max(first_, other.first_), std::min(last_, other.last_));
}

long Period::length_days() const noexcept {
  return static_cast<long>((last_ - first_).days()) + 1;
}

std::string Period::to_string() const {
  return to_iso(first_) + ".." + to_iso(last_);
}

DateRange::DateRange(std::optional<Date> first, std::optional<Date> last)
    : first_(first), last_(last) {
  if (first_) require_regular(*first_);
  if (last_) require_regular(*last_);
  if (first_ && last_ && *last_ < *first_) {
    throw InvalidArgument("a date range cannot end (" + to_iso(*last_) + ") before it starts (" +
                          to_iso(*first_) + ")");
  }
}

std::string DateRange::to_string() const {
  return (first_ ? to_iso(*first_) : std::string()) + ".." +
         (last_ ? to_iso(*last_) : std::string());
}

std::ostream& operator<<(std::ostream& os, const Period& p) {
  return os << p.to_string();
}

}  // namespace project8::core
