// The workspace: create, import all-or-nothing, duplicate imports, reopen,
// migrations, refusing what it is not.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/tracking/progress.hpp>
#include <project8/workspace/workspace.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

using namespace project8;
using ::testing::HasSubstr;
using workspace::ImportKind;
using workspace::Workspace;

namespace {

const std::string kData = PROJECT8_SOURCE_DIR "/data";
const std::string kPlan = kData + "/plans/tam-duong-2025/plan.yaml";

class WorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("p8ws-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    file_ = dir_ / "ws.p8db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file_.string().c_str(), &db), SQLITE_OK);
    char* msg = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &msg);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << (msg ? msg : "");
  }
  std::int64_t count(const std::string& query) {
    sqlite3* db = nullptr;
    sqlite3_stmt* st = nullptr;
    std::int64_t n = -1;
    if (sqlite3_open(file_.string().c_str(), &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, query.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }
  std::filesystem::path dir_, file_;
};

}  // namespace

TEST_F(WorkspaceTest, CreateImportEveryKindAndReopen) {
  {
    auto ws = Workspace::create(file_, kPlan);
    EXPECT_EQ(ws.schema_version(), Workspace::kSchemaVersion);
    EXPECT_EQ(ws.plan().id, "tam-duong-2025-du-an-8");
    const auto r =
        ws.import_file(ImportKind::records, kData + "/records/tam-duong-2025-synthetic.csv");
    EXPECT_EQ(r.rows, 13U);
    EXPECT_FALSE(r.already_imported);
    EXPECT_EQ(
        ws.import_file(ImportKind::ledger, kData + "/budget/tam-duong-2025-ledger-synthetic.csv")
            .rows,
        24U);
    EXPECT_EQ(ws.import_file(ImportKind::payments,
                             kData + "/budget/tam-duong-2025-payments-synthetic.csv")
                  .rows,
              193U);
    EXPECT_EQ(ws.import_file(ImportKind::population,
                             kData + "/budget/tam-duong-2025-population-synthetic.csv")
                  .rows,
              400U);
  }
  EXPECT_THROW((void)Workspace::create(file_, kPlan), core::InvalidArgument);  // never overwritten
  const auto ws = Workspace::open(file_);
  EXPECT_EQ(ws.records().size(), 13U);
  EXPECT_EQ(ws.ledger().entries().size(), 24U);
  EXPECT_EQ(ws.payments().size(), 193U);
  EXPECT_EQ(ws.population().rows(), 400U);
  EXPECT_EQ(ws.population().column("commune").string_at(0), "03424");
  const auto imports = ws.imports();
  ASSERT_EQ(imports.size(), 4U);
  EXPECT_EQ(imports[0].kind, ImportKind::records);
  EXPECT_EQ(imports[0].name, "tam-duong-2025-synthetic.csv");
  EXPECT_EQ(imports[3].imported_at.size(), 20U);  // 2026-11-29T10:00:00Z
  // What was stored reads back as it was read from the file.
  const auto original = tracking::load_records(kData + "/records/tam-duong-2025-synthetic.csv",
                                               ws.plan(), ws.units());
  for (std::size_t i = 0; i < original.size(); ++i) {
    EXPECT_TRUE(ws.records().records()[i].same_content(original.records()[i])) << i;
  }
}

TEST_F(WorkspaceTest, TheSameFileTwiceIsDetectedNotDoubled) {
  auto ws = Workspace::create(file_, kPlan);
  const auto a =
      ws.import_file(ImportKind::payments, kData + "/budget/tam-duong-2025-payments-synthetic.csv");
  const auto b =
      ws.import_file(ImportKind::payments, kData + "/budget/tam-duong-2025-payments-synthetic.csv");
  EXPECT_TRUE(b.already_imported);
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(ws.payments().size(), 193U);
  EXPECT_EQ(ws.imports().size(), 1U);
  // The same bytes as another kind are another import (and here, not a ledger at all).
  EXPECT_THROW((void)ws.import_file(ImportKind::ledger,
                                    kData + "/budget/tam-duong-2025-payments-synthetic.csv"),
               core::InputError);
}

