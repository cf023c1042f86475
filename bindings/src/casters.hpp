// Type casters between boost::gregorian::date and Python's datetime.date.
// A datetime.date converts directly; anything else (an ISO text, a
// numpy.datetime64, a pandas Timestamp or datetime at midnight) goes through
// project8._convert.to_day, the one rule for days at the Python edge: a value
// with a time of day or a time zone is refused there, never truncated.
#pragma once

#include <string>

#include <pybind11/pybind11.h>

#include <datetime.h>
#include <project8/core/date.hpp>
#include <project8/core/error.hpp>

namespace pybind11::detail {

template <>
struct type_caster<boost::gregorian::date> {
 public:
  PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

  bool load(handle src, bool convert) {
    if (!src) return false;
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (PyDate_Check(src.ptr()) && !PyDateTime_Check(src.ptr())) {
      value =
          project8::core::make_date(PyDateTime_GET_YEAR(src.ptr()), PyDateTime_GET_MONTH(src.ptr()),
                                    PyDateTime_GET_DAY(src.ptr()));
      return true;
    }
    if (!convert || src.is_none()) return false;
    // Only what could name a day goes to the rule (other types let another overload try).
    const auto type_name = std::string(Py_TYPE(src.ptr())->tp_name);
    if (!PyUnicode_Check(src.ptr()) && !PyDateTime_Check(src.ptr()) &&
        type_name != "numpy.datetime64")
      return false;
    const object day =
        module_::import("project8._convert").attr("to_day")(src, "date");  // raises when not a day
    if (day.is_none()) return false;
    value =
        project8::core::make_date(PyDateTime_GET_YEAR(day.ptr()), PyDateTime_GET_MONTH(day.ptr()),
                                  PyDateTime_GET_DAY(day.ptr()));
    return true;
  }

  static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (d.is_special()) throw project8::core::InvalidArgument("not a calendar day");
    const auto ymd = d.year_month_day();
    return PyDate_FromDate(static_cast<int>(ymd.year), static_cast<int>(ymd.month),
                           static_cast<int>(ymd.day));
  }
};

}  // namespace pybind11::detail
