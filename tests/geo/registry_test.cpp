#include <algorithm>
#include <set>

#include <gmock/gmock.h>
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

// The names of the units with `codes` on `on`, sorted.
std::vector<std::string> names(const geo::Registry& reg, const std::vector<UnitCode>& codes,
                               core::Date on) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(reg.unit(c, on).name);
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t commune_level(const std::vector<const geo::Unit*>& units) {
  return static_cast<std::size_t>(std::count_if(units.begin(), units.end(), [](const auto* u) {
    return u->level() == geo::UnitLevel::commune;
  }));
}

const core::Date kLastDay = make_date(2025, 6, 30);
const core::Date kReform = make_date(2025, 7, 1);

TEST(RegistryTest, BundledTamDuongHasThirteenCommuneLevelUnitsBeforeTheMerger) {
  const auto& reg = bundled();
  const auto kids = reg.children(UnitCode{"106"}, kLastDay);
  EXPECT_EQ(kids.size(), 13U);
  EXPECT_EQ(reg.unit(UnitCode{"03390"}, make_date(2025, 1, 1)).name, "Thị trấn Tam Đường");
  EXPECT_EQ(reg.unit(UnitCode{"03390"}, kLastDay).kind, geo::UnitKind::township);
  EXPECT_EQ(reg.unit(UnitCode{"03390"}, kLastDay).level(), geo::UnitLevel::commune);
  EXPECT_TRUE(reg.children(UnitCode{"106"}, kReform).empty());
}

TEST(RegistryTest, TheWholeProvinceBeforeAndAfterTheReform) {
  const auto& reg = bundled();
  EXPECT_EQ(commune_level(reg.units(kLastDay)), 106U);
  EXPECT_EQ(commune_level(reg.units(kReform)), 38U);
  const auto districts = [&](core::Date d) {
    const auto all = reg.units(d);
    return std::count_if(all.begin(), all.end(),
                         [](const auto* u) { return u->level() == geo::UnitLevel::district; });
  };
  EXPECT_EQ(districts(kLastDay), 8);
  EXPECT_EQ(districts(kReform), 0);
  EXPECT_EQ(reg.children(UnitCode{"12"}, kReform).size(), 38U);
  // Every former commune-level unit is in exactly one event of the reform, and maps to one new
  // unit.
  for (const auto* old : reg.units(kLastDay)) {
    if (old->level() != geo::UnitLevel::commune) continue;
    const auto events =
        std::count_if(reg.lineage().begin(), reg.lineage().end(), [&](const auto& e) {
          return e.date == kReform &&
                 std::find(e.from.begin(), e.from.end(), old->code) != e.from.end();
        });
    EXPECT_EQ(events, 1) << old->code;
    const auto now = reg.map_to_date(old->code, kLastDay, kReform);
    ASSERT_EQ(now.size(), 1U) << old->code;
    EXPECT_EQ(reg.unit(now.front(), kReform).level(), geo::UnitLevel::commune);
  }
}

TEST(RegistryTest, EveryEventOfTheReformCitesItsClause) {
  const auto& reg = bundled();
  std::set<std::string> clauses;
  for (const auto& e : reg.lineage()) {
    ASSERT_TRUE(e.instrument.has_value());
    EXPECT_EQ(e.confidence, legal::Confidence::seen);
    if (e.kind == geo::LineageKind::abolish) {
      EXPECT_EQ(e.instrument->instrument.value(), "203/2025/QH15");
      continue;
    }
    EXPECT_EQ(e.instrument->instrument.value(), "1670/NQ-UBTVQH15");
    EXPECT_EQ(e.instrument->article, "1");
    clauses.insert(e.instrument->clause);
    // The new code is the code of one of the units merged into it.
    ASSERT_EQ(e.to.size(), 1U);
    EXPECT_NE(std::find(e.from.begin(), e.from.end(), e.to.front()), e.from.end()) << e.to.front();
  }
  EXPECT_EQ(clauses.size(), 37U) << "clauses 1-36 merge, clause 37 leaves two communes as they are";
}