TEST_F(WorkspaceTest, AFileWithAnyProblemChangesNothing) {
  auto ws = Workspace::create(file_, kPlan);
  ws.import_file(ImportKind::ledger, kData + "/budget/tam-duong-2025-ledger-synthetic.csv");
  // Sound on its own, but not with what is there: disbursing more than committed.
  try {
    (void)ws.import_text(ImportKind::ledger,
                         "date,unit,activity,funding_source,stage,amount\n"
                         "2025-12-01,106,A1.4,state_budget,committed,10000000\n"
                         "2025-12-02,106,A1.4,state_budget,disbursed,99000000\n",
                         "more.csv");
    FAIL();
  } catch (const core::ValidationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("more.csv:3"));
  }
  // Each entry's unit is the one its code named on the entry's date, or one that ended earlier in
  // its budget year (the district, abolished on 1/7/2025, closes its 2025 accounts); not a unit
  // that ended in an earlier year, nor a code unknown to the registry.
  try {
    (void)ws.import_text(ImportKind::ledger,
                         "date,year,unit,activity,funding_source,stage,amount\n"
                         "2025-08-01,2025,106,A1.4,state_budget,committed,1000000\n"
                         "2025-08-01,2025,03390,A1.4,state_budget,committed,1000000\n"
                         "2026-01-10,2026,106,A1.4,state_budget,allocated,1000000\n"
                         "2025-08-01,2025,99999,A1.4,state_budget,allocated,1000000\n",
                         "units.csv");
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 2U) << e.what();
    EXPECT_EQ(e.problems()[0].location.line, 4U);
    EXPECT_THAT(e.problems()[0].message,
                HasSubstr("no unit '106' existed on 2026-01-10 (the code named: Huyện Tam Đường "
                          "(..2025-06-30)), nor in budget year 2026"));
    EXPECT_EQ(e.problems()[1].location.line, 5U);
    EXPECT_THAT(e.problems()[1].message, HasSubstr("unit code '99999' is not in the registry"));
  }
  // A records file with one bad row among good ones.
  try {
    (void)ws.import_text(
        ImportKind::records,
        "date,unit,target,quantity\n2025-03-01,03424,T3,1\n2025-03-02,99999,T3,1\n", "rec.csv");
    FAIL();
  } catch (const core::ValidationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("rec.csv:3"));
  }
  // Records that repeat what an earlier import holds.
  ws.import_text(ImportKind::records, "date,unit,target,quantity\n2025-03-01,03424,T3,1\n",
                 "one.csv");
  EXPECT_THROW(
      (void)ws.import_text(ImportKind::records,
                           "date,unit,target,quantity,note\n2025-03-01,03424,T3,1,\n", "again.csv"),
      core::ValidationError);
  EXPECT_EQ(ws.ledger().entries().size(), 24U);
  EXPECT_EQ(ws.records().size(), 1U);
  EXPECT_EQ(ws.imports().size(), 2U);
  // A population with a person twice: refused without naming the person.
  try {
    (void)ws.import_text(ImportKind::population,
                         "id,sex,ethnicity,pregnant,anc_visits,delivery,commune_region,village_"
                         "especially_difficult\n"
                         "p1,F,3,true,2,none,3,true\np1,F,3,true,2,none,3,true\n",
                         "people.csv");
    FAIL();
  } catch (const core::ValidationError& e) {
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("p1")));
  }
  EXPECT_EQ(ws.population().rows(), 0U);
}

TEST_F(WorkspaceTest, AnOlderSchemaIsMigratedANewerOneRefused) {
  { (void)Workspace::create(file_, kPlan); }
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%_by_%'"),
            4);
  sql("DROP INDEX records_by_target; DROP INDEX payments_by_person; DROP INDEX ledger_by_unit; "
      "DROP INDEX imports_by_kind; UPDATE meta SET value = '1' WHERE key = 'schema_version';");
  {
    auto ws = Workspace::open(file_);
    EXPECT_EQ(ws.schema_version(), Workspace::kSchemaVersion);
    ws.import_file(ImportKind::records, kData + "/records/tam-duong-2025-synthetic.csv");
  }
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%_by_%'"),
            4);
  EXPECT_EQ(count("SELECT count(*) FROM records"), 13);
  sql("UPDATE meta SET value = '99' WHERE key = 'schema_version';");
  try {
    (void)Workspace::open(file_);
    FAIL();
  } catch (const core::InvalidArgument& e) {
    EXPECT_THAT(e.what(), HasSubstr("newer than this library"));
  }
  sql("UPDATE meta SET value = 'three' WHERE key = 'schema_version';");
  try {
    (void)Workspace::open(file_);
    FAIL();
  } catch (const core::InvalidArgument& e) {
    EXPECT_THAT(e.what(), HasSubstr("has a schema version that is not a number ('three')"));
  }
}

