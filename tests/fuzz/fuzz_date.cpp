// Fuzzes parse_date and ReportingPeriod::parse: a parse either succeeds and
// round-trips, or throws ParseError.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <project8/core/date.hpp>
#include <project8/core/error.hpp>
#include <project8/core/reporting_period.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8::core;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Date d = parse_date(text);
    if (to_iso(d) != text) std::abort();
  } catch (const ParseError&) {
  }
  try {
    const auto p = ReportingPeriod::parse(text);
    if (ReportingPeriod::parse(p.label()) != p || !p.contains(p.first())) std::abort();
  } catch (const ParseError&) {
  }
  return 0;
}
