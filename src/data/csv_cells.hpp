// CSV cells into columns (private to csv.cpp): trimming and converting one
// cell by its field's type, and the memory a column is written into — once,
// with room for every row, each part of a file read in parallel filling its
// own slice.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "civil.hpp"
#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/data/cells.hpp>
#include <project8/data/csv.hpp>

namespace project8::data::detail {

[[gnu::always_inline]] inline std::string_view trim(std::string_view s) noexcept {
  // Most cells neither start nor end with a space, tab or carriage return (bytes
  // of UTF-8 sequences are negative as char and take the loops below).
  if (s.empty() || (s.front() > ' ' && s.back() > ' ')) return s;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

/// Parses `YYYY-MM-DD` into days since 1970-01-01; nullopt when not a real day.
inline std::optional<std::int64_t> parse_iso_days(std::string_view s) noexcept {
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
inline std::size_t value_width(ColumnType type) noexcept {
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

/// The sinks of a table's fields; a deque, so that a field the header adds
/// gets its sink without moving the others (builders point into them).
using Sinks = std::deque<Sink>;

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
  /// Cells read in a form other than the plain one (a day written day first, a
  /// boolean written as a word): what ReadNotes reports.
  std::size_t other_forms = 0;
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
        else if (const auto word = parse_bool_cell(s)) {
          v = *word ? 1 : 0;
          ++other_forms;
        } else
          return kBoolCellForms.data();
        u8[i] = v;
        break;
      }
      case ColumnType::integer: {
        if (const char* expected = parse_integer(s, i64[i])) return expected;
        break;
      }
      case ColumnType::date: {
        if (const auto days = parse_iso_days(s)) {
          i64[i] = *days;
        } else if (const std::int64_t day_first = parse_day_first(s); day_first >= 0) {
          i64[i] = day_first;
          ++other_forms;
        } else {
          return kDayCellForms.data();
        }
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

}  // namespace project8::data::detail
