// Fuzzes the rule-file loader: any input loads or throws an InputError
// (ParseError, ValidationError or RuleError). Nothing else may happen.
#include <cstdint>
#include <string_view>

#include <project8/core/error.hpp>
#include <project8/geo/registry.hpp>
#include <project8/rules/evaluate.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8;
  if (size > 65536) return 0;
  try {
    auto rs = rules::RuleSet::parse(std::string_view(reinterpret_cast<const char*>(data), size),
                                    "fuzz.yaml");
    if (rs.reads_registry()) rs = rs.with_registry(geo::Registry());  // every cell unknown
    (void)rules::run_tests(rs);
  } catch (const core::InputError&) {
  }
  return 0;
}
