/// \file
/// A Project 8 implementation plan: content areas, activities, agencies and
/// their roles, targets, community models, campaigns and responsibilities.
///
/// Plans are data: they are written in YAML (schema `project8/plan/1`), loaded
/// with load_plan(), which reports every problem at once with file:line:column,
/// and exported to JSON with to_json() (lossless: plan_from_json() gives the
/// same plan back).
///
/// **Example**:
///
///     using namespace project8;
///     plan::Plan p = plan::load_plan(dir + "/plans/tam-duong-2025/plan.yaml");
///     p.target(core::TargetId{"T3"}).planned;                        // 11
///     for (const auto* a : p.activities_of_agency(core::AgencyId{"district_health_centre"}))
///       std::cout << a->title.vi << '\n';
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/core/id.hpp>
#include <project8/core/localized.hpp>
#include <project8/legal/instrument.hpp>
#include <project8/legal/programme.hpp>

/// Plans: content areas, activities, agencies, targets, community models.
namespace project8::plan {

using core::Language;        ///< Moved to core; the plan's name for it.
using core::LocalizedText;   ///< Moved to core; the plan's name for it.
using core::parse_language;  ///< Moved to core.
using core::to_string;       ///< Also names languages.

/// The tier of government an agency belongs to.
enum class AgencyLevel {
  central,   ///< Trung ương.
  province,  ///< Tỉnh.
  district,  ///< Huyện (until 30/6/2025).
  commune,   ///< Xã, phường, thị trấn.
};

/// The keys and labels of AgencyLevel (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<AgencyLevel> kAgencyLevelText[] = {
    {AgencyLevel::central, "central", "Trung ương", "Central"},
    {AgencyLevel::province, "province", "Tỉnh", "Province"},
    {AgencyLevel::district, "district", "Huyện", "District"},
    {AgencyLevel::commune, "commune", "Xã", "Commune"},
};
/// The text table of AgencyLevel (found by argument-dependent lookup).
constexpr core::EnumInfo<AgencyLevel> enum_text(AgencyLevel /*unused*/) noexcept {
  return {"agency level", kAgencyLevelText};
}

/// An agency (cơ quan, đơn vị) named in a plan.
struct Agency {
  core::AgencyId id;                          ///< Identifier used in the plan file.
  LocalizedText name;                         ///< Name in Vietnamese and English.
  AgencyLevel level = AgencyLevel::district;  ///< Its tier.
  /// Agencies are equal when every field is.
  friend bool operator==(const Agency&, const Agency&) = default;
};

/// Whether an agency leads (chủ trì) or supports (phối hợp).
enum class Role {
  lead,     ///< Chủ trì.
  support,  ///< Phối hợp.
};

/// The keys and labels of Role (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<Role> kRoleText[] = {
    {Role::lead, "lead", "Chủ trì", "Lead"},
    {Role::support, "support", "Phối hợp", "Support"},
};
/// The text table of Role (found by argument-dependent lookup).
constexpr core::EnumInfo<Role> enum_text(Role /*unused*/) noexcept {
  return {"role", kRoleText};
}

/// A content area (nội dung) of Project 8, numbered 1–4.
struct ContentArea {
  int number = 0;       ///< 1 to 4.
  LocalizedText title;  ///< Its title.
  /// Content areas are equal when number and title are.
  friend bool operator==(const ContentArea&, const ContentArea&) = default;
};

/// What kind of work an activity is.
enum class ActivityKind {
  communication,   ///< Truyền thông.
  training,        ///< Tập huấn, bồi dưỡng.
  dialogue,        ///< Đối thoại chính sách.
  contest,         ///< Hội thi, liên hoan.
  model_support,   ///< Building, maintaining or supporting a community model.
  policy_package,  ///< The policy packages for safe childbirth and child health.
  case_support,    ///< Detecting and referring victims of violence or trafficking.
  monitoring,      ///< Giám sát, theo dõi, đánh giá.
  inspection,      ///< Kiểm tra.
  review,          ///< Sơ kết, tổng kết, rút kinh nghiệm.
  survey,          ///< Khảo sát, rà soát.
  planning,        ///< Xây dựng kế hoạch.
  appraisal,       ///< Thẩm định (e.g. of the cost estimate).
  reporting,       ///< Báo cáo.
  other,           ///< Anything else.
};

