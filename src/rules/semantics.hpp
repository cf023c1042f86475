// What each operator of the rule language means, written once. Both
// evaluators compute with these functions — the one-case interpreter
// (scalar.cpp, which also writes traces) and the column kernels
// (kernels.cpp) — and differ only in how they walk the rows; the equivalence
// test checks that walk (chunks, selections, aliasing), not two copies of the
// arithmetic. Every function is inline and branch-light: the kernels call them
// inside their loops. Private to the library.
#pragma once

#include <cstdint>
#include <limits>

#include "../data/civil.hpp"
#include "compiled.hpp"
#include "expr.hpp"
#include <project8/core/checked.hpp>

namespace project8::rules::detail {

using Int128 = core::detail::int128;  ///< Exact intermediate results.

/// Truth codes of boolean nodes, one byte per row: three-valued logic with
/// errors. The column evaluator stores booleans as these; the one-case
/// evaluator converts its (state, value) pairs to them for the logic.
inline constexpr std::uint8_t kCodeMissing = 0;  ///< Unknown.
inline constexpr std::uint8_t kCodeFalse = 1;    ///< False.
inline constexpr std::uint8_t kCodeTrue = 2;     ///< True.
inline constexpr std::uint8_t kCodeError = 3;    ///< Could not be computed.

/// Days from 1970-01-01 beyond which a date is an error (about ±270,000 years).
inline constexpr std::int64_t kDayLimit = 100'000'000;

/// The state of a result from its operands' states (kMissing, kPresent,
/// kError): an error beats a missing value, which beats a present one.
[[gnu::always_inline]] constexpr std::uint8_t combine(std::uint8_t a, std::uint8_t b) noexcept {
  return ((a | b) & kError) != 0 ? static_cast<std::uint8_t>(kError)
                                 : static_cast<std::uint8_t>(a & b);
}

/// The truth code of a boolean `holds` computed on a value in state `st`.
[[gnu::always_inline]] constexpr std::uint8_t code_of(std::uint8_t st, bool holds) noexcept {
  return st == kPresent ? static_cast<std::uint8_t>(kCodeFalse + (holds ? 1 : 0))
                        : (st == kMissing ? kCodeMissing : kCodeError);
}

/// The state of a value whose truth code is `code` (the inverse of code_of's).
[[gnu::always_inline]] constexpr std::uint8_t state_of(std::uint8_t code) noexcept {
  return code == kCodeMissing ? kMissing : (code == kCodeError ? kError : kPresent);
}

/// `not`: true and false swap; missing and error stay.
[[gnu::always_inline]] constexpr std::uint8_t logical_not(std::uint8_t x) noexcept {
  return (x == kCodeFalse || x == kCodeTrue) ? static_cast<std::uint8_t>(3 - x) : x;
}

/// `and` / `or` (Kleene, left to right). `pass` is the value of the left
/// operand that hands over to the right (true for and, false for or); the
/// other value and an error decide; a missing left gives the right, unless the
/// right is `pass` too (then missing).
[[gnu::always_inline]] constexpr std::uint8_t kleene(std::uint8_t pass, std::uint8_t x,
                                                     std::uint8_t y) noexcept {
  const std::uint8_t when_missing = y == pass ? kCodeMissing : y;
  return x == pass ? y : (x == kCodeMissing ? when_missing : x);
}

/// The code that hands over in `op` (and_ or or_).
[[gnu::always_inline]] constexpr std::uint8_t kleene_pass(Op op) noexcept {
  return op == Op::and_ ? kCodeTrue : kCodeFalse;
}

/// What an aggregation over members has seen (Accumulator::flags).
enum : std::uint8_t { kSeenMissing = 1, kSeenError = 2, kSeenValue = 4 };

/// An aggregation over a household's members, fed one member at a time; the
/// order of the members never matters. count and sum are unknown when some
/// member's value is unknown, an error when one is an error; any is true
/// when one member's condition is true, else an error, else unknown, else
/// false; all is false when one is false, else the same; min and max are
/// unknown over no members.
struct Accumulator {
  std::int64_t value = 0;  ///< The count, sum, minimum or maximum so far.
  std::uint8_t flags = 0;  ///< kSeenMissing, kSeenError, kSeenValue.

