// CSV into columns: libcsv tokenises (RFC 4180, quoted fields, CRLF); this file
// tracks lines, converts cells by the schema and collects located problems.
#include <csv.h>
#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/data/csv.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "../core/parallel.hpp"
#include "civil.hpp"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace project8::data {

namespace {

[[gnu::always_inline]] inline std::string_view trim(std::string_view s) noexcept {
  // Most cells neither start nor end with a space, tab or carriage return (bytes
  // of UTF-8 sequences are negative as char and take the loops below).
  if (s.empty() || (s.front() > ' ' && s.back() > ' ')) return s;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

/// Parses `YYYY-MM-DD` into days since 1970-01-01; nullopt when not a real day.
std::optional<std::int64_t> parse_iso_days(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n, unsigned& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return true;
  };
  unsigned y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  if (y < 1400 || m < 1 || m > 12 || d < 1 || d > detail::days_in_month(y, m)) return std::nullopt;
  return detail::days_from_civil(y, m, d);
}

/// Parses a trimmed, non-empty integer cell into `out`; returns what was expected on failure.
[[gnu::always_inline]] inline const char* parse_integer(std::string_view s,
                                                        std::int64_t& out) noexcept {
  const char* p = s.data();
  const char* const end = p + s.size();
  const bool negative = *p == '-';
  if (*p == '+' || *p == '-') ++p;
  if (p != end && end - p <= 18) {  // the common case: at most 18 digits cannot overflow
    std::int64_t v = 0;
    const char* q = p;
    for (; q != end; ++q) {
      const auto d = static_cast<unsigned>(*q - '0');
      if (d > 9) break;
      v = v * 10 + static_cast<std::int64_t>(d);
    }
    if (q == end) {
      out = negative ? -v : v;
      return nullptr;
    }
  }
  if (p == end || *p < '0' || *p > '9') return "an integer";
  std::int64_t v = 0;
  const auto [stop, ec] = std::from_chars(negative ? p - 1 : p, end, v);
  if (ec == std::errc::result_out_of_range) return "an integer within int64";
  if (ec != std::errc{} || stop != end) return "an integer";
  out = v;
  return nullptr;
}

/// Memory for a column's values or validity mask: uninitialised (through the
/// cache of freed large buffers), or zeros (fresh pages, never touched).
/// (Transparent huge pages were tried for the large ones: on the shared
/// machines this is measured on they made reading slower and less steady.)
class Block {
 public:
  explicit Block(std::size_t bytes, bool zeroed = false)
      : bytes_(std::max<std::size_t>(bytes, 1)),
        zeroed_(zeroed),
        data_(zeroed ? std::calloc(bytes_, 1) : detail::allocate_buffer(bytes_)) {
    if (data_ == nullptr) throw std::bad_alloc();
  }
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;
  ~Block() {
    if (zeroed_)
      std::free(data_);
    else
      detail::deallocate_buffer(data_, bytes_);
  }
  template <class T>
  [[nodiscard]] T* as() const noexcept {
    return static_cast<T*>(data_);
  }

 private:
  std::size_t bytes_;
  bool zeroed_;
  void* data_;
};

/// Bytes per value of a column type in memory (text: per offset).
std::size_t value_width(ColumnType type) noexcept {
  switch (type) {
    case ColumnType::boolean:
      return 1;
    case ColumnType::enumeration:
      return 4;
    case ColumnType::integer:
    case ColumnType::date:
    case ColumnType::string:
      return 8;
  }
  return 8;
}

/// A whole column's memory, allocated once with room for every row the text
/// can hold (its line count): the parts of a file read in parallel each fill
/// their own slice, so nothing is appended or copied afterwards. The validity
/// mask is made when some part first meets a missing value.
struct Sink {
  const Field* field = nullptr;
  std::size_t capacity = 0;
  std::unique_ptr<Block> values;  // text: offsets; each part keeps its own bytes
  std::unique_ptr<Block> mask;
  std::mutex mutex;  // guards the making of `mask`

