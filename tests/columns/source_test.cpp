// Officers' files: cell forms, encodings, delimiters and Excel workbooks.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iconv.h>
#include <project8/core/date.hpp>
#include <project8/core/error.hpp>
#include <project8/data/cells.hpp>
#include <project8/data/csv.hpp>
#include <project8/data/source.hpp>
#include <xlsxwriter.h>

using namespace project8;
using ::testing::HasSubstr;

namespace {

std::int64_t days(int y, unsigned m, unsigned d) {
  return (core::make_date(y, m, d) - core::make_date(1970, 1, 1)).days();
}

/// UTF-8 `text` in encoding `to` (the C library's iconv).
std::string encode(const std::string& text, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  std::string out(text.size() * 4 + 8, '\0');
  char* in = const_cast<char*>(text.data());
  std::size_t in_left = text.size();
  char* o = out.data();
  std::size_t o_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &o, &o_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - o_left);
  return out;
}

data::Schema people() {
  return data::Schema::parse({{"id", "string"},
                              {"commune", "string"},
                              {"birth_date", "date"},
                              {"anc_visits", "int"},
                              {"pregnant", "bool"}});
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

}  // namespace

TEST(Cells, BooleansInEveryAcceptedFormAndNothingElse) {
  for (const char* t : {"true", "TRUE", "1", "yes", "Yes", "x", "X", "có", "Có", "CÓ", " có "})
    EXPECT_EQ(data::parse_bool_cell(t), true) << t;
  for (const char* t : {"false", "0", "no", "NO", "không", "Không", "KHÔNG"})
    EXPECT_EQ(data::parse_bool_cell(t), false) << t;
  // Decomposed (NFD) "không", as macOS writes it.
  EXPECT_EQ(data::parse_bool_cell("kho\xCC\x82ng"), false);
  for (const char* t : {"", "2", "y", "n", "ok", "khong", "co", "true1", "-1", "\xFF"})
    EXPECT_EQ(data::parse_bool_cell(t), std::nullopt) << t;
}

TEST(Cells, DaysIsoOrDayFirstNeverMonthFirst) {
  EXPECT_EQ(data::parse_day_cell("2025-03-15"), days(2025, 3, 15));
  EXPECT_EQ(data::parse_day_cell("15/03/2025"), days(2025, 3, 15));
  EXPECT_EQ(data::parse_day_cell("5/3/2025"), days(2025, 3, 5));
  EXPECT_EQ(data::parse_day_cell("03/04/2025"), days(2025, 4, 3));  // the 3rd of April
  EXPECT_EQ(data::parse_day_cell("15-03-2025"), days(2025, 3, 15));
  EXPECT_EQ(data::parse_day_cell("29/02/2024"), days(2024, 2, 29));
  for (const char* t : {"29/02/2025", "31/04/2025", "03/15/2025", "15/03/25", "2025/03/15",
                        "15.03.2025", "15/03-2025", "115/03/2025", "", "1/1/0999"})
    EXPECT_EQ(data::parse_day_cell(t), std::nullopt) << t;
}

TEST(Cells, TheCsvReaderFollowsTheCellRulesAndCountsOtherForms) {
  data::CsvOptions o;
  data::ReadNotes notes;
  o.notes = &notes;
  const auto t = data::parse_csv(
      "id,commune,birth_date,anc_visits,pregnant\n"
      "A,x,15/03/1990,1,không\nB,y,1990-03-16,2,x\nC,z,2/1/1991,3,\n",
      people(), "p.csv", o);
  EXPECT_EQ(t.column("birth_date").int64_data()[0], days(1990, 3, 15));
  EXPECT_EQ(t.column("birth_date").int64_data()[2], days(1991, 1, 2));
  EXPECT_EQ(t.column("pregnant").bool_data()[0], 0);
  EXPECT_EQ(t.column("pregnant").bool_data()[1], 1);
  EXPECT_FALSE(t.column("pregnant").is_valid(2));
  EXPECT_EQ(notes.other_forms,
            (std::vector<std::pair<std::string, std::size_t>>{{"birth_date", 2}, {"pregnant", 2}}));
  const auto m = message_of([] {
    (void)data::parse_csv("id,commune,birth_date,anc_visits,pregnant\nA,x,03/15/1990,1,no\n",
                          people(), "p.csv");
  });
  EXPECT_THAT(m, HasSubstr("p.csv:2:3: birth_date: expected a real calendar day written "
                           "YYYY-MM-DD, DD/MM/YYYY"));
}

