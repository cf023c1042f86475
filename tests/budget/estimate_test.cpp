// Cost estimates: norms as dated cited data, quantities × norms, missing norms
// reported not guessed, rows that do not fit rejected with their line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/bundled.hpp"
#include "support/expect.hpp"
#include <project8/budget/estimate.hpp>
#include <project8/core/error.hpp>
#include <project8/report/render.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

using test::tam_duong;

const char* kNorms = R"(schema: project8/norms/1
name: test
norms:
  - id: anc
    title: {vi: "Đi lại khám thai", en: "ANC travel"}
    basis: per_unit
    per: {vi: "lượt", en: "visit"}
    values:
      - {from: 2023-08-15, value: 100000, source: "55/2023/TT-BTC", status: verified}
  - id: train
    title: {vi: "Tập huấn", en: "Training"}
    basis: per_participant_day
    values:
      - {from: 2022-01-01, to: 2024-12-31, value: 100000, source: X, status: provisional}
      - {from: 2025-01-01, value: 150000, source: X, status: provisional}
  - id: old
    title: {vi: "Cũ", en: "Old"}
    basis: per_event
    values:
      - {from: 2020-01-01, to: 2021-12-31, value: 1, source: X, status: provisional}
)";

}  // namespace

TEST(Norms, LoadDatedCitedValues) {
  const auto n = budget::NormSet::parse(kNorms, "n.yaml");
  ASSERT_EQ(n.norms().size(), 3U);
  EXPECT_EQ(n.find("train")->basis, budget::NormBasis::per_participant_day);
  EXPECT_EQ(n.find("train")->rate.at(core::make_date(2024, 6, 1)).value, 100000);
  EXPECT_EQ(n.find("train")->rate.at(core::make_date(2025, 6, 1)).value, 150000);
  EXPECT_EQ(n.find("anc")->per.en, "visit");
  EXPECT_EQ(n.find("nope"), nullptr);
}

TEST(Norms, EveryProblemLocated) {
  try {
    (void)budget::NormSet::parse(R"(schema: project8/norms/1
name: bad
norms:
  - id: a
    basis: per_week
    values: [{from: 2025-01-01, value: 1, source: X, status: verified}]
  - id: a
    basis: per_event
    values: [{from: 2025-01-01, value: -5, source: X, status: verified}]
  - id: c
    basis: per_event
    values: []
)",
                                 "bad.yaml");
    FAIL() << "expected errors";
  } catch (const core::ValidationError& e) {
    const std::string all = e.what();
    test::expect_mentions(
        all, {"per_week", "appears twice", "negative", "at least one value", "bad.yaml:5"});
  }
}

TEST(Quantities, BadCellsNameLineAndColumn) {
  try {
    (void)budget::parse_quantities("activity,norm,events\nA1.3,train,x\n", "q.csv");
    FAIL();
  } catch (const core::ParseError& e) {
    EXPECT_THAT(e.what(), HasSubstr("q.csv:2:3"));
  }
  try {
    (void)budget::parse_quantities("activity,norm,count\nA1.3,train,-2\n,anc,1\n", "q.csv");
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 2U);
    EXPECT_EQ(e.problems()[0].location.to_string(), "q.csv:2:3");
    EXPECT_EQ(e.problems()[1].location.to_string(), "q.csv:3:1");
    EXPECT_EQ(e.problems()[1].field, "activity");
    EXPECT_THAT(e.problems()[1].message, HasSubstr("a value is required"));
  }
}

