#include <algorithm>
#include <limits>
#include <mutex>
#include <type_traits>
#include <unordered_map>

#include "civil.hpp"
#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/data/table.hpp>

namespace project8::data {

namespace {

/// What an owned column's buffers live in.
struct Storage {
  std::vector<std::uint8_t> u8;
  std::vector<std::int32_t> i32;
  std::vector<std::int64_t> i64;
  std::string bytes;
  std::vector<std::uint8_t> valid;
};

void check_valid(const std::vector<std::uint8_t>& valid, std::size_t size) {
  core::require(valid.empty() || valid.size() == size,
                "validity mask has " + std::to_string(valid.size()) + " entries for " +
                    std::to_string(size) + " values");
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::string_view to_string(ColumnType type) noexcept {
  return core::key(type);
}

std::optional<std::int32_t> Field::category_index(std::string_view value) const noexcept {
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const std::string& c = categories[i];
    if (c.size() == value.size() && (value.empty() || c[0] == value[0]) && c == value) {
      return static_cast<std::int32_t>(i);
    }
  }
  return std::nullopt;
}

std::string Field::type_name() const {
  if (type != ColumnType::enumeration) return std::string(to_string(type));
  std::string out = "enum(";
  for (std::size_t i = 0; i < categories.size(); ++i) out += (i ? ", " : "") + categories[i];
  return out + ")";
}

Field parse_field(std::string name, std::string_view type_text) {
  const std::string t = trim(type_text);
  Field f{std::move(name), ColumnType::integer, {}};
  if (t == "bool")
    f.type = ColumnType::boolean;
  else if (t == "int")
    f.type = ColumnType::integer;
  else if (t == "date")
    f.type = ColumnType::date;
  else if (t == "string")
    f.type = ColumnType::string;
  else if (t.starts_with("enum(") && t.ends_with(")")) {
    f.type = ColumnType::enumeration;
    std::string_view body(t);
    body = body.substr(5, body.size() - 6);
    while (true) {
      const auto comma = body.find(',');
      std::string value = core::nfc(trim(body.substr(0, comma)));
      core::require(!value.empty(), "an empty value in '" + t + "': expected enum(A, B, ...)");
      core::require(!f.category_index(value), "'" + value + "' appears twice in '" + t + "'");
      f.categories.push_back(std::move(value));
      if (comma == std::string_view::npos) break;
      body = body.substr(comma + 1);
    }
    core::require(f.categories.size() <= 32767, "too many values in an enumeration");
  } else {
    throw core::InvalidArgument("unknown type '" + t +
                                "': expected bool, int, date, string or enum(A, B, ...)");
  }
  return f;
}

// A schema this wide or wider looks names up in a hash table: the readers look
// up every header name, so a file of 10^6 columns stays linear (issue 21).
constexpr std::size_t kIndexedFrom = 32;

struct Schema::Index {
  /// Hashes names as views, so that a lookup makes no string.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  // Its own copies of the names: a Schema's copies and moves share the index.
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> at;
};

Schema::Schema(std::vector<Field> fields) : fields_(std::move(fields)) {
  for (const auto& f : fields_) core::require(!f.name.empty(), "a field without a name");
  auto twice = [&](std::size_t i) {
    throw core::InvalidArgument("field '" + fields_[i].name + "' appears twice");
  };
  if (fields_.size() < kIndexedFrom) {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (fields_[j].name == fields_[i].name) twice(i);
      }
    }
    return;
  }
  auto index = std::make_shared<Index>();
  index->at.reserve(fields_.size());
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (!index->at.emplace(fields_[i].name, i).second) twice(i);
  }
  index_ = std::move(index);
}

Schema Schema::parse(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<Field> out;
  out.reserve(fields.size());
  for (const auto& [name, type] : fields) out.push_back(parse_field(name, type));
  return Schema(std::move(out));
}

std::vector<std::string> Schema::names() const {
  std::vector<std::string> out;
  out.reserve(fields_.size());
  for (const auto& f : fields_) out.push_back(f.name);
  return out;
}

std::optional<std::size_t> Schema::index_of(std::string_view name) const noexcept {
  if (index_ != nullptr) {
    const auto it = index_->at.find(name);
    return it == index_->at.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return i;
  }
  return std::nullopt;
}

const Field& Schema::field(std::string_view name) const {
  if (const auto i = index_of(name)) return fields_[*i];
  throw core::NotFoundError("no field '" + std::string(name) + "' in the schema");
}

