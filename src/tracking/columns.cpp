// aggregate() over columns: per-category work once, then one pass over the rows
// into dense arrays indexed by target x unit key x period.
#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_set>

#include "../data/civil.hpp"
#include "scope.hpp"
#include <project8/tracking/progress.hpp>

namespace project8::tracking {

namespace {

using detail::Scope;
using detail::scope_of;
using detail::unit_key;

/// The index of the reporting period of `kind` holding day `days` (since 1970-01-01).
std::int64_t period_index(core::PeriodKind kind, std::int64_t days) {
  const auto c = data::detail::civil_from_days(days);
  switch (kind) {
    case core::PeriodKind::month:
      return c.year * 12 + (c.month - 1);
    case core::PeriodKind::quarter:
      return c.year * 4 + (c.month - 1) / 3;
    case core::PeriodKind::half_year:
      return c.year * 2 + (c.month - 1) / 6;
    case core::PeriodKind::year:
      return c.year;
  }
  return c.year;
}

std::int64_t year_of_period(core::PeriodKind kind, std::int64_t index) {
  switch (kind) {
    case core::PeriodKind::month:
      return index / 12;
    case core::PeriodKind::quarter:
      return index / 4;
    case core::PeriodKind::half_year:
      return index / 2;
    case core::PeriodKind::year:
      return index;
  }
  return index;
}

}  // namespace

ColumnAggregate aggregate_columns(const plan::Plan& plan, const geo::Registry& units,
                                  const data::Table& t, core::PeriodKind kind, core::Date as_of,
                                  bool by_unit) {
  core::require(!as_of.is_special(), "as_of must be a real date");
  const auto& date = t.column("date");
  const auto& unit = t.column("unit");
  const auto& target = t.column("target");
  const auto& quantity = t.column("quantity");
  core::require(
      date.type() == data::ColumnType::date && unit.type() == data::ColumnType::enumeration &&
          target.type() == data::ColumnType::enumeration &&
          quantity.type() == data::ColumnType::integer,
      "records as columns need date (date), unit and target (enumerations) and quantity (int)");
  const auto den_index = t.schema().index_of("denominator");
  const auto ent_index = t.schema().index_of("entity_id");
  const data::Column* denominator = den_index ? &t.column(*den_index) : nullptr;
  const data::Column* entity = ent_index ? &t.column(*ent_index) : nullptr;
  const auto& unit_cats = t.schema().field("unit").categories;
  const auto& target_cats = t.schema().field("target").categories;

  std::vector<core::Problem> problems;
  std::size_t dropped = 0;
  auto problem = [&](std::size_t row, const char* field, std::string message) {
    if (problems.size() >= 100) {
      ++dropped;
      return;
    }
    problems.push_back({{}, "row " + std::to_string(row) + "." + field, std::move(message)});
  };

  // Per unit category: the units its code has named, one after another (codes
  // are reused), each with its days, scope and the key it rolls up to. The
  // first is at the category's index, so a code that named one unit costs one
  // look-up per row; `next` chains the later ones.
  struct UnitInfo {
    std::int64_t from = INT64_MIN, to = INT64_MAX;
    Scope scope = Scope::outside;
    bool known = false;
    std::uint32_t next = 0;   // the unit the code named next (index in uinfo), 0: none
    std::uint32_t after = 0;  // `next`, or this unit's own index when there is none (≥ it)
    std::size_t key = 0;
  };
  std::vector<UnitInfo> uinfo(unit_cats.size());
  std::vector<std::string> keys;
  std::map<std::string, std::size_t> key_index;
  const std::int64_t as_of_days = data::to_epoch_days(as_of);
  for (std::size_t u = 0; u < unit_cats.size(); ++u) {
    const core::UnitCode code{unit_cats[u]};
    std::size_t previous = u;
    for (const geo::Unit* g : units.units_with_code(code)) {  // in time order
      UnitInfo info;
      info.known = true;
      if (g->valid.first()) info.from = data::to_epoch_days(*g->valid.first());
      if (g->valid.last()) info.to = data::to_epoch_days(*g->valid.last());
      info.scope = scope_of(units, *g, plan.scope);
      std::string key;
      if (by_unit) {
        // Any day the unit existed gives the same answer.
        key =
            unit_key(units, code,
                     g->valid.last() ? *g->valid.last() : g->valid.first().value_or(as_of), as_of);
      }
      const auto [it, inserted] = key_index.try_emplace(key, keys.size());
      if (inserted) keys.push_back(key);
      info.key = it->second;
      if (!uinfo[u].known) {
        uinfo[u] = info;
      } else {
        uinfo[previous].next = static_cast<std::uint32_t>(uinfo.size());
        previous = uinfo.size();
        uinfo.push_back(info);
      }
    }
  }
  for (std::size_t i = 0; i < uinfo.size(); ++i) {
    uinfo[i].after = uinfo[i].next != 0 ? uinfo[i].next : static_cast<std::uint32_t>(i);
  }
  // Per target category: the plan targets it counts toward.
  std::vector<std::vector<std::size_t>> tinfo(target_cats.size());
  std::vector<bool> tknown(target_cats.size(), false);
  for (std::size_t c = 0; c < target_cats.size(); ++c) {
    for (std::size_t k = 0; k < plan.targets.size(); ++k) {
      if (plan.targets[k].id.value() == target_cats[c]) {
        tinfo[c].push_back(k);
        tknown[c] = true;
      }
    }
    for (const auto& a : plan.activities) {
      if (a.id.value() != target_cats[c]) continue;
      tknown[c] = true;
      for (const auto& tid : a.targets) {
        for (std::size_t k = 0; k < plan.targets.size(); ++k) {
          if (plan.targets[k].id == tid) tinfo[c].push_back(k);
        }
      }
    }
  }
  std::vector<std::int64_t> tfrom(plan.targets.size()), tto(plan.targets.size());
  for (std::size_t k = 0; k < plan.targets.size(); ++k) {
    const auto period = plan.target_period(plan.targets[k].id);
    tfrom[k] = data::to_epoch_days(period.first());
    tto[k] = data::to_epoch_days(period.last());
  }
  const std::int64_t plan_from = data::to_epoch_days(plan.period.first());
  const std::int64_t plan_to = data::to_epoch_days(plan.period.last());
  const std::int64_t p0 = period_index(kind, plan_from);
  const std::size_t periods = static_cast<std::size_t>(period_index(kind, plan_to) - p0 + 1);
  const std::size_t K = std::max<std::size_t>(1, keys.size());
  const std::size_t T = plan.targets.size();
  const auto cell = [&](std::size_t tk, std::size_t key, std::size_t p) {
    return (tk * K + key) * periods + p;
  };

  ColumnAggregate out;
  std::vector<std::int64_t> sum(T * K * periods, 0), den(T * K * periods, 0);
  std::vector<std::size_t> count(T * K * periods, 0);
  std::unordered_set<std::uint64_t> distinct;  // (cell, entity) pairs
  std::vector<std::size_t> anonymous(T * K * periods, 0);
  // latest: per target, unit category (the code, as the records give it) and period, the last
  // (date, value, key).
  struct Last {
    std::int64_t date, value;
    std::size_t key;
  };
  std::map<std::uint64_t, Last> latest;
  const std::int64_t* dates = date.int64_data();
  const std::int64_t* qty = quantity.int64_data();
  for (std::size_t row = 0; row < t.rows(); ++row) {
    if (!date.is_valid(row) || !unit.is_valid(row) || !target.is_valid(row) ||
        !quantity.is_valid(row)) {
      problem(row, "date", "date, unit, target and quantity are required");
      continue;
    }
    const auto u = static_cast<std::size_t>(unit.code_at(row));
    const auto c = static_cast<std::size_t>(target.code_at(row));
    const std::int64_t d = dates[row];
    bool ok = true;
    // The unit the code named on the record's date: a select rather than a branch for the
    // second unit of a reused code (records come in any date order); a loop only from the third.
    std::size_t ui = u + static_cast<std::size_t>(d > uinfo[u].to) * (uinfo[u].after - u);
    while (d > uinfo[ui].to && uinfo[ui].next != 0) ui = uinfo[ui].next;
    if (!uinfo[ui].known || d < uinfo[ui].from || d > uinfo[ui].to) {
      problem(row, "unit",
              units.why_missing(core::UnitCode{unit_cats[u]}, data::from_epoch_days(d)));
      ok = false;
    }
    if (!tknown[c]) {
      problem(
          row, "target",
          "'" + target_cats[c] + "' is neither a target nor an activity of plan '" + plan.id + "'");
      ok = false;
    }
    if (d < plan_from || d > plan_to) {
      problem(row, "date", "the date is outside the plan's period");
      ok = false;
    }
    if (qty[row] < 0) {
      problem(row, "quantity", "a quantity of 0 or more was expected");
      ok = false;
    }
    if (!ok) continue;
    if (uinfo[ui].scope != Scope::inside) {
      (uinfo[ui].scope == Scope::ambiguous ? out.scope_ambiguous : out.out_of_scope) += 1;
      continue;
    }
    if (d > as_of_days) {
      ++out.after_as_of;
      continue;
    }
    const auto p = static_cast<std::size_t>(period_index(kind, d) - p0);
    for (const auto tk : tinfo[c]) {
      if (d < tfrom[tk] || d > tto[tk]) continue;
      const std::size_t i = cell(tk, uinfo[ui].key, p);
      ++count[i];
      switch (plan.targets[tk].aggregation) {
        case plan::Aggregation::sum:
          sum[i] += qty[row];
          break;
        case plan::Aggregation::ratio:
          sum[i] += qty[row];
          den[i] += denominator != nullptr && denominator->is_valid(row)
                        ? denominator->int64_data()[row]
                        : 0;
          break;
        case plan::Aggregation::count_distinct:
          if (entity != nullptr && entity->is_valid(row)) {
            distinct.insert((static_cast<std::uint64_t>(i) << 32U) |
                            static_cast<std::uint32_t>(entity->code_at(row)));
          } else {
            ++anonymous[i];
          }
          break;
        case plan::Aggregation::latest: {
          const std::uint64_t k =
              (static_cast<std::uint64_t>(tk * unit_cats.size() + u) * periods + p);
          const Last last{d, qty[row], uinfo[ui].key};
          const auto [it, inserted] = latest.try_emplace(k, last);
          if (!inserted && d >= it->second.date) it->second = last;
          break;
        }
      }
    }
  }
  if (!problems.empty()) {
    if (dropped > 0)
      problems.push_back({{}, "", "and " + std::to_string(dropped) + " more problems"});
    throw core::ValidationError(std::move(problems));
  }

  // Distinct entities per cell.
  std::vector<std::size_t> distinct_count(T * K * periods, 0);
  std::map<std::size_t, std::vector<std::uint32_t>> entities_of_cell;
  for (const auto v : distinct) {
    const auto i = static_cast<std::size_t>(v >> 32U);
    ++distinct_count[i];
    entities_of_cell[i].push_back(static_cast<std::uint32_t>(v & 0xFFFFFFFFU));
  }
  // Latest: per cell, the sum over unit categories of their last value in the period; year to date
  // carries forward.
  std::vector<std::int64_t> latest_cell(T * K * periods, 0);
  std::vector<std::int64_t> latest_ytd(T * K * periods, 0);
  {
    // (tk,u) -> (p, value, key)
    std::map<std::pair<std::size_t, std::size_t>,
             std::vector<std::tuple<std::size_t, std::int64_t, std::size_t>>>
        per_unit;
    for (const auto& [k, v] : latest) {
      const std::size_t p = static_cast<std::size_t>(k % periods);
      const std::size_t tu = static_cast<std::size_t>(k / periods);
      per_unit[{tu / unit_cats.size(), tu % unit_cats.size()}].emplace_back(p, v.value, v.key);
    }
    for (auto& [tu, list] : per_unit) {
      const auto tk = tu.first;
      std::sort(list.begin(), list.end());
      for (const auto& [p, v, key] : list) latest_cell[cell(tk, key, p)] += v;
      // Year to date: the unit's last value up to each period of the year in which it reported.
      for (std::size_t p = 0; p < periods; ++p) {
        const std::tuple<std::size_t, std::int64_t, std::size_t>* last = nullptr;
        for (const auto& entry : list) {
          const auto q = std::get<0>(entry);
          if (q <= p && year_of_period(kind, p0 + static_cast<std::int64_t>(q)) ==
                            year_of_period(kind, p0 + static_cast<std::int64_t>(p))) {
            last = &entry;
          }
        }
        if (last != nullptr) latest_ytd[cell(tk, std::get<2>(*last), p)] += std::get<1>(*last);
      }
    }
  }
  // Cells: targets in plan order, keys sorted, periods in time order; only periods with records.
  std::vector<std::size_t> key_order(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k) key_order[k] = k;
  std::sort(key_order.begin(), key_order.end(),
            [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  if (keys.empty()) key_order.push_back(0);
  for (std::size_t tk = 0; tk < T; ++tk) {
    const auto agg = plan.targets[tk].aggregation;
    for (const auto key : key_order) {
      std::int64_t ytd_sum = 0, ytd_den = 0;
      std::size_t ytd_anon = 0;
      std::int64_t year = INT64_MIN;
      for (std::size_t p = 0; p < periods; ++p) {
        const std::size_t i = cell(tk, key, p);
        const std::int64_t y = year_of_period(kind, p0 + static_cast<std::int64_t>(p));
        if (y != year) {
          year = y;
          ytd_sum = ytd_den = 0;
          ytd_anon = 0;
        }
        ytd_sum += sum[i];
        ytd_den += den[i];
        ytd_anon += anonymous[i];
        if (count[i] == 0) continue;
        Cell c;
        c.target = plan.targets[tk].id;
        if (by_unit) c.unit = core::UnitCode{keys[key]};
        const auto first_day = [&] {
          const std::int64_t idx = p0 + static_cast<std::int64_t>(p);
          switch (kind) {
            case core::PeriodKind::month:
              return core::make_date(static_cast<int>(idx / 12), static_cast<int>(idx % 12) + 1, 1);
            case core::PeriodKind::quarter:
              return core::make_date(static_cast<int>(idx / 4), static_cast<int>(idx % 4) * 3 + 1,
                                     1);
            case core::PeriodKind::half_year:
              return core::make_date(static_cast<int>(idx / 2), static_cast<int>(idx % 2) * 6 + 1,
                                     1);
            case core::PeriodKind::year:
              return core::make_date(static_cast<int>(idx), 1, 1);
          }
          return core::make_date(static_cast<int>(idx), 1, 1);
        }();
        c.period = core::ReportingPeriod::containing(kind, first_day).label();
        c.records = count[i];
        switch (agg) {
          case plan::Aggregation::sum:
            c.value = static_cast<double>(sum[i]);
            c.year_to_date = static_cast<double>(ytd_sum);
            break;
          case plan::Aggregation::ratio:
            c.value = den[i] == 0
                          ? 0.0
                          : 100.0 * static_cast<double>(sum[i]) / static_cast<double>(den[i]);
            c.year_to_date =
                ytd_den == 0 ? 0.0
                             : 100.0 * static_cast<double>(ytd_sum) / static_cast<double>(ytd_den);
            break;
          case plan::Aggregation::count_distinct: {
            // Year to date: the distinct entities of this year's periods so far.
            std::unordered_set<std::uint32_t> so_far;
            for (std::size_t q = 0; q <= p; ++q) {
              if (year_of_period(kind, p0 + static_cast<std::int64_t>(q)) != y) continue;
              if (const auto it = entities_of_cell.find(cell(tk, key, q));
                  it != entities_of_cell.end()) {
                so_far.insert(it->second.begin(), it->second.end());
              }
            }
            c.value = static_cast<double>(distinct_count[i] + anonymous[i]);
            c.year_to_date = static_cast<double>(so_far.size() + ytd_anon);
            break;
          }
          case plan::Aggregation::latest:
            c.value = static_cast<double>(latest_cell[i]);
            c.year_to_date = static_cast<double>(latest_ytd[i]);
            break;
        }
        out.cells.push_back(std::move(c));
      }
    }
  }
  return out;
}

}  // namespace project8::tracking
