#include <cstdio>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>

using namespace project8;
using data::ColumnType;
using ::testing::HasSubstr;

namespace {

data::Schema people_schema() {
  return data::Schema::parse({{"id", "string"},
                              {"sex", "enum(F, M)"},
                              {"birth_date", "date"},
                              {"anc_visits", "int"},
                              {"village_especially_difficult", "bool"}});
}

std::vector<core::Problem> problems_of(std::string_view text, const data::Schema& schema) {
  try {
    (void)data::parse_csv(text, schema, "people.csv");
  } catch (const core::ParseError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "no error";
  return {};
}

}  // namespace

TEST(Schema, ParsesTypesAndEnumerations) {
  const auto f = data::parse_field("poverty", "enum(none, near_poor, poor)");
  EXPECT_EQ(f.type, ColumnType::enumeration);
  EXPECT_EQ(f.categories, (std::vector<std::string>{"none", "near_poor", "poor"}));
  EXPECT_EQ(f.category_index("poor"), 2);
  EXPECT_EQ(f.type_name(), "enum(none, near_poor, poor)");
  EXPECT_THROW((void)data::parse_field("x", "float"), core::InvalidArgument);
  EXPECT_THROW((void)data::parse_field("x", "enum(A, A)"), core::InvalidArgument);
  EXPECT_THROW((void)data::parse_field("x", "enum(A,,B)"), core::InvalidArgument);
  EXPECT_THROW(data::Schema::parse({{"a", "int"}, {"a", "bool"}}), core::InvalidArgument);
}

TEST(Csv, ReadsTypedColumnsWithMissingValuesQuotesAndExtraColumns) {
  const std::string text =
      "\xEF\xBB\xBFid,note,sex,birth_date,anc_visits,village_especially_difficult\r\n"
      "p1,\"said \"\"hi\"\", then left\",F,1990-02-28,3,true\r\n"
      "p2,\"two\nlines\",M,,,0\r\n"
      "\"p,3\",, F ,2000-02-29,-2,FALSE\r\n";
  const auto t = data::parse_csv(text, people_schema(), "people.csv");
  ASSERT_EQ(t.rows(), 3U);
  EXPECT_EQ(t.column("id").string_at(2), "p,3");
  EXPECT_EQ(t.column("sex").code_data()[0], 0);
  EXPECT_EQ(t.column("sex").code_data()[2], 0);
  EXPECT_EQ(t.column("sex").code_data()[1], 1);
  EXPECT_EQ(t.column("birth_date").int64_data()[0],
            data::to_epoch_days(core::make_date(1990, 2, 28)));
  EXPECT_FALSE(t.column("birth_date").is_valid(1));
  EXPECT_EQ(t.column("anc_visits").int64_data()[2], -2);
  EXPECT_EQ(t.column("anc_visits").missing_count(), 1U);
  EXPECT_EQ(t.column("village_especially_difficult").bool_data()[0], 1);
  EXPECT_EQ(t.column("village_especially_difficult").bool_data()[2], 0);
  EXPECT_EQ(t.column("id").valid_data(), nullptr) << "no mask when nothing is missing";
}

TEST(Csv, EnumerationValuesMatchInAnyUnicodeNormalForm) {
  const auto schema = data::Schema::parse({{"commune", "enum(Tả Lèng, Bình Lư)"}});
  const auto t = data::parse_csv("commune\nTa\xCC\x89 Le\xCC\x80ng\n", schema, "x.csv");  // NFD
  EXPECT_EQ(t.column("commune").code_data()[0], 0);
}

TEST(Csv, EveryBadCellIsReportedWithLineColumnAndFieldButNotItsValue) {
  const auto problems = problems_of(
      "id,sex,birth_date,anc_visits,village_especially_difficult\n"
      "p1,X,2025-02-30,abc,maybe\n"
      "p2,F,2025-01-01,99999999999999999999,1\n",
      people_schema());
  ASSERT_EQ(problems.size(), 5U);
  EXPECT_EQ(problems[0].location, (core::SourceLocation{"people.csv", 2, 2}));
  EXPECT_EQ(problems[0].field, "sex");
  EXPECT_THAT(problems[0].message, HasSubstr("enum(F, M)"));
  EXPECT_EQ(problems[1].location.column, 3U);
  EXPECT_THAT(problems[1].message, HasSubstr("YYYY-MM-DD"));
  EXPECT_EQ(problems[2].field, "anc_visits");
  EXPECT_EQ(problems[3].field, "village_especially_difficult");
  EXPECT_EQ(problems[4].location.line, 3U);
  EXPECT_THAT(problems[4].message, HasSubstr("int64"));
  for (const auto& p : problems) {
    EXPECT_THAT(p.to_string(), ::testing::Not(HasSubstr("maybe")));
    EXPECT_THAT(p.to_string(), ::testing::Not(HasSubstr("abc")));
  }
}

TEST(Csv, StructuralProblems) {
  auto problems = problems_of("id,sex,anc_visits\np1,F,1\n", people_schema());
  ASSERT_EQ(problems.size(), 2U) << "two schema columns are absent from the header";
  EXPECT_EQ(problems[0].field, "birth_date");
  EXPECT_EQ(problems[0].location.line, 1U);

  problems = problems_of(
      "id,sex,birth_date,anc_visits,village_especially_difficult\n"
      "p1,F,2000-01-01,1\n"
      "p2,F,2000-01-01,1,0,extra\n",
      people_schema());
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0].location.line, 2U);
  EXPECT_THAT(problems[0].message, HasSubstr("found 4"));
  EXPECT_EQ(problems[1].location.line, 3U);

  problems = problems_of("id,sex,birth_date,anc_visits,village_especially_difficult\np1,\"F,1\n",
                         people_schema());
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems.back().message, HasSubstr("quote"));

  problems = problems_of("", people_schema());
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems[0].message, HasSubstr("header"));

  problems = problems_of("id,id,sex,birth_date,anc_visits,village_especially_difficult\n",
                         people_schema());
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems[0].message, HasSubstr("appears once"));
}

