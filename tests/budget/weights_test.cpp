// Weights written in the rule language over unit attributes: inference of the
// units table, the formula, and weigh_units() feeding allocate().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <project8/budget/allocation.hpp>
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/rules/formula.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

const core::Date kDay = core::make_date(2026, 3, 1);
// Domain reference §3 (2026–2030): highest class coefficient + 1 per ĐBKK village.
const char* kWeight =
    "max(if(region == 3 or atk or border, 50, 0), if(region == 2, 40, 0), if(region == 1, 30, 0), "
    "25) + dbkk_villages";

data::Table units(std::string_view text) {
  return data::parse_csv_inferred(text, "units.csv", {{"unit", "string"}});
}

}  // namespace

TEST(InferCsv, PicksTheNarrowestTypeThatReadsEveryCell) {
  const auto t = data::parse_csv_inferred(
      "code,flag,n,day,name,blank,neg\n"
      "03390,true,12,2025-07-01,Bình Lư,,-3\n"
      "03394,False,,2025-12-31,x,,4\n",
      "t.csv");
  const auto& f = t.schema().fields();
  EXPECT_EQ(f[0].type, data::ColumnType::string);  // leading zero: a code, not a number
  EXPECT_EQ(t.column(0).string_at(0), "03390");
  EXPECT_EQ(f[1].type, data::ColumnType::boolean);
  EXPECT_EQ(f[2].type, data::ColumnType::integer);
  EXPECT_FALSE(t.column(2).is_valid(1));
  EXPECT_EQ(f[3].type, data::ColumnType::date);
  EXPECT_EQ(f[4].type, data::ColumnType::string);
  EXPECT_EQ(f[5].type, data::ColumnType::string);
  EXPECT_EQ(f[6].type, data::ColumnType::integer);
  EXPECT_EQ(t.column(6).int64_data()[0], -3);
}

TEST(InferCsv, ForcedStringsAndMixedColumns) {
  const auto t =
      data::parse_csv_inferred("unit,a,b\n12,1,true\n13,x,2\n", "t.csv", {{"unit", "string"}});
  EXPECT_EQ(t.schema().fields()[0].type, data::ColumnType::string);
  EXPECT_EQ(t.schema().fields()[1].type, data::ColumnType::string);  // 1 and x
  EXPECT_EQ(t.schema().fields()[2].type, data::ColumnType::string);  // true and 2
}

TEST(InferCsv, BadCsvIsStillLocated) {
  try {
    (void)data::parse_csv_inferred("unit,a\n1,\"unclosed\n", "bad.csv");
    FAIL() << "expected a parse error";
  } catch (const core::InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("bad.csv"));
  }
}

TEST(Formula, EvaluatesTheCoefficientsOfTheReference) {
  const auto t = units(
      "unit,region,atk,border,dbkk_villages\n"
      "a,3,false,false,4\n"
      "b,2,false,false,0\n"
      "c,1,false,true,2\n"
      "d,,false,false,1\n"
      "e,0,false,false,3\n");
  const auto f = rules::Formula::compile(kWeight, t.schema());
  const auto v = f.evaluate(t, kDay);
  ASSERT_EQ(v.size(), 5U);
  EXPECT_EQ(v[0].value, 54);  // region III
  EXPECT_EQ(v[1].value, 40);  // region II
  EXPECT_EQ(v[2].value, 52);  // border beats region I
  EXPECT_EQ(v[3].state, rules::FormulaValue::State::missing);
  EXPECT_EQ(v[4].value, 28);  // other: 25
  EXPECT_THAT(f.explain(t, 0, kDay), HasSubstr("= 54"));
  EXPECT_THAT(f.explain(t, 0, kDay), HasSubstr("if(3 == 3"));
  EXPECT_EQ(f.columns_used(),
            (std::vector<std::string>{"region", "atk", "border", "dbkk_villages"}));
}

TEST(Formula, CompileErrorsAreLocatedInsideTheText) {
  const auto t = units("unit,region\na,3\n");
  try {
    (void)rules::Formula::compile("region + villages", t.schema(), {}, "--weight");
    FAIL() << "expected a rule error";
  } catch (const core::RuleError& e) {
    EXPECT_THAT(e.what(), HasSubstr("--weight"));
    EXPECT_THAT(e.what(), HasSubstr("villages"));
  }
  EXPECT_THROW((void)rules::Formula::compile("region == 3", t.schema()),
               core::RuleError);  // not an integer
}

