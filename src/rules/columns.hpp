// The column evaluator: its buffers (buffers.cpp), kernels (kernels.cpp) and
// the deciding of chunks (decide.cpp). Private to the library.
#pragma once

#include <cstdint>
#include <vector>

#include "compiled.hpp"
#include "semantics.hpp"
#include <project8/data/table.hpp>

namespace project8::rules::detail {

/// One expression's node buffers for one thread. A boolean node's result is a
/// truth code per row (`c`); other nodes have a value and a state per row
/// (`v`, `s`). A boolean node that a comparison or `in` reads as a value also
/// gets `v`/`s`, derived from its codes.
struct ExprBuffers {
  /// Buffers for `e` with room for `chunk` rows; constants filled once.
  ExprBuffers(const Expr& e, std::size_t chunk, const std::vector<std::int64_t>& params,
              std::int64_t as_of_days, const TableReader* tables = nullptr);
  const Expr* expr;                   ///< The expression.
  const TableReader* tables;          ///< The dated tables' cells on as_of (or nullptr).
  std::int64_t as_of = 0;             ///< Evaluation date (epoch days).
  data::Buffer<std::int64_t> vals;    ///< Values of the nodes that have them.
  data::Buffer<std::uint8_t> states;  ///< States of the nodes that have them.
  data::Buffer<std::uint8_t> codes;   ///< Truth codes of the boolean nodes.
  std::vector<std::int64_t*> v;       ///< Per node, into vals (or an input column); else nullptr.
  std::vector<std::uint8_t*> s;  ///< Per node, into states (or an input's validity); else nullptr.
  std::vector<std::uint8_t*> c;  ///< Per boolean node, into codes; else nullptr.
  std::vector<std::int64_t*>
      own_v;  ///< Per input node: its own values buffer (widened), or nullptr.
  std::vector<std::int64_t> constant;     ///< Per node: its value when `is_constant`.
  std::vector<std::uint8_t> is_constant;  ///< Per node: a literal, parameter or as_of.
  std::vector<std::uint8_t> as_values;    ///< Per node: some node reads its `v`/`s`.
  /// Per comparison of `age_years(d)` with a literal or parameter: the days
  /// `d` for which it holds on as_of (semantics.hpp's fold_age_comparison),
  /// and `folded` = 1; the comparison then reads `d` (node `fold_arg`).
  std::vector<AgeFold> fold;
  std::vector<std::uint8_t> folded;    ///< Per node: a folded age comparison.
  std::vector<std::int32_t> fold_arg;  ///< Per folded node: the node of the day `d`.
  std::vector<std::uint8_t> skip;      ///< Per node: read only by folded comparisons.
  /// The root's values (integer expressions).
  [[nodiscard]] const std::int64_t* root_values() const { return v.back(); }
  /// The root's states (integer expressions).
  [[nodiscard]] const std::uint8_t* root_states() const { return s.back(); }
  /// The root's truth codes (boolean expressions).
  [[nodiscard]] const std::uint8_t* root_codes() const { return c.back(); }
};

/// A derived input's values over a whole table (expr.hpp's Derived):
/// household.NAME gathered to each person, or an aggregation per household.
struct DerivedValues {
  Type type = Type::integer;         ///< Its type.
  std::vector<std::int64_t> values;  ///< Per row: integers, dates, decimals, enumeration codes.
  std::vector<std::uint8_t> bytes;   ///< Per row, booleans: 1 true, 0 false.
  std::vector<std::uint8_t> states;  ///< Per row: kMissing, kPresent or kError.
  /// When not null, the rows are read through it: row i's value is that of
  /// row (*index)[i] of the vectors above (household.NAME: each person's
  /// household's value, gathered chunk by chunk rather than copied whole).
  const std::vector<std::uint32_t>* index = nullptr;
};

/// The inputs of one chunk, straight from the table's columns (rows in a
/// row range) or gathered (the rows of a selection vector).
class InputBuffers {
 public:
  /// `column_of_input[i]` is the table column of rule input i (-1: not
  /// present); the slots after them read `derived` (nullptr: none).
  InputBuffers(const data::Table& table, const std::vector<std::int32_t>& column_of_input,
               std::size_t chunk, const std::vector<DerivedValues>* derived = nullptr);
  /// Points at rows [begin, begin + n) of the inputs marked in `needed`
  /// (declared, then derived); no copy, except the states of a column with
  /// missing marks (made per chunk).
  void load(std::size_t begin, std::size_t n, const std::vector<bool>& needed);
  /// Selects rows begin + sel[0..m) (`sel` must stay valid); need() gathers them.
  void select(std::size_t begin, const std::uint32_t* sel, std::size_t m);
  /// Gathers, compacted, the selected rows of each of `inputs` not gathered
  /// since the last select(): an input is gathered only for the rows still
  /// open when some expression reads it.
  void need(const std::vector<std::int32_t>& inputs);
  /// The table column of rule input `slot`.
  [[nodiscard]] const data::Column& column(std::int32_t slot) const {
    return table_->column(
        static_cast<std::size_t>(column_of_input_[static_cast<std::size_t>(slot)]));
  }
  std::vector<const std::int64_t*> v;  ///< Integer and date values per input (else nullptr).
  std::vector<const std::uint8_t*> s;  ///< States per input (kMissing / kPresent).
  std::vector<const void*> raw;  ///< Boolean bytes or enumeration codes per input (else nullptr).
  std::vector<std::uint8_t> width;  ///< Bytes per value of `raw`: 1, 2, 4 or 8.

