// Bindings of project8::tracking: records, progress, aggregation, calendar, quality.
// Results cross as lists of tuples; project8/tracking.py turns them into DataFrames.
#include <pybind11/native_enum.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "casters.hpp"
#include "columns.hpp"
#include <project8/tracking/quality.hpp>

namespace py = pybind11;
using namespace project8;

namespace {

py::tuple progress_row(const tracking::TargetProgress& t) {
  return py::make_tuple(t.target.value(),
                        t.unit ? py::object(py::str(t.unit->value())) : py::object(py::none()),
                        std::string(plan::to_string(t.aggregation)), t.planned, t.achieved,
                        t.percent ? py::object(py::float_(*t.percent)) : py::object(py::none()),
                        std::string(tracking::to_string(t.status)), t.records, t.breakdown.female,
                        t.breakdown.male, t.breakdown.ethnic_minority, t.breakdown.kinh);
}

}  // namespace

void register_tracking(py::module_& m) {
  py::class_<tracking::Record>(m, "Record", "One achievement record.")
      .def(
          py::init([](core::Date date, const std::string& unit, const std::string& target,
                      std::int64_t quantity, std::optional<std::int64_t> denominator,
                      const std::string& entity_id, std::optional<std::int64_t> female,
                      std::optional<std::int64_t> male, std::optional<std::int64_t> ethnic_minority,
                      std::optional<std::int64_t> kinh, std::optional<core::Date> filed,
                      const std::string& note, const std::string& source,
                      std::optional<std::string> agency,
                      const std::map<std::string, std::int64_t>& other) {
            tracking::Record r;
            r.date = date;
            r.unit = core::UnitCode{unit};
            r.target = target;
            r.quantity = quantity;
            r.denominator = denominator;
            r.entity_id = entity_id;
            r.counts = {female, male, ethnic_minority, kinh, other};
            if (agency) r.agency = core::AgencyId{*agency};
            r.filed = filed;
            r.note = note;
            r.source = source;
            return r;
          }),
          py::arg("date"), py::arg("unit"), py::arg("target"), py::arg("quantity"),
          py::arg("denominator") = py::none(), py::arg("entity_id") = "",
          py::arg("female") = py::none(), py::arg("male") = py::none(),
          py::arg("ethnic_minority") = py::none(), py::arg("kinh") = py::none(),
          py::arg("filed") = py::none(), py::arg("note") = "", py::arg("source") = "",
          py::arg("agency") = py::none(), py::arg("other") = std::map<std::string, std::int64_t>{})
      .def_readonly("date", &tracking::Record::date, "When it happened.")
      .def_property_readonly(
          "unit", [](const tracking::Record& r) { return r.unit.value(); }, "The unit's code.")
      .def_readonly("target", &tracking::Record::target, "Target id or activity id of the plan.")
      .def_readonly("quantity", &tracking::Record::quantity,
                    "How much (events, groups, numerator of a ratio, stock).")
      .def_readonly("entity_id", &tracking::Record::entity_id,
                    "Which entity (e.g. which livelihood group); may be empty.")
      .def_readonly("filed", &tracking::Record::filed, "The day it was reported, if known.")
      .def("__repr__", [](const tracking::Record& r) {
        return "Record(" + core::to_iso(r.date) + ", '" + r.unit.value() + "', '" + r.target +
               "', " + std::to_string(r.quantity) + ")";
      });

  py::class_<tracking::RecordSet>(m, "RecordSet",
                                  "Records checked against one plan and one unit registry.")
      .def(py::init<std::vector<tracking::Record>, const plan::Plan&, const geo::Registry&>(),
           py::arg("records"), py::arg("plan"), py::arg("units"),
           "Checks records (every problem at once, as a ValidationError).")
      .def_static("load", &tracking::load_records, py::arg("path"), py::arg("plan"),
                  py::arg("units"), "Reads and checks a records CSV.")
      .def_static("parse", &tracking::parse_records, py::arg("text"), py::arg("source_name"),
                  py::arg("plan"), py::arg("units"), "Reads and checks records from CSV text.")
      .def_property_readonly("records", &tracking::RecordSet::records,
                             "The records, in the order given.")
      .def("_columns",
           [](const tracking::RecordSet& s) {
             return bindings::records_to_python(tracking::record_schema(), s.records());
           })
      .def("__len__", &tracking::RecordSet::size)
      .def("__repr__", [](const tracking::RecordSet& s) {
        return "RecordSet(" + std::to_string(s.size()) + " records)";
      });

  py::class_<tracking::Calendar>(m, "Calendar",
                                 "A reporting calendar (schema project8/calendar/1).")
      .def_static("load", &tracking::Calendar::load, py::arg("path"))
      .def_property_readonly("instrument", &tracking::Calendar::instrument,
                             "The instrument that sets the calendar.")
      .def_property_readonly("not_found", &tracking::Calendar::not_found,
                             "What the sources did not give (listed, not invented).")
      .def(
          "due_dates",
          [](const tracking::Calendar& c, int year, const std::string& level) {
            std::vector<std::tuple<std::string, core::Date, core::Date, core::Date>> out;
            for (const auto& d : c.due_dates(year, level))
              out.emplace_back(d.report, d.covers.first(), d.covers.last(), d.last_day);
            return out;
          },
          py::arg("year"), py::arg("level") = "commune",
          "(report, covers_from, covers_to, last_day) for a year and a level.");

  m.def(
      "_progress",
      [](const plan::Plan& p, const geo::Registry& units, const tracking::RecordSet& records,
         core::Date as_of) {
        const auto pr = tracking::progress(p, units, records, as_of);
        py::list targets;
        py::list by_unit;
        py::list issues;
        for (const auto& t : pr.targets) targets.append(progress_row(t));
        for (const auto& t : pr.by_unit) by_unit.append(progress_row(t));
        for (const auto& s : pr.scope_issues)
          issues.append(py::make_tuple(s.record, s.location.line, s.unit.value(), s.kind));
        return py::make_tuple(targets, by_unit, issues);
      },
      py::arg("plan"), py::arg("units"), py::arg("records"), py::arg("as_of"));
  m.def(
      "_aggregate",
      [](const plan::Plan& p, const geo::Registry& units, const tracking::RecordSet& records,
         core::PeriodKind kind, core::Date as_of, bool by_unit) {
        std::vector<std::tuple<std::string, std::optional<std::string>, std::string, double, double,
                               std::size_t>>
            out;
        for (const auto& c : tracking::aggregate(p, units, records, kind, as_of, by_unit)) {
          out.emplace_back(c.target.value(),
                           c.unit ? std::optional<std::string>(c.unit->value()) : std::nullopt,
                           c.period, c.value, c.year_to_date, c.records);
        }
        return out;
      },
      py::arg("plan"), py::arg("units"), py::arg("records"), py::arg("kind"), py::arg("as_of"),
      py::arg("by_unit"));
  m.def(
      "_aggregate_columns",
      [](const plan::Plan& p, const geo::Registry& units, std::size_t rows, const py::array& dates,
         const py::object& date_valid, const py::array& unit_codes,
         const std::vector<std::string>& unit_cats, const py::array& target_codes,
         const std::vector<std::string>& target_cats, const py::array& quantity,
         const py::object& entity_codes, const std::vector<std::string>& entity_cats,
         core::PeriodKind kind, core::Date as_of, bool by_unit) {
        std::vector<data::Field> fields{{"date", data::ColumnType::date, {}},
                                        {"unit", data::ColumnType::enumeration, unit_cats},
                                        {"target", data::ColumnType::enumeration, target_cats},
                                        {"quantity", data::ColumnType::integer, {}}};
        std::vector<data::Column> cols{
            bindings::borrow("date", data::ColumnType::date, dates, date_valid, rows),
            bindings::borrow("unit", data::ColumnType::enumeration, unit_codes, py::none(), rows),
            bindings::borrow("target", data::ColumnType::enumeration, target_codes, py::none(),
                             rows),
            bindings::borrow("quantity", data::ColumnType::integer, quantity, py::none(), rows)};
        if (!entity_codes.is_none()) {
          const auto e = py::reinterpret_borrow<py::tuple>(entity_codes);
          fields.push_back({"entity_id", data::ColumnType::enumeration, entity_cats});
          cols.push_back(bindings::borrow("entity_id", data::ColumnType::enumeration,
                                          py::reinterpret_borrow<py::array>(e[0]), e[1], rows));
        }
        const data::Table table(data::Schema(std::move(fields)), std::move(cols));
        tracking::ColumnAggregate agg;
        {
          py::gil_scoped_release release;
          agg = tracking::aggregate_columns(p, units, table, kind, as_of, by_unit);
        }
        std::vector<std::tuple<std::string, std::optional<std::string>, std::string, double, double,
                               std::size_t>>
            out;
        for (const auto& c : agg.cells) {
          out.emplace_back(c.target.value(),
                           c.unit ? std::optional<std::string>(c.unit->value()) : std::nullopt,
                           c.period, c.value, c.year_to_date, c.records);
        }
        return py::make_tuple(out, agg.scope_ambiguous, agg.out_of_scope, agg.after_as_of);
      },
      py::arg("plan"), py::arg("units"), py::arg("rows"), py::arg("dates"), py::arg("date_valid"),
      py::arg("unit_codes"), py::arg("unit_cats"), py::arg("target_codes"), py::arg("target_cats"),
      py::arg("quantity"), py::arg("entity_codes"), py::arg("entity_cats"), py::arg("kind"),
      py::arg("as_of"), py::arg("by_unit"));
  m.def(
      "_quality",
      [](const plan::Plan& p, const geo::Registry& units, const tracking::RecordSet& records,
         const tracking::Calendar* calendar, const std::string& lang) {
        std::vector<std::tuple<std::size_t, std::optional<std::size_t>, std::string, std::string>>
            out;
        for (const auto& q : tracking::quality(p, units, records, calendar)) {
          out.emplace_back(q.record, q.location.line, q.kind,
                           q.message.in(core::parse_language(lang)));
        }
        return out;
      },
      py::arg("plan"), py::arg("units"), py::arg("records"), py::arg("calendar") = nullptr,
      py::arg("lang") = "vi");
}
