// Achievement records: CSV reading and checks against the plan and the units.
#include <project8/tracking/records.hpp>

#include <project8/data/csv.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "../io/yaml_reader.hpp"

namespace project8::tracking {

namespace {

/// The record CSV's columns, in the schema's order.
const data::Schema& record_schema() {
  static const data::Schema schema = data::Schema::parse({{"date", "date"},
                                                          {"unit", "string"},
                                                          {"target", "string"},
                                                          {"quantity", "int"},
                                                          {"denominator", "int"},
                                                          {"entity_id", "string"},
                                                          {"female", "int"},
                                                          {"male", "int"},
                                                          {"ethnic_minority", "int"},
                                                          {"kinh", "int"},
                                                          {"agency", "string"},
                                                          {"filed", "date"},
                                                          {"note", "string"},
                                                          {"source", "string"}});
  return schema;
}

std::optional<std::int64_t> optional_int(const data::Column& c, std::size_t i) {
  if (!c.is_valid(i)) return std::nullopt;
  return c.int64_data()[i];
}

std::string text_at(const data::Column& c, std::size_t i) {
  return c.is_valid(i) ? std::string(c.string_at(i)) : std::string();
}

/// The content of a record, for finding exact duplicates.
auto content_key(const Record& r) {
  return std::tie(r.date, r.unit, r.target, r.quantity, r.denominator, r.entity_id, r.counts.female, r.counts.male,
                  r.counts.ethnic_minority, r.counts.kinh, r.counts.other, r.agency, r.filed, r.note, r.source);
}

}  // namespace

bool Record::same_content(const Record& other) const { return content_key(*this) == content_key(other); }

std::vector<core::Problem> check_records(const std::vector<Record>& records, const plan::Plan& plan,
                                         const geo::Registry& units) {
  std::vector<core::Problem> problems;
  std::map<std::tuple<std::string, std::string, std::string, std::int64_t>, std::vector<std::size_t>> seen;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    auto problem = [&](const char* field, std::string message) {
      core::SourceLocation where = r.location;
      problems.push_back({std::move(where), field, std::move(message)});
    };
    const bool is_target = std::any_of(plan.targets.begin(), plan.targets.end(),
                                       [&](const plan::Target& t) { return t.id.value() == r.target; });
    const bool is_activity = std::any_of(plan.activities.begin(), plan.activities.end(),
                                         [&](const plan::Activity& a) { return a.id.value() == r.target; });
    if (!is_target && !is_activity) {
      problem("target", "'" + r.target + "' is neither a target nor an activity of plan '" + plan.id + "'");
    }
    if (!plan.period.contains(r.date)) {
      problem("date", core::to_iso(r.date) + " is outside the plan's period " + core::to_iso(plan.period.first()) +
                          "–" + core::to_iso(plan.period.last()));
    }
    const geo::Unit* unit = units.find(r.unit);
    if (unit == nullptr) {
      problem("unit", "unit code '" + r.unit.value() + "' is not in the registry");
    } else if (!unit->valid_on(r.date)) {
      problem("unit", "unit '" + r.unit.value() + "' (" + unit->name + ") did not exist on " + core::to_iso(r.date));
    }
    if (r.quantity < 0) problem("quantity", "a quantity of 0 or more was expected");
    for (const auto& [name, count] : r.counts.other) {
      if (count < 0) problem(name.c_str(), "a count of 0 or more was expected");
    }
    if (r.agency && std::none_of(plan.agencies.begin(), plan.agencies.end(),
                                 [&](const plan::Agency& a) { return a.id == *r.agency; })) {
      problem("agency", "'" + r.agency->value() + "' is not an agency of plan '" + plan.id + "'");
    }
    if (r.filed && *r.filed < r.date) problem("filed", "a record cannot be filed (" + core::to_iso(*r.filed) + ") before it happened");
    if (r.denominator && *r.denominator < 0) problem("denominator", "a denominator of 0 or more was expected");
    for (const auto& [name, count] : {std::pair{"female", r.counts.female}, std::pair{"male", r.counts.male},
                                      std::pair{"ethnic_minority", r.counts.ethnic_minority},
                                      std::pair{"kinh", r.counts.kinh}}) {
      if (count && *count < 0) problem(name, "a count of 0 or more was expected");
    }
    auto& candidates = seen[{core::to_iso(r.date), r.unit.value(), r.target, r.quantity}];
    for (const auto j : candidates) {
      if (records[j].same_content(r)) {
        problem("", "an exact duplicate of the record at line " +
                        (records[j].location.line ? std::to_string(*records[j].location.line) : std::to_string(j + 1)));
        break;
      }
    }
    candidates.push_back(i);
  }
  return problems;
}

