// CSV into columns: libcsv tokenises (RFC 4180, quoted fields, CRLF); the
// reader (csv_reader.hpp) tracks lines and problems, the builders
// (csv_cells.hpp) convert cells by the schema. This file reads a whole text,
// in parts in parallel when it can, and holds the public functions.
#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/data/csv.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "../core/parallel.hpp"
#include "civil.hpp"
#include "csv_reader.hpp"
#include "xlsx.hpp"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace project8::data {

using detail::iequals;
using detail::parse_iso_days;
using detail::Reader;
using detail::Sink;
using detail::Sinks;
using detail::trim;

namespace {

/// What one pass over a text finds: its line breaks, and whether it holds a
/// quote or a carriage return.
struct Scan {
  std::size_t breaks = 0;            // line feeds
  std::size_t carriage_returns = 0;  // libcsv ends a record at a bare one too
  bool quote = false;
};

/// Scans `text`: sixteen bytes at a time where SSE2 is there (every x86-64),
/// with byte counters summed before they can overflow.
Scan scan(std::string_view text) noexcept {
  Scan out;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  __m128i quotes = _mm_setzero_si128();
  const auto sum = [](__m128i counts) {
    const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
    return static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
           static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  };
  while (n >= 16) {
    const std::size_t rounds = std::min<std::size_t>(n / 16, 255);
    __m128i lfs = _mm_setzero_si128();
    __m128i crs = _mm_setzero_si128();
    for (std::size_t r = 0; r < rounds; ++r, p += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      lfs = _mm_sub_epi8(lfs, _mm_cmpeq_epi8(x, newline));  // a match is -1
      crs = _mm_sub_epi8(crs, _mm_cmpeq_epi8(x, cr));
      quotes = _mm_or_si128(quotes, _mm_cmpeq_epi8(x, quote));
    }
    out.breaks += sum(lfs);
    out.carriage_returns += sum(crs);
    n -= rounds * 16;
  }
  out.quote = _mm_movemask_epi8(quotes) != 0;
#endif
  for (; n > 0; --n, ++p) {
    out.breaks += *p == '\n' ? 1 : 0;
    out.carriage_returns += *p == '\r' ? 1 : 0;
    out.quote = out.quote || *p == '"';
  }
  return out;
}

/// Room for `rows` rows of every field of `schema`.
Sinks make_sinks(const Schema& schema, std::size_t rows) {
  Sinks sinks(schema.size());
  for (std::size_t i = 0; i < schema.size(); ++i) sinks[i].allocate(schema.fields()[i], rows);
  return sinks;
}

/// Reads `text` in one pass: rows are at most its line ends (line feeds and
/// carriage returns: libcsv ends a record at either) + 1.
Table read_whole(std::string_view text, const Schema& schema, const std::string& source,
                 const CsvOptions& options) {
  const Scan ends = scan(text);
  const std::size_t rows = ends.breaks + ends.carriage_returns + 1;
  Sinks sinks = make_sinks(schema, rows);
  Reader reader(schema, source, options);
  reader.bind(sinks, 0, rows, rows);
  reader.feed(text);
  reader.end();
  return Reader::merge({&reader}, sinks);
}

/// Reads UTF-8 `text` with a known delimiter whole; a large file whose rows hold no quote character
/// is split at line boundaries and its parts read in parallel (quoted fields may hold line breaks,
/// so such files are read in one pass; a quoted header is fine). The parts first scan their lines
/// (in parallel), so that every column is allocated once and each part writes its rows straight
/// into its slice.
Table read_utf8(std::string_view text, const Schema& schema, const std::string& source,
                const CsvOptions& options) {
  const std::size_t threads =
      options.threads > 0
          ? std::min<std::size_t>(options.threads, 64)
          : std::min<std::size_t>(8, std::max(1U, std::thread::hardware_concurrency()));
  if (threads < 2 || text.size() < options.parallel_min_bytes)
    return read_whole(text, schema, source, options);
  Reader head(schema, source, options);
  head.header_only();
  const void* nl = std::memchr(text.data(), '\n', text.size());
  const std::size_t header_end =
      nl == nullptr ? text.size()
                    : static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
  head.feed(text.substr(0, header_end));
  // A header that is not exactly the first line (a quoted name spanning lines,
  // a carriage return that libcsv takes for a line end): one pass.
  if (!head.just_the_header()) return read_whole(text, schema, source, options);
  // Parts end just after a line break.
  std::vector<std::string_view> parts;
  std::size_t pos = header_end;
  for (std::size_t t = 0; t < threads && pos < text.size(); ++t) {
    std::size_t end =
        t + 1 == threads
            ? text.size()
            : std::max(pos, header_end + (text.size() - header_end) * (t + 1) / threads);
    if (end < text.size()) {
      const void* next = std::memchr(text.data() + end, '\n', text.size() - end);
      end = next == nullptr
                ? text.size()
                : static_cast<std::size_t>(static_cast<const char*>(next) - text.data()) + 1;
    }
    parts.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  // Each part's line ends (its rows are at most those, plus an unterminated
  // last line), and whether it holds a quote.
  std::vector<Scan> scans(parts.size());
  core::detail::in_parallel(parts.size(), [&](std::size_t k) { scans[k] = scan(parts[k]); });
  bool quoted = false;
  for (const Scan& s : scans) quoted = quoted || s.quote;
  if (quoted) return read_whole(text, schema, source, options);
  std::vector<std::size_t> first_row(parts.size()), rows(parts.size()), first_line(parts.size());
  std::size_t total = 0;
  std::size_t line = head.line();
  for (std::size_t k = 0; k < parts.size(); ++k) {
    rows[k] = scans[k].breaks + scans[k].carriage_returns + (parts[k].ends_with('\n') ? 0 : 1);
    first_row[k] = total;
    first_line[k] = line;
    total += rows[k];
    line += scans[k].breaks;
  }
  Sinks sinks = make_sinks(head.schema(), total);
  std::vector<std::unique_ptr<Reader>> readers;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    // The head's fields: the schema's and those its header added (CsvOptions::extra_field).
    readers.push_back(std::make_unique<Reader>(head.schema(), source, options));
    readers.back()->continue_after(head, first_line[k]);
    readers.back()->bind(sinks, first_row[k], rows[k], total);
  }
  core::detail::in_parallel(parts.size(), [&](std::size_t k) {
    readers[k]->feed(parts[k], scans[k].carriage_returns == 0);
    readers[k]->end();
  });
  std::vector<Reader*> all{&head};
  for (auto& r : readers) all.push_back(r.get());
  return Reader::merge(all, sinks);
}

/// A read-only mapping of a whole file.
class Mapped {
 public:
  explicit Mapped(const std::filesystem::path& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw core::NotFoundError(path.string() + ": cannot open the file");
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      throw core::NotFoundError(path.string() + ": not a regular file");
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
      data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (data_ == MAP_FAILED) {
        ::close(fd_);
        throw core::Error(path.string() + ": cannot map the file");
      }
      ::madvise(data_, size_, MADV_SEQUENTIAL);
    }
  }
  Mapped(const Mapped&) = delete;
  Mapped& operator=(const Mapped&) = delete;
  ~Mapped() {
    if (size_ > 0) ::munmap(data_, size_);
    ::close(fd_);
  }
  [[nodiscard]] std::string_view text() const noexcept {
    return size_ == 0 ? std::string_view()
                      : std::string_view(static_cast<const char*>(data_), size_);
  }

