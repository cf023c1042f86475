/// \file
/// UTF-8 text: validation, NFC normalisation and name-matching keys (utf8proc).
///
/// Vietnamese names reach the library in different encodings of the same
/// letters: precomposed (NFC, "ư" + "ờ" as one code point each) from most
/// editors, decomposed (NFD) from some PDFs and macOS, upper case in official
/// headings. Two keys make them comparable:
/// - name_key(): NFC + case folding + collapsed spaces. "Tam Đường",
///   "TAM ĐƯỜNG" and the NFD form have the same key; "Tam Duong" does not.
/// - match_key(): also drops every diacritic and maps đ/Đ to d, for the
///   lenient lookup: "Tam Duong" matches "Tam Đường".
///
/// **Example**:
///
///     using namespace project8::core;
///     name_key("TAM ĐƯỜNG") == name_key("Tam Đường");   // true
///     match_key("Tam Đường");                           // "tam duong"
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace project8::core {

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or truncated sequences).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

/// Byte offset of the first invalid UTF-8 sequence, or nothing when the text is valid.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept;

/// The text in Unicode Normalisation Form C. Throws ParseError (with the
/// column of the first bad byte) when the text is not valid UTF-8.
[[nodiscard]] std::string nfc(std::string_view text);

/// Key under which two spellings are the same name: NFC, case-folded,
/// surrounding white space trimmed and inner runs collapsed to one space.
/// Diacritics are kept. Throws ParseError on invalid UTF-8.
[[nodiscard]] std::string name_key(std::string_view text);

/// Lenient key: name_key() with every combining mark removed and đ/Đ mapped
/// to d, so "Tam Duong" and "Tam Đường" agree. Throws ParseError on invalid UTF-8.
[[nodiscard]] std::string match_key(std::string_view text);

/// Number of Unicode code points in valid UTF-8 text (a "column" count).
[[nodiscard]] std::size_t code_point_count(std::string_view text) noexcept;

}  // namespace project8::core
