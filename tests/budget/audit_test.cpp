// Payment audit: each flag, summary by commune, no personal data but the id.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <project8/budget/audit.hpp>
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/report/render.hpp>

using namespace project8;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const rules::RuleSet& safe_motherhood() {
  static const auto r =
      rules::RuleSet::load(PROJECT8_SOURCE_DIR "/data/rules/safe-motherhood.yaml");
  return r;
}

const char* kPeople =
    "id,sex,ethnicity,pregnant,anc_visits,delivery,commune_region,village_especially_difficult,"
    "commune\n"
    "w1,F,3,true,3,none,2,true,03424\n"      // ANC: 300.000
    "w2,F,25,true,6,normal,3,false,03424\n"  // ANC: 400.000; delivery 2.200.000
    "k1,F,1,true,4,normal,3,true,03430\n"    // Kinh: not eligible
    "m1,M,3,false,0,none,3,true,03430\n";

data::Table people() {
  std::vector<std::pair<std::string, std::string>> f;
  for (const auto& x : safe_motherhood().inputs().fields()) f.emplace_back(x.name, x.type_name());
  f.emplace_back("commune", "string");
  return data::parse_csv(kPeople, data::Schema::parse(f), "people.csv");
}

std::vector<budget::AuditFlag> flags_of(const budget::AuditResult& r, std::size_t payment) {
  std::vector<budget::AuditFlag> out;
  for (const auto& f : r.flags) {
    if (f.payment == payment) out.push_back(f.flag);
  }
  return out;
}

}  // namespace