  void allocate(const Field& f, std::size_t rows) {
    field = &f;
    capacity = rows;
    // Text: the end offset of row i (within its part's bytes) at i + 1.
    values = std::make_unique<Block>(f.type == ColumnType::string ? (rows + 1) * 8
                                                                  : rows * value_width(f.type));
  }
  std::uint8_t* open_mask() {
    const std::scoped_lock lock(mutex);
    if (!mask) mask = std::make_unique<Block>(capacity);
    return mask->as<std::uint8_t>();
  }
};

/// What a finished column's memory lives in.
struct ColumnMemory {
  std::unique_ptr<Block> values;
  std::unique_ptr<Block> mask;
  std::string bytes;
};

/// One part's slice of a column: converts cells and writes them in place.
struct Builder {
  const Field* field = nullptr;
  ColumnType type = ColumnType::integer;  // field->type, kept here: read for every cell
  Sink* sink = nullptr;
  std::size_t base = 0;          // the slice's first row in the column
  std::size_t capacity = 0;      // rows the slice holds
  std::size_t n = 0;             // rows written
  std::uint8_t* mask = nullptr;  // the slice of the mask, once a value was missing
  std::int64_t* i64 = nullptr;   // integers, days; text: end offsets within `bytes`
  std::int32_t* i32 = nullptr;
  std::uint8_t* u8 = nullptr;
  std::string bytes;    // text: this part's own bytes
  bool absent = false;  // an optional field the header lacks: no value is written
  /// Enumerations: category index by (length < 16, first byte), -1 none, -2
  /// ambiguous (then the categories are searched); built by index_categories().
  std::vector<std::int16_t> by_shape;

  /// Builds `by_shape` for an enumeration (a cell then costs one lookup and one compare).
  void index_categories() {
    if (field->type != ColumnType::enumeration) return;
    by_shape.assign(16 * 256, -1);
    for (std::size_t i = 0; i < field->categories.size(); ++i) {
      const std::string& c = field->categories[i];
      if (c.empty() || c.size() >= 16) continue;  // such names go through the search
      auto& slot = by_shape[c.size() * 256 + static_cast<unsigned char>(c[0])];
      slot = slot == -1 ? static_cast<std::int16_t>(i) : std::int16_t{-2};
    }
  }

  /// Writes into rows [first, first + rows) of `s`.
  void bind(Sink& s, std::size_t first, std::size_t rows) {
    sink = &s;
    base = first;
    capacity = rows;
    switch (type) {
      case ColumnType::boolean:
        u8 = s.values->as<std::uint8_t>() + first;
        break;
      case ColumnType::enumeration:
        i32 = s.values->as<std::int32_t>() + first;
        break;
      case ColumnType::integer:
      case ColumnType::date:
        i64 = s.values->as<std::int64_t>() + first;
        break;
      case ColumnType::string:
        i64 = s.values->as<std::int64_t>() + first + 1;
        break;
    }
  }

  /// The category index of `s`, or nullopt.
  [[nodiscard, gnu::always_inline]] std::optional<std::int32_t> category(std::string_view s) const {
    if (!s.empty() && s.size() < 16 && !by_shape.empty()) {
      const std::int16_t i = by_shape[s.size() * 256 + static_cast<unsigned char>(s[0])];
      if (i >= 0) {
        const std::string& c = field->categories[static_cast<std::size_t>(i)];
        for (std::size_t k = 1; k < s.size();
             ++k) {  // same length and first byte; short: no memcmp call
          if (c[k] != s[k]) return std::nullopt;
        }
        return i;
      }
      if (i == -1) {
        // No category has this shape; a long or empty category name might still match.
        bool others = false;
        for (const auto& c : field->categories) others = others || c.empty() || c.size() >= 16;
        if (!others) return std::nullopt;
      }
    }
    return field->category_index(s);
  }

  /// The row the next value goes to; a slice never holds more rows than its text has lines.
  [[gnu::always_inline]] std::size_t next() {
    if (n == capacity)
      throw core::Error("CSV reader: more rows than the text has lines (a bug in the reader)");
    return n;
  }

  void push_missing() {
    const std::size_t i = next();
    if (mask == nullptr) {
      mask = sink->open_mask() + base;
      std::memset(mask, 1, capacity);
    }
    mask[i] = 0;
    switch (type) {
      case ColumnType::boolean:
        u8[i] = 0;
        break;
      case ColumnType::integer:
      case ColumnType::date:
        i64[i] = 0;
        break;
      case ColumnType::enumeration:
        i32[i] = 0;
        break;
      case ColumnType::string:
        i64[i] = static_cast<std::int64_t>(bytes.size());
        break;
    }
    ++n;
  }

