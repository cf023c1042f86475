// Tables through the Arrow C Data Interface (see data/arrow.hpp): reading a
// producer's record batches into columns of the types a schema asks for, and
// handing the library's columns out the same way.
#include "project8/data/arrow.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../core/parallel.hpp"
#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/data/cells.hpp>

namespace project8::data {

namespace {

// ---------------------------------------------------------------- bits

// Byte b → eight bytes, the k-th holding bit k of b (a little-endian word).
constexpr std::array<std::uint64_t, 256> kUnpack = [] {
  std::array<std::uint64_t, 256> t{};
  for (std::size_t b = 0; b < 256; ++b) {
    for (std::size_t k = 0; k < 8; ++k) t[b] |= std::uint64_t{(b >> k) & 1U} << (8 * k);
  }
  return t;
}();

bool bit(const void* bits, std::int64_t i) noexcept {
  return ((static_cast<const std::uint8_t*>(bits)[i >> 3] >> (i & 7)) & 1U) != 0;
}

/// Bits [first, first + n) of `bits` as bytes 0/1 in `out`.
void unpack_bits(const void* bits, std::int64_t first, std::size_t n, std::uint8_t* out) {
  std::size_t i = 0;
  for (; i < n && ((first + static_cast<std::int64_t>(i)) & 7) != 0; ++i) {
    out[i] = bit(bits, first + static_cast<std::int64_t>(i)) ? 1 : 0;
  }
  const auto* bytes =
      static_cast<const std::uint8_t*>(bits) + ((first + static_cast<std::int64_t>(i)) >> 3);
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + 8 <= n; i += 8) std::memcpy(out + i, &kUnpack[*bytes++], 8);
  }
  for (; i < n; ++i) out[i] = bit(bits, first + static_cast<std::int64_t>(i)) ? 1 : 0;
}

/// Bytes (nonzero = set) packed to bits; the number of zero bytes in `zeros`.
std::vector<std::uint8_t> pack_bits(const std::uint8_t* bytes, std::size_t n, std::size_t& zeros) {
  std::vector<std::uint8_t> bits((n + 7) / 8, 0);
  std::size_t set = 0;
  std::size_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + 8 <= n; i += 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, bytes + i, 8);
      // Each byte to 0 or 1 (its high bit: nonzero), then the eight gathered
      // into the top byte by one multiplication.
      const std::uint64_t high =
          (((w & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | w) & 0x8080808080808080ULL;
      const std::uint64_t ones = high >> 7;
      bits[i >> 3] = static_cast<std::uint8_t>((ones * 0x0102040810204080ULL) >> 56);
      set += static_cast<std::size_t>(std::popcount(ones));
    }
  }
  for (; i < n; ++i) {
    const bool on = bytes[i] != 0;
    bits[i >> 3] |= static_cast<std::uint8_t>(on ? 1U << (i & 7) : 0U);
    set += on ? 1 : 0;
  }
  zeros = n - set;
  return bits;
}

// ---------------------------------------------------------------- import

/// Keeps the producer's structures alive while any column borrows from them,
/// with what the import made (masks, offsets).
struct Keep {
  std::shared_ptr<const void> table;
  std::vector<std::uint8_t> mask;
  std::vector<std::int64_t> offsets;
};

/// A column's part in one batch: elements [first, first + n) of `array`,
/// rows from `row0` of the whole table.
struct Piece {
  const ArrowSchema* schema = nullptr;
  const ArrowArray* array = nullptr;
  std::int64_t first = 0;
  std::size_t n = 0;
  std::size_t row0 = 0;
};

/// A readable name for an Arrow format string.
std::string type_name(std::string_view f) {
  static const std::pair<std::string_view, std::string_view> names[] = {
      {"n", "null"},     {"b", "bool"},       {"c", "int8"},         {"C", "uint8"},
      {"s", "int16"},    {"S", "uint16"},     {"i", "int32"},        {"I", "uint32"},
      {"l", "int64"},    {"L", "uint64"},     {"e", "float16"},      {"f", "float"},
      {"g", "double"},   {"z", "binary"},     {"Z", "large binary"}, {"vz", "binary view"},
      {"u", "utf8"},     {"U", "large utf8"}, {"vu", "utf8 view"},   {"tdD", "date32"},
      {"tdm", "date64"}, {"+s", "struct"},    {"+l", "list"},        {"+L", "large list"}};
  for (const auto& [code, name] : names) {
    if (code == f) return std::string(name);
  }
  if (f.starts_with("ts")) return "timestamp";
  if (f.starts_with("d:")) return "decimal";
  return "'" + std::string(f) + "'";
}

[[noreturn]] void bad_value(const Field& field, std::size_t row, std::string what) {
  throw core::ValidationError(
      std::vector<core::Problem>{core::Problem{{}, field.name, std::move(what), row}});
}

[[noreturn]] void bad_type(const Field& field, std::string_view format,
                           std::string_view hint = {}) {
  std::string msg = "column '" + field.name + "': Arrow type " + type_name(format) +
                    " cannot be read as " + field.type_name();
  if (!hint.empty()) msg += " (" + std::string(hint) + ")";
  throw core::InvalidArgument(msg);
}

[[noreturn]] void malformed(const Field& field, const std::string& what) {
  throw core::InvalidArgument("column '" + field.name + "': malformed Arrow data: " + what);
}

bool has_nulls(const ArrowArray& a) noexcept {
  return a.null_count != 0 && a.buffers[0] != nullptr;
}

bool is_null(const Piece& p, std::size_t i) noexcept {
  return has_nulls(*p.array) && !bit(p.array->buffers[0], p.first + static_cast<std::int64_t>(i));
}

/// The piece's validity as one byte per row, empty when no value is missing.
std::vector<std::uint8_t> validity(const Piece& p) {
  if (!has_nulls(*p.array)) return {};
  std::vector<std::uint8_t> valid(p.n);
  unpack_bits(p.array->buffers[0], p.first, p.n, valid.data());
  if (std::all_of(valid.begin(), valid.end(), [](std::uint8_t v) { return v != 0; })) return {};
  return valid;
}

void need_buffers(const Field& field, const ArrowArray& a, std::int64_t n) {
  if (a.n_buffers < n) malformed(field, "too few buffers");
  for (std::int64_t k = 1; k < n; ++k) {
    if (a.buffers[k] == nullptr && a.length > 0) malformed(field, "a buffer is missing");
  }
}

