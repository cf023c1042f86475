// Records read and checked against the plan and the units; progress by
// aggregation kind through the 2025 commune mergers.
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/bundled.hpp"
#include <project8/core/error.hpp>
#include <project8/report/render.hpp>
#include <project8/tracking/quality.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

using test::lai_chau;
using test::tam_duong;
std::string bundled_records() {
  std::ifstream in(PROJECT8_SOURCE_DIR "/data/records/tam-duong-2025-synthetic.csv");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
std::vector<core::Problem> problems_of(const std::string& csv) {
  try {
    (void)tracking::parse_records(csv, "r.csv", tam_duong(), lai_chau());
  } catch (const core::InputError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "no error";
  return {};
}

}  // namespace

TEST(Records, TheBundledSyntheticRecordsLoadOnBothSidesOfTheMergers) {
  const auto set =
      tracking::parse_records(bundled_records(), "records.csv", tam_duong(), lai_chau());
  EXPECT_EQ(set.size(), 13U);
  EXPECT_EQ(set.records()[2].target, "A3.1");
  EXPECT_EQ(set.targets_of_records()[2], (std::vector<core::TargetId>{core::TargetId{"T3"}}));
  EXPECT_EQ(set.records()[0].location.line, 2U);
}

TEST(Records, EveryProblemIsReportedWithLineAndColumnAndNothingIsKept) {
  const auto problems = problems_of(
      "date,unit,target,quantity,entity_id\n"
      "2025-03-12,03412,T9,1,\n"   // unknown target
      "2025-08-14,03412,T3,1,\n"   // an old commune after 1/7/2025
      "2024-12-31,03412,T3,1,\n"   // before the plan
      "2025-03-12,03390,T3,1,\n"   // the township (03390 names Xã Bình Lư only from 1/7/2025)
      "2025-03-13,03412,T3,-1,\n"  // negative
      "2025-03-14,03412,T3,1,\n"
      "2025-03-14,03412,T3,1,\n"  // exact duplicate of line 7
      "2025-03-15,,T3,1,\n");     // unit missing
  ASSERT_EQ(problems.size(), 6U);
  EXPECT_EQ(problems[0].location, (core::SourceLocation{"r.csv", 2, 3}));
  EXPECT_THAT(problems[0].message, HasSubstr("'T9' is neither a target nor an activity"));
  EXPECT_EQ(problems[1].location, (core::SourceLocation{"r.csv", 3, 2}));
  EXPECT_THAT(problems[1].message,
              HasSubstr("no unit '03412' existed on 2025-08-14 (the code named: Xã Bình Lư "
                        "(..2025-06-30))"));
  EXPECT_EQ(problems[2].location.column, 1U);
  EXPECT_THAT(problems[2].message, HasSubstr("outside the plan's period"));
  EXPECT_EQ(problems[3].location, (core::SourceLocation{"r.csv", 6, 4}));
  EXPECT_THAT(problems[4].message, HasSubstr("exact duplicate of the record at line 7"));
  EXPECT_EQ(problems[4].location.line, 8U);
  EXPECT_EQ(problems[5].location, (core::SourceLocation{"r.csv", 9, 2}));
}

TEST(Progress, SumsCountsDistinctEntitiesAndStatusThroughTheMergers) {
  const auto set =
      tracking::parse_records(bundled_records(), "records.csv", tam_duong(), lai_chau());
  const auto p = tracking::progress(tam_duong(), lai_chau(), set, core::make_date(2025, 12, 31));
  // T3 (policy dialogues, sum): 3 old-commune records + 1 activity record + 3 records of new
  // communes inside the former district; the new ward and commune formed partly outside it are not
  // counted.
  const auto& t3 = p.target("T3");
  EXPECT_EQ(t3.achieved, 7.0);
  EXPECT_EQ(t3.planned, 11);
  EXPECT_EQ(t3.status, tracking::Status::behind);
  EXPECT_EQ(t3.records, 7U);
  EXPECT_EQ(t3.breakdown.female, 21 + 18 + 25 + 20 + 24 + 19);
  // T1 (livelihood groups, count of distinct entities): the same group twice counts once.
  EXPECT_EQ(p.target("T1").achieved, 1.0);
  EXPECT_EQ(p.target("T1").records, 2U);
  // T2 (trainings, sum): 2 of 3.
  EXPECT_EQ(p.target("T2").achieved, 2.0);
  ASSERT_EQ(p.scope_issues.size(), 2U);
  EXPECT_EQ(p.scope_issues[0].kind, "scope_ambiguous");
  EXPECT_EQ(p.scope_issues[0].unit, core::UnitCode{"03408"});
  EXPECT_EQ(p.scope_issues[0].location.line, 12U);
  // By unit: records of old communes roll up to the new commune that covers them.
  double binh_lu = 0;
  for (const auto& u : p.by_unit) {
    if (u.target.value() == "T3" && u.unit == core::UnitCode{"03390"}) binh_lu = u.achieved;
  }
  EXPECT_EQ(binh_lu, 2.0);  // Xã Bình Lư (old) in March + the new Xã Bình Lư in August
}

TEST(Progress, StatusFollowsTheStraightLineOfThePeriod) {
  const std::string csv =
      "date,unit,target,quantity\n2025-03-01,03412,T2,1\n2025-03-02,03412,T2,1\n";
  const auto set = tracking::parse_records(csv, "r.csv", tam_duong(), lai_chau());
  // 2 of 3 by 30/6 (181 of 365 days: the line is at 1.49): on track; by 31/10 (line 2.5): behind.
  EXPECT_EQ(tracking::progress(tam_duong(), lai_chau(), set, core::make_date(2025, 6, 30))
                .target("T2")
                .status,
            tracking::Status::on_track);
  EXPECT_EQ(tracking::progress(tam_duong(), lai_chau(), set, core::make_date(2025, 10, 31))
                .target("T2")
                .status,
            tracking::Status::behind);
  // Records after the as-of date do not count.
  EXPECT_EQ(tracking::progress(tam_duong(), lai_chau(), set, core::make_date(2025, 3, 1))
                .target("T2")
                .achieved,
            1.0);
  const auto json = report::to_json(
      tracking::progress(tam_duong(), lai_chau(), set, core::make_date(2025, 6, 30)));
  EXPECT_THAT(json, HasSubstr("\"status\": \"on_track\""));
}

TEST(Calendar, DueDatesOfCircular01For2025AndTheCommuneLevel) {
  const auto cal =
      tracking::Calendar::load(PROJECT8_SOURCE_DIR "/data/calendar/01-2022-tt-ubdt.yaml");
  EXPECT_EQ(cal.instrument(), "01/2022/TT-UBDT");
  EXPECT_EQ(cal.collection_every_months(), 3);
  const auto due = cal.due_dates(2025, "commune");
  ASSERT_EQ(due.size(), 2U);
  EXPECT_EQ(due[0].report, "commune_to_district");
  EXPECT_EQ(due[0].last_day, core::make_date(2025, 9, 14));  // "before 15/9"
  EXPECT_EQ(due[0].covers,
            core::Period::inclusive(core::make_date(2025, 1, 1), core::make_date(2025, 9, 14)));
  EXPECT_EQ(due[1].last_day, core::make_date(2026, 1, 30));  // "before 31/1" of the next year
  EXPECT_EQ(cal.first_due(core::make_date(2025, 10, 7), "commune")->report,
            "commune_to_district_update");
  EXPECT_FALSE(cal.not_found().empty());
  EXPECT_THROW((void)tracking::Calendar::parse(
                   "schema: project8/calendar/1\ninstrument: x\nreports:\n"
                   "  - {id: a, from_level: c, to_level: d, covers: year, before: 02-30}\n",
                   "c.yaml"),
               core::ValidationError);
}

TEST(Quality, LateFilingMissingBreakdownsScopeAndOutliers) {
  const auto cal =
      tracking::Calendar::load(PROJECT8_SOURCE_DIR "/data/calendar/01-2022-tt-ubdt.yaml");
  const auto set =
      tracking::parse_records(bundled_records(), "records.csv", tam_duong(), lai_chau());
  const auto issues = tracking::quality(tam_duong(), lai_chau(), set, &cal);
  std::map<std::string, int> kinds;
  for (const auto& q : issues) ++kinds[q.kind];
  EXPECT_EQ(kinds["late"], 1);
  EXPECT_EQ(kinds["scope_ambiguous"], 2);
  EXPECT_EQ(kinds["missing_disaggregation"], 2);  // sex and ethnicity of the last record
  EXPECT_EQ(issues.front().kind, "late");
  EXPECT_EQ(issues.front().location.line, 2U);
  EXPECT_THAT(issues.front().message.en, HasSubstr("2025-09-14"));

  std::string csv = "date,unit,target,quantity,female,male,ethnic_minority,kinh,role_member\n";
  for (int m = 1; m <= 4; ++m) csv += "2025-0" + std::to_string(m) + "-10,03412,T2,2,1,1,1,1,2\n";
  csv += "2025-05-10,03412,T2,40,1,1,1,1,2\n";
  const auto spiky = tracking::parse_records(csv, "s.csv", tam_duong(), lai_chau());
  const auto found = tracking::quality(tam_duong(), lai_chau(), spiky, nullptr);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, "outlier");
  EXPECT_EQ(found[0].location.line, 6U);
}

