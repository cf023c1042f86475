// Dated tables (schema project8/rules/2): what a rule set declares under
// `tables:`, and the cells the evaluators read on a day. A table with
// `source: registry` is the unit registry's zone classes in force on the
// evaluation date, through the lineage; any other source is a CSV file of
// dated, cited rows by key.
#include "tables.hpp"

#include <algorithm>

#include "../io/yaml_reader.hpp"
#include "compiled.hpp"
#include "semantics.hpp"
#include <project8/data/csv.hpp>

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

/// A file table: `key` and typed `columns` declared in the rule file, rows
/// read from the CSV at `file` (relative to the rule file's folder). Problems
/// of the file are located in it; nullptr when any.
std::shared_ptr<const FileRows> read_file_table(io::YamlReader& r, const YAML::Node& node,
                                                const std::string& field, const std::string& file,
                                                const std::filesystem::path& base_dir,
                                                DatedTable& t, TableShape& shape) {
  using io::YamlReader;
  const auto key = r.text(node, "key", field, true);
  const YAML::Node cols = YamlReader::child(node, "columns");
  const std::string cf = YamlReader::join(field, "columns");
  if (!cols.IsDefined() || !cols.IsMap() || cols.size() == 0) {
    r.problem(cols.IsDefined() ? cols : node, cf,
              "a mapping of column names to types (int, bool or date) was expected");
    return nullptr;
  }
  if (!key) return nullptr;
  shape.name = t.name;
  std::vector<data::Field> fields = {data::parse_field(*key, "string"),
                                     data::parse_field("from", "date"),
                                     data::parse_field("to", "date")};
  for (const auto& kv : cols) {
    const auto name = r.scalar(kv.first, cf);
    const auto type = r.scalar(kv.second, YamlReader::join(cf, name.value_or("")));
    if (!name || !type) return nullptr;
    const bool reserved =
        *name == *key || *name == "from" || *name == "to" || *name == "source" || *name == "status";
    if (!valid_identifier(*name) || reserved) {
      r.problem(kv.first, YamlReader::join(cf, *name),
                "a column name other than the key, from, to, source and status was expected");
      return nullptr;
    }
    const Type ty = *type == "int"    ? Type::integer
                    : *type == "bool" ? Type::boolean
                    : *type == "date" ? Type::date
                                      : Type::text;
    if (ty == Type::text) {
      r.problem(kv.second, YamlReader::join(cf, *name), "int, bool or date was expected");
      return nullptr;
    }
    shape.columns.emplace_back(*name, ty);
    fields.push_back(data::parse_field(*name, *type));
  }
  fields.push_back(data::parse_field("source", "string"));
  fields.push_back(data::parse_field("status", "enum(verified, provisional, disputed)"));
  const std::filesystem::path path = base_dir / file;
  t.path = path.string();
  t.key = *key;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    r.problem(YamlReader::child(node, "source"), YamlReader::join(field, "source"),
              "no file " + t.path + " (a table's rows are a CSV file next to the rule file)");
    return nullptr;
  }
  data::CsvOptions options;
  options.optional_fields = {"to"};
  std::vector<std::size_t> lines;
  options.row_lines = &lines;
  data::Table table;
  try {
    table = data::read_csv(path, data::Schema(std::move(fields)), options);
  } catch (const core::InputError& e) {
    for (const auto& p : e.problems()) r.problem_at(p.location, p.field, p.message);
    if (e.problems().empty()) r.problem(YamlReader::child(node, "source"), field, e.what());
    return nullptr;
  } catch (const core::Error& e) {
    r.problem(YamlReader::child(node, "source"), YamlReader::join(field, "source"), e.what());
    return nullptr;
  }
  auto rows = std::make_shared<FileRows>();
  const std::size_t n = table.rows();
  const std::size_t ncols = shape.columns.size();
  rows->values.assign(ncols, std::vector<std::int64_t>(n, 0));
  rows->present.assign(ncols, std::vector<std::uint8_t>(n, 0));
  const auto& keys = table.column(0);
  const auto& from = table.column(1);
  const auto& to = table.column(2);
  const auto& source = table.column(3 + ncols);
  const auto& status = table.column(4 + ncols);
  bool ok = true;
  auto where = [&](std::size_t i) {
    return core::SourceLocation{t.path, i < lines.size() ? lines[i] : 0, std::nullopt};
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!keys.is_valid(i) || !from.is_valid(i) || !source.is_valid(i) || !status.is_valid(i)) {
      r.problem_at(where(i), field, "a row needs its key (" + *key + "), from, source and status");
      ok = false;
      continue;
    }
    rows->keys.emplace_back(keys.string_at(i));
    const core::Date first = data::from_epoch_days(from.int64_data()[i]);
    std::optional<core::Date> last;
    if (to.is_valid(i)) last = data::from_epoch_days(to.int64_data()[i]);
    if (last && *last < first) {
      r.problem_at(where(i), field, "a row cannot end before it starts");
      ok = false;
    }
    rows->days.emplace_back(first, last);
    for (std::size_t k = 0; k < ncols; ++k) {
      const data::Column& col = table.column(3 + k);
      rows->present[k][rows->keys.size() - 1] = col.is_valid(i) ? 1 : 0;
      if (!col.is_valid(i)) continue;
      rows->values[k][rows->keys.size() - 1] =
          col.type() == data::ColumnType::boolean ? col.bool_data()[i] : col.int64_data()[i];
    }
    legal::Citation cite;
    cite.instrument = core::InstrumentId{std::string(source.string_at(i))};
    rows->sources.push_back(std::move(cite));
    constexpr legal::ValueStatus kStatuses[] = {legal::ValueStatus::verified,
                                                legal::ValueStatus::provisional,
                                                legal::ValueStatus::disputed};
    rows->statuses.push_back(kStatuses[static_cast<std::size_t>(status.code_at(i))]);
    rows->lines.push_back(i < lines.size() ? lines[i] : 0);
  }
  for (auto& v : rows->values) v.resize(rows->keys.size());
  for (auto& v : rows->present) v.resize(rows->keys.size());
  for (std::size_t i = 0; i < rows->keys.size(); ++i) rows->by_key[rows->keys[i]].push_back(i);
  // Per key, by first day: a row with only `from` lasts until the next one's
  // (as a parameter's values do); rows of one key may not overlap.
  for (auto& [k, list] : rows->by_key) {
    std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
      return *rows->days[a].first() < *rows->days[b].first();
    });
    for (std::size_t j = 0; j + 1 < list.size(); ++j) {
      auto& d = rows->days[list[j]];
      const core::Date next = *rows->days[list[j + 1]].first();
      if (!d.last() && *d.first() < next)
        d = core::DateRange(d.first(), next - boost::gregorian::days(1));
      if (d.overlaps(rows->days[list[j + 1]])) {
        r.problem_at(core::SourceLocation{t.path, rows->lines[list[j + 1]], std::nullopt}, field,
                     "the row for '" + k + "' from " + core::to_iso(next) +
                         " overlaps the row from " + core::to_iso(*d.first()) + " (line " +
                         std::to_string(rows->lines[list[j]]) + ")");
        ok = false;
      }
    }
  }
  if (!ok) return nullptr;
  return rows;
}

}  // namespace