/// True when a text view's bytes lie within its variadic buffer, whose sizes
/// the array's last buffer gives (the C Data Interface's one record of a
/// buffer's size).
bool view_fits(const ArrowArray& a, std::int64_t variadic, std::int32_t index, std::int32_t offset,
               std::int64_t len) noexcept {
  if (index < 0 || index >= variadic || offset < 0) return false;
  const auto* sizes = static_cast<const std::int64_t*>(a.buffers[a.n_buffers - 1]);
  return sizes != nullptr && std::int64_t{offset} + len <= sizes[index];
}

/// Reads texts of a utf8, large utf8 or utf8 view array.
class Texts {
 public:
  Texts(const Field& field, const ArrowSchema& s, const ArrowArray& a) : a_(a) {
    const std::string_view f = s.format;
    kind_ = f == "u" ? 1 : f == "U" ? 2 : f == "vu" ? 3 : 0;
    if (kind_ == 0) return;
    if (a.n_buffers < 3) malformed(field, "too few buffers for texts");
    need_buffers(field, a, 2);  // the bytes of texts all empty may be absent
    if (kind_ == 3) variadic_ = a.n_buffers - 3;
  }
  [[nodiscard]] bool ok() const noexcept { return kind_ != 0; }
  /// Text at physical index `k`; nullopt when malformed.
  [[nodiscard]] std::optional<std::string_view> at(std::int64_t k) const noexcept {
    if (a_.length == 0) return std::string_view{};
    const auto* data = static_cast<const char*>(a_.buffers[2]);
    if (kind_ == 1 || kind_ == 2) {
      const std::int64_t from = kind_ == 1 ? static_cast<const std::int32_t*>(a_.buffers[1])[k]
                                           : static_cast<const std::int64_t*>(a_.buffers[1])[k];
      const std::int64_t to = kind_ == 1 ? static_cast<const std::int32_t*>(a_.buffers[1])[k + 1]
                                         : static_cast<const std::int64_t*>(a_.buffers[1])[k + 1];
      if (from < 0 || to < from || (data == nullptr && to != from)) return std::nullopt;
      if (to == from) return std::string_view{};
      return std::string_view(data + from, static_cast<std::size_t>(to - from));
    }
    const auto* view = static_cast<const std::uint8_t*>(a_.buffers[1]) + 16 * k;
    std::int32_t len = 0;
    std::memcpy(&len, view, 4);
    if (len < 0) return std::nullopt;
    if (len <= 12)
      return std::string_view(reinterpret_cast<const char*>(view + 4),
                              static_cast<std::size_t>(len));
    std::int32_t index = 0;
    std::int32_t offset = 0;
    std::memcpy(&index, view + 8, 4);
    std::memcpy(&offset, view + 12, 4);
    if (!view_fits(a_, variadic_, index, offset, len)) return std::nullopt;
    const auto* buffer = static_cast<const char*>(a_.buffers[2 + index]);
    return std::string_view(buffer + offset, static_cast<std::size_t>(len));
  }

 private:
  const ArrowArray& a_;
  int kind_ = 0;
  std::int64_t variadic_ = 0;
};

/// A text of piece row `i`, or nullopt when missing; malformed data throws.
std::optional<std::string_view> text_at(const Field& field, const Piece& p, const Texts& t,
                                        std::size_t i) {
  if (is_null(p, i)) return std::nullopt;
  const auto v = t.at(p.first + static_cast<std::int64_t>(i));
  if (!v) malformed(field, "text offsets out of order at row " + std::to_string(p.row0 + i));
  return v;
}

/// Integer of physical index `k` of an integer array of format `f`, as int64
/// (uint64 beyond int64 gives nullopt).
template <class T>
T load(const void* values, std::int64_t k) noexcept {
  T v;
  std::memcpy(&v, static_cast<const char*>(values) + sizeof(T) * static_cast<std::size_t>(k),
              sizeof(T));
  return v;
}

bool is_integer_format(std::string_view f) noexcept {
  return f.size() == 1 && std::string_view("cCsSiIlL").find(f[0]) != std::string_view::npos;
}

/// Value of an integer array at physical index `k`; nullopt beyond int64.
std::optional<std::int64_t> integer_at(char f, const void* values, std::int64_t k) noexcept {
  switch (f) {
    case 'c':
      return load<std::int8_t>(values, k);
    case 'C':
      return load<std::uint8_t>(values, k);
    case 's':
      return load<std::int16_t>(values, k);
    case 'S':
      return load<std::uint16_t>(values, k);
    case 'i':
      return load<std::int32_t>(values, k);
    case 'I':
      return load<std::uint32_t>(values, k);
    case 'l':
      return load<std::int64_t>(values, k);
    default: {
      const auto u = load<std::uint64_t>(values, k);
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return std::nullopt;
      return static_cast<std::int64_t>(u);
    }
  }
}

std::shared_ptr<const void> keeping(const std::shared_ptr<const void>& table, Keep extra) {
  extra.table = table;
  return std::make_shared<const Keep>(std::move(extra));
}

/// Each row's text read by `parse` (a value, or nullopt for an error saying
/// `expected`) into `out`; an empty or missing text is a missing value.
template <class T, class Parse>
void read_texts(const Field& field, const Piece& p, const Texts& t,
                std::vector<std::uint8_t>& valid, T* out, const Parse& parse,
                const std::string& expected) {
  for (std::size_t i = 0; i < p.n; ++i) {
    const auto text = text_at(field, p, t, i);
    if (!text || text->empty()) {
      if (valid.empty()) valid.assign(p.n, 1);
      valid[i] = 0;
      continue;
    }
    const auto v = parse(*text);
    if (!v) bad_value(field, p.row0 + i, expected);
    out[i] = static_cast<T>(*v);
  }
}

Column read_integers(const Field& field, const Piece& p, const std::shared_ptr<const void>& table) {
  const std::string_view f = p.schema->format;
  const ArrowArray& a = *p.array;
  if (f == "l") {
    need_buffers(field, a, 2);
    Keep keep;
    keep.mask = validity(p);
    const auto* values = static_cast<const std::int64_t*>(a.buffers[1]) + p.first;
    auto owner = keeping(table, std::move(keep));
    const auto& kept = static_cast<const Keep*>(owner.get())->mask;
    return Column::borrow(ColumnType::integer, p.n == 0 ? nullptr : values, p.n,
                          kept.empty() ? nullptr : kept.data(), owner);
  }
  std::vector<std::int64_t> out(p.n, 0);
  auto valid = validity(p);
  if (is_integer_format(f)) {
    need_buffers(field, a, 2);
    for (std::size_t i = 0; i < p.n; ++i) {
      if (!valid.empty() && valid[i] == 0) continue;
      const auto v = integer_at(f[0], a.buffers[1], p.first + static_cast<std::int64_t>(i));
      if (!v)
        bad_value(field, p.row0 + i,
                  "an integer within int64 was expected, found one out of range");
      out[i] = *v;
    }
  } else if (f == "f" || f == "g") {
    need_buffers(field, a, 2);
    for (std::size_t i = 0; i < p.n; ++i) {
      if (!valid.empty() && valid[i] == 0) continue;
      const std::int64_t k = p.first + static_cast<std::int64_t>(i);
      const double v = f == "g" ? load<double>(a.buffers[1], k) : load<float>(a.buffers[1], k);
      if (std::isnan(v)) {  // NaN in a float column: pandas' missing value
        if (valid.empty()) valid.assign(p.n, 1);
        valid[i] = 0;
        continue;
      }
      if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) >= 9223372036854775808.0) {
        bad_value(field, p.row0 + i,
                  "an integer within int64 was expected, found a fraction, an infinity or a "
                  "number out of range");
      }
      out[i] = static_cast<std::int64_t>(v);
    }
  } else {
    bad_type(field, f);
  }
  return Column::integers(std::move(out), std::move(valid));
}

