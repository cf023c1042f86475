#include <algorithm>
#include <array>
#include <cstdlib>
#include <functional>
#include <set>
#include <unordered_set>

#include "../io/yaml_reader.hpp"
#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/geo/registry.hpp>

#ifndef PROJECT8_INSTALL_DATA_DIR
#define PROJECT8_INSTALL_DATA_DIR ""
#endif
#ifndef PROJECT8_SOURCE_DATA_DIR
#define PROJECT8_SOURCE_DATA_DIR ""
#endif

namespace project8::geo {

using core::UnitCode;

namespace {

std::vector<UnitCode> codes(io::YamlReader& r, const YAML::Node& map, const char* key,
                            const std::string& path) {
  std::vector<UnitCode> out;
  for (auto& s : r.text_list(map, key, path)) out.emplace_back(std::move(s));
  return out;
}
}  // namespace

std::string_view to_string(UnitKind kind) noexcept {
  return core::key(kind);
}
UnitKind parse_unit_kind(std::string_view name) {
  return core::parse_enum<UnitKind>(name);
}
std::string_view to_string(LineageKind kind) noexcept {
  return core::key(kind);
}
LineageKind parse_lineage_kind(std::string_view name) {
  return core::parse_enum<LineageKind>(name);
}

UnitLevel level_of(UnitKind kind) noexcept {
  switch (kind) {
    case UnitKind::province:
      return UnitLevel::province;
    case UnitKind::city:
    case UnitKind::district:
    case UnitKind::town:
      return UnitLevel::district;
    case UnitKind::commune:
    case UnitKind::ward:
    case UnitKind::township:
      return UnitLevel::commune;
    case UnitKind::village:
      return UnitLevel::village;
  }
  return UnitLevel::commune;
}

Registry Registry::load(const std::filesystem::path& path) {
  return parse(io::read_file(path.string()), path.string());
}

Registry Registry::parse(std::string_view yaml, const std::string& source_name) {
  io::YamlReader r(yaml, source_name);
  Registry reg;
  try {
    const auto& root = r.root();
    if (!r.expect_map(root, "", {"schema", "units", "lineage", "zones"})) r.throw_if_problems();
    if (auto schema = r.text(root, "schema", "", true); schema && *schema != "project8/geo/1") {
      r.problem(root["schema"], "schema",
                "unsupported schema '" + *schema + "' (expected project8/geo/1)");
    }
    const YAML::Node units = io::YamlReader::child(root, "units");
    if (r.expect_sequence(units, "units")) {
      for (std::size_t i = 0; i < units.size(); ++i) {
        const auto node = units[i];
        const auto path = io::YamlReader::index("units", i);
        if (!r.expect_map(node, path,
                          {"code", "code_status", "name", "kind", "parent", "valid_from",
                           "valid_to", "confidence", "note"})) {
          continue;
        }
        Unit u;
        auto code = r.text(node, "code", path, true);
        auto name = r.text(node, "name", path, true);
        auto kind = r.enumeration<UnitKind>(node, "kind", path, true, parse_unit_kind);
        auto status = r.text(node, "code_status", path, false);
        if (status && *status != "official" && *status != "local") {
          r.problem(node["code_status"], io::YamlReader::join(path, "code_status"),
                    "expected official or local");
        }
        u.code_status = status && *status == "local" ? CodeStatus::local : CodeStatus::official;
        if (auto p = r.text(node, "parent", path, false)) u.parent = UnitCode{*p};
        const auto from = r.date(node, "valid_from", path, false);
        const auto to = r.date(node, "valid_to", path, false);
        if (from && to && *to < *from) {
          r.problem(node["valid_to"], io::YamlReader::join(path, "valid_to"),
                    "ends before valid_from");
        } else {
          u.valid = core::DateRange(from, to);
        }
        u.confidence = r.enumeration<legal::Confidence>(node, "confidence", path, false,
                                                        legal::parse_confidence)
                           .value_or(legal::Confidence::seen);
        u.note = r.text(node, "note", path, false).value_or("");
        if (!code || !name || !kind) continue;
        u.code = UnitCode{*code};
        u.name = *name;
        u.kind = *kind;
        if (reg.by_code_.count(u.code) != 0) {
          r.problem(node["code"], io::YamlReader::join(path, "code"),
                    "duplicate unit code '" + *code + "'");
          continue;
        }
        reg.by_code_.emplace(u.code, reg.units_.size());
        reg.units_.push_back(std::move(u));
      }
    }
    // Parents must exist (checked after all units are read, so order does not
    // matter; every unit node is checked, even one rejected for another reason).
    if (units.IsDefined() && units.IsSequence()) {
      for (std::size_t i = 0; i < units.size(); ++i) {
        const auto parent = io::YamlReader::child(units[i], "parent");
        if (!parent.IsDefined() || !parent.IsScalar()) continue;
        if (reg.by_code_.count(UnitCode{core::nfc(parent.Scalar())}) == 0) {
          r.problem(parent, io::YamlReader::index("units", i) + ".parent",
                    "unknown parent unit '" + parent.Scalar() + "'");
        }
      }
    }
    const YAML::Node lineage = io::YamlReader::child(root, "lineage");
    if (r.expect_sequence(lineage, "lineage")) {
      for (std::size_t i = 0; i < lineage.size(); ++i) {
        const auto node = lineage[i];
        const auto path = io::YamlReader::index("lineage", i);
        if (!r.expect_map(node, path,
                          {"kind", "date", "from", "to", "external_from", "instrument",
                           "confidence", "note"})) {
          continue;
        }
        LineageEvent e;
        auto kind = r.enumeration<LineageKind>(node, "kind", path, true, parse_lineage_kind);
        auto date = r.date(node, "date", path, true);
        e.from = codes(r, node, "from", path);
        e.to = codes(r, node, "to", path);
        e.external_from = r.text_list(node, "external_from", path);
        e.instrument = io::read_citation(r, io::YamlReader::child(node, "instrument"),
                                         io::YamlReader::join(path, "instrument"));
        e.confidence = r.enumeration<legal::Confidence>(node, "confidence", path, false,
                                                        legal::parse_confidence)
                           .value_or(legal::Confidence::seen);
        e.note = r.text(node, "note", path, false).value_or("");
        for (const auto* list : {&e.from, &e.to}) {
          for (const auto& c : *list) {
            if (reg.by_code_.count(c) == 0) {
              r.problem(node[list == &e.from ? "from" : "to"],
                        io::YamlReader::join(path, list == &e.from ? "from" : "to"),
                        "unknown unit '" + c.value() + "'");
            }
          }
        }
        if (e.from.empty() && e.external_from.empty()) {
          r.problem(node, path, "a lineage event needs at least one predecessor");
        }
        if (!kind || !date) continue;
        e.kind = *kind;
        e.date = *date;
        reg.lineage_.push_back(std::move(e));
      }
    }
    const YAML::Node zones = io::YamlReader::child(root, "zones");
    if (r.expect_sequence(zones, "zones")) {
      for (std::size_t i = 0; i < zones.size(); ++i) {
        const auto node = zones[i];
        const auto path = io::YamlReader::index("zones", i);
        if (!r.expect_map(node, path,
                          {"unit", "from", "to", "region", "especially_difficult", "instrument",
                           "confidence", "note"})) {
          continue;
        }
        auto unit = r.text(node, "unit", path, true);
        auto from = r.date(node, "from", path, true);
        auto to = r.date(node, "to", path, true);
        auto region = r.integer(node, "region", path, false);
        if (region && (*region < 1 || *region > 3)) {
          r.problem(node["region"], io::YamlReader::join(path, "region"),
                    "region must be 1, 2 or 3 (khu vực I, II, III)");
          region.reset();
        }
        auto ed = r.boolean(node, "especially_difficult", path, false);
        auto instrument = io::read_citation(r, io::YamlReader::child(node, "instrument"),
                                            io::YamlReader::join(path, "instrument"));
        auto confidence = r.enumeration<legal::Confidence>(node, "confidence", path, false,
                                                           legal::parse_confidence);
        auto note = r.text(node, "note", path, false).value_or("");
        if (unit && reg.by_code_.count(UnitCode{*unit}) == 0) {
          r.problem(node["unit"], io::YamlReader::join(path, "unit"),
                    "unknown unit '" + *unit + "'");
          continue;
        }
        if (!unit || !from || !to) continue;
        if (*to < *from) {
          r.problem(node["to"], io::YamlReader::join(path, "to"), "ends before 'from'");
          continue;
        }
        reg.zones_.push_back(
            ZoneClass{UnitCode{*unit}, core::Period::inclusive(*from, *to),
                      region ? std::optional<CommuneRegion>(static_cast<CommuneRegion>(*region))
                             : std::nullopt,
                      ed, instrument, confidence.value_or(legal::Confidence::seen), note});
      }
      // One class per unit and day.
      for (std::size_t i = 0; i < reg.zones_.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (reg.zones_[i].unit == reg.zones_[j].unit &&
              reg.zones_[i].period.overlaps(reg.zones_[j].period)) {
            r.problem(zones, "zones",
                      "two zone classes of unit '" + reg.zones_[i].unit.value() + "' overlap (" +
                          reg.zones_[i].period.to_string() + ", " +
                          reg.zones_[j].period.to_string() + ")");
          }
        }
      }
    }
  } catch (const YAML::Exception& e) {
    r.problem(YAML::Node(), "", std::string("unreadable YAML structure: ") + e.msg);
  }
  r.throw_if_problems();
  reg.index();
  reg.source_text_ = std::string(yaml);
  reg.source_name_ = source_name;
  return reg;
}

