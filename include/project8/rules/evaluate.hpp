/// \file
/// Evaluating a rule set: one case with a full trace, many cases over columns,
/// what-if comparisons, and the rule file's own tests.
///
/// Semantics per person and package: eligible when the package is in force on
/// `as_of` and every condition is true. Otherwise the reason is the id of the
/// first condition (file order) that is not true — `unknown:<id>` when it was
/// unknown (a missing input), `error:<id>` when it could not be computed
/// (division by zero, overflow) — or `not_in_force`. The amount is computed
/// only for eligible persons; an amount that is missing, negative or
/// overflows makes the person `error:amount` (not eligible, amount 0).
///
/// **Example**:
///
///     using namespace project8;
///     auto rules = rules::RuleSet::load("data/rules/safe-motherhood.yaml");
///     auto people = data::read_csv("people.csv", rules.inputs());
///     auto results = rules::evaluate(rules, people, core::make_date(2025, 6, 30));
///     results.packages[0].eligible_count;          // persons eligible for the first package
///     report::to_text(rules::explain(rules, people, 0, core::make_date(2025, 6, 30)));  //
///     report/render.hpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/money.hpp>
#include <project8/data/csv.hpp>
#include <project8/data/table.hpp>
#include <project8/rules/rule_set.hpp>

namespace project8::rules {

namespace detail {
struct BoundHouseholds;
}

/// How evaluate() runs.
struct EvaluateOptions {
  std::size_t threads =
      0;  ///< Worker threads; 0 = one per hardware core, fewer below 16,384 rows each.
  /// Rows per chunk (1 to 1,048,576); 0 = chosen per call by default_chunk_rows().
  std::size_t chunk_rows = 0;
  /// Store the reason codes of a package with at most 127 reasons one byte
  /// wide (ReasonCodes::narrow(), as pandas stores such codes): the evaluator
  /// decides straight into them, with no pass over the results afterwards.
  bool narrow_reasons = false;
};

/// The rows per chunk evaluate() uses when EvaluateOptions::chunk_rows is 0,
/// for `rows` persons shared by `threads` threads (0 counts as 1): 8,192 (a
/// chunk's node buffers stay in the core's cache; a small population sets up
/// little per call), or 32,768 once each thread has at least 1,048,576 rows,
/// where longer reads of each column pay (docs/performance.md: about 8–10%
/// faster from 3 million persons on, the same at 1 million, slower below).
[[nodiscard]] std::size_t default_chunk_rows(std::size_t rows, std::size_t threads) noexcept;

/// A package's reason code per row — an index into PackageResults::reasons —
/// in one of two widths: two bytes, or one byte when the package has at most
/// 127 reasons and EvaluateOptions::narrow_reasons asked for it (as pandas
/// stores such codes, so Python takes them without a copy).
class ReasonCodes {
 public:
  using Wide = data::Buffer<std::int16_t>;   ///< Two bytes per row.
  using Narrow = data::Buffer<std::int8_t>;  ///< One byte per row.

  /// No rows.
  ReasonCodes() = default;
  /// Room for `rows` codes, one byte wide when `narrow`; not initialised (the
  /// evaluator writes every row).
  ReasonCodes(std::size_t rows, bool narrow);

  /// Rows.
  [[nodiscard]] std::size_t size() const noexcept;
  /// Whether the codes are one byte wide.
  [[nodiscard]] bool narrow() const noexcept { return std::holds_alternative<Narrow>(codes_); }
  /// The code of row `i`; std::out_of_range past the end.
  [[nodiscard]] std::size_t at(std::size_t i) const;
  /// The codes as stored (for the evaluator, and to hand them over without a copy).
  [[nodiscard]] std::variant<Wide, Narrow>& storage() noexcept { return codes_; }
  /// As above, read-only.
  [[nodiscard]] const std::variant<Wide, Narrow>& storage() const noexcept { return codes_; }
  /// Equal when of the same width with the same codes.
  friend bool operator==(const ReasonCodes&, const ReasonCodes&) = default;

 private:
  std::variant<Wide, Narrow> codes_;
};

/// The results of one package over a population, as columns.
struct PackageResults {
  std::string id;                 ///< Package id.
  std::string entity = "person";  ///< Whose rows: `person`, or `household` (one per household).
  data::Buffer<std::uint8_t> eligible;  ///< 1 when eligible, per row.
  data::Buffer<std::int64_t> amount;    ///< Amount in đồng, 0 when not eligible.
  ReasonCodes reason;                   ///< Index into `reasons`, per row.
  std::vector<std::string>
      reasons;  ///< Reason texts: "" (eligible), not_in_force, condition ids, unknown:…, error:….
  std::size_t eligible_count = 0;  ///< Rows eligible.
  std::size_t error_count = 0;     ///< Rows whose reason is an `error:` one.
  core::Money total;               ///< Sum of the amounts (overflow-checked).

