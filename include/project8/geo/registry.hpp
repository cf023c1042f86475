/// \file
/// The registry of administrative units: lookups by code, date and name, and
/// the lineage that maps a unit on one date to the units covering it on another.
///
/// **Example**:
///
///     using namespace project8;
///     auto reg = geo::Registry::load(geo::bundled_data_dir() + "/geo/lai-chau.yaml");
///     auto after = reg.map_to_date(core::UnitCode{"03390"},          // Thị trấn Tam Đường
///                                  core::make_date(2025, 6, 30), core::make_date(2025, 7, 1));
///     reg.unit(after.front(), core::make_date(2025, 7, 1)).name;      // "Xã Bình Lư"
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <project8/core/enum_text.hpp>
#include <project8/core/localized.hpp>
#include <project8/geo/unit.hpp>

namespace project8::geo {

/// How find_by_name compares names.
enum class NameMatch {
  exact,    ///< Same name regardless of case and Unicode encoding (core::name_key).
  lenient,  ///< Also ignoring diacritics ("Tam Duong"), core::match_key.
};

/// How a cell named the unit it was resolved to (Registry::resolve).
enum class UnitNamedBy : std::uint8_t {
  code,            ///< Its code, as is.
  shortened_code,  ///< Its code without the leading zeros a spreadsheet dropped (`3412`).
  name,            ///< Its name, in any case and Unicode form, with or without the prefix.
  lenient_name,    ///< Its name without diacritics (`Binh Lu`).
};

/// The keys and labels of UnitNamedBy (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<UnitNamedBy> kUnitNamedByText[] = {
    {UnitNamedBy::code, "code", "mã", "code"},
    {UnitNamedBy::shortened_code, "shortened_code", "mã bị mất số 0 ở đầu, đã bổ sung",
     "code that had lost its leading zeros, completed"},
    {UnitNamedBy::name, "name", "tên đơn vị", "unit name"},
    {UnitNamedBy::lenient_name, "lenient_name", "tên đơn vị viết không dấu",
     "unit name written without diacritics"},
};
/// The text table of UnitNamedBy (found by argument-dependent lookup).
constexpr core::EnumInfo<UnitNamedBy> enum_text(UnitNamedBy /*unused*/) noexcept {
  return {"unit reference", kUnitNamedByText};
}

/// What a unit cell names on a date: the unit and how it was named, or why none.
struct UnitResolution {
  const Unit* unit = nullptr;          ///< The unit, or nullptr.
  UnitNamedBy by = UnitNamedBy::code;  ///< How the cell named it.
  std::string problem;  ///< Why no unit (unknown, or ambiguous listing the candidates).
};

/// The line an import summary gives for `rows` rows whose unit cell `cell`
/// named, `by` so, the unit `code` (e.g. "unit: '3412' (code that had lost its
/// leading zeros, completed) → 03412, 2 rows").
[[nodiscard]] core::LocalizedText resolution_note(std::string_view cell, UnitNamedBy by,
                                                  const core::UnitCode& code, std::size_t rows);

/// Administrative units with their lineage and zone classes. Immutable after
/// loading; cheap to copy into threads by const reference.
///
/// **A unit is a code at a date.** Official codes are reused: from 1/7/2025
/// `03390` is Xã Bình Lư, until 30/6/2025 it was Thị trấn Tam Đường. Units with
/// the same code must not overlap in time, and every lookup by code takes the
/// day it is about; a code alone is accepted only where it names one unit.
class Registry {
 public:
  /// An empty registry.
  Registry() = default;

  /// Loads units, lineage and zone classes from a YAML file (schema
  /// `project8/geo/1`). Every problem (unknown keys, two units with one code
  /// over overlapping days, unknown parents, lineage naming units that did not
  /// exist on its date, invalid dates) is reported at once in one
  /// ParseError/ValidationError with file:line:column.
  [[nodiscard]] static Registry load(const std::filesystem::path& path);
  /// As load(), from text; `source_name` labels locations in errors.
  [[nodiscard]] static Registry parse(std::string_view yaml, const std::string& source_name);

  /// Every unit, in file order.
  [[nodiscard]] const std::vector<Unit>& units() const noexcept { return units_; }
  /// The units that existed on `on` (every level), in file order.
  [[nodiscard]] std::vector<const Unit*> units(core::Date on) const;
  /// Every lineage event, ordered by date.
  [[nodiscard]] const std::vector<LineageEvent>& lineage() const noexcept { return lineage_; }
  /// Every zone class.
  [[nodiscard]] const std::vector<ZoneClass>& zones() const noexcept { return zones_; }