TEST(Estimate, MultipliesQuantitiesByNormsInForce) {
  const auto norms = budget::NormSet::parse(kNorms, "n.yaml");
  const auto q = budget::parse_quantities(
      "activity,norm,events,participants,days,count,agency,funding_source\n"
      "A1.3,train,2,40,1,,,\n"
      "A1.6,anc,,,,400,commune_health_stations,\n"
      "V.2,train,,3,2,,,local_budget\n",
      "q.csv");
  const auto e = budget::estimate(tam_duong(), norms, q, core::make_date(2025, 1, 1));
  ASSERT_EQ(e.lines.size(), 3U);
  EXPECT_TRUE(e.complete());
  EXPECT_EQ(e.lines[0].quantity, 80);
  EXPECT_EQ(e.lines[0].quantity_formula, "2 × 40 × 1");
  EXPECT_EQ(e.lines[0].amount, core::Money::vnd(12'000'000));  // 2025 rate: 150.000
  EXPECT_EQ(e.lines[0].content_area, 1);
  EXPECT_EQ(e.lines[0].agency.value(), "district_womens_union");  // the activity's lead
  EXPECT_EQ(e.lines[0].funding_source, "state_budget");           // the plan's source
  EXPECT_EQ(e.lines[1].amount, core::Money::vnd(40'000'000));
  EXPECT_EQ(e.lines[1].status, legal::ValueStatus::verified);
  EXPECT_EQ(e.lines[1].agency.value(), "commune_health_stations");
  EXPECT_EQ(e.lines[2].quantity, 6);  // events default to 1
  EXPECT_EQ(e.lines[2].funding_source, "local_budget");
  EXPECT_EQ(e.total, core::Money::vnd(12'000'000 + 40'000'000 + 900'000));
  EXPECT_EQ(e.provisional, core::Money::vnd(12'900'000));
  const auto areas = e.by_content_area();
  ASSERT_EQ(areas.size(), 2U);
  EXPECT_EQ(areas[0].first, "");  // cross-cutting V.2
  EXPECT_EQ(areas[1].second, core::Money::vnd(52'000'000));
  EXPECT_EQ(e.by_funding_source().size(), 2U);
  // The same rows a year earlier use the 2024 rate.
  EXPECT_EQ(budget::estimate(tam_duong(), norms, q, core::make_date(2024, 1, 1)).lines[0].amount,
            core::Money::vnd(8'000'000));
  const auto j = nlohmann::json::parse(report::to_json(e));
  EXPECT_EQ(j["total"], 52'900'000);
  EXPECT_EQ(j["lines"][1]["line"], 3);
  EXPECT_THAT(report::to_csv(e, core::Language::en), HasSubstr("1,A1.3,district_womens_union,"));
  EXPECT_THAT(report::to_text(e, core::Language::vi), HasSubstr("52.900.000 đ"));
}

TEST(Estimate, MissingNormsAreReportedNeverGuessed) {
  const auto norms = budget::NormSet::parse(kNorms, "n.yaml");
  const auto q = budget::parse_quantities(
      "activity,norm,count,events\nA1.6,delivery_support,100,\nA1.6,anc,4,\nA1.2,old,,1\n",
      "q.csv");
  const auto e = budget::estimate(tam_duong(), norms, q, core::make_date(2025, 1, 1));
  EXPECT_FALSE(e.complete());
  ASSERT_EQ(e.missing.size(), 2U);
  EXPECT_THAT(e.missing[0].to_string(), HasSubstr("q.csv:2"));
  EXPECT_THAT(e.missing[0].message, HasSubstr("delivery_support"));
  EXPECT_THAT(e.missing[1].message, HasSubstr("no value in force on 2025-01-01"));
  EXPECT_EQ(e.total, core::Money::vnd(400'000));
  EXPECT_THAT(report::to_text(e, core::Language::en),
              HasSubstr("Missing norms (left out of the total): 2"));
}

TEST(Estimate, RowsThatDoNotFitAreRejectedWithTheirLine) {
  const auto norms = budget::NormSet::parse(kNorms, "n.yaml");
  const auto q = budget::parse_quantities(
      "activity,norm,events,participants,days,count,agency\n"
      "A9.9,anc,,,,1,\n"
      "A1.3,train,1,,1,,\n"
      "A1.6,anc,2,,,4,\n"
      "A1.6,anc,,,,4,ministry\n",
      "q.csv");
  try {
    (void)budget::estimate(tam_duong(), norms, q, core::make_date(2025, 1, 1));
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 4U);
    EXPECT_THAT(e.problems()[0].to_string(),
                HasSubstr("q.csv:2: activity: activity 'A9.9' is not in plan"));
    EXPECT_THAT(e.problems()[1].to_string(),
                HasSubstr("q.csv:3: participants: participants is required"));
    EXPECT_THAT(e.problems()[2].to_string(),
                HasSubstr("q.csv:4: events: events is given but norm 'anc' is per_unit"));
    EXPECT_THAT(e.problems()[3].to_string(), HasSubstr("agency 'ministry' is not in plan"));
  }
}

TEST(Estimate, OverflowIsAnErrorNotAWrongTotal) {
  const auto norms = budget::NormSet::parse(kNorms, "n.yaml");
  const auto q = budget::parse_quantities(
      "activity,norm,events,participants,days\nA1.3,train,1000000,1000000,1000000\n", "q.csv");
  EXPECT_THROW((void)budget::estimate(tam_duong(), norms, q, core::make_date(2025, 1, 1)),
               core::OverflowError);
}

TEST(Estimate, BundledIllustrativeFiles) {
  const auto norms =
      budget::NormSet::load(PROJECT8_SOURCE_DIR "/data/budget/norms-illustrative.yaml");
  const auto q =
      budget::load_quantities(PROJECT8_SOURCE_DIR "/data/budget/tam-duong-2025-quantities.csv");
  const auto e = budget::estimate(tam_duong(), norms, q, tam_duong().period.first());
  EXPECT_EQ(e.missing.size(), 1U);  // the delivery support amount is not found
  EXPECT_EQ(e.lines.size(), q.size() - 1);
  core::Money sum;
  for (const auto& l : e.lines) sum += l.amount;
  EXPECT_EQ(sum, e.total);
  EXPECT_LT(e.provisional, e.total);  // the ANC travel line is verified
}
