// Private: name tables for the plan module's enumerations (shared by the YAML
// and JSON readers and writers).
#pragma once

#include <project8/core/error.hpp>
#include <project8/plan/plan.hpp>

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace project8::plan::detail {

template <class E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

inline constexpr NameTable<ActivityKind, 15> kActivityKinds{{
    {ActivityKind::communication, "communication"}, {ActivityKind::training, "training"},
    {ActivityKind::dialogue, "dialogue"},           {ActivityKind::contest, "contest"},
    {ActivityKind::model_support, "model_support"}, {ActivityKind::policy_package, "policy_package"},
    {ActivityKind::case_support, "case_support"},   {ActivityKind::monitoring, "monitoring"},
    {ActivityKind::inspection, "inspection"},       {ActivityKind::review, "review"},
    {ActivityKind::survey, "survey"},               {ActivityKind::planning, "planning"},
    {ActivityKind::appraisal, "appraisal"},         {ActivityKind::reporting, "reporting"},
    {ActivityKind::other, "other"},
}};
inline constexpr NameTable<Aggregation, 4> kAggregations{{
    {Aggregation::sum, "sum"}, {Aggregation::count_distinct, "count_distinct"},
    {Aggregation::ratio, "ratio"}, {Aggregation::latest, "latest"}}};
inline constexpr NameTable<ModelKind, 5> kModelKinds{{
    {ModelKind::communication_team, "communication_team"},
    {ModelKind::trusted_address, "trusted_address"},
    {ModelKind::change_leaders_club, "change_leaders_club"},
    {ModelKind::livelihood_group, "livelihood_group"},
    {ModelKind::trafficking_victim_livelihood, "trafficking_victim_livelihood"}}};
inline constexpr NameTable<AgencyLevel, 4> kAgencyLevels{{
    {AgencyLevel::central, "central"}, {AgencyLevel::province, "province"},
    {AgencyLevel::district, "district"}, {AgencyLevel::commune, "commune"}}};
inline constexpr NameTable<Role, 2> kRoles{{{Role::lead, "lead"}, {Role::support, "support"}}};
inline constexpr NameTable<Language, 2> kLanguages{{{Language::vi, "vi"}, {Language::en, "en"}}};

template <class E, std::size_t N>
std::string_view name_of(const NameTable<E, N>& table, E value) noexcept {
  for (const auto& [v, n] : table) {
    if (v == value) return n;
  }
  return "?";
}

template <class E, std::size_t N>
E value_of(const NameTable<E, N>& table, std::string_view name, const char* what) {
  std::string allowed;
  for (const auto& [v, n] : table) {
    if (n == name) return v;
    allowed += (allowed.empty() ? "" : ", ") + std::string(n);
  }
  throw core::InvalidArgument("unknown " + std::string(what) + " '" +
                              std::string(name.substr(0, 40)) + "' (expected one of: " + allowed +
                              ")");
}

}  // namespace project8::plan::detail