TEST_F(WorkspaceTest, WhatIsNotAWorkspaceIsSaidSo) {
  EXPECT_THROW((void)Workspace::open(dir_ / "missing.p8db"), core::InvalidArgument);
  std::ofstream(dir_ / "text.p8db") << "hello, not a database\n";
  EXPECT_THROW((void)Workspace::open(dir_ / "text.p8db"), core::InvalidArgument);
  file_ = dir_ / "other.sqlite";
  sql("CREATE TABLE t(x);");
  EXPECT_THROW((void)Workspace::open(file_), core::InvalidArgument);
  // A bad plan creates nothing.
  std::ofstream(dir_ / "bad.yaml") << "schema: project8/plan/1\n";
  EXPECT_THROW((void)Workspace::create(dir_ / "new.p8db", dir_ / "bad.yaml"), core::InputError);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "new.p8db"));
}

TEST_F(WorkspaceTest, ExactDuplicatesAndRepeatedPaymentIdsAreRefusedByTheStoreSaidWhere) {
  auto ws = Workspace::create(file_, kPlan);
  ws.import_text(ImportKind::records,
                 "date,unit,target,quantity,role_member\n2025-03-01,03424,T3,1,2\n", "one.csv");
  try {
    (void)ws.import_text(ImportKind::records,
                         "date,unit,target,quantity,note,role_member\n2025-03-02,03424,T3,1,,"
                         "\n2025-03-01,03424,T3,1,,2\n",
                         "again.csv");
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 1U);
    EXPECT_EQ(e.problems()[0].location.line, 3U);
    EXPECT_THAT(e.problems()[0].message, HasSubstr("line 2 of import 1"));
  }
  // The same row with another count is not a duplicate.
  EXPECT_EQ(ws.import_text(ImportKind::records,
                           "date,unit,target,quantity,role_member\n2025-03-01,03424,T3,1,3\n",
                           "other.csv")
                .rows,
            1U);
  EXPECT_EQ(ws.records().size(), 2U);
  ws.import_text(ImportKind::payments,
                 "payment_id,person_id,package,date,amount\nV1,s1,anc_travel,2025-03-01,100\n",
                 "p1.csv");
  for (const char* text :
       {"payment_id,person_id,package,date,amount\nV1,s2,anc_travel,2025-04-01,100\n",
        "payment_id,person_id,package,date,amount\nV2,s2,anc_travel,2025-04-01,100\n"
        "V2,s3,anc_travel,2025-04-01,100\n"}) {
    try {
      (void)ws.import_text(ImportKind::payments, text, "p2.csv");
      FAIL();
    } catch (const core::ValidationError& e) {
      ASSERT_EQ(e.problems().size(), 1U);
      EXPECT_EQ(e.problems()[0].field, "payment_id");
      EXPECT_THAT(e.problems()[0].message, HasSubstr("already"));
      EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("s2")));  // no person id in a message
    }
  }
  // Payments without an id may repeat (the audit flags real duplicates).
  ws.import_text(ImportKind::payments,
                 "person_id,package,date,amount\ns9,anc_travel,2025-05-01,100\n", "p3.csv");
  ws.import_text(
      ImportKind::payments,
      "person_id,package,date,amount\ns9,anc_travel,2025-05-01,100\ns9,anc_travel,2025-05-01,100\n",
      "p4.csv");
  EXPECT_EQ(ws.payments().size(), 4U);
}

