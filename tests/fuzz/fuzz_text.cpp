// Fuzzes the UTF-8 functions: valid input gives keys that are fixed points
// (a key's key is itself); invalid input throws ParseError.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <project8/core/error.hpp>
#include <project8/core/text.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8::core;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bool valid = is_valid_utf8(text);
  try {
    const auto n = nfc(text);
    const auto k = name_key(text);
    const auto m = match_key(text);
    if (!valid || !is_valid_utf8(n) || name_key(k) != k || match_key(m) != m) std::abort();
    if (name_key(n) != k) std::abort();
  } catch (const ParseError&) {
    if (valid) std::abort();
  }
  return 0;
}
