// Properties of the one definition of the rule language's operators
// (src/rules/semantics.hpp), which both evaluators compute with: integer
// results agree with exact 128-bit arithmetic or are errors exactly when the
// exact result does not fit; comparisons mirror; `and`/`or` follow Kleene's
// tables with errors deciding left to right; `not` is an involution.
#include <cstdint>
#include <limits>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "rules/semantics.hpp"

namespace {

using namespace project8::rules::detail;
using I = std::int64_t;
__extension__ typedef __int128 Wide;  // GCC and clang: exact products of two 64-bit values

constexpr Wide kMin = std::numeric_limits<I>::min();
constexpr Wide kMax = std::numeric_limits<I>::max();

/// Values from the whole range, weighted toward the edges and small numbers.
rc::Gen<I> value() {
  return rc::gen::weightedOneOf<I>(
      {{3, rc::gen::arbitrary<I>()},
       {3, rc::gen::inRange<I>(-1000, 1000)},
       {1, rc::gen::element<I>(std::numeric_limits<I>::min(), std::numeric_limits<I>::min() + 1, -1,
                               0, 1, std::numeric_limits<I>::max())}});
}

RC_GTEST_PROP(RulesSemantics, ArithmeticIsExactOrAnError, ()) {
  const I a = *value();
  const I b = *value();
  for (const Op op : {Op::add, Op::sub, Op::mul, Op::div}) {
    Wide exact = 0;
    bool exists = true;
    switch (op) {
      case Op::add:
        exact = Wide{a} + b;
        break;
      case Op::sub:
        exact = Wide{a} - b;
        break;
      case Op::mul:
        exact = Wide{a} * b;
        break;
      default:
        exists = b != 0;
        exact = exists ? Wide{a} / b : 0;  // C++ truncates toward zero, as the language does
        break;
    }
    exists = exists && exact >= kMin && exact <= kMax;
    I r = 0;
    RC_ASSERT(arithmetic(op, a, b, &r) == exists);
    if (exists) RC_ASSERT(Wide{r} == exact);
  }
  I r = 0;
  RC_ASSERT(unary_minus_or_abs(Op::neg, a, &r) == (-Wide{a} <= kMax));
  if (-Wide{a} <= kMax) RC_ASSERT(r == -a);
  RC_ASSERT(unary_minus_or_abs(Op::abs, a, &r) == (-Wide{a} <= kMax));
  if (-Wide{a} <= kMax) RC_ASSERT(Wide{r} == (a < 0 ? -Wide{a} : Wide{a}));
  RC_ASSERT(days_between(a, b, &r) == (Wide{b} - a >= kMin && Wide{b} - a <= kMax));
  RC_ASSERT(extreme(Op::min, a, b) == std::min(a, b));
  RC_ASSERT(extreme(Op::max, a, b) == std::max(a, b));
}

RC_GTEST_PROP(RulesSemantics, ComparisonsMirror, ()) {
  const I a = *value();
  const I b = *value();
  for (const Op op : {Op::eq, Op::ne, Op::lt, Op::le, Op::gt, Op::ge}) {
    bool ab = false;
    bool ba = false;
    with_comparison(op, [&](auto cmp) { ab = cmp(a, b); });
    with_comparison(mirrored(op), [&](auto cmp) { ba = cmp(b, a); });
    RC_ASSERT(ab == ba);
  }
  bool lt = false;
  with_comparison(Op::lt, [&](auto cmp) { lt = cmp(a, b); });
  RC_ASSERT(lt == (a < b));
}

TEST(RulesSemantics, KleeneTablesWithErrorsDecidingLeftToRight) {
  constexpr std::uint8_t M = kCodeMissing, F = kCodeFalse, T = kCodeTrue, E = kCodeError;
  // and: rows the left operand (M, F, T, E), columns the right.
  const std::uint8_t and_table[4][4] = {{M, F, M, E}, {F, F, F, F}, {M, F, T, E}, {E, E, E, E}};
  const std::uint8_t or_table[4][4] = {{M, M, T, E}, {M, F, T, E}, {T, T, T, T}, {E, E, E, E}};
  const std::uint8_t codes[4] = {M, F, T, E};
  for (int x = 0; x < 4; ++x) {
    for (int y = 0; y < 4; ++y) {
      EXPECT_EQ(kleene(kleene_pass(Op::and_), codes[x], codes[y]), and_table[x][y]) << x << y;
      EXPECT_EQ(kleene(kleene_pass(Op::or_), codes[x], codes[y]), or_table[x][y]) << x << y;
    }
    EXPECT_EQ(logical_not(logical_not(codes[x])), codes[x]);
    EXPECT_EQ(state_of(code_of(state_of(codes[x]), codes[x] == T)), state_of(codes[x]));
  }
  EXPECT_EQ(missing_test(kMissing), T);
  EXPECT_EQ(missing_test(kPresent), F);
  EXPECT_EQ(missing_test(kError), E);
  EXPECT_EQ(combine(kPresent, kMissing), kMissing);
  EXPECT_EQ(combine(kMissing, kError), kError);
  EXPECT_EQ(combine(kPresent, kPresent), kPresent);
}

TEST(RulesSemantics, AgeIsAnErrorBeyondTheDayLimit) {
  I r = 0;
  EXPECT_TRUE(age_years(0, 365 * 30 + 8, &r));  // 1970-01-01 to 2000-01-01
  EXPECT_EQ(r, 30);
  EXPECT_FALSE(age_years(kDayLimit + 1, 0, &r));
  EXPECT_FALSE(age_years(-kDayLimit - 1, 0, &r));
}

}  // namespace