  /// Converts and writes one non-empty cell; returns what was expected on failure.
  [[gnu::always_inline]] const char* push(std::string_view raw) {
    const std::size_t i = next();
    if (type == ColumnType::string) {
      if (!core::is_valid_utf8(raw)) return "valid UTF-8 text";
      bytes.append(raw);
      i64[i] = static_cast<std::int64_t>(bytes.size());
      ++n;
      return nullptr;
    }
    const std::string_view s = trim(raw);
    if (s.empty()) {
      push_missing();
      return nullptr;
    }
    switch (type) {
      case ColumnType::boolean: {
        std::uint8_t v = 0;
        if (s.size() == 1 && (s[0] == '1' || s[0] == '0'))
          v = s[0] == '1' ? 1 : 0;
        else if (iequals(s, "true"))
          v = 1;
        else if (iequals(s, "false"))
          v = 0;
        else
          return "true, false, 1 or 0";
        u8[i] = v;
        break;
      }
      case ColumnType::integer: {
        if (const char* expected = parse_integer(s, i64[i])) return expected;
        break;
      }
      case ColumnType::date: {
        const auto days = parse_iso_days(s);
        if (!days) return "a real calendar day written YYYY-MM-DD";
        i64[i] = *days;
        break;
      }
      case ColumnType::enumeration: {
        auto code = category(s);
        if (!code && core::is_valid_utf8(s)) code = field->category_index(core::nfc(s));
        if (!code) return "a declared value";
        i32[i] = *code;
        break;
      }
      case ColumnType::string:
        break;
    }
    ++n;
    return nullptr;
  }
};

/// The state libcsv's callbacks work on: one part of the text (or all of it).
class Reader {
 public:
  Reader(const Schema& schema, std::string source, const CsvOptions& options)
      : schema_(schema), source_(std::move(source)), options_(options) {
    init_parser();
    builders_.resize(schema.size());
    for (std::size_t i = 0; i < schema.size(); ++i) {
      builders_[i].field = &schema.fields()[i];
      builders_[i].type = schema.fields()[i].type;
      builders_[i].index_categories();
    }
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  ~Reader() { csv_free(&parser_); }

  /// Writes its rows into rows [first, first + rows) of `sinks` (one per field).
  void bind(std::vector<Sink>& sinks, std::size_t first, std::size_t rows) {
    for (std::size_t i = 0; i < builders_.size(); ++i) builders_[i].bind(sinks[i], first, rows);
  }

  /// Feeds a block of bytes; may be called repeatedly. `plain`: the block is
  /// the whole rest of the text and holds no quote and no carriage return, so
  /// that every line is a record and is split directly.
  void feed(std::string_view block, bool plain = false) {
    if (first_block_) {
      first_block_ = false;
      if (block.starts_with("\xEF\xBB\xBF")) block.remove_prefix(3);  // UTF-8 byte-order mark
    }
    if (plain) {
      split(block);
      return;
    }
    while (!block.empty()) {
      const void* nl = std::memchr(block.data(), '\n', block.size());
      const std::size_t n =
          nl == nullptr ? block.size()
                        : static_cast<std::size_t>(static_cast<const char*>(nl) - block.data()) + 1;
      const std::string_view line = block.substr(0, n);
      if (nl == nullptr || !fast_line(line.substr(0, n - 1))) parse(line);
      if (nl != nullptr) ++line_;
      block.remove_prefix(n);
    }
  }

  /// Splits text without quotes or carriage returns (a line, or the whole
  /// rest of a part) into cells and records; a blank line is no record, as in
  /// libcsv. Where SSE2 is there, 64 bytes at a time become bit masks of
  /// delimiters and line breaks, and the loop visits only the cell
  /// boundaries: no branch per byte.
  void split(std::string_view text) {
    const char delim = options_.delimiter;
    const char* const base = text.data();
    const std::size_t size = text.size();
    std::size_t cell = 0;
    std::size_t line = 0;
    const auto boundary = [&](std::size_t pos, bool newline) __attribute__((always_inline)) {
      if (!newline) {
        field(std::string_view(base + cell, pos - cell));
        cell = pos + 1;
        return;
      }
      if (pos != line) {
        field(std::string_view(base + cell, pos - cell));
        record();
      }
      ++line_;
      cell = line = pos + 1;
    };
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i delims = _mm_set1_epi8(delim);
    const __m128i newlines = _mm_set1_epi8('\n');
    for (; i + 64 <= size; i += 64) {
      std::uint64_t any = 0;
      std::uint64_t breaks = 0;
      for (unsigned j = 0; j < 4; ++j) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + i + 16 * j));
        const auto d = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, delims)));
        const auto n = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, newlines)));
        any |= static_cast<std::uint64_t>(d | n) << (16 * j);
        breaks |= static_cast<std::uint64_t>(n) << (16 * j);
      }
      while (any != 0) {
        const auto bit = static_cast<unsigned>(__builtin_ctzll(any));
        boundary(i + bit, ((breaks >> bit) & 1U) != 0);
        any &= any - 1;
      }
    }