/// The keys and labels of ActivityKind (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<ActivityKind> kActivityKindText[] = {
    {ActivityKind::communication, "communication", "Truyền thông", "Communication"},
    {ActivityKind::training, "training", "Tập huấn", "Training"},
    {ActivityKind::dialogue, "dialogue", "Đối thoại chính sách", "Policy dialogue"},
    {ActivityKind::contest, "contest", "Hội thi, liên hoan", "Contest or festival"},
    {ActivityKind::model_support, "model_support", "Hỗ trợ mô hình", "Model support"},
    {ActivityKind::policy_package, "policy_package", "Gói chính sách", "Policy package"},
    {ActivityKind::case_support, "case_support", "Phát hiện, hỗ trợ nạn nhân",
     "Victim detection and referral"},
    {ActivityKind::monitoring, "monitoring", "Giám sát, đánh giá", "Monitoring and evaluation"},
    {ActivityKind::inspection, "inspection", "Kiểm tra", "Inspection"},
    {ActivityKind::review, "review", "Sơ kết, tổng kết", "Review"},
    {ActivityKind::survey, "survey", "Khảo sát, rà soát", "Survey"},
    {ActivityKind::planning, "planning", "Xây dựng kế hoạch", "Planning"},
    {ActivityKind::appraisal, "appraisal", "Thẩm định", "Appraisal"},
    {ActivityKind::reporting, "reporting", "Báo cáo", "Reporting"},
    {ActivityKind::other, "other", "Khác", "Other"},
};
/// The text table of ActivityKind (found by argument-dependent lookup).
constexpr core::EnumInfo<ActivityKind> enum_text(ActivityKind /*unused*/) noexcept {
  return {"activity kind", kActivityKindText};
}

/// How a target's achievements add up.
enum class Aggregation {
  sum,             ///< Quantities add up (trainings held).
  count_distinct,  ///< Distinct entities count once (a group supported twice counts once).
  ratio,           ///< Numerators and denominators add up separately, then divide.
  latest,          ///< A stock: the last value as of the date.
};

/// The keys and labels of Aggregation (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<Aggregation> kAggregationText[] = {
    {Aggregation::sum, "sum", "Cộng dồn", "Sum"},
    {Aggregation::count_distinct, "count_distinct", "Đếm không trùng", "Distinct count"},
    {Aggregation::ratio, "ratio", "Tỷ lệ", "Ratio"},
    {Aggregation::latest, "latest", "Số liệu mới nhất", "Latest"},
};
/// The text table of Aggregation (found by argument-dependent lookup).
constexpr core::EnumInfo<Aggregation> enum_text(Aggregation /*unused*/) noexcept {
  return {"aggregation", kAggregationText};
}

/// A campaign or memorable day named in the plan (e.g. Vietnamese Family Day, 28/6).
struct Campaign {
  std::string id;                  ///< Identifier used by schedules.
  LocalizedText name;              ///< Its name.
  std::optional<core::Date> date;  ///< A single day, in the plan year.
  std::optional<int> month;        ///< A whole month (action months), 1–12.
  /// Campaigns are equal when every field is.
  friend bool operator==(const Campaign&, const Campaign&) = default;
};

/// When an activity happens: a month, a day, a period, or a campaign of the plan.
struct ScheduleItem {
  std::optional<int> month;             ///< A month of the plan year, 1–12.
  std::optional<core::Date> date;       ///< A day.
  std::optional<core::Period> period;   ///< A period (files: `from` and `to`, both included).
  std::optional<std::string> campaign;  ///< Id of a Campaign, if the schedule names one.
  /// Items are equal when every field is.
  friend bool operator==(const ScheduleItem&, const ScheduleItem&) = default;
};

