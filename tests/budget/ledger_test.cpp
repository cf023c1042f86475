// The ledger: soundness rules, all-or-nothing adds, carry-over, rates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/bundled.hpp"
#include <project8/budget/ledger.hpp>
#include <project8/core/error.hpp>

using namespace project8;
using ::testing::HasSubstr;

namespace {

budget::LedgerEntry entry(const char* date, const char* unit, budget::Stage stage,
                          std::int64_t amount, const char* activity = "A1.3") {
  budget::LedgerEntry e;
  e.date = core::parse_date(date);
  e.unit = core::UnitCode{unit};
  e.activity = core::ActivityId{activity};
  e.funding_source = "state_budget";
  e.stage = stage;
  e.amount = core::Money::vnd(amount);
  return e;
}

using budget::Stage;

using test::tam_duong;

}  // namespace

TEST(Ledger, StagesCannotOvertakeEachOther) {
  budget::Ledger l;
  l.add(entry("2025-01-10", "106", Stage::allocated, 10'000'000));
  l.add(entry("2025-02-01", "106", Stage::committed, 8'000'000));
  try {
    l.add(entry("2025-02-02", "106", Stage::committed, 3'000'000));
    FAIL();
  } catch (const core::ValidationError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("committed would be 11.000.000 đ, more than the 10.000.000 đ allocated"));
    EXPECT_THAT(e.what(),
                HasSubstr("unit 106, activity A1.3, source state_budget, budget year 2025"));
  }
  EXPECT_THROW(l.add(entry("2025-03-01", "106", Stage::disbursed, 9'000'000)),
               core::ValidationError);
  l.add(entry("2025-03-01", "106", Stage::disbursed, 8'000'000));
  EXPECT_THROW(l.add(entry("2025-04-01", "106", Stage::settled, 8'000'001)), core::ValidationError);
  // Another key has its own money.
  EXPECT_THROW(l.add(entry("2025-03-01", "03424", Stage::committed, 1)), core::ValidationError);
  EXPECT_EQ(l.entries().size(), 3U);
  const auto b = l.balance(2025, core::make_date(2025, 12, 31));
  EXPECT_EQ(b.allocated, core::Money::vnd(10'000'000));
  EXPECT_EQ(b.disbursed, core::Money::vnd(8'000'000));
  EXPECT_EQ(b.unspent(), core::Money::vnd(2'000'000));
  EXPECT_EQ(b.open_commitments(), core::Money::vnd(0));
}

TEST(Ledger, OrderIsByDateNotByFileAndAddsAreAllOrNothing) {
  budget::Ledger l;
  // Given out of order: the allocation comes first by date; same day → stage order.
  l.add({entry("2025-02-01", "106", Stage::disbursed, 5),
         entry("2025-01-01", "106", Stage::committed, 5),
         entry("2025-01-01", "106", Stage::allocated, 5)});
  EXPECT_EQ(l.entries().front().stage, Stage::allocated);
  auto bad1 = entry("2025-03-01", "106", Stage::allocated, 100);
  auto bad2 = entry("2025-03-02", "106", Stage::committed, 200);
  bad2.location = {"ledger.csv", 7, {}};
  try {
    l.add({bad1, bad2});
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 1U);
    EXPECT_THAT(e.problems()[0].to_string(), HasSubstr("ledger.csv:7"));
  }
  EXPECT_EQ(l.entries().size(), 3U);  // nothing of the failed batch landed
  // A correction that would break an entry already there names it.
  try {
    l.add(entry("2025-01-01", "106", Stage::allocated,
                -5));  // after the allocation, before the commitment
    FAIL();
  } catch (const core::ValidationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("already in the ledger now fails"));
  }
}

TEST(Ledger, CarryOverMovesOpenAmountsOnce) {
  budget::Ledger l;
  l.add({entry("2025-01-10", "106", Stage::allocated, 10'000'000),
         entry("2025-02-01", "106", Stage::committed, 7'000'000),
         entry("2025-03-01", "106", Stage::disbursed, 4'000'000),
         entry("2025-01-10", "03424", Stage::allocated, 1'000'000, "A1.1")});
  const auto c = l.carry_over(2025);
  ASSERT_EQ(c.size(), 3U);
  core::Money allocated, committed;
  for (const auto& e : c) {
    EXPECT_EQ(e.date, core::make_date(2026, 1, 1));
    EXPECT_EQ(e.budget_year(), 2026);
    EXPECT_TRUE(e.carried_over);
    (e.stage == Stage::allocated ? allocated : committed) += e.amount;
  }
  EXPECT_EQ(allocated, core::Money::vnd(6'000'000 + 1'000'000));
  EXPECT_EQ(committed, core::Money::vnd(3'000'000));
  // Written out and read back, the carry-over is the same and still marked.
  const auto back = budget::parse_ledger(budget::to_csv(c), "carry.csv");
  ASSERT_EQ(back.size(), c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(back[i].amount, c[i].amount);
    EXPECT_EQ(back[i].stage, c[i].stage);
    EXPECT_EQ(back[i].budget_year(), 2026);
    EXPECT_TRUE(back[i].carried_over);
  }
  l.add(c);
  EXPECT_THROW((void)l.carry_over(2025), core::InvalidArgument);
  const auto b26 = l.balance(2026, core::make_date(2026, 1, 1), core::UnitCode{"106"});
  EXPECT_EQ(b26.allocated, core::Money::vnd(6'000'000));
  EXPECT_EQ(b26.committed, core::Money::vnd(3'000'000));
  // 2025 itself is unchanged.
  EXPECT_EQ(l.balance(2025, core::make_date(2025, 12, 31)).allocated, core::Money::vnd(11'000'000));
}

