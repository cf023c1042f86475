#include <cstdint>

#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/legal/instrument.hpp>
#include <project8/legal/parameter.hpp>

namespace {
using namespace project8;
using core::make_date;

legal::Citation tt55() {
  return legal::Citation{core::InstrumentId{"55/2023/TT-BTC"}, {}, {}, {}, {}};
}

TEST(ParameterTest, ValueOnADateFollowsTheHistory) {
  legal::Parameter<std::int64_t> p{"per_event", "VND"};
  p.add({.effective = core::DateRange(make_date(2022, 3, 4), make_date(2023, 8, 14)),
         .value = 80,
         .source = tt55(),
         .status = legal::ValueStatus::provisional,
         .note = ""});
  p.add({.effective = core::DateRange::since(make_date(2023, 8, 15)),
         .value = 100,
         .source = tt55(),
         .status = legal::ValueStatus::verified,
         .note = ""});
  EXPECT_EQ(p.at(make_date(2023, 8, 14)).value, 80);
  EXPECT_EQ(p.at(make_date(2023, 8, 15)).value, 100);
  EXPECT_EQ(p.at(make_date(2030, 1, 1)).status, legal::ValueStatus::verified);
  EXPECT_EQ(p.values().front().value, 80);
  EXPECT_EQ(p.find(make_date(2020, 1, 1)), nullptr);
}

TEST(ParameterTest, NoValueInForceNamesParameterAndDate) {
  legal::Parameter<std::int64_t> p{"anc_travel_per_visit", "VND"};
  p.add({.effective = core::DateRange::since(make_date(2023, 8, 15)),
         .value = 100'000,
         .source = tt55(),
         .status = legal::ValueStatus::verified,
         .note = ""});
  try {
    (void)p.at(make_date(2023, 1, 1));
    FAIL();
  } catch (const core::NotFoundError& e) {
    EXPECT_STREQ(e.what(), "parameter 'anc_travel_per_visit' has no value in force on 2023-01-01");
  }
}

TEST(ParameterTest, RejectsOverlappingPeriods) {
  legal::Parameter<std::int64_t> p{"x", "VND"};
  p.add({.effective = core::DateRange(make_date(2023, 1, 1), make_date(2023, 12, 31)),
         .value = 1,
         .source = tt55(),
         .status = legal::ValueStatus::verified,
         .note = ""});
  EXPECT_THROW(p.add({.effective = core::DateRange::since(make_date(2023, 12, 31)),
                      .value = 2,
                      .source = tt55(),
                      .status = legal::ValueStatus::verified,
                      .note = ""}),
               core::ValidationError);
  EXPECT_THROW(p.add({.effective = core::DateRange::since(make_date(2022, 1, 1)),
                      .value = 2,
                      .source = tt55(),
                      .status = legal::ValueStatus::verified,
                      .note = ""}),
               core::ValidationError);
  // A range that ends before it starts cannot be made; a value with no first day is refused.
  EXPECT_THROW((void)core::DateRange(make_date(2025, 1, 1), make_date(2024, 1, 1)),
               core::InvalidArgument);
  EXPECT_THROW(p.add({.effective = core::DateRange::until(make_date(2021, 12, 31)),
                      .value = 2,
                      .source = tt55(),
                      .status = legal::ValueStatus::verified,
                      .note = ""}),
               core::ValidationError);
  EXPECT_EQ(p.values().size(), 1U) << "a rejected value changes nothing";
}

TEST(InstrumentTest, InForceAndCitations) {
  legal::Instrument i{.id = core::InstrumentId{"01/2022/TT-UBDT"},
                      .type = legal::InstrumentType::circular,
                      .issuer = "Ủy ban Dân tộc",
                      .title = "",
                      .signed_on = make_date(2022, 5, 26),
                      .effective = core::DateRange::since(make_date(2022, 7, 15)),
                      .supersedes = {},
                      .superseded_by = {},
                      .confidence = legal::Confidence::seen,
                      .note = ""};
  EXPECT_FALSE(i.in_force(make_date(2022, 7, 14)));
  EXPECT_TRUE(i.in_force(make_date(2022, 7, 15)));
  legal::Citation c{core::InstrumentId{"15/2022/TT-BTC"}, "44", "2", "", ""};
  EXPECT_EQ(c.to_string(), "15/2022/TT-BTC, Điều 44, khoản 2");
  EXPECT_EQ(legal::parse_instrument_type("circular"), legal::InstrumentType::circular);
  EXPECT_THROW((void)legal::parse_instrument_type("memo"), core::InvalidArgument);
}

}  // namespace
