// Households (schema project8/rules/2 with `entities:`): persons linked to
// household rows by a key; aggregations over members in household
// expressions, household.NAME in person ones; packages decided per household
// or per person; both evaluators agree; linking and language errors are
// located.
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/yaml_reader.hpp"
#include "support/expect.hpp"
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/rules/evaluate.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

const std::string kDir = PROJECT8_SOURCE_DIR "/tests/data/rule-households/";

rules::RuleSet example() {
  return rules::RuleSet::load(kDir + "rules.yaml");
}

data::Table households_of(const rules::RuleSet& r, const std::string& csv) {
  return data::parse_csv(csv, r.household_inputs(), "households.csv");
}

std::string problems(const std::string& yaml) {
  try {
    (void)rules::RuleSet::parse(yaml, "h.yaml");
  } catch (const core::InputError& e) {
    std::string all;
    for (const auto& p : e.problems()) all += p.to_string() + "\n";
    return all;
  }
  return {};
}

/// The example rule file with `from` replaced by `to` (once).
std::string edited(const std::string& from, const std::string& to) {
  std::string text = io::read_file(kDir + "rules.yaml");
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST(RuleHouseholds, HouseholdAndPersonPackagesFromTheExample) {
  const auto r = example();
  ASSERT_TRUE(r.has_households());
  EXPECT_EQ(r.household_key(), "household_id");
  EXPECT_EQ(r.packages()[0].entity, "household");
  EXPECT_EQ(r.packages()[1].entity, "person");
  const auto people = rules::read_population(r, kDir + "people.csv");
  const auto homes = data::read_csv(kDir + "households.csv", r.household_inputs());
  const auto day = core::make_date(2025, 6, 30);
  const auto res = rules::evaluate(r, people, homes, day);
  EXPECT_EQ(res.rows, 8U);
  EXPECT_EQ(res.household_rows, 4U);
  const auto& support = res.package("household_support");
  EXPECT_EQ(support.entity, "household");
  ASSERT_EQ(support.eligible.size(), 4U);
  // H1: 2,500,000 đ for 3 persons against 1,500,000 đ each, 3 deprivations: poor, one young child.
  EXPECT_EQ(support.reason_at(0), "");
  EXPECT_EQ(support.amount[0], 700000);
  EXPECT_EQ(support.reason_at(1), "poor");            // H2: urban, well above the line
  EXPECT_EQ(support.reason_at(2), "unknown:poor");    // H3: income not given
  EXPECT_EQ(support.reason_at(3), "young_children");  // H4: poor, no child under 6
  EXPECT_EQ(support.total.in_vnd(), 700000);
  const auto& anc = res.package("anc_travel");
  ASSERT_EQ(anc.eligible.size(), 8U);
  const std::vector<std::string> reasons = {
      "",   "female", "age", "poor_household", "female", "unknown:poor_household", "unknown:age",
      "age"};
  for (std::size_t i = 0; i < reasons.size(); ++i) EXPECT_EQ(anc.reason_at(i), reasons[i]) << i;
  EXPECT_EQ(anc.amount[0], 100000);

  // The one-case evaluator says the same, and explains an aggregation.
  const rules::CaseEvaluator one(r, people, homes);
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(one.decide(i, day)[0].reason, reasons[i]) << i;
  for (std::size_t h = 0; h < 4; ++h)
    EXPECT_EQ(one.decide(h, day, "household")[0].reason, support.reason_at(h)) << h;
  const auto t = one.explain(0, day, "household");
  EXPECT_EQ(t.entity, "household");
  EXPECT_EQ(t.person, "H1");
  ASSERT_EQ(t.packages.size(), 1U);
  EXPECT_EQ(t.packages[0].amount_with_values, "round(0.7 * 1000000 * 1, 1000)");
  std::vector<std::pair<std::string, std::string>> seen;
  for (const auto& v : t.packages[0].variables) seen.emplace_back(v.name, v.value);
  EXPECT_THAT(seen, ::testing::Contains(std::pair<std::string, std::string>{"size", "3"}));
  EXPECT_THAT(seen, ::testing::Contains(std::pair<std::string, std::string>{"poor", "true"}));
  const auto p = one.explain(3, day);
  EXPECT_EQ(p.packages[0].conditions[3].with_values, "false");
  EXPECT_THAT(p.packages[0].conditions[3].when, HasSubstr("household.poor"));
  EXPECT_THROW((void)one.explain(0, day, "village"), core::InvalidArgument);
}

TEST(RuleHouseholds, MembersInAnyOrderAndBothEvaluatorsAgree) {
  const auto r = example();
  std::mt19937 rng(17);
  std::string homes_csv = "household_id,area,income_month,deprivations\n";
  std::string people_csv = "id,household_id,sex,birth_date,pregnant\n";
  std::vector<std::string> persons;
  for (int h = 0; h < 700; ++h) {
    const std::string key = "H" + std::to_string(h);
    homes_csv += key + "," + (rng() % 3 == 0 ? "urban" : "rural") + "," +
                 (rng() % 11 == 0 ? std::string() : std::to_string(500000 + rng() % 6000000)) +
                 "," + std::to_string(rng() % 6) + "\n";
    const int members = 1 + static_cast<int>(rng() % 8);
    for (int m = 0; m < members; ++m) {
      const int year = 1950 + static_cast<int>(rng() % 76);
      persons.push_back("p" + std::to_string(persons.size()) + "," + key + "," +
                        (rng() % 2 == 0 ? "F" : "M") + "," +
                        (rng() % 13 == 0 ? std::string() : std::to_string(year) + "-03-15") + "," +
                        (rng() % 5 == 0 ? "" : (rng() % 3 == 0 ? "true" : "false")) + "\n");
    }
  }
  std::shuffle(persons.begin(), persons.end(), rng);  // members in any order
  for (const auto& line : persons) people_csv += line;
  const auto people = rules::parse_population(r, people_csv, "people.csv");
  const auto homes = households_of(r, homes_csv);
  const auto day = core::make_date(2025, 6, 30);
  rules::EvaluateOptions options;
  options.chunk_rows = 256;
  options.threads = 2;
  const auto res = rules::evaluate(r, people, homes, day, options);
  const rules::CaseEvaluator one(r, people, homes);
  std::size_t paid = 0;
  for (std::size_t h = 0; h < homes.rows(); ++h) {
    const auto d = one.decide(h, day, "household")[0];
    ASSERT_EQ(d.reason, res.packages[0].reason_at(h)) << h;
    ASSERT_EQ(d.amount, res.packages[0].amount[h]) << h;
    paid += d.eligible ? 1 : 0;
  }
  for (std::size_t i = 0; i < people.rows(); ++i) {
    const auto d = one.decide(i, day)[0];
    ASSERT_EQ(d.reason, res.packages[1].reason_at(i)) << i;
    paid += d.eligible ? 1 : 0;
  }
  EXPECT_GT(paid, 20U);
  EXPECT_EQ(res.packages[0].eligible_count + res.packages[1].eligible_count, paid);
}

TEST(RuleHouseholds, PersonsAndHouseholdsThatDoNotFitAreNamed) {
  const auto r = example();
  const auto day = core::make_date(2025, 6, 30);
  const auto people = rules::parse_population(
      r, "id,household_id,sex,birth_date\na,H1,F,1990-01-01\nb,H9,F,1990-01-01\nc,,M,1990-01-01\n",
      "p.csv");
  const auto homes = households_of(
      r, "household_id,area,income_month,deprivations\nH1,rural,1,3\nH2,rural,1,3\nH1,urban,1,1\n");
  std::string message;
  try {
    (void)rules::evaluate(r, people, homes, day);
  } catch (const core::InvalidArgument& e) {
    message = e.what();
  }
  test::expect_mentions(message, {"persons and households do not fit together by 'household_id'",
                                  "household household_id 'H1' appears on rows 1 and 3",
                                  "person row 2: household_id 'H9' names no household row",
                                  "person row 3 has no household_id",
                                  "household row 2 (household_id 'H2') has no members"});
  EXPECT_THROW((void)rules::CaseEvaluator(r, people, homes), core::InvalidArgument);
  // A rule set with households is evaluated with them; one without, without.
  EXPECT_THROW((void)rules::evaluate(r, people, day), core::InvalidArgument);
  EXPECT_THROW((void)rules::CaseEvaluator(r, people), core::InvalidArgument);
}

TEST(RuleHouseholds, AggregationsKeepThreeValuedLogic) {
  const std::string yaml =
      "schema: project8/rules/2\nname: a\nentities: {household: {key: hh}}\ninputs:\n"
      "  person: {hh: string, x: int, ok: bool}\n  household: {hh: string}\n"
      "variables:\n  household:\n    n: \"count(members)\"\n    c: \"count(members, ok)\"\n"
      "    s: \"sum(members, x)\"\n    lo: \"min(members, x)\"\n    hi: \"max(members, x)\"\n"
      "    some: \"any(members, ok)\"\n    every: \"all(members, ok)\"\n"
      "packages:\n  - id: p\n    entity: household\n    title: {vi: t}\n"
      "    effective: {from: 2020-01-01}\n    source: x\n    conditions:\n"
      "      - {id: some, when: \"some\"}\n      - {id: every, when: \"every\"}\n"
      "    amount: \"n * 1000000 + c * 100000 + s * 1000 + lo * 10 + hi\"\n";
  const auto r = rules::RuleSet::parse(yaml, "a.yaml");
  const auto day = core::make_date(2025, 1, 1);
  auto run = [&](const std::string& members) {
    const auto people = rules::parse_population(r, "hh,x,ok\n" + members, "p.csv");
    const auto homes = households_of(r, "hh\nA\n");
    const auto res = rules::evaluate(r, people, homes, day);
    const auto d = rules::CaseEvaluator(r, people, homes).decide(0, day, "household")[0];
    EXPECT_EQ(d.reason, res.packages[0].reason_at(0)) << members;
    EXPECT_EQ(d.amount, res.packages[0].amount[0]) << members;
    return res.packages[0].reason_at(0) + "/" + std::to_string(res.packages[0].amount[0]);
  };
  EXPECT_EQ(run("A,3,true\nA,1,true\nA,2,true\n"), "/3306013");  // 3 members, 3 ok, sum 6, 1..3
  EXPECT_EQ(run("A,3,true\nA,1,false\n"), "every/0");            // one false: not all
  EXPECT_EQ(run("A,3,true\nA,1,\n"), "unknown:every/0");         // any is true all the same
  EXPECT_EQ(run("A,3,false\nA,1,\n"), "unknown:some/0");         // none true, one unknown
  EXPECT_EQ(run("A,3,true\nA,,true\n"), "error:amount/0");       // a sum with a missing x
  EXPECT_EQ(run("A,9223372036854775807,true\nA,1,true\n"), "error:amount/0");  // overflow
}

TEST(RuleHouseholds, LanguageErrorsAreLocated) {
  EXPECT_THAT(problems(edited("    age: \"age_years(birth_date)\"",
                              "    age: \"age_years(birth_date)\"\n    n: \"count(members)\"")),
              HasSubstr("an aggregation over members is a household expression"));
  EXPECT_THAT(problems(edited("young_children: \"count(members, age_years(birth_date) < 6)\"",
                              "young_children: \"count(members, household.poor)\"")),
              HasSubstr("h.yaml:37:47: variables.household.young_children: an expression per "
                        "member cannot read household.poor"));
  EXPECT_THAT(problems(edited("{id: poor_household, when: \"household.poor\"}",
                              "{id: poor_household, when: \"household.rich\"}")),
              HasSubstr("unknown household name 'rich': expected one of household_id, area, "
                        "income_month, deprivations, size"));
  EXPECT_THAT(problems(edited("{id: poor_household, when: \"household.poor\"}",
                              "{id: poor_household, when: \"household.household_id == 'x'\"}")),
              HasSubstr("household.household_id is a text"));
  EXPECT_THAT(problems(edited("    size: \"count(members)\"", "    size: \"count(birth_date)\"")),
              HasSubstr("count() aggregates a household's members: write count(members, …)"));
  EXPECT_THAT(problems(edited("    size: \"count(members)\"", "    size: \"sum(members, sex)\"")),
              HasSubstr("an int or decimal value per member was expected, found text"));
  EXPECT_THAT(problems(edited("    size: \"count(members)\"", "    size: \"members\"")),
              HasSubstr("'members' is read only as the first argument"));
  EXPECT_THAT(
      problems(edited("{id: poor, when: \"poor\"}", "{id: poor, when: \"household.poor\"}")),
      HasSubstr("a household expression reads its own names: write 'poor'"));
  EXPECT_THAT(problems(edited("    entity: household\n", "    entity: village\n")),
              HasSubstr("person or household was expected"));
  EXPECT_THAT(
      problems(edited("    pregnant: {type: bool, default: false}",
                      "    pregnant: {type: bool, default: false}\n    members: int")),
      HasSubstr("inputs.person.members: 'members' is a reserved word of the rule language"));
  EXPECT_THAT(problems(edited("    household_id: string\n    area:", "    area:")),
              HasSubstr("the household inputs must declare the household key 'household_id'"));
}

TEST(RuleHouseholds, TestsInTheRuleFileHaveAHouseholdAndItsMembers) {
  const auto report = rules::run_tests(example());
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.passed, 3U);
  const auto wrong = rules::RuleSet::parse(edited("anc_travel: {eligible: true, amount: 100000}",
                                                  "anc_travel: {eligible: true, amount: 100001}"),
                                           "h.yaml");
  const auto failed = rules::run_tests(wrong);
  ASSERT_EQ(failed.failures.size(), 1U);
  EXPECT_THAT(failed.failures[0].message,
              HasSubstr("anc_travel amount expected 100001, got 100000"));
  EXPECT_THAT(problems(edited("    member: 1\n", "    member: 2\n")),
              HasSubstr("tests[1].member: the index (from 0) of one of the members was expected"));
  EXPECT_THAT(
      problems(edited("      - {sex: F, birth_date: 2000-01-01, pregnant: true}",
                      "      - {sex: F, income_month: 1}")),
      HasSubstr("tests[2].members[0].income_month: 'income_month' is not a declared input"));
}

