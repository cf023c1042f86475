// Bindings of project8::core: Money, dates, periods, reporting periods, text keys.
#include <pybind11/native_enum.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "casters.hpp"
#include "columns.hpp"
#include <project8/core/date.hpp>
#include <project8/core/money.hpp>
#include <project8/core/reporting_period.hpp>
#include <project8/core/text.hpp>
#include <project8/data/cells.hpp>
#include <project8/data/table.hpp>

namespace py = pybind11;
using namespace project8::core;

namespace {

/// The six comparisons of a totally ordered value type.
template <class T>
py::class_<T>& def_ordering(py::class_<T>& c) {
  return c.def(py::self == py::self)
      .def(py::self != py::self)
      .def(py::self < py::self)
      .def(py::self <= py::self)
      .def(py::self > py::self)
      .def(py::self >= py::self);
}

}  // namespace

void register_core(py::module_& m) {
  py::class_<Money> money(m, "Money",
                          "An exact amount of Vietnamese đồng (int64, overflow-checked).\n\n"
                          "Money(1234567) or Money.vnd(1234567); floats are refused.");
  def_ordering(money)
      .def(py::init([](std::int64_t dong) { return Money::vnd(dong); }), py::arg("dong"),
           "Money from a whole number of đồng.")
      .def_static(
          "vnd", [](std::int64_t dong) { return Money::vnd(dong); }, py::arg("dong"),
          "Money from a whole number of đồng.")
      .def_static("parse", &Money::parse, py::arg("text"),
                  "Parses '1.234.567', '1234567' or '1,234,567 VND'; ParseError otherwise.")
      .def_property_readonly("in_vnd", &Money::in_vnd, "The number of đồng, as an int.")
      .def(
          "to_string", [](Money x) { return x.to_string(); }, "Vietnamese format: '1.234.567 đ'.")
      .def("to_plain_string", &Money::to_plain_string, "Plain digits: '1234567'.")
      .def("to_english_string", &Money::to_english_string, "English format: '1,234,567 VND'.")
      .def(py::self + py::self)
      .def(py::self - py::self)
      .def(-py::self)
      .def(py::self * std::int64_t{})
      .def(std::int64_t{} * py::self)
      .def("__int__", &Money::in_vnd)
      .def("__index__", &Money::in_vnd)
      .def("__hash__", [](Money x) { return py::hash(py::int_(x.in_vnd())); })
      .def("__str__", [](Money x) { return x.to_string(); })
      .def("__repr__", [](Money x) { return "Money(" + x.to_plain_string() + ")"; })
      .def(py::pickle([](Money x) { return py::make_tuple(x.in_vnd()); },
                      [](const py::tuple& t) { return Money::vnd(t[0].cast<std::int64_t>()); }));
  py::implicitly_convertible<py::int_, Money>();

  m.def("parse_date", &parse_date, py::arg("text"),
        "Parses exactly YYYY-MM-DD; ParseError (with column) otherwise, e.g. for 2025-02-30.");
  m.def("to_iso", &to_iso, py::arg("day"), "Formats a date as YYYY-MM-DD.");
  m.def("parse_bool_cell", &project8::data::parse_bool_cell, py::arg("text"),
        "The boolean a cell's text holds — true/false, 1/0, yes/no, có/không (any case), x for "
        "true — or None: the one rule of every reader and of the Python edge.");
  m.def(
      "parse_day_cell",
      [](std::string_view text) -> std::optional<Date> {
        const auto days = project8::data::parse_day_cell(text);
        if (!days) return std::nullopt;
        return make_date(1970, 1, 1) + boost::gregorian::days(*days);
      },
      py::arg("text"),
      "The day a cell's text holds — YYYY-MM-DD, or day first DD/MM/YYYY, D/M/YYYY, DD-MM-YYYY "
      "(never month first) — or None.");
  m.def("to_vietnamese", &to_vietnamese, py::arg("day"), "Formats a date as dd/mm/yyyy.");
  m.def("add_months_clamped", &add_months_clamped, py::arg("day"), py::arg("months"),
        "Same day n months later, clamped to the month's end: 2024-01-31 + 1 -> 2024-02-29.");
  m.def("days_between", &days_between, py::arg("a"), py::arg("b"), "Days from a to b.");
  m.def("age_in_years", &age_in_years, py::arg("birth"), py::arg("on"),
        "Completed years of age on a date.");

  py::class_<Period>(m, "Period", "A non-empty range of days, both ends included.")
      .def(py::init(&Period::inclusive), py::arg("first"), py::arg("last"),
           "The days from first to last inclusive; InvalidArgument if last < first.")
      .def_static("day", &Period::day, py::arg("day"), "The single day.")
      .def_static("year", &Period::year, py::arg("year"), "A calendar year.")
      .def_property_readonly("first", &Period::first, "First day.")
      .def_property_readonly("last", &Period::last, "Last day (included).")
      .def_property_readonly("length_days", &Period::length_days, "Number of days, ends included.")
      .def("contains", py::overload_cast<Date>(&Period::contains, py::const_), py::arg("day"),
           "True when the day lies in the period.")
      .def("contains", py::overload_cast<const Period&>(&Period::contains, py::const_),
           py::arg("other"), "True when the other period lies wholly inside.")
      .def("__contains__", py::overload_cast<Date>(&Period::contains, py::const_))
      .def("overlaps", &Period::overlaps, py::arg("other"), "True when the periods share a day.")
      .def("intersection", &Period::intersection, py::arg("other"), "The shared days, or None.")
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def(py::self < py::self)
      .def("__hash__", [](const Period& p) { return py::hash(py::str(p.to_string())); })
      .def("__str__", &Period::to_string)
      .def("__repr__",
           [](const Period& p) {
             return "Period(" + to_iso(p.first()) + ", " + to_iso(p.last()) + ")";
           })
      .def(py::pickle([](const Period& p) { return py::make_tuple(p.first(), p.last()); },
                      [](const py::tuple& t) {
                        return Period::inclusive(t[0].cast<Date>(), t[1].cast<Date>());
                      }));

  py::native_enum<PeriodKind>(m, "PeriodKind", "enum.Enum", "The length of a reporting period.")
      .value("month", PeriodKind::month)
      .value("quarter", PeriodKind::quarter)
      .value("half_year", PeriodKind::half_year)
      .value("year", PeriodKind::year)
      .finalize();

  py::class_<ReportingPeriod> reporting_period(
      m, "ReportingPeriod",
      "A month, quarter, half-year or year, labelled 2025-07, 2025-Q3, "
      "2025-H1 or 2025.");
  def_ordering(reporting_period)
      .def(py::init(&ReportingPeriod::parse), py::arg("label"), "Parses a label.")
      .def_static("parse", &ReportingPeriod::parse, py::arg("label"), "Parses a label.")
      .def_static("containing", &ReportingPeriod::containing, py::arg("kind"), py::arg("day"),
                  "The period of a kind that contains a day.")
      .def_static("of", &ReportingPeriod::of, py::arg("kind"), py::arg("year"),
                  py::arg("index") = 1, "The index-th period of a kind in a year.")
      .def_property_readonly("kind", &ReportingPeriod::kind,
                             "Its kind (month, quarter, half-year, year).")
      .def_property_readonly("year", &ReportingPeriod::year, "Its calendar year.")
      .def_property_readonly(
          "index", &ReportingPeriod::index,
          "Its number within the year (month 1–12, quarter 1–4, half 1–2, year 1).")
      .def_property_readonly("label", &ReportingPeriod::label,
                             "Its label: 2025, 2025-H1, 2025-Q3 or 2025-07.")
      .def_property_readonly("first", &ReportingPeriod::first, "First day.")
      .def_property_readonly("last", &ReportingPeriod::last, "Last day (included).")
      .def_property_readonly("period", &ReportingPeriod::period, "Its days as a Period.")
      .def_property_readonly("length_days", &ReportingPeriod::length_days, "Its number of days.")
      .def("next", &ReportingPeriod::next, "The following period of the same kind.")
      .def("previous", &ReportingPeriod::previous, "The preceding period of the same kind.")
      .def("contains", &ReportingPeriod::contains, py::arg("day"), "True when ``day`` falls in it.")
      .def("__contains__", &ReportingPeriod::contains)
      .def("__hash__", [](const ReportingPeriod& p) { return py::hash(py::str(p.label())); })
      .def("__str__", &ReportingPeriod::label)
      .def("__repr__",
           [](const ReportingPeriod& p) { return "ReportingPeriod('" + p.label() + "')"; })
      .def(py::pickle(
          [](const ReportingPeriod& p) { return py::make_tuple(p.label()); },
          [](const py::tuple& t) { return ReportingPeriod::parse(t[0].cast<std::string>()); }));

  m.def(
      "is_valid_utf8", [](const py::bytes& b) { return is_valid_utf8(std::string(b)); },
      py::arg("data"), "True when the bytes are well-formed UTF-8.");
  m.def("nfc", &nfc, py::arg("text"), "The text in Unicode NFC.");
  m.def("set_buffer_cache_limit", &project8::data::set_buffer_cache_limit, py::arg("bytes"),
        "Limits the memory kept of freed large result and column buffers for reuse (default 1 GiB; "
        "0 turns the "
        "cache off and frees what it holds). Returns the previous limit.");
  m.def("buffer_cache_size", &project8::data::buffer_cache_size,
        "Bytes of freed large buffers held for reuse now.");
  py::class_<project8::data::ArrowTable>(
      m, "ArrowTable",
      "A table handed over through the Arrow C Data Interface (the PyCapsule of "
      "``__arrow_c_stream__()``): its columns are read by the library without copying their "
      "values where the layouts agree (docs/python.md).")
      .def_static("from_stream", &project8::bindings::arrow_table_from_capsule, py::arg("capsule"),
                  "Takes over the stream in ``capsule`` (a PyCapsule named ``arrow_array_stream``) "
                  "and reads every batch.")
      .def_property_readonly("rows", &project8::data::ArrowTable::rows, "Number of rows.")
      .def("__len__", &project8::data::ArrowTable::rows)
      .def_property_readonly("names", &project8::data::ArrowTable::names,
                             "The columns' names, in order (NFC).")
      .def("has_column", &project8::data::ArrowTable::has_column, py::arg("name"),
           "True when it has a column ``name`` (compared in NFC).")
      .def("format", &project8::data::ArrowTable::format, py::arg("name"),
           "The Arrow format string of column ``name`` (e.g. ``l`` for int64, ``u`` for utf8).");
  m.def(
      "arrow_stream",
      [](const py::list& columns) {
        return project8::bindings::arrow_capsule(project8::bindings::table_from_columns(columns));
      },
      py::arg("columns"),
      "A PyCapsule ``arrow_array_stream`` of ``columns`` — (name, type, values, valid or None, "
      "categories) tuples, as the library's tables come to Python — that keeps them alive: "
      "integers and texts are not copied, enumerations leave as dictionaries.");
  m.def("name_key", &name_key, py::arg("text"),
        "Key for equal names: NFC, case-folded, spaces collapsed; diacritics kept.");
  m.def("match_key", &match_key, py::arg("text"),
        "Lenient key: diacritics dropped and đ -> d, so 'Tam Duong' matches 'Tam Đường'.");
}