void Registry::index() {
  std::stable_sort(lineage_.begin(), lineage_.end(),
                   [](const auto& a, const auto& b) { return a.date < b.date; });
  by_code_.clear();
  for (std::size_t i = 0; i < units_.size(); ++i) by_code_.emplace(units_[i].code, i);
}

const Unit* Registry::find(const UnitCode& code) const noexcept {
  const auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &units_[it->second];
}

const Unit& Registry::get(const UnitCode& code) const {
  if (const auto* u = find(code)) return *u;
  throw core::NotFoundError("unknown administrative unit '" + code.value() + "'");
}

const Unit& Registry::at(const UnitCode& code, core::Date d) const {
  const Unit& u = get(code);
  if (!u.valid_on(d)) {
    throw core::NotFoundError("unit '" + code.value() + "' (" + u.name + ") did not exist on " +
                              core::to_iso(d));
  }
  return u;
}

std::vector<const Unit*> Registry::children(const UnitCode& code, core::Date d) const {
  std::vector<const Unit*> out;
  for (const auto& u : units_) {
    if (u.parent == code && u.valid_on(d)) out.push_back(&u);
  }
  return out;
}

std::vector<UnitCode> Registry::successors(const UnitCode& code) const {
  std::vector<UnitCode> out;
  for (const auto& e : lineage_) {
    if (std::find(e.from.begin(), e.from.end(), code) != e.from.end()) {
      out.insert(out.end(), e.to.begin(), e.to.end());
    }
  }
  return out;
}

