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
///     reg.get(after.front()).name;                                   // "Xã Bình Lư"
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <project8/geo/unit.hpp>

namespace project8::geo {

/// How find_by_name compares names.
enum class NameMatch {
  exact,    ///< Same name regardless of case and Unicode encoding (core::name_key).
  lenient,  ///< Also ignoring diacritics ("Tam Duong"), core::match_key.
};

/// Administrative units with their lineage and zone classes. Immutable after
/// loading; cheap to copy into threads by const reference.
class Registry {
 public:
  /// An empty registry.
  Registry() = default;

  /// Loads units, lineage and zone classes from a YAML file (schema
  /// `project8/geo/1`). Every problem (unknown keys, duplicate codes, unknown
  /// parents, lineage naming unknown units, invalid dates) is reported at once
  /// in one ParseError/ValidationError with file:line:column.
  [[nodiscard]] static Registry load(const std::filesystem::path& path);
  /// As load(), from text; `source_name` labels locations in errors.
  [[nodiscard]] static Registry parse(std::string_view yaml, const std::string& source_name);

  /// Every unit, in file order.
  [[nodiscard]] const std::vector<Unit>& units() const noexcept { return units_; }
  /// Every lineage event, ordered by date.
  [[nodiscard]] const std::vector<LineageEvent>& lineage() const noexcept { return lineage_; }
  /// Every zone class.
  [[nodiscard]] const std::vector<ZoneClass>& zones() const noexcept { return zones_; }

  /// The unit with `code` (any date), or nullptr.
  [[nodiscard]] const Unit* find(const core::UnitCode& code) const noexcept;
  /// The unit with `code`; NotFoundError otherwise.
  [[nodiscard]] const Unit& get(const core::UnitCode& code) const;
  /// The unit with `code` that existed on `d`; NotFoundError (saying whether
  /// the code is unknown or not valid on that date) otherwise.
  [[nodiscard]] const Unit& at(const core::UnitCode& code, core::Date d) const;
  /// The units whose parent is `code` and that existed on `d`.
  [[nodiscard]] std::vector<const Unit*> children(const core::UnitCode& code, core::Date d) const;
  /// The units directly created from `code` by lineage events.
  [[nodiscard]] std::vector<core::UnitCode> successors(const core::UnitCode& code) const;
  /// The units that `code` was directly created from.
  [[nodiscard]] std::vector<core::UnitCode> predecessors(const core::UnitCode& code) const;
  /// True when some predecessor of `code` lies outside the data (e.g. a commune of
  /// another district merged into it): the unit is then only partly covered.
  [[nodiscard]] bool has_external_predecessors(const core::UnitCode& code) const;
  /// The units that cover, on `to`, the territory that `code` covered on `from`:
  /// forward through successors when `to` is later, backward through
  /// predecessors when earlier. NotFoundError when `code` did not exist on `from`.
  [[nodiscard]] std::vector<core::UnitCode> map_to_date(const core::UnitCode& code, core::Date from,
                                                        core::Date to) const;
  /// Units whose name matches `name`, with or without the administrative prefix
  /// ("Xã Bình Lư" or "Bình Lư"), optionally only those valid on `on`.
  [[nodiscard]] std::vector<const Unit*> find_by_name(std::string_view name,
                                                      NameMatch match = NameMatch::exact,
                                                      std::optional<core::Date> on = {}) const;
  /// True when `code` lies under `ancestor` (or is it), following parents.
  [[nodiscard]] bool is_within(const core::UnitCode& code, const core::UnitCode& ancestor) const;
  /// The zone class of `code` in force on `d`, or nullptr when none is recorded.
  [[nodiscard]] const ZoneClass* zone(const core::UnitCode& code, core::Date d) const noexcept;

  /// The YAML text it was parsed from (empty for an empty registry): what
  /// pickling and other copies across processes ship.
  [[nodiscard]] const std::string& source_text() const noexcept { return source_text_; }
  /// The name used in locations when it was parsed.
  [[nodiscard]] const std::string& source_name() const noexcept { return source_name_; }

 private:
  void index();
  std::vector<Unit> units_;
  std::vector<LineageEvent> lineage_;
  std::vector<ZoneClass> zones_;
  std::unordered_map<core::UnitCode, std::size_t> by_code_;
  std::string source_text_;
  std::string source_name_;
};

/// The directory of the bundled datasets: `$PROJECT8_DATA_DIR` when set, else
/// the installed `share/project8`, else the source tree's `data/`.
[[nodiscard]] std::string bundled_data_dir();

}  // namespace project8::geo