void read_tables(io::YamlReader& r, Compiled& c, const std::filesystem::path& base_dir) {
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
    if (!r.expect_map(kv.second, field, {"source", "key", "columns", "note"})) continue;
    const auto source = r.text(kv.second, "source", field, true);
    if (!source) continue;
    DatedTable t;
    t.name = *name;
    t.location = r.scalar_start(kv.first);
    TableShape shape;
    std::shared_ptr<const FileRows> rows;
    if (*source == core::key(TableSource::registry)) {
      if (io::YamlReader::child(kv.second, "key").IsDefined() ||
          io::YamlReader::child(kv.second, "columns").IsDefined()) {
        r.problem(kv.second, field,
                  "a registry table has its own key (unit codes) and columns "
                  "(region, especially_difficult): write only {source: registry}");
        continue;
      }
      t.source = TableSource::registry;
      shape = registry_shape(*name);
    } else {
      t.source = TableSource::file;
      auto read = read_file_table(r, kv.second, field, *source, base_dir, t, shape);
      if (!read) continue;
      rows = std::move(read);
    }
    for (const auto& col : shape.columns) t.columns.push_back(col.first);
    c.tables.push_back(std::move(t));
    c.table_shapes.push_back(std::move(shape));
    c.table_rows.push_back(std::move(rows));
  }
}

bool valid_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
  });
}

