// Allocation: exact totals, floors, caps, reservations, steps, explanations, errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <project8/budget/allocation.hpp>
#include <project8/core/error.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

budget::AllocationUnit unit(const char* code, std::int64_t weight,
                            std::optional<std::int64_t> floor = {},
                            std::optional<std::int64_t> cap = {}) {
  budget::AllocationUnit u{core::UnitCode{code}, weight, {}, {}};
  if (floor) u.floor = core::Money::vnd(*floor);
  if (cap) u.cap = core::Money::vnd(*cap);
  return u;
}

std::string error_of(const budget::AllocationRequest& r) {
  try {
    (void)budget::allocate(r);
  } catch (const core::ValidationError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Allocation, ProportionalToTheStepWithLargestRemainder) {
  budget::AllocationRequest r;
  r.total = core::Money::vnd(100'000'000);
  r.step = core::Money::vnd(1'000);
  r.reservations = {{"district", core::Money::vnd(10'000'000)}};
  r.units = {unit("A", 3), unit("B", 2), unit("C", 2)};
  const auto a = budget::allocate(r);
  // 90.000.000 in 90.000 steps: 38.571,4 / 25.714,3 / 25.714,3 -> 38.571 + 25.714 + 25.714
  // = 89.999; one step left goes to the largest remainder (A, 0.43).
  EXPECT_EQ(a.lines[0].amount, core::Money::vnd(38'572'000));
  EXPECT_EQ(a.lines[1].amount, core::Money::vnd(25'714'000));
  EXPECT_EQ(a.lines[2].amount, core::Money::vnd(25'714'000));
  EXPECT_EQ(a.lines[0].rounding, core::Money::vnd(1'000));
  EXPECT_EQ(a.distributed, core::Money::vnd(90'000'000));
  EXPECT_EQ(a.total(), r.total);
  EXPECT_NEAR(a.lines[0].exact, 38'571'428.57, 0.01);
}

TEST(Allocation, FloorsAndCapsBindAndTheRestIsShared) {
  budget::AllocationRequest r;
  r.total = core::Money::vnd(1'000);
  r.units = {unit("A", 1, 400), unit("B", 10, {}, 300), unit("C", 10)};
  const auto a = budget::allocate(r);
  EXPECT_EQ(a.lines[0].amount, core::Money::vnd(400));
  EXPECT_TRUE(a.lines[0].floor_applied);
  EXPECT_EQ(a.lines[1].amount, core::Money::vnd(300));
  EXPECT_TRUE(a.lines[1].cap_applied);
  EXPECT_EQ(a.lines[2].amount, core::Money::vnd(300));
  EXPECT_FALSE(a.lines[2].floor_applied || a.lines[2].cap_applied);
}

TEST(Allocation, ConstraintsThatCannotHoldSayWhich) {
  budget::AllocationRequest r;
  r.total = core::Money::vnd(1'000);
  r.units = {unit("A", 1, 600), unit("B", 1, 600)};
  EXPECT_THAT(error_of(r), HasSubstr("floors add up to 1.200 đ, more than the 1.000 đ"));
  r.units = {unit("A", 1, {}, 300), unit("B", 1, {}, 300)};
  EXPECT_THAT(error_of(r), HasSubstr("caps add up to 600 đ, less than"));
  r.units = {unit("A", 1, 500, 400)};
  EXPECT_THAT(error_of(r), HasSubstr("floor 500 đ is above its cap 400 đ"));
  r.units = {unit("A", 1)};
  r.step = core::Money::vnd(300);
  EXPECT_THAT(error_of(r), HasSubstr("not a multiple of the step"));
  r.step = core::Money::vnd(1);
  r.reservations = {{"x", core::Money::vnd(2'000)}};
  EXPECT_THAT(error_of(r), HasSubstr("reservations exceed the total"));
  r.reservations.clear();
  r.units = {unit("A", 0), unit("B", 0, 100)};
  EXPECT_THAT(error_of(r), HasSubstr("no unit with weight can take it"));
  r.units = {unit("A", -1)};
  EXPECT_THAT(error_of(r), HasSubstr("weight"));
}

TEST(Allocation, EveryoneAtTheirFloorWhenTheFloorsTakeItAll) {
  budget::AllocationRequest r;
  r.total = core::Money::vnd(900);
  r.units = {unit("A", 5, 300), unit("B", 1, 600)};
  const auto a = budget::allocate(r);
  EXPECT_EQ(a.lines[0].amount, core::Money::vnd(300));
  EXPECT_EQ(a.lines[1].amount, core::Money::vnd(600));
}
