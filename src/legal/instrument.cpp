#include <array>
#include <utility>

#include <project8/core/error.hpp>
#include <project8/legal/instrument.hpp>
#include <project8/legal/parameter.hpp>

namespace project8::legal {

std::string_view to_string(InstrumentType type) noexcept {
  return core::key(type);
}
InstrumentType parse_instrument_type(std::string_view name) {
  return core::parse_enum<InstrumentType>(name);
}
std::string_view to_string(Confidence c) noexcept {
  return core::key(c);
}
Confidence parse_confidence(std::string_view name) {
  return core::parse_enum<Confidence>(name);
}
std::string_view to_string(ValueStatus s) noexcept {
  return core::key(s);
}
ValueStatus parse_value_status(std::string_view name) {
  return core::parse_enum<ValueStatus>(name);
}

bool Instrument::in_force(core::Date d) const noexcept {
  const auto start = effective.first() ? effective.first() : signed_on;
  if (!start || d < *start) return false;
  return !effective.last() || d <= *effective.last();
}

std::string Citation::to_string() const {
  std::string out = instrument.value();
  if (!article.empty()) out += ", Điều " + article;
  if (!clause.empty()) out += ", khoản " + clause;
  if (!point.empty()) out += ", điểm " + point;
  return out;
}

}  // namespace project8::legal