TEST(Csv, ProblemsBeyondTheLimitAreCounted) {
  std::string text = "id,sex,birth_date,anc_visits,village_especially_difficult\n";
  for (int i = 0; i < 300; ++i) text += "p,F,2000-01-01,x,1\n";
  const auto problems = problems_of(text, people_schema());
  ASSERT_EQ(problems.size(), 101U);
  EXPECT_EQ(problems.back().message, "and 200 more problems");
}

TEST(Csv, ReadsFromAFileInBlocks) {
  const std::string path = ::testing::TempDir() + "/people-blocks.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "id,sex,birth_date,anc_visits,village_especially_difficult\n";
    for (int i = 0; i < 100000; ++i)
      out << "person-" << i << ",F,1995-05-0" << (1 + i % 9) << ',' << i % 7 << ",1\n";
  }
  const auto t = data::read_csv(path, people_schema());
  ASSERT_EQ(t.rows(), 100000U);
  EXPECT_EQ(t.column("id").string_at(99999), "person-99999");
  EXPECT_EQ(t.column("anc_visits").int64_data()[99999], 99999 % 7);
  std::remove(path.c_str());
  EXPECT_THROW((void)data::read_csv(path, people_schema()), core::NotFoundError);
}

TEST(Table, RejectsColumnsThatDoNotFitTheSchema) {
  const auto schema = data::Schema::parse({{"sex", "enum(F, M)"}, {"n", "int"}});
  EXPECT_NO_THROW(
      data::Table(schema, {data::Column::enumeration({0, 1}), data::Column::integers({1, 2})}));
  EXPECT_THROW(
      data::Table(schema, {data::Column::enumeration({0, 2}), data::Column::integers({1, 2})}),
      core::InvalidArgument);
  EXPECT_THROW(
      data::Table(schema, {data::Column::enumeration({0, 1}), data::Column::integers({1})}),
      core::InvalidArgument);
  EXPECT_THROW(
      data::Table(schema, {data::Column::integers({0, 1}), data::Column::integers({1, 2})}),
      core::InvalidArgument);
}

TEST(Table, EpochDaysRoundTrip) {
  for (const auto d :
       {core::make_date(1970, 1, 1), core::make_date(2025, 7, 1), core::make_date(1400, 1, 1),
        core::make_date(9999, 12, 31), core::make_date(1900, 2, 28)}) {
    EXPECT_EQ(data::from_epoch_days(data::to_epoch_days(d)), d);
  }
  EXPECT_THROW((void)data::from_epoch_days(100000000), core::InvalidArgument);
}

TEST(Table, BorrowsNarrowEnumerationCodesAsPandasStoresThem) {
  const auto schema = data::Schema::parse({{"sex", "enum(F, M)"}});
  static const std::int8_t codes[] = {0, 1, -1, 1};
  static const std::uint8_t valid[] = {1, 1, 0, 1};
  const auto col = data::Column::borrow(data::ColumnType::enumeration, codes, 4, valid, nullptr, 1);
  const data::Table t(schema, {col});
  EXPECT_EQ(t.column(0).code_width(), 1U);
  EXPECT_EQ(t.column(0).code_at(3), 1);
  EXPECT_THROW((void)t.column(0).code_data(), core::InvalidArgument);
  static const std::int8_t bad[] = {0, 2};
  EXPECT_THROW(data::Table(schema, {data::Column::borrow(data::ColumnType::enumeration, bad, 2,
                                                         nullptr, nullptr, 1)}),
               core::InvalidArgument);
  EXPECT_THROW((void)data::Column::borrow(data::ColumnType::integer, codes, 4, nullptr, nullptr, 1),
               core::InvalidArgument);
}

