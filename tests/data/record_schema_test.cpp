// Records as schemas: a field declared once is read from CSV, stored in SQLite,
// written to JSON and put in a table (Python's DataFrame) — and a field added
// to the list is seen by each of them with no other edit.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workspace/record_table.hpp"
#include <project8/budget/audit.hpp>
#include <project8/budget/ledger.hpp>
#include <project8/data/record.hpp>
#include <project8/tracking/records.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

enum class Channel { radio, loudspeaker };
constexpr core::EnumEntry<Channel> kChannelText[] = {
    {Channel::radio, "radio", "Đài", "Radio"},
    {Channel::loudspeaker, "loudspeaker", "Loa", "Loudspeaker"}};
constexpr core::EnumInfo<Channel> enum_text(Channel /*unused*/) noexcept {
  return {"channel", kChannelText};
}

struct Session {
  std::string id;
  core::Date date;
  std::int64_t listeners = 0;
  std::optional<Channel> channel;
  core::Money cost;
  std::map<std::string, std::int64_t> counts;
  core::SourceLocation location;
};

data::RecordSchema<Session> base_schema() {
  return {
      "sessions",
      {data::field("id", &Session::id, data::required, {"Mã", "Id"}),
       data::field("date", &Session::date, data::required, {"Ngày", "Date"}),
       data::field("listeners", &Session::listeners, data::required, {"Người nghe", "Listeners"},
                   {.min = 0, .max = 500})},
      data::CountColumns<Session>{
          {"age_"},
          {"Theo tuổi", "By age"},
          [](Session& s) -> std::map<std::string, std::int64_t>& { return s.counts; },
          [](const Session& s) -> const std::map<std::string, std::int64_t>& { return s.counts; }}};
}

/// SQLite in memory, through the workspace's own layer.
struct Memory {
  workspace::detail::Db db{":memory:",
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY};
  Memory() {
    db.exec("CREATE TABLE imports (id INTEGER PRIMARY KEY); INSERT INTO imports VALUES (1);");
  }
};

}  // namespace