Column read_booleans(const Field& field, const Piece& p) {
  const std::string_view f = p.schema->format;
  const ArrowArray& a = *p.array;
  auto valid = validity(p);
  std::vector<std::uint8_t> out(p.n, 0);
  const auto expected = "true or false was expected (" + std::string(kBoolCellForms) + ")";
  if (f == "b") {
    need_buffers(field, a, 2);
    if (p.n > 0) unpack_bits(a.buffers[1], p.first, p.n, out.data());
  } else if (is_integer_format(f)) {
    need_buffers(field, a, 2);
    for (std::size_t i = 0; i < p.n; ++i) {
      if (!valid.empty() && valid[i] == 0) continue;
      const auto v = integer_at(f[0], a.buffers[1], p.first + static_cast<std::int64_t>(i));
      if (!v || (*v != 0 && *v != 1)) bad_value(field, p.row0 + i, expected + ", found a number");
      out[i] = static_cast<std::uint8_t>(*v);
    }
  } else if (Texts t(field, *p.schema, a); t.ok()) {
    read_texts(field, p, t, valid, out.data(), parse_bool_cell, expected);
  } else {
    bad_type(field, f);
  }
  return Column::booleans(std::move(out), std::move(valid));
}

Column read_dates(const Field& field, const Piece& p) {
  const std::string_view f = p.schema->format;
  const ArrowArray& a = *p.array;
  auto valid = validity(p);
  std::vector<std::int64_t> out(p.n, 0);
  auto present = [&](std::size_t i) { return valid.empty() || valid[i] != 0; };
  std::int64_t per_day = 0;
  if (f == "tdD") {
    need_buffers(field, a, 2);
    const auto* days = static_cast<const std::int32_t*>(a.buffers[1]) + p.first;
    for (std::size_t i = 0; i < p.n; ++i) out[i] = days[i];
    return Column::dates(std::move(out), std::move(valid));
  }
  if (f == "tdm") {
    per_day = 86'400'000;
  } else if (f.size() >= 4 && f.starts_with("ts") && f[3] == ':') {
    if (f.size() > 4) {
      bad_type(field, f, "a timestamp with a time zone: convert it to dates first");
    }
    switch (f[2]) {
      case 's':
        per_day = 86'400;
        break;
      case 'm':
        per_day = 86'400'000;
        break;
      case 'u':
        per_day = 86'400'000'000;
        break;
      case 'n':
        per_day = 86'400'000'000'000;
        break;
      default:
        bad_type(field, f);
    }
  }
  if (per_day != 0) {
    need_buffers(field, a, 2);
    const auto* moments = static_cast<const std::int64_t*>(a.buffers[1]) + p.first;
    for (std::size_t i = 0; i < p.n; ++i) {
      if (!present(i)) continue;
      const std::int64_t v = moments[i];
      const std::int64_t r = v % per_day;
      if (r != 0) {
        bad_value(field, p.row0 + i, "a date was expected, found a moment with a time of day");
      }
      out[i] = v / per_day;
    }
    return Column::dates(std::move(out), std::move(valid));
  }
  Texts t(field, *p.schema, a);
  if (!t.ok()) bad_type(field, f);
  read_texts(field, p, t, valid, out.data(), parse_day_cell,
             "a date was expected, " + std::string(kDayCellForms));
  return Column::dates(std::move(out), std::move(valid));
}

/// The category index of `text` among `field`'s categories (NFC), or -2.
std::int32_t category_of(const Field& field, std::string_view text) {
  if (auto i = field.category_index(text)) return *i;
  if (std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; })) {
    if (auto i = field.category_index(core::nfc(text))) return *i;
  }
  return -2;
}

std::string not_a_category(const Field& field) {
  std::string all;
  for (const auto& c : field.categories) all += (all.empty() ? "" : ", ") + c;
  return "a value that is not one of " + all;
}

/// The remap of codes of type `Code` through `map` (see read_codes()): the
/// first row whose code is out of the dictionary or names no category, or
/// nullopt. Rows under `valid` zero are skipped; a missing dictionary entry
/// makes its rows missing.
template <class Code>
std::optional<std::size_t> remap(const Code* codes, std::size_t n,
                                 const std::vector<std::int32_t>& map,
                                 std::vector<std::uint8_t>& valid, std::int32_t* out) {
  const auto entries = static_cast<std::uint64_t>(map.size());
  const bool all_present = valid.empty();
  // Millions of rows are shared among the cores; each part finds its first
  // code beyond the dictionary and the smallest mapped value (negative when a
  // row is no category, or its entry is missing).
  const std::size_t parts = n >= (std::size_t{1} << 20)
                                ? std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8)
                                : 1;
  std::vector<std::optional<std::size_t>> beyond(parts);
  std::vector<std::int32_t> worst(parts, 0);
  core::detail::in_parallel(parts, [&](std::size_t k) {
    const std::size_t from = n * k / parts;
    const std::size_t to = n * (k + 1) / parts;
    std::int32_t low = 0;
    for (std::size_t i = from; i < to; ++i) {
      if (!all_present && valid[i] == 0) {
        out[i] = 0;
        continue;
      }
      const auto code =
          static_cast<std::uint64_t>(static_cast<std::make_unsigned_t<Code>>(codes[i]));
      if (code >= entries) {  // negative codes too (read unsigned)
        beyond[k] = i;
        return;
      }
      const std::int32_t m = map[code];
      low = std::min(low, m);
      out[i] = m;
    }
    worst[k] = low;
  });
  for (const auto& b : beyond) {
    if (b) return b;
  }
  const std::int32_t low = *std::min_element(worst.begin(), worst.end());
  if (low == -2) {
    for (std::size_t k = 0; k < n; ++k) {
      if ((all_present || valid[k] != 0) && out[k] == -2) return k;
    }
  }
  if (low == -1) {  // rows whose dictionary entry is missing
    if (valid.empty()) valid.assign(n, 1);
    for (std::size_t k = 0; k < n; ++k) {
      if (valid[k] != 0 && out[k] == -1) {
        valid[k] = 0;
        out[k] = 0;
      }
    }
  }
  return std::nullopt;
}