Column Column::booleans(std::vector<std::uint8_t> values, std::vector<std::uint8_t> valid) {
  check_valid(valid, values.size());
  if (std::any_of(values.begin(), values.end(), [](std::uint8_t v) { return v > 1; })) {
    throw core::InvalidArgument("a boolean value other than 0 or 1");
  }
  auto s = std::make_shared<Storage>();
  s->u8 = std::move(values);
  s->valid = std::move(valid);
  const std::uint8_t* mask = s->valid.empty() ? nullptr : s->valid.data();
  const std::size_t size = s->u8.size();
  const void* data = s->u8.data();
  return over(ColumnType::boolean, size, data, mask, std::move(s));  // s is read before it moves
}

Column Column::integers(std::vector<std::int64_t> values, std::vector<std::uint8_t> valid) {
  check_valid(valid, values.size());
  auto s = std::make_shared<Storage>();
  s->i64 = std::move(values);
  s->valid = std::move(valid);
  const std::uint8_t* mask = s->valid.empty() ? nullptr : s->valid.data();
  const std::size_t size = s->i64.size();
  const void* data = s->i64.data();
  return over(ColumnType::integer, size, data, mask, std::move(s));  // s is read before it moves
}

Column Column::dates(std::vector<std::int64_t> days, std::vector<std::uint8_t> valid) {
  Column c = integers(std::move(days), std::move(valid));
  c.type_ = ColumnType::date;
  return c;
}

Column Column::enumeration(std::vector<std::int32_t> codes, std::vector<std::uint8_t> valid) {
  check_valid(valid, codes.size());
  auto s = std::make_shared<Storage>();
  s->i32 = std::move(codes);
  s->valid = std::move(valid);
  const std::uint8_t* mask = s->valid.empty() ? nullptr : s->valid.data();
  const std::size_t size = s->i32.size();
  const void* data = s->i32.data();
  return over(ColumnType::enumeration, size, data, mask,
              std::move(s));  // s is read before it moves
}

Column Column::strings(const std::vector<std::string>& values, std::vector<std::uint8_t> valid) {
  std::vector<std::int64_t> offsets;
  offsets.reserve(values.size() + 1);
  offsets.push_back(0);
  std::string bytes;
  for (const auto& v : values) {
    bytes += v;
    offsets.push_back(static_cast<std::int64_t>(bytes.size()));
  }
  return strings(std::move(offsets), std::move(bytes), std::move(valid));
}

Column Column::strings(std::vector<std::int64_t> offsets, std::string bytes,
                       std::vector<std::uint8_t> valid) {
  core::require(!offsets.empty() && offsets.front() == 0, "string offsets must start at 0");
  core::require(std::is_sorted(offsets.begin(), offsets.end()), "string offsets must not decrease");
  core::require(offsets.back() == static_cast<std::int64_t>(bytes.size()),
                "the last string offset must equal the number of bytes");
  check_valid(valid, offsets.size() - 1);
  auto s = std::make_shared<Storage>();
  s->i64 = std::move(offsets);
  s->bytes = std::move(bytes);
  s->valid = std::move(valid);
  Column c;
  c.type_ = ColumnType::string;
  c.size_ = s->i64.size() - 1;
  c.values_ = s->i64.data();
  c.bytes_ = s->bytes.data();
  c.valid_ = s->valid.empty() ? nullptr : s->valid.data();
  c.owner_ = std::move(s);
  return c;
}

Column Column::over(ColumnType type, std::size_t size, const void* values,
                    const std::uint8_t* valid, std::shared_ptr<const void> owner) {
  Column c;
  c.type_ = type;
  c.size_ = size;
  c.values_ = values;
  c.valid_ = valid;
  c.owner_ = std::move(owner);
  return c;
}

Column Column::adopt(ColumnType type, const void* values, std::size_t size,
                     const std::uint8_t* valid, std::shared_ptr<const void> owner,
                     const char* bytes) {
  core::require(values != nullptr || (size == 0 && type != ColumnType::string),
                "an adopted column needs its values");
  if (type == ColumnType::string) {
    const auto* offsets = static_cast<const std::int64_t*>(values);
    core::require(offsets[0] == 0 && (bytes != nullptr || offsets[size] == 0),
                  "string offsets must start at 0 and have their bytes");
  }
  Column c = over(type, size, values, valid, std::move(owner));
  c.bytes_ = bytes;
  return c;
}

