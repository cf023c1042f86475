/// \file
/// Officers' files in: a CSV saved in any of the encodings and with any of the
/// delimiters a commune's computer uses, or an Excel workbook, turned into the
/// one text every reader reads — UTF-8 (NFC when decoded from a legacy
/// encoding), comma-separated, without a byte-order mark — saying what was
/// normalised, so that nothing is reinterpreted silently.
///
/// - **Encodings**: UTF-8 with or without a byte-order mark, and UTF-16 with
///   one, are recognised; Windows-1258 and TCVN3 (ABC) are read when asked
///   for (SourceOptions::encoding). Without it, a file that is not valid UTF-8
///   is an error naming the encoding it most likely is and how to ask for it.
/// - **Delimiters**: comma, semicolon or tab, found from the header line
///   (when several appear there, the one whose split gives the expected column
///   names; still a tie: an error listing them), or given.
/// - **Excel** (`.xlsx`, found by its content, not its name): see xlsx.hpp.
///
/// **Example**:
///
///     using namespace project8::data;
///     SourceOptions o;
///     o.encoding = TextEncoding::windows1258;
///     SourceText src = open_source("nguoi.csv", o);
///     for (const auto& line : src.notes().summary(core::Language::vi)) std::cerr << line << '\n';
///     auto records = src.read([&](std::string_view csv, const std::string& name) {
///       return tracking::parse_records(csv, name, plan, units);
///     });
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/core/localized.hpp>

namespace project8::data {

/// The text encodings a file may be read in.
enum class TextEncoding : std::uint8_t {
  utf8,         ///< UTF-8 (the default; a byte-order mark is dropped).
  utf16le,      ///< UTF-16, little-endian (Windows "Unicode" text).
  utf16be,      ///< UTF-16, big-endian.
  windows1258,  ///< Windows-1258, Windows' Vietnamese code page (combining tone marks).
  tcvn3,        ///< TCVN3 (ABC), TCVN 5712:1993, the code of the `.Vn` fonts.
};

/// The keys and labels of TextEncoding (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<TextEncoding> kTextEncodingText[] = {
    {TextEncoding::utf8, "utf-8", "UTF-8", "UTF-8"},
    {TextEncoding::utf16le, "utf-16le", "UTF-16 LE", "UTF-16 LE"},
    {TextEncoding::utf16be, "utf-16be", "UTF-16 BE", "UTF-16 BE"},
    {TextEncoding::windows1258, "windows-1258", "Windows-1258 (bảng mã Windows tiếng Việt)",
     "Windows-1258 (Windows Vietnamese)"},
    {TextEncoding::tcvn3, "tcvn3", "TCVN3 (ABC)", "TCVN3 (ABC)"},
};
/// The text table of TextEncoding (found by argument-dependent lookup).
constexpr core::EnumInfo<TextEncoding> enum_text(TextEncoding /*unused*/) noexcept {
  return {"text encoding", kTextEncodingText};
}

/// How open_source() reads a file.
struct SourceOptions {
  /// The encoding; none: UTF-8 (with or without a byte-order mark) or UTF-16
  /// with a byte-order mark, anything else an error naming the likely encoding.
  std::optional<TextEncoding> encoding;
  /// The CSV delimiter: `,`, `;` or a tab; 0 finds it from the header line.
  char delimiter = 0;
  /// A workbook's sheet to read; empty: the first.
  std::string sheet;
  /// The column names the reader expects: they choose between delimiters that
  /// both appear in the header line, and find a workbook's header row below a
  /// title block (the first row holding one of them).
  std::vector<std::string> expected_columns;
};

/// What open_source() found and normalised, for an import summary.
struct ReadNotes {
  bool workbook = false;                       ///< An Excel workbook (else CSV text).
  std::string sheet;                           ///< The sheet read, for a workbook.
  std::size_t header_row = 1;                  ///< The header's row (a workbook) or line.
  TextEncoding encoding = TextEncoding::utf8;  ///< The encoding the text was read in.
  bool encoding_given = false;                 ///< Asked for, rather than found.
  bool byte_order_mark = false;                ///< A byte-order mark was dropped.
  bool normalised_nfc = false;   ///< Decoded text was brought to NFC (composed letters).
  char delimiter = ',';          ///< The delimiter of the file's CSV (a workbook: none).
  bool delimiter_given = false;  ///< Asked for, rather than found.
  /// Per column: cells read in a form other than the plain one (a day written
  /// day first, a boolean written as a word; see cells.hpp), when a reader
  /// reports them (CsvOptions::notes).
  std::vector<std::pair<std::string, std::size_t>> other_forms;
  /// What the reader of the rows normalised beyond the text, in words (e.g.
  /// unit codes completed, unit names resolved to codes).
  std::vector<core::LocalizedText> resolved;

