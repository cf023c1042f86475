/// \file
/// Payment audit: policy-package payments checked with the rule engine
/// against the population.
///
/// Each payment (person, package, date, amount, and the pregnancy or child it
/// is for) is checked on its own date: the person must be known, the package
/// known and in force, the person eligible, the amount within the entitlement
/// (the package's amount for that person on that date), and the payments for
/// one person, package and pregnancy/child together within that entitlement;
/// an exact repeat of an earlier payment is a duplicate. The result names
/// flags per payment and counts them by commune and flag. No personal data
/// appears in the result but the person's id: not the reason a person is
/// ineligible (it would tell their ethnicity or health), only that they are.
///
/// **Example**:
///
///     using namespace project8;
///     auto rules = rules::RuleSet::load("data/rules/safe-motherhood.yaml");
///     auto people = budget::read_audit_population(rules, "people.csv", "commune");
///     auto payments = budget::load_payments("payments.csv");
///     auto audit = budget::audit_payments(rules, people, payments, core::make_date(2025, 12, 31));
///     std::cout << report::to_text(audit);   // by commune and flag, small counts suppressed
///     (report/render.hpp) std::ofstream("flags.csv") << report::to_csv(audit);
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/core/id.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/money.hpp>
#include <project8/data/record.hpp>
#include <project8/data/table.hpp>
#include <project8/rules/rule_set.hpp>

namespace project8::budget {

/// One payment of a policy package.
struct Payment {
  std::string payment_id;   ///< The voucher or payment id (may be empty).
  core::PersonId person;    ///< The person's id (the population's `id`).
  core::PackageId package;  ///< The package id in the rule set.
  core::Date date;          ///< When it was paid.
  core::Money amount;       ///< How much.
  std::string episode;      ///< The pregnancy or child it is for (may be empty: one per person).
  core::SourceLocation location;  ///< Its line in the file.
};

/// The fields of a payment, declared once: the payments CSV, the workspace's
/// table, JSON and the Python frame all come from this list.
[[nodiscard]] const data::RecordSchema<Payment>& payment_schema();

/// Reads a payments CSV: `person_id,package,date,amount` and optionally
/// `payment_id` and `episode_id` (the pregnancy or child). Errors located by
/// line and column; a negative amount is an error.
[[nodiscard]] std::vector<Payment> load_payments(const std::filesystem::path& path);
/// As load_payments(), from text.
/// With `notes` given, it receives the cells read in another accepted form
/// (data::ReadNotes::other_forms).
[[nodiscard]] std::vector<Payment> parse_payments(std::string_view csv,
                                                  const std::string& source_name,
                                                  data::ReadNotes* notes = nullptr);

/// Reads a population for an audit: the rule set's inputs plus `unit_column`
/// (a text column naming each person's commune, optional in the file).
/// core::ValidationError at each row whose `id` an earlier row has (the id
/// itself is not repeated in the message).
[[nodiscard]] data::Table read_audit_population(const rules::RuleSet& rules,
                                                const std::filesystem::path& path,
                                                const std::string& unit_column = "commune");
/// As read_audit_population(), from CSV text; `source_name` labels locations.
[[nodiscard]] data::Table parse_audit_population(const rules::RuleSet& rules, std::string_view csv,
                                                 const std::string& source_name,
                                                 const std::string& unit_column = "commune");

/// What can be wrong with a payment.
enum class AuditFlag : std::uint8_t {
  unknown_person,   ///< No such person in the population.
  unknown_package,  ///< No such package in the rules.
  not_in_force,     ///< Paid outside the package's effective period.
  ineligible,  ///< The person was not eligible on the payment date (or it could not be decided).
  over_entitlement,  ///< The payment alone is more than the entitlement.
  beyond_cap,   ///< With earlier payments for the same person, package and episode, more than the
                ///< entitlement.
  duplicate,    ///< Same person, package, episode, date and amount as an earlier payment.
  after_as_of,  ///< Dated after the audit date: not audited.
};

/// The keys and labels of AuditFlag (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<AuditFlag> kAuditFlagText[] = {
    {AuditFlag::unknown_person, "unknown_person", "Không có trong danh sách đối tượng",
     "Person not in the population"},
    {AuditFlag::unknown_package, "unknown_package", "Gói hỗ trợ không có trong quy định",
     "Package not in the rules"},
    {AuditFlag::not_in_force, "not_in_force", "Chi ngoài thời gian hiệu lực của gói",
     "Paid outside the package's effective period"},
    {AuditFlag::ineligible, "ineligible", "Không đủ điều kiện vào ngày chi",
     "Not eligible on the payment date"},
    {AuditFlag::over_entitlement, "over_entitlement", "Chi vượt mức được hưởng",
     "More than the entitlement"},
    {AuditFlag::beyond_cap, "beyond_cap", "Cộng dồn vượt mức tối đa của gói",
     "Cumulative payments beyond the package's cap"},
    {AuditFlag::duplicate, "duplicate", "Chi trùng", "Duplicate payment"},
    {AuditFlag::after_as_of, "after_as_of", "Sau ngày kiểm tra (chưa kiểm tra)",
     "After the audit date (not audited)"},
};
/// The text table of AuditFlag (found by argument-dependent lookup).
constexpr core::EnumInfo<AuditFlag> enum_text(AuditFlag /*unused*/) noexcept {
  return {"audit flag", kAuditFlagText};
}

/// The flag's name as written in output (`unknown_person`, …).
[[nodiscard]] std::string_view to_string(AuditFlag f) noexcept;
/// The flag in words, in Vietnamese or English.
[[nodiscard]] std::string_view label(AuditFlag f, core::Language lang) noexcept;

/// One flag on one payment.
struct FlaggedPayment {
  std::size_t payment = 0;                 ///< Index into the payments audited.
  AuditFlag flag = AuditFlag::ineligible;  ///< What is wrong.
  core::Money
      entitlement;  ///< The entitlement on the payment date (0 when not eligible or unknown).
  core::Money
      paid_so_far;  ///< For beyond_cap: the total paid for the episode including this payment.
};

/// Count of one flag in one commune.
struct AuditCount {
  std::string unit;                        ///< The commune ("" when unknown).
  AuditFlag flag = AuditFlag::ineligible;  ///< The flag.
  std::size_t payments = 0;                ///< Payments flagged.
  core::Money amount;                      ///< Their amounts.
};

/// The result of an audit.
struct AuditResult {
  core::Date as_of;                   ///< Audit date.
  std::vector<Payment> payments;      ///< The payments audited, in the order given.
  std::vector<FlaggedPayment> flags;  ///< Every flag, in payment order.
  std::vector<AuditCount> summary;    ///< By commune then flag.
  std::size_t clean = 0;              ///< Payments with no flag.
  core::Money total_paid;             ///< Sum of all payments.
  core::Money total_flagged;          ///< Sum of the payments with at least one flag.
};

/// Options of an audit.
struct AuditOptions {
  std::string id_column = "id";         ///< The population column with person ids.
  std::string unit_column = "commune";  ///< The population column with the commune (may be absent).
};

/// Audits `payments` against `rules` and `population` (see the file comment).
/// core::InvalidArgument when the population has no text `id_column` or does
/// not fit the rules; a person id listed twice in the population is a
/// core::ValidationError (the audit would be ambiguous).
[[nodiscard]] AuditResult audit_payments(const rules::RuleSet& rules, const data::Table& population,
                                         const std::vector<Payment>& payments, core::Date as_of,
                                         const AuditOptions& options = {});

}  // namespace project8::budget