/// The first row present (under `valid`, empty: all) whose code is not
/// below `entries` (negative signed codes read as large unsigned ones).
template <class Code>
std::optional<std::size_t> first_beyond(const Code* codes, std::size_t n,
                                        const std::vector<std::uint8_t>& valid,
                                        std::size_t entries) {
  Code top = 0;
  if (valid.empty()) {
    for (std::size_t i = 0; i < n; ++i) top = std::max(top, codes[i]);
  } else {
    for (std::size_t i = 0; i < n; ++i) top = std::max(top, valid[i] != 0 ? codes[i] : Code{0});
  }
  if (n == 0 || static_cast<std::size_t>(top) < entries) return std::nullopt;
  for (std::size_t i = 0; i < n; ++i) {
    if ((valid.empty() || valid[i] != 0) && static_cast<std::size_t>(codes[i]) >= entries) return i;
  }
  return std::nullopt;
}

/// An enumeration from integer codes into a dictionary whose entry j is the
/// category `map[j]` (-1: a missing entry; -2: not one of the field's
/// categories, an error only for a row that uses it). Codes are borrowed when
/// the dictionary is the field's categories in order and they are 1, 2 or 4
/// bytes wide (unsigned ones read the same as signed below the signed limit).
Column read_codes(const Field& field, const Piece& p, const std::vector<std::int32_t>& map,
                  const std::shared_ptr<const void>& table) {
  const std::string_view f = p.schema->format;
  const ArrowArray& a = *p.array;
  if (!is_integer_format(f)) bad_type(field, f, "integer codes were expected");
  need_buffers(field, a, 2);
  const std::size_t entries = map.size();
  // The dictionary starts with the field's categories in order (polars'
  // categories may hold other texts after them): codes below that are borrowed
  // as they are, when every row's code is.
  std::size_t same = 0;
  while (same < entries && same < field.categories.size() &&
         map[same] == static_cast<std::int32_t>(same))
    ++same;
  const char w = f[0];
  const std::size_t width = (w == 'c' || w == 'C')   ? 1
                            : (w == 's' || w == 'S') ? 2
                            : (w == 'i' || w == 'I') ? 4
                                                     : 8;
  const bool fits_signed = (w == 'c' || w == 's' || w == 'i') ||
                           (width < 8 && entries <= (std::size_t{1} << (8 * width - 1)));
  const char* codes =
      static_cast<const char*>(a.buffers[1]) + width * static_cast<std::size_t>(p.first);
  if (same > 0 && width <= 4 && fits_signed) {
    Keep keep;
    keep.mask = validity(p);
    const std::vector<std::uint8_t>& v = keep.mask;
    const std::optional<std::size_t> beyond =
        width == 1   ? first_beyond(reinterpret_cast<const std::uint8_t*>(codes), p.n, v, same)
        : width == 2 ? first_beyond(reinterpret_cast<const std::uint16_t*>(codes), p.n, v, same)
                     : first_beyond(reinterpret_cast<const std::uint32_t*>(codes), p.n, v, same);
    if (!beyond) {
      auto owner = keeping(table, std::move(keep));
      const auto& kept = static_cast<const Keep*>(owner.get())->mask;
      return Column::borrow(ColumnType::enumeration, p.n == 0 ? nullptr : codes, p.n,
                            kept.empty() ? nullptr : kept.data(), owner, width);
    }
  }
  auto valid = validity(p);
  std::vector<std::int32_t> out(p.n, 0);
  std::optional<std::size_t> bad;
  switch (width) {
    case 1:
      bad = remap(reinterpret_cast<const std::int8_t*>(codes), p.n, map, valid, out.data());
      break;
    case 2:
      bad = remap(reinterpret_cast<const std::int16_t*>(codes), p.n, map, valid, out.data());
      break;
    case 4:
      bad = remap(reinterpret_cast<const std::int32_t*>(codes), p.n, map, valid, out.data());
      break;
    default:
      bad = remap(reinterpret_cast<const std::int64_t*>(codes), p.n, map, valid, out.data());
      break;
  }
  if (bad) {
    const auto code = integer_at(w, a.buffers[1], p.first + static_cast<std::int64_t>(*bad));
    if (!code || *code < 0 || static_cast<std::size_t>(*code) >= entries) {
      malformed(field, "a dictionary code out of range at row " + std::to_string(p.row0 + *bad));
    }
    bad_value(field, p.row0 + *bad, not_a_category(field));
  }
  return Column::enumeration(std::move(out), std::move(valid));
}

Column read_enumeration(const Field& field, const Piece& p,
                        const std::shared_ptr<const void>& table) {
  const std::string_view f = p.schema->format;
  const ArrowArray& a = *p.array;
  if (p.schema->dictionary != nullptr) {
    if (a.dictionary == nullptr) malformed(field, "a dictionary type without its dictionary");
    const ArrowSchema& ds = *p.schema->dictionary;
    const ArrowArray& da = *a.dictionary;
    Texts t(field, ds, da);
    if (!t.ok()) bad_type(field, ds.format, "a dictionary of texts was expected");
    std::vector<std::int32_t> map(static_cast<std::size_t>(std::max<std::int64_t>(da.length, 0)));
    for (std::size_t j = 0; j < map.size(); ++j) {
      const auto k = da.offset + static_cast<std::int64_t>(j);
      if (has_nulls(da) && !bit(da.buffers[0], k)) {
        map[j] = -1;
      } else {
        const auto text = t.at(k);
        if (!text) malformed(field, "dictionary text offsets out of order");
        map[j] = category_of(field, *text);
      }
    }
    return read_codes(field, p, map, table);
  }
  Texts t(field, *p.schema, a);
  if (!t.ok()) bad_type(field, f);
  auto valid = validity(p);
  std::vector<std::int32_t> out(p.n, 0);
  auto category = [&](std::string_view text) -> std::optional<std::int32_t> {
    const std::int32_t m = category_of(field, text);
    return m < 0 ? std::nullopt : std::optional<std::int32_t>(m);
  };
  read_texts(field, p, t, valid, out.data(), category, not_a_category(field));
  return Column::enumeration(std::move(out), std::move(valid));
}

