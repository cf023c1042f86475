/// \file
/// Columnar tables: typed columns with a validity mask, owned or borrowed.
///
/// Populations of millions of persons are held as columns, never as row
/// objects. Every column stores its values in one contiguous buffer:
///
/// | type          | values buffer                    | notes |
/// |---------------|----------------------------------|-------|
/// | `boolean`     | `uint8_t` (0 or 1)               | numpy `bool` borrows as is |
/// | `integer`     | `int64_t`                        | numpy `int64` borrows as is |
/// | `date`        | `int64_t` days since 1970-01-01  | numpy `datetime64[D]` borrows as is |
/// | `enumeration` | `int32_t` index into the field's categories | borrowed codes may be `int8_t`
/// or `int16_t` (pandas) | | `string`      | `int64_t` offsets (size + 1) and UTF-8 bytes | |
///
/// A missing value (an empty cell) is a 0 in the optional validity mask
/// (`uint8_t`, 1 = present); no mask means every value is present. A borrowed
/// column keeps its owner (for example a numpy array) alive through a
/// `std::shared_ptr<const void>`. A borrowed column may instead mark its
/// missing values as pandas does (see MissingMarks): a mask with a nonzero
/// byte per missing row, or a negative enumeration code; the rule engine reads
/// those marks as they are, and valid_data() makes the validity mask from them
/// on first use.
///
/// **Example**:
///
///     using namespace project8::data;
///     Schema s = Schema::parse({{"id", "string"}, {"sex", "enum(F, M)"}, {"age", "int"}});
///     Table t(s, {Column::strings({"a", "b"}), Column::enumeration({0, 1}), Column::integers({30,
///     41})}); t.column("age").int64_data()[1];   // 41
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/data/detail/buffer.hpp>

/// Columnar data: schemas, typed columns (owned or borrowed), tables, the CSV reader.
namespace project8::data {

/// Limits the memory the library keeps of freed large buffers (results and
/// columns of 1 MiB or more) to hand out again: the first touch of fresh
/// memory (page faults, and zeroing by the kernel) can cost as much as the
/// work that fills it, and repeated evaluations or reads of the same size then
/// reuse memory already mapped. Default 1 GiB; 0 turns the cache off and frees
/// what it holds. Thread-safe. Returns the previous limit.
std::size_t set_buffer_cache_limit(std::size_t bytes);

/// Bytes of freed large buffers the library holds for reuse now.
[[nodiscard]] std::size_t buffer_cache_size() noexcept;

/// The type of a column (and of an input declared by a rule set).
enum class ColumnType : std::uint8_t {
  boolean,      ///< true / false.
  integer,      ///< Signed 64-bit integer (counts, codes, đồng).
  date,         ///< A calendar day, stored as days since 1970-01-01.
  enumeration,  ///< One of a declared list of text values (e.g. `enum(F, M)`).
  string,       ///< Free text (e.g. a person's id).
};

/// The keys and labels of ColumnType (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<ColumnType> kColumnTypeText[] = {
    {ColumnType::boolean, "bool", "", ""},  {ColumnType::integer, "int", "", ""},
    {ColumnType::date, "date", "", ""},     {ColumnType::enumeration, "enum", "", ""},
    {ColumnType::string, "string", "", ""},
};
/// The text table of ColumnType (found by argument-dependent lookup).
constexpr core::EnumInfo<ColumnType> enum_text(ColumnType /*unused*/) noexcept {
  return {"column type", kColumnTypeText};
}

/// The name used in schemas: `bool`, `int`, `date`, `enum`, `string`.
[[nodiscard]] std::string_view to_string(ColumnType type) noexcept;

/// One named, typed field of a schema.
struct Field {
  std::string name;                       ///< Column name (as in the CSV header).
  ColumnType type = ColumnType::integer;  ///< Its type.
  std::vector<std::string> categories;    ///< For `enumeration`: the allowed values, in order.

  /// The index of `value` among the categories, or nullopt.
  [[nodiscard]] std::optional<std::int32_t> category_index(std::string_view value) const noexcept;
  /// The type as written in a schema, e.g. `enum(F, M)`.
  [[nodiscard]] std::string type_name() const;
  /// Fields are equal when name, type and categories are.
  friend bool operator==(const Field&, const Field&) = default;
};

/// Parses a type written as `bool`, `int`, `date`, `string` or `enum(A, B, …)`.
/// Throws core::InvalidArgument saying what was expected.
[[nodiscard]] Field parse_field(std::string name, std::string_view type_text);

/// An ordered list of fields with lookup by name.
class Schema {
 public:
  /// An empty schema.
  Schema() = default;
  /// A schema with `fields`; duplicate names throw core::InvalidArgument.
  explicit Schema(std::vector<Field> fields);
  /// A schema from (name, type text) pairs, see parse_field().
  [[nodiscard]] static Schema parse(const std::vector<std::pair<std::string, std::string>>& fields);

