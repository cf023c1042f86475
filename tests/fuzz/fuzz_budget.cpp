// Fuzzes the budget readers — norms YAML, quantities, ledger and payments CSV —
// and what runs on whatever loads (estimate, ledger rules and summaries,
// payment audit). Each input goes to every reader. Only InputErrors (and, for
// amounts that overflow, OverflowError) may come out; a ledger stays sound.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <project8/budget/audit.hpp>
#include <project8/budget/estimate.hpp>
#include <project8/budget/ledger.hpp>
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/report/render.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8;
  static const auto plan =
      plan::load_plan(PROJECT8_SOURCE_DATA_DIR "/plans/tam-duong-2025/plan.yaml");
  static const auto norms =
      budget::NormSet::load(PROJECT8_SOURCE_DATA_DIR "/budget/norms-illustrative.yaml");
  static const auto rules =
      rules::RuleSet::load(PROJECT8_SOURCE_DATA_DIR "/rules/safe-motherhood.yaml");
  static const auto people = budget::read_audit_population(
      rules, PROJECT8_SOURCE_DATA_DIR "/budget/tam-duong-2025-population-synthetic.csv");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto n = budget::NormSet::parse(text, "fuzz-norms.yaml");
    (void)budget::estimate(
        plan, n,
        budget::load_quantities(PROJECT8_SOURCE_DATA_DIR "/budget/tam-duong-2025-quantities.csv"),
        core::make_date(2025, 1, 1));
  } catch (const core::InputError&) {
  } catch (const core::OverflowError&) {
  }
  try {
    const auto q = budget::parse_quantities(text, "fuzz-quantities.csv");
    (void)report::to_csv(budget::estimate(plan, norms, q, core::make_date(2025, 1, 1)));
  } catch (const core::InputError&) {
  } catch (const core::OverflowError&) {
  }
  try {
    budget::Ledger l;
    l.add(budget::parse_ledger(text, "fuzz-ledger.csv"));
    for (const auto& row : l.summary(budget::LedgerGroup::unit, core::make_date(2025, 12, 31))) {
      const auto& b = row.balance;
      if (b.settled > b.disbursed || b.disbursed > b.committed || b.committed > b.allocated)
        std::abort();
    }
    (void)l.summary(budget::LedgerGroup::period, core::make_date(2025, 12, 31), &plan,
                    core::PeriodKind::month);
    (void)l.summary(budget::LedgerGroup::content_area, core::make_date(2025, 12, 31), &plan);
    l.add(l.carry_over(2025));
    (void)budget::parse_ledger(budget::to_csv(l.entries()), "again.csv");
  } catch (const core::InputError&) {
  } catch (const core::OverflowError&) {
  }
  try {
    const auto pays = budget::parse_payments(text, "fuzz-payments.csv");
    const auto res = budget::audit_payments(rules, people, pays, core::make_date(2025, 12, 31));
    (void)report::to_csv(res);
    (void)report::to_json(res);
  } catch (const core::InputError&) {
  } catch (const core::OverflowError&) {
  }
  return 0;
}