Column read_strings(const Field& field, const Piece& p, const std::shared_ptr<const void>& table) {
  const std::string_view f = p.schema->format;
  const ArrowArray& a = *p.array;
  Texts t(field, *p.schema, a);
  if (!t.ok()) bad_type(field, f);
  Keep keep;
  keep.mask = validity(p);
  auto check_utf8 = [&](std::string_view bytes) {
    if (const auto bad = core::first_invalid_utf8(bytes)) {
      // The row holding the bad byte is found only for the message.
      for (std::size_t i = 0; i < p.n; ++i) {
        const auto text = t.at(p.first + static_cast<std::int64_t>(i));
        if (text && !core::is_valid_utf8(*text))
          bad_value(field, p.row0 + i, "a text that is not valid UTF-8");
      }
      malformed(field, "bytes that are not UTF-8 between the texts");
    }
  };
  if (f == "u" || f == "U") {
    const char* data = static_cast<const char*>(a.buffers[2]);
    std::int64_t base = 0;
    std::int64_t last = 0;
    keep.offsets.resize(p.n + 1);
    const bool large = f == "U";
    // Large texts whose offsets start at 0 are borrowed as they are; others
    // (utf8's four-byte offsets, a slice) get offsets of their own.
    const std::int64_t* borrowed = nullptr;
    auto scan = [&](const auto* o) {  // the piece's n + 1 offsets
      base = o[0];
      if (base < 0) malformed(field, "a negative text offset");
      if constexpr (sizeof(*o) == 8) {
        if (base == 0) borrowed = o;
      }
      bool ordered = true;
      for (std::size_t i = 0; i < p.n; ++i) ordered &= o[i + 1] >= o[i];
      if (!ordered) malformed(field, "text offsets out of order");
      last = o[p.n];
      if (borrowed == nullptr) {
        keep.offsets.resize(p.n + 1);
        for (std::size_t i = 0; i <= p.n; ++i) keep.offsets[i] = o[i] - base;
      }
    };
    if (p.n == 0) {
      keep.offsets.assign(1, 0);
    } else if (large) {
      scan(static_cast<const std::int64_t*>(a.buffers[1]) + p.first);
    } else {
      scan(static_cast<const std::int32_t*>(a.buffers[1]) + p.first);
    }
    if (data == nullptr && last != base) malformed(field, "texts without their bytes");
    check_utf8(std::string_view(data == nullptr ? "" : data + base,
                                static_cast<std::size_t>(last - base)));
    static const char kEmpty = 0;
    const char* bytes = data == nullptr ? &kEmpty : data + base;
    auto owner = keeping(table, std::move(keep));
    const auto& k = *static_cast<const Keep*>(owner.get());
    return Column::adopt(ColumnType::string, borrowed != nullptr ? borrowed : k.offsets.data(), p.n,
                         k.mask.empty() ? nullptr : k.mask.data(), owner, bytes);
  }
  // Views: their lengths first, then their texts gathered.
  std::vector<std::int64_t> offsets(p.n + 1, 0);
  const auto* views =
      static_cast<const std::uint8_t*>(a.buffers[1]) + 16 * static_cast<std::size_t>(p.first);
  const bool nulls = has_nulls(a);
  for (std::size_t i = 0; i < p.n; ++i) {
    std::int32_t len = 0;
    if (!nulls || !is_null(p, i)) std::memcpy(&len, views + 16 * i, 4);
    if (len < 0) malformed(field, "a negative text length at row " + std::to_string(p.row0 + i));
    offsets[i + 1] = offsets[i] + len;
  }
  std::string bytes(static_cast<std::size_t>(offsets[p.n]), '\0');
  const std::int64_t variadic = a.n_buffers - 3;
  for (std::size_t i = 0; i < p.n; ++i) {
    const auto len = static_cast<std::size_t>(offsets[i + 1] - offsets[i]);
    if (len == 0) continue;
    const std::uint8_t* view = views + 16 * i;
    const char* from = reinterpret_cast<const char*>(view + 4);
    if (len > 12) {
      std::int32_t index = 0;
      std::int32_t offset = 0;
      std::memcpy(&index, view + 8, 4);
      std::memcpy(&offset, view + 12, 4);
      if (!view_fits(a, variadic, index, offset, static_cast<std::int64_t>(len))) {
        malformed(field, "a text view out of its buffers at row " + std::to_string(p.row0 + i));
      }
      from = static_cast<const char*>(a.buffers[2 + index]) + offset;
    }
    std::memcpy(bytes.data() + offsets[i], from, len);
  }
  check_utf8(bytes);
  return Column::strings(std::move(offsets), std::move(bytes), std::move(keep.mask));
}

/// A dictionary of texts read for a field that is not an enumeration (a
/// pandas or polars categorical feeding a text, boolean or date input): each
/// row's text is looked up, then read as that field reads texts.
Column read_dictionary_texts(const Field& field, const Piece& p) {
  const ArrowArray& a = *p.array;
  const std::string_view f = p.schema->format;
  if (!is_integer_format(f) || a.dictionary == nullptr)
    malformed(field, "a dictionary without codes");
  need_buffers(field, a, 2);
  const ArrowArray& da = *a.dictionary;
  Texts t(field, *p.schema->dictionary, da);
  if (!t.ok() || field.type == ColumnType::integer) bad_type(field, p.schema->dictionary->format);
  const auto entries = static_cast<std::uint64_t>(std::max<std::int64_t>(da.length, 0));
  std::vector<std::int64_t> offsets(p.n + 1, 0);
  std::string bytes;
  std::vector<std::uint8_t> bits((p.n + 7) / 8, 0);
  std::size_t nulls = 0;
  for (std::size_t i = 0; i < p.n; ++i) {
    bool present = !is_null(p, i);
    if (present) {
      const auto code = integer_at(f[0], a.buffers[1], p.first + static_cast<std::int64_t>(i));
      if (!code || *code < 0 || static_cast<std::uint64_t>(*code) >= entries) {
        malformed(field, "a dictionary code out of range at row " + std::to_string(p.row0 + i));
      }
      const auto k = da.offset + *code;
      present = !(has_nulls(da) && !bit(da.buffers[0], k));
      if (present) {
        const auto text = t.at(k);
        if (!text) malformed(field, "dictionary text offsets out of order");
        bytes.append(*text);
      }
    }
    if (present) bits[i >> 3] |= static_cast<std::uint8_t>(1U << (i & 7));
    nulls += present ? 0 : 1;
    offsets[i + 1] = static_cast<std::int64_t>(bytes.size());
  }
  if (field.type == ColumnType::string) {
    std::vector<std::uint8_t> valid;
    if (nulls > 0) {
      valid.resize(p.n);
      unpack_bits(bits.data(), 0, p.n, valid.data());
    }
    if (const auto bad = core::first_invalid_utf8(bytes)) {
      const auto row = static_cast<std::size_t>(
          std::upper_bound(offsets.begin(), offsets.end(), static_cast<std::int64_t>(*bad)) -
          offsets.begin() - 1);
      bad_value(field, p.row0 + row, "a text that is not valid UTF-8");
    }
    return Column::strings(std::move(offsets), std::move(bytes), std::move(valid));
  }
  static const char kEmpty = 0;
  const void* buffers[3] = {bits.data(), offsets.data(), bytes.empty() ? &kEmpty : bytes.data()};
  const ArrowSchema schema{"U", nullptr, nullptr, 0, 0, nullptr, nullptr, nullptr, nullptr};
  const ArrowArray array{static_cast<std::int64_t>(p.n),
                         static_cast<std::int64_t>(nulls),
                         0,
                         3,
                         0,
                         buffers,
                         nullptr,
                         nullptr,
                         nullptr,
                         nullptr};
  const Piece texts{&schema, &array, 0, p.n, p.row0};
  return field.type == ColumnType::boolean ? read_booleans(field, texts) : read_dates(field, texts);
}