TEST_F(WorkspaceTest, AVersion2WorkspaceIsRebuiltFromTheDeclaredFieldsKeepingItsRows) {
  // A workspace as version 2 wrote it: empty texts for absent optional ones.
  sql("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE sources (kind TEXT PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL);"
      "CREATE TABLE imports (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, "
      "content BLOB NOT NULL,"
      " rows INTEGER NOT NULL, imported_at TEXT NOT NULL);"
      "CREATE TABLE records (import_id INTEGER NOT NULL REFERENCES imports(id), line INTEGER,"
      " date TEXT NOT NULL, unit TEXT NOT NULL, target TEXT NOT NULL, quantity INTEGER NOT NULL,"
      " denominator INTEGER, entity_id TEXT NOT NULL, female INTEGER, male INTEGER, "
      "ethnic_minority INTEGER,"
      " kinh INTEGER, other TEXT NOT NULL, agency TEXT, filed TEXT, note TEXT NOT NULL, source "
      "TEXT NOT NULL);"
      "CREATE TABLE payments (import_id INTEGER NOT NULL REFERENCES imports(id), line INTEGER,"
      " payment_id TEXT NOT NULL, person_id TEXT NOT NULL, package TEXT NOT NULL, date TEXT NOT "
      "NULL,"
      " amount INTEGER NOT NULL, episode_id TEXT NOT NULL);"
      "CREATE TABLE ledger (import_id INTEGER NOT NULL REFERENCES imports(id), line INTEGER,"
      " date TEXT NOT NULL, year INTEGER NOT NULL, unit TEXT NOT NULL, activity TEXT, "
      "funding_source TEXT NOT NULL,"
      " stage TEXT NOT NULL, amount INTEGER NOT NULL, reference TEXT NOT NULL, note TEXT NOT NULL);"
      "CREATE INDEX imports_by_kind ON imports(kind, rows);"
      "CREATE INDEX records_by_target ON records(target, date);"
      "CREATE INDEX payments_by_person ON payments(person_id, package);"
      "CREATE INDEX ledger_by_unit ON ledger(unit, year);"
      "INSERT INTO meta VALUES ('application', 'project8-workspace'), ('schema_version', '2'), "
      "('plan', 'x');"
      "INSERT INTO imports VALUES (1, 'records', 'r.csv', x'00', 1, '2025-01-01T00:00:00Z');"
      "INSERT INTO imports VALUES (2, 'payments', 'p.csv', x'01', 2, '2025-01-01T00:00:00Z');"
      "INSERT INTO records VALUES (1, 2, '2025-03-01', '03424', 'T3', 1, NULL, '', 4, NULL, NULL, "
      "NULL,"
      " '{\"role_member\":2}', NULL, NULL, '', '');"
      "INSERT INTO payments VALUES (2, 2, '', 's1', 'anc_travel', '2025-03-01', 100, '');"
      "INSERT INTO payments VALUES (2, 3, 'V7', 's2', 'anc_travel', '2025-03-02', 200, 'e1');");
  {  // the sources a real workspace has
    auto other = Workspace::create(dir_ / "src.p8db", kPlan);
  }
  sql("ATTACH '" + (dir_ / "src.p8db").string() +
      "' AS s; INSERT INTO sources SELECT * FROM s.sources; DETACH s;");
  auto ws = Workspace::open(file_);
  EXPECT_EQ(ws.schema_version(), 4);
  const auto records = ws.records();
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records.records()[0].counts.female, 4);
  EXPECT_EQ(records.records()[0].counts.other.at("role_member"), 2);
  EXPECT_EQ(records.records()[0].location.to_string(), "import 1:2");
  EXPECT_EQ(count("SELECT count(*) FROM payments WHERE payment_id IS NULL AND episode_id IS NULL"),
            1);
  const auto payments = ws.payments();
  ASSERT_EQ(payments.size(), 2U);
  EXPECT_EQ(payments[1].payment_id, "V7");
  EXPECT_EQ(payments[1].amount, core::Money::vnd(200));
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%_by_%'"),
            4);
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                  "('records_content', 'payments_id_unique')"),
            2);
}

