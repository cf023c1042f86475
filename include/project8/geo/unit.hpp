/// \file
/// Administrative units, their lineage (mergers, splits, renames, transfers)
/// and their zone classes.
///
/// Units carry validity dates: on 1/7/2025 Vietnam ended the district level
/// and merged communes, so "which unit is code X on date D" and "what did it
/// become" are everyday questions for a 2025 plan. A unit may exist without a
/// known official code (the communes formed on 1/7/2025): it then carries a
/// local identifier and `code_status == CodeStatus::local`, never a made-up
/// official code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/id.hpp>
#include <project8/legal/instrument.hpp>

/// Administrative units, lineage, zone classes and ethnic groups.
namespace project8::geo {

/// The kind of an administrative unit (Vietnamese: tỉnh, huyện, xã, …).
enum class UnitKind {
  province,  ///< Tỉnh.
  city,      ///< Thành phố (provincial city, at district level before 1/7/2025).
  district,  ///< Huyện.
  town,      ///< Thị xã.
  commune,   ///< Xã.
  ward,      ///< Phường.
  township,  ///< Thị trấn.
  village,   ///< Thôn, bản, làng.
};

/// The keys and labels of UnitKind (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<UnitKind> kUnitKindText[] = {
    {UnitKind::province, "province", "Tỉnh", "Province"},
    {UnitKind::city, "city", "Thành phố", "City"},
    {UnitKind::district, "district", "Huyện", "District"},
    {UnitKind::town, "town", "Thị xã", "Town"},
    {UnitKind::commune, "commune", "Xã", "Commune"},
    {UnitKind::ward, "ward", "Phường", "Ward"},
    {UnitKind::township, "township", "Thị trấn", "Township"},
    {UnitKind::village, "village", "Thôn, bản", "Village"},
};
/// The text table of UnitKind (found by argument-dependent lookup).
constexpr core::EnumInfo<UnitKind> enum_text(UnitKind /*unused*/) noexcept {
  return {"unit kind", kUnitKindText};
}

/// The snake_case name of a kind.
[[nodiscard]] std::string_view to_string(UnitKind kind) noexcept;
/// The kind named `name`; InvalidArgument otherwise.
[[nodiscard]] UnitKind parse_unit_kind(std::string_view name);

/// The tier of a unit: 1 province, 2 district, 3 commune, 4 village.
enum class UnitLevel {
  province = 1,  ///< Province tier.
  district = 2,  ///< District tier (ended on 1/7/2025).
  commune = 3,   ///< Commune tier: xã, phường, thị trấn.
  village = 4,   ///< Village tier: thôn, bản.
};

/// The keys and labels of UnitLevel (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<UnitLevel> kUnitLevelText[] = {
    {UnitLevel::province, "province", "Cấp tỉnh", "Province level"},
    {UnitLevel::district, "district", "Cấp huyện", "District level"},
    {UnitLevel::commune, "commune", "Cấp xã", "Commune level"},
    {UnitLevel::village, "village", "Thôn, bản", "Village level"},
};
/// The text table of UnitLevel (found by argument-dependent lookup).
constexpr core::EnumInfo<UnitLevel> enum_text(UnitLevel /*unused*/) noexcept {
  return {"unit level", kUnitLevelText};
}

/// The level a kind of unit sits at.
[[nodiscard]] UnitLevel level_of(UnitKind kind) noexcept;

/// Whether a unit's code is the official statistical code.
enum class CodeStatus {
  official,  ///< The official (GSO) code.
  local,     ///< A local identifier: the official code is not known to the data.
};

/// An administrative unit over the days it existed.
struct Unit {
  core::UnitCode code;                            ///< Official code or local identifier.
  CodeStatus code_status = CodeStatus::official;  ///< Which of the two `code` is.
  std::string name;                      ///< Full Vietnamese name, NFC (e.g. "Xã Bình Lư").
  UnitKind kind = UnitKind::commune;     ///< Tỉnh, huyện, xã, …
  std::optional<core::UnitCode> parent;  ///< The unit it belongs to, if any.
  core::DateRange
      valid;  ///< The days it existed (first open: before the data; last open: still exists).
  legal::Confidence confidence = legal::Confidence::seen;  ///< How sure the data is.
  std::string note;                                        ///< Sources and caveats.

