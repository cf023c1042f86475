// Officers' files into the text every reader reads (source.hpp): decoding
// (iconv, from the C library), the delimiter, a comma rewrite that keeps every
// line where it was, and workbooks (xlsx.cpp).
#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <sstream>

#include "csv_cells.hpp"
#include "xlsx.hpp"
#include <csv.h>
#include <iconv.h>
#include <project8/core/text.hpp>
#include <project8/data/csv.hpp>
#include <project8/data/source.hpp>

namespace project8::data {

namespace {

const char* iconv_name(TextEncoding e) noexcept {
  switch (e) {
    case TextEncoding::utf8:
      return "UTF-8";
    case TextEncoding::utf16le:
      return "UTF-16LE";
    case TextEncoding::utf16be:
      return "UTF-16BE";
    case TextEncoding::windows1258:
      return "CP1258";
    case TextEncoding::tcvn3:
      return "TCVN5712-1";  // glibc's TCVN 5712:1993; its upper half is TCVN3 (ABC)
  }
  return "UTF-8";
}

/// The line (1-based) the end of UTF-8 `done` is on.
std::size_t line_after(std::string_view done) {
  return static_cast<std::size_t>(std::count(done.begin(), done.end(), '\n')) + 1;
}

/// `bytes` converted from `from` to UTF-8; a byte sequence that is not valid
/// in it is a ParseError at its line.
std::string convert(std::string_view bytes, TextEncoding from, const std::string& name) {
  iconv_t cd = ::iconv_open("UTF-8", iconv_name(from));
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw core::Error(name + ": this system's iconv cannot read " + std::string(core::key(from)));
  }
  struct Close {
    iconv_t cd;
    ~Close() { ::iconv_close(cd); }
  } close{cd};
  std::string out(bytes.size() * 2 + 16, '\0');
  auto* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write there
  std::size_t in_left = bytes.size();
  std::size_t written = 0;
  while (true) {
    char* out_p = out.data() + written;
    std::size_t out_left = out.size() - written;
    const std::size_t r = ::iconv(cd, in_left > 0 ? &in : nullptr, &in_left, &out_p, &out_left);
    written = static_cast<std::size_t>(out_p - out.data());
    if (r != static_cast<std::size_t>(-1)) {
      if (in_left == 0) break;
      continue;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ (not valid in the encoding) or EINVAL (cut off at the end).
    throw core::ParseError({name, line_after(std::string_view(out.data(), written)), std::nullopt},
                           std::string("the text is not valid ") +
                               std::string(core::label(from, core::Language::en)) +
                               (errno == EINVAL ? " (it ends inside a character)" : "") +
                               ": read it in another encoding");
  }
  out.resize(written);
  return out;
}

/// The byte-order marks: the encoding and the mark's length.
std::optional<std::pair<TextEncoding, std::size_t>> byte_order_mark(std::string_view b) {
  if (b.starts_with("\xEF\xBB\xBF")) return std::pair{TextEncoding::utf8, std::size_t{3}};
  if (b.starts_with(std::string_view("\xFF\xFE\0\0", 4)) ||
      b.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
    return std::nullopt;  // UTF-32: refused by the caller
  if (b.starts_with("\xFF\xFE")) return std::pair{TextEncoding::utf16le, std::size_t{2}};
  if (b.starts_with("\xFE\xFF")) return std::pair{TextEncoding::utf16be, std::size_t{2}};
  return std::nullopt;
}

/// How well the high bytes of `b` read as Windows-1258: the share that are
/// its Vietnamese letters, or its combining tone marks right after a vowel.
/// (Every high byte of TCVN3 is a letter, so TCVN3 is what is left.)
double windows1258_score(std::string_view b) {
  static constexpr std::string_view letters =  // À Á Â Ă È É Ê Í Ó Ô Ơ Ú Ư Ý Đ, and lower case
      "\xC0\xC1\xC2\xC3\xC8\xC9\xCA\xCD\xD3\xD4\xD5\xDA\xDD\xD0"
      "\xE0\xE1\xE2\xE3\xE8\xE9\xEA\xED\xF3\xF4\xF5\xFA\xFD\xF0";
  static constexpr std::string_view marks = "\xCC\xEC\xD2\xDE\xF2";  // ̀ ́ ̉ ̃ ̣
  static constexpr std::string_view vowels =
      "aeiouyAEIOUY\xC2\xC3\xCA\xD4\xD5\xDD\xE2\xE3\xEA\xF4\xF5\xFD";
  std::size_t high = 0, fits = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const char c = b[i];
    if (static_cast<unsigned char>(c) < 0x80) continue;
    ++high;
    if (marks.find(c) != std::string_view::npos) {
      fits += i > 0 && vowels.find(b[i - 1]) != std::string_view::npos ? 1 : 0;
    } else if (letters.find(c) != std::string_view::npos) {
      ++fits;
    }
  }
  return high == 0 ? 0.0 : static_cast<double>(fits) / static_cast<double>(high);
}

/// The encoding text that is not valid UTF-8 most likely is.
TextEncoding likely_encoding(std::string_view b) {
  const std::string_view head = b.substr(0, 1U << 16U);
  std::size_t even_zeros = 0, odd_zeros = 0;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\0') ++(i % 2 == 0 ? even_zeros : odd_zeros);
  }
  if (odd_zeros * 4 > head.size() / 2) return TextEncoding::utf16le;
  if (even_zeros * 4 > head.size() / 2) return TextEncoding::utf16be;
  return windows1258_score(head) >= 0.9 ? TextEncoding::windows1258 : TextEncoding::tcvn3;
}

std::string how_to_ask(TextEncoding e) {
  return "read it with the encoding " + std::string(core::key(e)) + " (--encoding " +
         std::string(core::key(e)) +
         "; accepted: " + core::join_alternatives(core::enum_keys<TextEncoding>()) + ")";
}

/// Where CSV text `utf8` has its first line break outside quotes (or its end).
std::string_view header_line(std::string_view text) {
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] == '\n' && !quoted) return text.substr(0, i);
  }
  return text;
}

