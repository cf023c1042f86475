/// \file
/// Reading CSV files (RFC 4180) and Excel workbooks into columns, with located errors.
///
/// The text may be in any encoding, with any delimiter and in a workbook, as
/// source.hpp says (CsvOptions::source); a plain UTF-8 CSV with commas is read
/// in place, without a copy. The header row names the columns; the schema says which to read and
/// their types. Columns the schema does not name are skipped; a schema field absent from the header
/// is an error unless CsvOptions::optional_fields names it. Cells convert as follows (surrounding
/// spaces are ignored except in `string` cells):
///
/// - empty cell: missing value;
/// - `bool`: the forms of cells.hpp (`true`/`false`, `1`/`0`, `yes`/`no`, `có`/`không`, `x`);
/// - `int`: optional sign and decimal digits, within int64;
/// - `date`: ISO `YYYY-MM-DD` or day first (`DD/MM/YYYY`, …; cells.hpp), a real calendar day;
/// - `enum(…)`: one of the declared values (compared after NFC normalisation);
/// - `string`: any valid UTF-8.
///
/// Problems are collected (up to CsvOptions::max_problems) and thrown together
/// as one core::ParseError; each names the file, the line, the column (the
/// 1-based *field* number, not a character offset) and the field name, and
/// says what was expected. A cell's value is never quoted: population files
/// hold personal data. Nothing is returned unless the whole file is valid.
///
/// **Example**:
///
///     auto schema = project8::data::Schema::parse({{"id", "string"}, {"anc_visits", "int"}});
///     project8::data::Table people = project8::data::read_csv("people.csv", schema);
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <project8/core/error.hpp>
#include <project8/data/source.hpp>
#include <project8/data/table.hpp>

namespace project8::data {

/// How read_csv() reads.
struct CsvOptions {
  /// The encoding, delimiter (found from the header line unless given) and
  /// workbook sheet, as for open_source(); SourceOptions::expected_columns,
  /// when empty, are the schema's fields.
  SourceOptions source;
  /// When set, learns what was found and normalised (encoding, delimiter,
  /// sheet, cells read in another accepted form).
  ReadNotes* notes = nullptr;
  std::size_t max_problems = 100;  ///< Problems listed before the rest are only counted.
  /// Schema fields that may be absent from the header: their column is then all missing.
  std::vector<std::string> optional_fields;
  /// When set, receives the line each row starts on (for later, row-level checks).
  std::vector<std::size_t>* row_lines = nullptr;
  /// When set, receives the header row's column names as read (so that a
  /// caller needing them does not read the header again).
  std::vector<std::string>* header = nullptr;
  /// When set, asked for each header column the schema does not name: the
  /// field to read it as (its name is the column's), or none to leave it out.
  /// The table then has these fields after the schema's, in header order
  /// (e.g. a records file's `age_…` / `role_…` count columns). The header is
  /// still read once.
  std::function<std::optional<Field>(std::string_view name)> extra_field;
  /// Threads that read the parts of a large file (0: one per core, at most 8;
  /// 1: one pass; more than 64 count as 64).
  std::size_t threads = 0;
  /// A text at least this large whose rows hold no quote character is split
  /// at line breaks and its parts read in parallel; the table is the same.
  std::size_t parallel_min_bytes = std::size_t{4} << 20U;
};

/// Reads the fields of `schema` from the CSV file at `path` (see the file comment).
/// Throws core::ParseError listing every problem, or core::NotFoundError when
/// the file cannot be opened.
[[nodiscard]] Table read_csv(const std::filesystem::path& path, const Schema& schema,
                             const CsvOptions& options = {});

/// As read_csv(), from text in memory; `source_name` labels locations in errors.
[[nodiscard]] Table parse_csv(std::string_view text, const Schema& schema,
                              const std::string& source_name, const CsvOptions& options = {});

/// The column names of the header row of CSV `text` (read as read_csv()
/// reads it: quotes, byte-order mark, surrounding spaces dropped); empty when
/// there is no header.
[[nodiscard]] std::vector<std::string> csv_header(std::string_view text,
                                                  const CsvOptions& options = {});

/// Where the cells of a table read from CSV were, for checks made after
/// reading (an empty cell where a value is required, a value out of range)
/// that must still name the line and column.
class CsvLocator {
 public:
  /// A locator for rows read from `source` with `header` (column names in file
  /// order) whose rows started on `row_lines`.
  CsvLocator(std::string source, std::vector<std::string> header,
             std::vector<std::size_t> row_lines);
  /// The location of row `row`'s cell in column `field` (no column when
  /// `field` is empty or the file has no such column).
  [[nodiscard]] core::SourceLocation at(std::size_t row, std::string_view field = {}) const;
  /// The 1-based column of `field` in the header, if there.
  [[nodiscard]] std::optional<std::size_t> column(std::string_view field) const;
  /// Makes at() name cells of `workbook`, the sheet the rows were read from.
  void in_workbook(std::shared_ptr<const SourceText> workbook);

 private:
  std::shared_ptr<const SourceText> workbook_;
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::size_t> lines_;
};

/// As read_csv(), with the locator of its rows (`options.row_lines` is not used).
[[nodiscard]] std::pair<Table, CsvLocator> read_csv_located(const std::filesystem::path& path,
                                                            const Schema& schema,
                                                            CsvOptions options = {});

/// As parse_csv(), with the locator of its rows (`options.row_lines` is not used).
[[nodiscard]] std::pair<Table, CsvLocator> parse_csv_located(std::string_view text,
                                                             const Schema& schema,
                                                             const std::string& source_name,
                                                             CsvOptions options = {});

/// `cell` as a CSV field that this library's reader gives back unchanged:
/// quoted (with quotes doubled) when it holds a quote, a line break or the
/// delimiter. For CSV the library itself reads again (a rule file's tests, an
/// input's default); files people open go through csv_field().
[[nodiscard]] std::string csv_quote(std::string_view cell, char delimiter = ',');

/// `cell` written as a CSV field for files people open: as csv_quote(), and a cell that a
/// spreadsheet would run as a formula — one starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return, unless it is a plain number such as `-200000` — is written with a leading `'` (as OWASP
/// recommends against CSV injection), so that `=HYPERLINK(...)` in a unit name reaches Excel as
/// text.
[[nodiscard]] std::string csv_field(std::string_view cell, char delimiter = ',');

/// Reads a CSV whose column types are not declared (e.g. a units file of
/// attributes): every column becomes the narrowest of boolean (`true` /
/// `false`), integer, date (ISO) and string that reads all its non-empty
/// cells; empty cells are missing; an all-empty column is a string. A number
/// written with a leading zero (a unit code such as `03390`) stays a string.
/// `declared` gives the type of some columns by name (`{"unit", "string"}`,
/// `{"region", "int"}`; types as in Schema::parse) — for codes, and for
/// columns that may be all empty. Errors as read_csv().
[[nodiscard]] Table read_csv_inferred(
    const std::filesystem::path& path,
    const std::vector<std::pair<std::string, std::string>>& declared = {},
    const CsvOptions& options = {});

/// As read_csv_inferred(), from text; `source_name` labels locations in errors.
[[nodiscard]] Table parse_csv_inferred(
    std::string_view text, const std::string& source_name,
    const std::vector<std::pair<std::string, std::string>>& declared = {},
    const CsvOptions& options = {});

}  // namespace project8::data