RecordSet::RecordSet(std::vector<Record> records, const plan::Plan& plan, const geo::Registry& units) {
  auto problems = check_records(records, plan, units);
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  records_ = std::move(records);
  targets_.reserve(records_.size());
  for (const auto& r : records_) {
    std::vector<core::TargetId> ts;
    for (const auto& t : plan.targets) {
      if (t.id.value() == r.target) ts.push_back(t.id);
    }
    for (const auto& a : plan.activities) {
      if (a.id.value() == r.target) ts.insert(ts.end(), a.targets.begin(), a.targets.end());
    }
    targets_.push_back(std::move(ts));
  }
}

RecordSet parse_records(std::string_view csv, const std::string& source_name, const plan::Plan& plan,
                        const geo::Registry& units) {
  data::CsvOptions options;
  options.optional_fields = {"denominator", "entity_id", "female", "male",  "ethnic_minority", "kinh",
                             "agency",      "filed",     "note",   "source"};
  // age_<group> and role_<role> columns are counts too.
  std::vector<data::Field> fields = record_schema().fields();
  std::vector<std::string> extra;
  for (const auto& name : data::csv_header(csv)) {
    // A name the header repeats is reported by the reader; it is one count column here.
    if ((name.starts_with("age_") || name.starts_with("role_")) && name.size() > 5 &&
        std::find(extra.begin(), extra.end(), name) == extra.end()) {
      fields.push_back({name, data::ColumnType::integer, {}});
      extra.push_back(name);
    }
  }
  const auto located = data::parse_csv_located(csv, data::Schema(std::move(fields)), source_name, options);
  const data::Table& t = located.first;  // named, not bound: lambdas below capture them
  const data::CsvLocator& cells = located.second;
  std::vector<Record> records;
  std::vector<core::Problem> problems;
  records.reserve(t.rows());
  const auto& date = t.column("date");
  const auto& unit = t.column("unit");
  const auto& target = t.column("target");
  const auto& quantity = t.column("quantity");
  for (std::size_t i = 0; i < t.rows(); ++i) {
    for (const char* required : {"date", "unit", "target", "quantity"}) {
      if (!t.column(required).is_valid(i)) problems.push_back({cells.at(i, required), required, "a value is required"});
    }
    if (!date.is_valid(i) || !unit.is_valid(i) || !target.is_valid(i) || !quantity.is_valid(i)) continue;
    Record r;
    r.date = data::from_epoch_days(date.int64_data()[i]);
    r.unit = core::UnitCode{std::string(unit.string_at(i))};
    r.target = std::string(target.string_at(i));
    r.quantity = quantity.int64_data()[i];
    r.denominator = optional_int(t.column("denominator"), i);
    r.entity_id = text_at(t.column("entity_id"), i);
    r.counts = {optional_int(t.column("female"), i), optional_int(t.column("male"), i),
                optional_int(t.column("ethnic_minority"), i), optional_int(t.column("kinh"), i), {}};
    for (const auto& name : extra) {
      if (const auto v = optional_int(t.column(name), i)) r.counts.other[name] = *v;
    }
    if (t.column("agency").is_valid(i)) r.agency = core::AgencyId{std::string(t.column("agency").string_at(i))};
    if (t.column("filed").is_valid(i)) r.filed = data::from_epoch_days(t.column("filed").int64_data()[i]);
    r.note = text_at(t.column("note"), i);
    r.source = text_at(t.column("source"), i);
    r.location = cells.at(i);
    records.push_back(std::move(r));
  }
  // Row-level checks, each located at the column of the field it is about.
  for (auto p : check_records(records, plan, units)) {
    if (!p.field.empty()) {
      p.location.column = cells.column(p.field);
    }
    problems.push_back(std::move(p));
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), [](const core::Problem& a, const core::Problem& b) {
      return a.location.line.value_or(0) < b.location.line.value_or(0);
    });
    throw core::ValidationError(std::move(problems));
  }
  RecordSet set;
  set = RecordSet(std::move(records), plan, units);
  return set;
}