Column read_piece(const Field& field, const Piece& p, const std::shared_ptr<const void>& table) {
  if (p.array->length < 0 || p.array->offset < 0 || p.array->n_buffers < 0 ||
      p.array->buffers == nullptr) {
    malformed(field, "a negative length or offset, or no buffers");
  }
  if (p.array->null_count != 0 && p.array->n_buffers >= 1 && p.array->buffers[0] == nullptr &&
      p.array->null_count > 0 && std::string_view(p.schema->format) != "n") {
    malformed(field, "missing values without a validity bitmap");
  }
  if (p.schema->dictionary != nullptr && field.type != ColumnType::enumeration) {
    return read_dictionary_texts(field, p);
  }
  switch (field.type) {
    case ColumnType::integer:
      return read_integers(field, p, table);
    case ColumnType::boolean:
      return read_booleans(field, p);
    case ColumnType::date:
      return read_dates(field, p);
    case ColumnType::enumeration:
      return read_enumeration(field, p, table);
    case ColumnType::string:
      return read_strings(field, p, table);
  }
  bad_type(field, p.schema->format);
}

/// The pieces of one column joined into one owned column.
Column join(ColumnType type, const std::vector<Column>& pieces) {
  std::size_t n = 0;
  bool any_missing = false;
  for (const auto& c : pieces) {
    n += c.size();
    any_missing = any_missing || c.valid_data() != nullptr;
  }
  std::vector<std::uint8_t> valid;
  if (any_missing) {
    valid.reserve(n);
    for (const auto& c : pieces) {
      const auto* v = c.valid_data();
      if (v == nullptr) {
        valid.insert(valid.end(), c.size(), 1);
      } else {
        valid.insert(valid.end(), v, v + c.size());
      }
    }
  }
  switch (type) {
    case ColumnType::boolean: {
      std::vector<std::uint8_t> out;
      out.reserve(n);
      for (const auto& c : pieces) out.insert(out.end(), c.bool_data(), c.bool_data() + c.size());
      return Column::booleans(std::move(out), std::move(valid));
    }
    case ColumnType::integer:
    case ColumnType::date: {
      std::vector<std::int64_t> out;
      out.reserve(n);
      for (const auto& c : pieces) out.insert(out.end(), c.int64_data(), c.int64_data() + c.size());
      return type == ColumnType::date ? Column::dates(std::move(out), std::move(valid))
                                      : Column::integers(std::move(out), std::move(valid));
    }
    case ColumnType::enumeration: {
      std::vector<std::int32_t> out;
      out.reserve(n);
      for (const auto& c : pieces) {
        for (std::size_t i = 0; i < c.size(); ++i) out.push_back(c.is_valid(i) ? c.code_at(i) : 0);
      }
      return Column::enumeration(std::move(out), std::move(valid));
    }
    case ColumnType::string: {
      std::vector<std::int64_t> offsets{0};
      offsets.reserve(n + 1);
      std::string bytes;
      for (const auto& c : pieces) {
        for (std::size_t i = 0; i < c.size(); ++i) {
          bytes.append(c.string_at(i));
          offsets.push_back(static_cast<std::int64_t>(bytes.size()));
        }
      }
      return Column::strings(std::move(offsets), std::move(bytes), std::move(valid));
    }
  }
  return {};
}

}  // namespace

struct ArrowTable::State {
  ArrowSchema schema{};
  std::vector<ArrowArray> batches;
  std::vector<std::size_t> batch_rows;  // the first row of each batch
  std::vector<std::string> names;       // NFC
  std::size_t rows = 0;

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {
    for (auto& b : batches) {
      if (b.release != nullptr) b.release(&b);
    }
    if (schema.release != nullptr) schema.release(&schema);
  }

  /// Checks the schema and the batches, and sets names and rows.
  void check() {
    if (schema.format == nullptr || std::string_view(schema.format) != "+s") {
      throw core::InvalidArgument(
          "an Arrow table (a struct of columns) was expected, found Arrow type " +
          type_name(schema.format == nullptr ? "" : schema.format));
    }
    if (schema.n_children < 0 || (schema.n_children > 0 && schema.children == nullptr)) {
      throw core::InvalidArgument("malformed Arrow schema: no children");
    }
    for (std::int64_t i = 0; i < schema.n_children; ++i) {
      const ArrowSchema* c = schema.children[i];
      if (c == nullptr || c->format == nullptr)
        throw core::InvalidArgument("malformed Arrow schema");
      std::string name = core::nfc(c->name == nullptr ? "" : c->name);
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        throw core::InvalidArgument("the Arrow table has two columns named '" + name + "'");
      }
      names.push_back(std::move(name));
    }
    for (const auto& b : batches) {
      if (b.length < 0 || b.offset < 0 || b.n_children != schema.n_children ||
          (b.n_children > 0 && b.children == nullptr)) {
        throw core::InvalidArgument(
            "malformed Arrow record batch: its columns do not match the schema");
      }
      if (b.null_count != 0 && b.n_buffers >= 1 && b.buffers != nullptr &&
          b.buffers[0] != nullptr) {
        for (std::int64_t r = 0; r < b.length; ++r) {
          if (!bit(b.buffers[0], b.offset + r)) {
            throw core::InvalidArgument("row " +
                                        std::to_string(rows + static_cast<std::size_t>(r)) +
                                        " of the Arrow table is missing as a whole");
          }
        }
      }
      for (std::int64_t c = 0; c < b.n_children; ++c) {
        const ArrowArray* child = b.children[c];
        if (child == nullptr || child->length < b.offset + b.length) {
          throw core::InvalidArgument("malformed Arrow record batch: column '" +
                                      names[static_cast<std::size_t>(c)] +
                                      "' is shorter than the batch");
        }
      }
      batch_rows.push_back(rows);
      rows += static_cast<std::size_t>(b.length);
    }
  }
};

