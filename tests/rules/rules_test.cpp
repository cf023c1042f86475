// The rule language and rule files through the public API: located errors,
// three-valued logic, reasons, amounts, static checks, traces, what-if, tests.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/expect.hpp"
#include "support/rule_inputs.hpp"
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/report/render.hpp>
#include <project8/rules/evaluate.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

const std::string kInputs = std::string(test::kPersonInputs) + "  name: string\n";

/// A rule file with one package `p` whose conditions and amount are given.
std::string rule_file(const std::vector<std::string>& conditions, const std::string& amount = "0",
                      const std::string& extra_params = "") {
  std::string y = "schema: project8/rules/1\nname: t\n";
  y += kInputs;
  y += "parameters:\n  per_visit:\n    unit: VND\n    values:\n"
       "      - {from: 2023-08-15, value: 100000, source: \"55/2023/TT-BTC\", status: verified}\n" +
       extra_params;
  y += "packages:\n  - id: p\n    title: {vi: \"Gói\", en: \"Package\"}\n    effective: {from: "
       "2023-08-15}\n"
       "    source: \"55/2023/TT-BTC\"\n    conditions:\n";
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    y += "      - {id: c" + std::to_string(i + 1) + ", when: \"" + conditions[i] + "\"}\n";
  }
  y += "    amount: \"" + amount + "\"\n";
  return y;
}

std::vector<core::Problem> problems_of(const std::string& yaml) {
  try {
    (void)rules::RuleSet::parse(yaml, "r.yaml");
  } catch (const core::InputError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return {};
}

data::Table people(const rules::RuleSet& r, const std::string& rows) {
  return data::parse_csv(
      "id,sex,ethnicity,birth_date,poverty,commune_region,village_especially_difficult,anc_visits,"
      "name\n" +
          rows,
      r.inputs(), "people.csv");
}

/// `count` rows of people(): a third men, some sex and region missing, 0-3 visits.
std::string varied_rows(int count) {
  std::string rows;
  for (int i = 0; i < count; ++i) {
    rows += "r" + std::to_string(i) + "," +
            (i % 3 == 0   ? "M"
             : i % 7 == 0 ? ""
                          : "F") +
            ",3,,none," + (i % 5 == 0 ? "" : std::to_string(1 + i % 3)) + ",," +
            std::to_string(i % 4) + ",\n";
  }
  return rows;
}

const core::Date kAsOf = core::make_date(2025, 6, 30);

}  // namespace