TEST(RulePackageResults, APackageReadsAnothersEligibilityAndAmount) {
  // "The highest level only": low is read before high is written.
  const std::string yaml =
      "schema: project8/rules/2\nname: l\ninputs: {id: string, score: int}\npackages:\n"
      "  - id: low\n    title: {vi: t}\n    effective: {from: 2020-01-01}\n    source: x\n"
      "    conditions:\n      - {id: score, when: \"score >= 5\"}\n"
      "      - {id: not_high, when: \"not high.eligible\"}\n"
      "    amount: \"100 + high.amount\"\n"
      "  - id: high\n    title: {vi: t}\n    effective: {from: 2020-01-01}\n    source: x\n"
      "    conditions:\n      - {id: score, when: \"score >= 10\"}\n"
      "      - {id: not_low_score, when: \"score != 11\"}\n    amount: \"300\"\n";
  const auto r = rules::RuleSet::parse(yaml, "l.yaml");
  const auto people = rules::parse_population(r, "id,score\na,12\nb,7\nc,\nd,11\n", "p.csv");
  const auto day = core::make_date(2025, 1, 1);
  const auto res = rules::evaluate(r, people, day);
  const auto& low = res.package("low");
  EXPECT_EQ(low.reason_at(0), "not_high");
  EXPECT_EQ(low.reason_at(1), "");
  EXPECT_EQ(low.amount[1], 100);
  EXPECT_EQ(low.reason_at(2), "unknown:score");
  EXPECT_EQ(low.reason_at(3), "");  // high says no for 11: its amount reads as 0
  EXPECT_EQ(low.amount[3], 100);
  const rules::CaseEvaluator one(r, people);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(one.decide(i, day)[0].reason, low.reason_at(i)) << i;
    EXPECT_EQ(one.decide(i, day)[0].amount, low.amount[i]) << i;
  }
  EXPECT_EQ(rules::explain(r, people, 0, day).packages[0].conditions[1].with_values, "not true");
  // A cycle is located at the packages.
  std::string cycle = yaml;
  cycle.replace(cycle.find("score != 11"), 11, "not low.eligible");
  EXPECT_THAT(problems(cycle), HasSubstr("packages read each other's results in a cycle: "));
  EXPECT_THAT(problems(cycle), HasSubstr("low → high → low"));
  // Unknown packages and fields are named.
  std::string unknown = yaml;
  unknown.replace(unknown.find("high.eligible"), 13, "highest.eligible");
  EXPECT_THAT(problems(unknown), HasSubstr("unknown name 'highest.eligible': expected "
                                           "PACKAGE.eligible or PACKAGE.amount"));
}

