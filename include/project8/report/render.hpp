/// \file
/// The presentation of the engines' results — the engines (rules, tracking,
/// budget) return plain data; their text, CSV and JSON are made here, with
/// the one rule of small-count suppression that the report uses too.
///
/// **Example**:
///
///     auto audit = project8::budget::audit_payments(rules, people, payments, as_of);
///     // small counts show as <5:
///     std::cout << project8::report::to_text(audit, project8::core::Language::vi);
///     std::ofstream("flags.csv") << project8::report::to_csv(audit);
#pragma once

#include <cstddef>
#include <string>

#include <project8/budget/allocation.hpp>
#include <project8/budget/audit.hpp>
#include <project8/budget/estimate.hpp>
#include <project8/core/localized.hpp>
#include <project8/rules/evaluate.hpp>
#include <project8/tracking/progress.hpp>

namespace project8::report {

/// True when a count of sensitive cases is hidden: more than none and fewer
/// than `threshold` (the one rule; 1 hides nothing).
[[nodiscard]] bool suppressed(std::size_t count, std::size_t threshold) noexcept;
/// `count` as shown: `<threshold` when suppressed(), the number otherwise.
[[nodiscard]] std::string shown_count(std::size_t count, std::size_t threshold);

/// An audit's flags, one row each:
/// `line,payment_id,person_id,package,date,amount,flag,entitlement,paid_so_far`.
[[nodiscard]] std::string to_csv(const budget::AuditResult& audit);
/// An audit's summary by commune and flag; counts below `suppress_below` show
/// as `<N` and their amounts are left out.
[[nodiscard]] std::string to_text(const budget::AuditResult& audit,
                                  core::Language lang = core::Language::vi,
                                  std::size_t suppress_below = 5);
/// An audit's totals, summary (suppressed as to_text()) and flags as JSON.
[[nodiscard]] std::string to_json(const budget::AuditResult& audit, std::size_t suppress_below = 5,
                                  int indent = 2);

/// A cost estimate's line items as CSV for appraisal, headers in `lang`; amounts in whole đồng.
[[nodiscard]] std::string to_csv(const budget::Estimate& estimate,
                                 core::Language lang = core::Language::vi);
/// A cost estimate's lines, totals and missing norms as JSON.
[[nodiscard]] std::string to_json(const budget::Estimate& estimate, int indent = 2);
/// A cost estimate in words: totals by content area, agency and source, the
/// provisional share and what is missing.
[[nodiscard]] std::string to_text(const budget::Estimate& estimate,
                                  core::Language lang = core::Language::vi);

/// One person's trace in words, in `lang`; provisional values are marked.
[[nodiscard]] std::string to_text(const rules::Trace& trace,
                                  core::Language lang = core::Language::vi);
/// One person's trace as JSON.
[[nodiscard]] std::string to_json(const rules::Trace& trace, int indent = 2);

/// Progress as JSON (`as_of`, `targets`, `by_unit`, `scope_issues`).
[[nodiscard]] std::string to_json(const tracking::Progress& progress, int indent = 2);

/// An allocation as JSON: `total`, `distributed`, `reservations` (name,
/// amount) and `units` (unit, weight, amount, floor_applied, cap_applied,
/// rounding, and the explanation in `lang`); amounts in đồng.
[[nodiscard]] std::string to_json(const budget::Allocation& allocation, core::Language lang,
                                  int indent = 2);

}  // namespace project8::report
