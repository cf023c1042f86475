// The cell forms of booleans and days (cells.hpp): the one rule every reader
// and the Python edge follow.
#include "civil.hpp"
#include "csv_cells.hpp"
#include <project8/core/text.hpp>
#include <project8/data/cells.hpp>

namespace project8::data {

std::optional<bool> parse_bool_cell(std::string_view text) {
  const std::string_view s = detail::trim(text);
  if (s == "1") return true;
  if (s == "0") return false;
  using detail::iequals;
  if (iequals(s, "true") || iequals(s, "yes") || iequals(s, "x")) return true;
  if (iequals(s, "false") || iequals(s, "no")) return false;
  // có / không in any case and either Unicode form; short texts only (a long
  // one cannot be either, and name_key() would cost a normalisation).
  if (s.size() > 16 || !core::is_valid_utf8(s)) return std::nullopt;
  const std::string key = core::name_key(s);
  if (key == "có") return true;
  if (key == "không") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_day_cell(std::string_view text) noexcept {
  const std::string_view s = detail::trim(text);
  if (const auto iso = detail::parse_iso_days(s)) return iso;
  const std::int64_t day_first = detail::parse_day_first(s);
  if (day_first >= 0) return day_first;
  return std::nullopt;
}

}  // namespace project8::data