TEST(RulePackageResults, PersonsReadTheirHouseholdsPackageResults) {
  const auto r = rules::RuleSet::parse(
      edited("{id: poor_household, when: \"household.poor\"}",
             "{id: poor_household, when: \"household.household_support.eligible or "
             "household.household_support.amount > 0 or household.poor\"}"),
      "h.yaml");
  const auto people = rules::read_population(r, kDir + "people.csv");
  const auto homes = data::read_csv(kDir + "households.csv", r.household_inputs());
  const auto day = core::make_date(2025, 6, 30);
  const auto res = rules::evaluate(r, people, homes, day);
  const rules::CaseEvaluator one(r, people, homes);
  for (std::size_t i = 0; i < people.rows(); ++i)
    EXPECT_EQ(one.decide(i, day)[0].reason, res.packages[1].reason_at(i)) << i;
  EXPECT_EQ(res.packages[1].reason_at(0), "");
  // P6's household does not know its income: unknown, as household.poor is.
  EXPECT_EQ(res.packages[1].reason_at(5), "unknown:poor_household");
  EXPECT_THAT(problems(edited("young_children: \"count(members, age_years(birth_date) < 6)\"",
                              "young_children: \"count(members, anc_travel.eligible)\"")),
              HasSubstr("cannot read a package's result"));
}

