// Dated tables in rule files (schema project8/rules/2): `source: registry`
// reads a commune's zone class on the evaluation date through the lineage,
// in the column evaluator and in the one-case trace alike.
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/yaml_reader.hpp"
#include "support/expect.hpp"
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/geo/registry.hpp>
#include <project8/rules/evaluate.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

// The fixtures (tests/data/rule-tables/): illustrative zone classes of four
// communes merged into two on 1/7/2025 (03390 names Thị trấn Tam Đường, then
// Xã Bình Lư), a rule set reading them, six persons.
std::string fixture(const std::string& name) {
  return io::read_file(PROJECT8_SOURCE_DIR "/tests/data/rule-tables/" + name);
}
const std::string kRules = fixture("rules.yaml");
const std::string kPeople = fixture("people.csv");

geo::Registry registry() {
  return geo::Registry::load(PROJECT8_SOURCE_DIR "/tests/data/rule-tables/units.yaml");
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
            (std::vector<std::string>{"region_3", "150000", "150000", "150000", "unknown:region_3",
                                      "unknown:region_3"}));
  // After: 03390 is Xã Bình Lư, formed from a region-I and a region-III
  // commune — no one class (unknown, not a guess); 03394 Sin Suối Hồ keeps
  // the class both its former communes share; 03391 and 03395 name no unit.
  EXPECT_EQ(outcomes(r, core::make_date(2025, 9, 1)),
            (std::vector<std::string>{"unknown:region_3", "unknown:region_3", "150000",
                                      "unknown:region_3", "unknown:region_3", "unknown:region_3"}));
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
  EXPECT_THAT(gone.packages[0].tables[0].note.en,
              HasSubstr("no unit '03391' existed on 2025-09-01"));
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
  // Any other source is a file, which needs its key and typed columns.
  test::expect_mentions(
      problems(with("{source: registry}", "{source: communes.csv}")),
      {"tables.communes.key", "tables.communes.columns: a mapping of column names"});
  EXPECT_THAT(problems(with("{source: registry}", "{source: registry, key: commune}")),
              HasSubstr("a registry table has its own key"));
  EXPECT_THAT(problems(with("communes: {source", "pregnant: {source")),
              HasSubstr("'pregnant' is already an input name"));
  // One name, one meaning: a parameter may not take a table's name.
  EXPECT_THAT(problems(with("packages:",
                            "parameters:\n  communes:\n    unit: VND\n    values:\n"
                            "      - {from: 2021-01-01, value: 1, source: x, status: "
                            "verified}\npackages:")),
              HasSubstr("parameters.communes: 'communes' already names an input, parameter, table "
                        "or variable"));
  EXPECT_THAT(problems(with("project8/rules/2", "project8/rules/3")),
              HasSubstr("unsupported schema 'project8/rules/3': expected project8/rules/1 or "
                        "project8/rules/2"));
  // A table no package reads is a warning, like an unused input.
  const auto unused =
      rules::RuleSet::parse(with("communes: {source: registry}",
                                 "communes: {source: registry}\n  spare: {source: registry}"),
                            "t.yaml");
  ASSERT_EQ(unused.warnings().size(), 1U);
  EXPECT_EQ(unused.warnings()[0].to_string(),
            "t.yaml:9:3: tables.spare: table 'spare' is not used by any package");
  std::string tables_in_1 = kRules;
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

TEST(RuleTablesTest, AFileTableGivesTheRowInForceForItsKey) {
  const auto r = rules::RuleSet::load(PROJECT8_SOURCE_DIR "/tests/data/rule-tables/lines.yaml");
  ASSERT_EQ(r.tables().size(), 1U);
  EXPECT_EQ(r.tables()[0].source, rules::TableSource::file);
  EXPECT_EQ(r.tables()[0].key, "area");
  const auto people = rules::parse_population(
      r, "id,area,income_month\na,rural,1800000\nb,urban,1800000\nc,,100\nd,rural,1000000\n",
      "people.csv");
  const rules::CaseEvaluator one(r, people);
  auto outcomes = [&](core::Date day) {
    const auto res = rules::evaluate(r, people, day);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < people.rows(); ++i) {
      const auto d = one.decide(i, day)[0];
      EXPECT_EQ(d.reason, res.packages[0].reason_at(i)) << i;
      EXPECT_EQ(d.amount, res.packages[0].amount[i]) << i;
      out.push_back(d.reason.empty() ? std::to_string(d.amount) : d.reason);
    }
    return out;
  };
  // In 2025 the rural row of 2022 is in force (it lasts until the next row's from).
  EXPECT_EQ(outcomes(core::make_date(2025, 6, 30)),
            (std::vector<std::string>{"below_line", "200000", "unknown:below_line", "500000"}));
  EXPECT_EQ(outcomes(core::make_date(2026, 3, 1)),
            (std::vector<std::string>{"200000", "200000", "unknown:below_line", "1000000"}));
  // Before the first row: no row in force, unknown.
  EXPECT_EQ(outcomes(core::make_date(2021, 6, 30))[1], "not_in_force");
  const auto t = rules::explain(r, people, 0, core::make_date(2026, 3, 1));
  ASSERT_FALSE(t.packages[0].tables.empty());
  test::expect_mentions(t.packages[0].tables[0].note.en,
                        {"lines.csv:4 (2026-01-01.., provisional)"});
  EXPECT_EQ(t.packages[0].tables[0].sources.at(0).instrument.value(), "illustrative");
  EXPECT_EQ(t.packages[0].conditions[0].with_values, "1800000 <= 2000000");
}

TEST(RuleTablesTest, AFileTablesProblemsAreLocatedInTheFile) {
  const std::string dir = PROJECT8_SOURCE_DIR "/tests/data/rule-tables/";
  const std::string yaml = io::read_file(dir + "lines.yaml");
  auto problems = [&](const std::string& text) {
    try {
      (void)rules::RuleSet::parse(text, dir + "variant.yaml");
    } catch (const core::InputError& e) {
      std::string all;
      for (const auto& p : e.problems()) all += p.to_string() + "\n";
      return all;
    }
    return std::string();
  };
  auto with = [&](std::string_view from, std::string_view to) {
    std::string y = yaml;
    y.replace(y.find(from), from.size(), to);
    return y;
  };
  EXPECT_THAT(problems(with("lines.csv", "nowhere.csv")), HasSubstr("nowhere.csv"));
  EXPECT_THAT(problems(with("{line: int}", "{line: text}")),
              HasSubstr("tables.lines.columns.line: int, bool or date was expected"));
  EXPECT_THAT(problems(with("key: area", "key: region")), HasSubstr("region"));
  // Two rows of one key over the same days: located at the later row's line.
  const std::string overlapping = ::testing::TempDir() + "/overlap.csv";
  {
    std::ofstream f(overlapping);
    f << "area,from,to,line,source,status\nrural,2022-01-01,2026-06-30,1,x,verified\n"
         "rural,2026-01-01,,2,x,verified\n";
  }
  EXPECT_THAT(problems(with("lines.csv", overlapping)),
              HasSubstr("overlap.csv:3: tables.lines: the row for 'rural' from 2026-01-01 overlaps "
                        "the row from 2022-01-01 (line 2)"));
}