  /// The fields in order.
  [[nodiscard]] const std::vector<Field>& fields() const noexcept { return fields_; }
  /// The number of fields.
  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  /// The index of field `name`, or nullopt.
  [[nodiscard]] std::optional<std::size_t> index_of(std::string_view name) const noexcept;
  /// The fields' names, in order.
  [[nodiscard]] std::vector<std::string> names() const;
  /// The field `name`; core::NotFoundError otherwise.
  [[nodiscard]] const Field& field(std::string_view name) const;
  /// Schemas are equal when their fields are.
  friend bool operator==(const Schema& a, const Schema& b) { return a.fields_ == b.fields_; }

 private:
  struct Index;  // names to positions, for a wide schema (lookups in constant time)
  std::vector<Field> fields_;
  std::shared_ptr<const Index> index_;  // set from kIndexedFrom fields on
};

/// How a borrowed column marks its missing values when it has no validity
/// mask: pandas' way, so that its arrays are borrowed without a pass over them.
struct MissingMarks {
  /// One byte per row, nonzero when the value is missing (the `_mask` of a
  /// pandas `IntegerArray` or `BooleanArray`), or nullptr.
  const std::uint8_t* mask = nullptr;
  /// For an enumeration: a negative code is a missing value (a pandas
  /// `Categorical`'s -1).
  bool negative_codes = false;
};

/// One column: a typed values buffer, an optional validity mask, and the
/// owner that keeps borrowed memory alive. Cheap to copy (buffers are shared).
class Column {
 public:
  /// An empty integer column.
  Column() = default;

  /// Owned booleans (0/1); `valid` empty means no value is missing.
  [[nodiscard]] static Column booleans(std::vector<std::uint8_t> values,
                                       std::vector<std::uint8_t> valid = {});
  /// Owned integers.
  [[nodiscard]] static Column integers(std::vector<std::int64_t> values,
                                       std::vector<std::uint8_t> valid = {});
  /// Owned dates as days since 1970-01-01.
  [[nodiscard]] static Column dates(std::vector<std::int64_t> days,
                                    std::vector<std::uint8_t> valid = {});
  /// Owned category indexes (each in `[0, categories)`; checked by Table).
  [[nodiscard]] static Column enumeration(std::vector<std::int32_t> codes,
                                          std::vector<std::uint8_t> valid = {});
  /// Owned strings.
  [[nodiscard]] static Column strings(const std::vector<std::string>& values,
                                      std::vector<std::uint8_t> valid = {});
  /// Owned strings from offsets (size + 1, non-decreasing, starting at 0) and bytes.
  [[nodiscard]] static Column strings(std::vector<std::int64_t> offsets, std::string bytes,
                                      std::vector<std::uint8_t> valid = {});

  /// Takes over `size` values of `type` at `values` (layout as in the file
  /// comment; for `string`, `values` are the size + 1 offsets and `bytes` the
  /// text) and an optional validity mask, in memory that `owner` keeps alive
  /// and that nothing writes any more: how the library's readers hand over the
  /// buffers they filled without copying them. Unlike borrow(), the column
  /// counts as owned. Enumeration codes are 4 bytes wide.
  [[nodiscard]] static Column adopt(ColumnType type, const void* values, std::size_t size,
                                    const std::uint8_t* valid, std::shared_ptr<const void> owner,
                                    const char* bytes = nullptr);

  /// Borrows `size` values of `type` at `values` (layout as in the file
  /// comment; not `string`) and an optional validity mask; `owner` is kept
  /// alive as long as any copy of the column. No copy is made. Enumeration
  /// codes may be 1, 2 or 4 bytes wide (`code_width`), as pandas stores them.
  [[nodiscard]] static Column borrow(ColumnType type, const void* values, std::size_t size,
                                     const std::uint8_t* valid, std::shared_ptr<const void> owner,
                                     std::size_t code_width = 4);
  /// As borrow(), with the missing values marked by `missing` (pandas' mask,
  /// or negative enumeration codes) rather than by a validity mask. Throws
  /// core::InvalidArgument for negative codes on a column that is not an
  /// enumeration.
  [[nodiscard]] static Column borrow(ColumnType type, const void* values, std::size_t size,
                                     MissingMarks missing, std::shared_ptr<const void> owner,
                                     std::size_t code_width = 4);