 private:
  int fd_ = -1;
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

/// The length of `text`'s first line, its line feed included.
std::size_t header_end(std::string_view text) {
  const auto nl = text.find('\n');
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

/// A text ready for the reader: UTF-8 with a known delimiter, read in place
/// when it was so already, or converted (another encoding, a workbook).
struct Prepared {
  std::optional<SourceText> converted;
  std::string_view text;
  CsvOptions options;

  /// Calls `read(text, source)`: a converted text's errors are relocated (a
  /// workbook's cells); a text read in place that does not read and is not
  /// UTF-8 is an error naming the encoding it most likely is.
  template <class F>
  auto read(const std::string& source, F&& read) const {
    if (converted) return converted->read(read);
    try {
      return read(text, source);
    } catch (const core::ParseError&) {
      // Cells that do not read, in a text that is not UTF-8: the encoding is
      // the problem, and decode_text() names the likely one.
      if (!options.source.encoding && core::first_invalid_utf8(text))
        (void)decode_text(text, source, std::nullopt);
      throw;
    }
  }
};

/// Resolves CsvOptions::source for `bytes`: decodes or converts what is not
/// UTF-8 CSV, and finds the delimiter from the header line.
Prepared prepare(std::string_view bytes, const std::string& source, const CsvOptions& options,
                 const Schema* schema) {
  Prepared p;
  p.options = options;
  SourceOptions& so = p.options.source;
  if (so.expected_columns.empty() && schema != nullptr) {
    for (const auto& f : schema->fields()) so.expected_columns.push_back(f.name);
  }
  if (so.delimiter == '"' || so.delimiter == '\n' || so.delimiter == '\r') {
    throw core::InvalidArgument(source + ": the CSV delimiter cannot be a quote or a line break");
  }
  const bool other_encoding = so.encoding && *so.encoding != TextEncoding::utf8;
  const bool wide_mark = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF") ||
                         bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4));
  if (other_encoding || wide_mark || detail::is_workbook(bytes)) {
    p.converted = source_from_bytes(std::string(bytes), source, so);
    p.text = p.converted->text();
    if (options.notes != nullptr) *options.notes = p.converted->notes();
    so.delimiter = ',';
    return p;
  }
  // NULs in the header line: UTF-16 without its mark, most likely (decode_text says so).
  if (std::memchr(bytes.data(), '\0', std::min(bytes.size(), header_end(bytes))) != nullptr)
    (void)decode_text(bytes, source, std::nullopt);
  ReadNotes notes;
  notes.byte_order_mark = bytes.starts_with("\xEF\xBB\xBF");
  notes.encoding_given = so.encoding.has_value();
  notes.delimiter_given = so.delimiter != 0;
  if (so.delimiter == 0) so.delimiter = detect_delimiter(bytes, source, so.expected_columns);
  notes.delimiter = so.delimiter;
  if (options.notes != nullptr) *options.notes = notes;
  p.text = bytes;
  return p;
}