std::vector<UnitCode> Registry::predecessors(const UnitCode& code) const {
  std::vector<UnitCode> out;
  for (const auto& e : lineage_) {
    if (std::find(e.to.begin(), e.to.end(), code) != e.to.end()) {
      out.insert(out.end(), e.from.begin(), e.from.end());
    }
  }
  return out;
}

bool Registry::has_external_predecessors(const UnitCode& code) const {
  return std::any_of(lineage_.begin(), lineage_.end(), [&](const LineageEvent& e) {
    return !e.external_from.empty() && std::find(e.to.begin(), e.to.end(), code) != e.to.end();
  });
}

std::vector<UnitCode> Registry::map_to_date(const UnitCode& code, core::Date from,
                                            core::Date to) const {
  (void)at(code, from);
  std::vector<UnitCode> out;
  std::unordered_set<UnitCode> seen;
  const bool forward = from <= to;
  // Depth-first through lineage (or through children of an abolished unit),
  // stopping at units that exist on `to`. `seen` guards against cycles in bad data.
  std::function<void(const UnitCode&, core::Date)> walk = [&](const UnitCode& c, core::Date on) {
    if (!seen.insert(c).second) return;
    const Unit& u = get(c);
    if (u.valid_on(to)) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
      return;
    }
    bool moved = false;
    for (const auto& e : lineage_) {
      const bool in_window =
          forward ? (on < e.date && e.date <= to) : (to < e.date && e.date <= on);
      if (!in_window) continue;
      const auto& src = forward ? e.from : e.to;
      if (std::find(src.begin(), src.end(), c) == src.end()) continue;
      const auto& dst = forward ? e.to : e.from;
      for (const auto& next : dst) {
        moved = true;
        walk(next, forward ? e.date : e.date - boost::gregorian::days(1));
      }
    }
    if (!moved) {
      // An abolished unit without successors (a district): its territory is its children's.
      for (const auto* child : children(c, on)) {
        moved = true;
        walk(child->code, on);
      }
    }
  };
  walk(code, from);
  return out;
}