TEST(RuleHouseholds, IntegerKeysNearTogetherOrFarApart) {
  const std::string yaml =
      "schema: project8/rules/2\nname: k\nentities: {household: {key: hh}}\ninputs:\n"
      "  person: {hh: int, x: int}\n  household: {hh: int}\n"
      "variables:\n  household:\n    s: \"sum(members, x)\"\n"
      "packages:\n  - id: p\n    entity: household\n    title: {vi: t}\n"
      "    effective: {from: 2020-01-01}\n    source: x\n    conditions: []\n    amount: \"s\"\n";
  const auto r = rules::RuleSet::parse(yaml, "k.yaml");
  const auto day = core::make_date(2025, 1, 1);
  auto amounts = [&](const std::string& homes, const std::string& people) {
    const auto res = rules::evaluate(r, rules::parse_population(r, "hh,x\n" + people, "p.csv"),
                                     households_of(r, "hh\n" + homes), day);
    std::string out;
    for (const auto a : res.packages[0].amount) out += std::to_string(a) + " ";
    return out;
  };
  EXPECT_EQ(amounts("3\n1\n2\n", "1,5\n2,7\n1,1\n3,2\n"), "2 6 7 ");  // near together
  EXPECT_EQ(amounts("-7\n1000000000000\n5\n", "5,1\n-7,2\n1000000000000,4\n5,8\n"), "2 4 9 ");
  EXPECT_EQ(amounts("-9223372036854775808\n9223372036854775807\n",
                    "9223372036854775807,3\n-9223372036854775808,1\n"),
            "1 3 ");  // the extremes: no overflow in telling near from far
  std::string message;
  try {
    (void)amounts("1\n2\n1\n", "1,1\n2,1\n4,1\n");
  } catch (const core::InvalidArgument& e) {
    message = e.what();
  }
  test::expect_mentions(message, {"household hh '1' appears on rows 1 and 3",
                                  "person row 3: hh '4' names no household row"});
  message.clear();
  try {
    (void)amounts("-7\n1000000000000\n", "-7,1\n-8,1\n1000000000000,1\n");
  } catch (const core::InvalidArgument& e) {
    message = e.what();
  }
  EXPECT_THAT(message, HasSubstr("person row 2: hh '-8' names no household row"));
}

