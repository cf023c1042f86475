// The rule expression language, compiled: a typed node list in post-order,
// shared by the one-case evaluator (with trace) and the column evaluator.
// Private to the library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/error.hpp>
#include <project8/data/table.hpp>

namespace project8::rules::detail {

/// The static type of an expression.
enum class Type : std::uint8_t { boolean, integer, date, text, decimal };

/// A decimal value is an integer count of millionths: 0.7 is 700000. Exact
/// for six decimal places; products and quotients are rounded to six places,
/// half away from zero (as SQL's fixed-scale decimals are).
inline constexpr std::int64_t kDecimalScale = 1'000'000;

/// The name of a type for messages.
std::string_view type_name(Type t) noexcept;

/// The type expressions read an input column of type `t` as (enumerations and strings: text).
constexpr Type type_of(data::ColumnType t) noexcept {
  return t == data::ColumnType::boolean   ? Type::boolean
         : t == data::ColumnType::integer ? Type::integer
         : t == data::ColumnType::date    ? Type::date
                                          : Type::text;
}

/// Node operations. Text comparisons are resolved at compile time into
/// comparisons of enumeration codes (enum_in) or of bytes (string_in).
enum class Op : std::uint8_t {
  literal,    // value (bool 0/1, integer, date as epoch days)
  input,      // slot = input column index
  parameter,  // slot = parameter index (value supplied at evaluation)
  as_of,      // the evaluation date
  or_,
  and_,
  not_,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,         // on bool / int / date
  enum_in,    // args[0] is an enum input; codes in `set`; negate = not in / !=
  string_in,  // args[0] is a string input; literals in `strings`; negate
  in_list,    // args[0] int/date/bool; values in `set`; negate
  add,
  sub,
  mul,
  div,
  neg,
  min,
  max,
  abs,
  age_years,  // completed years from args[0] to as_of
  days_between,
  is_missing,
  coalesce,
  if_,         // if(c, a, b)
  lookup,      // TABLE[KEY].COLUMN: slot = table index, value = column index, args[0] = key input
  to_decimal,  // an integer as a decimal (args[0])
  dmul,        // decimal × decimal, rounded to six places
  ddiv,        // decimal ÷ decimal, rounded to six places
  round,       // round/floor/ceil (value = Rounding) of args[0], to a multiple of args[1] if any
  scale,       // marginal (value 0) or bracket (value 1) of scale `slot` at args[0]
};

/// How Op::round rounds.
enum class Rounding : std::uint8_t {
  half_up,  ///< Half away from zero (round).
  floor,    ///< Toward −∞ (floor).
  ceil,     ///< Toward +∞ (ceil).
};

/// One node; its arguments are earlier nodes.
struct Node {
  Op op = Op::literal;             ///< What it computes.
  Type type = Type::boolean;       ///< Its static type.
  bool negate = false;             ///< For the `in` family: `not in` / `!=`.
  std::int64_t value = 0;          ///< Literal value.
  std::int32_t slot = -1;          ///< Input or parameter index.
  std::vector<std::int32_t> args;  ///< Argument node indexes.
  std::vector<std::int64_t> set;   ///< Values for enum_in / in_list.
  std::vector<std::string>
      strings;               ///< Literals for string_in; a lookup's enumeration key's values.
  std::uint32_t offset = 0;  ///< 0-based byte offset of the node in the text.
  std::uint32_t length = 0;  ///< Bytes of text a lookup or variable name spans.
  std::int32_t variable =
      -1;                ///< The root of an inlined variable: its index (its name at `offset`).
  bool inlined = false;  ///< Inside an inlined variable (offsets are the variable's own).
};

/// A compiled expression.
struct Expr {
  std::string text;                  ///< The source text.
  std::vector<Node> nodes;           ///< Post-order; the last is the root.
  std::vector<std::int32_t> inputs;  ///< Input indexes it reads (sorted, unique).
  std::vector<std::int32_t> params;  ///< Parameter indexes it reads (sorted, unique).