namespace {
// A unit's name without its administrative prefix ("Xã Bản Bo" -> "bản bo"),
// from a key made by name_key or match_key. At most one prefix is removed.
std::string_view bare(std::string_view key) {
  static constexpr std::array<std::string_view, 18> kPrefixes{
      "thành phố ", "thị trấn ", "thị xã ", "phường ", "huyện ", "tỉnh ", "thôn ", "bản ", "xã ",
      "thanh pho ", "thi tran ", "thi xa ", "phuong ", "huyen ", "tinh ", "thon ", "ban ", "xa "};
  for (auto p : kPrefixes) {
    if (key.size() > p.size() && key.substr(0, p.size()) == p) return key.substr(p.size());
  }
  return key;
}
}  // namespace

std::vector<const Unit*> Registry::find_by_name(std::string_view name, NameMatch match,
                                                std::optional<core::Date> on) const {
  const auto make_key = [match](std::string_view text) {
    return match == NameMatch::exact ? core::name_key(text) : core::match_key(text);
  };
  const auto key = make_key(name);
  std::vector<const Unit*> out;
  for (const auto& u : units_) {
    if (on && !u.valid_on(*on)) continue;
    const auto k = make_key(u.name);
    // "Xã Bình Lư" is found by its full name and by "Bình Lư".
    if (k == key || bare(k) == key) out.push_back(&u);
  }
  return out;
}

bool Registry::is_within(const UnitCode& code, const UnitCode& ancestor) const {
  std::optional<UnitCode> c = code;
  for (std::size_t guard = 0; c && guard < units_.size() + 1; ++guard) {
    if (*c == ancestor) return true;
    const auto* u = find(*c);
    c = u ? u->parent : std::nullopt;
  }
  return false;
}

const ZoneClass* Registry::zone(const UnitCode& code, core::Date d) const noexcept {
  for (const auto& z : zones_) {
    if (z.unit == code && z.period.contains(d)) return &z;
  }
  return nullptr;
}

std::string bundled_data_dir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("PROJECT8_DATA_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  for (const char* dir : {PROJECT8_INSTALL_DATA_DIR, PROJECT8_SOURCE_DATA_DIR}) {
    std::error_code ec;
    if (*dir != '\0' && fs::is_directory(fs::path(dir) / "geo", ec)) return dir;
  }
  throw core::NotFoundError(
      "bundled data not found: set PROJECT8_DATA_DIR to the folder holding geo/ and plans/");
}

}  // namespace project8::geo