TEST(Source, SemicolonsAndTabsAreFoundFromTheHeaderAndSaid) {
  data::CsvOptions o;
  data::ReadNotes notes;
  o.notes = &notes;
  const auto t = data::parse_csv(
      "id;commune;birth_date;anc_visits;pregnant\r\nA;\"Bình; Lư\";1990-01-01;1;0\r\n", people(),
      "p.csv", o);
  EXPECT_EQ(t.column("commune").string_at(0), "Bình; Lư");
  EXPECT_EQ(notes.delimiter, ';');
  EXPECT_FALSE(notes.delimiter_given);
  EXPECT_THAT(notes.summary(core::Language::en)[0],
              HasSubstr("delimiter: ';' (found from the header"));
  const auto tabs = data::parse_csv("id\tcommune\tbirth_date\tanc_visits\tpregnant\nA\tx\t\t2\t1\n",
                                    people(), "p.csv");
  EXPECT_EQ(tabs.column("anc_visits").int64_data()[0], 2);
  // Both a comma and a semicolon: the split that names the schema's columns.
  const auto both = data::parse_csv("id,commune,birth_date,anc_visits,pregnant,note;x\nA,x,,1,0,\n",
                                    people(), "p.csv");
  EXPECT_EQ(both.rows(), 1U);
  // Neither names them: an error listing the candidates.
  EXPECT_THAT(message_of([] { (void)data::detect_delimiter("a,b;c\n", "u.csv"); }),
              HasSubstr("u.csv:1: the header line could be split at ',' or ';'"));
  // Given: used as given.
  o.source.delimiter = '\t';
  EXPECT_THAT(message_of([&] { (void)data::parse_csv("id;commune\n", people(), "p.csv", o); }),
              HasSubstr("a column named 'id'"));
}

TEST(Source, Utf16ByItsMarkAndLegacyEncodingsWhenAsked) {
  const std::string csv = "id,commune,birth_date,anc_visits,pregnant\nA,Xã Bình Lư,,1,có\n";
  data::CsvOptions o;
  data::ReadNotes notes;
  o.notes = &notes;
  for (const auto& [name, encoding] : std::vector<std::pair<const char*, data::TextEncoding>>{
           {"UTF-16LE", data::TextEncoding::utf16le}, {"UTF-16BE", data::TextEncoding::utf16be}}) {
    const std::string mark = encoding == data::TextEncoding::utf16le ? "\xFF\xFE" : "\xFE\xFF";
    const auto t = data::parse_csv(mark + encode(csv, name), people(), "p.csv", o);
    EXPECT_EQ(t.column("commune").string_at(0), "Xã Bình Lư") << name;
    EXPECT_EQ(notes.encoding, encoding);
    EXPECT_TRUE(notes.byte_order_mark);
  }
  for (const auto& [name, encoding] : std::vector<std::pair<const char*, data::TextEncoding>>{
           {"CP1258", data::TextEncoding::windows1258},
           {"TCVN5712-1", data::TextEncoding::tcvn3}}) {
    const std::string bytes = encode(csv, name);
    ASSERT_NE(bytes, csv);
    // Not asked for: an error that names the encoding it looks like.
    EXPECT_THAT(message_of([&] { (void)data::parse_csv(bytes, people(), "p.csv"); }),
                HasSubstr("p.csv:2:"))
        << name;
    EXPECT_THAT(message_of([&] { (void)data::parse_csv(bytes, people(), "p.csv"); }),
                HasSubstr(": the text is not valid UTF-8; it looks like " +
                          std::string(core::label(encoding, core::Language::en)) +
                          ": read it with the encoding " + std::string(core::key(encoding)) +
                          " (--encoding " + std::string(core::key(encoding))))
        << name;
    o.source.encoding = encoding;
    const auto t = data::parse_csv(bytes, people(), "p.csv", o);
    EXPECT_EQ(t.column("commune").string_at(0), "Xã Bình Lư") << name;  // NFC
    EXPECT_TRUE(notes.encoding_given);
    o.source.encoding.reset();
  }
  // Windows-1258 written with combining tone marks (as Windows writes it) comes out composed.
  const std::string decomposed = "id,commune\nA,Xa\xDE Bi\xCCnh L\xFD\n";  // ã = a + ̃
  const std::string text = data::decode_text(decomposed, "p.csv", data::TextEncoding::windows1258);
  EXPECT_EQ(text, "id,commune\nA,Xã Bình Lư\n");
  // UTF-16 without its mark: an error naming UTF-16.
  EXPECT_THAT(
      message_of([&] { (void)data::parse_csv(encode(csv, "UTF-16LE"), people(), "p.csv"); }),
      HasSubstr("utf-16le"));
  // A mark that contradicts the encoding asked for.
  o.source.encoding = data::TextEncoding::windows1258;
  EXPECT_THAT(message_of([&] {
                (void)data::parse_csv("\xFF\xFE" + encode(csv, "UTF-16LE"), people(), "p.csv", o);
              }),
              HasSubstr("byte-order mark of UTF-16 LE, but windows-1258 was asked for"));
}