TEST(Ledger, SettlementNextYearBelongsToTheBudgetYear) {
  budget::Ledger l;
  l.add({entry("2025-01-10", "106", Stage::allocated, 100),
         entry("2025-02-01", "106", Stage::committed, 100),
         entry("2025-03-01", "106", Stage::disbursed, 100)});
  auto settle = entry("2026-02-15", "106", Stage::settled, 100);
  EXPECT_THROW(l.add(settle), core::ValidationError);  // budget year 2026 has nothing disbursed
  settle.year = 2025;
  l.add(settle);
  EXPECT_EQ(l.balance(2025, core::make_date(2026, 12, 31)).settled, core::Money::vnd(100));
}

TEST(Ledger, CsvWithLocatedErrors) {
  try {
    (void)budget::parse_ledger(
        "date,unit,stage,amount\n2025-01-01,106,spent,5\n2025-13-01,106,allocated,5\n", "l.csv");
    FAIL();
  } catch (const core::ParseError& e) {
    EXPECT_THAT(e.what(), HasSubstr("l.csv:2:3"));
    EXPECT_THAT(e.what(), HasSubstr("l.csv:3:1"));
  }
  try {
    (void)budget::parse_ledger("date,unit,stage,amount\n2025-01-01,,allocated,\n", "l.csv");
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 2U);  // in the schema's field order: unit, amount
    EXPECT_EQ(e.problems()[0].location.to_string(), "l.csv:2:2");
    EXPECT_EQ(e.problems()[1].location.to_string(), "l.csv:2:4");
  }
}

TEST(Ledger, BundledSyntheticLedgerAndRates) {
  budget::Ledger l;
  l.add(
      budget::load_ledger(PROJECT8_SOURCE_DIR "/data/budget/tam-duong-2025-ledger-synthetic.csv"));
  const core::Date end = core::make_date(2025, 12, 31);
  const auto total = l.balance(2025, end);
  EXPECT_EQ(total.allocated, core::Money::vnd(124'000'000));
  EXPECT_EQ(total.disbursed, core::Money::vnd(74'000'000));
  const auto by_unit = l.summary(budget::LedgerGroup::unit, end);
  ASSERT_EQ(by_unit.size(), 4U);
  EXPECT_EQ(by_unit[0].key, "106");
  EXPECT_DOUBLE_EQ(by_unit[0].rate_percent(), 64.4);  // 69.5 of 108 million
  const auto by_area = l.summary(budget::LedgerGroup::content_area, end, &tam_duong());
  ASSERT_EQ(by_area.size(), 2U);
  EXPECT_EQ(by_area[0].key, "1");
  EXPECT_EQ(by_area[1].key, "3");
  EXPECT_THROW((void)l.summary(budget::LedgerGroup::content_area, end), core::InvalidArgument);
  const auto by_quarter = l.summary(budget::LedgerGroup::period, end);
  ASSERT_EQ(by_quarter.size(), 4U);
  EXPECT_EQ(by_quarter[0].key, "2025-Q1");
  EXPECT_EQ(by_quarter[0].balance.disbursed, core::Money::vnd(26'500'000));
  EXPECT_EQ(by_quarter[3].balance.disbursed, total.disbursed);  // cumulative
  const auto mid = l.summary(budget::LedgerGroup::period, core::make_date(2025, 5, 15), nullptr,
                             core::PeriodKind::month);
  EXPECT_EQ(mid.size(), 5U);
  EXPECT_EQ(mid.back().key, "2025-05");
}

TEST(Ledger, AnEntryOfOneDocumentCountsOnceWhateverItsAmountOrNote) {
  auto with_reference = [](budget::LedgerEntry e, const char* reference, std::size_t line) {
    e.reference = reference;
    e.location = {"ledger.csv", line, std::nullopt};
    return e;
  };
  const auto allocated =
      with_reference(entry("2025-01-10", "106", Stage::allocated, 10'000'000), "QD-01", 2);
  budget::Ledger l;
  l.add({allocated, with_reference(entry("2025-01-10", "106", Stage::allocated, 5'000'000, "A1.4"),
                                   "QD-01", 3)});  // another activity of one decision
  // The same entry again (another amount, another note) is refused, said where it is.
  auto again = with_reference(entry("2025-01-10", "106", Stage::allocated, 10'000'001), "QD-01", 7);
  again.note = "typed again";
  try {
    l.add(again);
    FAIL() << "an entry was counted twice";
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 1U);
    EXPECT_EQ(e.problems()[0].location.line, 7U);
    EXPECT_EQ(e.problems()[0].field, "reference");
    EXPECT_THAT(e.problems()[0].message, HasSubstr("already in the ledger (ledger.csv:2)"));
  }
  EXPECT_EQ(l.entries().size(), 2U);  // all or nothing
  // Twice within what is added is refused too; without a reference nothing tells entries apart.
  EXPECT_THROW(l.add({with_reference(entry("2025-02-01", "106", Stage::committed, 1), "HD-9", 4),
                      with_reference(entry("2025-02-01", "106", Stage::committed, 1), "HD-9", 5)}),
               core::ValidationError);
  l.add({entry("2025-02-01", "106", Stage::committed, 1),
         entry("2025-02-01", "106", Stage::committed, 1)});
  EXPECT_EQ(l.entries().size(), 4U);
  // The budget year is part of it; an empty year is the date's year.
  auto next_year = allocated;
  next_year.year = 2026;
  EXPECT_NE(budget::identity(next_year), budget::identity(allocated));
  auto explicit_year = allocated;
  explicit_year.year = 2025;
  EXPECT_EQ(budget::identity(explicit_year), budget::identity(allocated));
  EXPECT_EQ(budget::identity(entry("2025-01-10", "106", Stage::allocated, 1)), "");
}
