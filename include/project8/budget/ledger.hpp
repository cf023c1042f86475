/// \file
/// The budget ledger: money allocated → committed → disbursed → settled, by
/// unit, activity, funding source and budget year, with the rules that keep it
/// sound, carry-over at year end, and disbursement rates.
///
/// For every key (unit, activity, funding source, budget year) and at every
/// date, the running totals must satisfy
/// `0 ≤ settled ≤ disbursed ≤ committed ≤ allocated`: committing more than
/// was allocated, disbursing more than was committed or settling more than
/// was disbursed is rejected with an error naming the entry, the key and the
/// figures. Entries may be negative (corrections) as long as the totals stay
/// sound. Entries on the same day apply in stage order (allocations first),
/// then in the order given. Adding entries is all-or-nothing.
///
/// **Example**:
///
///     using namespace project8;
///     budget::Ledger ledger;
///     ledger.add(budget::load_ledger("data/budget/tam-duong-2025-ledger-synthetic.csv"));
///     auto rates = ledger.summary(budget::LedgerGroup::unit, core::make_date(2025, 12, 31));
///     for (const auto& row : rates) std::cout << row.key << ' ' << row.rate_percent() << "%\n";
///     ledger.add(ledger.carry_over(2025));   // open amounts move to 2026
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/core/id.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/money.hpp>
#include <project8/core/reporting_period.hpp>
#include <project8/data/record.hpp>
#include <project8/plan/plan.hpp>

namespace project8::budget {

/// The stage money has reached.
enum class Stage : std::uint8_t {
  allocated,  ///< Phân bổ (giao dự toán).
  committed,  ///< Cam kết chi (contracts, approved activity budgets).
  disbursed,  ///< Giải ngân (paid out).
  settled,    ///< Quyết toán.
};

/// The keys and labels of Stage (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<Stage> kStageText[] = {
    {Stage::allocated, "allocated", "Phân bổ", "Allocated"},
    {Stage::committed, "committed", "Cam kết chi", "Committed"},
    {Stage::disbursed, "disbursed", "Giải ngân", "Disbursed"},
    {Stage::settled, "settled", "Quyết toán", "Settled"},
};
/// The text table of Stage (found by argument-dependent lookup).
constexpr core::EnumInfo<Stage> enum_text(Stage /*unused*/) noexcept {
  return {"stage", kStageText};
}

/// The stage's name as written in files (`allocated`, …).
[[nodiscard]] std::string_view to_string(Stage s) noexcept;
/// Parses a stage name; core::InvalidArgument otherwise.
[[nodiscard]] Stage parse_stage(std::string_view name);

/// One ledger entry.
struct LedgerEntry {
  core::Date date;                           ///< When it happened.
  std::optional<int> year;                   ///< Budget year (niên độ); empty: the date's year.
  core::UnitCode unit;                       ///< Which unit's budget.
  std::optional<core::ActivityId> activity;  ///< For which activity (empty: not yet assigned).
  std::string funding_source;                ///< From which source (e.g. state_budget).
  Stage stage = Stage::allocated;            ///< Which stage.
  core::Money amount;                        ///< How much (negative: a correction).
  std::string reference;                     ///< Document number or voucher.
  std::string note;                          ///< Free text.
  bool carried_over = false;                 ///< Created by carry_over().
  core::SourceLocation location;             ///< Its line in a file, when read from one.

  /// The budget year: `year`, or the date's year when empty.
  [[nodiscard]] int budget_year() const noexcept {
    return year ? *year : static_cast<int>(date.year());
  }
};

/// The fields of a ledger entry, declared once: the ledger CSV, the
/// workspace's table, JSON and the Python frame all come from this list.
[[nodiscard]] const data::RecordSchema<LedgerEntry>& ledger_schema();

/// Reads a ledger CSV: `date,unit,stage,amount` and any of `year, activity,
/// funding_source, reference, note`. core::ParseError / ValidationError with
/// line and column for bad cells (unknown stage, empty unit, …).
[[nodiscard]] std::vector<LedgerEntry> load_ledger(const std::filesystem::path& path);
/// As load_ledger(), from text.
/// With `notes` given, it receives the cells read in another accepted form
/// (data::ReadNotes::other_forms).
[[nodiscard]] std::vector<LedgerEntry> parse_ledger(std::string_view csv,
                                                    const std::string& source_name,
                                                    data::ReadNotes* notes = nullptr);