TEST(RuleLanguage, SyntaxErrorsNameLineAndColumnInsideTheExpression) {
  // The condition text starts at column 25 of line 24 (after the opening quote).
  auto problems = problems_of(rule_file({"sex == 'F' and and"}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].location.file, "r.yaml");
  EXPECT_EQ(problems[0].location.line, 24U);
  EXPECT_EQ(problems[0].location.column, 25U + 15U);
  EXPECT_EQ(problems[0].field, "packages[0].conditions[0].when");
  EXPECT_THAT(problems[0].message, HasSubstr("expected a value before 'and'"));

  problems = problems_of(rule_file({"sexx == 'F'"}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].location.column, 25U);
  EXPECT_THAT(problems[0].message, HasSubstr("unknown name 'sexx'"));
  EXPECT_THAT(problems[0].message, HasSubstr("sex"));

  problems = problems_of(rule_file({"sex == 'X'"}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].location.column, 25U + 7U);
  EXPECT_THAT(problems[0].message, HasSubstr("'X' is not a value of sex: expected one of F, M"));

  problems = problems_of(rule_file({"anc_visits + 1"}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, HasSubstr("expected an expression of type bool, found int"));

  problems = problems_of(rule_file({"anc_visits > birth_date"}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, HasSubstr("found int and date"));

  problems = problems_of(rule_file({"(anc_visits > 1"}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, HasSubstr("')'"));

  problems = problems_of(rule_file({"frobnicate(1)"}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, HasSubstr("unknown function 'frobnicate'"));

  problems = problems_of(rule_file({"anc_visits = 1"}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, HasSubstr("'=='"));

  problems = problems_of(rule_file({"true"}, "sex"));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].field, "packages[0].amount");
}

TEST(RuleLanguage, EveryBadExpressionOfAFileIsReportedAtOnce) {
  const auto problems =
      problems_of(rule_file({"sexx", "1 +", "age_years(anc_visits) > 1"}, "per_visit * 'a'"));
  EXPECT_EQ(problems.size(), 4U);
}

TEST(RuleLanguage, DeeplyNestedExpressionsAreRefusedNotCrashed) {
  const std::string deep = std::string(5000, '(') + "true" + std::string(5000, ')');
  const auto problems = problems_of(rule_file({deep}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, HasSubstr("nested"));
}

TEST(RuleLanguage, OperatorsFunctionsAndThreeValuedLogic) {
  struct Case {
    std::string when;
    std::string expected_reason;  // "" = condition true
  };
  // One person: F, ethnicity 3, born 1990-07-01, poor, region 3, ĐBKK village unknown, 2 visits.
  const std::string row = "x,F,3,1990-07-01,poor,3,,2,Lò Thị Hoa\n";
  const std::vector<Case> cases = {
      {"sex == 'F' and ethnicity != 1", ""},
      {"not (sex == 'M')", ""},
      {"poverty in ['poor', 'near_poor']", ""},
      {"poverty not in ['poor']", "c1"},
      {"ethnicity in [1, 2, 3]", ""},
      {"anc_visits * 3 - 1 == 5", ""},
      {"7 / 2 == 3 and -7 / 2 == -3", ""},
      {"min(anc_visits, 4, 9) == 2 and max(anc_visits, 4) == 4 and abs(-3) == 3", ""},
      {"age_years(birth_date) == 34", ""},  // 30/6/2025: not yet 35
      {"days_between(birth_date, as_of) == 12783", ""},
      {"as_of == date('2025-06-30')", ""},
      {"birth_date < date('2000-01-01')", ""},
      {"village_especially_difficult", "unknown:c1"},
      {"village_especially_difficult or commune_region == 3", ""},     // missing or true = true
      {"village_especially_difficult and commune_region == 1", "c1"},  // missing and false = false
      {"village_especially_difficult and commune_region == 3", "unknown:c1"},
      {"not village_especially_difficult", "unknown:c1"},
      {"is_missing(village_especially_difficult)", ""},
      {"coalesce(village_especially_difficult, false) == false", ""},
      {"if(sex == 'F', 1, 2) == 1", ""},
      {"anc_visits / (commune_region - 3) == 1", "error:c1"},
      {"anc_visits * 9223372036854775807 > 0", "error:c1"},
      {"commune_region == 1 and anc_visits / 0 == 1", "c1"},  // false and anything = false
      {"as_of > date('2025-01-01') and per_visit == 100000", ""},
      {"name == 'Lò Thị Hoa'", ""},
      {"name in ['A', 'B']", "c1"},
      {"ethnicity >= -9223372036854775808", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.when);
    const auto r = rules::RuleSet::parse(rule_file({c.when}), "r.yaml");
    const auto t = people(r, row);
    const auto res = rules::evaluate(r, t, kAsOf);
    EXPECT_EQ(res.packages[0].reason_at(0), c.expected_reason);
    const auto trace = rules::explain(r, t, 0, kAsOf);
    EXPECT_EQ(trace.packages[0].reason, c.expected_reason);
  }
}

TEST(RuleEvaluation, ReasonIsTheFirstConditionNotTrueAndAmountOnlyWhenEligible) {
  const auto r = rules::RuleSet::parse(
      rule_file({"sex == 'F'", "ethnicity != 1",
                 "village_especially_difficult or commune_region == 3", "anc_visits >= 1"},
                "per_visit * min(anc_visits, 4)"),
      "r.yaml");
  const auto t = people(r,
                        "a,F,3,1990-01-01,none,3,,6,\n"     // eligible, capped at 4 visits
                        "b,M,1,1990-01-01,none,3,1,1,\n"    // man and Kinh: first reason wins
                        "c,F,1,1990-01-01,none,1,0,1,\n"    // Kinh
                        "d,F,3,1990-01-01,none,,,2,\n"      // area unknown
                        "e,F,3,1990-01-01,none,2,1,0,\n"    // no visit
                        "f,F,3,1990-01-01,none,2,1,3,\n");  // eligible
  const auto res = rules::evaluate(r, t, kAsOf);
  const auto& p = res.package("p");
  EXPECT_EQ(p.reason_at(0), "");
  EXPECT_EQ(p.amount[0], 400000);
  EXPECT_EQ(p.reason_at(1), "c1");
  EXPECT_EQ(p.reason_at(2), "c2");
  EXPECT_EQ(p.reason_at(3), "unknown:c3");
  EXPECT_EQ(p.reason_at(4), "c4");
  EXPECT_EQ(p.amount[4], 0);
  EXPECT_EQ(p.amount[5], 300000);
  EXPECT_EQ(p.eligible_count, 2U);
  EXPECT_EQ(p.total, core::Money::vnd(700000));
  EXPECT_EQ(p.error_count, 0U);

  const auto before = rules::evaluate(r, t, core::make_date(2023, 8, 14));
  for (std::size_t i = 0; i < t.rows(); ++i)
    EXPECT_EQ(before.packages[0].reason_at(i), "not_in_force");
}

TEST(RuleEvaluation, NegativeOrUnknownAmountsAreRowErrors) {
  const auto r = rules::RuleSet::parse(rule_file({"true"}, "anc_visits - 2"), "r.yaml");
  const auto t = people(r, "a,F,3,,none,3,,1,\nb,F,3,,none,3,,,\nc,F,3,,none,3,,5,\n");
  const auto res = rules::evaluate(r, t, kAsOf);
  EXPECT_EQ(res.packages[0].reason_at(0), "error:amount");
  EXPECT_EQ(res.packages[0].reason_at(1), "error:amount");
  EXPECT_EQ(res.packages[0].reason_at(2), "");
  EXPECT_EQ(res.packages[0].amount[2], 3);
  EXPECT_EQ(res.packages[0].error_count, 2U);
}

TEST(RuleEvaluation, ConditionsSharedByPackagesGiveEachPackageItsOwnReasons) {
  // Package b repeats a's conditions after a rare one: on the rows b still
  // has open (a selection), a's codes for the whole chunk are reused.
  std::string y = "schema: project8/rules/1\nname: t\n";
  y += kInputs;
  y += "parameters: {}\npackages:\n"
       "  - id: a\n    title: {vi: a}\n    effective: {from: 2023-08-15}\n    source: x\n    "
       "conditions:\n"
       "      - {id: female, when: \"sex == 'F'\"}\n"
       "      - {id: area, when: \"commune_region == 3 or village_especially_difficult\"}\n"
       "    amount: \"anc_visits\"\n"
       "  - id: b\n    title: {vi: b}\n    effective: {from: 2023-08-15}\n    source: x\n    "
       "conditions:\n"
       "      - {id: many_visits, when: \"anc_visits >= 7\"}\n"
       "      - {id: woman, when: \"sex == 'F'\"}\n"
       "      - {id: region, when: \"commune_region == 3 or village_especially_difficult\"}\n"
       "    amount: \"anc_visits * 2\"\n";
  const auto r = rules::RuleSet::parse(y, "r.yaml");
  std::string rows;
  for (int i = 0; i < 3000; ++i) {
    const char* sex = i % 7 == 0 ? "" : (i % 3 == 0 ? "M" : "F");
    const std::string region = i % 11 == 0 ? "" : std::to_string(1 + i % 3);
    const char* village = i % 13 == 0 ? "" : (i % 5 == 0 ? "true" : "false");
    const int visits = i % 10 == 0 ? 7 + i % 4 : i % 6;
    rows += "r" + std::to_string(i) + "," + sex + ",3,,none," + region + "," + village + "," +
            std::to_string(visits) + ",\n";
  }
  const auto t = people(r, rows);
  std::size_t unknown_woman = 0;
  for (const std::size_t chunk : {64U, 1000U, 8192U}) {
    rules::EvaluateOptions options;
    options.chunk_rows = chunk;
    const auto res = rules::evaluate(r, t, kAsOf, options);
    unknown_woman = 0;
    for (std::size_t i = 0; i < t.rows(); ++i) {
      const auto trace = rules::explain(r, t, i, kAsOf);
      for (std::size_t p = 0; p < 2; ++p) {
        ASSERT_EQ(res.packages[p].reason_at(i), trace.packages[p].reason)
            << "row " << i << " chunk " << chunk;
        ASSERT_EQ(res.packages[p].amount[i], trace.packages[p].amount)
            << "row " << i << " chunk " << chunk;
      }
      unknown_woman += res.packages[1].reason_at(i) == "unknown:woman" ? 1 : 0;
    }
  }
  EXPECT_EQ(unknown_woman, 43U);  // rows 0, 70, ..., 2940: 7 visits or more and sex missing
}

TEST(RuleEvaluation, ChunkLengthIsChosenPerCallUnlessGiven) {
  EXPECT_EQ(rules::EvaluateOptions{}.chunk_rows, 0U);
  EXPECT_EQ(rules::default_chunk_rows(0, 0), 8192U);
  EXPECT_EQ(rules::default_chunk_rows(52'000, 2), 8192U);
  EXPECT_EQ(rules::default_chunk_rows(1'000'000, 2), 8192U);
  EXPECT_EQ(rules::default_chunk_rows(2'097'151, 2), 8192U);  // one row short of 2^20 per thread
  EXPECT_EQ(rules::default_chunk_rows(2'097'152, 2), 32768U);
  EXPECT_EQ(rules::default_chunk_rows(1'048'576, 0), 32768U);  // 0 threads counts as one
  EXPECT_EQ(rules::default_chunk_rows(15'000'000, 2), 32768U);

  // Whatever the chunk, the same answers: long chunks (32,768 rows, as for
  // millions of persons) against the chosen ones and against short ones.
  const auto r = rules::RuleSet::parse(
      rule_file({"sex == 'F'", "commune_region == 3", "anc_visits >= 1"}, "anc_visits * 3"),
      "r.yaml");
  const auto t = people(r, varied_rows(70'000));
  rules::EvaluateOptions chosen;
  chosen.threads = 2;
  rules::EvaluateOptions long_chunks = chosen;
  long_chunks.chunk_rows = 32768;
  rules::EvaluateOptions short_chunks = chosen;
  short_chunks.chunk_rows = 100;
  const auto a = rules::evaluate(r, t, kAsOf, chosen).packages[0];
  const auto b = rules::evaluate(r, t, kAsOf, long_chunks).packages[0];
  const auto c = rules::evaluate(r, t, kAsOf, short_chunks).packages[0];
  for (std::size_t i = 0; i < t.rows(); ++i) {
    ASSERT_EQ(a.code_at(i), c.code_at(i)) << "row " << i;
    ASSERT_EQ(b.code_at(i), c.code_at(i)) << "row " << i;
    ASSERT_EQ(a.amount[i], c.amount[i]) << "row " << i;
    ASSERT_EQ(b.amount[i], c.amount[i]) << "row " << i;
    ASSERT_EQ(b.eligible[i], c.eligible[i]) << "row " << i;
  }
  EXPECT_EQ(b.total, c.total);
  EXPECT_GT(c.eligible_count, 0U);
  EXPECT_LT(c.eligible_count, t.rows());

  rules::EvaluateOptions too_long;
  too_long.chunk_rows = (1U << 20U) + 1;
  EXPECT_THROW((void)rules::evaluate(r, t, kAsOf, too_long), core::Error);
  try {
    (void)rules::evaluate(r, t, kAsOf, too_long);
  } catch (const core::Error& e) {
    EXPECT_NE(std::string(e.what()).find("chunk_rows"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not 1048577"), std::string::npos) << e.what();
  }
}

TEST(RuleEvaluation, NarrowReasonsAreTheSameCodesInOneByte) {
  std::vector<std::string>
      many;  // 42 conditions: 2 + 3 * 42 + 1 = 129 reasons, too many for a byte
  for (int k = 0; k < 42; ++k) many.push_back("anc_visits != " + std::to_string(100 + k));
  many.emplace_back("sex == 'F'");
  for (const auto& conditions :
       {std::vector<std::string>{"sex == 'F'", "commune_region == 3", "anc_visits >= 1"}, many}) {
    const auto r = rules::RuleSet::parse(rule_file(conditions, "anc_visits"), "r.yaml");
    const auto t = people(r, varied_rows(500));
    rules::EvaluateOptions wide_options;
    wide_options.chunk_rows = 64;
    rules::EvaluateOptions narrow_options = wide_options;
    narrow_options.narrow_reasons = true;
    const auto wide = rules::evaluate(r, t, kAsOf, wide_options).packages[0];
    const auto narrow = rules::evaluate(r, t, kAsOf, narrow_options).packages[0];
    const bool fits = wide.reasons.size() <= 127;
    EXPECT_EQ(narrow.reason.narrow(), fits);
    EXPECT_EQ(narrow.reason.size(), t.rows());
    EXPECT_FALSE(wide.reason.narrow());
    EXPECT_EQ(wide.reason.size(), t.rows());
    for (std::size_t i = 0; i < t.rows(); ++i) {
      ASSERT_EQ(narrow.code_at(i), wide.code_at(i)) << "row " << i;
      ASSERT_EQ(narrow.reason_at(i), wide.reason_at(i));
    }
    EXPECT_EQ(narrow.reason_counts(), wide.reason_counts());
    std::size_t unknown = 0;  // sex missing: an unknown:<id> reason
    for (std::size_t i = 0; i < t.rows(); ++i)
      unknown += narrow.reason_at(i).starts_with("unknown:") ? 1 : 0;
    EXPECT_GT(unknown, 0U);
    const auto before =
        rules::evaluate(r, t, core::make_date(2020, 1, 1), narrow_options).packages[0];
    EXPECT_EQ(before.reason_at(7), "not_in_force");
  }
}

TEST(RuleEvaluation, ThePopulationMustFitTheDeclaredInputs) {
  const auto r = rules::RuleSet::parse(rule_file({"sex == 'F'", "ethnicity != 1"}), "r.yaml");
  const auto wrong =
      data::parse_csv("sex\nF\n", data::Schema::parse({{"sex", "enum(M, F)"}}), "x.csv");
  try {
    (void)rules::evaluate(r, wrong, kAsOf);
    FAIL();
  } catch (const core::InvalidArgument& e) {
    EXPECT_THAT(e.what(), HasSubstr("column 'sex' is enum(M, F), the rules declare enum(F, M)"));
    EXPECT_THAT(e.what(), HasSubstr("no column 'ethnicity'"));
    EXPECT_THAT(e.what(),
                ::testing::Not(HasSubstr("anc_visits")));  // read by no package: may be absent
  }
}

TEST(RuleStaticChecks, ParameterWithoutValueInsideThePackagePeriod) {
  std::string y = rule_file(
      {"true"}, "late * 1",
      "  late:\n    unit: VND\n    values:\n"
      "      - {from: 2024-01-01, to: 2024-12-31, value: 5, source: \"x\", status: provisional}\n");
  const auto problems = problems_of(y);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message,
              HasSubstr("parameter 'late' has no value in force on 2023-08-15"));
  EXPECT_THAT(problems[0].message, HasSubstr("package 'p'"));

  y = rule_file(
      {"true"}, "late * 1",
      "  late:\n    unit: VND\n    values:\n"
      "      - {from: 2023-01-01, to: 2024-12-31, value: 5, source: \"x\", status: provisional}\n");
  const auto gap = problems_of(y);
  ASSERT_EQ(gap.size(), 1U);
  EXPECT_THAT(gap[0].message, HasSubstr("on 2025-01-01"));
}

TEST(RuleParameters, AValueWithOnlyFromLastsUntilTheNextOne) {
  // Written as lawyers (and OpenFisca) write a history: each value from a day on.
  const auto r = rules::RuleSet::parse(
      rule_file({"true"}, "rate * 1",
                "  rate:\n    unit: VND\n    values:\n"
                "      - {from: 2025-01-01, value: 7, source: \"x\", status: provisional}\n"
                "      - {from: 2023-01-01, value: 5, source: \"x\", status: provisional}\n"
                "      - {from: 2024-01-01, to: 2024-06-30, value: 6, source: \"x\", status: "
                "provisional}\n"
                "      - {from: 2024-07-01, value: 9, source: \"x\", status: provisional}\n"),
      "r.yaml");
  const auto& rate = r.parameters()[1];
  ASSERT_EQ(rate.name(), "rate");
  auto on = [&](int y, int m, int d) { return rate.at(core::make_date(y, m, d)).value; };
  EXPECT_EQ(on(2023, 12, 31), 5);  // ends the day before the next value's from
  EXPECT_EQ(on(2024, 1, 1), 6);
  EXPECT_EQ(on(2024, 6, 30), 6);
  EXPECT_EQ(on(2024, 7, 1), 9);
  EXPECT_EQ(on(2024, 12, 31), 9);
  EXPECT_EQ(on(2030, 1, 1), 7);  // the last stays open
  EXPECT_EQ(rate.values()[0].effective.last(), core::make_date(2023, 12, 31));
  // An explicit `to` past the next value's first day is still an overlap, located.
  const auto overlap = problems_of(rule_file(
      {"true"}, "rate * 1",
      "  rate:\n    unit: VND\n    values:\n"
      "      - {from: 2023-01-01, to: 2024-03-01, value: 5, source: \"x\", status: provisional}\n"
      "      - {from: 2024-01-01, value: 6, source: \"x\", status: provisional}\n"));
  ASSERT_EQ(overlap.size(), 1U);
  EXPECT_EQ(overlap[0].to_string(),
            "r.yaml:22:9: parameters.rate.values[1]: the value from 2024-01-01 overlaps the value "
            "from 2023-01-01");
  // Two values from one day are an overlap too.
  const auto same = problems_of(
      rule_file({"true"}, "rate * 1",
                "  rate:\n    unit: VND\n    values:\n"
                "      - {from: 2023-01-01, value: 5, source: \"x\", status: provisional}\n"
                "      - {from: 2023-01-01, value: 6, source: \"x\", status: provisional}\n"));
  ASSERT_EQ(same.size(), 1U);
  EXPECT_THAT(same[0].message, HasSubstr("overlaps the value from 2023-01-01"));
}

TEST(RuleStaticChecks, PackagesThatCanNeverApplyAreErrors) {
  auto problems = problems_of(rule_file({"sex == 'F'", "sex == 'M'"}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, HasSubstr("can never apply"));
  EXPECT_THAT(problems[0].message, HasSubstr("sex"));

  problems = problems_of(rule_file({"poverty in ['poor'] and not (poverty != 'near_poor')"}));
  ASSERT_EQ(problems.size(), 1U);

  // Satisfiable combinations are accepted, whatever the other inputs.
  EXPECT_NO_THROW(
      (void)rules::RuleSet::parse(rule_file({"sex == 'F'", "anc_visits > 1000000"}), "r.yaml"));
  EXPECT_NO_THROW(
      (void)rules::RuleSet::parse(rule_file({"is_missing(sex) or sex == 'M'"}), "r.yaml"));
}

TEST(RuleStaticChecks, UnusedInputsAndParametersAreWarnings) {
  const auto r = rules::RuleSet::parse(rule_file({"sex == 'F'"}), "r.yaml");
  std::vector<std::string> fields;
  for (const auto& w : r.warnings()) fields.push_back(w.field);
  EXPECT_THAT(fields, ::testing::Contains("inputs.ethnicity"));
  EXPECT_THAT(fields, ::testing::Contains("parameters.per_visit"));
  EXPECT_THAT(fields, ::testing::Not(::testing::Contains("inputs.sex")));
  EXPECT_THAT(fields, ::testing::Not(::testing::Contains("inputs.id")));
}

TEST(RuleFiles, StructuralProblemsAreAllReported) {
  const auto problems = problems_of(
      "schema: project8/rules/9\nname: x\ninputs: {a: float, b: int}\n"
      "packages:\n  - id: p\n    title: {vi: t}\n    effective: {from: 2025-02-30}\n    source: s\n"
      "    conditions: [{id: c, when: \"b > 0\"}, {id: c, when: \"b > 1\"}]\n  - id: p\n    title: "
      "{vi: t}\n"
      "    effective: {from: 2025-01-01}\n    source: s\n    bogus: 1\n");
  std::string all;
  for (const auto& p : problems) all += p.to_string() + "\n";
  test::expect_mentions(
      all, {"unsupported schema", "unknown type 'float'", "2025-02-30",
            "condition 'c' appears twice", "package 'p' appears twice", "unknown key 'bogus'"});
}

TEST(RuleTrace, ShowsConditionsParametersAndTheAmountComputation) {
  const auto r = rules::RuleSet::load(PROJECT8_SOURCE_DIR "/data/rules/safe-motherhood.yaml");
  const auto t = data::parse_csv(
      "id,sex,ethnicity,pregnant,anc_visits,delivery,commune_region,village_especially_difficult\n"
      "p-17,F,3,true,6,caesarean,2,true\n",
      r.inputs(), "x.csv");
  const auto trace = rules::explain(r, t, 0, kAsOf);
  EXPECT_EQ(trace.person, "p-17");
  const auto& anc = trace.packages[0];
  EXPECT_TRUE(anc.eligible);
  EXPECT_EQ(anc.amount, 400000);
  EXPECT_EQ(anc.amount_with_values, "100000 * min(6, 4)");
  ASSERT_EQ(anc.parameters.size(), 2U);
  EXPECT_EQ(anc.parameters[0].status, legal::ValueStatus::verified);
  EXPECT_EQ(anc.conditions[3].with_values, "true or 2 == 3");
  const auto text = report::to_text(trace, core::Language::en);
  EXPECT_THAT(text, HasSubstr("ELIGIBLE. Amount: anc_travel_per_visit * min(anc_visits, "
                              "anc_visits_max) = 100000 * min(6, 4) = 400.000 đ"));
  EXPECT_THAT(text, HasSubstr("[provisional]"));  // the delivery package
  EXPECT_THAT(text, HasSubstr("NOT VERIFIED"));   // its illustrative amounts
  EXPECT_THAT(report::to_text(trace), HasSubstr("ĐỦ ĐIỀU KIỆN"));
  EXPECT_THAT(report::to_json(trace), HasSubstr("\"amount_with_values\": \"100000 * min(6, 4)\""));
}

TEST(RuleWhatIf, CountsGainersLosersCostAndTheConditionsThatChanged) {
  const auto base =
      rules::RuleSet::parse(rule_file({"sex == 'F'", "poverty == 'poor'"}, "per_visit"), "a.yaml");
  const auto variant = rules::RuleSet::parse(
      rule_file({"sex == 'F'", "poverty in ['poor', 'near_poor']"}, "per_visit"), "b.yaml");
  const auto t = people(base,
                        "a,F,3,,poor,3,,1,\n"
                        "b,F,3,,near_poor,3,,1,\n"
                        "c,F,3,,near_poor,3,,1,\n"
                        "d,M,3,,near_poor,3,,1,\n"
                        "e,F,3,,none,3,,1,\n");
  const auto w = rules::whatif(base, variant, t, kAsOf);
  ASSERT_EQ(w.packages.size(), 1U);
  const auto& p = w.packages[0];
  EXPECT_EQ(p.base_eligible, 1U);
  EXPECT_EQ(p.variant_eligible, 3U);
  EXPECT_EQ(p.gained, 2U);
  EXPECT_EQ(p.lost, 0U);
  EXPECT_EQ(p.cost_difference(), core::Money::vnd(200000));
  ASSERT_EQ(p.gained_by_reason.size(), 1U);
  EXPECT_EQ(p.gained_by_reason[0], (std::pair<std::string, std::size_t>{"c2", 2}));
}

TEST(RuleFileTests, TheBundledRulesPassTheirOwnTestsWithFullCoverage) {
  const auto r = rules::RuleSet::load(PROJECT8_SOURCE_DIR "/data/rules/safe-motherhood.yaml");
  const auto report = rules::run_tests(r);
  for (const auto& f : report.failures) ADD_FAILURE() << f.to_string();
  EXPECT_EQ(report.passed, r.tests().size());
  EXPECT_EQ(report.covered(), report.coverage.size());
  EXPECT_TRUE(r.warnings().empty());
}

TEST(RuleFileTests, AFailingExpectationIsReportedAtTheTest) {
  std::string y = rule_file({"sex == 'F'"}, "per_visit");
  y += "tests:\n  - name: wrong\n    as_of: 2025-01-01\n    input: {sex: M}\n    expect:\n      p: "
       "{eligible: true, amount: 5}\n";
  const auto r = rules::RuleSet::parse(y, "r.yaml");
  const auto report = rules::run_tests(r);
  ASSERT_EQ(report.failures.size(), 2U);
  EXPECT_THAT(report.failures[0].message, HasSubstr("wrong: p eligible expected true, got false"));
  EXPECT_EQ(report.failures[0].location.line, 27U);
  EXPECT_EQ(report.passed, 0U);
}

TEST(RuleFiles, AParameterWithoutValuesIsAProblemNotACrash) {
  const auto problems = problems_of(rule_file({"true"}, "0", "  empty:\n    unit: VND\n"));
  ASSERT_EQ(problems.size(), 1U);  // found by fuzz_rules
  EXPECT_EQ(problems[0].field, "parameters.empty.values");
  EXPECT_THAT(problems[0].message, HasSubstr("at least one value"));
}

TEST(RuleFiles, AnInputWrittenAsAMapWithoutTypeIsAProblemNotACrash) {
  const auto problems = problems_of(
      "schema: project8/rules/1\nname: x\ninputs:\n  a:\n    note: no type\n  b: int\n"
      "packages:\n  - id: p\n    title: {vi: t}\n    effective: {from: 2025-01-01}\n    source: s\n"
      "    conditions: [{id: c, when: \"b > 0\"}]\n");
  ASSERT_EQ(problems.size(), 1U);  // found by fuzz_rules
  EXPECT_EQ(problems[0].field, "inputs.a");
}

TEST(RuleSetLoading, ARepeatedKeyIsALocatedErrorNotTheFirstOneSilentlyKept) {
  // YAML forbids a key twice in one mapping; the reader would have kept the first value.
  auto yaml = rule_file({"sex == 'F'"}, "per_visit");
  const auto at = yaml.find("    amount:");
  ASSERT_NE(at, std::string::npos);
  yaml.insert(at, "    amount: \"1\"\n");
  const auto problems = problems_of(yaml);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].field, "packages[0].amount");
  EXPECT_THAT(problems[0].message, HasSubstr("duplicate key 'amount' (first at line"));
  EXPECT_TRUE(problems[0].location.line.has_value());
  // Inputs too: a name declared twice.
  auto twice = rule_file({"sex == 'F'"});
  twice.insert(twice.find("parameters:"), "  sex: string\n");
  EXPECT_THAT(problems_of(twice).at(0).message, HasSubstr("duplicate key 'sex'"));
}
