// Bindings of project8::geo: the unit registry and the ethnic-group list.
#include <pybind11/native_enum.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "casters.hpp"
#include <project8/geo/ethnic_group.hpp>
#include <project8/geo/registry.hpp>

namespace py = pybind11;
using namespace project8;

namespace {
std::vector<std::string> values(const std::vector<core::UnitCode>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(c.value());
  return out;
}
std::vector<geo::Unit> copies(const std::vector<const geo::Unit*>& units) {
  std::vector<geo::Unit> out;
  out.reserve(units.size());
  for (const auto* u : units) out.push_back(*u);
  return out;
}
}  // namespace

void register_geo(py::module_& m) {
  py::native_enum<geo::UnitKind>(m, "UnitKind", "enum.Enum", "Tỉnh, huyện, xã, phường, …")
      .value("province", geo::UnitKind::province)
      .value("city", geo::UnitKind::city)
      .value("district", geo::UnitKind::district)
      .value("town", geo::UnitKind::town)
      .value("commune", geo::UnitKind::commune)
      .value("ward", geo::UnitKind::ward)
      .value("township", geo::UnitKind::township)
      .value("village", geo::UnitKind::village)
      .finalize();
  py::native_enum<geo::CodeStatus>(m, "CodeStatus", "enum.Enum",
                                   "Official code or local identifier.")
      .value("official", geo::CodeStatus::official)
      .value("local", geo::CodeStatus::local)
      .finalize();
  py::native_enum<geo::NameMatch>(m, "NameMatch", "enum.Enum", "Exact (case/encoding) or lenient.")
      .value("exact", geo::NameMatch::exact)
      .value("lenient", geo::NameMatch::lenient)
      .finalize();

  py::class_<geo::Unit>(m, "Unit", "An administrative unit over the days it existed.")
      .def_property_readonly(
          "code", [](const geo::Unit& u) { return u.code.value(); },
          "Its code (official, or local when code_status says so).")
      .def_readonly("code_status", &geo::Unit::code_status, "Which of the two `code` is.")
      .def_readonly("name", &geo::Unit::name, "Full Vietnamese name, NFC (e.g. \"Xã Bình Lư\").")
      .def_readonly("kind", &geo::Unit::kind, "Tỉnh, huyện, xã, …")
      .def_property_readonly(
          "parent",
          [](const geo::Unit& u) {
            return u.parent ? std::optional<std::string>(u.parent->value()) : std::nullopt;
          },
          "Its parent's code, or None.")
      .def_property_readonly(
          "valid_from", [](const geo::Unit& u) { return u.valid.first(); },
          "First day it existed (None: before the data).")
      .def_property_readonly(
          "valid_to", [](const geo::Unit& u) { return u.valid.last(); },
          "Last day it existed (None: still exists).")
      .def_readonly("confidence", &geo::Unit::confidence, "How sure the data is.")
      .def_readonly("note", &geo::Unit::note, "Sources and caveats.")
      .def("valid_on", &geo::Unit::valid_on, py::arg("day"),
           "True when the unit existed on ``day``.")
      .def("__repr__",
           [](const geo::Unit& u) { return "Unit('" + u.code.value() + "', '" + u.name + "')"; });

  py::class_<geo::ZoneClass>(m, "ZoneClass",
                             "A unit's zone class over a period (values may be unknown).")
      .def_property_readonly(
          "unit", [](const geo::ZoneClass& z) { return z.unit.value(); }, "The unit's code.")
      .def_readonly("period", &geo::ZoneClass::period, "The period the class applies to.")
      .def_property_readonly(
          "region",
          [](const geo::ZoneClass& z) {
            return z.region ? std::optional<int>(static_cast<int>(*z.region)) : std::nullopt;
          },
          "Region I, II or III (1–3), or None when not known.")
      .def_readonly("especially_difficult", &geo::ZoneClass::especially_difficult,
                    "ĐBKK commune or village flag, if known.")
      .def_readonly("instrument", &geo::ZoneClass::instrument, "The instrument that set it.")
      .def_readonly("amended_by", &geo::ZoneClass::amended_by,
                    "Instruments that amended it, in order.")
      .def_readonly("criteria", &geo::ZoneClass::criteria,
                    "The instrument setting the criteria, if separate.")
      .def_readonly("confidence", &geo::ZoneClass::confidence, "How sure the data is.")
      .def_readonly("note", &geo::ZoneClass::note, "Why a value is empty, sources.");

  py::class_<geo::Registry>(m, "Registry",
                            "Administrative units with their lineage and zone classes.")
      .def(py::init<>(), "An empty registry.")
      .def_static("load", &geo::Registry::load, py::arg("path"), "Loads a registry file (YAML).")
      .def_static("parse", &geo::Registry::parse, py::arg("text"),
                  py::arg("source_name") = "<text>")
      .def(py::pickle(
          [](const geo::Registry& r) { return py::make_tuple(r.source_text(), r.source_name()); },
          [](const py::tuple& t) {
            const auto text = t[0].cast<std::string>();
            return text.empty() ? geo::Registry()
                                : geo::Registry::parse(text, t[1].cast<std::string>());
          }))
      .def(
          "units",
          [](const geo::Registry& r, std::optional<core::Date> on) {
            return on ? copies(r.units(*on)) : r.units();
          },
          py::arg("on") = py::none(),
          "Every unit in file order, or only those that existed on ``on``.")
      .def(
          "unit",
          [](const geo::Registry& r, const std::string& code, std::optional<core::Date> on) {
            return on ? r.unit(core::UnitCode{code}, *on) : r.unit(core::UnitCode{code});
          },
          py::arg("code"), py::arg("on") = py::none(),
          "The unit with a code on a day (codes are reused: 03390 is Thị trấn Tam Đường "
          "until 2025-06-30, Xã Bình Lư from 2025-07-01). Without ``on``, only a code that "
          "has named one unit is accepted; NotFoundError / InvalidArgument otherwise.")
      .def(
          "units_with_code",
          [](const geo::Registry& r, const std::string& code) {
            return copies(r.units_with_code(core::UnitCode{code}));
          },
          py::arg("code"), "Every unit that has carried a code, in time order.")
      .def(
          "children",
          [](const geo::Registry& r, const std::string& code, core::Date d) {
            return copies(r.children(core::UnitCode{code}, d));
          },
          py::arg("code"), py::arg("day"), "The units under a code that existed on a date.")
      .def(
          "successors",
          [](const geo::Registry& r, const std::string& c, core::Date on) {
            return copies(r.successors(r.unit(core::UnitCode{c}, on)));
          },
          py::arg("code"), py::arg("on"),
          "The units directly created from the unit with a code on a day.")
      .def(
          "predecessors",
          [](const geo::Registry& r, const std::string& c, core::Date on) {
            return copies(r.predecessors(r.unit(core::UnitCode{c}, on)));
          },
          py::arg("code"), py::arg("on"),
          "The units the unit with a code on a day was directly created from.")
      .def(
          "has_external_predecessors",
          [](const geo::Registry& r, const std::string& c, core::Date on) {
            return r.has_external_predecessors(r.unit(core::UnitCode{c}, on));
          },
          py::arg("code"), py::arg("on"),
          "True when some predecessor lies outside the data (the unit is then only partly "
          "covered).")
      .def(
          "map_to_date",
          [](const geo::Registry& r, const std::string& c, core::Date from, core::Date to) {
            return values(r.map_to_date(core::UnitCode{c}, from, to));
          },
          py::arg("code"), py::arg("from_"), py::arg("to"),
          "Codes of the units covering, on `to`, what `code` covered on `from_`.")
      .def(
          "find_by_name",
          [](const geo::Registry& r, const std::string& name, geo::NameMatch match,
             std::optional<core::Date> on) { return copies(r.find_by_name(name, match, on)); },
          py::arg("name"), py::arg("match") = geo::NameMatch::exact, py::arg("on") = py::none(),
          "Units whose name matches, with or without the administrative prefix (lenient: also "
          "without diacritics).")
      .def(
          "is_within",
          [](const geo::Registry& r, const std::string& c, const std::string& a, core::Date on) {
            return r.is_within(r.unit(core::UnitCode{c}, on), core::UnitCode{a});
          },
          py::arg("code"), py::arg("ancestor"), py::arg("on"),
          "True when the unit with a code on a day lies under an ancestor (or is it).")
      .def(
          "zone",
          [](const geo::Registry& r, const std::string& c, core::Date d) {
            const auto* z = r.zone(core::UnitCode{c}, d);
            return z ? std::optional<geo::ZoneClass>(*z) : std::nullopt;
          },
          py::arg("code"), py::arg("day"),
          "The zone class recorded for a unit in force on a date, or None.")
      .def(
          "zones_in_force",
          [](const geo::Registry& r, const std::string& c, core::Date d) {
            std::vector<geo::ZoneClass> out;
            for (const auto* z : r.zones_in_force(core::UnitCode{c}, d)) out.push_back(*z);
            return out;
          },
          py::arg("code"), py::arg("day"),
          "The zone classes in force on a date for a unit's territory: its own, else those of "
          "the units it was formed from.")
      .def("__len__", [](const geo::Registry& r) { return r.units().size(); })
      .def("__repr__", [](const geo::Registry& r) {
        return "Registry(" + std::to_string(r.units().size()) + " units, " +
               std::to_string(r.lineage().size()) + " lineage events)";
      });

  py::class_<geo::EthnicGroup>(m, "EthnicGroup", "One ethnic group of a code list.")
      .def_readonly("code", &geo::EthnicGroup::code, "Code in its list (1 = Kinh).")
      .def_readonly("name", &geo::EthnicGroup::name, "Vietnamese name, NFC.")
      .def_readonly("note", &geo::EthnicGroup::note,
                    "Why a code is provisional or disputed, with the sources.")
      .def_readonly("other_names", &geo::EthnicGroup::other_names,
                    "Other names the list gives, if bundled.")
      .def_readonly("ethnic_minority", &geo::EthnicGroup::ethnic_minority, "Every group but Kinh.")
      .def_readonly("status", &geo::EthnicGroup::status, "Was the code verified?")
      .def("__repr__", [](const geo::EthnicGroup& g) {
        return "EthnicGroup(" + std::to_string(g.code) + ", '" + g.name + "')";
      });

  py::class_<geo::EthnicGroupList>(m, "EthnicGroupList", "A code list of ethnic groups.")
      .def_static("load", &geo::EthnicGroupList::load, py::arg("path"))
      .def_property_readonly("source", &geo::EthnicGroupList::source,
                             "The instrument the list comes from.")
      .def_property_readonly("groups", &geo::EthnicGroupList::groups, "The groups, in code order.")
      .def("get", &geo::EthnicGroupList::get, py::arg("code"), py::return_value_policy::copy,
           "The group with an official code (NotFoundError otherwise).")
      .def(
          "find_by_name",
          [](const geo::EthnicGroupList& l, const std::string& n) {
            const auto* g = l.find_by_name(n);
            return g ? std::optional<geo::EthnicGroup>(*g) : std::nullopt;
          },
          py::arg("name"), "The groups whose name or other name matches.")
      .def("__len__", [](const geo::EthnicGroupList& l) { return l.groups().size(); });
}
