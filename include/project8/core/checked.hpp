/// \file
/// Overflow-checked integer arithmetic, used by Money and by every sum of đồng.
///
/// **Example**:
///
///     std::int64_t total = project8::core::checked_add(a, b);  // throws OverflowError
#pragma once

#include <cstdint>
#include <string>

#include <project8/core/error.hpp>

namespace project8::core {

namespace detail {
/// 128-bit integer for exact intermediate products (allocation shares, checks).
__extension__ typedef __int128 int128;  // NOLINT(modernize-use-using): __extension__ needs typedef
}  // namespace detail

/// `a + b`, or OverflowError when the sum leaves int64.
[[nodiscard]] inline std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    throw OverflowError("integer overflow: " + std::to_string(a) + " + " + std::to_string(b));
  }
  return r;
}

/// `a - b`, or OverflowError when the difference leaves int64.
[[nodiscard]] inline std::int64_t checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) {
    throw OverflowError("integer overflow: " + std::to_string(a) + " - " + std::to_string(b));
  }
  return r;
}

/// `a * b`, or OverflowError when the product leaves int64.
[[nodiscard]] inline std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) {
    throw OverflowError("integer overflow: " + std::to_string(a) + " * " + std::to_string(b));
  }
  return r;
}

/// `-a`, or OverflowError for the most negative int64.
[[nodiscard]] inline std::int64_t checked_neg(std::int64_t a) {
  return checked_sub(0, a);
}

}  // namespace project8::core