  /// The reason text of row `i`.
  [[nodiscard]] const std::string& reason_at(std::size_t i) const {
    return reasons.at(reason.at(i));
  }
  /// The reason index of row `i`.
  [[nodiscard]] std::size_t code_at(std::size_t i) const { return reason.at(i); }
  /// Rows per reason index (same order as `reasons`).
  [[nodiscard]] std::vector<std::size_t> reason_counts() const;
};

/// The results of a rule set over a population.
struct Results {
  core::Date as_of;                      ///< Evaluation date.
  std::size_t rows = 0;                  ///< Persons evaluated.
  std::size_t household_rows = 0;        ///< Households evaluated (0 without households).
  std::vector<PackageResults> packages;  ///< One per package, in file order.

  /// The package results for `id`; core::NotFoundError otherwise.
  [[nodiscard]] const PackageResults& package(std::string_view id) const;
};

/// The parts of a package's results, each one column of results_table().
enum class ResultPart : std::uint8_t {
  eligible,  ///< Whether the row is eligible (boolean).
  amount,    ///< The amount in đồng (integer).
  reason,    ///< Why not, or "" (enumeration over PackageResults::reasons).
};

/// The name of a package's result column: `<package>_eligible`,
/// `<package>_amount` or `<package>_reason` (the one naming, used by the
/// command line, the C API and Python).
[[nodiscard]] std::string result_column(std::string_view package, ResultPart part);

/// The results of `entity`'s packages (`person` or `household`) as one table,
/// without copying them: first the column `id_column` of `rows` (the rows
/// evaluated) when it has one, else that name over the row numbers from 1;
/// then per package, in file order, the columns of result_column(). The
/// table keeps `results` alive.
[[nodiscard]] data::Table results_table(std::shared_ptr<const Results> results,
                                        const data::Table& rows, std::string_view id_column = "id",
                                        std::string_view entity = "person");

/// Evaluates every package for every row of `population` on `as_of`. The
/// table must have a column for each declared input that some package reads
/// and that has no default (an input's default fills its missing cells, or
/// the whole column when the table lacks it),
/// by name, of the declared type (enumerations with the same values); other
/// columns are ignored. Runs
/// in chunks on `options.threads` threads with no per-row allocation.
/// Throws core::InvalidArgument when the table does not fit the inputs, and
/// core::OverflowError when a package's total leaves the int64 range.
[[nodiscard]] Results evaluate(const RuleSet& rules, const data::Table& population,
                               core::Date as_of, const EvaluateOptions& options = {});

/// Evaluates a rule set with households (RuleSet::has_households()): every
/// household package for every row of `households`, every person package for
/// every row of `persons`. Each person's household is the row of `households`
/// whose key (RuleSet::household_key()) is the person's; members may come in
/// any order. A person without a key or whose key names no household row, a
/// household key missing or repeated, and a household without members are
/// InvalidArgument naming the rows. Results::packages are in file order, each
/// with the rows of its entity (PackageResults::entity).
[[nodiscard]] Results evaluate(const RuleSet& rules, const data::Table& persons,
                               const data::Table& households, core::Date as_of,
                               const EvaluateOptions& options = {});

/// Throws core::ValidationError for the rows of `population` whose `id` an
/// earlier row has — a person who would be counted (and paid) twice — each
/// located at its line in `source_name` (`row_lines`, as
/// CsvOptions::row_lines gives them; without them, the row number), never
/// quoting the id. At most 20 are listed. Nothing when there is no `id`
/// column of text. The command line and the C API check every population
/// they read from a file; the workspace import and the payment audit too.
void check_unique_ids(const data::Table& population, const std::string& source_name,
                      const std::vector<std::size_t>& row_lines = {});

/// parse_population(), then check_unique_ids() with each row's line: how the
/// command line and the C API read a population to evaluate.
[[nodiscard]] data::Table parse_unique_population(const RuleSet& rules, std::string_view csv,
                                                  const std::string& source_name);

/// Reads a population CSV with the rule set's inputs as schema; inputs that no
/// package reads (such as `id`) may be absent (their column is then all missing).
[[nodiscard]] data::Table read_population(const RuleSet& rules, const std::filesystem::path& path,
                                          data::CsvOptions options = {});

/// As read_population(), from CSV text; `source_name` labels locations in errors.
[[nodiscard]] data::Table parse_population(const RuleSet& rules, std::string_view csv,
                                           const std::string& source_name,
                                           data::CsvOptions options = {});

/// Reads a household CSV with the rule set's household inputs as schema
/// (RuleSet::household_inputs()); inputs no package reads may be absent.
/// InvalidArgument when the rule set declares no households.
[[nodiscard]] data::Table read_households(const RuleSet& rules, const std::filesystem::path& path,
                                          data::CsvOptions options = {});

/// As read_households(), from CSV text; `source_name` labels locations in errors.
[[nodiscard]] data::Table parse_households(const RuleSet& rules, std::string_view csv,
                                           const std::string& source_name,
                                           data::CsvOptions options = {});

/// The value of a condition in a trace.
enum class Truth : std::uint8_t {
  yes,      ///< True.
  no,       ///< False.
  unknown,  ///< Missing input.
  error,    ///< Could not be computed.
};

/// The keys and labels of Truth (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<Truth> kTruthText[] = {
    {Truth::yes, "true", "Đúng", "True"},
    {Truth::no, "false", "Sai", "False"},
    {Truth::unknown, "unknown", "Thiếu dữ liệu", "Unknown"},
    {Truth::error, "error", "Lỗi", "Error"},
};
/// The text table of Truth (found by argument-dependent lookup).
constexpr core::EnumInfo<Truth> enum_text(Truth /*unused*/) noexcept {
  return {"truth value", kTruthText};
}