/// The names `line` splits into at `delimiter` (quotes dropped, cells trimmed).
std::vector<std::string> split_header(std::string_view line, char delimiter) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == delimiter && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  for (auto& s : out) s = std::string(detail::trim(s));
  return out;
}

std::string delimiter_name(char d) {
  return d == '\t' ? "tab" : std::string("'") + d + "'";
}

/// CSV `text` with `delimiter` rewritten with commas; every record stays on
/// the line it started on (blank lines, which readers skip, fill the gaps).
std::string to_commas(std::string_view text, char delimiter, const std::string& name) {
  struct State {
    std::string out;
    std::string record;
    std::size_t fields = 0;
    std::size_t line = 1;      // the input line being fed
    std::size_t out_line = 1;  // the line `out` ends on
    std::size_t record_line = 1;
  } st;
  csv_parser p{};
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
    throw core::Error("cannot initialise libcsv");
  struct Free {
    csv_parser* p;
    ~Free() { csv_free(p); }
  } free_it{&p};
  csv_set_delim(&p, static_cast<unsigned char>(delimiter));
  csv_set_space_func(&p, [](unsigned char) { return 0; });
  const auto on_field = [](void* data, std::size_t len, void* self) {
    auto& s = *static_cast<State*>(self);
    if (s.fields++ == 0)
      s.record_line = s.line;
    else
      s.record += ',';
    s.record += csv_quote(std::string_view(static_cast<const char*>(data), data ? len : 0), ',');
  };
  const auto on_record = [](int, void* self) {
    auto& s = *static_cast<State*>(self);
    for (; s.out_line < s.record_line; ++s.out_line) s.out += '\n';
    s.out += s.record;
    s.out += '\n';
    s.out_line += 1 + static_cast<std::size_t>(std::count(s.record.begin(), s.record.end(), '\n'));
    s.record.clear();
    s.fields = 0;
  };
  st.out.reserve(text.size() + text.size() / 8);
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::size_t n = nl == std::string_view::npos ? text.size() : nl + 1;
    if (csv_parse(&p, text.data(), n, on_field, on_record, &st) != n) {
      throw core::ParseError({name, st.line, std::nullopt},
                             "expected a well-formed quoted field (a quote inside a field is "
                             "written \"\")");
    }
    if (nl != std::string_view::npos) ++st.line;
    text.remove_prefix(n);
  }
  if (csv_fini(&p, on_field, on_record, &st) != 0) {
    throw core::ParseError({name, st.line, std::nullopt},
                           "expected a closing quote before the end of the file");
  }
  return st.out;
}

}  // namespace

