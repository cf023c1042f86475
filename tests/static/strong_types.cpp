// Static tests: this file compiling is the test (mp-units' test/static).
#include <cstdint>
#include <type_traits>

#include <project8/budget/audit.hpp>
#include <project8/core/date.hpp>
#include <project8/core/id.hpp>
#include <project8/core/money.hpp>
#include <project8/plan/plan.hpp>
#include <project8/rules/evaluate.hpp>

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

// Value types carry the meaning; no sentinels.
static_assert(!std::is_default_constructible_v<project8::plan::Plan>,
              "a plan has no default year or period");
static_assert(std::is_same_v<decltype(project8::budget::Payment::person), project8::core::PersonId>,
              "a payment's person is a person id");
static_assert(
    std::is_same_v<decltype(project8::budget::Payment::package), project8::core::PackageId>,
    "a payment's package is a package id");
static_assert(!std::is_convertible_v<std::string, project8::core::PersonId>);
static_assert(
    std::is_same_v<decltype(project8::rules::PackageResults::reason), project8::rules::ReasonCodes>,
    "one type for reason codes");
}  // namespace
