// The shared part of the enumerations' text tables.
#include <project8/core/enum_text.hpp>

namespace project8::core {

std::string join_alternatives(const std::vector<std::string>& keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += i + 1 == keys.size() ? " or " : ", ";
    out += keys[i];
  }
  return out;
}

}  // namespace project8::core