 private:
  /// Points slot `i` (a derived input) at rows from `begin`, or at `out`'s
  /// gathered rows begin + sel[0..m) when `sel` is given.
  void point_derived(std::size_t i, std::size_t begin, const std::uint32_t* sel, std::size_t m);
  const data::Table* table_;
  std::vector<std::int32_t> column_of_input_;
  const std::vector<DerivedValues>* derived_;
  std::size_t chunk_;
  std::vector<std::uint8_t> ones_;
  std::vector<std::vector<std::int64_t>> vals_;
  std::vector<std::vector<std::uint8_t>> states_;
  std::vector<std::vector<std::uint8_t>> bytes_;
  std::vector<std::uint8_t> fresh_;  // per input: gathered for the current selection
  std::size_t begin_ = 0;
  const std::uint32_t* sel_ = nullptr;
  std::size_t m_ = 0;
};

// Hot loops get an AVX2 clone next to the baseline one, chosen at load time
// (GCC/clang function multiversioning): 64-bit integer compares need SSE4.1+.
// Only definitions carry the attribute: callers see one ifunc symbol.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROJECT8_NO_CLONES 1
#endif
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(PROJECT8_NO_CLONES)
#define PROJECT8_HOT_CLONES __attribute__((target_clones("default", "arch=x86-64-v3")))
#else
#define PROJECT8_HOT_CLONES
#endif

/// Evaluates every node of `b.expr` over rows [begin, begin + n) (n ≤ chunk),
/// or, when `sel` is given, over the n rows begin + sel[j] gathered in `in`.
void eval_columns(ExprBuffers& b, const InputBuffers& in, std::size_t begin, std::size_t n,
                  const std::uint32_t* sel = nullptr);

/// Writes the indexes of the open rows (reason kEligible) among reason[0..n)
/// to `sel`, in order; returns how many.
std::size_t open_rows(const std::int16_t* reason, std::size_t n, std::uint32_t* sel);
/// As above, for one-byte reason codes.
std::size_t open_rows(const std::int8_t* reason, std::size_t n, std::uint32_t* sel);

/// What one condition decided in a chunk.
struct Decided {
  std::size_t open = 0;    ///< Rows still open after it.
  std::size_t errors = 0;  ///< Rows it decided with an error.
};

/// Applies one condition's truth codes to a chunk: each open row (reason 0,
/// kEligible) whose code is not true is decided with the condition's reason
/// (`base` for false, +1 unknown, +2 error). `open` is the number of open rows
/// before.
Decided decide(const std::uint8_t* codes, std::size_t n, std::int16_t base, std::int16_t* reason,
               std::size_t open);
/// As above, for one-byte reason codes (a package of at most 127 reasons).
Decided decide(const std::uint8_t* codes, std::size_t n, std::int16_t base, std::int8_t* reason,
               std::size_t open);

/// As decide(), for the codes of the rows sel[0..m) of a chunk.
Decided decide_selected(const std::uint8_t* codes, const std::uint32_t* sel, std::size_t m,
                        std::int16_t base, std::int16_t* reason);
/// As above, for one-byte reason codes.
Decided decide_selected(const std::uint8_t* codes, const std::uint32_t* sel, std::size_t m,
                        std::int16_t base, std::int8_t* reason);

}  // namespace project8::rules::detail
