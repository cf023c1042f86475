// Dated tables in rule files (schema project8/rules/2): `source: registry`
// reads a commune's zone class on the evaluation date through the lineage,
// in the column evaluator and in the one-case trace alike.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/expect.hpp"
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/geo/registry.hpp>
#include <project8/rules/evaluate.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

// Illustrative classes (not the real ones: those were not found). Until
// 30/6/2025 03390 is Thị trấn Tam Đường (region I) and 03391 Xã Hồ Thầu
// (region III); both merge into Xã Bình Lư, which takes the code 03390.
// 03394 Xã Thèn Sin and 03395 Xã Tả Lèng, both region III and especially
// difficult, merge into Xã Sin Suối Hồ (03394). From 2026 Bình Lư has its
// own class, region recorded as unknown.
const char* const kRegistry = R"(schema: project8/geo/1
units:
  - {code: "12", name: "Tỉnh Lai Châu", kind: province}
  - {code: "03390", name: "Thị trấn Tam Đường", kind: township, parent: "12", valid_to: 2025-06-30}
  - {code: "03391", name: "Xã Hồ Thầu", kind: commune, parent: "12", valid_to: 2025-06-30}
  - {code: "03394", name: "Xã Thèn Sin", kind: commune, parent: "12", valid_to: 2025-06-30}
  - {code: "03395", name: "Xã Tả Lèng", kind: commune, parent: "12", valid_to: 2025-06-30}
  - {code: "03390", name: "Xã Bình Lư", kind: commune, parent: "12", valid_from: 2025-07-01}
  - {code: "03394", name: "Xã Sin Suối Hồ", kind: commune, parent: "12", valid_from: 2025-07-01}
lineage:
  - {kind: merge, date: 2025-07-01, from: ["03390", "03391"], to: ["03390"]}
  - {kind: merge, date: 2025-07-01, from: ["03394", "03395"], to: ["03394"]}
zones:
  - {unit: "03390", from: 2021-06-04, to: 2025-12-31, region: 1, especially_difficult: false,
     instrument: {instrument: "861/QĐ-TTg"}, amended_by: [{instrument: "698/QĐ-TTg"}]}
  - {unit: "03391", from: 2021-06-04, to: 2025-12-31, region: 3, especially_difficult: true,
     instrument: {instrument: "861/QĐ-TTg"}}
  - {unit: "03394", from: 2021-06-04, to: 2025-12-31, region: 3, especially_difficult: true,
     instrument: {instrument: "861/QĐ-TTg"}}
  - {unit: "03395", from: 2021-06-04, to: 2025-12-31, region: 3, especially_difficult: true,
     instrument: {instrument: "861/QĐ-TTg"}}
  - {unit: "03390", from: 2026-01-01, to: 2030-12-31, instrument: {instrument: "60/QĐ-BDTTG"},
     confidence: unknown, note: "not found"}
)";

const char* const kRules = R"yaml(schema: project8/rules/2
name: region-three
inputs:
  id: string
  commune: unit
  pregnant: bool
tables:
  communes: {source: registry}
packages:
  - id: travel
    title: {vi: "Hỗ trợ đi lại", en: "Travel support"}
    effective: {from: 2021-06-04}
    source: "55/2023/TT-BTC"
    conditions:
      - {id: pregnant, when: "pregnant"}
      - {id: region_3, when: "communes[commune].region == 3"}
    amount: "if(communes[commune].especially_difficult, 150000, 100000)"
)yaml";

const char* const kPeople =
    "id,commune,pregnant\n"
    "a,03390,true\n"
    "b,03391,true\n"
    "c,03394,true\n"
    "d,03395,true\n"
    "e,99999,true\n"
    "f,,true\n";

geo::Registry registry() {
  return geo::Registry::parse(kRegistry, "zones.yaml");
}

rules::RuleSet bound_rules() {
  return rules::RuleSet::parse(kRules, "region.yaml").with_registry(registry());
}

/// Per person: eligible, reason, amount of package `travel` on `day`.
std::vector<std::string> outcomes(const rules::RuleSet& r, core::Date day) {
  const auto people = rules::parse_population(r, kPeople, "people.csv");
  const auto res = rules::evaluate(r, people, day);
  const rules::CaseEvaluator cases(r, people);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < people.rows(); ++i) {
    const auto& p = res.packages[0];
    const auto one = cases.decide(i, day)[0];
    EXPECT_EQ(one.eligible, p.eligible[i] != 0) << i;
    EXPECT_EQ(one.reason, p.reason_at(i)) << i;
    EXPECT_EQ(one.amount, p.amount[i]) << i;
    out.push_back(p.reason_at(i).empty() ? std::to_string(p.amount[i]) : p.reason_at(i));
  }
  return out;
}

}  // namespace