/// An activity (hoạt động) of the plan.
struct Activity {
  core::ActivityId id;                      ///< Identifier, e.g. "A3.1".
  std::optional<int> content_area;          ///< 1–4; empty for cross-cutting work (section V).
  ActivityKind kind = ActivityKind::other;  ///< What kind of work it is.
  LocalizedText title;                      ///< Short title.
  LocalizedText description;                ///< What the plan says, in full.
  std::optional<core::AgencyId> lead;       ///< The lead agency (chủ trì).
  std::vector<core::AgencyId> support;      ///< Supporting agencies (phối hợp).
  std::vector<ScheduleItem> schedule;       ///< When it happens (empty: through the year).
  std::vector<core::TargetId> targets;      ///< Targets it counts toward.
  std::vector<std::string> models;          ///< Community models it works with.
  std::vector<std::string> topics;          ///< Topics (e.g. child_marriage, home_birth).
  /// Activities are equal when every field is.
  friend bool operator==(const Activity&, const Activity&) = default;
};

/// A quantified target (chỉ tiêu) of the plan.
struct Target {
  core::TargetId id;                    ///< Identifier, e.g. "T3".
  std::optional<int> content_area;      ///< The content area it belongs to.
  LocalizedText title;                  ///< What is to be achieved.
  LocalizedText indicator;              ///< How it is measured.
  LocalizedText unit;                   ///< Unit of the quantity (e.g. "cuộc" / "dialogue").
  std::int64_t planned = 0;             ///< Planned quantity (≥ 0).
  std::optional<core::Period> period;   ///< Period of the target (default: the plan's).
  std::optional<core::UnitCode> scope;  ///< Administrative scope (default: the plan's).
  Aggregation aggregation = Aggregation::sum;  ///< How achievements add up.
  std::vector<std::string> disaggregations;    ///< Expected breakdowns (sex, ethnicity, …).
  /// Targets are equal when every field is.
  friend bool operator==(const Target&, const Target&) = default;
};

/// The kinds of community model Project 8 builds.
enum class ModelKind {
  communication_team,             ///< Tổ truyền thông cộng đồng.
  trusted_address,                ///< Địa chỉ tin cậy.
  change_leaders_club,            ///< CLB "Thủ lĩnh của sự thay đổi".
  livelihood_group,               ///< Tổ nhóm sinh kế, tổ hợp tác, hợp tác xã.
  trafficking_victim_livelihood,  ///< Livelihood and reintegration for trafficking victims.
};

/// The keys and labels of ModelKind (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<ModelKind> kModelKindText[] = {
    {ModelKind::communication_team, "communication_team", "Tổ truyền thông cộng đồng",
     "Community communication team"},
    {ModelKind::trusted_address, "trusted_address", "Địa chỉ tin cậy", "Trusted address"},
    {ModelKind::change_leaders_club, "change_leaders_club", "CLB Thủ lĩnh của sự thay đổi",
     "Change leaders club"},
    {ModelKind::livelihood_group, "livelihood_group", "Tổ nhóm sinh kế", "Livelihood group"},
    {ModelKind::trafficking_victim_livelihood, "trafficking_victim_livelihood",
     "Sinh kế cho nạn nhân mua bán người", "Livelihood for trafficking victims"},
};
/// The text table of ModelKind (found by argument-dependent lookup).
constexpr core::EnumInfo<ModelKind> enum_text(ModelKind /*unused*/) noexcept {
  return {"model kind", kModelKindText};
}

/// A named option (an attribute, a form or a kind of support) with labels.
struct Option {
  std::string id;       ///< Identifier.
  LocalizedText label;  ///< Label in Vietnamese and English.
  /// Options are equal when id and label are.
  friend bool operator==(const Option&, const Option&) = default;
};

/// A community model and its attributes.
struct CommunityModel {
  std::string id;                                  ///< Identifier used by activities.
  ModelKind kind = ModelKind::communication_team;  ///< Which model.
  LocalizedText name;                              ///< Its name.
  LocalizedText description;                       ///< What it is for.
  bool pilot = false;                              ///< A pilot model (thí điểm).
  std::vector<Option> attributes;                  ///< What is recorded about each instance.
  std::vector<Option> forms;          ///< Forms it takes (group, cooperative group, cooperative).
  std::vector<Option> support_kinds;  ///< Kinds of support it receives.
  /// Models are equal when every field is.
  friend bool operator==(const CommunityModel&, const CommunityModel&) = default;
};

