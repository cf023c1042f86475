/// \file
/// Progress against the plan's targets as of a date, rolled up through the
/// unit lineage of the 2025 commune mergers.
///
/// Each target adds up the records that count toward it (its own records and
/// those of the activities that count toward it), dated within the target's
/// period and on or before the as-of date, by its declared aggregation:
/// **sum**; **count** of distinct entities (a group supported twice counts
/// once; a record without an entity id counts as its own entity); **ratio**
/// (numerators and denominators summed separately, then divided — never an
/// average of percentages; the value is a percentage); **latest** (a stock:
/// each unit's last value as of the date, summed over units).
///
/// Geography: a record counts toward the plan when its unit lies inside the
/// plan's scope (the former district) — an old commune, or a new unit formed
/// only of old units inside it. A new unit formed partly of units outside the
/// scope is *scope ambiguous*: its records are listed, never silently counted
/// or dropped. Breakdowns by unit use the units that cover each record's unit
/// on the as-of date (the new communes after 1/7/2025).
///
/// Status: `achieved` when achieved ≥ planned; `on_track` when achieved ≥
/// planned × elapsed days ÷ days of the target's period; otherwise `behind`.
///
/// **Example**:
///
///     auto p = project8::tracking::progress(plan, units, records, project8::core::make_date(2025,
///     9, 30)); for (const auto& t : p.targets) std::cout << t.target << ' ' << t.achieved << '/'
///     << t.planned << '\n';
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/reporting_period.hpp>
#include <project8/data/table.hpp>
#include <project8/geo/registry.hpp>
#include <project8/plan/plan.hpp>
#include <project8/tracking/records.hpp>

namespace project8::tracking {

/// Where a target stands.
enum class Status : std::uint8_t {
  achieved,  ///< Achieved ≥ planned.
  on_track,  ///< Ahead of the straight line from the period's start to its end.
  behind,    ///< Below that line.
};

/// The keys and labels of Status (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<Status> kStatusText[] = {
    {Status::achieved, "achieved", "Đạt", "Achieved"},
    {Status::on_track, "on_track", "Đúng tiến độ", "On track"},
    {Status::behind, "behind", "Chậm tiến độ", "Behind"},
};
/// The text table of Status (found by argument-dependent lookup).
constexpr core::EnumInfo<Status> enum_text(Status /*unused*/) noexcept {
  return {"status", kStatusText};
}

/// `achieved`, `on_track` or `behind`.
[[nodiscard]] std::string_view to_string(Status s) noexcept;
/// The label of a status in Vietnamese or English.
[[nodiscard]] const core::LocalizedText& label(Status s) noexcept;

/// Sums of the disaggregation counts of the contributing records.
struct Breakdown {
  std::int64_t female = 0;                    ///< Women and girls.
  std::int64_t male = 0;                      ///< Men and boys.
  std::int64_t ethnic_minority = 0;           ///< Ethnic-minority participants.
  std::int64_t kinh = 0;                      ///< Kinh participants.
  std::size_t records_with_sex = 0;           ///< Records that gave female/male counts.
  std::map<std::string, std::int64_t> other;  ///< Sums of the age_… and role_… counts.

  /// Share of women among participants with a known sex, or nullopt when none.
  [[nodiscard]] std::optional<double> female_share() const noexcept;
};

/// One target's progress (or one target's in one unit).
struct TargetProgress {
  core::TargetId target;                                   ///< The target.
  std::optional<core::UnitCode> unit;                      ///< The unit, in a breakdown by unit.
  plan::Aggregation aggregation = plan::Aggregation::sum;  ///< How it adds up.
  std::int64_t planned = 0;        ///< Planned quantity (a percentage for ratios).
  double achieved = 0;             ///< Achieved (a percentage for ratios).
  std::int64_t numerator = 0;      ///< Ratio targets: summed numerators.
  std::int64_t denominator = 0;    ///< Ratio targets: summed denominators.
  std::optional<double> percent;   ///< achieved ÷ planned × 100; none when planned is 0.
  Status status = Status::behind;  ///< Achieved, on track or behind.
  std::size_t records = 0;         ///< Contributing records.
  Breakdown breakdown;             ///< Participants broken down.
};

