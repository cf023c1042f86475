// Excel workbooks into CSV text (xlsx.hpp). An .xlsx is a zip archive of XML
// parts (ECMA-376 / ISO/IEC 29500, SpreadsheetML): the workbook lists the
// sheets, its relationships say which part holds each, the shared strings
// hold the texts, the styles say which cells show dates. libzip reads the
// archive, expat streams each part.
#include "xlsx.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "civil.hpp"
#include "csv_cells.hpp"
#include <expat.h>
#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/data/csv.hpp>
#include <zip.h>

namespace project8::data::detail {

namespace {

constexpr std::size_t kMaxRows = 1048576;  // Excel's limits
constexpr std::size_t kMaxColumns = 16384;
constexpr std::uint64_t kMaxPartBytes = std::uint64_t{4} << 30U;  // a zip bomb stops here

[[noreturn]] void broken(const std::string& name, const std::string& what) {
  throw core::ParseError({name, std::nullopt, std::nullopt},
                         "the Excel workbook cannot be read: " + what);
}

/// The archive, read from memory.
class Zip {
 public:
  Zip(std::string_view bytes, const std::string& name) : name_(name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (src != nullptr) zip_ = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (zip_ == nullptr) {
      const std::string why = zip_error_strerror(&error);
      if (src != nullptr) zip_source_free(src);
      zip_error_fini(&error);
      broken(name, "not a zip archive (" + why + ")");
    }
    zip_error_fini(&error);
  }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;
  ~Zip() { zip_discard(zip_); }

  [[nodiscard]] bool has(const std::string& part) const {
    return zip_name_locate(zip_, part.c_str(), 0) >= 0;
  }

  /// Streams part `part` into `consume` in blocks.
  void read(const std::string& part, const std::function<void(std::string_view, bool)>& consume) {
    zip_file_t* f = zip_fopen(zip_, part.c_str(), 0);
    if (f == nullptr) broken(name_, "its part " + part + " is missing or unreadable");
    struct Close {
      zip_file_t* f;
      ~Close() { zip_fclose(f); }
    } close{f};
    std::array<char, 1U << 16U> block{};
    std::uint64_t total = 0;
    while (true) {
      const zip_int64_t n = zip_fread(f, block.data(), block.size());
      if (n < 0) broken(name_, "its part " + part + " is damaged");
      total += static_cast<std::uint64_t>(n);
      if (total > kMaxPartBytes) broken(name_, "its part " + part + " is larger than 4 GiB");
      consume(std::string_view(block.data(), static_cast<std::size_t>(n)), n == 0);
      if (n == 0) break;
    }
  }

