/// \file
/// Rule sets: eligibility rules as data (YAML, schema `project8/rules/1` or `/2`).
///
/// A rule set declares the population's columns (`inputs`), dated and cited
/// `parameters`, and `packages` (policy packages), each with an effective
/// period, a source, ordered `conditions` and an `amount` — all written in the
/// rule expression language (see docs/rules.md). Schema 2 adds dated `tables`
/// read as `TABLE[KEY].COLUMN` (e.g. a commune's region class on the
/// evaluation date, from the unit registry) and inputs of type `unit`. Loading parses and
/// type-checks every expression and runs the static checks; every problem is reported at once with
/// file, line and column (inside the expression where it applies).
///
/// **Example**:
///
///     auto rules = project8::rules::RuleSet::load("data/rules/safe-motherhood.yaml");
///     for (const auto& p : rules.packages()) std::cout << p.id << '\n';
///     for (const auto& w : rules.warnings()) std::cerr << w.to_string() << '\n';
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/core/localized.hpp>
#include <project8/data/table.hpp>
#include <project8/legal/instrument.hpp>
#include <project8/legal/parameter.hpp>

/// Eligibility rules as data: rule sets, the expression language, evaluators.
namespace project8::geo {
class Registry;
}

namespace project8::rules {

/// Where a dated table's rows come from.
enum class TableSource : std::uint8_t {
  /// The unit registry's zone classes in force on the evaluation date,
  /// through the lineage (geo::Registry::zones_in_force), keyed by unit code.
  registry,
  /// A CSV file of dated, cited rows: the key, `from`, optional `to`, the
  /// declared columns, `source` and `status` (see docs/rules.md).
  file,
};

/// The keys and labels of TableSource (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<TableSource> kTableSourceText[] = {
    {TableSource::registry, "registry", "Danh mục đơn vị hành chính", "Unit registry"},
    {TableSource::file, "file", "Tệp CSV", "CSV file"},
};
/// The text table of TableSource (found by argument-dependent lookup).
constexpr core::EnumInfo<TableSource> enum_text(TableSource /*unused*/) noexcept {
  return {"table source", kTableSourceText};
}

/// A dated table a rule set reads (`tables:`), as `NAME[KEY].COLUMN` in expressions.
struct DatedTable {
  std::string name;                            ///< How expressions name it.
  TableSource source = TableSource::registry;  ///< Where its rows come from.
  std::vector<std::string>
      columns;                    ///< Its columns (for the registry: region, especially_difficult).
  core::SourceLocation location;  ///< Where it is declared.
  std::string path;               ///< For a file table: the CSV file, as resolved when loaded.
  std::string key;                ///< For a file table: the CSV column holding the key.
};

/// A named variable (`variables: {person: {NAME: EXPRESSION}}`, schema 2):
/// an expression with a name, read by conditions, amounts and other variables.
struct NamedVariable {
  std::string entity;             ///< The entity it is computed for (`person`).
  std::string name;               ///< How expressions name it.
  std::string expression;         ///< Its expression.
  core::SourceLocation location;  ///< Where the expression is written.
};

/// One condition of a package: all must hold; the first that does not names the reason.
struct Condition {
  std::string id;                 ///< Reason code when it does not hold (e.g. `ethnic_minority`).
  std::string when;               ///< The boolean expression.
  core::LocalizedText note;       ///< Optional explanation for people.
  core::SourceLocation location;  ///< Where `when` is written.
};

/// A policy package (e.g. antenatal travel support).
struct Package {
  std::string id;             ///< Identifier (column prefix in results).
  core::LocalizedText title;  ///< Title in Vietnamese and English.
  /// Whom it decides: `person`, or `household` (schema 2 with households:
  /// one decision and one amount per household).
  std::string entity = "person";
  core::DateRange effective;  ///< The days in force (a first day always; open-ended when no last).
  std::optional<legal::Citation> source;  ///< The legal basis.
  legal::ValueStatus status =
      legal::ValueStatus::verified;   ///< Provisional when the rule itself is not verified.
  std::string note;                   ///< What is known and unknown about it.
  std::vector<Condition> conditions;  ///< In order: the first that fails is the reason.
  std::string amount;                 ///< Integer expression in đồng (`0` when none).
  core::SourceLocation location;      ///< Where the package is written.

  /// True when the package is in force on `d`.
  [[nodiscard]] bool in_force(core::Date d) const noexcept {
    return effective.first() && effective.contains(d);
  }
};

/// What a declarative test expects of one package.
struct Expectation {
  std::string package;                 ///< Package id.
  std::optional<bool> eligible;        ///< Expected eligibility, if checked.
  std::optional<std::string> reason;   ///< Expected reason ("" when eligible), if checked.
  std::optional<std::int64_t> amount;  ///< Expected amount, if checked.
};