/// Writes entries as a ledger CSV that parse_ledger() reads back (e.g. the
/// carry-over entries, to append to next year's ledger).
[[nodiscard]] std::string to_csv(const std::vector<LedgerEntry>& entries, bool header = true);

/// Running totals for one key or group.
struct Balance {
  core::Money allocated;  ///< Allocated.
  core::Money committed;  ///< Committed.
  core::Money disbursed;  ///< Disbursed.
  core::Money settled;    ///< Settled.
  /// allocated − disbursed: what is left to spend.
  [[nodiscard]] core::Money unspent() const { return allocated - disbursed; }
  /// committed − disbursed: commitments still open.
  [[nodiscard]] core::Money open_commitments() const { return committed - disbursed; }
};

/// How summary() groups.
enum class LedgerGroup {
  unit,            ///< By unit.
  content_area,    ///< By the plan's content area of the activity ("" unassigned or cross-cutting).
  activity,        ///< By activity ("" unassigned).
  funding_source,  ///< By funding source.
  period,          ///< By reporting period, cumulative within the budget year.
};

/// The keys and labels of LedgerGroup (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<LedgerGroup> kLedgerGroupText[] = {
    {LedgerGroup::unit, "unit", "Đơn vị", "Unit"},
    {LedgerGroup::content_area, "content_area", "Nội dung", "Content area"},
    {LedgerGroup::activity, "activity", "Hoạt động", "Activity"},
    {LedgerGroup::funding_source, "funding_source", "Nguồn vốn", "Funding source"},
    {LedgerGroup::period, "period", "Kỳ báo cáo", "Reporting period"},
};
/// The text table of LedgerGroup (found by argument-dependent lookup).
constexpr core::EnumInfo<LedgerGroup> enum_text(LedgerGroup /*unused*/) noexcept {
  return {"grouping", kLedgerGroupText};
}

/// One row of a summary.
struct LedgerRow {
  std::string key;  ///< The group's key (unit code, content area number, activity id, source or
                    ///< period label).
  Balance balance;  ///< Its totals.
  /// Disbursed as a share of allocated, in percent with one decimal, rounded
  /// half up (0 when nothing is allocated).
  [[nodiscard]] double rate_percent() const noexcept;
};

/// What makes two ledger entries one entry: the same document (`reference`,
/// not empty), date, budget year, unit, activity, funding source and stage —
/// whatever the amount or the note. Empty for an entry without a reference,
/// which cannot be told apart from another. Ledger::add() refuses a second
/// entry of one identity: a file imported again, whole or in part, would
/// count its money twice.
[[nodiscard]] std::string identity(const LedgerEntry& e);

/// A sound ledger.
class Ledger {
 public:
  /// Adds one entry; core::ValidationError (ledger unchanged) when it would
  /// break the rules.
  void add(LedgerEntry entry);
  /// Adds many entries, all or nothing; core::ValidationError listing every
  /// entry that breaks the rules (each with its line when read from a file):
  /// the stages' order (allocated ≥ committed ≥ disbursed ≥ settled), and
  /// one entry per identity() among those given and those already there.
  void add(std::vector<LedgerEntry> entries);

  /// Every entry, in application order (date, stage, order given).
  [[nodiscard]] const std::vector<LedgerEntry>& entries() const noexcept { return entries_; }

  /// Totals of budget year `year` up to and including `as_of`, for entries
  /// matching the filters (empty filter: any).
  [[nodiscard]] Balance balance(int year, core::Date as_of, std::optional<core::UnitCode> unit = {},
                                std::optional<core::ActivityId> activity = {},
                                std::optional<std::string> funding_source = {}) const;

  /// Totals of budget year `as_of.year()` up to `as_of`, grouped. Content
  /// areas need `plan` (core::InvalidArgument without it). Periods of `kind`
  /// run from January to the one holding `as_of`, each cumulative.
  [[nodiscard]] std::vector<LedgerRow> summary(
      LedgerGroup by, core::Date as_of, const plan::Plan* plan = nullptr,
      core::PeriodKind kind = core::PeriodKind::quarter) const;

  /// The entries that carry budget year `year`'s open amounts into the next
  /// year, dated 1 January: per key, the unspent allocation (allocated −
  /// disbursed) as `allocated` and the open commitments as `committed`, both
  /// marked carried_over. Add them with add(). core::InvalidArgument when
  /// `year` was already carried over.
  [[nodiscard]] std::vector<LedgerEntry> carry_over(int year) const;

 private:
  std::vector<LedgerEntry> entries_;
};

}  // namespace project8::budget
