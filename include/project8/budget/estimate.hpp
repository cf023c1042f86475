/// \file
/// Cost estimates (dự toán) from spending norms.
///
/// Spending norms (định mức chi) are dated, cited parameters read from a YAML
/// file (schema `project8/norms/1`); each says what one unit of it is (`basis`:
/// per event, per participant, per participant-day, per day, or per unit of
/// something counted such as a visit or a team-year). Quantities say, for the
/// plan's activities, how many events, participants, days or counts each norm
/// applies to (a CSV file). The estimate multiplies them into line items by
/// content area, activity, agency, unit and funding source, with totals. A
/// norm that is missing — unknown, or without a value in force on the
/// estimate's date — is reported and its line left out of the totals, never
/// guessed.
///
/// **Example**:
///
///     using namespace project8;
///     auto plan = plan::load_plan("data/plans/tam-duong-2025/plan.yaml");
///     auto norms = budget::NormSet::load("data/budget/norms-illustrative.yaml");
///     auto quantities = budget::load_quantities("data/budget/tam-duong-2025-quantities.csv");
///     auto e = budget::estimate(plan, norms, quantities, core::make_date(2025, 1, 1));
///     std::cout << e.total << '\n';
///     for (const auto& m : e.missing) std::cerr << m.to_string() << '\n';
///     std::ofstream("du-toan.csv") << report::to_csv(e);   // report/render.hpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/core/id.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/money.hpp>
#include <project8/data/record.hpp>
#include <project8/legal/parameter.hpp>
#include <project8/plan/plan.hpp>

namespace project8::budget {

/// What one unit of a norm is; it decides which quantities multiply.
enum class NormBasis {
  per_event,            ///< events
  per_participant,      ///< events × participants
  per_participant_day,  ///< events × participants × days
  per_day,              ///< events × days
  per_unit,             ///< count (visits, team-years, copies, …; see Norm::per)
};

/// The keys and labels of NormBasis (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<NormBasis> kNormBasisText[] = {
    {NormBasis::per_event, "per_event", "Theo cuộc", "Per event"},
    {NormBasis::per_participant, "per_participant", "Theo người", "Per participant"},
    {NormBasis::per_participant_day, "per_participant_day", "Theo người/ngày",
     "Per participant-day"},
    {NormBasis::per_day, "per_day", "Theo ngày", "Per day"},
    {NormBasis::per_unit, "per_unit", "Theo đơn vị", "Per unit"},
};
/// The text table of NormBasis (found by argument-dependent lookup).
constexpr core::EnumInfo<NormBasis> enum_text(NormBasis /*unused*/) noexcept {
  return {"norm basis", kNormBasisText};
}

/// The name of a basis as written in files (`per_event`, …).
[[nodiscard]] std::string_view to_string(NormBasis b) noexcept;
/// Parses a basis name; core::InvalidArgument listing the valid names otherwise.
[[nodiscard]] NormBasis parse_norm_basis(std::string_view name);

/// A spending norm: a dated, cited rate in đồng per unit of its basis.
struct Norm {
  std::string id;                          ///< Identifier used by quantities.
  core::LocalizedText title;               ///< What it pays for.
  NormBasis basis = NormBasis::per_event;  ///< What one unit is.
  core::LocalizedText per;  ///< For per_unit: what is counted (e.g. "lượt khám" / "visit").
  legal::Parameter<std::int64_t> rate{"", "VND"};  ///< The dated, cited values (đồng).
  std::string note;               ///< Caveats (e.g. "at most 4 visits a pregnancy").
  core::SourceLocation location;  ///< Where it is written.
};

/// A set of spending norms (YAML, schema `project8/norms/1`).
class NormSet {
 public:
  /// Loads a norms file; core::ValidationError with every problem located, core::ParseError when
  /// not YAML.
  [[nodiscard]] static NormSet load(const std::filesystem::path& path);
  /// As load(), from text; `source_name` labels locations.
  [[nodiscard]] static NormSet parse(std::string_view yaml, const std::string& source_name);

  /// The set's name.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// What the set is (e.g. that its values are illustrative).
  [[nodiscard]] const core::LocalizedText& note() const noexcept { return note_; }
  /// The norms in file order.
  [[nodiscard]] const std::vector<Norm>& norms() const noexcept { return norms_; }
  /// The norm `id`, or nullptr.
  [[nodiscard]] const Norm* find(std::string_view id) const noexcept;

