// Report rendering: Markdown, CSV, JSON and Excel from a hand-made document,
// and a report built from a workspace.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <project8/core/error.hpp>
#include <project8/report/report.hpp>
#include <project8/workspace/workspace.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

report::Document sample() {
  report::Document d;
  d.title = {"Báo cáo", "Report"};
  d.facts = {{"year", {"Năm", "Year"}, {"2025", "2025"}}};
  report::Table t;
  t.id = "t";
  t.title = {"Bảng", "Table"};
  t.columns = {{"name", {"Tên", "Name"}, report::CellKind::text},
               {"count", {"Số", "Count"}, report::CellKind::integer},
               {"amount", {"Tiền", "Amount"}, report::CellKind::money},
               {"percent", {"%", "%"}, report::CellKind::percent}};
  t.rows.push_back({{std::string("a | b, \"c\""), false},
                    {std::int64_t{12}, false},
                    {std::int64_t{1234567}, false},
                    {64.35, false}});
  t.rows.push_back({{core::LocalizedText{"Xã", "Commune"}, false},
                    {std::monostate{}, true},
                    {std::monostate{}, true},
                    {std::monostate{}, false}});
  t.notes = {{"Ghi chú", "Note"}};
  d.tables.push_back(t);
  d.suppressed_cells = 2;
  return d;
}

}  // namespace

TEST(Report, MarkdownEscapesAndFormatsByLanguage) {
  const auto md = report::to_markdown(sample(), core::Language::vi);
  EXPECT_THAT(md, HasSubstr("# Báo cáo"));
  EXPECT_THAT(md, HasSubstr("| a \\| b, \"c\" | 12 | 1.234.567 | 64,4 |"));
  EXPECT_THAT(md, HasSubstr("| Xã | <5 | (ẩn) |  |"));
  EXPECT_THAT(md, HasSubstr("|---|---:|---:|---:|"));
  EXPECT_THAT(md, HasSubstr("> Ghi chú"));
  const auto en = report::to_markdown(sample(), core::Language::en);
  EXPECT_THAT(en, HasSubstr("| 12 | 1,234,567 | 64.4 |"));
  EXPECT_THAT(en, HasSubstr("| Commune | <5 | (hidden) |"));
}

TEST(Report, CsvAndJsonKeepRawValues) {
  const auto files = report::to_csv(sample(), core::Language::en);
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0].first, "t.csv");
  EXPECT_EQ(
      files[0].second,
      "name,count,amount,percent\n\"a | b, \"\"c\"\"\",12,1234567,64.4\nCommune,<5,(hidden),\n");
  EXPECT_EQ(report::to_csv(sample(), core::Language::vi)[0].second.substr(0, 26),
            "name,count,amount,percent\n");
  const auto j = nlohmann::json::parse(report::to_json(sample(), core::Language::vi));
  EXPECT_EQ(j["tables"][0]["rows"][0][2], 1234567);
  EXPECT_EQ(j["tables"][0]["rows"][1][1], "<5");
  EXPECT_EQ(j["facts"]["year"]["value"], "2025");
  EXPECT_EQ(j["facts"]["year"]["label"], "Năm");
  EXPECT_EQ(j["tables"][0]["columns"][1]["key"], "count");
  EXPECT_EQ(j["tables"][0]["columns"][1]["title"], "Số");
}

TEST(Report, ExcelIsWrittenAndBadPathsAreErrors) {
  const auto dir = std::filesystem::temp_directory_path() / "p8-report-test";
  std::filesystem::create_directories(dir);
  report::write_xlsx(sample(), core::Language::vi, dir / "r.xlsx");
  EXPECT_GT(std::filesystem::file_size(dir / "r.xlsx"), 3000U);
  EXPECT_THROW(report::write_xlsx(sample(), core::Language::vi, dir / "no-such-dir" / "r.xlsx"),
               core::Error);
  std::filesystem::remove_all(dir);
}