#endif
    for (; i < size; ++i) {
      if (base[i] == delim)
        boundary(i, false);
      else if (base[i] == '\n')
        boundary(i, true);
    }
    if (size != line) {
      field(std::string_view(base + cell, size - cell));
      record();
    }
  }

  /// A whole line without quotes or stray carriage returns, read while libcsv
  /// is between records, is split here directly (the common case, several
  /// times faster); anything else goes through libcsv. Both give the same cells.
  bool fast_line(std::string_view body) {
    if (parser_.pstate != 0) return false;  // libcsv is inside a record
    if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
    if (std::memchr(body.data(), '"', body.size()) != nullptr ||
        std::memchr(body.data(), '\r', body.size()) != nullptr) {
      return false;
    }
    split(body);
    return true;
  }

  /// Ends parsing: flushes libcsv and checks that a header was seen.
  void end() {
    if (csv_fini(&parser_, &Reader::on_field, &Reader::on_record, this) != 0) {
      problem(line_, std::nullopt, "", "a closing quote before the end of the file");
    }
    if (header_phase_ && problems_.empty()) {
      problem(1, std::nullopt, "", "a header row naming the columns");
    }
  }

  /// Continues after `head`'s header, at `line`, as one part of a file read in parallel.
  void continue_after(const Reader& head, std::size_t line) {
    header_ = head.header_;
    map_ = head.map_;
    index_columns();
    for (std::size_t i = 0; i < builders_.size(); ++i)
      builders_[i].absent = head.builders_[i].absent;
    header_phase_ = false;
    first_block_ = false;
    header_line_ = head.header_line_;
    line_ = line;
  }
  /// The header row's column names (once read).
  [[nodiscard]] const std::vector<std::string>& header() const noexcept {
    return header_;
  }
  /// True once the header row has been read.
  [[nodiscard]] bool header_done() const noexcept {
    return !header_phase_;
  }
  /// The current line.
  [[nodiscard]] std::size_t line() const noexcept {
    return line_;
  }
  /// Reads the header and only counts what follows (the head of a parallel read).
  void header_only() noexcept {
    header_only_ = true;
  }
  /// True when exactly the header was read, without a problem: no cell after
  /// it, libcsv between records.
  [[nodiscard]] bool just_the_header() const noexcept {
    return !header_phase_ && rows_ == 0 && !beyond_header_ && parser_.pstate == 0 &&
           problems_.empty() && dropped_ == 0;
  }

  /// The table of `parts` read in order into `sinks`, or a ParseError with
  /// every problem of every part, in file order. Slices that read fewer rows
  /// than they had room for (blank lines, the header) are moved together.
  static Table merge(const std::vector<Reader*>& parts, std::vector<Sink>& sinks) {
    const Reader& first = *parts.front();
    std::vector<core::Problem> problems;
    std::size_t dropped = 0;
    for (const Reader* r : parts) {
      for (const auto& pr : r->problems_) {
        if (problems.size() < first.options_.max_problems)
          problems.push_back(pr);
        else
          ++dropped;
      }
      dropped += r->dropped_;
    }
    if (!problems.empty() || dropped > 0) {
      if (dropped > 0) {
        problems.push_back(
            {{first.source_, {}, {}}, "", "and " + std::to_string(dropped) + " more problems"});
      }
      throw core::ParseError(std::move(problems));
    }
    if (first.options_.row_lines != nullptr) {
      first.options_.row_lines->clear();
      for (const Reader* r : parts)
        first.options_.row_lines->insert(first.options_.row_lines->end(), r->lines_.begin(),
                                         r->lines_.end());
    }
    std::size_t rows = 0;
    for (const Reader* r : parts) rows += r->rows_;
    std::vector<Column> columns;
    columns.reserve(sinks.size());
    for (std::size_t i = 0; i < sinks.size(); ++i) {
      Sink& sink = sinks[i];
      const ColumnType type = sink.field->type;
      const bool text = type == ColumnType::string;
      auto memory = std::make_shared<ColumnMemory>();
      if (first.builders_[i].absent) {  // missing on every row: zeros, never touched
        memory->values = std::make_unique<Block>((rows + (text ? 1 : 0)) * value_width(type), true);
        memory->mask = std::make_unique<Block>(rows, true);
      } else {
        const std::size_t width = value_width(type);
        char* const values = sink.values->as<char>() + (text ? width : 0);
        std::uint8_t* const mask = sink.mask ? sink.mask->as<std::uint8_t>() : nullptr;
        std::size_t at = 0;
        std::int64_t bytes = 0;
        for (Reader* r : parts) {
          Builder& b = r->builders_[i];
          if (b.n > 0 && b.base != at) {
            std::memmove(values + at * width, values + b.base * width, b.n * width);
            if (b.mask != nullptr) std::memmove(mask + at, b.mask, b.n);
          }
          if (mask != nullptr && b.mask == nullptr) std::memset(mask + at, 1, b.n);
          if (text) {  // offsets within the part's bytes become offsets within all bytes
            auto* ends = reinterpret_cast<std::int64_t*>(values) + at;
            if (bytes > 0) {
              for (std::size_t k = 0; k < b.n; ++k) ends[k] += bytes;
            }
            bytes += static_cast<std::int64_t>(b.bytes.size());
          }
          at += b.n;
        }
        if (at != rows)
          throw core::Error("CSV reader: columns of different lengths (a bug in the reader)");
        if (text) {
          sink.values->as<std::int64_t>()[0] = 0;
          memory->bytes.reserve(static_cast<std::size_t>(bytes));
          for (Reader* r : parts) {
            memory->bytes += r->builders_[i].bytes;
            r->builders_[i].bytes = std::string();
          }
        }
        memory->values = std::move(sink.values);
        memory->mask = std::move(sink.mask);
      }
      const void* data = memory->values->as<char>();
      const std::uint8_t* mask = memory->mask ? memory->mask->as<std::uint8_t>() : nullptr;
      columns.push_back(
          Column::adopt(type, data, rows, mask, memory, text ? memory->bytes.data() : nullptr));
    }
    return Table(first.schema_, std::move(columns));
  }

 private:
  void init_parser() {
    if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
      throw core::Error("cannot initialise the CSV parser");
    }
    csv_set_delim(&parser_, static_cast<unsigned char>(options_.delimiter));
    csv_set_space_func(&parser_, [](unsigned char) { return 0; });  // keep spaces: RFC 4180
  }

  void parse(std::string_view bytes) {
    if (csv_parse(&parser_, bytes.data(), bytes.size(), &Reader::on_field, &Reader::on_record,
                  this) != bytes.size()) {
      if (csv_error(&parser_) == CSV_EPARSE) {
        problem(line_, std::nullopt, "",
                "a well-formed quoted field (a quote inside a field is written \"\")");
      } else {
        throw core::Error(std::string("CSV parser: ") + csv_strerror(csv_error(&parser_)));
      }
      // Start afresh on the next line so that one bad quote does not hide every other problem.
      csv_free(&parser_);
      init_parser();
      field_index_ = 0;
      record_line_ = 0;
    }
  }

  static void on_field(void* data, std::size_t len, void* self) {
    static_cast<Reader*>(self)->field(
        std::string_view(static_cast<const char*>(data), data ? len : 0));
  }
  static void on_record(int, void* self) {
    static_cast<Reader*>(self)->record();
  }

  [[gnu::always_inline]] void field(std::string_view cell) {
    if (field_index_ == 0) record_line_ = line_;
    const std::size_t k = field_index_++;
    if (header_phase_) [[unlikely]] {
      header_.emplace_back(trim(cell));
      return;
    }
    if (k >= by_column_.size() || by_column_[k] == nullptr) {
      beyond_header_ = beyond_header_ || header_only_;
      return;
    }
    Builder& b = *by_column_[k];
    if (cell.empty()) {
      b.push_missing();
    } else if (const char* expected = b.push(cell)) [[unlikely]] {
      bad_cell(b, k, expected);
    }
  }

  /// Records a cell that did not convert (not its value: it may be personal) and leaves it missing.
  [[gnu::noinline, gnu::cold]] void bad_cell(Builder& b, std::size_t k, const char* expected) {
    problem(record_line_, k + 1, b.field->name,
            std::string("expected ") + expected +
                (b.field->type == ColumnType::enumeration ? " (" + b.field->type_name() + ")"
                                                          : std::string()));
    b.push_missing();
  }

  void record() {
    const std::size_t fields = field_index_;
    field_index_ = 0;
    if (header_phase_) {
      header_phase_ = false;
      header_line_ = record_line_;
      map_.assign(header_.size(), -1);
      for (std::size_t k = 0; k < header_.size(); ++k) {
        for (std::size_t j = 0; j < k; ++j) {
          if (header_[j] == header_[k]) {
            problem(header_line_, k + 1, header_[k],
                    "a column name that appears once (it also is column " + std::to_string(j + 1) +
                        ")");
          }
        }
        if (const auto i = schema_.index_of(header_[k]); i && !seen_field(*i))
          map_[k] = static_cast<int>(*i);
      }
      if (!header_only_) index_columns();  // a header-only reader keeps no cell
      for (std::size_t i = 0; i < schema_.size(); ++i) {
        builders_[i].absent = !seen_field(i);
        const auto& optional = options_.optional_fields;
        if (builders_[i].absent && std::find(optional.begin(), optional.end(),
                                             schema_.fields()[i].name) == optional.end()) {
          problem(header_line_, std::nullopt, schema_.fields()[i].name,
                  "a column named '" + schema_.fields()[i].name + "' (" +
                      schema_.fields()[i].type_name() + ")");
        }
      }
      return;
    }
    ++rows_;
    if (header_only_) return;
    if (options_.row_lines != nullptr) lines_.push_back(record_line_);
    if (fields != header_.size()) {
      problem(record_line_, std::nullopt, "",
              std::to_string(header_.size()) + " fields as in the header, found " +
                  std::to_string(fields));
      // Keep every column the same length whatever went wrong (columns the
      // header lacks are made whole when the table is put together).
      for (auto& b : builders_) {
        while (!b.absent && b.n < rows_) b.push_missing();
      }
    }
  }

  void index_columns() {
    by_column_.assign(map_.size(), nullptr);
    for (std::size_t k = 0; k < map_.size(); ++k) {
      if (map_[k] >= 0) by_column_[k] = &builders_[static_cast<std::size_t>(map_[k])];
    }
  }

  [[nodiscard]] bool seen_field(std::size_t schema_index) const noexcept {
    for (const int m : map_) {
      if (m == static_cast<int>(schema_index)) return true;
    }
    return false;
  }

  void problem(std::size_t line, std::optional<std::size_t> column, std::string field,
               std::string message) {
    if (problems_.size() >= options_.max_problems) {
      ++dropped_;
      return;
    }
    problems_.push_back({{source_, line, column}, std::move(field), std::move(message)});
  }

  const Schema& schema_;
  std::string source_;
  CsvOptions options_;
  csv_parser parser_{};
  std::vector<Builder> builders_;
  std::vector<std::string> header_;
  std::vector<int> map_;             // schema field of each header column, or -1
  std::vector<Builder*> by_column_;  // the builder of each header column, or null
  std::vector<std::size_t> lines_;   // the line of each row, when asked for
  bool header_phase_ = true;
  bool header_only_ = false;
  bool beyond_header_ = false;  // a header-only reader met a cell after the header
  bool first_block_ = true;
  std::size_t line_ = 1;
  std::size_t record_line_ = 1;
  std::size_t header_line_ = 1;
  std::size_t field_index_ = 0;
  std::size_t rows_ = 0;
  std::vector<core::Problem> problems_;
  std::size_t dropped_ = 0;
};

}  // namespace

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
std::vector<Sink> make_sinks(const Schema& schema, std::size_t rows) {
  std::vector<Sink> sinks(schema.size());
  for (std::size_t i = 0; i < schema.size(); ++i) sinks[i].allocate(schema.fields()[i], rows);
  return sinks;
}