RecordSet parse_records_yaml(std::string_view yaml, const std::string& source_name, const plan::Plan& plan,
                             const geo::Registry& units) {
  io::YamlReader r(yaml, source_name);
  const YAML::Node& root = r.root();
  std::vector<Record> records;
  if (r.expect_map(root, "", {"schema", "records"})) {
    if (const auto schema = r.text(root, "schema", "", true); schema && *schema != "project8/records/1") {
      r.problem(io::YamlReader::child(root, "schema"), "schema",
                "unsupported schema '" + *schema + "': expected project8/records/1");
    }
    const YAML::Node list = io::YamlReader::child(root, "records");
    if (r.expect_sequence(list, "records")) {
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string f = io::YamlReader::index("records", i);
        if (!list[i].IsDefined() || !list[i].IsMap()) {
          r.problem(list[i], f, "a mapping (key: value) was expected");
          continue;
        }
        for (const auto& kv : list[i]) {
          const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
          static const std::set<std::string> known{"date", "unit", "target", "quantity", "denominator", "entity_id",
                                                   "female", "male", "ethnic_minority", "kinh", "agency", "filed",
                                                   "note", "source"};
          if (known.count(key) == 0 && !((key.starts_with("age_") || key.starts_with("role_")) && key.size() > 5)) {
            r.problem(kv.first, io::YamlReader::join(f, key),
                      "unknown key '" + key + "' (a record field, or an age_<group> / role_<role> count)");
          }
        }
        Record rec;
        const auto d = r.date(list[i], "date", f, true);
        const auto u = r.text(list[i], "unit", f, true);
        const auto t = r.text(list[i], "target", f, true);
        const auto q = r.integer(list[i], "quantity", f, true);
        if (!d || !u || !t || !q) continue;
        rec.date = *d;
        rec.unit = core::UnitCode{*u};
        rec.target = *t;
        rec.quantity = *q;
        rec.denominator = r.integer(list[i], "denominator", f, false);
        rec.entity_id = r.text(list[i], "entity_id", f, false).value_or("");
        rec.counts = {r.integer(list[i], "female", f, false), r.integer(list[i], "male", f, false),
                      r.integer(list[i], "ethnic_minority", f, false), r.integer(list[i], "kinh", f, false), {}};
        for (const auto& kv : list[i]) {
          const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
          if ((key.starts_with("age_") || key.starts_with("role_")) && key.size() > 5) {
            if (const auto v = r.integer(list[i], key.c_str(), f, true)) rec.counts.other[key] = *v;
          }
        }
        if (const auto a = r.text(list[i], "agency", f, false)) rec.agency = core::AgencyId{*a};
        rec.filed = r.date(list[i], "filed", f, false);
        rec.note = r.text(list[i], "note", f, false).value_or("");
        rec.source = r.text(list[i], "source", f, false).value_or("");
        rec.location = r.scalar_start(list[i]);
        rec.location.column.reset();
        records.push_back(std::move(rec));
      }
    }
  }
  std::vector<core::Problem> problems = r.problems();
  for (auto& p : check_records(records, plan, units)) problems.push_back(std::move(p));
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  return RecordSet(std::move(records), plan, units);
}

RecordSet load_records(const std::filesystem::path& path, const plan::Plan& plan, const geo::Registry& units) {
  const auto ext = path.extension().string();
  if (ext == ".yaml" || ext == ".yml") return parse_records_yaml(io::read_file(path.string()), path.string(), plan, units);
  return parse_records(io::read_file(path.string(), 1U << 30U), path.string(), plan, units);
}

}  // namespace project8::tracking
