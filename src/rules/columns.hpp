// Buffers of the column evaluator. Private to the library.
#pragma once

#include <project8/data/table.hpp>

#include <cstdint>
#include <vector>

#include "compiled.hpp"

namespace project8::rules::detail {

/// One expression's node buffers for one thread: values and states per node.
struct ExprBuffers {
  /// Buffers for `e` with room for `chunk` rows; constants filled once.
  ExprBuffers(const Expr& e, std::size_t chunk, const std::vector<std::int64_t>& params, std::int64_t as_of_days);
  const Expr* expr;                       ///< The expression.
  std::int64_t as_of = 0;                 ///< Evaluation date (epoch days).
  std::size_t chunk = 0;                  ///< Rows per chunk.
  std::vector<std::int64_t> vals;         ///< All node values.
  std::vector<std::uint8_t> states;       ///< All node states.
  std::vector<std::int64_t*> v;           ///< Per node, into vals.
  std::vector<std::uint8_t*> s;           ///< Per node, into states.
  /// The root's values.
  [[nodiscard]] const std::int64_t* root_values() const { return v.back(); }
  /// The root's states.
  [[nodiscard]] const std::uint8_t* root_states() const { return s.back(); }
};

/// The inputs of one chunk, read from the table's columns.
class InputBuffers {
 public:
  /// `column_of_input[i]` is the table column of rule input i (-1: not present).
  InputBuffers(const data::Table& table, const std::vector<std::int32_t>& column_of_input, std::size_t chunk);
  /// Loads rows [begin, begin + count) of the inputs marked in `needed`.
  void load(std::size_t begin, std::size_t count, const std::vector<bool>& needed);
  /// Loads rows begin + sel[0..m) of the inputs marked in `needed`, compacted.
  void gather(std::size_t begin, const std::uint32_t* sel, std::size_t m, const std::vector<bool>& needed);
  /// The table column of rule input `slot`.
  [[nodiscard]] const data::Column& column(std::int32_t slot) const {
    return table_->column(static_cast<std::size_t>(column_of_input_[static_cast<std::size_t>(slot)]));
  }
  std::vector<const std::int64_t*> v;  ///< Values per input (nullptr for strings).
  std::vector<const std::uint8_t*> s;  ///< States per input.

 private:
  const data::Table* table_;
  std::vector<std::int32_t> column_of_input_;
  std::size_t chunk_;
  std::vector<std::uint8_t> ones_;
  std::vector<std::vector<std::int64_t>> vals_;
  std::vector<std::vector<std::uint8_t>> states_;
};

// Hot loops get an AVX2 clone next to the baseline one, chosen at load time
// (GCC/clang function multiversioning): 64-bit integer compares need SSE4.1+.
// Only definitions carry the attribute: callers see one ifunc symbol.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROJECT8_NO_CLONES 1
#endif
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_ADDRESS__) && !defined(PROJECT8_NO_CLONES)
#define PROJECT8_HOT_CLONES __attribute__((target_clones("default", "arch=x86-64-v3")))
#else
#define PROJECT8_HOT_CLONES
#endif

/// Evaluates every node of `b.expr` over rows [begin, begin + n) (n ≤ chunk),
/// or, when `sel` is given, over the n rows begin + sel[j] gathered in `in`.
void eval_columns(ExprBuffers& b, const InputBuffers& in, std::size_t begin, std::size_t n,
                  const std::uint32_t* sel = nullptr);

/// As decide(), for values of the rows sel[0..m) of a chunk.
std::size_t decide_selected(const std::int64_t* values, const std::uint8_t* states, const std::uint32_t* sel,
                            std::size_t m, std::int16_t base, std::uint8_t* decided, std::int16_t* reason);

/// Applies one condition's values to a chunk: each open row whose value is not
/// true is decided with the condition's reason (`base` for false, +1 unknown,
/// +2 error). Returns the rows still open.
std::size_t decide(const std::int64_t* values, const std::uint8_t* states, std::size_t n,
                   std::int16_t base, std::uint8_t* decided, std::int16_t* reason);

}  // namespace project8::rules::detail
