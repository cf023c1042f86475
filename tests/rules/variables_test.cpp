// Named variables (schema project8/rules/2): an expression with a name, read
// by conditions, amounts and other variables; cycles and clashes are located
// errors; traces show each variable's value; both evaluators agree.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/expect.hpp"
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/rules/evaluate.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

std::string rule_file(const std::string& variables, const std::string& conditions,
                      const std::string& amount) {
  return "schema: project8/rules/2\nname: v\ninputs:\n  id: string\n  sex: enum(F, M)\n"
         "  birth_date: date\n  visits: int\nparameters:\n  per_visit:\n    unit: VND\n"
         "    values:\n      - {from: 2020-01-01, value: 100000, source: x, status: verified}\n"
         "variables:\n  person:\n" +
         variables +
         "packages:\n  - id: p\n    title: {vi: t}\n    effective: {from: 2020-01-01}\n"
         "    source: x\n    conditions:\n" +
         conditions + "    amount: \"" + amount + "\"\n";
}

const std::string kVariables =
    "    age: \"age_years(birth_date)\"\n"
    "    of_age: \"age >= 15 and age <= 49\"\n"
    "    paid_visits: \"min(visits, 4)\"\n";
const std::string kConditions =
    "      - {id: female, when: \"sex == 'F'\"}\n"
    "      - {id: of_age, when: \"of_age\"}\n";

std::string problems(const std::string& yaml) {
  try {
    (void)rules::RuleSet::parse(yaml, "v.yaml");
  } catch (const core::InputError& e) {
    std::string all;
    for (const auto& p : e.problems()) all += p.to_string() + "\n";
    return all;
  }
  return {};
}

}  // namespace

TEST(RuleVariables, ConditionsAndAmountsReadThemAndBothEvaluatorsAgree) {
  const auto r = rules::RuleSet::parse(
      rule_file(kVariables, kConditions, "per_visit * paid_visits"), "v.yaml");
  ASSERT_EQ(r.variables().size(), 3U);
  EXPECT_EQ(r.variables()[1].name, "of_age");
  EXPECT_TRUE(r.warnings().empty());
  std::string csv = "id,sex,birth_date,visits\n";
  for (int i = 0; i < 3000; ++i) {
    const int year = 1960 + i % 60;
    csv += "p" + std::to_string(i) + "," + (i % 3 == 0 ? "M" : "F") + "," +
           (i % 17 == 0 ? std::string() : std::to_string(year) + "-06-30") + "," +
           std::to_string(i % 7) + "\n";
  }
  const auto people = rules::parse_population(r, csv, "people.csv");
  const rules::CaseEvaluator one(r, people);
  const auto day = core::make_date(2025, 6, 30);
  rules::EvaluateOptions options;
  options.chunk_rows = 512;
  const auto res = rules::evaluate(r, people, day, options);
  std::size_t eligible = 0;
  for (std::size_t i = 0; i < people.rows(); ++i) {
    const auto d = one.decide(i, day)[0];
    ASSERT_EQ(d.reason, res.packages[0].reason_at(i)) << i;
    ASSERT_EQ(d.amount, res.packages[0].amount[i]) << i;
    eligible += d.eligible ? 1 : 0;
  }
  EXPECT_GT(eligible, 100U);
  // A woman born on 1976-06-30 is 49 on 2025-06-30 (of age); one born on 1975-06-30 is 50.
  const auto two = rules::parse_population(
      r, "id,sex,birth_date,visits\na,F,1976-06-30,6\nb,F,1975-06-30,2\n", "two.csv");
  const auto t = rules::explain(r, two, 0, day);
  EXPECT_TRUE(t.packages[0].eligible);
  EXPECT_EQ(t.packages[0].amount, 400000);
  EXPECT_EQ(t.packages[0].conditions[1].with_values, "true");
  EXPECT_EQ(t.packages[0].amount_with_values, "100000 * 4");
  std::vector<std::pair<std::string, std::string>> seen;
  for (const auto& v : t.packages[0].variables) seen.emplace_back(v.name, v.value);
  EXPECT_THAT(seen, ::testing::UnorderedElementsAre(
                        std::pair<std::string, std::string>{"of_age", "true"},
                        std::pair<std::string, std::string>{"age", "49"},
                        std::pair<std::string, std::string>{"paid_visits", "4"}));
  EXPECT_EQ(rules::explain(r, two, 1, day).packages[0].reason, "of_age");
}