/// Reads `text` in one pass: rows are at most its line ends (line feeds and
/// carriage returns: libcsv ends a record at either) + 1.
Table read_whole(std::string_view text, const Schema& schema, const std::string& source,
                 const CsvOptions& options) {
  const Scan ends = scan(text);
  const std::size_t rows = ends.breaks + ends.carriage_returns + 1;
  std::vector<Sink> sinks = make_sinks(schema, rows);
  Reader reader(schema, source, options);
  reader.bind(sinks, 0, rows);
  reader.feed(text);
  reader.end();
  return Reader::merge({&reader}, sinks);
}

/// Reads `text` whole; a large file whose rows hold no quote character is
/// split at line boundaries and its parts read in parallel (quoted fields may
/// hold line breaks, so such files are read in one pass; a quoted header is
/// fine). The parts first scan their lines (in parallel), so that every column
/// is allocated once and each part writes its rows straight into its slice.
Table read_text(std::string_view text, const Schema& schema, const std::string& source,
                const CsvOptions& options) {
  if (options.delimiter == '"' || options.delimiter == '\n' || options.delimiter == '\r') {
    throw core::InvalidArgument(source + ": the CSV delimiter cannot be a quote or a line break");
  }
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
  std::vector<Sink> sinks = make_sinks(schema, total);
  std::vector<std::unique_ptr<Reader>> readers;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    readers.push_back(std::make_unique<Reader>(schema, source, options));
    readers.back()->continue_after(head, first_line[k]);
    readers.back()->bind(sinks, first_row[k], rows[k]);
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

}  // namespace

