// Bindings of project8::legal: instruments, citations, dated parameters.
#include <cstdint>

#include <pybind11/native_enum.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "casters.hpp"
#include <project8/legal/instrument.hpp>
#include <project8/legal/parameter.hpp>
#include <project8/legal/programme.hpp>

namespace py = pybind11;
using namespace project8;

void register_legal(py::module_& m) {
  py::native_enum<legal::InstrumentType>(m, "InstrumentType", "enum.Enum",
                                         "Kind of legal instrument.")
      .value("law", legal::InstrumentType::law)
      .value("resolution", legal::InstrumentType::resolution)
      .value("decree", legal::InstrumentType::decree)
      .value("decision", legal::InstrumentType::decision)
      .value("circular", legal::InstrumentType::circular)
      .value("guidance", legal::InstrumentType::guidance)
      .value("plan", legal::InstrumentType::plan)
      .value("official_letter", legal::InstrumentType::official_letter)
      .value("other", legal::InstrumentType::other)
      .finalize();
  py::native_enum<legal::Confidence>(m, "Confidence", "enum.Enum",
                                     "How sure the data is: seen, inferred or unknown.")
      .value("seen", legal::Confidence::seen)
      .value("inferred", legal::Confidence::inferred)
      .value("news", legal::Confidence::news)
      .value("unknown", legal::Confidence::unknown)
      .finalize();
  py::native_enum<legal::ValueStatus>(m, "ValueStatus", "enum.Enum",
                                      "Whether a parameter value was verified.")
      .value("verified", legal::ValueStatus::verified)
      .value("provisional", legal::ValueStatus::provisional)
      .value("disputed", legal::ValueStatus::disputed)
      .finalize();

  py::class_<legal::Citation>(m, "Citation",
                              "A reference to an instrument (and article, clause, point).")
      .def(py::init([](const std::string& instrument, std::string article, std::string clause,
                       std::string point, std::string note) {
             return legal::Citation{core::InstrumentId{instrument}, std::move(article),
                                    std::move(clause), std::move(point), std::move(note)};
           }),
           py::arg("instrument"), py::arg("article") = "", py::arg("clause") = "",
           py::arg("point") = "", py::arg("note") = "")
      .def_property_readonly(
          "instrument", [](const legal::Citation& c) { return c.instrument.value(); },
          "The instrument's number, e.g. 55/2023/TT-BTC.")
      .def_readonly("article", &legal::Citation::article,
                    "Điều (article), e.g. \"44\"; may be empty.")
      .def_readonly("clause", &legal::Citation::clause, "Khoản (clause), e.g. \"2\"; may be empty.")
      .def_readonly("point", &legal::Citation::point, "Điểm (point), e.g. \"a\"; may be empty.")
      .def_readonly("note", &legal::Citation::note, "Free text (e.g. \"dated 14/10/2022\").")
      .def("__str__", &legal::Citation::to_string)
      .def("__repr__", [](const legal::Citation& c) { return "Citation('" + c.to_string() + "')"; })
      .def("__eq__", [](const legal::Citation& a, const legal::Citation& b) { return a == b; });

  py::class_<legal::Instrument>(m, "Instrument", "A legal instrument such as '1719/QĐ-TTg'.")
      .def_property_readonly(
          "id", [](const legal::Instrument& i) { return i.id.value(); },
          "Its number, e.g. 1719/QĐ-TTg.")
      .def_readonly("type", &legal::Instrument::type, "Decision, circular, …")
      .def_readonly("issuer", &legal::Instrument::issuer, "Who issued it (e.g. \"Bộ Tài chính\").")
      .def_readonly("title", &legal::Instrument::title, "Its title or subject, in Vietnamese.")
      .def_readonly("signed_on", &legal::Instrument::signed_on, "Date of signature, if known.")
      .def_property_readonly(
          "effective_from", [](const legal::Instrument& i) { return i.effective.first(); },
          "First day in force, if known.")
      .def_property_readonly(
          "effective_to", [](const legal::Instrument& i) { return i.effective.last(); },
          "Last day in force, if known.")
      .def_readonly("confidence", &legal::Instrument::confidence, "How sure the data is.")
      .def_readonly("note", &legal::Instrument::note, "Sources and caveats.")
      .def("in_force", &legal::Instrument::in_force, py::arg("day"),
           "True when known to be in force.")
      .def("__repr__",
           [](const legal::Instrument& i) { return "Instrument('" + i.id.value() + "')"; });

  using Value = legal::ParameterValue<std::int64_t>;
  py::class_<Value>(m, "ParameterValue", "One value of a parameter and the days it is in force.")
      .def_property_readonly(
          "from_", [](const Value& v) { return *v.effective.first(); }, "First day in force.")
      .def_property_readonly(
          "to", [](const Value& v) { return v.effective.last(); },
          "Last day in force (inclusive); None when open-ended.")
      .def_readonly("value", &Value::value, "The value.")
      .def_readonly("source", &Value::source, "Where the value comes from.")
      .def_readonly("status", &Value::status, "Verified or provisional.")
      .def_readonly("note", &Value::note, "Caveats (e.g. \"start is the signing date\").")
      .def("covers", &Value::covers, py::arg("day"), "True when the value is in force on ``day``.")
      .def("__repr__", [](const Value& v) {
        return "ParameterValue(" + std::to_string(v.value) + " from " +
               core::to_iso(*v.effective.first()) + ", " + std::string(legal::to_string(v.status)) +
               ")";
      });

  using Param = legal::Parameter<std::int64_t>;
  py::class_<Param>(m, "Parameter", "A named integer value history by effective date (e.g. đồng).")
      .def(py::init<std::string, std::string>(), py::arg("name"), py::arg("unit"))
      .def_property_readonly("name", &Param::name, "The parameter's name.")
      .def_property_readonly("unit", &Param::unit, "Its unit (VND, visits, days …).")
      .def_property_readonly("values", &Param::values, "Its dated values, in date order.")
      .def(
          "add",
          [](Param& p, core::Date from, std::optional<core::Date> to, std::int64_t value,
             const legal::Citation& source, legal::ValueStatus status, std::string note) {
            p.add(Value{core::DateRange(from, to), value, source, status, std::move(note)});
          },
          py::arg("from_"), py::arg("to"), py::arg("value"), py::arg("source"),
          py::arg("status") = legal::ValueStatus::provisional, py::arg("note") = "",
          "Adds a value; ValidationError when periods overlap.")
      .def("at", &Param::at, py::arg("day"), py::return_value_policy::reference_internal,
           "The value in force on a day; NotFoundError naming parameter and day otherwise.")
      .def("__repr__", [](const Param& p) {
        return "Parameter('" + p.name() + "', " + std::to_string(p.values().size()) + " values)";
      });

  py::class_<legal::ProgrammeProject>(m, "ProgrammeProject",
                                      "A project (dự án) of a programme phase, e.g. Dự án 8.")
      .def_readonly("number", &legal::ProgrammeProject::number, "Its number in the phase.")
      .def_readonly("title", &legal::ProgrammeProject::title, "Its title.")
      .def_readonly("confidence", &legal::ProgrammeProject::confidence, "How sure the data is.")
      .def_readonly("note", &legal::ProgrammeProject::note, "Sources and caveats.");
  py::class_<legal::ProgrammePhase>(m, "ProgrammePhase", "A phase (giai đoạn) of a programme.")
      .def_readonly("number", &legal::ProgrammePhase::number, "1 for phase I.")
      .def_readonly("period", &legal::ProgrammePhase::period, "The years it covers.")
      .def_readonly("approved_by", &legal::ProgrammePhase::approved_by,
                    "The decision approving it, if any.")
      .def_readonly("projects", &legal::ProgrammePhase::projects, "Its projects, as far as known.")
      .def_readonly("confidence", &legal::ProgrammePhase::confidence, "How sure the data is.")
      .def_readonly("note", &legal::ProgrammePhase::note, "Sources, and what was not found.");
  py::class_<legal::Programme>(m, "Programme",
                               "A national target programme (chương trình mục tiêu quốc gia).")
      .def_readonly("id", &legal::Programme::id, "Stable key, e.g. 'ntp-1719'.")
      .def_readonly("name", &legal::Programme::name, "Its name.")
      .def_readonly("period", &legal::Programme::period, "The years it covers.")
      .def_readonly("investment_policy", &legal::Programme::investment_policy,
                    "The resolution approving its investment policy, if any.")
      .def_readonly("phases", &legal::Programme::phases, "Its phases, in order.")
      .def_readonly("merged_into", &legal::Programme::merged_into,
                    "The programme that continues it, if any.")
      .def_readonly("confidence", &legal::Programme::confidence, "How sure the data is.")
      .def_readonly("note", &legal::Programme::note, "Sources and caveats.")
      .def("__repr__", [](const legal::Programme& p) { return "Programme('" + p.id + "')"; });
  py::class_<legal::Programmes>(m, "Programmes",
                                "The national target programmes a plan may belong to.")
      .def_static("load", &legal::Programmes::load, py::arg("path"),
                  "Loads a list (YAML, schema project8/programmes/1).")
      .def_static("parse", &legal::Programmes::parse, py::arg("text"),
                  py::arg("source_name") = "<text>")
      .def_property_readonly("programmes", &legal::Programmes::programmes,
                             "Every programme, in file order.")
      .def(
          "get", [](const legal::Programmes& l, const std::string& id) { return l.get(id); },
          py::arg("id"), "The programme with an id; NotFoundError listing the known ids otherwise.")
      .def(
          "phase",
          [](const legal::Programmes& l, const std::string& id, int number) {
            return l.phase(id, number);
          },
          py::arg("id"), py::arg("number"), "A phase of a programme; NotFoundError otherwise.")
      .def(
          "in_force",
          [](const legal::Programmes& l, core::Date d) {
            std::vector<legal::Programme> out;
            for (const auto* p : l.in_force(d)) out.push_back(*p);
            return out;
          },
          py::arg("day"), "The programmes with a phase in force on a day.")
      .def("__len__", [](const legal::Programmes& l) { return l.programmes().size(); });
}