TEST(Csv, LargeFilesReadInParallelGiveTheSameTableAndLines) {
  // Above 4 MB and without quotes, a file is read in parts on several threads.
  std::string text = "id,sex,birth_date,anc_visits,village_especially_difficult\n";
  for (int i = 0; i < 300000; ++i) {
    text += "person-" + std::to_string(i) + (i % 2 ? ",F," : ",M,") + "1995-05-0" +
            std::to_string(1 + i % 9) + ',' + std::to_string(i % 7) + (i % 3 ? ",1\n" : ",\n");
  }
  const auto t = data::parse_csv(text, people_schema(), "big.csv");
  ASSERT_EQ(t.rows(), 300000U);
  for (const std::size_t i : {0UL, 1UL, 149999UL, 150000UL, 299999UL}) {
    EXPECT_EQ(t.column("id").string_at(i), "person-" + std::to_string(i));
    EXPECT_EQ(t.column("anc_visits").int64_data()[i], static_cast<std::int64_t>(i % 7));
    EXPECT_EQ(t.column("village_especially_difficult").is_valid(i), i % 3 != 0);
    EXPECT_EQ(t.column("sex").code_data()[i], i % 2 ? 0 : 1);
  }
  // Problems keep their lines and file order across parts.
  std::string broken = text;
  const auto at_line = [&](std::size_t line) {
    std::size_t pos = 0;
    for (std::size_t l = 1; l < line; ++l) pos = broken.find('\n', pos) + 1;
    return pos;
  };
  broken.replace(at_line(250001) + broken.substr(at_line(250001)).find(",F,") + 1, 1, "X");
  broken.replace(at_line(5) + broken.substr(at_line(5)).find(",F,") + 1, 1, "X");
  const auto problems = problems_of(broken, people_schema());
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0].location.line, 5U);
  EXPECT_EQ(problems[1].location.line, 250001U);
  EXPECT_EQ(problems[1].location.column, 2U);
}

TEST(Csv, HeaderAndFieldQuotingFollowTheReader) {
  EXPECT_EQ(data::csv_header("\xEF\xBB\xBF\"a,b\", c ,\"d\ne\"\n1,2,3\n"),
            (std::vector<std::string>{"a,b", "c", "d\ne"}));
  EXPECT_TRUE(data::csv_header("").empty());
  EXPECT_EQ(data::csv_field("plain"), "plain");
  EXPECT_EQ(data::csv_field("say \"hi\", then"), "\"say \"\"hi\"\", then\"");
  const auto schema = data::Schema::parse({{"x", "string"}});
  EXPECT_EQ(data::parse_csv("x\n" + data::csv_field("a\"b,\nc") + "\n", schema, "t.csv")
                .column("x")
                .string_at(0),
            "a\"b,\nc");
}