std::string decode_text(std::string_view bytes, const std::string& name,
                        std::optional<TextEncoding> encoding, ReadNotes* notes) {
  ReadNotes local;
  ReadNotes& n = notes != nullptr ? *notes : local;
  const auto mark = byte_order_mark(bytes);
  if (!mark && (bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4)) ||
                bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4)))) {
    throw core::ParseError({name, 1, std::nullopt},
                           "the text is UTF-32, which is not read: save it as UTF-8");
  }
  if (mark && encoding && *encoding != mark->first) {
    throw core::ParseError({name, 1, std::nullopt},
                           "the text begins with the byte-order mark of " +
                               std::string(core::label(mark->first, core::Language::en)) +
                               ", but " + std::string(core::key(*encoding)) +
                               " was asked for: leave the encoding out");
  }
  n.encoding = mark ? mark->first : encoding.value_or(TextEncoding::utf8);
  n.encoding_given = encoding.has_value();
  n.byte_order_mark = mark.has_value();
  if (mark) bytes.remove_prefix(mark->second);
  if (n.encoding == TextEncoding::utf8) {
    // A NUL is valid UTF-8 but no text holds one: UTF-16 read as UTF-8 does.
    std::optional<std::size_t> bad = core::first_invalid_utf8(bytes);
    if (const auto nul = bytes.find('\0'); nul != std::string_view::npos && (!bad || nul < *bad))
      bad = nul;
    if (bad) {
      const std::string_view before = bytes.substr(0, *bad);
      const auto line_start = before.rfind('\n');
      const std::size_t column = core::code_point_count(line_start == std::string_view::npos
                                                            ? before
                                                            : before.substr(line_start + 1)) +
                                 1;
      const TextEncoding likely = likely_encoding(bytes);
      throw core::ParseError({name, line_after(before), column},
                             "the text is not valid UTF-8; it looks like " +
                                 std::string(core::label(likely, core::Language::en)) + ": " +
                                 how_to_ask(likely));
    }
    return std::string(bytes);
  }
  std::string text = convert(bytes, n.encoding, name);
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a mark inside a UTF-16 text
  std::string composed = core::nfc(text);
  n.normalised_nfc = composed != text;
  return composed;
}

char detect_delimiter(std::string_view text, const std::string& name,
                      const std::vector<std::string>& expected_columns) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const std::string_view line = header_line(text);
  std::vector<char> present;
  for (const char d : {',', ';', '\t'}) {
    bool quoted = false;
    for (const char c : line) {
      if (c == '"') quoted = !quoted;
      if (c == d && !quoted) {
        present.push_back(d);
        break;
      }
    }
  }
  if (present.empty()) return ',';
  if (present.size() == 1) return present.front();
  // Several: the one whose split names most expected columns, if one does.
  std::size_t best = 0;
  std::vector<char> best_at;
  for (const char d : present) {
    const auto names = split_header(line, d);
    const auto hits = static_cast<std::size_t>(
        std::count_if(names.begin(), names.end(), [&](const std::string& s) {
          return std::find(expected_columns.begin(), expected_columns.end(), s) !=
                 expected_columns.end();
        }));
    if (hits > best) best_at.clear();
    if (hits >= best) {
      best = hits;
      best_at.push_back(d);
    }
  }
  if (best > 0 && best_at.size() == 1) return best_at.front();
  std::vector<std::string> names;
  for (const char d : present) names.push_back(delimiter_name(d));
  throw core::ParseError({name, 1, std::nullopt}, "the header line could be split at " +
                                                      core::join_alternatives(names) +
                                                      ": give the delimiter (--delimiter)");
}

core::SourceLocation SourceText::locate(std::optional<std::size_t> line,
                                        std::optional<std::size_t> column) const {
  if (!notes_.workbook) return {name_, line, column};
  core::SourceLocation at{name_, line, column, notes_.sheet};
  if (line && *line >= 1 && *line <= rows_.size()) at.line = rows_[*line - 1];
  return at;
}

std::vector<core::Problem> SourceText::relocate(std::vector<core::Problem> problems) const {
  if (!notes_.workbook) return problems;
  for (auto& p : problems) {
    if (p.location.file == name_ && p.location.sheet.empty())
      p.location = locate(p.location.line, p.location.column);
  }
  return problems;
}

