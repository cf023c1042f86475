/// \file
/// Achievement records: what was done, where, when, toward which target or
/// activity — read from CSV and checked against the plan and the unit registry.
///
/// The CSV contract: required columns `date,unit,target,quantity`; optional
/// `female,male,ethnic_minority,kinh,entity_id,denominator,agency,filed,note,source`
/// (`agency`: the plan agency that did it; `filed`: the day the record was
/// reported, for the reporting calendar), and any number of count columns named
/// `age_<group>` (e.g. `age_16_30`) or `role_<role>` (e.g. `role_village_head`,
/// `role_prestigious_person`, `role_commune_official`, `role_member`).
/// `target` names a target or an activity of the plan; `unit` is a commune or
/// village code valid on the record's date (an old or a new code: the 2025
/// mergers are handled by the unit lineage); `denominator` is for ratio targets.
///
/// Loading checks every row and reports every problem at once with its line
/// and column — unknown target or activity, a unit code that did not exist on
/// the record's date, a date outside the plan's period, a negative quantity or
/// count, an exact duplicate of an earlier row — and returns nothing unless the
/// whole file is valid.
///
/// **Example**:
///
///     auto plan = project8::plan::load_plan("data/plans/tam-duong-2025/plan.yaml");
///     auto units = project8::geo::Registry::load("data/geo/lai-chau.yaml");
///     auto records = project8::tracking::load_records("records.csv", plan, units);
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/error.hpp>
#include <project8/core/id.hpp>
#include <project8/data/record.hpp>
#include <project8/geo/registry.hpp>
#include <project8/plan/plan.hpp>

/// Target tracking: achievement records, aggregation, progress against the plan.
namespace project8::tracking {

/// Counts that break a record's participants down (all optional).
struct Disaggregation {
  std::optional<std::int64_t> female;           ///< Women and girls.
  std::optional<std::int64_t> male;             ///< Men and boys.
  std::optional<std::int64_t> ethnic_minority;  ///< Ethnic-minority participants.
  std::optional<std::int64_t> kinh;             ///< Kinh participants.
  /// Further counts by name: `age_<group>` and `role_<role>` columns.
  std::map<std::string, std::int64_t> other;

  /// Disaggregations are equal when every count is.
  friend bool operator==(const Disaggregation&, const Disaggregation&) = default;
};

/// One achievement record.
struct Record {
  core::Date date;            ///< When it happened.
  core::UnitCode unit;        ///< Where: commune or village code valid on `date`.
  std::string target;         ///< Target id or activity id of the plan.
  std::int64_t quantity = 0;  ///< How much (events, groups, numerator of a ratio, stock).
  std::optional<std::int64_t> denominator;  ///< For ratio targets.
  std::string entity_id;  ///< Which entity (e.g. which livelihood group); may be empty.
  Disaggregation counts;  ///< Participants broken down.
  std::optional<core::AgencyId> agency;  ///< The plan agency that did it, if given.
  std::optional<core::Date> filed;       ///< The day it was reported, if known.
  std::string note;                      ///< Free text.
  std::string source;                    ///< Where the record comes from.
  core::SourceLocation location;         ///< File and line it was read from.

  /// Records are equal when their content (not their location) is.
  [[nodiscard]] bool same_content(const Record& other) const;
};

/// The fields of an achievement record, declared once: the records CSV and
/// YAML, the workspace's table, JSON and the Python frame all come from this
/// list (with the open-ended `age_<group>` / `role_<role>` counts).
[[nodiscard]] const data::RecordSchema<Record>& record_schema();

/// Records checked against one plan and one registry.
class RecordSet {
 public:
  /// An empty set.
  RecordSet() = default;
  /// Checks `records` against `plan` and `units` (see the file comment);
  /// core::ValidationError with every problem, nothing kept, otherwise.
  RecordSet(std::vector<Record> records, const plan::Plan& plan, const geo::Registry& units);

  /// The records, in file order.
  [[nodiscard]] const std::vector<Record>& records() const noexcept { return records_; }
  /// Number of records.
  [[nodiscard]] std::size_t size() const noexcept { return records_.size(); }
  /// The targets each record counts toward (its target, or the targets of its activity).
  [[nodiscard]] const std::vector<std::vector<core::TargetId>>& targets_of_records()
      const noexcept {
    return targets_;
  }
  /// What reading changed, in words (units given by a shortened code or by
  /// name, now their codes: geo::Registry::resolve()); empty when nothing.
  [[nodiscard]] const std::vector<core::LocalizedText>& normalised() const noexcept {
    return normalised_;
  }
  /// Cells the CSV held in another accepted form, by column (days written day
  /// first, booleans as yes/có/x): data::ReadNotes::other_forms; empty when none.
  [[nodiscard]] const std::vector<std::pair<std::string, std::size_t>>& other_forms()
      const noexcept {
    return other_forms_;
  }

 private:
  struct Checked {};
  RecordSet(std::vector<Record> records, const plan::Plan& plan, Checked);
  friend RecordSet parse_records(std::string_view, const std::string&, const plan::Plan&,
                                 const geo::Registry&);
  friend RecordSet parse_records_yaml(std::string_view, const std::string&, const plan::Plan&,
                                      const geo::Registry&);

  std::vector<Record> records_;
  std::vector<std::vector<core::TargetId>> targets_;
  std::vector<core::LocalizedText> normalised_;
  std::vector<std::pair<std::string, std::size_t>> other_forms_;
};

/// Every problem `records` have against `plan` and `units` (empty when none).
[[nodiscard]] std::vector<core::Problem> check_records(const std::vector<Record>& records,
                                                       const plan::Plan& plan,
                                                       const geo::Registry& units);

/// Reads records from a CSV file (the contract in the file comment), or from
/// YAML when the name ends in `.yaml`/`.yml`, and checks them.
[[nodiscard]] RecordSet load_records(const std::filesystem::path& path, const plan::Plan& plan,
                                     const geo::Registry& units);
/// Reads records from YAML (schema `project8/records/1`: a `records` list of
/// maps with the CSV contract's fields) and checks them.
[[nodiscard]] RecordSet parse_records_yaml(std::string_view yaml, const std::string& source_name,
                                           const plan::Plan& plan, const geo::Registry& units);

/// As load_records(), from CSV text; `source_name` labels locations.
[[nodiscard]] RecordSet parse_records(std::string_view csv, const std::string& source_name,
                                      const plan::Plan& plan, const geo::Registry& units);

}  // namespace project8::tracking