TEST(Aggregate, ByQuarterWithYearToDateForTheScopeAndByUnit) {
  const auto set =
      tracking::parse_records(bundled_records(), "records.csv", tam_duong(), lai_chau());
  const auto as_of = core::make_date(2025, 12, 31);
  const auto cells =
      tracking::aggregate(tam_duong(), lai_chau(), set, core::PeriodKind::quarter, as_of);
  std::map<std::string, std::pair<double, double>> t3;
  for (const auto& c : cells) {
    if (c.target.value() == "T3") t3[c.period] = {c.value, c.year_to_date};
  }
  // Q1: 1; Q2: 3 (incl. the activity A3.1); Q3: 2 inside the scope; Q4: 1 (the two partly-outside
  // units are not counted).
  EXPECT_EQ(t3["2025-Q1"], (std::pair<double, double>{1, 1}));
  EXPECT_EQ(t3["2025-Q2"], (std::pair<double, double>{3, 4}));
  EXPECT_EQ(t3["2025-Q3"], (std::pair<double, double>{2, 6}));
  EXPECT_EQ(t3["2025-Q4"], (std::pair<double, double>{1, 7}));
  // T1 counts distinct groups: the group supported in Q2 and again in Q3 is 1 in each quarter and 1
  // for the year.
  for (const auto& c : cells) {
    if (c.target.value() == "T1") {
      EXPECT_EQ(c.value, 1.0);
      EXPECT_EQ(c.year_to_date, 1.0);
    }
  }
  const auto by_unit =
      tracking::aggregate(tam_duong(), lai_chau(), set, core::PeriodKind::year, as_of, true);
  double binh_lu = 0;
  for (const auto& c : by_unit) {
    if (c.target.value() == "T3" && c.unit == core::UnitCode{"03390"}) binh_lu = c.value;
  }
  EXPECT_EQ(binh_lu, 2.0);
}

