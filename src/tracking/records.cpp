// Achievement records: CSV reading and checks against the plan and the units.
#include <algorithm>
#include <map>
#include <tuple>

#include "../io/yaml_reader.hpp"
#include <project8/data/csv.hpp>
#include <project8/data/source.hpp>
#include <project8/tracking/records.hpp>

namespace project8::tracking {

const data::RecordSchema<Record>& record_schema() {
  using data::field;
  constexpr data::Limits non_negative{.min = 0, .max = {}};
  static const data::RecordSchema<Record> schema{
      "records",
      {
          field("date", &Record::date, data::required, {"Ngày thực hiện", "Date it happened"}),
          field("unit", &Record::unit, data::required,
                {"Mã xã hoặc thôn, bản có hiệu lực vào ngày đó",
                 "Commune or village code valid on that date"}),
          field("target", &Record::target, data::required,
                {"Mã chỉ tiêu hoặc hoạt động của kế hoạch", "Target or activity id of the plan"}),
          field("quantity", &Record::quantity, data::required,
                {"Số lượng (cuộc, nhóm, tử số của tỷ lệ, số hiện có)",
                 "Quantity (events, groups, a ratio's numerator, a stock)"},
                non_negative),
          field("denominator", &Record::denominator, data::optional,
                {"Mẫu số (chỉ tiêu tỷ lệ)", "Denominator (ratio targets)"}, non_negative),
          field("entity_id", &Record::entity_id, data::optional,
                {"Mã đối tượng được tính (ví dụ tổ nhóm)",
                 "Which entity it counts (e.g. which group)"}),
          field("female", &Record::counts, &Disaggregation::female, data::optional,
                {"Số nữ", "Women and girls"}, non_negative),
          field("male", &Record::counts, &Disaggregation::male, data::optional,
                {"Số nam", "Men and boys"}, non_negative),
          field("ethnic_minority", &Record::counts, &Disaggregation::ethnic_minority,
                data::optional, {"Số người dân tộc thiểu số", "Ethnic-minority participants"},
                non_negative),
          field("kinh", &Record::counts, &Disaggregation::kinh, data::optional,
                {"Số người dân tộc Kinh", "Kinh participants"}, non_negative),
          field("agency", &Record::agency, data::optional,
                {"Cơ quan thực hiện (của kế hoạch)", "The plan agency that did it"}),
          field("filed", &Record::filed, data::optional, {"Ngày báo cáo", "Day it was reported"}),
          field("note", &Record::note, data::optional, {"Ghi chú", "Note"}),
          field("source", &Record::source, data::optional,
                {"Nguồn số liệu", "Where the record comes from"}),
      },
      data::CountColumns<Record>{
          {"age_", "role_"},
          {"Số người theo nhóm tuổi (age_…) hoặc vai trò (role_…)",
           "Participants by age group (age_…) or role (role_…)"},
          [](Record& r) -> std::map<std::string, std::int64_t>& { return r.counts.other; },
          [](const Record& r) -> const std::map<std::string, std::int64_t>& {
            return r.counts.other;
          }}};
  return schema;
}

bool Record::same_content(const Record& other) const {
  return data::same_content(record_schema(), *this, other);
}

namespace {

/// The problems of `records` against the plan and the units (the fields'
/// own limits are the schema's, checked where the records are read).
std::vector<core::Problem> domain_problems(const std::vector<Record>& records,
                                           const plan::Plan& plan, const geo::Registry& units) {
  std::vector<core::Problem> problems;
  std::map<std::tuple<core::Date, std::string, std::string, std::int64_t>, std::vector<std::size_t>>
      seen;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    auto problem = [&](const char* field, std::string message) {
      problems.push_back({r.location, field, std::move(message)});
    };
    const bool is_target =
        std::any_of(plan.targets.begin(), plan.targets.end(),
                    [&](const plan::Target& t) { return t.id.value() == r.target; });
    const bool is_activity =
        std::any_of(plan.activities.begin(), plan.activities.end(),
                    [&](const plan::Activity& a) { return a.id.value() == r.target; });
    if (!is_target && !is_activity) {
      problem("target",
              "'" + r.target + "' is neither a target nor an activity of plan '" + plan.id + "'");
    }
    if (!plan.period.contains(r.date)) {
      problem("date", core::to_iso(r.date) + " is outside the plan's period " +
                          core::to_iso(plan.period.first()) + "–" +
                          core::to_iso(plan.period.last()));
    }
    if (units.find(r.unit, r.date) == nullptr)
      problem("unit", units.resolve(r.unit.value(), r.date).problem);
    if (r.agency && std::none_of(plan.agencies.begin(), plan.agencies.end(),
                                 [&](const plan::Agency& a) { return a.id == *r.agency; })) {
      problem("agency", "'" + r.agency->value() + "' is not an agency of plan '" + plan.id + "'");
    }
    if (r.filed && *r.filed < r.date)
      problem("filed",
              "a record cannot be filed (" + core::to_iso(*r.filed) + ") before it happened");
    auto& candidates = seen[{r.date, r.unit.value(), r.target, r.quantity}];
    for (const auto j : candidates) {
      if (records[j].same_content(r)) {
        problem("", "an exact duplicate of the record at line " +
                        (records[j].location.line ? std::to_string(*records[j].location.line)
                                                  : std::to_string(j + 1)));
        break;
      }
    }
    candidates.push_back(i);
  }
  return problems;
}

/// The problems of each record's fields against the schema's declarations.
std::vector<core::Problem> field_problems(const std::vector<Record>& records) {
  const auto& schema = record_schema();
  std::vector<core::Problem> problems;
  for (const auto& r : records) {
    for (const auto& f : schema.fields) {
      if (auto p = data::field_problem(f, f.get(r)); !p.empty())
        problems.push_back({r.location, f.name, std::move(p)});
    }
    for (const auto& [name, count] : r.counts.other) {
      if (!schema.counts->matches(name)) {
        problems.push_back(
            {r.location, name, "a count column is named age_<group> or role_<role>"});
      } else if (count < 0) {
        problems.push_back({r.location, name, "a count of 0 or more was expected"});
      }
    }
  }
  return problems;
}

void throw_sorted(std::vector<core::Problem> problems) {
  std::stable_sort(problems.begin(), problems.end(),
                   [](const core::Problem& a, const core::Problem& b) {
                     return a.location.line.value_or(0) < b.location.line.value_or(0);
                   });
  throw core::ValidationError(std::move(problems));
}

}  // namespace

