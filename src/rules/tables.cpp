// Dated tables (schema project8/rules/2): what a rule set declares under
// `tables:`, and the cells the evaluators read on a day. A table with
// `source: registry` is the unit registry's zone classes in force on the
// evaluation date, through the lineage.
#include "tables.hpp"

#include <algorithm>

#include "../io/yaml_reader.hpp"
#include "compiled.hpp"

namespace project8::rules {

namespace detail {

namespace {

/// The registry's columns and their types, in kRegistryColumns' order.
TableShape registry_shape(const std::string& name) {
  TableShape shape;
  shape.name = name;
  shape.unit_key = true;
  shape.columns = {{std::string(kRegistryColumns[0]), Type::integer},
                   {std::string(kRegistryColumns[1]), Type::boolean}};
  return shape;
}

/// One value agreed by every class that records it, else missing: a commune
/// formed from communes of different classes has no one class (which former
/// commune a person lives in is not known to the table).
template <class Get>
Scalar agreed(const std::vector<const geo::ZoneClass*>& classes, Get get) {
  std::optional<std::int64_t> value;
  for (const auto* z : classes) {
    const auto v = get(*z);
    if (!v || (value && *value != *v)) return Scalar{kMissing, 0, {}};
    value = v;
  }
  return value ? Scalar{kPresent, *value, {}} : Scalar{kMissing, 0, {}};
}

std::optional<std::int64_t> region_of(const geo::ZoneClass& z) {
  if (!z.region) return std::nullopt;
  return static_cast<std::int64_t>(*z.region);
}

std::optional<std::int64_t> difficult_of(const geo::ZoneClass& z) {
  if (!z.especially_difficult) return std::nullopt;
  return *z.especially_difficult ? 1 : 0;
}

}  // namespace

void read_tables(io::YamlReader& r, Compiled& c) {
  const YAML::Node node = io::YamlReader::child(r.root(), "tables");
  if (!node.IsDefined() || node.IsNull()) return;
  if (c.schema < 2) {
    r.problem(node, "tables", "tables need schema project8/rules/2");
    return;
  }
  if (!node.IsMap()) {
    r.problem(node, "tables", "a mapping of table names to {source: ...} was expected");
    return;
  }
  for (const auto& kv : node) {
    const auto name = r.scalar(kv.first, "tables");
    if (!name) continue;
    const std::string field = io::YamlReader::join("tables", *name);
    if (!valid_identifier(*name)) {
      r.problem(kv.first, field, "an identifier of letters, digits and '_' was expected");
      continue;
    }
    if (c.inputs.index_of(*name) || *name == "as_of") {
      r.problem(kv.first, field, "'" + *name + "' is already an input name");
      continue;
    }
    if (!r.expect_map(kv.second, field, {"source", "note"})) continue;
    const auto source = r.enumeration<TableSource>(
        kv.second, "source", field, true,
        [](const std::string& s) { return core::parse_enum<TableSource>(s); });
    if (!source) continue;
    DatedTable t;
    t.name = *name;
    t.source = *source;
    t.location = r.scalar_start(kv.first);
    const TableShape shape = registry_shape(*name);
    for (const auto& col : shape.columns) t.columns.push_back(col.first);
    c.tables.push_back(std::move(t));
    c.table_shapes.push_back(shape);
  }
}

bool valid_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
  });
}

void check_tables_bound(const Compiled& c) {
  for (const auto& t : c.tables) {
    if (t.source == TableSource::registry && !c.registry) {
      throw core::InvalidArgument(
          "rule set '" + c.name + "' reads table '" + t.name +
          "' from the unit registry, and none was given (RuleSet::with_registry; `--units` "
          "on the command line; `registry=` in Python)");
    }
  }
}

Scalar RowSource::cell(std::int32_t /*table*/, std::int64_t /*column*/,
                       std::string_view /*key*/) const {
  return Scalar{};
}

const TableReader::Row& TableReader::row(std::int32_t table, std::string_view key) const {
  const auto t = static_cast<std::size_t>(table);
  if (cache_.size() < c_->tables.size()) cache_.resize(c_->tables.size());
  auto& cache = cache_[t];
  if (const auto it = cache.find(key); it != cache.end()) return it->second;
  const std::size_t columns = c_->table_shapes[t].columns.size();
  Row out(columns, Scalar{kMissing, 0, {}});
  const geo::Registry* reg = c_->registry.get();
  const core::UnitCode code{std::string(key)};
  if (reg != nullptr && reg->find(code, as_of_) != nullptr) {
    const auto classes = reg->zones_in_force(code, as_of_);
    out[0] = agreed(classes, region_of);
    out[1] = agreed(classes, difficult_of);
  }
  return cache.emplace(std::string(key), std::move(out)).first->second;
}

Scalar TableReader::cell(std::int32_t table, std::int64_t column, std::string_view key) const {
  return row(table, key)[static_cast<std::size_t>(column)];
}

core::LocalizedText TableReader::explain(std::int32_t table, std::string_view key,
                                         std::vector<legal::Citation>* sources) const {
  (void)table;  // every table reads the registry (the only source yet)
  const geo::Registry* reg = c_->registry.get();
  const core::UnitCode code{std::string(key)};
  if (reg == nullptr) return {"không có danh mục đơn vị hành chính", "no unit registry"};
  if (reg->find(code, as_of_) == nullptr) {
    const std::string why = reg->why_missing(code, as_of_);
    return {why, why};
  }
  const geo::Unit& u = reg->unit(code, as_of_);
  const auto classes = reg->zones_in_force(code, as_of_);
  core::LocalizedText out{u.name + " (" + u.code.value() + ")",
                          u.name + " (" + u.code.value() + ")"};
  if (classes.empty()) {
    out.vi += ": không có phân loại vùng vào ngày " + core::to_iso(as_of_);
    out.en += ": no zone class recorded on " + core::to_iso(as_of_);
    return out;
  }
  const bool own = classes.size() == 1 && &reg->unit_of(*classes[0]) == &u;
  out.vi += own ? ": phân loại của chính đơn vị" : ": phân loại của các đơn vị hợp thành";
  out.en += own ? ": its class" : ": the classes of the units it was formed from";
  for (const auto* z : classes) {
    const geo::Unit& of = reg->unit_of(*z);
    const std::string sep = z == classes.front() ? ": " : "; ";
    const std::string region =
        z->region ? std::to_string(static_cast<int>(*z->region)) : std::string();
    out.vi += sep + of.name + (region.empty() ? " khu vực chưa rõ" : " khu vực " + region) +
              (z->especially_difficult ? (*z->especially_difficult ? ", đặc biệt khó khăn"
                                                                   : ", không đặc biệt khó khăn")
                                       : "");
    out.en += sep + of.name + (region.empty() ? " region unknown" : " region " + region) +
              (z->especially_difficult ? (*z->especially_difficult ? ", especially difficult"
                                                                   : ", not especially difficult")
                                       : "");
    if (sources != nullptr) {
      auto add = [&](const legal::Citation& c) {
        if (std::find(sources->begin(), sources->end(), c) == sources->end()) sources->push_back(c);
      };
      if (z->instrument) add(*z->instrument);
      for (const auto& a : z->amended_by) add(a);
    }
  }
  return out;
}

}  // namespace detail

}  // namespace project8::rules