namespace {

/// The same records as columns (what large volumes use).
data::Table as_columns(const tracking::RecordSet& set) {
  std::vector<std::string> unit_cats, target_cats, entity_cats;
  auto code = [](std::vector<std::string>& cats, const std::string& v) {
    const auto it = std::find(cats.begin(), cats.end(), v);
    if (it != cats.end()) return static_cast<std::int32_t>(it - cats.begin());
    cats.push_back(v);
    return static_cast<std::int32_t>(cats.size() - 1);
  };
  std::vector<std::int64_t> dates, qty;
  std::vector<std::int32_t> units, targets, entities;
  std::vector<std::uint8_t> entity_valid;
  for (const auto& r : set.records()) {
    dates.push_back(data::to_epoch_days(r.date));
    units.push_back(code(unit_cats, r.unit.value()));
    targets.push_back(code(target_cats, r.target));
    qty.push_back(r.quantity);
    entities.push_back(r.entity_id.empty() ? 0 : code(entity_cats, r.entity_id));
    entity_valid.push_back(r.entity_id.empty() ? 0 : 1);
  }
  if (entity_cats.empty()) entity_cats.push_back("none");
  std::vector<data::Field> fields{{"date", data::ColumnType::date, {}},
                                  {"unit", data::ColumnType::enumeration, unit_cats},
                                  {"target", data::ColumnType::enumeration, target_cats},
                                  {"quantity", data::ColumnType::integer, {}},
                                  {"entity_id", data::ColumnType::enumeration, entity_cats}};
  return data::Table(data::Schema(fields),
                     {data::Column::dates(dates), data::Column::enumeration(units),
                      data::Column::enumeration(targets), data::Column::integers(qty),
                      data::Column::enumeration(entities, entity_valid)});
}

void expect_same_cells(const std::vector<tracking::Cell>& a, const std::vector<tracking::Cell>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(a[i].target.value() + " " + a[i].period + " " +
                 (a[i].unit ? a[i].unit->value() : ""));
    EXPECT_EQ(a[i].target, b[i].target);
    EXPECT_EQ(a[i].unit, b[i].unit);
    EXPECT_EQ(a[i].period, b[i].period);
    EXPECT_DOUBLE_EQ(a[i].value, b[i].value);
    EXPECT_DOUBLE_EQ(a[i].year_to_date, b[i].year_to_date);
    EXPECT_EQ(a[i].records, b[i].records);
  }
}

}  // namespace

