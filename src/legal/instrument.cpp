#include <project8/core/error.hpp>
#include <project8/legal/instrument.hpp>
#include <project8/legal/parameter.hpp>

#include <array>
#include <utility>

namespace project8::legal {

namespace {
constexpr std::array<std::pair<InstrumentType, std::string_view>, 9> kTypes{{
    {InstrumentType::law, "law"},
    {InstrumentType::resolution, "resolution"},
    {InstrumentType::decree, "decree"},
    {InstrumentType::decision, "decision"},
    {InstrumentType::circular, "circular"},
    {InstrumentType::guidance, "guidance"},
    {InstrumentType::plan, "plan"},
    {InstrumentType::official_letter, "official_letter"},
    {InstrumentType::other, "other"},
}};

template <class Table>
std::string allowed(const Table& table) {
  std::string out;
  for (const auto& [value, name] : table) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

template <class Table, class E = typename Table::value_type::first_type>
E lookup(const Table& table, std::string_view name, const char* what) {
  for (const auto& [value, n] : table) {
    if (n == name) return value;
  }
  throw core::InvalidArgument("unknown " + std::string(what) + " '" +
                              std::string(name.substr(0, 40)) + "' (expected one of: " +
                              allowed(table) + ")");
}

template <class Table, class E>
std::string_view name_of(const Table& table, E value) noexcept {
  for (const auto& [v, n] : table) {
    if (v == value) return n;
  }
  return "?";
}

constexpr std::array<std::pair<Confidence, std::string_view>, 3> kConfidence{{
    {Confidence::seen, "seen"}, {Confidence::inferred, "inferred"}, {Confidence::unknown, "unknown"}}};
constexpr std::array<std::pair<ValueStatus, std::string_view>, 2> kStatus{{
    {ValueStatus::verified, "verified"}, {ValueStatus::provisional, "provisional"}}};
}  // namespace

std::string_view to_string(InstrumentType type) noexcept { return name_of(kTypes, type); }
InstrumentType parse_instrument_type(std::string_view name) {
  return lookup(kTypes, name, "instrument type");
}
std::string_view to_string(Confidence c) noexcept { return name_of(kConfidence, c); }
Confidence parse_confidence(std::string_view name) {
  return lookup(kConfidence, name, "confidence");
}
std::string_view to_string(ValueStatus s) noexcept { return name_of(kStatus, s); }
ValueStatus parse_value_status(std::string_view name) { return lookup(kStatus, name, "status"); }

bool Instrument::in_force(core::Date d) const noexcept {
  const auto start = effective_from ? effective_from : signed_on;
  if (!start || d < *start) return false;
  return !effective_to || d <= *effective_to;
}

std::string Citation::to_string() const {
  std::string out = instrument.value();
  if (!article.empty()) out += ", Điều " + article;
  if (!clause.empty()) out += ", khoản " + clause;
  if (!point.empty()) out += ", điểm " + point;
  return out;
}

}  // namespace project8::legal