namespace {

/// Days around the day limit and around a few birthdays (29 February included).
rc::Gen<I> day() {
  return rc::gen::weightedOneOf<I>(
      {{4, rc::gen::inRange<I>(-40000, 60000)},
       {1, rc::gen::inRange<I>(-kDayLimit - 3, -kDayLimit + 3)},
       {1, rc::gen::inRange<I>(kDayLimit - 3, kDayLimit + 3)},
       {1,
        rc::gen::element<I>(11016, 11017, 11018, 10956, 10957)}});  // 2000-02-28…03-01, 1999/2000
}

}  // namespace

RC_GTEST_PROP(RulesSemantics, AFoldedAgeComparisonIsTheComparisonOfTheAge, ()) {
  // age_years(d) OP k for a constant k is computed as lo < d <= hi (or
  // outside) with thresholds found once: the same truth on every day.
  const I as_of = *rc::gen::inRange<I>(-30000, 60000);
  const I k = *rc::gen::weightedOneOf<I>(
      {{5, rc::gen::inRange<I>(-5, 120)},
       {1, rc::gen::element<I>(std::numeric_limits<I>::min(), std::numeric_limits<I>::max(),
                               -300000, 300000)}});
  for (const Op op : {Op::eq, Op::ne, Op::lt, Op::le, Op::gt, Op::ge}) {
    const AgeFold f = fold_age_comparison(op, k, as_of);
    // Random days, and the days on either side of each threshold.
    std::vector<I> days = {f.lo, f.lo + 1, f.hi, f.hi + 1};
    for (int t = 0; t < 20; ++t) days.push_back(*day());
    for (const I d : days) {
      I age = 0;
      const bool ok = age_years(d, as_of, &age);
      const bool valid = d >= -kDayLimit && d <= kDayLimit;
      RC_ASSERT(ok == valid);
      if (!ok) continue;
      bool expected = false;
      with_comparison(op, [&](auto cmp) { expected = cmp(age, k); });
      RC_ASSERT(((d > f.lo && d <= f.hi) != f.negate) == expected);
    }
  }
}