/// An agency's role in a responsibility group.
struct AgencyRole {
  core::AgencyId agency;      ///< The agency.
  Role role = Role::support;  ///< Lead or support.
  /// Equal when both fields are.
  friend bool operator==(const AgencyRole&, const AgencyRole&) = default;
};

/// One numbered group of section V "Tổ chức thực hiện" (who does what).
struct Responsibility {
  int number = 0;                            ///< Its number in the plan (1–9).
  std::vector<AgencyRole> agencies;          ///< Agencies and their roles.
  std::vector<LocalizedText> duties;         ///< Their duties, as the plan states them.
  std::vector<core::ActivityId> activities;  ///< Activities that carry the duties out.
  /// Equal when every field is.
  friend bool operator==(const Responsibility&, const Responsibility&) = default;
};

/// Where the plan's money comes from and to whom it is allocated.
struct Funding {
  LocalizedText description;               ///< As the plan states it.
  std::string source;                      ///< e.g. "state_budget".
  int year = 0;                            ///< Budget year.
  std::vector<core::AgencyId> recipients;  ///< Agencies the funds are allocated to.
  /// Equal when every field is.
  friend bool operator==(const Funding&, const Funding&) = default;
};

/// The programme and phase a plan belongs to (keys of legal::Programmes).
struct ProgrammeRef {
  std::string id;  ///< The programme, e.g. "ntp-1719".
  int phase = 1;   ///< Its phase, 1 for phase I.
  /// Equal when both fields are.
  friend bool operator==(const ProgrammeRef&, const ProgrammeRef&) = default;
};

/// The person who signed the plan.
struct Signatory {
  std::string name;     ///< Name.
  LocalizedText title;  ///< Position (e.g. Phó Chủ tịch).
  /// Equal when both fields are.
  friend bool operator==(const Signatory&, const Signatory&) = default;
};

/// A whole implementation plan.
struct Plan {
  /// A plan of `year` covering `period`: both are required (there is no
  /// default plan period). The readers (load_plan(), plan_from_json()) make it.
  Plan(int plan_year, core::Period days) : year(plan_year), period(days) {}

  std::string id;                                ///< Identifier of the plan.
  LocalizedText title;                           ///< Title.
  LocalizedText program;                         ///< The national target program, as worded.
  std::optional<ProgrammeRef> programme;         ///< The programme and phase, as keys.
  LocalizedText project;                         ///< The project (Dự án 8 …).
  core::AgencyId issuer;                         ///< Issuing agency (an id in `agencies`).
  core::UnitCode scope;                          ///< Administrative unit the plan covers.
  int year;                                      ///< Plan year.
  core::Period period;                           ///< Days the plan covers.
  std::optional<core::Date> signed_on;           ///< Signing date, if known.
  std::string number;                            ///< Its document number, if known.
  Signatory signatory;                           ///< Who signed it.
  std::vector<legal::Citation> legal_bases;      ///< Căn cứ: the instruments it is based on.
  std::vector<legal::Citation> references;       ///< Other instruments it relies on.
  std::vector<legal::Instrument> instruments;    ///< Records of the instruments cited.
  LocalizedText purpose;                         ///< I.1 Mục đích.
  LocalizedText requirements;                    ///< I.2 Yêu cầu.
  Funding funding;                               ///< IV. Kinh phí.
  std::vector<Agency> agencies;                  ///< Every agency named.
  std::vector<ContentArea> content_areas;        ///< Content areas 1–4.
  std::vector<Target> targets;                   ///< II. Chỉ tiêu.
  std::vector<Activity> activities;              ///< III. Activities (and section V's own work).
  std::vector<CommunityModel> models;            ///< Community models.
  std::vector<Campaign> campaigns;               ///< Campaigns and memorable days.
  std::vector<Responsibility> responsibilities;  ///< V. Who does what.

