// What the rules' evaluators share beyond the compiled form: binding a
// table's columns to a rule set's inputs, the parameters' values on a day,
// one row as the one-case evaluator reads it, and how a value reads in a
// trace. Private to the library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiled.hpp"
#include <project8/core/date.hpp>
#include <project8/data/table.hpp>

namespace project8::rules::detail {

/// For each input of `c`, the column of `table` holding it (-1 for an input no
/// package reads and the table lacks); InvalidArgument listing every column
/// that is missing or of another type. `what` names `c` in the message.
std::vector<std::int32_t> bind(const Compiled& c, const data::Table& table,
                               std::string_view what = "rule set");

/// The value of each parameter on `as_of` (0 when none is in force: the static
/// checks guarantee that packages in force never read such a parameter).
std::vector<std::int64_t> parameter_values(const Compiled& c, core::Date as_of);

/// InvalidArgument unless `d` is a real date.
void check_date(core::Date d);

/// Reads one row of a table for the one-case evaluator.
class TableRow final : public RowSource {
 public:
  TableRow(const data::Table& t, const std::vector<std::int32_t>& columns, std::size_t row,
           const TableReader* tables = nullptr)
      : t_(t), columns_(columns), row_(row), tables_(tables) {}
  Scalar cell(std::int32_t table, std::int64_t column, std::string_view key) const override {
    return tables_ != nullptr ? tables_->cell(table, column, key) : Scalar{};
  }
  Scalar scale(std::int32_t scale, std::int64_t mode, std::int64_t x,
               bool x_decimal) const override {
    return tables_ != nullptr ? tables_->scale(scale, mode, x, x_decimal) : Scalar{};
  }
  Scalar input(std::int32_t slot) const override {
    const data::Column& c =
        t_.column(static_cast<std::size_t>(columns_[static_cast<std::size_t>(slot)]));
    if (!c.is_valid(row_)) return Scalar{kMissing, 0, {}};
    switch (c.type()) {
      case data::ColumnType::boolean:
        return Scalar{kPresent, c.bool_data()[row_] != 0 ? 1 : 0, {}};
      case data::ColumnType::integer:
      case data::ColumnType::date:
        return Scalar{kPresent, c.int64_data()[row_], {}};
      case data::ColumnType::enumeration:
        return Scalar{kPresent, c.code_at(row_), {}};
      case data::ColumnType::string:
        return Scalar{kPresent, 0, c.string_at(row_)};
    }
    return {};
  }

 private:
  const data::Table& t_;
  const std::vector<std::int32_t>& columns_;
  std::size_t row_;
  const TableReader* tables_;
};

/// The field of input `slot` of `c`: a declared input's, a derived
/// enumeration's (household.NAME), or nullptr.
const data::Field* derived_or_input_field(const Compiled& c, std::int32_t slot);

/// A value as it reads in a trace ("∅" missing, "error", a date in ISO form,
/// an enumeration's or a text's value quoted).
std::string show(const Scalar& s, Type type, const data::Field* field);

/// The expression text with each name (input, parameter, as_of) replaced by its value.
std::string substitute(const Expr& e, const std::vector<Scalar>& values, const Compiled& c);

}  // namespace project8::rules::detail

namespace project8::rules {
// The engine's own files name these without `detail::` (this header is private).
using detail::bind;
using detail::check_date;
using detail::Compiled;
using detail::parameter_values;
using detail::Scalar;
using detail::show;
using detail::substitute;
using detail::TableRow;
}  // namespace project8::rules