/// `true`, `false`, `unknown` or `error`.
[[nodiscard]] std::string_view to_string(Truth t) noexcept;

/// One condition in a trace.
struct ConditionTrace {
  std::string id;           ///< Condition id.
  std::string when;         ///< Its expression.
  std::string with_values;  ///< The expression with the names replaced by their values.
  Truth value = Truth::no;  ///< Its value.
  bool decisive = false;    ///< True for the condition that gave the reason.
};

/// A decimal value (a count of millionths, as decimal parameters and
/// expressions hold them) as text: 700000 → "0.7", -1500000 → "-1.5".
[[nodiscard]] std::string decimal_text(std::int64_t millionths);

/// A parameter value a trace used.
struct ParameterUse {
  std::string name;        ///< Parameter name.
  std::int64_t value = 0;  ///< Value in force on as_of (in millionths when `decimal`).
  bool decimal = false;    ///< A decimal parameter.
  std::string unit;        ///< Its unit.
  core::Date from;         ///< First day of that value.
  legal::Citation source;  ///< Where it comes from.
  legal::ValueStatus status = legal::ValueStatus::provisional;  ///< Verified or provisional.
};

/// A named variable's value in a trace.
struct VariableUse {
  std::string name;   ///< Variable name.
  std::string value;  ///< Its value as the trace shows it ("∅" when missing).
};

/// A dated table's cell a trace read (`communes[commune].region`).
struct TableUse {
  std::string table;                     ///< Table name.
  std::string column;                    ///< Column read.
  std::string key;                       ///< The row's key (e.g. a unit code).
  std::string value;                     ///< The value as the trace shows it ("∅" when none).
  core::LocalizedText note;              ///< Where it comes from (the unit, its classes).
  std::vector<legal::Citation> sources;  ///< The instruments behind it.
};

/// One package in a trace.
struct PackageTrace {
  std::string id;                          ///< Package id.
  core::LocalizedText title;               ///< Its title.
  bool in_force = false;                   ///< In force on as_of.
  std::vector<ConditionTrace> conditions;  ///< Every condition, evaluated.
  bool eligible = false;                   ///< The decision.
  std::string reason;                      ///< "" when eligible.
  std::int64_t amount = 0;                 ///< Amount in đồng.
  std::string amount_expression;           ///< The amount expression.
  std::string amount_with_values;          ///< The amount expression with values substituted.
  std::vector<ParameterUse> parameters;    ///< Parameters read by the package.
  std::vector<TableUse> tables;            ///< Table cells read by the package.
  std::vector<VariableUse> variables;      ///< Named variables the package read, with values.
  legal::ValueStatus status = legal::ValueStatus::verified;  ///< The package's own status.
};

/// A full explanation of one person's (or household's) results.
struct Trace {
  core::Date as_of;               ///< Evaluation date.
  std::size_t row = 0;            ///< Row in the population (or the households).
  std::string entity = "person";  ///< Whose row: `person` or `household`.
  /// The `id` column's value when there is one (a household's: its key).
  std::string person;
  std::vector<PackageTrace> packages;  ///< One per package.
};

/// Explains row `row` of `population` on `as_of`: each condition with its
/// value, the parameters used (with citation and status), the amount's
/// computation. Agrees with evaluate() on every row.
[[nodiscard]] Trace explain(const RuleSet& rules, const data::Table& population, std::size_t row,
                            core::Date as_of);

/// As above, for a rule set with households: row `row` of `persons` (entity
/// `person`: the person packages) or of `households` (entity `household`:
/// the household packages, with each aggregation over the members).
[[nodiscard]] Trace explain(const RuleSet& rules, const data::Table& persons,
                            const data::Table& households, std::size_t row, core::Date as_of,
                            std::string_view entity = "person");