  /// Its tier.
  [[nodiscard]] UnitLevel level() const noexcept { return level_of(kind); }
  /// True when the unit existed on `d`.
  [[nodiscard]] bool valid_on(core::Date d) const noexcept { return valid.contains(d); }
  /// Units are equal when every field is.
  friend bool operator==(const Unit&, const Unit&) = default;
};

/// What happened to units on a reorganisation.
enum class LineageKind {
  merge,     ///< Several units became one.
  split,     ///< One unit became several.
  rename,    ///< Same territory, new name or code.
  transfer,  ///< Moved to another parent.
  abolish,   ///< Ended without a successor at its level (e.g. districts on 1/7/2025).
};

/// The keys and labels of LineageKind (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<LineageKind> kLineageKindText[] = {
    {LineageKind::merge, "merge", "Nhập", "Merge"},
    {LineageKind::split, "split", "Chia", "Split"},
    {LineageKind::rename, "rename", "Đổi tên", "Rename"},
    {LineageKind::transfer, "transfer", "Điều chỉnh địa giới", "Transfer"},
    {LineageKind::abolish, "abolish", "Kết thúc hoạt động", "Abolish"},
};
/// The text table of LineageKind (found by argument-dependent lookup).
constexpr core::EnumInfo<LineageKind> enum_text(LineageKind /*unused*/) noexcept {
  return {"lineage kind", kLineageKindText};
}

/// The snake_case name of a lineage kind.
[[nodiscard]] std::string_view to_string(LineageKind kind) noexcept;
/// The kind named `name`; InvalidArgument otherwise.
[[nodiscard]] LineageKind parse_lineage_kind(std::string_view name);

/// One reorganisation: units in `from` ended the day before `date`, units in
/// `to` began on `date`.
struct LineageEvent {
  LineageKind kind = LineageKind::merge;      ///< Merge, split, …
  core::Date date;                            ///< First day of the new arrangement.
  std::vector<core::UnitCode> from;           ///< Predecessors (in the data).
  std::vector<core::UnitCode> to;             ///< Successors.
  std::vector<std::string> external_from;     ///< Predecessors not in the data, by name.
  std::optional<legal::Citation> instrument;  ///< The instrument that decided it.
  legal::Confidence confidence = legal::Confidence::seen;  ///< How sure the data is.
  std::string note;                                        ///< Sources and caveats.

  /// Events are equal when every field is.
  friend bool operator==(const LineageEvent&, const LineageEvent&) = default;
};

/// Region class of a commune (khu vực I / II / III).
enum class CommuneRegion {
  region_1 = 1,  ///< Khu vực I.
  region_2 = 2,  ///< Khu vực II.
  region_3 = 3,  ///< Khu vực III (xã đặc biệt khó khăn in 2021–2025).
};

/// A unit's zone class over a period, with the instrument that set it. Every
/// value may be unknown: the format carries the classification even where the
/// data does not have it, and says why in `note`.
struct ZoneClass {
  core::UnitCode unit;                        ///< The unit classified.
  core::Period period;                        ///< The period the class applies to.
  std::optional<CommuneRegion> region;        ///< Khu vực I/II/III, if known.
  std::optional<bool> especially_difficult;   ///< ĐBKK commune or village flag, if known.
  std::optional<legal::Citation> instrument;  ///< The instrument that set it.
  std::vector<legal::Citation> amended_by;    ///< Instruments that amended it, in order.
  std::optional<legal::Citation> criteria;    ///< The instrument setting the criteria, if separate.
  legal::Confidence confidence = legal::Confidence::seen;  ///< How sure the data is.
  std::string note;                                        ///< Why a value is empty, sources.

  /// Classes are equal when every field is.
  friend bool operator==(const ZoneClass&, const ZoneClass&) = default;
};

}  // namespace project8::geo
