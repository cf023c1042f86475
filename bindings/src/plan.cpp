// Bindings of project8::plan: the plan model, its loader, JSON and queries.
#include <pybind11/native_enum.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "casters.hpp"
#include <project8/plan/plan.hpp>

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
  auto kinds = py::native_enum<ActivityKind>(m, "ActivityKind", "enum.Enum",
                                             "What kind of work an activity is.");
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
      .def_readonly("vi", &LocalizedText::vi, "Vietnamese (required where the source gives it).")
      .def_readonly("en", &LocalizedText::en, "English; may be empty.")
      .def("in_", &LocalizedText::in, py::arg("lang"), "The text in a language (falls back to vi).")
      .def("__str__", [](const LocalizedText& t) { return t.vi; })
      .def("__repr__", [](const LocalizedText& t) { return "LocalizedText(vi='" + t.vi + "')"; });

  py::class_<Agency>(m, "Agency", "An agency named in a plan.")
      .def_property_readonly(
          "id", [](const Agency& a) { return a.id.value(); }, "Identifier used in the plan file.")
      .def_readonly("name", &Agency::name, "Name in Vietnamese and English.")
      .def_readonly("level", &Agency::level, "Its tier.")
      .def("__repr__",
           [](const Agency& a) { return "Agency('" + a.id.value() + "', '" + a.name.vi + "')"; });

  py::class_<ContentArea>(m, "ContentArea", "A content area (nội dung) 1–4.")
      .def_readonly("number", &ContentArea::number, "1 to 4.")
      .def_readonly("title", &ContentArea::title, "Its title.")
      .def("__repr__",
           [](const ContentArea& c) { return "ContentArea(" + std::to_string(c.number) + ")"; });

  py::class_<Campaign>(m, "Campaign", "A campaign or memorable day.")
      .def_readonly("id", &Campaign::id, "Identifier used by schedules.")
      .def_readonly("name", &Campaign::name, "Its name.")
      .def_readonly("date", &Campaign::date, "A single day, in the plan year.")
      .def_readonly("month", &Campaign::month, "A whole month (action months), 1–12.")
      .def("__repr__", [](const Campaign& c) { return "Campaign('" + c.id + "')"; });

  py::class_<ScheduleItem>(m, "ScheduleItem", "When an activity happens.")
      .def_readonly("month", &ScheduleItem::month, "A month of the plan year, 1–12.")
      .def_readonly("date", &ScheduleItem::date, "A day.")
      .def_readonly("period", &ScheduleItem::period, "A period (both days included), or None.")
      .def_property_readonly(
          "from_",
          [](const ScheduleItem& s) {
            return s.period ? std::optional<core::Date>(s.period->first()) : std::nullopt;
          },
          "First day of the period, or None.")
      .def_property_readonly(
          "to",
          [](const ScheduleItem& s) {
            return s.period ? std::optional<core::Date>(s.period->last()) : std::nullopt;
          },
          "Last day of the period (included), or None.")
      .def_readonly("campaign", &ScheduleItem::campaign, "Id of a Campaign, or None.");

  py::class_<Activity>(m, "Activity", "An activity of a plan.")
      .def_property_readonly(
          "id", [](const Activity& a) { return a.id.value(); }, "Identifier, e.g. A3.1.")
      .def_readonly("content_area", &Activity::content_area,
                    "1–4; empty for cross-cutting work (section V).")
      .def_readonly("kind", &Activity::kind, "What kind of work it is.")
      .def_readonly("title", &Activity::title, "Short title.")
      .def_readonly("description", &Activity::description, "What the plan says, in full.")
      .def_property_readonly(
          "lead",
          [](const Activity& a) {
            return a.lead ? std::optional<std::string>(a.lead->value()) : std::nullopt;
          },
          "The lead agency's id (chủ trì), or None.")
      .def_property_readonly(
          "support", [](const Activity& a) { return values(a.support); },
          "Supporting agencies' ids (phối hợp).")
      .def_readonly("schedule", &Activity::schedule, "When it happens (empty: through the year).")
      .def_property_readonly(
          "targets", [](const Activity& a) { return values(a.targets); },
          "Ids of the targets it counts toward.")
      .def_readonly("models", &Activity::models, "Community models it works with.")
      .def_readonly("topics", &Activity::topics, "Topics (e.g. child_marriage, home_birth).")
      .def("__repr__", [](const Activity& a) {
        return "Activity('" + a.id.value() + "', '" + a.title.vi + "')";
      });

  py::class_<Target>(m, "Target", "A quantified target of a plan.")
      .def_property_readonly(
          "id", [](const Target& t) { return t.id.value(); }, "Identifier, e.g. T3.")
      .def_readonly("content_area", &Target::content_area, "The content area it belongs to.")
      .def_readonly("title", &Target::title, "What is to be achieved.")
      .def_readonly("indicator", &Target::indicator, "How it is measured.")
      .def_readonly("unit", &Target::unit, "Unit of the quantity (e.g. \"cuộc\" / \"dialogue\").")
      .def_readonly("planned", &Target::planned, "Planned quantity (≥ 0).")
      .def_readonly("period", &Target::period, "Period of the target (default: the plan's).")
      .def_property_readonly(
          "scope",
          [](const Target& t) {
            return t.scope ? std::optional<std::string>(t.scope->value()) : std::nullopt;
          },
          "The administrative unit it covers (None: the plan's).")
      .def_readonly("aggregation", &Target::aggregation, "How achievements add up.")
      .def_readonly("disaggregations", &Target::disaggregations,
                    "Expected breakdowns (sex, ethnicity, …).")
      .def("__repr__", [](const Target& t) {
        return "Target('" + t.id.value() + "', planned=" + std::to_string(t.planned) + ")";
      });

  py::class_<Option>(m, "Option", "A named option with labels.")
      .def_readonly("id", &Option::id, "Identifier.")
      .def_readonly("label", &Option::label, "Label in Vietnamese and English.")
      .def("__repr__", [](const Option& o) { return "Option('" + o.id + "')"; });

  py::class_<CommunityModel>(m, "CommunityModel", "A community model and its attributes.")
      .def_readonly("id", &CommunityModel::id, "Identifier used by activities.")
      .def_readonly("kind", &CommunityModel::kind, "Which model.")
      .def_readonly("name", &CommunityModel::name, "Its name.")
      .def_readonly("description", &CommunityModel::description, "What it is for.")
      .def_readonly("pilot", &CommunityModel::pilot, "A pilot model (thí điểm).")
      .def_readonly("attributes", &CommunityModel::attributes,
                    "What is recorded about each instance.")
      .def_readonly("forms", &CommunityModel::forms,
                    "Forms it takes (group, cooperative group, cooperative).")
      .def_readonly("support_kinds", &CommunityModel::support_kinds,
                    "Kinds of support it receives.")
      .def("__repr__", [](const CommunityModel& c) { return "CommunityModel('" + c.id + "')"; });

  py::class_<AgencyRole>(m, "AgencyRole", "An agency's role in a responsibility group.")
      .def_property_readonly(
          "agency", [](const AgencyRole& r) { return r.agency.value(); }, "The agency's id.")
      .def_readonly("role", &AgencyRole::role, "Lead or support.");

  py::class_<Responsibility>(m, "Responsibility",
                             "One numbered group of section V (who does what).")
      .def_readonly("number", &Responsibility::number, "Its number in the plan (1–9).")
      .def_readonly("agencies", &Responsibility::agencies, "Agencies and their roles.")
      .def_readonly("duties", &Responsibility::duties, "Their duties, as the plan states them.")
      .def_property_readonly(
          "activities", [](const Responsibility& r) { return values(r.activities); },
          "Ids of the activities that carry the duties out.");

  py::class_<ProgrammeRef>(m, "ProgrammeRef", "The programme and phase a plan belongs to.")
      .def_readonly("id", &ProgrammeRef::id, "The programme, e.g. 'ntp-1719'.")
      .def_readonly("phase", &ProgrammeRef::phase, "Its phase, 1 for phase I.")
      .def("__repr__", [](const ProgrammeRef& r) {
        return "ProgrammeRef('" + r.id + "', " + std::to_string(r.phase) + ")";
      });

  py::class_<Plan>(m, "Plan", "A whole implementation plan (load with Plan.load).")
      .def_static("load", &load_plan, py::arg("path"),
                  "Loads a plan file (YAML); ParseError/ValidationError list every problem.")
      .def_static("parse", &parse_plan, py::arg("text"), py::arg("source_name") = "<text>")
      .def_static("from_json", &plan_from_json, py::arg("text"), py::arg("source_name") = "json")
      .def("to_json", &to_json, py::arg("indent") = 2, "The whole plan as JSON text.")
      .def_readonly("id", &Plan::id, "Identifier of the plan.")
      .def_readonly("title", &Plan::title, "Title.")
      .def_readonly("program", &Plan::program, "The national target program, as worded.")
      .def_readonly("programme", &Plan::programme,
                    "The programme and phase, as keys of legal.Programmes (None: not named).")
      .def(
          "check_programme",
          [](const Plan& p, const legal::Programmes& programmes) {
            if (auto problems = check_programme(p, programmes); !problems.empty()) {
              throw core::ValidationError(std::move(problems));
            }
          },
          py::arg("programmes"),
          "ValidationError when the programme or phase is unknown or the plan's period lies "
          "outside the phase.")
      .def_readonly("project", &Plan::project, "The project (Dự án 8 …).")
      .def_property_readonly(
          "issuer", [](const Plan& p) { return p.issuer.value(); }, "The issuing agency's id.")
      .def_property_readonly(
          "scope", [](const Plan& p) { return p.scope.value(); },
          "The code of the administrative unit the plan covers.")
      .def_readonly("year", &Plan::year, "Plan year.")
      .def_readonly("period", &Plan::period, "Days the plan covers.")
      .def_readonly("legal_bases", &Plan::legal_bases, "Căn cứ: the instruments it is based on.")
      .def_readonly("references", &Plan::references, "Other instruments it relies on.")
      .def_readonly("instruments", &Plan::instruments, "Records of the instruments cited.")
      .def_readonly("agencies", &Plan::agencies, "Every agency named.")
      .def_readonly("content_areas", &Plan::content_areas, "Content areas 1–4.")
      .def_readonly("targets", &Plan::targets, "II. Chỉ tiêu.")
      .def_readonly("activities", &Plan::activities, "III. Activities (and section V's own work).")
      .def_readonly("models", &Plan::models, "Community models.")
      .def_readonly("campaigns", &Plan::campaigns, "Campaigns and memorable days.")
      .def_readonly("responsibilities", &Plan::responsibilities, "V. Who does what.")
      .def(
          "agency",
          [](const Plan& p, const std::string& id) { return p.agency(core::AgencyId{id}); },
          py::arg("id"), "The agency with this id (NotFoundError otherwise).")
      .def(
          "activity",
          [](const Plan& p, const std::string& id) { return p.activity(core::ActivityId{id}); },
          py::arg("id"), "The activity with this id (NotFoundError otherwise).")
      .def(
          "target",
          [](const Plan& p, const std::string& id) { return p.target(core::TargetId{id}); },
          py::arg("id"), "The target with this id (NotFoundError otherwise).")
      .def(
          "activities_of_agency",
          [](const Plan& p, const std::string& id, std::optional<Role> role) {
            return copies(p.activities_of_agency(core::AgencyId{id}, role));
          },
          py::arg("agency"), py::arg("role") = py::none(),
          "The activities an agency leads (or, with ``include_support``, supports).")
      .def(
          "activities_in_content_area",
          [](const Plan& p, int n) { return copies(p.activities_in_content_area(n)); },
          py::arg("number"), "The activities of content area 1–4.")
      .def(
          "activities_in_month",
          [](const Plan& p, int month) { return copies(p.activities_in_month(month)); },
          py::arg("month"), "The activities scheduled in a month (1–12).")
      .def(
          "activities_toward",
          [](const Plan& p, const std::string& id) {
            return copies(p.activities_toward(core::TargetId{id}));
          },
          py::arg("target"), "The activities that count toward a target.")
      .def(
          "targets_of_content_area",
          [](const Plan& p, int n) { return copies(p.targets_of_content_area(n)); },
          py::arg("number"), "The targets of content area 1–4.")
      .def(
          "targets_of",
          [](const Plan& p, const std::string& id) {
            return copies(p.targets_of(core::ActivityId{id}));
          },
          py::arg("activity"), "The targets an activity counts toward.")
      .def("__eq__", [](const Plan& a, const Plan& b) { return a == b; })
      .def("__repr__",
           [](const Plan& p) {
             return "Plan('" + p.id + "', " + std::to_string(p.targets.size()) + " targets, " +
                    std::to_string(p.activities.size()) + " activities)";
           })
      .def(py::pickle(
          [](const Plan& p) { return py::make_tuple(to_json(p, -1)); },
          [](const py::tuple& t) { return plan_from_json(t[0].cast<std::string>(), "pickle"); }));
}
