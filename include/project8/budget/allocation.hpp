/// \file
/// Allocation of a total (integer đồng) across units by weight, with fixed
/// reservations, per-unit floors and caps, and rounding to a step, so that the
/// amounts sum to the total **exactly**.
///
/// The amounts are `clamp(λ × weight, floor, cap)` for the one λ at which they
/// add up to the distributable total (the total minus the reservations); the
/// units strictly between their floor and cap share the rest in proportion to
/// their weights, rounded down to the step, and the steps left over go one
/// each to the largest remainders (ties: the earlier unit in the request).
/// Every amount is explained: weight, exact share before rounding, floor or
/// cap applied, rounding adjustment. Constraints that cannot all hold are an
/// error that says which.
///
/// **Example**:
///
///     using namespace project8;
///     budget::AllocationRequest r;
///     r.total = core::Money::vnd(100'000'000);
///     r.step = core::Money::vnd(1'000);
///     r.reservations = {{"district", core::Money::vnd(10'000'000)}};
///     r.units = {{core::UnitCode{"03390"}, 3}, {core::UnitCode{"03394"}, 2},
///     {core::UnitCode{"03400"}, 2}}; auto a = budget::allocate(r);   // 38.572.000 + 25.714.000
///     + 25.714.000 = 90.000.000
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/id.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/money.hpp>
#include <project8/data/table.hpp>
#include <project8/rules/formula.hpp>

/// Budget: cost estimates, allocation, ledger and payment audit.
namespace project8::budget {

/// One unit in an allocation request.
struct AllocationUnit {
  core::UnitCode unit;               ///< The unit.
  std::int64_t weight = 0;           ///< Its weight (≥ 0), e.g. a coefficient sum.
  std::optional<core::Money> floor;  ///< At least this much (a multiple of the step).
  std::optional<core::Money> cap;    ///< At most this much (a multiple of the step).
};

/// A fixed amount kept aside before distributing (e.g. a share kept at district level).
struct Reservation {
  std::string name;    ///< What it is for.
  core::Money amount;  ///< How much (a multiple of the step).
};

/// What to allocate.
struct AllocationRequest {
  core::Money total;                       ///< The total to allocate, reservations included.
  core::Money step = core::Money::vnd(1);  ///< Every amount is a multiple of this (e.g. 1.000 đ).
  std::vector<Reservation> reservations;   ///< Kept aside first.
  std::vector<AllocationUnit> units;       ///< Who shares the rest.
};

/// One unit's amount and why.
struct AllocationLine {
  core::UnitCode unit;      ///< The unit.
  std::int64_t weight = 0;  ///< Its weight.
  core::Money amount;       ///< What it gets.
  double exact =
      0;  ///< Its exact proportional amount before rounding (đồng; for explanation only).
  bool floor_applied = false;  ///< Raised to its floor.
  bool cap_applied = false;    ///< Lowered to its cap.
  core::Money rounding;        ///< The step added by largest remainder (0 or one step).
};

/// An allocation: reservations, then one line per unit in request order.
struct Allocation {
  std::vector<Reservation> reservations;  ///< As requested.
  std::vector<AllocationLine> lines;      ///< One per unit, in request order.
  core::Money distributed;                ///< Sum of the lines (= total − reservations).

  /// Sum of the reservations and the lines: always the requested total.
  [[nodiscard]] core::Money total() const;
};

/// Allocates `request` (see the file comment). Throws core::ValidationError
/// naming the constraint when they cannot all hold: a negative total, weight,
/// floor or cap; a total, reservation, floor or cap that is not a multiple of
/// the step; reservations above the total; floors above what is left; caps
/// below it; a floor above a cap; a rest to share with no weight to share it by.
[[nodiscard]] Allocation allocate(const AllocationRequest& request);

/// One line explained in words, e.g. "trọng số 54; 38,6%; +1.000 đ làm tròn"
/// / "weight 54; 38.6%; +1,000 VND rounding"; floors and caps applied are named.
[[nodiscard]] std::string explain(const Allocation& allocation, std::size_t line,
                                  core::Language lang = core::Language::vi);

/// The units of a units table (its `unit_column`, plus attribute columns) with
/// their weight from `weight` evaluated on `as_of`. core::ValidationError
/// naming every unit whose weight is missing, could not be computed or is
/// negative, with the formula worked out for it; and a unit listed twice.
[[nodiscard]] std::vector<AllocationUnit> weigh_units(const data::Table& units,
                                                      const rules::Formula& weight,
                                                      core::Date as_of,
                                                      std::string_view unit_column = "unit");

}  // namespace project8::budget
