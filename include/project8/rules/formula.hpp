/// \file
/// Formulas: one integer expression of the rule language (docs/rules.md) over
/// the columns of a table, with optional dated, cited parameters — for
/// example an allocation weight over unit attributes:
///
///     auto units = project8::data::read_csv_inferred("units.csv", {{"unit", "string"}});
///     auto w = project8::rules::Formula::compile(
///         "max(if(region == 3, 50, 0), if(region == 2, 40, 0), 25) + dbkk_villages",
///         units.schema());
///     auto values = w.evaluate(units, as_of);   // one FormulaValue per unit
///     std::cout << w.explain(units, 0, as_of);  // "max(if(3 == 3, 50, 0), …) + 4 = 54"
///
/// It is checked when compiled like a rule file's expressions: a syntax error,
/// an unknown name or a type mismatch is a core::RuleError located inside the
/// text. Missing cells propagate (`coalesce` and `is_missing` handle them);
/// division by zero and overflow are errors for that row only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/data/table.hpp>
#include <project8/legal/parameter.hpp>

namespace project8::rules {

/// The value of a formula for one row.
struct FormulaValue {
  /// Whether there is a value.
  enum class State : std::uint8_t {
    present,  ///< `value` holds it.
    missing,  ///< An input it needed was empty.
    error,    ///< It could not be computed (division by zero, overflow).
  };
  State state = State::missing;  ///< Whether there is a value.
  std::int64_t value = 0;        ///< The value when present.
  /// True when present.
  [[nodiscard]] bool present() const noexcept { return state == State::present; }
};

namespace detail {
struct CompiledFormula;
}

/// A compiled integer formula over named columns. Immutable, cheap to copy.
class Formula {
 public:
  /// Compiles `text` for tables with `columns`; `parameters` are further names
  /// whose value is the one in force on the evaluation date. core::RuleError
  /// (located at `source_name`, column inside the text) when it is not a
  /// valid integer expression over those names.
  [[nodiscard]] static Formula compile(std::string_view text, const data::Schema& columns,
                                       std::vector<legal::Parameter<std::int64_t>> parameters = {},
                                       const std::string& source_name = "formula");

  /// The source text.
  [[nodiscard]] const std::string& text() const noexcept;
  /// The names of the columns it reads, in schema order.
  [[nodiscard]] std::vector<std::string> columns_used() const;

  /// Its value on every row of `table` on `as_of`. core::InvalidArgument when
  /// a column it reads is absent or of another type, or a parameter it reads
  /// has no value in force on `as_of`.
  [[nodiscard]] std::vector<FormulaValue> evaluate(const data::Table& table,
                                                   core::Date as_of) const;

  /// Row `row` worked out: the text with each name replaced by its value, then
  /// `= value` (or `= ∅` / `= error`).
  [[nodiscard]] std::string explain(const data::Table& table, std::size_t row,
                                    core::Date as_of) const;

 private:
  explicit Formula(std::shared_ptr<const detail::CompiledFormula> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::CompiledFormula> impl_;
};

}  // namespace project8::rules