TEST(Formula, ParametersAreDatedAndRowErrorsStayInTheRow) {
  const auto t = units("unit,n,d\na,10,2\nb,10,0\n");
  legal::Parameter<std::int64_t> base("base", "VND");
  base.add({core::DateRange::since(core::make_date(2026, 1, 1)), 1000,
            legal::Citation{core::InstrumentId{"X"}, {}, {}, {}, {}},
            legal::ValueStatus::provisional, ""});
  const auto f = rules::Formula::compile("base * n / d", t.schema(), {base});
  const auto v = f.evaluate(t, kDay);
  EXPECT_EQ(v[0].value, 5000);
  EXPECT_EQ(v[1].state, rules::FormulaValue::State::error);
  EXPECT_THROW((void)f.evaluate(t, core::make_date(2025, 6, 1)),
               core::InvalidArgument);  // no value in force
  const auto other = units("unit,n\na,1\n");
  EXPECT_THROW((void)f.evaluate(other, kDay), core::InvalidArgument);  // no column d
}

TEST(WeighUnits, FeedsAllocationAndNamesEveryBadUnit) {
  const auto t = units(
      "unit,region,atk,border,dbkk_villages\n"
      "a,3,false,false,4\n"
      "b,2,false,false,0\n"
      "c,1,false,false,0\n");
  const auto f = rules::Formula::compile(kWeight, t.schema());
  budget::AllocationRequest r;
  r.total = core::Money::vnd(124'000'000);
  r.step = core::Money::vnd(1'000);
  r.units = budget::weigh_units(t, f, kDay);
  ASSERT_EQ(r.units.size(), 3U);
  EXPECT_EQ(r.units[0].weight, 54);
  const auto a = budget::allocate(r);
  EXPECT_EQ(a.total(), r.total);
  EXPECT_EQ(a.lines[0].amount, core::Money::vnd(54'000'000));
  EXPECT_EQ(a.lines[1].amount, core::Money::vnd(40'000'000));
  EXPECT_EQ(a.lines[2].amount, core::Money::vnd(30'000'000));
  EXPECT_EQ(budget::explain(a, 0, core::Language::vi), "trọng số 54; 43,5%");
  EXPECT_EQ(budget::explain(a, 0, core::Language::en), "weight 54; 43.5%");

  const auto bad = units(
      "unit,region,atk,border,dbkk_villages\n"
      "a,3,false,false,\n"
      "b,2,false,false,-100\n"
      "a,1,false,false,0\n");
  try {
    (void)budget::weigh_units(bad, rules::Formula::compile(kWeight, bad.schema()), kDay);
    FAIL() << "expected a validation error";
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 3U);
    EXPECT_EQ(e.problems()[0].field, "units[a]");
    EXPECT_THAT(e.problems()[0].message, HasSubstr("missing"));
    EXPECT_THAT(e.problems()[1].message, HasSubstr("negative"));
    EXPECT_THAT(e.problems()[2].message, HasSubstr("twice"));
  }
}

TEST(WeighUnits, TheBundledSeenFileLeavesNotFoundAttributesToTheUser) {
  // Every unit's region is empty (not found): the types are declared, the values stay missing.
  const auto t = data::read_csv_inferred(
      PROJECT8_SOURCE_DIR "/data/budget/tam-duong-units-2026.csv", {{"unit", "string"},
                                                                    {"region", "int"},
                                                                    {"atk", "bool"},
                                                                    {"border", "bool"},
                                                                    {"dbkk_villages", "int"}});
  const auto f = rules::Formula::compile(kWeight, t.schema());
  try {
    (void)budget::weigh_units(t, f, kDay);
    FAIL() << "the region classes are not found: the weights must be reported missing";
  } catch (const core::ValidationError& e) {
    EXPECT_EQ(e.problems().size(), 5U);
  }
  const auto ill = data::read_csv_inferred(PROJECT8_SOURCE_DIR
                                           "/data/budget/tam-duong-units-2026-illustrative.csv",
                                           {{"unit", "string"}});
  const auto w = budget::weigh_units(ill, rules::Formula::compile(kWeight, ill.schema()), kDay);
  EXPECT_EQ(w.size(), 5U);
  EXPECT_EQ(w[1].weight, 59);  // Tả Lèng: 50 + 9 illustrative villages
}