SourceText source_from_bytes(std::string bytes, std::string name, const SourceOptions& options) {
  SourceText out;
  out.name_ = std::move(name);
  if (detail::is_workbook(bytes)) {
    auto sheet = detail::read_workbook(bytes, out.name_, options.sheet, options.expected_columns);
    out.text_ = std::move(sheet.csv);
    out.rows_ = std::move(sheet.rows);
    out.notes_.workbook = true;
    out.notes_.sheet = std::move(sheet.name);
    out.notes_.header_row = sheet.header_row;
    out.notes_.normalised_nfc = sheet.normalised_nfc;
    return out;
  }
  std::string text = decode_text(bytes, out.name_, options.encoding, &out.notes_);
  bytes = std::string();
  char delimiter = options.delimiter;
  out.notes_.delimiter_given = delimiter != 0;
  if (delimiter == 0) delimiter = detect_delimiter(text, out.name_, options.expected_columns);
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
    throw core::InvalidArgument(out.name_ +
                                ": the CSV delimiter cannot be a quote or a line break");
  }
  out.notes_.delimiter = delimiter;
  out.text_ = delimiter == ',' ? std::move(text) : to_commas(text, delimiter, out.name_);
  return out;
}

char parse_delimiter(std::string_view name) {
  if (name.empty()) return 0;
  if (name == "," || name == ";" || name == "\t") return name[0];
  if (name == "tab") return '\t';
  throw core::InvalidArgument("a delimiter is ',', ';' or tab, not '" +
                              std::string(name.substr(0, 10)) + "'");
}

SourceOptions parse_source_options(std::string_view encoding, std::string_view delimiter,
                                   std::string_view sheet) {
  SourceOptions o;
  if (!encoding.empty()) o.encoding = core::parse_enum<TextEncoding>(encoding);
  o.delimiter = parse_delimiter(delimiter);
  o.sheet = std::string(sheet);
  return o;
}

SourceText open_source(const std::filesystem::path& path, const SourceOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::NotFoundError(path.string() + ": cannot open the file");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw core::Error(path.string() + ": cannot read the file");
  return source_from_bytes(std::move(bytes), path.string(), options);
}

std::vector<std::string> ReadNotes::summary(core::Language lang) const {
  const bool vi = lang == core::Language::vi;
  std::vector<std::string> out;
  if (workbook) {
    out.push_back(vi ? "bảng tính Excel: trang '" + sheet + "', dòng tiêu đề ở hàng " +
                           std::to_string(header_row)
                     : "Excel workbook: sheet '" + sheet + "', header on row " +
                           std::to_string(header_row));
  }
  if (encoding != TextEncoding::utf8 || byte_order_mark) {
    const std::string how = encoding_given ? (vi ? "theo yêu cầu" : "as asked")
                            : byte_order_mark
                                ? (vi ? "nhận ra từ dấu BOM" : "found from its byte-order mark")
                                : "";
    out.push_back((vi ? "mã hoá: " : "encoding: ") + std::string(core::label(encoding, lang)) +
                  (how.empty() ? "" : " (" + how + ")") +
                  (byte_order_mark ? (vi ? ", đã bỏ dấu BOM" : ", byte-order mark dropped") : ""));
  }
  if (normalised_nfc) {
    out.push_back(vi ? "chữ có dấu được chuẩn hoá về dạng dựng sẵn (NFC)"
                     : "accented letters brought to their composed form (NFC)");
  }
  if (!workbook && delimiter != ',') {
    out.push_back((vi ? "dấu phân cách: " : "delimiter: ") + delimiter_name(delimiter) + " (" +
                  (delimiter_given
                       ? (vi ? "theo yêu cầu" : "as asked")
                       : (vi ? "nhận ra từ dòng tiêu đề" : "found from the header line")) +
                  ")");
  }
  for (const auto& r : resolved) out.push_back(r.in(lang));
  for (const auto& [column, count] : other_forms) {
    out.push_back(
        vi ? "cột " + column + ": " + std::to_string(count) +
                 " ô viết theo dạng khác được chấp nhận (ngày trước tháng, hoặc có/không, "
                 "x)"
           : "column " + column + ": " + std::to_string(count) +
                 " cells in another accepted form (day first, or yes/no, có/không, x)");
  }
  return out;
}

}  // namespace project8::data
