// National target programmes and their phases; a plan's programme checked against them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/legal/programme.hpp>
#include <project8/plan/plan.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

const legal::Programmes& bundled() {
  static const auto list =
      legal::Programmes::load(PROJECT8_SOURCE_DIR "/data/legal/programmes.yaml");
  return list;
}

}  // namespace

TEST(Programmes, TheBundledFrameHasNtp1719AndTheMergedProgramme) {
  const auto& list = bundled();
  const auto& phase_1 = list.phase("ntp-1719", 1);
  EXPECT_EQ(phase_1.period,
            core::Period::inclusive(core::make_date(2021, 1, 1), core::make_date(2025, 12, 31)));
  EXPECT_EQ(phase_1.approved_by->instrument.value(), "1719/QĐ-TTg");
  ASSERT_EQ(phase_1.projects.size(), 1U);
  EXPECT_EQ(phase_1.projects[0].number, 8);
  EXPECT_EQ(list.get("ntp-1719").merged_into, "ntp-2026-2035");
  const auto& merged = list.get("ntp-2026-2035");
  EXPECT_EQ(merged.investment_policy->instrument.value(), "257/2025/QH15");
  const auto& new_phase = list.phase("ntp-2026-2035", 1);
  EXPECT_EQ(new_phase.approved_by->instrument.value(), "417/QĐ-BNNMT");
  EXPECT_TRUE(new_phase.projects.empty()) << "whether Project 8 keeps its number was not found";
  EXPECT_THAT(new_phase.note, HasSubstr("was not found"));
  ASSERT_EQ(list.in_force(core::make_date(2025, 9, 1)).size(), 1U);
  EXPECT_EQ(list.in_force(core::make_date(2025, 9, 1))[0]->id, "ntp-1719");
  ASSERT_EQ(list.in_force(core::make_date(2026, 9, 1)).size(), 1U);
  EXPECT_EQ(list.in_force(core::make_date(2026, 9, 1))[0]->id, "ntp-2026-2035");
  EXPECT_THROW((void)list.phase("ntp-1719", 2), core::NotFoundError);
  EXPECT_THROW((void)list.get("ntp-9999"), core::NotFoundError);
}

TEST(Programmes, ProblemsAreLocated) {
  try {
    (void)legal::Programmes::parse(R"(schema: project8/programmes/1
programmes:
  - id: a
    name: {vi: "A"}
    period: {from: 2021-01-01, to: 2025-12-31}
    merged_into: b
    phases:
      - {number: 1, period: {from: 2021-01-01, to: 2026-12-31}}
      - {number: 1, period: {from: 2024-01-01, to: 2025-12-31}, colour: red}
)",
                                   "p.yaml");
    FAIL();
  } catch (const core::InputError& e) {
    const std::string what = e.what();
    EXPECT_THAT(what, HasSubstr("p.yaml:8:9: programmes[0].phases[0].period: the phase "
                                "(2021-01-01..2026-12-31) lies outside the programme"));
    EXPECT_THAT(what, HasSubstr("programmes[0].phases[1].colour: unknown key 'colour'"));
    EXPECT_THAT(what, HasSubstr("programmes[0].phases[1]: phase 1 repeats"));
    EXPECT_THAT(what, HasSubstr("programmes[0].merged_into: unknown programme 'b'"));
  }
}

TEST(Programmes, APlanNamesItsProgrammeAndPhase) {
  const auto tam_duong =
      plan::load_plan(PROJECT8_SOURCE_DIR "/data/plans/tam-duong-2025/plan.yaml");
  ASSERT_TRUE(tam_duong.programme.has_value());
  EXPECT_EQ(*tam_duong.programme, (plan::ProgrammeRef{"ntp-1719", 1}));
  EXPECT_TRUE(plan::check_programme(tam_duong, bundled()).empty());
  EXPECT_EQ(plan::plan_from_json(plan::to_json(tam_duong)), tam_duong);
  // An illustrative 2026 plan of a commune formed on 1/7/2025, under the merged programme.
  const auto p2026 = plan::load_plan(PROJECT8_SOURCE_DIR "/tests/data/plan-2026-illustrative.yaml");
  EXPECT_EQ(p2026.programme->id, "ntp-2026-2035");
  EXPECT_TRUE(plan::check_programme(p2026, bundled()).empty());
  // The same plan under NTP 1719 phase I lies outside the phase; unknown keys are named.
  auto wrong = p2026;
  wrong.programme = plan::ProgrammeRef{"ntp-1719", 1};
  auto problems = plan::check_programme(wrong, bundled());
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].field, "programme.phase");
  EXPECT_THAT(problems[0].message, HasSubstr("2026-01-01..2026-12-31 lies outside phase 1"));
  wrong.programme = plan::ProgrammeRef{"ntp-2026-2035", 2};
  EXPECT_THAT(plan::check_programme(wrong, bundled()).at(0).message, HasSubstr("no phase 2"));
  wrong.programme = plan::ProgrammeRef{"ntp-1", 1};
  EXPECT_THAT(plan::check_programme(wrong, bundled()).at(0).message,
              HasSubstr("unknown programme 'ntp-1' (known: ntp-1719, ntp-2026-2035)"));
}