std::vector<core::Problem> check_records(const std::vector<Record>& records, const plan::Plan& plan,
                                         const geo::Registry& units) {
  auto problems = field_problems(records);
  for (auto& p : domain_problems(records, plan, units)) problems.push_back(std::move(p));
  return problems;
}

RecordSet::RecordSet(std::vector<Record> records, const plan::Plan& plan,
                     const geo::Registry& units) {
  auto problems = check_records(records, plan, units);
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  *this = RecordSet(std::move(records), plan, Checked{});
}

RecordSet::RecordSet(std::vector<Record> records, const plan::Plan& plan, Checked)
    : records_(std::move(records)) {
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

namespace {
/// Gives each record whose unit cell is not a code valid on its date the code
/// of the unit it names (geo::Registry::resolve), and says what was done.
std::vector<core::LocalizedText> resolve_units(std::vector<Record>& records,
                                               const geo::Registry& units) {
  std::map<std::pair<geo::UnitNamedBy, std::string>, std::pair<std::string, std::size_t>> done;
  for (auto& r : records) {
    if (units.find(r.unit, r.date) != nullptr) continue;
    const auto res = units.resolve(r.unit.value(), r.date);
    if (res.unit == nullptr) continue;  // reported by the checks
    auto& [code, count] = done[{res.by, r.unit.value()}];
    code = res.unit->code.value();
    ++count;
    r.unit = res.unit->code;
  }
  std::vector<core::LocalizedText> out;
  for (const auto& [key, value] : done)
    out.push_back(
        geo::resolution_note(key.second, key.first, core::UnitCode{value.first}, value.second));
  return out;
}
}  // namespace

RecordSet parse_records(std::string_view csv, const std::string& source_name,
                        const plan::Plan& plan, const geo::Registry& units) {
  std::vector<core::Problem> problems;
  data::ReadNotes notes;
  std::vector<Record> records =
      data::read_records(record_schema(), csv, source_name, &problems, &notes);  // the fields
  auto normalised = resolve_units(records, units);
  for (auto& p : domain_problems(records, plan, units))
    problems.push_back(std::move(p));  // plan, units
  if (!problems.empty()) {
    const auto header = data::csv_header(csv);
    for (auto& p : problems) {  // each at the column of the field it is about
      if (p.location.column) continue;
      const auto it = std::find(header.begin(), header.end(), p.field);
      if (!p.field.empty() && it != header.end())
        p.location.column = static_cast<std::size_t>(it - header.begin()) + 1;
    }
    throw_sorted(std::move(problems));
  }
  RecordSet out(std::move(records), plan, RecordSet::Checked{});
  out.normalised_ = std::move(normalised);
  out.other_forms_ = std::move(notes.other_forms);
  return out;
}

RecordSet parse_records_yaml(std::string_view yaml, const std::string& source_name,
                             const plan::Plan& plan, const geo::Registry& units) {
  io::YamlReader r(yaml, source_name);
  const YAML::Node& root = r.root();
  std::vector<Record> records;
  if (r.expect_map(root, "", {"schema", "records"})) {
    if (const auto schema = r.text(root, "schema", "", true);
        schema && *schema != "project8/records/1") {
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
        const auto& schema = record_schema();
        for (const auto& kv : list[i]) {
          const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
          if (schema.find(key) == nullptr && !schema.counts->matches(key)) {
            r.problem(kv.first, io::YamlReader::join(f, key),
                      "unknown key '" + key +
                          "' (a record field, or an age_<group> / role_<role> count)");
          }
        }
        Record rec;
        bool ok = true;
        for (const auto& field : schema.fields) {
          const char* key = field.name.c_str();
          const bool req = field.is_required();
          data::FieldValue v;
          switch (field.kind) {
            case data::FieldKind::date:
              if (const auto d = r.date(list[i], key, f, req)) v = *d;
              break;
            case data::FieldKind::integer:
            case data::FieldKind::money:
              if (const auto n = r.integer(list[i], key, f, req, field.limits.min)) v = *n;
              break;
            case data::FieldKind::text:
            case data::FieldKind::enumeration:
              if (const auto t = r.text(list[i], key, f, req); t && !t->empty()) v = *t;
              break;
          }
          if (req && std::holds_alternative<std::monostate>(v))
            ok = false;  // reported by the reader
          field.set(rec, v);
        }
        for (const auto& kv : list[i]) {
          const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
          if (schema.counts->matches(key)) {
            if (const auto v = r.integer(list[i], key.c_str(), f, true, 0))
              rec.counts.other[key] = *v;
          }
        }
        if (!ok) continue;
        rec.location = r.scalar_start(list[i]);
        rec.location.column.reset();
        records.push_back(std::move(rec));
      }
    }
  }
  std::vector<core::Problem> problems = r.problems();
  for (auto& p : domain_problems(records, plan, units)) problems.push_back(std::move(p));
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  return RecordSet(std::move(records), plan, RecordSet::Checked{});
}

RecordSet load_records(const std::filesystem::path& path, const plan::Plan& plan,
                       const geo::Registry& units) {
  const auto ext = path.extension().string();
  if (ext == ".yaml" || ext == ".yml")
    return parse_records_yaml(io::read_file(path.string()), path.string(), plan, units);
  return parse_records(io::read_file(path.string(), 1U << 30U), path.string(), plan, units);
}

}  // namespace project8::tracking