ArrowTable ArrowTable::from_stream(ArrowArrayStream* stream) {
  core::require(stream != nullptr && stream->release != nullptr,
                "a live Arrow stream was expected");
  ArrowArrayStream s = *stream;
  stream->release = nullptr;
  struct Release {
    ArrowArrayStream& s;
    ~Release() {
      if (s.release != nullptr) s.release(&s);
    }
  } release{s};
  auto failed = [&](const char* what, int code) {
    const char* message = s.get_last_error == nullptr ? nullptr : s.get_last_error(&s);
    return core::InvalidArgument(std::string("the Arrow stream failed ") + what + ": " +
                                 (message != nullptr ? message : std::strerror(code)));
  };
  auto state = std::make_shared<State>();
  if (const int rc = s.get_schema(&s, &state->schema); rc != 0)
    throw failed("to give its schema", rc);
  for (;;) {
    ArrowArray a{};
    if (const int rc = s.get_next(&s, &a); rc != 0) throw failed("to give a batch", rc);
    if (a.release == nullptr) break;
    state->batches.push_back(a);
  }
  state->check();
  ArrowTable t;
  t.state_ = std::move(state);
  return t;
}

ArrowTable ArrowTable::from_array(ArrowSchema* schema, ArrowArray* array) {
  core::require(schema != nullptr && schema->release != nullptr && array != nullptr &&
                    array->release != nullptr,
                "a live Arrow schema and array were expected");
  auto state = std::make_shared<State>();
  state->schema = *schema;
  schema->release = nullptr;
  state->batches.push_back(*array);
  array->release = nullptr;
  state->check();
  ArrowTable t;
  t.state_ = std::move(state);
  return t;
}

std::size_t ArrowTable::rows() const noexcept {
  return state_ ? state_->rows : 0;
}

std::vector<std::string> ArrowTable::names() const {
  return state_ ? state_->names : std::vector<std::string>{};
}

std::optional<std::size_t> ArrowTable::find(std::string_view name) const {
  if (!state_) return std::nullopt;
  const std::string key = core::nfc(name);
  const auto it = std::find(state_->names.begin(), state_->names.end(), key);
  if (it == state_->names.end()) return std::nullopt;
  return static_cast<std::size_t>(it - state_->names.begin());
}

std::size_t ArrowTable::index(std::string_view name) const {
  if (const auto i = find(name)) return *i;
  throw core::NotFoundError("the Arrow table has no column '" + core::nfc(name) + "'");
}

bool ArrowTable::has_column(std::string_view name) const noexcept {
  try {
    return find(name).has_value();
  } catch (...) {  // a name that is not UTF-8 names no column
    return false;
  }
}

std::string ArrowTable::format(std::string_view name) const {
  return state_->schema.children[index(name)]->format;
}

Column ArrowTable::column(const Field& field) const {
  return read(field, nullptr);
}

Column ArrowTable::column(const Field& field, const std::vector<std::string>& dictionary) const {
  core::require(field.type == ColumnType::enumeration,
                "codes with a dictionary are read as an enumeration");
  return read(field, &dictionary);
}

Column ArrowTable::read(const Field& field, const std::vector<std::string>* dictionary) const {
  const std::size_t k = index(field.name);
  const ArrowSchema* schema = state_->schema.children[k];
  std::vector<std::int32_t> map;
  if (dictionary != nullptr) {
    map.reserve(dictionary->size());
    for (const auto& text : *dictionary) map.push_back(category_of(field, text));
  }
  std::vector<Column> pieces;
  for (std::size_t b = 0; b < state_->batches.size(); ++b) {
    const ArrowArray& batch = state_->batches[b];
    const ArrowArray* child = batch.children[k];
    Piece p{schema, child, child->offset + batch.offset, static_cast<std::size_t>(batch.length),
            state_->batch_rows[b]};
    pieces.push_back(dictionary != nullptr ? read_codes(field, p, map, state_)
                                           : read_piece(field, p, state_));
  }
  if (pieces.size() == 1) return pieces.front();
  return join(field.type, pieces);
}

Table ArrowTable::table(const Schema& schema) const {
  std::vector<Column> columns;
  columns.reserve(schema.size());
  for (const auto& f : schema.fields()) columns.push_back(column(f));
  return Table(schema, std::move(columns));
}

// ---------------------------------------------------------------- export