/// One package's decision for one person (what a Trace says, without its text).
struct Decision {
  bool eligible = false;    ///< The decision.
  std::string reason;       ///< "" when eligible, as in Trace and evaluate().
  std::int64_t amount = 0;  ///< Amount in đồng (0 when not eligible).
};

/// Decides persons one at a time, each on its own date, bound to a population
/// once (e.g. checking payments, each on its payment date). decide() builds no
/// text; explain() gives the full trace. Both agree with evaluate().
class CaseEvaluator {
 public:
  /// Binds `rules` to `population`'s columns (InvalidArgument when they do not fit).
  CaseEvaluator(const RuleSet& rules, const data::Table& population);
  /// For a rule set with households: binds and links persons and households
  /// (InvalidArgument as evaluate() with households says).
  CaseEvaluator(const RuleSet& rules, const data::Table& persons, const data::Table& households);
  /// Per package of `entity` (`person` or `household`), in file order, the
  /// decision for its row `row` on `as_of`.
  [[nodiscard]] std::vector<Decision> decide(std::size_t row, core::Date as_of,
                                             std::string_view entity = "person") const;
  /// The full trace of row `row` of `entity` on `as_of` (see the free explain()).
  [[nodiscard]] Trace explain(std::size_t row, core::Date as_of,
                              std::string_view entity = "person") const;

 private:
  void run(std::size_t row, core::Date as_of, std::string_view entity, Trace* trace,
           std::vector<Decision>* decisions) const;
  RuleSet rules_;
  const data::Table* population_;
  std::shared_ptr<const data::Table> filled_;  // the population with defaults, when any applies
  std::vector<std::int32_t> columns_;
  std::shared_ptr<const detail::BoundHouseholds> households_;  // with households: both, linked
};

/// The difference one package makes between two rule sets.
struct WhatIfPackage {
  std::string id;                    ///< Package id.
  std::string entity = "person";     ///< Whose rows the counts are: person or household.
  bool in_base = true;               ///< The base rule set has it.
  bool in_variant = true;            ///< The variant rule set has it.
  std::size_t base_eligible = 0;     ///< Eligible under the base.
  std::size_t variant_eligible = 0;  ///< Eligible under the variant.
  std::size_t gained = 0;            ///< Eligible only under the variant.
  std::size_t lost = 0;              ///< Eligible only under the base.
  core::Money base_cost;             ///< Total amount under the base.
  core::Money variant_cost;          ///< Total amount under the variant.
  /// Gainers counted by their reason under the base: the conditions that no longer stop them.
  std::vector<std::pair<std::string, std::size_t>> gained_by_reason;
  /// Losers counted by their reason under the variant: the conditions that now stop them.
  std::vector<std::pair<std::string, std::size_t>> lost_by_reason;

  /// variant_cost − base_cost.
  [[nodiscard]] core::Money cost_difference() const { return variant_cost - base_cost; }
};

/// A what-if comparison of two rule sets on one population.
struct WhatIf {
  Results base;     ///< Results under the base.
  Results variant;  ///< Results under the variant.
  std::vector<WhatIfPackage>
      packages;  ///< Base packages in order, then packages only in the variant.
};

/// Evaluates `base` and `variant` on the same population and compares them package by package.
[[nodiscard]] WhatIf whatif(const RuleSet& base, const RuleSet& variant,
                            const data::Table& population, core::Date as_of,
                            const EvaluateOptions& options = {});

/// As above, with households: each rule set is evaluated on the persons and,
/// when it declares households, on `households` too; a household package is
/// compared household by household. InvalidArgument when a package is decided
/// per person in one rule set and per household in the other.
[[nodiscard]] WhatIf whatif(const RuleSet& base, const RuleSet& variant, const data::Table& persons,
                            const data::Table& households, core::Date as_of,
                            const EvaluateOptions& options = {});

/// Whether each condition was seen true and seen false by the tests.
struct ConditionCoverage {
  std::string package;      ///< Package id.
  std::string condition;    ///< Condition id.
  bool seen_true = false;   ///< Some test made it true.
  bool seen_false = false;  ///< Some test made it false (or unknown).
};

/// The outcome of the rule file's declarative tests.
struct TestReport {
  std::size_t passed = 0;                   ///< Tests whose expectations all held.
  std::vector<core::Problem> failures;      ///< One per failed expectation, at the test.
  std::vector<ConditionCoverage> coverage;  ///< Every condition of every package.

  /// True when no test failed.
  [[nodiscard]] bool ok() const noexcept { return failures.empty(); }
  /// Conditions seen both true and false.
  [[nodiscard]] std::size_t covered() const noexcept;
};

/// Runs the tests written in the rule file.
[[nodiscard]] TestReport run_tests(const RuleSet& rules);

}  // namespace project8::rules
