// Properties of the ledger for random entry streams: whatever is added, the
// ledger stays sound at every date, and a rejected batch changes nothing.
#include <array>
#include <map>
#include <tuple>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <project8/budget/ledger.hpp>
#include <project8/core/error.hpp>

using namespace project8;

namespace {

budget::LedgerEntry random_entry() {
  budget::LedgerEntry e;
  e.date = core::make_date(2025, 1, 1) + boost::gregorian::days(*rc::gen::inRange(0, 500));
  e.unit = core::UnitCode{*rc::gen::element<std::string>("106", "03424")};
  e.activity = core::ActivityId{*rc::gen::element<std::string>("A1.1", "A1.3")};
  e.funding_source = "state_budget";
  e.stage =
      static_cast<budget::Stage>(*rc::gen::weightedElement<int>({{4, 0}, {2, 1}, {2, 2}, {1, 3}}));
  e.amount = core::Money::vnd(*rc::gen::inRange<std::int64_t>(-3, 10) * 1000);
  return e;
}

/// Replays the entries in order and checks 0 ≤ settled ≤ disbursed ≤ committed ≤ allocated after
/// each.
bool sound(const std::vector<budget::LedgerEntry>& entries) {
  std::map<std::tuple<std::string, std::string, int>, std::array<std::int64_t, 4>> t;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    if (i > 0 && e.date < entries[i - 1].date) return false;
    auto& a = t[{e.unit.value(), e.activity->value(), e.budget_year()}];
    a[static_cast<std::size_t>(e.stage)] += e.amount.in_vnd();
    if (!(0 <= a[3] && a[3] <= a[2] && a[2] <= a[1] && a[1] <= a[0])) return false;
  }
  return true;
}

}  // namespace

RC_GTEST_PROP(LedgerProperty, StaysSoundAndRejectedBatchesChangeNothing, ()) {
  budget::Ledger ledger;
  const auto batches = *rc::gen::inRange(1, 8);
  for (int b = 0; b < batches; ++b) {
    std::vector<budget::LedgerEntry> batch;
    const auto n = *rc::gen::inRange(1, 6);
    for (int i = 0; i < n; ++i) batch.push_back(random_entry());
    const auto before = ledger.entries().size();
    try {
      ledger.add(batch);
      RC_ASSERT(ledger.entries().size() == before + batch.size());
    } catch (const core::ValidationError& e) {
      RC_ASSERT(ledger.entries().size() == before);
      RC_ASSERT(!e.problems().empty());
    }
    RC_ASSERT(sound(ledger.entries()));
  }
  RC_TAG(ledger.entries().empty() ? "empty ledger" : "entries landed");
  // Carrying a year over keeps the ledger sound and leaves nothing open behind.
  auto carried = ledger.carry_over(2025);
  ledger.add(carried);
  RC_ASSERT(sound(ledger.entries()));
  const auto end25 = ledger.balance(2025, core::make_date(2026, 12, 31));
  core::Money allocated26;
  for (const auto& e : carried) {
    if (e.stage == budget::Stage::allocated) allocated26 += e.amount;
  }
  RC_ASSERT(allocated26 == end25.unspent());
}
