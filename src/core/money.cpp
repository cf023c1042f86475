#include <cstdint>
#include <limits>
#include <ostream>

#include <project8/core/money.hpp>
#include <project8/core/text.hpp>

namespace project8::core {

namespace {

std::string grouped(std::int64_t value, char separator) {
  // Magnitude as unsigned so that INT64_MIN formats correctly.
  const bool negative = value < 0;
  std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (negative) out += '-';
  const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, lead);
  for (std::size_t i = lead; i < digits.size(); i += 3) {
    out += separator;
    out.append(digits, i, 3);
  }
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Column (1-based, in code points) of byte offset `byte` in `text`.
std::size_t column_of(std::string_view text, std::size_t byte) {
  std::size_t col = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++col;
  }
  return col;
}

[[noreturn]] void fail(std::string_view text, std::size_t byte, const std::string& what) {
  std::string shown(text.substr(0, 64));
  if (text.size() > 64) shown += "...";
  throw ParseError(SourceLocation{{}, std::nullopt, column_of(text, byte)},
                   "'" + shown + "' is not an amount of đồng: " + what +
                       " (expected e.g. 1.234.567, 1234567 or 1,234,567 VND)");
}

}  // namespace

Money Money::parse(std::string_view text) {
  if (!is_valid_utf8(text)) {
    throw ParseError(SourceLocation{}, "an amount of đồng must be valid UTF-8 text");
  }
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  std::size_t end = text.size();
  while (end > i && is_space(text[end - 1])) --end;
  if (i == end) fail(text, i, "it is empty");

  bool negative = false;
  if (text[i] == '-') {
    negative = true;
    ++i;
  }
  if (i >= end || !is_digit(text[i])) fail(text, i, "a digit was expected");

  // Magnitude accumulates in unsigned 64 bits; the limit allows INT64_MIN.
  const std::uint64_t limit =
      negative ? static_cast<std::uint64_t>(INT64_MAX) + 1U : static_cast<std::uint64_t>(INT64_MAX);
  std::uint64_t magnitude = 0;
  char separator = 0;
  std::size_t group_digits = 0;
  bool first_group = true;
  for (; i < end; ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      const auto d = static_cast<std::uint64_t>(c - '0');
      if (magnitude > (limit - d) / 10U) fail(text, i, "it is too large for 64-bit đồng");
      magnitude = magnitude * 10U + d;
      ++group_digits;
      if (!first_group && group_digits > 3) {
        fail(text, i, "a digit group after a separator must have exactly 3 digits");
      }
    } else if (c == '.' || c == ',') {
      if (separator != 0 && c != separator) fail(text, i, "it mixes '.' and ',' separators");
      if (first_group ? group_digits > 3 : group_digits != 3) {
        fail(text, i, "digit groups between separators must have 3 digits");
      }
      separator = c;
      first_group = false;
      group_digits = 0;
    } else {
      break;
    }
  }
  if (!first_group && group_digits != 3) {
    fail(text, i, "the last digit group must have exactly 3 digits (đồng has no decimals)");
  }
  if (i < end) {
    const std::size_t suffix_start = i;
    while (i < end && is_space(text[i])) ++i;
    const std::string key = match_key(text.substr(i, end - i));
    if (key != "d" && key != "dong" && key != "vnd" && key != "\u20ab") {
      fail(text, suffix_start, "unexpected text after the number (allowed: đ, ₫, đồng, VND, VNĐ)");
    }
  }
  const auto value =
      negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
  return Money{value};
}

std::string Money::to_string() const {
  return grouped(dong_, '.') + " \u0111";
}

std::string Money::to_plain_string() const {
  return std::to_string(dong_);
}

std::string Money::to_english_string() const {
  return grouped(dong_, ',') + " VND";
}

std::string Money::to_string(Language lang) const {
  return lang == Language::vi ? to_string() : to_english_string();
}

std::ostream& operator<<(std::ostream& os, Money m) {
  return os << m.to_string();
}

}  // namespace project8::core
