// Exact decimals (schema project8/rules/2): literals such as 0.7 and `ratio`
// parameters are counts of millionths, never binary floating point; an
// amount is whole đồng, so a decimal amount must be rounded explicitly.
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/rules/evaluate.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

std::string rule_file(const std::string& amount, const std::string& condition = "true",
                      const std::string& schema = "2") {
  return "schema: project8/rules/" + schema +
         "\nname: d\ninputs:\n  id: string\n  income: int\n  children: int\n"
         "parameters:\n  support_rate:\n    unit: ratio\n    values:\n"
         "      - {from: 2022-01-01, value: 0.7, source: x, status: provisional}\n"
         "      - {from: 2026-01-01, value: 0.65, source: x, status: provisional}\n"
         "packages:\n  - id: p\n    title: {vi: t}\n    effective: {from: 2022-01-01}\n"
         "    source: x\n    conditions:\n      - {id: c, when: \"" +
         condition + "\"}\n    amount: \"" + amount + "\"\n";
}

std::string problems(const std::string& yaml) {
  try {
    (void)rules::RuleSet::parse(yaml, "d.yaml");
  } catch (const core::InputError& e) {
    std::string all;
    for (const auto& p : e.problems()) all += p.to_string() + "\n";
    return all;
  }
  return {};
}

/// Per row: the amount (or the reason) on `day`, both evaluators agreeing.
std::vector<std::string> amounts(const std::string& yaml, const std::string& rows,
                                 core::Date day = core::make_date(2025, 6, 30)) {
  const auto r = rules::RuleSet::parse(yaml, "d.yaml");
  const auto people = rules::parse_population(r, "id,income,children\n" + rows, "p.csv");
  const auto res = rules::evaluate(r, people, day);
  const rules::CaseEvaluator one(r, people);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < people.rows(); ++i) {
    const auto d = one.decide(i, day)[0];
    EXPECT_EQ(d.reason, res.packages[0].reason_at(i)) << i;
    EXPECT_EQ(d.amount, res.packages[0].amount[i]) << i;
    out.push_back(d.reason.empty() ? std::to_string(d.amount) : d.reason);
  }
  return out;
}

}  // namespace

TEST(RuleDecimals, RatesAreExactAndAmountsRoundedAsWritten) {
  const auto yaml = rule_file("round(support_rate * 1000000 * children, 1000)");
  const auto r = rules::RuleSet::parse(yaml, "d.yaml");
  EXPECT_TRUE(r.is_decimal_parameter("support_rate"));
  EXPECT_EQ(r.parameters()[0].values()[0].value, 700000);  // millionths
  EXPECT_EQ(amounts(yaml, "a,0,3\nb,0,0\n"), (std::vector<std::string>{"2100000", "0"}));
  // 0.65 from 2026 (the value chain): 0.65 × 1,000,000 × 3 = 1,950,000 exactly.
  EXPECT_EQ(amounts(yaml, "a,0,3\n", core::make_date(2026, 2, 1)),
            (std::vector<std::string>{"1950000"}));
  // 0.1 + 0.2 == 0.3 exactly (never binary floating point).
  EXPECT_EQ(amounts(rule_file("1", "0.1 + 0.2 == 0.3"), "a,0,0\n")[0], "1");
  // Half away from zero, floor and ceil, to đồng or to a step.
  EXPECT_EQ(amounts(rule_file("round(income * 0.0005)"), "a,1000,0\nb,3000,0\nc,-1000,0\n"),
            (std::vector<std::string>{"1", "2", "error:amount"}));  // 0.5 → 1, 1.5 → 2, −1 < 0
  EXPECT_EQ(amounts(rule_file("floor(income * 0.15, 1000)"), "a,1999999,0\n")[0], "299000");
  EXPECT_EQ(amounts(rule_file("ceil(income * 0.15, 1000)"), "a,1999999,0\n")[0], "300000");
  EXPECT_EQ(amounts(rule_file("round(income / 3)"), "a,1000,0\n")[0],
            "333");  // int ÷ int: truncates
  EXPECT_EQ(amounts(rule_file("round(income / 3.0)"), "a,2000,0\n")[0], "667");
  // Division by zero is an error for the row; a decimal compared with an integer promotes.
  EXPECT_EQ(amounts(rule_file("round(1.5 / (income - 1000))"), "a,1000,0\n")[0], "error:amount");
  EXPECT_EQ(amounts(rule_file("1", "income * support_rate >= 700"), "a,1000,0\nb,999,0\n"),
            (std::vector<std::string>{"1", "c"}));
  const auto people = rules::parse_population(r, "id,income,children\na,0,3\n", "p.csv");
  const auto t = rules::explain(r, people, 0, core::make_date(2025, 6, 30));
  EXPECT_EQ(t.packages[0].amount_with_values, "round(0.7 * 1000000 * 3, 1000)");
  ASSERT_EQ(t.packages[0].parameters.size(), 1U);
  EXPECT_TRUE(t.packages[0].parameters[0].decimal);
  EXPECT_EQ(rules::decimal_text(t.packages[0].parameters[0].value), "0.7");
  EXPECT_EQ(rules::decimal_text(-1500000), "-1.5");
  EXPECT_EQ(rules::decimal_text(std::numeric_limits<std::int64_t>::min()), "-9223372036854.775808");
}