Table read_csv(const std::filesystem::path& path, const Schema& schema, const CsvOptions& options) {
  const Mapped file(path);
  return read_text(file.text(), schema, path.string(), options);
}

Table parse_csv(std::string_view text, const Schema& schema, const std::string& source_name,
                const CsvOptions& options) {
  return read_text(text, schema, source_name, options);
}

std::vector<std::string> csv_header(std::string_view text, const CsvOptions& options) {
  static const Schema none;
  CsvOptions plain = options;
  plain.row_lines = nullptr;
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
  return {source_, lines_.at(row), column(field)};
}

std::pair<Table, CsvLocator> parse_csv_located(std::string_view text, const Schema& schema,
                                               const std::string& source_name, CsvOptions options) {
  std::vector<std::size_t> lines;
  options.row_lines = &lines;
  Table t = read_text(text, schema, source_name, options);
  return {std::move(t), CsvLocator(source_name, csv_header(text, options), std::move(lines))};
}

std::pair<Table, CsvLocator> read_csv_located(const std::filesystem::path& path,
                                              const Schema& schema, CsvOptions options) {
  const Mapped file(path);
  return parse_csv_located(file.text(), schema, path.string(), std::move(options));
}

std::string csv_field(std::string_view cell, char delimiter) {
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

Table read_inferred(std::string_view text, const std::string& source,
                    const std::vector<std::pair<std::string, std::string>>& declared,
                    const CsvOptions& options) {
  std::vector<std::pair<std::string, std::string>> as_text;
  for (auto& name : csv_header(text, options)) as_text.emplace_back(std::move(name), "string");
  CsvOptions first = options;
  first.row_lines = nullptr;
  const Table raw = read_text(text, Schema::parse(as_text), source, first);
  std::vector<std::pair<std::string, std::string>> typed;
  for (std::size_t k = 0; k < as_text.size(); ++k) {
    const auto d = std::find_if(declared.begin(), declared.end(),
                                [&](const auto& p) { return p.first == as_text[k].first; });
    typed.emplace_back(as_text[k].first, d != declared.end()
                                             ? d->second
                                             : std::string(to_string(infer_type(raw.column(k)))));
  }
  return read_text(text, Schema::parse(typed), source, options);
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