/// Reads `bytes` (see prepare()).
Table read_text(std::string_view bytes, const Schema& schema, const std::string& source,
                const CsvOptions& options) {
  const Prepared p = prepare(bytes, source, options, &schema);
  return p.read(source, [&](std::string_view text, const std::string& name) {
    return read_utf8(text, schema, name, p.options);
  });
}

}  // namespace

Table read_csv(const std::filesystem::path& path, const Schema& schema, const CsvOptions& options) {
  const Mapped file(path);
  return read_text(file.text(), schema, path.string(), options);
}

Table parse_csv(std::string_view text, const Schema& schema, const std::string& source_name,
                const CsvOptions& options) {
  return read_text(text, schema, source_name, options);
}

std::vector<std::string> csv_header(std::string_view bytes, const CsvOptions& options) {
  static const Schema none;
  const Prepared p = prepare(bytes, "", options, nullptr);
  std::string_view text = p.text;
  CsvOptions plain = p.options;
  plain.row_lines = nullptr;
  plain.header = nullptr;
  plain.extra_field = nullptr;
  Reader reader(none, "", plain);
  while (!text.empty() && !reader.header_done()) {  // line by line: a quoted name may span lines
    const auto nl = text.find('\n');
    const std::size_t n = nl == std::string_view::npos ? text.size() : nl + 1;
    reader.feed(text.substr(0, n));
    text.remove_prefix(n);
  }
  if (!reader.header_done()) reader.end();
  return reader.header();
}

CsvLocator::CsvLocator(std::string source, std::vector<std::string> header,
                       std::vector<std::size_t> row_lines)
    : source_(std::move(source)), header_(std::move(header)), lines_(std::move(row_lines)) {}

std::optional<std::size_t> CsvLocator::column(std::string_view field) const {
  const auto it = std::find(header_.begin(), header_.end(), field);
  if (field.empty() || it == header_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header_.begin()) + 1;
}

core::SourceLocation CsvLocator::at(std::size_t row, std::string_view field) const {
  if (workbook_) return workbook_->locate(lines_.at(row), column(field));
  return {source_, lines_.at(row), column(field)};
}

void CsvLocator::in_workbook(std::shared_ptr<const SourceText> workbook) {
  workbook_ = std::move(workbook);
}

std::pair<Table, CsvLocator> parse_csv_located(std::string_view text, const Schema& schema,
                                               const std::string& source_name, CsvOptions options) {
  std::vector<std::size_t> lines;
  std::vector<std::string> header;
  options.row_lines = &lines;
  options.header = &header;
  const Prepared p = prepare(text, source_name, options, &schema);
  Table t = p.read(source_name, [&](std::string_view utf8, const std::string& name) {
    return read_utf8(utf8, schema, name, p.options);
  });
  CsvLocator at(source_name, std::move(header), std::move(lines));
  if (p.converted && p.converted->notes().workbook)
    at.in_workbook(std::make_shared<const SourceText>(*p.converted));
  return {std::move(t), std::move(at)};
}