 private:
  std::string name_;
  zip_t* zip_ = nullptr;
};

/// The local part of an expat name with a namespace ("uri|c" → "c").
std::string_view local(const XML_Char* name) {
  std::string_view s(name);
  const auto bar = s.rfind('|');
  return bar == std::string_view::npos ? s : s.substr(bar + 1);
}

/// The attribute `what` (by local name) of an element, or nullptr.
const char* attribute(const XML_Char** atts, std::string_view what) {
  for (; atts != nullptr && *atts != nullptr; atts += 2) {
    if (local(atts[0]) == what) return atts[1];
  }
  return nullptr;
}

/// What a part's reader does with its elements and text.
struct Handler {
  std::function<void(std::string_view, const XML_Char**)> start;
  std::function<void(std::string_view)> end;
  std::function<void(std::string_view)> text;
};

/// Reads part `part` of `zip` with `h`.
void parse(Zip& zip, const std::string& part, const std::string& name, Handler& h) {
  XML_Parser p = XML_ParserCreateNS(nullptr, '|');
  if (p == nullptr) throw std::bad_alloc();
  struct Free {
    XML_Parser p;
    ~Free() { XML_ParserFree(p); }
  } free_it{p};
  XML_SetUserData(p, &h);
  XML_SetElementHandler(
      p,
      [](void* d, const XML_Char* el, const XML_Char** atts) {
        auto& self = *static_cast<Handler*>(d);
        if (self.start) self.start(local(el), atts);
      },
      [](void* d, const XML_Char* el) {
        auto& self = *static_cast<Handler*>(d);
        if (self.end) self.end(local(el));
      });
  XML_SetCharacterDataHandler(p, [](void* d, const XML_Char* s, int len) {
    auto& self = *static_cast<Handler*>(d);
    if (self.text) self.text(std::string_view(s, static_cast<std::size_t>(len)));
  });
  zip.read(part, [&](std::string_view block, bool last) {
    if (XML_Parse(p, block.data(), static_cast<int>(block.size()), last ? 1 : 0) ==
        XML_STATUS_ERROR) {
      broken(name, "its part " + part + " is not well-formed XML (line " +
                       std::to_string(XML_GetCurrentLineNumber(p)) + ": " +
                       XML_ErrorString(XML_GetErrorCode(p)) + ")");
    }
  });
}

/// A built-in number format that shows a date (ECMA-376 §18.8.30; 18–21 and
/// 45–47 are times of day only).
bool builtin_date_format(std::size_t id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/// A custom format code that shows a date: a day or year part outside quoted
/// text, escapes and [bracketed] sections.
bool date_format_code(std::string_view code) {
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
      continue;
    }
    if (c == '"')
      quoted = true;
    else if (c == '\\' || c == '_' || c == '*')
      ++i;  // the next character is literal
    else if (c == '[')
      ++bracket;
    else if (c == ']')
      bracket = std::max(0, bracket - 1);
    else if (bracket == 0 && (c == 'd' || c == 'D' || c == 'y' || c == 'Y'))
      return true;
  }
  return false;
}

/// A column's number from its letters (A = 1), or 0.
std::size_t column_number(std::string_view ref) {
  std::size_t col = 0;
  for (const char c : ref) {
    if (c >= 'A' && c <= 'Z')
      col = col * 26 + static_cast<std::size_t>(c - 'A' + 1);
    else if (c >= 'a' && c <= 'z')
      col = col * 26 + static_cast<std::size_t>(c - 'a' + 1);
    else
      break;
    if (col > kMaxColumns) return 0;
  }
  return col;
}

std::size_t to_size(const char* text, std::size_t fallback) {
  if (text == nullptr) return fallback;
  std::size_t v = 0;
  const std::string_view s(text);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc{} && end == s.data() + s.size() ? v : 0;
}

std::string two(unsigned v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

/// An Excel serial day number (with a fraction: a time of day) as ISO text.
std::optional<std::string> serial_to_text(std::string_view v, bool date1904) {
  double serial = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), serial);
  if (ec != std::errc{} || end != v.data() + v.size() || !std::isfinite(serial) || serial < 0 ||
      serial > 2958465.0)  // 9999-12-31
    return std::nullopt;
  auto whole = static_cast<std::int64_t>(std::floor(serial));
  const double fraction = serial - static_cast<double>(whole);
  auto minutes = static_cast<std::int64_t>(std::llround(fraction * 24 * 60));
  if (minutes == 24 * 60) {
    ++whole;
    minutes = 0;
  }
  std::int64_t days = 0;
  if (date1904) {
    days = whole + 1462 - 25569;
  } else {
    if (whole == 60) return "1900-02-29";  // Excel's day that never was: no date cell reads it
    days = whole - (whole < 60 ? 25568 : 25569);
  }
  const Civil c = civil_from_days(days);
  std::string out = std::to_string(c.year) + "-" + two(c.month) + "-" + two(c.day);
  if (minutes != 0) {
    out += " " + two(static_cast<unsigned>(minutes / 60)) + ":" +
           two(static_cast<unsigned>(minutes % 60));
  }
  return out;
}

}  // namespace

bool is_workbook(std::string_view bytes) noexcept {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4));
}