TEST(RuleDecimals, ADecimalAmountMustBeRoundedAndOtherMistakesAreLocated) {
  EXPECT_THAT(problems(rule_file("support_rate * 1000000")),
              HasSubstr("packages[0].amount: a whole number was expected (an amount is whole "
                        "đồng), found a decimal: round it with round(x), round(x, 1000)"));
  EXPECT_THAT(problems(rule_file("round(0.1234567 * income)")),
              HasSubstr("a decimal has at most six places after the point"));
  EXPECT_THAT(problems(rule_file("round(income, 0.5)")),
              HasSubstr("round()'s step needs int, found decimal"));
  EXPECT_THAT(problems(rule_file("1", "true", "1")),
              HasSubstr("decimal parameters (unit ratio, or a value with a point) need schema "
                        "project8/rules/2"));
  std::string bad = rule_file("1");
  bad.replace(bad.find("value: 0.7"), 10, "value: 0.7x");
  EXPECT_THAT(problems(bad), HasSubstr("a decimal number with at most six places"));
}

namespace {

const char* const kScales = R"yaml(schema: project8/rules/2
name: s
inputs:
  id: string
  income: int
  children: int
parameters:
  income_tax:
    unit: ratio
    brackets:
      - {from: 2015-01-01, thresholds: [0, 12000, 40000], rates: [0, 0.1, 0.2], source: x,
         status: provisional}
      - {from: 2017-01-01, thresholds: [0, 10000, 30000, 60000], rates: [0.0, 0.12, 0.25, 0.35],
         source: x, status: provisional}
  allowance:
    unit: VND
    brackets:
      - {from: 2015-01-01, thresholds: [0, 2, 5], amounts: [100, 200, 300], source: x,
         status: provisional}
packages:
  - id: p
    title: {vi: t}
    effective: {from: 2015-01-01}
    source: x
    conditions: []
    amount: "round(marginal(income_tax, income)) + bracket(allowance, children)"
)yaml";

}  // namespace

TEST(RuleScales, MarginalSumsRatesOverBracketsAndBracketReadsOne) {
  const std::string rows = "a,50000,3\nb,50000,0\nc,5000,-1\nd,70000,5\n";
  // 2016: 0.1 × 28,000 + 0.2 × 10,000 = 4,800 (+200, +100); below the first
  // threshold a bracket is 0. The bracket count changes in 2017 (as the
  // OpenFisca template's scale does): 0.12 × 20,000 + 0.25 × 20,000 = 7,400.
  EXPECT_EQ(amounts(kScales, rows, core::make_date(2016, 6, 30)),
            (std::vector<std::string>{"5000", "4900", "0", "9100"}));
  EXPECT_EQ(amounts(kScales, rows, core::make_date(2018, 6, 30)),
            (std::vector<std::string>{"7600", "7500", "0", "13700"}));
  // A package in force before the first set of brackets is a load error.
  std::string early = kScales;
  early.replace(early.find("effective: {from: 2015-01-01}"), 29, "effective: {from: 2010-01-01}");
  EXPECT_THAT(problems(early),
              HasSubstr("scale 'income_tax' has no brackets in force on 2010-01-01, inside the "
                        "effective period of package 'p'"));
}

TEST(RuleScales, ScaleMistakesAreLocated) {
  auto with = [](std::string_view from, std::string_view to) {
    std::string y = kScales;
    y.replace(y.find(from), from.size(), to);
    return y;
  };
  EXPECT_THAT(problems(with("bracket(allowance, children)", "marginal(allowance, children)")),
              HasSubstr("marginal() sums rates: scale 'allowance' has amounts"));
  EXPECT_THAT(problems(with("bracket(allowance, children)", "bracket(allowances, children)")),
              HasSubstr("bracket() reads a scale (a parameter with brackets): expected one of "
                        "income_tax, allowance"));
  EXPECT_THAT(problems(with("[0, 2, 5]", "[0, 5, 2]")), HasSubstr("thresholds must increase"));
  EXPECT_THAT(problems(with("amounts: [100, 200, 300]", "amounts: [100, 200]")),
              HasSubstr("thresholds and amounts of one length"));
  // A scale nothing reads is a warning.
  const auto unused =
      rules::RuleSet::parse(with("round(marginal(income_tax, income)) + ", ""), "s.yaml");
  std::string warnings;
  for (const auto& w : unused.warnings()) warnings += w.to_string() + "\n";
  EXPECT_THAT(warnings,
              HasSubstr("parameters.income_tax: scale 'income_tax' is not used by any package"));
  EXPECT_THAT(problems(with("rates: [0, 0.1, 0.2]", "rates: [0, 0.1, x]")),
              HasSubstr("a decimal number with at most six places"));
}
