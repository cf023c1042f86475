// Persons and households evaluated together (households.cpp): the link from
// each person to a household row, the derived inputs (household.NAME per
// person, aggregations per household) computed over whole tables, and the
// rows the one-case evaluator reads. Private to the library.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "columns.hpp"
#include "shared.hpp"
#include <project8/rules/evaluate.hpp>

namespace project8::rules::detail {

/// InvalidArgument when `options.chunk_rows` is out of range.
void check_options(const EvaluateOptions& options);

/// Decides `c`'s packages of `level` (Compiled::package_level; one
/// entity's) for every row of `table`, whose columns `columns` binds to `c`'s
/// inputs; `derived` holds the values of `c.derived` over the same rows
/// (nullptr when it has none). The other packages' results are left empty.
std::vector<PackageResults> decide_packages(const Compiled& c, const data::Table& table,
                                            const std::vector<std::int32_t>& columns,
                                            const std::vector<DerivedValues>* derived,
                                            core::Date as_of, const EvaluateOptions& options,
                                            std::uint32_t level = 0);

/// Decides every package of `c` level by level: after each level, the
/// derived inputs reading its packages' results (PKG.eligible, PKG.amount)
/// are filled in `derived` (sized as c.derived; the others already computed).
std::vector<PackageResults> decide_entity(const Compiled& c, const data::Table& table,
                                          const std::vector<std::int32_t>& columns,
                                          std::vector<DerivedValues>& derived, core::Date as_of,
                                          const EvaluateOptions& options);

/// The one-case decision of package `p` of `c` for `row`: its reason code and amount.
std::pair<std::int16_t, std::int64_t> decide_one(const Compiled& c, std::size_t p,
                                                 const RowSource& row,
                                                 const std::vector<std::int64_t>& params,
                                                 std::int64_t day, core::Date as_of);

/// Persons linked to their households.
struct Membership {
  std::vector<std::uint32_t> household;  ///< Per person: the row of its household.
  std::vector<std::uint32_t> size;       ///< Per household: its members.
  /// Per household, and one past: into `members` (built by group_members()).
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> members;  ///< Person rows by household, each in person order.

  /// Builds `first` and `members` (what the one-case evaluator walks; the
  /// column one reads persons in order and needs neither).
  void group_members();
};

/// Persons and households of a rule set with households, ready to evaluate:
/// defaults filled, columns bound, persons linked to their households.
struct BoundHouseholds {
  BoundHouseholds() = default;
  BoundHouseholds(const BoundHouseholds&) = delete;  // `persons` may point into itself
  BoundHouseholds& operator=(const BoundHouseholds&) = delete;
  std::optional<data::Table> persons_filled;     ///< With defaults, when any applied.
  std::optional<data::Table> households_filled;  ///< With defaults, when any applied.
  const data::Table* persons = nullptr;          ///< The persons as evaluated.
  const data::Table* households = nullptr;       ///< The households as evaluated.
  std::vector<std::int32_t> person_columns;      ///< bind() of the persons.
  std::vector<std::int32_t> household_columns;   ///< bind() of the households.
  Membership link;                               ///< Who lives where.
};

/// Binds and links `persons` and `households` for `c` (which declares
/// households) into `b` (Membership::group_members() not called). InvalidArgument, naming rows and
/// keys, for a person without a household key or with one no household row has, a household key
/// that is missing or appears twice, and a household without members.
void bind_households(BoundHouseholds& b, const Compiled& c, const data::Table& persons,
                     const data::Table& households);

/// The values of `e` (an expression of `c`'s entity) over every row of
/// `table`, computed by the column evaluator on `threads` threads.
DerivedValues materialise(const Compiled& c, const Expr& e, const data::Table& table,
                          const std::vector<std::int32_t>& columns,
                          const std::vector<DerivedValues>* derived, core::Date as_of,
                          std::size_t threads);

/// The aggregation `d` (a household's derived input) over each household's
/// members: its per-member expression (of `c`, the persons') evaluated chunk
/// by chunk, each value added to its household's accumulator.
DerivedValues aggregate_members(const Compiled& c, const Derived& d, const BoundHouseholds& b,
                                core::Date as_of, std::size_t threads);

/// Everything the one-case evaluator reads on one day.
struct CaseContext {
  const Compiled* person = nullptr;      ///< The persons' compiled form.
  const Compiled* household = nullptr;   ///< The households' (nullptr without).
  const data::Table* persons = nullptr;  ///< The persons.
  const std::vector<std::int32_t>* person_columns = nullptr;     ///< bind() of the persons.
  const data::Table* households = nullptr;                       ///< The households, or nullptr.
  const std::vector<std::int32_t>* household_columns = nullptr;  ///< bind() of the households.
  const Membership* link = nullptr;                   ///< Who lives where (with households).
  const std::vector<std::int64_t>* params = nullptr;  ///< Parameter values on the day.
  std::int64_t day = 0;                               ///< The day (epoch days).
  core::Date as_of;                                   ///< The day.
  const TableReader* tables = nullptr;                ///< Dated tables on the day.
};

/// One row of one entity for the one-case evaluator: a person reads
/// household.NAME through its household, a household aggregates its members
/// (each member's value by the same interpreter), and PKG.eligible /
/// PKG.amount decide that package for the row.
class EntityRow final : public RowSource {
 public:
  EntityRow(const CaseContext& context, bool household, std::size_t row)
      : x_(context), household_(household), row_(row) {}
  Scalar input(std::int32_t slot) const override;
  Scalar cell(std::int32_t table, std::int64_t column, std::string_view key) const override {
    return x_.tables->cell(table, column, key);
  }
  Scalar scale(std::int32_t scale, std::int64_t mode, std::int64_t x,
               bool x_decimal) const override {
    return x_.tables->scale(scale, mode, x, x_decimal);
  }

 private:
  const CaseContext& x_;
  bool household_;
  std::size_t row_;
};

}  // namespace project8::rules::detail