TEST(Aggregate, AReusedCodeRollsUpAcrossTheReformAndStaysApartBeforeIt) {
  // 03390 is Thị trấn Tam Đường until 30/6/2025 and Xã Bình Lư (formed from it, Xã Bình Lư 03412
  // and Xã Sơn Bình 03413) from 1/7/2025.
  const auto set = tracking::parse_records(
      "date,unit,target,quantity\n"
      "2025-05-12,03390,T3,1\n"   // the township
      "2025-05-20,03412,T3,1\n"   // the former Xã Bình Lư
      "2025-09-09,03390,T3,1\n",  // the new Xã Bình Lư
      "reuse.csv", tam_duong(), lai_chau());
  const auto table = as_columns(set);
  const auto cells = [&](core::Date as_of) {
    const auto rows =
        tracking::aggregate(tam_duong(), lai_chau(), set, core::PeriodKind::half_year, as_of, true);
    expect_same_cells(rows, tracking::aggregate_columns(tam_duong(), lai_chau(), table,
                                                        core::PeriodKind::half_year, as_of, true)
                                .cells);
    std::map<std::pair<std::string, std::string>, double> out;
    for (const auto& c : rows) out[{c.unit->value(), c.period}] += c.value;
    return out;
  };
  // For the year: every record under the one unit that covers them on 31/12/2025.
  EXPECT_EQ(cells(core::make_date(2025, 12, 31)),
            (std::map<std::pair<std::string, std::string>, double>{{{"03390", "2025-H1"}, 2.0},
                                                                   {{"03390", "2025-H2"}, 1.0}}));
  // In the first half: the township and the former commune apart.
  EXPECT_EQ(cells(core::make_date(2025, 6, 30)),
            (std::map<std::pair<std::string, std::string>, double>{{{"03390", "2025-H1"}, 1.0},
                                                                   {{"03412", "2025-H1"}, 1.0}}));
  const auto year = tracking::progress(tam_duong(), lai_chau(), set, core::make_date(2025, 12, 31));
  ASSERT_EQ(year.by_unit.size(), 1U);
  EXPECT_EQ(year.by_unit[0].unit, core::UnitCode{"03390"});
  EXPECT_EQ(year.by_unit[0].achieved, 3.0);
  const auto half = tracking::progress(tam_duong(), lai_chau(), set, core::make_date(2025, 6, 30));
  EXPECT_EQ(half.by_unit.size(), 2U);
}

