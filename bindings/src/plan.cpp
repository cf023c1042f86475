// Bindings of project8::plan: the plan model, its loader, JSON and queries.
#include <project8/plan/plan.hpp>

#include <pybind11/native_enum.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "casters.hpp"

namespace py = pybind11;
using namespace project8;
using namespace project8::plan;

namespace {
template <class Id>
std::vector<std::string> values(const std::vector<Id>& ids) {
  std::vector<std::string> out;
  for (const auto& i : ids) out.push_back(i.value());
  return out;
}
template <class T>
std::vector<T> copies(const std::vector<const T*>& items) {
  std::vector<T> out;
  for (const auto* i : items) out.push_back(*i);
  return out;
}
}  // namespace

void register_plan(py::module_& m) {
  py::native_enum<Language>(m, "Language", "enum.Enum", "vi (default for reports) or en.")
      .value("vi", Language::vi)
      .value("en", Language::en)
      .finalize();
  py::native_enum<AgencyLevel>(m, "AgencyLevel", "enum.Enum", "Tier of an agency.")
      .value("central", AgencyLevel::central)
      .value("province", AgencyLevel::province)
      .value("district", AgencyLevel::district)
      .value("commune", AgencyLevel::commune)
      .finalize();
  py::native_enum<Role>(m, "Role", "enum.Enum", "Lead (chủ trì) or support (phối hợp).")
      .value("lead", Role::lead)
      .value("support", Role::support)
      .finalize();
  auto kinds = py::native_enum<ActivityKind>(m, "ActivityKind", "enum.Enum", "What kind of work an activity is.");
  for (auto k : {ActivityKind::communication, ActivityKind::training, ActivityKind::dialogue,
                 ActivityKind::contest, ActivityKind::model_support, ActivityKind::policy_package,
                 ActivityKind::case_support, ActivityKind::monitoring, ActivityKind::inspection,
                 ActivityKind::review, ActivityKind::survey, ActivityKind::planning,
                 ActivityKind::appraisal, ActivityKind::reporting, ActivityKind::other}) {
    kinds.value(std::string(to_string(k)).c_str(), k);
  }
  kinds.finalize();
  py::native_enum<Aggregation>(m, "Aggregation", "enum.Enum", "How a target's achievements add up.")
      .value("sum", Aggregation::sum)
      .value("count_distinct", Aggregation::count_distinct)
      .value("ratio", Aggregation::ratio)
      .value("latest", Aggregation::latest)
      .finalize();
  py::native_enum<ModelKind>(m, "ModelKind", "enum.Enum", "The kinds of community model.")
      .value("communication_team", ModelKind::communication_team)
      .value("trusted_address", ModelKind::trusted_address)
      .value("change_leaders_club", ModelKind::change_leaders_club)
      .value("livelihood_group", ModelKind::livelihood_group)
      .value("trafficking_victim_livelihood", ModelKind::trafficking_victim_livelihood)
      .finalize();

  py::class_<LocalizedText>(m, "LocalizedText", "A text in Vietnamese and English.")
      .def_readonly("vi", &LocalizedText::vi)
      .def_readonly("en", &LocalizedText::en)
      .def("in_", &LocalizedText::in, py::arg("lang"), "The text in a language (falls back to vi).")
      .def("__str__", [](const LocalizedText& t) { return t.vi; })
      .def("__repr__", [](const LocalizedText& t) { return "LocalizedText(vi='" + t.vi + "')"; });

  py::class_<Agency>(m, "Agency", "An agency named in a plan.")
      .def_property_readonly("id", [](const Agency& a) { return a.id.value(); })
      .def_readonly("name", &Agency::name)
      .def_readonly("level", &Agency::level)
      .def("__repr__", [](const Agency& a) { return "Agency('" + a.id.value() + "', '" + a.name.vi + "')"; });

  py::class_<ContentArea>(m, "ContentArea", "A content area (nội dung) 1–4.")
      .def_readonly("number", &ContentArea::number)
      .def_readonly("title", &ContentArea::title)
      .def("__repr__", [](const ContentArea& c) { return "ContentArea(" + std::to_string(c.number) + ")"; });

  py::class_<Campaign>(m, "Campaign", "A campaign or memorable day.")
      .def_readonly("id", &Campaign::id)
      .def_readonly("name", &Campaign::name)
      .def_readonly("date", &Campaign::date)
      .def_readonly("month", &Campaign::month)
      .def("__repr__", [](const Campaign& c) { return "Campaign('" + c.id + "')"; });

  py::class_<ScheduleItem>(m, "ScheduleItem", "When an activity happens.")
      .def_readonly("month", &ScheduleItem::month)
      .def_readonly("date", &ScheduleItem::date)
      .def_readonly("from_", &ScheduleItem::from)
      .def_readonly("to", &ScheduleItem::to)
      .def_readonly("campaign", &ScheduleItem::campaign);

  py::class_<Activity>(m, "Activity", "An activity of a plan.")
      .def_property_readonly("id", [](const Activity& a) { return a.id.value(); })
      .def_readonly("content_area", &Activity::content_area)
      .def_readonly("kind", &Activity::kind)
      .def_readonly("title", &Activity::title)
      .def_readonly("description", &Activity::description)
      .def_property_readonly("lead", [](const Activity& a) {
        return a.lead ? std::optional<std::string>(a.lead->value()) : std::nullopt;
      })
      .def_property_readonly("support", [](const Activity& a) { return values(a.support); })
      .def_readonly("schedule", &Activity::schedule)
      .def_property_readonly("targets", [](const Activity& a) { return values(a.targets); })
      .def_readonly("models", &Activity::models)
      .def_readonly("topics", &Activity::topics)
      .def("__repr__", [](const Activity& a) { return "Activity('" + a.id.value() + "', '" + a.title.vi + "')"; });

  py::class_<Target>(m, "Target", "A quantified target of a plan.")
      .def_property_readonly("id", [](const Target& t) { return t.id.value(); })
      .def_readonly("content_area", &Target::content_area)
      .def_readonly("title", &Target::title)
      .def_readonly("indicator", &Target::indicator)
      .def_readonly("unit", &Target::unit)
      .def_readonly("planned", &Target::planned)
      .def_readonly("period", &Target::period)
      .def_property_readonly("scope", [](const Target& t) {
        return t.scope ? std::optional<std::string>(t.scope->value()) : std::nullopt;
      })
      .def_readonly("aggregation", &Target::aggregation)
      .def_readonly("disaggregations", &Target::disaggregations)
      .def("__repr__", [](const Target& t) {
        return "Target('" + t.id.value() + "', planned=" + std::to_string(t.planned) + ")";
      });

  py::class_<Option>(m, "Option", "A named option with labels.")
      .def_readonly("id", &Option::id)
      .def_readonly("label", &Option::label)
      .def("__repr__", [](const Option& o) { return "Option('" + o.id + "')"; });

  py::class_<CommunityModel>(m, "CommunityModel", "A community model and its attributes.")
      .def_readonly("id", &CommunityModel::id)
      .def_readonly("kind", &CommunityModel::kind)
      .def_readonly("name", &CommunityModel::name)
      .def_readonly("description", &CommunityModel::description)
      .def_readonly("pilot", &CommunityModel::pilot)
      .def_readonly("attributes", &CommunityModel::attributes)
      .def_readonly("forms", &CommunityModel::forms)
      .def_readonly("support_kinds", &CommunityModel::support_kinds)
      .def("__repr__", [](const CommunityModel& c) { return "CommunityModel('" + c.id + "')"; });

  py::class_<AgencyRole>(m, "AgencyRole", "An agency's role in a responsibility group.")
      .def_property_readonly("agency", [](const AgencyRole& r) { return r.agency.value(); })
      .def_readonly("role", &AgencyRole::role);

  py::class_<Responsibility>(m, "Responsibility", "One numbered group of section V (who does what).")
      .def_readonly("number", &Responsibility::number)
      .def_readonly("agencies", &Responsibility::agencies)
      .def_readonly("duties", &Responsibility::duties)
      .def_property_readonly("activities", [](const Responsibility& r) { return values(r.activities); });

  py::class_<Plan>(m, "Plan", "A whole implementation plan (load with Plan.load).")
      .def_static("load", &load_plan, py::arg("path"),
                  "Loads a plan file (YAML); ParseError/ValidationError list every problem.")
      .def_static("parse", &parse_plan, py::arg("text"), py::arg("source_name") = "<text>")
      .def_static("from_json", &plan_from_json, py::arg("text"), py::arg("source_name") = "json")
      .def("to_json", &to_json, py::arg("indent") = 2, "The whole plan as JSON text.")
      .def_readonly("id", &Plan::id)
      .def_readonly("title", &Plan::title)
      .def_readonly("program", &Plan::program)
      .def_readonly("project", &Plan::project)
      .def_property_readonly("issuer", [](const Plan& p) { return p.issuer.value(); })
      .def_property_readonly("scope", [](const Plan& p) { return p.scope.value(); })
      .def_readonly("year", &Plan::year)
      .def_readonly("period", &Plan::period)
      .def_readonly("legal_bases", &Plan::legal_bases)
      .def_readonly("references", &Plan::references)
      .def_readonly("instruments", &Plan::instruments)
      .def_readonly("agencies", &Plan::agencies)
      .def_readonly("content_areas", &Plan::content_areas)
      .def_readonly("targets", &Plan::targets)
      .def_readonly("activities", &Plan::activities)
      .def_readonly("models", &Plan::models)
      .def_readonly("campaigns", &Plan::campaigns)
      .def_readonly("responsibilities", &Plan::responsibilities)
      .def("agency", [](const Plan& p, const std::string& id) { return p.agency(core::AgencyId{id}); }, py::arg("id"))
      .def("activity", [](const Plan& p, const std::string& id) { return p.activity(core::ActivityId{id}); }, py::arg("id"))
      .def("target", [](const Plan& p, const std::string& id) { return p.target(core::TargetId{id}); }, py::arg("id"))
      .def("activities_of_agency", [](const Plan& p, const std::string& id, std::optional<Role> role) {
             return copies(p.activities_of_agency(core::AgencyId{id}, role));
           }, py::arg("agency"), py::arg("role") = py::none())
      .def("activities_in_content_area", [](const Plan& p, int n) {
             return copies(p.activities_in_content_area(n));
           }, py::arg("number"))
      .def("activities_in_month", [](const Plan& p, int month) { return copies(p.activities_in_month(month)); },
           py::arg("month"))
      .def("activities_toward", [](const Plan& p, const std::string& id) {
             return copies(p.activities_toward(core::TargetId{id}));
           }, py::arg("target"))
      .def("targets_of_content_area", [](const Plan& p, int n) { return copies(p.targets_of_content_area(n)); },
           py::arg("number"))
      .def("targets_of", [](const Plan& p, const std::string& id) {
             return copies(p.targets_of(core::ActivityId{id}));
           }, py::arg("activity"))
      .def("__eq__", [](const Plan& a, const Plan& b) { return a == b; })
      .def("__repr__", [](const Plan& p) {
        return "Plan('" + p.id + "', " + std::to_string(p.targets.size()) + " targets, " +
               std::to_string(p.activities.size()) + " activities)";
      })
      .def(py::pickle([](const Plan& p) { return py::make_tuple(to_json(p, -1)); },
                      [](const py::tuple& t) { return plan_from_json(t[0].cast<std::string>(), "pickle"); }));
}