TEST(Csv, FormulaLikeCellsAreWrittenAsText) {
  // OWASP's CSV injection: a spreadsheet runs a cell starting with = + - @,
  // a tab or a carriage return; such cells get a leading quote. Numbers stay numbers.
  EXPECT_EQ(data::csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(data::csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(data::csv_field("+84 912"), "'+84 912");
  EXPECT_EQ(data::csv_field("-1+2"), "'-1+2");
  EXPECT_EQ(data::csv_field("\tx"), "'\tx");
  EXPECT_EQ(data::csv_field("\rx"), "\"'\rx\"");
  EXPECT_EQ(data::csv_field("-"), "'-");
  EXPECT_EQ(data::csv_field("-200000"), "-200000");
  EXPECT_EQ(data::csv_field("+5"), "+5");
  EXPECT_EQ(data::csv_field("-18.2"), "-18.2");
  EXPECT_EQ(data::csv_field("a=b"), "a=b");
}

TEST(Csv, EnumerationsWithSharedShapesAndLongNames) {
  // "ab" and "ac" share length and first letter; a name of 16+ bytes goes through the search.
  const auto schema = data::Schema::parse({{"k", "enum(ab, ac, a-very-long-category-name, x)"}});
  const auto t = data::parse_csv("k\nac\na-very-long-category-name\nab\nx\n", schema, "e.csv");
  ASSERT_EQ(t.rows(), 4U);
  EXPECT_EQ(t.column(0).code_at(0), 1);
  EXPECT_EQ(t.column(0).code_at(1), 2);
  EXPECT_EQ(t.column(0).code_at(2), 0);
  EXPECT_EQ(t.column(0).code_at(3), 3);
  EXPECT_THROW((void)data::parse_csv("k\nad\n", schema, "e.csv"), core::ParseError);
  EXPECT_THROW((void)data::parse_csv("k\ny\n", schema, "e.csv"), core::ParseError);
  EXPECT_THROW((void)data::parse_csv("k\na-very-long-category-nam\n", schema, "e.csv"),
               core::ParseError);
}

TEST(Csv, GivesTheHeaderItReadInOnePassOrInParallelParts) {
  const auto schema = data::Schema::parse({{"a", "int"}, {"b", "string"}});
  std::string text = " a ,\"b\",extra\n";
  for (int i = 0; i < 2000; ++i) text += std::to_string(i) + ",x" + std::to_string(i) + ",\n";
  for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
    std::vector<std::string> header;
    data::CsvOptions o;
    o.header = &header;
    o.threads = threads;
    o.parallel_min_bytes = 64;  // two threads: read in parts after the head read the header
    const auto t = data::parse_csv(text, schema, "h.csv", o);
    EXPECT_EQ(t.rows(), 2000U);
    EXPECT_EQ(header, (std::vector<std::string>{"a", "b", "extra"})) << threads << " threads";
  }
  // The locator of a located read names the columns by that header.
  const auto [table, at] = data::parse_csv_located(text, schema, "h.csv");
  EXPECT_EQ(at.column("extra"), 3U);
  EXPECT_EQ(at.at(1, "b").line, 3U);
}

TEST(Csv, FieldsTheHeaderAddsAreReadInOnePassOrInParallelParts) {
  const auto schema = data::Schema::parse({{"a", "int"}});
  std::string text = "age_0_5,a,note,age_6_15\n";
  for (int i = 0; i < 3000; ++i)
    text += std::to_string(i % 7) + "," + std::to_string(i) + ",x," + std::to_string(i % 5) + "\n";
  const auto counts = [](std::string_view name) -> std::optional<data::Field> {
    if (!name.starts_with("age_")) return std::nullopt;
    return data::Field{"", ColumnType::integer, {}};  // the reader names it after the column
  };
  for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
    data::CsvOptions o;
    o.extra_field = counts;
    o.threads = threads;
    o.parallel_min_bytes = 64;
    const auto t = data::parse_csv(text, schema, "c.csv", o);
    ASSERT_EQ(t.schema().size(), 3U) << threads << " threads";
    EXPECT_EQ(t.schema().fields()[0].name, "a");  // the schema's fields first, then header order
    EXPECT_EQ(t.schema().fields()[1].name, "age_0_5");
    EXPECT_EQ(t.schema().fields()[2].name, "age_6_15");
    ASSERT_EQ(t.rows(), 3000U);
    for (const std::size_t r : {std::size_t{0}, std::size_t{1499}, std::size_t{2999}}) {
      EXPECT_EQ(t.column(0).int64_data()[r], static_cast<std::int64_t>(r));
      EXPECT_EQ(t.column(1).int64_data()[r], static_cast<std::int64_t>(r % 7));
      EXPECT_EQ(t.column(2).int64_data()[r], static_cast<std::int64_t>(r % 5));
    }
  }
  // A bad cell of an added field is located like any other; without the option it is left out.
  data::CsvOptions o;
  o.extra_field = counts;
  try {
    (void)data::parse_csv("a,age_0_5\n1,2\n3,many\n", schema, "c.csv", o);
    FAIL();
  } catch (const core::ParseError& e) {
    EXPECT_EQ(e.problems().at(0).location.line, 3U);
    EXPECT_EQ(e.problems().at(0).location.column, 2U);
    EXPECT_EQ(e.problems().at(0).field, "age_0_5");
  }
  EXPECT_EQ(data::parse_csv("a,age_0_5\n1,2\n", schema, "c.csv").schema().size(), 1U);
}