TEST(RegistryTest, ACodeIsAUnitOnlyAtADate) {
  const auto& reg = bundled();
  // Official codes are reused (Công văn 1027/CTK-CSCL).
  EXPECT_EQ(reg.unit(UnitCode{"03390"}, kLastDay).name, "Thị trấn Tam Đường");
  EXPECT_EQ(reg.unit(UnitCode{"03390"}, kReform).name, "Xã Bình Lư");
  EXPECT_EQ(reg.unit(UnitCode{"03405"}, kLastDay).name, "Xã Giang Ma");
  EXPECT_EQ(reg.unit(UnitCode{"03405"}, kReform).name, "Xã Tả Lèng");
  EXPECT_EQ(reg.unit(UnitCode{"03394"}, kReform).name, "Xã Sin Suối Hồ");
  EXPECT_EQ(reg.unit(UnitCode{"03408"}, kLastDay).name, "Phường Đông Phong");
  EXPECT_EQ(reg.unit(UnitCode{"03408"}, kReform).name, "Phường Tân Phong");
  EXPECT_EQ(reg.units_with_code(UnitCode{"03390"}).size(), 2U);
  // A code alone is accepted where it names one unit, refused (naming both) where it names two.
  EXPECT_EQ(reg.unit(UnitCode{"03412"}).name, "Xã Bình Lư");
  try {
    (void)reg.unit(UnitCode{"03390"});
    FAIL();
  } catch (const core::InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("Thị trấn Tam Đường (..2025-06-30)"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("Xã Bình Lư (2025-07-01..)"), std::string::npos);
  }
  EXPECT_EQ(reg.find(UnitCode{"03412"}, kReform), nullptr);
  EXPECT_THROW((void)reg.unit(UnitCode{"03412"}, kReform), core::NotFoundError);
  EXPECT_THROW((void)reg.unit(UnitCode{"99999"}, kReform), core::NotFoundError);
  EXPECT_EQ(reg.unit(UnitCode{"03390"}, kReform).code_status, geo::CodeStatus::official);
  // A report names a district that has since ended.
  ASSERT_NE(reg.find_latest(UnitCode{"106"}, make_date(2025, 12, 31)), nullptr);
  EXPECT_EQ(reg.find_latest(UnitCode{"106"}, make_date(2025, 12, 31))->name, "Huyện Tam Đường");
}

struct Lineage {
  const char* old_code;
  const char* new_name;
};

class RegistryLineageTest : public ::testing::TestWithParam<Lineage> {};

TEST_P(RegistryLineageTest, EveryOldCommuneMapsToWhatItBecame) {
  const auto& reg = bundled();
  const auto after = reg.map_to_date(UnitCode{GetParam().old_code}, kLastDay, kReform);
  ASSERT_EQ(after.size(), 1U);
  EXPECT_EQ(reg.unit(after.front(), kReform).name, GetParam().new_name);
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
  const auto after = reg.map_to_date(UnitCode{"106"}, kLastDay, kReform);
  EXPECT_EQ(names(reg, after, kReform),
            (std::vector<std::string>{"Phường Tân Phong", "Xã Bình Lư", "Xã Bản Bo", "Xã Khun Há",
                                      "Xã Sin Suối Hồ", "Xã Tả Lèng"}));
}

TEST(RegistryTest, MapsBackwardToPredecessors) {
  const auto& reg = bundled();
  const auto before = reg.map_to_date(UnitCode{"03390"}, kReform, kLastDay);
  EXPECT_EQ(names(reg, before, kLastDay),
            (std::vector<std::string>{"Thị trấn Tam Đường", "Xã Bình Lư", "Xã Sơn Bình"}));
  const auto& khun_ha = reg.unit(UnitCode{"03430"}, kReform);
  EXPECT_EQ(reg.predecessors(khun_ha).size(), 2U);
  const auto& old_khun_ha = reg.unit(UnitCode{"03430"}, kLastDay);
  ASSERT_EQ(reg.successors(old_khun_ha).size(), 1U);
  EXPECT_EQ(reg.successors(old_khun_ha).front(), &khun_ha);
  // A copy of a unit (e.g. from Python) is found by its code and days.
  const geo::Unit copy = khun_ha;
  EXPECT_EQ(reg.predecessors(copy).size(), 2U);
}