TEST_F(WorkspaceTest, OpeningForReadingDoesNotWaitForTheWriteLock) {
  {
    auto ws = Workspace::create(file_, kPlan);
    ws.import_file(ImportKind::ledger, kData + "/budget/tam-duong-2025-ledger-synthetic.csv");
  }
  // Another process holds the write lock (as a long import does) for the whole test.
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(file_.string().c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  try {
    const auto ws = Workspace::open(file_);  // would wait, then fail, if opening took the lock
    EXPECT_EQ(ws.ledger().entries().size(), 24U);
  } catch (const core::Error& e) {
    ADD_FAILURE() << e.what();
  }
  sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(writer);
}

TEST_F(WorkspaceTest, AVersion3WorkspaceWithLocalUnitIdsMovesToTheOfficialCodes) {
  // Until the official codes of the units formed on 1/7/2025 were known, the bundled registry
  // gave them local ids (LC2025-*), and so did the records and populations made with it.
  const auto import_all = [](Workspace& ws) {
    ws.import_file(ImportKind::records, kData + "/records/tam-duong-2025-synthetic.csv");
    ws.import_file(ImportKind::population,
                   kData + "/budget/tam-duong-2025-population-synthetic.csv");
  };
  {
    auto fresh = Workspace::create(dir_ / "fresh.p8db", kPlan);
    import_all(fresh);
  }
  {
    auto ws = Workspace::create(file_, kPlan);
    import_all(ws);
  }
  std::ifstream in(PROJECT8_SOURCE_DIR "/tests/workspace/lai-chau-local-ids.yaml");
  std::string old_units((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string quoted;
  for (const char c : old_units) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  std::string downgrade = "UPDATE sources SET text = '" + quoted + "' WHERE kind = 'units';";
  for (const auto& [local, official] :
       {std::pair{"LC2025-BINH-LU", "03390"}, std::pair{"LC2025-TA-LENG", "03405"},
        std::pair{"LC2025-KHUN-HA", "03430"}, std::pair{"LC2025-BAN-BO", "03424"},
        std::pair{"LC2025-SIN-SUOI-HO", "03394"}, std::pair{"LC2025-TAN-PHONG", "03408"}}) {
    downgrade += std::string("UPDATE records SET unit = '") + local + "' WHERE unit = '" +
                 official + "' AND date >= '2025-07-01';";
    downgrade +=
        std::string("UPDATE imports SET content = CAST(replace(CAST(content AS TEXT), ',") +
        official + "' || char(10), '," + local +
        "' || char(10)) AS BLOB) WHERE kind = 'population';";  // the stored population ends lines
                                                               // with LF
  }
  sql(downgrade + "UPDATE meta SET value = '3' WHERE key = 'schema_version';");
  ASSERT_EQ(count("SELECT count(*) FROM records WHERE unit LIKE 'LC2025-%'"), 7);
  ASSERT_EQ(count("SELECT count(*) FROM imports WHERE kind = 'population' AND "
                  "instr(CAST(content AS TEXT), 'LC2025-') > 0"),
            1);

  const auto ws = Workspace::open(file_);
  EXPECT_EQ(ws.schema_version(), 4);
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE unit LIKE 'LC2025-%'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM imports WHERE instr(CAST(content AS TEXT), 'LC2025-') > 0"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM sources WHERE instr(text, 'LC2025-') > 0"), 0);
  // The migrated registry tells the reused codes apart by date.
  EXPECT_EQ(ws.units().unit(core::UnitCode{"03390"}, core::make_date(2025, 6, 30)).name,
            "Thị trấn Tam Đường");
  const auto& binh_lu = ws.units().unit(core::UnitCode{"03390"}, core::make_date(2025, 7, 1));
  EXPECT_EQ(binh_lu.name, "Xã Bình Lư");
  EXPECT_EQ(binh_lu.code_status, geo::CodeStatus::official);
  // The same records, population and progress as a workspace made with the official codes.
  const auto fresh = Workspace::open(dir_ / "fresh.p8db");
  ASSERT_EQ(ws.records().size(), fresh.records().size());
  for (std::size_t i = 0; i < ws.records().size(); ++i) {
    EXPECT_EQ(ws.records().records()[i].unit, fresh.records().records()[i].unit) << i;
  }
  ASSERT_EQ(ws.population().rows(), fresh.population().rows());
  for (std::size_t i = 0; i < ws.population().rows(); ++i) {
    EXPECT_EQ(ws.population().column("commune").string_at(i),
              fresh.population().column("commune").string_at(i));
  }
  const auto day = core::make_date(2025, 12, 31);
  const auto migrated = tracking::progress(ws.plan(), ws.units(), ws.records(), day);
  const auto expected = tracking::progress(fresh.plan(), fresh.units(), fresh.records(), day);
  ASSERT_EQ(migrated.by_unit.size(), expected.by_unit.size());
  for (std::size_t i = 0; i < migrated.by_unit.size(); ++i) {
    EXPECT_EQ(migrated.by_unit[i].unit, expected.by_unit[i].unit);
    EXPECT_EQ(migrated.by_unit[i].achieved, expected.by_unit[i].achieved);
  }
  ASSERT_EQ(migrated.targets.size(), expected.targets.size());
  for (std::size_t i = 0; i < migrated.targets.size(); ++i) {
    EXPECT_EQ(migrated.targets[i].achieved, expected.targets[i].achieved);
  }
}

TEST_F(WorkspaceTest, A2026PlanUnderTheMergedProgrammeMakesAWorkspace) {
  // An illustrative plan of Xã Bản Bo (03424 from 1/7/2025) under the 2026–2035 programme.
  const std::string p2026 = PROJECT8_SOURCE_DIR "/tests/data/plan-2026-illustrative.yaml";
  auto ws = Workspace::create(file_, p2026);
  EXPECT_EQ(ws.plan().programme->id, "ntp-2026-2035");
  EXPECT_EQ(ws.units().unit(ws.plan().scope, ws.plan().period.first()).name, "Xã Bản Bo");
  ws.import_text(ImportKind::records, "date,unit,target,quantity\n2026-03-01,03424,T1,1\n",
                 "r.csv");
  const auto p =
      tracking::progress(ws.plan(), ws.units(), ws.records(), core::make_date(2026, 12, 31));
  EXPECT_EQ(p.targets.at(0).achieved, 1.0);
  // The same plan naming NTP 1719 phase I is refused before anything is written.
  std::ifstream in(p2026);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find("{id: ntp-2026-2035, phase: 1}");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 29, "{id: ntp-1719, phase: 1}");
  std::ofstream(dir_ / "wrong.yaml") << text;
  try {
    (void)Workspace::create(dir_ / "wrong.p8db", dir_ / "wrong.yaml");
    FAIL();
  } catch (const core::ValidationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("programme.phase: the plan's period 2026-01-01..2026-12-31 "
                                    "lies outside phase 1 of 'ntp-1719'"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "wrong.p8db"));
}

