// Progress against targets: aggregation by declared kind, lineage roll-up, status.
#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "scope.hpp"
#include <project8/tracking/progress.hpp>

namespace project8::tracking {

namespace {

using detail::Scope;
using detail::scope_of;
using detail::unit_key;

/// Accumulates one target's records.
struct Accumulator {
  plan::Aggregation kind = plan::Aggregation::sum;
  std::int64_t sum = 0;
  std::int64_t denominator = 0;
  std::set<std::string> entities;
  std::size_t anonymous = 0;  // records without an entity id
  std::map<std::string, std::pair<core::Date, std::int64_t>>
      latest;  // per unit: last date and value
  std::size_t records = 0;
  Breakdown breakdown;
  double ytd_snapshot = 0;  // aggregate(): the year-to-date value after this period's last record

  void add(const Record& r) {
    ++records;
    switch (kind) {
      case plan::Aggregation::sum:
        sum += r.quantity;
        break;
      case plan::Aggregation::count_distinct:
        if (r.entity_id.empty())
          ++anonymous;
        else
          entities.insert(r.entity_id);
        break;
      case plan::Aggregation::ratio:
        sum += r.quantity;
        denominator += r.denominator.value_or(0);
        break;
      case plan::Aggregation::latest: {
        auto& slot = latest[r.unit.value()];
        if (slot.first.is_special() || r.date >= slot.first) slot = {r.date, r.quantity};
        break;
      }
    }
    if (r.counts.female || r.counts.male) {
      breakdown.female += r.counts.female.value_or(0);
      breakdown.male += r.counts.male.value_or(0);
      ++breakdown.records_with_sex;
    }
    breakdown.ethnic_minority += r.counts.ethnic_minority.value_or(0);
    breakdown.kinh += r.counts.kinh.value_or(0);
    for (const auto& [name, count] : r.counts.other) breakdown.other[name] += count;
  }

  [[nodiscard]] double value() const {
    switch (kind) {
      case plan::Aggregation::sum:
        return static_cast<double>(sum);
      case plan::Aggregation::count_distinct:
        return static_cast<double>(entities.size() + anonymous);
      case plan::Aggregation::ratio:
        return denominator == 0
                   ? 0.0
                   : 100.0 * static_cast<double>(sum) / static_cast<double>(denominator);
      case plan::Aggregation::latest: {
        std::int64_t total = 0;
        for (const auto& [unit, v] : latest) total += v.second;
        return static_cast<double>(total);
      }
    }
    return 0;
  }
};

Status status_of(double achieved, std::int64_t planned, const core::Period& period,
                 core::Date as_of) {
  if (achieved >= static_cast<double>(planned)) return Status::achieved;
  const double days = static_cast<double>(period.length_days());
  const double elapsed = as_of < period.first() ? 0.0
                         : as_of > period.last()
                             ? days
                             : static_cast<double>(core::days_between(period.first(), as_of) + 1);
  return achieved >= static_cast<double>(planned) * elapsed / days ? Status::on_track
                                                                   : Status::behind;
}

TargetProgress finish(const plan::Target& t, const Accumulator& a, const core::Period& period,
                      core::Date as_of) {
  TargetProgress p;
  p.target = t.id;
  p.aggregation = t.aggregation;
  p.planned = t.planned;
  p.achieved = a.value();
  if (t.aggregation == plan::Aggregation::ratio) {
    p.numerator = a.sum;
    p.denominator = a.denominator;
  }
  if (t.planned > 0) p.percent = 100.0 * p.achieved / static_cast<double>(t.planned);
  p.status = status_of(p.achieved, t.planned, period, as_of);
  p.records = a.records;
  p.breakdown = a.breakdown;
  return p;
}

}  // namespace

std::string_view to_string(Status s) noexcept {
  return core::key(s);
}

const core::LocalizedText& label(Status s) noexcept {
  return core::localized(s);
}

std::optional<double> Breakdown::female_share() const noexcept {
  const auto known = female + male;
  if (known <= 0) return std::nullopt;
  return static_cast<double>(female) / static_cast<double>(known);
}

const TargetProgress& Progress::target(std::string_view id) const {
  for (const auto& t : targets) {
    if (t.target.value() == id) return t;
  }
  throw core::NotFoundError("no target '" + std::string(id) + "' in the progress");
}

Progress progress(const plan::Plan& plan, const geo::Registry& units, const RecordSet& records,
                  core::Date as_of) {
  core::require(!as_of.is_special(), "as_of must be a real date");
  Progress out;
  out.as_of = as_of;
  // Scope of each record (once).
  std::vector<Scope> scope(records.size(), Scope::outside);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& r = records.records()[i];
    const auto* unit = units.find(r.unit, r.date);
    scope[i] = unit != nullptr ? scope_of(units, *unit, plan.scope) : Scope::outside;
    if (scope[i] != Scope::inside) {
      out.scope_issues.push_back(
          {i, r.location, r.unit,
           scope[i] == Scope::ambiguous ? "scope_ambiguous" : "out_of_scope"});
    }
  }
  for (const auto& t : plan.targets) {
    const core::Period period = plan.target_period(t.id);
    Accumulator total;
    total.kind = t.aggregation;
    std::map<std::string, Accumulator> per_unit;
    std::map<std::string, Accumulator> per_agency;
    for (std::size_t i = 0; i < records.size(); ++i) {
      const Record& r = records.records()[i];
      const auto& ts = records.targets_of_records()[i];
      if (std::find(ts.begin(), ts.end(), t.id) == ts.end()) continue;
      if (scope[i] != Scope::inside || r.date > as_of || !period.contains(r.date)) continue;
      total.add(r);
      // The unit that covers the record's unit on the as-of date (after a merger: the new commune).
      auto& acc = per_unit[unit_key(units, r.unit, r.date, as_of)];
      acc.kind = t.aggregation;
      acc.add(r);
      if (r.agency) {
        auto& by = per_agency[r.agency->value()];
        by.kind = t.aggregation;
        by.add(r);
      }
    }
    out.targets.push_back(finish(t, total, period, as_of));
    for (const auto& [agency, acc] : per_agency) {
      auto p = finish(t, acc, period, as_of);
      p.planned = 0;
      p.percent.reset();
      out.by_agency.emplace_back(core::AgencyId{agency}, std::move(p));
    }
    for (const auto& [unit, acc] : per_unit) {
      auto p = finish(t, acc, period, as_of);
      p.unit = core::UnitCode{unit};
      p.planned = 0;  // plans give no per-unit quantities
      p.percent.reset();
      out.by_unit.push_back(std::move(p));
    }
  }
  return out;
}

