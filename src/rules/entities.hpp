// The names of one entity's expressions while a rule file loads: its named
// variables (compiled on demand, cycles named) and, in a rule set with
// households, the names that cross entities — household.NAME in a person
// expression, aggregations over members in a household one — each becoming
// a derived input (expr.hpp's Derived). Private to the library.
#pragma once

#include <string>
#include <vector>

#include "compiled.hpp"
#include "expr.hpp"
#include <project8/core/error.hpp>

namespace project8::rules::detail {

/// Compiles the expressions of one entity (person or household).
class EntityCompiler final : public VariableSource, public EntitySource {
 public:
  /// For `c` (its inputs, parameters, scales and tables already read);
  /// compile errors are added to `errors`.
  EntityCompiler(Compiled& c, std::vector<core::Problem>& errors) : c_(c), errors_(errors) {}
  /// Links the person and household compilers (rule sets with households).
  static void link(EntityCompiler& person, EntityCompiler& household) {
    person.other_ = &household;
    household.other_ = &person;
  }

  /// Call once the entity's variables are read (Compiled::variables).
  void variables_read();
  /// Compiles the variables no expression read (so that each is checked).
  void compile_remaining();
  /// The names this entity's expressions may use.
  [[nodiscard]] Scope scope();
  /// The compiled form it fills.
  [[nodiscard]] Compiled& compiled() noexcept { return c_; }

  const Expr* find(std::string_view name, std::size_t offset, std::int32_t* index) override;
  [[nodiscard]] std::vector<std::string> names() const override;
  std::int32_t household_value(std::string_view name, std::size_t offset) override;
  std::int32_t aggregate(Aggregate kind, const PNode* inner, std::string_view text,
                         std::string_view call) override;
  std::int32_t package_result(std::string_view package, std::string_view field,
                              std::size_t offset) override;
  /// The ids of this entity's packages, in file order, before any is compiled
  /// (a package may read the result of one written after it).
  void packages_declared(std::vector<std::string> ids) { package_ids_ = std::move(ids); }

 private:
  [[nodiscard]] bool households() const noexcept { return other_ != nullptr; }
  [[nodiscard]] std::string field_of(const NamedVariable& v) const {
    return "variables." + c_.entity + "." + v.name;
  }
  void compile_variable(std::size_t k);
  /// The slot of the derived input written `text`, or -1.
  [[nodiscard]] std::int32_t derived_slot(std::string_view text) const;
  std::int32_t add_derived(Derived d);

  Compiled& c_;
  std::vector<core::Problem>& errors_;
  EntityCompiler* other_ = nullptr;
  std::vector<int> state_;  // per variable: 0 not compiled, 1 compiling, 2 compiled, 3 failed
  std::vector<std::string> compiling_;    // the chain of variables being compiled
  bool in_aggregate_ = false;             // lowering a per-member expression
  std::vector<std::string> package_ids_;  // this entity's packages
};

}  // namespace project8::rules::detail
