// Property tests: laws that hold for every amount, checked with RapidCheck.
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <project8/core/money.hpp>

namespace {
using project8::core::Money;
using project8::core::OverflowError;
using project8::core::detail::int128;

constexpr int128 kMax = std::numeric_limits<std::int64_t>::max();
constexpr int128 kMin = std::numeric_limits<std::int64_t>::min();

RC_GTEST_PROP(MoneyProperty, EveryFormatParsesBackToTheSameAmount, (std::int64_t v)) {
  const auto m = Money::vnd(v);
  RC_ASSERT(Money::parse(m.to_string()) == m);
  RC_ASSERT(Money::parse(m.to_plain_string()) == m);
  RC_ASSERT(Money::parse(m.to_english_string()) == m);
}

RC_GTEST_PROP(MoneyProperty, AdditionIsExactOrThrows, (std::int64_t a, std::int64_t b)) {
  const int128 exact = static_cast<int128>(a) + b;
  if (exact > kMax || exact < kMin) {
    RC_ASSERT_THROWS_AS((void)(Money::vnd(a) + Money::vnd(b)), OverflowError);
  } else {
    RC_ASSERT(static_cast<int128>((Money::vnd(a) + Money::vnd(b)).in_vnd()) == exact);
  }
}

RC_GTEST_PROP(MoneyProperty, MultiplicationIsExactOrThrows, (std::int64_t a, std::int64_t n)) {
  const int128 exact = static_cast<int128>(a) * n;
  if (exact > kMax || exact < kMin) {
    RC_ASSERT_THROWS_AS((void)(Money::vnd(a) * n), OverflowError);
  } else {
    RC_ASSERT(static_cast<int128>((Money::vnd(a) * n).in_vnd()) == exact);
  }
}

RC_GTEST_PROP(MoneyProperty, SubtractionUndoesAddition, (std::int32_t a, std::int32_t b)) {
  const auto x = Money::vnd(a);
  const auto y = Money::vnd(b);
  RC_ASSERT((x + y) - y == x);
}

}  // namespace
