#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/core/localized.hpp>

namespace project8::core {

std::string_view to_string(Language lang) noexcept {
  return key(lang);
}

Language parse_language(std::string_view name) {
  return parse_enum<Language>(name);
}

}  // namespace project8::core