/// A record that could not be placed inside the plan's scope.
struct ScopeIssue {
  std::size_t record = 0;         ///< Index in the RecordSet.
  core::SourceLocation location;  ///< Where the record was read.
  core::UnitCode unit;            ///< Its unit.
  std::string kind;               ///< `scope_ambiguous` or `out_of_scope`.
};

/// Progress of every target as of a date.
struct Progress {
  core::Date as_of;                     ///< The as-of date.
  std::vector<TargetProgress> targets;  ///< One per plan target, in plan order.
  std::vector<TargetProgress> by_unit;  ///< Per target and unit (units as of `as_of`).
  std::vector<std::pair<core::AgencyId, TargetProgress>>
      by_agency;                         ///< Per target and agency named by records.
  std::vector<ScopeIssue> scope_issues;  ///< Records not counted, and why.

  /// The progress of target `id`; core::NotFoundError otherwise.
  [[nodiscard]] const TargetProgress& target(std::string_view id) const;
};

/// One cell of an aggregation: a target in a unit (or the plan's scope) over a reporting period.
struct Cell {
  core::TargetId target;  ///< The target.
  std::optional<core::UnitCode>
      unit;                 ///< The unit as of the as-of date; empty for the plan's scope.
  std::string period;       ///< Reporting period label (2025, 2025-H1, 2025-Q3, 2025-07).
  double value = 0;         ///< The period's value by the target's aggregation.
  double year_to_date = 0;  ///< From 1 January to the period's end (same aggregation).
  std::size_t records = 0;  ///< Contributing records in the period.
};

/// Aggregates the records toward each target by reporting period of `kind`
/// (month, quarter, half-year, year), with year-to-date values, for the plan's
/// scope and, when `by_unit`, for each unit as of `as_of`. Only in-scope
/// records dated within the target's period and not after `as_of` count.
[[nodiscard]] std::vector<Cell> aggregate(const plan::Plan& plan, const geo::Registry& units,
                                          const RecordSet& records, core::PeriodKind kind,
                                          core::Date as_of, bool by_unit = false);

/// The result of aggregate_columns(): cells, and the rows that were not counted.
struct ColumnAggregate {
  std::vector<Cell> cells;          ///< As aggregate() gives them.
  std::size_t scope_ambiguous = 0;  ///< Rows whose unit lies partly outside the plan's scope.
  std::size_t out_of_scope = 0;     ///< Rows whose unit lies outside it.
  std::size_t after_as_of = 0;  ///< Rows dated after the as-of date (or outside a target's period).
};

/// aggregate() for large volumes of records held as columns: `date` (date),
/// `unit` and `target` (enumerations whose categories are unit codes and
/// target or activity ids), `quantity` (int), optional `denominator` (int) and
/// `entity_id` (enumeration). Every row is checked as load_records() checks a
/// record (unknown unit or target, unit not valid on the date, outside the
/// plan's period, negative or missing values; not exact duplicates) and the
/// problems (at most 100, each naming the row) are thrown together as a
/// core::ValidationError. Gives the same cells as aggregate() on the same records.
[[nodiscard]] ColumnAggregate aggregate_columns(const plan::Plan& plan, const geo::Registry& units,
                                                const data::Table& records, core::PeriodKind kind,
                                                core::Date as_of, bool by_unit = false);

/// Progress of `plan`'s targets from `records` as of `as_of` (see the file comment).
[[nodiscard]] Progress progress(const plan::Plan& plan, const geo::Registry& units,
                                const RecordSet& records, core::Date as_of);

}  // namespace project8::tracking