RC_GTEST_PROP(RulesSemantics, DecimalProductsAndQuotientsAreTheExactValueRounded, ()) {
  // a × b / 10^6 and a × 10^6 / b (millionths) equal the exact rational value
  // rounded half away from zero: |exact − r| ≤ 1/2 unit, ties away from zero.
  const I a = *value();
  const I b = *value();
  for (const Op op : {Op::dmul, Op::ddiv}) {
    const Wide num = op == Op::dmul ? Wide{a} * b : Wide{a} * kDecimalScale;
    const Wide den = op == Op::dmul ? Wide{kDecimalScale} : Wide{b};
    I r = 0;
    const bool ok = decimal_arithmetic(op, a, b, &r);
    if (den == 0) {
      RC_ASSERT(!ok);
      continue;
    }
    // 2|num − r·den| ≤ |den|, and on a tie r is the one farther from zero.
    const Wide q = num / den;  // truncated: the answer is q or q ± 1
    const Wide ad = den < 0 ? -den : den;
    bool representable = false;
    for (const Wide cand : {q - 1, q, q + 1}) {
      const Wide diff2 = 2 * (num - cand * den);
      const Wide abs2 = diff2 < 0 ? -diff2 : diff2;
      const bool tie = abs2 == ad;
      const Wide an = num < 0 ? -num : num;
      const Wide ac = cand < 0 ? -cand : cand;
      const bool away = ac * ad > an;  // farther from zero than the exact value
      if (abs2 < ad || (tie && away)) {
        representable = cand >= kMin && cand <= kMax;
        if (ok) RC_ASSERT(Wide{r} == cand);
        break;
      }
    }
    RC_ASSERT(ok == representable);
  }
}

TEST(RulesSemanticsTies, HalfWaysRoundAwayFromZero) {
  I r = 0;
  ASSERT_TRUE(decimal_arithmetic(Op::dmul, 3, 500000, &r));  // 3 millionths × 0.5 = 1.5
  EXPECT_EQ(r, 2);
  ASSERT_TRUE(decimal_arithmetic(Op::dmul, -3, 500000, &r));
  EXPECT_EQ(r, -2);
  ASSERT_TRUE(decimal_arithmetic(Op::ddiv, 1, 2000000, &r));  // 1 millionth ÷ 2 = 0.5
  EXPECT_EQ(r, 1);
  ASSERT_TRUE(decimal_arithmetic(Op::ddiv, -1, 2000000, &r));
  EXPECT_EQ(r, -1);
  ASSERT_TRUE(decimal_arithmetic(Op::ddiv, 1, 3000000, &r));  // 0.333… → 0
  EXPECT_EQ(r, 0);
  ASSERT_TRUE(round_to(-2500000, true, 1, Rounding::half_up, &r));
  EXPECT_EQ(r, -3);
  ASSERT_TRUE(round_to(-2500000, true, 1, Rounding::floor, &r));
  EXPECT_EQ(r, -3);
  ASSERT_TRUE(round_to(-2500000, true, 1, Rounding::ceil, &r));
  EXPECT_EQ(r, -2);
  ASSERT_TRUE(round_to(1500, false, 1000, Rounding::half_up, &r));
  EXPECT_EQ(r, 2000);
}

RC_GTEST_PROP(RulesSemantics, RoundingToAStepIsAMultipleWithinOneStep, ()) {
  const I a = *value();
  const I step = *rc::gen::inRange<I>(1, 100000);
  for (const bool decimal : {false, true}) {
    const Wide unit = Wide{step} * (decimal ? kDecimalScale : 1);
    for (const Rounding mode : {Rounding::half_up, Rounding::floor, Rounding::ceil}) {
      I r = 0;
      if (!round_to(a, decimal, step, mode, &r)) continue;  // beyond int64 only
      RC_ASSERT(r % step == 0);
      const Wide back = Wide{r} / step * unit;  // r in units of a
      const Wide diff = Wide{a} - back;         // a − rounded
      if (mode == Rounding::floor) RC_ASSERT(diff >= 0 && diff < unit);
      if (mode == Rounding::ceil) RC_ASSERT(diff <= 0 && -diff < unit);
      if (mode == Rounding::half_up) RC_ASSERT(2 * diff <= unit && -2 * diff <= unit);
    }
  }
  I r = 0;
  RC_ASSERT(!round_to(a, false, 0, Rounding::half_up, &r));  // a step below 1 is an error
}