/// A test written inside a rule file (`tests:`): one person (or, with
/// households, one household and its members), a date, expectations.
struct RuleTest {
  /// Cell texts by column (absent: missing).
  using Cells = std::vector<std::pair<std::string, std::string>>;
  std::string name;            ///< Name shown in reports.
  core::Date as_of;            ///< Evaluation date.
  Cells input;                 ///< The person (without households).
  Cells household;             ///< With households: the household (its key filled when absent).
  std::vector<Cells> members;  ///< With households: its members (their key is the household's).
  std::size_t member =
      0;  ///< With households: the member the person packages' expectations are for.
  std::vector<Expectation> expect;  ///< What must come out.
  core::SourceLocation location;    ///< Where the test is written.
};

namespace detail {
struct Compiled;
}

/// A loaded, checked rule set. Immutable and cheap to copy (shared state).
class RuleSet {
 public:
  /// Loads a rule file; core::RuleError (every problem, located) when it is wrong,
  /// core::ParseError when it is not YAML.
  [[nodiscard]] static RuleSet load(const std::filesystem::path& path);
  /// As load(), from text; `source_name` labels locations in errors.
  [[nodiscard]] static RuleSet parse(std::string_view yaml, const std::string& source_name);

  /// The rule set's name.
  [[nodiscard]] const std::string& name() const noexcept;
  /// The declared input columns (a `unit` input is a text column of unit codes).
  [[nodiscard]] const data::Schema& inputs() const noexcept;
  /// True when parameter `name` is decimal (schema 2: unit `ratio`, or a
  /// value written with a point); NotFoundError when no such parameter.
  [[nodiscard]] bool is_decimal_parameter(std::string_view name) const;
  /// True when input `name` of `entity` (person or household) has a default
  /// (schema 2): its missing cells, or the whole column when a table lacks
  /// it, take that value. NotFoundError when no such input.
  [[nodiscard]] bool has_default(std::string_view name, std::string_view entity = "person") const;
  /// True when input `name` of `entity` is declared `unit` (a unit code);
  /// NotFoundError when no such input.
  [[nodiscard]] bool is_unit_input(std::string_view name, std::string_view entity = "person") const;
  /// The named variables (schema 2): the persons', then the households', each in file order.
  [[nodiscard]] const std::vector<NamedVariable>& variables() const noexcept;
  /// True when the rule set declares households (`entities: {household: {key: …}}`):
  /// evaluating then needs a household table beside the persons.
  [[nodiscard]] bool has_households() const noexcept;
  /// The column linking each person to a household row ("" without households).
  [[nodiscard]] const std::string& household_key() const noexcept;
  /// The declared household columns (no fields without households).
  [[nodiscard]] const data::Schema& household_inputs() const noexcept;
  /// The dated tables, in file order (schema 2).
  [[nodiscard]] const std::vector<DatedTable>& tables() const noexcept;
  /// True when some table reads the unit registry: evaluating then needs one
  /// (with_registry()).
  [[nodiscard]] bool reads_registry() const noexcept;
  /// This rule set with `registry` as the source of its `source: registry`
  /// tables (a copy: the registry is kept with it).
  [[nodiscard]] RuleSet with_registry(const geo::Registry& registry) const;
  /// The registry given by with_registry(), or nullptr.
  [[nodiscard]] const geo::Registry* registry() const noexcept;
  /// True when some package reads input `name` of `entity` (person or
  /// household; an input read by none, such as `id`, may be absent from a table).
  [[nodiscard]] bool input_used(std::string_view name, std::string_view entity = "person") const;
  /// The parameters: integer valued (đồng, counts, days), or decimal
  /// (is_decimal_parameter(): the values are then counts of millionths, 0.7
  /// as 700000).
  [[nodiscard]] const std::vector<legal::Parameter<std::int64_t>>& parameters() const noexcept;
  /// The packages in file order (every entity's; Package::entity says whose).
  [[nodiscard]] const std::vector<Package>& packages() const noexcept;
  /// The package `id`; core::NotFoundError otherwise.
  [[nodiscard]] const Package& package(std::string_view id) const;
  /// The declarative tests.
  [[nodiscard]] const std::vector<RuleTest>& tests() const noexcept;
  /// Warnings of the static checks (unused inputs or parameters).
  [[nodiscard]] const std::vector<core::Problem>& warnings() const noexcept;
  /// The YAML text it was loaded from (what pickling ships).
  [[nodiscard]] const std::string& source_text() const noexcept;
  /// The name used in locations.
  [[nodiscard]] const std::string& source_name() const noexcept;

  /// The compiled form (library internal).
  [[nodiscard]] const detail::Compiled& compiled() const noexcept { return *impl_; }

 private:
  explicit RuleSet(std::shared_ptr<const detail::Compiled> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::Compiled> impl_;
};

}  // namespace project8::rules
