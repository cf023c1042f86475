// The compiled form of a rule set, shared by the loader and the evaluators.
// Private to the library.
#pragma once

#include <string>
#include <vector>

#include "expr.hpp"
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

/// Everything a loaded rule set holds.
struct Compiled {
  std::string name;                                        ///< Rule set name.
  std::string description;                                 ///< Free text.
  std::string source_text;                                 ///< The YAML.
  std::string source_name;                                 ///< Label for locations.
  data::Schema inputs;                                     ///< Declared inputs.
  std::vector<legal::Parameter<std::int64_t>> parameters;  ///< Parameters.
  std::vector<Package> packages;                           ///< Declarations.
  std::vector<CompiledPackage> compiled;                   ///< Parallel to packages.
  std::vector<RuleTest> tests;                             ///< Declarative tests.
  std::vector<core::Problem> warnings;                     ///< Static-check warnings.
  std::vector<bool> used_inputs;                           ///< Per input: read by some package.
};

/// Value states shared by the evaluators.
enum : std::uint8_t { kMissing = 0, kPresent = 1, kError = 2, kAny = 3 };

/// One value in the one-case evaluator.
struct Scalar {
  std::uint8_t state = kMissing;  ///< kMissing, kPresent, kError or kAny.
  std::int64_t value = 0;         ///< Meaningful when present.
  std::string_view text;          ///< For string inputs.
};

/// Reads one input value for the one-case evaluator.
struct RowSource {
  virtual ~RowSource() = default;
  /// The value of input `slot`.
  virtual Scalar input(std::int32_t slot) const = 0;
};

/// Evaluates `e` for one case: every node in order; `values` receives each
/// node's value (for traces). `params` holds each parameter's value on as_of.
/// When `abstract`, parameters and as_of are "anything" (for static checks).
Scalar eval_scalar(const Expr& e, const RowSource& row, const std::vector<std::int64_t>& params,
                   std::int64_t as_of_days, std::vector<Scalar>* values = nullptr,
                   bool abstract = false);

}  // namespace project8::rules::detail