TEST(RuleTablesTest, RegistryTableReadsTheClassInForceThroughTheLineage) {
  const auto r = bound_rules();
  EXPECT_TRUE(r.reads_registry());
  EXPECT_TRUE(r.is_unit_input("commune"));
  EXPECT_FALSE(r.is_unit_input("id"));
  ASSERT_EQ(r.tables().size(), 1U);
  EXPECT_EQ(r.tables()[0].name, "communes");
  EXPECT_EQ(r.tables()[0].columns, (std::vector<std::string>{"region", "especially_difficult"}));
  // Before the mergers: each commune its own class. 03390 is the township (region I).
  EXPECT_EQ(outcomes(r, core::make_date(2025, 6, 30)),
            (std::vector<std::string>{"region_3", "150000", "150000", "150000",
                                      "unknown:region_3", "unknown:region_3"}));
  // After: 03390 is Xã Bình Lư, formed from a region-I and a region-III
  // commune — no one class (unknown, not a guess); 03394 Sin Suối Hồ keeps
  // the class both its former communes share; 03391 and 03395 name no unit.
  EXPECT_EQ(outcomes(r, core::make_date(2025, 9, 1)),
            (std::vector<std::string>{"unknown:region_3", "unknown:region_3", "150000",
                                      "unknown:region_3", "unknown:region_3",
                                      "unknown:region_3"}));
  // 2026: Bình Lư's own class, its region not recorded.
  EXPECT_EQ(outcomes(r, core::make_date(2026, 3, 1))[0], "unknown:region_3");
}

TEST(RuleTablesTest, TheTraceShowsTheCellAndWhereItComesFrom) {
  const auto r = bound_rules();
  const auto people = rules::parse_population(r, kPeople, "people.csv");
  const auto t = rules::explain(r, people, 2, core::make_date(2025, 9, 1));
  const auto& pkg = t.packages[0];
  EXPECT_TRUE(pkg.eligible);
  EXPECT_EQ(pkg.conditions[1].with_values, "3 == 3");
  EXPECT_EQ(pkg.amount_with_values, "if(true, 150000, 100000)");
  ASSERT_EQ(pkg.tables.size(), 2U);
  EXPECT_EQ(pkg.tables[0].table, "communes");
  EXPECT_EQ(pkg.tables[0].column, "region");
  EXPECT_EQ(pkg.tables[0].key, "03394");
  EXPECT_EQ(pkg.tables[0].value, "3");
  test::expect_mentions(pkg.tables[0].note.en, {"Xã Sin Suối Hồ (03394)", "formed from",
                                             "Xã Thèn Sin region 3", "Xã Tả Lèng region 3"});
  ASSERT_EQ(pkg.tables[0].sources.size(), 1U);
  EXPECT_EQ(pkg.tables[0].sources[0].instrument.value(), "861/QĐ-TTg");
  EXPECT_EQ(pkg.tables[1].column, "especially_difficult");
  // A code that names no unit that day says so.
  const auto gone = rules::explain(r, people, 1, core::make_date(2025, 9, 1));
  ASSERT_EQ(gone.packages[0].tables.size(), 2U);  // a trace computes the amount too
  EXPECT_THAT(pkg.tables[0].note.vi, HasSubstr("các đơn vị hợp thành: Xã Thèn Sin khu vực 3"));
  EXPECT_THAT(gone.packages[0].tables[0].note.en, HasSubstr("no unit '03391' existed on 2025-09-01"));
  EXPECT_EQ(gone.packages[0].tables[0].value, "∅");
}

TEST(RuleTablesTest, EvaluatingWithoutARegistryIsAnErrorNamingTheTable) {
  const auto r = rules::RuleSet::parse(kRules, "region.yaml");
  EXPECT_FALSE(r.registry());
  const auto people = rules::parse_population(r, kPeople, "people.csv");
  try {
    (void)rules::evaluate(r, people, core::make_date(2025, 6, 30));
    FAIL();
  } catch (const core::InvalidArgument& e) {
    test::expect_mentions(e.what(), {"table 'communes'", "unit registry", "with_registry"});
  }
  EXPECT_THROW((void)rules::CaseEvaluator(r, people), core::InvalidArgument);
}