  /// Adds one member's value `x` in state `st` (count: any state counts).
  [[gnu::always_inline]] constexpr void add(Aggregate kind, std::uint8_t st,
                                            std::int64_t x) noexcept {
    if (kind == Aggregate::count) {
      ++value;
      return;
    }
    if (st != kPresent) {
      flags |= st == kMissing ? kSeenMissing : kSeenError;
      return;
    }
    switch (kind) {
      case Aggregate::count_if:
        value += x != 0 ? 1 : 0;
        break;
      case Aggregate::sum:
        if (__builtin_add_overflow(value, x, &value)) flags |= kSeenError;
        break;
      case Aggregate::min:
      case Aggregate::max:
        if ((flags & kSeenValue) == 0 || (kind == Aggregate::min ? x < value : x > value))
          value = x;
        flags |= kSeenValue;
        break;
      case Aggregate::any:
        flags |= x != 0 ? kSeenValue : 0;
        break;
      case Aggregate::all:
        flags |= x == 0 ? kSeenValue : 0;
        break;
      case Aggregate::count:
        break;
    }
  }

  /// Adds what `other` saw of other members (an aggregation computed in parts).
  constexpr void merge(Aggregate kind, const Accumulator& other) noexcept {
    switch (kind) {
      case Aggregate::count:
      case Aggregate::count_if:
      case Aggregate::sum:
        if (__builtin_add_overflow(value, other.value, &value)) flags |= kSeenError;
        break;
      case Aggregate::min:
      case Aggregate::max:
        if ((other.flags & kSeenValue) != 0 &&
            ((flags & kSeenValue) == 0 ||
             (kind == Aggregate::min ? other.value < value : other.value > value)))
          value = other.value;
        break;
      case Aggregate::any:
      case Aggregate::all:
        break;
    }
    flags |= other.flags;
  }