TEST(RecordSchema, AFieldAddedInOnePlaceIsSeenByEveryFormat) {
  const auto base = base_schema();
  const auto schema =
      base.with(data::field("channel", &Session::channel, data::optional, {"Kênh", "Channel"}))
          .with(data::field("cost", &Session::cost, data::optional, {"Chi phí", "Cost"}));
  const std::string csv =
      "id,date,listeners,channel,cost,age_16_30\nS1,2025-03-01,40,radio,150000,12\nS2,2025-03-02,7,"
      ",,\n";

  // CSV: the new fields are read (and the old schema ignores their columns).
  const auto rows = data::read_records(schema, csv, "s.csv");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].channel, Channel::radio);
  EXPECT_EQ(rows[0].cost, core::Money::vnd(150000));
  EXPECT_FALSE(rows[1].channel.has_value());
  EXPECT_EQ(rows[0].counts.at("age_16_30"), 12);
  EXPECT_EQ(rows[1].location.to_string(), "s.csv:3");
  EXPECT_FALSE(data::read_records(base, csv, "s.csv")[0].channel.has_value());
  try {
    (void)data::read_records(schema, "id,date,listeners,channel\nS1,2025-03-01,40,tv\n", "bad.csv");
    FAIL();
  } catch (const core::ParseError& e) {
    EXPECT_THAT(e.what(), HasSubstr("bad.csv:2:4"));
  }

  // SQL: the table, the insert and the stored-row reader have the column.
  Memory m;
  const workspace::detail::RecordTable<Session> table("sessions", schema);
  EXPECT_THAT(table.create_sql(), HasSubstr("channel TEXT"));
  EXPECT_THAT(table.create_sql(), HasSubstr("cost INTEGER"));
  m.db.exec(table.create_sql());
  table.insert(m.db, 1, rows);
  const auto stored = table.read_all(m.db);
  ASSERT_EQ(stored.size(), 2U);
  EXPECT_EQ(stored[0].channel, Channel::radio);
  EXPECT_EQ(stored[0].cost, core::Money::vnd(150000));
  EXPECT_EQ(stored[0].counts, rows[0].counts);
  EXPECT_EQ(stored[1].location.to_string(), "import 1:3");
  // A table made before the fields were declared gains their columns.
  Memory older;
  const workspace::detail::RecordTable<Session> old_table("sessions", base);
  older.db.exec(old_table.create_sql());
  table.add_missing_columns(older.db);
  table.insert(older.db, 1, rows);
  EXPECT_EQ(table.read_all(older.db)[0].channel, Channel::radio);

  // JSON, both ways.
  const auto j = data::to_json(schema, rows[0]);
  EXPECT_EQ(j.at("channel"), "radio");
  EXPECT_EQ(j.at("cost"), 150000);
  EXPECT_EQ(j.at("age_16_30"), 12);
  EXPECT_FALSE(data::to_json(schema, rows[1]).contains("channel"));
  const auto back = data::from_json(schema, j, "j");
  EXPECT_EQ(back.channel, Channel::radio);
  EXPECT_EQ(back.counts, rows[0].counts);
  try {
    (void)data::from_json(
        schema,
        nlohmann::json{{"id", "x"}, {"date", "2025-01-01"}, {"listeners", 900}, {"channel", "tv"}},
        "j");
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 2U);
    EXPECT_EQ(e.problems()[0].field, "listeners");
    EXPECT_THAT(e.problems()[0].message, HasSubstr("500 or less"));
    EXPECT_EQ(e.problems()[1].field, "channel");
  }

  // The table (the DataFrame's columns): the fields in order, then the counts.
  const auto t = data::to_table(schema, rows);
  std::vector<std::string> names;
  for (const auto& f : t.schema().fields()) names.push_back(f.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"id", "date", "listeners", "channel", "cost", "age_16_30"}));
  EXPECT_EQ(t.column("channel").code_at(0), 0);
  EXPECT_FALSE(t.column("channel").is_valid(1));
  EXPECT_EQ(t.schema().field("channel").categories,
            (std::vector<std::string>{"radio", "loudspeaker"}));

  // The docs' table of the format.
  EXPECT_THAT(
      data::markdown_table(schema, core::Language::en),
      HasSubstr("| `channel` | one of the values: `radio`, `loudspeaker` | no | Channel |"));
  EXPECT_THAT(data::markdown_table(schema, core::Language::vi),
              HasSubstr("| `listeners` | số nguyên, ≥ 0, ≤ 500 | có | Người nghe |"));
}

TEST(RecordSchema, LimitsAndRequiredValuesAreCheckedWhereTheyAreRead) {
  try {
    (void)data::read_records(base_schema(),
                             "id,date,listeners,age_0_5\n,2025-03-01,501,-1\nS2,,3,\n", "s.csv");
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 4U);
    EXPECT_EQ(e.problems()[0].location.to_string(), "s.csv:2:1");
    EXPECT_EQ(e.problems()[1].location.to_string(), "s.csv:2:3");
    EXPECT_EQ(e.problems()[2].location.to_string(), "s.csv:2:4");
    EXPECT_EQ(e.problems()[3].location.to_string(), "s.csv:3:2");
  }
}

TEST(RecordSchema, TheLibrarysRecordTypesRoundTripThroughTheirSchemas) {
  const std::string payments =
      "payment_id,person_id,package,date,amount,episode_id\nV1,p1,anc_travel,2025-03-01,200000,e1\n"
      ",p2,anc_travel,2025-03-02,100000,\n";
  const auto read = budget::parse_payments(payments, "p.csv");
  Memory m;
  const workspace::detail::RecordTable<budget::Payment> table("payments", budget::payment_schema());
  m.db.exec(table.create_sql());
  table.insert(m.db, 1, read);
  const auto stored = table.read_all(m.db);
  ASSERT_EQ(stored.size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(data::to_json(budget::payment_schema(), stored[i]),
              data::to_json(budget::payment_schema(), read[i]));
  }
  EXPECT_EQ(data::field_names(budget::ledger_schema()),
            (std::vector<std::string>{"date", "year", "unit", "activity", "funding_source", "stage",
                                      "amount", "reference", "note"}));
  EXPECT_EQ(budget::ledger_schema().find("stage")->categories,
            (std::vector<std::string>{"allocated", "committed", "disbursed", "settled"}));
  EXPECT_NE(tracking::record_schema().find("quantity"), nullptr);
}