TEST(RuleTablesTest, ProblemsWithTablesAreLocated) {
  auto problems = [](const std::string& yaml) {
    try {
      (void)rules::RuleSet::parse(yaml, "t.yaml");
    } catch (const core::InputError& e) {
      std::string all;
      for (const auto& p : e.problems()) all += p.to_string() + "\n";
      return all;
    }
    return std::string();
  };
  auto with = [](std::string_view from, std::string_view to) {
    std::string y = kRules;
    y.replace(y.find(from), from.size(), to);
    return y;
  };
  EXPECT_THAT(problems(with("project8/rules/2", "project8/rules/1")),
              HasSubstr("t.yaml:5:12: inputs.commune: inputs of type unit need schema "
                        "project8/rules/2"));
  EXPECT_THAT(problems(with("commune: unit", "commune: string")),
              HasSubstr("t.yaml:16:40: packages[0].conditions[1].when: communes is keyed by unit "
                        "codes: declare input 'commune' as `unit`"));
  EXPECT_THAT(problems(with("communes[commune].region ==", "regions[commune].region ==")),
              HasSubstr("t.yaml:16:31: packages[0].conditions[1].when: unknown table 'regions': "
                        "expected one of communes"));
  EXPECT_THAT(problems(with("communes[commune].region ==", "communes[commune].class ==")),
              HasSubstr("t.yaml:16:49: packages[0].conditions[1].when: unknown column 'class' of "
                        "communes: expected one of region, especially_difficult"));
  EXPECT_THAT(problems(with("communes[commune].region ==", "communes[pregnant].region ==")),
              HasSubstr("the key of communes must be a text input, found bool"));
  EXPECT_THAT(problems(with("communes[commune].region ==", "communes[commune] ==")),
              HasSubstr("expected '.' and a column name after communes[...]"));
  EXPECT_THAT(problems(with("{source: registry}", "{source: communes.csv}")),
              HasSubstr("t.yaml:8:22: tables.communes.source: unknown table source "
                        "'communes.csv'"));
  EXPECT_THAT(problems(with("communes: {source", "pregnant: {source")),
              HasSubstr("'pregnant' is already an input name"));
  EXPECT_THAT(problems(with("project8/rules/2", "project8/rules/3")),
              HasSubstr("unsupported schema 'project8/rules/3': expected project8/rules/1 or "
                        "project8/rules/2"));
  std::string tables_in_1 = std::string(kRules);
  tables_in_1.replace(tables_in_1.find("project8/rules/2"), 16, "project8/rules/1");
  tables_in_1.replace(tables_in_1.find("commune: unit"), 13, "commune: string");
  EXPECT_THAT(problems(tables_in_1), HasSubstr("tables need schema project8/rules/2"));
}

TEST(RuleTablesTest, RegistryTablesGiveTheSameAnswersOnEveryRowAndDay) {
  // Many rows, in chunks on threads and selected rows: every row's decision
  // agrees with the one-case evaluator on days across the mergers.
  const auto r = bound_rules();
  std::string csv = "id,commune,pregnant\n";
  const char* codes[] = {"03390", "03391", "03394", "03395", "00000", ""};
  for (int i = 0; i < 20000; ++i) {
    csv += "p" + std::to_string(i) + "," + codes[(i * 7) % 6] + "," +
           (i % 5 == 0 ? "false" : (i % 11 == 0 ? "" : "true")) + "\n";
  }
  const auto people = rules::parse_population(r, csv, "many.csv");
  const rules::CaseEvaluator cases(r, people);
  for (const auto day : {core::make_date(2025, 6, 30), core::make_date(2025, 7, 1)}) {
    rules::EvaluateOptions options;
    options.threads = 2;
    options.chunk_rows = 1000;
    const auto res = rules::evaluate(r, people, day, options);
    std::size_t eligible = 0;
    for (std::size_t i = 0; i < people.rows(); i += 7) {
      const auto one = cases.decide(i, day)[0];
      ASSERT_EQ(one.reason, res.packages[0].reason_at(i)) << i;
      ASSERT_EQ(one.amount, res.packages[0].amount[i]) << i;
    }
    for (std::size_t i = 0; i < people.rows(); ++i) eligible += res.packages[0].eligible[i];
    EXPECT_EQ(eligible, res.packages[0].eligible_count);
    EXPECT_GT(eligible, 0U);
  }
}
