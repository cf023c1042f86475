// Exact allocation by weight with floors, caps, reservations and a rounding step.
// All arithmetic is in whole steps, with 128-bit intermediates: no floating point
// decides any amount (`exact` is for explanation only).
#include <algorithm>
#include <limits>
#include <numeric>

#include <project8/budget/allocation.hpp>
#include <project8/core/checked.hpp>
#include <project8/core/error.hpp>

namespace project8::budget {

namespace {

using core::detail::int128;

constexpr std::int64_t kMaxWeight = 1'000'000'000'000;  // keeps every product inside 128 bits
constexpr std::size_t kMaxUnits = 1U << 20U;

/// A non-negative fraction num / den (den > 0).
struct Fraction {
  int128 num;
  int128 den;
};
bool less(const Fraction& a, const Fraction& b) {
  return a.num * b.den < b.num * a.den;
}
bool equal(const Fraction& a, const Fraction& b) {
  return a.num * b.den == b.num * a.den;
}

}  // namespace

core::Money Allocation::total() const {
  core::Money sum = distributed;
  for (const auto& r : reservations) sum += r.amount;
  return sum;
}

Allocation allocate(const AllocationRequest& request) {
  std::vector<core::Problem> problems;
  auto problem = [&](std::string field, std::string message) {
    problems.push_back({{}, std::move(field), std::move(message)});
  };
  const std::int64_t step = request.step.in_vnd();
  if (step <= 0) throw core::ValidationError("step", "the step must be at least 1 đồng");
  auto in_steps = [&](core::Money m, const std::string& field) -> std::int64_t {
    if (m.in_vnd() < 0) problem(field, m.to_string() + " is negative");
    if (m.in_vnd() % step != 0)
      problem(field, m.to_string() + " is not a multiple of the step " + request.step.to_string());
    return m.in_vnd() / step;
  };
  if (request.units.size() > kMaxUnits)
    throw core::ValidationError("units", "more than 1,048,576 units");
  const std::int64_t total = in_steps(request.total, "total");
  int128 reserved = 0;
  for (std::size_t k = 0; k < request.reservations.size(); ++k) {
    reserved += in_steps(request.reservations[k].amount, "reservations[" + std::to_string(k) + "]");
  }
  const std::size_t n = request.units.size();
  std::vector<std::int64_t> lo(n, 0), hi(n, 0), w(n, 0);
  std::vector<bool> capped(n, false);
  int128 sum_lo = 0, sum_hi = 0;
  bool all_capped = true;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& u = request.units[i];
    const std::string f = "units[" + std::to_string(i) + "] (" + u.unit.value() + ")";
    w[i] = u.weight;
    if (u.weight < 0 || u.weight > kMaxWeight)
      problem(f + ".weight", "a weight from 0 to 10^12 was expected");
    if (u.floor) lo[i] = in_steps(*u.floor, f + ".floor");
    if (u.cap) {
      hi[i] = in_steps(*u.cap, f + ".cap");
      capped[i] = true;
      sum_hi += hi[i];
      if (u.floor && *u.floor > *u.cap)
        problem(f, "its floor " + u.floor->to_string() + " is above its cap " + u.cap->to_string());
    } else {
      all_capped = false;
    }
    sum_lo += lo[i];
  }
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  if (reserved > total) {
    throw core::ValidationError("reservations",
                                "the reservations exceed the total " + request.total.to_string());
  }
  const int128 D = total - reserved;
  const auto money = [&](int128 steps) {
    return core::Money::vnd(static_cast<std::int64_t>(steps * step));
  };
  if (sum_lo > D) {
    throw core::ValidationError("units", "the floors add up to " + money(sum_lo).to_string() +
                                             ", more than the " + money(D).to_string() +
                                             " to distribute");
  }
  if (all_capped && sum_hi < D) {
    throw core::ValidationError("units", "the caps add up to " + money(sum_hi).to_string() +
                                             ", less than the " + money(D).to_string() +
                                             " to distribute");
  }

