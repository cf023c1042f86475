// The CSV reader's state (private to csv.cpp): libcsv tokenises one part of
// a text (or all of it); the reader tracks lines, matches the header to the
// schema, hands each cell to its column's builder and collects located
// problems.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "csv_cells.hpp"
#include <csv.h>
#include <project8/core/text.hpp>

namespace project8::data::detail {

/// The state libcsv's callbacks work on: one part of the text (or all of it).
class Reader {
 public:
  Reader(const Schema& schema, std::string source, const CsvOptions& options)
      : schema_(&schema), source_(std::move(source)), options_(options) {
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

  /// Writes its rows into rows [first, first + rows) of `sinks` (one per
  /// field; a field the header adds through CsvOptions::extra_field gets its
  /// sink, for `capacity` rows, when the header is read).
  void bind(Sinks& sinks, std::size_t first, std::size_t rows, std::size_t capacity) {
    sinks_ = &sinks;
    bound_first_ = first;
    bound_rows_ = rows;
    capacity_ = capacity;
    for (std::size_t i = 0; i < builders_.size(); ++i) builders_[i].bind(sinks[i], first, rows);
  }
  /// The fields it reads: the schema's, then those the header added.
  [[nodiscard]] const Schema& schema() const noexcept { return *schema_; }

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
    const char delim = options_.source.delimiter;
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
  static Table merge(const std::vector<Reader*>& parts, Sinks& sinks) {
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
    if (first.options_.header != nullptr) *first.options_.header = first.header_;
    if (first.options_.notes != nullptr) {
      for (std::size_t i = 0; i < first.builders_.size(); ++i) {
        std::size_t other = 0;
        for (const Reader* r : parts) other += r->builders_[i].other_forms;
        if (other > 0)
          first.options_.notes->other_forms.emplace_back(first.builders_[i].field->name, other);
      }
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
    return Table(*first.schema_, std::move(columns));
  }

 private:
  void init_parser() {
    if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
      throw core::Error("cannot initialise the CSV parser");
    }
    csv_set_delim(&parser_, static_cast<unsigned char>(options_.source.delimiter));
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
      add_extra_fields();
      map_.assign(header_.size(), -1);
      // Linear in the header's width (hash sets, not pairs): a file of a
      // million columns is refused as fast as it is read.
      std::unordered_map<std::string_view, std::size_t> first;
      first.reserve(header_.size());
      std::vector<char> seen(schema_->size(), 0);
      for (std::size_t k = 0; k < header_.size(); ++k) {
        if (const auto [at, fresh] = first.emplace(header_[k], k); !fresh) {
          problem(header_line_, k + 1, header_[k],
                  "a column name that appears once (it also is column " +
                      std::to_string(at->second + 1) + ")");
        }
        if (const auto i = schema_->index_of(header_[k]); i && seen[*i] == 0) {
          map_[k] = static_cast<int>(*i);
          seen[*i] = 1;
        }
      }
      if (!header_only_) index_columns();  // a header-only reader keeps no cell
      for (std::size_t i = 0; i < schema_->size(); ++i) {
        builders_[i].absent = seen[i] == 0;
        const auto& optional = options_.optional_fields;
        if (builders_[i].absent && std::find(optional.begin(), optional.end(),
                                             schema_->fields()[i].name) == optional.end()) {
          problem(header_line_, std::nullopt, schema_->fields()[i].name,
                  "a column named '" + schema_->fields()[i].name + "' (" +
                      schema_->fields()[i].type_name() + ")");
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

  void problem(std::size_t line, std::optional<std::size_t> column, std::string field,
               std::string message) {
    if (problems_.size() >= options_.max_problems) {
      ++dropped_;
      return;
    }
    problems_.push_back({{source_, line, column}, std::move(field), std::move(message)});
  }

  /// Adds the fields CsvOptions::extra_field gives for header columns the
  /// schema lacks (before any cell is read): a schema of its own, a builder
  /// and, when bound, a sink each.
  void add_extra_fields() {
    if (!options_.extra_field) return;
    std::vector<Field> fields = schema_->fields();
    const std::size_t known = fields.size();
    std::unordered_set<std::string_view> added;  // views into header_, which outlives this
    for (const auto& name : header_) {
      if (schema_->index_of(name)) continue;
      if (!added.insert(name).second)
        continue;  // a repeated name is reported as such; it is one field here
      if (auto f = options_.extra_field(name)) {
        f->name = name;
        fields.push_back(std::move(*f));
      }
    }
    if (fields.size() == known) return;
    own_schema_ = std::make_shared<const Schema>(std::move(fields));
    schema_ = own_schema_.get();
    builders_.resize(schema_->size());
    for (std::size_t i = 0; i < schema_->size(); ++i) {
      builders_[i].field = &schema_->fields()[i];
      builders_[i].type = schema_->fields()[i].type;
      if (i >= known) builders_[i].index_categories();
    }
    if (sinks_ == nullptr) return;
    for (std::size_t i = known; i < schema_->size(); ++i) {
      sinks_->emplace_back().allocate(schema_->fields()[i], capacity_);
      builders_[i].bind((*sinks_)[i], bound_first_, bound_rows_);
    }
  }

  const Schema* schema_;
  std::shared_ptr<const Schema> own_schema_;  // when the header added fields
  Sinks* sinks_ = nullptr;
  std::size_t bound_first_ = 0;
  std::size_t bound_rows_ = 0;
  std::size_t capacity_ = 0;
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

}  // namespace project8::data::detail
