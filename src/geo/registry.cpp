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

namespace {
// "Xã Bình Lư (2025-07-01..)": a unit as an error message names it.
std::string describe(const Unit& u) {
  return u.name + " (" + u.valid.to_string() + ")";
}
}  // namespace

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
    std::vector<std::size_t> node_of;  // per unit: its index in `units`
    std::vector<bool> accepted;        // per element of `units`: it became a unit
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
        // One code may name several units, one after another, never two on one day.
        auto& same = reg.by_code_[u.code];
        const auto clash = std::find_if(same.begin(), same.end(), [&](std::size_t j) {
          return reg.units_[j].valid.overlaps(u.valid);
        });
        if (clash != same.end()) {
          r.problem(node["code"], io::YamlReader::join(path, "code"),
                    "unit code '" + *code + "' already names " + describe(reg.units_[*clash]) +
                        " over days of this unit (" + u.valid.to_string() +
                        "): units with one code must follow each other in time");
          continue;
        }
        same.push_back(reg.units_.size());
        node_of.push_back(i);
        accepted.resize(units.size(), false);
        accepted[i] = true;
        reg.units_.push_back(std::move(u));
      }
    }
    for (auto& [code, list] : reg.by_code_) {
      std::sort(list.begin(), list.end(), [&](std::size_t x, std::size_t y) {
        const auto& a = reg.units_[x].valid.first();
        const auto& b = reg.units_[y].valid.first();
        return a && b ? *a < *b : !a && b;
      });
    }
    // A parent is the unit with the parent's code over the child's days
    // (checked after all units are read, so order does not matter).
    reg.parent_.assign(reg.units_.size(), npos);
    for (std::size_t i = 0; i < reg.units_.size(); ++i) {
      const Unit& u = reg.units_[i];
      if (!u.parent) continue;
      const auto parent = io::YamlReader::child(units[node_of[i]], "parent");
      const auto path = io::YamlReader::index("units", node_of[i]) + ".parent";
      std::vector<std::size_t> over;
      if (const auto it = reg.by_code_.find(*u.parent); it != reg.by_code_.end()) {
        for (const auto j : it->second) {
          if (reg.units_[j].valid.overlaps(u.valid)) over.push_back(j);
        }
      }
      if (over.size() == 1) {
        reg.parent_[i] = over.front();
      } else if (over.empty()) {
        r.problem(parent, path,
                  reg.by_code_.count(*u.parent) == 0
                      ? "unknown parent unit '" + u.parent->value() + "'"
                      : "no unit '" + u.parent->value() + "' existed over this unit's days (" +
                            u.valid.to_string() + ")");
      } else {
        std::string names;
        for (const auto j : over) names += (names.empty() ? "" : ", ") + describe(reg.units_[j]);
        r.problem(parent, path,
                  "parent '" + u.parent->value() +
                      "' names several units over this unit's days: " + names);
      }
    }
    // A unit rejected for another reason still has its parent checked.
    if (units.IsDefined() && units.IsSequence()) {
      for (std::size_t i = 0; i < units.size(); ++i) {
        if (i < accepted.size() && accepted[i]) continue;
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
        if (e.from.empty() && e.external_from.empty()) {
          r.problem(node, path, "a lineage event needs at least one predecessor");
        }
        if (!kind || !date) continue;
        e.kind = *kind;
        e.date = *date;
        // Predecessors existed the day before the event, successors on its day.
        Links links;
        bool resolved = true;
        for (const bool before : {true, false}) {
          const char* key = before ? "from" : "to";
          const core::Date on = before ? e.date - boost::gregorian::days(1) : e.date;
          for (const auto& c : before ? e.from : e.to) {
            const auto j = reg.index_at(c, on);
            if (j == npos) {
              r.problem(node[key], io::YamlReader::join(path, key),
                        reg.why_missing(c, on) +
                            (before ? ", the day before the event" : ", the event's day"));
              resolved = false;
            } else {
              (before ? links.from : links.to).push_back(j);
            }
          }
        }
        if (!resolved) continue;
        reg.lineage_.push_back(std::move(e));
        reg.links_.push_back(std::move(links));
      }
    }
    const YAML::Node zones = io::YamlReader::child(root, "zones");
    if (r.expect_sequence(zones, "zones")) {
      for (std::size_t i = 0; i < zones.size(); ++i) {
        const auto node = zones[i];
        const auto path = io::YamlReader::index("zones", i);
        if (!r.expect_map(node, path,
                          {"unit", "from", "to", "region", "especially_difficult", "instrument",
                           "amended_by", "criteria", "confidence", "note"})) {
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
        auto amended_by = io::read_citations(r, node, "amended_by", path);
        auto criteria = io::read_citation(r, io::YamlReader::child(node, "criteria"),
                                          io::YamlReader::join(path, "criteria"));
        auto confidence = r.enumeration<legal::Confidence>(node, "confidence", path, false,
                                                           legal::parse_confidence);
        auto note = r.text(node, "note", path, false).value_or("");
        if (!unit || !from || !to) continue;
        if (*to < *from) {
          r.problem(node["to"], io::YamlReader::join(path, "to"), "ends before 'from'");
          continue;
        }
        // The unit classified is the one with the code on the first day of the period.
        const auto j = reg.index_at(UnitCode{*unit}, *from);
        if (j == npos) {
          r.problem(node["unit"], io::YamlReader::join(path, "unit"),
                    reg.why_missing(UnitCode{*unit}, *from) + ", the first day of the period");
          continue;
        }
        reg.zones_.push_back(
            ZoneClass{UnitCode{*unit}, core::Period::inclusive(*from, *to),
                      region ? std::optional<CommuneRegion>(static_cast<CommuneRegion>(*region))
                             : std::nullopt,
                      ed, instrument, std::move(amended_by), criteria,
                      confidence.value_or(legal::Confidence::seen), note});
        reg.zone_unit_.push_back(j);
      }
      // One class per unit and day.
      for (std::size_t i = 0; i < reg.zones_.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (reg.zone_unit_[i] == reg.zone_unit_[j] &&
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
  // Lineage in date order (stable: file order within a day), its links alongside.
  std::vector<std::size_t> order(lineage_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return lineage_[a].date < lineage_[b].date;
  });
  std::vector<LineageEvent> events;
  std::vector<Links> links;
  for (const auto i : order) {
    events.push_back(std::move(lineage_[i]));
    links.push_back(std::move(links_[i]));
  }
  lineage_ = std::move(events);
  links_ = std::move(links);
}

std::size_t Registry::index_at(const UnitCode& code, core::Date on) const noexcept {
  const auto it = by_code_.find(code);
  if (it == by_code_.end()) return npos;
  for (const auto i : it->second) {
    if (units_[i].valid_on(on)) return i;
  }
  return npos;
}

std::size_t Registry::index_of(const Unit& u) const {
  if (!units_.empty() && &u >= units_.data() && &u < units_.data() + units_.size()) {
    return static_cast<std::size_t>(&u - units_.data());
  }
  // A copy (e.g. from Python): the unit with its code over the same days.
  if (const auto it = by_code_.find(u.code); it != by_code_.end()) {
    for (const auto i : it->second) {
      if (units_[i].valid == u.valid) return i;
    }
  }
  throw core::NotFoundError("unit '" + u.code.value() + "' (" + describe(u) +
                            ") is not in this registry");
}

std::vector<const Unit*> Registry::units(core::Date on) const {
  std::vector<const Unit*> out;
  for (const auto& u : units_) {
    if (u.valid_on(on)) out.push_back(&u);
  }
  return out;
}

const Unit* Registry::find(const UnitCode& code, core::Date on) const noexcept {
  const auto i = index_at(code, on);
  return i == npos ? nullptr : &units_[i];
}

const Unit* Registry::find_latest(const UnitCode& code, core::Date on) const noexcept {
  const auto it = by_code_.find(code);
  if (it == by_code_.end()) return nullptr;
  const Unit* last = nullptr;
  for (const auto i : it->second) {
    const auto& u = units_[i];
    if (u.valid_on(on)) return &u;
    if (u.valid.last() && *u.valid.last() < on) last = &u;
  }
  return last;
}

std::string Registry::why_missing(const UnitCode& code, core::Date on) const {
  if (find(code, on) != nullptr) return {};
  const auto all = units_with_code(code);
  if (all.empty()) return "unit code '" + code.value() + "' is not in the registry";
  std::string when;
  for (const auto* u : all) when += (when.empty() ? "" : "; ") + describe(*u);
  return "no unit '" + code.value() + "' existed on " + core::to_iso(on) +
         " (the code named: " + when + ")";
}

const Unit& Registry::unit(const UnitCode& code, core::Date on) const {
  if (const auto* u = find(code, on)) return *u;
  throw core::NotFoundError(why_missing(code, on));
}

const Unit& Registry::unit(const UnitCode& code) const {
  const auto all = units_with_code(code);
  if (all.empty()) throw core::NotFoundError("unknown administrative unit '" + code.value() + "'");
  if (all.size() > 1) {
    std::string names;
    for (const auto* u : all) names += (names.empty() ? "" : "; ") + describe(*u);
    throw core::InvalidArgument("unit code '" + code.value() + "' has named " +
                                std::to_string(all.size()) + " units (" + names +
                                "): give the date it is about");
  }
  return *all.front();
}

std::vector<const Unit*> Registry::units_with_code(const UnitCode& code) const {
  std::vector<const Unit*> out;
  if (const auto it = by_code_.find(code); it != by_code_.end()) {
    for (const auto i : it->second) out.push_back(&units_[i]);
  }
  return out;
}

const Unit* Registry::parent(const Unit& u) const {
  const auto p = parent_[index_of(u)];
  return p == npos ? nullptr : &units_[p];
}

std::vector<const Unit*> Registry::children(const UnitCode& code, core::Date d) const {
  std::vector<const Unit*> out;
  const auto p = index_at(code, d);
  if (p == npos) return out;
  for (std::size_t i = 0; i < units_.size(); ++i) {
    if (parent_[i] == p && units_[i].valid_on(d)) out.push_back(&units_[i]);
  }
  return out;
}

std::vector<const Unit*> Registry::linked(std::size_t i, bool forward) const {
  std::vector<const Unit*> out;
  for (const auto& l : links_) {
    const auto& side = forward ? l.from : l.to;
    if (std::find(side.begin(), side.end(), i) == side.end()) continue;
    for (const auto j : forward ? l.to : l.from) out.push_back(&units_[j]);
  }
  return out;
}

std::vector<const Unit*> Registry::successors(const Unit& u) const {
  return linked(index_of(u), true);
}

std::vector<const Unit*> Registry::predecessors(const Unit& u) const {
  return linked(index_of(u), false);
}

bool Registry::has_external_predecessors(const Unit& u) const {
  const auto i = index_of(u);
  for (std::size_t k = 0; k < lineage_.size(); ++k) {
    if (!lineage_[k].external_from.empty() &&
        std::find(links_[k].to.begin(), links_[k].to.end(), i) != links_[k].to.end()) {
      return true;
    }
  }
  return false;
}

std::vector<UnitCode> Registry::map_to_date(const UnitCode& code, core::Date from,
                                            core::Date to) const {
  const auto start = index_of(unit(code, from));
  std::vector<UnitCode> out;
  std::vector<bool> seen(units_.size(), false);
  const bool forward = from <= to;
  // Depth-first through lineage (or through children of an abolished unit),
  // stopping at units that exist on `to`. `seen` guards against cycles in bad data.
  std::function<void(std::size_t, core::Date)> walk = [&](std::size_t i, core::Date on) {
    if (seen[i]) return;
    seen[i] = true;
    const Unit& u = units_[i];
    if (u.valid_on(to)) {
      if (std::find(out.begin(), out.end(), u.code) == out.end()) out.push_back(u.code);
      return;
    }
    bool moved = false;
    for (std::size_t k = 0; k < lineage_.size(); ++k) {
      const auto& e = lineage_[k];
      const bool in_window =
          forward ? (on < e.date && e.date <= to) : (to < e.date && e.date <= on);
      if (!in_window) continue;
      const auto& src = forward ? links_[k].from : links_[k].to;
      if (std::find(src.begin(), src.end(), i) == src.end()) continue;
      for (const auto next : forward ? links_[k].to : links_[k].from) {
        moved = true;
        walk(next, forward ? e.date : e.date - boost::gregorian::days(1));
      }
    }
    if (!moved) {
      // An abolished unit without successors (a district): its territory is its children's.
      for (std::size_t c = 0; c < units_.size(); ++c) {
        if (parent_[c] == i && units_[c].valid_on(on)) {
          moved = true;
          walk(c, on);
        }
      }
    }
  };
  walk(start, from);
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

core::LocalizedText resolution_note(std::string_view cell, UnitNamedBy by,
                                    const core::UnitCode& code, std::size_t rows) {
  const std::string head = "unit: '" + std::string(cell) + "' (";
  const std::string n = std::to_string(rows);
  return {head + std::string(core::label(by, core::Language::vi)) + ") → " + code.value() + ", " +
              n + " dòng",
          head + std::string(core::label(by, core::Language::en)) + ") → " + code.value() + ", " +
              n + (rows == 1 ? " row" : " rows")};
}

UnitResolution Registry::resolve(std::string_view cell, core::Date on) const {
  std::string_view text = cell;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  const UnitCode code{std::string(text)};
  if (const Unit* u = find(code, on)) return {u, UnitNamedBy::code, {}};
  const auto listed = [&](const std::vector<const Unit*>& units) {
    std::vector<std::string> names;
    for (const auto* u : units) names.push_back(u->name + " (" + u->code.value() + ")");
    return core::join_alternatives(names);
  };
  const bool digits = !text.empty() && std::all_of(text.begin(), text.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {  // a code a spreadsheet shortened: the units valid that day with it once zeros are
                 // added
    std::vector<const Unit*> found;
    for (const auto& u : units_) {
      const std::string& c = u.code.value();
      if (u.valid_on(on) && c.size() > text.size() && c.ends_with(text) &&
          std::all_of(c.begin(), c.end() - static_cast<std::ptrdiff_t>(text.size()),
                      [](char z) { return z == '0'; }))
        found.push_back(&u);
    }
    if (found.size() == 1) return {found.front(), UnitNamedBy::shortened_code, {}};
    if (found.size() > 1) {
      return {nullptr, UnitNamedBy::shortened_code,
              "unit code '" + code.value() + "' with its leading zeros could be " + listed(found) +
                  ": write the whole code"};
    }
    return {nullptr, UnitNamedBy::code, why_missing(code, on)};
  }
  if (!core::is_valid_utf8(text) || text.empty())
    return {nullptr, UnitNamedBy::code, why_missing(code, on)};
  for (const auto match : {NameMatch::exact, NameMatch::lenient}) {
    const auto found = find_by_name(text, match, on);
    const auto by = match == NameMatch::exact ? UnitNamedBy::name : UnitNamedBy::lenient_name;
    if (found.size() == 1) return {found.front(), by, {}};
    if (found.size() > 1) {
      return {nullptr, by,
              "the unit name '" + std::string(text.substr(0, 80)) + "' could be " + listed(found) +
                  " on " + core::to_iso(on) + ": write its code"};
    }
  }
  return {nullptr, UnitNamedBy::code,
          "'" + std::string(text.substr(0, 80)) +
              "' is neither a unit code nor the name of a unit that existed on " +
              core::to_iso(on)};
}

bool Registry::is_within(const Unit& u, const UnitCode& ancestor) const {
  auto i = index_of(u);
  for (std::size_t guard = 0; i != npos && guard < units_.size() + 1; ++guard) {
    if (units_[i].code == ancestor) return true;
    i = parent_[i];
  }
  return false;
}

const ZoneClass* Registry::own_zone(std::size_t u, core::Date d) const noexcept {
  for (std::size_t z = 0; z < zones_.size(); ++z) {
    if (zone_unit_[z] == u && zones_[z].period.contains(d)) return &zones_[z];
  }
  return nullptr;
}

const ZoneClass* Registry::zone(const UnitCode& code, core::Date d) const noexcept {
  const auto u = index_at(code, d);
  return u == npos ? nullptr : own_zone(u, d);
}

std::vector<const ZoneClass*> Registry::zones_in_force(const UnitCode& code, core::Date d) const {
  std::vector<const ZoneClass*> out;
  std::vector<bool> seen(units_.size(), false);
  // The unit's own class, else its predecessors' (back through the lineage).
  std::function<void(std::size_t)> walk = [&](std::size_t u) {
    if (seen[u]) return;
    seen[u] = true;
    if (const auto* z = own_zone(u, d)) {
      out.push_back(z);
      return;
    }
    for (const auto* p : linked(u, false)) walk(index_of(*p));
  };
  walk(index_of(unit(code, d)));
  return out;
}

const Unit& Registry::unit_of(const ZoneClass& zone) const {
  if (!zones_.empty() && &zone >= zones_.data() && &zone < zones_.data() + zones_.size()) {
    return units_[zone_unit_[static_cast<std::size_t>(&zone - zones_.data())]];
  }
  return unit(zone.unit, zone.period.first());
}

}  // namespace project8::geo