  // f(λ) = Σ clamp(λ·w, lo, hi), nondecreasing and piecewise linear; find the
  // segment between breakpoints where it reaches D.
  auto f_scaled = [&](const Fraction& l) {  // f(l) · l.den, exact
    int128 s = 0;
    for (std::size_t i = 0; i < n; ++i) {
      int128 v = l.num * w[i];
      v = std::max(v, static_cast<int128>(lo[i]) * l.den);
      if (capped[i]) v = std::min(v, static_cast<int128>(hi[i]) * l.den);
      s += v;
    }
    return s;
  };
  std::vector<Fraction> points{{0, 1}};
  for (std::size_t i = 0; i < n; ++i) {
    if (w[i] == 0) continue;
    points.push_back({lo[i], w[i]});
    if (capped[i]) points.push_back({hi[i], w[i]});
  }
  std::sort(points.begin(), points.end(), less);
  points.erase(std::unique(points.begin(), points.end(), equal), points.end());
  // The last breakpoint at or below the solution: f is nondecreasing, so a
  // binary search (points[0] = 0 always qualifies, as the floors fit in D).
  std::size_t k = 0;
  for (std::size_t lo_j = 1, hi_j = points.size(); lo_j < hi_j;) {
    const std::size_t mid = lo_j + (hi_j - lo_j) / 2;
    if (f_scaled(points[mid]) <= D * points[mid].den) {
      k = mid;
      lo_j = mid + 1;
    } else {
      hi_j = mid;
    }
  }
  const Fraction left = points[k];
  const bool bounded = k + 1 < points.size();
  const Fraction right = bounded ? points[k + 1] : Fraction{0, 1};
  // Free in this segment: rising between `left` and `right` (or beyond `left` when unbounded).
  std::vector<std::size_t> free;
  int128 fixed = 0, free_weight = 0;
  std::vector<int128> amount(n, 0);
  std::vector<bool> at_floor(n, false), at_cap(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    // Stays at its floor through the segment when λ·w ≤ lo at the segment's right end.
    const bool floor_bound = w[i] == 0 || (bounded ? !less(Fraction{lo[i], w[i]}, right) : false);
    const bool cap_bound = capped[i] && w[i] > 0 && !less(left, Fraction{hi[i], w[i]});
    if (cap_bound) {
      amount[i] = hi[i];
      at_cap[i] = true;
      fixed += hi[i];
    } else if (floor_bound) {
      amount[i] = lo[i];
      at_floor[i] = lo[i] > 0;
      fixed += lo[i];
    } else {
      free.push_back(i);
      free_weight += w[i];
    }
  }
  const int128 rest = D - fixed;
  if (free.empty() && rest != 0) {
    throw core::ValidationError(
        "units",
        money(rest).to_string() + " is left to distribute and no unit with weight can take it");
  }
  // The free units share the rest by weight, rounded down to whole steps; the
  // steps left over go to the largest remainders (ties: the earlier unit).
  std::vector<bool> is_free(n, false), bumped(n, false);
  if (!free.empty()) {
    int128 given = 0;
    std::vector<int128> remainder(n, 0);
    for (const auto i : free) {
      is_free[i] = true;
      amount[i] = rest * w[i] / free_weight;
      remainder[i] = rest * w[i] % free_weight;
      given += amount[i];
    }
    std::vector<std::size_t> order = free;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    for (int128 j = 0; j < rest - given; ++j) bumped[order[static_cast<std::size_t>(j)]] = true;
  }
  Allocation out;
  out.reservations = request.reservations;
  out.lines.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    AllocationLine line;
    line.unit = request.units[i].unit;
    line.weight = w[i];
    line.exact = is_free[i] ? static_cast<double>(rest) * static_cast<double>(w[i]) /
                                  static_cast<double>(free_weight) * static_cast<double>(step)
                            : static_cast<double>(amount[i] * step);
    if (bumped[i]) ++amount[i];
    line.amount = money(amount[i]);
    line.rounding = bumped[i] ? request.step : core::Money::vnd(0);
    line.floor_applied = at_floor[i];
    line.cap_applied = at_cap[i];
    out.distributed += line.amount;
    out.lines.push_back(std::move(line));
  }
  return out;
}

}  // namespace project8::budget

namespace project8::budget {

std::string explain(const Allocation& allocation, std::size_t line, core::Language lang) {
  const AllocationLine& l = allocation.lines.at(line);
  const bool vi = lang == core::Language::vi;
  auto money = [&](core::Money m) { return m.to_string(lang); };
  std::string out = (vi ? "trọng số " : "weight ") + std::to_string(l.weight);
  if (allocation.distributed.in_vnd() > 0) {
    // Per mille, rounded half up, in integers: the share shown, not a decision.
    const auto d = static_cast<core::detail::int128>(allocation.distributed.in_vnd());
    const auto pm = static_cast<std::int64_t>(
        (static_cast<core::detail::int128>(l.amount.in_vnd()) * 2000 + d) / (2 * d));
    out += "; " + std::to_string(pm / 10) + (vi ? "," : ".") + std::to_string(pm % 10) + "%";
  }
  if (l.floor_applied) out += vi ? "; nâng lên mức sàn" : "; raised to its floor";
  if (l.cap_applied) out += vi ? "; hạ xuống mức trần" : "; lowered to its cap";
  if (l.rounding.in_vnd() != 0) out += "; +" + money(l.rounding) + (vi ? " làm tròn" : " rounding");
  return out;
}

std::vector<AllocationUnit> weigh_units(const data::Table& units, const rules::Formula& weight,
                                        core::Date as_of, std::string_view unit_column) {
  const auto col = units.schema().index_of(unit_column);
  if (!col || units.column(*col).type() != data::ColumnType::string) {
    throw core::InvalidArgument("the units table has no text column '" + std::string(unit_column) +
                                "'");
  }
  const data::Column& codes = units.column(*col);
  const auto values = weight.evaluate(units, as_of);
  std::vector<core::Problem> problems;
  std::vector<AllocationUnit> out;
  std::vector<std::string_view> seen;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string_view code = codes.string_at(i);
    const std::string field = "units[" + std::string(code) + "]";
    if (code.empty()) {
      problems.push_back({{}, "units row " + std::to_string(i + 1), "the unit code is empty"});
      continue;
    }
    if (std::find(seen.begin(), seen.end(), code) != seen.end()) {
      problems.push_back({{}, field, "the unit is listed twice"});
      continue;
    }
    seen.push_back(code);
    const rules::FormulaValue& v = values[i];
    if (!v.present() || v.value < 0) {
      const char* what = v.state == rules::FormulaValue::State::missing ? "the weight is missing"
                         : v.state == rules::FormulaValue::State::error
                             ? "the weight cannot be computed"
                             : "the weight is negative";
      problems.push_back({{}, field, std::string(what) + ": " + weight.explain(units, i, as_of)});
      continue;
    }
    out.push_back({core::UnitCode{std::string(code)}, v.value, std::nullopt, std::nullopt});
  }
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  return out;
}

}  // namespace project8::budget
