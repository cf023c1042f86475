/// \file
/// Money: an exact amount of Vietnamese đồng.
///
/// The representation is a whole number of đồng in an `int64_t`; đồng has no
/// minor unit in use, so nothing is ever rounded. Arithmetic is checked: a
/// result outside int64 throws OverflowError instead of wrapping. There is no
/// Money × Money and no Money × double (they do not compile).
///
/// **Example**:
///
///     using namespace project8::core;
///     auto visit = Money::vnd(100'000);
///     auto cap   = visit * 4;                          // 400.000 đ
///     cap.to_string();                                 // "400.000 đ"
///     Money::parse("1,234,567 VND").in_vnd();          // 1234567
#pragma once

#include <compare>
#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include <project8/core/checked.hpp>
#include <project8/core/localized.hpp>

namespace project8::core {

/// An exact amount of Vietnamese đồng (VND), checked against overflow.
class Money {
 public:
  /// Zero đồng.
  constexpr Money() noexcept = default;

  /// Money from a whole number of đồng.
  [[nodiscard]] static constexpr Money vnd(std::int64_t dong) noexcept { return Money{dong}; }
  /// Money from a floating-point number does not compile: đồng are whole.
  static Money vnd(std::floating_point auto dong) = delete;

  /// Parses an amount written the ways people write it:
  /// `1.234.567` (Vietnamese thousands separator), `1234567` (plain digits),
  /// `1,234,567` (English separator), each optionally negative (`-`) and
  /// optionally followed by a currency mark: `đ`, `₫`, `đồng`, `VND` or `VNĐ`.
  /// Groups after the first must have exactly three digits and one text uses
  /// one separator. Anything else (decimals, `1.23`, `12,34`, letters, an
  /// amount beyond int64) throws ParseError naming the column and the text.
  [[nodiscard]] static Money parse(std::string_view text);

  /// The raw number of đồng: extracting it is explicit.
  [[nodiscard]] constexpr std::int64_t in_vnd() const noexcept { return dong_; }

  /// Vietnamese format: `1.234.567 đ` (negative: `-1.234.567 đ`).
  [[nodiscard]] std::string to_string() const;
  /// Plain digits with an optional minus sign: `1234567`.
  [[nodiscard]] std::string to_plain_string() const;
  /// English format: `1,234,567 VND`.
  [[nodiscard]] std::string to_english_string() const;
  /// The format people read in `lang`: to_string() in Vietnamese, to_english_string() in English.
  [[nodiscard]] std::string to_string(Language lang) const;

  /// Checked sum; throws OverflowError.
  friend Money operator+(Money a, Money b) { return Money{checked_add(a.dong_, b.dong_)}; }
  /// Checked difference; throws OverflowError.
  friend Money operator-(Money a, Money b) { return Money{checked_sub(a.dong_, b.dong_)}; }
  /// Checked negation; throws OverflowError for the most negative amount.
  friend Money operator-(Money a) { return Money{checked_neg(a.dong_)}; }
  /// Checked product with a count; throws OverflowError.
  friend Money operator*(Money a, std::int64_t n) { return Money{checked_mul(a.dong_, n)}; }
  /// Checked product with a count; throws OverflowError.
  friend Money operator*(std::int64_t n, Money a) { return Money{checked_mul(a.dong_, n)}; }
  /// Money times a floating-point number does not compile (no rounding ever happens silently).
  friend Money operator*(Money, std::floating_point auto) = delete;
  /// Money times a floating-point number does not compile.
  friend Money operator*(std::floating_point auto, Money) = delete;
  /// Adds `other` in place (checked).
  Money& operator+=(Money other) { return *this = *this + other; }
  /// Subtracts `other` in place (checked).
  Money& operator-=(Money other) { return *this = *this - other; }
  /// Multiplies by a count in place (checked).
  Money& operator*=(std::int64_t n) { return *this = *this * n; }

  /// Amounts compare by their number of đồng.
  friend constexpr auto operator<=>(Money, Money) noexcept = default;
  /// Amounts are equal when their numbers of đồng are.
  friend constexpr bool operator==(Money, Money) noexcept = default;

  /// Writes the Vietnamese format (to_string()).
  friend std::ostream& operator<<(std::ostream& os, Money m);

 private:
  constexpr explicit Money(std::int64_t dong) noexcept : dong_{dong} {}
  std::int64_t dong_ = 0;
};

/// User-defined literals for Money.
namespace literals {
/// `1'500'000_vnd` is Money::vnd(1500000); a literal beyond int64 does not compile.
consteval Money operator""_vnd(unsigned long long dong) {
  if (dong > static_cast<unsigned long long>(INT64_MAX)) throw "amount beyond int64";
  return Money::vnd(static_cast<std::int64_t>(dong));
}
}  // namespace literals

}  // namespace project8::core