  /// The result's state (kPresent, kMissing, kError); `*out` its value.
  [[nodiscard]] constexpr std::uint8_t result(Aggregate kind, std::int64_t* out) const noexcept {
    const bool decided = (flags & kSeenValue) != 0;
    if ((kind == Aggregate::any || kind == Aggregate::all) && decided) {
      *out = kind == Aggregate::any ? 1 : 0;
      return kPresent;
    }
    if ((flags & kSeenError) != 0) return kError;
    if ((flags & kSeenMissing) != 0) return kMissing;
    switch (kind) {
      case Aggregate::any:
        *out = 0;
        return kPresent;
      case Aggregate::all:
        *out = 1;
        return kPresent;
      case Aggregate::min:
      case Aggregate::max:
        *out = value;
        return decided ? kPresent : kMissing;
      default:
        *out = value;
        return kPresent;
    }
  }
};

/// `is_missing(x)` on a value in state `st`: an error stays an error.
[[gnu::always_inline]] constexpr std::uint8_t missing_test(std::uint8_t st) noexcept {
  return st == kError ? kCodeError : (st == kMissing ? kCodeTrue : kCodeFalse);
}

/// A comparison of two present values.
template <Op op>
[[gnu::always_inline]] constexpr bool compare(std::int64_t x, std::int64_t y) noexcept {
  static_assert(op == Op::eq || op == Op::ne || op == Op::lt || op == Op::le || op == Op::gt ||
                op == Op::ge);
  if constexpr (op == Op::eq) return x == y;
  if constexpr (op == Op::ne) return x != y;
  if constexpr (op == Op::lt) return x < y;
  if constexpr (op == Op::le) return x <= y;
  if constexpr (op == Op::gt) return x > y;
  if constexpr (op == Op::ge) return x >= y;
}

/// Calls `f` with the comparison function of `op` (eq … ge), chosen once.
template <class F>
[[gnu::always_inline]] inline void with_comparison(Op op, F&& f) {
  switch (op) {
    case Op::eq:
      f([](std::int64_t x, std::int64_t y) { return compare<Op::eq>(x, y); });
      break;
    case Op::ne:
      f([](std::int64_t x, std::int64_t y) { return compare<Op::ne>(x, y); });
      break;
    case Op::lt:
      f([](std::int64_t x, std::int64_t y) { return compare<Op::lt>(x, y); });
      break;
    case Op::le:
      f([](std::int64_t x, std::int64_t y) { return compare<Op::le>(x, y); });
      break;
    case Op::gt:
      f([](std::int64_t x, std::int64_t y) { return compare<Op::gt>(x, y); });
      break;
    default:
      f([](std::int64_t x, std::int64_t y) { return compare<Op::ge>(x, y); });
      break;
  }
}

/// The comparison with its operands swapped (a < b is b > a).
constexpr Op mirrored(Op op) noexcept {
  switch (op) {
    case Op::lt:
      return Op::gt;
    case Op::le:
      return Op::ge;
    case Op::gt:
      return Op::lt;
    case Op::ge:
      return Op::le;
    default:
      return op;
  }
}

/// `+ - * /` on present values into `r`; false (an error) on overflow and on
/// division by zero. Division truncates toward zero.
[[gnu::always_inline]] constexpr bool arithmetic(Op op, std::int64_t a, std::int64_t b,
                                                 std::int64_t* r) noexcept {
  switch (op) {
    case Op::add:
      return !__builtin_add_overflow(a, b, r);
    case Op::sub:
      return !__builtin_sub_overflow(a, b, r);
    case Op::mul:
      return !__builtin_mul_overflow(a, b, r);
    default:
      if (b == 0 || (a == std::numeric_limits<std::int64_t>::min() && b == -1)) return false;
      *r = a / b;
      return true;
  }
}

/// n ÷ d rounded as `mode` says (d ≠ 0); exact in 128 bits.
[[gnu::always_inline]] constexpr Int128 divide_rounded(Int128 n, Int128 d, Rounding mode) noexcept {
  Int128 q = n / d;
  const Int128 rem = n % d;
  if (rem == 0) return q;
  const bool negative = (rem < 0) != (d < 0);  // the exact quotient is below zero
  switch (mode) {
    case Rounding::floor:
      return negative ? q - 1 : q;
    case Rounding::ceil:
      return negative ? q : q + 1;
    default: {  // half away from zero: |rem| * 2 >= |d|
      const Int128 r2 = (rem < 0 ? -rem : rem) * 2;
      const Int128 ad = d < 0 ? -d : d;
      return r2 >= ad ? (negative ? q - 1 : q + 1) : q;
    }
  }
}

/// `v` as an int64 in *r; false (an error) when it does not fit.
[[gnu::always_inline]] constexpr bool narrow(Int128 v, std::int64_t* r) noexcept {
  if (v < std::numeric_limits<std::int64_t>::min() || v > std::numeric_limits<std::int64_t>::max())
    return false;
  *r = static_cast<std::int64_t>(v);
  return true;
}

/// An integer as a decimal (millionths); false when it does not fit.
[[gnu::always_inline]] constexpr bool to_decimal(std::int64_t a, std::int64_t* r) noexcept {
  return !__builtin_mul_overflow(a, kDecimalScale, r);
}

/// Decimal × or ÷ (Op::dmul, Op::ddiv), rounded to six places half away
/// from zero; false on division by zero or when the result does not fit.
[[gnu::always_inline]] constexpr bool decimal_arithmetic(Op op, std::int64_t a, std::int64_t b,
                                                         std::int64_t* r) noexcept {
  if (op == Op::dmul)
    return narrow(divide_rounded(Int128{a} * b, kDecimalScale, Rounding::half_up), r);
  if (b == 0) return false;
  return narrow(divide_rounded(Int128{a} * kDecimalScale, b, Rounding::half_up), r);
}

/// round/floor/ceil of `a` (a decimal when `decimal`, else an integer) to a
/// whole multiple of `step` (≥ 1; 1 for whole units), as an integer; false
/// for a step below 1 or a result that does not fit.
[[gnu::always_inline]] constexpr bool round_to(std::int64_t a, bool decimal, std::int64_t step,
                                               Rounding mode, std::int64_t* r) noexcept {
  if (step < 1) return false;
  const Int128 unit = Int128{step} * (decimal ? kDecimalScale : 1);
  return narrow(divide_rounded(a, unit, mode) * step, r);
}

/// Unary `-` (neg) and `abs()` on a present value; false (an error) for the
/// one value whose result does not fit.
[[gnu::always_inline]] constexpr bool unary_minus_or_abs(Op op, std::int64_t a,
                                                         std::int64_t* r) noexcept {
  if (a == std::numeric_limits<std::int64_t>::min()) return false;
  *r = op == Op::neg ? -a : (a < 0 ? -a : a);
  return true;
}

/// `min()` / `max()` of two present values.
[[gnu::always_inline]] constexpr std::int64_t extreme(Op op, std::int64_t a,
                                                      std::int64_t b) noexcept {
  return op == Op::min ? (b < a ? b : a) : (a < b ? b : a);
}

/// `age_years(d)`: completed years from the day `d` to `as_of` (days since
/// 1970-01-01); false (an error) for a day beyond kDayLimit.
[[gnu::always_inline]] inline bool age_years(std::int64_t d, std::int64_t as_of,
                                             std::int64_t* r) noexcept {
  if (d < -kDayLimit || d > kDayLimit) return false;
  *r = data::detail::completed_years(d, as_of);
  return true;
}

/// The last day `d` (within ±kDayLimit) on which `age_years(d) >= k` on
/// `as_of`, or −kDayLimit − 1 when there is none: completed years never grow
/// as the birth day moves later, so `age_years(d) >= k` ⟺ `d <= age_threshold(k)`.
/// What lets a comparison of an age with a constant become a comparison of
/// days, its threshold found once per call (binary search, ~28 steps).
inline std::int64_t age_threshold(std::int64_t k, std::int64_t as_of) noexcept {
  auto holds = [&](std::int64_t d) { return data::detail::completed_years(d, as_of) >= k; };
  std::int64_t lo = -kDayLimit;
  std::int64_t hi = kDayLimit;
  if (!holds(lo)) return -kDayLimit - 1;
  if (holds(hi)) return hi;
  while (hi - lo > 1) {  // holds(lo), !holds(hi)
    const std::int64_t mid = lo + (hi - lo) / 2;
    (holds(mid) ? lo : hi) = mid;
  }
  return lo;
}

/// `age_years(d) OP k` as the days `d` with lo < d <= hi (`negate`: outside them).
struct AgeFold {
  std::int64_t lo = 0;  ///< Days after this one…
  std::int64_t hi = 0;  ///< …up to this one.
  bool negate = false;  ///< True when the comparison holds outside (lo, hi].
};

/// The days on which `age_years(d) OP k` holds on `as_of` (OP one of the six comparisons).
inline AgeFold fold_age_comparison(Op op, std::int64_t k, std::int64_t as_of) noexcept {
  constexpr std::int64_t kNone = -kDayLimit - 1;
  const std::int64_t at_least_k = age_threshold(k, as_of);
  const std::int64_t above_k =
      k == std::numeric_limits<std::int64_t>::max() ? kNone : age_threshold(k + 1, as_of);
  switch (op) {
    case Op::ge:  // d <= A(k)
      return {kNone - 1, at_least_k, false};
    case Op::gt:  // d <= A(k + 1)
      return {kNone - 1, above_k, false};
    case Op::lt:  // not ge
      return {kNone - 1, at_least_k, true};
    case Op::le:  // not gt
      return {kNone - 1, above_k, true};
    case Op::eq:  // A(k + 1) < d <= A(k)
      return {above_k, at_least_k, false};
    default:  // ne
      return {above_k, at_least_k, true};
  }
}

/// `days_between(a, b)`: b − a in days; false (an error) on overflow.
[[gnu::always_inline]] constexpr bool days_between(std::int64_t a, std::int64_t b,
                                                   std::int64_t* r) noexcept {
  return !__builtin_sub_overflow(b, a, r);
}

/// `x in [...]` / `not in`: the truth of a membership found on a value in state `st`.
[[gnu::always_inline]] constexpr std::uint8_t membership(std::uint8_t st, bool member,
                                                         bool negate) noexcept {
  return code_of(st, member != negate);
}

/// `if(c, a, b)` and `coalesce(a, b)` choose an operand: which one, given
/// the condition's truth code — 1 the first, 2 the second, 0 none (a missing
/// or failed condition makes the result missing or failed: state_of(c)).
[[gnu::always_inline]] constexpr int if_choice(std::uint8_t c) noexcept {
  return c == kCodeTrue ? 1 : (c == kCodeFalse ? 2 : 0);
}

/// `coalesce(a, b)` takes the first operand unless it is missing.
[[gnu::always_inline]] constexpr bool coalesce_takes_first(std::uint8_t first_state) noexcept {
  return first_state != kMissing;
}

}  // namespace project8::rules::detail