SheetText read_workbook(std::string_view bytes, const std::string& name, const std::string& sheet,
                        const std::vector<std::string>& expected) {
  Zip zip(bytes, name);
  if (!zip.has("xl/workbook.xml")) {
    broken(name,
           "it is a zip archive without xl/workbook.xml (an OpenDocument .ods file? save it as "
           ".xlsx or CSV)");
  }
  // The sheets, and the date system.
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  bool date1904 = false;
  {
    Handler h;
    h.start = [&](std::string_view el, const XML_Char** atts) {
      if (el == "sheet") {
        const char* n = attribute(atts, "name");
        const char* id = attribute(atts, "id");
        if (n != nullptr && id != nullptr) sheets.emplace_back(n, id);
      } else if (el == "workbookPr") {
        const char* d = attribute(atts, "date1904");
        date1904 = d != nullptr && (std::string_view(d) == "1" || std::string_view(d) == "true");
      }
    };
    parse(zip, "xl/workbook.xml", name, h);
  }
  if (sheets.empty()) broken(name, "it has no sheet");
  auto chosen = sheets.begin();
  if (!sheet.empty()) {
    chosen =
        std::find_if(sheets.begin(), sheets.end(), [&](const auto& s) { return s.first == sheet; });
    if (chosen == sheets.end()) {
      std::vector<std::string> names;
      for (const auto& s : sheets) names.push_back("'" + s.first + "'");
      throw core::ParseError(
          {name, std::nullopt, std::nullopt},
          "no sheet named '" + sheet + "'; the workbook has " + core::join_alternatives(names));
    }
  }
  // Where the chosen sheet is.
  std::string part;
  {
    Handler h;
    h.start = [&](std::string_view el, const XML_Char** atts) {
      const char* id = attribute(atts, "Id");
      const char* target = attribute(atts, "Target");
      if (el == "Relationship" && id != nullptr && target != nullptr && chosen->second == id) {
        const std::string_view t(target);
        part = t.starts_with('/') ? std::string(t.substr(1)) : "xl/" + std::string(t);
      }
    };
    parse(zip, "xl/_rels/workbook.xml.rels", name, h);
  }
  if (part.empty() || !zip.has(part))
    broken(name, "the part of sheet '" + chosen->first + "' is missing");
  // The texts, in NFC (ASCII, most cells, is NFC already).
  bool normalise = false;
  const auto composed = [&](std::string text) {
    if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) return text;
    if (!core::is_valid_utf8(text)) broken(name, "a cell's text is not UTF-8");
    std::string nfc = core::nfc(text);
    normalise = normalise || nfc != text;
    return nfc;
  };
  std::vector<std::string> shared;
  if (zip.has("xl/sharedStrings.xml")) {
    std::string current;
    int in_t = 0, in_phonetic = 0;
    Handler h;
    h.start = [&](std::string_view el, const XML_Char**) {
      if (el == "si")
        current.clear();
      else if (el == "t")
        ++in_t;
      else if (el == "rPh")
        ++in_phonetic;
    };
    h.end = [&](std::string_view el) {
      if (el == "si") {
        shared.push_back(composed(current));
      } else if (el == "t") {
        --in_t;
      } else if (el == "rPh") {
        --in_phonetic;
      }
    };
    h.text = [&](std::string_view s) {
      if (in_t > 0 && in_phonetic == 0) current.append(s);
    };
    parse(zip, "xl/sharedStrings.xml", name, h);
  }
  // Which cell styles show dates.
  std::vector<bool> date_style;
  if (zip.has("xl/styles.xml")) {
    std::map<std::size_t, bool> custom;
    bool in_xfs = false;
    Handler h;
    h.start = [&](std::string_view el, const XML_Char** atts) {
      if (el == "numFmt") {
        const char* code = attribute(atts, "formatCode");
        custom[to_size(attribute(atts, "numFmtId"), 0)] = code != nullptr && date_format_code(code);
      } else if (el == "cellXfs") {
        in_xfs = true;
      } else if (el == "xf" && in_xfs) {
        const std::size_t id = to_size(attribute(atts, "numFmtId"), 0);
        const auto c = custom.find(id);
        date_style.push_back(c != custom.end() ? c->second : builtin_date_format(id));
      }
    };
    h.end = [&](std::string_view el) {
      if (el == "cellXfs") in_xfs = false;
    };
    parse(zip, "xl/styles.xml", name, h);
  }

  // The sheet, row by row.
  SheetText out;
  out.name = chosen->first;
  std::vector<std::string> header;
  bool header_found = false;
  std::vector<std::string> row;  // the current row's cells by column (0-based)
  std::vector<bool> row_errors;  // cells holding an error value
  std::size_t row_number = 0, column = 0;
  std::string cell_type, value, inline_text;
  std::size_t cell_style = 0;
  int in_v = 0, in_is = 0, in_t = 0, in_phonetic = 0;
  const auto at = [&](std::size_t col) {
    return core::SourceLocation{name, row_number, col, out.name};
  };
  const auto wanted =
      [&](std::size_t col) {  // a column the reader reads (or any, before the header)
        if (col >= header.size()) return false;
        return expected.empty() ||
               std::find(expected.begin(), expected.end(), header[col]) != expected.end();
      };
  const auto emit = [&](const std::vector<std::string>& cells) {
    std::size_t width = header.size();
    for (std::size_t c = cells.size(); c > width; --c) {
      if (!cells[c - 1].empty()) {
        width = c;
        break;
      }
    }
    std::string line;
    for (std::size_t c = 0; c < width; ++c) {
      if (c > 0) line += ',';
      if (c < cells.size()) line += csv_quote(cells[c], ',');
    }
    line += '\n';
    const auto lines = static_cast<std::size_t>(std::count(line.begin(), line.end(), '\n'));
    out.rows.insert(out.rows.end(), lines, row_number);
    out.csv += line;
  };
  const auto end_row = [&]() {
    const bool empty =
        std::all_of(row.begin(), row.end(), [](const std::string& s) { return trim(s).empty(); });
    if (!header_found) {
      if (empty) return;
      const bool names_one =
          expected.empty() || std::any_of(row.begin(), row.end(), [&](const std::string& s) {
            return std::find(expected.begin(), expected.end(), trim(s)) != expected.end();
          });
      if (!names_one) return;  // a title block above the table
      header_found = true;
      out.header_row = row_number;
      for (const auto& s : row) header.emplace_back(trim(s));
      for (std::size_t c = 0; c < row_errors.size(); ++c) {
        if (row_errors[c])
          throw core::ParseError(at(c + 1), "expected a column name, found an error value");
      }
      emit(row);
      return;
    }
    if (empty) return;
    for (std::size_t c = 0; c < row_errors.size(); ++c) {
      if (row_errors[c] && wanted(c)) {
        throw core::ParseError(
            at(c + 1), header[c] + ": expected a value, found an error value (" + row[c] + ")");
      }
    }
    emit(row);
  };
  Handler h;
  h.start = [&](std::string_view el, const XML_Char** atts) {
    if (el == "row") {
      const std::size_t r = to_size(attribute(atts, "r"), row_number + 1);
      if (r <= row_number || r > kMaxRows)
        broken(name, "its rows are out of order or beyond Excel's limit");
      row_number = r;
      row.clear();
      row_errors.clear();
      column = 0;
    } else if (el == "c") {
      const char* ref = attribute(atts, "r");
      const std::size_t c = ref != nullptr ? column_number(ref) : column + 1;
      if (c == 0 || c <= column)
        broken(name, "row " + std::to_string(row_number) + " has cells out of order");
      column = c;
      const char* t = attribute(atts, "t");
      cell_type = t != nullptr ? t : "n";
      cell_style = to_size(attribute(atts, "s"), 0);
      value.clear();
      inline_text.clear();
    } else if (el == "v") {
      ++in_v;
    } else if (el == "is") {
      ++in_is;
    } else if (el == "t") {
      ++in_t;
    } else if (el == "rPh") {
      ++in_phonetic;
    }
  };
  h.text = [&](std::string_view s) {
    if (in_v > 0)
      value.append(s);
    else if (in_is > 0 && in_t > 0 && in_phonetic == 0)
      inline_text.append(s);
  };
  h.end = [&](std::string_view el) {
    if (el == "v") {
      --in_v;
    } else if (el == "is") {
      --in_is;
    } else if (el == "t") {
      --in_t;
    } else if (el == "rPh") {
      --in_phonetic;
    } else if (el == "row") {
      end_row();
    } else if (el == "c") {
      std::string text;
      bool error = false;
      if (cell_type == "s") {
        const std::size_t i = to_size(value.c_str(), shared.size());
        if (value.empty() || i >= shared.size())
          broken(name, "a cell names a shared text that is not there");
        text = shared[i];
      } else if (cell_type == "inlineStr") {
        text = inline_text;
      } else if (cell_type == "str" || cell_type == "d") {
        text = value;
      } else if (cell_type == "b") {
        text = value == "1" ? "true" : value == "0" ? "false" : value;
      } else if (cell_type == "e") {
        text = value;
        error = true;
      } else {  // a number
        const bool is_date = cell_style < date_style.size() && date_style[cell_style];
        const auto day = is_date && !value.empty() ? serial_to_text(value, date1904) : std::nullopt;
        text = day ? *day : value;
      }
      if (cell_type != "s") text = composed(std::move(text));
      if (row.size() < column) {
        row.resize(column);
        row_errors.resize(column);
      }
      row[column - 1] = std::move(text);
      row_errors[column - 1] = error;
    }
  };
  parse(zip, part, name, h);
  if (!header_found) {
    throw core::ParseError(
        {name, std::nullopt, std::nullopt, out.name},
        expected.empty() ? "expected a header row naming the columns; the sheet is empty"
                         : "expected a header row naming the columns (" +
                               core::join_alternatives(expected) + "); no row names any of them");
  }
  out.normalised_nfc = normalise;
  return out;
}

}  // namespace project8::data::detail