namespace {

/// Every cell, validity and row line of two tables read from texts that must give the same table.
void expect_same_table(std::string_view a, std::string_view b, const data::Schema& schema) {
  std::vector<std::size_t> lines_a, lines_b;
  data::CsvOptions oa, ob;
  oa.row_lines = &lines_a;
  ob.row_lines = &lines_b;
  const auto ta = data::parse_csv(a, schema, "a.csv", oa);
  const auto tb = data::parse_csv(b, schema, "b.csv", ob);
  ASSERT_EQ(ta.rows(), tb.rows());
  EXPECT_EQ(lines_a, lines_b);
  for (std::size_t c = 0; c < schema.size(); ++c) {
    const auto& x = ta.column(c);
    const auto& y = tb.column(c);
    EXPECT_EQ(x.missing_count(), y.missing_count()) << schema.fields()[c].name;
    EXPECT_EQ(x.valid_data() == nullptr, y.valid_data() == nullptr) << schema.fields()[c].name;
    for (std::size_t r = 0; r < ta.rows(); ++r) {
      ASSERT_EQ(x.is_valid(r), y.is_valid(r)) << schema.fields()[c].name << " row " << r;
      if (!x.is_valid(r)) continue;
      switch (x.type()) {
        case ColumnType::string:
          ASSERT_EQ(x.string_at(r), y.string_at(r));
          break;
        case ColumnType::enumeration:
          ASSERT_EQ(x.code_at(r), y.code_at(r));
          break;
        case ColumnType::boolean:
          ASSERT_EQ(x.bool_data()[r], y.bool_data()[r]);
          break;
        default:
          ASSERT_EQ(x.int64_data()[r], y.int64_data()[r])
              << schema.fields()[c].name << " row " << r;
      }
    }
  }
}

}  // namespace

TEST(Csv, PartsReadInParallelGiveWhatOnePassGives) {
  // A quote in a row makes the reader take one pass over the whole text; the
  // same rows without it are read in parallel parts, each writing its slice of
  // the columns. Blank lines (fewer rows than lines), carriage returns in one
  // part only, missing values in one part only, short rows and an
  // unterminated last line must all give the one-pass table.
  const std::string header = "id,sex,birth_date,anc_visits,village_especially_difficult\n";
  std::string body;
  const int n = 240000;
  std::size_t village_missing = 0, visits_missing = 0;
  for (int i = 0; i < n; ++i) {
    const bool early = i < n / 4;
    body += (i % 11 == 0 ? std::string() : "p" + std::to_string(i)) + (i % 2 ? ",F," : ",M,");
    body += "1990-01-" + std::to_string(10 + i % 19) + ',';
    body +=
        (early && i % 5 == 0 ? std::string() : std::to_string(i % 9));  // missing counts only early
    visits_missing += early && i % 5 == 0 ? 1 : 0;
    village_missing += i % 1000 != 999 && !early && i % 3 == 0 ? 1 : 0;
    body += i % 1000 == 999 ? std::string("\n")
                            : (!early && i % 3 == 0 ? std::string(",\n") : std::string(",true\n"));
    if (early && i % 997 == 0) body += "\n\n";  // blank lines early: later slices move down
    if (i > 3 * n / 4 && i % 4 == 0)
      body.insert(body.size() - 1, "\r");  // CRLF in the last part only
  }
  body += "p-last,M,2000-02-29,3,false";  // no line break at the end
  const std::string parallel = header + body;
  ASSERT_GT(parallel.size(), 4U << 20U);
  const auto quote_first_row = [](std::string rows) {
    return rows.replace(rows.find(",M,"), 3, ",\"M\",");
  };
  const std::string one_pass = header + quote_first_row(body);
  const auto schema = people_schema();
  std::vector<core::Problem> a, b;
  // Short rows are problems, so read the rows as they are and compare the problems too.
  try {
    (void)data::parse_csv(parallel, schema, "x.csv");
  } catch (const core::ParseError& e) {
    a = e.problems();
  }
  try {
    (void)data::parse_csv(one_pass, schema, "x.csv");
  } catch (const core::ParseError& e) {
    b = e.problems();
  }
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) EXPECT_EQ(a[k].location.line, b[k].location.line);
  // Without the short rows, the tables themselves.
  std::string fixed;
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto nl = body.find('\n', pos);
    if (nl == std::string::npos) nl = body.size();
    std::string line = body.substr(pos, nl - pos);
    if (std::count(line.begin(), line.end(), ',') == 3) line += ",1";
    fixed += line + (nl < body.size() ? "\n" : "");
    pos = nl + 1;
  }
  expect_same_table(header + fixed, header + quote_first_row(fixed), schema);
  // A quoted header does not stop the parallel read.
  expect_same_table("\"id\",sex,\"birth_date\",anc_visits,village_especially_difficult\n" + fixed,
                    header + quote_first_row(fixed), schema);
  const auto t = data::parse_csv(header + fixed, schema, "x.csv");
  EXPECT_EQ(t.rows(), static_cast<std::size_t>(n) + 1);
  EXPECT_EQ(t.column("village_especially_difficult").missing_count(), village_missing);
  EXPECT_EQ(t.column("anc_visits").missing_count(), visits_missing);
  EXPECT_EQ(t.column("id").string_at(t.rows() - 1), "p-last");
  EXPECT_EQ(t.column("id").string_at(1), "p1");
  EXPECT_FALSE(t.column("id").is_valid(0));
}

