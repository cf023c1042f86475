#include <algorithm>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/plan/plan.hpp>

namespace {
using namespace project8;
using core::AgencyId;
using core::TargetId;

const std::string kSource = PROJECT8_SOURCE_DIR;

const plan::Plan& bundled() {
  static const plan::Plan p = plan::load_plan(kSource + "/data/plans/tam-duong-2025/plan.yaml");
  return p;
}

bool contains_folded(const std::string& haystack, const std::string& needle) {
  return core::name_key(haystack).find(core::name_key(needle)) != std::string::npos;
}

std::string activity_text(const plan::Activity& a) {
  return a.title.vi + " " + a.description.vi;
}

// The dataset carries everything the seed names (tests/data/...-checklist.yaml).
TEST(PlanDatasetTest, CarriesEverythingTheSeedContains) {
  const auto& p = bundled();
  const YAML::Node list =
      YAML::LoadFile(kSource + "/tests/data/tam-duong-2025-seed-checklist.yaml");
  for (const auto& t : list["targets"]) {
    const auto& target = p.target(TargetId{t["id"].as<std::string>()});
    EXPECT_EQ(target.planned, t["planned"].as<std::int64_t>());
    EXPECT_TRUE(contains_folded(target.title.vi, t["phrase"].as<std::string>())) << target.title.vi;
  }
  EXPECT_EQ(p.content_areas.size(), list["content_areas"].as<std::size_t>());
  for (const auto& id : list["legal_bases"]) {
    EXPECT_TRUE(std::any_of(p.legal_bases.begin(), p.legal_bases.end(), [&](const auto& c) {
      return c.instrument.value() == id.as<std::string>();
    })) << id.as<std::string>();
  }
  for (const auto& id : list["references"]) {
    EXPECT_TRUE(std::any_of(p.references.begin(), p.references.end(), [&](const auto& c) {
      return c.instrument.value() == core::nfc(id.as<std::string>());
    })) << id.as<std::string>();
  }
  for (const auto& area : list["activities"]) {
    const int number = area.first.as<int>();
    const auto acts = p.activities_in_content_area(number);
    for (const auto& phrase : area.second) {
      EXPECT_TRUE(std::any_of(acts.begin(), acts.end(),
                              [&](const auto* a) {
                                return contains_folded(activity_text(*a), phrase.as<std::string>());
                              }))
          << "content area " << number << ": " << phrase.as<std::string>();
    }
  }
  ASSERT_EQ(p.responsibilities.size(), list["responsibilities"].size());
  for (const auto& r : list["responsibilities"]) {
    const auto& group = p.responsibilities.at(r["number"].as<std::size_t>() - 1);
    EXPECT_EQ(group.number, r["number"].as<int>());
    for (const char* role : {"lead", "support"}) {
      for (const auto& a : r[role]) {
        EXPECT_TRUE(std::any_of(group.agencies.begin(), group.agencies.end(),
                                [&](const auto& ar) {
                                  return ar.agency.value() == a.as<std::string>() &&
                                         plan::to_string(ar.role) == std::string(role);
                                }))
            << "group " << group.number << " " << role << " " << a.as<std::string>();
      }
    }
    EXPECT_FALSE(group.activities.empty()) << "group " << group.number;
  }
  for (const auto& phrase : list["section_v_activities"]) {
    EXPECT_TRUE(std::any_of(p.activities.begin(), p.activities.end(), [&](const auto& a) {
      return !a.content_area && contains_folded(activity_text(a), phrase.as<std::string>());
    })) << phrase.as<std::string>();
  }
  for (const auto& c : list["campaigns"]) {
    EXPECT_TRUE(std::any_of(p.campaigns.begin(), p.campaigns.end(), [&](const auto& pc) {
      if (c["date"]) return pc.date && core::to_iso(*pc.date) == c["date"].as<std::string>();
      return pc.month == c["month"].as<int>() &&
             contains_folded(pc.name.vi, c["phrase"].as<std::string>());
    }));
  }
  EXPECT_EQ(p.model("livelihood_group").support_kinds.size(),
            list["technology_support"].as<std::size_t>());
  for (const auto& m : list["models"]) EXPECT_NO_THROW((void)p.model(m.as<std::string>()));
  for (const auto& a : list["funding_recipients"]) {
    EXPECT_NE(std::find(p.funding.recipients.begin(), p.funding.recipients.end(),
                        AgencyId{a.as<std::string>()}),
              p.funding.recipients.end());
  }
  for (const auto& topic : list["topics"]) {
    EXPECT_TRUE(std::any_of(p.activities.begin(), p.activities.end(), [&](const auto& a) {
      return std::find(a.topics.begin(), a.topics.end(), topic.as<std::string>()) != a.topics.end();
    })) << topic.as<std::string>();
  }
  EXPECT_EQ(p.signatory.name, list["signatory"].as<std::string>());
}

TEST(PlanTest, AnswersTheQueriesAUserNeeds) {
  const auto& p = bundled();
  EXPECT_EQ(p.target(TargetId{"T3"}).planned, 11);
  EXPECT_EQ(p.target(TargetId{"T1"}).aggregation, plan::Aggregation::count_distinct);
  const auto toward_t3 = p.activities_toward(TargetId{"T3"});
  ASSERT_EQ(toward_t3.size(), 1U);
  EXPECT_EQ(toward_t3.front()->kind, plan::ActivityKind::dialogue);
  EXPECT_EQ(p.targets_of(core::ActivityId{"A3.3"}).front()->id, TargetId{"T2"});
  EXPECT_EQ(p.targets_of_content_area(3).size(), 2U);
  const auto health = p.activities_of_agency(AgencyId{"district_health_centre"});
  const auto health_leads =
      p.activities_of_agency(AgencyId{"district_health_centre"}, plan::Role::lead);
  EXPECT_GE(health.size(), 4U);
  EXPECT_EQ(health_leads.size(), 2U);
  const auto june = p.activities_in_month(6);
  const auto ids = [](const auto& acts) {
    std::vector<std::string> out;
    for (const auto* a : acts) out.push_back(a->id.value());
    return out;
  };
  EXPECT_EQ(ids(june), (std::vector<std::string>{"A2.3", "A3.2"}));
  EXPECT_EQ(ids(p.activities_in_month(11)), (std::vector<std::string>{"A1.4", "A2.3"}));
  EXPECT_EQ(ids(p.activities_in_month(10)), (std::vector<std::string>{"A3.2"}));
  EXPECT_THROW((void)p.activities_in_month(13), core::InvalidArgument);
  EXPECT_THROW((void)p.target(TargetId{"T9"}), core::NotFoundError);
  EXPECT_EQ(p.target_period(TargetId{"T1"}), core::Period::year(2025));
  EXPECT_EQ(p.agency(p.issuer).name.en, "Tam Đường District People's Committee");
}

TEST(PlanTest, JsonRoundTripIsLossless) {
  const auto& p = bundled();
  const auto json = plan::to_json(p);
  const auto back = plan::plan_from_json(json);
  EXPECT_EQ(back, p);
  EXPECT_EQ(plan::to_json(back), json);
  EXPECT_NE(json.find("\"planned\": 11"), std::string::npos);
  // A schedule names a campaign or not (no empty-text sentinel): the bundled plan's all do; add one
  // by month.
  auto q = p;
  plan::ScheduleItem by_month;
  by_month.month = 5;
  q.activities.front().schedule.push_back(by_month);
  const auto with_month = plan::to_json(q);
  EXPECT_NE(with_month.find("\"campaign\": null"), std::string::npos);
  EXPECT_EQ(plan::plan_from_json(with_month), q);
  // JSON written before (an empty text for none) reads as none.
  std::string old = with_month;
  const std::string null_campaign = "\"campaign\": null";
  for (auto at = old.find(null_campaign); at != std::string::npos; at = old.find(null_campaign)) {
    old.replace(at, null_campaign.size(), "\"campaign\": \"\"");
  }
  EXPECT_EQ(plan::plan_from_json(old), q);
}

TEST(PlanTest, BrokenPlanGetsEveryProblemWithItsLocation) {
  const std::string bad = R"(schema: project8/plan/1
id: broken
title: {vi: "Kế hoạch"}
issuer: ubnd
scope: "106"
year: 2025
period: {from: 2025-01-01, to: 2025-12-31}
titel: typo
agencies:
  - {id: ubnd, name: {vi: "UBND"}, level: district}
  - {id: ubnd, name: {vi: "UBND 2"}, level: district}
content_areas:
  - {number: 1, title: {vi: "Nội dung 1"}}
targets:
  - {id: T1, title: {vi: "a"}, unit: {vi: "cuộc"}, planned: -3, aggregation: sum}
  - {id: T1, title: {vi: "b"}, unit: {vi: "cuộc"}, planned: 2, aggregation: average}
activities:
  - {id: A1, content_area: 1, kind: training, title: {vi: "x"}, lead: nobody, targets: [T7],
     schedule: [{date: 2025-02-30}]}
  - {id: A2, content_area: 5, kind: training, title: {vi: "y"}, schedule: [{date: 2026-01-05}]}
  - {id: A3, kind: training}
)";
  try {
    (void)plan::parse_plan(bad, "broken.yaml");
    FAIL() << "a broken plan loaded";
  } catch (const core::ValidationError& e) {
    std::vector<std::string> got;
    for (const auto& pr : e.problems()) got.push_back(pr.to_string());
    const auto has = [&](const std::string& needle) {
      return std::any_of(got.begin(), got.end(),
                         [&](const auto& s) { return s.find(needle) != std::string::npos; });
    };
    EXPECT_TRUE(has("broken.yaml:8:1: titel: unknown key 'titel'")) << e.what();
    EXPECT_TRUE(has("broken.yaml:11:10: agencies[1].id: duplicate agency id 'ubnd'")) << e.what();
    EXPECT_TRUE(has("broken.yaml:15:61: targets[0].planned: -3 is below the minimum 0"))
        << e.what();
    EXPECT_TRUE(has("broken.yaml:16:10: targets[1].id: duplicate target id 'T1'")) << e.what();
    EXPECT_TRUE(has("targets[1].aggregation: unknown aggregation 'average'")) << e.what();
    EXPECT_TRUE(has("broken.yaml:18:71: activities[0].lead: unknown agency 'nobody'")) << e.what();
    EXPECT_TRUE(has("activities[0].targets[0]: unknown target 'T7'")) << e.what();
    EXPECT_TRUE(has("activities[0].schedule[0].date: '2025-02-30' is not a date")) << e.what();
    EXPECT_TRUE(has("activities[1].content_area: unknown content area 5")) << e.what();
    EXPECT_TRUE(has("activities[1].schedule[0].date: 2026-01-05 is outside the plan period"))
        << e.what();
    EXPECT_TRUE(has("broken.yaml:21:5: activities[2].title: missing required field 'title'"))
        << e.what();
    EXPECT_EQ(got.size(), 11U) << e.what();
  }
}

