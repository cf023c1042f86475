#include <project8/core/error.hpp>
#include <project8/core/localized.hpp>

namespace project8::core {

std::string_view to_string(Language lang) noexcept { return lang == Language::en ? "en" : "vi"; }

Language parse_language(std::string_view name) {
  if (name == "vi") return Language::vi;
  if (name == "en") return Language::en;
  throw InvalidArgument("unknown language '" + std::string(name) + "': expected vi or en");
}

}  // namespace project8::core
