// Fuzzes Money::parse: any input either parses to an amount that formats and
// parses back to itself, or throws ParseError. Nothing else may happen.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <project8/core/money.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using project8::core::Money;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Money m = Money::parse(text);
    if (Money::parse(m.to_string()) != m || Money::parse(m.to_english_string()) != m) std::abort();
  } catch (const project8::core::ParseError&) {
  }
  return 0;
}
