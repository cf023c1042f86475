// The compiled form of a rule set, shared by the loader and the evaluators.
// Private to the library.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "expr.hpp"
#include <project8/geo/registry.hpp>
#include <project8/legal/parameter.hpp>
#include <project8/rules/rule_set.hpp>

namespace project8::rules::detail {

/// A package with its compiled expressions and reason categories.
struct CompiledPackage {
  std::vector<Expr> conditions;      ///< One per condition, in order.
  Expr amount;                       ///< Integer expression.
  std::vector<std::string> reasons;  ///< Reason categories, see reason_code().
  std::vector<std::int32_t> params;  ///< Parameters any of its expressions read.
};

/// Reason codes of a package with `n` conditions: 0 eligible (""), 1
/// not_in_force, 2 + 3k condition k false, 3 + 3k unknown:k, 4 + 3k error:k,
/// 2 + 3n error:amount.
enum : std::int16_t { kEligible = 0, kNotInForce = 1, kFirstCondition = 2 };

/// The reason code for condition `k` in `state` (0 missing, 1 false, 2 error).
constexpr std::int16_t condition_reason(std::size_t k, int state) noexcept {
  return static_cast<std::int16_t>(kFirstCondition + 3 * k + (state == 1 ? 0 : state == 0 ? 1 : 2));
}
/// The reason code for an amount that could not be computed.
constexpr std::int16_t amount_error_reason(std::size_t conditions) noexcept {
  return static_cast<std::int16_t>(kFirstCondition + 3 * conditions);
}

/// The rows of a file table, by key: each row's days, values, citation and line.
struct FileRows {
  std::vector<std::string> keys;                   ///< Per row.
  std::vector<core::DateRange> days;               ///< Per row.
  std::vector<std::vector<std::int64_t>> values;   ///< Per column, per row.
  std::vector<std::vector<std::uint8_t>> present;  ///< Per column, per row: 1 when present.
  std::vector<legal::Citation> sources;            ///< Per row.
  std::vector<legal::ValueStatus> statuses;        ///< Per row.
  std::vector<std::size_t> lines;                  ///< Per row: its line in the file.
  std::unordered_map<std::string, std::vector<std::size_t>> by_key;  ///< Rows of each key.
};

/// One dated set of brackets of a scale: thresholds (increasing, whole
/// units) and per bracket a rate (millionths) or an amount.
struct ScaleValue {
  core::DateRange days;                  ///< When it is in force.
  std::vector<std::int64_t> thresholds;  ///< Lower bound of each bracket.
  std::vector<std::int64_t> values;      ///< Per bracket: rate (millionths) or amount.
  legal::Citation source;                ///< Where it comes from.
  legal::ValueStatus status = legal::ValueStatus::provisional;  ///< Verified or not.
};

/// A scale parameter (`brackets:`), read by marginal() and bracket().
struct Scale {
  std::string name;                ///< Its name.
  std::string unit;                ///< Its unit.
  bool amounts = false;            ///< Brackets carry amounts (else rates).
  std::vector<ScaleValue> values;  ///< By first day.
};

/// Everything a loaded rule set holds.
struct Compiled {
  std::string name;                                         ///< Rule set name.
  std::string description;                                  ///< Free text.
  std::string source_text;                                  ///< The YAML.
  std::string source_name;                                  ///< Label for locations.
  int schema = 1;                                           ///< 1 or 2.
  data::Schema inputs;                                      ///< Declared inputs.
  std::vector<bool> unit_inputs;                            ///< Per input: declared `unit`.
  std::vector<std::optional<data::Column>> defaults;        ///< Per input: its default, one cell.
  std::vector<NamedVariable> variables;                     ///< Named variables.
  std::vector<Expr> variable_exprs;                         ///< Parallel to variables.
  std::vector<DatedTable> tables;                           ///< Dated tables.
  std::vector<TableShape> table_shapes;                     ///< Parallel to tables.
  std::vector<std::shared_ptr<const FileRows>> table_rows;  ///< Parallel to tables (file tables).
  std::shared_ptr<const geo::Registry> registry;            ///< For `source: registry` tables.
  std::vector<legal::Parameter<std::int64_t>> parameters;   ///< Parameters.
  std::vector<Scale> scales;                                ///< Scale parameters (`brackets:`).
  std::vector<bool> decimal_parameters;   ///< Per parameter: decimal (values in millionths).
  std::vector<Package> packages;          ///< Declarations.
  std::vector<CompiledPackage> compiled;  ///< Parallel to packages.
  std::vector<RuleTest> tests;            ///< Declarative tests.
  std::vector<core::Problem> warnings;    ///< Static-check warnings.
  std::vector<bool> used_inputs;          ///< Per input: read by some package.

  // Entities (schema 2 with `entities: {household: {key: …}}`).
  std::string entity = "person";  ///< The entity whose packages this decides.
  std::string household_key;      ///< The column linking persons to households ("": none).
  /// The household entity: its inputs, variables and packages (the
  /// parameters, scales and tables are the persons' own, copied), or nullptr.
  std::shared_ptr<Compiled> household;
  std::vector<Derived> derived;  ///< Computed inputs, at slots inputs.size() + k.
  /// Per package: 0 when it reads no package's result (PKG.eligible), else
  /// one more than the highest level it reads; decided level by level.
  std::vector<std::uint32_t> package_level;
  std::vector<Package> all_packages;         ///< Every package in file order (all entities).
  std::vector<NamedVariable> all_variables;  ///< Every variable: the persons', the households'.