TEST(Report, BuiltFromAWorkspaceWithSuppression) {
  const auto dir = std::filesystem::temp_directory_path() / "p8-report-ws";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string data = PROJECT8_SOURCE_DIR "/data";
  auto ws = workspace::Workspace::create(dir / "ws.p8db", data + "/plans/tam-duong-2025/plan.yaml");
  ws.import_file(workspace::ImportKind::population,
                 data + "/budget/tam-duong-2025-population-synthetic.csv");
  report::ReportOptions o(core::make_date(2025, 12, 31));
  const auto doc = report::build(ws.report_inputs(), o);
  EXPECT_GT(doc.suppressed_cells, 0U);
  EXPECT_FALSE(doc.internal);
  // Below 3 a hidden count is 1 or 2 and a total gives it away: refused. Hiding
  // nothing is an internal document, stamped as such in every format.
  for (const std::size_t below : {0U, 1U, 2U}) {
    o.suppress_below = below;
    EXPECT_THROW((void)report::build(ws.report_inputs(), o), core::InvalidArgument) << below;
  }
  o.suppress_below = 3;
  EXPECT_NO_THROW((void)report::build(ws.report_inputs(), o));
  o.internal = true;
  const auto internal = report::build(ws.report_inputs(), o);
  EXPECT_EQ(internal.suppressed_cells, 0U);
  EXPECT_TRUE(internal.internal);
  EXPECT_EQ(internal.suppress_below, 1U);
  const auto& stamp = report::internal_stamp();
  EXPECT_NE(report::to_markdown(internal).find(stamp.vi), std::string::npos);
  EXPECT_NE(report::to_json(internal, core::Language::en).find(stamp.en), std::string::npos);
  for (const auto& [name, text] : report::to_csv(internal))
    EXPECT_TRUE(name.starts_with("noi-bo-"));
  EXPECT_EQ(report::to_markdown(doc).find(stamp.vi), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Report, OneHiddenCountIsNeverTheTotalMinusTheOthers) {
  // Three communes with 10, 6 and 2 women eligible for antenatal travel
  // support: the 2 is hidden, and since the total (18) is shown, so is the
  // next smallest (6) — else 18 − 10 − 6 would give the 2 away.
  const auto dir = std::filesystem::temp_directory_path() / "p8-report-complementary";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string data = PROJECT8_SOURCE_DIR "/data";
  auto ws = workspace::Workspace::create(dir / "ws.p8db", data + "/plans/tam-duong-2025/plan.yaml");
  std::string csv =
      "id,sex,ethnicity,pregnant,anc_visits,delivery,commune_region,village_especially_difficult,"
      "commune\n";
  int id = 0;
  for (const auto& [commune, n] : {std::pair{"03424", 10}, {"03405", 6}, {"03390", 2}}) {
    for (int i = 0; i < n; ++i)
      csv += "p" + std::to_string(++id) + ",F,13,true,2,none,3,true," + commune + "\n";
  }
  ws.import_text(workspace::ImportKind::population, csv, "people.csv");
  const auto doc =
      report::build(ws.report_inputs(), report::ReportOptions(core::make_date(2025, 12, 31)));
  const auto& t = *std::find_if(doc.tables.begin(), doc.tables.end(),
                                [](const report::Table& x) { return x.id == "packages"; });
  std::vector<const std::vector<report::Cell>*> anc;
  for (const auto& row : t.rows) {
    const auto* title = std::get_if<core::LocalizedText>(&row[0].value);
    if (title != nullptr && title->en == "Antenatal visit travel support") anc.push_back(&row);
  }
  ASSERT_EQ(anc.size(), 4U);  // three communes and the total
  std::size_t hidden = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    hidden += (*anc[i])[2].suppressed ? 1 : 0;
    EXPECT_EQ((*anc[i])[2].suppressed, (*anc[i])[3].suppressed) << "amount beside its count";
  }
  EXPECT_EQ(hidden, 2U);
  EXPECT_EQ(std::get<std::int64_t>((*anc[3])[2].value), 18);  // the total stays
  for (std::size_t i = 0; i < 3; ++i) {
    if (!(*anc[i])[2].suppressed) {
      EXPECT_EQ(std::get<std::int64_t>((*anc[i])[2].value), 10);
    }
  }
  // Seven payments, one of them to a person who is not eligible (a man): the
  // audit's one flagged payment is hidden, and so is the note's "6 of 7",
  // which would give it away.
  std::string pays = "payment_id,person_id,package,date,amount,episode_id\n";
  for (int i = 1; i <= 6; ++i)
    pays += "k" + std::to_string(i) + ",p" + std::to_string(i) + ",anc_travel,2025-03-01,100000,e" +
            std::to_string(i) + "\n";
  ws.import_text(workspace::ImportKind::payments,
                 pays + "k7,nobody,anc_travel,2025-03-01,100000,e7\n", "payments.csv");
  const auto audited =
      report::build(ws.report_inputs(), report::ReportOptions(core::make_date(2025, 12, 31)));
  const auto& audit = *std::find_if(audited.tables.begin(), audited.tables.end(),
                                    [](const report::Table& x) { return x.id == "payment_audit"; });
  ASSERT_EQ(audit.rows.size(), 1U);
  EXPECT_TRUE(audit.rows[0][2].suppressed);
  ASSERT_EQ(audit.notes.size(), 1U);
  EXPECT_EQ(audit.notes[0].en, "Fewer than 5 of 7 payments have a flag.");
  // The split by sex: one half hidden hides the other and the share.
  for (const auto& tb : doc.tables) {
    if (tb.id != "disaggregation") continue;
    for (const auto& row : tb.rows) {
      EXPECT_EQ(row[1].suppressed, row[2].suppressed);
      EXPECT_EQ(row[3].suppressed, row[4].suppressed);
      if (row[1].suppressed) {
        EXPECT_TRUE(std::holds_alternative<std::monostate>(row[5].value));
      }
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(Report, BuiltFromInputsThatNeverTouchedAWorkspaceIsTheSameReport) {
  // District software with its own store: the same files, read by the library's readers.
  const std::string data = PROJECT8_SOURCE_DIR "/data";
  report::ReportInputs in{
      plan::load_plan(data + "/plans/tam-duong-2025/plan.yaml"),
      geo::Registry::load(data + "/geo/lai-chau.yaml"),
      rules::RuleSet::load(data + "/rules/safe-motherhood.yaml"),
      tracking::Calendar::load(data + "/calendar/01-2022-tt-ubdt.yaml"),
      {},
      budget::load_payments(data + "/budget/tam-duong-2025-payments-synthetic.csv"),
      {},
      {}};
  in.records =
      tracking::load_records(data + "/records/tam-duong-2025-synthetic.csv", in.plan, in.units);
  in.ledger.add(budget::load_ledger(data + "/budget/tam-duong-2025-ledger-synthetic.csv"));
  const std::string people = data + "/budget/tam-duong-2025-population-synthetic.csv";
  in.population = budget::read_audit_population(*in.rules, people);
  report::ReportOptions o(core::make_date(2025, 12, 31));
  const auto direct = report::build(in, o);
  EXPECT_GT(direct.suppressed_cells, 0U);

  const auto dir = std::filesystem::temp_directory_path() / "p8-report-inputs";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto ws = workspace::Workspace::create(dir / "ws.p8db", data + "/plans/tam-duong-2025/plan.yaml");
  ws.import_file(workspace::ImportKind::records, data + "/records/tam-duong-2025-synthetic.csv");
  ws.import_file(workspace::ImportKind::payments,
                 data + "/budget/tam-duong-2025-payments-synthetic.csv");
  ws.import_file(workspace::ImportKind::ledger,
                 data + "/budget/tam-duong-2025-ledger-synthetic.csv");
  ws.import_file(workspace::ImportKind::population, people);
  EXPECT_EQ(report::to_json(direct, core::Language::en),
            report::to_json(report::build(ws.report_inputs(), o), core::Language::en));
  std::filesystem::remove_all(dir);

  // Only a plan and its units: the other tables say what is missing.
  report::ReportInputs bare{in.plan, in.units, std::nullopt, std::nullopt, {}, {}, {}, {}};
  const auto md = report::to_markdown(report::build(bare, o), core::Language::en);
  EXPECT_THAT(md, HasSubstr("No policy-package rules given."));
  EXPECT_THAT(md, HasSubstr("No payments or population to audit yet."));
}