  /// The root node's type.
  [[nodiscard]] Type type() const noexcept { return nodes.back().type; }
};

/// A dated table as expressions see it: its name, columns and key.
struct TableShape {
  std::string name;                                   ///< How expressions name it.
  std::vector<std::pair<std::string, Type>> columns;  ///< Column names and types.
  bool unit_key = false;  ///< Keyed by unit codes: the key must be a `unit` input.
};

/// The compiled expression of named variable `index` for a reference at
/// `offset` of the text being compiled, or nullptr when `name` is not a
/// variable; throws Failure for a cycle or a variable that does not compile.
struct VariableSource {
  virtual ~VariableSource() = default;
  /// See above; `index` receives the variable's index.
  virtual const struct Expr* find(std::string_view name, std::size_t offset,
                                  std::int32_t* index) = 0;
  /// Every variable's name (for messages).
  [[nodiscard]] virtual std::vector<std::string> names() const = 0;
};

/// How an aggregation over a household's members combines their values
/// (semantics.hpp's Accumulator says what each means).
enum class Aggregate : std::uint8_t {
  count,     ///< count(members): the members.
  count_if,  ///< count(members, COND): the members for whom COND holds.
  sum,       ///< sum(members, EXPR).
  any,       ///< any(members, COND).
  all,       ///< all(members, COND).
  min,       ///< min(members, EXPR).
  max,       ///< max(members, EXPR).
};

/// An input that the evaluators compute rather than read from a table, read
/// by Op::input at slot inputs.size() + k: for persons `household.NAME` (a
/// household input or variable, gathered to each member); for households an
/// aggregation over members.
struct Derived {
  std::string text;                        ///< As written (`household.poor`): its name in traces.
  Type type = Type::integer;               ///< Its type as expressions read it.
  std::optional<data::Field> field;        ///< For an enumeration read as household.NAME.
  Aggregate aggregate = Aggregate::count;  ///< For an aggregation.
  /// household.NAME: the expression in the household's scope; an
  /// aggregation: the expression per member (no nodes for count(members)).
  Expr expr;
  std::int32_t variable = -1;  ///< household.NAME of a variable: its index.
  /// PKG.eligible or PKG.amount: the package's index among its entity's
  /// (its results, as package_result_state() reads them), else -1.
  std::int32_t package = -1;
};

struct PNode;

/// Resolves the names that cross entities, creating the derived input on
/// first use and returning its slot; throws Failure when the name cannot be
/// read here.
struct EntitySource {
  virtual ~EntitySource() = default;
  /// `household.NAME` read by a person expression.
  virtual std::int32_t household_value(std::string_view name, std::size_t offset) = 0;
  /// An aggregation over members in a household expression; `inner` is the
  /// per-member argument (nullptr for count(members)), `text` the whole
  /// expression's text (offsets are into it), `call` the aggregation's.
  virtual std::int32_t aggregate(Aggregate kind, const PNode* inner, std::string_view text,
                                 std::string_view call) = 0;
  /// `PKG.eligible` or `PKG.amount` (`field`) of a package of this entity,
  /// or -1 when `package` names none.
  virtual std::int32_t package_result(std::string_view package, std::string_view field,
                                      std::size_t offset) = 0;
};

/// The names an expression may use.
struct Scope {
  /// Computed inputs (slots after the inputs'), or nullptr.
  const std::vector<Derived>* derived = nullptr;
  /// Resolves household.NAME and aggregations over members, or nullptr.
  EntitySource* entities = nullptr;
  VariableSource* variables = nullptr;   ///< Named variables (schema 2), or nullptr.
  const data::Schema* inputs = nullptr;  ///< Input columns.
  std::vector<bool> unit_inputs;         ///< Per input: declared `unit` (a unit code).
  std::vector<std::string> parameters;   ///< Parameter names.
  std::vector<bool> decimal_parameters;  ///< Per parameter: decimal valued (else integer).
  std::vector<TableShape> tables;        ///< Dated tables (`TABLE[KEY].COLUMN`).
  std::vector<std::string> scales;       ///< Scale (bracket) parameter names.
  std::vector<bool> scale_amounts;       ///< Per scale: amounts (else rates, decimal).
};

/// Compiles `text`; a syntax error, unknown name or type mismatch throws
/// core::RuleError with one problem located at `where` + the offending
/// column inside the text, saying what was expected. `expected` is the type
/// the context needs (none: any type but text, as a named variable).
Expr compile(std::string_view text, const Scope& scope, std::optional<Type> expected,
             const core::SourceLocation& where, const std::string& field);

/// Lowers the part `p` of `text` (a call's argument, with its span) in
/// `scope`: its own Expr whose text is that part and whose offsets are into
/// it. Throws Failure at offsets into the whole `text`.
Expr lower_part(const PNode& p, std::string_view text, const Scope& scope);

}  // namespace project8::rules::detail