TEST_F(WorkspaceTest, AWorkspaceIsReadableByItsOwnerOnly) {
  // It holds ethnicity, pregnancy and payments: not world-readable, whatever the umask.
  const auto old_mask = ::umask(0022);
  {
    auto ws = Workspace::create(file_, kPlan);
    ws.import_file(ImportKind::records, kData + "/records/tam-duong-2025-synthetic.csv");
  }
  ::umask(old_mask);
  namespace fs = std::filesystem;
  EXPECT_EQ(fs::status(file_).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  for (const char* side : {"-wal", "-shm"}) {
    const fs::path p = file_.string() + side;
    if (fs::exists(p)) {
      EXPECT_EQ(fs::status(p).permissions() & (fs::perms::group_all | fs::perms::others_all),
                fs::perms::none)
          << p;
    }
  }
}

namespace {
/// Every byte a workspace keeps on disk: the file and its write-ahead log.
std::string stored_bytes(const std::filesystem::path& file) {
  std::string all;
  for (const auto& p : {file, std::filesystem::path(file.string() + "-wal")}) {
    std::ifstream in(p, std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), {});
  }
  return all;
}
}  // namespace

TEST_F(WorkspaceTest, AnEncryptedWorkspaceKeepsNoReadableByteAndOpensOnlyWithItsKey) {
  const std::string people = kData + "/budget/tam-duong-2025-population-synthetic.csv";
  workspace::CreateOptions o;
  o.key = workspace::Key("mật khẩu của xã");
  {
    auto ws = Workspace::create(file_, kPlan, o);
    EXPECT_TRUE(ws.encrypted());
    ws.import_file(ImportKind::population, people);
    ws.import_file(ImportKind::payments, kData + "/budget/tam-duong-2025-payments-synthetic.csv");
    // While it is open (the write-ahead log holds the last pages) and after.
    const auto open_bytes = stored_bytes(file_);
    EXPECT_EQ(open_bytes.find("s0001"), std::string::npos);
    EXPECT_EQ(open_bytes.find("SQLite format 3"), std::string::npos);
  }
  const auto bytes = stored_bytes(file_);
  for (const char* known : {"s0001", "SQLite format 3", "tam-duong-2025", "03412", "CREATE TABLE"})
    EXPECT_EQ(bytes.find(known), std::string::npos) << known;
  EXPECT_TRUE(Workspace::looks_encrypted(file_));

  try {
    (void)Workspace::open(file_);
    FAIL() << "opened without its key";
  } catch (const core::InvalidArgument& e) {
    EXPECT_THAT(e.what(), HasSubstr("is encrypted, or is not a project8 workspace"));
  }
  workspace::OpenOptions wrong;
  wrong.key = workspace::Key("mật khẩu khác");
  try {
    (void)Workspace::open(file_, wrong);
    FAIL() << "opened with a wrong key";
  } catch (const core::InvalidArgument& e) {
    EXPECT_THAT(e.what(), HasSubstr("this key does not open it"));
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("mật khẩu")));  // never the key
  }
  workspace::OpenOptions right;
  right.key = workspace::Key("mật khẩu của xã");
  auto ws = Workspace::open(file_, right);
  EXPECT_TRUE(ws.encrypted());
  EXPECT_EQ(ws.population().rows(), 400U);
  EXPECT_EQ(ws.payments().size(), 193U);
}