TEST(Csv, IntegersTakeOneSignAndDigitsOnly) {
  const auto schema = data::Schema::parse({{"n", "int"}});
  const auto t = data::parse_csv(
      "n\n+7\n-12\n 5 \n-9223372036854775808\n9223372036854775807\n123456789012345678\n", schema,
      "n.csv");
  ASSERT_EQ(t.rows(), 6U);
  EXPECT_EQ(t.column(0).int64_data()[0], 7);
  EXPECT_EQ(t.column(0).int64_data()[1], -12);
  EXPECT_EQ(t.column(0).int64_data()[2], 5);
  EXPECT_EQ(t.column(0).int64_data()[3], INT64_MIN);
  EXPECT_EQ(t.column(0).int64_data()[4], INT64_MAX);
  EXPECT_EQ(t.column(0).int64_data()[5], 123456789012345678);
  for (const char* bad :
       {"+-5", "-+5", "--5", "+", "-", "5x", "0x10", "1 2", "9223372036854775808"}) {
    const auto problems = problems_of(std::string("n\n") + bad + "\n", schema);
    ASSERT_EQ(problems.size(), 1U) << bad;
    EXPECT_THAT(
        problems[0].message,
        HasSubstr(std::string(bad) == "9223372036854775808" ? "within int64" : "an integer"))
        << bad;
  }
}

TEST(Csv, OptionalColumnsTheFileLacksAreMissingOnEveryRowOnBothPaths) {
  data::CsvOptions options;
  options.optional_fields = {"id", "anc_visits"};
  std::string rows;
  for (int i = 0; i < 260000; ++i)
    rows += (i % 2 ? "F,1990-01-02," : "M,1991-03-04,") + std::string(i % 3 ? "1\n" : "0\n");
  const std::string header = "sex,birth_date,village_especially_difficult\n";
  for (const std::string& text :
       {header + rows, header + "\"M\",1991-03-04,0\n" + rows, header + "F,2000-01-01,1\n"}) {
    const auto t = data::parse_csv(text, people_schema(), "o.csv", options);
    const std::size_t n = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) - 1;
    ASSERT_EQ(t.rows(), n);
    EXPECT_EQ(t.column("id").missing_count(), n);
    EXPECT_EQ(t.column("anc_visits").missing_count(), n);
    EXPECT_EQ(t.column("id").string_at(n - 1), "");
    EXPECT_EQ(t.column("anc_visits").int64_data()[n - 1], 0);
    EXPECT_EQ(t.column("sex").missing_count(), 0U);
    EXPECT_EQ(t.column("sex").code_at(n - 1), 0);  // F, the last row of each text
  }
}

TEST(Csv, AQuoteOrLineBreakCannotBeTheDelimiter) {
  for (const char d : {'"', '\n', '\r'}) {
    data::CsvOptions options;
    options.source.delimiter = d;
    EXPECT_THROW(
        (void)data::parse_csv("a\n1\n", data::Schema::parse({{"a", "int"}}), "d.csv", options),
        core::InvalidArgument);
  }
}

TEST(Csv, ThreadsAndTheParallelSizeAreOptions) {
  // Forced onto parts whatever the size, a small text with blank lines, CRLF,
  // a missing last line break and a bad cell gives the one-pass table and problems.
  const std::string text =
      "\xEF\xBB\xBFid,sex,birth_date,anc_visits,village_especially_difficult\n"
      "a,F,1990-01-01,1,true\n\n"
      "b,M,1990-01-02,,false\r\n"
      "c,F,1990-01-03,3,\n"
      "\n"
      "d,M,1990-01-04,4,1\n"
      "e,F,1990-01-05,5,0";
  data::CsvOptions one;
  one.threads = 1;
  for (const std::size_t threads : {2UL, 3UL, 7UL, 40UL}) {
    data::CsvOptions parts;
    parts.threads = threads;
    parts.parallel_min_bytes = 0;
    const auto a = data::parse_csv(text, people_schema(), "s.csv", one);
    const auto b = data::parse_csv(text, people_schema(), "s.csv", parts);
    ASSERT_EQ(a.rows(), 5U);
    ASSERT_EQ(b.rows(), 5U) << threads;
    for (std::size_t r = 0; r < 5; ++r) {
      EXPECT_EQ(a.column("id").string_at(r), b.column("id").string_at(r));
      EXPECT_EQ(a.column("anc_visits").is_valid(r), b.column("anc_visits").is_valid(r));
      EXPECT_EQ(a.column("village_especially_difficult").is_valid(r),
                b.column("village_especially_difficult").is_valid(r));
      EXPECT_EQ(a.column("birth_date").int64_data()[r], b.column("birth_date").int64_data()[r]);
    }
    std::string bad = text;
    bad.replace(bad.find("d,M"), 3, "d,X");
    std::vector<core::Problem> pa, pb;
    try {
      (void)data::parse_csv(bad, people_schema(), "s.csv", one);
    } catch (const core::ParseError& e) {
      pa = e.problems();
    }
    try {
      (void)data::parse_csv(bad, people_schema(), "s.csv", parts);
    } catch (const core::ParseError& e) {
      pb = e.problems();
    }
    ASSERT_EQ(pa.size(), 1U);
    EXPECT_EQ(pa, pb) << threads;
    EXPECT_EQ(pa[0].location.line, 7U);
  }
}

