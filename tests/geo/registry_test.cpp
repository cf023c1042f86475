#include <algorithm>

#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/geo/ethnic_group.hpp>
#include <project8/geo/registry.hpp>

namespace {
using namespace project8;
using core::make_date;
using core::UnitCode;

const std::string kData = std::string(PROJECT8_SOURCE_DIR) + "/data";

const geo::Registry& bundled() {
  static const geo::Registry reg = geo::Registry::load(kData + "/geo/lai-chau.yaml");
  return reg;
}

std::vector<std::string> names(const geo::Registry& reg, const std::vector<UnitCode>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(reg.get(c).name);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(RegistryTest, BundledTamDuongHasThirteenCommuneLevelUnitsBeforeTheMerger) {
  const auto& reg = bundled();
  const auto kids = reg.children(UnitCode{"106"}, make_date(2025, 6, 30));
  EXPECT_EQ(kids.size(), 13U);
  EXPECT_EQ(reg.at(UnitCode{"03390"}, make_date(2025, 1, 1)).name, "Thị trấn Tam Đường");
  EXPECT_EQ(reg.get(UnitCode{"03390"}).kind, geo::UnitKind::township);
  EXPECT_EQ(reg.get(UnitCode{"03390"}).level(), geo::UnitLevel::commune);
  EXPECT_TRUE(reg.children(UnitCode{"106"}, make_date(2025, 7, 1)).empty());
}

TEST(RegistryTest, UnitByCodeOnADate) {
  const auto& reg = bundled();
  EXPECT_THROW((void)reg.at(UnitCode{"03412"}, make_date(2025, 7, 1)), core::NotFoundError);
  EXPECT_THROW((void)reg.get(UnitCode{"99999"}), core::NotFoundError);
  const auto& new_binh_lu = reg.at(UnitCode{"LC2025-BINH-LU"}, make_date(2025, 7, 1));
  EXPECT_EQ(new_binh_lu.code_status, geo::CodeStatus::local);
}

struct Lineage {
  const char* old_code;
  const char* new_name;
};

class RegistryLineageTest : public ::testing::TestWithParam<Lineage> {};

TEST_P(RegistryLineageTest, EveryOldCommuneMapsToWhatItBecame) {
  const auto& reg = bundled();
  const auto after =
      reg.map_to_date(UnitCode{GetParam().old_code}, make_date(2025, 6, 30), make_date(2025, 7, 1));
  ASSERT_EQ(after.size(), 1U);
  EXPECT_EQ(reg.get(after.front()).name, GetParam().new_name);
}

INSTANTIATE_TEST_SUITE_P(
    TamDuong, RegistryLineageTest,
    ::testing::Values(Lineage{"03390", "Xã Bình Lư"}, Lineage{"03413", "Xã Bình Lư"},
                      Lineage{"03412", "Xã Bình Lư"}, Lineage{"03405", "Xã Tả Lèng"},
                      Lineage{"03406", "Xã Tả Lèng"}, Lineage{"03400", "Xã Tả Lèng"},
                      Lineage{"03421", "Xã Khun Há"}, Lineage{"03430", "Xã Khun Há"},
                      Lineage{"03427", "Xã Bản Bo"}, Lineage{"03424", "Xã Bản Bo"},
                      Lineage{"03394", "Xã Sin Suối Hồ"}, Lineage{"03415", "Phường Tân Phong"},
                      Lineage{"03418", "Phường Tân Phong"}),
    [](const ::testing::TestParamInfo<Lineage>& param_info) {
      return std::string("Code") + param_info.param.old_code;
    });

TEST(RegistryTest, TheAbolishedDistrictMapsToItsCommunesSuccessors) {
  const auto& reg = bundled();
  const auto after =
      reg.map_to_date(UnitCode{"106"}, make_date(2025, 6, 30), make_date(2025, 7, 1));
  EXPECT_EQ(names(reg, after),
            (std::vector<std::string>{"Phường Tân Phong", "Xã Bình Lư", "Xã Bản Bo", "Xã Khun Há",
                                      "Xã Sin Suối Hồ", "Xã Tả Lèng"}));
}

TEST(RegistryTest, MapsBackwardToPredecessors) {
  const auto& reg = bundled();
  const auto before =
      reg.map_to_date(UnitCode{"LC2025-BINH-LU"}, make_date(2025, 7, 1), make_date(2025, 6, 30));
  EXPECT_EQ(names(reg, before),
            (std::vector<std::string>{"Thị trấn Tam Đường", "Xã Bình Lư", "Xã Sơn Bình"}));
  EXPECT_EQ(reg.predecessors(UnitCode{"LC2025-KHUN-HA"}).size(), 2U);
  EXPECT_EQ(reg.successors(UnitCode{"03430"}), std::vector<UnitCode>{UnitCode{"LC2025-KHUN-HA"}});
}

TEST(RegistryTest, KnowsWhichNewUnitsLiePartlyOutsideTheOldDistrict) {
  const auto& reg = bundled();
  EXPECT_TRUE(reg.has_external_predecessors(UnitCode{"LC2025-SIN-SUOI-HO"}));
  EXPECT_TRUE(reg.has_external_predecessors(UnitCode{"LC2025-TAN-PHONG"}));
  EXPECT_FALSE(reg.has_external_predecessors(UnitCode{"LC2025-BINH-LU"}));
}

TEST(RegistryTest, FindsByNameRegardlessOfEncodingAndLeniently) {
  const auto& reg = bundled();
  EXPECT_EQ(reg.find_by_name("THỊ TRẤN TAM ĐƯỜNG").size(), 1U);
  EXPECT_TRUE(reg.find_by_name("Thi tran Tam Duong").empty());
  EXPECT_EQ(reg.find_by_name("Thi tran Tam Duong", geo::NameMatch::lenient).size(), 1U);
  // The same name before and after the merger: the date tells them apart.
  EXPECT_EQ(reg.find_by_name("Xã Bình Lư").size(), 2U);
  EXPECT_EQ(reg.find_by_name("Bình Lư").size(), 2U) << "found without the prefix too";
  EXPECT_EQ(reg.find_by_name("bản bo", geo::NameMatch::exact, make_date(2025, 1, 1)).size(), 1U);
  EXPECT_TRUE(reg.find_by_name("Bo").empty());
  const auto on = reg.find_by_name("xa binh lu", geo::NameMatch::lenient, make_date(2025, 8, 1));
  ASSERT_EQ(on.size(), 1U);
  EXPECT_EQ(on.front()->code.value(), "LC2025-BINH-LU");
}

TEST(RegistryTest, ZoneClassesAreDataEvenWhenUnknown) {
  const auto& reg = bundled();
  const auto* old = reg.zone(UnitCode{"03424"}, make_date(2025, 3, 1));
  ASSERT_NE(old, nullptr);
  EXPECT_FALSE(old->region.has_value()) << "the region class was not found: it stays empty";
  EXPECT_EQ(old->confidence, legal::Confidence::unknown);
  const auto* bo = reg.zone(UnitCode{"LC2025-BAN-BO"}, make_date(2026, 2, 1));
  ASSERT_NE(bo, nullptr);
  EXPECT_EQ(bo->especially_difficult, true);
  EXPECT_EQ(bo->instrument->instrument.value(), "113/QĐ-UBND");
  EXPECT_EQ(reg.zone(UnitCode{"LC2025-BINH-LU"}, make_date(2026, 2, 1))->especially_difficult,
            false);
  EXPECT_EQ(reg.zone(UnitCode{"LC2025-BAN-BO"}, make_date(2025, 8, 1)), nullptr);
}

TEST(RegistryTest, IsWithinFollowsParents) {
  const auto& reg = bundled();
  EXPECT_TRUE(reg.is_within(UnitCode{"03424"}, UnitCode{"12"}));
  EXPECT_TRUE(reg.is_within(UnitCode{"03424"}, UnitCode{"106"}));
  EXPECT_FALSE(reg.is_within(UnitCode{"LC2025-BAN-BO"}, UnitCode{"106"}));
}

TEST(RegistryTest, ReportsEveryProblemWithItsLocation) {
  const std::string bad = R"(schema: project8/geo/1
units:
  - {code: "1", name: "Tỉnh A", kind: province}
  - {code: "1", name: "Tỉnh B", kind: province}
  - {code: "2", name: "Xã C", kind: hamlet, parent: "9"}
  - {code: "3", name: "Xã D", kind: commune, valid_from: 2025-02-30, colour: red}
lineage:
  - {kind: merge, date: 2025-07-01, from: ["1", "77"], to: ["3"]}
)";
  try {
    (void)geo::Registry::parse(bad, "bad.yaml");
    FAIL();
  } catch (const core::ValidationError& e) {
    std::vector<std::string> got;
    for (const auto& p : e.problems()) got.push_back(p.to_string());
    const auto has = [&](const std::string& needle) {
      return std::any_of(got.begin(), got.end(),
                         [&](const auto& s) { return s.find(needle) != std::string::npos; });
    };
    EXPECT_TRUE(has("bad.yaml:4:12: units[1].code: duplicate unit code '1'")) << e.what();
    EXPECT_TRUE(has("bad.yaml:5:37: units[2].kind: unknown unit kind 'hamlet'")) << e.what();
    EXPECT_TRUE(has("units[2].parent: unknown parent unit '9'")) << e.what();
    EXPECT_TRUE(has("bad.yaml:6:58: units[3].valid_from")) << e.what();
    EXPECT_TRUE(has("units[3].colour: unknown key 'colour'")) << e.what();
    EXPECT_TRUE(has("lineage[0].from: unknown unit '77'")) << e.what();
    EXPECT_EQ(got.size(), 6U) << e.what();
  }
}

TEST(RegistryTest, SyntaxErrorsAreParseErrors) {
  try {
    (void)geo::Registry::parse("units: [\n  {code: 1", "broken.yaml");
    FAIL();
  } catch (const core::ParseError& e) {
    EXPECT_EQ(e.location().file, "broken.yaml");
    EXPECT_TRUE(e.location().line.has_value());
  }
  EXPECT_THROW((void)geo::Registry::parse("units: \"\xff\"", "u.yaml"), core::ParseError);
  EXPECT_THROW((void)geo::Registry::parse(std::string(200, '['), "deep.yaml"), core::ParseError);
}

TEST(EthnicGroupListTest, BundledListHas54GroupsAndOnlyKinhIsNotAMinority) {
  const auto list = geo::EthnicGroupList::load(kData + "/geo/ethnic-groups-1019-2008.yaml");
  EXPECT_EQ(list.groups().size(), 54U);
  EXPECT_EQ(list.source().instrument.value(), "1019/QĐ-TCTK");
  EXPECT_FALSE(list.get(1).ethnic_minority);
  EXPECT_EQ(std::count_if(list.groups().begin(), list.groups().end(),
                          [](const auto& g) { return g.ethnic_minority; }),
            53);
  EXPECT_EQ(list.get(4).name, "Mường") << "the 2008 list, not the 1979 one";
  EXPECT_EQ(list.get(6).name, "Hoa");
  EXPECT_EQ(list.get(8).name, "Mông");
  EXPECT_EQ(list.get(8).status, legal::ValueStatus::verified);
  EXPECT_EQ(list.find_by_name("Hmông")->code, 8);
  EXPECT_EQ(list.find_by_name("thai")->code, 3);
  EXPECT_THROW((void)list.get(55), core::NotFoundError);
  for (const char* lai_chau_group : {"Thái", "Giáy", "Lào", "Lự", "Mảng", "Kháng", "Khơ Mú", "Mông",
                                     "Dao", "Hà Nhì", "La Hủ", "Cống", "Si La"}) {
    EXPECT_NE(list.find_by_name(lai_chau_group), nullptr) << lai_chau_group;
  }
}

}  // namespace