TEST_F(WorkspaceTest, AKeyForAPlainWorkspaceAndEmptyKeysAreRefused) {
  (void)Workspace::create(file_, kPlan);
  EXPECT_FALSE(Workspace::looks_encrypted(file_));
  workspace::OpenOptions o;
  o.key = workspace::Key("k");
  EXPECT_THROW((void)Workspace::open(file_, o), core::InvalidArgument);
  EXPECT_THROW(workspace::Key(""), core::InvalidArgument);
  EXPECT_THROW(workspace::Key(std::string("a\0b", 3)), core::InvalidArgument);
  // A key file: its first line; refused when others may read it.
  const auto key_file = dir_ / "key";
  std::ofstream(key_file) << "bí mật\r\nsecond line\n";
  std::filesystem::permissions(
      key_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(workspace::Key::from_file(key_file).passphrase(), "bí mật");
  std::filesystem::permissions(key_file, std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  try {
    (void)workspace::Key::from_file(key_file);
    FAIL() << "a key others may read was taken";
  } catch (const core::InvalidArgument& e) {
    EXPECT_THAT(e.what(), HasSubstr("chmod 600"));
  }
  // Junk is not called encrypted when its size is no whole number of pages.
  std::ofstream(dir_ / "junk.p8db") << std::string(1000, 'x');
  EXPECT_FALSE(Workspace::looks_encrypted(dir_ / "junk.p8db"));
  EXPECT_THROW((void)Workspace::open(dir_ / "junk.p8db"), core::InvalidArgument);
}

TEST_F(WorkspaceTest, OpenedForReadingOnlyItChangesNothing) {
  {
    auto ws = Workspace::create(file_, kPlan);
    ws.import_file(ImportKind::records, kData + "/records/tam-duong-2025-synthetic.csv");
  }
  const auto before = stored_bytes(file_);
  workspace::OpenOptions o;
  o.read_only = true;
  {
    auto ws = Workspace::open(file_, o);
    EXPECT_TRUE(ws.read_only());
    EXPECT_EQ(ws.records().size(), 13U);
    try {
      (void)ws.import_file(ImportKind::ledger,
                           kData + "/budget/tam-duong-2025-ledger-synthetic.csv");
      FAIL() << "imported into a workspace opened for reading";
    } catch (const core::InvalidArgument& e) {
      EXPECT_THAT(e.what(), HasSubstr("opened for reading only"));
    }
  }
  EXPECT_EQ(stored_bytes(file_), before);
  // An older schema is not migrated by a reader.
  sql("UPDATE meta SET value = '3' WHERE key = 'schema_version'");
  try {
    (void)Workspace::open(file_, o);
    FAIL() << "a reader opened a schema it would have to migrate";
  } catch (const core::InvalidArgument& e) {
    EXPECT_THAT(e.what(), HasSubstr("open it once for writing"));
  }
}
