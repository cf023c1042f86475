// Fuzzes the achievement-record readers (CSV, and YAML when the input starts
// with "schema:") against the bundled plan and units, then progress and the
// data-quality checks on whatever loads. Only InputErrors may come out.
#include <cstdint>
#include <string_view>

#include <project8/core/error.hpp>
#include <project8/tracking/quality.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8;
  static const auto plan =
      plan::load_plan(PROJECT8_SOURCE_DATA_DIR "/plans/tam-duong-2025/plan.yaml");
  static const auto units = geo::Registry::load(PROJECT8_SOURCE_DATA_DIR "/geo/lai-chau.yaml");
  static const auto calendar =
      tracking::Calendar::load(PROJECT8_SOURCE_DATA_DIR "/calendar/01-2022-tt-ubdt.yaml");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto set = text.starts_with("schema:")
                         ? tracking::parse_records_yaml(text, "fuzz.yaml", plan, units)
                         : tracking::parse_records(text, "fuzz.csv", plan, units);
    (void)tracking::progress(plan, units, set, core::make_date(2025, 12, 31));
    (void)tracking::quality(plan, units, set, &calendar);
    (void)tracking::aggregate(plan, units, set, core::PeriodKind::month,
                              core::make_date(2025, 9, 30), true);
  } catch (const core::InputError&) {
  }
  try {
    (void)tracking::Calendar::parse(text, "fuzz-calendar.yaml");
  } catch (const core::InputError&) {
  }
  return 0;
}