  /// The field of declared input `slot`, or nullptr for a derived one.
  [[nodiscard]] const data::Field* input_field(std::int32_t slot) const {
    const auto k = static_cast<std::size_t>(slot);
    return k < inputs.size() ? &inputs.fields()[k] : nullptr;
  }
  /// The entity's compiled form: this one for persons, `household` for households.
  [[nodiscard]] const Compiled& of(std::string_view e) const {
    return e == "household" && household ? *household : *this;
  }
};

/// Value states shared by the evaluators.
enum : std::uint8_t { kMissing = 0, kPresent = 1, kError = 2, kAny = 3 };

/// The state of a package's result (PKG.eligible, PKG.amount) from its
/// reason code: present when decided (eligible, a condition false, or not in
/// force), missing for an `unknown:` reason, an error for an `error:` one.
constexpr std::uint8_t package_result_state(std::int64_t code, std::size_t conditions) noexcept {
  if (code < kFirstCondition) return kPresent;
  if (code == amount_error_reason(conditions)) return kError;
  switch ((code - kFirstCondition) % 3) {
    case 0:
      return kPresent;
    case 1:
      return kMissing;
    default:
      return kError;
  }
}

/// One value in the one-case evaluator.
struct Scalar {
  std::uint8_t state = kMissing;  ///< kMissing, kPresent, kError or kAny.
  std::int64_t value = 0;         ///< Meaningful when present.
  std::string_view text;          ///< For string inputs.
};

class TableReader;

/// Reads one input value for the one-case evaluator.
struct RowSource {
  virtual ~RowSource() = default;
  /// The value of input `slot`.
  virtual Scalar input(std::int32_t slot) const = 0;
  /// The cell `column` of table `table` for `key` on the evaluation date
  /// (missing when no tables are bound).
  virtual Scalar cell(std::int32_t table, std::int64_t column, std::string_view key) const;
  /// A scale's value at x on the evaluation date (missing when no tables are bound).
  virtual Scalar scale(std::int32_t scale, std::int64_t mode, std::int64_t x, bool x_decimal) const;
};

/// The columns of a table read from the unit registry, in order.
inline constexpr std::string_view kRegistryColumns[] = {"region", "especially_difficult"};

/// The cells of the dated tables on one day, for the evaluators: each key's
/// row is worked out on first use and kept (one reader per thread).
class TableReader {
 public:
  /// Reads `c`'s tables as they are on `as_of`.
  TableReader(const Compiled& c, core::Date as_of) : c_(&c), as_of_(as_of) {}
  /// The cell `column` of table `table` for `key` (missing when no row is in force).
  [[nodiscard]] Scalar cell(std::int32_t table, std::int64_t column, std::string_view key) const;
  /// marginal (mode 0: the sum over brackets of rate × the part of x in
  /// it, a decimal) or bracket (mode 1: the rate or amount of the bracket x
  /// is in; 0 below the first threshold) of scale `scale` in force on
  /// as_of, for x (a decimal when `x_decimal`); missing when none is in force.
  [[nodiscard]] Scalar scale(std::int32_t scale, std::int64_t mode, std::int64_t x,
                             bool x_decimal) const;
  /// Why the cell reads as it does, for traces: the unit, its classes and their instruments.
  [[nodiscard]] core::LocalizedText explain(std::int32_t table, std::string_view key,
                                            std::vector<legal::Citation>* sources) const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  using Row = std::vector<Scalar>;
  [[nodiscard]] const Row& row(std::int32_t table, std::string_view key) const;
  static constexpr std::size_t kNoRow = static_cast<std::size_t>(-1);
  /// The row of file table `table` for `key` in force on as_of, or kNoRow.
  [[nodiscard]] std::size_t file_row(std::int32_t table, std::string_view key) const;
  const Compiled* c_;
  core::Date as_of_;
  mutable std::vector<std::unordered_map<std::string, Row, Hash, std::equal_to<>>> cache_;
  /// Per scale: its brackets in force on as_of, found on first use (nullptr: none).
  mutable std::vector<const ScaleValue*> scale_in_force_;
  mutable std::vector<std::uint8_t> scale_found_;
};

/// `table` with every input that has a default filled: a column the table
/// lacks becomes the default on every row, a missing cell takes the default;
/// nullopt when no default applies (the table is used as it is).
std::optional<data::Table> with_defaults(const Compiled& c, const data::Table& table);

/// InvalidArgument when `c` reads the unit registry and none is bound.
void check_tables_bound(const Compiled& c);

/// Evaluates `e` for one case: every node in order; `values` receives each
/// node's value (for traces). `params` holds each parameter's value on as_of.
/// When `abstract`, parameters and as_of are "anything" (for static checks).
Scalar eval_scalar(const Expr& e, const RowSource& row, const std::vector<std::int64_t>& params,
                   std::int64_t as_of_days, std::vector<Scalar>* values = nullptr,
                   bool abstract = false);

}  // namespace project8::rules::detail