  /// One line per thing worth telling (nothing for a plain UTF-8 CSV with
  /// commas): the sheet and header row, the encoding, the delimiter, NFC, other forms.
  [[nodiscard]] std::vector<std::string> summary(core::Language lang) const;
};

/// A file turned into the text every reader reads (see the file comment),
/// with its name, what was normalised, and where a location in the text is in
/// the file (a workbook's sheet, row and column).
class SourceText {
 public:
  /// The text: UTF-8, comma-separated, no byte-order mark.
  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  /// The file's name, as locations give it.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// What was found and normalised.
  [[nodiscard]] const ReadNotes& notes() const noexcept { return notes_; }
  /// Where line `line`, column `column` of text() is in the file (the same
  /// line and column for CSV; a sheet's cell for a workbook).
  [[nodiscard]] core::SourceLocation locate(std::optional<std::size_t> line,
                                            std::optional<std::size_t> column) const;
  /// `problems` with every location in text() moved to where it is in the file.
  [[nodiscard]] std::vector<core::Problem> relocate(std::vector<core::Problem> problems) const;

  /// Calls `read(text(), name())` and returns what it returns; a ParseError or
  /// ValidationError it throws is thrown again (same type) with its problems
  /// relocated, so that a workbook's errors name sheet and cell.
  template <class F>
  auto read(F&& read) const -> std::invoke_result_t<F, std::string_view, const std::string&> {
    try {
      return std::forward<F>(read)(text(), name());
    } catch (const core::ParseError& e) {
      throw core::ParseError(relocate(e.problems()));
    } catch (const core::ValidationError& e) {
      throw core::ValidationError(relocate(e.problems()));
    }
  }

 private:
  friend SourceText open_source(const std::filesystem::path&, const SourceOptions&);
  friend SourceText source_from_bytes(std::string, std::string, const SourceOptions&);
  std::string text_;
  std::string name_;
  ReadNotes notes_;
  std::vector<std::size_t> rows_;  // a workbook: the sheet row of each line of text_ (1-based)
};

/// The delimiter a name gives: `,`, `;`, `tab` (or a tab character); 0 for
/// an empty name (find it). core::InvalidArgument listing them otherwise.
[[nodiscard]] char parse_delimiter(std::string_view name);

/// SourceOptions from the names a user gives (the command line's
/// `--encoding`, `--delimiter`, `--sheet`; Python's keywords): an encoding
/// key (TextEncoding), a delimiter name (parse_delimiter()) and a sheet;
/// each empty is left to be found. core::InvalidArgument on a wrong name.
[[nodiscard]] SourceOptions parse_source_options(std::string_view encoding,
                                                 std::string_view delimiter,
                                                 std::string_view sheet);

/// Reads the file at `path` (CSV in any encoding and delimiter above, or an
/// Excel workbook). Throws core::NotFoundError when it cannot be opened,
/// core::ParseError (located) when it cannot be read as asked.
[[nodiscard]] SourceText open_source(const std::filesystem::path& path,
                                     const SourceOptions& options = {});

/// As open_source(), from the file's bytes; `name` labels locations.
[[nodiscard]] SourceText source_from_bytes(std::string bytes, std::string name,
                                           const SourceOptions& options = {});

/// `bytes` as UTF-8 (see SourceOptions::encoding), the byte-order mark
/// dropped; `notes` (if given) learns the encoding, the mark and whether NFC
/// changed the text. Throws core::ParseError located in `name`.
[[nodiscard]] std::string decode_text(std::string_view bytes, const std::string& name,
                                      std::optional<TextEncoding> encoding,
                                      ReadNotes* notes = nullptr);

/// The delimiter of CSV `text` (UTF-8) found from its header line: comma,
/// semicolon or tab, whichever appears outside quotes; when several do, the
/// one whose split holds most of `expected_columns`; a comma when none does.
/// Throws core::ParseError listing the candidates when that does not decide.
[[nodiscard]] char detect_delimiter(std::string_view text, const std::string& name,
                                    const std::vector<std::string>& expected_columns = {});

}  // namespace project8::data
