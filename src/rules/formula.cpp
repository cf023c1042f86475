// Formula: one integer expression of the rule language over a table's columns.
#include <string>

#include "shared.hpp"
#include <project8/core/checked.hpp>
#include <project8/rules/evaluate.hpp>
#include <project8/rules/formula.hpp>

namespace project8::rules {

// ---------------------------------------------------------------------------
// Formula

namespace detail {
/// A formula: the names it may read (as a rule set's inputs and parameters) and its expression.
struct CompiledFormula {
  Compiled names;  ///< inputs, parameters, used_inputs.
  Expr expr;       ///< The integer expression.
};
}  // namespace detail

Formula Formula::compile(std::string_view text, const data::Schema& columns,
                         std::vector<legal::Parameter<std::int64_t>> parameters,
                         const std::string& source_name) {
  auto f = std::make_shared<detail::CompiledFormula>();
  f->names.name = source_name;
  f->names.inputs = columns;
  f->names.parameters = std::move(parameters);
  detail::Scope scope;
  scope.inputs = &f->names.inputs;
  for (const auto& p : f->names.parameters) {
    if (columns.index_of(p.name())) {
      throw core::InvalidArgument("parameter '" + p.name() + "' has the name of a column");
    }
    scope.parameters.push_back(p.name());
  }
  f->expr = detail::compile(text, scope, detail::Type::integer,
                            core::SourceLocation{source_name, 1, 1}, "formula");
  f->names.used_inputs.assign(columns.size(), false);
  for (const auto i : f->expr.inputs) f->names.used_inputs[static_cast<std::size_t>(i)] = true;
  return Formula(std::move(f));
}

const std::string& Formula::text() const noexcept {
  return impl_->expr.text;
}

std::vector<std::string> Formula::columns_used() const {
  std::vector<std::string> out;
  for (const auto i : impl_->expr.inputs)
    out.push_back(impl_->names.inputs.fields()[static_cast<std::size_t>(i)].name);
  return out;
}

namespace {

/// The formula's parameter values on `as_of`; InvalidArgument when one it reads has none.
std::vector<std::int64_t> formula_parameters(const detail::CompiledFormula& f, core::Date as_of) {
  check_date(as_of);
  for (const auto slot : f.expr.params) {
    const auto& p = f.names.parameters[static_cast<std::size_t>(slot)];
    if (p.find(as_of) == nullptr) {
      throw core::InvalidArgument("parameter '" + p.name() + "' has no value in force on " +
                                  core::to_iso(as_of));
    }
  }
  return parameter_values(f.names, as_of);
}

FormulaValue to_formula_value(const Scalar& s) {
  if (s.state == detail::kPresent) return {FormulaValue::State::present, s.value};
  return {s.state == detail::kMissing ? FormulaValue::State::missing : FormulaValue::State::error,
          0};
}

}  // namespace

std::vector<FormulaValue> Formula::evaluate(const data::Table& table, core::Date as_of) const {
  const auto params = formula_parameters(*impl_, as_of);
  const auto columns = bind(impl_->names, table, "formula");
  const std::int64_t day = data::to_epoch_days(as_of);
  std::vector<FormulaValue> out;
  out.reserve(table.rows());
  for (std::size_t row = 0; row < table.rows(); ++row) {
    out.push_back(to_formula_value(
        detail::eval_scalar(impl_->expr, TableRow(table, columns, row), params, day)));
  }
  return out;
}

std::string Formula::explain(const data::Table& table, std::size_t row, core::Date as_of) const {
  core::require(row < table.rows(), "row " + std::to_string(row) + " is beyond the table's " +
                                        std::to_string(table.rows()) + " rows");
  const auto params = formula_parameters(*impl_, as_of);
  const auto columns = bind(impl_->names, table, "formula");
  std::vector<Scalar> values;
  const Scalar v = detail::eval_scalar(impl_->expr, TableRow(table, columns, row), params,
                                       data::to_epoch_days(as_of), &values);
  return substitute(impl_->expr, values, impl_->names) + " = " +
         show(v, detail::Type::integer, nullptr);
}

}  // namespace project8::rules