TEST(Audit, EachFlag) {
  using F = budget::AuditFlag;
  const auto pays = budget::parse_payments(
      "payment_id,person_id,package,date,amount,episode_id\n"
      "P1,w1,anc_travel,2025-03-01,200000,preg-1\n"           // 0 clean
      "P2,w1,anc_travel,2025-04-01,100000,preg-1\n"           // 1 clean: 300.000 in all
      "P3,w1,anc_travel,2025-05-01,100000,preg-1\n"           // 2 beyond the cap
      "P4,w2,anc_travel,2025-03-01,500000,preg-2\n"           // 3 over the entitlement alone
      "P5,k1,anc_travel,2025-03-01,100000,preg-3\n"           // 4 ineligible
      "P6,x9,anc_travel,2025-03-01,100000,\n"                 // 5 unknown person
      "P7,w2,cash_bonus,2025-03-01,100000,\n"                 // 6 unknown package
      "P8,w2,delivery_support,2026-02-01,2200000,birth-1\n"   // 7 not in force (ends 2025-12-31);
                                                              // after as_of? no
      "P9,w2,delivery_support,2025-08-01,2200000,birth-1\n"   // 8 clean
      "P9b,w2,delivery_support,2025-08-01,2200000,birth-1\n"  // 9 duplicate (and beyond the cap)
      "P10,w1,anc_travel,2027-01-01,100000,preg-1\n",         // 10 after the audit date
      "pay.csv");
  const auto r =
      budget::audit_payments(safe_motherhood(), people(), pays, core::make_date(2026, 6, 30));
  EXPECT_TRUE(flags_of(r, 0).empty());
  EXPECT_TRUE(flags_of(r, 1).empty());
  EXPECT_EQ(flags_of(r, 2), std::vector<F>{F::beyond_cap});
  EXPECT_EQ(flags_of(r, 3), std::vector<F>{F::over_entitlement});
  EXPECT_EQ(flags_of(r, 4), std::vector<F>{F::ineligible});
  EXPECT_EQ(flags_of(r, 5), std::vector<F>{F::unknown_person});
  EXPECT_EQ(flags_of(r, 6), std::vector<F>{F::unknown_package});
  EXPECT_EQ(flags_of(r, 7), std::vector<F>{F::not_in_force});
  EXPECT_TRUE(flags_of(r, 8).empty());
  EXPECT_EQ(flags_of(r, 9), (std::vector<F>{F::duplicate, F::beyond_cap}));
  EXPECT_EQ(flags_of(r, 10), std::vector<F>{F::after_as_of});
  EXPECT_EQ(r.clean, 3U);
  for (const auto& f : r.flags) {
    if (f.flag == F::beyond_cap && f.payment == 2) {
      EXPECT_EQ(f.entitlement, core::Money::vnd(300'000));
      EXPECT_EQ(f.paid_so_far, core::Money::vnd(400'000));
    }
  }
  // Summary by commune and flag.
  bool found = false;
  for (const auto& c : r.summary) {
    if (c.unit == "03430" && c.flag == F::ineligible) {
      found = true;
      EXPECT_EQ(c.payments, 1U);
      EXPECT_EQ(c.amount, core::Money::vnd(100'000));
    }
  }
  EXPECT_TRUE(found);
  // No personal data but the id: not the reason (ethnicity), not the visits.
  const std::string csv = report::to_csv(r);
  EXPECT_THAT(csv, HasSubstr("6,P5,k1,anc_travel,2025-03-01,100000,ineligible,,"));
  EXPECT_THAT(csv, Not(HasSubstr("ethnic")));
  EXPECT_THAT(report::to_json(r), Not(HasSubstr("ethnic")));
  // Small counts are suppressed in the summary.
  EXPECT_THAT(report::to_text(r, core::Language::en),
              HasSubstr("Not eligible on the payment date: <5"));
  // A threshold below 3 would show the hidden 1: refused.
  EXPECT_THROW((void)report::to_text(r, core::Language::en, 1), core::InvalidArgument);
  EXPECT_THROW((void)report::to_json(r, 2), core::InvalidArgument);
  const auto j = nlohmann::json::parse(report::to_json(r));
  EXPECT_EQ(j["clean"], 3);
  EXPECT_EQ(j["summary"][0]["amount"], nullptr);
}

TEST(Audit, OrderIsByDateSoEarlierMeansEarlier) {
  const auto pays = budget::parse_payments(
      "person_id,package,date,amount,episode_id\n"
      "w1,anc_travel,2025-05-01,100000,preg-1\n"
      "w1,anc_travel,2025-03-01,300000,preg-1\n",
      "pay.csv");
  const auto r =
      budget::audit_payments(safe_motherhood(), people(), pays, core::make_date(2025, 12, 31));
  ASSERT_EQ(r.flags.size(), 1U);
  EXPECT_EQ(r.flags[0].payment, 0U);  // the May payment is the one beyond the cap
  EXPECT_EQ(r.flags[0].flag, budget::AuditFlag::beyond_cap);
}

TEST(Audit, BadInputIsLocatedAndDuplicateIdsRefused) {
  try {
    (void)budget::parse_payments(
        "person_id,package,date,amount\nw1,anc_travel,2025-03-01,-5\n,x,2025-03-01,1\n", "pay.csv");
    FAIL();
  } catch (const core::ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 2U);
    EXPECT_EQ(e.problems()[0].location.to_string(), "pay.csv:2:4");
    EXPECT_EQ(e.problems()[1].location.to_string(), "pay.csv:3:1");
  }
  EXPECT_THROW((void)budget::parse_payments("person_id,package,date\nw1,a,2025-03-01\n", "pay.csv"),
               core::ParseError);
  std::string twice = std::string(kPeople) + "w1,F,3,true,3,none,2,true,03424\n";
  std::vector<std::pair<std::string, std::string>> f;
  for (const auto& x : safe_motherhood().inputs().fields()) f.emplace_back(x.name, x.type_name());
  f.emplace_back("commune", "string");
  const auto t = data::parse_csv(twice, data::Schema::parse(f), "people.csv");
  try {
    (void)budget::audit_payments(safe_motherhood(), t, {}, core::make_date(2025, 12, 31));
    FAIL();
  } catch (const core::ValidationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("row 5"));
    EXPECT_THAT(e.what(), Not(HasSubstr("w1")));  // not even the id in a message
  }
}

TEST(Audit, ReadsAPopulationWithACommuneColumn) {
  const auto path = std::filesystem::temp_directory_path() / "project8-audit-people.csv";
  std::ofstream(path) << kPeople;
  const auto t = budget::read_audit_population(safe_motherhood(), path, "commune");
  EXPECT_EQ(t.rows(), 4U);
  EXPECT_EQ(t.column("commune").string_at(1), "03424");
  std::filesystem::remove(path);
}
