// Property tests for dates, periods and reporting periods.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <project8/core/date.hpp>
#include <project8/core/reporting_period.hpp>

namespace {
using namespace project8::core;

Date day_from(int offset) {
  return make_date(2000, 1, 1) + boost::gregorian::days(offset);
}

rc::Gen<Date> gen_date() {
  return rc::gen::map(rc::gen::inRange(0, 365 * 60), day_from);
}

RC_GTEST_PROP(PeriodProperty, IsoFormatRoundTrips, ()) {
  const Date d = *gen_date();
  RC_ASSERT(parse_date(to_iso(d)) == d);
}

RC_GTEST_PROP(PeriodProperty, IntersectionLiesInBoth, ()) {
  const Date a1 = *gen_date();
  const Date b1 = *gen_date();
  const auto a = Period::inclusive(a1, a1 + boost::gregorian::days(*rc::gen::inRange(0, 400)));
  const auto b = Period::inclusive(b1, b1 + boost::gregorian::days(*rc::gen::inRange(0, 400)));
  const auto both = a.intersection(b);
  RC_ASSERT(both.has_value() == a.overlaps(b));
  if (both) {
    RC_ASSERT(a.contains(*both));
    RC_ASSERT(b.contains(*both));
    RC_ASSERT(both->length_days() <= std::min(a.length_days(), b.length_days()));
  }
}

RC_GTEST_PROP(PeriodProperty, ReportingPeriodsTileTheCalendar, ()) {
  const Date d = *gen_date();
  const auto kind = *rc::gen::element(PeriodKind::month, PeriodKind::quarter, PeriodKind::half_year,
                                      PeriodKind::year);
  const auto p = ReportingPeriod::containing(kind, d);
  RC_ASSERT(p.contains(d));
  RC_ASSERT(p.next().first() == p.last() + boost::gregorian::days(1));
  RC_ASSERT(p.previous().last() + boost::gregorian::days(1) == p.first());
  RC_ASSERT(ReportingPeriod::parse(p.label()) == p);
  RC_ASSERT(ReportingPeriod::containing(PeriodKind::year, d).period().contains(p.period()));
}

RC_GTEST_PROP(PeriodProperty, AddMonthsClampedStaysInTargetMonth, (int n)) {
  const Date d = *gen_date();
  const int months = n % 240;
  const Date r = add_months_clamped(d, months);
  const auto a = d.year_month_day();
  const auto b = r.year_month_day();
  const int diff = (static_cast<int>(b.year) - static_cast<int>(a.year)) * 12 +
                   (static_cast<int>(b.month) - static_cast<int>(a.month));
  RC_ASSERT(diff == months);
  RC_ASSERT(b.day <= a.day);
}

}  // namespace
