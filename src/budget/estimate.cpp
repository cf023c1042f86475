// Spending norms (project8/norms/1), quantities (CSV) and cost estimates.
#include <algorithm>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../io/yaml_reader.hpp"
#include <project8/budget/estimate.hpp>
#include <project8/core/checked.hpp>
#include <project8/data/csv.hpp>

namespace project8::budget {

namespace {

using io::YamlReader;

constexpr std::string_view kNormsSchema = "project8/norms/1";

/// The factors each basis multiplies (its name is in NormBasis's text table).
struct BasisName {
  NormBasis basis;
  bool events, participants, days, count;  // the factors it multiplies
};
constexpr BasisName kBases[] = {
    {NormBasis::per_event, true, false, false, false},
    {NormBasis::per_participant, true, true, false, false},
    {NormBasis::per_participant_day, true, true, true, false},
    {NormBasis::per_day, true, false, true, false},
    {NormBasis::per_unit, false, false, false, true},
};

const BasisName& basis_info(NormBasis b) {
  for (const auto& n : kBases) {
    if (n.basis == b) return n;
  }
  return kBases[0];
}

/// Adds `amount` to the total for `key`, keeping first-seen order.
void add_to(std::vector<std::pair<std::string, core::Money>>& totals, const std::string& key,
            core::Money amount) {
  for (auto& [k, v] : totals) {
    if (k == key) {
      v += amount;
      return;
    }
  }
  totals.emplace_back(key, amount);
}

}  // namespace

std::string_view to_string(NormBasis b) noexcept {
  return core::key(b);
}

NormBasis parse_norm_basis(std::string_view name) {
  return core::parse_enum<NormBasis>(name);
}

// ---------------------------------------------------------------------------
// NormSet

NormSet NormSet::parse(std::string_view yaml, const std::string& source_name) {
  YamlReader r(yaml, source_name);
  const YAML::Node& root = r.root();
  if (!r.expect_map(root, "", {"schema", "name", "note", "norms"}))
    throw core::ValidationError(r.problems());
  if (const auto schema = r.text(root, "schema", "", true); schema && *schema != kNormsSchema) {
    r.problem(YamlReader::child(root, "schema"), "schema",
              "unsupported schema '" + *schema + "': expected " + std::string(kNormsSchema));
  }
  NormSet set;
  set.name_ = r.text(root, "name", "", true).value_or("");
  set.note_ = io::read_localized(r, YamlReader::child(root, "note"), "note");
  const YAML::Node list = YamlReader::child(root, "norms");
  if (r.expect_sequence(list, "norms")) {
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
      const std::string field = YamlReader::index("norms", i);
      const YAML::Node n = list[i];
      if (!r.expect_map(n, field, {"id", "title", "basis", "per", "values", "note"})) continue;
      Norm norm;
      norm.location = r.scalar_start(n);
      norm.id = r.text(n, "id", field, true).value_or("");
      norm.title =
          io::read_localized(r, YamlReader::child(n, "title"), YamlReader::join(field, "title"));
      if (const auto b = r.enumeration<NormBasis>(n, "basis", field, true, parse_norm_basis))
        norm.basis = *b;
      norm.per = io::read_localized(r, YamlReader::child(n, "per"), YamlReader::join(field, "per"));
      norm.note = r.text(n, "note", field, false).value_or("");
      norm.rate = legal::Parameter<std::int64_t>(norm.id, "VND");
      io::read_parameter_values(r, YamlReader::child(n, "values"), n,
                                YamlReader::join(field, "values"), norm.rate);
      for (const auto& v : norm.rate.values()) {
        if (v.value < 0)
          r.problem(n, YamlReader::join(field, "values"), "a norm cannot be negative");
      }
      if (!norm.id.empty() && set.find(norm.id) != nullptr) {
        r.problem(YamlReader::child(n, "id"), YamlReader::join(field, "id"),
                  "norm '" + norm.id + "' appears twice");
      }
      set.norms_.push_back(std::move(norm));
    }
  }
  r.throw_if_problems();
  return set;
}

NormSet NormSet::load(const std::filesystem::path& path) {
  return parse(io::read_file(path.string()), path.string());
}