TEST(RuleVariables, CyclesClashesAndErrorsAreLocated) {
  test::expect_mentions(problems(rule_file("    a: \"b + 1\"\n    b: \"a * 2\"\n",
                                           "      - {id: c, when: \"a > 0\"}\n", "0")),
                        {"the variables refer to each other in a cycle: a → b → a"});
  EXPECT_THAT(problems(rule_file("    visits: \"1\"\n", kConditions, "0")),
              HasSubstr("v.yaml:15:5: variables.person.visits: 'visits' already names an input, "
                        "parameter, table or variable"));
  EXPECT_THAT(problems(rule_file("    age: \"age_years(birth_day)\"\n",
                                 "      - {id: c, when: \"age > 0\"}\n", "0")),
              HasSubstr("v.yaml:15:21: variables.person.age: unknown name 'birth_day'"));
  EXPECT_THAT(problems(rule_file(kVariables, "      - {id: c, when: \"age\"}\n", "0")),
              HasSubstr("expected an expression of type bool, found int"));
  std::string v1 = rule_file(kVariables, kConditions, "0");
  v1.replace(v1.find("rules/2"), 7, "rules/1");
  EXPECT_THAT(problems(v1), HasSubstr("variables need schema project8/rules/2"));
  const auto unused = rules::RuleSet::parse(
      rule_file(kVariables + "    spare: \"visits + 1\"\n", kConditions, "per_visit * paid_visits"),
      "v.yaml");
  ASSERT_EQ(unused.warnings().size(), 1U);
  EXPECT_THAT(unused.warnings()[0].to_string(),
              HasSubstr("variables.person.spare: variable 'spare' is not used by any package"));
}

TEST(RuleInputs, ADefaultFillsAMissingCellOrAMissingColumn) {
  const std::string yaml =
      "schema: project8/rules/2\nname: d\ninputs:\n  id: string\n"
      "  pregnant: {type: bool, default: false}\n  visits: {type: int, default: 0}\n"
      "  sex: {type: \"enum(F, M)\", default: F}\n"
      "packages:\n  - id: p\n    title: {vi: t}\n    effective: {from: 2020-01-01}\n"
      "    source: x\n    conditions:\n      - {id: female, when: \"sex == 'F'\"}\n"
      "      - {id: pregnant, when: \"pregnant\"}\n"
      "    amount: \"100000 * visits\"\n";
  const auto r = rules::RuleSet::parse(yaml, "d.yaml");
  // No `visits` column at all; an empty `pregnant` cell; an empty `sex` cell.
  const auto people =
      rules::parse_population(r, "id,pregnant,sex\na,true,F\nb,,F\nc,true,\nd,false,M\n", "p.csv");
  const auto day = core::make_date(2025, 6, 30);
  const auto res = rules::evaluate(r, people, day);
  const rules::CaseEvaluator one(r, people);
  const std::vector<std::string> reasons = {"", "pregnant", "", "female"};
  for (std::size_t i = 0; i < people.rows(); ++i) {
    EXPECT_EQ(res.packages[0].reason_at(i), reasons[i]) << i;
    EXPECT_EQ(one.decide(i, day)[0].reason, reasons[i]) << i;
    EXPECT_EQ(res.packages[0].amount[i], 0) << i;  // visits defaults to 0
  }
  EXPECT_EQ(rules::explain(r, people, 1, day).packages[0].conditions[1].with_values, "false");
  // A text default that a spreadsheet would take for a formula is kept as written
  // (the CSV neutralisation is for files people open, not for what the library reads back).
  const auto texts = rules::RuleSet::parse(
      "schema: project8/rules/2\nname: t\ninputs:\n  phone: {type: string, default: \"+84 912\"}\n"
      "packages:\n  - id: p\n    title: {vi: t}\n    effective: {from: 2020-01-01}\n"
      "    source: x\n    conditions:\n      - {id: vn, when: \"phone == '+84 912'\"}\n"
      "tests:\n  - {name: kept, as_of: 2025-01-01, input: {}, expect: {p: {eligible: true}}}\n"
      "  - {name: given, as_of: 2025-01-01, input: {phone: \"=1+1\"}, expect: {p: {reason: vn}}}\n",
      "t.yaml");
  const auto report = rules::run_tests(texts);
  EXPECT_TRUE(report.ok()) << (report.failures.empty() ? "" : report.failures[0].to_string());
  EXPECT_EQ(report.passed, 2U);
  // A default that is not a value of the type is a located error; schema 1 has no defaults.
  std::string bad = yaml;
  bad.replace(bad.find("default: 0"), 10, "default: none");
  EXPECT_THAT(problems(bad), HasSubstr("inputs.visits.default: expected an integer"));
  std::string v1 = yaml;
  v1.replace(v1.find("rules/2"), 7, "rules/1");
  EXPECT_THAT(problems(v1), HasSubstr("inputs.pregnant.default: unknown key 'default'"));
}
