// Static tests: this file compiling is the test (mp-units' test/static).
#include <cstdint>
#include <type_traits>

#include <project8/core/date.hpp>
#include <project8/core/id.hpp>
#include <project8/core/money.hpp>

namespace {
using project8::core::Money;
using project8::core::TargetId;
using project8::core::UnitCode;
using namespace project8::core::literals;

static_assert(!std::is_convertible_v<std::int64_t, Money>, "no implicit int -> Money");
static_assert(!std::is_constructible_v<Money, double>, "no Money from double");
static_assert(std::is_trivially_copyable_v<Money> && sizeof(Money) == 8, "Money is one int64");
static_assert(!std::is_convertible_v<UnitCode, TargetId>, "ids of different kinds do not mix");
static_assert(!std::is_convertible_v<std::string, UnitCode>, "no implicit string -> id");
static_assert(Money::vnd(5).in_vnd() == 5);
static_assert((1'500'000_vnd).in_vnd() == 1'500'000);
static_assert(Money::vnd(1) < Money::vnd(2));
}  // namespace