namespace {

struct ExportedSchema {
  std::string format;
  std::string name;
  std::vector<std::unique_ptr<ArrowSchema>> children;
  std::vector<ArrowSchema*> child_ptrs;
  std::unique_ptr<ArrowSchema> dictionary;
};

/// Releases what an exported schema or array owns: its children (those the
/// consumer has not moved away), its dictionary, itself.
template <class Node, class Owned>
void release_node(Node* node) {
  auto* p = static_cast<Owned*>(node->private_data);
  for (auto& c : p->children) {
    if (c->release != nullptr) c->release(c.get());
  }
  if (p->dictionary && p->dictionary->release != nullptr)
    p->dictionary->release(p->dictionary.get());
  delete p;
  node->release = nullptr;
}

void fill_schema(ArrowSchema* out, std::unique_ptr<ExportedSchema> p, std::int64_t flags) {
  out->format = p->format.c_str();
  out->name = p->name.c_str();
  out->metadata = nullptr;
  out->flags = flags;
  out->n_children = static_cast<std::int64_t>(p->children.size());
  for (auto& c : p->children) p->child_ptrs.push_back(c.get());
  out->children = p->child_ptrs.empty() ? nullptr : p->child_ptrs.data();
  out->dictionary = p->dictionary.get();
  out->release = release_node<ArrowSchema, ExportedSchema>;
  out->private_data = p.release();
}

struct ExportedArray {
  Column column;  // keeps borrowed buffers alive
  std::vector<std::uint8_t> validity;
  std::vector<std::uint8_t> bits;
  std::vector<std::int32_t> int32s;
  std::string bytes;
  std::vector<const void*> buffers;
  std::vector<std::unique_ptr<ArrowArray>> children;
  std::vector<ArrowArray*> child_ptrs;
  std::unique_ptr<ArrowArray> dictionary;
};

void fill_array(ArrowArray* out, std::unique_ptr<ExportedArray> p, std::size_t length,
                std::size_t null_count) {
  out->length = static_cast<std::int64_t>(length);
  out->null_count = static_cast<std::int64_t>(null_count);
  out->offset = 0;
  out->n_buffers = static_cast<std::int64_t>(p->buffers.size());
  out->buffers = p->buffers.data();
  for (auto& c : p->children) p->child_ptrs.push_back(c.get());
  out->n_children = static_cast<std::int64_t>(p->children.size());
  out->children = p->child_ptrs.empty() ? nullptr : p->child_ptrs.data();
  out->dictionary = p->dictionary.get();
  out->release = release_node<ArrowArray, ExportedArray>;
  out->private_data = p.release();
}

const char kNoBytes[8] = {};

std::unique_ptr<ArrowSchema> column_schema(const Field& f, std::size_t code_width) {
  auto p = std::make_unique<ExportedSchema>();
  p->name = f.name;
  switch (f.type) {
    case ColumnType::boolean:
      p->format = "b";
      break;
    case ColumnType::integer:
      p->format = "l";
      break;
    case ColumnType::date:
      p->format = "tdD";
      break;
    case ColumnType::string:
      p->format = "U";
      break;
    case ColumnType::enumeration: {
      p->format = code_width == 1 ? "c" : code_width == 2 ? "s" : "i";
      auto d = std::make_unique<ExportedSchema>();
      d->format = "u";
      p->dictionary = std::make_unique<ArrowSchema>();
      fill_schema(p->dictionary.get(), std::move(d), ARROW_FLAG_NULLABLE);
      break;
    }
  }
  auto out = std::make_unique<ArrowSchema>();
  fill_schema(out.get(), std::move(p), ARROW_FLAG_NULLABLE);
  return out;
}

std::unique_ptr<ArrowArray> column_array(const Field& f, const Column& c) {
  auto p = std::make_unique<ExportedArray>();
  p->column = c;
  const std::size_t n = c.size();
  std::size_t nulls = 0;
  const void* validity = nullptr;
  if (const auto* v = c.valid_data(); v != nullptr) {
    p->validity = pack_bits(v, n, nulls);
    if (nulls > 0) validity = p->validity.data();
  }
  p->buffers.push_back(validity);
  switch (f.type) {
    case ColumnType::boolean: {
      std::size_t zeros = 0;
      p->bits = pack_bits(c.bool_data(), n, zeros);
      p->buffers.push_back(p->bits.empty() ? kNoBytes : static_cast<const void*>(p->bits.data()));
      break;
    }
    case ColumnType::integer:
      p->buffers.push_back(n == 0 ? kNoBytes : static_cast<const void*>(c.int64_data()));
      break;
    case ColumnType::date: {
      p->int32s.resize(n);
      const auto* days = c.int64_data();
      for (std::size_t i = 0; i < n; ++i) p->int32s[i] = static_cast<std::int32_t>(days[i]);
      p->buffers.push_back(n == 0 ? kNoBytes : static_cast<const void*>(p->int32s.data()));
      break;
    }
    case ColumnType::string:
      p->buffers.push_back(c.offsets_data());
      p->buffers.push_back(c.bytes_data() == nullptr ? kNoBytes : c.bytes_data());
      break;
    case ColumnType::enumeration: {
      p->buffers.push_back(n == 0 ? kNoBytes : c.raw_data());
      auto d = std::make_unique<ExportedArray>();
      d->int32s.push_back(0);
      for (const auto& category : f.categories) {
        d->bytes += category;
        d->int32s.push_back(static_cast<std::int32_t>(d->bytes.size()));
      }
      d->buffers = {nullptr, d->int32s.data(), d->bytes.empty() ? kNoBytes : d->bytes.data()};
      p->dictionary = std::make_unique<ArrowArray>();
      fill_array(p->dictionary.get(), std::move(d), f.categories.size(), 0);
      break;
    }
  }
  auto out = std::make_unique<ArrowArray>();
  fill_array(out.get(), std::move(p), n, nulls);
  return out;
}

void export_schema(const Table& table, ArrowSchema* schema) {
  auto p = std::make_unique<ExportedSchema>();
  p->format = "+s";
  for (std::size_t i = 0; i < table.schema().size(); ++i) {
    p->children.push_back(column_schema(table.schema().fields()[i], table.column(i).code_width()));
  }
  fill_schema(schema, std::move(p), 0);
}

void export_array(const Table& table, ArrowArray* array) {
  auto p = std::make_unique<ExportedArray>();
  p->buffers.push_back(nullptr);
  for (std::size_t i = 0; i < table.schema().size(); ++i) {
    p->children.push_back(column_array(table.schema().fields()[i], table.column(i)));
  }
  fill_array(array, std::move(p), table.rows(), 0);
}

struct ExportedStream {
  Table table;
  bool done = false;
  std::string error;
};

int stream_schema(ArrowArrayStream* s, ArrowSchema* out) {
  auto* p = static_cast<ExportedStream*>(s->private_data);
  try {
    export_schema(p->table, out);
    return 0;
  } catch (const std::exception& e) {
    p->error = e.what();
    return ENOMEM;
  }
}

int stream_next(ArrowArrayStream* s, ArrowArray* out) {
  auto* p = static_cast<ExportedStream*>(s->private_data);
  try {
    if (p->done || p->table.rows() == 0) {
      std::memset(out, 0, sizeof(*out));
      out->release = nullptr;
      return 0;
    }
    export_array(p->table, out);
    p->done = true;
    return 0;
  } catch (const std::exception& e) {
    p->error = e.what();
    return ENOMEM;
  }
}

const char* stream_error(ArrowArrayStream* s) {
  auto* p = static_cast<ExportedStream*>(s->private_data);
  return p->error.empty() ? nullptr : p->error.c_str();
}

void stream_release(ArrowArrayStream* s) {
  delete static_cast<ExportedStream*>(s->private_data);
  s->release = nullptr;
}

}  // namespace

void export_table(const Table& table, ArrowSchema* schema, ArrowArray* array) {
  core::require(schema != nullptr && array != nullptr, "where to export was not given");
  export_schema(table, schema);
  try {
    export_array(table, array);
  } catch (...) {
    schema->release(schema);
    throw;
  }
}

void export_stream(const Table& table, ArrowArrayStream* stream) {
  core::require(stream != nullptr, "where to export was not given");
  auto p = std::make_unique<ExportedStream>();
  p->table = table;
  stream->get_schema = stream_schema;
  stream->get_next = stream_next;
  stream->get_last_error = stream_error;
  stream->release = stream_release;
  stream->private_data = p.release();
}

}  // namespace project8::data