TEST(Aggregate, ColumnsGiveTheSameCellsAsRecordsForRandomRecordsAndEveryKind) {
  // A variant of the plan where T2 is a stock (latest value) exercises that kind too.
  std::ifstream in(PROJECT8_SOURCE_DIR "/data/plans/tam-duong-2025/plan.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const auto at = yaml.find("aggregation: sum");
  ASSERT_NE(at, std::string::npos);
  yaml.replace(at, 16, "aggregation: latest");
  const auto variant = plan::parse_plan(yaml, "variant.yaml");
  const std::vector<std::string> old_units{"03390", "03394", "03400", "03405",
                                           "03412", "03415", "03424", "03430"};
  const std::vector<std::string> new_units{"03390", "03405", "03430", "03424", "03408", "03394"};
  const std::vector<std::string> targets{"T1", "T2", "T3", "A3.1", "A3.3", "A2.1"};
  for (unsigned seed = 1; seed <= 5; ++seed) {
    std::mt19937 rng(seed);
    std::string csv = "date,unit,target,quantity,entity_id,note\n";
    for (int i = 0; i < 400; ++i) {
      const int day = static_cast<int>(rng() % 365);
      const auto d = core::make_date(2025, 1, 1) + boost::gregorian::days(day);
      const auto& u = d < core::make_date(2025, 7, 1) ? old_units[rng() % old_units.size()]
                                                      : new_units[rng() % new_units.size()];
      csv += core::to_iso(d) + "," + u + "," + targets[rng() % targets.size()] + "," +
             std::to_string(rng() % 5) + "," +
             (rng() % 3 == 0 ? "" : "G" + std::to_string(rng() % 4)) + ",r" + std::to_string(i) +
             "\n";
    }
    for (const auto* p : {&tam_duong(), &variant}) {
      const auto set = tracking::parse_records(csv, "random.csv", *p, lai_chau());
      const auto table = as_columns(set);
      for (const auto kind :
           {core::PeriodKind::month, core::PeriodKind::quarter, core::PeriodKind::year}) {
        for (const bool by_unit : {false, true}) {
          for (const auto as_of : {core::make_date(2025, 12, 31), core::make_date(2025, 8, 15)}) {
            SCOPED_TRACE(std::to_string(seed) + (by_unit ? " by unit" : "") + " " +
                         core::to_iso(as_of));
            const auto from_records =
                tracking::aggregate(*p, lai_chau(), set, kind, as_of, by_unit);
            const auto from_columns =
                tracking::aggregate_columns(*p, lai_chau(), table, kind, as_of, by_unit);
            expect_same_cells(from_records, from_columns.cells);
          }
        }
      }
    }
  }
}

TEST(Aggregate, ColumnsAreCheckedRowByRow) {
  const auto set = tracking::parse_records("date,unit,target,quantity\n2025-03-01,03412,T2,1\n",
                                           "r.csv", tam_duong(), lai_chau());
  auto table = as_columns(set);
  const std::vector<data::Field> fields{{"date", data::ColumnType::date, {}},
                                        {"unit", data::ColumnType::enumeration, {"03412", "99999"}},
                                        {"target", data::ColumnType::enumeration, {"T2", "T9"}},
                                        {"quantity", data::ColumnType::integer, {}}};
  const data::Table bad(data::Schema(fields),
                        {data::Column::dates({data::to_epoch_days(core::make_date(2025, 8, 1)), 0}),
                         data::Column::enumeration({0, 1}), data::Column::enumeration({1, 0}),
                         data::Column::integers({1, -3})});
  try {
    (void)tracking::aggregate_columns(tam_duong(), lai_chau(), bad, core::PeriodKind::month,
                                      core::make_date(2025, 12, 31));
    FAIL();
  } catch (const core::ValidationError& e) {
    std::string all;
    for (const auto& p : e.problems()) all += p.field + ": " + p.message + "\n";
    EXPECT_THAT(all, HasSubstr("row 0.unit: no unit '03412' existed on 2025-08-01 (the code named: "
                               "Xã Bình Lư (..2025-06-30))"));
    EXPECT_THAT(all, HasSubstr("row 0.target: 'T9'"));
    EXPECT_THAT(all, HasSubstr("row 1.unit: unit code '99999' is not in the registry"));
    EXPECT_THAT(all, HasSubstr("row 1.quantity"));
  }
}

TEST(Records, FromYamlWithProblemsLocated) {
  const auto set = tracking::parse_records_yaml(
      "schema: project8/records/1\nrecords:\n"
      "  - {date: 2025-03-12, unit: \"03412\", target: T3, quantity: 1, female: 20, male: 8}\n"
      "  - {date: 2025-08-14, unit: 03390, target: A3.1, quantity: 1}\n",
      "r.yaml", tam_duong(), lai_chau());
  ASSERT_EQ(set.size(), 2U);
  EXPECT_EQ(set.records()[1].location.line, 4U);
  EXPECT_EQ(set.records()[0].counts.female, 20);
  try {
    (void)tracking::parse_records_yaml(
        "schema: project8/records/1\nrecords:\n"
        "  - {date: 2025-02-30, unit: \"03412\", target: T3, quantity: 1}\n"
        "  - {date: 2025-08-14, unit: \"03412\", target: T3, quantity: 1, bogus: 2}\n",
        "r.yaml", tam_duong(), lai_chau());
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 3U);  // bad date; unknown key; old commune after the mergers
    EXPECT_EQ(e.problems()[0].location.line, 3U);
    EXPECT_THAT(e.problems()[1].message, HasSubstr("bogus"));
    EXPECT_THAT(e.problems()[2].message, HasSubstr("no unit '03412' existed on 2025-08-14"));
  }
}

