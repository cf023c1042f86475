#include <ostream>

#include <boost/date_time/gregorian/gregorian.hpp>

#include <project8/core/error.hpp>
#include <project8/core/reporting_period.hpp>

namespace project8::core {

namespace {
int periods_per_year(PeriodKind kind) noexcept {
  switch (kind) {
    case PeriodKind::month:
      return 12;
    case PeriodKind::quarter:
      return 4;
    case PeriodKind::half_year:
      return 2;
    case PeriodKind::year:
      return 1;
  }
  return 1;
}
int months_per_period(PeriodKind kind) noexcept {
  return 12 / periods_per_year(kind);
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

[[noreturn]] void fail_label(std::string_view label, std::size_t col, const std::string& what) {
  throw ParseError(SourceLocation{{}, std::nullopt, col},
                   "'" + std::string(label.substr(0, 40)) + "' is not a reporting period: " + what +
                       " (expected 2025, 2025-H1, 2025-Q3 or 2025-07)");
}
}  // namespace

std::string_view to_string(PeriodKind kind) noexcept {
  return key(kind);
}

PeriodKind parse_period_kind(std::string_view name) {
  return parse_enum<PeriodKind>(name);
}

ReportingPeriod ReportingPeriod::containing(PeriodKind kind, Date d) {
  if (d.is_special()) throw InvalidArgument("the date is not a calendar day (special value)");
  const auto ymd = d.year_month_day();
  const int index = (static_cast<int>(ymd.month) - 1) / months_per_period(kind) + 1;
  return ReportingPeriod(kind, static_cast<int>(ymd.year), index);
}

ReportingPeriod ReportingPeriod::of(PeriodKind kind, int year, int index) {
  if (year < 1400 || year > 9999) {
    throw InvalidArgument("year " + std::to_string(year) + " is outside 1400–9999");
  }
  if (index < 1 || index > periods_per_year(kind)) {
    throw InvalidArgument(std::string(to_string(kind)) + " number " + std::to_string(index) +
                          " is outside 1–" + std::to_string(periods_per_year(kind)));
  }
  return ReportingPeriod(kind, year, index);
}

ReportingPeriod ReportingPeriod::parse(std::string_view label) {
  const auto fail = [&](std::size_t col, const std::string& what) { fail_label(label, col, what); };
  if (label.size() < 4) fail(1, "a four-digit year expected");
  for (std::size_t i = 0; i < 4; ++i) {
    if (!is_digit(label[i])) fail(i + 1, "a four-digit year expected");
  }
  const int year =
      (label[0] - '0') * 1000 + (label[1] - '0') * 100 + (label[2] - '0') * 10 + (label[3] - '0');
  if (year < 1400) fail(1, "year must be 1400 or later");
  if (label.size() == 4) return of(PeriodKind::year, year);
  if (label[4] != '-') fail(5, "'-' expected after the year");
  if (label.size() == 7 && is_digit(label[5]) && is_digit(label[6])) {
    const int month = (label[5] - '0') * 10 + (label[6] - '0');
    if (month < 1 || month > 12) fail(6, "month must be 01–12");
    return of(PeriodKind::month, year, month);
  }
  if (label.size() == 7 && (label[5] == 'Q' || label[5] == 'q')) {
    if (label[6] < '1' || label[6] > '4') fail(7, "quarter must be 1–4");
    return of(PeriodKind::quarter, year, label[6] - '0');
  }
  if (label.size() == 7 && (label[5] == 'H' || label[5] == 'h')) {
    if (label[6] < '1' || label[6] > '2') fail(7, "half-year must be 1 or 2");
    return of(PeriodKind::half_year, year, label[6] - '0');
  }
  fail_label(label, 6, "MM, Qn or Hn expected after the year");
}

ReportingPeriod ReportingPeriod::next() const {
  if (index_ < periods_per_year(kind_)) return ReportingPeriod(kind_, year_, index_ + 1);
  return of(kind_, year_ + 1, 1);
}

ReportingPeriod ReportingPeriod::previous() const {
  if (index_ > 1) return ReportingPeriod(kind_, year_, index_ - 1);
  return of(kind_, year_ - 1, periods_per_year(kind_));
}

Period ReportingPeriod::period() const {
  const int first_month = (index_ - 1) * months_per_period(kind_) + 1;
  const int last_month = first_month + months_per_period(kind_) - 1;
  const Date first = make_date(year_, first_month, 1);
  const Date last =
      make_date(year_, last_month,
                boost::gregorian::gregorian_calendar::end_of_month_day(
                    static_cast<unsigned short>(year_), static_cast<unsigned short>(last_month)));
  return Period::inclusive(first, last);
}

std::string ReportingPeriod::label() const {
  const std::string y = std::to_string(year_);
  switch (kind_) {
    case PeriodKind::year:
      return y;
    case PeriodKind::half_year:
      return y + "-H" + std::to_string(index_);
    case PeriodKind::quarter:
      return y + "-Q" + std::to_string(index_);
    case PeriodKind::month:
      return y + (index_ < 10 ? "-0" : "-") + std::to_string(index_);
  }
  return y;
}

std::strong_ordering operator<=>(const ReportingPeriod& a, const ReportingPeriod& b) {
  const Date af = a.first();
  const Date bf = b.first();
  if (af != bf) return af < bf ? std::strong_ordering::less : std::strong_ordering::greater;
  const long al = a.length_days();
  const long bl = b.length_days();
  if (al != bl) return al > bl ? std::strong_ordering::less : std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

std::ostream& operator<<(std::ostream& os, const ReportingPeriod& p) {
  return os << p.label();
}

}  // namespace project8::core