TEST(RuleHouseholds, WhatIfComparesHouseholdsHouseholdByHousehold) {
  const auto base = example();
  std::string text = edited("deprivations >= 3\"", "deprivations >= 2\"");
  text.replace(text.find("value: 0.7,"), 11, "value: 0.8,");
  const auto variant = rules::RuleSet::parse(text, "v.yaml");
  const auto people = rules::read_population(base, kDir + "people.csv");
  const auto homes = data::read_csv(kDir + "households.csv", base.household_inputs());
  const auto day = core::make_date(2025, 6, 30);
  const auto w = rules::whatif(base, variant, people, homes, day);
  ASSERT_EQ(w.packages.size(), 2U);
  EXPECT_EQ(w.packages[0].entity, "household");
  EXPECT_EQ(w.packages[0].base_cost.in_vnd(), 700000);
  EXPECT_EQ(w.packages[0].variant_cost.in_vnd(), 800000);
  EXPECT_EQ(w.packages[1].entity, "person");
  // A package decided per household in one and per person in the other is refused.
  std::string moved = io::read_file(kDir + "rules.yaml");
  auto replace = [&](const std::string& from, const std::string& to) {
    moved.replace(moved.find(from), from.size(), to);
  };
  replace("    entity: household\n", "");
  replace("{id: poor, when: \"poor\"}", "{id: poor, when: \"household.poor\"}");
  replace("young_children >= 1\"", "household.young_children >= 1\"");
  replace("* young_children, 1000)", "* household.young_children, 1000)");
  moved.resize(moved.find("tests:"));  // its tests are the household package's
  const auto per_person = rules::RuleSet::parse(moved, "m.yaml");
  EXPECT_THROW((void)rules::whatif(base, per_person, people, homes, day), core::InvalidArgument);
}