TEST(RegistryTest, KnowsWhichNewUnitsLiePartlyOutsideTheOldDistrict) {
  const auto& reg = bundled();
  const auto inside = [&](const char* code) {
    std::size_t in = 0;
    const auto preds = reg.predecessors(reg.unit(UnitCode{code}, kReform));
    for (const auto* p : preds) in += reg.is_within(*p, UnitCode{"106"}) ? 1 : 0;
    return std::pair{in, preds.size()};
  };
  EXPECT_EQ(inside("03394"), (std::pair<std::size_t, std::size_t>{1, 3}));  // Sin Suối Hồ
  EXPECT_EQ(inside("03408"), (std::pair<std::size_t, std::size_t>{2, 5}));  // Tân Phong
  EXPECT_EQ(inside("03390"), (std::pair<std::size_t, std::size_t>{3, 3}));  // Bình Lư
  EXPECT_FALSE(reg.has_external_predecessors(reg.unit(UnitCode{"03394"}, kReform)))
      << "the whole province is in the data";
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
  EXPECT_EQ(on.front()->code.value(), "03390");
}

TEST(RegistryTest, ZoneClassesAreDataEvenWhenUnknown) {
  const auto& reg = bundled();
  const auto* old = reg.zone(UnitCode{"03424"}, make_date(2025, 3, 1));
  ASSERT_NE(old, nullptr);
  EXPECT_FALSE(old->region.has_value()) << "the region class was not found: it stays empty";
  EXPECT_EQ(old->confidence, legal::Confidence::unknown);
  EXPECT_EQ(old->instrument->instrument.value(), "861/QĐ-TTg");
  ASSERT_EQ(old->amended_by.size(), 1U);
  EXPECT_EQ(old->amended_by.front().instrument.value(), "698/QĐ-TTg");
  const auto* bo = reg.zone(UnitCode{"03424"}, make_date(2026, 2, 1));
  ASSERT_NE(bo, nullptr);
  EXPECT_EQ(bo->especially_difficult, true);
  EXPECT_EQ(bo->instrument->instrument.value(), "113/QĐ-UBND");
  EXPECT_EQ(bo->criteria->instrument.value(), "272/2025/NĐ-CP");
  EXPECT_EQ(reg.zone(UnitCode{"03390"}, make_date(2026, 2, 1))->especially_difficult, false);
  EXPECT_EQ(reg.zone(UnitCode{"03424"}, make_date(2025, 8, 1)), nullptr)
      << "the new Xã Bản Bo has no class of its own in 2025";
  // The province-level count for 2026–2030 is a fact about the province, not guesses per commune.
  const auto* province = reg.zone(UnitCode{"12"}, make_date(2026, 2, 1));
  ASSERT_NE(province, nullptr);
  EXPECT_EQ(province->confidence, legal::Confidence::news);
  EXPECT_FALSE(province->region.has_value());
}

TEST(RegistryTest, ZoneClassesInForceFollowTheLineage) {
  const auto& reg = bundled();
  // Xã Bình Lư (03390 from 1/7/2025) in 2025: the 2021–2025 classes of the three communes it was
  // formed from (Thị trấn Tam Đường 03390 among them), which run to the end of 2025.
  const auto in_2025 = reg.zones_in_force(UnitCode{"03390"}, make_date(2025, 9, 1));
  ASSERT_EQ(in_2025.size(), 3U);
  std::vector<std::string> units;
  for (const auto* z : in_2025) units.push_back(reg.unit_of(*z).name);
  std::sort(units.begin(), units.end());
  EXPECT_EQ(units, (std::vector<std::string>{"Thị trấn Tam Đường", "Xã Bình Lư", "Xã Sơn Bình"}));
  // In 2026 its own class.
  const auto in_2026 = reg.zones_in_force(UnitCode{"03390"}, make_date(2026, 9, 1));
  ASSERT_EQ(in_2026.size(), 1U);
  EXPECT_EQ(in_2026.front()->especially_difficult, false);
  EXPECT_EQ(&reg.unit_of(*in_2026.front()), &reg.unit(UnitCode{"03390"}, kReform));
  // Before the reform, the township's own class.
  EXPECT_EQ(reg.zones_in_force(UnitCode{"03390"}, make_date(2025, 3, 1)).size(), 1U);
}