  /// Its type.
  [[nodiscard]] ColumnType type() const noexcept { return type_; }
  /// Number of values.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// The validity mask (1 = present), or nullptr when every value is present.
  /// For a column borrowed with MissingMarks the mask is made from them on
  /// the first call (thread-safe; may throw std::bad_alloc) and kept.
  [[nodiscard]] const std::uint8_t* valid_data() const;
  /// True when value `i` is present.
  [[nodiscard]] bool is_valid(std::size_t i) const noexcept {
    return (valid_ == nullptr || valid_[i] != 0) &&
           (marks_.mask == nullptr || marks_.mask[i] == 0) &&
           (!marks_.negative_codes || code_at(i) >= 0);
  }
  /// How the missing values are marked when the column was borrowed with
  /// MissingMarks (else a null mask and no negative codes).
  [[nodiscard]] const MissingMarks& missing_marks() const noexcept { return marks_; }
  /// True when the missing values are marked by MissingMarks rather than a
  /// validity mask.
  [[nodiscard]] bool has_missing_marks() const noexcept {
    return marks_.mask != nullptr || marks_.negative_codes;
  }
  /// Number of missing values.
  [[nodiscard]] std::size_t missing_count() const noexcept;

  /// Values of an `integer` or `date` column.
  [[nodiscard]] const std::int64_t* int64_data() const;
  /// Values of a `boolean` column.
  [[nodiscard]] const std::uint8_t* bool_data() const;
  /// Codes of an `enumeration` column of 4-byte codes (see code_width()).
  [[nodiscard]] const std::int32_t* code_data() const;
  /// Bytes per code of an `enumeration` column: 1, 2 or 4.
  [[nodiscard]] std::size_t code_width() const noexcept { return code_width_; }
  /// Code `i` of an `enumeration` column, whatever its width.
  [[nodiscard]] std::int32_t code_at(std::size_t i) const noexcept {
    switch (code_width_) {
      case 1:
        return static_cast<const std::int8_t*>(values_)[i];
      case 2:
        return static_cast<const std::int16_t*>(values_)[i];
      default:
        return static_cast<const std::int32_t*>(values_)[i];
    }
  }
  /// The raw values buffer (layout by type, see the file comment).
  [[nodiscard]] const void* raw_data() const noexcept { return values_; }
  /// Offsets of a `string` column (size() + 1 of them).
  [[nodiscard]] const std::int64_t* offsets_data() const;
  /// Bytes of a `string` column.
  [[nodiscard]] const char* bytes_data() const;
  /// Value `i` of a `string` column.
  [[nodiscard]] std::string_view string_at(std::size_t i) const;

  /// True when the values are borrowed rather than owned by the library.
  [[nodiscard]] bool borrowed() const noexcept { return borrowed_; }

 private:
  /// A column over `values` (and `valid`, may be null) that `owner` keeps alive.
  static Column over(ColumnType type, std::size_t size, const void* values,
                     const std::uint8_t* valid, std::shared_ptr<const void> owner);

  ColumnType type_ = ColumnType::integer;
  std::size_t size_ = 0;
  const void* values_ = nullptr;
  const std::uint8_t* valid_ = nullptr;
  const char* bytes_ = nullptr;
  bool borrowed_ = false;
  std::uint8_t code_width_ = 4;
  MissingMarks marks_;
  std::shared_ptr<const void> owner_;
  struct MadeValidity;                        // valid_data()'s mask made from marks_
  std::shared_ptr<MadeValidity> made_valid_;  // shared by copies; set when marks_ are
};

/// Columns of equal length under a schema.
class Table {
 public:
  /// An empty table.
  Table() = default;
  /// A table; throws core::InvalidArgument when the columns do not match the
  /// schema (count, types, lengths, enumeration codes out of range).
  Table(Schema schema, std::vector<Column> columns);

  /// The schema.
  [[nodiscard]] const Schema& schema() const noexcept { return schema_; }
  /// Number of rows.
  [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
  /// The columns in schema order.
  [[nodiscard]] const std::vector<Column>& columns() const noexcept { return columns_; }
  /// Column `i`.
  [[nodiscard]] const Column& column(std::size_t i) const { return columns_.at(i); }
  /// The column named `name`; core::NotFoundError otherwise.
  [[nodiscard]] const Column& column(std::string_view name) const;

 private:
  Schema schema_;
  std::vector<Column> columns_;
  std::size_t rows_ = 0;
};

/// The rows of a `string` column whose value an earlier row has, each paired
/// with the first row that has it (rows from 0), in row order; at most
/// `limit` of them. Missing values are not compared. Linear (a hash table):
/// how a person id, a payment id or a key is checked to be unique.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> repeated_rows(
    const Column& column, std::size_t limit = 20);

/// Days since 1970-01-01 of `d`.
[[nodiscard]] std::int64_t to_epoch_days(core::Date d) noexcept;
/// The date `days` after 1970-01-01; core::InvalidArgument outside years 1400–9999.
[[nodiscard]] core::Date from_epoch_days(std::int64_t days);

}  // namespace project8::data