  /// The agency with `wanted`; NotFoundError otherwise.
  [[nodiscard]] const Agency& agency(const core::AgencyId& wanted) const;
  /// The activity with `wanted`; NotFoundError otherwise.
  [[nodiscard]] const Activity& activity(const core::ActivityId& wanted) const;
  /// The target with `wanted`; NotFoundError otherwise.
  [[nodiscard]] const Target& target(const core::TargetId& wanted) const;
  /// The content area numbered `wanted_number`; NotFoundError otherwise.
  [[nodiscard]] const ContentArea& content_area(int wanted_number) const;
  /// The model with `wanted`; NotFoundError otherwise.
  [[nodiscard]] const CommunityModel& model(const std::string& wanted) const;
  /// The campaign with `wanted`; NotFoundError otherwise.
  [[nodiscard]] const Campaign& campaign(const std::string& wanted) const;

  /// Activities the agency leads or supports (or only those with `role`).
  [[nodiscard]] std::vector<const Activity*> activities_of_agency(
      const core::AgencyId& wanted, std::optional<Role> role = {}) const;
  /// Activities of content area `wanted_number`.
  [[nodiscard]] std::vector<const Activity*> activities_in_content_area(int wanted_number) const;
  /// Activities scheduled in `month` (1–12) of the plan year: by month, by a
  /// day or period in that month, or by a campaign in that month.
  [[nodiscard]] std::vector<const Activity*> activities_in_month(int month) const;
  /// Activities that count toward target `wanted`.
  [[nodiscard]] std::vector<const Activity*> activities_toward(const core::TargetId& wanted) const;
  /// Targets of content area `wanted_number`.
  [[nodiscard]] std::vector<const Target*> targets_of_content_area(int wanted_number) const;
  /// Targets activity `wanted` counts toward.
  [[nodiscard]] std::vector<const Target*> targets_of(const core::ActivityId& wanted) const;
  /// The period of target `wanted`: its own, else the plan's.
  [[nodiscard]] core::Period target_period(const core::TargetId& wanted) const;

  /// Plans are equal when every field is.
  friend bool operator==(const Plan&, const Plan&) = default;
};

/// Every problem of a plan's content: duplicate ids, dangling references,
/// negative quantities, schedule days outside the plan period, content areas
/// outside 1–4. Field paths name each problem (e.g. `activities[3].lead`).
[[nodiscard]] std::vector<core::Problem> validate(const Plan& plan);

/// The problems of a plan's programme against `programmes`: an unknown
/// programme or phase, or a plan period outside the phase (field `programme`).
/// A plan that names no programme has none.
[[nodiscard]] std::vector<core::Problem> check_programme(const Plan& plan,
                                                         const legal::Programmes& programmes);

/// Loads a plan from a YAML file; ParseError or ValidationError listing
/// every problem with file:line:column. Nothing is half-loaded.
[[nodiscard]] Plan load_plan(const std::filesystem::path& path);
/// As load_plan(), from text; `source_name` labels locations.
[[nodiscard]] Plan parse_plan(std::string_view yaml, const std::string& source_name);
/// The whole plan as JSON (UTF-8), indented by `indent` spaces (-1: compact).
[[nodiscard]] std::string to_json(const Plan& plan, int indent = 2);
/// A plan from the JSON that to_json() writes; validated like a YAML plan.
[[nodiscard]] Plan plan_from_json(std::string_view json, const std::string& source_name = "json");

/// The snake_case name of an activity kind.
[[nodiscard]] std::string_view to_string(ActivityKind kind) noexcept;
/// The snake_case name of an aggregation kind.
[[nodiscard]] std::string_view to_string(Aggregation kind) noexcept;
/// The snake_case name of a model kind.
[[nodiscard]] std::string_view to_string(ModelKind kind) noexcept;
/// The snake_case name of an agency level.
[[nodiscard]] std::string_view to_string(AgencyLevel level) noexcept;
/// `lead` or `support`.
[[nodiscard]] std::string_view to_string(Role role) noexcept;
/// Bilingual label of an activity kind (e.g. "Tập huấn" / "Training").
[[nodiscard]] const LocalizedText& label(ActivityKind kind) noexcept;
/// Bilingual label of a role ("Chủ trì" / "Lead", "Phối hợp" / "Support").
[[nodiscard]] const LocalizedText& label(Role role) noexcept;

}  // namespace project8::plan