Column Column::borrow(ColumnType type, const void* values, std::size_t size,
                      const std::uint8_t* valid, std::shared_ptr<const void> owner,
                      std::size_t code_width) {
  core::require(
      code_width == 4 || (type == ColumnType::enumeration && (code_width == 1 || code_width == 2)),
      "enumeration codes are 1, 2 or 4 bytes wide; other columns take no code width");
  core::require(type != ColumnType::string,
                "string columns cannot be borrowed; copy them with Column::strings");
  core::require(values != nullptr || size == 0, "a borrowed column needs its values");
  Column c;
  c.type_ = type;
  c.size_ = size;
  c.values_ = values;
  c.valid_ = valid;
  c.borrowed_ = true;
  c.code_width_ = static_cast<std::uint8_t>(code_width);
  c.owner_ = std::move(owner);
  return c;
}

struct Column::MadeValidity {
  std::once_flag once;
  std::vector<std::uint8_t> valid;  // empty when no value is missing
};

Column Column::borrow(ColumnType type, const void* values, std::size_t size, MissingMarks missing,
                      std::shared_ptr<const void> owner, std::size_t code_width) {
  core::require(!missing.negative_codes || type == ColumnType::enumeration,
                "only enumeration codes can mark a missing value by being negative");
  Column c = borrow(type, values, size, nullptr, std::move(owner), code_width);
  c.marks_ = missing;
  if (c.has_missing_marks()) c.made_valid_ = std::make_shared<MadeValidity>();
  return c;
}

const std::uint8_t* Column::valid_data() const {
  if (made_valid_ == nullptr) return valid_;
  std::call_once(made_valid_->once, [this] {
    std::vector<std::uint8_t> valid(size_);
    std::uint8_t all = 1;
    for (std::size_t i = 0; i < size_; ++i) {
      valid[i] = is_valid(i) ? 1 : 0;
      all &= valid[i];
    }
    if (all == 0) made_valid_->valid = std::move(valid);
  });
  return made_valid_->valid.empty() ? nullptr : made_valid_->valid.data();
}

std::size_t Column::missing_count() const noexcept {
  if (valid_ == nullptr && !has_missing_marks()) return 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < size_; ++i) n += is_valid(i) ? 0 : 1;
  return n;
}

const std::int64_t* Column::int64_data() const {
  if (!(type_ == ColumnType::integer || type_ == ColumnType::date))
    throw core::InvalidArgument("int64_data() on a " + std::string(to_string(type_)) + " column");
  return static_cast<const std::int64_t*>(values_);
}

const std::uint8_t* Column::bool_data() const {
  if (!(type_ == ColumnType::boolean))
    throw core::InvalidArgument("bool_data() on a " + std::string(to_string(type_)) + " column");
  return static_cast<const std::uint8_t*>(values_);
}

const std::int32_t* Column::code_data() const {
  if (type_ == ColumnType::enumeration && code_width_ != 4) {
    throw core::InvalidArgument("code_data() on codes of " + std::to_string(code_width_) +
                                " bytes: use code_at()");
  }
  if (!(type_ == ColumnType::enumeration))
    throw core::InvalidArgument("code_data() on a " + std::string(to_string(type_)) + " column");
  return static_cast<const std::int32_t*>(values_);
}

const std::int64_t* Column::offsets_data() const {
  if (!(type_ == ColumnType::string))
    throw core::InvalidArgument("offsets_data() on a " + std::string(to_string(type_)) + " column");
  return static_cast<const std::int64_t*>(values_);
}

const char* Column::bytes_data() const {
  if (!(type_ == ColumnType::string))
    throw core::InvalidArgument("bytes_data() on a " + std::string(to_string(type_)) + " column");
  return bytes_;
}

std::string_view Column::string_at(std::size_t i) const {
  const auto* off = offsets_data();
  if (i >= size_)
    throw core::InvalidArgument("row " + std::to_string(i) + " is beyond the column's " +
                                std::to_string(size_));
  return {bytes_ + off[i], static_cast<std::size_t>(off[i + 1] - off[i])};
}

