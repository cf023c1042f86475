/// \file
/// Tables in and out through the Arrow C Data Interface — the small, stable
/// ABI (https://arrow.apache.org/docs/format/CDataInterface.html and
/// CStreamInterface.html) by which pyarrow, polars, DuckDB, nanoarrow and the
/// Arrow libraries of other languages hand columns over without copying them.
///
/// **In** (ArrowTable): a stream of record batches, or one struct array. A
/// column is converted to the type a schema field asks for only when it is
/// read, and without copying its values where the layouts agree:
///
// clang-format off
/// | field type    | Arrow types read | values |
/// |---------------|------------------|--------|
/// | `integer`     | int64 | borrowed |
/// |               | int8–int32, uint8–uint64, float, double | converted; unsigned values beyond int64, fractions, infinities and NaN are errors |
/// | `boolean`     | bool | bits unpacked to bytes |
/// |               | integers 0/1; utf8 texts as parse_bool_cell() reads them | converted |
/// | `date`        | date32, date64, timestamps without a time zone | converted; a time of day is an error |
/// |               | utf8 texts as parse_day_cell() reads them | converted |
/// | `enumeration` | dictionary of utf8 values (pandas `Categorical`, polars `Categorical`/`Enum`) | signed 1-, 2- or 4-byte codes borrowed when the dictionary is the field's categories in order; otherwise mapped |
/// |               | utf8 texts | mapped |
/// | `string`      | large utf8 | borrowed |
/// |               | utf8, utf8 view | offsets made; bytes borrowed (utf8) or gathered (view) |
// clang-format on
///
/// (`utf8` stands for utf8, large utf8 and utf8 view throughout.) A validity
/// bitmap becomes the column's one-byte mask; without missing values there is
/// none. A value that cannot be represented is a core::ValidationError naming
/// the column (Problem::field) and the first bad row (Problem::row, from 0 over
/// the whole stream); values are never quoted (they may be personal data).
/// Several batches are joined into one owned column per column read.
///
/// **Out** (export_table(), export_stream()): booleans as bool (bits packed),
/// integers as int64 and texts as large utf8 (both borrowed), dates as date32,
/// enumerations as a dictionary (codes borrowed) of the categories in utf8. The
/// exported structures keep the columns alive until the consumer releases them.
///
/// **Example** (a pyarrow Table in C++):
///
///     ArrowArrayStream stream;   // filled by the producer, e.g. pyarrow's _export_to_c
///     auto in = project8::data::ArrowTable::from_stream(&stream);   // takes it over
///     Schema s = Schema::parse({{"sex", "enum(F, M)"}, {"age", "int"}});
///     Table t = in.table(s);     // "age" borrowed when it is int64
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/data/arrow_abi.h>
#include <project8/data/table.hpp>

namespace project8::data {

/// A table received through the Arrow C Data Interface: its schema and record
/// batches, kept (and released once no column of it is in use). Cheap to copy.
class ArrowTable {
 public:
  /// An empty table (no columns, no rows).
  ArrowTable() = default;

  /// Takes over `stream` (its `release` is null afterwards), reads its schema
  /// — a struct of the columns — and every batch. Throws core::InvalidArgument
  /// for a stream that is not a struct or whose producer reports an error (its
  /// message is kept), and when two columns have the same name (after NFC).
  [[nodiscard]] static ArrowTable from_stream(ArrowArrayStream* stream);
  /// Takes over one struct array (a record batch) and its type (both `release`
  /// null afterwards). Throws as from_stream().
  [[nodiscard]] static ArrowTable from_array(ArrowSchema* schema, ArrowArray* array);

  /// Number of rows (over every batch).
  [[nodiscard]] std::size_t rows() const noexcept;
  /// The columns' names, in order (NFC).
  [[nodiscard]] std::vector<std::string> names() const;
  /// True when it has a column named `name` (compared in NFC).
  [[nodiscard]] bool has_column(std::string_view name) const noexcept;
  /// The Arrow format string of column `name` (e.g. `l`, `u`, or `c` for a
  /// dictionary with int8 codes); core::NotFoundError when absent.
  [[nodiscard]] std::string format(std::string_view name) const;

  /// Column `field.name` as a column of `field`'s type (see the file comment
  /// for what is borrowed and what is converted). core::NotFoundError when it
  /// is absent; core::ValidationError (field and row) for a value that cannot
  /// be represented; core::InvalidArgument for an Arrow type that cannot be read
  /// as `field`'s type.
  [[nodiscard]] Column column(const Field& field) const;
  /// Column `field.name` holding integer codes into `dictionary` (texts), as
  /// `field`'s enumeration: for a producer that keeps the categories apart from
  /// the codes (polars' physical codes and its categories). Borrowed when
  /// `dictionary` is the field's categories in order; a code beyond it is an
  /// error, a text that is not a category only for a row that uses it.
  [[nodiscard]] Column column(const Field& field, const std::vector<std::string>& dictionary) const;
  /// The columns of `schema`, each as column() reads it.
  [[nodiscard]] Table table(const Schema& schema) const;

 private:
  [[nodiscard]] Column read(const Field& field, const std::vector<std::string>* dictionary) const;
  [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const;  // by NFC name
  [[nodiscard]] std::size_t index(std::string_view name) const;  // find(), or NotFoundError

  struct State;
  std::shared_ptr<const State> state_;
};

/// Exports `table` as one struct array and its type, which keep the table's
/// columns alive until the consumer releases them. `schema` and `array` are
/// overwritten (any previous content is not released).
void export_table(const Table& table, ArrowSchema* schema, ArrowArray* array);

/// Exports `table` as a stream of one batch (none when it has no rows). The
/// stream keeps the table's columns alive until released.
void export_stream(const Table& table, ArrowArrayStream* stream);

}  // namespace project8::data
