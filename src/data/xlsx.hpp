// Excel workbooks (.xlsx) into CSV text (private to source.cpp): the zip is
// read with libzip, its XML with expat.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace project8::data::detail {

/// A sheet as CSV text.
struct SheetText {
  std::string name;               ///< The sheet's name.
  std::string csv;                ///< From its header row on: UTF-8, commas.
  std::vector<std::size_t> rows;  ///< The sheet row of each line of `csv`.
  std::size_t header_row = 1;     ///< The header's row.
  bool normalised_nfc = false;    ///< Some text was brought to NFC.
};

/// True when `bytes` begin as a zip archive does (what an .xlsx is).
[[nodiscard]] bool is_workbook(std::string_view bytes) noexcept;

/// Reads sheet `sheet` (empty: the first) of the workbook `bytes` into CSV:
/// the header is the first row holding one of the names in `expected` (rows
/// above it, a title block, are left out; with `expected` empty, the first
/// non-empty row); shared, inline and formula texts as
/// they are (NFC); numbers as written in the file; booleans `true`/`false`;
/// date-formatted numbers as ISO days (with a time of day: `YYYY-MM-DD
/// HH:MM`, which no date cell reads). An error value (`#N/A`) in the header
/// or under an expected column is a ParseError at its cell; so is a broken
/// workbook.
[[nodiscard]] SheetText read_workbook(std::string_view bytes, const std::string& name,
                                      const std::string& sheet,
                                      const std::vector<std::string>& expected);

}  // namespace project8::data::detail