  /// The unit with `code` that existed on `on`, or nullptr.
  [[nodiscard]] const Unit* find(const core::UnitCode& code, core::Date on) const noexcept;
  /// The unit with `code` on `on`, else the last unit with `code` that ended
  /// before `on` (how a report names a district that has since ended), or nullptr.
  [[nodiscard]] const Unit* find_latest(const core::UnitCode& code, core::Date on) const noexcept;
  /// The unit with `code` that existed on `on`; NotFoundError (saying whether
  /// the code is unknown, or which days its units existed) otherwise.
  [[nodiscard]] const Unit& unit(const core::UnitCode& code, core::Date on) const;
  /// Why no unit with `code` existed on `on`, for a message naming the row
  /// ("unit code 'X' is not in the registry", or "no unit 'X' existed on D
  /// (the code named: …)"); empty when one did.
  [[nodiscard]] std::string why_missing(const core::UnitCode& code, core::Date on) const;
  /// The one unit with `code`, whatever the date: NotFoundError when there is
  /// none, InvalidArgument listing the candidates (name and days) when the code
  /// has named several units and a date is needed.
  [[nodiscard]] const Unit& unit(const core::UnitCode& code) const;
  /// Every unit that has carried `code`, in time order (empty when unknown).
  [[nodiscard]] std::vector<const Unit*> units_with_code(const core::UnitCode& code) const;
  /// The unit `u` belongs to (its parent over its days), or nullptr.
  [[nodiscard]] const Unit* parent(const Unit& u) const;
  /// The units whose parent is the unit `code` on `d` and that existed on `d`.
  [[nodiscard]] std::vector<const Unit*> children(const core::UnitCode& code, core::Date d) const;
  /// The units directly created from `u` by lineage events.
  [[nodiscard]] std::vector<const Unit*> successors(const Unit& u) const;
  /// The units `u` was directly created from.
  [[nodiscard]] std::vector<const Unit*> predecessors(const Unit& u) const;
  /// True when some predecessor of `u` lies outside the data (e.g. a commune of
  /// another district merged into it): the unit is then only partly covered.
  [[nodiscard]] bool has_external_predecessors(const Unit& u) const;
  /// The codes of the units that cover, on `to`, the territory that the unit
  /// `code` covered on `from`: forward through successors when `to` is later,
  /// backward through predecessors when earlier. NotFoundError when no unit
  /// with `code` existed on `from`.
  [[nodiscard]] std::vector<core::UnitCode> map_to_date(const core::UnitCode& code, core::Date from,
                                                        core::Date to) const;
  /// Units whose name matches `name`, with or without the administrative prefix
  /// ("Xã Bình Lư" or "Bình Lư"), optionally only those valid on `on`.
  [[nodiscard]] std::vector<const Unit*> find_by_name(std::string_view name,
                                                      NameMatch match = NameMatch::exact,
                                                      std::optional<core::Date> on = {}) const;
  /// The unit an officer's cell names on `on`: a code valid that day; else a
  /// code that lost its leading zeros (`3412` for `03412`) when exactly one
  /// unit valid that day has it; else a name (exact, then without diacritics)
  /// of exactly one unit valid that day. Several candidates are a problem
  /// listing them with their codes; none, a problem saying why (as why_missing()).
  [[nodiscard]] UnitResolution resolve(std::string_view cell, core::Date on) const;
  /// True when `u` lies under a unit with code `ancestor` (or is one), following parents.
  [[nodiscard]] bool is_within(const Unit& u, const core::UnitCode& ancestor) const;
  /// The zone class recorded for the unit with `code` on `d` in force on `d`,
  /// or nullptr when none is recorded.
  [[nodiscard]] const ZoneClass* zone(const core::UnitCode& code, core::Date d) const noexcept;
  /// The zone classes in force on `d` for the territory of the unit with `code`
  /// on `d`: its own class when one is recorded; otherwise those of the units
  /// it was formed from, through the lineage (a commune formed on 1/7/2025
  /// keeps its former communes' 2021–2025 classes until they end). Empty when
  /// nothing is recorded. NotFoundError when no unit with `code` existed on `d`.
  [[nodiscard]] std::vector<const ZoneClass*> zones_in_force(const core::UnitCode& code,
                                                             core::Date d) const;
  /// The unit a zone class classifies (its code on the first day of its period).
  [[nodiscard]] const Unit& unit_of(const ZoneClass& zone) const;

  /// The YAML text it was parsed from (empty for an empty registry): what
  /// pickling and other copies across processes ship.
  [[nodiscard]] const std::string& source_text() const noexcept { return source_text_; }
  /// The name used in locations when it was parsed.
  [[nodiscard]] const std::string& source_name() const noexcept { return source_name_; }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  void index();
  [[nodiscard]] std::size_t index_at(const core::UnitCode& code, core::Date on) const noexcept;
  [[nodiscard]] std::size_t index_of(const Unit& u) const;
  // The zone class recorded for unit `u` in force on `d`, or nullptr.
  [[nodiscard]] const ZoneClass* own_zone(std::size_t u, core::Date d) const noexcept;
  // The units linked to unit `i` by lineage: its successors (forward) or predecessors.
  [[nodiscard]] std::vector<const Unit*> linked(std::size_t i, bool forward) const;
  std::vector<Unit> units_;
  std::vector<LineageEvent> lineage_;
  std::vector<ZoneClass> zones_;
  // Units by code, in time order.
  std::unordered_map<core::UnitCode, std::vector<std::size_t>> by_code_;
  std::vector<std::size_t> parent_;  // per unit: index of its parent, or npos
  struct Links {
    std::vector<std::size_t> from, to;  // units of a lineage event
  };
  std::vector<Links> links_;            // per lineage event
  std::vector<std::size_t> zone_unit_;  // per zone class: the unit classified
  std::string source_text_;
  std::string source_name_;
};

/// The directory of the bundled datasets (a folder holding `geo/`), the first of:
/// `$PROJECT8_DATA_DIR` when set; the installed `share/project8` found from
/// where the library itself lies (the shared library in `lib/`, or the program
/// linking it in `bin/`), so that an installed tree can be moved; the
/// package's own `data/` beside the Python module; the `share/project8` of the
/// prefix it was built for; the source tree's `data/`. core::NotFoundError
/// when none holds the data.
[[nodiscard]] std::string bundled_data_dir();

}  // namespace project8::geo