bool reserved_word(std::string_view s, int schema) {
  constexpr std::string_view kWords[] = {"and", "or", "not", "in", "true", "false", "as_of"};
  constexpr std::string_view kSchema2[] = {"members", "household"};
  return std::find(std::begin(kWords), std::end(kWords), s) != std::end(kWords) ||
         (schema >= 2 &&
          std::find(std::begin(kSchema2), std::end(kSchema2), s) != std::end(kSchema2));
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

Scalar RowSource::scale(std::int32_t /*scale*/, std::int64_t /*mode*/, std::int64_t /*x*/,
                        bool /*x_decimal*/) const {
  return Scalar{};
}

Scalar TableReader::scale(std::int32_t scale, std::int64_t mode, std::int64_t x,
                          bool x_decimal) const {
  // The brackets in force are the same for every row of a call: found once.
  const auto k = static_cast<std::size_t>(scale);
  if (scale_found_.size() < c_->scales.size()) {
    scale_found_.resize(c_->scales.size(), 0);
    scale_in_force_.resize(c_->scales.size(), nullptr);
  }
  if (scale_found_[k] == 0) {
    for (const auto& candidate : c_->scales[k].values) {
      if (candidate.days.contains(as_of_)) scale_in_force_[k] = &candidate;
    }
    scale_found_[k] = 1;
  }
  const ScaleValue* v = scale_in_force_[k];
  if (v == nullptr) return Scalar{kMissing, 0, {}};
  // Everything in millionths of a unit, exactly (128 bits).
  const Int128 at = x_decimal ? Int128{x} : Int128{x} * kDecimalScale;
  const std::size_t n = v->thresholds.size();
  std::int64_t out = 0;
  if (mode == 1) {  // bracket: the value of the last bracket whose threshold x reaches
    for (std::size_t i = 0; i < n; ++i) {
      if (Int128{v->thresholds[i]} * kDecimalScale <= at) out = v->values[i];
    }
    return Scalar{kPresent, out, {}};
  }
  Int128 sum = 0;  // millionths × millionths
  for (std::size_t i = 0; i < n; ++i) {
    const Int128 low = Int128{v->thresholds[i]} * kDecimalScale;
    if (at <= low) break;
    const Int128 high = i + 1 < n ? std::min(at, Int128{v->thresholds[i + 1]} * kDecimalScale) : at;
    sum += Int128{v->values[i]} * (high - low);
  }
  if (!narrow(divide_rounded(sum, kDecimalScale, Rounding::half_up), &out))
    return Scalar{kError, 0, {}};
  return Scalar{kPresent, out, {}};
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
  if (c_->tables[t].source == TableSource::file) {
    if (const std::size_t i = file_row(table, key); i != kNoRow) {
      const FileRows& rows = *c_->table_rows[t];
      for (std::size_t k = 0; k < columns; ++k) {
        if (rows.present[k][i] != 0) out[k] = Scalar{kPresent, rows.values[k][i], {}};
      }
    }
    return cache.emplace(std::string(key), std::move(out)).first->second;
  }
  const geo::Registry* reg = c_->registry.get();
  const core::UnitCode code{std::string(key)};
  if (reg != nullptr && reg->find(code, as_of_) != nullptr) {
    const auto classes = reg->zones_in_force(code, as_of_);
    out[0] = agreed(classes, region_of);
    out[1] = agreed(classes, difficult_of);
  }
  return cache.emplace(std::string(key), std::move(out)).first->second;
}

std::size_t TableReader::file_row(std::int32_t table, std::string_view key) const {
  const FileRows& rows = *c_->table_rows[static_cast<std::size_t>(table)];
  const auto it = rows.by_key.find(std::string(key));
  if (it == rows.by_key.end()) return kNoRow;
  for (const auto i : it->second) {
    if (rows.days[i].contains(as_of_)) return i;
  }
  return kNoRow;
}

Scalar TableReader::cell(std::int32_t table, std::int64_t column, std::string_view key) const {
  return row(table, key)[static_cast<std::size_t>(column)];
}

core::LocalizedText TableReader::explain(std::int32_t table, std::string_view key,
                                         std::vector<legal::Citation>* sources) const {
  const auto& t = c_->tables[static_cast<std::size_t>(table)];
  if (t.source == TableSource::file) {
    const std::size_t i = file_row(table, key);
    if (i == kNoRow) {
      const std::string none = "không có dòng '" + std::string(key) + "' có hiệu lực ngày " +
                               core::to_iso(as_of_) + " trong " + t.path;
      return {none, "no row for '" + std::string(key) + "' in force on " + core::to_iso(as_of_) +
                        " in " + t.path};
    }
    const FileRows& rows = *c_->table_rows[static_cast<std::size_t>(table)];
    if (sources != nullptr) sources->push_back(rows.sources[i]);
    const std::string at = t.path + ":" + std::to_string(rows.lines[i]) + " (" +
                           rows.days[i].to_string() + ", " +
                           std::string(core::key(rows.statuses[i])) + ")";
    return {"dòng " + at, "row " + at};
  }
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