TEST(PlanTest, AYearIsBounded) {
  // 2^63 - 1 once passed and read back as -1.
  try {
    (void)plan::parse_plan(R"(schema: project8/plan/1
id: p
title: {vi: "Kế hoạch"}
issuer: ubnd
scope: "106"
year: 9223372036854775807
agencies: [{id: ubnd, name: {vi: "UBND"}, level: district}]
)",
                           "y.yaml");
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "y.yaml:6:7: year: 9223372036854775807 is above the maximum 9999"),
              std::string::npos)
        << e.what();
  }
}

TEST(PlanTest, AScheduledPeriodIsAPeriodOrALocatedProblem) {
  const std::string head = R"(schema: project8/plan/1
id: p
title: {vi: "Kế hoạch"}
issuer: ubnd
scope: "106"
year: 2025
period: {from: 2025-01-01, to: 2025-12-31}
agencies: [{id: ubnd, name: {vi: "UBND"}, level: district}]
content_areas: [{number: 1, title: {vi: "Nội dung 1"}}]
activities:
  - {id: A1, content_area: 1, kind: training, title: {vi: "x"}, schedule: [)";
  const auto plan_with = [&](const std::string& item) {
    return plan::parse_plan(head + item + "]}\n", "s.yaml");
  };
  const auto p = plan_with("{from: 2025-03-20, to: 2025-04-10}");
  const auto& s = p.activities.at(0).schedule.at(0);
  ASSERT_TRUE(s.period.has_value());
  EXPECT_EQ(*s.period,
            core::Period::inclusive(core::make_date(2025, 3, 20), core::make_date(2025, 4, 10)));
  EXPECT_EQ(p.activities_in_month(3).size(), 1U);
  EXPECT_EQ(p.activities_in_month(4).size(), 1U);
  EXPECT_EQ(p.activities_in_month(5).size(), 0U);
  EXPECT_EQ(plan::plan_from_json(plan::to_json(p)), p);  // written as from / to, read back whole
  for (const auto& [item, message] : std::vector<std::pair<std::string, std::string>>{
           {"{from: 2025-03-20}", "activities[0].schedule[0]: a period needs both from and to"},
           {"{from: 2025-04-10, to: 2025-03-20}",
            "activities[0].schedule[0].to: the period ends before it starts"},
           {"{from: 2025-12-20, to: 2026-01-10}",
            "activities[0].schedule[0]: the period lies outside the plan period"}}) {
    try {
      (void)plan_with(item);
      ADD_FAILURE() << item << " loaded";
    } catch (const core::ValidationError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  }
}

TEST(PlanTest, NothingIsHalfLoaded) {
  EXPECT_THROW((void)plan::parse_plan("schema: project8/plan/1\nid: [", "x.yaml"),
               core::ParseError);
  EXPECT_THROW((void)plan::parse_plan("- just\n- a list\n", "x.yaml"), core::ValidationError);
  EXPECT_THROW((void)plan::parse_plan("", "empty.yaml"), core::ValidationError);
  EXPECT_THROW((void)plan::load_plan("/nonexistent/plan.yaml"), core::ParseError);
  EXPECT_THROW((void)plan::plan_from_json("{\"schema\": \"project8/plan/1\"}"), core::ParseError);
  EXPECT_THROW((void)plan::plan_from_json("{"), core::ParseError);
}

TEST(PlanTest, LabelsAreBilingual) {
  EXPECT_EQ(plan::label(plan::ActivityKind::training).vi, "Tập huấn");
  EXPECT_EQ(plan::label(plan::Role::support).en, "Support");
  EXPECT_EQ(plan::LocalizedText({"Chỉ tiêu", ""}).in(plan::Language::en), "Chỉ tiêu");
}

}  // namespace
