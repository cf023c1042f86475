// Properties of allocation that hold for every request that can be met.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <project8/budget/allocation.hpp>
#include <project8/core/error.hpp>

using namespace project8;

namespace {

struct Case {
  budget::AllocationRequest request;
};

budget::AllocationRequest random_request() {
  budget::AllocationRequest r;
  const std::int64_t step = *rc::gen::element<std::int64_t>(1, 1'000, 50'000);
  r.step = core::Money::vnd(step);
  const auto n = *rc::gen::inRange<std::size_t>(1, 12);
  std::int64_t floors = 0;
  for (std::size_t i = 0; i < n; ++i) {
    budget::AllocationUnit u{
        core::UnitCode{"U" + std::to_string(i)}, *rc::gen::inRange<std::int64_t>(0, 20), {}, {}};
    if (*rc::gen::inRange(0, 4) == 0) {
      u.floor = core::Money::vnd(step * *rc::gen::inRange<std::int64_t>(0, 50));
      floors += u.floor->in_vnd();
    }
    if (*rc::gen::inRange(0, 4) == 0) {
      u.cap = core::Money::vnd(
          step * *rc::gen::inRange<std::int64_t>(u.floor ? u.floor->in_vnd() / step : 0, 400));
    }
    r.units.push_back(u);
  }
  const std::int64_t reserve = step * *rc::gen::inRange<std::int64_t>(0, 30);
  if (reserve > 0) r.reservations.push_back({"district", core::Money::vnd(reserve)});
  r.total = core::Money::vnd(floors + reserve + step * *rc::gen::inRange<std::int64_t>(0, 2'000));
  return r;
}

}  // namespace

RC_GTEST_PROP(AllocationProperty, SumsExactlyHoldsFloorsAndCapsAndStepsOrSaysWhyNot, ()) {
  const auto r = random_request();
  budget::Allocation a;
  try {
    a = budget::allocate(r);
  } catch (const core::ValidationError& e) {
    // Only a real impossibility: caps below the rest, or no weight to share it.
    const std::string what = e.what();
    RC_ASSERT(what.find("caps add up") != std::string::npos ||
              what.find("no unit with weight") != std::string::npos);
    RC_SUCCEED("infeasible");
  }
  RC_ASSERT(a.total() == r.total);
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const auto& u = r.units[i];
    const auto& line = a.lines[i];
    RC_ASSERT(line.amount.in_vnd() % r.step.in_vnd() == 0);
    RC_ASSERT(line.amount.in_vnd() >= 0);
    if (u.floor) RC_ASSERT(line.amount >= *u.floor);
    if (u.cap) RC_ASSERT(line.amount <= *u.cap);
  }
}

RC_GTEST_PROP(AllocationProperty, MoreWeightNeverMeansLessMoneyWithoutBounds, ()) {
  budget::AllocationRequest r;
  r.step = core::Money::vnd(*rc::gen::element<std::int64_t>(1, 1'000));
  const auto n = *rc::gen::inRange<std::size_t>(2, 15);
  for (std::size_t i = 0; i < n; ++i) {
    r.units.push_back(
        {core::UnitCode{"U" + std::to_string(i)}, *rc::gen::inRange<std::int64_t>(1, 30), {}, {}});
  }
  r.total = core::Money::vnd(r.step.in_vnd() * *rc::gen::inRange<std::int64_t>(0, 100'000));
  const auto a = budget::allocate(r);
  RC_ASSERT(a.total() == r.total);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (r.units[i].weight > r.units[j].weight) RC_ASSERT(a.lines[i].amount >= a.lines[j].amount);
    }
  }
  // Deterministic: the same request gives the same amounts.
  const auto again = budget::allocate(r);
  for (std::size_t i = 0; i < n; ++i) RC_ASSERT(again.lines[i].amount == a.lines[i].amount);
}