const Norm* NormSet::find(std::string_view id) const noexcept {
  for (const auto& n : norms_) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// Quantities

const data::RecordSchema<Quantity>& quantity_schema() {
  using data::field;
  constexpr data::Limits non_negative{.min = 0, .max = {}};
  static const data::RecordSchema<Quantity> schema{
      "quantities",
      {
          field("activity", &Quantity::activity, data::required,
                {"Hoạt động của kế hoạch", "The plan's activity"}),
          field("norm", &Quantity::norm, data::required,
                {"Mã định mức chi", "The spending norm's id"}),
          field("events", &Quantity::events, data::optional,
                {"Số cuộc, đợt (trống: 1 khi định mức cần)",
                 "Events (empty: 1 where the basis needs it)"},
                non_negative),
          field("participants", &Quantity::participants, data::optional,
                {"Số người mỗi cuộc", "Participants per event"}, non_negative),
          field("days", &Quantity::days, data::optional, {"Số ngày mỗi cuộc", "Days per event"},
                non_negative),
          field("count", &Quantity::count, data::optional,
                {"Số đơn vị (định mức theo đơn vị)", "Units counted (per-unit norms)"},
                non_negative),
          field("agency", &Quantity::agency, data::optional,
                {"Cơ quan chi (trống: cơ quan chủ trì)",
                 "Who spends it (empty: the activity's lead)"}),
          field("unit", &Quantity::unit, data::optional,
                {"Địa bàn (trống: phạm vi kế hoạch)", "Where (empty: the plan's scope)"}),
          field("funding_source", &Quantity::funding_source, data::optional,
                {"Nguồn vốn (trống: của kế hoạch)", "Funding source (empty: the plan's)"}),
          field("note", &Quantity::note, data::optional, {"Ghi chú", "Note"}),
      },
      std::nullopt};
  return schema;
}

std::vector<Quantity> parse_quantities(std::string_view csv, const std::string& source_name) {
  return data::read_records(quantity_schema(), csv, source_name);
}

std::vector<Quantity> load_quantities(const std::filesystem::path& path) {
  return parse_quantities(io::read_file(path.string()), path.string());
}

// ---------------------------------------------------------------------------
// Estimate

Estimate estimate(const plan::Plan& plan, const NormSet& norms,
                  const std::vector<Quantity>& quantities, core::Date on) {
  core::require(!on.is_special(), "the estimate's date must be a real date");
  Estimate e;
  e.plan = plan.id;
  e.on = on;
  e.norms = norms.name();
  std::vector<core::Problem> problems;
  for (const auto& q : quantities) {
    const auto act = std::find_if(plan.activities.begin(), plan.activities.end(),
                                  [&](const plan::Activity& a) { return a.id == q.activity; });
    if (act == plan.activities.end()) {
      problems.push_back(
          {q.location, "activity",
           "activity '" + q.activity.value() + "' is not in plan '" + plan.id + "'"});
      continue;
    }
    const std::optional<core::AgencyId> agency = q.agency ? q.agency : act->lead;
    if (!agency) {
      problems.push_back({q.location, "agency",
                          "activity '" + q.activity.value() + "' has no lead agency: give one"});
      continue;
    }
    const auto ag = std::find_if(plan.agencies.begin(), plan.agencies.end(),
                                 [&](const plan::Agency& a) { return a.id == *agency; });
    if (ag == plan.agencies.end()) {
      problems.push_back({q.location, "agency",
                          "agency '" + agency->value() + "' is not in plan '" + plan.id + "'"});
      continue;
    }
    const Norm* norm = norms.find(q.norm);
    if (norm == nullptr) {
      e.missing.push_back(
          {q.location, "norm", "norm '" + q.norm + "' is not in norm set '" + norms.name() + "'"});
      continue;
    }
    const BasisName& b = basis_info(norm->basis);
    const std::pair<const char*, std::pair<bool, const std::optional<std::int64_t>*>> factors[] = {
        {"events", {b.events, &q.events}},
        {"participants", {b.participants, &q.participants}},
        {"days", {b.days, &q.days}},
        {"count", {b.count, &q.count}}};
    std::int64_t quantity = 1;
    std::string formula;
    bool fits = true;
    for (const auto& [name, use] : factors) {
      const auto& [needed, value] = use;
      if (!needed && value->has_value()) {
        problems.push_back({q.location, name,
                            std::string(name) + " is given but norm '" + norm->id + "' is " +
                                std::string(core::key(b.basis)) + ": leave it empty"});
        fits = false;
        continue;
      }
      if (!needed) continue;
      std::int64_t v = 0;
      if (value->has_value()) {
        v = **value;
      } else if (std::string_view(name) == "events") {
        v = 1;  // one event unless said otherwise
      } else {
        problems.push_back({q.location, name,
                            std::string(name) + " is required: norm '" + norm->id + "' is " +
                                std::string(core::key(b.basis))});
        fits = false;
        continue;
      }
      quantity = core::checked_mul(quantity, v);
      formula += (formula.empty() ? "" : " × ") + std::to_string(v);
    }
    if (!fits) continue;
    const auto* rate = norm->rate.find(on);
    if (rate == nullptr) {
      e.missing.push_back({q.location, "norm",
                           "norm '" + norm->id + "' has no value in force on " + core::to_iso(on)});
      continue;
    }
    EstimateLine l;
    l.activity = q.activity;
    l.content_area = act->content_area;
    l.agency = *agency;
    l.agency_name = ag->name;
    l.unit = q.unit.value_or(plan.scope);
    l.funding_source = q.funding_source.empty() ? plan.funding.source : q.funding_source;
    l.norm = norm->id;
    l.basis = norm->basis;
    l.quantity = quantity;
    l.quantity_formula = formula;
    l.rate = core::Money::vnd(rate->value);
    l.source = rate->source;
    l.status = rate->status;
    l.amount = l.rate * quantity;
    l.note = q.note;
    l.location = q.location;
    e.total += l.amount;
    if (l.status != legal::ValueStatus::verified) e.provisional += l.amount;
    e.lines.push_back(std::move(l));
  }
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  return e;
}

std::vector<std::pair<std::string, core::Money>> Estimate::by_content_area() const {
  std::map<std::string, core::Money> m;
  for (const auto& l : lines) m[l.content_area ? std::to_string(*l.content_area) : ""] += l.amount;
  return {m.begin(), m.end()};
}

std::vector<std::pair<std::string, core::Money>> Estimate::by_activity() const {
  std::vector<std::pair<std::string, core::Money>> out;
  for (const auto& l : lines) add_to(out, l.activity.value(), l.amount);
  return out;
}

std::vector<std::pair<std::string, core::Money>> Estimate::by_agency() const {
  std::vector<std::pair<std::string, core::Money>> out;
  for (const auto& l : lines) add_to(out, l.agency.value(), l.amount);
  return out;
}

std::vector<std::pair<std::string, core::Money>> Estimate::by_funding_source() const {
  std::vector<std::pair<std::string, core::Money>> out;
  for (const auto& l : lines) add_to(out, l.funding_source, l.amount);
  return out;
}

}  // namespace project8::budget