std::pair<Table, CsvLocator> read_csv_located(const std::filesystem::path& path,
                                              const Schema& schema, CsvOptions options) {
  const Mapped file(path);
  return parse_csv_located(file.text(), schema, path.string(), std::move(options));
}

namespace {

/// A cell a spreadsheet would run as a formula: it starts with = + - @, a tab
/// or a carriage return, and is not a plain number (digits, one sign, one point).
bool formula_like(std::string_view cell) {
  if (cell.empty()) return false;
  const char first = cell.front();
  if (first != '=' && first != '+' && first != '-' && first != '@' && first != '\t' &&
      first != '\r')
    return false;
  if (first != '-' && first != '+') return true;
  const std::string_view rest = cell.substr(1);
  if (rest.empty()) return true;
  bool digits = false;
  bool point = false;
  for (const char ch : rest) {
    if (ch >= '0' && ch <= '9') {
      digits = true;
    } else if (ch == '.' && !point) {
      point = true;
    } else {
      return true;
    }
  }
  return !digits;
}

}  // namespace

std::string csv_field(std::string_view cell, char delimiter) {
  if (formula_like(cell)) return csv_quote("'" + std::string(cell), delimiter);
  return csv_quote(cell, delimiter);
}

std::string csv_quote(std::string_view cell, char delimiter) {
  if (cell.find_first_of(std::string{'"', '\r', '\n', delimiter}) == std::string_view::npos)
    return std::string(cell);
  std::string out = "\"";
  for (const char ch : cell) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

namespace {

/// The narrowest type that reads every non-empty cell of string column `c`.
ColumnType infer_type(const Column& c) {
  bool can_bool = true, can_int = true, can_date = true, any = false;
  for (std::size_t i = 0; i < c.size() && (can_bool || can_int || can_date); ++i) {
    const std::string_view s = trim(c.string_at(i));
    if (s.empty()) continue;
    any = true;
    if (can_bool && !iequals(s, "true") && !iequals(s, "false")) can_bool = false;
    if (can_int) {
      std::size_t k = s.front() == '-' ? 1 : 0;
      std::int64_t v = 0;
      const bool leading_zero = s.size() > k + 1 && s[k] == '0';
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (leading_zero || ec != std::errc{} || end != s.data() + s.size()) can_int = false;
    }
    if (can_date && !parse_iso_days(s)) can_date = false;
  }
  if (!any) return ColumnType::string;
  if (can_bool) return ColumnType::boolean;
  if (can_int) return ColumnType::integer;
  if (can_date) return ColumnType::date;
  return ColumnType::string;
}

Table read_inferred(std::string_view bytes, const std::string& source,
                    const std::vector<std::pair<std::string, std::string>>& declared,
                    const CsvOptions& options) {
  CsvOptions given = options;
  if (given.source.expected_columns.empty()) {
    for (const auto& d : declared) given.source.expected_columns.push_back(d.first);
  }
  const Prepared p = prepare(bytes, source, given, nullptr);
  return p.read(source, [&](std::string_view text, const std::string& name) {
    std::vector<std::pair<std::string, std::string>> as_text;
    for (auto& column : csv_header(text, p.options))
      as_text.emplace_back(std::move(column), "string");
    CsvOptions first = p.options;
    first.row_lines = nullptr;
    first.notes = nullptr;
    const Table raw = read_utf8(text, Schema::parse(as_text), name, first);
    std::vector<std::pair<std::string, std::string>> typed;
    for (std::size_t k = 0; k < as_text.size(); ++k) {
      const auto d = std::find_if(declared.begin(), declared.end(),
                                  [&](const auto& f) { return f.first == as_text[k].first; });
      typed.emplace_back(as_text[k].first, d != declared.end()
                                               ? d->second
                                               : std::string(to_string(infer_type(raw.column(k)))));
    }
    return read_utf8(text, Schema::parse(typed), name, p.options);
  });
}

}  // namespace

Table read_csv_inferred(const std::filesystem::path& path,
                        const std::vector<std::pair<std::string, std::string>>& declared,
                        const CsvOptions& options) {
  const Mapped file(path);
  return read_inferred(file.text(), path.string(), declared, options);
}

Table parse_csv_inferred(std::string_view text, const std::string& source_name,
                         const std::vector<std::pair<std::string, std::string>>& declared,
                         const CsvOptions& options) {
  return read_inferred(text, source_name, declared, options);
}

}  // namespace project8::data