TEST(Csv, CarriageReturnsAloneEndRecordsOnBothPaths) {
  // Old Mac files end lines with a bare carriage return; libcsv ends records
  // there, so a text can hold more records than line feeds.
  const auto schema = data::Schema::parse({{"n", "int"}});
  std::string text = "n\r";
  for (int i = 0; i < 1000; ++i) text += std::to_string(i) + "\r";
  data::CsvOptions parts;
  parts.threads = 2;
  parts.parallel_min_bytes = 0;
  for (const auto& options : {data::CsvOptions{}, parts}) {
    const auto t = data::parse_csv(text, schema, "mac.csv", options);
    ASSERT_EQ(t.rows(), 1000U);
    EXPECT_EQ(t.column(0).int64_data()[999], 999);
  }
  std::string mixed = "n\n1\n";
  for (int i = 0; i < 1000; ++i) mixed += "2\r";
  for (const auto& options : {data::CsvOptions{}, parts}) {
    EXPECT_EQ(data::parse_csv(mixed, schema, "mixed.csv", options).rows(), 1001U);
  }
}

TEST(Table, EnumerationCodesOfEveryWidthAreCheckedAgainstTheCategories) {
  // Negative codes and codes at or past the number of categories are refused
  // where present, whatever the width and however many categories there are.
  const auto check = [](auto code, std::size_t width, int categories, bool valid_row) {
    std::string type = "enum(";
    for (int i = 0; i < categories; ++i) type += (i ? ", c" : "c") + std::to_string(i);
    const auto schema = data::Schema::parse({{"k", type + ")"}});
    static std::uint8_t valid[2];
    valid[0] = 1;
    valid[1] = valid_row ? 1 : 0;
    std::vector<decltype(code)> codes(2, 0);
    codes[1] = code;
    try {
      const data::Table t(schema, {data::Column::borrow(data::ColumnType::enumeration, codes.data(),
                                                        2, valid, nullptr, width)});
      return true;
    } catch (const core::InvalidArgument&) {
      return false;
    }
  };
  for (const int n : {1, 2, 127, 128, 200, 300}) {
    EXPECT_FALSE(check(std::int8_t{-1}, 1, n, true)) << n;
    EXPECT_TRUE(check(std::int8_t{-1}, 1, n, false)) << n;  // a missing row's code is not read
    EXPECT_EQ(check(std::int8_t{127}, 1, n, true), n > 127) << n;
    EXPECT_EQ(check(std::int8_t{static_cast<std::int8_t>(n - 1 > 127 ? 127 : n - 1)}, 1, n, true),
              true)
        << n;
    EXPECT_FALSE(check(std::int16_t{-1}, 2, n, true)) << n;
    EXPECT_EQ(check(std::int16_t{static_cast<std::int16_t>(n)}, 2, n, true), false) << n;
    EXPECT_EQ(check(std::int16_t{static_cast<std::int16_t>(n - 1)}, 2, n, true), true) << n;
    EXPECT_FALSE(check(std::int32_t{-5}, 4, n, true)) << n;
    EXPECT_FALSE(check(std::int32_t{n}, 4, n, true)) << n;
    EXPECT_TRUE(check(std::int32_t{n - 1}, 4, n, true)) << n;
  }
}