TEST(Records, RoleAndAgeCountsAndAgenciesAreReadCheckedAndSummed) {
  const auto set =
      tracking::parse_records(bundled_records(), "records.csv", tam_duong(), lai_chau());
  const auto p = tracking::progress(tam_duong(), lai_chau(), set, core::make_date(2025, 12, 31));
  EXPECT_EQ(p.target("T2").breakdown.other.at("role_village_head"), 18);
  bool womens_union = false;
  for (const auto& [agency, t] : p.by_agency) {
    if (agency == core::AgencyId{"district_womens_union"} && t.target.value() == "T3") {
      womens_union = true;
      EXPECT_EQ(t.achieved, 7.0);
    }
  }
  EXPECT_TRUE(womens_union);
  EXPECT_THAT(report::to_json(p), HasSubstr("\"role_village_head\": 18"));
  const auto problems = problems_of(
      "date,unit,target,quantity,role_member,age_16_30,agency\n"
      "2025-03-12,03412,T2,1,-1,4,nobody\n");
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0].location.column, 5U);  // role_member
  EXPECT_EQ(problems[1].field, "agency");
  EXPECT_EQ(problems[1].location.column, 7U);
}

TEST(RecordsCsv, ARepeatedCountColumnIsAParseProblemNotACrash) {
  // Found by fuzz_records: a header naming an age_ column twice.
  EXPECT_THROW((void)tracking::parse_records(
                   "date,unit,target,quantity,age_15_19,age_15_19\n2025-03-12,03424,T3,1,2,3\n",
                   "twice.csv", tam_duong(), lai_chau()),
               core::ParseError);
}