namespace {

/// True when every present code of `codes` is in [0, n) — or, when
/// `negatives` (a negative code marks a missing value), below n: one
/// branch-free pass (the compiler vectorises it); negative codes otherwise
/// compare as large unsigned.
template <class T>
bool codes_fit(const T* codes, const std::uint8_t* valid, std::size_t rows, std::int32_t n,
               bool negatives) {
  if (negatives) {
    if (n > std::numeric_limits<T>::max()) return true;
    const auto limit = static_cast<T>(n);
    std::uint8_t bad = 0;
    for (std::size_t r = 0; r < rows; ++r) bad |= static_cast<std::uint8_t>(codes[r] >= limit);
    return bad == 0;
  }
  // Compared in the codes' own width (unsigned: a negative code is then at
  // least 2^(w-1)), so that narrow codes fill whole vector lanes: a code is
  // bad when it is at least min(n, 2^(w-1)).
  using U = std::make_unsigned_t<T>;
  constexpr std::int64_t half = std::int64_t{1} << (8 * sizeof(T) - 1);
  const auto limit = static_cast<U>(std::min<std::int64_t>(n, half));
  std::uint8_t bad = 0;
  if (valid == nullptr) {
    for (std::size_t r = 0; r < rows; ++r)
      bad |= static_cast<std::uint8_t>(static_cast<U>(codes[r]) >= limit);
  } else {
    for (std::size_t r = 0; r < rows; ++r) {
      bad |=
          static_cast<std::uint8_t>(static_cast<std::uint8_t>(valid[r] != 0) &
                                    static_cast<std::uint8_t>(static_cast<U>(codes[r]) >= limit));
    }
  }
  return bad == 0;
}

/// The fast check of a table's enumeration codes. A column with missing marks
/// is checked without a mask (none is made for it): a missing row's code
/// counts too, and only when this fails does the row-by-row check look at
/// which rows are present.
bool codes_in_range(const Column& c, std::int32_t n) {
  const std::uint8_t* valid = c.has_missing_marks() ? nullptr : c.valid_data();
  const bool negatives = c.missing_marks().negative_codes;
  switch (c.code_width()) {
    case 1:
      return codes_fit(static_cast<const std::int8_t*>(c.raw_data()), valid, c.size(), n,
                       negatives);
    case 2:
      return codes_fit(static_cast<const std::int16_t*>(c.raw_data()), valid, c.size(), n,
                       negatives);
    default:
      return codes_fit(static_cast<const std::int32_t*>(c.raw_data()), valid, c.size(), n,
                       negatives);
  }
}

}  // namespace

Table::Table(Schema schema, std::vector<Column> columns)
    : schema_(std::move(schema)), columns_(std::move(columns)) {
  core::require(columns_.size() == schema_.size(),
                "a table of " + std::to_string(schema_.size()) + " fields given " +
                    std::to_string(columns_.size()) + " columns");
  rows_ = columns_.empty() ? 0 : columns_.front().size();
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const Field& f = schema_.fields()[i];
    const Column& c = columns_[i];
    core::require(c.type() == f.type, "column '" + f.name + "' is " +
                                          std::string(to_string(c.type())) + ", the schema says " +
                                          f.type_name());
    core::require(c.size() == rows_, "column '" + f.name + "' has " + std::to_string(c.size()) +
                                         " rows, expected " + std::to_string(rows_));
    if (f.type == ColumnType::enumeration &&
        !codes_in_range(c, static_cast<std::int32_t>(f.categories.size()))) {
      const auto n = static_cast<std::int32_t>(f.categories.size());
      for (std::size_t r = 0; r < rows_; ++r) {
        const std::int32_t code = c.code_at(r);
        if (c.is_valid(r) && (code < 0 || code >= n)) {
          throw core::InvalidArgument("column '" + f.name + "' row " + std::to_string(r) +
                                      ": a code outside the " + std::to_string(n) + " categories");
        }
      }
    }
  }
}

const Column& Table::column(std::string_view name) const {
  if (const auto i = schema_.index_of(name)) return columns_[*i];
  throw core::NotFoundError("no column '" + std::string(name) + "' in the table");
}

std::int64_t to_epoch_days(core::Date d) noexcept {
  const auto ymd = d.year_month_day();
  return detail::days_from_civil(ymd.year, ymd.month, ymd.day);
}

core::Date from_epoch_days(std::int64_t days) {
  // 1400-01-01 .. 9999-12-31, the range Boost.Date_Time represents.
  core::require(
      days >= detail::days_from_civil(1400, 1, 1) && days <= detail::days_from_civil(9999, 12, 31),
      std::to_string(days) + " days from 1970-01-01 is outside years 1400-9999");
  const auto c = detail::civil_from_days(days);
  return core::make_date(static_cast<int>(c.year), static_cast<int>(c.month),
                         static_cast<int>(c.day));
}

std::vector<std::pair<std::size_t, std::size_t>> repeated_rows(const Column& column,
                                                               std::size_t limit) {
  core::require(column.type() == ColumnType::string, "repeated_rows reads a string column");
  std::unordered_map<std::string_view, std::size_t> first;
  first.reserve(column.size());
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t r = 0; r < column.size() && out.size() < limit; ++r) {
    if (!column.is_valid(r)) continue;
    if (const auto [it, fresh] = first.emplace(column.string_at(r), r); !fresh)
      out.emplace_back(r, it->second);
  }
  return out;
}

}  // namespace project8::data