TEST(RegistryTest, VillagesBelowACommuneCarryZoneClasses) {
  const auto reg = geo::Registry::parse(R"(schema: project8/geo/1
units:
  - {code: "03424", name: "Xã Bản Bo", kind: commune, valid_from: 2025-07-01}
  - {code: "03424-01", code_status: local, name: "Bản Nà Đon", kind: village, parent: "03424",
     valid_from: 2025-07-01}
zones:
  - {unit: "03424-01", from: 2026-01-01, to: 2030-12-31, especially_difficult: true,
     instrument: {instrument: "60/QĐ-BDTTG"}, note: "illustrative"}
)",
                                        "villages.yaml");
  const auto& village = reg.unit(UnitCode{"03424-01"}, make_date(2026, 3, 1));
  EXPECT_EQ(village.level(), geo::UnitLevel::village);
  EXPECT_TRUE(reg.is_within(village, UnitCode{"03424"}));
  EXPECT_EQ(reg.children(UnitCode{"03424"}, make_date(2026, 3, 1)).size(), 1U);
  EXPECT_EQ(reg.zone(UnitCode{"03424-01"}, make_date(2026, 3, 1))->especially_difficult, true);
}

TEST(RegistryTest, OneCodeNamesUnitsOneAfterAnotherNeverTwoOnOneDay) {
  const std::string ok = R"(schema: project8/geo/1
units:
  - {code: "1", name: "Tỉnh A", kind: province}
  - {code: "5", name: "Xã Cũ", kind: commune, parent: "1", valid_to: 2025-06-30}
  - {code: "6", name: "Xã Khác", kind: commune, parent: "1", valid_to: 2025-06-30}
  - {code: "5", name: "Xã Mới", kind: commune, parent: "1", valid_from: 2025-07-01}
lineage:
  - {kind: merge, date: 2025-07-01, from: ["5", "6"], to: ["5"]}
)";
  const auto reg = geo::Registry::parse(ok, "ok.yaml");
  EXPECT_EQ(reg.unit(UnitCode{"5"}, kReform).name, "Xã Mới");
  EXPECT_EQ(reg.map_to_date(UnitCode{"6"}, kLastDay, kReform),
            std::vector<UnitCode>{UnitCode{"5"}});
  const std::string overlapping = R"(schema: project8/geo/1
units:
  - {code: "5", name: "Xã Cũ", kind: commune, valid_to: 2025-07-01}
  - {code: "5", name: "Xã Mới", kind: commune, valid_from: 2025-07-01}
lineage:
  - {kind: merge, date: 2025-08-01, from: ["5"], to: ["5"]}
)";
  try {
    (void)geo::Registry::parse(overlapping, "overlap.yaml");
    FAIL();
  } catch (const core::ValidationError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("overlap.yaml:4:12: units[1].code: unit code '5' already names Xã Cũ "
                        "(..2025-07-01)"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("lineage[0].to: no unit '5' existed on 2025-08-01 (the code named: Xã Cũ "
                        "(..2025-07-01)), the event's day"),
              std::string::npos)
        << what;
  }
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
    EXPECT_TRUE(has("bad.yaml:4:12: units[1].code: unit code '1' already names Tỉnh A"))
        << e.what();
    EXPECT_TRUE(has("bad.yaml:5:37: units[2].kind: unknown unit kind 'hamlet'")) << e.what();
    EXPECT_TRUE(has("units[2].parent: unknown parent unit '9'")) << e.what();
    EXPECT_TRUE(has("bad.yaml:6:58: units[3].valid_from")) << e.what();
    EXPECT_TRUE(has("units[3].colour: unknown key 'colour'")) << e.what();
    EXPECT_TRUE(
        has("lineage[0].from: unit code '77' is not in the registry, the day before the "
            "event"))
        << e.what();
    EXPECT_EQ(got.size(), 6U) << e.what();
  }
}