std::vector<Cell> aggregate(const plan::Plan& plan, const geo::Registry& units,
                            const RecordSet& records, core::PeriodKind kind, core::Date as_of,
                            bool by_unit) {
  core::require(!as_of.is_special(), "as_of must be a real date");
  std::vector<Scope> scope(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& r = records.records()[i];
    const auto* unit = units.find(r.unit, r.date);
    scope[i] = unit != nullptr ? scope_of(units, *unit, plan.scope) : Scope::outside;
  }
  std::vector<Cell> out;
  for (const auto& t : plan.targets) {
    const core::Period period = plan.target_period(t.id);
    // Contributing records of this target, in date order, with the unit key they roll up to.
    std::vector<std::pair<std::size_t, std::string>> rows;
    for (std::size_t i = 0; i < records.size(); ++i) {
      const Record& r = records.records()[i];
      const auto& ts = records.targets_of_records()[i];
      if (std::find(ts.begin(), ts.end(), t.id) == ts.end()) continue;
      if (scope[i] != Scope::inside || r.date > as_of || !period.contains(r.date)) continue;
      std::string unit;
      if (by_unit) unit = unit_key(units, r.unit, r.date, as_of);
      rows.emplace_back(i, std::move(unit));
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
      return records.records()[a.first].date < records.records()[b.first].date;
    });
    // Per unit key: the period accumulators in time order and a year-to-date one.
    struct Track {
      std::vector<std::pair<core::ReportingPeriod, Accumulator>> periods;
      Accumulator ytd;
      int ytd_year = 0;
    };
    std::map<std::string, Track> tracks;
    for (const auto& [i, unit] : rows) {
      const Record& r = records.records()[i];
      Track& tr = tracks[unit];
      const auto rp = core::ReportingPeriod::containing(kind, r.date);
      if (tr.periods.empty() || !(tr.periods.back().first == rp)) {
        if (tr.ytd_year != rp.year()) {
          tr.ytd = Accumulator{};
          tr.ytd.kind = t.aggregation;
          tr.ytd_year = rp.year();
        }
        tr.periods.emplace_back(rp, Accumulator{});
        tr.periods.back().second.kind = t.aggregation;
      }
      tr.periods.back().second.add(r);
      tr.ytd.add(r);
      tr.periods.back().second.ytd_snapshot = tr.ytd.value();  // the running year-to-date value
    }
    for (const auto& [unit, track] : tracks) {  // units in code order
      for (const auto& [rp, acc] : track.periods) {
        Cell c;
        c.target = t.id;
        if (by_unit) c.unit = core::UnitCode{unit};
        c.period = rp.label();
        c.value = acc.value();
        c.year_to_date = acc.ytd_snapshot;
        c.records = acc.records;
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

}  // namespace project8::tracking
