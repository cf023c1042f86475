// The person inputs the C++ rule tests declare (a rule file's `inputs:`
// block, YAML), shared so that every test speaks of the same population.
#pragma once

namespace project8::test {

/// `inputs:` with id, sex, ethnicity, birth_date, poverty, commune_region,
/// village_especially_difficult and anc_visits; a test appends its own text
/// input (indented by two spaces) after it.
inline constexpr const char* kPersonInputs = R"(inputs:
  id: string
  sex: enum(F, M)
  ethnicity: int
  birth_date: date
  poverty: enum(none, near_poor, poor)
  commune_region: int
  village_especially_difficult: bool
  anc_visits: int
)";

}  // namespace project8::test