 private:
  std::string name_;
  core::LocalizedText note_;
  std::vector<Norm> norms_;
};

/// One row of a quantities file: how much of a norm an activity uses.
struct Quantity {
  core::ActivityId activity;  ///< The plan's activity.
  std::string norm;           ///< The norm's id.
  std::optional<std::int64_t>
      events;  ///< Events (sessions, campaigns); 1 when empty and the basis needs it.
  std::optional<std::int64_t> participants;  ///< Participants per event.
  std::optional<std::int64_t> days;          ///< Days per event.
  std::optional<std::int64_t> count;         ///< Units counted (per_unit norms).
  std::optional<core::AgencyId> agency;      ///< Who spends it; default the activity's lead.
  std::optional<core::UnitCode> unit;        ///< Where; default the plan's scope.
  std::string funding_source;                ///< Default the plan's funding source.
  std::string note;                          ///< Free text.
  core::SourceLocation location;             ///< Its line in the file.
};

/// The fields of a quantity row, declared once (the quantities CSV, its
/// docs table and any other format come from this list).
[[nodiscard]] const data::RecordSchema<Quantity>& quantity_schema();

/// Reads a quantities CSV: `activity,norm` and any of `events, participants,
/// days, count, agency, unit, funding_source, note` (non-negative integers for
/// the quantities). core::ParseError with line and column for bad cells.
[[nodiscard]] std::vector<Quantity> load_quantities(const std::filesystem::path& path);
/// As load_quantities(), from text.
[[nodiscard]] std::vector<Quantity> parse_quantities(std::string_view csv,
                                                     const std::string& source_name);

/// One line item of an estimate.
struct EstimateLine {
  core::ActivityId activity;               ///< The activity.
  std::optional<int> content_area;         ///< Its content area (empty: cross-cutting).
  core::AgencyId agency;                   ///< Who spends it.
  core::LocalizedText agency_name;         ///< Its name, from the plan.
  core::UnitCode unit;                     ///< Where.
  std::string funding_source;              ///< From which source.
  std::string norm;                        ///< The norm's id.
  NormBasis basis = NormBasis::per_event;  ///< The norm's basis.
  std::int64_t quantity = 0;               ///< Units of the basis (the product of the factors).
  std::string quantity_formula;            ///< The factors, e.g. "2 × 40 × 1".
  core::Money rate;                        ///< The norm's rate on the estimate's date.
  legal::Citation source;                  ///< Where the rate comes from.
  legal::ValueStatus status = legal::ValueStatus::provisional;  ///< Verified or provisional.
  core::Money amount;             ///< quantity × rate (overflow-checked).
  std::string note;               ///< From the quantities file.
  core::SourceLocation location;  ///< The quantities row.
};

/// A cost estimate: line items, what is missing, totals.
struct Estimate {
  std::string plan;                    ///< The plan's id.
  core::Date on;                       ///< The date whose norms apply.
  std::string norms;                   ///< The norm set's name.
  std::vector<EstimateLine> lines;     ///< In quantities order.
  std::vector<core::Problem> missing;  ///< Rows left out: norm unknown or without a value in force.
  core::Money total;                   ///< Sum of the lines.
  core::Money provisional;             ///< The part of the total resting on provisional rates.

  /// True when no row was left out.
  [[nodiscard]] bool complete() const noexcept { return missing.empty(); }
  /// Totals by content area (key "1".."4", or "" for cross-cutting work), in key order.
  [[nodiscard]] std::vector<std::pair<std::string, core::Money>> by_content_area() const;
  /// Totals by activity, in first-seen order.
  [[nodiscard]] std::vector<std::pair<std::string, core::Money>> by_activity() const;
  /// Totals by agency, in first-seen order.
  [[nodiscard]] std::vector<std::pair<std::string, core::Money>> by_agency() const;
  /// Totals by funding source, in first-seen order.
  [[nodiscard]] std::vector<std::pair<std::string, core::Money>> by_funding_source() const;
};

/// Estimates `plan` from `quantities` × `norms` on `on`. core::ValidationError
/// (each problem at its row) when a row does not fit the plan (unknown
/// activity or agency) or its norm's basis (a factor it needs is absent or one
/// it does not use is given). Missing norms are listed in Estimate::missing.
[[nodiscard]] Estimate estimate(const plan::Plan& plan, const NormSet& norms,
                                const std::vector<Quantity>& quantities, core::Date on);

}  // namespace project8::budget