TEST(Table, BorrowsPandasMarksOfMissingValuesAsTheyAre) {
  // pandas' mask (nonzero = missing) of an Int64 column, and a Categorical's
  // -1 codes: read as they are; the validity mask is made only when asked.
  static const std::int64_t visits[] = {3, 0, 7, 1};
  static const std::uint8_t mask[] = {0, 1, 0, 1};
  const auto ints = data::Column::borrow(ColumnType::integer, visits, 4,
                                         data::MissingMarks{mask, false}, nullptr);
  EXPECT_TRUE(ints.has_missing_marks());
  EXPECT_TRUE(ints.is_valid(0));
  EXPECT_FALSE(ints.is_valid(1));
  EXPECT_EQ(ints.missing_count(), 2U);
  const std::uint8_t* valid = ints.valid_data();
  ASSERT_NE(valid, nullptr);
  EXPECT_EQ(std::vector<std::uint8_t>(valid, valid + 4), (std::vector<std::uint8_t>{1, 0, 1, 0}));
  EXPECT_EQ(ints.valid_data(), valid);  // made once
  const data::Column copy = ints;       // copies share what was made
  EXPECT_EQ(copy.valid_data(), valid);

  static const std::uint8_t nothing_missing[] = {0, 0, 0, 0};
  const auto full = data::Column::borrow(ColumnType::integer, visits, 4,
                                         data::MissingMarks{nothing_missing, false}, nullptr);
  EXPECT_EQ(full.valid_data(), nullptr);  // as for any column with nothing missing
  EXPECT_EQ(full.missing_count(), 0U);

  const auto schema = data::Schema::parse({{"sex", "enum(F, M)"}, {"anc_visits", "int"}});
  static const std::int8_t codes[] = {0, -1, 1, -1};
  const auto sex = data::Column::borrow(ColumnType::enumeration, codes, 4,
                                        data::MissingMarks{nullptr, true}, nullptr, 1);
  const data::Table t(schema, {sex, ints});
  EXPECT_EQ(t.column(0).missing_count(), 2U);
  EXPECT_FALSE(t.column(0).is_valid(1));
  EXPECT_TRUE(t.column(0).is_valid(2));
  const std::uint8_t* made = t.column(0).valid_data();
  ASSERT_NE(made, nullptr);
  EXPECT_EQ(std::vector<std::uint8_t>(made, made + 4), (std::vector<std::uint8_t>{1, 0, 1, 0}));

  // Both marks at once: a row is missing when either says so.
  static const std::uint8_t mask2[] = {1, 0, 0, 0};
  const auto both = data::Column::borrow(ColumnType::enumeration, codes, 4,
                                         data::MissingMarks{mask2, true}, nullptr, 1);
  EXPECT_EQ(both.missing_count(), 3U);

  // Codes past the categories are still refused where present; only
  // enumerations can mark missing values by negative codes.
  static const std::int8_t past[] = {0, -1, 2, 1};
  EXPECT_THROW(data::Table(data::Schema::parse({{"sex", "enum(F, M)"}}),
                           {data::Column::borrow(ColumnType::enumeration, past, 4,
                                                 data::MissingMarks{nullptr, true}, nullptr, 1)}),
               core::InvalidArgument);
  static const std::uint8_t hides_it[] = {0, 0, 1, 0};  // the bad code's row is missing: not read
  EXPECT_NO_THROW(
      data::Table(data::Schema::parse({{"sex", "enum(F, M)"}}),
                  {data::Column::borrow(ColumnType::enumeration, past, 4,
                                        data::MissingMarks{hides_it, true}, nullptr, 1)}));
  EXPECT_THROW((void)data::Column::borrow(ColumnType::integer, visits, 4,
                                          data::MissingMarks{nullptr, true}, nullptr),
               core::InvalidArgument);
  // Without the mark, a negative code is refused as before.
  EXPECT_THROW(
      data::Table(data::Schema::parse({{"sex", "enum(F, M)"}}),
                  {data::Column::borrow(ColumnType::enumeration, codes, 4, nullptr, nullptr, 1)}),
      core::InvalidArgument);
}

TEST(Table, MarksOfEveryWidthAreCheckedAgainstTheCategories) {
  for (const int n : {1, 2, 127, 128, 300}) {
    const auto check = [n](auto code, std::size_t width) {
      std::string type = "enum(";
      for (int i = 0; i < n; ++i) type += (i ? ", c" : "c") + std::to_string(i);
      const auto schema = data::Schema::parse({{"k", type + ")"}});
      std::vector<decltype(code)> codes{0, code, -1};
      try {
        const data::Table t(
            schema, {data::Column::borrow(ColumnType::enumeration, codes.data(), 3,
                                          data::MissingMarks{nullptr, true}, nullptr, width)});
        return true;
      } catch (const core::InvalidArgument&) {
        return false;
      }
    };
    EXPECT_EQ(check(std::int8_t{127}, 1), n > 127) << n;
    EXPECT_TRUE(check(std::int8_t{static_cast<std::int8_t>(std::min(n - 1, 127))}, 1)) << n;
    EXPECT_FALSE(check(std::int16_t{static_cast<std::int16_t>(n)}, 2)) << n;
    EXPECT_TRUE(check(std::int16_t{static_cast<std::int16_t>(n - 1)}, 2)) << n;
    EXPECT_TRUE(check(std::int16_t{-32768}, 2)) << n;
    EXPECT_FALSE(check(std::int32_t{n}, 4)) << n;
    EXPECT_TRUE(check(std::int32_t{-7}, 4)) << n;
  }
}