TEST(RegistryTest, ARepeatedKeyIsALocatedError) {
  try {
    (void)geo::Registry::parse(R"(schema: project8/geo/1
units:
  - {code: "1", name: "Tỉnh A", kind: province, name: "Tỉnh B"}
)",
                               "dup.yaml");
    FAIL();
  } catch (const core::InputError& e) {
    ASSERT_EQ(e.problems().size(), 1U) << e.what();
    EXPECT_EQ(e.problems()[0].to_string(),
              "dup.yaml:3:49: units[0].name: duplicate key 'name' (first at line 3)");
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
  // A secondary list swaps 36 and 37: both are disputed, never presented as verified.
  EXPECT_EQ(list.get(36).name, "Kháng");
  EXPECT_EQ(list.get(36).status, legal::ValueStatus::disputed);
  EXPECT_EQ(list.get(37).status, legal::ValueStatus::disputed);
  EXPECT_NE(list.get(36).note.find("37 Kháng"), std::string::npos);
  EXPECT_EQ(list.find_by_name("Kháng")->status, legal::ValueStatus::disputed);
  EXPECT_EQ(list.get(35).status, legal::ValueStatus::provisional);
  EXPECT_EQ(list.find_by_name("thai")->code, 3);
  EXPECT_THROW((void)list.get(55), core::NotFoundError);
  for (const char* lai_chau_group : {"Thái", "Giáy", "Lào", "Lự", "Mảng", "Kháng", "Khơ Mú", "Mông",
                                     "Dao", "Hà Nhì", "La Hủ", "Cống", "Si La"}) {
    EXPECT_NE(list.find_by_name(lai_chau_group), nullptr) << lai_chau_group;
  }
}

}  // namespace

TEST(RegistryTest, ACellNamesAUnitByCodeShortenedCodeOrNameOnItsDateAndAmbiguityListsCandidates) {
  const auto& reg = bundled();
  const auto after = make_date(2025, 8, 1);
  const auto r = reg.resolve("03390", after);
  ASSERT_NE(r.unit, nullptr);
  EXPECT_EQ(r.by, geo::UnitNamedBy::code);
  // The same code named another unit before the merger: a unit is a code at a date.
  EXPECT_NE(reg.resolve("03390", kLastDay).unit->name, r.unit->name);
  const auto shortened = reg.resolve(" 3390 ", after);
  ASSERT_NE(shortened.unit, nullptr);
  EXPECT_EQ(shortened.unit->code, UnitCode{"03390"});
  EXPECT_EQ(shortened.by, geo::UnitNamedBy::shortened_code);
  for (const char* name : {"Xã Bình Lư", "XÃ BÌNH LƯ", "Bình Lư", "Xa\xCC\x83 Bi\xCC\x80nh Lư"}) {
    const auto named = reg.resolve(name, after);
    ASSERT_NE(named.unit, nullptr) << name;
    EXPECT_EQ(named.unit->code, UnitCode{"03390"});
    EXPECT_EQ(named.by, geo::UnitNamedBy::name);
  }
  const auto plain = reg.resolve("binh lu", after);
  ASSERT_NE(plain.unit, nullptr);
  EXPECT_EQ(plain.by, geo::UnitNamedBy::lenient_name);
  EXPECT_EQ(reg.resolve("Xã Không Có", after).unit, nullptr);
  EXPECT_THAT(reg.resolve("Xã Không Có", after).problem,
              ::testing::HasSubstr(
                  "neither a unit code nor the name of a unit that existed on 2025-08-01"));
  EXPECT_THAT(reg.resolve("99999", after).problem, ::testing::HasSubstr("is not in the registry"));
  // Two units of one name on one day: an error listing both with their codes.
  const auto twins = geo::Registry::parse(R"(schema: project8/geo/1
units:
  - {code: "001", name: "Xã Nà Tăm", kind: commune, valid_from: 2025-07-01}
  - {code: "002", name: "Xã Na Tam", kind: commune, valid_from: 2025-07-01}
  - {code: "01", name: "Xã Một", kind: commune, valid_from: 2025-07-01}
)",
                                          "twins.yaml");
  EXPECT_EQ(twins.resolve("Nà Tăm", after).unit->code, UnitCode{"001"});  // exact first
  EXPECT_EQ(twins.resolve("na tam", after).unit->code, UnitCode{"002"});  // exact, any case
  EXPECT_EQ(twins.resolve("Na Tâm", after).unit, nullptr);  // both, without diacritics
  EXPECT_THAT(twins.resolve("Na Tâm", after).problem,
              ::testing::HasSubstr("could be Xã Nà Tăm (001) or Xã Na Tam (002) on 2025-08-01"));
  EXPECT_THAT(
      twins.resolve("1", after).problem,
      ::testing::HasSubstr("could be Xã Nà Tăm (001) or Xã Một (01): write the whole code"));
}