TEST(Source, AnySourceBecomesCommaSeparatedUtf8OnTheSameLines) {
  data::SourceOptions o;
  o.encoding = data::TextEncoding::windows1258;
  const auto src = data::source_from_bytes(
      encode("id;commune\r\n\r\nA;\"Lư;\nmới\"\r\nB;x\r\n", "CP1258"), "p.csv", o);
  EXPECT_EQ(src.text(), "id,commune\n\nA,\"Lư;\nmới\"\nB,x\n");
  EXPECT_EQ(src.notes().summary(core::Language::vi).size(), 2U);  // the encoding, the delimiter
  EXPECT_EQ(src.locate(4, 2).to_string(), "p.csv:4:2");
}

namespace {

/// A workbook written with libxlsxwriter: a title block, the header on row 3,
/// a date-formatted column, numbers, texts, a boolean and a blank row.
std::filesystem::path write_workbook(const std::filesystem::path& path, bool bad_count = false) {
  lxw_workbook* wb = workbook_new(path.c_str());
  workbook_add_worksheet(wb, "Ghi chú");
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Danh sách");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "dd/mm/yyyy");
  worksheet_write_string(ws, 0, 0, "DANH SÁCH PHỤ NỮ MANG THAI", nullptr);
  const char* header[] = {"id", "commune", "birth_date", "anc_visits", "pregnant", "ghi chú"};
  for (lxw_col_t c = 0; c < 6; ++c) worksheet_write_string(ws, 2, c, header[c], nullptr);
  worksheet_write_string(ws, 3, 0, "P1", nullptr);
  worksheet_write_string(ws, 3, 1, "Xã Bình Lư", nullptr);
  lxw_datetime born = {1990, 3, 15, 0, 0, 0};
  worksheet_write_datetime(ws, 3, 2, &born, date);
  worksheet_write_number(ws, 3, 3, 4, nullptr);
  worksheet_write_boolean(ws, 3, 4, 1, nullptr);
  worksheet_write_string(ws, 3, 5, "hai dòng\nghi chú", nullptr);
  // Row 5 blank; row 6: no date, a count, "không".
  worksheet_write_string(ws, 5, 0, "P2", nullptr);
  worksheet_write_string(ws, 5, 1, "Bản Bo", nullptr);
  if (bad_count)
    worksheet_write_string(ws, 5, 3, "bốn", nullptr);
  else
    worksheet_write_number(ws, 5, 3, 0, nullptr);
  worksheet_write_string(ws, 5, 4, "không", nullptr);
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  return path;
}

}  // namespace

TEST(Workbook, ReadsASheetBelowItsTitleBlock) {
  const auto path = write_workbook(std::filesystem::temp_directory_path() / "p8-people.xlsx");
  data::CsvOptions o;
  data::ReadNotes notes;
  o.notes = &notes;
  EXPECT_THAT(message_of([&] { (void)data::read_csv(path, people(), o); }),
              HasSubstr("no row names any of them"));  // the first sheet holds notes only
  o.source.sheet = "Danh sách";
  const auto t = data::read_csv(path, people(), o);
  ASSERT_EQ(t.rows(), 2U);
  EXPECT_EQ(t.column("id").string_at(1), "P2");
  EXPECT_EQ(t.column("commune").string_at(0), "Xã Bình Lư");
  EXPECT_EQ(t.column("birth_date").int64_data()[0], days(1990, 3, 15));
  EXPECT_FALSE(t.column("birth_date").is_valid(1));
  EXPECT_EQ(t.column("anc_visits").int64_data()[0], 4);
  EXPECT_EQ(t.column("pregnant").bool_data()[0], 1);
  EXPECT_EQ(t.column("pregnant").bool_data()[1], 0);
  EXPECT_TRUE(notes.workbook);
  EXPECT_EQ(notes.sheet, "Danh sách");
  EXPECT_EQ(notes.header_row, 3U);
  // Checks made after reading (a locator) name the sheet's cells too.
  const auto [located, at] = data::read_csv_located(path, people(), o);
  EXPECT_EQ(at.at(1, "anc_visits").to_string(), path.string() + ":Danh sách!D6");
  EXPECT_EQ(at.at(0, "id").to_string(), path.string() + ":Danh sách!A4");
  // Located errors name the sheet and the cell, after a cell spanning two lines.
  write_workbook(path, true);
  EXPECT_THAT(message_of([&] { (void)data::read_csv(path, people(), o); }),
              HasSubstr("p8-people.xlsx:Danh sách!D6: anc_visits: expected an integer"));
  o.source.sheet = "Sheet9";
  EXPECT_THAT(message_of([&] { (void)data::read_csv(path, people(), o); }),
              HasSubstr("no sheet named 'Sheet9'; the workbook has 'Ghi chú' or 'Danh sách'"));
  std::filesystem::remove(path);
}

TEST(Workbook, BrokenArchivesAreErrorsNotCrashes) {
  for (const std::string& bytes :
       {std::string("PK\x03\x04", 4), std::string("PK\x03\x04garbage", 11)}) {
    EXPECT_THAT(message_of([&] { (void)data::parse_csv(bytes, people(), "b.xlsx"); }),
                HasSubstr("b.xlsx: the Excel workbook cannot be read"));
  }
}
